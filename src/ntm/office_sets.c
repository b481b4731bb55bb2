/*
 * office_sets.c - criteria sets edited by the office without code: a
 * criterion, an indicator or a target changed in the browser. A set that
 * has assessments is never changed under them: the change makes a new
 * version (a copy with a new code) and goes there, so every past result
 * stays as it was computed; a set without assessments is changed in place
 * and its stored states recomputed. See ntm.h (ntm_set_edit).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"

static const char SQL_SET_FIND[] =
    "SELECT id, coalesce(target_scheme, ''), year_from, year_to FROM ntm_set WHERE code = ?1";
static const char SQL_SET_COUNT[] =
    "SELECT count(*) FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id WHERE s.code = ?1";
static const char SQL_CODE_TAKEN[] = "SELECT 1 FROM ntm_set WHERE code = ?1";
static const char SQL_COPY_SET[] =
    "INSERT INTO ntm_set(code, name, decision, tier, target_scheme, year_from, year_to, parent_id, province_code, "
    "verified, source_url) SELECT ?2, ?3, decision, tier, target_scheme, ?4, year_to, id, nullif(?5, ''), 0, "
    "source_url FROM ntm_set WHERE id = ?1";
static const char SQL_COPY_CRITERIA[] =
    "INSERT INTO ntm_criterion(set_id, number, sort, name, indicators_loaded) "
    "SELECT ?2, number, sort, name, indicators_loaded FROM ntm_criterion WHERE set_id = ?1";
static const char SQL_COPY_INDICATORS[] =
    "INSERT INTO ntm_indicator(criterion_id, code, sort, name, value_type, unit, levels, note) "
    "SELECT nc.id, i.code, i.sort, i.name, i.value_type, i.unit, i.levels, i.note FROM ntm_indicator i "
    "JOIN ntm_criterion oc ON oc.id = i.criterion_id JOIN ntm_criterion nc ON nc.set_id = ?2 AND nc.number = oc.number "
    "WHERE oc.set_id = ?1";
static const char SQL_COPY_TARGETS[] =
    "INSERT INTO ntm_target(indicator_id, applies_to, op, threshold, text) "
    "SELECT ni.id, t.applies_to, t.op, t.threshold, t.text FROM ntm_target t JOIN ntm_indicator oi ON oi.id = "
    "t.indicator_id "
    "JOIN ntm_criterion oc ON oc.id = oi.criterion_id JOIN ntm_criterion nc ON nc.set_id = ?2 AND nc.number = "
    "oc.number "
    "JOIN ntm_indicator ni ON ni.criterion_id = nc.id AND ni.code = oi.code WHERE oc.set_id = ?1";
static const char SQL_COPY_RESPONSIBLE[] =
    "INSERT INTO ntm_responsible(criterion_id, kind, name, role) SELECT nc.id, r.kind, r.name, r.role "
    "FROM ntm_responsible r JOIN ntm_criterion oc ON oc.id = r.criterion_id "
    "JOIN ntm_criterion nc ON nc.set_id = ?2 AND nc.number = oc.number WHERE oc.set_id = ?1";
static const char SQL_CRITERION_FIND[] = "SELECT id FROM ntm_criterion WHERE set_id = ?1 AND number = ?2";
static const char SQL_CRITERION_RENAME[] = "UPDATE ntm_criterion SET name = ?2 WHERE id = ?1";
static const char SQL_CRITERION_ADD[] =
    "INSERT INTO ntm_criterion(set_id, number, sort, name, indicators_loaded) VALUES (?1, ?2, "
    "(SELECT coalesce(max(sort), 0) + 1 FROM ntm_criterion WHERE set_id = ?1), ?3, 0)";
static const char SQL_CRITERION_LOADED[] = "UPDATE ntm_criterion SET indicators_loaded = 1 WHERE id = ?1";
static const char SQL_INDICATOR_FIND[] = "SELECT id, value_type, coalesce(levels, '') FROM ntm_indicator "
                                         "WHERE criterion_id = ?1 AND code = ?2";
static const char SQL_INDICATOR_UPDATE[] =
    "UPDATE ntm_indicator SET name = ?2, value_type = ?3, unit = ?4, levels = nullif(?5, '') WHERE id = ?1";
static const char SQL_INDICATOR_ADD[] =
    "INSERT INTO ntm_indicator(criterion_id, code, sort, name, value_type, unit, levels) VALUES (?1, ?2, "
    "(SELECT coalesce(max(sort), 0) + 1 FROM ntm_indicator WHERE criterion_id = ?1), ?3, ?4, ?5, nullif(?6, ''))";
static const char SQL_TARGET_SET[] =
    "INSERT INTO ntm_target(indicator_id, applies_to, op, threshold, text) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(indicator_id, applies_to) DO UPDATE SET op = excluded.op, threshold = excluded.threshold, "
    "text = excluded.text";

int ntm_set_assessments(struct store_conn *db, const char *code, int *count)
{
    *count = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_SET_COUNT);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    if (rc == 1)
        *count = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : *count;
}

static bool set_code_ok(struct str s)
{
    if (s.n < 3 || s.n > 40)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    }
    return true;
}

static bool one_line(struct str s, size_t max, bool required)
{
    return (s.n || !required) && ntm_text_ok(s, max) && !memchr(s.p ? s.p : "", '\n', s.n);
}

/* Checks the change's own fields (not the database). */
static int change_problem(const struct ntm_set_change *c, char *err, size_t errlen)
{
    if (!c->set_code)
        return ntm_refuse(err, errlen, "Không có bộ tiêu chí này.");
    if (!one_line(c->number, 10, true))
        return ntm_refuse(err, errlen, "Số tiêu chí cần có, tối đa 10 ký tự.");
    if (c->kind == NTM_CHANGE_CRITERION && !one_line(c->criterion_name, 300, true))
        return ntm_refuse(err, errlen, "Tên tiêu chí cần có, một dòng, tối đa 300 byte.");
    if (c->kind != NTM_CHANGE_CRITERION && !one_line(c->indicator_code, 20, true))
        return ntm_refuse(err, errlen, "Mã chỉ tiêu cần có, tối đa 20 ký tự.");
    if (c->kind == NTM_CHANGE_INDICATOR) {
        static const char *const types[] = {"met", "percent", "number", "level"};
        bool known = false;
        for (size_t i = 0; i < 4 && c->value_type; i++)
            known |= !strcmp(c->value_type, types[i]);
        if (!known)
            return ntm_refuse(err, errlen, "Kiểu giá trị phải là đạt/không đạt, tỷ lệ %%, số hoặc mức.");
        if (!one_line(c->indicator_name, 500, true) || !one_line(c->unit, 100, false) ||
            !one_line(c->levels, 500, false))
            return ntm_refuse(err, errlen, "Tên chỉ tiêu cần có; đơn vị và các mức mỗi thứ một dòng.");
        if (!strcmp(c->value_type, "level") && !c->levels.n)
            return ntm_refuse(err, errlen, "Chỉ tiêu theo mức cần danh sách các mức, cách nhau bởi “|”.");
    }
    if (c->kind == NTM_CHANGE_TARGET) {
        if (!one_line(c->applies_to, 100, true))
            return ntm_refuse(err, errlen, "Cần nói mức yêu cầu áp dụng cho ai (mọi xã, một nhóm hoặc một vùng).");
        if (!c->unknown && (!c->op || (strcmp(c->op, ">=") && strcmp(c->op, "<=") && strcmp(c->op, "=")) ||
                            !isfinite(c->threshold) || fabs(c->threshold) > 1e12))
            return ntm_refuse(err, errlen, "Mức yêu cầu cần phép so sánh (≥, ≤, =) và một con số.");
        if (!one_line(c->text, 200, false))
            return ntm_refuse(err, errlen, "Cách ghi mức yêu cầu chỉ một dòng, tối đa 200 byte.");
    }
    return 0;
}

static int bind_run(struct store_conn *db, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    return store_step_done(db, st);
}

/* Copies set `from` into a new version; *to receives its id. */
static int copy_set(struct store_conn *db, int64_t from, int from_year, int to_year, const struct ntm_set_change *c,
                    int64_t *to, char *err, size_t errlen)
{
    if (!set_code_ok(c->new_code))
        return ntm_refuse(err, errlen,
                          "Bộ tiêu chí đã có kết quả đánh giá nên thay đổi sẽ tạo phiên bản mới: mã phiên bản mới "
                          "gồm 3 đến 40 chữ cái không dấu, chữ số hoặc “-”.");
    if (!one_line(c->new_name, 300, true))
        return ntm_refuse(err, errlen, "Cần tên của phiên bản mới (một dòng, tối đa 300 ký tự).");
    if (c->year_from < from_year || c->year_from > to_year)
        return ntm_refuse(err, errlen, "Năm áp dụng phiên bản mới phải trong thời gian của bộ tiêu chí (%d–%d).",
                          from_year, to_year);
    sqlite3_stmt *st = store_stmt(db, SQL_CODE_TAKEN);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "tìm mã bộ tiêu chí");
    store_bind_str(st, 1, c->new_code);
    int taken = store_step_once(db, st, NULL, NULL);
    if (taken != 0)
        return taken < 0 ? ntm_refuse_sql(db, err, errlen, "tìm mã bộ tiêu chí")
                         : ntm_refuse(err, errlen, "Đã có bộ tiêu chí mã %.*s; hãy chọn mã khác.", (int)c->new_code.n,
                                      c->new_code.p);
    if (!(st = store_stmt(db, SQL_COPY_SET)))
        return ntm_refuse_sql(db, err, errlen, "tạo phiên bản mới");
    sqlite3_bind_int64(st, 1, from);
    store_bind_str(st, 2, c->new_code);
    store_bind_str(st, 3, c->new_name);
    sqlite3_bind_int(st, 4, c->year_from);
    sqlite3_bind_text(st, 5, c->province_code ? c->province_code : "", -1, SQLITE_TRANSIENT);
    if (store_step_done(db, st) != 0)
        return ntm_refuse_sql(db, err, errlen, "tạo phiên bản mới");
    *to = sqlite3_last_insert_rowid(db->db);
    const char *const copies[] = {SQL_COPY_CRITERIA, SQL_COPY_INDICATORS, SQL_COPY_TARGETS, SQL_COPY_RESPONSIBLE};
    for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++)
        if (bind_run(db, copies[i], from, *to) != 0)
            return ntm_refuse_sql(db, err, errlen, "chép bộ tiêu chí");
    return 0;
}

/* The id of criterion `number` of set `set_id`: > 0, 0 none, -1. */
static int64_t criterion_of(struct store_conn *db, int64_t set_id, struct str number)
{
    sqlite3_stmt *st = store_stmt(db, SQL_CRITERION_FIND);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, set_id);
    store_bind_str(st, 2, number);
    int rc = store_step(db, st);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc < 0 ? -1 : id;
}

static int apply_change(struct store_conn *db, int64_t set_id, const char *scheme, const struct ntm_set_change *c,
                        char *err, size_t errlen)
{
    int64_t crit = criterion_of(db, set_id, c->number);
    if (crit < 0)
        return ntm_refuse_sql(db, err, errlen, "tìm tiêu chí");
    sqlite3_stmt *st;
    if (c->kind == NTM_CHANGE_CRITERION) {
        if (!(st = store_stmt(db, crit ? SQL_CRITERION_RENAME : SQL_CRITERION_ADD)))
            return ntm_refuse_sql(db, err, errlen, "ghi tiêu chí");
        if (crit) {
            sqlite3_bind_int64(st, 1, crit);
            store_bind_str(st, 2, c->criterion_name);
        } else {
            sqlite3_bind_int64(st, 1, set_id);
            store_bind_str(st, 2, c->number);
            store_bind_str(st, 3, c->criterion_name);
        }
        return store_step_done(db, st) == 0 ? 0 : ntm_refuse_sql(db, err, errlen, "ghi tiêu chí");
    }
    if (!crit)
        return ntm_refuse(err, errlen, "Bộ tiêu chí không có tiêu chí số %.*s.", (int)c->number.n, c->number.p);
    if (!(st = store_stmt(db, SQL_INDICATOR_FIND)))
        return ntm_refuse_sql(db, err, errlen, "tìm chỉ tiêu");
    sqlite3_bind_int64(st, 1, crit);
    store_bind_str(st, 2, c->indicator_code);
    int rc = store_step(db, st);
    int64_t indicator = 0;
    char type[16] = "";
    char levels[512] = "";
    if (rc == 1) {
        indicator = sqlite3_column_int64(st, 0);
        snprintf(type, sizeof type, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(levels, sizeof levels, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "tìm chỉ tiêu");
    if (c->kind == NTM_CHANGE_INDICATOR) {
        if (!(st = store_stmt(db, indicator ? SQL_INDICATOR_UPDATE : SQL_INDICATOR_ADD)))
            return ntm_refuse_sql(db, err, errlen, "ghi chỉ tiêu");
        int i = 1;
        if (indicator)
            sqlite3_bind_int64(st, i++, indicator);
        else {
            sqlite3_bind_int64(st, i++, crit);
            store_bind_str(st, i++, c->indicator_code);
        }
        store_bind_str(st, i++, c->indicator_name);
        sqlite3_bind_text(st, i++, c->value_type, -1, SQLITE_TRANSIENT);
        store_bind_str(st, i++, c->unit);
        store_bind_str(st, i++, c->levels);
        if (store_step_done(db, st) != 0 || bind_run(db, SQL_CRITERION_LOADED, crit, 0) != 0)
            return ntm_refuse_sql(db, err, errlen, "ghi chỉ tiêu");
        return 0;
    }
    /* a target */
    if (!indicator)
        return ntm_refuse(err, errlen, "Tiêu chí %.*s không có chỉ tiêu mã %.*s.", (int)c->number.n, c->number.p,
                          (int)c->indicator_code.n, c->indicator_code.p);
    bool everyone = str_eq_lit(c->applies_to, "*");
    if (!everyone && !strcmp(scheme, "nhom") && !str_eq_lit(c->applies_to, "1") && !str_eq_lit(c->applies_to, "2") &&
        !str_eq_lit(c->applies_to, "3"))
        return ntm_refuse(err, errlen, "Bộ tiêu chí này phân mức yêu cầu theo nhóm xã: chọn mọi xã hoặc nhóm 1, 2, 3.");
    if (!everyone && !scheme[0])
        return ntm_refuse(err, errlen, "Bộ tiêu chí này không phân mức yêu cầu theo nhóm hay vùng: chọn mọi xã.");
    double threshold = c->threshold;
    const char *op = c->op;
    char text[256];
    if (c->unknown)
        snprintf(text, sizeof text, "%.*s", (int)(c->text.n ? c->text.n : 1), c->text.n ? c->text.p : "?");
    else {
        if (!strcmp(type, "met") && (strcmp(op, "=") || (threshold != 0 && threshold != 1)))
            return ntm_refuse(err, errlen, "Chỉ tiêu đạt/không đạt chỉ nhận mức “= 1” (đạt) hoặc “= 0” (không).");
        if (!strcmp(type, "percent") && (threshold < 0 || threshold > 100))
            return ntm_refuse(err, errlen, "Mức yêu cầu theo tỷ lệ phải từ 0 đến 100.");
        int n_levels = 1;
        for (const char *q = levels; *q; q++)
            n_levels += *q == '|';
        if (!strcmp(type, "level") &&
            (threshold < 1 || threshold != floor(threshold) || (levels[0] && threshold > n_levels)))
            return ntm_refuse(err, errlen, "Mức yêu cầu theo mức là vị trí của mức trong danh sách (1 là thấp nhất).");
        if (c->text.n)
            snprintf(text, sizeof text, "%.*s", (int)c->text.n, c->text.p);
        else if (!strcmp(type, "met"))
            snprintf(text, sizeof text, "%s", threshold == 1 ? "Đạt" : "Không");
        else
            snprintf(text, sizeof text, "%s %g%s",
                     !strcmp(op, ">=")   ? "≥"
                     : !strcmp(op, "<=") ? "≤"
                                         : "=",
                     threshold, !strcmp(type, "percent") ? "%" : "");
    }
    if (!(st = store_stmt(db, SQL_TARGET_SET)))
        return ntm_refuse_sql(db, err, errlen, "ghi mức yêu cầu");
    sqlite3_bind_int64(st, 1, indicator);
    store_bind_str(st, 2, c->applies_to);
    if (c->unknown) {
        sqlite3_bind_null(st, 3);
        sqlite3_bind_null(st, 4);
    } else {
        sqlite3_bind_text(st, 3, op, -1, SQLITE_TRANSIENT);
        sqlite3_bind_double(st, 4, threshold);
    }
    sqlite3_bind_text(st, 5, text, -1, SQLITE_TRANSIENT);
    return store_step_done(db, st) == 0 ? 0 : ntm_refuse_sql(db, err, errlen, "ghi mức yêu cầu");
}

int ntm_set_edit(struct store_conn *db, const struct ntm_set_change *c, char applied[64], bool *versioned, char *err,
                 size_t errlen)
{
    *versioned = false;
    applied[0] = '\0';
    if (change_problem(c, err, errlen) != 0)
        return -1;
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_SET_FIND);
    int64_t set_id = 0;
    int year_from = 0, year_to = 0;
    char scheme[16] = "";
    if (!st)
        rc = ntm_refuse_sql(db, err, errlen, "tìm bộ tiêu chí");
    else {
        sqlite3_bind_text(st, 1, c->set_code, -1, SQLITE_TRANSIENT);
        int s = store_step(db, st);
        if (s == 1) {
            set_id = sqlite3_column_int64(st, 0);
            snprintf(scheme, sizeof scheme, "%s", (const char *)sqlite3_column_text(st, 1));
            year_from = sqlite3_column_int(st, 2);
            year_to = sqlite3_column_int(st, 3);
        }
        sqlite3_reset(st);
        if (s != 1)
            rc = s < 0 ? ntm_refuse_sql(db, err, errlen, "tìm bộ tiêu chí")
                       : ntm_refuse(err, errlen, "Không có bộ tiêu chí %s.", c->set_code);
    }
    int used = 0;
    if (rc == 0 && ntm_set_assessments(db, c->set_code, &used) < 0)
        rc = ntm_refuse_sql(db, err, errlen, "đếm kết quả đánh giá");
    int64_t target = set_id;
    if (rc == 0 && used > 0) {
        rc = copy_set(db, set_id, year_from, year_to, c, &target, err, errlen);
        if (rc == 0) {
            *versioned = true;
            snprintf(applied, 64, "%.*s", (int)c->new_code.n, c->new_code.p);
        }
    } else if (rc == 0)
        snprintf(applied, 64, "%s", c->set_code);
    if (rc == 0)
        rc = apply_change(db, target, scheme, c, err, errlen);
    int count = 0;
    if (rc == 0)
        rc = ntm_recompute_set(db, target, &count, err, errlen);
    if (rc == 0) {
        store_touch(db, "ntm");
        store_touch(db, "ntm:ref");
    }
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}
