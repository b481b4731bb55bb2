/* query.c - reading the document register; see query.h and docs.h. */
#include "docs/query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "docs/docs.h"
#include "docs/filetype.h"
#include "docs/number.h"
#include "stats/views.h"
#include "text/vitime.h"
#include "view/tpl.h"

/* A document's state on `today` (a parameter, "YYYY-MM-DD"): the stored
 * one, but a document in force whose expiry date has passed reads as
 * expired (2), and one whose effective date is still ahead as not yet in
 * force (4), without a write at midnight (pages are cached per day). */
#define STATUS_AS_OF(today)                                                                                            \
    "(CASE WHEN d.status = 1 AND coalesce(d.expires_on, '') <> '' AND d.expires_on < " today " THEN 2 "               \
    "WHEN d.status = 1 AND coalesce(d.effective_on, '') > " today " THEN 4 ELSE d.status END)"

/* The columns of a docs_item, in the order read_items() reads them. */
#define ITEM_COLUMNS_AS_OF(today)                                                                                      \
    "d.id, d.slug, d.number_canonical, d.abstract, d.issued_on, " STATUS_AS_OF(today) ", t.name, i.name "             \
    "FROM document d JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "

/* Every filter is a parameter that is "any" when zero or empty, so one
 * prepared statement serves every combination. The register is hundreds
 * to a few thousand rows: the date index gives the order and the filters
 * are checked on the way, which stays well under a millisecond; pages are
 * cached besides. */
#define FILTERS                                                                                                        \
    "WHERE " DOCS_SHOWN("d.", "?1") " "                                                                                \
    "AND (?2 = 0 OR d.type_id = ?2) AND (?3 = '' OR d.type_abbr = ?3) AND (?4 = 0 OR d.issuer_id = ?4) "               \
    "AND (?5 = 0 OR d.id IN (SELECT document_id FROM document_field WHERE field_id = ?5)) "                            \
    "AND (?6 = '' OR (d.issued_on >= ?6 AND d.issued_on < ?7)) AND (?8 = 0 OR " STATUS_AS_OF("?1") " = ?8) "         \
    "AND (?11 = '' OR d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?11)) "

static const char SQL_LIST[] =
    "SELECT " ITEM_COLUMNS_AS_OF("?1") FILTERS "ORDER BY d.issued_on DESC, d.id DESC LIMIT ?9 OFFSET ?10";
static const char SQL_COUNT[] = "SELECT count(*) FROM document d " FILTERS;
static const char SQL_YEARS[] = "SELECT min(issued_on), max(issued_on) FROM document WHERE " DOCS_SHOWN("", "?1");
static const char SQL_ITEM[] = "SELECT " ITEM_COLUMNS_AS_OF("?2") "WHERE d.id = ?1 AND " DOCS_SHOWN("d.", "?2");
static const char SQL_REPLACED_ONES[] = "SELECT " ITEM_COLUMNS_AS_OF("?2") "WHERE d.replaced_by = ?1 AND " DOCS_SHOWN("d.", "?2")
                                        " ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";
/* The article's citations drive (CROSS JOIN): a few rows by its primary
 * key, not a walk of the whole register by date. They are put in order in
 * C: an ORDER BY ... LIMIT makes SQLite build a temporary b-tree, which
 * cost an article page more than reading the rows. */
static const char SQL_FOR_ARTICLE[] =
    "SELECT d.id, d.slug, d.number_canonical, d.abstract, d.issued_on, " STATUS_AS_OF("?2") ", t.name, i.name "
    "FROM article_document x CROSS JOIN document d ON d.id = x.document_id "
    "JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "
    "WHERE x.article_id = ?1 AND " DOCS_SHOWN("d.", "?2");
static const char SQL_BY_NUMBER[] = "SELECT " ITEM_COLUMNS_AS_OF("?2") "WHERE d.number_canonical = ?1 AND " DOCS_SHOWN("d.", "?2")
                                    " ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";
/* The same with Đ read as D on both sides ("412/KH-VPDP" typed without the
 * letter for 412/KH-VPĐP): tried when the number as typed finds none, over
 * the register's numbers (a scan; only the newsroom's form asks). */
static const char SQL_BY_NUMBER_FOLDED[] = "SELECT " ITEM_COLUMNS_AS_OF("?2") "WHERE replace(d.number_canonical, 'Đ', 'D') = ?1 "
                                           "AND " DOCS_SHOWN("d.", "?2") " ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";
static const char SQL_ARTICLE_NUMBERS[] =
    "SELECT d.number_canonical FROM article_document x CROSS JOIN document d ON d.id = x.document_id "
    "WHERE x.article_id = ?1 ORDER BY d.issued_on DESC, d.id DESC LIMIT ?2";
static const char SQL_ARTICLE_CITES[] =
    "SELECT d.id FROM article_document x CROSS JOIN document d ON d.id = x.document_id "
    "WHERE x.article_id = ?1 AND d.number_canonical = ?2 ORDER BY d.id LIMIT 1";
static const char SQL_DOCUMENT[] =
    "SELECT d.id, d.replaced_by, d.updated_at, " STATUS_AS_OF("?2") ", d.number_raw, d.number_canonical, d.abstract, d.body, "
    "d.slug, t.name, t.slug, i.name, i.slug, d.signer_name, d.signer_position, d.issued_on, d.effective_on, "
    "d.expires_on, d.views FROM document d JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "
    "WHERE d.id = ?1 AND " DOCS_SHOWN("d.", "?2");
static const char SQL_FIELDS_OF[] = "SELECT f.name, f.slug FROM document_field x JOIN doc_field f ON f.id = x.field_id "
                                    "WHERE x.document_id = ?1 ORDER BY f.position, f.name";
static const char SQL_FILES_OF[] = "SELECT id, name, mime, size FROM document_file WHERE document_id = ?1 "
                                   "ORDER BY position, id";
static const char SQL_CITING[] = "SELECT article_id FROM article_document WHERE document_id = ?1 "
                                 "ORDER BY article_id DESC LIMIT ?2";
static const char SQL_TYPES[] = "SELECT id, slug, name, abbr FROM doc_type ORDER BY position, name";
static const char SQL_ISSUERS[] = "SELECT id, slug, name, abbr FROM doc_issuer ORDER BY position, name";
static const char SQL_FIELDS[] = "SELECT id, slug, name, '' FROM doc_field ORDER BY position, name";
static const char SQL_FIND_TYPE[] = "SELECT id FROM doc_type WHERE slug = ?1 OR id = ?2";
static const char SQL_FIND_ISSUER[] = "SELECT id FROM doc_issuer WHERE slug = ?1 OR id = ?2";
static const char SQL_FIND_FIELD[] = "SELECT id FROM doc_field WHERE slug = ?1 OR id = ?2";
static const char SQL_ABBR_KNOWN[] = "SELECT 1 FROM doc_type WHERE abbr = ?1 AND abbr <> '' LIMIT 1";
static const char SQL_MAX_DOC_ID[] = "SELECT max(id) FROM document";
static const char SQL_DOC_RANGE[] = "SELECT id, slug, updated_at FROM document WHERE id BETWEEN ?1 AND ?2 AND "
                                    DOCS_SHOWN("", "?3") " ORDER BY id";
static const char SQL_FILE[] = "SELECT f.name, f.mime, f.created_at, f.bytes FROM document_file f "
                               "JOIN document d ON d.id = f.document_id WHERE f.id = ?1 AND " DOCS_SHOWN("d.", "?2");

#define DOCS_PER_LIST_MAX 200

const char *docs_status_label(int status)
{
    switch (status) {
    case 1:
        return "Còn hiệu lực";
    case 2:
        return "Hết hiệu lực";
    case 3:
        return "Bị thay thế";
    case 4:
        return "Chưa có hiệu lực";
    }
    return "";
}

void docs_today(int64_t now, char out[11])
{
    struct vi_time t;
    vi_time_from_unix(now, &t);
    char tmp[40];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", t.year, t.month, t.day);
    memcpy(out, tmp, 10);
    out[10] = '\0';
}

/* Most reads take an id as ?1 and today's date (documents dated later are
 * not yet published) as ?2. */
static void bind_id_and_today(sqlite3_stmt *st, int64_t id, int64_t now)
{
    char today[11];
    docs_today(now, today);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
}

static bool is_iso_date(struct str s)
{
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
        return false;
    for (size_t i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s.p[i] < '0' || s.p[i] > '9'))
            return false;
    return true;
}

struct str docs_format_date(struct arena *a, struct str iso)
{
    if (!is_iso_date(iso))
        return STR("");
    char *d = arena_alloc(a, 11);
    memcpy(d, iso.p + 8, 2);
    d[2] = '/';
    memcpy(d + 3, iso.p + 5, 2);
    d[5] = '/';
    memcpy(d + 6, iso.p, 4);
    d[10] = 0;
    return (struct str){d, 10};
}

struct str docs_document_url(struct arena *a, struct str slug, int64_t id)
{
    char num[24];
    struct str digits = str_of_u64(num, (unsigned long long)id);
    if (!slug.n)
        return ARENA_JOIN(a, STR("/van-ban/"), digits, STR(".html"));
    return ARENA_JOIN(a, STR("/van-ban/"), slug, STR("-"), digits, STR(".html"));
}

struct str docs_file_url(struct arena *a, int64_t id, struct str name)
{
    struct buf b = BUF_INIT;
    buf_printf(&b, "/van-ban/tep/%lld/", (long long)id);
    tpl_escape_url_part(&b, name);
    struct str s = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return s;
}

static void read_item(struct arena *a, sqlite3_stmt *st, struct docs_item *it)
{
    it->id = sqlite3_column_int64(st, 0);
    it->url = docs_document_url(a, store_col_str(st, 1), it->id);
    it->number = store_col_copy(a, st, 2);
    it->abstract = store_col_copy(a, st, 3);
    it->iso = store_col_copy(a, st, 4);
    it->date = docs_format_date(a, it->iso);
    it->status = sqlite3_column_int(st, 5);
    it->status_label = str_cstr(docs_status_label(it->status));
    it->type_name = store_col_copy(a, st, 6);
    it->issuer_name = store_col_copy(a, st, 7);
}

/* Reads up to `limit` rows of an ITEM_COLUMNS_AS_OF statement and resets it. */
static int read_items(struct store_conn *db, struct arena *a, sqlite3_stmt *st, int limit, struct docs_item **out,
                      size_t *n_out)
{
    if (limit < 1)
        limit = 1;
    if (limit > DOCS_PER_LIST_MAX)
        limit = DOCS_PER_LIST_MAX;
    struct docs_item *items = ARENA_ARRAY(a, struct docs_item, (size_t)limit);
    size_t n = 0;
    int r = 0;
    while (n < (size_t)limit && (r = store_step(db, st)) > 0)
        read_item(a, st, &items[n++]);
    sqlite3_reset(st);
    *out = items;
    *n_out = n;
    return r < 0 ? -1 : 0;
}

/* Binds ?1..?8 of FILTERS. The year range strings must outlive the step:
 * they are bound as transient copies. */
static void bind_filters(sqlite3_stmt *st, const struct docs_filter *f, const char *today)
{
    sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, f->type_id);
    sqlite3_bind_text(st, 3, f->type_abbr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 4, f->issuer_id);
    sqlite3_bind_int64(st, 5, f->field_id);
    char from[24] = "", to[24] = "";
    if (f->year > 0 && f->year < 9999) {
        snprintf(from, sizeof from, "%04d-01-01", f->year);
        snprintf(to, sizeof to, "%04d-01-01", f->year + 1);
    }
    sqlite3_bind_text(st, 6, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 7, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 8, f->status);
    sqlite3_bind_text(st, 11, f->match, -1, SQLITE_TRANSIENT);
}

bool docs_keyword_match(struct str typed, char out[DOCS_MATCH_MAX])
{
    size_t n = 0, words = 0;
    out[0] = '\0';
    size_t i = 0;
    while (i < typed.n && words < 12) {
        while (i < typed.n && (typed.p[i] == ' ' || typed.p[i] == '\t'))
            i++;
        size_t start = i;
        bool letter = false;
        while (i < typed.n && typed.p[i] != ' ' && typed.p[i] != '\t') {
            unsigned char c = (unsigned char)typed.p[i++];
            letter |= c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        }
        if (!letter)
            continue;
        /* room for the quotes, a doubled quote per byte at worst, a space */
        if (n + 2 * (i - start) + 4 >= DOCS_MATCH_MAX)
            break;
        if (n)
            out[n++] = ' ';
        out[n++] = '"';
        for (size_t k = start; k < i; k++) {
            if (typed.p[k] == '"')
                out[n++] = '"';
            out[n++] = typed.p[k];
        }
        out[n++] = '"';
        out[n] = '\0';
        words++;
    }
    return n > 0;
}

static void read_count(sqlite3_stmt *st, void *ctx) { *(long long *)ctx = sqlite3_column_int64(st, 0); }
static void read_id(sqlite3_stmt *st, void *ctx) { *(int64_t *)ctx = sqlite3_column_int64(st, 0); }

int docs_count(struct store_conn *db, const struct docs_filter *f, int64_t now, long long *out)
{
    *out = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT);
    if (!st)
        return -1;
    char today[11];
    docs_today(now, today);
    bind_filters(st, f, today);
    return store_step_once(db, st, read_count, out) < 0 ? -1 : 0;
}

int docs_list(struct store_conn *db, struct arena *a, const struct docs_filter *f, int64_t now, int limit,
              int offset, struct docs_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_LIST);
    if (!st)
        return -1;
    char today[11];
    docs_today(now, today);
    bind_filters(st, f, today);
    sqlite3_bind_int(st, 9, limit);
    sqlite3_bind_int(st, 10, offset);
    return read_items(db, a, st, limit, out, n);
}

int docs_latest(struct store_conn *db, struct arena *a, int64_t now, int limit, struct docs_item **out, size_t *n)
{
    struct docs_filter none;
    memset(&none, 0, sizeof none);
    return docs_list(db, a, &none, now, limit, 0, out, n);
}

/* Issue date, newest first, then the higher id (the register's order). */
static int newest_first(const void *pa, const void *pb)
{
    const struct docs_item *x = pa, *y = pb;
    size_t n = x->iso.n < y->iso.n ? x->iso.n : y->iso.n;
    int c = n ? memcmp(y->iso.p, x->iso.p, n) : 0;
    if (c == 0 && x->iso.n != y->iso.n)
        c = y->iso.n > x->iso.n ? 1 : -1;
    if (c == 0)
        c = (y->id > x->id) - (y->id < x->id);
    return c;
}

int docs_for_article(struct store_conn *db, struct arena *a, int64_t article_id, int64_t now, struct docs_item **out,
                     size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_FOR_ARTICLE);
    if (!st)
        return -1;
    bind_id_and_today(st, article_id, now);
    size_t cap = DOCS_FOR_ARTICLE_MAX, count = 0;
    struct docs_item *items = ARENA_ARRAY(a, struct docs_item, cap);
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (count == cap) { /* more than the newsroom cites: kept whole, then cut after sorting */
            struct docs_item *more = ARENA_ARRAY(a, struct docs_item, cap * 2);
            memcpy(more, items, count * sizeof *items);
            items = more;
            cap *= 2;
        }
        read_item(a, st, &items[count++]);
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    qsort(items, count, sizeof *items, newest_first);
    *out = items;
    *n = count < DOCS_FOR_ARTICLE_MAX ? count : DOCS_FOR_ARTICLE_MAX;
    return 0;
}

int docs_year_range(struct store_conn *db, int64_t now, int *first, int *last)
{
    *first = *last = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_YEARS);
    if (!st)
        return -1;
    char today[11];
    docs_today(now, today);
    sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
    int r = store_step(db, st);
    if (r > 0) {
        struct str lo = store_col_str(st, 0), hi = store_col_str(st, 1);
        if (is_iso_date(lo) && is_iso_date(hi)) {
            *first = (lo.p[0] - '0') * 1000 + (lo.p[1] - '0') * 100 + (lo.p[2] - '0') * 10 + (lo.p[3] - '0');
            *last = (hi.p[0] - '0') * 1000 + (hi.p[1] - '0') * 100 + (hi.p[2] - '0') * 10 + (hi.p[3] - '0');
        }
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

static const char *catalogue_sql(enum docs_catalogue which)
{
    return which == DOCS_TYPES ? SQL_TYPES : which == DOCS_ISSUERS ? SQL_ISSUERS : SQL_FIELDS;
}

int docs_catalogue(struct store_conn *db, struct arena *a, enum docs_catalogue which,
                   struct docs_catalogue_entry **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = store_stmt(db, catalogue_sql(which));
    if (!st)
        return -1;
    size_t n = 0, cap = 16;
    struct docs_catalogue_entry *rows = ARENA_ARRAY(a, struct docs_catalogue_entry, cap);
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (n == cap) {
            struct docs_catalogue_entry *more = ARENA_ARRAY(a, struct docs_catalogue_entry, cap * 2);
            memcpy(more, rows, n * sizeof *rows);
            rows = more;
            cap *= 2;
        }
        rows[n].id = sqlite3_column_int64(st, 0);
        rows[n].slug = store_col_copy(a, st, 1);
        rows[n].name = store_col_copy(a, st, 2);
        rows[n].abbr = store_col_copy(a, st, 3);
        n++;
    }
    sqlite3_reset(st);
    *out = rows;
    *n_out = n;
    return r < 0 ? -1 : 0;
}

int docs_catalogue_find(struct store_conn *db, enum docs_catalogue which, struct str value, int64_t *id_out)
{
    *id_out = 0;
    if (value.n == 0)
        return 0;
    const char *sql = which == DOCS_TYPES ? SQL_FIND_TYPE : which == DOCS_ISSUERS ? SQL_FIND_ISSUER : SQL_FIND_FIELD;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    unsigned long long id = 0;
    if (!str_to_u64(value, &id) || id > INT64_MAX)
        id = 0;
    sqlite3_bind_text(st, 1, value.p, (int)value.n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id ? (int64_t)id : -1);
    return store_step_once(db, st, read_id, id_out);
}

int docs_type_abbr_known(struct store_conn *db, const char *abbr)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ABBR_KNOWN);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, abbr, -1, SQLITE_STATIC);
    return store_step_once(db, st, NULL, NULL);
}

int docs_document(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_row *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_DOCUMENT);
    if (!st)
        return -1;
    bind_id_and_today(st, id, now);
    int r = store_step(db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        return r;
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->replaced_by = sqlite3_column_int64(st, 1); /* NULL reads as 0 */
    out->updated_at = sqlite3_column_int64(st, 2);
    out->status = sqlite3_column_int(st, 3);
    out->number_raw = store_col_copy(a, st, 4);
    out->number_canonical = store_col_copy(a, st, 5);
    out->abstract = store_col_copy(a, st, 6);
    out->body = store_col_copy(a, st, 7);
    out->slug = store_col_copy(a, st, 8);
    out->type_name = store_col_copy(a, st, 9);
    out->type_slug = store_col_copy(a, st, 10);
    out->issuer_name = store_col_copy(a, st, 11);
    out->issuer_slug = store_col_copy(a, st, 12);
    out->signer_name = store_col_copy(a, st, 13);
    out->signer_position = store_col_copy(a, st, 14);
    out->issued_on = store_col_copy(a, st, 15);
    out->effective_on = store_col_copy(a, st, 16);
    out->expires_on = store_col_copy(a, st, 17);
    out->views = sqlite3_column_int64(st, 18) + stats_views_pending(STATS_ITEM_DOCUMENT, out->id);
    sqlite3_reset(st);
    return 1;
}

int docs_item(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ITEM);
    if (!st)
        return -1;
    bind_id_and_today(st, id, now);
    int r = store_step(db, st);
    if (r > 0)
        read_item(a, st, out);
    sqlite3_reset(st);
    return r;
}

int docs_replaced_ones(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item **out,
                       size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_REPLACED_ONES);
    if (!st)
        return -1;
    bind_id_and_today(st, id, now);
    sqlite3_bind_int(st, 3, DOCS_PER_LIST_MAX);
    return read_items(db, a, st, DOCS_PER_LIST_MAX, out, n);
}

int docs_fields_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_link **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_FIELDS_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0, cap = 8;
    struct docs_link *links = ARENA_ARRAY(a, struct docs_link, cap);
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (n == cap) {
            struct docs_link *more = ARENA_ARRAY(a, struct docs_link, cap * 2);
            memcpy(more, links, n * sizeof *links);
            links = more;
            cap *= 2;
        }
        memset(&links[n], 0, sizeof links[n]);
        links[n].label = store_col_copy(a, st, 0);
        struct str slug = store_col_str(st, 1);
        links[n].url = arena_printf(a, "/van-ban/?linh-vuc=%.*s", (int)slug.n, slug.p);
        n++;
    }
    sqlite3_reset(st);
    *out = links;
    *n_out = n;
    return r < 0 ? -1 : 0;
}

/* "850 byte", "12,5 KB", "3,2 MB": one decimal, with a comma. */
static struct str file_size(struct arena *a, long long bytes)
{
    if (bytes < 1024)
        return arena_printf(a, "%lld byte", bytes);
    long long unit = bytes < 1024 * 1024 ? 1024 : 1024 * 1024;
    long long tenths = (bytes * 10 + unit / 2) / unit;
    const char *name = unit == 1024 ? "KB" : "MB";
    if (tenths % 10 == 0)
        return arena_printf(a, "%lld %s", tenths / 10, name);
    return arena_printf(a, "%lld,%lld %s", tenths / 10, tenths % 10, name);
}

int docs_files_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_file **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_FILES_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0, cap = 16;
    struct docs_file *files = ARENA_ARRAY(a, struct docs_file, cap);
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (n == cap) {
            struct docs_file *more = ARENA_ARRAY(a, struct docs_file, cap * 2);
            memcpy(more, files, n * sizeof *files);
            files = more;
            cap *= 2;
        }
        struct docs_file *f = &files[n++];
        f->id = sqlite3_column_int64(st, 0);
        f->name = store_col_copy(a, st, 1);
        f->url = docs_file_url(a, f->id, f->name);
        enum docs_filetype type = docs_filetype_of_mime(store_col_str(st, 2));
        f->kind = str_cstr(docs_filetype_kind(type));
        f->viewable = docs_filetype_viewable(type);
        f->size = file_size(a, sqlite3_column_int64(st, 3));
    }
    sqlite3_reset(st);
    *out = files;
    *n_out = n;
    return r < 0 ? -1 : 0;
}

int docs_citing_ids(struct store_conn *db, int64_t id, int64_t *ids, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_CITING);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, (int64_t)max);
    int r = 0;
    while (*n < max && (r = store_step(db, st)) > 0)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

int docs_max_id(struct store_conn *db, int64_t *out)
{
    *out = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_MAX_DOC_ID);
    if (!st)
        return -1;
    return store_step_once(db, st, read_id, out) < 0 ? -1 : 0;
}

long docs_each_in_range(struct store_conn *db, struct arena *a, int64_t now, int64_t first_id, int64_t last_id,
                        void (*each)(void *ctx, struct str url, int64_t modified), void *ctx)
{
    sqlite3_stmt *st = store_stmt(db, SQL_DOC_RANGE);
    if (!st)
        return -1;
    char today[11];
    docs_today(now, today);
    sqlite3_bind_int64(st, 1, first_id);
    sqlite3_bind_int64(st, 2, last_id);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
    long n = 0;
    int r;
    while ((r = store_step(db, st)) > 0) {
        each(ctx, docs_document_url(a, store_col_str(st, 1), sqlite3_column_int64(st, 0)),
             sqlite3_column_int64(st, 2));
        n++;
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : n;
}

int docs_file_bytes(struct store_conn *db, int64_t file_id, int64_t now, struct docs_file_bytes *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FILE);
    if (!st)
        return -1;
    bind_id_and_today(st, file_id, now);
    int r = store_step(db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        return r;
    }
    out->name = store_col_str(st, 0);
    out->mime = store_col_str(st, 1);
    out->created_at = sqlite3_column_int64(st, 2);
    out->bytes = sqlite3_column_blob(st, 3);
    out->n = (size_t)sqlite3_column_bytes(st, 3);
    return 1;
}

void docs_file_bytes_done(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FILE);
    if (st)
        sqlite3_reset(st);
}

static const char SQL_HAS_CONTENT[] = "SELECT EXISTS(SELECT 1 FROM document) OR EXISTS(SELECT 1 FROM doc_type) "
                                      "OR EXISTS(SELECT 1 FROM doc_issuer) OR EXISTS(SELECT 1 FROM doc_field)";

static void read_flag(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

int docs_has_content(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_HAS_CONTENT);
    if (!st)
        return -1;
    int any = 0;
    return store_step_once(db, st, read_flag, &any) < 0 ? -1 : any;
}

int docs_find_by_number(struct store_conn *db, struct arena *a, struct str number, int64_t now, int limit,
                        struct docs_item **out, size_t *n, const char **problem)
{
    *out = NULL;
    *n = 0;
    struct doc_number dn;
    memset(&dn, 0, sizeof dn);
    if (number.n > DOC_NUMBER_MAX_INPUT || doc_number_parse(number, &dn) != 0) {
        *problem = dn.reason ? dn.reason : "Số ký hiệu văn bản không hợp lệ.";
        return DOCS_INVALID;
    }
    sqlite3_stmt *st = store_stmt(db, SQL_BY_NUMBER);
    if (!st)
        return -1;
    char today[11];
    docs_today(now, today);
    sqlite3_bind_text(st, 1, dn.canonical, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, limit);
    if (read_items(db, a, st, limit, out, n) != 0)
        return -1;
    if (*n)
        return 0;
    /* "Đ" (C4 90) becomes "D" in the number typed, as in the statement */
    char folded[sizeof dn.canonical];
    size_t k = 0;
    for (const char *c = dn.canonical; *c && k + 1 < sizeof folded; c++) {
        if ((unsigned char)c[0] == 0xC4 && (unsigned char)c[1] == 0x90) {
            folded[k++] = 'D';
            c++;
        } else {
            folded[k++] = *c;
        }
    }
    folded[k] = '\0';
    if (!(st = store_stmt(db, SQL_BY_NUMBER_FOLDED)))
        return -1;
    sqlite3_bind_text(st, 1, folded, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 3, limit);
    return read_items(db, a, st, limit, out, n);
}

int docs_article_cites(struct store_conn *db, int64_t article_id, struct str number, int64_t *id)
{
    *id = 0;
    struct doc_number dn;
    memset(&dn, 0, sizeof dn);
    if (number.n > DOC_NUMBER_MAX_INPUT || doc_number_parse(number, &dn) != 0)
        return 0;
    sqlite3_stmt *st = store_stmt(db, SQL_ARTICLE_CITES);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_text(st, 2, dn.canonical, -1, SQLITE_TRANSIENT);
    int r = store_step(db, st);
    if (r > 0)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

int docs_article_numbers(struct store_conn *db, struct arena *a, int64_t article_id, struct str **out, size_t *n)
{
    *n = 0;
    *out = ARENA_ARRAY(a, struct str, DOCS_FOR_ARTICLE_MAX);
    sqlite3_stmt *st = store_stmt(db, SQL_ARTICLE_NUMBERS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int(st, 2, DOCS_FOR_ARTICLE_MAX);
    int r = 0;
    while (*n < DOCS_FOR_ARTICLE_MAX && (r = store_step(db, st)) > 0)
        (*out)[(*n)++] = store_col_copy(a, st, 0);
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}
