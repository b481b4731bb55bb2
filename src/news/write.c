/*
 * write.c - the only code that changes articles and tags; see news.h for the contract and the cache tags.
 *
 * Each function checks its input first (nothing is written when it is not
 * acceptable), then runs in one write transaction (a savepoint when the
 * caller has one open, as the demo does for a whole database), and names
 * the cache tags of what it changed before the commit hands them to the
 * page cache.
 */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "media/media.h"
#include "news/body.h"
#include "news/news.h"
#include "site/site.h"
#include "text/utf8.h"
#include "text/vi.h"

#define TITLE_MAX 500        /* characters */
#define SUMMARY_MAX 4000     /* characters */
#define BODY_MAX (1u << 20)  /* an article's text; its pictures are apart */
#define LINE_MAX_CHARS 500   /* author, source, caption */

static const char SQL_INSERT[] =
    "INSERT INTO article(id, category_id, slug, title, summary, body, author, source, image_id, image_caption, "
    "featured, status, published_at, updated_at, views, rating_sum, rating_count, body_format, owner_id, "
    "expires_at, created_at, updated_by, search_body, autosaved, title_key) "
    "VALUES (coalesce(nullif(?1, 0), (SELECT max(coalesce((SELECT max(id) FROM article), 0), "
    "coalesce((SELECT value FROM news_counter WHERE name = 'article_deleted'), 0)) + 1)), "
    "?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, 0), ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?14, ?21, ?22, ?23, vi_sort_key(?4))";
/* updated_at is also the version a form is drawn from (desk.c's
 * phien-ban): it moves forward on every save, a second past the last one
 * when two come within the same second, so that a save after a form was
 * drawn always shows as one. */
static const char SQL_UPDATE[] =
    "UPDATE article SET category_id = ?2, slug = ?3, title = ?4, title_key = vi_sort_key(?4), summary = ?5, body = ?6, "
    "author = ?7, source = ?8, "
    "image_id = nullif(?9, 0), image_caption = ?10, featured = ?11, status = ?12, published_at = ?13, "
    "updated_at = max(?14, updated_at + 1), body_format = ?18, "
    "owner_id = CASE WHEN ?19 > 0 THEN ?19 ELSE owner_id END, expires_at = ?20, "
    "updated_by = CASE WHEN ?21 > 0 THEN ?21 ELSE updated_by END, search_body = ?22, autosaved = ?23 WHERE id = ?1";
/* The version a save replaces: always for a save by hand; for an autosave,
 * when that version was saved by hand or is 10 minutes old (a new sitting
 * of one person's typing keeps one revision, not one every 15 seconds).
 * Never when its words are those of the newest revision already kept: a
 * save that changed no words (sent for approval, then published) would
 * list the same version twice. */
static const char SQL_REVISION[] =
    "INSERT INTO article_revision(article_id, saved_at, saved_by, title, summary, body, body_format) "
    "SELECT a.id, a.updated_at, a.updated_by, a.title, a.summary, a.body, a.body_format FROM article a WHERE a.id = ?1 "
    "AND (?4 = 0 OR a.autosaved = 0 OR a.updated_at < ?2 - 600) AND NOT EXISTS (SELECT 1 FROM (SELECT r.title, "
    "r.summary, r.body, r.body_format FROM article_revision r WHERE r.article_id = ?1 ORDER BY r.id DESC LIMIT 1) k "
    "WHERE k.title = a.title AND k.summary = a.summary AND k.body = a.body AND k.body_format = a.body_format)";
static const char SQL_STATUS_OF[] = "SELECT category_id, status, trashed_from FROM article WHERE id = ?1";
static const char SQL_SET_STATUS[] =
    "UPDATE article SET status = ?2, review_note = ?3, trashed_from = ?4, "
    "published_at = CASE WHEN ?5 > 0 THEN ?5 ELSE published_at END WHERE id = ?1";
static const char SQL_DUE[] =
    "SELECT id, category_id FROM article WHERE status = 1 AND published_at > ?1 AND published_at <= ?2";
static const char SQL_EXPIRED[] =
    "SELECT id, category_id FROM article WHERE status = 1 AND expires_at > 0 AND expires_at <= ?1";
static const char SQL_EXPIRE[] = "UPDATE article SET status = 4 WHERE id = ?1";
static const char SQL_CATEGORY_OF[] = "SELECT category_id FROM article WHERE id = ?1";
static const char SQL_SAVED_AFTER[] =
    "SELECT 1 FROM article WHERE id = ?1 AND updated_at > ?2 AND coalesce(updated_by, 0) <> ?3";
static const char SQL_TAG_EXISTS[] = "SELECT 1 FROM tag WHERE id = ?1";
static const char SQL_TAGS_CLEAR[] = "DELETE FROM article_tag WHERE article_id = ?1";
static const char SQL_TAG_ADD[] =
    "INSERT OR IGNORE INTO article_tag(article_id, tag_id, position) VALUES (?1, ?2, ?3)";
static const char SQL_PUBLISH[] = "UPDATE article SET status = 1, published_at = ?2, updated_at = max(updated_at, ?2) "
                                  "WHERE id = ?1";
static const char SQL_UNPUBLISH[] = "UPDATE article SET status = 0 WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM article WHERE id = ?1";
static const char SQL_REVISIONS_DELETE[] = "DELETE FROM article_revision WHERE article_id = ?1";
/* The highest id deleted: never given again (migration 034). */
static const char SQL_DELETED_FLOOR[] =
    "INSERT INTO news_counter(name, value) VALUES ('article_deleted', ?1) "
    "ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)";
static const char SQL_ADD_RATING[] = "UPDATE article SET rating_sum = max(0, rating_sum + ?2), "
                                     "rating_count = max(0, rating_count + ?3) WHERE id = ?1";
static const char SQL_ADD_VIEWS[] = "UPDATE article SET views = views + ?2 WHERE id = ?1";
static const char SQL_EXTRA_OF[] = "SELECT category_id FROM article_category WHERE article_id = ?1";
static const char SQL_TAGS_OF[] = "SELECT tag_id FROM article_tag WHERE article_id = ?1";
static const char SQL_EXTRA_DROP[] = "DELETE FROM article_category WHERE article_id = ?1 AND category_id = ?2";
static const char SQL_EXTRA_CLEAR[] = "DELETE FROM article_category WHERE article_id = ?1";
/* The main category is never an extra one; published_at is the article's
 * (the trigger of 018 keeps it in step afterwards). */
static const char SQL_EXTRA_ADD[] =
    "INSERT OR IGNORE INTO article_category(article_id, category_id, published_at) "
    "SELECT id, ?2, published_at FROM article WHERE id = ?1 AND category_id <> ?2";
static const char SQL_TAG_BY_SLUG[] = "SELECT id FROM tag WHERE slug = ?1";
static const char SQL_TAG_INSERT[] = "INSERT INTO tag(id, slug, name) VALUES (nullif(?1, 0), ?2, ?3)";

/* Binds text; an empty string binds '' (a NULL pointer would bind SQL
 * NULL and break the NOT NULL columns). The bytes outlive the step. */
/* 1 if the row exists, 0 if not, -1 on a failure. */
static int exists(struct store_conn *db, const char *sql, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, NULL, NULL);
}

static bool text_ok(struct str s, size_t max)
{
    return s.n == 0 || (s.n <= max && utf8_valid(s) && !memchr(s.p, '\0', s.n));
}

/* At most `max` characters, as the form's maxlength counts them. */
static bool chars_ok(struct str s, size_t max)
{
    return s.n == 0 || (s.n <= 4 * max && text_ok(s, 4 * max) && utf8_count(s) <= max);
}

static const char *check_article(const struct news_article_input *in)
{
    if (utf8_is_blank(in->title))
        return "Bài viết cần có tiêu đề.";
    if (!chars_ok(in->title, TITLE_MAX))
        return "Tiêu đề quá dài (tối đa 500 ký tự) hoặc chứa ký tự không hợp lệ.";
    if (!chars_ok(in->summary, SUMMARY_MAX))
        return "Phần tóm tắt quá dài (tối đa 4.000 ký tự) hoặc chứa ký tự không hợp lệ.";
    if (!text_ok(in->body, BODY_MAX))
        return "Nội dung bài viết quá dài (tối đa 1 MB chữ) hoặc chứa ký tự không hợp lệ.";
    if (!chars_ok(in->author, LINE_MAX_CHARS) || !chars_ok(in->source, LINE_MAX_CHARS) ||
        !chars_ok(in->image_caption, LINE_MAX_CHARS))
        return "Tác giả, nguồn hoặc chú thích ảnh quá dài hoặc chứa ký tự không hợp lệ.";
    if (in->slug.n > NEWS_SLUG_MAX)
        return "Đường dẫn của bài quá dài.";
    for (size_t i = 0; i < in->slug.n; i++) {
        char c = in->slug.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return "Đường dẫn của bài chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.";
    }
    if (in->status != NEWS_DRAFT && in->status != NEWS_PUBLISHED_STATUS && in->status != NEWS_WAITING &&
        in->status != NEWS_RETURNED && in->status != NEWS_UNPUBLISHED && in->status != NEWS_TRASH)
        return "Trạng thái bài viết không hợp lệ.";
    if (in->published_at <= 0)
        return "Bài viết cần có thời điểm đăng.";
    if (in->expires_at && in->expires_at <= in->published_at)
        return "Thời điểm hết hạn phải sau thời điểm đăng.";
    if (in->body_format != 0 && in->body_format != 1)
        return "Định dạng nội dung không hợp lệ.";
    return NULL;
}

/* Touches "tag:T" for each tag of article `id`: the pages whose related
 * list is tag T's newest articles (news.c) change when one of them comes,
 * goes or changes. 0 or -1. */
static int touch_tags(struct store_conn *db, int64_t id)
{
    sqlite3_stmt *st = store_stmt(db, SQL_TAGS_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = store_step(db, st)) == 1)
        store_touch(db, "tag:%lld", (long long)sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return r < 0 ? -1 : 0;
}

/* Touches what pages showing article `id` of main category `category`
 * depend on: its pages, the lists of its main and of its other categories
 * (article_category), the lists of every category, and the related lists
 * of its tags. 0 or -1. */
static int touch_article(struct store_conn *db, int64_t id, int64_t category)
{
    store_touch(db, "art:%lld", (long long)id);
    store_touch(db, "cat:%lld", (long long)category);
    store_touch(db, "news");
    sqlite3_stmt *st = store_stmt(db, SQL_EXTRA_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int r;
    while ((r = store_step(db, st)) == 1)
        store_touch(db, "cat:%lld", (long long)sqlite3_column_int64(st, 0));
    sqlite3_reset(st);
    return r < 0 ? -1 : touch_tags(db, id);
}

/* An article's category, state and the state it had before the trash. */
struct status_row {
    int64_t category;
    int status, trashed_from;
};

static void read_status(sqlite3_stmt *st, void *ctx)
{
    struct status_row *r = ctx;
    r->category = sqlite3_column_int64(st, 0);
    r->status = sqlite3_column_int(st, 1);
    r->trashed_from = sqlite3_column_int(st, 2);
}

/* The article's category: 1, 0 if there is no such article, -1. */
static int category_of(struct store_conn *db, int64_t id, int64_t *category)
{
    sqlite3_stmt *st = store_stmt(db, SQL_CATEGORY_OF);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return store_step_once(db, st, store_read_int64, category);
}

/* Replaces the article's tags. Pages that show it in a "related" list
 * carry its art: tag already, so a tag change touches nothing more. */
static int replace_tags(struct store_conn *db, int64_t id, const int64_t *tags, size_t n)
{
    return store_replace_links(db, SQL_TAGS_CLEAR, SQL_TAG_ADD, id, tags, n);
}

/* Tells the media library which files the article shows (its cover and
 * the pictures of its body), so that none of them is deleted while it
 * does. */
static int record_media_use(struct store_conn *db, int64_t id, const struct news_article_input *in)
{
    struct arena a;
    arena_init(&a, 1024);
    size_t n_ids = 0;
    int64_t *ids = NULL;
    struct str html = STR("");
    if (in->body_format == 1) {
        html = in->body;
    } else {
        struct body_item *items;
        size_t n = news_body_parse(&a, in->body, &items);
        ids = ARENA_ARRAY(&a, int64_t, n + 1);
        for (size_t i = 0; i < n; i++)
            if (items[i].kind == NEWS_IMAGE)
                ids[n_ids++] = items[i].media_id;
    }
    if (!ids)
        ids = ARENA_ARRAY(&a, int64_t, 1);
    if (in->image_id)
        ids[n_ids++] = in->image_id;
    int rc = media_use_set(db, "article", id, ids, n_ids, html);
    arena_free(&a);
    return rc;
}

/* Whether file `id` of the media library can be a cover: 1 (a picture),
 * 0 with *problem (missing, or not a picture), -1. */
static int cover_ok(struct store_conn *db, int64_t id, const char **problem)
{
    struct arena a;
    arena_init(&a, 512);
    struct media_image img;
    int r = media_image_get(db, &a, id, &img);
    if (r == 0)
        *problem = "Ảnh đại diện đã chọn không còn trong thư viện.";
    else if (r > 0 && !img.image) {
        *problem = "Tệp đã chọn làm ảnh đại diện không phải là ảnh.";
        r = 0;
    }
    arena_free(&a);
    return r;
}

static const char SQL_TEXT_MISSING[] =
    "SELECT id, body, body_format FROM article WHERE search_body = '' AND body <> '' AND id > ?1 ORDER BY id LIMIT 500";
static const char SQL_TEXT_SET[] = "UPDATE article SET search_body = ?2 WHERE id = ?1";

int news_search_text_fill(struct store_conn *db, int *filled)
{
    *filled = 0;
    int64_t after = 0;
    for (;;) {
        if (store_write_begin(db) != 0)
            return -1;
        struct arena a;
        arena_init(&a, 1 << 16);
        sqlite3_stmt *st = store_stmt(db, SQL_TEXT_MISSING);
        int rc = st ? 0 : -1, step = 0, batch = 0;
        struct row {
            int64_t id;
            struct str body;
            int format;
        } *rows = ARENA_ARRAY(&a, struct row, 500);
        if (st) {
            sqlite3_bind_int64(st, 1, after);
            while ((step = store_step(db, st)) == 1) {
                rows[batch].id = sqlite3_column_int64(st, 0);
                rows[batch].body = store_col_copy(&a, st, 1);
                rows[batch].format = sqlite3_column_int(st, 2);
                batch++;
            }
            sqlite3_reset(st);
            rc = step < 0 ? -1 : 0;
        }
        for (int i = 0; rc == 0 && i < batch; i++) {
            struct buf text = BUF_INIT;
            news_body_text(&text, &a, rows[i].body, rows[i].format);
            st = store_stmt(db, SQL_TEXT_SET);
            if (!st) {
                rc = -1;
            } else {
                sqlite3_bind_int64(st, 1, rows[i].id);
                /* never '' again for a body with no words at all */
                store_bind_str(st, 2, text.n ? buf_str(&text) : STR(" "));
                rc = store_step_done(db, st);
            }
            buf_free(&text);
            after = rows[i].id;
        }
        arena_free(&a);
        if (store_write_finish(db, rc) != 0)
            return -1;
        *filled += batch;
        if (batch < 500)
            return 0;
    }
}

int news_article_save(struct store_conn *db, const struct news_article_input *in, int64_t *id_out,
                      const char **problem)
{
    const char *bad = check_article(in);
    if (bad) {
        *problem = bad;
        return NEWS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    int rc = -1;
    int64_t old_category = 0;
    bool update = in->id > 0 && !in->create;
    struct buf slug = BUF_INIT;
    sqlite3_stmt *st;

    int r = site_category_exists(db, in->category_id);
    if (r <= 0) {
        if (r == 0) {
            *problem = "Chuyên mục đã chọn không tồn tại.";
            rc = NEWS_INVALID;
        }
        goto out;
    }
    if (in->image_id && (r = cover_ok(db, in->image_id, problem)) <= 0) {
        if (r == 0)
            rc = NEWS_INVALID;
        goto out;
    }
    for (size_t i = 0; in->extra_category_ids && i < in->n_extra_categories; i++)
        if ((r = site_category_exists(db, in->extra_category_ids[i])) <= 0) {
            if (r == 0) {
                *problem = "Một chuyên mục khác đã chọn không tồn tại.";
                rc = NEWS_INVALID;
            }
            goto out;
        }
    for (size_t i = 0; in->tag_ids && i < in->n_tags; i++)
        if ((r = exists(db, SQL_TAG_EXISTS, in->tag_ids[i])) <= 0) {
            if (r == 0) {
                *problem = "Một từ khóa đã chọn không tồn tại.";
                rc = NEWS_INVALID;
            }
            goto out;
        }
    if (update && (r = category_of(db, in->id, &old_category)) <= 0) {
        if (r == 0) {
            *problem = "Bài viết không còn tồn tại.";
            rc = NEWS_INVALID;
        }
        goto out;
    }
    if (update && in->check_status) {
        struct status_row now;
        st = store_stmt(db, SQL_STATUS_OF);
        if (!st)
            goto out;
        sqlite3_bind_int64(st, 1, in->id);
        if ((r = store_step_once(db, st, read_status, &now)) <= 0)
            goto out; /* gone: category_of above would have said so */
        if (now.status != in->status) {
            *problem = "Bài vừa được chuyển sang trạng thái khác trong lúc lưu.";
            rc = NEWS_STATE_MOVED;
            goto out;
        }
    }
    if (update && in->expect_version > 0) {
        st = store_stmt(db, SQL_SAVED_AFTER);
        if (!st)
            goto out;
        sqlite3_bind_int64(st, 1, in->id);
        sqlite3_bind_int64(st, 2, in->expect_version);
        sqlite3_bind_int64(st, 3, in->saved_by);
        r = store_step(db, st);
        sqlite3_reset(st);
        if (r != 0) {
            if (r == 1) {
                *problem = "Bài đã được người khác lưu sau khi bạn mở trang này.";
                rc = NEWS_CONFLICT;
            }
            goto out;
        }
    }
    if (in->slug.n)
        buf_put(&slug, in->slug);
    else if (vi_slug(&slug, in->title, NEWS_SLUG_MAX) != 0 || slug.n == 0)
        buf_puts(&slug, "bai-viet");

    if (update && in->saved_by) { /* the version this save replaces, as its saver left it */
        st = store_stmt(db, SQL_REVISION);
        if (!st)
            goto out;
        sqlite3_bind_int64(st, 1, in->id);
        sqlite3_bind_int64(st, 2, in->updated_at);
        sqlite3_bind_int(st, 4, in->autosave);
        if (store_step_done(db, st) != 0)
            goto out;
    }
    st = store_stmt(db, update ? SQL_UPDATE : SQL_INSERT);
    if (!st)
        goto out;
    sqlite3_bind_int64(st, 1, update || in->create ? in->id : 0);
    sqlite3_bind_int64(st, 2, in->category_id);
    store_bind_str(st, 3, buf_str(&slug));
    store_bind_str(st, 4, in->title);
    store_bind_str(st, 5, in->summary);
    store_bind_str(st, 6, in->body);
    store_bind_str(st, 7, in->author);
    store_bind_str(st, 8, in->source);
    sqlite3_bind_int64(st, 9, in->image_id);
    store_bind_str(st, 10, in->image_caption);
    sqlite3_bind_int(st, 11, in->featured);
    sqlite3_bind_int(st, 12, in->status);
    sqlite3_bind_int64(st, 13, in->published_at);
    sqlite3_bind_int64(st, 14, in->updated_at ? in->updated_at : in->published_at);
    if (!update) {
        sqlite3_bind_int64(st, 15, in->views);
        sqlite3_bind_int64(st, 16, in->rating_sum);
        sqlite3_bind_int64(st, 17, in->rating_count);
    }
    sqlite3_bind_int(st, 18, in->body_format);
    sqlite3_bind_int64(st, 19, in->owner_id);
    sqlite3_bind_int64(st, 20, in->expires_at);
    sqlite3_bind_int64(st, 21, in->saved_by);
    sqlite3_bind_int(st, 23, in->autosave);
    /* What the search indexes and quotes: the words, not the markup. */
    struct arena text_arena;
    arena_init(&text_arena, 4096);
    struct buf text = BUF_INIT;
    news_body_text(&text, &text_arena, in->body, in->body_format);
    store_bind_str(st, 22, buf_str(&text));
    int stepped = store_step_done(db, st);
    buf_free(&text);
    arena_free(&text_arena);
    if (stepped != 0)
        goto out;
    int64_t id = update || in->create ? in->id : sqlite3_last_insert_rowid(db->db);
    /* the tags it leaves (touch_article below touches those it has then) */
    if (in->tag_ids && update && touch_tags(db, id) != 0)
        goto out;
    if (in->tag_ids && replace_tags(db, id, in->tag_ids, in->n_tags) != 0)
        goto out;
    /* The lists of the categories it leaves and of those it joins. */
    if (touch_article(db, id, in->category_id) != 0)
        goto out;
    if (in->extra_category_ids) {
        if (store_replace_links(db, SQL_EXTRA_CLEAR, SQL_EXTRA_ADD, id, in->extra_category_ids,
                                in->n_extra_categories) != 0 ||
            touch_article(db, id, in->category_id) != 0)
            goto out;
    } else if (update) { /* kept, but a category that became the main one is no longer an extra */
        st = store_stmt(db, SQL_EXTRA_DROP);
        if (!st)
            goto out;
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, in->category_id);
        if (store_step_done(db, st) != 0)
            goto out;
    }
    if (old_category && old_category != in->category_id)
        store_touch(db, "cat:%lld", (long long)old_category);
    /* Saved published with an expiry already past: down at once, in this
     * commit, as the scheduler would take it down at its next tick (the
     * public pages do not read the expiry; their lists were touched above). */
    if (in->status == NEWS_PUBLISHED_STATUS && in->expires_at > 0 && in->expires_at <= in->updated_at) {
        st = store_stmt(db, SQL_EXPIRE);
        if (!st)
            goto out;
        sqlite3_bind_int64(st, 1, id);
        if (store_step_done(db, st) != 0)
            goto out;
    }
    if (in->image_id)
        store_touch(db, "media:%lld", (long long)in->image_id);
    if (record_media_use(db, id, in) != 0)
        goto out;
    if (id_out)
        *id_out = id;
    rc = 0;
out:
    buf_free(&slug);
    return store_write_finish(db, rc);
}

/* Publishing, unpublishing and deleting share this: find the article,
 * run `sql` on it, touch its pages. */
static int change(struct store_conn *db, int64_t id, const char *sql, int64_t when, const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    int64_t category = 0;
    int rc = -1;
    int r = category_of(db, id, &category);
    if (r == 0) {
        *problem = "Bài viết không còn tồn tại.";
        rc = NEWS_INVALID;
    }
    if (r <= 0)
        return store_write_finish(db, rc);
    /* before the statement: a deleted article's other categories go with it */
    if (touch_article(db, id, category) != 0)
        return store_write_finish(db, -1);
    sqlite3_stmt *st = store_stmt(db, sql);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    if (sql == SQL_PUBLISH)
        sqlite3_bind_int64(st, 2, when);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, 0);
}

int news_article_publish(struct store_conn *db, int64_t id, int64_t when, const char **problem)
{
    return change(db, id, SQL_PUBLISH, when, problem);
}

int news_article_unpublish(struct store_conn *db, int64_t id, const char **problem)
{
    return change(db, id, SQL_UNPUBLISH, 0, problem);
}

enum { DELETE_FNS = 4 };
static news_delete_fn delete_fns[DELETE_FNS];
static size_t n_delete_fns;

void news_on_delete(news_delete_fn fn)
{
    assert(n_delete_fns < DELETE_FNS); /* a programming error, found at start-up */
    delete_fns[n_delete_fns++] = fn;
}

int news_article_delete(struct store_conn *db, int64_t id, const char **problem)
{
    /* The article lets go of its pictures, revisions and what other
     * modules keep of it in the same transaction, and its id is kept from
     * being given again (SQL_INSERT reads the floor). */
    if (store_write_begin(db) != 0)
        return -1;
    int rc = change(db, id, SQL_DELETE, 0, problem);
    if (rc == 0)
        rc = media_use_set(db, "article", id, NULL, 0, STR(""));
    const char *const sqls[] = {SQL_REVISIONS_DELETE, SQL_DELETED_FLOOR};
    if (rc == 0)
        rc = store_write_by_id(db, sqls, sizeof sqls / sizeof sqls[0], id);
    for (size_t i = 0; i < n_delete_fns && rc == 0; i++)
        rc = delete_fns[i](db, id) == 0 ? 0 : -1;
    return store_write_finish(db, rc);
}

int news_article_add_rating(struct store_conn *db, int64_t id, int stars_delta, int count_delta,
                            const char **problem)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_ADD_RATING);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, stars_delta);
    sqlite3_bind_int(st, 3, count_delta);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if (sqlite3_changes(db->db) == 0) {
        *problem = "Bài viết không còn tồn tại.";
        return store_write_finish(db, NEWS_INVALID);
    }
    /* Only the article's own page shows its rating. */
    store_touch(db, "art:%lld", (long long)id);
    return store_write_finish(db, 0);
}

int news_article_add_views(struct store_conn *db, int64_t id, long long views)
{
    /* No tag is touched: a page keeps the count of its rendering, and a
     * view must not drop pages from the cache. */
    return store_write_ints(db, SQL_ADD_VIEWS, id, views);
}

const char *news_status_title(int status)
{
    switch (status) {
    case NEWS_DRAFT: return "Nháp";
    case NEWS_PUBLISHED_STATUS: return "Đã đăng";
    case NEWS_WAITING: return "Chờ duyệt";
    case NEWS_RETURNED: return "Trả lại";
    case NEWS_UNPUBLISHED: return "Đã gỡ";
    case NEWS_TRASH: return "Thùng rác";
    }
    return "";
}

int news_article_set_status(struct store_conn *db, int64_t id, int status, int64_t when, struct str note,
                            const char **problem)
{
    if (!chars_ok(note, 2000)) {
        *problem = "Ý kiến gửi người viết dài quá 2.000 ký tự hoặc chứa ký tự không hợp lệ.";
        return NEWS_INVALID;
    }
    if (store_write_begin(db) != 0)
        return -1;
    struct status_row row;
    sqlite3_stmt *st = store_stmt(db, SQL_STATUS_OF);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    int r = store_step_once(db, st, read_status, &row);
    if (r <= 0) {
        if (r == 0)
            *problem = "Bài viết không còn tồn tại.";
        return store_write_finish(db, r == 0 ? NEWS_INVALID : -1);
    }
    int trashed_from = 0;
    if (status == NEWS_TRASH) {
        trashed_from = row.status == NEWS_TRASH ? row.trashed_from : row.status;
    } else if (status == NEWS_DRAFT && row.status == NEWS_TRASH) {
        /* Restored: back where it was, but never straight onto the site. */
        status = row.trashed_from == NEWS_PUBLISHED_STATUS ? NEWS_UNPUBLISHED : row.trashed_from;
    }
    st = store_stmt(db, SQL_SET_STATUS);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int(st, 2, status);
    store_bind_str(st, 3, note);
    sqlite3_bind_int(st, 4, trashed_from);
    sqlite3_bind_int64(st, 5, status == NEWS_PUBLISHED_STATUS ? when : 0);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    if ((row.status == NEWS_PUBLISHED_STATUS || status == NEWS_PUBLISHED_STATUS) &&
        touch_article(db, id, row.category) != 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, 0);
}

/* Touches the pages of each (id, category) row of `st`, and runs `then`
 * (may be NULL) on each id. Every row is read first (the statement is
 * done before `then` writes): a tick that finds thousands due touches
 * them all, or their categories' pages would never learn of them. */
static int touch_rows(struct store_conn *db, sqlite3_stmt *st, const char *then, int *changed)
{
    int64_t *rows = NULL;
    size_t n = 0, cap = 0;
    int r;
    while ((r = store_step(db, st)) == 1) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            int64_t *more = realloc(rows, cap * 2 * sizeof *rows);
            if (!more)
                abort();
            rows = more;
        }
        rows[2 * n] = sqlite3_column_int64(st, 0);
        rows[2 * n + 1] = sqlite3_column_int64(st, 1);
        n++;
    }
    sqlite3_reset(st);
    int rc = r < 0 ? -1 : 0;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (then) {
            sqlite3_stmt *u = store_stmt(db, then);
            if (!u) {
                rc = -1;
                break;
            }
            sqlite3_bind_int64(u, 1, rows[2 * i]);
            if (store_step_done(db, u) != 0) {
                rc = -1;
                break;
            }
        }
        if (touch_article(db, rows[2 * i], rows[2 * i + 1]) != 0)
            rc = -1;
    }
    free(rows);
    if (rc == 0)
        *changed += (int)n;
    return rc;
}

int news_schedule_tick(struct store_conn *db, int64_t since, int64_t now, int *changed)
{
    *changed = 0;
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_DUE);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, now);
    if (touch_rows(db, st, NULL, changed) != 0)
        return store_write_finish(db, -1);
    st = store_stmt(db, SQL_EXPIRED);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, now);
    if (touch_rows(db, st, SQL_EXPIRE, changed) != 0)
        return store_write_finish(db, -1);
    return store_write_finish(db, 0);
}

int news_tag_ensure(struct store_conn *db, int64_t id, struct str slug, struct str name, int64_t *out)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_TAG_BY_SLUG);
    if (!st)
        return store_write_finish(db, -1);
    store_bind_str(st, 1, slug);
    int r = store_step_once(db, st, store_read_int64, out);
    if (r != 0)
        return store_write_finish(db, r < 0 ? -1 : 0);
    st = store_stmt(db, SQL_TAG_INSERT);
    if (!st)
        return store_write_finish(db, -1);
    sqlite3_bind_int64(st, 1, id);
    store_bind_str(st, 2, slug);
    store_bind_str(st, 3, name);
    if (store_step_done(db, st) != 0)
        return store_write_finish(db, -1);
    *out = id ? id : sqlite3_last_insert_rowid(db->db);
    return store_write_finish(db, 0);
}

static const char SQL_INDEX_TRIGGERS[] = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                                         "'article' AND sql LIKE '%article_fts%' ORDER BY name";

static void bulk_forget(struct news_bulk *held)
{
    for (size_t i = 0; i < held->n; i++)
        free(held->trigger_sql[i]);
    held->n = 0;
}

int news_bulk_begin(struct store_conn *db, struct news_bulk *held)
{
    held->n = 0;
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *st = store_stmt(db, SQL_INDEX_TRIGGERS);
    if (!st)
        return store_write_finish(db, -1);
    char names[8][64];
    int rc;
    while ((rc = store_step(db, st)) == 1 && held->n < 8) {
        struct str name = store_col_str(st, 0), sql = store_col_str(st, 1);
        if (name.n >= sizeof names[0] || !(held->trigger_sql[held->n] = strndup(sql.p, sql.n))) {
            rc = -1;
            break;
        }
        memcpy(names[held->n], name.p, name.n);
        names[held->n++][name.n] = '\0';
    }
    sqlite3_reset(st);
    if (rc == 1) /* more than the eight the news module knows of */
        rc = -1;
    for (size_t i = 0; rc == 0 && i < held->n; i++) {
        char drop[96], err[256];
        snprintf(drop, sizeof drop, "DROP TRIGGER \"%s\"", names[i]);
        if (store_exec(db, drop, err, sizeof err) != 0)
            rc = -1;
    }
    if (rc != 0)
        bulk_forget(held);
    return store_write_finish(db, rc);
}

int news_bulk_end(struct store_conn *db, struct news_bulk *held)
{
    char err[256];
    int began = store_write_begin(db), rc = began;
    for (size_t i = 0; rc == 0 && i < held->n; i++)
        if (store_exec(db, held->trigger_sql[i], err, sizeof err) != 0)
            rc = -1;
    if (rc == 0 && store_exec(db,
                              "INSERT INTO article_fts(article_fts) VALUES ('rebuild');"
                              "INSERT INTO article_title_fts(article_title_fts) VALUES ('rebuild');",
                              err, sizeof err) != 0)
        rc = -1;
    bulk_forget(held);
    return began == 0 ? store_write_finish(db, rc) : -1;
}

int news_index_optimize(struct store_conn *db, char *err, size_t errlen)
{
    return store_exec(db,
                      "INSERT INTO article_fts(article_fts) VALUES ('optimize');"
                      "INSERT INTO article_title_fts(article_title_fts) VALUES ('optimize');",
                      err, errlen);
}
