-- 008_two_factor.sql: two-factor sign-in with authenticator apps (TOTP,
-- RFC 6238), its recovery codes, the sign-ins waiting for their second
-- step, and the newsroom's own settings.

-- The shared secret of a user's authenticator. enabled_at is 0 while the
-- user sets it up (the secret is shown, no code confirmed yet). A code
-- works once: last_step is the newest 30-second step accepted.
-- owner: people
CREATE TABLE user_totp (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret     BLOB NOT NULL,
    enabled_at INTEGER NOT NULL DEFAULT 0,
    last_step  INTEGER NOT NULL DEFAULT 0
);

-- Ten single-use codes for a lost phone, kept as BLAKE2b hashes.
-- owner: people
CREATE TABLE user_recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash BLOB NOT NULL,
    used_at   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, code_hash)
) WITHOUT ROWID;

-- A password accepted, the code not yet: the browser holds the token (a
-- cookie), for five minutes and five tries.
-- owner: people
CREATE TABLE login_challenges (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    back       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- owner: people
CREATE TABLE people_settings (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
