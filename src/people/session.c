/* session.c - sessions: random tokens, kept hashed; see people.h. */
#include <string.h>

#include <sodium.h>

#include "people/people.h"

static const char SQL_SESSION_INSERT[] =
    "INSERT INTO sessions(token_hash, user_id, csrf, created_at, seen_at, address, agent) "
    "VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)";
static const char SQL_SESSION_FIND[] =
    "SELECT s.id, s.csrf, s.created_at, s.seen_at, s.address, s.agent, u.id, u.login, u.name, u.role, u.locked, "
    "u.locked_until, u.demo, u.created_at, u.pw_changed_at, "
    "coalesce((SELECT enabled_at > 0 FROM user_totp t WHERE t.user_id = u.id), 0), "
    "coalesce((SELECT value FROM people_settings WHERE name = '" PEOPLE_SETTING_REQUIRE_TOTP_ADMIN "'), 0), "
    "coalesce((SELECT value FROM people_settings WHERE name = '" PEOPLE_SETTING_PASSWORD_DAYS "'), 0) "
    "FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1";
static const char SQL_SESSION_ALIVE[] = "SELECT 1 FROM sessions WHERE id = ?1 AND user_id = ?2";
static const char SQL_SESSION_TOUCH[] = "UPDATE sessions SET seen_at = max(seen_at, ?2) WHERE id = ?1";
static const char SQL_SESSION_END[] = "DELETE FROM sessions WHERE user_id = ?1 AND id = ?2";
static const char SQL_SESSION_END_ALL[] = "DELETE FROM sessions WHERE user_id = ?1 AND id <> ?2";
static const char SQL_SESSION_LIST[] =
    "SELECT id, created_at, seen_at, address, agent FROM sessions WHERE user_id = ?1 AND seen_at > ?2 "
    "ORDER BY seen_at DESC, id DESC LIMIT 100";
static const char SQL_SESSION_SWEEP[] = "DELETE FROM sessions WHERE seen_at <= ?1";
static const char SQL_FAILURES_SWEEP[] = "DELETE FROM login_failures WHERE at <= ?1";

void people_token_hash(struct str token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token.p, token.n, NULL, 0);
}

void people_token_new(char out[PEOPLE_TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, PEOPLE_TOKEN_CHARS + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

sqlite3_stmt *people_stmt_for_token(struct store_conn *db, const char *sql, struct str token)
{
    unsigned char hash[32];
    people_token_hash(token, hash);
    sqlite3_stmt *st = store_stmt(db, sql);
    if (st)
        sqlite3_bind_blob(st, 1, hash, sizeof hash, SQLITE_TRANSIENT);
    return st;
}

int people_session_open(struct store_conn *db, int64_t user_id, struct str address, struct str agent, int64_t now,
                        char token[PEOPLE_TOKEN_CHARS + 1])
{
    if (sodium_init() < 0)
        return -1;
    char csrf[PEOPLE_TOKEN_CHARS + 1];
    people_token_new(token);
    people_token_new(csrf);
    if (agent.n > 300)
        agent.n = 300;
    sqlite3_stmt *st = people_stmt_for_token(db, SQL_SESSION_INSERT, str_cstr(token));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, csrf, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, now);
    store_bind_str(st, 5, address);
    store_bind_str(st, 6, agent);
    return store_step_done(db, st);
}

struct read_session {
    struct arena *a;
    struct people_session *s;
    int64_t password_days;
};

static void read_session(sqlite3_stmt *st, void *ctx)
{
    struct read_session *r = ctx;
    struct people_session *s = r->s;
    memset(s, 0, sizeof *s);
    s->id = sqlite3_column_int64(st, 0);
    s->csrf = store_col_copy(r->a, st, 1);
    s->created_at = sqlite3_column_int64(st, 2);
    s->seen_at = sqlite3_column_int64(st, 3);
    s->address = store_col_copy(r->a, st, 4);
    s->agent = store_col_copy(r->a, st, 5);
    struct people_user *u = &s->user;
    u->id = sqlite3_column_int64(st, 6);
    u->login = store_col_copy(r->a, st, 7);
    u->name = store_col_copy(r->a, st, 8);
    u->role = people_role_parse(store_col_str(st, 9));
    u->locked = sqlite3_column_int(st, 10) != 0;
    u->locked_until = sqlite3_column_int64(st, 11);
    u->demo = sqlite3_column_int(st, 12) != 0;
    u->created_at = sqlite3_column_int64(st, 13);
    u->pw_changed_at = sqlite3_column_int64(st, 14);
    u->totp = sqlite3_column_int(st, 15) != 0;
    u->last_seen = s->seen_at;
    s->must_enrol = u->role == ROLE_ADMIN && !u->totp && sqlite3_column_int64(st, 16) != 0;
    r->password_days = sqlite3_column_int64(st, 17);
}

int people_session_find(struct store_conn *db, struct arena *a, struct str token, int64_t now, int idle,
                        struct people_session *s)
{
    if (token.n != PEOPLE_TOKEN_CHARS)
        return 0;
    sqlite3_stmt *st = people_stmt_for_token(db, SQL_SESSION_FIND, token);
    if (!st)
        return -1;
    struct read_session rs = {a, s, 0};
    int rc = store_step_once(db, st, read_session, &rs);
    if (rc <= 0)
        return rc;
    /* pw_changed_at 0: set by an administrator, to be changed by its owner
     * at the next sign-in (people_user_set_password) */
    s->must_renew = s->user.pw_changed_at == 0 ||
                    (rs.password_days > 0 && s->user.pw_changed_at + rs.password_days * 86400 <= now);
    /* The throttle on wrong passwords (locked_until) stops new sign-ins
     * only: anyone may type a login and five wrong passwords, and that
     * must not end the sessions its owner has open. An administrator's lock
     * ends them. */
    if (s->seen_at + idle <= now || s->user.locked || s->user.role == ROLE_NONE)
        return 0;
    return 1;
}

static int run_ids(struct store_conn *db, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    return store_step_done(db, st);
}

int people_session_touch(struct store_conn *db, int64_t session_id, int64_t now)
{
    return run_ids(db, SQL_SESSION_TOUCH, session_id, now);
}

int people_session_end(struct store_conn *db, int64_t user_id, int64_t session_id)
{
    if (run_ids(db, SQL_SESSION_END, user_id, session_id) != 0)
        return -1;
    return sqlite3_changes(db->db) > 0 ? 0 : 1;
}

int people_session_end_all(struct store_conn *db, int64_t user_id, int64_t keep)
{
    return run_ids(db, SQL_SESSION_END_ALL, user_id, keep);
}

int people_session_list(struct store_conn *db, struct arena *a, int64_t user_id, int64_t now, int idle,
                        struct people_session **out, size_t *n)
{
    *n = 0;
    *out = arena_alloc(a, 100 * sizeof **out);
    sqlite3_stmt *st = store_stmt(db, SQL_SESSION_LIST);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now - idle);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct people_session *s = &(*out)[(*n)++];
        memset(s, 0, sizeof *s);
        s->id = sqlite3_column_int64(st, 0);
        s->created_at = sqlite3_column_int64(st, 1);
        s->seen_at = sqlite3_column_int64(st, 2);
        s->address = store_col_copy(a, st, 3);
        s->agent = store_col_copy(a, st, 4);
        s->user.id = user_id;
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int people_sweep(struct store_conn *db, int64_t now, int idle)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_SESSION_SWEEP);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, now - idle);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    st = store_stmt(db, SQL_FAILURES_SWEEP);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, now - 86400);
    return store_write_finish(db, store_step_done(db, st));
}

int people_session_alive(struct store_conn *db, int64_t session_id, int64_t user_id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_SESSION_ALIVE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, session_id);
    sqlite3_bind_int64(st, 2, user_id);
    return store_step_once(db, st, NULL, NULL);
}
