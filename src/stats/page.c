/*
 * page.c - /thong-ke/: the visitor statistics page.
 *
 * The last 30 days as a bar chart drawn on the server (SVG, readable
 * without JavaScript, with the same numbers in a table), the months of
 * the last two years, and the share of crawlers.
 */
#include "stats/page.h"

#include "http/router.h"
#include "http/web.h"
#include "portal/app.h"
#include "stats/counter.h"
#include "stats/view.h"
#include "templates.h"
#include "text/vitime.h"

#define CHART_DAYS 30
#define MONTHS 24

static const char SQL_MONTHS[] =
    "SELECT CAST(strftime('%Y', day * 86400, 'unixepoch') AS INTEGER), "
    "CAST(strftime('%m', day * 86400, 'unixepoch') AS INTEGER), sum(visitors), sum(bots), sum(pageviews) "
    "FROM visit_day WHERE day >= ?1 AND day < ?2 GROUP BY 1, 2";

/* The calendar date of a Vietnam day number. */
static void date_of_day(int64_t day, struct vi_time *t) { vi_time_from_unix(day * 86400 - 7 * 3600, t); }

struct month_sum {
    int year, month;
    long long visitors, bots, pageviews;
};

static int fill_months(struct web_req *r, struct stats_page *p, const struct stats_day *days, size_t n_days)
{
    struct vi_time now;
    vi_time_from_unix(r->now, &now);
    struct month_sum m[MONTHS];
    for (int i = 0; i < MONTHS; i++) {
        int k = now.year * 12 + (now.month - 1) - i;
        m[i] = (struct month_sum){k / 12, k % 12 + 1, 0, 0, 0};
    }
    int64_t window_start = days[0].day; /* memory holds these days; older ones come from the database */
    int64_t first = vi_day_number(vi_unix_from_local(m[MONTHS - 1].year, m[MONTHS - 1].month, 1, 12, 0, 0));
    sqlite3_stmt *st = store_stmt(r->db, SQL_MONTHS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, first);
    sqlite3_bind_int64(st, 2, window_start);
    int rc;
    while ((rc = store_step(r->db, st)) > 0)
        for (int i = 0; i < MONTHS; i++)
            if (m[i].year == sqlite3_column_int(st, 0) && m[i].month == sqlite3_column_int(st, 1)) {
                m[i].visitors += sqlite3_column_int64(st, 2);
                m[i].bots += sqlite3_column_int64(st, 3);
                m[i].pageviews += sqlite3_column_int64(st, 4);
            }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    for (size_t d = 0; d < n_days; d++) {
        struct vi_time t;
        date_of_day(days[d].day, &t);
        for (int i = 0; i < MONTHS; i++)
            if (m[i].year == t.year && m[i].month == t.month) {
                m[i].visitors += days[d].visitors;
                m[i].bots += days[d].bots;
                m[i].pageviews += days[d].pageviews;
            }
    }
    p->months = ARENA_ARRAY(r->arena, struct stats_row, MONTHS);
    for (int i = 0; i < MONTHS; i++)
        p->months[p->n_months++] = (struct stats_row){
            arena_printf(r->arena, "Tháng %02d/%d", m[i].month, m[i].year), view_number(r->arena, m[i].visitors),
            view_number(r->arena, m[i].bots), view_number(r->arena, m[i].pageviews)};
    return 0;
}

static int stats_page(struct web_req *r)
{
    struct stats_page p;
    memset(&p, 0, sizeof p);
    struct stats_snapshot s;
    stats_get(&s);
    p.counter = (struct counter_view){view_number(r->arena, s.online), view_number(r->arena, s.online_bots),
                                      view_number(r->arena, s.online_guests), view_number(r->arena, s.today),
                                      view_number(r->arena, s.yesterday), view_number(r->arena, s.week),
                                      view_number(r->arena, s.month), view_number(r->arena, s.total)};
    struct stats_day days[STATS_DAYS];
    size_t n = stats_recent_days(days, STATS_DAYS);
    const struct stats_day *last = days + n - CHART_DAYS;

    long long max = 1, sum_v = 0, sum_b = 0;
    for (size_t i = 0; i < CHART_DAYS; i++) {
        if (last[i].visitors > max)
            max = last[i].visitors;
        sum_v += last[i].visitors;
        sum_b += last[i].bots;
    }
    /* Room for the last day's label and for the ticks under the axis,
     * which a phone draws up to 25 units high (site.css). */
    p.chart_width = CHART_DAYS * 24 + 24;
    p.chart_height = 232;
    p.axis_y = 200;
    p.chart_max = view_number(r->arena, max);
    p.bars = ARENA_ARRAY(r->arena, struct stats_bar, CHART_DAYS);
    p.days = ARENA_ARRAY(r->arena, struct stats_row, CHART_DAYS);
    for (size_t i = 0; i < CHART_DAYS; i++) {
        struct vi_time t;
        date_of_day(last[i].day, &t);
        int h = (int)(last[i].visitors * 180 / max);
        struct stats_bar *b = &p.bars[p.n_bars++];
        b->x = (int)i * 24 + 3;
        b->width = 18;
        b->height = h > 0 ? h : 1;
        b->y = p.axis_y - b->height;
        b->label = arena_printf(r->arena, "%02d/%02d/%d", t.day, t.month, t.year);
        b->value = view_number(r->arena, last[i].visitors);
        b->tick = (i % 5 == 4 || i == CHART_DAYS - 1) ? arena_printf(r->arena, "%02d/%02d", t.day, t.month) : STR("");
        /* the table lists the newest day first */
        p.days[CHART_DAYS - 1 - i] = (struct stats_row){b->label, b->value, view_number(r->arena, last[i].bots),
                                                        view_number(r->arena, last[i].pageviews)};
    }
    p.n_days = CHART_DAYS;
    if (fill_months(r, &p, days, n) != 0)
        return -1;
    p.days_visitors = view_number(r->arena, sum_v);
    p.days_bots = view_number(r->arena, sum_b);
    long long share10 = sum_v + sum_b ? (sum_b * 1000 + (sum_v + sum_b) / 2) / (sum_v + sum_b) : 0;
    p.bot_share = arena_printf(r->arena, "%lld,%lld%%", share10 / 10, share10 % 10);

    portal_layout(r, &p.layout, STR("Thống kê truy cập"));
    p.layout.counter_in_page = true;
    p.layout.description = STR("Số lượt truy cập trang theo ngày và theo tháng.");
    layout_finish(&p.layout, r->arena);
    r->cacheable = false; /* the figures move with every visit */
    tpl_stats_page(portal_out(r), &p);
    return 0;
}

void stats_register(void) { router_add((struct route){.pattern = "/thong-ke/", .get = stats_page, .flags = ROUTE_PAGE}); }
