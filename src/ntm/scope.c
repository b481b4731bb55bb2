/*
 * scope.c - what an NTM account may enter: the units of a commune
 * reporter and the department of a department officer (see ntm.h). The
 * role itself is the people module's; this file keeps only the scope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "ntm/internal.h"
#include "text/vi.h"

static const char SQL_CLEAR_UNITS[] = "DELETE FROM ntm_scope_unit WHERE user_id = ?1";
static const char SQL_ADD_UNIT[] = "INSERT OR IGNORE INTO ntm_scope_unit(user_id, unit_id) VALUES (?1, ?2)";
static const char SQL_UNIT_EXISTS[] = "SELECT 1 FROM ntm_unit WHERE id = ?1";
static const char SQL_CLEAR_DEPARTMENT[] = "DELETE FROM ntm_scope_department WHERE user_id = ?1";
static const char SQL_SET_DEPARTMENT[] =
    "INSERT INTO ntm_scope_department(user_id, department) VALUES (?1, ?2) "
    "ON CONFLICT(user_id) DO UPDATE SET department = excluded.department";
static const char SQL_DEPARTMENT_KNOWN[] =
    "SELECT 1 FROM ntm_responsible WHERE kind = 'department' AND name = ?1 LIMIT 1";
static const char SQL_SCOPE_UNITS[] = "SELECT unit_id FROM ntm_scope_unit WHERE user_id = ?1 ORDER BY unit_id LIMIT 64";
static const char SQL_SCOPE_HOLDERS[] = "SELECT user_id FROM ntm_scope_unit WHERE unit_id = ?1 ORDER BY user_id "
                                        "LIMIT ?2";
static const char SQL_SCOPE_DEPARTMENT[] = "SELECT department FROM ntm_scope_department WHERE user_id = ?1";
/* The criteria assigned to the department, and those of the same number
 * in the versions made from their sets since that have no department of
 * their own (a version copies its set's departments; the office may have
 * changed them there). */
static const char SQL_DEPARTMENT_CRITERIA[] =
    "WITH RECURSIVE d(set_id, number, direct) AS (SELECT c.set_id, c.number, 1 FROM ntm_responsible r "
    "JOIN ntm_criterion c ON c.id = r.criterion_id WHERE r.kind = 'department' AND r.name = ?1 "
    "UNION SELECT s.id, d.number, 0 FROM ntm_set s JOIN d ON s.parent_id = d.set_id) "
    "SELECT DISTINCT c.id FROM d JOIN ntm_criterion c ON c.set_id = d.set_id AND c.number = d.number "
    "WHERE d.direct OR NOT EXISTS (SELECT 1 FROM ntm_responsible x WHERE x.criterion_id = c.id "
    "AND x.kind = 'department') ORDER BY c.id LIMIT 1000";
static const char SQL_DEPARTMENTS[] =
    "SELECT DISTINCT name FROM ntm_responsible WHERE kind = 'department' ORDER BY name LIMIT 200";
/* The same, but for responsibility ?1 (the one being renamed: its old
 * spelling must not win over a corrected one). */
static const char SQL_DEPARTMENTS_BUT[] =
    "SELECT DISTINCT name FROM ntm_responsible WHERE kind = 'department' AND id <> ?1 ORDER BY name LIMIT 200";

/* Two spellings of one department's name: the same letters whatever their
 * case and the spaces around and between the words. */
static int same_department(struct str a, struct str b, struct buf *x, struct buf *y)
{
    buf_reset(x);
    buf_reset(y);
    if (vi_upper(x, a) != 0 || vi_upper(y, b) != 0)
        return 0;
    return str_eq(buf_str(x), buf_str(y));
}

/* Trims and collapses the spaces of `name` into `out`. */
static void squeeze(struct str name, struct buf *out)
{
    bool space = false;
    for (size_t i = 0; i < name.n; i++) {
        char c = name.p[i];
        if (c == ' ' || c == '\t') {
            space = out->n > 0;
            continue;
        }
        if (space)
            buf_putc(out, ' ');
        space = false;
        buf_putc(out, c);
    }
}

static int canonical_into(struct store_conn *db, struct str name, int64_t except_id, struct buf *out)
{
    buf_reset(out);
    squeeze(name, out);
    sqlite3_stmt *st = store_stmt(db, except_id ? SQL_DEPARTMENTS_BUT : SQL_DEPARTMENTS);
    if (!st)
        return -1;
    if (except_id)
        sqlite3_bind_int64(st, 1, except_id);
    struct buf x = BUF_INIT, y = BUF_INIT, typed = BUF_INIT;
    buf_put(&typed, buf_str(out));
    int rc;
    bool found = false;
    while (!found && (rc = store_step(db, st)) == 1) {
        struct str known = store_col_str(st, 0);
        if (same_department(known, buf_str(&typed), &x, &y)) {
            buf_reset(out);
            buf_put(out, known);
            found = true;
        }
    }
    sqlite3_reset(st);
    buf_free(&x);
    buf_free(&y);
    buf_free(&typed);
    return found || rc == 0 ? 0 : -1;
}

int ntm_department_canonical(struct store_conn *db, struct str *name, int64_t except_id,
                             char room[NTM_DEPARTMENT_ROOM])
{
    struct buf canon = BUF_INIT;
    int rc = canonical_into(db, *name, except_id, &canon);
    if (rc == 0 && canon.n && canon.n <= NTM_DEPARTMENT_ROOM) {
        memcpy(room, canon.p, canon.n);
        *name = (struct str){room, canon.n};
    }
    buf_free(&canon);
    return rc;
}

int ntm_scope_set_units(struct store_conn *db, int64_t user_id, const int64_t *units, size_t n, char *err,
                        size_t errlen)
{
    if (n > NTM_SCOPE_MAX_UNITS) {
        return ntm_refuse(err, errlen, "Một tài khoản chỉ được giao tối đa %d xã.", NTM_SCOPE_MAX_UNITS);
    }
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_stmt *st = store_stmt(db, SQL_UNIT_EXISTS);
        if (!st) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(st, 1, units[i]);
        int found = store_step_once(db, st, NULL, NULL);
        if (found < 0)
            rc = -1;
        else if (found == 0) {
            rc = ntm_refuse(err, errlen, "Không có đơn vị hành chính mã số %lld.", (long long)units[i]);
        }
    }
    if (rc == 0 && store_replace_links(db, SQL_CLEAR_UNITS, SQL_ADD_UNIT, user_id, units, n) != 0)
        rc = ntm_refuse_sql(db, err, errlen, "ghi phạm vi của tài khoản");
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

int ntm_scope_set_department(struct store_conn *db, int64_t user_id, struct str department, char *err,
                             size_t errlen)
{
    if (!ntm_text_ok(department, 200))
        return ntm_refuse(err, errlen, "Tên sở, ngành không hợp lệ (tối đa 200 byte UTF-8).");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int rc = 0;
    sqlite3_stmt *st;
    if (!department.n) {
        st = store_stmt(db, SQL_CLEAR_DEPARTMENT);
        if (!st)
            rc = -1;
        else {
            sqlite3_bind_int64(st, 1, user_id);
            rc = store_step_done(db, st);
        }
    } else {
        /* the spelling the criteria were given ("sở nông nghiệp" is "Sở Nông nghiệp") */
        char room[NTM_DEPARTMENT_ROOM];
        int known = -1;
        if (ntm_department_canonical(db, &department, 0, room) == 0 && (st = store_stmt(db, SQL_DEPARTMENT_KNOWN))) {
            store_bind_str(st, 1, department);
            known = store_step_once(db, st, NULL, NULL);
        }
        if (known < 0)
            rc = ntm_refuse_sql(db, err, errlen, "đọc danh sách sở, ngành");
        else if (known == 0) {
            rc = ntm_refuse(err, errlen, "Chưa có tiêu chí nào giao cho “%.*s”: chọn một sở, ngành trong danh sách.",
                            (int)(department.n > 200 ? 200 : department.n), department.p);
        } else if (!(st = store_stmt(db, SQL_SET_DEPARTMENT)))
            rc = -1;
        else {
            sqlite3_bind_int64(st, 1, user_id);
            store_bind_str(st, 2, department);
            rc = store_step_done(db, st);
        }
    }
    if (rc == -1 && store_failed(db))
        ntm_refuse_sql(db, err, errlen, "ghi phạm vi của tài khoản");
    if (store_write_finish(db, rc) != 0 && rc == 0)
        return ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}

/* Reads up to `cap` ids from `st` (bound) into a new array of `a`. */
static int read_ids(struct store_conn *db, sqlite3_stmt *st, size_t cap, struct arena *a, int64_t **out, size_t *n)
{
    int64_t *ids = arena_alloc(a, cap * sizeof *ids);
    size_t k = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1 && k < cap)
        ids[k++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    *out = ids;
    *n = k;
    return rc < 0 ? -1 : 0;
}

int ntm_scope_read(struct store_conn *db, int64_t user_id, struct arena *a, struct ntm_scope *out)
{
    memset(out, 0, sizeof *out);
    out->department = STR("");
    sqlite3_stmt *st = store_stmt(db, SQL_SCOPE_UNITS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    if (read_ids(db, st, NTM_SCOPE_MAX_UNITS, a, &out->units, &out->n_units) != 0)
        return -1;
    if (!(st = store_stmt(db, SQL_SCOPE_DEPARTMENT)))
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    int rc = store_step(db, st);
    if (rc == 1)
        out->department = store_col_copy(a, st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;
    if (!out->department.n)
        return 0;
    if (!(st = store_stmt(db, SQL_DEPARTMENT_CRITERIA)))
        return -1;
    store_bind_str(st, 1, out->department);
    return read_ids(db, st, 1000, a, &out->criteria, &out->n_criteria);
}

int ntm_scope_holders(struct store_conn *db, int64_t unit_id, size_t cap, struct arena *a, int64_t **user_ids,
                      size_t *n)
{
    sqlite3_stmt *st = store_stmt(db, SQL_SCOPE_HOLDERS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, unit_id);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)cap);
    return read_ids(db, st, cap, a, user_ids, n);
}

static bool holds(const int64_t *ids, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] == id)
            return true;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

bool ntm_scope_has_unit(const struct ntm_scope *s, int64_t unit_id)
{
    return holds(s->units, s->n_units, unit_id);
}

bool ntm_scope_has_criterion(const struct ntm_scope *s, int64_t criterion_id)
{
    return holds(s->criteria, s->n_criteria, criterion_id);
}

int ntm_departments(struct store_conn *db, struct arena *a, struct str **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_DEPARTMENTS);
    if (!st)
        return -1;
    struct str *names = arena_alloc(a, 200 * sizeof *names);
    size_t k = 0;
    int rc;
    while ((rc = store_step(db, st)) == 1 && k < 200)
        names[k++] = store_col_copy(a, st, 0);
    sqlite3_reset(st);
    *out = names;
    *n = k;
    return rc < 0 ? -1 : 0;
}
