-- 018_article_categories.sql: an article's other categories. Its main
-- category stays article.category_id (its address, its breadcrumb); the
-- newsroom may file it under more, and each of those categories' lists
-- shows it too.
--
-- published_at is the article's own, copied here (and kept in step by the
-- trigger below) so that a category's list reads this table in its index
-- order, newest first, and stops at the page's end, as the main category's
-- list reads article_by_category. The main category is never a row here.
-- owner: news
CREATE TABLE article_category (
    article_id   INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    category_id  INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (article_id, category_id)
) WITHOUT ROWID;
CREATE INDEX article_category_list ON article_category(category_id, published_at DESC, article_id DESC);

CREATE TRIGGER article_category_published AFTER UPDATE OF published_at ON article BEGIN
    UPDATE article_category SET published_at = new.published_at WHERE article_id = new.id;
END;
