/*
 * edit.c - the writes administrators make to the site's categories and
 * website links: create, update, move in the menu, delete, and the old
 * slugs that keep a renamed category's old address answering.
 *
 * Each write is one transaction (a savepoint inside the caller's); it
 * checks its input first and writes nothing when it returns SITE_INVALID.
 * Every write touches "site" (the menu and the links block are on every
 * page; the snapshot of each thread reloads after the commit) and a
 * category's writes touch "cat:ID" too. See site.h.
 */
#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "text/utf8.h"
#include "text/vi.h"

static const char SQL_CATEGORY_SLUG[] = "SELECT slug FROM category WHERE id = ?1";
static const char SQL_CATEGORY_SLUG_TAKEN[] = "SELECT 1 FROM category WHERE slug = ?1 AND id <> ?2";
static const char SQL_CATEGORY_COUNT[] = "SELECT count(*) FROM category";
/* A new category never takes the id of a deleted one: rows elsewhere that
 * still name that id (an account limited to it, in the people module)
 * must not come to mean the new category. */
static const char SQL_CATEGORY_INSERT[] =
    "INSERT INTO category(id, slug, name, description, in_menu, position) "
    "VALUES (max(coalesce((SELECT max(id) FROM category), 0), "
    "coalesce((SELECT CAST(value AS INTEGER) FROM setting WHERE key = 'category.deleted_max_id'), 0)) + 1, "
    "?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM category))";
static const char SQL_CATEGORY_DELETED_MAX[] =
    "INSERT INTO setting(key, value) VALUES ('category.deleted_max_id', ?1) "
    "ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))";
static const char SQL_CATEGORY_UPDATE[] =
    "UPDATE category SET slug = ?2, name = ?3, description = ?4, in_menu = ?5 WHERE id = ?1";
static const char SQL_CATEGORY_SHOW[] = "UPDATE category SET in_menu = ?2 WHERE id = ?1";
static const char SQL_CATEGORY_ORDER[] = "SELECT id FROM category ORDER BY position, id";
static const char SQL_CATEGORY_POSITION[] = "UPDATE category SET position = ?2 WHERE id = ?1";
static const char SQL_CATEGORY_DELETE[] = "DELETE FROM category WHERE id = ?1";
static const char SQL_HISTORY_FORGET[] = "DELETE FROM category_slug_history WHERE slug = ?1";
static const char SQL_HISTORY_FORGET_CATEGORY[] = "DELETE FROM category_slug_history WHERE category_id = ?1";
static const char SQL_HISTORY_KEEP[] =
    "INSERT INTO category_slug_history(slug, category_id, changed_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT(slug) DO UPDATE SET category_id = excluded.category_id, changed_at = excluded.changed_at";
static const char SQL_MOVED[] = "SELECT c.slug FROM category_slug_history h JOIN category c ON c.id = h.category_id "
                                "WHERE h.slug = ?1";

static const char SQL_LINK_EXISTS[] = "SELECT 1 FROM weblink WHERE id = ?1";
static const char SQL_LINK_COUNT[] = "SELECT count(*) FROM weblink";
static const char SQL_LINK_SAME[] = "SELECT 1 FROM weblink WHERE url = ?1 AND id <> ?2 LIMIT 1";
static const char SQL_LINK_INSERT[] =
    "INSERT INTO weblink(name, url, position) VALUES (?1, ?2, (SELECT coalesce(max(position), 0) + 1 FROM weblink))";
static const char SQL_LINK_UPDATE[] = "UPDATE weblink SET name = ?2, url = ?3 WHERE id = ?1";
static const char SQL_LINK_ORDER[] = "SELECT id FROM weblink ORDER BY position, id";
static const char SQL_LINK_POSITION[] = "UPDATE weblink SET position = ?2 WHERE id = ?1";
static const char SQL_LINK_DELETE[] = "DELETE FROM weblink WHERE id = ?1";

int site_slug_make(struct buf *out, struct str text) { return vi_slug(out, text, SITE_SLUG_MAX); }

struct slug_ctx {
    struct arena *a;
    struct str *slug;
};

static void read_slug(sqlite3_stmt *st, void *ctx)
{
    struct slug_ctx *c = ctx;
    *c->slug = store_col_copy(c->a, st, 0);
}

int site_category_moved(struct store_conn *db, struct arena *a, struct str old_slug, struct str *slug)
{
    sqlite3_stmt *st = store_stmt(db, SQL_MOVED);
    if (!st)
        return -1;
    store_bind_str(st, 1, old_slug);
    struct slug_ctx c = {a, slug};
    return store_step_once(db, st, read_slug, &c);
}

static int invalid(struct site_problem *p, enum site_field field, const char *text)
{
    p->field = field;
    p->text = text;
    return SITE_INVALID;
}

/* A single line of text of at most `max` characters, without controls. */
static bool line_ok(struct str s, size_t max)
{
    if (!utf8_valid(s) || utf8_has_control(s) || utf8_count(s) > max)
        return false;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] == '\n' || s.p[i] == '\r' || s.p[i] == '\t')
            return false;
    return true;
}

static bool slug_ok(struct str s)
{
    if (!s.n || s.n > SITE_SLUG_MAX || s.p[0] == '-' || s.p[s.n - 1] == '-')
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

/* Runs `sql` with ?1 = id (and ?2 = value when has_value): 0 or -1. */
static int run_id(struct store_conn *db, const char *sql, int64_t id, bool has_value, int64_t value)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (has_value)
        sqlite3_bind_int64(st, 2, value);
    return store_step_done(db, st);
}

static int count_rows(struct store_conn *db, const char *sql, int64_t *n)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    *n = 0;
    return store_step_once(db, st, store_read_int64, n) < 0 ? -1 : 0;
}

static int category_put(struct store_conn *db, const struct site_category_edit *in, int64_t *id,
                        struct site_problem *p)
{
    if (!in->name.n)
        return invalid(p, SITE_FIELD_NAME, "Cần nhập tên chuyên mục.");
    if (!line_ok(in->name, SITE_NAME_MAX))
        return invalid(p, SITE_FIELD_NAME, "Tên chuyên mục quá dài (tối đa 200 ký tự) hoặc chứa ký tự không hợp lệ.");
    if (!slug_ok(in->slug))
        return invalid(p, SITE_FIELD_SLUG,
                       "Đường dẫn cần có ít nhất một chữ cái hoặc chữ số (chữ thường không dấu, chữ số, dấu gạch ngang).");
    if (str_eq(in->slug, STR("van-ban")))
        return invalid(p, SITE_FIELD_SLUG, "Đường dẫn “van-ban” đã dành cho văn bản (nguồn tin /rss/van-ban.xml); "
                                           "hãy chọn đường dẫn khác.");
    if (!utf8_valid(in->description) || utf8_count(in->description) > SITE_DESCRIPTION_MAX)
        return invalid(p, SITE_FIELD_DESCRIPTION, "Mô tả quá dài (tối đa 1000 ký tự).");

    sqlite3_stmt *st = store_stmt(db, SQL_CATEGORY_SLUG_TAKEN);
    if (!st)
        return -1;
    store_bind_str(st, 1, in->slug);
    sqlite3_bind_int64(st, 2, in->id);
    int taken = store_step_once(db, st, NULL, NULL);
    if (taken != 0)
        return taken < 0 ? -1 : invalid(p, SITE_FIELD_SLUG, "Đã có chuyên mục khác dùng đường dẫn này; hãy chọn đường dẫn khác.");

    if (in->id == 0) {
        int64_t n;
        if (count_rows(db, SQL_CATEGORY_COUNT, &n) != 0)
            return -1;
        if (n >= SITE_MAX_CATEGORIES)
            return invalid(p, SITE_FIELD_NONE, "Đã có 100 chuyên mục, số tối đa; hãy xóa bớt chuyên mục không dùng.");
        st = store_stmt(db, SQL_CATEGORY_INSERT);
        if (!st)
            return -1;
        store_bind_str(st, 1, in->slug);
        store_bind_str(st, 2, in->name);
        store_bind_str(st, 3, in->description);
        sqlite3_bind_int(st, 4, in->in_menu);
        if (store_step_done(db, st) != 0)
            return -1;
        *id = sqlite3_last_insert_rowid(db->db);
    } else {
        struct str old = STR_NULL;
        struct arena scratch;
        arena_init(&scratch, 256);
        st = store_stmt(db, SQL_CATEGORY_SLUG);
        if (st)
            sqlite3_bind_int64(st, 1, in->id);
        int found = st ? store_step_once(db, st, read_slug, &(struct slug_ctx){&scratch, &old}) : -1;
        int rc = found < 0 ? -1 : found == 0 ? invalid(p, SITE_FIELD_NONE, "Chuyên mục không còn tồn tại.") : 0;
        /* The old address keeps answering: it redirects to the new one. */
        if (rc == 0 && !str_eq(old, in->slug)) {
            st = store_stmt(db, SQL_HISTORY_KEEP);
            if (!st)
                rc = -1;
            else {
                store_bind_str(st, 1, old);
                sqlite3_bind_int64(st, 2, in->id);
                sqlite3_bind_int64(st, 3, in->now);
                rc = store_step_done(db, st);
            }
        }
        arena_free(&scratch);
        if (rc != 0)
            return rc;
        st = store_stmt(db, SQL_CATEGORY_UPDATE);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, in->id);
        store_bind_str(st, 2, in->slug);
        store_bind_str(st, 3, in->name);
        store_bind_str(st, 4, in->description);
        sqlite3_bind_int(st, 5, in->in_menu);
        if (store_step_done(db, st) != 0)
            return -1;
        *id = in->id;
    }
    /* A slug in use is nobody's old slug any more. */
    st = store_stmt(db, SQL_HISTORY_FORGET);
    if (!st)
        return -1;
    store_bind_str(st, 1, in->slug);
    if (store_step_done(db, st) != 0)
        return -1;
    store_touch(db, "site");
    store_touch(db, "cat:%lld", (long long)*id);
    return 0;
}

int site_category_put(struct store_conn *db, const struct site_category_edit *in, int64_t *id,
                      struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int64_t new_id = 0;
    int rc = category_put(db, in, &new_id, problem);
    rc = store_write_finish(db, rc);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

/* Moves `id` one place by `step` in the order `order_sql` gives, writing
 * positions 1..n with `position_sql` (which also mends equal positions). */
static int move(struct store_conn *db, const char *order_sql, const char *position_sql, int64_t id, int step,
                struct site_problem *p)
{
    if (step != -1 && step != 1)
        return invalid(p, SITE_FIELD_NONE, "Hướng di chuyển không hợp lệ.");
    sqlite3_stmt *st = store_stmt(db, order_sql);
    if (!st)
        return -1;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            int64_t *more = realloc(ids, ncap * sizeof *ids);
            if (!more) {
                r = -1;
                break;
            }
            ids = more;
            cap = ncap;
        }
        ids[n++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_reset(st);
    int rc = r < 0 ? -1 : 0;
    size_t at = n;
    for (size_t i = 0; rc == 0 && i < n; i++)
        if (ids[i] == id)
            at = i;
    if (rc == 0 && at == n)
        rc = invalid(p, SITE_FIELD_NONE, "Mục này không còn tồn tại.");
    if (rc == 0 && ((step < 0 && at == 0) || (step > 0 && at + 1 == n)))
        rc = invalid(p, SITE_FIELD_NONE, step < 0 ? "Mục này đã ở đầu danh sách." : "Mục này đã ở cuối danh sách.");
    if (rc == 0) {
        size_t other = step < 0 ? at - 1 : at + 1;
        int64_t t = ids[at];
        ids[at] = ids[other];
        ids[other] = t;
        for (size_t i = 0; rc == 0 && i < n; i++)
            rc = run_id(db, position_sql, ids[i], true, (int64_t)i + 1);
    }
    free(ids);
    return rc;
}

int site_category_move(struct store_conn *db, int64_t id, int step, struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int rc = move(db, SQL_CATEGORY_ORDER, SQL_CATEGORY_POSITION, id, step, problem);
    if (rc == 0) {
        store_touch(db, "site");
        store_touch(db, "cat:%lld", (long long)id);
    }
    return store_write_finish(db, rc);
}

int site_category_show(struct store_conn *db, int64_t id, bool in_menu, struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int found = site_category_exists(db, id);
    int rc = found < 0 ? -1 : found == 0 ? invalid(problem, SITE_FIELD_NONE, "Chuyên mục không còn tồn tại.") : 0;
    if (rc == 0)
        rc = run_id(db, SQL_CATEGORY_SHOW, id, true, in_menu);
    if (rc == 0) {
        store_touch(db, "site");
        store_touch(db, "cat:%lld", (long long)id);
    }
    return store_write_finish(db, rc);
}

int site_category_delete(struct store_conn *db, int64_t id, struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int found = site_category_exists(db, id);
    int rc = found < 0 ? -1 : found == 0 ? invalid(problem, SITE_FIELD_NONE, "Chuyên mục không còn tồn tại.") : 0;
    if (rc == 0)
        rc = run_id(db, SQL_HISTORY_FORGET_CATEGORY, id, false, 0);
    if (rc == 0)
        rc = run_id(db, SQL_CATEGORY_DELETE, id, false, 0);
    if (rc == 0)
        rc = run_id(db, SQL_CATEGORY_DELETED_MAX, id, false, 0);
    if (rc == 0) {
        store_touch(db, "site");
        store_touch(db, "cat:%lld", (long long)id);
    }
    return store_write_finish(db, rc);
}

static int link_put(struct store_conn *db, int64_t id, struct str name, struct str url, int64_t *out_id,
                    struct site_problem *p)
{
    if (!name.n)
        return invalid(p, SITE_FIELD_NAME, "Cần nhập tên của liên kết.");
    if (!line_ok(name, SITE_NAME_MAX))
        return invalid(p, SITE_FIELD_NAME, "Tên liên kết quá dài (tối đa 200 ký tự) hoặc chứa ký tự không hợp lệ.");
    const char *bad = site_url_problem(url);
    if (bad)
        return invalid(p, SITE_FIELD_URL, bad);
    /* one line per address: a form sent twice (a double click, Back and
     * again) lists the site once */
    sqlite3_stmt *st = store_stmt(db, SQL_LINK_SAME);
    if (!st)
        return -1;
    store_bind_str(st, 1, url);
    sqlite3_bind_int64(st, 2, id);
    int same = store_step_once(db, st, NULL, NULL);
    if (same != 0)
        return same < 0 ? -1 : invalid(p, SITE_FIELD_URL, "Địa chỉ này đã có trong danh sách liên kết.");
    if (id == 0) {
        int64_t n;
        if (count_rows(db, SQL_LINK_COUNT, &n) != 0)
            return -1;
        if (n >= SITE_MAX_LINKS)
            return invalid(p, SITE_FIELD_NONE, "Đã có 100 liên kết, số tối đa; hãy xóa bớt liên kết không dùng.");
        st = store_stmt(db, SQL_LINK_INSERT);
        if (!st)
            return -1;
        store_bind_str(st, 1, name);
        store_bind_str(st, 2, url);
        if (store_step_done(db, st) != 0)
            return -1;
        id = sqlite3_last_insert_rowid(db->db);
    } else {
        st = store_stmt(db, SQL_LINK_EXISTS);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, id);
        int found = store_step_once(db, st, NULL, NULL);
        if (found <= 0)
            return found < 0 ? -1 : invalid(p, SITE_FIELD_NONE, "Liên kết không còn tồn tại.");
        st = store_stmt(db, SQL_LINK_UPDATE);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, id);
        store_bind_str(st, 2, name);
        store_bind_str(st, 3, url);
        if (store_step_done(db, st) != 0)
            return -1;
    }
    if (out_id)
        *out_id = id;
    store_touch(db, "site");
    return 0;
}

int site_link_put(struct store_conn *db, int64_t id, struct str name, struct str url, int64_t *out_id,
                  struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    return store_write_finish(db, link_put(db, id, name, url, out_id, problem));
}

int site_link_move(struct store_conn *db, int64_t id, int step, struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int rc = move(db, SQL_LINK_ORDER, SQL_LINK_POSITION, id, step, problem);
    if (rc == 0)
        store_touch(db, "site");
    return store_write_finish(db, rc);
}

int site_link_delete(struct store_conn *db, int64_t id, struct site_problem *problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_LINK_EXISTS);
    int found = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        found = store_step_once(db, st, NULL, NULL);
    }
    int rc = found < 0 ? -1 : found == 0 ? invalid(problem, SITE_FIELD_NONE, "Liên kết không còn tồn tại.") : 0;
    if (rc == 0)
        rc = run_id(db, SQL_LINK_DELETE, id, false, 0);
    if (rc == 0)
        store_touch(db, "site");
    return store_write_finish(db, rc);
}
