/*
 * search.c - the search page; the ranking rule is in search.h.
 *
 *   /tim-kiem?q=...&loai=bai-viet|van-ban&nam=YYYY&trang=N
 */
#include "search/search.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/buf.h"
#include "docs/number.h"
#include "docs/query.h"
#include "http/router.h"
#include "http/web.h"
#include "news/query.h"
#include "search/terms.h"
#include "search/view.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vitime.h"

struct candidate {
    int64_t id;
    double score; /* dinh_rank: higher is better */
    int64_t published;
    bool title;    /* the title matched, or the document's number was typed */
    bool document; /* a document, not an article */
};

/* The newest matches with their scores. The FTS table drives the join
 * (CROSS JOIN), so rows come in index order, newest first, and LIMIT
 * bounds the work: no row beyond the limit is read or scored. The last
 * weight is the id bucket's (006_search_buckets.sql), which counts nothing. */
static const char SQL_TITLE_CANDIDATES[] =
    "SELECT f.rowid, dinh_rank(article_title_fts, 1.0, 0.0), a.published_at "
    "FROM article_title_fts f CROSS JOIN article a INDEXED BY article_live ON a.id = f.rowid "
    "WHERE article_title_fts MATCH ?1 AND a.status = 1 AND a.published_at <= ?2 "
    "AND a.published_at >= ?3 AND a.published_at < ?4 AND f.rowid BETWEEN ?6 AND ?7 "
    "ORDER BY f.rowid DESC LIMIT ?5";
static const char SQL_CANDIDATES[] =
    "SELECT f.rowid, dinh_rank(article_fts, 10.0, 4.0, 1.0, 0.0), a.published_at "
    "FROM article_fts f CROSS JOIN article a INDEXED BY article_live ON a.id = f.rowid "
    "WHERE article_fts MATCH ?1 AND a.status = 1 AND a.published_at <= ?2 "
    "AND a.published_at >= ?3 AND a.published_at < ?4 AND f.rowid BETWEEN ?6 AND ?7 "
    "ORDER BY f.rowid DESC LIMIT ?5";
/* The ?4-th newest article with an id in [?2, ?3] that holds one word
 * (?4 counted from 0), or no row if fewer hold it. A single word's walk
 * stops at its LIMIT, since each row it reads matches. */
static const char SQL_PROBE[] = "SELECT rowid FROM article_fts WHERE article_fts MATCH ?1 "
                                "AND rowid BETWEEN ?2 AND ?3 ORDER BY rowid DESC LIMIT 1 OFFSET ?4";
/* The ids of the articles of a period: handed to FTS5 as a rowid range,
 * so that a year filter does not walk every newer match first. A covering
 * scan of the date index. */
static const char SQL_ID_RANGE[] =
    "SELECT min(id), max(id) FROM article WHERE status = 1 AND published_at >= ?1 AND published_at < ?2";
static const char SQL_DOC_CANDIDATES[] =
    "SELECT f.rowid, dinh_rank(document_fts, 10.0, 6.0, 1.0), CAST(strftime('%s', d.issued_on) AS INTEGER) "
    "FROM document_fts f CROSS JOIN document d ON d.id = f.rowid "
    "WHERE document_fts MATCH ?1 AND d.published = 1 AND d.issued_on <= ?2 "
    "AND d.issued_on >= ?3 AND d.issued_on < ?4 "
    "ORDER BY f.rowid DESC LIMIT ?5";
/* A document number typed as the query ("323/KH-UBND") finds that document
 * first, compared in the canonical form the parser writes. */
static const char SQL_DOC_EXACT[] =
    "SELECT id, CAST(strftime('%s', issued_on) AS INTEGER) FROM document "
    "WHERE number_canonical = ?1 AND published = 1 AND issued_on <= ?2 "
    "AND issued_on >= ?3 AND issued_on < ?4 ORDER BY issued_on DESC LIMIT 10";
static const char SQL_DOC_HIT[] =
    "SELECT highlight(document_fts, 1, char(1), char(2)) FROM document_fts WHERE document_fts MATCH ?1 AND rowid = ?2";
static const char SQL_HIT[] =
    "SELECT highlight(article_fts, 0, char(1), char(2)), "
    "snippet(article_fts, 2, char(1), char(2), '…', 28), a.slug, a.category_id, a.published_at "
    "FROM article_fts f CROSS JOIN article a ON a.id = f.rowid "
    "WHERE article_fts MATCH ?1 AND f.rowid = ?2";
static const char SQL_YEARS[] =
    "SELECT (SELECT min(published_at) FROM article WHERE status = 1), "
    "(SELECT max(published_at) FROM article WHERE status = 1 AND published_at <= ?1)";

static bool seen_before(const struct candidate *c, size_t n, int64_t id, bool document)
{
    for (size_t i = 0; i < n; i++)
        if (c[i].id == id && c[i].document == document)
            return true;
    return false;
}

/* Appends the document candidates: the exact number first, then the
 * newest matches of the documents' index. Dates of documents are ISO
 * strings; the bounds come as "YYYY-MM-DD". */
static size_t collect_documents(struct web_req *r, struct str match, struct str q, int year, struct candidate *c,
                                size_t n, bool *full)
{
    char today[11], from[24] = "0000-00-00", to[24] = "9999-99-99";
    docs_today(r->now, today);
    if (year) {
        snprintf(from, sizeof from, "%04d-01-01", year);
        snprintf(to, sizeof to, "%04d-01-01", year + 1);
    }
    struct doc_number number;
    if (doc_number_parse(q, &number) == 0 && number.family != DOC_INCOMPLETE) {
        sqlite3_stmt *st = store_stmt(r->db, SQL_DOC_EXACT);
        if (st) {
            sqlite3_bind_text(st, 1, number.canonical, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
            while (sqlite3_step(st) == SQLITE_ROW)
                c[n++] = (struct candidate){sqlite3_column_int64(st, 0), 1e9, sqlite3_column_int64(st, 1), true, true};
            sqlite3_reset(st);
        }
    }
    sqlite3_stmt *st = store_stmt(r->db, SQL_DOC_CANDIDATES);
    if (!st)
        return n;
    size_t start = n;
    int got = 0;
    sqlite3_bind_text(st, 1, match.p, (int)match.n, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, to, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 5, SEARCH_DOC_CANDIDATES);
    while (sqlite3_step(st) == SQLITE_ROW) {
        got++;
        int64_t id = sqlite3_column_int64(st, 0);
        if (seen_before(c, start, id, true))
            continue;
        c[n++] = (struct candidate){id, sqlite3_column_double(st, 1), sqlite3_column_int64(st, 2), false, true};
    }
    sqlite3_reset(st);
    if (got == SEARCH_DOC_CANDIDATES)
        *full = true;
    return n;
}

static int compare_candidates(const void *x, const void *y)
{
    const struct candidate *a = x, *b = y;
    if (a->title != b->title)
        return a->title ? -1 : 1;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->published != b->published)
        return a->published > b->published ? -1 : 1;
    return a->id > b->id ? -1 : a->id < b->id;
}

/* The smallest and largest article id published in [from, to); false if
 * there is none. Without a period, 0 to the largest id. */
static const char SQL_MAX_ARTICLE[] = "SELECT max(id) FROM article";

static bool id_range(struct web_req *r, int64_t from, int64_t to, bool whole, int64_t *lo, int64_t *hi)
{
    *lo = 0;
    *hi = 0;
    if (whole) {
        sqlite3_stmt *mx = store_stmt(r->db, SQL_MAX_ARTICLE);
        if (mx) {
            *hi = sqlite3_step(mx) == SQLITE_ROW ? sqlite3_column_int64(mx, 0) : 0;
            sqlite3_reset(mx);
        }
        return *hi > 0;
    }
    sqlite3_stmt *st = store_stmt(r->db, SQL_ID_RANGE);
    if (!st)
        return true;
    sqlite3_bind_int64(st, 1, from);
    sqlite3_bind_int64(st, 2, to);
    bool any = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    if (any) {
        *lo = sqlite3_column_int64(st, 0);
        *hi = sqlite3_column_int64(st, 1);
    }
    sqlite3_reset(st);
    return any;
}

/* What the walks of one search share: the query, its period, and the
 * floor of the second walks (walk_floor), found once for both indexes. */
struct search_walks {
    struct str all;             /* the FTS5 query search_terms wrote */
    struct search_words words; /* where its words stand in `all` */
    int64_t from, to; /* publication times */
    int64_t lo, hi;   /* article ids */
    int64_t floor;    /* -1 until found */
};

static struct str word_of(const struct search_walks *s, size_t i)
{
    return (struct str){s->all.p + s->words.word[i].at, s->words.word[i].n};
}

/* True if a word could be a bucket token (006_search_buckets.sql):
 * a, b, c or d and digits, in any case. */
static bool bucket_like(struct str word)
{
    if (word.n < 2 || !strchr("abcdABCD", word.p[0]))
        return false;
    for (size_t i = 1; i < word.n; i++)
        if (word.p[i] < '0' || word.p[i] > '9')
            return false;
    return true;
}

/* The reader's query, kept out of the bucket column if a word could
 * match there (a column filter makes FTS5 read positions, so it is left
 * out when it changes nothing). */
static void scoped(struct buf *m, bool title, const struct search_walks *s)
{
    bool filter = false;
    for (size_t i = 0; i < s->words.n; i++)
        filter |= bucket_like(word_of(s, i));
    if (!filter) {
        buf_put(m, s->all);
        return;
    }
    buf_puts(m, title ? "title : (" : "{title summary body} : (");
    buf_put(m, s->all);
    buf_putc(m, ')');
}

/* Where a walk down from hi may stop and still read at most `rows`
 * articles holding all the words: the oldest of the newest `rows`
 * articles of [lo, hi] holding the word that is rarest there; lo if a
 * word is in fewer than `rows` of them. Read from the full index, whose
 * articles holding all the words include the title index's. A word that
 * could be a bucket token is counted with its bucket postings, which
 * only makes the floor higher. */
static int64_t walk_floor(struct web_req *r, const struct search_walks *s, int64_t lo, int64_t hi, int rows)
{
    sqlite3_stmt *st = store_stmt(r->db, SQL_PROBE);
    if (!st)
        return hi + 1;
    struct buf m = BUF_INIT;
    int64_t floor = hi + 1;
    for (size_t i = 0; i < s->words.n && floor > lo; i++) {
        bool again = false;
        for (size_t j = 0; j < i; j++)
            again |= str_eq(word_of(s, j), word_of(s, i));
        if (again)
            continue;
        buf_reset(&m);
        buf_putc(&m, '"');
        buf_put(&m, word_of(s, i));
        buf_putc(&m, '"');
        sqlite3_bind_text(st, 1, m.p, (int)m.n, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, lo);
        sqlite3_bind_int64(st, 3, hi);
        sqlite3_bind_int(st, 4, rows - 1);
        if (sqlite3_step(st) != SQLITE_ROW)
            floor = lo;
        else if (sqlite3_column_int64(st, 0) < floor)
            floor = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    buf_free(&m);
    return floor;
}

/* Appends " AND search_bucket : (...)": the fewest bucket tokens
 * (006_search_buckets.sql) covering ids [lo, hi] widened to whole blocks
 * of SEARCH_BUCKET_IDS. Nothing when lo is 0 (a walk down ends at the
 * first article anyway) or when it would take over SEARCH_MAX_BUCKETS. */
static void bucket_cover(struct buf *m, int64_t lo, int64_t hi)
{
    static const struct {
        char prefix;
        int64_t ids;
    } level[] = {{'d', 1000 * SEARCH_BUCKET_IDS},
                 {'c', 100 * SEARCH_BUCKET_IDS},
                 {'b', 10 * SEARCH_BUCKET_IDS},
                 {'a', SEARCH_BUCKET_IDS}};
    if (lo <= 0)
        return;
    size_t mark = m->n;
    int64_t x = lo / SEARCH_BUCKET_IDS * SEARCH_BUCKET_IDS, end = (hi / SEARCH_BUCKET_IDS + 1) * SEARCH_BUCKET_IDS;
    buf_puts(m, " AND search_bucket : (");
    for (int tokens = 0; x < end; tokens++) {
        size_t i = 0;
        while (x % level[i].ids || x + level[i].ids > end)
            i++; /* the finest level always fits */
        if (tokens == SEARCH_MAX_BUCKETS) {
            m->n = mark;
            return;
        }
        buf_printf(m, "%s\"%c%lld\"", tokens ? " OR " : "", level[i].prefix, (long long)(x / level[i].ids));
        x += level[i].ids;
    }
    buf_putc(m, ')');
}

/* One walk of an index, newest first, over ids [lo, hi]: appends up to
 * `limit` matches not already among c[seen..n) and adds the rows read to
 * *got. */
static size_t walk(struct web_req *r, const struct search_walks *s, bool title, int64_t lo, int64_t hi, int limit,
                   struct candidate *c, size_t seen, size_t n, int *got)
{
    sqlite3_stmt *st = store_stmt(r->db, title ? SQL_TITLE_CANDIDATES : SQL_CANDIDATES);
    if (!st || limit <= 0 || lo > hi)
        return n;
    struct buf m = BUF_INIT;
    scoped(&m, title, s);
    bucket_cover(&m, lo, hi);
    sqlite3_bind_text(st, 1, m.p, (int)m.n, SQLITE_TRANSIENT);
    buf_free(&m);
    sqlite3_bind_int64(st, 2, r->now);
    sqlite3_bind_int64(st, 3, s->from);
    sqlite3_bind_int64(st, 4, s->to);
    sqlite3_bind_int(st, 5, limit);
    sqlite3_bind_int64(st, 6, lo);
    sqlite3_bind_int64(st, 7, hi);
    while (sqlite3_step(st) == SQLITE_ROW) {
        (*got)++;
        int64_t id = sqlite3_column_int64(st, 0);
        if (seen_before(c, seen, id, false))
            continue;
        c[n++] = (struct candidate){id, sqlite3_column_double(st, 1), sqlite3_column_int64(st, 2), title, false};
    }
    sqlite3_reset(st);
    return n;
}

/* Appends the newest matches of the period, at most `limit`, from the
 * title-only index or the full one.
 *
 * FTS5 checks a rowid bound only when it reaches the next match, so a
 * walk that finds no match below the bound (a quoted phrase of common
 * words in an order nobody writes) would go on to the oldest article.
 * Every walk is therefore ANDed with the bucket tokens of its range,
 * whose own lists end where the range does, and the range is chosen so
 * that the work is bounded: first the newest SEARCH_FIRST_IDS ids; then,
 * if the limit is not reached, older ids down to walk_floor, so that at
 * most SEARCH_SCAN_UNITS / units articles holding all the words are read,
 * and to no more than SEARCH_SCAN_IDS / units ids (each word's list is
 * stepped through over the range). A query of one word needs no floor:
 * each article its walk reads is a match. *cut is set when the full index's walk stopped above the period's
 * first article with the limit not reached: older matches may exist. */
static size_t collect(struct web_req *r, struct search_walks *s, bool title, int limit, struct candidate *c,
                      size_t n, bool *full, bool *cut)
{
    size_t seen = n;
    int got = 0;
    int64_t first = s->hi - SEARCH_FIRST_IDS + 1 > s->lo ? s->hi - SEARCH_FIRST_IDS + 1 : s->lo;
    n = walk(r, s, title, first, s->hi, limit, c, seen, n, &got);
    if (got < limit && first > s->lo) {
        if (s->floor < 0) {
            int units = s->words.units > 0 ? s->words.units : 1;
            int rows = SEARCH_SCAN_UNITS / units;
            s->floor = s->lo;
            if (s->words.n > 1) {
                s->floor = walk_floor(r, s, s->lo, first - 1, rows > SEARCH_MIN_PROBE ? rows : SEARCH_MIN_PROBE);
                if (s->floor < first - SEARCH_SCAN_IDS / units)
                    s->floor = first - SEARCH_SCAN_IDS / units;
            }
        }
        n = walk(r, s, title, s->floor, first - 1, limit - got, c, seen, n, &got);
        if (s->floor > s->lo && got < limit && !title)
            *cut = true;
    }
    if (got == limit)
        *full = true;
    return n;
}

/* Splits text marked with \1 ... \2 into pieces, dropping the body
 * format's own marks ("[[anh:12|", "]]", "## "). */
static size_t pieces(struct arena *a, struct str s, struct search_piece **out)
{
    struct buf clean = BUF_INIT;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '[' && i + 6 < s.n && memcmp(s.p + i, "[[anh:", 6) == 0) {
            const char *bar = memchr(s.p + i, '|', s.n - i);
            i = bar ? (size_t)(bar - s.p) : i + 5;
            continue;
        }
        if (s.p[i] == ']' && i + 1 < s.n && s.p[i + 1] == ']') {
            buf_putc(&clean, ' ');
            i++;
            continue;
        }
        if (s.p[i] == '#' && i + 2 < s.n && s.p[i + 1] == '#' && s.p[i + 2] == ' ') {
            i += 2;
            continue;
        }
        buf_putc(&clean, s.p[i] == '\n' ? ' ' : s.p[i]);
    }
    size_t cap = 2;
    for (size_t i = 0; i < clean.n; i++)
        cap += clean.p[i] == '\1' || clean.p[i] == '\2';
    struct search_piece *ps = ARENA_ARRAY(a, struct search_piece, cap);
    size_t n = 0, start = 0;
    bool mark = false;
    for (size_t i = 0; i <= clean.n; i++) {
        if (i < clean.n && clean.p[i] != '\1' && clean.p[i] != '\2')
            continue;
        if (i > start && n < cap)
            ps[n++] = (struct search_piece){arena_strdup(a, clean.p + start, i - start), mark};
        if (i < clean.n)
            mark = clean.p[i] == '\1';
        start = i + 1;
    }
    buf_free(&clean);
    *out = ps;
    return n;
}

static bool load_hit(struct web_req *r, struct str match, const struct candidate *c, struct search_hit *h)
{
    sqlite3_stmt *st = store_stmt(r->db, SQL_HIT);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, match.p, (int)match.n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, c->id);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found) {
        h->kind = STR("Tin bài");
        h->n_title = pieces(r->arena, store_col_str(st, 0), &h->title);
        h->n_snippet = pieces(r->arena, store_col_str(st, 1), &h->snippet);
        const struct site_category *cat = site_category_by_id(r->site, sqlite3_column_int64(st, 3));
        struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
        h->where = cat ? cat->name : STR("Tin tức");
        h->url = news_article_url(r->arena, cat_slug, store_col_str(st, 2), c->id);
        int64_t when = sqlite3_column_int64(st, 4);
        char *date = arena_alloc(r->arena, 10 + 25);
        h->date = (struct str){date, vi_date_chars(when, date)};
        h->iso = (struct str){date + 10, vi_iso_chars(when, date + 10)};
    }
    sqlite3_reset(st);
    return found;
}

static bool load_document_hit(struct web_req *r, struct str match, const struct candidate *c, struct search_hit *h)
{
    struct docs_item item;
    if (!docs_item(r->db, r->arena, c->id, r->now, &item))
        return false;
    h->kind = STR("Văn bản");
    h->url = item.url;
    h->where = item.issuer_name;
    h->date = item.date;
    h->iso = item.iso;
    h->title = ARENA_ARRAY(r->arena, struct search_piece, 2);
    h->title[0] = (struct search_piece){arena_printf(r->arena, "%.*s số ", (int)item.type_name.n, item.type_name.p),
                                        false};
    h->title[1] = (struct search_piece){item.number, c->title};
    h->n_title = 2;
    sqlite3_stmt *st = store_stmt(r->db, SQL_DOC_HIT);
    if (st) {
        sqlite3_bind_text(st, 1, match.p, (int)match.n, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, c->id);
        if (sqlite3_step(st) == SQLITE_ROW)
            h->n_snippet = pieces(r->arena, store_col_str(st, 0), &h->snippet);
        sqlite3_reset(st);
    }
    if (!h->n_snippet) { /* found by its number alone: show the abstract as it is */
        h->snippet = ARENA_NEW(r->arena, struct search_piece);
        h->snippet[0] = (struct search_piece){item.abstract, false};
        h->n_snippet = 1;
    }
    return true;
}

static struct str search_url(struct web_req *r, struct str q, struct str kind, struct str year, int page)
{
    struct buf b = BUF_INIT;
    buf_puts(&b, "/tim-kiem?q=");
    tpl_escape_url_part(&b, q);
    if (kind.n) {
        buf_puts(&b, "&loai=");
        buf_put(&b, kind);
    }
    if (year.n) {
        buf_puts(&b, "&nam=");
        buf_put(&b, year);
    }
    if (page > 1)
        buf_printf(&b, "&trang=%d", page);
    struct str s = arena_strdup(r->arena, b.p, b.n);
    buf_free(&b);
    return s;
}

static void year_options(struct web_req *r, struct search_page *p, int selected)
{
    sqlite3_stmt *st = store_stmt(r->db, SQL_YEARS);
    int first = 0, last = 0;
    if (st) {
        sqlite3_bind_int64(st, 1, r->now);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
            struct vi_time t;
            vi_time_from_unix(sqlite3_column_int64(st, 0), &t);
            first = t.year;
            vi_time_from_unix(sqlite3_column_int64(st, 1), &t);
            last = t.year;
        }
        sqlite3_reset(st);
    }
    int n = last >= first && first ? last - first + 1 : 0;
    if (n > 50)
        n = 50;
    p->years = ARENA_ARRAY(r->arena, struct search_option, (size_t)n + 1);
    p->years[p->n_years++] = (struct search_option){STR(""), STR("Mọi năm"), selected == 0};
    for (int y = last; y > last - n; y--)
        p->years[p->n_years++] =
            (struct search_option){arena_printf(r->arena, "%d", y), arena_printf(r->arena, "%d", y), y == selected};
}

struct search_url_ctx {
    struct web_req *r;
    struct str q, kind, year;
};

static struct str search_page_url(void *p, int page)
{
    struct search_url_ctx *c = p;
    return search_url(c->r, c->q, c->kind, c->year, page);
}

static int search_page(struct web_req *r)
{
    struct search_page p;
    memset(&p, 0, sizeof p);
    struct str q = web_param(r, "q"), kind = web_param(r, "loai"), year_s = web_param(r, "nam");
    p.q = q.p ? q : STR("");
    kind = kind.p ? kind : STR("");
    year_s = year_s.p ? year_s : STR("");
    if (kind.n && !str_eq_lit(kind, "bai-viet") && !str_eq_lit(kind, "van-ban"))
        return web_error(r, 400);
    unsigned long long year = 0, page = 1;
    if (year_s.n && (!str_to_u64(year_s, &year) || year < 1900 || year > 2200))
        return web_error(r, 400);
    struct str page_s = web_param(r, "trang");
    if (page_s.p && (!str_to_u64(page_s, &page) || page == 0 || page > 1000))
        return web_error(r, 400);
    p.page = (int)page;

    static const struct {
        const char *value, *label;
    } kinds[] = {{"", "Tất cả"}, {"bai-viet", "Tin bài"}, {"van-ban", "Văn bản"}};
    p.kinds = ARENA_ARRAY(r->arena, struct search_option, 3);
    for (size_t i = 0; i < 3; i++)
        p.kinds[p.n_kinds++] = (struct search_option){str_cstr(kinds[i].value), str_cstr(kinds[i].label),
                                                      str_eq_lit(kind, kinds[i].value)};
    year_options(r, &p, (int)year);

    struct buf match = BUF_INIT;
    struct search_words words;
    enum search_terms_result tr = search_terms(p.q, &match, &words);
    switch (tr) {
    case SEARCH_TERMS_EMPTY:
        p.message = STR("Hãy nhập từ khóa cần tìm, có dấu hoặc không dấu, ví dụ: nông thôn mới, "
                        "duong giao thong, 323/KH-UBND.");
        break;
    case SEARCH_TERMS_TOO_LONG:
        p.message = STR("Từ khóa quá dài: hãy rút gọn còn tối đa 200 ký tự, chỉ giữ những từ quan trọng.");
        break;
    case SEARCH_TERMS_NO_WORDS:
        p.message = STR("Từ khóa chỉ có dấu câu hoặc ký hiệu. Hãy nhập ít nhất một chữ hoặc một số.");
        break;
    case SEARCH_TERMS_OK:
        break;
    }
    if (tr == SEARCH_TERMS_OK) {
        p.searched = true;
        int64_t from = INT64_MIN / 2, to = INT64_MAX / 2;
        if (year) {
            from = vi_unix_from_local((int)year, 1, 1, 0, 0, 0);
            to = vi_unix_from_local((int)year + 1, 1, 1, 0, 0, 0);
        }
        struct str all = arena_strdup(r->arena, match.p, match.n);
        struct search_walks walks = {.all = all, .words = words, .from = from, .to = to, .floor = -1};
        struct buf in_text = BUF_INIT;
        scoped(&in_text, false, &walks);
        struct str text_match = arena_strdup(r->arena, in_text.p, in_text.n);
        buf_free(&in_text);
        struct candidate *c = ARENA_ARRAY(r->arena, struct candidate,
                                          SEARCH_TITLE_CANDIDATES + SEARCH_BODY_CANDIDATES + SEARCH_DOC_CANDIDATES + 10);
        bool full = false;
        size_t n = 0;
        if (!str_eq_lit(kind, "van-ban") && id_range(r, from, to, year == 0, &walks.lo, &walks.hi)) {
            n = collect(r, &walks, true, SEARCH_TITLE_CANDIDATES, c, n, &full, &p.cut);
            n = collect(r, &walks, false, SEARCH_BODY_CANDIDATES, c, n, &full, &p.cut);
        }
        if (!str_eq_lit(kind, "bai-viet"))
            n = collect_documents(r, all, p.q, (int)year, c, n, &full);
        qsort(c, n, sizeof *c, compare_candidates);
        p.total = (long long)n;
        p.more = full;
        p.pages = n ? (int)((n + SEARCH_PER_PAGE - 1) / SEARCH_PER_PAGE) : 1;
        if (p.page > p.pages) {
            buf_free(&match);
            return web_error(r, 404);
        }
        size_t first = (size_t)(p.page - 1) * SEARCH_PER_PAGE;
        p.hits = ARENA_ARRAY(r->arena, struct search_hit, SEARCH_PER_PAGE);
        for (size_t i = first; i < n && i < first + SEARCH_PER_PAGE; i++)
            if (c[i].document ? load_document_hit(r, all, &c[i], &p.hits[p.n_hits])
                              : load_hit(r, text_match, &c[i], &p.hits[p.n_hits]))
                p.n_hits++;
        struct search_url_ctx urls = {r, p.q, kind, year_s};
        view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang kết quả"), search_page_url, &urls);
        if (!n)
            p.message = STR("Không tìm thấy kết quả phù hợp. Hãy thử từ khóa khác, ít từ hơn, "
                            "hoặc bỏ bộ lọc năm.");
    }
    buf_free(&match);

    struct str title = p.q.n ? arena_printf(r->arena, "Tìm kiếm: %.*s", (int)utf8_truncate(p.q, 160), p.q.p)
                             : STR("Tìm kiếm");
    web_layout(r, &p.layout, title);
    p.layout.noindex = true;
    layout_finish(&p.layout, r->arena);
    web_tag(r, "search");
    web_tag(r, "site");
    tpl_search_results(r->out, &p);
    return 0;
}

void search_register(void)
{
    static const char *const params[] = {"q", "loai", "nam", "trang", NULL};
    router_add("/tim-kiem", search_page, params, ROUTE_CACHEABLE | ROUTE_PAGE);
}
