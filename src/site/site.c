/* site.c - loading the site-wide snapshot; see site.h. */
#include "site/site.h"

#include <stdatomic.h>
#include <string.h>

#include "core/log.h"
#include "text/utf8.h"
#include "text/vi.h"

static _Atomic uint64_t site_generation = 1;

void site_bump_generation(void) { atomic_fetch_add(&site_generation, 1); }

static void on_commit(struct str tag)
{
    if (str_eq_lit(tag, "site") || str_eq_lit(tag, STORE_TAG_ALL))
        site_bump_generation();
}

void site_init(void) { store_on_commit(on_commit); }

static const char SQL_SETTINGS[] = "SELECT key, value FROM setting";
static const char SQL_CATEGORIES[] =
    "SELECT id, slug, name, description, in_menu FROM category ORDER BY position, id";
static const char SQL_LINKS[] = "SELECT id, name, url FROM weblink ORDER BY position, id";

static struct str copy_col(struct site *s, sqlite3_stmt *st, int col)
{
    struct str v = store_col_str(st, col);
    return arena_strdup(&s->arena, v.p, v.n);
}

static void set_setting(struct site *s, struct str key, struct str value)
{
    static const struct {
        const char *key;
        size_t offset;
    } fields[] = {
        {"site.name", offsetof(struct site, name)},
        {"site.short_name", offsetof(struct site, short_name)},
        {"site.agency", offsetof(struct site, agency)},
        {"site.responsible", offsetof(struct site, responsible)},
        {"site.address", offsetof(struct site, address)},
        {"site.phone", offsetof(struct site, phone)},
        {"site.fax", offsetof(struct site, fax)},
        {"site.email", offsetof(struct site, email)},
        {"site.licence", offsetof(struct site, licence)},
        {"site.copyright", offsetof(struct site, copyright)},
        {"site.description", offsetof(struct site, description)},
        {"site.about", offsetof(struct site, about)},
        {"site.contacts", offsetof(struct site, contacts)},
        {"site.about_en", offsetof(struct site, about_en)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (str_eq_lit(key, fields[i].key))
            *(struct str *)((char *)s + fields[i].offset) = value;
}

/* Appends to a growing arena array of `size`-byte items; returns the new item. */
static void *grow(struct site *s, void **items, size_t *n, size_t *cap, size_t size)
{
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        void *more = arena_alloc(&s->arena, ncap * size);
        if (*cap)
            memcpy(more, *items, *cap * size);
        *items = more;
        *cap = ncap;
    }
    return (char *)*items + (*n)++ * size;
}

int site_load(struct site *s, struct store_conn *db, struct str base_url)
{
    memset(s, 0, sizeof *s);
    arena_init(&s->arena, 8192);
    s->generation = atomic_load(&site_generation);
    s->base_url = arena_strdup(&s->arena, base_url.p, base_url.n);
    s->name = STR("Trang thông tin điện tử");

    sqlite3_stmt *st = store_stmt(db, SQL_SETTINGS);
    if (!st)
        return -1;
    int r;
    while ((r = store_step(db, st)) > 0)
        set_setting(s, store_col_str(st, 0), copy_col(s, st, 1));
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    if (s->short_name.n == 0)
        s->short_name = s->name;

    size_t cap = 0;
    st = store_stmt(db, SQL_CATEGORIES);
    if (!st)
        return -1;
    while ((r = store_step(db, st)) > 0) {
        struct site_category *c = grow(s, (void **)&s->categories, &s->n_categories, &cap, sizeof *c);
        c->id = sqlite3_column_int64(st, 0);
        c->slug = copy_col(s, st, 1);
        c->name = copy_col(s, st, 2);
        c->description = copy_col(s, st, 3);
        c->in_menu = sqlite3_column_int(st, 4) != 0;
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;

    cap = 0;
    st = store_stmt(db, SQL_LINKS);
    if (!st)
        return -1;
    while ((r = store_step(db, st)) > 0) {
        struct site_link *l = grow(s, (void **)&s->links, &s->n_links, &cap, sizeof *l);
        l->id = sqlite3_column_int64(st, 0);
        l->name = copy_col(s, st, 1);
        l->url = copy_col(s, st, 2);
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

void site_free(struct site *s) { arena_free(&s->arena); }

void site_refresh(struct site *s, struct store_conn *db)
{
    if (s->generation == atomic_load(&site_generation))
        return;
    struct site fresh;
    bool failed_before = store_failed(db);
    /* A read transaction kept from before the write that counted the
     * generation up would load the old settings under the new number. */
    store_read_refresh(db);
    if (site_load(&fresh, db, s->base_url) != 0) {
        /* Keep serving with the old facts; the failure was logged. It is
         * not this request's failure unless its own statements fail. */
        site_free(&fresh);
        if (!failed_before)
            store_clear_failure(db);
        return;
    }
    site_free(s);
    *s = fresh;
}

const struct site_category *site_category_by_slug(const struct site *s, struct str slug)
{
    for (size_t i = 0; i < s->n_categories; i++)
        if (str_eq(s->categories[i].slug, slug))
            return &s->categories[i];
    return NULL;
}

const struct site_category *site_category_by_id(const struct site *s, int64_t id)
{
    for (size_t i = 0; i < s->n_categories; i++)
        if (s->categories[i].id == id)
            return &s->categories[i];
    return NULL;
}

/* --- reads of the database ------------------------------------------------------- */

static const char SQL_CATEGORY_EXISTS[] = "SELECT 1 FROM category WHERE id = ?1";
static const char SQL_HAS_CONTENT[] = "SELECT EXISTS(SELECT 1 FROM setting) OR EXISTS(SELECT 1 FROM category) "
                                      "OR EXISTS(SELECT 1 FROM weblink)";

int site_category_exists(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_CATEGORY_EXISTS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, NULL, NULL);
}

static void read_flag(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

int site_has_content(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HAS_CONTENT);
    if (!st)
        return -1;
    int any = 0;
    return store_step_once(db, st, read_flag, &any) < 0 ? -1 : any;
}

/* --- writes ----------------------------------------------------------------------- */

static const char SQL_SETTING_SET[] =
    "INSERT INTO setting(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value";
static const char SQL_CATEGORY_SAVE[] =
    "INSERT INTO category(id, slug, name, description, position) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5) "
    "ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, description = excluded.description, "
    "position = excluded.position";
static const char SQL_SLUG_TAKEN[] = "SELECT 1 FROM category WHERE slug = ?1 AND id <> ?2";
static const char SQL_LINK_SAVE[] =
    "INSERT INTO weblink(id, name, url, position) VALUES (nullif(?1, 0), ?2, ?3, ?4) "
    "ON CONFLICT(id) DO UPDATE SET name = excluded.name, url = excluded.url, position = excluded.position";

static bool text_ok(struct str s, size_t max) { return s.n <= max && utf8_valid(s) && !utf8_has_control(s); }

static int run_write(struct store_conn *db, sqlite3_stmt *st)
{
    int r = store_step(db, st);
    sqlite3_reset(st);
    if (r < 0) {
        store_write_rollback(db);
        return -1;
    }
    store_touch(db, "site");
    return store_write_commit(db);
}

/* The length of the white space at p (n bytes left): ASCII space, tab,
 * CR, NBSP (C2 A0), zero-width space (E2 80 8B), BOM (EF BB BF); 0 if none. */
static size_t space_at(const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    if (n >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r'))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && ((u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B) || (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)))
        return 3;
    return 0;
}

static struct str trim_all(struct str s)
{
    size_t k;
    while (s.n && (k = space_at(s.p, s.n)) > 0)
        s = str_skip(s, k);
    for (bool more = true; more && s.n;) {
        more = false;
        for (size_t len = 1; len <= 3 && len <= s.n && !more; len++)
            if (space_at(s.p + s.n - len, len) == len) {
                s.n -= len;
                more = true;
            }
    }
    return s;
}

size_t site_contacts_parse(struct str text, struct site_contact *out, size_t *n)
{
    *n = 0;
    size_t line = 0;
    while (text.n) {
        const char *nl = memchr(text.p, '\n', text.n);
        struct str l = {text.p, nl ? (size_t)(nl - text.p) : text.n};
        text = nl ? str_skip(text, l.n + 1) : STR("");
        line++;
        l = trim_all(l);
        if (!l.n)
            continue;
        struct str f[5] = {STR(""), STR(""), STR(""), STR(""), STR("")};
        size_t fields = 0;
        while (l.n || fields == 0) {
            if (fields == 5)
                return line; /* a sixth field */
            const char *semi = memchr(l.p, ';', l.n);
            f[fields++] = trim_all((struct str){l.p, semi ? (size_t)(semi - l.p) : l.n});
            if (!semi)
                break;
            l = str_skip(l, (size_t)(semi - l.p) + 1);
            if (!l.n && fields < 5)
                f[fields++] = STR(""); /* "a;": an empty field after the last ';' */
        }
        if (!f[0].n || !f[1].n || *n == SITE_CONTACTS_MAX)
            return line;
        out[(*n)++] = (struct site_contact){f[0], f[1], f[2], f[3], f[4]};
    }
    return 0;
}

int site_setting_set(struct store_conn *db, struct str key, struct str value, const char **problem)
{
    /* the introductions are pages of text; the rest, lines */
    /* (the settings page's limits in characters, four bytes each at most) */
    size_t max = str_eq_lit(key, "site.about") || str_eq_lit(key, "site.about_en") ? 20000 * 4
                 : str_eq_lit(key, "site.contacts")                                 ? 5000 * 4
                                                                                    : 4000;
    if (!str_starts_with(key, STR("site.")) || !text_ok(key, 64) || !utf8_valid(value) || utf8_has_control(value) ||
        value.n > max) {
        *problem = "Thiết lập không hợp lệ hoặc quá dài.";
        return SITE_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_SETTING_SET);
    if (!st) {
        store_write_rollback(db);
        return -1;
    }
    store_bind_str(st, 1, key);
    store_bind_str(st, 2, value);
    return run_write(db, st);
}

int site_category_save(struct store_conn *db, const struct site_category_input *in, int64_t *id, const char **problem)
{
    if (!in->name.n || !text_ok(in->name, 200) || !utf8_valid(in->description) || in->description.n > 2000) {
        *problem = "Tên chuyên mục trống, quá dài hoặc chứa ký tự không hợp lệ.";
        return SITE_INVALID;
    }
    bool slug_ok = in->slug.n > 0 && in->slug.n <= 80;
    for (size_t i = 0; slug_ok && i < in->slug.n; i++) {
        char c = in->slug.p[i];
        slug_ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }
    if (!slug_ok) {
        *problem = "Đường dẫn của chuyên mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.";
        return SITE_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_SLUG_TAKEN);
    if (!st) {
        store_write_rollback(db);
        return -1;
    }
    store_bind_str(st, 1, in->slug);
    sqlite3_bind_int64(st, 2, in->id);
    int taken = store_step_once(db, st, NULL, NULL);
    if (taken != 0) {
        store_write_rollback(db);
        if (taken > 0)
            *problem = "Đã có chuyên mục khác dùng đường dẫn này.";
        return taken > 0 ? SITE_INVALID : -1;
    }
    st = store_stmt(db, SQL_CATEGORY_SAVE);
    if (!st) {
        store_write_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, in->id);
    store_bind_str(st, 2, in->slug);
    store_bind_str(st, 3, in->name);
    store_bind_str(st, 4, in->description);
    sqlite3_bind_int(st, 5, in->position);
    int64_t new_id = in->id;
    int rc = store_step(db, st);
    sqlite3_reset(st);
    if (rc < 0) {
        store_write_rollback(db);
        return -1;
    }
    if (!new_id)
        new_id = sqlite3_last_insert_rowid(db->db);
    store_touch(db, "site");
    store_touch(db, "cat:%lld", (long long)new_id);
    if (id)
        *id = new_id;
    return store_write_commit(db);
}

int site_link_save(struct store_conn *db, const struct site_link_input *in, int64_t *id, const char **problem)
{
    const char *url_problem = site_url_problem(in->url);
    if (!in->name.n || !text_ok(in->name, 200) || url_problem) {
        *problem = url_problem ? url_problem : "Liên kết cần có tên.";
        return SITE_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_LINK_SAVE);
    if (!st) {
        store_write_rollback(db);
        return -1;
    }
    sqlite3_bind_int64(st, 1, in->id);
    store_bind_str(st, 2, in->name);
    store_bind_str(st, 3, in->url);
    sqlite3_bind_int(st, 4, in->position);
    int rc = run_write(db, st);
    if (rc == 0 && id)
        *id = in->id ? in->id : sqlite3_last_insert_rowid(db->db);
    return rc;
}
