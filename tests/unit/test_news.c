/*
 * test_news.c - the article body format as readers see it: paragraphs,
 * sub-headings and figures, every block kept however many there are.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "news/body.h"
#include "news/news.h"
#include "store/store.h"

static void test_blocks(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct body_item *items;
    struct str body = STR("Đoạn một,\ncòn một dòng.\n\n## Tiêu đề nhỏ\n \t\n[[anh:12|Chú thích ảnh]]\r\n\r\n"
                          "[[anh:x|không phải ảnh]]\n\n\n\nĐoạn cuối");
    size_t n = news_body_parse(&a, body, &items);
    assert_int_equal(n, 5);
    assert_int_equal(items[0].kind, NEWS_PARAGRAPH);
    assert_true(str_eq(items[0].text, STR("Đoạn một,\ncòn một dòng.")));
    assert_int_equal(items[1].kind, NEWS_HEADING);
    assert_true(str_eq(items[1].text, STR("Tiêu đề nhỏ")));
    assert_int_equal(items[2].kind, NEWS_IMAGE);
    assert_int_equal(items[2].media_id, 12);
    assert_true(str_eq(items[2].text, STR("Chú thích ảnh")));
    assert_int_equal(items[3].kind, NEWS_PARAGRAPH); /* a broken figure reads as text */
    assert_true(str_eq(items[4].text, STR("Đoạn cuối")));
    assert_int_equal(news_body_parse(&a, STR(""), &items), 0);
    assert_int_equal(news_body_parse(&a, STR("\n\n \n"), &items), 0);
    arena_free(&a);
}

/* 300 figures and paragraphs: none is dropped (a fixed table once kept 200). */
static void test_no_block_is_dropped(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct buf b = BUF_INIT;
    for (int i = 1; i <= 300; i++)
        buf_printf(&b, "Đoạn %d.\n\n[[anh:%d|Ảnh %d]]\n\n", i, i, i);
    struct body_item *items;
    size_t n = news_body_parse(&a, buf_str(&b), &items);
    assert_int_equal(n, 600);
    assert_int_equal(items[599].kind, NEWS_IMAGE);
    assert_int_equal(items[599].media_id, 300);
    buf_free(&b);
    arena_free(&a);
}

static const char *body_text(const char *body, int format)
{
    static struct buf out;
    struct arena a;
    arena_init(&a, 4096);
    buf_reset(&out);
    news_body_text(&out, &a, str_cstr(body), format);
    arena_free(&a);
    return buf_cstr(&out);
}

/* What the search indexes of a body: its words, none of its markup. */
static void test_body_text(void **state)
{
    assert_string_equal(body_text("Đoạn một.\n\n## Kết quả\n\n[[anh:7|Cầu Rồng về đêm]]\n\nĐoạn hai.", 0),
                        "Đoạn một.\nKết quả\nCầu Rồng về đêm\nĐoạn hai.\n");
    assert_string_equal(body_text("<h2>Kết quả</h2><p>Xã <strong>Cẩm</strong> Bình &amp; xã Kỳ</p>", 1),
                        "Kết quả\nXã Cẩm Bình & xã Kỳ\n");
}

/* Articles saved before the search text was kept get it from `dinh init`
 * (news_search_text_fill), and the index then finds their words only. */
static void test_search_text_fill(void **state)
{
    struct store_conn c;
    char err[256];
    int applied, filled;
    assert_int_equal(store_open(&c, ":memory:", STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_migrate(&c, &applied, err, sizeof err), 0);
    assert_int_equal(store_exec(&c,
                                "INSERT INTO category(id, slug, name) VALUES (1, 'tin', 'Tin');"
                                "INSERT INTO article(id, category_id, slug, title, body, body_format, published_at, "
                                "updated_at) VALUES (1, 1, 'a', 'Một', '<p>Chữ <strong>đậm</strong></p>', 1, 0, 0),"
                                "(2, 1, 'b', 'Hai', '## Đầu đề\n\nĐoạn văn.', 0, 0, 0);",
                                err, sizeof err),
                     0);
    assert_int_equal(news_search_text_fill(&c, &filled), 0);
    assert_int_equal(filled, 2);
    assert_int_equal(news_search_text_fill(&c, &filled), 0);
    assert_int_equal(filled, 0); /* once */
    static const struct {
        const char *match;
        int found;
    } cases[] = {{"đậm", 1}, {"strong", 0}, {"đầu đề", 1}, {"\"##\"", 0}, {"văn", 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        sqlite3_stmt *st;
        assert_int_equal(
            sqlite3_prepare_v2(c.db, "SELECT count(*) FROM article_fts WHERE article_fts MATCH ?1", -1, &st, NULL),
            SQLITE_OK);
        sqlite3_bind_text(st, 1, cases[i].match, -1, SQLITE_STATIC);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        if (sqlite3_column_int(st, 0) != cases[i].found)
            fail_msg("%s found %d rows", cases[i].match, sqlite3_column_int(st, 0));
        sqlite3_finalize(st);
    }
    assert_int_equal(store_exec(&c, "INSERT INTO article_fts(article_fts) VALUES ('integrity-check')", err,
                                sizeof err),
                     0);
    store_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_no_block_is_dropped),
        cmocka_unit_test(test_body_text),
        cmocka_unit_test(test_search_text_fill),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
