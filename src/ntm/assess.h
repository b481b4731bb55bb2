/*
 * assess.h - whether a unit meets a criteria set: the one computation of
 * the NTM monitor, a pure function (no database, no allocation).
 *
 * A set has criteria; a criterion has indicators; an indicator has a value
 * type and targets that may differ by commune group (QĐ 51/2025: groups
 * 1/2/3) or by region (QĐ 318/2022: 7 regions). A target may be unknown
 * (the reference data marks it "?"): it is then never invented, and an
 * indicator compared with it is "unknown target", not "not met".
 *
 * The rules:
 *   indicator  met / not met from its value and the target that applies to
 *              the unit (the unit's group or region, else the target for
 *              every unit '*'); "unknown target" when that target is not
 *              known or none applies; "not assessed" when there is no value.
 *              Exactly at the target is met (the decisions write ≥ and ≤).
 *   criterion  not met when one of its indicators is not met; met when all
 *              are met; otherwise undetermined. Where it cannot be
 *              computed because its indicators are not loaded or a target
 *              is unknown, the state the office recorded for it is used
 *              (and flagged as recorded); a missing value whose target is
 *              known is never filled that way (it could decide).
 *   unit       not met when one criterion is not met, met when every
 *              criterion of the set is met, otherwise undetermined.
 * A value for an indicator that is not in the set is "not in this set"
 * (an indicator that did not exist in a period is never "not met").
 *
 * src/ntm/write.c calls ntm_assess whenever values, recorded states or
 * targets change and stores the result beside them; nothing else decides
 * these states.
 */
#ifndef DINH_NTM_ASSESS_H
#define DINH_NTM_ASSESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The values are stored in ntm_value.state: never renumber them. */
enum ntm_ind_state {
    NTM_IND_NOT_MET = 0,
    NTM_IND_MET = 1,
    NTM_IND_UNKNOWN_TARGET = 2,
    NTM_IND_NOT_ASSESSED = 3,
    NTM_IND_NOT_IN_SET = 4,
};

/* A criterion's or a unit's state (ntm_result.state, ntm_assessment.unit_state). */
enum ntm_state {
    NTM_UNDETERMINED = -1,
    NTM_NOT_MET = 0,
    NTM_MET = 1,
};

enum ntm_value_type {
    NTM_TYPE_MET = 1,     /* 1 = đạt / có, 0 = không đạt / không */
    NTM_TYPE_PERCENT = 2, /* 0..100 */
    NTM_TYPE_NUMBER = 3,
    NTM_TYPE_LEVEL = 4, /* the position of a level in the indicator's list, from 1 */
};

enum ntm_op {
    NTM_OP_UNKNOWN = 0, /* the target is not known */
    NTM_OP_AT_LEAST = 1,
    NTM_OP_AT_MOST = 2,
    NTM_OP_EQUAL = 3,
};

struct ntm_target {
    const char *applies_to; /* "*", "1", "2", "3", or a region's name */
    enum ntm_op op;
    double threshold; /* ignored when op is NTM_OP_UNKNOWN */
};

struct ntm_indicator {
    int64_t id;
    size_t criterion; /* index into ntm_assess_input.criteria */
    enum ntm_value_type type;
    const struct ntm_target *targets;
    size_t n_targets;
};

struct ntm_criterion {
    int64_t id;
    bool indicators_loaded; /* false: the state is recorded directly */
    int recorded;           /* the office's state: -1 none, 0 not met, 1 met */
};

struct ntm_value {
    int64_t indicator_id;
    double value; /* NaN counts as no value */
};

struct ntm_assess_input {
    const struct ntm_criterion *criteria;
    size_t n_criteria;
    const struct ntm_indicator *indicators;
    size_t n_indicators;
    const char *target_key;         /* the unit's group ("2") or region per the set's
                                       scheme; NULL or "" when not classified */
    const struct ntm_value *values; /* at most one per indicator id; any order */
    size_t n_values;
};

/* Arrays the caller provides, sized as the input's. */
struct ntm_assess_output {
    enum ntm_ind_state *indicator_state; /* n_indicators */
    enum ntm_state *criterion_state;     /* n_criteria */
    bool *criterion_recorded;            /* n_criteria: the state came from `recorded` */
    enum ntm_ind_state *value_state;     /* n_values: the state of each value's
                                            indicator, NTM_IND_NOT_IN_SET if none */
    enum ntm_state unit_state;
    int criteria_met;
};

/* Evaluates one value against a target (no target: NULL). The building
 * block of ntm_assess, public for the pages that show one indicator. */
enum ntm_ind_state ntm_evaluate(enum ntm_value_type type, const struct ntm_target *target, bool has_value,
                                double value);

/* The target of `ind` that applies to a unit with `target_key`: the one
 * for the key, else the one for "*", else NULL. */
const struct ntm_target *ntm_target_for(const struct ntm_indicator *ind, const char *target_key);

/* Computes every state (see the top of this file). Indicators whose
 * `criterion` index is out of range are ignored. Returns 0, or -1 when an
 * output array needed for a non-empty input is NULL. Allocates nothing;
 * O(values x indicators), a few thousand steps for a national set. */
int ntm_assess(const struct ntm_assess_input *in, struct ntm_assess_output *out);

/* Where a unit stands against its plan framework for something due in
 * `due_year` (a status, or a criterion), seen at the end of `year`, given
 * its state then and the year running now (`year_now`, Vietnam time: the
 * caller's clock, so that the function stays pure): met is on track; not
 * met after the due year, or in the due year once that year is over, is
 * behind; not met in the due year while it runs, or in the year before,
 * is at risk; earlier, on track; an undetermined state from the due year
 * on is at risk (the office must look). */
enum ntm_plan_state {
    NTM_PLAN_ON_TRACK = 0,
    NTM_PLAN_AT_RISK = 1,
    NTM_PLAN_BEHIND = 2,
};
enum ntm_plan_state ntm_plan_state(int due_year, int year, enum ntm_state state, int year_now);
/* "Đúng tiến độ", "Có nguy cơ chậm", "Chậm tiến độ". */
const char *ntm_plan_state_name(enum ntm_plan_state s);

/* "Đạt", "Không đạt", "Chưa rõ mức yêu cầu", "Chưa đánh giá", "Không có trong bộ tiêu chí". */
const char *ntm_ind_state_name(enum ntm_ind_state s);
/* "Đạt", "Không đạt", "Chưa xác định". */
const char *ntm_state_name(enum ntm_state s);

#endif
