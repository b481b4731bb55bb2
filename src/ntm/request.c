/* request.c - what the monitor's public pages read from a request before
 * drawing anything: the year asked for, and the province's summary for it
 * (shared by the dashboard and the map). */
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2100

int ntm_year_param(struct web_req *r)
{
    struct str v = web_param(r, "nam");
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
