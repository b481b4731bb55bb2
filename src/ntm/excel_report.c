/*
 * excel_report.c - the reports the coordination office sends upward, as
 * .xlsx laid out as such reports are on paper (RIGHT_NTM_MANAGE):
 *
 *   GET /quan-tri/nong-thon-moi/van-phong/bao-cao/              the years with accepted data
 *   GET /quan-tri/nong-thon-moi/van-phong/bao-cao/bao-cao.xlsx  ?nam=YYYY, or ?ky=YYYY-Qn
 *
 * One workbook per year, or per quarter (each commune as its latest
 * accepted progress report of the year stood at the quarter's end), with
 * two sheets, the commune x criteria matrix and the per-criterion summary. Each opens with the agency's header (on the
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
#include "ntm/sheet.h"
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
    int year, quarter; /* quarter 0: the year's report */
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
        *share, *sign, *sign_note, *total, *amount, *legend;
};

static void formats_make(lxw_workbook *wb, struct report_formats *f)
{
    lxw_format **all[] = {&f->agency, &f->agency_bold, &f->nation, &f->motto,     &f->date,  &f->title,
                          &f->subtitle, &f->head,      &f->cell,   &f->center,    &f->count, &f->share,
                          &f->sign,   &f->sign_note,   &f->total,  &f->amount,    &f->legend};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        *all[i] = workbook_add_format(wb);
        format_set_font_name(*all[i], "Times New Roman");
        format_set_font_size(*all[i], 12);
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_CENTER);
    }
    /* the lines of the header wrap where the table is too narrow for them */
    lxw_format *header[] = {f->agency, f->agency_bold, f->nation, f->motto, f->date, f->title};
    for (size_t i = 0; i < sizeof header / sizeof *header; i++) {
        format_set_align(header[i], LXW_ALIGN_CENTER);
        format_set_text_wrap(header[i]);
    }
    format_set_bold(f->agency_bold);
    format_set_underline(f->agency_bold, LXW_UNDERLINE_SINGLE);
    format_set_bold(f->nation);
    format_set_bold(f->motto);
    format_set_underline(f->motto, LXW_UNDERLINE_SINGLE);
    format_set_italic(f->date);
    format_set_bold(f->title);
    format_set_font_size(f->title, 14);
    format_set_align(f->subtitle, LXW_ALIGN_CENTER);
    format_set_italic(f->subtitle);
    format_set_text_wrap(f->subtitle);
    format_set_text_wrap(f->legend);
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
    format_set_text_wrap(f->total);
    format_set_num_format(f->total, "#,##0");
}

/* The rows above a report's table: the header (rows 0 to 2), the title (4)
 * and what the data is (5); the table's heading row is REPORT_HEAD. */
#define REPORT_HEAD 7

/* The lines of the header: on the left the governing body over the agency,
 * on the right the nation and its motto over the place and date. */
struct report_header {
    const char *left[2], *right[3];
};

/* Where the left block of the header (and of the signatures) ends: columns
 * 0..split hold the agency, split+1..last the nation's motto. The split
 * that gives the header its fewest lines, the leftmost of those: on a wide
 * table every line fits on one, on a narrow one the longer lines wrap
 * (header_write gives their rows the height). */
static lxw_col_t header_split(const struct ntm_sheet *s, const struct report_header *h, lxw_col_t last)
{
    lxw_col_t best = 0;
    unsigned best_lines = ~0u;
    for (lxw_col_t split = 0; split < last; split++) {
        unsigned lines = 0;
        for (size_t row = 0; row < 3; row++) {
            unsigned l = row < 2 ? ntm_sheet_lines(s, 0, split, h->left[row], true) : 0;
            unsigned r = ntm_sheet_lines(s, split + 1, last, h->right[row], true);
            lines += l > r ? l : r;
        }
        if (lines < best_lines) {
            best = split;
            best_lines = lines;
        }
    }
    return best;
}

/* Writes one line of the header: `l` over columns 0..split, `r` over
 * split+1..last, each merged, the row as high as the taller needs. */
static void header_line(struct ntm_sheet *s, lxw_row_t row, lxw_col_t split, lxw_col_t last, const char *l,
                        lxw_format *lf, bool lbold, const char *r, lxw_format *rf, bool rbold)
{
    unsigned lines = 1;
    if (l) {
        worksheet_merge_range(s->ws, row, 0, row, split, l, lf);
        lines = ntm_sheet_lines(s, 0, split, l, lbold);
    }
    worksheet_merge_range(s->ws, row, split + 1, row, last, r, rf);
    unsigned k = ntm_sheet_lines(s, split + 1, last, r, rbold);
    ntm_sheet_row_lines(s, row, k > lines ? k : lines, 0);
}

/* The header of an upward report over columns [0, last], written once the
 * table under it has set the columns' widths: the agency on the left, the
 * nation's motto on the right, the place and date line, the title and what
 * the data is (`about`); every line wraps, in a row as high as it needs,
 * where the table is too narrow for it. `agency` comes from the site
 * settings, `now` is the time of the report. Returns the column where the
 * left block ends, for the signatures. */
static lxw_col_t header_write(struct ntm_sheet *s, const struct report_formats *f, struct str agency, int64_t now,
                              const struct ntm_unit *p, lxw_col_t last, const char *title, const char *about,
                              struct arena *a)
{
    time_t t = (time_t)(now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    /* The governing body (the province's People's Committee, which the
     * coordination office serves), then the office itself in capitals. */
    struct report_header h = {
        .right = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  arena_printf(a, "%.*s, ngày %02d tháng %02d năm %d", (int)p->name.n, p->name.p, tm.tm_mday,
                               tm.tm_mon + 1, tm.tm_year + 1900)
                      .p}};
    struct buf up = {0};
    buf_puts(&up, p->kind.n && str_eq_lit(p->kind, "thanh_pho") ? "UBND THÀNH PHỐ " : "UBND TỈNH ");
    if (vi_upper(&up, p->name) != 0)
        buf_put(&up, p->name);
    h.left[0] = arena_strdup(a, up.p, up.n).p;
    buf_reset(&up);
    if (!agency.n || vi_upper(&up, agency) != 0)
        buf_puts(&up, "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI");
    h.left[1] = arena_strdup(a, up.p, up.n).p;
    buf_free(&up);
    lxw_col_t split = header_split(s, &h, last);
    header_line(s, 0, split, last, h.left[0], f->agency, false, h.right[0], f->nation, true);
    header_line(s, 1, split, last, h.left[1], f->agency_bold, true, h.right[1], f->motto, true);
    header_line(s, 2, split, last, NULL, NULL, false, h.right[2], f->date, false);
    ntm_sheet_title(s, 4, last, title, f->title, true, 14);
    ntm_sheet_title(s, 5, last, about, f->subtitle, false, 0);
    return split;
}

/* The report's period in a sentence ("năm 2025", "quý 2 năm 2026") or in
 * a title, in capitals. */
static const char *period_words(const struct report_job *j, bool title, struct arena *a)
{
    if (j->quarter)
        return arena_printf(a, title ? "QUÝ %d NĂM %d" : "quý %d năm %d", j->quarter, j->year).p;
    return arena_printf(a, title ? "NĂM %d" : "năm %d", j->year).p;
}

/* What the figures of a sheet of the report count. */
static const char *year_about(const struct report_job *j, const struct ntm_matrix *m, struct arena *a)
{
    const struct ntm_unit *p = &m->d.province;
    struct str date = ntm_data_date(a, m->data_time, false);
    const char *counted = j->quarter ? "Mỗi xã theo báo cáo tiến độ mới nhất của năm đến hết quý đã được Văn phòng "
                                       "Điều phối chấp nhận"
                                     : "Chỉ tính các bản đánh giá đã được Văn phòng Điều phối chấp nhận";
    return arena_printf(a, "(%.*s, %.*s; %.*s. %s; số liệu đến ngày %s)", (int)p->full_name.n, p->full_name.p,
                        (int)m->d.set_name.n, m->d.set_name.p, (int)m->d.set_decision.n, m->d.set_decision.p, counted,
                        date.n ? date.p : "—")
        .p;
}

/* The signature block two rows under `row`, its halves as the header's. */
static void signature_write(lxw_worksheet *ws, const struct report_formats *f, lxw_row_t row, lxw_col_t split,
                            lxw_col_t last)
{
    row += 2;
    worksheet_merge_range(ws, row, 0, row, split, "NGƯỜI LẬP BIỂU", f->sign);
    worksheet_merge_range(ws, row, split + 1, row, last, "THỦ TRƯỞNG CƠ QUAN", f->sign);
    worksheet_merge_range(ws, row + 1, 0, row + 1, split, "(Ký, ghi rõ họ tên)", f->sign_note);
    worksheet_merge_range(ws, row + 1, split + 1, row + 1, last, "(Ký tên, đóng dấu)", f->sign_note);
}

/* The layout every sheet of these workbooks ends with, once its table and
 * what is under it are written from row REPORT_HEAD to `end`: the widths,
 * the headings' height, the header over the table, the signatures under
 * it, the print setup; the panes frozen right of `frozen_cols` columns. */
static void report_finish_sheet(struct ntm_sheet *s, const struct report_formats *f, const struct report_job *j,
                                const struct ntm_unit *province, lxw_col_t last, const char *title,
                                const char *about, lxw_row_t end, lxw_col_t frozen_cols, struct arena *a)
{
    ntm_sheet_columns(s);
    ntm_sheet_head_height(s);
    lxw_col_t split = header_write(s, f, j->agency, j->now, province, last, title, about, a);
    signature_write(s->ws, f, end, split, last);
    ntm_sheet_print(s, REPORT_HEAD, REPORT_HEAD, frozen_cols);
}

/* The NTM recognition each commune of the province holds at the end of the
 * year: its latest decision on the NTM status up to then (a withdrawal
 * too, so that it is said). */
static const char SQL_RECOGNITION_HELD[] =
    "SELECT u.code, x.act, x.decision_no, x.decided_on FROM ntm_recognition x JOIN ntm_unit u ON u.id = x.unit_id "
    "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1 AND x.status = 'ntm' AND x.year <= ?2 "
    "AND x.decided_on <= ?3 AND x.id = (SELECT y.id FROM ntm_recognition y WHERE y.unit_id = x.unit_id "
    "AND y.status = 'ntm' AND y.year <= ?2 AND y.decided_on <= ?3 ORDER BY y.decided_on DESC, y.id DESC LIMIT 1)";

/* A commune's cell of the column "Công nhận". */
struct recognition_cell {
    const char *text;
    bool held;
};

/* The recognition of each row of m (in its order) at the end of the
 * report's period (a quarter: the decisions taken by its last day), as the
 * column "Công nhận" says it: the decision recognising the commune
 * as NTM ("Số 3368/QĐ-UBND ngày 20/12/2023"), "Chưa công nhận", or the
 * withdrawal. Reads inside the caller's read transaction. 0, or -1. */
static int recognitions_read(struct store_conn *db, const struct report_job *j, const struct ntm_matrix *m,
                             struct arena *a, struct recognition_cell **out)
{
    struct recognition_cell *cells = ARENA_ARRAY(a, struct recognition_cell, m->n_rows + 1);
    for (size_t i = 0; i < m->n_rows; i++)
        cells[i] = (struct recognition_cell){"Chưa công nhận", false};
    *out = cells;
    sqlite3_stmt *st = store_stmt(db, SQL_RECOGNITION_HELD);
    if (!st)
        return -1;
    static const char *const quarter_ends[] = {"9999-12-31", "03-31", "06-30", "09-30", "12-31"};
    sqlite3_bind_text(st, 1, j->province, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, m->d.year);
    struct str until = j->quarter ? arena_printf(a, "%04d-%s", j->year, quarter_ends[j->quarter])
                                  : str_cstr(quarter_ends[0]);
    sqlite3_bind_text(st, 3, until.p, (int)until.n, SQLITE_TRANSIENT);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct str code = store_col_copy(a, st, 0), act = store_col_copy(a, st, 1);
        struct str number = store_col_copy(a, st, 2), on = store_col_copy(a, st, 3);
        struct str date = on.n == 10 ? arena_printf(a, "%.2s/%.2s/%.4s", on.p + 8, on.p + 5, on.p) : on;
        for (size_t i = 0; i < m->n_rows; i++) {
            if (!str_eq(m->rows[i].code, code))
                continue;
            bool withdrawn = str_eq_lit(act, "thu_hoi");
            const char *what = withdrawn                           ? "Đã thu hồi công nhận: số "
                               : str_eq_lit(act, "cong_nhan_lai") ? "Công nhận lại: số "
                               : str_eq_lit(act, "thua_nhan")     ? "Thừa nhận: số "
                                                                  : "Số ";
            cells[i] = (struct recognition_cell){
                arena_printf(a, "%s%.*s ngày %.*s", what, (int)number.n, number.p, (int)date.n, date.p).p,
                !withdrawn};
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* The commune x criteria sheet: a row per commune (those without an
 * accepted result too), each criterion x, - or ?, what the commune's
 * result is in the public site's words, and apart from it whether a
 * decision recognises it: meeting every criterion is not recognition. */
static void matrix_sheet(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                         const struct ntm_matrix *m, const struct recognition_cell *held, struct arena *a)
{
    const struct ntm_dashboard *d = &m->d;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Ma trận xã - tiêu chí");
    lxw_col_t fixed = 4, result = (lxw_col_t)(fixed + d->n_criteria), last = result + 1;
    struct ntm_sheet s;
    ntm_sheet_init(&s, ws, (size_t)last + 1, NTM_SHEET_TIMES_12, 4, 40, a);
    lxw_row_t head = REPORT_HEAD, row = head;
    const char *heads[] = {"STT", "Mã đơn vị", "Xã, phường", "Số tiêu chí đạt"};
    for (lxw_col_t c = 0; c < fixed; c++)
        ntm_sheet_head(&s, head, c, heads[c], f->head);
    for (size_t c = 0; c < d->n_criteria; c++)
        ntm_sheet_head(&s, head, (lxw_col_t)(fixed + c),
                       arena_printf(a, "TC %.*s", (int)d->criteria[c].number.n, d->criteria[c].number.p).p, f->head);
    ntm_sheet_head(&s, head, result, "Kết quả", f->head);
    ntm_sheet_head(&s, head, last, "Công nhận", f->head);
    ntm_sheet_at_least(&s, 2, 20);
    row++;
    int k = 0, recognised = 0;
    for (size_t i = 0; i < m->n_rows; i++, row++) {
        const struct ntm_matrix_row *x = &m->rows[i];
        ntm_sheet_number(&s, row, 0, ++k, f->center);
        ntm_sheet_text(&s, row, 1, x->code.p, f->center);
        ntm_sheet_text(&s, row, 2, x->full_name.p, f->cell);
        ntm_sheet_text(&s, row, last, held[i].text, f->cell);
        recognised += held[i].held;
        /* A commune with no accepted result for the year is listed too:
         * the report covers the whole province, and a missing row reads
         * as a commune forgotten. */
        if (x->criteria_met < 0) {
            worksheet_write_blank(ws, row, 3, f->count);
            for (size_t c = 0; c < d->n_criteria; c++)
                worksheet_write_blank(ws, row, (lxw_col_t)(fixed + c), f->center);
            ntm_sheet_text(&s, row, result, j->quarter ? "Chưa có báo cáo" : "Chưa có kết quả", f->center);
            continue;
        }
        ntm_sheet_number(&s, row, 3, x->criteria_met, f->count);
        for (size_t c = 0; c < d->n_criteria; c++)
            ntm_sheet_text(&s, row, (lxw_col_t)(fixed + c),
                           x->states[c] == NTM_MET       ? "x"
                           : x->states[c] == NTM_NOT_MET ? "-"
                           : x->states[c] == -2          ? ""
                                                         : "?",
                           f->center);
        ntm_sheet_text(&s, row, result, ntm_result_cell(x->unit_state), f->center);
    }
    /* the counts, each under the column it counts, each row saying what */
    worksheet_merge_range(ws, row, 0, row, 2, "Số xã đạt từng tiêu chí", f->total);
    worksheet_write_blank(ws, row, 3, f->total);
    for (size_t c = 0; c < d->n_criteria; c++)
        ntm_sheet_number(&s, row, (lxw_col_t)(fixed + c), d->criteria[c].met, f->total);
    worksheet_write_blank(ws, row, result, f->total);
    worksheet_write_blank(ws, row, last, f->total);
    lxw_row_t totals = row++;
    worksheet_merge_range(ws, row, 0, row, result - 1, "Số xã đạt đủ các tiêu chí", f->total);
    ntm_sheet_number(&s, row, result, d->met, f->total);
    worksheet_write_blank(ws, row, last, f->total);
    row++;
    worksheet_merge_range(ws, row, 0, row, last - 1,
                          arena_printf(a, "Số xã được công nhận đạt chuẩn nông thôn mới (đến hết %s)",
                                       period_words(j, false, a))
                              .p,
                          f->total);
    ntm_sheet_number(&s, row, last, recognised, f->total);
    row++;
    ntm_sheet_columns(&s);
    /* rows whose names or decisions wrap, once the widths are known */
    for (size_t i = 0; i < m->n_rows; i++) {
        unsigned name = ntm_sheet_lines(&s, 2, 2, m->rows[i].full_name.p, false);
        unsigned decision = ntm_sheet_lines(&s, last, last, held[i].text, false);
        ntm_sheet_row_lines(&s, head + 1 + (lxw_row_t)i, name > decision ? name : decision, 0);
    }
    ntm_sheet_row_lines(&s, totals, ntm_sheet_lines(&s, 0, 2, "Số xã đạt từng tiêu chí", true), 0);
    /* what the signs and the columns mean, and the criteria by name */
    const char *notes[] = {
        "Ghi chú: x = đạt; - = không đạt; ? = chưa xác định; ô trống: tiêu chí chưa được đánh giá.",
        arena_printf(a,
                     "Kết quả: “Đạt đủ các tiêu chí” là xã đạt tất cả các tiêu chí của bộ theo kết quả đánh giá; "
                     "xã chỉ đạt chuẩn nông thôn mới khi có quyết định công nhận. Công nhận: quyết định công nhận "
                     "xã đạt chuẩn nông thôn mới còn hiệu lực đến hết %s, hoặc “Chưa công nhận”.",
                     period_words(j, false, a))
            .p,
        "Các tiêu chí:",
    };
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++, row++)
        ntm_sheet_title(&s, row, last, notes[i], f->legend, false, 0);
    for (size_t c = 0; c < d->n_criteria; c++, row++)
        ntm_sheet_title(&s, row, last,
                        arena_printf(a, "TC %.*s: %.*s", (int)d->criteria[c].number.n, d->criteria[c].number.p,
                                     (int)d->criteria[c].name.n, d->criteria[c].name.p)
                            .p,
                        f->legend, false, 0);
    report_finish_sheet(&s, f, j, &d->province, last,
                        arena_printf(a, "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ NÔNG THÔN MỚI CỦA TỪNG XÃ %s",
                                     period_words(j, true, a))
                            .p,
                        year_about(j, m, a), row - 1, 3, a);
}


static void summary_sheet(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                          const struct ntm_matrix *m, struct arena *a)
{
    const struct ntm_dashboard *d = &m->d;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Tổng hợp theo tiêu chí");
    lxw_col_t last = 6;
    struct ntm_sheet s;
    ntm_sheet_init(&s, ws, (size_t)last + 1, NTM_SHEET_TIMES_12, 6, 48, a);
    lxw_row_t head = REPORT_HEAD, row = head;
    const char *heads[] = {"STT",       "Tên tiêu chí",          "Số xã đạt", "Số xã không đạt",
                           "Số xã chưa xác định", "Số xã được đánh giá", "Tỷ lệ đạt (%)"};
    for (lxw_col_t c = 0; c <= last; c++)
        ntm_sheet_head(&s, head, c, heads[c], f->head);
    for (lxw_col_t c = 2; c <= last; c++)
        ntm_sheet_at_least(&s, c, 11);
    row++;
    for (size_t c = 0; c < d->n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d->criteria[c];
        ntm_sheet_criterion(&s, row, 0, cr->number, f->center, f->center);
        ntm_sheet_text(&s, row, 1, cr->name.p, f->cell);
        ntm_sheet_number(&s, row, 2, cr->met, f->count);
        ntm_sheet_number(&s, row, 3, cr->not_met, f->count);
        ntm_sheet_number(&s, row, 4, cr->undetermined, f->count);
        ntm_sheet_number(&s, row, 5, d->assessed, f->count);
        if (d->assessed)
            ntm_sheet_number(&s, row, 6, 100.0 * cr->met / d->assessed, f->share);
        else
            worksheet_write_blank(ws, row, 6, f->share);
        row++;
    }
    worksheet_merge_range(ws, row, 0, row, 1, "Số xã đạt đủ các tiêu chí", f->total);
    ntm_sheet_number(&s, row, 2, d->met, f->total);
    worksheet_write_blank(ws, row, 3, f->total);
    worksheet_write_blank(ws, row, 4, f->total);
    ntm_sheet_number(&s, row, 5, d->assessed, f->total);
    if (d->assessed)
        ntm_sheet_number(&s, row, 6, 100.0 * d->met / d->assessed, f->share);
    else
        worksheet_write_blank(ws, row, 6, f->share);
    report_finish_sheet(
        &s, f, j, &d->province, last,
        arena_printf(a, "TỔNG HỢP KẾT QUẢ THỰC HIỆN TỪNG TIÊU CHÍ NÔNG THÔN MỚI %s", period_words(j, true, a)).p,
        year_about(j, m, a), row, 0, a);
}

static void report_work(struct web_job *job, struct store_conn *db)
{
    struct report_job *j = (struct report_job *)job;
    j->status = 500;
    if (store_read_begin(db) != 0)
        return;
    struct ntm_matrix m;
    struct recognition_cell *held = NULL;
    int rc = ntm_matrix_read_period(db, j->province, j->year, j->quarter, &j->arena, &m);
    bool reported = !j->quarter;
    for (size_t i = 0; rc == 1 && i < m.d.n_quarters; i++)
        reported |= m.d.quarters[i] == j->quarter;
    if (rc == 1 && reported && recognitions_read(db, j, &m, &j->arena, &held) != 0)
        rc = -1;
    store_read_end(db);
    if (rc <= 0) {
        j->status = rc < 0 ? 500 : 404;
        return;
    }
    if (!reported || !m.d.assessed) {
        j->status = 404;
        return;
    }
    struct ntm_xlsx x;
    if (ntm_xlsx_begin(&x, false) != 0)
        return;
    lxw_workbook *wb = x.wb;
    lxw_doc_properties props = {
        .title = (char *)arena_printf(&j->arena, "Báo cáo nông thôn mới %s", period_words(j, false, &j->arena)).p,
        .author = "dinh"};
    workbook_set_properties(wb, &props);
    struct report_formats f;
    formats_make(wb, &f);
    matrix_sheet(wb, &f, j, &m, held, &j->arena);
    summary_sheet(wb, &f, j, &m, &j->arena);
    if (ntm_xlsx_end(&x, true, &j->out) == 0)
        j->status = 200;
}

static int report_finish(struct web_req *r, struct web_job *job)
{
    struct report_job *j = (struct report_job *)job;
    r->no_store = true;
    if (j->status == 404)
        return web_error_saying(r, 404,
                                j->quarter ? arena_printf(r->arena,
                                                          "Chưa có báo cáo quý %d năm %d nào được Văn phòng Điều phối "
                                                          "chấp nhận.",
                                                          j->quarter, j->year)
                                           : arena_printf(r->arena,
                                                          "Năm %d chưa có kết quả đánh giá nào được Văn phòng Điều "
                                                          "phối chấp nhận.",
                                                          j->year));
    return ntm_xlsx_answer(r, j->status, &j->out,
                           j->quarter ? arena_printf(r->arena, "bao-cao-nong-thon-moi-%d-quy-%d.xlsx", j->year,
                                                     j->quarter)
                                      : arena_printf(r->arena, "bao-cao-nong-thon-moi-%d.xlsx", j->year));
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
    int year, quarter;
    if (ntm_period_param(r, &year, &quarter) != 0)
        return web_param(r, "ky").p ? web_error_saying(r, 400,
                                                       STR("Kỳ của báo cáo phải là một năm (?nam=2025) hoặc một quý "
                                                           "của năm (?ky=2026-Q3, quý 1 đến 4), không cả hai."))
                                    : ntm_bad_year(r);
    if (year == 0)
        return web_error_saying(r, 400, STR("Hãy chọn năm của báo cáo (ví dụ ?nam=2025) hoặc quý (?ky=2026-Q3)."));
    struct report_job *j = report_job_new(r, &answered);
    if (!j)
        return answered;
    j->year = year;
    j->quarter = quarter;
    j->job.work = report_work;
    j->job.finish = report_finish;
    return web_defer(r, &j->job);
}

/* --- the office's plans, duties and sponsors ------------------------------------- */

/* One sheet of the plans workbook: a list of the office's pages as a
 * table. `kinds` says per column how a cell is written: 't' text ("—" when
 * empty), 'n' a whole number (a year), 'a' an amount in million VND (a
 * number column keeps numbers: empty stays empty). */
struct list_sheet {
    const char *name, *title, *empty;
    const char *const *heads;
    const char *kinds;
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

/* Writes a list as a sheet laid out as the year's report: the columns as
 * wide as their text (up to a maximum, past which text wraps in a row as
 * high as it needs), the header and signatures, the print setup. */
static void list_sheet_write(lxw_workbook *wb, const struct report_formats *f, const struct report_job *j,
                             const struct ntm_unit *province, const struct list_sheet *spec, struct str *cells,
                             size_t n_rows, struct arena *a)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, spec->name);
    lxw_col_t last = (lxw_col_t)spec->n_cols; /* column 0 is "STT" */
    struct ntm_sheet s;
    ntm_sheet_init(&s, ws, (size_t)last + 1, NTM_SHEET_TIMES_12, 6, 32, a);
    s.head_lines = 4;
    lxw_row_t head = REPORT_HEAD, row = head;
    ntm_sheet_head(&s, row, 0, "STT", f->head);
    for (size_t c = 0; c < spec->n_cols; c++)
        ntm_sheet_head(&s, row, (lxw_col_t)(c + 1), spec->heads[c], f->head);
    row++;
    if (!n_rows) {
        worksheet_merge_range(ws, row, 0, row, last, spec->empty, f->cell);
        row++;
    }
    for (size_t i = 0; i < n_rows; i++, row++) {
        ntm_sheet_number(&s, row, 0, (double)(i + 1), f->center);
        for (size_t c = 0; c < spec->n_cols; c++) {
            struct str *v = &cells[i * spec->n_cols + c];
            lxw_col_t col = (lxw_col_t)(c + 1);
            char *end = NULL;
            const char *z = ntm_cstr(a, *v);
            double x = v->n ? strtod(z, &end) : 0;
            if (spec->kinds[c] == 't') {
                *v = v->n ? (struct str){z, v->n} : STR("—");
                ntm_sheet_text(&s, row, col, v->p, f->cell);
            } else if (v->n && end && *end == '\0') {
                /* an amount with its thousands grouped, its decimals only when it has some */
                ntm_sheet_number(&s, row, col, x,
                                 spec->kinds[c] != 'a'           ? f->center
                                 : x == (double)(long long)x ? f->count
                                                             : f->amount);
            } else {
                worksheet_write_blank(ws, row, col, spec->kinds[c] == 'a' ? f->count : f->center);
            }
        }
    }
    /* wrapped text: each row as high as its tallest cell, once the widths are known */
    ntm_sheet_columns(&s);
    for (size_t i = 0; i < n_rows; i++) {
        unsigned lines = 1;
        for (size_t c = 0; c < spec->n_cols; c++) {
            unsigned k = spec->kinds[c] == 't'
                             ? ntm_sheet_lines(&s, (lxw_col_t)(c + 1), (lxw_col_t)(c + 1), cells[i * spec->n_cols + c].p,
                                               false)
                             : 1;
            lines = k > lines ? k : lines;
        }
        ntm_sheet_row_lines(&s, head + 1 + (lxw_row_t)i, lines, 0);
    }
    worksheet_autofilter(ws, head, 0, row > head + 1 ? row - 1 : head, last);
    time_t t = (time_t)(j->now + 7 * 3600);
    struct tm tm;
    gmtime_r(&t, &tm);
    report_finish_sheet(&s, f, j, province, last, spec->title,
                        arena_printf(a, "(%.*s; theo dữ liệu của Văn phòng Điều phối đến ngày %02d/%02d/%d)",
                                     (int)province->full_name.n, province->full_name.p, tm.tm_mday, tm.tm_mon + 1,
                                     tm.tm_year + 1900)
                            .p,
                        row, 0, a);
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
    static const int plan_pick[] = {0, 1, 2, 3, 4};
    struct str *cells = cells_of(a, plans, n_plans, plan_pick, 5);
    for (size_t i = 0; i < n_plans; i++) {
        cells[i * 5 + 2] = office_label_of(OFFICE_STATUSES, plans[i].col[2]);
        cells[i * 5 + 4] = office_label_of(OFFICE_PLAN_STATES, plans[i].col[4]);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Khung kế hoạch", "KHUNG KẾ HOẠCH ĐẠT CHUẨN NÔNG THÔN MỚI CỦA CÁC XÃ",
                                          "Chưa có kế hoạch nào.", plan_heads, "tttnt", 5},
                     cells, n_plans, a);

    static const char *const crit_heads[] = {"Mã đơn vị", "Xã, phường", "Tiêu chí", "Bộ tiêu chí",
                                             "Năm đạt theo kế hoạch", "Trạng thái kế hoạch"};
    static const int crit_pick[] = {0, 1, -1, 4, 5, 6};
    cells = cells_of(a, plan_criteria, n_plan_criteria, crit_pick, 6);
    for (size_t i = 0; i < n_plan_criteria; i++) {
        const struct ntm_office_row_data *x2 = &plan_criteria[i];
        cells[i * 6 + 2] = criterion_title(a, x2->col[2], x2->col[3]);
        cells[i * 6 + 5] = office_label_of(OFFICE_PLAN_STATES, x2->col[6]);
    }
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Kế hoạch theo tiêu chí", "KẾ HOẠCH ĐẠT TỪNG TIÊU CHÍ CỦA CÁC XÃ",
                                          "Chưa có kế hoạch theo tiêu chí nào.", crit_heads, "ttttnt", 6},
                     cells, n_plan_criteria, a);

    /* who answers for each criterion */
    static const char *const duty_heads[] = {"Bộ tiêu chí", "Tiêu chí", "Loại", "Sở, ngành hoặc thành viên",
                                             "Vai trò"};
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
                                          "Chưa phân công tiêu chí nào.", duty_heads, "ttttt", 5},
                     cells, n_duties, a);

    /* the sponsor units, then their tasks */
    static const char *const sponsor_heads[] = {"Mã đơn vị", "Xã, phường", "Đơn vị đỡ đầu", "Loại", "Từ năm",
                                                "Đến năm", "Quyết định"};
    static const int sponsor_pick[] = {0, 1, 2, 3, 4, 5, 6};
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Đơn vị đỡ đầu", "ĐƠN VỊ ĐỠ ĐẦU CÁC XÃ XÂY DỰNG NÔNG THÔN MỚI",
                                          "Chưa có đơn vị đỡ đầu nào.", sponsor_heads, "ttttnnt", 7},
                     cells_of(a, sponsors, n_sponsors, sponsor_pick, 7), n_sponsors, a);

    /* the tasks, with the criterion each serves when the office said so
     * (a column that would be empty on every row is left out) */
    bool with_criteria = false;
    for (size_t i = 0; i < n_tasks && !with_criteria; i++)
        with_criteria = tasks[i].col[3].n > 0;
    static const char *const task_heads[] = {
        "Đơn vị đỡ đầu", "Xã, phường", "Công việc", "Tiêu chí liên quan",
        "Kinh phí (triệu đồng; trống: hỗ trợ không bằng tiền)", "Hạn (năm)", "Trạng thái"};
    static const int task_pick[] = {0, 1, 2, -1, 4, 5, -1};
    cells = cells_of(a, tasks, n_tasks, task_pick, 7);
    int year_now = ntm_year_now();
    for (size_t i = 0; i < n_tasks; i++) { /* the state as the office's page and the commune's say it */
        const struct ntm_office_row_data *x2 = &tasks[i];
        long due = x2->col[5].n ? strtol(ntm_cstr(a, x2->col[5]), NULL, 10) : 0;
        cells[i * 7 + 3] = x2->col[3].n ? criterion_title(a, x2->col[3], x2->col[8]) : STR("");
        cells[i * 7 + 6] = ntm_task_state_text(a, x2->col[6], (int)due, year_now);
    }
    if (!with_criteria) /* the criterion's column taken out of every row */
        for (size_t i = 0; i < n_tasks; i++)
            for (size_t c = 0; c < 6; c++)
                cells[i * 6 + c] = cells[i * 7 + (c < 3 ? c : c + 1)];
    static const char *const task_heads_short[] = {
        "Đơn vị đỡ đầu", "Xã, phường", "Công việc", "Kinh phí (triệu đồng; trống: hỗ trợ không bằng tiền)",
        "Hạn (năm)", "Trạng thái"};
    list_sheet_write(wb, &f, j, &province,
                     &(struct list_sheet){"Công việc đỡ đầu", "CÔNG VIỆC CAM KẾT CỦA CÁC ĐƠN VỊ ĐỠ ĐẦU",
                                          "Chưa có công việc nào.", with_criteria ? task_heads : task_heads_short,
                                          with_criteria ? "ttttant" : "tttant", with_criteria ? 7u : 6u},
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
            v.years = ARENA_ARRAY(r->arena, struct ntm_reports_year, d.n_years + 1);
            for (size_t i = 0; i < d.n_years; i++) {
                struct ntm_reports_year *y = &v.years[v.n_years++];
                y->year = (struct ntm_excel_choice){
                    arena_printf(r->arena, REPORTS_PATH "bao-cao.xlsx?nam=%d", d.years[i]),
                    arena_printf(r->arena, "Báo cáo năm %d (.xlsx)", d.years[i]), false};
                /* the year's quarters with accepted progress reports */
                struct ntm_dashboard q;
                rc = ntm_dashboard_read_period(r->db, code, d.years[i], 0, r->arena, &q);
                if (rc < 0)
                    return -1;
                y->quarters = ARENA_ARRAY(r->arena, struct ntm_excel_choice, rc == 1 ? q.n_quarters + 1 : 1);
                for (size_t k = 0; rc == 1 && k < q.n_quarters; k++)
                    y->quarters[y->n_quarters++] = (struct ntm_excel_choice){
                        arena_printf(r->arena, REPORTS_PATH "bao-cao.xlsx?ky=%d-Q%d", d.years[i], q.quarters[k]),
                        arena_printf(r->arena, "Quý %d", q.quarters[k]), false};
            }
        }
    }
    tpl_ntm_admin_reports(portal_out(r), &v);
    return 0;
}

void ntm_reports_register(void)
{
    static const char *const params[] = {"nam", "ky", NULL};
    router_add((struct route){.pattern = REPORTS_PATH, .get = reports_page});
    router_add((struct route){.pattern = REPORTS_PATH "bao-cao.xlsx", .get = report_get, .known_params = params});
    router_add((struct route){.pattern = REPORTS_PATH "ke-hoach.xlsx", .get = plans_get});
}
