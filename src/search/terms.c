/* terms.c - reader's words to an FTS5 query; see terms.h. */
#include "search/terms.h"

#include <stdbool.h>
#include <utf8proc.h>

#include "text/utf8.h"

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

enum search_terms_result search_terms(struct str q, struct buf *out, size_t *words)
{
    *words = 0;
    size_t i = 0;
    while (i < q.n && (q.p[i] == ' ' || q.p[i] == '\t'))
        i++;
    if (i == q.n)
        return SEARCH_TERMS_EMPTY;
    if (utf8_count(q) > SEARCH_MAX_QUERY_CHARS)
        return SEARCH_TERMS_TOO_LONG;

    bool in_quotes = false;  /* inside "..." typed by the reader */
    bool in_phrase = false;  /* an FTS5 string is open in out */
    bool glued = false;      /* the last separator was glue */
    bool in_word = false;
    const unsigned char *p = (const unsigned char *)q.p;
    size_t pos = 0;
    while (pos < q.n && *words <= SEARCH_MAX_WORDS) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = utf8proc_iterate(p + pos, (utf8proc_ssize_t)(q.n - pos), &c);
        if (len <= 0)
            break; /* invalid UTF-8 was refused at the door */
        if (is_word_char(c)) {
            if (!in_word) {
                if (*words == SEARCH_MAX_WORDS)
                    break;
                if (in_phrase && (in_quotes || glued)) {
                    buf_putc(out, ' ');
                } else {
                    if (in_phrase)
                        buf_puts(out, "\" ");
                    buf_putc(out, '"');
                    in_phrase = true;
                }
                (*words)++;
                in_word = true;
            }
            buf_append(out, p + pos, (size_t)len);
            glued = false;
        } else {
            /* A glue character only glues if a word follows at once. */
            glued = in_word && is_glue(c);
            in_word = false;
            if (c == '"')
                in_quotes = !in_quotes;
            if (!in_quotes && !glued && in_phrase) {
                buf_puts(out, "\" ");
                in_phrase = false;
            }
        }
        pos += (size_t)len;
    }
    if (in_phrase)
        buf_putc(out, '"');
    while (out->n && out->p[out->n - 1] == ' ')
        out->n--;
    return *words ? SEARCH_TERMS_OK : SEARCH_TERMS_NO_WORDS;
}
