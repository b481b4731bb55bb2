/*
 * utf8.c - strict UTF-8 validation, control-character detection, counting
 * and truncation; see utf8.h.
 *
 * The validator follows the well-formed byte sequence table of the Unicode
 * standard (chapter 3, table 3-7): the second byte's allowed range depends
 * on the lead byte, which is what rules out overlong forms, surrogates and
 * code points above U+10FFFF without decoding anything.
 */
#include "text/utf8.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* True if `b` is a continuation byte (10xxxxxx). */
static inline bool is_continuation(unsigned char b) { return (b & 0xC0) == 0x80; }

/*
 * Returns the length (1-4) of the well-formed sequence starting at p[0],
 * of which `avail` bytes are readable, or 0 if the bytes there are not a
 * well-formed sequence (bad lead byte, bad second byte for that lead,
 * bad continuation, or a sequence cut short by the end of the input).
 */
static size_t sequence_length(const unsigned char *p, size_t avail)
{
    unsigned char lead = p[0];
    size_t len;
    unsigned char low = 0x80, high = 0xBF; /* allowed range of byte 2 */

    if (lead < 0x80)
        return 1;
    if (lead < 0xC2) /* continuation byte, or C0/C1: overlong 2-byte */
        return 0;
    if (lead < 0xE0) {
        len = 2;
    } else if (lead < 0xF0) {
        len = 3;
        if (lead == 0xE0)
            low = 0xA0; /* below: overlong */
        else if (lead == 0xED)
            high = 0x9F; /* above: surrogates */
    } else if (lead < 0xF5) {
        len = 4;
        if (lead == 0xF0)
            low = 0x90; /* below: overlong */
        else if (lead == 0xF4)
            high = 0x8F; /* above: beyond U+10FFFF */
    } else {
        return 0;
    }
    if (avail < len)
        return 0;
    if (p[1] < low || p[1] > high)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (!is_continuation(p[i]))
            return 0;
    return len;
}

/* True if the 8 bytes at p are all ASCII; lets long ASCII runs (most of
 * any Vietnamese page's markup and URLs) skip the per-byte table. */
static inline bool eight_ascii(const unsigned char *p)
{
    uint64_t word;
    memcpy(&word, p, sizeof word);
    return (word & UINT64_C(0x8080808080808080)) == 0;
}

bool utf8_valid(struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0;

    while (i < s.n) {
        if (s.n - i >= 8 && eight_ascii(p + i)) {
            i += 8;
            continue;
        }
        size_t len = sequence_length(p + i, s.n - i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

bool utf8_has_control(struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;

    for (size_t i = 0; i < s.n; i++) {
        unsigned char b = p[i];
        if (b < 0x20 && b != '\t' && b != '\n' && b != '\r')
            return true;
        if (b == 0x7F)
            return true;
        /* U+0080-U+009F are encoded C2 80 .. C2 9F; C2 is never a
         * continuation byte, so this test cannot misfire mid-character. */
        if (b == 0xC2 && i + 1 < s.n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
            return true;
    }
    return false;
}

size_t utf8_count(struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t count = 0;

    for (size_t i = 0; i < s.n; i++)
        count += !is_continuation(p[i]);
    return count;
}

size_t utf8_truncate(struct str s, size_t max_bytes)
{
    const unsigned char *p = (const unsigned char *)s.p;

    if (max_bytes >= s.n)
        return s.n;
    /* p[max_bytes] is the first byte left out; if it continues a
     * character, step back to that character's lead byte. */
    size_t k = max_bytes;
    while (k > 0 && is_continuation(p[k]))
        k--;
    return k;
}

/* The length of the invisible character at s[i] (utf8_strip_invisible), or 0. */
static size_t invisible_at(struct str s, size_t i)
{
    if (i + 2 > s.n)
        return 0;
    unsigned char a = (unsigned char)s.p[i], b = (unsigned char)s.p[i + 1];
    if ((a == 0xC2 && b == 0xAD) || (a == 0xD8 && b == 0x9C) || (a == 0xCD && b == 0x8F))
        return 2; /* U+00AD soft hyphen, U+061C Arabic letter mark, U+034F grapheme joiner */
    if (i + 3 > s.n)
        return 0;
    unsigned char c = (unsigned char)s.p[i + 2];
    if (a == 0xE2 && b == 0x80 && ((c >= 0x8B && c <= 0x8F) || (c >= 0xAA && c <= 0xAE)))
        return 3; /* U+200B-U+200F (zero-width, LRM, RLM), U+202A-U+202E */
    if (a == 0xE1 && b == 0xA0 && c == 0x8E)
        return 3; /* U+180E Mongolian vowel separator */
    if (i + 4 <= s.n && a == 0xF3 && b == 0xA0 && (c == 0x80 || c == 0x81))
        return 4; /* U+E0000-U+E007F, the tag characters */
    if (a == 0xE2 && b == 0x81 && (c == 0xA0 || (c >= 0xA6 && c <= 0xA9)))
        return 3; /* U+2060, U+2066-U+2069 */
    if (a == 0xEF && b == 0xBB && c == 0xBF)
        return 3; /* U+FEFF */
    return 0;
}

size_t utf8_space_at(struct str s, size_t i)
{
    const unsigned char *p = (const unsigned char *)s.p + i;
    size_t left = s.n - i;
    if (p[0] == ' ' || p[0] == '\t' || p[0] == '\n' || p[0] == '\r')
        return 1;
    if (left >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if (left < 3)
        return 0;
    if ((p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) ||
        (p[0] == 0xE2 && p[1] == 0x80 && (p[2] <= 0x8A || p[2] == 0xA8 || p[2] == 0xA9 || p[2] == 0xAF)) ||
        (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F))
        return 3;
    return 0;
}

bool utf8_is_blank(struct str s)
{
    for (size_t i = 0; i < s.n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s.p + i, (utf8proc_ssize_t)(s.n - i), &c);
        if (k <= 0)
            return false; /* not text: not blank either, the caller's checks refuse it */
        /* the fillers are letters or symbols that show nothing: the Hangul
         * ones and the blank Braille pattern */
        bool filler = c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0 || c == 0x2800;
        switch (filler ? UTF8PROC_CATEGORY_CF : utf8proc_category(c)) {
        case UTF8PROC_CATEGORY_ZS: /* spaces */
        case UTF8PROC_CATEGORY_ZL:
        case UTF8PROC_CATEGORY_ZP:
        case UTF8PROC_CATEGORY_CC: /* controls: tab, line ends */
        case UTF8PROC_CATEGORY_CF: /* format: zero-width, bidi, invisible operators, tags */
            break;
        default:
            if (!invisible_at(s, i)) /* U+034F, a mark that shows nothing */
                return false;
        }
        i += (size_t)k;
    }
    return true;
}

/* The length of a break inside a line at s[i]: a space, tab or line end
 * (ASCII), or U+2028 / U+2029; 0 when there is none. */
static size_t break_at(struct str s, size_t i)
{
    char c = s.p[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        return 1;
    if (i + 3 <= s.n && (unsigned char)c == 0xE2 && (unsigned char)s.p[i + 1] == 0x80 &&
        ((unsigned char)s.p[i + 2] == 0xA8 || (unsigned char)s.p[i + 2] == 0xA9))
        return 3;
    return 0;
}

struct str utf8_clean_line(struct arena *a, struct str s)
{
    s = utf8_strip_invisible(a, s);
    size_t k;
    while (s.n && (k = utf8_space_at(s, 0)))
        s = str_skip(s, k);
    /* the end: step back over whole characters while the last is a space */
    while (s.n) {
        size_t last = s.n - 1; /* the lead byte of the last character */
        while (last > 0 && is_continuation((unsigned char)s.p[last]))
            last--;
        if (utf8_space_at(s, last) != s.n - last)
            break;
        s.n = last;
    }
    /* inside: each run of breaks one space ("A\n\nB", "A \u2028 B": "A B") */
    bool plain = true;
    for (size_t i = 0; i < s.n && plain; i++)
        if ((k = break_at(s, i)))
            plain = k == 1 && s.p[i] == ' ' && !(i + 1 < s.n && break_at(s, i + 1));
    if (plain)
        return s;
    char *out = arena_alloc(a, s.n + 1);
    size_t n = 0;
    for (size_t i = 0; i < s.n;) {
        if ((k = break_at(s, i))) {
            while (i < s.n && (k = break_at(s, i)))
                i += k;
            out[n++] = ' ';
        } else
            out[n++] = s.p[i++];
    }
    out[n] = '\0';
    return (struct str){out, n};
}

/* The length of the noncharacter at s[i] (utf8_strip_noncharacters), or 0. */
static size_t noncharacter_at(struct str s, size_t i)
{
    const unsigned char *p = (const unsigned char *)s.p + i;
    size_t left = s.n - i;
    if (left >= 3 && p[0] == 0xEF && ((p[1] == 0xB7 && p[2] >= 0x90 && p[2] <= 0xAF) || (p[1] == 0xBF && p[2] >= 0xBE)))
        return 3; /* U+FDD0-U+FDEF, U+FFFE, U+FFFF */
    if (left >= 4 && p[0] >= 0xF0 && p[0] <= 0xF4 && (p[1] & 0x0F) == 0x0F && p[2] == 0xBF && p[3] >= 0xBE)
        return 4; /* U+1FFFE, U+1FFFF ... U+10FFFE, U+10FFFF */
    return 0;
}

/* `s` without the characters at which `at` says how many bytes to drop. */
static struct str strip_with(struct arena *a, struct str s, size_t (*at)(struct str, size_t))
{
    size_t i = 0;
    while (i < s.n && !at(s, i))
        i++;
    if (i == s.n)
        return s;
    char *out = arena_alloc(a, s.n + 1);
    memcpy(out, s.p, i);
    size_t n = i;
    while (i < s.n) {
        size_t skip = at(s, i);
        if (skip)
            i += skip;
        else
            out[n++] = s.p[i++];
    }
    out[n] = '\0';
    return (struct str){out, n};
}

struct str utf8_strip_invisible(struct arena *a, struct str s) { return strip_with(a, s, invisible_at); }

/* q with each zero-width space (U+200B) between two words a space, and
 * those beside a space or at an end dropped. */
static struct str zero_width_spaces_apart(struct arena *a, struct str q)
{
    static const char zwsp[] = "\xE2\x80\x8B";
    if (!q.n || !memmem(q.p, q.n, zwsp, 3))
        return q;
    char *out = arena_alloc(a, q.n + 1);
    size_t n = 0;
    for (size_t i = 0; i < q.n;) {
        if (i + 3 <= q.n && memcmp(q.p + i, zwsp, 3) == 0) {
            i += 3;
            if (n && out[n - 1] != ' ' && i < q.n && q.p[i] != ' ')
                out[n++] = ' '; /* between two words; beside a space, nothing */
        } else {
            out[n++] = q.p[i++];
        }
    }
    out[n] = '\0';
    return (struct str){out, n};
}

struct str utf8_query_clean(struct arena *a, struct str q)
{
    return utf8_strip_invisible(a, zero_width_spaces_apart(a, q));
}

/* Whether the code point is a combining mark that draws over its letter. */
static bool is_mark(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_MN || k == UTF8PROC_CATEGORY_ME;
}

struct str utf8_limit_marks(struct arena *a, struct str s, int max)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s.p;
    char *out = NULL;
    size_t n = 0, i = 0;
    int run = 0;
    while (i < s.n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(s.n - i), &c);
        if (k <= 0)
            return s;
        bool mark = c >= 0x300 && is_mark(c);
        run = mark ? run + 1 : 0;
        if (mark && run > max) {
            if (!out) { /* the first mark too many: copy what came before */
                out = arena_alloc(a, s.n + 1);
                memcpy(out, s.p, i);
                n = i;
            }
        } else if (out) {
            memcpy(out + n, s.p + i, (size_t)k);
            n += (size_t)k;
        }
        i += (size_t)k;
    }
    if (!out)
        return s;
    out[n] = '\0';
    return (struct str){out, n};
}

struct str utf8_strip_noncharacters(struct arena *a, struct str s)
{
    /* every form value passes here, an article's body too: a byte at a
     * time, looking closer only at the lead bytes a noncharacter has */
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.n; i++)
        if (p[i] >= 0xEF && noncharacter_at(s, i))
            return strip_with(a, s, noncharacter_at);
    return s;
}
