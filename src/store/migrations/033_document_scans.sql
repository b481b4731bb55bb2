-- 033_document_scans.sql: a document's attachments may also be the JPEG or
-- PNG picture a scanner or a phone makes of the signed paper (offices post
-- many documents that way), served to be shown like a PDF. SQLite cannot
-- change a CHECK in place, so the table is built again with the wider list
-- (src/docs/filetype.h is the list the code keeps) and its rows copied,
-- ids, positions and bytes as they were; nothing else refers to it.
ALTER TABLE document_file RENAME TO document_file_before_033;
DROP INDEX document_file_by_document;
-- owner: docs
CREATE TABLE document_file (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL DEFAULT 0,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200 AND instr(name, '/') = 0),
    mime        TEXT NOT NULL CHECK (mime IN (
                    'application/pdf',
                    'application/msword',
                    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                    'application/vnd.ms-excel',
                    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                    'application/vnd.oasis.opendocument.text',
                    'application/vnd.oasis.opendocument.spreadsheet',
                    'image/jpeg',
                    'image/png')),
    size        INTEGER NOT NULL CHECK (size >= 0),
    created_at  INTEGER NOT NULL,
    downloads   INTEGER NOT NULL DEFAULT 0,
    bytes       BLOB NOT NULL,
    CHECK (size = length(bytes))
);
INSERT INTO document_file(id, document_id, position, name, mime, size, created_at, downloads, bytes)
    SELECT id, document_id, position, name, mime, size, created_at, downloads, bytes FROM document_file_before_033;
DROP TABLE document_file_before_033;
CREATE INDEX document_file_by_document ON document_file(document_id, position, id);
