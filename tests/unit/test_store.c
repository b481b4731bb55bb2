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
#include <unistd.h>

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
    assert_non_null(strstr(err, "mới hơn"));
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
                                "INSERT INTO article(id, category_id, slug, title, body, search_body, published_at, "
                                "updated_at) VALUES (1234567, 1, 'x', 'Tiêu đề', '<p>Nội dung a1234 thử</p>', "
                                "'Nội dung a1234 thử', 0, 0);",
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
        {"search_bucket : \"a1235\"", 0}, {"{title summary search_body} : \"a1234\"", 1}, /* the body's own word */
        {"{title summary search_body} : \"c12\"", 0},
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

/* 300 statements, each prepared once and found again: the table of
 * prepared statements has no size to overflow. */
static char sqls[300][48];

static void test_statements_have_no_fixed_table(void **state)
{
    (void)state;
    struct store_conn c;
    open_migrated(&c);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < 300; i++) {
            snprintf(sqls[i], sizeof sqls[i], "SELECT %d + count(*) FROM setting", i);
            sqlite3_stmt *st = store_stmt(&c, sqls[i]);
            assert_non_null(st);
            assert_int_equal(store_step(&c, st), 1);
            assert_int_equal(sqlite3_column_int(st, 0), i);
            sqlite3_reset(st);
        }
    assert_true(c.n_slots >= 300);
    assert_false(store_failed(&c));
    store_close(&c);
}

/* A statement that cannot compile or fails marks the connection; a
 * loop tells the end of the rows from an error. */
static void test_failures_are_not_empty_results(void **state)
{
    (void)state;
    struct store_conn c;
    open_migrated(&c);
    static const char missing[] = "SELECT id FROM article INDEXED BY no_such_index";
    assert_null(store_stmt(&c, missing));
    assert_true(store_failed(&c));
    store_clear_failure(&c);
    static const char ok[] = "SELECT 1";
    sqlite3_stmt *st = store_stmt(&c, ok);
    assert_int_equal(store_step(&c, st), 1);
    assert_int_equal(store_step(&c, st), 0);
    assert_false(store_failed(&c));
    static const char boom[] = "SELECT json_extract('not json', '$')";
    st = store_stmt(&c, boom);
    assert_non_null(st);
    assert_int_equal(store_step(&c, st), -1);
    assert_true(store_failed(&c));
    store_close(&c);
}

static char touched[16][64];
static int n_touched;
static void record(struct str tag)
{
    snprintf(touched[n_touched++ % 16], 64, "%.*s", (int)tag.n, tag.p);
}

/* A name for a new database in /tmp (path: a mkstemp pattern), the file
 * itself not yet there. */
static void new_db_path(char *path)
{
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
}

/* A new database at a name made from `path` (a mkstemp pattern), set up
 * with `schema` through a, and a second connection b to it. */
static void open_pair(char *path, const char *schema, struct store_conn *a, struct store_conn *b)
{
    char err[256];
    new_db_path(path);
    assert_int_equal(store_open(a, path, STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_exec(a, schema, err, sizeof err), 0);
    /* a schema version, as dinh's migrations leave one: a file with tables
     * and none is another program's, which store_open refuses */
    assert_int_equal(store_exec(a, "PRAGMA user_version = 1", err, sizeof err), 0);
    assert_int_equal(store_open(b, path, STORE_READ_WRITE, err, sizeof err), 0);
}

/* Removes a database and its WAL files. */
static void remove_db(const char *path)
{
    unlink(path);
    char side[256];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* Writes nest as savepoints; a rolled-back inner write leaves the outer
 * one; tags reach the invalidator only after the outermost commit, and a
 * rolled-back write's tags never do. A failed BEGIN stops the write. */
static void test_writes_nest_and_tags_follow_the_commit(void **state)
{
    (void)state;
    struct store_conn c;
    char err[256];
    open_migrated(&c);
    store_on_commit(record);
    n_touched = 0;
    static const char put[] = "INSERT INTO setting(key, value) VALUES (?1, 'x')";
    assert_int_equal(store_write_begin(&c), 0);
    sqlite3_stmt *st = store_stmt(&c, put);
    sqlite3_bind_text(st, 1, "site.a", -1, SQLITE_STATIC);
    assert_int_equal(store_step(&c, st), 0);
    store_touch(&c, "a");
    assert_int_equal(store_write_begin(&c), 0); /* a savepoint */
    st = store_stmt(&c, put);
    sqlite3_bind_text(st, 1, "site.b", -1, SQLITE_STATIC);
    assert_int_equal(store_step(&c, st), 0);
    store_write_rollback(&c);
    assert_int_equal(store_write_begin(&c), 0);
    st = store_stmt(&c, put);
    sqlite3_bind_text(st, 1, "site.c", -1, SQLITE_STATIC);
    assert_int_equal(store_step(&c, st), 0);
    store_touch(&c, "c");
    store_touch(&c, "a");
    assert_int_equal(store_write_commit(&c), 0); /* the inner one: nothing told yet */
    assert_int_equal(n_touched, 0);
    assert_int_equal(store_write_commit(&c), 0);
    assert_int_equal(n_touched, 2);
    assert_string_equal(touched[0], "a");
    assert_string_equal(touched[1], "c");
    static const char count[] = "SELECT group_concat(key) FROM setting";
    st = store_stmt(&c, count);
    assert_int_equal(store_step(&c, st), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "site.a,site.c");
    sqlite3_reset(st);

    n_touched = 0;
    assert_int_equal(store_write_begin(&c), 0);
    store_touch(&c, "gone");
    store_write_rollback(&c);
    assert_int_equal(n_touched, 0);

    /* another connection holds the write lock: BEGIN fails, nothing opens */
    struct store_conn other;
    char path[] = "/tmp/dinh-test-store-XXXXXX";
    new_db_path(path);
    assert_int_equal(store_open(&other, path, STORE_CREATE, err, sizeof err), 0);
    struct store_conn again;
    assert_int_equal(store_open(&again, path, STORE_READ_WRITE, err, sizeof err), 0);
    sqlite3_busy_timeout(again.db, 10);
    assert_int_equal(store_exec(&other, "CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", err, sizeof err),
                     0);
    assert_int_equal(store_write_begin(&again), -1);
    assert_int_equal(again.write_depth, 0);
    assert_true(store_failed(&again));
    store_exec(&other, "COMMIT", NULL, 0);
    store_close(&again);
    store_close(&other);
    remove_db(path);
    store_close(&c);
}

/* store_version_read: unchanged while nothing is committed; a commit by
 * the connection itself or by another one changes it; two connections'
 * values never compare equal. */
static void test_versions_follow_every_commit(void **state)
{
    (void)state;
    char err[256];
    char path[] = "/tmp/dinh-test-version-XXXXXX";
    struct store_conn a, b;
    open_pair(path, "CREATE TABLE t(x)", &a, &b);
    struct store_version v1, v2, w;
    assert_int_equal(store_version_read(&a, &v1), 0);
    assert_int_equal(store_version_read(&a, &v2), 0);
    assert_true(store_version_same(&v1, &v2));
    assert_int_equal(store_version_read(&b, &w), 0);
    assert_false(store_version_same(&v1, &w));
    assert_int_equal(store_exec(&b, "INSERT INTO t VALUES (1)", err, sizeof err), 0);
    assert_int_equal(store_version_read(&a, &v2), 0);
    assert_false(store_version_same(&v1, &v2)); /* another connection's commit */
    v1 = v2;
    assert_int_equal(store_exec(&a, "INSERT INTO t VALUES (2)", err, sizeof err), 0);
    assert_int_equal(store_version_read(&a, &v2), 0);
    assert_false(store_version_same(&v1, &v2)); /* its own */
    store_close(&b);
    store_close(&a);
    remove_db(path);
}

static const char SQL_COUNT_T[] = "SELECT count(*) FROM t";

static void read_count_t(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

static int count_t(struct store_conn *c)
{
    int n = -1;
    sqlite3_stmt *st = store_stmt(c, SQL_COUNT_T);
    assert_non_null(st);
    assert_int_equal(store_step_once(c, st, read_count_t, &n), 1);
    return n;
}

/* A read transaction kept after a request (store_read_keep) serves the
 * next one only while no connection of the process has committed and for
 * STORE_READ_KEEP_MS at most; a write, a failure or a release ends it. */
static void test_kept_reads_end_at_a_commit(void **state)
{
    (void)state;
    char err[256];
    char path[] = "/tmp/dinh-test-kept-XXXXXX";
    struct store_conn a, b;
    open_pair(path, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", &a, &b);
    struct store_read_stats s0, s1;

    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 1);
    store_read_keep(&a);
    assert_false(sqlite3_get_autocommit(a.db)); /* still open */

    /* nothing committed: the next request reads the same snapshot */
    store_read_stats(&s0);
    assert_int_equal(store_read_begin(&a), 0);
    store_read_stats(&s1);
    assert_int_equal(s1.reused, s0.reused + 1);
    assert_int_equal(s1.begun, s0.begun);
    assert_int_equal(count_t(&a), 1);
    store_read_keep(&a);

    /* another connection of the process commits: a new snapshot */
    assert_int_equal(store_write_begin(&b), 0);
    assert_int_equal(store_exec(&b, "INSERT INTO t VALUES (2)", err, sizeof err), 0);
    assert_int_equal(store_write_commit(&b), 0);
    store_read_refresh(&a);
    assert_true(sqlite3_get_autocommit(a.db)); /* the stale one was ended */
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 2);
    store_read_keep(&a);

    /* a commit by something else than this process's connections (another
     * process) is seen once the kept transaction is STORE_READ_KEEP_MS old */
    sqlite3 *outside;
    assert_int_equal(sqlite3_open_v2(path, &outside, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_wal_hook(outside, NULL, NULL);
    assert_int_equal(sqlite3_exec(outside, "INSERT INTO t VALUES (3)", NULL, NULL, NULL), SQLITE_OK);
    usleep((STORE_READ_KEEP_MS + 5) * 1000);
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 3);
    store_read_keep(&a);
    /* ... and at once after a release, which the server does whenever its
     * thread has nothing more at hand */
    assert_int_equal(sqlite3_exec(outside, "INSERT INTO t VALUES (4)", NULL, NULL, NULL), SQLITE_OK);
    store_read_release(&a);
    assert_true(sqlite3_get_autocommit(a.db));
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 4);
    store_read_keep(&a);
    sqlite3_close(outside);

    /* a write on the same connection ends the kept read first */
    assert_int_equal(store_write_begin(&a), 0);
    assert_int_equal(store_exec(&a, "INSERT INTO t VALUES (5)", err, sizeof err), 0);
    assert_int_equal(store_write_commit(&a), 0);
    assert_true(sqlite3_get_autocommit(a.db));
    assert_false(a.read_kept);

    /* nothing is kept while the log is long (1000 pages: about 4 MiB of
     * writes), until a write after the checkpoint starts it over */
    assert_int_equal(store_exec(&b,
                                "CREATE TABLE big(y); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                "WHERE i < 1500) INSERT INTO big SELECT zeroblob(3000) FROM n",
                                err, sizeof err),
                     0);
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 5);
    store_read_keep(&a);
    assert_true(sqlite3_get_autocommit(a.db));
    assert_int_equal(store_exec(&b, "INSERT INTO t VALUES (6)", err, sizeof err), 0);
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 6);
    store_read_keep(&a);
    assert_false(sqlite3_get_autocommit(a.db));
    store_read_release(&a);

    /* a request whose statement failed keeps nothing */
    assert_int_equal(store_read_begin(&a), 0);
    assert_int_equal(count_t(&a), 6);
    a.failed = true;
    store_read_keep(&a);
    assert_true(sqlite3_get_autocommit(a.db));
    store_clear_failure(&a);

    store_close(&b);
    store_close(&a);
    remove_db(path);
}

static void test_database_paths(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(store_check_path("", STORE_CREATE, err, sizeof err), -1);
    assert_int_equal(store_check_path("/dev/null", STORE_CREATE, err, sizeof err), -1);
    assert_non_null(strstr(err, "không phải tệp thông thường"));
    assert_int_equal(store_check_path("/tmp", STORE_CREATE, err, sizeof err), -1);
    assert_non_null(strstr(err, "thư mục"));
    assert_int_equal(store_check_path("/no/such/place/x.db", STORE_CREATE, err, sizeof err), -1);
    assert_int_equal(store_check_path("/tmp/dinh-new-file.db", STORE_READ_WRITE, err, sizeof err), -1);
    assert_non_null(strstr(err, "không tìm thấy"));
    assert_int_equal(store_check_path("/tmp/dinh-new-file.db", STORE_CREATE, err, sizeof err), 0);
    struct store_conn c;
    assert_int_equal(store_open(&c, "/dev/null", STORE_CREATE, err, sizeof err), -1);
    assert_int_equal(access("/dev/null-journal", F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_migrations_are_numbered_in_order),
        cmocka_unit_test(test_migrate_once_and_refuse_newer),
        cmocka_unit_test(test_search_buckets_match_the_schema),
        cmocka_unit_test(test_statements_have_no_fixed_table),
        cmocka_unit_test(test_failures_are_not_empty_results),
        cmocka_unit_test(test_writes_nest_and_tags_follow_the_commit),
        cmocka_unit_test(test_database_paths),
        cmocka_unit_test(test_versions_follow_every_commit),
        cmocka_unit_test(test_kept_reads_end_at_a_commit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
