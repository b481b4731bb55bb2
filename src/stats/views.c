/* views.c - readers' views of articles and documents, counted in memory
 * and written in batches; see views.h. */
#include "stats/views.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* One kind's waiting views: open addressing on the id (0 = empty slot),
 * the capacity a power of two, at most half full. */
struct views_table {
    struct stats_views_entry *slots;
    size_t cap, n;
};

static struct {
    pthread_mutex_t lock;
    struct views_table tables[STATS_ITEM_KINDS];
    /* The last views by slot (reader and item mixed; 0 = empty): a reader
     * reloading a page finds its view there and is not counted again. In
     * .bss: its pages are touched only as slots are used. */
    uint64_t recent[STATS_VIEWS_RECENT];
    unsigned long long lost;
    stats_views_writer writers[STATS_ITEM_KINDS];
} vs = {.lock = PTHREAD_MUTEX_INITIALIZER};

static size_t slot_of(int64_t id, size_t cap)
{
    uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull; /* ids are dense: spread them */
    return (size_t)(h >> 20) & (cap - 1);
}

static struct stats_views_entry *find(const struct views_table *t, int64_t id)
{
    if (!t->cap)
        return NULL;
    for (size_t j = slot_of(id, t->cap);; j = (j + 1) & (t->cap - 1)) {
        if (t->slots[j].id == id)
            return &t->slots[j];
        if (!t->slots[j].id)
            return NULL;
    }
}

/* Puts an entry known to be absent into a table with room. */
static void place(struct views_table *t, struct stats_views_entry e)
{
    size_t j = slot_of(e.id, t->cap);
    while (t->slots[j].id)
        j = (j + 1) & (t->cap - 1);
    t->slots[j] = e;
    t->n++;
}

/* A table of capacity `cap` holding the entries of `t` with views left;
 * false (t unchanged) when memory ran out. */
static bool rebuild(struct views_table *t, size_t cap)
{
    struct views_table fresh = {.slots = calloc(cap, sizeof *fresh.slots), .cap = cap};
    if (!fresh.slots)
        return false;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].id && t->slots[i].views > 0)
            place(&fresh, t->slots[i]);
    free(t->slots);
    *t = fresh;
    return true;
}

void stats_views_set_writer(enum stats_item kind, stats_views_writer write) { vs.writers[kind] = write; }

void stats_view_count(enum stats_item kind, int64_t id, uint64_t reader)
{
    if (id <= 0 || kind >= STATS_ITEM_KINDS || !reader)
        return;
    uint64_t seen = (reader ^ ((uint64_t)id * 0x9E3779B97F4A7C15ull + (uint64_t)kind)) * 0xBF58476D1CE4E5B9ull;
    seen = seen ? seen : 1;
    uint64_t *slot = &vs.recent[(seen >> 40) % STATS_VIEWS_RECENT];
    pthread_mutex_lock(&vs.lock);
    if (*slot == seen) { /* this reader's view of this item, already counted */
        pthread_mutex_unlock(&vs.lock);
        return;
    }
    *slot = seen;
    struct views_table *t = &vs.tables[kind];
    struct stats_views_entry *e = find(t, id);
    if (e) {
        e->views++;
    } else if (t->n >= STATS_VIEWS_MAX || ((t->n + 1) * 2 > t->cap && !rebuild(t, t->cap ? t->cap * 2 : 1024))) {
        vs.lost++; /* logged at the next flush */
    } else {
        place(t, (struct stats_views_entry){id, 1});
    }
    pthread_mutex_unlock(&vs.lock);
}

long long stats_views_pending(enum stats_item kind, int64_t id)
{
    if (kind >= STATS_ITEM_KINDS)
        return 0;
    pthread_mutex_lock(&vs.lock);
    const struct stats_views_entry *e = find(&vs.tables[kind], id);
    long long n = e ? e->views : 0;
    pthread_mutex_unlock(&vs.lock);
    return n;
}

int stats_views_begin(struct stats_views_batch *b)
{
    memset(b, 0, sizeof *b);
    pthread_mutex_lock(&vs.lock);
    for (int k = 0; k < STATS_ITEM_KINDS; k++) {
        const struct views_table *t = &vs.tables[k];
        if (!t->n)
            continue;
        b->entries[k] = malloc(t->n * sizeof *b->entries[k]);
        if (!b->entries[k]) {
            pthread_mutex_unlock(&vs.lock);
            stats_views_end(b, false);
            return -1;
        }
        for (size_t i = 0; i < t->cap; i++)
            if (t->slots[i].id && t->slots[i].views > 0)
                b->entries[k][b->n[k]++] = t->slots[i];
    }
    b->lost = vs.lost;
    pthread_mutex_unlock(&vs.lock);
    return 0;
}

bool stats_views_any(const struct stats_views_batch *b)
{
    for (int k = 0; k < STATS_ITEM_KINDS; k++)
        if (b->n[k])
            return true;
    return false;
}

int stats_views_write(struct store_conn *db, const struct stats_views_batch *b)
{
    for (int k = 0; k < STATS_ITEM_KINDS; k++) {
        if (!b->n[k])
            continue;
        if (!vs.writers[k]) {
            log_error("views: no writer for kind %d; the counts stay in memory", k);
            return -1;
        }
        for (size_t i = 0; i < b->n[k]; i++)
            if (vs.writers[k](db, b->entries[k][i].id, b->entries[k][i].views) != 0)
                return -1;
    }
    return 0;
}

void stats_views_end(struct stats_views_batch *b, bool committed)
{
    pthread_mutex_lock(&vs.lock);
    if (committed) {
        for (int k = 0; k < STATS_ITEM_KINDS; k++) {
            struct views_table *t = &vs.tables[k];
            for (size_t i = 0; i < b->n[k]; i++) {
                struct stats_views_entry *e = find(t, b->entries[k][i].id);
                if (e)
                    e->views -= b->entries[k][i].views;
            }
            /* the items written leave the table; a table that grew for a
             * burst shrinks back */
            size_t left = 0, cap = 1024;
            for (size_t i = 0; i < t->cap; i++)
                left += t->slots[i].id && t->slots[i].views > 0;
            while (cap < left * 4)
                cap *= 2;
            if (b->n[k] && !rebuild(t, cap < t->cap ? cap : t->cap))
                log_error("views: out of memory while tidying the counts");
        }
        if (b->lost) {
            log_error("views: %llu views of pages were not counted (more than %u items waited for one flush)",
                      b->lost, STATS_VIEWS_MAX);
            vs.lost -= b->lost;
        }
    }
    pthread_mutex_unlock(&vs.lock);
    for (int k = 0; k < STATS_ITEM_KINDS; k++) {
        free(b->entries[k]);
        b->entries[k] = NULL;
        b->n[k] = 0;
    }
}

void stats_views_reset(void)
{
    pthread_mutex_lock(&vs.lock);
    for (int k = 0; k < STATS_ITEM_KINDS; k++) {
        free(vs.tables[k].slots);
        vs.tables[k] = (struct views_table){0};
    }
    vs.lost = 0;
    pthread_mutex_unlock(&vs.lock);
}
