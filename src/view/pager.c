/* pager.c - building page links; see pager.h. */
#include "view/pager.h"

#include <string.h>

#define LINKS_MAX 11 /* 1 … p-2 p-1 p p+1 p+2 … last */

void view_pager_build(struct view_pager *p, struct arena *a, int page, int pages, struct str label,
                      struct str (*url)(void *ctx, int page), void *ctx)
{
    memset(p, 0, sizeof *p);
    p->page = page;
    p->pages = pages;
    p->label = label;
    p->links = ARENA_ARRAY(a, struct view_page_link, LINKS_MAX);
    int last_shown = 0;
    for (int i = 1; i <= pages && p->n_links < LINKS_MAX; i++) {
        if (i != 1 && i != pages && (i < page - 2 || i > page + 2))
            continue;
        if (last_shown && i > last_shown + 1)
            p->links[p->n_links++] = (struct view_page_link){STR("…"), STR_NULL, false, true};
        p->links[p->n_links++] = (struct view_page_link){arena_printf(a, "%d", i), url(ctx, i), i == page, false};
        last_shown = i;
    }
    p->prev_url = page > 1 ? url(ctx, page - 1) : STR_NULL;
    p->next_url = page < pages ? url(ctx, page + 1) : STR_NULL;
}
