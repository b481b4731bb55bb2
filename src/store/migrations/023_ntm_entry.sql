-- 023_ntm_entry.sql: the office side's data entry and checking (src/ntm/
-- entry*.c): who moved an assessment between its states and when, the
-- office's comments when it returns one, and the history of every value
-- a person changed. user_id is an account of the people module (reached
-- through src/people/people.h, never joined); 0 when no person did it.

-- Each move of an assessment: submitted, accepted, returned (and the
-- draft it started as is implicit). The queue orders by the latest
-- 'submitted' event.
-- owner: ntm
CREATE TABLE ntm_assessment_event (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    state TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'accepted', 'returned')),
    at INTEGER NOT NULL,
    user_id INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ntm_assessment_event_of ON ntm_assessment_event(assessment_id, id);

-- The office's comments when it returns an assessment: one per indicator
-- (indicator_id), per criterion (criterion_id) or for the whole report
-- (both NULL), tied to the 'returned' event.
-- owner: ntm
CREATE TABLE ntm_review_comment (
    event_id INTEGER NOT NULL REFERENCES ntm_assessment_event(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES ntm_indicator(id),
    criterion_id INTEGER REFERENCES ntm_criterion(id),
    comment TEXT NOT NULL
);
CREATE INDEX ntm_review_comment_event ON ntm_review_comment(event_id);

-- Every change of a value (indicator_id) or of a recorded criterion state
-- (criterion_id) made by a person: old and new value (NULL: none), the
-- level's name for levels, and why (required once the assessment had been
-- submitted). Bulk loads (the demo, user_id 0) record nothing.
-- owner: ntm
CREATE TABLE ntm_value_history (
    id INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES ntm_assessment(id) ON DELETE CASCADE,
    indicator_id INTEGER REFERENCES ntm_indicator(id),
    criterion_id INTEGER REFERENCES ntm_criterion(id),
    at INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    old_value REAL,
    old_text TEXT NOT NULL DEFAULT '',
    new_value REAL,
    new_text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ntm_value_history_of ON ntm_value_history(assessment_id, id);
