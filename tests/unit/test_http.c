/*
 * test_http.c - the request parsers, the router and the page cache's
 * keys, invalidation and gzip splicing, without a server.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "http/cache.h"
#include "http/fragment.h"
#include "http/head.h"
#include "http/parse.h"
#include "http/router.h"
#include "portal/app.h"

static struct arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 4096);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

static int path_status(const char *raw, struct str *out)
{
    struct str p;
    int rc = http_parse_path(&arena, str_cstr(raw), &p);
    if (out)
        *out = p;
    return rc;
}

/* The three forms of an HTTP-date (RFC 9110 §5.6.7) are one time. */
static void test_http_dates(void **state)
{
    (void)state;
    const int64_t now = 1796601600; /* 2026-12-07 */
    const int64_t want = 784111777;  /* 1994-11-06 08:49:37 UTC */
    int64_t t = 0;
    assert_true(http_date_parse(STR("Sun, 06 Nov 1994 08:49:37 GMT"), now, &t));
    assert_int_equal(t, want);
    t = 0;
    assert_true(http_date_parse(STR("Sunday, 06-Nov-94 08:49:37 GMT"), now, &t));
    assert_int_equal(t, want);
    t = 0;
    assert_true(http_date_parse(STR("Sun Nov  6 08:49:37 1994"), now, &t));
    assert_int_equal(t, want);
    assert_true(http_date_parse(STR("Wed Dec 16 23:59:60 2026"), now, &t)); /* a leap second */
    /* two digits: the year nearest now, never more than 50 years ahead */
    assert_true(http_date_parse(STR("Monday, 07-Dec-26 00:00:00 GMT"), now, &t));
    assert_int_equal(t, now);
    assert_true(http_date_parse(STR("Wednesday, 01-Jan-70 00:00:00 GMT"), now, &t));
    assert_int_equal(t, 3155760000); /* 2070: 43 years ahead */
    assert_true(http_date_parse(STR("Saturday, 01-Jan-77 00:00:00 GMT"), now, &t));
    assert_int_equal(t, 220924800); /* 1977: 2077 would be more than 50 years ahead */
    static const char *const bad[] = {
        "", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT ",
        "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Someday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov 06 08:49:37 94", "Sun Nov  6 08:49:37 1994 ", "Sun Nov  x 08:49:37 1994", "1994-11-06T08:49:37Z",
        "Sun, 29 Feb 2026 00:00:00 GMT",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (http_date_parse(str_cstr(bad[i]), now, &t))
            fail_msg("\"%s\" was taken for a date", bad[i]);
}

static void test_paths(void **state)
{
    (void)state;
    struct str p;
    assert_int_equal(path_status("/tin-tuc/tin-hoat-dong/", &p), 0);
    assert_true(str_eq_lit(p, "/tin-tuc/tin-hoat-dong/"));
    assert_int_equal(path_status("/t%C3%ACm", &p), 0);
    assert_true(str_eq_lit(p, "/tìm"));
    const char *bad[] = {"", "tin-tuc", "/%00", "/a%00.css", "/a%2fb", "/a%2Fb", "/a%5cb", "/a\\b", "/../etc",
                         "/a/../b", "/a/./b", "/%2e%2e/x", "/%2E%2E/x", "/.", "/%C3%28", "/%ff", "/%E0%80%80",
                         "/%ED%A0%80", "/%F4%90%80%80", "/%1b", "/%7f", "/%C2%85", "/%zz", "/%4", "/%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (path_status(bad[i], NULL) != 400)
            fail_msg("path %s was accepted", bad[i]);
    }
    char longp[HTTP_MAX_PATH + 10];
    memset(longp, 'a', sizeof longp - 1);
    longp[0] = '/';
    longp[sizeof longp - 1] = '\0';
    assert_int_equal(path_status(longp, NULL), 414);
    /* dots inside a name are fine */
    assert_int_equal(path_status("/static/css/site.1a2b3c4d.css", NULL), 0);
    assert_int_equal(path_status("/a/..b/c.", NULL), 0);
    assert_int_equal(path_status("/.well-known/x", NULL), 0);
    assert_int_equal(path_status("/a/.../b", NULL), 0);
    /* dot segments at the end, or after a plain prefix, are refused on the fast path too */
    const char *dots[] = {"/..", "/a/..", "/a/.", "/a/./", "/a/../", "/./", "/a//../b", "/a/b/..", "/a\\b/c"};
    for (size_t i = 0; i < sizeof dots / sizeof dots[0]; i++) {
        if (path_status(dots[i], NULL) != 400)
            fail_msg("path %s was accepted", dots[i]);
    }
}

static void test_formatters(void **state)
{
    (void)state;
    char out[17];
    const unsigned char addrs[][4] = {{0, 0, 0, 0}, {127, 0, 0, 1}, {9, 10, 99, 100}, {255, 255, 255, 255},
                                      {203, 0, 113, 7}, {1, 20, 250, 199}};
    const char *want[] = {"0.0.0.0", "127.0.0.1", "9.10.99.100", "255.255.255.255", "203.0.113.7", "1.20.250.199"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        http_format_ipv4(out, addrs[i]);
        assert_string_equal(out, want[i]);
    }
    const unsigned long long vals[] = {0, 9, 10, 255, 0x1a2b, 0xffffffffffffffffull};
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        char ref[32];
        snprintf(ref, sizeof ref, "%llx", vals[i]);
        assert_int_equal(http_format_hex(out, vals[i]), strlen(ref));
        assert_string_equal(out, ref);
    }
}

static void test_query(void **state)
{
    (void)state;
    struct web_param params[WEB_MAX_PARAMS];
    size_t n;
    assert_int_equal(http_parse_query(&arena, STR("q=n%C3%B4ng+th%C3%B4n&trang=2&&utm_source=x"), params,
                                      WEB_MAX_PARAMS, &n),
                     0);
    assert_int_equal(n, 3);
    assert_true(str_eq_lit(params[0].name, "q") && str_eq_lit(params[0].value, "nông thôn"));
    assert_true(str_eq_lit(params[1].value, "2"));
    /* NFD in, NFC out: "ô" typed as o + combining circumflex */
    assert_int_equal(http_parse_query(&arena, STR("q=no%CC%82ng"), params, WEB_MAX_PARAMS, &n), 0);
    assert_true(str_eq_lit(params[0].value, "nông"));
    /* a name without a value, an empty name */
    assert_int_equal(http_parse_query(&arena, STR("in&=x"), params, WEB_MAX_PARAMS, &n), 0);
    assert_int_equal(n, 1);
    assert_true(str_eq_lit(params[0].name, "in") && params[0].value.n == 0);
    const char *bad[] = {"q=%00", "q=%C3%28", "q=%zz", "q=%", "%ff=1", "q=%0a"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (http_parse_query(&arena, str_cstr(bad[i]), params, WEB_MAX_PARAMS, &n) != 400)
            fail_msg("query %s was accepted", bad[i]);
    char many[400] = "";
    for (int i = 0; i < 40; i++)
        strcat(many, "a=1&");
    assert_int_equal(http_parse_query(&arena, str_cstr(many), params, WEB_MAX_PARAMS, &n), 400);
    char longv[HTTP_MAX_PARAM_VALUE + 10] = "q=";
    memset(longv + 2, 'x', sizeof longv - 3);
    longv[sizeof longv - 1] = '\0';
    assert_int_equal(http_parse_query(&arena, str_cstr(longv), params, WEB_MAX_PARAMS, &n), 400);
    /* A route that takes longer values (search) gets the whole value. */
    assert_int_equal(http_parse_query_limit(&arena, str_cstr(longv), params, WEB_MAX_PARAMS, HTTP_MAX_QUERY, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(params[0].value.n, sizeof longv - 3);
    assert_int_equal(http_parse_query_limit(&arena, str_cstr(longv), params, WEB_MAX_PARAMS, 100, &n), 400);
}

static void test_headers(void **state)
{
    (void)state;
    assert_true(http_accepts_gzip(STR("gzip, deflate, br")));
    assert_true(http_accepts_gzip(STR("br;q=1.0, gzip;q=0.8")));
    assert_true(http_accepts_gzip(STR("GZIP")));
    assert_false(http_accepts_gzip(STR("gzip;q=0")));
    assert_false(http_accepts_gzip(STR("gzip;q=0.0, identity")));
    /* a weight that is no qvalue refuses: identity is always understood */
    assert_false(http_accepts_gzip(STR("gzip;q=-1")));
    assert_false(http_accepts_gzip(STR("gzip;q=2")));
    assert_false(http_accepts_gzip(STR("gzip;q=1.5")));
    assert_false(http_accepts_gzip(STR("gzip;q=0.0001")));
    assert_false(http_accepts_gzip(STR("gzip;q=")));
    assert_true(http_accepts_gzip(STR("gzip;q=0.001")));
    assert_true(http_accepts_gzip(STR("gzip;q=1.000")));
    assert_true(http_accepts_gzip(STR("gzip; q=1 ,br")));
    assert_true(http_accepts_gzip(STR("gzip;Q=0.5;level=1")));
    assert_false(http_accepts_gzip(STR("identity")));
    assert_int_equal(http_range_check(STR("bytes=0-0"), 1), HTTP_RANGE_SERVE);
    assert_int_equal(http_range_check(STR("bytes=1-"), 1), HTTP_RANGE_UNSATISFIABLE);
    assert_int_equal(http_range_check(STR("bytes=-1"), 0), HTTP_RANGE_UNSATISFIABLE);
    assert_int_equal(http_range_check(STR("bytes=-"), 10), HTTP_RANGE_IGNORE);
    assert_int_equal(http_range_check(STR("bytes="), 10), HTTP_RANGE_IGNORE);
    assert_int_equal(http_range_check(STR("bytes=1-2-3"), 10), HTTP_RANGE_IGNORE);
    assert_int_equal(http_range_check(STR("bytes=999999999999999999-"), 10), HTTP_RANGE_UNSATISFIABLE);
    assert_false(http_accepts_gzip(STR("")));
    assert_false(http_accepts_gzip(STR("x-gzip-not")));
    assert_true(http_etag_matches(STR("\"a\", \"b-1\""), STR("\"b-1\"")));
    assert_true(http_etag_matches(STR("W/\"b-1\""), STR("\"b-1\"")));
    assert_true(http_etag_matches(STR("*"), STR("\"x\"")));
    assert_false(http_etag_matches(STR("\"b-12\""), STR("\"b-1\"")));
    assert_false(http_etag_matches(STR(""), STR("\"b-1\"")));
    assert_true(http_is_local_path(STR("/tin-tuc/?trang=2")));
    assert_false(http_is_local_path(STR("//evil.example/")));
    assert_false(http_is_local_path(STR("/\\evil.example")));
    assert_false(http_is_local_path(STR("https://evil.example/")));
    assert_false(http_is_local_path(STR("")));
    /* cookies: the named one, whole names only */
    assert_true(str_eq_lit(http_cookie_value(STR("a=b; dinh_pref=1h; c=d"), "dinh_pref"), "1h"));
    assert_null(http_cookie_value(STR("xdinh_pref=2"), "dinh_pref").p);
    assert_true(str_eq_lit(http_cookie_value(STR("dinh_pref=-1"), "dinh_pref"), "-1"));
    assert_true(str_eq_lit(http_cookie_value(STR("a=1;dinh_pref="), "dinh_pref"), ""));
    assert_null(http_cookie_value(STR(""), "dinh_pref").p);
    /* the portal's display choices read from that value */
    struct view_prefs p;
    portal_parse_prefs(STR("1h"), &p);
    assert_int_equal(p.text_size, 1);
    assert_true(p.contrast);
    portal_parse_prefs(STR("-1"), &p);
    assert_int_equal(p.text_size, -1);
    assert_false(p.contrast);
    portal_parse_prefs(STR("9zz"), &p);
    assert_int_equal(p.text_size, 0);
    p.text_size = 2;
    p.contrast = true;
    assert_true(str_eq_lit(portal_format_prefs(&arena, &p), "2h"));
}

static int dummy_handler(struct web_req *r)
{
    (void)r;
    return 0;
}

static void test_router(void **state)
{
    (void)state;
    router_reset();
    router_add((struct route){.pattern = "/", .get = dummy_handler});
    router_add((struct route){.pattern = "/tin-tuc/*/", .get = dummy_handler, .flags = 1});
    router_add((struct route){.pattern = "/tin-tuc/*/*", .get = dummy_handler, .flags = 2});
    router_add((struct route){.pattern = "/__test/cache", .get = dummy_handler, .flags = ROUTE_TEST});
    struct str caps[WEB_MAX_CAPTURES];
    size_t n;
    const struct route *r = router_match(STR("/tin-tuc/abc/"), caps, &n, false);
    assert_non_null(r);
    assert_int_equal(r->flags, 1);
    assert_int_equal(n, 1);
    assert_true(str_eq_lit(caps[0], "abc"));
    r = router_match(STR("/tin-tuc/abc/x-1.html"), caps, &n, false);
    assert_non_null(r);
    assert_true(str_eq_lit(caps[1], "x-1.html"));
    assert_null(router_match(STR("/tin-tuc//"), caps, &n, false));
    assert_null(router_match(STR("/tin-tuc/a/b/c"), caps, &n, false));
    assert_null(router_match(STR("/__test/cache"), caps, &n, false));
    assert_non_null(router_match(STR("/__test/cache"), caps, &n, true));
    assert_non_null(router_match(STR("/"), caps, &n, false));
    router_add((struct route){.pattern = "/rss/*.xml", .get = dummy_handler, .flags = 8});
    router_add((struct route){.pattern = "/sitemap-tin-tuc-*.xml", .get = dummy_handler, .flags = 9});
    r = router_match(STR("/rss/tin-hoat-dong.xml"), caps, &n, false);
    assert_non_null(r);
    assert_int_equal(r->flags, 8);
    assert_true(str_eq_lit(caps[0], "tin-hoat-dong") && n == 1);
    assert_null(router_match(STR("/rss/.xml"), caps, &n, false));
    assert_null(router_match(STR("/rss/a/b.xml"), caps, &n, false));
    r = router_match(STR("/sitemap-tin-tuc-12.xml"), caps, &n, false);
    assert_non_null(r);
    assert_true(str_eq_lit(caps[0], "12"));
    r = router_match(STR("/rss/a.xml.xml"), caps, &n, false); /* the shortest run that lets the rest match */
    assert_non_null(r);
    assert_true(str_eq_lit(caps[0], "a.xml"));
    assert_null(router_match(STR("/x"), caps, &n, false));
    /* two stars in one segment: the first takes the shortest run */
    router_add((struct route){.pattern = "/bai/*-*.html", .get = dummy_handler, .flags = 10});
    r = router_match(STR("/bai/xa-ky-tan-320.html"), caps, &n, false);
    assert_non_null(r);
    assert_true(r->flags == 10 && n == 2 && str_eq_lit(caps[0], "xa") && str_eq_lit(caps[1], "ky-tan-320"));
    assert_null(router_match(STR("/bai/xa.html"), caps, &n, false));
    assert_null(router_match(STR("/bai/-1.html"), caps, &n, false));
    assert_null(router_match(STR("/bai/a-.html"), caps, &n, false));
    assert_null(router_match(STR("/bai/a-b.html/"), caps, &n, false));
    router_add((struct route){.pattern = "/kep/**", .get = dummy_handler, .flags = 11});
    r = router_match(STR("/kep/abc"), caps, &n, false);
    assert_true(r && r->flags == 11 && str_eq_lit(caps[0], "a") && str_eq_lit(caps[1], "bc"));
    assert_null(router_match(STR("/kep/a"), caps, &n, false));
    char err[256];
    assert_int_equal(router_status(err, sizeof err), 0);
    router_reset();
}

/* The table of routes grows: the 65th route and the 500th match like the
 * first, and a route that could never work stops the start. */
static void test_router_has_no_fixed_size(void **state)
{
    (void)state;
    router_reset();
    static char patterns[500][32];
    for (int i = 0; i < 500; i++) {
        snprintf(patterns[i], sizeof patterns[i], "/trang-%d/*", i);
        router_add((struct route){.pattern = patterns[i], .get = dummy_handler});
    }
    struct str caps[WEB_MAX_CAPTURES];
    size_t n;
    for (int i = 0; i < 500; i += 37) {
        char path[64];
        snprintf(path, sizeof path, "/trang-%d/x", i);
        const struct route *r = router_match(str_cstr(path), caps, &n, false);
        assert_non_null(r);
        assert_ptr_equal(r->pattern, patterns[i]);
    }
    assert_non_null(router_match(STR("/trang-64/abc"), caps, &n, false));
    assert_non_null(router_match(STR("/trang-499/abc"), caps, &n, false));
    char err[256];
    assert_int_equal(router_status(err, sizeof err), 0);
    router_add((struct route){.pattern = "/a/*/*/*/*/*", .get = dummy_handler}); /* five captures */
    assert_int_equal(router_status(err, sizeof err), -1);
    assert_non_null(strstr(err, "/a/*/*/*/*/*"));
    router_reset();
    router_add((struct route){.pattern = "/khong-co-xu-ly"});
    assert_int_equal(router_status(err, sizeof err), -1);
    router_reset();
    assert_int_equal(router_status(err, sizeof err), 0);
}

/* A handler per method; HEAD is GET's; Allow names what the route takes. */
static void test_router_methods(void **state)
{
    (void)state;
    struct route r = {.pattern = "/x", .get = dummy_handler};
    assert_ptr_equal(route_handler(&r, WEB_HEAD), dummy_handler);
    assert_null(route_handler(&r, WEB_POST));
    assert_string_equal(route_allow(&r), "GET, HEAD, OPTIONS");
    r.post = dummy_handler;
    r.delete = dummy_handler;
    assert_string_equal(route_allow(&r), "GET, HEAD, POST, DELETE, OPTIONS");
    r.get = NULL;
    assert_string_equal(route_allow(&r), "POST, DELETE, OPTIONS");
    assert_int_equal(route_max_body(&r, WEB_POST), ROUTE_DEFAULT_BODY);
    r.max_body = 32u << 20;
    assert_int_equal(route_max_body(&r, WEB_POST), 32u << 20);
    assert_int_equal(route_max_body(&r, WEB_GET), ROUTE_DEFAULT_BODY); /* no GET handler here: read and ignored */
}

/* Inflates a gzip body with zlib, checking its CRC and length. */
static char *gunzip(const unsigned char *p, size_t n, size_t *out_len)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    assert_int_equal(inflateInit2(&z, 16 + 15), Z_OK);
    size_t cap = 1 << 20;
    char *out = malloc(cap);
    z.next_in = (Bytef *)p;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = inflate(&z, Z_FINISH);
    assert_int_equal(rc, Z_STREAM_END); /* fails on a bad CRC or length too */
    assert_int_equal(z.avail_in, 0);
    *out_len = cap - z.avail_out;
    inflateEnd(&z);
    return out;
}

static void assemble(const struct cache_entry *e, const struct cache_gz_part *live, unsigned char *out, size_t *n)
{
    size_t k = 0;
    memcpy(out, cache_gzip_header, 10);
    k = 10;
    memcpy(out + k, e->gz_pre.p, e->gz_pre.n);
    k += e->gz_pre.n;
    if (live) {
        memcpy(out + k, live->p, live->n);
        k += live->n;
    }
    if (e->gz_post.p) {
        memcpy(out + k, e->gz_post.p, e->gz_post.n);
        k += e->gz_post.n;
    }
    cache_gzip_trailer(e, live, live ? crc32_combine_gen((z_off_t)live->plain_len) : 0, out + k);
    *n = k + 8;
}

static void test_cache_gzip_splice(void **state)
{
    (void)state;
    cache_init(8 << 20);
    char page[8000];
    for (size_t i = 0; i < sizeof page; i++)
        page[i] = "Nông thôn mới <p>"[i % 18];
    size_t split = 3001;
    struct str tags[] = {STR("home")};
    struct cache_entry *e =
        cache_put(STR("/splice"), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL, (struct str){page, sizeof page}, split, tags, 1, 0, 0);
    assert_non_null(e);
    assert_true(e->has_live && e->gz_pre.p && e->gz_post.p);
    const char live_text[] = "<dl class=\"counter\"><dt>Hôm nay</dt><dd>1.234</dd></dl>";
    struct cache_gz_part live;
    cache_deflate_part(STR(live_text), false, &live);
    unsigned char gz[20000];
    size_t n, plain_len;
    assemble(e, &live, gz, &n);
    char *plain = gunzip(gz, n, &plain_len);
    assert_int_equal(plain_len, sizeof page + sizeof live_text - 1);
    assert_memory_equal(plain, page, split);
    assert_memory_equal(plain + split, live_text, sizeof live_text - 1);
    assert_memory_equal(plain + split + sizeof live_text - 1, page + split, sizeof page - split);
    free(plain);
    free(live.p);
    cache_release(e);
    cache_clear();
}

/* A page answered CACHE_DENSE_AFTER times from the cache is compressed
 * again, smaller, under the same ETag; one dropped meanwhile stays
 * dropped. */
static void test_cache_popular_page_is_compressed_tightly(void **state)
{
    (void)state;
    cache_init(8 << 20);
    cache_clear();
    char page[30000];
    unsigned seed = 7;
    const char *words[] = {"Nông thôn mới ", "xã Kỳ Tân ", "<p class=\"tin\">", "tiêu chí ", "đạt chuẩn ", "</p>\n",
                           "Hà Tĩnh ", "năm 2026 "};
    size_t k = 0;
    while (k < sizeof page - 32) {
        seed = seed * 1103515245 + 12345;
        const char *w = words[(seed >> 16) % 8];
        memcpy(page + k, w, strlen(w));
        k += strlen(w);
    }
    size_t split = 9001;
    struct str tags[] = {STR("home")};
    struct cache_entry *e = cache_put(STR("/pho-bien"), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL,
                                      (struct str){page, k}, split, tags, 1, 0, 0);
    assert_non_null(e);
    uint64_t version = e->version;
    size_t fast = e->gz_pre.n + e->gz_post.n;
    assert_false(e->dense);
    cache_release(e);
    struct cache_entry *claim = NULL;
    for (int i = 1; i <= CACHE_DENSE_AFTER; i++) {
        struct cache_entry *hit = cache_get(STR("/pho-bien"));
        assert_non_null(hit);
        claim = cache_claim_dense(hit);
        assert_true(i == CACHE_DENSE_AFTER ? claim != NULL : claim == NULL);
        cache_release(hit);
    }
    assert_null(cache_claim_dense(claim)); /* claimed once */
    cache_densify(claim);
    struct cache_entry *d = cache_get(STR("/pho-bien"));
    assert_non_null(d);
    assert_true(d->dense);
    assert_int_equal(d->version, version);
    assert_true(d->gz_pre.n + d->gz_post.n < fast);
    const char live_text[] = "<dl><dt>Hôm nay</dt><dd>12</dd></dl>";
    struct cache_gz_part live;
    cache_deflate_part(STR(live_text), false, &live);
    unsigned char gz[40000];
    size_t n, plain_len;
    assemble(d, &live, gz, &n);
    char *plain = gunzip(gz, n, &plain_len);
    assert_int_equal(plain_len, k + sizeof live_text - 1);
    assert_memory_equal(plain, page, split);
    assert_memory_equal(plain + split + sizeof live_text - 1, page + split, k - split);
    free(plain);
    free(live.p);
    /* dense entries are not claimed again */
    for (int i = 0; i < 2 * CACHE_DENSE_AFTER; i++) {
        struct cache_entry *hit = cache_get(STR("/pho-bien"));
        assert_null(cache_claim_dense(hit));
        cache_release(hit);
    }
    cache_release(d);
    struct cache_stats st;
    cache_get_stats(&st);
    assert_int_equal(st.entries, 1);

    /* a page dropped between its claim and its compression stays dropped */
    e = cache_put(STR("/bo-di"), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL, (struct str){page, k},
                  SIZE_MAX, tags, 1, 0, 0);
    cache_release(e);
    for (int i = 1; i <= CACHE_DENSE_AFTER; i++) {
        struct cache_entry *hit = cache_get(STR("/bo-di"));
        struct cache_entry *c = cache_claim_dense(hit);
        if (c)
            claim = c;
        cache_release(hit);
    }
    assert_int_equal(cache_invalidate(STR("home")), 2);
    cache_densify(claim);
    assert_null(cache_get(STR("/bo-di")));
    cache_get_stats(&st);
    assert_int_equal(st.entries, 0);
    assert_int_equal(st.bytes, 0);
}

static struct cache_entry *put(const char *key, const char *tag1, const char *tag2)
{
    struct str tags[2] = {str_cstr(tag1), str_cstr(tag2 ? tag2 : "")};
    return cache_put(str_cstr(key), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL, STR("<p>trang</p>"),
                     SIZE_MAX, tags, tag2 ? 2 : 1, 0, 0);
}

static void test_cache_invalidation(void **state)
{
    (void)state;
    cache_init(8 << 20);
    cache_clear();
    cache_release(put("0n/", "home", "cat:1"));
    cache_release(put("0n/tin-tuc/a/", "cat:1", NULL));
    cache_release(put("0n/tin-tuc/b/", "cat:2", NULL));
    cache_release(put("0n/tin-tuc/a/x-5.html", "art:5", "cat:1"));
    cache_release(put("0n/tin-tuc/b/y-6.html", "art:6", "cat:2"));
    struct cache_stats s;
    cache_get_stats(&s);
    assert_int_equal(s.entries, 5);

    assert_int_equal(cache_invalidate(STR("cat:1")), 3);
    assert_null(cache_get(STR("0n/")));
    assert_null(cache_get(STR("0n/tin-tuc/a/")));
    assert_null(cache_get(STR("0n/tin-tuc/a/x-5.html")));
    struct cache_entry *b = cache_get(STR("0n/tin-tuc/b/"));
    assert_non_null(b);
    cache_release(b);
    b = cache_get(STR("0n/tin-tuc/b/y-6.html"));
    assert_non_null(b);
    cache_release(b);
    /* a tag that is a prefix of another is not that tag */
    cache_release(put("0n/tin-tuc/c/", "cat:10", NULL));
    assert_int_equal(cache_invalidate(STR("cat:1")), 0);
    assert_int_equal(cache_invalidate(STR("art:6")), 1);

    /* a page rendered before an invalidation is not stored */
    uint64_t gen = cache_generation();
    cache_invalidate(STR("cat:99"));
    struct str tags[] = {STR("cat:2")};
    assert_null(cache_put(STR("0n/stale"), gen, 200, "text/html", STR_NULL, STR("<p>cũ</p>"), SIZE_MAX, tags, 1, 0, 0));
    assert_null(cache_get(STR("0n/stale")));

    /* the same key replaces; keys differ by display choices */
    cache_release(put("0n/x", "a", NULL));
    cache_release(put("0n/x", "a", NULL));
    cache_release(put("2h/x", "a", NULL));
    cache_get_stats(&s);
    size_t before = (size_t)s.entries;
    assert_int_equal(cache_invalidate(STR("a")), 2);
    cache_get_stats(&s);
    assert_int_equal(s.entries, before - 2);
    cache_clear();
}

static void test_cache_budget_and_refs(void **state)
{
    (void)state;
    cache_init(16 * 64 * 1024); /* 64 KiB per shard */
    cache_clear();
    static char big[12000];
    memset(big, 'x', sizeof big);
    struct str tags[] = {STR("t")};
    struct cache_entry *held = cache_put(STR("held"), cache_generation(), 200, "image/png", STR_NULL, (struct str){big, sizeof big}, SIZE_MAX, tags, 1, 0, 0);
    assert_non_null(held);
    char key[32];
    for (int i = 0; i < 400; i++) {
        snprintf(key, sizeof key, "k%d", i);
        cache_release(cache_put(str_cstr(key), cache_generation(), 200, "image/png", STR_NULL, (struct str){big, sizeof big}, SIZE_MAX, tags, 1, 0, 0));
    }
    struct cache_stats s;
    cache_get_stats(&s);
    assert_true(s.bytes <= 16 * 64 * 1024);
    assert_true(s.evictions > 0);
    /* an evicted entry still held by a request stays readable */
    cache_clear();
    assert_int_equal(held->body_len, sizeof big);
    assert_memory_equal(held->body, big, sizeof big);
    cache_release(held);
    /* too big for the budget: not stored */
    static char huge[64 * 1024];
    assert_null(cache_put(STR("huge"), cache_generation(), 200, "image/png", STR_NULL, (struct str){huge, sizeof huge},
                          SIZE_MAX, tags, 1, 0, 0));
    cache_init(64u << 20);
}

/* Fragments (fragment.h): kept with their tags, dropped by tag, refused
 * when read before an invalidation, bounded by their budget. */
static void test_fragments(void **state)
{
    (void)state;
    fragment_init(64 * 1024);
    fragment_clear();
    struct buf out = BUF_INIT;
    struct str *got;
    assert_int_equal(fragment_get(STR("home:cat:1"), &out, &arena, &got), -1);
    assert_int_equal(out.n, 0);
    struct str t1[] = {STR("cat:1"), STR("site"), STR("media:7")};
    struct str t2[] = {STR("cat:2"), STR("site")};
    fragment_put(STR("home:cat:1"), fragment_generation(), STR("<section>Một</section>"), t1, 3);
    fragment_put(STR("home:cat:2"), fragment_generation(), STR("<section>Hai</section>"), t2, 2);
    buf_puts(&out, "<main>");
    assert_int_equal(fragment_get(STR("home:cat:1"), &out, &arena, &got), 3);
    assert_int_equal(out.n, strlen("<main><section>Một</section>"));
    assert_memory_equal(out.p, "<main><section>Một</section>", out.n);
    assert_true(str_eq(got[0], STR("cat:1")) && str_eq(got[2], STR("media:7")));

    /* a write to category 1 drops its section and leaves the other */
    assert_int_equal(fragment_invalidate(STR("cat:1")), 1);
    assert_int_equal(fragment_get(STR("home:cat:1"), &out, &arena, &got), -1);
    assert_int_equal(fragment_get(STR("home:cat:2"), &out, &arena, &got), 2);
    assert_int_equal(fragment_invalidate(STR("media:7")), 0);
    /* a tag that is a prefix of another is not that tag */
    fragment_put(STR("home:cat:10"), fragment_generation(), STR("<p>10</p>"), (struct str[]){STR("cat:10")}, 1);
    assert_int_equal(fragment_invalidate(STR("cat:1")), 0);
    assert_int_equal(fragment_invalidate(STR("site")), 1);
    assert_int_equal(fragment_get(STR("home:cat:2"), &out, &arena, &got), -1);

    /* bytes read before an invalidation are not kept, whatever its tag */
    uint64_t gen = fragment_generation();
    fragment_invalidate(STR("docs"));
    fragment_put(STR("home:cat:3"), gen, STR("<p>cũ</p>"), (struct str[]){STR("cat:3")}, 1);
    assert_int_equal(fragment_get(STR("home:cat:3"), &out, &arena, &got), -1);

    /* the same key replaces */
    fragment_put(STR("k"), fragment_generation(), STR("a"), NULL, 0);
    fragment_put(STR("k"), fragment_generation(), STR("b"), NULL, 0);
    out.n = 0;
    assert_int_equal(fragment_get(STR("k"), &out, &arena, &got), 0);
    assert_int_equal(out.n, 1);
    assert_int_equal(out.p[0], 'b');

    /* the budget holds: the least recently used go first; a fragment
     * over a sixteenth of the budget is not kept */
    static char big[3000];
    memset(big, 'x', sizeof big);
    char key[32];
    for (int i = 0; i < 100; i++) {
        snprintf(key, sizeof key, "big:%d", i);
        fragment_put(str_cstr(key), fragment_generation(), (struct str){big, sizeof big}, NULL, 0);
    }
    struct fragment_stats st;
    fragment_get_stats(&st);
    assert_true(st.bytes <= 64 * 1024);
    assert_true(st.evictions > 0);
    assert_int_equal(fragment_get(STR("big:0"), &out, &arena, &got), -1);
    assert_true(fragment_get(STR("big:99"), &out, &arena, &got) >= 0);
    static char huge[5000];
    fragment_put(STR("huge"), fragment_generation(), (struct str){huge, sizeof huge}, NULL, 0);
    assert_int_equal(fragment_get(STR("huge"), &out, &arena, &got), -1);

    /* off (--no-cache): nothing is kept */
    fragment_set_enabled(false);
    fragment_put(STR("off"), fragment_generation(), STR("x"), NULL, 0);
    fragment_set_enabled(true);
    assert_int_equal(fragment_get(STR("off"), &out, &arena, &got), -1);
    fragment_clear();
    buf_free(&out);
}

/* The raw head check (head.h): what must be refused before h2o reads a
 * request, with the status a user then sees. */
static void test_head_check(void **state)
{
    (void)state;
    static const struct {
        const char *head;
        int status;
    } cases[] = {
        {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", 200},
        {"GET /tin-tuc/?trang=2 HTTP/1.0\r\n\r\n", 200}, /* HTTP/1.0 needs no Host */
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n", 200},
        {"GET / HTTP/1.1\r\nHost: x\r\n", 0},     /* not finished yet */
        {"GET / HTTP/1.1\r", 0},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 411},
        {"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
        {"GET / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n  b\r\n\r\n", 400}, /* folded */
        {"GET / HTTP/1.1\nHost: x\n\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\n\r\n", 400},
        {"GET / HTTP/1.1\rHost: x\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1 2\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413},
        {"GET / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n", 200},
        {"GET / HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n", 417},
        {"GET / HTTP/1.1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},
        {"GET http://x/ HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET / HTTP/2.0\r\n\r\n", 400},
        {"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400},
        {"\x16\x03\x01garbage\r\n\r\n", 400},
        /* what h2o would refuse with its own English page is refused here */
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0 \r\n\r\n", 400},
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\t\r\n\r\n", 400},
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 00000000000000000006\r\n\r\n", 400},
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0000000000000000006\r\n\r\n", 200},
        /* a body on GET or HEAD: a request hidden there for a proxy that skips it */
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 37\r\n\r\n", 400},
        {"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n", 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 200},
        /* the method is a token */
        {" / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"G(ET / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"GET: / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"G\"ET / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"G\xc3\x89T / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
        {"PROPFIND / HTTP/1.1\r\nHost: x\r\n\r\n", 200},
        /* two types for one body */
        {"POST /a HTTP/1.1\r\nHost: x\r\nContent-Type: a/b\r\ncontent-type: c/d\r\nContent-Length: 1\r\n\r\n", 400},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct head_info h;
        int got = head_check(cases[i].head, strlen(cases[i].head), &h);
        if (got != cases[i].status)
            fail_msg("%s: %d, want %d", cases[i].head, got, cases[i].status);
    }
    struct head_info h;
    const char *ok = "POST /tim-kiem?q=a HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\nq=abcde";
    assert_int_equal(head_check(ok, strlen(ok), &h), 200);
    assert_int_equal(h.length, strlen(ok) - 7);
    assert_int_equal(h.content_length, 7);
    assert_true(str_eq_lit(h.method, "POST") && str_eq_lit(h.target, "/tim-kiem?q=a"));

    /* limits: headers count, one value, the whole head, the request line */
    struct buf b = BUF_INIT;
    buf_puts(&b, "GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < HEAD_MAX_HEADERS - 1; i++)
        buf_printf(&b, "X-%d: v\r\n", i);
    buf_puts(&b, "\r\n");
    assert_int_equal(head_check(b.p, b.n, &h), 200); /* exactly the limit */
    buf_reset(&b);
    buf_puts(&b, "GET / HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 200; i++)
        buf_printf(&b, "X-%d: v\r\n", i);
    buf_puts(&b, "\r\n");
    assert_int_equal(head_check(b.p, b.n, &h), 431);
    assert_int_equal(head_check(b.p, b.n / 2, &h), 431); /* refused before the head ends */
    buf_reset(&b);
    buf_puts(&b, "GET / HTTP/1.1\r\nHost: x\r\nCookie: ");
    for (int i = 0; i < HEAD_MAX_VALUE + 1; i++)
        buf_putc(&b, 'a');
    buf_puts(&b, "\r\n\r\n");
    assert_int_equal(head_check(b.p, b.n, &h), 431);
    buf_reset(&b);
    buf_puts(&b, "GET /");
    for (int i = 0; i < HTTP_MAX_PATH; i++)
        buf_putc(&b, 'a');
    buf_puts(&b, " HTTP/1.1\r\nHost: x\r\n\r\n");
    assert_int_equal(head_check(b.p, b.n, &h), 414);
    buf_reset(&b);
    buf_puts(&b, "GET /");
    for (int i = 0; i < HEAD_MAX_BYTES; i++)
        buf_putc(&b, 'a');
    assert_int_equal(head_check(b.p, b.n, &h), 414); /* a request line that never ends */
    buf_free(&b);
}

/* A page that shows more things than WEB_MAX_TAGS is served but not
 * cached; the cache itself refuses such an entry. Nothing is dropped. */
static void test_tags_have_no_silent_limit(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct web_req r;
    memset(&r, 0, sizeof r);
    r.arena = &a;
    r.cacheable = true;
    r.path = STR("/tin-tuc/a/b-1.html");
    for (int i = 0; i < 30; i++)
        web_tag(&r, "media:%d", i);
    web_tag(&r, "art:1");
    web_tag(&r, "cat:2");
    web_tag(&r, "media:3"); /* already there */
    assert_int_equal(r.n_tags, 32);
    assert_true(str_eq_lit(r.tags[30], "art:1") && str_eq_lit(r.tags[31], "cat:2"));
    assert_true(r.cacheable);
    for (int i = 30; i < WEB_MAX_TAGS - 2; i++)
        web_tag(&r, "media:%d", i);
    assert_int_equal(r.n_tags, WEB_MAX_TAGS);
    assert_true(r.cacheable);
    web_tag(&r, "one-more");
    assert_false(r.cacheable);
    arena_free(&a);

    cache_init(8 << 20);
    struct str *tags = calloc(CACHE_MAX_TAGS + 1, sizeof *tags);
    char (*names)[16] = calloc(CACHE_MAX_TAGS + 1, 16);
    for (int i = 0; i <= CACHE_MAX_TAGS; i++) {
        snprintf(names[i], 16, "t:%d", i);
        tags[i] = str_cstr(names[i]);
    }
    struct cache_entry *e = cache_put(STR("0n /many"), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL,
                                      STR("<p>x</p>"), SIZE_MAX, tags, CACHE_MAX_TAGS, 0, 0);
    assert_non_null(e);
    cache_release(e);
    assert_int_equal(cache_invalidate(STR("t:1000")), 1); /* the last of 1,024 tags still drops it */
    assert_null(cache_put(STR("0n /too-many"), cache_generation(), 200, "text/html; charset=utf-8", STR_NULL,
                          STR("<p>x</p>"), SIZE_MAX, tags, CACHE_MAX_TAGS + 1, 0, 0));
    free(tags);
    free(names);
    cache_clear();
}

/* What a client sent, logged: its line ends cannot start a line that a
 * reader of the log would take for one of the server's. */
static void test_log_lines_stay_whole(void **state)
{
    (void)state;
    char path[] = "/tmp/dinh-log-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    assert_true(dup2(fd, 2) >= 0);
    log_info("login refused for %s", "an\n2026-12-06T00:00:00Z error: forged\r\x1b[31m");
    log_info("second%s", "\n\n");
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char got[512] = {0};
    ssize_t n = pread(fd, got, sizeof got - 1, 0);
    close(fd);
    unlink(path);
    assert_true(n > 0);
    char *second = strchr(got, '\n');
    assert_non_null(second);
    assert_non_null(strstr(got, "info: login refused for an 2026-12-06T00:00:00Z error: forged  [31m\n"));
    assert_non_null(strstr(second + 1, "info: second\n"));
    assert_null(strchr(strchr(second + 1, '\n') + 1, '\n')); /* two lines, no more */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_http_dates),
        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_log_lines_stay_whole),
        cmocka_unit_test(test_formatters),
        cmocka_unit_test(test_query),
        cmocka_unit_test(test_headers),
        cmocka_unit_test(test_router),
        cmocka_unit_test(test_router_has_no_fixed_size),
        cmocka_unit_test(test_router_methods),
        cmocka_unit_test(test_cache_gzip_splice),
        cmocka_unit_test(test_cache_popular_page_is_compressed_tightly),
        cmocka_unit_test(test_cache_invalidation),
        cmocka_unit_test(test_cache_budget_and_refs),
        cmocka_unit_test(test_fragments),
        cmocka_unit_test(test_head_check),
        cmocka_unit_test(test_tags_have_no_silent_limit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
