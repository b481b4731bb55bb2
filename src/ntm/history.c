/*
 * history.c - a model's state year by year (ntm_model_year): what
 * ntm_model_save records for the year of the save, and what the office
 * (or the demo) records for an earlier year. The public pages of a year
 * read the latest state up to it (extras.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "ntm/internal.h"

static const char SQL_MODEL_YEAR_SET[] =
    "INSERT INTO ntm_model_year(model_id, year, state, recognised_year) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(model_id, year) DO UPDATE SET state = excluded.state, recognised_year = excluded.recognised_year";
static const char SQL_MODEL_OF[] = "SELECT u.code FROM ntm_model m JOIN ntm_unit u ON u.id = m.unit_id WHERE m.id = ?1";

int ntm_year_now(void)
{
    time_t t = (time_t)(clock_now() + 7 * 3600); /* Vietnam time */
    struct tm tm;
    gmtime_r(&t, &tm);
    return tm.tm_year + 1900;
}

int ntm_model_history_note(struct store_conn *db, int64_t model_id, int year, const char *state, int recognised_year)
{
    sqlite3_stmt *st = store_stmt(db, SQL_MODEL_YEAR_SET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, model_id);
    sqlite3_bind_int(st, 2, year);
    sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
    if (recognised_year)
        sqlite3_bind_int(st, 4, recognised_year);
    else
        sqlite3_bind_null(st, 4);
    return store_step_done(db, st);
}

int ntm_model_history_set(struct store_conn *db, int64_t model_id, int year, const char *state, int recognised_year,
                          char *err, size_t errlen)
{
    if (strcmp(state, "registered") && strcmp(state, "building") && strcmp(state, "recognised") &&
        strcmp(state, "revoked"))
        return ntm_refuse(err, errlen, "Trạng thái mô hình không hợp lệ.");
    if (year < 2000 || year > 2100 || (recognised_year && (recognised_year < 2000 || recognised_year > year)))
        return ntm_refuse(err, errlen, "Năm không hợp lệ.");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    sqlite3_stmt *st = store_stmt(db, SQL_MODEL_OF);
    if (st)
        sqlite3_bind_int64(st, 1, model_id);
    int rc = st ? store_step(db, st) : -1;
    if (rc == 1) {
        struct str code = store_col_str(st, 0);
        store_touch(db, "ntm:unit:%.*s", (int)code.n, code.p);
    }
    if (st)
        sqlite3_reset(st);
    if (rc == 0) {
        store_write_finish(db, -1);
        return ntm_refuse(err, errlen, "Không có mô hình này.");
    }
    if (rc == 1)
        rc = ntm_model_history_note(db, model_id, year, state, recognised_year);
    if (rc == 0)
        store_touch(db, "ntm");
    else
        ntm_refuse_sql(db, err, errlen, "ghi lịch sử mô hình");
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "ghi");
    return rc;
}
