-- 035_ntm_home.sql: the province whose communes the office follows,
-- chosen by the office (the page of administrative units) or by `dinh ntm
-- load --province CODE`. Before, it was guessed from the boundaries loaded
-- or the assessments accepted, and a new install without the demo had
-- neither: every public page of the monitor answered 404 although the menu
-- links to it, and no commune could be given to a reporter. The guesses
-- still serve a database where nobody has chosen (ntm/query.c).
-- owner: ntm
CREATE TABLE ntm_home (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    unit_id   INTEGER NOT NULL REFERENCES ntm_unit(id),
    chosen_at INTEGER NOT NULL,
    chosen_by INTEGER
);
