/*
 * vi.c - Vietnamese normalisation, folding, slugs and collation; see vi.h.
 *
 * utf8proc does the Unicode work (decomposition, composition, case
 * folding, character categories). Everything goes the same way: check the
 * input with utf8_valid(), decompose it into an array of code points with
 * the options the operation needs (decompose_text), then walk that array.
 * The collation key is ours: utf8proc knows nothing of the Vietnamese
 * alphabet, so the key builder splits the NFD text into "elements" (a base
 * character with the combining marks that follow it) and reads the letter,
 * tone and case off each element.
 */
#include "text/vi.h"

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/utf8.h"

/* --- code point arrays --------------------------------------------------- */

#define CODEPOINTS_INLINE 256

/* Decomposed text. Short strings (titles, names) stay on the stack; longer
 * ones go to the heap, released by codepoints_free(). */
struct codepoints {
    utf8proc_int32_t *v;
    size_t n;
    utf8proc_int32_t inline_store[CODEPOINTS_INLINE];
};

static void codepoints_free(struct codepoints *cps)
{
    if (cps->v != cps->inline_store)
        free(cps->v);
    cps->v = NULL;
    cps->n = 0;
}

/*
 * Decomposes `in`, which must already be valid UTF-8, with utf8proc's
 * `options` (which must include DECOMPOSE or COMPOSE, so that combining
 * marks come out in canonical order). utf8proc reports how much room it
 * needs, so a result too big for the inline store is redone on the heap.
 * The caller releases `cps` with codepoints_free().
 */
static void decompose_text(struct str in, utf8proc_option_t options, struct codepoints *cps)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in.p;
    utf8proc_ssize_t len = (utf8proc_ssize_t)in.n;

    cps->v = cps->inline_store;
    cps->n = 0;
    if (in.n == 0)
        return;
    utf8proc_ssize_t need = utf8proc_decompose(p, len, cps->v, CODEPOINTS_INLINE, options);
    if (need > CODEPOINTS_INLINE) {
        cps->v = malloc((size_t)need * sizeof *cps->v);
        if (!cps->v)
            abort();
        need = utf8proc_decompose(p, len, cps->v, need, options);
    }
    /* Only invalid UTF-8 or absurd sizes make utf8proc fail, and the
     * caller has ruled out the first. */
    if (need < 0)
        abort();
    cps->n = (size_t)need;
}

/* Appends one code point as UTF-8. */
static void put_codepoint(struct buf *out, utf8proc_int32_t cp)
{
    buf_reserve(out, 4);
    out->n += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out->p + out->n);
}

static bool is_ascii(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] >= 0x80)
            return false;
    return true;
}

/* True for combining marks (Mn, Mc, Me): the diacritics that folding
 * removes and that collation attaches to the preceding base letter. */
static bool is_mark(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* --- NFC ------------------------------------------------------------------ */

int vi_nfc(struct buf *out, struct str in)
{
    const utf8proc_option_t options = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    struct codepoints cps;

    if (!utf8_valid(in))
        return -1;
    if (is_ascii(in)) {
        buf_put(out, in);
        return 0;
    }
    decompose_text(in, options, &cps);
    utf8proc_ssize_t n = utf8proc_normalize_utf32(cps.v, (utf8proc_ssize_t)cps.n, options);
    assert(n >= 0 && (size_t)n <= cps.n);
    for (utf8proc_ssize_t i = 0; i < n; i++)
        put_codepoint(out, cps.v[i]);
    codepoints_free(&cps);
    return 0;
}

/* --- folding and slugs ------------------------------------------------------ */

/* NFKD + case folding + dropping default-ignorables, in one utf8proc pass.
 * Marks are removed by us afterwards rather than by UTF8PROC_STRIPMARK:
 * utf8proc strips a mark before case-folding it, so U+0345 (a mark whose
 * case fold is the letter ι) would fold differently in NFC and NFD. */
#define FOLD_OPTIONS (UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* vi_fold() for input already known to be valid UTF-8. */
static void fold_valid(struct buf *out, struct str in)
{
    struct codepoints cps;

    if (is_ascii(in)) {
        buf_reserve(out, in.n);
        for (size_t i = 0; i < in.n; i++) {
            char c = in.p[i];
            out->p[out->n++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        return;
    }
    decompose_text(in, FOLD_OPTIONS, &cps);
    for (size_t i = 0; i < cps.n; i++) {
        utf8proc_int32_t cp = cps.v[i];
        if (is_mark(cp))
            continue;
        if (cp == 0x0111) /* đ; Đ has already been case-folded to it */
            cp = 'd';
        put_codepoint(out, cp);
    }
    codepoints_free(&cps);
}

int vi_fold(struct buf *out, struct str in)
{
    if (!utf8_valid(in))
        return -1;
    fold_valid(out, in);
    return 0;
}

/* The five tone marks; every other combining mark on a Vietnamese letter
 * (breve, circumflex, horn) is part of the letter. */
static bool is_tone_mark(utf8proc_int32_t c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

int vi_exact_key(struct buf *out, struct str word)
{
    if (!utf8_valid(word))
        return -1;
    bool marked = false;
    for (size_t i = 0; i < word.n && !marked; i++)
        marked = (unsigned char)word.p[i] >= 0x80;
    if (!marked)
        return 0; /* ASCII: no mark, no đ */
    enum { MAX_TONES = 8 };
    utf8proc_int32_t tones[MAX_TONES];
    size_t n_tones = 0, mark = out->n;
    marked = false;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)word.p;
    for (size_t pos = 0; pos < word.n;) {
        utf8proc_int32_t c, parts[8];
        utf8proc_ssize_t len = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(word.n - pos), &c);
        assert(len > 0); /* checked above */
        pos += (size_t)len;
        int boundclass = UTF8PROC_BOUNDCLASS_START;
        utf8proc_ssize_t n = utf8proc_decompose_char(c, parts, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &boundclass);
        if (n < 0 || n > 8) {
            parts[0] = c;
            n = 1;
        }
        for (utf8proc_ssize_t k = 0; k < n; k++) {
            utf8proc_int32_t d = parts[k];
            if (is_tone_mark(d)) {
                if (n_tones < MAX_TONES)
                    tones[n_tones++] = d;
                marked = true;
                continue;
            }
            marked |= d == 0x0111 || utf8proc_category(d) == UTF8PROC_CATEGORY_MN;
            utf8proc_uint8_t bytes[4];
            buf_append(out, bytes, (size_t)utf8proc_encode_char(d, bytes));
        }
    }
    if (!marked) {
        out->n = mark;
        return 0;
    }
    for (size_t t = 0; t < n_tones; t++) {
        utf8proc_uint8_t bytes[4];
        buf_append(out, bytes, (size_t)utf8proc_encode_char(tones[t], bytes));
    }
    return 1;
}

/* Initial consonants after which a final y is the syllable's only vowel
 * and sounds as i does; "qu" counts as one, since its u is no vowel of the
 * rhyme ("quý", "quí"). */
static const char *const y_initials[] = {"b",  "c",  "ch", "d",  "g", "gh", "h",  "k",  "kh", "l", "m",  "n", "ng",
                                         "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"};

size_t vi_fold_final_y(char *word, size_t n)
{
    if (n < 2 || n > 4 || word[n - 1] != 'y')
        return n;
    for (size_t i = 0; i < sizeof y_initials / sizeof *y_initials; i++)
        if (strlen(y_initials[i]) == n - 1 && memcmp(word, y_initials[i], n - 1) == 0) {
            word[n - 1] = 'i';
            break;
        }
    return n;
}

static bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/*
 * Appends the runs of [a-z0-9] found in `folded`, joined by '-', within
 * max_len bytes. A run that does not fit ends the slug; only when it is the
 * first run (so the slug would otherwise be empty) is it cut to fit.
 */
static void join_slug_words(struct buf *out, struct str folded, size_t max_len)
{
    size_t used = 0;
    size_t i = 0;

    while (i < folded.n) {
        if (!is_slug_char(folded.p[i])) {
            i++;
            continue;
        }
        size_t start = i;
        while (i < folded.n && is_slug_char(folded.p[i]))
            i++;
        size_t word_len = i - start;
        size_t need = word_len + (used > 0);
        if (used + need > max_len) {
            if (used == 0)
                buf_append(out, folded.p + start, max_len);
            return;
        }
        if (used > 0)
            buf_putc(out, '-');
        buf_append(out, folded.p + start, word_len);
        used += need;
    }
}

int vi_slug(struct buf *out, struct str in, size_t max_len)
{
    struct buf folded = BUF_INIT;

    if (!utf8_valid(in))
        return -1;
    fold_valid(&folded, in);
    join_slug_words(out, buf_str(&folded), max_len);
    buf_free(&folded);
    return 0;
}

/* --- collation ------------------------------------------------------------ */

/*
 * The key's byte values. Every primary weight starts with a non-zero byte,
 * and every secondary and tertiary byte is non-zero, so LEVEL_END (0) sorts
 * before anything a longer string could have at the same place.
 */
enum {
    LEVEL_END = 0x00,
    PRIMARY_SPACE = 0x01,
    PRIMARY_OTHER = 0x02,          /* + 3 bytes of code point */
    PRIMARY_DIGIT = 0x10,          /* + digit value */
    PRIMARY_LETTER = 0x20,         /* + index in the alphabet below */
    PRIMARY_FOREIGN_LETTER = 0x60, /* + 3 bytes of lower-case code point */
    SECONDARY_WORD_END = 0x01,     /* tones are 0x02 (huyền) .. 0x06 (nặng) */
    TERTIARY_LOWER = 0x01,
    TERTIARY_UPPER = 0x02,
};

/* Indices in the Vietnamese alphabet, with f j w z after their neighbours:
 * a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z */
enum {
    LETTER_A = 0, LETTER_A_BREVE = 1, LETTER_A_CIRCUMFLEX = 2,
    LETTER_D_STROKE = 6,
    LETTER_E = 7, LETTER_E_CIRCUMFLEX = 8,
    LETTER_O = 18, LETTER_O_CIRCUMFLEX = 19, LETTER_O_HORN = 20,
    LETTER_U = 26, LETTER_U_HORN = 27,
};

/* Alphabet index of each plain Latin letter a..z. */
static const unsigned char latin_letter_index[26] = {
    0,  /* a */ 3,  /* b */ 4,  /* c */ 5,  /* d */ 7,  /* e */ 9,  /* f */
    10, /* g */ 11, /* h */ 12, /* i */ 13, /* j */ 14, /* k */ 15, /* l */
    16, /* m */ 17, /* n */ 18, /* o */ 21, /* p */ 22, /* q */ 23, /* r */
    24, /* s */ 25, /* t */ 26, /* u */ 28, /* v */ 29, /* w */ 30, /* x */
    31, /* y */ 32, /* z */
};

/* The combining marks that make Vietnamese letters out of Latin ones. */
enum {
    MODIFIER_BREVE = 1 << 0,      /* U+0306: ă */
    MODIFIER_CIRCUMFLEX = 1 << 1, /* U+0302: â ê ô */
    MODIFIER_HORN = 1 << 2,       /* U+031B: ơ ư */
};

enum element_kind {
    ELEMENT_SPACE,
    ELEMENT_OTHER,          /* punctuation, symbols, controls, other digits */
    ELEMENT_DIGIT,          /* 0-9 */
    ELEMENT_LETTER,         /* the Vietnamese alphabet plus f j w z */
    ELEMENT_FOREIGN_LETTER, /* letters of other scripts */
};

/* A base character with the combining marks after it. */
struct element {
    enum element_kind kind;
    utf8proc_int32_t weight; /* digit value, alphabet index or code point */
    int tone;                /* 0 none, 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng */
    bool upper;
};

static bool element_is_letter(const struct element *e)
{
    return e->kind == ELEMENT_LETTER || e->kind == ELEMENT_FOREIGN_LETTER;
}

/* The tone (1-5) a combining mark stands for, or 0. */
static int tone_of_mark(utf8proc_int32_t mark)
{
    switch (mark) {
    case 0x0300: return 1; /* huyền */
    case 0x0301: return 2; /* sắc */
    case 0x0309: return 3; /* hỏi */
    case 0x0303: return 4; /* ngã */
    case 0x0323: return 5; /* nặng */
    default: return 0;
    }
}

static unsigned modifier_of_mark(utf8proc_int32_t mark)
{
    switch (mark) {
    case 0x0306: return MODIFIER_BREVE;
    case 0x0302: return MODIFIER_CIRCUMFLEX;
    case 0x031B: return MODIFIER_HORN;
    default: return 0;
    }
}

/* Alphabet index of lower-case Latin letter `c` carrying `modifiers`;
 * modifiers that make no Vietnamese letter with it (ĉ, ŭ) are ignored. */
static int vietnamese_letter_index(char c, unsigned modifiers)
{
    switch (c) {
    case 'a':
        if (modifiers & MODIFIER_BREVE)
            return LETTER_A_BREVE;
        if (modifiers & MODIFIER_CIRCUMFLEX)
            return LETTER_A_CIRCUMFLEX;
        return LETTER_A;
    case 'e':
        return (modifiers & MODIFIER_CIRCUMFLEX) ? LETTER_E_CIRCUMFLEX : LETTER_E;
    case 'o':
        if (modifiers & MODIFIER_CIRCUMFLEX)
            return LETTER_O_CIRCUMFLEX;
        if (modifiers & MODIFIER_HORN)
            return LETTER_O_HORN;
        return LETTER_O;
    case 'u':
        return (modifiers & MODIFIER_HORN) ? LETTER_U_HORN : LETTER_U;
    default:
        return latin_letter_index[c - 'a'];
    }
}

static bool is_space(utf8proc_int32_t cp)
{
    if (cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r')
        return true;
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP;
}

static bool is_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO;
}

/* Fills kind, weight and upper of `e` for base character `base`. */
static void classify_base(utf8proc_int32_t base, unsigned modifiers, struct element *e)
{
    e->upper = false;
    if ((base >= 'a' && base <= 'z') || (base >= 'A' && base <= 'Z')) {
        e->upper = base <= 'Z';
        e->kind = ELEMENT_LETTER;
        e->weight = vietnamese_letter_index((char)(base | 0x20), modifiers);
    } else if (base == 0x0110 || base == 0x0111) { /* Đ đ */
        e->upper = base == 0x0110;
        e->kind = ELEMENT_LETTER;
        e->weight = LETTER_D_STROKE;
    } else if (base >= '0' && base <= '9') {
        e->kind = ELEMENT_DIGIT;
        e->weight = base - '0';
    } else if (is_space(base)) {
        e->kind = ELEMENT_SPACE;
        e->weight = 0;
    } else if (is_letter(base)) {
        e->kind = ELEMENT_FOREIGN_LETTER;
        e->weight = utf8proc_tolower(base);
        e->upper = e->weight != base;
    } else {
        e->kind = ELEMENT_OTHER;
        e->weight = base;
    }
}

/*
 * Reads the element starting at cp[*pos] into `e` and advances *pos past
 * it. Marks with no base before them (at the start of the text) carry no
 * weight and are skipped; only the key's last level records them.
 * Returns false at the end of the text.
 */
static bool next_element(const struct codepoints *cps, size_t *pos, struct element *e)
{
    size_t i = *pos;

    while (i < cps->n && is_mark(cps->v[i]))
        i++;
    if (i >= cps->n) {
        *pos = i;
        return false;
    }
    utf8proc_int32_t base = cps->v[i++];
    unsigned modifiers = 0;
    e->tone = 0;
    for (; i < cps->n && is_mark(cps->v[i]); i++) {
        int tone = tone_of_mark(cps->v[i]);
        if (tone != 0 && e->tone == 0)
            e->tone = tone;
        modifiers |= modifier_of_mark(cps->v[i]);
    }
    classify_base(base, modifiers, e);
    *pos = i;
    return true;
}

/* Appends the three low bytes of `cp`, most significant first. */
static void put_codepoint_bytes(struct buf *out, utf8proc_int32_t cp)
{
    buf_putc(out, (char)((cp >> 16) & 0xFF));
    buf_putc(out, (char)((cp >> 8) & 0xFF));
    buf_putc(out, (char)(cp & 0xFF));
}

/* Level 1: one weight per element, case and tones ignored. */
static void put_primary_level(struct buf *out, const struct codepoints *cps)
{
    struct element e;
    size_t pos = 0;

    while (next_element(cps, &pos, &e)) {
        switch (e.kind) {
        case ELEMENT_SPACE:
            buf_putc(out, PRIMARY_SPACE);
            break;
        case ELEMENT_OTHER:
            buf_putc(out, PRIMARY_OTHER);
            put_codepoint_bytes(out, e.weight);
            break;
        case ELEMENT_DIGIT:
            buf_putc(out, (char)(PRIMARY_DIGIT + e.weight));
            break;
        case ELEMENT_LETTER:
            buf_putc(out, (char)(PRIMARY_LETTER + e.weight));
            break;
        case ELEMENT_FOREIGN_LETTER:
            buf_putc(out, PRIMARY_FOREIGN_LETTER);
            put_codepoint_bytes(out, e.weight);
            break;
        }
    }
}

/* Level 2: for each word (run of letters) its tones in reading order, then
 * SECONDARY_WORD_END. Equal primaries mean equal word boundaries, so the
 * words of two keys line up whenever this level is reached. */
static void put_secondary_level(struct buf *out, const struct codepoints *cps)
{
    struct element e;
    size_t pos = 0;
    bool in_word = false;

    while (next_element(cps, &pos, &e)) {
        if (!element_is_letter(&e)) {
            if (in_word)
                buf_putc(out, SECONDARY_WORD_END);
            in_word = false;
            continue;
        }
        in_word = true;
        if (e.tone != 0)
            buf_putc(out, (char)(SECONDARY_WORD_END + e.tone));
    }
    if (in_word)
        buf_putc(out, SECONDARY_WORD_END);
}

/* Level 3: one case byte per element. */
static void put_tertiary_level(struct buf *out, const struct codepoints *cps)
{
    struct element e;
    size_t pos = 0;

    while (next_element(cps, &pos, &e))
        buf_putc(out, e.upper ? TERTIARY_UPPER : TERTIARY_LOWER);
}

/* vi_sort_key() for input already known to be valid UTF-8. */
static void sort_key_valid(struct buf *out, struct str in)
{
    struct codepoints cps;

    decompose_text(in, UTF8PROC_DECOMPOSE, &cps);
    put_primary_level(out, &cps);
    buf_putc(out, LEVEL_END);
    put_secondary_level(out, &cps);
    buf_putc(out, LEVEL_END);
    put_tertiary_level(out, &cps);
    buf_putc(out, LEVEL_END);
    for (size_t i = 0; i < cps.n; i++) /* level 4: the NFD text itself */
        put_codepoint(out, cps.v[i]);
    codepoints_free(&cps);
}

int vi_sort_key(struct buf *out, struct str in)
{
    if (!utf8_valid(in))
        return -1;
    sort_key_valid(out, in);
    return 0;
}

/* memcmp order of two byte strings, the shorter first on a common prefix. */
static int compare_bytes(struct str a, struct str b)
{
    size_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    if (c != 0)
        return c;
    return (a.n > b.n) - (a.n < b.n);
}

int vi_compare(struct str a, struct str b)
{
    bool a_valid = utf8_valid(a), b_valid = utf8_valid(b);

    if (!a_valid || !b_valid) {
        if (a_valid != b_valid)
            return a_valid ? -1 : 1;
        return compare_bytes(a, b);
    }
    struct buf key_a = BUF_INIT, key_b = BUF_INIT;
    sort_key_valid(&key_a, a);
    sort_key_valid(&key_b, b);
    int c = compare_bytes(buf_str(&key_a), buf_str(&key_b));
    buf_free(&key_a);
    buf_free(&key_b);
    return c;
}

/* One record's place in vi_sort_records: its key in the shared buffer. */
struct keyed {
    size_t at, n; /* the key's bytes in keys */
    size_t index; /* the record's place before sorting */
    bool valid;   /* the name is valid UTF-8 (else the key is its bytes) */
};

static int by_key(const void *x, const void *y, void *keys)
{
    const struct keyed *a = x, *b = y;
    const char *base = keys;
    if (a->valid != b->valid)
        return a->valid ? -1 : 1;
    int c = compare_bytes((struct str){base + a->at, a->n}, (struct str){base + b->at, b->n});
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

int vi_sort_records(void *base, size_t n, size_t size, size_t name_offset)
{
    if (n < 2)
        return 0;
    struct keyed *k = malloc(n * sizeof *k);
    char *copy = malloc(n * size);
    if (!k || !copy) {
        free(k);
        free(copy);
        return -1;
    }
    struct buf keys = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        struct str name;
        memcpy(&name, (char *)base + i * size + name_offset, sizeof name);
        k[i].at = keys.n;
        k[i].index = i;
        k[i].valid = utf8_valid(name);
        if (k[i].valid)
            sort_key_valid(&keys, name);
        else
            buf_append(&keys, name.p, name.n);
        k[i].n = keys.n - k[i].at;
    }
    /* the keys' buffer may have moved while it grew: offsets, not pointers */
    qsort_r(k, n, sizeof *k, by_key, keys.p);
    memcpy(copy, base, n * size);
    for (size_t i = 0; i < n; i++)
        memcpy((char *)base + i * size, copy + k[i].index * size, size);
    buf_free(&keys);
    free(copy);
    free(k);
    return 0;
}

int vi_upper(struct buf *out, struct str in)
{
    if (!utf8_valid(in))
        return -1;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in.p;
    utf8proc_ssize_t left = (utf8proc_ssize_t)in.n;
    while (left > 0) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(p, left, &c);
        if (k <= 0)
            return -1;
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(c), enc);
        buf_append(out, (const char *)enc, (size_t)m);
        p += k;
        left -= k;
    }
    return 0;
}
