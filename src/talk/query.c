/* query.c - reading comments, votes, settings and the key; see query.h and
 * talk_for_article in talk.h. */
#include "talk/query.h"

#include <string.h>

#include "core/log.h"
#include "talk/rules.h"
#include "talk/talk.h"
#include "text/vitime.h"

static const char SQL_KEY[] = "SELECT key FROM talk_secret WHERE id = 1";
static const char SQL_SETTING[] = "SELECT value FROM talk_settings WHERE name = ?1";
static const char SQL_SPENT[] = "SELECT 1 FROM talk_spent WHERE nonce = ?1";
static const char SQL_RECENT_FROM[] =
    "SELECT created_at FROM talk_comment WHERE address_hash = ?1 AND created_at > ?2 "
    "ORDER BY created_at DESC LIMIT ?3";
static const char SQL_SHOWN[] =
    "SELECT id, parent_id, name, body, desk_user, created_at FROM talk_comment "
    "WHERE article_id = ?1 AND state = 1 ORDER BY created_at, id LIMIT ?2";
static const char SQL_SHOWN_COUNT[] = "SELECT count(*) FROM talk_comment WHERE article_id = ?1 AND state = 1";
#define ROW_COLUMNS                                                                                                  \
    "c.id, c.article_id, c.parent_id, c.desk_user, c.created_at, c.state, c.name, c.email, c.body, "                 \
    "coalesce(p.name, '') FROM talk_comment c LEFT JOIN talk_comment p ON p.id = c.parent_id "
static const char SQL_GET[] = "SELECT " ROW_COLUMNS "WHERE c.id = ?1";
static const char SQL_WAITING[] = "SELECT " ROW_COLUMNS "WHERE c.state = 0 ORDER BY c.created_at, c.id LIMIT ?2";
static const char SQL_IN_STATE[] =
    "SELECT " ROW_COLUMNS "WHERE c.state = ?1 ORDER BY c.created_at DESC, c.id DESC LIMIT ?2";
static const char SQL_COUNT_IN_STATE[] = "SELECT count(*) FROM talk_comment WHERE state = ?1";
/* Rejected and spam together, the latest refused first (?1 and ?2 the two
 * states): where a misclick is looked for. */
static const char SQL_REFUSED[] =
    "SELECT " ROW_COLUMNS "WHERE c.state IN (?1, ?2) ORDER BY c.moderated_at DESC, c.id DESC LIMIT ?3";
static const char SQL_COUNT_REFUSED[] = "SELECT count(*) FROM talk_comment WHERE state IN (?1, ?2)";
static const char SQL_VOTE_OF[] = "SELECT stars FROM talk_vote WHERE article_id = ?1 AND reader_hash = ?2";
static const char SQL_VOTES_FROM[] = "SELECT count(*) FROM talk_vote WHERE article_id = ?1 AND address_hash = ?2";

static struct str copy_col(struct arena *a, sqlite3_stmt *st, int col)
{
    struct str s = store_col_str(st, col);
    return arena_strdup(a, s.p ? s.p : "", s.n);
}

static void read_i64(sqlite3_stmt *st, void *ctx) { *(int64_t *)ctx = sqlite3_column_int64(st, 0); }
static void read_ll(sqlite3_stmt *st, void *ctx) { *(long long *)ctx = sqlite3_column_int64(st, 0); }

static void read_key(sqlite3_stmt *st, void *ctx)
{
    if (sqlite3_column_bytes(st, 0) == TALK_KEY_BYTES)
        memcpy(ctx, sqlite3_column_blob(st, 0), TALK_KEY_BYTES);
    else
        memset(ctx, 0, TALK_KEY_BYTES);
}

int talk_key(struct store_conn *db, unsigned char key[TALK_KEY_BYTES])
{
    sqlite3_stmt *st = store_stmt(db, SQL_KEY);
    if (!st)
        return -1;
    static const unsigned char zero[TALK_KEY_BYTES];
    int r = store_step_once(db, st, read_key, key);
    if (r == 0 || (r == 1 && memcmp(key, zero, TALK_KEY_BYTES) == 0)) {
        /* The migration made it: a database without it is broken, and
         * the request answers 500 like any failed statement. */
        log_error("talk: the database has no key in talk_secret");
        db->failed = true;
        return -1;
    }
    return r;
}

int talk_setting(struct store_conn *db, const char *name, int64_t fallback, int64_t *value)
{
    *value = fallback;
    sqlite3_stmt *st = store_stmt(db, SQL_SETTING);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    return store_step_once(db, st, read_i64, value) < 0 ? -1 : 0;
}

int talk_nonce_spent(struct store_conn *db, const unsigned char nonce[TALK_NONCE_BYTES])
{
    sqlite3_stmt *st = store_stmt(db, SQL_SPENT);
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, nonce, TALK_NONCE_BYTES, SQLITE_STATIC);
    return store_step_once(db, st, NULL, NULL);
}

int talk_rate_wait(struct store_conn *db, const unsigned char address[TALK_HASH_BYTES], int64_t now,
                   int64_t *wait_seconds)
{
    *wait_seconds = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_RECENT_FROM);
    if (!st)
        return -1;
    sqlite3_bind_blob(st, 1, address, TALK_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now - 86400);
    sqlite3_bind_int(st, 3, TALK_PER_DAY);
    int64_t times[TALK_PER_DAY];
    int n = 0, r = 0;
    while (n < TALK_PER_DAY && (r = store_step(db, st)) == 1)
        times[n++] = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    if (n < TALK_PER_DAY && r < 0)
        return -1;
    /* times[] is newest first: the k-th newest leaves the window first. */
    int64_t wait = 0;
    if (n >= TALK_PER_MINUTE && times[TALK_PER_MINUTE - 1] > now - 60)
        wait = times[TALK_PER_MINUTE - 1] + 60 - now;
    if (n >= TALK_PER_DAY && times[TALK_PER_DAY - 1] + 86400 - now > wait)
        wait = times[TALK_PER_DAY - 1] + 86400 - now;
    *wait_seconds = wait > 0 ? wait : 0;
    return 0;
}

static struct str format_iso(struct arena *a, int64_t t)
{
    char iso[25];
    size_t n = vi_iso_chars(t, iso);
    return arena_strdup(a, iso, n);
}

/* A row of SQL_SHOWN, before it finds its place. */
struct shown_row {
    int64_t id, parent_id, created_at;
    bool from_desk;
    struct str name, body;
    size_t parent_at; /* index of its parent among the top-level comments; SIZE_MAX if not shown */
};

static void fill_view(struct arena *a, int64_t article_id, const struct shown_row *row, struct talk_comment_view *v)
{
    v->id = row->id;
    v->name = row->from_desk ? STR("Ban biên tập") : row->name;
    v->from_desk = row->from_desk;
    v->when = view_datetime(a, row->created_at);
    v->iso = format_iso(a, row->created_at);
    v->n_paragraphs = talk_paragraphs(a, row->body, &v->paragraphs);
    if (!row->parent_id)
        v->reply_url = arena_printf(a, "/y-kien/%lld?tra-loi=%lld", (long long)article_id, (long long)row->id);
}

int talk_for_article(struct store_conn *db, struct arena *a, int64_t article_id, struct talk_article_view *out)
{
    memset(out, 0, sizeof *out);
    char num[24];
    struct str id = str_of_u64(num, (unsigned long long)article_id);
    out->form_url = ARENA_JOIN(a, STR("/y-kien/"), id);
    out->rating_url = ARENA_JOIN(a, STR("/danh-gia/"), id);
    out->rating_api = ARENA_JOIN(a, STR("/api/danh-gia/"), id);
    out->comments = ARENA_ARRAY(a, struct talk_comment_view, 1);
    sqlite3_stmt *st = store_stmt(db, SQL_SHOWN);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int(st, 2, TALK_SHOWN_MAX);
    struct shown_row *rows = NULL;
    size_t n = 0, cap = 0;
    int r;
    while ((r = store_step(db, st)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            struct shown_row *more = ARENA_ARRAY(a, struct shown_row, cap);
            if (n)
                memcpy(more, rows, n * sizeof *rows);
            rows = more;
        }
        struct shown_row *row = &rows[n++];
        row->id = sqlite3_column_int64(st, 0);
        row->parent_id = sqlite3_column_int64(st, 1);
        row->name = copy_col(a, st, 2);
        row->body = copy_col(a, st, 3);
        row->from_desk = sqlite3_column_int64(st, 4) != 0;
        row->created_at = sqlite3_column_int64(st, 5);
        row->parent_at = SIZE_MAX;
    }
    sqlite3_reset(st);
    if (r < 0)
        return -1;
    out->total = (long long)n;
    if (n == TALK_SHOWN_MAX) {
        st = store_stmt(db, SQL_SHOWN_COUNT);
        if (!st)
            return -1;
        sqlite3_bind_int64(st, 1, article_id);
        if (store_step_once(db, st, read_ll, &out->total) < 0)
            return -1;
    }
    if (!n)
        return 0;
    bool all_read = n < TALK_SHOWN_MAX;

    /* Top-level comments in order; each reply under its parent, which
     * came before it (a reply is written after what it answers). A reply
     * whose parent is not shown is not shown either. */
    size_t tops = 0;
    for (size_t i = 0; i < n; i++)
        tops += rows[i].parent_id == 0;
    out->comments = ARENA_ARRAY(a, struct talk_comment_view, tops ? tops : 1);
    int64_t *top_ids = ARENA_ARRAY(a, int64_t, tops ? tops : 1);
    size_t *reply_counts = ARENA_ARRAY(a, size_t, tops ? tops : 1);
    for (size_t i = 0; i < n; i++) {
        if (rows[i].parent_id == 0) {
            top_ids[out->n_comments] = rows[i].id;
            fill_view(a, article_id, &rows[i], &out->comments[out->n_comments++]);
            continue;
        }
        for (size_t k = out->n_comments; k-- > 0;)
            if (top_ids[k] == rows[i].parent_id) {
                rows[i].parent_at = k;
                reply_counts[k]++;
                break;
            }
    }
    for (size_t k = 0; k < out->n_comments; k++)
        if (reply_counts[k])
            out->comments[k].replies = ARENA_ARRAY(a, struct talk_comment_view, reply_counts[k]);
    out->shown = (long long)out->n_comments;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].parent_at == SIZE_MAX)
            continue;
        struct talk_comment_view *top = &out->comments[rows[i].parent_at];
        fill_view(a, article_id, &rows[i], &top->replies[top->n_replies++]);
        out->shown++;
    }
    if (all_read)
        out->total = out->shown; /* replies to comments taken down are not missing */
    return 0;
}

struct read_row {
    struct arena *a;
    struct talk_comment_row *out;
};

static void read_row_at(sqlite3_stmt *st, struct arena *a, struct talk_comment_row *o)
{
    o->id = sqlite3_column_int64(st, 0);
    o->article_id = sqlite3_column_int64(st, 1);
    o->parent_id = sqlite3_column_int64(st, 2);
    o->desk_user = sqlite3_column_int64(st, 3);
    o->created_at = sqlite3_column_int64(st, 4);
    o->state = sqlite3_column_int(st, 5);
    o->name = copy_col(a, st, 6);
    o->email = copy_col(a, st, 7);
    o->body = copy_col(a, st, 8);
    o->parent_name = copy_col(a, st, 9);
}

static void read_row(sqlite3_stmt *st, void *ctx)
{
    struct read_row *r = ctx;
    read_row_at(st, r->a, r->out);
}

int talk_comment_get(struct store_conn *db, struct arena *a, int64_t id, struct talk_comment_row *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_stmt(db, SQL_GET);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_row, &(struct read_row){a, out});
}

int talk_count_in(struct store_conn *db, enum talk_state state, long long *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT_IN_STATE);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, (int)state);
    return store_step_once(db, st, read_ll, n) < 0 ? -1 : 0;
}

int talk_comments_in(struct store_conn *db, struct arena *a, enum talk_state state, int limit,
                     struct talk_comment_row **out, size_t *n, long long *total)
{
    *out = ARENA_ARRAY(a, struct talk_comment_row, limit > 0 ? (size_t)limit : 1);
    *n = 0;
    *total = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT_IN_STATE);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, (int)state);
    if (store_step_once(db, st, read_ll, total) < 0)
        return -1;
    st = store_stmt(db, state == TALK_WAITING ? SQL_WAITING : SQL_IN_STATE);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, (int)state);
    sqlite3_bind_int(st, 2, limit);
    int r = 0;
    while (*n < (size_t)limit && (r = store_step(db, st)) == 1)
        read_row_at(st, a, &(*out)[(*n)++]);
    sqlite3_reset(st);
    return *n < (size_t)limit && r < 0 ? -1 : 0;
}

int talk_comments_refused(struct store_conn *db, struct arena *a, int limit, struct talk_comment_row **out, size_t *n,
                          long long *total)
{
    *out = ARENA_ARRAY(a, struct talk_comment_row, limit > 0 ? (size_t)limit : 1);
    *n = 0;
    *total = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_COUNT_REFUSED);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, TALK_REJECTED);
    sqlite3_bind_int(st, 2, TALK_SPAM);
    if (store_step_once(db, st, read_ll, total) < 0)
        return -1;
    if (!(st = store_stmt(db, SQL_REFUSED)))
        return -1;
    sqlite3_bind_int(st, 1, TALK_REJECTED);
    sqlite3_bind_int(st, 2, TALK_SPAM);
    sqlite3_bind_int(st, 3, limit);
    int r = 0;
    while (*n < (size_t)limit && (r = store_step(db, st)) == 1)
        read_row_at(st, a, &(*out)[(*n)++]);
    sqlite3_reset(st);
    return *n < (size_t)limit && r < 0 ? -1 : 0;
}

static void read_int(sqlite3_stmt *st, void *ctx) { *(int *)ctx = sqlite3_column_int(st, 0); }

int talk_vote_of(struct store_conn *db, int64_t article_id, const unsigned char reader[TALK_HASH_BYTES],
                 int *stars)
{
    *stars = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_VOTE_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_blob(st, 2, reader, TALK_HASH_BYTES, SQLITE_STATIC);
    return store_step_once(db, st, read_int, stars);
}

int talk_votes_from(struct store_conn *db, int64_t article_id, const unsigned char address[TALK_HASH_BYTES],
                    long long *n)
{
    *n = 0;
    sqlite3_stmt *st = store_stmt(db, SQL_VOTES_FROM);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_blob(st, 2, address, TALK_HASH_BYTES, SQLITE_STATIC);
    return store_step_once(db, st, read_ll, n) < 0 ? -1 : 0;
}
