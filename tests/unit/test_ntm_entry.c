/*
 * test_ntm_entry.c - unit tests for what the office side's data entry
 * stands on (src/ntm/entry_store.c and the history kept by
 * ntm_assessment_save): periods and decimals as people type them, the
 * history of values with its reason, the moves between states with the
 * office's comments, and the queue, on an in-memory database.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ntm/internal.h"
#include "ntm/ntm.h"
#include "text/vitime.h"

/* The tests' clock: 1 January 2031, so that every period they write has
 * begun (a write refuses one still to come); times are T0 + seconds. */
#define T0 1924992000

static struct store_conn db;
static struct arena arena;
static char err[512];

static int64_t one_int(const char *sql, int64_t id)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

static int setup(void **state)
{
    (void)state;
    int applied;
    assert_int_equal(store_open(&db, ":memory:", STORE_CREATE, err, sizeof err), 0);
    assert_int_equal(store_migrate(&db, &applied, err, sizeof err), 0);
    assert_int_equal(ntm_load_builtin(&db, err, sizeof err), 0);
    arena_init(&arena, 1 << 16);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    store_close(&db);
    return 0;
}

static void test_decimals(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        bool ok;
        double out;
    } cases[] = {
        {"78,5", true, 78.5}, {"78.5", true, 78.5},  {" 85 ", true, 85},
        {"-3", true, -3},     {"0,25", true, 0.25},  {"", false, 0},
        {"abc", false, 0},    {"78,5,1", false, 0},  {",5", false, 0},
        {"5,", false, 0},     {"--1", false, 0},
        {"1e5", false, 0},    {"12 3", false, 0},    {"1234567890123456", false, 0},
        /* the Vietnamese thousands point, one rule for every form */
        {"1.234,5", true, 1234.5}, {"1.250", true, 1250}, {"12.345.678,25", true, 12345678.25},
        {"-1.250", true, -1250},   {"0.125", true, 0.125}, {"1.2.3", false, 0},
        {"1,250.5", false, 0},     {"1.25,5", false, 0},   {"1.", false, 0},
        {"1.2345", true, 1.2345},
        /* thousands grouped by a space or a no-break space, groups of three */
        {"62 000", true, 62000},   {"62\xc2\xa0" "000", true, 62000}, {"1 250 000,5", true, 1250000.5},
        {"-1 250", true, -1250},   {"62\xe2\x80\xaf" "000", true, 62000}, {"\xc2\xa0" "85\xc2\xa0", true, 85},
        {"62  000", false, 0},     {"062 000", false, 0},  {"1 2345", false, 0},
        {"1 250.5", false, 0},     {"1.250 000", false, 0}, {"62 000 ,5", false, 0},
        {"1 234 567 890 123 456", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double x = -1;
        bool ok = ntm_decimal_parse(str_cstr(cases[i].in), &x);
        if (ok != cases[i].ok)
            fail_msg("%s: parsed %d", cases[i].in, ok);
        if (ok)
            assert_true(fabs(x - cases[i].out) < 1e-12);
    }
    /* what reads two ways: one point, three digits after it, no comma */
    static const struct {
        const char *in;
        bool two_ways;
    } ambiguous[] = {
        {"45.235", true}, {"1.500", true},  {" -12.500 ", true}, {"1.500.000", false}, {"1.500,5", false},
        {"0.125", false}, {"45.2", false},  {"45.2350", false},  {"1234.567", false},  {"45,235", false},
        {"4a.235", false}, {"", false},       {"45 235", false},
    };
    for (size_t i = 0; i < sizeof ambiguous / sizeof ambiguous[0]; i++)
        if (ntm_decimal_ambiguous(str_cstr(ambiguous[i].in)) != ambiguous[i].two_ways)
            fail_msg("%s: ambiguous %d", ambiguous[i].in, !ambiguous[i].two_ways);
    assert_string_equal(ntm_decimal_ambiguous_why(&arena, str_cstr(" 1.500 ")),
                        "“1.500” có thể hiểu hai cách: 1500 (dấu chấm ngăn hàng nghìn) hoặc 1,500 (dấu chấm thập "
                        "phân). Hãy viết 1500 hoặc 1,500.");
    assert_true(str_eq_lit(ntm_without_percent(str_cstr(" 12,5 % ")), "12,5"));
    assert_true(str_eq_lit(ntm_without_percent(str_cstr("75")), "75"));
    assert_true(ntm_decimal_too_long(str_cstr("1 234 567 890 123 456")));
    assert_true(
        ntm_decimal_too_long(str_cstr("1\xc2\xa0" "234\xc2\xa0" "567\xc2\xa0" "890\xc2\xa0" "123\xc2\xa0" "456")));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 78.5), "78,5"));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 85), "85"));
    /* just under a whole number stays under it */
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 99.99999999), "99,9999"));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 84.99996), "84,9999"));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 78.50004), "78,5"));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, 0.125), "0,125"));
    assert_true(str_eq_lit(ntm_decimal_format(&arena, -0.0), "0"));
    /* amounts: hundredths kept, a small one never shown as 0 */
    assert_true(str_eq_lit(ntm_amount_format(&arena, 1250.45, true), "1.250,45"));
    assert_true(str_eq_lit(ntm_amount_format(&arena, 0.4, true), "0,4"));
    assert_true(str_eq_lit(ntm_amount_format(&arena, 12500, true), "12.500"));
    assert_true(str_eq_lit(ntm_amount_format(&arena, 1250.45, false), "1250.45"));
    assert_true(str_eq_lit(ntm_amount_format(&arena, 1234567.5, true), "1.234.567,5"));
    /* a form field gives back what is stored, however small or long */
    static const double fields[] = {1e-7, 0.1 + 0.2, 1250.5, -3, 123456789012.345678, 1e12, 2.0 / 3, 0};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        struct str f = ntm_decimal_field(&arena, fields[i]);
        double back = NAN;
        if (!ntm_decimal_parse(f, &back) || fabs(back - fields[i]) > fabs(fields[i]) * 1e-13)
            fail_msg("%.17g shown as %.*s, read back as %.17g", fields[i], (int)f.n, f.p, back);
    }
    assert_true(str_eq_lit(ntm_decimal_field(&arena, 1e-7), "0,0000001"));
    assert_true(str_eq_lit(ntm_decimal_field(&arena, 1250.5), "1250,5"));
}

/* The shares a table shows of its whole add up to 100,0%, and equal parts
 * show equal shares. */
static void test_shares(void **state)
{
    (void)state;
    struct str out[8];
    /* the funds of a year: rounded alone, 12,6 + 25,8 + 45,3 + 5,0 + 11,4 = 100,1%; the part
     * that rounding raised most gives the tenth back */
    const double funds[] = {12.62, 25.77, 45.26, 4.97, 11.38};
    ntm_shares(&arena, funds, 5, out);
    const char *want[] = {"12,6%", "25,8%", "45,2%", "5,0%", "11,4%"};
    for (size_t i = 0; i < 5; i++)
        assert_true(str_eq(out[i], str_cstr(want[i])));
    /* 3, 3 and 1 commune of 7: 42,9 + 42,9 + 14,3 = 100,1%; the tenth cannot come from one of
     * the two equal parts, so it comes from the third */
    const double counts[] = {3, 3, 1, 0};
    ntm_shares(&arena, counts, 4, out);
    assert_true(str_eq(out[0], STR("42,9%")) && str_eq(out[1], STR("42,9%")));
    assert_true(str_eq(out[2], STR("14,2%")) && str_eq(out[3], STR("0,0%")));
    /* a third each: 33,3% each, a tenth short, rather than one of them 33,4% */
    const double thirds[] = {1, 1, 1};
    ntm_shares(&arena, thirds, 3, out);
    for (size_t i = 0; i < 3; i++)
        assert_true(str_eq(out[i], STR("33,3%")));
    /* 2 of 3: 66,7% and 33,3%, as rounding alone gives */
    const double two[] = {2, 1};
    ntm_shares(&arena, two, 2, out);
    assert_true(str_eq(out[0], STR("66,7%")) && str_eq(out[1], STR("33,3%")));
    /* exactly 18,75 + 18,75 + 62,5: the equal parts cannot give the tenth back, and 62,5% is
     * not shown as 62,4% for it */
    const double exact[] = {27, 27, 90};
    ntm_shares(&arena, exact, 3, out);
    assert_true(str_eq(out[0], STR("18,8%")) && str_eq(out[1], STR("18,8%")) && str_eq(out[2], STR("62,5%")));
    /* a part far below a tenth is never pushed below 0,0% */
    const double tiny[] = {34, 34, 34, 34, 34, 1889, 1};
    ntm_shares(&arena, tiny, 7, out);
    for (size_t i = 0; i < 7; i++)
        assert_true(out[i].n && out[i].p[0] != '-' && !memchr(out[i].p, '-', out[i].n));
    assert_true(str_eq(out[6], STR("0,0%")));
    /* no whole: nothing shown */
    const double none[] = {0, 0};
    ntm_shares(&arena, none, 2, out);
    assert_true(out[0].n == 0 && out[1].n == 0);
}

static void test_periods(void **state)
{
    (void)state;
    int y = 0, q = -1;
    assert_true(ntm_period_parse(STR("2026"), &y, &q));
    assert_int_equal(y, 2026);
    assert_int_equal(q, 0);
    assert_true(ntm_period_parse(STR("2026-q2"), &y, &q));
    assert_int_equal(q, 2);
    const char *bad[] = {"2026-q5", "2026-q0", "1999", "2101", "26", "2026q2", "2026-2", "abcd", "2026-q22", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(ntm_period_parse(str_cstr(bad[i]), &y, &q));
    y = 2026, q = 1;
    ntm_period_previous(&y, &q);
    assert_int_equal(y * 10 + q, 20254);
    y = 2026, q = 3;
    ntm_period_previous(&y, &q);
    assert_int_equal(y * 10 + q, 20262);
    y = 2026, q = 0;
    ntm_period_previous(&y, &q);
    assert_int_equal(y * 10 + q, 20250);
    assert_true(str_eq_lit(ntm_period_label(&arena, 2026, 2), "quý 2 năm 2026"));
    assert_true(str_eq_lit(ntm_period_code(&arena, 2026, 2), "2026-q2"));
    /* a period has begun from its first day, Vietnam time (UTC+7): 1 July
     * 2026 00:30 there is 30 June 17:30 UTC */
    int64_t july_first = vi_unix_from_local(2026, 7, 1, 0, 30, 0);
    assert_true(ntm_period_started(2026, 3, july_first));
    assert_false(ntm_period_started(2026, 3, july_first - 3600));
    assert_true(ntm_period_started(2026, 2, july_first - 3600));
    assert_true(ntm_period_started(2026, 0, july_first));
    assert_true(ntm_period_started(2025, 4, july_first));
    assert_false(ntm_period_started(2026, 4, july_first));
    assert_false(ntm_period_started(2027, 0, july_first));
    assert_false(ntm_period_started(2027, 1, vi_unix_from_local(2026, 12, 31, 23, 59, 59)));
    assert_true(ntm_period_started(2027, 1, vi_unix_from_local(2027, 1, 1, 0, 0, 0)));
}

/* A draft's autosaves while one person types are one change: from the
 * value before the first to the value after the last; the value typed
 * back to where it was leaves no row; another person, a pause of more than
 * 15 minutes or a submitted report starts a row of its own. */
static void test_draft_changes_fold_into_one(void **state)
{
    (void)state;
    struct ntm_set set;
    assert_int_equal(ntm_set_load(&db, "QD318-2022", &arena, &set), 1);
    struct ntm_unit u;
    assert_int_equal(ntm_unit_by_code(&db, "18409", &arena, &u), 1);
    int64_t i21 = 0;
    for (size_t i = 0; i < set.n_indicators; i++)
        if (str_eq_lit(set.indicator_code[i], "2.1"))
            i21 = set.indicators[i].id;
    struct ntm_value_input v = {.indicator_id = i21, .value = 7};
    struct ntm_assessment_input in = {
        .unit_id = u.id, .set_code = "QD318-2022", .year = 2024, .values = &v, .n_values = 1, .now = T0 + 1000, .user_id = 7};
    int64_t id = 0;
    const char *count = "SELECT count(*) FROM ntm_value_history WHERE assessment_id = ?1";
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0); /* none -> 7 */
    v.value = 78;
    in.now = T0 + 1003;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    v.value = 78.5;
    in.now = T0 + 1006;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(count, id), 1);
    assert_int_equal(one_int("SELECT (old_value IS NULL) * 10000 + new_value * 10 FROM ntm_value_history "
                             "WHERE assessment_id = ?1",
                             id),
                     10785);
    assert_int_equal(one_int("SELECT at FROM ntm_value_history WHERE assessment_id = ?1", id), T0 + 1006);
    /* after a pause, a new row; typed back within it, no row */
    v.value = 80;
    in.now = T0 + 1006 + 901;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(count, id), 2);
    v.value = 78.5;
    in.now += 5;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(count, id), 1);
    /* another person: a row of their own */
    v.value = 79;
    in.user_id = 8;
    in.now += 5;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(count, id), 2);
    /* submitted: each change with its reason is a row */
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_SUBMITTED, 8, in.now + 1, STR(""), NULL, 0, err, sizeof err), 0);
    in.reason = STR("Theo biên bản");
    for (int k = 0; k < 2; k++) {
        v.value = 81 + k;
        in.now += 5;
        assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    }
    assert_int_equal(one_int(count, id), 4);
}

/* A value changed by a person is kept with who, when, old, new and why;
 * once submitted, a change without a reason is refused and leaves nothing;
 * a bulk load (user 0) keeps no history. */
static void test_history_and_states(void **state)
{
    (void)state;
    struct ntm_set set;
    assert_int_equal(ntm_set_load(&db, "QD318-2022", &arena, &set), 1);
    struct ntm_unit u;
    assert_int_equal(ntm_unit_by_code(&db, "18406", &arena, &u), 1);
    int64_t i21 = 0;
    for (size_t i = 0; i < set.n_indicators; i++)
        if (str_eq_lit(set.indicator_code[i], "2.1"))
            i21 = set.indicators[i].id;
    struct ntm_value_input v = {.indicator_id = i21, .value = 78.5};
    struct ntm_assessment_input in = {
        .unit_id = u.id, .set_code = "QD318-2022", .year = 2024, .values = &v, .n_values = 1, .now = T0 + 100, .user_id = 0};
    int64_t id = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int("SELECT count(*) FROM ntm_value_history WHERE assessment_id = ?1", id), 0);

    in.user_id = 7;
    v.value = 80;
    in.now = T0 + 200;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int("SELECT count(*) FROM ntm_value_history WHERE assessment_id = ?1", id), 1);
    assert_int_equal(one_int("SELECT old_value * 10 FROM ntm_value_history WHERE "
                             "assessment_id = ?1",
                             id),
                     785);
    assert_int_equal(one_int("SELECT new_value FROM ntm_value_history WHERE assessment_id = ?1", id), 80);
    /* the same values again: nothing new */
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int("SELECT count(*) FROM ntm_value_history WHERE assessment_id = ?1", id), 1);

    /* submitted: a change needs a reason */
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_SUBMITTED, 7, T0 + 300, STR(""), NULL, 0, err, sizeof err), 0);
    v.value = 90;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), -1);
    assert_non_null(strstr(err, "lý do"));
    assert_int_equal(one_int("SELECT value FROM ntm_value WHERE assessment_id = ?1", id), 80);
    in.reason = STR("Theo biên bản");
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    struct ntm_history_row *rows;
    size_t n;
    assert_int_equal(ntm_history_read(&db, id, &arena, &rows, &n), 0);
    assert_int_equal(n, 2);
    assert_true(str_eq_lit(rows[0].reason, "Theo biên bản")); /* newest first */
    assert_int_equal(rows[0].user_id, 7);

    /* the queue, then a return with comments, which the reporter reads back */
    struct ntm_queue_row *q;
    assert_int_equal(ntm_queue_read(&db, &arena, &q, &n), 0);
    assert_int_equal(n, 1);
    assert_int_equal(q[0].id, id);
    assert_int_equal(q[0].submitted_at, T0 + 300);
    assert_false(q[0].has_previous);
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_RETURNED, 9, T0 + 400, STR(""), NULL, 0, err, sizeof err), -1);
    struct ntm_review_comment c = {.indicator_id = i21, .comment = STR("Chưa khớp")};
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_RETURNED, 9, T0 + 400, STR("Rà soát lại"), &c, 1, err, sizeof err), 0);
    struct ntm_review_comment *got;
    assert_int_equal(ntm_entry_comments(&db, id, &arena, &got, &n), 0);
    assert_int_equal(n, 2);
    assert_true(str_eq_lit(got[0].comment, "Rà soát lại") && got[0].indicator_id == 0);
    assert_true(str_eq_lit(got[1].comment, "Chưa khớp") && got[1].indicator_id == i21);
    /* submitted again: the comments are no longer current; returned -> accepted
     * is refused */
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_ACCEPTED, 9, T0 + 450, STR(""), NULL, 0, err, sizeof err), -1);
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_SUBMITTED, 7, T0 + 500, STR(""), NULL, 0, err, sizeof err), 0);
    assert_int_equal(ntm_entry_comments(&db, id, &arena, &got, &n), 0);
    assert_int_equal(n, 0);
    assert_int_equal(ntm_entry_set_state(&db, id, NTM_ACCEPTED, 9, T0 + 600, STR(""), NULL, 0, err, sizeof err), 0);
    assert_int_equal(one_int("SELECT count(*) FROM ntm_assessment_event WHERE assessment_id = ?1", id), 4);
    struct ntm_entry e;
    assert_int_equal(ntm_entry_read(&db, u.id, set.id, 2024, 0, &arena, &e), 1);
    assert_int_equal(e.state, NTM_ACCEPTED);
    assert_int_equal(e.n_values, 1);
    assert_true(e.values[0].value == 90);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_decimals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_periods, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shares, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_and_states, setup, teardown),
        cmocka_unit_test_setup_teardown(test_draft_changes_fold_into_one, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
