/*
 * query.c - the public summaries of the monitor: only accepted
 * assessments count, read from the states the writes stored (no
 * computation at read time, so a page costs a few indexed queries).
 */
#include <stdio.h>
#include <string.h>

#include "ntm/internal.h"

static const char SQL_PROVINCE_WITH_SHAPES[] =
    "SELECT p.code FROM ntm_shape s JOIN ntm_unit u ON u.id = s.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
    "WHERE p.valid_to IS NULL GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1";
static const char SQL_PROVINCE_WITH_DATA[] =
    "SELECT p.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
    "WHERE a.state = 'accepted' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1";

int ntm_home_province(struct store_conn *db, char *code, size_t cap)
{
    const char *sqls[] = {SQL_PROVINCE_WITH_SHAPES, SQL_PROVINCE_WITH_DATA};
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = store_stmt(db, sqls[i]);
        if (!st)
            return -1;
        int rc = store_step(db, st);
        if (rc == 1)
            snprintf(code, cap, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (rc != 0)
            return rc;
    }
    return 0;
}

static const char SQL_YEARS[] =
    "SELECT DISTINCT a.year FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
    "WHERE u.parent_id = ?1 AND a.state = 'accepted' AND a.quarter = 0 ORDER BY a.year DESC LIMIT 40";
static const char SQL_UNIT_COUNT[] = "SELECT count(*) FROM ntm_unit WHERE parent_id = ?1 AND valid_to IS NULL";
static const char SQL_BY_COUNT[] =
    "SELECT a.criteria_met, count(*), sum(a.unit_state = 1) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
    "WHERE u.parent_id = ?1 AND a.set_id = ?2 AND a.year = ?3 AND a.quarter = 0 AND a.state = 'accepted' "
    "GROUP BY a.criteria_met";
static const char SQL_BY_CRITERION[] =
    "SELECT r.criterion_id, sum(r.state = 1), sum(r.state = 0), sum(r.state = -1), sum(r.state = 1 AND r.recorded) "
    "FROM ntm_result r JOIN ntm_assessment a ON a.id = r.assessment_id JOIN ntm_unit u ON u.id = a.unit_id "
    "WHERE u.parent_id = ?1 AND a.set_id = ?2 AND a.year = ?3 AND a.quarter = 0 AND a.state = 'accepted' "
    "GROUP BY r.criterion_id";

int ntm_dashboard_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                       struct ntm_dashboard *out)
{
    memset(out, 0, sizeof *out);
    int rc = ntm_unit_by_code(db, province_code, a, &out->province);
    if (rc != 1)
        return rc;
    int64_t pid = out->province.id;

    sqlite3_stmt *st = store_stmt(db, SQL_YEARS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    out->years = arena_alloc(a, 41 * sizeof(int));
    while ((rc = store_step(db, st)) == 1 && out->n_years < 40)
        out->years[out->n_years++] = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (year == 0)
        year = out->n_years ? out->years[0] : 0;
    const char *code = ntm_set_for_year(year);
    if (!code)
        return 0;
    out->year = year;

    struct ntm_set set;
    if ((rc = ntm_set_load(db, code, a, &set)) != 1)
        return rc;
    out->set_code = set.code;
    out->set_name = set.name;
    out->set_decision = set.decision;
    out->n_criteria = set.n_criteria;
    out->criteria = arena_zalloc(a, (set.n_criteria + 1) * sizeof *out->criteria);
    out->by_count = arena_zalloc(a, (set.n_criteria + 1) * sizeof(int));
    for (size_t c = 0; c < set.n_criteria; c++)
        out->criteria[c] = (struct ntm_dashboard_criterion){
            set.criteria[c].id, set.criterion_number[c], set.criterion_name[c], 0, 0, 0, 0};

    if (!(st = store_stmt(db, SQL_UNIT_COUNT)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    if ((rc = store_step(db, st)) == 1)
        out->units = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = store_stmt(db, SQL_BY_COUNT)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_int64(st, 2, set.id);
    sqlite3_bind_int(st, 3, year);
    while ((rc = store_step(db, st)) == 1) {
        int k = sqlite3_column_int(st, 0), n = sqlite3_column_int(st, 1);
        if (k >= 0 && (size_t)k <= set.n_criteria)
            out->by_count[k] += n;
        out->assessed += n;
        out->met += sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = store_stmt(db, SQL_BY_CRITERION)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_int64(st, 2, set.id);
    sqlite3_bind_int(st, 3, year);
    while ((rc = store_step(db, st)) == 1) {
        int64_t id = sqlite3_column_int64(st, 0);
        for (size_t c = 0; c < out->n_criteria; c++)
            if (out->criteria[c].id == id) {
                out->criteria[c].met = sqlite3_column_int(st, 1);
                out->criteria[c].not_met = sqlite3_column_int(st, 2);
                out->criteria[c].undetermined = sqlite3_column_int(st, 3);
                out->criteria[c].recorded = sqlite3_column_int(st, 4);
            }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}
