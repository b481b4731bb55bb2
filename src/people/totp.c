/* totp.c - two-factor sign-in with authenticator apps (RFC 6238), its
 * recovery codes, pending sign-ins and the newsroom's settings; see
 * people.h. */
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "people/people.h"

#define STEP_SECONDS 30
#define WINDOW 1 /* steps accepted on each side of now: a phone a little fast or slow */

int people_totp_code(const unsigned char *secret, size_t n, int64_t step)
{
    unsigned char msg[8];
    for (int i = 7; i >= 0; i--) {
        msg[i] = (unsigned char)(step & 0xff);
        step >>= 8;
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha1(), secret, (int)n, msg, sizeof msg, mac, &len) || len < 20)
        return -1;
    int off = mac[len - 1] & 0x0f;
    uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
                   ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
    return (int)(bin % 1000000);
}

void people_base32(const unsigned char *p, size_t n, char *out)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    size_t k = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | p[i];
        bits += 8;
        while (bits >= 5) {
            out[k++] = alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits)
        out[k++] = alphabet[(acc << (5 - bits)) & 31];
    out[k] = '\0';
}

static const char SQL_TOTP_GET[] =
    "SELECT secret, enabled_at, (SELECT count(*) FROM user_recovery_codes WHERE user_id = ?1 AND used_at = 0) "
    "FROM user_totp WHERE user_id = ?1";
static const char SQL_TOTP_PUT[] =
    "INSERT INTO user_totp(user_id, secret, enabled_at, last_step) VALUES (?1, ?2, 0, 0) "
    "ON CONFLICT(user_id) DO UPDATE SET secret = excluded.secret, enabled_at = 0, last_step = 0";
static const char SQL_TOTP_ENABLE[] = "UPDATE user_totp SET enabled_at = ?2, last_step = ?3 WHERE user_id = ?1";
static const char SQL_TOTP_STEP[] = "UPDATE user_totp SET last_step = ?2 WHERE user_id = ?1 AND last_step < ?2";
static const char SQL_TOTP_DELETE[] = "DELETE FROM user_totp WHERE user_id = ?1";
static const char SQL_CODES_DELETE[] = "DELETE FROM user_recovery_codes WHERE user_id = ?1";
static const char SQL_CODE_ADD[] = "INSERT INTO user_recovery_codes(user_id, code_hash) VALUES (?1, ?2)";
static const char SQL_CODE_USE[] =
    "UPDATE user_recovery_codes SET used_at = ?3 WHERE user_id = ?1 AND code_hash = ?2 AND used_at = 0";

static void read_totp(sqlite3_stmt *st, void *ctx)
{
    struct people_totp *t = ctx;
    const void *blob = sqlite3_column_blob(st, 0);
    int n = sqlite3_column_bytes(st, 0);
    if (blob && n == PEOPLE_TOTP_SECRET)
        memcpy(t->secret, blob, PEOPLE_TOTP_SECRET);
    t->enabled_at = sqlite3_column_int64(st, 1);
    t->enabled = t->enabled_at > 0;
    t->pending = !t->enabled;
    t->recovery_left = sqlite3_column_int(st, 2);
}

int people_totp_get(struct store_conn *db, int64_t user_id, struct people_totp *t)
{
    memset(t, 0, sizeof *t);
    sqlite3_stmt *st = store_stmt(db, SQL_TOTP_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return store_step_once(db, st, read_totp, t);
}

static int run_id(struct store_conn *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_done(db, st);
}

int people_totp_begin(struct store_conn *db, int64_t user_id)
{
    struct people_totp t;
    int have = people_totp_get(db, user_id, &t);
    if (have < 0)
        return -1;
    if (have && t.enabled)
        return PEOPLE_INVALID;
    unsigned char secret[PEOPLE_TOTP_SECRET];
    randombytes_buf(secret, sizeof secret);
    sqlite3_stmt *st = store_stmt(db, SQL_TOTP_PUT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, secret, sizeof secret, SQLITE_TRANSIENT);
    sodium_memzero(secret, sizeof secret);
    return store_step_done(db, st);
}

/* The step within the window at which `code` matches, or -1. */
static int64_t matching_step(const unsigned char *secret, struct str code, int64_t now)
{
    if (code.n != 6)
        return -1;
    int want = 0;
    for (size_t i = 0; i < 6; i++) {
        if (code.p[i] < '0' || code.p[i] > '9')
            return -1;
        want = want * 10 + (code.p[i] - '0');
    }
    int64_t step = now / STEP_SECONDS;
    for (int64_t s = step - WINDOW; s <= step + WINDOW; s++)
        if (people_totp_code(secret, PEOPLE_TOTP_SECRET, s) == want)
            return s;
    return -1;
}

/* "1a2b-3c4d" (or "1A2B3C4D", spaces ignored) -> "1a2b3c4d"; false if not
 * eight letters and digits. */
static bool normal_recovery(struct str code, char out[9])
{
    size_t k = 0;
    for (size_t i = 0; i < code.n; i++) {
        char c = code.p[i];
        if (c == '-' || c == ' ')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) || k == 8)
            return false;
        out[k++] = c;
    }
    out[k] = '\0';
    return k == 8;
}

static void recovery_hash(const char code[9], unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)code, 8, NULL, 0);
}

int people_totp_enable(struct store_conn *db, int64_t user_id, struct str code, int64_t now,
                       char codes[PEOPLE_RECOVERY_CODES][10])
{
    struct people_totp t;
    int have = people_totp_get(db, user_id, &t);
    if (have < 0)
        return -1;
    if (!have || t.enabled)
        return PEOPLE_INVALID;
    int64_t step = matching_step(t.secret, code, now);
    sodium_memzero(&t, sizeof t);
    if (step < 0)
        return PEOPLE_INVALID;
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_TOTP_ENABLE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, step);
    if (store_step_done(db, st) != 0 || run_id(db, SQL_CODES_DELETE, user_id) != 0)
        return store_write_finish(db, -1);
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
    for (int i = 0; i < PEOPLE_RECOVERY_CODES; i++) {
        char plain[9];
        for (int j = 0; j < 8; j++)
            plain[j] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
        plain[8] = '\0';
        memcpy(codes[i], plain, 4);
        codes[i][4] = '-';
        memcpy(codes[i] + 5, plain + 4, 4);
        codes[i][9] = '\0';
        unsigned char h[32];
        recovery_hash(plain, h);
        st = store_stmt(db, SQL_CODE_ADD);
        if (!st)
            return store_write_finish(db, -1);
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
    }
    return store_write_finish(db, 0);
}

int people_totp_disable(struct store_conn *db, int64_t user_id)
{
    if (store_write_begin(db) != 0)
        return -1;
    int rc = run_id(db, SQL_TOTP_DELETE, user_id);
    if (rc == 0)
        rc = run_id(db, SQL_CODES_DELETE, user_id);
    return store_write_finish(db, rc);
}

static void read_step(sqlite3_stmt *st, void *ctx) { *(int64_t *)ctx = sqlite3_column_int64(st, 0); }

int people_totp_check(struct store_conn *db, int64_t user_id, struct str code, int64_t now)
{
    struct people_totp t;
    int have = people_totp_get(db, user_id, &t);
    if (have <= 0 || !t.enabled)
        return have < 0 ? -1 : 0;
    while (code.n && code.p[0] == ' ')
        code = str_skip(code, 1);
    while (code.n && code.p[code.n - 1] == ' ')
        code.n--;
    int64_t step = matching_step(t.secret, code, now);
    sodium_memzero(&t, sizeof t);
    sqlite3_stmt *st;
    if (step >= 0) {
        /* Once: a step at or before the last one accepted is refused. */
        st = store_stmt(db, SQL_TOTP_STEP);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, step);
        if (store_step_done(db, st) != 0)
            return -1;
        return sqlite3_changes(db->db) > 0 ? 1 : 0;
    }
    char plain[9];
    if (!normal_recovery(code, plain))
        return 0;
    unsigned char h[32];
    recovery_hash(plain, h);
    st = store_stmt(db, SQL_CODE_USE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, h, sizeof h, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    if (store_step_done(db, st) != 0)
        return -1;
    return sqlite3_changes(db->db) > 0 ? 1 : 0;
}

/* --- pending sign-ins ---------------------------------------------------------------------- */

static const char SQL_CHALLENGE_ADD[] =
    "INSERT INTO login_challenges(token_hash, user_id, back, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_CHALLENGE_FIND[] =
    "SELECT user_id, back FROM login_challenges WHERE token_hash = ?1 AND created_at > ?2 AND attempts < ?3";
static const char SQL_CHALLENGE_FAIL[] = "UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = ?1";
static const char SQL_CHALLENGE_END[] = "DELETE FROM login_challenges WHERE token_hash = ?1";
static const char SQL_CHALLENGE_SWEEP[] = "DELETE FROM login_challenges WHERE created_at <= ?1";

int people_challenge_open(struct store_conn *db, int64_t user_id, struct str back, int64_t now,
                          char token[PEOPLE_TOKEN_CHARS + 1])
{
    people_token_new(token);
    sqlite3_stmt *st = store_stmt(db, SQL_CHALLENGE_SWEEP);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now - PEOPLE_CHALLENGE_SECONDS);
    if (store_step_done(db, st) != 0)
        return -1;
    st = people_stmt_for_token(db, SQL_CHALLENGE_ADD, str_cstr(token));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 2, user_id);
    store_bind_str(st, 3, back);
    sqlite3_bind_int64(st, 4, now);
    return store_step_done(db, st);
}

struct read_challenge {
    struct arena *a;
    int64_t *user_id;
    struct str *back;
};

static void read_challenge(sqlite3_stmt *st, void *ctx)
{
    struct read_challenge *r = ctx;
    *r->user_id = sqlite3_column_int64(st, 0);
    struct str b = store_col_str(st, 1);
    *r->back = arena_strdup(r->a, b.p, b.n);
}

int people_challenge_find(struct store_conn *db, struct arena *a, struct str token, int64_t now, int64_t *user_id,
                          struct str *back)
{
    if (token.n != PEOPLE_TOKEN_CHARS)
        return 0;
    sqlite3_stmt *st = people_stmt_for_token(db, SQL_CHALLENGE_FIND, token);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 2, now - PEOPLE_CHALLENGE_SECONDS);
    sqlite3_bind_int(st, 3, PEOPLE_CHALLENGE_TRIES);
    return store_step_once(db, st, read_challenge, &(struct read_challenge){a, user_id, back});
}

static int challenge_run(struct store_conn *db, const char *sql, struct str token)
{
    sqlite3_stmt *st = people_stmt_for_token(db, sql, token);
    return st ? store_step_done(db, st) : -1;
}

int people_challenge_fail(struct store_conn *db, struct str token)
{
    return challenge_run(db, SQL_CHALLENGE_FAIL, token);
}

int people_challenge_end(struct store_conn *db, struct str token)
{
    return challenge_run(db, SQL_CHALLENGE_END, token);
}

/* --- settings ------------------------------------------------------------------------------- */

static const char SQL_SETTING_GET[] = "SELECT value FROM people_settings WHERE name = ?1";
static const char SQL_SETTING_SET[] =
    "INSERT INTO people_settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value";

int people_setting(struct store_conn *db, const char *name, int64_t *value)
{
    *value = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_SETTING_GET);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    return store_step_once(db, st, read_step, value) < 0 ? -1 : 0;
}

int people_setting_set(struct store_conn *db, const char *name, int64_t value)
{
    sqlite3_stmt *st = store_stmt(db, SQL_SETTING_SET);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, value);
    return store_step_done(db, st);
}
