/*
 * entry_store.c - what the office side's pages (entry.c) read and write
 * beyond the assessments themselves (periods and decimals as people type
 * them are period.c's): an assessment with its values for the entry screen, the period
 * before, the moves between states with who made them and the office's
 * comments, the history of values, and the office's queue. The tables are
 * the ntm module's (016_ntm.sql, 023_ntm_entry.sql); see ntm.h.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"

/* --- units ---------------------------------------------------------------------------------------- */

static const char SQL_UNIT_BY_ID[] =
    "SELECT id, code, kind, name, full_name, slug, coalesce(former_district, ''), coalesce(parent_id, 0), "
    "valid_to IS NULL FROM ntm_unit WHERE id = ?1";

int ntm_unit_by_id(struct store_conn *db, int64_t id, struct arena *a, struct ntm_unit *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_BY_ID);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    if (rc == 1)
        *out = (struct ntm_unit){.id = sqlite3_column_int64(st, 0),
                                 .code = store_col_copy(a, st, 1),
                                 .kind = store_col_copy(a, st, 2),
                                 .name = store_col_copy(a, st, 3),
                                 .full_name = store_col_copy(a, st, 4),
                                 .slug = store_col_copy(a, st, 5),
                                 .former_district = store_col_copy(a, st, 6),
                                 .parent_id = sqlite3_column_int64(st, 7),
                                 .current = sqlite3_column_int(st, 8) != 0};
    sqlite3_reset(st);
    return rc;
}

static const char SQL_CLASS_AT[] =
    "SELECT value FROM ntm_unit_class WHERE unit_id = ?1 AND scheme = ?2 AND valid_from <= ?3 "
    "AND (valid_to IS NULL OR valid_to >= ?3) ORDER BY valid_from DESC LIMIT 1";

int ntm_unit_target_key(struct store_conn *db, int64_t unit_id, const struct ntm_set *set, int year, int quarter,
                        char *key, size_t cap)
{
    key[0] = '\0';
    if (!set->target_scheme.n)
        return 0;
    static const char *const quarter_end[] = {"12-31", "03-31", "06-30", "09-30", "12-31"};
    char end[16];
    snprintf(end, sizeof end, "%04d-%s", year, quarter_end[quarter >= 0 && quarter <= 4 ? quarter : 0]);
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

/* --- one assessment ------------------------------------------------------------------------------- */

#define ASSESSMENT_COLUMNS                                                                                             \
    "SELECT a.id, a.unit_id, a.set_id, a.year, a.quarter, a.state, a.criteria_met, a.criteria_total, "                 \
    "a.unit_state, a.updated_at, coalesce(a.accepted_at, 0), s.code, a.note FROM ntm_assessment a "                    \
    "JOIN ntm_set s ON s.id = a.set_id "
static const char SQL_ENTRY_FIND[] =
    ASSESSMENT_COLUMNS "WHERE a.unit_id = ?1 AND (?2 = 0 OR a.set_id = ?2) AND a.year = ?3 AND a.quarter = ?4 "
                       "ORDER BY s.province_code IS NOT NULL, a.id LIMIT 1";
static const char SQL_ENTRY_ID[] = ASSESSMENT_COLUMNS "WHERE a.id = ?1";
static const char SQL_ENTRY_VALUES[] =
    "SELECT indicator_id, value, value_text, note, source, state FROM ntm_value WHERE assessment_id = ?1 LIMIT 10000";
static const char SQL_ENTRY_RECORDED[] =
    "SELECT criterion_id, met, note, source FROM ntm_recorded WHERE assessment_id = ?1 LIMIT 1000";
static const char SQL_ENTRY_RESULTS[] =
    "SELECT criterion_id, state, recorded FROM ntm_result WHERE assessment_id = ?1 LIMIT 1000";
static const char SQL_ENTRY_EVIDENCE[] =
    "SELECT coalesce(indicator_id, 0), media_id FROM ntm_evidence WHERE assessment_id = ?1 ORDER BY id LIMIT 1000";
static const char SQL_ENTRY_COUNTS[] = "SELECT (SELECT count(*) FROM ntm_value WHERE assessment_id = ?1), "
                                       "(SELECT count(*) FROM ntm_recorded WHERE assessment_id = ?1), "
                                       "(SELECT count(*) FROM ntm_result WHERE assessment_id = ?1), "
                                       "(SELECT count(*) FROM ntm_evidence WHERE assessment_id = ?1)";

static enum ntm_assessment_state state_of(struct str s)
{
    return str_eq_lit(s, "submitted")  ? NTM_SUBMITTED
           : str_eq_lit(s, "accepted") ? NTM_ACCEPTED
           : str_eq_lit(s, "returned") ? NTM_RETURNED
                                       : NTM_DRAFT;
}

/* Reads the rows of the assessment `st` stepped onto, then its values. */
static int entry_fill(struct store_conn *db, sqlite3_stmt *st, struct arena *a, struct ntm_entry *out)
{
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->unit_id = sqlite3_column_int64(st, 1);
    out->set_id = sqlite3_column_int64(st, 2);
    out->year = sqlite3_column_int(st, 3);
    out->quarter = sqlite3_column_int(st, 4);
    out->state = state_of(store_col_str(st, 5));
    out->criteria_met = sqlite3_column_int(st, 6);
    out->criteria_total = sqlite3_column_int(st, 7);
    out->unit_state = sqlite3_column_int(st, 8);
    out->updated_at = sqlite3_column_int64(st, 9);
    out->accepted_at = sqlite3_column_int64(st, 10);
    out->set_code = store_col_copy(a, st, 11);
    out->note = store_col_copy(a, st, 12);
    sqlite3_reset(st);

    int counts[4] = {0};
    if (!(st = store_stmt(db, SQL_ENTRY_COUNTS)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    int rc = store_step(db, st);
    for (int k = 0; k < 4 && rc == 1; k++)
        counts[k] = sqlite3_column_int(st, k);
    sqlite3_reset(st);
    if (rc != 1)
        return -1;
    out->values = ARENA_ARRAY(a, struct ntm_entry_value, counts[0] + 1);
    out->recorded = ARENA_ARRAY(a, struct ntm_entry_recorded, counts[1] + 1);
    out->results = ARENA_ARRAY(a, struct ntm_entry_result, counts[2] + 1);
    out->evidence = ARENA_ARRAY(a, struct ntm_evidence_input, counts[3] + 1);

    if (!(st = store_stmt(db, SQL_ENTRY_VALUES)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_values < (size_t)counts[0])
        out->values[out->n_values++] = (struct ntm_entry_value){
            .indicator_id = sqlite3_column_int64(st, 0),
            .has_value = sqlite3_column_type(st, 1) != SQLITE_NULL,
            .value = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1),
            .text = store_col_copy(a, st, 2),
            .note = store_col_copy(a, st, 3),
            .source = store_col_copy(a, st, 4),
            .state = sqlite3_column_int(st, 5)};
    sqlite3_reset(st);
    if (rc < 0 || !(st = store_stmt(db, SQL_ENTRY_RECORDED)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_recorded < (size_t)counts[1])
        out->recorded[out->n_recorded++] = (struct ntm_entry_recorded){.criterion_id = sqlite3_column_int64(st, 0),
                                                                       .met = sqlite3_column_int(st, 1),
                                                                       .note = store_col_copy(a, st, 2),
                                                                       .source = store_col_copy(a, st, 3)};
    sqlite3_reset(st);
    if (rc < 0 || !(st = store_stmt(db, SQL_ENTRY_RESULTS)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_results < (size_t)counts[2])
        out->results[out->n_results++] = (struct ntm_entry_result){.criterion_id = sqlite3_column_int64(st, 0),
                                                                   .state = sqlite3_column_int(st, 1),
                                                                   .recorded = sqlite3_column_int(st, 2) != 0};
    sqlite3_reset(st);
    if (rc < 0 || !(st = store_stmt(db, SQL_ENTRY_EVIDENCE)))
        return -1;
    sqlite3_bind_int64(st, 1, out->id);
    while ((rc = store_step(db, st)) == 1 && out->n_evidence < (size_t)counts[3])
        out->evidence[out->n_evidence++] = (struct ntm_evidence_input){.indicator_id = sqlite3_column_int64(st, 0),
                                                                       .media_id = sqlite3_column_int64(st, 1)};
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

int ntm_entry_read(struct store_conn *db, int64_t unit_id, int64_t set_id, int year, int quarter, struct arena *a,
                   struct ntm_entry *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_ENTRY_FIND);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, set_id);
    sqlite3_bind_int(st, 3, year);
    sqlite3_bind_int(st, 4, quarter);
    int rc = store_step(db, st);
    if (rc != 1) {
        sqlite3_reset(st);
        return rc;
    }
    return entry_fill(db, st, a, out);
}

int ntm_entry_read_id(struct store_conn *db, int64_t id, struct arena *a, struct ntm_entry *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_ENTRY_ID);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    if (rc != 1) {
        sqlite3_reset(st);
        return rc;
    }
    return entry_fill(db, st, a, out);
}

static const char SQL_PREVIOUS_VALUES[] =
    "SELECT i.code, v.value, v.value_text, a.state FROM ntm_assessment a "
    "JOIN ntm_set s ON s.id = a.set_id "
    "LEFT JOIN ntm_value v ON v.assessment_id = a.id LEFT JOIN ntm_indicator i ON i.id = v.indicator_id "
    "WHERE a.id = (SELECT a2.id FROM ntm_assessment a2 JOIN ntm_set s2 ON s2.id = a2.set_id "
    "WHERE a2.unit_id = ?1 AND a2.year = ?2 AND a2.quarter = ?3 ORDER BY s2.province_code IS NOT NULL, a2.id LIMIT 1) "
    "LIMIT 10000";

int ntm_entry_previous_read(struct store_conn *db, int64_t unit_id, int year, int quarter, struct arena *a,
                            struct ntm_entry_previous **out, size_t *n, int *state)
{
    *out = NULL;
    *n = 0;
    *state = -1;
    ntm_period_previous(&year, &quarter);
    sqlite3_stmt *st = store_stmt(db, SQL_PREVIOUS_VALUES);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_int(st, 3, quarter);
    size_t cap = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        *state = (int)state_of(store_col_str(st, 3));
        if (sqlite3_column_type(st, 0) == SQLITE_NULL)
            continue;
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct ntm_entry_previous *p = ARENA_ARRAY(a, struct ntm_entry_previous, ncap);
            if (*n)
                memcpy(p, *out, *n * sizeof *p);
            *out = p;
            cap = ncap;
        }
        (*out)[(*n)++] = (struct ntm_entry_previous){
            .code = store_col_copy(a, st, 0),
            .value = sqlite3_column_type(st, 1) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 1),
            .text = store_col_copy(a, st, 2)};
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- states, comments ---------------------------------------------------------------------------- */

static const char SQL_EVENT_ADD[] =
    "INSERT INTO ntm_assessment_event(assessment_id, state, at, user_id, note) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_COMMENT_ADD[] = "INSERT INTO ntm_review_comment(event_id, indicator_id, criterion_id, comment) "
                                      "VALUES (?1, nullif(?2, 0), nullif(?3, 0), ?4)";
static const char SQL_LATEST_EVENT[] =
    "SELECT id, state, note FROM ntm_assessment_event WHERE assessment_id = ?1 AND state IN ('submitted', 'returned') "
    "ORDER BY id DESC LIMIT 1";
static const char SQL_COMMENTS_OF[] =
    "SELECT coalesce(indicator_id, 0), coalesce(criterion_id, 0), comment FROM ntm_review_comment "
    "WHERE event_id = ?1 LIMIT 2000";
static const char SQL_STATE_AT[] =
    "SELECT max(at) FROM ntm_assessment_event WHERE assessment_id = ?1 AND state = ?2";

static const char *const STATE_CODES[] = {"draft", "submitted", "accepted", "returned"};
static const char SQL_STATE_BY[] =
    "SELECT user_id FROM ntm_assessment_event WHERE assessment_id = ?1 ORDER BY id DESC LIMIT 1";

int ntm_entry_state_by(struct store_conn *db, int64_t id, int64_t *user_id)
{
    *user_id = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_STATE_BY);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, store_read_int64, user_id) < 0 ? -1 : 0;
}

int ntm_entry_set_state(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t user_id,
                        int64_t now, struct str note, const struct ntm_review_comment *comments, size_t n_comments,
                        char *err, size_t errlen)
{
    if ((unsigned)state > NTM_RETURNED)
        return ntm_refuse(err, errlen, "Trạng thái không hợp lệ.");
    if (!ntm_text_ok(note, NTM_TEXT_MAX))
        return ntm_refuse(err, errlen, "Ý kiến quá dài hoặc có ký tự không hợp lệ.");
    if (n_comments > 2000)
        return ntm_refuse(err, errlen, "Quá nhiều ý kiến trong một lần trả lại.");
    size_t real = 0;
    for (size_t i = 0; i < n_comments; i++) {
        if (!ntm_text_ok(comments[i].comment, NTM_TEXT_MAX))
            return ntm_refuse(err, errlen, "Một ý kiến quá dài hoặc có ký tự không hợp lệ.");
        real += comments[i].comment.n > 0;
    }
    if (state == NTM_RETURNED && !real && !note.n)
        return ntm_refuse(err, errlen, "Khi trả lại, hãy ghi ý kiến cho ít nhất một chỉ tiêu hoặc cho cả báo cáo.");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = ntm_assessment_set_state(db, id, state, now, err, errlen);
    sqlite3_stmt *st = NULL;
    if (rc == 0) {
        if (!(st = store_stmt(db, SQL_EVENT_ADD)))
            rc = ntm_refuse_sql(db, err, errlen, "ghi bước xử lý");
        else {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, STATE_CODES[state], -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, now);
            sqlite3_bind_int64(st, 4, user_id);
            store_bind_str(st, 5, note.p ? note : STR(""));
            if (store_step_done(db, st) != 0)
                rc = ntm_refuse_sql(db, err, errlen, "ghi bước xử lý");
        }
    }
    int64_t event = rc == 0 ? sqlite3_last_insert_rowid(db->db) : 0;
    for (size_t i = 0; i < n_comments && rc == 0 && state == NTM_RETURNED; i++) {
        if (!comments[i].comment.n)
            continue;
        if (!(st = store_stmt(db, SQL_COMMENT_ADD))) {
            rc = ntm_refuse_sql(db, err, errlen, "ghi ý kiến");
            break;
        }
        sqlite3_bind_int64(st, 1, event);
        sqlite3_bind_int64(st, 2, comments[i].indicator_id);
        sqlite3_bind_int64(st, 3, comments[i].criterion_id);
        store_bind_str(st, 4, comments[i].comment);
        if (store_step_done(db, st) != 0)
            rc = ntm_refuse_sql(db, err, errlen, "ghi ý kiến");
    }
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

int ntm_entry_comments(struct store_conn *db, int64_t id, struct arena *a, struct ntm_review_comment **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_LATEST_EVENT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    int64_t event = rc == 1 && str_eq_lit(store_col_str(st, 1), "returned") ? sqlite3_column_int64(st, 0) : 0;
    struct str note = event ? store_col_copy(a, st, 2) : STR("");
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!event)
        return 0;
    size_t cap = 16;
    *out = ARENA_ARRAY(a, struct ntm_review_comment, cap);
    if (note.n) /* the comment on the whole report is the event's note */
        (*out)[(*n)++] = (struct ntm_review_comment){.comment = note};
    if (!(st = store_stmt(db, SQL_COMMENTS_OF)))
        return -1;
    sqlite3_bind_int64(st, 1, event);
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap * 2;
            struct ntm_review_comment *p = ARENA_ARRAY(a, struct ntm_review_comment, ncap);
            if (*n)
                memcpy(p, *out, *n * sizeof *p);
            *out = p;
            cap = ncap;
        }
        (*out)[(*n)++] = (struct ntm_review_comment){.indicator_id = sqlite3_column_int64(st, 0),
                                                     .criterion_id = sqlite3_column_int64(st, 1),
                                                     .comment = store_col_copy(a, st, 2)};
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int ntm_entry_state_at(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t *at)
{
    *at = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_STATE_AT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, STATE_CODES[state], -1, SQLITE_STATIC);
    int rc = store_step(db, st);
    if (rc == 1)
        *at = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- history -------------------------------------------------------------------------------------- */

static const char SQL_HISTORY[] =
    "SELECT coalesce(indicator_id, 0), coalesce(criterion_id, 0), at, user_id, old_value, new_value, old_text, "
    "new_text, reason FROM ntm_value_history WHERE assessment_id = ?1 ORDER BY id DESC LIMIT 2000";

int ntm_history_read(struct store_conn *db, int64_t id, struct arena *a, struct ntm_history_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_HISTORY);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    size_t cap = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct ntm_history_row *p = ARENA_ARRAY(a, struct ntm_history_row, ncap);
            if (*n)
                memcpy(p, *out, *n * sizeof *p);
            *out = p;
            cap = ncap;
        }
        (*out)[(*n)++] = (struct ntm_history_row){
            .indicator_id = sqlite3_column_int64(st, 0),
            .criterion_id = sqlite3_column_int64(st, 1),
            .at = sqlite3_column_int64(st, 2),
            .user_id = sqlite3_column_int64(st, 3),
            .old_value = sqlite3_column_type(st, 4) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 4),
            .new_value = sqlite3_column_type(st, 5) == SQLITE_NULL ? NAN : sqlite3_column_double(st, 5),
            .old_text = store_col_copy(a, st, 6),
            .new_text = store_col_copy(a, st, 7),
            .reason = store_col_copy(a, st, 8)};
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- the queue ------------------------------------------------------------------------------------ */

/* A period's place in time: a whole year counts after its quarters. */
#define PERIOD_KEY(a) "((" a ".year) * 10 + CASE " a ".quarter WHEN 0 THEN 5 ELSE " a ".quarter END)"

static const char SQL_QUEUE[] =
    "SELECT a.id, a.unit_id, u.code, u.full_name, coalesce(p.full_name, ''), s.code, a.year, a.quarter, "
    "coalesce((SELECT max(e.at) FROM ntm_assessment_event e WHERE e.assessment_id = a.id AND e.state = 'submitted'), "
    "a.updated_at) AS sent, a.criteria_met, a.criteria_total, a.unit_state, "
    "(SELECT b.id FROM ntm_assessment b WHERE b.unit_id = a.unit_id AND b.state = 'accepted' AND " PERIOD_KEY(
        "b") " < " PERIOD_KEY("a") " ORDER BY " PERIOD_KEY("b") " DESC LIMIT 1) "
                                                                "FROM ntm_assessment a JOIN ntm_unit u ON u.id = "
                                                                "a.unit_id JOIN ntm_set s ON s.id = a.set_id "
                                                                "LEFT JOIN ntm_unit p ON p.id = u.parent_id WHERE "
                                                                "a.state = 'submitted' ORDER BY sent, a.id LIMIT 500";
static const char SQL_QUEUE_COUNT[] = "SELECT count(*) FROM ntm_assessment WHERE state = 'submitted'";
static const char SQL_QUEUE_PREVIOUS[] = "SELECT year, quarter, criteria_met FROM ntm_assessment WHERE id = ?1";
static const char SQL_QUEUE_CRITERIA[] = "SELECT coalesce(sum(n.state = 1 AND coalesce(o.state, -1) <> 1), 0), "
                                         "coalesce(sum(coalesce(o.state, -1) = 1 AND n.state <> 1), 0) "
                                         "FROM ntm_result n JOIN ntm_criterion cn ON cn.id = n.criterion_id "
                                         "LEFT JOIN (ntm_result o JOIN ntm_criterion co ON co.id = o.criterion_id) "
                                         "ON o.assessment_id = ?2 AND co.number = cn.number WHERE n.assessment_id = ?1";
static const char SQL_QUEUE_VALUES[] =
    "SELECT count(*) FROM ntm_value n JOIN ntm_indicator i ON i.id = n.indicator_id "
    "LEFT JOIN (ntm_value o JOIN ntm_indicator io ON io.id = o.indicator_id) "
    "ON o.assessment_id = ?2 AND io.code = i.code "
    "WHERE n.assessment_id = ?1 AND (o.value IS NOT n.value OR o.value_text IS NOT n.value_text)";

int ntm_queue_count(struct store_conn *db, int64_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_QUEUE_COUNT);
    if (!st)
        return -1;
    return store_step_once(db, st, store_read_int64, n) < 0 ? -1 : 0;
}

static const char SQL_RETURNED_TO[] =
    "SELECT u.code, a.year, a.quarter, count(*) OVER () FROM ntm_scope_unit su "
    "JOIN ntm_assessment a ON a.unit_id = su.unit_id JOIN ntm_unit u ON u.id = a.unit_id "
    "WHERE su.user_id = ?1 AND a.state = 'returned' ORDER BY a.updated_at DESC, a.id DESC LIMIT 1";

struct returned_read {
    struct arena *a;
    struct ntm_returned *out;
};

static void read_returned(sqlite3_stmt *st, void *ctx)
{
    struct returned_read *r = ctx;
    r->out->latest_unit_code = store_col_copy(r->a, st, 0);
    r->out->latest_year = sqlite3_column_int(st, 1);
    r->out->latest_quarter = sqlite3_column_int(st, 2);
    r->out->n = sqlite3_column_int64(st, 3);
}

int ntm_returned_to(struct store_conn *db, int64_t user_id, struct arena *a, struct ntm_returned *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_RETURNED_TO);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    return store_step_once(db, st, read_returned, &(struct returned_read){a, out}) < 0 ? -1 : 0;
}

int ntm_queue_read(struct store_conn *db, struct arena *a, struct ntm_queue_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_QUEUE);
    if (!st)
        return -1;
    size_t cap = 0;
    int rc;
    int64_t *previous = NULL;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct ntm_queue_row *p = ARENA_ARRAY(a, struct ntm_queue_row, ncap);
            int64_t *q = ARENA_ARRAY(a, int64_t, ncap);
            if (*n) {
                memcpy(p, *out, *n * sizeof *p);
                memcpy(q, previous, *n * sizeof *q);
            }
            *out = p;
            previous = q;
            cap = ncap;
        }
        previous[*n] = sqlite3_column_type(st, 12) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 12);
        (*out)[(*n)++] = (struct ntm_queue_row){.id = sqlite3_column_int64(st, 0),
                                                .unit_id = sqlite3_column_int64(st, 1),
                                                .unit_code = store_col_copy(a, st, 2),
                                                .unit_name = store_col_copy(a, st, 3),
                                                .province_name = store_col_copy(a, st, 4),
                                                .set_code = store_col_copy(a, st, 5),
                                                .year = sqlite3_column_int(st, 6),
                                                .quarter = sqlite3_column_int(st, 7),
                                                .submitted_at = sqlite3_column_int64(st, 8),
                                                .criteria_met = sqlite3_column_int(st, 9),
                                                .criteria_total = sqlite3_column_int(st, 10),
                                                .unit_state = sqlite3_column_int(st, 11)};
    }
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    for (size_t i = 0; i < *n; i++) {
        struct ntm_queue_row *q = &(*out)[i];
        if (!previous[i])
            continue;
        q->has_previous = true;
        if (!(st = store_stmt(db, SQL_QUEUE_PREVIOUS)))
            return -1;
        sqlite3_bind_int64(st, 1, previous[i]);
        if ((rc = store_step(db, st)) == 1) {
            q->prev_year = sqlite3_column_int(st, 0);
            q->prev_quarter = sqlite3_column_int(st, 1);
            q->prev_criteria_met = sqlite3_column_int(st, 2);
        }
        sqlite3_reset(st);
        if (rc < 0 || !(st = store_stmt(db, SQL_QUEUE_CRITERIA)))
            return -1;
        sqlite3_bind_int64(st, 1, q->id);
        sqlite3_bind_int64(st, 2, previous[i]);
        if ((rc = store_step(db, st)) == 1) {
            q->gained = sqlite3_column_int(st, 0);
            q->lost = sqlite3_column_int(st, 1);
        }
        sqlite3_reset(st);
        if (rc < 0 || !(st = store_stmt(db, SQL_QUEUE_VALUES)))
            return -1;
        sqlite3_bind_int64(st, 1, q->id);
        sqlite3_bind_int64(st, 2, previous[i]);
        if ((rc = store_step(db, st)) == 1)
            q->changed = sqlite3_column_int(st, 0);
        sqlite3_reset(st);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* --- indicators' details ----------------------------------------------------------------------------- */

static const char SQL_INDICATOR_INFO[] = "SELECT unit, coalesce(levels, '') FROM ntm_indicator WHERE id = ?1";

int ntm_indicator_infos(struct store_conn *db, const struct ntm_set *set, struct arena *a,
                        struct ntm_indicator_info **out)
{
    *out = ARENA_ARRAY(a, struct ntm_indicator_info, set->n_indicators + 1);
    for (size_t i = 0; i < set->n_indicators; i++) {
        sqlite3_stmt *st = store_stmt(db, SQL_INDICATOR_INFO);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, set->indicators[i].id);
        int rc = store_step(db, st);
        if (rc == 1) {
            (*out)[i].unit = store_col_copy(a, st, 0);
            (*out)[i].levels = store_col_copy(a, st, 1);
        }
        sqlite3_reset(st);
        if (rc < 0)
            return -1;
    }
    return 0;
}
