/*
 * counter.h - the visitor counter shown on every page.
 *
 * Counting happens in memory (atomics and a small table of recent
 * visitors), never with a database write per request; the totals are
 * read from the database at start. Visitors are told apart by a hash of
 * their address, never kept in clear.
 */
#ifndef DINH_STATS_COUNTER_H
#define DINH_STATS_COUNTER_H

#include <stdbool.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "store/store.h"

/* Reads the stored totals. */
void stats_load(struct store_conn *db);
/* Counts a page view by the visitor at `address` with `user_agent`. */
void stats_visit(struct str address, struct str user_agent);
/* Renders the counter block (templates/layout/counter.html). */
void stats_render_live(struct buf *out, struct arena *a);
/* True if the User-Agent names a crawler. */
bool stats_is_bot(struct str user_agent);

#endif
