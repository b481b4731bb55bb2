-- 022_ntm_model_history.sql - a model residential area's or model garden's
-- state at the end of each year, so that the public pages of an earlier
-- year show the model as it stood then (written by ntm_model_save for the
-- year of the save, and by ntm_model_history_set for earlier years).
-- A model without rows here is shown in its current state.

-- owner: ntm
CREATE TABLE ntm_model_year (
    model_id INTEGER NOT NULL REFERENCES ntm_model(id) ON DELETE CASCADE,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    state TEXT NOT NULL CHECK (state IN ('registered', 'building', 'recognised', 'revoked')),
    recognised_year INTEGER,
    PRIMARY KEY (model_id, year)
) WITHOUT ROWID; -- read by its key only: one seek per model and year
