/* request.c - what the monitor's public pages read from a request before
 * drawing anything: the year asked for, and the province's summary for it
 * (shared by the dashboard and the map), or a quarter of it (?ky=YYYY-Qn:
 * the data as it stood at the end of that quarter, from the progress
 * reports); and the CSV the pages offer. */
#include <string.h>

#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2100

int ntm_year_param(struct web_req *r) { return ntm_year_named(r, "nam"); }

/* "2025" -> 2025; -1 unless four digits from YEAR_MIN to YEAR_MAX. */
static int year_of(struct str v)
{
    if (v.n != 4)
        return -1;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -1;
        y = y * 10 + (v.p[i] - '0');
    }
    return y >= YEAR_MIN && y <= YEAR_MAX ? y : -1;
}

int ntm_year_named(struct web_req *r, const char *name)
{
    struct str v = web_param(r, name);
    return v.p ? year_of(v) : 0;
}

int ntm_period_param(struct web_req *r, int *year, int *quarter)
{
    *quarter = 0;
    struct str v = web_param(r, "ky");
    if (v.p && web_param(r, "nam").p)
        return -1; /* two periods asked: which one would the page show? */
    if (!v.p) {
        *year = ntm_year_param(r);
        return *year < 0 ? -1 : 0;
    }
    /* YYYY (the whole year, as ?nam=) or YYYY-Qn */
    if (v.n == 4) {
        *year = year_of(v);
        return *year < 0 ? -1 : 0;
    }
    if (v.n != 7 || v.p[4] != '-' || (v.p[5] != 'Q' && v.p[5] != 'q') || v.p[6] < '1' || v.p[6] > '4')
        return -1;
    int y = year_of((struct str){v.p, 4});
    if (y < 0)
        return -1;
    *year = y;
    *quarter = v.p[6] - '0';
    return 0;
}

#define BAD_YEAR "Năm xem số liệu phải là một năm có bốn chữ số, từ 2000 đến 2100, ví dụ ?nam=2025."
#define BAD_PERIOD "Kỳ xem số liệu phải là một năm (?nam=2025 hoặc ?ky=2025) hoặc một quý của năm (?ky=2025-q2, quý 1 đến " \
                   "4), chỉ một trong hai."

int ntm_bad_year(struct web_req *r) { return web_error_saying(r, 400, STR(BAD_YEAR)); }

/* periods: whether ?ky= is read (only where it is a known parameter, so
 * that it makes its own cache entry: the dashboard). */
static int read_dashboard(struct web_req *r, struct ntm_dashboard *d, bool periods)
{
    int year, quarter = 0;
    if (periods ? ntm_period_param(r, &year, &quarter) != 0 : (year = ntm_year_param(r)) < 0) {
        web_error_saying(r, 400, periods ? STR(BAD_PERIOD) : STR(BAD_YEAR));
        return 0;
    }
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        web_error(r, 404);
        return 0;
    }
    rc = ntm_dashboard_read_period(r->db, code, year, quarter, r->arena, d);
    if (rc < 0)
        return -1;
    bool reported = !quarter;
    for (size_t i = 0; rc == 1 && i < d->n_quarters; i++)
        reported |= d->quarters[i] == quarter;
    if (rc == 0 && year) {
        web_error_saying(r, 404, arena_printf(r->arena, "Năm %d không có bộ tiêu chí nông thôn mới nào áp dụng: hãy "
                                                        "chọn một năm từ %d đến %d.",
                                              year, NTM_YEAR_FIRST, NTM_YEAR_LAST));
        return 0;
    }
    if (!reported) {
        web_error_saying(r, 404, arena_printf(r->arena, "Chưa có báo cáo quý %d năm %d nào được Văn phòng Điều phối "
                                                        "chấp nhận: chọn “Cả năm” hoặc một quý khác để xem số liệu năm %d.",
                                              quarter, year, year));
        return 0;
    }
    return 1;
}

int ntm_read_dashboard(struct web_req *r, struct ntm_dashboard *d) { return read_dashboard(r, d, false); }

int ntm_read_dashboard_period(struct web_req *r, struct ntm_dashboard *d) { return read_dashboard(r, d, true); }

void ntm_csv_field(struct buf *b, struct str s, bool last)
{
    bool quote = s.n && (memchr(s.p, ',', s.n) || memchr(s.p, '"', s.n) || memchr(s.p, '\n', s.n) ||
                         memchr(s.p, '\r', s.n));
    /* A spreadsheet takes a cell beginning with = + @ - (a tab, a CR) for a
     * formula: such a name is written with an apostrophe before it, which
     * the spreadsheet shows as text. A negative number ("-1,5", "-3%")
     * stays a number; "-1-NOW()" does not. */
    bool negative = s.n > 1 && s.p[0] == '-';
    for (size_t i = 1; negative && i < s.n; i++)
        negative = (s.p[i] >= '0' && s.p[i] <= '9') || s.p[i] == ',' || s.p[i] == '.' || s.p[i] == '%';
    bool formula = s.n && ((s.p[0] && strchr("=+@\t\r", s.p[0])) || (s.p[0] == '-' && !negative));
    if (quote) {
        buf_putc(b, '"');
        if (formula)
            buf_putc(b, '\'');
        for (size_t i = 0; i < s.n; i++) {
            if (s.p[i] == '"')
                buf_putc(b, '"');
            buf_putc(b, s.p[i]);
        }
        buf_putc(b, '"');
    } else {
        if (formula)
            buf_putc(b, '\'');
        buf_put(b, s);
    }
    buf_puts(b, last ? "\r\n" : ",");
}

void ntm_csv_begin(struct web_req *r)
{
    buf_puts(r->body, "\xEF\xBB\xBF"); /* a BOM, so that Excel reads UTF-8 */
}

void ntm_csv_finish(struct web_req *r, struct str filename)
{
    r->content_type = "text/csv; charset=utf-8";
    r->disposition = arena_printf(r->arena, "attachment; filename=\"%.*s\"", (int)filename.n, filename.p);
    web_tag(r, "ntm");
}
