#!/bin/sh
# run.sh - tests scripts/check-sql-owners.py on small trees.
#
#   tests/owners/run.sh
#
# fixture/          modules alpha and beta (and store, for the migrations).
#                   alpha uses its own table and says beta's table names in
#                   text that is not SQL; beta names alpha's table in split
#                   SQL, in a macro and through alpha's header, next to
#                   commented-out SQL. The output must be expected.txt
#                   exactly, and the exit status 1.
# Variants, each made in a temporary copy of fixture/ whose src/beta/b.c is
# replaced by clean/src/beta/b.c:
#   clean           as is: no output but the count, exit status 0
#   missing-owner   003_z.sql has a CREATE TABLE with a blank line between
#                   it and its owner line, and a CREATE VIRTUAL TABLE with
#                   none: exit status 1
#   conflict        003_z.sql drops beta's table and creates it again for
#                   alpha: exit status 1
#   unknown-owner   003_z.sql names owners that are not modules: exit status 1
#
# Prints "ok NAME" or "FAIL NAME: why" for each case, then
# "N passed, N failed"; exits 1 if anything failed.
set -u
export LC_ALL=C
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/owners-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
pass=0
fail=0

# expect NAME STATUS EXPECTED-OUTPUT-FILE TREE
expect() {
    python3 "$root/scripts/check-sql-owners.py" --root "$4" >"$tmp/$1.out" 2>&1
    rc=$?
    if [ "$rc" -ne "$2" ]; then
        echo "FAIL $1: exit status $rc, expected $2"
        sed 's/^/    /' "$tmp/$1.out"
        fail=$((fail + 1))
    elif ! diff -u "$3" "$tmp/$1.out" >"$tmp/$1.diff"; then
        echo "FAIL $1: the output is not the expected one"
        sed 's/^/    /' "$tmp/$1.diff"
        fail=$((fail + 1))
    else
        echo "ok $1"
        pass=$((pass + 1))
    fi
}

# variant NAME: a copy of the fixture with the clean beta, in $tmp/NAME.
variant() {
    cp -R "$here/fixture" "$tmp/$1"
    cp "$here/clean/src/beta/b.c" "$tmp/$1/src/beta/b.c"
}

expect fixture 1 "$here/expected.txt" "$here/fixture"

variant clean
echo "4 passed, 0 failed" >"$tmp/clean.expected"
expect clean 0 "$tmp/clean.expected" "$tmp/clean"

variant missing-owner
cat >"$tmp/missing-owner/src/store/migrations/003_z.sql" <<'SQL'
-- owner: alpha

CREATE TABLE orphan (id INTEGER PRIMARY KEY);
CREATE VIRTUAL TABLE orphan_fts USING fts5(body);
SQL
cat >"$tmp/missing-owner.expected" <<'OUT'
src/store/migrations/003_z.sql:1: owner line is not right before a CREATE TABLE
src/store/migrations/003_z.sql:3: CREATE TABLE orphan has no "-- owner: MODULE" line right before it
src/store/migrations/003_z.sql:4: CREATE VIRTUAL TABLE orphan_fts has no "-- owner: MODULE" line right before it
3 passed, 1 failed
OUT
expect missing-owner 1 "$tmp/missing-owner.expected" "$tmp/missing-owner"

variant conflict
cat >"$tmp/conflict/src/store/migrations/003_z.sql" <<'SQL'
DROP TABLE tin_fts;
DROP TABLE tin;
-- owner: alpha
CREATE TABLE tin (id INTEGER PRIMARY KEY, title TEXT NOT NULL);
SQL
cat >"$tmp/conflict.expected" <<'OUT'
src/store/migrations/003_z.sql:4: table tin is owned by alpha here but by beta at src/store/migrations/001_x.sql:14
3 passed, 1 failed
OUT
expect conflict 1 "$tmp/conflict.expected" "$tmp/conflict"

variant unknown-owner
cat >"$tmp/unknown-owner/src/store/migrations/003_z.sql" <<'SQL'
-- owner: gamma
CREATE TABLE gamma_log (id INTEGER PRIMARY KEY);
-- owner: alpha beta
CREATE TABLE shared (id INTEGER PRIMARY KEY);
SQL
cat >"$tmp/unknown-owner.expected" <<'OUT'
src/store/migrations/003_z.sql:1: owner gamma of table gamma_log is not a module (no src/gamma/)
src/store/migrations/003_z.sql:3: owner line of table shared does not name one module: "-- owner: alpha beta"
3 passed, 1 failed
OUT
expect unknown-owner 1 "$tmp/unknown-owner.expected" "$tmp/unknown-owner"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
