/*
 * store.h - the embedded database: opening, checking, migrations,
 * prepared statements, read and write transactions, backups.
 *
 * Each thread owns one `struct store_conn`; statements are prepared once
 * per connection and reused (store_stmt), however many there are.
 *
 * Failures are never "0 rows". store_stmt and store_step log a failed
 * statement once, with its SQL and SQLite's message, and mark the
 * connection failed; a request whose connection failed answers 500 and is
 * never cached (src/http/ checks store_failed after every handler). Query
 * functions of the modules return -1 on failure as well, so that a
 * handler can stop at once.
 *
 * Writes: store_write_begin opens the outermost write as BEGIN IMMEDIATE
 * (one writer at a time, with a busy timeout) and any write inside it as
 * a SAVEPOINT, so that a module's write function is one transaction when
 * called alone and a part of the caller's when called inside one (the
 * demo fills a database in one transaction). What a write changed is named
 * by cache tags (store_touch); they are handed to the invalidator
 * registered with store_on_commit after the outermost COMMIT, never
 * before, so that no page rendered from the old data can be stored after
 * its invalidation.
 *
 * Schema changes are the numbered files in src/store/migrations/, compiled
 * into the binary and applied in order inside one transaction; PRAGMA
 * user_version records how many have been applied. Every table is owned by
 * one module, named by an "-- owner: MODULE" line above its CREATE TABLE;
 * only that module's SQL may name it (scripts/check-sql-owners.py).
 */
#ifndef DINH_STORE_STORE_H
#define DINH_STORE_STORE_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"

struct store_slot {
    const char *sql; /* identity: the address of a static SQL string */
    sqlite3_stmt *stmt;
};

struct store_conn {
    sqlite3 *db;
    struct store_slot *slots; /* open addressing on the SQL's address; grows */
    size_t n_slots, cap_slots;
    bool failed;              /* a statement failed since store_clear_failure */
    int failed_code;          /* the first one's result code */
    int write_depth;          /* open writes: 1 = BEGIN IMMEDIATE, more = savepoints */
    char **touched;           /* cache tags named by the open write */
    size_t n_touched, cap_touched;
    bool touched_unheard;     /* the open write touched a tag with no invalidator to hear it */
    uint64_t serial;          /* this opening's number in the process, from 1 */
    char *tidy_path;          /* a read-only opening that made the -wal and -shm files: see store_close */
    /* A read transaction kept open after a request (store_read_keep): the
     * commits counted when it began, and when that was. */
    bool read_kept;
    uint64_t read_commits;
    int64_t read_since_ms;
};

enum store_mode { STORE_READ_ONLY, STORE_READ_WRITE, STORE_CREATE };

/* Checks that `path` can hold a database: a regular file (or, for
 * STORE_CREATE, a new file in an existing folder we may write). Refuses
 * "", folders, devices such as /dev/null and FIFOs, so that nothing is
 * ever created beside them ("/dev/null-journal"). Returns -1 with a
 * sentence in err. */
int store_check_path(const char *path, enum store_mode mode, char *err, size_t errlen);

/* Opens `path` (checked with store_check_path first) and sets WAL, foreign
 * keys and a busy timeout. On failure returns -1 with a sentence in err. */
int store_open(struct store_conn *c, const char *path, enum store_mode mode, char *err, size_t errlen);
/* The same, after PRAGMA quick_check on an existing file, before anything
 * is written to it: a damaged file is refused with the problem in err.
 * *check_ms receives how long the check took. */
int store_open_checked(struct store_conn *c, const char *path, enum store_mode mode, long *check_ms, char *err,
                       size_t errlen);
void store_close(struct store_conn *c);

/* Runs PRAGMA quick_check (or the slower, complete integrity_check when
 * `full`). Returns 0 if the file is sound; -1 with the first problem SQLite
 * names in err otherwise. Reads only. */
int store_check(struct store_conn *c, bool full, char *err, size_t errlen);

/* Applies the migrations the database lacks, in one transaction. Returns
 * -1 with a message when the database was made by a newer dinh (its
 * schema version is above ours) or a migration fails (then nothing is
 * applied). *applied receives how many were applied now. */
int store_migrate(struct store_conn *c, int *applied, char *err, size_t errlen);
/* How many migrations this binary knows. */
int store_schema_version(void);
/* The database's schema version (PRAGMA user_version), or -1. */
int store_db_version(struct store_conn *c);
/* 0 when the database at `path` (open as c) is at this program's schema
 * version; -1 with a sentence saying what to do in err otherwise. */
int store_require_current(struct store_conn *c, const char *path, char *err, size_t errlen);

/* The prepared statement for `sql`, reset and with bindings cleared.
 * `sql` must be a string with static storage: its address is the cache
 * key. Returns NULL if the SQL does not compile (a missing table or index):
 * logged once, and the connection is marked failed. */
sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql);

/* Steps `st`: 1 for a row, 0 when done, -1 on an error (logged with the
 * statement's SQL and SQLite's message; the connection is marked failed). */
int store_step(struct store_conn *c, sqlite3_stmt *st);

/* Steps a statement that returns at most one row, then resets it: 1 if
 * there was a row (its columns are read in `read`, may be NULL), 0 if
 * none, -1 on an error. */
int store_step_once(struct store_conn *c, sqlite3_stmt *st, void (*read)(sqlite3_stmt *st, void *ctx), void *ctx);
/* A reader for store_step_once: the row's first column into the int64_t at ctx. */
void store_read_int64(sqlite3_stmt *st, void *ctx);

/* Whether a statement failed since the last store_clear_failure. */
static inline bool store_failed(const struct store_conn *c) { return c->failed; }
static inline void store_clear_failure(struct store_conn *c) { c->failed = false; }
/* The work the connection's statements did since the last call, in
 * SQLite's virtual-machine steps (each statement's counter read and reset):
 * what a test compares between a small and a large database to see that a
 * page's work does not grow with it. */
uint64_t store_steps_take(struct store_conn *c);
/* The pages of the database the connection read since the last call (from
 * its cache or from the file): what a page that passes over rows costs,
 * which steps hide when the rows passed over are read whole. */
uint64_t store_pages_take(struct store_conn *c);
/* What the first failure since then means, in the operator's words ("đĩa
 * đã đầy"), or NULL when none failed or SQLite's code has no such words. */
const char *store_failure_words(const struct store_conn *c);

/* A column as a string view valid until the next step/reset. */
struct str store_col_str(sqlite3_stmt *st, int col);
/* The same, copied into `a` (NUL-terminated; "" for NULL). */
struct str store_col_copy(struct arena *a, sqlite3_stmt *st, int col);

/* One read transaction around all the reads of a rendering: SQLite then
 * takes its file locks and checks the WAL once, not once per statement.
 * store_read_begin returns -1 (and marks the connection failed) if the
 * database cannot be read. */
int store_read_begin(struct store_conn *c);
void store_read_end(struct store_conn *c);

/* Keeping a read transaction between requests. Beginning and ending one
 * costs system calls (file locks) and the WAL's checks, about as much as
 * drawing a small page; a thread serving several requests in a row may
 * read them all from one snapshot, as long as nothing was committed since.
 *
 * store_read_keep ends the request's read like store_read_end, except that
 * a sound read transaction stays open. store_read_begin then reuses it if
 * no connection of this process has committed since it began and it is
 * younger than STORE_READ_KEEP_MS; otherwise it starts a new one. Nothing
 * is kept while the write-ahead log is long (1000 pages and more): SQLite
 * starts the log over only at a moment when no reader holds a snapshot.
 * store_read_refresh ends a kept transaction that is stale by those rules
 * (before anything is read outside store_read_begin), store_read_release
 * any kept transaction: the server calls it whenever its thread has no
 * more requests at hand, so a snapshot never outlives a burst of work, and
 * a write made by another process is seen by the next request that comes
 * after it (within STORE_READ_KEEP_MS under continuous load). */
#define STORE_READ_KEEP_MS 20
void store_read_keep(struct store_conn *c);
void store_read_refresh(struct store_conn *c);
void store_read_release(struct store_conn *c);
/* Commits made by this process's connections so far. */
uint64_t store_commits(void);
/* Read transactions begun, and requests served from a kept one, so far. */
struct store_read_stats {
    uint64_t begun, reused;
};
void store_read_stats(struct store_read_stats *out);

/* Opens a write (BEGIN IMMEDIATE, or a SAVEPOINT inside an open one).
 * Returns -1, with nothing opened, if it cannot: the caller must not
 * write. */
int store_write_begin(struct store_conn *c);
/* Ends the innermost write. The outermost COMMIT hands the touched tags
 * to the invalidator. Returns -1 if the commit failed (then everything
 * since the outermost begin is rolled back). */
int store_write_commit(struct store_conn *c);
/* Undoes the innermost write. */
void store_write_rollback(struct store_conn *c);
/* Ends the innermost write: commits when rc is 0 (returning the commit's
 * result), rolls back and returns rc otherwise. */
int store_write_finish(struct store_conn *c, int rc);
/* Steps a statement that returns no row, then resets it: 0, or -1. */
int store_step_done(struct store_conn *c, sqlite3_stmt *st);
/* Runs `sql` (no row returned), with ?1 = a and ?2 = b, in a write of its
 * own: 0, or -1 with nothing written. It touches no tag (a counter that
 * no page cache must drop for). */
int store_write_ints(struct store_conn *c, const char *sql, int64_t a, int64_t b);
/* Runs each of the n statements (no row returned), with ?1 = id, in one
 * write of their own (a savepoint inside a caller's): 0, or -1 with none
 * of them written. Touches no tag. */
int store_write_by_id(struct store_conn *c, const char *const *sqls, size_t n, int64_t id);
/* Binds s (text, copied) to parameter i; a null str binds "". */
void store_bind_str(sqlite3_stmt *st, int i, struct str s);
/* Replaces the rows linking `id` to each of ids[0..n): runs clear_sql
 * with ?1 = id, then add_sql with ?1 = id, ?2 = ids[k] for each (and ?3 =
 * k, the position, when add_sql takes it). 0 or -1. */
int store_replace_links(struct store_conn *c, const char *clear_sql, const char *add_sql, int64_t id,
                        const int64_t *ids, size_t n);
/* Where the database stands, as this connection sees it inside its open
 * read transaction: two values that differ whenever a transaction was
 * committed since, by this connection or any other, in any process. A
 * value computed from the database may be kept while they are equal. */
struct store_version {
    uint64_t conn;  /* the connection's serial: values of two connections never compare equal */
    int64_t others; /* PRAGMA data_version */
    int64_t own;    /* sqlite3_total_changes64 */
};
static inline bool store_version_same(const struct store_version *a, const struct store_version *b)
{
    return a->conn && a->conn == b->conn && a->others == b->others && a->own == b->own;
}
/* 0, or -1 if the statement failed. */
int store_version_read(struct store_conn *c, struct store_version *v);

/* Names a cache tag that the open write changes ("art:12"). */
void store_touch(struct store_conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Adds a function called with each tag a write touched, after its
 * commit, from the writing thread: the page cache drops its pages, the
 * site reloads its snapshot. Registered before any write; with none, tags
 * are not even recorded (a bulk load touches one per row), but the commit
 * of a write that touched any counts itself in the database, for a server
 * running beside (store_watch_start). The tag STORE_TAG_ALL says that
 * anything may have changed. */
void store_on_commit(void (*invalidate)(struct str tag));
#define STORE_TAG_ALL "*"

/* A thread with its own connection that calls tick(db, ctx) at once and
 * then every interval_ms until stopped: the newsroom's scheduler, the
 * visitor counter's flusher, the watch below. */
struct store_ticker {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop, wake;
    atomic_bool running; /* read by store_ticker_wake from any thread */
    int interval_ms;
    struct store_conn db; /* opened by the caller before store_ticker_start */
    void (*tick)(struct store_conn *db, void *ctx);
    void *ctx;
};
/* Starts the thread on t->db, which the caller has opened; on failure
 * closes it and returns -1 with a sentence in err. */
int store_ticker_start(struct store_ticker *t, int interval_ms, void (*tick)(struct store_conn *db, void *ctx),
                       void *ctx, const char *name, char *err, size_t errlen);
/* Has the thread tick now rather than at the end of its interval (a
 * write that something it draws depends on), but not sooner than a
 * second after its last tick; from any thread. */
void store_ticker_wake(struct store_ticker *t);
/* Wakes the thread and waits for it to end; ticks once more if
 * `last_tick`; closes the connection. Does nothing if it is not running. */
void store_ticker_stop(struct store_ticker *t, bool last_tick);

/* Starts a thread that reads, every interval_ms, how many writes other
 * processes without invalidators (the command line) have committed to the
 * database at `path`; when the count grows it makes every kept read
 * transaction stale (as a commit of this process does) and calls every
 * invalidator with STORE_TAG_ALL. -1 with a sentence in err if it cannot. */
int store_watch_start(const char *path, int interval_ms, char *err, size_t errlen);
void store_watch_stop(void);

/* Runs SQL without results (for set-up and maintenance). */
int store_exec(struct store_conn *c, const char *sql, char *err, size_t errlen);

/* Copies the live database `c` into the file `to` with SQLite's online
 * backup API: consistent even while the server writes. */
/* Removes a database file this process made and could not fill, with the
 * journals SQLite may have left beside it (-journal, -wal, -shm). */
void store_remove_files(const char *path);
int store_backup(struct store_conn *c, const char *to, char *err, size_t errlen);

#endif
