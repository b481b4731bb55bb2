/*
 * buf.h - a growable byte buffer.
 *
 * Renderers, escapers and text functions append to a `struct buf`. The
 * buffer owns its bytes (malloc); it keeps its capacity across
 * buf_reset() so a worker thread can reuse one buffer for every request.
 * Allocation failure aborts: a web server that cannot allocate a few
 * kilobytes has nothing better to do.
 */
#ifndef DINH_CORE_BUF_H
#define DINH_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "core/str.h"

struct buf {
    char *p;    /* the bytes; not NUL-terminated unless buf_cstr() was called */
    size_t n;   /* bytes in use */
    size_t cap; /* bytes allocated */
};

#define BUF_INIT ((struct buf){NULL, 0, 0})

void buf_free(struct buf *b);
/* Forgets the content, keeps the memory. */
static inline void buf_reset(struct buf *b) { b->n = 0; }
/* Makes room for `extra` more bytes (buf_grow does it when there is none). */
void buf_grow(struct buf *b, size_t extra);
static inline void buf_reserve(struct buf *b, size_t extra)
{
    if (b->cap - b->n < extra + 1)
        buf_grow(b, extra);
}
/* Inline, always: templates append thousands of short literals per page,
 * and with the length known where it is called the copy is a few moves.
 * (Left to itself GCC inlined only the test for 0 and called the rest,
 * copy included, as a function: 3.6 % of a rendered article's time.) */
static inline __attribute__((always_inline)) void buf_append(struct buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    buf_reserve(b, n);
    memcpy(b->p + b->n, p, n);
    b->n += n;
}
static inline void buf_put(struct buf *b, struct str s) { buf_append(b, s.p, s.n); }
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* A view of the content. */
static inline struct str buf_str(const struct buf *b) { return (struct str){b->p, b->n}; }
/* Adds a NUL after the content (not counted in n) and returns the bytes. */
char *buf_cstr(struct buf *b);
/* Hands the bytes to the caller (who frees them) and empties the buffer. */
char *buf_detach(struct buf *b, size_t *n);

/* The calling thread's scratch buffer, emptied: for building a string that
 * is copied out at once (into an arena) before anything else runs, so no
 * malloc is paid per use. A thread frees it with buf_scratch_release
 * before it ends. */
struct buf *buf_scratch(void);
void buf_scratch_release(void);

#endif
