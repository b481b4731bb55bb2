/*
 * store.h - the embedded database: opening, migrations, prepared
 * statements, backups.
 *
 * Each worker thread owns one `struct store_conn`; statements are prepared
 * once per connection and reused (store_stmt). Writes go through a single
 * writer at a time (BEGIN IMMEDIATE with a busy timeout). Schema changes
 * are the numbered files in src/store/migrations/, compiled into the
 * binary and applied in order inside one transaction; PRAGMA user_version
 * records how many have been applied.
 */
#ifndef DINH_STORE_STORE_H
#define DINH_STORE_STORE_H

#include <sqlite3.h>
#include <stdbool.h>

#include "core/str.h"

#define STORE_STMT_SLOTS 96

struct store_conn {
    sqlite3 *db;
    struct {
        const char *sql; /* identity: the address of a static SQL string */
        sqlite3_stmt *stmt;
    } stmts[STORE_STMT_SLOTS];
};

enum store_mode { STORE_READ_ONLY, STORE_READ_WRITE, STORE_CREATE };

/* Opens `path` and sets WAL, foreign keys and a busy timeout. On failure
 * returns -1 with a sentence in err. */
int store_open(struct store_conn *c, const char *path, enum store_mode mode, char *err, size_t errlen);
void store_close(struct store_conn *c);

/* Applies the migrations the database lacks, in one transaction. Returns
 * -1 with a message when the database was made by a newer dinh (its
 * schema version is above ours) or a migration fails (then nothing is
 * applied). *applied receives how many were applied now. */
int store_migrate(struct store_conn *c, int *applied, char *err, size_t errlen);
/* How many migrations this binary knows. */
int store_schema_version(void);
/* The database's schema version (PRAGMA user_version), or -1. */
int store_db_version(struct store_conn *c);

/* The prepared statement for `sql`, reset and with bindings cleared.
 * `sql` must be a string with static storage: its address is the cache
 * key. Returns NULL (after logging) if the SQL does not compile. */
sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql);

/* A column as a string view valid until the next step/reset. */
struct str store_col_str(sqlite3_stmt *st, int col);

/* One read transaction around all the reads of a rendering: SQLite then
 * takes its file locks and checks the WAL once, not once per statement. */
void store_read_begin(struct store_conn *c);
void store_read_end(struct store_conn *c);

/* Runs SQL without results (for BEGIN/COMMIT and set-up). */
int store_exec(struct store_conn *c, const char *sql, char *err, size_t errlen);

/* Copies the live database `c` into the file `to` with SQLite's online
 * backup API: consistent even while the server writes. */
int store_backup(struct store_conn *c, const char *to, char *err, size_t errlen);

#endif
