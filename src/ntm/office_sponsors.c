/*
 * office_sponsors.c - the office's page for sponsors
 * (/quan-tri/nong-thon-moi/van-phong/do-dau/): sponsor units assigned to
 * communes for some years by a decision, and the tasks they committed to
 * with their state.
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

#define SPONSORS OFFICE_PATH "do-dau/"

/* The kinds of sponsor units, stored as the words shown (the public
 * commune page prints them as they are). */
static const struct code_label SPONSOR_KINDS[] = {{"Sở, ngành", "Sở, ngành"},
                                                  {"Doanh nghiệp", "Doanh nghiệp"},
                                                  {"Lực lượng vũ trang", "Lực lượng vũ trang"},
                                                  {"Đơn vị sự nghiệp", "Đơn vị sự nghiệp"},
                                                  {"Tổ chức chính trị - xã hội", "Tổ chức chính trị - xã hội"},
                                                  {"Ngân hàng, tổ chức tín dụng", "Ngân hàng, tổ chức tín dụng"},
                                                  {"Khác", "Khác"},
                                                  {NULL, NULL}};

#define TASK_STATES OFFICE_TASK_STATES

static int sponsors_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "do-dau/", "Đơn vị đỡ đầu",
                          "Các đơn vị được phân công đỡ đầu xã, theo quyết định phân công, và những việc các đơn vị "
                          "đã cam kết.") != 0)
        return -1;
    /* ?qua-han=1: only the tasks still open after the year they were due,
     * as the commune's page marks them */
    int year_now = ntm_year_now();
    struct str overdue = web_param(r, "qua-han");
    bool only_overdue = str_eq_lit(overdue, "1");
    if (overdue.n && !only_overdue)
        office_filter_wrong(&p, STR("Bộ lọc công việc chỉ nhận ?qua-han=1 (chỉ công việc quá hạn); "
                                    "đang hiện mọi công việc."));
    struct ntm_office_form *filter = office_filter(&p, "loc", "Lọc công việc cam kết", STR(SPONSORS), "Lọc", 1);
    struct ntm_office_field *overdue_field = office_field(&p, filter, "qua-han", "Công việc", "select",
                                                          only_overdue ? STR("1") : STR(""));
    office_choice(&p, overdue_field, STR(""), STR("Mọi công việc"), false);
    office_choice(&p, overdue_field, STR("1"), STR("Chỉ công việc quá hạn"), false);
    struct ntm_office_filter task_filter = {.year = only_overdue ? year_now : 0};
    struct ntm_office_row_data *rows, *tasks;
    size_t n, n_tasks;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SPONSORSHIPS, p.province, r->arena, &rows, &n, &more) != 0 ||
        ntm_office_list_filtered(r->db, NTM_LIST_TASKS, p.province, &task_filter, 1, r->arena, &tasks, &n_tasks,
                                 &more) != 0)
        return -1;
    static const char *const heads[] = {"Xã, phường", "Đơn vị đỡ đầu", "Loại", "Từ năm", "Đến năm", "Quyết định", NULL};
    struct ntm_office_table *t = office_table(&p, "Phân công đỡ đầu", "Chưa có đơn vị đỡ đầu nào.", heads, n, false);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "do-dau-%lld", (long long)x->id));
        office_cell(row, x->col[1], office_unit_url(r->arena, x->col[0]));
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3], STR_NULL);
        office_cell(row, x->col[4], STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        office_cell(row, x->col[6].n ? x->col[6] : STR("—"), STR_NULL);
    }
    static const char *const heads2[] = {"Đơn vị đỡ đầu",         "Xã, phường", "Công việc",  "Tiêu chí",
                                         "Kinh phí (triệu đồng)", "Hạn",        "Trạng thái", NULL};
    t = office_table(&p, only_overdue ? "Công việc cam kết quá hạn" : "Công việc cam kết",
                     only_overdue ? "Không có công việc nào quá hạn." : "Chưa có công việc nào.", heads2, n_tasks, true);
    for (size_t i = 0; i < n_tasks; i++) {
        const struct ntm_office_row_data *x = &tasks[i];
        struct ntm_office_row *row = office_row(&p, t, arena_printf(r->arena, "nhiem-vu-%lld", (long long)x->id));
        office_cell(row, x->col[0], STR_NULL);
        office_cell(row, x->col[1], STR_NULL);
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[3].n ? x->col[3] : STR("—"), STR_NULL);
        office_cell(row,
                    x->col[4].n ? ntm_amount_format(r->arena, strtod(ntm_cstr(r->arena, x->col[4]), NULL), true) : STR("—"),
                    STR_NULL);
        office_cell(row, x->col[5].n ? x->col[5] : STR("—"), STR_NULL);
        long due = 0;
        if (x->col[5].n)
            office_int(x->col[5], 1900, 2200, &due);
        office_cell(row, ntm_task_state_text(r->arena, x->col[6], (int)due, year_now), STR_NULL);
        struct str action = arena_printf(r->arena, SPONSORS "nhiem-vu/%lld", (long long)x->id);
        for (const struct code_label *c = TASK_STATES; c->code; c++)
            if (!str_eq_lit(x->col[6], c->code))
                office_button(&p, row, action, "trang-thai", c->code, c->label);
    }
    struct ntm_office_form *fm = office_form(&p, "do-dau", "Phân công đỡ đầu", STR(SPONSORS), "Lưu", 6);
    office_field(&p, fm, "ten", "Tên đơn vị đỡ đầu", "text", STR_NULL);
    office_code_choices(&p, office_field(&p, fm, "loai", "Loại đơn vị", "select", STR_NULL), SPONSOR_KINDS,
                        "(chưa rõ)");
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã được đỡ đầu", "select", STR_NULL), true);
    office_field(&p, fm, "tu-nam", "Từ năm", "number", STR_NULL);
    office_field(&p, fm, "den-nam", "Đến năm (để trống nếu chưa định)", "number", STR_NULL);
    office_field(&p, fm, "quyet-dinh", "Quyết định phân công", "text", STR_NULL);
    fm = office_form(&p, "nhiem-vu", "Thêm công việc cam kết", STR(SPONSORS "nhiem-vu"), "Thêm", 6);
    struct ntm_office_field *fd = office_field(&p, fm, "do-dau", "Đơn vị đỡ đầu và xã", "select", STR_NULL);
    office_choice(&p, fd, STR(""), STR("(chọn)"), false);
    for (size_t i = 0; i < n; i++)
        office_choice(&p, fd, office_id_text(r->arena, rows[i].id),
                      arena_printf(r->arena, "%.*s — %.*s (từ %.*s)", (int)rows[i].col[2].n, rows[i].col[2].p,
                                   (int)rows[i].col[1].n, rows[i].col[1].p, (int)rows[i].col[4].n, rows[i].col[4].p),
                      false);
    office_field(&p, fm, "viec", "Công việc", "text", STR_NULL);
    if (office_criteria_choices(&p, office_field(&p, fm, "tieu-chi", "Tiêu chí liên quan", "select", STR_NULL),
                                office_set_now(r), "(không gắn tiêu chí)") != 0)
        return -1;
    fd = office_field(&p, fm, "kinh-phi", "Kinh phí cam kết (triệu đồng)", "text", STR_NULL);
    fd->hint = STR("Để trống nếu không phải tiền; viết 1.250,5 hoặc 1250.5.");
    office_field(&p, fm, "han", "Năm hoàn thành", "number", STR_NULL);
    office_code_choices(&p, office_field(&p, fm, "trang-thai", "Trạng thái", "select", STR("planned")), TASK_STATES,
                        NULL);
    return office_page_end(&p);
}

static int sponsors_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return sponsors_render(r, s, NULL);
}

static int w_sponsor(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_sponsor_assign(db, j->t1, j->t2, j->unit_id, (int)j->y1, (int)j->y2, j->t3, &j->made_id, err, errlen);
}

static int sponsor_add(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("do-dau")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, office_value(r, "don-vi"));
    struct str name = office_value(r, "ten"), kind = office_value(r, "loai"), decision = office_value(r, "quyet-dinh");
    long from = 0, to = 0;
    const char *bad;
    if ((bad = office_line_problem(name, 200, true)))
        office_problem(&st, "ten", str_cstr(bad));
    if (kind.n && !office_code_of(SPONSOR_KINDS, kind))
        office_problem(&st, "loai", STR("Hãy chọn loại đơn vị trong danh sách."));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    if (!office_int(office_value(r, "tu-nam"), 2000, 2100, &from))
        office_problem(&st, "tu-nam", STR("Năm bắt đầu phải từ 2000 đến 2100."));
    struct str to_text = office_value(r, "den-nam");
    if (to_text.n && (!office_int(to_text, 2000, 2100, &to) || to < from))
        office_problem(&st, "den-nam", STR("Năm kết thúc phải từ năm bắt đầu đến 2100, hoặc để trống."));
    if ((bad = office_line_problem(decision, 200, false)))
        office_problem(&st, "quyet-dinh", str_cstr(bad));
    if (st.n_problems)
        return sponsors_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "do-dau", SPONSORS, w_sponsor, sponsors_render, "ntm_sponsor_assign");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->t1 = office_keep(j, name);
    j->t2 = office_keep(j, kind);
    j->t3 = office_keep(j, decision);
    j->y1 = from;
    j->y2 = to;
    j->object = office_keep(j, unit->full_name);
    j->detail = office_keep(j, arena_printf(r->arena, "đỡ đầu: %.*s, từ %ld%s", (int)name.n, name.p, from,
                                            to ? ntm_cstr(r->arena, arena_printf(r->arena, " đến %ld", to)) : ""));
    return office_defer(r, j);
}

static int w_task(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    if (j->flag)
        return ntm_sponsor_task_set_state(db, j->id, j->c1, err, errlen);
    return ntm_sponsor_task_add(db, j->id, j->t1, j->ref_id, j->has_amount ? j->amount : NAN, (int)j->y1, j->c1,
                                &j->made_id, err, errlen);
}

static int task_add(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("nhiem-vu")};
    char province[16];
    if (ntm_home_province(r->db, province, sizeof province) < 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    if (ntm_office_list(r->db, NTM_LIST_SPONSORSHIPS, province, r->arena, &rows, &n, &more) != 0)
        return -1;
    int64_t sponsorship = office_id(office_value(r, "do-dau"));
    const struct ntm_office_row_data *chosen = NULL;
    for (size_t i = 0; sponsorship && i < n; i++)
        if (rows[i].id == sponsorship)
            chosen = &rows[i];
    if (!chosen)
        office_problem(&st, "do-dau", STR("Hãy chọn một phân công đỡ đầu trong danh sách."));
    struct str title = office_value(r, "viec");
    const char *bad = office_line_problem(title, 300, true);
    if (bad)
        office_problem(&st, "viec", str_cstr(bad));
    struct str label = STR("");
    struct str crit_text = office_value(r, "tieu-chi");
    int64_t criterion = 0;
    if (crit_text.n) {
        criterion = office_criterion_in(r, office_set_now(r), crit_text, &label);
        if (criterion < 0)
            return -1;
        if (!criterion)
            office_problem(&st, "tieu-chi", STR("Hãy chọn một tiêu chí trong danh sách."));
    }
    double amount = 0;
    struct str amount_text = office_value(r, "kinh-phi");
    if (amount_text.n && !office_amount_of(amount_text, &amount))
        office_problem(&st, "kinh-phi", office_amount_too_big(amount_text)
                                            ? STR("Kinh phí quá lớn: tối đa 1.000.000.000.000 triệu đồng.")
                                            : STR("Kinh phí phải là một số không âm, ví dụ 1.250,5."));
    long due = 0;
    struct str due_text = office_value(r, "han");
    if (due_text.n && !office_int(due_text, 2000, 2100, &due))
        office_problem(&st, "han", STR("Năm hoàn thành phải từ 2000 đến 2100, hoặc để trống."));
    else if (due && chosen) {
        /* within the sponsorship's years: a task due before it began
         * would be shown at once as overdue */
        long from = 0, to = 0;
        office_int(chosen->col[4], 1900, 2200, &from);
        if (chosen->col[5].n)
            office_int(chosen->col[5], 1900, 2200, &to);
        if ((from && due < from) || (to && due > to))
            office_problem(&st, "han",
                           to ? arena_printf(r->arena, "Năm hoàn thành phải trong thời gian đỡ đầu, từ %ld đến %ld.",
                                             from, to)
                              : arena_printf(r->arena, "Năm hoàn thành phải từ năm bắt đầu đỡ đầu (%ld) trở đi.", from));
    }
    const struct code_label *state = office_code_of(TASK_STATES, office_value(r, "trang-thai"));
    if (!state)
        office_problem(&st, "trang-thai", STR("Hãy chọn trạng thái."));
    if (st.n_problems)
        return sponsors_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "nhiem-vu", SPONSORS, w_task, sponsors_render, "ntm_sponsor_task_add");
    if (!j)
        return -1;
    j->id = sponsorship;
    j->t1 = office_keep(j, title);
    j->ref_id = criterion;
    j->has_amount = amount_text.n > 0;
    j->amount = amount;
    j->y1 = due;
    j->c1 = state->code;
    j->object = office_keep(j, arena_printf(r->arena, "%.*s — %.*s", (int)chosen->col[2].n, chosen->col[2].p,
                                            (int)chosen->col[1].n, chosen->col[1].p));
    j->detail = office_keep(j, arena_printf(r->arena, "công việc: %.*s (%s)", (int)title.n, title.p, state->label));
    return office_defer(r, j);
}

static int task_state(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    int64_t id = office_id(r->captures[0]);
    if (!id)
        return web_error(r, 404);
    const struct code_label *state = office_code_of(TASK_STATES, office_value(r, "trang-thai"));
    if (!state) {
        struct office_state st = {.status = 400, .error = STR("Trạng thái công việc không hợp lệ.")};
        return sponsors_render(r, s, &st);
    }
    struct office_job *j = office_job_new(r, s, "", SPONSORS, w_task, sponsors_render, "ntm_sponsor_task_state");
    if (!j)
        return -1;
    j->id = id;
    j->flag = true;
    j->c1 = state->code;
    j->object = office_keep(j, arena_printf(r->arena, "công việc đỡ đầu số %lld", (long long)id));
    j->detail = office_keep(j, arena_printf(r->arena, "trạng thái: %s", state->label));
    return office_defer(r, j);
}

void ntm_office_sponsors_register(void)
{
    static const struct office_route routes[] = {
        {SPONSORS, sponsors_page, sponsor_add},
        {SPONSORS "nhiem-vu", NULL, task_add},
        {SPONSORS "nhiem-vu/*", NULL, task_state},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
