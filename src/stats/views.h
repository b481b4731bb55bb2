/*
 * views.h - how many times readers opened each article and document
 * ("Lượt xem").
 *
 * The count of an item lives in its owner's row (news owns article.views,
 * docs document.views); this module names none of their tables. Most
 * views are answered by the page cache without a handler, so a view is
 * counted where visits are (http/request.c): a reader's GET of the item's
 * page answered 200, from the cache or rendered, crawlers left out. Counts
 * are kept in memory and written by the visitor counter's flusher with its
 * own figures, in the same transaction, every flush interval and once more
 * at a clean stop, through the owner's write function registered here at
 * start-up (stats_views_set_writer). A crash loses at most one interval.
 *
 * A count moving drops no cached page: a page shows the stored count of
 * its rendering plus what was still in memory then (stats_views_pending).
 *
 * Memory is bounded: at most STATS_VIEWS_MAX items of a kind wait for a
 * flush; views of more items before the next flush are counted as lost and
 * logged at that flush, never silently. Only items whose page answered 200
 * are counted, so the ids are real ones.
 */
#ifndef DINH_STATS_VIEWS_H
#define DINH_STATS_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STATS_VIEWS_MAX (1u << 18) /* items of one kind waiting for a flush */

enum stats_item { STATS_ITEM_ARTICLE, STATS_ITEM_DOCUMENT, STATS_ITEM_KINDS };

/* Adds `views` to item `id`'s stored count, inside the caller's open
 * write; touches no cache tag. 0, or -1 (the flush is then rolled back
 * and retried at the next one). An id no longer there is no failure. */
typedef int (*stats_views_writer)(struct store_conn *db, int64_t id, long long views);

/* Registers the owner's write function for a kind; before serving. */
void stats_views_set_writer(enum stats_item kind, stats_views_writer write);

/* Counts the view of item `id` (id > 0) by `reader` (stats_visit's
 * token): once a day for one reader and one item, as far as a table of the
 * last STATS_VIEWS_RECENT views remembers (a reader whose view it has
 * forgotten, or whose slot another view took, is counted again). */
#define STATS_VIEWS_RECENT 32768
void stats_view_count(enum stats_item kind, int64_t id, uint64_t reader);

/* Views of `id` counted and not written yet. */
long long stats_views_pending(enum stats_item kind, int64_t id);

/* The views waiting, taken by stats_views_begin and written inside the
 * flusher's write; stats_views_end(…, true) after its commit takes them
 * off what waits, (…, false) after a rollback leaves them for the next
 * flush. Views counted meanwhile stay waiting either way. */
struct stats_views_batch {
    struct stats_views_entry {
        int64_t id;
        long long views;
    } *entries[STATS_ITEM_KINDS];
    size_t n[STATS_ITEM_KINDS];
    unsigned long long lost; /* views not kept since the last flush (STATS_VIEWS_MAX reached) */
};
/* 0, or -1 when memory for the batch ran out (nothing is taken). */
int stats_views_begin(struct stats_views_batch *b);
/* Writes the batch through the owners' writers: 0 or -1. */
int stats_views_write(struct store_conn *db, const struct stats_views_batch *b);
void stats_views_end(struct stats_views_batch *b, bool committed);
/* Whether the batch holds anything to write. */
bool stats_views_any(const struct stats_views_batch *b);
/* Forgets every waiting view (tests, and the stop after the last flush). */
void stats_views_reset(void);

#endif
