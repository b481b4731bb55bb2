/* arena.c - bump allocation in linked blocks; see arena.h. */
#include "core/arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>

struct arena_block {
    struct arena_block *next;
    size_t size; /* usable bytes in data[] */
    size_t used;
    alignas(max_align_t) unsigned char data[];
};

static struct arena_block *block_new(size_t size, struct arena_block *next)
{
    struct arena_block *b = malloc(sizeof *b + size);
    if (!b)
        abort();
    b->next = next;
    b->size = size;
    b->used = 0;
    return b;
}

void arena_init(struct arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size ? block_size : 16384;
}

void arena_reset(struct arena *a)
{
    struct arena_block *keep = NULL;
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        if (!next && b->size == a->block_size) {
            keep = b; /* the oldest ordinary block survives */
            break;
        }
        free(b);
    }
    a->head = keep;
    if (keep)
        keep->used = 0;
}

void arena_free(struct arena *a)
{
    for (struct arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        if (n > a->block_size / 4) {
            /* A large piece gets a block of its own, placed behind the
             * current one so the current block keeps filling. */
            struct arena_block *big = block_new(n, b ? b->next : NULL);
            big->used = n;
            if (b)
                b->next = big;
            else
                a->head = big;
            return big->data;
        }
        b = a->head = block_new(a->block_size, a->head);
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

struct str arena_strdup(struct arena *a, const char *p, size_t n)
{
    char *d = arena_alloc(a, n + 1);
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return (struct str){d, n};
}

struct str arena_join(struct arena *a, const struct str *pieces, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += pieces[i].n;
    char *d = arena_alloc(a, total + 1), *p = d;
    for (size_t i = 0; i < n; i++) {
        if (pieces[i].n)
            memcpy(p, pieces[i].p, pieces[i].n);
        p += pieces[i].n;
    }
    *p = '\0';
    return (struct str){d, total};
}

struct str arena_decimal(struct arena *a, long long v)
{
    char digits[24];
    size_t k = sizeof digits;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do
        digits[--k] = (char)('0' + u % 10);
    while ((u /= 10) != 0);
    if (v < 0)
        digits[--k] = '-';
    return arena_strdup(a, digits + k, sizeof digits - k);
}

struct str arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int k = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (k < 0) {
        va_end(ap);
        return (struct str){"", 0};
    }
    char *d = arena_alloc(a, (size_t)k + 1);
    vsnprintf(d, (size_t)k + 1, fmt, ap);
    va_end(ap);
    return (struct str){d, (size_t)k};
}
