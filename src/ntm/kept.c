/*
 * kept.c - the public workbooks as last built, kept while no write has
 * touched the monitor's data or the site's settings.
 *
 * /nong-thon-moi/ca-nuoc.xlsx takes most of a second to build at national
 * scale and anyone may ask for it: without this, a few anonymous clients
 * asking in a loop kept every worker building and made logins and saves
 * wait seconds. A workbook built from a snapshot is kept under the epoch
 * read before that snapshot began, so a commit during the build makes it
 * stale at once; the epoch moves with every commit that touches an "ntm"
 * or "site" tag, or anything (STORE_TAG_ALL: a command line beside).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"
#include "store/store.h"

/* The national workbook of each year and of all, and the province's of
 * the years and quarters most asked for: with 8, asking for nine in turn
 * made every request build one (213 ms each at national scale). More
 * variants than this still build in turn, on a worker. */
#define KEPT_BOOKS 16
#define KEPT_KEY 48

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint64_t epoch = 1;
static struct {
    char key[KEPT_KEY];
    uint64_t epoch;
    int meta;
    char *bytes;
    size_t n;
} books[KEPT_BOOKS];
static size_t next_slot;

static void on_commit(struct str tag)
{
    if (str_starts_with(tag, STR("ntm")) || str_starts_with(tag, STR("site")) || str_eq_lit(tag, STORE_TAG_ALL))
        atomic_fetch_add(&epoch, 1);
}

void ntm_kept_init(void) { store_on_commit(on_commit); }

uint64_t ntm_kept_epoch(void) { return atomic_load(&epoch); }

bool ntm_kept_get(const char *key, struct buf *out, int *meta)
{
    bool found = false;
    uint64_t now = atomic_load(&epoch);
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < KEPT_BOOKS && !found; i++)
        if (books[i].bytes && books[i].epoch == now && strcmp(books[i].key, key) == 0) {
            buf_reset(out);
            buf_put(out, (struct str){books[i].bytes, books[i].n});
            *meta = books[i].meta;
            found = true;
        }
    pthread_mutex_unlock(&lock);
    return found;
}

void ntm_kept_put(const char *key, uint64_t built_at, int meta, const struct buf *book)
{
    if (strlen(key) >= KEPT_KEY || built_at != atomic_load(&epoch) || !book->n)
        return;
    char *copy = malloc(book->n);
    if (!copy)
        return;
    memcpy(copy, book->p, book->n);
    pthread_mutex_lock(&lock);
    size_t slot = KEPT_BOOKS;
    for (size_t i = 0; i < KEPT_BOOKS && slot == KEPT_BOOKS; i++)
        if (books[i].bytes && strcmp(books[i].key, key) == 0)
            slot = i;
    if (slot == KEPT_BOOKS)
        slot = next_slot++ % KEPT_BOOKS;
    free(books[slot].bytes);
    strcpy(books[slot].key, key);
    books[slot].epoch = built_at;
    books[slot].meta = meta;
    books[slot].bytes = copy;
    books[slot].n = book->n;
    pthread_mutex_unlock(&lock);
}
