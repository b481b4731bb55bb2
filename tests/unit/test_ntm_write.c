/*
 * test_ntm_write.c - unit tests for the NTM monitor's loads and writes
 * (src/ntm/load.c, write.c, geo.c) on an in-memory database: what each
 * write stores, what it refuses (leaving nothing behind), and exactly
 * which cache tags it touches.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ntm/ntm.h"
#include "text/vitime.h"

/* The tests' clock: 1 January 2031, so that every period they write has
 * begun (a write refuses one still to come); times are T0 + seconds. */
#define T0 1924992000

static char touched[256][64];
static int n_touched;

static void record(struct str tag)
{
    if (n_touched < 256)
        snprintf(touched[n_touched++], 64, "%.*s", (int)tag.n, tag.p);
}

static bool was_touched(const char *tag)
{
    for (int i = 0; i < n_touched; i++)
        if (!strcmp(touched[i], tag))
            return true;
    return false;
}

static int64_t one_int(struct store_conn *c, const char *sql, int64_t id)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(c->db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

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
    store_on_commit(record);
    arena_init(&arena, 1 << 16);
    n_touched = 0;
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

static void test_builtin_load_is_idempotent(void **state)
{
    (void)state;
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_unit WHERE level = 'commune' AND ?1 = 0", 0), 3321);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_unit WHERE level = 'province' AND ?1 = 0", 0), 34);
    n_touched = 0;
    assert_int_equal(ntm_load_builtin(&db, err, sizeof err), 0);
    assert_int_equal(n_touched, 0); /* nothing differs: nothing invalidated */
    struct ntm_unit *units;
    size_t n;
    assert_int_equal(ntm_units_of(&db, "42", &arena, &units, &n), 0);
    assert_int_equal(n, 69);
    struct ntm_set set;
    assert_int_equal(ntm_set_load(&db, "QD318-2022", &arena, &set), 1);
    assert_int_equal(set.n_criteria, 19);
    assert_int_equal(set.n_indicators, 58);
    assert_int_equal(ntm_set_load(&db, "QD51-2025", &arena, &set), 1);
    assert_int_equal(set.n_criteria, 10);
    assert_int_equal(set.n_indicators, 0);
    assert_false(set.criteria[0].indicators_loaded);
    assert_int_equal(ntm_set_load(&db, "NO-SUCH", &arena, &set), 0);
}

/* The ids of indicators 1.1 and 1.2 and of criterion 1 of QĐ 318. */
static void first_criterion(struct ntm_set *set, int64_t *ind11, int64_t *ind12, int64_t *crit1, int64_t *ind21)
{
    assert_int_equal(ntm_set_load(&db, "QD318-2022", &arena, set), 1);
    for (size_t i = 0; i < set->n_indicators; i++) {
        if (str_eq_lit(set->indicator_code[i], "1.1"))
            *ind11 = set->indicators[i].id;
        if (str_eq_lit(set->indicator_code[i], "1.2"))
            *ind12 = set->indicators[i].id;
        if (str_eq_lit(set->indicator_code[i], "2.1"))
            *ind21 = set->indicators[i].id;
    }
    *crit1 = set->criteria[0].id;
}

static void test_assessment_states_and_tags(void **state)
{
    (void)state;
    struct ntm_set set;
    int64_t i11 = 0, i12 = 0, c1 = 0, i21 = 0;
    first_criterion(&set, &i11, &i12, &c1, &i21);
    int64_t can_loc = unit_id("18406");
    struct ntm_value_input values[] = {{i11, 1, STR_NULL, STR("Đã phê duyệt"), STR("UBND xã")},
                                       {i12, 0, STR_NULL, STR_NULL, STR_NULL},
                                       {i21, 85.5, STR_NULL, STR_NULL, STR_NULL}};
    struct ntm_recorded_input rec[] = {{set.criteria[1].id, 1, STR_NULL, STR("Biên bản")}};
    struct ntm_assessment_input in = {.unit_id = can_loc,
                                      .set_code = "QD318-2022",
                                      .year = 2023,
                                      .values = values,
                                      .n_values = 3,
                                      .recorded = rec,
                                      .n_recorded = 1,
                                      .now = T0 + 1000};
    int64_t id = 0;
    n_touched = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(n_touched, 0); /* a draft is not public */
    /* criterion 1: 1.2 not met; criterion 2: 2.1's target unknown, the record stands */
    assert_int_equal(one_int(&db, "SELECT state FROM ntm_value WHERE assessment_id = ?1 AND value = 0", id),
                     NTM_IND_NOT_MET);
    assert_int_equal(one_int(&db, "SELECT state FROM ntm_value WHERE assessment_id = ?1 AND value = 85.5", id),
                     NTM_IND_UNKNOWN_TARGET);
    assert_int_equal(one_int(&db,
                             "SELECT state FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                             "WHERE r.assessment_id = ?1 AND c.number = '1'",
                             id),
                     NTM_NOT_MET);
    assert_int_equal(one_int(&db,
                             "SELECT state * 10 + recorded FROM ntm_result r JOIN ntm_criterion c ON c.id = "
                             "r.criterion_id WHERE r.assessment_id = ?1 AND c.number = '2'",
                             id),
                     11);
    int met, total, unit;
    assert_int_equal(ntm_assessment_result(&db, id, &met, &total, &unit), 1);
    assert_int_equal(met, 1);
    assert_int_equal(total, 19);
    assert_int_equal(unit, NTM_NOT_MET);

    /* draft -> accepted is refused; draft -> submitted -> accepted touches the public pages */
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, T0 + 1001, err, sizeof err), -1);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_SUBMITTED, T0 + 1001, err, sizeof err), 0);
    assert_int_equal(n_touched, 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, T0 + 1002, err, sizeof err), 0);
    char crit_tag[64];
    snprintf(crit_tag, sizeof crit_tag, "ntm:crit:%lld", (long long)c1);
    assert_true(was_touched("ntm"));
    assert_true(was_touched("ntm:unit:18406"));
    assert_true(was_touched(crit_tag));
    assert_false(was_touched("ntm:unit:18409"));

    /* saving it again, now public, replaces the values and touches again */
    values[1].value = 1;
    n_touched = 0;
    int64_t again = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &again, err, sizeof err), 0);
    assert_int_equal(again, id);
    assert_true(was_touched("ntm:unit:18406"));
    assert_int_equal(ntm_assessment_result(&db, id, &met, &total, &unit), 1);
    assert_int_equal(met, 2);

    /* refusals leave everything as it was */
    values[2].value = 120;
    n_touched = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &again, err, sizeof err), -1);
    assert_non_null(strstr(err, "100%"));
    assert_int_equal(n_touched, 0);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_value WHERE assessment_id = ?1 AND value = 120", id), 0);
    values[2].value = 85.5;
    in.year = 2026; /* QĐ 318 is not the set of 2026 */
    assert_int_equal(ntm_assessment_save(&db, &in, &again, err, sizeof err), -1);
    in.year = 2023;
    values[0].value = 0.5; /* met / not met takes 0 or 1 */
    assert_int_equal(ntm_assessment_save(&db, &in, &again, err, sizeof err), -1);
    values[0].value = 1;
    struct ntm_value_input twice[] = {values[0], values[0]};
    in.values = twice;
    in.n_values = 2;
    assert_int_equal(ntm_assessment_save(&db, &in, &again, err, sizeof err), -1);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_value WHERE assessment_id = ?1", id), 3);
}

static void test_group_is_frozen_into_the_assessment(void **state)
{
    (void)state;
    int64_t u = unit_id("18073");
    assert_int_equal(ntm_unit_classify(&db, u, "nhom", "4", "2026-02-15", NULL, err, sizeof err), -1);
    assert_int_equal(ntm_unit_classify(&db, u, "nhom", "1", "2026-02-15", "QĐ thử", err, sizeof err), 0);
    assert_int_equal(ntm_unit_classify(&db, u, "nhom", "2", "2027-01-01", "QĐ thử", err, sizeof err), 0);
    struct ntm_set set;
    assert_int_equal(ntm_set_load(&db, "QD51-2025", &arena, &set), 1);
    struct ntm_recorded_input rec[10];
    for (size_t c = 0; c < 10; c++)
        rec[c] = (struct ntm_recorded_input){set.criteria[c].id, c != 3, STR_NULL, STR_NULL};
    struct ntm_assessment_input in = {
        .unit_id = u, .set_code = "QD51-2025", .year = 2026, .recorded = rec, .n_recorded = 10, .now = T0 + 5};
    int64_t id;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(&db, "SELECT group_no FROM ntm_assessment WHERE id = ?1", id), 1);
    in.year = 2027;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(one_int(&db, "SELECT group_no FROM ntm_assessment WHERE id = ?1", id), 2);
    int met, total, unit;
    assert_int_equal(ntm_assessment_result(&db, id, &met, &total, &unit), 1);
    assert_int_equal(met, 9); /* no indicators: every criterion from the record */
    assert_int_equal(unit, NTM_NOT_MET);
}

/* A period is written once it has begun (Vietnam time): a report of 2027
 * sent in 2026, once accepted, made 2027 the public pages' latest year. */
static void test_a_period_to_come_is_neither_saved_nor_accepted(void **state)
{
    (void)state;
    int64_t u = unit_id("18073");
    struct ntm_set set;
    assert_int_equal(ntm_set_load(&db, "QD51-2025", &arena, &set), 1);
    struct ntm_recorded_input rec = {set.criteria[0].id, 1, STR_NULL, STR_NULL};
    int64_t june = vi_unix_from_local(2026, 6, 30, 23, 0, 0), id;
    struct ntm_assessment_input in = {
        .unit_id = u, .set_code = "QD51-2025", .year = 2026, .quarter = 3, .recorded = &rec, .n_recorded = 1, .now = june};
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), -1);
    assert_non_null(strstr(err, "quý 3 năm 2026 chưa bắt đầu"));
    in.year = 2027, in.quarter = 0;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), -1);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_assessment WHERE unit_id = ?1 AND year >= 2026", u), 0);
    in.year = 2026, in.quarter = 2;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    /* saved under a later clock, then the clock went back: not accepted */
    in.year = 2027, in.quarter = 0, in.now = T0;
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_SUBMITTED, june, err, sizeof err), 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, june, err, sizeof err), -1);
    assert_non_null(strstr(err, "năm 2027 chưa bắt đầu"));
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, T0, err, sizeof err), 0);
}

static void test_recognition_plan_and_others(void **state)
{
    (void)state;
    int64_t u = unit_id("18406"), id;
    struct ntm_recognition_input r = {.unit_id = u,
                                      .status = "ntm",
                                      .year = 2023,
                                      .decision_no = STR("Quyết định số 3368 / qđ-ubnd"),
                                      .decided_on = "2023-12-20",
                                      .issuer = STR("Chủ tịch UBND tỉnh Hà Tĩnh")};
    n_touched = 0;
    assert_int_equal(ntm_recognition_add(&db, &r, &id, err, sizeof err), 0);
    assert_true(was_touched("ntm:unit:18406"));
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, "SELECT decision_no FROM ntm_recognition WHERE id = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "3368/QĐ-UBND");
    sqlite3_finalize(st);
    r.decision_no = STR("không phải số");
    assert_int_equal(ntm_recognition_add(&db, &r, &id, err, sizeof err), -1);
    r.decision_no = STR("3368/QĐ-UBND");
    r.status = "xuat_sac";
    assert_int_equal(ntm_recognition_add(&db, &r, &id, err, sizeof err), -1);

    /* a draft plan touches nothing public; approving it does */
    n_touched = 0;
    assert_int_equal(ntm_plan_set(&db, u, "nang_cao", 2027, false, err, sizeof err), 0);
    assert_int_equal(n_touched, 0);
    assert_int_equal(ntm_plan_set(&db, u, "nang_cao", 2028, true, err, sizeof err), 0);
    assert_true(was_touched("ntm:unit:18406"));
    assert_int_equal(ntm_plan_set(&db, u, "nang_cao", 1999, true, err, sizeof err), -1);

    int64_t sponsorship, task;
    assert_int_equal(ntm_sponsor_assign(&db, STR("Điện lực Hà Tĩnh"), STR("Doanh nghiệp"), u, 2021, 2025, STR(""),
                                        &sponsorship, err, sizeof err),
                     0);
    assert_int_equal(ntm_sponsor_task_add(&db, sponsorship, STR("Hỗ trợ điện chiếu sáng"), 0, 150, 2024, "doing", &task,
                                          err, sizeof err),
                     0);
    assert_int_equal(ntm_sponsor_task_set_state(&db, task, "done", err, sizeof err), 0);
    assert_int_equal(ntm_sponsor_task_set_state(&db, task, "finished", err, sizeof err), -1);
    int64_t model;
    assert_int_equal(ntm_model_save(&db, 0, u, "vuon", STR("Vườn mẫu hộ ông Nguyễn Văn A"), "recognised", 2024, &model,
                                    err, sizeof err),
                     0);
    assert_int_equal(ntm_model_save(&db, 0, u, "ao", STR("x"), "recognised", 2024, &model, err, sizeof err), -1);
    assert_int_equal(ntm_fund_set(&db, u, 2024, "cong_dong", 1250.5, err, sizeof err), 0);
    assert_int_equal(ntm_fund_set(&db, u, 2024, "cong_dong", -1, err, sizeof err), -1);
    assert_int_equal(ntm_fund_set(&db, 999999, 2024, "cong_dong", 1, err, sizeof err), -1);
}

static void test_merger_keeps_history(void **state)
{
    (void)state;
    int64_t a = unit_id("18409"), b = unit_id("18118"), c = unit_id("18406");
    int64_t from[] = {a, b};
    assert_int_equal(ntm_unit_merge(&db, from, 2, c, "2027-01-01", "Nghị quyết thử", true, err, sizeof err), 0);
    assert_int_equal(
        one_int(&db, "SELECT count(*) FROM ntm_unit_lineage WHERE to_unit_id = ?1 AND counts_history = 1", c), 2);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, "SELECT valid_to FROM ntm_unit WHERE id = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, a);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2026-12-31");
    sqlite3_finalize(st);
    struct ntm_unit gone;
    assert_int_equal(ntm_unit_by_code(&db, "18409", &arena, &gone), 0); /* no longer a current unit */
    assert_int_equal(ntm_unit_merge(&db, from, 2, a, "2027-01-01", "x", false, err, sizeof err), -1);
}

/* A split (office_units.c): the old unit ends the day before, each new
 * unit is current from the date with a lineage row carrying the history,
 * the unit pages and the summaries are touched; a refused split leaves
 * nothing behind. */
static void test_split_makes_new_units_with_history(void **state)
{
    (void)state;
    int64_t from = unit_id("18406");
    int64_t units_before = one_int(&db, "SELECT count(*) FROM ntm_unit WHERE ?1 = ?1", 0);
    struct ntm_new_unit into[] = {
        {STR("99101"), STR("Tách Đông"), "xa"},
        {STR("99102"), STR("Tách Tây"), "phuong"},
    };
    int64_t ids[2] = {0, 0};
    /* refused: one new unit only; a code already current; a bad date */
    assert_int_equal(ntm_unit_split(&db, from, into, 1, "2027-01-01", "NQ thử", true, ids, err, sizeof err), -1);
    struct ntm_new_unit taken[] = {into[0], {STR("18409"), STR("Trùng Mã"), "xa"}};
    assert_int_equal(ntm_unit_split(&db, from, taken, 2, "2027-01-01", "NQ thử", true, ids, err, sizeof err), -1);
    assert_non_null(strstr(err, "18409"));
    assert_int_equal(ntm_unit_split(&db, from, into, 2, "01/01/2027", "NQ thử", true, ids, err, sizeof err), -1);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_unit WHERE ?1 = ?1", 0), units_before);
    assert_int_equal(one_int(&db, "SELECT valid_to IS NULL FROM ntm_unit WHERE id = ?1", from), 1);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_unit_lineage WHERE from_unit_id = ?1", from), 0);
    /* done */
    n_touched = 0;
    assert_int_equal(ntm_unit_split(&db, from, into, 2, "2027-01-01", "NQ thử", true, ids, err, sizeof err), 0);
    assert_true(ids[0] > 0 && ids[1] > 0 && ids[0] != ids[1]);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, "SELECT valid_to FROM ntm_unit WHERE id = ?1", -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_int64(st, 1, from);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "2026-12-31");
    sqlite3_finalize(st);
    struct ntm_unit east, west, gone;
    assert_int_equal(ntm_unit_by_code(&db, "99101", &arena, &east), 1);
    assert_int_equal(ntm_unit_by_code(&db, "99102", &arena, &west), 1);
    assert_int_equal(ntm_unit_by_code(&db, "18406", &arena, &gone), 0);
    assert_true(str_eq_lit(east.full_name, "Xã Tách Đông") && str_eq_lit(west.full_name, "Phường Tách Tây"));
    assert_int_equal(east.parent_id, one_int(&db, "SELECT parent_id FROM ntm_unit WHERE id = ?1", from));
    for (int i = 0; i < 2; i++)
        assert_int_equal(one_int(&db,
                                 "SELECT count(*) FROM ntm_unit_lineage l JOIN ntm_unit_change c ON c.id = l.change_id "
                                 "WHERE l.to_unit_id = ?1 AND l.counts_history = 1 AND c.kind = 'split' "
                                 "AND c.effective = '2027-01-01'",
                                 ids[i]),
                         1);
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_unit_lineage WHERE from_unit_id = ?1", from), 2);
    assert_true(was_touched("ntm") && was_touched("ntm:ref") && was_touched("ntm:unit:18406") &&
                was_touched("ntm:unit:99101") && was_touched("ntm:unit:99102"));
    /* an ended unit is split no more */
    struct ntm_new_unit again[] = {{STR("99103"), STR("A"), "xa"}, {STR("99104"), STR("B"), "xa"}};
    assert_int_equal(ntm_unit_split(&db, from, again, 2, "2028-01-01", "NQ", true, ids, err, sizeof err), -1);
}

/* A merge into a new unit: the predecessors end, one 'merge' change. */
static void test_merge_into_a_new_unit(void **state)
{
    (void)state;
    int64_t from[] = {unit_id("18409"), unit_id("18118")};
    struct ntm_new_unit into = {STR("99201"), STR("Hợp Thử"), "xa"};
    int64_t id = 0;
    assert_int_equal(ntm_unit_merge_new(&db, from, 1, &into, "2027-01-01", "NQ", true, &id, err, sizeof err), -1);
    assert_int_equal(ntm_unit_merge_new(&db, from, 2, &into, "2027-01-01", "NQ", false, &id, err, sizeof err), 0);
    assert_int_equal(one_int(&db,
                             "SELECT count(*) FROM ntm_unit_lineage l JOIN ntm_unit_change c ON c.id = l.change_id "
                             "WHERE l.to_unit_id = ?1 AND c.kind = 'merge' AND l.counts_history = 0",
                             id),
                     2);
    assert_int_equal(one_int(&db,
                             "SELECT count(*) FROM ntm_unit WHERE valid_to = '2026-12-31' AND id IN (?1, "
                             "(SELECT id FROM ntm_unit WHERE code = '18118'))",
                             from[0]),
                     2);
}

/* Recognition checked against the accepted data (office.c), and a set in
 * use edited as a new version (office_sets.c). */
static void test_recognition_grant_and_set_versions(void **state)
{
    (void)state;
    struct ntm_set set;
    int64_t i11 = 0, i12 = 0, c1 = 0, i21 = 0;
    first_criterion(&set, &i11, &i12, &c1, &i21);
    int64_t u = unit_id("18406"), other = unit_id("18409"), id = 0, rec = 0;
    struct ntm_value_input values[] = {{i11, 1, STR_NULL, STR_NULL, STR_NULL}, {i12, 0, STR_NULL, STR_NULL, STR_NULL}};
    struct ntm_assessment_input in = {
        .unit_id = u, .set_code = "QD318-2022", .year = 2024, .values = values, .n_values = 2, .now = T0 + 1000};
    assert_int_equal(ntm_assessment_save(&db, &in, &id, err, sizeof err), 0);
    struct ntm_recognition_input r = {.unit_id = u,
                                      .status = "ntm",
                                      .year = 2024,
                                      .decision_no = STR("512/QĐ-UBND"),
                                      .decided_on = "2024-12-20",
                                      .issuer = STR("Chủ tịch UBND tỉnh Hà Tĩnh")};
    /* a draft is not accepted data */
    assert_int_equal(ntm_recognition_grant(&db, &r, &rec, err, sizeof err), -1);
    assert_non_null(strstr(err, "chưa có kết quả đánh giá"));
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_SUBMITTED, T0 + 1001, err, sizeof err), 0);
    assert_int_equal(ntm_assessment_set_state(&db, id, NTM_ACCEPTED, T0 + 1002, err, sizeof err), 0);
    assert_int_equal(ntm_recognition_grant(&db, &r, &rec, err, sizeof err), -1);
    assert_non_null(strstr(err, "1. ")); /* criterion 1 is named */
    assert_non_null(strstr(err, "chưa đạt"));
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_recognition WHERE unit_id = ?1", u), 0);
    r.unit_id = other;
    assert_int_equal(ntm_recognition_grant(&db, &r, &rec, err, sizeof err), -1);
    r.act = "thu_hoi"; /* revoking needs no met criteria, but a status held on the day */
    r.unit_id = u;
    assert_int_equal(ntm_recognition_grant(&db, &r, &rec, err, sizeof err), -1);
    assert_non_null(strstr(err, "không có gì để thu hồi"));
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_recognition WHERE unit_id = ?1", u), 0);

    /* QD318-2022 now has an assessment: the change goes to a new version */
    int64_t results_before =
        one_int(&db, "SELECT total(state * 7 + criterion_id) FROM ntm_result WHERE assessment_id = ?1", id);
    struct ntm_set_change c = {.kind = NTM_CHANGE_TARGET,
                               .set_code = "QD318-2022",
                               .number = STR("1"),
                               .indicator_code = STR("1.2"),
                               .applies_to = STR("*"),
                               .op = "=",
                               .threshold = 0,
                               .text = STR(""),
                               .new_code = STR("QD318-2022-HT1"),
                               .new_name = STR("Bộ điều chỉnh"),
                               .year_from = 2024,
                               .province_code = "42"};
    char applied[64];
    bool versioned = false;
    n_touched = 0;
    assert_int_equal(ntm_set_edit(&db, &c, applied, &versioned, err, sizeof err), 0);
    assert_true(versioned);
    assert_string_equal(applied, "QD318-2022-HT1");
    assert_true(was_touched("ntm:ref") && was_touched("ntm"));
    assert_int_equal(
        one_int(&db, "SELECT total(state * 7 + criterion_id) FROM ntm_result WHERE assessment_id = ?1", id),
        results_before);
    assert_int_equal(one_int(&db,
                             "SELECT count(*) FROM ntm_target t JOIN ntm_indicator i ON i.id = t.indicator_id "
                             "JOIN ntm_criterion k ON k.id = i.criterion_id JOIN ntm_set s ON s.id = k.set_id "
                             "WHERE s.code = 'QD318-2022-HT1' AND i.code = '1.2' AND t.op = '=' AND t.threshold = ?1",
                             0),
                     1);
    /* the same code again is refused; the new version, unused, changes in place */
    assert_int_equal(ntm_set_edit(&db, &c, applied, &versioned, err, sizeof err), -1);
    c.set_code = "QD318-2022-HT1";
    c.threshold = 1;
    assert_int_equal(ntm_set_edit(&db, &c, applied, &versioned, err, sizeof err), 0);
    assert_false(versioned);
    assert_string_equal(applied, "QD318-2022-HT1");
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_set WHERE ?1 = ?1", 0), 3);
    /* a met indicator takes only = 0 or = 1 */
    c.op = ">=";
    c.threshold = 5;
    assert_int_equal(ntm_set_edit(&db, &c, applied, &versioned, err, sizeof err), -1);

    /* which version a report is under: a started report keeps its set, a
     * new one takes the province's version from its first year */
    char code[NTM_SET_CODE_MAX];
    assert_int_equal(ntm_set_for_report(&db, u, "42", 2024, 0, code), 1);
    assert_string_equal(code, "QD318-2022");
    assert_int_equal(ntm_set_for_report(&db, other, "42", 2024, 0, code), 1);
    assert_string_equal(code, "QD318-2022-HT1");
    assert_int_equal(ntm_set_for_report(&db, u, "42", 2024, 2, code), 1);
    assert_string_equal(code, "QD318-2022-HT1");
    assert_int_equal(ntm_set_in_effect(&db, 2023, "42", code), 1);
    assert_string_equal(code, "QD318-2022");
    assert_int_equal(ntm_set_in_effect(&db, 2024, "01", code), 1);
    assert_string_equal(code, "QD318-2022");
    assert_int_equal(ntm_set_in_effect(&db, 2027, "42", code), 1);
    assert_string_equal(code, "QD51-2025");
    assert_int_equal(ntm_set_in_effect(&db, 2019, "42", code), 0);
    assert_int_equal(ntm_set_of_year(&db, "QD318-2022-HT1", 2024), 1);
    assert_int_equal(ntm_set_of_year(&db, "QD318-2022-HT1", 2023), 0);
    assert_int_equal(ntm_set_of_year(&db, "QD51-2025", 2024), 0);
    /* one report per unit and period: not a second one under the version */
    struct ntm_assessment_input again = {
        .unit_id = u, .set_code = "QD318-2022-HT1", .year = 2024, .values = NULL, .n_values = 0, .now = T0 + 1003};
    int64_t id2 = 0;
    assert_int_equal(ntm_assessment_save(&db, &again, &id2, err, sizeof err), -1);
    assert_non_null(strstr(err, "QD318-2022"));
    assert_int_equal(one_int(&db, "SELECT count(*) FROM ntm_assessment WHERE unit_id = ?1 AND year = 2024", u), 1);
    again.unit_id = other;
    assert_int_equal(ntm_assessment_save(&db, &again, &id2, err, sizeof err), 0);
    assert_int_equal(one_int(&db, "SELECT s.year_from FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id "
                                  "WHERE a.id = ?1", id2),
                     2024);
}

static void test_geometry(void **state)
{
    (void)state;
    /* a square with a point on an edge and the closing point: 4 corners stay */
    int64_t pts[] = {0, 0, 100, 0, 100, 50, 100, 100, 0, 100, 0, 0};
    assert_int_equal(ntm_geo_simplify(pts, 6, 1.0), 4);
    struct buf b = {0};
    ntm_geo_encode_ring(&b, pts, 4, '\0');
    assert_int_equal(b.n, strlen("0 0 100 0 0 100 -100 0"));
    assert_memory_equal(b.p, "0 0 100 0 0 100 -100 0", b.n);
    double box[4];
    int points;
    assert_int_equal(ntm_geo_bounds(buf_str(&b), box, &points), 0);
    assert_int_equal(points, 4);
    assert_true(box[2] == 100 / NTM_GEO_SCALE && box[3] == 100 / NTM_GEO_SCALE);
    buf_free(&b);
    int64_t line[] = {0, 0, 10, 0, 20, 0};
    assert_int_equal(ntm_geo_simplify(line, 3, 1.0), 0); /* collapses */
    assert_int_equal(ntm_geo_bounds(STR("1 2 3"), box, &points), -1);
    assert_int_equal(ntm_geo_bounds(STR("1 2 3 4"), box, &points), -1); /* a ring needs 3 points */
    assert_int_equal(ntm_geo_bounds(STR("1 2 3 4 5 6;"), box, &points), -1);
    int n = 0;
    n_touched = 0;
    assert_int_equal(
        ntm_shapes_load_csv(&db, STR("code,points,geometry\n42,3,1050000 180000 100 0 0 100\n99999,3,0 0 1 0 0 1\n"),
                            &n, err, sizeof err),
        0);
    assert_int_equal(n, 1); /* the unknown unit is skipped */
    assert_true(was_touched("ntm:unit:42"));
    assert_int_equal(ntm_shapes_load_csv(&db, STR("code,points,geometry\n42,3,1050000 x\n"), &n, err, sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_builtin_load_is_idempotent, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assessment_states_and_tags, setup, teardown),
        cmocka_unit_test_setup_teardown(test_group_is_frozen_into_the_assessment, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_period_to_come_is_neither_saved_nor_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recognition_plan_and_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merger_keeps_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_split_makes_new_units_with_history, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_into_a_new_unit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recognition_grant_and_set_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_geometry, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
