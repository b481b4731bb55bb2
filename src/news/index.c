/* index.c - one step of a search over the articles' indexes; see index.h. */
#include "news/index.h"

#include <string.h>

#include "core/buf.h"
#include "news/news.h"
#include "text/vitime.h"

/* The newest matches with their scores. The FTS table drives the join
 * (CROSS JOIN), so rows come in index order, newest first, and LIMIT
 * bounds the work: no row beyond the limit is read or scored. The covering
 * index article_live answers "published, and when" without reading the
 * row. The last weight is the id bucket's, which counts nothing. */
static const char SQL_TITLE_WALK[] =
    "SELECT f.rowid, dinh_rank(article_title_fts, 1.0, 0.0), a.published_at "
    "FROM article_title_fts f CROSS JOIN article a INDEXED BY article_live ON a.id = f.rowid "
    "WHERE article_title_fts MATCH ?1 AND " NEWS_PUBLISHED("a.", "?2")
    " AND a.published_at >= ?3 AND a.published_at < ?4 AND f.rowid BETWEEN ?6 AND ?7 "
    "ORDER BY f.rowid DESC LIMIT ?5";
static const char SQL_WALK[] =
    "SELECT f.rowid, dinh_rank(article_fts, 10.0, 4.0, 1.0, 0.0), a.published_at "
    "FROM article_fts f CROSS JOIN article a INDEXED BY article_live ON a.id = f.rowid "
    "WHERE article_fts MATCH ?1 AND " NEWS_PUBLISHED("a.", "?2")
    " AND a.published_at >= ?3 AND a.published_at < ?4 AND f.rowid BETWEEN ?6 AND ?7 "
    "ORDER BY f.rowid DESC LIMIT ?5";
static const char SQL_PROBE[] = "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 "
                                "AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT 1 OFFSET ?4";
/* A covering scan of the date index. */
/* ?2: the period's last second or now, whichever comes first. With both
 * bounds written the planner took "up to now" for its range and read from
 * the period's start to today (8.5 ms at 100,000 articles for a year with
 * no article, against 1 ms). */
static const char SQL_ID_RANGE[] = "SELECT min(id), max(id) FROM article WHERE " NEWS_PUBLISHED("", "?2")
                                   " AND published_at >= ?1";
static const char SQL_MAX_ID[] = "SELECT max(id) FROM article";
static const char SQL_HIT[] = "SELECT highlight(article_fts, 0, char(1), char(2)), "
                              "snippet(article_fts, 2, char(1), char(2), '…', 28), a.slug, a.category_id, "
                              "a.published_at FROM article_fts f CROSS JOIN article a ON a.id = f.rowid "
                              "WHERE article_fts MATCH ?1 AND f.rowid = ?2";
static const char SQL_YEARS[] = "SELECT (SELECT min(published_at) FROM article WHERE " NEWS_PUBLISHED("", "?1") "), "
                                "(SELECT max(published_at) FROM article WHERE " NEWS_PUBLISHED("", "?1") ")";

bool news_index_word_is_bucket_like(struct str word)
{
    if (word.n < 2 || !strchr("abcdABCD", word.p[0]))
        return false;
    for (size_t i = 1; i < word.n; i++)
        if (word.p[i] < '0' || word.p[i] > '9')
            return false;
    return true;
}

/* The query, kept out of the bucket column when it must be (a column
 * filter makes FTS5 read positions, so it is left out when it changes
 * nothing). */
static void put_query(struct buf *m, struct str query, bool scoped, bool title)
{
    if (!scoped) {
        buf_put(m, query);
        return;
    }
    buf_puts(m, title ? "title : (" : "{title summary search_body} : (");
    buf_put(m, query);
    buf_putc(m, ')');
}

/* Appends " AND search_bucket : (...)": the fewest bucket tokens covering
 * ids [lo, hi] widened to whole blocks. Nothing when lo is 0 (a walk down
 * ends at the first article anyway) or when it would take more than
 * NEWS_INDEX_MAX_BUCKETS tokens. */
static void bucket_cover(struct buf *m, int64_t lo, int64_t hi)
{
    static const struct {
        char prefix;
        int64_t ids;
    } level[] = {{'d', 1000 * NEWS_INDEX_BUCKET_IDS},
                 {'c', 100 * NEWS_INDEX_BUCKET_IDS},
                 {'b', 10 * NEWS_INDEX_BUCKET_IDS},
                 {'a', NEWS_INDEX_BUCKET_IDS}};
    if (lo <= 0)
        return;
    size_t mark = m->n;
    int64_t x = lo / NEWS_INDEX_BUCKET_IDS * NEWS_INDEX_BUCKET_IDS;
    int64_t end = (hi / NEWS_INDEX_BUCKET_IDS + 1) * NEWS_INDEX_BUCKET_IDS;
    buf_puts(m, " AND search_bucket : (");
    for (int tokens = 0; x < end; tokens++) {
        size_t i = 0;
        while (x % level[i].ids || x + level[i].ids > end)
            i++; /* the finest level always fits */
        if (tokens == NEWS_INDEX_MAX_BUCKETS) {
            m->n = mark;
            return;
        }
        buf_printf(m, "%s\"%c%lld\"", tokens ? " OR " : "", level[i].prefix, (long long)(x / level[i].ids));
        x += level[i].ids;
    }
    buf_putc(m, ')');
}

int news_index_walk(struct store_conn *db, struct str query, bool scoped, bool title, int64_t now, int64_t from,
                    int64_t to, int64_t lo, int64_t hi, int limit, news_index_each each, void *ctx)
{
    if (limit <= 0 || lo > hi)
        return 0;
    sqlite3_stmt *st = store_stmt(db, title ? SQL_TITLE_WALK : SQL_WALK);
    if (!st)
        return -1;
    struct buf m = BUF_INIT;
    put_query(&m, query, scoped, title);
    bucket_cover(&m, lo, hi);
    sqlite3_bind_text(st, 1, m.p, (int)m.n, SQLITE_TRANSIENT);
    buf_free(&m);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, from);
    sqlite3_bind_int64(st, 4, to);
    sqlite3_bind_int(st, 5, limit);
    sqlite3_bind_int64(st, 6, lo);
    sqlite3_bind_int64(st, 7, hi);
    int rows = 0, r;
    while ((r = store_step(db, st)) > 0) {
        rows++;
        each(ctx, sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1), sqlite3_column_int64(st, 2));
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : rows;
}

int news_index_probe(struct store_conn *db, struct str word, int64_t lo, int64_t hi, int offset, int64_t *id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_PROBE);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, word.p, (int)word.n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, lo);
    sqlite3_bind_int64(st, 3, hi);
    sqlite3_bind_int(st, 4, offset);
    int r = store_step(db, st);
    if (r > 0)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r;
}

int news_index_id_range(struct store_conn *db, int64_t now, int64_t from, int64_t to, bool whole, int64_t *lo,
                        int64_t *hi)
{
    *lo = 0;
    *hi = 0;
    sqlite3_stmt *st = store_stmt(db, whole ? SQL_MAX_ID : SQL_ID_RANGE);
    if (!st)
        return -1;
    if (!whole) {
        sqlite3_bind_int64(st, 1, from);
        sqlite3_bind_int64(st, 2, to - 1 < now ? to - 1 : now); /* the period ends before `to` */
    }
    int r = store_step(db, st);
    int any = 0;
    if (r > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        if (whole) {
            *hi = sqlite3_column_int64(st, 0);
        } else {
            *lo = sqlite3_column_int64(st, 0);
            *hi = sqlite3_column_int64(st, 1);
        }
        any = *hi > 0;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : any;
}

int news_index_hit(struct store_conn *db, struct arena *a, struct str query, bool scoped, int64_t id,
                   struct news_index_hit *h)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HIT);
    if (!st)
        return -1;
    struct buf m = BUF_INIT;
    put_query(&m, query, scoped, false);
    sqlite3_bind_text(st, 1, m.p, (int)m.n, SQLITE_TRANSIENT);
    buf_free(&m);
    sqlite3_bind_int64(st, 2, id);
    int r = store_step(db, st);
    if (r > 0) {
        struct str t = store_col_str(st, 0), s = store_col_str(st, 1), slug = store_col_str(st, 2);
        h->title = arena_strdup(a, t.p, t.n);
        h->snippet = arena_strdup(a, s.p, s.n);
        h->slug = arena_strdup(a, slug.p, slug.n);
        h->category_id = sqlite3_column_int64(st, 3);
        h->published = sqlite3_column_int64(st, 4);
    }
    sqlite3_reset(st);
    return r;
}

int news_index_years(struct store_conn *db, int64_t now, int *first, int *last)
{
    *first = *last = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_YEARS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now);
    int r = store_step(db, st);
    if (r > 0 && sqlite3_column_type(st, 0) != SQLITE_NULL) {
        struct vi_time t;
        vi_time_from_unix(sqlite3_column_int64(st, 0), &t);
        *first = t.year;
        vi_time_from_unix(sqlite3_column_int64(st, 1), &t);
        *last = t.year;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}
