/*
 * test_demo.c - the demo content, as a visitor of the portal would see it.
 *
 * A group of tests shares one in-memory database with the schema of
 * 001_portal.sql and the default 320 demo articles, and checks what the
 * pages would show: the site's name and licence, categories that all have
 * articles, six years of dated news, titles with matching slugs, bodies in
 * the block format with pictures that exist, tags, links and counters, and
 * text that is valid NFC UTF-8. Further tests check that the generator is
 * deterministic, refuses a database that already has content, draws valid
 * PNGs, and writes 100,000 articles in well under a minute.
 *
 * Run from the repository root: the schema is read from
 * src/store/migrations/001_portal.sql.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <png.h>
#include <sqlite3.h>

#include "core/buf.h"
#include "core/str.h"
#include "demo/demo.h"
#include "store/fts_vi.h"
#include "store/store.h"
#include "demo/image.h"
#include "text/utf8.h"
#include "text/vi.h"

#define TEST_NOW INT64_C(1795400000) /* 2026-11-22, Vietnam time */
#define TEST_SEED 20261122u

/* --- helpers ---------------------------------------------------------------- */

static sqlite3 *open_with_schema(const char *path)
{
    /* the schema as dinh init makes it: every migration, with the search
     * tokenizer they need */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(fts_vi_register(db), SQLITE_OK);
    struct store_conn conn = {.db = db};
    char msg[256];
    int applied;
    if (store_migrate(&conn, &applied, msg, sizeof msg) != 0)
        fail_msg("schema: %s", msg);
    return db;
}

/* demo_fill on a bare connection: its prepared statements are finalized
 * after, the connection stays open. */
static int fill(sqlite3 *db, const struct demo_options *opt, char *err, size_t errlen)
{
    struct store_conn c;
    memset(&c, 0, sizeof c);
    c.db = db;
    int rc = demo_fill(&c, opt, err, errlen);
    for (size_t i = 0; i < c.cap_slots; i++)
        if (c.slots[i].stmt)
            sqlite3_finalize(c.slots[i].stmt);
    free(c.slots);
    return rc;
}

/* CPU time of this thread: the suites run beside others (tests/run.sh), and waiting
 * for a core must not look like slow code. */
static double seconds_since(const struct timespec *start)
{
    struct timespec end;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end);
    return (double)(end.tv_sec - start->tv_sec) + (double)(end.tv_nsec - start->tv_nsec) / 1e9;
}

static sqlite3 *filled_memory_db(int articles, unsigned seed, double *elapsed)
{
    sqlite3 *db = open_with_schema(":memory:");
    struct demo_options opt = {articles, seed, TEST_NOW};
    char err[256];
    struct timespec start;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start);
    int rc = fill(db, &opt, err, sizeof err);
    if (elapsed)
        *elapsed = seconds_since(&start);
    if (rc != 0)
        fail_msg("demo_fill: %s", err);
    return db;
}

static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return v;
}

static struct str column_str(sqlite3_stmt *stmt, int i)
{
    const char *p = (const char *)sqlite3_column_text(stmt, i);
    return str_make(p ? p : "", (size_t)sqlite3_column_bytes(stmt, i));
}

/* True if `s` is valid UTF-8 and already in NFC. */
static bool is_nfc(struct str s)
{
    if (!utf8_valid(s))
        return false;
    struct buf b = BUF_INIT;
    bool same = vi_nfc(&b, s) == 0 && str_eq(buf_str(&b), s);
    buf_free(&b);
    return same;
}

static bool contains(struct str s, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= s.n; i++)
        if (memcmp(s.p + i, needle, n) == 0)
            return true;
    return false;
}

/* --- the shared 320-article database ----------------------------------------- */

static int group_setup(void **state)
{
    double elapsed;
    sqlite3 *db = filled_memory_db(0, TEST_SEED, &elapsed); /* 0: the default, 320 */
    printf("[ demo     ] 320 articles in %.2f s\n", elapsed);
    *state = db;
    return 0;
}

static int group_teardown(void **state)
{
    sqlite3_close(*state);
    return 0;
}

static void test_settings_name_the_site(void **state)
{
    sqlite3 *db = *state;
    static const char *const keys[] = {"site.name",    "site.short_name", "site.agency", "site.responsible",
                                       "site.address", "site.phone",      "site.fax",    "site.email",
                                       "site.licence", "site.description"};
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT value FROM setting WHERE key = ?1", -1, &stmt, NULL), SQLITE_OK);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        sqlite3_bind_text(stmt, 1, keys[i], -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_ROW)
            fail_msg("setting %s is missing", keys[i]);
        struct str value = column_str(stmt, 0);
        assert_true(value.n > 0);
        if (strcmp(keys[i], "site.name") == 0)
            assert_true(contains(value, "Văn phòng Điều phối nông thôn mới tỉnh"));
        if (strcmp(keys[i], "site.licence") == 0)
            assert_true(contains(value, "/GP-TTĐT"));
        if (strcmp(keys[i], "site.email") == 0)
            assert_true(contains(value, "@example.gov.vn"));
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
}

static void test_every_category_has_articles(void **state)
{
    sqlite3 *db = *state;
    assert_true(query_int(db, "SELECT count(*) FROM category") >= 7);
    assert_int_equal(query_int(db, "SELECT count(*) FROM category c"
                                   " WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.category_id = c.id)"),
                     0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM category WHERE name = '' OR description = ''"
                                   " OR slug GLOB '*[^a-z0-9-]*'"),
                     0);
    assert_int_equal(query_int(db, "SELECT count(DISTINCT position) FROM category"),
                     query_int(db, "SELECT count(*) FROM category"));
    assert_int_equal(query_int(db, "SELECT count(*) FROM category WHERE slug = 'tin-hoat-dong'"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article"), DEMO_DEFAULT_ARTICLES);
}

static void test_articles_span_six_years_up_to_now(void **state)
{
    sqlite3 *db = *state;
    assert_true(query_int(db, "SELECT count(DISTINCT strftime('%Y', published_at + 25200, 'unixepoch'))"
                              " FROM article") >= 4);
    assert_int_equal(query_int(db, "SELECT max(published_at) <= 1795400000 FROM article"), 1);
    assert_int_equal(query_int(db, "SELECT min(published_at) >= 1795400000 - 6 * 366 * 86400 FROM article"), 1);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article WHERE updated_at < published_at"
                                   " OR updated_at > 1795400000 OR status <> 1"),
                     0);
    /* More recent news is more frequent: the last year holds more than
     * the year five years back. */
    assert_true(query_int(db, "SELECT count(*) FROM article WHERE published_at > 1795400000 - 365 * 86400") >
                query_int(db, "SELECT count(*) FROM article WHERE published_at"
                              " BETWEEN 1795400000 - 6 * 365 * 86400 AND 1795400000 - 5 * 365 * 86400"));
    /* Ids follow dates, so "newest first" by id and by date agree. */
    assert_int_equal(query_int(db, "SELECT count(*) FROM article a JOIN article b ON b.id = a.id + 1"
                                   " WHERE b.published_at < a.published_at"),
                     0);
}

static void test_articles_have_titles_slugs_and_bylines(void **state)
{
    sqlite3 *db = *state;
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT title, slug, summary, author, source, image_id, image_caption"
                                        " FROM article",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    struct buf slug = BUF_INIT;
    int rows = 0, with_author = 0, with_source = 0, with_degree = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        rows++;
        struct str title = column_str(stmt, 0), summary = column_str(stmt, 2);
        struct str author = column_str(stmt, 3), source = column_str(stmt, 4);
        assert_true(title.n > 10);
        assert_true(summary.n > 20);
        assert_true(author.n > 0 || source.n > 0);
        with_author += author.n > 0;
        with_source += source.n > 0;
        with_degree += contains(author, "ThS. ") || contains(author, "TS. ") || contains(author, "KS. ");
        buf_reset(&slug);
        assert_int_equal(vi_slug(&slug, title, 80), 0);
        if (!str_eq(buf_str(&slug), column_str(stmt, 1)))
            fail_msg("slug %s is not vi_slug(%.*s)", sqlite3_column_text(stmt, 1), (int)title.n, title.p);
        if (sqlite3_column_type(stmt, 5) != SQLITE_NULL)
            assert_true(column_str(stmt, 6).n > 0);
    }
    sqlite3_finalize(stmt);
    buf_free(&slug);
    assert_int_equal(rows, DEMO_DEFAULT_ARTICLES);
    assert_true(with_author > rows / 2);
    assert_true(with_source > rows / 10);
    assert_true(with_degree > 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM (SELECT 1 FROM article"
                                   " GROUP BY category_id, slug HAVING count(*) > 1)"),
                     0);
    assert_true(query_int(db, "SELECT count(DISTINCT title) FROM article") >= DEMO_DEFAULT_ARTICLES - 3);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article WHERE image_id IS NOT NULL"
                                   " AND image_id NOT IN (SELECT id FROM media_file)"),
                     0);
    assert_true(query_int(db, "SELECT count(*) FROM article WHERE image_id IS NOT NULL") > DEMO_DEFAULT_ARTICLES / 2);
}

static void test_bodies_are_blocks_with_pictures(void **state)
{
    sqlite3 *db = *state;
    sqlite3_stmt *stmt, *media;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT id, body FROM article", -1, &stmt, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM media_file WHERE id = ?1", -1, &media, NULL), SQLITE_OK);
    int with_figures = 0, with_headings = 0, with_markup_chars = 0;
    size_t total_bytes = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        struct str body = column_str(stmt, 1);
        total_bytes += body.n;
        int paragraphs = 0, figures = 0, headings = 0;
        size_t at = 0;
        while (at <= body.n) {
            const char *end = memmem(body.p + at, body.n - at, "\n\n", 2);
            size_t block_end = end ? (size_t)(end - body.p) : body.n;
            struct str block = str_make(body.p + at, block_end - at);
            assert_true(block.n > 0);
            assert_null(memchr(block.p, '\n', block.n));
            if (str_starts_with(block, STR("## "))) {
                headings++;
                assert_true(block.n > 4);
            } else if (str_starts_with(block, STR("[[anh:"))) {
                figures++;
                assert_true(str_ends_with(block, STR("]]")));
                const char *bar = memchr(block.p, '|', block.n);
                assert_non_null(bar);
                unsigned long long id = 0;
                assert_true(str_to_u64(str_make(block.p + 6, (size_t)(bar - block.p - 6)), &id));
                assert_true((size_t)(block.p + block.n - 2 - bar - 1) > 0); /* a caption */
                sqlite3_bind_int64(media, 1, (sqlite3_int64)id);
                assert_int_equal(sqlite3_step(media), SQLITE_ROW);
                if (sqlite3_column_int(media, 0) != 1)
                    fail_msg("figure of missing media %llu", id);
                sqlite3_reset(media);
            } else {
                paragraphs++;
                with_markup_chars += contains(block, ">") || contains(block, "&") || contains(block, "\"");
            }
            if (!end)
                break;
            at = block_end + 2;
        }
        if (paragraphs < 3 || paragraphs > 8 || figures > 2)
            fail_msg("article %lld has %d paragraphs and %d figures", (long long)sqlite3_column_int64(stmt, 0),
                     paragraphs, figures);
        with_figures += figures > 0;
        with_headings += headings > 0;
    }
    sqlite3_finalize(stmt);
    sqlite3_finalize(media);
    assert_true(with_figures > DEMO_DEFAULT_ARTICLES / 2);
    assert_true(with_headings > 10);
    assert_true(with_markup_chars > 10); /* the renderer has something to escape */
    size_t average = total_bytes / DEMO_DEFAULT_ARTICLES;
    printf("[ demo     ] average body %zu bytes\n", average);
    assert_true(average > 1200 && average < 4000);
}

static void test_all_text_is_nfc(void **state)
{
    sqlite3 *db = *state;
    static const char *const queries[] = {
        "SELECT title, slug, summary, body, author, source, image_caption FROM article",
        "SELECT key, value FROM setting",
        "SELECT slug, name, description FROM category",
        "SELECT slug, name FROM tag",
        "SELECT name, url FROM weblink",
        "SELECT name, mime, alt FROM media_file",
    };
    for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
        sqlite3_stmt *stmt;
        assert_int_equal(sqlite3_prepare_v2(db, queries[q], -1, &stmt, NULL), SQLITE_OK);
        while (sqlite3_step(stmt) == SQLITE_ROW)
            for (int c = 0; c < sqlite3_column_count(stmt); c++) {
                struct str s = column_str(stmt, c);
                if (!is_nfc(s) || utf8_has_control(s))
                    fail_msg("not NFC text in \"%s\": %.*s", queries[q], (int)(s.n > 80 ? 80 : s.n), s.p);
            }
        sqlite3_finalize(stmt);
    }
}

static void test_featured_tags_links_and_counters(void **state)
{
    sqlite3 *db = *state;
    int64_t featured = query_int(db, "SELECT count(*) FROM article WHERE featured = 1");
    assert_true(featured >= 8 && featured <= DEMO_DEFAULT_ARTICLES / 6);
    assert_true(query_int(db, "SELECT count(DISTINCT category_id) FROM article WHERE featured = 1") >= 6);

    assert_true(query_int(db, "SELECT count(*) FROM tag") >= 30);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article a WHERE (SELECT count(*) FROM article_tag t"
                                   " WHERE t.article_id = a.id) NOT BETWEEN 1 AND 4"),
                     0);
    assert_true(query_int(db, "SELECT count(DISTINCT tag_id) FROM article_tag") >= 25);
    assert_int_equal(query_int(db, "SELECT count(*) FROM tag WHERE slug GLOB '*[^a-z0-9-]*' OR slug = ''"), 0);

    assert_true(query_int(db, "SELECT count(*) FROM weblink") >= 8);
    assert_int_equal(query_int(db, "SELECT count(*) FROM weblink WHERE url NOT LIKE 'https://%' OR name = ''"), 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM weblink WHERE url = 'https://chinhphu.vn'"), 1);

    int64_t total = query_int(db, "SELECT value FROM counter WHERE key = 'total'");
    assert_true(total >= 9900000 && total < 10000000);
    assert_true(query_int(db, "SELECT value FROM counter WHERE key = 'bots_total'") > 0);
}

static void test_media_are_small_pngs(void **state)
{
    sqlite3 *db = *state;
    int64_t count = query_int(db, "SELECT count(*) FROM media_file");
    assert_true(count >= 30 && count <= 60);
    assert_true(query_int(db, "SELECT count(*) FROM media_file WHERE width = 1200 AND height = 630") >= 2);
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, mime, width, height, alt, bytes FROM media_file", -1, &stmt, NULL),
                     SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        assert_true(str_eq_lit(column_str(stmt, 1), "image/png"));
        assert_true(str_ends_with(column_str(stmt, 0), STR(".png")));
        assert_true(column_str(stmt, 4).n > 20);
        const void *bytes = sqlite3_column_blob(stmt, 5);
        int len = sqlite3_column_bytes(stmt, 5);
        assert_true(len > 1000 && len < 60 * 1024);
        png_image image;
        memset(&image, 0, sizeof image);
        image.version = PNG_IMAGE_VERSION;
        assert_true(png_image_begin_read_from_memory(&image, bytes, (size_t)len));
        assert_int_equal(image.width, sqlite3_column_int(stmt, 2));
        assert_int_equal(image.height, sqlite3_column_int(stmt, 3));
        png_image_free(&image);
    }
    sqlite3_finalize(stmt);
}

/* --- separate databases ------------------------------------------------------- */

/* A digest of everything an article page shows. */
static uint64_t content_digest(sqlite3 *db)
{
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT id, category_id, title, summary, body, author, source,"
                                        " published_at, image_id FROM article ORDER BY id",
                                        -1, &stmt, NULL),
                     SQLITE_OK);
    uint64_t h = 0xCBF29CE484222325ull;
    while (sqlite3_step(stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count(stmt); c++) {
            struct str s = column_str(stmt, c);
            for (size_t i = 0; i < s.n; i++)
                h = (h ^ (unsigned char)s.p[i]) * 0x100000001B3ull;
            h = (h ^ 0xFF) * 0x100000001B3ull;
        }
    sqlite3_finalize(stmt);
    return h;
}

static void test_same_seed_same_content(void **state)
{
    (void)state;
    sqlite3 *a = filled_memory_db(120, 7, NULL);
    sqlite3 *b = filled_memory_db(120, 7, NULL);
    sqlite3 *c = filled_memory_db(120, 8, NULL);
    assert_true(content_digest(a) == content_digest(b));
    assert_true(content_digest(a) != content_digest(c));
    assert_int_equal(query_int(c, "SELECT count(*) FROM article"), 120);
    sqlite3_close(a);
    sqlite3_close(b);
    sqlite3_close(c);
}

static void test_refuses_a_database_with_content(void **state)
{
    (void)state;
    sqlite3 *db = filled_memory_db(20, 1, NULL);
    struct demo_options opt = {20, 2, TEST_NOW};
    char err[256] = "";
    assert_int_equal(fill(db, &opt, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article"), 20);
    assert_int_equal(sqlite3_get_autocommit(db), 1); /* rolled back, no transaction left open */
    sqlite3_close(db);

    db = open_with_schema(":memory:");
    assert_int_equal(sqlite3_exec(db, "INSERT INTO setting(key, value) VALUES ('site.name', 'x')", NULL, NULL, NULL),
                     SQLITE_OK);
    err[0] = '\0';
    assert_int_equal(fill(db, &opt, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM category"), 0);
    assert_int_equal(sqlite3_get_autocommit(db), 1);
    sqlite3_close(db);
}

static void test_rejects_bad_options(void **state)
{
    (void)state;
    sqlite3 *db = open_with_schema(":memory:");
    struct demo_options opt = {-1, 0, TEST_NOW};
    char err[128];
    assert_int_equal(fill(db, &opt, err, sizeof err), -1);
    assert_true(strlen(err) > 0);
    assert_int_equal(query_int(db, "SELECT count(*) FROM setting"), 0);
    /* A small site still gets one article in each category. */
    opt.articles = 8;
    assert_int_equal(fill(db, &opt, err, sizeof err), 0);
    assert_int_equal(query_int(db, "SELECT count(DISTINCT category_id) FROM article"), 8);
    sqlite3_close(db);
}

static void test_png_pictures(void **state)
{
    (void)state;
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    static const int sizes[][2] = {{640, 400}, {1200, 630}, {16, 16}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        unsigned char *png = NULL;
        size_t len = 0;
        assert_int_equal(demo_image_png(42 + (unsigned)i, sizes[i][0], sizes[i][1], &png, &len), 0);
        assert_true(len > sizeof signature && len < 60 * 1024);
        assert_memory_equal(png, signature, sizeof signature);

        png_image image;
        memset(&image, 0, sizeof image);
        image.version = PNG_IMAGE_VERSION;
        assert_true(png_image_begin_read_from_memory(&image, png, len));
        assert_int_equal(image.width, sizes[i][0]);
        assert_int_equal(image.height, sizes[i][1]);
        image.format = PNG_FORMAT_RGB;
        unsigned char *pixels = malloc(PNG_IMAGE_SIZE(image));
        assert_non_null(pixels);
        assert_true(png_image_finish_read(&image, NULL, pixels, 0, NULL));
        /* Not a blank picture: the top-left (sky) and bottom-left (field)
         * differ. */
        size_t bottom = ((size_t)(sizes[i][1] - 1) * (size_t)sizes[i][0]) * 3;
        assert_true(memcmp(pixels, pixels + bottom, 3) != 0);
        free(pixels);

        unsigned char *again = NULL;
        size_t again_len = 0;
        assert_int_equal(demo_image_png(42 + (unsigned)i, sizes[i][0], sizes[i][1], &again, &again_len), 0);
        assert_int_equal(again_len, len);
        assert_memory_equal(again, png, len);
        free(again);
        free(png);
    }
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(demo_image_png(1, 8, 400, &png, &len), -1);
    assert_int_equal(demo_image_png(1, 640, 5000, &png, &len), -1);
    assert_null(png);

    struct buf alt = BUF_INIT;
    demo_image_alt(42, &alt);
    assert_true(alt.n > 20 && is_nfc(buf_str(&alt)));
    buf_free(&alt);
}

/* Scale: many articles keep unique slugs and varied titles. How fast
 * 100,000 are made is measured by `make bench`, not asserted here. */
static void test_many_articles_stay_distinct(void **state)
{
    (void)state;
    char path[] = "/tmp/dinh-test-demo-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    sqlite3 *db = open_with_schema(path);

    struct demo_options opt = {20000, 99, TEST_NOW};
    char err[256];
    int rc = fill(db, &opt, err, sizeof err);
    if (rc != 0)
        fail_msg("demo_fill: %s", err);
    assert_int_equal(query_int(db, "SELECT count(*) FROM article"), 20000);
    assert_int_equal(query_int(db, "SELECT count(*) FROM (SELECT 1 FROM article"
                                   " GROUP BY category_id, slug HAVING count(*) > 1)"),
                     0);
    /* Titles rarely repeat, even across categories. */
    int64_t distinct = query_int(db, "SELECT count(DISTINCT title) FROM article");
    printf("[ demo     ] %lld distinct titles\n", (long long)distinct);
    assert_true(distinct >= 19400);
    assert_true(query_int(db, "SELECT avg(length(CAST(body AS BLOB))) FROM article") > 1500);
    sqlite3_close(db);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest shared[] = {
        cmocka_unit_test(test_settings_name_the_site),
        cmocka_unit_test(test_every_category_has_articles),
        cmocka_unit_test(test_articles_span_six_years_up_to_now),
        cmocka_unit_test(test_articles_have_titles_slugs_and_bylines),
        cmocka_unit_test(test_bodies_are_blocks_with_pictures),
        cmocka_unit_test(test_all_text_is_nfc),
        cmocka_unit_test(test_featured_tags_links_and_counters),
        cmocka_unit_test(test_media_are_small_pngs),
    };
    const struct CMUnitTest separate[] = {
        cmocka_unit_test(test_same_seed_same_content),
        cmocka_unit_test(test_refuses_a_database_with_content),
        cmocka_unit_test(test_rejects_bad_options),
        cmocka_unit_test(test_png_pictures),
        cmocka_unit_test(test_many_articles_stay_distinct),
    };
    int failed = cmocka_run_group_tests_name("demo content", shared, group_setup, group_teardown);
    failed += cmocka_run_group_tests_name("demo generator", separate, NULL, NULL);
    return failed ? 1 : 0;
}
