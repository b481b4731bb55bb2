/*
 * office_unit_pages.c - the office's page for the administrative units
 * (/quan-tri/nong-thon-moi/van-phong/don-vi/): communes merged into a new
 * one, or one split into several, from a date (office_units.c writes it).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "people/admin.h"
#include "text/utf8.h"
#include "text/vitime.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define UNITS OFFICE_PATH "don-vi/"

static const struct code_label UNIT_KINDS[] = {
    {"xa", "Xã"}, {"phuong", "Phường"}, {"dac_khu", "Đặc khu"}, {NULL, NULL}};

#define REPORTERS_NAMED 20 /* accounts named in the warning; the others counted */

/* Whether the page is drawn to confirm form `form_id` (its check box "xac-nhan"
 * asked for, or ticked when the form came back for another reason). */
static bool confirming(const struct office_state *st, const char *form_id)
{
    if (!st || !st->posted || !str_eq_lit(st->form_id, form_id))
        return false;
    for (size_t i = 0; i < st->n_problems; i++)
        if (!strcmp(st->problems[i].field, "xac-nhan"))
            return true;
    return str_eq_lit(http_form_value(st->posted, "xac-nhan"), "1");
}

/* The commune reporters (accounts of the people module) whose communes
 * include one of ids[0..n), the units a merger or split ends, so that they
 * lose them: "bcxa01 (Nguyễn Văn An): Xã Kỳ Lạc, Xã Kỳ Lâm; …", at most
 * REPORTERS_NAMED accounts and then how many more; "" when none. 0, or -1
 * when the database failed. */
static int reporters_losing(struct web_req *r, const int64_t *ids, size_t n, const struct ntm_unit *units,
                            size_t n_units, struct str *out)
{
    struct loss {
        int64_t user_id;
        struct str unit;
    };
    size_t cap = 0, count = 0;
    struct loss *losses = NULL;
    for (size_t i = 0; i < n; i++) {
        int64_t *users;
        size_t n_users;
        if (ntm_scope_holders(r->db, ids[i], 1000, r->arena, &users, &n_users) != 0)
            return -1;
        struct str name = STR("");
        for (size_t k = 0; k < n_units; k++)
            if (units[k].id == ids[i])
                name = units[k].full_name;
        if (count + n_users > cap) {
            size_t grown = (count + n_users) * 2;
            struct loss *more = ARENA_ARRAY(r->arena, struct loss, grown);
            if (count)
                memcpy(more, losses, count * sizeof *more);
            losses = more;
            cap = grown;
        }
        for (size_t k = 0; k < n_users; k++)
            losses[count++] = (struct loss){users[k], name};
    }
    /* one account a group, in the order of the accounts' ids (stable for the units) */
    for (size_t i = 1; i < count; i++)
        for (size_t k = i; k > 0 && losses[k - 1].user_id > losses[k].user_id; k--) {
            struct loss t = losses[k];
            losses[k] = losses[k - 1];
            losses[k - 1] = t;
        }
    struct buf b = BUF_INIT;
    size_t named = 0, others = 0;
    int rc = 0;
    for (size_t i = 0; i < count && rc == 0;) {
        size_t end = i;
        while (end < count && losses[end].user_id == losses[i].user_id)
            end++;
        struct people_user u;
        int found = people_user_by_id(r->db, r->arena, losses[i].user_id, &u);
        if (found < 0)
            rc = -1;
        else if (found == 1 && u.role == ROLE_NTM_REPORTER) {
            if (named == REPORTERS_NAMED)
                others++;
            else {
                buf_printf(&b, "%s%.*s (%.*s): ", named ? "; " : "", (int)u.login.n, u.login.p, (int)u.name.n,
                           u.name.p);
                for (size_t k = i; k < end; k++)
                    buf_printf(&b, "%s%.*s", k > i ? ", " : "", (int)losses[k].unit.n, losses[k].unit.p);
                named++;
            }
        }
        i = end;
    }
    if (others)
        buf_printf(&b, "; và %zu tài khoản khác", others);
    *out = rc == 0 && b.n ? arena_strdup(r->arena, b.p, b.n) : STR("");
    buf_free(&b);
    return rc;
}

/* Asks, once, before communes a reporter answers for end: the warning
 * naming the accounts above the form (409), and a check box to go on.
 * 1 when it asked, 0 when nothing is lost or it was confirmed, -1. */
static int ask_before_reporters_lose(struct web_req *r, const int64_t *ids, size_t n, const struct ntm_unit *units,
                                     size_t n_units, struct office_state *st, struct str *lost)
{
    if (reporters_losing(r, ids, n, units, n_units, lost) != 0)
        return -1;
    if (!lost->n || str_eq_lit(office_value(r, "xac-nhan"), "1"))
        return 0;
    st->status = 409;
    st->error = arena_printf(r->arena,
                             "Các tài khoản cán bộ xã sau sẽ mất xã được giao (xã cũ hết hiệu lực, không chuyển sang "
                             "xã mới): %.*s. Đánh dấu ô xác nhận rồi bấm lại nếu vẫn làm; sau đó giao xã mới cho họ ở "
                             "trang Tài khoản.",
                             (int)lost->n, lost->p);
    office_problem(st, "xac-nhan", STR("Hãy xác nhận đã biết các tài khoản trên sẽ mất xã."));
    return 1;
}

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
        office_cell(row, office_vn_date(r->arena, x->col[0]), STR_NULL);
        office_cell(row,
                    str_eq_lit(x->col[1], "merge")   ? STR("Sáp nhập")
                    : str_eq_lit(x->col[1], "split") ? STR("Chia tách")
                                                     : STR("Đổi tên"),
                    STR_NULL);
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
    }
    /* the province first: without it the office has no communes to follow */
    struct ntm_unit *provinces;
    size_t n_provinces;
    if (ntm_provinces(r->db, r->arena, &provinces, &n_provinces) != 0)
        return -1;
    struct ntm_office_form *fm =
        office_form(&p, "tinh", "Tỉnh, thành phố của Văn phòng", STR(UNITS "tinh"), "Lưu tỉnh, thành phố", 1);
    struct ntm_office_field *fd = office_field(&p, fm, "tinh", "Các xã, phường được theo dõi là của", "select",
                                              str_cstr(p.province));
    if (!p.province[0])
        office_choice(&p, fd, STR(""), STR("— Chọn tỉnh, thành phố —"), true);
    for (size_t i = 0; i < n_provinces; i++)
        office_choice(&p, fd, provinces[i].code, provinces[i].full_name, false);
    fm = office_form(&p, "sap-nhap", "Sáp nhập thành xã mới", STR(UNITS "sap-nhap"), "Sáp nhập", 8);
    fd = office_field(&p, fm, "xa", "Các xã được sáp nhập (từ 2 xã)", "checks", STR_NULL);
    for (size_t i = 0; i < p.n_units; i++)
        office_choice(&p, fd, office_id_text(r->arena, p.units[i].id), p.units[i].full_name, false);
    office_field(&p, fm, "ma", "Mã đơn vị mới", "text", STR_NULL);
    office_field(&p, fm, "ten", "Tên xã mới (không kèm chữ “Xã”)", "text", STR_NULL);
    office_code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("xa")), UNIT_KINDS, NULL);
    office_field(&p, fm, "ngay", "Ngày hiệu lực", "date", STR_NULL);
    office_field(&p, fm, "can-cu", "Căn cứ (nghị quyết)", "text", STR_NULL);
    office_field(&p, fm, "lich-su", "Tính kết quả đánh giá của các xã cũ cho xã mới", "checkbox", STR("1"));
    if (confirming(st, "sap-nhap"))
        office_field(&p, fm, "xac-nhan", "Tôi đã biết các tài khoản cán bộ xã trên sẽ mất xã; vẫn sáp nhập", "checkbox",
                     STR_NULL);
    fm = office_form(&p, "chia-tach", "Chia một xã thành nhiều xã", STR(UNITS "chia-tach"), "Chia tách", 7);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã được chia", "select", STR_NULL), true);
    fd = office_field(&p, fm, "moi", "Các xã mới, mỗi dòng “mã | tên”", "textarea", STR_NULL);
    fd->hint = STR("Ví dụ: 18420 | Thạch Long. Từ 2 đến 20 dòng.");
    office_code_choices(&p, office_field(&p, fm, "loai", "Loại", "select", STR("xa")), UNIT_KINDS, NULL);
    office_field(&p, fm, "ngay", "Ngày hiệu lực", "date", STR_NULL);
    office_field(&p, fm, "can-cu", "Căn cứ (nghị quyết)", "text", STR_NULL);
    office_field(&p, fm, "lich-su", "Tính kết quả đánh giá của xã cũ cho các xã mới", "checkbox", STR("1"));
    if (confirming(st, "chia-tach"))
        office_field(&p, fm, "xac-nhan", "Tôi đã biết các tài khoản cán bộ xã trên sẽ mất xã; vẫn chia tách", "checkbox",
                     STR_NULL);
    return office_page_end(&p);
}

static int units_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return units_render(r, s, NULL);
}

static int w_home(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_home_set(db, j->t1, j->user_id, j->now, err, errlen);
}

static int units_home(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("tinh")};
    struct str code = office_value(r, "tinh");
    struct ntm_unit *provinces;
    size_t n;
    if (ntm_provinces(r->db, r->arena, &provinces, &n) != 0)
        return -1;
    const struct ntm_unit *chosen = NULL;
    for (size_t i = 0; i < n && !chosen; i++)
        if (code.n && str_eq(provinces[i].code, code))
            chosen = &provinces[i];
    if (!chosen) {
        office_problem(&st, "tinh", STR("Hãy chọn một tỉnh, thành phố trong danh sách."));
        return units_render(r, s, &st);
    }
    struct office_job *j = office_job_new(r, s, "tinh", UNITS, w_home, units_render, "ntm_home_set");
    if (!j)
        return -1;
    j->t1 = office_keep(j, chosen->code);
    j->object = office_keep(j, chosen->full_name);
    j->detail = office_keep(j, STR("tỉnh, thành phố có các xã, phường được Văn phòng theo dõi"));
    return office_defer(r, j);
}

static int w_units(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->unit_id) {
        int64_t ids[OFFICE_MAX_NEW_UNITS];
        return ntm_unit_split(db, j->unit_id, j->units, j->n_units, j->t1.p, j->t2.p, j->flag, ids, err, errlen);
    }
    return ntm_unit_merge_new(db, j->ids, j->n_ids, &j->units[0], j->t1.p, j->t2.p, j->flag, &j->made_id, err, errlen);
}

/* What is wrong with the name of a new unit, or NULL: a commune's name is
 * words (letters, digits, spaces, '-', '(', ')', '.', ',' and the
 * apostrophe), not markup or a code. */
static const char *unit_name_problem(struct str name)
{
    const char *bad = office_line_problem(name, 100, true);
    if (bad)
        return bad;
    bool letter = false;
    for (size_t i = 0; i < name.n; i++) {
        unsigned char c = (unsigned char)name.p[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            letter = true;
        else if (!(c >= '0' && c <= '9') && !strchr(" -().,'", c))
            return "Tên xã chỉ gồm chữ, chữ số, dấu cách và các dấu - ( ) . , '";
    }
    return letter ? NULL : "Tên xã cần có chữ, không chỉ chữ số.";
}

/* Checks the fields both forms share: date, legal basis, kind. */
static void units_common(struct web_req *r, struct office_state *st, const struct code_label **kind)
{
    int64_t from = 0;
    if (!office_iso_date(office_value(r, "ngay")) || !vi_parse_date(office_value(r, "ngay"), &from))
        office_problem(st, "ngay", STR("Ngày hiệu lực phải là một ngày có thật, dạng năm-tháng-ngày, ví dụ 2026-07-01."));
    else if (from > r->now)
        /* the change is applied when it is saved (lists, templates, the
         * public pages): entered ahead, it took effect at once */
        office_problem(st, "ngay", STR("Ngày hiệu lực không thể sau hôm nay: việc sắp xếp được áp dụng ngay khi lưu, "
                                       "nên hãy nhập nó từ ngày nghị quyết có hiệu lực."));
    const char *bad = office_line_problem(office_value(r, "can-cu"), 300, true);
    if (bad)
        office_problem(st, "can-cu", str_cstr(bad));
    if (!(*kind = office_code_of(UNIT_KINDS, office_value(r, "loai"))))
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
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("sap-nhap")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    int64_t ids[NTM_SCOPE_MAX_UNITS];
    size_t n_ids = 0;
    struct buf names = BUF_INIT;
    bool unknown = false, too_many = false;
    for (size_t i = 0; i < r->form.n_fields; i++) {
        if (!str_eq_lit(r->form.fields[i].name, "xa"))
            continue;
        const struct ntm_unit *u = office_unit_in(units, n, r->form.fields[i].value);
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
    const char *bad = unit_name_problem(name);
    if (bad)
        office_problem(&st, "ten", str_cstr(bad));
    const struct code_label *kind = NULL;
    units_common(r, &st, &kind);
    struct str lost = STR("");
    if (!st.n_problems && ask_before_reporters_lose(r, ids, n_ids, units, n, &st, &lost) < 0) {
        buf_free(&names);
        return -1;
    }
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
        j->detail = office_keep(j, arena_printf(r->arena, "sáp nhập từ %.*s ngày %.*s; %s%s%.*s", (int)names.n,
                                                names.p ? names.p : "", (int)j->t1.n, j->t1.p,
                                                j->flag ? "tính lịch sử" : "không tính lịch sử",
                                                lost.n ? "; cán bộ xã mất xã: " : "", (int)lost.n, lost.p));
    }
    buf_free(&names);
    if (st.n_problems)
        return units_render(r, s, &st);
    return j ? office_defer(r, j) : -1;
}

static int units_split(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("chia-tach")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *from = office_unit_in(units, n, office_value(r, "don-vi"));
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
        else if (office_line_problem(name, 100, true))
            line_bad = "Mỗi xã mới cần tên, tối đa 100 ký tự.";
        else if (unit_name_problem(name))
            line_bad = unit_name_problem(name);
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
    struct str lost = STR("");
    if (!st.n_problems && ask_before_reporters_lose(r, &from->id, 1, units, n, &st, &lost) < 0)
        return -1;
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
    j->detail = office_keep(j, arena_printf(r->arena, "chia thành %.*s ngày %.*s; %s%s%.*s", (int)list.n, list.p,
                                            (int)j->t1.n, j->t1.p, j->flag ? "tính lịch sử" : "không tính lịch sử",
                                            lost.n ? "; cán bộ xã mất xã: " : "", (int)lost.n, lost.p));
    buf_free(&list);
    return office_defer(r, j);
}

void ntm_office_units_register(void)
{
    static const struct office_route routes[] = {
        {UNITS, units_page, NULL},
        {UNITS "tinh", NULL, units_home},
        {UNITS "sap-nhap", NULL, units_merge},
        {UNITS "chia-tach", NULL, units_split},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
