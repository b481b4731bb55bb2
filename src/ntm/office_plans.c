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

#define PLAN_STATES OFFICE_PLAN_STATES

#define PLAN_ROWS 50 /* a page of each list: the demo's province has 883 plans */

/* The address of the plans' lists narrowed by `f`, on pages `page` and
 * `page_tc` (the list by criterion). */
static struct str plans_url(struct arena *a, const struct ntm_office_filter *f, int page, int page_tc)
{
    struct str u = str_cstr(PLANS);
    char sep = '?';
    if (f->unit_id) {
        u = arena_printf(a, "%.*s%cxa=%lld", (int)u.n, u.p, sep, (long long)f->unit_id);
        sep = '&';
    }
    if (f->year) {
        u = arena_printf(a, "%.*s%cnam=%d", (int)u.n, u.p, sep, f->year);
        sep = '&';
    }
    if (page > 1) {
        u = arena_printf(a, "%.*s%ctrang=%d", (int)u.n, u.p, sep, page);
        sep = '&';
    }
    if (page_tc > 1)
        u = arena_printf(a, "%.*s%ctrang-tc=%d", (int)u.n, u.p, sep, page_tc);
    return u;
}

/* A page number of the address (1 when absent); 0 when it is none. */
static int plans_page_param(struct web_req *r, const char *name)
{
    struct str v = web_param(r, name);
    long n = 1;
    return !v.p || office_int(v, 1, 10000, &n) ? (int)n : 0;
}

/* Reads the lists' filter from the address into *f and the pages: NULL, or
 * the sentence naming what is wrong (that filter is then left out, the
 * others kept). */
static const char *plans_filter(const struct office_page *p, struct ntm_office_filter *f, int *page, int *page_tc)
{
    struct web_req *r = p->r;
    const char *bad = NULL;
    *f = (struct ntm_office_filter){.per_page = PLAN_ROWS};
    struct str unit = web_param(r, "xa"), year = web_param(r, "nam");
    if (unit.n) {
        const struct ntm_unit *u = office_unit(p, unit);
        if (u)
            f->unit_id = u->id;
        else
            bad = "Xã, phường để lọc phải là một xã, phường của tỉnh trong danh sách.";
    }
    long y = 0;
    if (year.n) {
        if (office_int(year, 2000, 2100, &y))
            f->year = (int)y;
        else
            bad = "Năm phấn đấu để lọc phải là một năm từ 2000 đến 2100.";
    }
    if (!(*page = plans_page_param(r, "trang")) || !(*page_tc = plans_page_param(r, "trang-tc"))) {
        *page = *page ? *page : 1;
        *page_tc = *page_tc ? *page_tc : 1;
        bad = OFFICE_BAD_PAGE;
    }
    return bad;
}

/* Links to the neighbouring pages of a list of the plans, keeping the filter. */
static void plans_pager(struct office_page *p, struct ntm_office_table *t, const struct ntm_office_filter *f,
                        int page, int page_tc, bool by_criterion, bool more)
{
    int mine = by_criterion ? page_tc : page;
    if (mine <= 1 && !more)
        return;
    struct arena *a = p->r->arena;
    t->page_label = arena_printf(a, "Trang %d (mỗi trang %d dòng)", mine, PLAN_ROWS);
    if (mine > 1)
        t->prev_url = by_criterion ? plans_url(a, f, page, page_tc - 1) : plans_url(a, f, page - 1, page_tc);
    if (more)
        t->next_url = by_criterion ? plans_url(a, f, page, page_tc + 1) : plans_url(a, f, page + 1, page_tc);
}

static int plans_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "ke-hoach/", "Kế hoạch đạt chuẩn",
                          "Năm phấn đấu đạt từng danh hiệu và từng tiêu chí của mỗi xã. Chỉ kế hoạch đã phê duyệt "
                          "hiện trên trang công khai của xã.") != 0)
        return -1;
    struct ntm_office_filter f;
    int page, page_tc;
    const char *bad = plans_filter(&p, &f, &page, &page_tc);
    if (bad)
        office_filter_wrong(&p, str_cstr(bad));
    struct ntm_office_form *filter = office_filter(&p, "loc", "Lọc kế hoạch", STR(PLANS), "Lọc", 2);
    struct ntm_office_field *fd = office_field(&p, filter, "xa", "Xã, phường", "select",
                                               f.unit_id ? office_id_text(r->arena, f.unit_id) : STR(""));
    office_choice(&p, fd, STR(""), STR("(tất cả các xã, phường)"), false);
    office_unit_choices(&p, fd, false);
    office_field(&p, filter, "nam", "Năm phấn đấu", "number",
                 f.year ? arena_printf(r->arena, "%d", f.year) : STR(""))->hint = STR("Để trống: mọi năm.");

    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list_filtered(r->db, NTM_LIST_PLANS, p.province, &f, page, r->arena, &rows, &n, &more) != 0)
        return -1;
    if (page > 1 && n == 0 && !bad)
        return web_error(r, 404);
    static const char *const heads[] = {"Xã, phường", "Danh hiệu", "Năm phấn đấu", "Trạng thái", NULL};
    struct ntm_office_table *t = office_table(&p, "Năm phấn đấu đạt chuẩn", "Không có kế hoạch nào.", heads, n, true);
    plans_pager(&p, t, &f, page, page_tc, false, more);
    for (size_t i = 0; i < n; i++) {
        struct ntm_office_row *row = office_row(&p, t,
                                                arena_printf(r->arena, "ke-hoach-%lld-%.*s", (long long)rows[i].id,
                                                             (int)rows[i].col[2].n, rows[i].col[2].p));
        office_cell(row, rows[i].col[1], office_unit_url(r->arena, rows[i].col[0]));
        office_cell(row, office_label_of(OFFICE_STATUSES, rows[i].col[2]), STR_NULL);
        office_cell(row, rows[i].col[3], STR_NULL);
        office_cell(row, office_label_of(PLAN_STATES, rows[i].col[4]), STR_NULL);
        office_button(&p, row, STR(PLANS "go"), "muc",
                      arena_printf(r->arena, "%lld:%.*s", (long long)rows[i].id, (int)rows[i].col[2].n,
                                   rows[i].col[2].p)
                          .p,
                      "Gỡ");
    }
    if (ntm_office_list_filtered(r->db, NTM_LIST_PLAN_CRITERIA, p.province, &f, page_tc, r->arena, &rows, &n,
                                 &more) != 0)
        return -1;
    if (page_tc > 1 && n == 0 && !bad)
        return web_error(r, 404);
    static const char *const heads2[] = {"Xã, phường", "Tiêu chí", "Bộ tiêu chí", "Năm phấn đấu", "Trạng thái", NULL};
    t = office_table(&p, "Năm phấn đấu đạt từng tiêu chí", "Không có kế hoạch theo tiêu chí.", heads2, n, true);
    plans_pager(&p, t, &f, page, page_tc, true, more);
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
        office_button(&p, row, STR(PLANS "go"), "muc",
                      arena_printf(r->arena, "%lld:tc:%.*s", (long long)rows[i].id, (int)rows[i].col[7].n,
                                   rows[i].col[7].p)
                          .p,
                      "Gỡ");
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

static int w_plan_remove(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_plan_remove(db, j->unit_id, j->c1, j->ref_id, err, errlen);
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
    if (!office_int(office_value(r, "nam"), NTM_PLAN_FIRST_YEAR, NTM_PLAN_LAST_YEAR, &year))
        office_problem(&st, "nam", arena_printf(r->arena, "Năm phấn đấu phải là một năm từ %d đến %d.",
                                                NTM_PLAN_FIRST_YEAR, NTM_PLAN_LAST_YEAR));
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

/* "Gỡ" on a row: muc=UNIT:STATUS (a title's plan) or UNIT:tc:CRITERION. */
static int plan_remove(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct str item = office_value(r, "muc");
    const char *colon = item.n ? memchr(item.p, ':', item.n) : NULL;
    if (!colon)
        return web_error(r, 400);
    struct str unit_value = {item.p, (size_t)(colon - item.p)}, rest = str_skip(item, unit_value.n + 1);
    int64_t criterion = 0;
    const struct code_label *status = NULL;
    if (str_starts_with(rest, STR("tc:")))
        criterion = office_id(str_skip(rest, 3));
    else
        status = office_code_of(OFFICE_STATUSES, rest);
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, unit_value);
    if (!unit || (!criterion && !status))
        return web_error(r, 400);
    struct office_job *j = office_job_new(r, s, "ke-hoach", PLANS, w_plan_remove, plans_render,
                                          criterion ? "ntm_plan_criterion_remove" : "ntm_plan_remove");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->c1 = status ? status->code : NULL;
    j->ref_id = criterion;
    j->object = office_keep(j, unit->full_name);
    /* the criterion as the office knows it (number and name) when it is of
     * the set in force; a criterion of another set by its inner number */
    struct str label = STR_NULL;
    if (criterion && office_criterion_in(r, office_set_now(r), office_id_text(r->arena, criterion), &label) <= 0)
        label = arena_printf(r->arena, "tiêu chí mã %lld", (long long)criterion);
    j->detail = office_keep(j, criterion ? arena_printf(r->arena, "gỡ kế hoạch đạt %.*s", (int)label.n, label.p)
                                         : arena_printf(r->arena, "gỡ kế hoạch %s", status->label));
    return office_defer(r, j);
}

static int plan_add(struct web_req *r) { return plan_save(r, false); }
static int plan_criterion_add(struct web_req *r) { return plan_save(r, true); }

void ntm_office_plans_register(void)
{
    static const struct office_route routes[] = {
        {PLANS, plans_page, plan_add},
        {PLANS "tieu-chi", NULL, plan_criterion_add},
        {PLANS "go", NULL, plan_remove},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
