/*
 * arena.h - a bump allocator for memory that dies together.
 *
 * A request, a rendering or a demo batch takes memory from an arena and
 * never frees it piecemeal; arena_reset() gives everything back at once
 * and keeps the first block for the next use. Allocation failure aborts.
 */
#ifndef DINH_CORE_ARENA_H
#define DINH_CORE_ARENA_H

#include <stddef.h>

#include "core/str.h"

struct arena_block;

struct arena {
    struct arena_block *head; /* newest block first */
    size_t block_size;        /* size of ordinary blocks */
};

void arena_init(struct arena *a, size_t block_size);
/* Frees every block but the first (if it is an ordinary one). */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);
/* Memory aligned for any type; never NULL. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_zalloc(struct arena *a, size_t n);
/* Copies bytes into the arena (NUL-terminated, the NUL not counted). */
struct str arena_strdup(struct arena *a, const char *p, size_t n);
/* The pieces one after another, in the arena (NUL-terminated): the cheap
 * way to build URLs in hot paths. */
struct str arena_join(struct arena *a, const struct str *pieces, size_t n);
#define ARENA_JOIN(a, ...) \
    arena_join((a), (const struct str[]){__VA_ARGS__}, sizeof((const struct str[]){__VA_ARGS__}) / sizeof(struct str))

/* A number in decimal, in the arena: the cheap way to put ids in URLs. */
struct str arena_decimal(struct arena *a, long long v);

/* printf into the arena. */
struct str arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define ARENA_NEW(a, type) ((type *)arena_zalloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, count) ((type *)arena_zalloc((a), sizeof(type) * (count)))

#endif
