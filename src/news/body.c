/* body.c - parsing the article body format; see body.h. */
#include "news/body.h"

#include <stdlib.h>

#include "text/htmltext.h"

static struct str trim(struct str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\n' || s.p[0] == '\r' || s.p[0] == '\t'))
        s = str_skip(s, 1);
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\t'))
        s.n--;
    return s;
}

/* "[[anh:12|Caption]]" -> id 12, caption; false if not that form. */
static bool parse_image(struct str b, int64_t *id, struct str *caption)
{
    if (!str_starts_with(b, STR("[[anh:")) || !str_ends_with(b, STR("]]")))
        return false;
    struct str inner = {b.p + 6, b.n - 8};
    const char *bar = memchr(inner.p, '|', inner.n);
    struct str digits = {inner.p, bar ? (size_t)(bar - inner.p) : inner.n};
    unsigned long long v;
    if (!str_to_u64(digits, &v) || v == 0)
        return false;
    *id = (int64_t)v;
    *caption = bar ? trim((struct str){bar + 1, inner.n - digits.n - 1}) : STR("");
    return true;
}

size_t news_body_parse(struct arena *a, struct str body, struct body_item **out)
{
    /* Blocks are separated by a line break at least, so there are no more
     * than the body has lines: every block is kept, however many. */
    size_t max = 1;
    for (const char *q = body.p; q && (q = memchr(q, '\n', body.n - (size_t)(q - body.p))) != NULL; q++)
        max++;
    struct body_item *items = ARENA_ARRAY(a, struct body_item, max);
    size_t n = 0, i = 0;
    while (i < body.n && n < max) {
        /* a block runs to the next blank line: from line end to line end */
        size_t start = i, end = body.n;
        for (const char *nl = memchr(body.p + i, '\n', body.n - i); nl;
             nl = memchr(nl + 1, '\n', body.n - (size_t)(nl + 1 - body.p))) {
            size_t k = (size_t)(nl - body.p) + 1;
            while (k < body.n && (body.p[k] == ' ' || body.p[k] == '\r' || body.p[k] == '\t'))
                k++;
            if (k < body.n && body.p[k] == '\n') {
                end = (size_t)(nl - body.p);
                break;
            }
        }
        i = end + 1;
        struct str b = trim((struct str){body.p + start, end - start});
        if (b.n == 0)
            continue;
        struct body_item *it = &items[n];
        if (str_starts_with(b, STR("## "))) {
            it->kind = NEWS_HEADING;
            it->text = trim(str_skip(b, 3));
        } else if (parse_image(b, &it->media_id, &it->text)) {
            it->kind = NEWS_IMAGE;
        } else {
            it->kind = NEWS_PARAGRAPH;
            it->text = b;
        }
        n++;
    }
    *out = items;
    return n;
}

void news_body_text(struct buf *out, struct arena *a, struct str body, int format)
{
    if (format == 1) {
        html_visible_text(out, body);
        return;
    }
    struct body_item *items;
    size_t n = news_body_parse(a, body, &items);
    for (size_t i = 0; i < n; i++) {
        buf_put(out, items[i].text); /* an image's text is its caption */
        buf_putc(out, '\n');
    }
}
