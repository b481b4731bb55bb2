/*
 * driver.c - renders the compiled tests/tplc/good templates with hostile
 * data and compares each page with its .expected file, byte for byte.
 *
 *   driver GOOD_DIR ACTUAL_DIR NAME...     NAME is a template path without
 *                                          ".html", e.g. layout/page-head
 *
 * Prints "ok good/NAME" or "FAIL good/NAME: why" per name and exits 1 if
 * any failed; a failed page is kept in ACTUAL_DIR for diff(1). With
 * DRIVER_WRITE=1 in the environment it writes the .expected files instead
 * (after a deliberate change; review the diff before committing it).
 *
 * The page compared is the rendered bytes with "[[live:NAME]]" inserted at
 * every live mark, so an .expected file shows where the page cache would
 * splice its live blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "templates.h"

static const struct fixture_item items[] = {
    {STR("Tin <b>nóng</b> & \"mới\""), STR("tin nóng/../'x'"), "https://example.vn/a?b=1&c=2", 42},
    {STR("second"), STR("hai"), "javascript:alert('item')", 7},
    {STR("third \xff"), STR("ba?#"), NULL, 0},
};

static const char *const words[] = {"một", "</script>", "\"two\""};

static char mutable_text[] = "mutable <char *>";

#define TRUSTED_HTML "<p>trusted <em>HTML</em> &amp; entities</p>"

const struct fixture fixture = {
    .hostile = STR("<script>alert(1)</script> \"dq\" 'sq' `bt` & {{x}} ]]> <!-- -->"),
    .hostile_cstr = "\"><img src=x onerror=alert(1)>",
    .null_cstr = NULL,
    .mutable_cstr = mutable_text,
    .null_str = STR_NULL,
    .empty = STR(""),
    .invalid_utf8 = STR("a\xC3\x28 b\xE2\x82 c\xFF d\xED\xA0\x80 e\xF0\x9F\x98\x80 f\xC0\xAF g"),
    .with_nul = STR("nul\0byte\x01\x1f\x7f"),
    .separators = STR("line\xE2\x80\xA8" "para\xE2\x80\xA9" "end"),
    .vietnamese = STR("Tiếng Việt có dấu: Đắk Lắk, Huế & Cần Thơ"),
    .script_end = STR("</script><script>alert(1)</script><!--"),
    .html = {TRUSTED_HTML, sizeof TRUSTED_HTML - 1},

    .url_js = STR("javascript:alert(1)"),
    .url_js_mixed_case = STR(" JaVaScRiPt:alert(1)"),
    .url_js_tab = STR("java\tscript:alert(1)"),
    .url_js_entity = STR("jav&#x09;ascript:alert(1)"),
    .url_js_spaces = STR("\x01 \n javascript:alert(1) \t"),
    .url_data = STR("data:text/html,<script>alert(1)</script>"),
    .url_vbscript = STR("vbscript:msgbox(1)"),
    .url_https = STR("https://example.vn/tin-tuc?a=1&b='2'"),
    .url_http_upper = STR("HTTP://EXAMPLE.VN/"),
    .url_mailto = STR("mailto:ban-bien-tap@example.vn"),
    .url_tel = STR("tel:+84-24-1234-5678"),
    .url_relative = STR("tin-tuc/bai-viet?id=1#top"),
    .url_protocol_relative = STR("//cdn.example.vn/a.js"),
    .url_query = STR("?q=\"x\""),
    .url_fragment = STR("#noi-dung"),

    .negative = -2147483647 - 1,
    .positive = 4294967295u,
    .lng = -9000000000L,
    .min = -9223372036854775807LL - 1,
    .max = 18446744073709551615ULL,
    .size = 12345,
    .yes = true,
    .no = false,
    .level = 3,

    .items = items,
    .n_items = sizeof items / sizeof items[0],
    .none = NULL,
    .n_none = 0,
    .words = words,
    .n_words = 3,

    .ratio = 0.5,
    .letter = 'x',
    .small = 1,
};

static void render_text(struct tpl_out *out) { tpl_text(out, &fixture); }
static void render_rcdata(struct tpl_out *out) { tpl_rcdata(out, &fixture); }
static void render_attr(struct tpl_out *out) { tpl_attr(out, &fixture); }
static void render_url(struct tpl_out *out) { tpl_url(out, &fixture); }
static void render_json(struct tpl_out *out) { tpl_json(out, &fixture); }
static void render_blocks(struct tpl_out *out) { tpl_blocks(out, &fixture); }
static void render_raw(struct tpl_out *out) { tpl_raw(out, &fixture); }
static void render_tricky(struct tpl_out *out) { tpl_tricky(out, &fixture); }
static void render_partial(struct tpl_out *out) { tpl_partial(out, &fixture); }
static void render_item(struct tpl_out *out) { tpl_item(out, &items[0]); }
static void render_empty_params(struct tpl_out *out) { tpl_empty_params(out); }
static void render_page_head(struct tpl_out *out)
{
    tpl_layout_page_head(out, &fixture, "\"title\" <with> & 'quotes'");
}

static const struct {
    const char *name;
    void (*render)(struct tpl_out *out);
} cases[] = {
    {"text", render_text},
    {"rcdata", render_rcdata},
    {"attr", render_attr},
    {"url", render_url},
    {"json", render_json},
    {"blocks", render_blocks},
    {"raw", render_raw},
    {"tricky", render_tricky},
    {"partial", render_partial},
    {"item", render_item},
    {"empty-params", render_empty_params},
    {"layout/page-head", render_page_head},
};

/* The page with "[[live:NAME]]" at each live mark. */
static void page_with_marks(const struct tpl_out *out, struct buf *page)
{
    size_t from = 0;
    for (int i = 0; i < out->n_live; i++) {
        buf_append(page, out->buf.p + from, out->live_at[i] - from);
        buf_printf(page, "[[live:%s]]", out->live_name[i]);
        from = out->live_at[i];
    }
    buf_append(page, out->buf.p + from, out->buf.n - from);
}

static bool read_all(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[4096];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(b, chunk, k);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

static bool write_all(const char *path, const struct buf *b)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(b->p, 1, b->n, f) == b->n;
    return fclose(f) == 0 && ok;
}

/* Renders one case and compares; returns true if it passed. */
static bool run_case(const char *good_dir, const char *actual_dir, const char *name, bool write)
{
    size_t i = 0;
    while (i < sizeof cases / sizeof cases[0] && strcmp(cases[i].name, name) != 0)
        i++;
    if (i == sizeof cases / sizeof cases[0]) {
        printf("FAIL good/%s: no case in tests/tplc/driver.c\n", name);
        return false;
    }

    /* Render twice into the same output: the second page must equal the
     * first, so nothing leaks between renders of a reused buffer. */
    struct tpl_out out = TPL_OUT_INIT;
    struct buf page = BUF_INIT, again = BUF_INIT, expected = BUF_INIT;
    cases[i].render(&out);
    page_with_marks(&out, &page);
    tpl_out_reset(&out);
    cases[i].render(&out);
    page_with_marks(&out, &again);
    tpl_out_free(&out);

    char path[4096];
    snprintf(path, sizeof path, "%s/%s.expected", good_dir, name);
    bool ok = true;
    if (write) {
        ok = write_all(path, &page);
        if (!ok)
            printf("FAIL good/%s: cannot write %s: %s\n", name, path, strerror(errno));
    } else if (!read_all(path, &expected)) {
        printf("FAIL good/%s: cannot read %s\n", name, path);
        ok = false;
    } else if (!str_eq(buf_str(&page), buf_str(&expected))) {
        size_t k = 0;
        while (k < page.n && k < expected.n && page.p[k] == expected.p[k])
            k++;
        char actual[4096];
        snprintf(actual, sizeof actual, "%s/%s.actual", actual_dir, name);
        for (char *s = actual + strlen(actual_dir) + 1; *s; s++)
            if (*s == '/')
                *s = '_';
        write_all(actual, &page);
        printf("FAIL good/%s: differs from the .expected file from byte %zu on\n", name, k);
        ok = false;
    } else if (!str_eq(buf_str(&page), buf_str(&again))) {
        printf("FAIL good/%s: a second render into the reset output differs\n", name);
        ok = false;
    }
    if (ok)
        printf("ok good/%s\n", name);
    buf_free(&page);
    buf_free(&again);
    buf_free(&expected);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: driver GOOD_DIR ACTUAL_DIR NAME...\n");
        return 2;
    }
    const char *write = getenv("DRIVER_WRITE");
    bool writing = write && strcmp(write, "1") == 0;
    int failed = 0;
    for (int i = 3; i < argc; i++)
        if (!run_case(argv[1], argv[2], argv[i], writing))
            failed++;
    return failed ? 1 : 0;
}
