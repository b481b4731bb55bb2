/*
 * office_pages.c - the office's management pages under
 * /quan-tri/nong-thon-moi/van-phong/ (office_web.h has the machinery):
 *
 *   tai-khoan/          the NTM accounts and what each may enter
 *   tai-khoan/ID        the communes of a reporter, the department of an officer
 *   cong-nhan/          recognition decisions (refused when the accepted data
 *                       does not meet every criterion), revocation
 *   ke-hoach/           the plan framework: per status, per criterion
 *   phan-cong/          who answers for each criterion (add, edit, remove)
 *   do-dau/             sponsors assigned to communes, their tasks and states
 *   mo-hinh/            model residential areas and gardens
 *   nguon-von/          funds per commune, year and source
 *   don-vi/             merging and splitting communes
 *
 * Every request needs RIGHT_NTM_MANAGE (the office and administrators;
 * others 403, anonymous visitors are sent to the login page), every POST
 * the session's CSRF token (people_require). Lists hold the home
 * province's communes (ntm_home_province).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "docs/docs.h"
#include "docs/number.h"
#include "docs/view.h"
#include "http/router.h"
#include "people/admin.h"
#include "text/utf8.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define ACCOUNTS OFFICE_PATH "tai-khoan/"
#define RECOGNITION OFFICE_PATH "cong-nhan/"
#define PLANS OFFICE_PATH "ke-hoach/"
#define DUTIES OFFICE_PATH "phan-cong/"
#define SPONSORS OFFICE_PATH "do-dau/"
#define MODELS OFFICE_PATH "mo-hinh/"
#define FUNDS OFFICE_PATH "nguon-von/"
#define UNITS OFFICE_PATH "don-vi/"

struct code_label {
    const char *code, *label;
};

static const struct code_label STATUSES[] = {
    {"ntm", "Nông thôn mới"},
    {"nang_cao", "Nông thôn mới nâng cao"},
    {"kieu_mau", "Nông thôn mới kiểu mẫu"},
    {"hien_dai", "Nông thôn mới hiện đại"},
    {NULL, NULL},
};
static const struct code_label ACTS[] = {
    {"cong_nhan", "Công nhận"},
    {"cong_nhan_lai", "Công nhận lại"},
    {"thua_nhan", "Thừa nhận sau sắp xếp đơn vị"},
    {"thu_hoi", "Thu hồi"},
    {NULL, NULL},
};
static const struct code_label PLAN_STATES[] = {{"draft", "Dự thảo"}, {"approved", "Đã phê duyệt"}, {NULL, NULL}};
static const struct code_label KINDS[] = {
    {"department", "Sở, ngành"}, {"member", "Thành viên Ban Chỉ đạo"}, {NULL, NULL}};
static const struct code_label ROLES[] = {{"lead", "Chủ trì"}, {"support", "Phối hợp"}, {NULL, NULL}};
static const struct code_label TASK_STATES[] = {{"planned", "Chưa thực hiện"},
                                                {"doing", "Đang thực hiện"},
                                                {"done", "Đã hoàn thành"},
                                                {"dropped", "Không thực hiện"},
                                                {NULL, NULL}};
static const struct code_label MODEL_KINDS[] = {
    {"khu_dan_cu", "Khu dân cư kiểu mẫu"}, {"vuon", "Vườn mẫu"}, {NULL, NULL}};
static const struct code_label MODEL_STATES[] = {{"registered", "Đăng ký"},
                                                 {"building", "Đang xây dựng"},
                                                 {"recognised", "Đã được công nhận"},
                                                 {"revoked", "Bị thu hồi"},
                                                 {NULL, NULL}};
static const struct code_label SOURCES[] = {{"ngan_sach_tw", "Ngân sách trung ương"},
                                            {"ngan_sach_dp", "Ngân sách địa phương"},
                                            {"tin_dung", "Vốn tín dụng"},
                                            {"doanh_nghiep", "Doanh nghiệp"},
                                            {"cong_dong", "Cộng đồng dân cư"},
                                            {"khac", "Nguồn khác"},
                                            {NULL, NULL}};
static const struct code_label UNIT_KINDS[] = {
    {"xa", "Xã"}, {"phuong", "Phường"}, {"dac_khu", "Đặc khu"}, {NULL, NULL}};

/* The entry of `list` whose code is `value`, or NULL. */
static const struct code_label *code_of(const struct code_label *list, struct str value)
{
    for (; list->code; list++)
        if (str_eq_lit(value, list->code))
            return list;
    return NULL;
}

static struct str label_of(const struct code_label *list, struct str code)
{
    const struct code_label *c = code_of(list, code);
    return c ? str_cstr(c->label) : code;
}

static void code_choices(struct office_page *p, struct ntm_office_field *fd, const struct code_label *list,
                         const char *empty)
{
    if (empty)
        office_choice(p, fd, STR(""), str_cstr(empty), false);
    for (; list->code; list++)
        office_choice(p, fd, str_cstr(list->code), str_cstr(list->label), false);
}

/* "2026-03-08" -> "08/03/2026"; anything else as it is. */
static struct str vn_date(struct arena *a, struct str iso)
{
    if (iso.n != 10 || iso.p[4] != '-' || iso.p[7] != '-')
        return iso;
    return arena_printf(a, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

static bool iso_date(struct str s)
{
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
            return false;
    int m = (s.p[5] - '0') * 10 + (s.p[6] - '0'), d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A one-line text of at most `max` characters; its problem or NULL. */
static const char *line_problem(struct str v, size_t max, bool required)
{
    if (!v.n)
        return required ? "Cần điền ô này." : NULL;
    if (utf8_count(v) > max || memchr(v.p, '\n', v.n))
        return "Chỉ một dòng, quá dài.";
    return NULL;
}

/* A number typed the Vietnamese way ("1.250,5" or "1250.5"): false when it
 * is not one, negative, or larger than 1e12. */
static bool amount_of(struct str v, double *out)
{
    char buf[40];
    size_t k = 0;
    size_t commas = 0, dots = 0;
    for (size_t i = 0; i < v.n; i++)
        commas += v.p[i] == ',', dots += v.p[i] == '.';
    if (!v.n || v.n >= sizeof buf)
        return false;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        if (c >= '0' && c <= '9')
            buf[k++] = c;
        else if (c == ',')
            buf[k++] = '.';
        else if (c == '.') {
            if (commas == 0 && dots == 1)
                buf[k++] = '.'; /* "1250.5" */
            /* else a thousands separator */
        } else
            return false;
    }
    buf[k] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (!k || *end || !isfinite(d) || d < 0 || d > 1e12)
        return false;
    *out = d;
    return true;
}

/* "12.500,5" for the lists. */
static struct str vn_amount(struct arena *a, double d)
{
    char raw[48];
    snprintf(raw, sizeof raw, "%.1f", d);
    char *dot = strchr(raw, '.');
    bool fraction = dot && dot[1] != '0';
    if (dot)
        *dot = '\0';
    char out[64];
    size_t n = strlen(raw), k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            out[k++] = '.';
        out[k++] = raw[i];
    }
    if (fraction) {
        out[k++] = ',';
        out[k++] = dot[1];
    }
    return arena_strdup(a, out, k);
}

static struct str unit_url(struct arena *a, struct str code)
{
    return arena_printf(a, "/nong-thon-moi/xa/%.*s", (int)code.n, code.p);
}

/* The home province's current units (for checking a posted form). */
static int home_units(struct web_req *r, struct ntm_unit **units, size_t *n)
{
    char province[16];
    *units = NULL;
    *n = 0;
    int rc = ntm_home_province(r->db, province, sizeof province);
    if (rc <= 0)
        return rc;
    return ntm_units_of(r->db, province, r->arena, units, n);
}

static const struct ntm_unit *unit_in(const struct ntm_unit *units, size_t n, struct str value)
{
    int64_t id = office_id(value);
    for (size_t i = 0; id && i < n; i++)
        if (units[i].id == id)
            return &units[i];
    return NULL;
}

#define REQUIRE(r, s)                                                                                                  \
    int answered_;                                                                                                     \
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered_);                                  \
    if (!s)                                                                                                            \
    return answered_

/* ===================================================================================== */
/* tai-khoan/: the NTM accounts                                                         */
/* ===================================================================================== */

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
    REQUIRE(r, s);
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
    REQUIRE(r, s);
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
    REQUIRE(r, s);
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
        if (home_units(r, &units, &n) < 0)
            return -1;
        bool too_many = false, unknown = false;
        for (size_t i = 0; i < r->form.n_fields; i++) {
            if (!str_eq_lit(r->form.fields[i].name, "xa"))
                continue;
            const struct ntm_unit *unit = unit_in(units, n, r->form.fields[i].value);
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

/* ===================================================================================== */
/* cong-nhan/: recognition decisions                                                    */
/* ===================================================================================== */

static int recognitions_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "cong-nhan/", "Công nhận đạt chuẩn",
                          "Quyết định công nhận, công nhận lại, thừa nhận và thu hồi danh hiệu của các xã. Công nhận "
                          "chỉ được ghi khi kết quả đánh giá cả năm đã được chấp nhận của xã, theo bộ tiêu chí đang "
                          "áp dụng, đạt mọi tiêu chí.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_RECOGNITIONS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Danh hiệu",        "Loại",    "Năm đạt chuẩn", "Số quyết định",
                                        "Ngày ký",    "Cơ quan ban hành", "Văn bản", "Thu hồi",       NULL};
    struct ntm_office_table *t =
        office_table(&p, more ? "Quyết định công nhận (2.000 quyết định mới nhất)" : "Quyết định công nhận",
                     "Chưa có quyết định nào.", heads, n, false);
    struct str revoke = web_param(r, "thu-hoi");
    const struct ntm_office_row_data *revoking = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (office_id(revoke) == x->id)
            revoking = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "cong-nhan-%lld", (long long)x->id));
        office_cell(row, x->col[1], unit_url(r->arena, x->col[0]));
        office_cell(row, label_of(STATUSES, x->col[2]), STR_NULL);
        office_cell(row, label_of(ACTS, x->col[3]), STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
        office_cell(row, x->col[5], STR_NULL);
        office_cell(row, vn_date(r->arena, x->col[6]), STR_NULL);
        office_cell(row, x->col[7], STR_NULL);
        int64_t doc = office_id(x->col[8]);
        office_cell(row, doc ? STR("Xem văn bản") : STR("—"),
                    doc ? arena_printf(r->arena, "/van-ban/%lld.html", (long long)doc) : STR_NULL);
        bool grant = !str_eq_lit(x->col[3], "thu_hoi");
        office_cell(row, grant ? STR("Thu hồi…") : STR("—"),
                    grant ? arena_printf(r->arena, RECOGNITION "?thu-hoi=%lld#cong-nhan", (long long)x->id) : STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "cong-nhan", revoking ? "Thu hồi danh hiệu" : "Ghi quyết định",
                                             STR(RECOGNITION), "Ghi quyết định", 8);
    fm->intro = STR("Số quyết định được kiểm tra theo quy tắc số, ký hiệu văn bản; nếu văn bản đã có trong mục Văn "
                    "bản của cổng, trang công khai của xã dẫn tới văn bản đó.");
    const struct ntm_unit *revoked_unit = NULL;
    if (revoking)
        for (size_t i = 0; i < p.n_units; i++)
            if (str_eq(p.units[i].code, revoking->col[0]))
                revoked_unit = &p.units[i];
    struct ntm_office_field *fd =
        office_field(&p, fm, "don-vi", "Xã, phường", "select",
                     revoked_unit ? arena_printf(r->arena, "%lld", (long long)revoked_unit->id) : STR_NULL);
    office_unit_choices(&p, fd, true);
    fd = office_field(&p, fm, "danh-hieu", "Danh hiệu", "select", revoking ? revoking->col[2] : STR("ntm"));
    code_choices(&p, fd, STATUSES, NULL);
    fd = office_field(&p, fm, "loai", "Loại quyết định", "select", revoking ? STR("thu_hoi") : STR("cong_nhan"));
    code_choices(&p, fd, ACTS, NULL);
    fd = office_field(&p, fm, "nam", "Năm đạt chuẩn", "number", revoking ? revoking->col[4] : STR_NULL);
    fd = office_field(&p, fm, "so", "Số quyết định (ví dụ 3368/QĐ-UBND)", "text", STR_NULL);
    fd = office_field(&p, fm, "ngay", "Ngày ký", "date", STR_NULL);
    fd->hint = STR("Dạng năm-tháng-ngày, ví dụ 2026-03-08.");
    fd = office_field(&p, fm, "co-quan", "Cơ quan, người ký", "text", STR("Chủ tịch UBND tỉnh"));
    return office_page_end(&p);
}

static int recognitions_page(struct web_req *r)
{
    REQUIRE(r, s);
    return recognitions_render(r, s, NULL);
}

static int w_recognition(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    /* the document in /van-ban/ with this number, when it is there */
    struct arena a;
    arena_init(&a, 2048);
    struct docs_item *docs;
    size_t n = 0;
    const char *problem = NULL;
    int rc = docs_find_by_number(db, &a, j->t1, j->now, 1, &docs, &n, &problem);
    int64_t document = rc == 0 && n ? docs[0].id : 0;
    arena_free(&a);
    if (rc == -1)
        return ntm_refuse_sql(db, err, errlen, "tìm văn bản");
    struct ntm_recognition_input in = {
        .unit_id = j->unit_id,
        .status = j->c1,
        .act = j->c2,
        .year = (int)j->y1,
        .decision_no = j->t1,
        .decided_on = j->t2.p,
        .issuer = j->t3,
        .set_code = NULL,
        .document_id = document,
    };
    rc = ntm_recognition_grant(db, &in, &j->made_id, err, errlen);
    if (rc == 0 && document) {
        char more[64];
        snprintf(more, sizeof more, "; văn bản số %lld", (long long)document);
        j->detail = office_keep(j, arena_printf(&j->arena, "%.*s%s", (int)j->detail.n, j->detail.p, more));
    }
    return rc;
}

static int recognition_add(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("cong-nhan")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = unit_in(units, n, office_value(r, "don-vi"));
    const struct code_label *status = code_of(STATUSES, office_value(r, "danh-hieu"));
    const struct code_label *act = code_of(ACTS, office_value(r, "loai"));
    long year = 0;
    struct str number = office_value(r, "so"), date = office_value(r, "ngay"), issuer = office_value(r, "co-quan");
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    if (!status)
        office_problem(&st, "danh-hieu", STR("Hãy chọn danh hiệu."));
    if (!act)
        office_problem(&st, "loai", STR("Hãy chọn loại quyết định."));
    if (!office_int(office_value(r, "nam"), 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm đạt chuẩn phải là một năm từ 2000 đến 2100."));
    struct doc_number num;
    if (!number.n)
        office_problem(&st, "so", STR("Cần số quyết định."));
    else if (number.n > DOC_NUMBER_MAX_INPUT || doc_number_parse(number, &num) != 0)
        office_problem(&st, "so",
                       arena_printf(r->arena, "Số quyết định không hợp lệ: %s",
                                    number.n <= DOC_NUMBER_MAX_INPUT && num.reason ? num.reason : "quá dài."));
    else if (num.family == DOC_INCOMPLETE)
        office_problem(&st, "so", STR("Cần đủ số và ký hiệu, ví dụ 3368/QĐ-UBND."));
    if (!iso_date(date))
        office_problem(&st, "ngay", STR("Ngày ký phải có dạng năm-tháng-ngày, ví dụ 2026-03-08."));
    const char *bad = line_problem(issuer, 300, true);
    if (bad)
        office_problem(&st, "co-quan", str_cstr(bad));
    if (st.n_problems)
        return recognitions_render(r, s, &st);
    struct office_job *j =
        office_job_new(r, s, "cong-nhan", RECOGNITION, w_recognition, recognitions_render, "ntm_recognition");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->c1 = status->code;
    j->c2 = act->code;
    j->y1 = year;
    j->t1 = office_keep(j, number);
    j->t2 = office_keep(j, date);
    j->t3 = office_keep(j, issuer);
    j->problem_field = NULL;
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "%s %s năm %ld; quyết định %.*s ngày %.*s", act->label,
                                            status->label, year, (int)number.n, number.p, (int)date.n, date.p));
    return office_defer(r, j);
}

/* ===================================================================================== */
/* shared by the pages below                                                             */
/* ===================================================================================== */

/* The year of r->now (UTC). */
static int this_year(const struct web_req *r)
{
    time_t t = (time_t)r->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

/* The set in force this year ("QD51-2025"), or the newest one. */
static const char *set_now(const struct web_req *r)
{
    const char *code = ntm_set_for_year(this_year(r));
    return code ? code : "QD51-2025";
}

/* The criteria of set `code` as choices ("17. Môi trường"). -1 on failure. */
static int criteria_choices(struct office_page *p, struct ntm_office_field *fd, const char *code, const char *empty)
{
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(p->r->db, NTM_LIST_SET_CRITERIA, code, p->r->arena, &rows, &n, &more) != 0)
        return -1;
    if (empty)
        office_choice(p, fd, STR(""), str_cstr(empty), false);
    for (size_t i = 0; i < n; i++)
        office_choice(p, fd, arena_printf(p->r->arena, "%lld", (long long)rows[i].id),
                      arena_printf(p->r->arena, "%.*s. %.*s", (int)rows[i].col[0].n, rows[i].col[0].p,
                                   (int)rows[i].col[1].n, rows[i].col[1].p),
                      false);
    return 0;
}

/* The criterion `value` of set `code`: its id with its label in *label, 0
 * when it is not one of them, -1 on failure. */
static int64_t criterion_in(struct web_req *r, const char *code, struct str value, struct str *label)
{
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SET_CRITERIA, code, r->arena, &rows, &n, &more) != 0)
        return -1;
    int64_t id = office_id(value);
    for (size_t i = 0; id && i < n; i++)
        if (rows[i].id == id) {
            *label = arena_printf(r->arena, "tiêu chí %.*s. %.*s", (int)rows[i].col[0].n, rows[i].col[0].p,
                                  (int)rows[i].col[1].n, rows[i].col[1].p);
            return id;
        }
    return 0;
}

static struct str id_text(struct arena *a, int64_t id) { return arena_printf(a, "%lld", (long long)id); }

/* ===================================================================================== */
/* ke-hoach/: the plan framework                                                         */
/* ===================================================================================== */

static int plans_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "ke-hoach/", "Kế hoạch đạt chuẩn",
                          "Năm phấn đấu đạt từng danh hiệu và từng tiêu chí của mỗi xã. Chỉ kế hoạch đã phê duyệt "
                          "hiện trên trang công khai của xã.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_PLANS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Danh hiệu", "Năm phấn đấu", "Trạng thái", NULL};
    struct ntm_office_table *t = office_table(&p, "Năm phấn đấu đạt chuẩn", "Chưa có kế hoạch nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        struct ntm_office_row *row = office_row(&p, t,
                                                arena_printf(r->arena, "ke-hoach-%lld-%.*s", (long long)rows[i].id,
                                                             (int)rows[i].col[2].n, rows[i].col[2].p));
        office_cell(row, rows[i].col[1], unit_url(r->arena, rows[i].col[0]));
        office_cell(row, label_of(STATUSES, rows[i].col[2]), STR_NULL);
        office_cell(row, rows[i].col[3], STR_NULL);
        office_cell(row, label_of(PLAN_STATES, rows[i].col[4]), STR_NULL);
    }
    if (ntm_office_list(r->db, NTM_LIST_PLAN_CRITERIA, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads2[] = {"Xã, phường", "Tiêu chí", "Bộ tiêu chí", "Năm phấn đấu", "Trạng thái", NULL};
    t = office_table(&p, "Năm phấn đấu đạt từng tiêu chí", "Chưa có kế hoạch theo tiêu chí.", heads2, n, false);
    for (size_t i = 0; i < n; i++) {
        struct ntm_office_row *row = office_row(&p, t,
                                                arena_printf(r->arena, "ke-hoach-tc-%lld-%.*s", (long long)rows[i].id,
                                                             (int)rows[i].col[7].n, rows[i].col[7].p));
        office_cell(row, rows[i].col[1], unit_url(r->arena, rows[i].col[0]));
        office_cell(row,
                    arena_printf(r->arena, "%.*s. %.*s", (int)rows[i].col[2].n, rows[i].col[2].p, (int)rows[i].col[3].n,
                                 rows[i].col[3].p),
                    STR_NULL);
        office_cell(row, rows[i].col[4], STR_NULL);
        office_cell(row, rows[i].col[5], STR_NULL);
        office_cell(row, label_of(PLAN_STATES, rows[i].col[6]), STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "ke-hoach", "Đặt năm phấn đấu đạt danh hiệu", STR(PLANS), "Lưu", 4);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    code_choices(&p, office_field(&p, fm, "danh-hieu", "Danh hiệu", "select", STR("ntm")), STATUSES, NULL);
    office_field(&p, fm, "nam", "Năm phấn đấu", "number", STR_NULL);
    office_field(&p, fm, "duyet", "Đã phê duyệt (hiện trên trang công khai)", "checkbox", STR_NULL);
    fm = office_form(&p, "ke-hoach-tieu-chi", "Đặt năm phấn đấu đạt một tiêu chí", STR(PLANS "tieu-chi"), "Lưu", 4);
    fm->intro = arena_printf(r->arena, "Các tiêu chí của bộ tiêu chí đang áp dụng (%s).", set_now(r));
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    if (criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí", "select", STR_NULL), set_now(r),
                         "(chọn tiêu chí)") != 0)
        return -1;
    office_field(&p, fm, "nam", "Năm phấn đấu", "number", STR_NULL);
    office_field(&p, fm, "duyet", "Đã phê duyệt (hiện trên trang công khai)", "checkbox", STR_NULL);
    return office_page_end(&p);
}

static int plans_page(struct web_req *r)
{
    REQUIRE(r, s);
    return plans_render(r, s, NULL);
}

static int w_plan(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->ref_id)
        return ntm_plan_criterion_set(db, j->unit_id, j->ref_id, (int)j->y1, j->flag, err, errlen);
    return ntm_plan_set(db, j->unit_id, j->c1, (int)j->y1, j->flag, err, errlen);
}

static int plan_save(struct web_req *r, bool per_criterion)
{
    REQUIRE(r, s);
    const char *form_id = per_criterion ? "ke-hoach-tieu-chi" : "ke-hoach";
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = str_cstr(form_id)};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    const struct code_label *status = NULL;
    struct str criterion_label = STR_NULL;
    int64_t criterion = 0;
    if (per_criterion) {
        criterion = criterion_in(r, set_now(r), office_value(r, "tieu-chi"), &criterion_label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    } else if (!(status = code_of(STATUSES, office_value(r, "danh-hieu"))))
        office_problem(&st, "danh-hieu", STR("Hãy chọn danh hiệu."));
    long year = 0;
    if (!office_int(office_value(r, "nam"), 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm phấn đấu phải là một năm từ 2000 đến 2100."));
    if (st.n_problems)
        return plans_render(r, s, &st);
    struct office_job *j =
        office_job_new(r, s, form_id, PLANS, w_plan, plans_render, per_criterion ? "ntm_plan_criterion" : "ntm_plan");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->c1 = status ? status->code : NULL;
    j->ref_id = criterion;
    j->y1 = year;
    j->flag = str_eq_lit(office_value(r, "duyet"), "1");
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "%s: năm %ld (%s)",
                                            per_criterion ? ntm_cstr(r->arena, criterion_label) : status->label, year,
                                            j->flag ? "đã phê duyệt" : "dự thảo"));
    return office_defer(r, j);
}

static int plan_add(struct web_req *r) { return plan_save(r, false); }
static int plan_criterion_add(struct web_req *r) { return plan_save(r, true); }

/* ===================================================================================== */
/* phan-cong/: who answers for each criterion                                            */
/* ===================================================================================== */

/* The set the page shows: ?bo= when it names a set, else the one in force. */
static const char *duty_set(struct web_req *r)
{
    struct str asked = web_param(r, "bo");
    if (asked.n && asked.n < 64) {
        struct ntm_office_row_data *rows;
        size_t n;
        bool more;
        const char *code = ntm_cstr(r->arena, asked);
        if (ntm_office_list(r->db, NTM_LIST_SET_CRITERIA, code, r->arena, &rows, &n, &more) == 0 && n)
            return code;
    }
    return set_now(r);
}

static int duties_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "phan-cong/", "Phân công phụ trách tiêu chí",
                          "Sở, ngành hoặc thành viên Ban Chỉ đạo chủ trì, phối hợp thực hiện từng tiêu chí. Cán bộ "
                          "sở, ngành nhập số liệu các tiêu chí giao cho sở, ngành của mình.") != 0)
        return -1;
    const char *set = duty_set(r);
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_RESPONSIBLE, set, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Tiêu chí", "Loại", "Tên", "Vai trò", "Sửa", NULL};
    struct ntm_office_table *t = office_table(&p, "Phân công theo tiêu chí", "Chưa có phân công nào.", heads, n, true);
    struct str editing = web_param(r, "sua");
    int64_t edit_id = st && st->id ? st->id : office_id(editing);
    const struct ntm_office_row_data *edited = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (x->id == edit_id)
            edited = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "phan-cong-%lld", (long long)x->id));
        office_cell(row,
                    arena_printf(r->arena, "%.*s. %.*s", (int)x->col[1].n, x->col[1].p, (int)x->col[2].n, x->col[2].p),
                    STR_NULL);
        office_cell(row, label_of(KINDS, x->col[3]), STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
        office_cell(row, label_of(ROLES, x->col[5]), STR_NULL);
        office_cell(row, STR("Sửa"), arena_printf(r->arena, DUTIES "?sua=%lld#phan-cong-sua", (long long)x->id));
        office_button(&p, row, arena_printf(r->arena, DUTIES "%lld/go", (long long)x->id), "go", "1", "Gỡ");
    }
    p.v.intro = arena_printf(r->arena, "%.*s Đang xem bộ tiêu chí %s.", (int)p.v.intro.n, p.v.intro.p, set);
    if (edited) {
        struct ntm_office_form *fm =
            office_form(&p, "phan-cong-sua", "Sửa phân công",
                        arena_printf(r->arena, DUTIES "%lld", (long long)edited->id), "Lưu", 3);
        fm->intro = arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)edited->col[1].n, edited->col[1].p,
                                 (int)edited->col[2].n, edited->col[2].p);
        code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", edited->col[3]), KINDS, NULL);
        office_field(&p, fm, "ten", "Tên sở, ngành hoặc thành viên", "text", edited->col[4]);
        code_choices(&p, office_field(&p, fm, "vai-tro", "Vai trò", "select", edited->col[5]), ROLES, NULL);
    }
    struct ntm_office_form *fm =
        office_form(&p, "phan-cong", "Thêm phân công", arena_printf(r->arena, DUTIES "?bo=%s", set), "Thêm", 4);
    if (criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí", "select", STR_NULL), set,
                         "(chọn tiêu chí)") != 0)
        return -1;
    code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("department")), KINDS, NULL);
    office_field(&p, fm, "ten", "Tên sở, ngành hoặc thành viên", "text", STR_NULL);
    code_choices(&p, office_field(&p, fm, "vai-tro", "Vai trò", "select", STR("lead")), ROLES, NULL);
    return office_page_end(&p);
}

static int duties_page(struct web_req *r)
{
    REQUIRE(r, s);
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
    REQUIRE(r, s);
    int64_t id = verb == DUTY_ADD ? 0 : office_id(r->captures[0]);
    const char *form_id = verb == DUTY_ADD ? "phan-cong" : "phan-cong-sua";
    struct office_state st = {.status = 400, .id = id, .posted = &r->form, .form_id = str_cstr(form_id)};
    struct str criterion_label = STR("");
    int64_t criterion = 0;
    const struct code_label *kind = NULL, *role = NULL;
    struct str name = office_value(r, "ten");
    if (verb == DUTY_ADD) {
        criterion = criterion_in(r, duty_set(r), office_value(r, "tieu-chi"), &criterion_label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    } else if (!id)
        return web_error(r, 404);
    if (verb != DUTY_REMOVE) {
        if (!(kind = code_of(KINDS, office_value(r, "loai"))))
            office_problem(&st, "loai", STR("Hãy chọn sở, ngành hay thành viên Ban Chỉ đạo."));
        if (!(role = code_of(ROLES, office_value(r, "vai-tro"))))
            office_problem(&st, "vai-tro", STR("Hãy chọn chủ trì hay phối hợp."));
        const char *bad = line_problem(name, 200, true);
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

/* ===================================================================================== */
/* do-dau/: sponsors and their tasks                                                     */
/* ===================================================================================== */

static int sponsors_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "do-dau/", "Đơn vị đỡ đầu",
                          "Các đơn vị được phân công đỡ đầu xã, theo quyết định phân công, và những việc các đơn vị "
                          "đã cam kết.") != 0)
        return -1;
    struct ntm_office_row_data *rows, *tasks;
    size_t n, n_tasks;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SPONSORSHIPS, p.province, r->arena, &rows, &n, &more) != 0 ||
        ntm_office_list(r->db, NTM_LIST_TASKS, p.province, r->arena, &tasks, &n_tasks, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Đơn vị đỡ đầu", "Loại", "Từ năm", "Đến năm", "Quyết định", NULL};
    struct ntm_office_table *t = office_table(&p, "Phân công đỡ đầu", "Chưa có đơn vị đỡ đầu nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "do-dau-%lld", (long long)x->id));
        office_cell(row, x->col[1], unit_url(r->arena, x->col[0]));
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        office_cell(row, x->col[6].n ? x->col[6] : STR("—"), STR_NULL);
    }
    static const char *const heads2[] = {"Đơn vị đỡ đầu",         "Xã, phường", "Công việc",  "Tiêu chí",
                                         "Kinh phí (triệu đồng)", "Hạn",        "Trạng thái", NULL};
    t = office_table(&p, "Công việc cam kết", "Chưa có công việc nào.", heads2, n_tasks, true);
    for (size_t i = 0; i < n_tasks; i++) {
        const struct ntm_office_row_data *x = &tasks[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "nhiem-vu-%lld", (long long)x->id));
        office_cell(row, x->col[0], STR_NULL);
        office_cell(row, x->col[1], STR_NULL);
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3].n ? x->col[3] : STR("—"), STR_NULL);
        office_cell(row, x->col[4].n ? vn_amount(r->arena, strtod(ntm_cstr(r->arena, x->col[4]), NULL)) : STR("—"),
                    STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        office_cell(row, label_of(TASK_STATES, x->col[6]), STR_NULL);
        struct str action = arena_printf(r->arena, SPONSORS "nhiem-vu/%lld", (long long)x->id);
        for (const struct code_label *c = TASK_STATES; c->code; c++)
            if (!str_eq_lit(x->col[6], c->code))
                office_button(&p, row, action, "trang-thai", c->code, c->label);
    }
    struct ntm_office_form *fm = office_form(&p, "do-dau", "Phân công đỡ đầu", STR(SPONSORS), "Lưu", 6);
    office_field(&p, fm, "ten", "Tên đơn vị đỡ đầu", "text", STR_NULL);
    office_field(&p, fm, "loai", "Loại đơn vị (ví dụ Sở, ngành; Doanh nghiệp)", "text", STR_NULL);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã được đỡ đầu", "select", STR_NULL), true);
    office_field(&p, fm, "tu-nam", "Từ năm", "number", STR_NULL);
    office_field(&p, fm, "den-nam", "Đến năm (để trống nếu chưa định)", "number", STR_NULL);
    office_field(&p, fm, "quyet-dinh", "Quyết định phân công", "text", STR_NULL);
    fm = office_form(&p, "nhiem-vu", "Thêm công việc cam kết", STR(SPONSORS "nhiem-vu"), "Thêm", 6);
    struct ntm_office_field *fd = office_field(&p, fm, "do-dau", "Đơn vị đỡ đầu và xã", "select", STR_NULL);
    office_choice(&p, fd, STR(""), STR("(chọn)"), false);
    for (size_t i = 0; i < n; i++)
        office_choice(&p, fd, id_text(r->arena, rows[i].id),
                      arena_printf(r->arena, "%.*s — %.*s (từ %.*s)", (int)rows[i].col[2].n, rows[i].col[2].p,
                                   (int)rows[i].col[1].n, rows[i].col[1].p, (int)rows[i].col[4].n, rows[i].col[4].p),
                      false);
    office_field(&p, fm, "viec", "Công việc", "text", STR_NULL);
    if (criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí liên quan", "select", STR_NULL), set_now(r),
                         "(không gắn tiêu chí)") != 0)
        return -1;
    fd = office_field(&p, fm, "kinh-phi", "Kinh phí cam kết (triệu đồng)", "text", STR_NULL);
    fd->hint = STR("Để trống nếu không phải tiền; viết 1.250,5 hoặc 1250.5.");
    office_field(&p, fm, "han", "Năm hoàn thành", "number", STR_NULL);
    code_choices(&p, office_field(&p, fm, "trang-thai", "Trạng thái", "select", STR("planned")), TASK_STATES, NULL);
    return office_page_end(&p);
}

static int sponsors_page(struct web_req *r)
{
    REQUIRE(r, s);
    return sponsors_render(r, s, NULL);
}

static int w_sponsor(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_sponsor_assign(db, j->t1, j->t2, j->unit_id, (int)j->y1, (int)j->y2, j->t3, &j->made_id, err, errlen);
}

static int sponsor_add(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("do-dau")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = unit_in(units, n, office_value(r, "don-vi"));
    struct str name = office_value(r, "ten"), kind = office_value(r, "loai"), decision = office_value(r, "quyet-dinh");
    long from = 0, to = 0;
    const char *bad;
    if ((bad = line_problem(name, 200, true)))
        office_problem(&st, "ten", str_cstr(bad));
    if ((bad = line_problem(kind, 100, false)))
        office_problem(&st, "loai", str_cstr(bad));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    if (!office_int(office_value(r, "tu-nam"), 2000, 2100, &from))
        office_problem(&st, "tu-nam", STR("Năm bắt đầu phải từ 2000 đến 2100."));
    struct str to_text = office_value(r, "den-nam");
    if (to_text.n && (!office_int(to_text, 2000, 2100, &to) || to < from))
        office_problem(&st, "den-nam", STR("Năm kết thúc phải từ năm bắt đầu đến 2100, hoặc để trống."));
    if ((bad = line_problem(decision, 200, false)))
        office_problem(&st, "quyet-dinh", str_cstr(bad));
    if (st.n_problems)
        return sponsors_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "do-dau", SPONSORS, w_sponsor, sponsors_render, "ntm_sponsor_assign");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->t1 = office_keep(j, name);
    j->t2 = office_keep(j, kind);
    j->t3 = office_keep(j, decision);
    j->y1 = from;
    j->y2 = to;
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "đỡ đầu: %.*s, từ %ld%s", (int)name.n, name.p, from,
                                            to ? ntm_cstr(r->arena, arena_printf(r->arena, " đến %ld", to)) : ""));
    return office_defer(r, j);
}

static int w_task(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->flag)
        return ntm_sponsor_task_set_state(db, j->id, j->c1, err, errlen);
    return ntm_sponsor_task_add(db, j->id, j->t1, j->ref_id, j->has_amount ? j->amount : NAN, (int)j->y1, j->c1,
                                &j->made_id, err, errlen);
}

static int task_add(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("nhiem-vu")};
    char province[16];
    if (ntm_home_province(r->db, province, sizeof province) < 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SPONSORSHIPS, province, r->arena, &rows, &n, &more) != 0)
        return -1;
    int64_t sponsorship = office_id(office_value(r, "do-dau"));
    const struct ntm_office_row_data *chosen = NULL;
    for (size_t i = 0; sponsorship && i < n; i++)
        if (rows[i].id == sponsorship)
            chosen = &rows[i];
    if (!chosen)
        office_problem(&st, "do-dau", STR("Hãy chọn một phân công đỡ đầu trong danh sách."));
    struct str title = office_value(r, "viec");
    const char *bad = line_problem(title, 300, true);
    if (bad)
        office_problem(&st, "viec", str_cstr(bad));
    struct str label = STR("");
    struct str crit_text = office_value(r, "tieu-chi");
    int64_t criterion = 0;
    if (crit_text.n) {
        criterion = criterion_in(r, set_now(r), crit_text, &label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    }
    double amount = 0;
    struct str amount_text = office_value(r, "kinh-phi");
    if (amount_text.n && !amount_of(amount_text, &amount))
        office_problem(&st, "kinh-phi", STR("Kinh phí phải là một số không âm, ví dụ 1.250,5."));
    long due = 0;
    struct str due_text = office_value(r, "han");
    if (due_text.n && !office_int(due_text, 2000, 2100, &due))
        office_problem(&st, "han", STR("Năm hoàn thành phải từ 2000 đến 2100, hoặc để trống."));
    const struct code_label *state = code_of(TASK_STATES, office_value(r, "trang-thai"));
    if (!state)
        office_problem(&st, "trang-thai", STR("Hãy chọn trạng thái."));
    if (st.n_problems)
        return sponsors_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "nhiem-vu", SPONSORS, w_task, sponsors_render, "ntm_sponsor_task_add");
    if (!j)
        return -1;
    j->id = sponsorship;
    j->t1 = office_keep(j, title);
    j->ref_id = criterion;
    j->has_amount = amount_text.n > 0;
    j->amount = amount;
    j->y1 = due;
    j->c1 = state->code;
    j->object = office_keep(j, arena_printf(r->arena, "%.*s — %.*s", (int)chosen->col[2].n, chosen->col[2].p,
                                            (int)chosen->col[1].n, chosen->col[1].p));
    j->detail = office_keep(j, arena_printf(r->arena, "công việc: %.*s (%s)", (int)title.n, title.p, state->label));
    return office_defer(r, j);
}

static int task_state(struct web_req *r)
{
    REQUIRE(r, s);
    int64_t id = office_id(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    const struct code_label *state = code_of(TASK_STATES, office_value(r, "trang-thai"));
    if (!state) {
        struct office_state st = {.status = 400, .error = STR("Trạng thái công việc không hợp lệ.")};
        return sponsors_render(r, s, &st);
    }
    struct office_job *j = office_job_new(r, s, "", SPONSORS, w_task, sponsors_render, "ntm_sponsor_task_state");
    if (!j)
        return -1;
    j->id = id;
    j->flag = true;
    j->c1 = state->code;
    j->object = office_keep(j, arena_printf(r->arena, "công việc đỡ đầu số %lld", (long long)id));
    j->detail = office_keep(j, arena_printf(r->arena, "trạng thái: %s", state->label));
    return office_defer(r, j);
}

/* ===================================================================================== */
/* mo-hinh/: models                                                                      */
/* ===================================================================================== */

static int models_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "mo-hinh/", "Khu dân cư kiểu mẫu, vườn mẫu",
                          "Các mô hình của từng xã, từ khi đăng ký đến khi được công nhận.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_MODELS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Loại", "Tên", "Trạng thái", "Năm công nhận", "Sửa", NULL};
    struct ntm_office_table *t = office_table(&p, "Mô hình", "Chưa có mô hình nào.", heads, n, false);
    int64_t edit_id = st && st->id ? st->id : office_id(web_param(r, "sua"));
    const struct ntm_office_row_data *edited = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        if (x->id == edit_id)
            edited = x;
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "mo-hinh-%lld", (long long)x->id));
        office_cell(row, x->col[1], unit_url(r->arena, x->col[0]));
        office_cell(row, label_of(MODEL_KINDS, x->col[2]), STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, label_of(MODEL_STATES, x->col[4]), STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        office_cell(row, STR("Sửa"), arena_printf(r->arena, MODELS "?sua=%lld#mo-hinh", (long long)x->id));
    }
    struct ntm_office_form *fm =
        office_form(&p, "mo-hinh", edited ? "Sửa mô hình" : "Thêm mô hình",
                    edited ? arena_printf(r->arena, MODELS "%lld", (long long)edited->id) : STR(MODELS),
                    edited ? "Lưu" : "Thêm", 5);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", edited ? edited->col[6] : STR_NULL),
                        true);
    code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", edited ? edited->col[2] : STR("khu_dan_cu")),
                 MODEL_KINDS, NULL);
    office_field(&p, fm, "ten", "Tên mô hình", "text", edited ? edited->col[3] : STR_NULL);
    code_choices(
        &p, office_field(&p, fm, "trang-thai", "Trạng thái", "select", edited ? edited->col[4] : STR("registered")),
        MODEL_STATES, NULL);
    office_field(&p, fm, "nam", "Năm công nhận (để trống nếu chưa)", "number", edited ? edited->col[5] : STR_NULL);
    return office_page_end(&p);
}

static int models_page(struct web_req *r)
{
    REQUIRE(r, s);
    return models_render(r, s, NULL);
}

static int w_model(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_model_save(db, j->id, j->unit_id, j->c1, j->t1, j->c2, (int)j->y1, &j->made_id, err, errlen);
}

static int model_save(struct web_req *r, int64_t id)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .id = id, .posted = &r->form, .form_id = STR("mo-hinh")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    const struct code_label *kind = code_of(MODEL_KINDS, office_value(r, "loai"));
    if (!kind)
        office_problem(&st, "loai", STR("Hãy chọn khu dân cư kiểu mẫu hay vườn mẫu."));
    struct str name = office_value(r, "ten");
    const char *bad = line_problem(name, 200, true);
    if (bad)
        office_problem(&st, "ten", str_cstr(bad));
    const struct code_label *state = code_of(MODEL_STATES, office_value(r, "trang-thai"));
    if (!state)
        office_problem(&st, "trang-thai", STR("Hãy chọn trạng thái."));
    long year = 0;
    struct str year_text = office_value(r, "nam");
    if (year_text.n && !office_int(year_text, 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm công nhận phải từ 2000 đến 2100, hoặc để trống."));
    else if (state && !strcmp(state->code, "recognised") && !year)
        office_problem(&st, "nam", STR("Mô hình đã được công nhận cần năm công nhận."));
    if (st.n_problems)
        return models_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "mo-hinh", MODELS, w_model, models_render, "ntm_model_save");
    if (!j)
        return -1;
    j->id = id;
    j->unit_id = unit->id;
    j->c1 = kind->code;
    j->c2 = state->code;
    j->t1 = office_keep(j, name);
    j->y1 = year;
    j->object = office_keep(j, arena_printf(r->arena, "%s %.*s (%.*s)", kind->label, (int)name.n, name.p,
                                            (int)unit->full_name.n, unit->full_name.p));
    j->detail = office_keep(j, arena_printf(r->arena, "%s%s%s", id ? "sửa; " : "thêm; ", state->label,
                                            year ? ntm_cstr(r->arena, arena_printf(r->arena, " năm %ld", year)) : ""));
    return office_defer(r, j);
}

static int model_add(struct web_req *r) { return model_save(r, 0); }

static int model_edit(struct web_req *r)
{
    int64_t id = office_id(r->captures[0]);
    return id ? model_save(r, id) : web_error(r, 404);
}

/* ===================================================================================== */
/* nguon-von/: funds                                                                     */
/* ===================================================================================== */

static int funds_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "nguon-von/", "Nguồn vốn huy động",
                          "Kinh phí huy động cho xây dựng nông thôn mới theo xã, năm và nguồn (triệu đồng). Ghi lại "
                          "một xã, năm và nguồn đã có sẽ thay số cũ.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_FUNDS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Năm", "Xã, phường", "Nguồn", "Số tiền (triệu đồng)", NULL};
    struct ntm_office_table *t = office_table(&p, more ? "Nguồn vốn (2.000 dòng mới nhất)" : "Nguồn vốn",
                                              "Chưa có số liệu nguồn vốn.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row =
            office_row(&p, t,
                       arena_printf(r->arena, "von-%lld-%.*s-%.*s", (long long)x->id, (int)x->col[2].n, x->col[2].p,
                                    (int)x->col[3].n, x->col[3].p));
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[1], unit_url(r->arena, x->col[0]));
        office_cell(row, label_of(SOURCES, x->col[3]), STR_NULL);
        office_cell(row, vn_amount(r->arena, strtod(ntm_cstr(r->arena, x->col[4]), NULL)), STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "nguon-von", "Ghi nguồn vốn", STR(FUNDS), "Lưu", 4);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    office_field(&p, fm, "nam", "Năm", "number", STR_NULL);
    code_choices(&p, office_field(&p, fm, "nguon", "Nguồn", "select", STR_NULL), SOURCES, "(chọn nguồn)");
    struct ntm_office_field *fd = office_field(&p, fm, "so-tien", "Số tiền (triệu đồng)", "text", STR_NULL);
    fd->hint = STR("Ví dụ 1.250,5 hoặc 1250.5.");
    return office_page_end(&p);
}

static int funds_page(struct web_req *r)
{
    REQUIRE(r, s);
    return funds_render(r, s, NULL);
}

static int w_fund(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_fund_set(db, j->unit_id, (int)j->y1, j->c1, j->amount, err, errlen);
}

static int fund_add(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("nguon-von")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    long year = 0;
    if (!office_int(office_value(r, "nam"), 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm phải từ 2000 đến 2100."));
    const struct code_label *source = code_of(SOURCES, office_value(r, "nguon"));
    if (!source)
        office_problem(&st, "nguon", STR("Hãy chọn nguồn vốn."));
    double amount = 0;
    if (!amount_of(office_value(r, "so-tien"), &amount))
        office_problem(&st, "so-tien", STR("Số tiền phải là một số không âm (triệu đồng), ví dụ 1.250,5."));
    if (st.n_problems)
        return funds_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "nguon-von", FUNDS, w_fund, funds_render, "ntm_fund_set");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->y1 = year;
    j->c1 = source->code;
    j->amount = amount;
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "năm %ld, %s: %.*s triệu đồng", year, source->label,
                                            (int)vn_amount(r->arena, amount).n, vn_amount(r->arena, amount).p));
    return office_defer(r, j);
}

/* ===================================================================================== */
/* don-vi/: merging and splitting units                                                  */
/* ===================================================================================== */

static int units_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "don-vi/", "Sắp xếp đơn vị hành chính",
                          "Sáp nhập nhiều xã thành một xã mới, hoặc chia một xã thành nhiều xã, từ một ngày theo "
                          "nghị quyết. Kết quả đánh giá của các xã cũ được tính cho xã mới khi chọn “tính lịch sử”; "
                          "trang công khai của xã mới ghi các xã trước sắp xếp.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_UNIT_CHANGES, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Ngày hiệu lực", "Loại", "Căn cứ", "Đơn vị trước", "Đơn vị sau", NULL};
    struct ntm_office_table *t = office_table(&p, "Các lần sắp xếp", "Chưa có lần sắp xếp nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "sap-xep-%lld", (long long)x->id));
        office_cell(row, vn_date(r->arena, x->col[0]), STR_NULL);
        office_cell(row,
                    str_eq_lit(x->col[1], "merge")   ? STR("Sáp nhập")
                    : str_eq_lit(x->col[1], "split") ? STR("Chia tách")
                                                     : STR("Đổi tên"),
                    STR_NULL);
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
    }
    struct ntm_office_form *fm =
        office_form(&p, "sap-nhap", "Sáp nhập thành xã mới", STR(UNITS "sap-nhap"), "Sáp nhập", 8);
    struct ntm_office_field *fd = office_field(&p, fm, "xa", "Các xã được sáp nhập (từ 2 xã)", "checks", STR_NULL);
    for (size_t i = 0; i < p.n_units; i++)
        office_choice(&p, fd, id_text(r->arena, p.units[i].id), p.units[i].full_name, false);
    office_field(&p, fm, "ma", "Mã đơn vị mới", "text", STR_NULL);
    office_field(&p, fm, "ten", "Tên xã mới (không kèm chữ “Xã”)", "text", STR_NULL);
    code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("xa")), UNIT_KINDS, NULL);
    office_field(&p, fm, "ngay", "Ngày hiệu lực", "date", STR_NULL);
    office_field(&p, fm, "can-cu", "Căn cứ (nghị quyết)", "text", STR_NULL);
    office_field(&p, fm, "lich-su", "Tính kết quả đánh giá của các xã cũ cho xã mới", "checkbox", STR("1"));
    fm = office_form(&p, "chia-tach", "Chia một xã thành nhiều xã", STR(UNITS "chia-tach"), "Chia tách", 7);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã được chia", "select", STR_NULL), true);
    fd = office_field(&p, fm, "moi", "Các xã mới, mỗi dòng “mã | tên”", "textarea", STR_NULL);
    fd->hint = STR("Ví dụ: 18420 | Thạch Long. Từ 2 đến 20 dòng.");
    code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("xa")), UNIT_KINDS, NULL);
    office_field(&p, fm, "ngay", "Ngày hiệu lực", "date", STR_NULL);
    office_field(&p, fm, "can-cu", "Căn cứ (nghị quyết)", "text", STR_NULL);
    office_field(&p, fm, "lich-su", "Tính kết quả đánh giá của xã cũ cho các xã mới", "checkbox", STR("1"));
    return office_page_end(&p);
}

static int units_page(struct web_req *r)
{
    REQUIRE(r, s);
    return units_render(r, s, NULL);
}

static int w_units(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->unit_id) {
        int64_t ids[OFFICE_MAX_NEW_UNITS];
        return ntm_unit_split(db, j->unit_id, j->units, j->n_units, j->t1.p, j->t2.p, j->flag, ids, err, errlen);
    }
    return ntm_unit_merge_new(db, j->ids, j->n_ids, &j->units[0], j->t1.p, j->t2.p, j->flag, &j->made_id, err, errlen);
}

/* Checks the fields both forms share: date, legal basis, kind. */
static void units_common(struct web_req *r, struct office_state *st, const struct code_label **kind)
{
    if (!iso_date(office_value(r, "ngay")))
        office_problem(st, "ngay", STR("Ngày hiệu lực phải có dạng năm-tháng-ngày, ví dụ 2026-07-01."));
    const char *bad = line_problem(office_value(r, "can-cu"), 300, true);
    if (bad)
        office_problem(st, "can-cu", str_cstr(bad));
    if (!(*kind = code_of(UNIT_KINDS, office_value(r, "loai"))))
        office_problem(st, "loai", STR("Hãy chọn xã, phường hay đặc khu."));
}

static bool code_ok(struct str code)
{
    if (code.n < 1 || code.n > 10)
        return false;
    for (size_t i = 0; i < code.n; i++)
        if (code.p[i] < '0' || code.p[i] > '9')
            return false;
    return true;
}

static int units_merge(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("sap-nhap")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    int64_t ids[NTM_SCOPE_MAX_UNITS];
    size_t n_ids = 0;
    struct buf names = BUF_INIT;
    bool unknown = false, too_many = false;
    for (size_t i = 0; i < r->form.n_fields; i++) {
        if (!str_eq_lit(r->form.fields[i].name, "xa"))
            continue;
        const struct ntm_unit *u = unit_in(units, n, r->form.fields[i].value);
        if (!u)
            unknown = true;
        else if (n_ids == NTM_SCOPE_MAX_UNITS)
            too_many = true;
        else {
            bool dup = false;
            for (size_t k = 0; k < n_ids; k++)
                dup |= ids[k] == u->id;
            if (!dup) {
                ids[n_ids++] = u->id;
                buf_printf(&names, "%s%.*s", n_ids > 1 ? ", " : "", (int)u->full_name.n, u->full_name.p);
            }
        }
    }
    if (unknown || too_many || n_ids < 2)
        office_problem(&st, "xa",
                       unknown    ? STR("Có xã không thuộc danh sách của tỉnh.")
                       : too_many ? STR("Mỗi lần sáp nhập tối đa 64 xã.")
                                  : STR("Hãy chọn ít nhất 2 xã để sáp nhập."));
    struct str code = office_value(r, "ma"), name = office_value(r, "ten");
    if (!code_ok(code))
        office_problem(&st, "ma", STR("Mã đơn vị là 1 đến 10 chữ số."));
    const char *bad = line_problem(name, 100, true);
    if (bad)
        office_problem(&st, "ten", str_cstr(bad));
    const struct code_label *kind = NULL;
    units_common(r, &st, &kind);
    struct office_job *j =
        st.n_problems ? NULL : office_job_new(r, s, "sap-nhap", UNITS, w_units, units_render, "ntm_unit_merge");
    if (j) {
        memcpy(j->ids, ids, n_ids * sizeof ids[0]);
        j->n_ids = n_ids;
        j->units[0] = (struct ntm_new_unit){office_keep(j, code), office_keep(j, name), kind->code};
        j->n_units = 1;
        j->t1 = office_keep(j, office_value(r, "ngay"));
        j->t2 = office_keep(j, office_value(r, "can-cu"));
        j->flag = str_eq_lit(office_value(r, "lich-su"), "1");
        j->object = office_keep(
            j, arena_printf(r->arena, "%s %.*s (%.*s)", kind->label, (int)name.n, name.p, (int)code.n, code.p));
        j->detail = office_keep(j, arena_printf(r->arena, "sáp nhập từ %.*s ngày %.*s; %s", (int)names.n,
                                                names.p ? names.p : "", (int)j->t1.n, j->t1.p,
                                                j->flag ? "tính lịch sử" : "không tính lịch sử"));
    }
    buf_free(&names);
    if (st.n_problems)
        return units_render(r, s, &st);
    return j ? office_defer(r, j) : -1;
}

static int units_split(struct web_req *r)
{
    REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("chia-tach")};
    struct ntm_unit *units;
    size_t n;
    if (home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *from = unit_in(units, n, office_value(r, "don-vi"));
    if (!from)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    /* the new units: "code | name" a line */
    struct str codes[OFFICE_MAX_NEW_UNITS], names[OFFICE_MAX_NEW_UNITS];
    size_t n_new = 0;
    struct str rest = office_value(r, "moi");
    const char *line_bad = NULL;
    while (rest.n && !line_bad) {
        const char *nl = memchr(rest.p, '\n', rest.n);
        struct str line = str_make(rest.p, nl ? (size_t)(nl - rest.p) : rest.n);
        rest = nl ? str_skip(rest, line.n + 1) : STR("");
        while (line.n && (line.p[line.n - 1] == '\r' || line.p[line.n - 1] == ' '))
            line.n--;
        while (line.n && line.p[0] == ' ')
            line = str_skip(line, 1);
        if (!line.n)
            continue;
        const char *bar = memchr(line.p, '|', line.n);
        if (!bar) {
            line_bad = "Mỗi dòng phải có dạng “mã | tên”.";
            break;
        }
        struct str code = str_make(line.p, (size_t)(bar - line.p)), name = str_skip(line, code.n + 1);
        while (code.n && code.p[code.n - 1] == ' ')
            code.n--;
        while (name.n && name.p[0] == ' ')
            name = str_skip(name, 1);
        if (!code_ok(code))
            line_bad = "Mã đơn vị là 1 đến 10 chữ số.";
        else if (line_problem(name, 100, true))
            line_bad = "Mỗi xã mới cần tên, tối đa 100 ký tự.";
        else if (n_new == OFFICE_MAX_NEW_UNITS)
            line_bad = "Tối đa 20 xã mới.";
        else {
            codes[n_new] = code;
            names[n_new++] = name;
        }
    }
    if (line_bad)
        office_problem(&st, "moi", str_cstr(line_bad));
    else if (n_new < 2)
        office_problem(&st, "moi", STR("Cần ít nhất 2 xã mới."));
    const struct code_label *kind = NULL;
    units_common(r, &st, &kind);
    if (st.n_problems)
        return units_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "chia-tach", UNITS, w_units, units_render, "ntm_unit_split");
    if (!j)
        return -1;
    struct buf list = BUF_INIT;
    j->unit_id = from->id;
    for (size_t i = 0; i < n_new; i++) {
        j->units[i] = (struct ntm_new_unit){office_keep(j, codes[i]), office_keep(j, names[i]), kind->code};
        buf_printf(&list, "%s%.*s (%.*s)", i ? ", " : "", (int)names[i].n, names[i].p, (int)codes[i].n, codes[i].p);
    }
    j->n_units = n_new;
    j->t1 = office_keep(j, office_value(r, "ngay"));
    j->t2 = office_keep(j, office_value(r, "can-cu"));
    j->flag = str_eq_lit(office_value(r, "lich-su"), "1");
    j->object = office_keep(j, from->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "chia thành %.*s ngày %.*s; %s", (int)list.n, list.p,
                                            (int)j->t1.n, j->t1.p, j->flag ? "tính lịch sử" : "không tính lịch sử"));
    buf_free(&list);
    return office_defer(r, j);
}

/* ===================================================================================== */

void ntm_office_pages_register(void)
{
    static const char *const params[] = {"thong-bao", "thu-hoi", "sua", "bo", "ten", NULL};
    struct http_form_limits form = {.max_fields = 120, .max_value = 8192, .max_name = 32, .max_part_head = 1024};
    static const struct {
        const char *pattern;
        web_handler get, post;
    } routes[] = {
        {ACCOUNTS, accounts_page, NULL},
        {ACCOUNTS "*", account_page, account_save},
        {RECOGNITION, recognitions_page, recognition_add},
        {PLANS, plans_page, plan_add},
        {PLANS "tieu-chi", NULL, plan_criterion_add},
        {DUTIES, duties_page, duty_add},
        {DUTIES "*/go", NULL, duty_remove},
        {DUTIES "*", NULL, duty_edit},
        {SPONSORS, sponsors_page, sponsor_add},
        {SPONSORS "nhiem-vu", NULL, task_add},
        {SPONSORS "nhiem-vu/*", NULL, task_state},
        {MODELS, models_page, model_add},
        {MODELS "*", NULL, model_edit},
        {FUNDS, funds_page, fund_add},
        {UNITS, units_page, NULL},
        {UNITS "sap-nhap", NULL, units_merge},
        {UNITS "chia-tach", NULL, units_split},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        router_add((struct route){.pattern = routes[i].pattern,
                                  .get = routes[i].get,
                                  .post = routes[i].post,
                                  .known_params = params,
                                  .flags = ROUTE_FORM,
                                  .max_body = 65536,
                                  .form = form});
}
