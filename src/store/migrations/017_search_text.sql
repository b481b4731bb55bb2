-- 017_search_text.sql: the search indexes the words of an article's body,
-- not its markup. Bodies written in the newsroom are HTML, and the demo's
-- have "## " and [[anh:ID|...]] blocks: indexed as they were, a search for
-- "strong" or "anh" found them, and a result's snippet quoted the tags.
-- article.search_body holds the text the body shows (news_body_text,
-- written with every save; rows from before are filled by `dinh init`
-- right after this migration, news_search_text_fill). The snippet of a
-- result is cut from it.

ALTER TABLE article ADD COLUMN search_body TEXT NOT NULL DEFAULT '';

DROP TRIGGER article_fts_insert;
DROP TRIGGER article_fts_delete;
DROP TRIGGER article_fts_update;
DROP TABLE article_fts;

-- owner: news
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, summary, search_body, search_bucket,
    content = 'article', content_rowid = 'id', tokenize = 'vi'
);
-- Every row indexed as it is now (its search_body still empty), so that
-- the updates that fill it delete exactly what was indexed.
INSERT INTO article_fts(article_fts) VALUES ('rebuild');

CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
    INSERT INTO article_fts(rowid, title, summary, search_body, search_bucket)
    VALUES (new.id, new.title, new.summary, new.search_body, new.search_bucket);
    INSERT INTO article_title_fts(rowid, title, search_bucket) VALUES (new.id, new.title, new.search_bucket);
END;
CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, search_body, search_bucket)
    VALUES ('delete', old.id, old.title, old.summary, old.search_body, old.search_bucket);
    INSERT INTO article_title_fts(article_title_fts, rowid, title, search_bucket)
    VALUES ('delete', old.id, old.title, old.search_bucket);
END;
CREATE TRIGGER article_fts_update AFTER UPDATE OF title, summary, search_body ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, search_body, search_bucket)
    VALUES ('delete', old.id, old.title, old.summary, old.search_body, old.search_bucket);
    INSERT INTO article_fts(rowid, title, summary, search_body, search_bucket)
    VALUES (new.id, new.title, new.summary, new.search_body, new.search_bucket);
    INSERT INTO article_title_fts(article_title_fts, rowid, title, search_bucket)
    VALUES ('delete', old.id, old.title, old.search_bucket);
    INSERT INTO article_title_fts(rowid, title, search_bucket) VALUES (new.id, new.title, new.search_bucket);
END;
