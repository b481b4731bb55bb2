/* query.c - reading news from the database; see query.h. */
#include "news/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "media/media.h"
#include "news/news.h"
#include "stats/views.h"
#include "text/vitime.h"

#define CARD_COLUMNS_OF(a) a "id, " a "slug, " a "title, " a "summary, " a "published_at, " a "category_id, " a "image_id "
#define CARD_COLUMNS CARD_COLUMNS_OF("a.") "FROM article a "

/* A list's statements come twice: with the card's columns, and with its id
 * and date alone (struct news_query's ids_only), which the indexes cover. */
#define ID_COLUMNS "a.id, a.published_at FROM article a "
#define LIST_ALL(cols) \
    "SELECT " cols "WHERE " NEWS_PUBLISHED("a.", "?1") " ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3"
static const char SQL_LIST_ALL[] = LIST_ALL(CARD_COLUMNS);
static const char SQL_LIST_ALL_IDS[] = LIST_ALL(ID_COLUMNS);
/* The featured index by name: without statistics the planner walks the
 * date index and tests each row, and where the newest thousands are not
 * featured that took 8 ms a render against 12 µs (20,000 articles). */
static const char SQL_LIST_FEATURED[] = "SELECT " CARD_COLUMNS_OF("a.") "FROM article a INDEXED BY article_featured "
                                        "WHERE a.featured = 1 AND " NEWS_PUBLISHED("a.", "?1")
                                        " ORDER BY a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
/* A category's list: its own articles (article_by_category) and those filed
 * under it as another category (article_category_list), each read newest
 * first in its index's order and stopping at the page's end (?3 = limit +
 * offset); list_category merges the two in C. One UNION statement did the
 * same with two temporary b-trees, which cost more than the reading itself.
 * Each comes with the card's columns and with id and date alone. */
#define LIST_OWN(cols) \
    "SELECT " cols "WHERE a.category_id = ?2 AND " NEWS_PUBLISHED("a.", "?1") \
    " ORDER BY a.published_at DESC, a.id DESC LIMIT ?3"
static const char SQL_LIST_OWN[] = LIST_OWN(CARD_COLUMNS);
static const char SQL_LIST_OWN_IDS[] = LIST_OWN(ID_COLUMNS);
#define LIST_FILED(cols, article) \
    "SELECT " cols "FROM article_category x CROSS JOIN " article " ON a.id = x.article_id " \
    "WHERE x.category_id = ?2 AND x.published_at <= ?1 AND " NEWS_PUBLISHED("a.", "?1") \
    " ORDER BY x.published_at DESC, x.article_id DESC LIMIT ?3"
static const char SQL_LIST_FILED[] = LIST_FILED(CARD_COLUMNS_OF("a."), "article a");
/* ids alone: the index of id, state and date answers without the row (whose
 * state and date lie after the body, maybe in overflow pages) */
static const char SQL_LIST_FILED_IDS[] = LIST_FILED("a.id, a.published_at ", "article a INDEXED BY article_live");
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM article WHERE " NEWS_PUBLISHED("", "?1");
static const char SQL_COUNT_CATEGORY[] =
    "SELECT (SELECT count(*) FROM article WHERE category_id = ?2 AND " NEWS_PUBLISHED("", "?1") ") + "
    "(SELECT count(*) FROM article_category x CROSS JOIN article b ON b.id = x.article_id "
    "WHERE x.category_id = ?2 AND x.published_at <= ?1 AND b.status = 1)";
static const char SQL_COUNT_CATEGORY_ANY[] = "SELECT count(*) FROM article WHERE category_id = ?1";
static const char SQL_ARTICLE[] =
    "SELECT a.id, a.category_id, a.slug, a.title, a.summary, a.body, a.author, a.source, a.image_id, "
    "a.image_caption, a.published_at, a.updated_at, a.rating_sum, a.rating_count, a.body_format, a.views "
    "FROM article a WHERE a.id = ?1 AND " NEWS_PUBLISHED("a.", "?2");
/* The same whatever its state: the newsroom's preview. */
static const char SQL_ARTICLE_ANY[] =
    "SELECT a.id, a.category_id, a.slug, a.title, a.summary, a.body, a.author, a.source, a.image_id, "
    "a.image_caption, a.published_at, a.updated_at, a.rating_sum, a.rating_count, a.body_format, a.views "
    "FROM article a WHERE a.id = ?1";
static const char SQL_IS_PUBLISHED[] =
    "SELECT rating_sum, rating_count FROM article WHERE id = ?1 AND " NEWS_PUBLISHED("", "?2");
static const char SQL_VIEWS[] = "SELECT views FROM article WHERE id = ?1 AND " NEWS_PUBLISHED("", "?2");
/* "Tin xem nhiều": the most read of those published since ?2 (the date
 * index bounds the rows read), or of all when ?2 is 0. */
#define MOST_READ(since) \
    "SELECT a.id, a.slug, a.title, '', a.published_at, a.category_id, 0 FROM article a WHERE " \
    NEWS_PUBLISHED("a.", "?1") since " ORDER BY a.views DESC, a.published_at DESC, a.id DESC LIMIT ?3"
static const char SQL_MOST_READ_SINCE[] = MOST_READ(" AND a.published_at >= ?2");
static const char SQL_MOST_READ_EVER[] = MOST_READ(" AND ?2 = 0");
/* The newer and older titles of a category: a list of titles shows no
 * summary or picture, and the picture's column lies after the body (a
 * long body's row goes on in overflow pages, read to reach it). */
#define TITLE_COLUMNS "a.id, a.slug, a.title, '', a.published_at, a.category_id, 0 FROM article a "
#define NEWER(cols)                                                                                                    \
    "SELECT " cols "WHERE a.category_id = ?1 AND " NEWS_PUBLISHED("a.", "?2")                                          \
    " AND (a.published_at > ?3 OR (a.published_at = ?3 AND a.id > ?4)) ORDER BY a.published_at ASC, a.id ASC LIMIT ?5"
#define OLDER(cols)                                                                                                    \
    "SELECT " cols "WHERE a.category_id = ?1 AND " NEWS_PUBLISHED("a.", "?2")                                          \
    " AND (a.published_at < ?3 OR (a.published_at = ?3 AND a.id < ?4)) ORDER BY a.published_at DESC, a.id DESC LIMIT ?5"
static const char SQL_NEWER[] = NEWER(TITLE_COLUMNS);
static const char SQL_OLDER[] = OLDER(TITLE_COLUMNS);
static const char SQL_NEWER_IDS[] = NEWER(ID_COLUMNS);
static const char SQL_OLDER_IDS[] = OLDER(ID_COLUMNS);
/* The articles of one tag (?4, the article's first: news_tags has read
 * them in order). The tag's index drives (CROSS JOIN): newest first by id,
 * stopping at the limit, whatever the size of the table. */
/* ?5..?14: the ids the page lists already (0 for none), left out in the
 * statement so that their rows are never read in full. */
#define RELATED_EXCEPT 10
#define RELATED(cols, article) \
    "SELECT " cols "FROM article_tag y CROSS JOIN " article " ON a.id = y.article_id " \
    "WHERE y.tag_id = ?4 AND y.article_id <> ?1 AND y.article_id <> ?5 AND y.article_id <> ?6 AND " \
    "y.article_id <> ?7 AND y.article_id <> ?8 AND y.article_id <> ?9 AND y.article_id <> ?10 AND " \
    "y.article_id <> ?11 AND y.article_id <> ?12 AND y.article_id <> ?13 AND y.article_id <> ?14 AND " \
    NEWS_PUBLISHED("a.", "?2") " ORDER BY y.article_id DESC LIMIT ?3"
static const char SQL_RELATED[] =
    RELATED("a.id, a.slug, a.title, a.summary, a.published_at, a.category_id, a.image_id ", "article a");
static const char SQL_RELATED_IDS[] = RELATED("a.id, a.published_at ", "article a INDEXED BY article_live");
/* A tag's page: its published articles, by the tag's index, newest id
 * first (as "Tin liên quan" reads them): the page's work is the page's
 * rows, whatever the size of the table. */
#define LIST_TAG(cols, article) \
    "SELECT " cols "FROM article_tag y CROSS JOIN " article " ON a.id = y.article_id " \
    "WHERE y.tag_id = ?2 AND " NEWS_PUBLISHED("a.", "?1") " ORDER BY y.article_id DESC LIMIT ?3 OFFSET ?4"
static const char SQL_LIST_TAG[] = LIST_TAG(CARD_COLUMNS_OF("a."), "article a");
static const char SQL_LIST_TAG_IDS[] = LIST_TAG("a.id, a.published_at ", "article a INDEXED BY article_live");
static const char SQL_COUNT_TAG[] = "SELECT count(*) FROM article_tag y CROSS JOIN article a INDEXED BY article_live "
                                    "ON a.id = y.article_id WHERE y.tag_id = ?2 AND " NEWS_PUBLISHED("a.", "?1");
static const char SQL_TAG_BY_SLUG[] = "SELECT id, name FROM tag WHERE slug = ?1";
/* Put in the order they were typed (then by name, as SQLite's binary
 * collation would, for rows from before that order was kept) in C: a
 * handful of rows does not need the statement's sorter. */
static const char SQL_TAGS[] = "SELECT t.name, x.position, t.id, t.slug FROM article_tag x JOIN tag t ON t.id = x.tag_id "
                               "WHERE x.article_id = ?1";
/* ?1 is a JSON array of ids: one prepared statement for any number. */
/* "+": each id looked up, the few found sorted; the planner otherwise
 * walked the date index over every published article to find them (25 ms
 * at 100,000 articles for an article's comments page) */
static const char SQL_BY_IDS[] = "SELECT " CARD_COLUMNS "WHERE a.id IN (SELECT value FROM json_each(?1)) AND "
                                 NEWS_PUBLISHED("a.", "?2") " ORDER BY +a.published_at DESC, a.id DESC LIMIT ?3";
/* One card, or one title, by the id a list gave (news_cards_fill). */
static const char SQL_CARD[] = "SELECT " CARD_COLUMNS "WHERE a.id = ?1";
static const char SQL_TITLE[] = "SELECT " TITLE_COLUMNS "WHERE a.id = ?1";
static const char SQL_MAX_ID[] = "SELECT max(id) FROM article";
static const char SQL_CATEGORY_OF[] = "SELECT category_id FROM article WHERE id = ?1";
/* By the table's own key: left to itself the planner took the date index,
 * walked every published article and sorted (46 ms a part at 100,000
 * articles, and 1.6 s from a cold disk, against 15 ms and 25 ms). */
static const char SQL_RANGE[] = "SELECT id, slug, category_id, max(published_at, updated_at) FROM article NOT INDEXED "
                                "WHERE id BETWEEN ?1 AND ?2 AND " NEWS_PUBLISHED("", "?3") " ORDER BY id";

struct str news_article_url(struct arena *a, struct str category_slug, struct str slug, int64_t id)
{
    char num[24];
    return ARENA_JOIN(a, STR("/tin-tuc/"), category_slug, STR("/"), slug, STR("-"),
                      str_of_u64(num, (unsigned long long)id), STR(".html"));
}

/* Each card's picture, from the media library (its own tables). */
static int fill_pictures(const struct news_query *q, struct news_card *cards, size_t n)
{
    if (!n)
        return 0;
    int64_t *ids = ARENA_ARRAY(q->arena, int64_t, n);
    struct media_image *img = ARENA_ARRAY(q->arena, struct media_image, n);
    int *found = ARENA_ARRAY(q->arena, int, n);
    for (size_t i = 0; i < n; i++)
        ids[i] = cards[i].image_id;
    if (media_card_images(q->db, q->arena, ids, n, img, found) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct news_card *c = &cards[i];
        if (found[i] && img[i].image) {
            c->image_url = img[i].url;
            c->image_alt = img[i].alt;
            c->image_width = img[i].width;
            c->image_height = img[i].height;
            c->image_srcset = img[i].srcset;
        }
    }
    return 0;
}

/* One card from a CARD_COLUMNS row. */
static void read_card(const struct news_query *q, sqlite3_stmt *st, struct news_card *c)
{
    c->id = sqlite3_column_int64(st, 0);
    struct str slug = store_col_str(st, 1);
    c->title = store_col_copy(q->arena, st, 2);
    c->summary = store_col_copy(q->arena, st, 3);
    int64_t when = sqlite3_column_int64(st, 4);
    c->published = when;
    char *date = arena_alloc(q->arena, 10 + 25);
    vi_date_iso_chars(when, date);
    c->date = (struct str){date, 10};
    c->iso = (struct str){date + 10, 25};
    const struct site_category *cat = site_category_by_id(q->site, sqlite3_column_int64(st, 5));
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    c->category_name = cat ? cat->name : STR("");
    c->url = news_article_url(q->arena, cat_slug, slug, c->id);
    c->image_id = sqlite3_column_int64(st, 6);
}

/* What read_cards_with reads of each row. */
enum card_read {
    CARDS_TEXT,     /* CARD_COLUMNS (or TITLE_COLUMNS), no picture */
    CARDS_PICTURES, /* CARD_COLUMNS and each card's picture from the media library */
    CARDS_IDS,      /* ID_COLUMNS: id and date */
};

/* Reads the rows of a statement into cards and resets it. A list of
 * titles shows no picture, and looking them up is a statement per card. */
static int read_cards_with(const struct news_query *q, sqlite3_stmt *st, int limit, enum card_read what,
                           struct news_card **out, size_t *n_out)
{
    struct news_card *cards = ARENA_ARRAY(q->arena, struct news_card, limit > 0 ? (size_t)limit : 1);
    size_t n = 0;
    int r = 0;
    while (n < (size_t)limit && (r = store_step(q->db, st)) > 0) {
        struct news_card *c = &cards[n++];
        if (what == CARDS_IDS) {
            c->id = sqlite3_column_int64(st, 0);
            c->published = sqlite3_column_int64(st, 1);
        } else
            read_card(q, st, c);
    }
    sqlite3_reset(st);
    *out = cards;
    *n_out = n;
    if (r < 0)
        return -1;
    return what == CARDS_PICTURES ? fill_pictures(q, cards, n) : 0;
}

static int read_cards(const struct news_query *q, sqlite3_stmt *st, int limit, struct news_card **out, size_t *n_out)
{
    return read_cards_with(q, st, limit, CARDS_PICTURES, out, n_out);
}

/* Whether card x comes before card y, newest first. */
static bool card_before(const struct news_card *x, const struct news_card *y)
{
    return x->published != y->published ? x->published > y->published : x->id > y->id;
}

/* A category's page: its own articles and those filed under it, merged as
 * the two lists are stepped. A page after the first reads both lists by id
 * and date alone, passes over the rows before it without keeping them, and
 * reads only its own cards whole: reading the rows passed over whole made
 * page 1,000 of a category at 100,000 articles read 20,000 articles (80 ms).
 * The first page passes over nothing and reads its cards as it goes. */
static int list_category(const struct news_query *q, int64_t category_id, int limit, int offset,
                         struct news_card **out, size_t *n)
{
    bool whole = !q->ids_only && offset == 0;
    sqlite3_stmt *st[2] = {store_stmt(q->db, whole ? SQL_LIST_OWN : SQL_LIST_OWN_IDS),
                           store_stmt(q->db, whole ? SQL_LIST_FILED : SQL_LIST_FILED_IDS)};
    if (!st[0] || !st[1])
        return -1;
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_int64(st[i], 1, q->now);
        sqlite3_bind_int64(st[i], 2, category_id);
        sqlite3_bind_int(st[i], 3, limit + offset);
    }
    struct news_card *page = ARENA_ARRAY(q->arena, struct news_card, limit > 0 ? (size_t)limit : 1);
    struct news_card head[2];
    int live[2] = {1, 1}; /* head[i] is list i's next card while live[i] > 0 */
    bool failed = false;
    size_t seen = 0, k = 0;
    for (int step = 3; !failed; ) { /* step: a bit for each list to move on */
        for (int i = 0; i < 2; i++) {
            if (!(step & (1 << i)) || live[i] <= 0)
                continue;
            live[i] = store_step(q->db, st[i]);
            failed |= live[i] < 0;
            if (live[i] <= 0)
                continue;
            head[i] = (struct news_card){.id = sqlite3_column_int64(st[i], 0),
                                         .published = sqlite3_column_int64(st[i], 1)};
            if (whole)
                read_card(q, st[i], &head[i]);
        }
        if (failed || (live[0] <= 0 && live[1] <= 0) || k >= (size_t)limit)
            break;
        int take = live[1] <= 0 || (live[0] > 0 && card_before(&head[0], &head[1])) ? 0 : 1;
        /* filed under its own category too: shown once, as its own */
        if (live[0] > 0 && live[1] > 0 && head[0].id == head[1].id)
            take = 0, step = 3;
        else
            step = 1 << take;
        if (seen++ >= (size_t)offset)
            page[k++] = head[take];
    }
    sqlite3_reset(st[0]);
    sqlite3_reset(st[1]);
    if (failed)
        return -1;
    *out = page;
    *n = k;
    if (q->ids_only)
        return 0;
    if (whole)
        return fill_pictures(q, page, k);
    int left = news_cards_fill(q, page, k, false);
    if (left < 0)
        return -1;
    *n = (size_t)left;
    return 0;
}

int news_list(const struct news_query *q, int64_t category_id, bool featured_only, int limit, int offset,
              struct news_card **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!featured_only && category_id > 0)
        return list_category(q, category_id, limit, offset, out, n);
    bool ids = q->ids_only && !featured_only;
    sqlite3_stmt *st = store_stmt(q->db, featured_only ? SQL_LIST_FEATURED : ids ? SQL_LIST_ALL_IDS : SQL_LIST_ALL);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int(st, 2, limit);
    sqlite3_bind_int(st, 3, offset);
    if (!featured_only)
        return read_cards_with(q, st, limit, ids ? CARDS_IDS : CARDS_PICTURES, out, n);
    /* the featured list shows the first one's picture alone */
    if (read_cards_with(q, st, limit, CARDS_TEXT, out, n) != 0)
        return -1;
    return fill_pictures(q, *out, *n ? 1 : 0);
}

static void read_count(sqlite3_stmt *st, void *ctx) { *(long long *)ctx = sqlite3_column_int64(st, 0); }

/* The counts of the public lists (every article, a category's, a tag's),
 * which a list's pager needs on each of its pages: counting reads every
 * article of the list (24 ms at 100,000 articles), so each thread keeps
 * the last few while the database is unchanged (store_version_read: any
 * write by any process) and until the next article dated ahead comes due
 * (a list holds the articles dated up to now, and one dated ahead joins it
 * when its time comes, with no write: the scheduler only drops the pages
 * that show it, which are then drawn again with the count of that time). */
enum { COUNT_ALL, COUNT_CATEGORY, COUNT_TAG };
struct count_kept {
    struct store_version version; /* conn 0: nothing kept */
    int64_t until, key;           /* kept while now < until */
    int kind;
    long long count;
};
static const char SQL_NEXT_DUE[] = "SELECT coalesce(min(published_at), 0) FROM article WHERE status = 1 "
                                   "AND published_at > ?1";
/* a portal's categories and its busiest tags: with 16, a crawler going
 * through more lists than that counted each again (11 ms for a tag of
 * 29,000 articles) */
#define COUNTS_KEPT 64
static _Thread_local struct count_kept counts_kept[COUNTS_KEPT];
static _Thread_local unsigned counts_next;

static int count_of(const struct news_query *q, int kind, int64_t key, long long *out)
{
    struct store_version now;
    if (store_version_read(q->db, &now) != 0)
        return -1;
    for (size_t i = 0; i < COUNTS_KEPT; i++) {
        const struct count_kept *k = &counts_kept[i];
        if (k->kind == kind && k->key == key && q->now < k->until && store_version_same(&k->version, &now)) {
            *out = k->count;
            return 0;
        }
    }
    sqlite3_stmt *st = store_stmt(q->db, kind == COUNT_TAG ? SQL_COUNT_TAG : kind == COUNT_CATEGORY ? SQL_COUNT_CATEGORY
                                                                                                      : SQL_COUNT_ALL);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, q->now);
    if (kind != COUNT_ALL)
        sqlite3_bind_int64(st, 2, key);
    if (store_step_once(q->db, st, read_count, out) < 0)
        return -1;
    long long due = 0;
    if (!(st = store_stmt(q->db, SQL_NEXT_DUE)))
        return -1;
    sqlite3_bind_int64(st, 1, q->now);
    if (store_step_once(q->db, st, read_count, &due) < 0)
        return -1;
    counts_kept[counts_next++ % COUNTS_KEPT] = (struct count_kept){now, due ? due : INT64_MAX, key, kind, *out};
    return 0;
}

int news_tag_by_slug(const struct news_query *q, struct str slug, struct news_tag *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(q->db, SQL_TAG_BY_SLUG);
    if (!st)
        return -1;
    store_bind_str(st, 1, slug);
    int r = store_step(q->db, st);
    if (r == 1) {
        out->id = sqlite3_column_int64(st, 0);
        out->name = store_col_copy(q->arena, st, 1);
        out->slug = slug;
    }
    sqlite3_reset(st);
    return r;
}

int news_tag_list(const struct news_query *q, int64_t tag_id, int limit, int offset, long long *total,
                  struct news_card **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (count_of(q, COUNT_TAG, tag_id, total) != 0)
        return -1;
    if (offset > 0 && offset >= *total)
        return 0; /* past the last page: nothing to pass over (the caller answers 404) */
    /* a page after the first by id and date, whatever is asked: the rows
     * passed over by the offset are then never read whole (list_category) */
    bool whole = !q->ids_only && offset == 0;
    sqlite3_stmt *st = store_stmt(q->db, whole ? SQL_LIST_TAG : SQL_LIST_TAG_IDS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int64(st, 2, tag_id);
    sqlite3_bind_int(st, 3, limit);
    sqlite3_bind_int(st, 4, offset);
    if (read_cards_with(q, st, limit, whole ? CARDS_PICTURES : CARDS_IDS, out, n) != 0)
        return -1;
    if (q->ids_only || whole)
        return 0;
    int left = news_cards_fill(q, *out, *n, false);
    if (left < 0)
        return -1;
    *n = (size_t)left;
    return 0;
}

int news_count(const struct news_query *q, int64_t category_id, long long *out)
{
    *out = 0;
    return count_of(q, category_id > 0 ? COUNT_CATEGORY : COUNT_ALL, category_id > 0 ? category_id : 0, out);
}

int news_category_article_count(struct store_conn *db, int64_t category_id, long long *out)
{
    *out = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT_CATEGORY_ANY);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, category_id);
    return store_step_once(db, st, read_count, out) < 0 ? -1 : 0;
}

int news_article_as(const struct news_query *q, int64_t id, bool any_state, struct news_article_row *a)
{
    sqlite3_stmt *st = store_stmt(q->db, any_state ? SQL_ARTICLE_ANY : SQL_ARTICLE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (!any_state)
        sqlite3_bind_int64(st, 2, q->now);
    int r = store_step(q->db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        return r;
    }
    memset(a, 0, sizeof *a);
    a->id = sqlite3_column_int64(st, 0);
    a->category_id = sqlite3_column_int64(st, 1);
    a->slug = store_col_copy(q->arena, st, 2);
    a->title = store_col_copy(q->arena, st, 3);
    a->summary = store_col_copy(q->arena, st, 4);
    a->body = store_col_copy(q->arena, st, 5);
    a->author = store_col_copy(q->arena, st, 6);
    a->source = store_col_copy(q->arena, st, 7);
    a->image_id = sqlite3_column_int64(st, 8);
    a->image_caption = store_col_copy(q->arena, st, 9);
    a->published_at = sqlite3_column_int64(st, 10);
    a->updated_at = sqlite3_column_int64(st, 11);
    a->rating_sum = sqlite3_column_int64(st, 12);
    a->rating_count = sqlite3_column_int64(st, 13);
    a->body_format = sqlite3_column_int(st, 14);
    a->views = sqlite3_column_int64(st, 15) + stats_views_pending(STATS_ITEM_ARTICLE, a->id);
    sqlite3_reset(st);
    struct media_image img;
    int found = a->image_id ? media_image_get(q->db, q->arena, a->image_id, &img) : 0;
    if (found < 0)
        return -1;
    if (found && img.image) {
        a->image_name = img.name;
        a->image_alt = img.alt;
        a->image_width = img.width;
        a->image_height = img.height;
        a->image_srcset = img.srcset;
    }
    return 1;
}

int news_article(const struct news_query *q, int64_t id, struct news_article_row *a)
{
    return news_article_as(q, id, false, a);
}

struct rating_totals {
    long long *sum, *count;
};

static void read_rating(sqlite3_stmt *st, void *ctx)
{
    struct rating_totals *t = ctx;
    if (t->sum)
        *t->sum = sqlite3_column_int64(st, 0);
    if (t->count)
        *t->count = sqlite3_column_int64(st, 1);
}

int news_is_published(struct store_conn *db, int64_t id, int64_t now, long long *rating_sum,
                      long long *rating_count)
{
    sqlite3_stmt *st = store_stmt(db, SQL_IS_PUBLISHED);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    return store_step_once(db, st, read_rating, &(struct rating_totals){rating_sum, rating_count});
}

int news_article_views(struct store_conn *db, int64_t id, int64_t now, long long *views)
{
    sqlite3_stmt *st = store_stmt(db, SQL_VIEWS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    int64_t stored = 0;
    int found = store_step_once(db, st, store_read_int64, &stored);
    *views = found > 0 ? stored + stats_views_pending(STATS_ITEM_ARTICLE, id) : 0;
    return found;
}

int news_most_read(const struct news_query *q, int64_t since, int limit, struct news_card **out, size_t *n)
{
    sqlite3_stmt *st = store_stmt(q->db, since ? SQL_MOST_READ_SINCE : SQL_MOST_READ_EVER);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int(st, 3, limit);
    return read_cards_with(q, st, limit, CARDS_TEXT, out, n);
}

int news_neighbours(const struct news_query *q, const struct news_article_row *a, bool newer, int limit,
                    struct news_card **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(q->db, q->ids_only ? (newer ? SQL_NEWER_IDS : SQL_OLDER_IDS)
                                                     : (newer ? SQL_NEWER : SQL_OLDER));
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, a->category_id);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, a->published_at);
    sqlite3_bind_int64(st, 4, a->id);
    sqlite3_bind_int(st, 5, limit);
    if (read_cards_with(q, st, limit, q->ids_only ? CARDS_IDS : CARDS_TEXT, out, n) != 0)
        return -1;
    if (newer) /* fetched nearest first; shown newest first */
        for (size_t i = 0; i < *n / 2; i++) {
            struct news_card t = (*out)[i];
            (*out)[i] = (*out)[*n - 1 - i];
            (*out)[*n - 1 - i] = t;
        }
    return 0;
}

int news_related(const struct news_query *q, int64_t article_id, int64_t tag_id, int limit,
                 const struct news_card *except, size_t n_except, struct news_card **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(q->db, q->ids_only ? SQL_RELATED_IDS : SQL_RELATED);
    if (!st)
        return -1;
    /* the first RELATED_EXCEPT are left out by the statement; any more
     * (never, with the page's lists of five) after it has read them */
    size_t in_sql = n_except < RELATED_EXCEPT ? n_except : RELATED_EXCEPT;
    int want = limit + (int)(n_except - in_sql);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int(st, 3, want);
    sqlite3_bind_int64(st, 4, tag_id);
    for (size_t k = 0; k < RELATED_EXCEPT; k++)
        sqlite3_bind_int64(st, 5 + (int)k, k < in_sql ? except[k].id : 0);
    struct news_card *cards;
    size_t got, kept = 0;
    if (read_cards_with(q, st, want, q->ids_only ? CARDS_IDS : CARDS_TEXT, &cards, &got) != 0)
        return -1;
    for (size_t i = 0; i < got && kept < (size_t)limit; i++) {
        bool listed = false;
        for (size_t k = in_sql; k < n_except && !listed; k++)
            listed = except[k].id == cards[i].id;
        if (!listed)
            cards[kept++] = cards[i];
    }
    *out = cards;
    *n = kept;
    return q->ids_only ? 0 : fill_pictures(q, cards, kept);
}

int news_cards_by_ids(const struct news_query *q, const int64_t *ids, size_t n_ids, int limit,
                      struct news_card **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!n_ids || limit <= 0)
        return 0;
    sqlite3_stmt *st = store_stmt(q->db, SQL_BY_IDS);
    if (!st)
        return -1;
    struct buf json = BUF_INIT;
    buf_putc(&json, '[');
    for (size_t i = 0; i < n_ids; i++)
        buf_printf(&json, "%s%lld", i ? "," : "", (long long)ids[i]);
    buf_putc(&json, ']');
    sqlite3_bind_text(st, 1, json.p, (int)json.n, SQLITE_TRANSIENT);
    buf_free(&json);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int(st, 3, limit);
    return read_cards(q, st, limit, out, n);
}

int news_cards_fill(const struct news_query *q, struct news_card *cards, size_t n, bool titles)
{
    sqlite3_stmt *st = store_stmt(q->db, titles ? SQL_TITLE : SQL_CARD);
    if (!st)
        return -1;
    /* the cards read here, gathered for their pictures (one call) */
    struct news_card *read = ARENA_ARRAY(q->arena, struct news_card, n ? n : 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (cards[i].kept.n)
            continue;
        sqlite3_bind_int64(st, 1, cards[i].id);
        int r = store_step(q->db, st);
        if (r > 0)
            read_card(q, st, &read[k++]);
        sqlite3_reset(st);
        if (r < 0)
            return -1;
    }
    if (!titles && fill_pictures(q, read, k) != 0)
        return -1;
    /* in the list's order; a card whose row is gone (never, in one read
     * transaction) is left out */
    size_t m = 0, j = 0;
    for (size_t i = 0; i < n; i++)
        if (cards[i].kept.n)
            cards[m++] = cards[i];
        else if (j < k && read[j].id == cards[i].id)
            cards[m++] = read[j++];
    return (int)m;
}

static int by_position(const void *pa, const void *pb)
{
    const struct news_tag *x = pa, *y = pb;
    if (x->position != y->position)
        return x->position < y->position ? -1 : 1;
    size_t n = x->name.n < y->name.n ? x->name.n : y->name.n;
    int c = n ? memcmp(x->name.p, y->name.p, n) : 0;
    return c ? c : (x->name.n > y->name.n) - (x->name.n < y->name.n);
}

int news_tags(const struct news_query *q, int64_t article_id, struct news_tag **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = store_stmt(q->db, SQL_TAGS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    size_t n = 0, cap = 8;
    struct news_tag *tags = ARENA_ARRAY(q->arena, struct news_tag, cap);
    int r;
    while ((r = store_step(q->db, st)) > 0) {
        if (n == cap) {
            struct news_tag *more = ARENA_ARRAY(q->arena, struct news_tag, cap * 2);
            memcpy(more, tags, n * sizeof *tags);
            tags = more;
            cap *= 2;
        }
        tags[n].name = store_col_copy(q->arena, st, 0);
        tags[n].position = sqlite3_column_int(st, 1);
        tags[n].id = sqlite3_column_int64(st, 2);
        tags[n++].slug = store_col_copy(q->arena, st, 3);
    }
    sqlite3_reset(st);
    qsort(tags, n, sizeof *tags, by_position);
    *out = tags;
    *n_out = n;
    return r < 0 ? -1 : 0;
}

int news_media(const struct news_query *q, int64_t id, struct str *name, struct str *alt, int *w, int *h,
               struct str *srcset)
{
    struct media_image img;
    int found = media_image_get(q->db, q->arena, id, &img);
    if (found <= 0 || !img.image)
        return found < 0 ? -1 : 0;
    *name = img.name;
    *alt = img.alt;
    *w = img.width;
    *h = img.height;
    *srcset = img.srcset;
    return 1;
}

int news_max_id(const struct news_query *q, int64_t *out)
{
    *out = 0;
    sqlite3_stmt *st = store_stmt(q->db, SQL_MAX_ID);
    if (!st)
        return -1;
    return store_step_once(q->db, st, store_read_int64, out) < 0 ? -1 : 0;
}

long news_each_in_range(const struct news_query *q, int64_t first_id, int64_t last_id,
                        void (*each)(void *ctx, struct str url, int64_t modified), void *ctx)
{
    sqlite3_stmt *st = store_stmt(q->db, SQL_RANGE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, first_id);
    sqlite3_bind_int64(st, 2, last_id);
    sqlite3_bind_int64(st, 3, q->now);
    long n = 0;
    char url[512];
    int r;
    while ((r = store_step(q->db, st)) > 0) {
        const struct site_category *cat = site_category_by_id(q->site, sqlite3_column_int64(st, 2));
        struct str cat_slug = cat ? cat->slug : STR("tin-tuc"), slug = store_col_str(st, 1);
        int k = snprintf(url, sizeof url, "/tin-tuc/%.*s/%.*s-%lld.html", (int)cat_slug.n, cat_slug.p, (int)slug.n,
                         slug.p, (long long)sqlite3_column_int64(st, 0));
        if (k > 0 && (size_t)k < sizeof url)
            each(ctx, (struct str){url, (size_t)k}, sqlite3_column_int64(st, 3));
        n++;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : n;
}

static const char SQL_HAS_CONTENT[] = "SELECT EXISTS(SELECT 1 FROM article) OR EXISTS(SELECT 1 FROM tag)";

static void read_flag(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

int news_has_content(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HAS_CONTENT);
    if (!st)
        return -1;
    int any = 0;
    if (store_step_once(db, st, read_flag, &any) < 0)
        return -1;
    return any ? 1 : media_any(db);
}

int news_category_of(struct store_conn *db, int64_t id, int64_t *category)
{
    sqlite3_stmt *st = store_stmt(db, SQL_CATEGORY_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, store_read_int64, category);
}
