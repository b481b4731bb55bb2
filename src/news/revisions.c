/* revisions.c - an article's saved versions in the newsroom: the list
 * (/quan-tri/bai-viet/ID/ban-luu: each version with the time it was saved
 * and who saved it), what changed between any two of them
 * word by word (.../ban-luu/so-sanh?tu=A&den=B, B empty for the article as
 * it is now), and restoring one (.../ban-luu/khoi-phuc), which is itself a
 * save: it keeps a revision, so a restore can be undone the same way.
 *
 * Who may: whoever may see the article reads its versions; whoever may
 * edit it restores (the desk's rules, news_desk_may_edit). */
#include "news/revisions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "news/desk.h"
#include "news/news.h"
#include "news/revisions_view.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/diff.h"
#include "text/htmltext.h"
#include "view/layout.h"

#define PER_PAGE 50
/* Steps the word diff may take per text (about 4 bytes each): a few
 * milliseconds at most, on the event loop. */
#define DIFF_BUDGET (1u << 20)

/* --- reads (the news module's own table) --------------------------------------------------------- */

static const char SQL_LIST[] =
    "SELECT id, saved_at, saved_by, title, length(body) FROM article_revision "
    "WHERE article_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3";
static const char SQL_SAVED_BY[] = "SELECT updated_by FROM article WHERE id = ?1";
static const char SQL_GET[] =
    "SELECT id, saved_at, saved_by, title, summary, body, body_format FROM article_revision "
    "WHERE id = ?1 AND article_id = ?2";

int news_revision_list(struct store_conn *db, struct arena *a, int64_t article_id, int64_t before, int limit,
                       struct news_revision **out, size_t *n)
{
    *n = 0;
    *out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
    sqlite3_stmt *st = store_stmt(db, SQL_LIST);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, before > 0 ? before : INT64_MAX);
    sqlite3_bind_int(st, 3, limit);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct news_revision *v = &(*out)[(*n)++];
        memset(v, 0, sizeof *v);
        v->id = sqlite3_column_int64(st, 0);
        v->saved_at = sqlite3_column_int64(st, 1);
        v->saved_by = sqlite3_column_int64(st, 2);
        v->title = store_col_copy(a, st, 3);
        v->body_bytes = sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

struct read_revision {
    struct arena *a;
    struct news_revision *out;
};

static void read_revision(sqlite3_stmt *st, void *ctx)
{
    struct read_revision *r = ctx;
    r->out->id = sqlite3_column_int64(st, 0);
    r->out->saved_at = sqlite3_column_int64(st, 1);
    r->out->saved_by = sqlite3_column_int64(st, 2);
    r->out->title = store_col_copy(r->a, st, 3);
    r->out->summary = store_col_copy(r->a, st, 4);
    r->out->body = store_col_copy(r->a, st, 5);
    r->out->body_format = sqlite3_column_int(st, 6);
    r->out->body_bytes = (long long)r->out->body.n;
}

int news_revision_get(struct store_conn *db, struct arena *a, int64_t article_id, int64_t id,
                      struct news_revision *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, article_id);
    return store_step_once(db, st, read_revision, &(struct read_revision){a, out});
}

/* --- helpers ------------------------------------------------------------------------------------------ */

static int64_t id_param(struct str s, bool *bad)
{
    unsigned long long v;
    if (!s.n)
        return 0;
    if (!str_to_u64(s, &v) || v == 0 || v > INT64_MAX) {
        *bad = true;
        return 0;
    }
    return (int64_t)v;
}

static struct str person(const struct people_user *users, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (users[i].id == id)
            return users[i].name.n ? users[i].name : users[i].login;
    return id ? STR("(tài khoản đã xóa)") : STR("");
}

static struct str article_base(struct web_req *r, int64_t id)
{
    return arena_printf(r->arena, "/quan-tri/bai-viet/%lld", (long long)id);
}

/* --- the list ------------------------------------------------------------------------------------------ */

static int list_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct news_desk_article a;
    int got = news_desk_load_for(r, s, &a);
    if (got != 1)
        return got;
    bool bad = false;
    int64_t before = id_param(web_param(r, "truoc"), &bad);
    if (bad)
        return web_error(r, 400);
    struct revisions_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Các bản lưu của bài viết", ADMIN_ARTICLES);
    v.article_id = a.id;
    v.article_title = a.title;
    struct str base = article_base(r, a.id);
    v.edit_url = base;
    v.compare_url = arena_printf(r->arena, "%.*s/ban-luu/so-sanh", (int)base.n, base.p);
    v.restore_url = arena_printf(r->arena, "%.*s/ban-luu/khoi-phuc", (int)base.n, base.p);
    v.may_restore = news_desk_may_edit(s, &a);
    /* a restore is a save: on an article readers see, it changes the page
     * at once, which the edit form's "Lưu" says and this button must too */
    bool live = a.status == NEWS_PUBLISHED_STATUS && a.published_at <= r->now &&
                (!a.expires_at || a.expires_at > r->now);
    v.restore_confirm = live ? STR("Bài đang ở trên trang: khôi phục bản này sẽ thay ngay tiêu đề, tóm tắt và nội dung "
                                   "bạn đọc đang xem bằng bản cũ. Vẫn khôi phục?")
                             : STR("Khôi phục bản này? Bản hiện nay vẫn được giữ trong danh sách các bản lưu.");
    struct str notice = web_param(r, "thong-bao");
    if (str_eq_lit(notice, "da-khoi-phuc"))
        v.f.notice = STR("Đã khôi phục bản lưu; bản trước khi khôi phục vẫn còn trong danh sách.");

    struct news_revision *revs;
    size_t n;
    if (news_revision_list(r->db, r->arena, a.id, before, PER_PAGE + 1, &revs, &n) != 0)
        return -1;
    struct people_user *users;
    size_t n_users;
    if (people_user_list(r->db, r->arena, &users, &n_users) != 0)
        return -1;
    int64_t saved_by = 0;
    sqlite3_stmt *st = store_stmt(r->db, SQL_SAVED_BY);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a.id);
    if (store_step_once(r->db, st, store_read_int64, &saved_by) < 0)
        return -1;
    v.current_when = view_datetime(r->arena, a.updated_at);
    v.current_who = person(users, n_users, saved_by);
    bool more = n > PER_PAGE;
    if (more)
        n = PER_PAGE;
    v.rows = arena_zalloc(r->arena, (n ? n : 1) * sizeof *v.rows);
    for (size_t i = 0; i < n; i++) {
        struct revision_row *row = &v.rows[v.n_rows++];
        row->id = revs[i].id;
        row->when = view_datetime(r->arena, revs[i].saved_at);
        row->who = person(users, n_users, revs[i].saved_by);
        row->title = revs[i].title;
        row->size = arena_printf(r->arena, "%s ký tự", view_number(r->arena, revs[i].body_bytes).p);
        row->pick_from = !before && i == 0;
    }
    if (more)
        v.older_url = arena_printf(r->arena, "%.*s/ban-luu?truoc=%lld", (int)base.n, base.p,
                                   (long long)revs[n - 1].id);
    tpl_news_revisions(portal_out(r), &v);
    return 0;
}

/* --- the comparison ------------------------------------------------------------------------------------- */

/* One text as tokens: HTML bodies by what they show. */
static void text_tokens(struct arena *a, struct str text, bool html, struct str **tokens, size_t *n)
{
    if (html) {
        struct buf plain = {0};
        html_visible_text(&plain, text);
        text = arena_strdup(a, plain.p ? plain.p : "", plain.n);
        buf_free(&plain);
    }
    diff_tokens(a, text, tokens, n);
}

/* Joins tokens [from, from+count) of `t` with spaces; a paragraph break in
 * a change shows as ¶. */
static struct str words(struct arena *a, const struct str *t, size_t from, size_t count)
{
    struct buf out = {0};
    for (size_t i = 0; i < count; i++) {
        if (i)
            buf_putc(&out, ' ');
        buf_put(&out, str_eq_lit(t[from + i], DIFF_BREAK) ? STR("¶") : t[from + i]);
    }
    struct str s = arena_strdup(a, out.p ? out.p : "", out.n);
    buf_free(&out);
    return s;
}

static int compare_part(struct web_req *r, struct revision_diff_view *v, const char *label, struct str old_text,
                        bool old_html, struct str new_text, bool new_html)
{
    struct diff_part *part = &v->parts[v->n_parts++];
    part->label = str_cstr(label);
    struct str *ta, *tb;
    size_t na, nb;
    text_tokens(r->arena, old_text, old_html, &ta, &na);
    text_tokens(r->arena, new_text, new_html, &tb, &nb);
    struct diff_op *ops;
    size_t n_ops;
    if (diff_words(r->arena, ta, na, tb, nb, DIFF_BUDGET, &ops, &n_ops) != 0)
        return -1;
    /* Pieces: each op, and a kept run cut at its paragraph breaks. */
    size_t cap = n_ops + 1;
    for (size_t i = 0; i < n_ops; i++)
        if (ops[i].kind == DIFF_SAME)
            for (size_t k = 0; k < ops[i].count; k++)
                cap += str_eq_lit(ta[ops[i].a_from + k], DIFF_BREAK);
    part->pieces = arena_zalloc(r->arena, cap * sizeof *part->pieces);
    bool paragraph = false;
    for (size_t i = 0; i < n_ops; i++) {
        const struct diff_op *op = &ops[i];
        if (op->kind != DIFF_SAME) {
            part->changed = true;
            bool del = op->kind == DIFF_DELETE;
            if (del)
                v->deleted += (long long)op->count;
            else
                v->inserted += (long long)op->count;
            part->pieces[part->n_pieces++] =
                (struct diff_piece){words(r->arena, del ? ta : tb, del ? op->a_from : op->b_from, op->count),
                                    op->kind, paragraph};
            paragraph = false;
            continue;
        }
        size_t start = 0;
        for (size_t k = 0; k <= op->count; k++) {
            bool brk = k < op->count && str_eq_lit(ta[op->a_from + k], DIFF_BREAK);
            if (k == op->count || brk) {
                if (k > start) {
                    part->pieces[part->n_pieces++] = (struct diff_piece){
                        words(r->arena, ta, op->a_from + start, k - start), DIFF_SAME, paragraph};
                    paragraph = false;
                }
                if (brk)
                    paragraph = true;
                start = k + 1;
            }
        }
    }
    /* Over the budget the middle comes back as one deletion and one
     * insertion even when words were shared: say so. */
    if (n_ops >= 2 && na + nb > 0) {
        size_t deleted = 0, inserted = 0;
        for (size_t i = 0; i < n_ops; i++) {
            deleted += ops[i].kind == DIFF_DELETE ? ops[i].count : 0;
            inserted += ops[i].kind == DIFF_INSERT ? ops[i].count : 0;
        }
        if (deleted == na && inserted == nb && na > 50 && nb > 50)
            v->shortened = true;
    }
    return 0;
}

static struct str version_label(struct web_req *r, const struct news_revision *rev, const struct people_user *users,
                                size_t n_users)
{
    if (!rev)
        return STR("Bài viết hiện nay");
    return arena_printf(r->arena, "Bản lưu lúc %s (%s)", view_datetime(r->arena, rev->saved_at).p,
                        person(users, n_users, rev->saved_by).p);
}

static int compare_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct news_desk_article a;
    int got = news_desk_load_for(r, s, &a);
    if (got != 1)
        return got;
    bool bad = false;
    int64_t from_id = id_param(web_param(r, "tu"), &bad);
    int64_t to_id = id_param(web_param(r, "den"), &bad);
    if (bad || !from_id)
        return web_error(r, 400);
    struct news_revision from, to;
    int found = news_revision_get(r->db, r->arena, a.id, from_id, &from);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    if (to_id) {
        found = news_revision_get(r->db, r->arena, a.id, to_id, &to);
        if (found <= 0)
            return found < 0 ? -1 : web_error(r, 404);
    }
    /* Older on the left, whatever order the two were picked in. */
    struct news_revision *older = &from, *newer = to_id ? &to : NULL;
    if (newer && newer->id < older->id) {
        older = &to;
        newer = &from;
    }
    struct people_user *users;
    size_t n_users;
    if (people_user_list(r->db, r->arena, &users, &n_users) != 0)
        return -1;
    struct revision_diff_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "So sánh các bản lưu", ADMIN_ARTICLES);
    v.article_title = a.title;
    struct str base = article_base(r, a.id);
    v.list_url = arena_printf(r->arena, "%.*s/ban-luu", (int)base.n, base.p);
    v.from_label = version_label(r, older, users, n_users);
    v.to_label = version_label(r, newer, users, n_users);
    struct str new_title = newer ? newer->title : a.title, new_summary = newer ? newer->summary : a.summary;
    struct str new_body = newer ? newer->body : a.body;
    int new_format = newer ? newer->body_format : a.body_format;
    if (compare_part(r, &v, "Tiêu đề", older->title, false, new_title, false) != 0 ||
        compare_part(r, &v, "Tóm tắt", older->summary, false, new_summary, false) != 0 ||
        compare_part(r, &v, "Nội dung", older->body, older->body_format == 1, new_body, new_format == 1) != 0)
        return -1;
    tpl_news_revision_diff(portal_out(r), &v);
    return 0;
}

/* --- restoring: on a worker ---------------------------------------------------------------------------- */

struct restore_job {
    struct web_job job;
    int64_t article_id, revision_id, user_id, now;
    char login[72], address[48];
    int rc;
    const char *problem;
    bool missing; /* no such article or version (any more) */
};

static void restore_work(struct web_job *job, struct store_conn *db)
{
    struct restore_job *j = (struct restore_job *)job;
    j->rc = -1;
    struct arena a;
    arena_init(&a, 4096);
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return;
    }
    struct news_desk_article cur;
    struct news_revision rev;
    int rc = news_desk_get(db, &a, j->article_id, &cur);
    if (rc == 1)
        rc = news_revision_get(db, &a, j->article_id, j->revision_id, &rev);
    if (rc == 0) {
        rc = NEWS_INVALID;
        j->missing = true;
    }
    if (rc == 1) {
        struct news_article_input in = {
            .id = cur.id, .category_id = cur.category_id, .slug = cur.slug, .title = rev.title,
            .summary = rev.summary, .body = rev.body, .author = cur.author, .source = cur.source,
            .image_caption = cur.image_caption, .image_id = cur.image_id, .featured = cur.featured,
            .status = cur.status, .published_at = cur.published_at, .updated_at = j->now,
            .body_format = rev.body_format, .expires_at = cur.expires_at, .saved_by = j->user_id,
        };
        int64_t id = cur.id;
        rc = news_article_save(db, &in, &id, &j->problem);
    }
    if (rc == 0) {
        char object[32], detail[64];
        snprintf(object, sizeof object, "bài %lld", (long long)j->article_id);
        snprintf(detail, sizeof detail, "bản lưu %lld", (long long)j->revision_id);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), "article_revert",
                          str_cstr(object), str_cstr(detail));
    }
    j->rc = store_write_finish(db, rc);
    arena_free(&a);
}

static int restore_finish(struct web_req *r, struct web_job *job)
{
    struct restore_job *j = (struct restore_job *)job;
    r->no_store = true;
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/bai-viet/%lld/ban-luu?thong-bao=da-khoi-phuc",
                                                 (long long)j->article_id));
    if (j->rc != NEWS_INVALID)
        return -1;
    return web_error(r, j->missing ? 404 : 400);
}

static int restore_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct news_desk_article a;
    int got = news_desk_load_for(r, s, &a);
    if (got != 1)
        return got;
    if (!news_desk_may_edit(s, &a)) {
        r->no_store = true;
        return web_error(r, 403);
    }
    bool bad = false;
    int64_t rev = id_param(http_form_value(&r->form, "ban-luu"), &bad);
    if (bad || !rev)
        return web_error(r, 400);
    struct restore_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->job.work = restore_work;
    j->job.finish = restore_finish;
    j->article_id = a.id;
    j->revision_id = rev;
    j->user_id = s->user.id;
    j->now = r->now;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    return web_defer(r, &j->job);
}

void news_revisions_register(void)
{
    static const char *const list_params[] = {"truoc", "thong-bao", NULL};
    static const char *const compare_params[] = {"tu", "den", NULL};
    router_add((struct route){.pattern = "/quan-tri/bai-viet/*/ban-luu", .get = list_page,
                              .known_params = list_params});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/*/ban-luu/so-sanh", .get = compare_page,
                              .known_params = compare_params});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/*/ban-luu/khoi-phuc", .post = restore_post,
                              .flags = ROUTE_FORM});
}
