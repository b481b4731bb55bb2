/*
 * open.c - the monitor's open data: the commune x criteria matrix and the
 * per-criterion summary of the province as Excel (/nong-thon-moi/ma-tran.xlsx,
 * every year with accepted assessments, or ?nam=YYYY for one: two sheets
 * per year, a frozen header, filters, number formats, the set's version
 * and the date of the data above the header) and the matrix of one year
 * as CSV (/nong-thon-moi/ma-tran.csv, UTF-8 with a BOM); either of them for
 * a quarter with ?ky=YYYY-Qn (as the dashboard of that quarter: each
 * commune's latest accepted progress report up to it). The workbook is
 * written by libxlsxwriter into a temporary file on a worker thread
 * (web_defer), then sent from memory; only accepted assessments count.
 * Its sheets are laid out for A4 as every sheet of the monitor (sheet.h):
 * the sentence above the header merged over the table, columns as wide as
 * their text, the header repeated on every printed page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "core/buf.h"
#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/sheet.h"
#include "ntm/view.h"

#define XLSX_MAX_YEARS 40

struct str ntm_data_date(struct arena *a, int64_t t, bool iso)
{
    if (t <= 0)
        return STR("");
    time_t local = (time_t)(t + 7 * 3600); /* Vietnam time */
    struct tm tm;
    gmtime_r(&local, &tm);
    return iso ? arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday)
               : arena_printf(a, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

const char *ntm_state_cell(int state)
{
    return state == NTM_MET ? "Đạt" : state == NTM_NOT_MET ? "Không đạt" : state == NTM_UNDETERMINED ? "Chưa xác định" : "";
}

const char *ntm_result_cell(int unit_state)
{
    return unit_state == NTM_MET       ? "Đạt đủ các tiêu chí"
           : unit_state == NTM_NOT_MET ? "Chưa đạt đủ các tiêu chí"
                                       : "Chưa xác định";
}

/* The line above a sheet's header: what the data is, as of when, and
 * which of the year's units the rows leave out (those without an accepted
 * assessment), so that a reader of the file knows the rows are not all. */
static struct str data_line(struct arena *a, const struct ntm_matrix *m, const char *what)
{
    struct str date = ntm_data_date(a, m->data_time, false);
    size_t missing = 0;
    for (size_t i = 0; i < m->n_rows; i++)
        missing += m->rows[i].criteria_met < 0;
    struct str left_out =
        missing ? arena_printf(a, " %zu trong %zu xã, phường của năm chưa có %s được chấp nhận nên không có trong "
                                  "bảng.",
                               missing, m->n_rows, m->d.quarter ? "báo cáo tiến độ" : "kết quả")
                : STR("");
    struct str period = m->d.quarter ? arena_printf(a, "đến hết quý %d năm %d", m->d.quarter, m->d.year)
                                     : arena_printf(a, "năm %d", m->d.year);
    return arena_printf(a, "%s, %.*s, %s. %.*s (%.*s), phiên bản %.*s. Số liệu đến ngày %s; chỉ tính các %s "
                           "đã được Văn phòng Điều phối chấp nhận.%.*s",
                        what, (int)m->d.province.full_name.n, m->d.province.full_name.p, period.p,
                        (int)m->d.set_name.n, m->d.set_name.p, (int)m->d.set_decision.n, m->d.set_decision.p,
                        (int)m->d.set_code.n, m->d.set_code.p, date.n ? date.p : "—",
                        m->d.quarter ? "báo cáo tiến độ" : "bản đánh giá", (int)left_out.n, left_out.p);
}

/* Writes the matrix and the summary of one year. 0, or -1. */
static int write_year(lxw_workbook *wb, const struct ntm_xlsx_formats *f, const struct ntm_matrix *m, struct arena *a)
{
    const struct ntm_dashboard *d = &m->d;
    struct str period = d->quarter ? arena_printf(a, "Q%d-%d", d->quarter, d->year) : arena_printf(a, "%d", d->year);
    lxw_worksheet *ws = workbook_add_worksheet(wb, arena_printf(a, "Ma trận %s", period.p).p);
    if (!ws)
        return -1;
    const char *heads[] = {"Mã đơn vị", "Xã, phường", "Số tiêu chí đạt", "Số tiêu chí của bộ", "Kết quả"};
    lxw_col_t fixed = sizeof heads / sizeof *heads;
    lxw_col_t last = (lxw_col_t)(fixed + d->n_criteria - 1);
    struct ntm_sheet s;
    ntm_sheet_init(&s, ws, (size_t)last + 1, NTM_SHEET_CALIBRI_11, 8, 50, a);
    for (lxw_col_t c = 0; c < fixed; c++)
        ntm_sheet_head(&s, 1, c, heads[c], f->head);
    for (size_t c = 0; c < d->n_criteria; c++)
        ntm_sheet_head(&s, 1, (lxw_col_t)(fixed + c),
                       arena_printf(a, "TC %.*s. %.*s", (int)d->criteria[c].number.n, d->criteria[c].number.p,
                                    (int)d->criteria[c].name.n, d->criteria[c].name.p)
                           .p,
                       f->head);
    lxw_row_t row = 2;
    for (size_t i = 0; i < m->n_rows; i++) {
        const struct ntm_matrix_row *r = &m->rows[i];
        if (r->criteria_met < 0)
            continue; /* no accepted assessment */
        ntm_sheet_text(&s, row, 0, r->code.p, NULL);
        ntm_sheet_text(&s, row, 1, r->full_name.p, NULL);
        ntm_sheet_number(&s, row, 2, r->criteria_met, f->count);
        ntm_sheet_number(&s, row, 3, r->criteria_total, f->count);
        ntm_sheet_text(&s, row, 4, ntm_result_cell(r->unit_state), NULL);
        for (size_t c = 0; c < d->n_criteria; c++)
            if (r->states[c] != -2)
                ntm_sheet_text(&s, row, (lxw_col_t)(fixed + c), ntm_state_cell(r->states[c]), NULL);
        row++;
    }
    ntm_sheet_columns(&s);
    ntm_sheet_head_height(&s);
    ntm_sheet_title(&s, 0, last, data_line(a, m, "Kết quả từng tiêu chí của từng xã, phường").p, f->note, false, 0);
    worksheet_autofilter(ws, 1, 0, row > 2 ? row - 1 : 2, last);
    ntm_sheet_print(&s, 1, 1, 2);

    lxw_worksheet *sum = workbook_add_worksheet(wb, arena_printf(a, "Tổng hợp %s", period.p).p);
    if (!sum)
        return -1;
    const char *sheads[] = {"Tiêu chí",           "Tên tiêu chí",        "Số xã đạt",
                            "Số xã không đạt",    "Số xã chưa xác định", "Trong đó đạt theo kết quả ghi nhận trực tiếp",
                            "Số xã được đánh giá", "Tỷ lệ đạt"};
    ntm_sheet_init(&s, sum, 8, NTM_SHEET_CALIBRI_11, 8, 50, a);
    for (lxw_col_t c = 0; c < 8; c++)
        ntm_sheet_head(&s, 1, c, sheads[c], f->head);
    for (size_t c = 0; c < d->n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d->criteria[c];
        lxw_row_t r = (lxw_row_t)(2 + c);
        ntm_sheet_criterion(&s, r, 0, cr->number, f->count, NULL);
        ntm_sheet_text(&s, r, 1, cr->name.p, NULL);
        ntm_sheet_number(&s, r, 2, cr->met, f->count);
        ntm_sheet_number(&s, r, 3, cr->not_met, f->count);
        ntm_sheet_number(&s, r, 4, cr->undetermined, f->count);
        ntm_sheet_number(&s, r, 5, cr->recorded, f->count);
        ntm_sheet_number(&s, r, 6, d->assessed, f->count);
        if (d->assessed)
            ntm_sheet_number(&s, r, 7, (double)cr->met / d->assessed, f->share);
    }
    /* the line an office reads first: how many met every criterion, of how many assessed */
    lxw_row_t total = (lxw_row_t)(3 + d->n_criteria);
    ntm_sheet_text(&s, total, 1, "Số xã, phường đạt đủ các tiêu chí", NULL);
    ntm_sheet_number(&s, total, 2, d->met, f->count);
    ntm_sheet_number(&s, total, 6, d->assessed, f->count);
    if (d->assessed)
        ntm_sheet_number(&s, total, 7, (double)d->met / d->assessed, f->share);
    ntm_sheet_columns(&s);
    ntm_sheet_head_height(&s);
    ntm_sheet_title(&s, 0, 7, data_line(a, m, "Số xã, phường đạt từng tiêu chí").p, f->note, false, 0);
    worksheet_autofilter(sum, 1, 0, (lxw_row_t)(1 + (d->n_criteria ? d->n_criteria : 1)), 7);
    ntm_sheet_print(&s, 1, 1, 0);
    return 0;
}

struct xlsx_job {
    struct web_job job;
    struct arena arena;
    char province[16];
    int year;    /* 0: every year */
    int quarter; /* 1..4: the year as it stood at the end of that quarter; 0: the year */
    int status;  /* 200, 404 or 500 */
    int shown;  /* the year of the file's name; 0 for every year */
    struct buf out;
};

static void xlsx_release(struct web_job *job)
{
    struct xlsx_job *j = (struct xlsx_job *)job;
    arena_free(&j->arena);
    buf_free(&j->out);
    free(j);
}

/* Whether the quarter the matrix was read for has accepted progress reports. */
static bool matrix_has_quarter(const struct ntm_matrix *m)
{
    for (size_t i = 0; i < m->d.n_quarters; i++)
        if (m->d.quarters[i] == m->d.quarter)
            return true;
    return false;
}

/* On a worker: reads the years and writes the workbook into j->out. */
static void xlsx_work(struct web_job *job, struct store_conn *db)
{
    struct xlsx_job *j = (struct xlsx_job *)job;
    j->status = 500;
    char key[48];
    snprintf(key, sizeof key, "ma-tran:%s:%d:%d", j->province, j->year, j->quarter);
    if (ntm_kept_get(key, &j->out, &j->shown)) {
        j->status = 200;
        return;
    }
    uint64_t epoch = ntm_kept_epoch();
    if (store_read_begin(db) != 0)
        return;
    struct ntm_matrix *m = ARENA_ARRAY(&j->arena, struct ntm_matrix, XLSX_MAX_YEARS);
    size_t n = 0;
    int rc = ntm_matrix_read_period(db, j->province, j->year, j->quarter, &j->arena, &m[0]);
    if (rc == 1 && j->quarter && !matrix_has_quarter(&m[0])) {
        rc = 0; /* no progress report of that quarter */
    } else if (rc == 1 && !j->year && m[0].d.n_years) {
        /* every year, oldest first */
        int years[XLSX_MAX_YEARS];
        size_t ny = m[0].d.n_years < XLSX_MAX_YEARS ? m[0].d.n_years : XLSX_MAX_YEARS;
        for (size_t i = 0; i < ny; i++)
            years[i] = m[0].d.years[ny - 1 - i];
        for (size_t i = 0; i < ny && rc >= 0; i++) {
            rc = ntm_matrix_read(db, j->province, years[i], &j->arena, &m[n]);
            if (rc == 1)
                n++;
        }
    } else if (rc == 1) {
        n = 1;
        j->shown = m[0].d.year;
    }
    store_read_end(db);
    if (rc < 0)
        return;
    if (n == 0 || (j->year && !m[0].d.assessed)) {
        j->status = 404;
        return;
    }
    struct ntm_xlsx x;
    if (ntm_xlsx_begin(&x, false) != 0)
        return;
    lxw_doc_properties props = {.title = (char *)arena_printf(&j->arena, "Nông thôn mới %.*s",
                                                               (int)m[0].d.province.full_name.n,
                                                               m[0].d.province.full_name.p)
                                             .p,
                                .author = "dinh"};
    workbook_set_properties(x.wb, &props);
    struct ntm_xlsx_formats f;
    ntm_xlsx_formats_make(x.wb, &f);
    int bad = 0;
    for (size_t i = 0; i < n && !bad; i++)
        bad = write_year(x.wb, &f, &m[i], &j->arena);
    if (ntm_xlsx_end(&x, !bad, &j->out) == 0) {
        j->status = 200;
        ntm_kept_put(key, epoch, j->shown, &j->out);
    }
}

static int xlsx_finish(struct web_req *r, struct web_job *job)
{
    struct xlsx_job *j = (struct xlsx_job *)job;
    if (j->status == 404 && j->year && !j->quarter)
        return ntm_no_data_year(r, j->year);
    return ntm_xlsx_answer(r, j->status, &j->out,
                           j->quarter ? arena_printf(r->arena, "nong-thon-moi-ma-tran-%d-Q%d.xlsx", j->year, j->quarter)
                           : j->shown ? arena_printf(r->arena, "nong-thon-moi-ma-tran-%d.xlsx", j->shown)
                                      : STR("nong-thon-moi-ma-tran.xlsx"));
}

#define BAD_PERIOD "Kỳ của bảng phải là một năm (?nam=2025) hoặc một quý của năm (?ky=2026-Q3, quý 1 đến 4)."

/* The year (0: every year) and quarter asked by ?nam= or ?ky=YYYY-Qn.
 * 0, or -1 when either cannot be read. */
static int matrix_period(struct web_req *r, int *year, int *quarter)
{
    *quarter = 0;
    if (web_param(r, "ky").p)
        return ntm_period_param(r, year, quarter);
    *year = ntm_year_param(r);
    return *year < 0 ? -1 : 0;
}

static int matrix_xlsx(struct web_req *r)
{
    int year, quarter;
    if (matrix_period(r, &year, &quarter) != 0)
        return web_error_saying(r, 400, STR(BAD_PERIOD));
    struct xlsx_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    int rc = ntm_home_province(r->db, j->province, sizeof j->province);
    if (rc <= 0) {
        free(j);
        return rc < 0 ? -1 : web_error(r, 404);
    }
    arena_init(&j->arena, 64 * 1024);
    j->year = year;
    j->quarter = quarter;
    j->job.work = xlsx_work;
    j->job.finish = xlsx_finish;
    j->job.release = xlsx_release;
    return web_defer(r, &j->job);
}

static int matrix_csv(struct web_req *r)
{
    int year, quarter;
    if (matrix_period(r, &year, &quarter) != 0)
        return web_error_saying(r, 400, STR(BAD_PERIOD));
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc <= 0)
        return rc < 0 ? -1 : web_error(r, 404);
    struct ntm_matrix m;
    rc = ntm_matrix_read_period(r->db, code, year, quarter, r->arena, &m);
    if (rc <= 0)
        return rc < 0 ? -1 : web_error(r, 404);
    if (year && !quarter && !m.d.assessed)
        return ntm_no_data_year(r, year);
    if (quarter && !matrix_has_quarter(&m))
        return web_error_saying(r, 404, arena_printf(r->arena, "Chưa có báo cáo quý %d năm %d nào được Văn phòng Điều "
                                                               "phối chấp nhận.", quarter, year));
    if (year && !m.d.assessed)
        return web_error(r, 404);
    struct buf *b = r->body;
    ntm_csv_begin(r);
    ntm_csv_field(b, data_line(r->arena, &m, "Kết quả từng tiêu chí của từng xã, phường"), true);
    ntm_csv_field(b, STR("Mã đơn vị"), false);
    ntm_csv_field(b, STR("Xã, phường"), false);
    ntm_csv_field(b, STR("Số tiêu chí đạt"), false);
    ntm_csv_field(b, STR("Số tiêu chí của bộ"), false);
    for (size_t c = 0; c < m.d.n_criteria; c++)
        ntm_csv_field(b,
                  arena_printf(r->arena, "TC %.*s. %.*s", (int)m.d.criteria[c].number.n, m.d.criteria[c].number.p,
                               (int)m.d.criteria[c].name.n, m.d.criteria[c].name.p),
                  c + 1 == m.d.n_criteria);
    for (size_t i = 0; i < m.n_rows; i++) {
        const struct ntm_matrix_row *x = &m.rows[i];
        if (x->criteria_met < 0)
            continue;
        ntm_csv_field(b, x->code, false);
        ntm_csv_field(b, x->full_name, false);
        buf_printf(b, "%d,%d%s", x->criteria_met, x->criteria_total, m.d.n_criteria ? "," : "\r\n");
        for (size_t c = 0; c < m.d.n_criteria; c++)
            ntm_csv_field(b, str_cstr(ntm_state_cell(x->states[c])), c + 1 == m.d.n_criteria);
    }
    ntm_csv_finish(r, quarter ? arena_printf(r->arena, "nong-thon-moi-ma-tran-%d-Q%d.csv", m.d.year, quarter)
                              : arena_printf(r->arena, "nong-thon-moi-ma-tran-%d.csv", m.d.year));
    return 0;
}

void ntm_open_register(void)
{
    static const char *const params[] = {"nam", "ky", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/ma-tran.xlsx", .get = matrix_xlsx, .known_params = params});
    router_add((struct route){.pattern = "/nong-thon-moi/ma-tran.csv",
                              .get = matrix_csv,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE});
}
