-- 010_talk.sql: readers' comments and ratings under the articles (the talk
-- module, src/talk/).
--
-- No reader's address is kept: rows carry a keyed BLAKE2b hash of it (the
-- key is talk_secret's, drawn once per database), enough to count what one
-- address sent and nothing more. The e-mail a reader may leave is for the
-- newsroom only and is never shown on a public page.

-- The module's random key: BLAKE2b of addresses and cookies, and the MAC of
-- its form tokens. One row, made here from SQLite's generator (seeded by the
-- operating system), so that every database, and only it, has its own.
-- owner: talk
CREATE TABLE talk_secret (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key BLOB NOT NULL CHECK (length(key) = 32)
);
INSERT INTO talk_secret(id, key) VALUES (1, randomblob(32));

-- The module's switches (talk_setting in src/talk/talk.h); a name that has
-- no row has its default.
-- owner: talk
CREATE TABLE talk_settings (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

-- A comment (parent_id 0) or a reply to one (parent_id: the comment; one
-- level only). state: 0 waiting for moderation, 1 approved (shown), 2
-- rejected, 3 spam. desk_user: the newsroom account that wrote it (an answer
-- of the editorial board), 0 for a reader.
-- owner: talk
CREATE TABLE talk_comment (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL,
    parent_id    INTEGER NOT NULL DEFAULT 0,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    state        INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2, 3)),
    desk_user    INTEGER NOT NULL DEFAULT 0,
    address_hash BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    moderated_at INTEGER NOT NULL DEFAULT 0,
    moderated_by INTEGER NOT NULL DEFAULT 0,
    edited_at    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX talk_comment_shown ON talk_comment(article_id, state, created_at, id);
CREATE INDEX talk_comment_waiting ON talk_comment(created_at, id) WHERE state = 0;
CREATE INDEX talk_comment_from ON talk_comment(address_hash, created_at);

-- Comment-form tokens already used (each is good once), until they would
-- have expired anyway.
-- owner: talk
CREATE TABLE talk_spent (
    nonce      BLOB PRIMARY KEY,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX talk_spent_expiry ON talk_spent(expires_at);

-- One rating per reader and article; a second vote changes it. reader_hash
-- is the keyed hash of the reader's dinh_doc cookie. The totals shown live
-- in the news module's article row, kept in step by news_article_add_rating.
-- owner: talk
CREATE TABLE talk_vote (
    article_id   INTEGER NOT NULL,
    reader_hash  BLOB NOT NULL,
    address_hash BLOB NOT NULL,
    stars        INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    voted_at     INTEGER NOT NULL,
    PRIMARY KEY (article_id, reader_hash)
) WITHOUT ROWID;
CREATE INDEX talk_vote_from ON talk_vote(article_id, address_hash);
