/* site.c - loading the site-wide snapshot; see site.h. */
#include "site/site.h"

#include <stdatomic.h>
#include <string.h>

#include "core/log.h"

static _Atomic uint64_t site_generation = 1;

void site_bump_generation(void) { atomic_fetch_add(&site_generation, 1); }

static const char SQL_SETTINGS[] = "SELECT key, value FROM setting";
static const char SQL_CATEGORIES[] =
    "SELECT id, slug, name, description FROM category ORDER BY position, id";
static const char SQL_LINKS[] = "SELECT name, url FROM weblink ORDER BY position, id";

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
        {"site.description", offsetof(struct site, description)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (str_eq_lit(key, fields[i].key))
            *(struct str *)((char *)s + fields[i].offset) = value;
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
    while (sqlite3_step(st) == SQLITE_ROW)
        set_setting(s, store_col_str(st, 0), copy_col(s, st, 1));
    if (s->short_name.n == 0)
        s->short_name = s->name;

    size_t cap = 0;
    st = store_stmt(db, SQL_CATEGORIES);
    if (!st)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->n_categories == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct site_category *n = ARENA_ARRAY(&s->arena, struct site_category, ncap);
            if (cap)
                memcpy(n, s->categories, cap * sizeof *n);
            s->categories = n;
            cap = ncap;
        }
        struct site_category *c = &s->categories[s->n_categories++];
        c->id = sqlite3_column_int64(st, 0);
        c->slug = copy_col(s, st, 1);
        c->name = copy_col(s, st, 2);
        c->description = copy_col(s, st, 3);
    }

    cap = 0;
    st = store_stmt(db, SQL_LINKS);
    if (!st)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (s->n_links == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct site_link *n = ARENA_ARRAY(&s->arena, struct site_link, ncap);
            if (cap)
                memcpy(n, s->links, cap * sizeof *n);
            s->links = n;
            cap = ncap;
        }
        struct site_link *l = &s->links[s->n_links++];
        l->name = copy_col(s, st, 0);
        l->url = copy_col(s, st, 1);
    }
    return 0;
}

void site_free(struct site *s) { arena_free(&s->arena); }

void site_refresh(struct site *s, struct store_conn *db)
{
    if (s->generation == atomic_load(&site_generation))
        return;
    struct site fresh;
    if (site_load(&fresh, db, s->base_url) != 0) {
        log_error("cannot reload site settings; keeping the old ones");
        site_free(&fresh);
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
