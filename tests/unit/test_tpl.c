/*
 * test_tpl.c - the template runtime (src/view/tpl.c): the escaper of each
 * context, the TPL_* macros, live marks, and an XSS corpus pushed through
 * every escaper with the properties a browser cares about checked on the
 * output: what the browser would read back (entities or JSON escapes
 * decoded) is the input, repaired; nothing can leave the context; a URL
 * never gets a dangerous scheme.
 *
 * The checks use their own small UTF-8, entity, percent and JSON decoders,
 * written independently of tpl.c, so a bug is not shared by the code and
 * its test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include <limits.h>

#include "core/buf.h"
#include "view/tpl.h"

#define S(lit) ((struct str){(lit), sizeof(lit) - 1})

typedef void escaper_fn(struct buf *b, struct str s);

/* Runs one escaper on `in` and compares with `want` (a literal, maybe with NULs). */
#define EXPECT(fn, in, want) expect_bytes(fn, S(in), S(want), __FILE__, __LINE__)

static void expect_bytes(escaper_fn *fn, struct str in, struct str want, const char *file, int line)
{
    struct buf b = BUF_INIT;
    fn(&b, in);
    if (!str_eq(buf_str(&b), want)) {
        print_error("%s:%d: got \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)\n", file, line,
                    (int)b.n, b.p ? b.p : "", b.n, (int)want.n, want.p, want.n);
        buf_free(&b);
        fail();
    }
    buf_free(&b);
}

/* ---- independent reference helpers ---------------------------------------------------- */

/*
 * Reads one code point of well-formed UTF-8 at p (n > 0). Returns its
 * length, or 0 with *bad set to the length of the maximal ill-formed
 * prefix. Written from the code point's value, not from byte ranges.
 */
static size_t ref_utf8(const unsigned char *p, size_t n, uint32_t *cp, size_t *bad)
{
    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    size_t need;
    uint32_t v;
    if (p[0] >= 0xC2 && p[0] <= 0xDF)
        need = 1, v = p[0] & 0x1F;
    else if (p[0] >= 0xE0 && p[0] <= 0xEF)
        need = 2, v = p[0] & 0x0F;
    else if (p[0] >= 0xF0 && p[0] <= 0xF4)
        need = 3, v = p[0] & 0x07;
    else {
        *bad = 1;
        return 0;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= n || (p[k] & 0xC0) != 0x80) {
            *bad = k;
            return 0;
        }
        v = v << 6 | (p[k] & 0x3F);
        /* After the second byte an impossible value is already known. */
        if (k == 1 && need == 2 && (v < (0x800 >> 6) || (v >= (0xD800 >> 6) && v <= (0xDFFF >> 6)))) {
            *bad = 1;
            return 0;
        }
        if (k == 1 && need == 3 && (v < (0x10000 >> 12) || v > (0x10FFFF >> 12))) {
            *bad = 1;
            return 0;
        }
    }
    *cp = v;
    return need + 1;
}

static bool ref_utf8_valid(struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.n;) {
        uint32_t cp;
        size_t bad, len = ref_utf8(p + i, s.n - i, &cp, &bad);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

/* What every escaper must keep of its input: NULs dropped, each invalid
 * sequence one U+FFFD. */
static void ref_repair(struct buf *out, struct str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.n;) {
        uint32_t cp;
        size_t bad, len = ref_utf8(p + i, s.n - i, &cp, &bad);
        if (!len) {
            buf_append(out, "\xEF\xBF\xBD", 3);
            i += bad;
        } else {
            if (cp != 0)
                buf_append(out, p + i, len);
            i += len;
        }
    }
}

static void put_utf8(struct buf *b, uint32_t cp)
{
    if (cp < 0x80) {
        buf_putc(b, (char)cp);
    } else if (cp < 0x800) {
        buf_putc(b, (char)(0xC0 | cp >> 6));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        buf_putc(b, (char)(0xE0 | cp >> 12));
        buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    } else {
        buf_putc(b, (char)(0xF0 | cp >> 18));
        buf_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
        buf_putc(b, (char)(0x80 | (cp & 0x3F)));
    }
}

/* Decodes the entities the escapers may write; false on any other '&'. */
static bool ref_entity_decode(struct buf *out, struct str s)
{
    static const struct {
        const char *entity;
        char c;
    } known[] = {{"&amp;", '&'}, {"&lt;", '<'},   {"&gt;", '>'},
                 {"&#34;", '"'}, {"&#39;", '\''}, {"&#96;", '`'}};
    for (size_t i = 0; i < s.n;) {
        if (s.p[i] != '&') {
            buf_putc(out, s.p[i++]);
            continue;
        }
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] &&
               !str_starts_with(str_skip(s, i), str_cstr(known[k].entity)))
            k++;
        if (k == sizeof known / sizeof known[0])
            return false;
        buf_putc(out, known[k].c);
        i += strlen(known[k].entity);
    }
    return true;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool ref_percent_decode(struct buf *out, struct str s)
{
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] != '%') {
            buf_putc(out, s.p[i]);
            continue;
        }
        if (i + 2 >= s.n)
            return false;
        int hi = hex_value(s.p[i + 1]), lo = hex_value(s.p[i + 2]);
        if (hi < 0 || lo < 0)
            return false;
        buf_putc(out, (char)(hi * 16 + lo));
        i += 2;
    }
    return true;
}

/* Parses one whole JSON string literal (RFC 8259) into UTF-8. */
static bool ref_json_decode(struct buf *out, struct str s)
{
    if (s.n < 2 || s.p[0] != '"' || s.p[s.n - 1] != '"')
        return false;
    for (size_t i = 1; i + 1 < s.n;) {
        unsigned char c = (unsigned char)s.p[i];
        if (c == '"' || c < 0x20)
            return false; /* must have been escaped */
        if (c != '\\') {
            buf_putc(out, (char)c);
            i++;
            continue;
        }
        if (i + 2 >= s.n)
            return false;
        char e = s.p[i + 1];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            buf_putc(out, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
            i += 2;
            continue;
        }
        if (e != 'u' || i + 6 > s.n - 1)
            return false;
        uint32_t cp = 0;
        for (int k = 0; k < 4; k++) {
            int h = hex_value(s.p[i + 2 + k]);
            if (h < 0)
                return false;
            cp = cp * 16 + (uint32_t)h;
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return false; /* the escapers never split a code point into surrogates */
        put_utf8(out, cp);
        i += 6;
    }
    return true;
}

/* The scheme a browser's URL parser finds in an attribute's (decoded) value,
 * lower-cased, or "" for none (WHATWG URL: leading and trailing C0 controls
 * and spaces stripped, tab and newlines removed anywhere). */
static void browser_scheme(struct str url, char *scheme, size_t cap)
{
    char clean[4096];
    size_t n = 0, start = 0, end = url.n;
    while (start < end && (unsigned char)url.p[start] <= 0x20)
        start++;
    while (end > start && (unsigned char)url.p[end - 1] <= 0x20)
        end--;
    for (size_t i = start; i < end && n < sizeof clean; i++)
        if (url.p[i] != '\t' && url.p[i] != '\n' && url.p[i] != '\r')
            clean[n++] = url.p[i];
    scheme[0] = '\0';
    if (n == 0 || !((clean[0] | 0x20) >= 'a' && (clean[0] | 0x20) <= 'z'))
        return;
    size_t k = 0;
    while (k < n && ((clean[k] >= 'a' && clean[k] <= 'z') || (clean[k] >= 'A' && clean[k] <= 'Z') ||
                     (clean[k] >= '0' && clean[k] <= '9') || clean[k] == '+' || clean[k] == '-' ||
                     clean[k] == '.'))
        k++;
    if (k == n || clean[k] != ':' || k + 1 > cap)
        return;
    for (size_t i = 0; i < k; i++)
        scheme[i] = (char)(clean[i] | 0x20);
    scheme[k] = '\0';
}

static bool scheme_allowed(const char *scheme)
{
    return !scheme[0] || !strcmp(scheme, "http") || !strcmp(scheme, "https") ||
           !strcmp(scheme, "mailto") || !strcmp(scheme, "tel");
}

static bool contains_ci(struct str s, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= s.n; i++) {
        size_t j = 0;
        while (j < k && (s.p[i + j] | 0x20) == (needle[j] | 0x20))
            j++;
        if (j == k)
            return true;
    }
    return false;
}

static bool contains_byte(struct str s, char c) { return s.n && memchr(s.p, c, s.n) != NULL; }

/* ---- the escaper of each context ------------------------------------------------------- */

static void test_text(void **state)
{
    (void)state;
    EXPECT(tpl_escape_text, "", "");
    EXPECT(tpl_escape_text, "plain text", "plain text");
    EXPECT(tpl_escape_text, "<b>&\"'</b>", "&lt;b&gt;&amp;&#34;&#39;&lt;/b&gt;");
    EXPECT(tpl_escape_text, "a`b=c{{d}}", "a`b=c{{d}}");
    EXPECT(tpl_escape_text, "Tiếng Việt", "Tiếng Việt");
    EXPECT(tpl_escape_text, "&amp;", "&amp;amp;");
    EXPECT(tpl_escape_text, "<<<", "&lt;&lt;&lt;");
    EXPECT(tpl_escape_text, "x<", "x&lt;");
    EXPECT(tpl_escape_text, "<x", "&lt;x");
    struct buf b = BUF_INIT;
    tpl_escape_text(&b, STR_NULL); /* a NULL string writes nothing */
    assert_int_equal(b.n, 0);
}

static void test_attr(void **state)
{
    (void)state;
    EXPECT(tpl_escape_attr, "", "");
    EXPECT(tpl_escape_attr, "a b=c", "a b=c");
    EXPECT(tpl_escape_attr, "\"><img src=x onerror=alert(1)>",
           "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;");
    EXPECT(tpl_escape_attr, "'`&", "&#39;&#96;&amp;");
    EXPECT(tpl_escape_attr, "Đắk Lắk", "Đắk Lắk");
}

static void test_url_is_safe(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        bool safe;
    } cases[] = {
        {"", true},
        {"/tin-tuc/bai-viet", true},
        {"tin-tuc?id=1", true},
        {"#noi-dung", true},
        {"?q=a:b", true},
        {"//cdn.example.vn/x.js", true},
        {"a/b:c", true},
        {"http://example.vn", true},
        {"https://example.vn/a:b", true},
        {"HTTPS://EXAMPLE.VN", true},
        {"mailto:a@b.vn", true},
        {"MailTo:a@b.vn", true},
        {"tel:+84241234", true},
        {"  https://example.vn  ", true},
        {"ht\ttps://example.vn", true}, /* a browser drops the tab: https */
        {"\x01mailto:a@b.vn", true},
        {"javascript:alert(1)", false},
        {"JaVaScRiPt:alert(1)", false},
        {" \t\n javascript:alert(1)", false},
        {"\x01javascript:alert(1)", false},
        {"java\tscript:alert(1)", false},
        {"java\nscript:alert(1)", false},
        {"javascript\t:alert(1)", false},
        {"j a v a s c r i p t:alert(1)", false},
        {"data:text/html,<script>alert(1)</script>", false},
        {"vbscript:msgbox(1)", false},
        {"file:///etc/passwd", false},
        {"ftp://example.vn", false},
        {"about:blank", false},
        {"blob:https://example.vn/x", false},
        {"httpx://example.vn", false},
        {"http\xC2\xA0://example.vn", false},
        {":", false},
        {"a:", false},
        {"abcdefghijklmnop:x", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (tpl_url_is_safe(str_cstr(cases[i].url)) != cases[i].safe) {
            print_error("tpl_url_is_safe(\"%s\") should be %s\n", cases[i].url,
                        cases[i].safe ? "true" : "false");
            fail();
        }
    }
    assert_false(tpl_url_is_safe(S("java\0script:alert(1)")));
    assert_true(tpl_url_is_safe(STR_NULL));
}

static void test_url(void **state)
{
    (void)state;
    EXPECT(tpl_escape_url, "javascript:alert(1)", TPL_URL_INVALID);
    EXPECT(tpl_escape_url, " JaVaScRiPt:alert(1)", TPL_URL_INVALID);
    EXPECT(tpl_escape_url, "data:text/html,x", TPL_URL_INVALID);
    EXPECT(tpl_escape_url, "https://example.vn/?a=1&b=\"2\"",
           "https://example.vn/?a=1&amp;b=&#34;2&#34;");
    EXPECT(tpl_escape_url, "/tìm-kiếm?q=<x>", "/tìm-kiếm?q=&lt;x&gt;");
    EXPECT(tpl_escape_url, "jav&#x09;ascript:alert(1)", "jav&amp;#x09;ascript:alert(1)");
    /* a plain path is copied by a shorter way: the bytes must be those
     * of the checks and the attribute's escaping */
    const char *paths[] = {"/tin-tuc/tin-hoat-dong/xa-ky-tan-320.html", "/media/400/anh-1.jpg", "/", "//evil.example/x",
                           "/a?b=c&d=e", "/x\"onmouseover=\"y", "/x'y", "/x y", "/x<y", "/x`y", "/a%2Fb:c;d,e+f@g!h$(i)*j",
                           "/tìm-kiếm", "/\x01", "/javascript:alert(1)",
                           "/tin-tuc/mot-hai-ba-bon-nam-sau-bay?x=1&y=2", "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"bb",
                           "/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa`", "/aaaaaaaaaaaaaaaaaaaa\x7f", "/aaaaaaaaaaaaaaaa\xc3\xa9" "a",
                           "/media/800/anh-cau-duong-giao-thong-nong-thon-xa-ky-tan-2026.jpg"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        struct buf got = BUF_INIT, want = BUF_INIT;
        tpl_escape_url(&got, str_cstr(paths[i]));
        if (tpl_url_is_safe(str_cstr(paths[i])))
            tpl_escape_attr(&want, str_cstr(paths[i]));
        else
            buf_puts(&want, TPL_URL_INVALID);
        if (got.n != want.n || memcmp(got.p, want.p, got.n) != 0)
            fail_msg("%s: %.*s, not %.*s", paths[i], (int)got.n, got.p, (int)want.n, want.p);
        buf_free(&got);
        buf_free(&want);
    }
}

static void test_url_part(void **state)
{
    (void)state;
    EXPECT(tpl_escape_url_part, "", "");
    EXPECT(tpl_escape_url_part, "AZaz09-._~/", "AZaz09-._~/");
    EXPECT(tpl_escape_url_part, "a b&c=d?e#f:g", "a%20b%26c%3Dd%3Fe%23f%3Ag");
    EXPECT(tpl_escape_url_part, "\"'<>`%+", "%22%27%3C%3E%60%25%2B");
    EXPECT(tpl_escape_url_part, "Việt", "Vi%E1%BB%87t");
    EXPECT(tpl_escape_url_part, "a\0b", "ab");
    EXPECT(tpl_escape_url_part, "\xFF", "%EF%BF%BD");
    EXPECT(tpl_escape_url_part, "javascript:alert(1)", "javascript%3Aalert%281%29");
}

static void test_json(void **state)
{
    (void)state;
    EXPECT(tpl_escape_json_string, "", "\"\"");
    EXPECT(tpl_escape_json_string, "plain", "\"plain\"");
    EXPECT(tpl_escape_json_string, "\"\\/", "\"\\\"\\\\/\"");
    EXPECT(tpl_escape_json_string, "</script><!--", "\"\\u003c/script\\u003e\\u003c!--\"");
    EXPECT(tpl_escape_json_string, "a&b", "\"a\\u0026b\"");
    EXPECT(tpl_escape_json_string, "\t\n\r\x01\x1f", "\"\\u0009\\u000a\\u000d\\u0001\\u001f\"");
    EXPECT(tpl_escape_json_string, "\xE2\x80\xA8|\xE2\x80\xA9", "\"\\u2028|\\u2029\"");
    EXPECT(tpl_escape_json_string, "'`", "\"'`\"");
    EXPECT(tpl_escape_json_string, "Huế", "\"Huế\"");
    EXPECT(tpl_escape_json_string, "a\0b", "\"ab\"");
    EXPECT(tpl_escape_json_string, "\xE2\x80", "\"\xEF\xBF\xBD\"");
}

/* Each invalid sequence becomes one U+FFFD (the maximal ill-formed prefix),
 * in every escaper. */
static void test_invalid_utf8(void **state)
{
    (void)state;
#define FFFD "\xEF\xBF\xBD"
    static const struct {
        struct str in;
        struct str out; /* after text escaping */
    } cases[] = {
        {S("\x80"), S(FFFD)},
        {S("\xBF\x80"), S(FFFD FFFD)},
        {S("\xC0\x80"), S(FFFD FFFD)},         /* overlong NUL */
        {S("\xC1\xBF"), S(FFFD FFFD)},         /* overlong */
        {S("\xC3\x28"), S(FFFD "(")},          /* missing continuation */
        {S("\xC3"), S(FFFD)},                  /* truncated at the end */
        {S("\xE0\x80\xAF"), S(FFFD FFFD FFFD)}, /* overlong 3-byte */
        {S("\xE2\x82"), S(FFFD)},              /* truncated 3-byte: one */
        {S("\xE2\x82x"), S(FFFD "x")},
        {S("\xED\xA0\x80"), S(FFFD FFFD FFFD)}, /* surrogate */
        {S("\xF0\x80\x80\x80"), S(FFFD FFFD FFFD FFFD)},
        {S("\xF0\x9F\x98"), S(FFFD)},          /* truncated 4-byte: one */
        {S("\xF4\x90\x80\x80"), S(FFFD FFFD FFFD FFFD)}, /* above U+10FFFF */
        {S("\xF5\x80"), S(FFFD FFFD)},
        {S("\xFE\xFF"), S(FFFD FFFD)},
        {S("a\xFF<"), S("a" FFFD "&lt;")},
        {S("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"),
         S("\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF")}, /* edges, valid */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_bytes(tpl_escape_text, cases[i].in, cases[i].out, __FILE__, (int)i);
        struct buf attr = BUF_INIT, json = BUF_INIT, part = BUF_INIT, want = BUF_INIT;
        tpl_escape_attr(&attr, cases[i].in);
        tpl_escape_json_string(&json, cases[i].in);
        tpl_escape_url_part(&part, cases[i].in);
        assert_true(ref_utf8_valid(buf_str(&attr)));
        assert_true(ref_utf8_valid(buf_str(&json)));
        struct buf decoded = BUF_INIT;
        assert_true(ref_percent_decode(&decoded, buf_str(&part)));
        ref_repair(&want, cases[i].in);
        assert_true(str_eq(buf_str(&decoded), buf_str(&want)));
        buf_free(&attr);
        buf_free(&json);
        buf_free(&part);
        buf_free(&want);
        buf_free(&decoded);
    }
#undef FFFD
}

static void test_nul_dropped(void **state)
{
    (void)state;
    EXPECT(tpl_escape_text, "a\0<\0b", "a&lt;b");
    EXPECT(tpl_escape_attr, "\0\0", "");
    EXPECT(tpl_escape_url, "/a\0b", "/ab");
    EXPECT(tpl_escape_json_string, "\0", "\"\"");
}

/* Appending keeps what the buffer held; long inputs cross the runs. */
static void test_appends_and_long_input(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    buf_puts(&b, "before|");
    tpl_escape_text(&b, S("<"));
    assert_true(str_eq(buf_str(&b), S("before|&lt;")));

    struct buf in = BUF_INIT, want = BUF_INIT;
    for (int i = 0; i < 5000; i++) {
        buf_puts(&in, "ạ<b>\xFF");
        buf_puts(&want, "ạ&lt;b&gt;\xEF\xBF\xBD");
    }
    buf_reset(&b);
    tpl_escape_text(&b, buf_str(&in));
    assert_true(str_eq(buf_str(&b), buf_str(&want)));
    buf_free(&b);
    buf_free(&in);
    buf_free(&want);
}

/* The escapers read 16 bytes at a time and write in windows: compared with
 * a plain reference, byte by byte, on text whose pieces fall across every
 * block and window boundary. */
static void reference_text(struct buf *b, const char *p, size_t n, bool attr)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        switch (c) {
        case 0: break;
        case '&': buf_puts(b, "&amp;"); break;
        case '<': buf_puts(b, "&lt;"); break;
        case '>': buf_puts(b, "&gt;"); break;
        case '"': buf_puts(b, "&#34;"); break;
        case '\'': buf_puts(b, "&#39;"); break;
        case 0xFF: buf_puts(b, "\xEF\xBF\xBD"); break;
        case '`':
            if (attr) {
                buf_puts(b, "&#96;");
                break;
            }
            /* fall through */
        default: buf_putc(b, (char)c);
        }
    }
}

/* The JSON string of well-formed UTF-8, quotes included, byte by byte. */
static void reference_json(struct buf *b, const char *p, size_t n)
{
    buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c == 0)
            continue;
        if (c == '"' || c == '\\') {
            buf_putc(b, '\\');
            buf_putc(b, (char)c);
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            char u[7];
            snprintf(u, sizeof u, "\\u%04x", c);
            buf_puts(b, u);
        } else if (c == 0xE2 && i + 2 < n && p[i + 1] == '\x80' && (p[i + 2] == '\xA8' || p[i + 2] == '\xA9')) {
            buf_puts(b, p[i + 2] == '\xA8' ? "\\u2028" : "\\u2029");
            i += 2;
        } else {
            buf_putc(b, (char)c);
        }
    }
    buf_putc(b, '"');
}

static void test_blocks_and_windows(void **state)
{
    (void)state;
    static const char *const pieces[] = {"Nông thôn mới ", "a", "xây dựng", "<b>", "&", "\"", "'", "`", "\xFF",
                                         "0123456789abcdefghij", " ", "đường", "Ạ", "\t", "x\x00y", "ữ"};
    uint32_t seed = 12345;
    struct buf in = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
    for (int round = 0; round < 40; round++) {
        buf_reset(&in);
        size_t target = 1 + (size_t)(round * 397) % 9000;
        while (in.n < target) {
            seed = seed * 1103515245u + 12345u;
            buf_puts(&in, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
        }
        for (int attr = 0; attr < 2; attr++) {
            buf_reset(&want);
            buf_reset(&got);
            buf_puts(&got, "x"); /* a buffer that does not start aligned */
            buf_puts(&want, "x");
            reference_text(&want, in.p, in.n, attr);
            (attr ? tpl_escape_attr : tpl_escape_text)(&got, buf_str(&in));
            if (!str_eq(buf_str(&got), buf_str(&want)))
                fail_msg("round %d (%zu bytes, attr %d) differs from the reference", round, in.n, attr);
        }
    }
    buf_free(&in);
    buf_free(&want);
    buf_free(&got);
}

/* Short strings of every kind of sequence, valid and not, so that each
 * lands on every position of a 16-byte block and of the string's tail:
 * the escapers check UTF-8 a block at a time and must agree with the
 * reference on every split. */
static void test_utf8_at_block_edges(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "a", "ab", "abcdefg", "<", "&", "\"", "`", "\x00", "\\", "\n", "\x1F", "\xE2\x80\xA8", "\xE2\x80\x94",
        "\xC3\xB4", "\xC4\x91", "\xE1\xBB\xAF", "\xE1\xBA\xA1", "\xEF\xBF\xBD",       /* ô đ ữ ạ U+FFFD */
        "\xE0\xA0\x80", "\xED\x9F\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",    /* narrow second bytes */
        "\xF0\x9F\x98\x80", "\xF3\xA0\x80\x81", "\xDF\xBF",                           /* emoji, plane 14 */
        "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", /* overlong, surrogate, too high */
        "\xF5\x80\x80\x80", "\xFF", "\x80", "\xBF", "\xE1\xBA", "\xF0\x9F\x98", "\xC3", /* stray and cut short */
        "\xC0", "\xC1", "\xF8",
    };
    uint32_t seed = 777;
    struct buf in = BUF_INIT, repaired = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
    for (int round = 0; round < 20000; round++) {
        buf_reset(&in);
        seed = seed * 1103515245u + 12345u;
        size_t target = (seed >> 16) % 70;
        while (in.n < target) {
            seed = seed * 1103515245u + 12345u;
            /* mostly well-formed text, so that the fast path is taken and its edges are met */
            size_t k = (seed >> 16) % 100 < 85 ? (seed >> 8) % 25 : (seed >> 8) % (sizeof pieces / sizeof pieces[0]);
            const char *piece = pieces[k];
            if (piece[0] == '\0')
                buf_putc(&in, '\0');
            else
                buf_puts(&in, piece);
        }
        for (int mode = 0; mode < 3; mode++) { /* text, attribute, JSON */
            buf_reset(&repaired);
            buf_reset(&want);
            buf_reset(&got);
            ref_repair(&repaired, buf_str(&in));
            if (mode == 2)
                reference_json(&want, repaired.p, repaired.n);
            else
                reference_text(&want, repaired.p, repaired.n, mode == 1);
            (mode == 2 ? tpl_escape_json_string : mode ? tpl_escape_attr : tpl_escape_text)(&got, buf_str(&in));
            if (!str_eq(buf_str(&got), buf_str(&want))) {
                char hex[3 * 80 + 1] = "";
                for (size_t i = 0; i < in.n && i < 80; i++)
                    snprintf(hex + 3 * i, 4, "%02X ", (unsigned char)in.p[i]);
                fail_msg("round %d, mode %d: %s", round, mode, hex);
            }
        }
    }
    buf_free(&repaired);
    buf_free(&in);
    buf_free(&want);
    buf_free(&got);
}

/* ---- the TPL_* macros and the output ---------------------------------------------------- */

static struct str rendered(struct tpl_out *out) { return buf_str(&out->buf); }

static void test_macros(void **state)
{
    (void)state;
    struct tpl_out out = TPL_OUT_INIT;
    const char *null_cstr = NULL;
    char mutable_cstr[] = "m<";
    const char *const const_ptr = "c<";

    TPL_TEXT(&out, (S("s<")));
    TPL_TEXT(&out, ("l<"));
    TPL_TEXT(&out, (mutable_cstr));
    TPL_TEXT(&out, (const_ptr));
    TPL_TEXT(&out, (null_cstr));
    TPL_TEXT(&out, (tpl_html_trusted("<i>", 3)));
    TPL_TEXT(&out, (-5));
    TPL_TEXT(&out, (5u));
    TPL_TEXT(&out, (LONG_MIN));
    TPL_TEXT(&out, (ULONG_MAX));
    TPL_TEXT(&out, (LLONG_MIN));
    TPL_TEXT(&out, (ULLONG_MAX));
    TPL_TEXT(&out, ((size_t)0));
    assert_true(str_eq(rendered(&out), S("s&lt;l&lt;m&lt;c&lt;<i>-55"
                                         "-9223372036854775808"
                                         "18446744073709551615"
                                         "-9223372036854775808"
                                         "18446744073709551615"
                                         "0")));

    tpl_out_reset(&out);
    TPL_RCDATA(&out, (tpl_html_trusted("<i>&amp;", 8)));
    TPL_ATTR(&out, ("\"`"));
    TPL_ATTR(&out, (INT_MIN));
    assert_true(str_eq(rendered(&out), S("&lt;i&gt;&amp;amp;&#34;&#96;-2147483648")));

    tpl_out_reset(&out);
    TPL_URL(&out, ("javascript:x"));
    TPL_URL(&out, (" "));
    TPL_URL(&out, (S("/a?b=1&c")));
    TPL_URL(&out, (null_cstr));
    TPL_URL(&out, (42));
    TPL_URL_PART(&out, ("a/b c"));
    TPL_URL_PART(&out, (-1));
    assert_true(str_eq(rendered(&out), S(TPL_URL_INVALID " /a?b=1&amp;c42a/b%20c-1")));

    tpl_out_reset(&out);
    TPL_JSON(&out, ("a"));
    TPL_JSON(&out, (null_cstr));
    TPL_JSON(&out, (STR_NULL));
    TPL_JSON(&out, (S("")));
    TPL_JSON(&out, ((bool)true)); /* a bool; the constant true is an int in C17 */
    TPL_JSON(&out, ((bool)0));
    TPL_JSON(&out, (-7L));
    assert_true(str_eq(rendered(&out), S("\"a\"nullnull\"\"truefalse-7")));
    tpl_out_free(&out);
}

static void test_live_marks(void **state)
{
    (void)state;
    struct tpl_out out = TPL_OUT_INIT;
    buf_puts(&out.buf, "<p>");
    tpl_live_mark(&out, "counter");
    buf_puts(&out.buf, "</p>");
    for (int i = 0; i < 6; i++)
        tpl_live_mark(&out, "more");
    assert_int_equal(out.n_live, TPL_LIVE_MAX);
    assert_int_equal(out.live_at[0], 3);
    assert_string_equal(out.live_name[0], "counter");
    assert_int_equal(out.live_at[3], 7);

    size_t cap = out.buf.cap;
    tpl_out_reset(&out);
    assert_int_equal(out.n_live, 0);
    assert_int_equal(out.buf.n, 0);
    assert_int_equal(out.buf.cap, cap); /* the memory is kept for the next render */
    tpl_out_free(&out);
    assert_null(out.buf.p);
}

static void test_html_trusted(void **state)
{
    (void)state;
    struct tpl_html h = tpl_html_trusted("<b>x</b>", 8);
    assert_int_equal(h.n, 8);
    struct tpl_out out = TPL_OUT_INIT;
    TPL_TEXT(&out, (h));
    TPL_TEXT(&out, (tpl_html_trusted(NULL, 0)));
    assert_true(str_eq(rendered(&out), S("<b>x</b>")));
    tpl_out_free(&out);
}

/* ---- the XSS corpus ----------------------------------------------------------------------- */

static const struct str corpus[] = {
    S("<script>alert(1)</script>"),
    S("\"><img src=x onerror=alert(1)>"),
    S("'><svg onload=alert(1)>"),
    S("\" onmouseover=\"alert(1)"),
    S("' onmouseover='alert(1)"),
    S("x onmouseover=alert(1)"),
    S("<img src=1 onerror=alert`1`>"),
    S("<a href=\"javascript:alert(1)\">x</a>"),
    S("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\">"),
    S("javascript:alert(1)"),
    S(" JaVaScRiPt:alert(1)"),
    S("jav&#x09;ascript:alert(1)"),
    S("java\tscript:alert(1)"),
    S("java\nscript:alert(1)"),
    S("java\rscript:alert(1)"),
    S("java\0script:alert(1)"),
    S("javascript\t:alert(1)"),
    S("\x01\x02javascript:alert(1)"),
    S("  \t\f javascript:alert(1)  "),
    S("javascript&colon;alert(1)"),
    S("javascript&#58;alert(1)"),
    S("&#106;avascript:alert(1)"),
    S("j\xC2\xA0" "avascript:alert(1)"),
    S("\xEF\xBC\xAA" "avascript:alert(1)"),
    S("data:text/html,<script>alert(1)</script>"),
    S("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    S("DATA:image/svg+xml,<svg onload=alert(1)>"),
    S("vbscript:msgbox(1)"),
    S("VBScript:msgbox(1)"),
    S("livescript:alert(1)"),
    S("</script><script>alert(1)</script>"),
    S("</SCRIPT ><script>alert(1)</script>"),
    S("</title><script>alert(1)</script>"),
    S("</textarea><script>alert(1)</script>"),
    S("</style><script>alert(1)</script>"),
    S("'-alert(1)-'"),
    S("\"-alert(1)-\""),
    S("\\\"-alert(1)//"),
    S("\\u003cscript\\u003e"),
    S("\xE2\x80\xA8" "alert(1)\xE2\x80\xA9"),
    S("<!--<script>"),
    S("<!-- -->"),
    S("-->"),
    S("]]><script>alert(1)</script>"),
    S("<![CDATA[<script>]]>"),
    S("`${alert(1)}`"),
    S("{{constructor.constructor('alert(1)')()}}"),
    S("{{7*7}}"),
    S("a\0b\0<\0script>"),
    S("\0"),
    S("\xC0\xBCscript\xC0\xBE"),
    S("\xE0\x80\xBCscript\xE0\x80\xBE"),
    S("\xED\xA0\x80\xED\xB0\x80"),
    S("\xF4\x90\x80\x80"),
    S("\xFF\xFE<\xFE\xFF"),
    S("\xC3"),
    S("\xE2\x82"),
    S("&lt;script&gt;"),
    S("&#x3C;script&#x3E;"),
    S("&amp;lt;"),
    S("<style>*{x:expression(alert(1))}</style>"),
    S("url(javascript:alert(1))"),
    S("//evil.example/x"),
    S("/\\evil.example"),
    S("https://example.vn/?q=<script>alert(1)</script>"),
    S("https://example.vn/\"onmouseover=\"alert(1)"),
    S("mailto:a@b.vn?subject=\"x\"&body=<b>"),
    S("tel:+84 24 <1>"),
    S("?q=\"'<>`"),
    S("#\"><img src=x>"),
    S("%3Cscript%3E"),
    S("\x1b[31m\x7f\x08"),
    S(""),
    S("Tiếng Việt <b>đậm</b> & \"ngoặc\""),
    S("\xF0\x9F\x98\x80<\xF0\x9F\x98\x80"),
};

/* Schemes that would run or load something if they reached an href. */
static bool input_scheme_dangerous(struct str s)
{
    /* what the browser would see if the value were written unchanged,
     * with the NULs the escapers drop removed */
    char copy[4096], scheme[32];
    size_t n = 0;
    for (size_t i = 0; i < s.n && n < sizeof copy; i++)
        if (s.p[i] != '\0')
            copy[n++] = s.p[i];
    browser_scheme(str_make(copy, n), scheme, sizeof scheme);
    return !scheme_allowed(scheme);
}

static void check_decodes_to_repaired(struct str in, struct str decoded, const char *what)
{
    struct buf want = BUF_INIT;
    ref_repair(&want, in);
    if (!str_eq(decoded, buf_str(&want))) {
        print_error("%s: \"%.*s\" reads back as \"%.*s\"\n", what, (int)in.n, in.p,
                    (int)decoded.n, decoded.p);
        buf_free(&want);
        fail();
    }
    buf_free(&want);
}

static void test_corpus_text(void **state)
{
    (void)state;
    assert_true(sizeof corpus / sizeof corpus[0] >= 40);
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct buf out = BUF_INIT, decoded = BUF_INIT;
        tpl_escape_text(&out, corpus[i]);
        struct str s = buf_str(&out);
        assert_true(ref_utf8_valid(s));
        assert_false(contains_byte(s, '<'));
        assert_false(contains_byte(s, '>'));
        assert_false(contains_byte(s, '"'));
        assert_false(contains_byte(s, '\''));
        assert_false(contains_byte(s, '\0'));
        assert_true(ref_entity_decode(&decoded, s));
        check_decodes_to_repaired(corpus[i], buf_str(&decoded), "text");
        buf_free(&out);
        buf_free(&decoded);
    }
}

static void test_corpus_attr(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct buf out = BUF_INIT, decoded = BUF_INIT;
        tpl_escape_attr(&out, corpus[i]);
        struct str s = buf_str(&out);
        assert_true(ref_utf8_valid(s));
        assert_false(contains_byte(s, '<'));
        assert_false(contains_byte(s, '>'));
        assert_false(contains_byte(s, '"'));
        assert_false(contains_byte(s, '\''));
        assert_false(contains_byte(s, '`'));
        assert_false(contains_byte(s, '\0'));
        assert_true(ref_entity_decode(&decoded, s));
        check_decodes_to_repaired(corpus[i], buf_str(&decoded), "attr");
        buf_free(&out);
        buf_free(&decoded);
    }
}

static void test_corpus_url(void **state)
{
    (void)state;
    int replaced = 0;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct buf out = BUF_INIT, decoded = BUF_INIT;
        tpl_escape_url(&out, corpus[i]);
        struct str s = buf_str(&out);
        assert_true(ref_utf8_valid(s));
        assert_false(contains_byte(s, '<'));
        assert_false(contains_byte(s, '"'));
        assert_false(contains_byte(s, '\''));
        assert_false(contains_byte(s, '`'));
        assert_true(ref_entity_decode(&decoded, s));
        char scheme[32];
        browser_scheme(buf_str(&decoded), scheme, sizeof scheme);
        if (str_eq_lit(s, TPL_URL_INVALID)) {
            replaced++;
        } else {
            if (!scheme_allowed(scheme)) {
                print_error("url: \"%.*s\" came out with the scheme %s\n", (int)corpus[i].n,
                            corpus[i].p, scheme);
                fail();
            }
            check_decodes_to_repaired(corpus[i], buf_str(&decoded), "url");
        }
        if (input_scheme_dangerous(corpus[i]) && !str_eq_lit(s, TPL_URL_INVALID)) {
            print_error("url: \"%.*s\" was not replaced\n", (int)corpus[i].n, corpus[i].p);
            fail();
        }
        buf_free(&out);
        buf_free(&decoded);
    }
    assert_true(replaced >= 15);
}

static void test_corpus_url_part(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct buf out = BUF_INIT, decoded = BUF_INIT;
        tpl_escape_url_part(&out, corpus[i]);
        struct str s = buf_str(&out);
        for (size_t k = 0; k < s.n; k++) {
            char c = s.p[k];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      strchr("-._~/%", c);
            if (!ok) {
                print_error("url part: byte 0x%02X left unencoded\n", (unsigned char)c);
                fail();
            }
        }
        char scheme[32];
        browser_scheme(s, scheme, sizeof scheme);
        assert_string_equal(scheme, ""); /* no ':' survives */
        assert_true(ref_percent_decode(&decoded, s));
        check_decodes_to_repaired(corpus[i], buf_str(&decoded), "url part");
        buf_free(&out);
        buf_free(&decoded);
    }
}

static void test_corpus_json(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof corpus / sizeof corpus[0]; i++) {
        struct buf out = BUF_INIT, decoded = BUF_INIT;
        tpl_escape_json_string(&out, corpus[i]);
        struct str s = buf_str(&out);
        assert_true(ref_utf8_valid(s));
        assert_false(contains_ci(s, "</script"));
        assert_false(contains_ci(s, "<!--"));
        assert_false(contains_byte(s, '<'));
        assert_false(contains_byte(s, '>'));
        assert_false(contains_byte(s, '&'));
        assert_false(contains_ci(s, "\xE2\x80\xA8"));
        assert_false(contains_ci(s, "\xE2\x80\xA9"));
        for (size_t k = 0; k < s.n; k++)
            assert_true((unsigned char)s.p[k] >= 0x20);
        assert_true(ref_json_decode(&decoded, s));
        check_decodes_to_repaired(corpus[i], buf_str(&decoded), "json");
        buf_free(&out);
        buf_free(&decoded);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_attr),
        cmocka_unit_test(test_url_is_safe),
        cmocka_unit_test(test_url),
        cmocka_unit_test(test_url_part),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_nul_dropped),
        cmocka_unit_test(test_appends_and_long_input),
        cmocka_unit_test(test_blocks_and_windows),
        cmocka_unit_test(test_utf8_at_block_edges),
        cmocka_unit_test(test_macros),
        cmocka_unit_test(test_live_marks),
        cmocka_unit_test(test_html_trusted),
        cmocka_unit_test(test_corpus_text),
        cmocka_unit_test(test_corpus_attr),
        cmocka_unit_test(test_corpus_url),
        cmocka_unit_test(test_corpus_url_part),
        cmocka_unit_test(test_corpus_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
