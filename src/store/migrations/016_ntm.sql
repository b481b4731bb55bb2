-- 016_ntm.sql: the New Rural Development (nông thôn mới) monitor's tables,
-- all owned by src/ntm/. Dates are ISO 'YYYY-MM-DD' text; times are Unix
-- seconds. What is computed (an indicator's, a criterion's and a unit's
-- state) is written only by src/ntm/ from src/ntm/assess.c, in the same
-- transaction as the values it follows from; nothing here is typed by hand.

-- Administrative units, with history: a unit is never deleted, it gets a
-- valid_to; the former district of a commune is kept as text (the district
-- level was abolished on 2025-07-01).
-- owner: ntm
CREATE TABLE ntm_unit (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,                  -- official code: '42' (province), '18406' (commune)
    level TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    kind TEXT NOT NULL CHECK (kind IN ('tinh', 'thanh_pho', 'huyen', 'quan', 'thi_xa', 'thanh_pho_thuoc_tinh',
                                       'xa', 'phuong', 'thi_tran', 'dac_khu')),
    name TEXT NOT NULL,                  -- 'Can Lộc' (NFC)
    full_name TEXT NOT NULL,             -- 'Xã Can Lộc'
    slug TEXT NOT NULL,                  -- 'can_loc' (the dataset's CodeName), for addresses
    parent_id INTEGER REFERENCES ntm_unit(id),
    former_district TEXT,                -- history only: 'huyện Can Lộc'
    valid_from TEXT NOT NULL,
    valid_to TEXT,                       -- NULL while the unit exists
    legal_basis TEXT,
    UNIQUE (code, valid_from)
);
CREATE INDEX ntm_unit_parent ON ntm_unit(parent_id, valid_to);

-- Classifications that select targets, with validity: scheme 'nhom' (commune
-- group 1/2/3 of QĐ 51/2025) or 'vung' (one of the 7 regions of QĐ 318).
-- owner: ntm
CREATE TABLE ntm_unit_class (
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    scheme TEXT NOT NULL CHECK (scheme IN ('nhom', 'vung')),
    value TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT,
    legal_basis TEXT,
    PRIMARY KEY (unit_id, scheme, valid_from)
);

-- A merger, a split or a rename on a date, by a legal act.
-- owner: ntm
CREATE TABLE ntm_unit_change (
    id INTEGER PRIMARY KEY,
    effective TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
    legal_basis TEXT NOT NULL DEFAULT ''
);
-- One row per predecessor -> successor link. counts_history: whether the
-- predecessor's assessments count towards the successor (the office says so).
-- owner: ntm
CREATE TABLE ntm_unit_lineage (
    change_id INTEGER NOT NULL REFERENCES ntm_unit_change(id),
    from_unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    to_unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    counts_history INTEGER NOT NULL DEFAULT 0 CHECK (counts_history IN (0, 1)),
    PRIMARY KEY (change_id, from_unit_id, to_unit_id)
);
CREATE INDEX ntm_unit_lineage_to ON ntm_unit_lineage(to_unit_id);

-- Criteria sets, versioned. A province's adjusted set names its parent.
-- target_scheme says which classification selects the targets.
-- owner: ntm
CREATE TABLE ntm_set (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,           -- 'QD318-2022', 'QD51-2025'
    name TEXT NOT NULL,
    decision TEXT NOT NULL,              -- 'Quyết định 318/QĐ-TTg ngày 08/3/2022'
    tier TEXT NOT NULL CHECK (tier IN ('ntm', 'nang_cao', 'kieu_mau', 'hien_dai')),
    target_scheme TEXT CHECK (target_scheme IN ('nhom', 'vung')),
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
    parent_id INTEGER REFERENCES ntm_set(id),
    province_code TEXT,                  -- an adjusted set: the province; NULL for national sets
    verified INTEGER NOT NULL DEFAULT 0, -- 1 once checked against the official text
    source_url TEXT NOT NULL DEFAULT ''
);

-- A criterion of a set. indicators_loaded = 0: its indicators are not
-- known to the monitor, and its state is recorded directly per assessment.
-- owner: ntm
CREATE TABLE ntm_criterion (
    id INTEGER PRIMARY KEY,
    set_id INTEGER NOT NULL REFERENCES ntm_set(id),
    number TEXT NOT NULL,                -- '17'; text, provincial sets add '20'
    sort INTEGER NOT NULL,
    name TEXT NOT NULL,
    indicators_loaded INTEGER NOT NULL DEFAULT 1 CHECK (indicators_loaded IN (0, 1)),
    UNIQUE (set_id, number)
);

-- An indicator. value_type: 'met' (đạt / không đạt, or có / không),
-- 'percent', 'number', 'level' (one of `levels`, '|'-separated, lowest
-- first; NULL when the list is not known). note: what is uncertain.
-- owner: ntm
CREATE TABLE ntm_indicator (
    id INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES ntm_criterion(id),
    code TEXT NOT NULL,                  -- '17.8'
    sort INTEGER NOT NULL,
    name TEXT NOT NULL,
    value_type TEXT NOT NULL CHECK (value_type IN ('met', 'percent', 'number', 'level')),
    unit TEXT NOT NULL DEFAULT '',       -- '%', 'triệu đồng/người/năm'
    levels TEXT,
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (criterion_id, code)
);

-- Targets: applies_to is '*' (every unit), a group ('1','2','3') or a
-- region name, per the set's target_scheme. An unknown target is a row
-- whose op and threshold are NULL: never invented. 'met' targets are
-- op '=' with threshold 1 (Đạt / Có) or 0 (Không, e.g. no temporary houses);
-- 'level' targets are op '>=' on the level's position in the list.
-- owner: ntm
CREATE TABLE ntm_target (
    indicator_id INTEGER NOT NULL REFERENCES ntm_indicator(id),
    applies_to TEXT NOT NULL DEFAULT '*',
    op TEXT CHECK (op IN ('>=', '<=', '=')),
    threshold REAL,
    text TEXT NOT NULL DEFAULT '',       -- the target as the decision writes it ('Đạt', '≥ 85%', '?')
    CHECK ((op IS NULL) = (threshold IS NULL)),
    PRIMARY KEY (indicator_id, applies_to)
);

-- An assessment of a unit for a period against a set. quarter 0 = the whole
-- year. Only 'accepted' is public. The computed columns are written with the
-- values by src/ntm/write.c (assess.c): unit_state 1 met, 0 not met,
-- -1 undetermined; criteria_met counts the criteria met.
-- owner: ntm
CREATE TABLE ntm_assessment (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    set_id INTEGER NOT NULL REFERENCES ntm_set(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter INTEGER NOT NULL DEFAULT 0 CHECK (quarter BETWEEN 0 AND 4),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    group_no INTEGER CHECK (group_no IN (1, 2, 3)), -- the classification used, frozen at saving
    region TEXT,
    note TEXT NOT NULL DEFAULT '',
    criteria_met INTEGER NOT NULL DEFAULT 0,
    criteria_total INTEGER NOT NULL DEFAULT 0,
    unit_state INTEGER NOT NULL DEFAULT -1 CHECK (unit_state IN (-1, 0, 1)),
    updated_at INTEGER NOT NULL,
    accepted_at INTEGER,
    UNIQUE (unit_id, set_id, year, quarter)
);
CREATE INDEX ntm_assessment_period ON ntm_assessment(set_id, year, quarter, state);

-- A value per indicator. value: the number (percent, number), 1/0 (met)
-- or the level's position (level, with its name in value_text).
-- state (computed): see enum ntm_ind_state in src/ntm/assess.h.
-- owner: ntm
CREATE TABLE ntm_value (
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES ntm_indicator(id),
    value REAL,
    value_text TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    state INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, indicator_id)
);

-- Evidence files of a value (media ids of the portal's library).
-- owner: ntm
CREATE TABLE ntm_evidence (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES ntm_indicator(id),
    media_id INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);

-- A criterion's state as the office records it, used only where it cannot
-- be computed: its indicators are not loaded, or a target is unknown.
-- owner: ntm
CREATE TABLE ntm_recorded (
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES ntm_criterion(id),
    met INTEGER NOT NULL CHECK (met IN (0, 1)),
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (assessment_id, criterion_id)
);

-- Each criterion's computed state in an assessment (1 met, 0 not met,
-- -1 undetermined); recorded = 1 when it came from ntm_recorded.
-- owner: ntm
CREATE TABLE ntm_result (
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    criterion_id INTEGER NOT NULL REFERENCES ntm_criterion(id),
    state INTEGER NOT NULL CHECK (state IN (-1, 0, 1)),
    recorded INTEGER NOT NULL DEFAULT 0 CHECK (recorded IN (0, 1)),
    PRIMARY KEY (assessment_id, criterion_id)
);
CREATE INDEX ntm_result_criterion ON ntm_result(criterion_id, state);

-- Recognition decisions: a status granted, granted again, acknowledged
-- after a merger, or revoked.
-- owner: ntm
CREATE TABLE ntm_recognition (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    status TEXT NOT NULL CHECK (status IN ('ntm', 'nang_cao', 'kieu_mau', 'hien_dai')),
    act TEXT NOT NULL DEFAULT 'cong_nhan' CHECK (act IN ('cong_nhan', 'cong_nhan_lai', 'thua_nhan', 'thu_hoi')),
    year INTEGER NOT NULL,               -- "đạt chuẩn năm ..."
    decision_no TEXT NOT NULL,           -- canonical, from docs/number.h: '3368/QĐ-UBND'
    decided_on TEXT NOT NULL,
    issuer TEXT NOT NULL,                -- 'Chủ tịch UBND tỉnh Hà Tĩnh'
    set_id INTEGER REFERENCES ntm_set(id),
    document_id INTEGER,                 -- the document in /van-ban/, when it is there
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ntm_recognition_unit ON ntm_recognition(unit_id, decided_on);

-- Plan framework: the year a unit is to reach a status, and the year each
-- criterion is to be met. Only 'approved' rows are public.
-- owner: ntm
CREATE TABLE ntm_plan (
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    status TEXT NOT NULL CHECK (status IN ('ntm', 'nang_cao', 'kieu_mau', 'hien_dai')),
    target_year INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved')),
    PRIMARY KEY (unit_id, status)
);
-- owner: ntm
CREATE TABLE ntm_plan_criterion (
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    criterion_id INTEGER NOT NULL REFERENCES ntm_criterion(id),
    target_year INTEGER NOT NULL CHECK (target_year BETWEEN 2000 AND 2100),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'approved')),
    PRIMARY KEY (unit_id, criterion_id)
);

-- Who answers for a criterion: a department (sở, phòng) or a member of the
-- steering committee; role lead (chủ trì) or support (phối hợp).
-- owner: ntm
CREATE TABLE ntm_responsible (
    id INTEGER PRIMARY KEY,
    criterion_id INTEGER NOT NULL REFERENCES ntm_criterion(id),
    kind TEXT NOT NULL CHECK (kind IN ('department', 'member')),
    name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'lead' CHECK (role IN ('lead', 'support')),
    UNIQUE (criterion_id, kind, name)
);

-- Sponsor units (đơn vị đỡ đầu), their assignment to units and their tasks.
-- owner: ntm
CREATE TABLE ntm_sponsor (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL DEFAULT ''        -- 'Sở, ngành', 'Doanh nghiệp', 'Lực lượng vũ trang'
);
-- owner: ntm
CREATE TABLE ntm_sponsorship (
    id INTEGER PRIMARY KEY,
    sponsor_id INTEGER NOT NULL REFERENCES ntm_sponsor(id),
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    year_from INTEGER NOT NULL,
    year_to INTEGER,
    decision TEXT NOT NULL DEFAULT '',
    UNIQUE (sponsor_id, unit_id, year_from)
);
-- owner: ntm
CREATE TABLE ntm_sponsor_task (
    id INTEGER PRIMARY KEY,
    sponsorship_id INTEGER NOT NULL REFERENCES ntm_sponsorship(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    criterion_id INTEGER REFERENCES ntm_criterion(id),
    amount REAL,                         -- million VND committed, when it is money
    due_year INTEGER,
    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'doing', 'done', 'dropped'))
);

-- Models: model residential areas (khu dân cư kiểu mẫu) and model gardens
-- (vườn mẫu) of a unit; year = the year recognised.
-- owner: ntm
CREATE TABLE ntm_model (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    kind TEXT NOT NULL CHECK (kind IN ('khu_dan_cu', 'vuon')),
    name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('registered', 'building', 'recognised', 'revoked')),
    year INTEGER
);
CREATE INDEX ntm_model_unit ON ntm_model(unit_id, kind);

-- Funds mobilised per unit and year by source, million VND.
-- owner: ntm
CREATE TABLE ntm_fund (
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    source TEXT NOT NULL CHECK (source IN ('ngan_sach_tw', 'ngan_sach_dp', 'tin_dung', 'doanh_nghiep',
                                           'cong_dong', 'khac')),
    amount REAL NOT NULL CHECK (amount >= 0),
    PRIMARY KEY (unit_id, year, source)
);

-- A unit's boundary, simplified once on import (src/ntm/geo.c): rings of
-- points quantised to 1e-5 degree, delta-encoded (see geo.h for the format).
-- owner: ntm
CREATE TABLE ntm_shape (
    unit_id INTEGER PRIMARY KEY REFERENCES ntm_unit(id),
    min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
    points INTEGER NOT NULL,
    geometry TEXT NOT NULL
);
