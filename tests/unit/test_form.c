/*
 * test_form.c - unit tests for src/http/form.c, the parser of form bodies
 * (application/x-www-form-urlencoded and multipart/form-data).
 *
 * Each test sends what a browser (or a hostile client) sends and checks
 * what a handler would read: the fields in order, the files with their
 * base names and bytes, or the status the server must answer (400, 413,
 * 415). The last test times adversarial bodies, since finding a boundary
 * must stay linear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "http/form.h"
#include "text/utf8.h"

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

/* Generous limits, as a public form might use. */
static const struct http_form_limits limits = {
    .max_fields = 64, .max_files = 4, .max_value = 65536, .max_name = 255, .max_part_head = 8192};

#define CRLF "\r\n"
#define BOUNDARY "----WebKitFormBoundary7MA4YWxkTrZu0gW"
#define MULTIPART "multipart/form-data; boundary=" BOUNDARY

/* --- helpers ------------------------------------------------------------ */

static void expect_str(struct str got, const char *want)
{
    if (!got.p || !str_eq(got, str_cstr(want)))
        fail_msg("got \"%.*s\" (%zu bytes), expected \"%s\"", (int)got.n, got.p ? got.p : "(null)", got.n, want);
}

static int urlencoded(const char *body, struct http_form *f)
{
    return http_form_parse_urlencoded(&arena, str_cstr(body), &limits, f);
}

static int urlencoded_with(const char *body, const struct http_form_limits *lim, struct http_form *f)
{
    return http_form_parse_urlencoded(&arena, str_cstr(body), lim, f);
}

/* Parses a multipart body (a C string) with BOUNDARY through the
 * Content-Type entry point. */
static int multipart_with(const char *body, const struct http_form_limits *lim, struct http_form *f)
{
    return http_form_parse(&arena, STR(MULTIPART), str_cstr(body), lim, f);
}

static int multipart(const char *body, struct http_form *f)
{
    return multipart_with(body, &limits, f);
}

static void expect_status(int got, int want, const char *what)
{
    if (got != want)
        fail_msg("%s: status %d, expected %d", what, got, want);
}

/* A multipart body of one text part `name` whose value is `value`. */
static const char *one_text_part(const char *name, const char *value)
{
    struct str s = arena_printf(&arena,
                                "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"%s\"" CRLF CRLF "%s" CRLF
                                "--" BOUNDARY "--" CRLF,
                                name, value);
    return s.p;
}

/* A multipart body of one file part with the given disposition
 * parameters, extra headers and content. */
static const char *one_file_part(const char *params, const char *headers, const char *content)
{
    struct str s = arena_printf(&arena,
                                "--" BOUNDARY CRLF "Content-Disposition: form-data; %s" CRLF "%s" CRLF "%s" CRLF
                                "--" BOUNDARY "--" CRLF,
                                params, headers, content);
    return s.p;
}

/* --- application/x-www-form-urlencoded ------------------------------------- */

static void test_urlencoded_simple(void **state)
{
    (void)state;
    struct http_form f;
    expect_status(urlencoded("ho_ten=Nguy%E1%BB%85n+V%C4%83n+A&email=an%40vpdp.gov.vn&ghi_chu=&dong_y", &f), 0,
                  "simple form");
    assert_int_equal(f.n_fields, 4);
    assert_int_equal(f.n_files, 0);
    expect_str(f.fields[0].name, "ho_ten");
    expect_str(f.fields[0].value, "Nguyễn Văn A");
    expect_str(f.fields[1].value, "an@vpdp.gov.vn");
    expect_str(f.fields[2].value, "");
    expect_str(f.fields[3].name, "dong_y");
    expect_str(f.fields[3].value, "");
    expect_str(http_form_value(&f, "email"), "an@vpdp.gov.vn");
    /* an empty value is not a missing one */
    assert_non_null(http_form_value(&f, "ghi_chu").p);
    assert_null(http_form_value(&f, "khong_co").p);
    /* '+' is a space, %2B a plus; raw UTF-8 is accepted as well */
    expect_status(urlencoded("q=1+1%2B1&t=Qu%E1%BA%A3ng Tr%E1%BB%8B&u=Hà Nội", &f), 0, "plus");
    expect_str(f.fields[0].value, "1 1+1");
    expect_str(f.fields[1].value, "Quảng Trị");
    expect_str(f.fields[2].value, "Hà Nội");
    /* ';' is not a separator in a form body */
    expect_status(urlencoded("a=1;b=2", &f), 0, "semicolon");
    assert_int_equal(f.n_fields, 1);
    expect_str(f.fields[0].value, "1;b=2");
    /* the first '=' splits */
    expect_status(urlencoded("expr=a=b", &f), 0, "two equals");
    expect_str(f.fields[0].value, "a=b");
    /* empty body: an empty form */
    expect_status(urlencoded("", &f), 0, "empty");
    assert_int_equal(f.n_fields, 0);
    assert_null(f.fields);
}

static void test_urlencoded_nfc(void **state)
{
    (void)state;
    struct http_form f;
    /* "Nguyễn" with e + circumflex + tilde, "Quảng" with a + hook above:
     * NFD in, NFC out, in values and in names */
    expect_status(urlencoded("ho_te%CC%82n=Nguye%CC%82%CC%83n&tinh=Qua%CC%89ng+Tri%CC%A3", &f), 0, "NFD");
    expect_str(f.fields[0].name, "ho_tên");
    expect_str(f.fields[0].value, "Nguyễn");
    expect_str(f.fields[1].value, "Quảng Trị");
    expect_str(http_form_value(&f, "ho_tên"), "Nguyễn");
}

static void test_urlencoded_repeated(void **state)
{
    (void)state;
    struct http_form f;
    expect_status(urlencoded("linh_vuc=1&linh_vuc=3&trang=2&linh_vuc=5", &f), 0, "checkbox group");
    assert_int_equal(f.n_fields, 4);
    expect_str(f.fields[0].value, "1");
    expect_str(f.fields[1].value, "3");
    expect_str(f.fields[2].name, "trang");
    expect_str(f.fields[3].name, "linh_vuc");
    expect_str(f.fields[3].value, "5");
    expect_str(http_form_value(&f, "linh_vuc"), "1");
    /* many fields, in order (the arrays grow in the arena) */
    struct buf b = BUF_INIT;
    for (int i = 0; i < 60; i++)
        buf_printf(&b, "%sc=%d", i ? "&" : "", i);
    expect_status(http_form_parse_urlencoded(&arena, buf_str(&b), &limits, &f), 0, "60 fields");
    assert_int_equal(f.n_fields, 60);
    for (int i = 0; i < 60; i++) {
        char want[16];
        snprintf(want, sizeof want, "%d", i);
        expect_str(f.fields[i].value, want);
    }
    buf_free(&b);
}

static void test_urlencoded_empty_names(void **state)
{
    (void)state;
    struct http_form f;
    expect_status(urlencoded("=1&&a=2&=&b&&", &f), 0, "empty names");
    assert_int_equal(f.n_fields, 2);
    expect_str(f.fields[0].name, "a");
    expect_str(f.fields[1].name, "b");
    /* the value of a dropped field is still checked */
    expect_status(urlencoded("=%zz", &f), 400, "broken value, empty name");
    expect_status(urlencoded("=%C3%28", &f), 400, "invalid UTF-8 value, empty name");
}

static void test_urlencoded_broken_escapes(void **state)
{
    (void)state;
    const char *bad[] = {"a=%", "a=%4", "a=%zz", "a=%G1", "a=1%", "a%=1", "%=1", "a=%%41", "a=%4g", "a=1&b=%2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_form f;
        int rc = urlencoded(bad[i], &f);
        if (rc != 400)
            fail_msg("\"%s\": status %d, expected 400", bad[i], rc);
        assert_int_equal(f.n_fields, 0); /* emptied after an error */
    }
}

static void test_urlencoded_controls(void **state)
{
    (void)state;
    /* controls in a value are taken out (line breaks of a word processor
     * become LF), not refused: a person cannot see them */
    const char *cleaned[][2] = {
        {"a=%00", ""},           {"a=x%00y", "xy"},      {"a=%01", ""},           {"a=%1B", ""},
        {"a=%7F", ""},           {"a=%08", ""},          {"a=%C2%9F", ""},        {"a=a%0Bb", "a\nb"},
        {"a=a%0Cb", "a\nb"},     {"a=a%C2%85b", "a\nb"}, {"a=%E1%BA%A1%01%09", "\xE1\xBA\xA1\t"},
        /* noncharacters go too (U+FFFF in a title broke the RSS feed):
         * U+FFFE, U+FFFF, U+FDD0, U+FDEF, U+1FFFF, U+10FFFE; U+FFFD and
         * U+FDCF, their neighbours, stay */
        {"a=T%EF%BF%BFi%EF%BF%BEn", "Tin"},          {"a=x%EF%B7%90%EF%B7%AFy", "xy"},
        {"a=x%F0%9F%BF%BFy%F4%8F%BF%BE", "xy"},      {"a=%EF%BF%BD%EF%B7%8F", "\xEF\xBF\xBD\xEF\xB7\x8F"},
        {"a=%F0%9F%98%80", "\xF0\x9F\x98\x80"},
    };
    for (size_t i = 0; i < sizeof cleaned / sizeof cleaned[0]; i++) {
        struct http_form f;
        int rc = urlencoded(cleaned[i][0], &f);
        if (rc != 0 || f.n_fields != 1 || !str_eq(f.fields[0].value, str_cstr(cleaned[i][1])))
            fail_msg("\"%s\": status %d, %zu fields", cleaned[i][0], rc, f.n_fields);
    }
    const char *bad[] = {
        "a=%C3%28",
        "a=%FF",
        "a=%C0%AF",
        "a=%ED%A0%80" /* surrogate */,
        "a=%F4%90%80%80",
        "a%09=1" /* tab in a name */,
        "a%0A=1",
        "a%0D=1",
        "a%00=1",
        "a%7F=1",
        "%C3%28=1",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct http_form f;
        int rc = urlencoded(bad[i], &f);
        if (rc != 400)
            fail_msg("\"%s\": status %d, expected 400", bad[i], rc);
    }
    /* TAB and LF are text in a value */
    struct http_form f;
    expect_status(urlencoded("t=c%E1%BB%99t+1%09c%E1%BB%99t+2%0Ad%C3%B2ng+2", &f), 0, "tab and LF");
    expect_str(f.fields[0].value, "cột 1\tcột 2\ndòng 2");
}

static void test_urlencoded_newlines(void **state)
{
    (void)state;
    struct http_form f;
    /* CRLF (what textareas send), lone CR, LF, and CR CR LF */
    expect_status(urlencoded("t=a%0D%0Ab%0Dc%0Ad%0D%0D%0Ae%0D", &f), 0, "newlines");
    expect_str(f.fields[0].value, "a\nb\nc\nd\n\ne\n");
}

static void test_urlencoded_limits(void **state)
{
    (void)state;
    struct http_form_limits lim = {.max_fields = 3, .max_files = 0, .max_value = 8, .max_name = 5, .max_part_head = 0};
    struct http_form f;
    expect_status(urlencoded_with("a=1&b=2&c=3", &lim, &f), 0, "max_fields");
    assert_int_equal(f.n_fields, 3);
    expect_status(urlencoded_with("a=1&b=2&c=3&d=4", &lim, &f), 413, "max_fields + 1");
    assert_int_equal(f.n_fields, 0);
    /* the refusal names its limit, for the page that answers it, the way
     * Vietnamese writes numbers */
    assert_non_null(strstr(f.refused.p, "quá nhiều mục (nhận tối đa 3)"));
    {
        struct http_form_limits many = lim;
        many.max_fields = 1200;
        struct buf b = BUF_INIT;
        for (int i = 0; i <= 1200; i++)
            buf_puts(&b, i ? "&a=1" : "a=1");
        expect_status(urlencoded_with(b.p, &many, &f), 413, "1,201 fields of 1,200");
        assert_non_null(strstr(f.refused.p, "nhận tối đa 1.200"));
        buf_free(&b);
    }
    /* dropped fields do not count */
    expect_status(urlencoded_with("a=1&=x&b=2&&=&c=3", &lim, &f), 0, "empty names do not count");
    assert_int_equal(f.n_fields, 3);
    /* values: 8 decoded bytes pass, 9 do not, however they are encoded */
    expect_status(urlencoded_with("v=12345678", &lim, &f), 0, "max_value");
    expect_status(urlencoded_with("v=%31%32%33%34%35%36%37%38", &lim, &f), 0, "max_value encoded");
    expect_str(f.fields[0].value, "12345678");
    expect_status(urlencoded_with("v=123456789", &lim, &f), 413, "max_value + 1");
    assert_non_null(strstr(f.refused.p, "dài quá giới hạn"));
    expect_status(urlencoded_with("v=%31%32%33%34%35%36%37%38%39", &lim, &f), 413, "max_value + 1 encoded");
    expect_status(urlencoded_with("v=Vi%E1%BB%87t+Nam", &lim, &f), 413, "max_value + 1 in UTF-8 bytes");
    /* the limit applies to the value as decoded, before CRLF -> LF */
    expect_status(urlencoded_with("v=123456%0D%0A", &lim, &f), 0, "max_value with CRLF");
    expect_str(f.fields[0].value, "123456\n");
    expect_status(urlencoded_with("v=1234567%0D%0A", &lim, &f), 413, "max_value + 1 with CRLF");
    /* NFC may lengthen a value (U+0958 is 3 bytes, its NFC 6): what is
     * kept must fit too */
    expect_status(urlencoded_with("v=%E0%A5%98", &lim, &f), 0, "NFC within max_value");
    expect_str(f.fields[0].value, "\xe0\xa4\x95\xe0\xa4\xbc");
    expect_status(urlencoded_with("v=%E0%A5%98%E0%A5%98", &lim, &f), 413, "NFC over max_value");
    /* names: 5 bytes pass, 6 are 400 (not a size problem: no form has such names) */
    expect_status(urlencoded_with("abcde=1", &lim, &f), 0, "max_name");
    expect_status(urlencoded_with("abcdef=1", &lim, &f), 400, "max_name + 1");
    expect_status(urlencoded_with("%61%62%63%64%65%66=1", &lim, &f), 400, "max_name + 1 encoded");
    expect_status(urlencoded_with("t%C3%AAnn=1", &lim, &f), 0, "max_name in UTF-8");
    expect_status(urlencoded_with("t%C3%AAnnn=1", &lim, &f), 400, "max_name + 1 in UTF-8");
    /* a limit of 0 fields refuses any field */
    lim.max_fields = 0;
    expect_status(urlencoded_with("a=1", &lim, &f), 413, "no field allowed");
    expect_status(urlencoded_with("=1&&", &lim, &f), 0, "only dropped fields");
}

/* --- the Content-Type --------------------------------------------------------- */

static void test_content_type(void **state)
{
    (void)state;
    struct http_form f;
    const char *url_types[] = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
                               "APPLICATION/X-WWW-Form-UrlEncoded",
                               " application/x-www-form-urlencoded ;charset=utf-8"};
    for (size_t i = 0; i < sizeof url_types / sizeof url_types[0]; i++) {
        int rc = http_form_parse(&arena, str_cstr(url_types[i]), STR("a=1"), &limits, &f);
        if (rc != 0 || f.n_fields != 1)
            fail_msg("\"%s\": status %d", url_types[i], rc);
    }
    const char *other[] = {"",
                           "text/plain",
                           "application/json",
                           "multipart/mixed; boundary=x",
                           "application/x-www-form-urlencodedx",
                           "application/x-www-form",
                           "multipart/form-data-x",
                           "text/html; a=application/x-www-form-urlencoded"};
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        int rc = http_form_parse(&arena, str_cstr(other[i]), STR("a=1"), &limits, &f);
        if (rc != 415)
            fail_msg("\"%s\": status %d, expected 415", other[i], rc);
        rc = http_form_parse(&arena, str_cstr(other[i]), STR(""), &limits, &f);
        if (rc != 415)
            fail_msg("\"%s\", empty body: status %d, expected 415", other[i], rc);
    }
    expect_status(http_form_parse(&arena, STR_NULL, STR_NULL, &limits, &f), 415, "no Content-Type");
    /* an empty body of a form type is an empty form, whatever the boundary */
    expect_status(http_form_parse(&arena, STR("application/x-www-form-urlencoded"), STR_NULL, &limits, &f), 0,
                  "empty urlencoded");
    assert_int_equal(f.n_fields + f.n_files, 0);
    expect_status(http_form_parse(&arena, STR(MULTIPART), STR(""), &limits, &f), 0, "empty multipart");
    assert_int_equal(f.n_fields + f.n_files, 0);
    expect_status(http_form_parse(&arena, STR("multipart/form-data"), STR(""), &limits, &f), 0,
                  "empty multipart without boundary");
    /* but a body needs a boundary */
    expect_status(http_form_parse(&arena, STR("multipart/form-data"), STR("--x--"), &limits, &f), 400, "no boundary");
    /* the multipart parser itself wants its closing delimiter */
    expect_status(http_form_parse_multipart(&arena, STR(BOUNDARY), STR(""), &limits, &f), 400,
                  "empty body, multipart parser");
    /* a multipart form with no field at all */
    expect_status(multipart("--" BOUNDARY "--" CRLF, &f), 0, "no part");
    assert_int_equal(f.n_fields + f.n_files, 0);
}

static void test_boundary_param(void **state)
{
    (void)state;
    struct str b;
    static const struct {
        const char *content_type, *boundary;
    } good[] = {
        {"multipart/form-data; boundary=abc", "abc"},
        {"multipart/form-data;boundary=abc;charset=utf-8", "abc"},
        {"multipart/form-data; charset=utf-8; BOUNDARY=abc", "abc"},
        {"multipart/form-data; boundary = abc ; x=y", "abc"},
        {"multipart/form-data; boundary=\"a b:c\"", "a b:c"},
        {"multipart/form-data; boundary=\"----=_Part_0_1.2\"", "----=_Part_0_1.2"},
        {"multipart/form-data; boundary=a'()+_,-./:=?z", "a'()+_,-./:=?z"},
        {"multipart/form-data; boundary=1;", "1"},
        {"multipart/form-data; boundary="
         "1234567890123456789012345678901234567890123456789012345678901234567890",
         "1234567890123456789012345678901234567890123456789012345678901234567890"},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = http_form_boundary(str_cstr(good[i].content_type), &b);
        if (rc != 0)
            fail_msg("\"%s\": status %d", good[i].content_type, rc);
        expect_str(b, good[i].boundary);
    }
    const char *bad[] = {
        "multipart/form-data",
        "multipart/form-data;",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        "multipart/form-data; boundary=\"abc",
        "multipart/form-data; boundary=\"ab \"",
        "multipart/form-data; boundary=\"a;b\"",
        "multipart/form-data; boundary=\"a\\\"b\"",
        "multipart/form-data; boundary=a\\b",
        "multipart/form-data; boundary=a b",
        "multipart/form-data; boundary=a@b",
        "multipart/form-data; boundary=a%b",
        "multipart/form-data; boundary=\xc3\xa9",
        "multipart/form-data; boundary=\"a\rb\"",
        "multipart/form-data; boundary=a; boundary=a",
        "multipart/form-data; boundary",
        "multipart/form-data; =abc",
        "multipart/form-data; boundary=abc junk",
        "multipart/form-data; boundary="
        "12345678901234567890123456789012345678901234567890123456789012345678901",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = http_form_boundary(str_cstr(bad[i]), &b);
        if (rc != 400)
            fail_msg("\"%s\": status %d, expected 400", bad[i], rc);
        struct http_form f;
        rc = http_form_parse(&arena, str_cstr(bad[i]), STR("--abc--"), &limits, &f);
        if (rc != 400)
            fail_msg("\"%s\" with a body: status %d, expected 400", bad[i], rc);
    }
    /* quoted and unquoted boundaries frame the same body */
    struct http_form f;
    const char *body = "--a b" CRLF "Content-Disposition: form-data; name=x" CRLF CRLF "1" CRLF "--a b--";
    expect_status(http_form_parse(&arena, STR("multipart/form-data; boundary=\"a b\""), str_cstr(body), &limits, &f), 0,
                  "quoted boundary");
    expect_str(http_form_value(&f, "x"), "1");
    body = "--ab" CRLF "Content-Disposition: form-data; name=x" CRLF CRLF "2" CRLF "--ab--";
    expect_status(http_form_parse(&arena, STR("Multipart/Form-Data; Boundary=ab"), str_cstr(body), &limits, &f), 0,
                  "unquoted boundary");
    expect_str(http_form_value(&f, "x"), "2");
    /* the multipart parser checks the boundary it is given */
    expect_status(http_form_parse_multipart(&arena, STR("a\r\nb"), STR("--a\r\nb--"), &limits, &f), 400,
                  "CRLF in a boundary");
    expect_status(http_form_parse_multipart(&arena, STR(""), STR("----"), &limits, &f), 400, "empty boundary");
}

/* --- multipart/form-data ------------------------------------------------------ */

/* A PNG-like file: binary with NULs, CRLF "--" sequences and a near-miss
 * of the boundary (its last byte differs) that must not end the part. */
static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01"     /* header */
                          "\r\n--\r\n-"                                 /* the start of a delimiter, twice */
                          "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gX" /* the boundary but its last byte */
                          "\r\n--\0\xff\xfe\r\r\nIEND\xae"
                          "B`\x82\r\n";
#define PNG_LEN (sizeof png - 1)

static void test_multipart_browser(void **state)
{
    (void)state;
    /* What Chromium sends for a contact form with two files and an empty
     * file input, with a preamble and an epilogue that must be ignored. */
    struct buf b = BUF_INIT;
    buf_puts(&b, "This is the preamble." CRLF "--" BOUNDARY CRLF
                 "Content-Disposition: form-data; name=\"ho_ten\"" CRLF CRLF "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A" CRLF
                 "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"noi_dung\"" CRLF CRLF "D\xc3\xb2ng 1" CRLF
                 "D\xc3\xb2ng 2\tc\xe1\xbb\x99t" CRLF CRLF "--" BOUNDARY CRLF
                 "Content-Disposition: form-data; name=\"linh_vuc\"" CRLF CRLF "1" CRLF "--" BOUNDARY CRLF
                 "Content-Disposition: form-data; name=\"linh_vuc\"" CRLF CRLF "3" CRLF "--" BOUNDARY CRLF
                 "Content-Disposition: form-data; name=\"anh\"; filename=\"s\xc6\xa1 \xc4\x91\xe1\xbb\x93.png\"" CRLF
                 "Content-Type: image/png" CRLF CRLF);
    size_t png_at = b.n;
    buf_append(&b, png, PNG_LEN);
    buf_puts(&b,
             CRLF "--" BOUNDARY CRLF
                  "Content-Disposition: form-data; name=\"tep\"; filename=\"C:\\fakepath\\\xc4\x91\xc6\xa1n.pdf\"" CRLF
                  "Content-Type: application/pdf" CRLF CRLF);
    size_t pdf_at = b.n;
    buf_puts(&b, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    size_t pdf_len = b.n - pdf_at;
    buf_puts(&b, CRLF "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"them\"; filename=\"\"" CRLF
                      "Content-Type: application/octet-stream" CRLF CRLF CRLF "--" BOUNDARY CRLF
                      "Content-Disposition: form-data; name=\"gui\"" CRLF CRLF "G\xe1\xbb\xadi" CRLF "--" BOUNDARY
                      "--" CRLF "This is the epilogue, with --" BOUNDARY " in it." CRLF);
    struct str body = buf_str(&b);
    struct http_form f;
    expect_status(http_form_parse(&arena, STR(MULTIPART), body, &limits, &f), 0, "browser form");

    assert_int_equal(f.n_fields, 5);
    expect_str(f.fields[0].name, "ho_ten");
    expect_str(f.fields[0].value, "Nguyễn Văn A"); /* NFD in, NFC out */
    expect_str(f.fields[1].name, "noi_dung");
    expect_str(f.fields[1].value, "Dòng 1\nDòng 2\tcột\n"); /* CRLF -> LF, TAB kept */
    expect_str(f.fields[2].value, "1");
    expect_str(f.fields[3].name, "linh_vuc");
    expect_str(f.fields[3].value, "3");
    expect_str(f.fields[4].value, "Gửi");

    /* the empty file input is not reported */
    assert_int_equal(f.n_files, 2);
    expect_str(f.files[0].field, "anh");
    expect_str(f.files[0].filename, "sơ đồ.png");
    expect_str(f.files[0].content_type, "image/png");
    assert_int_equal(f.files[0].data.n, PNG_LEN);
    assert_memory_equal(f.files[0].data.p, png, PNG_LEN);
    assert_ptr_equal(f.files[0].data.p, body.p + png_at); /* no copy */
    expect_str(f.files[1].field, "tep");
    expect_str(f.files[1].filename, "đơn.pdf");
    expect_str(f.files[1].content_type, "application/pdf");
    assert_ptr_equal(f.files[1].data.p, body.p + pdf_at);
    assert_int_equal(f.files[1].data.n, pdf_len);
    buf_free(&b);
}

static void test_multipart_framing(void **state)
{
    (void)state;
    struct http_form f;
    struct {
        const char *body;
        int status;
        const char *what;
    } cases[] = {
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--", 0,
         "no CRLF after the closing delimiter"},
        {"--" BOUNDARY " \t" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--", 0,
         "transport padding"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY CRLF, 400,
         "no closing delimiter"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF, 400, "cut after a value"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1", 400, "cut inside a value"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF, 400, "cut inside the headers"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "-", 400,
         "half a closing delimiter"},
        {"--" BOUNDARY, 400, "a boundary only"},
        {"--" BOUNDARY CRLF, 400, "an opening only"},
        {"no boundary at all", 400, "no boundary"},
        {"--" BOUNDARY "x" CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--", 400,
         "boundary followed by junk"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "x" CRLF
         "--" BOUNDARY "--",
         400, "a boundary inside a part"},
        {"--" BOUNDARY "\n"
         "Content-Disposition: form-data; name=\"a\"\n\n1\n--" BOUNDARY "--",
         400, "LF only"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"\n" CRLF "1" CRLF "--" BOUNDARY "--", 400,
         "bare LF in the headers"},
        {"--" BOUNDARY CRLF "Content-Disposition: form-data;\r name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--", 400,
         "bare CR in the headers"},
        {"-- " BOUNDARY CRLF "x" CRLF "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF
         "--" BOUNDARY "--",
         0, "preamble"},
        {CRLF "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--", 0,
         "empty preamble line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = multipart(cases[i].body, &f);
        if (rc != cases[i].status)
            fail_msg("%s: status %d, expected %d", cases[i].what, rc, cases[i].status);
        if (rc == 0)
            expect_str(http_form_value(&f, "a"), "1");
        else
            assert_int_equal(f.n_fields + f.n_files, 0);
    }
}

static void test_multipart_headers(void **state)
{
    (void)state;
    struct http_form f;
    struct {
        const char *headers;
        int status;
        const char *what;
    } cases[] = {
        {"Content-Disposition: form-data; name=\"a\"", 0, "plain"},
        {"content-disposition:form-data;name=a", 0, "lower case, no spaces, token"},
        {"CONTENT-DISPOSITION: FORM-DATA; NAME=\"a\"", 0, "upper case"},
        {"Content-Disposition: form-data; name=\"a\";", 0, "trailing ';'"},
        {"X-Extra: 1" CRLF "Content-Disposition: form-data; foo=bar; name=\"a\"" CRLF "Content-Type: text/plain", 0,
         "unknown header and parameter"},
        {"Content-Transfer-Encoding: base64" CRLF "Content-Disposition: form-data; name=\"a\"", 0,
         "transfer encoding ignored"},
        {"Content-Type: text/plain", 400, "no Content-Disposition"},
        {"Content-Disposition: attachment; name=\"a\"", 400, "not form-data"},
        {"Content-Disposition: form-data", 400, "no name"},
        {"Content-Disposition: form-data; filename=\"a.txt\"", 400, "file without name"},
        {"Content-Disposition: form-data; name=\"a\"; name=\"b\"", 400, "two names"},
        {"Content-Disposition: form-data; name=\"a\"" CRLF "Content-Disposition: form-data; name=\"b\"", 400,
         "two Content-Disposition"},
        {"Content-Disposition: form-data; name=\"a", 400, "unterminated quote"},
        {"Content-Disposition: form-data; name=\"a\" x", 400, "junk after a parameter"},
        {"Content-Disposition: form-data; name", 400, "parameter without value"},
        {"Content-Disposition form-data; name=\"a\"", 400, "no colon"},
        {"Content-Disposition : form-data; name=\"a\"", 400, "space before the colon"},
        {": form-data; name=\"a\"", 400, "empty header name"},
        {"Content-Disposition: form-data;" CRLF " name=\"a\"", 400, "obsolete line folding"},
        {"Content-Disposition: form-data; name=\"a\x00\"", 400, "NUL in the headers"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *body =
            arena_printf(&arena, "--" BOUNDARY CRLF "%s" CRLF CRLF "1" CRLF "--" BOUNDARY "--" CRLF, cases[i].headers)
                .p;
        int rc = multipart(body, &f);
        if (rc != cases[i].status)
            fail_msg("%s: status %d, expected %d", cases[i].what, rc, cases[i].status);
        if (rc == 0)
            expect_str(http_form_value(&f, "a"), "1");
    }
    /* a NUL inside a header line, which a C string cannot carry */
    static const char nul_body[] =
        "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\0\"" CRLF CRLF "1" CRLF "--" BOUNDARY "--";
    expect_status(http_form_parse(&arena, STR(MULTIPART), STR(nul_body), &limits, &f), 400, "NUL in a header");
    /* a part with no headers at all */
    expect_status(multipart("--" BOUNDARY CRLF CRLF "1" CRLF "--" BOUNDARY "--", &f), 400, "no headers");
    /* an empty name drops the part, a file part too */
    expect_status(multipart("--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"\"" CRLF CRLF "1" CRLF
                            "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"\"; filename=\"a.txt\"" CRLF CRLF
                            "x" CRLF "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"b\"" CRLF CRLF "2" CRLF
                            "--" BOUNDARY "--",
                            &f),
                  0, "empty names");
    assert_int_equal(f.n_fields, 1);
    assert_int_equal(f.n_files, 0);
    expect_str(f.fields[0].name, "b");
}

static void test_multipart_names(void **state)
{
    (void)state;
    struct http_form f;
    /* browsers write '"' as %22; other '%' are characters; '\' is literal */
    expect_status(multipart(one_text_part("a%22b%22", "1"), &f), 0, "%22 in a name");
    expect_str(f.fields[0].name, "a\"b\"");
    expect_status(multipart(one_text_part("100%", "1"), &f), 0, "% in a name");
    expect_str(f.fields[0].name, "100%");
    expect_status(multipart(one_text_part("a%41", "1"), &f), 0, "%41 is not decoded");
    expect_str(f.fields[0].name, "a%41");
    expect_status(multipart(one_text_part("a\\", "1"), &f), 0, "backslash at the end of a name");
    expect_str(f.fields[0].name, "a\\");
    expect_status(multipart(one_text_part("t\xc3\xaan[]", "1"), &f), 0, "UTF-8 in a name");
    expect_str(f.fields[0].name, "tên[]");
    /* %0D and %0A decode to controls, which a name may not hold */
    expect_status(multipart(one_text_part("a%0Db", "1"), &f), 400, "%0D in a name");
    expect_status(multipart(one_text_part("a%0ab", "1"), &f), 400, "%0a in a name");
    expect_status(multipart(one_text_part("a\tb", "1"), &f), 400, "tab in a name");
    expect_status(multipart(one_text_part("a\xc3", "1"), &f), 400, "invalid UTF-8 in a name");

    /* file names: the base name of a full path */
    struct {
        const char *params, *filename;
    } good[] = {
        {"name=\"f\"; filename=\"C:\\Users\\an\\T\xc3\xa0i li\xe1\xbb\x87u\\\xc4\x91\xc6\xa1n.pdf\"", "đơn.pdf"},
        {"name=\"f\"; filename=\"/etc/passwd\"", "passwd"},
        {"name=\"f\"; filename=\"..\\..\\x.txt\"", "x.txt"},
        {"name=\"f\"; filename=\"b\xc3\xa1o c\xc3\xa1o %22cu\xe1\xbb\x91i n\xc4\x83m%22.docx\"",
         "báo cáo \"cuối năm\".docx"},
        {"name=\"f\"; filename=\"100%.txt\"", "100%.txt"},
        {"name=\"f\"; filename=plain.txt", "plain.txt"},
        /* NFD in, NFC out */
        {"name=\"f\"; filename=\"Nguye\xcc\x82\xcc\x83n.txt\"", "Nguyễn.txt"},
        /* filename* is preferred, in either order */
        {"name=\"f\"; filename=\"fallback.txt\"; filename*=UTF-8''%C4%91%C6%A1n%20xin.txt", "đơn xin.txt"},
        {"name=\"f\"; filename*=utf-8'vi'%C4%91%C6%A1n.txt; filename=\"fallback.txt\"", "đơn.txt"},
        {"name=\"f\"; filename*=\"UTF-8''a%2Fb.txt\"", "b.txt"},
        {"name=\"f\"; FileName=\"x.txt\"", "x.txt"},
        /* controls and bytes that are not UTF-8 are cleaned, not refused:
         * TAB, CR and LF become a space, other controls go, and each run of
         * bad bytes becomes one U+FFFD */
        {"name=\"f\"; filename=\"a\tb.txt\"", "a b.txt"},
        {"name=\"f\"; filename=\"a%0Ab.txt\"", "a b.txt"},
        {"name=\"f\"; filename=\"a%0db.txt\"", "a b.txt"},
        {"name=\"f\"; filename=\"a\x01\x7f.txt\"", "a.txt"},
        {"name=\"f\"; filename=\"a\xc2\x85.txt\"", "a.txt"},
        {"name=\"f\"; filename=\"a\xff.txt\"", "a\xef\xbf\xbd.txt"},
        {"name=\"f\"; filename=\"\xff\xfe.png\"", "\xef\xbf\xbd.png"},
        {"name=\"f\"; filename=\"b\xe1o \xc4\x91\xe1\xbb\x93.png\"", "b\xef\xbf\xbdo \xc4\x91\xe1\xbb\x93.png"},
        {"name=\"f\"; filename=\"../../etc/\x01passwd.png\"", "passwd.png"},
        {"name=\"f\"; filename*=UTF-8''%C3%28.txt", "\xef\xbf\xbd(.txt"},
        {"name=\"f\"; filename*=UTF-8''%00a.txt", "a.txt"},
        /* a right-to-left override ("\u202Efdp.exe" shows as "exe.pdf") and
         * zero-width characters go; so do dots and spaces at the end */
        {"name=\"f\"; filename*=UTF-8''hoa-don%E2%80%AEfdp.exe", "hoa-donfdp.exe"},
        {"name=\"f\"; filename=\"b\xe2\x80\x8b\xc3\xa1o.pdf\"", "b\xc3\xa1o.pdf"},
        {"name=\"f\"; filename=\"bao-cao.pdf. \"", "bao-cao.pdf"},
        {"name=\"f\"; filename*=UTF-8''x.pdf%C2%A0%E3%80%80%E2%80%82", "x.pdf"},
        {"name=\"f\"; filename=\"...\"", ""},
        {"name=\"f\"; filename=\" . \"", ""},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int rc = multipart(one_file_part(good[i].params, "", "data"), &f);
        if (rc != 0)
            fail_msg("%s: status %d", good[i].params, rc);
        assert_int_equal(f.n_files, 1);
        expect_str(f.files[0].filename, good[i].filename);
        expect_str(f.files[0].data, "data");
    }
    const char *bad[] = {
        "name=\"f\"; filename=\"..\"",
        "name=\"f\"; filename=\"..\x01\"", /* still "..", once cleaned */
        "name=\"f\"; filename=\"C:\\dir\\.\"",
        "name=\"f\"; filename*=ISO-8859-1''caf%E9.txt",
        "name=\"f\"; filename*=UTF-8''%zz.txt",
        "name=\"f\"; filename*=a.txt",
        "name=\"f\"; filename=\"a.txt\"; filename=\"b.txt\"",
        "name=\"f\"; filename=\"a.txt\"; filename*=UTF-8''b; filename*=UTF-8''c",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int rc = multipart(one_file_part(bad[i], "", "data"), &f);
        if (rc != 400)
            fail_msg("%s: status %d, expected 400", bad[i], rc);
    }
    /* a long name (200 Vietnamese letters, 600 bytes, as Windows allows) is
     * shortened to the limit at a letter's edge, its extension kept */
    {
        struct buf long_name = BUF_INIT;
        buf_puts(&long_name, "name=\"f\"; filename=\"");
        for (int i = 0; i < 200; i++)
            buf_puts(&long_name, "\xe1\xba\xa3"); /* ả */
        buf_puts(&long_name, ".docx\"");
        buf_putc(&long_name, '\0');
        expect_status(multipart(one_file_part(long_name.p, "", "data"), &f), 0, "a long file name");
        struct str got = f.files[0].filename;
        assert_true(got.n <= limits.max_name && got.n > limits.max_name - 3);
        assert_true(str_ends_with(got, STR("\xe1\xba\xa3.docx")) && utf8_valid(got));
        buf_free(&long_name);
    }
    /* a file part with bytes but no file name is kept, with an empty name */
    expect_status(multipart(one_file_part("name=\"f\"; filename=\"\"", "", "data"), &f), 0, "bytes, no name");
    assert_int_equal(f.n_files, 1);
    expect_str(f.files[0].filename, "");
    expect_str(f.files[0].data, "data");
    /* a path that ends with a separator leaves an empty name */
    expect_status(multipart(one_file_part("name=\"f\"; filename=\"C:\\dir\\\"", "", "data"), &f), 0, "trailing \\");
    expect_str(f.files[0].filename, "");
    /* an empty file input is not a file */
    expect_status(multipart(one_file_part("name=\"f\"; filename=\"\"", "", ""), &f), 0, "empty file input");
    assert_int_equal(f.n_files + f.n_fields, 0);
    /* but a chosen empty file is */
    expect_status(multipart(one_file_part("name=\"f\"; filename=\"empty.txt\"", "", ""), &f), 0, "empty file");
    assert_int_equal(f.n_files, 1);
    expect_str(f.files[0].filename, "empty.txt");
    assert_int_equal(f.files[0].data.n, 0);
}

static void test_multipart_files(void **state)
{
    (void)state;
    struct http_form f;
    struct {
        const char *headers, *content_type;
    } types[] = {
        {"", "application/octet-stream"},
        {"Content-Type: image/png" CRLF, "image/png"},
        {"content-type:Image/PNG; charset=binary" CRLF, "image/png"},
        {"Content-Type: " CRLF, "application/octet-stream"},
        {"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document" CRLF,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        int rc = multipart(one_file_part("name=\"f\"; filename=\"a\"", types[i].headers, "x"), &f);
        if (rc != 0)
            fail_msg("%s: status %d", types[i].headers, rc);
        expect_str(f.files[0].content_type, types[i].content_type);
    }
    const char *bad_types[] = {"Content-Type: png" CRLF, "Content-Type: image/" CRLF, "Content-Type: /png" CRLF,
                               "Content-Type: image/p ng" CRLF, "Content-Type: a/b" CRLF "Content-Type: a/b" CRLF};
    for (size_t i = 0; i < sizeof bad_types / sizeof bad_types[0]; i++) {
        int rc = multipart(one_file_part("name=\"f\"; filename=\"a\"", bad_types[i], "x"), &f);
        if (rc != 400)
            fail_msg("%s: status %d, expected 400", bad_types[i], rc);
    }
    /* file data is not text: invalid UTF-8, NUL and CR stay as they are */
    static const char bin[] =
        "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"f\"; filename=\"b.bin\"" CRLF CRLF
        "\xff\x00\r\r\n\x01" CRLF "--" BOUNDARY "--";
    expect_status(http_form_parse(&arena, STR(MULTIPART), STR(bin), &limits, &f), 0, "binary");
    assert_int_equal(f.files[0].data.n, 6);
    assert_memory_equal(f.files[0].data.p, "\xff\x00\r\r\n\x01", 6);
    /* a text part's content is text */
    static const char nul_text[] =
        "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"t\"" CRLF CRLF "a\0b" CRLF "--" BOUNDARY "--";
    /* controls are taken out of text, as in urlencoded values */
    expect_status(http_form_parse(&arena, STR(MULTIPART), (struct str){nul_text, sizeof nul_text - 1}, &limits, &f), 0,
                  "NUL in a text part");
    expect_str(f.fields[0].value, "ab");
    expect_status(multipart(one_text_part("t", "a\xc3(b"), &f), 400, "invalid UTF-8 in a text part");
    expect_status(multipart(one_text_part("t", "a\x1b[31m"), &f), 0, "ESC in a text part");
    expect_str(f.fields[0].value, "a[31m");
    expect_status(multipart(one_text_part("t", "a\r\rb\r\n"), &f), 0, "CR in a text part");
    expect_str(f.fields[0].value, "a\n\nb\n");
    /* a value may end with what looks like the start of a delimiter */
    expect_status(multipart(one_text_part("t", "a" CRLF "-"), &f), 0, "value ending in CRLF -");
    expect_str(f.fields[0].value, "a\n-");
}

static void test_multipart_limits(void **state)
{
    (void)state;
    struct http_form_limits lim = {
        .max_fields = 2, .max_files = 2, .max_value = 10, .max_name = 8, .max_part_head = 100};
    struct http_form f;
#define FILE_PART(name, fname)                                                                                         \
    "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"" name "\"; filename=\"" fname "\"" CRLF CRLF "x" CRLF
#define TEXT_PART(name, value)                                                                                         \
    "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"" name "\"" CRLF CRLF value CRLF
#define END "--" BOUNDARY "--" CRLF
    expect_status(multipart_with(FILE_PART("f", "a") FILE_PART("f", "b") END, &lim, &f), 0, "max_files");
    assert_int_equal(f.n_files, 2);
    expect_status(multipart_with(FILE_PART("f", "a") FILE_PART("f", "b") FILE_PART("f", "c") END, &lim, &f), 413,
                  "max_files + 1");
    assert_int_equal(f.n_files, 0);
    assert_non_null(strstr(f.refused.p, "tối đa 2 tệp"));
    /* a file sent to a form that takes none is malformed, not too large */
    struct http_form_limits no_files = lim;
    no_files.max_files = 0;
    expect_status(multipart_with(TEXT_PART("a", "1") FILE_PART("f", "a") END, &no_files, &f), 400, "a file, none taken");
    assert_int_equal(f.refused.n, 0);
    /* empty file inputs do not count */
    const char *empty_input =
        "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"g\"; filename=\"\"" CRLF CRLF CRLF;
    struct str body = arena_printf(&arena, "%s%s" FILE_PART("f", "a") "%s" FILE_PART("f", "b") "%s" END, empty_input,
                                   empty_input, empty_input, empty_input);
    expect_status(http_form_parse(&arena, STR(MULTIPART), body, &lim, &f), 0, "empty inputs do not count");
    assert_int_equal(f.n_files, 2);
    /* text fields */
    expect_status(multipart_with(TEXT_PART("a", "1") TEXT_PART("b", "2") END, &lim, &f), 0, "max_fields");
    expect_status(multipart_with(TEXT_PART("a", "1") TEXT_PART("b", "2") TEXT_PART("c", "3") END, &lim, &f), 413,
                  "max_fields + 1");
    /* files and fields are counted apart */
    expect_status(
        multipart_with(TEXT_PART("a", "1") FILE_PART("f", "a") TEXT_PART("b", "2") FILE_PART("f", "b") END, &lim, &f),
        0, "two of each");
    /* values */
    expect_status(multipart_with(TEXT_PART("a", "0123456789") END, &lim, &f), 0, "max_value");
    expect_status(multipart_with(TEXT_PART("a", "0123456789x") END, &lim, &f), 413, "max_value + 1");
    expect_status(multipart_with(TEXT_PART("a", "01234567" CRLF) END, &lim, &f), 0, "max_value with CRLF");
    expect_str(f.fields[0].value, "01234567\n");
    /* a long value is refused even when the body is cut short after it */
    expect_status(multipart_with("--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF
                                 "0123456789012345678901234567890123456789012345678901234567890123456789",
                                 &lim, &f),
                  413, "long value, cut short");
    expect_status(
        multipart_with("--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF CRLF "012", &lim, &f), 400,
        "short value, cut short");
    /* files are not bound by max_value */
    expect_status(
        multipart_with(FILE_PART("f", "a") END,
                       &(struct http_form_limits){.max_files = 1, .max_value = 0, .max_name = 8, .max_part_head = 100},
                       &f),
        0, "file larger than max_value");
    /* names and file names */
    expect_status(multipart_with(TEXT_PART("abcdefgh", "1") END, &lim, &f), 0, "max_name");
    expect_status(multipart_with(TEXT_PART("abcdefghi", "1") END, &lim, &f), 400, "max_name + 1");
    expect_status(multipart_with(FILE_PART("f", "abcd.txt") END, &lim, &f), 0, "file name at max_name");
    expect_status(multipart_with(FILE_PART("f", "abcde.txt") END, &lim, &f), 0, "file name over max_name");
    expect_str(f.files[0].filename, "abcd.txt"); /* shortened, its extension kept */
    expect_status(multipart_with(FILE_PART("f", "a.abcdefgh") END, &lim, &f), 400, "an extension over max_name");
    expect_status(multipart_with(FILE_PART("f", "C:\\dir\\abcd.txt") END, &lim, &f), 0, "base name at max_name");
    /* part headers: the line, its CRLF and the blank line */
#define HEAD_LINE "Content-Disposition: form-data; name=\"a\"; x=\"12345\""
    const char *head = "--" BOUNDARY CRLF HEAD_LINE CRLF CRLF "1" CRLF END;
    lim.max_part_head = strlen(HEAD_LINE) + 4;
    expect_status(multipart_with(head, &lim, &f), 0, "max_part_head");
    lim.max_part_head--;
    expect_status(multipart_with(head, &lim, &f), 400, "max_part_head - 1");
#undef HEAD_LINE
    /* a header section that never ends is refused at the limit */
    lim.max_part_head = 100;
    struct buf b = BUF_INIT;
    buf_puts(&b, "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"a\"" CRLF);
    for (int i = 0; i < 1000; i++)
        buf_puts(&b, "X-Pad: 1" CRLF);
    buf_puts(&b, CRLF "1" CRLF END);
    expect_status(http_form_parse(&arena, STR(MULTIPART), buf_str(&b), &lim, &f), 400, "endless headers");
    buf_free(&b);
#undef FILE_PART
#undef TEXT_PART
#undef END
}

/* --- adversarial input ------------------------------------------------------- */

/* CPU time of this thread: the suites run beside others (tests/run.sh), and waiting
 * for a core must not look like slow code. */
static double seconds_since(const struct timespec *start)
{
    struct timespec end;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    return (double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9;
}

/* Fills `b` with `pattern` repeated to about `size` bytes. */
static void repeat(struct buf *b, const char *pattern, size_t size)
{
    size_t n = strlen(pattern);
    while (b->n + n <= size)
        buf_append(b, pattern, n);
}

static void test_adversarial_speed(void **state)
{
    (void)state;
    const size_t size = 2u << 20;
    struct http_form_limits big = {
        .max_fields = 64, .max_files = 4, .max_value = 4u << 20, .max_name = 255, .max_part_head = 8192};
    /* "\r\n-" and "\r\n--" start the delimiter; the last two miss it by
     * its last byte, the worst case for a search that starts over */
    const char *near_misses[] = {
        "\r\n-",
        "\r\n--",
        "\r\r\r\r",
        "\r\n------WebKitFormBoundary7MA4YWxkTrZu0g\r",
        "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gX",
    };
    for (size_t k = 0; k < sizeof near_misses / sizeof near_misses[0]; k++) {
        struct timespec start;
        struct http_form f;
        /* the whole body: no boundary, 400 */
        struct buf b = BUF_INIT;
        repeat(&b, near_misses[k], size);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
        int rc = http_form_parse(&arena, STR(MULTIPART), buf_str(&b), &big, &f);
        double t1 = seconds_since(&start);
        expect_status(rc, 400, "near misses, no boundary");

        /* inside a file and inside a text value of a well-formed form */
        buf_reset(&b);
        buf_puts(&b, "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"f\"; filename=\"x.bin\"" CRLF CRLF);
        size_t data_at = b.n;
        repeat(&b, near_misses[k], size);
        size_t data_len = b.n - data_at;
        buf_puts(&b, CRLF "--" BOUNDARY CRLF "Content-Disposition: form-data; name=\"t\"" CRLF CRLF);
        repeat(&b, near_misses[k], 2 * size);
        buf_puts(&b, CRLF "--" BOUNDARY "--" CRLF);
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
        rc = http_form_parse(&arena, STR(MULTIPART), buf_str(&b), &big, &f);
        double t2 = seconds_since(&start);
        expect_status(rc, 0, "near misses in a form");
        assert_int_equal(f.n_files, 1);
        assert_int_equal(f.files[0].data.n, data_len);
        assert_int_equal(f.n_fields, 1);
        if (t1 > 0.5 || t2 > 1.0)
            fail_msg("near miss %zu: %.3f s and %.3f s for 2 MB and 4 MB", k, t1, t2);
        buf_free(&b);
        arena_reset(&arena);
    }
    /* urlencoded: separators, escapes and equals signs */
    const char *url_patterns[] = {"&", "a=%41&", "==", "+"};
    for (size_t k = 0; k < sizeof url_patterns / sizeof url_patterns[0]; k++) {
        struct buf b = BUF_INIT;
        repeat(&b, url_patterns[k], size);
        struct timespec start;
        struct http_form f;
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
        int rc = http_form_parse_urlencoded(&arena, buf_str(&b), &big, &f);
        double t = seconds_since(&start);
        (void)rc; /* 0 or 413, depending on the pattern */
        if (t > 0.5)
            fail_msg("urlencoded \"%s\": %.3f s for 2 MB", url_patterns[k], t);
        buf_free(&b);
        arena_reset(&arena);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urlencoded_simple),
        cmocka_unit_test(test_urlencoded_nfc),
        cmocka_unit_test(test_urlencoded_repeated),
        cmocka_unit_test(test_urlencoded_empty_names),
        cmocka_unit_test(test_urlencoded_broken_escapes),
        cmocka_unit_test(test_urlencoded_controls),
        cmocka_unit_test(test_urlencoded_newlines),
        cmocka_unit_test(test_urlencoded_limits),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_boundary_param),
        cmocka_unit_test(test_multipart_browser),
        cmocka_unit_test(test_multipart_framing),
        cmocka_unit_test(test_multipart_headers),
        cmocka_unit_test(test_multipart_names),
        cmocka_unit_test(test_multipart_files),
        cmocka_unit_test(test_multipart_limits),
        cmocka_unit_test(test_adversarial_speed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
