/*
 * lineage.c - what a commune's page reads beyond its yearly report: its
 * progress reports quarter by quarter, and the results of the former
 * units merged into it (ntm_unit_lineage), under their old names. Only
 * accepted assessments. The page carries the former units' tags too
 * ("ntm:unit:CODE" of each), so that a write to a former unit's
 * assessment, which touches that unit's tag, renews it.
 */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "ntm/internal.h"
#include "text/vi.h"

static const char SQL_QUARTERS_OF_UNIT[] =
    "SELECT a.quarter, a.criteria_met, a.criteria_total, a.unit_state, s.name FROM ntm_assessment a "
    "JOIN ntm_set s ON s.id = a.set_id WHERE a.unit_id = ?1 AND a.year = ?2 AND a.quarter > 0 "
    "AND a.state = 'accepted' ORDER BY a.quarter, s.year_from DESC";

int ntm_unit_quarters(struct store_conn *db, int64_t unit_id, int year, struct arena *a,
                      struct ntm_quarter_result **out, size_t *n)
{
    *out = arena_zalloc(a, 5 * sizeof **out);
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_QUARTERS_OF_UNIT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int(st, 2, year);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        int q = sqlite3_column_int(st, 0);
        if (*n && (*out)[*n - 1].quarter == q)
            continue; /* one set per quarter: the newest */
        if (*n == 4)
            break;
        (*out)[(*n)++] = (struct ntm_quarter_result){q, sqlite3_column_int(st, 1), sqlite3_column_int(st, 2),
                                                      sqlite3_column_int(st, 3), store_col_copy(a, st, 4)};
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static const char SQL_SUCCESSOR[] =
    "SELECT t.code FROM ntm_unit f JOIN ntm_unit_lineage l ON l.from_unit_id = f.id "
    "JOIN ntm_unit t ON t.id = l.to_unit_id WHERE f.code = ?1 AND f.valid_to IS NOT NULL AND t.valid_to IS NULL "
    "AND t.id <> f.id ORDER BY t.full_name, t.id LIMIT 1";

struct successor_read {
    struct arena *a;
    struct str *out;
};

static void read_successor(sqlite3_stmt *st, void *ctx)
{
    struct successor_read *c = ctx;
    *c->out = store_col_copy(c->a, st, 0);
}

int ntm_unit_successor(struct store_conn *db, const char *code, struct arena *a, struct str *out)
{
    *out = STR("");
    sqlite3_stmt *st = store_stmt(db, SQL_SUCCESSOR);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    return store_step_once(db, st, read_successor, &(struct successor_read){a, out});
}

static const char SQL_FORMER_RESULTS[] =
    "SELECT f.code, f.full_name, coalesce(f.valid_to, ''), c.effective, l.counts_history, a.year, s.name, "
    "a.criteria_met, a.criteria_total, a.unit_state FROM ntm_unit_lineage l "
    "JOIN ntm_unit_change c ON c.id = l.change_id JOIN ntm_unit f ON f.id = l.from_unit_id "
    "LEFT JOIN ntm_assessment a ON a.unit_id = f.id AND a.quarter = 0 AND a.state = 'accepted' "
    "LEFT JOIN ntm_set s ON s.id = a.set_id WHERE l.to_unit_id = ?1 AND f.id <> ?1 "
    "ORDER BY f.id, a.year DESC LIMIT 1000";

int ntm_unit_former_results(struct store_conn *db, int64_t unit_id, struct arena *a, struct ntm_former_unit **out,
                            size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_FORMER_RESULTS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    size_t cap = 0;
    struct ntm_former_unit *u = NULL;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct str code = store_col_str(st, 0);
        if (!*n || !str_eq(u[*n - 1].code, code)) {
            if (*n == cap) {
                size_t ncap = cap ? cap * 2 : 4;
                struct ntm_former_unit *nu = arena_zalloc(a, ncap * sizeof *nu);
                if (*n)
                    memcpy(nu, u, *n * sizeof *nu);
                u = nu;
                cap = ncap;
            }
            struct ntm_former_unit *f = &u[(*n)++];
            f->code = store_col_copy(a, st, 0);
            f->full_name = store_col_copy(a, st, 1);
            f->valid_to = store_col_copy(a, st, 2);
            f->effective = store_col_copy(a, st, 3);
            f->counts_history = sqlite3_column_int(st, 4) != 0;
            f->years = arena_zalloc(a, 101 * sizeof *f->years);
        }
        struct ntm_former_unit *f = &u[*n - 1];
        if (sqlite3_column_type(st, 5) != SQLITE_NULL && f->n_years < 100)
            f->years[f->n_years++] = (struct ntm_report_year){.year = sqlite3_column_int(st, 5),
                                                             .set_name = store_col_copy(a, st, 6),
                                                             .criteria_met = sqlite3_column_int(st, 7),
                                                             .criteria_total = sqlite3_column_int(st, 8),
                                                             .unit_state = sqlite3_column_int(st, 9)};
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (vi_sort_records(u, *n, sizeof *u, offsetof(struct ntm_former_unit, full_name)) != 0)
        return -1;
    *out = u;
    return 0;
}
