-- 014_media.sql: the media library becomes its own module (src/media/).
--
-- The files move from the table `media` (created by 001 for the news
-- module) to media_file, owned by the media module: an owner line of an
-- applied migration cannot change, and a table keeps its first owner, so
-- the rows are copied into a new table and the old one is dropped. The
-- files stay in the database (BLOBs), so that a backup holds everything and
-- a write is whole or absent.
--
-- kind: 'image' (re-encoded by libvips, metadata stripped; `bytes` is the
-- largest size kept) or 'document' (the bytes as uploaded). sha256 is the
-- hash of the bytes as uploaded: the same file is kept once (NULL for the
-- files kept before this migration).

-- owner: media
CREATE TABLE media_file (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,      -- /media/<name>
    original_name TEXT NOT NULL DEFAULT '',  -- as the uploader's computer named it
    mime          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('image', 'document')),
    width         INTEGER NOT NULL DEFAULT 0,
    height        INTEGER NOT NULL DEFAULT 0,
    alt           TEXT NOT NULL DEFAULT '',
    caption       TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL,
    sha256        BLOB UNIQUE,
    uploader_id   INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    bytes         BLOB NOT NULL
);
CREATE INDEX media_file_by_date ON media_file(created_at DESC, id DESC);
CREATE INDEX media_file_by_kind ON media_file(kind, created_at DESC, id DESC);

INSERT INTO media_file(id, name, mime, kind, width, height, alt, size, created_at, bytes)
    SELECT id, name, mime, CASE WHEN mime LIKE 'image/%' THEN 'image' ELSE 'document' END, width, height, alt,
           length(bytes), created_at, bytes
    FROM media;

-- Smaller widths of an image (never wider than the image itself), served
-- at /media/<width>/<name>.
-- owner: media
CREATE TABLE media_variant (
    media_id INTEGER NOT NULL REFERENCES media_file(id) ON DELETE CASCADE,
    width    INTEGER NOT NULL,
    height   INTEGER NOT NULL,
    bytes    BLOB NOT NULL,
    PRIMARY KEY (media_id, width)
) WITHOUT ROWID;

-- Where a file is used: owner_kind 'article' (its cover and the images of
-- its body), later 'document' (attachments). A file in use cannot be
-- deleted.
-- owner: media
CREATE TABLE media_use (
    media_id   INTEGER NOT NULL REFERENCES media_file(id),
    owner_kind TEXT NOT NULL,
    owner_id   INTEGER NOT NULL,
    PRIMARY KEY (media_id, owner_kind, owner_id)
) WITHOUT ROWID;
CREATE INDEX media_use_by_owner ON media_use(owner_kind, owner_id);

INSERT OR IGNORE INTO media_use(media_id, owner_kind, owner_id)
    SELECT image_id, 'article', id FROM article WHERE image_id IS NOT NULL;

-- article.image_id referred to media(id): it now refers to media_file(id),
-- the same ids. Changing a foreign key's parent does not change what is on
-- disk, so the table's definition is edited in place (the procedure of
-- SQLite's "ALTER TABLE" page for such changes) instead of rebuilding the
-- article table with its indexes, triggers and full-text index.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'REFERENCES media(id)', 'REFERENCES media_file(id)')
    WHERE type = 'table' AND name = 'article';
PRAGMA writable_schema = RESET;

DROP TABLE media;
