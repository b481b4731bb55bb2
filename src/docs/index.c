/* index.c - one step of a search over the documents' index; see index.h. */
#include "docs/index.h"

#include <stdio.h>

#include "docs/docs.h"
#include "docs/query.h"

/* Dates of documents are ISO strings; a year is the range [from, to). */
static const char SQL_WALK[] =
    "SELECT f.rowid, dinh_rank(document_fts, 10.0, 6.0, 1.0, 4.0), CAST(strftime('%s', d.issued_on) AS INTEGER) "
    "FROM document_fts f CROSS JOIN document d ON d.id = f.rowid "
    "WHERE document_fts MATCH ?1 AND " DOCS_SHOWN("d.", "?2")
    " AND d.issued_on >= ?3 AND d.issued_on < ?4 ORDER BY f.rowid DESC LIMIT ?5";
/* Compared in the canonical form the number parser writes. */
static const char SQL_EXACT[] = "SELECT id, CAST(strftime('%s', issued_on) AS INTEGER) FROM document "
                                "WHERE number_canonical = ?1 AND " DOCS_SHOWN("", "?2")
                                " AND issued_on >= ?3 AND issued_on < ?4 ORDER BY issued_on DESC LIMIT 10";
static const char SQL_HIT[] = "SELECT highlight(document_fts, 1, char(1), char(2)) FROM document_fts "
                              "WHERE document_fts MATCH ?1 AND rowid = ?2";

static void bind_period(sqlite3_stmt *st, int year, int64_t now)
{
    char today[11], from[24] = "0000-00-00", to[24] = "9999-99-99";
    docs_today(now, today);
    if (year) {
        snprintf(from, sizeof from, "%04d-01-01", year);
        snprintf(to, sizeof to, "%04d-01-01", year + 1);
    }
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_TRANSIENT);
}

int docs_index_exact(struct store_conn *db, const char *canonical, int year, int64_t now, docs_index_each each,
                     void *ctx)
{
    sqlite3_stmt *st = store_stmt(db, SQL_EXACT);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, canonical, -1, SQLITE_TRANSIENT);
    bind_period(st, year, now);
    int n = 0, r;
    while ((r = store_step(db, st)) > 0) {
        each(ctx, sqlite3_column_int64(st, 0), 1e9, sqlite3_column_int64(st, 1));
        n++;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : n;
}

int docs_index_walk(struct store_conn *db, struct str query, int year, int64_t now, int limit, docs_index_each each,
                    void *ctx)
{
    sqlite3_stmt *st = store_stmt(db, SQL_WALK);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, query.p, (int)query.n, SQLITE_TRANSIENT);
    bind_period(st, year, now);
    sqlite3_bind_int(st, 5, limit);
    int n = 0, r;
    while ((r = store_step(db, st)) > 0) {
        each(ctx, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1), sqlite3_column_int64(st, 2));
        n++;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : n;
}

int docs_index_hit(struct store_conn *db, struct arena *a, struct str query, int64_t id, struct str *out)
{
    *out = STR_NULL;
    sqlite3_stmt *st = store_stmt(db, SQL_HIT);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, query.p, (int)query.n, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, id);
    int r = store_step(db, st);
    if (r > 0) {
        struct str s = store_col_str(st, 0);
        *out = arena_strdup(a, s.p, s.n);
    }
    sqlite3_reset(st);
    return r;
}
