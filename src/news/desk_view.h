/*
 * desk_view.h - what the news desk's templates (templates/news/desk_*.html)
 * show.
 */
#ifndef DINH_NEWS_DESK_VIEW_H
#define DINH_NEWS_DESK_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/str.h"
#include "people/view.h"

struct desk_choice {
    struct str value, label;
    bool selected;
};

struct desk_list_row {
    long long id;
    struct str title, edit_url, public_url, category, status, owner;
    struct str published; /* on the site since (or "hẹn giờ …"); empty for one never published */
    struct str updated;   /* the last save */
    bool scheduled;
};

struct desk_list_view {
    struct admin_frame f;
    struct desk_choice statuses[8], categories[64], owners[64], sorts[3];
    size_t n_statuses, n_categories, n_owners, n_sorts;
    struct str q, from, to;
    struct desk_list_row *rows;
    size_t n_rows;
    long long total;
    bool more;              /* more than `total` match: the count stopped there */
    struct str total_text;  /* "10.000" */
    struct str prev_url, next_url;
    int page, pages;
    bool may_write;
    struct desk_choice bulk[5]; /* what may be done to the ticked articles */
    size_t n_bulk;
    bool purge_confirm; /* "Xóa vĩnh viễn" is offered: the box that confirms it */
    struct str back;            /* this list's address, to come back to after */
};

struct desk_action {
    struct str value, label;
    bool primary;
};

struct desk_edit_view {
    struct admin_frame f;
    long long id;              /* 0: a new article */
    struct str action_url;
    struct str form_key; /* a new article's form: its one-time key */
    struct str title, slug, summary, body, author, source, published, expires, note;
    struct str status_title, public_url, review_note;
    bool featured, legacy_body, show_note;
    bool may_feature; /* the person may publish, and so choose the featured news */
    struct desk_choice categories[64];
    size_t n_categories;
    struct desk_choice extra_categories[64]; /* the other categories: checkboxes */
    size_t n_extra_categories;
    /* the cover: the field's value (a media id, or ""), its preview when it
     * is a picture, its caption */
    struct str image_id, image_url, image_srcset, image_alt, image_caption;
    struct str tags;      /* "a, b, c" */
    struct str documents; /* the numbers of the related documents, one a line */
    /* a refusal, beside its field */
    struct str image_error, tags_error, categories_error, documents_error, published_error, expires_error;
    struct desk_action actions[8];
    size_t n_actions;
    bool read_only;
    struct str read_only_why; /* what to do about it */
    bool no_autosave; /* published: the page's timer does not save it */
    long long version;  /* the stored article's updated_at: a save from an older form is refused */
    int seen_status;    /* the article's state as the form shows it ("trang-thai"): a move refused
                           because the state changed since is told as such, with the text kept */
    long long revisions;
    bool may_purge; /* in the bin, and the person may delete it for good */
};

#endif
