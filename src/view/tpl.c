/*
 * tpl.c - escapers and output helpers for compiled templates; see tpl.h.
 *
 * Every escaper is the same loop: copy the longest run of bytes that need no
 * change, then write the replacement of the byte that stopped the run. What
 * each context changes is a table of replacements indexed by ASCII byte.
 * Bytes from 0x80 up must be well-formed UTF-8 (an own validator, so this
 * file depends on nothing but buf); an invalid sequence is replaced by
 * U+FFFD. Nearly every string is well-formed, so text and attributes are
 * first checked whole, 16 bytes at a time, and then copied in blocks that
 * stop only at the table's ASCII bytes; a string that is not well-formed
 * (and every JSON string) goes through the loop that checks and repairs each
 * sequence on the way.
 */
#include "view/tpl.h"

#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- output -------------------------------------------------------------------- */

void tpl_out_reset(struct tpl_out *out)
{
    buf_reset(&out->buf);
    out->n_live = 0;
}

void tpl_out_free(struct tpl_out *out)
{
    buf_free(&out->buf);
    *out = TPL_OUT_INIT;
}

void tpl_live_mark(struct tpl_out *out, const char *name)
{
    if (out->n_live >= TPL_LIVE_MAX)
        return;
    out->live_at[out->n_live] = out->buf.n;
    out->live_name[out->n_live] = name;
    out->n_live++;
}

struct tpl_html tpl_html_trusted(const char *p, size_t n)
{
    return (struct tpl_html){p, n};
}

/* ---- UTF-8 --------------------------------------------------------------------- */

#define REPLACEMENT_CHARACTER "\xEF\xBF\xBD"

/*
 * Looks at the sequence that starts with the byte p[0] >= 0x80. Returns its
 * length (2 to 4) if it is well-formed UTF-8 (no overlong forms, no
 * surrogates, nothing above U+10FFFF). Otherwise returns 0 and sets *bad to
 * the length of the maximal ill-formed prefix, which is replaced by one
 * U+FFFD (the practice the Unicode standard recommends, and what browsers do).
 */
static size_t utf8_sequence(const unsigned char *p, size_t n, size_t *bad)
{
    unsigned char lead = p[0];
    unsigned char low = 0x80, high = 0xBF; /* range of the second byte */
    size_t need;                           /* continuation bytes */

    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        if (lead == 0xE0)
            low = 0xA0; /* overlong */
        else if (lead == 0xED)
            high = 0x9F; /* surrogates */
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        if (lead == 0xF0)
            low = 0x90; /* overlong */
        else if (lead == 0xF4)
            high = 0x8F; /* above U+10FFFF */
    } else {
        *bad = 1;
        return 0;
    }
    size_t i = 1;
    for (; i <= need && i < n; i++) {
        unsigned char c = p[i];
        unsigned char lo = i == 1 ? low : 0x80, hi = i == 1 ? high : 0xBF;
        if (c < lo || c > hi)
            break;
    }
    if (i == need + 1)
        return i;
    *bad = i;
    return 0;
}

/* ---- the escaping loop ------------------------------------------------------------ */

enum rule_kind {
    COPY = 0,    /* the byte needs no change */
    REPLACE,     /* write `text` instead (empty text: drop the byte) */
    JSON_CONTROL /* write \u00XX */
};

struct escape_rule {
    unsigned char kind;
    unsigned char len;
    const char *text;
};

struct escape_table {
    struct escape_rule ascii[128];
    bool json; /* U+2028 and U+2029 become \u2028 and \u2029 */
    /* For each byte: 0 copy it, 1 an ASCII byte with a rule, 2 a byte of a
     * multi-byte UTF-8 sequence (checked). Set by init_classes. */
    unsigned char cls[256];
};

#define R(lit) {REPLACE, sizeof(lit) - 1, lit}
#define JC {JSON_CONTROL, 0, NULL}

static struct escape_table text_table = {
    .ascii = {
        [0] = R(""),
        ['&'] = R("&amp;"),
        ['<'] = R("&lt;"),
        ['>'] = R("&gt;"),
        ['"'] = R("&#34;"),
        ['\''] = R("&#39;"),
    },
};

static struct escape_table attr_table = {
    .ascii = {
        [0] = R(""),
        ['&'] = R("&amp;"),
        ['<'] = R("&lt;"),
        ['>'] = R("&gt;"),
        ['"'] = R("&#34;"),
        ['\''] = R("&#39;"),
        ['`'] = R("&#96;"),
    },
};

static struct escape_table json_table = {
    .ascii = {
        [0] = R(""),
        [0x01] = JC, [0x02] = JC, [0x03] = JC, [0x04] = JC, [0x05] = JC, [0x06] = JC,
        [0x07] = JC, [0x08] = JC, [0x09] = JC, [0x0A] = JC, [0x0B] = JC, [0x0C] = JC,
        [0x0D] = JC, [0x0E] = JC, [0x0F] = JC, [0x10] = JC, [0x11] = JC, [0x12] = JC,
        [0x13] = JC, [0x14] = JC, [0x15] = JC, [0x16] = JC, [0x17] = JC, [0x18] = JC,
        [0x19] = JC, [0x1A] = JC, [0x1B] = JC, [0x1C] = JC, [0x1D] = JC, [0x1E] = JC,
        [0x1F] = JC,
        ['"'] = R("\\\""),
        ['\\'] = R("\\\\"),
        ['<'] = R("\\u003c"),
        ['>'] = R("\\u003e"),
        ['&'] = R("\\u0026"),
    },
    .json = true,
};

#undef R
#undef JC

static const char hex_upper[] = "0123456789ABCDEF"; /* percent-encoding, as RFC 3986 prefers */
static const char hex_lower[] = "0123456789abcdef"; /* JSON, like \u003c */

/* The byte classes of each table, from its rules, once before main(). */
__attribute__((constructor)) static void init_classes(void)
{
    struct escape_table *tables[] = {&text_table, &attr_table, &json_table};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (int c = 0; c < 256; c++)
            tables[t]->cls[c] = c >= 0x80 ? 2 : tables[t]->ascii[c].kind != COPY;
}

/* How many of the 16 bytes at p need no work: ASCII, and no rule of the
 * table. SSE2 is part of every x86-64 processor; elsewhere, bytes are
 * looked at one by one. */
static inline size_t plain_prefix(const unsigned char *p, const struct escape_table *t)
{
#ifdef __SSE2__
    __m128i x = _mm_loadu_si128((const __m128i *)p);
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()), _mm_cmpeq_epi8(x, _mm_set1_epi8('&')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
    if (t == &attr_table)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('`')));
    else if (t == &json_table)
        hit = _mm_or_si128(_mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                           _mm_cmplt_epi8(x, _mm_set1_epi8(0x20))); /* controls, and every byte >= 0x80 */
    unsigned mask = (unsigned)_mm_movemask_epi8(hit) | (unsigned)_mm_movemask_epi8(x); /* high bit: not ASCII */
    return mask ? (size_t)__builtin_ctz(mask) : 16;
#else
    size_t k = 0;
    while (k < 16 && !t->cls[p[k]])
        k++;
    return k;
#endif
}

/* The length (2 or 3) of the well-formed sequence at p[i] if it is of the
 * kind Vietnamese letters are made of (ô ơ đ: C2-DF xx; ạ ầ ữ: E1-EC, EE,
 * EF xx xx, whose second byte needs no range check), else 0: the caller
 * then asks utf8_sequence. */
static inline size_t common_sequence(const unsigned char *p, size_t i, size_t n)
{
    unsigned char c = p[i];
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80)
        return 2;
    if (((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
        (p[i + 2] & 0xC0) == 0x80)
        return 3;
    return 0;
}

/* True if the n bytes at p are well-formed UTF-8 throughout, one byte
 * or sequence at a time: ASCII 8 bytes at a time to the next byte from
 * 0x80, the two- and three-byte sequences of Vietnamese letters inline. */
static bool well_formed_bytes(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (n - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            w &= UINT64_C(0x8080808080808080);
            if (!w) {
                i += 8;
                continue;
            }
            i += (size_t)__builtin_ctzll(w) / 8;
        } else if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = common_sequence(p, i, n), bad = 0;
        if (len) {
            i += len;
            continue;
        }
        len = utf8_sequence(p + i, n - i, &bad);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

#ifdef __SSE2__
/* One block of well_formed_blocks at x. The bytes before `from` were
 * checked with an earlier block (the last block of a string overlaps the
 * one before it) and *carry holds what they announced for the bytes from
 * `from` on. Returns 1 (and the new carry), 0 or -1 as the caller does. */
static inline int well_formed_block(__m128i x, unsigned from, unsigned *carry)
{
    unsigned high = (unsigned)_mm_movemask_epi8(x);
    unsigned mine = 0xFFFFu << from & 0xFFFFu; /* the positions this block decides */
    if (!(high & mine)) {
        int ok = !*carry;
        *carry = 0;
        return ok;
    }
    /* y = byte - 0x80 as a signed byte: 0..127 for bytes from 0x80,
     * negative for ASCII, so "y > t" never holds for ASCII */
    __m128i y = _mm_xor_si128(x, _mm_set1_epi8((char)0x80));
    unsigned from_c0 = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x3F)));
    unsigned from_c2 = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x41)));
    unsigned from_e0 = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x5F)));
    unsigned from_f0 = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x6F)));
    unsigned from_f5 = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(y, _mm_set1_epi8(0x74)));
    __m128i narrow = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE0)),
                                               _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xED))),
                                  _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xF0)),
                                               _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xF4))));
    if (_mm_movemask_epi8(narrow))
        return -1;
    if ((from_c0 & ~from_c2) || from_f5) /* C0, C1, F5-FF: never in UTF-8 */
        return 0;
    unsigned cont = high & ~from_c0;
    unsigned lead2 = from_c2 & ~from_e0, lead3 = from_e0 & ~from_f0, lead4 = from_f0;
    unsigned want = *carry << from | lead2 << 1 | lead3 << 1 | lead3 << 2 | lead4 << 1 | lead4 << 2 | lead4 << 3;
    if ((want & mine) != (cont & mine))
        return 0;
    *carry = want >> 16;
    return 1;
}

/* well_formed_bytes 16 bytes at a time, from bit masks: each lead byte
 * (C2-DF, E1-EF, F1-F3) announces where its continuation bytes (80-BF)
 * must be, and a block is well-formed when the continuation bytes are
 * exactly the announced ones (the announcement carries into the next
 * block). The last bytes (fewer than 16) are the end of a block read over
 * the one before, so no byte is looked at alone. Returns 1 or 0, or -1
 * when the string holds a lead byte whose second byte has a narrower range
 * (E0, ED, F0, F4: Thai, Hangul, emoji): then the bytewise check decides. */
static int well_formed_blocks(const unsigned char *p, size_t n)
{
    if (n < 16)
        return well_formed_bytes(p, n);
    unsigned carry = 0;
    size_t i = 0;
    for (; n - i >= 16; i += 16) {
        int v = well_formed_block(_mm_loadu_si128((const __m128i *)(p + i)), 0, &carry);
        if (v <= 0)
            return v;
    }
    if (i < n) {
        int v = well_formed_block(_mm_loadu_si128((const __m128i *)(p + n - 16)), (unsigned)(16 - (n - i)), &carry);
        if (v <= 0)
            return v;
    }
    return !carry; /* a sequence the string ends inside */
}
#endif

/* True if the n bytes at p are well-formed UTF-8 throughout, as nearly
 * every string is (what the modules store was checked when written). */
static bool well_formed(const unsigned char *p, size_t n)
{
#ifdef __SSE2__
    int v = well_formed_blocks(p, n);
    if (v >= 0)
        return v;
#endif
    return well_formed_bytes(p, n);
}

/* The bytes of the 16 at p that a well-formed string must stop at: the
 * table's ASCII bytes (bytes from 0x80 are copied as they are). */
static inline unsigned special_mask(const unsigned char *p, const struct escape_table *t)
{
#ifdef __SSE2__
    __m128i x = _mm_loadu_si128((const __m128i *)p);
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_setzero_si128()), _mm_cmpeq_epi8(x, _mm_set1_epi8('&')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
    if (t == &attr_table)
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, _mm_set1_epi8('`')));
    return (unsigned)_mm_movemask_epi8(hit);
#else
    unsigned m = 0;
    for (unsigned k = 0; k < 16; k++)
        m |= (unsigned)(t->cls[p[k]] == 1) << k;
    return m;
#endif
}

/* Copies the n (< 16) bytes at p to o without a loop: two copies that
 * overlap in the middle, as a small memcpy does inside. */
static inline void copy_short(char *o, const unsigned char *p, size_t n)
{
    if (n >= 8) {
        memcpy(o, p, 8);
        memcpy(o + n - 8, p + n - 8, 8);
    } else if (n >= 4) {
        memcpy(o, p, 4);
        memcpy(o + n - 4, p + n - 4, 4);
    } else if (n) {
        o[0] = (char)p[0];
        o[n / 2] = (char)p[n / 2];
        o[n - 1] = (char)p[n - 1];
    }
}

/* escape_with for a well-formed string and a table with only REPLACE rules
 * (text and attributes): 16 bytes at a time, stopping only where a rule
 * applies. */
static void escape_well_formed(struct buf *b, const unsigned char *p, size_t n, const struct escape_table *table)
{
    enum { WINDOW = 4096, GROWTH = 6 };
    size_t i = 0;
    while (i < n) {
        size_t end = n - i < WINDOW ? n : i + WINDOW;
        buf_reserve(b, (end - i) * GROWTH + 16);
        char *o = b->p + b->n;
        while (end - i >= 16) {
            unsigned m = special_mask(p + i, table);
            memcpy(o, p + i, 16);
            if (!m) {
                o += 16;
                i += 16;
                continue;
            }
            size_t k = (size_t)__builtin_ctz(m);
            o += k;
            i += k;
            const struct escape_rule *rule = &table->ascii[p[i]];
            memcpy(o, rule->text, rule->len);
            o += rule->len;
            i++;
        }
        /* The last bytes of a string of 16 or more: the end of a block read
         * over the bytes before them says whether any needs a rule; most
         * often none does, and they are copied at once. Nothing past the
         * string is read. */
        size_t rest = end - i;
        if (end == n && rest && n >= 16 && !(special_mask(p + n - 16, table) >> (16 - rest))) {
            copy_short(o, p + i, rest);
            o += rest;
            i = n;
        }
        /* Otherwise one by one (no block is put together from single bytes:
         * reading it back would stall). */
        for (; i < end; i++) {
            unsigned char c = p[i];
            if (table->cls[c] != 1) {
                *o++ = (char)c;
                continue;
            }
            const struct escape_rule *rule = &table->ascii[c];
            memcpy(o, rule->text, rule->len);
            o += rule->len;
        }
        b->n = (size_t)(o - b->p);
    }
}

/* Escapes s into b by the table's rules, repairing invalid UTF-8 (each bad
 * sequence becomes U+FFFD) on the way. The input goes in windows whose
 * worst-case output is reserved first, so each byte is then written
 * straight into the buffer. */
static void escape_with(struct buf *b, struct str s, const struct escape_table *table)
{
    enum { WINDOW = 4096, GROWTH = 6 }; /* no byte becomes more than 6; a block copy writes 16 ahead */
    const unsigned char *p = (const unsigned char *)s.p;
    size_t n = s.n, i = 0;

    if (!p)
        return;
    if (!table->json && well_formed(p, n)) {
        escape_well_formed(b, p, n, table);
        return;
    }
    while (i < n) {
        size_t end = n - i < WINDOW ? n : i + WINDOW;
        buf_reserve(b, (end - i) * GROWTH + 16);
        char *o = b->p + b->n;
        while (i < end) {
            if (i + 16 <= end) {
                /* The bytes that need nothing, 16 at a time: copied as a
                 * block even when fewer are plain (the rest is written
                 * over). */
                size_t k = plain_prefix(p + i, table);
                memcpy(o, p + i, 16);
                o += k;
                i += k;
                if (k == 16)
                    continue;
            }
            unsigned char c = p[i];
            unsigned char k = table->cls[c];
            if (k == 0) {
                *o++ = (char)c;
                i++;
                continue;
            }
            if (k == 1) {
                const struct escape_rule *rule = &table->ascii[c];
                if (rule->kind == REPLACE) {
                    memcpy(o, rule->text, rule->len);
                    o += rule->len;
                } else {
                    char u[6] = {'\\', 'u', '0', '0', hex_lower[c >> 4], hex_lower[c & 15]};
                    memcpy(o, u, sizeof u);
                    o += sizeof u;
                }
                i++;
                continue;
            }
            /* The sequences of Vietnamese letters are copied at once (JSON
             * must look at E2: U+2028 and U+2029 are escaped); anything
             * else takes the full check below. A sequence may end past the
             * window: its room was reserved with the window's. */
            size_t common = common_sequence(p, i, n);
            if (common && !(table->json && c == 0xE2)) {
                memcpy(o, p + i, common);
                o += common;
                i += common;
                continue;
            }
            size_t bad = 0;
            size_t len = utf8_sequence(p + i, n - i, &bad);
            if (len == 0) {
                memcpy(o, REPLACEMENT_CHARACTER, 3);
                o += 3;
                i += bad;
            } else if (table->json && len == 3 && c == 0xE2 && p[i + 1] == 0x80 &&
                       (p[i + 2] == 0xA8 || p[i + 2] == 0xA9)) {
                memcpy(o, p[i + 2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                o += 6;
                i += 3;
            } else {
                memcpy(o, p + i, len);
                o += len;
                i += len;
            }
        }
        b->n = (size_t)(o - b->p);
    }
}

void tpl_escape_text(struct buf *b, struct str s) { escape_with(b, s, &text_table); }

void tpl_escape_attr(struct buf *b, struct str s) { escape_with(b, s, &attr_table); }

void tpl_escape_json_string(struct buf *b, struct str s)
{
    buf_putc(b, '"');
    escape_with(b, s, &json_table);
    buf_putc(b, '"');
}

/* ---- URLs -------------------------------------------------------------------------- */

/* Bytes a browser strips around a URL, and drops inside its scheme. */
static bool url_ignored_byte(unsigned char c) { return c <= 0x20 || c == 0x7F; }

static bool scheme_is(const unsigned char *scheme, size_t n, const char *want)
{
    size_t k = strlen(want);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = scheme[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)want[i])
            return false;
    }
    return true;
}

bool tpl_url_is_safe(struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;

    /* The scheme, without the bytes a browser strips around a URL or drops
     * inside it (skipping them everywhere before the ':' covers leading
     * blanks too). Anything longer than the longest allowed scheme is
     * refused without a look. */
    unsigned char scheme[8];
    size_t scheme_n = 0;
    bool too_long = false;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = p[i];
        if (c == '/' || c == '?' || c == '#')
            return true; /* no scheme: a relative URL */
        if (c == ':') {
            if (too_long)
                return false;
            return scheme_is(scheme, scheme_n, "http") || scheme_is(scheme, scheme_n, "https") ||
                   scheme_is(scheme, scheme_n, "mailto") || scheme_is(scheme, scheme_n, "tel");
        }
        if (url_ignored_byte(c))
            continue;
        if (scheme_n < sizeof scheme)
            scheme[scheme_n++] = c;
        else
            too_long = true;
    }
    return true; /* no ':' at all */
}

/* The bytes an attribute takes as they are, in a URL of the site's own:
 * printable ASCII but & < > " ' ` (the bytes attribute escaping changes). */
static inline bool url_byte_plain(unsigned char c)
{
    return c > 0x20 && c < 0x7F && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`';
}

/* Whether all n bytes at p are url_byte_plain, 16 at a time where SSE2 is. */
static bool url_plain(const unsigned char *p, size_t n)
{
#ifdef __SSE2__
    /* the last block ends at the string's end, over bytes already seen */
    for (size_t i = 0; n >= 16; i = n - i - 16 < 16 ? n - 16 : i + 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(p + i));
        /* signed: bytes from 0x80 are negative, so "> 0x20" leaves them out */
        __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7F)));
        __m128i bad = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('&')), _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('\'')));
        bad = _mm_or_si128(bad, _mm_cmpeq_epi8(x, _mm_set1_epi8('`')));
        if (_mm_movemask_epi8(_mm_andnot_si128(bad, ok)) != 0xFFFF)
            return false;
        if (i + 16 == n)
            return true;
    }
#endif
    for (size_t i = 0; i < n; i++)
        if (!url_byte_plain(p[i]))
            return false;
    return true;
}

void tpl_escape_url(struct buf *b, struct str s)
{
    /* The site's own addresses ("/tin-tuc/...-12.html", "/media/400/a.jpg"):
     * a path (no scheme: tpl_url_is_safe holds) whose every byte an
     * attribute takes as it is comes out as it went in, which is what the
     * checks below would write; a page holds dozens, and they are most of
     * its URLs. */
    if (s.n && s.p[0] == '/' && url_plain((const unsigned char *)s.p, s.n)) {
        buf_append(b, s.p, s.n);
        return;
    }
    if (tpl_url_is_safe(s))
        tpl_escape_attr(b, s);
    else
        buf_append(b, TPL_URL_INVALID, sizeof TPL_URL_INVALID - 1);
}

/* The bytes a URL part keeps as they are: letters, digits, - . _ ~ / */
static const bool url_part_safe[256] = {
    ['-'] = true, ['.'] = true, ['_'] = true, ['~'] = true, ['/'] = true,
    ['0'] = true, ['1'] = true, ['2'] = true, ['3'] = true, ['4'] = true,
    ['5'] = true, ['6'] = true, ['7'] = true, ['8'] = true, ['9'] = true,
    ['A'] = true, ['B'] = true, ['C'] = true, ['D'] = true, ['E'] = true, ['F'] = true, ['G'] = true,
    ['H'] = true, ['I'] = true, ['J'] = true, ['K'] = true, ['L'] = true, ['M'] = true, ['N'] = true,
    ['O'] = true, ['P'] = true, ['Q'] = true, ['R'] = true, ['S'] = true, ['T'] = true, ['U'] = true,
    ['V'] = true, ['W'] = true, ['X'] = true, ['Y'] = true, ['Z'] = true,
    ['a'] = true, ['b'] = true, ['c'] = true, ['d'] = true, ['e'] = true, ['f'] = true, ['g'] = true,
    ['h'] = true, ['i'] = true, ['j'] = true, ['k'] = true, ['l'] = true, ['m'] = true, ['n'] = true,
    ['o'] = true, ['p'] = true, ['q'] = true, ['r'] = true, ['s'] = true, ['t'] = true, ['u'] = true,
    ['v'] = true, ['w'] = true, ['x'] = true, ['y'] = true, ['z'] = true,
};

static bool url_part_byte_is_safe(unsigned char c) { return url_part_safe[c]; }

static void percent_encode(struct buf *b, const unsigned char *p, size_t n)
{
    buf_reserve(b, 3 * n);
    char *o = b->p + b->n;
    for (size_t i = 0; i < n; i++) {
        o[3 * i] = '%';
        o[3 * i + 1] = hex_upper[p[i] >> 4];
        o[3 * i + 2] = hex_upper[p[i] & 15];
    }
    b->n += 3 * n;
}

void tpl_escape_url_part(struct buf *b, struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t n = s.n, i = 0, run = 0;

    if (!p)
        return;
    while (i < n) {
        unsigned char c = p[i];
        if (url_part_byte_is_safe(c)) {
            i++;
            continue;
        }
        buf_append(b, p + run, i - run);
        if (c == 0) {
            i++;
        } else if (c < 0x80) {
            percent_encode(b, p + i, 1);
            i++;
        } else {
            size_t bad = 0;
            size_t len = utf8_sequence(p + i, n - i, &bad);
            if (len) {
                percent_encode(b, p + i, len);
                i += len;
            } else {
                percent_encode(b, (const unsigned char *)REPLACEMENT_CHARACTER, 3);
                i += bad;
            }
        }
        run = i;
    }
    buf_append(b, p + run, i - run);
}

/* ---- what generated code calls ------------------------------------------------------ */

void tpl_put_uint(struct tpl_out *out, unsigned long long v)
{
    char digits[24];
    size_t k = sizeof digits;
    do {
        digits[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buf_append(&out->buf, digits + k, sizeof digits - k);
}

void tpl_put_int(struct tpl_out *out, long long v)
{
    if (v < 0) {
        buf_putc(&out->buf, '-');
        /* negate in unsigned arithmetic, so LLONG_MIN works too */
        tpl_put_uint(out, 0ULL - (unsigned long long)v);
    } else {
        tpl_put_uint(out, (unsigned long long)v);
    }
}

void tpl_text_str(struct tpl_out *out, struct str s) { tpl_escape_text(&out->buf, s); }

void tpl_text_cstr(struct tpl_out *out, const char *s) { tpl_escape_text(&out->buf, str_cstr(s)); }

void tpl_text_html(struct tpl_out *out, struct tpl_html h)
{
    if (h.p)
        buf_append(&out->buf, h.p, h.n);
}

void tpl_rcdata_html(struct tpl_out *out, struct tpl_html h)
{
    tpl_escape_text(&out->buf, str_make(h.p, h.n));
}

void tpl_attr_str(struct tpl_out *out, struct str s) { tpl_escape_attr(&out->buf, s); }

void tpl_attr_cstr(struct tpl_out *out, const char *s) { tpl_escape_attr(&out->buf, str_cstr(s)); }

void tpl_url_str(struct tpl_out *out, struct str s) { tpl_escape_url(&out->buf, s); }

void tpl_url_cstr(struct tpl_out *out, const char *s) { tpl_escape_url(&out->buf, str_cstr(s)); }

void tpl_url_part_str(struct tpl_out *out, struct str s) { tpl_escape_url_part(&out->buf, s); }

void tpl_url_part_cstr(struct tpl_out *out, const char *s)
{
    tpl_escape_url_part(&out->buf, str_cstr(s));
}

void tpl_json_str(struct tpl_out *out, struct str s)
{
    if (!s.p)
        buf_append(&out->buf, "null", 4);
    else
        tpl_escape_json_string(&out->buf, s);
}

void tpl_json_cstr(struct tpl_out *out, const char *s) { tpl_json_str(out, str_cstr(s)); }

void tpl_json_bool(struct tpl_out *out, bool v)
{
    if (v)
        buf_append(&out->buf, "true", 4);
    else
        buf_append(&out->buf, "false", 5);
}
