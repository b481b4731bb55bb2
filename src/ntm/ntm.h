/*
 * ntm.h - the New Rural Development (nông thôn mới) monitor's data: the
 * administrative units and their mergers, the versioned criteria sets,
 * the assessments and what is computed from them, recognition decisions,
 * the plan framework, responsibilities, sponsors, models, funds and the
 * units' boundaries. The module owns the ntm_* tables of
 * src/store/migrations/016_ntm.sql; other modules reach them only here.
 *
 * Shipped data. the CSV files of data/ntm/ (sets, criteria, indicators, targets; the
 * 3,321 units of 2025; Hà Tĩnh's simplified boundaries) are compiled into
 * the binary (build/gen/ntm_data.c); ntm_load_builtin loads them, and
 * loading again changes only what differs. A target the sources mark "?"
 * is loaded unknown; a criterion whose indicators are not known is loaded
 * with indicators_loaded = 0 and its state is then recorded directly.
 *
 * Computed states. Whether an indicator, a criterion and a unit is met is
 * computed by ntm_assess (assess.h) in the write that changes the values,
 * the recorded states or the targets, and stored beside them: the pages
 * read it, nobody types it, and no batch job is needed for a change to
 * show.
 *
 * Writes. Each function is one transaction (a savepoint inside the
 * caller's, as the demo runs everything in one), checks its input first
 * and says why it refused in Vietnamese (err), returns 0 or -1. It touches
 * these cache tags, and only when what it changed is public (an accepted
 * assessment, an approved plan; units, sets, recognitions, sponsors,
 * models, funds and shapes are public):
 *   "ntm"            every page that sums over units (dashboards, map, exports)
 *   "ntm:unit:CODE"  the page of one unit
 *   "ntm:crit:ID"    the page of one criterion
 *   "ntm:ref"        the reference data every unit's and criterion's page
 *                    shows: units' names, sets, targets (loads, recomputes)
 * Reads return 1 (found) / 0 (not found) or a count, and -1 when the
 * database failed (logged by the store; the page must answer 500).
 */
#ifndef DINH_NTM_NTM_H
#define DINH_NTM_NTM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "ntm/assess.h"
#include "ntm/geo.h"
#include "store/store.h"

/* The units of the shipped list are valid from the two-level government. */
#define NTM_UNITS_VALID_FROM "2025-07-01"
#define NTM_UNITS_LEGAL_BASIS "Quyết định 19/2025/QĐ-TTg"

/* --- shipped data ------------------------------------------------------ */

/* Loads the shipped sets and units (not the boundaries). Idempotent. */
int ntm_load_builtin(struct store_conn *db, char *err, size_t errlen);

/* Loads units from CSV text (header code,province,kind,name,slug; a row
 * without a province is a province). Existing codes are updated, new ones
 * added, valid from `valid_from`. *count receives the rows read. */
int ntm_load_units_csv(struct store_conn *db, struct str csv, const char *valid_from, int *count, char *err,
                       size_t errlen);

/* The four CSV texts of criteria sets (see data/ntm/README.md). */
struct ntm_set_files {
    struct str sets, criteria, indicators, targets;
};
/* Loads (or updates) every set in the files, then recomputes the stored
 * states of the assessments of each set whose targets changed. */
int ntm_load_sets_csv(struct store_conn *db, const struct ntm_set_files *f, char *err, size_t errlen);

/* An embedded data file by base name ("units.csv"); a null str if none. */
struct str ntm_builtin_file(const char *name);

/* --- units --------------------------------------------------------------- */

struct ntm_unit {
    int64_t id;
    struct str code, kind, name, full_name, slug, former_district;
    int64_t parent_id;
    bool current; /* valid_to is NULL */
};

/* The current unit with `code`. */
int ntm_unit_by_code(struct store_conn *db, const char *code, struct arena *a, struct ntm_unit *out);
/* The same among the former units when `former` (merged or split away). */
int ntm_unit_by_code_in(struct store_conn *db, const char *code, bool former, struct arena *a, struct ntm_unit *out);
/* The current commune-level units of a province ("42"), by code. *n
 * receives the count; the array lives in `a`. -1 on failure. */
int ntm_units_of(struct store_conn *db, const char *province_code, struct arena *a, struct ntm_unit **out, size_t *n);
/* Every current province, by code. */
int ntm_provinces(struct store_conn *db, struct arena *a, struct ntm_unit **out, size_t *n);

/* Sets a unit's classification (scheme "nhom": "1".."3"; "vung": a region's
 * name) from `valid_from` (ISO date), ending the one before. */
int ntm_unit_classify(struct store_conn *db, int64_t unit_id, const char *scheme, const char *value,
                      const char *valid_from, const char *legal_basis, char *err, size_t errlen);
/* Records that the units from[0..n) became `to` on `effective` (a merger;
 * n == 1 with several calls for a split): the predecessors end the day
 * before, and their assessments count towards `to` when counts_history. */
int ntm_unit_merge(struct store_conn *db, const int64_t *from, size_t n, int64_t to, const char *effective,
                   const char *legal_basis, bool counts_history, char *err, size_t errlen);
/* Sets a unit's former district (history only). */
int ntm_unit_set_former_district(struct store_conn *db, int64_t unit_id, const char *district, char *err,
                                 size_t errlen);

/* --- criteria sets ------------------------------------------------------- */

/* A set loaded for the computation: ntm_assess's input arrays, with the
 * codes and names beside them (same indexes). */
struct ntm_set {
    int64_t id;
    struct str code, name, decision, target_scheme;
    int year_from, year_to;
    struct ntm_criterion *criteria;
    struct str *criterion_number, *criterion_name;
    size_t n_criteria;
    struct ntm_indicator *indicators;
    struct str *indicator_code, *indicator_name;
    size_t n_indicators;
};
/* Loads the set `code` into `a`. 1, 0 when there is no such set, -1. */
int ntm_set_load(struct store_conn *db, const char *code, struct arena *a, struct ntm_set *out);
/* The national set of `year`, the root of its family (the set and every
 * version made from it, ntm_set.parent_id); the code, or NULL outside
 * NTM_YEAR_FIRST..NTM_YEAR_LAST, the years the monitor can show. */
#define NTM_YEAR_FIRST 2021
#define NTM_YEAR_LAST 2030
const char *ntm_set_for_year(int year);
#define NTM_SET_CODE_MAX 64
/* The version of the year's family in force for new reports of a unit of
 * province `province_code`: a version of that province before a national
 * one, then the one applying from the latest year. 1 with the code, 0 when
 * no set covers the year, -1. */
int ntm_set_in_effect(struct store_conn *db, int year, const char *province_code, char code[NTM_SET_CODE_MAX]);
/* The set a unit's report for the period is under: the one it was started
 * under if it exists (a report keeps its set), else the one in effect.
 * Returns as ntm_set_in_effect. */
int ntm_set_for_report(struct store_conn *db, int64_t unit_id, const char *province_code, int year, int quarter,
                       char code[NTM_SET_CODE_MAX]);
/* Whether set `code` is a version of the year's set covering `year`: 1, 0, -1. */
int ntm_set_of_year(struct store_conn *db, const char *code, int year);
/* The number ("11") of criterion `criterion_id` when it belongs to a
 * version of the year's set: 1, 0 when not, -1. */
int ntm_criterion_number(struct store_conn *db, int64_t criterion_id, int year, char number[16]);

/* --- assessments --------------------------------------------------------- */

enum ntm_assessment_state { NTM_DRAFT, NTM_SUBMITTED, NTM_ACCEPTED, NTM_RETURNED };

struct ntm_value_input {
    int64_t indicator_id;
    double value;    /* NaN: no value */
    struct str text; /* a level's name */
    struct str note, source;
};
struct ntm_recorded_input {
    int64_t criterion_id;
    int met; /* 0 or 1 */
    struct str note, source;
};
struct ntm_evidence_input {
    int64_t indicator_id; /* 0: the whole assessment */
    int64_t media_id;
};
struct ntm_assessment_input {
    int64_t unit_id;
    const char *set_code;
    int year, quarter; /* quarter 0: the whole year */
    struct str note;
    const struct ntm_value_input *values;
    size_t n_values;
    const struct ntm_recorded_input *recorded;
    size_t n_recorded;
    int64_t now;
    const struct ntm_set *set; /* optional: set_code's set, already loaded
                                  (a bulk load saves thousands) */
    /* Who saves and why (entry.c). user_id 0 (bulk loads, the demo): no
     * history is kept. Otherwise every value and recorded state that
     * changes gets a row of ntm_value_history, and once the assessment
     * has been submitted (its state is not draft) a change needs `reason`. */
    int64_t user_id;
    struct str reason;
    /* Evidence files (media ids) replace the stored ones when set_evidence. */
    bool set_evidence;
    const struct ntm_evidence_input *evidence;
    size_t n_evidence;
};
/* Saves an assessment (creating it as a draft, or replacing the values and
 * recorded states of the existing one for the same unit, set and period)
 * and stores its computed states. The unit's group or region valid at the
 * period's end is frozen into it. *id receives its id. */
int ntm_assessment_save(struct store_conn *db, const struct ntm_assessment_input *in, int64_t *id, char *err,
                        size_t errlen);
/* Moves an assessment to `state`: draft -> submitted -> accepted or
 * returned; returned -> submitted; accepted -> returned (the office takes
 * it back). Other moves are refused. */
int ntm_assessment_set_state(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t now, char *err,
                             size_t errlen);
/* The stored result of an assessment: criteria met, criteria in the set
 * and the unit's state (enum ntm_state). 1, 0 if no such assessment, -1. */
int ntm_assessment_result(struct store_conn *db, int64_t id, int *criteria_met, int *criteria_total, int *unit_state);
/* Recomputes the stored states of every assessment of a set (after its
 * targets changed). *count receives how many. */
int ntm_recompute_set(struct store_conn *db, int64_t set_id, int *count, char *err, size_t errlen);

/* --- recognition, plan, responsibility ----------------------------------- */

struct ntm_recognition_input {
    int64_t unit_id;
    const char *status; /* "ntm", "nang_cao", "kieu_mau", "hien_dai" */
    const char *act;    /* "cong_nhan", "cong_nhan_lai", "thua_nhan", "thu_hoi"; NULL = cong_nhan */
    int year;
    struct str decision_no; /* checked by the document-number parser, stored canonical */
    const char *decided_on; /* ISO date */
    struct str issuer;
    const char *set_code; /* may be NULL */
    int64_t document_id;  /* 0: none */
};
int ntm_recognition_add(struct store_conn *db, const struct ntm_recognition_input *in, int64_t *id, char *err,
                        size_t errlen);

/* The years a plan may aim at: from the programme's start (2010) on. */
#define NTM_PLAN_FIRST_YEAR 2010
#define NTM_PLAN_LAST_YEAR 2050
/* The year a unit is to reach `status`; approved plans are public. A
 * higher title (nâng cao, kiểu mẫu; hiện đại after NTM) is refused for a
 * year before the unit's plan for a lower one. */
int ntm_plan_set(struct store_conn *db, int64_t unit_id, const char *status, int target_year, bool approved, char *err,
                 size_t errlen);
/* The year a unit is to meet a criterion. */
int ntm_plan_criterion_set(struct store_conn *db, int64_t unit_id, int64_t criterion_id, int target_year, bool approved,
                           char *err, size_t errlen);
/* Takes a plan off: the unit's plan for `status` when criterion_id is 0,
 * else its plan for that criterion. Refused when there is none. */
int ntm_plan_remove(struct store_conn *db, int64_t unit_id, const char *status, int64_t criterion_id, char *err,
                    size_t errlen);
/* A department ("department") or steering-committee member ("member")
 * answering for a criterion, as "lead" or "support". */
int ntm_responsible_add(struct store_conn *db, int64_t criterion_id, const char *kind, struct str name,
                        const char *role, char *err, size_t errlen);

/* --- sponsors, models, funds, shapes ------------------------------------- */

/* Assigns the sponsor `name` (added if new) to a unit; *id: the assignment. */
int ntm_sponsor_assign(struct store_conn *db, struct str name, struct str kind, int64_t unit_id, int year_from,
                       int year_to, struct str decision, int64_t *id, char *err, size_t errlen);
/* A committed task of an assignment; state "planned", "doing", "done", "dropped". */
int ntm_sponsor_task_add(struct store_conn *db, int64_t sponsorship_id, struct str title, int64_t criterion_id,
                         double amount, int due_year, const char *state, int64_t *id, char *err, size_t errlen);
int ntm_sponsor_task_set_state(struct store_conn *db, int64_t task_id, const char *state, char *err, size_t errlen);
/* Adds (id 0) or updates a model; kind "khu_dan_cu" or "vuon"; state
 * "registered", "building", "recognised", "revoked"; year 0 = none. */
int ntm_model_save(struct store_conn *db, int64_t id, int64_t unit_id, const char *kind, struct str name,
                   const char *state, int year, int64_t *out_id, char *err, size_t errlen);
/* Records a model's state at the end of an earlier `year` (the year of a
 * save is recorded by ntm_model_save itself); recognised_year 0: none.
 * The public pages of a year show each model as it stood then. */
int ntm_model_history_set(struct store_conn *db, int64_t model_id, int year, const char *state, int recognised_year,
                          char *err, size_t errlen);
/* The funds of a unit, year and source ("ngan_sach_tw", "ngan_sach_dp",
 * "tin_dung", "doanh_nghiep", "cong_dong", "khac"), million VND; only a
 * year some set covers (ntm_set_for_year), the years the pages show. */
int ntm_fund_set(struct store_conn *db, int64_t unit_id, int year, const char *source, double amount, char *err,
                 size_t errlen);

/* --- public summaries (accepted assessments and approved plans only) ----- */

struct ntm_dashboard_criterion {
    int64_t id;
    struct str number, name;
    int met, not_met, undetermined, recorded; /* communes; recorded: met by the office's record */
};
struct ntm_dashboard {
    struct ntm_unit province;
    int year;
    struct str set_code, set_name, set_decision;
    int units, assessed, met; /* units of the year (NTM_UNIT_OF_YEAR); with an accepted assessment; meeting the set */
    int *by_count;            /* [k], k = 0..n_criteria: communes with k criteria met */
    struct ntm_dashboard_criterion *criteria;
    size_t n_criteria;
    int *years; /* years with accepted assessments, newest first */
    size_t n_years;
    int quarter;   /* 0: the year; 1..4: as it stood at the end of that quarter */
    int *quarters; /* quarters of `year` with accepted progress reports, in order */
    size_t n_quarters;
};
/* The province the portal reports on: the one the office chose
 * (ntm_home_set), else the one whose boundaries are loaded, else the one
 * with the most accepted assessments. Copies its code into code (cap
 * bytes). 1, 0 when there is none, -1. */
int ntm_home_province(struct store_conn *db, char *code, size_t cap);
/* Makes province `code` (a current province) the portal's, by user_id
 * (0: the command line). 0; 1 with a sentence in err when there is no
 * such province; -1. */
int ntm_home_set(struct store_conn *db, struct str code, int64_t user_id, int64_t now, char *err, size_t errlen);
/* The province's summary for `year` (0: its latest year with accepted
 * assessments), on the set in force that year. 1, 0 when the province or
 * the year's set does not exist, -1. */
int ntm_dashboard_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                       struct ntm_dashboard *out);
/* The same without each criterion's counts (criteria[].met etc. stay 0):
 * what the portal's home page shows, at a fifth of the cost. */
int ntm_dashboard_headline_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                                struct ntm_dashboard *out);
/* The same as it stood at the end of quarter 1..4 of `year` (0: the
 * year): each unit's latest accepted progress report of the year up to
 * that quarter. */
int ntm_dashboard_read_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                              struct ntm_dashboard *out);

/* One commune's public report: its accepted assessments across the years
 * and sets (the trend), its recognition decisions, and for one year every
 * criterion and indicator with value, target and state. */
struct ntm_report_year {
    int year;
    struct str set_code, set_name;
    int criteria_met, criteria_total, unit_state;
    int64_t data_time; /* when the assessment was accepted (or last changed) */
};
struct ntm_report_recognition {
    struct str status, act, decision_no, decided_on, issuer;
    int year;
    int64_t document_id; /* the decision in /van-ban/ when recorded; 0: none */
};
struct ntm_report_indicator {
    struct str code, name, value_type, unit, target, value_text;
    bool has_value;
    double value;
    int state; /* enum ntm_ind_state */
};
struct ntm_report_criterion {
    struct str number, name;
    bool indicators_loaded, recorded;
    int state; /* enum ntm_state */
    struct ntm_report_indicator *indicators;
    size_t n_indicators;
};
struct ntm_report {
    struct ntm_unit unit, province;
    struct ntm_report_year *years; /* newest first */
    size_t n_years;
    struct ntm_report_recognition *recognitions; /* oldest first */
    size_t n_recognitions;
    int year; /* the year shown; 0 when the unit has no accepted assessment */
    int quarter; /* 0: the year's result; 1..4: the year has none yet, its latest accepted quarterly report */
    int quarter_years[16]; /* years with accepted quarterly reports and no year result, newest first */
    size_t n_quarter_years;
    struct str set_code, set_name, set_decision, group, region;
    int64_t data_time; /* the shown year's ntm_report_year.data_time */
    struct ntm_report_criterion *criteria;
    size_t n_criteria;
};
/* The report of the current unit `code` for `year` (0: its latest year
 * with an accepted assessment). A year with no accepted year result but
 * accepted quarterly reports is shown by its latest quarter (`quarter`);
 * for year 0, only when no year has a result. 1; 0 when there is no such
 * unit, or nothing accepted for a year asked; -1. */
int ntm_report_read(struct store_conn *db, const char *code, int year, struct arena *a, struct ntm_report *out);
/* The same for a former unit `code` (its results of the years it stood). */
int ntm_report_read_former(struct store_conn *db, const char *code, int year, struct arena *a, struct ntm_report *out);

/* The province's units of `year` (current ones not formed after it, and
 * former ones valid at its end: NTM_UNIT_OF_YEAR) with their result in
 * `year` (accepted assessments; criteria_met -1 when none), in Vietnamese
 * alphabetical order: the rows add up to ntm_dashboard_read's counts. */
struct ntm_unit_result {
    struct str code, full_name;
    int criteria_met, criteria_total, unit_state;
    int quarter, quarter_met, quarter_total; /* no result: the year's latest accepted quarterly report (0: none) */
};
int ntm_unit_results(struct store_conn *db, const char *province_code, int year, struct arena *a,
                     struct ntm_unit_result **out, size_t *n);
/* The same at the end of quarter 1..4 of `year` (as ntm_dashboard_read_period). */
int ntm_unit_results_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                            struct ntm_unit_result **out, size_t *n);

/* The map: the province's current units with their stored boundary
 * (geo.h's form; empty when none) and their results in `year` (accepted
 * assessments only), in Vietnamese alphabetical order. */
struct ntm_map_unit {
    struct str code, full_name, geometry;
    int criteria_met, criteria_total, unit_state; /* criteria_met -1: no accepted assessment */
    int criterion_state; /* of `criterion_id` (enum ntm_state); -2 when not assessed or none asked */
    int plan_year;       /* the approved year to reach NTM status; 0: no approved plan */
    bool recognised;     /* a decision recognises it as NTM up to `year`, not withdrawn: its plan is met,
                            whatever its assessment under a newer set says */
    int higher_year;     /* earliest approved nang_cao/kieu_mau/hien_dai target not held at the end of `year`; 0: none */
    struct str higher_status;
    /* the year's latest accepted quarterly report (quarter 0: none): what
     * the plan is judged by while the year has no whole-year result */
    int quarter, quarter_met, quarter_total, quarter_state;
};
/* The worst state of u's approved plans at the end of `year` (as the commune page's plan table);
 * -1 when nothing can be said (no plan, or only an NTM plan without result or decision). *due, *status: that target. */
int ntm_map_plan_state(const struct ntm_map_unit *u, int year, int year_now, int *due, struct str *status);
int ntm_map_read(struct store_conn *db, const char *province_code, int year, int64_t criterion_id, struct arena *a,
                 struct ntm_map_unit **out, size_t *n);

/* The commune x criteria matrix of a province for one year (accepted
 * assessments only): the dashboard (province, set, criteria and their
 * counts) and one row per current unit, in Vietnamese order. */
struct ntm_matrix_row {
    struct str code, full_name;
    int criteria_met, criteria_total, unit_state; /* criteria_met -1: no accepted assessment */
    signed char *states;                          /* [n_criteria]: enum ntm_state, -2 when not assessed */
    unsigned char *recorded;                      /* [n_criteria]: 1 when the office recorded it directly */
};
struct ntm_matrix {
    struct ntm_dashboard d;
    struct ntm_matrix_row *rows;
    size_t n_rows;
    int64_t data_time; /* the latest acceptance or change of an assessment counted; 0 when none */
};
/* 1; 0 when the province or the year's set does not exist (or, with a
 * year asked, the year has no set); -1. year 0: the latest year. */
int ntm_matrix_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                    struct ntm_matrix *out);
/* The same at the end of quarter 1..4 of `year` (as ntm_dashboard_read_period;
 * 0: the year): out->d.quarter says which, out->d.quarters which have reports. */
int ntm_matrix_read_period(struct store_conn *db, const char *province_code, int year, int quarter, struct arena *a,
                           struct ntm_matrix *out);

/* One criterion's public page: who answers for it, and the province's
 * communes that meet it and those that do not yet, in `year`. */
struct ntm_responsible_row {
    struct str kind, name, role;
};
struct ntm_criterion_report {
    int64_t id;
    struct str number, name, set_name, set_decision;
    bool indicators_loaded;
    int year; /* 0 when the province has no accepted assessment on the set */
    struct ntm_responsible_row *responsible;
    size_t n_responsible;
    /* criteria_met holds the criterion's state, unit_state whether it was recorded */
    struct ntm_unit_result *met, *not_met, *undetermined;
    size_t n_met, n_not_met, n_undetermined;
};
/* 1; 0 when there is no such criterion, or `year` is outside its set's
 * years; -1. year 0: the latest year of the set with accepted data. */
int ntm_criterion_report_read(struct store_conn *db, const char *province_code, int64_t criterion_id, int year,
                              struct arena *a, struct ntm_criterion_report *out);

/* The criteria sets, by first year then code. */
struct ntm_set_info {
    struct str code, name, decision, tier, target_scheme, province_code;
    int year_from, year_to;
    bool verified;
};
int ntm_sets_list(struct store_conn *db, struct arena *a, struct ntm_set_info **out, size_t *n);

/* A commune's plan, sponsors, models and funds as the public sees them
 * (approved plans only), seen at the end of `year`. */
struct ntm_plan_row {
    struct str status; /* "ntm", "nang_cao", "kieu_mau", "hien_dai" */
    int target_year;
    int state; /* enum ntm_state at the end of `year`: ntm from the year's accepted
                  assessment (as the map), the others from recognitions */
};
struct ntm_plan_criterion_row {
    struct str number, name, set_name;
    int target_year;
    int state; /* enum ntm_state in the latest accepted assessment up to `year`; -2: none */
};
struct ntm_task_row {
    struct str title, state;
    bool has_amount;
    double amount; /* million VND */
    int due_year;  /* 0: none */
};
struct ntm_sponsor_row {
    struct str name, kind, decision;
    int year_from, year_to; /* year_to 0: open */
    struct ntm_task_row *tasks;
    size_t n_tasks;
};
struct ntm_model_row {
    struct str kind, name, state;
    int year; /* recognised; 0: none */
};
struct ntm_fund_row {
    int year;
    struct str source;
    double amount; /* million VND */
};
struct ntm_unit_extras {
    struct ntm_plan_row *plans;
    size_t n_plans;
    struct ntm_plan_criterion_row *plan_criteria;
    size_t n_plan_criteria;
    struct ntm_sponsor_row *sponsors;
    size_t n_sponsors;
    struct ntm_model_row *models; /* areas first, then gardens; by name */
    size_t n_models;
    struct ntm_fund_row *funds; /* by year, then source */
    size_t n_funds;
};
/* Reads them for unit `unit_id` (year: the year the page shows; 0 = the
 * current year of the data, then states are not computed). 0, or -1. */
int ntm_unit_extras_read(struct store_conn *db, int64_t unit_id, int year, struct arena *a,
                         struct ntm_unit_extras *out);

/* The dashboard's other blocks for a province and `year`. */
struct ntm_recognition_year {
    int year;
    int ntm, nang_cao, kieu_mau; /* units recognised that year (granted, granted again or acknowledged) */
};
struct ntm_fund_total {
    struct str source; /* ntm_fund_set's source codes */
    double amount;     /* million VND, every unit of the province */
};
struct ntm_province_extras {
    struct ntm_recognition_year *recognitions; /* oldest first, years up to `year` */
    size_t n_recognitions;
    struct ntm_fund_total *funds; /* the year's, sources in ntm_fund_set's order; only those with money */
    size_t n_funds;
    int areas, areas_recognised, gardens, gardens_recognised; /* models; recognised by the end of `year` */
};
/* 0, or -1 when the database failed. */
int ntm_province_extras_read(struct store_conn *db, const char *province_code, int year, struct arena *a,
                             struct ntm_province_extras *out);

/* The country at a glance for `year` (0: the latest year with accepted
 * assessments anywhere), on the set in force that year: per province its
 * current communes, those with an accepted assessment, those meeting the
 * set, those holding each status at the end of the year (recognitions; a
 * revocation ends one) and the sum of criteria met (for the average). */
struct ntm_national_row {
    struct str code, name, full_name;
    int units, assessed, met, ntm, nang_cao, kieu_mau;
    int64_t criteria_sum;
};
struct ntm_national {
    int year; /* 0 when nothing is accepted yet */
    struct str set_code, set_name, set_decision;
    int n_criteria;
    int64_t data_time; /* the latest acceptance counted */
    int *years;        /* with accepted assessments, newest first */
    size_t n_years;
    struct ntm_national_row *rows; /* provinces in Vietnamese order of their names */
    size_t n_rows;
    struct ntm_national_row total; /* the whole country (code and names empty) */
};
/* 1; 0 when `year` has no set in force (or nothing is accepted yet and
 * year is 0: then out->year is 0); -1. */
int ntm_national_read(struct store_conn *db, int year, struct arena *a, struct ntm_national *out);

/* A commune's accepted progress reports of `year`, quarter by quarter. */
struct ntm_quarter_result {
    int quarter, criteria_met, criteria_total, unit_state;
    struct str set_name;
};
/* out: up to 4, in order. 0, or -1. */
int ntm_unit_quarters(struct store_conn *db, int64_t unit_id, int year, struct arena *a,
                      struct ntm_quarter_result **out, size_t *n);

/* The former units merged (or split) into a unit, with their accepted
 * yearly results under their old names; counts_history: the office says
 * they count towards the unit. */
struct ntm_former_unit {
    struct str code, full_name, valid_to, effective;
    bool counts_history;
    struct ntm_report_year *years; /* newest first (year, set_name, criteria and state) */
    size_t n_years;
};
/* In Vietnamese order of their names. 0, or -1. */
int ntm_unit_former_results(struct store_conn *db, int64_t unit_id, struct arena *a, struct ntm_former_unit **out,
                            size_t *n);

/* The current unit that a former unit `code` (merged or split away) went
 * into, the first by name when it went into several: 1 with its code in
 * *out (in `a`), 0 when `code` is no former unit with a current successor,
 * -1. */
int ntm_unit_successor(struct store_conn *db, const char *code, struct arena *a, struct str *out);

/* Registers the public pages under /nong-thon-moi/. */
/* --- who may enter what (the office side's accounts) --------------------
 *
 * Accounts and roles are the people module's; the units a commune reporter
 * answers for and the department of a department officer are kept here.
 * The scope changes no public page (no cache tag). */

#define NTM_SCOPE_MAX_UNITS 64

/* Replaces the units of account `user_id` with units[0..n) (n at most
 * NTM_SCOPE_MAX_UNITS, each an existing unit). */
int ntm_scope_set_units(struct store_conn *db, int64_t user_id, const int64_t *units, size_t n, char *err,
                        size_t errlen);
/* The accounts whose units include unit `unit_id` (the reporters who lose
 * it when it ends in a merger or split), ascending, at most `cap`, into
 * `a`. 0, or -1. */
int ntm_scope_holders(struct store_conn *db, int64_t unit_id, size_t cap, struct arena *a, int64_t **user_ids,
                      size_t *n);
/* Records the department of account `user_id`; an empty name clears it. */
int ntm_scope_set_department(struct store_conn *db, int64_t user_id, struct str department, char *err,
                             size_t errlen);

struct ntm_scope {
    int64_t *units; /* ascending */
    size_t n_units;
    struct str department;  /* "" if none */
    int64_t *criteria;      /* the criteria of that department, every set; ascending */
    size_t n_criteria;
};
/* The monitor's public pages a site map lists: the map, the national
 * summary, the comparison, each criterion of the latest year with results, and each
 * current commune of the home province with an accepted result (with the
 * time of its latest one). Calls each(ctx, address, modified or 0). Returns
 * how many, or -1. */
long ntm_public_pages(struct store_conn *db, struct arena *a,
                      void (*each)(void *ctx, struct str url, int64_t modified), void *ctx);

/* Reads the scope of account `user_id` into `a`. 0, or -1. */
int ntm_scope_read(struct store_conn *db, int64_t user_id, struct arena *a, struct ntm_scope *out);
/* Whether the scope holds unit `unit_id` / criterion `criterion_id`. */
bool ntm_scope_has_unit(const struct ntm_scope *s, int64_t unit_id);
bool ntm_scope_has_criterion(const struct ntm_scope *s, int64_t criterion_id);
/* The departments named as responsible for some criterion, sorted (for
 * the choice in an account's form). */
int ntm_departments(struct store_conn *db, struct arena *a, struct str **out, size_t *n);

void ntm_register(void);

/* --- Excel in and out (the office side) -----------------------------------
 *
 * The entry template of a period and its import at
 * /quan-tri/nong-thon-moi/excel/ (RIGHT_NTM_ENTER), the reports sent upward
 * at /quan-tri/nong-thon-moi/van-phong/bao-cao/ (RIGHT_NTM_MANAGE); see
 * src/ntm/excel.c and excel_report.c. */
void ntm_excel_register(void);

/* --- entry and checking (the office side: entry_store.c) -----------------
 *
 * A period is a year ("2026", quarter 0) or a quarter ("2026-q2"). The
 * values of an assessment are written by ntm_assessment_save (with the
 * person and the reason, so that history is kept); its moves between states
 * by ntm_entry_set_state, which records who moved it and, for a return, the
 * office's comments. Only accepted assessments are public (see the cache
 * tags above: ntm_assessment_set_state touches them). */

/* "2026" -> 2026, 0; "2026-q2" -> 2026, 2 (years 2000..2100). */
bool ntm_period_parse(struct str s, int *year, int *quarter);
/* "2026" / "2026-q2", and "năm 2026" / "quý 2 năm 2026", in `a`. */
struct str ntm_period_code(struct arena *a, int year, int quarter);
struct str ntm_period_label(struct arena *a, int year, int quarter);
/* The period before: 2026 -> 2025, 2026-q1 -> 2025-q4, 2026-q3 -> 2026-q2. */
void ntm_period_previous(int *year, int *quarter);
/* Whether the period has begun at `now` (Vietnam time): a result is reported
 * for a year or a quarter that has started, never for one still to come (a
 * report of 2027 sent in 2026 would become the public pages' latest year). */
bool ntm_period_started(int year, int quarter, int64_t now);
/* The sentence for a period that has not begun at `now` ("Kỳ quý 3 năm
 * 2026 chưa bắt đầu: …"), in `a`; STR_NULL when it has. The writes
 * (ntm_assessment_save, and ntm_assessment_set_state to accepted) refuse
 * such a period with it; the forms, the template and the import say it
 * before anything is typed or read. */
struct str ntm_period_not_begun(struct arena *a, int year, int quarter, int64_t now);

/* A decimal as people type it, the one rule of every form and import of
 * the monitor: "78,5", "-3", " 85 ", the Vietnamese thousands points
 * "1.250" and "1.250,5", thousands grouped by a space or a no-break space
 * ("62 000", "1 250 000,5": groups of exactly three, never with points as
 * well), and a lone decimal point not followed by a group of three
 * ("78.5", "0.125"); at most 15 digits. false when it is not such a number
 * ("1.2.3", "1.25,5", "1,", "12 3"). static/js/nhap-ntm.js mirrors it. */
bool ntm_decimal_parse(struct str s, double *out);
/* True when s reads two ways: one point and three digits after it, no
 * comma ("45.235", "1.500"): 45235 by the Vietnamese thousands point,
 * 45,235 to whoever writes a decimal point. ntm_decimal_parse reads the
 * first; the commune's forms and imports refuse it instead, with
 * ntm_decimal_ambiguous_why, rather than store a figure a thousand times
 * off. */
bool ntm_decimal_ambiguous(struct str s);
const char *ntm_decimal_ambiguous_why(struct arena *a, struct str s);
/* `s` without a percent sign at its end ("12,5%", "75 %"), for a rate. */
struct str ntm_without_percent(struct str s);
/* True when s is a number ntm_decimal_parse refuses only for its length
 * (more than 15 digits): "quá lớn", not "không phải là số". */
bool ntm_decimal_too_long(struct str s);
/* An amount rounded to hundredths: 1250.45 -> "1.250,45", 0.4 -> "0,4",
 * 12500 -> "12.500" (vietnamese), or "1250.45" for a CSV file. */
struct str ntm_amount_format(struct arena *a, double x, bool vietnamese);
/* 78.5 -> "78,5"; 85 -> "85" (at most 4 decimals). */
struct str ntm_decimal_format(struct arena *a, double x);
/* A stored value as a form field holds it, for ntm_decimal_parse to read
 * back unchanged: no rounding ("0,0000001", "1250,5"), no thousands points,
 * at most 15 digits. */
struct str ntm_decimal_field(struct arena *a, double x);

/* The unit with id `id` (current or not). 1, 0, -1. */
int ntm_unit_by_id(struct store_conn *db, int64_t id, struct arena *a, struct ntm_unit *out);
/* The unit's classification that selects its targets in `set` at the end
 * of the period ("2", a region's name; "" when none), into key. 0, -1. */
int ntm_unit_target_key(struct store_conn *db, int64_t unit_id, const struct ntm_set *set, int year, int quarter,
                        char *key, size_t cap);

struct ntm_entry_value {
    int64_t indicator_id;
    bool has_value;
    double value;
    struct str text, note, source;
    int state; /* enum ntm_ind_state */
};
struct ntm_entry_recorded {
    int64_t criterion_id;
    int met;
    struct str note, source;
};
struct ntm_entry_result {
    int64_t criterion_id;
    int state; /* enum ntm_state */
    bool recorded;
};
struct ntm_entry {
    int64_t id;
    int64_t unit_id, set_id;
    int year, quarter;
    enum ntm_assessment_state state;
    int criteria_met, criteria_total, unit_state;
    int64_t updated_at, accepted_at;
    struct str set_code, note;
    struct ntm_entry_value *values;
    size_t n_values;
    struct ntm_entry_recorded *recorded;
    size_t n_recorded;
    struct ntm_entry_result *results;
    size_t n_results;
    struct ntm_evidence_input *evidence;
    size_t n_evidence;
};
/* The assessment of a unit for a period (the national set in force, or any
 * set when set_id is 0), with its values. 1, 0 when there is none, -1. */
int ntm_entry_read(struct store_conn *db, int64_t unit_id, int64_t set_id, int year, int quarter, struct arena *a,
                   struct ntm_entry *out);
/* The same by the assessment's id. */
int ntm_entry_read_id(struct store_conn *db, int64_t id, struct arena *a, struct ntm_entry *out);

/* A value of the period before, by indicator code (sets change between
 * periods; codes mostly stay). */
struct ntm_entry_previous {
    struct str code, text;
    double value;
};
/* The unit's assessment of the period before (any set, any state), its
 * values by indicator code. *state: its enum ntm_assessment_state, -1 when
 * there is none. 0, -1. */
int ntm_entry_previous_read(struct store_conn *db, int64_t unit_id, int year, int quarter, struct arena *a,
                            struct ntm_entry_previous **out, size_t *n, int *state);

/* A comment of the office on a return: on an indicator, on a criterion,
 * or (both 0) on the whole report. */
struct ntm_review_comment {
    int64_t indicator_id, criterion_id;
    struct str comment;
};
/* Moves assessment `id` to `state` as ntm_assessment_set_state does and
 * records who did it (user_id), with `note`; a return records `comments`
 * (at least one is required). One write (a savepoint inside the caller's). */
int ntm_entry_set_state(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t user_id,
                        int64_t now, struct str note, const struct ntm_review_comment *comments, size_t n_comments,
                        char *err, size_t errlen);
/* The comments of the latest return of assessment `id` (none when it was
 * submitted again since); the note of the return comes first, as a
 * comment on the whole report. 0, -1. */
int ntm_entry_comments(struct store_conn *db, int64_t id, struct arena *a, struct ntm_review_comment **out, size_t *n);
/* When assessment `id` last came to `state` (0: never). 0, -1. */
int ntm_entry_state_at(struct store_conn *db, int64_t id, enum ntm_assessment_state state, int64_t *at);
/* Who moved report `id` to its present state (0: nobody recorded). 0 or -1. */
int ntm_entry_state_by(struct store_conn *db, int64_t id, int64_t *user_id);

/* A change of a value (indicator_id) or of a recorded state (criterion_id). */
struct ntm_history_row {
    int64_t indicator_id, criterion_id, at, user_id;
    double old_value, new_value; /* NaN: none */
    struct str old_text, new_text, reason;
};
/* The history of assessment `id`, newest first (at most 2,000 rows). */
int ntm_history_read(struct store_conn *db, int64_t id, struct arena *a, struct ntm_history_row **out, size_t *n);

/* The office's queue: submitted assessments, oldest submission first,
 * each with what changed since the unit's last accepted period before it. */
struct ntm_queue_row {
    int64_t id, unit_id;
    struct str unit_code, unit_name, province_name, set_code;
    int year, quarter;
    int64_t submitted_at;
    int criteria_met, criteria_total, unit_state;
    bool has_previous; /* an accepted period before */
    int prev_year, prev_quarter, prev_criteria_met;
    int gained, lost, changed; /* criteria met now and not then, the reverse; values that differ */
};
int ntm_queue_read(struct store_conn *db, struct arena *a, struct ntm_queue_row **out, size_t *n);
/* How many reports wait for the office (submitted). 0, or -1. */
int ntm_queue_count(struct store_conn *db, int64_t *n);
/* The reports returned by the office for the communes of account
 * `user_id`: how many, and the one returned last. 0, or -1. */
struct ntm_returned {
    int64_t n;
    struct str latest_unit_code;
    int latest_year, latest_quarter;
};
int ntm_returned_to(struct store_conn *db, int64_t user_id, struct arena *a, struct ntm_returned *out);

/* What the entry screen shows of an indicator beyond struct ntm_set: its
 * unit of measure and its levels ('|'-separated, lowest first; "" when the
 * list is not known). Same order and count as set->indicators. */
struct ntm_indicator_info {
    struct str unit, levels;
};
int ntm_indicator_infos(struct store_conn *db, const struct ntm_set *set, struct arena *a,
                        struct ntm_indicator_info **out);

/* Registers /quan-tri/nong-thon-moi/ (entry.c). */
void ntm_entry_register(void);
/* --- the office's management pages (office.c, office_units.c, office_sets.c)
 *
 * The lists the office's pages show, and the writes they need beyond the
 * ones above. Same rules: one transaction each, refusals in Vietnamese in
 * err, the cache tags named at the top of this file. */

/* The office's lists. Each row has an id and up to NTM_OFFICE_COLS texts
 * (numbers as SQLite writes them, "" for none), in the order given:
 *   NTM_LIST_RECOGNITIONS   (recognition id) unit code, unit name, status, act, year, decision_no,
 *                           decided_on, issuer, document_id ("0": none); newest decision first
 *   NTM_LIST_PLANS          (unit id) unit code, unit name, status, target_year, state
 *   NTM_LIST_PLAN_CRITERIA  (unit id) unit code, unit name, criterion number, criterion name, set code,
 *                           target_year, state, criterion id
 *   NTM_LIST_RESPONSIBLE    (responsible id) set code, criterion number, criterion name, kind, name, role,
 *                           criterion id; `param` a set code, or "" for every set
 *   NTM_LIST_SPONSORSHIPS   (sponsorship id) unit code, unit name, sponsor, sponsor kind, year_from,
 *                           year_to, decision
 *   NTM_LIST_TASKS          (task id) sponsor, unit name, title, criterion number, amount, due_year,
 *                           state, sponsorship id, criterion name
 *   NTM_LIST_MODELS         (model id) unit code, unit name, kind, name, state, year, unit id
 *   NTM_LIST_FUNDS          (unit id) unit code, unit name, year, source, amount
 *   NTM_LIST_UNIT_CHANGES   (change id) effective, kind, legal basis, the units before, the units after
 *   NTM_LIST_SETS           (set id) code, name, decision, tier, target scheme, year_from, year_to,
 *                           parent code, province code, assessments
 *   NTM_LIST_SET_CRITERIA   (criterion id) number, name, indicators_loaded; `param` a set code
 *   NTM_LIST_SET_INDICATORS (indicator id) criterion number, code, name, value_type, unit, levels,
 *                           targets ("applies_to: text; ..."); `param` a set code
 *   NTM_LIST_UNITS_ALL      (unit id) code, full name, valid_from, valid_to: every commune-level unit of
 *                           the province, current or not
 * Lists by province take its code ("42") in `param` and hold the units
 * whose parent it is. At most NTM_OFFICE_ROWS rows; *more is set when
 * there were more. 0, or -1. */
enum ntm_office_list {
    NTM_LIST_RECOGNITIONS,
    NTM_LIST_PLANS,
    NTM_LIST_PLAN_CRITERIA,
    NTM_LIST_RESPONSIBLE,
    NTM_LIST_SPONSORSHIPS,
    NTM_LIST_TASKS,
    NTM_LIST_MODELS,
    NTM_LIST_FUNDS,
    NTM_LIST_UNIT_CHANGES,
    NTM_LIST_SETS,
    NTM_LIST_SET_CRITERIA,
    NTM_LIST_SET_INDICATORS,
    NTM_LIST_UNITS_ALL,
};
#define NTM_OFFICE_COLS 10
#define NTM_OFFICE_ROWS 2000
struct ntm_office_row_data {
    int64_t id;
    struct str col[NTM_OFFICE_COLS];
};
int ntm_office_list(struct store_conn *db, enum ntm_office_list which, const char *param, struct arena *a,
                    struct ntm_office_row_data **out, size_t *n, bool *more);
/* The same from row (page - 1) * NTM_OFFICE_ROWS on; *more: a page follows. */
int ntm_office_list_page(struct store_conn *db, enum ntm_office_list which, const char *param, int page,
                         struct arena *a, struct ntm_office_row_data **out, size_t *n, bool *more);
/* What a long list is narrowed to, and its page size: the rows of unit
 * `unit_id` (0: any; the plans' lists, the sponsors' tasks and the models)
 * and of target year `year` (0: any; the plans' lists, NTM_LIST_PLANS and
 * NTM_LIST_PLAN_CRITERIA), `per_page` rows a page (1 to NTM_OFFICE_ROWS;
 * 0: NTM_OFFICE_ROWS). */
struct ntm_office_filter {
    int64_t unit_id;
    int year; /* plans: the target year; sponsors' tasks: only those still open and due before it */
    int per_page;
};
/* ntm_office_list_page narrowed by `f` (NULL: not at all). */
int ntm_office_list_filtered(struct store_conn *db, enum ntm_office_list which, const char *param,
                             const struct ntm_office_filter *f, int page, struct arena *a,
                             struct ntm_office_row_data **out, size_t *n, bool *more);

/* Records a recognition decision as ntm_recognition_add does, after
 * checking the accepted data: granting a status ("cong_nhan",
 * "cong_nhan_lai") is refused unless the unit's latest accepted whole-year
 * assessment up to in->year, on a set of that status in force in
 * in->year, meets every criterion; the refusal names the criteria not met
 * (or says there is no such assessment). Acknowledging after a merger and
 * revoking are not checked. in->set_code is ignored for a grant (the set
 * of that assessment is recorded). */
int ntm_recognition_grant(struct store_conn *db, const struct ntm_recognition_input *in, int64_t *id, char *err,
                          size_t errlen);

/* Removes a responsibility (ntm_responsible_add's row `id`), or changes
 * its kind, name and role. Touch "ntm:crit:ID". */
int ntm_responsible_remove(struct store_conn *db, int64_t id, char *err, size_t errlen);
int ntm_responsible_update(struct store_conn *db, int64_t id, const char *kind, struct str name, const char *role,
                           char *err, size_t errlen);

/* A new commune-level unit of province `parent_id` (kind "xa", "phuong",
 * "dac_khu"), valid from `valid_from`; the code must not be a current
 * unit's. *id receives it. Touches "ntm" and "ntm:ref". */
struct ntm_new_unit {
    struct str code, name; /* name without the kind: "Thạch Hà" */
    const char *kind;
};
int ntm_unit_add(struct store_conn *db, int64_t parent_id, const struct ntm_new_unit *u, const char *valid_from,
                 const char *legal_basis, int64_t *id, char *err, size_t errlen);
/* Merges the current units from[0..n) (n >= 2) into a new unit `into` on
 * `effective` (ntm_unit_add, then ntm_unit_merge): the predecessors end
 * the day before and their assessments count towards the new unit when
 * counts_history. *id receives the new unit. */
int ntm_unit_merge_new(struct store_conn *db, const int64_t *from, size_t n, const struct ntm_new_unit *into,
                       const char *effective, const char *legal_basis, bool counts_history, int64_t *id, char *err,
                       size_t errlen);
/* Splits the current unit `from` into the new units into[0..n) (n >= 2)
 * on `effective`: `from` ends the day before; each new unit carries its
 * history when counts_history. ids[0..n) receive the new units. */
int ntm_unit_split(struct store_conn *db, int64_t from, const struct ntm_new_unit *into, size_t n,
                   const char *effective, const char *legal_basis, bool counts_history, int64_t *ids, char *err,
                   size_t errlen);

/* A change to a criteria set made in the office's browser page
 * (office_sets.c): a criterion (added, or renamed when `number` exists),
 * an indicator of criterion `number` (added, or changed when its code
 * exists), or a target of that indicator for `applies_to` ("*", a group
 * "1".."3" or a region's name, as the set's target scheme says; unknown:
 * the target is left unset, never invented). */
enum ntm_set_change_kind { NTM_CHANGE_CRITERION, NTM_CHANGE_INDICATOR, NTM_CHANGE_TARGET };
struct ntm_set_change {
    enum ntm_set_change_kind kind;
    const char *set_code;
    struct str number, criterion_name;                       /* every kind: the criterion */
    struct str indicator_code, indicator_name, unit, levels; /* indicator and target */
    const char *value_type;                                  /* "met", "percent", "number", "level" */
    struct str applies_to;                                   /* target */
    bool unknown;
    const char *op; /* ">=", "<=", "=" */
    double threshold;
    struct str text; /* as the decision writes it; "" to have it written from op and threshold */
    /* a set with assessments is never changed under them: the change then
     * goes to a new version, a copy of it (criteria, indicators, targets and
     * responsibilities) with this code and name, valid from `year_from` to
     * the old set's last year, whose parent is the old set and whose
     * province is `province_code` (a province's own adjusted set) */
    struct str new_code, new_name;
    int year_from;
    const char *province_code;
};
/* Applies the change in one transaction: in place, then the set's stored
 * states are recomputed (ntm_recompute_set), when the set has no
 * assessment; else on the new version. applied (64 bytes) receives the
 * code of the set changed, *versioned whether it is a new one. Touches
 * "ntm" and "ntm:ref". */
int ntm_set_edit(struct store_conn *db, const struct ntm_set_change *c, char applied[64], bool *versioned, char *err,
                 size_t errlen);
/* Whether set `code` has assessments: its count, or -1. */
int ntm_set_assessments(struct store_conn *db, const char *code, int *count);

void ntm_office_register(void);

#endif
