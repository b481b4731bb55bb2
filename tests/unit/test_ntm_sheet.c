/*
 * test_ntm_sheet.c - unit tests for the layout estimates of the monitor's
 * sheets (src/ntm/sheet.c): a text's width leans wide of the real one
 * (measured with the advance widths of Liberation Serif, metric-compatible
 * with Times New Roman, at 12 points and 96 dpi, over Excel's 7 pixels a
 * unit) but not by much; decomposed text measures as composed; wrapped
 * lines are counted as Excel wraps, at spaces, a long word broken.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "ntm/sheet.h"

static struct ntm_sheet times(struct arena *a)
{
    struct ntm_sheet s;
    ntm_sheet_init(&s, NULL, 3, NTM_SHEET_TIMES_12, 5, 60, a);
    return s;
}

static void test_widths_lean_wide(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct ntm_sheet s = times(&a);
    static const struct {
        const char *text;
        bool bold;
        double real;
    } cases[] = {
        {"Quyết định phân công đỡ đầu của UBND tỉnh", false, 41.3},
        {"Ngân hàng Chính sách xã hội chi nhánh Hà Tĩnh", false, 44.3},
        {"Đang thực hiện, quá hạn (hạn năm 2023)", false, 36.5},
        {"Số 106/QĐ-UBND ngày 27/12/2021", false, 33.3},
        {"Chưa đạt đủ các tiêu chí", false, 21.2},
        {"VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TỈNH HÀ TĨNH", true, 60.9},
        {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, 44.3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double w = ntm_sheet_text_width(&s, cases[i].text, cases[i].bold);
        if (w < cases[i].real || w > cases[i].real * 1.25)
            fail_msg("“%s”: estimated %.1f, real %.1f", cases[i].text, w, cases[i].real);
    }
    /* the widest line of several; decomposed as composed */
    assert_true(ntm_sheet_text_width(&s, "Xã\nChưa đạt đủ các tiêu chí", false) ==
                ntm_sheet_text_width(&s, "Chưa đạt đủ các tiêu chí", false));
    assert_true(ntm_sheet_text_width(&s, "Quye\xcc\x82\xcc\x81t", false) ==
                ntm_sheet_text_width(&s, "Quyết", false));
    arena_free(&a);
}

static void test_lines(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct ntm_sheet s = times(&a);
    const char *text = "Ngân hàng Chính sách xã hội chi nhánh Hà Tĩnh";
    double w = ntm_sheet_text_width(&s, text, false);
    ntm_sheet_at_least(&s, 0, w + 1);
    assert_int_equal(ntm_sheet_lines(&s, 0, 0, text, false), 1);
    assert_int_equal(ntm_sheet_lines(&s, 0, 0, "Xã\nPhường", false), 2);
    ntm_sheet_at_least(&s, 1, w / 2 + 1); /* about half: two lines, or three where a word does not fit */
    unsigned k = ntm_sheet_lines(&s, 1, 1, text, false);
    assert_true(k >= 2 && k <= 3);
    /* over a merged range of both, one line */
    assert_int_equal(ntm_sheet_lines(&s, 0, 1, text, false), 1);
    /* a word longer than the cell is broken where it reaches the edge: as
     * many lines as it is wider than the cell (5 wide, 22 digits) */
    const char *digits = "0000000000000000000000";
    double lines = ntm_sheet_text_width(&s, digits, false) / ntm_sheet_width(&s, 2, 2);
    k = ntm_sheet_lines(&s, 2, 2, digits, false);
    assert_true(k >= lines && k <= lines + 2);
    assert_int_equal(ntm_sheet_lines(&s, 2, 2, "", false), 1);
    arena_free(&a);
}

static void test_widths_bounded(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 4096);
    struct ntm_sheet s = times(&a);
    /* a column never narrower than the minimum, never wider than the maximum */
    assert_true(ntm_sheet_width(&s, 0, 0) == 5);
    ntm_sheet_fit(&s, 0, "Phó Chủ tịch UBND tỉnh, Phó Trưởng ban Thường trực Ban Chỉ đạo, thành viên", false, false);
    assert_true(ntm_sheet_width(&s, 0, 0) == 60);
    /* a heading fits its longest word, not its whole text */
    ntm_sheet_fit(&s, 1, "Số tiêu chí đạt", true, true);
    assert_true(ntm_sheet_width(&s, 1, 1) < ntm_sheet_text_width(&s, "Số tiêu chí đạt", true));
    assert_true(ntm_sheet_width(&s, 1, 1) >= ntm_sheet_text_width(&s, "tiêu", true));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_lean_wide),
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_widths_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
