-- 006_search_buckets.sql: an id bucket in the article indexes, so that a
-- search can be held to the newest articles.
--
-- FTS5 applies a rowid bound only when it reaches the next match: a query
-- with no match below the bound (a quoted phrase of common words in an
-- order nobody writes) walks down to the oldest article whatever the bound.
-- A query ANDed with bucket tokens stops where the buckets' own doclists
-- end. Every article has four tokens in the column search_bucket: its
-- block of 1,000 ids "a<id / 1000>", of 10,000 "b<id / 10000>", of 100,000
-- "c<id / 100000>" and of a million "d<id / 1000000>", so that any range
-- of ids is covered by a few of them (src/search/search.c, bucket_cover).
-- A reader's word that looks like one ("a12") is matched only in the
-- other columns.

ALTER TABLE article ADD COLUMN search_bucket TEXT GENERATED ALWAYS AS
    ('a' || (id / 1000) || ' b' || (id / 10000) || ' c' || (id / 100000) || ' d' || (id / 1000000)) VIRTUAL;

DROP TRIGGER article_fts_insert;
DROP TRIGGER article_fts_delete;
DROP TRIGGER article_fts_update;
DROP TABLE article_fts;
DROP TABLE article_title_fts;

-- owner: news
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, summary, body, search_bucket,
    content = 'article', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO article_fts(article_fts) VALUES ('rebuild');

-- owner: news
CREATE VIRTUAL TABLE article_title_fts USING fts5(
    title, search_bucket, content = 'article', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO article_title_fts(article_title_fts) VALUES ('rebuild');

CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
    INSERT INTO article_fts(rowid, title, summary, body, search_bucket)
    VALUES (new.id, new.title, new.summary, new.body, new.search_bucket);
    INSERT INTO article_title_fts(rowid, title, search_bucket) VALUES (new.id, new.title, new.search_bucket);
END;
CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, body, search_bucket)
    VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_bucket);
    INSERT INTO article_title_fts(article_title_fts, rowid, title, search_bucket)
    VALUES ('delete', old.id, old.title, old.search_bucket);
END;
CREATE TRIGGER article_fts_update AFTER UPDATE OF title, summary, body ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, body, search_bucket)
    VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_bucket);
    INSERT INTO article_fts(rowid, title, summary, body, search_bucket)
    VALUES (new.id, new.title, new.summary, new.body, new.search_bucket);
    INSERT INTO article_title_fts(article_title_fts, rowid, title, search_bucket)
    VALUES ('delete', old.id, old.title, old.search_bucket);
    INSERT INTO article_title_fts(rowid, title, search_bucket) VALUES (new.id, new.title, new.search_bucket);
END;

-- What a search reads of each candidate besides the index: whether and
-- when it is published. A walk reads hundreds of candidates, and looking
-- each up in the table would read its whole row, body and all.
CREATE INDEX article_live ON article(id, status, published_at);
