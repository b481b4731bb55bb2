/*
 * read.c - the reads of the monitor's data that the writes, the demo and
 * the pages share: units, and a criteria set loaded for ntm_assess.
 * Each says when the database failed (-1), never "nothing found".
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ntm/internal.h"

static const char SQL_UNIT_BY_CODE[] =
    "SELECT id, code, kind, name, full_name, slug, coalesce(former_district, ''), coalesce(parent_id, 0), "
    "valid_to IS NULL FROM ntm_unit WHERE code = ?1 AND valid_to IS NULL";
/* A former unit by its code (its last version), for the pages of the years it stood. */
static const char SQL_FORMER_BY_CODE[] =
    "SELECT id, code, kind, name, full_name, slug, coalesce(former_district, ''), coalesce(parent_id, 0), "
    "0 FROM ntm_unit WHERE code = ?1 AND valid_to IS NOT NULL ORDER BY valid_to DESC LIMIT 1";
static const char SQL_UNITS_OF[] =
    "SELECT u.id, u.code, u.kind, u.name, u.full_name, u.slug, coalesce(u.former_district, ''), u.parent_id, 1 "
    "FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1 AND p.valid_to IS NULL "
    "AND u.valid_to IS NULL ORDER BY u.code";
static const char SQL_UNITS_OF_COUNT[] =
    "SELECT count(*) FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1 "
    "AND p.valid_to IS NULL AND u.valid_to IS NULL";
static const char SQL_PROVINCES[] =
    "SELECT id, code, kind, name, full_name, slug, '', 0, 1 FROM ntm_unit WHERE level = 'province' "
    "AND valid_to IS NULL ORDER BY code";
static const char SQL_PROVINCES_COUNT[] = "SELECT count(*) FROM ntm_unit WHERE level = 'province' AND valid_to IS NULL";

static void read_unit(sqlite3_stmt *st, struct arena *a, struct ntm_unit *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->code = store_col_copy(a, st, 1);
    u->kind = store_col_copy(a, st, 2);
    u->name = store_col_copy(a, st, 3);
    u->full_name = store_col_copy(a, st, 4);
    u->slug = store_col_copy(a, st, 5);
    u->former_district = store_col_copy(a, st, 6);
    u->parent_id = sqlite3_column_int64(st, 7);
    u->current = sqlite3_column_int(st, 8) != 0;
}

int ntm_unit_by_code(struct store_conn *db, const char *code, struct arena *a, struct ntm_unit *out)
{
    return ntm_unit_by_code_in(db, code, false, a, out);
}

int ntm_unit_by_code_in(struct store_conn *db, const char *code, bool former, struct arena *a, struct ntm_unit *out)
{
    sqlite3_stmt *st = store_stmt(db, former ? SQL_FORMER_BY_CODE : SQL_UNIT_BY_CODE);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    if (rc == 1)
        read_unit(st, a, out);
    sqlite3_reset(st);
    return rc;
}

static int count_of(struct store_conn *db, const char *sql, const char *param, size_t *n)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    if (param)
        sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    *n = rc == 1 ? (size_t)sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static int unit_list(struct store_conn *db, const char *count_sql, const char *sql, const char *param, struct arena *a,
                     struct ntm_unit **out, size_t *n)
{
    size_t cap;
    *out = NULL;
    *n = 0;
    if (count_of(db, count_sql, param, &cap) != 0)
        return -1;
    struct ntm_unit *u = arena_zalloc(a, (cap ? cap : 1) * sizeof *u);
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    if (param)
        sqlite3_bind_text(st, 1, param, -1, SQLITE_TRANSIENT);
    int rc;
    size_t k = 0;
    while ((rc = store_step(db, st)) == 1 && k < cap)
        read_unit(st, a, &u[k++]);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    *out = u;
    *n = k;
    return 0;
}

int ntm_units_of(struct store_conn *db, const char *province_code, struct arena *a, struct ntm_unit **out, size_t *n)
{
    return unit_list(db, SQL_UNITS_OF_COUNT, SQL_UNITS_OF, province_code, a, out, n);
}

int ntm_provinces(struct store_conn *db, struct arena *a, struct ntm_unit **out, size_t *n)
{
    return unit_list(db, SQL_PROVINCES_COUNT, SQL_PROVINCES, NULL, a, out, n);
}

/* --- a set for the computation ------------------------------------------------ */

static const char SQL_SET[] =
    "SELECT id, code, name, decision, coalesce(target_scheme, ''), year_from, year_to FROM ntm_set WHERE code = ?1";
static const char SQL_SET_COUNTS[] =
    "SELECT (SELECT count(*) FROM ntm_criterion WHERE set_id = ?1), (SELECT count(*) FROM ntm_indicator i "
    "JOIN ntm_criterion c ON c.id = i.criterion_id WHERE c.set_id = ?1), (SELECT count(*) FROM ntm_target t "
    "JOIN ntm_indicator i ON i.id = t.indicator_id JOIN ntm_criterion c ON c.id = i.criterion_id "
    "WHERE c.set_id = ?1)";
static const char SQL_SET_CRITERIA[] =
    "SELECT id, number, name, indicators_loaded FROM ntm_criterion WHERE set_id = ?1 ORDER BY sort, id";
static const char SQL_SET_INDICATORS[] =
    "SELECT i.id, i.criterion_id, i.code, i.name, i.value_type FROM ntm_indicator i "
    "JOIN ntm_criterion c ON c.id = i.criterion_id WHERE c.set_id = ?1 ORDER BY c.sort, c.id, i.sort, i.id";
static const char SQL_SET_TARGETS[] =
    "SELECT t.indicator_id, t.applies_to, coalesce(t.op, ''), t.threshold FROM ntm_target t "
    "JOIN ntm_indicator i ON i.id = t.indicator_id JOIN ntm_criterion c ON c.id = i.criterion_id "
    "WHERE c.set_id = ?1 ORDER BY t.indicator_id";

static enum ntm_value_type type_of(struct str s)
{
    if (str_eq_lit(s, "met"))
        return NTM_TYPE_MET;
    if (str_eq_lit(s, "percent"))
        return NTM_TYPE_PERCENT;
    if (str_eq_lit(s, "level"))
        return NTM_TYPE_LEVEL;
    return NTM_TYPE_NUMBER;
}

int ntm_set_load(struct store_conn *db, const char *code, struct arena *a, struct ntm_set *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_SET);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    if (rc == 1) {
        out->id = sqlite3_column_int64(st, 0);
        out->code = store_col_copy(a, st, 1);
        out->name = store_col_copy(a, st, 2);
        out->decision = store_col_copy(a, st, 3);
        out->target_scheme = store_col_copy(a, st, 4);
        out->year_from = sqlite3_column_int(st, 5);
        out->year_to = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (rc != 1)
        return rc;

    size_t nc = 0, ni = 0, nt = 0;
    st = store_stmt(db, SQL_SET_COUNTS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    if ((rc = store_step(db, st)) == 1) {
        nc = (size_t)sqlite3_column_int64(st, 0);
        ni = (size_t)sqlite3_column_int64(st, 1);
        nt = (size_t)sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != 1)
        return -1;

    out->criteria = arena_zalloc(a, (nc + 1) * sizeof *out->criteria);
    out->criterion_number = arena_zalloc(a, (nc + 1) * sizeof(struct str));
    out->criterion_name = arena_zalloc(a, (nc + 1) * sizeof(struct str));
    out->indicators = arena_zalloc(a, (ni + 1) * sizeof *out->indicators);
    out->indicator_code = arena_zalloc(a, (ni + 1) * sizeof(struct str));
    out->indicator_name = arena_zalloc(a, (ni + 1) * sizeof(struct str));
    struct ntm_target *targets = arena_zalloc(a, (nt + 1) * sizeof *targets);
    int64_t *target_ind = arena_zalloc(a, (nt + 1) * sizeof *target_ind);

    st = store_stmt(db, SQL_SET_CRITERIA);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while (out->n_criteria < nc && (rc = store_step(db, st)) == 1) {
        size_t k = out->n_criteria++;
        out->criteria[k] = (struct ntm_criterion){sqlite3_column_int64(st, 0), sqlite3_column_int(st, 3) != 0, -1};
        out->criterion_number[k] = store_col_copy(a, st, 1);
        out->criterion_name[k] = store_col_copy(a, st, 2);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    size_t ntarg = 0;
    st = store_stmt(db, SQL_SET_TARGETS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while (ntarg < nt && (rc = store_step(db, st)) == 1) {
        struct str op = store_col_str(st, 2);
        struct ntm_target *t = &targets[ntarg];
        target_ind[ntarg++] = sqlite3_column_int64(st, 0);
        t->applies_to = store_col_copy(a, st, 1).p;
        t->op = str_eq_lit(op, ">=")   ? NTM_OP_AT_LEAST
                : str_eq_lit(op, "<=") ? NTM_OP_AT_MOST
                : str_eq_lit(op, "=")  ? NTM_OP_EQUAL
                                       : NTM_OP_UNKNOWN;
        t->threshold = sqlite3_column_type(st, 3) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 3);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    st = store_stmt(db, SQL_SET_INDICATORS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while (out->n_indicators < ni && (rc = store_step(db, st)) == 1) {
        size_t k = out->n_indicators++;
        struct ntm_indicator *ind = &out->indicators[k];
        ind->id = sqlite3_column_int64(st, 0);
        int64_t crit = sqlite3_column_int64(st, 1);
        ind->criterion = out->n_criteria; /* out of range unless found */
        for (size_t c = 0; c < out->n_criteria; c++)
            if (out->criteria[c].id == crit)
                ind->criterion = c;
        out->indicator_code[k] = store_col_copy(a, st, 2);
        out->indicator_name[k] = store_col_copy(a, st, 3);
        ind->type = type_of(store_col_str(st, 4));
        /* targets are ordered by indicator id: find the run */
        size_t first = 0;
        while (first < ntarg && target_ind[first] != ind->id)
            first++;
        size_t last = first;
        while (last < ntarg && target_ind[last] == ind->id)
            last++;
        ind->targets = &targets[first];
        ind->n_targets = last - first;
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

const char *ntm_set_for_year(int year)
{
    if (year >= NTM_YEAR_FIRST && year <= 2025)
        return "QD318-2022";
    if (year >= 2026 && year <= NTM_YEAR_LAST)
        return "QD51-2025";
    return NULL;
}

/* The family look-ups below share their first parameters: ?1 the year's
 * national set (the family's root), ?2 the year, ?3 a province code. */
static const char SQL_SET_IN_EFFECT[] =
    "SELECT s.code FROM ntm_set s WHERE s.id IN " NTM_FAMILY("?1") " AND s.year_from <= ?2 AND s.year_to >= ?2 "
    "AND (s.province_code IS NULL OR s.province_code = ?3) "
    "ORDER BY s.province_code IS NOT NULL DESC, s.year_from DESC, s.id DESC LIMIT 1";
static const char SQL_SET_OF_REPORT[] =
    "SELECT s.code FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id WHERE a.unit_id = ?4 AND a.year = ?2 "
    "AND a.quarter = ?5 AND a.set_id IN " NTM_FAMILY("?1") " ORDER BY a.id LIMIT 1";
static const char SQL_SET_OF_YEAR[] =
    "SELECT s.code FROM ntm_set s WHERE s.code = ?4 AND s.id IN " NTM_FAMILY("?1") " AND s.year_from <= ?2 "
    "AND s.year_to >= ?2";
static const char SQL_CRITERION_NUMBER[] =
    "SELECT number FROM ntm_criterion WHERE id = ?4 AND set_id IN " NTM_FAMILY("?1");

/* `sql` prepared with ?1..?3 bound for `year`: 1 with *st, 0 when no set
 * covers the year, -1. */
static int family_stmt(struct store_conn *db, const char *sql, int year, const char *province_code,
                       sqlite3_stmt **st)
{
    const char *root = ntm_set_for_year(year);
    if (!root)
        return 0;
    if (!(*st = store_stmt(db, sql)))
        return -1;
    sqlite3_bind_text(*st, 1, root, -1, SQLITE_STATIC);
    sqlite3_bind_int(*st, 2, year);
    sqlite3_bind_text(*st, 3, province_code ? province_code : "", -1, SQLITE_TRANSIENT);
    return 1;
}

/* Steps `st` (bound) to its first column's text, copied into out (cap
 * bytes), and resets it. 1, 0 no row, -1. */
static int text_step(struct store_conn *db, sqlite3_stmt *st, char *out, size_t cap)
{
    int rc = store_step(db, st);
    if (rc == 1)
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc;
}

int ntm_set_in_effect(struct store_conn *db, int year, const char *province_code, char code[NTM_SET_CODE_MAX])
{
    code[0] = '\0';
    sqlite3_stmt *st;
    int rc = family_stmt(db, SQL_SET_IN_EFFECT, year, province_code, &st);
    return rc == 1 ? text_step(db, st, code, NTM_SET_CODE_MAX) : rc;
}

int ntm_set_for_report(struct store_conn *db, int64_t unit_id, const char *province_code, int year, int quarter,
                       char code[NTM_SET_CODE_MAX])
{
    code[0] = '\0';
    sqlite3_stmt *st;
    int rc = family_stmt(db, SQL_SET_OF_REPORT, year, province_code, &st);
    if (rc != 1)
        return rc;
    sqlite3_bind_int64(st, 4, unit_id);
    sqlite3_bind_int(st, 5, quarter);
    rc = text_step(db, st, code, NTM_SET_CODE_MAX);
    return rc == 0 ? ntm_set_in_effect(db, year, province_code, code) : rc;
}

int ntm_set_of_year(struct store_conn *db, const char *code, int year)
{
    sqlite3_stmt *st;
    char found[NTM_SET_CODE_MAX];
    int rc = family_stmt(db, SQL_SET_OF_YEAR, year, NULL, &st);
    if (rc != 1)
        return rc;
    sqlite3_bind_text(st, 4, code, -1, SQLITE_TRANSIENT);
    return text_step(db, st, found, sizeof found);
}

int ntm_criterion_number(struct store_conn *db, int64_t criterion_id, int year, char number[16])
{
    number[0] = '\0';
    sqlite3_stmt *st;
    int rc = family_stmt(db, SQL_CRITERION_NUMBER, year, NULL, &st);
    if (rc != 1)
        return rc;
    sqlite3_bind_int64(st, 4, criterion_id);
    return text_step(db, st, number, 16);
}
