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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_blocks),
        cmocka_unit_test(test_no_block_is_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
