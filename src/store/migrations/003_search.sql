-- 003_search.sql: full-text search over articles.
-- The "vi" tokenizer (src/store/fts_vi.c) folds case, every Vietnamese
-- diacritic and đ/Đ, on the indexed text and on queries alike. The index
-- is an external-content table kept in step with article by triggers.

-- owner: news
CREATE VIRTUAL TABLE article_fts USING fts5(
    title, summary, body,
    content = 'article', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO article_fts(article_fts) VALUES ('rebuild');

-- Titles alone, so that "title matches first" reads only title doclists,
-- however common the words are in bodies.
-- owner: news
CREATE VIRTUAL TABLE article_title_fts USING fts5(
    title, content = 'article', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO article_title_fts(article_title_fts) VALUES ('rebuild');

CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
    INSERT INTO article_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
    INSERT INTO article_title_fts(rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary, old.body);
    INSERT INTO article_title_fts(article_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER article_fts_update AFTER UPDATE OF title, summary, body ON article BEGIN
    INSERT INTO article_fts(article_fts, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary, old.body);
    INSERT INTO article_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
    INSERT INTO article_title_fts(article_title_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO article_title_fts(rowid, title) VALUES (new.id, new.title);
END;
