/* terms.c - reader's words to an FTS5 query; see terms.h. */
#include "search/terms.h"

#include <stdbool.h>
#include <string.h>
#include <utf8proc.h>

#include "store/fts_vi.h"
#include "text/utf8.h"
#include "text/vi.h"

static bool is_word_char(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: /* combining marks of NFD input */
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

/* Characters that glue two words into one phrase when nothing else
 * stands between them: "QĐ-TTg", "323/KH-UBND", "1.2". */
static bool is_glue(utf8proc_int32_t c)
{
    return c == '-' || c == '/' || c == '.' || c == ':' || c == 0x2013 || c == 0x2014 || c == 0x2010;
}

/* Short forms the portals write for a long name, and the name folded: a
 * query of one also finds the other (README "Search"). */
static const struct {
    const char *short_form, *long_form;
} synonyms[] = {{"ntm", "nong thon moi"}};

/* Appends words [first, first + n) folded, one space apart, without the
 * FTS_VI_EXACT before a word asked in its exact spelling. */
static void fold_words(struct buf *folded, const struct buf *out, const struct search_words *w, size_t first,
                       size_t n)
{
    for (size_t i = first; i < first + n; i++) {
        struct str word = {out->p + w->word[i].at, w->word[i].n};
        if (word.n >= 3 && memcmp(word.p, FTS_VI_EXACT, 3) == 0) {
            word.p += 3;
            word.n -= 3;
        }
        if (i > first)
            buf_putc(folded, ' ');
        if (vi_fold(folded, word) != 0)
            buf_put(folded, word);
    }
}

/* Whether word i stands alone between quotes and is followed by " AND "
 * and the string that begins at `next`. */
static bool alone_before(const struct buf *out, const struct search_words *w, size_t i, size_t next)
{
    size_t at = w->word[i].at, end = at + w->word[i].n;
    return at > 0 && out->p[at - 1] == '"' && end + 6 == next && memcmp(out->p + end, "\" AND ", 6) == 0;
}

/* Puts `from` .. the end of out between parentheses with " OR " and the
 * quoted `other` inside, moving words [first, w->n) one byte on. */
static void add_alternative(struct buf *out, struct search_words *w, size_t from, size_t first, const char *other)
{
    buf_putc(out, ' ');
    memmove(out->p + from + 1, out->p + from, out->n - 1 - from);
    out->p[from] = '(';
    for (size_t i = first; i < w->n; i++)
        w->word[i].at++;
    buf_puts(out, " OR \"");
    buf_puts(out, other);
    buf_puts(out, "\")");
}

/* The FTS5 string just closed, of `n` words, is also asked by its synonym:
 * "NTM" as ("ntm" OR "nong thon moi"), which then stands as one word of
 * the query (its text the whole group: a walk's probe reads it as it is,
 * search.c); "nông thôn mới", quoted or glued, or as three words in a row,
 * as (... OR "ntm"). Returns the units it adds. */
static int add_synonyms(struct buf *out, struct search_words *w, size_t n)
{
    size_t first = w->n - n, from = w->word[first].at - 1;
    struct buf folded = BUF_INIT;
    fold_words(&folded, out, w, first, n);
    int units = 0;
    for (size_t k = 0; k < sizeof synonyms / sizeof *synonyms; k++) {
        const char *last = strrchr(synonyms[k].long_form, ' ');
        if (n == 1 && str_eq(buf_str(&folded), str_cstr(synonyms[k].short_form))) {
            add_alternative(out, w, from, first, synonyms[k].long_form);
            w->word[first].at = from;
            w->word[first].n = out->n - from;
            units = 2 * 3;
        } else if (str_eq(buf_str(&folded), str_cstr(synonyms[k].long_form))) {
            add_alternative(out, w, from, first, synonyms[k].short_form);
            units = 1;
        } else if (n == 1 && last && str_eq(buf_str(&folded), str_cstr(last + 1)) && w->n >= 3 &&
                   alone_before(out, w, w->n - 3, w->word[w->n - 2].at - 1) &&
                   alone_before(out, w, w->n - 2, from)) {
            buf_reset(&folded);
            fold_words(&folded, out, w, w->n - 3, 3);
            if (str_eq(buf_str(&folded), str_cstr(synonyms[k].long_form))) {
                add_alternative(out, w, w->word[w->n - 3].at - 1, w->n - 3, synonyms[k].short_form);
                units = 1;
            }
        }
        if (units)
            break;
    }
    buf_free(&folded);
    return units;
}

/* Ends the FTS5 string open in out, counting what its words cost. */
static void close_phrase(struct buf *out, struct search_words *w, size_t *in_phrase)
{
    buf_putc(out, '"');
    w->units += (int)(*in_phrase > 1 ? 2 * *in_phrase : *in_phrase);
    w->units += add_synonyms(out, w, *in_phrase);
    *in_phrase = 0;
}

/* The word just written ends: counted if it carries a mark and, when the
 * exact spelling is asked, FTS_VI_EXACT put before it. */
static void end_word(struct buf *out, struct search_words *w, bool exact)
{
    size_t at = w->word[w->n - 1].at, n = out->n - at;
    struct buf key = BUF_INIT;
    bool marked = vi_exact_key(&key, (struct str){out->p + at, n}) == 1;
    buf_free(&key);
    if (!marked)
        return;
    w->marked++;
    if (!exact)
        return;
    buf_append(out, FTS_VI_EXACT, 3);
    memmove(out->p + at + 3, out->p + at, n);
    memcpy(out->p + at, FTS_VI_EXACT, 3);
    w->word[w->n - 1].n = n + 3;
}

enum search_terms_result search_terms(struct str q, struct buf *out, struct search_words *w)
{
    return search_terms_spelled(q, false, out, w);
}

enum search_terms_result search_terms_spelled(struct str q, bool exact, struct buf *out, struct search_words *w)
{
    memset(w, 0, sizeof *w);
    size_t i = 0;
    while (i < q.n && (q.p[i] == ' ' || q.p[i] == '\t'))
        i++;
    if (i == q.n)
        return SEARCH_TERMS_EMPTY;
    if (utf8_count(q) > SEARCH_MAX_QUERY_CHARS)
        return SEARCH_TERMS_TOO_LONG;

    bool in_quotes = false;  /* inside "..." typed by the reader */
    size_t in_phrase = 0;    /* words of the FTS5 string open in out */
    bool glued = false;      /* the last separator was glue */
    bool in_word = false;
    const unsigned char *p = (const unsigned char *)q.p;
    size_t pos = 0;
    while (pos < q.n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(q.n - pos), &c);
        if (len <= 0)
            break; /* invalid UTF-8 was refused at the door */
        if (is_word_char(c)) {
            if (!in_word) {
                if (w->n == SEARCH_MAX_WORDS)
                    break;
                if (in_phrase && (in_quotes || glued)) {
                    buf_putc(out, ' ');
                } else {
                    if (in_phrase)
                        close_phrase(out, w, &in_phrase);
                    /* explicit: FTS5 joins a group in parentheses by AND only */
                    if (out->n)
                        buf_puts(out, " AND ");
                    buf_putc(out, '"');
                }
                in_phrase++;
                w->word[w->n++].at = out->n;
                in_word = true;
            }
            buf_append(out, p + pos, (size_t)len);
            w->word[w->n - 1].n = out->n - w->word[w->n - 1].at;
            glued = false;
        } else {
            /* A glue character only glues if a word follows at once. */
            glued = in_word && is_glue(c);
            if (in_word)
                end_word(out, w, exact);
            in_word = false;
            if (c == '"')
                in_quotes = !in_quotes;
            if (!in_quotes && !glued && in_phrase)
                close_phrase(out, w, &in_phrase);
        }
        pos += (size_t)len;
    }
    if (in_word)
        end_word(out, w, exact);
    if (in_phrase)
        close_phrase(out, w, &in_phrase);
    while (out->n && out->p[out->n - 1] == ' ')
        out->n--;
    return w->n ? SEARCH_TERMS_OK : SEARCH_TERMS_NO_WORDS;
}
