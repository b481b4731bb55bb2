-- Writes made by a process that serves nothing (`dinh ntm load`,
-- `dinh ntm geojson` beside a serving dinh): such a process has no cache to
-- tell, so its commits that change what pages show count themselves here,
-- in the same transaction, and a serving dinh that sees the count grow
-- drops its kept pages and pieces (store.c, store_watch_start).
-- owner: store
CREATE TABLE store_outside_write (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    writes INTEGER NOT NULL
);
