/*
 * office.c - what the office's management pages read and write beyond
 * write.c: their lists (one generic reader, a statement per list), the
 * recognition checked against the accepted data, and the editing and
 * removal of responsibilities. Units are in office_units.c, criteria sets
 * in office_sets.c. See ntm.h ("the office's management pages").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"

/* The units of a province, current or former, as a sub-select. */
#define PROVINCE_UNITS "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1)"

/* One statement per list, in enum ntm_office_list's order; ?1 is `param`,
 * ?2 the row limit, ?3 the offset; the plans' lists also ?4 a unit and ?5 a
 * target year (0: any; struct ntm_office_filter), the sponsors' tasks ?4 a
 * unit and ?5 a year before which an open task is overdue (0: every task),
 * the models ?4 a unit (and ?5, unused, so that both are bound). */
static const char *const LIST_SQL[] = {
    [NTM_LIST_RECOGNITIONS] =
        "SELECT x.id, u.code, u.full_name, x.status, x.act, x.year, x.decision_no, x.decided_on, x.issuer, "
        "coalesce(x.document_id, 0) FROM ntm_recognition x JOIN ntm_unit u ON u.id = x.unit_id "
        "WHERE x.unit_id IN " PROVINCE_UNITS " ORDER BY x.decided_on DESC, x.id DESC LIMIT ?2 OFFSET ?3",
    [NTM_LIST_PLANS] = "SELECT u.id, u.code, u.full_name, pl.status, pl.target_year, pl.state FROM ntm_plan pl "
                       "JOIN ntm_unit u ON u.id = pl.unit_id WHERE pl.unit_id IN " PROVINCE_UNITS
                       " AND (?4 = 0 OR pl.unit_id = ?4) AND (?5 = 0 OR pl.target_year = ?5) "
                       "ORDER BY u.full_name COLLATE vi, pl.status, u.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_PLAN_CRITERIA] =
        "SELECT u.id, u.code, u.full_name, c.number, c.name, s.code, pc.target_year, pc.state, c.id "
        "FROM ntm_plan_criterion pc JOIN ntm_unit u ON u.id = pc.unit_id JOIN ntm_criterion c ON c.id = "
        "pc.criterion_id "
        "JOIN ntm_set s ON s.id = c.set_id WHERE pc.unit_id IN " PROVINCE_UNITS
        " AND (?4 = 0 OR pc.unit_id = ?4) AND (?5 = 0 OR pc.target_year = ?5) "
        "ORDER BY u.full_name COLLATE vi, u.id, s.year_from, c.sort, c.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_RESPONSIBLE] =
        "SELECT r.id, s.code, c.number, c.name, r.kind, r.name, r.role, c.id FROM ntm_responsible r "
        "JOIN ntm_criterion c ON c.id = r.criterion_id JOIN ntm_set s ON s.id = c.set_id "
        "WHERE ?1 = '' OR s.code = ?1 ORDER BY s.year_from DESC, s.code, c.sort, r.role, r.name COLLATE vi LIMIT ?2 OFFSET ?3",
    [NTM_LIST_SPONSORSHIPS] =
        "SELECT sp.id, u.code, u.full_name, s.name, s.kind, sp.year_from, coalesce(sp.year_to, ''), sp.decision "
        "FROM ntm_sponsorship sp JOIN ntm_sponsor s ON s.id = sp.sponsor_id JOIN ntm_unit u ON u.id = sp.unit_id "
        "WHERE sp.unit_id IN " PROVINCE_UNITS " ORDER BY u.full_name COLLATE vi, s.name COLLATE vi, sp.year_from, sp.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_TASKS] =
        "SELECT t.id, s.name, u.full_name, t.title, coalesce(c.number, ''), coalesce(t.amount, ''), "
        "coalesce(t.due_year, ''), t.state, sp.id, coalesce(c.name, '') FROM ntm_sponsor_task t JOIN ntm_sponsorship sp "
        "ON sp.id = t.sponsorship_id JOIN ntm_sponsor s ON s.id = sp.sponsor_id JOIN ntm_unit u ON u.id = sp.unit_id "
        "LEFT JOIN ntm_criterion c ON c.id = t.criterion_id WHERE sp.unit_id IN " PROVINCE_UNITS
        " AND (?4 = 0 OR sp.unit_id = ?4) AND (?5 = 0 OR (t.state IN ('planned', 'doing') AND t.due_year < ?5)) "
        "ORDER BY u.full_name COLLATE vi, s.name COLLATE vi, coalesce(t.due_year, 9999), t.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_MODELS] = "SELECT m.id, u.code, u.full_name, m.kind, m.name, m.state, coalesce(m.year, ''), u.id "
                        "FROM ntm_model m JOIN ntm_unit u ON u.id = m.unit_id WHERE m.unit_id IN " PROVINCE_UNITS
                        " AND (?4 = 0 OR m.unit_id = ?4) AND ?5 = ?5 ORDER BY u.full_name COLLATE vi, m.kind, m.name COLLATE vi, m.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_FUNDS] = "SELECT u.id, u.code, u.full_name, f.year, f.source, f.amount FROM ntm_fund f "
                       "JOIN ntm_unit u ON u.id = f.unit_id WHERE f.unit_id IN " PROVINCE_UNITS
                       " ORDER BY f.year DESC, u.full_name COLLATE vi, f.source, u.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_UNIT_CHANGES] =
        "SELECT ch.id, ch.effective, ch.kind, ch.legal_basis, "
        "(SELECT group_concat(name, ', ') FROM (SELECT DISTINCT f.full_name AS name FROM ntm_unit_lineage l "
        "JOIN ntm_unit f ON f.id = l.from_unit_id WHERE l.change_id = ch.id)), "
        "(SELECT group_concat(name, ', ') FROM (SELECT DISTINCT t.full_name AS name FROM ntm_unit_lineage l "
        "JOIN ntm_unit t ON t.id = l.to_unit_id WHERE l.change_id = ch.id)) FROM ntm_unit_change ch "
        "WHERE EXISTS (SELECT 1 FROM ntm_unit_lineage l WHERE l.change_id = ch.id AND l.to_unit_id IN " PROVINCE_UNITS
        ") ORDER BY ch.effective DESC, ch.id DESC LIMIT ?2 OFFSET ?3",
    [NTM_LIST_SETS] = "SELECT s.id, s.code, s.name, s.decision, s.tier, coalesce(s.target_scheme, ''), s.year_from, "
                      "s.year_to, coalesce(p.code, ''), coalesce(s.province_code, ''), "
                      "(SELECT count(*) FROM ntm_assessment a WHERE a.set_id = s.id) FROM ntm_set s "
                      "LEFT JOIN ntm_set p ON p.id = s.parent_id WHERE ?1 = ?1 ORDER BY s.year_from, s.code LIMIT ?2 OFFSET ?3",
    [NTM_LIST_SET_CRITERIA] = "SELECT c.id, c.number, c.name, c.indicators_loaded FROM ntm_criterion c "
                              "JOIN ntm_set s ON s.id = c.set_id WHERE s.code = ?1 ORDER BY c.sort, c.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_SET_INDICATORS] =
        "SELECT i.id, c.number, i.code, i.name, i.value_type, i.unit, coalesce(i.levels, ''), "
        "coalesce((SELECT group_concat(t.applies_to || ': ' || CASE WHEN t.op IS NULL THEN 'chưa rõ' ELSE t.text END, "
        "'; ') FROM ntm_target t WHERE t.indicator_id = i.id), '') FROM ntm_indicator i "
        "JOIN ntm_criterion c ON c.id = i.criterion_id JOIN ntm_set s ON s.id = c.set_id WHERE s.code = ?1 "
        "ORDER BY c.sort, c.id, i.sort, i.id LIMIT ?2 OFFSET ?3",
    [NTM_LIST_UNITS_ALL] = "SELECT u.id, u.code, u.full_name, u.valid_from, coalesce(u.valid_to, '') FROM ntm_unit u "
                           "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = ?1 "
                           "ORDER BY u.valid_to IS NOT NULL, u.full_name COLLATE vi, u.valid_from LIMIT ?2 OFFSET ?3",
};

int ntm_office_list(struct store_conn *db, enum ntm_office_list which, const char *param, struct arena *a,
                    struct ntm_office_row_data **out, size_t *n, bool *more)
{
    return ntm_office_list_page(db, which, param, 1, a, out, n, more);
}

int ntm_office_list_page(struct store_conn *db, enum ntm_office_list which, const char *param, int page,
                         struct arena *a, struct ntm_office_row_data **out, size_t *n, bool *more)
{
    return ntm_office_list_filtered(db, which, param, NULL, page, a, out, n, more);
}

int ntm_office_list_filtered(struct store_conn *db, enum ntm_office_list which, const char *param,
                             const struct ntm_office_filter *f, int page, struct arena *a,
                             struct ntm_office_row_data **out, size_t *n, bool *more)
{
    int per_page = f && f->per_page > 0 && f->per_page < NTM_OFFICE_ROWS ? f->per_page : NTM_OFFICE_ROWS;
    *out = NULL;
    *n = 0;
    *more = false;
    if ((size_t)which >= sizeof LIST_SQL / sizeof LIST_SQL[0] || !LIST_SQL[which])
        return -1;
    sqlite3_stmt *st = store_stmt(db, LIST_SQL[which]);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, param ? param : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, per_page + 1);
    sqlite3_bind_int64(st, 3, (int64_t)(page > 1 ? page - 1 : 0) * per_page);
    if (sqlite3_bind_parameter_count(st) >= 5) { /* unbound, "?4 = 0" would be NULL: every row dropped */
        sqlite3_bind_int64(st, 4, f ? f->unit_id : 0);
        sqlite3_bind_int(st, 5, f ? f->year : 0);
    }
    size_t cap = 0;
    struct ntm_office_row_data *rows = NULL;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == (size_t)per_page) {
            *more = true;
            break;
        }
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct ntm_office_row_data *grown = arena_zalloc(a, ncap * sizeof *grown);
            if (*n)
                memcpy(grown, rows, *n * sizeof *rows);
            rows = grown;
            cap = ncap;
        }
        struct ntm_office_row_data *row = &rows[(*n)++];
        row->id = sqlite3_column_int64(st, 0);
        int cols = sqlite3_column_count(st) - 1;
        for (int c = 0; c < NTM_OFFICE_COLS; c++)
            row->col[c] = c < cols ? store_col_copy(a, st, c + 1) : STR("");
    }
    sqlite3_reset(st);
    *out = rows;
    return rc < 0 ? -1 : 0;
}

/* --- recognition, checked ----------------------------------------------------------- */

static const char SQL_LATEST_ACCEPTED[] =
    "SELECT a.id, a.year, s.id, s.code, s.name FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id "
    "WHERE a.unit_id = ?1 AND a.state = 'accepted' AND a.quarter = 0 AND s.tier = ?2 AND a.year <= ?3 "
    "AND s.year_from <= ?3 AND s.year_to >= ?3 "
    "ORDER BY a.year DESC, s.province_code IS NOT NULL DESC, s.year_from DESC, s.id DESC LIMIT 1";
static const char SQL_NOT_MET[] =
    "SELECT c.number, c.name, coalesce(r.state, -1) FROM ntm_criterion c LEFT JOIN ntm_result r "
    "ON r.criterion_id = c.id AND r.assessment_id = ?1 WHERE c.set_id = ?2 AND coalesce(r.state, -1) <> 1 "
    "ORDER BY c.sort, c.id LIMIT 100";

static const char *status_title(const char *status)
{
    return !strcmp(status, "nang_cao")   ? "nông thôn mới nâng cao"
           : !strcmp(status, "kieu_mau") ? "nông thôn mới kiểu mẫu"
           : !strcmp(status, "hien_dai") ? "nông thôn mới hiện đại"
                                         : "nông thôn mới";
}

/* Checks that the unit's accepted data meets every criterion of the
 * status in force in `year`: 0 with the set's code in set_code, or -1
 * with the reason in err. Inside the caller's write. */
static int check_met(struct store_conn *db, int64_t unit_id, const char *status, int year, char *set_code,
                     size_t set_code_len, char *err, size_t errlen)
{
    sqlite3_stmt *st = store_stmt(db, SQL_LATEST_ACCEPTED);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "đọc kết quả đánh giá");
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, year);
    int rc = store_step(db, st);
    int64_t assessment = 0, set_id = 0;
    int assessed_year = 0;
    char set_name[300] = "";
    if (rc == 1) {
        assessment = sqlite3_column_int64(st, 0);
        assessed_year = sqlite3_column_int(st, 1);
        set_id = sqlite3_column_int64(st, 2);
        snprintf(set_code, set_code_len, "%s", (const char *)sqlite3_column_text(st, 3));
        snprintf(set_name, sizeof set_name, "%s", (const char *)sqlite3_column_text(st, 4));
    }
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc kết quả đánh giá");
    if (rc == 0)
        return ntm_refuse(err, errlen,
                          "Chưa công nhận được: đơn vị chưa có kết quả đánh giá cả năm (đến năm %d) theo bộ tiêu chí "
                          "%s đang áp dụng được Văn phòng Điều phối chấp nhận.",
                          year, status_title(status));
    if (!(st = store_stmt(db, SQL_NOT_MET)))
        return ntm_refuse_sql(db, err, errlen, "đọc kết quả tiêu chí");
    sqlite3_bind_int64(st, 1, assessment);
    sqlite3_bind_int64(st, 2, set_id);
    char list[1200] = "";
    size_t used = 0;
    int missing = 0;
    while ((rc = store_step(db, st)) == 1) {
        missing++;
        const char *number = (const char *)sqlite3_column_text(st, 0);
        const char *name = (const char *)sqlite3_column_text(st, 1);
        int state = sqlite3_column_int(st, 2);
        if (used < sizeof list - 1) {
            int w = snprintf(list + used, sizeof list - used, "%s%s. %s (%s)", missing > 1 ? "; " : "", number, name,
                             state == 0 ? "chưa đạt" : "chưa xác định");
            used = w > 0 && (size_t)w < sizeof list - used ? used + (size_t)w : sizeof list - 1;
        }
    }
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc kết quả tiêu chí");
    if (missing)
        return ntm_refuse(err, errlen,
                          "Chưa công nhận được: theo kết quả đánh giá năm %d đã được chấp nhận (%s), còn %d tiêu chí "
                          "chưa đạt: %s.",
                          assessed_year, set_name, missing, list);
    return 0;
}

static const char SQL_HELD[] = "SELECT act, year, decision_no FROM ntm_recognition WHERE unit_id = ?1 AND status = ?2 "
                               "ORDER BY decided_on DESC, id DESC LIMIT 1";
static const char SQL_SAME_DECISION[] =
    "SELECT 1 FROM ntm_recognition WHERE unit_id = ?1 AND status = ?2 AND act = ?3 AND year = ?4";

/* A grant that repeats what is on record: a first grant ("công nhận") of a
 * status the unit holds (its latest decision on it is not a revocation),
 * or a second decision of the same kind for the same year. 0, or refused. */
static int check_not_repeated(struct store_conn *db, const struct ntm_recognition_input *in, const char *act, char *err,
                              size_t errlen)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HELD);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    sqlite3_bind_int64(st, 1, in->unit_id);
    sqlite3_bind_text(st, 2, in->status, -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    bool held = rc == 1 && strcmp((const char *)sqlite3_column_text(st, 0), "thu_hoi") != 0;
    int held_year = rc == 1 ? sqlite3_column_int(st, 1) : 0;
    char held_no[64] = "";
    if (rc == 1)
        snprintf(held_no, sizeof held_no, "%s", (const char *)sqlite3_column_text(st, 2));
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    /* a status held under another criteria set (an earlier period) may be
     * granted anew under the set in force */
    const char *family = ntm_set_for_year(in->year), *held_family = ntm_set_for_year(held_year);
    held = held && family && held_family && !strcmp(family, held_family);
    if (held && !strcmp(act, "cong_nhan"))
        return ntm_refuse(err, errlen,
                          "Đơn vị đang giữ danh hiệu %s (đạt chuẩn năm %d, quyết định %s): một quyết định mới cho "
                          "danh hiệu này là «Công nhận lại».",
                          status_title(in->status), held_year, held_no);
    if (!(st = store_stmt(db, SQL_SAME_DECISION)))
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    sqlite3_bind_int64(st, 1, in->unit_id);
    sqlite3_bind_text(st, 2, in->status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, act, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, in->year);
    rc = store_step(db, st);
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    if (rc == 1)
        return ntm_refuse(err, errlen, "Đơn vị đã có quyết định %s danh hiệu %s năm %d.",
                          !strcmp(act, "cong_nhan") ? "công nhận" : "công nhận lại", status_title(in->status),
                          in->year);
    return 0;
}

/* A predecessor of the unit (through the lineage of its mergers and
 * splits) that holds `status`: what a "thừa nhận" after the restructuring
 * carries over. */
static const char SQL_PREDECESSOR_HELD[] =
    "SELECT 1 FROM ntm_unit_lineage l WHERE l.to_unit_id = ?1 AND coalesce((SELECT x.act <> 'thu_hoi' "
    "FROM ntm_recognition x WHERE x.unit_id = l.from_unit_id AND x.status = ?2 AND x.decided_on <= ?3 "
    "ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0) LIMIT 1";
/* The unit's decision on the status in force on the day of the new one. */
static const char SQL_HELD_ON[] = "SELECT act FROM ntm_recognition WHERE unit_id = ?1 AND status = ?2 "
                                  "AND decided_on <= ?3 ORDER BY decided_on DESC, id DESC LIMIT 1";

/* A revocation needs the status held (its latest decision not a
 * revocation); a "thừa nhận" needs a predecessor that held it. 0, or
 * refused. */
static int check_carried(struct store_conn *db, const struct ntm_recognition_input *in, const char *act, char *err,
                         size_t errlen)
{
    bool revoke = !strcmp(act, "thu_hoi");
    sqlite3_stmt *st = store_stmt(db, revoke ? SQL_HELD_ON : SQL_PREDECESSOR_HELD);
    if (!st)
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    sqlite3_bind_int64(st, 1, in->unit_id);
    sqlite3_bind_text(st, 2, in->status ? in->status : "", -1, SQLITE_TRANSIENT);
    /* as of the new decision's day: a revocation dated before the grant
     * revokes nothing (a date the form has checked; none sorts last) */
    sqlite3_bind_text(st, 3, in->decided_on && *in->decided_on ? in->decided_on : "9999-12-31", -1, SQLITE_TRANSIENT);
    int rc = store_step(db, st);
    bool ok = rc == 1 && (!revoke || strcmp((const char *)sqlite3_column_text(st, 0), "thu_hoi") != 0);
    sqlite3_reset(st);
    if (rc < 0)
        return ntm_refuse_sql(db, err, errlen, "đọc quyết định công nhận");
    if (!ok)
        return revoke ? ntm_refuse(err, errlen,
                                   "Đơn vị không đang giữ danh hiệu %s vào ngày của quyết định (chưa được công nhận, hoặc "
                                   "đã bị thu hồi): không có gì để thu hồi.",
                                   status_title(in->status))
                      : ntm_refuse(err, errlen,
                                   "Thừa nhận sau sắp xếp cần một đơn vị trước sắp xếp (sáp nhập vào hoặc chia tách ra "
                                   "đơn vị này) đang giữ danh hiệu %s.",
                                   status_title(in->status));
    return 0;
}

int ntm_recognition_grant(struct store_conn *db, const struct ntm_recognition_input *in, int64_t *id, char *err,
                          size_t errlen)
{
    const char *act = in->act ? in->act : "cong_nhan";
    bool grant = !strcmp(act, "cong_nhan") || !strcmp(act, "cong_nhan_lai");
    if (!grant) {
        if (!in->status || (strcmp(in->status, "ntm") && strcmp(in->status, "nang_cao") && strcmp(in->status, "kieu_mau") &&
                            strcmp(in->status, "hien_dai")))
            return ntm_refuse(err, errlen, "Danh hiệu phải là nông thôn mới, nâng cao, kiểu mẫu hoặc hiện đại.");
        if (store_write_begin(db) != 0)
            return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
        int rc = check_carried(db, in, act, err, errlen);
        if (rc == 0)
            rc = ntm_recognition_add(db, in, id, err, errlen);
        if (store_write_finish(db, rc) != 0 && rc == 0)
            return ntm_refuse_sql(db, err, errlen, "ghi");
        return rc;
    }
    if (!in->status || (strcmp(in->status, "ntm") && strcmp(in->status, "nang_cao") && strcmp(in->status, "kieu_mau") &&
                        strcmp(in->status, "hien_dai")))
        return ntm_refuse(err, errlen, "Danh hiệu phải là nông thôn mới, nâng cao, kiểu mẫu hoặc hiện đại.");
    if (in->year < 2000 || in->year > 2100)
        return ntm_refuse(err, errlen, "Năm đạt chuẩn phải từ 2000 đến 2100.");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    char set_code[64] = "";
    int rc = check_met(db, in->unit_id, in->status, in->year, set_code, sizeof set_code, err, errlen);
    if (rc == 0)
        rc = check_not_repeated(db, in, act, err, errlen);
    if (rc == 0) {
        struct ntm_recognition_input with_set = *in;
        with_set.set_code = set_code;
        rc = ntm_recognition_add(db, &with_set, id, err, errlen);
    }
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

/* --- responsibilities ------------------------------------------------------------------ */

static const char SQL_RESPONSIBLE_CRITERION[] = "SELECT criterion_id FROM ntm_responsible WHERE id = ?1";
static const char SQL_RESPONSIBLE_REMOVE[] = "DELETE FROM ntm_responsible WHERE id = ?1";
static const char SQL_RESPONSIBLE_UPDATE[] = "UPDATE ntm_responsible SET kind = ?2, name = ?3, role = ?4 WHERE id = ?1";
static const char SQL_RESPONSIBLE_TAKEN[] =
    "SELECT 1 FROM ntm_responsible WHERE criterion_id = ?1 AND kind = ?2 AND name = ?3 AND id <> ?4";

/* The criterion of responsibility `id`: > 0, 0 when there is none, -1. */
static int64_t responsible_criterion(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_RESPONSIBLE_CRITERION);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    int64_t crit = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc < 0 ? -1 : crit;
}

int ntm_responsible_remove(struct store_conn *db, int64_t id, char *err, size_t errlen)
{
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int64_t crit = responsible_criterion(db, id);
    int rc = 0;
    sqlite3_stmt *st;
    if (crit < 0)
        rc = ntm_refuse_sql(db, err, errlen, "tìm phân công");
    else if (crit == 0)
        rc = ntm_refuse(err, errlen, "Không có phân công này (có thể đã được gỡ).");
    else if (!(st = store_stmt(db, SQL_RESPONSIBLE_REMOVE)))
        rc = ntm_refuse_sql(db, err, errlen, "gỡ phân công");
    else {
        sqlite3_bind_int64(st, 1, id);
        if ((rc = store_step_done(db, st)) != 0)
            ntm_refuse_sql(db, err, errlen, "gỡ phân công");
        else
            store_touch(db, "ntm:crit:%lld", (long long)crit);
    }
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

int ntm_responsible_update(struct store_conn *db, int64_t id, const char *kind, struct str name, const char *role,
                           char *err, size_t errlen)
{
    bool kind_ok = kind && (!strcmp(kind, "department") || !strcmp(kind, "member"));
    bool role_ok = role && (!strcmp(role, "lead") || !strcmp(role, "support"));
    if (!kind_ok || !role_ok)
        return ntm_refuse(err, errlen, "Loại (sở, ngành hoặc thành viên ban chỉ đạo) hoặc vai trò không hợp lệ.");
    if (!name.n || !ntm_text_ok(name, 300))
        return ntm_refuse(err, errlen, "Cần tên đơn vị hoặc người phụ trách (tối đa 300 ký tự).");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    char room[NTM_DEPARTMENT_ROOM]; /* a department as the other criteria spell it */
    if (!strcmp(kind, "department") && ntm_department_canonical(db, &name, id, room) != 0)
        return store_write_finish(db, ntm_refuse_sql(db, err, errlen, "đọc danh sách sở, ngành"));
    int64_t crit = responsible_criterion(db, id);
    int rc = 0;
    sqlite3_stmt *st;
    if (crit < 0)
        rc = ntm_refuse_sql(db, err, errlen, "tìm phân công");
    else if (crit == 0)
        rc = ntm_refuse(err, errlen, "Không có phân công này (có thể đã được gỡ).");
    else if (!(st = store_stmt(db, SQL_RESPONSIBLE_TAKEN)))
        rc = ntm_refuse_sql(db, err, errlen, "đọc phân công");
    else {
        sqlite3_bind_int64(st, 1, crit);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
        store_bind_str(st, 3, name);
        sqlite3_bind_int64(st, 4, id);
        int taken = store_step_once(db, st, NULL, NULL);
        if (taken < 0)
            rc = ntm_refuse_sql(db, err, errlen, "đọc phân công");
        else if (taken)
            rc = ntm_refuse(err, errlen, "Tiêu chí này đã có phân công cho “%.*s”.", (int)(name.n > 300 ? 300 : name.n),
                            name.p);
    }
    if (rc == 0 && (st = store_stmt(db, SQL_RESPONSIBLE_UPDATE))) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
        store_bind_str(st, 3, name);
        sqlite3_bind_text(st, 4, role, -1, SQLITE_TRANSIENT);
        if ((rc = store_step_done(db, st)) != 0)
            ntm_refuse_sql(db, err, errlen, "ghi phân công");
        else
            store_touch(db, "ntm:crit:%lld", (long long)crit);
    } else if (rc == 0)
        rc = ntm_refuse_sql(db, err, errlen, "ghi phân công");
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}
