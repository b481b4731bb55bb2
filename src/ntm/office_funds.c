/*
 * office_funds.c - the office's page for funds
 * (/quan-tri/nong-thon-moi/van-phong/nguon-von/): the money mobilised per
 * commune, year and source, in million VND.
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

#define FUNDS OFFICE_PATH "nguon-von/"

static const struct code_label SOURCES[] = {{"ngan_sach_tw", "Ngân sách trung ương"},
                                            {"ngan_sach_dp", "Ngân sách địa phương"},
                                            {"tin_dung", "Vốn tín dụng"},
                                            {"doanh_nghiep", "Doanh nghiệp"},
                                            {"cong_dong", "Cộng đồng dân cư"},
                                            {"khac", "Nguồn khác"},
                                            {NULL, NULL}};

static int funds_render(struct web_req *r, const struct people_session *s, const struct office_state *st)
{
    struct office_page p;
    if (office_page_begin(&p, r, s, st, "nguon-von/", "Nguồn vốn huy động",
                          "Kinh phí huy động cho xây dựng nông thôn mới theo xã, năm và nguồn (triệu đồng). Ghi lại "
                          "một xã, năm và nguồn đã có sẽ thay số cũ.") != 0)
        return -1;
    struct ntm_office_row_data *rows;
    size_t n;
    bool more;
    int page = office_list_page(&p);
    if (!page)
        return web_error_saying(r, 400, STR(OFFICE_BAD_PAGE));
    if (ntm_office_list_page(r->db, NTM_LIST_FUNDS, p.province, page, r->arena, &rows, &n, &more) != 0)
        return -1;
    if (page > 1 && n == 0)
        return web_error(r, 404);
    static const char *const heads[] = {"Năm", "Xã, phường", "Nguồn", "Số tiền (triệu đồng)", NULL};
    struct ntm_office_table *t = office_table(&p, "Nguồn vốn", "Chưa có số liệu nguồn vốn.", heads, n, false);
    office_table_pages(&p, t, FUNDS, page, more);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_office_row_data *x = &rows[i];
        struct ntm_office_row *row =
            office_row(&p, t,
                       arena_printf(r->arena, "von-%lld-%.*s-%.*s", (long long)x->id, (int)x->col[2].n, x->col[2].p,
                                    (int)x->col[3].n, x->col[3].p));
        office_cell(row, x->col[2], STR_NULL);
        office_cell(row, x->col[1], office_unit_url(r->arena, x->col[0]));
        office_cell(row, office_label_of(SOURCES, x->col[3]), STR_NULL);
        office_cell(row, ntm_amount_format(r->arena, strtod(ntm_cstr(r->arena, x->col[4]), NULL), true), STR_NULL);
    }
    struct ntm_office_form *fm = office_form(&p, "nguon-von", "Ghi nguồn vốn", STR(FUNDS), "Lưu", 4);
    office_unit_choices(&p, office_field(&p, fm, "don-vi", "Xã, phường", "select", STR_NULL), true);
    office_field(&p, fm, "nam", "Năm", "number", STR_NULL)->hint =
        arena_printf(r->arena, "Từ %d đến %d.", NTM_YEAR_FIRST, NTM_YEAR_LAST);
    office_code_choices(&p, office_field(&p, fm, "nguon", "Nguồn", "select", STR_NULL), SOURCES, "(chọn nguồn)");
    struct ntm_office_field *fd = office_field(&p, fm, "so-tien", "Số tiền (triệu đồng)", "text", STR_NULL);
    fd->hint = STR("Ví dụ 1.250,5 hoặc 1250.5.");
    return office_page_end(&p);
}

static int funds_page(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    return funds_render(r, s, NULL);
}

static int w_fund(struct store_conn *db, struct office_job *j, char *err, size_t errlen)
{
    return ntm_fund_set(db, j->unit_id, (int)j->y1, j->c1, j->amount, err, errlen);
}



static int fund_add(struct web_req *r)
{
    OFFICE_REQUIRE(r, s);
    struct office_state st = {.status = 400, .posted = &r->form, .form_id = STR("nguon-von")};
    struct ntm_unit *units;
    size_t n;
    if (office_home_units(r, &units, &n) < 0)
        return -1;
    const struct ntm_unit *unit = office_unit_in(units, n, office_value(r, "don-vi"));
    if (!unit)
        office_problem(&st, "don-vi", STR("Hãy chọn một xã, phường của tỉnh."));
    /* the same rule as the dashboard and its CSV (ntm_read_dashboard): a
     * year with a set in effect in the province, or the fund is never shown */
    long year = 0;
    char province[16], set[NTM_SET_CODE_MAX];
    int covered = 0;
    if (office_int(office_value(r, "nam"), NTM_YEAR_FIRST, NTM_YEAR_LAST, &year)) {
        int home = ntm_home_province(r->db, province, sizeof province);
        if (home < 0 || (home == 1 && (covered = ntm_set_in_effect(r->db, (int)year, province, set)) < 0))
            return -1;
    }
    if (covered != 1)
        office_problem(&st, "nam", arena_printf(r->arena, "Năm phải là một năm có bộ tiêu chí đang áp dụng, từ %d đến %d.",
                                                NTM_YEAR_FIRST, NTM_YEAR_LAST));
    const struct code_label *source = office_code_of(SOURCES, office_value(r, "nguon"));
    if (!source)
        office_problem(&st, "nguon", STR("Hãy chọn nguồn vốn."));
    double amount = 0;
    struct str typed = office_value(r, "so-tien");
    if (!office_amount_of(typed, &amount))
        office_problem(&st, "so-tien",
                       office_amount_too_big(typed) ? STR("Số tiền quá lớn: tối đa 1.000.000.000.000 triệu đồng.")
                                             : STR("Số tiền phải là một số không âm (triệu đồng), ví dụ 1.250,5."));
    if (st.n_problems)
        return funds_render(r, s, &st);
    struct office_job *j = office_job_new(r, s, "nguon-von", FUNDS, w_fund, funds_render, "ntm_fund_set");
    if (!j)
        return -1;
    j->unit_id = unit->id;
    j->y1 = year;
    j->c1 = source->code;
    j->amount = amount;
    j->object = office_keep(j, unit->full_name);
    struct str shown = ntm_amount_format(r->arena, amount, true);
    j->detail = office_keep(j, arena_printf(r->arena, "năm %ld, %s: %.*s triệu đồng", year, source->label,
                                            (int)shown.n, shown.p));
    return office_defer(r, j);
}

void ntm_office_funds_register(void)
{
    static const struct office_route routes[] = {
        {FUNDS, funds_page, fund_add},
    };
    office_routes_add(routes, sizeof routes / sizeof routes[0]);
}
