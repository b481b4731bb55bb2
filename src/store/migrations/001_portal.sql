-- 001_portal.sql: site settings, news, media and website links.
-- Times are Unix seconds (UTC); text is NFC UTF-8.

-- owner: site
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- owner: site
CREATE TABLE category (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

-- Images and other files, stored in the database so that a backup holds
-- everything and a write is whole or absent.
-- owner: news
CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,      -- file name in /media/<name>
    mime       TEXT NOT NULL,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    alt        TEXT NOT NULL DEFAULT '',
    bytes      BLOB NOT NULL,
    created_at INTEGER NOT NULL
);

-- status: 0 draft, 1 published. body is in the block format of
-- src/news/body.c (paragraphs, headings, images with captions).
-- owner: news
CREATE TABLE article (
    id            INTEGER PRIMARY KEY,
    category_id   INTEGER NOT NULL REFERENCES category(id),
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body          TEXT NOT NULL DEFAULT '',
    author        TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    image_id      INTEGER REFERENCES media(id),
    image_caption TEXT NOT NULL DEFAULT '',
    featured      INTEGER NOT NULL DEFAULT 0,
    status        INTEGER NOT NULL DEFAULT 1,
    published_at  INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    views         INTEGER NOT NULL DEFAULT 0,
    rating_sum    INTEGER NOT NULL DEFAULT 0,
    rating_count  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX article_by_category ON article(category_id, status, published_at DESC, id DESC);
CREATE INDEX article_by_date ON article(status, published_at DESC, id DESC);
CREATE INDEX article_featured ON article(published_at DESC, id DESC) WHERE featured = 1 AND status = 1;

-- owner: news
CREATE TABLE tag (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

-- owner: news
CREATE TABLE article_tag (
    article_id INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tag(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tag_by_tag ON article_tag(tag_id, article_id);

-- owner: site
CREATE TABLE weblink (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    url      TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

-- Running totals of the visitor counter (the next issue keeps daily history).
-- owner: stats
CREATE TABLE counter (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
