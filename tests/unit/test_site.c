/*
 * test_site.c - the site module's writes for administrators (edit.c)
 * below HTTP: which link addresses are taken, slugs by the portal's rules,
 * old slugs that follow a category, the menu order, and the cache tags and
 * the nothing-written promise of a refused write.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

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

static void open_db(struct store_conn *c)
{
    char err[256];
    int applied;
    assert_int_equal(store_open(c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_migrate(c, &applied, err, sizeof err), 0);
    store_on_commit(record);
    n_touched = 0;
}

static int64_t count(struct store_conn *c, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL), SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static void test_link_addresses(void **state)
{
    (void)state;
    const char *good[] = {"https://chinhphu.vn", "http://hatinh.gov.vn/", "HTTPS://Dichvucong.gov.vn/a?b=1&c=2#d",
                          "https://localhost:8443/x", "https://bộ.vn/", "https://chinhphu.vn./", "http://x-y.a1.vn/",
                          "https://a.vn/b%C3%A1o-c%C3%A1o", "https://a.vn/báo-cáo"};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_null(site_url_problem(str_cstr(good[i])));
    const char *bad[] = {"",
                         "javascript:alert(1)",
                         "JAVASCRIPT:alert(1)",
                         " https://chinhphu.vn",
                         "data:text/html,x",
                         "vbscript:x",
                         "//chinhphu.vn",
                         "/tin-tuc/",
                         "ftp://x.vn",
                         "https://",
                         "https:///path",
                         "https://:80/",
                         "https://a b.vn",
                         "https://a.vn/\x01",
                         "https://a.vn/<script>",
                         "https://a.vn:8x/",
                         "http://a.vn:99999/",
                         "http://a.vn:0/",
                         "http://a.vn:/",
                         "http://a.vn:000080800/",
                         "https://user@a.vn/",
                         "http:\\\\a.vn",
                         /* labels: empty, or starting or ending with a dash, or too long */
                         "http://-/",
                         "https://a..b/",
                         "https://.vn/",
                         "https://vn../",
                         "https://-a.vn/",
                         "https://a-.vn/",
                         "https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.vn/",
                         /* what cannot be seen or turns the text around */
                         "https://x.vn/\xe2\x80\xae",
                         "https://\xe2\x80\xaemoc.live/",
                         "https://a.vn/\xe2\x80\x8bx",
                         "https://a.vn/\xc2\xa0",
                         "https://a.vn/\xef\xbb\xbf"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *why = site_url_problem(str_cstr(bad[i]));
        if (!why)
            fail_msg("accepted %s", bad[i]);
    }
    char longer[SITE_URL_MAX + 2];
    memcpy(longer, "https://a.vn/", 13);
    memset(longer + 13, 'x', sizeof longer - 14);
    longer[sizeof longer - 1] = '\0';
    assert_non_null(site_url_problem(str_cstr(longer)));
}

static void test_slugs_follow_the_portal_rules(void **state)
{
    (void)state;
    struct buf b = BUF_INIT;
    assert_int_equal(site_slug_make(&b, STR("Tin tức – Sự kiện")), 0);
    assert_true(str_eq(buf_str(&b), STR("tin-tuc-su-kien")));
    buf_reset(&b);
    assert_int_equal(site_slug_make(&b, STR("Đường dẫn Đẹp!!")), 0);
    assert_true(str_eq(buf_str(&b), STR("duong-dan-dep")));
    buf_reset(&b);
    assert_int_equal(site_slug_make(&b, STR("!!!")), 0);
    assert_int_equal(b.n, 0);
    buf_free(&b);
}

static void test_categories_keep_their_old_slugs(void **state)
{
    (void)state;
    struct store_conn c;
    open_db(&c);
    struct site_problem p = {0};
    struct site_category_edit a = {0, STR("Tin hoạt động"), STR("tin-hoat-dong"), STR(""), true, 100};
    int64_t id_a = 0, id_b = 0;
    assert_int_equal(site_category_put(&c, &a, &id_a, &p), 0);
    assert_true(was_touched("site"));
    struct site_category_edit b = {0, STR("Chính sách"), STR("chinh-sach"), STR(""), true, 100};
    assert_int_equal(site_category_put(&c, &b, &id_b, &p), 0);

    /* A slug another category has is refused beside the slug, nothing written. */
    struct site_category_edit clash = {id_b, STR("Chính sách"), STR("tin-hoat-dong"), STR(""), true, 101};
    assert_int_equal(site_category_put(&c, &clash, NULL, &p), SITE_INVALID);
    assert_int_equal(p.field, SITE_FIELD_SLUG);
    assert_int_equal(count(&c, "SELECT count(*) FROM category_slug_history"), 0);
    struct site_category_edit empty = {0, STR(""), STR("x"), STR(""), true, 101};
    assert_int_equal(site_category_put(&c, &empty, NULL, &p), SITE_INVALID);
    assert_int_equal(p.field, SITE_FIELD_NAME);

    /* a -> moi -> moi-nua: both old slugs lead to the current one. */
    n_touched = 0;
    a.id = id_a;
    a.slug = STR("moi");
    assert_int_equal(site_category_put(&c, &a, NULL, &p), 0);
    char tag[32];
    snprintf(tag, sizeof tag, "cat:%lld", (long long)id_a);
    assert_true(was_touched("site") && was_touched(tag));
    a.slug = STR("moi-nua");
    assert_int_equal(site_category_put(&c, &a, NULL, &p), 0);
    struct arena ar;
    arena_init(&ar, 1024);
    struct str now;
    assert_int_equal(site_category_moved(&c, &ar, STR("tin-hoat-dong"), &now), 1);
    assert_true(str_eq(now, STR("moi-nua")));
    assert_int_equal(site_category_moved(&c, &ar, STR("moi"), &now), 1);
    assert_true(str_eq(now, STR("moi-nua")));
    assert_int_equal(site_category_moved(&c, &ar, STR("khong-co"), &now), 0);
    /* Back to the first slug: it is nobody's old slug any more. */
    a.slug = STR("tin-hoat-dong");
    assert_int_equal(site_category_put(&c, &a, NULL, &p), 0);
    assert_int_equal(site_category_moved(&c, &ar, STR("tin-hoat-dong"), &now), 0);
    assert_int_equal(site_category_moved(&c, &ar, STR("moi-nua"), &now), 1);
    assert_true(str_eq(now, STR("tin-hoat-dong")));
    /* Another category may take an old slug; the redirect then ends. */
    b.id = id_b;
    b.slug = STR("moi");
    assert_int_equal(site_category_put(&c, &b, NULL, &p), 0);
    assert_int_equal(site_category_moved(&c, &ar, STR("moi"), &now), 0);
    /* Deleting a category forgets its old slugs. */
    assert_int_equal(site_category_delete(&c, id_a, &p), 0);
    assert_int_equal(site_category_moved(&c, &ar, STR("moi-nua"), &now), 0);
    assert_int_equal(site_category_delete(&c, id_a, &p), SITE_INVALID);
    /* The id of the newest category, deleted, is not given again. */
    assert_int_equal(site_category_delete(&c, id_b, &p), 0);
    int64_t id_c = 0;
    struct site_category_edit e = {0, STR("Mới"), STR("moi-lap"), STR(""), true, 102};
    assert_int_equal(site_category_put(&c, &e, &id_c, &p), 0);
    assert_true(id_c > id_b && id_c > id_a);
    arena_free(&ar);
    store_close(&c);
}

static void test_menu_order_and_links(void **state)
{
    (void)state;
    struct store_conn c;
    open_db(&c);
    struct site_problem p = {0};
    int64_t ids[3];
    const char *names[3] = {"Một", "Hai", "Ba"}, *slugs[3] = {"mot", "hai", "ba"};
    for (int i = 0; i < 3; i++) {
        struct site_category_edit e = {0, str_cstr(names[i]), str_cstr(slugs[i]), STR(""), true, 1};
        assert_int_equal(site_category_put(&c, &e, &ids[i], &p), 0);
    }
    assert_int_equal(site_category_move(&c, ids[2], -1, &p), 0);
    struct site s;
    assert_int_equal(site_load(&s, &c, STR("")), 0);
    assert_int_equal(s.n_categories, 3);
    assert_true(str_eq(s.categories[0].name, STR("Một")) && str_eq(s.categories[1].name, STR("Ba")) &&
                str_eq(s.categories[2].name, STR("Hai")));
    site_free(&s);
    assert_int_equal(site_category_move(&c, ids[0], -1, &p), SITE_INVALID);
    assert_int_equal(site_category_move(&c, ids[1], 1, &p), SITE_INVALID);
    assert_int_equal(site_category_show(&c, ids[1], false, &p), 0);
    assert_int_equal(site_load(&s, &c, STR("")), 0);
    assert_false(s.categories[2].in_menu);
    assert_true(s.categories[0].in_menu);
    site_free(&s);

    int64_t l1 = 0, l2 = 0;
    assert_int_equal(site_link_put(&c, 0, STR("Chính phủ"), STR("https://chinhphu.vn"), &l1, &p), 0);
    assert_int_equal(site_link_put(&c, 0, STR("Tỉnh"), STR("https://hatinh.gov.vn"), &l2, &p), 0);
    assert_int_equal(site_link_put(&c, 0, STR("Xấu"), STR("javascript:alert(1)"), NULL, &p), SITE_INVALID);
    assert_int_equal(p.field, SITE_FIELD_URL);
    assert_int_equal(site_link_put(&c, 0, STR("Hai\ndòng"), STR("https://a.vn"), NULL, &p), SITE_INVALID);
    assert_int_equal(p.field, SITE_FIELD_NAME);
    assert_int_equal(count(&c, "SELECT count(*) FROM weblink"), 2);
    assert_int_equal(site_link_move(&c, l2, -1, &p), 0);
    assert_int_equal(site_link_put(&c, l1, STR("Chính phủ"), STR("https://chinhphu.vn/"), NULL, &p), 0);
    assert_int_equal(site_load(&s, &c, STR("")), 0);
    assert_int_equal(s.n_links, 2);
    assert_int_equal(s.links[0].id, l2);
    assert_true(str_eq(s.links[1].url, STR("https://chinhphu.vn/")));
    site_free(&s);
    assert_int_equal(site_link_delete(&c, l1, &p), 0);
    assert_int_equal(site_link_delete(&c, l1, &p), SITE_INVALID);
    assert_int_equal(count(&c, "SELECT count(*) FROM weblink"), 1);
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_addresses),
        cmocka_unit_test(test_slugs_follow_the_portal_rules),
        cmocka_unit_test(test_categories_keep_their_old_slugs),
        cmocka_unit_test(test_menu_order_and_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
