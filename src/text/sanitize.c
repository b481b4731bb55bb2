/*
 * sanitize.c - the allow-list HTML sanitiser; see sanitize.h.
 *
 * One call runs five stages, each a loop over an explicit structure (there
 * is no recursion anywhere, so no input can exhaust the stack):
 *
 *  1. prepare   - a small tokenizer re-writes the input in a canonical
 *                 form: controls removed, comments dropped, every tag
 *                 written back as <name attr="value">, every '<' that is
 *                 not a tag (and everything inside script, style,
 *                 textarea...) written as &lt;. So gumbo can only ever see
 *                 the tags this stage saw, and this stage counts their
 *                 nesting: gumbo is quadratic in the depth of its stack of
 *                 open elements (100,000 nested <div>s take minutes and
 *                 some nestings overflow its recursive code), so start
 *                 tags that would nest deeper than GUARD_DEPTH are left out.
 *                 The count only ever errs high: an element is taken as
 *                 closed only when the parser certainly closes it.
 *  2. parse     - gumbo builds its tree in memory of ours (parse_alloc),
 *                 counted against a budget; past the budget (unclosed
 *                 formatting elements are copied into every paragraph that
 *                 follows, so a few bytes can cost kilobytes) the parse is
 *                 abandoned by longjmp and sanitize_html() retries on a
 *                 shorter input, as it does for an output over the limit.
 *  3. build     - a walk over gumbo's tree builds OUR tree, which by
 *                 construction holds only allowed elements with allowed
 *                 attributes, nested the way a browser would keep them
 *                 (the content models below), at most SANITIZE_MAX_DEPTH
 *                 deep. It works like a tiny HTML tree builder: a stack of
 *                 open elements, implicit p/li/tbody/tr, and a list of
 *                 active inline elements reopened after a block.
 *  4. normalise - white space collapsed and trimmed at line boundaries,
 *                 empty elements removed, adjacent text merged, NFC.
 *  5. write     - our serializer.
 *
 * Why the output is a fixed point: it is a tree that the HTML parser
 * rebuilds exactly (every end tag written, no element where the parser
 * would close or move it, text escaped), made only of what stage 3 keeps as
 * it is, already normalised; stage 1 changes nothing in it and stage 4
 * finds nothing to do. The fuzz target checks this on every input.
 */
#include "text/sanitize.h"

#include <assert.h>
#include <gumbo.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/vi.h"

/* Start tags nested deeper than this (as the prepare stage counts them)
 * are left out before gumbo sees them. */
#define GUARD_DEPTH (4 * SANITIZE_MAX_DEPTH)
/* The parser's memory cap for an input of n bytes. Gumbo needs up to ~80
 * bytes per byte of dense markup (and the output of this file is such
 * markup), so anything our own output needs fits. */
#define PARSE_BUDGET(n) (((size_t)16 << 20) + (size_t)128 * (n))
/* Inline elements open at once (strong inside em inside a...). */
#define ACTIVE_MAX 32
/* Levels of a Word list that are kept as nested lists. */
#define WORD_LEVELS 9

/* --- bytes --------------------------------------------------------------- */

static inline bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
static inline bool is_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static inline unsigned char to_lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

/* True if the bytes at p (n of them) are `lit`, ignoring ASCII case. */
static bool same_nocase(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n != k)
        return false;
    for (size_t i = 0; i < n; i++)
        if (to_lower((unsigned char)p[i]) != (unsigned char)lit[i])
            return false;
    return true;
}

static bool in_list(const char *p, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (same_nocase(p, n, *list))
            return true;
    return false;
}

static struct str trim_space(struct str s)
{
    while (s.n && is_space((unsigned char)s.p[0]))
        s.p++, s.n--;
    while (s.n && is_space((unsigned char)s.p[s.n - 1]))
        s.n--;
    return s;
}

/* The length of the C1 control (U+0080-U+009F, as C2 80..C2 9F) at p, or
 * 0. */
static inline size_t c1_length(const unsigned char *p, size_t avail)
{
    return avail >= 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F ? 2 : 0;
}

/* A control character that never reaches the output: C0 except tab, line
 * feed, form feed and carriage return (white space, collapsed later), and
 * DEL. */
static inline bool is_dropped_control(unsigned char c)
{
    return (c < 0x20 && !is_space(c)) || c == 0x7F;
}

/* Appends `in` without dropped controls and C1 controls. */
static void append_without_controls(struct buf *out, const char *p, size_t n)
{
    if (n == 0)
        return;
    const unsigned char *u = (const unsigned char *)p;
    size_t run = 0;
    for (size_t i = 0; i < n;) {
        size_t skip = is_dropped_control(u[i]) ? 1 : c1_length(u + i, n - i);
        if (skip == 0) {
            i++;
            continue;
        }
        buf_append(out, p + run, i - run);
        i += skip;
        run = i;
    }
    buf_append(out, p + run, n - run);
}

/* The largest length <= max at which `s` can be cut without splitting a
 * UTF-8 sequence (any bytes: for invalid input any cut will do). */
static size_t cut_length(struct str s, size_t max)
{
    if (max >= s.n)
        return s.n;
    size_t k = max;
    for (int back = 0; back < 3 && k > 0 && ((unsigned char)s.p[k] & 0xC0) == 0x80; back++)
        k--;
    return k;
}

/* --- escaping ------------------------------------------------------------ */

/* Appends `s` with & < > (and " if `quote`) as character references. */
static void append_escaped(struct buf *out, struct str s, bool quote)
{
    size_t run = 0;
    for (size_t i = 0; i < s.n; i++) {
        const char *rep;
        switch (s.p[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = quote ? "&quot;" : NULL; break;
        default: rep = NULL; break;
        }
        if (!rep)
            continue;
        buf_append(out, s.p + run, i - run);
        buf_puts(out, rep);
        run = i + 1;
    }
    buf_append(out, s.p + run, s.n - run);
}

/* --- URLs ---------------------------------------------------------------- */

/* Reads a URL the way the check must see it: ASCII white space and control
 * characters are skipped wherever they are. Returns the next byte, or -1. */
static int url_next(const unsigned char **p, const unsigned char *end)
{
    while (*p < end) {
        unsigned char c = *(*p)++;
        if (c > 0x20 && c != 0x7F)
            return c;
    }
    return -1;
}

/* True if the path of a site-relative URL (from p, past its first '/')
 * has a "." or ".." segment, also written %2e: "/media/../quan-tri/" is
 * not the picture it looks like, and a reader's browser would ask for
 * whatever it leads to. */
static bool has_dot_segment(const unsigned char *p, const unsigned char *end)
{
    int dots = 0, other = 0;
    for (int c = url_next(&p, end);; c = url_next(&p, end)) {
        if (c < 0 || c == '/' || c == '\\' || c == '?' || c == '#') {
            if (dots && dots <= 2 && !other)
                return true;
            if (c < 0 || c == '?' || c == '#')
                return false;
            dots = other = 0;
        } else if (c == '.') {
            dots++;
        } else if (c == '%' && end - p >= 2 && p[0] == '2' && (p[1] == 'e' || p[1] == 'E')) {
            p += 2;
            dots++;
        } else {
            other++;
        }
    }
}

bool sanitize_url_allowed(struct str url)
{
    const unsigned char *p = (const unsigned char *)url.p, *end = p + url.n;
    int c = url_next(&p, end);
    if (c == '#')
        return true;
    if (c == '/') {
        const unsigned char *path = p;
        int d = url_next(&p, end);
        return d != '/' && d != '\\' && !has_dot_segment(path, end);
    }
    if (c < 0 || !is_alpha((unsigned char)c))
        return false;
    /* A scheme: a letter, then letters, digits, + - ., then ':'. Anything
     * else before the ':' makes a relative URL, refused too. */
    char scheme[8];
    size_t n = 0;
    for (;;) {
        if (n == sizeof scheme)
            return false; /* longer than every allowed scheme */
        scheme[n++] = (char)to_lower((unsigned char)c);
        c = url_next(&p, end);
        if (c == ':')
            break;
        if (c < 0 || !(is_alpha((unsigned char)c) || is_digit((unsigned char)c) || c == '+' || c == '-' ||
                       c == '.'))
            return false;
    }
    struct str s = str_make(scheme, n);
    return str_eq_lit(s, "http") || str_eq_lit(s, "https") || str_eq_lit(s, "mailto") || str_eq_lit(s, "tel");
}

/* Appends the form of an href or src that is stored: tabs, line breaks and
 * every control character removed, leading and trailing spaces removed,
 * inner spaces as %20 (what a browser would request). Cleaning a cleaned
 * URL changes nothing. */
static void url_clean(struct buf *out, struct str v)
{
    const unsigned char *u = (const unsigned char *)v.p;
    size_t start = 0, end = v.n;
    while (start < end && (u[start] <= 0x20 || u[start] == 0x7F))
        start++;
    while (end > start && (u[end - 1] <= 0x20 || u[end - 1] == 0x7F))
        end--;
    for (size_t i = start; i < end;) {
        size_t c1 = c1_length(u + i, end - i);
        if (c1) {
            i += c1;
        } else if (u[i] == ' ') {
            buf_puts(out, "%20");
            i++;
        } else if (u[i] < 0x20 || u[i] == 0x7F) {
            i++;
        } else {
            buf_putc(out, (char)u[i]);
            i++;
        }
    }
}

/* True if an allowed URL is http: or https: (case-insensitive, controls
 * and white space ignored as in the check). */
static bool url_is_web(struct str url)
{
    const unsigned char *p = (const unsigned char *)url.p, *end = p + url.n;
    const char *want = "http";
    for (size_t i = 0; i < 4; i++) {
        int c = url_next(&p, end);
        if (c < 0 || to_lower((unsigned char)c) != want[i])
            return false;
    }
    int c = url_next(&p, end);
    if (c == 's' || c == 'S')
        c = url_next(&p, end);
    return c == ':';
}

/* --- 1. prepare: the canonical input ------------------------------------ */

static const char *const void_names[] = {"area", "base", "basefont", "bgsound", "br",    "col",
                                         "embed", "frame", "hr",      "image",   "img",   "input",
                                         "keygen", "link", "meta",    "param",   "source", "track",
                                         "wbr",  NULL};
/* Start tags that close an open <p> (HTML's "close a p element"). */
static const char *const closes_p_names[] = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",  "div",
    "dl",      "dd",      "dt",    "fieldset",   "figcaption", "figure", "footer", "form", "h1",
    "h2",      "h3",      "h4",    "h5",         "h6",     "header",  "hgroup", "hr",   "li",
    "listing", "main",    "menu",  "nav",        "ol",     "p",       "plaintext", "pre", "section",
    "summary", "table",   "ul",    "xmp",        NULL};
static const char *const heading_names[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
/* Elements whose content is text up to their end tag, as gumbo reads them
 * (gumbo has no scripting, so noscript is not among them). */
static const char *const rawtext_names[] = {"script", "style",    "xmp",   "iframe", "noembed",
                                            "noframes", "textarea", "title", NULL};

struct guard_entry {
    const char *name; /* into the input; any case */
    size_t len;
};

struct prepare {
    struct buf *out;
    const char *s;
    size_t n, i;
    struct guard_entry stack[GUARD_DEPTH];
    size_t depth;
    size_t foreign; /* svg and math elements on the stack */
    size_t dropped;  /* start tags left out for depth */
    size_t comments; /* comments (and bogus ones: <!DOCTYPE>, <?xml?>) skipped */
};

static bool top_is(const struct prepare *pp, size_t below, const char *const *names)
{
    if (pp->depth <= below)
        return false;
    const struct guard_entry *e = &pp->stack[pp->depth - 1 - below];
    return in_list(e->name, e->len, names);
}

/*
 * How many elements on top of the stack the parser certainly closes when
 * it sees the start tag `name`: an open p before a block, a heading before
 * a heading, an li before an li, a cell before a cell or row... Only the
 * top of the stack is looked at, so this never closes more than the parser
 * does: the count errs high, never low.
 */
static size_t guard_closes(const struct prepare *pp, const char *name, size_t len)
{
    static const char *const p[] = {"p", NULL}, *const li[] = {"li", NULL}, *const dd[] = {"dd", "dt", NULL};
    static const char *const cell[] = {"td", "th", NULL}, *const tr[] = {"tr", NULL};
    static const char *const section[] = {"thead", "tbody", "tfoot", NULL};
    static const char *const option[] = {"option", NULL}, *const optgroup[] = {"optgroup", NULL};
    size_t k = 0;
    if (in_list(name, len, closes_p_names) && top_is(pp, k, p))
        k++;
    if (in_list(name, len, heading_names)) {
        if (top_is(pp, k, heading_names))
            k++;
    } else if (same_nocase(name, len, "li")) {
        if (top_is(pp, k, li))
            k++;
    } else if (in_list(name, len, dd)) {
        if (top_is(pp, k, dd))
            k++;
    } else if (in_list(name, len, cell)) {
        if (top_is(pp, k, cell))
            k++;
    } else if (same_nocase(name, len, "tr") || in_list(name, len, section)) {
        if (top_is(pp, k, cell))
            k++;
        if (top_is(pp, k, tr))
            k++;
        if (!same_nocase(name, len, "tr") && top_is(pp, k, section))
            k++;
    } else if (same_nocase(name, len, "option")) {
        if (top_is(pp, k, option))
            k++;
    } else if (same_nocase(name, len, "optgroup")) {
        if (top_is(pp, k, option))
            k++;
        if (top_is(pp, k, optgroup))
            k++;
    }
    return k;
}

static bool is_foreign_root(const char *name, size_t len)
{
    return same_nocase(name, len, "svg") || same_nocase(name, len, "math");
}

static void guard_pop(struct prepare *pp, size_t k)
{
    while (k-- > 0) {
        struct guard_entry *e = &pp->stack[--pp->depth];
        if (is_foreign_root(e->name, e->len))
            pp->foreign--;
    }
}

/* Appends a lower-cased name. */
static void put_lower(struct buf *out, const char *p, size_t n)
{
    buf_reserve(out, n);
    for (size_t i = 0; i < n; i++)
        out->p[out->n + i] = (char)to_lower((unsigned char)p[i]);
    out->n += n;
}

/*
 * Reads the tag at pp->i (its '<' and, for an end tag, its '/' already
 * known) the way HTML's tokenizer does: the name up to white space, '/' or
 * '>'; attributes with quoted, unquoted or no values; the end at the first
 * '>' outside a quoted value. With `emit`, writes it canonically:
 * lower-case names, every value double-quoted with " as &quot; (other
 * bytes as they were, so gumbo decodes the same character references).
 * Returns false at the end of the input inside the tag (HTML drops such a
 * tag), after removing what it wrote.
 */
static bool read_tag(struct prepare *pp, size_t name_at, bool end_tag, bool emit, bool *self_closing)
{
    const char *s = pp->s;
    size_t n = pp->n, i = name_at, mark = pp->out->n;
    while (i < n && !is_space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>')
        i++;
    if (emit) {
        buf_puts(pp->out, end_tag ? "</" : "<");
        put_lower(pp->out, s + name_at, i - name_at);
    }
    *self_closing = false;
    for (;;) {
        while (i < n && (is_space((unsigned char)s[i]) || (s[i] == '/' && !(i + 1 < n && s[i + 1] == '>'))))
            i++;
        if (i >= n)
            goto eof;
        if (s[i] == '>') {
            i++;
            break;
        }
        if (s[i] == '/') { /* followed by '>' */
            *self_closing = true;
            i += 2;
            break;
        }
        size_t name = i++; /* the first character may be '=' */
        while (i < n && !is_space((unsigned char)s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        size_t name_len = i - name, j = i;
        while (j < n && is_space((unsigned char)s[j]))
            j++;
        struct str value = STR("");
        if (j < n && s[j] == '=') {
            i = j + 1;
            while (i < n && is_space((unsigned char)s[i]))
                i++;
            if (i >= n)
                goto eof;
            if (s[i] == '"' || s[i] == '\'') {
                const char *close = memchr(s + i + 1, s[i], n - i - 1);
                if (!close)
                    goto eof;
                value = str_make(s + i + 1, (size_t)(close - s) - i - 1);
                i = (size_t)(close - s) + 1;
            } else if (s[i] != '>') {
                size_t v = i;
                while (i < n && !is_space((unsigned char)s[i]) && s[i] != '>')
                    i++;
                value = str_make(s + v, i - v);
            }
        } else {
            i = j;
        }
        if (emit && !end_tag) {
            buf_putc(pp->out, ' ');
            put_lower(pp->out, s + name, name_len);
            buf_puts(pp->out, "=\"");
            size_t run = 0;
            for (size_t k = 0; k < value.n; k++) {
                if (value.p[k] != '"')
                    continue;
                buf_append(pp->out, value.p + run, k - run);
                buf_puts(pp->out, "&quot;");
                run = k + 1;
            }
            buf_append(pp->out, value.p + run, value.n - run);
            buf_putc(pp->out, '"');
        }
    }
    if (emit)
        buf_puts(pp->out, *self_closing && !end_tag ? "/>" : ">");
    pp->i = i;
    return true;
eof:
    pp->out->n = mark;
    pp->i = n;
    return false;
}

/* Appends text with every '<' as &lt; (so that it cannot open a tag). */
static void prepare_text(struct prepare *pp, size_t from, size_t to)
{
    const char *s = pp->s;
    while (from < to) {
        const char *lt = memchr(s + from, '<', to - from);
        size_t stop = lt ? (size_t)(lt - s) : to;
        buf_append(pp->out, s + from, stop - from);
        if (!lt)
            break;
        buf_puts(pp->out, "&lt;");
        from = stop + 1;
    }
}

/* After the start tag of a rawtext element: its content is text up to
 * "</name" followed by white space, '/' or '>'. */
static void prepare_rawtext(struct prepare *pp, const char *name, size_t len)
{
    const char *s = pp->s;
    size_t n = pp->n, k = pp->i, end = n;
    while (k < n) {
        const char *lt = memchr(s + k, '<', n - k);
        if (!lt)
            break;
        k = (size_t)(lt - s);
        size_t after = k + 2 + len;
        if (after < n && s[k + 1] == '/' &&
            (is_space((unsigned char)s[after]) || s[after] == '/' || s[after] == '>')) {
            bool same = true;
            for (size_t j = 0; j < len && same; j++)
                same = to_lower((unsigned char)s[k + 2 + j]) == to_lower((unsigned char)name[j]);
            if (same) {
                end = k;
                break;
            }
        }
        k++;
    }
    prepare_text(pp, pp->i, end);
    pp->i = end;
}

static void prepare_start_tag(struct prepare *pp)
{
    size_t name_at = pp->i + 1, e = name_at;
    while (e < pp->n && !is_space((unsigned char)pp->s[e]) && pp->s[e] != '/' && pp->s[e] != '>')
        e++;
    const char *name = pp->s + name_at;
    size_t len = e - name_at;
    bool is_void = !pp->foreign && in_list(name, len, void_names);
    size_t closes = guard_closes(pp, name, len);
    bool keep = is_void || pp->depth - closes < GUARD_DEPTH;
    bool self_closing;
    if (!read_tag(pp, name_at, false, keep, &self_closing))
        return;
    if (keep) {
        guard_pop(pp, closes);
        if (!is_void) {
            pp->stack[pp->depth++] = (struct guard_entry){name, len};
            if (is_foreign_root(name, len))
                pp->foreign++;
        }
    } else {
        pp->dropped++;
    }
    if (same_nocase(name, len, "plaintext")) {
        prepare_text(pp, pp->i, pp->n);
        pp->i = pp->n;
    } else if (in_list(name, len, rawtext_names)) {
        prepare_rawtext(pp, name, len);
    }
}

static void prepare_end_tag(struct prepare *pp)
{
    size_t name_at = pp->i + 2, e = name_at;
    while (e < pp->n && !is_space((unsigned char)pp->s[e]) && pp->s[e] != '/' && pp->s[e] != '>')
        e++;
    const char *name = pp->s + name_at;
    size_t len = e - name_at;
    bool self_closing;
    if (!read_tag(pp, name_at, true, true, &self_closing))
        return;
    if (pp->depth == 0)
        return;
    const struct guard_entry *top = &pp->stack[pp->depth - 1];
    bool match = len == top->len;
    for (size_t j = 0; j < len && match; j++)
        match = to_lower((unsigned char)name[j]) == to_lower((unsigned char)top->name[j]);
    if (match || (in_list(name, len, heading_names) && in_list(top->name, top->len, heading_names)))
        guard_pop(pp, 1);
}

/* Skips a comment that starts at pp->i ("<!--"), as HTML ends one: at
 * "-->", "--!>", or at once for "<!-->" and "<!--->". */
static void skip_comment(struct prepare *pp)
{
    pp->comments++;
    const char *s = pp->s;
    size_t n = pp->n, j = pp->i + 4;
    if (j < n && s[j] == '>') {
        pp->i = j + 1;
        return;
    }
    if (j + 1 < n && s[j] == '-' && s[j + 1] == '>') {
        pp->i = j + 2;
        return;
    }
    for (size_t k = j; k + 2 < n; k++) {
        if (s[k] != '-' || s[k + 1] != '-')
            continue;
        if (s[k + 2] == '>') {
            pp->i = k + 3;
            return;
        }
        if (k + 3 < n && s[k + 2] == '!' && s[k + 3] == '>') {
            pp->i = k + 4;
            return;
        }
    }
    pp->i = n;
}

/* Skips a bogus comment (<!DOCTYPE>, <?xml?>, </ x>, <![if ...]>): up to
 * the first '>'. */
static void skip_to_gt(struct prepare *pp)
{
    pp->comments++;
    const char *gt = memchr(pp->s + pp->i, '>', pp->n - pp->i);
    pp->i = gt ? (size_t)(gt - pp->s) + 1 : pp->n;
}

/*
 * Writes the canonical form of `in` (already without controls) into out.
 * Adds the start tags left out for depth to report->unwrapped_elements and
 * the comments to report->dropped_elements.
 */
static void prepare_input(struct buf *out, struct str in, struct sanitize_report *report)
{
    struct prepare state = {.out = out, .s = in.p, .n = in.n}, *pp = &state; /* 4 KiB */
    const char *s = in.p;
    while (pp->i < pp->n) {
        const char *lt = memchr(s + pp->i, '<', pp->n - pp->i);
        size_t at = lt ? (size_t)(lt - s) : pp->n;
        buf_append(out, s + pp->i, at - pp->i);
        pp->i = at;
        if (!lt)
            break;
        unsigned char next = at + 1 < pp->n ? (unsigned char)s[at + 1] : 0;
        if (is_alpha(next)) {
            prepare_start_tag(pp);
        } else if (next == '/') {
            unsigned char after = at + 2 < pp->n ? (unsigned char)s[at + 2] : 0;
            if (is_alpha(after))
                prepare_end_tag(pp);
            else if (after == '>')
                pp->i = at + 3;
            else
                skip_to_gt(pp);
        } else if (next == '!') {
            if (at + 3 < pp->n && s[at + 2] == '-' && s[at + 3] == '-')
                skip_comment(pp);
            else
                skip_to_gt(pp);
        } else if (next == '?') {
            skip_to_gt(pp);
        } else {
            buf_puts(out, "&lt;");
            pp->i = at + 1;
        }
    }
    report->unwrapped_elements += pp->dropped;
    report->dropped_elements += pp->comments;
}

/* --- the run's state ------------------------------------------------------ */

/* Why a run was abandoned by longjmp. */
enum { RUN_OK = 0, RUN_TOO_BIG = 1, RUN_NO_MEMORY = 2 };

/* Gumbo's memory: chunks it allocates from by bumping a pointer, all freed
 * together after the parse, so gumbo's own frees are no-ops (it frees
 * little before the end anyway, and malloc per node was most of the time
 * of a parse). */
#define PARSE_CHUNK_MIN ((size_t)16 << 10) /* the first chunk; each next one twice as big... */
#define PARSE_CHUNK_MAX ((size_t)1 << 20)  /* ...up to this */
struct parse_chunk {
    struct parse_chunk *next;
    size_t size, used; /* bytes after the header */
    max_align_t align[];
};

struct node;
struct node_chunk;
struct builder;

/* What the walk did on entering a gumbo element, to undo on leaving it. */
struct walk_record {
    struct node *node;
    unsigned char action;
};

struct sanitizer {
    jmp_buf jump;
    const struct sanitize_options *opt;
    struct sanitize_report report;
    struct parse_chunk *chunk; /* the newest first */
    size_t parse_used, parse_budget, parse_chunk_size;
    struct node_chunk *chunks;
    struct buf texts;   /* the bytes of every text node */
    struct buf attrs;   /* the written attributes of every element (' name="value"'...) */
    struct buf scratch; /* for one value at a time */
    struct buf scratch2;
    struct walk_record *walk;
    size_t walk_n, walk_cap;
    struct builder *builder;
};

static void *parse_alloc(void *userdata, size_t size)
{
    struct sanitizer *s = userdata;
    size_t align = _Alignof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size > s->parse_budget - s->parse_used)
        longjmp(s->jump, RUN_TOO_BIG);
    s->parse_used += size;
    struct parse_chunk *c = s->chunk;
    if (!c || c->size - c->used < size) {
        bool big = size > PARSE_CHUNK_MAX / 4;
        if (!big)
            s->parse_chunk_size = s->parse_chunk_size == 0 ? PARSE_CHUNK_MIN
                                  : s->parse_chunk_size < PARSE_CHUNK_MAX ? 2 * s->parse_chunk_size
                                                                           : PARSE_CHUNK_MAX;
        size_t want = big || size > s->parse_chunk_size ? size : s->parse_chunk_size;
        c = malloc(sizeof *c + want);
        if (!c)
            longjmp(s->jump, RUN_NO_MEMORY);
        c->size = want;
        c->used = 0;
        if (big && s->chunk) { /* a block of its own: keep bumping in the current chunk */
            c->next = s->chunk->next;
            s->chunk->next = c;
            c->used = size;
            return c->align;
        }
        c->next = s->chunk;
        s->chunk = c;
    }
    void *p = (char *)c->align + c->used;
    c->used += size;
    return p;
}

static void parse_free(void *userdata, void *p)
{
    (void)userdata;
    (void)p;
}

static void release_parse(struct sanitizer *s)
{
    for (struct parse_chunk *c = s->chunk, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    s->chunk = NULL;
    s->parse_used = s->parse_chunk_size = 0;
}

/* --- 3. our tree ------------------------------------------------------------ */

enum out_tag {
    OUT_ROOT,
    OUT_TEXT,
    OUT_P,
    OUT_H2,
    OUT_H3,
    OUT_H4,
    OUT_UL,
    OUT_OL,
    OUT_LI,
    OUT_BLOCKQUOTE,
    OUT_HR,
    OUT_FIGURE,
    OUT_FIGCAPTION,
    OUT_TABLE,
    OUT_CAPTION,
    OUT_THEAD,
    OUT_TBODY,
    OUT_TFOOT,
    OUT_TR,
    OUT_TH,
    OUT_TD,
    OUT_STRONG,
    OUT_EM,
    OUT_U,
    OUT_S,
    OUT_SUB,
    OUT_SUP,
    OUT_A,
    OUT_BR,
    OUT_IMG,
    OUT_COUNT
};

/* What an element is, which decides where it may stand. */
enum kind {
    KIND_ROOT,
    KIND_TEXT,
    KIND_BLOCK,      /* p h2-h4 ul ol blockquote hr figure table: in PARAS or FLOW */
    KIND_LI,         /* in LIST */
    KIND_FIGCAPTION, /* in figure */
    KIND_CAPTION,    /* in TABLE */
    KIND_SECTION,    /* in TABLE */
    KIND_ROW,        /* in SECTION */
    KIND_CELL,       /* in ROW */
    KIND_INLINE,     /* strong em u s sub sup a: wherever text may be */
    KIND_LEAF,       /* br img: wherever text may be; hold nothing */
};

/*
 * What an element may hold. These are the content models that keep the
 * output stable under HTML parsing: the parser closes an open p at every
 * block, closes a heading at a heading, and reopens inline elements that a
 * block interrupted; with blocks only in PARAS and FLOW, inline elements
 * holding only inline content, li only in lists and tables complete, the
 * parser never closes, moves or reopens anything in our output.
 */
enum model {
    MODEL_NONE,
    MODEL_PARAS,   /* root, blockquote: blocks; inline content goes in an implicit p */
    MODEL_FLOW,    /* li td th figure: blocks and inline content side by side */
    MODEL_PHRASE,  /* p h2-h4 caption figcaption and inline elements: inline content */
    MODEL_LIST,    /* ul ol: li */
    MODEL_TABLE,   /* caption thead tbody tfoot */
    MODEL_SECTION, /* tr */
    MODEL_ROW,     /* th td */
};

static const struct {
    const char *name;
    unsigned char kind, model;
} tags[OUT_COUNT] = {
    [OUT_ROOT] = {"", KIND_ROOT, MODEL_PARAS},
    [OUT_TEXT] = {"", KIND_TEXT, MODEL_NONE},
    [OUT_P] = {"p", KIND_BLOCK, MODEL_PHRASE},
    [OUT_H2] = {"h2", KIND_BLOCK, MODEL_PHRASE},
    [OUT_H3] = {"h3", KIND_BLOCK, MODEL_PHRASE},
    [OUT_H4] = {"h4", KIND_BLOCK, MODEL_PHRASE},
    [OUT_UL] = {"ul", KIND_BLOCK, MODEL_LIST},
    [OUT_OL] = {"ol", KIND_BLOCK, MODEL_LIST},
    [OUT_LI] = {"li", KIND_LI, MODEL_FLOW},
    [OUT_BLOCKQUOTE] = {"blockquote", KIND_BLOCK, MODEL_PARAS},
    [OUT_HR] = {"hr", KIND_BLOCK, MODEL_NONE},
    [OUT_FIGURE] = {"figure", KIND_BLOCK, MODEL_FLOW},
    [OUT_FIGCAPTION] = {"figcaption", KIND_FIGCAPTION, MODEL_PHRASE},
    [OUT_TABLE] = {"table", KIND_BLOCK, MODEL_TABLE},
    [OUT_CAPTION] = {"caption", KIND_CAPTION, MODEL_PHRASE},
    [OUT_THEAD] = {"thead", KIND_SECTION, MODEL_SECTION},
    [OUT_TBODY] = {"tbody", KIND_SECTION, MODEL_SECTION},
    [OUT_TFOOT] = {"tfoot", KIND_SECTION, MODEL_SECTION},
    [OUT_TR] = {"tr", KIND_ROW, MODEL_ROW},
    [OUT_TH] = {"th", KIND_CELL, MODEL_FLOW},
    [OUT_TD] = {"td", KIND_CELL, MODEL_FLOW},
    [OUT_STRONG] = {"strong", KIND_INLINE, MODEL_PHRASE},
    [OUT_EM] = {"em", KIND_INLINE, MODEL_PHRASE},
    [OUT_U] = {"u", KIND_INLINE, MODEL_PHRASE},
    [OUT_S] = {"s", KIND_INLINE, MODEL_PHRASE},
    [OUT_SUB] = {"sub", KIND_INLINE, MODEL_PHRASE},
    [OUT_SUP] = {"sup", KIND_INLINE, MODEL_PHRASE},
    [OUT_A] = {"a", KIND_INLINE, MODEL_PHRASE},
    [OUT_BR] = {"br", KIND_LEAF, MODEL_NONE},
    [OUT_IMG] = {"img", KIND_LEAF, MODEL_NONE},
};

enum node_flag {
    N_OPEN = 1,           /* on the builder's stack of open elements */
    N_IMPLICIT = 2,       /* made by the builder: an implicit p, li, ul, tbody or tr */
    N_HAS_INLINE = 4,     /* container: inline content since its last block or br */
    N_PENDING_BREAK = 8,  /* container: an unwrapped block ended; <br> before more text */
    N_SIGNIFICANT = 16,   /* normalise: holds text other than spaces, an img or an hr */
};

struct node {
    struct node *parent, *first, *last, *prev, *next;
    size_t off, len;     /* text: bytes in s->texts; element: attributes in s->attrs */
    unsigned char tag;   /* enum out_tag */
    unsigned char flags; /* enum node_flag */
    unsigned char depth; /* while open: its index on the stack (root 0) */
};
_Static_assert(SANITIZE_MAX_DEPTH < 256, "a node's depth fits in a byte");

#define NODE_CHUNK 1024
struct node_chunk {
    struct node_chunk *next;
    size_t used;
    struct node nodes[NODE_CHUNK];
};

static inline enum kind kind_of(const struct node *n) { return (enum kind)tags[n->tag].kind; }
static inline enum model model_of(const struct node *n) { return (enum model)tags[n->tag].model; }

static struct node *new_node(struct sanitizer *s, enum out_tag tag)
{
    if (!s->chunks || s->chunks->used == NODE_CHUNK) {
        struct node_chunk *c = malloc(sizeof *c);
        if (!c)
            longjmp(s->jump, RUN_NO_MEMORY);
        c->next = s->chunks;
        c->used = 0;
        s->chunks = c;
    }
    struct node *n = &s->chunks->nodes[s->chunks->used++];
    memset(n, 0, sizeof *n);
    n->tag = (unsigned char)tag;
    return n;
}

static void append_child(struct node *parent, struct node *n)
{
    n->parent = parent;
    n->prev = parent->last;
    n->next = NULL;
    if (parent->last)
        parent->last->next = n;
    else
        parent->first = n;
    parent->last = n;
}

static void unlink_node(struct node *n)
{
    if (n->prev)
        n->prev->next = n->next;
    else
        n->parent->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        n->parent->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

static inline struct str node_text(const struct sanitizer *s, const struct node *n)
{
    return str_make(s->texts.p + n->off, n->len);
}

/* --- attributes ------------------------------------------------------------ */

/* The written attributes of an element, and how many of the input's were
 * left out (counted only if the element is kept). */
struct attrs {
    size_t off, len;
    size_t dropped, dropped_urls;
};

static void put_attr(struct sanitizer *s, const char *name, struct str value)
{
    buf_putc(&s->attrs, ' ');
    buf_puts(&s->attrs, name);
    buf_puts(&s->attrs, "=\"");
    append_escaped(&s->attrs, value, true);
    buf_putc(&s->attrs, '"');
}

static void put_number_attr(struct sanitizer *s, const char *name, unsigned long long v)
{
    buf_printf(&s->attrs, " %s=\"%llu\"", name, v);
}

/* A text attribute (title, alt) as it is written: controls dropped, white
 * space collapsed and trimmed, NFC. Valid until the next call. */
static struct str clean_text_value(struct sanitizer *s, const char *v)
{
    buf_reset(&s->scratch);
    append_without_controls(&s->scratch, v, strlen(v));
    char *p = s->scratch.p;
    size_t w = 0;
    bool space = true;
    for (size_t r = 0; r < s->scratch.n; r++) {
        if (is_space((unsigned char)p[r])) {
            if (!space)
                p[w++] = ' ';
            space = true;
        } else {
            p[w++] = p[r];
            space = false;
        }
    }
    if (w && p[w - 1] == ' ')
        w--;
    s->scratch.n = w;
    buf_reset(&s->scratch2);
    if (vi_nfc(&s->scratch2, buf_str(&s->scratch)) != 0) {
        buf_reset(&s->scratch2);
        buf_put(&s->scratch2, buf_str(&s->scratch));
    }
    return buf_str(&s->scratch2);
}

/* A whole number in [min, max], written with digits only (white space
 * around is allowed): "100" yes, "100px", "+3", "1e3" no. */
static bool plain_number(const char *v, unsigned long long min, unsigned long long max, unsigned long long *out)
{
    struct str t = trim_space(str_cstr(v));
    if (t.n == 0 || t.n > 9)
        return false;
    for (size_t i = 0; i < t.n; i++)
        if (!is_digit((unsigned char)t.p[i]))
            return false;
    return str_to_u64(t, out) && *out >= min && *out <= max;
}

/* A srcset descriptor as it is written: "400w" (a width of 1 to 10000
 * pixels) or "2x" (a density of 1 to 4); false for anything else. */
static bool srcset_descriptor(struct str d, struct buf *out)
{
    if (d.n < 2 || d.n > 6)
        return false;
    char unit = (char)to_lower((unsigned char)d.p[d.n - 1]);
    unsigned long long v;
    struct str digits = str_make(d.p, d.n - 1);
    for (size_t i = 0; i < digits.n; i++)
        if (!is_digit((unsigned char)digits.p[i]))
            return false;
    if (!str_to_u64(digits, &v))
        return false;
    if (unit == 'w' && v >= 1 && v <= 10000)
        buf_printf(out, " %lluw", v);
    else if (unit == 'x' && v >= 1 && v <= 4)
        buf_printf(out, " %llux", v);
    else
        return false;
    return true;
}

/*
 * The srcset of an <img> as it is written: the candidates ("URL
 * descriptor", separated by commas) whose URL passes the same checks as
 * src (sanitize_url_allowed and the image callback) and whose descriptor
 * is a width or a density, at most 16 of them, joined by ", ". A URL with a
 * comma in it cannot be told from two candidates, so it is not kept
 * either. Empty if nothing is left. Valid until the next call.
 */
static struct str clean_srcset(struct sanitizer *s, const char *v)
{
    buf_reset(&s->scratch2);
    size_t kept = 0;
    struct str rest = str_cstr(v);
    while (rest.n && kept < 16) {
        const char *comma = memchr(rest.p, ',', rest.n);
        struct str item = trim_space(str_make(rest.p, comma ? (size_t)(comma - rest.p) : rest.n));
        rest = comma ? str_skip(rest, (size_t)(comma - rest.p) + 1) : str_make(rest.p + rest.n, 0);
        size_t u = 0;
        while (u < item.n && !is_space((unsigned char)item.p[u]))
            u++;
        struct str url = str_make(item.p, u);
        struct str desc = trim_space(str_skip(item, u));
        if (!url.n)
            continue;
        buf_reset(&s->scratch);
        url_clean(&s->scratch, url);
        struct str clean = buf_str(&s->scratch);
        if (!sanitize_url_allowed(url) || !sanitize_url_allowed(clean) || !s->opt || !s->opt->image_allowed ||
            !s->opt->image_allowed(clean, s->opt->ctx))
            continue;
        size_t mark = s->scratch2.n;
        if (kept)
            buf_puts(&s->scratch2, ", ");
        buf_put(&s->scratch2, clean);
        if (desc.n && !srcset_descriptor(desc, &s->scratch2)) {
            s->scratch2.n = mark; /* the whole candidate goes */
            continue;
        }
        kept++;
    }
    return buf_str(&s->scratch2);
}

/* The first class of `v` that is in `allowed`, or NULL. */
static const char *pick_class(const char *v, const char *const *allowed)
{
    struct str s = str_cstr(v);
    size_t i = 0;
    while (i < s.n) {
        while (i < s.n && is_space((unsigned char)s.p[i]))
            i++;
        size_t start = i;
        while (i < s.n && !is_space((unsigned char)s.p[i]))
            i++;
        for (const char *const *a = allowed; *a; a++)
            if (str_eq_lit(str_make(s.p + start, i - start), *a))
                return *a;
    }
    return NULL;
}

/* The value of the CSS property `prop` in a style attribute, trimmed and
 * without "!important"; empty when it is not there. */
static struct str css_value(const char *style, const char *prop)
{
    struct str st = str_cstr(style);
    size_t i = 0;
    while (i < st.n) {
        const char *semi = memchr(st.p + i, ';', st.n - i);
        size_t end = semi ? (size_t)(semi - st.p) : st.n;
        struct str decl = str_make(st.p + i, end - i);
        const char *colon = memchr(decl.p, ':', decl.n);
        if (colon) {
            struct str name = trim_space(str_make(decl.p, (size_t)(colon - decl.p)));
            if (same_nocase(name.p, name.n, prop)) {
                struct str value = str_make(colon + 1, (size_t)(decl.p + decl.n - colon - 1));
                const char *bang = memchr(value.p, '!', value.n);
                if (bang)
                    value.n = (size_t)(bang - value.p);
                return trim_space(value);
            }
        }
        i = end + 1;
    }
    return STR("");
}

static struct str style_value(const GumboElement *e, const char *prop)
{
    const GumboAttribute *a = gumbo_get_attribute(&e->attributes, "style");
    return a ? css_value(a->value, prop) : STR("");
}

static bool value_is(struct str v, const char *const *list) { return in_list(v.p, v.n, list); }

static const char *const bold_values[] = {"bold", "bolder", "600", "700", "800", "900", NULL};
static const char *const not_bold_values[] = {"normal", "lighter", "100", "200", "300", "400", NULL};

/*
 * Writes the attributes that `tag` keeps from `e`. Returns false if the
 * element cannot be kept: an <a> without an allowed href, an <img> without
 * an allowed src (or with no image callback).
 */
static bool make_attrs(struct sanitizer *s, enum out_tag tag, const GumboElement *e, struct attrs *out)
{
    static const char *const figure_classes[] = {"align-left", "align-right", "align-center", NULL};
    static const char *const p_classes[] = {"align-center", "align-right", NULL};
    static const char *const scopes[] = {"row", "col", "rowgroup", "colgroup", NULL};
    size_t used = 0;
    unsigned long long v;
    out->off = s->attrs.n;
    out->dropped_urls = 0;
    const GumboAttribute *a;

    switch (tag) {
    case OUT_A:
    case OUT_IMG: {
        const char *url_name = tag == OUT_A ? "href" : "src";
        a = gumbo_get_attribute(&e->attributes, url_name);
        bool ok = false;
        if (a) {
            buf_reset(&s->scratch);
            url_clean(&s->scratch, str_cstr(a->value));
            struct str url = buf_str(&s->scratch);
            ok = sanitize_url_allowed(str_cstr(a->value)) && sanitize_url_allowed(url);
            if (ok && tag == OUT_IMG)
                ok = s->opt && s->opt->image_allowed && s->opt->image_allowed(url, s->opt->ctx);
            if (ok) {
                put_attr(s, url_name, url);
                used++;
            } else {
                out->dropped_urls = 1;
            }
        }
        if (!ok) {
            if (tag == OUT_IMG)
                s->report.dropped_images++;
            s->attrs.n = out->off;
            return false;
        }
        if (tag == OUT_A) {
            bool web = url_is_web(buf_str(&s->scratch));
            if ((a = gumbo_get_attribute(&e->attributes, "title"))) {
                struct str t = clean_text_value(s, a->value);
                if (t.n) {
                    put_attr(s, "title", t);
                    used++;
                }
            }
            /* No target is kept, so opener is already null; rel also keeps
             * it null if a template ever opens links in a new tab. */
            if (web)
                put_attr(s, "rel", STR("noopener"));
        } else {
            if ((a = gumbo_get_attribute(&e->attributes, "alt"))) {
                put_attr(s, "alt", clean_text_value(s, a->value));
                used++;
            }
            if ((a = gumbo_get_attribute(&e->attributes, "width")) && plain_number(a->value, 1, 4000, &v)) {
                put_number_attr(s, "width", v);
                used++;
            }
            if ((a = gumbo_get_attribute(&e->attributes, "height")) && plain_number(a->value, 1, 4000, &v)) {
                put_number_attr(s, "height", v);
                used++;
            }
            if ((a = gumbo_get_attribute(&e->attributes, "srcset"))) {
                struct str set = clean_srcset(s, a->value);
                if (set.n) {
                    put_attr(s, "srcset", set);
                    used++;
                }
            }
        }
        break;
    }
    case OUT_OL:
        if ((a = gumbo_get_attribute(&e->attributes, "start")) && plain_number(a->value, 0, 1000000, &v)) {
            put_number_attr(s, "start", v);
            used++;
        }
        break;
    case OUT_TH:
    case OUT_TD:
        if ((a = gumbo_get_attribute(&e->attributes, "colspan")) && plain_number(a->value, 1, 100, &v)) {
            put_number_attr(s, "colspan", v);
            used++;
        }
        if ((a = gumbo_get_attribute(&e->attributes, "rowspan")) && plain_number(a->value, 1, 100, &v)) {
            put_number_attr(s, "rowspan", v);
            used++;
        }
        if (tag == OUT_TH && (a = gumbo_get_attribute(&e->attributes, "scope"))) {
            struct str sc = trim_space(str_cstr(a->value));
            for (const char *const *k = scopes; *k; k++) {
                if (same_nocase(sc.p, sc.n, *k)) {
                    put_attr(s, "scope", str_cstr(*k));
                    used++;
                    break;
                }
            }
        }
        break;
    case OUT_FIGURE:
        if ((a = gumbo_get_attribute(&e->attributes, "class"))) {
            const char *c = pick_class(a->value, figure_classes);
            if (c) {
                put_attr(s, "class", str_cstr(c));
                used++;
            }
        }
        break;
    case OUT_P: {
        /* Alignment: our class, else the align attribute or text-align
         * that Word and LibreOffice write. */
        const char *c = NULL;
        if ((a = gumbo_get_attribute(&e->attributes, "class")))
            c = pick_class(a->value, p_classes);
        if (!c && (a = gumbo_get_attribute(&e->attributes, "align"))) {
            struct str al = trim_space(str_cstr(a->value));
            c = same_nocase(al.p, al.n, "center") ? "align-center"
                : same_nocase(al.p, al.n, "right") ? "align-right"
                                                   : NULL;
        }
        if (!c) {
            struct str al = style_value(e, "text-align");
            c = same_nocase(al.p, al.n, "center") ? "align-center"
                : same_nocase(al.p, al.n, "right") ? "align-right"
                                                   : NULL;
        }
        if (c) {
            put_attr(s, "class", str_cstr(c));
            used++;
        }
        break;
    }
    default:
        break;
    }
    size_t total = e->attributes.length;
    out->len = s->attrs.n - out->off;
    out->dropped = total > used ? total - used : 0;
    return true;
}

/* --- 3. the builder --------------------------------------------------------- */

struct active {
    struct node *node; /* its element, or its latest copy; NULL if none yet */
    unsigned char tag;
    size_t off, len; /* attributes */
};

struct word_lists {
    struct node *container;
    struct node *list[WORD_LEVELS];
    size_t levels;
};

struct builder {
    struct sanitizer *s;
    struct node *root;
    struct node *open[SANITIZE_MAX_DEPTH + 1]; /* open[0] is the root */
    size_t n_open;
    struct active active[ACTIVE_MAX]; /* inline elements of the input still open, outermost first */
    size_t n_active;
    struct word_lists word;
    size_t in_word_item; /* inside a list paragraph from Word: its marker is dropped */
};

/* What entering a gumbo element did, undone when leaving it. */
enum {
    ACT_NONE,      /* dropped, or unwrapped inline: nothing */
    ACT_KEEP,      /* node: a container element opened for it */
    ACT_INLINE,    /* an entry on the active list */
    ACT_BREAK,     /* an unwrapped block: a break on leaving too */
    ACT_WORD_ITEM, /* node: the outermost list of a Word list item */
};

static inline struct node *top(const struct builder *b) { return b->open[b->n_open - 1]; }

/* True if `levels` more elements fit under the top of the stack. */
static inline bool room(const struct builder *b, size_t levels)
{
    return b->n_open - 1 + levels <= SANITIZE_MAX_DEPTH;
}

static void push(struct builder *b, struct node *n)
{
    assert(b->n_open <= SANITIZE_MAX_DEPTH);
    n->depth = (unsigned char)b->n_open;
    n->flags |= N_OPEN;
    b->open[b->n_open++] = n;
}

/* Closes every open element from index k up. */
static void pop_to(struct builder *b, size_t k)
{
    while (b->n_open > k)
        b->open[--b->n_open]->flags &= (unsigned char)~N_OPEN;
}

static struct node *add_element(struct builder *b, enum out_tag tag, size_t off, size_t len, unsigned char flags)
{
    struct node *n = new_node(b->s, tag);
    n->off = off;
    n->len = len;
    n->flags = flags;
    append_child(top(b), n);
    return n;
}

static struct node *open_element(struct builder *b, enum out_tag tag, size_t off, size_t len, unsigned char flags)
{
    struct node *n = add_element(b, tag, off, len, flags);
    push(b, n);
    return n;
}

/* The index of the innermost open element that is not inline. */
static size_t container_index(const struct builder *b)
{
    size_t k = b->n_open - 1;
    while (k > 0 && kind_of(b->open[k]) == KIND_INLINE)
        k--;
    return k;
}

/* True if an inline element `tag` is open inside the current container. */
static bool inline_open(const struct builder *b, unsigned char tag)
{
    for (size_t k = b->n_open - 1; k > 0 && kind_of(b->open[k]) == KIND_INLINE; k--)
        if (b->open[k]->tag == tag)
            return true;
    return false;
}

/* Reopens, inside the current container, the inline elements of the input
 * that are still open but were closed here by a block (like HTML's
 * "reconstruct the active formatting elements"): <b>x<p>y</p>z</b> keeps
 * y and z bold. */
static void reconstruct(struct builder *b)
{
    for (size_t i = 0; i < b->n_active; i++) {
        struct active *e = &b->active[i];
        if ((e->node && (e->node->flags & N_OPEN)) || inline_open(b, e->tag))
            continue;
        if (!room(b, 1))
            return;
        e->node = open_element(b, (enum out_tag)e->tag, e->off, e->len, 0);
    }
}

enum content { CONTENT_SPACE, CONTENT_TEXT, CONTENT_ELEMENT, CONTENT_BR };

/*
 * Makes the top of the stack a place for inline content: an implicit p in
 * the root or a blockquote, an implicit li in a list; then the pending <br>
 * of an unwrapped block and the reopened inline elements. Returns false
 * where inline content cannot go (between table rows and cells) or where
 * white space would be trimmed away anyway.
 */
static bool prepare_inline(struct builder *b, enum content what)
{
    struct node *p = top(b);
    switch (model_of(p)) {
    case MODEL_TABLE:
    case MODEL_SECTION:
    case MODEL_ROW:
    case MODEL_NONE:
        return false;
    case MODEL_LIST:
        if (what == CONTENT_SPACE)
            return false;
        open_element(b, OUT_LI, 0, 0, N_IMPLICIT);
        break;
    case MODEL_PARAS:
        if (!room(b, 1)) /* at the depth limit: inline content stays bare */
            break;
        if (what == CONTENT_SPACE)
            return false;
        open_element(b, OUT_P, 0, 0, N_IMPLICIT);
        break;
    case MODEL_FLOW:
        if (what == CONTENT_SPACE && p->last && kind_of(p->last) != KIND_TEXT &&
            kind_of(p->last) != KIND_INLINE && kind_of(p->last) != KIND_LEAF)
            return false; /* after a block: trimmed anyway */
        break;
    case MODEL_PHRASE:
        break;
    }
    if (what == CONTENT_SPACE)
        return true;
    struct node *c = b->open[container_index(b)];
    if (c->flags & N_PENDING_BREAK) {
        c->flags &= (unsigned char)~(N_PENDING_BREAK | N_HAS_INLINE);
        if (what != CONTENT_BR && room(b, 1))
            add_element(b, OUT_BR, 0, 0, 0);
    }
    reconstruct(b);
    return true;
}

/* Marks the end of an unwrapped block (<div>, or a block that could not
 * stand here): what follows must not run on with what came before. An
 * implicit p or li ends; elsewhere a <br> is written before more text. */
static void place_break(struct builder *b)
{
    size_t k = container_index(b);
    struct node *c = b->open[k];
    if ((c->flags & N_IMPLICIT) && (c->tag == OUT_P || c->tag == OUT_LI)) {
        pop_to(b, k);
        return;
    }
    if (model_of(c) == MODEL_PARAS && room(b, 1))
        return;
    if (c->flags & N_HAS_INLINE)
        c->flags |= N_PENDING_BREAK;
}

static void mark_inline(struct builder *b)
{
    b->open[container_index(b)]->flags |= N_HAS_INLINE;
}

static void place_text(struct builder *b, const char *text)
{
    struct sanitizer *s = b->s;
    size_t mark = s->texts.n;
    append_without_controls(&s->texts, text, strlen(text));
    size_t len = s->texts.n - mark;
    if (len == 0)
        return;
    bool space_only = true;
    for (size_t i = 0; i < len && space_only; i++)
        space_only = is_space((unsigned char)s->texts.p[mark + i]);
    if (!prepare_inline(b, space_only ? CONTENT_SPACE : CONTENT_TEXT)) {
        s->texts.n = mark;
        return;
    }
    struct node *last = top(b)->last;
    if (last && last->tag == OUT_TEXT) {
        if (last->off + last->len != mark) {
            /* Not adjacent in the store: move both to its end. */
            buf_reset(&s->scratch);
            buf_append(&s->scratch, s->texts.p + mark, len);
            s->texts.n = mark;
            buf_append(&s->texts, s->texts.p + last->off, last->len);
            buf_put(&s->texts, buf_str(&s->scratch));
            last->off = mark;
        }
        last->len += len;
    } else {
        add_element(b, OUT_TEXT, mark, len, 0);
    }
    if (!space_only)
        mark_inline(b);
}

static void place_leaf(struct builder *b, enum out_tag tag, const struct attrs *at)
{
    if (!prepare_inline(b, tag == OUT_BR ? CONTENT_BR : CONTENT_ELEMENT) || !room(b, 1)) {
        if (tag == OUT_IMG)
            b->s->report.dropped_elements++;
        return;
    }
    add_element(b, tag, at ? at->off : 0, at ? at->len : 0, 0);
    if (tag == OUT_BR)
        b->open[container_index(b)]->flags &= (unsigned char)~N_HAS_INLINE;
    else
        mark_inline(b);
}

static bool open_inline(struct builder *b, enum out_tag tag, const struct attrs *at)
{
    if (b->n_active == ACTIVE_MAX || !prepare_inline(b, CONTENT_ELEMENT))
        return false;
    if (inline_open(b, (unsigned char)tag) || !room(b, 1))
        return false;
    struct node *n = open_element(b, tag, at->off, at->len, 0);
    b->active[b->n_active++] = (struct active){n, (unsigned char)tag, at->off, at->len};
    return true;
}

/*
 * Closes what a block cannot be inside (a p, a heading, inline elements)
 * so that the top of the stack takes a block with `below` more levels
 * under it (a table needs tbody, tr and td). Returns false if the block
 * cannot stand here: inside a caption or figcaption, between table rows,
 * or at the depth limit.
 */
static bool prepare_block(struct builder *b, size_t below)
{
    size_t k = container_index(b);
    struct node *c = b->open[k];
    switch (c->tag) {
    case OUT_P:
    case OUT_H2:
    case OUT_H3:
    case OUT_H4:
        pop_to(b, k);
        break;
    case OUT_CAPTION:
    case OUT_FIGCAPTION:
        return false;
    default:
        pop_to(b, k + 1);
        break;
    }
    struct node *p = top(b);
    if (model_of(p) == MODEL_LIST) {
        if (!room(b, 2 + below))
            return false;
        p = open_element(b, OUT_LI, 0, 0, N_IMPLICIT);
    } else if (model_of(p) != MODEL_PARAS && model_of(p) != MODEL_FLOW) {
        return false;
    }
    if (!room(b, 1 + below))
        return false;
    p->flags &= (unsigned char)~(N_PENDING_BREAK | N_HAS_INLINE);
    return true;
}

static struct node *open_block(struct builder *b, enum out_tag tag, const struct attrs *at)
{
    size_t below = tag == OUT_TABLE ? 3 : (tag == OUT_UL || tag == OUT_OL) ? 1 : 0;
    if (!prepare_block(b, below))
        return NULL;
    return open_element(b, tag, at->off, at->len, 0);
}

static struct node *open_li(struct builder *b)
{
    size_t k = container_index(b);
    if ((b->open[k]->flags & N_IMPLICIT) && b->open[k]->tag == OUT_LI)
        pop_to(b, k); /* the item made for text in the list ends */
    struct node *p = top(b);
    if (model_of(p) != MODEL_LIST) {
        /* A list item outside a list: in a list made for it (the same one
         * as the item before, if nothing came between). */
        if (!prepare_block(b, 1))
            return NULL;
        p = top(b);
        if (p->last && p->last->tag == OUT_UL && (p->last->flags & N_IMPLICIT))
            push(b, p->last);
        else
            open_element(b, OUT_UL, 0, 0, N_IMPLICIT);
    }
    return open_element(b, OUT_LI, 0, 0, 0);
}

static struct node *open_table_part(struct builder *b, enum out_tag tag, const struct attrs *at)
{
    for (;;) { /* implicit parts end where a real one of their level begins */
        struct node *p = top(b);
        if (!(p->flags & N_IMPLICIT))
            break;
        if (p->tag == OUT_TR && tag != OUT_TD && tag != OUT_TH)
            pop_to(b, b->n_open - 1);
        else if (p->tag == OUT_TBODY &&
                 (tag == OUT_CAPTION || tag == OUT_THEAD || tag == OUT_TBODY || tag == OUT_TFOOT))
            pop_to(b, b->n_open - 1);
        else
            break;
    }
    struct node *p = top(b);
    switch (tag) {
    case OUT_CAPTION:
    case OUT_THEAD:
    case OUT_TBODY:
    case OUT_TFOOT:
        if (p->tag != OUT_TABLE)
            return NULL;
        break;
    case OUT_TR:
        if (p->tag == OUT_TABLE)
            p = open_element(b, OUT_TBODY, 0, 0, N_IMPLICIT);
        if (model_of(p) != MODEL_SECTION)
            return NULL;
        break;
    default: /* th, td */
        if (p->tag == OUT_TABLE)
            p = open_element(b, OUT_TBODY, 0, 0, N_IMPLICIT);
        if (model_of(p) == MODEL_SECTION)
            p = open_element(b, OUT_TR, 0, 0, N_IMPLICIT);
        if (p->tag != OUT_TR)
            return NULL;
        break;
    }
    return open_element(b, tag, at->off, at->len, 0);
}

/* --- Word lists -------------------------------------------------------- */

/* The level of a Word list paragraph from its mso-list style ("l0 level2
 * lfo1"), or 0 if it is not one. */
static size_t word_level(const GumboElement *e)
{
    struct str v = style_value(e, "mso-list");
    for (size_t i = 0; i + 5 < v.n; i++) {
        if (!same_nocase(v.p + i, 5, "level") || !is_digit((unsigned char)v.p[i + 5]))
            continue;
        size_t level = 0;
        for (size_t j = i + 5; j < v.n && is_digit((unsigned char)v.p[j]) && level < 100; j++)
            level = level * 10 + (size_t)(v.p[j] - '0');
        return level == 0 ? 1 : level > WORD_LEVELS ? WORD_LEVELS : level;
    }
    return 0;
}

static bool is_word_marker(const GumboNode *n)
{
    if (n->type != GUMBO_NODE_ELEMENT || n->v.element.tag != GUMBO_TAG_SPAN)
        return false;
    struct str v = style_value(&n->v.element, "mso-list");
    return same_nocase(v.p, v.n, "ignore");
}

/* The next node after n in document order inside `within`, or NULL. */
static const GumboNode *next_in(const GumboNode *n, const GumboNode *within, bool descend)
{
    if (descend && (n->type == GUMBO_NODE_ELEMENT) && n->v.element.children.length)
        return n->v.element.children.data[0];
    while (n != within) {
        const GumboNode *parent = n->parent;
        const GumboVector *kids = &parent->v.element.children;
        size_t k = n->index_within_parent;
        if (k >= kids->length || kids->data[k] != n)
            for (k = 0; k < kids->length && kids->data[k] != n; k++)
                ;
        if (k + 1 < kids->length)
            return kids->data[k + 1];
        n = parent;
    }
    return NULL;
}

/*
 * Whether a Word list paragraph numbers its items: its marker (the span
 * styled mso-list:Ignore among its first nodes) reads "1.", "a)", "IV."
 * rather than a bullet ("·", "o", "§", "-").
 */
static bool word_item_ordered(const GumboNode *p)
{
    const GumboNode *n = next_in(p, p, true), *marker = NULL;
    for (int seen = 0; n && seen < 64 && !marker; seen++, n = next_in(n, p, true))
        if (is_word_marker(n))
            marker = n;
    if (!marker)
        return false;
    char text[32];
    size_t len = 0;
    n = next_in(marker, marker, true);
    for (int seen = 0; n && seen < 64; seen++, n = next_in(n, marker, true)) {
        if (n->type != GUMBO_NODE_TEXT)
            continue;
        for (const char *t = n->v.text.text; *t && len < sizeof text; t++)
            if (!is_space((unsigned char)*t))
                text[len++] = *t;
    }
    /* Drop the no-break spaces Word puts after the marker. */
    while (len >= 2 && (unsigned char)text[len - 2] == 0xC2 && (unsigned char)text[len - 1] == 0xA0)
        len -= 2;
    if (len == 0)
        return false;
    bool punct = text[len - 1] == '.' || text[len - 1] == ')';
    size_t start = text[0] == '(' ? 1 : 0, end = punct ? len - 1 : len;
    if (start >= end)
        return false;
    bool digits = true;
    for (size_t i = start; i < end; i++) {
        if (!is_alpha((unsigned char)text[i]) && !is_digit((unsigned char)text[i]))
            return false;
        digits = digits && is_digit((unsigned char)text[i]);
    }
    return punct || digits;
}

/*
 * Opens the li of a Word list paragraph at `level`: in the list the
 * paragraphs before it started (if nothing else came between), nested in
 * the last item of the level above. Returns the outermost list (to close
 * on leaving) and leaves the new li on top, or NULL.
 */
static struct node *open_word_item(struct builder *b, size_t level, bool ordered)
{
    if (!prepare_block(b, 1))
        return NULL;
    struct node *c = top(b);
    struct word_lists *w = &b->word;
    if (w->container != c || w->levels == 0 || c->last != w->list[0] || (w->list[0]->flags & N_OPEN)) {
        w->container = c;
        w->levels = 0;
    }
    size_t max_level = (SANITIZE_MAX_DEPTH - c->depth) / 2; /* a list and its li per level */
    if (level > max_level)
        level = max_level;
    if (level > w->levels + 1)
        level = w->levels + 1;
    if (w->levels > level)
        w->levels = level;
    if (w->levels == level && (w->list[level - 1]->tag == OUT_OL) != ordered)
        w->levels = level - 1;
    for (size_t k = 0; k < level; k++) {
        if (k < w->levels)
            push(b, w->list[k]);
        else
            w->list[k] = open_element(b, ordered ? OUT_OL : OUT_UL, 0, 0, 0);
        if (k + 1 < level)
            push(b, w->list[k]->last); /* an li: every list is made with one */
    }
    w->levels = level;
    open_element(b, OUT_LI, 0, 0, 0);
    return w->list[0];
}

/* --- the walk ------------------------------------------------------------- */

enum action { DO_DROP, DO_UNWRAP, DO_UNWRAP_BLOCK, DO_KEEP };

static enum action classify(GumboTag tag, enum out_tag *out)
{
    switch (tag) {
    case GUMBO_TAG_P: *out = OUT_P; return DO_KEEP;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: *out = OUT_H2; return DO_KEEP;
    case GUMBO_TAG_H3: *out = OUT_H3; return DO_KEEP;
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: *out = OUT_H4; return DO_KEEP;
    case GUMBO_TAG_UL: *out = OUT_UL; return DO_KEEP;
    case GUMBO_TAG_OL: *out = OUT_OL; return DO_KEEP;
    case GUMBO_TAG_LI: *out = OUT_LI; return DO_KEEP;
    case GUMBO_TAG_BLOCKQUOTE: *out = OUT_BLOCKQUOTE; return DO_KEEP;
    case GUMBO_TAG_HR: *out = OUT_HR; return DO_KEEP;
    case GUMBO_TAG_FIGURE: *out = OUT_FIGURE; return DO_KEEP;
    case GUMBO_TAG_FIGCAPTION: *out = OUT_FIGCAPTION; return DO_KEEP;
    case GUMBO_TAG_TABLE: *out = OUT_TABLE; return DO_KEEP;
    case GUMBO_TAG_CAPTION: *out = OUT_CAPTION; return DO_KEEP;
    case GUMBO_TAG_THEAD: *out = OUT_THEAD; return DO_KEEP;
    case GUMBO_TAG_TBODY: *out = OUT_TBODY; return DO_KEEP;
    case GUMBO_TAG_TFOOT: *out = OUT_TFOOT; return DO_KEEP;
    case GUMBO_TAG_TR: *out = OUT_TR; return DO_KEEP;
    case GUMBO_TAG_TH: *out = OUT_TH; return DO_KEEP;
    case GUMBO_TAG_TD: *out = OUT_TD; return DO_KEEP;
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B: *out = OUT_STRONG; return DO_KEEP;
    case GUMBO_TAG_EM:
    case GUMBO_TAG_I: *out = OUT_EM; return DO_KEEP;
    case GUMBO_TAG_U: *out = OUT_U; return DO_KEEP;
    case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_DEL: *out = OUT_S; return DO_KEEP;
    case GUMBO_TAG_SUB: *out = OUT_SUB; return DO_KEEP;
    case GUMBO_TAG_SUP: *out = OUT_SUP; return DO_KEEP;
    case GUMBO_TAG_A: *out = OUT_A; return DO_KEEP;
    case GUMBO_TAG_BR: *out = OUT_BR; return DO_KEEP;
    case GUMBO_TAG_IMG: *out = OUT_IMG; return DO_KEEP;

    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_META:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_MENUITEM:
        return DO_DROP;

    /* noscript is read as ordinary markup (gumbo has no scripting): an
     * end tag it ignores leaves the element open to the end, so dropping
     * it with its content would lose the text after it. Its children are
     * kept, each through the rules like any other. */
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_MULTICOL:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_XMP:
        return DO_UNWRAP_BLOCK;

    default:
        return DO_UNWRAP;
    }
}

static void walk_push(struct sanitizer *s, struct walk_record r)
{
    if (s->walk_n == s->walk_cap) {
        size_t cap = s->walk_cap ? 2 * s->walk_cap : 256;
        struct walk_record *w = realloc(s->walk, cap * sizeof *w);
        if (!w)
            longjmp(s->jump, RUN_NO_MEMORY);
        s->walk = w;
        s->walk_cap = cap;
    }
    s->walk[s->walk_n++] = r;
}

/* Enters a gumbo element: drops, unwraps or opens it. Returns whether its
 * children are to be walked. */
static bool enter_element(struct builder *b, const GumboNode *gn, struct walk_record *r)
{
    struct sanitizer *s = b->s;
    const GumboElement *e = &gn->v.element;
    r->action = ACT_NONE;
    r->node = NULL;
    if (gn->type == GUMBO_NODE_TEMPLATE || e->tag_namespace != GUMBO_NAMESPACE_HTML) {
        s->report.dropped_elements++;
        return false;
    }
    enum out_tag tag = OUT_ROOT;
    enum action act = classify(e->tag, &tag);
    if (e->tag == GUMBO_TAG_SPAN) {
        /* Word's list markers go with the list they are turned into;
         * bold, italic, superscript written as a style (Google Docs) are
         * kept as elements. */
        if (b->in_word_item && is_word_marker(gn)) {
            s->report.dropped_elements++;
            return false;
        }
        struct str align = style_value(e, "vertical-align"), font_style = style_value(e, "font-style");
        if (value_is(style_value(e, "font-weight"), bold_values))
            tag = OUT_STRONG, act = DO_KEEP;
        else if (same_nocase(font_style.p, font_style.n, "italic"))
            tag = OUT_EM, act = DO_KEEP;
        else if (same_nocase(align.p, align.n, "super"))
            tag = OUT_SUP, act = DO_KEEP;
        else if (same_nocase(align.p, align.n, "sub"))
            tag = OUT_SUB, act = DO_KEEP;
    } else if (tag == OUT_STRONG && value_is(style_value(e, "font-weight"), not_bold_values)) {
        act = DO_UNWRAP; /* <b style="font-weight:normal">, Google Docs' wrapper */
    }
    switch (act) {
    case DO_DROP:
        s->report.dropped_elements++;
        s->report.dropped_media += e->tag == GUMBO_TAG_IFRAME || e->tag == GUMBO_TAG_VIDEO ||
                                   e->tag == GUMBO_TAG_AUDIO || e->tag == GUMBO_TAG_OBJECT ||
                                   e->tag == GUMBO_TAG_EMBED;
        return false;
    case DO_UNWRAP:
        s->report.unwrapped_elements++;
        return true;
    case DO_UNWRAP_BLOCK:
        s->report.unwrapped_elements++;
        place_break(b);
        r->action = ACT_BREAK;
        return true;
    case DO_KEEP:
        break;
    }

    struct attrs at;
    if (!make_attrs(s, tag, e, &at)) {
        s->report.dropped_urls += at.dropped_urls;
        if (tag == OUT_IMG) {
            s->report.dropped_elements++;
            return false;
        }
        s->report.unwrapped_elements++;
        return true;
    }
    struct node *n = NULL;
    size_t level;
    switch ((enum kind)tags[tag].kind) {
    case KIND_INLINE:
        if (open_inline(b, tag, &at)) {
            r->action = ACT_INLINE;
            s->report.dropped_attributes += at.dropped;
        } else {
            s->report.unwrapped_elements++;
        }
        return true;
    case KIND_LEAF:
        s->report.dropped_attributes += at.dropped;
        place_leaf(b, tag, &at);
        return false;
    case KIND_BLOCK:
        if (tag == OUT_HR) {
            s->report.dropped_attributes += at.dropped;
            if (prepare_block(b, 0))
                add_element(b, OUT_HR, 0, 0, 0);
            else
                place_break(b);
            return false;
        }
        if (tag == OUT_P && (level = word_level(e)) > 0) {
            n = open_word_item(b, level, word_item_ordered(gn));
            if (n) {
                s->report.dropped_attributes += at.dropped;
                r->action = ACT_WORD_ITEM;
                r->node = n;
                b->in_word_item++;
                return true;
            }
            break;
        }
        n = open_block(b, tag, &at);
        break;
    case KIND_LI:
        n = open_li(b);
        break;
    case KIND_FIGCAPTION:
        if (top(b)->tag == OUT_FIGURE && room(b, 1))
            n = open_element(b, OUT_FIGCAPTION, 0, 0, 0);
        else
            n = open_block(b, OUT_P, &(struct attrs){0});
        break;
    default: /* caption, sections, rows, cells */
        n = open_table_part(b, tag, &at);
        break;
    }
    if (n) {
        s->report.dropped_attributes += at.dropped;
        r->action = ACT_KEEP;
        r->node = n;
    } else {
        s->report.unwrapped_elements++;
        place_break(b);
        r->action = ACT_BREAK;
    }
    return true;
}

static void leave_element(struct builder *b, struct walk_record r)
{
    switch (r.action) {
    case ACT_KEEP:
        if (!(r.node->flags & N_OPEN)) {
            place_break(b); /* a p or heading that a block closed early */
            break;
        }
        pop_to(b, r.node->depth);
        if (r.node->tag == OUT_LI && (top(b)->flags & N_IMPLICIT) && top(b)->tag == OUT_UL)
            pop_to(b, b->n_open - 1); /* the list made for a stray item: the next item reopens it */
        break;
    case ACT_INLINE: {
        struct active e = b->active[--b->n_active];
        if (e.node && (e.node->flags & N_OPEN))
            pop_to(b, e.node->depth);
        break;
    }
    case ACT_BREAK:
        place_break(b);
        break;
    case ACT_WORD_ITEM:
        b->in_word_item--;
        if (r.node->flags & N_OPEN)
            pop_to(b, r.node->depth);
        break;
    default:
        break;
    }
}

/* Walks gumbo's tree in document order without recursion (parent links
 * and sibling indexes), building ours. */
static void build(struct builder *b, const GumboNode *root)
{
    struct sanitizer *s = b->s;
    const GumboNode *n = root->v.element.children.length ? root->v.element.children.data[0] : NULL;
    while (n) {
        bool descend = false;
        switch (n->type) {
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE: {
            struct walk_record r;
            descend = enter_element(b, n, &r);
            walk_push(s, r);
            if (descend && n->v.element.children.length) {
                n = n->v.element.children.data[0];
                continue;
            }
            leave_element(b, s->walk[--s->walk_n]);
            break;
        }
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            place_text(b, n->v.text.text);
            break;
        case GUMBO_NODE_COMMENT:
            s->report.dropped_elements++;
            break;
        default:
            break;
        }
        for (;;) {
            const GumboNode *parent = n->parent;
            const GumboVector *kids = &parent->v.element.children;
            size_t k = n->index_within_parent;
            if (k >= kids->length || kids->data[k] != n)
                for (k = 0; k < kids->length && kids->data[k] != n; k++)
                    ;
            if (k + 1 < kids->length) {
                n = kids->data[k + 1];
                break;
            }
            if (parent == root) {
                n = NULL;
                break;
            }
            n = parent;
            leave_element(b, s->walk[--s->walk_n]);
        }
    }
}

/* --- 4. normalise ------------------------------------------------------------ */

/* Every node under root in document order (the body may unlink nodes
 * after n, not n itself). */
#define FOR_EACH_NODE(n, root) for (struct node *n = (root)->first; n; n = next_node(n, root))

static struct node *next_node(struct node *n, struct node *root)
{
    if (n->first)
        return n->first;
    while (n != root && !n->next)
        n = n->parent;
    return n == root ? NULL : n->next;
}

/* Strips one trailing space from the last text of a line. */
static void end_line(struct sanitizer *s, struct node **last_text)
{
    if (*last_text && (*last_text)->len && s->texts.p[(*last_text)->off + (*last_text)->len - 1] == ' ')
        (*last_text)->len--;
    *last_text = NULL;
}

/*
 * White space as a browser shows it: every run of ASCII white space is one
 * space, and there is none at the start or end of a line (at a block
 * boundary or a <br>) nor a second one across inline element boundaries.
 * No-break spaces are text, kept.
 */
static void normalise_space(struct sanitizer *s, struct node *root)
{
    struct node *last_text = NULL;
    bool line_start = true, last_space = false;
    struct node *n = root->first;
    while (n) {
        enum kind k = kind_of(n);
        if (k == KIND_TEXT) {
            char *p = s->texts.p + n->off;
            size_t w = 0;
            bool space = line_start || last_space;
            for (size_t r = 0; r < n->len; r++) {
                if (is_space((unsigned char)p[r])) {
                    if (!space)
                        p[w++] = ' ';
                    space = true;
                } else {
                    p[w++] = p[r];
                    space = false;
                }
            }
            n->len = w;
            if (w) {
                line_start = false;
                last_space = p[w - 1] == ' ';
                last_text = n;
            }
        } else if (n->tag == OUT_IMG) {
            last_text = NULL;
            line_start = last_space = false;
        } else if (k != KIND_INLINE) {
            end_line(s, &last_text);
            line_start = true;
            last_space = false;
        }
        if (n->first) {
            n = n->first;
            continue;
        }
        for (;;) {
            if (n->tag != OUT_TEXT && kind_of(n) != KIND_INLINE && n->tag != OUT_IMG) {
                end_line(s, &last_text);
                line_start = true;
                last_space = false;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == root) {
                n = NULL;
                break;
            }
        }
    }
    end_line(s, &last_text);
}

/* True if text holds anything but ASCII white space and no-break spaces. */
static bool text_significant(struct str t)
{
    for (size_t i = 0; i < t.n; i++) {
        unsigned char c = (unsigned char)t.p[i];
        if (is_space(c))
            continue;
        if (c == 0xC2 && i + 1 < t.n && (unsigned char)t.p[i + 1] == 0xA0) {
            i++;
            continue;
        }
        return true;
    }
    return false;
}

/* Decides, once its children are decided, whether n stays. */
static bool keep_node(const struct sanitizer *s, struct node *n)
{
    bool sig = false, any = n->first != NULL;
    for (struct node *c = n->first; c && !sig; c = c->next)
        sig = c->flags & N_SIGNIFICANT;
    switch (n->tag) {
    case OUT_TEXT:
        if (n->len == 0)
            return false;
        sig = text_significant(node_text(s, n));
        break;
    case OUT_IMG:
    case OUT_HR:
        sig = true;
        break;
    case OUT_BR:
    case OUT_TD:
    case OUT_TH:
        break;
    case OUT_P:
    case OUT_H2:
    case OUT_H3:
    case OUT_H4:
    case OUT_LI:
    case OUT_BLOCKQUOTE:
    case OUT_CAPTION:
    case OUT_FIGCAPTION:
    case OUT_FIGURE:
    case OUT_TABLE:
        if (!sig)
            return false;
        break;
    default: /* inline elements, lists, sections, rows */
        if (!any)
            return false;
        break;
    }
    if (sig)
        n->flags |= N_SIGNIFICANT;
    return true;
}

/* Removes empty elements, in post-order (children first): a p or heading
 * with only spaces or <br>, an inline element with nothing inside, a list
 * without items, a table without text. */
static void prune(struct sanitizer *s, struct node *root)
{
    struct node *n = root;
    while (n->first)
        n = n->first;
    while (n != root) {
        struct node *next;
        if (n->next) {
            next = n->next;
            while (next->first)
                next = next->first;
        } else {
            next = n->parent;
        }
        if (!keep_node(s, n))
            unlink_node(n);
        n = next;
    }
}

/* Merges adjacent text nodes and puts every text in NFC. */
static void finish_text(struct sanitizer *s, struct node *root)
{
    FOR_EACH_NODE(n, root)
    {
        if (n->tag != OUT_TEXT)
            continue;
        while (n->next && n->next->tag == OUT_TEXT) {
            struct node *m = n->next;
            buf_reset(&s->scratch);
            buf_put(&s->scratch, node_text(s, n));
            buf_put(&s->scratch, node_text(s, m));
            n->off = s->texts.n;
            n->len = s->scratch.n;
            buf_put(&s->texts, buf_str(&s->scratch));
            unlink_node(m);
        }
        buf_reset(&s->scratch);
        if (vi_nfc(&s->scratch, node_text(s, n)) == 0 && !str_eq(buf_str(&s->scratch), node_text(s, n))) {
            n->off = s->texts.n;
            n->len = s->scratch.n;
            buf_put(&s->texts, buf_str(&s->scratch));
        }
    }
}

/* --- 5. write ---------------------------------------------------------------- */

/* A line break after top-level blocks, list items and table rows, where the
 * parser drops white space: for people reading stored bodies and diffs. */
static bool newline_after_open(const struct node *n)
{
    return n->tag == OUT_UL || n->tag == OUT_OL || n->tag == OUT_TABLE || kind_of(n) == KIND_SECTION;
}

static bool newline_after_close(const struct node *n)
{
    enum kind k = kind_of(n);
    return (k == KIND_BLOCK && n->parent->tag == OUT_ROOT) || k == KIND_LI || k == KIND_ROW || k == KIND_SECTION ||
           k == KIND_CAPTION;
}

static void write_tree(struct buf *out, const struct sanitizer *s, struct node *root)
{
    struct node *n = root->first;
    while (n) {
        if (n->tag == OUT_TEXT) {
            append_escaped(out, node_text(s, n), false);
        } else {
            buf_putc(out, '<');
            buf_puts(out, tags[n->tag].name);
            if (n->len)
                buf_append(out, s->attrs.p + n->off, n->len);
            buf_putc(out, '>');
            if (newline_after_open(n))
                buf_putc(out, '\n');
        }
        if (n->first) {
            n = n->first;
            continue;
        }
        for (;;) {
            if (n->tag != OUT_TEXT) {
                if (tags[n->tag].model != MODEL_NONE) {
                    buf_puts(out, "</");
                    buf_puts(out, tags[n->tag].name);
                    buf_putc(out, '>');
                }
                if (newline_after_close(n))
                    buf_putc(out, '\n');
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            if (n == root) {
                n = NULL;
                break;
            }
        }
    }
}

/* --- one run, and the retries ------------------------------------------------ */

static void release_run(struct sanitizer *s)
{
    release_parse(s);
    for (struct node_chunk *c = s->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    s->chunks = NULL;
    free(s->builder);
    s->builder = NULL;
    buf_reset(&s->texts);
    buf_reset(&s->attrs);
    s->walk_n = 0;
}

/* Sanitises `in` (already cut to the input limit) into out. Returns RUN_OK,
 * RUN_TOO_BIG (the parse needed more than its budget) or RUN_NO_MEMORY,
 * having appended nothing in the last two cases. */
static int run(struct sanitizer *s, struct str in, struct buf *out, struct buf *clean, struct buf *canonical)
{
    int jumped = setjmp(s->jump);
    if (jumped) {
        release_run(s);
        return jumped;
    }
    memset(&s->report, 0, sizeof s->report);
    buf_reset(clean);
    buf_reset(canonical);
    append_without_controls(clean, in.p, in.n);
    prepare_input(canonical, buf_str(clean), &s->report);

    GumboOptions options = kGumboDefaultOptions;
    options.allocator = parse_alloc;
    options.deallocator = parse_free;
    options.userdata = s;
    options.max_errors = 0;
    options.fragment_context = GUMBO_TAG_BODY;
    options.fragment_namespace = GUMBO_NAMESPACE_HTML;
    s->parse_budget = PARSE_BUDGET(in.n);
    GumboOutput *parsed = gumbo_parse_with_options(&options, canonical->p ? canonical->p : "", canonical->n);
    if (!parsed || !parsed->root || parsed->root->type != GUMBO_NODE_ELEMENT) {
        release_run(s);
        return RUN_NO_MEMORY;
    }

    struct builder *b = s->builder = calloc(1, sizeof *b);
    if (!b)
        longjmp(s->jump, RUN_NO_MEMORY);
    b->s = s;
    b->root = new_node(s, OUT_ROOT);
    push(b, b->root);
    build(b, parsed->root);
    struct node *root = b->root;
    release_parse(s);

    normalise_space(s, root);
    prune(s, root);
    finish_text(s, root);
    write_tree(out, s, root);
    release_run(s);
    return RUN_OK;
}

int sanitize_html(struct buf *out, struct str in, const struct sanitize_options *opt, struct sanitize_report *report)
{
    struct sanitizer *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->opt = opt;
    struct buf clean = BUF_INIT, canonical = BUF_INIT;
    bool truncated = in.n > SANITIZE_MAX_INPUT;
    size_t len = cut_length(in, SANITIZE_MAX_INPUT), mark = out->n;
    int rc;
    for (;;) {
        rc = run(s, str_make(in.p, len), out, &clean, &canonical);
        size_t produced = out->n - mark;
        if (rc == RUN_OK && produced <= SANITIZE_MAX_INPUT)
            break;
        out->n = mark;
        if (rc == RUN_NO_MEMORY || len == 0)
            break;
        /* Too big to parse, or an output that could not be sanitised
         * again unchanged: the same input, shorter. */
        size_t want = rc == RUN_TOO_BIG ? len / 2
                                        : (size_t)((uint64_t)len * (SANITIZE_MAX_INPUT / 16 * 15) / produced);
        if (want >= len)
            want = len - 1;
        len = cut_length(in, want);
        truncated = true;
    }
    if (rc == RUN_OK && report) {
        *report = s->report;
        report->truncated = truncated;
    }
    buf_free(&clean);
    buf_free(&canonical);
    buf_free(&s->texts);
    buf_free(&s->attrs);
    buf_free(&s->scratch);
    buf_free(&s->scratch2);
    free(s->walk);
    free(s);
    return rc == RUN_OK ? 0 : -1;
}
