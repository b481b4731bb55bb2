/*
 * test_ntm_assess.c - unit tests for src/ntm/assess.c, the computation of
 * whether an indicator, a criterion and a commune meet a criteria set.
 *
 * Each test builds a small set the way the shipped data is shaped (met /
 * not met, percentages with ≥ and ≤, numbers, levels; targets per commune
 * group and per region; unknown targets) and checks the states a commune's
 * page would show.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ntm/assess.h"

static const struct ntm_target MET_YES[] = {{"*", NTM_OP_EQUAL, 1}};
static const struct ntm_target MET_NO[] = {{"*", NTM_OP_EQUAL, 0}}; /* "Không" (no temporary houses) */
static const struct ntm_target UNKNOWN[] = {{"*", NTM_OP_UNKNOWN, 0}};
static const struct ntm_target PCT_GROUPS[] = {
    {"1", NTM_OP_AT_LEAST, 95}, {"2", NTM_OP_AT_LEAST, 90}, {"3", NTM_OP_AT_LEAST, 80}};
static const struct ntm_target PCT_AT_MOST[] = {{"*", NTM_OP_AT_MOST, 13.9}};
static const struct ntm_target NUM_REGION[] = {{"*", NTM_OP_AT_LEAST, 45}, {"Bắc Trung Bộ", NTM_OP_AT_LEAST, 36}};
static const struct ntm_target LEVEL_2[] = {{"*", NTM_OP_AT_LEAST, 2}};
static const struct ntm_target GROUP_2_UNKNOWN[] = {{"1", NTM_OP_AT_LEAST, 70}, {"2", NTM_OP_UNKNOWN, 0}};

static enum ntm_ind_state eval1(enum ntm_value_type t, const struct ntm_target *targets, size_t n, const char *key,
                                bool has, double v)
{
    struct ntm_indicator ind = {.id = 1, .type = t, .targets = targets, .n_targets = n};
    return ntm_evaluate(t, ntm_target_for(&ind, key), has, v);
}

static void test_met_type(void **state)
{
    (void)state;
    assert_int_equal(eval1(NTM_TYPE_MET, MET_YES, 1, NULL, true, 1), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_MET, MET_YES, 1, NULL, true, 0), NTM_IND_NOT_MET);
    /* "Nhà tạm, dột nát: Không": having none is what meets it */
    assert_int_equal(eval1(NTM_TYPE_MET, MET_NO, 1, NULL, true, 0), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_MET, MET_NO, 1, NULL, true, 1), NTM_IND_NOT_MET);
}

static void test_percent_by_group_and_boundaries(void **state)
{
    (void)state;
    /* exactly at the target is met, just under is not, per group */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "1", true, 95), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "1", true, 94.99), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "2", true, 90), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "2", true, 89.9), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "3", true, 80), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "3", true, 79.999), NTM_IND_NOT_MET);
    /* a value that is the target after a decimal round trip */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "3", true, 0.1 * 3 * 1000 / 3.75), NTM_IND_MET);
    /* no group known and only per-group targets: no target applies */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, NULL, true, 99), NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "", true, 99), NTM_IND_UNKNOWN_TARGET);
}

static void test_at_most(void **state)
{
    (void)state;
    /* stunting under 5: ≤ 13.9 */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_AT_MOST, 1, NULL, true, 13.9), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_AT_MOST, 1, NULL, true, 13.91), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_AT_MOST, 1, NULL, true, 0), NTM_IND_MET);
}

static void test_number_by_region(void **state)
{
    (void)state;
    /* income: the region's own target, else the general one */
    assert_int_equal(eval1(NTM_TYPE_NUMBER, NUM_REGION, 2, "Bắc Trung Bộ", true, 36), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_NUMBER, NUM_REGION, 2, "Bắc Trung Bộ", true, 35.9), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_NUMBER, NUM_REGION, 2, "Đồng bằng sông Hồng", true, 40), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_NUMBER, NUM_REGION, 2, "Đồng bằng sông Hồng", true, 45), NTM_IND_MET);
}

static void test_level(void **state)
{
    (void)state;
    assert_int_equal(eval1(NTM_TYPE_LEVEL, LEVEL_2, 1, NULL, true, 1), NTM_IND_NOT_MET);
    assert_int_equal(eval1(NTM_TYPE_LEVEL, LEVEL_2, 1, NULL, true, 2), NTM_IND_MET);
    assert_int_equal(eval1(NTM_TYPE_LEVEL, LEVEL_2, 1, NULL, true, 3), NTM_IND_MET);
}

static void test_unknown_and_missing(void **state)
{
    (void)state;
    /* an unknown target is never "not met", whatever the value */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, UNKNOWN, 1, NULL, true, 0), NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, UNKNOWN, 1, NULL, true, 100), NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, GROUP_2_UNKNOWN, 2, "2", true, 100), NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, GROUP_2_UNKNOWN, 2, "1", true, 69), NTM_IND_NOT_MET);
    /* no target row at all */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, NULL, 0, "1", true, 50), NTM_IND_UNKNOWN_TARGET);
    /* a missing value is "not assessed", before the target is looked at */
    assert_int_equal(eval1(NTM_TYPE_PERCENT, PCT_GROUPS, 3, "1", false, 0), NTM_IND_NOT_ASSESSED);
    assert_int_equal(eval1(NTM_TYPE_PERCENT, UNKNOWN, 1, NULL, false, 0), NTM_IND_NOT_ASSESSED);
    assert_int_equal(eval1(NTM_TYPE_MET, MET_YES, 1, NULL, true, NAN), NTM_IND_NOT_ASSESSED);
}

/* A set of three criteria: C0 with two known indicators, C1 with one known
 * and one unknown target, C2 with no indicators loaded. */
static const struct ntm_indicator SET_IND[] = {
    {.id = 10, .criterion = 0, .type = NTM_TYPE_MET, .targets = MET_YES, .n_targets = 1},
    {.id = 11, .criterion = 0, .type = NTM_TYPE_PERCENT, .targets = PCT_GROUPS, .n_targets = 3},
    {.id = 20, .criterion = 1, .type = NTM_TYPE_MET, .targets = MET_YES, .n_targets = 1},
    {.id = 21, .criterion = 1, .type = NTM_TYPE_PERCENT, .targets = UNKNOWN, .n_targets = 1},
};

struct run {
    enum ntm_ind_state ind[4];
    enum ntm_state crit[3];
    bool rec[3];
    enum ntm_ind_state vs[8];
    struct ntm_assess_output out;
};

static void run_set(struct run *r, const struct ntm_criterion *crit, const struct ntm_value *values, size_t nv,
                    const char *key)
{
    memset(r, 0, sizeof *r);
    r->out = (struct ntm_assess_output){r->ind, r->crit, r->rec, r->vs, NTM_UNDETERMINED, -1};
    struct ntm_assess_input in = {crit, 3, SET_IND, 4, key, values, nv};
    assert_int_equal(ntm_assess(&in, &r->out), 0);
}

static void test_rollup_all_met_and_recorded(void **state)
{
    (void)state;
    const struct ntm_criterion crit[] = {{1, true, -1}, {2, true, 1}, {3, false, 1}};
    const struct ntm_value v[] = {{10, 1}, {11, 90}, {20, 1}, {21, 50}};
    struct run r;
    run_set(&r, crit, v, 4, "2");
    assert_int_equal(r.crit[0], NTM_MET);
    assert_false(r.rec[0]);
    /* C1: its known indicator met, the other's target unknown: the office's record */
    assert_int_equal(r.ind[3], NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(r.crit[1], NTM_MET);
    assert_true(r.rec[1]);
    /* C2: no indicators loaded: recorded */
    assert_int_equal(r.crit[2], NTM_MET);
    assert_true(r.rec[2]);
    assert_int_equal(r.out.criteria_met, 3);
    assert_int_equal(r.out.unit_state, NTM_MET);
}

static void test_rollup_not_met_wins_over_record(void **state)
{
    (void)state;
    /* the group decides: 90% is met for group 2, not for group 1 */
    const struct ntm_criterion crit[] = {{1, true, 1}, {2, true, 1}, {3, false, 1}};
    const struct ntm_value v[] = {{10, 1}, {11, 90}, {20, 0}, {21, 50}};
    struct run r;
    run_set(&r, crit, v, 4, "1");
    assert_int_equal(r.ind[1], NTM_IND_NOT_MET);
    assert_int_equal(r.crit[0], NTM_NOT_MET); /* a record never overrides a computed state */
    assert_false(r.rec[0]);
    assert_int_equal(r.crit[1], NTM_NOT_MET); /* one indicator not met, the other unknown */
    assert_false(r.rec[1]);
    assert_int_equal(r.out.criteria_met, 1);
    assert_int_equal(r.out.unit_state, NTM_NOT_MET);
}

static void test_rollup_undetermined(void **state)
{
    (void)state;
    /* nothing recorded, a value missing: undetermined, not "not met" */
    const struct ntm_criterion crit[] = {{1, true, 1}, {2, true, -1}, {3, false, -1}};
    const struct ntm_value v[] = {{10, 1}, {20, 1}, {21, 50}};
    struct run r;
    run_set(&r, crit, v, 3, "3");
    assert_int_equal(r.ind[1], NTM_IND_NOT_ASSESSED);
    assert_int_equal(r.crit[0], NTM_UNDETERMINED); /* a missing value is never filled by the record */
    assert_int_equal(r.crit[1], NTM_UNDETERMINED);
    assert_int_equal(r.crit[2], NTM_UNDETERMINED);
    assert_int_equal(r.out.criteria_met, 0);
    assert_int_equal(r.out.unit_state, NTM_UNDETERMINED);
    /* a criterion recorded "not met" with no indicators makes the unit not met */
    const struct ntm_criterion crit2[] = {{1, true, -1}, {2, true, 1}, {3, false, 0}};
    const struct ntm_value v2[] = {{10, 1}, {11, 99}, {20, 1}, {21, 50}};
    run_set(&r, crit2, v2, 4, "3");
    assert_int_equal(r.crit[2], NTM_NOT_MET);
    assert_true(r.rec[2]);
    assert_int_equal(r.out.criteria_met, 2);
    assert_int_equal(r.out.unit_state, NTM_NOT_MET);
}

static void test_missing_value_with_unknown_target(void **state)
{
    (void)state;
    /* C1's second indicator has no value and an unknown target: nothing
     * the value could decide, so the office's record stands */
    const struct ntm_criterion crit[] = {{1, true, -1}, {2, true, 1}, {3, false, 1}};
    const struct ntm_value v[] = {{10, 1}, {11, 80}, {20, 1}};
    struct run r;
    run_set(&r, crit, v, 3, "3");
    assert_int_equal(r.ind[3], NTM_IND_NOT_ASSESSED);
    assert_int_equal(r.crit[1], NTM_MET);
    assert_true(r.rec[1]);
    assert_int_equal(r.out.unit_state, NTM_MET);
    /* without a record it stays undetermined */
    const struct ntm_criterion crit2[] = {{1, true, -1}, {2, true, -1}, {3, false, 1}};
    run_set(&r, crit2, v, 3, "3");
    assert_int_equal(r.crit[1], NTM_UNDETERMINED);
    assert_int_equal(r.out.unit_state, NTM_UNDETERMINED);
}

static void test_value_not_in_set(void **state)
{
    (void)state;
    const struct ntm_criterion crit[] = {{1, true, -1}, {2, true, -1}, {3, false, -1}};
    const struct ntm_value v[] = {{99, 1}, {10, 1}, {11, 80}};
    struct run r;
    run_set(&r, crit, v, 3, "3");
    assert_int_equal(r.vs[0], NTM_IND_NOT_IN_SET);
    assert_int_equal(r.vs[1], NTM_IND_MET);
    assert_int_equal(r.vs[2], NTM_IND_MET);
    assert_int_equal(r.crit[0], NTM_MET);
}

static void test_empty_and_bad_output(void **state)
{
    (void)state;
    struct ntm_assess_output out = {0};
    struct ntm_assess_input in = {0};
    assert_int_equal(ntm_assess(&in, &out), 0);
    assert_int_equal(out.unit_state, NTM_UNDETERMINED); /* a set with no criteria is never "met" */
    const struct ntm_criterion crit[] = {{1, true, -1}};
    in.criteria = crit;
    in.n_criteria = 1;
    assert_int_equal(ntm_assess(&in, &out), -1);
    assert_string_equal(ntm_ind_state_name(NTM_IND_UNKNOWN_TARGET), "Chưa rõ mức yêu cầu");
    assert_string_equal(ntm_state_name(NTM_UNDETERMINED), "Chưa xác định");
}

static void test_plan_state(void **state)
{
    (void)state;
    /* due in 2027, seen at the end of each year, while 2027 runs */
    assert_int_equal(ntm_plan_state(2027, 2025, NTM_NOT_MET, 2027), NTM_PLAN_ON_TRACK);
    assert_int_equal(ntm_plan_state(2027, 2026, NTM_NOT_MET, 2027), NTM_PLAN_AT_RISK);
    assert_int_equal(ntm_plan_state(2027, 2027, NTM_NOT_MET, 2027), NTM_PLAN_AT_RISK);
    assert_int_equal(ntm_plan_state(2027, 2028, NTM_NOT_MET, 2027), NTM_PLAN_BEHIND);
    assert_int_equal(ntm_plan_state(2027, 2030, NTM_MET, 2027), NTM_PLAN_ON_TRACK);
    assert_int_equal(ntm_plan_state(2027, 2024, NTM_MET, 2027), NTM_PLAN_ON_TRACK);
    assert_int_equal(ntm_plan_state(2027, 2026, NTM_UNDETERMINED, 2027), NTM_PLAN_ON_TRACK);
    assert_int_equal(ntm_plan_state(2027, 2027, NTM_UNDETERMINED, 2027), NTM_PLAN_AT_RISK);
    /* once 2027 is over, its result not meeting the target is behind */
    assert_int_equal(ntm_plan_state(2027, 2027, NTM_NOT_MET, 2028), NTM_PLAN_BEHIND);
    assert_int_equal(ntm_plan_state(2027, 2027, NTM_MET, 2028), NTM_PLAN_ON_TRACK);
    assert_int_equal(ntm_plan_state(2027, 2026, NTM_NOT_MET, 2028), NTM_PLAN_AT_RISK);
    assert_string_equal(ntm_plan_state_name(NTM_PLAN_BEHIND), "Chậm tiến độ");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_met_type),
        cmocka_unit_test(test_percent_by_group_and_boundaries),
        cmocka_unit_test(test_at_most),
        cmocka_unit_test(test_number_by_region),
        cmocka_unit_test(test_level),
        cmocka_unit_test(test_unknown_and_missing),
        cmocka_unit_test(test_rollup_all_met_and_recorded),
        cmocka_unit_test(test_rollup_not_met_wins_over_record),
        cmocka_unit_test(test_rollup_undetermined),
        cmocka_unit_test(test_missing_value_with_unknown_target),
        cmocka_unit_test(test_value_not_in_set),
        cmocka_unit_test(test_empty_and_bad_output),
        cmocka_unit_test(test_plan_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
