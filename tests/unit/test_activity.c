/*
 * test_activity.c - unit tests for the activity module's data
 * (src/activity/activity.c) on an in-memory database: dates written with
 * their weekday, slugs and addresses, what a save stores and which cache
 * tags it touches (its own, never the ntm module's), and what it refuses
 * (leaving nothing behind).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "activity/activity.h"
#include "ntm/ntm.h"

static char touched[64][64];
static int n_touched;

static void record(struct str tag)
{
    if (n_touched < 64)
        snprintf(touched[n_touched++], 64, "%.*s", (int)tag.n, tag.p);
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

static void assert_str(struct str got, const char *want)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%.*s", (int)got.n, got.p ? got.p : "");
    assert_string_equal(buf, want);
}

static void test_dates_and_addresses(void **state)
{
    (void)state;
    assert_str(activity_date_text(&arena, STR("2026-04-09")), "Thứ năm - 09/04/2026");
    assert_str(activity_date_text(&arena, STR("2026-04-12")), "Chủ nhật - 12/04/2026");
    assert_str(activity_date_text(&arena, STR("2026-02-30")), "");
    assert_str(activity_date_text(&arena, STR("09/04/2026")), "");
    assert_str(activity_dates_text(&arena, STR("2026-04-09"), STR("2026-04-09")), "Thứ năm - 09/04/2026");
    assert_str(activity_dates_text(&arena, STR("2026-04-09"), STR("2026-04-10")),
               "Thứ năm - 09/04/2026 đến Thứ sáu - 10/04/2026");
    assert_str(activity_slug(&arena, STR("Tập huấn “nông thôn mới” – Đợt 1")), "tap-huan-nong-thon-moi-dot-1");
    assert_str(activity_slug(&arena, STR("…")), "hoat-dong");
    struct activity it = {.id = 7, .kind = ACTIVITY_VISIT, .title = STR("Đoàn công tác số 2")};
    assert_str(activity_url(&arena, &it), "/nong-thon-moi/doan-cong-tac/7-doan-cong-tac-so-2");
    it.kind = ACTIVITY_TRAINING;
    assert_str(activity_url(&arena, &it), "/nong-thon-moi/tap-huan/7-doan-cong-tac-so-2");
}

static struct activity course(void)
{
    return (struct activity){.kind = ACTIVITY_TRAINING,
                             .title = STR("Lớp tập huấn cán bộ xã"),
                             .date_from = STR("2026-03-17"),
                             .date_to = STR("2026-03-19"),
                             .place = STR("Hội trường tỉnh"),
                             .organiser = STR("Văn phòng Điều phối"),
                             .audience = STR("Cán bộ xã"),
                             .summary = STR("Dòng một.\nDòng hai."),
                             .trained = 120,
                             .published = true};
}

static void test_a_save_touches_its_own_tags_only(void **state)
{
    (void)state;
    struct activity it = course();
    struct activity_problems p = {0};
    int64_t id = 0;
    assert_int_equal(activity_save(&db, &arena, &it, 1000, &id, &p), 0);
    assert_true(id > 0);
    char tag[32];
    snprintf(tag, sizeof tag, "activity:%lld", (long long)id);
    assert_int_equal(n_touched, 2);
    assert_true((!strcmp(touched[0], "activity:training") && !strcmp(touched[1], tag)) ||
                (!strcmp(touched[1], "activity:training") && !strcmp(touched[0], tag)));
    struct activity got;
    assert_int_equal(activity_get(&db, &arena, id, &got), 1);
    assert_str(got.title, "Lớp tập huấn cán bộ xã");
    assert_str(got.summary, "Dòng một.\nDòng hai.");
    assert_int_equal(got.trained, 120);
    assert_true(got.published);
    assert_int_equal(got.n_stops, 0);
    /* a list of published courses holds it; of visits, not */
    struct activity *items;
    size_t n;
    int64_t total;
    struct activity_filter f = {.kind = ACTIVITY_TRAINING, .year = 2026, .published_only = true};
    assert_int_equal(activity_list(&db, &arena, &f, 0, 10, &items, &n, &total), 0);
    assert_int_equal(n, 1);
    assert_int_equal(total, 1);
    f.kind = ACTIVITY_VISIT;
    assert_int_equal(activity_list(&db, &arena, &f, 0, 10, &items, &n, &total), 0);
    assert_int_equal(total, 0);
    f = (struct activity_filter){.kind = -1, .year = 2025};
    assert_int_equal(activity_list(&db, &arena, &f, 0, 10, &items, &n, &total), 0);
    assert_int_equal(total, 0);
    /* saved as a visit under the same id: refused, nothing changed */
    struct activity other = it;
    other.id = id;
    other.kind = ACTIVITY_VISIT;
    p = (struct activity_problems){0};
    n_touched = 0;
    assert_int_equal(activity_save(&db, &arena, &other, 2000, &id, &p), ACTIVITY_INVALID);
    assert_non_null(p.field[ACTIVITY_FIELD_NONE]);
    assert_int_equal(n_touched, 0);
}

static void test_bad_input_is_refused_and_nothing_written(void **state)
{
    (void)state;
    struct activity it = course();
    it.date_to = STR("2026-03-16");
    it.trained = -1;
    struct activity_problems p = {0};
    int64_t id = 0;
    assert_int_equal(activity_save(&db, &arena, &it, 1000, &id, &p), ACTIVITY_INVALID);
    assert_string_equal(p.field[ACTIVITY_FIELD_DATE_TO], "Ngày kết thúc không được trước ngày bắt đầu.");
    assert_non_null(p.field[ACTIVITY_FIELD_TRAINED]);
    assert_int_equal(p.count, 2);
    /* a visit whose commune is not a unit of the home province */
    struct activity_stop stop = {STR("99999"), STR_NULL, STR("2026-04-09"), STR("08:00"), STR("09:00")};
    struct activity v = {.kind = ACTIVITY_VISIT,
                         .title = STR("Đoàn công tác"),
                         .date_from = STR("2026-04-09"),
                         .date_to = STR("2026-04-09"),
                         .leader = STR("Trưởng đoàn"),
                         .purpose = STR("Kiểm tra"),
                         .stops = &stop,
                         .n_stops = 1};
    p = (struct activity_problems){0};
    assert_int_equal(activity_save(&db, &arena, &v, 1000, &id, &p), ACTIVITY_INVALID);
    assert_string_equal(p.stop[0], "Không có xã, phường mang mã này trong tỉnh.");
    /* a line break in a one-line field */
    v.leader = STR("Trưởng\nđoàn");
    p = (struct activity_problems){0};
    assert_int_equal(activity_check(&db, &arena, &v, &p), ACTIVITY_INVALID);
    assert_non_null(p.field[ACTIVITY_FIELD_LEADER]);
    assert_int_equal(n_touched, 0);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db.db, "SELECT count(*) FROM activity_item", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    sqlite3_finalize(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_dates_and_addresses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_save_touches_its_own_tags_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_input_is_refused_and_nothing_written, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
