/* write.c - the only code that changes comments, votes, spent tokens and
 * the module's settings; see write.h. */
#include "talk/write.h"

#include <string.h>

#include "news/news.h"
#include "news/query.h"
#include "talk/rules.h"

static const char SQL_FORGET_SPENT[] = "DELETE FROM talk_spent WHERE expires_at < ?1";
static const char SQL_SPEND[] = "INSERT OR IGNORE INTO talk_spent(nonce, expires_at) VALUES (?1, ?2)";
static const char SQL_PARENT[] = "SELECT article_id, parent_id, state FROM talk_comment WHERE id = ?1";
/* a comment waiting or shown, of the last day, long enough not to be two
 * colleagues behind one address both writing "Đồng ý" */
static const char SQL_SENT_BEFORE[] =
    "SELECT 1 FROM talk_comment WHERE article_id = ?1 AND address_hash = ?2 AND body = ?3 AND state IN (0, 1) "
    "AND created_at > ?4 - 86400 AND length(?3) >= 20 LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO talk_comment(id, article_id, parent_id, name, email, body, state, desk_user, address_hash, "
    "created_at, moderated_at, moderated_by) VALUES ((SELECT max(coalesce((SELECT max(id) FROM talk_comment), 0), "
    "coalesce((SELECT value FROM talk_settings WHERE name = 'comment_deleted'), 0)) + 1), "
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?7)";
static const char SQL_SET_STATE[] =
    "UPDATE talk_comment SET state = ?2, moderated_at = ?3, moderated_by = ?4 WHERE id = ?1";
static const char SQL_EDIT[] = "UPDATE talk_comment SET body = ?2, edited_at = ?3, moderated_by = ?4 WHERE id = ?1";
static const char SQL_VOTE_INSERT[] =
    "INSERT INTO talk_vote(article_id, reader_hash, address_hash, stars, voted_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char SQL_VOTE_UPDATE[] =
    "UPDATE talk_vote SET stars = ?3, address_hash = ?4, voted_at = ?5 WHERE article_id = ?1 AND reader_hash = ?2";
static const char SQL_SETTING_SET[] =
    "INSERT INTO talk_settings(name, value) VALUES (?1, ?2) ON CONFLICT(name) DO UPDATE SET value = excluded.value";

/* The highest comment number deleted is kept (talk_settings'
 * "comment_deleted"), so that SQL_INSERT never gives it again: the audit
 * log and the moderators' links name comments by number. */
static const char SQL_FORGET_FLOOR[] =
    "INSERT INTO talk_settings(name, value) SELECT 'comment_deleted', max(id) FROM talk_comment WHERE article_id = ?1 "
    "HAVING count(*) > 0 ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)";
static const char SQL_FORGET_COMMENTS[] = "DELETE FROM talk_comment WHERE article_id = ?1";
static const char SQL_FORGET_VOTES[] = "DELETE FROM talk_vote WHERE article_id = ?1";

int talk_forget_article(struct store_conn *db, int64_t article_id)
{
    const char *const sqls[] = {SQL_FORGET_FLOOR, SQL_FORGET_COMMENTS, SQL_FORGET_VOTES};
    return store_write_by_id(db, sqls, sizeof sqls / sizeof sqls[0], article_id);
}

int talk_nonce_spend(struct store_conn *db, const unsigned char nonce[TALK_NONCE_BYTES], int64_t expires_at,
                     int64_t now)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_FORGET_SPENT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, now);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    st = store_stmt(db, SQL_SPEND);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_blob(st, 1, nonce, TALK_NONCE_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, expires_at);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, sqlite3_changes(db->db) == 0 ? TALK_SPENT : 0);
}

struct parent_row {
    int64_t article_id, parent_id;
    int state;
};

static void read_parent(sqlite3_stmt *st, void *ctx)
{
    struct parent_row *p = ctx;
    p->article_id = sqlite3_column_int64(st, 0);
    p->parent_id = sqlite3_column_int64(st, 1);
    p->state = sqlite3_column_int(st, 2);
}

static int parent_of(struct store_conn *db, int64_t id, struct parent_row *p)
{
    memset(p, 0, sizeof *p);
    sqlite3_stmt *st = store_stmt(db, SQL_PARENT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, read_parent, p);
}

/* Inserts a row; desk_user 0 for a reader. */
static int insert(struct store_conn *db, int64_t article_id, int64_t parent_id, struct str name, struct str email,
                  struct str body, int state, int64_t desk_user, const unsigned char *address, int64_t now,
                  int64_t *id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_INSERT);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_int64(st, 2, parent_id);
    store_bind_str(st, 3, name);
    store_bind_str(st, 4, email);
    store_bind_str(st, 5, body);
    sqlite3_bind_int(st, 6, state);
    sqlite3_bind_int64(st, 7, desk_user);
    sqlite3_bind_blob(st, 8, address ? (const void *)address : "", address ? TALK_HASH_BYTES : 0, SQLITE_STATIC);
    sqlite3_bind_int64(st, 9, now);
    sqlite3_bind_int64(st, 10, state == TALK_WAITING ? 0 : now);
    if (store_step_done(db, st) != 0)
        return -1;
    *id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

int talk_comment_add(struct store_conn *db, const struct talk_new_comment *c, int64_t *id, int64_t *wait,
                     const char **problem)
{
    *wait = 0;
    const char *bad = talk_name_problem(c->name);
    if (!bad)
        bad = talk_email_problem(c->email);
    if (!bad)
        bad = talk_text_problem(c->body);
    if (bad) {
        *problem = bad;
        return TALK_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int r = news_is_published(db, c->article_id, c->now, NULL, NULL);
    if (r <= 0)
        return store_write_finish(db, r < 0 ? -1 : TALK_GONE);
    if (c->parent_id) {
        struct parent_row p;
        if ((r = parent_of(db, c->parent_id, &p)) < 0)
            return store_write_finish(db, -1);
        if (r == 0 || p.article_id != c->article_id || p.parent_id != 0 || p.state != TALK_APPROVED) {
            *problem = "Ý kiến bạn muốn trả lời không còn trên trang.";
            return store_write_finish(db, TALK_INVALID);
        }
    }
    if (talk_rate_wait(db, c->address_hash, c->now, wait) != 0)
        return store_write_finish(db, -1);
    if (*wait > 0)
        return store_write_finish(db, TALK_TOO_FAST);
    /* the same words under the same article from the same address: sent
     * already (Back and send again, a minute later), not a second comment */
    sqlite3_stmt *st = store_stmt(db, SQL_SENT_BEFORE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, c->article_id);
    sqlite3_bind_blob(st, 2, c->address_hash ? (const void *)c->address_hash : "",
                      c->address_hash ? TALK_HASH_BYTES : 0, SQLITE_STATIC);
    store_bind_str(st, 3, talk_trim(c->body));
    sqlite3_bind_int64(st, 4, c->now);
    int before = store_step_once(db, st, NULL, NULL);
    if (before != 0) {
        if (before > 0)
            *problem = "Ý kiến này bạn đã gửi cho bài viết này rồi (đang chờ duyệt hoặc đã đăng): không cần gửi lại.";
        return store_write_finish(db, before > 0 ? TALK_INVALID : -1);
    }
    int state = c->approved ? TALK_APPROVED : TALK_WAITING;
    if (insert(db, c->article_id, c->parent_id, talk_trim(c->name), talk_trim(c->email), talk_trim(c->body), state,
               0, c->address_hash, c->now, id) != 0)
        return store_write_finish(db, -1);
    if (c->approved)
        store_touch(db, "talk:%lld", (long long)c->article_id);
    return store_write_finish(db, 0);
}

/* The comment `id` inside an open write: 1, or a refusal already
 * finished (the caller returns what this returns when it is not 1). */
static int find_for_change(struct store_conn *db, int64_t id, struct parent_row *p, const char **problem)
{
    int r = parent_of(db, id, p);
    if (r < 0)
        return store_write_finish(db, -1);
    if (r == 0) {
        *problem = "Ý kiến này không còn tồn tại.";
        return store_write_finish(db, TALK_INVALID);
    }
    return 1;
}

static int set_state(struct store_conn *db, int64_t id, int state, int64_t user, int64_t now)
{
    sqlite3_stmt *st = store_stmt(db, SQL_SET_STATE);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, state);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, user);
    return store_step_done(db, st);
}

int talk_comment_set_state(struct store_conn *db, int64_t id, enum talk_state state, int64_t user, int64_t now,
                           int64_t *article_id, const char **problem)
{
    if (state != TALK_APPROVED && state != TALK_REJECTED && state != TALK_SPAM) {
        *problem = "Việc cần làm với ý kiến không hợp lệ.";
        return TALK_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    struct parent_row p;
    int r = find_for_change(db, id, &p, problem);
    if (r != 1)
        return r;
    *article_id = p.article_id;
    if (p.state == (int)state)
        return store_write_finish(db, 0) == 0 ? 1 : -1;
    if (set_state(db, id, state, user, now) != 0)
        return store_write_finish(db, -1);
    if (p.state == TALK_APPROVED || state == TALK_APPROVED)
        store_touch(db, "talk:%lld", (long long)p.article_id);
    return store_write_finish(db, 0);
}

int talk_comment_edit(struct store_conn *db, int64_t id, struct str body, int64_t user, int64_t now,
                      int64_t *article_id, const char **problem)
{
    const char *bad = talk_text_problem(body);
    if (bad) {
        *problem = bad;
        return TALK_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    struct parent_row p;
    int r = find_for_change(db, id, &p, problem);
    if (r != 1)
        return r;
    *article_id = p.article_id;
    sqlite3_stmt *st = store_stmt(db, SQL_EDIT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    store_bind_str(st, 2, talk_trim(body));
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, user);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (p.state == TALK_APPROVED)
        store_touch(db, "talk:%lld", (long long)p.article_id);
    return store_write_finish(db, 0);
}

int talk_comment_answer(struct store_conn *db, int64_t id, struct str body, int64_t user, int64_t now,
                        int64_t *article_id, int64_t *answer_id, const char **problem)
{
    const char *bad = talk_text_problem(body);
    if (bad) {
        *problem = bad;
        return TALK_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    struct parent_row p;
    int r = find_for_change(db, id, &p, problem);
    if (r != 1)
        return r;
    /* One level: an answer to a reply goes under the comment it answers. */
    int64_t top = p.parent_id ? p.parent_id : id;
    if (p.parent_id && (r = find_for_change(db, top, &p, problem)) != 1)
        return r;
    if (p.state == TALK_REJECTED || p.state == TALK_SPAM) {
        *problem = "Ý kiến này đã bị từ chối hoặc đánh dấu là thư rác: không trả lời được.";
        return store_write_finish(db, TALK_INVALID);
    }
    *article_id = p.article_id;
    if (p.state == TALK_WAITING && set_state(db, top, TALK_APPROVED, user, now) != 0)
        return store_write_finish(db, -1);
    if (insert(db, p.article_id, top, STR("Ban biên tập"), STR(""), talk_trim(body), TALK_APPROVED, user, NULL, now,
               answer_id) != 0)
        return store_write_finish(db, -1);
    store_touch(db, "talk:%lld", (long long)p.article_id);
    return store_write_finish(db, 0);
}

int talk_vote_cast(struct store_conn *db, int64_t article_id, const unsigned char reader[TALK_HASH_BYTES],
                   const unsigned char address[TALK_HASH_BYTES], int stars, int64_t now, long long *sum,
                   long long *count, const char **problem)
{
    if (stars < 1 || stars > 5) {
        *problem = "Hãy chọn từ 1 đến 5 sao.";
        return TALK_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int r = news_is_published(db, article_id, now, NULL, NULL);
    if (r <= 0)
        return store_write_finish(db, r < 0 ? -1 : TALK_GONE);
    int before = 0;
    if ((r = talk_vote_of(db, article_id, reader, &before)) < 0)
        return store_write_finish(db, -1);
    if (r == 0) {
        long long from_address;
        if (talk_votes_from(db, article_id, address, &from_address) != 0)
            return store_write_finish(db, -1);
        if (from_address >= TALK_VOTES_PER_ADDRESS)
            return store_write_finish(db, TALK_TOO_FAST);
    }
    sqlite3_stmt *st = store_stmt(db, r ? SQL_VOTE_UPDATE : SQL_VOTE_INSERT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, article_id);
    sqlite3_bind_blob(st, 2, reader, TALK_HASH_BYTES, SQLITE_STATIC);
    if (r) {
        sqlite3_bind_int(st, 3, stars);
        sqlite3_bind_blob(st, 4, address, TALK_HASH_BYTES, SQLITE_STATIC);
    } else {
        sqlite3_bind_blob(st, 3, address, TALK_HASH_BYTES, SQLITE_STATIC);
        sqlite3_bind_int(st, 4, stars);
    }
    sqlite3_bind_int64(st, 5, now);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    int stars_delta = stars - before, count_delta = r ? 0 : 1;
    if (stars_delta || count_delta) {
        int rc = news_article_add_rating(db, article_id, stars_delta, count_delta, problem);
        if (rc != 0)
            return store_write_finish(db, rc == NEWS_INVALID ? TALK_GONE : -1);
    }
    if (news_is_published(db, article_id, now, sum, count) < 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, 0);
}

int talk_setting_set(struct store_conn *db, const char *name, int64_t value)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_SETTING_SET);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, value);
    return store_write_finish(db, store_step_done(db, st));
}
