/*
 * test_diff.c - unit tests for src/text/diff.c: cutting texts into words,
 * the text of an HTML body, and the word-by-word edit script.
 *
 * Every script is checked two ways: applied to the first text it must give
 * the second (always), and for small random texts its number of edits must
 * equal the one a plain dynamic-programming LCS finds (the shortest), unless
 * the budget ran out, in which case it must still be correct.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/arena.h"
#include "core/buf.h"
#include "text/diff.h"
#include "text/htmltext.h"

static struct arena arena;

static int setup(void **state)
{
    arena_init(&arena, 1 << 16);
    return 0;
}

static int teardown(void **state)
{
    arena_free(&arena);
    return 0;
}

/* The tokens of `text` joined by '/', breaks as '|'. */
static const char *joined(const char *text)
{
    static struct buf out;
    buf_reset(&out);
    struct str *t;
    size_t n;
    diff_tokens(&arena, str_cstr(text), &t, &n);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&out, '/');
        buf_put(&out, str_eq_lit(t[i], DIFF_BREAK) ? STR("|") : t[i]);
    }
    return buf_cstr(&out);
}

static void test_tokens(void **state)
{
    assert_string_equal(joined("Xã  Thạch Hà đạt\tchuẩn"), "Xã/Thạch/Hà/đạt/chuẩn");
    assert_string_equal(joined("\n\nMột đoạn.\n\n\nĐoạn hai.\n"), "Một/đoạn./|/Đoạn/hai.");
    assert_string_equal(joined("   "), "");
    assert_string_equal(joined(""), "");
}

static const char *html_text(const char *html)
{
    static struct buf out;
    buf_reset(&out);
    html_visible_text(&out, str_cstr(html));
    return buf_cstr(&out);
}

static void test_html_text(void **state)
{
    assert_string_equal(html_text("<h2>Kế hoạch</h2><p>Xã <strong>Cẩm</strong> Bình &amp; xã &lt;Kỳ&gt;</p>"),
                        "Kế hoạch\nXã Cẩm Bình & xã <Kỳ>\n");
    assert_string_equal(html_text("<table><tbody><tr><td>Xã</td><td>19</td></tr></tbody></table>"),
                        "Xã | 19 | \n\n");
    assert_string_equal(html_text("<p>a<br>b &#7879; &#x1EC7; &bogus; &#0;</p>"), "a\nb ệ ệ &bogus; &#0;\n");
    /* A stray '<' without its '>' ends the text, without reading past it. */
    assert_string_equal(html_text("<p>x</p><p"), "x\n");
}

/* Applies the script to a, checking every "same" really is, and returns
 * whether it gives b; counts the edited tokens. */
static bool applies(const struct str *a, size_t na, const struct str *b, size_t nb, const struct diff_op *ops,
                    size_t n_ops, size_t *edits)
{
    size_t x = 0, y = 0;
    *edits = 0;
    for (size_t i = 0; i < n_ops; i++) {
        const struct diff_op *op = &ops[i];
        assert_true(op->count > 0);
        switch (op->kind) {
        case DIFF_SAME:
            if (op->a_from != x || op->b_from != y || x + op->count > na || y + op->count > nb)
                return false;
            for (size_t k = 0; k < op->count; k++)
                if (!str_eq(a[x + k], b[y + k]))
                    return false;
            x += op->count;
            y += op->count;
            break;
        case DIFF_DELETE:
            if (op->a_from != x || x + op->count > na)
                return false;
            x += op->count;
            *edits += op->count;
            break;
        case DIFF_INSERT:
            if (op->b_from != y || y + op->count > nb)
                return false;
            y += op->count;
            *edits += op->count;
            break;
        }
        if (i && ops[i - 1].kind == op->kind)
            return false; /* adjacent ops of one kind must be merged */
    }
    return x == na && y == nb;
}

static size_t lcs(const struct str *a, size_t na, const struct str *b, size_t nb)
{
    size_t *row = calloc((nb + 1) * (na + 1), sizeof *row);
    for (size_t i = 1; i <= na; i++)
        for (size_t j = 1; j <= nb; j++)
            row[i * (nb + 1) + j] = str_eq(a[i - 1], b[j - 1]) ? row[(i - 1) * (nb + 1) + j - 1] + 1
                                    : row[(i - 1) * (nb + 1) + j] > row[i * (nb + 1) + j - 1]
                                        ? row[(i - 1) * (nb + 1) + j]
                                        : row[i * (nb + 1) + j - 1];
    size_t r = row[na * (nb + 1) + nb];
    free(row);
    return r;
}

static void check_pair(const char *ta, const char *tb, size_t budget, bool expect_shortest)
{
    struct str *a, *b;
    size_t na, nb;
    diff_tokens(&arena, str_cstr(ta), &a, &na);
    diff_tokens(&arena, str_cstr(tb), &b, &nb);
    struct diff_op *ops;
    size_t n_ops, edits;
    assert_int_equal(diff_words(&arena, a, na, b, nb, budget, &ops, &n_ops), 0);
    assert_true(applies(a, na, b, nb, ops, n_ops, &edits));
    if (expect_shortest)
        assert_int_equal(edits, na + nb - 2 * lcs(a, na, b, nb));
}

static void test_simple_edits(void **state)
{
    struct str *a, *b;
    size_t na, nb, n_ops;
    struct diff_op *ops;
    diff_tokens(&arena, STR("Xã Thạch Hà đạt 15 tiêu chí"), &a, &na);
    diff_tokens(&arena, STR("Xã Thạch Hà đạt 17 tiêu chí"), &b, &nb);
    assert_int_equal(diff_words(&arena, a, na, b, nb, 100000, &ops, &n_ops), 0);
    assert_int_equal(n_ops, 4);
    assert_int_equal(ops[0].kind, DIFF_SAME);
    assert_int_equal(ops[0].count, 4);
    assert_int_equal(ops[1].kind, DIFF_DELETE);
    assert_true(str_eq_lit(a[ops[1].a_from], "15"));
    assert_int_equal(ops[2].kind, DIFF_INSERT);
    assert_true(str_eq_lit(b[ops[2].b_from], "17"));
    assert_int_equal(ops[3].kind, DIFF_SAME);
    assert_int_equal(ops[3].count, 2);

    check_pair("", "", 1000, true);
    check_pair("", "một hai", 1000, true);
    check_pair("một hai", "", 1000, true);
    check_pair("a b c", "a b c", 1000, true);
    check_pair("a b c d e", "x a c e y", 1000, true);
    check_pair("đoạn một\n\nđoạn hai", "đoạn một\n\nđoạn chen\n\nđoạn hai", 1000, true);
}

static void test_random_against_lcs(void **state)
{
    static const char *const words[] = {"xã", "huyện", "tỉnh", "đạt", "chuẩn", "nông", "thôn", "mới", "\n\n"};
    srand(7);
    for (int round = 0; round < 400; round++) {
        char ta[600], tb[600];
        size_t la = 0, lb = 0;
        int wa = rand() % 40, wb = rand() % 40;
        ta[0] = tb[0] = '\0';
        for (int i = 0; i < wa; i++)
            la += (size_t)snprintf(ta + la, sizeof ta - la, "%s ", words[rand() % 9]);
        /* b: a copy of a with some edits, or unrelated */
        if (round % 3) {
            for (int i = 0; i < wa; i++)
                if (rand() % 5)
                    lb += (size_t)snprintf(tb + lb, sizeof tb - lb, "%s ", words[rand() % 9]);
        } else {
            for (int i = 0; i < wb; i++)
                lb += (size_t)snprintf(tb + lb, sizeof tb - lb, "%s ", words[rand() % 9]);
        }
        check_pair(ta, tb, 1u << 20, true);
        /* A tiny budget: still a correct script. */
        check_pair(ta, tb, 8, false);
    }
}

static void test_large_texts_are_bounded(void **state)
{
    /* Two unrelated texts of 100,000 words each: the budget stops the
     * search and the script replaces the middle, still correct. */
    struct buf ta = {0}, tb = {0};
    for (int i = 0; i < 100000; i++) {
        buf_printf(&ta, "a%d ", i % 97);
        buf_printf(&tb, "b%d ", i % 89);
    }
    struct str *a, *b;
    size_t na, nb, n_ops, edits;
    struct diff_op *ops;
    diff_tokens(&arena, buf_str(&ta), &a, &na);
    diff_tokens(&arena, buf_str(&tb), &b, &nb);
    assert_int_equal(na, 100000);
    assert_int_equal(diff_words(&arena, a, na, b, nb, 1u << 20, &ops, &n_ops), 0);
    assert_true(applies(a, na, b, nb, ops, n_ops, &edits));
    assert_int_equal(n_ops, 2);
    /* One word changed in a long text: found exactly. */
    diff_tokens(&arena, buf_str(&ta), &b, &nb);
    b[50000] = STR("đổi");
    assert_int_equal(diff_words(&arena, a, na, b, nb, 1u << 20, &ops, &n_ops), 0);
    assert_true(applies(a, na, b, nb, ops, n_ops, &edits));
    assert_int_equal(edits, 2);
    assert_int_equal(n_ops, 4);
    buf_free(&ta);
    buf_free(&tb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_simple_edits),
        cmocka_unit_test(test_random_against_lcs),
        cmocka_unit_test(test_large_texts_are_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
