/* desk.c - the news desk (/quan-tri/bai-viet/); see desk.h.
 *
 * Who may do what, decided here for every request:
 *   contributor  writes; edits and sends for approval only their own drafts
 *                and returned articles; moves their own drafts to the trash
 *   editor       the same for every article that is not published, and
 *                restores from the trash
 *   chief, admin also publishes (now or at a set minute), returns with a
 *                note, unpublishes, edits published articles, trashes any
 * and all of it only in the categories the user is limited to, if any. */
#include "news/desk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/log.h"
#include "docs/docs.h"
#include "http/parse.h"
#include "http/router.h"
#include "media/media.h"
#include "news/desk_view.h"
#include "news/news.h"
#include "news/query.h"
#include "people/admin.h"
#include "people/people.h"
#include "portal/app.h"
#include "templates.h"
#include "text/legacy.h"
#include "text/sanitize.h"
#include "text/utf8.h"
#include "text/vi.h"
#include "text/vitime.h"
#include "view/layout.h"

#define PER_PAGE 50
#define BULK_MAX PER_PAGE /* articles ticked at once: a page of the list */
#define BODY_LIMIT (1u << 20)
#define TAGS_MAX 20        /* tags of one article */
#define TAG_CHARS_MAX 60   /* characters of one tag */
#define EXTRAS_MAX 64      /* other categories of one article */

/* --- reads ------------------------------------------------------------------------------------ */

#define DESK_COLUMNS "id, category_id, owner_id, published_at, updated_at, expires_at, title, slug, author, status "
/* ?7 is an FTS5 expression over the titles (diacritics folded by the "vi"
 * tokenizer), or '' for no words; ?12 the number typed, as an article's id
 * (the editor's "bài 321", as NukeViet's list finds it), or 0. */
/* The list's statements, one per combination of the filters in use: a
 * filter written for every case ("?3 = 0 OR owner_id = ?3", "CASE ?1 ...")
 * hides its column from the planner, so that a writer's own list or the
 * drafts walked every article of the newsroom (1.4 s at 100,000 articles,
 * where the demo took 1 ms); written only when it applies, the indexes on
 * (status, updated_at) and (owner_id, updated_at) serve it. Made once,
 * kept at fixed addresses (the statement cache is keyed by them). */
enum { DESK_STATUS_ANY, DESK_STATUS_SCHEDULED, DESK_STATUS_ONE, DESK_STATUS_KINDS };
enum { DESK_COUNT, DESK_BY_UPDATED, DESK_BY_PUBLISHED, DESK_BY_TITLE, DESK_STATEMENTS };
/* words: none; walked in the list's order, each article tested (many
 * match: the page fills at once); or found first and sorted (few match) */
enum { DESK_NO_WORDS, DESK_WORDS_WALKED, DESK_WORDS_FOUND, DESK_WORD_KINDS };
#define DESK_VARIANTS (DESK_STATUS_KINDS * 2 * 2 * DESK_WORD_KINDS)
static char desk_sql[DESK_VARIANTS][DESK_STATEMENTS][1024];
static pthread_once_t desk_sql_once = PTHREAD_ONCE_INIT;

/* words: the title's words (?7) or an article's number (?12) typed. A
 * word few titles hold is looked up in the titles' index and its articles
 * sorted (walking every article in the list's order and testing each cost
 * 32 ms at 100,000 articles for a word found nowhere); a word many hold is
 * walked in order, as the page fills at once (sorting its 50,000 articles
 * took 200 ms). The count, which stops at NEWS_DESK_COUNT_MAX, decides. */
static void desk_where(char *out, size_t cap, int status, bool category, bool owner, int words, const char *updated)
{
    /* scheduled: the few articles dated ahead, found by their date (the
     * planner would otherwise walk every article in the list's order) */
    static const char *const status_cond[DESK_STATUS_KINDS] = {"status <> 9", "status = 1 AND published_at > ?9",
                                                               "status = ?1"};
    snprintf(out, cap,
             "FROM article %sWHERE %s%s%s AND (?4 = '' OR category_id IN (SELECT value FROM json_each(?4))) AND "
             "%s >= ?5 AND %s < ?6 %s",
             status == DESK_STATUS_SCHEDULED ? "INDEXED BY article_admin_published " : "", status_cond[status],
             category ? " AND category_id = ?2" : "", owner ? " AND owner_id = ?3" : "", updated, updated,
             /* walked: each article asks the index about itself (an IN list
              * would first gather every article the word is in) */
             words == DESK_WORDS_WALKED ? "AND (id = ?12 OR EXISTS (SELECT 1 FROM article_title_fts WHERE "
                                          "article_title_fts MATCH ?7 AND rowid = article.id)) "
             : words == DESK_WORDS_FOUND
                 ? "AND (id = ?12 OR id IN (SELECT rowid FROM article_title_fts WHERE article_title_fts MATCH ?7)) "
                 : "");
}

static void desk_sql_make(void)
{
    for (int s = 0; s < DESK_STATUS_KINDS; s++)
        for (int c = 0; c < 2; c++)
            for (int o = 0; o < 2; o++)
                for (int w = 0; w < DESK_WORD_KINDS; w++) {
                    char (*v)[1024] = desk_sql[((s * 2 + c) * 2 + o) * DESK_WORD_KINDS + w];
                    bool found = w == DESK_WORDS_FOUND;
                    /* The dates may use the index on updated_at only where the
                     * list is read in that order ("+" hides a column from the
                     * planner): for the other orders their own index serves
                     * better, and with words none (a "+" on the order too). */
                    char where[700], where_no_date[700];
                    desk_where(where, sizeof where, s, c, o, w, found ? "+updated_at" : "updated_at");
                    desk_where(where_no_date, sizeof where_no_date, s, c, o, w, "+updated_at");
                    const char *plus = found ? "+" : "";
                    /* counting stops at ?10: past it the list says "more than" */
                    snprintf(v[DESK_COUNT], sizeof v[0],
                             "SELECT count(*) FROM (SELECT 1 %sLIMIT ?10) WHERE ?11 IS NULL", where);
                    snprintf(v[DESK_BY_UPDATED], sizeof v[0],
                             "SELECT " DESK_COLUMNS "%sORDER BY %supdated_at DESC, id DESC LIMIT ?10 OFFSET ?11", where,
                             plus);
                    snprintf(v[DESK_BY_PUBLISHED], sizeof v[0],
                             "SELECT " DESK_COLUMNS "%sORDER BY %spublished_at DESC, id DESC LIMIT ?10 OFFSET ?11",
                             where_no_date, plus);
                    snprintf(v[DESK_BY_TITLE], sizeof v[0],
                             "SELECT " DESK_COLUMNS "%sORDER BY %stitle_key, id LIMIT ?10 OFFSET ?11", where_no_date,
                             plus);
                }
}

/* words: the search box holds words to match or an article's number (a
 * box of spaces holds neither: MATCH '' would be an error) */
static const char *desk_sql_for(const struct news_desk_filter *f, int statement, bool words, bool many)
{
    pthread_once(&desk_sql_once, desk_sql_make);
    int s = f->status == -1 ? DESK_STATUS_ANY : f->status == -2 ? DESK_STATUS_SCHEDULED : DESK_STATUS_ONE;
    int w = !words ? DESK_NO_WORDS : many ? DESK_WORDS_WALKED : DESK_WORDS_FOUND;
    return desk_sql[((s * 2 + (f->category_id != 0)) * 2 + (f->owner_id != 0)) * DESK_WORD_KINDS + w][statement];
}
static const char SQL_DESK_GET[] =
    "SELECT id, category_id, owner_id, coalesce(image_id, 0), published_at, updated_at, expires_at, created_at, "
    "title, slug, summary, body, author, source, image_caption, review_note, status, body_format, featured, "
    "(SELECT count(*) FROM article_revision WHERE article_id = article.id), updated_by FROM article WHERE id = ?1";

/* What deciding a move needs (the list's ticked articles): no body, no
 * count of revisions. */
static const char SQL_DESK_STATE[] =
    "SELECT id, category_id, owner_id, published_at, expires_at, status, title FROM article WHERE id = ?1";

static const char SQL_DESK_USE[] = "SELECT category_id, owner_id, title FROM article WHERE id = ?1";

static const char SQL_DESK_EXTRAS[] =
    "SELECT category_id FROM article_category WHERE article_id = ?1 ORDER BY category_id LIMIT 64";

/* "nông thôn" -> title:"nông" AND title:"thôn" (each word quoted, so that
 * nothing a user types is FTS syntax); at most 8 words. */
static struct str title_match(struct arena *a, struct str q)
{
    struct buf out = {0};
    size_t words = 0, i = 0;
    while (i < q.n && words < 8) {
        while (i < q.n && (q.p[i] == ' ' || q.p[i] == '\t'))
            i++;
        size_t start = i;
        while (i < q.n && q.p[i] != ' ' && q.p[i] != '\t')
            i++;
        if (i == start)
            break;
        buf_printf(&out, "%stitle:\"", words++ ? " AND " : "");
        for (size_t k = start; k < i; k++) {
            if (q.p[k] == '"')
                buf_putc(&out, '"'); /* doubled inside the string */
            buf_putc(&out, q.p[k]);
        }
        buf_putc(&out, '"');
    }
    struct str m = arena_strdup(a, out.p ? out.p : "", out.n);
    buf_free(&out);
    return m;
}

/* match: the FTS5 expression of the title's words (title_match), made once
 * for the list's two statements */
static void bind_filter(sqlite3_stmt *st, const struct news_desk_filter *f, struct str match, struct arena *a)
{
    sqlite3_bind_int(st, 1, f->status);
    sqlite3_bind_int64(st, 2, f->category_id);
    sqlite3_bind_int64(st, 3, f->owner_id);
    struct buf list = {0};
    if (f->categories) {
        buf_putc(&list, '[');
        for (size_t i = 0; i < f->n_categories; i++)
            buf_printf(&list, "%s%lld", i ? "," : "", (long long)f->categories[i]);
        if (!f->n_categories)
            buf_puts(&list, "0"); /* limited to nothing */
        buf_putc(&list, ']');
    }
    store_bind_str(st, 4, arena_strdup(a, list.p ? list.p : "", list.n));
    buf_free(&list);
    /* Always a range (all time when unset), so that an index on
     * updated_at can serve it. */
    sqlite3_bind_int64(st, 5, f->from ? f->from : INT64_MIN);
    sqlite3_bind_int64(st, 6, f->to ? f->to : INT64_MAX);
    store_bind_str(st, 7, match);
    sqlite3_bind_int64(st, 9, f->now);
    struct str id = f->q;
    while (id.n && (id.p[0] == ' ' || id.p[0] == '#'))
        id = str_skip(id, 1);
    while (id.n && id.p[id.n - 1] == ' ')
        id.n--;
    unsigned long long n;
    sqlite3_bind_int64(st, 12, id.n <= 18 && str_to_u64(id, &n) ? (int64_t)n : 0);
}

static void read_count(sqlite3_stmt *st, void *ctx) { *(long long *)ctx = sqlite3_column_int64(st, 0); }

int news_desk_list(struct store_conn *db, struct arena *a, const struct news_desk_filter *f,
                   struct news_desk_row **rows, size_t *n, long long *total)
{
    *n = 0;
    *total = 0;
    *rows = arena_alloc(a, (size_t)(f->limit > 0 ? f->limit : 1) * sizeof **rows);
    struct str match = f->q.n ? title_match(a, f->q) : STR("");
    bool words = match.n != 0;
    sqlite3_stmt *st = store_stmt(db, desk_sql_for(f, DESK_COUNT, words, false));
    if (!st)
        return -1;
    bind_filter(st, f, match, a);
    sqlite3_bind_int(st, 10, NEWS_DESK_COUNT_MAX + 1);
    if (store_step_once(db, st, read_count, total) < 0)
        return -1;
    st = store_stmt(db, desk_sql_for(f,
                                     f->sort == DESK_PUBLISHED ? DESK_BY_PUBLISHED
                                     : f->sort == DESK_TITLE   ? DESK_BY_TITLE
                                                               : DESK_BY_UPDATED,
                                     words, *total > NEWS_DESK_COUNT_MAX));
    if (!st)
        return -1;
    bind_filter(st, f, match, a);
    sqlite3_bind_int(st, 10, f->limit);
    sqlite3_bind_int(st, 11, f->offset);
    int rc;
    while ((rc = store_step(db, st)) == 1) {
        struct news_desk_row *r = &(*rows)[(*n)++];
        r->id = sqlite3_column_int64(st, 0);
        r->category_id = sqlite3_column_int64(st, 1);
        r->owner_id = sqlite3_column_int64(st, 2);
        r->published_at = sqlite3_column_int64(st, 3);
        r->updated_at = sqlite3_column_int64(st, 4);
        r->expires_at = sqlite3_column_int64(st, 5);
        r->title = store_col_copy(a, st, 6);
        r->slug = store_col_copy(a, st, 7);
        r->author = store_col_copy(a, st, 8);
        r->status = sqlite3_column_int(st, 9);
    }
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

struct read_article {
    struct arena *a;
    struct news_desk_article *out;
};

static void read_article(sqlite3_stmt *st, void *ctx)
{
    struct read_article *r = ctx;
    struct news_desk_article *o = r->out;
    o->id = sqlite3_column_int64(st, 0);
    o->category_id = sqlite3_column_int64(st, 1);
    o->owner_id = sqlite3_column_int64(st, 2);
    o->image_id = sqlite3_column_int64(st, 3);
    o->published_at = sqlite3_column_int64(st, 4);
    o->updated_at = sqlite3_column_int64(st, 5);
    o->expires_at = sqlite3_column_int64(st, 6);
    o->created_at = sqlite3_column_int64(st, 7);
    o->title = store_col_copy(r->a, st, 8);
    o->slug = store_col_copy(r->a, st, 9);
    o->summary = store_col_copy(r->a, st, 10);
    o->body = store_col_copy(r->a, st, 11);
    o->author = store_col_copy(r->a, st, 12);
    o->source = store_col_copy(r->a, st, 13);
    o->image_caption = store_col_copy(r->a, st, 14);
    o->review_note = store_col_copy(r->a, st, 15);
    o->status = sqlite3_column_int(st, 16);
    o->body_format = sqlite3_column_int(st, 17);
    o->featured = sqlite3_column_int(st, 18) != 0;
    o->revisions = sqlite3_column_int64(st, 19);
    o->updated_by = sqlite3_column_int64(st, 20);
}

int news_desk_get(struct store_conn *db, struct arena *a, int64_t id, struct news_desk_article *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_DESK_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_article, &(struct read_article){a, out});
}

static void read_state(sqlite3_stmt *st, void *ctx)
{
    struct read_article *r = ctx;
    struct news_desk_article *o = r->out;
    o->id = sqlite3_column_int64(st, 0);
    o->category_id = sqlite3_column_int64(st, 1);
    o->owner_id = sqlite3_column_int64(st, 2);
    o->published_at = sqlite3_column_int64(st, 3);
    o->expires_at = sqlite3_column_int64(st, 4);
    o->status = sqlite3_column_int(st, 5);
    o->title = store_col_copy(r->a, st, 6);
}

/* The fields of article `id` that rights and moves read (read_state): 1, 0
 * if none, -1. */
static int desk_get_state(struct store_conn *db, struct arena *a, int64_t id, struct news_desk_article *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_DESK_STATE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_state, &(struct read_article){a, out});
}

/* The article's other categories (article_category), at most EXTRAS_MAX,
 * into ids[] (room for EXTRAS_MAX): 0 or -1. */
static int desk_extras(struct store_conn *db, int64_t id, int64_t *ids, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_DESK_EXTRAS);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc;
    while ((rc = store_step(db, st)) == 1 && *n < EXTRAS_MAX)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return rc < 0 ? -1 : 0;
}

/* --- what a "Viết bài mới" form created (article_form_key) ------------------------------------- */

/* Each new-article form carries a one-time key (FORM_KEY_CHARS hex
 * digits); its first save records the key with the article it created, so
 * that the same form sent again saves into that article rather than
 * making a second one. A browser that fetches the form again on Back (the
 * newsroom's pages are not stored) gets a new key but puts back the text
 * typed: the same title and body from the same person within a day are
 * that form too (text_hash). */
#define FORM_KEY_CHARS 32
#define FORM_KEY_DAYS 30 /* how long a key is remembered */
#define FORM_TEXT_SECONDS 86400 /* how long the same text names the same form */

static const char SQL_FORM_BY_KEY[] =
    "SELECT article_id, saved_at, text_hash FROM article_form_key WHERE form_key = ?1 AND user_id = ?2";
static const char SQL_FORM_BY_TEXT[] =
    "SELECT article_id, saved_at, text_hash FROM article_form_key WHERE user_id = ?1 AND text_hash = ?2 "
    "AND saved_at > ?3 ORDER BY saved_at DESC LIMIT 1";
/* A key another account used already stays theirs. */
static const char SQL_FORM_ADD[] =
    "INSERT INTO article_form_key (form_key, user_id, article_id, text_hash, saved_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (form_key) DO UPDATE SET article_id = excluded.article_id, text_hash = excluded.text_hash, "
    "saved_at = excluded.saved_at WHERE user_id = excluded.user_id";
static const char SQL_FORM_FORGET[] = "DELETE FROM article_form_key WHERE saved_at < ?1";

/* The key if `s` is one (FORM_KEY_CHARS lowercase hex digits), else empty. */
static struct str form_key_checked(struct str s)
{
    if (s.n != FORM_KEY_CHARS)
        return STR_NULL;
    for (size_t i = 0; i < s.n; i++)
        if (!((s.p[i] >= '0' && s.p[i] <= '9') || (s.p[i] >= 'a' && s.p[i] <= 'f')))
            return STR_NULL;
    return s;
}

static struct str form_key_new(struct arena *a)
{
    unsigned char raw[FORM_KEY_CHARS / 2];
    char hex[FORM_KEY_CHARS + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    return arena_strdup(a, hex, FORM_KEY_CHARS);
}

/* The hash of what a form sent as title and body. */
static void form_text_hash(struct str title, struct str body, unsigned char out[32])
{
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, 32);
    crypto_generichash_update(&h, (const unsigned char *)title.p, title.n);
    crypto_generichash_update(&h, (const unsigned char *)"", 1);
    crypto_generichash_update(&h, (const unsigned char *)body.p, body.n);
    crypto_generichash_final(&h, out, 32);
}

struct form_made {
    int64_t article_id, saved_at; /* the article, and the form's last save of it */
    unsigned char text_hash[32];  /* the text that save sent */
    bool has_hash;
};

static void read_form_made(sqlite3_stmt *st, void *ctx)
{
    struct form_made *m = ctx;
    m->article_id = sqlite3_column_int64(st, 0);
    m->saved_at = sqlite3_column_int64(st, 1);
    m->has_hash = sqlite3_column_bytes(st, 2) == 32;
    if (m->has_hash)
        memcpy(m->text_hash, sqlite3_column_blob(st, 2), 32);
}

/* The article user's form `key` created, or (hash not NULL) the one the
 * same user created from a new-article form with the same text within
 * FORM_TEXT_SECONDS: m->article_id 0 when none. 0 or -1. */
static int form_made_find(struct store_conn *db, struct str key, int64_t user_id, const unsigned char *hash,
                          int64_t now, struct form_made *m)
{
    memset(m, 0, sizeof *m);
    sqlite3_stmt *st;
    if (key.n) {
        if (!(st = store_stmt(db, SQL_FORM_BY_KEY)))
            return -1;
        store_bind_str(st, 1, key);
        sqlite3_bind_int64(st, 2, user_id);
        int found = store_step_once(db, st, read_form_made, m);
        if (found != 0)
            return found < 0 ? -1 : 0;
    }
    if (!hash)
        return 0;
    if (!(st = store_stmt(db, SQL_FORM_BY_TEXT)))
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now - FORM_TEXT_SECONDS);
    return store_step_once(db, st, read_form_made, m) < 0 ? -1 : 0;
}

/* Records that form `key` saved article `id` with the text of `hash`
 * (inside the save's transaction), and forgets keys older than
 * FORM_KEY_DAYS. */
static int form_made_add(struct store_conn *db, struct str key, int64_t user_id, int64_t id,
                         const unsigned char *hash, int64_t now)
{
    sqlite3_stmt *st = store_stmt(db, SQL_FORM_FORGET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, now - FORM_KEY_DAYS * 86400);
    if (store_step_done(db, st) != 0 || !(st = store_stmt(db, SQL_FORM_ADD)))
        return -1;
    store_bind_str(st, 1, key);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, id);
    sqlite3_bind_blob(st, 4, hash, 32, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, now);
    return store_step_done(db, st);
}

/* --- rights ----------------------------------------------------------------------------------- */

/* Whether the user may work in `category` at all. */
static int in_categories(struct web_req *r, const struct people_session *s, int64_t category, bool *ok)
{
    int64_t *ids;
    size_t n;
    if (people_categories(r, s->user.id, &ids, &n) != 0)
        return -1;
    *ok = n == 0;
    for (size_t i = 0; i < n && !*ok; i++)
        *ok = ids[i] == category;
    return 0;
}

static bool own(const struct people_session *s, const struct news_desk_article *a)
{
    return a->owner_id == s->user.id;
}

static bool may_see(const struct people_session *s, const struct news_desk_article *a)
{
    return people_role_may(s->user.role, RIGHT_EDIT_ANY) || own(s, a);
}

static bool may_edit(const struct people_session *s, const struct news_desk_article *a)
{
    if (a->status == NEWS_TRASH)
        return false;
    if (people_role_may(s->user.role, RIGHT_PUBLISH))
        return true;
    if (people_role_may(s->user.role, RIGHT_EDIT_ANY))
        return a->status != NEWS_PUBLISHED_STATUS;
    return own(s, a) && (a->status == NEWS_DRAFT || a->status == NEWS_RETURNED);
}

/* V_PURGE comes only from the list's ticked articles (and the trashed
 * article's own small form, which posts there): never from the form's
 * buttons. */
enum desk_verb { V_SAVE, V_SEND, V_WITHDRAW, V_PUBLISH, V_RETURN, V_UNPUBLISH, V_TRASH, V_RESTORE, V_PURGE, V_NONE };

static const struct {
    const char *value, *label;
} VERBS[] = {
    [V_SAVE] = {"luu", "Lưu"},
    [V_SEND] = {"gui-duyet", "Gửi duyệt"},
    [V_WITHDRAW] = {"rut-ve", "Rút về để sửa"},
    [V_PUBLISH] = {"dang", "Đăng (hoặc hẹn giờ)"},
    [V_RETURN] = {"tra-lai", "Trả lại người viết"},
    [V_UNPUBLISH] = {"go", "Gỡ khỏi trang"},
    [V_TRASH] = {"xoa", "Chuyển vào thùng rác"},
    [V_RESTORE] = {"khoi-phuc", "Khôi phục"},
    [V_PURGE] = {"xoa-vinh-vien", "Xóa vĩnh viễn"},
};

static enum desk_verb verb_parse(struct str s)
{
    for (int v = V_SAVE; v < V_NONE; v++)
        if (str_eq(s, str_cstr(VERBS[v].value)))
            return (enum desk_verb)v;
    return V_NONE;
}

/* The audit log's name of each move. */
static const char *const AUDIT_ACTIONS[] = {
    [V_SAVE] = "article_save",         [V_SEND] = "article_send",           [V_WITHDRAW] = "article_withdraw",
    [V_PUBLISH] = "article_publish",   [V_RETURN] = "article_return",       [V_UNPUBLISH] = "article_unpublish",
    [V_TRASH] = "article_trash",       [V_RESTORE] = "article_restore",     [V_PURGE] = "article_delete",
};

/* What each verb does, as a sentence says it ("Chưa trả lại người viết: ..."). */
static const char *const DOING[] = {
    [V_SAVE] = "lưu",
    [V_SEND] = "gửi duyệt",
    [V_WITHDRAW] = "rút bài về",
    [V_PUBLISH] = "đăng",
    [V_RETURN] = "trả lại người viết",
    [V_UNPUBLISH] = "gỡ khỏi trang",
    [V_TRASH] = "chuyển vào thùng rác",
    [V_RESTORE] = "khôi phục",
    [V_PURGE] = "xóa vĩnh viễn",
    [V_NONE] = "làm việc này",
};

/* Whether the user may do `verb` to article `a` (a->id 0: a new one). */
static bool may(const struct people_session *s, const struct news_desk_article *a, enum desk_verb verb)
{
    bool publisher = people_role_may(s->user.role, RIGHT_PUBLISH);
    bool editor = people_role_may(s->user.role, RIGHT_EDIT_ANY);
    switch (verb) {
    case V_SAVE: return a->id == 0 ? people_role_may(s->user.role, RIGHT_WRITE) : may_edit(s, a);
    case V_SEND:
        return (a->id == 0 || may_edit(s, a)) && a->status != NEWS_PUBLISHED_STATUS && a->status != NEWS_WAITING;
    /* the writer takes back an article waiting for approval, to mend it */
    case V_WITHDRAW: return a->id && own(s, a) && a->status == NEWS_WAITING;
    case V_PUBLISH: return publisher && a->status != NEWS_TRASH;
    case V_RETURN: return publisher && a->id && a->status == NEWS_WAITING;
    case V_UNPUBLISH: return publisher && a->id && a->status == NEWS_PUBLISHED_STATUS;
    case V_TRASH:
        return a->id && a->status != NEWS_TRASH &&
               (publisher || (editor && a->status != NEWS_PUBLISHED_STATUS) ||
                (own(s, a) && (a->status == NEWS_DRAFT || a->status == NEWS_RETURNED)));
    case V_RESTORE: return editor && a->id && a->status == NEWS_TRASH;
    /* out of the bin for good: whoever may publish (Trưởng ban, quản trị) */
    case V_PURGE: return publisher && a->id && a->status == NEWS_TRASH;
    case V_NONE: return false;
    }
    return false;
}

/* Why the form of article `a` is shown greyed out to `s`: what the person
 * can do about it, rather than fields that do not take a keystroke. */
static struct str read_only_why(const struct people_session *s, const struct news_desk_article *a)
{
    bool editor = people_role_may(s->user.role, RIGHT_EDIT_ANY);
    if (a->status == NEWS_TRASH)
        return editor ? STR("Bài đang ở thùng rác: bấm “Khôi phục” rồi mới sửa được.")
                      : STR("Bài đang ở thùng rác: chỉ Ban biên tập khôi phục được.");
    if (a->status == NEWS_PUBLISHED_STATUS)
        return STR("Bài đã đăng (hoặc đã hẹn giờ đăng): chỉ người có quyền đăng bài (Trưởng ban biên tập, quản "
                   "trị) sửa được. Cần sửa, hãy báo Trưởng ban.");
    if (a->status == NEWS_WAITING)
        return own(s, a) ? STR("Bài đang chờ duyệt nên không sửa được: bấm “Rút về để sửa” để bài thành bản nháp, "
                               "sửa xong thì gửi duyệt lại.")
                         : STR("Bài đang chờ Ban biên tập duyệt: chỉ người duyệt sửa được.");
    return STR("Bạn chỉ xem được bài này: bài của người khác, đang ở trạng thái bạn không được sửa.");
}

/* --- helpers ------------------------------------------------------------------------------------ */

/* Whether an article's time of publication is its own: it was published
 * at it, or is to be (scheduled). A draft's is only the time of its last
 * save, shown as an empty field ("when it is published"). */
static bool article_time_shown(const struct news_desk_article *a, int64_t now)
{
    /* taken down (by hand, by its expiry, or back from the bin), an article
     * keeps the time it was first published: put up again, it is the same
     * news of that day, not news of today (NukeViet keeps it too) */
    return a->published_at > 0 && (a->time_chosen || a->status == NEWS_PUBLISHED_STATUS ||
                                   a->status == NEWS_UNPUBLISHED || a->published_at > now);
}

static struct str local_datetime(struct arena *a, int64_t t)
{
    if (!t)
        return STR("");
    struct vi_time v;
    vi_time_from_unix(t, &v);
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", v.year, v.month, v.day, v.hour, v.minute);
}

/* "2026-12-05T09:30" (Vietnam time) -> Unix seconds; 0 if empty, -1 if
 * not such a time. */
static int64_t parse_local(struct str s)
{
    if (!s.n)
        return 0;
    /* what the picker sends, or "7/12/2026 10:00" typed where it is missing */
    int64_t t;
    if (s.n > 32 || !vi_parse_typed_datetime(s, &t) || t < vi_unix_from_local(1990, 1, 1, 0, 0, 0) ||
        t >= vi_unix_from_local(2201, 1, 1, 0, 0, 0))
        return -1;
    return t;
}

static int64_t capture_id(struct web_req *r)
{
    unsigned long long id;
    return str_to_u64(r->captures[0], &id) && id > 0 && id <= INT64_MAX ? (int64_t)id : 0;
}

static struct str public_url(struct web_req *r, const struct news_desk_article *a)
{
    if (a->status != NEWS_PUBLISHED_STATUS || a->published_at > r->now)
        return STR_NULL;
    const struct site_category *c = site_category_by_id(portal_site(r), a->category_id);
    return news_article_url(r->arena, c ? c->slug : STR("tin-tuc"), a->slug, a->id);
}

/* --- the list ---------------------------------------------------------------------------------- */

static const struct {
    const char *value, *label;
    int status;
} STATUS_FILTERS[] = {
    {"", "Tất cả (trừ thùng rác)", -1}, {"nhap", "Nháp", NEWS_DRAFT},
    {"cho-duyet", "Chờ duyệt", NEWS_WAITING}, {"tra-lai", "Trả lại", NEWS_RETURNED},
    {"da-dang", "Đã đăng", NEWS_PUBLISHED_STATUS}, {"hen-gio", "Hẹn giờ", -2},
    {"da-go", "Đã gỡ", NEWS_UNPUBLISHED}, {"thung-rac", "Thùng rác", NEWS_TRASH},
};

/* The name of account `id` among the accounts already read for the page. */
static struct str owner_name(const struct people_user *users, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (users[i].id == id)
            return users[i].name.n ? users[i].name : users[i].login;
    return STR("");
}

/* A sentence naming a refused filter and what was typed in it (cut to 40
 * bytes), for the list page that still shows the rest. */
static struct str bad_filter(struct web_req *r, const char *what, struct str typed, const char *hint)
{
    size_t n = utf8_valid(typed) ? utf8_truncate(typed, 40) : 0;
    return arena_printf(r->arena, "Bộ lọc «%s» không hợp lệ: «%.*s%s»%s%s", what, (int)n, typed.p,
                        n < typed.n ? "…" : "", hint ? ". " : ".", hint ? hint : "");
}

/* The id filter `param` (a category, a writer): 0 when absent; a value
 * that is not an id gives 0 and, if none came before, the sentence in
 * *problem naming the filter `what`. */
static int64_t id_filter(struct web_req *r, const char *param, const char *what, struct str *problem)
{
    struct str typed = web_param(r, param);
    unsigned long long id;
    if (!typed.n)
        return 0;
    if (str_to_u64(typed, &id) && id <= INT64_MAX)
        return (int64_t)id;
    if (!problem->n)
        *problem = bad_filter(r, what, typed, NULL);
    return 0;
}

/* A date filter as typed ("2026-12-06" from the date box, "06/12/2026"
 * from a person): 1 with *t set and *typed replaced by the date box's
 * form, 0 if empty, or -1 with *problem set. */
static int date_filter(struct web_req *r, const char *what, struct str *typed, int64_t *t, struct str *problem)
{
    char iso[11];
    if (!typed->n)
        return 0;
    if (!vi_parse_typed_date(*typed, t, iso)) {
        if (!problem->n)
            *problem = bad_filter(r, what, *typed, "Hãy ghi ngày theo dạng ngày/tháng/năm, ví dụ 06/12/2026");
        *t = 0;
        return -1;
    }
    *typed = arena_strdup(r->arena, iso, 10);
    return 1;
}

/* Whether an article is off the site because its expiry has passed: still
 * "published" until the scheduler's next round, then taken down by it
 * (status "unpublished", its expiry kept: a person's takedown before the
 * expiry shows the same once that time is past, and it is off the site
 * either way). */
static bool expired_at(int status, int64_t expires_at, int64_t now)
{
    return (status == NEWS_PUBLISHED_STATUS || status == NEWS_UNPUBLISHED) && expires_at > 0 && expires_at <= now;
}

/*
 * The newsroom's list of articles. A filter that cannot be read (a status
 * or a sort the list does not have, an id that is not a number, a date
 * that is not one) does not lose the others: the list is shown without
 * it, with a sentence naming it, as a 400. A page past the end shows the
 * last page and says so.
 */
static int list_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct desk_list_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, "Bài viết", ADMIN_ARTICLES);
    v.may_write = true;
    struct news_desk_filter f = {.status = -1, .now = r->now, .limit = PER_PAGE};

    struct str st = web_param(r, "trang-thai");
    bool status_known = !st.n;
    for (size_t i = 0; i < sizeof STATUS_FILTERS / sizeof STATUS_FILTERS[0]; i++) {
        bool sel = str_eq(st, str_cstr(STATUS_FILTERS[i].value));
        if (sel) {
            f.status = STATUS_FILTERS[i].status;
            status_known = true;
        }
        v.statuses[v.n_statuses++] = (struct desk_choice){str_cstr(STATUS_FILTERS[i].value),
                                                          str_cstr(STATUS_FILTERS[i].label), sel};
    }
    struct str problem = STR_NULL; /* the first filter refused */
    if (!status_known) {
        problem = bad_filter(r, "Trạng thái", st, NULL);
        v.statuses[0].selected = true; /* all */
    }

    f.category_id = id_filter(r, "chuyen-muc", "Chuyên mục", &problem);
    const struct site *site = portal_site(r);
    v.categories[v.n_categories++] = (struct desk_choice){STR(""), STR("Tất cả"), !f.category_id};
    for (size_t i = 0; i < site->n_categories && v.n_categories < 64; i++)
        v.categories[v.n_categories++] =
            (struct desk_choice){arena_decimal(r->arena, site->categories[i].id), site->categories[i].name,
                                 site->categories[i].id == f.category_id};

    f.owner_id = id_filter(r, "nguoi-viet", "Người viết", &problem);
    if (!people_role_may(s->user.role, RIGHT_EDIT_ANY))
        f.owner_id = s->user.id; /* a contributor sees their own articles only */
    struct people_user *users;
    size_t n_users;
    if (people_user_list(r->db, r->arena, &users, &n_users) != 0)
        return -1;
    v.owners[v.n_owners++] = (struct desk_choice){STR(""), STR("Tất cả"), !f.owner_id};
    for (size_t i = 0; i < n_users && v.n_owners < 64; i++) {
        if (f.owner_id != users[i].id && !people_role_may(s->user.role, RIGHT_EDIT_ANY))
            continue;
        /* the newsroom's writers: an account of the monitor writes no article */
        if (f.owner_id != users[i].id && !people_role_may(users[i].role, RIGHT_WRITE))
            continue;
        v.owners[v.n_owners++] = (struct desk_choice){arena_decimal(r->arena, users[i].id),
                                                      users[i].name.n ? users[i].name : users[i].login,
                                                      users[i].id == f.owner_id};
    }

    v.from = web_param(r, "tu");
    v.to = web_param(r, "den");
    date_filter(r, "Sửa từ ngày", &v.from, &f.from, &problem);
    if (date_filter(r, "đến ngày", &v.to, &f.to, &problem) > 0)
        f.to += 86400;
    v.q = web_param(r, "q");
    if (v.q.n > 200) {
        if (!problem.n)
            problem = bad_filter(r, "Tiêu đề có", v.q, "Từ cần tìm dài tối đa 200 ký tự");
        v.q = STR_NULL;
    }
    f.q = v.q;

    struct str sort = web_param(r, "xep");
    static const char *const sorts[][2] = {{"", "Mới sửa trước"}, {"ngay-dang", "Ngày đăng"}, {"tieu-de", "Tiêu đề"}};
    bool sort_known = false;
    for (int i = 0; i < 3; i++) {
        bool sel = str_eq(sort, str_cstr(sorts[i][0]));
        if (sel) {
            f.sort = (enum news_desk_sort)i;
            sort_known = true;
        }
        v.sorts[v.n_sorts++] = (struct desk_choice){str_cstr(sorts[i][0]), str_cstr(sorts[i][1]), sel};
    }
    if (!sort_known) {
        if (!problem.n)
            problem = bad_filter(r, "Xếp theo", sort, NULL);
        v.sorts[0].selected = true;
    }

    int64_t *cats;
    size_t n_cats;
    if (people_categories(r, s->user.id, &cats, &n_cats) != 0)
        return -1;
    if (n_cats) {
        f.categories = cats;
        f.n_categories = n_cats;
    }
    /* A page number of digits only: past the last page (however large) is
     * the last page; 0 or anything else is a refused filter. */
    struct str page = web_param(r, "trang");
    unsigned long long num;
    const int last_possible = NEWS_DESK_COUNT_MAX / PER_PAGE;
    bool digits = page.n > 0;
    for (size_t i = 0; i < page.n; i++)
        digits &= page.p[i] >= '0' && page.p[i] <= '9';
    v.page = 1;
    if (page.n && (!digits || (str_to_u64(page, &num) && num == 0))) {
        if (!problem.n)
            problem = bad_filter(r, "Trang", page, "Trang được đánh số từ 1");
    } else if (page.n) {
        v.page = str_to_u64(page, &num) && num <= (unsigned long long)last_possible ? (int)num : last_possible + 1;
    }
    int asked = v.page;
    if (v.page > last_possible)
        v.page = last_possible;
    f.offset = (v.page - 1) * PER_PAGE;

    struct news_desk_row *rows;
    size_t n;
    if (news_desk_list(r->db, r->arena, &f, &rows, &n, &v.total) != 0)
        return -1;
    if (n == 0 && v.page > 1) { /* past the end: the last page, if there is one */
        size_t total = v.total > NEWS_DESK_COUNT_MAX ? NEWS_DESK_COUNT_MAX : v.total;
        v.page = total ? (int)((total + PER_PAGE - 1) / PER_PAGE) : 1;
        f.offset = (v.page - 1) * PER_PAGE;
        if (news_desk_list(r->db, r->arena, &f, &rows, &n, &v.total) != 0)
            return -1;
    }
    if (asked != v.page) {
        int shown = page.n > 12 ? 12 : (int)page.n; /* digits only, checked above */
        const char *cut = page.n > 12 ? "…" : "";
        v.f.notice = v.total ? arena_printf(r->arena, "Không có trang %.*s%s: danh sách chỉ có %d trang, đây là trang cuối.",
                                            shown, page.p, cut, v.page)
                             : arena_printf(r->arena, "Không có trang %.*s%s: không có bài viết nào khớp bộ lọc.",
                                            shown, page.p, cut);
    }
    if (problem.n) {
        r->status = 400;
        v.f.error = problem;
    }
    v.more = v.total > NEWS_DESK_COUNT_MAX;
    if (v.more)
        v.total = NEWS_DESK_COUNT_MAX;
    v.total_text = view_number(r->arena, v.total);
    v.pages = (int)((v.total + PER_PAGE - 1) / PER_PAGE);
    v.rows = arena_zalloc(r->arena, (n ? n : 1) * sizeof *v.rows);
    for (size_t i = 0; i < n; i++) {
        const struct news_desk_row *a = &rows[i];
        struct desk_list_row *row = &v.rows[v.n_rows++];
        row->id = a->id;
        row->title = a->title;
        row->edit_url = arena_printf(r->arena, "/quan-tri/bai-viet/%lld", (long long)a->id);
        const struct site_category *c = site_category_by_id(site, a->category_id);
        row->category = c ? c->name : STR("");
        row->status = str_cstr(news_status_title(a->status));
        row->scheduled = a->status == NEWS_PUBLISHED_STATUS && a->published_at > r->now;
        bool expired = expired_at(a->status, a->expires_at, r->now);
        /* what a reader sees of it now: an article set to go up later, or
         * past its expiry, is not on the site although it is "published" */
        if (row->scheduled)
            row->status = STR("Hẹn giờ (chưa lên trang)");
        else if (expired)
            row->status = STR("Đã hết hạn (không còn trên trang)");
        if (a->status == NEWS_PUBLISHED_STATUS && !row->scheduled && !expired)
            row->public_url = news_article_url(r->arena, c ? c->slug : STR("tin-tuc"), a->slug, a->id);
        /* the account that wrote it; an article brought in from before the
         * newsroom has none, and shows its byline as such */
        row->owner = a->owner_id ? owner_name(users, n_users, a->owner_id)
                     : a->author.n ? ARENA_JOIN(r->arena, STR("Tác giả: "), a->author)
                                   : STR("—");
        /* the time it went (or goes) on the site; a draft's published_at
         * is only its last save's, and shows nothing */
        if (a->status == NEWS_PUBLISHED_STATUS || a->status == NEWS_UNPUBLISHED)
            row->published = view_datetime(r->arena, a->published_at);
        if (row->scheduled)
            row->published = ARENA_JOIN(r->arena, STR("hẹn giờ "), row->published);
        row->updated = view_datetime(r->arena, a->updated_at);
    }
    static const char *const keep[] = {"q", "trang-thai", "chuyen-muc", "nguoi-viet", "tu", "den", "xep", NULL};
    people_list_neighbours(r, "/quan-tri/bai-viet/", keep, v.page, v.page < v.pages, &v.prev_url, &v.next_url);
    /* the actions on the ticked articles that this role can do in some
     * state (each article is checked again when they are sent) */
    bool publisher = people_role_may(s->user.role, RIGHT_PUBLISH);
    /* in the bin's own view, what can be done there: restore, and delete
     * for good (with a box to tick) */
    bool bin = str_eq_lit(web_param(r, "trang-thai"), "thung-rac");
    static const enum desk_verb bulk[] = {V_PUBLISH, V_UNPUBLISH, V_TRASH, V_RESTORE, V_PURGE};
    for (size_t i = 0; i < sizeof bulk / sizeof bulk[0]; i++) {
        enum desk_verb b = bulk[i];
        bool offered = bin ? b == V_RESTORE || b == V_PURGE : b != V_PURGE;
        bool allowed = b == V_RESTORE                                    ? people_role_may(s->user.role, RIGHT_EDIT_ANY)
                       : b == V_PUBLISH || b == V_UNPUBLISH || b == V_PURGE ? publisher
                                                                         : true;
        if (offered && allowed)
            v.bulk[v.n_bulk++] = (struct desk_choice){str_cstr(VERBS[b].value), str_cstr(VERBS[b].label), false};
    }
    v.purge_confirm = bin && publisher;
    v.back = r->self_url.n ? r->self_url : STR("/quan-tri/bai-viet/");
    unsigned long long done, skipped;
    enum desk_verb last = verb_parse(web_param(r, "thong-bao"));
    if (!problem.n && last != V_NONE && str_to_u64(web_param(r, "so-bai"), &done) &&
        str_to_u64(web_param(r, "bo-qua"), &skipped) && done <= BULK_MAX && skipped <= BULK_MAX)
        v.f.notice = skipped ? arena_printf(r->arena, "Đã %s %llu bài. %llu bài đã chọn được bỏ qua: không thuộc quyền "
                                                      "của bạn hoặc không ở trạng thái làm được việc này.",
                                            DOING[last], done, skipped)
                             : arena_printf(r->arena, "Đã %s %llu bài.", DOING[last], done);
    tpl_news_desk_list(portal_out(r), &v);
    return 0;
}

/* --- the form ------------------------------------------------------------------------------------ */

static void fill_categories(struct web_req *r, struct desk_edit_view *v, int64_t selected, const int64_t *allowed,
                            size_t n_allowed)
{
    const struct site *site = portal_site(r);
    for (size_t i = 0; i < site->n_categories && v->n_categories < 64; i++) {
        const struct site_category *c = &site->categories[i];
        bool ok = n_allowed == 0;
        for (size_t k = 0; k < n_allowed && !ok; k++)
            ok = allowed[k] == c->id;
        if (!ok && c->id != selected)
            continue;
        v->categories[v->n_categories++] =
            (struct desk_choice){arena_decimal(r->arena, c->id), c->name, c->id == selected};
    }
}

/* What the form shows besides the article's own columns: as typed (a
 * refused form comes back with them) or as stored. */
struct desk_fields {
    struct str image;            /* the cover field as typed; STR_NULL: the article's image_id */
    struct str tags, documents;  /* "a, b", "323/KH-UBND\n..." */
    const int64_t *extras;       /* the other categories */
    size_t n_extras;
    const char *image_error, *tags_error, *categories_error, *documents_error;
    const char *published_error, *expires_error; /* a time that is none */
    struct str published_typed, expires_typed;   /* such a time as typed, shown again */
    struct str note;             /* the note for the writer, as typed in a refused form */
    struct str form_key;         /* a new article's form: its one-time key (empty: a new one) */
};

static struct str join(struct arena *a, const struct str *parts, size_t n, const char *sep)
{
    struct buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_puts(&b, sep);
        buf_put(&b, parts[i]);
    }
    struct str out = arena_strdup(a, b.p ? b.p : "", b.n);
    buf_free(&b);
    return out;
}

/* The stored tags, other categories and related documents of article a. */
static int load_fields(struct web_req *r, const struct news_desk_article *a, struct desk_fields *x)
{
    memset(x, 0, sizeof *x);
    if (!a->id)
        return 0;
    struct news_query q = {.db = r->db, .arena = r->arena, .site = portal_site(r), .now = r->now};
    struct news_tag *tags;
    size_t n;
    if (news_tags(&q, a->id, &tags, &n) != 0)
        return -1;
    struct str *names = ARENA_ARRAY(r->arena, struct str, n ? n : 1);
    for (size_t i = 0; i < n; i++)
        names[i] = tags[i].name;
    x->tags = join(r->arena, names, n, ", ");
    int64_t *extras = ARENA_ARRAY(r->arena, int64_t, EXTRAS_MAX);
    if (desk_extras(r->db, a->id, extras, &x->n_extras) != 0)
        return -1;
    x->extras = extras;
    struct str *numbers;
    if (docs_article_numbers(r->db, r->arena, a->id, &numbers, &n) != 0)
        return -1;
    x->documents = join(r->arena, numbers, n, "\n");
    return 0;
}

static void fill_extras(struct web_req *r, struct desk_edit_view *v, const struct desk_fields *x,
                        const int64_t *allowed, size_t n_allowed)
{
    const struct site *site = portal_site(r);
    for (size_t i = 0; i < site->n_categories && v->n_extra_categories < 64; i++) {
        const struct site_category *c = &site->categories[i];
        bool ok = n_allowed == 0, chosen = false;
        for (size_t k = 0; k < n_allowed && !ok; k++)
            ok = allowed[k] == c->id;
        for (size_t k = 0; k < x->n_extras && !chosen; k++)
            chosen = x->extras[k] == c->id;
        if (!ok && !chosen)
            continue;
        v->extra_categories[v->n_extra_categories++] =
            (struct desk_choice){arena_decimal(r->arena, c->id), c->name, chosen};
    }
}

static int render_form(struct web_req *r, const struct people_session *s, const struct news_desk_article *a,
                       const char *error, const struct desk_fields *x)
{
    struct desk_fields stored;
    if (!x) {
        if (load_fields(r, a, &stored) != 0)
            return -1;
        x = &stored;
    }
    struct desk_edit_view v;
    memset(&v, 0, sizeof v);
    people_frame(r, &v.f, s, a->id ? "Sửa bài viết" : "Viết bài mới", ADMIN_ARTICLES);
    v.f.error = str_cstr(error);
    v.note = x->note;
    v.id = a->id;
    v.action_url = a->id ? arena_printf(r->arena, "/quan-tri/bai-viet/%lld", (long long)a->id)
                         : STR("/quan-tri/bai-viet/moi");
    if (!a->id)
        v.form_key = x->form_key.n ? x->form_key : form_key_new(r->arena);
    v.title = a->title;
    v.slug = a->slug;
    v.summary = a->summary;
    v.body = a->body;
    v.author = a->author;
    v.source = a->source;
    v.published = article_time_shown(a, r->now) ? local_datetime(r->arena, a->published_at) : STR("");
    v.expires = local_datetime(r->arena, a->expires_at);
    v.featured = a->featured;
    v.may_feature = people_role_may(s->user.role, RIGHT_PUBLISH);
    v.image_id = x->image.p ? x->image : a->image_id ? arena_decimal(r->arena, a->image_id) : STR("");
    v.image_caption = a->image_caption;
    if (a->image_id > 0 && !x->image_error) {
        struct media_image img;
        int found = media_image_get(r->db, r->arena, a->image_id, &img);
        if (found < 0)
            return -1;
        if (found && img.image) {
            v.image_url = img.url;
            v.image_srcset = img.srcset;
            v.image_alt = img.alt.n ? img.alt : img.name;
        }
    }
    v.tags = x->tags;
    v.documents = x->documents;
    v.image_error = str_cstr(x->image_error);
    v.tags_error = str_cstr(x->tags_error);
    v.categories_error = str_cstr(x->categories_error);
    v.documents_error = str_cstr(x->documents_error);
    v.published_error = str_cstr(x->published_error);
    v.expires_error = str_cstr(x->expires_error);
    if (x->published_error)
        v.published = x->published_typed;
    if (x->expires_error)
        v.expires = x->expires_typed;
    v.legacy_body = a->id && a->body_format == 0;
    v.version = a->updated_at;
    v.seen_status = a->status;
    v.status_title = str_cstr(news_status_title(a->status));
    if (a->status == NEWS_PUBLISHED_STATUS && a->published_at > r->now) {
        struct str when = view_datetime(r->arena, a->published_at);
        v.status_title = arena_printf(r->arena, "Hẹn giờ đăng lúc %.*s (chưa lên trang)", (int)when.n, when.p);
    } else if ((a->status == NEWS_PUBLISHED_STATUS && a->expires_at > 0) ||
               expired_at(a->status, a->expires_at, r->now)) {
        struct str when = view_datetime(r->arena, a->expires_at);
        v.status_title = a->expires_at <= r->now
                             ? arena_printf(r->arena, "Đã hết hạn lúc %.*s (không còn trên trang)", (int)when.n, when.p)
                             : arena_printf(r->arena, "Đã đăng, hết hạn lúc %.*s", (int)when.n, when.p);
    }
    /* what is published changes only when someone presses a button */
    v.no_autosave = a->status == NEWS_PUBLISHED_STATUS;
    v.public_url = public_url(r, a);
    v.review_note = a->status == NEWS_RETURNED ? a->review_note : STR_NULL;
    static const char *const done[] = {
        [V_SAVE] = "Đã lưu bài viết.", [V_SEND] = "Đã gửi bài để duyệt.",
        [V_WITHDRAW] = "Đã rút bài về: bài là bản nháp, sửa xong hãy gửi duyệt lại.",
        [V_PUBLISH] = "Đã đăng bài (hoặc hẹn giờ đăng).", [V_RETURN] = "Đã trả lại bài cho người viết.",
        [V_UNPUBLISH] = "Đã gỡ bài khỏi trang.", [V_TRASH] = "Đã chuyển bài vào thùng rác.",
        [V_RESTORE] = "Đã khôi phục bài.", [V_PURGE] = "",
    };
    enum desk_verb last = verb_parse(web_param(r, "thong-bao"));
    if (last != V_NONE && !error)
        v.f.notice = str_cstr(done[last]);
    if (last == V_PUBLISH && !error && a->status == NEWS_PUBLISHED_STATUS && a->published_at > r->now)
        v.f.notice = arena_printf(r->arena, "Đã hẹn giờ đăng bài lúc %s; đến giờ đó bài tự lên trang.",
                                  view_datetime(r->arena, a->published_at).p);
    else if (last == V_PUBLISH && !error && a->status == NEWS_PUBLISHED_STATUS)
        v.f.notice = STR("Đã đăng bài.");
    if (!error && str_eq_lit(web_param(r, "lan-nua"), "1"))
        v.f.notice = arena_printf(r->arena, "%s Biểu mẫu “Viết bài mới” này đã tạo bài viết này trước đó, nên lần lưu "
                                  "này cập nhật bài này, không tạo bài thứ hai.", v.f.notice.n ? v.f.notice.p : "");
    else if (!error && str_eq_lit(web_param(r, "da-tao"), "1"))
        v.f.notice = STR("Biểu mẫu “Viết bài mới” đó đã được lưu thành bài viết dưới đây; hãy sửa tiếp tại đây.");
    struct str enc = web_param(r, "bang-ma");
    if (!error && (str_eq_lit(enc, "tcvn3") || str_eq_lit(enc, "vni")))
        v.f.notice = arena_printf(r->arena, "%s Chữ dán vào ở bảng mã cũ %s đã được chuyển sang Unicode; hãy đọc lại "
                                  "trước khi gửi.", v.f.notice.n ? v.f.notice.p : "",
                                  legacy_name(enc.p[0] == 't' ? LEGACY_TCVN3 : LEGACY_VNI));
    unsigned long long dropped = 0;
    if (!error && str_to_u64(web_param(r, "anh-bo"), &dropped) && dropped > 0 && dropped < 10000)
        v.f.notice = arena_printf(r->arena, "%s %llu ảnh không nằm trong thư viện tệp (dán từ Word, từ trang khác hoặc "
                                            "ảnh chụp màn hình) nên đã được bỏ khi lưu: hãy tải ảnh lên thư viện rồi chèn "
                                            "bằng nút “Chèn ảnh”.",
                                  v.f.notice.n ? v.f.notice.p : "", dropped);
    if (!error && str_to_u64(web_param(r, "video-bo"), &dropped) && dropped > 0 && dropped < 10000)
        v.f.notice = arena_printf(r->arena, "%s %llu video, đoạn âm thanh hoặc khung nhúng (YouTube, Facebook…) đã "
                                            "được bỏ khi lưu: trang không nhúng nội dung của trang khác. Hãy dán địa chỉ "
                                            "của video vào bài như một liên kết.",
                                  v.f.notice.n ? v.f.notice.p : "", dropped);
    v.revisions = a->revisions;
    int64_t *cats;
    size_t n_cats;
    if (people_categories(r, s->user.id, &cats, &n_cats) != 0)
        return -1;
    fill_categories(r, &v, a->category_id, cats, n_cats);
    fill_extras(r, &v, x, cats, n_cats);
    for (int verb = V_SAVE; verb < V_PURGE; verb++)
        if (may(s, a, (enum desk_verb)verb))
            v.actions[v.n_actions++] = (struct desk_action){str_cstr(VERBS[verb].value),
                                                            str_cstr(VERBS[verb].label), verb == V_SAVE};
    v.may_purge = may(s, a, V_PURGE); /* its own form, with its confirmation, under this one */
    v.read_only = !may(s, a, V_SAVE);
    if (v.read_only)
        v.read_only_why = read_only_why(s, a);
    v.show_note = may(s, a, V_RETURN) || x->note.n; /* a refused return keeps its note in sight */
    tpl_news_desk_edit(portal_out(r), &v);
    return 0;
}

/* GET /quan-tri/bai-viet/moi[?ma=KEY]: an empty form. The page's script
 * puts the form's key in the address, so that Back to a form already saved
 * shows the article it made rather than the form again. */
static int new_page(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    struct desk_fields x;
    memset(&x, 0, sizeof x);
    x.form_key = form_key_checked(web_param(r, "ma"));
    if (x.form_key.n) {
        struct form_made made;
        if (form_made_find(r->db, x.form_key, s->user.id, NULL, r->now, &made) != 0)
            return -1;
        if (made.article_id) {
            r->no_store = true;
            return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/bai-viet/%lld?da-tao=1",
                                                     (long long)made.article_id));
        }
    }
    struct news_desk_article a;
    memset(&a, 0, sizeof a);
    a.body_format = 1;
    a.author = s->user.name;
    a.owner_id = s->user.id;
    return render_form(r, s, &a, NULL, &x);
}

/* The article of the URL, if the user may see it: 1, or the request was
 * answered (0), or -1. */
static int load_article(struct web_req *r, const struct people_session *s, int64_t id, struct news_desk_article *a)
{
    if (!id)
        return web_error(r, 404);
    int found = news_desk_get(r->db, r->arena, id, a);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    bool ok;
    if (in_categories(r, s, a->category_id, &ok) != 0)
        return -1;
    if (!may_see(s, a) || !ok) {
        r->no_store = true;
        return web_error(r, 403);
    }
    return 1;
}

static int load_for(struct web_req *r, const struct people_session *s, struct news_desk_article *a)
{
    return load_article(r, s, capture_id(r), a);
}

/* The writer signed in and the article of the URL they may open: 1, or
 * the request was answered (*answered: the handler's result). */
static int signed_in_article(struct web_req *r, const struct people_session **s, struct news_desk_article *a,
                             int *answered)
{
    if (!(*s = people_require(r, RIGHT_WRITE, answered)))
        return 0;
    int got = load_for(r, *s, a);
    *answered = got;
    return got == 1;
}

static int edit_page(struct web_req *r)
{
    const struct people_session *s;
    struct news_desk_article a;
    int answered;
    if (!signed_in_article(r, &s, &a, &answered))
        return answered;
    return render_form(r, s, &a, NULL, NULL);
}

/* GET /quan-tri/bai-viet/N/xem-truoc: the article as its page will look,
 * for whoever may open its form. */
static int preview_page(struct web_req *r)
{
    const struct people_session *s;
    struct news_desk_article a;
    int answered;
    if (!signed_in_article(r, &s, &a, &answered))
        return answered;
    return news_preview_page(r, a.id);
}

/* --- saving: on a worker ------------------------------------------------------------------------------ */

struct desk_job {
    struct web_job job;
    enum desk_verb verb;
    int64_t now, user_id;
    char login[72], address[48];
    int64_t id;                  /* 0: new */
    struct str form_key;         /* new: the form's one-time key (article_form_key) */
    unsigned char text_hash[32]; /* new: of the title and body sent */
    bool sent_again;             /* the form had made the article already (saved into it) */
    bool content;                /* the form's fields are saved too */
    bool published_chosen;       /* the form named a time of publication (else: when it is published) */
    struct news_article_input in;
    struct arena arena;          /* the copies of the strings of `in` */
    int status;                  /* after the save */
    int64_t when;
    struct str note;
    enum legacy_encoding converted; /* text pasted in an old font encoding, converted */
    bool sanitize;                  /* in.body is HTML still to pass the sanitiser */
    bool autosave;                  /* the page's own timer: answered in JSON, not audited */
    bool state_moved;               /* refused: the article's state moved while the save waited */
    size_t dropped_images;          /* pictures of the body not in the library, left out when cleaned */
    size_t dropped_media;           /* embedded players (a YouTube iframe, a video), left out when cleaned */
    /* tags by name (made when missing, on the worker), or keep them */
    bool set_tags;
    struct str tag_names[TAGS_MAX], tag_slugs[TAGS_MAX];
    int64_t tag_ids[TAGS_MAX];
    size_t n_tags;
    bool set_extras;
    int64_t extras[EXTRAS_MAX];
    size_t n_extras;
    bool set_documents;
    int64_t documents[DOCS_FOR_ARTICLE_MAX];
    size_t n_documents;
    struct str tags_text, documents_text; /* as typed, for a refused form */
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

static bool media_only(struct str src, void *ctx)
{
    (void)ctx;
    return str_starts_with(src, STR("/media/")) && src.n > 7;
}

static void desk_work(struct web_job *job, struct store_conn *db)
{
    struct desk_job *j = (struct desk_job *)job;
    j->rc = -1;
    if (j->content && j->sanitize) {
        /* What is stored is what is shown: only the allow-list's HTML. */
        struct buf clean = {0};
        struct sanitize_options opt = {.image_allowed = media_only};
        struct sanitize_report report;
        memset(&report, 0, sizeof report);
        if (sanitize_html(&clean, j->in.body, &opt, &report) != 0) {
            buf_free(&clean);
            return;
        }
        j->dropped_images = report.dropped_images;
        j->dropped_media = report.dropped_media;
        j->in.body = arena_strdup(&j->arena, clean.p ? clean.p : "", clean.n);
        buf_free(&clean);
    }
    if (store_write_begin(db) != 0)
        return;
    int rc = 0;
    j->saved_id = j->id;
    /* The same form sent twice at once: the first one made the article. */
    if (!j->id && j->form_key.n) {
        struct form_made made;
        if (form_made_find(db, j->form_key, j->user_id, NULL, j->now, &made) != 0) {
            j->rc = store_write_finish(db, -1);
            return;
        }
        if (made.article_id) {
            j->saved_id = made.article_id;
            j->sent_again = true;
            j->rc = store_write_finish(db, 0);
            return;
        }
    }
    if (j->content && j->set_tags) {
        for (size_t i = 0; i < j->n_tags && rc == 0; i++)
            rc = news_tag_ensure(db, 0, j->tag_slugs[i], j->tag_names[i], &j->tag_ids[i]);
        j->in.tag_ids = j->tag_ids;
        j->in.n_tags = j->n_tags;
    }
    if (j->content && j->set_extras) {
        j->in.extra_category_ids = j->extras;
        j->in.n_extra_categories = j->n_extras;
    }
    if (rc == 0 && j->content)
        rc = news_article_save(db, &j->in, &j->saved_id, &j->problem);
    if (rc == 0 && j->form_key.n)
        rc = form_made_add(db, j->form_key, j->user_id, j->saved_id, j->text_hash, j->now);
    /* the documents module keeps the citations (its own table) */
    if (rc == 0 && j->content && j->set_documents) {
        int d = docs_article_set(db, j->saved_id, j->documents, j->n_documents, &j->problem);
        rc = d == DOCS_INVALID ? NEWS_INVALID : d;
    }
    if (rc == 0 && j->status >= 0)
        rc = news_article_set_status(db, j->saved_id, j->status, j->when, j->note, &j->problem);
    if (rc == 0 && !j->autosave) {
        char object[32];
        snprintf(object, sizeof object, "bài %lld", (long long)j->saved_id);
        rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), AUDIT_ACTIONS[j->verb],
                          str_cstr(object), j->in.title.n ? j->in.title : STR(""));
    }
    j->rc = store_write_finish(db, rc);
}

/* Why a verb was refused when the article's state moved after the form was
 * drawn (or while the save waited for the writer). */
static const char *state_moved_problem(struct web_req *r, int status, enum desk_verb verb)
{
    struct str now = str_cstr(news_status_title(status));
    return arena_printf(r->arena,
                        "Chưa %s: bài vừa được chuyển sang trạng thái “%.*s” sau khi bạn mở trang này. Những gì "
                        "bạn nhập vẫn còn dưới đây; hãy xem lại rồi chọn việc phù hợp với trạng thái mới.",
                        DOING[verb], (int)now.n, now.p)
        .p;
}

/* The refusal of a save over the later one of account `by` (saved at
 * `when`): for the form, or for the editor's timer. The person is named
 * (their name, else their login), so that the editor knows whom to ask;
 * NULL when the account could not be read. */
static const char *saved_by_another(struct web_req *r, int64_t by, int64_t when, bool autosave, enum desk_verb verb)
{
    struct str t = view_datetime(r->arena, when);
    struct people_user u;
    struct str who = STR("người khác");
    int found = by ? people_user_by_id(r->db, r->arena, by, &u) : 0;
    if (found < 0)
        return NULL;
    if (found)
        who = u.name.n ? u.name : u.login;
    if (autosave)
        return arena_printf(r->arena,
                            "bài đã được %.*s lưu lúc %.*s, sau khi bạn mở trang này; bấm Lưu để xem lời nhắc "
                            "và chọn giữ bản nào",
                            (int)who.n, who.p, (int)t.n, t.p)
            .p;
    return arena_printf(r->arena,
                        "Chưa lưu: bài đã được %.*s lưu lúc %.*s, sau khi bạn mở trang này. Hãy xem bản đó "
                        "(Xem trước, hoặc các bản lưu trước) ở một thẻ khác; bấm “%s” lần nữa nếu vẫn muốn thay bằng "
                        "nội dung dưới đây.",
                        (int)who.n, who.p, (int)t.n, t.p, VERBS[verb].label)
        .p;
}

static int desk_finish(struct web_req *r, struct web_job *job)
{
    struct desk_job *j = (struct desk_job *)job;
    r->no_store = true;
    /* A refused save of a stored article: the form comes back over the
     * article as it is now (its state, owner, history). Another account's
     * save came in between (two saves at once): its time is shown, and its
     * version is the one pressing Lưu again overwrites; refused for another
     * reason, the form keeps the version it was drawn from. */
    struct news_desk_article a;
    memset(&a, 0, sizeof a);
    if (j->rc == NEWS_STATE_MOVED) /* shown as a conflict, with the state it moved to */
        j->rc = NEWS_CONFLICT, j->state_moved = true;
    if ((j->rc == NEWS_INVALID || j->rc == NEWS_CONFLICT) && j->id) {
        int found = news_desk_get(r->db, r->arena, j->id, &a);
        if (found < 0)
            return -1;
        if (j->state_moved)
            j->problem = state_moved_problem(r, a.status, j->verb);
        else if (j->rc == NEWS_CONFLICT)
            j->problem = saved_by_another(r, a.updated_by, a.updated_at, j->autosave, j->verb);
        else if (j->in.expect_version)
            a.updated_at = j->in.expect_version;
        if (j->rc == NEWS_CONFLICT && !j->problem) /* the account that saved could not be read */
            return -1;
    }
    if (j->autosave) { /* the editor's script: a line to show, and the draft's address */
        r->content_type = "application/json; charset=utf-8";
        if (j->rc != 0)
            r->status = j->rc == NEWS_INVALID ? 400 : j->rc == NEWS_CONFLICT ? 409 : 500;
        struct vi_time t;
        vi_time_from_unix(j->now, &t);
        buf_printf(r->body, "{\"da_luu\": %s, \"luc\": \"%02d:%02d\", \"dia_chi\": \"/quan-tri/bai-viet/%lld\", "
                   "\"loi\": ", j->rc == 0 ? "true" : "false", t.hour, t.minute, (long long)j->saved_id);
        tpl_escape_json_string(r->body, str_cstr(j->rc == 0 ? "" : j->problem ? j->problem : "Chưa lưu được."));
        buf_puts(r->body, "}\n");
        return 0;
    }
    if (j->rc == 0)
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/bai-viet/%lld?thong-bao=%s%s%s%s%s",
                                                 (long long)j->saved_id, VERBS[j->verb].value,
                                                 j->sent_again ? "&lan-nua=1" : "",
                                                 j->converted == LEGACY_TCVN3 ? "&bang-ma=tcvn3"
                                                 : j->converted == LEGACY_VNI ? "&bang-ma=vni"
                                                                              : "",
                                                 j->dropped_images ? arena_printf(r->arena, "&anh-bo=%zu",
                                                                                  j->dropped_images).p
                                                                   : "",
                                                 j->dropped_media ? arena_printf(r->arena, "&video-bo=%zu",
                                                                                 j->dropped_media).p
                                                                  : ""));
    if (j->rc != NEWS_INVALID && j->rc != NEWS_CONFLICT)
        return -1;
    /* Back from the worker: the session was checked (token and all) when
     * the form came; this request has no form any more. */
    const struct people_session *s = people_viewer(r);
    if (!s)
        return web_redirect(r, 303, STR("/quan-tri/dang-nhap"));
    a.id = j->id;
    a.title = j->in.title;
    a.slug = j->in.slug;
    a.summary = j->in.summary;
    a.body = j->in.body;
    a.author = j->in.author;
    a.source = j->in.source;
    a.category_id = j->in.category_id;
    a.published_at = j->in.published_at;
    a.time_chosen = j->published_chosen; /* a time typed is shown again */
    a.expires_at = j->in.expires_at;
    a.featured = j->in.featured;
    a.body_format = j->in.body_format;
    if (!a.owner_id)
        a.owner_id = j->in.owner_id;
    a.image_id = j->in.image_id;
    a.image_caption = j->in.image_caption;
    struct desk_fields x;
    if (load_fields(r, &a, &x) != 0)
        return -1;
    if (j->set_tags)
        x.tags = j->tags_text;
    if (j->set_documents)
        x.documents = j->documents_text;
    if (j->set_extras) {
        x.extras = j->extras;
        x.n_extras = j->n_extras;
    }
    x.note = j->note;
    x.form_key = j->form_key;
    r->status = j->rc == NEWS_CONFLICT ? 409 : 400;
    return render_form(r, s, &a, j->problem ? j->problem : "Chưa lưu được bài viết.", &x);
}


static struct str keep(struct desk_job *j, struct str s)
{
    return arena_strdup(&j->arena, s.p ? s.p : "", s.n);
}

/* An address typed with marks, capitals or spaces ("Đường Dẫn Có Dấu")
 * as the address it stands for ("duong-dan-co-dau"), as the title's own is
 * made; one with no letter or digit is kept as typed, for the write to
 * refuse with its sentence. */
static struct str slug_typed(struct desk_job *j, struct str typed)
{
    bool plain = true;
    for (size_t i = 0; i < typed.n && plain; i++)
        plain = (typed.p[i] >= 'a' && typed.p[i] <= 'z') || (typed.p[i] >= '0' && typed.p[i] <= '9') ||
                typed.p[i] == '-';
    if (plain)
        return keep(j, typed);
    struct buf slug = BUF_INIT;
    struct str made = vi_slug(&slug, typed, NEWS_SLUG_MAX) == 0 && slug.n ? buf_str(&slug) : typed;
    made = keep(j, made);
    buf_free(&slug);
    return made;
}

/* Text typed long ago with the ABC (TCVN3) or VNI fonts and pasted here
 * arrives as Latin-1 look-alikes ("Th¹ch Hµ"): it is converted to Unicode,
 * and the editor is told. The field's text is kept as it is otherwise. */
static struct str from_legacy(struct desk_job *j, struct str s)
{
    enum legacy_encoding enc = legacy_detect(s);
    if (enc == LEGACY_NONE)
        return keep(j, s);
    struct buf out = {0};
    struct str result = legacy_convert(&out, s, enc) == 0 ? arena_strdup(&j->arena, out.p ? out.p : "", out.n)
                                                          : keep(j, s);
    buf_free(&out);
    j->converted = enc;
    return result;
}

/* s without the spaces, tabs and line ends around it. */
static struct str trim(struct str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' || s.p[0] == '\n'))
        s = str_skip(s, 1);
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\n'))
        s.n--;
    return s;
}

/* At most `max` bytes of s, cut on a character boundary, for a message. */
static struct str shorten(struct str s, size_t max)
{
    if (s.n > max)
        s.n = utf8_truncate(s, max);
    return s;
}

/* The cover ("anh": a media id, empty for none; absent: kept) and its
 * caption. A refusal goes to x->image_error. 0 or -1. */
static int take_cover(struct web_req *r, struct desk_job *j, const struct news_desk_article *a,
                      struct desk_fields *x)
{
    struct news_article_input *in = &j->in;
    struct str cap = http_form_value(&r->form, "chu-thich-anh");
    in->image_caption = keep(j, cap.p ? utf8_clean_line(r->arena, cap) : a->image_caption);
    struct str typed = http_form_value(&r->form, "anh");
    in->image_id = a->image_id;
    if (!typed.p)
        return 0;
    x->image = keep(j, typed);
    struct str t = trim(typed);
    unsigned long long id;
    in->image_id = 0;
    if (!t.n)
        return 0;
    if (!str_to_u64(t, &id) || id == 0 || id > INT64_MAX) {
        x->image_error = "Mã ảnh đại diện phải là số của một ảnh trong thư viện.";
        return 0;
    }
    struct media_image img;
    int found = media_image_get(r->db, r->arena, (int64_t)id, &img);
    if (found < 0)
        return -1;
    if (!found)
        x->image_error = arena_printf(r->arena, "Không có tệp số %llu trong thư viện.", id).p;
    else if (!img.image)
        x->image_error = arena_printf(r->arena, "Tệp số %llu (%.*s) không phải là ảnh; hãy chọn một ảnh.", id,
                                      (int)img.name.n, img.name.p).p;
    else
        in->image_id = (int64_t)id;
    return 0;
}

/* "Từ khóa": comma-separated, each trimmed, NFC, at most TAG_CHARS_MAX
 * characters, at most TAGS_MAX after removing repeats (same slug: the
 * same tag). Absent: kept. */
static void take_tags(struct web_req *r, struct desk_job *j, struct desk_fields *x)
{
    struct str v = http_form_value(&r->form, "tu-khoa");
    if (!v.p)
        return;
    j->set_tags = true;
    j->tags_text = keep(j, v);
    size_t distinct = 0, i = 0;
    /* counted up to ten times the most (a pasted list of thousands is
     * refused with the same sentence, without reading it all) */
    while (i <= v.n && !x->tags_error && distinct < 10 * TAGS_MAX) {
        size_t start = i;
        while (i < v.n && v.p[i] != ',' && v.p[i] != '\n')
            i++;
        /* a bidi override in a tag would turn the page title around it */
        struct str t = utf8_clean_line(r->arena, (struct str){v.p + start, i - start});
        i++;
        if (!t.n)
            continue;
        struct buf nfc = {0}, slug = {0};
        if (vi_nfc(&nfc, t) != 0 || utf8_has_control(t)) {
            x->tags_error = "Từ khóa chứa ký tự không hợp lệ.";
        } else if (utf8_count(buf_str(&nfc)) > TAG_CHARS_MAX) {
            struct str shown = shorten(buf_str(&nfc), 80);
            x->tags_error = arena_printf(r->arena, "Từ khóa “%.*s…” dài quá %d ký tự.", (int)shown.n, shown.p,
                                         TAG_CHARS_MAX).p;
        } else if (vi_slug(&slug, buf_str(&nfc), 120) != 0 || !slug.n) {
            x->tags_error = arena_printf(r->arena, "Từ khóa “%.*s” cần có chữ hoặc số.", (int)nfc.n, nfc.p).p;
        } else {
            bool seen = false;
            for (size_t k = 0; k < j->n_tags && !seen; k++)
                seen = str_eq(j->tag_slugs[k], buf_str(&slug));
            if (!seen) {
                distinct++;
                if (j->n_tags < TAGS_MAX) {
                    j->tag_names[j->n_tags] = keep(j, buf_str(&nfc));
                    j->tag_slugs[j->n_tags++] = keep(j, buf_str(&slug));
                }
            }
        }
        buf_free(&nfc);
        buf_free(&slug);
    }
    if (!x->tags_error && distinct > TAGS_MAX)
        x->tags_error = arena_printf(r->arena, "Mỗi bài có tối đa %d từ khóa (đã nhập %zu%s).", TAGS_MAX, distinct,
                                     distinct == 10 * TAGS_MAX ? " trở lên" : "")
                            .p;
}

/* The other categories: every "chuyen-muc-khac" value (the form sends an
 * empty one always, so that none checked means none); absent: kept. A
 * user limited to some categories adds only those (the ones already there
 * stay). 0 or -1. */
static int take_extras(struct web_req *r, struct desk_job *j, const struct news_desk_article *a,
                       const int64_t *allowed, size_t n_allowed, struct desk_fields *x)
{
    int64_t before[EXTRAS_MAX];
    size_t n_before = 0;
    bool read = false;
    for (size_t f = 0; f < r->form.n_fields && !x->categories_error; f++) {
        const struct http_form_field *field = &r->form.fields[f];
        if (!str_eq_lit(field->name, "chuyen-muc-khac"))
            continue;
        j->set_extras = true;
        if (!field->value.n)
            continue;
        unsigned long long id;
        const struct site_category *c = NULL;
        if (str_to_u64(field->value, &id) && id > 0 && id <= INT64_MAX)
            c = site_category_by_id(portal_site(r), (int64_t)id);
        if (!c) {
            x->categories_error = "Một chuyên mục khác đã chọn không tồn tại.";
            break;
        }
        bool dup = c->id == j->in.category_id;
        for (size_t k = 0; k < j->n_extras && !dup; k++)
            dup = j->extras[k] == c->id;
        if (dup)
            continue;
        bool ok = n_allowed == 0;
        for (size_t k = 0; k < n_allowed && !ok; k++)
            ok = allowed[k] == c->id;
        if (!ok && a->id && !read) {
            if (desk_extras(r->db, a->id, before, &n_before) != 0)
                return -1;
            read = true;
        }
        for (size_t k = 0; k < n_before && !ok; k++)
            ok = before[k] == c->id;
        if (!ok)
            x->categories_error = arena_printf(r->arena, "Bạn không được đưa bài vào chuyên mục “%.*s”.",
                                               (int)c->name.n, c->name.p).p;
        else if (j->n_extras == EXTRAS_MAX)
            x->categories_error = "Đã chọn quá nhiều chuyên mục khác.";
        else
            j->extras[j->n_extras++] = c->id;
    }
    if (j->set_extras) {
        x->extras = j->extras;
        x->n_extras = j->n_extras;
    }
    return 0;
}

/* "Văn bản liên quan": numbers, one a line, each of exactly one shown
 * document (docs.h); absent: kept. 0 or -1. */
static int take_documents(struct web_req *r, struct desk_job *j, struct desk_fields *x)
{
    struct str v = http_form_value(&r->form, "van-ban-lien-quan");
    if (!v.p)
        return 0;
    j->set_documents = true;
    j->documents_text = keep(j, v);
    size_t lines = 0, i = 0;
    while (i <= v.n) {
        size_t start = i;
        while (i < v.n && v.p[i] != '\n')
            i++;
        struct str line = trim((struct str){v.p + start, i - start});
        i++;
        if (!line.n)
            continue;
        if (++lines > DOCS_FOR_ARTICLE_MAX) {
            x->documents_error = arena_printf(r->arena, "Mỗi bài dẫn tối đa %d văn bản liên quan.",
                                              DOCS_FOR_ARTICLE_MAX).p;
            return 0;
        }
        struct docs_item *found;
        size_t n;
        const char *why = NULL;
        int rc = docs_find_by_number(r->db, r->arena, line, r->now, 2, &found, &n, &why);
        if (rc < 0 && rc != DOCS_INVALID)
            return -1;
        struct str shown = shorten(line, 80);
        struct docs_item kept = {0};
        if (rc == 0 && n == 0 && j->id && docs_article_cites(r->db, j->id, line, &kept.id) != 0)
            return -1;
        if (kept.id) { /* cited while it was on the site, taken off since: the citation stays */
            n = 1;
            found = &kept;
        }
        if (rc == DOCS_INVALID)
            x->documents_error = arena_printf(r->arena, "Số “%.*s” không đúng dạng số ký hiệu: %s", (int)shown.n,
                                              shown.p, why).p;
        else if (n == 0)
            x->documents_error = arena_printf(r->arena, "Không có văn bản đã đăng nào mang số “%.*s”.", (int)shown.n,
                                              shown.p).p;
        else if (n > 1)
            x->documents_error = arena_printf(r->arena, "Có nhiều văn bản đã đăng cùng mang số “%.*s”; bài viết "
                                              "chưa chọn được văn bản nào trong số đó.", (int)shown.n, shown.p).p;
        if (x->documents_error)
            return 0;
        bool dup = false;
        for (size_t k = 0; k < j->n_documents && !dup; k++)
            dup = j->documents[k] == found[0].id;
        if (!dup)
            j->documents[j->n_documents++] = found[0].id;
    }
    return 0;
}

static int save_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    bool creating = r->captures[0].n == 0;
    struct news_desk_article a;
    /* A new-article form that made its article already (sent again: Back
     * then "Lưu", a double click): saved into that article, as a save of
     * the version it made, so that someone else's later save is not
     * overwritten unseen. */
    struct str form_key = STR_NULL;
    unsigned char text_hash[32];
    struct form_made made = {0};
    if (creating) {
        struct str body = http_form_value(&r->form, "noi-dung");
        form_key = form_key_checked(http_form_value(&r->form, "ma-bai-moi"));
        form_text_hash(http_form_value(&r->form, "tieu-de"), body, text_hash);
        /* the text names the form only for a form with a key (one drawn
         * since the keys came), with a body */
        if (form_made_find(r->db, form_key, s->user.id, form_key.n && body.n ? text_hash : NULL, r->now, &made) != 0)
            return -1;
    }
    if (made.article_id) {
        int got = load_article(r, s, made.article_id, &a);
        if (got != 1)
            return got;
        creating = false;
    } else if (creating) {
        memset(&a, 0, sizeof a);
        a.body_format = 1;
        a.owner_id = s->user.id;
    } else {
        int got = load_for(r, s, &a);
        if (got != 1)
            return got;
    }
    /* No "viec" (a form sent without its buttons) saves; a value that is no
     * verb is refused rather than taken for a save the sender did not ask. */
    struct str asked = http_form_value(&r->form, "viec");
    enum desk_verb verb = asked.p ? verb_parse(asked) : V_SAVE;
    if (verb == V_NONE || verb == V_PURGE) {
        r->no_store = true;
        return web_error_saying(r, 400, STR("Không rõ việc cần làm với bài viết. Hãy dùng các nút của biểu mẫu."));
    }
    /* "Gửi duyệt" from a new-article form that already sent this very
     * text for approval (a double click, Back and again): it is waiting, as
     * asked; said so, not refused. */
    if (made.article_id && verb == V_SEND && a.status == NEWS_WAITING && made.has_hash &&
        memcmp(made.text_hash, text_hash, sizeof text_hash) == 0) {
        r->no_store = true;
        return web_redirect(r, 303, arena_printf(r->arena, "/quan-tri/bai-viet/%lld?thong-bao=gui-duyet&lan-nua=1",
                                                 (long long)a.id));
    }
    /* Someone moved the article since the form was drawn (the chief
     * published it or put it in the bin while its writer was typing; the
     * writer took it back while the chief was publishing it): the form
     * comes back with what was typed and why (409; the editor's timer gets
     * the sentence), rather than a bare 403 that lost the text. Only where
     * the account's role may do the thing in some state of an article it
     * sees. */
    bool publisher = people_role_may(s->user.role, RIGHT_PUBLISH);
    unsigned long long seen_status;
    /* a new-article form that made its article showed it unsaved: a draft */
    bool moved = made.article_id ? a.status != NEWS_DRAFT
                                 : str_to_u64(http_form_value(&r->form, "trang-thai"), &seen_status) &&
                                       seen_status != (unsigned)a.status;
    if (made.article_id)
        seen_status = NEWS_DRAFT;
    bool state_moved = !may(s, &a, verb) && a.id && may_see(s, &a) &&
                       (verb == V_RETURN || verb == V_UNPUBLISH ? publisher
                        : verb == V_RESTORE                   ? people_role_may(s->user.role, RIGHT_EDIT_ANY)
                        : verb == V_PUBLISH                   ? publisher && moved
                        : verb == V_WITHDRAW                  ? own(s, &a) && moved
                        : verb == V_SAVE || verb == V_SEND || verb == V_TRASH ? moved
                                                                              : false);
    /* the chief's page showed it waiting, and its writer took it back to
     * mend it meanwhile: not published (nor returned) over the writer */
    if (moved && seen_status == NEWS_WAITING && a.status == NEWS_DRAFT && (verb == V_PUBLISH || verb == V_RETURN))
        state_moved = true;
    if (!may(s, &a, verb) && !state_moved) {
        r->no_store = true;
        return web_error(r, 403);
    }
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
    j->id = a.id;
    j->status = -1;
    j->sent_again = made.article_id != 0;
    if (form_key.n) {
        j->form_key = keep(j, form_key);
        memcpy(j->text_hash, text_hash, sizeof text_hash);
    }

    /* The fields are taken when the user may change them (and the verb is
     * one that saves); otherwise only the state moves. */
    j->content = verb == V_SAVE || verb == V_SEND || ((verb == V_PUBLISH || verb == V_RETURN) && may_edit(s, &a));
    const char *problem = NULL;
    struct desk_fields fields;
    memset(&fields, 0, sizeof fields);
    if (j->content) {
        struct news_article_input *in = &j->in;
        in->id = a.id;
        in->title = keep(j, utf8_clean_line(&j->arena, from_legacy(j, http_form_value(&r->form, "tieu-de"))));
        in->slug = slug_typed(j, http_form_value(&r->form, "duong-dan"));
        in->summary = from_legacy(j, http_form_value(&r->form, "tom-tat"));
        if (utf8_is_blank(in->summary)) /* nothing to show: no empty lead paragraph */
            in->summary = STR("");
        in->author = keep(j, utf8_clean_line(&j->arena, http_form_value(&r->form, "tac-gia")));
        in->source = keep(j, utf8_clean_line(&j->arena, http_form_value(&r->form, "nguon")));
        /* the home page's featured news is the publishers' choice: a
         * writer's form leaves the flag as it was */
        in->featured = publisher ? str_eq_lit(http_form_value(&r->form, "noi-bat"), "1") : !creating && a.featured;
        in->status = creating ? NEWS_DRAFT : a.status;
        in->check_status = !creating; /* checked again inside the write */
        in->owner_id = creating ? s->user.id : 0;
        in->saved_by = s->user.id;
        j->autosave = verb == V_SAVE && str_eq_lit(http_form_value(&r->form, "tu-dong"), "1");
        in->autosave = j->autosave;
        in->updated_at = r->now;
        in->body_format = a.id ? a.body_format : 1;
        struct str body = http_form_value(&r->form, "noi-dung");
        if (body.n <= BODY_LIMIT)
            body = from_legacy(j, body);
        if (body.n > BODY_LIMIT) {
            problem = "Nội dung bài viết quá dài (tối đa 1 MB).";
        } else if (in->body_format == 1) {
            in->body = body; /* a copy in the job's arena already (from_legacy) */
            j->sanitize = true; /* on the worker: a hostile body can take seconds */
        } else {
            in->body = keep(j, body);
        }
        unsigned long long cat;
        if (!str_to_u64(http_form_value(&r->form, "chuyen-muc"), &cat) || cat > INT64_MAX)
            problem = problem ? problem : "Hãy chọn chuyên mục.";
        in->category_id = (int64_t)cat;
        bool ok = true;
        if (!problem && in_categories(r, s, in->category_id, &ok) != 0) {
            arena_free(&j->arena);
            free(j);
            return -1;
        }
        if (!problem && !ok)
            problem = "Bạn không được viết bài trong chuyên mục này.";
        int64_t published = parse_local(http_form_value(&r->form, "thoi-diem-dang"));
        int64_t expires = parse_local(http_form_value(&r->form, "het-han"));
        /* beside its field, with what was typed (where there is no picker, a
         * time mistyped comes back to be mended, not emptied) */
        static const char TIME_HOW[] = "Không phải một thời điểm có thật: viết ngày/tháng/năm giờ:phút, ví dụ "
                                       "7/12/2026 10:00.";
        if (published < 0) {
            fields.published_error = TIME_HOW;
            fields.published_typed = shorten(http_form_value(&r->form, "thoi-diem-dang"), 40);
            published = 0;
        }
        if (expires < 0) {
            fields.expires_error = TIME_HOW;
            fields.expires_typed = shorten(http_form_value(&r->form, "het-han"), 40);
            expires = 0;
        }
        /* Left empty, the time is the publication's own: until then it
         * holds the time of the save, and pressing "Đăng" days after the
         * draft was written does not put the article among older news. */
        /* The form shows minutes: the stored minute sent back unchanged keeps
         * its seconds, or a typo fixed would move the article among others
         * published in the same minute. */
        if (published > 0 && a.id && a.published_at > 0 && published == a.published_at - a.published_at % 60)
            published = a.published_at;
        j->published_chosen = published > 0;
        in->published_at = published > 0 ? published : article_time_shown(&a, r->now) ? a.published_at : r->now;
        in->expires_at = expires > 0 ? expires : 0;
        /* checked here, with the fields below, so that one answer says
         * everything to mend (the write checks it again) */
        if (!problem && in->expires_at && in->expires_at <= in->published_at)
            problem = "Thời điểm hết hạn phải sau thời điểm đăng.";
        if (!problem && !in->title.n)
            problem = "Bài viết cần có tiêu đề.";
        int64_t *allowed;
        size_t n_allowed;
        if (take_cover(r, j, &a, &fields) != 0 || people_categories(r, s->user.id, &allowed, &n_allowed) != 0 ||
            take_extras(r, j, &a, allowed, n_allowed, &fields) != 0 || take_documents(r, j, &fields) != 0) {
            arena_free(&j->arena);
            free(j);
            return -1;
        }
        take_tags(r, j, &fields);
        if (!problem && (fields.image_error || fields.tags_error || fields.categories_error || fields.documents_error ||
                         fields.published_error || fields.expires_error))
            problem = "Chưa lưu được bài viết: hãy sửa các ô có lời nhắn bên cạnh.";
    }
    /* Someone else saved the article after this form was drawn: their
     * text is not overwritten unseen, by a save or by the timer. The form
     * comes back with what was typed and the new version, so that saving
     * again means "overwrite"; refused for another reason, it keeps the
     * version it was drawn from. */
    int refusal = 400;
    unsigned long long seen = 0;
    bool versioned = a.id && str_to_u64(http_form_value(&r->form, "phien-ban"), &seen) && seen <= INT64_MAX;
    if (made.article_id) {
        versioned = true;
        seen = (unsigned long long)made.saved_at;
    }
    if (!problem && j->content && versioned && a.updated_by != s->user.id) {
        if ((int64_t)seen < a.updated_at) {
            problem = saved_by_another(r, a.updated_by, a.updated_at, j->autosave, verb);
            refusal = 409;
            if (!problem) {
                arena_free(&j->arena);
                free(j);
                return -1;
            }
        }
    }
    /* ... and checked again inside the write, for two saves sent at once. */
    if (versioned && j->content)
        j->in.expect_version = (int64_t)seen;
    switch (verb) {
    case V_SEND: j->status = NEWS_WAITING; break;
    case V_WITHDRAW: j->status = NEWS_DRAFT; break;
    case V_PUBLISH:
        j->status = NEWS_PUBLISHED_STATUS;
        j->when = j->content && j->published_chosen ? j->in.published_at
                  : article_time_shown(&a, r->now)   ? a.published_at
                                                     : r->now;
        /* an article that expired, put up again with the same expiry, would
         * come down at the scheduler's next round */
        if (!problem && (j->content ? j->in.expires_at : a.expires_at) > 0 &&
            (j->content ? j->in.expires_at : a.expires_at) <= r->now)
            problem = "Thời điểm hết hạn của bài đã qua: hãy xóa ô “Hết hạn” hoặc đặt thời điểm mới rồi đăng lại.";
        break;
    case V_RETURN:
        j->status = NEWS_RETURNED;
        j->note = keep(j, http_form_value(&r->form, "ghi-chu"));
        if (!j->note.n)
            problem = "Hãy ghi ý kiến gửi người viết khi trả lại bài.";
        break;
    case V_UNPUBLISH: j->status = NEWS_UNPUBLISHED; break;
    case V_TRASH: j->status = NEWS_TRASH; break;
    /* back where it was, a published one unpublished (news_article_set_status) */
    case V_RESTORE: j->status = NEWS_DRAFT; break;
    default: break;
    }
    if (state_moved) {
        problem = state_moved_problem(r, a.status, verb);
        refusal = 409;
    }
    if (!problem && j->autosave && a.status == NEWS_PUBLISHED_STATUS)
        problem = "bài đã đăng chỉ được cập nhật khi bấm Lưu, không tự lưu lên trang";
    if (problem && j->autosave) { /* the editor's own timer: the sentence to show, in JSON */
        const char *why = fields.image_error        ? fields.image_error
                          : fields.tags_error       ? fields.tags_error
                          : fields.categories_error ? fields.categories_error
                          : fields.documents_error  ? fields.documents_error
                                                    : problem;
        r->no_store = true;
        r->status = refusal;
        r->content_type = "application/json; charset=utf-8";
        buf_puts(r->body, "{\"da_luu\": false, \"loi\": ");
        tpl_escape_json_string(r->body, str_cstr(why));
        buf_puts(r->body, "}\n");
        arena_free(&j->arena);
        free(j);
        return 0;
    }
    if (problem) {
        struct news_desk_article shown = a;
        if (versioned && refusal != 409)
            shown.updated_at = (int64_t)seen;
        if (j->content) {
            shown.title = j->in.title;
            shown.slug = j->in.slug;
            shown.summary = j->in.summary;
            shown.body = http_form_value(&r->form, "noi-dung");
            shown.author = j->in.author;
            shown.source = j->in.source;
            shown.category_id = j->in.category_id;
            shown.featured = j->in.featured;
            shown.image_id = j->in.image_id;
            shown.image_caption = j->in.image_caption;
            /* the times typed too: a schedule lost here would publish at
             * once on the next press of "Đăng" */
            shown.published_at = j->in.published_at;
            shown.time_chosen = j->published_chosen;
            shown.expires_at = j->in.expires_at;
        }
        /* what was typed, and what is stored of what the form did not send */
        struct desk_fields x;
        if (load_fields(r, &shown, &x) != 0) {
            arena_free(&j->arena);
            free(j);
            return -1;
        }
        x.note = j->note;
        x.form_key = form_key;
        if (j->content) {
            x.image = fields.image;
            x.image_error = fields.image_error;
            x.tags_error = fields.tags_error;
            x.categories_error = fields.categories_error;
            x.documents_error = fields.documents_error;
            x.published_error = fields.published_error;
            x.expires_error = fields.expires_error;
            x.published_typed = fields.published_typed;
            x.expires_typed = fields.expires_typed;
            if (j->set_tags)
                x.tags = j->tags_text;
            if (j->set_documents)
                x.documents = j->documents_text;
            if (j->set_extras) {
                x.extras = j->extras;
                x.n_extras = j->n_extras;
            }
        }
        r->status = refusal;
        int rc = render_form(r, s, &shown, problem, &x);
        arena_free(&j->arena);
        free(j);
        return rc;
    }
    return web_defer(r, &j->job);
}

int news_desk_load_for(struct web_req *r, const struct people_session *s, struct news_desk_article *a)
{
    return load_for(r, s, a);
}

bool news_desk_may_edit(const struct people_session *s, const struct news_desk_article *a) { return may_edit(s, a); }

static void read_use(sqlite3_stmt *st, void *ctx)
{
    struct read_article *x = ctx;
    x->out->category_id = sqlite3_column_int64(st, 0);
    x->out->owner_id = sqlite3_column_int64(st, 1);
    x->out->title = store_col_copy(x->a, st, 2);
}

/* The file page's line for an article that uses the file: its title,
 * linked to its form, only for a person who may open the article
 * (media_owner_register). Reads the three columns it needs, not the body:
 * a picture may be in 50 articles. */
static int media_owner_link(struct web_req *r, const struct people_session *s, int64_t id, struct str *label,
                            struct str *url)
{
    struct news_desk_article a = {.id = id};
    *label = *url = STR("");
    sqlite3_stmt *st = store_stmt(r->db, SQL_DESK_USE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int found = store_step_once(r->db, st, read_use, &(struct read_article){r->arena, &a});
    if (found <= 0)
        return found;
    bool ok;
    if (in_categories(r, s, a.category_id, &ok) != 0)
        return -1;
    if (ok && may_see(s, &a)) {
        *label = a.title;
        *url = arena_printf(r->arena, "/quan-tri/bai-viet/%lld", (long long)id);
    }
    return 0;
}

/* The admin home page's work: what waits for approval (for whoever may
 * publish), and one's own articles returned with a note. The status index
 * (article_admin) counts either without reading a row. */
static const char SQL_TODO_STATUS[] = "SELECT count(*) FROM article WHERE status = ?1";
static const char SQL_TODO_OWN[] = "SELECT count(*) FROM article WHERE status = ?1 AND owner_id = ?2";

static int todo_count(struct store_conn *db, const char *sql, int status, int64_t owner, long long *n)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, status);
    if (owner)
        sqlite3_bind_int64(st, 2, owner);
    *n = 0;
    return store_step_once(db, st, read_count, n) < 0 ? -1 : 0;
}

static int news_todo(struct web_req *r, const struct people_session *s, struct people_todo *out, size_t room)
{
    size_t k = 0;
    long long n;
    if (room > k && people_role_may(s->user.role, RIGHT_PUBLISH)) {
        if (todo_count(r->db, SQL_TODO_STATUS, NEWS_WAITING, 0, &n) != 0)
            return -1;
        if (n > 0)
            out[k++] = (struct people_todo){arena_printf(r->arena, "%lld bài viết chờ duyệt", n),
                                            STR("/quan-tri/bai-viet/?trang-thai=cho-duyet")};
    }
    if (room > k && people_role_may(s->user.role, RIGHT_WRITE)) {
        if (todo_count(r->db, SQL_TODO_OWN, NEWS_RETURNED, s->user.id, &n) != 0)
            return -1;
        if (n > 0)
            out[k++] = (struct people_todo){
                arena_printf(r->arena, "%lld bài viết của bạn bị trả lại, cần sửa", n),
                arena_printf(r->arena, "/quan-tri/bai-viet/?trang-thai=tra-lai&nguoi-viet=%lld", (long long)s->user.id)};
    }
    /* A writer who may not publish sees where their own articles stand:
     * sent, and waiting for someone who may. */
    if (room > k && people_role_may(s->user.role, RIGHT_WRITE) && !people_role_may(s->user.role, RIGHT_PUBLISH)) {
        if (todo_count(r->db, SQL_TODO_OWN, NEWS_WAITING, s->user.id, &n) != 0)
            return -1;
        if (n > 0)
            out[k++] = (struct people_todo){
                arena_printf(r->arena, "%lld bài viết của bạn đang chờ duyệt", n),
                arena_printf(r->arena, "/quan-tri/bai-viet/?trang-thai=cho-duyet&nguoi-viet=%lld", (long long)s->user.id)};
    }
    return (int)k;
}

/* --- several at once: the list's ticked articles ------------------------------------------------ */

struct bulk_job {
    struct web_job job;
    enum desk_verb verb;
    int status;
    int64_t now, user_id;
    char login[72], address[48];
    int64_t ids[BULK_MAX], when[BULK_MAX];
    struct str titles[BULK_MAX];
    size_t n;
    struct arena arena; /* the titles */
    const char *problem;
    int rc;
    size_t skipped;   /* ticked, but not the user's to do that to (or not in a state for it) */
    struct str back;  /* the list's address, to go back to */
};

static void bulk_release(struct web_job *job)
{
    struct bulk_job *j = (struct bulk_job *)job;
    arena_free(&j->arena);
    free(j);
}

/* One transaction: every ticked article changes, or none does. */
static void bulk_work(struct web_job *job, struct store_conn *db)
{
    struct bulk_job *j = (struct bulk_job *)job;
    int rc = store_write_begin(db) != 0 ? -1 : 0;
    for (size_t i = 0; i < j->n && rc == 0; i++) {
        rc = j->verb == V_PURGE ? news_article_delete(db, j->ids[i], &j->problem)
                                : news_article_set_status(db, j->ids[i], j->status, j->when[i], STR(""), &j->problem);
        char object[32];
        snprintf(object, sizeof object, "bài %lld", (long long)j->ids[i]);
        if (rc == 0)
            rc = people_audit(db, j->now, j->user_id, str_cstr(j->login), str_cstr(j->address), AUDIT_ACTIONS[j->verb],
                              str_cstr(object), j->titles[i]);
    }
    j->rc = store_write_finish(db, rc);
}

static int bulk_finish(struct web_req *r, struct web_job *job)
{
    struct bulk_job *j = (struct bulk_job *)job;
    r->no_store = true;
    if (j->rc == NEWS_INVALID)
        return web_error_saying(r, 409, arena_printf(r->arena, "Chưa làm được với các bài đã chọn, không bài nào thay "
                                                               "đổi: %s",
                                                     j->problem ? j->problem : "một bài vừa được người khác sửa."));
    if (j->rc != 0)
        return -1;
    struct str sep = memchr(j->back.p, '?', j->back.n) ? STR("&") : STR("?");
    return web_redirect(r, 303, arena_printf(r->arena, "%.*s%.*sthong-bao=%s&so-bai=%zu&bo-qua=%zu", (int)j->back.n,
                                             j->back.p, (int)sep.n, sep.p, VERBS[j->verb].value, j->n, j->skipped));
}

/* POST /quan-tri/bai-viet/hang-loat: one of the list's actions (publish,
 * take down, to the bin, restore) on the articles ticked there, each only
 * where the person could do it from the article's own form; the others
 * are counted, not done. */
static int bulk_post(struct web_req *r)
{
    int answered;
    const struct people_session *s = people_require(r, RIGHT_WRITE, &answered);
    if (!s)
        return answered;
    r->no_store = true;
    enum desk_verb verb = verb_parse(http_form_value(&r->form, "viec"));
    if (verb != V_PUBLISH && verb != V_UNPUBLISH && verb != V_TRASH && verb != V_RESTORE && verb != V_PURGE)
        return web_error_saying(r, 400, STR("Hãy chọn việc cần làm với các bài đã đánh dấu (đăng, gỡ khỏi trang, "
                                            "chuyển vào thùng rác, khôi phục, xóa vĩnh viễn)."));
    if (verb == V_PURGE && !str_eq_lit(http_form_value(&r->form, "xac-nhan"), "1"))
        return web_error_saying(r, 400, STR("Chưa xóa: hãy đánh dấu ô xác nhận xóa vĩnh viễn. Bài bị xóa vĩnh viễn "
                                            "không khôi phục được; muốn giữ lại để xem sau thì cứ để bài trong thùng "
                                            "rác."));
    struct str back = http_form_value(&r->form, "ve");
    if (!str_starts_with(back, STR("/quan-tri/bai-viet/")) || back.n > 1024 || !http_is_local_path(back) ||
        memchr(back.p, '#', back.n))
        back = STR("/quan-tri/bai-viet/");
    struct bulk_job *j = calloc(1, sizeof *j);
    if (!j)
        return -1;
    arena_init(&j->arena, 4096);
    j->job.work = bulk_work;
    j->job.finish = bulk_finish;
    j->job.release = bulk_release;
    j->verb = verb;
    j->status = verb == V_PUBLISH ? NEWS_PUBLISHED_STATUS : verb == V_UNPUBLISH ? NEWS_UNPUBLISHED
                : verb == V_TRASH ? NEWS_TRASH : NEWS_DRAFT; /* restored: back where it was */
    j->now = r->now;
    j->user_id = s->user.id;
    snprintf(j->login, sizeof j->login, "%.*s", (int)s->user.login.n, s->user.login.p);
    snprintf(j->address, sizeof j->address, "%.*s", (int)r->client_ip.n, r->client_ip.p);
    j->back = arena_strdup(&j->arena, back.p, back.n);
    size_t ticked = 0;
    for (size_t f = 0; f < r->form.n_fields; f++) {
        const struct http_form_field *field = &r->form.fields[f];
        if (!str_eq_lit(field->name, "bai"))
            continue;
        unsigned long long id;
        if (++ticked > BULK_MAX || !str_to_u64(field->value, &id) || id == 0 || id > INT64_MAX) {
            bulk_release(&j->job);
            return web_error_saying(r, 400, arena_printf(r->arena, "Mỗi lần chọn được tối đa %d bài, mỗi bài một số.",
                                                         BULK_MAX));
        }
        bool dup = false;
        for (size_t k = 0; k < j->n && !dup; k++)
            dup = j->ids[k] == (int64_t)id;
        struct news_desk_article a;
        int found = dup ? 0 : desk_get_state(r->db, r->arena, (int64_t)id, &a);
        if (found < 0) {
            bulk_release(&j->job);
            return -1;
        }
        bool ok = false;
        if (found && in_categories(r, s, a.category_id, &ok) != 0) {
            bulk_release(&j->job);
            return -1;
        }
        /* as from its form; an expired article is not put up to come down again */
        /* one already on the site is not "published" again: nothing would change */
        if (!found || !ok || !may_see(s, &a) || !may(s, &a, verb) ||
            (verb == V_PUBLISH && ((a.expires_at > 0 && a.expires_at <= r->now) ||
                                   (a.status == NEWS_PUBLISHED_STATUS && a.published_at <= r->now)))) {
            j->skipped += !dup;
            continue;
        }
        j->ids[j->n] = a.id;
        j->when[j->n] = article_time_shown(&a, r->now) ? a.published_at : r->now;
        j->titles[j->n++] = arena_strdup(&j->arena, a.title.p, a.title.n);
    }
    if (!ticked) {
        bulk_release(&j->job);
        return web_error_saying(r, 400, STR("Chưa đánh dấu bài nào: hãy đánh dấu các bài trong danh sách rồi chọn việc."));
    }
    return web_defer(r, &j->job);
}

void news_desk_register(void)
{
    people_todo_register(news_todo);
    media_owner_register("article", "Bài viết", media_owner_link);
    /* (the notice after the ticked articles' action, ?thong-bao=&so-bai=&bo-qua=,
     * is read but left out of the list's own address, v.back) */
    static const char *const list_params[] = {"q", "trang-thai", "chuyen-muc", "nguoi-viet", "tu", "den", "xep", "trang",
                                              NULL};
    static const char *const edit_params[] = {"thong-bao", "bang-ma", "anh-bo", "video-bo", "lan-nua", "da-tao", NULL};
    static const char *const new_params[] = {"ma", NULL};
    /* about 16 fields, and a box for each of the other categories (the
     * form shows up to 64); the body percent-encoded takes up to 3 bytes
     * a byte (Vietnamese letters are all "%E1%BA%A3"-like) */
    enum { ARTICLE_BODY = 3 * BODY_LIMIT + 64 * 1024 };
    /* a field may be as long as the whole request: a body a little over
     * its 1 MB comes back in its form with the sentence beside it (the
     * handler checks every field's own length), not as a bare 413 that
     * loses what was typed */
    struct http_form_limits article_form = {.max_fields = 32 + 64, .max_value = ARTICLE_BODY, .max_name = 64,
                                            .max_part_head = 4096};
    router_add((struct route){.pattern = "/quan-tri/bai-viet/", .get = list_page, .known_params = list_params});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/moi", .get = new_page, .post = save_post,
                              .known_params = new_params,
                              .flags = ROUTE_FORM | ROUTE_WORKER, .max_body = ARTICLE_BODY, .form = article_form});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/hang-loat", .post = bulk_post,
                              .flags = ROUTE_FORM | ROUTE_WORKER,
                              .form = {.max_fields = BULK_MAX + 8, .max_value = 2048, .max_name = 16}});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/*/xem-truoc", .get = preview_page});
    router_add((struct route){.pattern = "/quan-tri/bai-viet/*", .get = edit_page, .post = save_post,
                              .known_params = edit_params, .flags = ROUTE_FORM | ROUTE_WORKER, .max_body = ARTICLE_BODY,
                              .form = article_form});
}
