/*
 * view.h - what the HTML site map (templates/feeds/map.html) and the page of
 * RSS channels (templates/feeds/channels.html) show.
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
    bool ntm_results; /* the monitor has published results: its map, comparison and national pages have data */
};

/* An RSS channel: its name, what it carries, and its address (the path
 * for the link, the whole address to copy into a reader). */
struct feeds_channel {
    struct str name, about, path, address;
};

struct feeds_channels_page {
    struct layout_view layout;
    struct feeds_channel *channels;
    size_t n_channels;
    int items; /* how many items a channel carries */
};

#endif
