/*
 * office_plans.c - the office's page for the plan framework
 * (/quan-tri/nong-thon-moi/van-phong/ke-hoach/): the year each commune is to
 * reach each status and each criterion of the set in force, draft or
 * approved (only approved plans are public).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "people/admin.h"
#include "text/utf8.h"

#include "ntm/internal.h"
#include "ntm/office_web.h"

#define PLANS OFFICE_PATH "ke-hoach/"

static const struct code_label PLAN_STATES[] = {{"draft", "Dự thảo"}, {"approved", "Đã phê duyệt"}, {NULL, NULL}};

static int plans_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "ke-hoach/", "Kế hoạch đạt chuẩn",
                          "Năm phấn đấu đạt từng danh hiệu và từng tiêu chí của mỗi xã. Chỉ kế hoạch đã phê duyệt "
                          "hiện trên trang công khai của xã.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_PLANS, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Danh hiệu", "Năm phấn đấu", "Trạng thái", NULL};
    struct ntm_office_table *t = office_table(&p, "Năm phấn đấu đạt chuẩn", "Chưa có kế hoạch nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        struct ntm_office_row *row = office_row(&p, t,
                                                arena_printf(r->arena, "ke-hoach-%lld-%.*s", (long long)rows[i].id,
                                                             (int)rows[i].col[2].n, rows[i].col[2].p));
        office_cell(row, rows[i].col[1], office_unit_url(r->arena, rows[i].col[0]));
        office_cell(row, office_label_of(OFFICE_STATUSES, rows[i].col[2]), STR_NULL);
        office_cell(row, rows[i].col[3], STR_NULL);
        office_cell(row, office_label_of(PLAN_STATES, rows[i].col[4]), STR_NULL);
    }
    if (ntm_office_list(r->db, NTM_LIST_PLAN_CRITERIA, p.province, r->arena, &rows, &n, &more) != 0)
        return -1;
    static const char *const heads2[] = {"Xã, phường", "Tiêu chí", "Bộ tiêu chí", "Năm phấn đấu", "Trạng thái", NULL};
    t = office_table(&p, "Năm phấn đấu đạt từng tiêu chí", "Chưa có kế hoạch theo tiêu chí.", heads2, n, false);
    for (size_t i = 0; i < n; i++) {
        struct ntm_office_row *row = office_row(&p, t,
                                                arena_printf(r->arena, "ke-hoach-tc-%lld-%.*s", (long long)rows[i].id,
                                                             (int)rows[i].col[7].n, rows[i].col[7].p));
        office_cell(row, rows[i].col[1], office_unit_url(r->arena, rows[i].col[0]));
        office_cell(row,
                    arena_printf(r->arena, "%.*s. %.*s", (int)rows[i].col[2].n, rows[i].col[2].p, (int)rows[i].col[3].n,
                                 rows[i].col[3].p),
                    STR_NULL);
        office_cell(row, rows[i].col[4], STR_NULL);
        office_cell(row, rows[i].col[5], STR_NULL);
        office_cell(row, office_label_of(PLAN_STATES, rows[i].col[6]), STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "ke-hoach", "Đặt năm phấn đấu đạt danh hiệu", STR(PLANS), "Lưu", 4);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    office_code_choices(&p, office_field(&p, fm, "danh-hieu", "Danh hiệu", "select", STR("ntm")), OFFICE_STATUSES,
                        NULL);
    office_field(&p, fm, "nam", "Năm phấn đấu", "number", STR_NULL);
    office_field(&p, fm, "duyet", "Đã phê duyệt (hiện trên trang công khai)", "checkbox", STR_NULL);
    fm = office_form(&p, "ke-hoach-tieu-chi", "Đặt năm phấn đấu đạt một tiêu chí", STR(PLANS "tieu-chi"), "Lưu", 4);
    fm->intro = arena_printf(r->arena, "Các tiêu chí của bộ tiêu chí đang áp dụng (%s).", office_set_now(r));
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    if (office_criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí", "select", STR_NULL), office_set_now(r),
                                "(chọn tiêu chí)") != 0)
        return -1;
    office_field(&p, fm, "nam", "Năm phấn đấu", "number", STR_NULL);
    office_field(&p, fm, "duyet", "Đã phê duyệt (hiện trên trang công khai)", "checkbox", STR_NULL);
    return office_page_end(&p);
}

static int plans_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return plans_render(r, s, NULL);
}

static int w_plan(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->ref_id)
        return ntm_plan_criterion_set(db, j->unit_id, j->ref_id, (int)j->y1, j->flag, err, errlen);
    return ntm_plan_set(db, j->unit_id, j->c1, (int)j->y1, j->flag, err, errlen);
}

static int plan_save(struct web_req *r, bool per_criterion)
{
    OFFICE_REQUIRE(r, s);
    const char *form_id = per_criterion ? "ke-hoach-tieu-chi" : "ke-hoach";
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = str_cstr(form_id)};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    const struct code_label *status = NULL;
    struct str criterion_label = STR_NULL;
    int64_t criterion = 0;
    if (per_criterion) {
        criterion = office_criterion_in(r, office_set_now(r), office_value(r, "tieu-chi"), &criterion_label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    } else if (!(status = office_code_of(OFFICE_STATUSES, office_value(r, "danh-hieu"))))
        office_problem(&st, "danh-hieu", STR("Hãy chọn danh hiệu."));
    long year = 0;
    if (!office_int(office_value(r, "nam"), 2000, 2100, &year))
        office_problem(&st, "nam", STR("Năm phấn đấu phải là một năm từ 2000 đến 2100."));
    if (st.n_problems)
        return plans_render(r, s, &st);
    struct office_job *j =
        office_job_new(r, s, form_id, PLANS, w_plan, plans_render, per_criterion ? "ntm_plan_criterion" : "ntm_plan");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->c1 = status ? status->code : NULL;
    j->ref_id = criterion;
    j->y1 = year;
    j->flag = str_eq_lit(office_value(r, "duyet"), "1");
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "%s: năm %ld (%s)",
                                            per_criterion ? ntm_cstr(r->arena, criterion_label) : status->label, year,
                                            j->flag ? "đã phê duyệt" : "dự thảo"));
    return office_defer(r, j);
}

static int plan_add(struct web_req *r) { return plan_save(r, false); }
static int plan_criterion_add(struct web_req *r) { return plan_save(r, true); }

void ntm_office_plans_register(void)
{
    static const struct office_route routes[] = {
        {PLANS, plans_page, plan_add},
        {PLANS "tieu-chi", NULL, plan_criterion_add},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
