-- 015_documents_desk.sql: official documents edited in the newsroom
-- (/quan-tri/van-ban/, src/docs/desk.c).
--
-- owner_id: the newsroom account that registered the document (0 for none:
-- the demo, imports); a contributor edits only their own drafts.
-- trash: 0 not in the trash; 1 in the trash, was a draft; 2 in the trash,
-- was published. A document in the trash is never published (the write
-- that trashes it clears `published`), so DOCS_SHOWN needs no new term and
-- the list indexes stay as they are; restoring puts `published` back as it
-- was. Nothing is deleted by the desk.
ALTER TABLE document ADD COLUMN owner_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE document ADD COLUMN trash INTEGER NOT NULL DEFAULT 0 CHECK (trash IN (0, 1, 2));
CREATE INDEX document_desk ON document(trash, updated_at DESC, id DESC);
CREATE INDEX document_owner ON document(owner_id, updated_at DESC, id DESC);

-- A number already registered is a warning the editor confirms, not a
-- wall: registers do hold two documents with one number (a clerk's slip
-- that was issued all the same, a re-issue under the old number), and the
-- register must record what was issued. Lookups by number keep
-- document_by_number (002).
DROP INDEX document_unique_number;
