/*
 * home.c - the block of the portal's home page that leads to the monitor:
 * how many of the province's communes met every criterion in the latest
 * year with accepted assessments, and links to the dashboard and the map.
 * The home page tags itself "ntm", so any write that changes the summary
 * drops it from the cache; without the cache, the block is kept per
 * thread while the database is unchanged (store_version_read).
 */
#include <string.h>

#include "ntm/internal.h"
#include "ntm/view.h"

/* The last block read on this thread's connection, kept while the
 * database has not changed (a home page rendered without the page cache
 * then costs one PRAGMA instead of the province's sums). */
struct memo {
    struct store_version version; /* conn 0: nothing kept */
    bool shown;
    char headline[256], detail[1024], url[64], map_url[64];
};
static _Thread_local struct memo memo;

static bool keep(char *to, size_t cap, struct str s)
{
    if (s.n >= cap)
        return false;
    memcpy(to, s.p, s.n);
    to[s.n] = '\0';
    return true;
}

static int block_read(struct store_conn *db, struct arena *a, struct ntm_home_block *out)
{
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

int ntm_home_block_read(struct store_conn *db, struct arena *a, struct ntm_home_block *out)
{
    memset(out, 0, sizeof *out);
    struct store_version now;
    if (store_version_read(db, &now) != 0)
        return -1;
    if (store_version_same(&memo.version, &now)) {
        out->shown = memo.shown;
        if (memo.shown) {
            out->headline = arena_strdup(a, memo.headline, strlen(memo.headline));
            out->detail = arena_strdup(a, memo.detail, strlen(memo.detail));
            out->url = arena_strdup(a, memo.url, strlen(memo.url));
            out->map_url = arena_strdup(a, memo.map_url, strlen(memo.map_url));
        }
        return 0;
    }
    memo.version.conn = 0;
    int rc = block_read(db, a, out);
    if (rc < 0)
        return rc;
    if (!out->shown || (keep(memo.headline, sizeof memo.headline, out->headline) &&
                        keep(memo.detail, sizeof memo.detail, out->detail) &&
                        keep(memo.url, sizeof memo.url, out->url) &&
                        keep(memo.map_url, sizeof memo.map_url, out->map_url))) {
        memo.shown = out->shown;
        memo.version = now;
    }
    return 0;
}
