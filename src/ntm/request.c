/* request.c - what the monitor's public pages read from a request before
 * drawing anything: the year asked for, and the province's summary for it
 * (shared by the dashboard and the map); and the CSV the pages offer. */
#include <string.h>

#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2100

int ntm_year_param(struct web_req *r) { return ntm_year_named(r, "nam"); }

int ntm_year_named(struct web_req *r, const char *name)
{
    struct str v = web_param(r, name);
    if (!v.p)
        return 0;
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

int ntm_read_dashboard(struct web_req *r, struct ntm_dashboard *d)
{
    int year = ntm_year_param(r);
    if (year < 0) {
        web_error(r, 400);
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
    rc = ntm_dashboard_read(r->db, code, year, r->arena, d);
    if (rc < 0)
        return -1;
    if (rc == 0 && year) {
        web_error(r, 404);
        return 0;
    }
    return 1;
}

void ntm_csv_field(struct buf *b, struct str s, bool last)
{
    bool quote = s.n && (memchr(s.p, ',', s.n) || memchr(s.p, '"', s.n) || memchr(s.p, '\n', s.n) ||
                         memchr(s.p, '\r', s.n));
    if (quote) {
        buf_putc(b, '"');
        for (size_t i = 0; i < s.n; i++) {
            if (s.p[i] == '"')
                buf_putc(b, '"');
            buf_putc(b, s.p[i]);
        }
        buf_putc(b, '"');
    } else {
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
