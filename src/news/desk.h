/*
 * desk.h - the news desk: the newsroom's pages for articles, under
 * /quan-tri/bai-viet/. A list with filters and search, and one form per
 * article through which it moves: draft -> waiting for approval ->
 * published (at once, or at a set minute), or returned to its writer with
 * a note; unpublished; trash and restore. Every move is checked against
 * the role (people_role_may) and the categories the user may work in, on
 * the server, for every request.
 */
#ifndef DINH_NEWS_DESK_H
#define DINH_NEWS_DESK_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

/* Adds the routes. */
void news_desk_register(void);

/* --- the desk's reads (the news module's SQL) ----------------------------------- */

enum news_desk_sort { DESK_UPDATED = 0, DESK_PUBLISHED = 1, DESK_TITLE = 2 };

struct news_desk_filter {
    int status;                 /* an enum news_status, -1 every one but the trash, -2 scheduled */
    int64_t category_id;        /* 0 every one */
    int64_t owner_id;           /* 0 every one */
    const int64_t *categories;  /* the user's categories, or NULL for every one */
    size_t n_categories;
    int64_t from, to;           /* updated within [from, to) when not 0 */
    struct str q;               /* words of the title */
    enum news_desk_sort sort;
    int64_t now;
    int limit, offset;
};

struct news_desk_row {
    int64_t id, category_id, owner_id, published_at, updated_at, expires_at;
    struct str title, slug, author;
    int status;
};

/* A page of the list, and how many match in all (counted up to
 * NEWS_DESK_COUNT_MAX + 1: more means "more than"). */
#define NEWS_DESK_COUNT_MAX 2000
int news_desk_list(struct store_conn *db, struct arena *a, const struct news_desk_filter *f,
                   struct news_desk_row **rows, size_t *n, long long *total);

struct news_desk_article {
    int64_t id, category_id, owner_id, image_id, published_at, updated_at, expires_at, created_at;
    int64_t updated_by; /* who saved it last */
    struct str title, slug, summary, body, author, source, image_caption, review_note;
    int status, body_format;
    bool time_chosen; /* a time of publication typed in a form refused (shown again) */
    bool featured;
    long long revisions;
};

/* Any article, whatever its state: 1, 0 if none, -1. */
int news_desk_get(struct store_conn *db, struct arena *a, int64_t id, struct news_desk_article *out);

/* For the desk's other pages (the versions of an article): the article of
 * the URL's first capture if the user may see it (1), or the request was
 * answered with 404/403 (0), or -1 when a read failed. */
struct web_req;
struct people_session;
int news_desk_load_for(struct web_req *r, const struct people_session *s, struct news_desk_article *a);
/* Whether the user may change the article's content. */
bool news_desk_may_edit(const struct people_session *s, const struct news_desk_article *a);

#endif
