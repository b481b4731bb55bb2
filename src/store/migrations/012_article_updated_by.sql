-- Who saved an article last, so that the version a save replaces is kept
-- under its own author and time (article_revision.saved_by, saved_at):
-- the versions page then says who wrote each version, not who replaced it.
ALTER TABLE article ADD COLUMN updated_by INTEGER NOT NULL DEFAULT 0;
UPDATE article SET updated_by = coalesce(owner_id, 0);
