/*
 * str.h - strings as pointer + length.
 *
 * Every string inside dinh travels as a `struct str`: a borrowed view of
 * bytes that are owned elsewhere (a request arena, a database row, a
 * string literal). Nothing here allocates; nothing assumes a trailing NUL.
 */
#ifndef DINH_CORE_STR_H
#define DINH_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct str {
    const char *p;
    size_t n;
};

/* A view of a string literal, without its terminating NUL. */
#define STR(lit) ((struct str){(lit), sizeof(lit) - 1})
#define STR_NULL ((struct str){NULL, 0})

static inline struct str str_cstr(const char *s)
{
    return (struct str){s, s ? strlen(s) : 0};
}

static inline struct str str_make(const char *p, size_t n)
{
    return (struct str){p, n};
}

static inline bool str_eq(struct str a, struct str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

static inline bool str_eq_lit(struct str a, const char *lit)
{
    return str_eq(a, str_cstr(lit));
}

static inline bool str_starts_with(struct str s, struct str prefix)
{
    return s.n >= prefix.n && memcmp(s.p, prefix.p, prefix.n) == 0;
}

static inline bool str_ends_with(struct str s, struct str suffix)
{
    return s.n >= suffix.n && memcmp(s.p + s.n - suffix.n, suffix.p, suffix.n) == 0;
}

/* The bytes of `s` after the first `k` (clamped to its length). */
static inline struct str str_skip(struct str s, size_t k)
{
    if (k > s.n)
        k = s.n;
    return (struct str){s.p + k, s.n - k};
}

/* Parses a decimal number with no sign, no spaces and at most 18 digits.
 * Returns false on anything else, so "12a", "" and "0x1" are refused. */
bool str_to_u64(struct str s, unsigned long long *out);
/* A row id as an address writes it: 1 to 18 digits without a leading zero
 * ("12", not "012" or "0"), so that one thing has one address (and one
 * entry in the page cache). */
bool str_to_id(struct str s, int64_t *out);
/* The decimal digits of v, written at the end of `room`: what a URL or a
 * date is built from without a printf. */
struct str str_of_u64(char room[24], unsigned long long v);

/* FNV-1a, 64 bits: for tables keyed by short strings that code or a
 * visitor chooses (a collision costs a comparison, nothing more). */
uint64_t str_hash(struct str s);

#endif
