-- The order in which an article's tags were typed: the article page lists
-- them so, and its related articles follow the first (news/write.c keeps
-- it, news/query.c reads it). Rows from before keep 0 and their order by
-- name.
ALTER TABLE article_tag ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
