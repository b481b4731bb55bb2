/* desk.c - the documents desk (/quan-tri/van-ban/); see desk.h.
 *
 * How the pieces fit: the reads the desk alone needs (any document in any
 * state, the filtered list, the documents having a number) are this file's
 * SQL on the docs module's own tables; the form is checked on the event
 * loop (the number parsed, duplicates and the replacing document looked
 * up, each upload typed from its bytes), and only a form with nothing
 * wrong reaches a worker, where the docs module's writes and the audit
 * entry run in one transaction (store_write_begin), as the news desk does. */
#include "docs/desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docs/docs.h"
#include "docs/desk_view.h"
#include "docs/filetype.h"
#include "docs/number.h"
#include "docs/query.h"
#include "http/router.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/utf8.h"
#include "text/vitime.h"
#include "view/layout.h"

#define PER_PAGE 50
#define MAX_PAGE 10000
#define BODY_LIMIT (1u << 20)           /* the full text, as write.c allows */
#define UPLOAD_LIMIT (20u << 20)        /* one form with its files */
#define FILES_MAX 10                    /* files in one form */
#define FILE_NAME_MAX 200               /* bytes, as document_file allows */
#define FIELDS_MAX 64                   /* fields (lĩnh vực) ticked */
#define REMOVE_MAX 64                   /* files removed in one form */
#define MATCHES_MAX 10                  /* documents listed as having one number */
#define Q_MAX 200

/* --- reads ------------------------------------------------------------------------------------ */

/* ?1 the state (0 all but the trash, 1 drafts, 2 published, 3 the trash);
 * ?9 an FTS5 expression over the number and the abstract or ''; ?10 the
 * canonical number of the words, or ''. */
#define DOCS_DESK_WHERE                                                                                                     \
    "WHERE (CASE ?1 WHEN 0 THEN d.trash = 0 WHEN 1 THEN d.trash = 0 AND d.published = 0 "                            \
    "WHEN 2 THEN d.trash = 0 AND d.published = 1 ELSE d.trash <> 0 END) "                                             \
    "AND (?2 = 0 OR d.type_id = ?2) AND (?3 = 0 OR d.issuer_id = ?3) "                                                \
    "AND (?4 = 0 OR d.id IN (SELECT document_id FROM document_field WHERE field_id = ?4)) "                           \
    "AND (?5 = '' OR (d.issued_on >= ?5 AND d.issued_on < ?6)) AND (?7 = 0 OR d.status = ?7) "                        \
    "AND (?8 = 0 OR d.owner_id = ?8) "                                                                                 \
    "AND (?9 = '' OR d.number_canonical = ?10 OR d.id IN (SELECT rowid FROM document_fts WHERE document_fts MATCH ?9)) "
static const char SQL_DESK_LIST[] =
    "SELECT d.id, d.number_canonical, d.abstract, d.issued_on, d.status, d.published, d.trash, d.slug, t.name, "
    "i.name FROM document d JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id " DOCS_DESK_WHERE
    "ORDER BY d.updated_at DESC, d.id DESC LIMIT ?11 OFFSET ?12";
static const char SQL_DESK_COUNT[] = "SELECT count(*) FROM document d " DOCS_DESK_WHERE;
static const char SQL_DESK_GET[] =
    "SELECT d.id, d.number_raw, d.type_id, d.issuer_id, d.signer_name, d.signer_position, d.issued_on, "
    "coalesce(d.effective_on, ''), coalesce(d.expires_on, ''), d.status, coalesce(d.replaced_by, 0), d.abstract, "
    "d.body, d.slug, d.published, d.trash, d.owner_id, d.number_canonical, "
    "coalesce((SELECT r.number_canonical FROM document r WHERE r.id = d.replaced_by), '') FROM document d "
    "WHERE d.id = ?1";
static const char SQL_DESK_FIELDS[] = "SELECT field_id FROM document_field WHERE document_id = ?1 LIMIT 64";
static const char SQL_BY_NUMBER[] =
    "SELECT d.id, d.number_canonical, d.issued_on, d.published, d.trash, t.name, i.name FROM document d "
    "JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id "
    "WHERE d.number_canonical = ?1 AND d.id <> ?2 ORDER BY d.issued_on DESC, d.id DESC LIMIT ?3";

static const char SQL_DESK_FILE[] = "SELECT f.name, f.mime, f.bytes, d.owner_id, f.document_id FROM document_file f "
                                    "JOIN document d ON d.id = f.document_id WHERE f.id = ?1";

struct desk_filter {
    int state;
    int64_t type_id, issuer_id, field_id, owner_id;
    int year, status;
    struct str match, canonical;
    int limit, offset;
};

/* A document as the form shows it and the save takes it. */
struct desk_doc {
    int64_t id, type_id, issuer_id, owner_id, replaced_by;
    int status, trash;
    bool published;
    struct str number, canonical, signer_name, signer_position, issued_on, effective_on, expires_on;
    struct str abstract, body, slug, replaced_number;
    int64_t fields[FIELDS_MAX];
    size_t n_fields;
};

/* "thạch hà 323/KH" -> {number_raw abstract}: "thạch" AND ... (each word
 * quoted, so nothing typed is FTS syntax; words without a letter or digit
 * are left out, as the tokenizer would drop them); at most 8 words. */
static struct str words_match(struct arena *a, struct str q)
{
    struct buf out = BUF_INIT;
    size_t words = 0, i = 0;
    while (i < q.n && words < 8) {
        while (i < q.n && (q.p[i] == ' ' || q.p[i] == '\t' || q.p[i] == '\n'))
            i++;
        size_t start = i;
        bool word = false;
        while (i < q.n && q.p[i] != ' ' && q.p[i] != '\t' && q.p[i] != '\n') {
            unsigned char c = (unsigned char)q.p[i++];
            word = word || c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
        }
        if (!word)
            continue;
        buf_printf(&out, "%s{number_raw abstract}: \"", words++ ? " AND " : "");
        for (size_t k = start; k < i; k++) {
            if (q.p[k] == '"')
                buf_putc(&out, '"');
            buf_putc(&out, q.p[k]);
        }
        buf_putc(&out, '"');
    }
    struct str m = arena_strdup(a, out.p ? out.p : "", out.n);
    buf_free(&out);
    return m;
}

static void bind_filter(sqlite3_stmt *st, const struct desk_filter *f)
{
    sqlite3_bind_int(st, 1, f->state);
    sqlite3_bind_int64(st, 2, f->type_id);
    sqlite3_bind_int64(st, 3, f->issuer_id);
    sqlite3_bind_int64(st, 4, f->field_id);
    char from[24] = "", to[24] = "";
    if (f->year) {
        snprintf(from, sizeof from, "%04d-01-01", f->year);
        snprintf(to, sizeof to, "%04d-01-01", f->year + 1);
    }
    sqlite3_bind_text(st, 5, from, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, to, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 7, f->status);
    sqlite3_bind_int64(st, 8, f->owner_id);
    store_bind_str(st, 9, f->match);
    store_bind_str(st, 10, f->canonical);
}

static void read_count(sqlite3_stmt *st, void *ctx) { *(long long *)ctx = sqlite3_column_int64(st, 0); }

struct desk_row {
    int64_t id;
    int status, trash;
    bool published;
    struct str number, abstract, issued_on, slug, type, issuer;
};

/* A page of the list and how many match: 0 or -1. */
static int desk_list(struct store_conn *db, struct arena *a, const struct desk_filter *f, struct desk_row **rows,
                     size_t *n, long long *total)
{
    *n = 0;
    *total = 0;
    *rows = ARENA_ARRAY(a, struct desk_row, (size_t)f->limit);
    sqlite3_stmt *st = store_stmt(db, SQL_DESK_COUNT);
    if (!st)
        return -1;
    bind_filter(st, f);
    if (store_step_once(db, st, read_count, total) < 0)
        return -1;
    if (!(st = store_stmt(db, SQL_DESK_LIST)))
        return -1;
    bind_filter(st, f);
    sqlite3_bind_int(st, 11, f->limit);
    sqlite3_bind_int(st, 12, f->offset);
    int rc = 0;
    while (*n < (size_t)f->limit && (rc = store_step(db, st)) == 1) {
        struct desk_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->number = store_col_copy(a, st, 1);
        r->abstract = store_col_copy(a, st, 2);
        r->issued_on = store_col_copy(a, st, 3);
        r->status = sqlite3_column_int(st, 4);
        r->published = sqlite3_column_int(st, 5) != 0;
        r->trash = sqlite3_column_int(st, 6);
        r->slug = store_col_copy(a, st, 7);
        r->type = store_col_copy(a, st, 8);
        r->issuer = store_col_copy(a, st, 9);
    }
    if (*n == (size_t)f->limit)
        rc = 0;
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* Any document, whatever its state: 1, 0 if none, -1. */
static int desk_get(struct store_conn *db, struct arena *a, int64_t id, struct desk_doc *d)
{
    memset(d, 0, sizeof *d);
    sqlite3_stmt *st = store_stmt(db, SQL_DESK_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int r = store_step(db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        return r;
    }
    d->id = sqlite3_column_int64(st, 0);
    d->number = store_col_copy(a, st, 1);
    d->type_id = sqlite3_column_int64(st, 2);
    d->issuer_id = sqlite3_column_int64(st, 3);
    d->signer_name = store_col_copy(a, st, 4);
    d->signer_position = store_col_copy(a, st, 5);
    d->issued_on = store_col_copy(a, st, 6);
    d->effective_on = store_col_copy(a, st, 7);
    d->expires_on = store_col_copy(a, st, 8);
    d->status = sqlite3_column_int(st, 9);
    d->replaced_by = sqlite3_column_int64(st, 10);
    d->abstract = store_col_copy(a, st, 11);
    d->body = store_col_copy(a, st, 12);
    d->slug = store_col_copy(a, st, 13);
    d->published = sqlite3_column_int(st, 14) != 0;
    d->trash = sqlite3_column_int(st, 15);
    d->owner_id = sqlite3_column_int64(st, 16);
    d->canonical = store_col_copy(a, st, 17);
    d->replaced_number = store_col_copy(a, st, 18);
    sqlite3_reset(st);
    if (!(st = store_stmt(db, SQL_DESK_FIELDS)))
        return -1;
    sqlite3_bind_int64(st, 1, id);
    while (d->n_fields < FIELDS_MAX && (r = store_step(db, st)) > 0)
        d->fields[d->n_fields++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r < 0 ? -1 : 1;
}

struct desk_match_row {
    int64_t id;
    bool published;
    int trash;
    struct str number, issued_on, type, issuer;
};

/* The documents (other than `except`) whose canonical number is
 * `canonical`, newest first, at most MATCHES_MAX: 0 or -1. */
static int by_number(struct store_conn *db, struct arena *a, struct str canonical, int64_t except,
                     struct desk_match_row **out, size_t *n)
{
    *n = 0;
    *out = ARENA_ARRAY(a, struct desk_match_row, MATCHES_MAX);
    sqlite3_stmt *st = store_stmt(db, SQL_BY_NUMBER);
    if (!st)
        return -1;
    store_bind_str(st, 1, canonical);
    sqlite3_bind_int64(st, 2, except);
    sqlite3_bind_int(st, 3, MATCHES_MAX);
    int r = 0;
    while (*n < MATCHES_MAX && (r = store_step(db, st)) > 0) {
        struct desk_match_row *m = &(*out)[(*n)++];
        m->id = sqlite3_column_int64(st, 0);
        m->number = store_col_copy(a, st, 1);
        m->issued_on = store_col_copy(a, st, 2);
        m->published = sqlite3_column_int(st, 3) != 0;
        m->trash = sqlite3_column_int(st, 4);
        m->type = store_col_copy(a, st, 5);
        m->issuer = store_col_copy(a, st, 6);
    }
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

/* --- rights ----------------------------------------------------------------------------------- */

enum desk_verb { V_SAVE, V_PUBLISH, V_UNPUBLISH, V_TRASH, V_RESTORE, V_NONE };

static const struct {
    const char *value, *label, *done, *audit;
} VERBS[] = {
    [V_SAVE] = {"luu", "Lưu", "Đã lưu văn bản.", "document_save"},
    [V_PUBLISH] = {"dang", "Lưu và đăng lên trang", "Đã đăng văn bản lên trang.", "document_publish"},
    [V_UNPUBLISH] = {"go", "Gỡ khỏi trang", "Đã gỡ văn bản khỏi trang.", "document_unpublish"},
    [V_TRASH] = {"xoa", "Chuyển vào thùng rác", "Đã chuyển văn bản vào thùng rác.", "document_trash"},
    [V_RESTORE] = {"khoi-phuc", "Khôi phục", "Đã khôi phục văn bản.", "document_restore"},
};

static enum desk_verb verb_parse(struct str s)
{
    for (int v = V_SAVE; v < V_NONE; v++)
        if (str_eq(s, str_cstr(VERBS[v].value)))
            return (enum desk_verb)v;
    return V_NONE;
}

static bool own(const struct people_session *s, const struct desk_doc *d) { return d->owner_id == s->user.id; }

static bool may_see(const struct people_session *s, const struct desk_doc *d)
{
    return people_role_may(s->user.role, RIGHT_EDIT_ANY) || own(s, d);
}

static bool may_edit(const struct people_session *s, const struct desk_doc *d)
{
    if (d->trash)
        return false;
    if (people_role_may(s->user.role, RIGHT_PUBLISH))
        return true;
    if (people_role_may(s->user.role, RIGHT_EDIT_ANY))
        return !d->published;
    return own(s, d) && !d->published;
}

/* Whether the user may do `verb` to document `d` (d->id 0: a new one). */
static bool may(const struct people_session *s, const struct desk_doc *d, enum desk_verb verb)
{
    bool publisher = people_role_may(s->user.role, RIGHT_PUBLISH);
    bool editor = people_role_may(s->user.role, RIGHT_EDIT_ANY);
    switch (verb) {
    case V_SAVE: return d->id == 0 ? people_role_may(s->user.role, RIGHT_WRITE) : may_edit(s, d);
    case V_PUBLISH: return publisher && !d->trash && !d->published;
    case V_UNPUBLISH: return publisher && d->id && !d->trash && d->published;
    case V_TRASH: return d->id && !d->trash && (publisher || (!d->published && (editor || own(s, d))));
    case V_RESTORE: return d->id && d->trash && (publisher || (editor && d->trash == 1));
    case V_NONE: break;
    }
    return false;
}

/* --- shared bits -------------------------------------------------------------------------------- */

static int64_t decimal_id(struct str s)
{
    unsigned long long v;
    return str_to_u64(s, &v) && v > 0 && v <= INT64_MAX ? (int64_t)v : 0;
}

static struct str state_title(const struct desk_doc *d)
{
    if (d->trash)
        return STR("Trong thùng rác");
    return d->published ? STR("Đã đăng") : STR("Nháp (chưa đăng)");
}

/* "Quyết định số 12/QĐ-UBND, UBND tỉnh, 03/04/2024 (nháp)" */
static struct str match_label(struct arena *a, const struct desk_match_row *m)
{
    struct str date = docs_format_date(a, m->issued_on);
    const char *state = m->trash ? "trong thùng rác" : m->published ? "đã đăng" : "nháp";
    return arena_printf(a, "%.*s số %.*s, %.*s, %.*s (%s)", (int)m->type.n, m->type.p, (int)m->number.n,
                        m->number.p, (int)m->issuer.n, m->issuer.p, (int)date.n, date.p, state);
}

/* The <option>s of a catalogue, the first one `none` (value ""). */
static size_t catalogue_choices(struct web_req *r, enum docs_catalogue which, const char *none, int64_t selected,
                                struct docs_desk_choice **out, int *failed)
{
    struct docs_catalogue_entry *rows;
    size_t n;
    if (docs_catalogue(r->db, r->arena, which, &rows, &n) != 0) {
        *failed = 1;
        n = 0;
    }
    struct docs_desk_choice *c = ARENA_ARRAY(r->arena, struct docs_desk_choice, n + 1);
    size_t k = 0;
    if (none)
        c[k++] = (struct docs_desk_choice){STR(""), str_cstr(none), selected == 0};
    for (size_t i = 0; i < n; i++)
        c[k++] = (struct docs_desk_choice){arena_decimal(r->arena, rows[i].id), rows[i].name, rows[i].id == selected};
    *out = c;
    return k;
}

/* --- the list ----------------------------------------------------------------------------------- */

static const struct {
    const char *value, *label;
} STATES[] = {{"", "Tất cả (trừ thùng rác)"}, {"nhap", "Nháp"}, {"da-dang", "Đã đăng"}, {"thung-rac", "Thùng rác"}};

static int list_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    struct docs_desk_list_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Văn bản", ADMIN_DOCUMENTS);
    struct desk_filter f = {.limit = PER_PAGE};
    bool nothing = false;

    struct str val = web_param(r, "trang-thai");
    bool known = !val.n;
    v.states = ARENA_ARRAY(r->arena, struct docs_desk_choice, 4);
    for (int i = 0; i < 4; i++) {
        bool sel = str_eq(val, str_cstr(STATES[i].value));
        if (sel) {
            f.state = i;
            known = true;
        }
        v.states[v.n_states++] = (struct docs_desk_choice){str_cstr(STATES[i].value), str_cstr(STATES[i].label), sel};
    }
    if (!known)
        return web_error(r, 400);
    struct str type = web_param(r, "loai"), issuer = web_param(r, "co-quan"), field = web_param(r, "linh-vuc");
    f.type_id = decimal_id(type);
    f.issuer_id = decimal_id(issuer);
    f.field_id = decimal_id(field);
    if ((type.n && !f.type_id) || (issuer.n && !f.issuer_id) || (field.n && !f.field_id))
        return web_error(r, 400);
    struct str year = web_param(r, "nam");
    unsigned long long num;
    if (year.n && (!str_to_u64(year, &num) || num < 1900 || num > 2200))
        return web_error(r, 400);
    f.year = year.n ? (int)num : 0;
    struct str status = web_param(r, "tinh-trang");
    if (status.n && (!str_to_u64(status, &num) || num < 1 || num > 3))
        return web_error(r, 400);
    f.status = status.n ? (int)num : 0;
    v.q = web_param(r, "q");
    if (v.q.n > Q_MAX)
        return web_error(r, 400);
    if (v.q.n) {
        f.match = words_match(r->arena, v.q);
        struct doc_number dn;
        f.canonical = doc_number_parse(v.q, &dn) == 0 ? arena_strdup(r->arena, dn.canonical, strlen(dn.canonical))
                                                      : STR("");
        nothing = !f.match.n && !f.canonical.n; /* only signs: nothing to look for, nothing found */
    }
    if (!people_role_may(s->user.role, RIGHT_EDIT_ANY))
        f.owner_id = s->user.id; /* a contributor sees their own documents only */
    struct str page = web_param(r, "trang");
    v.page = 1;
    if (page.n && (!str_to_u64(page, &num) || num < 1 || num > MAX_PAGE))
        return web_error(r, 400);
    if (page.n)
        v.page = (int)num;
    f.offset = (v.page - 1) * PER_PAGE;

    int failed = 0;
    v.n_types = catalogue_choices(r, DOCS_TYPES, "Tất cả", f.type_id, &v.types, &failed);
    v.n_issuers = catalogue_choices(r, DOCS_ISSUERS, "Tất cả", f.issuer_id, &v.issuers, &failed);
    v.n_fields = catalogue_choices(r, DOCS_FIELDS, "Tất cả", f.field_id, &v.fields, &failed);
    if (failed)
        return -1;
    v.statuses = ARENA_ARRAY(r->arena, struct docs_desk_choice, 4);
    v.statuses[v.n_statuses++] = (struct docs_desk_choice){STR(""), STR("Tất cả"), f.status == 0};
    for (int i = 1; i <= 3; i++)
        v.statuses[v.n_statuses++] = (struct docs_desk_choice){arena_decimal(r->arena, i),
                                                               str_cstr(docs_status_label(i)), f.status == i};
    v.years = ARENA_ARRAY(r->arena, struct docs_desk_choice, 1);
    if (f.year)
        v.years[v.n_years++] = (struct docs_desk_choice){arena_decimal(r->arena, f.year), STR(""), true};

    struct desk_row *rows;
    size_t n;
    long long total;
    if (nothing) {
        rows = NULL;
        n = 0;
        total = 0;
    } else if (desk_list(r->db, r->arena, &f, &rows, &n, &total) != 0) {
        return -1;
    }
    v.total_text = view_number(r->arena, total);
    v.pages = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
    v.rows = ARENA_ARRAY(r->arena, struct docs_desk_list_row, n ? n : 1);
    char today[11];
    docs_today(r->now, today);
    for (size_t i = 0; i < n; i++) {
        const struct desk_row *d = &rows[i];
        struct docs_desk_list_row *row = &v.rows[v.n_rows++];
        row->id = d->id;
        row->number = d->number;
        row->abstract = d->abstract;
        row->type = d->type;
        row->issuer = d->issuer;
        row->date = docs_format_date(r->arena, d->issued_on);
        row->status = str_cstr(docs_status_label(d->status));
        row->state = d->trash ? STR("Thùng rác") : d->published ? STR("Đã đăng") : STR("Nháp");
        row->edit_url = arena_printf(r->arena, "/quan-tri/van-ban/%lld", (long long)d->id);
        if (d->published && !d->trash && memcmp(d->issued_on.p, today, d->issued_on.n < 10 ? d->issued_on.n : 10) <= 0)
            row->public_url = docs_document_url(r->arena, d->slug, d->id);
    }
    static const char *const keep[] = {"q", "trang-thai", "loai", "co-quan", "linh-vuc", "nam", "tinh-trang", NULL};
    people_list_neighbours(r, "/quan-tri/van-ban/", keep, v.page, v.page < v.pages, &v.prev_url, &v.next_url);
    tpl_docs_desk_list(portal_out(r), &v);
    return 0;
}

/* --- the form ------------------------------------------------------------------------------------ */

/* What is wrong with a form that was sent, beside each field. */
struct desk_problems {
    const char *general;
    const char *number, *replaced, *files;
    struct desk_match_row *duplicates, *candidates;
    size_t n_duplicates, n_candidates;
};

static int render_form(struct web_req *r, const struct people_session *s, const struct desk_doc *d,
                       const struct desk_problems *p)
{
    r->no_store = true;
    struct docs_desk_edit_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, d->id ? "Sửa văn bản" : "Thêm văn bản", ADMIN_DOCUMENTS);
    v.id = d->id;
    v.action_url = d->id ? arena_printf(r->arena, "/quan-tri/van-ban/%lld", (long long)d->id)
                         : STR("/quan-tri/van-ban/moi");
    v.state_title = state_title(d);
    v.number = d->number;
    v.signer_name = d->signer_name;
    v.signer_position = d->signer_position;
    v.issued_on = d->issued_on;
    v.effective_on = d->effective_on;
    v.expires_on = d->expires_on;
    v.abstract = d->abstract;
    v.body = d->body;
    v.slug = d->slug;
    v.replaced_by = d->replaced_number;
    int failed = 0;
    v.n_types = catalogue_choices(r, DOCS_TYPES, "— Chọn loại văn bản —", d->type_id, &v.types, &failed);
    v.n_issuers = catalogue_choices(r, DOCS_ISSUERS, "— Chọn cơ quan ban hành —", d->issuer_id, &v.issuers, &failed);
    v.n_fields = catalogue_choices(r, DOCS_FIELDS, NULL, 0, &v.fields, &failed);
    if (failed)
        return -1;
    for (size_t i = 0; i < v.n_fields; i++)
        for (size_t k = 0; k < d->n_fields; k++)
            if (str_eq(v.fields[i].value, arena_decimal(r->arena, d->fields[k])))
                v.fields[i].selected = true;
    v.statuses = ARENA_ARRAY(r->arena, struct docs_desk_choice, 3);
    for (int i = 1; i <= 3; i++)
        v.statuses[v.n_statuses++] = (struct docs_desk_choice){arena_decimal(r->arena, i),
                                                               str_cstr(docs_status_label(i)), d->status == i};
    if (d->id) {
        struct docs_file *files;
        size_t n;
        if (docs_files_of(r->db, r->arena, d->id, &files, &n) != 0)
            return -1;
        struct docs_item shown;
        int is_shown = docs_item(r->db, r->arena, d->id, r->now, &shown);
        if (is_shown < 0)
            return -1;
        if (is_shown)
            v.public_url = shown.url;
        v.files = ARENA_ARRAY(r->arena, struct docs_desk_file, n ? n : 1);
        for (size_t i = 0; i < n; i++)
            v.files[v.n_files++] = (struct docs_desk_file){
                files[i].id, files[i].name, files[i].kind, files[i].size,
                arena_printf(r->arena, "/quan-tri/van-ban/tep/%lld", (long long)files[i].id)};
    }
    if (p) {
        v.f.error = str_cstr(p->general);
        v.number_error = str_cstr(p->number);
        v.replaced_error = str_cstr(p->replaced);
        v.files_error = str_cstr(p->files);
        v.duplicates = ARENA_ARRAY(r->arena, struct docs_desk_match, p->n_duplicates + 1);
        for (size_t i = 0; i < p->n_duplicates; i++)
            v.duplicates[v.n_duplicates++] = (struct docs_desk_match){
                p->duplicates[i].id, match_label(r->arena, &p->duplicates[i]),
                arena_printf(r->arena, "/quan-tri/van-ban/%lld", (long long)p->duplicates[i].id), false};
        v.candidates = ARENA_ARRAY(r->arena, struct docs_desk_match, p->n_candidates + 1);
        for (size_t i = 0; i < p->n_candidates; i++)
            v.candidates[v.n_candidates++] = (struct docs_desk_match){
                p->candidates[i].id, match_label(r->arena, &p->candidates[i]),
                arena_printf(r->arena, "/quan-tri/van-ban/%lld", (long long)p->candidates[i].id),
                p->candidates[i].id == d->replaced_by};
    } else {
        enum desk_verb last = verb_parse(web_param(r, "thong-bao"));
        if (last != V_NONE)
            v.f.notice = str_cstr(VERBS[last].done);
    }
    for (int verb = V_SAVE; verb < V_NONE; verb++)
        if (may(s, d, (enum desk_verb)verb))
            v.actions[v.n_actions++] = (struct docs_desk_action){str_cstr(VERBS[verb].value),
                                                                 str_cstr(VERBS[verb].label), verb == V_SAVE};
    v.read_only = !may(s, d, V_SAVE);
    tpl_docs_desk_edit(portal_out(r), &v);
    return 0;
}

static int new_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct desk_doc d;
    memset(&d, 0, sizeof d);
    d.status = 1;
    d.owner_id = s->user.id;
    char today[11];
    docs_today(r->now, today);
    d.issued_on = arena_strdup(r->arena, today, 10);
    return render_form(r, s, &d, NULL);
}

/* The document of the URL, if the user may see it: 1, or the request was
 * answered (0), or -1. */
static int load_for(struct web_req *r, const struct people_session *s, struct desk_doc *d)
{
    int64_t id = decimal_id(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    int found = desk_get(r->db, r->arena, id, d);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    if (!may_see(s, d)) {
        r->no_store = true;
        return web_error(r, 403);
    }
    return 1;
}

static int edit_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct desk_doc d;
    int got = load_for(r, s, &d);
    if (got != 1)
        return got;
    return render_form(r, s, &d, NULL);
}

/* An attached file of any document the user may see, even one not on the
 * site: editors check a draft's files before publishing it. */
static int file_download(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    int64_t id = decimal_id(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    sqlite3_stmt *st = store_stmt(r->db, SQL_DESK_FILE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int found = store_step(r->db, st);
    if (found <= 0) {
        sqlite3_reset(st);
        return found < 0 ? -1 : web_error(r, 404);
    }
    struct str name = store_col_copy(r->arena, st, 0);
    enum docs_filetype kind = docs_filetype_of_mime(store_col_str(st, 1));
    const char *type = kind == DOCS_FILE_UNKNOWN ? NULL : docs_filetype_mime(kind);
    struct desk_doc owner = {.owner_id = sqlite3_column_int64(st, 3)};
    bool allowed = may_see(s, &owner) && type && name.n && utf8_valid(name);
    if (allowed)
        buf_append(r->body, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
    sqlite3_reset(st); /* off its row before anything else: see docs_file_bytes_done */
    if (!allowed)
        return web_error(r, type ? 403 : 404);
    r->content_type = type;
    r->disposition = docs_disposition(r->arena, name, false);
    return 0;
}

/* --- saving: on a worker ------------------------------------------------------------------------------ */

struct desk_upload {
    struct str name;
    enum docs_filetype type;
    struct str bytes;
};

struct desk_job {
    struct web_job job;
    enum desk_verb verb;
    int64_t now, user_id;
    char login[72], address[48];
    bool content;          /* the form's fields are saved */
    struct desk_doc doc;   /* as sent (content) or as stored */
    struct desk_upload uploads[FILES_MAX];
    size_t n_uploads;
    int64_t removed[REMOVE_MAX];
    size_t n_removed;
    struct arena arena;    /* copies of the strings and bytes */
    /* results */
    int rc;
    const char *problem;
    int64_t saved_id;
};

static void desk_release(struct web_job *job)
{
    struct desk_job *j = (struct desk_job *)job;
    arena_free(&j->arena);
    free(j);
}

static int save_content(struct desk_job *j, struct store_conn *db)
{
    const struct desk_doc *d = &j->doc;
    struct docs_document_input in = {
        .id = d->id,
        .number = d->number,
        .type_id = d->type_id,
        .issuer_id = d->issuer_id,
        .signer_name = d->signer_name,
        .signer_position = d->signer_position,
        .issued_on = d->issued_on,
        .effective_on = d->effective_on,
        .expires_on = d->expires_on,
        .status = d->status,
        .abstract = d->abstract,
        .body = d->body,
        .slug = d->slug,
        .published = d->published,
        .created_at = j->now,
        .updated_at = j->now,
        .field_ids = d->fields,
        .n_fields = d->n_fields,
        .owner_id = j->user_id,
        .set_replaced_by = true,
        .replaced_by = d->replaced_by,
    };
    int rc = docs_document_save(db, &in, &j->saved_id, &j->problem);
    for (size_t i = 0; rc == 0 && i < j->n_removed; i++)
        rc = docs_file_remove(db, j->saved_id, j->removed[i], &j->problem);
    for (size_t i = 0; rc == 0 && i < j->n_uploads; i++) {
        struct docs_file_input f = {
            .document_id = j->saved_id,
            .name = j->uploads[i].name,
            .mime = str_cstr(docs_filetype_mime(j->uploads[i].type)),
            .bytes = j->uploads[i].bytes.p,
            .n = j->uploads[i].bytes.n,
            .created_at = j->now,
        };
        rc = docs_file_add(db, &f, NULL, &j->problem);
    }
    return rc;
}

static void desk_work(struct web_job *job, struct store_conn *db)
{
    struct desk_job *j = (struct desk_job *)job;
    j->rc = -1;
    if (store_write_begin(db) != 0)
        return;
    j->saved_id = j->doc.id;
    int rc = j->content ? save_content(j, db) : 0;
    if (rc == 0) {
        switch (j->verb) {
        case V_PUBLISH: rc = docs_document_publish(db, j->saved_id, true, j->now, &j->problem); break;
        case V_UNPUBLISH: rc = docs_document_publish(db, j->saved_id, false, j->now, &j->problem); break;
        case V_TRASH: rc = docs_document_trash(db, j->saved_id, true, j->now, &j->problem); break;
        case V_RESTORE: rc = docs_document_trash(db, j->saved_id, false, j->now, &j->problem); break;
        default: break;
        }
    }
    if (rc == 0) {
        char object[40];
        snprintf(object, sizeof object, "văn bản %lld", (long long)j->saved_id);
        struct str detail = j->content ? j->doc.number : STR("");
        if (j->content && (j->n_uploads || j->n_removed))
            detail = arena_printf(&j->arena, "%.*s; tệp thêm: %zu, tệp gỡ: %zu", (int)detail.n, detail.p,
                                  j->n_uploads, j->n_removed);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), VERBS[j->verb].audit,
                          str_cstr(object), detail);
    }
    j->rc = store_write_finish(db, rc);
}

static int desk_finish(struct web_req *r, struct web_job *job)
{
    struct desk_job *j = (struct desk_job *)job;
    r->no_store = true;
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/van-ban/%lld?thong-bao=%s",
                                                 (long long)j->saved_id, VERBS[j->verb].value));
    if (j->rc != DOCS_INVALID)
        return -1;
    /* back from the worker: the session and its token were checked when
     * the form came */
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    struct desk_doc d = j->doc;
    if (!j->content) {
        int found = desk_get(r->db, r->arena, j->doc.id, &d);
        if (found <= 0)
            return found < 0 ? -1 : web_error(r, 404);
    }
    struct desk_problems p = {.general = j->problem ? j->problem : "Chưa lưu được văn bản."};
    if (j->n_uploads)
        p.files = "Các tệp đã chọn chưa được lưu: hãy chọn lại tệp sau khi sửa.";
    r->status = 400;
    return render_form(r, s, &d, &p);
}

static struct str keep(struct desk_job *j, struct str s)
{
    return arena_strdup(&j->arena, s.p ? s.p : "", s.n);
}

/* A form value with spaces (and line breaks) trimmed at both ends; empty
 * when it shows nothing (utf8_is_blank: a no-break space or a zero-width
 * character alone is not a signer or an abstract). */
static struct str trimmed(struct web_req *r, const char *name)
{
    struct str s = http_form_value(&r->form, name);
    if (utf8_is_blank(s))
        return STR("");
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\n' || s.p[0] == '\t'))
        s.p++, s.n--;
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\n' || s.p[s.n - 1] == '\t'))
        s.n--;
    return s.p ? s : STR("");
}

/* A date field: what the picker sends ("2024-07-10"), or "10/7/2024" as a
 * person types it where there is none, as the picker's form; anything
 * else as it came, for the write's check to name. */
static struct str typed_date(struct web_req *r, const char *name)
{
    struct str s = trimmed(r, name);
    int64_t t;
    char iso[11];
    return s.n && vi_parse_typed_date(s, &t, iso) ? arena_strdup(r->arena, iso, 10) : s;
}

/* Reads the form's fields into j->doc (over the stored `d`), and checks
 * what the desk checks before a save: the number, the number already
 * registered, the replacing document, the uploads. Returns 1 (all well),
 * 0 (*p filled) or -1. */
static int read_form(struct web_req *r, struct desk_job *j, const struct desk_doc *stored, struct desk_problems *p)
{
    struct desk_doc *d = &j->doc;
    d->number = keep(j, trimmed(r, "so-ky-hieu"));
    d->type_id = decimal_id(http_form_value(&r->form, "loai"));
    d->issuer_id = decimal_id(http_form_value(&r->form, "co-quan"));
    d->signer_name = keep(j, trimmed(r, "nguoi-ky"));
    d->signer_position = keep(j, trimmed(r, "chuc-vu"));
    d->issued_on = keep(j, typed_date(r, "ngay-ban-hanh"));
    d->effective_on = keep(j, typed_date(r, "ngay-hieu-luc"));
    d->expires_on = keep(j, typed_date(r, "ngay-het-hieu-luc"));
    d->abstract = keep(j, trimmed(r, "trich-yeu"));
    d->body = keep(j, http_form_value(&r->form, "toan-van"));
    d->slug = keep(j, trimmed(r, "duong-dan"));
    d->replaced_number = keep(j, trimmed(r, "thay-the-boi"));
    unsigned long long status;
    d->status = str_to_u64(http_form_value(&r->form, "tinh-trang"), &status) && status >= 1 && status <= 3
                    ? (int)status : 0;
    d->n_fields = 0;
    for (size_t i = 0; i < r->form.n_fields; i++) {
        const struct http_form_field *f = &r->form.fields[i];
        if (str_eq_lit(f->name, "linh-vuc") && d->n_fields < FIELDS_MAX && decimal_id(f->value))
            d->fields[d->n_fields++] = decimal_id(f->value);
        if (str_eq_lit(f->name, "xoa-tep") && j->n_removed < REMOVE_MAX && decimal_id(f->value))
            j->removed[j->n_removed++] = decimal_id(f->value);
    }

    if (!d->type_id)
        p->general = "Hãy chọn loại văn bản.";
    else if (!d->issuer_id)
        p->general = "Hãy chọn cơ quan ban hành.";
    else if (!d->status)
        p->general = "Hãy chọn tình trạng hiệu lực.";
    else if (!d->abstract.n)
        p->general = "Văn bản cần có trích yếu.";
    else if (!d->issued_on.n)
        p->general = "Hãy nhập ngày ban hành.";
    else if (d->status == 1 && d->expires_on.n == 10) {
        char today[11];
        docs_today(r->now, today);
        if (memcmp(d->expires_on.p, today, 10) < 0)
            p->general = "Ngày hết hiệu lực đã qua: hãy chọn tình trạng “Hết hiệu lực” (hoặc sửa ngày).";
    }

    /* the number, by the register's own parser */
    struct doc_number dn;
    if (!d->number.n) {
        p->number = "Hãy nhập số, ký hiệu của văn bản (ví dụ 323/KH-UBND).";
    } else if (doc_number_parse(d->number, &dn) != 0) {
        p->number = dn.reason ? dn.reason : "Số, ký hiệu văn bản không hợp lệ.";
    } else {
        d->canonical = keep(j, str_cstr(dn.canonical));
        bool changed = !stored->id || !str_eq(d->canonical, stored->canonical);
        if (changed && !str_eq_lit(http_form_value(&r->form, "xac-nhan-trung"), "1")) {
            if (by_number(r->db, r->arena, d->canonical, stored->id, &p->duplicates, &p->n_duplicates) != 0)
                return -1;
            if (p->n_duplicates)
                p->number = "Số, ký hiệu này đã có trong sổ văn bản (xem danh sách bên dưới). Nếu đúng là một văn "
                            "bản khác, hãy đánh dấu “Vẫn lưu dù trùng số” rồi lưu lại.";
        }
    }

    /* the document replacing this one, by its number */
    d->replaced_by = 0;
    if (d->replaced_number.n) {
        struct doc_number rn;
        if (doc_number_parse(d->replaced_number, &rn) != 0) {
            p->replaced = rn.reason ? rn.reason : "Số, ký hiệu của văn bản thay thế không hợp lệ.";
        } else {
            struct str canonical = arena_strdup(r->arena, rn.canonical, strlen(rn.canonical));
            if (by_number(r->db, r->arena, canonical, stored->id, &p->candidates, &p->n_candidates) != 0)
                return -1;
            int64_t chosen = decimal_id(http_form_value(&r->form, "thay-the-id"));
            for (size_t i = 0; i < p->n_candidates && !d->replaced_by; i++)
                if (p->candidates[i].id == chosen || p->n_candidates == 1)
                    d->replaced_by = p->candidates[i].id;
            if (!p->n_candidates && d->canonical.n && str_eq(canonical, d->canonical))
                p->replaced = "Một văn bản không thể thay thế chính nó: hãy nhập số, ký hiệu của văn bản mới thay thế "
                              "văn bản này.";
            else if (!p->n_candidates)
                p->replaced = "Không có văn bản nào mang số, ký hiệu này trong sổ văn bản.";
            else if (!d->replaced_by)
                p->replaced = "Có nhiều văn bản mang số, ký hiệu này: hãy chọn một văn bản bên dưới.";
            if (p->n_candidates == 1)
                p->n_candidates = 0; /* nothing to choose between */
            if (d->replaced_by)
                d->status = 3; /* replaced: the public page and the register's filter say so */
        }
    }

    /* the uploads: typed from their bytes */
    for (size_t i = 0; i < r->form.n_files && !p->files; i++) {
        const struct http_form_file *f = &r->form.files[i];
        if (!str_eq_lit(f->field, "tep"))
            continue;
        if (j->n_uploads == FILES_MAX) {
            p->files = "Mỗi lần lưu nhận tối đa 10 tệp.";
            break;
        }
        struct str name = f->filename.n ? f->filename : STR("tep-dinh-kem");
        /* room for ".xlsx" when the type's extension is added below */
        if (!(name = http_filename_fit(r->arena, name, FILE_NAME_MAX - 6)).p) {
            p->files = "Tên tệp không hợp lệ: hãy đổi tên tệp rồi chọn lại.";
            break;
        }
        enum docs_filetype type;
        const char *why;
        if (docs_filetype_check(name, f->data.p, f->data.n, &type, &why) != 0) {
            p->files = arena_printf(r->arena, "Tệp «%.*s»: %s", (int)name.n, name.p, why).p;
            break;
        }
        if (docs_filetype_of_name(name) == DOCS_FILE_UNKNOWN)
            name = arena_printf(r->arena, "%.*s.%s", (int)name.n, name.p, docs_filetype_ext(type));
        struct desk_upload *u = &j->uploads[j->n_uploads++];
        u->name = keep(j, name);
        u->type = type;
        u->bytes = keep(j, f->data);
    }
    return !(p->general || p->number || p->replaced || p->files);
}

static int save_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    bool creating = r->captures[0].n == 0;
    struct desk_doc stored;
    if (creating) {
        memset(&stored, 0, sizeof stored);
        stored.owner_id = s->user.id;
    } else {
        int got = load_for(r, s, &stored);
        if (got != 1)
            return got;
    }
    /* as for articles: no "viec" saves, a value that is no verb is refused */
    struct str asked = http_form_value(&r->form, "viec");
    enum desk_verb verb = asked.p ? verb_parse(asked) : V_SAVE;
    if (verb == V_NONE) {
        r->no_store = true;
        return web_error_saying(r, 400, STR("Không rõ việc cần làm với văn bản. Hãy dùng các nút của biểu mẫu."));
    }
    if (!may(s, &stored, verb))
        return web_error(r, 403);
    struct desk_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 4096);
    j->job.work = desk_work;
    j->job.finish = desk_finish;
    j->job.release = desk_release;
    j->verb = verb;
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    j->doc = stored;
    /* The fields are taken when the user may change them and the verb
     * saves; otherwise only the state moves. */
    j->content = verb == V_SAVE || (verb == V_PUBLISH && may_edit(s, &stored)) || (verb == V_PUBLISH && creating);
    if (j->content) {
        struct desk_problems p;
        memset(&p, 0, sizeof p);
        int ok = read_form(r, j, &stored, &p);
        if (ok <= 0) {
            int rc = -1;
            if (ok == 0) {
                struct desk_doc shown = j->doc;
                shown.trash = stored.trash;
                shown.published = stored.published;
                shown.owner_id = stored.owner_id;
                if (j->n_uploads && !p.files)
                    p.files = "Các tệp đã chọn chưa được lưu: hãy chọn lại tệp sau khi sửa.";
                r->status = p.general || p.replaced || p.files || !p.n_duplicates ? 400 : 409;
                rc = render_form(r, s, &shown, &p);
            }
            arena_free(&j->arena);
            free(j);
            return rc;
        }
    }
    return web_defer(r, &j->job);
}

/* Drafts (not in the trash) wait for someone who may publish them: a
 * contributor's registered document has no other way to reach one. */
static const char SQL_DRAFTS[] = "SELECT count(*) FROM document WHERE published = 0 AND trash = 0";

static int docs_todo(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room)
{
    if (!room || !people_role_may(s->user.role, RIGHT_PUBLISH))
        return 0;
    sqlite3_stmt *st = store_stmt(r->db, SQL_DRAFTS);
    if (!st)
        return -1;
    int64_t n = 0;
    if (store_step_once(r->db, st, store_read_int64, &n) < 0)
        return -1;
    if (n <= 0)
        return 0;
    out[0] = (struct people_todo){arena_printf(r->arena, "%lld văn bản nháp chờ đăng", (long long)n),
                                  STR("/quan-tri/van-ban/?trang-thai=nhap")};
    return 1;
}

void docs_desk_register(void)
{
    people_todo_register(docs_todo);
    static const char *const list_params[] = {"q", "trang-thai", "loai", "co-quan", "linh-vuc", "nam", "tinh-trang",
                                              "trang", NULL};
    static const char *const edit_params[] = {"thong-bao", NULL};
    struct http_form_limits form = {.max_fields = 256, .max_files = 2 * FILES_MAX, .max_value = BODY_LIMIT + 4096,
                                    .max_name = 1024, .max_part_head = 4096};
    router_add((struct route){.pattern = "/quan-tri/van-ban/", .get = list_page, .known_params = list_params});
    router_add((struct route){.pattern = "/quan-tri/van-ban/tep/*", .get = file_download});
    router_add((struct route){.pattern = "/quan-tri/van-ban/moi", .get = new_page, .post = save_post,
                              .flags = ROUTE_FORM, .max_body = UPLOAD_LIMIT, .form = form});
    router_add((struct route){.pattern = "/quan-tri/van-ban/*", .get = edit_page, .post = save_post,
                              .known_params = edit_params, .flags = ROUTE_FORM, .max_body = UPLOAD_LIMIT,
                              .form = form});
}
