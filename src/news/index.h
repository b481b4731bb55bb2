/*
 * index.h - what search may ask of the articles' full-text indexes.
 *
 * The news module owns article_fts (title, summary, body) and
 * article_title_fts (title alone), both in the "vi" tokenizer, kept in step
 * with article by triggers. Each also holds id-bucket tokens in a column
 * search_bucket (006_search_buckets.sql): an article's block of
 * NEWS_INDEX_BUCKET_IDS ids "a<id/1000>", and the blocks ten, a hundred
 * and a thousand times larger ("b", "c", "d"). FTS5 applies a rowid bound
 * only when it reaches the next match, so a walk of the index is ANDed with
 * the few bucket tokens that cover its id range, whose own lists end where
 * the range ends: the walk stops there whatever the query.
 *
 * The strategy (which ranges to walk, how many candidates) is search's
 * (src/search/); these functions run one step of it each. Queries are
 * FTS5 expressions as src/search/terms.c writes them.
 */
#ifndef DINH_NEWS_INDEX_H
#define DINH_NEWS_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

#define NEWS_INDEX_BUCKET_IDS 1000 /* ids in the finest bucket */
#define NEWS_INDEX_MAX_BUCKETS 64  /* a range that would take more tokens is walked without them */

/* True if a reader's word could be a bucket token ("a12"): a query with
 * such a word must be kept out of the bucket column (`scoped` below). */
bool news_index_word_is_bucket_like(struct str word);

typedef void (*news_index_each)(void *ctx, int64_t id, double score, int64_t published);

/* One walk of an index (the title index when `title`), newest first, over
 * the published articles with ids in [lo, hi] and publication times in
 * [from, to): calls `each` for at most `limit` matches, with a score from
 * dinh_rank (title 10, summary 4, body 1, each divided by its length).
 * `scoped` keeps the query out of the bucket column. Returns the number of
 * rows read, or -1. */
int news_index_walk(struct store_conn *db, struct str query, bool scoped, bool title, int64_t now, int64_t from,
                    int64_t to, int64_t lo, int64_t hi, int limit, news_index_each each, void *ctx);

/* The id of the (offset+1)-th newest article in [lo, hi] holding the
 * quoted word `word` (in the full index): 1, 0 if fewer hold it, -1. A
 * single word's walk stops at its LIMIT, since every row it reads matches. */
int news_index_probe(struct store_conn *db, struct str word, int64_t lo, int64_t hi, int offset, int64_t *id);

/* The smallest and largest id of the articles published in [from, to)
 * (and by `now`),
 * or, with `whole`, 0 and the largest id: 1, 0 if there is none, -1. */
int news_index_id_range(struct store_conn *db, int64_t now, int64_t from, int64_t to, bool whole, int64_t *lo,
                        int64_t *hi);

/* What a result shows of an article: its title and a snippet of its body
 * with the matched words between \1 and \2, its slug, category and time. */
struct news_index_hit {
    struct str title, snippet, slug;
    int64_t category_id, published;
};
int news_index_hit(struct store_conn *db, struct arena *a, struct str query, bool scoped, int64_t id,
                   struct news_index_hit *out);

/* The years of the first and the last published article; 0 and 0 if none. */
int news_index_years(struct store_conn *db, int64_t now, int *first, int *last);

#endif
