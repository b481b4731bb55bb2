/* fragment.c - rendered pieces of pages, dropped by tag; see fragment.h.
 *
 * One lock for the whole table: a hit holds it for a hash lookup and a
 * copy of a few kilobytes, far less than rendering them, and a render
 * takes a handful of fragments. */
#include "http/fragment.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define BUCKETS 4096

struct fragment {
    uint64_t hash;
    char *key; /* key, bytes and tags in this one allocation */
    size_t key_len;
    char *bytes;
    size_t n;
    struct str *tags;
    size_t n_tags;
    size_t cost;
    struct fragment *chain, *lru_prev, *lru_next;
};

static struct {
    pthread_mutex_t lock;
    struct fragment *buckets[BUCKETS];
    struct fragment *lru_head, *lru_tail; /* head = most recently used */
    size_t bytes, entries, budget;
} F = {.lock = PTHREAD_MUTEX_INITIALIZER, .budget = 2u << 20};

static atomic_bool enabled = true;
static atomic_uint_fast64_t generation = 1;
static atomic_uint_fast64_t stat_hits, stat_misses, stat_stores, stat_evictions, stat_invalidated;

void fragment_init(size_t budget_bytes)
{
    if (budget_bytes)
        F.budget = budget_bytes;
}

void fragment_set_enabled(bool on)
{
    atomic_store(&enabled, on);
    if (!on)
        fragment_clear();
}

bool fragment_enabled(void) { return atomic_load(&enabled); }

uint64_t fragment_generation(void) { return atomic_load(&generation); }

static void lru_unlink(struct fragment *f)
{
    if (f->lru_prev)
        f->lru_prev->lru_next = f->lru_next;
    else
        F.lru_head = f->lru_next;
    if (f->lru_next)
        f->lru_next->lru_prev = f->lru_prev;
    else
        F.lru_tail = f->lru_prev;
    f->lru_prev = f->lru_next = NULL;
}

static void lru_push_front(struct fragment *f)
{
    f->lru_prev = NULL;
    f->lru_next = F.lru_head;
    if (F.lru_head)
        F.lru_head->lru_prev = f;
    F.lru_head = f;
    if (!F.lru_tail)
        F.lru_tail = f;
}

/* Takes `f` out of the table and frees it (lock held). */
static void remove_locked(struct fragment *f)
{
    struct fragment **slot = &F.buckets[f->hash % BUCKETS];
    while (*slot && *slot != f)
        slot = &(*slot)->chain;
    if (*slot)
        *slot = f->chain;
    lru_unlink(f);
    F.bytes -= f->cost;
    F.entries--;
    free(f);
}

static struct fragment *find_locked(uint64_t h, struct str key)
{
    for (struct fragment *f = F.buckets[h % BUCKETS]; f; f = f->chain)
        if (f->hash == h && f->key_len == key.n && memcmp(f->key, key.p, key.n) == 0)
            return f;
    return NULL;
}

int fragment_get(struct str key, struct buf *out, struct arena *a, struct str **tags)
{
    *tags = NULL;
    if (!atomic_load_explicit(&enabled, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&stat_misses, 1, memory_order_relaxed);
        return -1;
    }
    uint64_t h = str_hash(key);
    int n = -1;
    pthread_mutex_lock(&F.lock);
    struct fragment *f = find_locked(h, key);
    if (f) {
        buf_append(out, f->bytes, f->n);
        n = (int)f->n_tags;
        /* the tags' bytes lie one after another (fragment_put): one copy */
        struct str *copy = ARENA_ARRAY(a, struct str, f->n_tags ? f->n_tags : 1);
        if (f->n_tags) {
            const char *first = f->tags[0].p;
            size_t span = (size_t)(f->tags[f->n_tags - 1].p + f->tags[f->n_tags - 1].n - first);
            char *room = arena_alloc(a, span ? span : 1);
            memcpy(room, first, span);
            for (size_t i = 0; i < f->n_tags; i++)
                copy[i] = (struct str){room + (f->tags[i].p - first), f->tags[i].n};
        }
        *tags = copy;
        if (F.lru_head != f) {
            lru_unlink(f);
            lru_push_front(f);
        }
    }
    pthread_mutex_unlock(&F.lock);
    atomic_fetch_add_explicit(f ? &stat_hits : &stat_misses, 1, memory_order_relaxed);
    return n;
}

void fragment_put(struct str key, uint64_t gen, struct str bytes, const struct str *tags, size_t n_tags)
{
    if (!fragment_enabled() || gen != fragment_generation() || n_tags > FRAGMENT_MAX_TAGS)
        return;
    size_t tag_bytes = 0;
    for (size_t i = 0; i < n_tags; i++)
        tag_bytes += tags[i].n;
    size_t cost = sizeof(struct fragment) + n_tags * sizeof(struct str) + key.n + bytes.n + tag_bytes;
    if (cost > F.budget / 16)
        return;
    struct fragment *f = malloc(cost);
    if (!f)
        abort();
    memset(f, 0, sizeof *f);
    f->tags = (struct str *)(f + 1);
    char *p = (char *)(f->tags + n_tags);
    f->key = p;
    memcpy(p, key.p, key.n);
    p += key.n;
    f->key_len = key.n;
    f->bytes = p;
    if (bytes.n)
        memcpy(p, bytes.p, bytes.n);
    p += bytes.n;
    f->n = bytes.n;
    for (size_t i = 0; i < n_tags; i++) {
        memcpy(p, tags[i].p, tags[i].n);
        f->tags[i] = (struct str){p, tags[i].n};
        p += tags[i].n;
    }
    f->n_tags = n_tags;
    f->cost = cost;
    f->hash = str_hash(key);
    pthread_mutex_lock(&F.lock);
    /* Checked again under the lock: an invalidation that began meanwhile
     * has already counted up and must win. */
    if (gen != fragment_generation()) {
        pthread_mutex_unlock(&F.lock);
        free(f);
        return;
    }
    struct fragment *old = find_locked(f->hash, key);
    if (old)
        remove_locked(old);
    struct fragment **slot = &F.buckets[f->hash % BUCKETS];
    f->chain = *slot;
    *slot = f;
    lru_push_front(f);
    F.bytes += cost;
    F.entries++;
    while (F.bytes > F.budget && F.lru_tail && F.lru_tail != f) {
        remove_locked(F.lru_tail);
        atomic_fetch_add_explicit(&stat_evictions, 1, memory_order_relaxed);
    }
    pthread_mutex_unlock(&F.lock);
    atomic_fetch_add_explicit(&stat_stores, 1, memory_order_relaxed);
}

size_t fragment_invalidate(struct str tag)
{
    size_t dropped = 0;
    pthread_mutex_lock(&F.lock);
    atomic_fetch_add(&generation, 1);
    for (struct fragment *f = F.lru_head, *next; f; f = next) {
        next = f->lru_next;
        for (size_t t = 0; t < f->n_tags; t++)
            if (str_eq(f->tags[t], tag)) {
                remove_locked(f);
                dropped++;
                break;
            }
    }
    pthread_mutex_unlock(&F.lock);
    atomic_fetch_add(&stat_invalidated, dropped);
    return dropped;
}

void fragment_clear(void)
{
    pthread_mutex_lock(&F.lock);
    atomic_fetch_add(&generation, 1);
    while (F.lru_head)
        remove_locked(F.lru_head);
    pthread_mutex_unlock(&F.lock);
}

void fragment_get_stats(struct fragment_stats *out)
{
    memset(out, 0, sizeof *out);
    out->hits = atomic_load(&stat_hits);
    out->misses = atomic_load(&stat_misses);
    out->stores = atomic_load(&stat_stores);
    out->evictions = atomic_load(&stat_evictions);
    out->invalidated = atomic_load(&stat_invalidated);
    pthread_mutex_lock(&F.lock);
    out->entries = F.entries;
    out->bytes = F.bytes;
    pthread_mutex_unlock(&F.lock);
}
