-- 004_visits.sql: the visitor counter's daily history.
-- day is the Vietnam-local day number (days since 1970-01-01 in UTC+7),
-- so date(day * 86400, 'unixepoch') is the calendar date in Vietnam.
-- Only counts are stored: no address, hashed or not, ever reaches disk.
-- owner: stats
CREATE TABLE visit_day (
    day       INTEGER PRIMARY KEY,
    visitors  INTEGER NOT NULL DEFAULT 0, -- distinct visitors (address and browser) that day
    bots      INTEGER NOT NULL DEFAULT 0, -- distinct crawlers that day
    pageviews INTEGER NOT NULL DEFAULT 0  -- pages served to visitors (crawlers not included)
);
