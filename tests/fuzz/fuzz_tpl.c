/*
 * fuzz_tpl.c - libFuzzer target for the template escapers (src/view/tpl.c).
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -o fuzz_tpl \
 *       tests/fuzz/fuzz_tpl.c src/view/tpl.c src/core/buf.c
 *
 * Every input goes through every escaper, appended after a prefix that the
 * escaper must leave alone, and the output is checked for what must never
 * happen whatever the input: invalid UTF-8, a byte that ends the context
 * (a quote in an attribute, '<' in text or JSON, a raw U+2028 in JSON), a
 * URL with a scheme outside the allow-list. A broken property aborts, which
 * libFuzzer reports with the input.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "view/tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char prefix[] = "prefix|";

static void require(bool ok)
{
    if (!ok)
        abort();
}

/* Well-formed UTF-8, checked by code point value. */
static bool valid_utf8(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = p[i];
        size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                 : c >= 0xF0 && c <= 0xF4  ? 4 : 0;
        if (len == 0 || i + len > n)
            return false;
        uint32_t cp = len == 1 ? c : (uint32_t)(c & (0x7F >> len));
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (p[i + k] & 0x3F);
        }
        static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += len;
    }
    return true;
}

static bool has_any(const char *p, size_t n, const char *bytes)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\0' || strchr(bytes, p[i]))
            return true;
    return false;
}

/* The scheme a browser would find, lower-cased into `out` ("" for none,
 * "?" for one too long to be on the allow-list). */
static void browser_scheme(const char *p, size_t n, char *out, size_t cap)
{
    size_t i = 0, k = 0;
    while (i < n && (unsigned char)p[i] <= 0x20)
        i++;
    out[0] = '\0';
    for (; i < n; i++) {
        char c = p[i];
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
        bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (c == ':' && k > 0) {
            if (k >= cap)
                strcpy(out, "?");
            else
                out[k] = '\0';
            return;
        }
        if (!alpha && !(other && k > 0))
            break;
        if (k + 1 < cap)
            out[k] = (char)(c | 0x20);
        k++;
    }
    out[0] = '\0';
}

typedef void escaper_fn(struct buf *b, struct str s);

/* Runs `fn` after the prefix; returns a view of what it wrote. */
static struct str run(struct buf *b, escaper_fn *fn, struct str in)
{
    buf_reset(b);
    buf_append(b, prefix, sizeof prefix - 1);
    fn(b, in);
    require(b->n >= sizeof prefix - 1 && memcmp(b->p, prefix, sizeof prefix - 1) == 0);
    return str_make(b->p + sizeof prefix - 1, b->n - (sizeof prefix - 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str in = str_make((const char *)data, size);
    struct buf b = BUF_INIT;
    struct str out;

    out = run(&b, tpl_escape_text, in);
    require(valid_utf8((const unsigned char *)out.p, out.n));
    require(!has_any(out.p, out.n, "<>\"'"));

    out = run(&b, tpl_escape_attr, in);
    require(valid_utf8((const unsigned char *)out.p, out.n));
    require(!has_any(out.p, out.n, "<>\"'`"));

    out = run(&b, tpl_escape_url, in);
    require(valid_utf8((const unsigned char *)out.p, out.n));
    require(!has_any(out.p, out.n, "<>\"'`"));
    bool invalid = str_eq_lit(out, TPL_URL_INVALID);
    require(invalid == !tpl_url_is_safe(in));
    if (!invalid) {
        char scheme[16];
        browser_scheme(out.p, out.n, scheme, sizeof scheme);
        require(!scheme[0] || !strcmp(scheme, "http") || !strcmp(scheme, "https") ||
                !strcmp(scheme, "mailto") || !strcmp(scheme, "tel"));
    }

    out = run(&b, tpl_escape_url_part, in);
    for (size_t i = 0; i < out.n; i++) {
        char c = out.p[i];
        require((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (c != '\0' && strchr("-._~/%", c)));
    }

    out = run(&b, tpl_escape_json_string, in);
    require(valid_utf8((const unsigned char *)out.p, out.n));
    require(out.n >= 2 && out.p[0] == '"' && out.p[out.n - 1] == '"');
    require(!has_any(out.p, out.n, "<>&"));
    for (size_t i = 0; i < out.n; i++) {
        unsigned char c = (unsigned char)out.p[i];
        require(c >= 0x20);
        if (c == 0xE2 && i + 2 < out.n && (unsigned char)out.p[i + 1] == 0x80)
            require((unsigned char)out.p[i + 2] != 0xA8 && (unsigned char)out.p[i + 2] != 0xA9);
        /* an unescaped quote may only close the string */
        if (c == '"' && i > 0 && i + 1 < out.n) {
            size_t slashes = 0;
            while (slashes < i - 1 && out.p[i - 1 - slashes] == '\\')
                slashes++;
            require(slashes % 2 == 1);
        }
    }

    buf_free(&b);
    return 0;
}
