/*
 * view.h - what the monitor's public pages show (templates/ntm/).
 */
#ifndef DINH_NTM_VIEW_H
#define DINH_NTM_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "view/layout.h"

struct ntm_bar {
    int x, y, width, height;       /* in the chart's own units */
    int text_x, text_y;            /* where the value is written */
    struct str label, value, tick; /* tick: under the bar, or beside it */
    const char *cls;               /* the bar's class: "bar", or a series' ("bar bar-nc") */
};

struct ntm_row {
    struct str label, value, share, note, url;
};

struct ntm_year_link {
    struct str label, url;
    bool current;
};

/* A line of a list of units: the dashboard's communes, a commune's years. */
struct ntm_unit_line {
    struct str name, url, met, result;
};

struct ntm_trend_line {
    struct str year, set, met, result;
};

struct ntm_indicator_line {
    struct str code, name, value, target, state;
    bool met, not_met;
};

struct ntm_criterion_block {
    struct str title, state, note;
    bool met, not_met;
    struct ntm_indicator_line *indicators;
    size_t n_indicators;
};

struct ntm_recognition_line {
    struct str status, decision, date, issuer;
    struct str url; /* the decision in /van-ban/, when it is there */
};

/* A former unit merged into the commune, with its results (unitmore.c). */
struct ntm_former_block {
    struct str name, caption, note;
    struct ntm_trend_line *years;
    size_t n_years;
};
/* An article or a document that names the commune. */
struct ntm_mention {
    struct str title, url, date, detail;
};

/* A commune's plan, sponsors, models and funds (page.c, from ntm_unit_extras). */
struct ntm_plan_line {
    struct str target, year, state; /* state: against the plan, or "" */
    bool behind, at_risk;
};
struct ntm_task_line {
    struct str title, amount, due, state;
};
struct ntm_sponsor_block {
    struct str name, detail;
    struct ntm_task_line *tasks;
    size_t n_tasks;
};
struct ntm_model_line {
    struct str kind, name, state, year;
};
struct ntm_fund_line {
    struct str year, total;
    struct str *cells; /* one per source column */
    size_t n_cells;
};

struct ntm_unit_page {
    struct layout_view layout;
    struct str name, province, province_url, former_district, year, set_name, set_decision, classification;
    struct str summary;
    struct str period;      /* "năm 2025", or "quý 3 năm 2026" when the year has no result yet */
    struct str period_note; /* why a quarter is shown; empty for a year's result */
    bool has_data;
    struct ntm_year_link *years;
    size_t n_years;
    struct ntm_trend_line *trend;
    size_t n_trend;
    struct ntm_recognition_line *recognitions;
    size_t n_recognitions;
    struct ntm_criterion_block *criteria;
    size_t n_criteria;
    struct str plan_year; /* the year the plan's states are seen at */
    struct ntm_plan_line *plans, *plan_criteria;
    size_t n_plans, n_plan_criteria;
    struct ntm_sponsor_block *sponsors;
    size_t n_sponsors;
    struct str models_summary;
    struct ntm_model_line *models;
    size_t n_models;
    struct str *fund_sources; /* the funds table's column heads */
    size_t n_fund_sources;
    struct ntm_fund_line *funds;
    size_t n_funds;
    /* unitmore.c: the year's progress reports by quarter, the former
     * units merged into it, and what names it elsewhere on the portal */
    struct str quarter_year;
    struct ntm_trend_line *quarters;
    size_t n_quarters;
    struct str merger_note;
    struct ntm_former_block *formers;
    size_t n_formers;
    struct ntm_mention *articles, *documents;
    size_t n_articles, n_documents;
};
struct ntm_report;
struct web_req;
/* Fills the parts of a commune's page above from its report d (and tags
 * the page with what they show). 0, or -1 when the database failed. */
int ntm_unit_page_more(struct web_req *r, struct ntm_unit_page *p, const struct ntm_report *d);

struct ntm_criterion_page {
    struct layout_view layout;
    struct str title, set_name, set_decision, year, province, province_url, note;
    bool has_data;
    struct ntm_year_link *years;
    size_t n_years;
    struct str *responsible;
    size_t n_responsible;
    struct ntm_unit_line *met, *not_met, *undetermined; /* name, url, met: "" or a note */
    size_t n_met, n_not_met, n_undetermined;
    struct str met_title, not_met_title, undetermined_title;
};

/* The map (map.c). Classes 0..4: 0 no data (or no approved plan), 1..4 from
 * least to most advanced; each has its colour and its pattern (the
 * patterns of templates/ntm/map_svg.html), so that grey-scale print and
 * readers who do not see colours tell them apart. */
enum ntm_map_mode { NTM_MAP_COUNT, NTM_MAP_PLAN, NTM_MAP_CRITERION };

struct ntm_map_shape {
    struct str d, url, label; /* the SVG path, the unit's page, its accessible name */
    int cls;
};
struct ntm_map_class {
    int cls;
    struct str name;
    int count;
};
struct ntm_map_line {
    struct str name, url, met, class_name;
    int cls;
};
struct ntm_map_view {
    int width, height; /* 0 when no unit has a boundary */
    struct str title;
    bool linked; /* each unit a link (the big map); else the whole map links to it */
    struct str link;
    struct ntm_map_shape *shapes;
    size_t n_shapes;
    struct ntm_map_class *classes; /* most advanced first */
    size_t n_classes;
    struct ntm_map_line *lines; /* every unit, in Vietnamese order */
    size_t n_lines;
};

struct ntm_option {
    struct str value, label;
    bool selected;
};

struct ntm_map_page {
    struct layout_view layout;
    struct str province, year, set_name, set_decision, showing, dashboard_url;
    struct str units_note; /* a year before a merger: the units the map cannot show */
    bool plan_mode;
    struct ntm_year_link *years;
    size_t n_years;
    struct ntm_option *options;
    size_t n_options;
    struct ntm_map_view map;
};

/* The home page's block leading to the monitor (templates/ntm/home_block.html). */
struct ntm_home_block {
    bool shown; /* false when no province has accepted assessments */
    struct str headline, detail, url, map_url;
};
struct store_conn;
/* Fills the block from the home province's latest year. 0, or -1 when the
 * database failed. The page showing it carries the tag "ntm". */
int ntm_home_block_read(struct store_conn *db, struct arena *a, struct ntm_home_block *out);

struct ntm_map_unit;
struct ntm_dashboard;
struct web_req;
/* Builds the map of units[0..n) for `year` in arena a. 0. */
int ntm_map_build(struct arena *a, const struct ntm_map_unit *units, size_t n, enum ntm_map_mode mode, int year,
                  struct ntm_map_view *out);
/* Reads the province's dashboard for the request's ?nam=: 1 with d filled,
 * 0 when the answer (400, 404) is given, -1 on a failure. */
int ntm_read_dashboard(struct web_req *r, struct ntm_dashboard *d);
/* The same, or for ?ky=YYYY-Qn a quarter: only for a route that knows
 * "ky" (its own cache entry), the dashboard. */
int ntm_read_dashboard_period(struct web_req *r, struct ntm_dashboard *d);
/* ?ky=YYYY-Qn (a quarter; else ?nam=, quarter 0): 0, or -1 when malformed. */
int ntm_period_param(struct web_req *r, int *year, int *quarter);
/* ?nam=YYYY of the request: 0 when absent, -1 when it is not a year
 * (2000 to 2100). */
int ntm_year_param(struct web_req *r);
/* The same for the parameter `name` (?tu=, ?den=). */
int ntm_year_named(struct web_req *r, const char *name);
/* Answers 400 saying what a year parameter must be; returns 0. */
int ntm_bad_year(struct web_req *r);
/* CSV answers (UTF-8 with a BOM, so that Excel reads it): begin, the
 * fields (quoted when they must be; `last` ends the row), then finish
 * with the file name to save as; the answer is tagged "ntm". */
void ntm_csv_begin(struct web_req *r);
void ntm_csv_field(struct buf *b, struct str s, bool last);
void ntm_csv_finish(struct web_req *r, struct str filename);
/* Registers /nong-thon-moi/ban-do. */
void ntm_map_register(void);
/* Registers /nong-thon-moi/so-sanh (compare.c). */
void ntm_compare_register(void);

struct ntm_compare_row {
    struct str label, url, from, to, change;
};
struct ntm_compare_page {
    struct layout_view layout;
    struct str province, from, to, from_set, to_set, dashboard_url;
    struct str units_changed; /* when the two years have different numbers of units: why the counts differ */
    struct str unassessed;    /* when some units have no accepted result in a year: how many */
    bool same_set;
    struct ntm_option *from_options, *to_options;
    size_t n_from_options, n_to_options;
    struct ntm_compare_row *rows; /* the standard first, then each criterion */
    size_t n_rows;
    struct ntm_unit_line *gained, *lost;
    size_t n_gained, n_lost;
    /* across a merger: units of the later year formed since that meet the
     * set, and units of the earlier year merged away that met it */
    struct ntm_unit_line *formed, *merged;
    size_t n_formed, n_merged;
};

/* Registers the open data: /nong-thon-moi/ma-tran.xlsx and .csv (open.c). */
void ntm_open_register(void);
/* Registers the JSON answers under /api/v1/ntm/ (api.c). */
void ntm_api_register(void);
/* A time as the date of the data, in Vietnam: "2025-12-20" (iso) or
 * "20/12/2025"; "" for 0. */
struct str ntm_data_date(struct arena *a, int64_t t, bool iso);
/* "Đạt", "Không đạt", "Chưa xác định"; "" for a state not assessed (-2). */
const char *ntm_state_cell(int state);
/* A commune's result as the public pages say it: "Đạt đủ các tiêu chí",
 * "Chưa đạt đủ các tiêu chí", "Chưa xác định". Meeting every criterion is
 * not recognition, which only a decision gives. */
const char *ntm_result_cell(int unit_state);

struct ntm_rec_line {
    struct str year, ntm, nang_cao, kieu_mau;
};

struct ntm_dashboard_page {
    struct layout_view layout;
    struct str province, set_name, set_decision, year, summary, csv_url;
    bool has_data, recorded_note;
    struct ntm_year_link *years;
    size_t n_years;
    /* quarters: ?ky=YYYY-Qn shows the data at the end of a quarter (the
     * progress reports); then `period` names it and only the counts show */
    bool period_view;
    struct str period;
    struct str matrix_xlsx_url, matrix_csv_url; /* the quarter's open data (the year's are written out) */
    struct ntm_year_link *quarters; /* the year's quarters with reports, and the year */
    size_t n_quarters;
    /* communes by number of criteria met: a column chart */
    int count_width, count_height, count_axis;
    struct ntm_bar *count_bars;
    size_t n_count_bars;
    struct ntm_row *count_rows;
    size_t n_count_rows;
    bool count_rounded; /* the rows' shares, each rounded, do not add up to 100,0% */
    /* communes meeting each criterion: a bar chart */
    int crit_width, crit_height;
    struct ntm_bar *crit_bars;
    size_t n_crit_bars;
    struct ntm_row *crit_rows;
    size_t n_crit_rows;
    struct ntm_unit_line *units;
    size_t n_units;
    struct ntm_map_view map; /* the small map */
    struct str map_note;     /* a year before a merger: the units the map cannot show */
    /* communes recognised by year and status: grouped columns, a table */
    int rec_width, rec_height, rec_axis;
    struct ntm_bar *rec_bars;
    size_t n_rec_bars;
    struct ntm_bar *rec_ticks; /* one per year: tick and text_x */
    size_t n_rec_ticks;
    struct ntm_rec_line *rec_rows;
    size_t n_rec_rows;
    struct str rec_csv_url;
    /* communes behind their plan to reach NTM status */
    struct ntm_unit_line *behind;
    size_t n_behind;
    int behind_planned; /* communes with an approved plan and a result */
    /* funds by source in the year: a bar chart, a table */
    int fund_width, fund_height;
    struct ntm_bar *fund_bars;
    size_t n_fund_bars;
    struct ntm_row *fund_rows;
    size_t n_fund_rows;
    struct str fund_total, fund_csv_url;
    /* model areas and gardens */
    struct ntm_row *model_rows;
    size_t n_model_rows;
};

/* The national summary (national.c). */
struct ntm_national_line {
    struct str name, url, units, assessed, met, ntm, nang_cao, kieu_mau, average;
};
struct ntm_national_page {
    struct layout_view layout;
    struct str year, set_name, set_decision, summary, json_url;
    bool has_data;
    struct ntm_year_link *years;
    size_t n_years;
    struct ntm_national_line *lines;
    size_t n_lines;
    struct ntm_national_line total;
};
/* Registers /nong-thon-moi/ca-nuoc and /api/v1/ntm/ca-nuoc (national.c). */
void ntm_national_register(void);

#endif
