-- Whether an article's current text came from the editor's own timer
-- (autosave) rather than from someone pressing "Lưu": an autosave that
-- replaces a text saved by hand keeps that text as a revision, so every
-- save made on purpose stays in the history (news/write.c, SQL_REVISION).
ALTER TABLE article ADD COLUMN autosaved INTEGER NOT NULL DEFAULT 0;
