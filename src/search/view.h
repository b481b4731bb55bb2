/*
 * view.h - what the search page shows (templates/search/results.html).
 */
#ifndef DINH_SEARCH_VIEW_H
#define DINH_SEARCH_VIEW_H

#include <stdbool.h>

#include "core/str.h"
#include "view/layout.h"
#include "view/pager.h"

/* A piece of highlighted text: marked pieces are the reader's words. */
struct search_piece {
    struct str text;
    bool mark;
};

struct search_hit {
    struct str kind;  /* "Tin bài" or "Văn bản" */
    struct str url, date, iso, where;
    struct search_piece *title, *snippet;
    size_t n_title, n_snippet;
};

struct search_option {
    struct str value, label;
    bool selected;
};

struct search_page {
    struct layout_view layout;
    struct str q;
    struct str message;       /* help for an empty, too long or wordless query */
    bool searched;            /* a query was run */
    long long total;          /* results found (bounded, see `more`) */
    bool more;                /* the candidate set was full: there may be more */
    bool cut;                 /* only the newest articles were read (search.h) */
    int page, pages;
    struct search_hit *hits;
    size_t n_hits;
    struct search_option *kinds, *years;
    size_t n_kinds, n_years;
    struct view_pager pager;
    int status;               /* not shown: the error the query ends in, or 0 */
    /* A query typed with marks shows the results spelled so alone, with a
     * link to every spelling (loose_url); with nothing spelled so it says
     * it shows every spelling (no_exact); asked for every spelling
     * (?dau=bo), it links back (exact_url). */
    struct str loose_url, exact_url;
    bool no_exact;
    struct str loose_kind; /* "bài viết": the kind shown in other spellings beside another spelled as typed */
};

#endif
