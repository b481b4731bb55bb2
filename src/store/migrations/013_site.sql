-- 013_site.sql: what administrators change in the site's categories.
--
-- A category may stay out of the main menu (its page and feed still
-- answer), and every address a category had before keeps answering with
-- a redirect to its current one.

ALTER TABLE category ADD COLUMN in_menu INTEGER NOT NULL DEFAULT 1;

-- An old slug of a category: /tin-tuc/<slug>/ answers 301 to the
-- category's current address. A slug is here only while no category
-- uses it.
-- owner: site
CREATE TABLE category_slug_history (
    slug        TEXT PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES category(id) ON DELETE CASCADE,
    changed_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX category_slug_history_by_category ON category_slug_history(category_id);
