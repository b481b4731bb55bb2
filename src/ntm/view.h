/*
 * view.h - what the monitor's public pages show (templates/ntm/).
 */
#ifndef DINH_NTM_VIEW_H
#define DINH_NTM_VIEW_H

#include <stdbool.h>

#include "core/str.h"
#include "view/layout.h"

struct ntm_bar {
    int x, y, width, height;       /* in the chart's own units */
    int text_x, text_y;            /* where the value is written */
    struct str label, value, tick; /* tick: under the bar, or beside it */
};

struct ntm_row {
    struct str label, value, share, note;
};

struct ntm_year_link {
    struct str label, url;
    bool current;
};

struct ntm_dashboard_page {
    struct layout_view layout;
    struct str province, set_name, set_decision, year, summary, csv_url;
    bool has_data, recorded_note;
    struct ntm_year_link *years;
    size_t n_years;
    /* communes by number of criteria met: a column chart */
    int count_width, count_height, count_axis;
    struct ntm_bar *count_bars;
    size_t n_count_bars;
    struct ntm_row *count_rows;
    size_t n_count_rows;
    /* communes meeting each criterion: a bar chart */
    int crit_width, crit_height;
    struct ntm_bar *crit_bars;
    size_t n_crit_bars;
    struct ntm_row *crit_rows;
    size_t n_crit_rows;
};

#endif
