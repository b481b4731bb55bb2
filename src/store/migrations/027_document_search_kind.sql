-- 027_document_search_kind.sql: a document is also found by its kind, the
-- word "số" and its issuing body, as people name it: "Kế hoạch số 4186",
-- "quyết định 1735", "UBND tỉnh 4186". search_extra holds that line
-- ("Kế hoạch số 4186/KH-UBND Ủy ban nhân dân tỉnh Hà Tĩnh"), written by the
-- documents' writes (docs/write.c); the index gains it as a fourth column.

ALTER TABLE document ADD COLUMN search_extra TEXT NOT NULL DEFAULT '';
UPDATE document SET search_extra =
    coalesce((SELECT t.name FROM doc_type t WHERE t.id = document.type_id), '') || ' số ' || number_raw || ' ' ||
    coalesce((SELECT i.name FROM doc_issuer i WHERE i.id = document.issuer_id), '');

DROP TRIGGER document_fts_insert;
DROP TRIGGER document_fts_delete;
DROP TRIGGER document_fts_update;
DROP TABLE document_fts;
-- owner: docs
CREATE VIRTUAL TABLE document_fts USING fts5(
    number_raw, abstract, body, search_extra,
    content = 'document', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO document_fts(document_fts) VALUES ('rebuild');

CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
    INSERT INTO document_fts(rowid, number_raw, abstract, body, search_extra)
    VALUES (new.id, new.number_raw, new.abstract, new.body, new.search_extra);
END;
CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, number_raw, abstract, body, search_extra)
    VALUES ('delete', old.id, old.number_raw, old.abstract, old.body, old.search_extra);
END;
CREATE TRIGGER document_fts_update AFTER UPDATE OF number_raw, abstract, body, search_extra ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, number_raw, abstract, body, search_extra)
    VALUES ('delete', old.id, old.number_raw, old.abstract, old.body, old.search_extra);
    INSERT INTO document_fts(rowid, number_raw, abstract, body, search_extra)
    VALUES (new.id, new.number_raw, new.abstract, new.body, new.search_extra);
END;
