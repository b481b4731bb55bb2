/*
 * fragment.h - pieces of pages kept between renders.
 *
 * The page cache keeps whole pages; the first view after a write, a page
 * with a query of its own, and every page a crawler walks once miss it and
 * render everything. Many of those pages repeat pieces that did not
 * change: the home page's sections of the categories nobody wrote to, the
 * lists of titles an article shows of its neighbours. A fragment is such a
 * piece: rendered bytes under a key ("home:cat:3"), with the cache tags of
 * what it shows. A commit drops the fragments of the tags it touched, as
 * it drops pages (store_on_commit), so a fragment is never older than the
 * database it was read from.
 *
 * The same rule as the page cache keeps a render that raced a write out:
 * the generation is read before the request's read transaction begins,
 * and fragment_put refuses bytes read before the latest invalidation.
 *
 * Handlers do not call this directly: web_fragment_begin/end (web.h) take
 * the bytes from and to the page being written, with their tags.
 */
#ifndef DINH_HTTP_FRAGMENT_H
#define DINH_HTTP_FRAGMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

/* A fragment with more tags than this, or bigger than a sixteenth of the
 * budget, is not kept (it is rendered every time). */
#define FRAGMENT_MAX_TAGS 64

struct fragment_stats {
    uint64_t hits, misses, stores, evictions, invalidated, entries, bytes;
};

/* Sets the byte budget (default 2 MiB). Call before serving. */
void fragment_init(size_t budget_bytes);
/* Off: every lookup misses and nothing is kept (to measure rendering). */
void fragment_set_enabled(bool on);
bool fragment_enabled(void);

/* The write generation, to read before the data a fragment shows. */
uint64_t fragment_generation(void);

/* On a hit, appends the fragment's bytes to `out`, sets *tags to a copy of
 * its tags in `a` and returns how many; -1 on a miss. */
int fragment_get(struct str key, struct buf *out, struct arena *a, struct str **tags);

/* Keeps `bytes` under `key` with its tags, unless an invalidation ran
 * since `generation` was read. */
void fragment_put(struct str key, uint64_t generation, struct str bytes, const struct str *tags, size_t n_tags);

/* Drops the fragments tagged `tag`; returns how many. */
size_t fragment_invalidate(struct str tag);
void fragment_clear(void);
void fragment_get_stats(struct fragment_stats *out);

#endif
