/*
 * view.h - what the pages about the agency show (templates/about/page.html).
 */
#ifndef DINH_ABOUT_VIEW_H
#define DINH_ABOUT_VIEW_H

#include <stdbool.h>

#include "core/str.h"
#include "view/layout.h"

/* A paragraph, or a list when it has items. */
struct about_block {
    struct str text;
    struct str *items;
    size_t n_items;
};

struct about_contact {
    struct str name, position, unit, phone, email, mailto;
};

struct about_page {
    struct layout_view layout;
    bool english;
    struct str heading, agency, responsible, address, phone, fax, email, mailto;
    struct str vi_url, en_url; /* the two versions of the page, each naming the other (hreflang) */
    struct about_block *blocks;
    size_t n_blocks;
    struct about_contact *contacts;
    size_t n_contacts;
};

#endif
