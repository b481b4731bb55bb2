-- 021_office_activities.sql: the NTM office's activities, which the
-- portals report as news: training courses (lớp tập huấn) and delegation
-- visits (đoàn công tác). Owned by the activity module (src/activity/),
-- which reaches the monitor's units only through src/ntm/ntm.h: a stop
-- keeps the unit's code and the name it had when the visit was recorded
-- (units merge; the code links to the commune's page while it is current).
-- A material is a file of the media library, named by its id (reached
-- through src/media/media.h). Dates are ISO (YYYY-MM-DD), times HH:MM,
-- Vietnam time; state 0 = draft, 1 = published (public).

-- owner: activity
CREATE TABLE activity_item (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('training', 'visit')),
    title        TEXT NOT NULL,
    date_from    TEXT NOT NULL,
    date_to      TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',  -- training
    organiser    TEXT NOT NULL DEFAULT '',  -- training
    audience     TEXT NOT NULL DEFAULT '',  -- training
    trained      INTEGER NOT NULL DEFAULT 0, -- training: people trained
    summary      TEXT NOT NULL DEFAULT '',  -- training
    leader       TEXT NOT NULL DEFAULT '',  -- visit: who leads it
    members      TEXT NOT NULL DEFAULT '',  -- visit: one member a line
    purpose      TEXT NOT NULL DEFAULT '',  -- visit
    conclusions  TEXT NOT NULL DEFAULT '',  -- visit
    published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    CHECK (date_from <= date_to)
);
CREATE INDEX activity_item_by_kind ON activity_item(kind, published, date_from DESC, id DESC);

-- owner: activity
CREATE TABLE activity_material (
    item_id   INTEGER NOT NULL REFERENCES activity_item(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    media_id  INTEGER NOT NULL,
    PRIMARY KEY (item_id, position)
) WITHOUT ROWID;

-- owner: activity
CREATE TABLE activity_stop (
    item_id    INTEGER NOT NULL REFERENCES activity_item(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    unit_code  TEXT NOT NULL,
    unit_name  TEXT NOT NULL,
    day        TEXT NOT NULL,
    time_from  TEXT NOT NULL,
    time_to    TEXT NOT NULL,
    PRIMARY KEY (item_id, position)
) WITHOUT ROWID;
CREATE INDEX activity_stop_by_unit ON activity_stop(unit_code);
