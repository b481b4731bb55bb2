/*
 * test_store.c - the migrations as dinh init applies them: numbered
 * without gaps (they are applied by position, so a file may only ever be
 * appended), all applied in one go, none twice, and a database from a
 * newer dinh refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "news/index.h"
#include "store/store.h"

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file store_migrations[];

static void test_migrations_are_numbered_in_order(void **state)
{
    (void)state;
    int n = store_schema_version();
    assert_true(n >= 5);
    for (int i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "%03d_", i + 1);
        if (strncmp(store_migrations[i].name, want, 4) != 0)
            fail_msg("migration %d is %s: numbers must run 001, 002... without gaps", i + 1,
                     store_migrations[i].name);
    }
}

/* A new in-memory database with every migration; returns how many ran. */
static int open_migrated(struct store_conn *c)
{
    char err[256];
    assert_int_equal(store_open(c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    int applied;
    if (store_migrate(c, &applied, err, sizeof err) != 0)
        fail_msg("migrations failed: %s", err);
    return applied;
}

static void test_migrate_once_and_refuse_newer(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    int applied = open_migrated(&c);
    assert_int_equal(applied, store_schema_version());
    assert_int_equal(store_db_version(&c), store_schema_version());
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), 0);
    assert_int_equal(applied, 0);
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", store_schema_version() + 1);
    assert_int_equal(store_exec(&c, pragma, err, sizeof err), 0);
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), -1);
    assert_non_null(strstr(err, "newer"));
    store_close(&c);
}

/* The bucket tokens the search code asks for are the ones the schema
 * writes (006_search_buckets.sql), and only the bucket column holds them. */
static void test_search_buckets_match_the_schema(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    open_migrated(&c);
    assert_int_equal(store_exec(&c,
                                "INSERT INTO category(id, slug, name, position) VALUES (1, 'tin-tuc', 'Tin tức', 1);"
                                "INSERT INTO article(id, category_id, slug, title, body, published_at, updated_at) "
                                "VALUES (1234567, 1, 'x', 'Tiêu đề', 'Nội dung a1234 thử', 0, 0);",
                                err, sizeof err),
                     0);
    const long long id = 1234567, b = NEWS_INDEX_BUCKET_IDS;
    char want[96];
    snprintf(want, sizeof want, "a%lld b%lld c%lld d%lld", id / b, id / (10 * b), id / (100 * b), id / (1000 * b));
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c.db, "SELECT search_bucket FROM article WHERE id = 1234567", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
    sqlite3_finalize(st);
    static const struct {
        const char *match;
        int found;
    } cases[] = {
        {"search_bucket : \"a1234\"", 1}, {"search_bucket : \"c12\"", 1}, {"search_bucket : \"d1\"", 1},
        {"search_bucket : \"a1235\"", 0}, {"{title summary body} : \"a1234\"", 1}, /* the body's own word */
        {"{title summary body} : \"c12\"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(
            sqlite3_prepare_v2(c.db, "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1", -1, &st, NULL),
            SQLITE_OK);
        sqlite3_bind_text(st, 1, cases[i].match, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != cases[i].found)
            fail_msg("%s found %d rows", cases[i].match, sqlite3_column_int(st, 0));
        sqlite3_finalize(st);
    }
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_are_numbered_in_order),
        cmocka_unit_test(test_migrate_once_and_refuse_newer),
        cmocka_unit_test(test_search_buckets_match_the_schema),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
