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

/* Ends the FTS5 string open in out, counting what its words cost. */
static void close_phrase(struct buf *out, struct search_words *w, size_t *in_phrase, const char *end)
{
    buf_puts(out, end);
    w->units += (int)(*in_phrase > 1 ? 2 * *in_phrase : *in_phrase);
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
                        close_phrase(out, w, &in_phrase, "\" ");
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
                close_phrase(out, w, &in_phrase, "\" ");
        }
        pos += (size_t)len;
    }
    if (in_word)
        end_word(out, w, exact);
    if (in_phrase)
        close_phrase(out, w, &in_phrase, "\"");
    while (out->n && out->p[out->n - 1] == ' ')
        out->n--;
    return w->n ? SEARCH_TERMS_OK : SEARCH_TERMS_NO_WORDS;
}
