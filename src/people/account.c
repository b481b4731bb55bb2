/* account.c - accounts, the login throttle and the audit log; see people.h. */
#include <string.h>

#include "core/buf.h"
#include "people/people.h"
#include "text/utf8.h"

/* --- accounts ------------------------------------------------------------------------------ */

#define USER_COLUMNS                                                                                                 \
    "u.id, u.login, u.name, u.role, u.locked, u.locked_until, u.demo, u.created_at, u.pw_changed_at, "           \
    "max(coalesce((SELECT max(s.seen_at) FROM sessions s WHERE s.user_id = u.id), 0), "                         \
    "coalesce((SELECT max(a.at) FROM audit_log a WHERE a.user_id = u.id AND a.action = 'login'), 0), "           \
    "coalesce((SELECT max(a.at) FROM audit_log a WHERE a.user_id = u.id AND a.action = 'logout'), 0)), "         \
    "coalesce((SELECT t.enabled_at > 0 FROM user_totp t WHERE t.user_id = u.id), 0) "

static const char SQL_USER_INSERT[] =
    "INSERT INTO users(login, name, role, pw_hash, pw_changed_at, demo, created_at) VALUES (?1, ?2, ?3, ?4, ?7, ?6, ?5)";
static const char SQL_USER_LOGIN_TAKEN[] = "SELECT 1 FROM users WHERE login = ?1";
static const char SQL_USER_BY_LOGIN[] = "SELECT " USER_COLUMNS "FROM users u WHERE u.login = ?1";
static const char SQL_USER_BY_ID[] = "SELECT " USER_COLUMNS "FROM users u WHERE u.id = ?1";
static const char SQL_USER_LIST[] = "SELECT " USER_COLUMNS "FROM users u ORDER BY u.login";
static const char SQL_USER_HASH[] = "SELECT pw_hash FROM users WHERE id = ?1";
static const char SQL_USER_SET_HASH[] = "UPDATE users SET pw_hash = ?2, pw_changed_at = ?3 WHERE id = ?1";
static const char SQL_USER_LOCK[] = "UPDATE users SET locked = 1 WHERE id = ?1";
static const char SQL_USER_UNLOCK[] = "UPDATE users SET locked = 0, locked_until = 0 WHERE id = ?1";
static const char SQL_USER_SET_ROLE[] = "UPDATE users SET role = ?2 WHERE id = ?1";
static const char SQL_ACTIVE_ADMINS[] = "SELECT count(*) FROM users WHERE role = 'admin' AND locked = 0";
static const char SQL_FAILURES_UNLOCK[] = "DELETE FROM login_failures WHERE login = (SELECT login FROM users WHERE id = ?1)";

struct read_user {
    struct arena *a;
    struct people_user *u;
};

static void read_user_row(sqlite3_stmt *st, struct people_user *u, struct arena *a)
{
    struct str login = store_col_str(st, 1), name = store_col_str(st, 2);
    u->id = sqlite3_column_int64(st, 0);
    u->login = arena_strdup(a, login.p, login.n);
    u->name = arena_strdup(a, name.p, name.n);
    u->role = people_role_parse(store_col_str(st, 3));
    u->locked = sqlite3_column_int(st, 4) != 0;
    u->locked_until = sqlite3_column_int64(st, 5);
    u->demo = sqlite3_column_int(st, 6) != 0;
    u->created_at = sqlite3_column_int64(st, 7);
    u->pw_changed_at = sqlite3_column_int64(st, 8);
    u->last_seen = sqlite3_column_int64(st, 9);
    u->totp = sqlite3_column_int(st, 10) != 0;
}

static void read_user(sqlite3_stmt *st, void *ctx)
{
    struct read_user *r = ctx;
    read_user_row(st, r->u, r->a);
}

int people_user_add(struct store_conn *db, const struct people_new_user *u, int64_t now, int64_t *id,
                    const char **problem)
{
    *problem = people_login_problem(u->login);
    if (!*problem && u->role == ROLE_NONE)
        *problem = "Vai trò phải là một trong: admin, chief, editor, contributor, ntm_office, ntm_department, "
                   "ntm_reporter.";
    /* one line of text: no control character, tab or line end either */
    if (!*problem && (u->name.n > 200 || !utf8_valid(u->name) || utf8_has_control(u->name) ||
                      (u->name.n && (memchr(u->name.p, '\t', u->name.n) || memchr(u->name.p, '\n', u->name.n) ||
                                     memchr(u->name.p, '\r', u->name.n)))))
        *problem = "Họ tên quá dài (tối đa 200 byte) hoặc chứa ký tự không hợp lệ.";
    if (*problem)
        return PEOPLE_INVALID;
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_USER_LOGIN_TAKEN);
    if (!st)
        return store_write_finish(db, -1);
    store_bind_str(st, 1, u->login);
    int taken = store_step_once(db, st, NULL, NULL);
    if (taken != 0) {
        if (taken > 0)
            *problem = "Tên đăng nhập này đã có người dùng.";
        return store_write_finish(db, taken > 0 ? PEOPLE_INVALID : -1);
    }
    st = store_stmt(db, SQL_USER_INSERT);
    if (!st)
        return store_write_finish(db, -1);
    store_bind_str(st, 1, u->login);
    store_bind_str(st, 2, u->name);
    sqlite3_bind_text(st, 3, people_role_code(u->role), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, u->pw_hash, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 5, now);
    sqlite3_bind_int(st, 6, u->demo);
    sqlite3_bind_int64(st, 7, u->set_by_admin ? 0 : now);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    *id = sqlite3_last_insert_rowid(db->db);
    return store_write_finish(db, 0);
}

/* Runs `sql` with ?1 = id (and ?2 = arg2 when arg2 is not NULL), then
 * ends the user's sessions except `keep` (when end_sessions). */
static int user_update(struct store_conn *db, const char *sql, int64_t id, const char *arg2, int64_t arg3,
                       bool end_sessions)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    if (arg2)
        sqlite3_bind_text(st, 2, arg2, -1, SQLITE_TRANSIENT);
    if (sqlite3_bind_parameter_count(st) >= 3)
        sqlite3_bind_int64(st, 3, arg3); /* 0 is a value: a password the owner must change */
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (end_sessions && people_session_end_all(db, id, 0) != 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, 0);
}

int people_user_set_password(struct store_conn *db, int64_t id, const char *pw_hash, int64_t now)
{
    return user_update(db, SQL_USER_SET_HASH, id, pw_hash, now, true);
}

int people_user_set_locked(struct store_conn *db, int64_t id, bool locked)
{
    if (locked)
        return user_update(db, SQL_USER_LOCK, id, NULL, 0, true);
    if (store_write_begin(db) != 0)
        return -1;
    int rc = user_update(db, SQL_USER_UNLOCK, id, NULL, 0, false);
    if (rc == 0)
        rc = user_update(db, SQL_FAILURES_UNLOCK, id, NULL, 0, false);
    return store_write_finish(db, rc);
}

int people_user_set_role(struct store_conn *db, int64_t id, enum people_role role)
{
    if (role == ROLE_NONE)
        return PEOPLE_INVALID;
    return user_update(db, SQL_USER_SET_ROLE, id, people_role_code(role), 0, true);
}

int people_user_by_login(struct store_conn *db, struct arena *a, struct str login, struct people_user *u)
{
    sqlite3_stmt *st = store_stmt(db, SQL_USER_BY_LOGIN);
    if (!st)
        return -1;
    store_bind_str(st, 1, login);
    return store_step_once(db, st, read_user, &(struct read_user){a, u});
}

int people_user_by_id(struct store_conn *db, struct arena *a, int64_t id, struct people_user *u)
{
    sqlite3_stmt *st = store_stmt(db, SQL_USER_BY_ID);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_user, &(struct read_user){a, u});
}

int people_user_list(struct store_conn *db, struct arena *a, struct people_user **out, size_t *n)
{
    *n = 0;
    *out = NULL;
    sqlite3_stmt *st = store_stmt(db, SQL_USER_LIST);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct people_user *grown = arena_alloc(a, ncap * sizeof *grown);
            if (*n)
                memcpy(grown, *out, *n * sizeof *grown);
            *out = grown;
            cap = ncap;
        }
        read_user_row(st, &(*out)[(*n)++], a);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static const char SQL_USER_CATEGORIES[] =
    "SELECT category_id FROM user_categories WHERE user_id = ?1 ORDER BY category_id LIMIT 1000";
static const char SQL_USER_CATEGORIES_CLEAR[] = "DELETE FROM user_categories WHERE user_id = ?1";
static const char SQL_USER_CATEGORY_ADD[] =
    "INSERT OR IGNORE INTO user_categories(user_id, category_id) VALUES (?1, ?2)";

int people_user_categories(struct store_conn *db, struct arena *a, int64_t user_id, int64_t **ids, size_t *n)
{
    *n = 0;
    *ids = arena_alloc(a, 1000 * sizeof **ids);
    sqlite3_stmt *st = store_stmt(db, SQL_USER_CATEGORIES);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = store_step(db, st)) == 1)
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int people_user_set_categories(struct store_conn *db, int64_t user_id, const int64_t *ids, size_t n)
{
    if (store_write_begin(db) != 0)
        return -1;
    int rc = store_replace_links(db, SQL_USER_CATEGORIES_CLEAR, SQL_USER_CATEGORY_ADD, user_id, ids, n);
    if (rc == 0)
        rc = people_session_end_all(db, user_id, 0); /* rights change only with a new login */
    return store_write_finish(db, rc);
}

static void read_hash(sqlite3_stmt *st, void *ctx)
{
    struct str h = store_col_str(st, 0);
    char *out = ctx;
    size_t n = h.n < 127 ? h.n : 127;
    memcpy(out, h.p, n);
    out[n] = '\0';
}

int people_user_hash(struct store_conn *db, int64_t id, char out[128])
{
    out[0] = '\0';
    sqlite3_stmt *st = store_stmt(db, SQL_USER_HASH);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_hash, out);
}

/* --- the login throttle ------------------------------------------------------------------------ */

const struct people_throttle PEOPLE_THROTTLE_DEFAULT = {.max_failures = 5,
                                                        .window = 300,
                                                        .lock_seconds = 1800,
                                                        .spread_failures = 20,
                                                        .spread_addresses = 3,
                                                        .address_slow = 10,
                                                        .address_refuse = 50};

static const char SQL_FAILURES_BY_LOGIN[] = "SELECT count(*) FROM login_failures WHERE login = ?1 AND at > ?2";
static const char SQL_FAILURES_BY_ADDRESS[] = "SELECT count(*) FROM login_failures WHERE address = ?1 AND at > ?2";
static const char SQL_FAILURES_OF_PAIR[] =
    "SELECT at FROM login_failures WHERE login = ?1 AND address = ?2 AND at > ?3 ORDER BY at LIMIT 1000";
static const char SQL_FAILURES_SPREAD[] =
    "SELECT count(*), count(DISTINCT address) FROM login_failures WHERE login = ?1 AND at > ?2";
static const char SQL_FAILURE_INSERT[] = "INSERT INTO login_failures(at, login, address) VALUES (?1, ?2, ?3)";
static const char SQL_FAILURES_CLEAR[] = "DELETE FROM login_failures WHERE login = ?1 AND address = ?2";
static const char SQL_USER_LOCK_NEW[] = "UPDATE users SET locked_until = ?2 WHERE login = ?1 AND locked_until <= ?3";
static const char SQL_USER_LOCK_UNTIL[] =
    "UPDATE users SET locked_until = max(locked_until, ?2) WHERE login = ?1";
static const char SQL_ADDRESS_KNOWN[] = "SELECT 1 FROM audit_log WHERE user_id = ?1 AND action = 'login' AND at > ?3 "
                                        "AND address = ?2 LIMIT 1";

static void read_count(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

static int count_since(struct store_conn *db, const char *sql, struct str key, int64_t since, int *out)
{
    *out = 0;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    store_bind_str(st, 1, key);
    sqlite3_bind_int64(st, 2, since);
    return store_step_once(db, st, read_count, out) < 0 ? -1 : 0;
}

int people_failures(struct store_conn *db, struct str login, struct str address, int64_t now, int window,
                    int *by_login, int *by_address)
{
    if (count_since(db, SQL_FAILURES_BY_LOGIN, login, now - window, by_login) != 0)
        return -1;
    return count_since(db, SQL_FAILURES_BY_ADDRESS, address, now - window, by_address);
}

/* The time the pair's latest run of max_failures failures within `window`
 * ended, since `since`, or 0 when there is none. -1 on failure. */
static int64_t pair_run_end(struct store_conn *db, const struct people_throttle *t, struct str login,
                            struct str address, int64_t since)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FAILURES_OF_PAIR);
    if (!st)
        return -1;
    store_bind_str(st, 1, login);
    store_bind_str(st, 2, address);
    sqlite3_bind_int64(st, 3, since);
    int64_t ring[64], end = 0;
    size_t n = 0, k = (size_t)(t->max_failures > 1 ? t->max_failures : 1);
    if (k > 64)
        k = 64;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        int64_t at = sqlite3_column_int64(st, 0);
        ring[n % k] = at;
        n++;
        /* the failure k back from this one is ring[n % k] once n >= k */
        if (n >= k && at - ring[n % k] <= t->window)
            end = at;
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : end;
}

int people_login_held(struct store_conn *db, const struct people_throttle *t, struct str login, struct str address,
                      int64_t now, bool *held)
{
    if (login.n > 64)
        login.n = 64;
    int64_t end = pair_run_end(db, t, login, address, now - t->lock_seconds - t->window);
    if (end < 0)
        return -1;
    *held = end && end + t->lock_seconds > now;
    return 0;
}

int people_record_failure(struct store_conn *db, const struct people_throttle *t, struct str login,
                          struct str address, int64_t now, bool *locked_now)
{
    *locked_now = false;
    if (login.n > 64)
        login.n = 64; /* a name no account can have; kept short */
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_FAILURE_INSERT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, now);
    store_bind_str(st, 2, login);
    store_bind_str(st, 3, address);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    /* this address held out: its run of failures ends with this one */
    int64_t end = pair_run_end(db, t, login, address, now - t->window);
    if (end < 0)
        return store_write_finish(db, -1);
    *locked_now = end == now;
    /* the login locked for everyone: guessed at from many addresses */
    if (!(st = store_stmt(db, SQL_FAILURES_SPREAD)))
        return store_write_finish(db, -1);
    store_bind_str(st, 1, login);
    sqlite3_bind_int64(st, 2, now - t->window);
    int rc = store_step(db, st);
    int n = rc == 1 ? sqlite3_column_int(st, 0) : 0, addresses = rc == 1 ? sqlite3_column_int(st, 1) : 0;
    sqlite3_reset(st);
    if (rc < 0)
        return store_write_finish(db, -1);
    if (n >= t->spread_failures && addresses >= t->spread_addresses) {
        /* locked now (told as such, whatever the count), or kept locked */
        st = store_stmt(db, SQL_USER_LOCK_NEW);
        if (!st)
            return store_write_finish(db, -1);
        store_bind_str(st, 1, login);
        sqlite3_bind_int64(st, 2, now + t->lock_seconds);
        sqlite3_bind_int64(st, 3, now);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
        if (sqlite3_changes(db->db) > 0)
            *locked_now = true;
        else {
            if (!(st = store_stmt(db, SQL_USER_LOCK_UNTIL)))
                return store_write_finish(db, -1);
            store_bind_str(st, 1, login);
            sqlite3_bind_int64(st, 2, now + t->lock_seconds);
            if (store_step_done(db, st) != 0)
                return store_write_finish(db, -1);
        }
    }
    return store_write_finish(db, 0);
}

int people_address_known(struct store_conn *db, int64_t user_id, struct str address, int64_t now)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ADDRESS_KNOWN);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    store_bind_str(st, 2, address);
    sqlite3_bind_int64(st, 3, now - 90 * 86400);
    int rc = store_step(db, st);
    sqlite3_reset(st);
    return rc;
}

int people_clear_failures(struct store_conn *db, struct str login, struct str address)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FAILURES_CLEAR);
    if (!st)
        return -1;
    store_bind_str(st, 1, login);
    store_bind_str(st, 2, address);
    return store_step_done(db, st);
}

/* --- the audit log ------------------------------------------------------------------------------ */

static const char SQL_AUDIT_INSERT[] =
    "INSERT INTO audit_log(at, user_id, login, address, action, object, detail) "
    "VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7)";
/* ?1 is a LIKE pattern (the login's start, escaped with '\\', then '%'):
 * LIKE ignores the case of ASCII letters, as logins are written. Both walk
 * the ids (the primary key) and stop at ?6 rows: the first away from the
 * newest, the second back towards it from ?5 (people_audit_list turns its
 * rows round). */
#define AUDIT_LIST_(DIRECTION)                                                                                         \
    "SELECT id, at, coalesce(user_id, 0), login, address, action, object, detail FROM audit_log "                     \
    "WHERE (?1 = '' OR login LIKE ?1 ESCAPE '\\') AND (?2 = '' OR action = ?2) AND (?3 = 0 OR at >= ?3) "              \
    "AND (?4 = 0 OR at < ?4) " DIRECTION " LIMIT ?6"
/* ?5 is always a bound (the largest id when none is asked), so that an
 * older page starts at its place in the log rather than scanning down to
 * it from the newest entry */
static const char SQL_AUDIT_LIST[] = AUDIT_LIST_("AND id < ?5 ORDER BY id DESC");
static const char SQL_AUDIT_LIST_NEWER[] = AUDIT_LIST_("AND id > ?5 ORDER BY id ASC");

int people_audit(struct store_conn *db, int64_t now, int64_t user_id, struct str login, struct str address,
                 const char *action, struct str object, struct str detail)
{
    sqlite3_stmt *st = store_stmt(db, SQL_AUDIT_INSERT);
    if (!st)
        return -1;
    if (login.n > 64)
        login.n = 64;
    if (detail.n > 2000)
        detail.n = 2000;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, user_id);
    store_bind_str(st, 3, utf8_valid(login) ? login : STR("?"));
    store_bind_str(st, 4, address);
    sqlite3_bind_text(st, 5, action, -1, SQLITE_STATIC);
    store_bind_str(st, 6, object);
    store_bind_str(st, 7, utf8_valid(detail) ? detail : STR("?"));
    return store_step_done(db, st);
}

int people_audit_list(struct store_conn *db, struct arena *a, const struct people_audit_filter *f,
                      struct people_audit_entry **out, size_t *n)
{
    *n = 0;
    int limit = f->limit > 0 && f->limit <= 500 ? f->limit : 100;
    *out = arena_alloc(a, (size_t)limit * sizeof **out);
    bool newer = f->after_id > 0 && f->before_id == 0;
    sqlite3_stmt *st = store_stmt(db, newer ? SQL_AUDIT_LIST_NEWER : SQL_AUDIT_LIST);
    if (!st)
        return -1;
    struct buf pattern = BUF_INIT;
    for (size_t i = 0; i < f->login.n; i++) {
        if (f->login.p[i] == '%' || f->login.p[i] == '_' || f->login.p[i] == '\\')
            buf_putc(&pattern, '\\');
        buf_putc(&pattern, f->login.p[i]);
    }
    if (f->login.n)
        buf_putc(&pattern, '%');
    store_bind_str(st, 1, arena_strdup(a, pattern.p ? pattern.p : "", pattern.n));
    buf_free(&pattern);
    store_bind_str(st, 2, f->action);
    sqlite3_bind_int64(st, 3, f->from);
    sqlite3_bind_int64(st, 4, f->to);
    sqlite3_bind_int64(st, 5, newer ? f->after_id : f->before_id ? f->before_id : INT64_MAX);
    sqlite3_bind_int(st, 6, limit);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct people_audit_entry *e = &(*out)[(*n)++];
        e->id = sqlite3_column_int64(st, 0);
        e->at = sqlite3_column_int64(st, 1);
        e->user_id = sqlite3_column_int64(st, 2);
        struct str s[5];
        for (int i = 0; i < 5; i++) {
            s[i] = store_col_str(st, 3 + i);
            s[i] = arena_strdup(a, s[i].p, s[i].n);
        }
        e->login = s[0], e->address = s[1], e->action = s[2], e->object = s[3], e->detail = s[4];
    }
    sqlite3_reset(st);
    for (size_t i = 0; newer && i < *n / 2; i++) { /* newest first, as the other way */
        struct people_audit_entry t = (*out)[i];
        (*out)[i] = (*out)[*n - 1 - i];
        (*out)[*n - 1 - i] = t;
    }
    return rc < 0 ? -1 : 0;
}

int people_active_admins(struct store_conn *db, int64_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_ACTIVE_ADMINS);
    if (!st)
        return -1;
    return store_step_once(db, st, store_read_int64, n) < 0 ? -1 : 0;
}
