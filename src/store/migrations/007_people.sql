-- 007_people.sql: the newsroom's accounts, their sessions, failed logins
-- and the audit log.
--
-- A password is kept only as its argon2id string (libsodium's
-- crypto_pwhash_str); a session only as the BLAKE2b hash of its token, so
-- that a copy of the database opens no session. Times are Unix seconds.

-- owner: people
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'chief', 'editor', 'contributor')),
    pw_hash       TEXT NOT NULL,
    pw_changed_at INTEGER NOT NULL,
    locked        INTEGER NOT NULL DEFAULT 0, -- locked by an administrator until unlocked
    locked_until  INTEGER NOT NULL DEFAULT 0, -- locked by failed logins until then
    demo          INTEGER NOT NULL DEFAULT 0, -- made by `init --demo`: refused unless serve --demo-logins
    created_at    INTEGER NOT NULL
);

-- The categories a user's rights are limited to; none means every one.
-- owner: people
CREATE TABLE user_categories (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL,
    PRIMARY KEY (user_id, category_id)
) WITHOUT ROWID;

-- owner: people
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,        -- BLAKE2b-256 of the cookie's token
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,               -- the token every form of this session carries
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,            -- last request; idle past the timeout ends it
    address    TEXT NOT NULL,
    agent      TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins of the last hours, by the name tried and by address: the
-- throttle counts them. Names that are no account are kept too, so that
-- the answer is the same whether the account exists or not.
-- owner: people
CREATE TABLE login_failures (
    at      INTEGER NOT NULL,
    login   TEXT NOT NULL COLLATE NOCASE,
    address TEXT NOT NULL
);
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_address ON login_failures(address, at);

-- Every action in /quan-tri/: who, when, from where, what. Nothing in the
-- application may change or remove a row: the triggers refuse it.
-- owner: people
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    user_id INTEGER,                 -- NULL for a failed login of no account
    login   TEXT NOT NULL,
    address TEXT NOT NULL,
    action  TEXT NOT NULL,           -- login, login_failed, logout, user_add, ...
    object  TEXT NOT NULL DEFAULT '',
    detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log cannot be changed');
END;
