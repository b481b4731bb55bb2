/*
 * home.c - the block of the portal's home page that leads to the monitor:
 * how many of the province's communes met every criterion in the latest
 * year with accepted assessments, and links to the dashboard and the map.
 * The home page tags itself "ntm", so any write that changes the summary
 * drops it from the cache.
 */
#include <string.h>

#include "ntm/internal.h"
#include "ntm/view.h"

int ntm_home_block_read(struct store_conn *db, struct arena *a, struct ntm_home_block *out)
{
    memset(out, 0, sizeof *out);
    char code[16];
    int rc = ntm_home_province(db, code, sizeof code);
    if (rc <= 0)
        return rc;
    struct ntm_dashboard d;
    rc = ntm_dashboard_headline_read(db, code, 0, a, &d);
    if (rc <= 0)
        return rc;
    if (!d.assessed)
        return 0;
    out->shown = true;
    out->headline = arena_printf(a, "%d/%d xã, phường đạt đủ %zu tiêu chí nông thôn mới năm %d", d.met, d.units,
                                 d.n_criteria, d.year);
    out->detail = arena_printf(a, "%.*s: %d xã, phường có kết quả đánh giá được chấp nhận; đánh giá theo %.*s.",
                               (int)d.province.full_name.n, d.province.full_name.p, d.assessed, (int)d.set_name.n,
                               d.set_name.p);
    out->url = arena_printf(a, "/nong-thon-moi/?nam=%d", d.year);
    out->map_url = arena_printf(a, "/nong-thon-moi/ban-do?nam=%d", d.year);
    return 0;
}
