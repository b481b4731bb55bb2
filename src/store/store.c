/* store.c - SQLite connections, statements, transactions, migrations and
 * backups; see store.h. */
#include "store/store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/oserr.h"
#include "store/fts_vi.h"
#include "text/vi.h"

/* A database holds password hashes, second-factor secrets and the audit
 * log: a file made here is readable by its owner alone (SQLite gives its
 * -wal and -shm the same mode), whatever the umask. */
static void make_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0)
        close(fd);
}

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file store_migrations[]; /* build/gen/migrations.c */

#define MAX_INVALIDATORS 8
static void (*invalidators[MAX_INVALIDATORS])(struct str tag);
/* Published with release/acquire: a thread already writing (the newsroom's
 * scheduler) may commit while the server is still registering. */
static _Atomic int n_invalidators;

/* Commits by any connection of this process (a kept read transaction is
 * stale once it grows), counted by SQLite's WAL hook. */
static atomic_uint_fast64_t commits;
static atomic_uint_fast64_t reads_begun, reads_reused;
static atomic_bool log_long;

/* After each commit of a connection in WAL mode. Registering a hook
 * replaces SQLite's own automatic checkpoint, so it is done here as SQLite
 * does it: a passive checkpoint once the log holds 1000 pages. */
enum { LOG_CHECKPOINT_PAGES = 1000 }; /* SQLite's own default */

static int on_wal_commit(void *unused, sqlite3 *db, const char *name, int pages)
{
    (void)unused;
    bool long_log = pages >= LOG_CHECKPOINT_PAGES;
    atomic_fetch_add_explicit(&commits, 1, memory_order_release);
    /* While the log is long, readers keep no transaction between requests:
     * the log starts over from its beginning only at a moment when no
     * reader holds a snapshot of it, and kept snapshots leave few such
     * moments (150 quick writes under load grew it to 12 MiB instead of 4). */
    atomic_store_explicit(&log_long, long_log, memory_order_release);
    if (long_log)
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return SQLITE_OK;
}

/* COLLATE vi: Vietnamese alphabetical order (vi_compare), for the lists a
 * query pages through (ORDER BY ... LIMIT). Never in the schema: a file
 * opened without it (the sqlite3 shell) must still read every index. */
static int collate_vi(void *unused, int na, const void *a, int nb, const void *b)
{
    (void)unused;
    return vi_compare((struct str){a, (size_t)na}, (struct str){b, (size_t)nb});
}

/* What SQLite's result code means, in the operator's words (its own
 * message, in English, follows in brackets for whoever reports it). */
static const char *code_words(int code)
{
    switch (code & 0xff) {
    case SQLITE_FULL: return "đĩa đã đầy";
    case SQLITE_CORRUPT: return "tệp cơ sở dữ liệu bị hỏng";
    case SQLITE_NOTADB: return "tệp không phải cơ sở dữ liệu SQLite";
    case SQLITE_READONLY: return "không được ghi vào tệp (chỉ đọc)";
    case SQLITE_CANTOPEN: return "không mở được tệp";
    case SQLITE_IOERR: return "lỗi đọc, ghi đĩa";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "tệp đang bị một tiến trình khác khóa";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "không có quyền";
    case SQLITE_NOMEM: return "hết bộ nhớ";
    default: return NULL;
    }
}

static void set_err(char *err, size_t errlen, const char *what, sqlite3 *db)
{
    if (!err || !errlen)
        return;
    const char *words = db ? code_words(sqlite3_extended_errcode(db)) : "hết bộ nhớ";
    if (words && db)
        snprintf(err, errlen, "%s: %s (%s)", what, words, sqlite3_errmsg(db));
    else
        snprintf(err, errlen, "%s: %s", what, db ? sqlite3_errmsg(db) : words);
}

void store_remove_files(const char *path)
{
    static const char *const sides[] = {"", "-journal", "-wal", "-shm"};
    char side[PATH_MAX];
    for (size_t i = 0; i < sizeof sides / sizeof sides[0]; i++)
        if ((size_t)snprintf(side, sizeof side, "%s%s", path, sides[i]) < sizeof side)
            unlink(side);
}

/* --- opening ----------------------------------------------------------------- */

int store_check_path(const char *path, enum store_mode mode, char *err, size_t errlen)
{
    if (!path || !*path) {
        snprintf(err, errlen, "đường dẫn cơ sở dữ liệu để trống");
        return -1;
    }
    if (strcmp(path, ":memory:") == 0)
        return 0;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (!S_ISREG(st.st_mode)) {
            snprintf(err, errlen, "%s không phải tệp thông thường (%s); hãy cho đường dẫn của một tệp cơ sở dữ liệu",
                     path, S_ISDIR(st.st_mode) ? "đó là một thư mục" : "đó là thiết bị, pipe hoặc socket");
            return -1;
        }
        /* a file to write: said here with its name, rather than by SQLite's
         * "attempt to write a readonly database" at the first write */
        if (mode != STORE_READ_ONLY && access(path, W_OK) != 0) {
            snprintf(err, errlen,
                     "%s chỉ đọc được với người dùng này (%s): hãy cấp quyền ghi tệp, hoặc chạy bằng người dùng sở "
                     "hữu tệp",
                     path, os_error_words(errno));
            return -1;
        }
        return 0;
    }
    if (errno != ENOENT) {
        snprintf(err, errlen, "không dùng được %s: %s", path, os_error_words(errno));
        return -1;
    }
    if (mode != STORE_CREATE) {
        snprintf(err, errlen, "không tìm thấy cơ sở dữ liệu %s", path);
        return -1;
    }
    /* A new file: its folder must exist and take new files (SQLite also
     * writes PATH-wal and PATH-shm beside it). */
    char folder[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(folder, sizeof folder, ".");
    else if (slash == path)
        snprintf(folder, sizeof folder, "/");
    else
        snprintf(folder, sizeof folder, "%.*s", (int)(slash - path), path);
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "không tạo được %s: thư mục %s không tồn tại", path, folder);
        return -1;
    }
    if (access(folder, W_OK | X_OK) != 0) {
        snprintf(err, errlen, "không tạo được %s: không ghi được vào thư mục %s", path, folder);
        return -1;
    }
    return 0;
}

/* Whether path + suffix ("-wal", "-shm") is there. */
static bool side_file_exists(const char *path, const char *suffix)
{
    char side[PATH_MAX];
    struct stat st;
    return (size_t)snprintf(side, sizeof side, "%s%s", path, suffix) < sizeof side && stat(side, &st) == 0;
}

static int open_conn(struct store_conn *c, const char *path, enum store_mode mode, bool check, long *check_ms,
                     char *err, size_t errlen)
{
    static atomic_uint_fast64_t serials;
    memset(c, 0, sizeof *c);
    c->serial = atomic_fetch_add(&serials, 1) + 1;
    if (store_check_path(path, mode, err, errlen) != 0)
        return -1;
    struct stat before;
    bool there = strcmp(path, ":memory:") != 0 && stat(path, &before) == 0;
    bool existed = there && before.st_size > 0;
    if (there && !existed && mode != STORE_CREATE && S_ISREG(before.st_mode)) {
        /* SQLite would take an empty file for an empty database, and the
         * server's first pragma would write to a file it then refuses */
        snprintf(err, errlen, "%s là tệp rỗng, không phải cơ sở dữ liệu do dinh tạo (tạo bằng `dinh init --db %s`)",
                 path, path);
        return -1;
    }
    if (mode == STORE_READ_ONLY && existed && !side_file_exists(path, "-wal") && !side_file_exists(path, "-shm")) {
        c->tidy_path = strdup(path);
        if (!c->tidy_path)
            abort();
    }
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == STORE_READ_ONLY)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == STORE_CREATE ? SQLITE_OPEN_CREATE : 0);
    if (mode == STORE_CREATE && !there && strcmp(path, ":memory:") != 0)
        make_private(path);
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        char what[512];
        snprintf(what, sizeof what, "không mở được cơ sở dữ liệu %s", path);
        set_err(err, errlen, what, c->db);
        sqlite3_close(c->db);
        c->db = NULL;
        free(c->tidy_path);
        c->tidy_path = NULL;
        return -1;
    }
    sqlite3_extended_result_codes(c->db, 1);
    if (fts_vi_register(c->db) != SQLITE_OK ||
        sqlite3_create_collation_v2(c->db, "vi", SQLITE_UTF8, NULL, collate_vi, NULL) != SQLITE_OK) {
        set_err(err, errlen, "không đăng ký được bộ tách từ tìm kiếm và thứ tự sắp xếp tiếng Việt", c->db);
        store_close(c);
        return -1;
    }
    sqlite3_busy_timeout(c->db, 5000);
    sqlite3_wal_hook(c->db, on_wal_commit, NULL);
    /* Force the file to be read now so that "not a database" is reported
     * here, before anything is written to it (journal_mode=WAL writes). */
    if (store_db_version(c) < 0) {
        char what[512];
        if ((sqlite3_extended_errcode(c->db) & 0xff) == SQLITE_READONLY)
            /* a WAL database is read through its -shm file beside it, which
             * SQLite must be able to create or open for writing */
            snprintf(what, sizeof what,
                     "không đọc được cơ sở dữ liệu %s: tệp ở chế độ WAL mà người dùng này không ghi được vào thư mục "
                     "chứa tệp hoặc vào tệp -shm (bản sao lưu là tệp thường, đọc được ở bất cứ đâu)",
                     path);
        else
            snprintf(what, sizeof what, "không đọc được cơ sở dữ liệu %s", path);
        set_err(err, errlen, what, c->db);
        store_close(c);
        return -1;
    }
    /* A database of another program (tables, no schema version of ours):
     * init would add dinh's tables beside its own and serve would ask for
     * init; nothing is written to it. */
    if (existed && store_db_version(c) == 0) {
        sqlite3_stmt *st = NULL;
        int objects = 0;
        if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            objects = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (objects > 0) {
            snprintf(err, errlen,
                     "%s là cơ sở dữ liệu SQLite của một chương trình khác, không phải cơ sở dữ liệu do dinh tạo "
                     "(có %d bảng hoặc chỉ mục nhưng không có phiên bản lược đồ của dinh); dinh không ghi gì vào tệp "
                     "này, hãy dùng một tệp mới",
                     path, objects);
            store_close(c);
            return -1;
        }
    }
    if (check && existed) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        char why[400];
        int bad = store_check(c, false, why, sizeof why);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if (check_ms)
            *check_ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
        if (bad) {
            snprintf(err, errlen, "%s: %s; có thể dùng `dinh restore` để thay tệp này bằng một bản sao lưu", path, why);
            store_close(c);
            return -1;
        }
    }
    /* WAL keeps readers and the single writer apart; NORMAL keeps every
     * committed transaction across a process crash (kill -9). A 1 MiB
     * page cache per connection: the server holds one connection per
     * thread, and the hot pages of a portal are few (its pages are served
     * from the page cache, not re-read). A writer keeps its savepoint
     * journals in memory: a module's write nested in a larger one is a
     * savepoint, and on disk its journal would be written page by page
     * (2.4 times the writes, 46 s instead of 33 s for `dinh init
     * --articles 100000`); what a savepoint journals is the pages one write
     * touches, so it stays small. */
    const char *setup = mode == STORE_READ_ONLY ? "PRAGMA foreign_keys=ON; PRAGMA cache_size=-1024;"
                                                : "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                                                  "PRAGMA foreign_keys=ON; PRAGMA cache_size=-1024;"
                                                  "PRAGMA temp_store=MEMORY;";
    /* SQLite's own sentence ("database is locked") inside ours */
    char why[256];
    if (store_exec(c, setup, why, sizeof why) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "không thiết lập được kết nối tới cơ sở dữ liệu %s: %s", path, why);
        store_close(c);
        return -1;
    }
    /* `dinh init` is a batch that may write a whole portal (the search
     * indexes' merges read back what they wrote): 64 MiB of cache there. */
    if (mode == STORE_CREATE && store_exec(c, "PRAGMA cache_size=-65536;", why, sizeof why) != 0) {
        if (err && errlen)
            snprintf(err, errlen, "không thiết lập được kết nối tới cơ sở dữ liệu %s: %s", path, why);
        store_close(c);
        return -1;
    }
    return 0;
}

int store_open(struct store_conn *c, const char *path, enum store_mode mode, char *err, size_t errlen)
{
    return open_conn(c, path, mode, false, NULL, err, errlen);
}

int store_open_checked(struct store_conn *c, const char *path, enum store_mode mode, long *check_ms, char *err,
                       size_t errlen)
{
    if (check_ms)
        *check_ms = 0;
    return open_conn(c, path, mode, true, check_ms, err, errlen);
}

void store_close(struct store_conn *c)
{
    for (size_t i = 0; i < c->cap_slots; i++)
        if (c->slots[i].stmt)
            sqlite3_finalize(c->slots[i].stmt);
    free(c->slots);
    for (size_t i = 0; i < c->n_touched; i++)
        free(c->touched[i]);
    free(c->touched);
    if (c->db)
        sqlite3_close(c->db);
    /* A read-only connection cannot remove the write-ahead log and its
     * index it had to make (dinh check, backup and restore read a file no
     * server has open), and they would stay beside the file. A connection
     * that may write removes them when it closes last, having checked that
     * no one else has the file open; the log it made is empty, so nothing
     * is written to the database. */
    if (c->tidy_path) {
        sqlite3 *db = NULL;
        if (sqlite3_open_v2(c->tidy_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK)
            sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
        sqlite3_close(db);
        free(c->tidy_path);
    }
    memset(c, 0, sizeof *c);
}

uint64_t store_steps_take(struct store_conn *c)
{
    uint64_t n = 0;
    for (size_t i = 0; i < c->cap_slots; i++)
        if (c->slots[i].stmt)
            n += (uint64_t)sqlite3_stmt_status(c->slots[i].stmt, SQLITE_STMTSTATUS_VM_STEP, 1);
    return n;
}

uint64_t store_pages_take(struct store_conn *c)
{
    uint64_t n = 0;
    static const int ops[] = {SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        int cur = 0, high = 0;
        if (sqlite3_db_status(c->db, ops[i], &cur, &high, 1) == SQLITE_OK && cur > 0)
            n += (uint64_t)cur;
    }
    return n;
}

const char *store_failure_words(const struct store_conn *c)
{
    return c->failed ? code_words(c->failed_code) : NULL;
}

int store_exec(struct store_conn *c, const char *sql, char *err, size_t errlen)
{
    char *msg = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        const char *words = code_words(sqlite3_extended_errcode(c->db));
        if (err && errlen && words)
            snprintf(err, errlen, "%s (%s)", words, msg ? msg : sqlite3_errmsg(c->db));
        else if (err && errlen)
            snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int store_check(struct store_conn *c, bool full, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    const char *sql = full ? "PRAGMA integrity_check(100)" : "PRAGMA quick_check(100)";
    if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
        set_err(err, errlen, "cơ sở dữ liệu bị hỏng", c->db);
        return -1;
    }
    /* SQLite names each problem on a line ("Page 7: btreeInitPage()...")
     * after a "*** in database main ***" heading; the first problem is
     * what the one line says, with how many more there are. */
    char first[300] = "";
    int rc, problems = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(st, 0);
        if (!text || strcmp(text, "ok") == 0)
            continue;
        for (const char *line = text; *line;) {
            size_t n = strcspn(line, "\n");
            if (n && strncmp(line, "***", 3) != 0) {
                if (!problems)
                    snprintf(first, sizeof first, "%.*s", (int)n, line);
                problems++;
            }
            line += n;
            if (*line)
                line++;
        }
    }
    if (rc != SQLITE_DONE && !problems) {
        snprintf(first, sizeof first, "%s", sqlite3_errmsg(c->db));
        problems++;
    }
    sqlite3_finalize(st);
    if (!problems)
        return 0;
    if (problems > 1)
        snprintf(err, errlen, "cơ sở dữ liệu bị hỏng: %s (và %d lỗi khác)", first, problems - 1);
    else
        snprintf(err, errlen, "cơ sở dữ liệu bị hỏng: %s", first);
    return -1;
}

/* --- migrations ------------------------------------------------------------------ */

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

int store_version_read(struct store_conn *c, struct store_version *v)
{
    sqlite3_stmt *st = store_stmt(c, "PRAGMA data_version");
    if (!st)
        return -1;
    int rc = store_step(c, st);
    v->others = rc == 1 ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    v->own = sqlite3_total_changes64(c->db);
    v->conn = c->serial;
    return rc == 1 ? 0 : -1;
}

int store_migrate(struct store_conn *c, int *applied, char *err, size_t errlen)
{
    *applied = 0;
    char why[256];
    if (store_exec(c, "BEGIN IMMEDIATE", why, sizeof why) != 0) {
        snprintf(err, errlen, "không bắt đầu được việc nâng cấp lược đồ: %s", why);
        return -1;
    }
    int have = store_db_version(c);
    int know = store_schema_version();
    if (have < 0) {
        set_err(err, errlen, "không đọc được phiên bản lược đồ", c->db);
        goto fail;
    }
    if (have > know) {
        snprintf(err, errlen,
                 "cơ sở dữ liệu có phiên bản lược đồ %d, mới hơn phiên bản mà dinh này hiểu được (%d); "
                 "hãy dùng bản dinh mới hơn",
                 have, know);
        goto fail;
    }
    for (int i = have; i < know; i++) {
        char what[256];
        if (store_exec(c, store_migrations[i].text, what, sizeof what) != 0) {
            snprintf(err, errlen, "bước nâng cấp lược đồ %s thất bại: %s", store_migrations[i].name, what);
            goto fail;
        }
        (*applied)++;
    }
    char pragma[64];
    snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", know);
    if (store_exec(c, pragma, why, sizeof why) != 0 || store_exec(c, "COMMIT", why, sizeof why) != 0) {
        snprintf(err, errlen, "không ghi được phiên bản lược đồ mới: %s", why);
        goto fail;
    }
    return 0;
fail:
    store_exec(c, "ROLLBACK", NULL, 0);
    *applied = 0;
    return -1;
}

/* --- statements ---------------------------------------------------------------------- */

/* Logs a failure once per request: the first failed statement says what
 * happened; what fails after it in the same request is its consequence. */
static void fail_statement(struct store_conn *c, const char *sql, int rc)
{
    if (!c->failed) {
        log_error("database: %s (%s) in: %.300s", sqlite3_errmsg(c->db), sqlite3_errstr(rc), sql ? sql : "?");
        c->failed_code = rc;
    }
    c->failed = true;
}

static size_t slot_of(const char *sql, size_t cap)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 20) & (cap - 1);
}

/* Doubles the table of prepared statements (a power of two, kept at most
 * half full so that probes stay short). */
static void grow_slots(struct store_conn *c)
{
    size_t cap = c->cap_slots ? c->cap_slots * 2 : 128;
    struct store_slot *slots = calloc(cap, sizeof *slots);
    if (!slots)
        abort();
    for (size_t i = 0; i < c->cap_slots; i++) {
        if (!c->slots[i].sql)
            continue;
        size_t k = slot_of(c->slots[i].sql, cap);
        while (slots[k].sql)
            k = (k + 1) & (cap - 1);
        slots[k] = c->slots[i];
    }
    free(c->slots);
    c->slots = slots;
    c->cap_slots = cap;
}

sqlite3_stmt *store_stmt(struct store_conn *c, const char *sql)
{
    if (c->n_slots * 2 >= c->cap_slots)
        grow_slots(c);
    size_t i = slot_of(sql, c->cap_slots);
    while (c->slots[i].sql && c->slots[i].sql != sql)
        i = (i + 1) & (c->cap_slots - 1);
    if (c->slots[i].sql) {
        sqlite3_stmt *st = c->slots[i].stmt;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        return st;
    }
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        fail_statement(c, sql, rc);
        return NULL;
    }
    c->slots[i] = (struct store_slot){sql, st};
    c->n_slots++;
    return st;
}

int store_step(struct store_conn *c, sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    fail_statement(c, sqlite3_sql(st), rc);
    sqlite3_reset(st);
    return -1;
}

int store_write_by_id(struct store_conn *c, const char *const *sqls, size_t n, int64_t id)
{
    if (store_write_begin(c) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        sqlite3_stmt *st = store_stmt(c, sqls[i]);
        if (!st)
            return store_write_finish(c, -1);
        sqlite3_bind_int64(st, 1, id);
        if (store_step_done(c, st) != 0)
            return store_write_finish(c, -1);
    }
    return store_write_finish(c, 0);
}

int store_write_ints(struct store_conn *c, const char *sql, int64_t a, int64_t b)
{
    if (store_write_begin(c) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return store_write_finish(c, -1);
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    return store_write_finish(c, store_step_done(c, st));
}

int store_step_once(struct store_conn *c, sqlite3_stmt *st, void (*read)(sqlite3_stmt *st, void *ctx), void *ctx)
{
    int r = store_step(c, st);
    if (r > 0 && read)
        read(st, ctx);
    sqlite3_reset(st);
    return r;
}

struct str store_col_str(sqlite3_stmt *st, int col)
{
    const unsigned char *p = sqlite3_column_text(st, col);
    int n = sqlite3_column_bytes(st, col);
    return (struct str){p ? (const char *)p : "", p ? (size_t)n : 0};
}

struct str store_col_copy(struct arena *a, sqlite3_stmt *st, int col)
{
    struct str s = store_col_str(st, col);
    return arena_strdup(a, s.p ? s.p : "", s.n);
}

/* --- transactions ----------------------------------------------------------------------- */

/* Runs one of the transaction statements below (kept prepared). */
static int run(struct store_conn *c, const char *sql)
{
    sqlite3_stmt *st = store_stmt(c, sql);
    if (!st)
        return -1;
    int r = store_step(c, st);
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

/* Migration 025: what a process without invalidators committed. */
static const char SQL_OUTSIDE_COUNT[] = "INSERT INTO store_outside_write (id, writes) VALUES (1, 1) "
                                        "ON CONFLICT (id) DO UPDATE SET writes = writes + 1";
static const char SQL_OUTSIDE_READ[] = "SELECT writes FROM store_outside_write WHERE id = 1";
static const char SQL_READ_BEGIN[] = "BEGIN";
static const char SQL_READ_END[] = "COMMIT";
static const char SQL_WRITE_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_WRITE_COMMIT[] = "COMMIT";
static const char SQL_WRITE_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT w";
static const char SQL_RELEASE[] = "RELEASE w";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO w";

uint64_t store_commits(void) { return atomic_load_explicit(&commits, memory_order_acquire); }

/* Whether the kept read transaction may serve another request. */
static bool kept_fresh(const struct store_conn *c)
{
    return store_commits() == c->read_commits && clock_now_ms() - c->read_since_ms < STORE_READ_KEEP_MS &&
           !atomic_load_explicit(&log_long, memory_order_acquire);
}

int store_read_begin(struct store_conn *c)
{
    if (!sqlite3_get_autocommit(c->db)) {
        if (!c->read_kept)
            return 0; /* already inside a transaction */
        if (kept_fresh(c)) {
            c->read_kept = false; /* the request's own now, until store_read_keep */
            atomic_fetch_add_explicit(&reads_reused, 1, memory_order_relaxed);
            return 0;
        }
        store_read_end(c);
    }
    /* Counted before the snapshot is taken (at the first statement): a
     * commit in between makes it look older than it is, never newer. */
    c->read_commits = store_commits();
    c->read_since_ms = clock_now_ms();
    atomic_fetch_add_explicit(&reads_begun, 1, memory_order_relaxed);
    return run(c, SQL_READ_BEGIN);
}

void store_read_stats(struct store_read_stats *out)
{
    out->begun = atomic_load_explicit(&reads_begun, memory_order_relaxed);
    out->reused = atomic_load_explicit(&reads_reused, memory_order_relaxed);
}

void store_read_end(struct store_conn *c)
{
    c->read_kept = false;
    if (c->write_depth || sqlite3_get_autocommit(c->db))
        return; /* nothing open, or a write the caller owns */
    if (run(c, SQL_READ_END) != 0)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

void store_read_keep(struct store_conn *c)
{
    if (c->write_depth || c->failed || sqlite3_get_autocommit(c->db) ||
        atomic_load_explicit(&log_long, memory_order_acquire)) {
        store_read_end(c);
        return;
    }
    c->read_kept = true;
}

void store_read_refresh(struct store_conn *c)
{
    if (c->read_kept && !kept_fresh(c))
        store_read_end(c);
}

void store_read_release(struct store_conn *c)
{
    if (c->read_kept)
        store_read_end(c);
}

static void forget_touched(struct store_conn *c)
{
    for (size_t i = 0; i < c->n_touched; i++)
        free(c->touched[i]);
    c->n_touched = 0;
    c->touched_unheard = false;
}

int store_write_begin(struct store_conn *c)
{
    if (c->write_depth == 0 && !sqlite3_get_autocommit(c->db)) {
        /* A read transaction of the request: a write cannot grow from it
         * (it would fail with SQLITE_BUSY_SNAPSHOT under load); end it. */
        store_read_end(c);
    }
    if (run(c, c->write_depth ? SQL_SAVEPOINT : SQL_WRITE_BEGIN) != 0)
        return -1;
    if (c->write_depth == 0)
        forget_touched(c);
    c->write_depth++;
    return 0;
}

int store_write_commit(struct store_conn *c)
{
    if (c->write_depth <= 0)
        return -1;
    if (c->write_depth > 1) {
        c->write_depth--;
        return run(c, SQL_RELEASE);
    }
    c->write_depth = 0;
    /* Counted in the same transaction, so that a server beside sees it
     * exactly when it sees the write. */
    if ((c->touched_unheard && run(c, SQL_OUTSIDE_COUNT) != 0) || run(c, SQL_WRITE_COMMIT) != 0) {
        if (!sqlite3_get_autocommit(c->db))
            sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
        forget_touched(c);
        return -1;
    }
    /* Only now may cached pages be dropped: a page rendered from the old
     * data after this point can no longer be stored (see cache.h). */
    for (size_t i = 0; i < c->n_touched; i++)
        for (int k = 0, n = atomic_load_explicit(&n_invalidators, memory_order_acquire); k < n; k++)
            invalidators[k](str_cstr(c->touched[i]));
    forget_touched(c);
    return 0;
}

void store_write_rollback(struct store_conn *c)
{
    if (c->write_depth <= 0)
        return;
    if (c->write_depth > 1) {
        c->write_depth--;
        if (run(c, SQL_ROLLBACK_TO) == 0)
            run(c, SQL_RELEASE);
        return;
    }
    c->write_depth = 0;
    if (!sqlite3_get_autocommit(c->db) && run(c, SQL_WRITE_ROLLBACK) != 0)
        sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
    forget_touched(c);
}

void store_touch(struct store_conn *c, const char *fmt, ...)
{
    if (!atomic_load_explicit(&n_invalidators, memory_order_acquire)) {
        c->touched_unheard = true; /* nobody here to tell: a server beside is told at the commit */
        return;
    }
    char tag[128];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(tag, sizeof tag, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k >= sizeof tag) {
        log_error("cache tag too long: %s", fmt);
        abort(); /* a programming error: tags are short names */
    }
    for (size_t i = 0; i < c->n_touched; i++)
        if (strcmp(c->touched[i], tag) == 0)
            return;
    if (c->n_touched == c->cap_touched) {
        size_t cap = c->cap_touched ? c->cap_touched * 2 : 16;
        char **more = realloc(c->touched, cap * sizeof *more);
        if (!more)
            abort();
        c->touched = more;
        c->cap_touched = cap;
    }
    c->touched[c->n_touched] = strdup(tag);
    if (!c->touched[c->n_touched])
        abort();
    c->n_touched++;
}

void store_on_commit(void (*invalidate)(struct str tag))
{
    int n = atomic_load_explicit(&n_invalidators, memory_order_relaxed);
    for (int k = 0; k < n; k++)
        if (invalidators[k] == invalidate)
            return;
    if (n == MAX_INVALIDATORS) {
        log_error("store_on_commit: more than %d functions", MAX_INVALIDATORS);
        abort(); /* a programming error, found at start-up */
    }
    invalidators[n] = invalidate;
    atomic_store_explicit(&n_invalidators, n + 1, memory_order_release);
}

void store_read_int64(sqlite3_stmt *st, void *ctx) { *(int64_t *)ctx = sqlite3_column_int64(st, 0); }

int store_require_current(struct store_conn *c, const char *path, char *err, size_t errlen)
{
    int have = store_db_version(c), want = store_schema_version();
    if (have == want)
        return 0;
    if (have > want)
        snprintf(err, errlen, "cơ sở dữ liệu %s có phiên bản lược đồ %d, mới hơn phiên bản của dinh này (%d)", path,
                 have, want);
    else
        snprintf(err, errlen, "cơ sở dữ liệu %s có phiên bản lược đồ %d; hãy chạy `dinh init --db %s` để nâng cấp "
                              "lên phiên bản %d",
                 path, have, path, want);
    return -1;
}

/* --- threads that tick ----------------------------------------------------------------------- */

static void *ticker_main(void *arg)
{
    struct store_ticker *t = arg;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        t->wake = false;
        pthread_mutex_unlock(&t->lock);
        store_clear_failure(&t->db);
        t->tick(&t->db, t->ctx);
        pthread_mutex_lock(&t->lock);
        struct timespec until, soonest;
        clock_gettime(CLOCK_REALTIME, &until);
        soonest = until;
        long ns = until.tv_nsec + (long)(t->interval_ms % 1000) * 1000000L;
        until.tv_sec += t->interval_ms / 1000 + ns / 1000000000L;
        until.tv_nsec = ns % 1000000000L;
        /* woken (store_ticker_wake): a second after this tick at the
         * soonest, so that a burst of writes (drafts saved every few
         * seconds by twenty editors) costs a tick a second at most */
        if (t->interval_ms > 1000)
            soonest.tv_sec += 1;
        else
            soonest = until;
        int rc = 0;
        while (!t->stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&t->cond, &t->lock, t->wake ? &soonest : &until);
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int store_ticker_start(struct store_ticker *t, int interval_ms, void (*tick)(struct store_conn *db, void *ctx),
                       void *ctx, const char *name, char *err, size_t errlen)
{
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    t->stop = false;
    t->wake = false;
    t->interval_ms = interval_ms > 0 ? interval_ms : 1000;
    t->tick = tick;
    t->ctx = ctx;
    if (pthread_create(&t->thread, NULL, ticker_main, t) != 0) {
        snprintf(err, errlen, "không khởi động được luồng %s", name);
        store_close(&t->db);
        pthread_cond_destroy(&t->cond);
        pthread_mutex_destroy(&t->lock);
        return -1;
    }
    atomic_store(&t->running, true);
    return 0;
}

void store_ticker_wake(struct store_ticker *t)
{
    if (!atomic_load(&t->running))
        return;
    pthread_mutex_lock(&t->lock);
    t->wake = true;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
}

void store_ticker_stop(struct store_ticker *t, bool last_tick)
{
    /* cleared first: a commit of another thread no longer wakes it */
    if (!atomic_exchange(&t->running, false))
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->cond);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    if (last_tick) {
        store_clear_failure(&t->db);
        t->tick(&t->db, t->ctx);
    }
    store_close(&t->db);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->lock);
}

/* --- the watch for outside writes ------------------------------------------------------------ */

static struct {
    struct store_ticker ticker;
    bool known;
    int64_t writes;
} watch;

static void watch_tick(struct store_conn *db, void *ctx)
{
    (void)ctx;
    sqlite3_stmt *st = store_stmt(db, SQL_OUTSIDE_READ);
    int64_t writes = 0;
    if (!st || store_step_once(db, st, store_read_int64, &writes) < 0)
        return; /* logged; tried again at the next tick */
    if (watch.known && writes != watch.writes) {
        log_info("another process wrote to the database: cached pages and pieces dropped");
        /* As a commit of this process would: kept read transactions go
         * stale first, so a page that sees the invalidation reads anew. */
        atomic_fetch_add_explicit(&commits, 1, memory_order_release);
        for (int k = 0, n = atomic_load_explicit(&n_invalidators, memory_order_acquire); k < n; k++)
            invalidators[k](STR(STORE_TAG_ALL));
    }
    watch.writes = writes;
    watch.known = true;
}

int store_watch_start(const char *path, int interval_ms, char *err, size_t errlen)
{
    watch.known = false;
    if (store_open(&watch.ticker.db, path, STORE_READ_ONLY, err, errlen) != 0)
        return -1;
    return store_ticker_start(&watch.ticker, interval_ms, watch_tick, NULL, "theo dõi cơ sở dữ liệu", err, errlen);
}

void store_watch_stop(void) { store_ticker_stop(&watch.ticker, false); }

/* --- backup ------------------------------------------------------------------------------- */

int store_backup(struct store_conn *c, const char *to, char *err, size_t errlen)
{
    if (store_check_path(to, STORE_CREATE, err, errlen) != 0)
        return -1;
    const char *from = sqlite3_db_filename(c->db, "main");
    struct stat a, b2;
    if (from && stat(from, &a) == 0 && stat(to, &b2) == 0 && a.st_dev == b2.st_dev && a.st_ino == b2.st_ino) {
        snprintf(err, errlen, "%s chính là cơ sở dữ liệu đang được chép; không có gì bị thay đổi", to);
        return -1;
    }
    struct stat before;
    bool fresh = stat(to, &before) != 0; /* made here: removed again if the copy fails */
    if (fresh)
        make_private(to);
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        char what[512];
        snprintf(what, sizeof what, "không tạo được tệp đích %s", to);
        set_err(err, errlen, what, dst);
        sqlite3_close(dst);
        return -1;
    }
    /* An existing file is replaced only when it is one of dinh's databases
     * (or an empty one): another program's, with tables and no schema
     * version of ours, is left as it was, as every command leaves it. */
    if (!fresh) {
        sqlite3_stmt *st = NULL;
        int version = -1, objects = -1;
        if (sqlite3_prepare_v2(dst, "SELECT (SELECT user_version FROM pragma_user_version), count(*) FROM sqlite_master",
                               -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            version = sqlite3_column_int(st, 0);
            objects = sqlite3_column_int(st, 1);
        }
        sqlite3_finalize(st);
        if (version < 0 || (version == 0 && objects > 0)) {
            if (version < 0)
                set_err(err, errlen, "không đọc được tệp đích; không có gì bị thay đổi", dst);
            else
                snprintf(err, errlen,
                         "%s là cơ sở dữ liệu SQLite của một chương trình khác (có %d bảng hoặc chỉ mục nhưng không có "
                         "phiên bản lược đồ của dinh); dinh không ghi đè tệp này, hãy chọn một tệp khác",
                         to, objects);
            sqlite3_close(dst);
            return -1;
        }
    }
    /* A file in use by another process (a running server keeps its
     * database in WAL mode, open) is refused before anything is copied
     * into it: leaving WAL needs every other connection gone, so the
     * attempt tells, and on a file nobody uses it changes nothing but the
     * journal mode the copy ends with anyway. */
    sqlite3_busy_timeout(dst, 2000);
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        int code = sqlite3_errcode(dst);
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
            snprintf(err, errlen, "%s đang được một tiến trình khác dùng (một dinh serve đang chạy?): hãy dừng "
                                  "tiến trình đó trước; không có gì bị thay đổi", to);
        else
            set_err(err, errlen, "không chuẩn bị được tệp đích để chép vào; không có gì bị thay đổi", dst);
        sqlite3_close(dst);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", c->db, "main");
    if (!b) {
        set_err(err, errlen, "sao lưu thất bại", dst);
        sqlite3_close(dst);
        return -1;
    }
    int rc;
    /* All pages in one step, inside one read transaction of the source: in
     * WAL mode the server's writers go on meanwhile, and the copy is the
     * database as it was when the step began. Copying in small steps would
     * start over after every write of a busy server and never finish. */
    while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep(5);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        set_err(err, errlen, fresh ? "chép thất bại; tệp chép dở đã được xóa" : "chép thất bại; tệp đích vẫn như cũ",
                dst);
        sqlite3_close(dst);
        if (fresh)
            store_remove_files(to);
        return -1;
    }
    /* The copy of a WAL database says WAL in its header, and SQLite opens
     * such a file only where it may write its -wal and -shm beside it: a
     * backup on a read-only disk could then be neither checked nor
     * restored. The copy is a plain file; serving it turns WAL on again. */
    if (sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK) {
        set_err(err, errlen, "đã chép xong nhưng không chuyển được bản sao thành tệp thường (journal DELETE)", dst);
        sqlite3_close(dst);
        if (fresh)
            store_remove_files(to);
        return -1;
    }
    sqlite3_close(dst);
    return 0;
}

int store_write_finish(struct store_conn *c, int rc)
{
    if (rc != 0) {
        store_write_rollback(c);
        return rc;
    }
    return store_write_commit(c);
}

int store_step_done(struct store_conn *c, sqlite3_stmt *st)
{
    int r = store_step(c, st);
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

void store_bind_str(sqlite3_stmt *st, int i, struct str s)
{
    sqlite3_bind_text(st, i, s.n ? s.p : "", (int)s.n, SQLITE_TRANSIENT);
}

int store_replace_links(struct store_conn *c, const char *clear_sql, const char *add_sql, int64_t id,
                        const int64_t *ids, size_t n)
{
    sqlite3_stmt *st = store_stmt(c, clear_sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (store_step_done(c, st) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(st = store_stmt(c, add_sql)))
            return -1;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, ids[i]);
        if (sqlite3_bind_parameter_count(st) >= 3)
            sqlite3_bind_int64(st, 3, (int64_t)i);
        if (store_step_done(c, st) != 0)
            return -1;
    }
    return 0;
}
