/* store.c - SQLite connections, migrations and backups; see store.h. */
#include "store/store.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "store/fts_vi.h"

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file store_migrations[]; /* build/gen/migrations.c */

static void set_err(char *err, size_t errlen, const char *what, sqlite3 *db)
{
    if (err && errlen)
        snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
}

int store_open(struct store_conn *c, const char *path, enum store_mode mode, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == STORE_READ_ONLY)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        char what[512];
        snprintf(what, sizeof what, "cannot open database %s", path);
        set_err(err, errlen, what, c->db);
        sqlite3_close(c->db);
        c->db = NULL;
        return -1;
    }
    sqlite3_extended_result_codes(c->db, 1);
    if (fts_vi_register(c->db) != SQLITE_OK) {
        set_err(err, errlen, "cannot register the Vietnamese search tokenizer", c->db);
        store_close(c);
        return -1;
    }
    sqlite3_busy_timeout(c->db, 5000);
    /* WAL keeps readers and the single writer apart; NORMAL keeps every
     * committed transaction across a process crash (kill -9). */
    /* A 1 MiB page cache per connection: the server holds one connection
     * per thread, and the hot pages of a portal are few (its pages are
     * served from the page cache, not re-read). */
    const char *setup = mode == STORE_READ_ONLY ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-1024;"
                                                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                                  "PRAGMA foreign_keys=ON; PRAGMA cache_size=-1024;";
    if (store_exec(c, setup, err, errlen) != 0) {
        store_close(c);
        return -1;
    }
    /* Force the file to be read now so that "not a database" is reported
     * here, not at the first request. */
    if (store_db_version(c) < 0) {
        char what[512];
        snprintf(what, sizeof what, "cannot read database %s", path);
        set_err(err, errlen, what, c->db);
        store_close(c);
        return -1;
    }
    return 0;
}

void store_close(struct store_conn *c)
{
    for (int i = 0; i < STORE_STMT_SLOTS; i++)
        if (c->stmts[i].stmt)
            sqlite3_finalize(c->stmts[i].stmt);
    if (c->db)
        sqlite3_close(c->db);
    memset(c, 0, sizeof *c);
}

int store_exec(struct store_conn *c, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err && errlen)
            snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_schema_version(void)
{
    int n = 0;
    while (store_migrations[n].name)
        n++;
    return n;
}

int store_db_version(struct store_conn *c)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return -1;
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

int store_migrate(struct store_conn *c, int *applied, char *err, size_t errlen)
{
    *applied = 0;
    if (store_exec(c, "BEGIN IMMEDIATE", err, errlen) != 0)
        return -1;
    int have = store_db_version(c);
    int know = store_schema_version();
    if (have < 0) {
        set_err(err, errlen, "cannot read schema version", c->db);
        goto fail;
    }
    if (have > know) {
        snprintf(err, errlen,
                 "database schema version %d is newer than this dinh understands (%d); "
                 "use a newer dinh",
                 have, know);
        goto fail;
    }
    for (int i = have; i < know; i++) {
        char what[256];
        if (store_exec(c, store_migrations[i].text, what, sizeof what) != 0) {
            snprintf(err, errlen, "migration %s failed: %s", store_migrations[i].name, what);
            goto fail;
        }
        (*applied)++;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", know);
    if (store_exec(c, pragma, err, errlen) != 0 || store_exec(c, "COMMIT", err, errlen) != 0)
        goto fail;
    return 0;
fail:
    store_exec(c, "ROLLBACK", NULL, 0);
    *applied = 0;
    return -1;
}

sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 7;
    size_t start = (size_t)(h % STORE_STMT_SLOTS);
    for (size_t k = 0; k < STORE_STMT_SLOTS; k++) {
        size_t i = (start + k) % STORE_STMT_SLOTS;
        if (c->stmts[i].sql == sql) {
            sqlite3_stmt *st = c->stmts[i].stmt;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
        if (!c->stmts[i].sql) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
                log_error("SQL does not compile: %s (%s)", sqlite3_errmsg(c->db), sql);
                return NULL;
            }
            c->stmts[i].sql = sql;
            c->stmts[i].stmt = st;
            return st;
        }
    }
    log_error("statement cache full; raise STORE_STMT_SLOTS");
    return NULL;
}

struct str store_col_str(sqlite3_stmt *st, int col)
{
    const unsigned char *p = sqlite3_column_text(st, col);
    int n = sqlite3_column_bytes(st, col);
    return (struct str){p ? (const char *)p : "", p ? (size_t)n : 0};
}

int store_backup(struct store_conn *c, const char *to, char *err, size_t errlen)
{
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        char what[512];
        snprintf(what, sizeof what, "cannot create backup file %s", to);
        set_err(err, errlen, what, dst);
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
    if (!b) {
        set_err(err, errlen, "backup failed", dst);
        sqlite3_close(dst);
        return -1;
    }
    int rc;
    /* Copy in steps so that a busy server is never locked out for long;
     * SQLite restarts the copy if the source changes meanwhile. */
    while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(5);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        set_err(err, errlen, "backup failed", dst);
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_close(dst);
    return 0;
}

static const char SQL_BEGIN[] = "BEGIN";
static const char SQL_END[] = "COMMIT";

void store_read_begin(struct store_conn *c)
{
    sqlite3_stmt *st = store_stmt(c, SQL_BEGIN);
    if (st) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }
}

void store_read_end(struct store_conn *c)
{
    if (sqlite3_get_autocommit(c->db))
        return; /* nothing open */
    sqlite3_stmt *st = store_stmt(c, SQL_END);
    if (st) {
        sqlite3_step(st);
        sqlite3_reset(st);
    }
}
