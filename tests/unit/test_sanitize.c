/*
 * test_sanitize.c - unit tests for src/text/sanitize.c, the allow-list HTML
 * sanitiser that every article body passes before it is stored.
 *
 * Three kinds of test:
 *  - attacks: XSS payloads built from parts in loops (script tags, event
 *    handlers on every kind of element, javascript:/vbscript:/data: URLs
 *    hidden with entities, tabs, line breaks and controls, SVG and MathML,
 *    mutation XSS through noscript/style/textarea/title, comments, CDATA,
 *    broken and unclosed markup). Each output must hold no "<script", no
 *    javascript: or vbscript: (after removing white space and controls), no
 *    on* attribute, no element or attribute outside the allow-list, no URL
 *    outside the rules - checked twice: by a strict reader of the syntax our
 *    serializer writes, and by parsing the output again with gumbo as a
 *    browser would - and be a fixed point of the sanitiser;
 *  - what editors make and paste: the exact HTML that comes out of a Word
 *    paste, a table of a government document, a figure, Vietnamese text in
 *    NFD, and the rules of each attribute;
 *  - the limits: nesting, input size, output size, time.
 * Every sanitize_html() call here also checks that sanitising the output
 * again gives the same bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <cmocka.h>
#include <gumbo.h>

#include "core/buf.h"
#include "core/str.h"
#include "text/sanitize.h"
#include "text/utf8.h"
#include "text/vi.h"

/* --- helpers ------------------------------------------------------------ */

/* The media library of the tests: images under /media/ only. */
static bool media_only(struct str src, void *ctx)
{
    (void)ctx;
    return src.n > 7 && memcmp(src.p, "/media/", 7) == 0;
}

static const struct sanitize_options media = {media_only, NULL};

/* Sanitises `in` (n bytes) with `opt`, asserts success and that the output
 * is a fixed point, and returns it in a static buffer (tests are
 * single-threaded). */
static const char *sanitize_bytes(const char *in, size_t n, const struct sanitize_options *opt,
                                  struct sanitize_report *report)
{
    static struct buf out;
    struct buf again = BUF_INIT;
    buf_reset(&out);
    assert_int_equal(sanitize_html(&out, str_make(in, n), opt, report), 0);
    assert_int_equal(sanitize_html(&again, buf_str(&out), opt, NULL), 0);
    if (!str_eq(buf_str(&out), buf_str(&again)))
        fail_msg("not a fixed point:\n%s\n--- gave ---\n%s", buf_cstr(&out), buf_cstr(&again));
    buf_free(&again);
    return buf_cstr(&out);
}

static const char *san(const char *in) { return sanitize_bytes(in, strlen(in), &media, NULL); }

static void assert_sanitized(const char *in, const char *want)
{
    const char *got = san(in);
    if (strcmp(got, want) != 0)
        fail_msg("input:\n%s\n--- want ---\n%s--- got ---\n%s", in, want, got);
}

static bool in_list(const char *s, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(s, *list, n) == 0)
            return true;
    return false;
}

static const char *const allowed_elements[] = {
    "p",  "br", "h2", "h3", "h4", "strong", "em", "u", "s", "sub", "sup", "a", "ul", "ol", "li", "blockquote", "hr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "figure", "figcaption", "img", NULL};

/* The attributes an element may carry, as "element attribute". */
static bool attribute_allowed(const char *element, size_t element_len, const char *name, size_t name_len)
{
    static const char *const pairs[] = {"a href",      "a title",    "a rel",       "img src",     "img alt",
                                        "img width",   "img height", "img srcset", "ol start",    "th colspan",  "th rowspan",
                                        "th scope",    "td colspan", "td rowspan",  "figure class", "p class",
                                        NULL};
    char pair[64];
    if (element_len + name_len + 2 > sizeof pair)
        return false;
    snprintf(pair, sizeof pair, "%.*s %.*s", (int)element_len, element, (int)name_len, name);
    return in_list(pair, strlen(pair), pairs);
}

/*
 * Reads `html` as our serializer writes it, and accepts nothing else: text
 * without '<' or '>' and with '&' only in &amp; &lt; &gt; &quot;; start
 * tags <name attr="value" ...> of allowed elements and attributes, values
 * without '"', '<' or '>'; end tags </name>. Returns NULL, or what is
 * wrong.
 */
static const char *strict_syntax_error(struct str html)
{
    const char *p = html.p, *end = p + html.n;
    while (p < end) {
        if (*p == '>')
            return "bare '>'";
        if (*p == '&') {
            if (!(end - p >= 5 && memcmp(p, "&amp;", 5) == 0) && !(end - p >= 4 && memcmp(p, "&lt;", 4) == 0) &&
                !(end - p >= 4 && memcmp(p, "&gt;", 4) == 0) && !(end - p >= 6 && memcmp(p, "&quot;", 6) == 0))
                return "bare '&'";
            p++;
            continue;
        }
        if (*p != '<') {
            p++;
            continue;
        }
        bool end_tag = ++p < end && *p == '/';
        if (end_tag)
            p++;
        const char *name = p;
        while (p < end && ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            p++;
        size_t name_len = (size_t)(p - name);
        if (!in_list(name, name_len, allowed_elements))
            return "element outside the allow-list";
        while (!end_tag && p < end && *p == ' ') {
            const char *attr = ++p;
            while (p < end && *p >= 'a' && *p <= 'z')
                p++;
            size_t attr_len = (size_t)(p - attr);
            if (attr_len >= 2 && attr[0] == 'o' && attr[1] == 'n')
                return "on* attribute";
            if (!attribute_allowed(name, name_len, attr, attr_len))
                return "attribute outside the allow-list";
            if (end - p < 2 || p[0] != '=' || p[1] != '"')
                return "attribute value not double-quoted";
            p += 2;
            while (p < end && *p != '"') {
                if (*p == '<' || *p == '>')
                    return "'<' or '>' in an attribute value";
                p++;
            }
            if (p == end)
                return "unterminated attribute value";
            p++;
        }
        if (p == end || *p != '>')
            return "malformed tag";
        p++;
    }
    return NULL;
}

/* True if `needle` (lower case) is in `s` once ASCII white space and
 * control characters are removed and letters lower-cased. */
static bool contains_stripped(struct str s, const char *needle)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c <= 0x20 || c == 0x7F)
            continue;
        buf_putc(&b, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    bool found = memmem(b.p ? b.p : "", b.n, needle, strlen(needle)) != NULL;
    buf_free(&b);
    return found;
}

static bool contains_nocase(struct str s, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= s.n; i++)
        if (strncasecmp(s.p + i, needle, k) == 0)
            return true;
    return false;
}

/*
 * Parses `html` again with gumbo, as a fragment of <body> the way a
 * browser reads it, and walks every node: returns NULL if each element and
 * attribute is allowed, no attribute starts with "on", every href passes
 * sanitize_url_allowed and every src also the media callback, and there is
 * no comment; else what is wrong.
 */
static const char *reparse_error(struct str html)
{
    GumboOptions options = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_BODY;
    GumboOutput *parsed = gumbo_parse_with_options(&options, html.p ? html.p : "", html.n);
    const char *error = NULL;
    const GumboNode *root = parsed->root;
    const GumboNode *n = root->v.element.children.length ? root->v.element.children.data[0] : NULL;
    while (n && !error) {
        if (n->type == GUMBO_NODE_COMMENT || n->type == GUMBO_NODE_CDATA) {
            error = "comment or CDATA";
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            const GumboElement *e = &n->v.element;
            const char *name = gumbo_normalized_tagname(e->tag);
            if (n->type != GUMBO_NODE_ELEMENT || e->tag_namespace != GUMBO_NAMESPACE_HTML ||
                e->tag == GUMBO_TAG_UNKNOWN || !in_list(name, strlen(name), allowed_elements))
                error = "element outside the allow-list";
            for (unsigned i = 0; i < e->attributes.length && !error; i++) {
                const GumboAttribute *a = e->attributes.data[i];
                struct str v = str_cstr(a->value);
                if (strncmp(a->name, "on", 2) == 0)
                    error = "on* attribute";
                else if (!attribute_allowed(name, strlen(name), a->name, strlen(a->name)))
                    error = "attribute outside the allow-list";
                else if (strcmp(a->name, "href") == 0 && !sanitize_url_allowed(v))
                    error = "href refused by sanitize_url_allowed";
                else if (strcmp(a->name, "src") == 0 && !(sanitize_url_allowed(v) && media_only(v, NULL)))
                    error = "src refused";
            }
            if (!error && e->children.length) {
                n = e->children.data[0];
                continue;
            }
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
        }
    }
    gumbo_destroy_output(&options, parsed);
    return error;
}

/* Sanitises an attack and asserts that nothing of it survives. */
static void assert_safe(const char *payload)
{
    struct sanitize_report report;
    const char *out = sanitize_bytes(payload, strlen(payload), &media, &report);
    struct str o = str_cstr(out);
    const char *why = NULL;
    if (contains_nocase(o, "<script"))
        why = "<script";
    else if (contains_stripped(o, "javascript:"))
        why = "javascript:";
    else if (contains_stripped(o, "vbscript:"))
        why = "vbscript:";
    else if ((why = strict_syntax_error(o)) != NULL)
        ;
    else
        why = reparse_error(o);
    if (why)
        fail_msg("%s in the output of\n%s\n--- output ---\n%s", why, payload, out);
}

/* --- attacks ------------------------------------------------------------- */

/* The payloads of one test, built in loops. */
struct payloads {
    char **v;
    size_t n, cap;
};

static void add(struct payloads *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct payloads *p, const char *fmt, ...)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
        assert_non_null(p->v);
    }
    va_list ap;
    va_start(ap, fmt);
    assert_true(vasprintf(&p->v[p->n++], fmt, ap) >= 0);
    va_end(ap);
}

/* Checks every payload, frees them, and returns how many there were. */
static size_t check_all(struct payloads *p)
{
    for (size_t i = 0; i < p->n; i++) {
        assert_safe(p->v[i]);
        free(p->v[i]);
    }
    free(p->v);
    return p->n;
}

static size_t total_payloads;

static void test_script_tags(void **state)
{
    (void)state;
    static const char *const scripts[] = {
        "<script>alert(1)</script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<ScRiPt>alert(1)</sCrIpT>",
        "<script src=//evil.example/x.js></script>",
        "<script/xss src=\"//evil.example/x.js\"></script>",
        "<script\n>alert(1)</script\n>",
        "<script\t type=text/javascript>alert(1)</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>alert(1);//<</script>",
        "<script>alert(1)",
        "<script>alert(1)</script",
        "<script x>alert(1)</script x>",
        "</script><script>alert(1)</script>",
        "<script>/*</script>*/alert(1)</script>",
        "<script type=\"text/vbscript\">msgbox 1</script>",
        "<script>a='</script><script>alert(1)</script>'</script>",
        "<scr\x01ipt>alert(1)</scr\x01ipt>",
        "<script><!--<script></script>alert(1)</script>-->",
        "<script\x0c>alert(1)</script>",
        "<script/src=data:,alert(1)></script>",
    };
    static const char *const places[] = {
        "%s", "<p>%s</p>", "<table><tr><td>%s</td></tr></table>", "<table>%s<tr><td>x</td></tr></table>",
        "<ul><li>%s", "<div><span>%s</span></div>", "<svg>%s</svg>", "<math>%s</math>", "<b><i>%s",
        "<p title=\"%s\">x</p>",
    };
    struct payloads p = {0};
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++)
        for (size_t j = 0; j < sizeof places / sizeof *places; j++)
            add(&p, places[j], scripts[i]);
    total_payloads += check_all(&p);
}

static void test_event_handlers(void **state)
{
    (void)state;
    static const char *const elements[] = {
        "p",      "a",      "img",     "div",     "span",   "table",  "td",        "tr",      "body",
        "svg",    "video",  "audio",   "input",   "details", "marquee", "iframe",  "b",       "i",
        "h1",     "ul",     "li",      "figure",  "br",     "hr",     "blockquote", "select",  "textarea",
        "form",   "button", "object",  "embed",   "math",   "style",  "strong",    "caption", "sub",
        "font",   "center", "o:p",     "x-foo",
    };
    static const char *const handlers[] = {
        "<%s onerror=alert(1)>x</%s>",
        "<%s ONLOAD=\"alert(1)\">x</%s>",
        "<%s oNcLiCk='alert(1)' href=\"/x\">x</%s>",
        "<%s/onmouseover=alert(1)>x</%s>",
        "<%s src=\"/media/a.jpg\" onerror=alert(1) onfocus=alert(1) autofocus>x</%s>",
        "<%s\nonpointerenter\n=\nalert(1)>x</%s>",
    };
    struct payloads p = {0};
    for (size_t i = 0; i < sizeof elements / sizeof *elements; i++)
        for (size_t j = 0; j < sizeof handlers / sizeof *handlers; j++)
            add(&p, handlers[j], elements[i], elements[i]);
    total_payloads += check_all(&p);
}

static void test_dangerous_urls(void **state)
{
    (void)state;
    /* Each scheme written plainly and hidden the ways browsers forgive:
     * %1$s is the first three letters, %2$s the rest up to the colon. */
    static const char *const schemes[][2] = {
        {"jav", "ascript"}, {"JaV", "aScRiPt"}, {"vbs", "cript"}, {"dat", "a"}, {"fil", "e"},
    };
    static const char *const disguises[] = {
        "%s%s:alert(1)",
        "  \t%s%s:alert(1)",
        "%s&#x09;%s:alert(1)",
        "%s&#10;%s:alert(1)",
        "%s\t%s:alert(1)",
        "%s\n%s:alert(1)",
        "\x01%s%s:alert(1)",
        "%s&#0;%s:alert(1)",
        "%s&#x0D;%s&colon;alert(1)",
        "%s%s&#58;alert(1)",
        "&#x20;%s%s:alert(1)",
        "%s\x7f%s:alert(1)",
    };
    static const char *const carriers[] = {
        "<a href=\"%s\">x</a>",
        "<a href='%s' title=t>x</a>",
        "<a href=%s>x</a>",
        "<img src=\"%s\">",
        "<iframe src=\"%s\"></iframe>",
        "<form action=\"%s\"><button>x</button></form>",
        "<svg><a xlink:href=\"%s\"><text>x</text></a></svg>",
        "<math><a href=\"%s\">x</a></math>",
        "<object data=\"%s\"></object>",
        "<embed src=\"%s\">",
        "<base href=\"%s\">",
        "<link rel=stylesheet href=\"%s\">",
        "<meta http-equiv=refresh content=\"0;url=%s\">",
        "<button formaction=\"%s\">x</button>",
        "<table background=\"%s\"><tr><td>x</td></tr></table>",
        "<blockquote cite=\"%s\">q</blockquote>",
        "<img src=\"/media/a.jpg\" longdesc=\"%s\">",
        "<a href=\"/ok\"><img src=\"%s\"></a>",
    };
    struct payloads p = {0};
    for (size_t s = 0; s < sizeof schemes / sizeof *schemes; s++) {
        for (size_t d = 0; d < sizeof disguises / sizeof *disguises; d++) {
            char url[128];
            snprintf(url, sizeof url, disguises[d], schemes[s][0], schemes[s][1]);
            for (size_t c = 0; c < sizeof carriers / sizeof *carriers; c++)
                add(&p, carriers[c], url);
        }
    }
    /* Every letter as a character reference, decimal and hexadecimal. */
    add(&p, "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>");
    add(&p, "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>");
    add(&p, "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112"
            "&#0000116&#0000058alert(1)\">x</a>");
    add(&p, "<a href=\"jav&#x61;script:alert(1)\">x</a>");
    add(&p, "<IMG SRC=JaVaScRiPt:alert(1)>");
    add(&p, "<img src=`javascript:alert(1)`>");
    add(&p, "<a href=\"//evil.example/x\">x</a><a href=\"/\\evil.example\">y</a><a href=\"\\\\evil.example\">z</a>");
    add(&p, "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>");
    total_payloads += check_all(&p);
}

static void test_svg_math_and_mutation(void **state)
{
    (void)state;
    static const char *const attacks[] = {
        /* SVG and MathML */
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><script xlink:href=data:,alert(1) /></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><set attributeName=onmouseover to=alert(1)>",
        "<svg><a><animate attributeName=href values=javascript:alert(1) /><text x=20 y=20>x</text></a></svg>",
        "<svg><foreignObject><p><img src=x onerror=alert(1)></p></foreignObject></svg>",
        "<svg><use href=\"data:image/svg+xml,&lt;svg id='x' xmlns='http://www.w3.org/2000/svg'&gt;&lt;image "
        "href='1' onerror='alert(1)' /&gt;&lt;/svg&gt;#x\" />",
        "<svg><![CDATA[><image xlink:href=\"]]><img src=x onerror=alert(1)//\"></svg>",
        "<svg><desc><img src=x onerror=alert(1)></desc></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<math><maction actiontype=statusline xlink:href=\"javascript:alert(1)\">x</maction></math>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<math><annotation-xml encoding=\"text/html\"><img src=x onerror=alert(1)></annotation-xml></math>",
        /* mutation XSS: content that re-parses differently */
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<style><style/><img src=x onerror=alert(1)></style>",
        "<textarea></textarea><img src=x onerror=alert(1)>",
        "<textarea><img src=x onerror=alert(1)></textarea>",
        "<title><img src=x onerror=alert(1)></title>",
        "<title></title><img src=x onerror=alert(1)>",
        "<xmp><img src=x onerror=alert(1)></xmp>",
        "<iframe><img src=x onerror=alert(1)></iframe>",
        "<noembed><img src=x onerror=alert(1)></noembed>",
        "<noframes><img src=x onerror=alert(1)></noframes>",
        "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">",
        "<math><mtext><table><mglyph><style><!--</style><img title=\"--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;"
        "onerror=alert(1)&gt;\">",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
        "<p><style></p><img src=x onerror=alert(1)></style>",
        "<a href=\"/x\"><noscript></a><img src=x onerror=alert(1)></noscript>",
        "<select><template><style><img src=x onerror=alert(1)></style></template></select>",
        "<table><caption><svg><style><img src=x onerror=alert(1)>",
        "<img src=\"/media/a.jpg\" alt=\"<script>alert(1)</script>\">",
        "<a href=\"/x\" title=\"&lt;script&gt;alert(1)&lt;/script&gt;\">x</a>",
        "<plaintext><img src=x onerror=alert(1)>",
        "<listing>&lt;img src=x onerror=alert(1)&gt;</listing>",
        "<template><script>alert(1)</script></template>",
        "<object><param name=src value=javascript:alert(1)></object>",
        /* comments, CDATA, processing instructions, doctypes */
        "<!--><script>alert(1)</script>-->",
        "<!---><script>alert(1)</script>-->",
        "<!-- --!><script>alert(1)</script> -->",
        "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
        "<!--[if]><script>alert(1)</script -->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<?xml version=\"1.0\"?><script>alert(1)</script>",
        "<!DOCTYPE html><script>alert(1)</script>",
        "<! foo --><script>alert(1)</script>",
        "</ x><script>alert(1)</script>",
        /* attribute injection through quotes */
        "<a href=\"/x\" title='\" onmouseover=\"alert(1)'>x</a>",
        "<img src=\"/media/a.jpg\" alt=\"x\"onerror=\"alert(1)\">",
        "<a href=\"/x\"title=\"y\"onclick=\"alert(1)\">x</a>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<a href=/x onmouseover=alert(1)//>x</a>",
        "<a href=\"/x\" style=\"background:url(javascript:alert(1))\">x</a>",
        "<p class=\"align-center\" onclick=alert(1) style=\"x:expression(alert(1))\">x</p>",
        "<img src=/media/a.jpg alt=x onerror=alert(1)//",
        /* nested, unclosed and broken */
        "<div><p><b><i><script>alert(1)",
        "<a href=\"/x\"><a href=\"javascript:alert(1)\">x",
        "<table><script>alert(1)</script><tr><td>x</td></tr></table>",
        "<ul><script>alert(1)</script><li>x</ul>",
        "<p>x<script>alert(1)</script",
        "<body onload=alert(1)>",
        "<html onmouseover=alert(1)>x",
        "<frameset onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<isindex action=javascript:alert(1) type=image>",
        "<object data=\"data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;\"></object>",
        "<base href=\"javascript:alert(1)//\"><a href=\"/x\">x</a>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<img src=x onerror=alert(1)>",
        "<image src=x onerror=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<input autofocus onfocus=alert(1)>",
        "<div style=\"width:expression(alert(1))\">x</div>",
        "<link rel=import href=\"//evil.example/x.html\">",
    };
    struct payloads p = {0};
    for (size_t i = 0; i < sizeof attacks / sizeof *attacks; i++) {
        add(&p, "%s", attacks[i]);
        add(&p, "<p>x</p><table><tr><td>%s</td></tr></table>", attacks[i]); /* the same inside a cell */
    }
    total_payloads += check_all(&p);
}

/* Runs last among the attacks: the count is real. */
static void test_payload_count(void **state)
{
    (void)state;
    if (total_payloads < 200)
        fail_msg("only %zu payloads", total_payloads);
    printf("[ info     ] %zu XSS payloads checked\n", total_payloads);
}

/* --- sanitize_url_allowed ---------------------------------------------- */

static void test_url_rules(void **state)
{
    (void)state;
    static const char *const allowed[] = {
        "http://example.vn/a", "https://example.vn/a?b=1#c", "HTTPS://EXAMPLE.VN", "mailto:ubnd@example.vn",
        "tel:+842363822000", "/tin-tuc/a.html", "/", "#muc-1", " /a", "\t#x", "Http:x", "/a//b", "/%2F/x",
        "h\ttt\np://x", "ht tp://x", "/media/a.b.jpg", "/media/..a.jpg", "/a/...", "/tin-tuc/?q=../x",
        "/a#../b",
    };
    static const char *const refused[] = {
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "jav\tascript:alert(1)",
        "jav\nascript:x", "java\x01script:x", "vbscript:x", "data:text/html,x", "file:///etc/passwd",
        "ftp://x", "//evil.example", "/\\evil.example", "/ /evil.example", "/\t/evil", "\\\\evil", "abc.html",
        "?q=1", "", "   ", "x:y", "https", "ja\x7fvascript:x", "%6Aavascript:x", "http//x", "mailto",
        /* a path that climbs out of where it seems to lead */
        "/media/../quan-tri/nguoi-dung/", "/media/%2e%2e/quan-tri/", "/media/%2E./x", "/media/./a.jpg",
        "/media/a/..", "/media\\..\\quan-tri", "/media/.\t./x", "/..",
    };
    for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
        if (!sanitize_url_allowed(str_cstr(allowed[i])))
            fail_msg("refused: %s", allowed[i]);
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
        if (sanitize_url_allowed(str_cstr(refused[i])))
            fail_msg("allowed: %s", refused[i]);
    /* NUL is a control character too. */
    assert_false(sanitize_url_allowed(str_make("java\0script:x", 13)));
    assert_true(sanitize_url_allowed(str_make("\0/a", 3)));
}

/* --- what editors make and paste ---------------------------------------- */

static void test_word_paste(void **state)
{
    (void)state;
    const char *word =
        "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=utf-8>"
        "<style>p.MsoNormal{margin:0}</style></head><body lang=VI>\n"
        "<!--StartFragment--><div class=WordSection1>\n"
        "<h1 class=MsoHeading1><span style='font-family:\"Times New Roman\"'>Kế hoạch triển khai<o:p></o:p></span></h1>\n"
        "<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:13.0pt;"
        "font-family:\"Times New Roman\";color:#1F3864'>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<o:p></o:p></span></b></p>\n"
        "<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n"
        "<p class=MsoNormal style='text-align:justify'><span style='font-size:14pt'>Căn cứ <b>Luật</b> "
        "<font face=Arial color=red>Tổ chức</font> chính quyền địa phương;<o:p></o:p></span></p>\n"
        "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->\n"
        "<p class=MsoListParagraphCxSpFirst style='text-indent:-.25in;mso-list:l0 level1 lfo1'><![if "
        "!supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "
        "\"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Mục tiêu<o:p></o:p></p>\n"
        "<p class=MsoListParagraphCxSpMiddle style='margin-left:1.0in;mso-list:l0 level2 lfo1'><![if "
        "!supportLists]><span style='font-family:\"Courier New\"'><span style='mso-list:Ignore'>o<span>&nbsp;&nbsp; "
        "</span></span></span><![endif]>Mục tiêu cụ thể<o:p></o:p></p>\n"
        "<p class=MsoListParagraphCxSpLast style='mso-list:l0 level1 lfo1'><![if !supportLists]><span "
        "style='mso-list:Ignore'>·<span>&nbsp; </span></span><![endif]>Nhiệm vụ<o:p></o:p></p>\n"
        "<p class=MsoNormal style='mso-list:l2 level1 lfo3'><![if !supportLists]><span style='mso-list:Ignore'>"
        "1.<span>&nbsp; </span></span><![endif]>Điều một</p>\n"
        "<p class=MsoNormal style='mso-list:l2 level1 lfo3'><![if !supportLists]><span style='mso-list:Ignore'>"
        "2.<span>&nbsp; </span></span><![endif]>Điều hai</p>\n"
        "<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;"
        "mso-yfti-tbllook:1184'>\n"
        " <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>\n"
        "  <td width=60 valign=top style='width:45pt;border:solid windowtext 1.0pt'><p class=MsoNormal><b>"
        "STT<o:p></o:p></b></p></td>\n"
        "  <td width=300 valign=top><p class=MsoNormal><b>Nội dung<o:p></o:p></b></p></td>\n"
        " </tr>\n"
        " <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>Rà soát <i>văn bản</i></p></td></tr>\n"
        "</table>\n"
        "<p class=MsoNormal><span style='color:red'>Nơi nhận:</span><br>- Như trên;</p>\n"
        "</div><!--EndFragment--></body></html>";
    struct sanitize_report report;
    const char *out = sanitize_bytes(word, strlen(word), &media, &report);
    const char *want = "<h2>Kế hoạch triển khai</h2>\n"
                       "<p class=\"align-center\"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></p>\n"
                       "<p>Căn cứ <strong>Luật</strong> Tổ chức chính quyền địa phương;</p>\n"
                       "<ul>\n"
                       "<li>Mục tiêu<ul>\n"
                       "<li>Mục tiêu cụ thể</li>\n"
                       "</ul></li>\n"
                       "<li>Nhiệm vụ</li>\n"
                       "</ul>\n"
                       "<ol>\n"
                       "<li>Điều một</li>\n"
                       "<li>Điều hai</li>\n"
                       "</ol>\n"
                       "<table>\n"
                       "<tbody>\n"
                       "<tr><td><p><strong>STT</strong></p></td><td><p><strong>Nội dung</strong></p></td></tr>\n"
                       "<tr><td><p>1</p></td><td><p>Rà soát <em>văn bản</em></p></td></tr>\n"
                       "</tbody>\n"
                       "</table>\n"
                       "<p>Nơi nhận:<br>- Như trên;</p>\n";
    if (strcmp(out, want) != 0)
        fail_msg("--- want ---\n%s--- got ---\n%s", want, out);
    /* head, meta, style, the Word list markers, comments */
    assert_true(report.dropped_elements >= 4);
    /* span, font, div, o:p */
    assert_true(report.unwrapped_elements >= 10);
    /* class, style, width, valign, border... */
    assert_true(report.dropped_attributes >= 10);
    assert_int_equal(report.dropped_urls, 0);
    assert_false(report.truncated);
}

static void test_libreoffice_and_google_docs(void **state)
{
    (void)state;
    /* LibreOffice writes real lists with paragraphs in the items. */
    assert_sanitized("<ol><li><p style=\"margin-bottom: 0cm\">Một</p></li><li><p>Hai</p></li></ol>",
                     "<ol>\n<li><p>Một</p></li>\n<li><p>Hai</p></li>\n</ol>\n");
    /* Google Docs wraps everything in a <b> that is not bold, and writes
     * bold and italic as styles. */
    assert_sanitized("<meta charset=\"utf-8\"><b style=\"font-weight:normal;\" id=\"docs-internal-guid-1\">"
                     "<p dir=\"ltr\"><span style=\"font-weight:700\">Đậm</span> và "
                     "<span style=\"font-style:italic\">nghiêng</span> và "
                     "<span style=\"vertical-align:super\">2</span></p></b>",
                     "<p><strong>Đậm</strong> và <em>nghiêng</em> và <sup>2</sup></p>\n");
}

static void test_table_survives_exactly(void **state)
{
    (void)state;
    const char *table = "<table>\n"
                        "<caption>Bảng 1. Kết quả</caption>\n"
                        "<thead>\n"
                        "<tr><th scope=\"col\">STT</th><th colspan=\"2\" scope=\"col\">Chỉ tiêu</th></tr>\n"
                        "</thead>\n"
                        "<tbody>\n"
                        "<tr><th rowspan=\"2\" scope=\"row\">1</th><td>a</td><td>b</td></tr>\n"
                        "<tr><td colspan=\"2\"><p>Đoạn một</p><p>Đoạn hai</p></td></tr>\n"
                        "<tr><td></td><td><ul>\n<li>x</li>\n</ul></td><td><strong>y</strong></td></tr>\n"
                        "</tbody>\n"
                        "<tfoot>\n"
                        "<tr><td colspan=\"3\">Tổng</td></tr>\n"
                        "</tfoot>\n"
                        "</table>\n";
    assert_sanitized(table, table);
    /* The same from sloppier markup: no tbody, upper case, unquoted,
     * spaces around numbers, scope in capitals. */
    assert_sanitized("<TABLE border=1><TR><TH SCOPE=COL colspan=' 2 '>A<TD rowspan=3>b</TABLE>",
                     "<table>\n<tbody>\n<tr><th colspan=\"2\" scope=\"col\">A</th><td rowspan=\"3\">b</td></tr>\n"
                     "</tbody>\n</table>\n");
    /* Values outside the rules are dropped, the cell stays. */
    assert_sanitized("<table><tr><td colspan=101 rowspan=0>a</td><th scope=all colspan=\"1e2\">b</th></tr></table>",
                     "<table>\n<tbody>\n<tr><td>a</td><th>b</th></tr>\n</tbody>\n</table>\n");
    /* A table without text goes. */
    assert_sanitized("<table><tr><td> </td><td>&nbsp;</td></tr></table><p>x</p>", "<p>x</p>\n");
}

static void test_vietnamese_nfd_becomes_nfc(void **state)
{
    (void)state;
    /* "Việt Nam" and "Quyết định" typed in NFD: base letters with
     * combining circumflex, dot below and acute. */
    assert_sanitized("<p>Vie\xCC\x82\xCC\xA3t Nam, Quye\xCC\x82\xCC\x81t \xC4\x91i\xCC\xA3nh</p>",
                     "<p>Việt Nam, Quyết định</p>\n");
    /* Across an unwrapped element the text is one run, composed as one. */
    assert_sanitized("<p>Vie<span>\xCC\x82\xCC\xA3</span>t</p>", "<p>Việt</p>\n");
    /* In alt and title too. */
    assert_sanitized("<p><img src=\"/media/a.jpg\" alt=\"Vie\xCC\x82\xCC\xA3t\"></p>",
                     "<p><img src=\"/media/a.jpg\" alt=\"Việt\"></p>\n");
}

static void test_figure(void **state)
{
    (void)state;
    const char *figure = "<figure class=\"align-center\"><img src=\"/media/2025/cau-rong.jpg\" alt=\"Cầu Rồng\" "
                         "width=\"800\" height=\"450\"><figcaption>Cầu Rồng về đêm</figcaption></figure>\n";
    assert_sanitized(figure, figure);
    assert_sanitized("<figure class=\"wp-block-image align-right\" style=\"x\"><img src=\"/media/a.jpg\">"
                     "<figcaption class=\"c\">Chú thích</figcaption></figure>",
                     "<figure class=\"align-right\"><img src=\"/media/a.jpg\"><figcaption>Chú thích</figcaption>"
                     "</figure>\n");
    /* A figcaption outside a figure is a paragraph. */
    assert_sanitized("<figcaption>Lẻ</figcaption>", "<p>Lẻ</p>\n");
}

/* The HTML the article editor (editor/src/schema.js) writes comes back in
 * the same structure: only line breaks are added, and an empty cell loses
 * its empty paragraph (the editor puts it back when it reads the body). */
static void test_editor_output_is_kept(void **state)
{
    (void)state;
    assert_sanitized(
        "<h2>Kết quả</h2><p class=\"align-center\">Năm <strong>2025</strong>, <em>toàn</em> <u>huyện</u> "
        "<a href=\"https://x.vn/a?b=1&amp;c=2\" rel=\"noopener\">đạt</a><br>kết quả<sub>1</sub><sup>2</sup>.</p>"
        "<ol start=\"3\"><li><p>Ba</p><ul><li><p>Con</p></li></ul></li></ol><blockquote><p>Trích</p></blockquote>"
        "<table><tbody><tr><th><p>Xã</p></th><th colspan=\"2\"><p>Số</p></th></tr>"
        "<tr><td><p></p></td><td><p>1</p></td><td><p>2</p></td></tr></tbody></table>"
        "<figure class=\"align-left\"><img src=\"/media/a.jpg\" alt=\"Ảnh\" width=\"800\" height=\"450\" "
        "srcset=\"/media/a.jpg 800w, /media/a-400.jpg 400w\"><figcaption>Chú thích</figcaption></figure>"
        "<p><img src=\"/media/b.jpg\" alt=\"b\"> nội tuyến</p><hr>",
        "<h2>Kết quả</h2>\n"
        "<p class=\"align-center\">Năm <strong>2025</strong>, <em>toàn</em> <u>huyện</u> "
        "<a href=\"https://x.vn/a?b=1&amp;c=2\" rel=\"noopener\">đạt</a><br>kết quả<sub>1</sub><sup>2</sup>.</p>\n"
        "<ol start=\"3\">\n<li><p>Ba</p><ul>\n<li><p>Con</p></li>\n</ul></li>\n</ol>\n"
        "<blockquote><p>Trích</p></blockquote>\n"
        "<table>\n<tbody>\n<tr><th><p>Xã</p></th><th colspan=\"2\"><p>Số</p></th></tr>\n"
        "<tr><td></td><td><p>1</p></td><td><p>2</p></td></tr>\n</tbody>\n</table>\n"
        "<figure class=\"align-left\"><img src=\"/media/a.jpg\" alt=\"Ảnh\" width=\"800\" height=\"450\" "
        "srcset=\"/media/a.jpg 800w, /media/a-400.jpg 400w\"><figcaption>Chú thích</figcaption></figure>\n"
        "<p><img src=\"/media/b.jpg\" alt=\"b\"> nội tuyến</p>\n<hr>\n");
}

static void test_renamed_elements(void **state)
{
    (void)state;
    assert_sanitized("<p><b>a</b> <i>b</i> <strike>c</strike> <del>d</del> <u>e</u> <sub>f</sub></p>",
                     "<p><strong>a</strong> <em>b</em> <s>c</s> <s>d</s> <u>e</u> <sub>f</sub></p>\n");
    assert_sanitized("<h1>A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6>",
                     "<h2>A</h2>\n<h2>B</h2>\n<h3>C</h3>\n<h4>D</h4>\n<h4>E</h4>\n<h4>F</h4>\n");
    /* No strong in a strong, no link in a link. */
    assert_sanitized("<p><b>a<strong>b</strong></b><a href=\"/1\">c<span><a href=\"/2\">d</a></span></a></p>",
                     "<p><strong>ab</strong><a href=\"/1\">c</a><a href=\"/2\">d</a></p>\n");
}

static void test_images(void **state)
{
    (void)state;
    /* Allowed by the callback: kept with its canonical attributes. */
    assert_sanitized("<img src=\" /media/a b.jpg \" alt=\"  Ảnh \n minh hoạ \" width=0400 height=4001 title=t>",
                     "<p><img src=\"/media/a%20b.jpg\" alt=\"Ảnh minh hoạ\" width=\"400\"></p>\n");
    /* Refused by the callback, or no callback: dropped, counted. */
    struct sanitize_report report;
    const char *in = "<p>a<img src=\"https://evil.example/x.png\">b<img src=\"/uploads/x.png\"></p>";
    assert_string_equal(sanitize_bytes(in, strlen(in), &media, &report), "<p>ab</p>\n");
    assert_int_equal(report.dropped_elements, 2);
    assert_int_equal(report.dropped_urls, 2);
    in = "<p>a<img src=\"/media/a.jpg\">b</p>";
    assert_string_equal(sanitize_bytes(in, strlen(in), NULL, &report), "<p>ab</p>\n");
    struct sanitize_options none = {NULL, NULL};
    assert_string_equal(sanitize_bytes(in, strlen(in), &none, NULL), "<p>ab</p>\n");
    /* Without a src, or with one that is not a URL of ours. */
    assert_sanitized("<p>a<img alt=x>b<img src=\"javascript:alert(1)\">c</p>", "<p>abc</p>\n");
    /* srcset: the media library's variants stay; every candidate is
     * checked like src, descriptors are widths or densities, written in
     * one form. */
    assert_sanitized("<p><img src=\"/media/a.jpg\" srcset=\"/media/a-400.jpg 400w, /media/a-800.jpg 800w\"></p>",
                     "<p><img src=\"/media/a.jpg\" srcset=\"/media/a-400.jpg 400w, /media/a-800.jpg 800w\"></p>\n");
    assert_sanitized("<p><img src=\"/media/a.jpg\" srcset=\" /media/a-400.jpg   0400W ,https://evil.example/x.jpg 800w,"
                     "javascript:alert(1) 1x, /media/b.jpg 2x,/media/c.jpg 1.5x, /media/d.jpg 99999w,/media/e.jpg,\"></p>",
                     "<p><img src=\"/media/a.jpg\" srcset=\"/media/a-400.jpg 400w, /media/b.jpg 2x, /media/e.jpg\"></p>\n");
    /* Nothing left: no srcset at all. */
    assert_sanitized("<p><img src=\"/media/a.jpg\" srcset=\"data:image/png;base64,AAAA 1x, //evil.example/x 2x\"></p>",
                     "<p><img src=\"/media/a.jpg\"></p>\n");
}

static void test_links(void **state)
{
    (void)state;
    assert_sanitized("<p><a href=\"https://chinhphu.vn/\" title=\" Cổng \" target=_blank rel=\"opener\">a</a> "
                     "<a href=\"/tin-tuc/a.html#muc-2\">b</a> <a href=\"mailto:vp@example.vn\">c</a> "
                     "<a href=\"#top\">d</a> <a href=\"HTTP://x.vn?a=1&amp;b=2\">e</a></p>",
                     "<p><a href=\"https://chinhphu.vn/\" title=\"Cổng\" rel=\"noopener\">a</a> "
                     "<a href=\"/tin-tuc/a.html#muc-2\">b</a> <a href=\"mailto:vp@example.vn\">c</a> "
                     "<a href=\"#top\">d</a> <a href=\"HTTP://x.vn?a=1&amp;b=2\" rel=\"noopener\">e</a></p>\n");
    /* Without an allowed href the link is unwrapped, its text stays. */
    struct sanitize_report report;
    const char *in = "<p><a href=\"javascript:alert(1)\">a</a><a name=x>b</a><a href=\"x.html\">c</a></p>";
    assert_string_equal(sanitize_bytes(in, strlen(in), &media, &report), "<p>abc</p>\n");
    assert_int_equal(report.unwrapped_elements, 3);
    assert_int_equal(report.dropped_urls, 2);
    /* Tabs and line breaks inside a URL are removed, spaces encoded. */
    assert_sanitized("<p><a href=\"/a\tb\nc d\">x</a></p>", "<p><a href=\"/abc%20d\">x</a></p>\n");
}

static void test_text_and_escaping(void **state)
{
    (void)state;
    assert_sanitized("<p>a &lt; b &amp;&amp; c &gt; d \"q\" 'r'</p>", "<p>a &lt; b &amp;&amp; c &gt; d \"q\" 'r'</p>\n");
    assert_sanitized("<p>1 < 2 & 3 > 2</p>", "<p>1 &lt; 2 &amp; 3 &gt; 2</p>\n");
    assert_sanitized("<p><a href=\"/x\" title='a\"b&lt;'>x</a></p>",
                     "<p><a href=\"/x\" title=\"a&quot;b&lt;\">x</a></p>\n");
    /* No-break spaces are kept as the character; runs of white space
     * become one space; none at the ends of a line. */
    assert_sanitized("<p>  a&nbsp;&nbsp;b \n\t c <br> d  </p>", "<p>a\xC2\xA0\xC2\xA0" "b c<br>d</p>\n");
    assert_sanitized("<p>a <b> b </b> c</p>", "<p>a <strong>b </strong>c</p>\n");
    /* NUL and other controls go; tab and line break become spaces. */
    static const char controls[] = "<p>a\0b\x01\x1f\x7f"
                                   "c\tx\xC2\x85y</p>";
    assert_string_equal(sanitize_bytes(controls, sizeof controls - 1, &media, NULL), "<p>abc xy</p>\n");
    /* References to controls: dropped; to NUL: U+FFFD; to 0x80-0x9F:
     * the Windows-1252 character, as HTML says (0x85 is "…"). */
    assert_sanitized("<p>&#1;&#x7f;&#x85;z&#0;</p>", "<p>…z\xEF\xBF\xBD</p>\n");
    /* Invalid UTF-8 becomes U+FFFD. */
    static const char invalid[] = "<p>a\xFF\xC3(</p>";
    assert_string_equal(sanitize_bytes(invalid, sizeof invalid - 1, &media, NULL),
                        "<p>a\xEF\xBF\xBD\xEF\xBF\xBD(</p>\n");
}

static void test_structure(void **state)
{
    (void)state;
    /* Inline content at the top level goes in paragraphs; each unwrapped
     * block (div, section...) is its own paragraph. */
    assert_sanitized("Dòng một<div>Dòng hai</div><div><span>Dòng</span> ba</div><section>Bốn</section>",
                     "<p>Dòng một</p>\n<p>Dòng hai</p>\n<p>Dòng ba</p>\n<p>Bốn</p>\n");
    /* Inside a cell or a list item they become line breaks. */
    assert_sanitized("<table><tr><td><div>a</div><div>b</div></td></tr></table>",
                     "<table>\n<tbody>\n<tr><td>a<br>b</td></tr>\n</tbody>\n</table>\n");
    /* Empty paragraphs go: nothing, spaces, no-break spaces, only <br>. */
    assert_sanitized("<p></p><p> </p><p>&nbsp;</p><p><br></p><p><b> </b><br><br></p><h2> </h2><p>x</p>",
                     "<p>x</p>\n");
    /* An inline element interrupted by a block goes on after it. */
    assert_sanitized("<b>a<p>b</p>c</b>", "<p><strong>a</strong></p>\n<p><strong>b</strong></p>\n"
                                           "<p><strong>c</strong></p>\n");
    assert_sanitized("<p><a href=\"/x\">a<ul><li>b</li></ul>c</a></p>",
                     "<p><a href=\"/x\">a</a></p>\n<ul>\n<li><a href=\"/x\">b</a></li>\n</ul>\n"
                     "<p><a href=\"/x\">c</a></p>\n");
    /* A block in a heading closes it, as a browser does. */
    assert_sanitized("<h2>a<ul><li>b</li></ul>c</h2>", "<h2>a</h2>\n<ul>\n<li>b</li>\n</ul>\n<p>c</p>\n");
    /* List items outside a list get one; text in a list gets an item. */
    assert_sanitized("<li>a</li><li>b</li>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    assert_sanitized("<ul>x<li>a</li></ul>", "<ul>\n<li>x</li>\n<li>a</li>\n</ul>\n");
    /* Blockquotes hold paragraphs. */
    assert_sanitized("<blockquote>a<p>b</p></blockquote>", "<blockquote><p>a</p><p>b</p></blockquote>\n");
    /* Paragraph alignment, from our class or from Word's markup. */
    assert_sanitized("<p class=\"x align-right\">a</p><p align=CENTER>b</p><p style=\"text-align: right\">c</p>"
                     "<p class=\"align-left\">d</p>",
                     "<p class=\"align-right\">a</p>\n<p class=\"align-center\">b</p>\n"
                     "<p class=\"align-right\">c</p>\n<p>d</p>\n");
    /* A noscript left open by an end tag the parser ignores keeps the text
     * after it (its own children go through the rules like any other). */
    assert_sanitized("<p>x</p><noscript><p title=\"</noscript><img src=x onerror=alert(9)>\"></noscript><p>after</p>",
                     "<p>x</p>\n<p>after</p>\n");
    assert_sanitized("<ol start=\"3\" type=a><li>c</li></ol><ol start=-1><li>x</li></ol><hr size=3>",
                     "<ol start=\"3\">\n<li>c</li>\n</ol>\n<ol>\n<li>x</li>\n</ol>\n<hr>\n");
}

static void test_report_counts(void **state)
{
    (void)state;
    struct sanitize_report report;
    const char *in = "<div id=a><p style=\"x\" onclick=\"y\">a<script>b</script><!-- c -->"
                     "<span>d</span><a href=\"javascript:x\">e</a></p></div>";
    assert_string_equal(sanitize_bytes(in, strlen(in), &media, &report), "<p>ade</p>\n");
    assert_int_equal(report.dropped_elements, 2);   /* script, comment */
    assert_int_equal(report.unwrapped_elements, 3); /* div, span, a */
    assert_int_equal(report.dropped_attributes, 2); /* style, onclick (on kept elements) */
    assert_int_equal(report.dropped_urls, 1);
    assert_false(report.truncated);
}

/* --- limits ---------------------------------------------------------------- */

/* CPU time of this thread: the suites run beside others (tests/run.sh), and waiting
 * for a core must not look like slow code. */
static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Builds `before` n times, `middle`, `after` n times. */
static void repeat(struct buf *b, const char *before, size_t n, const char *middle, const char *after)
{
    for (size_t i = 0; i < n; i++)
        buf_puts(b, before);
    buf_puts(b, middle);
    for (size_t i = 0; i < n; i++)
        buf_puts(b, after);
}

static void test_deep_nesting_is_fast(void **state)
{
    (void)state;
    static const char *const openers[][2] = {
        {"<div>", "</div>"}, {"<b>", ""}, {"<table><tr><td>", ""}, {"<ul><li>", ""}, {"<blockquote>", ""},
        {"<em><div>", ""},   {"<span><div></span>", ""}, {"<p><i>", ""}, {"<svg><g>", ""},
    };
    for (size_t i = 0; i < sizeof openers / sizeof *openers; i++) {
        struct buf in = BUF_INIT;
        repeat(&in, openers[i][0], 100000, "fin", openers[i][1]);
        struct timespec t0;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
        struct sanitize_report report;
        const char *out = sanitize_bytes(in.p, in.n, &media, &report);
        double took = seconds_since(&t0);
        if (took > 5.0)
            fail_msg("%s x 100000 took %.1f s", openers[i][0], took);
        /* The text stays (except inside svg), nothing deeper than the limit. */
        assert_true(i == 8 || strstr(out, "fin") != NULL);
        assert_null(reparse_error(str_cstr(out)));
        buf_free(&in);
    }
    /* Nesting within the limit is kept; deeper elements are unwrapped. */
    struct buf in = BUF_INIT, want = BUF_INIT;
    repeat(&in, "<blockquote>", 100, "x", "</blockquote>");
    repeat(&want, "<blockquote>", 64, "x", "</blockquote>");
    buf_putc(&want, '\n');
    assert_sanitized(buf_cstr(&in), buf_cstr(&want));
    buf_reset(&in);
    buf_reset(&want);
    repeat(&in, "<blockquote>", 63, "x", "</blockquote>");
    repeat(&want, "<blockquote>", 63, "<p>x</p>", "</blockquote>");
    buf_putc(&want, '\n');
    assert_sanitized(buf_cstr(&in), buf_cstr(&want));
    buf_free(&in);
    buf_free(&want);
}

static void test_big_input_is_truncated(void **state)
{
    (void)state;
    struct buf in = BUF_INIT;
    while (in.n < (3u << 20))
        buf_puts(&in, "<p>Đoạn văn bản thử nghiệm có dấu: Quyết định.</p>");
    struct sanitize_report report;
    const char *out = sanitize_bytes(in.p, in.n, &media, &report);
    assert_true(report.truncated);
    size_t n = strlen(out);
    assert_true(n <= SANITIZE_MAX_INPUT && n > SANITIZE_MAX_INPUT / 2);
    assert_true(utf8_valid(str_cstr(out)));
    assert_string_equal(out + n - 5, "</p>\n");
    /* Cut inside a character: the character goes whole. */
    buf_reset(&in);
    buf_puts(&in, "<p>");
    while (in.n < SANITIZE_MAX_INPUT - 1)
        buf_putc(&in, 'a');
    buf_puts(&in, "Đ"); /* two bytes, the second one past the limit */
    out = sanitize_bytes(in.p, in.n, &media, &report);
    assert_true(report.truncated);
    assert_true(utf8_valid(str_cstr(out)));
    assert_null(strstr(out, "\xEF\xBF\xBD"));
    buf_free(&in);
}

static void test_output_stays_within_the_limit(void **state)
{
    (void)state;
    /* Escaping makes the output longer than the input: it is cut so that
     * it can be sanitised again unchanged. */
    struct buf in = BUF_INIT;
    while (in.n < SANITIZE_MAX_INPUT - 10)
        buf_puts(&in, "&<>");
    struct sanitize_report report;
    const char *out = sanitize_bytes(in.p, in.n, &media, &report);
    assert_true(report.truncated);
    assert_true(strlen(out) <= SANITIZE_MAX_INPUT);
    /* Dense markup at the limit parses within the memory cap (so an
     * output can always be sanitised again). */
    static const char *const dense[] = {
        "<p>x<br>x<br></p>", /* the most parser memory per byte */
        "<td>x</td>",        /* an output as long as the input */
    };
    for (size_t i = 0; i < sizeof dense / sizeof *dense; i++) {
        buf_reset(&in);
        if (i == 1)
            buf_puts(&in, "<table><tr>");
        while (in.n < SANITIZE_MAX_INPUT - 100)
            buf_puts(&in, dense[i]);
        out = sanitize_bytes(in.p, in.n, &media, &report);
        assert_true(strlen(out) <= SANITIZE_MAX_INPUT);
    }
    /* Unclosed formatting elements with different attributes are copied
     * by the parser into every following paragraph: 8 bytes of input
     * would cost kilobytes of memory. The input is cut instead. */
    buf_reset(&in);
    for (int i = 0; i < 14; i++)
        buf_puts(&in, "<p><b id=1><b id=2><b id=3><b id=4><b id=5><b id=6><b id=7><b id=8></p>");
    while (in.n < (256u << 10))
        buf_puts(&in, "<p>x</p>");
    out = sanitize_bytes(in.p, in.n, &media, &report);
    assert_true(report.truncated);
    assert_true(strncmp(out, "<p><strong>x</strong></p>\n", 26) == 0);
    buf_free(&in);
}

static void test_empty_and_appending(void **state)
{
    (void)state;
    assert_sanitized("", "");
    assert_sanitized("   \n ", "");
    assert_sanitized("<!-- only a comment -->", "");
    struct buf out = BUF_INIT;
    buf_puts(&out, "before|");
    assert_int_equal(sanitize_html(&out, STR("<p>a</p>"), NULL, NULL), 0);
    assert_string_equal(buf_cstr(&out), "before|<p>a</p>\n");
    assert_int_equal(sanitize_html(&out, STR_NULL, NULL, NULL), 0);
    assert_string_equal(buf_cstr(&out), "before|<p>a</p>\n");
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest attack_tests[] = {
        cmocka_unit_test(test_script_tags),
        cmocka_unit_test(test_event_handlers),
        cmocka_unit_test(test_dangerous_urls),
        cmocka_unit_test(test_svg_math_and_mutation),
        cmocka_unit_test(test_payload_count),
        cmocka_unit_test(test_url_rules),
    };
    const struct CMUnitTest editor_tests[] = {
        cmocka_unit_test(test_word_paste),
        cmocka_unit_test(test_libreoffice_and_google_docs),
        cmocka_unit_test(test_table_survives_exactly),
        cmocka_unit_test(test_vietnamese_nfd_becomes_nfc),
        cmocka_unit_test(test_figure),
        cmocka_unit_test(test_editor_output_is_kept),
        cmocka_unit_test(test_renamed_elements),
        cmocka_unit_test(test_images),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_text_and_escaping),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_report_counts),
    };
    const struct CMUnitTest limit_tests[] = {
        cmocka_unit_test(test_deep_nesting_is_fast),
        cmocka_unit_test(test_big_input_is_truncated),
        cmocka_unit_test(test_output_stays_within_the_limit),
        cmocka_unit_test(test_empty_and_appending),
    };
    int failed = 0;
    failed += cmocka_run_group_tests_name("attacks", attack_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("editors", editor_tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("limits", limit_tests, NULL, NULL);
    return failed == 0 ? 0 : 1;
}
