/*
 * counter.h - the visitor counter: online now, crawlers and guests,
 * today, yesterday, this week, this month, total; and its daily history.
 *
 * Counting happens in memory, cache hits included, and never writes the
 * database per request: a flusher thread writes what changed every
 * flush interval and once more at a clean stop, so a crash loses at most
 * one interval (the views of articles and documents, stats/views.h, are
 * written in the same transaction). A visitor is an address and a browser (User-Agent),
 * counted once per Vietnam-local day; they are told apart by a keyed hash
 * whose key is drawn at random each day and never stored, so addresses
 * exist only in memory and cannot be matched across days. Days are never
 * zeroed: at a rollover today becomes history (table visit_day).
 */
#ifndef DINH_STATS_COUNTER_H
#define DINH_STATS_COUNTER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "store/store.h"

#define STATS_ONLINE_WINDOW 300 /* seconds: "online now" */
#define STATS_DAYS 62           /* days kept in memory */

struct stats_day {
    int64_t day; /* Vietnam day number */
    long long visitors, bots, pageviews;
};

struct stats_snapshot {
    long long online, online_bots, online_guests;
    long long today, yesterday, week, month, total;
};

/* Loads the stored figures of `db_path` and starts the flusher thread
 * (every `flush_ms`). Returns -1 with a message if the database cannot be
 * read. */
int stats_start(const char *db_path, int flush_ms, char *err, size_t errlen);
/* Stops the flusher after a last flush. */
void stats_stop(void);
/* Loads the stored figures from an open connection (stats_start uses it;
 * tests call it directly). */
int stats_load(struct store_conn *db);
/* Writes what changed since the last flush, in one transaction. */
int stats_flush(struct store_conn *db);

/* Counts a page view by the visitor at `address` with `user_agent`: the
 * reader's token for the day (never 0, keyed by the day's secret like
 * the count), or 0 for a crawler (whose views of articles and documents
 * are not counted either). */
uint64_t stats_visit(struct str address, struct str user_agent);
void stats_get(struct stats_snapshot *out);
/* The last `n` days (n <= STATS_DAYS), oldest first, today last. */
size_t stats_recent_days(struct stats_day *out, size_t n);

/* Writes a day of history as it is (the demo, imports): 0 or -1. */
int stats_day_set(struct store_conn *db, const struct stats_day *d);
/* Sets a running total ("total", "bots_total"): 0 or -1. */
int stats_counter_set(struct store_conn *db, const char *key, long long value);
/* Whether any count is stored yet: 1, 0, -1. */
int stats_has_content(struct store_conn *db);

/* Renders the counter block (templates/layout/counter.html). */
void stats_render_live(struct buf *out, struct arena *a);

#endif
