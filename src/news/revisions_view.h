/*
 * revisions_view.h - what the pages of an article's saved versions
 * (templates/news/revisions.html, revision_diff.html) show.
 */
#ifndef DINH_NEWS_REVISIONS_VIEW_H
#define DINH_NEWS_REVISIONS_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct revision_row {
    long long id;
    struct str when, who, title, size;
    bool pick_from; /* chosen at first for the comparison, with the current article */
};

struct revisions_view {
    struct admin_frame f;
    long long article_id;
    struct str article_title, edit_url, compare_url, restore_url;
    struct str current_when, current_who; /* the article as it is now */
    struct revision_row *rows;
    size_t n_rows;
    bool may_restore;
    struct str restore_confirm; /* what the browser asks before a restore */
    struct str older_url; /* the next page of older versions, or empty */
};

/* A run of words: kept, taken out or put in; `breaks` paragraph breaks
 * come before it. */
struct diff_piece {
    struct str text;
    int kind; /* enum diff_kind */
    bool paragraph; /* a paragraph starts here */
};

struct diff_part {
    struct str label;
    struct diff_piece *pieces;
    size_t n_pieces;
    bool changed;
};

struct revision_diff_view {
    struct admin_frame f;
    struct str article_title, list_url, from_label, to_label;
    struct diff_part parts[3]; /* title, summary, body */
    size_t n_parts;
    long long inserted, deleted; /* words */
    bool shortened;              /* the texts differ too much: shown as replaced */
};

#endif
