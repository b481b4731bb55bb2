/*
 * load.c - loading the shipped data (the CSV files of data/ntm/, compiled in by
 * tools/embed.c as build/gen/ntm_data.c) and CSV given by the office: the
 * administrative units and the criteria sets. Loading again changes only
 * what differs, and recomputes the assessments of a set whose targets
 * changed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/internal.h"
#include "text/utf8.h"
#include "text/vitime.h"

struct embedded_file {
    const char *name;
    const char *text;
    size_t size;
};
extern const struct embedded_file ntm_data_files[]; /* build/gen/ntm_data.c */

struct str ntm_builtin_file(const char *name)
{
    for (size_t i = 0; ntm_data_files[i].name; i++)
        if (!strcmp(ntm_data_files[i].name, name))
            return str_make(ntm_data_files[i].text, ntm_data_files[i].size);
    return STR_NULL;
}

/* Checks a CSV's header row: the names, in order. A UTF-8 byte order
 * mark before it (Excel's "CSV UTF-8", and the monitor's own exports,
 * write one) is passed over. */
static int header(struct str *in, struct arena *a, const char *const *names, size_t n, const char *file, char *err,
                  size_t errlen)
{
    if (str_starts_with(*in, STR("\xEF\xBB\xBF")))
        *in = str_skip(*in, 3);
    struct str f[NTM_CSV_FIELDS];
    int nf = ntm_csv_row(in, a, f, NTM_CSV_FIELDS);
    if (nf < (int)n)
        return ntm_refuse(err, errlen, "Tệp %s thiếu dòng tiêu đề hoặc cột.", file);
    for (size_t i = 0; i < n; i++)
        if (!str_eq_lit(f[i], names[i]))
            return ntm_refuse(err, errlen, "Tệp %s: cột %zu phải là \"%s\".", file, i + 1, names[i]);
    return 0;
}

/* A unit's code ("18073", "01"): 1 to 10 digits; the province's may be
 * empty (a province has none above it). */
static bool code_ok(struct str s, bool may_be_empty)
{
    if (!s.n)
        return may_be_empty;
    if (s.n > 10)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
    return true;
}

/* A unit's slug ("thach_ha"): lower-case ASCII letters, digits, '_' and '-'. */
static bool slug_ok(struct str s)
{
    if (s.n > 200)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static bool parse_long(struct str s, long lo, long hi, long *out)
{
    if (!s.n || s.n > 20)
        return false;
    char buf[24];
    memcpy(buf, s.p, s.n);
    buf[s.n] = '\0';
    char *end;
    long v = strtol(buf, &end, 10);
    if (*end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static const char *kind_label(struct str kind)
{
    static const char *const k[][2] = {{"tinh", "Tỉnh"},       {"thanh_pho", "Thành phố"},
                                       {"xa", "Xã"},           {"phuong", "Phường"},
                                       {"dac_khu", "Đặc khu"}, {"thi_tran", "Thị trấn"},
                                       {"huyen", "Huyện"},     {"quan", "Quận"},
                                       {"thi_xa", "Thị xã"},   {"thanh_pho_thuoc_tinh", "Thành phố"}};
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++)
        if (str_eq_lit(kind, k[i][0]))
            return k[i][1];
    return NULL;
}

static const char SQL_UNIT_FIND[] = "SELECT id FROM ntm_unit WHERE code = ?1 AND valid_to IS NULL";
static const char SQL_UNIT_INSERT[] =
    "INSERT INTO ntm_unit(code, level, kind, name, full_name, slug, parent_id, valid_from, legal_basis) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, 0), ?8, ?9)";
static const char SQL_UNIT_UPDATE[] =
    "UPDATE ntm_unit SET kind = ?2, name = ?3, full_name = ?4, slug = ?5, parent_id = nullif(?6, 0) "
    "WHERE id = ?1 AND (kind IS NOT ?2 OR name IS NOT ?3 OR full_name IS NOT ?4 OR slug IS NOT ?5 "
    "OR parent_id IS NOT nullif(?6, 0))";

static int64_t unit_find(struct store_conn *db, struct str code)
{
    sqlite3_stmt *st = store_stmt(db, SQL_UNIT_FIND);
    if (!st)
        return -1;
    store_bind_str(st, 1, code);
    int rc = store_step(db, st);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : rc == 0 ? 0 : -1;
    sqlite3_reset(st);
    return id;
}

static int load_units(struct store_conn *db, struct str csv, const char *valid_from, int *count, struct arena *a,
                      char *err, size_t errlen)
{
    static const char *const cols[] = {"code", "province", "kind", "name", "slug"};
    if (header(&csv, a, cols, 5, "đơn vị hành chính", err, errlen) != 0)
        return -1;
    int rows = 0;
    bool touched_all = false;
    struct str f[NTM_CSV_FIELDS];
    int nf;
    while ((nf = ntm_csv_row(&csv, a, f, NTM_CSV_FIELDS)) != 0) {
        rows++;
        if (nf != 5)
            return ntm_refuse(err, errlen, "Dòng %d của danh sách đơn vị không đủ 5 cột.", rows + 1);
        struct str code = f[0], prov = f[1], kind = f[2], name = f[3], slug = f[4];
        const char *label = kind_label(kind);
        bool is_province = prov.n == 0;
        if (!label || !code_ok(code, false) || !code_ok(prov, true) || !ntm_text_ok(name, 200) || name.n == 0 ||
            !slug_ok(slug) ||
            (is_province != (str_eq_lit(kind, "tinh") || str_eq_lit(kind, "thanh_pho"))))
            return ntm_refuse(err, errlen, "Dòng %d của danh sách đơn vị không hợp lệ (mã, loại hoặc tên).", rows + 1);
        int64_t parent = 0;
        if (!is_province) {
            parent = unit_find(db, prov);
            if (parent < 0)
                return ntm_refuse_sql(db, err, errlen, "tìm tỉnh");
            if (parent == 0)
                return ntm_refuse(err, errlen, "Dòng %d: tỉnh mã %.*s chưa có (tỉnh phải đứng trước xã).", rows + 1,
                                  (int)prov.n, prov.p);
        }
        struct str full = arena_printf(a, "%s %.*s", label, (int)name.n, name.p);
        int64_t id = unit_find(db, code);
        if (id < 0)
            return ntm_refuse_sql(db, err, errlen, "tìm đơn vị");
        sqlite3_stmt *st;
        if (id == 0) {
            st = store_stmt(db, SQL_UNIT_INSERT);
            if (!st)
                return ntm_refuse_sql(db, err, errlen, "thêm đơn vị");
            store_bind_str(st, 1, code);
            sqlite3_bind_text(st, 2, is_province ? "province" : "commune", -1, SQLITE_STATIC);
            store_bind_str(st, 3, kind);
            store_bind_str(st, 4, name);
            store_bind_str(st, 5, full);
            store_bind_str(st, 6, slug);
            sqlite3_bind_int64(st, 7, parent);
            sqlite3_bind_text(st, 8, valid_from, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 9, NTM_UNITS_LEGAL_BASIS, -1, SQLITE_STATIC);
        } else {
            st = store_stmt(db, SQL_UNIT_UPDATE);
            if (!st)
                return ntm_refuse_sql(db, err, errlen, "sửa đơn vị");
            sqlite3_bind_int64(st, 1, id);
            store_bind_str(st, 2, kind);
            store_bind_str(st, 3, name);
            store_bind_str(st, 4, full);
            store_bind_str(st, 5, slug);
            sqlite3_bind_int64(st, 6, parent);
        }
        if (store_step_done(db, st) != 0)
            return ntm_refuse_sql(db, err, errlen, "ghi đơn vị");
        if (sqlite3_changes(db->db) > 0) {
            store_touch(db, "ntm:unit:%.*s", (int)code.n, code.p);
            touched_all = true;
        }
    }
    if (nf < 0)
        return ntm_refuse(err, errlen, "Danh sách đơn vị có dòng hỏng sau dòng %d.", rows + 1);
    if (touched_all) {
        store_touch(db, "ntm");
        store_touch(db, "ntm:ref"); /* names on every unit's and criterion's page */
    }
    if (count)
        *count = rows;
    return 0;
}

int ntm_load_units_csv(struct store_conn *db, struct str csv, const char *valid_from, int *count, char *err,
                       size_t errlen)
{
    int64_t day;
    if (!valid_from || strlen(valid_from) != 10 || !vi_parse_date(str_cstr(valid_from), &day))
        return ntm_refuse(err, errlen, "Ngày hiệu lực phải là một ngày có thật, dạng YYYY-MM-DD (2025-07-01).");
    struct arena a;
    arena_init(&a, 1 << 16);
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    }
    int rc = load_units(db, csv, valid_from, count, &a, err, errlen);
    arena_free(&a);
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "ghi danh sách đơn vị");
    return 0;
}

/* --- sets ---------------------------------------------------------------- */

static const char SQL_SET_UPSERT[] =
    "INSERT INTO ntm_set(code, name, decision, tier, target_scheme, year_from, year_to, verified, source_url) "
    "VALUES (?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8, ?9) ON CONFLICT(code) DO UPDATE SET name = excluded.name, "
    "decision = excluded.decision, tier = excluded.tier, target_scheme = excluded.target_scheme, "
    "year_from = excluded.year_from, year_to = excluded.year_to, verified = excluded.verified, "
    "source_url = excluded.source_url WHERE name IS NOT excluded.name OR decision IS NOT excluded.decision "
    "OR tier IS NOT excluded.tier OR target_scheme IS NOT excluded.target_scheme "
    "OR year_from IS NOT excluded.year_from OR year_to IS NOT excluded.year_to "
    "OR verified IS NOT excluded.verified OR source_url IS NOT excluded.source_url";
static const char SQL_SET_ID[] = "SELECT id FROM ntm_set WHERE code = ?1";
static const char SQL_CRIT_UPSERT[] =
    "INSERT INTO ntm_criterion(set_id, number, sort, name, indicators_loaded) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT(set_id, number) DO UPDATE SET sort = excluded.sort, name = excluded.name, "
    "indicators_loaded = excluded.indicators_loaded WHERE sort IS NOT excluded.sort OR name IS NOT excluded.name "
    "OR indicators_loaded IS NOT excluded.indicators_loaded";
static const char SQL_CRIT_ID[] = "SELECT id FROM ntm_criterion WHERE set_id = ?1 AND number = ?2";
static const char SQL_IND_UPSERT[] =
    "INSERT INTO ntm_indicator(criterion_id, code, sort, name, value_type, unit, levels, note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, nullif(?7, ''), ?8) ON CONFLICT(criterion_id, code) DO UPDATE SET "
    "sort = excluded.sort, name = excluded.name, value_type = excluded.value_type, unit = excluded.unit, "
    "levels = excluded.levels, note = excluded.note WHERE sort IS NOT excluded.sort OR name IS NOT excluded.name "
    "OR value_type IS NOT excluded.value_type OR unit IS NOT excluded.unit OR levels IS NOT excluded.levels "
    "OR note IS NOT excluded.note";
static const char SQL_IND_ID[] =
    "SELECT i.id, i.value_type FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
    "WHERE c.set_id = ?1 AND i.code = ?2";
static const char SQL_TARGET_UPSERT[] =
    "INSERT INTO ntm_target(indicator_id, applies_to, op, threshold, text) VALUES (?1, ?2, nullif(?3, ''), ?4, ?5) "
    "ON CONFLICT(indicator_id, applies_to) DO UPDATE SET op = excluded.op, threshold = excluded.threshold, "
    "text = excluded.text WHERE op IS NOT excluded.op OR threshold IS NOT excluded.threshold "
    "OR text IS NOT excluded.text";
static const char SQL_SET_HAS_ASSESSMENTS[] = "SELECT 1 FROM ntm_assessment WHERE set_id = ?1 LIMIT 1";

static int64_t id_of(struct store_conn *db, const char *sql, int64_t a, struct str b)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    int i = 1;
    if (a)
        sqlite3_bind_int64(st, i++, a);
    store_bind_str(st, i, b);
    int rc = store_step(db, st);
    int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : rc == 0 ? 0 : -1;
    sqlite3_reset(st);
    return id;
}

struct set_seen {
    char code[64];
    int64_t id;
    bool dirty;
};

static struct set_seen *seen_set(struct set_seen *s, size_t n, struct str code)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(s[i].code) == code.n && !memcmp(s[i].code, code.p, code.n))
            return &s[i];
    return NULL;
}

static int changed(struct store_conn *db, sqlite3_stmt *st, bool *dirty)
{
    if (store_step_done(db, st) != 0)
        return -1;
    if (sqlite3_changes(db->db) > 0)
        *dirty = true;
    return 0;
}

static int load_sets(struct store_conn *db, const struct ntm_set_files *files, struct arena *a, char *err,
                     size_t errlen)
{
    enum { MAX_SETS = 32 };
    struct set_seen sets[MAX_SETS];
    size_t n_sets = 0;
    struct str f[NTM_CSV_FIELDS];
    int nf, row;

    static const char *const set_cols[] = {"code",      "name",    "decision", "tier",      "target_scheme",
                                           "year_from", "year_to", "verified", "source_url"};
    struct str csv = files->sets;
    if (header(&csv, a, set_cols, 9, "bộ tiêu chí", err, errlen) != 0)
        return -1;
    for (row = 2; (nf = ntm_csv_row(&csv, a, f, NTM_CSV_FIELDS)) != 0; row++) {
        long y0, y1, verified;
        if (nf != 9 || f[0].n == 0 || f[0].n >= sizeof sets[0].code || !ntm_text_ok(f[1], 500) ||
            !ntm_text_ok(f[2], 500) || !parse_long(f[5], 2000, 2100, &y0) || !parse_long(f[6], y0, 2100, &y1) ||
            !parse_long(f[7], 0, 1, &verified))
            return ntm_refuse(err, errlen, "Dòng %d của tệp bộ tiêu chí không hợp lệ.", row);
        if (n_sets == MAX_SETS)
            return ntm_refuse(err, errlen, "Một lần nạp tối đa %d bộ tiêu chí.", MAX_SETS);
        sqlite3_stmt *st = store_stmt(db, SQL_SET_UPSERT);
        if (!st)
            return ntm_refuse_sql(db, err, errlen, "ghi bộ tiêu chí");
        for (int i = 0; i < 5; i++)
            store_bind_str(st, i + 1, f[i]);
        sqlite3_bind_int(st, 6, (int)y0);
        sqlite3_bind_int(st, 7, (int)y1);
        sqlite3_bind_int(st, 8, (int)verified);
        store_bind_str(st, 9, f[8]);
        struct set_seen *s = &sets[n_sets++];
        memcpy(s->code, f[0].p, f[0].n);
        s->code[f[0].n] = '\0';
        s->dirty = false;
        bool meta = false;
        if (changed(db, st, &meta) != 0)
            return ntm_refuse(err, errlen, "Dòng %d của tệp bộ tiêu chí bị từ chối (loại hoặc cách chia mức).", row);
        s->id = id_of(db, SQL_SET_ID, 0, f[0]);
        if (s->id <= 0)
            return ntm_refuse_sql(db, err, errlen, "đọc bộ tiêu chí");
        if (meta) {
            store_touch(db, "ntm");
            store_touch(db, "ntm:ref");
        }
    }
    if (nf < 0)
        return ntm_refuse(err, errlen, "Tệp bộ tiêu chí có dòng hỏng.");

    static const char *const crit_cols[] = {"set", "number", "sort", "name", "indicators_loaded"};
    csv = files->criteria;
    if (header(&csv, a, crit_cols, 5, "tiêu chí", err, errlen) != 0)
        return -1;
    for (row = 2; (nf = ntm_csv_row(&csv, a, f, NTM_CSV_FIELDS)) != 0; row++) {
        long sort, loaded;
        struct set_seen *s = nf == 5 ? seen_set(sets, n_sets, f[0]) : NULL;
        if (!s || f[1].n == 0 || f[1].n > 10 || !parse_long(f[2], 1, 1000, &sort) || f[3].n == 0 ||
            !ntm_text_ok(f[3], 500) || !parse_long(f[4], 0, 1, &loaded))
            return ntm_refuse(err, errlen, "Dòng %d của tệp tiêu chí không hợp lệ (hoặc bộ tiêu chí chưa khai).", row);
        sqlite3_stmt *st = store_stmt(db, SQL_CRIT_UPSERT);
        if (!st)
            return ntm_refuse_sql(db, err, errlen, "ghi tiêu chí");
        sqlite3_bind_int64(st, 1, s->id);
        store_bind_str(st, 2, f[1]);
        sqlite3_bind_int(st, 3, (int)sort);
        store_bind_str(st, 4, f[3]);
        sqlite3_bind_int(st, 5, (int)loaded);
        if (changed(db, st, &s->dirty) != 0)
            return ntm_refuse_sql(db, err, errlen, "ghi tiêu chí");
    }
    if (nf < 0)
        return ntm_refuse(err, errlen, "Tệp tiêu chí có dòng hỏng.");

    static const char *const ind_cols[] = {"set",        "criterion", "code",   "sort", "name",
                                           "value_type", "unit",      "levels", "note"};
    csv = files->indicators;
    if (header(&csv, a, ind_cols, 9, "chỉ tiêu", err, errlen) != 0)
        return -1;
    for (row = 2; (nf = ntm_csv_row(&csv, a, f, NTM_CSV_FIELDS)) != 0; row++) {
        long sort;
        struct set_seen *s = nf == 9 ? seen_set(sets, n_sets, f[0]) : NULL;
        int64_t crit = s ? id_of(db, SQL_CRIT_ID, s->id, f[1]) : 0;
        if (crit < 0)
            return ntm_refuse_sql(db, err, errlen, "tìm tiêu chí");
        if (!crit || f[2].n == 0 || f[2].n > 16 || !parse_long(f[3], 1, 1000, &sort) || f[4].n == 0 ||
            !ntm_text_ok(f[4], NTM_TEXT_MAX) || !ntm_text_ok(f[6], 100) || !ntm_text_ok(f[7], NTM_TEXT_MAX) ||
            !ntm_text_ok(f[8], NTM_TEXT_MAX))
            return ntm_refuse(err, errlen, "Dòng %d của tệp chỉ tiêu không hợp lệ (hoặc tiêu chí chưa khai).", row);
        sqlite3_stmt *st = store_stmt(db, SQL_IND_UPSERT);
        if (!st)
            return ntm_refuse_sql(db, err, errlen, "ghi chỉ tiêu");
        sqlite3_bind_int64(st, 1, crit);
        store_bind_str(st, 2, f[2]);
        sqlite3_bind_int(st, 3, (int)sort);
        for (int i = 4; i < 9; i++)
            store_bind_str(st, i, f[i]);
        if (changed(db, st, &s->dirty) != 0)
            return ntm_refuse(err, errlen,
                              "Dòng %d của tệp chỉ tiêu bị từ chối (kiểu giá trị: met, percent, "
                              "number hoặc level).",
                              row);
    }
    if (nf < 0)
        return ntm_refuse(err, errlen, "Tệp chỉ tiêu có dòng hỏng.");

    static const char *const target_cols[] = {"set", "indicator", "applies_to", "op", "threshold", "text"};
    csv = files->targets;
    if (header(&csv, a, target_cols, 6, "mức chỉ tiêu", err, errlen) != 0)
        return -1;
    for (row = 2; (nf = ntm_csv_row(&csv, a, f, NTM_CSV_FIELDS)) != 0; row++) {
        struct set_seen *s = nf == 6 ? seen_set(sets, n_sets, f[0]) : NULL;
        int64_t ind = s ? id_of(db, SQL_IND_ID, s->id, f[1]) : 0;
        if (ind < 0)
            return ntm_refuse_sql(db, err, errlen, "tìm chỉ tiêu");
        bool known = f[3].n > 0;
        double threshold = NAN;
        if (known) {
            char buf[40];
            char *end = NULL;
            if (f[4].n > 0 && f[4].n < sizeof buf) {
                memcpy(buf, f[4].p, f[4].n);
                buf[f[4].n] = '\0';
                threshold = strtod(buf, &end);
            }
            if (!end || *end || !isfinite(threshold))
                known = false, ind = 0; /* an op without a number: refused below */
        } else if (f[4].n > 0)
            ind = 0; /* a number without an op */
        if (!ind || f[2].n == 0 || f[2].n > 100 || !ntm_text_ok(f[2], 100) || !ntm_text_ok(f[5], 500) ||
            (known && !str_eq_lit(f[3], ">=") && !str_eq_lit(f[3], "<=") && !str_eq_lit(f[3], "=")))
            return ntm_refuse(err, errlen, "Dòng %d của tệp mức chỉ tiêu không hợp lệ.", row);
        sqlite3_stmt *st = store_stmt(db, SQL_TARGET_UPSERT);
        if (!st)
            return ntm_refuse_sql(db, err, errlen, "ghi mức chỉ tiêu");
        sqlite3_bind_int64(st, 1, ind);
        store_bind_str(st, 2, f[2]);
        store_bind_str(st, 3, known ? f[3] : STR(""));
        if (known)
            sqlite3_bind_double(st, 4, threshold);
        else
            sqlite3_bind_null(st, 4);
        store_bind_str(st, 5, f[5]);
        if (changed(db, st, &s->dirty) != 0)
            return ntm_refuse_sql(db, err, errlen, "ghi mức chỉ tiêu");
    }
    if (nf < 0)
        return ntm_refuse(err, errlen, "Tệp mức chỉ tiêu có dòng hỏng.");

    for (size_t i = 0; i < n_sets; i++) {
        if (!sets[i].dirty)
            continue;
        store_touch(db, "ntm");
        store_touch(db, "ntm:ref");
        sqlite3_stmt *st = store_stmt(db, SQL_SET_HAS_ASSESSMENTS);
        if (!st)
            return ntm_refuse_sql(db, err, errlen, "đọc đánh giá");
        sqlite3_bind_int64(st, 1, sets[i].id);
        int has = store_step_once(db, st, NULL, NULL);
        if (has < 0)
            return ntm_refuse_sql(db, err, errlen, "đọc đánh giá");
        int n;
        if (has && ntm_recompute_set(db, sets[i].id, &n, err, errlen) != 0)
            return -1;
    }
    return 0;
}

int ntm_load_sets_csv(struct store_conn *db, const struct ntm_set_files *files, char *err, size_t errlen)
{
    struct arena a;
    arena_init(&a, 1 << 16);
    if (store_write_begin(db) != 0) {
        arena_free(&a);
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    }
    int rc = load_sets(db, files, &a, err, errlen);
    arena_free(&a);
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "ghi bộ tiêu chí");
    return 0;
}

int ntm_load_builtin(struct store_conn *db, char *err, size_t errlen)
{
    struct ntm_set_files f = {ntm_builtin_file("sets.csv"), ntm_builtin_file("criteria.csv"),
                              ntm_builtin_file("indicators.csv"), ntm_builtin_file("targets.csv")};
    struct str units = ntm_builtin_file("units.csv");
    if (!f.sets.p || !f.criteria.p || !f.indicators.p || !f.targets.p || !units.p)
        return ntm_refuse(err, errlen, "Bản dựng này thiếu dữ liệu nông thôn mới (data/ntm/).");
    if (store_write_begin(db) != 0)
        return ntm_refuse_sql(db, err, errlen, "mở giao dịch");
    int count = 0;
    int rc = ntm_load_units_csv(db, units, NTM_UNITS_VALID_FROM, &count, err, errlen);
    if (rc == 0)
        rc = ntm_load_sets_csv(db, &f, err, errlen);
    if (store_write_finish(db, rc) != 0)
        return rc != 0 ? -1 : ntm_refuse_sql(db, err, errlen, "nạp dữ liệu nông thôn mới");
    return 0;
}
