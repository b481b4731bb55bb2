/* cache.c - the shared page cache; see cache.h for the design. */
#include "http/cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>
#include <zlib.h>

#define SHARDS 16
#define BUCKETS 1024 /* per shard */
#define MIN_GZIP_BYTES 256

struct shard {
    pthread_mutex_t lock;
    struct cache_entry *buckets[BUCKETS];
    struct cache_entry *lru_head, *lru_tail; /* head = most recently used */
    size_t bytes;
    size_t entries;
};

static struct shard shards[SHARDS];
static size_t budget_per_shard = (8u << 20) / SHARDS;
static atomic_bool enabled = true;
static atomic_uint_fast64_t generation = 1;
static atomic_uint_fast64_t next_version = 1;
static atomic_uint_fast64_t stat_hits, stat_misses, stat_stores, stat_evictions, stat_invalidated;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

const unsigned char cache_gzip_header[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

static void init_locks(void)
{
    for (int i = 0; i < SHARDS; i++)
        pthread_mutex_init(&shards[i].lock, NULL);
    /* Versions (the ETags of pages) go on from when the process started,
     * to 64 ns (2^24 steps a second): a page changed while the server was
     * down never gets the ETag it had before, so no browser, proxy or feed
     * reader is told "304 Not Modified" for it after a restart, even one
     * within the same second. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    atomic_store(&next_version, ((uint_fast64_t)ts.tv_sec << 24) + (uint_fast64_t)(ts.tv_nsec / 64));
}

void cache_init(size_t budget_bytes)
{
    pthread_once(&init_once, init_locks);
    if (budget_bytes)
        budget_per_shard = budget_bytes / SHARDS;
}

void cache_set_enabled(bool on)
{
    atomic_store(&enabled, on);
    if (!on)
        cache_clear();
}

bool cache_enabled(void) { return atomic_load(&enabled); }

uint64_t cache_generation(void) { return atomic_load(&generation); }

/* The bucket index uses h / SHARDS so that shard and bucket take
 * different bits of the hash. */
static inline size_t bucket_of(uint64_t h) { return (h / SHARDS) % BUCKETS; }

static void entry_free(struct cache_entry *e)
{
    free(e->key);
    free(e->disposition);
    free(e->etag);
    free(e->body);
    free(e->gz_pre.p);
    free(e->gz_post.p);
    free(e->tags);
    free(e);
}

void cache_release(struct cache_entry *e)
{
    if (e && atomic_fetch_sub(&e->refs, 1) == 1)
        entry_free(e);
}

static void lru_unlink(struct shard *s, struct cache_entry *e)
{
    if (e->lru_prev)
        e->lru_prev->lru_next = e->lru_next;
    else
        s->lru_head = e->lru_next;
    if (e->lru_next)
        e->lru_next->lru_prev = e->lru_prev;
    else
        s->lru_tail = e->lru_prev;
    e->lru_prev = e->lru_next = NULL;
}

static void lru_push_front(struct shard *s, struct cache_entry *e)
{
    e->lru_prev = NULL;
    e->lru_next = s->lru_head;
    if (s->lru_head)
        s->lru_head->lru_prev = e;
    s->lru_head = e;
    if (!s->lru_tail)
        s->lru_tail = e;
}

/* Removes `e` from its shard (lock held) and drops the cache's reference. */
static void shard_remove(struct shard *s, struct cache_entry *e)
{
    struct cache_entry **slot = &s->buckets[bucket_of(e->hash)];
    while (*slot && *slot != e)
        slot = &(*slot)->chain;
    if (*slot)
        *slot = e->chain;
    lru_unlink(s, e);
    s->bytes -= e->bytes;
    s->entries--;
    cache_release(e);
}

struct cache_entry *cache_get(struct str key)
{
    if (!atomic_load_explicit(&enabled, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&stat_misses, 1, memory_order_relaxed);
        return NULL;
    }
    uint64_t h = str_hash(key);
    struct shard *s = &shards[h % SHARDS];
    pthread_mutex_lock(&s->lock);
    struct cache_entry *e = s->buckets[bucket_of(h)];
    for (; e; e = e->chain)
        if (e->hash == h && e->key_len == key.n && memcmp(e->key, key.p, key.n) == 0)
            break;
    if (e) {
        atomic_fetch_add_explicit(&e->refs, 1, memory_order_relaxed);
        if (e->gz_pre.p && !e->dense && ++e->hits == CACHE_DENSE_AFTER)
            atomic_store_explicit(&e->due, true, memory_order_relaxed);
        if (s->lru_head != e) {
            lru_unlink(s, e);
            lru_push_front(s, e);
        }
    }
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_add_explicit(e ? &stat_hits : &stat_misses, 1, memory_order_relaxed);
    return e;
}

/* One compressor per thread, set up at its first page. ISA-L's igzip
 * (level 2), not zlib: on the portal's pages it compresses 8 to 12 times
 * faster than zlib's level 6 for 11-19 % more bytes (a 24 KB article:
 * 54 against 422 us, 7.2 against 6.4 KB), so a page-cache miss costs
 * about as much to compress as to render, not ten times more; its CRC is
 * 4 times faster than zlib's. README, "Speed", has the measurements. */
#define IGZIP_LEVEL 2
#define IGZIP_LEVEL_BUF ISAL_DEF_LVL2_SMALL
static _Thread_local struct isal_zstream *deflater;
static _Thread_local unsigned char *deflater_buf;

void cache_deflate_part(struct str in, bool last, struct cache_gz_part *out)
{
    if (!deflater) {
        deflater = malloc(sizeof *deflater);
        deflater_buf = malloc(IGZIP_LEVEL_BUF);
        if (!deflater || !deflater_buf)
            abort();
    }
    struct isal_zstream *z = deflater;
    isal_deflate_init(z);
    z->level = IGZIP_LEVEL;
    z->level_buf = deflater_buf;
    z->level_buf_size = IGZIP_LEVEL_BUF;
    z->flush = SYNC_FLUSH; /* a segment ends on a byte boundary */
    z->end_of_stream = last;
    /* Stored blocks bound the output: 5 bytes a 64 KiB block and the
     * flush's empty block; the loop grows the buffer if ever needed. */
    size_t cap = in.n + in.n / 8 + 64;
    out->p = malloc(cap);
    if (!out->p)
        abort();
    z->next_in = (uint8_t *)in.p;
    z->avail_in = (uint32_t)in.n;
    z->next_out = out->p;
    z->avail_out = (uint32_t)cap;
    for (;;) {
        if (isal_deflate(z) != COMP_OK)
            abort();
        /* Room left in the output means the input and the flush are
         * out (igzip_lib.h); the last segment must also have ended. */
        if (z->avail_in == 0 && z->avail_out > 0 && (!last || z->internal_state.state == ZSTATE_END))
            break;
        if (cap > in.n * 2 + 4096)
            abort();
        size_t used = cap - z->avail_out;
        cap *= 2;
        out->p = realloc(out->p, cap);
        if (!out->p)
            abort();
        z->next_out = out->p + used;
        z->avail_out = (uint32_t)(cap - used);
    }
    out->n = cap - z->avail_out;
    out->crc = crc32_gzip_refl(0, (const unsigned char *)in.p, in.n);
    out->plain_len = in.n;
}

/* The tight compressor, zlib's level 9, made at the thread's first
 * popular page: 256 KiB of state. */
static _Thread_local z_stream dense_z;
static _Thread_local bool dense_ready;

static void dense_deflate_part(struct str in, bool last, struct cache_gz_part *out)
{
    z_stream *z = &dense_z;
    if (!dense_ready) {
        memset(z, 0, sizeof *z);
        if (deflateInit2(z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            abort();
        dense_ready = true;
    } else if (deflateReset(z) != Z_OK) {
        abort();
    }
    size_t cap = deflateBound(z, in.n) + 16;
    out->p = malloc(cap);
    if (!out->p)
        abort();
    z->next_in = (Bytef *)in.p;
    z->avail_in = (uInt)in.n;
    z->next_out = out->p;
    z->avail_out = (uInt)cap;
    if (deflate(z, last ? Z_FINISH : Z_SYNC_FLUSH) != (last ? Z_STREAM_END : Z_OK))
        abort();
    out->n = cap - z->avail_out;
    out->crc = crc32_gzip_refl(0, (const unsigned char *)in.p, in.n);
    out->plain_len = in.n;
}

void cache_thread_done(void)
{
    if (dense_ready) {
        deflateEnd(&dense_z);
        dense_ready = false;
    }
    free(deflater);
    free(deflater_buf);
    deflater = NULL;
    deflater_buf = NULL;
}

static void put_le32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

void cache_gzip_trailer(const struct cache_entry *e, const struct cache_gz_part *live, uint64_t live_op,
                        unsigned char out[8])
{
    uLong crc = e->gz_pre.crc;
    size_t len = e->gz_pre.plain_len;
    if (live) {
        crc = crc32_combine_op(crc, live->crc, (uLong)live_op);
        len += live->plain_len;
    }
    if (e->gz_post.p) {
        crc = crc32_combine_op(crc, e->gz_post.crc, (uLong)e->gz_post_op);
        len += e->gz_post.plain_len;
    }
    put_le32(out, (uint32_t)crc);
    put_le32(out + 4, (uint32_t)len);
}

static struct cache_entry *entry_new(struct str key, int status, const char *content_type, struct str disposition,
                                     struct str body,
                                     size_t split, const struct str *tags, size_t n_tags, int64_t last_modified,
                                     int max_age, bool compress)
{
    struct cache_entry *e = calloc(1, sizeof *e);
    if (!e)
        abort();
    atomic_init(&e->refs, 1);
    e->hash = str_hash(key);
    e->key = malloc(key.n + 1);
    e->body = malloc(body.n + 1);
    if (!e->key || !e->body)
        abort();
    memcpy(e->key, key.p, key.n);
    e->key_len = key.n;
    if (body.n)
        memcpy(e->body, body.p, body.n);
    e->body_len = body.n;
    e->has_live = split != SIZE_MAX && split <= body.n;
    e->split = e->has_live ? split : body.n;
    e->version = atomic_fetch_add(&next_version, 1);
    e->status = status;
    e->content_type = content_type;
    if (disposition.n) {
        e->disposition = strndup(disposition.p, disposition.n);
        if (!e->disposition)
            abort();
    }
    e->last_modified = last_modified;
    e->max_age = max_age;
    if (n_tags) {
        size_t bytes = 0;
        for (size_t i = 0; i < n_tags; i++)
            bytes += tags[i].n;
        e->tags = malloc(n_tags * sizeof *e->tags + bytes);
        if (!e->tags)
            abort();
        char *p = (char *)(e->tags + n_tags);
        for (size_t i = 0; i < n_tags; i++) {
            memcpy(p, tags[i].p, tags[i].n);
            e->tags[i] = (struct str){p, tags[i].n};
            p += tags[i].n;
        }
        e->n_tags = n_tags;
        e->bytes_tags = n_tags * sizeof *e->tags + bytes;
    }
    bool text = strncmp(content_type, "text/", 5) == 0 || strstr(content_type, "xml") || strstr(content_type, "json");
    if (compress && body.n >= MIN_GZIP_BYTES && text) {
        struct str pre = {e->body, e->split}, post = {e->body + e->split, body.n - e->split};
        cache_deflate_part(pre, !e->has_live, &e->gz_pre);
        if (e->has_live) {
            cache_deflate_part(post, true, &e->gz_post);
            e->gz_post_op = crc32_combine_gen((z_off_t)post.n);
        }
    }
    e->bytes = sizeof *e + key.n + disposition.n + body.n + e->gz_pre.n + e->gz_post.n + e->bytes_tags;
    return e;
}

struct cache_entry *cache_put(struct str key, uint64_t gen, int status, const char *content_type,
                              struct str disposition, struct str body, size_t split, const struct str *tags,
                              size_t n_tags, int64_t last_modified, int max_age)
{
    if (!cache_enabled() || gen != atomic_load(&generation) || n_tags > CACHE_MAX_TAGS)
        return NULL;
    struct cache_entry *e =
        entry_new(key, status, content_type, disposition, body, split, tags, n_tags, last_modified, max_age, true);
    uint64_t h = e->hash;
    struct shard *s = &shards[h % SHARDS];
    if (e->bytes > budget_per_shard / 4) {
        entry_free(e);
        return NULL;
    }
    pthread_mutex_lock(&s->lock);
    /* Checked again under the lock: an invalidation that ran while we
     * compressed must win. */
    if (gen != atomic_load(&generation)) {
        pthread_mutex_unlock(&s->lock);
        entry_free(e);
        return NULL;
    }
    struct cache_entry **slot = &s->buckets[bucket_of(h)];
    for (struct cache_entry *old = *slot; old; old = old->chain)
        if (old->hash == h && old->key_len == key.n && memcmp(old->key, key.p, key.n) == 0) {
            shard_remove(s, old);
            break;
        }
    e->chain = *slot;
    *slot = e;
    lru_push_front(s, e);
    s->bytes += e->bytes;
    s->entries++;
    atomic_fetch_add(&e->refs, 1); /* the caller's reference */
    while (s->bytes > budget_per_shard && s->lru_tail && s->lru_tail != e) {
        shard_remove(s, s->lru_tail);
        atomic_fetch_add_explicit(&stat_evictions, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&s->lock);
    atomic_fetch_add_explicit(&stat_stores, 1, memory_order_relaxed);
    return e;
}

struct cache_entry *cache_claim_dense(struct cache_entry *e)
{
    if (!atomic_exchange_explicit(&e->due, false, memory_order_relaxed))
        return NULL;
    atomic_fetch_add(&e->refs, 1);
    return e;
}

void cache_densify(struct cache_entry *e)
{
    struct str disposition = e->disposition ? str_cstr(e->disposition) : STR("");
    struct cache_entry *d = entry_new((struct str){e->key, e->key_len}, e->status, e->content_type, disposition,
                                      (struct str){e->body, e->body_len}, e->has_live ? e->split : SIZE_MAX, e->tags,
                                      e->n_tags, e->last_modified, e->max_age, false);
    d->version = e->version; /* the same content: revalidations still match */
    d->no_store = e->no_store;
    if (e->etag && !(d->etag = strdup(e->etag)))
        abort();
    dense_deflate_part((struct str){d->body, d->split}, !d->has_live, &d->gz_pre);
    if (d->has_live) {
        dense_deflate_part((struct str){d->body + d->split, d->body_len - d->split}, true, &d->gz_post);
        d->gz_post_op = e->gz_post_op;
    }
    d->dense = true;
    d->bytes += d->gz_pre.n + d->gz_post.n;
    struct shard *s = &shards[d->hash % SHARDS];
    pthread_mutex_lock(&s->lock);
    struct cache_entry **slot = &s->buckets[bucket_of(d->hash)];
    while (*slot && *slot != e)
        slot = &(*slot)->chain;
    bool kept = *slot != NULL; /* not dropped, not replaced by a newer rendering */
    if (kept) {
        d->chain = e->chain;
        *slot = d;
        /* d takes e's place in the recency list too */
        d->lru_prev = e->lru_prev;
        d->lru_next = e->lru_next;
        if (e->lru_prev)
            e->lru_prev->lru_next = d;
        else
            s->lru_head = d;
        if (e->lru_next)
            e->lru_next->lru_prev = d;
        else
            s->lru_tail = d;
        e->lru_prev = e->lru_next = NULL;
        s->bytes = s->bytes - e->bytes + d->bytes;
    }
    pthread_mutex_unlock(&s->lock);
    if (kept)
        cache_release(e); /* the cache's reference, now d's */
    else
        entry_free(d);
    cache_release(e); /* the claim's */
}

struct cache_entry *cache_make_uncached(int status, const char *content_type, struct str disposition,
                                        struct str body, size_t split, int64_t last_modified, int max_age, bool gzip)
{
    return entry_new(STR(""), status, content_type, disposition, body, split, NULL, 0, last_modified, max_age, gzip);
}

size_t cache_invalidate(struct str tag)
{
    atomic_fetch_add(&generation, 1);
    size_t dropped = 0;
    for (int i = 0; i < SHARDS; i++) {
        struct shard *s = &shards[i];
        pthread_mutex_lock(&s->lock);
        struct cache_entry *e = s->lru_head;
        while (e) {
            struct cache_entry *next = e->lru_next;
            for (size_t t = 0; t < e->n_tags; t++)
                if (str_eq(e->tags[t], tag)) {
                    shard_remove(s, e);
                    dropped++;
                    break;
                }
            e = next;
        }
        pthread_mutex_unlock(&s->lock);
    }
    atomic_fetch_add(&stat_invalidated, dropped);
    return dropped;
}

void cache_clear(void)
{
    atomic_fetch_add(&generation, 1);
    for (int i = 0; i < SHARDS; i++) {
        struct shard *s = &shards[i];
        pthread_mutex_lock(&s->lock);
        while (s->lru_head)
            shard_remove(s, s->lru_head);
        pthread_mutex_unlock(&s->lock);
    }
}

void cache_shutdown(void) { cache_clear(); }

void cache_get_stats(struct cache_stats *out)
{
    memset(out, 0, sizeof *out);
    out->hits = atomic_load(&stat_hits);
    out->misses = atomic_load(&stat_misses);
    out->stores = atomic_load(&stat_stores);
    out->evictions = atomic_load(&stat_evictions);
    out->invalidated = atomic_load(&stat_invalidated);
    for (int i = 0; i < SHARDS; i++) {
        pthread_mutex_lock(&shards[i].lock);
        out->entries += shards[i].entries;
        out->bytes += shards[i].bytes;
        pthread_mutex_unlock(&shards[i].lock);
    }
}
