/*
 * test_ntm_lineage.c - unit tests for what the monitor keeps through the
 * 2025 reorganisation and the years (src/ntm/lineage.c, history.c and the
 * province's counts in query.c), on an in-memory database: a merger whose
 * former communes' results stay readable under their old names and count
 * towards the new commune where the lineage says so; a split, whose
 * former commune's results show on each new one; and a model's state read
 * by year.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ntm/ntm.h"

/* The tests' clock: 1 January 2031, so that every period they write has
 * begun (a write refuses one still to come); times are T0 + seconds. */
#define T0 1924992000

static struct store_conn db;
static struct arena arena;
static char err[512];

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

static int64_t unit_id(const char *code)
{
    struct ntm_unit u;
    assert_int_equal(ntm_unit_by_code(&db, code, &arena, &u), 1);
    return u.id;
}

/* A former commune of Hà Tĩnh (valid from 2008), its id. */
static int64_t former(const char *code, const char *name)
{
    char csv[256];
    snprintf(csv, sizeof csv, "code,province,kind,name,slug\n%s,42,xa,%s,xa-%s\n", code, name, code);
    int count = 0;
    assert_int_equal(ntm_load_units_csv(&db, str_cstr(csv), "2008-08-01", &count, err, sizeof err), 0);
    assert_int_equal(count, 1);
    return unit_id(code);
}

/* An accepted yearly assessment (no values: every criterion undetermined
 * or not met) of `unit` in `year`, or a progress report of `quarter`. */
static int64_t accepted(int64_t unit, int year, int quarter)
{
    struct ntm_assessment_input in = {.unit_id = unit,
                                      .set_code = year >= 2026 ? "QD51-2025" : "QD318-2022",
                                      .year = year,
                                      .quarter = quarter,
                                      .now = T0 + 1000};
    int64_t id = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_SUBMITTED, T0 + 1001, err, sizeof err), 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, T0 + 1002, err, sizeof err), 0);
    return id;
}

static int units_in(int year)
{
    struct ntm_dashboard d;
    assert_int_equal(ntm_dashboard_read(&db, "42", year, &arena, &d), 1);
    return d.units;
}

static int assessed_in(int year)
{
    struct ntm_dashboard d;
    assert_int_equal(ntm_dashboard_read(&db, "42", year, &arena, &d), 1);
    return d.assessed;
}

static void test_merger_keeps_former_results_under_old_names(void **state)
{
    (void)state;
    int64_t a = former("429901", "Phúc Thành"), b = former("429902", "An Lộc"), c = unit_id("18406");
    for (int year = 2021; year <= 2024; year++) {
        accepted(a, year, 0);
        accepted(b, year, 0);
    }
    accepted(c, 2025, 0);
    int64_t from[] = {a, b};
    assert_int_equal(ntm_unit_merge(&db, from, 2, c, "2025-07-01", "Nghị quyết thử", true, err, sizeof err), 0);

    /* the former communes are no longer current, and read back under their names */
    struct ntm_unit gone;
    assert_int_equal(ntm_unit_by_code(&db, "429901", &arena, &gone), 0);
    struct ntm_former_unit *f;
    size_t n;
    assert_int_equal(ntm_unit_former_results(&db, c, &arena, &f, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(f[0].full_name.p, "Xã An Lộc"); /* Vietnamese order */
    assert_string_equal(f[1].full_name.p, "Xã Phúc Thành");
    for (size_t i = 0; i < n; i++) {
        assert_true(f[i].counts_history);
        assert_string_equal(f[i].valid_to.p, "2025-06-30");
        assert_string_equal(f[i].effective.p, "2025-07-01");
        assert_int_equal(f[i].n_years, 4);
        assert_int_equal(f[i].years[0].year, 2024); /* newest first */
        assert_int_equal(f[i].years[3].year, 2021);
        assert_int_equal(f[i].years[0].criteria_total, 19);
    }
    /* the province's units at the end of a year: 2023 had both former
     * communes and not the one formed from them; 2025 the new one only */
    assert_int_equal(units_in(2023), 69 - 1 + 2);
    assert_int_equal(units_in(2025), 69);
    assert_int_equal(assessed_in(2023), 2);
    assert_int_equal(assessed_in(2025), 1);
    /* another commune has no former units */
    assert_int_equal(ntm_unit_former_results(&db, unit_id("18409"), &arena, &f, &n), 0);
    assert_int_equal(n, 0);
}

static void test_merger_not_counted(void **state)
{
    (void)state;
    int64_t a = former("429903", "Tân Hương"), b = former("429904", "Hòa Lạc"), c = unit_id("18409");
    accepted(a, 2024, 0);
    int64_t from[] = {a, b};
    assert_int_equal(ntm_unit_merge(&db, from, 2, c, "2025-07-01", "Nghị quyết thử", false, err, sizeof err), 0);
    struct ntm_former_unit *f;
    size_t n;
    assert_int_equal(ntm_unit_former_results(&db, c, &arena, &f, &n), 0);
    assert_int_equal(n, 2);
    assert_false(f[0].counts_history);
    assert_false(f[1].counts_history);
    /* a former commune without an accepted assessment is listed without years */
    assert_string_equal(f[0].full_name.p, "Xã Hòa Lạc");
    assert_int_equal(f[0].n_years, 0);
    assert_int_equal(f[1].n_years, 1);
}

static void test_split_shows_the_former_commune_on_each_new_one(void **state)
{
    (void)state;
    int64_t a = former("429905", "Đại Thành");
    accepted(a, 2023, 0);
    accepted(a, 2024, 0);
    int64_t b = unit_id("18406"), c = unit_id("18409");
    int64_t from[] = {a};
    assert_int_equal(ntm_unit_merge(&db, from, 1, b, "2025-07-01", "Nghị quyết thử", true, err, sizeof err), 0);
    assert_int_equal(ntm_unit_merge(&db, from, 1, c, "2025-07-01", "Nghị quyết thử", false, err, sizeof err), 0);
    struct ntm_former_unit *f;
    size_t n;
    assert_int_equal(ntm_unit_former_results(&db, b, &arena, &f, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(f[0].full_name.p, "Xã Đại Thành");
    assert_true(f[0].counts_history);
    assert_int_equal(f[0].n_years, 2);
    assert_int_equal(ntm_unit_former_results(&db, c, &arena, &f, &n), 0);
    assert_int_equal(n, 1);
    assert_false(f[0].counts_history); /* the office counts it towards one of them only */
    assert_int_equal(f[0].n_years, 2);
    /* a unit is not its own predecessor */
    int64_t self[] = {b};
    assert_int_equal(ntm_unit_merge(&db, self, 1, b, "2025-07-01", "x", true, err, sizeof err), -1);
}

static void test_quarters_of_a_commune(void **state)
{
    (void)state;
    int64_t c = unit_id("18406");
    accepted(c, 2026, 1);
    accepted(c, 2026, 3);
    struct ntm_assessment_input draft = {.unit_id = c, .set_code = "QD51-2025", .year = 2026, .quarter = 2, .now = T0 + 5};
    int64_t id;
    assert_int_equal(ntm_assessment_save(&db, &draft, &id, err, sizeof err), 0); /* not public */
    struct ntm_quarter_result *q;
    size_t n;
    assert_int_equal(ntm_unit_quarters(&db, c, 2026, &arena, &q, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(q[0].quarter, 1);
    assert_int_equal(q[1].quarter, 3);
    assert_int_equal(q[0].criteria_total, 10);
    /* the province at the end of quarter 2: quarter 1's report (the draft does not count) */
    struct ntm_dashboard d;
    assert_int_equal(ntm_dashboard_read_period(&db, "42", 2026, 2, &arena, &d), 1);
    assert_int_equal(d.assessed, 1);
    assert_int_equal(d.n_quarters, 2);
    assert_int_equal(ntm_dashboard_read_period(&db, "42", 2026, 0, &arena, &d), 1);
    assert_int_equal(d.assessed, 0); /* no yearly assessment yet */
}

static void test_model_state_by_year(void **state)
{
    (void)state;
    int64_t c = unit_id("18406"), m = 0;
    assert_int_equal(ntm_model_save(&db, 0, c, "vuon", STR("Vườn mẫu hộ ông Thử"), "recognised", 2024, &m, err,
                                    sizeof err),
                     0);
    assert_int_equal(ntm_model_history_set(&db, m, 2022, "registered", 0, err, sizeof err), 0);
    assert_int_equal(ntm_model_history_set(&db, m, 2023, "building", 0, err, sizeof err), 0);
    assert_int_equal(ntm_model_history_set(&db, m, 2024, "recognised", 2024, err, sizeof err), 0);
    assert_int_equal(ntm_model_history_set(&db, m, 2023, "nonsense", 0, err, sizeof err), -1);
    assert_int_equal(ntm_model_history_set(&db, m, 2023, "recognised", 2024, err, sizeof err), -1);
    assert_int_equal(ntm_model_history_set(&db, m + 100, 2023, "building", 0, err, sizeof err), -1);
    static const struct {
        int year;
        const char *state;
        int recognised;
    } want[] = {{2022, "registered", 0}, {2023, "building", 0}, {2024, "recognised", 2024}, {2025, "recognised", 2024}};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        struct ntm_unit_extras x;
        assert_int_equal(ntm_unit_extras_read(&db, c, want[i].year, &arena, &x), 0);
        assert_int_equal(x.n_models, 1);
        assert_string_equal(x.models[0].state.p, want[i].state);
        assert_int_equal(x.models[0].year, want[i].recognised);
    }
    /* before its first year the model did not exist */
    struct ntm_unit_extras x;
    assert_int_equal(ntm_unit_extras_read(&db, c, 2021, &arena, &x), 0);
    assert_int_equal(x.n_models, 0);
    /* the province's counts follow */
    struct ntm_province_extras p;
    assert_int_equal(ntm_province_extras_read(&db, "42", 2023, &arena, &p), 0);
    assert_int_equal(p.gardens, 1);
    assert_int_equal(p.gardens_recognised, 0);
    assert_int_equal(ntm_province_extras_read(&db, "42", 2024, &arena, &p), 0);
    assert_int_equal(p.gardens_recognised, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_merger_keeps_former_results_under_old_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merger_not_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_shows_the_former_commune_on_each_new_one, setup, teardown),
        cmocka_unit_test_setup_teardown(test_quarters_of_a_commune, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_state_by_year, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
