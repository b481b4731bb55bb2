/*
 * write.c - the only code that changes the register of documents; see
 * docs.h for the contract and the cache tags.
 *
 * A document's number is always parsed (docs/number.c) before it is
 * stored, so the canonical form and its parts never disagree with what is
 * displayed; dates are checked as calendar dates; each write is one
 * transaction that touches the tags of what it changed.
 */
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "docs/docs.h"
#include "docs/filetype.h"
#include "docs/number.h"
#include "docs/query.h"
#include "text/utf8.h"
#include "text/vi.h"

#define ABSTRACT_MAX 4000 /* characters */
#define BODY_MAX (1u << 20)
#define LINE_MAX_CHARS 300 /* signer, position: characters */
#define LINE_MAX_BYTES 300
#define SLUG_MAX 120
#define FILE_MAX (32u << 20)

/* The first part of the symbol after the number ("VPĐP" of
 * "200/VPĐP-KHTH"), for numbers without a type (công văn). */
#define FIRST_SYMBOL(c)                                                                                                \
    "substr(" c ", instr(" c ", '/') + 1, CASE WHEN instr(substr(" c ", instr(" c ", '/') + 1), '-') > 0 "             \
    "THEN instr(substr(" c ", instr(" c ", '/') + 1), '-') - 1 ELSE 100 END)"
/* The number's parts written together, as people type a number without
 * its separators: the canonical number without them ("4186KHUBND"), the
 * type before and after the sequence number ("KH4186", "4186KH", "QĐ04"
 * for 4), or for a công văn its first symbol part ("VPĐP200", "200VPĐP").
 * c, a, n: the canonical number, type abbreviation and sequence number
 * (columns or parameters). Migration 029 writes the same for older rows. */
#define NUMBER_JOINED(c, a, n)                                                                                         \
    "replace(replace(replace(" c ", '/', ''), '-', ''), ' ', '') || CASE WHEN " n " <= 0 THEN '' "                     \
    "WHEN " a " <> '' THEN ' ' || " a " || " n " || ' ' || " n " || " a " || "                                        \
    "CASE WHEN " n " < 10 THEN ' ' || " a " || '0' || " n " ELSE '' END "                                              \
    "WHEN instr(" c ", '/') > 0 THEN ' ' || " FIRST_SYMBOL(c) " || " n " || ' ' || " n " || " FIRST_SYMBOL(c) " "      \
    "ELSE '' END"
/* search_extra: the line people name a document by ("Kế hoạch số
 * 4186/KH-UBND" and the issuing body), for the index (027), and the
 * number's parts joined (NUMBER_JOINED). */
#define SEARCH_EXTRA                                                                                                   \
    "coalesce((SELECT t.name FROM doc_type t WHERE t.id = ?8), '') || ' số ' || ?2 || ' ' || "                         \
    "coalesce((SELECT i.name FROM doc_issuer i WHERE i.id = ?9), '') || ' ' || " NUMBER_JOINED("?3", "?7", "?5")
/* After a type or an issuer is renamed, the line of each of its documents
 * (the index follows by its trigger). */
static const char SQL_EXTRA_OF_CATALOGUE[] =
    "UPDATE document SET search_extra = coalesce((SELECT t.name FROM doc_type t WHERE t.id = document.type_id), '') "
    "|| ' số ' || number_raw || ' ' || coalesce((SELECT i.name FROM doc_issuer i WHERE i.id = document.issuer_id), '') "
    "|| ' ' || " NUMBER_JOINED("number_canonical", "type_abbr", "number") " "
    "WHERE (?2 = 0 AND type_id = ?1) OR (?2 = 1 AND issuer_id = ?1)";
static const char SQL_DOC_INSERT[] =
    "INSERT INTO document(id, number_raw, number_canonical, family, number, number_year, type_abbr, type_id, "
    "issuer_id, signer_name, signer_position, issued_on, effective_on, expires_on, status, abstract, body, slug, "
    "published, created_at, updated_at, views, owner_id, replaced_by, search_extra) VALUES (nullif(?1, 0), ?2, ?3, "
    "?4, ?5, nullif(?6, 0), ?7, ?8, ?9, ?10, ?11, ?12, nullif(?13, ''), nullif(?14, ''), ?15, ?16, ?17, ?18, ?19, "
    "?20, ?21, ?22, ?23, nullif(?24, 0), " SEARCH_EXTRA ")";
static const char SQL_DOC_UPDATE[] =
    "UPDATE document SET number_raw = ?2, number_canonical = ?3, family = ?4, number = ?5, number_year = nullif(?6, 0), "
    "type_abbr = ?7, type_id = ?8, issuer_id = ?9, signer_name = ?10, signer_position = ?11, issued_on = ?12, "
    "effective_on = nullif(?13, ''), expires_on = nullif(?14, ''), status = ?15, abstract = ?16, body = ?17, "
    "slug = ?18, published = ?19, updated_at = ?21, search_extra = " SEARCH_EXTRA ", "
    "replaced_by = CASE WHEN ?25 THEN nullif(?24, 0) ELSE replaced_by END WHERE id = ?1";
static const char SQL_ADD_VIEWS[] = "UPDATE document SET views = views + ?2 WHERE id = ?1";
static const char SQL_DOC_EXISTS[] = "SELECT replaced_by FROM document WHERE id = ?1";
/* Whether document ?2 is, through its chain of replacements, replaced by
 * ?1 (1 row) already: then ?1 replaced by ?2 would make a circle, where
 * each says the other is in force. */
static const char SQL_REPLACES_CHAIN[] =
    "WITH RECURSIVE chain(id, depth) AS (SELECT replaced_by, 1 FROM document WHERE id = ?2 AND replaced_by IS NOT NULL "
    "UNION SELECT d.replaced_by, c.depth + 1 FROM chain c JOIN document d ON d.id = c.id "
    "WHERE d.replaced_by IS NOT NULL AND c.depth < 1000) SELECT 1 FROM chain WHERE id = ?1 LIMIT 1";
static const char SQL_TYPE_EXISTS[] = "SELECT name, abbr FROM doc_type WHERE id = ?1";
static const char SQL_ISSUER_EXISTS[] = "SELECT 1 FROM doc_issuer WHERE id = ?1";
static const char SQL_FIELD_EXISTS[] = "SELECT 1 FROM doc_field WHERE id = ?1";
static const char SQL_FIELDS_CLEAR[] = "DELETE FROM document_field WHERE document_id = ?1";
static const char SQL_FIELD_ADD[] = "INSERT OR IGNORE INTO document_field(document_id, field_id) VALUES (?1, ?2)";
/* A document in the trash is never published (015_documents_desk.sql). */
static const char SQL_PUBLISH[] = "UPDATE document SET published = ?2, updated_at = max(updated_at, ?3) "
                                  "WHERE id = ?1 AND trash = 0";
static const char SQL_TRASH[] = "UPDATE document SET trash = 1 + published, published = 0, "
                                "updated_at = max(updated_at, ?3) WHERE id = ?1 AND trash = 0";
static const char SQL_RESTORE[] = "UPDATE document SET published = (trash = 2), trash = 0, "
                                  "updated_at = max(updated_at, ?3) WHERE id = ?1 AND trash <> 0";
static const char SQL_FILE_DOCUMENT[] = "SELECT document_id FROM document_file WHERE id = ?1";
static const char SQL_FILE_DELETE[] = "DELETE FROM document_file WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM document WHERE id = ?1";
/* The replaced document changed when its successor came: its page (and
 * the site map's lastmod) says so. */
static const char SQL_REPLACE[] =
    "UPDATE document SET status = 3, replaced_by = ?2, expires_on = ?3, "
    "updated_at = max(updated_at, (SELECT updated_at FROM document WHERE id = ?2)) WHERE id = ?1";
static const char SQL_FILE_INSERT[] = "INSERT INTO document_file(document_id, position, name, mime, size, created_at, "
                                      "bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char SQL_CITE[] = "INSERT OR IGNORE INTO article_document(article_id, document_id) VALUES (?1, ?2)";
static const char SQL_CITED_BY[] = "SELECT document_id FROM article_document WHERE article_id = ?1";
static const char SQL_CITES_CLEAR[] = "DELETE FROM article_document WHERE article_id = ?1";
static const char SQL_TYPE_INSERT[] =
    "INSERT INTO doc_type(id, slug, name, abbr, position) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5) "
    "ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, abbr = excluded.abbr, "
    "position = excluded.position";
static const char SQL_ISSUER_INSERT[] =
    "INSERT INTO doc_issuer(id, slug, name, abbr, position) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5) "
    "ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, abbr = excluded.abbr, "
    "position = excluded.position";
static const char SQL_FIELD_INSERT[] =
    "INSERT INTO doc_field(id, slug, name, position) VALUES (nullif(?1, 0), ?2, ?3, ?5) "
    "ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, name = excluded.name, position = excluded.position";

static void read_i64(sqlite3_stmt *st, void *ctx) { *(int64_t *)ctx = sqlite3_column_int64(st, 0); }

/* 1 if the row exists (its first column in *value when given), 0, -1. */
static int exists(struct store_conn *db, const char *sql, int64_t id, int64_t *value)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, value ? read_i64 : NULL, value);
}

static bool text_ok(struct str s, size_t max)
{
    return s.n == 0 || (s.n <= max && utf8_valid(s) && !memchr(s.p, '\0', s.n));
}

/* At most `max` characters, as the form's maxlength counts them. */
static bool chars_ok(struct str s, size_t max)
{
    return s.n == 0 || (text_ok(s, 4 * max) && utf8_count(s) <= max);
}

/* "YYYY-MM-DD" naming a real day from 1900 to 2100 (the register's years;
 * the table takes no year past 2999). */
static bool date_ok(struct str s)
{
    if (s.n != 10 || s.p[4] != '-' || s.p[7] != '-')
        return false;
    int v[3] = {0, 0, 0}, part = 0;
    for (size_t i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            part++;
            continue;
        }
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        v[part] = v[part] * 10 + (s.p[i] - '0');
    }
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (v[0] < 1900 || v[0] > 2100 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days[v[1] - 1])
        return false;
    bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    return !(v[1] == 2 && v[2] == 29 && !leap);
}

static bool slug_ok(struct str s)
{
    if (s.n > SLUG_MAX)
        return false;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

static void touch_document(struct store_conn *db, int64_t id)
{
    store_touch(db, "doc:%lld", (long long)id);
    store_touch(db, "docs");
}

int docs_catalogue_save(struct store_conn *db, int which, const struct docs_catalogue_input *in, int64_t *id,
                        const char **problem)
{
    if (!in->name.n || !text_ok(in->name, LINE_MAX_BYTES) || !text_ok(in->abbr, 32)) {
        *problem = "Tên danh mục trống, quá dài hoặc chứa ký tự không hợp lệ.";
        return DOCS_INVALID;
    }
    if (!in->slug.n || !slug_ok(in->slug)) {
        *problem = "Đường dẫn của danh mục chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.";
        return DOCS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    const char *sql = which == DOCS_TYPES ? SQL_TYPE_INSERT : which == DOCS_ISSUERS ? SQL_ISSUER_INSERT
                                                                                     : SQL_FIELD_INSERT;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, in->id);
    store_bind_str(st, 2, in->slug);
    store_bind_str(st, 3, in->name);
    if (which != DOCS_FIELDS)
        store_bind_str(st, 4, in->abbr);
    sqlite3_bind_int(st, 5, in->position);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (id)
        *id = in->id ? in->id : sqlite3_last_insert_rowid(db->db);
    if (in->id && which != DOCS_FIELDS) { /* a rename: the documents are found by the new name */
        if (!(st = store_stmt(db, SQL_EXTRA_OF_CATALOGUE)))
            return store_write_finish(db, -1);
        sqlite3_bind_int64(st, 1, in->id);
        sqlite3_bind_int(st, 2, which == DOCS_TYPES ? 0 : 1);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
    }
    /* Catalogue names are in every document's page and the register's form. */
    store_touch(db, "docs");
    store_touch(db, "docs-catalogue");
    return store_write_finish(db, 0);
}

static const char *check_document(const struct docs_document_input *in, struct doc_number *n)
{
    if (doc_number_parse(in->number, n) != 0)
        return n->reason ? n->reason : "Số, ký hiệu văn bản không hợp lệ.";
    if (!date_ok(in->issued_on))
        return "Ngày ban hành phải là một ngày có thật từ năm 1900 đến 2100, ví dụ 10/7/2024.";
    if ((in->effective_on.n && !date_ok(in->effective_on)) || (in->expires_on.n && !date_ok(in->expires_on)))
        return "Ngày có hiệu lực và ngày hết hiệu lực phải là ngày có thật từ năm 1900 đến 2100, ví dụ 10/7/2024.";
    /* ISO dates compare as strings */
    if (in->effective_on.n && memcmp(in->effective_on.p, in->issued_on.p, 10) < 0)
        return "Ngày có hiệu lực không thể trước ngày ban hành.";
    if (in->expires_on.n && memcmp(in->expires_on.p, in->issued_on.p, 10) < 0)
        return "Ngày hết hiệu lực không thể trước ngày ban hành.";
    if (in->expires_on.n && in->effective_on.n && memcmp(in->expires_on.p, in->effective_on.p, 10) < 0)
        return "Ngày hết hiệu lực không thể trước ngày có hiệu lực.";
    int year = (in->issued_on.p[0] - '0') * 1000 + (in->issued_on.p[1] - '0') * 100 +
               (in->issued_on.p[2] - '0') * 10 + (in->issued_on.p[3] - '0');
    if (!doc_number_year_matches(n, year))
        return "Năm trong số ký hiệu khác năm ban hành.";
    if (in->status < 1 || in->status > 3)
        return "Tình trạng hiệu lực không hợp lệ.";
    if (!in->abstract.n || !chars_ok(in->abstract, ABSTRACT_MAX))
        return "Trích yếu trống, quá dài (tối đa 4.000 ký tự) hoặc chứa ký tự không hợp lệ.";
    if (!text_ok(in->body, BODY_MAX))
        return "Toàn văn quá dài (tối đa 1 MB chữ) hoặc chứa ký tự không hợp lệ.";
    if (!chars_ok(in->signer_name, LINE_MAX_CHARS) || !chars_ok(in->signer_position, LINE_MAX_CHARS))
        return "Người ký hoặc chức vụ quá dài hoặc chứa ký tự không hợp lệ.";
    if (!slug_ok(in->slug))
        return "Đường dẫn của văn bản chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.";
    return NULL;
}

static int replace_fields(struct store_conn *db, int64_t id, const int64_t *fields, size_t n)
{
    return store_replace_links(db, SQL_FIELDS_CLEAR, SQL_FIELD_ADD, id, fields, n);
}

/* The slug made from the type's name, the number and the abstract. */
static struct sqlite3_stmt *type_name_stmt(struct store_conn *db, int64_t type_id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_TYPE_EXISTS);
    if (st)
        sqlite3_bind_int64(st, 1, type_id);
    return st;
}

int docs_document_save(struct store_conn *db, const struct docs_document_input *in, int64_t *id_out,
                       const char **problem)
{
    struct doc_number n;
    const char *bad = check_document(in, &n);
    if (bad) {
        *problem = bad;
        return DOCS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    bool update = in->id > 0 && !in->create;
    int r;
    int64_t replaced_by = 0;
    if (update && (r = exists(db, SQL_DOC_EXISTS, in->id, &replaced_by)) <= 0) {
        *problem = "Văn bản không còn tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    if ((r = exists(db, SQL_ISSUER_EXISTS, in->issuer_id, NULL)) <= 0) {
        *problem = "Cơ quan ban hành đã chọn không tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    if (in->set_replaced_by && in->replaced_by) {
        if (in->replaced_by == in->id && update) {
            *problem = "Một văn bản không thể thay thế chính nó.";
            return store_write_finish(db, DOCS_INVALID);
        }
        if ((r = exists(db, SQL_DOC_EXISTS, in->replaced_by, NULL)) <= 0) {
            *problem = "Văn bản thay thế đã chọn không còn tồn tại.";
            return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
        }
        if (update) {
            sqlite3_stmt *st = store_stmt(db, SQL_REPLACES_CHAIN);
            if (!st)
                return store_write_finish(db, -1);
            sqlite3_bind_int64(st, 1, in->id);
            sqlite3_bind_int64(st, 2, in->replaced_by);
            int circle = store_step_once(db, st, NULL, NULL);
            if (circle != 0) {
                *problem = "Văn bản thay thế đã chọn lại đang được ghi là bị văn bản này (hoặc một văn bản do văn bản "
                           "này thay thế) thay thế: hai văn bản không thể thay thế lẫn nhau.";
                return store_write_finish(db, circle < 0 ? -1 : DOCS_INVALID);
            }
        }
    }
    for (size_t i = 0; in->field_ids && i < in->n_fields; i++)
        if ((r = exists(db, SQL_FIELD_EXISTS, in->field_ids[i], NULL)) <= 0) {
            *problem = "Một lĩnh vực đã chọn không tồn tại.";
            return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
        }
    struct buf slug = BUF_INIT;
    sqlite3_stmt *st = type_name_stmt(db, in->type_id);
    if (!st)
        return store_write_finish(db, -1);
    r = store_step(db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        *problem = "Loại văn bản đã chọn không tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    /* the symbol names a type ("91/QĐ-UBND" is a Quyết định): the type
     * chosen must be that one */
    struct str abbr = store_col_str(st, 1);
    if (abbr.n && n.type[0] && !str_eq(abbr, str_cstr(n.type))) {
        sqlite3_reset(st);
        *problem = "Ký hiệu trong số văn bản là của một loại văn bản khác loại đã chọn: hãy chọn đúng loại hoặc "
                   "sửa số, ký hiệu.";
        return store_write_finish(db, DOCS_INVALID);
    }
    if (in->slug.n) {
        buf_put(&slug, in->slug);
    } else {
        struct buf words = BUF_INIT;
        struct str type_name = store_col_str(st, 0);
        buf_printf(&words, "%.*s %s %.*s", (int)type_name.n, type_name.p, n.canonical, (int)in->abstract.n,
                   in->abstract.p);
        if (vi_slug(&slug, buf_str(&words), SLUG_MAX) != 0 || slug.n == 0)
            buf_puts(&slug, "van-ban");
        buf_free(&words);
    }
    sqlite3_reset(st);

    st = store_stmt(db, update ? SQL_DOC_UPDATE : SQL_DOC_INSERT);
    int rc = -1;
    if (st) {
        sqlite3_bind_int64(st, 1, update || in->create ? in->id : 0);
        store_bind_str(st, 2, in->number);
        store_bind_str(st, 3, str_cstr(n.canonical));
        sqlite3_bind_int(st, 4, n.family);
        sqlite3_bind_int64(st, 5, n.number);
        sqlite3_bind_int(st, 6, n.year);
        store_bind_str(st, 7, str_cstr(n.type));
        sqlite3_bind_int64(st, 8, in->type_id);
        sqlite3_bind_int64(st, 9, in->issuer_id);
        store_bind_str(st, 10, in->signer_name);
        store_bind_str(st, 11, in->signer_position);
        store_bind_str(st, 12, in->issued_on);
        store_bind_str(st, 13, in->effective_on);
        store_bind_str(st, 14, in->expires_on);
        sqlite3_bind_int(st, 15, in->status);
        store_bind_str(st, 16, in->abstract);
        store_bind_str(st, 17, in->body);
        store_bind_str(st, 18, buf_str(&slug));
        sqlite3_bind_int(st, 19, in->published ? 1 : 0);
        sqlite3_bind_int64(st, 20, in->created_at);
        sqlite3_bind_int64(st, 21, in->updated_at ? in->updated_at : in->created_at);
        if (!update) {
            sqlite3_bind_int64(st, 22, in->views);
            sqlite3_bind_int64(st, 23, in->owner_id);
        }
        sqlite3_bind_int64(st, 24, in->set_replaced_by ? in->replaced_by : 0);
        if (update)
            sqlite3_bind_int(st, 25, in->set_replaced_by ? 1 : 0);
        rc = store_step_done(db, st);
    }
    buf_free(&slug);
    if (rc != 0)
        return store_write_finish(db, -1);
    int64_t id = update || in->create ? in->id : sqlite3_last_insert_rowid(db->db);
    if (in->field_ids && replace_fields(db, id, in->field_ids, in->n_fields) != 0)
        return store_write_finish(db, -1);
    touch_document(db, id);
    /* the replacing document's page lists what it replaced: the one
     * before and the one now */
    if (replaced_by)
        store_touch(db, "doc:%lld", (long long)replaced_by);
    if (in->set_replaced_by && in->replaced_by && in->replaced_by != replaced_by)
        store_touch(db, "doc:%lld", (long long)in->replaced_by);
    if (id_out)
        *id_out = id;
    return store_write_finish(db, 0);
}

static int change(struct store_conn *db, int64_t id, const char *sql, int value, int64_t now, const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int64_t replaced_by = 0;
    int r = exists(db, SQL_DOC_EXISTS, id, &replaced_by);
    if (r <= 0) {
        *problem = "Văn bản không còn tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    if (sql == SQL_PUBLISH)
        sqlite3_bind_int(st, 2, value);
    if (sql != SQL_DELETE)
        sqlite3_bind_int64(st, 3, now);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (sql != SQL_DELETE && sqlite3_changes(db->db) == 0) {
        *problem = sql == SQL_PUBLISH ? "Văn bản đang ở trong thùng rác: hãy khôi phục trước."
                   : sql == SQL_TRASH ? "Văn bản đã ở trong thùng rác."
                                      : "Văn bản không ở trong thùng rác.";
        return store_write_finish(db, DOCS_INVALID);
    }
    touch_document(db, id);
    if (replaced_by)
        store_touch(db, "doc:%lld", (long long)replaced_by);
    return store_write_finish(db, 0);
}

int docs_document_publish(struct store_conn *db, int64_t id, bool published, int64_t now, const char **problem)
{
    return change(db, id, SQL_PUBLISH, published ? 1 : 0, now, problem);
}

int docs_document_trash(struct store_conn *db, int64_t id, bool to_trash, int64_t now, const char **problem)
{
    return change(db, id, to_trash ? SQL_TRASH : SQL_RESTORE, 0, now, problem);
}

int docs_document_delete(struct store_conn *db, int64_t id, const char **problem)
{
    return change(db, id, SQL_DELETE, 0, 0, problem);
}

int docs_document_replace(struct store_conn *db, int64_t old_id, int64_t new_id, struct str until,
                          const char **problem)
{
    if (old_id == new_id || (until.n && !date_ok(until))) {
        *problem = "Văn bản thay thế phải khác văn bản bị thay thế, ngày hết hiệu lực phải là ngày có thật.";
        return DOCS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int r1 = exists(db, SQL_DOC_EXISTS, old_id, NULL), r2 = r1 > 0 ? exists(db, SQL_DOC_EXISTS, new_id, NULL) : 0;
    if (r1 <= 0 || r2 <= 0) {
        *problem = "Văn bản không còn tồn tại.";
        return store_write_finish(db, r1 < 0 || r2 < 0 ? -1 : DOCS_INVALID);
    }
    sqlite3_stmt *st = store_stmt(db, SQL_REPLACE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, old_id);
    sqlite3_bind_int64(st, 2, new_id);
    if (until.n)
        store_bind_str(st, 3, until);
    else
        sqlite3_bind_null(st, 3);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    touch_document(db, old_id);
    touch_document(db, new_id);
    return store_write_finish(db, 0);
}

int docs_file_add(struct store_conn *db, const struct docs_file_input *in, int64_t *id, const char **problem)
{
    if (docs_filetype_of_mime(in->mime) == DOCS_FILE_UNKNOWN) {
        *problem = "Chỉ nhận tệp PDF, Word, Excel, OpenDocument và ảnh quét JPG, PNG.";
        return DOCS_INVALID;
    }
    if (!in->name.n || in->name.n > 200 || !text_ok(in->name, 200) || memchr(in->name.p, '/', in->name.n) ||
        utf8_has_control(in->name)) {
        *problem = "Tên tệp trống, quá dài hoặc chứa ký tự không hợp lệ.";
        return DOCS_INVALID;
    }
    if (in->n > FILE_MAX) {
        *problem = "Tệp đính kèm vượt quá 32 MB.";
        return DOCS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int r = exists(db, SQL_DOC_EXISTS, in->document_id, NULL);
    if (r <= 0) {
        *problem = "Văn bản không còn tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    sqlite3_stmt *st = store_stmt(db, SQL_FILE_INSERT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, in->document_id);
    sqlite3_bind_int(st, 2, in->position);
    store_bind_str(st, 3, in->name);
    store_bind_str(st, 4, in->mime);
    sqlite3_bind_int64(st, 5, (int64_t)in->n);
    sqlite3_bind_int64(st, 6, in->created_at);
    sqlite3_bind_blob(st, 7, in->n ? in->bytes : "", (int)in->n, SQLITE_STATIC);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (id)
        *id = sqlite3_last_insert_rowid(db->db);
    touch_document(db, in->document_id);
    return store_write_finish(db, 0);
}

int docs_file_remove(struct store_conn *db, int64_t document_id, int64_t file_id, const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int64_t owner = 0;
    int r = exists(db, SQL_FILE_DOCUMENT, file_id, &owner);
    if (r <= 0 || owner != document_id) {
        *problem = "Tệp đính kèm không còn tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    sqlite3_stmt *st = store_stmt(db, SQL_FILE_DELETE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, file_id);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    /* the document's page lists its files; lists do not */
    store_touch(db, "doc:%lld", (long long)document_id);
    return store_write_finish(db, 0);
}

int docs_cite(struct store_conn *db, int64_t article_id, int64_t document_id, const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int r = exists(db, SQL_DOC_EXISTS, document_id, NULL);
    if (r <= 0) {
        *problem = "Văn bản không còn tồn tại.";
        return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
    }
    sqlite3_stmt *st = store_stmt(db, SQL_CITE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, document_id);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    touch_document(db, document_id);
    store_touch(db, "art:%lld", (long long)article_id);
    return store_write_finish(db, 0);
}

/* Touches doc:ID of every document article `article_id` cites now. */
static int touch_cited(struct store_conn *db, int64_t article_id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_CITED_BY);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    int r;
    while ((r = store_step(db, st)) == 1)
        store_touch(db, "doc:%lld", (long long)sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

int docs_article_set(struct store_conn *db, int64_t article_id, const int64_t *ids, size_t n, const char **problem)
{
    if (n > DOCS_FOR_ARTICLE_MAX) {
        *problem = "Mỗi bài viết dẫn tối đa 10 văn bản liên quan.";
        return DOCS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int r = exists(db, SQL_DOC_EXISTS, ids[i], NULL);
        if (r <= 0) {
            *problem = "Văn bản liên quan đã chọn không còn tồn tại.";
            return store_write_finish(db, r < 0 ? -1 : DOCS_INVALID);
        }
    }
    /* the documents it leaves, then those it joins */
    if (touch_cited(db, article_id) != 0 || store_replace_links(db, SQL_CITES_CLEAR, SQL_CITE, article_id, ids, n) != 0 ||
        touch_cited(db, article_id) != 0)
        return store_write_finish(db, -1);
    store_touch(db, "art:%lld", (long long)article_id);
    return store_write_finish(db, 0);
}

int docs_index_optimize(struct store_conn *db, char *err, size_t errlen)
{
    return store_exec(db, "INSERT INTO document_fts(document_fts) VALUES ('optimize');", err, errlen);
}

int docs_document_add_views(struct store_conn *db, int64_t id, long long views)
{
    /* No tag is touched: a page keeps the count of its rendering, and a
     * view must not drop pages from the cache. */
    return store_write_ints(db, SQL_ADD_VIEWS, id, views);
}
