-- 034_article_id_floor.sql: an article deleted for good (from the trash)
-- leaves its number behind here, so that no new article is given it again:
-- SQLite gives a new row the highest id plus one, and the newest article's
-- id, once deleted, would otherwise go to the next one, whose page an old
-- link, a bookmark or a search engine would then reach (news/write.c).
-- owner: news
CREATE TABLE news_counter (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
