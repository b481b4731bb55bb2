/*
 * office_units.c - the office's changes to the administrative units: a
 * new unit, several units merged into a new one, one unit split into
 * several, each on a date and by a legal act. The lineage rows
 * (ntm_unit_merge in write.c) carry the past assessments as the public
 * side reads them. See ntm.h for the contracts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ntm/internal.h"
#include "text/vi.h"

static const char SQL_UNIT_PROVINCE[] = "SELECT 1 FROM ntm_unit WHERE id = ?1 AND level = 'province'";
static const char SQL_CODE_TAKEN[] = "SELECT 1 FROM ntm_unit WHERE code = ?1 AND valid_to IS NULL";
static const char SQL_UNIT_INSERT[] =
    "INSERT INTO ntm_unit(code, level, kind, name, full_name, slug, parent_id, valid_from, legal_basis) "
    "VALUES (?1, 'commune', ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char SQL_UNIT_CURRENT[] =
    "SELECT parent_id FROM ntm_unit WHERE id = ?1 AND valid_to IS NULL AND level = 'commune'";
static const char SQL_UNIT_END[] =
    "UPDATE ntm_unit SET valid_to = date(?2, '-1 day') WHERE id = ?1 AND valid_to IS NULL";

static const char *kind_title(const char *kind)
{
    return !strcmp(kind, "phuong") ? "Phường" : !strcmp(kind, "dac_khu") ? "Đặc khu" : "Xã";
}

static bool code_ok(struct str code)
{
    if (code.n < 1 || code.n > 10)
        return false;
    for (size_t i = 0; i < code.n; i++)
        if (code.p[i] < '0' || code.p[i] > '9')
            return false;
    return true;
}

/* Checks a new unit's fields (not the database). 0, or -1 with err. */
static int new_unit_problem(const struct ntm_new_unit *u, char *err, size_t errlen)
{
    if (!code_ok(u->code))
        return ntm_refuse(err, errlen, "Mã đơn vị mới phải là 1 đến 10 chữ số (mã danh mục hành chính).");
    if (!u->name.n || !ntm_text_ok(u->name, 200) || memchr(u->name.p, '\n', u->name.n))
        return ntm_refuse(err, errlen, "Tên đơn vị mới cần có, một dòng, tối đa 200 byte.");
    if (!u->kind || (strcmp(u->kind, "xa") && strcmp(u->kind, "phuong") && strcmp(u->kind, "dac_khu")))
        return ntm_refuse(err, errlen, "Loại đơn vị phải là xã, phường hoặc đặc khu.");
    return 0;
}

static int one(struct store_conn *db, const char *sql, int64_t id, struct str text)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    if (text.p)
        store_bind_str(st, 1, text);
    else
        sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, NULL, NULL);
}

int ntm_unit_add(struct store_conn *db, int64_t parent_id, const struct ntm_new_unit *u, const char *valid_from,
                 const char *legal_basis, int64_t *id, char *err, size_t errlen)
{
    if (new_unit_problem(u, err, errlen) != 0)
        return -1;
    if (!valid_from || strlen(valid_from) != 10 || valid_from[4] != '-' || valid_from[7] != '-')
        return ntm_refuse(err, errlen, "Ngày hiệu lực phải có dạng YYYY-MM-DD.");
    if (!legal_basis || !ntm_text_ok(str_cstr(legal_basis), 500))
        return ntm_refuse(err, errlen, "Căn cứ pháp lý quá dài hoặc không hợp lệ.");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = 0, s;
    if ((s = one(db, SQL_UNIT_PROVINCE, parent_id, STR_NULL)) != 1)
        rc = s < 0 ? ntm_refuse_sql(db, err, errlen, "tìm tỉnh") : ntm_refuse(err, errlen, "Không có tỉnh này.");
    else if ((s = one(db, SQL_CODE_TAKEN, 0, u->code)) != 0)
        rc = s < 0 ? ntm_refuse_sql(db, err, errlen, "tìm mã đơn vị")
                   : ntm_refuse(err, errlen, "Mã %.*s đang là mã của một đơn vị hiện có.", (int)u->code.n, u->code.p);
    struct buf slug = BUF_INIT;
    if (rc == 0 && (vi_slug(&slug, u->name, 80) != 0 || !slug.n))
        rc = ntm_refuse(err, errlen, "Tên đơn vị mới cần có chữ cái.");
    for (size_t i = 0; i < slug.n; i++)
        if (slug.p[i] == '-')
            slug.p[i] = '_';
    char full[260];
    snprintf(full, sizeof full, "%s %.*s", kind_title(u->kind), (int)u->name.n, u->name.p);
    sqlite3_stmt *st;
    if (rc == 0 && (st = store_stmt(db, SQL_UNIT_INSERT))) {
        store_bind_str(st, 1, u->code);
        sqlite3_bind_text(st, 2, u->kind, -1, SQLITE_TRANSIENT);
        store_bind_str(st, 3, u->name);
        sqlite3_bind_text(st, 4, full, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, slug.p, (int)slug.n, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, parent_id);
        sqlite3_bind_text(st, 7, valid_from, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 8, legal_basis, -1, SQLITE_TRANSIENT);
        if ((rc = store_step_done(db, st)) != 0)
            ntm_refuse_sql(db, err, errlen, "thêm đơn vị");
        else {
            *id = sqlite3_last_insert_rowid(db->db);
            store_touch(db, "ntm");
            store_touch(db, "ntm:ref");
            store_touch(db, "ntm:unit:%.*s", (int)u->code.n, u->code.p);
        }
    } else if (rc == 0)
        rc = ntm_refuse_sql(db, err, errlen, "thêm đơn vị");
    buf_free(&slug);
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

/* The province of current commune-level unit `id`: > 0, 0 when it is not
 * one, -1. */
static int64_t current_parent(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_CURRENT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    int64_t parent = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc < 0 ? -1 : parent;
}

/* Checks that units[0..n) are distinct current communes of one province:
 * that province's id, or -1 with err. */
static int64_t same_province(struct store_conn *db, const int64_t *units, size_t n, char *err, size_t errlen)
{
    int64_t province = 0;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < i; k++)
            if (units[k] == units[i])
                return ntm_refuse(err, errlen, "Một đơn vị được chọn hai lần.");
        int64_t p = current_parent(db, units[i]);
        if (p < 0)
            return ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
        if (p == 0)
            return ntm_refuse(err, errlen, "Đơn vị được chọn không còn hiệu lực hoặc không phải cấp xã.");
        if (province && p != province)
            return ntm_refuse(err, errlen, "Các đơn vị phải thuộc cùng một tỉnh.");
        province = p;
    }
    return province;
}

int ntm_unit_merge_new(struct store_conn *db, const int64_t *from, size_t n, const struct ntm_new_unit *into,
                       const char *effective, const char *legal_basis, bool counts_history, int64_t *id, char *err,
                       size_t errlen)
{
    if (n < 2 || n > 100)
        return ntm_refuse(err, errlen, "Cần chọn từ 2 đến 100 đơn vị để sáp nhập.");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int64_t province = same_province(db, from, n, err, errlen);
    int rc = province > 0 ? 0 : -1;
    if (rc == 0)
        rc = ntm_unit_add(db, province, into, effective, legal_basis, id, err, errlen);
    if (rc == 0)
        rc = ntm_unit_merge(db, from, n, *id, effective, legal_basis, counts_history, err, errlen);
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

int ntm_unit_split(struct store_conn *db, int64_t from, const struct ntm_new_unit *into, size_t n,
                   const char *effective, const char *legal_basis, bool counts_history, int64_t *ids, char *err,
                   size_t errlen)
{
    if (n < 2 || n > 20)
        return ntm_refuse(err, errlen, "Chia tách cần từ 2 đến 20 đơn vị mới.");
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < i; k++)
            if (str_eq(into[k].code, into[i].code))
                return ntm_refuse(err, errlen, "Hai đơn vị mới trùng mã %.*s.", (int)into[i].code.n, into[i].code.p);
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int64_t province = same_province(db, &from, 1, err, errlen);
    int rc = province > 0 ? 0 : -1;
    /* end the old unit first: a new unit may take its code */
    sqlite3_stmt *st;
    if (rc == 0 && (st = store_stmt(db, SQL_UNIT_END))) {
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_text(st, 2, effective ? effective : "", -1, SQLITE_TRANSIENT);
        if ((rc = store_step_done(db, st)) != 0)
            ntm_refuse_sql(db, err, errlen, "ghi ngày hết hiệu lực");
    } else if (rc == 0)
        rc = ntm_refuse_sql(db, err, errlen, "ghi ngày hết hiệu lực");
    for (size_t i = 0; i < n && rc == 0; i++) {
        rc = ntm_unit_add(db, province, &into[i], effective, legal_basis, &ids[i], err, errlen);
        if (rc == 0)
            rc = ntm_unit_merge(db, &from, 1, ids[i], effective, legal_basis, counts_history, err, errlen);
    }
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

static const char SQL_PROVINCE_ID[] =
    "SELECT id FROM ntm_unit WHERE code = ?1 AND level = 'province' AND valid_to IS NULL";
static const char SQL_HOME_SET[] = "INSERT INTO ntm_home(id, unit_id, chosen_at, chosen_by) VALUES (1, ?1, ?2, ?3) "
                                   "ON CONFLICT(id) DO UPDATE SET unit_id = ?1, chosen_at = ?2, chosen_by = ?3";

int ntm_home_set(struct store_conn *db, struct str code, int64_t user_id, int64_t now, char *err, size_t errlen)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_PROVINCE_ID);
    if (!st)
        return store_write_finish(db, -1);
    store_bind_str(st, 1, code);
    int rc = store_step(db, st);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    if (rc < 0)
        return store_write_finish(db, -1);
    if (!id) {
        snprintf(err, errlen, "Không có tỉnh, thành phố nào mang mã %.*s.", (int)(code.n > 16 ? 16 : code.n), code.p);
        store_write_rollback(db);
        return 1;
    }
    if (!(st = store_stmt(db, SQL_HOME_SET)))
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    if (user_id)
        sqlite3_bind_int64(st, 3, user_id);
    else
        sqlite3_bind_null(st, 3);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    /* every page of the monitor, and the names on them */
    store_touch(db, "ntm");
    store_touch(db, "ntm:ref");
    return store_write_finish(db, 0);
}
