/*
 * fuzz_parse.c - libFuzzer target for the request parsers (src/http/parse.c
 * and head.c): the raw request head, the path, the query string, cookies,
 * Accept-Encoding and If-None-Match. Whatever the bytes, a parser returns 0
 * or a status, and what it accepts is valid UTF-8 without control
 * characters; an accepted head has CRLF line ends, no folded line, at most
 * one Content-Length and no Transfer-Encoding.
 *
 *   make fuzz    (builds build/fuzz/fuzz_parse with clang's libFuzzer)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "http/head.h"
#include "http/parse.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

static bool clean(struct str s)
{
    for (size_t i = 0; i < s.n; i++)
        if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
            return false;
    return utf8_valid(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a, 4096);
    struct str in = {(const char *)data, size};

    struct str path;
    int rc = http_parse_path(&a, in, &path);
    require(rc == 0 || rc == 400 || rc == 414);
    if (rc == 0) {
        require(path.n > 0 && path.p[0] == '/' && clean(path));
        require(!memchr(path.p, '\\', path.n));
    }

    struct web_param params[WEB_MAX_PARAMS];
    size_t n = 0;
    rc = http_parse_query(&a, in, params, WEB_MAX_PARAMS, &n);
    require(rc == 0 || rc == 400 || rc == 414);
    if (rc == 0) {
        require(n <= WEB_MAX_PARAMS);
        for (size_t i = 0; i < n; i++)
            require(clean(params[i].name) && clean(params[i].value) && params[i].name.n > 0);
    }

    struct str cookie = http_cookie_value(in, "dinh_pref");
    require(!cookie.p || (cookie.p >= in.p && cookie.p + cookie.n <= in.p + in.n));

    struct head_info h;
    rc = head_check(in.p, in.n, &h);
    require(rc == 0 || rc == 200 || rc == 400 || rc == 411 || rc == 413 || rc == 414 || rc == 417 || rc == 431 ||
            rc == 501);
    if (rc == 200) {
        require(h.length <= size && h.length <= HEAD_MAX_BYTES);
        for (size_t i = 0; i < h.length; i++)
            require(data[i] != '\n' || (i > 0 && data[i - 1] == '\r'));
        require(h.target.n > 0 && h.target.p[0] == '/');
        require(!memmem(data, h.length, "\r\n ", 3) && !memmem(data, h.length, "\r\n\t", 3));
    }
    /* reads only the bytes given (ASan); a target under /api/ says yes */
    bool json = head_wants_json(in.p, in.n);
    if (size >= 7 && memcmp(data, "G /api/", 7) == 0)
        require(json);
    (void)http_accepts_gzip(in);
    (void)http_etag_matches(in, STR("\"1-2\""));
    if (http_is_local_path(in))
        require(size > 0 && data[0] == '/' && (size == 1 || (data[1] != '/' && data[1] != '\\')));
    arena_free(&a);
    return 0;
}
