-- 019_people_ntm_roles.sql: the NTM monitor's accounts share the
-- newsroom's (one login, one audit log, one administrator), with three
-- roles of their own: the coordination office, a department's officer and a
-- commune's reporter (see src/people/people.h).
--
-- users.role is checked by a CHECK constraint. Widening a CHECK changes
-- nothing on disk and every stored row already satisfies the wider one, so
-- the table's definition is edited in place (the procedure of SQLite's
-- "ALTER TABLE" page for such changes): rebuilding `users` would, with
-- foreign keys on, delete every session and category right with it.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (role IN (''admin'', ''chief'', ''editor'', ''contributor''))',
                     'CHECK (role IN (''admin'', ''chief'', ''editor'', ''contributor'', ''ntm_office'', '
                     || '''ntm_department'', ''ntm_reporter''))')
 WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema = RESET;
