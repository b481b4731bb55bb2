/*
 * write.c - the only code that changes the monitor's tables (apart from
 * the loading of shipped data in load.c); see ntm.h for the contract and
 * the cache tags. Each function checks its input first, runs in one write
 * (a savepoint inside the caller's), stores what ntm_assess computes in
 * the same write as what it follows from, and touches the tags of what
 * became or stopped being public.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/number.h"
#include "ntm/internal.h"
#include "text/vi.h"
#include "text/vitime.h"

#define BEGIN(db, err, errlen)                                                                                         \
    do {                                                                                                               \
        if (store_write_begin(db) != 0)                                                                                \
            return ntm_refuse_sql(db, err, errlen, "mở giao dịch");                                                    \
    } while (0)

/* Ends the write begun by BEGIN with rc. */
static int finish(struct store_conn *db, int rc, char *err, size_t errlen)
{
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "ghi");
    return 0;
}

static const char SQL_UNIT_CODE[] = "SELECT code FROM ntm_unit WHERE id = ?1";

/* Touches "ntm:unit:CODE" for unit `id`. 0, or -1. */
static int touch_unit(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_CODE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    if (rc == 1) {
        struct str code = store_col_str(st, 0);
        store_touch(db, "ntm:unit:%.*s", (int)code.n, code.p);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : rc == 1 ? 0 : -1;
}

static bool unit_exists(struct store_conn *db, int64_t id, int *failed)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_CODE);
    if (!st)
        return *failed = 1, false;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step_once(db, st, NULL, NULL);
    if (rc < 0)
        *failed = 1;
    return rc == 1;
}

static bool one_of(const char *s, const char *const *list)
{
    for (; s && *list; list++)
        if (!strcmp(s, *list))
            return true;
    return false;
}

static bool iso_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return vi_date_valid(y, m, d); /* 30/02 is no date */
}

static const char *const STATUSES[] = {"ntm", "nang_cao", "kieu_mau", "hien_dai", NULL};

/* --- units ------------------------------------------------------------- */

static const char SQL_CLASS_END[] =
    "UPDATE ntm_unit_class SET valid_to = date(?3, '-1 day') WHERE unit_id = ?1 AND scheme = ?2 "
    "AND valid_to IS NULL AND valid_from < ?3";
static const char SQL_CLASS_SET[] =
    "INSERT INTO ntm_unit_class(unit_id, scheme, value, valid_from, legal_basis) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(unit_id, scheme, valid_from) DO UPDATE SET value = excluded.value, "
    "legal_basis = excluded.legal_basis, valid_to = NULL";

int ntm_unit_classify(struct store_conn *db, int64_t unit_id, const char *scheme, const char *value,
                      const char *valid_from, const char *legal_basis, char *err, size_t errlen)
{
    static const char *const schemes[] = {"nhom", "vung", NULL};
    static const char *const groups[] = {"1", "2", "3", NULL};
    if (!one_of(scheme, schemes))
        return ntm_refuse(err, errlen, "Cách phân loại phải là nhóm xã hoặc vùng.");
    if (!value || (!strcmp(scheme, "nhom") && !one_of(value, groups)) || !ntm_text_ok(str_cstr(value), 100) ||
        !value[0])
        return ntm_refuse(err, errlen, "Nhóm xã phải là 1, 2 hoặc 3; vùng phải có tên.");
    if (!iso_date(valid_from))
        return ntm_refuse(err, errlen, "Ngày hiệu lực phải có dạng YYYY-MM-DD.");
    int failed = 0;
    BEGIN(db, err, errlen);
    int rc = -1;
    if (!unit_exists(db, unit_id, &failed)) {
        rc = failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị") : ntm_refuse(err, errlen, "Không có đơn vị này.");
        return finish(db, rc, err, errlen);
    }
    sqlite3_stmt *st = store_stmt(db, SQL_CLASS_END);
    if (st) {
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_text(st, 2, scheme, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, valid_from, -1, SQLITE_TRANSIENT);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (st = store_stmt(db, SQL_CLASS_SET))) {
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_text(st, 2, scheme, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, value, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, valid_from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, legal_basis ? legal_basis : "", -1, SQLITE_TRANSIENT);
        rc = store_step_done(db, st);
    } else
        rc = -1;
    if (rc == 0)
        rc = touch_unit(db, unit_id);
    if (rc == 0)
        store_touch(db, "ntm");
    else
        ntm_refuse_sql(db, err, errlen, "ghi phân loại");
    return finish(db, rc, err, errlen);
}

static const char SQL_CHANGE_ADD[] = "INSERT INTO ntm_unit_change(effective, kind, legal_basis) VALUES (?1, ?2, ?3)";
static const char SQL_LINEAGE_ADD[] =
    "INSERT INTO ntm_unit_lineage(change_id, from_unit_id, to_unit_id, counts_history) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_UNIT_END[] =
    "UPDATE ntm_unit SET valid_to = date(?2, '-1 day') WHERE id = ?1 AND valid_to IS NULL";

/* A unit that existed before `effective` (and, for a merger, still
 * exists): 1, 0, or -1. A merger dated before a unit's own beginning would
 * end it before it began and move every year since to the new unit. */
static const char SQL_UNIT_BEFORE[] = "SELECT full_name FROM ntm_unit WHERE id = ?1 AND valid_from < ?2 "
                                      "AND (?3 = 0 OR valid_to IS NULL)";

int ntm_unit_merge(struct store_conn *db, const int64_t *from, size_t n, int64_t to, const char *effective,
                   const char *legal_basis, bool counts_history, char *err, size_t errlen)
{
    if (n == 0 || n > 100)
        return ntm_refuse(err, errlen, "Cần từ 1 đến 100 đơn vị trước sáp nhập.");
    if (!iso_date(effective))
        return ntm_refuse(err, errlen, "Ngày hiệu lực phải có dạng YYYY-MM-DD.");
    if (!legal_basis || !ntm_text_ok(str_cstr(legal_basis), 500))
        return ntm_refuse(err, errlen, "Căn cứ pháp lý quá dài hoặc không hợp lệ.");
    int failed = 0;
    BEGIN(db, err, errlen);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        if (from[i] == to || !unit_exists(db, from[i], &failed))
            rc = failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị")
                        : ntm_refuse(err, errlen, "Đơn vị trước sáp nhập không có hoặc trùng đơn vị sau.");
    if (rc == 0 && !unit_exists(db, to, &failed))
        rc = failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị") : ntm_refuse(err, errlen, "Không có đơn vị mới.");
    sqlite3_stmt *st;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!(st = store_stmt(db, SQL_UNIT_BEFORE))) {
            rc = ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
            break;
        }
        sqlite3_bind_int64(st, 1, from[i]);
        sqlite3_bind_text(st, 2, effective, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 3, n > 1);
        int there = store_step_once(db, st, NULL, NULL);
        if (there < 0)
            rc = ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
        else if (!there)
            rc = ntm_refuse(err, errlen, "Ngày hiệu lực %s trước ngày một đơn vị được sáp nhập bắt đầu có, hoặc đơn vị đó "
                                         "đã hết hiệu lực: hãy kiểm tra ngày của quyết định sắp xếp.",
                            effective);
    }
    int64_t change = 0;
    if (rc == 0 && (st = store_stmt(db, SQL_CHANGE_ADD))) {
        sqlite3_bind_text(st, 1, effective, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, n > 1 ? "merge" : "split", -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, legal_basis, -1, SQLITE_TRANSIENT);
        rc = store_step_done(db, st);
        change = sqlite3_last_insert_rowid(db->db);
    } else if (rc == 0)
        rc = -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!(st = store_stmt(db, SQL_LINEAGE_ADD)))
            rc = -1;
        else {
            sqlite3_bind_int64(st, 1, change);
            sqlite3_bind_int64(st, 2, from[i]);
            sqlite3_bind_int64(st, 3, to);
            sqlite3_bind_int(st, 4, counts_history);
            rc = store_step_done(db, st);
        }
        if (rc == 0 && n > 1 && (st = store_stmt(db, SQL_UNIT_END))) {
            sqlite3_bind_int64(st, 1, from[i]);
            sqlite3_bind_text(st, 2, effective, -1, SQLITE_TRANSIENT);
            rc = store_step_done(db, st);
        }
        if (rc == 0)
            rc = touch_unit(db, from[i]);
    }
    if (rc == 0)
        rc = touch_unit(db, to);
    if (rc == 0)
        store_touch(db, "ntm");
    else if (err && !err[0])
        ntm_refuse_sql(db, err, errlen, "ghi sáp nhập");
    return finish(db, rc, err, errlen);
}

static const char SQL_FORMER_DISTRICT[] = "UPDATE ntm_unit SET former_district = nullif(?2, '') WHERE id = ?1";

int ntm_unit_set_former_district(struct store_conn *db, int64_t unit_id, const char *district, char *err, size_t errlen)
{
    if (!district || !ntm_text_ok(str_cstr(district), 200))
        return ntm_refuse(err, errlen, "Tên huyện cũ quá dài hoặc không hợp lệ.");
    BEGIN(db, err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_FORMER_DISTRICT);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_text(st, 2, district, -1, SQLITE_TRANSIENT);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && sqlite3_changes(db->db) == 0)
        rc = ntm_refuse(err, errlen, "Không có đơn vị này.");
    else if (rc == 0)
        rc = touch_unit(db, unit_id);
    else
        ntm_refuse_sql(db, err, errlen, "ghi huyện cũ");
    return finish(db, rc, err, errlen);
}

/* --- assessments ---------------------------------------------------------- */

static const char SQL_VALUES_OF[] = "SELECT indicator_id, value FROM ntm_value WHERE assessment_id = ?1";
static const char SQL_RECORDED_OF[] = "SELECT criterion_id, met FROM ntm_recorded WHERE assessment_id = ?1";
static const char SQL_VALUE_STATE[] =
    "UPDATE ntm_value SET state = ?3 WHERE assessment_id = ?1 AND indicator_id = ?2 AND state IS NOT ?3";
static const char SQL_RESULT_SET[] =
    "INSERT INTO ntm_result(assessment_id, criterion_id, state, recorded) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(assessment_id, criterion_id) DO UPDATE SET state = excluded.state, recorded = excluded.recorded";
static const char SQL_RESULTS_CLEAR[] = "DELETE FROM ntm_result WHERE assessment_id = ?1";
static const char SQL_ASSESSMENT_STATES[] =
    "UPDATE ntm_assessment SET criteria_met = ?2, criteria_total = ?3, unit_state = ?4 WHERE id = ?1";

int ntm_store_states(struct store_conn *db, const struct ntm_set *set, int64_t id, const char *key, char *err,
                     size_t errlen)
{
    struct arena a;
    arena_init(&a, 8192);
    size_t cap = set->n_indicators + 64, nv = 0;
    struct ntm_value *values = arena_alloc(&a, cap * sizeof *values);
    struct ntm_criterion *crit = arena_alloc(&a, (set->n_criteria + 1) * sizeof *crit);
    memcpy(crit, set->criteria, set->n_criteria * sizeof *crit);
    for (size_t c = 0; c < set->n_criteria; c++)
        crit[c].recorded = -1;
    int rc = 0, step;
    sqlite3_stmt *st = store_stmt(db, SQL_VALUES_OF);
    if (!st)
        rc = -1;
    else {
        sqlite3_bind_int64(st, 1, id);
        while ((step = store_step(db, st)) == 1 && nv < cap)
            values[nv++] =
                (struct ntm_value){sqlite3_column_int64(st, 0),
                                   sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1)};
        sqlite3_reset(st);
        if (step < 0)
            rc = -1;
    }
    if (rc == 0 && (st = store_stmt(db, SQL_RECORDED_OF))) {
        sqlite3_bind_int64(st, 1, id);
        while ((step = store_step(db, st)) == 1) {
            int64_t cid = sqlite3_column_int64(st, 0);
            for (size_t c = 0; c < set->n_criteria; c++)
                if (crit[c].id == cid)
                    crit[c].recorded = sqlite3_column_int(st, 1);
        }
        sqlite3_reset(st);
        if (step < 0)
            rc = -1;
    } else
        rc = -1;

    struct ntm_assess_output out = {
        .indicator_state = arena_alloc(&a, (set->n_indicators + 1) * sizeof(enum ntm_ind_state)),
        .criterion_state = arena_alloc(&a, (set->n_criteria + 1) * sizeof(enum ntm_state)),
        .criterion_recorded = arena_alloc(&a, (set->n_criteria + 1) * sizeof(bool)),
        .value_state = arena_alloc(&a, (nv + 1) * sizeof(enum ntm_ind_state)),
    };
    struct ntm_assess_input in = {crit, set->n_criteria, set->indicators, set->n_indicators, key, values, nv};
    if (rc == 0 && ntm_assess(&in, &out) != 0)
        rc = -1;
    for (size_t v = 0; v < nv && rc == 0; v++) {
        if (!(st = store_stmt(db, SQL_VALUE_STATE))) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, values[v].indicator_id);
        sqlite3_bind_int(st, 3, (int)out.value_state[v]);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (st = store_stmt(db, SQL_RESULTS_CLEAR))) {
        sqlite3_bind_int64(st, 1, id);
        rc = store_step_done(db, st);
    } else
        rc = -1;
    for (size_t c = 0; c < set->n_criteria && rc == 0; c++) {
        if (!(st = store_stmt(db, SQL_RESULT_SET))) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, crit[c].id);
        sqlite3_bind_int(st, 3, (int)out.criterion_state[c]);
        sqlite3_bind_int(st, 4, out.criterion_recorded[c]);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (st = store_stmt(db, SQL_ASSESSMENT_STATES))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, out.criteria_met);
        sqlite3_bind_int(st, 3, (int)set->n_criteria);
        sqlite3_bind_int(st, 4, (int)out.unit_state);
        rc = store_step_done(db, st);
    } else if (rc == 0)
        rc = -1;
    arena_free(&a);
    if (rc != 0)
        return ntm_refuse_sql(db, err, errlen, "tính kết quả đánh giá");
    return 0;
}

static const char SQL_CLASS_AT[] =
    "SELECT value FROM ntm_unit_class WHERE unit_id = ?1 AND scheme = ?2 AND valid_from <= ?3 "
    "AND (valid_to IS NULL OR valid_to >= ?3) ORDER BY valid_from DESC LIMIT 1";
static const char SQL_ASSESSMENT_FIND[] =
    "SELECT id, state FROM ntm_assessment WHERE unit_id = ?1 AND set_id = ?2 AND year = ?3 AND quarter = ?4";
/* Another version of the year's set already holding the unit's report. */
static const char SQL_ASSESSMENT_OTHER_VERSION[] =
    "SELECT s.code FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id WHERE a.unit_id = ?1 AND a.year = ?2 "
    "AND a.quarter = ?3 AND a.set_id <> ?4 AND a.set_id IN " NTM_FAMILY("?5") " LIMIT 1";
static const char SQL_ASSESSMENT_INSERT[] =
    "INSERT INTO ntm_assessment(unit_id, set_id, year, quarter, note, group_no, region, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_ASSESSMENT_UPDATE[] =
    "UPDATE ntm_assessment SET note = ?2, group_no = ?3, region = ?4, updated_at = ?5 WHERE id = ?1";
static const char SQL_VALUES_CLEAR[] = "DELETE FROM ntm_value WHERE assessment_id = ?1";
static const char SQL_VALUE_ADD[] =
    "INSERT INTO ntm_value(assessment_id, indicator_id, value, value_text, note, source, state) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 3)";
static const char SQL_RECORDED_CLEAR[] = "DELETE FROM ntm_recorded WHERE assessment_id = ?1";
static const char SQL_RECORDED_ADD[] =
    "INSERT INTO ntm_recorded(assessment_id, criterion_id, met, note, source) VALUES (?1, ?2, ?3, ?4, ?5)";

/* The unit's classification for the set's scheme at the end of the
 * period, copied into key (cap bytes; "" when none). 0, or -1. */
static int class_at(struct store_conn *db, int64_t unit_id, const struct ntm_set *set, int year, int quarter, char *key,
                    size_t cap)
{
    key[0] = '\0';
    if (!set->target_scheme.n)
        return 0;
    char end[16];
    static const char *const quarter_end[] = {"12-31", "03-31", "06-30", "09-30", "12-31"};
    snprintf(end, sizeof end, "%04d-%s", year, quarter_end[quarter]);
    sqlite3_stmt *st = store_stmt(db, SQL_CLASS_AT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    store_bind_str(st, 2, set->target_scheme);
    sqlite3_bind_text(st, 3, end, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    if (rc == 1)
        snprintf(key, cap, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static const char *check_value(const struct ntm_set *set, const struct ntm_value_input *v, size_t *index)
{
    size_t i = 0;
    while (i < set->n_indicators && set->indicators[i].id != v->indicator_id)
        i++;
    if (i == set->n_indicators)
        return "Chỉ tiêu không thuộc bộ tiêu chí của kỳ đánh giá này.";
    *index = i;
    if (!ntm_text_ok(v->note, NTM_TEXT_MAX) || !ntm_text_ok(v->source, NTM_TEXT_MAX) || !ntm_text_ok(v->text, 200))
        return "Ghi chú, nguồn hoặc mức của chỉ tiêu quá dài hoặc có ký tự không hợp lệ.";
    double x = v->value;
    if (isnan(x))
        return NULL;
    if (!isfinite(x))
        return "Giá trị của chỉ tiêu không hợp lệ.";
    switch (set->indicators[i].type) {
    case NTM_TYPE_MET:
        if (x != 0 && x != 1)
            return "Chỉ tiêu đạt/không đạt chỉ nhận giá trị 1 (đạt, có) hoặc 0 (không đạt, không).";
        break;
    case NTM_TYPE_PERCENT:
        if (x < 0 || x > 100)
            return "Tỷ lệ phải từ 0 đến 100%.";
        break;
    case NTM_TYPE_LEVEL:
        if (x < 1 || x != floor(x) || x > 100)
            return "Mức của chỉ tiêu phải là một mức trong danh sách.";
        break;
    case NTM_TYPE_NUMBER: /* the entry form's rule: counts, sums and incomes are not negative */
        if (x < 0)
            return "Giá trị của chỉ tiêu không được âm.";
        if (x > 1e12)
            return "Giá trị của chỉ tiêu quá lớn.";
        break;
    }
    return NULL;
}

/* Touches what an assessment's publicity changes: every page summing
 * units, the unit's page and the page of each criterion of its set. */
static int touch_assessment(struct store_conn *db, const struct ntm_set *set, int64_t unit_id)
{
    store_touch(db, "ntm");
    for (size_t c = 0; c < set->n_criteria; c++)
        store_touch(db, "ntm:crit:%lld", (long long)set->criteria[c].id);
    return touch_unit(db, unit_id);
}

/* --- history of values (who changed what, and why) --------------------------- */

/* The values and recorded states an assessment held before a save. */
struct history_old {
    struct ntm_value_input *values; /* value NaN: none */
    size_t n_values, cap_values;
    struct ntm_recorded_input *recorded;
    size_t n_recorded, cap_recorded;
};

static const char SQL_OLD_VALUES[] =
    "SELECT indicator_id, value, value_text FROM ntm_value WHERE assessment_id = ?1 LIMIT 10000";
static const char SQL_OLD_RECORDED[] = "SELECT criterion_id, met FROM ntm_recorded WHERE assessment_id = ?1 LIMIT 1000";
static const char SQL_HISTORY_ADD[] =
    "INSERT INTO ntm_value_history(assessment_id, indicator_id, criterion_id, at, user_id, old_value, old_text, "
    "new_value, new_text, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_EVIDENCE_CLEAR[] = "DELETE FROM ntm_evidence WHERE assessment_id = ?1";
/* A file named twice for one indicator is kept once. */
static const char SQL_EVIDENCE_ADD[] =
    "INSERT INTO ntm_evidence(assessment_id, indicator_id, media_id) SELECT ?1, nullif(?2, 0), ?3 "
    "WHERE NOT EXISTS (SELECT 1 FROM ntm_evidence WHERE assessment_id = ?1 AND indicator_id IS nullif(?2, 0) "
    "AND media_id = ?3)";

/* Reads what assessment `id` holds now into *o, in `a` (at most the set's
 * indicators and criteria: save() accepts no others). 0, or -1. */
static int history_read_old(struct store_conn *db, const struct ntm_set *set, int64_t id, struct arena *a,
                            struct history_old *o)
{
    o->cap_values = set->n_indicators;
    o->cap_recorded = set->n_criteria;
    o->values = arena_alloc(a, (o->cap_values + 1) * sizeof *o->values);
    o->recorded = arena_alloc(a, (o->cap_recorded + 1) * sizeof *o->recorded);
    sqlite3_stmt *st = store_stmt(db, SQL_OLD_VALUES);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int step;
    while ((step = store_step(db, st)) == 1 && o->n_values < o->cap_values)
        o->values[o->n_values++] = (struct ntm_value_input){
            .indicator_id = sqlite3_column_int64(st, 0),
            .value = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1),
            .text = store_col_copy(a, st, 2)};
    sqlite3_reset(st);
    if (step < 0 || !(st = store_stmt(db, SQL_OLD_RECORDED)))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    while ((step = store_step(db, st)) == 1 && o->n_recorded < o->cap_recorded)
        o->recorded[o->n_recorded++] =
            (struct ntm_recorded_input){.criterion_id = sqlite3_column_int64(st, 0), .met = sqlite3_column_int(st, 1)};
    sqlite3_reset(st);
    return step < 0 ? -1 : 0;
}

static bool same_value(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(a));
}

/* A draft's changes to one value by one person within this many seconds
 * are one change (its autosaves while they type), from the value before
 * the first to the value after the last; once a report has been submitted
 * every change is a row of its own. */
#define HISTORY_MERGE_SECONDS 900

static const char SQL_HISTORY_LAST[] =
    "SELECT id, old_value, old_text, user_id, at, reason FROM ntm_value_history WHERE assessment_id = ?1 "
    "AND indicator_id IS ?2 AND criterion_id IS ?3 ORDER BY id DESC LIMIT 1";
static const char SQL_HISTORY_MERGE[] = "UPDATE ntm_value_history SET at = ?2, new_value = ?3, new_text = ?4 WHERE id = ?1";
static const char SQL_HISTORY_DROP[] = "DELETE FROM ntm_value_history WHERE id = ?1";

static void bind_value_or_null(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static void bind_id_or_null(sqlite3_stmt *st, int i, int64_t id)
{
    if (id)
        sqlite3_bind_int64(st, i, id);
    else
        sqlite3_bind_null(st, i);
}

/* Folds the change into the value's last row when it is the same person's
 * recent change to a draft: 1 folded (or dropped, when the value is back
 * where it was), 0 not, -1. */
static int history_fold(struct store_conn *db, int64_t id, int64_t indicator, int64_t criterion,
                        const struct ntm_assessment_input *in, double new_value, struct str new_text)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HISTORY_LAST);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    bind_id_or_null(st, 2, indicator);
    bind_id_or_null(st, 3, criterion);
    int rc = store_step(db, st);
    int64_t row = 0;
    bool back = false;
    if (rc == 1 && sqlite3_column_int64(st, 3) == in->user_id && in->now >= sqlite3_column_int64(st, 4) &&
        in->now - sqlite3_column_int64(st, 4) <= HISTORY_MERGE_SECONDS && sqlite3_column_bytes(st, 5) == 0) {
        row = sqlite3_column_int64(st, 0);
        double old = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1);
        back = same_value(old, new_value) && str_eq(store_col_str(st, 2), new_text.p ? new_text : STR(""));
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!row)
        return 0;
    if (!(st = store_stmt(db, back ? SQL_HISTORY_DROP : SQL_HISTORY_MERGE)))
        return -1;
    sqlite3_bind_int64(st, 1, row);
    if (!back) {
        sqlite3_bind_int64(st, 2, in->now);
        bind_value_or_null(st, 3, new_value);
        store_bind_str(st, 4, new_text.p ? new_text : STR(""));
    }
    return store_step_done(db, st) == 0 ? 1 : -1;
}

static int history_row(struct store_conn *db, int64_t id, int64_t indicator, int64_t criterion,
                       const struct ntm_assessment_input *in, bool fold, double old_value, struct str old_text,
                       double new_value, struct str new_text)
{
    int folded = fold ? history_fold(db, id, indicator, criterion, in, new_value, new_text) : 0;
    if (folded != 0)
        return folded < 0 ? -1 : 0;
    sqlite3_stmt *st = store_stmt(db, SQL_HISTORY_ADD);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    bind_id_or_null(st, 2, indicator);
    bind_id_or_null(st, 3, criterion);
    sqlite3_bind_int64(st, 4, in->now);
    sqlite3_bind_int64(st, 5, in->user_id);
    bind_value_or_null(st, 6, old_value);
    store_bind_str(st, 7, old_text.p ? old_text : STR(""));
    bind_value_or_null(st, 8, new_value);
    store_bind_str(st, 9, new_text.p ? new_text : STR(""));
    store_bind_str(st, 10, in->reason.p ? in->reason : STR(""));
    return store_step_done(db, st);
}

/* Writes a history row for each value and recorded state that differs
 * between `o` (before) and `in` (after); refuses a change without a reason
 * once the assessment had been submitted. Inside save()'s write. */
static int history_write(struct store_conn *db, const struct ntm_assessment_input *in, int64_t id,
                         const struct history_old *o, bool was_submitted, char *err, size_t errlen)
{
    size_t changes = 0;
    int rc = 0;
    bool fold = !was_submitted && !in->reason.n;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        /* pass 0 counts, pass 1 writes: a refusal writes nothing */
        if (pass == 1 && changes && was_submitted && !in->reason.n)
            return ntm_refuse(err, errlen,
                              "Cần ghi lý do khi thay đổi giá trị đã gửi hoặc đã được duyệt (ô “Lý do thay đổi”).");
        for (size_t v = 0; v < in->n_values && rc == 0; v++) {
            const struct ntm_value_input *x = &in->values[v];
            double before = NAN;
            struct str before_text = STR("");
            for (size_t k = 0; k < o->n_values; k++)
                if (o->values[k].indicator_id == x->indicator_id) {
                    before = o->values[k].value;
                    before_text = o->values[k].text;
                    break;
                }
            if (same_value(before, x->value) && str_eq(before_text, x->text.p ? x->text : STR("")))
                continue;
            if (pass == 0)
                changes++;
            else
                rc = history_row(db, id, x->indicator_id, 0, in, fold, before, before_text, x->value, x->text);
        }
        for (size_t k = 0; k < o->n_values && rc == 0; k++) { /* values taken away */
            bool kept = false;
            for (size_t v = 0; v < in->n_values && !kept; v++)
                kept = in->values[v].indicator_id == o->values[k].indicator_id;
            if (kept || isnan(o->values[k].value))
                continue;
            if (pass == 0)
                changes++;
            else
                rc = history_row(db, id, o->values[k].indicator_id, 0, in, fold, o->values[k].value,
                                 o->values[k].text, NAN, STR(""));
        }
        for (size_t r = 0; r < in->n_recorded && rc == 0; r++) {
            const struct ntm_recorded_input *x = &in->recorded[r];
            double before = NAN;
            for (size_t k = 0; k < o->n_recorded; k++)
                if (o->recorded[k].criterion_id == x->criterion_id)
                    before = o->recorded[k].met;
            if (same_value(before, x->met))
                continue;
            if (pass == 0)
                changes++;
            else
                rc = history_row(db, id, 0, x->criterion_id, in, fold, before, STR(""), x->met, STR(""));
        }
        for (size_t k = 0; k < o->n_recorded && rc == 0; k++) {
            bool kept = false;
            for (size_t r = 0; r < in->n_recorded && !kept; r++)
                kept = in->recorded[r].criterion_id == o->recorded[k].criterion_id;
            if (kept)
                continue;
            if (pass == 0)
                changes++;
            else
                rc = history_row(db, id, 0, o->recorded[k].criterion_id, in, fold, o->recorded[k].met, STR(""), NAN,
                                 STR(""));
        }
    }
    return rc == 0 ? 0 : ntm_refuse_sql(db, err, errlen, "ghi lịch sử thay đổi");
}

/* Replaces the evidence files of assessment `id`. Inside save()'s write. */
static int evidence_write(struct store_conn *db, const struct ntm_assessment_input *in, const struct ntm_set *set,
                          int64_t id, char *err, size_t errlen)
{
    sqlite3_stmt *st = store_stmt(db, SQL_EVIDENCE_CLEAR);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "ghi tệp minh chứng");
    sqlite3_bind_int64(st, 1, id);
    if (store_step_done(db, st) != 0)
        return ntm_refuse_sql(db, err, errlen, "ghi tệp minh chứng");
    for (size_t e = 0; e < in->n_evidence; e++) {
        const struct ntm_evidence_input *x = &in->evidence[e];
        bool in_set = x->indicator_id == 0;
        for (size_t i = 0; i < set->n_indicators && !in_set; i++)
            in_set = set->indicators[i].id == x->indicator_id;
        if (!in_set || x->media_id <= 0)
            return ntm_refuse(err, errlen, "Tệp minh chứng gắn với một chỉ tiêu không thuộc bộ tiêu chí.");
        if (!(st = store_stmt(db, SQL_EVIDENCE_ADD)))
            return ntm_refuse_sql(db, err, errlen, "ghi tệp minh chứng");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, x->indicator_id);
        sqlite3_bind_int64(st, 3, x->media_id);
        if (store_step_done(db, st) != 0)
            return ntm_refuse_sql(db, err, errlen, "ghi tệp minh chứng");
    }
    return 0;
}

static int save(struct store_conn *db, const struct ntm_assessment_input *in, const struct ntm_set *set,
                struct arena *scratch, int64_t *id_out, char *err, size_t errlen)
{
    int failed = 0;
    if (!unit_exists(db, in->unit_id, &failed))
        return failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị") : ntm_refuse(err, errlen, "Không có đơn vị này.");
    char key[128];
    if (class_at(db, in->unit_id, set, in->year, in->quarter, key, sizeof key) != 0)
        return ntm_refuse_sql(db, err, errlen, "đọc phân loại đơn vị");
    bool by_group = str_eq_lit(set->target_scheme, "nhom");
    sqlite3_stmt *st = store_stmt(db, SQL_ASSESSMENT_FIND);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "tìm đánh giá");
    sqlite3_bind_int64(st, 1, in->unit_id);
    sqlite3_bind_int64(st, 2, set->id);
    sqlite3_bind_int(st, 3, in->year);
    sqlite3_bind_int(st, 4, in->quarter);
    int64_t id = 0;
    bool was_public = false, was_stored = false, was_submitted = false;
    int rc = store_step(db, st);
    if (rc == 1) {
        id = sqlite3_column_int64(st, 0);
        was_stored = true;
        was_public = str_eq_lit(store_col_str(st, 1), "accepted");
        was_submitted = !str_eq_lit(store_col_str(st, 1), "draft");
    }
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "tìm đánh giá");
    const char *root = ntm_set_for_year(in->year);
    if (!id && root) {
        /* a report keeps the version it was started under: one per period */
        if (!(st = store_stmt(db, SQL_ASSESSMENT_OTHER_VERSION)))
            return ntm_refuse_sql(db, err, errlen, "tìm đánh giá");
        sqlite3_bind_int64(st, 1, in->unit_id);
        sqlite3_bind_int(st, 2, in->year);
        sqlite3_bind_int(st, 3, in->quarter);
        sqlite3_bind_int64(st, 4, set->id);
        sqlite3_bind_text(st, 5, root, -1, SQLITE_STATIC);
        char other[NTM_SET_CODE_MAX] = "";
        if ((rc = store_step(db, st)) == 1)
            snprintf(other, sizeof other, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
        if (rc < 0)
            return ntm_refuse_sql(db, err, errlen, "tìm đánh giá");
        if (rc == 1)
            return ntm_refuse(err, errlen, "Đơn vị đã có báo cáo kỳ này theo bộ tiêu chí %s; báo cáo giữ bộ tiêu chí "
                                           "đã dùng khi lập.", other);
    }
    st = store_stmt(db, id ? SQL_ASSESSMENT_UPDATE : SQL_ASSESSMENT_INSERT);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "ghi đánh giá");
    int i = 1;
    if (id)
        sqlite3_bind_int64(st, i++, id);
    else {
        sqlite3_bind_int64(st, i++, in->unit_id);
        sqlite3_bind_int64(st, i++, set->id);
        sqlite3_bind_int(st, i++, in->year);
        sqlite3_bind_int(st, i++, in->quarter);
    }
    store_bind_str(st, i++, in->note);
    if (by_group && key[0])
        sqlite3_bind_int(st, i++, key[0] - '0');
    else
        sqlite3_bind_null(st, i++);
    if (!by_group && key[0])
        sqlite3_bind_text(st, i++, key, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i++);
    sqlite3_bind_int64(st, i++, in->now);
    if (store_step_done(db, st) != 0)
        return ntm_refuse_sql(db, err, errlen, "ghi đánh giá");
    if (!id)
        id = sqlite3_last_insert_rowid(db->db);

    struct history_old old = {0};
    if (in->user_id && was_stored && history_read_old(db, set, id, scratch, &old) != 0)
        return ntm_refuse_sql(db, err, errlen, "đọc giá trị cũ");
    const char *clear[] = {SQL_VALUES_CLEAR, SQL_RECORDED_CLEAR};
    for (int k = 0; k < 2; k++) {
        if (!(st = store_stmt(db, clear[k])))
            return ntm_refuse_sql(db, err, errlen, "xóa giá trị cũ");
        sqlite3_bind_int64(st, 1, id);
        if (store_step_done(db, st) != 0)
            return ntm_refuse_sql(db, err, errlen, "xóa giá trị cũ");
    }
    for (size_t v = 0; v < in->n_values; v++) {
        const struct ntm_value_input *x = &in->values[v];
        if (!(st = store_stmt(db, SQL_VALUE_ADD)))
            return ntm_refuse_sql(db, err, errlen, "ghi giá trị");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, x->indicator_id);
        if (isnan(x->value))
            sqlite3_bind_null(st, 3);
        else
            sqlite3_bind_double(st, 3, x->value);
        store_bind_str(st, 4, x->text);
        store_bind_str(st, 5, x->note);
        store_bind_str(st, 6, x->source);
        if (store_step_done(db, st) != 0)
            return sqlite3_extended_errcode(db->db) == SQLITE_CONSTRAINT_PRIMARYKEY
                       ? ntm_refuse(err, errlen, "Một chỉ tiêu được nhập hai lần.")
                       : ntm_refuse_sql(db, err, errlen, "ghi giá trị");
    }
    for (size_t r = 0; r < in->n_recorded; r++) {
        const struct ntm_recorded_input *x = &in->recorded[r];
        if (!(st = store_stmt(db, SQL_RECORDED_ADD)))
            return ntm_refuse_sql(db, err, errlen, "ghi kết quả tiêu chí");
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, x->criterion_id);
        sqlite3_bind_int(st, 3, x->met);
        store_bind_str(st, 4, x->note);
        store_bind_str(st, 5, x->source);
        if (store_step_done(db, st) != 0)
            return sqlite3_extended_errcode(db->db) == SQLITE_CONSTRAINT_PRIMARYKEY
                       ? ntm_refuse(err, errlen, "Một tiêu chí được ghi kết quả hai lần.")
                       : ntm_refuse_sql(db, err, errlen, "ghi kết quả tiêu chí");
    }
    if (in->user_id) {
        if (history_write(db, in, id, &old, was_submitted, err, errlen) != 0)
            return -1;
    }
    if (in->set_evidence && evidence_write(db, in, set, id, err, errlen) != 0)
        return -1;
    if (ntm_store_states(db, set, id, key, err, errlen) != 0)
        return -1;
    if (was_public && touch_assessment(db, set, in->unit_id) != 0)
        return ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
    *id_out = id;
    return 0;
}

int ntm_assessment_save(struct store_conn *db, const struct ntm_assessment_input *in, int64_t *id, char *err,
                        size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    if (!in->set_code)
        return ntm_refuse(err, errlen, "Cần chọn bộ tiêu chí.");
    if (in->year < 2000 || in->year > 2100 || in->quarter < 0 || in->quarter > 4)
        return ntm_refuse(err, errlen, "Kỳ đánh giá không hợp lệ (năm 2000–2100, quý 1–4 hoặc cả năm).");
    if (!ntm_text_ok(in->note, NTM_TEXT_MAX))
        return ntm_refuse(err, errlen, "Ghi chú quá dài hoặc có ký tự không hợp lệ.");
    if (!ntm_text_ok(in->reason, NTM_TEXT_MAX))
        return ntm_refuse(err, errlen, "Lý do thay đổi quá dài hoặc có ký tự không hợp lệ.");
    if (in->n_evidence > 1000)
        return ntm_refuse(err, errlen, "Quá nhiều tệp minh chứng trong một lần ghi.");
    if (in->n_values > 10000 || in->n_recorded > 1000)
        return ntm_refuse(err, errlen, "Quá nhiều giá trị trong một lần ghi.");
    struct arena a;
    arena_init(&a, 16384);
    struct ntm_set set;
    int found = 1;
    if (in->set && str_eq(in->set->code, str_cstr(in->set_code)))
        set = *in->set;
    else
        found = ntm_set_load(db, in->set_code, &a, &set);
    int rc = 0;
    if (found < 0)
        rc = ntm_refuse_sql(db, err, errlen, "đọc bộ tiêu chí");
    else if (found == 0)
        rc = ntm_refuse(err, errlen, "Không có bộ tiêu chí này.");
    else if (in->year < set.year_from || in->year > set.year_to)
        rc = ntm_refuse(err, errlen, "Bộ tiêu chí %.*s áp dụng cho các năm %d–%d, không cho năm %d.", (int)set.name.n,
                        set.name.p, set.year_from, set.year_to, in->year);
    else {
        struct str why = ntm_period_not_begun(&a, in->year, in->quarter, in->now);
        if (why.n)
            rc = ntm_refuse(err, errlen, "%.*s", (int)why.n, why.p);
    }
    bool *seen = rc == 0 ? arena_zalloc(&a, set.n_indicators + set.n_criteria + 1) : NULL;
    for (size_t v = 0; v < in->n_values && rc == 0; v++) {
        size_t index = set.n_indicators;
        const char *why = check_value(&set, &in->values[v], &index);
        if (!why && seen[index])
            why = "Một chỉ tiêu được nhập hai lần.";
        struct str code = index < set.n_indicators ? set.indicator_code[index] : STR("?");
        if (why)
            rc = ntm_refuse(err, errlen, "%s (chỉ tiêu %.*s)", why, (int)code.n, code.p);
        else
            seen[index] = true;
    }
    for (size_t r = 0; r < in->n_recorded && rc == 0; r++) {
        const struct ntm_recorded_input *x = &in->recorded[r];
        size_t c = 0;
        while (c < set.n_criteria && set.criteria[c].id != x->criterion_id)
            c++;
        bool in_set = c < set.n_criteria && !seen[set.n_indicators + c];
        if (in_set)
            seen[set.n_indicators + c] = true;
        if (!in_set || (x->met != 0 && x->met != 1) || !ntm_text_ok(x->note, NTM_TEXT_MAX) ||
            !ntm_text_ok(x->source, NTM_TEXT_MAX))
            rc = ntm_refuse(err, errlen, "Kết quả ghi trực tiếp cho một tiêu chí không hợp lệ.");
    }
    if (rc == 0) {
        if (store_write_begin(db) != 0)
            rc = ntm_refuse_sql(db, err, errlen, "mở giao dịch");
        else
            rc = finish(db, save(db, in, &set, &a, id, err, errlen), err, errlen);
    }
    arena_free(&a);
    return rc;
}

static const char SQL_ASSESSMENT_CRITERIA[] =
    "SELECT c.id FROM ntm_criterion c JOIN ntm_assessment a ON a.set_id = c.set_id WHERE a.id = ?1";

/* touch_assessment for an assessment whose set is not loaded. */
static int touch_assessment_of(struct store_conn *db, int64_t id, int64_t unit_id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ASSESSMENT_CRITERIA);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = store_step(db, st)) == 1)
        store_touch(db, "ntm:crit:%lld", (long long)sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    store_touch(db, "ntm");
    return touch_unit(db, unit_id);
}

static const char SQL_ASSESSMENT_RESULT[] =
    "SELECT criteria_met, criteria_total, unit_state FROM ntm_assessment WHERE id = ?1";

int ntm_assessment_result(struct store_conn *db, int64_t id, int *criteria_met, int *criteria_total, int *unit_state)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ASSESSMENT_RESULT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    if (rc == 1) {
        *criteria_met = sqlite3_column_int(st, 0);
        *criteria_total = sqlite3_column_int(st, 1);
        *unit_state = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
    return rc;
}

static const char SQL_ASSESSMENT_OF[] = "SELECT unit_id, state, year, quarter FROM ntm_assessment WHERE id = ?1";
static const char SQL_ASSESSMENT_STATE[] =
    "UPDATE ntm_assessment SET state = ?2, updated_at = ?3, "
    "accepted_at = CASE WHEN ?2 = 'accepted' THEN ?3 ELSE accepted_at END WHERE id = ?1";

static const char *const STATE_NAMES[] = {"draft", "submitted", "accepted", "returned", NULL};

int ntm_assessment_set_state(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t now, char *err,
                             size_t errlen)
{
    if ((unsigned)state > NTM_RETURNED)
        return ntm_refuse(err, errlen, "Trạng thái không hợp lệ.");
    BEGIN(db, err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_ASSESSMENT_OF);
    int rc = -1;
    int64_t unit = 0;
    int year = 0, quarter = 0;
    char old[16] = "";
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        rc = store_step(db, st);
        if (rc == 1) {
            unit = sqlite3_column_int64(st, 0);
            snprintf(old, sizeof old, "%s", (const char *)sqlite3_column_text(st, 1));
            year = sqlite3_column_int(st, 2);
            quarter = sqlite3_column_int(st, 3);
        }
        sqlite3_reset(st);
    }
    if (rc < 0)
        return finish(db, ntm_refuse_sql(db, err, errlen, "đọc đánh giá"), err, errlen);
    if (rc == 0)
        return finish(db, ntm_refuse(err, errlen, "Không có bản đánh giá này."), err, errlen);
    /* a report of a period still to come (sent under a clock set wrong, or
     * before this rule) is not made public */
    if (state == NTM_ACCEPTED && !ntm_period_started(year, quarter, now)) {
        struct arena a;
        arena_init(&a, 256);
        struct str why = ntm_period_not_begun(&a, year, quarter, now);
        rc = ntm_refuse(err, errlen, "%.*s", (int)why.n, why.p);
        arena_free(&a);
        return finish(db, rc, err, errlen);
    }
    const char *to = STATE_NAMES[state];
    bool ok = (!strcmp(old, "draft") && state == NTM_SUBMITTED) ||
              (!strcmp(old, "submitted") && (state == NTM_ACCEPTED || state == NTM_RETURNED)) ||
              (!strcmp(old, "returned") && (state == NTM_SUBMITTED || state == NTM_DRAFT)) ||
              (!strcmp(old, "accepted") && state == NTM_RETURNED);
    if (!ok)
        return finish(db,
                      ntm_refuse(err, errlen, "Không thể chuyển bản đánh giá từ trạng thái này sang trạng thái đó."),
                      err, errlen);
    rc = -1;
    if ((st = store_stmt(db, SQL_ASSESSMENT_STATE))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (state == NTM_ACCEPTED || !strcmp(old, "accepted")))
        rc = touch_assessment_of(db, id, unit);
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi trạng thái đánh giá");
    return finish(db, rc, err, errlen);
}

static const char SQL_SET_CODE[] = "SELECT code FROM ntm_set WHERE id = ?1";
static const char SQL_SET_ASSESSMENTS[] =
    "SELECT id, coalesce(CAST(group_no AS TEXT), region, '') FROM ntm_assessment WHERE set_id = ?1 ORDER BY id";

int ntm_recompute_set(struct store_conn *db, int64_t set_id, int *count, char *err, size_t errlen)
{
    *count = 0;
    struct arena a;
    arena_init(&a, 16384);
    char code[64] = "";
    sqlite3_stmt *st = store_stmt(db, SQL_SET_CODE);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, set_id);
        if ((rc = store_step(db, st)) == 1)
            snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_reset(st);
    }
    struct ntm_set set;
    if (rc != 1 || ntm_set_load(db, code, &a, &set) != 1) {
        arena_free(&a);
        return ntm_refuse_sql(db, err, errlen, "đọc bộ tiêu chí");
    }
    /* read the ids first: the statement cannot stay open across the writes */
    size_t n = 0, cap = 1024;
    int64_t *ids = malloc(cap * sizeof *ids);
    char(*keys)[8] = malloc(cap * sizeof *keys);
    rc = ids && keys ? 0 : -1;
    if (rc == 0 && (st = store_stmt(db, SQL_SET_ASSESSMENTS))) {
        sqlite3_bind_int64(st, 1, set_id);
        int step;
        while ((step = store_step(db, st)) == 1) {
            if (n == cap) {
                cap *= 2;
                int64_t *ni = realloc(ids, cap * sizeof *ids);
                char(*nk)[8] = realloc(keys, cap * sizeof *keys);
                if (ni)
                    ids = ni;
                if (nk)
                    keys = nk;
                if (!ni || !nk) {
                    step = -1;
                    break;
                }
            }
            ids[n] = sqlite3_column_int64(st, 0);
            snprintf(keys[n++], sizeof keys[0], "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_reset(st);
        rc = step < 0 ? -1 : 0;
    } else
        rc = -1;
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "đọc đánh giá");
    if (rc == 0 && store_write_begin(db) != 0)
        rc = ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    else if (rc == 0) {
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = ntm_store_states(db, &set, ids[i], keys[i], err, errlen);
        if (rc == 0) {
            store_touch(db, "ntm");
            store_touch(db, "ntm:ref");
        }
        rc = finish(db, rc, err, errlen);
    }
    if (rc == 0)
        *count = (int)n;
    free(ids);
    free(keys);
    arena_free(&a);
    return rc;
}

/* --- recognition, plan, responsibility ---------------------------------------- */

static const char SQL_SET_ID_BY_CODE[] = "SELECT id FROM ntm_set WHERE code = ?1";
static const char SQL_RECOGNITION_ADD[] =
    "INSERT INTO ntm_recognition(unit_id, status, act, year, decision_no, decided_on, issuer, set_id, document_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0), nullif(?9, 0))";

int ntm_recognition_add(struct store_conn *db, const struct ntm_recognition_input *in, int64_t *id, char *err,
                        size_t errlen)
{
    static const char *const acts[] = {"cong_nhan", "cong_nhan_lai", "thua_nhan", "thu_hoi", NULL};
    const char *act = in->act ? in->act : "cong_nhan";
    if (!one_of(in->status, STATUSES))
        return ntm_refuse(err, errlen, "Danh hiệu phải là nông thôn mới, nâng cao, kiểu mẫu hoặc hiện đại.");
    if (!one_of(act, acts))
        return ntm_refuse(err, errlen, "Loại quyết định không hợp lệ.");
    if (in->year < 2000 || in->year > 2100 || !iso_date(in->decided_on))
        return ntm_refuse(err, errlen, "Năm đạt chuẩn hoặc ngày quyết định không hợp lệ.");
    struct doc_number num;
    if (in->decision_no.n > DOC_NUMBER_MAX_INPUT || doc_number_parse(in->decision_no, &num) != 0)
        return ntm_refuse(err, errlen, "Số quyết định không hợp lệ: %s",
                          num.reason && in->decision_no.n <= DOC_NUMBER_MAX_INPUT ? num.reason : "quá dài");
    if (num.family == DOC_INCOMPLETE)
        return ntm_refuse(err, errlen, "Số quyết định cần đủ số và ký hiệu (ví dụ 3368/QĐ-UBND).");
    if (!in->issuer.n || !ntm_text_ok(in->issuer, 300))
        return ntm_refuse(err, errlen, "Cần ghi cơ quan hoặc người ký quyết định.");
    BEGIN(db, err, errlen);
    int failed = 0, rc = 0;
    int64_t set_id = 0;
    if (!unit_exists(db, in->unit_id, &failed))
        rc = failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị") : ntm_refuse(err, errlen, "Không có đơn vị này.");
    sqlite3_stmt *st;
    if (rc == 0 && in->set_code) {
        if (!(st = store_stmt(db, SQL_SET_ID_BY_CODE)))
            rc = ntm_refuse_sql(db, err, errlen, "tìm bộ tiêu chí");
        else {
            sqlite3_bind_text(st, 1, in->set_code, -1, SQLITE_TRANSIENT);
            int s = store_step(db, st);
            set_id = s == 1 ? sqlite3_column_int64(st, 0) : 0;
            sqlite3_reset(st);
            if (s != 1)
                rc = s < 0 ? ntm_refuse_sql(db, err, errlen, "tìm bộ tiêu chí")
                           : ntm_refuse(err, errlen, "Không có bộ tiêu chí này.");
        }
    }
    if (rc == 0) {
        if (!(st = store_stmt(db, SQL_RECOGNITION_ADD)))
            rc = -1;
        else {
            sqlite3_bind_int64(st, 1, in->unit_id);
            sqlite3_bind_text(st, 2, in->status, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, act, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 4, in->year);
            sqlite3_bind_text(st, 5, num.canonical, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 6, in->decided_on, -1, SQLITE_TRANSIENT);
            store_bind_str(st, 7, in->issuer);
            sqlite3_bind_int64(st, 8, set_id);
            sqlite3_bind_int64(st, 9, in->document_id);
            rc = store_step_done(db, st);
        }
        if (rc == 0) {
            *id = sqlite3_last_insert_rowid(db->db);
            store_touch(db, "ntm");
            rc = touch_unit(db, in->unit_id);
        }
        if (rc != 0)
            ntm_refuse_sql(db, err, errlen, "ghi quyết định công nhận");
    }
    return finish(db, rc, err, errlen);
}

static const char SQL_PLAN_OLD[] = "SELECT state FROM ntm_plan WHERE unit_id = ?1 AND status = ?2";
static const char SQL_PLAN_SET[] =
    "INSERT INTO ntm_plan(unit_id, status, target_year, state) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(unit_id, status) DO UPDATE SET target_year = excluded.target_year, state = excluded.state";
static const char SQL_PLAN_CRIT_OLD[] = "SELECT state FROM ntm_plan_criterion WHERE unit_id = ?1 AND criterion_id = ?2";
static const char SQL_PLAN_CRIT_SET[] =
    "INSERT INTO ntm_plan_criterion(unit_id, criterion_id, target_year, state) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(unit_id, criterion_id) DO UPDATE SET target_year = excluded.target_year, state = excluded.state";
static const char SQL_CRIT_EXISTS[] = "SELECT 1 FROM ntm_criterion WHERE id = ?1";

/* Binds a plan's key: ?1 the unit, ?2 the criterion when crit, else the
 * status (a title's plan). */
static void bind_plan(sqlite3_stmt *st, int64_t unit_id, const char *status, int64_t crit)
{
    sqlite3_bind_int64(st, 1, unit_id);
    if (crit)
        sqlite3_bind_int64(st, 2, crit);
    else
        sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
}

/* What a public plan shows on: the summaries, the criterion's pages, the
 * unit's. 0, or -1. */
static int touch_plan(struct store_conn *db, int64_t unit_id, int64_t crit)
{
    store_touch(db, "ntm");
    if (crit)
        store_touch(db, "ntm:crit:%lld", (long long)crit);
    return touch_unit(db, unit_id);
}

/* Writes a plan row (old_sql reads the state before): touches the unit,
 * the summaries, and `crit` when the row was or becomes public. */
static int plan_write(struct store_conn *db, const char *old_sql, const char *set_sql, int64_t unit_id,
                      const char *status, int64_t crit, int year, bool approved, char *err, size_t errlen)
{
    if (year < 2000 || year > 2100)
        return ntm_refuse(err, errlen, "Năm kế hoạch phải từ 2000 đến 2100.");
    BEGIN(db, err, errlen);
    int failed = 0, rc = 0;
    if (!unit_exists(db, unit_id, &failed))
        return finish(db,
                      failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị")
                             : ntm_refuse(err, errlen, "Không có đơn vị này."),
                      err, errlen);
    sqlite3_stmt *st;
    if (crit) {
        if (!(st = store_stmt(db, SQL_CRIT_EXISTS)))
            return finish(db, ntm_refuse_sql(db, err, errlen, "tìm tiêu chí"), err, errlen);
        sqlite3_bind_int64(st, 1, crit);
        int s = store_step_once(db, st, NULL, NULL);
        if (s != 1)
            return finish(db,
                          s < 0 ? ntm_refuse_sql(db, err, errlen, "tìm tiêu chí")
                                : ntm_refuse(err, errlen, "Không có tiêu chí này."),
                          err, errlen);
    }
    bool was_public = false;
    if (!(st = store_stmt(db, old_sql)))
        return finish(db, ntm_refuse_sql(db, err, errlen, "đọc kế hoạch"), err, errlen);
    bind_plan(st, unit_id, status, crit);
    int s = store_step(db, st);
    if (s == 1)
        was_public = str_eq_lit(store_col_str(st, 0), "approved");
    sqlite3_reset(st);
    if (s < 0)
        return finish(db, ntm_refuse_sql(db, err, errlen, "đọc kế hoạch"), err, errlen);
    if (!(st = store_stmt(db, set_sql)))
        rc = -1;
    else {
        bind_plan(st, unit_id, status, crit);
        sqlite3_bind_int(st, 3, year);
        sqlite3_bind_text(st, 4, approved ? "approved" : "draft", -1, SQLITE_STATIC);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (was_public || approved))
        rc = touch_plan(db, unit_id, crit);
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi kế hoạch");
    return finish(db, rc, err, errlen);
}

/* The order of the titles: a commune reaches NTM, then the advanced
 * level, then the model one; the modern one comes after NTM. */
static int title_step(const char *status)
{
    return !strcmp(status, "ntm") ? 0 : !strcmp(status, "kieu_mau") ? 2 : 1;
}

static const char *title_words(const char *status)
{
    return !strcmp(status, "ntm")        ? "nông thôn mới"
           : !strcmp(status, "nang_cao") ? "nông thôn mới nâng cao"
           : !strcmp(status, "kieu_mau") ? "nông thôn mới kiểu mẫu"
                                         : "nông thôn mới hiện đại";
}

static const char SQL_PLAN_OTHERS[] = "SELECT status, target_year FROM ntm_plan WHERE unit_id = ?1 AND status <> ?2";

int ntm_plan_set(struct store_conn *db, int64_t unit_id, const char *status, int target_year, bool approved, char *err,
                 size_t errlen)
{
    if (!one_of(status, STATUSES))
        return ntm_refuse(err, errlen, "Danh hiệu phải là nông thôn mới, nâng cao, kiểu mẫu hoặc hiện đại.");
    if (target_year < NTM_PLAN_FIRST_YEAR || target_year > NTM_PLAN_LAST_YEAR)
        return ntm_refuse(err, errlen, "Năm phấn đấu phải từ %d đến %d.", NTM_PLAN_FIRST_YEAR, NTM_PLAN_LAST_YEAR);
    /* a higher title is not planned before a lower one of the same commune */
    sqlite3_stmt *st = store_stmt(db, SQL_PLAN_OTHERS);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "đọc kế hoạch");
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
    bool modern = !strcmp(status, "hien_dai");
    int rc, bad_year = 0;
    char bad[24] = "";
    while ((rc = store_step(db, st)) == 1) {
        const char *other = (const char *)sqlite3_column_text(st, 0);
        int year = sqlite3_column_int(st, 1);
        if (!other)
            continue;
        bool other_modern = !strcmp(other, "hien_dai");
        if ((modern && strcmp(other, "ntm")) || (other_modern && strcmp(status, "ntm")))
            continue; /* the modern title is ordered after NTM only */
        int mine = title_step(status), theirs = title_step(other);
        if ((theirs < mine && year > target_year) || (theirs > mine && year < target_year)) {
            snprintf(bad, sizeof bad, "%s", other);
            bad_year = year;
            break;
        }
    }
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc kế hoạch");
    if (bad[0])
        return ntm_refuse(err, errlen,
                          "Kế hoạch đạt chuẩn %s năm %d không khớp với kế hoạch đạt chuẩn %s năm %d của xã: danh "
                          "hiệu cao hơn không thể đạt trước danh hiệu thấp hơn.",
                          title_words(status), target_year, title_words(bad), bad_year);
    return plan_write(db, SQL_PLAN_OLD, SQL_PLAN_SET, unit_id, status, 0, target_year, approved, err, errlen);
}

int ntm_plan_criterion_set(struct store_conn *db, int64_t unit_id, int64_t criterion_id, int target_year, bool approved,
                           char *err, size_t errlen)
{
    if (criterion_id <= 0)
        return ntm_refuse(err, errlen, "Không có tiêu chí này.");
    if (target_year < NTM_PLAN_FIRST_YEAR || target_year > NTM_PLAN_LAST_YEAR)
        return ntm_refuse(err, errlen, "Năm phấn đấu phải từ %d đến %d.", NTM_PLAN_FIRST_YEAR, NTM_PLAN_LAST_YEAR);
    return plan_write(db, SQL_PLAN_CRIT_OLD, SQL_PLAN_CRIT_SET, unit_id, NULL, criterion_id, target_year, approved, err,
                      errlen);
}

static const char SQL_PLAN_REMOVE[] = "DELETE FROM ntm_plan WHERE unit_id = ?1 AND status = ?2 RETURNING state";
static const char SQL_PLAN_CRIT_REMOVE[] =
    "DELETE FROM ntm_plan_criterion WHERE unit_id = ?1 AND criterion_id = ?2 RETURNING state";

int ntm_plan_remove(struct store_conn *db, int64_t unit_id, const char *status, int64_t criterion_id, char *err,
                    size_t errlen)
{
    if (!criterion_id && !one_of(status, STATUSES))
        return ntm_refuse(err, errlen, "Danh hiệu phải là nông thôn mới, nâng cao, kiểu mẫu hoặc hiện đại.");
    BEGIN(db, err, errlen);
    sqlite3_stmt *st = store_stmt(db, criterion_id ? SQL_PLAN_CRIT_REMOVE : SQL_PLAN_REMOVE);
    if (!st)
        return finish(db, ntm_refuse_sql(db, err, errlen, "gỡ kế hoạch"), err, errlen);
    bind_plan(st, unit_id, status, criterion_id);
    int s = store_step(db, st);
    bool was_public = s == 1 && str_eq_lit(store_col_str(st, 0), "approved");
    if (s == 1)
        s = store_step(db, st) < 0 ? -1 : 1; /* RETURNING: the delete is done at the statement's end */
    sqlite3_reset(st);
    if (s < 0)
        return finish(db, ntm_refuse_sql(db, err, errlen, "gỡ kế hoạch"), err, errlen);
    if (s == 0)
        return finish(db, ntm_refuse(err, errlen, "Không có kế hoạch này (có thể đã được gỡ)."), err, errlen);
    int rc = was_public ? touch_plan(db, unit_id, criterion_id) : 0; /* the public pages showed it */
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "gỡ kế hoạch");
    return finish(db, rc, err, errlen);
}

static const char SQL_RESPONSIBLE_ADD[] =
    "INSERT INTO ntm_responsible(criterion_id, kind, name, role) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(criterion_id, kind, name) DO UPDATE SET role = excluded.role";

int ntm_responsible_add(struct store_conn *db, int64_t criterion_id, const char *kind, struct str name,
                        const char *role, char *err, size_t errlen)
{
    static const char *const kinds[] = {"department", "member", NULL};
    static const char *const roles[] = {"lead", "support", NULL};
    if (!one_of(kind, kinds) || !one_of(role, roles))
        return ntm_refuse(err, errlen, "Loại (sở, ngành hoặc thành viên ban chỉ đạo) hoặc vai trò không hợp lệ.");
    if (!name.n || !ntm_text_ok(name, 300))
        return ntm_refuse(err, errlen, "Cần tên đơn vị hoặc người phụ trách (tối đa 300 ký tự).");
    BEGIN(db, err, errlen);
    /* a department as the other criteria and its officers spell it */
    char room[NTM_DEPARTMENT_ROOM];
    if (!strcmp(kind, "department") && ntm_department_canonical(db, &name, 0, room) != 0)
        return finish(db, ntm_refuse_sql(db, err, errlen, "đọc danh sách sở, ngành"), err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_CRIT_EXISTS);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, criterion_id);
        int s = store_step_once(db, st, NULL, NULL);
        if (s == 0)
            return finish(db, ntm_refuse(err, errlen, "Không có tiêu chí này."), err, errlen);
        rc = s < 0 ? -1 : 0;
    }
    if (rc == 0 && (st = store_stmt(db, SQL_RESPONSIBLE_ADD))) {
        sqlite3_bind_int64(st, 1, criterion_id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        store_bind_str(st, 3, name);
        sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
        rc = store_step_done(db, st);
    } else
        rc = -1;
    if (rc == 0)
        store_touch(db, "ntm:crit:%lld", (long long)criterion_id);
    else
        ntm_refuse_sql(db, err, errlen, "ghi trách nhiệm");
    return finish(db, rc, err, errlen);
}

/* --- sponsors, models, funds ---------------------------------------------------- */

static const char SQL_SPONSOR_UPSERT[] =
    "INSERT INTO ntm_sponsor(name, kind) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET kind = excluded.kind "
    "WHERE excluded.kind <> ''";
static const char SQL_SPONSOR_ID[] = "SELECT id FROM ntm_sponsor WHERE name = ?1";
static const char SQL_SPONSOR_NAMES[] = "SELECT name FROM ntm_sponsor";

/* `name` with its spaces tidied (none at the ends, one between words), in
 * capitals: two spellings of one unit ("sở y tế ", "Sở Y tế") meet. */
static void sponsor_key(struct buf *out, struct str name)
{
    struct buf tidy = BUF_INIT;
    for (size_t i = 0; i < name.n; i++) {
        if (name.p[i] == ' ' && (!tidy.n || tidy.p[tidy.n - 1] == ' '))
            continue;
        buf_putc(&tidy, name.p[i]);
    }
    while (tidy.n && tidy.p[tidy.n - 1] == ' ')
        tidy.n--;
    if (vi_upper(out, buf_str(&tidy)) != 0)
        buf_put(out, buf_str(&tidy));
    buf_free(&tidy);
}

/* The name a sponsor is already kept under, when `name` is one of its
 * spellings: 1 with *kept (in `a`), 0, -1. */
static int sponsor_known(struct store_conn *db, struct arena *a, struct str name, struct str *kept)
{
    sqlite3_stmt *st = store_stmt(db, SQL_SPONSOR_NAMES);
    if (!st)
        return -1;
    struct buf want = BUF_INIT, key = BUF_INIT;
    sponsor_key(&want, name);
    int rc, found = 0;
    while (!found && (rc = store_step(db, st)) == 1) {
        struct str other = store_col_str(st, 0);
        buf_reset(&key);
        sponsor_key(&key, other);
        if (str_eq(buf_str(&key), buf_str(&want))) {
            *kept = arena_strdup(a, other.p, other.n);
            found = 1;
        }
    }
    sqlite3_reset(st);
    buf_free(&want);
    buf_free(&key);
    return found ? 1 : rc < 0 ? -1 : 0;
}
static const char SQL_SPONSORSHIP_ADD[] =
    "INSERT INTO ntm_sponsorship(sponsor_id, unit_id, year_from, year_to, decision) "
    "VALUES (?1, ?2, ?3, nullif(?4, 0), ?5) ON CONFLICT(sponsor_id, unit_id, year_from) DO UPDATE SET "
    "year_to = excluded.year_to, decision = excluded.decision";
static const char SQL_SPONSORSHIP_ID[] =
    "SELECT id FROM ntm_sponsorship WHERE sponsor_id = ?1 AND unit_id = ?2 AND year_from = ?3";

int ntm_sponsor_assign(struct store_conn *db, struct str name, struct str kind, int64_t unit_id, int year_from,
                       int year_to, struct str decision, int64_t *id, char *err, size_t errlen)
{
    if (!name.n || !ntm_text_ok(name, 300) || !ntm_text_ok(kind, 100) || !ntm_text_ok(decision, 300))
        return ntm_refuse(err, errlen, "Tên, loại đơn vị đỡ đầu hoặc quyết định phân công không hợp lệ.");
    if (year_from < 2000 || year_from > 2100 || (year_to && (year_to < year_from || year_to > 2100)))
        return ntm_refuse(err, errlen, "Thời gian đỡ đầu không hợp lệ.");
    BEGIN(db, err, errlen);
    int failed = 0, rc = 0;
    if (!unit_exists(db, unit_id, &failed))
        return finish(db,
                      failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị")
                             : ntm_refuse(err, errlen, "Không có đơn vị này."),
                      err, errlen);
    int64_t sponsor = 0;
    struct arena a;
    arena_init(&a, 256);
    struct str kept;
    int known = sponsor_known(db, &a, name, &kept);
    if (known < 0) {
        arena_free(&a);
        return finish(db, ntm_refuse_sql(db, err, errlen, "tìm đơn vị đỡ đầu"), err, errlen);
    }
    if (known)
        name = kept; /* the unit as it is already written */
    sqlite3_stmt *st = store_stmt(db, SQL_SPONSOR_UPSERT);
    if (!st)
        rc = -1;
    else {
        store_bind_str(st, 1, name);
        store_bind_str(st, 2, kind);
        rc = store_step_done(db, st);
    }
    if (rc == 0 && (st = store_stmt(db, SQL_SPONSOR_ID))) {
        store_bind_str(st, 1, name);
        rc = store_step(db, st) == 1 ? 0 : -1;
        sponsor = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    } else
        rc = -1;
    if (rc == 0 && (st = store_stmt(db, SQL_SPONSORSHIP_ADD))) {
        sqlite3_bind_int64(st, 1, sponsor);
        sqlite3_bind_int64(st, 2, unit_id);
        sqlite3_bind_int(st, 3, year_from);
        sqlite3_bind_int(st, 4, year_to);
        store_bind_str(st, 5, decision);
        rc = store_step_done(db, st);
    } else
        rc = -1;
    if (rc == 0 && (st = store_stmt(db, SQL_SPONSORSHIP_ID))) {
        sqlite3_bind_int64(st, 1, sponsor);
        sqlite3_bind_int64(st, 2, unit_id);
        sqlite3_bind_int(st, 3, year_from);
        rc = store_step(db, st) == 1 ? 0 : -1;
        *id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    } else
        rc = -1;
    if (rc == 0) {
        store_touch(db, "ntm");
        rc = touch_unit(db, unit_id);
    }
    arena_free(&a);
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi đơn vị đỡ đầu");
    return finish(db, rc, err, errlen);
}

static const char *const TASK_STATES[] = {"planned", "doing", "done", "dropped", NULL};
static const char SQL_SPONSORSHIP_UNIT[] = "SELECT unit_id FROM ntm_sponsorship WHERE id = ?1";
static const char SQL_TASK_UNIT[] =
    "SELECT s.unit_id FROM ntm_sponsor_task t JOIN ntm_sponsorship s ON s.id = t.sponsorship_id WHERE t.id = ?1";
static const char SQL_TASK_ADD[] =
    "INSERT INTO ntm_sponsor_task(sponsorship_id, title, criterion_id, amount, due_year, state) "
    "VALUES (?1, ?2, nullif(?3, 0), ?4, nullif(?5, 0), ?6)";
static const char SQL_TASK_STATE[] = "UPDATE ntm_sponsor_task SET state = ?2 WHERE id = ?1";

static int64_t unit_of(struct store_conn *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    int64_t u = rc == 1 ? sqlite3_column_int64(st, 0) : rc == 0 ? 0 : -1;
    sqlite3_reset(st);
    return u;
}

int ntm_sponsor_task_add(struct store_conn *db, int64_t sponsorship_id, struct str title, int64_t criterion_id,
                         double amount, int due_year, const char *state, int64_t *id, char *err, size_t errlen)
{
    if (!title.n || !ntm_text_ok(title, 500))
        return ntm_refuse(err, errlen, "Cần nội dung công việc (tối đa 500 ký tự).");
    if (!one_of(state, TASK_STATES))
        return ntm_refuse(err, errlen, "Trạng thái công việc không hợp lệ.");
    if (!isnan(amount) && (!isfinite(amount) || amount < 0 || amount > 1e9))
        return ntm_refuse(err, errlen, "Số tiền cam kết không hợp lệ.");
    if (due_year && (due_year < 2000 || due_year > 2100))
        return ntm_refuse(err, errlen, "Năm hoàn thành không hợp lệ.");
    BEGIN(db, err, errlen);
    int64_t unit = unit_of(db, SQL_SPONSORSHIP_UNIT, sponsorship_id);
    if (unit <= 0)
        return finish(db,
                      unit < 0 ? ntm_refuse_sql(db, err, errlen, "tìm phân công đỡ đầu")
                               : ntm_refuse(err, errlen, "Không có phân công đỡ đầu này."),
                      err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_TASK_ADD);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, sponsorship_id);
        store_bind_str(st, 2, title);
        sqlite3_bind_int64(st, 3, criterion_id);
        if (isnan(amount))
            sqlite3_bind_null(st, 4);
        else
            sqlite3_bind_double(st, 4, amount);
        sqlite3_bind_int(st, 5, due_year);
        sqlite3_bind_text(st, 6, state, -1, SQLITE_STATIC);
        rc = store_step_done(db, st);
    }
    if (rc == 0) {
        *id = sqlite3_last_insert_rowid(db->db);
        store_touch(db, "ntm");
        rc = touch_unit(db, unit);
    }
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi công việc đỡ đầu");
    return finish(db, rc, err, errlen);
}

int ntm_sponsor_task_set_state(struct store_conn *db, int64_t task_id, const char *state, char *err, size_t errlen)
{
    if (!one_of(state, TASK_STATES))
        return ntm_refuse(err, errlen, "Trạng thái công việc không hợp lệ.");
    BEGIN(db, err, errlen);
    int64_t unit = unit_of(db, SQL_TASK_UNIT, task_id);
    if (unit <= 0)
        return finish(db,
                      unit < 0 ? ntm_refuse_sql(db, err, errlen, "tìm công việc")
                               : ntm_refuse(err, errlen, "Không có công việc này."),
                      err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_TASK_STATE);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, task_id);
        sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
        rc = store_step_done(db, st);
    }
    if (rc == 0) {
        store_touch(db, "ntm");
        rc = touch_unit(db, unit);
    }
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi công việc đỡ đầu");
    return finish(db, rc, err, errlen);
}

static const char SQL_MODEL_UNIT[] = "SELECT unit_id FROM ntm_model WHERE id = ?1";
static const char SQL_MODEL_ADD[] =
    "INSERT INTO ntm_model(unit_id, kind, name, state, year) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0))";
static const char SQL_MODEL_UPDATE[] =
    "UPDATE ntm_model SET unit_id = ?1, kind = ?2, name = ?3, state = ?4, year = nullif(?5, 0) WHERE id = ?6";

int ntm_model_save(struct store_conn *db, int64_t id, int64_t unit_id, const char *kind, struct str name,
                   const char *state, int year, int64_t *out_id, char *err, size_t errlen)
{
    static const char *const kinds[] = {"khu_dan_cu", "vuon", NULL};
    static const char *const states[] = {"registered", "building", "recognised", "revoked", NULL};
    if (!one_of(kind, kinds) || !one_of(state, states))
        return ntm_refuse(err, errlen, "Loại mô hình (khu dân cư kiểu mẫu, vườn mẫu) hoặc trạng thái không hợp lệ.");
    if (!name.n || !ntm_text_ok(name, 300))
        return ntm_refuse(err, errlen, "Cần tên mô hình (tối đa 300 ký tự).");
    if (year && (year < 2000 || year > 2100))
        return ntm_refuse(err, errlen, "Năm công nhận không hợp lệ.");
    BEGIN(db, err, errlen);
    int failed = 0, rc = 0;
    if (!unit_exists(db, unit_id, &failed))
        return finish(db,
                      failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị")
                             : ntm_refuse(err, errlen, "Không có đơn vị này."),
                      err, errlen);
    int64_t old_unit = 0;
    if (id) {
        old_unit = unit_of(db, SQL_MODEL_UNIT, id);
        if (old_unit <= 0)
            return finish(db,
                          old_unit < 0 ? ntm_refuse_sql(db, err, errlen, "tìm mô hình")
                                       : ntm_refuse(err, errlen, "Không có mô hình này."),
                          err, errlen);
    }
    sqlite3_stmt *st = store_stmt(db, id ? SQL_MODEL_UPDATE : SQL_MODEL_ADD);
    if (!st)
        rc = -1;
    else {
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
        store_bind_str(st, 3, name);
        sqlite3_bind_text(st, 4, state, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 5, year);
        if (id)
            sqlite3_bind_int64(st, 6, id);
        rc = store_step_done(db, st);
    }
    if (rc == 0) {
        *out_id = id ? id : sqlite3_last_insert_rowid(db->db);
        store_touch(db, "ntm");
        rc = ntm_model_history_note(db, *out_id, ntm_year_now(), state, year); /* the state this year */
        if (rc == 0)
            rc = touch_unit(db, unit_id);
        if (rc == 0 && old_unit && old_unit != unit_id)
            rc = touch_unit(db, old_unit);
    }
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi mô hình");
    return finish(db, rc, err, errlen);
}

static const char SQL_FUND_SET[] = "INSERT INTO ntm_fund(unit_id, year, source, amount) VALUES (?1, ?2, ?3, ?4) "
                                   "ON CONFLICT(unit_id, year, source) DO UPDATE SET amount = excluded.amount";

int ntm_fund_set(struct store_conn *db, int64_t unit_id, int year, const char *source, double amount, char *err,
                 size_t errlen)
{
    static const char *const sources[] = {"ngan_sach_tw", "ngan_sach_dp", "tin_dung", "doanh_nghiep",
                                          "cong_dong",    "khac",         NULL};
    if (!one_of(source, sources))
        return ntm_refuse(err, errlen, "Nguồn vốn không hợp lệ.");
    /* a year no set covers would be stored but never shown: the dashboard
     * and its CSV answer only the years of a set */
    if (!ntm_set_for_year(year) || !isfinite(amount) || amount < 0 || amount > 1e9)
        return ntm_refuse(err, errlen, "Năm hoặc số tiền (triệu đồng) không hợp lệ.");
    if (amount > 0 && amount < 0.005) /* shown to the hundredth: it would read 0 everywhere */
        return ntm_refuse(err, errlen, "Số tiền nhỏ nhất ghi được là 0,01 triệu đồng (10.000 đồng).");
    BEGIN(db, err, errlen);
    int failed = 0, rc = -1;
    if (!unit_exists(db, unit_id, &failed))
        return finish(db,
                      failed ? ntm_refuse_sql(db, err, errlen, "tìm đơn vị")
                             : ntm_refuse(err, errlen, "Không có đơn vị này."),
                      err, errlen);
    sqlite3_stmt *st = store_stmt(db, SQL_FUND_SET);
    if (st) {
        sqlite3_bind_int64(st, 1, unit_id);
        sqlite3_bind_int(st, 2, year);
        sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
        sqlite3_bind_double(st, 4, amount);
        rc = store_step_done(db, st);
    }
    if (rc == 0) {
        store_touch(db, "ntm");
        rc = touch_unit(db, unit_id);
    }
    if (rc != 0)
        ntm_refuse_sql(db, err, errlen, "ghi nguồn vốn");
    return finish(db, rc, err, errlen);
}
