/*
 * excel_report.c - the reports the coordination office sends upward, as
 * .xlsx laid out as such reports are on paper (RIGHT_NTM_MANAGE):
 *
 *   GET /quan-tri/nong-thon-moi/van-phong/bao-cao/              the years with accepted data
 *   GET /quan-tri/nong-thon-moi/van-phong/bao-cao/bao-cao.xlsx  ?nam=YYYY
 *
 * One workbook per year with two sheets, the commune x criteria matrix and
 * the per-criterion summary. Each opens with the agency's header (on the
 * left the governing body, the province's People's Committee, over the
 * agency of the site settings in capitals,
 * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM / Độc lập - Tự do - Hạnh phúc" on the
 * right, the place and date line under it), then the title, the table and
 * a signature block; printed on A4 landscape, one page wide, the table's
 * header repeated on every page. Only accepted assessments count (the
 * matrix reader's rule); every figure is written as a value, not a
 * formula, so that what is read back is what was counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>

#include "http/router.h"
#include "http/web.h"
#include "ntm/excel.h"
#include "ntm/excel_view.h"
#include "ntm/internal.h"
#include "ntm/office_web.h"
#include "ntm/view.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "site/site.h"
#include "templates.h"
#include "text/vi.h"

#define REPORTS_PATH "/quan-tri/nong-thon-moi/van-phong/bao-cao/"

struct report_job {
    struct web_job job;
    struct arena arena;
    char province[16];
    int year;
    int64_t now;
    struct str agency; /* copied from the site settings */
    int status;
    struct buf out;
};

static void report_release(struct web_job *job)
{
    struct report_job *j = (struct report_job *)job;
    arena_free(&j->arena);
    buf_free(&j->out);
    free(j);
}

struct report_formats {
    lxw_format *agency, *agency_bold, *nation, *motto, *date, *title, *subtitle, *head, *cell, *center, *count,
        *share, *sign, *sign_note, *total, *amount;
};

static void formats_make(lxw_workbook *wb, struct report_formats *f)
{
    lxw_format **all[] = {&f->agency, &f->agency_bold, &f->nation, &f->motto, &f->date, &f->title, &f->subtitle,
                          &f->head,   &f->cell,        &f->center, &f->count, &f->share, &f->sign, &f->sign_note,
                          &f->total,  &f->amount};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        *all[i] = workbook_add_format(wb);
        format_set_font_name(*all[i], "Times New Roman");
        format_set_font_size(*all[i], 12);
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_CENTER);
    }
    format_set_align(f->agency, LXW_ALIGN_CENTER);
    format_set_align(f->agency_bold, LXW_ALIGN_CENTER);
    format_set_bold(f->agency_bold);
    format_set_underline(f->agency_bold, LXW_UNDERLINE_SINGLE);
    format_set_align(f->nation, LXW_ALIGN_CENTER);
    format_set_bold(f->nation);
    format_set_align(f->motto, LXW_ALIGN_CENTER);
    format_set_bold(f->motto);
    format_set_underline(f->motto, LXW_UNDERLINE_SINGLE);
    format_set_align(f->date, LXW_ALIGN_CENTER);
    format_set_italic(f->date);
    format_set_align(f->title, LXW_ALIGN_CENTER);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->subtitle, LXW_ALIGN_CENTER);
    format_set_italic(f->subtitle);
    format_set_text_wrap(f->subtitle);
    format_set_bold(f->head);
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    format_set_border(f->head, LXW_BORDER_THIN);
    format_set_border(f->cell, LXW_BORDER_THIN);
    format_set_text_wrap(f->cell);
    format_set_border(f->center, LXW_BORDER_THIN);
    format_set_align(f->center, LXW_ALIGN_CENTER);
    format_set_border(f->count, LXW_BORDER_THIN);
    format_set_num_format(f->count, "#,##0");
    format_set_border(f->share, LXW_BORDER_THIN);
    format_set_num_format(f->share, "0.0");
    format_set_align(f->sign, LXW_ALIGN_CENTER);
    format_set_bold(f->sign);
    format_set_align(f->sign_note, LXW_ALIGN_CENTER);
    format_set_italic(f->sign_note);
    format_set_border(f->amount, LXW_BORDER_THIN);
    format_set_num_format(f->amount, "#,##0.0#");
    format_set_bold(f->total);
    format_set_border(f->total, LXW_BORDER_THIN);
    format_set_num_format(f->total, "#,##0");
}

/* The header of an upward report over columns [0, last]: the agency on
 * the left third, the nation's motto on the right, the place and date
 * line, the title and what the data is (`about`). Returns the next free
 * row. `agency` comes from the site settings, `now` is the time of the
 * report. */
static lxw_row_t header_write(lxw_worksheet *ws, const struct report_formats *f, struct str agency, int64_t now,
                              const struct ntm_unit *p, lxw_col_t last, const char *title, const char *about,
                              struct arena *a)
{
    lxw_col_t left = last >= 5 ? 2 : 1, right = left + 1;
    time_t t = (time_t)(now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    /* The governing body (the province's People's Committee, which the
     * coordination office serves), then the office itself in capitals. */
    struct buf up = {0};
    buf_puts(&up, p->kind.n && str_eq_lit(p->kind, "thanh_pho") ? "UBND THÀNH PHỐ " : "UBND TỈNH ");
    if (vi_upper(&up, p->name) != 0)
        buf_put(&up, p->name);
    worksheet_merge_range(ws, 0, 0, 0, left, arena_strdup(a, up.p, up.n).p, f->agency);
    buf_reset(&up);
    if (!agency.n || vi_upper(&up, agency) != 0)
        buf_puts(&up, "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI");
    worksheet_merge_range(ws, 1, 0, 1, left, arena_strdup(a, up.p, up.n).p, f->agency_bold);
    buf_free(&up);
    worksheet_merge_range(ws, 0, right, 0, last, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", f->nation);
    worksheet_merge_range(ws, 1, right, 1, last, "Độc lập - Tự do - Hạnh phúc", f->motto);
    worksheet_merge_range(ws, 2, right, 2, last,
                          arena_printf(a, "%.*s, ngày %02d tháng %02d năm %d", (int)p->name.n, p->name.p, tm.tm_mday,
                                       tm.tm_mon + 1, tm.tm_year + 1900)
                              .p,
                          f->date);
    worksheet_merge_range(ws, 4, 0, 4, last, title, f->title);
    worksheet_merge_range(ws, 5, 0, 5, last, about, f->subtitle);
    worksheet_set_row(ws, 5, 32, NULL);
    return 7;
}

/* The header of a sheet of the year's report: what its figures count. */
static lxw_row_t year_header(lxw_worksheet *ws, const struct report_formats *f, const struct report_job *j,
                             const struct ntm_matrix *m, lxw_col_t last, const char *title, struct arena *a)
{
    const struct ntm_unit *p = &m->d.province;
    struct str date = ntm_data_date(a, m->data_time, false);
    return header_write(ws, f, j->agency, j->now, p, last, title,
                        arena_printf(a,
                                     "(%.*s, %.*s; %.*s. Chỉ tính các bản đánh giá đã được Văn phòng Điều phối chấp "
                                     "nhận; số liệu đến ngày %s)",
                                     (int)p->full_name.n, p->full_name.p, (int)m->d.set_name.n, m->d.set_name.p,
                                     (int)m->d.set_decision.n, m->d.set_decision.p, date.n ? date.p : "—")
                            .p,
                        a);
}

/* The signature block under a table ending at `row`. */
static void signature_write(lxw_worksheet *ws, const struct report_formats *f, lxw_row_t row, lxw_col_t last)
{
    lxw_col_t left = last >= 5 ? 2 : 1, right = left + 1;
    row += 2;
    worksheet_merge_range(ws, row, 0, row, left, "NGƯỜI LẬP BIỂU", f->sign);
    worksheet_merge_range(ws, row, right, row, last, "THỦ TRƯỞNG CƠ QUAN", f->sign);
    worksheet_merge_range(ws, row + 1, 0, row + 1, left, "(Ký, ghi rõ họ tên)", f->sign_note);
    worksheet_merge_range(ws, row + 1, right, row + 1, last, "(Ký tên, đóng dấu)", f->sign_note);
}

static void print_setup(lxw_worksheet *ws, lxw_row_t head_row)
{
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_margins(ws, 0.4, 0.4, 0.6, 0.6);
    worksheet_repeat_rows(ws, head_row, head_row);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_footer(ws, "&CTrang &P/&N");
}

static void matrix_sheet(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                         const struct ntm_matrix *m, struct arena *a)
{
    const struct ntm_dashboard *d = &m->d;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Ma trận xã - tiêu chí");
    lxw_col_t fixed = 4, last = (lxw_col_t)(fixed + d->n_criteria);
    lxw_row_t row = year_header(ws, f, j, m, last,
                                 arena_printf(a, "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NÔNG THÔN MỚI CỦA TỪNG XÃ NĂM %d",
                                              d->year)
                                     .p,
                                 a);
    lxw_row_t head = row;
    const char *heads[] = {"STT", "Mã đơn vị", "Xã, phường", "Số tiêu chí đạt"};
    for (lxw_col_t c = 0; c < fixed; c++)
        worksheet_write_string(ws, head, c, heads[c], f->head);
    for (size_t c = 0; c < d->n_criteria; c++)
        worksheet_write_string(ws, head, (lxw_col_t)(fixed + c),
                               arena_printf(a, "TC %.*s", (int)d->criteria[c].number.n, d->criteria[c].number.p).p,
                               f->head);
    worksheet_write_string(ws, head, last, "Kết quả", f->head);
    row++;
    int k = 0;
    for (size_t i = 0; i < m->n_rows; i++) {
        const struct ntm_matrix_row *x = &m->rows[i];
        worksheet_write_number(ws, row, 0, ++k, f->center);
        worksheet_write_string(ws, row, 1, x->code.p, f->center);
        worksheet_write_string(ws, row, 2, x->full_name.p, f->cell);
        /* A commune with no accepted result for the year is listed too:
         * the report covers the whole province, and a missing row reads
         * as a commune forgotten. */
        if (x->criteria_met < 0) {
            worksheet_write_blank(ws, row, 3, f->count);
            for (size_t c = 0; c < d->n_criteria; c++)
                worksheet_write_blank(ws, row, (lxw_col_t)(fixed + c), f->center);
            worksheet_write_string(ws, row, last, "Chưa có kết quả", f->center);
            row++;
            continue;
        }
        worksheet_write_number(ws, row, 3, x->criteria_met, f->count);
        for (size_t c = 0; c < d->n_criteria; c++)
            worksheet_write_string(ws, row, (lxw_col_t)(fixed + c),
                                   x->states[c] == NTM_MET       ? "x"
                                   : x->states[c] == NTM_NOT_MET ? "-"
                                   : x->states[c] == -2          ? ""
                                                                 : "?",
                                   f->center);
        worksheet_write_string(ws, row, last, x->unit_state == NTM_MET ? "Đạt chuẩn" : "Chưa đạt", f->center);
        row++;
    }
    worksheet_merge_range(ws, row, 0, row, 2, "Số xã đạt", f->total);
    worksheet_write_number(ws, row, 3, d->met, f->total);
    for (size_t c = 0; c < d->n_criteria; c++)
        worksheet_write_number(ws, row, (lxw_col_t)(fixed + c), d->criteria[c].met, f->total);
    worksheet_write_blank(ws, row, last, f->total);
    row++;
    worksheet_merge_range(ws, row, 0, row, last,
                          "Ghi chú: x = đạt; - = không đạt; ? = chưa xác định; ô trống: tiêu chí chưa được đánh giá.",
                          f->subtitle);
    signature_write(ws, f, row, last);
    worksheet_set_column(ws, 0, 0, 5, NULL);
    worksheet_set_column(ws, 1, 1, 9, NULL);
    worksheet_set_column(ws, 2, 2, 24, NULL);
    worksheet_set_column(ws, 3, 3, 9, NULL);
    if (d->n_criteria)
        worksheet_set_column(ws, fixed, (lxw_col_t)(last - 1), 5, NULL);
    worksheet_set_column(ws, last, last, 11, NULL);
    worksheet_set_row(ws, head, 32, NULL);
    print_setup(ws, head);
}

static bool all_digits(struct str s)
{
    if (!s.n || s.n > 6)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

static void summary_sheet(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                          const struct ntm_matrix *m, struct arena *a)
{
    const struct ntm_dashboard *d = &m->d;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp theo tiêu chí");
    lxw_col_t last = 6;
    lxw_row_t row = year_header(
        ws, f, j, m, last,
        arena_printf(a, "TỔNG HỢP KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ NÔNG THÔN MỚI NĂM %d", d->year).p, a);
    lxw_row_t head = row;
    const char *heads[] = {"STT",       "Tên tiêu chí",          "Số xã đạt", "Số xã không đạt",
                           "Số xã chưa xác định", "Số xã được đánh giá", "Tỷ lệ đạt (%)"};
    for (lxw_col_t c = 0; c <= last; c++)
        worksheet_write_string(ws, head, c, heads[c], f->head);
    row++;
    for (size_t c = 0; c < d->n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d->criteria[c];
        /* "5" as a number (sorts and sums as one), "17.1" as it is written */
        if (all_digits(cr->number))
            worksheet_write_number(ws, row, 0, atoi(cr->number.p), f->center);
        else
            worksheet_write_string(ws, row, 0, cr->number.p, f->center);
        worksheet_write_string(ws, row, 1, cr->name.p, f->cell);
        worksheet_write_number(ws, row, 2, cr->met, f->count);
        worksheet_write_number(ws, row, 3, cr->not_met, f->count);
        worksheet_write_number(ws, row, 4, cr->undetermined, f->count);
        worksheet_write_number(ws, row, 5, d->assessed, f->count);
        if (d->assessed)
            worksheet_write_number(ws, row, 6, 100.0 * cr->met / d->assessed, f->share);
        else
            worksheet_write_blank(ws, row, 6, f->share);
        row++;
    }
    worksheet_merge_range(ws, row, 0, row, 1, "Số xã đạt đủ các tiêu chí", f->total);
    worksheet_write_number(ws, row, 2, d->met, f->total);
    worksheet_write_blank(ws, row, 3, f->total);
    worksheet_write_blank(ws, row, 4, f->total);
    worksheet_write_number(ws, row, 5, d->assessed, f->total);
    if (d->assessed)
        worksheet_write_number(ws, row, 6, 100.0 * d->met / d->assessed, f->share);
    else
        worksheet_write_blank(ws, row, 6, f->share);
    signature_write(ws, f, row, last);
    worksheet_set_column(ws, 0, 0, 6, NULL);
    worksheet_set_column(ws, 1, 1, 48, NULL);
    worksheet_set_column(ws, 2, 6, 13, NULL);
    worksheet_set_row(ws, head, 32, NULL);
    print_setup(ws, head);
}

static void report_work(struct web_job *job, struct store_conn *db)
{
    struct report_job *j = (struct report_job *)job;
    j->status = 500;
    if (store_read_begin(db) != 0)
        return;
    struct ntm_matrix m;
    int rc = ntm_matrix_read(db, j->province, j->year, &j->arena, &m);
    store_read_end(db);
    if (rc <= 0) {
        j->status = rc < 0 ? 500 : 404;
        return;
    }
    if (!m.d.assessed) {
        j->status = 404;
        return;
    }
    struct ntm_xlsx x;
    if (ntm_xlsx_begin(&x, false) != 0)
        return;
    lxw_workbook *wb = x.wb;
    lxw_doc_properties props = {
        .title = (char *)arena_printf(&j->arena, "Báo cáo nông thôn mới năm %d", m.d.year).p, .author = "dinh"};
    workbook_set_properties(wb, &props);
    struct report_formats f;
    formats_make(wb, &f);
    matrix_sheet(wb, &f, j, &m, &j->arena);
    summary_sheet(wb, &f, j, &m, &j->arena);
    if (ntm_xlsx_end(&x, true, &j->out) == 0)
        j->status = 200;
}

static int report_finish(struct web_req *r, struct web_job *job)
{
    struct report_job *j = (struct report_job *)job;
    r->no_store = true;
    return ntm_xlsx_answer(r, j->status, &j->out, arena_printf(r->arena, "bao-cao-nong-thon-moi-%d.xlsx", j->year));
}

/* The report jobs' common start: the home province, the agency's name. */
static struct report_job *report_job_new(struct web_req *r, int *answered)
{
    struct report_job *j = calloc(1, sizeof *j);
    if (!j) {
        *answered = -1;
        return NULL;
    }
    int rc = ntm_home_province(r->db, j->province, sizeof j->province);
    if (rc <= 0) {
        free(j);
        *answered = rc < 0 ? -1 : web_error(r, 404);
        return NULL;
    }
    arena_init(&j->arena, 64 * 1024);
    const struct site *site = portal_site(r);
    j->agency = arena_strdup(&j->arena, site->agency.p ? site->agency.p : "", site->agency.n);
    j->now = r->now;
    j->job.release = report_release;
    return j;
}

static int report_get(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    int year = ntm_year_param(r);
    if (year <= 0)
        return web_error(r, 400);
    struct report_job *j = report_job_new(r, &answered);
    if (!j)
        return answered;
    j->year = year;
    j->job.work = report_work;
    j->job.finish = report_finish;
    return web_defer(r, &j->job);
}

/* --- the office's plans, duties and sponsors ------------------------------------- */

/* One sheet of the plans workbook: a list of the office's pages as a
 * table. `kinds` says per column how a cell is written: 't' text, 'n' a
 * whole number (a year), 'a' an amount in million VND. */
struct list_sheet {
    const char *name, *title, *empty;
    const char *const *heads;
    const char *kinds;
    const double *widths;
    size_t n_cols;
};

/* Every row of one of the office's lists (pages of NTM_OFFICE_ROWS, at most
 * 50 of them). */
static int read_all(struct store_conn *db, enum ntm_office_list which, const char *param, struct arena *a,
                    struct ntm_office_row_data **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    size_t cap = 0;
    bool more = true;
    for (int page = 1; more && page <= 50; page++) {
        struct ntm_office_row_data *rows;
        size_t got;
        if (ntm_office_list_page(db, which, param, page, a, &rows, &got, &more) != 0)
            return -1;
        if (*n + got > cap) {
            cap = (*n + got) * 2;
            struct ntm_office_row_data *grown = arena_zalloc(a, cap * sizeof *grown);
            if (*n)
                memcpy(grown, *out, *n * sizeof *grown);
            *out = grown;
        }
        if (got)
            memcpy(*out + *n, rows, got * sizeof *rows);
        *n += got;
    }
    return 0;
}

static void list_sheet_write(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                             const struct ntm_unit *province, const struct list_sheet *spec, struct str *cells,
                             size_t n_rows, struct arena *a)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, spec->name);
    lxw_col_t last = (lxw_col_t)spec->n_cols; /* column 0 is "STT" */
    time_t t = (time_t)(j->now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    lxw_row_t row = header_write(ws, f, j->agency, j->now, province, last, spec->title,
                                 arena_printf(a, "(%.*s; theo dữ liệu của Văn phòng Điều phối đến ngày %02d/%02d/%d)",
                                              (int)province->full_name.n, province->full_name.p, tm.tm_mday,
                                              tm.tm_mon + 1, tm.tm_year + 1900)
                                     .p,
                                 a);
    lxw_row_t head = row;
    worksheet_write_string(ws, row, 0, "STT", f->head);
    for (size_t c = 0; c < spec->n_cols; c++)
        worksheet_write_string(ws, row, (lxw_col_t)(c + 1), spec->heads[c], f->head);
    worksheet_set_row(ws, row, 32, NULL);
    row++;
    if (!n_rows) {
        worksheet_merge_range(ws, row, 0, row, last, spec->empty, f->cell);
        row++;
    }
    for (size_t i = 0; i < n_rows; i++, row++) {
        worksheet_write_number(ws, row, 0, (double)(i + 1), f->center);
        for (size_t c = 0; c < spec->n_cols; c++) {
            struct str v = cells[i * spec->n_cols + c];
            lxw_col_t col = (lxw_col_t)(c + 1);
            char *end = NULL;
            const char *z = ntm_cstr(a, v);
            double x = v.n ? strtod(z, &end) : 0;
            bool number = v.n && end && *end == '\0' && spec->kinds[c] != 't';
            /* an amount with its thousands grouped, its decimals only when it has some */
            if (number)
                worksheet_write_number(ws, row, col, x,
                                       spec->kinds[c] != 'a' ? f->center : x == (double)(long long)x ? f->count
                                                                                                    : f->amount);
            else
                worksheet_write_string(ws, row, col, v.n ? z : "—", spec->kinds[c] == 't' ? f->cell : f->center);
        }
    }
    signature_write(ws, f, row, last);
    worksheet_set_column(ws, 0, 0, 6, NULL);
    for (size_t c = 0; c < spec->n_cols; c++)
        worksheet_set_column(ws, (lxw_col_t)(c + 1), (lxw_col_t)(c + 1), spec->widths[c], NULL);
    worksheet_autofilter(ws, head, 0, row > head + 1 ? row - 1 : head, last);
    print_setup(ws, head);
}

/* A list's rows as the sheet's cells: `pick` names, per column, the row's
 * column to copy (or -1 for a cell the caller fills after). */
static struct str *cells_of(struct arena *a, const struct ntm_office_row_data *rows, size_t n, const int *pick,
                            size_t n_cols)
{
    struct str *cells = ARENA_ARRAY(a, struct str, n * n_cols + 1);
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < n_cols; c++)
            cells[i * n_cols + c] = pick[c] >= 0 ? rows[i].col[pick[c]] : STR("");
    return cells;
}

/* "5. Thủy lợi và phòng, chống thiên tai": a criterion by number and name */
static struct str criterion_title(struct arena *a, struct str number, struct str name)
{
    return arena_printf(a, "%.*s. %.*s", (int)number.n, number.p, (int)name.n, name.p);
}

static void plans_work(struct web_job *job, struct store_conn *db)
{
    struct report_job *j = (struct report_job *)job;
    struct arena *a = &j->arena;
    j->status = 500;
    if (store_read_begin(db) != 0)
        return;
    struct ntm_unit province;
    struct ntm_office_row_data *plans, *plan_criteria, *duties, *sponsors, *tasks;
    size_t n_plans, n_plan_criteria, n_duties, n_sponsors, n_tasks;
    int rc = ntm_unit_by_code(db, j->province, a, &province);
    if (rc == 1 && (read_all(db, NTM_LIST_PLANS, j->province, a, &plans, &n_plans) != 0 ||
                    read_all(db, NTM_LIST_PLAN_CRITERIA, j->province, a, &plan_criteria, &n_plan_criteria) != 0 ||
                    read_all(db, NTM_LIST_RESPONSIBLE, "", a, &duties, &n_duties) != 0 ||
                    read_all(db, NTM_LIST_SPONSORSHIPS, j->province, a, &sponsors, &n_sponsors) != 0 ||
                    read_all(db, NTM_LIST_TASKS, j->province, a, &tasks, &n_tasks) != 0))
        rc = -1;
    store_read_end(db);
    if (rc != 1) {
        j->status = rc < 0 ? 500 : 404;
        return;
    }
    struct ntm_xlsx x;
    if (ntm_xlsx_begin(&x, false) != 0)
        return;
    lxw_workbook *wb = x.wb;
    lxw_doc_properties props = {.title = "Kế hoạch, phân công và đơn vị đỡ đầu nông thôn mới", .author = "dinh"};
    workbook_set_properties(wb, &props);
    struct report_formats f;
    formats_make(wb, &f);

    /* the plans: a commune's target, then its criteria */
    static const char *const plan_heads[] = {"Mã đơn vị", "Xã, phường", "Mục tiêu", "Năm đạt theo kế hoạch",
                                             "Trạng thái kế hoạch"};
    static const double plan_widths[] = {11, 34, 30, 14, 16};
    static const int plan_pick[] = {0, 1, 2, 3, 4};
    struct str *cells = cells_of(a, plans, n_plans, plan_pick, 5);
    for (size_t i = 0; i < n_plans; i++) {
        cells[i * 5 + 2] = office_label_of(OFFICE_STATUSES, plans[i].col[2]);
        cells[i * 5 + 4] = office_label_of(OFFICE_PLAN_STATES, plans[i].col[4]);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Khung kế hoạch", "KHUNG KẾ HOẠCH ĐẠT CHUẨN NÔNG THÔN MỚI CỦA CÁC XÃ",
                                          "Chưa có kế hoạch nào.", plan_heads, "tttnt", plan_widths, 5},
                     cells, n_plans, a);

    static const char *const crit_heads[] = {"Mã đơn vị", "Xã, phường", "Tiêu chí", "Bộ tiêu chí",
                                             "Năm đạt theo kế hoạch", "Trạng thái kế hoạch"};
    static const double crit_widths[] = {11, 30, 40, 14, 14, 16};
    static const int crit_pick[] = {0, 1, -1, 4, 5, 6};
    cells = cells_of(a, plan_criteria, n_plan_criteria, crit_pick, 6);
    for (size_t i = 0; i < n_plan_criteria; i++) {
        const struct ntm_office_row_data *x2 = &plan_criteria[i];
        cells[i * 6 + 2] = criterion_title(a, x2->col[2], x2->col[3]);
        cells[i * 6 + 5] = office_label_of(OFFICE_PLAN_STATES, x2->col[6]);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Kế hoạch theo tiêu chí", "KẾ HOẠCH ĐẠT TỪNG TIÊU CHÍ CỦA CÁC XÃ",
                                          "Chưa có kế hoạch theo tiêu chí nào.", crit_heads, "ttttnt", crit_widths, 6},
                     cells, n_plan_criteria, a);

    /* who answers for each criterion */
    static const char *const duty_heads[] = {"Bộ tiêu chí", "Tiêu chí", "Loại", "Sở, ngành hoặc thành viên",
                                             "Vai trò"};
    static const double duty_widths[] = {14, 40, 22, 36, 12};
    static const int duty_pick[] = {0, -1, -1, 4, -1};
    cells = cells_of(a, duties, n_duties, duty_pick, 5);
    for (size_t i = 0; i < n_duties; i++) {
        const struct ntm_office_row_data *x2 = &duties[i];
        cells[i * 5 + 1] = criterion_title(a, x2->col[1], x2->col[2]);
        cells[i * 5 + 2] = office_label_of(OFFICE_DUTY_KINDS, x2->col[3]);
        cells[i * 5 + 4] = office_label_of(OFFICE_DUTY_ROLES, x2->col[5]);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Phân công", "PHÂN CÔNG SỞ, NGÀNH PHỤ TRÁCH CÁC TIÊU CHÍ",
                                          "Chưa phân công tiêu chí nào.", duty_heads, "ttttt", duty_widths, 5},
                     cells, n_duties, a);

    /* the sponsor units, then their tasks */
    static const char *const sponsor_heads[] = {"Mã đơn vị", "Xã, phường", "Đơn vị đỡ đầu", "Loại", "Từ năm",
                                                "Đến năm", "Quyết định"};
    static const double sponsor_widths[] = {11, 28, 34, 22, 9, 9, 30};
    static const int sponsor_pick[] = {0, 1, 2, 3, 4, 5, 6};
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Đơn vị đỡ đầu", "ĐƠN VỊ ĐỠ ĐẦU CÁC XÃ XÂY DỰNG NÔNG THÔN MỚI",
                                          "Chưa có đơn vị đỡ đầu nào.", sponsor_heads, "ttttnnt", sponsor_widths, 7},
                     cells_of(a, sponsors, n_sponsors, sponsor_pick, 7), n_sponsors, a);

    static const char *const task_heads[] = {"Đơn vị đỡ đầu", "Xã, phường", "Công việc", "Tiêu chí",
                                             "Kinh phí (triệu đồng)", "Hạn (năm)", "Trạng thái"};
    static const double task_widths[] = {30, 26, 40, 9, 13, 9, 22};
    static const int task_pick[] = {0, 1, 2, 3, 4, 5, -1};
    cells = cells_of(a, tasks, n_tasks, task_pick, 7);
    int year_now = ntm_year_now();
    for (size_t i = 0; i < n_tasks; i++) { /* the state as the office's page and the commune's say it */
        const struct ntm_office_row_data *x2 = &tasks[i];
        long due = x2->col[5].n ? strtol(ntm_cstr(a, x2->col[5]), NULL, 10) : 0;
        cells[i * 7 + 6] = ntm_task_state_text(a, x2->col[6], (int)due, year_now);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Công việc đỡ đầu", "CÔNG VIỆC CAM KẾT CỦA CÁC ĐƠN VỊ ĐỠ ĐẦU",
                                          "Chưa có công việc nào.", task_heads, "ttttant", task_widths, 7},
                     cells, n_tasks, a);
    if (ntm_xlsx_end(&x, true, &j->out) == 0)
        j->status = 200;
}

static int plans_finish(struct web_req *r, struct web_job *job)
{
    struct report_job *j = (struct report_job *)job;
    r->no_store = true;
    return ntm_xlsx_answer(r, j->status, &j->out, STR("ke-hoach-phan-cong-do-dau.xlsx"));
}

static int plans_get(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    struct report_job *j = report_job_new(r, &answered);
    if (!j)
        return answered;
    j->job.work = plans_work;
    j->job.finish = plans_finish;
    return web_defer(r, &j->job);
}

static int reports_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_NTM_MANAGE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    struct ntm_reports_view v = {0};
    people_frame(r, &v.f, s, "Báo cáo gửi cấp trên", ADMIN_NTM_OFFICE);
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 1) {
        struct ntm_dashboard d;
        rc = ntm_dashboard_read(r->db, code, 0, r->arena, &d);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            v.province = d.province.full_name;
            v.years = ARENA_ARRAY(r->arena, struct ntm_excel_choice, d.n_years + 1);
            for (size_t i = 0; i < d.n_years; i++)
                v.years[v.n_years++] = (struct ntm_excel_choice){
                    arena_printf(r->arena, REPORTS_PATH "bao-cao.xlsx?nam=%d", d.years[i]),
                    arena_printf(r->arena, "Báo cáo năm %d (.xlsx)", d.years[i]), false};
        }
    }
    tpl_ntm_admin_reports(portal_out(r), &v);
    return 0;
}

void ntm_reports_register(void)
{
    static const char *const params[] = {"nam", NULL};
    router_add((struct route){.pattern = REPORTS_PATH, .get = reports_page});
    router_add((struct route){.pattern = REPORTS_PATH "bao-cao.xlsx", .get = report_get, .known_params = params});
    router_add((struct route){.pattern = REPORTS_PATH "ke-hoach.xlsx", .get = plans_get});
}
