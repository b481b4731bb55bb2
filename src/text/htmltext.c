/* htmltext.c - the text an HTML body shows; see htmltext.h. */
#include "text/htmltext.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

static bool tag_is(struct str name, const char *const *list)
{
    for (; *list; list++)
        if (name.n == strlen(*list) && !strncasecmp(name.p, *list, name.n))
            return true;
    return false;
}

static void put_codepoint(struct buf *out, uint32_t c)
{
    if (c == 0xA0) {
        buf_putc(out, ' ');
    } else if (c < 0x80) {
        buf_putc(out, (char)c);
    } else if (c < 0x800) {
        buf_putc(out, (char)(0xC0 | c >> 6));
        buf_putc(out, (char)(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        if (c >= 0xD800 && c < 0xE000)
            return;
        buf_putc(out, (char)(0xE0 | c >> 12));
        buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
        buf_putc(out, (char)(0x80 | (c & 0x3F)));
    } else if (c < 0x110000) {
        buf_putc(out, (char)(0xF0 | c >> 18));
        buf_putc(out, (char)(0x80 | ((c >> 12) & 0x3F)));
        buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
        buf_putc(out, (char)(0x80 | (c & 0x3F)));
    }
}

/* The entity at html[i] ('&'): appends what it stands for and returns its
 * length, or 0 when it is not one we know (the '&' is then kept). */
static size_t entity(struct buf *out, struct str html, size_t i)
{
    static const struct {
        const char *name;
        uint32_t c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''},
                 {"&nbsp;", 0xA0}};
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t len = strlen(named[k].name);
        if (html.n - i >= len && !memcmp(html.p + i, named[k].name, len)) {
            put_codepoint(out, named[k].c);
            return len;
        }
    }
    if (html.n - i < 4 || html.p[i + 1] != '#')
        return 0;
    size_t j = i + 2;
    bool hex = html.p[j] == 'x' || html.p[j] == 'X';
    if (hex)
        j++;
    uint32_t c = 0;
    size_t digits = 0;
    for (; j < html.n && digits < 7; j++, digits++) {
        char d = html.p[j];
        int v = d >= '0' && d <= '9' ? d - '0' : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                                             : hex && d >= 'A' && d <= 'F'   ? d - 'A' + 10
                                                                             : -1;
        if (v < 0)
            break;
        c = c * (hex ? 16 : 10) + (uint32_t)v;
    }
    if (!digits || j >= html.n || html.p[j] != ';' || c == 0 || c >= 0x110000)
        return 0;
    put_codepoint(out, c);
    return j + 1 - i;
}

void html_visible_text(struct buf *out, struct str html)
{
    static const char *const blocks[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote",
                                         "figcaption", "figure", "div", "table", "ul", "ol", "br", "pre", NULL};
    static const char *const cells[] = {"td", "th", NULL};
    size_t i = 0;
    while (i < html.n) {
        char c = html.p[i];
        if (c == '<') {
            size_t end = i + 1;
            while (end < html.n && html.p[end] != '>')
                end++;
            size_t name_start = i + 1 + (i + 1 < html.n && html.p[i + 1] == '/');
            size_t name_end = name_start;
            while (name_end < end && html.p[name_end] != ' ' && html.p[name_end] != '/' && html.p[name_end] != '>')
                name_end++;
            struct str name = {html.p + name_start, name_end - name_start};
            bool closing = name_start > i + 1;
            if (tag_is(name, blocks) && (closing || str_eq_lit(name, "br")))
                buf_putc(out, '\n');
            else if (closing && tag_is(name, cells))
                buf_puts(out, " | ");
            i = end < html.n ? end + 1 : end;
        } else if (c == '&') {
            size_t used = entity(out, html, i);
            if (!used) {
                buf_putc(out, '&');
                used = 1;
            }
            i += used;
        } else {
            buf_putc(out, c == '\n' ? ' ' : c);
            i++;
        }
    }
}
