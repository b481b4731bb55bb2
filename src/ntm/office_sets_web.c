/*
 * office_sets_web.c - the office's page for criteria sets, edited in the
 * browser without code (office_sets.c does the writing):
 *
 *   GET  .../van-phong/bo-tieu-chi/                 the sets, with how many assessments each has
 *   GET  .../van-phong/bo-tieu-chi/CODE             one set: criteria, indicators, targets, forms
 *   POST .../van-phong/bo-tieu-chi/CODE/tieu-chi    add or rename a criterion
 *   POST .../van-phong/bo-tieu-chi/CODE/chi-tieu    add or change an indicator
 *   POST .../van-phong/bo-tieu-chi/CODE/muc-tieu    set a target for everyone, a group or a region
 *
 * A set with assessments is never changed under them: its forms then ask
 * for the new version's code, name and first year, and the change goes
 * there (the browser is then sent to the new version's page).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/router.h"
#include "people/admin.h"
#include "text/utf8.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define SETS OFFICE_PATH "bo-tieu-chi/"

struct set_row {
    const struct ntm_office_row_data *row; /* NTM_LIST_SETS's */
    int assessments;
};

static const char *const TYPES[][2] = {
    {"met", "Đạt / không đạt"}, {"percent", "Tỷ lệ (%)"}, {"number", "Số"}, {"level", "Mức (chọn trong danh sách)"}};
static const char *const OPS[][2] = {{">=", "≥ (từ mức này trở lên)"}, {"<=", "≤ (từ mức này trở xuống)"}, {"=", "="}};

/* Reads every set; *found the one whose code is `code` (or NULL). */
static int sets_read(struct web_req *r, struct str code, struct ntm_office_row_data **rows, size_t *n,
                     const struct ntm_office_row_data **found)
{
    bool more;
    *found = NULL;
    if (ntm_office_list(r->db, NTM_LIST_SETS, "", r->arena, rows, n, &more) != 0)
        return -1;
    for (size_t i = 0; i < *n; i++)
        if (code.n && str_eq((*rows)[i].col[0], code))
            *found = &(*rows)[i];
    return 0;
}

/* A code for the next version of `code` no set has yet: CODE-HT1, -HT2... */
static struct str next_code(struct web_req *r, const struct ntm_office_row_data *rows, size_t n, struct str code)
{
    for (int k = 1; k < 100; k++) {
        struct str candidate = arena_printf(r->arena, "%.*s-HT%d", (int)code.n, code.p, k);
        bool taken = false;
        for (size_t i = 0; i < n && !taken; i++)
            taken = str_eq(rows[i].col[0], candidate);
        if (!taken)
            return candidate;
    }
    return STR("");
}

static int sets_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "bo-tieu-chi/", "Bộ tiêu chí",
                          "Các bộ tiêu chí và phiên bản. Bộ đã có kết quả đánh giá không bị sửa: mỗi thay đổi tạo một "
                          "phiên bản mới (bộ tiêu chí điều chỉnh của tỉnh), áp dụng từ năm được chọn.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    const struct ntm_office_row_data *none;
    if (sets_read(r, STR_NULL, &rows, &n, &none) != 0)
        return -1;
    static const char *const heads[] = {"Mã", "Tên", "Căn cứ", "Thời gian", "Phiên bản của", "Số kết quả đánh giá",
                                        NULL};
    struct ntm_office_table *t = office_table(&p, "Các bộ tiêu chí", "Chưa có bộ tiêu chí nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "bo-%lld", (long long)x->id));
        office_cell(row, x->col[0], arena_printf(r->arena, SETS "%.*s", (int)x->col[0].n, x->col[0].p));
        office_cell(row, x->col[1], STR_NULL);
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row,
                    arena_printf(r->arena, "%.*s–%.*s", (int)x->col[5].n, x->col[5].p, (int)x->col[6].n, x->col[6].p),
                    STR_NULL);
        office_cell(row, x->col[7].n ? x->col[7] : STR("—"),
                    x->col[7].n ? arena_printf(r->arena, SETS "%.*s", (int)x->col[7].n, x->col[7].p) : STR_NULL);
        office_cell(row, x->col[9], STR_NULL);
    }
    return office_page_end(&p);
}

static int sets_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    return s ? sets_render(r, s, NULL) : answered;
}

/* The fields of the new version, on each form of a set in use. */
static void version_fields(struct office_page *p, struct ntm_office_form *fm, struct str code, struct str name,
                           const struct ntm_office_row_data *rows, size_t n, int year_from, int year_to)
{
    int year = office_this_year(p->r);
    year = year < year_from ? year_from : year > year_to ? year_to : year;
    struct ntm_office_field *fd =
        office_field(p, fm, "ma-moi", "Mã phiên bản mới", "text", next_code(p->r, rows, n, code));
    fd->hint = STR("Bộ tiêu chí này đã có kết quả đánh giá: thay đổi được ghi vào một phiên bản mới.");
    office_field(p, fm, "ten-moi", "Tên phiên bản mới", "text",
                 arena_printf(p->r->arena, "%.*s (điều chỉnh của tỉnh)", (int)name.n, name.p));
    office_field(p, fm, "tu-nam", "Áp dụng từ năm", "number", arena_printf(p->r->arena, "%d", year));
}

static int set_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct ntm_office_row_data *rows;
    size_t n;
    const struct ntm_office_row_data *set;
    if (sets_read(r, st && st->key.n ? st->key : r->captures[0], &rows, &n, &set) != 0)
        return -1;
    if (!set)
        return web_error(r, 404);
    struct office_page p;
    const char *title =
        ntm_cstr(r->arena, arena_printf(r->arena, "Bộ tiêu chí %.*s", (int)set->col[0].n, set->col[0].p));
    if (office_page_begin(&p, r, s, st, "bo-tieu-chi/", title, NULL) != 0)
        return -1;
    const char *code = ntm_cstr(r->arena, set->col[0]);
    int used = (int)strtol(ntm_cstr(r->arena, set->col[9]), NULL, 10);
    long year_from = strtol(ntm_cstr(r->arena, set->col[5]), NULL, 10),
         year_to = strtol(ntm_cstr(r->arena, set->col[6]), NULL, 10);
    struct str scheme = set->col[4];
    p.v.intro = arena_printf(r->arena, "%.*s (%.*s), áp dụng %ld–%ld; mức yêu cầu %s. %s", (int)set->col[1].n,
                             set->col[1].p, (int)set->col[2].n, set->col[2].p, year_from, year_to,
                             str_eq_lit(scheme, "nhom")   ? "theo nhóm xã"
                             : str_eq_lit(scheme, "vung") ? "theo vùng"
                                                          : "chung cho mọi xã",
                             used ? ntm_cstr(r->arena, arena_printf(r->arena,
                                                                    "Đã có %d kết quả đánh giá theo bộ này: "
                                                                    "mọi thay đổi tạo phiên bản mới.",
                                                                    used))
                                  : "Chưa có kết quả đánh giá nào: thay đổi được ghi ngay vào bộ này.");
    p.v.back_url = STR(SETS);
    p.v.back_label = STR("← Các bộ tiêu chí");
    struct ntm_office_row_data *criteria, *indicators;
    size_t n_criteria, n_indicators;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SET_CRITERIA, code, r->arena, &criteria, &n_criteria, &more) != 0 ||
        ntm_office_list(r->db, NTM_LIST_SET_INDICATORS, code, r->arena, &indicators, &n_indicators, &more) != 0)
        return -1;
    static const char *const heads[] = {"Số", "Tiêu chí", "Chỉ tiêu", NULL};
    struct ntm_office_table *t = office_table(&p, "Tiêu chí", "Bộ chưa có tiêu chí nào.", heads, n_criteria, false);
    for (size_t i = 0; i < n_criteria; i++) {
        struct ntm_office_row *row =
            office_row(&p, t, arena_printf(r->arena, "tieu-chi-%lld", (long long)criteria[i].id));
        office_cell(row, criteria[i].col[0], STR_NULL);
        office_cell(row, criteria[i].col[1], STR_NULL);
        office_cell(row, str_eq_lit(criteria[i].col[2], "1") ? STR("Có") : STR("Chưa nạp (ghi kết quả trực tiếp)"),
                    STR_NULL);
    }
    static const char *const heads2[] = {"Tiêu chí", "Mã",      "Chỉ tiêu",    "Kiểu",
                                         "Đơn vị",   "Các mức", "Mức yêu cầu", NULL};
    t = office_table(&p, "Chỉ tiêu và mức yêu cầu", "Bộ chưa có chỉ tiêu nào.", heads2, n_indicators, false);
    for (size_t i = 0; i < n_indicators; i++) {
        const struct ntm_office_row_data *x = &indicators[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "chi-tieu-%lld", (long long)x->id));
        for (int c = 0; c < 7; c++) {
            struct str v = x->col[c];
            if (c == 3)
                for (size_t k = 0; k < 4; k++)
                    if (str_eq_lit(v, TYPES[k][0]))
                        v = str_cstr(TYPES[k][1]);
            office_cell(row, v.n ? v : STR("—"), STR_NULL);
        }
    }
    struct str base = arena_printf(r->arena, SETS "%s/", code);
    /* a criterion */
    struct ntm_office_form *fm = office_form(&p, "tieu-chi", "Thêm hoặc đổi tên tiêu chí",
                                             arena_printf(r->arena, "%.*stieu-chi", (int)base.n, base.p), "Lưu", 5);
    fm->intro = STR("Một số tiêu chí đã có thì đổi tên; số mới thì thêm tiêu chí (chưa có chỉ tiêu).");
    office_field(&p, fm, "so", "Số tiêu chí (ví dụ 20)", "text", STR_NULL);
    office_field(&p, fm, "ten", "Tên tiêu chí", "text", STR_NULL);
    if (used)
        version_fields(&p, fm, set->col[0], set->col[1], rows, n, (int)year_from, (int)year_to);
    /* an indicator */
    fm = office_form(&p, "chi-tieu", "Thêm hoặc sửa chỉ tiêu",
                     arena_printf(r->arena, "%.*schi-tieu", (int)base.n, base.p), "Lưu", 9);
    fm->intro = STR("Một mã đã có trong tiêu chí thì sửa chỉ tiêu đó; mã mới thì thêm.");
    struct ntm_office_field *fd = office_field(&p, fm, "tieu-chi", "Thuộc tiêu chí", "select", STR_NULL);
    for (size_t i = 0; i < n_criteria; i++)
        office_choice(&p, fd, criteria[i].col[0],
                      arena_printf(r->arena, "%.*s. %.*s", (int)criteria[i].col[0].n, criteria[i].col[0].p,
                                   (int)criteria[i].col[1].n, criteria[i].col[1].p),
                      false);
    office_field(&p, fm, "ma", "Mã chỉ tiêu (ví dụ 17.8)", "text", STR_NULL);
    office_field(&p, fm, "ten", "Tên chỉ tiêu", "text", STR_NULL);
    fd = office_field(&p, fm, "kieu", "Kiểu giá trị", "select", STR("percent"));
    for (size_t k = 0; k < 4; k++)
        office_choice(&p, fd, str_cstr(TYPES[k][0]), str_cstr(TYPES[k][1]), false);
    office_field(&p, fm, "don-vi-do", "Đơn vị (ví dụ %, triệu đồng/người/năm)", "text", STR_NULL);
    fd = office_field(&p, fm, "cac-muc", "Các mức, từ thấp đến cao, cách nhau bởi “|” (chỉ tiêu theo mức)", "text",
                      STR_NULL);
    if (used)
        version_fields(&p, fm, set->col[0], set->col[1], rows, n, (int)year_from, (int)year_to);
    /* a target */
    fm = office_form(&p, "muc-tieu", "Đặt mức yêu cầu", arena_printf(r->arena, "%.*smuc-tieu", (int)base.n, base.p),
                     "Lưu", 9);
    fm->intro = STR("Mức chưa rõ thì đánh dấu “chưa rõ”: chỉ tiêu được để trống mức, không tự đặt con số.");
    fd = office_field(&p, fm, "chi-tieu", "Chỉ tiêu", "select", STR_NULL);
    for (size_t i = 0; i < n_indicators; i++)
        office_choice(&p, fd, arena_printf(r->arena, "%lld", (long long)indicators[i].id),
                      arena_printf(r->arena, "%.*s %.*s", (int)indicators[i].col[1].n, indicators[i].col[1].p,
                                   (int)indicators[i].col[2].n, indicators[i].col[2].p),
                      false);
    if (str_eq_lit(scheme, "vung")) {
        fd = office_field(&p, fm, "ap-dung", "Áp dụng cho (“*” mọi xã, hoặc tên vùng)", "text", STR("*"));
    } else {
        fd = office_field(&p, fm, "ap-dung", "Áp dụng cho", "select", STR("*"));
        office_choice(&p, fd, STR("*"), STR("Mọi xã"), false);
        if (str_eq_lit(scheme, "nhom"))
            for (int g = 1; g <= 3; g++)
                office_choice(&p, fd, arena_printf(r->arena, "%d", g), arena_printf(r->arena, "Xã nhóm %d", g), false);
    }
    office_field(&p, fm, "chua-ro", "Chưa rõ mức yêu cầu (để trống)", "checkbox", STR_NULL);
    fd = office_field(&p, fm, "phep", "So sánh", "select", STR(">="));
    for (size_t k = 0; k < 3; k++)
        office_choice(&p, fd, str_cstr(OPS[k][0]), str_cstr(OPS[k][1]), false);
    fd = office_field(&p, fm, "muc", "Mức (số; đạt = 1; mức: vị trí trong danh sách)", "text", STR_NULL);
    fd = office_field(&p, fm, "cach-ghi", "Cách ghi như trong quyết định (để trống: ghi tự động)", "text", STR_NULL);
    if (used)
        version_fields(&p, fm, set->col[0], set->col[1], rows, n, (int)year_from, (int)year_to);
    return office_page_end(&p);
}

static int set_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    return s ? set_render(r, s, NULL) : answered;
}

/* --- writes ------------------------------------------------------------------------------ */

static int w_set(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    struct ntm_set_change c = {
        .kind = (enum ntm_set_change_kind)j->y2,
        .set_code = j->c1,
        .number = j->t1,
        .criterion_name = j->t2,
        .indicator_code = j->t3,
        .indicator_name = j->t4,
        .unit = j->units[0].code,
        .levels = j->units[0].name,
        .value_type = j->c2,
        .applies_to = j->units[1].code,
        .unknown = j->flag,
        .op = j->c3,
        .threshold = j->amount,
        .text = j->units[1].name,
        .new_code = j->units[2].code,
        .new_name = j->units[2].name,
        .year_from = (int)j->y1,
        .province_code = j->units[2].kind,
    };
    char applied[64];
    bool versioned;
    int rc = ntm_set_edit(db, &c, applied, &versioned, err, errlen);
    if (rc == 0 && versioned)
        j->detail = office_keep(j, arena_printf(&j->arena, "phiên bản mới %s từ năm %ld; %.*s", applied, j->y1,
                                                (int)j->detail.n, j->detail.p));
    return rc;
}

/* A number typed "85", "85,5" or "85.5". */
static bool number_of(struct str v, double *out)
{
    char buf[40];
    if (!v.n || v.n >= sizeof buf)
        return false;
    for (size_t i = 0; i < v.n; i++) {
        char c = v.p[i];
        if (!((c >= '0' && c <= '9') || c == ',' || c == '.' || (c == '-' && i == 0)))
            return false;
        buf[i] = c == ',' ? '.' : c;
    }
    buf[v.n] = '\0';
    char *end;
    double d = strtod(buf, &end);
    if (*end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

static int set_change(struct web_req *r, enum ntm_set_change_kind kind)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    struct ntm_office_row_data *rows;
    size_t n;
    const struct ntm_office_row_data *set;
    if (sets_read(r, r->captures[0], &rows, &n, &set) != 0)
        return -1;
    if (!set)
        return web_error(r, 404);
    static const char *const forms[] = {"tieu-chi", "chi-tieu", "muc-tieu"};
    struct office_state st = {.status = 400, .key = set->col[0], .posted = &r->form, .form_id = str_cstr(forms[kind])};
    int used = (int)strtol(ntm_cstr(r->arena, set->col[9]), NULL, 10);
    struct str number = office_value(r, kind == NTM_CHANGE_CRITERION ? "so" : "tieu-chi");
    struct str indicator_code = office_value(r, "ma");
    const char *type = NULL, *op = NULL;
    double threshold = 0;
    bool unknown = false;
    struct str name = office_value(r, "ten");
    if (kind == NTM_CHANGE_CRITERION) {
        if (!number.n || number.n > 10)
            office_problem(&st, "so", STR("Số tiêu chí cần có, tối đa 10 ký tự."));
        if (!name.n || utf8_count(name) > 200)
            office_problem(&st, "ten", STR("Tên tiêu chí cần có, tối đa 200 ký tự."));
    } else if (kind == NTM_CHANGE_INDICATOR) {
        if (!number.n)
            office_problem(&st, "tieu-chi", STR("Hãy chọn tiêu chí."));
        if (!indicator_code.n || indicator_code.n > 20)
            office_problem(&st, "ma", STR("Mã chỉ tiêu cần có, tối đa 20 ký tự."));
        if (!name.n || utf8_count(name) > 300)
            office_problem(&st, "ten", STR("Tên chỉ tiêu cần có, tối đa 300 ký tự."));
        struct str t = office_value(r, "kieu");
        for (size_t k = 0; k < 4; k++)
            if (str_eq_lit(t, TYPES[k][0]))
                type = TYPES[k][0];
        if (!type)
            office_problem(&st, "kieu", STR("Hãy chọn kiểu giá trị."));
        else if (!strcmp(type, "level") && !office_value(r, "cac-muc").n)
            office_problem(&st, "cac-muc", STR("Chỉ tiêu theo mức cần danh sách các mức, cách nhau bởi “|”."));
    } else {
        /* the indicator chosen: its criterion number and code */
        struct ntm_office_row_data *indicators;
        size_t n_indicators;
        bool more;
        if (ntm_office_list(r->db, NTM_LIST_SET_INDICATORS, ntm_cstr(r->arena, set->col[0]), r->arena, &indicators,
                            &n_indicators, &more) != 0)
            return -1;
        int64_t id = office_id(office_value(r, "chi-tieu"));
        for (size_t i = 0; id && i < n_indicators; i++)
            if (indicators[i].id == id) {
                number = indicators[i].col[0];
                indicator_code = indicators[i].col[1];
            }
        if (!indicator_code.n)
            office_problem(&st, "chi-tieu", STR("Hãy chọn một chỉ tiêu của bộ."));
        unknown = str_eq_lit(office_value(r, "chua-ro"), "1");
        struct str o = office_value(r, "phep");
        for (size_t k = 0; k < 3; k++)
            if (str_eq_lit(o, OPS[k][0]))
                op = OPS[k][0];
        if (!unknown && !op)
            office_problem(&st, "phep", STR("Hãy chọn phép so sánh."));
        if (!unknown && !number_of(office_value(r, "muc"), &threshold))
            office_problem(&st, "muc", STR("Mức phải là một con số, ví dụ 85 hoặc 78,5; hoặc đánh dấu “chưa rõ”."));
        struct str applies = office_value(r, "ap-dung");
        if (!applies.n || utf8_count(applies) > 100)
            office_problem(&st, "ap-dung", STR("Hãy chọn mức áp dụng cho ai."));
    }
    long year = 0;
    struct str new_code = office_value(r, "ma-moi"), new_name = office_value(r, "ten-moi");
    if (used) {
        bool code_ok = new_code.n >= 3 && new_code.n <= 40;
        for (size_t i = 0; i < new_code.n && code_ok; i++) {
            char c = new_code.p[i];
            code_ok =
                (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        for (size_t i = 0; i < n && code_ok; i++)
            if (str_eq(rows[i].col[0], new_code)) {
                office_problem(&st, "ma-moi", STR("Đã có bộ tiêu chí mang mã này; hãy chọn mã khác."));
                code_ok = true;
                new_code = STR_NULL;
            }
        if (!code_ok)
            office_problem(&st, "ma-moi", STR("Mã gồm 3 đến 40 chữ cái không dấu, chữ số hoặc “-”."));
        if (!new_name.n || utf8_count(new_name) > 200)
            office_problem(&st, "ten-moi", STR("Cần tên của phiên bản mới, tối đa 200 ký tự."));
        long from = strtol(ntm_cstr(r->arena, set->col[5]), NULL, 10),
             to = strtol(ntm_cstr(r->arena, set->col[6]), NULL, 10);
        if (!office_int(office_value(r, "tu-nam"), from, to, &year))
            office_problem(
                &st, "tu-nam",
                arena_printf(r->arena, "Năm áp dụng phải trong thời gian của bộ tiêu chí (%ld–%ld).", from, to));
    }
    if (st.n_problems)
        return set_render(r, s, &st);
    char province[16] = "";
    if (ntm_home_province(r->db, province, sizeof province) < 0)
        return -1;
    struct str back = arena_printf(r->arena, SETS "%.*s", (int)(used ? new_code.n : set->col[0].n),
                                   used ? new_code.p : set->col[0].p);
    struct office_job *j =
        office_job_new(r, s, forms[kind], ntm_cstr(r->arena, back), w_set, set_render, "ntm_set_edit");
    if (!j)
        return -1;
    j->y2 = kind;
    snprintf(j->key, sizeof j->key, "%.*s", (int)set->col[0].n, set->col[0].p);
    j->c1 = ntm_cstr(&j->arena, set->col[0]);
    j->t1 = office_keep(j, number);
    j->t2 = office_keep(j, kind == NTM_CHANGE_CRITERION ? name : STR(""));
    j->t3 = office_keep(j, indicator_code);
    j->t4 = office_keep(j, kind == NTM_CHANGE_INDICATOR ? name : STR(""));
    j->c2 = type;
    j->units[0].code = office_keep(j, office_value(r, "don-vi-do"));
    j->units[0].name = office_keep(j, office_value(r, "cac-muc"));
    j->units[1].code = office_keep(j, office_value(r, "ap-dung"));
    j->units[1].name = office_keep(j, office_value(r, "cach-ghi"));
    j->units[2].code = office_keep(j, new_code);
    j->units[2].name = office_keep(j, new_name);
    j->units[2].kind = ntm_cstr(&j->arena, str_cstr(province));
    j->flag = unknown;
    j->c3 = op;
    j->amount = threshold;
    j->y1 = year;
    j->object = office_keep(j, arena_printf(r->arena, "bộ tiêu chí %.*s", (int)set->col[0].n, set->col[0].p));
    struct str detail =
        kind == NTM_CHANGE_CRITERION
            ? arena_printf(r->arena, "tiêu chí %.*s: %.*s", (int)number.n, number.p, (int)name.n, name.p)
        : kind == NTM_CHANGE_INDICATOR ? arena_printf(r->arena, "chỉ tiêu %.*s: %.*s (%s)", (int)indicator_code.n,
                                                      indicator_code.p, (int)name.n, name.p, type)
        : unknown ? arena_printf(r->arena, "mức yêu cầu của %.*s cho %.*s: chưa rõ", (int)indicator_code.n,
                                 indicator_code.p, (int)j->units[1].code.n, j->units[1].code.p)
                  : arena_printf(r->arena, "mức yêu cầu của %.*s cho %.*s: %s %g", (int)indicator_code.n,
                                 indicator_code.p, (int)j->units[1].code.n, j->units[1].code.p, op, threshold);
    j->detail = office_keep(j, detail);
    return office_defer(r, j);
}

static int criterion_change(struct web_req *r) { return set_change(r, NTM_CHANGE_CRITERION); }
static int indicator_change(struct web_req *r) { return set_change(r, NTM_CHANGE_INDICATOR); }
static int target_change(struct web_req *r) { return set_change(r, NTM_CHANGE_TARGET); }

void ntm_office_sets_register(void)
{
    static const char *const params[] = {"thong-bao", NULL};
    struct http_form_limits form = {.max_fields = 16, .max_value = 4096, .max_name = 32, .max_part_head = 1024};
    static const struct {
        const char *pattern;
        web_handler get, post;
    } routes[] = {
        {SETS, sets_page, NULL},
        {SETS "*/tieu-chi", NULL, criterion_change},
        {SETS "*/chi-tieu", NULL, indicator_change},
        {SETS "*/muc-tieu", NULL, target_change},
        {SETS "*", set_page, NULL},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        router_add((struct route){.pattern = routes[i].pattern,
                                  .get = routes[i].get,
                                  .post = routes[i].post,
                                  .known_params = params,
                                  .flags = ROUTE_FORM | ROUTE_WORKER,
                                  .max_body = 16384,
                                  .form = form});
}
