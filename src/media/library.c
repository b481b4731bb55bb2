/* library.c - the only SQL that names media_file, media_variant and
 * media_use; see library.h and media.h. */
#include "media/library.h"

#include <stdio.h>
#include <string.h>

#include "core/log.h"
#include "media/sniff.h"
#include "text/vi.h"

#define ROW_COLUMNS                                                                                                  \
    "id, uploader_id, created_at, size, name, original_name, mime, kind, alt, caption, width, height, "          \
    "coalesce((SELECT min(v.width) FROM media_variant v WHERE v.media_id = media_file.id), 0) "
static const char SQL_ROW[] = "SELECT " ROW_COLUMNS "FROM media_file WHERE id = ?1";
static const char SQL_BY_NAME[] = "SELECT id FROM media_file WHERE name = ?1";
static const char SQL_BY_HASH[] = "SELECT id FROM media_file WHERE sha256 = ?1";
/* ?2 is a LIKE pattern ('%' + the folded text with % _ \ escaped + '%'),
 * or '': names, alt texts and captions are compared folded (vi_fold), so
 * "moi" finds "mới" as every search of the portal does. */
static const char SQL_LIST[] =
    "SELECT " ROW_COLUMNS "FROM media_file WHERE (?1 = '' OR kind = ?1) AND (?2 = '' OR "
    "vi_fold(name) LIKE ?2 ESCAPE '\\' OR vi_fold(original_name) LIKE ?2 ESCAPE '\\' "
    "OR vi_fold(alt) LIKE ?2 ESCAPE '\\' OR vi_fold(caption) LIKE ?2 ESCAPE '\\') "
    "ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4";
static const char SQL_USES[] =
    "SELECT owner_kind, owner_id FROM media_use WHERE media_id = ?1 ORDER BY owner_kind, owner_id LIMIT 50";
static const char SQL_IN_USE[] = "SELECT 1 FROM media_use WHERE media_id = ?1 LIMIT 1";
static const char SQL_USE_CLEAR[] = "DELETE FROM media_use WHERE owner_kind = ?1 AND owner_id = ?2";
static const char SQL_USE_ADD[] =
    "INSERT OR IGNORE INTO media_use(media_id, owner_kind, owner_id) VALUES (?1, ?2, ?3)";
static const char SQL_NAME_TAKEN[] = "SELECT 1 FROM media_file WHERE name = ?1";
static const char SQL_INSERT[] =
    "INSERT INTO media_file(id, name, original_name, mime, kind, width, height, alt, caption, size, sha256, "
    "uploader_id, created_at, bytes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
static const char SQL_VARIANT_INSERT[] =
    "INSERT INTO media_variant(media_id, width, height, bytes) VALUES (?1, ?2, ?3, ?4)";
static const char SQL_UPDATE_TEXT[] = "UPDATE media_file SET alt = ?2, caption = ?3 WHERE id = ?1";
static const char SQL_FILL_TEXT[] =
    "UPDATE media_file SET alt = CASE alt WHEN '' THEN ?2 ELSE alt END, "
    "caption = CASE caption WHEN '' THEN ?3 ELSE caption END "
    "WHERE id = ?1 AND ((alt = '' AND ?2 <> '') OR (caption = '' AND ?3 <> ''))";
static const char SQL_DELETE_VARIANTS[] = "DELETE FROM media_variant WHERE media_id = ?1";
static const char SQL_DELETE[] = "DELETE FROM media_file WHERE id = ?1";
static const char SQL_BYTES[] =
    "SELECT id, created_at, mime, kind, original_name, bytes FROM media_file WHERE name = ?1";
static const char SQL_VARIANT_BYTES[] =
    "SELECT f.id, f.created_at, f.mime, f.kind, f.original_name, v.bytes FROM media_file f "
    "JOIN media_variant v ON v.media_id = f.id AND v.width = ?2 WHERE f.name = ?1";
/* the same rows, with the bytes' length only (SQLite reads it from the
 * record's header, not the bytes) */
static const char SQL_SIZE[] =
    "SELECT id, created_at, mime, kind, original_name, length(bytes) FROM media_file WHERE name = ?1";
static const char SQL_VARIANT_SIZE[] =
    "SELECT f.id, f.created_at, f.mime, f.kind, f.original_name, length(v.bytes) FROM media_file f "
    "JOIN media_variant v ON v.media_id = f.id AND v.width = ?2 WHERE f.name = ?1";
static const char SQL_EXISTS[] = "SELECT 1 FROM media_file WHERE id = ?1";
static const char SQL_ANY[] = "SELECT EXISTS(SELECT 1 FROM media_file)";

struct str media_url(struct arena *a, struct str name) { return ARENA_JOIN(a, STR("/media/"), name); }

struct row_ctx {
    struct arena *a;
    struct media_row *row;
};

static void read_row_into(sqlite3_stmt *st, struct arena *a, struct media_row *r)
{
    r->id = sqlite3_column_int64(st, 0);
    r->uploader_id = sqlite3_column_int64(st, 1);
    r->created_at = sqlite3_column_int64(st, 2);
    r->size = sqlite3_column_int64(st, 3);
    r->name = store_col_copy(a, st, 4);
    r->original_name = store_col_copy(a, st, 5);
    r->mime = store_col_copy(a, st, 6);
    r->kind = store_col_copy(a, st, 7);
    r->alt = store_col_copy(a, st, 8);
    r->caption = store_col_copy(a, st, 9);
    r->width = sqlite3_column_int(st, 10);
    r->height = sqlite3_column_int(st, 11);
    r->smallest_width = sqlite3_column_int(st, 12);
}

static void read_row(sqlite3_stmt *st, void *ctx)
{
    struct row_ctx *c = ctx;
    read_row_into(st, c->a, c->row);
}

int media_row_get(struct store_conn *db, struct arena *a, int64_t id, struct media_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_ROW);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    struct row_ctx c = {a, out};
    return store_step_once(db, st, read_row, &c);
}

int media_find_hash(struct store_conn *db, const unsigned char hash[32], int64_t *id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_BY_HASH);
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
    return store_step_once(db, st, store_read_int64, id);
}

/* What a page needs to show a file, and the widths of its smaller copies:
 * a row per copy, smallest first (one row with a NULL width when it has
 * none). */
#define IMAGE_ROWS                                                                                                     \
    "SELECT f.id, f.name, f.mime, f.kind = 'image', f.alt, f.caption, f.width, f.height, v.width FROM media_file f "   \
    "LEFT JOIN media_variant v ON v.media_id = f.id AND v.width < f.width "
static const char SQL_IMAGE[] = IMAGE_ROWS "WHERE f.id = ?1 ORDER BY v.width LIMIT 16";

/* Appends s at p[*k]. */
static void put(char *p, size_t *k, struct str s)
{
    memcpy(p + *k, s.p, s.n);
    *k += s.n;
}

/* "/media/400/x.jpg 400w, /media/800/x.jpg 800w, /media/x.jpg 1200w", put
 * together without printf (a page shows a few pictures, each with its
 * sizes, on every render). */
static struct str srcset_of(struct arena *a, struct str name, const int *widths, size_t n, int width)
{
    if (!n)
        return STR("");
    /* each entry: "/media/" 7, a width and '/' 11, the name, ' ', a width
     * and "w, " 14 */
    char *p = arena_alloc(a, (n + 1) * (name.n + 32));
    size_t k = 0;
    char num[24];
    for (size_t i = 0; i <= n; i++) {
        struct str w = str_of_u64(num, (unsigned long long)(unsigned)(i < n ? widths[i] : width));
        put(p, &k, STR("/media/"));
        if (i < n) {
            put(p, &k, w);
            put(p, &k, STR("/"));
        }
        put(p, &k, name);
        put(p, &k, STR(" "));
        put(p, &k, w);
        put(p, &k, i < n ? STR("w, ") : STR("w"));
    }
    return (struct str){p, k};
}

/* Steps `st` (bound; IMAGE_ROWS ordered by file) to its end and calls
 * `each` with every file read, its strings in `a`. Resets it. 0, or -1. */
static int image_rows(struct store_conn *db, sqlite3_stmt *st, struct arena *a,
                      void (*each)(void *ctx, struct media_image *img), void *ctx)
{
    struct media_image img;
    int rc, widths[16];
    size_t n = 0;
    bool open = false;
    for (;;) {
        rc = store_step(db, st);
        int64_t id = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
        if (open && (rc != 1 || id != img.id)) { /* the file before is whole */
            if (img.image && img.width > 0)
                img.srcset = srcset_of(a, img.name, widths, n, img.width);
            each(ctx, &img);
            open = false;
        }
        if (rc != 1)
            break;
        if (!open) {
            memset(&img, 0, sizeof img);
            img.id = id;
            img.name = store_col_copy(a, st, 1);
            img.url = media_url(a, img.name);
            img.mime = store_col_copy(a, st, 2);
            img.image = sqlite3_column_int(st, 3) != 0;
            img.alt = store_col_copy(a, st, 4);
            img.caption = store_col_copy(a, st, 5);
            img.width = sqlite3_column_int(st, 6);
            img.height = sqlite3_column_int(st, 7);
            n = 0;
            open = true;
        }
        if (sqlite3_column_type(st, 8) != SQLITE_NULL && n < sizeof widths / sizeof widths[0])
            widths[n++] = sqlite3_column_int(st, 8);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

static void take_one(void *ctx, struct media_image *img)
{
    *(struct media_image *)ctx = *img;
}

int media_image_get(struct store_conn *db, struct arena *a, int64_t id, struct media_image *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_IMAGE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (image_rows(db, st, a, take_one, out) != 0)
        return -1;
    if (out->id != id) {
        memset(out, 0, sizeof *out);
        out->id = id;
        return 0;
    }
    return 1;
}

/* --- pictures of cards, kept per thread ------------------------------------------------------- */

/* A home page shows a few dozen cards; what does not fit (a long alt text,
 * many sizes) is read each time. Fixed arrays: nothing to free when a
 * thread ends. */
#define KEPT_IMAGES 64
struct kept_image {
    int64_t id;
    int found;
    bool image;
    int width, height;
    char url[160], alt[400], srcset[640];
};
static _Thread_local struct {
    struct store_version version; /* conn 0: nothing kept */
    size_t n;
    struct kept_image e[KEPT_IMAGES];
} kept;

static bool keep_str(char *to, size_t cap, struct str s)
{
    if (s.n >= cap)
        return false;
    memcpy(to, s.p ? s.p : "", s.n);
    to[s.n] = '\0';
    return true;
}

static struct str kept_str(struct arena *a, const char *s)
{
    return arena_strdup(a, s, strlen(s));
}

static void kept_put(struct media_image *out, const struct kept_image *k, struct arena *a)
{
    memset(out, 0, sizeof *out);
    out->id = k->id;
    if (k->found == 1) {
        out->image = k->image;
        out->width = k->width;
        out->height = k->height;
        out->url = kept_str(a, k->url);
        out->alt = kept_str(a, k->alt);
        out->srcset = kept_str(a, k->srcset);
    }
}

static void keep(int64_t id, int found, const struct media_image *img)
{
    if (kept.n == KEPT_IMAGES)
        return;
    struct kept_image *k = &kept.e[kept.n];
    *k = (struct kept_image){.id = id, .found = found};
    if (found == 1) {
        k->image = img->image;
        k->width = img->width;
        k->height = img->height;
        if (!keep_str(k->url, sizeof k->url, img->url) || !keep_str(k->alt, sizeof k->alt, img->alt) ||
            !keep_str(k->srcset, sizeof k->srcset, img->srcset))
            return;
    }
    kept.n++;
}

int media_card_images(struct store_conn *db, struct arena *a, const int64_t *ids, size_t n, struct media_image *out,
                      int *found)
{
    struct store_version now;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].id = ids[i];
        found[i] = ids[i] ? -1 : 0; /* -1: not known yet */
        any = any || ids[i];
    }
    if (!any)
        return 0;
    if (store_version_read(db, &now) != 0)
        return -1;
    if (!store_version_same(&kept.version, &now)) {
        kept.version = now;
        kept.n = 0;
    }
    /* the kept ones; the others read once each (one statement a file costs
     * less than a list of them through json_each for a few cards) */
    for (size_t i = 0; i < n; i++) {
        if (found[i] >= 0)
            continue;
        for (size_t k = 0; k < kept.n && found[i] < 0; k++)
            if (kept.e[k].id == ids[i]) {
                kept_put(&out[i], &kept.e[k], a);
                found[i] = kept.e[k].found;
            }
        for (size_t j = 0; j < i && found[i] < 0; j++)
            if (ids[j] == ids[i]) { /* read above */
                out[i] = out[j];
                found[i] = found[j];
            }
        if (found[i] >= 0)
            continue;
        int rc = media_image_get(db, a, ids[i], &out[i]);
        if (rc < 0)
            return -1;
        found[i] = rc;
        if (now.conn)
            keep(ids[i], rc, &out[i]);
    }
    return 0;
}

/* --- names in HTML ---------------------------------------------------------------------------- */

/* After "/media/" at p[0..n): the file's name ("a.jpg", or "a.jpg" of
 * "400/a.jpg"), and how many bytes the address took. */
static struct str name_after(const char *p, size_t n, size_t *used)
{
    size_t i = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    size_t start = i > 0 && i < n && p[i] == '/' ? i + 1 : 0;
    size_t k = start;
    while (k < n && ((p[k] >= 'a' && p[k] <= 'z') || (p[k] >= '0' && p[k] <= '9') || p[k] == '-' || p[k] == '.' ||
                     p[k] == '_'))
        k++;
    *used = k;
    struct str name = {p + start, k - start};
    return media_name_ok(name) ? name : STR_NULL;
}

static int id_by_name(struct store_conn *db, struct str name, int64_t *id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_BY_NAME);
    if (!st)
        return -1;
    store_bind_str(st, 1, name);
    return store_step_once(db, st, store_read_int64, id);
}

int media_html_srcset(struct store_conn *db, struct arena *a, struct str html, struct str sizes, struct buf *out,
                      int64_t **ids, size_t *n_ids)
{
    static const char open[] = "<img src=\"/media/";
    size_t cap = 0, n = 0;
    int64_t *seen = NULL;
    size_t i = 0;
    while (i < html.n) {
        const char *hit = memmem(html.p + i, html.n - i, open, sizeof open - 1);
        if (!hit) {
            buf_append(out, html.p + i, html.n - i);
            break;
        }
        size_t at = (size_t)(hit - html.p) + sizeof open - 1;
        size_t used;
        struct str name = name_after(html.p + at, html.n - at, &used);
        size_t end = at + used;
        buf_append(out, html.p + i, end - i);
        i = end;
        if (!name.n || end >= html.n || html.p[end] != '"')
            continue;
        int64_t id = 0;
        int found = id_by_name(db, name, &id);
        if (found < 0)
            return -1;
        if (!found) {
            /* a file deleted since (a version restored from before, an
             * address typed by hand): the picture is left out, not shown
             * broken, as the demo's bodies leave out theirs */
            const char *close = memchr(html.p + end, '>', html.n - end);
            out->n -= (size_t)(html.p + end - hit);
            i = close ? (size_t)(close - html.p) + 1 : html.n;
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            int64_t *grown = arena_alloc(a, cap * sizeof *grown);
            if (n)
                memcpy(grown, seen, n * sizeof *seen);
            seen = grown;
        }
        seen[n++] = id;
        struct media_image img;
        if (media_image_get(db, a, id, &img) < 0)
            return -1;
        /* Only the full-size address gets a srcset: one that names a
         * variant was chosen by its writer. A tag that has one already (the
         * editor writes it) keeps it, and gets the sizes alone: a second
         * srcset would be invalid HTML. */
        const char *close = memchr(html.p + end, '>', html.n - end);
        size_t tag_len = close ? (size_t)(close - (html.p + end)) : html.n - end;
        bool has_srcset = memmem(html.p + end, tag_len, " srcset=", 8) != NULL;
        bool has_sizes = memmem(html.p + end, tag_len, " sizes=", 7) != NULL;
        if (img.srcset.n && at + name.n == end && !(has_srcset && has_sizes)) {
            buf_putc(out, '"'); /* src's closing quote, skipped below */
            if (!has_srcset) {
                buf_puts(out, " srcset=\"");
                buf_put(out, img.srcset);
                buf_putc(out, '"');
            }
            if (!has_sizes) {
                buf_puts(out, " sizes=\"");
                buf_put(out, sizes);
                buf_putc(out, '"');
            }
            i = end + 1;
        }
    }
    *ids = seen;
    *n_ids = n;
    return 0;
}

int media_use_set(struct store_conn *db, const char *owner_kind, int64_t owner_id, const int64_t *ids, size_t n,
                  struct str html)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_USE_CLEAR);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_text(st, 1, owner_kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, owner_id);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    for (size_t k = 0; k < n; k++) {
        if (ids[k] <= 0)
            continue;
        if (!(st = store_stmt(db, SQL_USE_ADD)))
            return store_write_finish(db, -1);
        sqlite3_bind_int64(st, 1, ids[k]);
        sqlite3_bind_text(st, 2, owner_kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, owner_id);
        /* A cover that names no file (gone already) is no use: the
         * foreign key refuses it, and the row is simply not there. */
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE && rc != SQLITE_CONSTRAINT && store_step_done(db, st) != 0)
            return store_write_finish(db, -1); /* stepped again to log it and mark the connection */

    }
    static const char marker[] = "/media/";
    for (size_t i = 0; i < html.n;) {
        const char *hit = memmem(html.p + i, html.n - i, marker, sizeof marker - 1);
        if (!hit)
            break;
        size_t at = (size_t)(hit - html.p) + sizeof marker - 1, used;
        struct str name = name_after(html.p + at, html.n - at, &used);
        i = at + (used ? used : 0);
        if (!name.n)
            continue;
        int64_t id;
        int found = id_by_name(db, name, &id);
        if (found < 0)
            return store_write_finish(db, -1);
        if (!found)
            continue;
        if (!(st = store_stmt(db, SQL_USE_ADD)))
            return store_write_finish(db, -1);
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_text(st, 2, owner_kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, owner_id);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
    }
    return store_write_finish(db, 0);
}

/* --- the library's pages ---------------------------------------------------------------------- */

int media_list(struct store_conn *db, struct arena *a, struct str q, struct str kind, int offset, int limit,
               struct media_row **rows, size_t *n, bool *more)
{
    *rows = NULL;
    *n = 0;
    *more = false;
    sqlite3_stmt *st = store_stmt(db, SQL_LIST);
    if (!st)
        return -1;
    store_bind_str(st, 1, kind);
    struct buf like = {0}, folded = {0};
    if (q.n) {
        if (vi_fold(&folded, q) != 0) {
            folded.n = 0;
            buf_put(&folded, q);
        }
        buf_putc(&like, '%');
        for (size_t i = 0; i < folded.n; i++) {
            if (folded.p[i] == '%' || folded.p[i] == '_' || folded.p[i] == '\\')
                buf_putc(&like, '\\');
            buf_putc(&like, folded.p[i]);
        }
        buf_putc(&like, '%');
    }
    store_bind_str(st, 2, buf_str(&like));
    buf_free(&like);
    buf_free(&folded);
    sqlite3_bind_int(st, 3, limit + 1);
    sqlite3_bind_int(st, 4, offset);
    struct media_row *out = ARENA_ARRAY(a, struct media_row, (size_t)limit + 1);
    size_t k = 0;
    int r;
    while ((r = store_step(db, st)) > 0) {
        if (k == (size_t)limit) {
            *more = true;
            break;
        }
        read_row_into(st, a, &out[k++]);
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    *rows = out;
    *n = k;
    return 0;
}

int media_uses(struct store_conn *db, struct arena *a, int64_t id, struct media_use_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_USES);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    struct media_use_row *rows = ARENA_ARRAY(a, struct media_use_row, 50);
    size_t k = 0;
    int r;
    while (k < 50 && (r = store_step(db, st)) > 0) {
        rows[k].owner_kind = store_col_copy(a, st, 0);
        rows[k].owner_id = sqlite3_column_int64(st, 1);
        k++;
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    *out = rows;
    *n = k;
    return 0;
}

/* --- writes ------------------------------------------------------------------------------------- */

static int name_taken(struct store_conn *db, struct str name)
{
    sqlite3_stmt *st = store_stmt(db, SQL_NAME_TAKEN);
    if (!st)
        return -1;
    store_bind_str(st, 1, name);
    return store_step_once(db, st, NULL, NULL);
}

static int insert_row(struct store_conn *db, int64_t id, struct str name, struct str original, struct str mime,
                      struct str kind, int w, int h, struct str alt, struct str caption, const unsigned char *hash,
                      int64_t uploader, int64_t created, const void *bytes, size_t n)
{
    sqlite3_stmt *st = store_stmt(db, SQL_INSERT);
    if (!st)
        return -1;
    if (id > 0)
        sqlite3_bind_int64(st, 1, id);
    store_bind_str(st, 2, name);
    store_bind_str(st, 3, original);
    store_bind_str(st, 4, mime);
    store_bind_str(st, 5, kind);
    sqlite3_bind_int(st, 6, w);
    sqlite3_bind_int(st, 7, h);
    store_bind_str(st, 8, alt);
    store_bind_str(st, 9, caption);
    sqlite3_bind_int64(st, 10, (sqlite3_int64)n);
    if (hash)
        sqlite3_bind_blob(st, 11, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, uploader);
    sqlite3_bind_int64(st, 13, created);
    sqlite3_bind_blob64(st, 14, n ? bytes : "", n, SQLITE_STATIC);
    return store_step_done(db, st);
}

int media_insert(struct store_conn *db, const struct media_new *in, int64_t *id)
{
    if (store_write_begin(db) != 0)
        return -1;
    struct str name = in->names[0];
    int taken = name_taken(db, name);
    if (taken > 0) {
        name = in->names[1];
        taken = name_taken(db, name);
    }
    if (taken != 0) { /* both taken: only the same bytes could do that, and they were looked for first */
        if (taken > 0)
            log_error("media: the names %.*s and %.*s are both taken", (int)in->names[0].n, in->names[0].p,
                      (int)in->names[1].n, in->names[1].p);
        return store_write_finish(db, -1);
    }
    if (insert_row(db, 0, name, in->original_name, in->mime, in->kind, in->width, in->height, in->alt, in->caption,
                   in->sha256, in->uploader_id, in->created_at, in->bytes, in->n) != 0)
        return store_write_finish(db, -1);
    int64_t new_id = sqlite3_last_insert_rowid(db->db);
    for (size_t k = 0; k < in->n_variants; k++) {
        sqlite3_stmt *st = store_stmt(db, SQL_VARIANT_INSERT);
        if (!st)
            return store_write_finish(db, -1);
        const struct media_variant_bytes *v = &in->variants[k];
        sqlite3_bind_int64(st, 1, new_id);
        sqlite3_bind_int(st, 2, v->width);
        sqlite3_bind_int(st, 3, v->height);
        sqlite3_bind_blob64(st, 4, v->bytes, v->n, SQLITE_STATIC);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
    }
    store_touch(db, "media:%lld", (long long)new_id);
    *id = new_id;
    return store_write_finish(db, 0);
}

int media_import(struct store_conn *db, const struct media_import *in, int64_t *id, const char **problem)
{
    const struct media_type *type = media_type_of(in->mime);
    if (!type) {
        *problem = "Thư viện không nhận loại tệp này.";
        return MEDIA_INVALID;
    }
    if (!media_name_ok(in->name)) {
        *problem = "Tên tệp chỉ gồm chữ thường không dấu, chữ số, dấu gạch và dấu chấm.";
        return MEDIA_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int taken = name_taken(db, in->name);
    if (taken != 0) {
        if (taken > 0)
            *problem = "Đã có một tệp cùng tên trong thư viện.";
        return store_write_finish(db, taken > 0 ? MEDIA_INVALID : -1);
    }
    if (insert_row(db, in->id, in->name, in->name, str_cstr(type->mime), str_cstr(type->image ? "image" : "document"),
                   in->width, in->height, in->alt, in->caption, NULL, 0, in->created_at, in->bytes, in->n) != 0)
        return store_write_finish(db, -1);
    int64_t new_id = in->id > 0 ? in->id : sqlite3_last_insert_rowid(db->db);
    store_touch(db, "media:%lld", (long long)new_id);
    if (id)
        *id = new_id;
    return store_write_finish(db, 0);
}

/* One of the statements that write a file's description and caption
 * (?1 id, ?2 alt, ?3 caption), in a write of its own; the file's pages are
 * touched when a row changed. */
static int write_text(struct store_conn *db, const char *sql, int64_t id, struct str alt, struct str caption)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    store_bind_str(st, 2, alt);
    store_bind_str(st, 3, caption);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (sqlite3_changes(db->db) > 0)
        store_touch(db, "media:%lld", (long long)id);
    return store_write_finish(db, 0);
}

int media_update_text(struct store_conn *db, int64_t id, struct str alt, struct str caption)
{
    return write_text(db, SQL_UPDATE_TEXT, id, alt, caption);
}

int media_fill_text(struct store_conn *db, int64_t id, struct str alt, struct str caption)
{
    return alt.n || caption.n ? write_text(db, SQL_FILL_TEXT, id, alt, caption) : 0;
}

int media_delete(struct store_conn *db, int64_t id, const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_IN_USE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    int used = store_step_once(db, st, NULL, NULL);
    if (used != 0) {
        if (used > 0)
            *problem = "Tệp đang được dùng nên chưa xóa được.";
        return store_write_finish(db, used > 0 ? MEDIA_INVALID : -1);
    }
    const char *steps[] = {SQL_DELETE_VARIANTS, SQL_DELETE};
    for (int k = 0; k < 2; k++) {
        if (!(st = store_stmt(db, steps[k])))
            return store_write_finish(db, -1);
        sqlite3_bind_int64(st, 1, id);
        if (store_step_done(db, st) != 0)
            return store_write_finish(db, -1);
    }
    store_touch(db, "media:%lld", (long long)id);
    return store_write_finish(db, 0);
}

/* --- serving ------------------------------------------------------------------------------------ */

static int bytes_row(struct store_conn *db, struct arena *a, struct str name, int width, bool bytes,
                     struct media_bytes *f)
{
    memset(f, 0, sizeof *f);
    sqlite3_stmt *st =
        store_stmt(db, bytes ? (width ? SQL_VARIANT_BYTES : SQL_BYTES) : (width ? SQL_VARIANT_SIZE : SQL_SIZE));
    if (!st)
        return -1;
    store_bind_str(st, 1, name);
    if (width)
        sqlite3_bind_int(st, 2, width);
    int r = store_step(db, st);
    if (r <= 0) {
        sqlite3_reset(st);
        return r;
    }
    f->id = sqlite3_column_int64(st, 0);
    f->created_at = sqlite3_column_int64(st, 1);
    f->mime = store_col_str(st, 2);
    f->kind = store_col_str(st, 3);
    f->original_name = store_col_str(st, 4);
    if (bytes) {
        f->bytes = sqlite3_column_blob(st, 5);
        f->n = (size_t)sqlite3_column_bytes(st, 5);
    } else {
        f->n = (size_t)sqlite3_column_int64(st, 5);
        f->mime = arena_strdup(a, f->mime.p, f->mime.n);
        f->kind = arena_strdup(a, f->kind.p, f->kind.n);
        f->original_name = arena_strdup(a, f->original_name.p, f->original_name.n);
        sqlite3_reset(st);
    }
    return 1;
}

int media_bytes_get(struct store_conn *db, struct str name, int width, struct media_bytes *f)
{
    return bytes_row(db, NULL, name, width, true, f);
}

int media_size_get(struct store_conn *db, struct arena *a, struct str name, int width, struct media_bytes *f)
{
    return bytes_row(db, a, name, width, false, f);
}

void media_bytes_done(struct store_conn *db, int width)
{
    sqlite3_stmt *st = store_stmt(db, width ? SQL_VARIANT_BYTES : SQL_BYTES);
    if (st)
        sqlite3_reset(st);
}

int media_any(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_ANY);
    if (!st)
        return -1;
    int64_t any = 0;
    int r = store_step_once(db, st, store_read_int64, &any);
    return r < 0 ? -1 : any != 0;
}

int media_exists(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_EXISTS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, NULL, NULL);
}
