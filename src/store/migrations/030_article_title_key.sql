-- The Vietnamese sort key of an article's title (vi_sort_key, registered
-- with the search tokenizer on every connection: store/fts_vi.c), so that
-- the newsroom's list sorted by title ("Tiêu đề") reads a, ă, â, b, c, d,
-- đ, e, ê, ... with the tones after the base letter, and pages through any
-- number of articles along an index of bytes. news/write.c writes it with
-- every title; a row written by hand without it (NULL) sorts first. It
-- replaces the index of titles by code point (011).
ALTER TABLE article ADD COLUMN title_key BLOB;
UPDATE article SET title_key = vi_sort_key(title);
DROP INDEX IF EXISTS article_by_title;
CREATE INDEX article_by_title_key ON article(title_key, id);
