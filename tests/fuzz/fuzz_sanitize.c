/*
 * fuzz_sanitize.c - libFuzzer target for src/text/sanitize.c.
 *
 * Sanitises arbitrary input and checks the promises of sanitize.h rather
 * than exact outputs:
 *  - sanitize_html() succeeds, and its output is valid UTF-8 no longer
 *    than SANITIZE_MAX_INPUT;
 *  - it is a fixed point: sanitising the output gives the same bytes;
 *  - the output, parsed again by gumbo as a browser would, holds only
 *    allowed elements where they may stand (li in lists, cells in rows...),
 *    only allowed attributes, no href failing sanitize_url_allowed, no src
 *    failing it or the image callback, no comment, no control character,
 *    text in NFC, nothing nested deeper than SANITIZE_MAX_DEPTH.
 *
 * Random bytes seldom spell markup, so when the first byte is even the
 * control bytes that the sanitiser drops anyway (0x01-0x08, 0x0E-0x1F,
 * 0x7F) stand for pieces of HTML (tags, a javascript: URL, Word's list
 * styles...); when it is odd the input is used as it is.
 *
 *   make build/fuzz/fuzz_sanitize && build/fuzz/fuzz_sanitize -max_total_time=60
 */
#include <gumbo.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"
#include "text/sanitize.h"
#include "text/utf8.h"
#include "text/vi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stops the run with a crash the fuzzer records, when `ok` is false. */
static void check(int ok)
{
    if (!ok)
        abort();
}

static bool media_only(struct str src, void *ctx)
{
    (void)ctx;
    return src.n > 7 && memcmp(src.p, "/media/", 7) == 0;
}

static const char *const pieces[] = {
    "<p>",        "</p>",         "<b>",     "</b>",       "<i>",       "<div>",      "</div>",
    "<table>",    "<tr>",         "<td>",    "</td>",      "<ul>",      "<li>",       "<a href=\"",
    "\">",        "javascript:",  "<script>", "<!--",      "-->",       "<br>",       "<h2>",
    "<span style=\"mso-list:Ignore\">", "<p style=\"mso-list:l0 level2\">", "<img src=\"/media/",
    "<svg>",      "<caption>",    "<blockquote>",
};

/* Writes the input with its control bytes read as pieces of HTML. */
static void expand(struct buf *out, const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        uint8_t c = data[i];
        int k = -1;
        if (c >= 0x01 && c <= 0x08)
            k = c - 0x01;
        else if (c >= 0x0E && c <= 0x1F)
            k = 8 + c - 0x0E;
        else if (c == 0x7F)
            k = 26;
        if (k >= 0 && (size_t)k < sizeof pieces / sizeof *pieces)
            buf_puts(out, pieces[k]);
        else
            buf_putc(out, (char)c);
    }
}

static bool name_in(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(name, *list) == 0)
            return true;
    return false;
}

static bool is_inline(GumboTag t)
{
    return t == GUMBO_TAG_STRONG || t == GUMBO_TAG_EM || t == GUMBO_TAG_U || t == GUMBO_TAG_S || t == GUMBO_TAG_SUB ||
           t == GUMBO_TAG_SUP || t == GUMBO_TAG_A || t == GUMBO_TAG_BR || t == GUMBO_TAG_IMG;
}

/* Where text and inline elements may not stand: between list items, table
 * parts, and at the top level (where they go in a p). */
static bool holds_inline(GumboTag parent)
{
    return parent != GUMBO_TAG_HTML && parent != GUMBO_TAG_UL && parent != GUMBO_TAG_OL && parent != GUMBO_TAG_TABLE &&
           parent != GUMBO_TAG_THEAD && parent != GUMBO_TAG_TBODY && parent != GUMBO_TAG_TFOOT &&
           parent != GUMBO_TAG_TR;
}

/* The parents an element may have in the output: the content models that
 * make the output stable under parsing. */
static bool parent_allowed(const GumboNode *n)
{
    GumboTag tag = n->v.element.tag, parent = n->parent->v.element.tag;
    switch (tag) {
    case GUMBO_TAG_LI: return parent == GUMBO_TAG_UL || parent == GUMBO_TAG_OL;
    case GUMBO_TAG_TR: return parent == GUMBO_TAG_THEAD || parent == GUMBO_TAG_TBODY || parent == GUMBO_TAG_TFOOT;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: return parent == GUMBO_TAG_TR;
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION: return parent == GUMBO_TAG_TABLE;
    case GUMBO_TAG_FIGCAPTION: return parent == GUMBO_TAG_FIGURE;
    default:
        break;
    }
    if (!is_inline(tag)) /* a block */
        return parent == GUMBO_TAG_HTML || parent == GUMBO_TAG_BLOCKQUOTE || parent == GUMBO_TAG_LI ||
               parent == GUMBO_TAG_TD || parent == GUMBO_TAG_TH || parent == GUMBO_TAG_FIGURE;
    if (!holds_inline(parent))
        return false;
    /* No inline element inside one of its kind (no link in a link). */
    for (const GumboNode *up = n->parent; up->type == GUMBO_NODE_ELEMENT && is_inline(up->v.element.tag);
         up = up->parent)
        if (up->v.element.tag == tag)
            return false;
    return true;
}

/* A srcset as the sanitiser writes it: "URL D, URL D" with every URL an
 * allowed image and every descriptor "<digits>w" or "<digits>x". */
static void check_srcset(struct str v)
{
    check(v.n > 0);
    while (v.n) {
        const char *comma = memchr(v.p, ',', v.n);
        struct str item = str_make(v.p, comma ? (size_t)(comma - v.p) : v.n);
        if (comma) {
            check((size_t)(comma - v.p) + 2 <= v.n && comma[1] == ' ');
            v = str_skip(v, (size_t)(comma - v.p) + 2);
        } else {
            v = str_make(v.p + v.n, 0);
        }
        const char *space = memchr(item.p, ' ', item.n);
        struct str url = str_make(item.p, space ? (size_t)(space - item.p) : item.n);
        check(url.n && sanitize_url_allowed(url) && media_only(url, NULL));
        if (space) {
            struct str d = str_skip(item, url.n + 1);
            check(d.n >= 2 && (d.p[d.n - 1] == 'w' || d.p[d.n - 1] == 'x'));
            for (size_t i = 0; i + 1 < d.n; i++)
                check(d.p[i] >= '0' && d.p[i] <= '9');
        }
    }
}

/* Checks one element of the re-parsed output. */
static void check_element(const GumboNode *n, int depth)
{
    static const char *const elements[] = {
        "p",  "br", "h2",    "h3",    "h4",    "strong", "em",    "u",     "s",  "sub",        "sup",
        "a",  "ul", "ol",    "li",    "blockquote", "hr", "table", "caption", "thead", "tbody", "tfoot",
        "tr", "th", "td",    "figure", "figcaption", "img", NULL};
    const GumboElement *e = &n->v.element;
    check(n->type == GUMBO_NODE_ELEMENT && e->tag_namespace == GUMBO_NAMESPACE_HTML);
    const char *name = gumbo_normalized_tagname(e->tag);
    check(e->tag != GUMBO_TAG_UNKNOWN && name_in(name, elements));
    check(depth <= SANITIZE_MAX_DEPTH);
    check(parent_allowed(n));
    bool has_href = false, has_src = false;
    for (unsigned i = 0; i < e->attributes.length; i++) {
        const GumboAttribute *a = e->attributes.data[i];
        struct str v = str_cstr(a->value);
        check(utf8_valid(v) && !utf8_has_control(v));
        if (e->tag == GUMBO_TAG_A && strcmp(a->name, "href") == 0) {
            check(sanitize_url_allowed(v));
            has_href = true;
        } else if (e->tag == GUMBO_TAG_A && (strcmp(a->name, "title") == 0 || strcmp(a->name, "rel") == 0)) {
        } else if (e->tag == GUMBO_TAG_IMG && strcmp(a->name, "src") == 0) {
            check(sanitize_url_allowed(v) && media_only(v, NULL));
            has_src = true;
        } else if (e->tag == GUMBO_TAG_IMG && strcmp(a->name, "srcset") == 0) {
            check_srcset(v);
        } else if (e->tag == GUMBO_TAG_IMG &&
                   (strcmp(a->name, "alt") == 0 || strcmp(a->name, "width") == 0 || strcmp(a->name, "height") == 0)) {
        } else if (e->tag == GUMBO_TAG_OL && strcmp(a->name, "start") == 0) {
        } else if ((e->tag == GUMBO_TAG_TD || e->tag == GUMBO_TAG_TH) &&
                   (strcmp(a->name, "colspan") == 0 || strcmp(a->name, "rowspan") == 0)) {
        } else if (e->tag == GUMBO_TAG_TH && strcmp(a->name, "scope") == 0) {
        } else if (e->tag == GUMBO_TAG_FIGURE && strcmp(a->name, "class") == 0) {
            check(strcmp(a->value, "align-left") == 0 || strcmp(a->value, "align-right") == 0 ||
                  strcmp(a->value, "align-center") == 0);
        } else if (e->tag == GUMBO_TAG_P && strcmp(a->name, "class") == 0) {
            check(strcmp(a->value, "align-center") == 0 || strcmp(a->value, "align-right") == 0);
        } else {
            check(0);
        }
    }
    check(e->tag != GUMBO_TAG_A || has_href);
    check(e->tag != GUMBO_TAG_IMG || has_src);
}

/* Parses `html` as a fragment of <body> and checks every node. */
static void check_reparsed(struct str html)
{
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_BODY;
    options.max_errors = 0;
    GumboOutput *parsed = gumbo_parse_with_options(&options, html.p ? html.p : "", html.n);
    check(parsed && parsed->root);
    const GumboNode *root = parsed->root, *n = root->v.element.children.length ? root->v.element.children.data[0] : NULL;
    int depth = 1;
    struct buf nfc = BUF_INIT;
    while (n) {
        if (n->type == GUMBO_NODE_ELEMENT) {
            check_element(n, depth);
            if (n->v.element.children.length) {
                n = n->v.element.children.data[0];
                depth++;
                continue;
            }
        } else {
            check(n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE);
            struct str t = str_cstr(n->v.text.text);
            check(utf8_valid(t) && !utf8_has_control(t));
            check(n->type == GUMBO_NODE_WHITESPACE || holds_inline(n->parent->v.element.tag));
            buf_reset(&nfc);
            check(vi_nfc(&nfc, t) == 0 && str_eq(buf_str(&nfc), t));
        }
        for (;;) {
            const GumboNode *parent = n->parent;
            size_t k = n->index_within_parent;
            if (k + 1 < parent->v.element.children.length) {
                n = parent->v.element.children.data[k + 1];
                break;
            }
            if (parent == root) {
                n = NULL;
                break;
            }
            n = parent;
            depth--;
        }
    }
    buf_free(&nfc);
    gumbo_destroy_output(&options, parsed);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    struct buf in = BUF_INIT, out = BUF_INIT, again = BUF_INIT;
    if (data[0] & 1)
        buf_append(&in, data + 1, size - 1);
    else
        expand(&in, data + 1, size - 1);

    struct sanitize_options opt = {media_only, NULL};
    struct sanitize_report report;
    check(sanitize_html(&out, buf_str(&in), &opt, &report) == 0);
    check(out.n <= SANITIZE_MAX_INPUT);
    check(utf8_valid(buf_str(&out)));
    check(sanitize_html(&again, buf_str(&out), &opt, NULL) == 0);
    check(str_eq(buf_str(&out), buf_str(&again)));
    check_reparsed(buf_str(&out));

    buf_free(&in);
    buf_free(&out);
    buf_free(&again);
    return 0;
}
