/*
 * people.h - the newsroom's people: accounts and roles, passwords,
 * sessions, the login throttle and the audit log.
 *
 * Tables owned: users, user_categories, sessions, login_failures,
 * audit_log. Other modules ask who is signed in and what they may do
 * through this header; only this module's SQL names those tables.
 *
 * Roles, from most to least rights:
 *   admin        quản trị: users, settings, everything
 *   chief        trưởng ban biên tập: approves, publishes, unpublishes
 *   editor       biên tập viên: edits any article and sends it for approval
 *   contributor  cộng tác viên: writes and edits only their own drafts
 * and, for the NTM monitor (no rights in the newsroom):
 *   ntm_office     Văn phòng Điều phối: checks, accepts or returns, records
 *                  recognition, manages plans, sponsors, models, sets, units
 *   ntm_department cán bộ sở, ngành: enters the indicators of the criteria
 *                  assigned to their department, for every commune
 *   ntm_reporter   cán bộ xã: enters only their own commune(s)
 * Newsroom rights may be limited to chosen categories (user_categories);
 * the communes and department of an NTM account are the ntm module's
 * (ntm.h, ntm_scope_*).
 *
 * Passwords are argon2id strings (libsodium); hashing takes about 80 ms
 * and 64 MiB, so it runs on the worker threads only, never on an event
 * loop. Sessions are 256-bit random tokens; the database keeps only their
 * BLAKE2b hash.
 */
#ifndef DINH_PEOPLE_PEOPLE_H
#define DINH_PEOPLE_PEOPLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "store/store.h"

enum people_role {
    ROLE_NONE = 0,
    ROLE_ADMIN,
    ROLE_CHIEF,
    ROLE_EDITOR,
    ROLE_CONTRIBUTOR,
    ROLE_NTM_OFFICE,
    ROLE_NTM_DEPARTMENT,
    ROLE_NTM_REPORTER,
};
#define PEOPLE_ROLE_LAST ROLE_NTM_REPORTER

/* "admin" -> ROLE_ADMIN; ROLE_NONE for anything else. */
enum people_role people_role_parse(struct str s);
/* "admin", "chief", ... */
const char *people_role_code(enum people_role role);
/* "Quản trị", "Trưởng ban biên tập", ... */
const char *people_role_title(enum people_role role);

/* What a role may do; checked on the server for every request. */
enum people_right {
    RIGHT_MANAGE_USERS, /* accounts, roles, locks; the audit log */
    RIGHT_SETTINGS,     /* site settings, categories, links */
    RIGHT_PUBLISH,      /* approve, publish, unpublish, schedule */
    RIGHT_EDIT_ANY,     /* edit any article of the allowed categories */
    RIGHT_WRITE,        /* write drafts (their own, for a contributor) */
    RIGHT_NTM_MANAGE,   /* the NTM office: check and accept data, recognition, plans, sets, units */
    RIGHT_NTM_ENTER,    /* enter NTM data, within the account's communes or department */
};
#define PEOPLE_RIGHT_LAST RIGHT_NTM_ENTER
bool people_role_may(enum people_role role, enum people_right right);

/* A line of the work waiting for someone (people_todo_register, admin.h). */
struct people_todo {
    struct str text, url;
};

struct people_user {
    int64_t id;
    struct str login, name;
    enum people_role role;
    bool locked;          /* by an administrator */
    int64_t locked_until; /* by failed logins; 0 if not */
    bool demo;
    bool totp;            /* signs in with a code from an authenticator app too */
    int64_t created_at, pw_changed_at;
    int64_t last_seen;    /* the newest session's last request, or 0 */
};

/* --- passwords ------------------------------------------------------------------ */

#define PEOPLE_PASSWORD_MIN 10  /* characters */
#define PEOPLE_PASSWORD_MAX 256 /* bytes */

/* NULL if `password` may be used by `login`; otherwise the Vietnamese
 * sentence that says why not (too short, too long, a common password, the
 * login itself, one repeated character, a run like 1234567890). */
const char *people_password_problem(struct str login, struct str password);
/* The argon2id string for `password` (slow: a worker thread or the
 * command line only). Returns -1 if memory ran out. */
int people_password_hash(struct str password, char out[128]);
/* Whether `password` matches `hash` (slow, as above). */
bool people_password_verify(struct str hash, struct str password);

/* --- accounts ----------------------------------------------------------------------
 *
 * Writes are one transaction each and return 0, -1 if a statement failed
 * (logged), or PEOPLE_INVALID with a Vietnamese sentence in *problem. */

#define PEOPLE_INVALID (-2)

struct people_new_user {
    struct str login, name;
    enum people_role role;
    const char *pw_hash; /* from people_password_hash */
    bool demo;
    /* the password was chosen by an administrator on the users page, who
     * has seen it: it signs in once, then its owner chooses their own
     * (pw_changed_at 0, as after a reset there) */
    bool set_by_admin;
};

/* Whether a login name is acceptable: 3 to 64 characters among a-z, 0-9,
 * '.', '_' and '-', starting with a letter or digit. NULL or the problem. */
const char *people_login_problem(struct str login);

int people_user_add(struct store_conn *db, const struct people_new_user *u, int64_t now, int64_t *id,
                    const char **problem);
/* Sets a new password hash and ends every session of the user. */
int people_user_set_password(struct store_conn *db, int64_t id, const char *pw_hash, int64_t now);
/* Locks (ending every session) or unlocks (clearing the failures'
 * lock-out too). */
int people_user_set_locked(struct store_conn *db, int64_t id, bool locked);
/* Changes the role and ends every session of the user: rights change
 * only with a new login. */
int people_user_set_role(struct store_conn *db, int64_t id, enum people_role role);
/* How many administrators' accounts are not locked. 0, or -1. */
int people_active_admins(struct store_conn *db, int64_t *n);

/* Reads one account: 1 found, 0 not, -1 failed. Strings live in `a`. */
int people_user_by_login(struct store_conn *db, struct arena *a, struct str login, struct people_user *u);
int people_user_by_id(struct store_conn *db, struct arena *a, int64_t id, struct people_user *u);
/* Every account, by login; *n receives the count, -1 if failed. */
int people_user_list(struct store_conn *db, struct arena *a, struct people_user **out, size_t *n);
/* The categories a user's rights are limited to (*n = 0: every one). */
int people_user_categories(struct store_conn *db, struct arena *a, int64_t user_id, int64_t **ids, size_t *n);
/* Replaces them (n = 0: every category). */
int people_user_set_categories(struct store_conn *db, int64_t user_id, const int64_t *ids, size_t n);
/* The argon2id string of an account, for verifying (into `out`). */
int people_user_hash(struct store_conn *db, int64_t id, char out[128]);

/* --- the login throttle ---------------------------------------------------------------
 *
 * By default 5 failures of one login name within 5 minutes lock the
 * account for 30 minutes; an address with many failures is slowed down. */

struct people_throttle {
    int max_failures;    /* per login name and address within `window` (5): that address is held out */
    int window;          /* seconds (300) */
    int lock_seconds;    /* (1800) */
    /* A login guessed at from many addresses is locked for every address:
     * `spread_failures` failures within `window` from `spread_addresses`
     * addresses or more (20, 3). One address alone never locks anyone else
     * out: a stranger's five wrong passwords for "quantri" would otherwise
     * keep the administrator from signing in, again and again. */
    int spread_failures, spread_addresses;
    int address_slow;    /* failures from one address within `window` before it is slowed (10) */
    int address_refuse;  /* ... before it is refused outright for the window (50) */
};
extern const struct people_throttle PEOPLE_THROTTLE_DEFAULT;

/* Whether `address` is held out from signing in as `login`: max_failures
 * failures from it within `window`, the last less than lock_seconds ago.
 * 0 with *held, or -1. */
int people_login_held(struct store_conn *db, const struct people_throttle *t, struct str login, struct str address,
                      int64_t now, bool *held);
/* Failures within `window` before `now`, of a login name and of an address. */
int people_failures(struct store_conn *db, struct str login, struct str address, int64_t now, int window,
                    int *by_login, int *by_address);
/* Records a failure; locks the account (if it exists) when its name has
 * reached the limit. *locked_now is set when this failure locked it. */
int people_record_failure(struct store_conn *db, const struct people_throttle *t, struct str login,
                          struct str address, int64_t now, bool *locked_now);
/* Forgets the failures of a login name from `address` (after a good login
 * from there): those from other addresses stay, so that the owner signing
 * in does not give a guessing address five fresh tries. */
int people_clear_failures(struct store_conn *db, struct str login, struct str address);
/* Whether `address` signed in as user `user_id` within the last 90 days:
 * such an address is not kept out by a lock that guesses from elsewhere
 * put on the account. 1, 0, or -1. */
int people_address_known(struct store_conn *db, int64_t user_id, struct str address, int64_t now);

/* --- sessions ----------------------------------------------------------------------- */

#define PEOPLE_TOKEN_CHARS 43 /* 32 random bytes, base64url without padding */

struct people_session {
    int64_t id;
    struct people_user user;
    struct str csrf;
    int64_t created_at, seen_at;
    struct str address, agent;
    bool must_enrol;   /* an administrator without two-factor sign-in where it is required */
    bool must_renew;   /* the password is older than the expiry the administrators set */
};

/* A new random token for a cookie (256 bits, base64url), and the hash the
 * database keeps of one (BLAKE2b-256). */
void people_token_new(char token[PEOPLE_TOKEN_CHARS + 1]);
void people_token_hash(struct str token, unsigned char out[32]);
/* The statement `sql` with ?1 bound to the hash of `token`; NULL if the SQL
 * fails (logged). */
sqlite3_stmt *people_stmt_for_token(struct store_conn *db, const char *sql, struct str token);

/* Opens a session for user `id`: writes the new token (for the cookie)
 * and the session's CSRF token. */
int people_session_open(struct store_conn *db, int64_t user_id, struct str address, struct str agent, int64_t now,
                        char token[PEOPLE_TOKEN_CHARS + 1]);
/* The live session of `token`: 1 (filled), 0 if none or expired (idle past
 * `idle` seconds, or its user locked), -1 failed. */
int people_session_find(struct store_conn *db, struct arena *a, struct str token, int64_t now, int idle,
                        struct people_session *s);
/* Marks the session seen now (the idle clock starts again). */
int people_session_touch(struct store_conn *db, int64_t session_id, int64_t now);
/* Whether session `session_id` of user `user_id` still exists: 1, 0, -1. */
int people_session_alive(struct store_conn *db, int64_t session_id, int64_t user_id);
/* Ends one session of a user: 0; 1 when the user has no such session; -1. */
int people_session_end(struct store_conn *db, int64_t user_id, int64_t session_id);
/* Ends every session of a user except `keep` (0: all). */
int people_session_end_all(struct store_conn *db, int64_t user_id, int64_t keep);
/* A user's sessions still within `idle`, newest first. */
int people_session_list(struct store_conn *db, struct arena *a, int64_t user_id, int64_t now, int idle,
                        struct people_session **out, size_t *n);
/* Removes the sessions idle for longer than `idle` and failures older
 * than a day. */
int people_sweep(struct store_conn *db, int64_t now, int idle);

/* --- two-factor sign-in (TOTP, RFC 6238: HMAC-SHA1, 30 s, 6 digits) ----------------- */

#define PEOPLE_TOTP_SECRET 20
#define PEOPLE_TOTP_KEY_CHARS 32 /* the secret in base32, as apps take it */
#define PEOPLE_RECOVERY_CODES 10
#define PEOPLE_CHALLENGE_SECONDS 300
#define PEOPLE_CHALLENGE_TRIES 5

/* The 6-digit code of `secret` for the 30-second step `step`. */
int people_totp_code(const unsigned char *secret, size_t n, int64_t step);
/* RFC 4648 base32 without padding: `out` holds 8 * ceil(n / 5) + 1. */
void people_base32(const unsigned char *p, size_t n, char *out);

struct people_totp {
    bool enabled, pending; /* pending: a secret shown, not yet confirmed */
    unsigned char secret[PEOPLE_TOTP_SECRET];
    int64_t enabled_at;
    int recovery_left;
};
int people_totp_get(struct store_conn *db, int64_t user_id, struct people_totp *t);
/* A new secret, pending until a code confirms it (replaces any pending
 * one; refused with PEOPLE_INVALID when two-factor is already on). */
int people_totp_begin(struct store_conn *db, int64_t user_id);
/* Confirms the pending secret with `code` (at `now`): 0 and ten recovery
 * codes ("abcd-efgh") in `codes`; PEOPLE_INVALID if the code is wrong. */
int people_totp_enable(struct store_conn *db, int64_t user_id, struct str code, int64_t now,
                       char codes[PEOPLE_RECOVERY_CODES][10]);
/* Turns two-factor sign-in off and forgets its secret and codes. */
int people_totp_disable(struct store_conn *db, int64_t user_id);
/* 1 if `code` (six digits, or a recovery code) is good now for an enabled
 * secret; it is then used up (a code once, a recovery code for ever). */
int people_totp_check(struct store_conn *db, int64_t user_id, struct str code, int64_t now);

/* A password accepted, waiting for the code: the token goes in a cookie. */
int people_challenge_open(struct store_conn *db, int64_t user_id, struct str back, int64_t now,
                          char token[PEOPLE_TOKEN_CHARS + 1]);
/* 1 with the user and where to go after, if the token names a challenge
 * younger than PEOPLE_CHALLENGE_SECONDS with tries left; 0 if not. */
int people_challenge_find(struct store_conn *db, struct arena *a, struct str token, int64_t now, int64_t *user_id,
                          struct str *back);
/* Counts a wrong code; the fifth ends the challenge. */
int people_challenge_fail(struct store_conn *db, struct str token);
int people_challenge_end(struct store_conn *db, struct str token);

/* --- the newsroom's settings ---------------------------------------------------------- */

#define PEOPLE_SETTING_REQUIRE_TOTP_ADMIN "require_totp_admin"
#define PEOPLE_SETTING_PASSWORD_DAYS "password_days" /* passwords expire after this many days; 0 = never */
int people_setting(struct store_conn *db, const char *name, int64_t *value); /* 0 when unset */
int people_setting_set(struct store_conn *db, const char *name, int64_t value);

/* --- the audit log ------------------------------------------------------------------------ */

struct people_audit_entry {
    int64_t id, at, user_id;
    struct str login, address, action, object, detail;
};

/* Appends one entry (user_id 0 for none). Rows are never changed. */
int people_audit(struct store_conn *db, int64_t now, int64_t user_id, struct str login, struct str address,
                 const char *action, struct str object, struct str detail);

struct people_audit_filter {
    struct str login;  /* the start of the login, in any case (ASCII letters), or empty */
    struct str action; /* exact, or empty */
    int64_t from, to;  /* at >= from and at < to when not 0 */
    int64_t before_id; /* paging: entries older than this id; 0 = newest */
    int64_t after_id;  /* paging back: the `limit` entries just newer than this id (before_id 0) */
    int limit;
};
/* The entries of the filter, newest first, at most f->limit (1 to 500; else
 * 100): the newest ones, those before f->before_id, or the ones closest
 * after f->after_id. 0, or -1 when a statement failed. */
int people_audit_list(struct store_conn *db, struct arena *a, const struct people_audit_filter *f,
                      struct people_audit_entry **out, size_t *n);

#endif
