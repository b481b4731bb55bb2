/*
 * query.h - the news module's reads: lists of articles, one article, its
 * neighbours, tags and their pictures (from the media library, media.h).
 *
 * The news module owns the tables article, tag, article_tag and the
 * article search indexes (article_fts, article_title_fts); other modules
 * read them through these functions (and index.h) only. All statements
 * are prepared once per connection (store_stmt) with bound parameters;
 * results are copied into the request arena as view structs.
 *
 * Every function returns -1 when a statement failed (logged by the store;
 * the request then answers 500), never "nothing found" in its place.
 * Functions that look one thing up return 1 (found), 0 (none) or -1.
 */
#ifndef DINH_NEWS_QUERY_H
#define DINH_NEWS_QUERY_H

#include "core/arena.h"
#include "news/view.h"
#include "site/site.h"
#include "store/store.h"

struct news_query {
    struct store_conn *db;
    struct arena *arena;
    const struct site *site;
    int64_t now; /* articles dated later are not yet published */
    /* news_list (but for the featured list), news_related and news_neighbours
     * give each card's id and date alone; news_cards_fill reads the others */
    bool ids_only;
};

/* The newest published articles: featured only (the first one with its
 * picture, the others as titles), of one category
 * (category_id > 0), or all; `offset` for pages. */
int news_list(const struct news_query *q, int64_t category_id, bool featured_only, int limit, int offset,
              struct news_card **out, size_t *n);
/* The tag whose address is `slug` (its id, name and slug in *out): 1, 0
 * when there is none, -1. */
int news_tag_by_slug(const struct news_query *q, struct str slug, struct news_tag *out);
/* Page `offset`/`limit` of the published articles of tag `tag_id`, newest
 * first, and how many there are in *total. 0 or -1. */
int news_tag_list(const struct news_query *q, int64_t tag_id, int limit, int offset, long long *total,
                  struct news_card **out, size_t *n);
/* How many published articles a category (or all, 0) has. */
int news_count(const struct news_query *q, int64_t category_id, long long *out);
/* How many articles category `category_id` holds in any state (drafts,
 * waiting, unpublished and trashed ones too): the site module deletes
 * only a category that holds none. 0 or -1. */
int news_category_article_count(struct store_conn *db, int64_t category_id, long long *out);

struct news_article_row {
    int64_t id, category_id, image_id, published_at, updated_at;
    struct str slug, title, summary, body, author, source, image_caption;
    struct str image_name, image_alt, image_srcset; /* the cover, from the media library */
    int image_width, image_height;
    long long rating_sum, rating_count;
    int body_format; /* 0 the demo's markup, 1 sanitised HTML */
    long long views; /* stored, and counted since the last flush (stats/views.h) */
};

/* One published article: 1, 0 if there is none, -1. */
int news_article(const struct news_query *q, int64_t id, struct news_article_row *out);
/* The same; with any_state, whatever its state (a draft, for its preview). */
int news_article_as(const struct news_query *q, int64_t id, bool any_state, struct news_article_row *out);
/* Whether article `id` is published at `now` (a reader may see it): 1, 0,
 * -1. When it is, *rating_sum and *rating_count (either may be NULL)
 * receive its rating totals. For modules that take something from readers
 * about an article (talk: comments, votes). */
int news_is_published(struct store_conn *db, int64_t id, int64_t now, long long *rating_sum,
                      long long *rating_count);
/* How many times readers opened published article `id`, those counted
 * since the last flush included: 1 (*views set), 0 if it is not
 * published, -1. */
int news_article_views(struct store_conn *db, int64_t id, int64_t now, long long *views);
/* "Tin xem nhiều": the published articles read most, as titles, most read
 * first (then newest), of those published since `since` (a time; 0: of
 * all time), at most `limit`. */
int news_most_read(const struct news_query *q, int64_t since, int limit, struct news_card **out, size_t *n);
/* The main category of article `id`, whatever its state: 1, 0 if there is
 * no such article, -1. */
int news_category_of(struct store_conn *db, int64_t id, int64_t *category);
/* Articles of the same category just newer / just older than `a`, as
 * titles: their cards carry no picture. */
int news_neighbours(const struct news_query *q, const struct news_article_row *a, bool newer, int limit,
                    struct news_card **out, size_t *n);
/* The articles of tag `tag_id` but `article_id` and the `n_except` cards of
 * `except` (the lists the page already shows), newest first, at most
 * `limit`, with their pictures. */
int news_related(const struct news_query *q, int64_t article_id, int64_t tag_id, int limit,
                 const struct news_card *except, size_t n_except, struct news_card **out,
                 size_t *n);
/* Every tag of an article, in the order typed (those from before it was
 * kept, by name). */
int news_tags(const struct news_query *q, int64_t article_id, struct news_tag **out, size_t *n);
/* A picture's file name, alt text, size and srcset (media.h): 1, 0 if
 * missing (or not a picture), -1. */
int news_media(const struct news_query *q, int64_t id, struct str *name, struct str *alt, int *w, int *h,
               struct str *srcset);
/* The published articles among `ids`, newest first, at most `limit`. */
int news_cards_by_ids(const struct news_query *q, const int64_t *ids, size_t n_ids, int limit,
                      struct news_card **out, size_t *n);

/* Reads each card that has no kept bytes (kept.n == 0) from its id, with
 * its picture, or as a title alone (`titles`: no summary, no picture);
 * returns how many cards are left (one deleted since is left out), or -1. */
int news_cards_fill(const struct news_query *q, struct news_card *cards, size_t n, bool titles);

/* The highest article id (sitemaps are cut by id ranges); 0 if none. */
int news_max_id(const struct news_query *q, int64_t *out);
/* Calls `each` with the address and last change of every published
 * article whose id lies in [first_id, last_id], in id order. Returns how
 * many, or -1. */
long news_each_in_range(const struct news_query *q, int64_t first_id, int64_t last_id,
                        void (*each)(void *ctx, struct str url, int64_t modified), void *ctx);

/* Whether any article, tag or picture is stored: 1, 0, -1. */
int news_has_content(struct store_conn *db);

/* URL helpers */
struct str news_article_url(struct arena *a, struct str category_slug, struct str slug, int64_t id);

#endif
