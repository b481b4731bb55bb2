/*
 * office_web.c - the machinery of the office's management pages (see
 * office_web.h): building a page of tables and forms, keeping a refused
 * form, and the write job that runs a src/ntm/ write function and its
 * audit entry in one transaction on a worker.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/router.h"
#include "people/admin.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vi.h"

#include "ntm/office_web.h"

static const struct {
    const char *path, *label;
} NAV[] = {
    {"", "Hàng đợi duyệt số liệu"}, {"cong-nhan/", "Công nhận"}, {"bo-tieu-chi/", "Bộ tiêu chí"},
    {"ke-hoach/", "Kế hoạch"},      {"phan-cong/", "Phân công"}, {"do-dau/", "Đỡ đầu"},
    {"mo-hinh/", "Mô hình"},        {"nguon-von/", "Nguồn vốn"}, {"don-vi/", "Đơn vị hành chính"},
    {"tai-khoan/", "Tài khoản"},
};

void office_problem(struct office_state *st, const char *field, struct str text)
{
    if (st->n_problems < OFFICE_PROBLEMS)
        st->problems[st->n_problems++] = (struct office_problem){field, text};
}

int office_page_begin(struct office_page *p, struct web_req *r, const struct people_session *s,
                      const struct office_state *st, const char *self, const char *title, const char *intro)
{
    static const struct office_state fresh = {.status = 200};
    memset(p, 0, sizeof *p);
    p->r = r;
    p->s = s;
    p->st = st ? st : &fresh;
    people_frame(r, &p->v.f, s, title, ADMIN_NTM_OFFICE);
    p->v.heading = str_cstr(title);
    p->v.intro = intro ? str_cstr(intro) : STR_NULL;
    p->v.nav = ARENA_ARRAY(r->arena, struct ntm_office_link, sizeof NAV / sizeof NAV[0]);
    for (size_t i = 0; i < sizeof NAV / sizeof NAV[0]; i++) {
        struct ntm_office_link *l = &p->v.nav[p->v.n_nav++];
        l->url = arena_printf(r->arena, OFFICE_PATH "%s", NAV[i].path);
        l->label = str_cstr(NAV[i].label);
        l->current = NAV[i].path[0] && !strncmp(self, NAV[i].path, strlen(NAV[i].path));
    }
    if (p->st->error.n)
        p->v.f.error = p->st->error;
    else if (p->st->n_problems)
        p->v.f.error = STR("Chưa lưu được: xem các ô được đánh dấu bên dưới.");
    else if (str_eq_lit(web_param(r, "thong-bao"), "da-luu"))
        p->v.f.notice = STR("Đã lưu thay đổi; các trang công khai liên quan đã được cập nhật.");
    int rc = ntm_home_province(r->db, p->province, sizeof p->province);
    if (rc < 0)
        return -1;
    if (rc == 0 && !p->v.f.error.n && !p->v.f.notice.n)
        p->v.f.notice = STR("Chưa chọn tỉnh, thành phố của Văn phòng: hãy chọn ở trang “Đơn vị hành chính” để có "
                            "danh sách xã, phường, giao xã cho cán bộ và công bố kết quả.");
    if (rc == 1 && ntm_units_of(r->db, p->province, r->arena, &p->units, &p->n_units) != 0)
        return -1;
    /* the choices of a unit in alphabetical order, as people look for a name */
    if (p->n_units && vi_sort_records(p->units, p->n_units, sizeof *p->units, offsetof(struct ntm_unit, full_name)) != 0)
        return -1;
    return 0;
}

int office_page_end(struct office_page *p)
{
    p->r->status = p->st->status ? p->st->status : 200;
    p->r->no_store = true;
    p->r->cacheable = false;
    tpl_ntm_admin_office(portal_out(p->r), &p->v);
    return 0;
}

struct ntm_office_table *office_table(struct office_page *p, const char *caption, const char *empty,
                                      const char *const *heads, size_t cap_rows, bool buttons)
{
    assert(p->v.n_tables < NTM_OFFICE_TABLES);
    struct ntm_office_table *t = &p->v.tables[p->v.n_tables++];
    t->caption = str_cstr(caption);
    t->empty = str_cstr(empty);
    size_t n = 0;
    while (heads[n])
        n++;
    t->heads = ARENA_ARRAY(p->r->arena, struct str, n + 1);
    for (size_t i = 0; i < n; i++)
        t->heads[t->n_heads++] = str_cstr(heads[i]);
    t->has_buttons = buttons;
    t->cap_rows = cap_rows;
    t->rows = ARENA_ARRAY(p->r->arena, struct ntm_office_row, cap_rows + 1);
    return t;
}

int office_list_page(struct office_page *p)
{
    struct str v = web_param(p->r, "trang");
    unsigned long long n;
    if (!v.p)
        return 1;
    if (!str_to_u64(v, &n) || n < 1 || n > 10000)
        return 0;
    return (int)n;
}

void office_filter_wrong(struct office_page *p, struct str why)
{
    if (p->st->status >= 400)
        return;
    p->wrong_filter = (struct office_state){.status = 400, .error = why};
    p->st = &p->wrong_filter;
    p->v.f.error = why;
}

void office_table_pages(struct office_page *p, struct ntm_office_table *t, const char *self, int page, bool more)
{
    office_table_pages_of(p, t, str_cstr(self), NTM_OFFICE_ROWS, page, more);
}

void office_table_pages_of(struct office_page *p, struct ntm_office_table *t, struct str self, int per_page, int page,
                           bool more)
{
    if (page <= 1 && !more)
        return;
    struct arena *a = p->r->arena;
    char sep = memchr(self.p, '?', self.n) ? '&' : '?';
    t->page_label = arena_printf(a, "Trang %d (mỗi trang %d dòng)", page, per_page);
    if (page > 1)
        t->prev_url = page == 2 ? self : arena_printf(a, "%.*s%ctrang=%d", (int)self.n, self.p, sep, page - 1);
    if (more)
        t->next_url = arena_printf(a, "%.*s%ctrang=%d", (int)self.n, self.p, sep, page + 1);
}

#define ROW_CELLS 12
#define ROW_BUTTONS 6

struct ntm_office_row *office_row(struct office_page *p, struct ntm_office_table *t, struct str id)
{
    /* past the capacity a row is written but not shown (the callers cap
     * their lists and say so) */
    struct ntm_office_row *row =
        t->n_rows < t->cap_rows ? &t->rows[t->n_rows++] : ARENA_NEW(p->r->arena, struct ntm_office_row);
    row->id = id;
    row->cells = ARENA_ARRAY(p->r->arena, struct ntm_office_cell, ROW_CELLS);
    row->buttons = ARENA_ARRAY(p->r->arena, struct ntm_office_button, ROW_BUTTONS);
    return row;
}

void office_cell(struct ntm_office_row *row, struct str text, struct str url)
{
    if (row->n_cells < ROW_CELLS)
        row->cells[row->n_cells++] = (struct ntm_office_cell){text.p ? text : STR(""), url.p ? url : STR("")};
}

void office_button(struct office_page *p, struct ntm_office_row *row, struct str action, const char *name,
                   const char *value, const char *label)
{
    (void)p;
    if (row->n_buttons < ROW_BUTTONS)
        row->buttons[row->n_buttons++] =
            (struct ntm_office_button){action, str_cstr(name), str_cstr(value), str_cstr(label)};
}

/* Fills a form's head and room for its fields. */
static struct ntm_office_form *form_init(struct office_page *p, struct ntm_office_form *fm, const char *id,
                                         const char *heading, struct str action, const char *submit, size_t cap_fields)
{
    fm->id = str_cstr(id);
    fm->heading = str_cstr(heading);
    fm->action = action;
    fm->submit = str_cstr(submit);
    fm->cap_fields = cap_fields;
    fm->fields = ARENA_ARRAY(p->r->arena, struct ntm_office_field, cap_fields);
    return fm;
}

struct ntm_office_form *office_form(struct office_page *p, const char *id, const char *heading, struct str action,
                                    const char *submit, size_t cap_fields)
{
    assert(p->v.n_forms < NTM_OFFICE_FORMS);
    struct ntm_office_form *fm =
        form_init(p, &p->v.forms[p->v.n_forms++], id, heading, action, submit, cap_fields);
    if (p->st->posted && str_eq(p->st->form_id, fm->id) && p->st->error.n)
        fm->error = p->st->error;
    return fm;
}

struct ntm_office_form *office_filter(struct office_page *p, const char *id, const char *heading, struct str action,
                                      const char *submit, size_t cap_fields)
{
    p->v.has_filter = true;
    return form_init(p, &p->v.filter, id, heading, action, submit, cap_fields);
}

static bool posted_here(const struct office_page *p, const struct ntm_office_form *fm)
{
    return p->st->posted && str_eq(p->st->form_id, fm->id);
}

struct ntm_office_field *office_field(struct office_page *p, struct ntm_office_form *fm, const char *name,
                                      const char *label, const char *kind, struct str def)
{
    assert(fm->n_fields < fm->cap_fields);
    struct ntm_office_field *fd = &fm->fields[fm->n_fields++];
    fd->name = str_cstr(name);
    fd->id = arena_printf(p->r->arena, "%.*s-%s", (int)fm->id.n, fm->id.p, name);
    fd->label = str_cstr(label);
    fd->kind = str_cstr(kind);
    fd->is_select = !strcmp(kind, "select");
    fd->is_checks = !strcmp(kind, "checks");
    fd->is_checkbox = !strcmp(kind, "checkbox");
    fd->is_textarea = !strcmp(kind, "textarea");
    fd->is_input = !fd->is_select && !fd->is_checks && !fd->is_checkbox && !fd->is_textarea;
    fd->choices = ARENA_ARRAY(p->r->arena, struct ntm_office_choice, 1);
    if (posted_here(p, fm)) {
        struct str v = http_form_value(p->st->posted, name);
        fd->value = v.p ? v : STR("");
        fd->checked = fd->is_checkbox && str_eq_lit(fd->value, "1");
        for (size_t i = 0; i < p->st->n_problems; i++)
            if (!strcmp(p->st->problems[i].field, name))
                fd->error = p->st->problems[i].text;
    } else {
        fd->value = def.p ? def : STR("");
        fd->checked = fd->is_checkbox && str_eq_lit(fd->value, "1");
    }
    return fd;
}

void office_choice(struct office_page *p, struct ntm_office_field *fd, struct str value, struct str label,
                   bool selected)
{
    /* choices grow by doubling inside the request's arena */
    size_t n = fd->n_choices;
    if (n && !(n & (n - 1))) {
        struct ntm_office_choice *grown = ARENA_ARRAY(p->r->arena, struct ntm_office_choice, n * 2);
        memcpy(grown, fd->choices, n * sizeof *grown);
        fd->choices = grown;
    }
    struct ntm_office_choice *c = &fd->choices[fd->n_choices++];
    c->value = value;
    c->label = label;
    if (fd->is_checks) {
        /* the form's field name is the same for every box */
        const struct ntm_office_form *fm = NULL;
        for (size_t i = 0; i < p->v.n_forms; i++)
            if (fd >= p->v.forms[i].fields && fd < p->v.forms[i].fields + p->v.forms[i].n_fields)
                fm = &p->v.forms[i];
        if (fm && posted_here(p, fm)) {
            selected = false;
            for (size_t i = 0; i < p->st->posted->n_fields; i++)
                if (str_eq(p->st->posted->fields[i].name, fd->name) && str_eq(p->st->posted->fields[i].value, value))
                    selected = true;
        }
        c->selected = selected;
    } else
        c->selected = str_eq(fd->value, value);
}

void office_unit_choices(struct office_page *p, struct ntm_office_field *fd, bool with_empty)
{
    if (with_empty)
        office_choice(p, fd, STR(""), STR("(chọn xã, phường)"), false);
    for (size_t i = 0; i < p->n_units; i++) {
        const struct ntm_unit *u = &p->units[i];
        office_choice(
            p, fd, arena_printf(p->r->arena, "%lld", (long long)u->id),
            arena_printf(p->r->arena, "%.*s (%.*s)", (int)u->full_name.n, u->full_name.p, (int)u->code.n, u->code.p),
            false);
    }
}

const struct ntm_unit *office_unit(const struct office_page *p, struct str value)
{
    int64_t id = office_id(value);
    for (size_t i = 0; id && i < p->n_units; i++)
        if (p->units[i].id == id)
            return &p->units[i];
    return NULL;
}

struct str office_value(const struct web_req *r, const char *name)
{
    struct str v = http_form_value(&r->form, name);
    if (utf8_is_blank(v)) /* a zero-width or a wide space alone is no name, no task, no model */
        return STR("");
    while (v.n && (v.p[0] == ' ' || v.p[0] == '\t' || v.p[0] == '\n' || v.p[0] == '\r'))
        v = str_skip(v, 1);
    while (v.n && (v.p[v.n - 1] == ' ' || v.p[v.n - 1] == '\t' || v.p[v.n - 1] == '\n' || v.p[v.n - 1] == '\r'))
        v.n--;
    return v.p ? v : STR("");
}

bool office_int(struct str s, long lo, long hi, long *out)
{
    unsigned long long v;
    if (!str_to_u64(s, &v) || v > (unsigned long long)hi || (long long)v < lo)
        return false;
    *out = (long)v;
    return true;
}

int64_t office_id(struct str s)
{
    unsigned long long id;
    return str_to_u64(s, &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

/* --- the write job ---------------------------------------------------------------------- */

static void job_release(struct web_job *job)
{
    struct office_job *j = (struct office_job *)job;
    arena_free(&j->arena);
    free(j);
}

static void job_work(struct web_job *job, struct store_conn *db)
{
    struct office_job *j = (struct office_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    j->err[0] = '\0';
    int rc = j->write(db, j, j->err, sizeof j->err);
    if (rc == 0) {
        struct str object = j->object;
        object.n = utf8_truncate(object, 300);
        struct str detail = j->detail.p ? j->detail : STR("");
        detail.n = utf8_truncate(detail, 1500);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), j->action, object, detail);
    } else
        j->refused = !store_failed(db) && j->err[0];
    j->rc = store_write_finish(db, rc);
}

static int job_finish(struct web_req *r, struct web_job *job)
{
    struct office_job *j = (struct office_job *)job;
    r->no_store = true;
    r->cacheable = false;
    if (j->rc == 0)
        return web_redirect(r, 303,
                            arena_printf(r->arena, "%s%cthong-bao=da-luu", j->back, strchr(j->back, '?') ? '&' : '?'));
    if (!j->refused)
        return -1;
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct office_state st = {.status = 400, .id = j->id, .posted = &j->kept, .form_id = str_cstr(j->form_id)};
    st.key = arena_strdup(r->arena, j->key, strlen(j->key));
    struct str message = arena_strdup(r->arena, j->err, strlen(j->err));
    if (j->problem_field)
        office_problem(&st, j->problem_field, message);
    st.error = message;
    return j->render(r, s, &st);
}

struct office_job *office_job_new(struct web_req *r, const struct people_session *s, const char *form_id,
                                  const char *back, office_write_fn write, office_render_fn render, const char *action)
{
    struct office_job *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    arena_init(&j->arena, 4096);
    j->job.work = job_work;
    j->job.finish = job_finish;
    j->job.release = job_release;
    j->write = write;
    j->render = render;
    j->action = action;
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    snprintf(j->form_id, sizeof j->form_id, "%s", form_id);
    snprintf(j->back, sizeof j->back, "%s", back);
    /* the form, kept to be drawn again after a refusal */
    j->kept.fields = ARENA_ARRAY(&j->arena, struct http_form_field, r->form.n_fields + 1);
    for (size_t i = 0; i < r->form.n_fields; i++) {
        j->kept.fields[i].name = office_keep(j, r->form.fields[i].name);
        j->kept.fields[i].value = office_keep(j, r->form.fields[i].value);
    }
    j->kept.n_fields = r->form.n_fields;
    return j;
}

struct str office_keep(struct office_job *j, struct str s) { return arena_strdup(&j->arena, s.p ? s.p : "", s.n); }

int office_defer(struct web_req *r, struct office_job *j) { return web_defer(r, &j->job); }

void office_routes_add(const struct office_route *routes, size_t n)
{
    static const char *const params[] = {"thong-bao", "thu-hoi", "sua", "bo", "ten", "trang", "trang-tc", "xa", "nam",
                                         "qua-han", NULL};
    struct http_form_limits form = {.max_fields = 120, .max_value = 8192, .max_name = 32, .max_part_head = 1024};
    for (size_t i = 0; i < n; i++)
        router_add((struct route){.pattern = routes[i].pattern,
                                  .get = routes[i].get,
                                  .post = routes[i].post,
                                  .known_params = params,
                                  .flags = ROUTE_FORM | ROUTE_WORKER,
                                  .max_body = 65536,
                                  .form = form});
}
