/* query.c - reading news from the database; see query.h. */
#include "news/query.h"

#include <stdio.h>

#include "core/buf.h"
#include "text/vitime.h"

#define CARD_COLUMNS                                                                                         \
    "a.id, a.slug, a.title, a.summary, a.published_at, a.category_id, m.name, m.alt, m.width, m.height "     \
    "FROM article a LEFT JOIN media m ON m.id = a.image_id "

static const char SQL_LIST_ALL[] = "SELECT " CARD_COLUMNS
                                   "WHERE a.status = 1 AND a.published_at <= ?1 "
                                   "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
static const char SQL_LIST_FEATURED[] = "SELECT " CARD_COLUMNS
                                        "WHERE a.featured = 1 AND a.status = 1 AND a.published_at <= ?1 "
                                        "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
static const char SQL_LIST_CATEGORY[] = "SELECT " CARD_COLUMNS
                                        "WHERE a.category_id = ?4 AND a.status = 1 AND a.published_at <= ?1 "
                                        "ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM article WHERE status = 1 AND published_at <= ?1";
static const char SQL_COUNT_CATEGORY[] =
    "SELECT count(*) FROM article WHERE category_id = ?2 AND status = 1 AND published_at <= ?1";
static const char SQL_ARTICLE[] =
    "SELECT a.id, a.category_id, a.slug, a.title, a.summary, a.body, a.author, a.source, a.image_id, "
    "a.image_caption, a.published_at, a.updated_at, a.rating_sum, a.rating_count, m.name, m.alt, m.width, m.height "
    "FROM article a LEFT JOIN media m ON m.id = a.image_id "
    "WHERE a.id = ?1 AND a.status = 1 AND a.published_at <= ?2";
static const char SQL_NEWER[] = "SELECT " CARD_COLUMNS
                                "WHERE a.category_id = ?1 AND a.status = 1 AND a.published_at <= ?2 "
                                "AND (a.published_at > ?3 OR (a.published_at = ?3 AND a.id > ?4)) "
                                "ORDER BY a.published_at ASC, a.id ASC LIMIT ?5";
static const char SQL_OLDER[] = "SELECT " CARD_COLUMNS
                                "WHERE a.category_id = ?1 AND a.status = 1 AND a.published_at <= ?2 "
                                "AND (a.published_at < ?3 OR (a.published_at = ?3 AND a.id < ?4)) "
                                "ORDER BY a.published_at DESC, a.id DESC LIMIT ?5";
/* The tag's index drives (CROSS JOIN): newest first by id, stopping at
 * the limit, whatever the size of the table. */
static const char SQL_RELATED[] =
    "SELECT a.id, a.slug, a.title, a.summary, a.published_at, a.category_id, m.name, m.alt, m.width, m.height "
    "FROM article_tag y CROSS JOIN article a ON a.id = y.article_id LEFT JOIN media m ON m.id = a.image_id "
    "WHERE y.tag_id = (SELECT tag_id FROM article_tag WHERE article_id = ?1 ORDER BY tag_id LIMIT 1) "
    "AND y.article_id <> ?1 AND a.status = 1 AND a.published_at <= ?2 "
    "ORDER BY y.article_id DESC LIMIT ?3";
static const char SQL_TAGS[] = "SELECT t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id "
                               "WHERE x.article_id = ?1 ORDER BY t.name";
static const char SQL_MEDIA[] = "SELECT name, alt, width, height FROM media WHERE id = ?1";

struct str news_article_url(struct arena *a, struct str category_slug, struct str slug, int64_t id)
{
    char num[24];
    size_t k = sizeof num;
    unsigned long long v = (unsigned long long)id;
    do
        num[--k] = (char)('0' + v % 10);
    while ((v /= 10) && k);
    return ARENA_JOIN(a, STR("/tin-tuc/"), category_slug, STR("/"), slug, STR("-"),
                      ((struct str){num + k, sizeof num - k}), STR(".html"));
}

struct str news_media_url(struct arena *a, struct str name) { return ARENA_JOIN(a, STR("/media/"), name); }

static struct str copy(struct arena *a, sqlite3_stmt *st, int col)
{
    struct str s = store_col_str(st, col);
    return arena_strdup(a, s.p, s.n);
}

/* Reads the rows of a CARD_COLUMNS statement into cards. */
static size_t read_cards(const struct news_query *q, sqlite3_stmt *st, int limit, struct news_card **out)
{
    struct news_card *cards = ARENA_ARRAY(q->arena, struct news_card, limit > 0 ? (size_t)limit : 1);
    size_t n = 0;
    while (n < (size_t)limit && sqlite3_step(st) == SQLITE_ROW) {
        struct news_card *c = &cards[n++];
        c->id = sqlite3_column_int64(st, 0);
        struct str slug = store_col_str(st, 1);
        c->title = copy(q->arena, st, 2);
        c->summary = copy(q->arena, st, 3);
        int64_t when = sqlite3_column_int64(st, 4);
        c->published = when;
        char *date = arena_alloc(q->arena, 10 + 25);
        c->date = (struct str){date, vi_date_chars(when, date)};
        c->iso = (struct str){date + 10, vi_iso_chars(when, date + 10)};
        const struct site_category *cat = site_category_by_id(q->site, sqlite3_column_int64(st, 5));
        struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
        c->category_name = cat ? cat->name : STR("");
        c->category_url = ARENA_JOIN(q->arena, STR("/tin-tuc/"), cat_slug, STR("/"));
        c->url = news_article_url(q->arena, cat_slug, slug, c->id);
        if (sqlite3_column_type(st, 6) != SQLITE_NULL) {
            c->image_url = news_media_url(q->arena, store_col_str(st, 6));
            c->image_alt = copy(q->arena, st, 7);
            c->image_width = sqlite3_column_int(st, 8);
            c->image_height = sqlite3_column_int(st, 9);
        }
    }
    *out = cards;
    return n;
}

size_t news_list(const struct news_query *q, int64_t category_id, bool featured_only, int limit, int offset,
                 struct news_card **out)
{
    const char *sql = featured_only ? SQL_LIST_FEATURED : category_id > 0 ? SQL_LIST_CATEGORY : SQL_LIST_ALL;
    sqlite3_stmt *st = store_stmt(q->db, sql);
    if (!st) {
        *out = NULL;
        return 0;
    }
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, offset);
    if (sql == SQL_LIST_CATEGORY)
        sqlite3_bind_int64(st, 4, category_id);
    size_t n = read_cards(q, st, limit, out);
    sqlite3_reset(st);
    return n;
}

long long news_count(const struct news_query *q, int64_t category_id)
{
    sqlite3_stmt *st = store_stmt(q->db, category_id > 0 ? SQL_COUNT_CATEGORY : SQL_COUNT_ALL);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, q->now);
    if (category_id > 0)
        sqlite3_bind_int64(st, 2, category_id);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

bool news_article(const struct news_query *q, int64_t id, struct news_article_row *a)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_ARTICLE);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, q->now);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return false;
    }
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->category_id = sqlite3_column_int64(st, 1);
    a->slug = copy(q->arena, st, 2);
    a->title = copy(q->arena, st, 3);
    a->summary = copy(q->arena, st, 4);
    a->body = copy(q->arena, st, 5);
    a->author = copy(q->arena, st, 6);
    a->source = copy(q->arena, st, 7);
    a->image_id = sqlite3_column_int64(st, 8);
    a->image_caption = copy(q->arena, st, 9);
    a->published_at = sqlite3_column_int64(st, 10);
    a->updated_at = sqlite3_column_int64(st, 11);
    a->rating_sum = sqlite3_column_int64(st, 12);
    a->rating_count = sqlite3_column_int64(st, 13);
    if (sqlite3_column_type(st, 14) != SQLITE_NULL) {
        a->image_name = copy(q->arena, st, 14);
        a->image_alt = copy(q->arena, st, 15);
        a->image_width = sqlite3_column_int(st, 16);
        a->image_height = sqlite3_column_int(st, 17);
    }
    sqlite3_reset(st);
    return true;
}

size_t news_neighbours(const struct news_query *q, const struct news_article_row *a, bool newer, int limit,
                       struct news_card **out)
{
    sqlite3_stmt *st = store_stmt(q->db, newer ? SQL_NEWER : SQL_OLDER);
    if (!st) {
        *out = NULL;
        return 0;
    }
    sqlite3_bind_int64(st, 1, a->category_id);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, a->published_at);
    sqlite3_bind_int64(st, 4, a->id);
    sqlite3_bind_int(st, 5, limit);
    size_t n = read_cards(q, st, limit, out);
    sqlite3_reset(st);
    if (newer) /* fetched nearest first; shown newest first */
        for (size_t i = 0; i < n / 2; i++) {
            struct news_card t = (*out)[i];
            (*out)[i] = (*out)[n - 1 - i];
            (*out)[n - 1 - i] = t;
        }
    return n;
}

size_t news_related(const struct news_query *q, int64_t article_id, int limit, struct news_card **out)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_RELATED);
    if (!st) {
        *out = NULL;
        return 0;
    }
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int(st, 3, limit);
    size_t n = read_cards(q, st, limit, out);
    sqlite3_reset(st);
    return n;
}

size_t news_tags(const struct news_query *q, int64_t article_id, struct news_tag **out)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_TAGS);
    *out = NULL;
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, article_id);
    size_t n = 0, cap = 8;
    struct news_tag *tags = ARENA_ARRAY(q->arena, struct news_tag, cap);
    while (n < cap && sqlite3_step(st) == SQLITE_ROW)
        tags[n++].name = copy(q->arena, st, 0);
    sqlite3_reset(st);
    *out = tags;
    return n;
}

bool news_media(const struct news_query *q, int64_t id, struct str *name, struct str *alt, int *w, int *h)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_MEDIA);
    if (!st)
        return false;
    sqlite3_bind_int64(st, 1, id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        *name = copy(q->arena, st, 0);
        *alt = copy(q->arena, st, 1);
        *w = sqlite3_column_int(st, 2);
        *h = sqlite3_column_int(st, 3);
    }
    sqlite3_reset(st);
    return found;
}

static const char SQL_MAX_ID[] = "SELECT max(id) FROM article";
static const char SQL_RANGE[] =
    "SELECT id, slug, category_id, max(published_at, updated_at) FROM article "
    "WHERE id BETWEEN ?1 AND ?2 AND status = 1 AND published_at <= ?3 ORDER BY id";

int64_t news_max_id(const struct news_query *q)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_MAX_ID);
    if (!st)
        return 0;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

size_t news_each_in_range(const struct news_query *q, int64_t first_id, int64_t last_id,
                          void (*each)(void *ctx, struct str url, int64_t modified), void *ctx)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_RANGE);
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, first_id);
    sqlite3_bind_int64(st, 2, last_id);
    sqlite3_bind_int64(st, 3, q->now);
    size_t n = 0;
    char url[512];
    while (sqlite3_step(st) == SQLITE_ROW) {
        const struct site_category *cat = site_category_by_id(q->site, sqlite3_column_int64(st, 2));
        struct str cat_slug = cat ? cat->slug : STR("tin-tuc"), slug = store_col_str(st, 1);
        int k = snprintf(url, sizeof url, "/tin-tuc/%.*s/%.*s-%lld.html", (int)cat_slug.n, cat_slug.p, (int)slug.n,
                         slug.p, (long long)sqlite3_column_int64(st, 0));
        if (k > 0 && (size_t)k < sizeof url)
            each(ctx, (struct str){url, (size_t)k}, sqlite3_column_int64(st, 3));
        n++;
    }
    sqlite3_reset(st);
    return n;
}
