/*
 * admin.c - the administrators' pages for the site's categories
 * (/quan-tri/chuyen-muc/) and website links (/quan-tri/lien-ket/).
 *
 * Every request is checked by the people module (people_require with
 * RIGHT_SETTINGS: administrators only, others get 403; every POST with
 * the session's CSRF token and a same-site Origin). Input is checked here
 * first, so that a wrong form comes back at once with the values kept and
 * the problem beside its field; the write then runs on a worker (edit.c's
 * functions, which check again inside the transaction) together with its
 * audit entry, in one transaction. A problem found only there (a slug
 * taken meanwhile, a category that gained an article) comes back the same
 * way. After a write the browser is sent back to the list (303) with a
 * notice; the public pages show the change at once (edit.c touches
 * "site").
 *
 * Addresses:
 *   GET  /quan-tri/chuyen-muc/             the list, in menu order, and the form to add one
 *   POST /quan-tri/chuyen-muc/             add
 *   GET  /quan-tri/chuyen-muc/ID           the form to edit one
 *   POST /quan-tri/chuyen-muc/ID           save it
 *   POST /quan-tri/chuyen-muc/ID/thu-tu    huong=len|xuong: one place up or down in the menu
 *   POST /quan-tri/chuyen-muc/ID/danh-muc  hien=1|0: in the main menu or not
 *   GET  /quan-tri/chuyen-muc/ID/xoa       the confirmation step (or why it cannot be deleted)
 *   POST /quan-tri/chuyen-muc/ID/xoa       delete (only a category without articles)
 * and the same for /quan-tri/lien-ket/ (no danh-muc).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "news/query.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "site/admin_view.h"
#include "site/site.h"
#include "templates.h"
#include "text/utf8.h"

enum verb {
    CAT_ADD,
    CAT_EDIT,
    CAT_MOVE,
    CAT_MENU,
    CAT_DELETE,
    LINK_ADD,
    LINK_EDIT,
    LINK_MOVE,
    LINK_DELETE,
    N_VERBS,
};

static const struct {
    const char *code;   /* ?thong-bao= after the redirect */
    const char *notice; /* what the list then says */
    const char *action; /* the audit log's name for it */
} VERBS[N_VERBS] = {
    [CAT_ADD] = {"da-them", "Đã thêm chuyên mục; thanh danh mục của trang đã có chuyên mục mới.", "category_create"},
    [CAT_EDIT] = {"da-luu", "Đã lưu chuyên mục; địa chỉ cũ (nếu có đổi) vẫn dẫn tới địa chỉ mới.", "category_edit"},
    [CAT_MOVE] = {"da-doi-thu-tu", "Đã đổi thứ tự; thanh danh mục của trang đã theo thứ tự mới.", "category_move"},
    [CAT_MENU] = {"da-doi-danh-muc", "Đã đổi việc hiện chuyên mục trên thanh danh mục.", "category_menu"},
    [CAT_DELETE] = {"da-xoa", "Đã xóa chuyên mục.", "category_delete"},
    [LINK_ADD] = {"da-them", "Đã thêm liên kết; khối “Liên kết website” đã có liên kết mới.", "link_create"},
    [LINK_EDIT] = {"da-luu", "Đã lưu liên kết.", "link_edit"},
    [LINK_MOVE] = {"da-doi-thu-tu", "Đã đổi thứ tự các liên kết.", "link_move"},
    [LINK_DELETE] = {"da-xoa", "Đã xóa liên kết.", "link_delete"},
};

#define CATEGORIES "/quan-tri/chuyen-muc/"
#define LINKS "/quan-tri/lien-ket/"

/* The notice named by ?thong-bao=, for the list of categories (links: false). */
static struct str notice_of(struct web_req *r, bool links)
{
    struct str code = web_param(r, "thong-bao");
    for (int v = links ? LINK_ADD : CAT_ADD; v < (links ? N_VERBS : LINK_ADD); v++)
        if (str_eq_lit(code, VERBS[v].code))
            return str_cstr(VERBS[v].notice);
    return STR_NULL;
}

static void admin_page(struct web_req *r, int status)
{
    r->status = status;
    r->no_store = true;
    r->cacheable = false;
}

/* "12" -> 12; 0 for anything else. */
static int64_t id_of(struct str s)
{
    unsigned long long id;
    return str_to_u64(s, &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

/* A form value with the spaces around it taken off; empty when it shows
 * nothing (a category named by a zero-width space alone made an empty
 * link in every page's menu). */
static struct str trimmed(const struct web_req *r, const char *name)
{
    struct str v = http_form_value(&r->form, name);
    if (utf8_is_blank(v))
        return STR("");
    while (v.n && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\n' || v.p[0] == '\r'))
        v = str_skip(v, 1);
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' || v.p[v.n - 1] == '\n' || v.p[v.n - 1] == '\r'))
        v.n--;
    return v.p ? v : STR("");
}

static void put_problem(struct site_category_form *c, struct site_link_form *l, const struct site_problem *p,
                        struct str *general)
{
    struct str text = str_cstr(p->text);
    switch (p->field) {
    case SITE_FIELD_NAME:
        if (c)
            c->name_error = text;
        else
            l->name_error = text;
        break;
    case SITE_FIELD_SLUG: c->slug_error = text; break;
    case SITE_FIELD_DESCRIPTION: c->description_error = text; break;
    case SITE_FIELD_URL: l->url_error = text; break;
    default: *general = text;
    }
}

/* --- pages -------------------------------------------------------------------------------------- */

static int categories_render(struct web_req *r, const struct people_session *s, int status,
                             const struct site_category_form *form, struct str error)
{
    const struct site *site = portal_site(r);
    struct site_categories_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Chuyên mục", ADMIN_CATEGORIES);
    v.f.error = error.n ? error : form && (form->name_error.n || form->slug_error.n || form->description_error.n)
                                      ? STR("Chưa thêm được chuyên mục: xem các ô được đánh dấu bên dưới.")
                                      : STR_NULL;
    if (!v.f.error.n)
        v.f.notice = notice_of(r, false);
    v.rows = ARENA_ARRAY(r->arena, struct site_category_row, site->n_categories ? site->n_categories : 1);
    for (size_t i = 0; i < site->n_categories; i++) {
        const struct site_category *c = &site->categories[i];
        struct site_category_row *row = &v.rows[v.n_rows++];
        row->id = c->id;
        row->name = c->name;
        row->slug = c->slug;
        row->url = arena_printf(r->arena, "/tin-tuc/%.*s/", (int)c->slug.n, c->slug.p);
        row->in_menu = c->in_menu;
        row->first = i == 0;
        row->last = i + 1 == site->n_categories;
        if (news_category_article_count(r->db, c->id, &row->articles) != 0)
            return -1;
    }
    if (form)
        v.form = *form;
    else
        v.form.in_menu = true;
    v.form.action = STR(CATEGORIES);
    admin_page(r, status);
    tpl_site_categories(portal_out(r), &v);
    return 0;
}

static int category_render(struct web_req *r, const struct people_session *s, int status,
                           const struct site_category_form *form, struct str error)
{
    struct site_category_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Sửa chuyên mục", ADMIN_CATEGORIES);
    v.f.error = error.n ? error : form->name_error.n || form->slug_error.n || form->description_error.n
                                      ? STR("Chưa lưu được: xem các ô được đánh dấu bên dưới.")
                                      : STR_NULL;
    v.form = *form;
    v.form.action = arena_printf(r->arena, CATEGORIES "%lld", form->id);
    const struct site_category *c = site_category_by_id(portal_site(r), form->id);
    if (c)
        v.public_url = arena_printf(r->arena, "/tin-tuc/%.*s/", (int)c->slug.n, c->slug.p);
    admin_page(r, status);
    tpl_site_category(portal_out(r), &v);
    return 0;
}

static int links_render(struct web_req *r, const struct people_session *s, int status,
                        const struct site_link_form *form, struct str error)
{
    const struct site *site = portal_site(r);
    struct site_links_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Liên kết website", ADMIN_LINKS);
    v.f.error = error.n ? error : form && (form->name_error.n || form->url_error.n)
                                      ? STR("Chưa thêm được liên kết: xem các ô được đánh dấu bên dưới.")
                                      : STR_NULL;
    if (!v.f.error.n)
        v.f.notice = notice_of(r, true);
    v.rows = ARENA_ARRAY(r->arena, struct site_link_row, site->n_links ? site->n_links : 1);
    for (size_t i = 0; i < site->n_links; i++) {
        const struct site_link *l = &site->links[i];
        v.rows[v.n_rows++] = (struct site_link_row){l->id, l->name, l->url, i == 0, i + 1 == site->n_links};
    }
    if (form)
        v.form = *form;
    v.form.action = STR(LINKS);
    admin_page(r, status);
    tpl_site_links(portal_out(r), &v);
    return 0;
}

static int link_render(struct web_req *r, const struct people_session *s, int status,
                       const struct site_link_form *form, struct str error)
{
    struct site_link_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Sửa liên kết website", ADMIN_LINKS);
    v.f.error = error.n ? error : form->name_error.n || form->url_error.n
                                      ? STR("Chưa lưu được: xem các ô được đánh dấu bên dưới.")
                                      : STR_NULL;
    v.form = *form;
    v.form.action = arena_printf(r->arena, LINKS "%lld", form->id);
    admin_page(r, status);
    tpl_site_link(portal_out(r), &v);
    return 0;
}

static const struct site_link *link_by_id(const struct site *site, int64_t id)
{
    for (size_t i = 0; i < site->n_links; i++)
        if (site->links[i].id == id)
            return &site->links[i];
    return NULL;
}

/* The confirmation step of a deletion; for a category that still holds
 * articles, why it cannot be deleted (a page like any other when asked
 * for, 409 as the answer to a deletion). */
static int delete_render(struct web_req *r, const struct people_session *s, bool link, int64_t id, struct str error)
{
    const struct site *site = portal_site(r);
    struct site_delete_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, link ? "Xóa liên kết website" : "Xóa chuyên mục", link ? ADMIN_LINKS : ADMIN_CATEGORIES);
    v.f.error = error;
    v.back = link ? STR(LINKS) : STR(CATEGORIES);
    v.action = arena_printf(r->arena, "%s%lld/xoa", link ? LINKS : CATEGORIES, (long long)id);
    int status = error.n ? 409 : 200;
    if (link) {
        const struct site_link *l = link_by_id(site, id);
        if (!l)
            return web_error(r, 404);
        v.heading = STR("Xóa liên kết website");
        v.what = STR("liên kết");
        v.name = l->name;
        v.detail = l->url;
    } else {
        const struct site_category *c = site_category_by_id(site, id);
        if (!c)
            return web_error(r, 404);
        long long articles;
        if (news_category_article_count(r->db, id, &articles) != 0)
            return -1;
        v.heading = STR("Xóa chuyên mục");
        v.what = STR("chuyên mục");
        v.name = c->name;
        v.detail = arena_printf(r->arena, "/tin-tuc/%.*s/", (int)c->slug.n, c->slug.p);
        if (articles > 0) {
            v.refused = true;
            v.f.error = arena_printf(r->arena,
                                     "Không xóa được: chuyên mục còn %lld bài viết (kể cả bài nháp và bài trong "
                                     "thùng rác). Hãy chuyển các bài sang chuyên mục khác trước.",
                                     articles);
        }
    }
    admin_page(r, status);
    tpl_site_delete(portal_out(r), &v);
    return 0;
}

static int categories_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    return s ? categories_render(r, s, 200, NULL, STR_NULL) : answered;
}

static int category_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_category *c = site_category_by_id(portal_site(r), id_of(r->captures[0]));
    if (!c)
        return web_error(r, 404);
    struct site_category_form form = {c->id, STR_NULL, c->name, c->slug, c->description, c->in_menu,
                                      STR_NULL, STR_NULL, STR_NULL};
    return category_render(r, s, 200, &form, STR_NULL);
}

static int links_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    return s ? links_render(r, s, 200, NULL, STR_NULL) : answered;
}

static int link_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_link *l = link_by_id(portal_site(r), id_of(r->captures[0]));
    if (!l)
        return web_error(r, 404);
    struct site_link_form form = {l->id, STR_NULL, l->name, l->url, STR_NULL, STR_NULL};
    return link_render(r, s, 200, &form, STR_NULL);
}

static int category_delete_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    return s ? delete_render(r, s, false, id_of(r->captures[0]), STR_NULL) : answered;
}

static int link_delete_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    return s ? delete_render(r, s, true, id_of(r->captures[0]), STR_NULL) : answered;
}

/* --- writes: on a worker ------------------------------------------------------------------------ */

struct site_job {
    struct web_job job;
    enum verb verb;
    int64_t id, now, user_id;
    int step;     /* a move: -1 up, +1 down */
    bool in_menu; /* CAT_ADD, CAT_EDIT, CAT_MENU */
    struct arena arena; /* the texts below */
    struct str name, slug, description, url;
    struct str object, detail; /* for the audit log */
    char login[72], address[48];
    /* results */
    int rc;
    struct site_problem problem;
    char message[240];
};

static void job_release(struct web_job *job)
{
    struct site_job *j = (struct site_job *)job;
    arena_free(&j->arena);
    free(j);
}

static struct str keep(struct site_job *j, struct str s) { return arena_strdup(&j->arena, s.p ? s.p : "", s.n); }

static void job_work(struct web_job *job, struct store_conn *db)
{
    struct site_job *j = (struct site_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    struct site_category_edit category = {j->id, j->name, j->slug, j->description, j->in_menu, j->now};
    int64_t id = j->id;
    int rc;
    switch (j->verb) {
    case CAT_ADD:
    case CAT_EDIT: rc = site_category_put(db, &category, &id, &j->problem); break;
    case CAT_MOVE: rc = site_category_move(db, j->id, j->step, &j->problem); break;
    case CAT_MENU: rc = site_category_show(db, j->id, j->in_menu, &j->problem); break;
    case CAT_DELETE: {
        /* Counted inside this transaction: no article can come in between. */
        long long articles;
        rc = news_category_article_count(db, j->id, &articles);
        if (rc == 0 && articles > 0) {
            snprintf(j->message, sizeof j->message,
                     "Không xóa được: chuyên mục còn %lld bài viết (kể cả bài nháp và bài trong thùng rác). "
                     "Hãy chuyển các bài sang chuyên mục khác trước.",
                     articles);
            j->problem = (struct site_problem){j->message, SITE_FIELD_NONE};
            rc = SITE_INVALID;
        }
        if (rc == 0)
            rc = site_category_delete(db, j->id, &j->problem);
        break;
    }
    case LINK_ADD:
    case LINK_EDIT: rc = site_link_put(db, j->id, j->name, j->url, &id, &j->problem); break;
    case LINK_MOVE: rc = site_link_move(db, j->id, j->step, &j->problem); break;
    case LINK_DELETE: rc = site_link_delete(db, j->id, &j->problem); break;
    default: rc = -1;
    }
    if (rc == 0) {
        char object[320];
        snprintf(object, sizeof object, "%s %lld: %.*s", j->verb >= LINK_ADD ? "liên kết" : "chuyên mục",
                 (long long)id, (int)j->object.n, j->object.p ? j->object.p : "");
        struct str o = str_cstr(object);
        o.n = utf8_truncate(o, 300);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), VERBS[j->verb].action, o,
                          j->detail.p ? j->detail : STR(""));
    }
    j->rc = store_write_finish(db, rc);
}

static int job_finish(struct web_req *r, struct web_job *job)
{
    struct site_job *j = (struct site_job *)job;
    r->no_store = true;
    r->cacheable = false;
    bool link = j->verb >= LINK_ADD;
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "%s?thong-bao=%s", link ? LINKS : CATEGORIES,
                                                 VERBS[j->verb].code));
    if (j->rc != SITE_INVALID)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct str general = STR_NULL;
    switch (j->verb) {
    case CAT_ADD:
    case CAT_EDIT: {
        struct site_category_form form = {j->id, STR_NULL, j->name, j->slug, j->description, j->in_menu,
                                          STR_NULL, STR_NULL, STR_NULL};
        put_problem(&form, NULL, &j->problem, &general);
        int status = j->problem.field == SITE_FIELD_SLUG ? 409 : 400;
        return j->verb == CAT_ADD ? categories_render(r, s, status, &form, general)
                                  : category_render(r, s, status, &form, general);
    }
    case LINK_ADD:
    case LINK_EDIT: {
        struct site_link_form form = {j->id, STR_NULL, j->name, j->url, STR_NULL, STR_NULL};
        put_problem(NULL, &form, &j->problem, &general);
        return j->verb == LINK_ADD ? links_render(r, s, 400, &form, general) : link_render(r, s, 400, &form, general);
    }
    case CAT_DELETE: return delete_render(r, s, false, j->id, str_cstr(j->problem.text));
    default: break;
    }
    return link ? links_render(r, s, 409, NULL, str_cstr(j->problem.text))
                : categories_render(r, s, 409, NULL, str_cstr(j->problem.text));
}

static struct site_job *new_job(struct web_req *r, const struct people_session *s, enum verb verb, int64_t id)
{
    struct site_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    arena_init(&j->arena, 2048);
    j->job.work = job_work;
    j->job.finish = job_finish;
    j->job.release = job_release;
    j->verb = verb;
    j->id = id;
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    return j;
}

/* --- categories: the forms ---------------------------------------------------------------------- */

/* Reads and checks the category form; fills the problems beside their
 * fields. Returns 0 when it may be written, else the status to answer
 * (409 for a slug another category has, 400 for the rest). */
static int category_form_read(struct web_req *r, int64_t id, struct site_category_form *form)
{
    memset(form, 0, sizeof *form);
    form->id = id;
    form->name = trimmed(r, "ten");
    form->description = trimmed(r, "mo-ta");
    form->in_menu = str_eq_lit(http_form_value(&r->form, "hien-danh-muc"), "1");
    struct str typed = trimmed(r, "duong-dan");
    if (!form->name.n)
        form->name_error = STR("Cần nhập tên chuyên mục.");
    else if (utf8_count(form->name) > SITE_NAME_MAX || memchr(form->name.p, '\n', form->name.n))
        form->name_error = STR("Tên chuyên mục chỉ một dòng, tối đa 200 ký tự.");
    if (utf8_count(form->description) > SITE_DESCRIPTION_MAX)
        form->description_error = STR("Mô tả quá dài (tối đa 1000 ký tự).");
    /* The slug: what was typed, or the name, by the portal's slug rules. */
    struct buf slug = BUF_INIT;
    struct str from = typed.n ? typed : form->name;
    if (from.n && site_slug_make(&slug, from) == 0 && slug.n)
        form->slug = arena_strdup(r->arena, slug.p, slug.n);
    else {
        form->slug = typed;
        if (typed.n || form->name.n)
            form->slug_error = STR("Đường dẫn cần có ít nhất một chữ cái hoặc chữ số (không dấu).");
    }
    buf_free(&slug);
    if (!form->slug_error.n && form->slug.n) {
        const struct site_category *other = site_category_by_slug(portal_site(r), form->slug);
        if (other && other->id != id) {
            form->slug_error = STR("Đã có chuyên mục khác dùng đường dẫn này; hãy chọn đường dẫn khác.");
            if (!form->name_error.n && !form->description_error.n)
                return 409;
        }
    }
    return form->name_error.n || form->slug_error.n || form->description_error.n ? 400 : 0;
}

static int category_defer(struct web_req *r, const struct people_session *s, enum verb verb,
                          const struct site_category_form *form, const struct site_category *before)
{
    struct site_job *j = new_job(r, s, verb, form->id);
    if (!j)
        return -1;
    j->name = keep(j, form->name);
    j->slug = keep(j, form->slug);
    j->description = keep(j, form->description);
    j->in_menu = form->in_menu;
    j->object = j->name;
    if (before) {
        char detail[900];
        snprintf(detail, sizeof detail, "tên: %.*s → %.*s; đường dẫn: %.*s → %.*s; trên thanh danh mục: %s → %s",
                 (int)before->name.n, before->name.p, (int)form->name.n, form->name.p, (int)before->slug.n,
                 before->slug.p, (int)form->slug.n, form->slug.p, before->in_menu ? "có" : "không",
                 form->in_menu ? "có" : "không");
        j->detail = keep(j, str_make(detail, utf8_truncate(str_cstr(detail), 800)));
    } else
        j->detail = keep(j, arena_printf(r->arena, "đường dẫn: %.*s", (int)form->slug.n, form->slug.p));
    return web_defer(r, &j->job);
}

static int category_add(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    struct site_category_form form;
    int bad = category_form_read(r, 0, &form);
    if (bad)
        return categories_render(r, s, bad, &form, STR_NULL);
    return category_defer(r, s, CAT_ADD, &form, NULL);
}

static int category_save(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_category *c = site_category_by_id(portal_site(r), id_of(r->captures[0]));
    if (!c)
        return web_error(r, 404);
    struct site_category_form form;
    int bad = category_form_read(r, c->id, &form);
    if (bad)
        return category_render(r, s, bad, &form, STR_NULL);
    return category_defer(r, s, CAT_EDIT, &form, c);
}

/* huong=len|xuong -> -1, +1; 0 for anything else. */
static int step_of(const struct web_req *r)
{
    struct str v = http_form_value(&r->form, "huong");
    return str_eq_lit(v, "len") ? -1 : str_eq_lit(v, "xuong") ? 1 : 0;
}

static int category_move(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_category *c = site_category_by_id(portal_site(r), id_of(r->captures[0]));
    if (!c)
        return web_error(r, 404);
    int step = step_of(r);
    if (!step)
        return categories_render(r, s, 400, NULL, STR("Hãy chọn chuyển lên hay chuyển xuống."));
    struct site_job *j = new_job(r, s, CAT_MOVE, c->id);
    if (!j)
        return -1;
    j->step = step;
    j->object = keep(j, c->name);
    j->detail = keep(j, step < 0 ? STR("lên một bậc") : STR("xuống một bậc"));
    return web_defer(r, &j->job);
}

static int category_menu(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_category *c = site_category_by_id(portal_site(r), id_of(r->captures[0]));
    if (!c)
        return web_error(r, 404);
    struct str v = http_form_value(&r->form, "hien");
    if (!str_eq_lit(v, "0") && !str_eq_lit(v, "1"))
        return categories_render(r, s, 400, NULL, STR("Hãy chọn hiện hay ẩn chuyên mục."));
    struct site_job *j = new_job(r, s, CAT_MENU, c->id);
    if (!j)
        return -1;
    j->in_menu = v.p[0] == '1';
    j->object = keep(j, c->name);
    j->detail = keep(j, j->in_menu ? STR("hiện trên thanh danh mục") : STR("ẩn khỏi thanh danh mục"));
    return web_defer(r, &j->job);
}

static int category_delete(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_category *c = site_category_by_id(portal_site(r), id_of(r->captures[0]));
    if (!c)
        return web_error(r, 404);
    struct site_job *j = new_job(r, s, CAT_DELETE, c->id);
    if (!j)
        return -1;
    j->object = keep(j, c->name);
    j->detail = keep(j, arena_printf(r->arena, "đường dẫn: %.*s", (int)c->slug.n, c->slug.p));
    return web_defer(r, &j->job);
}

/* --- links: the forms --------------------------------------------------------------------------- */

static bool link_form_read(struct web_req *r, int64_t id, struct site_link_form *form)
{
    memset(form, 0, sizeof *form);
    form->id = id;
    form->name = trimmed(r, "ten");
    form->url = trimmed(r, "dia-chi");
    if (!form->name.n)
        form->name_error = STR("Cần nhập tên của liên kết.");
    else if (utf8_count(form->name) > SITE_NAME_MAX || memchr(form->name.p, '\n', form->name.n))
        form->name_error = STR("Tên liên kết chỉ một dòng, tối đa 200 ký tự.");
    const char *bad = site_url_problem(form->url);
    if (bad)
        form->url_error = str_cstr(bad);
    return !form->name_error.n && !form->url_error.n;
}

static int link_defer(struct web_req *r, const struct people_session *s, enum verb verb,
                      const struct site_link_form *form, const struct site_link *before)
{
    struct site_job *j = new_job(r, s, verb, form->id);
    if (!j)
        return -1;
    j->name = keep(j, form->name);
    j->url = keep(j, form->url);
    j->object = j->name;
    struct str detail = before ? arena_printf(r->arena, "tên: %.*s → %.*s; địa chỉ: %.*s → %.*s", (int)before->name.n,
                                              before->name.p, (int)form->name.n, form->name.p, (int)before->url.n,
                                              before->url.p, (int)form->url.n, form->url.p)
                               : arena_printf(r->arena, "địa chỉ: %.*s", (int)form->url.n, form->url.p);
    detail.n = utf8_truncate(detail, 800);
    j->detail = keep(j, detail);
    return web_defer(r, &j->job);
}

static int link_add(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    struct site_link_form form;
    if (!link_form_read(r, 0, &form))
        return links_render(r, s, 400, &form, STR_NULL);
    return link_defer(r, s, LINK_ADD, &form, NULL);
}

static int link_save(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_link *l = link_by_id(portal_site(r), id_of(r->captures[0]));
    if (!l)
        return web_error(r, 404);
    struct site_link_form form;
    if (!link_form_read(r, l->id, &form))
        return link_render(r, s, 400, &form, STR_NULL);
    return link_defer(r, s, LINK_EDIT, &form, l);
}

static int link_move(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_link *l = link_by_id(portal_site(r), id_of(r->captures[0]));
    if (!l)
        return web_error(r, 404);
    int step = step_of(r);
    if (!step)
        return links_render(r, s, 400, NULL, STR("Hãy chọn chuyển lên hay chuyển xuống."));
    struct site_job *j = new_job(r, s, LINK_MOVE, l->id);
    if (!j)
        return -1;
    j->step = step;
    j->object = keep(j, l->name);
    j->detail = keep(j, step < 0 ? STR("lên một bậc") : STR("xuống một bậc"));
    return web_defer(r, &j->job);
}

static int link_delete(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_SETTINGS, &answered);
    if (!s)
        return answered;
    const struct site_link *l = link_by_id(portal_site(r), id_of(r->captures[0]));
    if (!l)
        return web_error(r, 404);
    struct site_job *j = new_job(r, s, LINK_DELETE, l->id);
    if (!j)
        return -1;
    j->object = keep(j, l->name);
    j->detail = keep(j, arena_printf(r->arena, "địa chỉ: %.*s", (int)l->url.n, l->url.p));
    return web_defer(r, &j->job);
}

void site_admin_register(void)
{
    static const char *const notice[] = {"thong-bao", NULL};
    struct http_form_limits form = {.max_fields = 12, .max_value = 8192, .max_name = 32, .max_part_head = 1024};
    struct http_form_limits small = {.max_fields = 6, .max_value = 256, .max_name = 32, .max_part_head = 1024};
    static const struct {
        const char *pattern;
        web_handler get, post;
        bool big;
    } routes[] = {
        {CATEGORIES, categories_page, category_add, true},
        {CATEGORIES "*/thu-tu", NULL, category_move, false},
        {CATEGORIES "*/danh-muc", NULL, category_menu, false},
        {CATEGORIES "*/xoa", category_delete_page, category_delete, false},
        {CATEGORIES "*", category_page, category_save, true},
        {LINKS, links_page, link_add, true},
        {LINKS "*/thu-tu", NULL, link_move, false},
        {LINKS "*/xoa", link_delete_page, link_delete, false},
        {LINKS "*", link_page, link_save, true},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        router_add((struct route){.pattern = routes[i].pattern, .get = routes[i].get, .post = routes[i].post,
                                  .known_params = notice, .flags = ROUTE_FORM,
                                  .max_body = routes[i].big ? 32768 : 4096,
                                  .form = routes[i].big ? form : small});
}
