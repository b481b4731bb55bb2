/*
 * cache.h - the page cache for anonymous GET and HEAD requests.
 *
 * A rendered page is kept with its gzip form, made when the page is stored
 * (fast) and once more, tighter, when it proves popular, so that a hit costs a hash lookup and a write of bytes that are
 * already there: no database, no template, no compression. A page may
 * have one "live" splice point (the visitor counter): it is stored as the
 * bytes before and after that point, and the live block is put between
 * them at send time. To make that work for gzip too, each part is
 * compressed as its own raw deflate segment ending on a byte boundary
 * (a sync flush), so the gzip body is header + segments + trailer, and
 * the trailer's CRC is combined from the parts' CRCs.
 *
 * Each page carries tags naming what it shows ("art:12", "cat:3",
 * "home"); cache_invalidate() drops exactly the pages with a tag. Entries
 * are shared by all threads and reference-counted; the cache has a byte
 * budget and evicts the least recently used pages beyond it.
 */
#ifndef DINH_HTTP_CACHE_H
#define DINH_HTTP_CACHE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/str.h"

/* A page with more tags than this is not stored (nothing is dropped
 * silently: its invalidation could not be exact). */
#define CACHE_MAX_TAGS 1024

/* A compressed piece of a page: a raw deflate segment and the CRC-32 and
 * length of the bytes it holds. */
struct cache_gz_part {
    unsigned char *p;
    size_t n;
    uint32_t crc;
    size_t plain_len;
};

struct cache_entry {
    atomic_int refs;
    uint64_t hash;
    char *key;
    size_t key_len;
    uint64_t version; /* unique per rendering; goes into the ETag */
    char *etag;       /* the handler's own validator (see web_req.etag), or NULL: the ETag is made from version */
    int status;
    const char *content_type; /* static string */
    char *disposition;        /* Content-Disposition, or NULL */
    int64_t last_modified;
    int max_age;
    /* plain body: pre = body[0, split), post = body[split, n) */
    char *body;
    size_t body_len, split;
    bool has_live;
    /* gzip form, or gz_pre.p == NULL when the page is too small to gain */
    struct cache_gz_part gz_pre, gz_post;
    uint64_t gz_post_op; /* crc32_combine_gen(post length), for the trailer */
    bool no_store;            /* never kept by browsers either (set on uncached entries) */
    bool dense;               /* its gzip form is zlib's tightest (see cache_densify) */
    uint32_t hits;            /* answers from the cache (under the shard lock) */
    atomic_bool due;          /* just became popular: to be compressed tightly */
    /* tags, in one allocation with their bytes */
    struct str *tags;
    size_t n_tags, bytes_tags;
    /* bookkeeping (under the shard lock) */
    size_t bytes;
    struct cache_entry *lru_prev, *lru_next, *chain;
};

struct cache_stats {
    uint64_t hits, misses, stores, evictions, invalidated, entries, bytes;
};

/* Sets the byte budget (default 8 MiB). Call before serving. */
void cache_init(size_t budget_bytes);
void cache_shutdown(void);
/* Turns the cache off (for measuring rendering); lookups then miss. */
void cache_set_enabled(bool on);
bool cache_enabled(void);

/* The entry for `key` with a reference taken, or NULL (a miss). */
struct cache_entry *cache_get(struct str key);
void cache_release(struct cache_entry *e);

/* The write generation: take it before rendering and pass it to
 * cache_put, which refuses to store a page rendered before the latest
 * invalidation (it may show what was just changed). */
uint64_t cache_generation(void);

/* A page is compressed fast when it is stored (a miss should cost little:
 * most pages are asked for a few times, by crawlers); one answered this
 * many times from the cache is compressed again with zlib's level 9, so
 * that its many readers get the smaller bytes (11-19 % fewer). */
#define CACHE_DENSE_AFTER 16

/* After a hit: `e` with a reference taken when it has just become popular
 * (once per entry), else NULL. Give it to cache_densify after answering. */
struct cache_entry *cache_claim_dense(struct cache_entry *e);
/* Compresses a claimed entry again, tightly, and puts the copy in its
 * place (same ETag: the same content) unless the page was dropped or
 * replaced meanwhile; releases the claim's reference. */
void cache_densify(struct cache_entry *e);

/* Stores a rendered page under `key` (replacing an older one) and returns
 * it with a reference taken, or NULL when it was not stored (too big, more
 * than CACHE_MAX_TAGS tags, rendered before an invalidation, cache
 * disabled). `split` is the live splice offset or SIZE_MAX. */
struct cache_entry *cache_put(struct str key, uint64_t generation, int status, const char *content_type,
                              struct str disposition, struct str body, size_t split, const struct str *tags,
                              size_t n_tags, int64_t last_modified, int max_age);

/* The same shape for a page that is not cached (an error page, or the
 * cache is off): the caller owns the one reference. It is compressed only
 * if `gzip` (the client takes it): compressing costs more than rendering. */
struct cache_entry *cache_make_uncached(int status, const char *content_type, struct str disposition,
                                        struct str body, size_t split, int64_t last_modified, int max_age, bool gzip);

/* Drops every page tagged `tag`; returns how many. */
size_t cache_invalidate(struct str tag);
/* Drops everything. */
void cache_clear(void);
void cache_get_stats(struct cache_stats *out);

/* Compresses `in` as a raw deflate segment; `last` ends the stream
 * (its final block), otherwise it ends on a byte boundary (a sync flush) so that
 * more segments can follow. The result is malloc'ed. */
void cache_deflate_part(struct str in, bool last, struct cache_gz_part *out);

/* Frees the calling thread's compressor (at thread exit). */
void cache_thread_done(void);

/* The 10-byte gzip header every compressed page starts with. */
extern const unsigned char cache_gzip_header[10];
/* Writes the 8-byte gzip trailer for pre + live + post. */
void cache_gzip_trailer(const struct cache_entry *e, const struct cache_gz_part *live, uint64_t live_op,
                        unsigned char out[8]);

#endif
