/*
 * test_workflow.c - an article's life below HTTP: states, the trash and
 * its restore, revisions on every save, and the scheduler's tick that
 * makes a scheduled article appear (its pages dropped from the cache at
 * that minute) and an expired one leave.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "news/news.h"
#include "site/site.h"
#include "store/store.h"

static char touched[64][64];
static int n_touched;

static void record(struct str tag)
{
    if (n_touched < 64)
        snprintf(touched[n_touched++], 64, "%.*s", (int)tag.n, tag.p);
}

static bool was_touched(const char *tag)
{
    for (int i = 0; i < n_touched; i++)
        if (strcmp(touched[i], tag) == 0)
            return true;
    return false;
}

static int64_t one_int(struct store_conn *c, const char *sql, int64_t id)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void open_db(struct store_conn *c, int64_t *category)
{
    char err[256];
    int applied;
    assert_int_equal(store_open(c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_migrate(c, &applied, err, sizeof err), 0);
    const char *problem = NULL;
    struct site_category_input cat = {.slug = STR("tin-hoat-dong"), .name = STR("Tin hoạt động"), .position = 1};
    assert_int_equal(site_category_save(c, &cat, category, &problem), 0);
    store_on_commit(record);
}

static int64_t draft(struct store_conn *c, int64_t category, int64_t now)
{
    struct news_article_input in = {.category_id = category, .title = STR("Bài thử quy trình"),
                                    .body = STR("<p>Nội dung</p>"), .body_format = 1, .owner_id = 7,
                                    .status = NEWS_DRAFT, .published_at = now, .updated_at = now};
    int64_t id = 0;
    const char *problem = NULL;
    assert_int_equal(news_article_save(c, &in, &id, &problem), 0);
    return id;
}

static void test_states_trash_and_revisions(void **state)
{
    (void)state;
    struct store_conn c;
    int64_t cat;
    open_db(&c, &cat);
    int64_t id = draft(&c, cat, 1000);
    const char *problem = NULL;
    assert_int_equal(news_article_set_status(&c, id, NEWS_WAITING, 0, STR(""), &problem), 0);
    assert_int_equal(one_int(&c, "SELECT status FROM article WHERE id = ?1", id), NEWS_WAITING);
    n_touched = 0;
    assert_int_equal(news_article_set_status(&c, id, NEWS_RETURNED, 0, STR("Thiếu số liệu"), &problem), 0);
    assert_int_equal(n_touched, 0); /* nothing a reader sees changed */
    assert_int_equal(news_article_set_status(&c, id, NEWS_PUBLISHED_STATUS, 2000, STR(""), &problem), 0);
    assert_int_equal(one_int(&c, "SELECT published_at FROM article WHERE id = ?1", id), 2000);
    assert_true(was_touched("news"));
    /* Trash remembers where it was; a published article comes back unpublished. */
    assert_int_equal(news_article_set_status(&c, id, NEWS_TRASH, 0, STR(""), &problem), 0);
    assert_int_equal(one_int(&c, "SELECT trashed_from FROM article WHERE id = ?1", id), NEWS_PUBLISHED_STATUS);
    assert_int_equal(news_article_set_status(&c, id, NEWS_DRAFT, 0, STR(""), &problem), 0);
    assert_int_equal(one_int(&c, "SELECT status FROM article WHERE id = ?1", id), NEWS_UNPUBLISHED);
    int64_t id2 = draft(&c, cat, 1000);
    assert_int_equal(news_article_set_status(&c, id2, NEWS_TRASH, 0, STR(""), &problem), 0);
    assert_int_equal(news_article_set_status(&c, id2, NEWS_DRAFT, 0, STR(""), &problem), 0);
    assert_int_equal(one_int(&c, "SELECT status FROM article WHERE id = ?1", id2), NEWS_DRAFT);
    assert_int_equal(news_article_set_status(&c, 999999, NEWS_WAITING, 0, STR(""), &problem), NEWS_INVALID);
    /* Each save by someone keeps what the article said before. */
    struct news_article_input in = {.id = id2, .category_id = cat, .title = STR("Tiêu đề mới"),
                                    .body = STR("<p>Khác</p>"), .body_format = 1, .status = NEWS_DRAFT,
                                    .published_at = 1000, .updated_at = 3000, .saved_by = 7};
    assert_int_equal(news_article_save(&c, &in, &id2, &problem), 0);
    assert_int_equal(one_int(&c, "SELECT count(*) FROM article_revision WHERE article_id = ?1", id2), 1);
    assert_int_equal(one_int(&c, "SELECT owner_id FROM article WHERE id = ?1", id2), 7); /* kept */
    store_close(&c);
}

/* A save drawn from an older version is refused when another account
 * saved since, inside the write: nothing of it is stored. */
static void test_a_save_over_another_accounts_later_one_is_refused(void **state)
{
    (void)state;
    struct store_conn c;
    int64_t cat;
    open_db(&c, &cat);
    int64_t id = draft(&c, cat, 1000);
    const char *problem = NULL;
    struct news_article_input chief = {.id = id, .category_id = cat, .title = STR("Bản của trưởng ban"),
                                       .body = STR("<p>A</p>"), .body_format = 1, .status = NEWS_DRAFT,
                                       .published_at = 1000, .updated_at = 2000, .saved_by = 9,
                                       .expect_version = 1000};
    assert_int_equal(news_article_save(&c, &chief, &id, &problem), 0);
    struct news_article_input editor = chief;
    editor.title = STR("Bản của biên tập viên");
    editor.updated_at = 2001;
    editor.saved_by = 7;
    n_touched = 0;
    assert_int_equal(news_article_save(&c, &editor, &id, &problem), NEWS_CONFLICT);
    assert_non_null(problem);
    assert_int_equal(n_touched, 0);
    assert_int_equal(one_int(&c, "SELECT updated_at FROM article WHERE id = ?1", id), 2000);
    assert_int_equal(one_int(&c, "SELECT count(*) FROM article_revision WHERE article_id = ?1", id), 1);
    /* the chief's own next save from the same form is not in their way;
     * the editor's from the version they were shown overwrites on purpose */
    chief.updated_at = 2002;
    assert_int_equal(news_article_save(&c, &chief, &id, &problem), 0);
    editor.expect_version = 2002;
    editor.updated_at = 2003;
    assert_int_equal(news_article_save(&c, &editor, &id, &problem), 0);
    assert_int_equal(one_int(&c, "SELECT updated_by FROM article WHERE id = ?1", id), 7);
    /* two saves within one second: the later still moves the version, so
     * a form drawn before it is refused */
    chief.expect_version = 2003;
    chief.updated_at = 2003;
    assert_int_equal(news_article_save(&c, &chief, &id, &problem), 0);
    assert_true(one_int(&c, "SELECT updated_at FROM article WHERE id = ?1", id) > 2003);
    editor.expect_version = 2003;
    assert_int_equal(news_article_save(&c, &editor, &id, &problem), NEWS_CONFLICT);
    store_close(&c);
}

static void test_scheduler_publishes_and_expires_on_time(void **state)
{
    (void)state;
    struct store_conn c;
    int64_t cat;
    open_db(&c, &cat);
    int64_t soon = draft(&c, cat, 1000), expiring = draft(&c, cat, 1000);
    const char *problem = NULL;
    assert_int_equal(news_article_set_status(&c, soon, NEWS_PUBLISHED_STATUS, 5000, STR(""), &problem), 0);
    struct news_article_input in = {.id = expiring, .category_id = cat, .title = STR("Hết hạn"),
                                    .body = STR("<p>x</p>"), .body_format = 1, .status = NEWS_PUBLISHED_STATUS,
                                    .published_at = 1000, .updated_at = 1000, .expires_at = 6000};
    assert_int_equal(news_article_save(&c, &in, &expiring, &problem), 0);
    int changed;
    char tag[32];
    n_touched = 0;
    assert_int_equal(news_schedule_tick(&c, 1000, 4999, &changed), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(n_touched, 0);
    assert_int_equal(news_schedule_tick(&c, 4999, 5003, &changed), 0);
    assert_int_equal(changed, 1);
    snprintf(tag, sizeof tag, "art:%lld", (long long)soon);
    assert_true(was_touched(tag));
    assert_true(was_touched("news"));
    /* Due once: the next tick does not touch it again. */
    n_touched = 0;
    assert_int_equal(news_schedule_tick(&c, 5003, 5010, &changed), 0);
    assert_int_equal(changed, 0);
    assert_int_equal(news_schedule_tick(&c, 5010, 6000, &changed), 0);
    assert_int_equal(changed, 1);
    assert_int_equal(one_int(&c, "SELECT status FROM article WHERE id = ?1", expiring), NEWS_UNPUBLISHED);
    snprintf(tag, sizeof tag, "art:%lld", (long long)expiring);
    assert_true(was_touched(tag));
    /* An expiry before the publication time is refused. */
    in.expires_at = 500;
    assert_int_equal(news_article_save(&c, &in, &expiring, &problem), NEWS_INVALID);
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states_trash_and_revisions),
        cmocka_unit_test(test_a_save_over_another_accounts_later_one_is_refused),
        cmocka_unit_test(test_scheduler_publishes_and_expires_on_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
