-- 005_document_search.sql: full-text search over official documents,
-- with the same "vi" tokenizer as articles (003_search.sql): number and
-- symbol, abstract (trích yếu) and full text. "323/KH-UBND" is indexed as
-- the words 323, kh, ubnd, so the number typed with or without Đ finds it.

-- owner: docs
CREATE VIRTUAL TABLE document_fts USING fts5(
    number_raw, abstract, body,
    content = 'document', content_rowid = 'id', tokenize = 'vi'
);
INSERT INTO document_fts(document_fts) VALUES ('rebuild');

CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN
    INSERT INTO document_fts(rowid, number_raw, abstract, body) VALUES (new.id, new.number_raw, new.abstract, new.body);
END;
CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, number_raw, abstract, body)
    VALUES ('delete', old.id, old.number_raw, old.abstract, old.body);
END;
CREATE TRIGGER document_fts_update AFTER UPDATE OF number_raw, abstract, body ON document BEGIN
    INSERT INTO document_fts(document_fts, rowid, number_raw, abstract, body)
    VALUES ('delete', old.id, old.number_raw, old.abstract, old.body);
    INSERT INTO document_fts(rowid, number_raw, abstract, body) VALUES (new.id, new.number_raw, new.abstract, new.body);
END;
