-- 011_desk_indexes.sql: the newsroom's article list in title order reads
-- an index instead of sorting every article.
CREATE INDEX article_by_title ON article(title COLLATE NOCASE, id);
-- ... and in publication order, whatever the state.
CREATE INDEX article_admin_published ON article(published_at DESC, id DESC);
