/* pages.c - the media library's addresses: the files themselves under
 * /media/, and the newsroom's library under /quan-tri/thu-vien/.
 *
 *   GET  /media/<name>                 a file (a picture's largest size)
 *   GET  /media/<width>/<name>         a smaller size of a picture
 *   GET  /quan-tri/thu-vien/           the grid, 40 a page: ?q= ?loai=anh|tai-lieu ?trang=
 *   POST /quan-tri/thu-vien/tai-len    an upload (multipart: tep, alt, chu_thich, csrf);
 *                                      with Accept: application/json, {"tep": {...}} or {"loi": "..."}
 *   GET  /quan-tri/thu-vien/chon       the editor's picker: JSON, ?q= ?trang= ?loai=
 *   GET  /quan-tri/thu-vien/<id>       one file: alt text, caption, where it is used
 *   POST /quan-tri/thu-vien/<id>       viec=luu (alt text, caption) or viec=xoa (delete)
 *
 * Everybody in the newsroom may upload and edit alt texts and captions; a
 * file is deleted by the editor-in-chief, an administrator, or the person
 * who uploaded it, and never while it is in use. Every upload, edit and
 * delete goes to the audit log. The slow part of an upload (libmagic,
 * libvips, the write) runs on a worker thread.
 *
 * The database holds the files; the server sends each from a copy on disk
 * (web_file_path: the folder "<database>-media" beside the database, laid
 * out as the addresses are), written at its first request and checked at
 * each against its row (length, and creation time as modification time),
 * so that a slow reader holds no copy of a 20 MB file in memory and a
 * download can resume (ranges). A name never changes its bytes. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "media/files.h"
#include "media/library.h"
#include "media/media.h"
#include "media/process.h"
#include "media/sniff.h"
#include "media/view.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"
#include "view/layout.h"

#define UPLOAD_BODY (21u * 1024 * 1024) /* the largest file (20 MB) and the form around it */
#define YEAR (365 * 86400)
/* the 413 page of an upload over UPLOAD_BODY: what the form says it takes */
#define UPLOAD_TOO_LARGE                                                                                             \
    "Tệp gửi lên quá lớn. Thư viện nhận ảnh JPEG, PNG, WebP đến 15 MB, ảnh GIF đến 8 MB, tài liệu PDF đến 20 MB, "   \
    "DOC, DOCX, XLS, XLSX, ODT, ODS đến 10 MB. Chưa lưu gì; hãy chọn tệp nhỏ hơn (ảnh chụp có thể giảm cỡ trước "    \
    "khi tải lên)."

/* --- the files ----------------------------------------------------------------------------------- */

static const struct media_type *served_type(struct str mime)
{
    for (size_t i = 0; media_types[i]; i++)
        if (str_eq_lit(mime, media_types[i]->mime))
            return media_types[i];
    return NULL;
}

/* A document opens in the browser (PDF) or downloads under its name. */
static struct str disposition_of(struct web_req *r, const struct media_type *t, struct str name)
{
    if (t->image)
        return STR_NULL;
    return arena_printf(r->arena, "%s; filename=\"%.*s\"",
                        strcmp(t->mime, "application/pdf") == 0 ? "inline" : "attachment", (int)name.n, name.p);
}

static int serve(struct web_req *r, struct str name, int width)
{
    if (!media_name_ok(name))
        return web_error(r, 404);
    struct str path = web_file_path(r);
    if (path.n) {
        struct media_bytes meta;
        int found = media_size_get(r->db, r->arena, name, width, &meta);
        if (found <= 0)
            return found < 0 ? -1 : web_error(r, 404);
        const struct media_type *t = served_type(meta.mime);
        if (!t)
            return web_error(r, 404);
        int ready = media_file_spill(r, path, name, width, &meta);
        if (ready == 0)
            return web_error(r, 404);
        if (ready == -1)
            return -1;
        if (ready == 1) {
            r->file_ready = true;
            r->max_age = YEAR;
            r->last_modified = meta.created_at;
            r->disposition = disposition_of(r, t, name);
            return 0;
        }
    }
    struct media_bytes f;
    int found = media_bytes_get(r->db, name, width, &f);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    /* Only the library's own types, never as HTML; a name never changes
     * its bytes, so browsers may keep it for a year. */
    const struct media_type *t = served_type(f.mime);
    if (t) {
        buf_append(r->body, f.bytes, f.n);
        r->content_type = t->mime;
        r->last_modified = f.created_at;
        r->max_age = YEAR;
        web_tag(r, "media:%lld", (long long)f.id);
        r->disposition = disposition_of(r, t, name);
    }
    media_bytes_done(r->db, width);
    return t ? 0 : web_error(r, 404);
}

static int file_page(struct web_req *r) { return serve(r, r->captures[0], 0); }

static int variant_page(struct web_req *r)
{
    unsigned long long w;
    if (!str_to_u64(r->captures[0], &w) || w < 1 || w > MEDIA_MAX_WIDTH || r->captures[0].p[0] == '0')
        return web_error(r, 404);
    return serve(r, r->captures[1], (int)w);
}

/* --- helpers --------------------------------------------------------------------------------------- */

static struct str size_text(struct arena *a, int64_t bytes)
{
    if (bytes < 1024)
        return arena_printf(a, "%lld byte", (long long)bytes);
    if (bytes < 1024 * 1024)
        return arena_printf(a, "%lld KB", (long long)((bytes + 1023) / 1024));
    /* one decimal, written the Vietnamese way: "3,9 MB" */
    long long tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    return arena_printf(a, "%lld,%lld MB", tenths / 10, tenths % 10);
}

static void card_of(struct web_req *r, const struct media_row *m, struct media_card *c)
{
    memset(c, 0, sizeof *c);
    c->id = m->id;
    c->name = m->name;
    c->url = media_url(r->arena, m->name);
    c->alt = m->alt;
    c->caption = m->caption;
    c->image = str_eq_lit(m->kind, "image");
    const struct media_type *t = served_type(m->mime);
    c->type_label = str_cstr(t ? t->label : "Tệp");
    c->size_text = size_text(r->arena, m->size);
    c->edit_url = arena_printf(r->arena, "/quan-tri/thu-vien/%lld", (long long)m->id);
    c->when = view_datetime(r->arena, m->created_at);
    c->width = m->width;
    c->height = m->height;
    /* The grid shows the smallest size kept. */
    c->thumb = c->url;
    if (m->smallest_width > 0 && m->width > 0) {
        c->thumb = arena_printf(r->arena, "/media/%d/%.*s", m->smallest_width, (int)m->name.n, m->name.p);
        c->height = (int)((long long)m->height * m->smallest_width / m->width);
        c->width = m->smallest_width;
    }
}

static void json_file(struct buf *b, const struct media_image *m)
{
    buf_printf(b, "{\"id\":%lld,\"ten\":", (long long)m->id);
    tpl_escape_json_string(b, m->name);
    buf_puts(b, ",\"loai\":");
    tpl_escape_json_string(b, m->mime);
    buf_puts(b, ",\"dia_chi\":");
    tpl_escape_json_string(b, m->url);
    buf_printf(b, ",\"rong\":%d,\"cao\":%d,\"alt\":", m->width, m->height);
    tpl_escape_json_string(b, m->alt);
    buf_puts(b, ",\"chu_thich\":");
    tpl_escape_json_string(b, m->caption);
    buf_puts(b, ",\"srcset\":");
    tpl_escape_json_string(b, m->srcset);
    buf_putc(b, '}');
}

static bool wants_json(const struct web_req *r)
{
    struct str accept = web_header(r, "accept");
    for (size_t i = 0; i + 16 <= accept.n; i++)
        if (strncasecmp(accept.p + i, "application/json", 16) == 0)
            return true;
    return false;
}

static int json_error(struct web_req *r, int status, const char *message)
{
    r->status = status;
    r->no_store = true;
    r->content_type = "application/json; charset=utf-8";
    buf_puts(r->body, "{\"loi\":");
    tpl_escape_json_string(r->body, str_cstr(message));
    buf_puts(r->body, "}\n");
    return 0;
}

/* The kind filter: "anh" images, "tai-lieu" documents, "" all; false if
 * the value is none of these. */
static bool kind_param(struct str v, struct str *kind)
{
    if (!v.n)
        *kind = STR("");
    else if (str_eq_lit(v, "anh"))
        *kind = STR("image");
    else if (str_eq_lit(v, "tai-lieu"))
        *kind = STR("document");
    else
        return false;
    return true;
}

static bool page_param(struct str v, int *page)
{
    unsigned long long num = 1;
    if (v.n && (!str_to_u64(v, &num) || num < 1 || num > 100000))
        return false;
    *page = (int)num;
    return true;
}

/* --- the grid -------------------------------------------------------------------------------------- */

static int render_list(struct web_req *r, const struct people_session *s, const char *error, struct str alt,
                       struct str caption)
{
    struct media_list_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Thư viện tệp", ADMIN_MEDIA);
    v.f.error = str_cstr(error);
    struct str notice = web_param(r, "thong-bao");
    if (!error && str_eq_lit(notice, "da-tai-len"))
        v.f.notice = STR("Đã tải lên tệp.");
    else if (!error && str_eq_lit(notice, "da-co"))
        v.f.notice = STR("Tệp này đã có trong thư viện (cùng nội dung): dùng lại tệp đã có, không lưu thêm bản nữa.");
    else if (!error && str_eq_lit(notice, "da-xoa"))
        v.f.notice = STR("Đã xóa tệp.");
    v.alt = alt;
    v.caption = caption;
    v.q = web_param(r, "q");
    struct str kind_value = web_param(r, "loai"), kind;
    if (v.q.n > MEDIA_SEARCH_MAX || !kind_param(kind_value, &kind) || !page_param(web_param(r, "trang"), &v.page))
        return web_error(r, 400);
    static const char *const kinds[][2] = {{"", "Mọi loại"}, {"anh", "Ảnh"}, {"tai-lieu", "Tài liệu"}};
    for (int i = 0; i < 3; i++)
        v.kinds[v.n_kinds++] = (struct media_choice){str_cstr(kinds[i][0]), str_cstr(kinds[i][1]),
                                                     str_eq(kind_value, str_cstr(kinds[i][0]))};
    struct buf accept = {0};
    for (size_t i = 0; media_types[i]; i++)
        buf_printf(&accept, "%s.%s,%s", i ? "," : "", media_types[i]->ext, media_types[i]->mime);
    v.accept = arena_strdup(r->arena, accept.p, accept.n);
    buf_free(&accept);

    struct media_row *rows;
    size_t n;
    bool more;
    if (media_list(r->db, r->arena, v.q, kind, (v.page - 1) * MEDIA_PER_PAGE, MEDIA_PER_PAGE, &rows, &n, &more) != 0)
        return -1;
    v.cards = ARENA_ARRAY(r->arena, struct media_card, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        card_of(r, &rows[i], &v.cards[v.n_cards++]);
    struct buf base = {0};
    buf_puts(&base, "/quan-tri/thu-vien/?");
    if (v.q.n) {
        buf_puts(&base, "q=");
        tpl_escape_url_part(&base, v.q);
        buf_putc(&base, '&');
    }
    if (kind_value.n)
        buf_printf(&base, "loai=%.*s&", (int)kind_value.n, kind_value.p);
    if (v.page > 1)
        v.prev_url = arena_printf(r->arena, "%.*strang=%d", (int)base.n, base.p, v.page - 1);
    if (more)
        v.next_url = arena_printf(r->arena, "%.*strang=%d", (int)base.n, base.p, v.page + 1);
    buf_free(&base);
    tpl_media_library(portal_out(r), &v);
    return 0;
}

static int list_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, -1, &answered);
    if (!s)
        return answered;
    return render_list(r, s, NULL, STR(""), STR(""));
}

/* The editor's picker. */
static int choose_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, -1, &answered);
    if (!s)
        return answered;
    struct str q = web_param(r, "q"), kind;
    int page;
    if (q.n > MEDIA_SEARCH_MAX || !kind_param(web_param(r, "loai"), &kind) || !page_param(web_param(r, "trang"), &page))
        return json_error(r, 400, "Tham số tìm kiếm không hợp lệ.");
    struct media_row *rows;
    size_t n;
    bool more;
    if (media_list(r->db, r->arena, q, kind, (page - 1) * MEDIA_PER_PAGE, MEDIA_PER_PAGE, &rows, &n, &more) != 0)
        return -1;
    r->no_store = true;
    r->content_type = "application/json; charset=utf-8";
    buf_puts(r->body, "{\"tep\":[");
    for (size_t i = 0; i < n; i++) {
        struct media_image m;
        if (media_image_get(r->db, r->arena, rows[i].id, &m) < 0)
            return -1;
        if (i)
            buf_putc(r->body, ',');
        json_file(r->body, &m);
    }
    buf_printf(r->body, "],\"con_nua\":%s,\"toi_da_ky_tu\":%d}\n", more ? "true" : "false", MEDIA_TEXT_MAX);
    return 0;
}

/* --- uploads: on a worker -------------------------------------------------------------------------- */

enum media_op { OP_UPLOAD, OP_EDIT, OP_DELETE };

struct media_job {
    struct web_job job;
    enum media_op op;
    int64_t now, user_id;
    char login[72], address[48];
    bool json;
    int64_t id; /* the file edited or deleted; the upload's result */
    char original[256];
    char alt[4 * MEDIA_TEXT_MAX + 1], caption[4 * MEDIA_TEXT_MAX + 1]; /* MEDIA_TEXT_MAX characters */
    unsigned char *bytes; /* the upload (malloc) */
    size_t n;
    /* results */
    int rc;
    int status; /* of a refusal */
    const char *problem;
    bool existed; /* the same bytes were there already */
};

static void job_release(struct web_job *job)
{
    struct media_job *j = (struct media_job *)job;
    free(j->bytes);
    free(j);
}

static int audit(struct store_conn *db, const struct media_job *j, const char *action, struct str detail)
{
    char object[32];
    snprintf(object, sizeof object, "tệp %lld", (long long)j->id);
    return people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), action, str_cstr(object),
                        detail);
}

/* 400 empty, 415 a type not taken, 413 too large, 422 a picture that
 * cannot be read or has too many pixels. */
static int refusal_status(const struct media_processed *p, size_t n)
{
    if (n == 0)
        return 400;
    if (!p->type)
        return 415;
    return n > p->type->max_bytes ? 413 : 422;
}

static void upload_work(struct web_job *job, struct store_conn *db)
{
    struct media_job *j = (struct media_job *)job;
    j->rc = -1;
    unsigned char hash[32];
    crypto_hash_sha256(hash, j->bytes, j->n);
    int64_t existing = 0;
    int found = j->n ? media_find_hash(db, hash, &existing) : 0;
    if (found < 0)
        return;
    if (found) {
        /* The same bytes: the entry already there, and a note. */
        j->existed = true;
        j->id = existing;
        if (store_write_begin(db) != 0)
            return;
        int rc = media_fill_text(db, existing, str_cstr(j->alt), str_cstr(j->caption));
        if (rc == 0)
            rc = audit(db, j, "media_upload", STR("đã có trong thư viện, dùng lại"));
        j->rc = store_write_finish(db, rc);
        return;
    }
    struct media_processed p;
    int rc = media_process(j->bytes, j->n, &p, &j->problem);
    if (rc != 0) {
        j->rc = rc;
        if (rc == MEDIA_INVALID)
            j->status = refusal_status(&p, j->n);
        return;
    }
    struct arena a;
    arena_init(&a, 1024);
    struct str original = str_cstr(j->original);
    struct media_new in = {
        .names = {media_file_name(&a, original, p.type->ext, p.sha256, 4),
                  media_file_name(&a, original, p.type->ext, p.sha256, 16)},
        .original_name = original,
        .mime = str_cstr(p.type->mime),
        .kind = str_cstr(p.type->image ? "image" : "document"),
        .alt = str_cstr(j->alt),
        .caption = str_cstr(j->caption),
        .width = p.width,
        .height = p.height,
        .sha256 = p.sha256,
        .uploader_id = j->user_id,
        .created_at = j->now,
        .bytes = p.bytes,
        .n = p.n,
        .variants = p.variants,
        .n_variants = p.n_variants,
    };
    if (store_write_begin(db) == 0) {
        /* The same bytes may have come from someone else meanwhile: looked
         * for again inside the write, which no other writer can enter. */
        found = media_find_hash(db, p.sha256, &existing);
        if (found > 0) {
            j->existed = true;
            j->id = existing;
            rc = media_fill_text(db, existing, str_cstr(j->alt), str_cstr(j->caption));
            if (rc == 0)
                rc = audit(db, j, "media_upload", STR("đã có trong thư viện, dùng lại"));
        } else {
            rc = found < 0 ? -1 : media_insert(db, &in, &j->id);
            if (rc == 0)
                rc = audit(db, j, "media_upload", in.names[0]);
        }
        j->rc = store_write_finish(db, rc);
    }
    media_processed_free(&p);
    arena_free(&a);
}

static int upload_finish(struct web_req *r, struct web_job *job)
{
    struct media_job *j = (struct media_job *)job;
    r->no_store = true;
    if (j->rc == MEDIA_INVALID) {
        if (j->json)
            return json_error(r, j->status, j->problem);
        const struct people_session *s = people_viewer(r);
        if (!s)
            return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
        r->status = j->status;
        return render_list(r, s, j->problem, str_cstr(j->alt), str_cstr(j->caption));
    }
    if (j->rc != 0)
        return -1;
    if (!j->json)
        return web_redirect(r, 303, str_cstr(j->existed ? "/quan-tri/thu-vien/?thong-bao=da-co"
                                                        : "/quan-tri/thu-vien/?thong-bao=da-tai-len"));
    struct media_image m;
    int found = media_image_get(r->db, r->arena, j->id, &m);
    if (found <= 0)
        return found < 0 ? -1 : json_error(r, 409, "Tệp vừa bị xóa.");
    r->status = j->existed ? 200 : 201;
    r->content_type = "application/json; charset=utf-8";
    buf_puts(r->body, "{\"tep\":");
    json_file(r->body, &m);
    if (j->existed) {
        /* the file's own description is kept when it had one: say so when
         * the upload brought another */
        bool kept = (j->alt[0] && !str_eq(m.alt, str_cstr(j->alt))) ||
                    (j->caption[0] && !str_eq(m.caption, str_cstr(j->caption)));
        buf_puts(r->body, kept ? ",\"ghi_chu\":\"Tệp này đã có trong thư viện (cùng nội dung): dùng lại tệp đã có, "
                                 "với mô tả và chú thích đã có của nó (sửa ở trang của tệp).\""
                               : ",\"ghi_chu\":\"Tệp này đã có trong thư viện (cùng nội dung): dùng lại tệp đã có.\"");
    }
    buf_puts(r->body, "}\n");
    return 0;
}

static struct media_job *job_new(struct web_req *r, const struct people_session *s, enum media_op op)
{
    struct media_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->op = op;
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    j->job.release = job_release;
    return j;
}

/* A text field of at most MEDIA_TEXT_MAX characters (as the form's
 * maxlength counts them), put on one line. */
static bool text_field(struct web_req *r, const char *name, char *out)
{
    struct str v = http_form_value(&r->form, name);
    if (v.n > 4 * MEDIA_TEXT_MAX || utf8_count(v) > MEDIA_TEXT_MAX)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < v.n; i++)
        out[k++] = v.p[i] == '\n' || v.p[i] == '\t' ? ' ' : v.p[i];
    out[k] = 0;
    return true;
}

/* The sentence for a text_field() refused, naming the limit. */
static const char *text_problem(struct web_req *r)
{
    return arena_printf(r->arena, "Mô tả ảnh và chú thích viết trên một dòng, dài tối đa %d ký tự.", MEDIA_TEXT_MAX)
        .p;
}

static int upload_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, -1, &answered);
    if (!s)
        return answered;
    bool json = wants_json(r);
    const struct http_form_file *file = NULL;
    for (size_t i = 0; i < r->form.n_files && !file; i++)
        if (str_eq_lit(r->form.files[i].field, "tep"))
            file = &r->form.files[i];
    struct media_job *j = job_new(r, s, OP_UPLOAD);
    if (!j)
        return -1;
    j->json = json;
    const char *problem = NULL;
    if (!file)
        problem = "Hãy chọn một tệp để tải lên.";
    else if (!text_field(r, "alt", j->alt) || !text_field(r, "chu_thich", j->caption))
        problem = text_problem(r);
    if (problem) {
        int status = 400;
        free(j);
        if (json)
            return json_error(r, status, problem);
        r->status = status;
        return render_list(r, s, problem, http_form_value(&r->form, "alt"), http_form_value(&r->form, "chu_thich"));
    }
    snprintf(j->original, sizeof j->original, "%.*s", (int)file->filename.n, file->filename.p);
    j->n = file->data.n;
    j->bytes = malloc(j->n ? j->n : 1);
    if (!j->bytes) {
        free(j);
        return -1;
    }
    memcpy(j->bytes, file->data.p, j->n);
    j->job.work = upload_work;
    j->job.finish = upload_finish;
    return web_defer(r, &j->job);
}

/* --- one file ------------------------------------------------------------------------------------------ */

/* Who may change a file's texts or delete it: its uploader, and those who
 * publish (what is changed shows at once in every published article that
 * uses the file). */
static bool may_change(const struct people_session *s, const struct media_row *m)
{
    return people_role_may(s->user.role, RIGHT_PUBLISH) || (m->uploader_id && m->uploader_id == s->user.id);
}

static int64_t capture_id(const struct web_req *r)
{
    unsigned long long id;
    if (!str_to_u64(r->captures[0], &id) || id < 1 || id > INT64_MAX || r->captures[0].p[0] == '0')
        return 0;
    return (int64_t)id;
}

/* The modules that record uses of files, registered before serving. */
struct media_owner {
    const char *kind, *name;
    media_owner_link_fn *link;
};
static struct media_owner owners[8];
static size_t n_owners;

void media_owner_register(const char *kind, const char *name, media_owner_link_fn *link)
{
    if (n_owners >= sizeof owners / sizeof owners[0]) {
        fprintf(stderr, "dinh: more than %zu kinds of owners of files\n", sizeof owners / sizeof owners[0]);
        abort(); /* a fixed table never drops silently */
    }
    owners[n_owners++] = (struct media_owner){kind, name, link};
}

static const struct media_owner *owner_of(struct str kind)
{
    for (size_t i = 0; i < n_owners; i++)
        if (str_eq(kind, str_cstr(owners[i].kind)))
            return &owners[i];
    return NULL;
}

static int render_file(struct web_req *r, const struct people_session *s, const struct media_row *m,
                       const char *error)
{
    struct media_edit_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Tệp trong thư viện", ADMIN_MEDIA);
    v.f.error = str_cstr(error);
    if (!error && str_eq_lit(web_param(r, "thong-bao"), "da-luu"))
        v.f.notice = STR("Đã lưu mô tả và chú thích.");
    card_of(r, m, &v.c);
    v.c.width = m->width;
    v.c.height = m->height;
    v.original_name = m->original_name.n ? m->original_name : m->name;
    v.action_url = v.c.edit_url;
    v.uploader = STR("(không rõ)");
    if (m->uploader_id) {
        struct people_user u;
        int got = people_user_by_id(r->db, r->arena, m->uploader_id, &u);
        if (got < 0)
            return -1;
        if (got)
            v.uploader = u.name.n ? u.name : u.login;
    }
    struct media_use_row *uses;
    size_t n;
    if (media_uses(r->db, r->arena, m->id, &uses, &n) != 0)
        return -1;
    v.uses = ARENA_ARRAY(r->arena, struct media_use_link, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const struct media_owner *o = owner_of(uses[i].owner_kind);
        struct str label = STR(""), url = STR("");
        if (o && o->link(r, s, uses[i].owner_id, &label, &url) != 0)
            return -1;
        if (!label.n)
            label = arena_printf(r->arena, "%s số %lld", o ? o->name : "Mục", (long long)uses[i].owner_id);
        v.uses[v.n_uses++] = (struct media_use_link){label, url};
    }
    v.may_change = may_change(s, m);
    tpl_media_file(portal_out(r), &v);
    return 0;
}

static int file_admin_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, -1, &answered);
    if (!s)
        return answered;
    int64_t id = capture_id(r);
    struct media_row m;
    int found = id ? media_row_get(r->db, r->arena, id, &m) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    return render_file(r, s, &m, NULL);
}

static void change_work(struct web_job *job, struct store_conn *db)
{
    struct media_job *j = (struct media_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    int rc;
    if (j->op == OP_EDIT) {
        rc = media_update_text(db, j->id, str_cstr(j->alt), str_cstr(j->caption));
        if (rc == 0) {
            struct buf detail = {0};
            buf_printf(&detail, "mô tả: %s; chú thích: %s", j->alt, j->caption);
            rc = audit(db, j, "media_edit", buf_str(&detail));
            buf_free(&detail);
        }
        j->rc = store_write_finish(db, rc);
        return;
    }
    struct arena a;
    arena_init(&a, 512);
    struct media_row row;
    rc = media_row_get(db, &a, j->id, &row);
    if (rc > 0)
        rc = media_delete(db, j->id, &j->problem);
    else if (rc == 0)
        rc = MEDIA_INVALID; /* deleted meanwhile: the answer is its 404 */
    if (rc == 0)
        rc = audit(db, j, "media_delete", str_cstr(j->original));
    j->rc = store_write_finish(db, rc);
    if (j->rc == 0) /* the copies the server sent it from, once the row is gone for good */
        media_files_forget(row.name);
    arena_free(&a);
}

static int change_finish(struct web_req *r, struct web_job *job)
{
    struct media_job *j = (struct media_job *)job;
    r->no_store = true;
    if (j->rc == 0)
        return web_redirect(r, 303, j->op == OP_EDIT ? arena_printf(r->arena, "/quan-tri/thu-vien/%lld?thong-bao=da-luu",
                                                                   (long long)j->id)
                                                     : STR("/quan-tri/thu-vien/?thong-bao=da-xoa"));
    if (j->rc != MEDIA_INVALID)
        return -1;
    /* In use (it became so since the page was shown): the page again,
     * saying where. */
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct media_row m;
    int found = media_row_get(r->db, r->arena, j->id, &m);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    r->status = 409;
    return render_file(r, s, &m, j->problem);
}

static int file_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, -1, &answered);
    if (!s)
        return answered;
    int64_t id = capture_id(r);
    struct media_row m;
    int found = id ? media_row_get(r->db, r->arena, id, &m) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct str verb = http_form_value(&r->form, "viec");
    bool deleting = str_eq_lit(verb, "xoa");
    if (!deleting && !str_eq_lit(verb, "luu"))
        return web_error(r, 400);
    if (!may_change(s, &m)) {
        r->no_store = true;
        return web_error(r, 403);
    }
    struct media_job *j = job_new(r, s, deleting ? OP_DELETE : OP_EDIT);
    if (!j)
        return -1;
    j->id = id;
    snprintf(j->original, sizeof j->original, "%.*s", (int)m.name.n, m.name.p);
    if (!deleting && (!text_field(r, "alt", j->alt) || !text_field(r, "chu_thich", j->caption))) {
        free(j);
        r->status = 400;
        return render_file(r, s, &m, text_problem(r));
    }
    j->job.work = change_work;
    j->job.finish = change_finish;
    return web_defer(r, &j->job);
}

void media_register(void)
{
    static const char *const list_params[] = {"q", "loai", "trang", "thong-bao", NULL};
    static const char *const file_params[] = {"thong-bao", NULL};
    struct http_form_limits upload_form = {.max_fields = 8, .max_files = 1, .max_value = 4 * MEDIA_TEXT_MAX,
                                           .max_name = 255, .max_part_head = 4096};
    struct http_form_limits text_form = {.max_fields = 8, .max_value = 4 * MEDIA_TEXT_MAX, .max_name = 64,
                                         .max_part_head = 4096};
    router_add((struct route){.pattern = "/media/*", .get = file_page, .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/media/*/*", .get = variant_page, .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/quan-tri/thu-vien/", .get = list_page, .known_params = list_params});
    router_add((struct route){.pattern = "/quan-tri/thu-vien/tai-len", .post = upload_post, .flags = ROUTE_FORM,
                              .max_body = UPLOAD_BODY, .too_large = UPLOAD_TOO_LARGE, .form = upload_form});
    router_add((struct route){.pattern = "/quan-tri/thu-vien/chon", .get = choose_page, .known_params = list_params});
    router_add((struct route){.pattern = "/quan-tri/thu-vien/*", .get = file_admin_page, .post = file_post,
                              .known_params = file_params, .flags = ROUTE_FORM, .form = text_form});
}
