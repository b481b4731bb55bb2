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
        *share, *sign, *sign_note, *total;
};

static void formats_make(lxw_workbook *wb, struct report_formats *f)
{
    lxw_format **all[] = {&f->agency, &f->agency_bold, &f->nation, &f->motto, &f->date, &f->title, &f->subtitle,
                          &f->head,   &f->cell,        &f->center, &f->count, &f->share, &f->sign, &f->sign_note,
                          &f->total};
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
    format_set_bold(f->total);
    format_set_border(f->total, LXW_BORDER_THIN);
    format_set_num_format(f->total, "#,##0");
}

/* The header of an upward report over columns [0, last]: the agency on
 * the left third, the nation's motto on the right, the place and date
 * line, the title and what the data is. Returns the next free row. */
static lxw_row_t header_write(lxw_worksheet *ws, const struct report_formats *f, const struct report_job *j,
                              const struct ntm_matrix *m, lxw_col_t last, const char *title, struct arena *a)
{
    lxw_col_t left = last >= 5 ? 2 : 1, right = left + 1;
    time_t t = (time_t)(j->now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    const struct ntm_unit *p = &m->d.province;
    /* The governing body (the province's People's Committee, which the
     * coordination office serves), then the office itself in capitals. */
    struct buf up = {0};
    buf_puts(&up, p->kind.n && str_eq_lit(p->kind, "thanh_pho") ? "UBND THÀNH PHỐ " : "UBND TỈNH ");
    if (vi_upper(&up, p->name) != 0)
        buf_put(&up, p->name);
    worksheet_merge_range(ws, 0, 0, 0, left, arena_strdup(a, up.p, up.n).p, f->agency);
    buf_reset(&up);
    if (!j->agency.n || vi_upper(&up, j->agency) != 0)
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
    struct str date = ntm_data_date(a, m->data_time, false);
    worksheet_merge_range(ws, 5, 0, 5, last,
                          arena_printf(a,
                                       "(%.*s, %.*s; %.*s. Chỉ tính các bản đánh giá đã được Văn phòng Điều phối chấp "
                                       "nhận; số liệu đến ngày %s)",
                                       (int)p->full_name.n, p->full_name.p, (int)m->d.set_name.n, m->d.set_name.p,
                                       (int)m->d.set_decision.n, m->d.set_decision.p, date.n ? date.p : "—")
                              .p,
                          f->subtitle);
    worksheet_set_row(ws, 5, 32, NULL);
    return 7;
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
    lxw_row_t row = header_write(ws, f, j, m, last,
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
    lxw_row_t row = header_write(
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
    struct report_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    int rc = ntm_home_province(r->db, j->province, sizeof j->province);
    if (rc <= 0) {
        free(j);
        return rc < 0 ? -1 : web_error(r, 404);
    }
    arena_init(&j->arena, 64 * 1024);
    const struct site *site = portal_site(r);
    j->agency = arena_strdup(&j->arena, site->agency.p ? site->agency.p : "", site->agency.n);
    j->year = year;
    j->now = r->now;
    j->job.work = report_work;
    j->job.finish = report_finish;
    j->job.release = report_release;
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
}
