/*
 * national.c - the country at a glance: /nong-thon-moi/ca-nuoc and its
 * JSON /api/v1/ntm/ca-nuoc, for a year (?nam=, default the latest year
 * with accepted assessments anywhere): for each of the provinces, its
 * communes, how many have an accepted assessment, how many meet the set
 * in force, how many hold the NTM, advanced and model status by the end of
 * the year (recognition decisions, a revocation ends one) and the average
 * number of criteria met. Two grouped queries over the whole country, so a
 * change to one assessment shows at once (no summary table to rebuild).
 * Tagged "ntm": every write that changes a public summary touches it.
 * The commune x criteria matrix of the whole country is
 * /nong-thon-moi/ca-nuoc.xlsx: a sheet per year (every year, or ?nam=),
 * the province as its first column, and a sheet of the criteria's counts;
 * written in libxlsxwriter's constant-memory mode (row by row, through a
 * temporary file) on a worker thread, so the server's memory stays small.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <xlsxwriter.h>

#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/sheet.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "templates.h"
#include "text/vi.h"
#include "view/tpl.h"

static const char SQL_NATIONAL_YEARS[] =
    "SELECT DISTINCT year FROM ntm_assessment WHERE state = 'accepted' AND quarter = 0 ORDER BY year DESC LIMIT 40";
static const char SQL_NATIONAL_ROWS[] =
    "SELECT p.code, p.name, p.full_name, count(u.id), count(a.id), coalesce(sum(a.unit_state = 1), 0), "
    "coalesce(sum(a.criteria_met), 0), coalesce(max(coalesce(a.accepted_at, a.updated_at)), 0) "
    "FROM ntm_unit p JOIN ntm_unit u ON u.parent_id = p.id AND " NTM_UNIT_OF_YEAR("u", "?2") " "
    "LEFT JOIN ntm_assessment a ON a.unit_id = u.id AND a.set_id IN " NTM_FAMILY("?1") " AND a.year = ?2 "
    "AND a.quarter = 0 "
    "AND a.state = 'accepted' WHERE p.parent_id IS NULL AND p.valid_to IS NULL GROUP BY p.id";
/* A current unit holds a status at the end of ?1 when its latest decision
 * on that status up to then is not a revocation. */
static const char SQL_NATIONAL_STATUS[] =
    "SELECT p.code, r.status, count(*) FROM (SELECT DISTINCT unit_id, status FROM ntm_recognition "
    "WHERE year <= ?1 AND status IN ('ntm', 'nang_cao', 'kieu_mau')) r JOIN ntm_unit u ON u.id = r.unit_id "
    "JOIN ntm_unit p ON p.id = u.parent_id WHERE u.valid_to IS NULL AND (SELECT x.act <> 'thu_hoi' "
    "FROM ntm_recognition x WHERE x.unit_id = r.unit_id AND x.status = r.status AND x.year <= ?1 "
    "ORDER BY x.decided_on DESC, x.id DESC LIMIT 1) GROUP BY p.code, r.status";

int ntm_national_read(struct store_conn *db, int year, struct arena *a, struct ntm_national *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_NATIONAL_YEARS);
    if (!st)
        return -1;
    int rc;
    if (ntm_years_read(db, st, a, &out->years, &out->n_years) != 0)
        return -1;
    if (year == 0)
        year = out->n_years ? out->years[0] : 0;
    const char *code = ntm_set_for_year(year);
    if (!code)
        return 0;
    out->year = year;
    struct ntm_set set;
    if ((rc = ntm_set_load(db, code, a, &set)) != 1)
        return rc;
    out->set_code = set.code;
    out->set_name = set.name;
    out->set_decision = set.decision;
    out->n_criteria = (int)set.n_criteria;

    if (!(st = store_stmt(db, SQL_NATIONAL_ROWS)))
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC); /* every version of the year's set */
    sqlite3_bind_int(st, 2, year);
    size_t cap = 64;
    out->rows = arena_zalloc(a, cap * sizeof *out->rows);
    while ((rc = store_step(db, st)) == 1) {
        if (out->n_rows == cap) {
            struct ntm_national_row *grown = arena_zalloc(a, 2 * cap * sizeof *grown);
            memcpy(grown, out->rows, cap * sizeof *grown);
            out->rows = grown;
            cap *= 2;
        }
        struct ntm_national_row *x = &out->rows[out->n_rows++];
        x->code = store_col_copy(a, st, 0);
        x->name = store_col_copy(a, st, 1);
        x->full_name = store_col_copy(a, st, 2);
        x->units = sqlite3_column_int(st, 3);
        x->assessed = sqlite3_column_int(st, 4);
        x->met = sqlite3_column_int(st, 5);
        x->criteria_sum = sqlite3_column_int64(st, 6);
        int64_t t = sqlite3_column_int64(st, 7);
        if (t > out->data_time)
            out->data_time = t;
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = store_stmt(db, SQL_NATIONAL_STATUS)))
        return -1;
    sqlite3_bind_int(st, 1, year);
    while ((rc = store_step(db, st)) == 1) {
        const char *pc = (const char *)sqlite3_column_text(st, 0);
        const char *status = (const char *)sqlite3_column_text(st, 1);
        int n = sqlite3_column_int(st, 2);
        for (size_t i = 0; i < out->n_rows; i++) {
            struct ntm_national_row *x = &out->rows[i];
            if (!pc || !str_eq(x->code, str_cstr(pc)) || !status)
                continue;
            if (!strcmp(status, "ntm"))
                x->ntm = n;
            else if (!strcmp(status, "nang_cao"))
                x->nang_cao = n;
            else
                x->kieu_mau = n;
        }
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (vi_sort_records(out->rows, out->n_rows, sizeof *out->rows, offsetof(struct ntm_national_row, name)) != 0)
        return -1;
    for (size_t i = 0; i < out->n_rows; i++) {
        const struct ntm_national_row *x = &out->rows[i];
        out->total.units += x->units;
        out->total.assessed += x->assessed;
        out->total.met += x->met;
        out->total.criteria_sum += x->criteria_sum;
        out->total.ntm += x->ntm;
        out->total.nang_cao += x->nang_cao;
        out->total.kieu_mau += x->kieu_mau;
    }
    return 1;
}

/* "12,3": the average criteria met of x, one decimal; "" when none assessed. */
static struct str average(struct arena *a, const struct ntm_national_row *x)
{
    if (x->assessed <= 0)
        return STR("");
    long long t = (x->criteria_sum * 10 + x->assessed / 2) / x->assessed;
    return arena_printf(a, "%lld,%lld", t / 10, t % 10);
}

static void national_line(struct arena *a, const struct ntm_national_row *x, struct ntm_national_line *l)
{
    l->name = x->full_name;
    l->units = view_number(a, x->units);
    if (!x->assessed && !x->ntm && !x->nang_cao && !x->kieu_mau) {
        /* a province whose office has reported nothing: no figure, not 0 */
        l->assessed = l->met = l->ntm = l->nang_cao = l->kieu_mau = l->average = STR("—");
        return;
    }
    l->assessed = view_number(a, x->assessed);
    l->met = view_number(a, x->met);
    l->ntm = view_number(a, x->ntm);
    l->nang_cao = view_number(a, x->nang_cao);
    l->kieu_mau = view_number(a, x->kieu_mau);
    l->average = average(a, x);
}

/* Reads the summary for the request's ?nam=: 1, or 0 when the answer (400,
 * 404) is given: a page, or under /api/ the JSON every API refusal has. -1
 * on failure. */
static int read_national(struct web_req *r, struct ntm_national *d)
{
    int year = ntm_year_param(r);
    if (year < 0) {
        ntm_bad_year(r);
        return 0;
    }
    int rc = ntm_national_read(r->db, year, r->arena, d);
    if (rc < 0)
        return -1;
    if (rc == 0 || (year && !d->total.assessed)) {
        web_error_saying(r, 404, STR("Không có kết quả đánh giá được chấp nhận cho năm này."));
        return 0;
    }
    return 1;
}

/* How many provinces have figures (an accepted assessment), and their sums
 * in *sum (the country's total when every province has). */
static size_t with_figures(const struct ntm_national *d, struct ntm_national_row *sum)
{
    size_t n = 0;
    memset(sum, 0, sizeof *sum);
    for (size_t i = 0; i < d->n_rows; i++) {
        const struct ntm_national_row *x = &d->rows[i];
        if (!x->assessed)
            continue;
        n++;
        sum->units += x->units;
        sum->assessed += x->assessed;
        sum->met += x->met;
        sum->ntm += x->ntm;
        sum->nang_cao += x->nang_cao;
        sum->kieu_mau += x->kieu_mau;
        sum->criteria_sum += x->criteria_sum;
    }
    if (n == d->n_rows)
        *sum = d->total;
    return n;
}

/* GET /nong-thon-moi/ca-nuoc */
static int national_page(struct web_req *r)
{
    struct ntm_national d;
    int rc = read_national(r, &d);
    if (rc <= 0)
        return rc;
    struct arena *a = r->arena;
    struct ntm_national_page p;
    memset(&p, 0, sizeof p);
    p.year = arena_printf(a, "%d", d.year);
    p.set_name = d.set_name;
    p.set_decision = d.set_decision;
    p.has_data = d.total.assessed > 0;
    p.json_url = arena_printf(a, "/api/v1/ntm/ca-nuoc?nam=%d", d.year);
    p.years = ARENA_ARRAY(a, struct ntm_year_link, d.n_years + 1);
    for (size_t i = 0; i < d.n_years; i++)
        p.years[p.n_years++] = (struct ntm_year_link){arena_printf(a, "%d", d.years[i]),
                                                      arena_printf(a, "/nong-thon-moi/ca-nuoc?nam=%d", d.years[i]),
                                                      d.years[i] == d.year};
    char home[16] = "";
    if (ntm_home_province(r->db, home, sizeof home) < 0)
        return -1;
    p.lines = ARENA_ARRAY(a, struct ntm_national_line, d.n_rows + 1);
    for (size_t i = 0; i < d.n_rows; i++) {
        struct ntm_national_line *l = &p.lines[p.n_lines++];
        national_line(a, &d.rows[i], l);
        /* the province the portal reports on has its own dashboard */
        if (home[0] && str_eq(d.rows[i].code, str_cstr(home)))
            l->url = arena_printf(a, "/nong-thon-moi/?nam=%d", d.year);
    }
    /* the foot adds up the provinces with figures, and says so when
     * others have none yet: their units are not "0 of them met" */
    struct ntm_national_row sum;
    size_t reporting = with_figures(&d, &sum);
    national_line(a, &sum, &p.total);
    p.total.name = reporting < d.n_rows ? arena_printf(a, "Cộng %zu tỉnh, thành phố có số liệu", reporting)
                                        : STR("Cả nước");
    p.summary = arena_printf(a,
                             "Năm %d, %s trong %s xã, phường, đặc khu của %zu tỉnh, thành phố có kết quả đánh giá "
                             "được chấp nhận; %s đơn vị đạt đủ %d tiêu chí theo %.*s.",
                             d.year, view_number(a, sum.assessed).p, view_number(a, sum.units).p, reporting,
                             view_number(a, sum.met).p, d.n_criteria, (int)d.set_name.n, d.set_name.p);
    portal_layout(r, &p.layout, arena_printf(a, "Nông thôn mới cả nước năm %d", d.year));
    p.layout.description = STR("Kết quả xây dựng nông thôn mới của các tỉnh, thành phố: số xã đạt chuẩn, nâng cao, "
                               "kiểu mẫu và số tiêu chí đạt bình quân.");
    layout_finish(&p.layout, a);
    web_tag(r, "ntm");
    web_tag(r, "ntm:ref");
    web_tag(r, "site");
    tpl_ntm_national(portal_out(r), &p);
    return 0;
}

static void jfield(struct buf *b, const char *key, struct str value, bool last)
{
    buf_printf(b, "\"%s\": ", key);
    tpl_escape_json_string(b, value.p ? value : STR(""));
    if (!last)
        buf_puts(b, ", ");
}

static void json_counts(struct buf *b, const struct ntm_national_row *x)
{
    buf_printf(b,
               "\"so_don_vi\": %d, \"so_duoc_danh_gia\": %d, \"so_dat_chuan\": %d, \"so_cong_nhan_ntm\": %d, "
               "\"so_cong_nhan_nang_cao\": %d, \"so_cong_nhan_kieu_mau\": %d, ",
               x->units, x->assessed, x->met, x->ntm, x->nang_cao, x->kieu_mau);
    if (x->assessed)
        buf_printf(b, "\"tieu_chi_dat_binh_quan\": %.2f", (double)x->criteria_sum / x->assessed);
    else
        buf_puts(b, "\"tieu_chi_dat_binh_quan\": null");
}

/* GET /api/v1/ntm/ca-nuoc */
static int national_json(struct web_req *r)
{
    struct ntm_national d;
    int rc = read_national(r, &d);
    if (rc <= 0)
        return rc;
    struct buf *b = r->body;
    r->content_type = "application/json; charset=utf-8";
    if (d.year)
        buf_printf(b, "{\"nam\": %d, ", d.year);
    else
        buf_puts(b, "{\"nam\": null, ");
    if (d.set_code.n) {
        jfield(b, "phien_ban_bo_tieu_chi", d.set_code, false);
        buf_puts(b, "\"bo_tieu_chi\": {");
        jfield(b, "ma", d.set_code, false);
        jfield(b, "ten", d.set_name, false);
        jfield(b, "quyet_dinh", d.set_decision, true);
        buf_printf(b, "}, \"so_tieu_chi\": %d, ", d.n_criteria);
    } else
        buf_puts(b, "\"phien_ban_bo_tieu_chi\": null, \"bo_tieu_chi\": null, ");
    struct str date = ntm_data_date(r->arena, d.data_time, true);
    if (date.n)
        jfield(b, "ngay_so_lieu", date, false);
    else
        buf_puts(b, "\"ngay_so_lieu\": null, ");
    buf_puts(b, "\"cac_nam\": [");
    for (size_t i = 0; i < d.n_years; i++)
        buf_printf(b, "%s%d", i ? ", " : "", d.years[i]);
    struct ntm_national_row sum;
    size_t reporting = with_figures(&d, &sum);
    /* how many provinces the sums stand for: the others have no figure yet */
    buf_printf(b, "], \"so_tinh_co_so_lieu\": %zu, \"ca_nuoc\": {", reporting);
    json_counts(b, &d.total);
    buf_puts(b, "}, \"tinh\": [");
    for (size_t i = 0; i < d.n_rows; i++) {
        const struct ntm_national_row *x = &d.rows[i];
        buf_puts(b, i ? ",\n{" : "\n{");
        jfield(b, "ma", x->code, false);
        jfield(b, "ten", x->full_name, false);
        json_counts(b, x);
        buf_puts(b, "}");
    }
    buf_puts(b, "\n]}\n");
    web_tag(r, "ntm");
    web_tag(r, "ntm:ref");
    return 0;
}

/* --- the national matrix as .xlsx ------------------------------------------------ */


struct national_xlsx_job {
    struct web_job job;
    int year;   /* 0: every year */
    int status; /* 200, 404 or 500 */
    struct buf out;
};

static void national_xlsx_release(struct web_job *job)
{
    struct national_xlsx_job *j = (struct national_xlsx_job *)job;
    buf_free(&j->out);
    free(j);
}

/* Writes the year's two sheets: every current commune of every province
 * with an accepted assessment, then the criteria's counts. Reads inside
 * the caller's read transaction. 1, 0 when the year has nothing, -1. */
static int national_write_year(lxw_workbook *wb, const struct ntm_xlsx_formats *f, struct store_conn *db, int year,
                               const struct ntm_unit *provinces, size_t n_provinces, struct arena *scratch)
{
    lxw_worksheet *ws = NULL;
    struct ntm_sheet s;
    struct ntm_dashboard_criterion *totals = NULL;
    size_t n_criteria = 0;
    int assessed = 0;
    int64_t data_time = 0;
    struct str set_name = STR(""), set_decision = STR(""), set_code = STR("");
    lxw_row_t row = 2;
    lxw_col_t fixed = 6;
    for (size_t p = 0; p < n_provinces; p++) {
        struct arena a;
        arena_init(&a, 64 * 1024);
        struct ntm_matrix m;
        int rc = ntm_matrix_read(db, provinces[p].code.p, year, &a, &m);
        if (rc < 0) {
            arena_free(&a);
            return -1;
        }
        if (rc == 0 || !m.d.assessed) {
            arena_free(&a);
            continue;
        }
        if (!ws) {
            n_criteria = m.d.n_criteria;
            totals = arena_zalloc(scratch, (n_criteria + 1) * sizeof *totals);
            for (size_t c = 0; c < n_criteria; c++) {
                totals[c].number = arena_strdup(scratch, m.d.criteria[c].number.p, m.d.criteria[c].number.n);
                totals[c].name = arena_strdup(scratch, m.d.criteria[c].name.p, m.d.criteria[c].name.n);
            }
            set_name = arena_strdup(scratch, m.d.set_name.p, m.d.set_name.n);
            set_decision = arena_strdup(scratch, m.d.set_decision.p, m.d.set_decision.n);
            set_code = arena_strdup(scratch, m.d.set_code.p, m.d.set_code.n);
            ws = workbook_add_worksheet(wb, arena_printf(scratch, "Ma trận %d", year).p);
            if (!ws) {
                arena_free(&a);
                return -1;
            }
            /* constant-memory mode: a row is final once the next is
             * written, so the title's and the headings' heights come from
             * the widths known now (what every cell of a column can be,
             * but the communes' names); the widths grow after, never
             * shrink, so these rows are at worst a little tall */
            const char *heads[] = {"Mã tỉnh", "Tỉnh, thành phố", "Mã đơn vị", "Xã, phường", "Số tiêu chí đạt",
                                   "Kết quả"};
            ntm_sheet_init(&s, ws, (size_t)fixed + n_criteria, NTM_SHEET_CALIBRI_11, 8, 50, scratch);
            for (size_t p2 = 0; p2 < n_provinces; p2++)
                ntm_sheet_fit(&s, 1, provinces[p2].full_name.p, false, false);
            ntm_sheet_fit(&s, 2, "00000", false, false);
            ntm_sheet_at_least(&s, 3, 24);
            static const int results[] = {NTM_MET, NTM_NOT_MET, NTM_UNDETERMINED};
            for (size_t k = 0; k < 3; k++) {
                ntm_sheet_fit(&s, 5, ntm_result_cell(results[k]), false, false);
                for (size_t c = 0; c < n_criteria; c++)
                    ntm_sheet_fit(&s, (lxw_col_t)(fixed + c), ntm_state_cell(results[k]), false, false);
            }
            const char **names = arena_alloc(scratch, (fixed + n_criteria) * sizeof *names);
            for (lxw_col_t c = 0; c < fixed; c++)
                names[c] = heads[c];
            for (size_t c = 0; c < n_criteria; c++)
                names[fixed + c] = arena_printf(scratch, "TC %.*s. %.*s", (int)totals[c].number.n,
                                                totals[c].number.p, (int)totals[c].name.n, totals[c].name.p)
                                       .p;
            for (size_t c = 0; c < fixed + n_criteria; c++)
                ntm_sheet_fit(&s, (lxw_col_t)c, names[c], true, true);
            ntm_sheet_title(&s, 0, (lxw_col_t)(fixed + n_criteria - 1),
                            arena_printf(scratch,
                                         "Kết quả từng tiêu chí của từng xã, phường, đặc khu cả nước, năm %d. %.*s "
                                         "(%.*s), phiên bản %.*s. Chỉ tính các bản đánh giá đã được chấp nhận.",
                                         year, (int)set_name.n, set_name.p, (int)set_decision.n, set_decision.p,
                                         (int)set_code.n, set_code.p)
                                .p,
                            f->note, false, 0);
            for (size_t c = 0; c < fixed + n_criteria; c++)
                ntm_sheet_head(&s, 1, (lxw_col_t)c, names[c], f->head);
            ntm_sheet_head_height(&s);
        }
        if (m.data_time > data_time)
            data_time = m.data_time;
        assessed += m.d.assessed;
        for (size_t c = 0; c < n_criteria && c < m.d.n_criteria; c++) {
            totals[c].met += m.d.criteria[c].met;
            totals[c].not_met += m.d.criteria[c].not_met;
            totals[c].undetermined += m.d.criteria[c].undetermined;
        }
        for (size_t i = 0; i < m.n_rows; i++) {
            const struct ntm_matrix_row *r = &m.rows[i];
            if (r->criteria_met < 0)
                continue;
            ntm_sheet_text(&s, row, 0, provinces[p].code.p, NULL);
            ntm_sheet_text(&s, row, 1, provinces[p].full_name.p, NULL);
            ntm_sheet_text(&s, row, 2, r->code.p, NULL);
            ntm_sheet_text(&s, row, 3, r->full_name.p, NULL);
            ntm_sheet_number(&s, row, 4, r->criteria_met, f->count);
            ntm_sheet_text(&s, row, 5, ntm_result_cell(r->unit_state), NULL);
            for (size_t c = 0; c < n_criteria; c++)
                if (r->states[c] != -2)
                    ntm_sheet_text(&s, row, (lxw_col_t)(fixed + c), ntm_state_cell(r->states[c]), NULL);
            row++;
        }
        arena_free(&a);
    }
    if (!ws)
        return 0;
    lxw_col_t last = (lxw_col_t)(fixed + n_criteria - 1);
    ntm_sheet_columns(&s); /* kept in constant-memory mode: written when the sheet closes */
    worksheet_autofilter(ws, 1, 0, row > 2 ? row - 1 : 2, last);
    ntm_sheet_print(&s, 1, 1, 4);

    lxw_worksheet *sum = workbook_add_worksheet(wb, arena_printf(scratch, "Tổng hợp %d", year).p);
    if (!sum)
        return -1;
    const char *sheads[] = {"Tiêu chí", "Tên tiêu chí", "Số xã đạt", "Số xã không đạt", "Số xã chưa xác định",
                            "Số xã được đánh giá", "Tỷ lệ đạt"};
    ntm_sheet_init(&s, sum, 7, NTM_SHEET_CALIBRI_11, 8, 50, scratch);
    for (size_t c = 0; c < n_criteria; c++) { /* the widths before the rows, as above */
        ntm_sheet_fit(&s, 0, totals[c].number.p, false, false);
        ntm_sheet_fit(&s, 1, totals[c].name.p, false, false);
    }
    for (lxw_col_t c = 0; c < 7; c++)
        ntm_sheet_fit(&s, c, sheads[c], true, true);
    ntm_sheet_title(&s, 0, 6,
                    arena_printf(scratch, "Số xã, phường, đặc khu cả nước đạt từng tiêu chí, năm %d. Số liệu "
                                          "đến ngày %s.",
                                 year, ntm_data_date(scratch, data_time, false).p)
                        .p,
                    f->note, false, 0);
    for (lxw_col_t c = 0; c < 7; c++)
        ntm_sheet_head(&s, 1, c, sheads[c], f->head);
    ntm_sheet_head_height(&s);
    for (size_t c = 0; c < n_criteria; c++) {
        lxw_row_t r = (lxw_row_t)(2 + c);
        ntm_sheet_criterion(&s, r, 0, totals[c].number, f->count, NULL);
        ntm_sheet_text(&s, r, 1, totals[c].name.p, NULL);
        ntm_sheet_number(&s, r, 2, totals[c].met, f->count);
        ntm_sheet_number(&s, r, 3, totals[c].not_met, f->count);
        ntm_sheet_number(&s, r, 4, totals[c].undetermined, f->count);
        ntm_sheet_number(&s, r, 5, assessed, f->count);
        if (assessed)
            ntm_sheet_number(&s, r, 6, (double)totals[c].met / assessed, f->share);
    }
    ntm_sheet_columns(&s);
    worksheet_autofilter(sum, 1, 0, (lxw_row_t)(1 + (n_criteria ? n_criteria : 1)), 6);
    ntm_sheet_print(&s, 1, 1, 0);
    return 1;
}

/* On a worker: the years, the provinces, then the workbook into j->out. */
static void national_xlsx_work(struct web_job *job, struct store_conn *db)
{
    struct national_xlsx_job *j = (struct national_xlsx_job *)job;
    j->status = 500;
    char key[32];
    snprintf(key, sizeof key, "ca-nuoc:%d", j->year);
    int unused;
    if (ntm_kept_get(key, &j->out, &unused)) {
        j->status = 200;
        return;
    }
    uint64_t epoch = ntm_kept_epoch();
    struct arena a;
    arena_init(&a, 64 * 1024);
    struct ntm_xlsx x = {0};
    bool open_read = false;
    if (store_read_begin(db) != 0)
        goto done;
    open_read = true;
    struct ntm_national d;
    int rc = ntm_national_read(db, j->year, &a, &d);
    if (rc < 0)
        goto done;
    if (rc == 0 || !d.year || (j->year && !d.total.assessed)) {
        j->status = 404;
        goto done;
    }
    struct ntm_unit *provinces;
    size_t n_provinces;
    if (ntm_provinces(db, &a, &provinces, &n_provinces) < 0 || ntm_xlsx_begin(&x, true) != 0)
        goto done;
    lxw_doc_properties props = {.title = "Nông thôn mới cả nước", .author = "dinh"};
    workbook_set_properties(x.wb, &props);
    struct ntm_xlsx_formats f;
    ntm_xlsx_formats_make(x.wb, &f);
    int written = 0;
    rc = 0;
    if (j->year)
        rc = national_write_year(x.wb, &f, db, d.year, provinces, n_provinces, &a);
    else
        for (size_t i = d.n_years; i-- > 0 && rc >= 0;) /* oldest first */
            if ((rc = national_write_year(x.wb, &f, db, d.years[i], provinces, n_provinces, &a)) > 0)
                written++;
    if (rc > 0)
        written++;
    store_read_end(db);
    open_read = false;
    if (ntm_xlsx_end(&x, rc >= 0 && written, &j->out) == 0) {
        j->status = 200;
        ntm_kept_put(key, epoch, 0, &j->out);
    } else if (rc >= 0 && !written)
        j->status = 404;
done:
    ntm_xlsx_end(&x, false, &j->out); /* an error on the way: the file goes */
    if (open_read)
        store_read_end(db);
    arena_free(&a);
}

static int national_xlsx_finish(struct web_req *r, struct web_job *job)
{
    struct national_xlsx_job *j = (struct national_xlsx_job *)job;
    return ntm_xlsx_answer(r, j->status, &j->out,
                           j->year ? arena_printf(r->arena, "nong-thon-moi-ca-nuoc-%d.xlsx", j->year)
                                   : STR("nong-thon-moi-ca-nuoc.xlsx"));
}

/* GET /nong-thon-moi/ca-nuoc.xlsx */
static int national_xlsx(struct web_req *r)
{
    int year = ntm_year_param(r);
    if (year < 0)
        return ntm_bad_year(r);
    struct national_xlsx_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    j->year = year;
    j->job.work = national_xlsx_work;
    j->job.finish = national_xlsx_finish;
    j->job.release = national_xlsx_release;
    return web_defer(r, &j->job);
}

void ntm_national_register(void)
{
    static const char *const params[] = {"nam", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/ca-nuoc",
                              .get = national_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/api/v1/ntm/ca-nuoc", .get = national_json, .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/nong-thon-moi/ca-nuoc.xlsx", .get = national_xlsx, .known_params = params});
}
