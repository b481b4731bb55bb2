/*
 * assess.c - the computation of indicator, criterion and unit states; see
 * assess.h for the rules. Pure: no database, no allocation, no globals.
 */
#include "ntm/assess.h"

#include <math.h>
#include <string.h>

/* Values are typed as decimals ("85", "84,5") and stored as doubles: a
 * value equal to its target must compare equal even after a round trip. */
#define NTM_EPSILON 1e-9

const struct ntm_target *ntm_target_for(const struct ntm_indicator *ind, const char *target_key)
{
    const struct ntm_target *any = NULL;
    for (size_t i = 0; i < ind->n_targets; i++) {
        const char *a = ind->targets[i].applies_to;
        if (!a || !strcmp(a, "*"))
            any = &ind->targets[i];
        else if (target_key && target_key[0] && !strcmp(a, target_key))
            return &ind->targets[i];
    }
    return any;
}

enum ntm_ind_state ntm_evaluate(enum ntm_value_type type, const struct ntm_target *target, bool has_value, double value)
{
    if (!has_value || isnan(value))
        return NTM_IND_NOT_ASSESSED;
    if (!target || target->op == NTM_OP_UNKNOWN || isnan(target->threshold))
        return NTM_IND_UNKNOWN_TARGET;
    double t = target->threshold;
    if (type == NTM_TYPE_MET) {
        /* Đạt / Không: the value says yes (1) or no (0); the target which of
         * the two is required. */
        bool yes = value >= 0.5, want = t >= 0.5;
        return yes == want ? NTM_IND_MET : NTM_IND_NOT_MET;
    }
    bool ok;
    switch (target->op) {
    case NTM_OP_AT_LEAST: ok = value >= t - NTM_EPSILON * fmax(1.0, fabs(t)); break;
    case NTM_OP_AT_MOST: ok = value <= t + NTM_EPSILON * fmax(1.0, fabs(t)); break;
    case NTM_OP_EQUAL: ok = fabs(value - t) <= NTM_EPSILON * fmax(1.0, fabs(t)); break;
    default: return NTM_IND_UNKNOWN_TARGET;
    }
    return ok ? NTM_IND_MET : NTM_IND_NOT_MET;
}

int ntm_assess(const struct ntm_assess_input *in, struct ntm_assess_output *out)
{
    if ((in->n_indicators && !out->indicator_state) ||
        (in->n_criteria && (!out->criterion_state || !out->criterion_recorded)) || (in->n_values && !out->value_state))
        return -1;

    for (size_t v = 0; v < in->n_values; v++)
        out->value_state[v] = NTM_IND_NOT_IN_SET;
    for (size_t i = 0; i < in->n_indicators; i++) {
        const struct ntm_indicator *ind = &in->indicators[i];
        bool has = false;
        double value = NAN;
        for (size_t v = 0; v < in->n_values; v++)
            if (in->values[v].indicator_id == ind->id) {
                has = !isnan(in->values[v].value);
                value = in->values[v].value;
                break;
            }
        enum ntm_ind_state s = ntm_evaluate(ind->type, ntm_target_for(ind, in->target_key), has, value);
        out->indicator_state[i] = s;
        for (size_t v = 0; v < in->n_values; v++)
            if (in->values[v].indicator_id == ind->id)
                out->value_state[v] = s;
    }

    out->criteria_met = 0;
    bool any_not_met = false, all_met = in->n_criteria > 0;
    for (size_t c = 0; c < in->n_criteria; c++) {
        const struct ntm_criterion *cr = &in->criteria[c];
        size_t n = 0, met = 0, not_met = 0, unassessed = 0, unknown = 0;
        if (cr->indicators_loaded)
            for (size_t i = 0; i < in->n_indicators; i++) {
                if (in->indicators[i].criterion != c)
                    continue;
                n++;
                switch (out->indicator_state[i]) {
                case NTM_IND_MET: met++; break;
                case NTM_IND_NOT_MET: not_met++; break;
                case NTM_IND_NOT_ASSESSED:
                    /* a missing value blocks the office's record only when
                     * its target is known: the value could decide */
                    if (ntm_evaluate(in->indicators[i].type, ntm_target_for(&in->indicators[i], in->target_key), true,
                                     0) == NTM_IND_UNKNOWN_TARGET)
                        unknown++;
                    else
                        unassessed++;
                    break;
                default: unknown++; break;
                }
            }
        enum ntm_state s;
        bool recorded = false;
        if (not_met)
            s = NTM_NOT_MET;
        else if (unassessed)
            s = NTM_UNDETERMINED;
        else if (n > 0 && met == n)
            s = NTM_MET;
        else if (cr->recorded == 0 || cr->recorded == 1) {
            /* no indicators loaded, or a target unknown: the office's word */
            s = cr->recorded ? NTM_MET : NTM_NOT_MET;
            recorded = true;
        } else
            s = NTM_UNDETERMINED;
        out->criterion_state[c] = s;
        out->criterion_recorded[c] = recorded;
        if (s == NTM_MET)
            out->criteria_met++;
        else
            all_met = false;
        if (s == NTM_NOT_MET)
            any_not_met = true;
    }
    out->unit_state = any_not_met ? NTM_NOT_MET : all_met ? NTM_MET : NTM_UNDETERMINED;
    return 0;
}

const char *ntm_ind_state_name(enum ntm_ind_state s)
{
    switch (s) {
    case NTM_IND_MET: return "Đạt";
    case NTM_IND_NOT_MET: return "Không đạt";
    case NTM_IND_UNKNOWN_TARGET: return "Chưa rõ mức yêu cầu";
    case NTM_IND_NOT_ASSESSED: return "Chưa đánh giá";
    case NTM_IND_NOT_IN_SET: return "Không có trong bộ tiêu chí";
    }
    return "";
}

const char *ntm_state_name(enum ntm_state s)
{
    switch (s) {
    case NTM_MET: return "Đạt";
    case NTM_NOT_MET: return "Không đạt";
    case NTM_UNDETERMINED: return "Chưa xác định";
    }
    return "";
}

enum ntm_plan_state ntm_plan_state(int due_year, int year, enum ntm_state state, int year_now)
{
    if (state == NTM_MET)
        return NTM_PLAN_ON_TRACK;
    if (state == NTM_UNDETERMINED)
        return year >= due_year ? NTM_PLAN_AT_RISK : NTM_PLAN_ON_TRACK;
    if (year > due_year || (year == due_year && year < year_now)) /* the due year is over, not met */
        return NTM_PLAN_BEHIND;
    return year >= due_year - 1 ? NTM_PLAN_AT_RISK : NTM_PLAN_ON_TRACK;
}

const char *ntm_plan_state_name(enum ntm_plan_state s)
{
    switch (s) {
    case NTM_PLAN_ON_TRACK: return "Đúng tiến độ";
    case NTM_PLAN_AT_RISK: return "Có nguy cơ chậm";
    case NTM_PLAN_BEHIND: return "Chậm tiến độ";
    }
    return "";
}
