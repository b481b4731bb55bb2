-- 020_ntm_scope.sql: what an NTM account may enter. A commune reporter
-- (people role ntm_reporter) enters only the units listed here; a
-- department officer (ntm_department) enters, for every unit, the
-- indicators of the criteria whose responsible department (ntm_responsible,
-- kind 'department') bears the name recorded here. user_id is an account of
-- the people module (reached through src/people/people.h, never joined).

-- owner: ntm
CREATE TABLE ntm_scope_unit (
    user_id INTEGER NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES ntm_unit(id),
    PRIMARY KEY (user_id, unit_id)
) WITHOUT ROWID;

-- owner: ntm
CREATE TABLE ntm_scope_department (
    user_id INTEGER PRIMARY KEY,
    department TEXT NOT NULL
);
