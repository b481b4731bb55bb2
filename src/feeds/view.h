/*
 * view.h - what the HTML site map shows (templates/feeds/map.html).
 */
#ifndef DINH_FEEDS_VIEW_H
#define DINH_FEEDS_VIEW_H

#include "core/str.h"
#include "view/layout.h"

struct feeds_map_entry {
    struct str name, url, rss, count;
};

struct feeds_map_page {
    struct layout_view layout;
    struct feeds_map_entry *categories;
    size_t n_categories;
};

#endif
