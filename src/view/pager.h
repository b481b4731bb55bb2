/*
 * pager.h - the page links under a long list (news, documents, search):
 * first, last, and two on each side of the current page, with gaps
 * between, and the previous and next pages. templates/layout/pager.html
 * draws it; each list gives its own way to write a page's URL.
 */
#ifndef DINH_VIEW_PAGER_H
#define DINH_VIEW_PAGER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/str.h"

struct view_page_link {
    struct str label, url;
    bool current, gap;
};

struct view_pager {
    int page, pages;
    struct view_page_link *links;
    size_t n_links;
    struct str prev_url, next_url; /* empty on the first / last page */
    struct str label;              /* the nav's accessible name */
};

/* Fills `p` for page `page` of `pages`; url(ctx, n) writes page n's
 * address into the arena. */
void view_pager_build(struct view_pager *p, struct arena *a, int page, int pages, struct str label,
                      struct str (*url)(void *ctx, int page), void *ctx);

#endif
