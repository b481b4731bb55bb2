/*
 * office_accounts.c - the office's page for the NTM accounts
 * (/quan-tri/nong-thon-moi/van-phong/tai-khoan/): which communes a commune
 * reporter enters and which department a department officer belongs to
 * (ntm_scope_*). Accounts and roles are the people module's, read through
 * people.h; the newsroom's user page links here (?ten=LOGIN).
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

#define ACCOUNTS OFFICE_PATH "tai-khoan/"

static bool is_ntm_role(enum people_role role)
{
    return role == ROLE_NTM_OFFICE || role == ROLE_NTM_DEPARTMENT || role == ROLE_NTM_REPORTER;
}

/* The names of scope units, "Xã A, Xã B" (codes for units outside the province). */
static struct str units_text(struct office_page *p, const struct ntm_scope *sc)
{
    if (!sc->n_units)
        return STR("Chưa giao xã nào");
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < sc->n_units; i++) {
        const struct ntm_unit *u = NULL;
        for (size_t k = 0; k < p->n_units; k++)
            if (p->units[k].id == sc->units[i])
                u = &p->units[k];
        if (i)
            buf_append(&b, ", ", 2);
        if (u)
            buf_append(&b, u->full_name.p, u->full_name.n);
        else
            buf_printf(&b, "đơn vị số %lld", (long long)sc->units[i]);
    }
    struct str out = arena_strdup(p->r->arena, b.p, b.n);
    buf_free(&b);
    return out;
}

static int accounts_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "tai-khoan/", "Tài khoản nông thôn mới",
                          "Các tài khoản của bộ theo dõi nông thôn mới và phạm vi được nhập số liệu: cán bộ xã chỉ "
                          "nhập xã được giao, cán bộ sở, ngành nhập các tiêu chí giao cho sở, ngành của mình. Tài "
                          "khoản mới và vai trò do quản trị tạo ở trang Người dùng.") != 0)
        return -1;
    struct people_user *users;
    size_t n;
    if (people_user_list(r->db, r->arena, &users, &n) != 0)
        return -1;
    static const char *const heads[] = {"Tài khoản", "Họ tên", "Vai trò", "Xã được giao", "Sở, ngành", NULL};
    struct ntm_office_table *t = office_table(&p, "Tài khoản nông thôn mới",
                                              "Chưa có tài khoản nào mang vai trò nông thôn mới.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct people_user *u = &users[i];
        if (!is_ntm_role(u->role))
            continue;
        struct ntm_scope sc;
        if (ntm_scope_read(r->db, u->id, r->arena, &sc) != 0)
            return -1;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "tai-khoan-%lld", (long long)u->id));
        office_cell(row, u->login, arena_printf(r->arena, ACCOUNTS "%lld", (long long)u->id));
        office_cell(row, u->name, STR_NULL);
        office_cell(row, str_cstr(people_role_title(u->role)), STR_NULL);
        office_cell(row, u->role == ROLE_NTM_REPORTER ? units_text(&p, &sc) : STR("Mọi xã"), STR_NULL);
        office_cell(row,
                    u->role == ROLE_NTM_DEPARTMENT ? (sc.department.n ? sc.department : STR("Chưa giao")) : STR("—"),
                    STR_NULL);
    }
    return office_page_end(&p);
}

/* ?ten=LOGIN (the newsroom's user page links so) goes to that account's page. */
static int accounts_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct str login = web_param(r, "ten");
    if (login.n) {
        struct people_user u;
        int found = login.n <= 64 ? people_user_by_login(r->db, r->arena, login, &u) : 0;
        if (found < 0)
            return -1;
        if (!found || !is_ntm_role(u.role))
            return web_error(r, 404);
        r->no_store = true;
        r->cacheable = false;
        return web_redirect(r, 303, arena_printf(r->arena, ACCOUNTS "%lld", (long long)u.id));
    }
    return accounts_render(r, s, NULL);
}

static int account_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    int64_t id = st && st->id ? st->id : office_id(r->captures[0]);
    struct people_user u;
    int found = people_user_by_id(r->db, r->arena, id, &u);
    if (found < 0)
        return -1;
    if (!found || !is_ntm_role(u.role))
        return web_error(r, 404);
    struct office_page p;
    const char *title = u.role == ROLE_NTM_REPORTER     ? "Xã được giao cho tài khoản"
                        : u.role == ROLE_NTM_DEPARTMENT ? "Sở, ngành của tài khoản"
                                                        : "Tài khoản Văn phòng Điều phối";
    struct office_state fresh = {.status = 200, .id = id};
    if (office_page_begin(&p, r, s, st ? st : &fresh, "tai-khoan/", title, NULL) != 0)
        return -1;
    p.v.intro = arena_printf(r->arena, "Tài khoản %.*s (%.*s), vai trò %s.", (int)u.login.n, u.login.p, (int)u.name.n,
                             u.name.p, people_role_title(u.role));
    p.v.back_url = STR(ACCOUNTS);
    p.v.back_label = STR("← Các tài khoản nông thôn mới");
    struct ntm_scope sc;
    if (ntm_scope_read(r->db, id, r->arena, &sc) != 0)
        return -1;
    struct str action = arena_printf(r->arena, ACCOUNTS "%lld", (long long)id);
    if (u.role == ROLE_NTM_REPORTER) {
        struct ntm_office_form *fm = office_form(&p, "pham-vi", "Xã, phường được nhập số liệu", action, "Lưu", 2);
        fm->intro = arena_printf(r->arena,
                                 "Chọn tối đa %d xã, phường của tỉnh; cán bộ chỉ xem và nhập được số liệu của các "
                                 "xã đã chọn.",
                                 NTM_SCOPE_MAX_UNITS);
        struct ntm_office_field *fd = office_field(&p, fm, "xa", "Xã, phường", "checks", STR_NULL);
        for (size_t i = 0; i < p.n_units; i++)
            office_choice(&p, fd, arena_printf(r->arena, "%lld", (long long)p.units[i].id), p.units[i].full_name,
                          ntm_scope_has_unit(&sc, p.units[i].id));
    } else if (u.role == ROLE_NTM_DEPARTMENT) {
        struct str *names;
        size_t n;
        if (ntm_departments(r->db, r->arena, &names, &n) != 0)
            return -1;
        struct ntm_office_form *fm = office_form(&p, "pham-vi", "Sở, ngành của cán bộ", action, "Lưu", 2);
        fm->intro = STR("Cán bộ nhập được các chỉ tiêu của những tiêu chí giao cho sở, ngành này (trang Phân công).");
        struct ntm_office_field *fd = office_field(&p, fm, "so-nganh", "Sở, ngành", "select", sc.department);
        office_choice(&p, fd, STR(""), STR("(chưa giao)"), false);
        for (size_t i = 0; i < n; i++)
            office_choice(&p, fd, names[i], names[i], false);
    } else
        p.v.intro = arena_printf(r->arena,
                                 "Tài khoản %.*s thuộc Văn phòng Điều phối: xem và duyệt số liệu của mọi xã, không "
                                 "cần giao phạm vi.",
                                 (int)u.login.n, u.login.p);
    return office_page_end(&p);
}

static int account_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return account_render(r, s, NULL);
}

static int w_scope(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->flag)
        return ntm_scope_set_units(db, j->id, j->ids, j->n_ids, err, errlen);
    return ntm_scope_set_department(db, j->id, j->t1, err, errlen);
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int account_save(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    int64_t id = office_id(r->captures[0]);
    struct people_user u;
    int found = people_user_by_id(r->db, r->arena, id, &u);
    if (found < 0)
        return -1;
    if (!found || !is_ntm_role(u.role))
        return web_error(r, 404);
    struct office_state st = {.status = 400, .id = id, .posted = &r->form, .form_id = STR("pham-vi")};
    if (u.role == ROLE_NTM_OFFICE) {
        st.error = STR("Tài khoản Văn phòng Điều phối không cần giao xã hay sở, ngành.");
        return account_render(r, s, &st);
    }
    int64_t ids[NTM_SCOPE_MAX_UNITS];
    size_t n_ids = 0;
    struct str department = STR_NULL;
    struct buf detail = BUF_INIT;
    if (u.role == ROLE_NTM_REPORTER) {
        struct ntm_unit *units;
        size_t n;
        if (office_home_units(r, &units, &n) < 0)
            return -1;
        bool too_many = false, unknown = false;
        for (size_t i = 0; i < r->form.n_fields; i++) {
            if (!str_eq_lit(r->form.fields[i].name, "xa"))
                continue;
            const struct ntm_unit *unit = office_unit_in(units, n, r->form.fields[i].value);
            bool dup = false;
            for (size_t k = 0; unit && k < n_ids; k++)
                dup |= ids[k] == unit->id;
            if (!unit)
                unknown = true;
            else if (dup)
                continue;
            else if (n_ids == NTM_SCOPE_MAX_UNITS)
                too_many = true;
            else {
                ids[n_ids++] = unit->id;
                buf_printf(&detail, "%s%.*s", n_ids > 1 ? ", " : "xã: ", (int)unit->full_name.n, unit->full_name.p);
            }
        }
        if (unknown)
            office_problem(&st, "xa", STR("Có xã không thuộc danh sách của tỉnh; hãy chọn lại trong danh sách."));
        else if (too_many)
            office_problem(&st, "xa",
                           arena_printf(r->arena, "Một tài khoản chỉ được giao tối đa %d xã.", NTM_SCOPE_MAX_UNITS));
        if (!n_ids)
            buf_printf(&detail, "bỏ giao mọi xã");
        qsort(ids, n_ids, sizeof ids[0], cmp_id);
    } else {
        department = office_value(r, "so-nganh");
        struct str *names;
        size_t n;
        if (ntm_departments(r->db, r->arena, &names, &n) != 0)
            return -1;
        bool known = !department.n;
        for (size_t i = 0; i < n && !known; i++)
            known = str_eq(names[i], department);
        if (!known)
            office_problem(&st, "so-nganh", STR("Hãy chọn một sở, ngành trong danh sách."));
        buf_printf(&detail, "sở, ngành: %.*s", (int)department.n, department.p);
    }
    struct office_job *j =
        st.n_problems ? NULL : office_job_new(r, s, "pham-vi", ACCOUNTS, w_scope, account_render, "ntm_scope");
    if (j) {
        j->id = id;
        j->flag = u.role == ROLE_NTM_REPORTER;
        memcpy(j->ids, ids, n_ids * sizeof ids[0]);
        j->n_ids = n_ids;
        j->t1 = office_keep(j, department);
        j->object = office_keep(j, arena_printf(r->arena, "tài khoản %.*s", (int)u.login.n, u.login.p));
        j->detail = office_keep(j, str_make(detail.p ? detail.p : "", detail.n));
    }
    buf_free(&detail);
    if (st.n_problems)
        return account_render(r, s, &st);
    return j ? office_defer(r, j) : -1;
}

void ntm_office_accounts_register(void)
{
    static const struct office_route routes[] = {
        {ACCOUNTS, accounts_page, NULL},
        {ACCOUNTS "*", account_page, account_save},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
