-- 009_article_workflow.sql: an article's life in the newsroom.
--
-- article.status: 0 draft (nháp), 1 published (đã đăng; scheduled while
-- published_at is still ahead), 2 waiting for approval (chờ duyệt),
-- 3 returned to its writer (trả lại, with review_note), 4 unpublished
-- (đã gỡ), 9 in the trash (thùng rác; trashed_from says where it was).
-- Only status 1 with published_at reached is ever shown to readers
-- (NEWS_PUBLISHED in src/news/news.h).
ALTER TABLE article ADD COLUMN body_format INTEGER NOT NULL DEFAULT 0; -- 0 the demo's markup, 1 sanitised HTML
ALTER TABLE article ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0;    -- the newsroom account that wrote it; 0 none
ALTER TABLE article ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE article ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;  -- taken off the site then; 0 never
ALTER TABLE article ADD COLUMN review_note TEXT NOT NULL DEFAULT '';
ALTER TABLE article ADD COLUMN trashed_from INTEGER NOT NULL DEFAULT 0;
UPDATE article SET created_at = published_at;
CREATE INDEX article_admin ON article(status, updated_at DESC, id DESC);
CREATE INDEX article_admin_updated ON article(updated_at DESC, id DESC);
CREATE INDEX article_owner ON article(owner_id, updated_at DESC, id DESC);
CREATE INDEX article_expiring ON article(expires_at) WHERE expires_at > 0 AND status = 1;

-- Every save keeps what the article said, who saved it and when.
-- owner: news
CREATE TABLE article_revision (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL,
    saved_at    INTEGER NOT NULL,
    saved_by    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    body        TEXT NOT NULL,
    body_format INTEGER NOT NULL
);
CREATE INDEX article_revision_by_article ON article_revision(article_id, id DESC);
