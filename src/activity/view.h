/*
 * view.h - what the activity pages show (templates/activity/): the
 * office's list and form inside the newsroom's frame, and the public
 * lists and pages of training courses and delegation visits.
 */
#ifndef DINH_ACTIVITY_VIEW_H
#define DINH_ACTIVITY_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "activity/activity.h"
#include "core/str.h"
#include "people/view.h"
#include "view/layout.h"
#include "view/pager.h"

struct activity_option {
    struct str value, label;
    bool selected;
};

/* --- the office's pages --------------------------------------------------------------- */

struct activity_admin_row {
    long long id;
    struct str kind, title, dates, state, edit_url, public_url; /* public_url: empty for a draft */
};

struct activity_admin_list_view {
    struct admin_frame f;
    struct activity_option kinds[3], *years;
    size_t n_years;
    struct activity_admin_row *rows;
    size_t n_rows;
    long long total;
    struct str year; /* the year filtered, or empty */
    struct str prev, next; /* neighbouring pages; empty when none */
};

/* One stop of the itinerary in the form: what was typed, and the units to
 * choose from (the one typed selected). */
struct activity_stop_row {
    int number; /* 1, 2, ...: the field names' suffix */
    struct str day, time_from, time_to, error;
    struct activity_option *units;
    size_t n_units;
    bool first, last;
};

struct activity_form_view {
    struct admin_frame f;
    bool visit;
    long long id; /* 0: a new one */
    struct str heading, action, public_url;
    struct str title, date_from, date_to, place, organiser, audience, trained, summary, materials, leader, members,
        purpose, conclusions;
    bool published;
    struct str error[ACTIVITY_N_FIELDS];
    struct activity_stop_row *stops;
    size_t n_stops;
    int next_number; /* for a stop added by script; the server adds its own */
};

/* --- the public pages ---------------------------------------------------------------- */

struct activity_card {
    struct str title, url, dates, iso, detail;
};

struct activity_list_page {
    struct layout_view layout;
    struct str heading, intro, other_url, other_name;
    struct activity_card *items;
    size_t n_items;
    long long total;
    int page, pages;
    struct view_pager pager;
};

struct activity_itinerary_stop {
    struct str name, url, day, iso, times; /* url empty when the unit is no longer current */
};

struct activity_material_link {
    struct str name, url, caption;
};

struct activity_page {
    struct layout_view layout;
    bool visit;
    struct str title, dates, iso, list_url, list_name;
    struct str place, organiser, audience, trained; /* training */
    struct str *summary;
    size_t n_summary;
    struct activity_material_link *materials;
    size_t n_materials;
    struct str leader; /* visit */
    struct str *members;
    size_t n_members;
    struct str *purpose, *conclusions;
    size_t n_purpose, n_conclusions;
    struct activity_itinerary_stop *stops;
    size_t n_stops;
    struct str updated;
};

#endif
