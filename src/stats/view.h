/*
 * view.h - what the statistics page shows (templates/stats/page.html).
 */
#ifndef DINH_STATS_VIEW_H
#define DINH_STATS_VIEW_H

#include "core/str.h"
#include "view/layout.h"

struct stats_bar {
    int x, y, width, height; /* in the chart's own units */
    struct str label, value; /* "21/11/2026", "1.234" */
    struct str tick;         /* the day under the bar, or empty */
};

struct stats_row {
    struct str label, visitors, bots, pageviews;
};

struct stats_page {
    struct layout_view layout;
    struct counter_view counter;
    int chart_width, chart_height, axis_y;
    struct str chart_max;
    struct stats_bar *bars;
    size_t n_bars;
    struct stats_row *days, *months;
    size_t n_days, n_months;
    struct str bot_share, days_visitors, days_bots;
};

#endif
