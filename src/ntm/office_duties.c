/*
 * office_duties.c - the office's page for responsibility
 * (/quan-tri/nong-thon-moi/van-phong/phan-cong/): the department or
 * steering-committee member leading or supporting each criterion of a set
 * (?bo=CODE; the set in force by default), added, edited and removed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "people/admin.h"
#include "text/utf8.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define DUTIES OFFICE_PATH "phan-cong/"

#define KINDS OFFICE_DUTY_KINDS
#define ROLES OFFICE_DUTY_ROLES

/* The set the page shows into *set: ?bo= when it names a set with
 * criteria, else the one in force. 1; 0 when ?bo= names none (*set is then
 * the one in force); -1 when the database failed. */
static int duty_set(struct web_req *r, const char **set)
{
    struct str asked = web_param(r, "bo");
    *set = office_set_now(r);
    if (!asked.n)
        return 1;
    if (asked.n >= 64)
        return 0;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    const char *code = ntm_cstr(r->arena, asked);
    if (ntm_office_list(r->db, NTM_LIST_SET_CRITERIA, code, r->arena, &rows, &n, &more) != 0)
        return -1;
    if (!n)
        return 0;
    *set = code;
    return 1;
}

/* The departments that some unlocked department officer's account is
 * given (ntm_scope): a department without one has no one to enter the
 * figures of its criteria. */
static int departments_with_accounts(struct web_req *r, struct str **out, size_t *n_out)
{
    struct people_user *users;
    size_t n;
    *out = NULL;
    *n_out = 0;
    if (people_user_list(r->db, r->arena, &users, &n) != 0)
        return -1;
    struct str *names = ARENA_ARRAY(r->arena, struct str, n ? n : 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (users[i].role != ROLE_NTM_DEPARTMENT || users[i].locked)
            continue;
        struct ntm_scope sc;
        if (ntm_scope_read(r->db, users[i].id, r->arena, &sc) != 0)
            return -1;
        if (sc.department.n)
            names[k++] = sc.department;
    }
    *out = names;
    *n_out = k;
    return 0;
}

static bool has_account(const struct str *names, size_t n, struct str department)
{
    for (size_t i = 0; i < n; i++)
        if (str_eq(names[i], department))
            return true;
    return false;
}

static int duties_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "phan-cong/", "Phân công phụ trách tiêu chí",
                          "Sở, ngành hoặc thành viên Ban Chỉ đạo chủ trì, phối hợp thực hiện từng tiêu chí. Cán bộ "
                          "sở, ngành nhập số liệu các tiêu chí giao cho sở, ngành của mình.") != 0)
        return -1;
    const char *set;
    int known = duty_set(r, &set);
    if (known < 0)
        return -1;
    if (!known)
        office_filter_wrong(&p, STR("Không có bộ tiêu chí này: trang đang hiện bộ tiêu chí đang áp dụng."));
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_RESPONSIBLE, set, r->arena, &rows, &n, &more) != 0)
        return -1;
    struct str *staffed;
    size_t n_staffed;
    if (departments_with_accounts(r, &staffed, &n_staffed) != 0)
        return -1;
    static const char *const heads[] = {"Tiêu chí", "Loại", "Tên", "Vai trò", "Sửa", NULL};
    struct ntm_office_table *t = office_table(&p, "Phân công theo tiêu chí", "Chưa có phân công nào.", heads, n, true);
    struct str editing = web_param(r, "sua");
    int64_t edit_id = st && st->id ? st->id : office_id(editing);
    const struct ntm_office_row_data *edited = NULL;
    size_t unstaffed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (x->id == edit_id)
            edited = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "phan-cong-%lld", (long long)x->id));
        office_cell(row,
                    arena_printf(r->arena, "%.*s. %.*s", (int)x->col[1].n, x->col[1].p, (int)x->col[2].n, x->col[2].p),
                    STR_NULL);
        office_cell(row, office_label_of(KINDS, x->col[3]), STR_NULL);
        if (str_eq_lit(x->col[3], "department") && !has_account(staffed, n_staffed, x->col[4])) {
            office_cell(row,
                        arena_printf(r->arena, "%.*s (chưa có tài khoản nhập số liệu)", (int)x->col[4].n,
                                     x->col[4].p),
                        STR(OFFICE_PATH "tai-khoan/"));
            unstaffed++;
        } else
            office_cell(row, x->col[4], STR_NULL);
        office_cell(row, office_label_of(ROLES, x->col[5]), STR_NULL);
        office_cell(row, STR("Sửa"), arena_printf(r->arena, DUTIES "?sua=%lld#phan-cong-sua", (long long)x->id));
        office_button(&p, row, arena_printf(r->arena, DUTIES "%lld/go", (long long)x->id), "go", "1", "Gỡ");
    }
    p.v.intro = arena_printf(r->arena, "%.*s Đang xem bộ tiêu chí %s.", (int)p.v.intro.n, p.v.intro.p, set);
    if (unstaffed)
        p.v.intro = arena_printf(r->arena,
                                 "%.*s %zu phân công cho sở, ngành chưa có tài khoản cán bộ sở, ngành nào (đang mở) "
                                 "được giao: số liệu các tiêu chí ấy chưa có người nhập. Giao sở, ngành cho tài khoản "
                                 "ở trang Tài khoản nông thôn mới.",
                                 (int)p.v.intro.n, p.v.intro.p, unstaffed);
    if (edited) {
        struct ntm_office_form *fm =
            office_form(&p, "phan-cong-sua", "Sửa phân công",
                        arena_printf(r->arena, DUTIES "%lld", (long long)edited->id), "Lưu", 3);
        fm->intro = arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)edited->col[1].n, edited->col[1].p,
                                 (int)edited->col[2].n, edited->col[2].p);
        office_code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", edited->col[3]), KINDS, NULL);
        office_field(&p, fm, "ten", "Tên sở, ngành hoặc thành viên", "text", edited->col[4]);
        office_code_choices(&p, office_field(&p, fm, "vai-tro", "Vai trò", "select", edited->col[5]), ROLES, NULL);
    }
    struct ntm_office_form *fm =
        office_form(&p, "phan-cong", "Thêm phân công", arena_printf(r->arena, DUTIES "?bo=%s", set), "Thêm", 4);
    if (office_criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí", "select", STR_NULL), set,
                                "(chọn tiêu chí)") != 0)
        return -1;
    office_code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("department")), KINDS, NULL);
    office_field(&p, fm, "ten", "Tên sở, ngành hoặc thành viên", "text", STR_NULL);
    office_code_choices(&p, office_field(&p, fm, "vai-tro", "Vai trò", "select", STR("lead")), ROLES, NULL);
    return office_page_end(&p);
}

static int duties_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return duties_render(r, s, NULL);
}

enum { DUTY_ADD = 1, DUTY_EDIT, DUTY_REMOVE };

static int w_duty(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    switch (j->y1) {
    case DUTY_ADD: return ntm_responsible_add(db, j->ref_id, j->c1, j->t1, j->c2, err, errlen);
    case DUTY_EDIT: return ntm_responsible_update(db, j->id, j->c1, j->t1, j->c2, err, errlen);
    default: return ntm_responsible_remove(db, j->id, err, errlen);
    }
}

static int duty_save(struct web_req *r, int verb)
{
    OFFICE_REQUIRE(r, s);
    int64_t id = verb == DUTY_ADD ? 0 : office_id(r->captures[0]);
    const char *form_id = verb == DUTY_ADD ? "phan-cong" : "phan-cong-sua";
    struct office_state st = {.status = 400, .id = id, .posted = &r->form, .form_id = str_cstr(form_id)};
    struct str criterion_label = STR("");
    int64_t criterion = 0;
    const struct code_label *kind = NULL, *role = NULL;
    struct str name = office_value(r, "ten");
    const char *shown; /* the set the page showed */
    if (duty_set(r, &shown) < 0)
        return -1;
    if (verb == DUTY_ADD) {
        criterion = office_criterion_in(r, shown, office_value(r, "tieu-chi"), &criterion_label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    } else if (!id)
        return web_error(r, 404);
    if (verb != DUTY_REMOVE) {
        if (!(kind = office_code_of(KINDS, office_value(r, "loai"))))
            office_problem(&st, "loai", STR("Hãy chọn sở, ngành hay thành viên Ban Chỉ đạo."));
        if (!(role = office_code_of(ROLES, office_value(r, "vai-tro"))))
            office_problem(&st, "vai-tro", STR("Hãy chọn chủ trì hay phối hợp."));
        const char *bad = office_line_problem(name, 200, true);
        if (bad)
            office_problem(&st, "ten", str_cstr(bad));
    }
    if (st.n_problems)
        return duties_render(r, s, &st);
    static const char *const actions[] = {NULL, "ntm_responsible_add", "ntm_responsible_edit",
                                          "ntm_responsible_remove"};
    struct office_job *j = office_job_new(r, s, form_id, DUTIES, w_duty, duties_render, actions[verb]);
    if (!j)
        return -1;
    /* back to the set the office was looking at, not the one in force */
    if (web_param(r, "bo").n && strspn(shown, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.") ==
                                    strlen(shown))
        snprintf(j->back, sizeof j->back, "%s?bo=%s", DUTIES, shown);
    j->y1 = verb;
    j->id = id;
    j->ref_id = criterion;
    j->c1 = kind ? kind->code : NULL;
    j->c2 = role ? role->code : NULL;
    j->t1 = office_keep(j, name);
    j->object =
        office_keep(j, verb == DUTY_ADD ? criterion_label : arena_printf(r->arena, "phân công số %lld", (long long)id));
    j->detail = office_keep(
        j, verb == DUTY_REMOVE ? STR("gỡ")
                               : arena_printf(r->arena, "%s: %.*s, %s", kind->label, (int)name.n, name.p, role->label));
    return office_defer(r, j);
}

static int duty_add(struct web_req *r) { return duty_save(r, DUTY_ADD); }
static int duty_edit(struct web_req *r) { return duty_save(r, DUTY_EDIT); }
static int duty_remove(struct web_req *r) { return duty_save(r, DUTY_REMOVE); }

void ntm_office_duties_register(void)
{
    static const struct office_route routes[] = {
        {DUTIES, duties_page, duty_add},
        {DUTIES "*/go", NULL, duty_remove},
        {DUTIES "*", NULL, duty_edit},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
