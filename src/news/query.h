/*
 * query.h - the news module's reads: lists of articles, one article, its
 * neighbours, tags and images. All statements are prepared once per
 * connection (store_stmt) with bound parameters; results are copied into
 * the request arena as view structs.
 */
#ifndef DINH_NEWS_QUERY_H
#define DINH_NEWS_QUERY_H

#include "core/arena.h"
#include "site/site.h"
#include "store/store.h"
#include "news/view.h"

struct news_query {
    struct store_conn *db;
    struct arena *arena;
    const struct site *site;
    int64_t now; /* articles dated later are not yet published */
};

/* The newest published articles: featured only, of one category
 * (category_id > 0), or all; `offset` for pages. Returns how many. */
size_t news_list(const struct news_query *q, int64_t category_id, bool featured_only, int limit, int offset,
                 struct news_card **out);
/* How many published articles a category (or all, 0) has. */
long long news_count(const struct news_query *q, int64_t category_id);

struct news_article_row {
    int64_t id, category_id, image_id, published_at, updated_at;
    struct str slug, title, summary, body, author, source, image_caption;
    struct str image_name, image_alt;
    int image_width, image_height;
    long long rating_sum, rating_count;
};

/* One published article; returns false if there is none. */
bool news_article(const struct news_query *q, int64_t id, struct news_article_row *out);
/* Articles of the same category just newer / just older than `a`. */
size_t news_neighbours(const struct news_query *q, const struct news_article_row *a, bool newer, int limit,
                       struct news_card **out);
/* The newest other articles sharing the article's first tag. */
size_t news_related(const struct news_query *q, int64_t article_id, int limit, struct news_card **out);
size_t news_tags(const struct news_query *q, int64_t article_id, struct news_tag **out);
/* An image's file name, alt text and size; false if missing. */
bool news_media(const struct news_query *q, int64_t id, struct str *name, struct str *alt, int *w, int *h);

/* The highest article id (sitemaps are cut by id ranges). */
int64_t news_max_id(const struct news_query *q);
/* Calls `each` with the address and last change of every published
 * article whose id lies in [first_id, last_id], in id order. */
size_t news_each_in_range(const struct news_query *q, int64_t first_id, int64_t last_id,
                          void (*each)(void *ctx, struct str url, int64_t modified), void *ctx);

/* URL helpers */
struct str news_article_url(struct arena *a, struct str category_slug, struct str slug, int64_t id);
struct str news_media_url(struct arena *a, struct str name);

#endif
