-- 002_documents.sql: the register of official documents (văn bản).
--
-- Times (created_at, updated_at) are Unix seconds UTC, as everywhere else.
-- The dates OF a document (ngày ban hành, có hiệu lực, hết hiệu lực) are
-- calendar dates, not instants: they are stored as ISO 'YYYY-MM-DD' text,
-- the date printed on the paper, with no time zone to get wrong. Such text
-- sorts in date order, compares with a plain index range ('2024-01-01' <=
-- issued_on < '2025-01-01' is "issued in 2024"), and SQLite's date
-- functions read it. NULL means "not known / none".
--
-- Numbers (số ký hiệu) are kept twice: as written on the document
-- (number_raw, for display and fidelity) and in the canonical form of
-- src/docs/number.c (number_canonical, for lookups and uniqueness), with the
-- parts the parser found (family, number, year, type abbreviation).

-- Kinds of document as readers know them (Loại văn bản): "Kế hoạch",
-- "Nghị quyết", "Công văn". One row per kind, whichever family issues it:
-- a Party resolution and a resolution of the People's Council are both
-- "Nghị quyết". abbr is the usual abbreviation in numbers ('' for Công
-- văn and Luật, which have none); the abbreviation of each document is in
-- document.type_abbr.
-- owner: docs
CREATE TABLE doc_type (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,             -- "ke-hoach", in /van-ban/?loai=
    name     TEXT NOT NULL,
    abbr     TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

-- Issuing bodies (Cơ quan ban hành). abbr is how numbers write the body
-- ("UBND", "TU", "TTg"); several bodies may share one (every People's
-- Committee writes "UBND"), which is why documents point at a row here
-- and do not rely on the abbreviation in their number.
-- owner: docs
CREATE TABLE doc_issuer (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,             -- "ubnd-tinh", in ?co-quan=
    name     TEXT NOT NULL,                    -- "Ủy ban nhân dân tỉnh Hà Tĩnh"
    abbr     TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);

-- Fields (Lĩnh vực): "Quy hoạch", "Giao thông", "OCOP"...
-- owner: docs
CREATE TABLE doc_field (
    id       INTEGER PRIMARY KEY,
    slug     TEXT NOT NULL UNIQUE,             -- in ?linh-vuc=
    name     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

-- status: 1 còn hiệu lực (in force), 2 hết hiệu lực (expired), 3 bị thay
-- thế (replaced; replaced_by names the replacement when the register has
-- it). The status is what the editor or the daily job last set, so that a
-- cached page and a filter agree; it is not computed from expires_on at
-- read time.
-- family: enum doc_family of src/docs/number.h (1 administrative, 2 legal
-- normative, 3 Party, 4 công văn, 5 number without symbol).
-- body: the full text, optional, in paragraphs separated by a blank line
-- (never HTML).
-- owner: docs
CREATE TABLE document (
    id               INTEGER PRIMARY KEY,
    number_raw       TEXT NOT NULL,
    number_canonical TEXT NOT NULL,
    family           INTEGER NOT NULL CHECK (family BETWEEN 1 AND 5),
    number           INTEGER NOT NULL CHECK (number >= 1),
    number_year      INTEGER,                  -- the year written in a legal number, else NULL
    type_abbr        TEXT NOT NULL DEFAULT '',
    type_id          INTEGER NOT NULL REFERENCES doc_type(id),
    issuer_id        INTEGER NOT NULL REFERENCES doc_issuer(id),
    signer_name      TEXT NOT NULL DEFAULT '',
    signer_position  TEXT NOT NULL DEFAULT '', -- "Phó Chủ tịch Ủy ban nhân dân tỉnh"
    issued_on        TEXT NOT NULL CHECK (issued_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    effective_on     TEXT CHECK (effective_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    expires_on       TEXT CHECK (expires_on GLOB '[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status           INTEGER NOT NULL DEFAULT 1 CHECK (status IN (1, 2, 3)),
    replaced_by      INTEGER REFERENCES document(id) ON DELETE SET NULL,
    abstract         TEXT NOT NULL,            -- trích yếu
    body             TEXT NOT NULL DEFAULT '',
    slug             TEXT NOT NULL,
    published        INTEGER NOT NULL DEFAULT 1 CHECK (published IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    views            INTEGER NOT NULL DEFAULT 0,
    CHECK (replaced_by IS NULL OR replaced_by <> id)
);
-- The list: newest issue date first, alone or with one filter. A filter
-- on a field goes through document_field_by_field.
CREATE INDEX document_by_date ON document(published, issued_on DESC, id DESC);
CREATE INDEX document_by_type ON document(type_id, published, issued_on DESC, id DESC);
CREATE INDEX document_by_type_abbr ON document(type_abbr, published, issued_on DESC, id DESC);
CREATE INDEX document_by_issuer ON document(issuer_id, published, issued_on DESC, id DESC);
CREATE INDEX document_by_status ON document(status, published, issued_on DESC, id DESC);
CREATE INDEX document_by_number ON document(number_canonical);
CREATE INDEX document_replaced_by ON document(replaced_by) WHERE replaced_by IS NOT NULL;
-- One number per issuing body and year, for the families numbered per
-- year (Nghị định 30/2020, Điều 15; a legal number carries its year).
-- Party documents are numbered per committee term, which the register
-- does not hold, and incomplete numbers identify nothing: neither is
-- constrained here.
CREATE UNIQUE INDEX document_unique_number ON document(issuer_id, number_canonical, substr(issued_on, 1, 4))
    WHERE family IN (1, 2, 4);

-- owner: docs
CREATE TABLE document_field (
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    field_id    INTEGER NOT NULL REFERENCES doc_field(id) ON DELETE CASCADE,
    PRIMARY KEY (document_id, field_id)
) WITHOUT ROWID;
CREATE INDEX document_field_by_field ON document_field(field_id, document_id);

-- Attached files, with their bytes. They live in their own table rather
-- than in `media` because they are owned by one document (deleted with
-- it), are downloaded as attachments under their own Vietnamese names
-- rather than shown inline under /media/, and come in other types than
-- pictures; like media, they are in the database so that one backup holds
-- everything and a write is whole or absent. `bytes` is the last column:
-- listing a document's files reads the columns before it and never the
-- blob's overflow pages. Only the types the download handler serves may
-- be stored (PDF and office documents); size is length(bytes), kept so that
-- a list never touches the blob.
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
                    'application/vnd.oasis.opendocument.spreadsheet')),
    size        INTEGER NOT NULL CHECK (size >= 0),
    created_at  INTEGER NOT NULL,
    downloads   INTEGER NOT NULL DEFAULT 0,
    bytes       BLOB NOT NULL,
    CHECK (size = length(bytes))
);
CREATE INDEX document_file_by_document ON document_file(document_id, position, id);

-- Articles that cite documents ("Văn bản liên quan" under an article,
-- "Tin bài liên quan" under a document).
-- owner: docs
CREATE TABLE article_document (
    article_id  INTEGER NOT NULL REFERENCES article(id) ON DELETE CASCADE,
    document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, document_id)
) WITHOUT ROWID;
CREATE INDEX article_document_by_document ON article_document(document_id, article_id);
