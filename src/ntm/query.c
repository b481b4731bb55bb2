/*
 * query.c - the public summaries of the monitor: only accepted
 * assessments count, read from the states the writes stored (no
 * computation at read time, so a page costs a few indexed queries).
 */
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core/clock.h"
#include "ntm/internal.h"
#include "text/vi.h"
#include "text/vitime.h"

/* CROSS JOIN: the few hundred shapes are read first, not every unit of the
 * country looked up among them (10 times slower on the demo). */
static const char SQL_PROVINCE_WITH_SHAPES[] =
    "SELECT p.code FROM ntm_shape s CROSS JOIN ntm_unit u ON u.id = s.unit_id CROSS JOIN ntm_unit p "
    "ON p.id = u.parent_id WHERE p.valid_to IS NULL GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1";
static const char SQL_PROVINCE_WITH_DATA[] =
    "SELECT p.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
    "WHERE a.state = 'accepted' GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1";

static const char SQL_PROVINCE_CHOSEN[] =
    "SELECT u.code FROM ntm_home h JOIN ntm_unit u ON u.id = h.unit_id WHERE h.id = 1 AND u.valid_to IS NULL";

int ntm_home_province(struct store_conn *db, char *code, size_t cap)
{
    const char *sqls[] = {SQL_PROVINCE_CHOSEN, SQL_PROVINCE_WITH_SHAPES, SQL_PROVINCE_WITH_DATA};
    for (int i = 0; i < 3; i++) {
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
/* The province's units at the end of year ?2: the current ones not formed
 * after it by a merger, and the former ones valid then. */
static const char SQL_UNIT_COUNT[] =
    "SELECT count(*) FROM ntm_unit u WHERE u.parent_id = ?1 AND " NTM_UNIT_OF_YEAR("u", "?2");
/* The province's sums go from its units to their assessments (CROSS JOIN
 * keeps that order), so that their cost does not grow with the country. */
/* PERIOD(fam): the year's accepted assessment (?4 = 0), or a unit's latest
 * accepted progress report of the year up to quarter ?4: the data as it
 * stood at the end of that quarter. A year's figures count every version
 * of its set (NTM_FAMILY of the national set's code, parameter `fam`). */
#define PERIOD(fam)                                                                                                    \
    "a.quarter = CASE WHEN ?4 = 0 THEN 0 ELSE (SELECT max(x.quarter) FROM ntm_assessment x WHERE x.unit_id = u.id " \
    "AND x.set_id IN " NTM_FAMILY(fam) " AND x.year = a.year AND x.state = 'accepted' AND x.quarter BETWEEN 1 AND ?4) " \
    "END "
/* Only the year's units count (NTM_UNIT_OF_YEAR), as in the unit count
 * above: a unit merged away during the year, its report accepted, is not
 * one of the year's units, and its successor is. */
static const char SQL_BY_COUNT[] =
    "SELECT a.criteria_met, count(*), sum(a.unit_state = 1) FROM ntm_unit u CROSS JOIN ntm_assessment a "
    "ON a.unit_id = u.id "
    "WHERE u.parent_id = ?1 AND a.set_id IN " NTM_FAMILY("?2") " AND a.year = ?3 AND a.state = 'accepted' AND "
    PERIOD("?2") "AND " NTM_UNIT_OF_YEAR("u", "?3") " GROUP BY a.criteria_met";
static const char SQL_QUARTERS[] =
    "SELECT DISTINCT a.quarter FROM ntm_unit u CROSS JOIN ntm_assessment a ON a.unit_id = u.id "
    "WHERE u.parent_id = ?1 AND a.set_id IN " NTM_FAMILY("?2") " AND a.year = ?3 AND a.quarter > 0 "
    "AND a.state = 'accepted' AND " NTM_UNIT_OF_YEAR("u", "?3") " ORDER BY a.quarter";
static const char SQL_BY_CRITERION[] =
    "SELECT r.criterion_id, sum(r.state = 1), sum(r.state = 0), sum(r.state = -1), sum(r.state = 1 AND r.recorded) "
    "FROM ntm_unit u CROSS JOIN ntm_assessment a ON a.unit_id = u.id CROSS JOIN ntm_result r "
    "ON r.assessment_id = a.id WHERE u.parent_id = ?1 AND a.set_id IN " NTM_FAMILY("?2") " AND a.year = ?3 "
    "AND a.state = 'accepted' AND " PERIOD("?2") "AND " NTM_UNIT_OF_YEAR("u", "?3") " GROUP BY r.criterion_id";
static const char SQL_FAMILY_CRITERIA[] =
    "SELECT id, number FROM ntm_criterion WHERE set_id IN " NTM_FAMILY("?1") " ORDER BY id LIMIT 5000";

/* The criteria of every version of set `root`, by id, with their numbers:
 * a version's criterion counts with the shown set's criterion of that
 * number. */
struct family_criteria {
    int64_t *ids;
    struct str *numbers;
    size_t n;
};

static int family_criteria_read(struct store_conn *db, const char *root, struct arena *a, struct family_criteria *f)
{
    memset(f, 0, sizeof *f);
    sqlite3_stmt *st = store_stmt(db, SQL_FAMILY_CRITERIA);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, root, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (f->n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *ids = ARENA_ARRAY(a, int64_t, ncap);
            struct str *numbers = ARENA_ARRAY(a, struct str, ncap);
            if (f->n) {
                memcpy(ids, f->ids, f->n * sizeof *ids);
                memcpy(numbers, f->numbers, f->n * sizeof *numbers);
            }
            f->ids = ids;
            f->numbers = numbers;
            cap = ncap;
        }
        f->ids[f->n] = sqlite3_column_int64(st, 0);
        f->numbers[f->n++] = store_col_copy(a, st, 1);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* The index in the dashboard's criteria of the criterion numbered as
 * criterion `id` of the family; n_criteria when none. */
static size_t family_criterion_index(const struct family_criteria *f, const struct ntm_dashboard *d, int64_t id)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == f->n || f->ids[lo] != id)
        return d->n_criteria;
    for (size_t c = 0; c < d->n_criteria; c++)
        if (str_eq(d->criteria[c].number, f->numbers[lo]))
            return c;
    return d->n_criteria;
}

/* The dashboard's figures for a year or a quarter; with `per_criterion`,
 * each criterion's counts too (the most costly statement: a row per
 * criterion and unit). */
static int dashboard_read(struct store_conn *db, const char *province_code, int year, int quarter,
                          bool per_criterion, struct arena *a, struct ntm_dashboard *out)
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
    if (ntm_years_read(db, st, a, &out->years, &out->n_years) != 0)
        return -1;
    if (year == 0 && out->n_years)
        year = out->years[0];
    else if (year == 0) {
        /* nothing accepted yet: this year's set, every count zero */
        struct vi_time t;
        vi_time_from_unix(clock_now(), &t);
        year = t.year < NTM_YEAR_FIRST ? NTM_YEAR_FIRST : t.year > NTM_YEAR_LAST ? NTM_YEAR_LAST : t.year;
    }
    /* the figures count every version of the year's set; the criteria shown
     * are those of the version now in effect in the province */
    const char *root = ntm_set_for_year(year);
    char code[NTM_SET_CODE_MAX];
    if (!root || (rc = ntm_set_in_effect(db, year, province_code, code)) != 1)
        return root ? rc : 0;
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
    sqlite3_bind_int(st, 2, year);
    if ((rc = store_step(db, st)) == 1)
        out->units = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = store_stmt(db, SQL_QUARTERS)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_text(st, 2, root, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    out->quarters = arena_zalloc(a, 5 * sizeof(int));
    while ((rc = store_step(db, st)) == 1 && out->n_quarters < 4)
        out->quarters[out->n_quarters++] = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    out->quarter = quarter;

    if (!(st = store_stmt(db, SQL_BY_COUNT)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_text(st, 2, root, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, quarter);
    while ((rc = store_step(db, st)) == 1) {
        int k = sqlite3_column_int(st, 0), n = sqlite3_column_int(st, 1);
        if (k >= 0) /* a version with more criteria than the one shown counts in the last column */
            out->by_count[(size_t)k <= set.n_criteria ? (size_t)k : set.n_criteria] += n;
        out->assessed += n;
        out->met += sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!per_criterion)
        return 1;

    struct family_criteria fam;
    if (family_criteria_read(db, root, a, &fam) != 0)
        return -1;
    if (!(st = store_stmt(db, SQL_BY_CRITERION)))
        return -1;
    sqlite3_bind_int64(st, 1, pid);
    sqlite3_bind_text(st, 2, root, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, quarter);
    while ((rc = store_step(db, st)) == 1) {
        size_t c = family_criterion_index(&fam, out, sqlite3_column_int64(st, 0));
        if (c == out->n_criteria)
            continue;
        out->criteria[c].met += sqlite3_column_int(st, 1);
        out->criteria[c].not_met += sqlite3_column_int(st, 2);
        out->criteria[c].undetermined += sqlite3_column_int(st, 3);
        out->criteria[c].recorded += sqlite3_column_int(st, 4);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

int ntm_dashboard_read_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                              struct ntm_dashboard *out)
{
    return dashboard_read(db, province_code, year, quarter, true, a, out);
}

int ntm_dashboard_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                       struct ntm_dashboard *out)
{
    return dashboard_read(db, province_code, year, 0, true, a, out);
}

int ntm_dashboard_headline_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                                struct ntm_dashboard *out)
{
    return dashboard_read(db, province_code, year, 0, false, a, out);
}

/* --- one commune ------------------------------------------------------------------ */

static const char SQL_REPORT_YEARS[] =
    "SELECT a.id, a.year, s.code, s.name, a.criteria_met, a.criteria_total, a.unit_state, "
    "coalesce(CAST(a.group_no AS TEXT), ''), coalesce(a.region, ''), s.decision, s.id, "
    "coalesce(a.accepted_at, a.updated_at) FROM ntm_assessment a "
    "JOIN ntm_set s ON s.id = a.set_id WHERE a.unit_id = ?1 AND a.state = 'accepted' AND a.quarter = 0 "
    "ORDER BY a.year DESC, s.year_from DESC LIMIT 100";
/* The same columns for the latest accepted quarterly report of year ?2,
 * and the years that have such reports but no year result. */
static const char SQL_REPORT_QUARTER[] =
    "SELECT a.id, a.year, s.code, s.name, a.criteria_met, a.criteria_total, a.unit_state, "
    "coalesce(CAST(a.group_no AS TEXT), ''), coalesce(a.region, ''), s.decision, s.id, "
    "coalesce(a.accepted_at, a.updated_at), a.quarter FROM ntm_assessment a "
    "JOIN ntm_set s ON s.id = a.set_id WHERE a.unit_id = ?1 AND a.state = 'accepted' AND a.quarter > 0 "
    "AND a.year = ?2 ORDER BY a.quarter DESC, s.year_from DESC LIMIT 1";
static const char SQL_REPORT_QUARTER_YEARS[] =
    "SELECT DISTINCT a.year FROM ntm_assessment a WHERE a.unit_id = ?1 AND a.state = 'accepted' AND a.quarter > 0 "
    "AND NOT EXISTS (SELECT 1 FROM ntm_assessment y WHERE y.unit_id = a.unit_id AND y.year = a.year "
    "AND y.state = 'accepted' AND y.quarter = 0) ORDER BY a.year DESC LIMIT 16";
static const char SQL_REPORT_RECOGNITIONS[] =
    "SELECT status, act, year, decision_no, decided_on, issuer, coalesce(document_id, 0) FROM ntm_recognition "
    "WHERE unit_id = ?1 "
    "ORDER BY decided_on, id LIMIT 100";
static const char SQL_REPORT_CRITERIA[] =
    "SELECT c.id, c.number, c.name, c.indicators_loaded, coalesce(r.state, -1), coalesce(r.recorded, 0) "
    "FROM ntm_criterion c LEFT JOIN ntm_result r ON r.criterion_id = c.id AND r.assessment_id = ?2 "
    "WHERE c.set_id = ?1 ORDER BY c.sort, c.id";
static const char SQL_REPORT_INDICATORS[] =
    "SELECT i.criterion_id, i.code, i.name, i.value_type, i.unit, v.value, coalesce(v.value_text, ''), "
    "coalesce(v.state, 3), coalesce((SELECT t.text FROM ntm_target t WHERE t.indicator_id = i.id "
    "AND t.applies_to = ?3), (SELECT t.text FROM ntm_target t WHERE t.indicator_id = i.id AND t.applies_to = '*'), "
    "'') FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id LEFT JOIN ntm_value v "
    "ON v.indicator_id = i.id AND v.assessment_id = ?2 WHERE c.set_id = ?1 ORDER BY c.sort, c.id, i.sort, i.id";
static const char SQL_UNIT_BY_ID[] =
    "SELECT id, code, kind, name, full_name, slug, coalesce(former_district, ''), coalesce(parent_id, 0), "
    "valid_to IS NULL FROM ntm_unit WHERE id = ?1";

/* The assessment a report shows, from a row of SQL_REPORT_YEARS or
 * SQL_REPORT_QUARTER (the same first twelve columns): its id. */
static int64_t report_shown(sqlite3_stmt *st, struct arena *a, struct ntm_report *out, int64_t *set_id)
{
    out->year = sqlite3_column_int(st, 1);
    out->set_code = store_col_copy(a, st, 2);
    out->set_name = store_col_copy(a, st, 3);
    out->group = store_col_copy(a, st, 7);
    out->region = store_col_copy(a, st, 8);
    out->set_decision = store_col_copy(a, st, 9);
    *set_id = sqlite3_column_int64(st, 10);
    out->data_time = sqlite3_column_int64(st, 11);
    return sqlite3_column_int64(st, 0);
}

static int report_read(struct store_conn *db, const char *code, bool former, int year, struct arena *a,
                       struct ntm_report *out);

int ntm_report_read(struct store_conn *db, const char *code, int year, struct arena *a, struct ntm_report *out)
{
    return report_read(db, code, false, year, a, out);
}

int ntm_report_read_former(struct store_conn *db, const char *code, int year, struct arena *a, struct ntm_report *out)
{
    return report_read(db, code, true, year, a, out);
}

static int report_read(struct store_conn *db, const char *code, bool former, int year, struct arena *a,
                       struct ntm_report *out)
{
    memset(out, 0, sizeof *out);
    int rc = ntm_unit_by_code_in(db, code, former, a, &out->unit);
    if (rc != 1)
        return rc;
    if (!str_eq_lit(out->unit.kind, "xa") && !str_eq_lit(out->unit.kind, "phuong") &&
        !str_eq_lit(out->unit.kind, "dac_khu") && !str_eq_lit(out->unit.kind, "thi_tran"))
        return 0;
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_BY_ID);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, out->unit.parent_id);
    if ((rc = store_step(db, st)) == 1) {
        out->province.id = sqlite3_column_int64(st, 0);
        out->province.code = store_col_copy(a, st, 1);
        out->province.full_name = store_col_copy(a, st, 4);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    int64_t shown = 0, set_id = 0;
    out->years = arena_zalloc(a, 101 * sizeof *out->years);
    if (!(st = store_stmt(db, SQL_REPORT_YEARS)))
        return -1;
    sqlite3_bind_int64(st, 1, out->unit.id);
    while ((rc = store_step(db, st)) == 1 && out->n_years < 100) {
        struct ntm_report_year *y = &out->years[out->n_years++];
        y->year = sqlite3_column_int(st, 1);
        y->set_code = store_col_copy(a, st, 2);
        y->set_name = store_col_copy(a, st, 3);
        y->criteria_met = sqlite3_column_int(st, 4);
        y->criteria_total = sqlite3_column_int(st, 5);
        y->unit_state = sqlite3_column_int(st, 6);
        y->data_time = sqlite3_column_int64(st, 11);
        if (!shown && (year == 0 || year == y->year))
            shown = report_shown(st, a, out, &set_id);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!(st = store_stmt(db, SQL_REPORT_QUARTER_YEARS)))
        return -1;
    sqlite3_bind_int64(st, 1, out->unit.id);
    while ((rc = store_step(db, st)) == 1 && out->n_quarter_years < 16)
        out->quarter_years[out->n_quarter_years++] = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    /* no year result for the year asked (or none at all): its latest
     * accepted quarterly report, so that what the office accepted during
     * the year is on the page */
    int quarter_year = year ? year : out->n_years == 0 && out->n_quarter_years ? out->quarter_years[0] : 0;
    if (!shown && quarter_year) {
        if (!(st = store_stmt(db, SQL_REPORT_QUARTER)))
            return -1;
        sqlite3_bind_int64(st, 1, out->unit.id);
        sqlite3_bind_int(st, 2, quarter_year);
        if ((rc = store_step(db, st)) == 1) {
            shown = report_shown(st, a, out, &set_id);
            out->quarter = sqlite3_column_int(st, 12);
        }
        sqlite3_reset(st);
        if (rc < 0)
            return -1;
    }
    if (year && !shown)
        return 0;

    out->recognitions = arena_zalloc(a, 101 * sizeof *out->recognitions);
    if (!(st = store_stmt(db, SQL_REPORT_RECOGNITIONS)))
        return -1;
    sqlite3_bind_int64(st, 1, out->unit.id);
    while ((rc = store_step(db, st)) == 1 && out->n_recognitions < 100) {
        struct ntm_report_recognition *r = &out->recognitions[out->n_recognitions++];
        r->status = store_col_copy(a, st, 0);
        r->act = store_col_copy(a, st, 1);
        r->year = sqlite3_column_int(st, 2);
        r->decision_no = store_col_copy(a, st, 3);
        r->decided_on = store_col_copy(a, st, 4);
        r->issuer = store_col_copy(a, st, 5);
        r->document_id = sqlite3_column_int64(st, 6);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!shown)
        return 1;

    /* criteria, then their indicators (both in set order) */
    size_t cap = 64, n = 0;
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    out->criteria = arena_zalloc(a, cap * sizeof *out->criteria);
    if (!(st = store_stmt(db, SQL_REPORT_CRITERIA)))
        return -1;
    sqlite3_bind_int64(st, 1, set_id);
    sqlite3_bind_int64(st, 2, shown);
    while ((rc = store_step(db, st)) == 1 && n < cap) {
        struct ntm_report_criterion *c = &out->criteria[n];
        ids[n++] = sqlite3_column_int64(st, 0);
        c->number = store_col_copy(a, st, 1);
        c->name = store_col_copy(a, st, 2);
        c->indicators_loaded = sqlite3_column_int(st, 3) != 0;
        c->state = sqlite3_column_int(st, 4);
        c->recorded = sqlite3_column_int(st, 5) != 0;
        c->indicators = arena_zalloc(a, 32 * sizeof *c->indicators);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    out->n_criteria = n;
    const char *key = out->group.n ? out->group.p : out->region.p;
    if (!(st = store_stmt(db, SQL_REPORT_INDICATORS)))
        return -1;
    sqlite3_bind_int64(st, 1, set_id);
    sqlite3_bind_int64(st, 2, shown);
    sqlite3_bind_text(st, 3, key ? key : "", -1, SQLITE_TRANSIENT);
    while ((rc = store_step(db, st)) == 1) {
        int64_t cid = sqlite3_column_int64(st, 0);
        for (size_t c = 0; c < n; c++) {
            if (ids[c] != cid || out->criteria[c].n_indicators >= 32)
                continue;
            struct ntm_report_indicator *i = &out->criteria[c].indicators[out->criteria[c].n_indicators++];
            i->code = store_col_copy(a, st, 1);
            i->name = store_col_copy(a, st, 2);
            i->value_type = store_col_copy(a, st, 3);
            i->unit = store_col_copy(a, st, 4);
            i->has_value = sqlite3_column_type(st, 5) != SQLITE_NULL;
            i->value = sqlite3_column_double(st, 5);
            i->value_text = store_col_copy(a, st, 6);
            i->state = sqlite3_column_int(st, 7);
            i->target = store_col_copy(a, st, 8);
        }
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

static const char SQL_UNIT_RESULTS[] =
    "SELECT u.code, u.full_name, coalesce(a.criteria_met, -1), coalesce(a.criteria_total, 0), "
    "coalesce(a.unit_state, -1), coalesce(q.quarter, 0), coalesce(q.criteria_met, 0), coalesce(q.criteria_total, 0) "
    "FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
    "LEFT JOIN ntm_assessment q ON q.id = (SELECT x.id FROM ntm_assessment x WHERE x.unit_id = u.id AND x.year = ?2 "
    "AND x.quarter > 0 AND x.state = 'accepted' ORDER BY x.quarter DESC LIMIT 1) "
    "LEFT JOIN ntm_assessment a ON a.unit_id = u.id AND a.year = ?2 AND a.state = 'accepted' "
    "AND a.set_id IN " NTM_FAMILY("?3") " AND " PERIOD("?3")
    "WHERE p.code = ?1 AND p.valid_to IS NULL AND " NTM_UNIT_OF_YEAR("u", "?2");

int ntm_unit_results(struct store_conn *db, const char *province_code, int year, struct arena *a,
                     struct ntm_unit_result **out, size_t *n)
{
    return ntm_unit_results_period(db, province_code, year, 0, a, out, n);
}

int ntm_unit_results_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                            struct ntm_unit_result **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *set = ntm_set_for_year(year);
    size_t cap = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_RESULTS);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, province_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, set ? set : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, quarter);
    int rc;
    struct ntm_unit_result *r = NULL;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 128;
            struct ntm_unit_result *nr = arena_alloc(a, ncap * sizeof *nr);
            if (*n)
                memcpy(nr, r, *n * sizeof *nr);
            r = nr;
            cap = ncap;
        }
        r[(*n)++] =
            (struct ntm_unit_result){store_col_copy(a, st, 0), store_col_copy(a, st, 1), sqlite3_column_int(st, 2),
                                     sqlite3_column_int(st, 3), sqlite3_column_int(st, 4), sqlite3_column_int(st, 5),
                                     sqlite3_column_int(st, 6), sqlite3_column_int(st, 7)};
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (vi_sort_records(r, *n, sizeof *r, offsetof(struct ntm_unit_result, full_name)) != 0)
        return -1;
    *out = r;
    return 0;
}

static const char SQL_MAP[] =
    "SELECT u.code, u.full_name, coalesce(s.geometry, ''), coalesce(a.criteria_met, -1), "
    "coalesce(a.criteria_total, 0), coalesce(a.unit_state, -1), "
    "coalesce((SELECT r.state FROM ntm_result r WHERE r.assessment_id = a.id AND r.criterion_id = (SELECT c.id "
    "FROM ntm_criterion c WHERE c.set_id = a.set_id AND c.number = (SELECT number FROM ntm_criterion WHERE id = ?4))), "
    "-2), "
    "coalesce((SELECT pl.target_year FROM ntm_plan pl WHERE pl.unit_id = u.id AND pl.status = 'ntm' "
    "AND pl.state = 'approved'), 0), " NTM_RECOGNISED("u.id", "?2") ", "
    "coalesce(h.target_year, 0), coalesce(h.status, ''), coalesce(q.quarter, 0), coalesce(q.criteria_met, 0), "
    "coalesce(q.criteria_total, 0), coalesce(q.unit_state, -1) "
    "FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id LEFT JOIN ntm_shape s ON s.unit_id = u.id "
    "LEFT JOIN ntm_assessment q ON q.id = (SELECT x.id FROM ntm_assessment x WHERE x.unit_id = u.id AND x.year = ?2 "
    "AND x.quarter > 0 AND x.state = 'accepted' ORDER BY x.quarter DESC LIMIT 1) "
    "LEFT JOIN ntm_plan h ON h.rowid = (SELECT hp.rowid FROM ntm_plan hp WHERE hp.unit_id = u.id AND hp.state = 'approved' "
    "AND hp.status <> 'ntm' AND NOT coalesce((SELECT x.act <> 'thu_hoi' FROM ntm_recognition x WHERE x.unit_id = u.id "
    "AND x.status = hp.status AND x.year <= ?2 ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0) "
    "ORDER BY hp.target_year LIMIT 1) "
    "LEFT JOIN ntm_assessment a ON a.unit_id = u.id AND a.year = ?2 AND a.quarter = 0 AND a.state = 'accepted' "
    "AND a.set_id IN " NTM_FAMILY("?3") " "
    "WHERE p.code = ?1 AND p.valid_to IS NULL AND u.valid_to IS NULL";

int ntm_map_read(struct store_conn *db, const char *province_code, int year, int64_t criterion_id, struct arena *a,
                 struct ntm_map_unit **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *set = ntm_set_for_year(year);
    sqlite3_stmt *st = store_stmt(db, SQL_MAP);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, province_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, set ? set : "", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, criterion_id);
    size_t cap = 0;
    struct ntm_map_unit *r = NULL;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 128;
            struct ntm_map_unit *nr = arena_alloc(a, ncap * sizeof *nr);
            if (*n)
                memcpy(nr, r, *n * sizeof *nr);
            r = nr;
            cap = ncap;
        }
        r[(*n)++] = (struct ntm_map_unit){store_col_copy(a, st, 0),    store_col_copy(a, st, 1),
                                          store_col_copy(a, st, 2),    sqlite3_column_int(st, 3),
                                          sqlite3_column_int(st, 4),   sqlite3_column_int(st, 5),
                                          sqlite3_column_int(st, 6),   sqlite3_column_int(st, 7),
                                          sqlite3_column_int(st, 8) != 0,  sqlite3_column_int(st, 9),
                                          store_col_copy(a, st, 10),   sqlite3_column_int(st, 11),
                                          sqlite3_column_int(st, 12),  sqlite3_column_int(st, 13),
                                          sqlite3_column_int(st, 14)};
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (vi_sort_records(r, *n, sizeof *r, offsetof(struct ntm_map_unit, full_name)) != 0)
        return -1;
    *out = r;
    return 0;
}

static const char SQL_MATRIX[] =
    "SELECT u.code, r.criterion_id, r.state, r.recorded FROM ntm_unit u "
    "CROSS JOIN ntm_assessment a ON a.unit_id = u.id CROSS JOIN ntm_result r ON r.assessment_id = a.id "
    "WHERE u.parent_id = ?1 AND a.set_id IN " NTM_FAMILY("?3") " AND a.year = ?2 "
    "AND " PERIOD("?3") "AND a.state = 'accepted' AND " NTM_UNIT_OF_YEAR("u", "?2");
static const char SQL_MATRIX_TIME[] =
    "SELECT max(coalesce(a.accepted_at, a.updated_at)) FROM ntm_unit u CROSS JOIN ntm_assessment a "
    "ON a.unit_id = u.id "
    "WHERE u.parent_id = ?1 AND a.set_id IN " NTM_FAMILY("?3") " AND a.year = ?2 "
    "AND " PERIOD("?3") "AND a.state = 'accepted' AND " NTM_UNIT_OF_YEAR("u", "?2");

struct code_index {
    struct str code;
    size_t row;
};

static int by_code(const void *x, const void *y)
{
    const struct code_index *a = x, *b = y;
    int c = memcmp(a->code.p, b->code.p, a->code.n < b->code.n ? a->code.n : b->code.n);
    return c ? c : (a->code.n > b->code.n) - (a->code.n < b->code.n);
}

int ntm_matrix_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                    struct ntm_matrix *out)
{
    return ntm_matrix_read_period(db, province_code, year, 0, a, out);
}

int ntm_matrix_read_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                           struct ntm_matrix *out)
{
    memset(out, 0, sizeof *out);
    int rc = ntm_dashboard_read_period(db, province_code, year, quarter, a, &out->d);
    if (rc != 1)
        return rc;
    const struct ntm_dashboard *d = &out->d;
    struct ntm_unit_result *units;
    size_t n;
    if (ntm_unit_results_period(db, province_code, d->year, quarter, a, &units, &n) != 0)
        return -1;
    out->rows = ARENA_ARRAY(a, struct ntm_matrix_row, n + 1);
    struct code_index *idx = ARENA_ARRAY(a, struct code_index, n + 1);
    for (size_t i = 0; i < n; i++) {
        struct ntm_matrix_row *r = &out->rows[i];
        *r = (struct ntm_matrix_row){units[i].code, units[i].full_name, units[i].criteria_met,
                                     units[i].criteria_total, units[i].unit_state,
                                     arena_alloc(a, d->n_criteria + 1), arena_zalloc(a, d->n_criteria + 1)};
        memset(r->states, -2, d->n_criteria + 1);
        idx[i] = (struct code_index){units[i].code, i};
    }
    out->n_rows = n;
    qsort(idx, n, sizeof *idx, by_code);
    const char *set = ntm_set_for_year(d->year);
    sqlite3_stmt *st = store_stmt(db, SQL_MATRIX);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, d->province.id);
    sqlite3_bind_int(st, 2, d->year);
    sqlite3_bind_text(st, 3, set ? set : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, quarter);
    struct family_criteria fam;
    if (family_criteria_read(db, set ? set : "", a, &fam) != 0) {
        sqlite3_reset(st);
        return -1;
    }
    while ((rc = store_step(db, st)) == 1) {
        struct code_index key = {{(const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0)}, 0};
        struct code_index *hit = key.code.p ? bsearch(&key, idx, n, sizeof *idx, by_code) : NULL;
        size_t c = family_criterion_index(&fam, d, sqlite3_column_int64(st, 1));
        if (!hit || c == d->n_criteria)
            continue;
        out->rows[hit->row].states[c] = (signed char)sqlite3_column_int(st, 2);
        out->rows[hit->row].recorded[c] = (unsigned char)sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!(st = store_stmt(db, SQL_MATRIX_TIME)))
        return -1;
    sqlite3_bind_int64(st, 1, d->province.id);
    sqlite3_bind_int(st, 2, d->year);
    sqlite3_bind_text(st, 3, set ? set : "", -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, quarter);
    rc = store_step(db, st);
    if (rc == 1)
        out->data_time = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

/* --- one criterion --------------------------------------------------------------------- */

static const char SQL_CRITERION[] =
    "SELECT c.number, c.name, c.indicators_loaded, s.name, s.decision, s.year_from "
    "FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id WHERE c.id = ?1";
static const char SQL_CRITERION_RESPONSIBLE[] =
    "SELECT kind, name, role FROM ntm_responsible WHERE criterion_id = ?1 ORDER BY role, name LIMIT 50";
static const char SQL_CRITERION_LATEST[] =
    "SELECT max(a.year) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = "
    "u.parent_id "
    "WHERE p.code = ?1 AND a.set_id IN " NTM_FAMILY("?2") " AND a.state = 'accepted' AND a.quarter = 0";
static const char SQL_CRITERION_UNITS[] =
    "SELECT u.code, u.full_name, r.state, r.recorded FROM ntm_unit p CROSS JOIN ntm_unit u ON u.parent_id = p.id "
    "CROSS JOIN ntm_assessment a ON a.unit_id = u.id CROSS JOIN ntm_result r ON r.assessment_id = a.id "
    "AND r.criterion_id = (SELECT c.id FROM ntm_criterion c WHERE c.set_id = a.set_id AND c.number = ?1) "
    "WHERE p.code = ?2 AND a.year = ?3 AND a.quarter = 0 AND a.state = 'accepted' AND a.set_id IN " NTM_FAMILY("?4");

int ntm_criterion_report_read(struct store_conn *db, const char *province_code, int64_t criterion_id, int year,
                              struct arena *a, struct ntm_criterion_report *out)
{
    memset(out, 0, sizeof *out);
    out->id = criterion_id;
    sqlite3_stmt *st = store_stmt(db, SQL_CRITERION);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, criterion_id);
    int rc = store_step(db, st), y0 = 0;
    if (rc == 1) {
        out->number = store_col_copy(a, st, 0);
        out->name = store_col_copy(a, st, 1);
        out->indicators_loaded = sqlite3_column_int(st, 2) != 0;
        out->set_name = store_col_copy(a, st, 3);
        out->set_decision = store_col_copy(a, st, 4);
        y0 = sqlite3_column_int(st, 5);
    }
    sqlite3_reset(st);
    if (rc != 1)
        return rc;
    /* any year of the set's family: the page counts every version's reports */
    const char *family = ntm_set_for_year(y0), *asked = year ? ntm_set_for_year(year) : family;
    if (!family || !asked || strcmp(family, asked))
        return 0;

    out->responsible = arena_zalloc(a, 51 * sizeof *out->responsible);
    if (!(st = store_stmt(db, SQL_CRITERION_RESPONSIBLE)))
        return -1;
    sqlite3_bind_int64(st, 1, criterion_id);
    while ((rc = store_step(db, st)) == 1 && out->n_responsible < 50)
        out->responsible[out->n_responsible++] =
            (struct ntm_responsible_row){store_col_copy(a, st, 0), store_col_copy(a, st, 1), store_col_copy(a, st, 2)};
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    const char *root = family; /* the criterion's set counts with every version of its family */
    if (!year) {
        if (!(st = store_stmt(db, SQL_CRITERION_LATEST)))
            return -1;
        sqlite3_bind_text(st, 1, province_code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, root, -1, SQLITE_STATIC);
        if ((rc = store_step(db, st)) == 1)
            year = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        if (rc < 0)
            return -1;
        if (!year)
            return 1;
    }
    out->year = year;
    size_t cap = 0, n = 0;
    struct ntm_unit_result *all = NULL;
    if (!(st = store_stmt(db, SQL_CRITERION_UNITS)))
        return -1;
    store_bind_str(st, 1, out->number);
    sqlite3_bind_text(st, 2, province_code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_text(st, 4, root, -1, SQLITE_STATIC);
    while ((rc = store_step(db, st)) == 1) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 128;
            struct ntm_unit_result *na = arena_alloc(a, ncap * sizeof *na);
            if (n)
                memcpy(na, all, n * sizeof *na);
            all = na;
            cap = ncap;
        }
        all[n++] = (struct ntm_unit_result){store_col_copy(a, st, 0), store_col_copy(a, st, 1),
                                            sqlite3_column_int(st, 2), 0, sqlite3_column_int(st, 3), 0, 0, 0};
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (vi_sort_records(all, n, sizeof *all, offsetof(struct ntm_unit_result, full_name)) != 0)
        return -1;
    out->met = arena_alloc(a, (n + 1) * sizeof *all);
    out->not_met = arena_alloc(a, (n + 1) * sizeof *all);
    out->undetermined = arena_alloc(a, (n + 1) * sizeof *all);
    for (size_t i = 0; i < n; i++) {
        if (all[i].criteria_met == NTM_MET)
            out->met[out->n_met++] = all[i];
        else if (all[i].criteria_met == NTM_NOT_MET)
            out->not_met[out->n_not_met++] = all[i];
        else
            out->undetermined[out->n_undetermined++] = all[i];
    }
    return 1;
}

/* --- the sets ------------------------------------------------------------------------ */

static const char SQL_SETS[] =
    "SELECT code, name, decision, tier, coalesce(target_scheme, ''), coalesce(province_code, ''), year_from, "
    "year_to, verified FROM ntm_set ORDER BY year_from, code LIMIT 200";

int ntm_sets_list(struct store_conn *db, struct arena *a, struct ntm_set_info **out, size_t *n)
{
    *n = 0;
    *out = ARENA_ARRAY(a, struct ntm_set_info, 200);
    sqlite3_stmt *st = store_stmt(db, SQL_SETS);
    if (!st)
        return -1;
    int rc;
    while ((rc = store_step(db, st)) == 1 && *n < 200)
        (*out)[(*n)++] = (struct ntm_set_info){store_col_copy(a, st, 0),   store_col_copy(a, st, 1),
                                               store_col_copy(a, st, 2),   store_col_copy(a, st, 3),
                                               store_col_copy(a, st, 4),   store_col_copy(a, st, 5),
                                               sqlite3_column_int(st, 6),  sqlite3_column_int(st, 7),
                                               sqlite3_column_int(st, 8) != 0};
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static const char SQL_PUBLIC_UNITS[] =
    "SELECT u.code, max(a.updated_at) FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
    "JOIN ntm_assessment a ON a.unit_id = u.id AND a.state = 'accepted' "
    "WHERE p.code = ?1 AND p.valid_to IS NULL AND u.valid_to IS NULL GROUP BY u.id ORDER BY u.code";

long ntm_public_pages(struct store_conn *db, struct arena *a,
                      void (*each)(void *ctx, struct str url, int64_t modified), void *ctx)
{
    char code[16];
    int rc = ntm_home_province(db, code, sizeof code);
    if (rc <= 0)
        return rc;
    struct ntm_dashboard d;
    rc = ntm_dashboard_read(db, code, 0, a, &d);
    if (rc < 0)
        return -1;
    if (rc == 0 || !d.n_years)
        return 0;
    long n = 0;
    each(ctx, STR("/nong-thon-moi/ban-do"), 0);
    each(ctx, STR("/nong-thon-moi/ca-nuoc"), 0);
    n += 2;
    if (d.n_years > 1) {
        each(ctx, STR("/nong-thon-moi/so-sanh"), 0);
        n++;
    }
    for (size_t i = 0; i < d.n_criteria; i++, n++)
        each(ctx, arena_printf(a, "/nong-thon-moi/tieu-chi/%lld", (long long)d.criteria[i].id), 0);
    sqlite3_stmt *st = store_stmt(db, SQL_PUBLIC_UNITS);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    while ((rc = store_step(db, st)) > 0) {
        struct str unit = store_col_str(st, 0);
        each(ctx, arena_printf(a, "/nong-thon-moi/xa/%.*s", (int)unit.n, unit.p), sqlite3_column_int64(st, 1));
        n++;
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : n;
}
