/*
 * activity_demo.c - the office's demo activities; see activity_demo.h.
 * The texts read like the reports the province's portal publishes; the
 * communes of the visits are real units of the demo province, taken from
 * the ntm module in code order, so that the same data gives the same
 * itineraries.
 */
#include "demo/activity_demo.h"

#include <stdio.h>
#include <string.h>

#include "activity/activity.h"
#include "demo/ntm_demo.h"
#include "media/media.h"
#include "ntm/ntm.h"

struct demo_stop {
    size_t unit; /* index in the province's units, by code */
    const char *day, *from, *to;
};

struct demo_visit {
    const char *title, *from, *to, *leader, *members, *purpose, *conclusions;
    bool published;
    struct demo_stop stops[4];
    size_t n_stops;
};

static const struct demo_visit VISITS[] = {
    {"Đoàn công tác của Ban Chỉ đạo tỉnh kiểm tra tiến độ xây dựng xã nông thôn mới nâng cao, kiểu mẫu",
     "2026-04-09", "2026-04-10", "Đồng chí Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo các chương trình mục tiêu quốc gia tỉnh",
     "Lãnh đạo Văn phòng Điều phối nông thôn mới tỉnh\nĐại diện Sở Nông nghiệp và Môi trường\n"
     "Đại diện Sở Tài chính\nĐại diện Sở Xây dựng",
     "Kiểm tra kết quả thực hiện các tiêu chí xã nông thôn mới nâng cao, kiểu mẫu năm 2026 và tháo gỡ khó khăn "
     "trong huy động nguồn lực.\nLàm việc với Đảng ủy, UBND các xã về kế hoạch đạt chuẩn và các công trình hạ tầng "
     "đang triển khai.",
     "Các xã đã chủ động rà soát, xây dựng lộ trình đạt chuẩn cho từng tiêu chí; phong trào chỉnh trang khu dân cư, "
     "xây dựng vườn mẫu được nhân dân hưởng ứng.\nĐề nghị các xã tập trung hoàn thiện tiêu chí môi trường và thu nhập, "
     "hoàn thành hồ sơ đề nghị xét công nhận trước ngày 30/10/2026.",
     true,
     {{4, "2026-04-09", "08:00", "10:30"}, {9, "2026-04-09", "14:00", "16:30"}, {15, "2026-04-10", "08:00", "11:00"}},
     3},
    {"Văn phòng Điều phối nông thôn mới tỉnh làm việc về tiêu chí môi trường và an toàn thực phẩm", "2025-11-20",
     "2025-11-20", "Chánh Văn phòng Điều phối nông thôn mới tỉnh",
     "Phòng Kế hoạch – Tổng hợp, Văn phòng Điều phối\nĐại diện Chi cục Bảo vệ môi trường",
     "Kiểm tra việc phân loại rác thải tại nguồn, xử lý chất thải chăn nuôi và mô hình bảo đảm an toàn thực phẩm.",
     "Ghi nhận mô hình phân loại rác tại hộ gia đình; đề nghị nhân rộng trong năm 2026.", true,
     {{22, "2025-11-20", "08:30", "11:00"}, {27, "2025-11-20", "14:00", "16:00"}}, 2},
    {"Đoàn công tác khảo sát mô hình khu dân cư kiểu mẫu (dự kiến)", "2026-06-16", "2026-06-16",
     "Phó Chánh Văn phòng Điều phối nông thôn mới tỉnh", "Chuyên viên Văn phòng Điều phối",
     "Khảo sát, lựa chọn khu dân cư kiểu mẫu để tổ chức tham quan học tập kinh nghiệm.", "", false,
     {{33, "2026-06-16", "08:00", "10:00"}}, 1},
};

struct demo_training {
    const char *title, *from, *to, *place, *organiser, *audience, *summary;
    int trained;
    bool published;
};

static const struct demo_training TRAININGS[] = {
    {"Tập huấn nâng cao năng lực cán bộ làm công tác xây dựng nông thôn mới cấp xã năm 2026", "2026-03-17",
     "2026-03-19", "Hội trường Sở Nông nghiệp và Môi trường, phường Thành Sen",
     "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh", "Công chức phụ trách nông thôn mới của các xã, phường",
     "Lớp tập huấn giới thiệu Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030 và hướng dẫn đánh giá, "
     "chấm điểm từng tiêu chí.\nHọc viên được hướng dẫn lập hồ sơ đề nghị xét công nhận và nhập số liệu theo dõi trên "
     "hệ thống của tỉnh.",
     138, true},
    {"Tập huấn xây dựng khu dân cư nông thôn mới kiểu mẫu và vườn mẫu", "2025-10-08", "2025-10-09",
     "Trung tâm Văn hóa – Thể thao xã Cẩm Xuyên", "Văn phòng Điều phối nông thôn mới tỉnh phối hợp với Hội Nông dân tỉnh",
     "Trưởng thôn, chi hội trưởng nông dân và hộ đăng ký xây dựng vườn mẫu",
     "Nội dung gồm tiêu chí khu dân cư kiểu mẫu, vườn mẫu; kinh nghiệm huy động người dân tham gia chỉnh trang nhà ở, "
     "vườn hộ; tham quan thực tế một khu dân cư đã đạt chuẩn.",
     215, true},
    {"Tập huấn sử dụng phần mềm theo dõi, đánh giá bộ tiêu chí nông thôn mới", "2026-05-12", "2026-05-12",
     "Phòng họp trực tuyến của tỉnh", "Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh",
     "Cán bộ nhập số liệu của các xã, phường và các sở, ngành", "Hướng dẫn nhập, gửi và duyệt số liệu theo kỳ.", 0,
     false},
};

/* `what`: the activity's title, or what could not be read (p NULL). */
static int fail(char *err, size_t errlen, const struct activity_problems *p, const char *what)
{
    if (!p) {
        snprintf(err, errlen, "hoạt động mẫu: %s", what);
        return -1;
    }
    const char *why = "lỗi cơ sở dữ liệu";
    for (int k = 0; k < ACTIVITY_N_FIELDS; k++)
        if (p->field[k])
            why = p->field[k];
    for (int k = 0; k < ACTIVITY_MAX_STOPS; k++)
        if (p->stop[k])
            why = p->stop[k];
    snprintf(err, errlen, "hoạt động mẫu \"%s\": %s", what, why);
    return -1;
}

static int fill(struct store_conn *db, struct arena *a, int64_t now, char *err, size_t errlen)
{
    struct ntm_unit *units;
    size_t n_units;
    if (ntm_units_of(db, DEMO_NTM_PROVINCE, a, &units, &n_units) != 0)
        return fail(err, errlen, NULL, "không đọc được các đơn vị hành chính của tỉnh");
    /* a file of the library as the first course's material, when the demo has one */
    int has_media = media_exists(db, 1);
    if (has_media < 0)
        return fail(err, errlen, NULL, "không đọc được thư viện tệp");
    for (size_t i = 0; i < sizeof TRAININGS / sizeof TRAININGS[0]; i++) {
        const struct demo_training *t = &TRAININGS[i];
        int64_t material = 1;
        struct activity it = {.kind = ACTIVITY_TRAINING,
                              .title = str_cstr(t->title),
                              .date_from = str_cstr(t->from),
                              .date_to = str_cstr(t->to),
                              .place = str_cstr(t->place),
                              .organiser = str_cstr(t->organiser),
                              .audience = str_cstr(t->audience),
                              .summary = str_cstr(t->summary),
                              .trained = t->trained,
                              .materials = &material,
                              .n_materials = i == 0 && has_media ? 1 : 0,
                              .published = t->published};
        struct activity_problems p = {0};
        int64_t id;
        if (activity_save(db, a, &it, now, &id, &p) != 0)
            return fail(err, errlen, &p, t->title);
    }
    for (size_t i = 0; i < sizeof VISITS / sizeof VISITS[0]; i++) {
        const struct demo_visit *v = &VISITS[i];
        struct activity_stop stops[4];
        for (size_t k = 0; k < v->n_stops; k++) {
            size_t u = v->stops[k].unit < n_units ? v->stops[k].unit : 0;
            if (!n_units)
                return fail(err, errlen, NULL, "tỉnh của dữ liệu mẫu không có đơn vị hành chính nào");
            stops[k] = (struct activity_stop){units[u].code, STR_NULL, str_cstr(v->stops[k].day),
                                              str_cstr(v->stops[k].from), str_cstr(v->stops[k].to)};
        }
        struct activity it = {.kind = ACTIVITY_VISIT,
                              .title = str_cstr(v->title),
                              .date_from = str_cstr(v->from),
                              .date_to = str_cstr(v->to),
                              .leader = str_cstr(v->leader),
                              .members = str_cstr(v->members),
                              .purpose = str_cstr(v->purpose),
                              .conclusions = str_cstr(v->conclusions),
                              .stops = stops,
                              .n_stops = v->n_stops,
                              .published = v->published};
        struct activity_problems p = {0};
        int64_t id;
        if (activity_save(db, a, &it, now, &id, &p) != 0)
            return fail(err, errlen, &p, v->title);
    }
    return 0;
}

int demo_fill_activities(struct store_conn *db, int64_t now, char *err, size_t errlen)
{
    if (store_write_begin(db) != 0) {
        snprintf(err, errlen, "hoạt động mẫu: cơ sở dữ liệu đang bận");
        return -1;
    }
    struct arena a;
    arena_init(&a, 16384);
    int rc = fill(db, &a, now, err, errlen);
    arena_free(&a);
    return store_write_finish(db, rc);
}
