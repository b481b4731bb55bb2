/*
 * activity.c - the activity module's data: checking an item, writing it
 * with its materials and stops in one transaction, reading items and
 * lists, and the small formatting rules the pages share (slugs, dates
 * with their weekday). See activity.h for the domain.
 */
#include <stdio.h>
#include <string.h>

#include "activity/activity.h"
#include "core/buf.h"
#include "media/media.h"
#include "ntm/ntm.h"
#include "text/utf8.h"
#include "text/vi.h"
#include "text/vitime.h"

static const char SQL_KIND_OF[] = "SELECT kind FROM activity_item WHERE id = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO activity_item(kind, title, date_from, date_to, place, organiser, audience, trained, summary, "
    "leader, members, purpose, conclusions, published, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15)";
static const char SQL_UPDATE[] =
    "UPDATE activity_item SET title = ?2, date_from = ?3, date_to = ?4, place = ?5, organiser = ?6, audience = ?7, "
    "trained = ?8, summary = ?9, leader = ?10, members = ?11, purpose = ?12, conclusions = ?13, published = ?14, "
    "updated_at = ?15 WHERE id = ?1";
static const char SQL_MATERIALS_CLEAR[] = "DELETE FROM activity_material WHERE item_id = ?1";
static const char SQL_MATERIAL_ADD[] = "INSERT INTO activity_material(item_id, position, media_id) VALUES (?1, ?2, ?3)";
static const char SQL_STOPS_CLEAR[] = "DELETE FROM activity_stop WHERE item_id = ?1";
static const char SQL_STOP_ADD[] = "INSERT INTO activity_stop(item_id, position, unit_code, unit_name, day, time_from, "
                                   "time_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_GET[] =
    "SELECT id, kind, title, date_from, date_to, place, organiser, audience, trained, summary, leader, members, "
    "purpose, conclusions, published, created_at, updated_at FROM activity_item WHERE id = ?1";
static const char SQL_MATERIALS[] = "SELECT media_id FROM activity_material WHERE item_id = ?1 ORDER BY position";
static const char SQL_STOPS[] = "SELECT unit_code, unit_name, day, time_from, time_to FROM activity_stop "
                                "WHERE item_id = ?1 ORDER BY position";
#define FILTER                                                                                                        \
    " FROM activity_item WHERE (?1 = '' OR kind = ?1) AND (?2 = 0 OR published = 1) AND "                            \
    "(?3 = '' OR (substr(date_from, 1, 4) <= ?3 AND substr(date_to, 1, 4) >= ?3))"
static const char SQL_LIST[] =
    "SELECT id, kind, title, date_from, date_to, place, organiser, audience, trained, summary, leader, members, "
    "purpose, conclusions, published, created_at, updated_at" FILTER
    " ORDER BY date_from DESC, id DESC LIMIT ?4 OFFSET ?5";
static const char SQL_COUNT[] = "SELECT count(*)" FILTER;
static const char SQL_YEARS[] =
    "SELECT DISTINCT CAST(substr(date_from, 1, 4) AS INTEGER) AS y FROM activity_item ORDER BY y DESC";

static const char *kind_code(enum activity_kind k) { return k == ACTIVITY_VISIT ? "visit" : "training"; }

void activity_problem(struct activity_problems *p, enum activity_field f, const char *text)
{
    if (p->field[f])
        return;
    p->field[f] = text;
    p->count++;
}

static void stop_problem(struct activity_problems *p, size_t i, const char *text)
{
    if (p->stop[i])
        return;
    p->stop[i] = text;
    p->count++;
}

/* A single line without controls, tabs or line breaks, of at most `max`
 * characters. */
static bool line_ok(struct str s, size_t max)
{
    if (!utf8_valid(s) || utf8_has_control(s) || utf8_count(s) > max)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\t')
            return false;
    return true;
}

/* Text of several lines (tabs, LF and CR allowed), at most `max` characters. */
static bool text_ok(struct str s, size_t max) { return utf8_valid(s) && !utf8_has_control(s) && utf8_count(s) <= max; }

/* "YYYY-MM-DD" of a real day in 2000..2100. */
static bool date_ok(struct str s)
{
    int64_t t;
    return s.n == 10 && vi_parse_date(s, &t) && memcmp(s.p, "2000", 4) >= 0 && memcmp(s.p, "2100", 4) <= 0;
}

/* "HH:MM", 00:00 to 23:59. */
static bool time_ok(struct str s)
{
    if (s.n != 5 || s.p[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s.p[i] < '0' || s.p[i] > '9'))
            return false;
    return (s.p[0] - '0') * 10 + (s.p[1] - '0') < 24 && s.p[3] < '6';
}

static int str_cmp(struct str a, struct str b)
{
    size_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    return c ? c : (a.n > b.n) - (a.n < b.n);
}

/* Whether a stop's day and hours are well formed (its unit aside). */
static bool stop_fine(const struct activity_stop *s)
{
    return date_ok(s->day) && time_ok(s->time_from) && time_ok(s->time_to) && str_cmp(s->time_from, s->time_to) < 0;
}

/* Whether stop s starts before stop `prev` ends (days, then hours). */
static bool stop_before(const struct activity_stop *s, const struct activity_stop *prev)
{
    int day = str_cmp(s->day, prev->day);
    return day < 0 || (day == 0 && str_cmp(s->time_from, prev->time_to) < 0);
}

/* The stops' units: each a current commune-level unit of the home province. */
static int check_stops(struct store_conn *db, struct arena *a, struct activity *in, struct activity_problems *p)
{
    if (in->n_stops == 0) {
        activity_problem(p, ACTIVITY_FIELD_STOPS, "Cần ít nhất một xã, phường mà đoàn đến làm việc.");
        return 0;
    }
    if (in->n_stops > ACTIVITY_MAX_STOPS) {
        activity_problem(p, ACTIVITY_FIELD_STOPS, "Một đoàn công tác có tối đa 30 điểm đến.");
        return 0;
    }
    char province[16];
    int rc = ntm_home_province(db, province, sizeof province);
    if (rc < 0)
        return -1;
    struct ntm_unit *units = NULL;
    size_t n_units = 0;
    if (rc > 0 && ntm_units_of(db, province, a, &units, &n_units) != 0)
        return -1;
    bool dates = date_ok(in->date_from) && date_ok(in->date_to);
    for (size_t i = 0; i < in->n_stops; i++) {
        struct activity_stop *s = &in->stops[i];
        const struct ntm_unit *u = NULL;
        for (size_t k = 0; k < n_units && !u; k++)
            if (str_eq(units[k].code, s->unit_code))
                u = &units[k];
        if (!u) {
            stop_problem(p, i, s->unit_code.n ? "Không có xã, phường mang mã này trong tỉnh."
                                              : "Hãy chọn xã, phường của điểm đến.");
            continue;
        }
        s->unit_name = u->full_name.n ? u->full_name : u->name;
        if (!date_ok(s->day))
            stop_problem(p, i, "Ngày đến không hợp lệ (ngày/tháng/năm).");
        else if (dates && (str_cmp(s->day, in->date_from) < 0 || str_cmp(s->day, in->date_to) > 0))
            stop_problem(p, i, "Ngày đến phải nằm trong thời gian của đoàn.");
        else if (!time_ok(s->time_from) || !time_ok(s->time_to))
            stop_problem(p, i, "Giờ đến và giờ rời đi viết theo dạng giờ:phút, ví dụ 08:30.");
        else if (str_cmp(s->time_from, s->time_to) >= 0)
            stop_problem(p, i, "Giờ rời đi phải sau giờ đến.");
        else if (i > 0 && stop_fine(&in->stops[i - 1]) && stop_before(s, &in->stops[i - 1]))
            /* the itinerary is in the order visited: one stop after the
             * other, without overlapping hours */
            stop_problem(p, i, "Điểm đến này bắt đầu trước khi điểm trước đó kết thúc: hãy xếp các điểm theo thứ "
                               "tự đến, giờ không chồng lên nhau.");
    }
    return 0;
}

int activity_check(struct store_conn *db, struct arena *a, struct activity *in, struct activity_problems *p)
{
    if (!in->title.n)
        activity_problem(p, ACTIVITY_FIELD_TITLE, "Cần nhập tiêu đề.");
    else if (!line_ok(in->title, ACTIVITY_TITLE_MAX))
        activity_problem(p, ACTIVITY_FIELD_TITLE, "Tiêu đề chỉ một dòng, tối đa 300 ký tự.");
    if (!date_ok(in->date_from))
        activity_problem(p, ACTIVITY_FIELD_DATE_FROM, "Cần nhập ngày bắt đầu (ngày/tháng/năm, từ năm 2000).");
    if (!date_ok(in->date_to))
        activity_problem(p, ACTIVITY_FIELD_DATE_TO, "Cần nhập ngày kết thúc (ngày/tháng/năm, từ năm 2000).");
    else if (date_ok(in->date_from) && str_cmp(in->date_to, in->date_from) < 0)
        activity_problem(p, ACTIVITY_FIELD_DATE_TO, "Ngày kết thúc không được trước ngày bắt đầu.");
    if (in->kind == ACTIVITY_TRAINING) {
        if (!in->place.n)
            activity_problem(p, ACTIVITY_FIELD_PLACE, "Cần nhập địa điểm tổ chức.");
        else if (!line_ok(in->place, ACTIVITY_LINE_MAX))
            activity_problem(p, ACTIVITY_FIELD_PLACE, "Địa điểm chỉ một dòng, tối đa 300 ký tự.");
        if (!in->organiser.n)
            activity_problem(p, ACTIVITY_FIELD_ORGANISER, "Cần nhập đơn vị tổ chức.");
        else if (!line_ok(in->organiser, ACTIVITY_LINE_MAX))
            activity_problem(p, ACTIVITY_FIELD_ORGANISER, "Đơn vị tổ chức chỉ một dòng, tối đa 300 ký tự.");
        if (!line_ok(in->audience, ACTIVITY_LINE_MAX))
            activity_problem(p, ACTIVITY_FIELD_AUDIENCE, "Thành phần tham dự chỉ một dòng, tối đa 300 ký tự.");
        if (in->trained < 0 || in->trained > ACTIVITY_TRAINED_MAX)
            activity_problem(p, ACTIVITY_FIELD_TRAINED, "Số người được tập huấn là một số từ 0 đến 100.000.");
        if (!text_ok(in->summary, ACTIVITY_TEXT_MAX))
            activity_problem(p, ACTIVITY_FIELD_SUMMARY, "Nội dung tóm tắt quá dài (tối đa 10.000 ký tự).");
        if (in->n_materials > ACTIVITY_MAX_MATERIALS)
            activity_problem(p, ACTIVITY_FIELD_MATERIALS, "Tối đa 20 tài liệu cho một lớp tập huấn.");
        for (size_t i = 0; i < in->n_materials && !p->field[ACTIVITY_FIELD_MATERIALS]; i++) {
            int rc = in->materials[i] > 0 ? media_exists(db, in->materials[i]) : 0;
            if (rc < 0)
                return -1;
            if (rc == 0)
                activity_problem(p, ACTIVITY_FIELD_MATERIALS,
                                 "Có số tệp không có trong thư viện tệp; hãy kiểm tra lại các số đã nhập.");
            for (size_t k = 0; k < i; k++)
                if (in->materials[k] == in->materials[i])
                    activity_problem(p, ACTIVITY_FIELD_MATERIALS, "Mỗi tệp chỉ ghi một lần.");
        }
    } else {
        if (!in->leader.n)
            activity_problem(p, ACTIVITY_FIELD_LEADER, "Cần nhập người trưởng đoàn.");
        else if (!line_ok(in->leader, ACTIVITY_LINE_MAX))
            activity_problem(p, ACTIVITY_FIELD_LEADER, "Trưởng đoàn chỉ một dòng, tối đa 300 ký tự.");
        if (!text_ok(in->members, ACTIVITY_TEXT_MAX))
            activity_problem(p, ACTIVITY_FIELD_MEMBERS, "Danh sách thành viên quá dài (tối đa 10.000 ký tự).");
        if (!in->purpose.n)
            activity_problem(p, ACTIVITY_FIELD_PURPOSE, "Cần nhập mục đích, nội dung làm việc của đoàn.");
        else if (!text_ok(in->purpose, ACTIVITY_TEXT_MAX))
            activity_problem(p, ACTIVITY_FIELD_PURPOSE, "Mục đích quá dài (tối đa 10.000 ký tự).");
        if (!text_ok(in->conclusions, ACTIVITY_TEXT_MAX))
            activity_problem(p, ACTIVITY_FIELD_CONCLUSIONS, "Kết luận quá dài (tối đa 10.000 ký tự).");
        if (check_stops(db, a, in, p) != 0)
            return -1;
    }
    return p->count ? ACTIVITY_INVALID : 0;
}

static void read_text(sqlite3_stmt *st, void *ctx)
{
    struct buf *b = ctx;
    const unsigned char *t = sqlite3_column_text(st, 0);
    buf_append(b, t ? (const char *)t : "", (size_t)sqlite3_column_bytes(st, 0));
}

/* Writes the item's row, materials and stops; the caller opened the write. */
static int write_item(struct store_conn *db, struct activity *in, int64_t now, int64_t *id)
{
    bool training = in->kind == ACTIVITY_TRAINING;
    sqlite3_stmt *st = store_stmt(db, in->id ? SQL_UPDATE : SQL_INSERT);
    if (!st)
        return -1;
    if (in->id)
        sqlite3_bind_int64(st, 1, in->id);
    else
        sqlite3_bind_text(st, 1, kind_code(in->kind), -1, SQLITE_STATIC);
    struct str empty = STR("");
    store_bind_str(st, 2, in->title);
    store_bind_str(st, 3, in->date_from);
    store_bind_str(st, 4, in->date_to);
    store_bind_str(st, 5, training ? in->place : empty);
    store_bind_str(st, 6, training ? in->organiser : empty);
    store_bind_str(st, 7, training ? in->audience : empty);
    sqlite3_bind_int(st, 8, training ? in->trained : 0);
    store_bind_str(st, 9, training ? in->summary : empty);
    store_bind_str(st, 10, training ? empty : in->leader);
    store_bind_str(st, 11, training ? empty : in->members);
    store_bind_str(st, 12, training ? empty : in->purpose);
    store_bind_str(st, 13, training ? empty : in->conclusions);
    sqlite3_bind_int(st, 14, in->published ? 1 : 0);
    sqlite3_bind_int64(st, 15, now);
    if (store_step_done(db, st) != 0)
        return -1;
    *id = in->id ? in->id : sqlite3_last_insert_rowid(db->db);

    const char *clear[] = {SQL_MATERIALS_CLEAR, SQL_STOPS_CLEAR};
    for (int k = 0; k < 2; k++) {
        if (!(st = store_stmt(db, clear[k])))
            return -1;
        sqlite3_bind_int64(st, 1, *id);
        if (store_step_done(db, st) != 0)
            return -1;
    }
    for (size_t i = 0; training && i < in->n_materials; i++) {
        if (!(st = store_stmt(db, SQL_MATERIAL_ADD)))
            return -1;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        sqlite3_bind_int64(st, 3, in->materials[i]);
        if (store_step_done(db, st) != 0)
            return -1;
    }
    /* the media library keeps a material from deletion and says where it is used */
    if (media_use_set(db, "activity", *id, training ? in->materials : NULL, training ? in->n_materials : 0, STR("")) !=
        0)
        return -1;
    for (size_t i = 0; !training && i < in->n_stops; i++) {
        const struct activity_stop *s = &in->stops[i];
        if (!(st = store_stmt(db, SQL_STOP_ADD)))
            return -1;
        sqlite3_bind_int64(st, 1, *id);
        sqlite3_bind_int64(st, 2, (int64_t)i + 1);
        store_bind_str(st, 3, s->unit_code);
        store_bind_str(st, 4, s->unit_name);
        store_bind_str(st, 5, s->day);
        store_bind_str(st, 6, s->time_from);
        store_bind_str(st, 7, s->time_to);
        if (store_step_done(db, st) != 0)
            return -1;
    }
    store_touch(db, "activity:%s", kind_code(in->kind));
    store_touch(db, "activity:%lld", (long long)*id);
    return 0;
}

int activity_save(struct store_conn *db, struct arena *a, struct activity *in, int64_t now, int64_t *id,
                  struct activity_problems *p)
{
    if (store_write_begin(db) != 0)
        return -1;
    int rc = 0;
    if (in->id) {
        sqlite3_stmt *st = store_stmt(db, SQL_KIND_OF);
        struct buf kind = BUF_INIT;
        if (!st)
            rc = -1;
        else {
            sqlite3_bind_int64(st, 1, in->id);
            int found = store_step_once(db, st, read_text, &kind);
            if (found < 0)
                rc = -1;
            else if (found == 0 || !str_eq_lit(str_make(kind.p, kind.n), kind_code(in->kind))) {
                activity_problem(p, ACTIVITY_FIELD_NONE, "Không có hoạt động này (có thể đã bị xóa).");
                rc = ACTIVITY_INVALID;
            }
        }
        buf_free(&kind);
    }
    if (rc == 0)
        rc = activity_check(db, a, in, p);
    if (rc == 0)
        rc = write_item(db, in, now, id);
    return store_write_finish(db, rc);
}

/* --- reads ------------------------------------------------------------------------------------------------- */

static void read_item(struct arena *a, sqlite3_stmt *st, struct activity *it)
{
    memset(it, 0, sizeof *it);
    it->id = sqlite3_column_int64(st, 0);
    it->kind = str_eq_lit(store_col_str(st, 1), "visit") ? ACTIVITY_VISIT : ACTIVITY_TRAINING;
    it->title = store_col_copy(a, st, 2);
    it->date_from = store_col_copy(a, st, 3);
    it->date_to = store_col_copy(a, st, 4);
    it->place = store_col_copy(a, st, 5);
    it->organiser = store_col_copy(a, st, 6);
    it->audience = store_col_copy(a, st, 7);
    it->trained = sqlite3_column_int(st, 8);
    it->summary = store_col_copy(a, st, 9);
    it->leader = store_col_copy(a, st, 10);
    it->members = store_col_copy(a, st, 11);
    it->purpose = store_col_copy(a, st, 12);
    it->conclusions = store_col_copy(a, st, 13);
    it->published = sqlite3_column_int(st, 14) != 0;
    it->created_at = sqlite3_column_int64(st, 15);
    it->updated_at = sqlite3_column_int64(st, 16);
}

int activity_get(struct store_conn *db, struct arena *a, int64_t id, struct activity *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = store_step(db, st);
    if (rc <= 0) {
        sqlite3_reset(st);
        return rc;
    }
    read_item(a, st, out);
    sqlite3_reset(st);

    if (!(st = store_stmt(db, SQL_MATERIALS)))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    out->materials = ARENA_ARRAY(a, int64_t, ACTIVITY_MAX_MATERIALS);
    while ((rc = store_step(db, st)) == 1)
        if (out->n_materials < ACTIVITY_MAX_MATERIALS)
            out->materials[out->n_materials++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (rc < 0)
        return -1;

    if (!(st = store_stmt(db, SQL_STOPS)))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    out->stops = ARENA_ARRAY(a, struct activity_stop, ACTIVITY_MAX_STOPS);
    while ((rc = store_step(db, st)) == 1) {
        if (out->n_stops == ACTIVITY_MAX_STOPS)
            continue;
        struct activity_stop *s = &out->stops[out->n_stops++];
        s->unit_code = store_col_copy(a, st, 0);
        s->unit_name = store_col_copy(a, st, 1);
        s->day = store_col_copy(a, st, 2);
        s->time_from = store_col_copy(a, st, 3);
        s->time_to = store_col_copy(a, st, 4);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 1;
}

static void bind_filter(sqlite3_stmt *st, const struct activity_filter *f, char year[8])
{
    sqlite3_bind_text(st, 1, f->kind < 0 ? "" : kind_code((enum activity_kind)f->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, f->published_only ? 1 : 0);
    if (f->year > 0 && f->year < 10000)
        snprintf(year, 8, "%04d", f->year);
    else
        year[0] = 0;
    sqlite3_bind_text(st, 3, year, -1, SQLITE_STATIC);
}

int activity_list(struct store_conn *db, struct arena *a, const struct activity_filter *f, int offset, int limit,
                  struct activity **out, size_t *n, int64_t *total)
{
    *out = NULL;
    *n = 0;
    *total = 0;
    char year[8];
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT);
    if (!st)
        return -1;
    bind_filter(st, f, year);
    if (store_step_once(db, st, store_read_int64, total) < 0)
        return -1;
    if (!(st = store_stmt(db, SQL_LIST)))
        return -1;
    bind_filter(st, f, year);
    sqlite3_bind_int(st, 4, limit);
    sqlite3_bind_int(st, 5, offset);
    *out = ARENA_ARRAY(a, struct activity, limit > 0 ? (size_t)limit : 1);
    int rc;
    while ((rc = store_step(db, st)) == 1 && *n < (size_t)limit)
        read_item(a, st, &(*out)[(*n)++]);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

int activity_years(struct store_conn *db, struct arena *a, int **out, size_t *n)
{
    *n = 0;
    size_t cap = 16;
    *out = ARENA_ARRAY(a, int, cap);
    sqlite3_stmt *st = store_stmt(db, SQL_YEARS);
    if (!st)
        return -1;
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        if (*n == cap) {
            int *more = ARENA_ARRAY(a, int, cap * 2);
            memcpy(more, *out, cap * sizeof **out);
            *out = more;
            cap *= 2;
        }
        (*out)[(*n)++] = sqlite3_column_int(st, 0);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- addresses and dates ------------------------------------------------------------------------------------ */

struct str activity_slug(struct arena *a, struct str title)
{
    struct buf b = BUF_INIT;
    struct str out = STR("hoat-dong");
    if (vi_slug(&b, title, 80) == 0 && b.n)
        out = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return out;
}

const char *activity_list_path(enum activity_kind kind)
{
    return kind == ACTIVITY_VISIT ? "/nong-thon-moi/doan-cong-tac/" : "/nong-thon-moi/tap-huan/";
}

struct str activity_url(struct arena *a, const struct activity *it)
{
    struct str slug = activity_slug(a, it->title);
    return arena_printf(a, "%s%lld-%.*s", activity_list_path(it->kind), (long long)it->id, (int)slug.n, slug.p);
}

struct str activity_date_text(struct arena *a, struct str iso_date)
{
    int64_t t;
    if (iso_date.n != 10 || !vi_parse_date(iso_date, &t))
        return STR("");
    struct vi_time vt;
    vi_time_from_unix(t, &vt);
    return arena_printf(a, "%s - %02d/%02d/%04d", vi_weekday_name(vt.weekday), vt.day, vt.month, vt.year);
}

struct str activity_dates_text(struct arena *a, struct str from, struct str to)
{
    struct str f = activity_date_text(a, from);
    if (str_eq(from, to) || !to.n)
        return f;
    struct str t = activity_date_text(a, to);
    return arena_printf(a, "%.*s đến %.*s", (int)f.n, f.p, (int)t.n, t.p);
}

static const char SQL_MATERIAL_ITEMS[] = "SELECT DISTINCT item_id FROM activity_material ORDER BY item_id LIMIT 100000";

int activity_uses_fill(struct store_conn *db)
{
    struct arena a;
    arena_init(&a, 16384);
    int rc = store_write_begin(db);
    sqlite3_stmt *st = rc == 0 ? store_stmt(db, SQL_MATERIAL_ITEMS) : NULL;
    int64_t *items = NULL;
    size_t n = 0, cap = 0;
    if (!st)
        rc = -1;
    int step = 0;
    while (rc == 0 && (step = store_step(db, st)) == 1) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            int64_t *more = arena_alloc(&a, ncap * sizeof *more);
            if (n)
                memcpy(more, items, n * sizeof *items);
            items = more;
            cap = ncap;
        }
        items[n++] = sqlite3_column_int64(st, 0);
    }
    if (st)
        sqlite3_reset(st);
    if (step < 0)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (!(st = store_stmt(db, SQL_MATERIALS))) {
            rc = -1;
            break;
        }
        sqlite3_bind_int64(st, 1, items[i]);
        int64_t ids[ACTIVITY_MAX_MATERIALS];
        size_t k = 0;
        while ((step = store_step(db, st)) == 1 && k < ACTIVITY_MAX_MATERIALS)
            ids[k++] = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (step < 0 || media_use_set(db, "activity", items[i], ids, k, STR("")) != 0)
            rc = -1;
    }
    rc = store_write_finish(db, rc);
    arena_free(&a);
    return rc;
}
