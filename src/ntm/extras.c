/*
 * extras.c - the reads behind a commune page's plan, sponsors, models and
 * funds (ntm_unit_extras_read): approved plans only, with each target's
 * state against the plan computed from the accepted assessments and the
 * recognition decisions as they stood at the end of the year shown. A
 * year's figure is its accepted whole-year result, or while it has none
 * its latest accepted quarterly report (the dashboard names that quarter
 * too: ntm_unit_results); a higher status is held by a decision alone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"
#include "text/vi.h"

static const char SQL_PLANS[] =
    "SELECT pl.status, pl.target_year, "
    "CASE WHEN ?2 = 0 THEN -2 WHEN pl.status = 'ntm' THEN CASE WHEN " NTM_RECOGNISED("pl.unit_id", "?2") " THEN 1 "
    "ELSE coalesce((SELECT a.unit_state FROM ntm_assessment a "
    "WHERE a.unit_id = pl.unit_id AND a.year = ?2 AND a.state = 'accepted' "
    "ORDER BY CASE a.quarter WHEN 0 THEN 5 ELSE a.quarter END DESC, a.set_id DESC LIMIT 1), -2) END "
    "ELSE coalesce((SELECT x.act <> 'thu_hoi' FROM ntm_recognition x WHERE x.unit_id = pl.unit_id "
    "AND x.status = pl.status AND x.year <= ?2 ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0) END "
    "FROM ntm_plan pl WHERE pl.unit_id = ?1 AND pl.state = 'approved' "
    "ORDER BY CASE pl.status WHEN 'ntm' THEN 0 WHEN 'nang_cao' THEN 1 WHEN 'kieu_mau' THEN 2 ELSE 3 END";
/* CROSS JOIN: from the unit's few assessments to their results (by
 * the key), never from every result of the criterion in the country. A
 * report under a version of the plan's set counts by criterion number. */
static const char SQL_PLAN_CRITERIA[] =
    "SELECT c.number, c.name, s.name, pc.target_year, "
    "CASE WHEN ?2 = 0 THEN -2 ELSE coalesce((SELECT r.state FROM ntm_assessment a CROSS JOIN ntm_criterion c2 "
    "ON c2.set_id = a.set_id AND c2.number = c.number CROSS JOIN ntm_result r ON r.assessment_id = a.id "
    "AND r.criterion_id = c2.id WHERE a.unit_id = pc.unit_id AND a.year <= ?2 AND a.year BETWEEN s.year_from "
    "AND s.year_to AND a.state = 'accepted' "
    "ORDER BY a.year DESC, CASE a.quarter WHEN 0 THEN 5 ELSE a.quarter END DESC LIMIT 1), -2) END "
    "FROM ntm_plan_criterion pc JOIN ntm_criterion c ON c.id = pc.criterion_id JOIN ntm_set s ON s.id = c.set_id "
    "WHERE pc.unit_id = ?1 AND pc.state = 'approved' ORDER BY s.year_from, c.sort, c.id";
static const char SQL_SPONSORS[] =
    "SELECT sp.id, s.name, s.kind, sp.decision, sp.year_from, coalesce(sp.year_to, 0) FROM ntm_sponsorship sp "
    "JOIN ntm_sponsor s ON s.id = sp.sponsor_id WHERE sp.unit_id = ?1 ORDER BY sp.year_from, s.name";
static const char SQL_TASKS[] =
    "SELECT title, state, amount IS NOT NULL, coalesce(amount, 0), coalesce(due_year, 0) FROM ntm_sponsor_task "
    "WHERE sponsorship_id = ?1 ORDER BY coalesce(due_year, 9999), id";
/* A model as it stood at the end of ?2 (its latest ntm_model_year row up
 * to then; a model with rows only after ?2 did not exist yet); a model
 * without history, or ?2 = 0, as it is now. */
static const char SQL_MODELS[] =
    "SELECT m.kind, m.name, coalesce(h.state, m.state), "
    "coalesce(CASE WHEN h.model_id IS NOT NULL THEN h.recognised_year ELSE m.year END, 0) FROM ntm_model m "
    "LEFT JOIN ntm_model_year h ON h.model_id = m.id AND h.year = (SELECT max(x.year) FROM ntm_model_year x "
    "WHERE x.model_id = m.id AND x.year <= ?2) WHERE m.unit_id = ?1 AND (?2 = 0 OR h.model_id IS NOT NULL "
    "OR NOT EXISTS (SELECT 1 FROM ntm_model_year x WHERE x.model_id = m.id)) ORDER BY m.kind = 'vuon', m.id";
static const char SQL_FUNDS[] =
    "SELECT year, source, amount FROM ntm_fund WHERE unit_id = ?1 AND (?2 = 0 OR year <= ?2) "
    "ORDER BY year, CASE source WHEN 'ngan_sach_tw' THEN 0 WHEN 'ngan_sach_dp' THEN 1 WHEN 'tin_dung' THEN 2 "
    "WHEN 'doanh_nghiep' THEN 3 WHEN 'cong_dong' THEN 4 ELSE 5 END";

/* Makes room for one more element of `size` bytes in *arr (n used, *cap
 * allocated), copying into a doubled array in `a`. */
static void *grow(struct arena *a, void **arr, size_t n, size_t *cap, size_t size)
{
    if (n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        void *p = arena_zalloc(a, ncap * size);
        if (n)
            memcpy(p, *arr, n * size);
        *arr = p;
        *cap = ncap;
    }
    return (char *)*arr + n * size;
}

static sqlite3_stmt *prepare(struct store_conn *db, const char *sql, int64_t id, int year)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int(st, 2, year);
    return st;
}

static int by_model_name(const void *x, const void *y)
{
    const struct ntm_model_row *a = x, *b = y;
    int k = str_eq_lit(a->kind, "vuon") - str_eq_lit(b->kind, "vuon");
    return k ? k : vi_compare(a->name, b->name);
}

int ntm_unit_extras_read(struct store_conn *db, int64_t unit_id, int year, struct arena *a, struct ntm_unit_extras *out)
{
    memset(out, 0, sizeof *out);
    size_t cap;
    int rc;
    sqlite3_stmt *st;

    if (!(st = prepare(db, SQL_PLANS, unit_id, year)))
        return -1;
    cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_plan_row *p = grow(a, (void **)&out->plans, out->n_plans++, &cap, sizeof *p);
        p->status = store_col_copy(a, st, 0);
        p->target_year = sqlite3_column_int(st, 1);
        p->state = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = prepare(db, SQL_PLAN_CRITERIA, unit_id, year)))
        return -1;
    cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_plan_criterion_row *p =
            grow(a, (void **)&out->plan_criteria, out->n_plan_criteria++, &cap, sizeof *p);
        p->number = store_col_copy(a, st, 0);
        p->name = store_col_copy(a, st, 1);
        p->set_name = store_col_copy(a, st, 2);
        p->target_year = sqlite3_column_int(st, 3);
        p->state = sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = prepare(db, SQL_SPONSORS, unit_id, year)))
        return -1;
    cap = 0;
    int64_t *ids = NULL;
    size_t ids_cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        *(int64_t *)grow(a, (void **)&ids, out->n_sponsors, &ids_cap, sizeof *ids) = sqlite3_column_int64(st, 0);
        struct ntm_sponsor_row *p = grow(a, (void **)&out->sponsors, out->n_sponsors++, &cap, sizeof *p);
        p->name = store_col_copy(a, st, 1);
        p->kind = store_col_copy(a, st, 2);
        p->decision = store_col_copy(a, st, 3);
        p->year_from = sqlite3_column_int(st, 4);
        p->year_to = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < out->n_sponsors; i++) {
        struct ntm_sponsor_row *s = &out->sponsors[i];
        if (!(st = prepare(db, SQL_TASKS, ids[i], year)))
            return -1;
        cap = 0;
        while ((rc = store_step(db, st)) == 1) {
            struct ntm_task_row *t = grow(a, (void **)&s->tasks, s->n_tasks++, &cap, sizeof *t);
            t->title = store_col_copy(a, st, 0);
            t->state = store_col_copy(a, st, 1);
            t->has_amount = sqlite3_column_int(st, 2) != 0;
            t->amount = sqlite3_column_double(st, 3);
            t->due_year = sqlite3_column_int(st, 4);
        }
        sqlite3_reset(st);
        if (rc < 0)
            return -1;
    }

    if (!(st = prepare(db, SQL_MODELS, unit_id, year)))
        return -1;
    cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_model_row *m = grow(a, (void **)&out->models, out->n_models++, &cap, sizeof *m);
        m->kind = store_col_copy(a, st, 0);
        m->name = store_col_copy(a, st, 1);
        m->state = store_col_copy(a, st, 2);
        m->year = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (out->n_models > 1)
        qsort(out->models, out->n_models, sizeof *out->models, by_model_name);

    if (!(st = prepare(db, SQL_FUNDS, unit_id, year)))
        return -1;
    cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_fund_row *f = grow(a, (void **)&out->funds, out->n_funds++, &cap, sizeof *f);
        f->year = sqlite3_column_int(st, 0);
        f->source = store_col_copy(a, st, 1);
        f->amount = sqlite3_column_double(st, 2);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- the province's dashboard ---------------------------------------------------- */

/* Units of the province, current or former (recognitions and funds of a
 * merged unit stay in its province). */
#define PROVINCE_UNITS "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1)"

static const char SQL_RECOGNITION_YEARS[] =
    "SELECT year, count(DISTINCT CASE status WHEN 'ntm' THEN unit_id END), "
    "count(DISTINCT CASE status WHEN 'nang_cao' THEN unit_id END), "
    "count(DISTINCT CASE status WHEN 'kieu_mau' THEN unit_id END) FROM ntm_recognition "
    "WHERE unit_id IN " PROVINCE_UNITS " AND act <> 'thu_hoi' AND year <= ?2 GROUP BY year ORDER BY year";
static const char SQL_FUND_TOTALS[] =
    "SELECT source, sum(amount) FROM ntm_fund WHERE unit_id IN " PROVINCE_UNITS " AND year = ?2 "
    "GROUP BY source HAVING sum(amount) > 0 ORDER BY CASE source WHEN 'ngan_sach_tw' THEN 0 WHEN 'ngan_sach_dp' "
    "THEN 1 WHEN 'tin_dung' THEN 2 WHEN 'doanh_nghiep' THEN 3 WHEN 'cong_dong' THEN 4 ELSE 5 END";
/* Models by the end of ?2, as SQL_MODELS sees them: each model's state
 * computed once (MATERIALIZED: otherwise SQLite repeats the lookups for
 * every use of `st`), one index lookup for most. */
static const char SQL_MODEL_COUNTS[] =
    "WITH s AS MATERIALIZED (SELECT m.kind AS kind, coalesce((SELECT h.state FROM ntm_model_year h "
    "WHERE h.model_id = m.id AND h.year <= ?2 ORDER BY h.year DESC LIMIT 1), CASE WHEN EXISTS (SELECT 1 "
    "FROM ntm_model_year x WHERE x.model_id = m.id) THEN NULL WHEN m.state = 'recognised' AND coalesce(m.year, 0) "
    "> ?2 THEN 'building' ELSE m.state END) AS st FROM ntm_model m "
    "WHERE m.unit_id IN (SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1 "
    "AND u.valid_to IS NULL)) "
    "SELECT sum(kind = 'khu_dan_cu'), sum(kind = 'khu_dan_cu' AND st = 'recognised'), sum(kind = 'vuon'), "
    "sum(kind = 'vuon' AND st = 'recognised') FROM s WHERE st IS NOT NULL";

static sqlite3_stmt *prepare_province(struct store_conn *db, const char *sql, const char *code, int year)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return NULL;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, year);
    return st;
}

int ntm_province_extras_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                             struct ntm_province_extras *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int rc;
    sqlite3_stmt *st = prepare_province(db, SQL_RECOGNITION_YEARS, province_code, year);
    if (!st)
        return -1;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_recognition_year *y = grow(a, (void **)&out->recognitions, out->n_recognitions++, &cap, sizeof *y);
        y->year = sqlite3_column_int(st, 0);
        y->ntm = sqlite3_column_int(st, 1);
        y->nang_cao = sqlite3_column_int(st, 2);
        y->kieu_mau = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!(st = prepare_province(db, SQL_FUND_TOTALS, province_code, year)))
        return -1;
    cap = 0;
    while ((rc = store_step(db, st)) == 1) {
        struct ntm_fund_total *f = grow(a, (void **)&out->funds, out->n_funds++, &cap, sizeof *f);
        f->source = store_col_copy(a, st, 0);
        f->amount = sqlite3_column_double(st, 1);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!(st = prepare_province(db, SQL_MODEL_COUNTS, province_code, year)))
        return -1;
    if ((rc = store_step(db, st)) == 1) {
        out->areas = sqlite3_column_int(st, 0);
        out->areas_recognised = sqlite3_column_int(st, 1);
        out->gardens = sqlite3_column_int(st, 2);
        out->gardens_recognised = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}
