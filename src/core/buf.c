/* buf.c - growable byte buffers; see buf.h. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>

void buf_free(struct buf *b)
{
    free(b->p);
    *b = BUF_INIT;
}

void buf_grow(struct buf *b, size_t extra)
{
    if (b->cap - b->n >= extra + 1)
        return;
    size_t want = b->n + extra + 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < want)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        abort();
    b->p = p;
    b->cap = cap;
}

void buf_puts(struct buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(struct buf *b, char c)
{
    buf_reserve(b, 1);
    b->p[b->n++] = c;
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    char small[256];
    int k = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (k < 0)
        return;
    if ((size_t)k < sizeof small) {
        buf_append(b, small, (size_t)k);
        return;
    }
    buf_reserve(b, (size_t)k);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    b->n += (size_t)k;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_cstr(struct buf *b)
{
    buf_reserve(b, 0);
    b->p[b->n] = '\0';
    return b->p;
}

char *buf_detach(struct buf *b, size_t *n)
{
    char *p = buf_cstr(b);
    if (n)
        *n = b->n;
    *b = BUF_INIT;
    return p;
}

static _Thread_local struct buf scratch;

struct buf *buf_scratch(void)
{
    buf_reset(&scratch);
    return &scratch;
}

void buf_scratch_release(void) { buf_free(&scratch); }
