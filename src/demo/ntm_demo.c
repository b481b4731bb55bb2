/*
 * ntm_demo.c - generated NTM monitor data; see ntm_demo.h. Everything is
 * written through src/ntm/ntm.h: this file names no table.
 *
 * Each unit gets a starting level and a pace. An indicator's value in a
 * year follows the unit's level plus the indicator's own difficulty, so
 * that easy indicators are met first and hard ones (income, clean water)
 * last. Where a target is unknown (most percentages: the reference data
 * does not know the official figures), the value is still generated and
 * the office's recorded state for the criterion follows the same level;
 * the states themselves are computed by the module.
 */
#include "demo/ntm_demo.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/rng.h"
#include "demo/words.h"
#include "docs/docs.h"
#include "docs/query.h"
#include "ntm/ntm.h"

struct ntm_demo {
    struct store_conn *db;
    struct rng rng;
    int64_t now;
    char *err;
    size_t errlen;
    struct arena a;
    struct ntm_set old_set, new_set;
    int decision_no;
    int quarter; /* the period assess() saves: 0 the year, 1..4 a progress report */
    int first_year; /* unit_story's first year (0: 2021); a unit formed by a merger in 2025 starts then */
};

static int fail(struct ntm_demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct ntm_demo *d, const char *fmt, ...)
{
    if (d->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->err, d->errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *pick(struct ntm_demo *d, const struct words_list *l)
{
    return l->items[rng_below(&d->rng, (uint32_t)l->count)];
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* A unit's story: its level in 2021 (0..1), its pace per year, and the
 * year it falls back (0: never). */
struct pace {
    double start, speed;
    int setback_year;
};

static double level_in(const struct pace *p, int year)
{
    double l = p->start + p->speed * (year - 2021);
    if (p->setback_year && year == p->setback_year)
        l -= 0.18;
    return clamp01(l);
}

/* How hard an indicator is, from its code: a fixed spread so that a
 * unit's criteria are met at different times. */
static double difficulty(struct str code)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < code.n; i++)
        h = (h ^ (unsigned char)code.p[i]) * 16777619u;
    return (double)(h % 1000) / 1000.0 * 0.35; /* 0 .. 0.35 */
}

/* Whether a rate is better low: its target says "at most", or, where the
 * target is not known, its name speaks of poverty or malnutrition. */
static bool lower_is_better(struct str name, const struct ntm_target *t)
{
    if (t && t->op == NTM_OP_AT_MOST)
        return true;
    return (name.n && memmem(name.p, name.n, "nghèo", strlen("nghèo"))) ||
           (name.n && memmem(name.p, name.n, "suy dinh dưỡng", strlen("suy dinh dưỡng")));
}

/* Saves, submits and (unless `final` says otherwise) accepts one
 * assessment of `unit` for `year` on `set`, generated from the unit's
 * level. *unit_state receives the computed state. */
static int assess(struct ntm_demo *d, const struct ntm_set *set, int64_t unit, int year, double level,
                  enum ntm_assessment_state final, int *unit_state)
{
    struct ntm_value_input *values = calloc(set->n_indicators + 1, sizeof *values);
    struct ntm_recorded_input *rec = calloc(set->n_criteria + 1, sizeof *rec);
    if (!values || !rec) {
        free(values);
        free(rec);
        return fail(d, "hết bộ nhớ");
    }
    size_t nv = 0, nr = 0;
    for (size_t i = 0; i < set->n_indicators; i++) {
        const struct ntm_indicator *ind = &set->indicators[i];
        double diff = difficulty(set->indicator_code[i]);
        double q = clamp01(level - diff + (rng_unit(&d->rng) - 0.5) * 0.12); /* how far along, 0..1 */
        struct ntm_value_input *v = &values[nv];
        v->indicator_id = ind->id;
        v->source = STR("Báo cáo của UBND xã");
        const struct ntm_target *t = ntm_target_for(ind, NULL);
        switch (ind->type) {
        case NTM_TYPE_MET: {
            bool good = q > 0.45;
            /* the target says which answer meets it: Đạt (1) or Không (0) */
            bool want = !t || t->op == NTM_OP_UNKNOWN || t->threshold >= 0.5;
            v->value = good == want ? 1 : 0;
            break;
        }
        case NTM_TYPE_PERCENT:
            /* a rate that falls as a commune advances (poor households,
             * stunted children) goes down from about 15 to 1; the others
             * (coverage, shares) up from 55 to 100 */
            v->value = lower_is_better(set->indicator_name[i], t) ? round((15 - 14 * q) * 10) / 10 : round((55 + 45 * q) * 10) / 10;
            break;
        case NTM_TYPE_NUMBER:
            /* income (triệu đồng/người/năm) grows with the years; other numbers with the level */
            v->value = str_eq_lit(set->indicator_code[i], "10") ? round((38 + 8 * (year - 2021) + 20 * q) * 10) / 10
                                                                : round((2 + 4 * q) * 10) / 10;
            break;
        case NTM_TYPE_LEVEL: continue; /* the levels of the list are not known: no value */
        }
        nv++;
    }
    /* The office records a criterion's state where the module cannot
     * compute it; its judgment follows the same level. */
    for (size_t c = 0; c < set->n_criteria; c++) {
        double diff = difficulty(set->criterion_number[c]);
        rec[nr++] =
            (struct ntm_recorded_input){set->criteria[c].id, level - diff + (rng_unit(&d->rng) - 0.5) * 0.1 > 0.45,
                                        STR_NULL, STR("Biên bản thẩm định của Văn phòng Điều phối")};
    }
    struct ntm_assessment_input in = {.unit_id = unit,
                                      .set_code = set->code.p,
                                      .year = year,
                                      .quarter = d->quarter,
                                      .values = values,
                                      .n_values = nv,
                                      .recorded = rec,
                                      .n_recorded = nr,
                                      .now = d->now,
                                      .set = set};
    int64_t id = 0;
    int rc = ntm_assessment_save(d->db, &in, &id, d->err, d->errlen);
    free(values);
    free(rec);
    if (rc == 0 && final != NTM_DRAFT)
        rc = ntm_assessment_set_state(d->db, id, NTM_SUBMITTED, d->now, d->err, d->errlen);
    if (rc == 0 && (final == NTM_ACCEPTED || final == NTM_RETURNED))
        rc = ntm_assessment_set_state(d->db, id, final, d->now, d->err, d->errlen);
    int met, total;
    if (rc == 0 && ntm_assessment_result(d->db, id, &met, &total, unit_state) != 1)
        rc = fail(d, "không đọc được kết quả của một lần đánh giá");
    return rc;
}

/* The decision of a 2025 recognition, registered in /van-ban/ as well
 * (*id: the document). 0, or -1. */
static int register_decision(struct ntm_demo *d, const struct ntm_unit *u, const char *status, const char *number,
                             const char *date, int64_t *id)
{
    int64_t type_id = 0, issuer_id = 0;
    *id = 0;
    if (docs_catalogue_find(d->db, DOCS_TYPES, STR("quyet-dinh"), &type_id) != 1 ||
        docs_catalogue_find(d->db, DOCS_ISSUERS, STR("ubnd-tinh"), &issuer_id) != 1)
        return 0; /* no documents' catalogue: nothing to register */
    const char *what = !strcmp(status, "ntm")        ? "đạt chuẩn nông thôn mới"
                       : !strcmp(status, "nang_cao") ? "đạt chuẩn nông thôn mới nâng cao"
                                                     : "đạt chuẩn nông thôn mới kiểu mẫu";
    char abstract[400];
    snprintf(abstract, sizeof abstract, "Về việc công nhận %.*s %s năm 2025", (int)u->full_name.n, u->full_name.p,
             what);
    struct docs_document_input in = {.number = str_cstr(number),
                                     .type_id = type_id,
                                     .issuer_id = issuer_id,
                                     .signer_name = STR("Chủ tịch UBND tỉnh"),
                                     .signer_position = STR("Chủ tịch"),
                                     .issued_on = str_cstr(date),
                                     .effective_on = str_cstr(date),
                                     .status = 1,
                                     .abstract = str_cstr(abstract),
                                     .published = true,
                                     .created_at = d->now,
                                     .updated_at = d->now};
    const char *problem = NULL;
    int rc = docs_document_save(d->db, &in, id, &problem);
    if (rc != 0)
        return fail(d, "không ghi được quyết định %s: %s", number, problem ? problem : "?");
    return 0;
}

static int recognise(struct ntm_demo *d, const struct ntm_unit *u, const char *status, int year, const char *set_code)
{
    char number[32], date[16];
    snprintf(number, sizeof number, "%d/QĐ-UBND", 100 + (d->decision_no++ % 3800));
    snprintf(date, sizeof date, "%04d-12-%02d", year, 10 + rng_range(&d->rng, 0, 18));
    int64_t unit = u->id, document = 0;
    /* 2025's decisions are in the register too: every other one recorded
     * with the recognition, the others found by their number */
    if (year == 2025 && register_decision(d, u, status, number, date, &document) != 0)
        return -1;
    struct ntm_recognition_input in = {.unit_id = unit,
                                       .document_id = d->decision_no % 2 ? document : 0,
                                       .status = status,
                                       .year = year,
                                       .decision_no = str_cstr(number),
                                       .decided_on = date,
                                       .issuer = STR("Chủ tịch UBND tỉnh Hà Tĩnh"),
                                       .set_code = set_code};
    int64_t id;
    return ntm_recognition_add(d->db, &in, &id, d->err, d->errlen);
}

/* Who answers for each criterion of QĐ 318/2022: the departments as they
 * are since the reorganisation of 01/03/2025, since the office assigns the
 * reports still entered on that set (2025's) to departments that exist and
 * have accounts (the demo's "songanh", Sở Nông nghiệp và Môi trường, takes
 * what the former Sở Nông nghiệp và Phát triển nông thôn and Sở Tài nguyên
 * và Môi trường answered for, and multidimensional poverty from Sở Lao động
 * - Thương binh và Xã hội). */
static const char *const DEPARTMENTS_2021[] = {"Sở Xây dựng",
                                               "Sở Xây dựng",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Công Thương",
                                               "Sở Giáo dục và Đào tạo",
                                               "Sở Văn hóa, Thể thao và Du lịch",
                                               "Sở Công Thương",
                                               "Sở Khoa học và Công nghệ",
                                               "Sở Xây dựng",
                                               "Chi cục Thống kê tỉnh",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Nội vụ",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Giáo dục và Đào tạo",
                                               "Sở Y tế",
                                               "Sở Văn hóa, Thể thao và Du lịch",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Nội vụ",
                                               "Bộ Chỉ huy Quân sự tỉnh"};
static const char *const DEPARTMENTS_2026[] = {"Sở Xây dựng",
                                               "Sở Xây dựng",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Nội vụ",
                                               "Sở Văn hóa, Thể thao và Du lịch",
                                               "Sở Y tế",
                                               "Sở Khoa học và Công nghệ",
                                               "Sở Nông nghiệp và Môi trường",
                                               "Sở Nội vụ",
                                               "Công an tỉnh"};
static const char *const SPONSORS[][2] = {
    {"Sở Tài chính", "Sở, ngành"},
    {"Sở Nông nghiệp và Môi trường", "Sở, ngành"},
    {"Sở Xây dựng", "Sở, ngành"},
    {"Sở Y tế", "Sở, ngành"},
    {"Sở Giáo dục và Đào tạo", "Sở, ngành"},
    {"Văn phòng UBND tỉnh", "Sở, ngành"},
    {"Bộ Chỉ huy Quân sự tỉnh", "Lực lượng vũ trang"},
    {"Công an tỉnh", "Lực lượng vũ trang"},
    {"Ngân hàng Nông nghiệp và Phát triển nông thôn chi nhánh Hà Tĩnh", "Doanh nghiệp"},
    {"Ngân hàng Chính sách xã hội chi nhánh Hà Tĩnh", "Doanh nghiệp"},
    {"Điện lực Hà Tĩnh", "Doanh nghiệp"},
    {"Viễn thông Hà Tĩnh", "Doanh nghiệp"},
    {"Báo và Phát thanh, Truyền hình Hà Tĩnh", "Sở, ngành"},
    {"Trường Chính trị Trần Phú", "Sở, ngành"},
};
static const char *const TASKS[] = {"Hỗ trợ xi măng làm đường giao thông nông thôn",
                                    "Hỗ trợ xây dựng nhà văn hóa thôn",
                                    "Tặng thiết bị cho trường mầm non",
                                    "Hỗ trợ làm nhà cho hộ nghèo",
                                    "Hỗ trợ mô hình sản xuất liên kết",
                                    "Hỗ trợ xây dựng khu dân cư kiểu mẫu",
                                    "Tập huấn chuyển đổi số cho cán bộ xã",
                                    "Hỗ trợ hệ thống điện chiếu sáng đường thôn",
                                    "Hỗ trợ thùng thu gom rác thải sinh hoạt"};
static const char *const TASK_STATES[] = {"planned", "doing", "done", "done", "done", "dropped"};
static const char *const FUND_SOURCES[] = {"ngan_sach_tw", "ngan_sach_dp", "tin_dung", "doanh_nghiep", "cong_dong"};
static const double FUND_SCALE[] = {1800, 3200, 6000, 700, 1500}; /* million VND, a year's typical amount */

static int model_story(struct ntm_demo *d, int64_t model, const char *state, int year, char *err, size_t el);

static int province_extras(struct ntm_demo *d, const struct ntm_unit *u, const struct pace *p, int year_ntm)
{
    char *err = d->err;
    size_t el = d->errlen;
    /* plan framework: the year to reach each status; a few still drafts */
    bool approved = !rng_percent(&d->rng, 8);
    if (ntm_plan_set(d->db, u->id, "ntm", year_ntm ? year_ntm : 2027, approved, err, el) != 0 ||
        ntm_plan_set(d->db, u->id, "nang_cao", (year_ntm ? year_ntm : 2027) + rng_range(&d->rng, 2, 4), approved, err,
                     el) != 0)
        return -1;
    if (p->start + p->speed * 5 > 0.95 &&
        ntm_plan_set(d->db, u->id, "hien_dai", rng_range(&d->rng, 2028, 2030), approved, err, el) != 0)
        return -1;
    for (size_t c = 0; c < d->new_set.n_criteria; c++)
        if (ntm_plan_criterion_set(d->db, u->id, d->new_set.criteria[c].id, rng_range(&d->rng, 2026, 2030), approved,
                                   err, el) != 0)
            return -1;
    /* a sponsor and its tasks */
    size_t s = rng_below(&d->rng, sizeof SPONSORS / sizeof SPONSORS[0]);
    int64_t sponsorship, task;
    if (ntm_sponsor_assign(d->db, str_cstr(SPONSORS[s][0]), str_cstr(SPONSORS[s][1]), u->id, 2021, 2030,
                           STR("Quyết định phân công đỡ đầu của UBND tỉnh"), &sponsorship, err, el) != 0)
        return -1;
    int tasks = rng_range(&d->rng, 1, 4);
    for (int t = 0; t < tasks; t++) {
        const char *title = TASKS[rng_below(&d->rng, sizeof TASKS / sizeof TASKS[0])];
        double amount = rng_percent(&d->rng, 70) ? rng_range(&d->rng, 5, 80) * 10.0 : NAN;
        const char *state = TASK_STATES[rng_below(&d->rng, sizeof TASK_STATES / sizeof TASK_STATES[0])];
        if (ntm_sponsor_task_add(d->db, sponsorship, str_cstr(title), 0, amount, rng_range(&d->rng, 2022, 2027), state,
                                 &task, err, el) != 0)
            return -1;
    }
    /* models: model residential areas and gardens, more where the unit is further along */
    int areas = (int)(p->start * 4) + rng_range(&d->rng, 0, 2),
        gardens = (int)(p->start * 30) + rng_range(&d->rng, 0, 12);
    int64_t model;
    for (int m = 0; m < areas; m++) {
        char name[160];
        snprintf(name, sizeof name, "Khu dân cư thôn %s", pick(d, &words_villages));
        bool done = rng_percent(&d->rng, 70);
        int year = done ? rng_range(&d->rng, 2021, 2025) : 0;
        if (ntm_model_save(d->db, 0, u->id, "khu_dan_cu", str_cstr(name), done ? "recognised" : "building", year,
                           &model, err, el) != 0 ||
            model_story(d, model, done ? "recognised" : "building", year, err, el) != 0)
            return -1;
    }
    for (int m = 0; m < gardens; m++) {
        char name[160];
        bool male = rng_percent(&d->rng, 60);
        snprintf(name, sizeof name, "Vườn mẫu hộ %s %s %s", male ? "ông" : "bà", pick(d, &words_surnames),
                 pick(d, male ? &words_male_given : &words_female_given));
        int r = rng_range(&d->rng, 0, 99);
        const char *state = r < 65 ? "recognised" : r < 85 ? "building" : r < 95 ? "registered" : "revoked";
        int year = r < 65 || r >= 95 ? rng_range(&d->rng, 2021, 2026) : 0;
        if (ntm_model_save(d->db, 0, u->id, "vuon", str_cstr(name), state, year, &model, err, el) != 0 ||
            model_story(d, model, state, year, err, el) != 0)
            return -1;
    }
    /* funds by year and source */
    for (int year = 2021; year <= 2026; year++)
        for (size_t f = 0; f < sizeof FUND_SOURCES / sizeof FUND_SOURCES[0]; f++) {
            double amount = round(FUND_SCALE[f] * (0.4 + rng_unit(&d->rng) * 1.2));
            if (ntm_fund_set(d->db, u->id, year, FUND_SOURCES[f], amount, err, el) != 0)
                return -1;
        }
    return 0;
}

/* The earlier years of a model saved now in `state` (recognised in
 * `year`, 0: not): registered, then building, then recognised, so that
 * the pages of an earlier year show it as it stood then. */
static int model_story(struct ntm_demo *d, int64_t model, const char *state, int year, char *err, size_t el)
{
    bool recognised = !strcmp(state, "recognised") || !strcmp(state, "revoked");
    int now = 2026;
    for (int y = 2021; y < now; y++) {
        const char *st = NULL;
        int rec = 0;
        if (recognised && year) {
            if (y >= year) {
                st = "recognised";
                rec = year;
            } else if (y == year - 1)
                st = "building";
            else if (y == year - 2)
                st = "registered";
        } else if (!strcmp(state, "building"))
            st = y >= 2024 ? "building" : y == 2023 ? "registered" : NULL;
        else if (!strcmp(state, "registered"))
            st = y == 2025 ? "registered" : NULL;
        if (st && ntm_model_history_set(d->db, model, y, st, rec, err, el) != 0)
            return -1;
    }
    return 0;
}

/* Six years of one unit; `full`: with recognition, plans, sponsors,
 * models and funds (the demo province). */
static int unit_story(struct ntm_demo *d, const struct ntm_unit *u, bool full)
{
    struct pace p = {.start = 0.5 + rng_unit(&d->rng) * 0.35, .speed = 0.03 + rng_unit(&d->rng) * 0.09};
    if (rng_percent(&d->rng, 12))
        p.setback_year = rng_range(&d->rng, 2022, 2025);
    bool is_ward = str_eq_lit(u->kind, "phuong");
    if (is_ward)
        p.start += 0.1;
    const char *region = "Bắc Trung Bộ";
    if (full &&
        ntm_unit_classify(d->db, u->id, "vung", region, "2021-01-01", "Quyết định 318/QĐ-TTg", d->err, d->errlen) != 0)
        return -1;
    const char *group = is_ward ? "1" : rng_percent(&d->rng, 18) ? "3" : "2";
    if (ntm_unit_classify(d->db, u->id, "nhom", group, "2026-02-15", "Quyết định phân nhóm xã của UBND tỉnh (mẫu)",
                          d->err, d->errlen) != 0)
        return -1;

    int year_ntm = 0, year_nc = 0, state;
    for (int year = d->first_year ? d->first_year : 2021; year <= 2025; year++) {
        if (assess(d, &d->old_set, u->id, year, level_in(&p, year), NTM_ACCEPTED, &state) != 0)
            return -1;
        if (!full || state != NTM_MET)
            continue;
        if (!year_ntm) {
            year_ntm = year;
            if (recognise(d, u, "ntm", year, d->old_set.code.p) != 0)
                return -1;
        } else if (!year_nc && level_in(&p, year) > 0.93 && year - year_ntm >= 2) {
            year_nc = year;
            if (recognise(d, u, "nang_cao", year, NULL) != 0)
                return -1;
        } else if (year_nc && year - year_nc >= 2 && level_in(&p, year) > 0.97 &&
                   recognise(d, u, "kieu_mau", year, NULL) != 0)
            return -1;
    }
    /* 2026's progress reports, quarter by quarter (the demo province):
     * the commune page's quarter trend, the dashboard's ?ky= */
    for (int q = 1; full && q <= 3; q++) {
        d->quarter = q;
        int rc = assess(d, &d->new_set, u->id, 2026, clamp01(level_in(&p, 2026) - 0.15 - 0.04 * (4 - q)),
                        NTM_ACCEPTED, &state);
        d->quarter = 0;
        if (rc != 0)
            return -1;
    }
    /* 2026: the new, stricter set; not every report is accepted yet */
    int r = rng_range(&d->rng, 0, 99);
    enum ntm_assessment_state final = r < 80 ? NTM_ACCEPTED : r < 90 ? NTM_SUBMITTED : NTM_DRAFT;
    if (assess(d, &d->new_set, u->id, 2026, clamp01(level_in(&p, 2026) - 0.15), final, &state) != 0)
        return -1;
    return full ? province_extras(d, u, &p, year_ntm) : 0;
}

/* The 2025 reorganisation, as a story the demo invents (the shipped list
 * of units has no codes from before it): two or three former communes,
 * with invented names and codes 4290NN, valid until 2025-06-30, assessed
 * 2021-2024 on the 2021-2025 set, merged into `to` on 2025-07-01;
 * `counts`: their results count towards `to` (the office says so). */
static int merger_story(struct ntm_demo *d, const struct ntm_unit *to, int k, bool counts)
{
    int64_t from[3];
    size_t n = 2 + (size_t)(k % 2);
    for (size_t i = 0; i < n; i++) {
        char code[16], csv[512];
        snprintf(code, sizeof code, "4290%02d", k * 3 + (int)i + 1);
        const char *name = pick(d, &words_villages);
        snprintf(csv, sizeof csv, "code,province,kind,name,slug\n%s,%s,xa,%s,xa-cu-%s\n", code, DEMO_NTM_PROVINCE, name,
                 code);
        int count = 0;
        struct ntm_unit u;
        if (ntm_load_units_csv(d->db, str_cstr(csv), "2008-08-01", &count, d->err, d->errlen) != 0)
            return -1;
        if (ntm_unit_by_code(d->db, code, &d->a, &u) != 1)
            return fail(d, "thiếu đơn vị hành chính cũ %s", code);
        char district[256];
        snprintf(district, sizeof district, "%.*s", (int)to->former_district.n, to->former_district.p);
        if (district[0] && ntm_unit_set_former_district(d->db, u.id, district, d->err, d->errlen) != 0)
            return -1;
        struct pace p = {.start = 0.45 + rng_unit(&d->rng) * 0.35, .speed = 0.03 + rng_unit(&d->rng) * 0.08};
        int state;
        for (int year = 2021; year <= 2024; year++)
            if (assess(d, &d->old_set, u.id, year, level_in(&p, year), NTM_ACCEPTED, &state) != 0)
                return -1;
        from[i] = u.id;
    }
    return ntm_unit_merge(d->db, from, n, to->id, "2025-07-01",
                          "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp các đơn vị hành chính cấp xã của "
                          "tỉnh Hà Tĩnh năm 2025 (dữ liệu mẫu)",
                          counts, d->err, d->errlen);
}

int demo_fill_ntm(struct store_conn *db, unsigned seed, int64_t now, bool national, char *err, size_t errlen)
{
    struct ntm_demo d = {.db = db, .now = now, .err = err, .errlen = errlen, .decision_no = 1};
    d.rng.state = 0x4E544D2D48544E48ull ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ull);
    if (errlen)
        err[0] = '\0';
    if (ntm_load_builtin(db, err, errlen) != 0)
        return -1;
    arena_init(&d.a, 1 << 16);
    int rc = 0;
    if (store_write_begin(db) != 0) {
        arena_free(&d.a);
        return fail(&d, "không bắt đầu được giao dịch");
    }
    if (ntm_set_load(db, "QD318-2022", &d.a, &d.old_set) != 1 || ntm_set_load(db, "QD51-2025", &d.a, &d.new_set) != 1)
        rc = fail(&d, "thiếu các bộ tiêu chí đi kèm chương trình");
    struct str shapes = ntm_builtin_file("ha-tinh-shapes.csv");
    int n_shapes = 0;
    if (rc == 0 && shapes.p && ntm_shapes_load_csv(db, shapes, &n_shapes, err, errlen) != 0)
        rc = -1;
    /* who answers for each criterion */
    for (size_t c = 0; rc == 0 && c < d.old_set.n_criteria && c < 19; c++)
        rc = ntm_responsible_add(db, d.old_set.criteria[c].id, "department", str_cstr(DEPARTMENTS_2021[c]), "lead", err,
                                 errlen);
    for (size_t c = 0; rc == 0 && c < d.new_set.n_criteria && c < 10; c++)
        rc = ntm_responsible_add(db, d.new_set.criteria[c].id, "department", str_cstr(DEPARTMENTS_2026[c]), "lead", err,
                                 errlen);
    if (rc == 0)
        rc = ntm_responsible_add(db, d.new_set.criteria[0].id, "member",
                                 STR("Phó Chủ tịch UBND tỉnh, Phó Trưởng ban Thường trực Ban Chỉ đạo"), "support", err,
                                 errlen);

    struct ntm_unit *units = NULL;
    size_t n = 0;
    if (rc == 0 && ntm_units_of(db, DEMO_NTM_PROVINCE, &d.a, &units, &n) != 0)
        rc = fail(&d, "không đọc được các đơn vị hành chính của Hà Tĩnh");
    for (size_t i = 0; rc == 0 && i < n; i++) {
        /* four of the communes were formed by a merger in 2025 */
        bool merged = i % 17 == 5;
        if (merged)
            rc = merger_story(&d, &units[i], (int)(i / 17), i / 17 != 2);
        d.first_year = merged ? 2025 : 0;
        if (rc == 0)
            rc = unit_story(&d, &units[i], true);
        d.first_year = 0;
    }

    if (rc == 0 && national) {
        struct ntm_unit *provinces = NULL;
        size_t np = 0;
        if (ntm_provinces(db, &d.a, &provinces, &np) != 0)
            rc = fail(&d, "không đọc được danh sách tỉnh");
        for (size_t p = 0; rc == 0 && p < np; p++) {
            if (str_eq_lit(provinces[p].code, DEMO_NTM_PROVINCE))
                continue;
            struct arena pa;
            arena_init(&pa, 1 << 16);
            struct ntm_unit *cu = NULL;
            size_t nc = 0;
            if (ntm_units_of(db, provinces[p].code.p, &pa, &cu, &nc) != 0)
                rc = fail(&d, "không đọc được các đơn vị hành chính của một tỉnh");
            for (size_t i = 0; rc == 0 && i < nc; i++)
                rc = unit_story(&d, &cu[i], false);
            arena_free(&pa);
        }
    }
    if (rc == 0 && store_write_commit(db) != 0)
        rc = fail(&d, "không lưu được giao dịch: %s", sqlite3_errmsg(db->db));
    else if (rc != 0)
        store_write_rollback(db);
    arena_free(&d.a);
    return rc;
}

int demo_ntm_scopes(struct store_conn *db, int64_t reporter_id, int64_t department_id, char *err, size_t errlen)
{
    struct arena a;
    arena_init(&a, 1 << 14);
    struct ntm_unit *units = NULL;
    size_t n = 0;
    int rc = 0;
    if (ntm_units_of(db, DEMO_NTM_PROVINCE, &a, &units, &n) != 0 || n < 2) {
        snprintf(err, errlen, "không đọc được các đơn vị hành chính của Hà Tĩnh");
        rc = -1;
    }
    int64_t mine[2] = {n >= 2 ? units[0].id : 0, n >= 2 ? units[1].id : 0};
    if (rc == 0 && reporter_id)
        rc = ntm_scope_set_units(db, reporter_id, mine, 2, err, errlen);
    if (rc == 0 && department_id)
        rc = ntm_scope_set_department(db, department_id, STR(DEMO_NTM_DEPARTMENT), err, errlen);
    arena_free(&a);
    return rc;
}
