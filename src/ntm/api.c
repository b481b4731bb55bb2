/*
 * api.c - the monitor's data as JSON under /api/v1/ntm/: the province's
 * units with their result (donvi), the criteria sets (bo-tieu-chi), one
 * unit's assessments (xa/CODE) and the province's summary (tong-hop), each
 * for ?nam=YYYY (default: the latest year with accepted assessments).
 * Every answer names the version of the set its data is assessed on
 * ("phien_ban_bo_tieu_chi") and the date of the data ("ngay_so_lieu",
 * the latest acceptance counted, Vietnam time). Answers go through the
 * page cache with the module's tags; a refusal is {"loi": "..."} with its
 * 4xx and is never cached. Only accepted assessments are public.
 */
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "view/tpl.h"

/* A commune's public page as a whole address (the site's base URL), so
 * that a client of the API can follow it as it is; with a year (year > 0)
 * that year's page, as a former unit needs (without the year its address
 * leads to the unit it is part of now). */
static struct str commune_page(struct web_req *r, struct str code, int year)
{
    return ARENA_JOIN(r->arena, portal_site(r)->base_url, ntm_unit_url(r->arena, code, year));
}

/* A refusal: {"loi": message} with `status`, not cached. */
/* The JSON error every /api/ answer has ({"loi": …, "error": {…}}), saying
 * what was wrong. */
static int api_refuse(struct web_req *r, int status, const char *message)
{
    return web_error_saying(r, status, str_cstr(message));
}

static void jstr(struct buf *b, struct str s) { tpl_escape_json_string(b, s.p ? s : STR("")); }

/* "key": "value", (the comma unless last) */
static void jfield(struct buf *b, const char *key, struct str value, bool last)
{
    buf_printf(b, "\"%s\": ", key);
    jstr(b, value);
    if (!last)
        buf_puts(b, ", ");
}

static const char *state_key(int state)
{
    return state == NTM_MET ? "\"dat\"" : state == NTM_NOT_MET ? "\"khong_dat\"" : "\"chua_xac_dinh\"";
}

static const char *ind_state_key(int state)
{
    switch (state) {
    case NTM_IND_MET: return "\"dat\"";
    case NTM_IND_NOT_MET: return "\"khong_dat\"";
    case NTM_IND_UNKNOWN_TARGET: return "\"chua_ro_muc_yeu_cau\"";
    case NTM_IND_NOT_IN_SET: return "\"khong_co_trong_bo\"";
    default: return "\"chua_danh_gia\"";
    }
}

/* The fields every answer starts with: the year, the set's version and
 * name, the date of the data. */
static void head(struct web_req *r, int year, struct str set_code, struct str set_name, struct str decision,
                 int64_t data_time)
{
    struct buf *b = r->body;
    r->content_type = "application/json; charset=utf-8";
    if (year)
        buf_printf(b, "{\"nam\": %d, ", year);
    else
        buf_puts(b, "{\"nam\": null, ");
    if (set_code.n) {
        jfield(b, "phien_ban_bo_tieu_chi", set_code, false);
        buf_puts(b, "\"bo_tieu_chi\": {");
        jfield(b, "ma", set_code, false);
        jfield(b, "ten", set_name, false);
        jfield(b, "quyet_dinh", decision, true);
        buf_puts(b, "}, ");
    } else
        buf_puts(b, "\"phien_ban_bo_tieu_chi\": null, \"bo_tieu_chi\": null, ");
    struct str date = ntm_data_date(r->arena, data_time, true);
    if (date.n)
        jfield(b, "ngay_so_lieu", date, false);
    else
        buf_puts(b, "\"ngay_so_lieu\": null, ");
}

/* Reads the province's matrix for the request: 1, or 0 when refused.
 * periods: whether ?ky=YYYY-Qn is read (only where it is a known
 * parameter, so that it makes its own cache entry): the data as it stood at
 * the end of that quarter, as the dashboard of the quarter shows it. */
static int read_matrix(struct web_req *r, struct ntm_matrix *m, bool periods)
{
    int year, quarter = 0;
    if (periods && web_param(r, "ky").p) {
        if (ntm_period_param(r, &year, &quarter) != 0)
            return api_refuse(r, 400, "Kỳ không hợp lệ: dùng ?ky=YYYY-Qn (quý 1 đến 4, ví dụ ?ky=2026-Q3) hoặc "
                                      "?nam=YYYY, chỉ một trong hai.");
    } else if ((year = ntm_year_param(r)) < 0)
        return api_refuse(r, 400, "Năm không hợp lệ: dùng ?nam=YYYY.");
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return api_refuse(r, 404, "Chưa có tỉnh nào trong hệ thống theo dõi nông thôn mới.");
    rc = ntm_matrix_read_period(r->db, code, year, quarter, r->arena, m);
    if (rc < 0)
        return -1;
    bool reported = !quarter;
    for (size_t i = 0; rc == 1 && i < m->d.n_quarters; i++)
        reported |= m->d.quarters[i] == quarter;
    if (rc == 1 && !reported)
        return api_refuse(r, 404, "Không có báo cáo tiến độ được chấp nhận cho quý này.");
    if (rc == 0 || (year && !m->d.assessed))
        return api_refuse(r, 404, "Không có kết quả đánh giá được chấp nhận cho năm này.");
    return 1;
}

static void province_field(struct buf *b, const struct ntm_unit *p)
{
    buf_puts(b, "\"tinh\": {");
    jfield(b, "ma", p->code, false);
    jfield(b, "ten", p->full_name, true);
    buf_puts(b, "}, ");
}

static void years_field(struct buf *b, const struct ntm_dashboard *d)
{
    buf_puts(b, "\"cac_nam\": [");
    for (size_t i = 0; i < d->n_years; i++)
        buf_printf(b, "%s%d", i ? ", " : "", d->years[i]);
    buf_puts(b, "]");
}

/* GET /api/v1/ntm/donvi */
static int api_units(struct web_req *r)
{
    struct ntm_matrix m;
    int rc = read_matrix(r, &m, false);
    if (rc <= 0)
        return rc;
    struct ntm_unit *units;
    size_t n;
    if (ntm_units_of(r->db, m.d.province.code.p, r->arena, &units, &n) < 0)
        return -1;
    struct buf *b = r->body;
    head(r, m.d.year, m.d.set_code, m.d.set_name, m.d.set_decision, m.data_time);
    province_field(b, &m.d.province);
    buf_puts(b, "\"don_vi\": [");
    for (size_t i = 0; i < m.n_rows; i++) {
        const struct ntm_matrix_row *x = &m.rows[i];
        const struct ntm_unit *u = NULL;
        for (size_t k = 0; k < n && !u; k++)
            if (str_eq(units[k].code, x->code))
                u = &units[k];
        buf_puts(b, i ? ",\n{" : "\n{");
        jfield(b, "ma", x->code, false);
        jfield(b, "ten", x->full_name, false);
        if (u) {
            jfield(b, "loai", u->kind, false);
            jfield(b, "ten_rieng", u->name, false);
            if (u->former_district.n)
                jfield(b, "huyen_cu", u->former_district, false);
        }
        jfield(b, "trang", u ? commune_page(r, x->code, 0) : commune_page(r, x->code, m.d.year), false);
        if (x->criteria_met < 0)
            buf_puts(b, "\"so_tieu_chi_dat\": null, \"so_tieu_chi\": null, \"dat_chuan\": null}");
        else
            buf_printf(b, "\"so_tieu_chi_dat\": %d, \"so_tieu_chi\": %d, \"dat_chuan\": %s}", x->criteria_met,
                       x->criteria_total,
                       x->unit_state == NTM_MET       ? "true"
                       : x->unit_state == NTM_NOT_MET ? "false"
                                                      : "null");
    }
    buf_puts(b, "\n]}\n");
    web_tag(r, "ntm");
    web_tag(r, "ntm:ref");
    return 0;
}

static const char *type_name(enum ntm_value_type t)
{
    switch (t) {
    case NTM_TYPE_MET: return "dat_khong_dat";
    case NTM_TYPE_PERCENT: return "ty_le_phan_tram";
    case NTM_TYPE_NUMBER: return "so";
    case NTM_TYPE_LEVEL: return "muc";
    }
    return "";
}

/* GET /api/v1/ntm/bo-tieu-chi */
static int api_sets(struct web_req *r)
{
    if (web_param(r, "nam").p)
        return api_refuse(r, 400, "Danh mục bộ tiêu chí không nhận tham số nam.");
    struct ntm_set_info *sets;
    size_t n;
    if (ntm_sets_list(r->db, r->arena, &sets, &n) < 0)
        return -1;
    /* the version and date of the data the portal shows now */
    char code[16];
    struct ntm_dashboard d;
    memset(&d, 0, sizeof d);
    int64_t data_time = 0;
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        struct ntm_matrix m;
        rc = ntm_matrix_read(r->db, code, 0, r->arena, &m);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            d = m.d;
            data_time = m.data_time;
        }
    }
    struct buf *b = r->body;
    head(r, d.year, d.set_code, d.set_name, d.set_decision, data_time);
    buf_puts(b, "\"cac_bo\": [");
    for (size_t i = 0; i < n; i++) {
        const struct ntm_set_info *s = &sets[i];
        struct ntm_set set;
        rc = ntm_set_load(r->db, s->code.p, r->arena, &set);
        if (rc < 0)
            return -1;
        buf_puts(b, i ? ",\n{" : "\n{");
        jfield(b, "ma", s->code, false);
        jfield(b, "ten", s->name, false);
        jfield(b, "quyet_dinh", s->decision, false);
        jfield(b, "cap", s->tier, false);
        if (s->province_code.n)
            jfield(b, "tinh", s->province_code, false);
        buf_printf(b, "\"nam_tu\": %d, \"nam_den\": %d, \"da_doi_chieu_van_ban\": %s, \"tieu_chi\": [", s->year_from,
                   s->year_to, s->verified ? "true" : "false");
        for (size_t c = 0; rc == 1 && c < set.n_criteria; c++) {
            buf_puts(b, c ? ", {" : "{");
            jfield(b, "so", set.criterion_number[c], false);
            jfield(b, "ten", set.criterion_name[c], false);
            buf_printf(b, "\"co_danh_muc_chi_tieu\": %s, \"chi_tieu\": [",
                       set.criteria[c].indicators_loaded ? "true" : "false");
            bool first = true;
            for (size_t k = 0; k < set.n_indicators; k++) {
                if (set.indicators[k].criterion != c)
                    continue;
                buf_puts(b, first ? "{" : ", {");
                first = false;
                jfield(b, "ma", set.indicator_code[k], false);
                jfield(b, "ten", set.indicator_name[k], false);
                jfield(b, "kieu", str_cstr(type_name(set.indicators[k].type)), true);
                buf_puts(b, "}");
            }
            buf_puts(b, "]}");
        }
        buf_puts(b, "]}");
    }
    buf_puts(b, "\n]}\n");
    web_tag(r, "ntm:ref");
    web_tag(r, "ntm");
    return 0;
}

/* GET /api/v1/ntm/xa/CODE */
static int api_unit(struct web_req *r)
{
    int year = ntm_year_param(r);
    if (year < 0)
        return api_refuse(r, 400, "Năm không hợp lệ: dùng ?nam=YYYY.");
    struct str code = r->captures[0];
    bool digits = code.n > 0 && code.n <= 10;
    for (size_t i = 0; digits && i < code.n; i++)
        digits = code.p[i] >= '0' && code.p[i] <= '9';
    if (!digits)
        return api_refuse(r, 404, "Mã xã, phường không hợp lệ.");
    const char *code_z = ntm_cstr(r->arena, code);
    struct ntm_report d;
    int rc = ntm_report_read(r->db, code_z, year, r->arena, &d);
    if (rc < 0)
        return -1;
    /* a former unit (merged since), for a year it stood: its own results,
     * as its page shows them; donvi lists it for those years */
    struct str successor = STR_NULL;
    bool former = false;
    if (rc == 0 && d.unit.id == 0) {
        if (year) {
            rc = ntm_report_read_former(r->db, code_z, year, r->arena, &d); /* 1: that year's */
            if (rc < 0)
                return -1;
            former = rc == 1;
        }
        if (ntm_unit_successor(r->db, code_z, r->arena, &successor) < 0)
            return -1;
        if (rc == 0 && successor.n)
            return api_refuse(r, 404,
                              year ? arena_printf(r->arena,
                                                  "Đơn vị này đã sáp nhập vào đơn vị mã %.*s và không có kết quả được "
                                                  "chấp nhận cho năm %d.",
                                                  (int)successor.n, successor.p, year)
                                         .p
                                   : arena_printf(r->arena,
                                                  "Đơn vị này đã sáp nhập vào đơn vị mã %.*s: hỏi kết quả của nó theo "
                                                  "năm (?nam=YYYY), hoặc xem đơn vị mới.",
                                                  (int)successor.n, successor.p)
                                         .p);
    }
    if (rc == 0)
        return api_refuse(r, 404, year ? "Không có xã, phường này hoặc không có kết quả được chấp nhận cho năm này."
                                       : "Không có xã, phường này.");
    struct buf *b = r->body;
    head(r, d.year, d.set_code, d.set_name, d.set_decision, d.data_time);
    if (d.quarter) /* the year has no result yet: its latest accepted quarterly report */
        buf_printf(b, "\"quy\": %d, ", d.quarter);
    buf_puts(b, "\"don_vi\": {");
    jfield(b, "ma", d.unit.code, false);
    jfield(b, "ten", d.unit.full_name, false);
    jfield(b, "tinh", d.province.full_name, false);
    if (d.unit.former_district.n)
        jfield(b, "huyen_cu", d.unit.former_district, false);
    if (d.group.n)
        jfield(b, "nhom", d.group, false);
    if (d.region.n)
        jfield(b, "vung", d.region, false);
    if (former) {
        if (successor.n)
            jfield(b, "nay_thuoc", successor, false);
        jfield(b, "trang", commune_page(r, d.unit.code, d.year), true);
    } else
        jfield(b, "trang", commune_page(r, d.unit.code, 0), true);
    buf_puts(b, "}, \"cac_nam\": [");
    for (size_t i = 0; i < d.n_years; i++) {
        const struct ntm_report_year *y = &d.years[i];
        buf_printf(b, "%s{\"nam\": %d, ", i ? ", " : "", y->year);
        jfield(b, "phien_ban_bo_tieu_chi", y->set_code, false);
        buf_printf(b, "\"so_tieu_chi_dat\": %d, \"so_tieu_chi\": %d, \"ket_qua\": %s}", y->criteria_met,
                   y->criteria_total, state_key(y->unit_state));
    }
    /* years with accepted quarterly reports and no year result yet: ?nam=
     * answers them with their latest quarter ("quy") */
    buf_puts(b, "], \"nam_chi_co_bao_cao_quy\": [");
    for (size_t i = 0; i < d.n_quarter_years; i++)
        buf_printf(b, "%s%d", i ? ", " : "", d.quarter_years[i]);
    buf_puts(b, "], \"cong_nhan\": [");
    for (size_t i = 0; i < d.n_recognitions; i++) {
        const struct ntm_report_recognition *x = &d.recognitions[i];
        buf_puts(b, i ? ", {" : "{");
        jfield(b, "danh_hieu", x->status, false);
        jfield(b, "hinh_thuc", x->act, false);
        buf_printf(b, "\"nam\": %d, ", x->year);
        jfield(b, "so_quyet_dinh", x->decision_no, false);
        jfield(b, "ngay", x->decided_on, false);
        jfield(b, "co_quan", x->issuer, true);
        buf_puts(b, "}");
    }
    int met = 0;
    buf_puts(b, "], \"tieu_chi\": [");
    for (size_t c = 0; c < d.n_criteria; c++) {
        const struct ntm_report_criterion *cr = &d.criteria[c];
        met += cr->state == NTM_MET;
        buf_puts(b, c ? ",\n{" : "\n{");
        jfield(b, "so", cr->number, false);
        jfield(b, "ten", cr->name, false);
        buf_printf(b, "\"ket_qua\": %s, \"ghi_nhan_truc_tiep\": %s, \"co_danh_muc_chi_tieu\": %s, \"chi_tieu\": [",
                   state_key(cr->state), cr->recorded ? "true" : "false", cr->indicators_loaded ? "true" : "false");
        for (size_t i = 0; i < cr->n_indicators; i++) {
            const struct ntm_report_indicator *x = &cr->indicators[i];
            buf_puts(b, i ? ", {" : "{");
            jfield(b, "ma", x->code, false);
            jfield(b, "ten", x->name, false);
            jfield(b, "kieu", x->value_type, false);
            if (x->unit.n)
                jfield(b, "don_vi_tinh", x->unit, false);
            if (x->has_value)
                buf_printf(b, "\"gia_tri\": %.10g, ", x->value);
            else
                buf_puts(b, "\"gia_tri\": null, ");
            if (x->value_text.n)
                jfield(b, "gia_tri_chu", x->value_text, false);
            if (x->target.n && !str_eq_lit(x->target, "?"))
                jfield(b, "yeu_cau", x->target, false);
            else
                buf_puts(b, "\"yeu_cau\": null, ");
            buf_printf(b, "\"ket_qua\": %s}", ind_state_key(x->state));
        }
        buf_puts(b, "]}");
    }
    /* the year's progress reports, and the former units merged into it */
    struct ntm_quarter_result *q = NULL;
    size_t nq = 0;
    if (d.year && ntm_unit_quarters(r->db, d.unit.id, d.year, r->arena, &q, &nq) != 0)
        return -1;
    struct ntm_former_unit *f;
    size_t nf;
    if (ntm_unit_former_results(r->db, d.unit.id, r->arena, &f, &nf) != 0)
        return -1;
    buf_puts(b, "\n], \"bao_cao_quy\": [");
    for (size_t i = 0; i < nq; i++)
        buf_printf(b, "%s{\"quy\": %d, \"so_tieu_chi_dat\": %d, \"so_tieu_chi\": %d, \"ket_qua\": %s}", i ? ", " : "",
                   q[i].quarter, q[i].criteria_met, q[i].criteria_total, state_key(q[i].unit_state));
    buf_puts(b, "], \"don_vi_truoc_sap_nhap\": [");
    for (size_t i = 0; i < nf; i++) {
        buf_puts(b, i ? ", {" : "{");
        jfield(b, "ma", f[i].code, false);
        jfield(b, "ten", f[i].full_name, false);
        jfield(b, "hieu_luc_den", f[i].valid_to, false);
        jfield(b, "ngay_sap_nhap", f[i].effective, false);
        buf_printf(b, "\"tinh_vao_lich_su\": %s, \"cac_nam\": [", f[i].counts_history ? "true" : "false");
        for (size_t k = 0; k < f[i].n_years; k++)
            buf_printf(b, "%s{\"nam\": %d, \"so_tieu_chi_dat\": %d, \"so_tieu_chi\": %d, \"ket_qua\": %s}",
                       k ? ", " : "", f[i].years[k].year, f[i].years[k].criteria_met, f[i].years[k].criteria_total,
                       state_key(f[i].years[k].unit_state));
        buf_puts(b, "]}");
        web_tag(r, "ntm:unit:%.*s", (int)f[i].code.n, f[i].code.p);
    }
    if (d.year)
        buf_printf(b, "], \"so_tieu_chi_dat\": %d, \"so_tieu_chi\": %zu}\n", met, d.n_criteria);
    else
        buf_puts(b, "], \"so_tieu_chi_dat\": null, \"so_tieu_chi\": null}\n");
    web_tag(r, "ntm:unit:%.*s", (int)d.unit.code.n, d.unit.code.p);
    web_tag(r, "ntm:ref");
    return 0;
}

/* GET /api/v1/ntm/tong-hop */
static int api_summary(struct web_req *r)
{
    struct ntm_matrix m;
    int rc = read_matrix(r, &m, true);
    if (rc <= 0)
        return rc;
    const struct ntm_dashboard *d = &m.d;
    struct buf *b = r->body;
    head(r, d->year, d->set_code, d->set_name, d->set_decision, m.data_time);
    if (d->quarter) /* the data as it stood at the end of the quarter */
        buf_printf(b, "\"quy\": %d, ", d->quarter);
    province_field(b, &d->province);
    buf_printf(b, "\"so_don_vi\": %d, \"so_duoc_danh_gia\": %d, \"so_dat_chuan\": %d, ", d->units, d->assessed,
               d->met);
    years_field(b, d);
    buf_puts(b, ", \"theo_so_tieu_chi_dat\": [");
    for (size_t k = 0; k <= d->n_criteria; k++)
        buf_printf(b, "%s{\"so_tieu_chi_dat\": %zu, \"so_xa\": %d}", k ? ", " : "", k, d->by_count[k]);
    buf_puts(b, "], \"theo_tieu_chi\": [");
    for (size_t c = 0; c < d->n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d->criteria[c];
        buf_puts(b, c ? ",\n{" : "\n{");
        jfield(b, "so", cr->number, false);
        jfield(b, "ten", cr->name, false);
        buf_printf(b, "\"dat\": %d, \"khong_dat\": %d, \"chua_xac_dinh\": %d, \"dat_theo_ghi_nhan_truc_tiep\": %d}",
                   cr->met, cr->not_met, cr->undetermined, cr->recorded);
    }
    buf_puts(b, "\n]}\n");
    web_tag(r, "ntm");
    return 0;
}

void ntm_api_register(void)
{
    static const char *const params[] = {"nam", NULL};
    router_add((struct route){.pattern = "/api/v1/ntm/donvi", .get = api_units, .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/api/v1/ntm/bo-tieu-chi", .get = api_sets, .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/api/v1/ntm/xa/*", .get = api_unit, .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    static const char *const period_params[] = {"nam", "ky", NULL};
    router_add((struct route){.pattern = "/api/v1/ntm/tong-hop", .get = api_summary, .known_params = period_params,
                              .flags = ROUTE_CACHEABLE});
}
