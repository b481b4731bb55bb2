/* query.c - reading the document register; see query.h and docs.h. */
#include "docs/query.h"

#include <stdio.h>

#include "core/buf.h"
#include "core/clock.h"
#include "docs/docs.h"
#include "news/query.h"
#include "text/vitime.h"
#include "view/tpl.h"

/* The columns of a docs_item, in the order read_items() reads them. */
#define ITEM_COLUMNS                                                                                                   \
    "d.id, d.slug, d.number_canonical, d.abstract, d.issued_on, d.status, t.name, i.name "                             \
    "FROM document d JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "

/* Every filter is a parameter that is "any" when zero or empty, so one
 * prepared statement serves every combination. The register is hundreds
 * to a few thousand rows: the date index gives the order and the filters
 * are checked on the way, which stays well under a millisecond; pages are
 * cached besides. */
#define FILTERS                                                                                                        \
    "WHERE d.published = 1 AND d.issued_on <= ?1 "                                                                     \
    "AND (?2 = 0 OR d.type_id = ?2) AND (?3 = '' OR d.type_abbr = ?3) AND (?4 = 0 OR d.issuer_id = ?4) "               \
    "AND (?5 = 0 OR d.id IN (SELECT document_id FROM document_field WHERE field_id = ?5)) "                            \
    "AND (?6 = '' OR (d.issued_on >= ?6 AND d.issued_on < ?7)) AND (?8 = 0 OR d.status = ?8) "

static const char SQL_LIST[] =
    "SELECT " ITEM_COLUMNS FILTERS "ORDER BY d.issued_on DESC, d.id DESC LIMIT ?9 OFFSET ?10";
static const char SQL_COUNT[] = "SELECT count(*) FROM document d " FILTERS;
static const char SQL_YEARS[] =
    "SELECT min(issued_on), max(issued_on) FROM document WHERE published = 1 AND issued_on <= ?1";
static const char SQL_ITEM[] = "SELECT " ITEM_COLUMNS "WHERE d.id = ?1 AND d.published = 1 AND d.issued_on <= ?2";
static const char SQL_REPLACED_ONES[] =
    "SELECT " ITEM_COLUMNS "WHERE d.replaced_by = ?1 AND d.published = 1 AND d.issued_on <= ?2 "
    "ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";
static const char SQL_FOR_ARTICLE[] = "SELECT " ITEM_COLUMNS "JOIN article_document x ON x.document_id = d.id "
                                      "WHERE x.article_id = ?1 AND d.published = 1 AND d.issued_on <= ?2 "
                                      "ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";
static const char SQL_DOCUMENT[] =
    "SELECT d.id, d.replaced_by, d.updated_at, d.status, d.number_raw, d.number_canonical, d.abstract, d.body, "
    "d.slug, t.name, t.slug, i.name, i.slug, d.signer_name, d.signer_position, d.issued_on, d.effective_on, "
    "d.expires_on FROM document d JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "
    "WHERE d.id = ?1 AND d.published = 1 AND d.issued_on <= ?2";
static const char SQL_FIELDS_OF[] = "SELECT f.name, f.slug FROM document_field x JOIN doc_field f ON f.id = x.field_id "
                                    "WHERE x.document_id = ?1 ORDER BY f.position, f.name";
static const char SQL_FILES_OF[] = "SELECT id, name, mime, size FROM document_file WHERE document_id = ?1 "
                                   "ORDER BY position, id";
static const char SQL_ARTICLES_OF[] = "SELECT a.id, a.slug, c.slug, a.title, a.published_at FROM article_document x "
                                      "JOIN article a ON a.id = x.article_id JOIN category c ON c.id = a.category_id "
                                      "WHERE x.document_id = ?1 AND a.status = 1 AND a.published_at <= ?2 "
                                      "ORDER BY a.published_at DESC, a.id DESC LIMIT ?3";
static const char SQL_TYPES[] = "SELECT id, slug, name, abbr FROM doc_type ORDER BY position, name";
static const char SQL_ISSUERS[] = "SELECT id, slug, name, abbr FROM doc_issuer ORDER BY position, name";
static const char SQL_FIELDS[] = "SELECT id, slug, name, '' FROM doc_field ORDER BY position, name";
static const char SQL_FIND_TYPE[] = "SELECT id FROM doc_type WHERE slug = ?1 OR id = ?2";
static const char SQL_FIND_ISSUER[] = "SELECT id FROM doc_issuer WHERE slug = ?1 OR id = ?2";
static const char SQL_FIND_FIELD[] = "SELECT id FROM doc_field WHERE slug = ?1 OR id = ?2";
static const char SQL_ABBR_KNOWN[] = "SELECT 1 FROM doc_type WHERE abbr = ?1 AND abbr <> '' LIMIT 1";

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
    return arena_printf(a, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

struct str docs_document_url(struct arena *a, struct str slug, int64_t id)
{
    if (!slug.n)
        return arena_printf(a, "/van-ban/%lld.html", (long long)id);
    return arena_printf(a, "/van-ban/%.*s-%lld.html", (int)slug.n, slug.p, (long long)id);
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

static struct str copy(struct arena *a, sqlite3_stmt *st, int col)
{
    struct str s = store_col_str(st, col);
    return arena_strdup(a, s.p ? s.p : "", s.n);
}

static void read_item(struct arena *a, sqlite3_stmt *st, struct docs_item *it)
{
    it->id = sqlite3_column_int64(st, 0);
    it->url = docs_document_url(a, store_col_str(st, 1), it->id);
    it->number = copy(a, st, 2);
    it->abstract = copy(a, st, 3);
    it->iso = copy(a, st, 4);
    it->date = docs_format_date(a, it->iso);
    it->status = sqlite3_column_int(st, 5);
    it->status_label = str_cstr(docs_status_label(it->status));
    it->type_name = copy(a, st, 6);
    it->issuer_name = copy(a, st, 7);
}

/* Reads up to `limit` rows of an ITEM_COLUMNS statement and resets it. */
static size_t read_items(struct arena *a, sqlite3_stmt *st, int limit, struct docs_item **out)
{
    if (limit < 1)
        limit = 1;
    if (limit > DOCS_PER_LIST_MAX)
        limit = DOCS_PER_LIST_MAX;
    struct docs_item *items = ARENA_ARRAY(a, struct docs_item, (size_t)limit);
    size_t n = 0;
    while (n < (size_t)limit && sqlite3_step(st) == SQLITE_ROW)
        read_item(a, st, &items[n++]);
    sqlite3_reset(st);
    *out = items;
    return n;
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
}

long long docs_count(struct store_conn *db, const struct docs_filter *f, int64_t now)
{
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT);
    if (!st)
        return 0;
    char today[11];
    docs_today(now, today);
    bind_filters(st, f, today);
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

size_t docs_list(struct store_conn *db, struct arena *a, const struct docs_filter *f, int64_t now, int limit,
                 int offset, struct docs_item **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_LIST);
    *out = NULL;
    if (!st)
        return 0;
    char today[11];
    docs_today(now, today);
    bind_filters(st, f, today);
    sqlite3_bind_int(st, 9, limit);
    sqlite3_bind_int(st, 10, offset);
    return read_items(a, st, limit, out);
}

size_t docs_latest(struct store_conn *db, struct arena *a, int64_t now, int limit, struct docs_item **out)
{
    struct docs_filter none;
    memset(&none, 0, sizeof none);
    return docs_list(db, a, &none, now, limit, 0, out);
}

size_t docs_for_article(struct store_conn *db, struct arena *a, int64_t article_id, int64_t now,
                        struct docs_item **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FOR_ARTICLE);
    *out = NULL;
    if (!st)
        return 0;
    bind_id_and_today(st, article_id, now);
    sqlite3_bind_int(st, 3, DOCS_FOR_ARTICLE_MAX);
    return read_items(a, st, DOCS_FOR_ARTICLE_MAX, out);
}

void docs_year_range(struct store_conn *db, int64_t now, int *first, int *last)
{
    *first = *last = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_YEARS);
    if (!st)
        return;
    char today[11];
    docs_today(now, today);
    sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        struct str lo = store_col_str(st, 0), hi = store_col_str(st, 1);
        if (is_iso_date(lo) && is_iso_date(hi)) {
            *first = (lo.p[0] - '0') * 1000 + (lo.p[1] - '0') * 100 + (lo.p[2] - '0') * 10 + (lo.p[3] - '0');
            *last = (hi.p[0] - '0') * 1000 + (hi.p[1] - '0') * 100 + (hi.p[2] - '0') * 10 + (hi.p[3] - '0');
        }
    }
    sqlite3_reset(st);
}

static const char *catalogue_sql(enum docs_catalogue which)
{
    return which == DOCS_TYPES ? SQL_TYPES : which == DOCS_ISSUERS ? SQL_ISSUERS : SQL_FIELDS;
}

size_t docs_catalogue(struct store_conn *db, struct arena *a, enum docs_catalogue which,
                      struct docs_catalogue_entry **out)
{
    *out = NULL;
    sqlite3_stmt *st = store_stmt(db, catalogue_sql(which));
    if (!st)
        return 0;
    size_t n = 0, cap = 16;
    struct docs_catalogue_entry *rows = ARENA_ARRAY(a, struct docs_catalogue_entry, cap);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            struct docs_catalogue_entry *more = ARENA_ARRAY(a, struct docs_catalogue_entry, cap * 2);
            memcpy(more, rows, n * sizeof *rows);
            rows = more;
            cap *= 2;
        }
        rows[n].id = sqlite3_column_int64(st, 0);
        rows[n].slug = copy(a, st, 1);
        rows[n].name = copy(a, st, 2);
        rows[n].abbr = copy(a, st, 3);
        n++;
    }
    sqlite3_reset(st);
    *out = rows;
    return n;
}

int64_t docs_catalogue_find(struct store_conn *db, enum docs_catalogue which, struct str value)
{
    const char *sql = which == DOCS_TYPES ? SQL_FIND_TYPE : which == DOCS_ISSUERS ? SQL_FIND_ISSUER : SQL_FIND_FIELD;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st || value.n == 0)
        return 0;
    unsigned long long id = 0;
    if (!str_to_u64(value, &id) || id > INT64_MAX)
        id = 0;
    sqlite3_bind_text(st, 1, value.p, (int)value.n, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id ? (int64_t)id : -1);
    int64_t found = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return found;
}

bool docs_type_abbr_known(struct store_conn *db, const char *abbr)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ABBR_KNOWN);
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, abbr, -1, SQLITE_STATIC);
    bool known = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_reset(st);
    return known;
}

bool docs_document(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_row *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_DOCUMENT);
    if (!st)
        return false;
    bind_id_and_today(st, id, now);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_reset(st);
        return false;
    }
    memset(out, 0, sizeof *out);
    out->id = sqlite3_column_int64(st, 0);
    out->replaced_by = sqlite3_column_int64(st, 1); /* NULL reads as 0 */
    out->updated_at = sqlite3_column_int64(st, 2);
    out->status = sqlite3_column_int(st, 3);
    out->number_raw = copy(a, st, 4);
    out->number_canonical = copy(a, st, 5);
    out->abstract = copy(a, st, 6);
    out->body = copy(a, st, 7);
    out->slug = copy(a, st, 8);
    out->type_name = copy(a, st, 9);
    out->type_slug = copy(a, st, 10);
    out->issuer_name = copy(a, st, 11);
    out->issuer_slug = copy(a, st, 12);
    out->signer_name = copy(a, st, 13);
    out->signer_position = copy(a, st, 14);
    out->issued_on = copy(a, st, 15);
    out->effective_on = copy(a, st, 16);
    out->expires_on = copy(a, st, 17);
    sqlite3_reset(st);
    return true;
}

bool docs_item(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item *out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ITEM);
    if (!st)
        return false;
    bind_id_and_today(st, id, now);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    if (found)
        read_item(a, st, out);
    sqlite3_reset(st);
    return found;
}

size_t docs_replaced_ones(struct store_conn *db, struct arena *a, int64_t id, int64_t now, struct docs_item **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_REPLACED_ONES);
    *out = NULL;
    if (!st)
        return 0;
    bind_id_and_today(st, id, now);
    sqlite3_bind_int(st, 3, 20);
    return read_items(a, st, 20, out);
}

size_t docs_fields_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_link **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FIELDS_OF);
    *out = NULL;
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0, cap = 8;
    struct docs_link *links = ARENA_ARRAY(a, struct docs_link, cap);
    while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
        links[n].label = copy(a, st, 0);
        struct str slug = store_col_str(st, 1);
        links[n].url = arena_printf(a, "/van-ban/?linh-vuc=%.*s", (int)slug.n, slug.p);
        n++;
    }
    sqlite3_reset(st);
    *out = links;
    return n;
}

/* What a reader calls a file of this type. */
static struct str file_kind(struct str mime)
{
    if (str_eq_lit(mime, "application/pdf"))
        return STR("PDF");
    if (str_eq_lit(mime, "application/msword") ||
        str_eq_lit(mime, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        return STR("Word");
    if (str_eq_lit(mime, "application/vnd.ms-excel") ||
        str_eq_lit(mime, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        return STR("Excel");
    if (str_eq_lit(mime, "application/vnd.oasis.opendocument.text"))
        return STR("ODT");
    if (str_eq_lit(mime, "application/vnd.oasis.opendocument.spreadsheet"))
        return STR("ODS");
    return STR("Tệp");
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

size_t docs_files_of(struct store_conn *db, struct arena *a, int64_t id, struct docs_file **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FILES_OF);
    *out = NULL;
    if (!st)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    size_t n = 0, cap = 16;
    struct docs_file *files = ARENA_ARRAY(a, struct docs_file, cap);
    while (n < cap && sqlite3_step(st) == SQLITE_ROW) {
        struct docs_file *f = &files[n++];
        f->id = sqlite3_column_int64(st, 0);
        f->name = copy(a, st, 1);
        f->url = docs_file_url(a, f->id, f->name);
        f->kind = file_kind(store_col_str(st, 2));
        f->size = file_size(a, sqlite3_column_int64(st, 3));
    }
    sqlite3_reset(st);
    *out = files;
    return n;
}

size_t docs_articles_of(struct store_conn *db, struct arena *a, int64_t id, int64_t now, int limit,
                        struct docs_link **out)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ARTICLES_OF);
    *out = NULL;
    if (!st || limit < 1)
        return 0;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, limit);
    struct docs_link *links = ARENA_ARRAY(a, struct docs_link, (size_t)limit);
    size_t n = 0;
    while (n < (size_t)limit && sqlite3_step(st) == SQLITE_ROW) {
        struct docs_link *l = &links[n++];
        l->id = sqlite3_column_int64(st, 0);
        l->url = news_article_url(a, store_col_str(st, 2), store_col_str(st, 1), sqlite3_column_int64(st, 0));
        l->label = copy(a, st, 3);
        int64_t when = sqlite3_column_int64(st, 4);
        struct buf b = BUF_INIT;
        vi_format_date(&b, when);
        l->date = arena_strdup(a, b.p, b.n);
        buf_reset(&b);
        vi_format_iso8601(&b, when);
        l->iso = arena_strdup(a, b.p, b.n);
        buf_free(&b);
    }
    sqlite3_reset(st);
    *out = links;
    return n;
}

static const char SQL_MAX_DOC_ID[] = "SELECT max(id) FROM document";
static const char SQL_DOC_RANGE[] =
    "SELECT id, slug, updated_at FROM document "
    "WHERE id BETWEEN ?1 AND ?2 AND published = 1 AND issued_on <= ?3 ORDER BY id";

int64_t docs_max_id(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_MAX_DOC_ID);
    if (!st)
        return 0;
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return v;
}

size_t docs_each_in_range(struct store_conn *db, struct arena *a, int64_t now, int64_t first_id, int64_t last_id,
                          void (*each)(void *ctx, struct str url, int64_t modified), void *ctx)
{
    sqlite3_stmt *st = store_stmt(db, SQL_DOC_RANGE);
    if (!st)
        return 0;
    char today[11];
    docs_today(now, today);
    sqlite3_bind_int64(st, 1, first_id);
    sqlite3_bind_int64(st, 2, last_id);
    sqlite3_bind_text(st, 3, today, -1, SQLITE_TRANSIENT);
    size_t n = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        each(ctx, docs_document_url(a, store_col_str(st, 1), sqlite3_column_int64(st, 0)),
             sqlite3_column_int64(st, 2));
        n++;
    }
    sqlite3_reset(st);
    return n;
}
