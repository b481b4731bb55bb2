/*
 * office_view.h - what the office's management pages
 * (/quan-tri/nong-thon-moi/van-phong/..., office_web.c) show: one generic
 * shape, a page of tables and forms, so that every list + form page is
 * filled by C and drawn by one template (templates/ntm/admin_office.html).
 * A form sent back with problems keeps what was typed and shows each
 * problem beside its field.
 */
#ifndef DINH_NTM_OFFICE_VIEW_H
#define DINH_NTM_OFFICE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct ntm_office_choice {
    struct str value, label;
    bool selected;
};

/* One field. kind: "text", "number", "date" (an <input type>), or
 * "select", "checks" (a group of check boxes of one name), "checkbox",
 * "textarea". */
struct ntm_office_field {
    struct str id, name, label, kind, value, hint, error;
    bool is_input, is_select, is_checks, is_checkbox, is_textarea;
    bool checked; /* a checkbox */
    struct ntm_office_choice *choices;
    size_t n_choices;
};

struct ntm_office_form {
    struct str id, heading, action, submit, intro, error;
    struct ntm_office_field *fields;
    size_t n_fields;
    size_t cap_fields;
};

struct ntm_office_cell {
    struct str text, url;
};

/* A button in a row: a small POST form with one hidden value. */
struct ntm_office_button {
    struct str action, name, value, label;
};

struct ntm_office_row {
    struct str id;
    struct ntm_office_cell *cells;
    size_t n_cells;
    struct ntm_office_button *buttons;
    size_t n_buttons;
};

struct ntm_office_table {
    struct str caption, empty;
    struct str *heads;
    size_t n_heads;
    bool has_buttons;
    struct ntm_office_row *rows;
    size_t n_rows, cap_rows;
    struct str page_label, prev_url, next_url; /* a list longer than a page */
};

struct ntm_office_link {
    struct str url, label;
    bool current;
};

#define NTM_OFFICE_TABLES 4
#define NTM_OFFICE_FORMS 4

struct ntm_office_view {
    struct admin_frame f;
    struct str heading, intro;
    struct ntm_office_link *nav;
    size_t n_nav;
    struct str back_url, back_label;
    struct ntm_office_form filter; /* a GET form above the tables, when has_filter */
    bool has_filter;
    struct ntm_office_table tables[NTM_OFFICE_TABLES];
    size_t n_tables;
    struct ntm_office_form forms[NTM_OFFICE_FORMS];
    size_t n_forms;
};

#endif
