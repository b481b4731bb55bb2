/*
 * layout.h - the data every page's frame needs: head, header, menu,
 * sidebar and footer (the templates in templates/layout/).
 *
 * A module fills a `struct layout_view` (most of it through web_layout())
 * and its page template calls the layout partials around its content:
 *   {{> layout_head(&page->layout)}} ...extra head tags...
 *   {{> layout_body(&page->layout)}} ...content...
 *   {{> layout_foot(&page->layout)}}
 */
#ifndef DINH_VIEW_LAYOUT_H
#define DINH_VIEW_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "site/site.h"
#include "view/tpl.h"

/* The reader's display choices, kept in a cookie. */
struct view_prefs {
    int text_size; /* -1 smaller, 0 normal, 1 larger, 2 largest */
    bool contrast; /* high contrast */
};

struct layout_view {
    const struct site *site;
    struct view_prefs prefs;
    struct str title;       /* the whole <title> */
    struct str description; /* meta description */
    struct str canonical;   /* absolute URL, or empty */
    struct str path;        /* this page's path (and query), for the display-choice links */
    struct str active;      /* slug of the menu entry to mark as current ("" = home) */
    bool noindex;           /* error pages */
    bool own_dublin_core;   /* the page writes its own DC.title and DC.publisher (documents) */
    bool own_open_graph;    /* the page writes its own og: tags (articles) */
    struct str feed_url, feed_title; /* this page's own RSS feed besides the site's, or empty */
    bool english;           /* the page's content is English (its metadata says so; the frame stays Vietnamese) */
    /* derived by layout_finish() */
    struct str html_class;
    struct str pref_smaller, pref_normal, pref_larger, pref_contrast;
    struct str mailto;
    bool is_home;
    bool agency_in_name;    /* the portal's name holds the agency's: on a phone the agency's line goes */
    bool counter_in_page;   /* the page is the visitor counter (/thong-ke/): no second one beside it,
                               drawn a few seconds apart with other numbers */
    struct str section;     /* "van-ban", "nong-thon-moi": a fixed menu entry the page is under */
    /* The sidebar's links and the footer (layout_foot_rest) as drawn once
     * for this site snapshot (they show nothing else), or empty: the
     * footer is then drawn for this page. */
    struct tpl_html chrome_foot;
};

/* The visitor counter block, rendered on its own so that cached pages can
 * show fresh figures (see {{#live counter}} in the layout). */
struct counter_view {
    struct str online, bots, guests, today, yesterday, week, month, total;
};

/* An error page (404, 400, 500...). */
struct error_view {
    struct layout_view layout;
    int status;
    struct str title, message;
};

/* Computes the derived fields (classes, display-choice links...). */
void layout_finish(struct layout_view *l, struct arena *a);

/* "05/12/2026 08:51" (Vietnam time): the short form of lists and logs;
 * "" for 0. */
struct str view_datetime(struct arena *a, int64_t t);

/* Formats n with dots between thousands, the Vietnamese way: 9.933.941. */
struct str view_number(struct arena *a, long long n);

#endif
