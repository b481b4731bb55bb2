/*
 * admin_view.h - what the administrators' pages for categories and
 * website links (templates/site/) show, inside the newsroom's frame.
 */
#ifndef DINH_SITE_ADMIN_VIEW_H
#define DINH_SITE_ADMIN_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

/* The form for one category: empty for a new one, or what was sent back
 * with the problems beside their fields. */
struct site_category_form {
    long long id; /* 0: a new category */
    struct str action;
    struct str name, slug, description;
    bool in_menu;
    struct str name_error, slug_error, description_error;
};

struct site_category_row {
    long long id;
    struct str name, slug, url;
    long long articles;
    bool in_menu, first, last;
};

struct site_categories_view {
    struct admin_frame f;
    struct site_category_row *rows;
    size_t n_rows;
    struct site_category_form form; /* adding one */
};

struct site_category_view {
    struct admin_frame f;
    struct str public_url;
    struct site_category_form form;
};

struct site_link_form {
    long long id; /* 0: a new link */
    struct str action;
    struct str name, url;
    struct str name_error, url_error;
};

struct site_link_row {
    long long id;
    struct str name, url;
    bool first, last;
};

struct site_links_view {
    struct admin_frame f;
    struct site_link_row *rows;
    size_t n_rows;
    struct site_link_form form; /* adding one */
};

struct site_link_view {
    struct admin_frame f;
    struct site_link_form form;
};

/* The confirmation step before a deletion (or why it cannot be done). */
struct site_delete_view {
    struct admin_frame f;
    struct str heading, what, name, detail;
    struct str action, back;
    bool refused; /* the category still holds articles */
};

#endif
