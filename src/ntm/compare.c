/*
 * compare.c - /nong-thon-moi/so-sanh?tu=YYYY&den=YYYY: the province at the
 * end of two years side by side: for each criterion the communes meeting
 * it in each year and the change, and the communes that gained or lost
 * the NTM standard (every criterion met) between them. Accepted
 * assessments only; a year that is not a year, or that has no criteria
 * set, answers 400. Tagged "ntm", like the dashboard it compares.
 */
#include <string.h>

#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "templates.h"

static struct str signed_number(struct arena *a, int n)
{
    if (n == 0)
        return STR("0");
    struct str v = view_number(a, n < 0 ? -n : n);
    return arena_printf(a, "%s%.*s", n < 0 ? "−" : "+", (int)v.n, v.p);
}

/* "52 (69,3%)": a count of communes and its share of the year's units,
 * so that years with different numbers of units (a merger) compare. */
static struct str share(struct arena *a, int met, int units)
{
    struct str v = view_number(a, met);
    if (units <= 0)
        return v;
    struct str p = ntm_percent(a, met, units);
    return arena_printf(a, "%.*s (%.*s)", (int)v.n, v.p, (int)p.n, p.p);
}

static struct ntm_unit_line unit_line(struct arena *a, const struct ntm_unit_result *u, int year)
{
    return (struct ntm_unit_line){u->full_name,
                                  ntm_unit_url(a, u->code, u->criteria_met < 0 ? 0 : year),
                                  arena_printf(a, "%d/%d", u->criteria_met, u->criteria_total), STR("")};
}

static int compare_page(struct web_req *r)
{
    int from = ntm_year_named(r, "tu"), to = ntm_year_named(r, "den");
    if (from < 0 || to < 0 || (from == 0) != (to == 0))
        return web_error_saying(r, 400, STR("Hãy chọn hai năm để so sánh, \"từ năm\" và \"đến năm\" (bốn chữ số)."));
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return web_error(r, 404);
    struct ntm_dashboard a, b;
    if (!from) { /* no years asked: the first and the latest with data */
        rc = ntm_dashboard_read(r->db, code, 0, r->arena, &b);
        if (rc < 0)
            return -1;
        if (rc == 0 || b.n_years < 2)
            return web_error(r, 404);
        to = b.years[0];
        from = b.years[b.n_years - 1];
    }
    if (from >= to)
        return web_error_saying(r, 400, STR("Năm \"từ\" phải trước năm \"đến\"."));
    rc = ntm_dashboard_read(r->db, code, from, r->arena, &a);
    if (rc < 0)
        return -1;
    if (rc == 0 || !ntm_year_has_data(&a))
        return web_error_saying(r, 400, arena_printf(r->arena, "Năm %d chưa có kết quả đánh giá đã được duyệt để so sánh.", from));
    rc = ntm_dashboard_read(r->db, code, to, r->arena, &b);
    if (rc < 0)
        return -1;
    if (rc == 0 || !ntm_year_has_data(&b))
        return web_error_saying(r, 400, arena_printf(r->arena, "Năm %d chưa có kết quả đánh giá đã được duyệt để so sánh.", to));

    struct arena *ar = r->arena;
    struct ntm_compare_page p;
    memset(&p, 0, sizeof p);
    p.province = ntm_name_in_text(ar, b.province.full_name);
    p.from = arena_printf(ar, "%d", from);
    p.to = arena_printf(ar, "%d", to);
    /* versions of one set compare criterion by criterion (by number) */
    const char *root_a = ntm_set_for_year(a.year), *root_b = ntm_set_for_year(b.year);
    p.same_set = root_a && root_b && !strcmp(root_a, root_b);
    p.from_set = arena_printf(ar, "%.*s (%.*s)", (int)a.set_name.n, a.set_name.p, (int)a.set_decision.n,
                              a.set_decision.p);
    p.to_set = arena_printf(ar, "%.*s (%.*s)", (int)b.set_name.n, b.set_name.p, (int)b.set_decision.n,
                            b.set_decision.p);
    p.from_options = ARENA_ARRAY(ar, struct ntm_option, b.n_years + 1);
    p.to_options = ARENA_ARRAY(ar, struct ntm_option, b.n_years + 1);
    for (size_t i = b.n_years; i-- > 0;) {
        struct str y = arena_printf(ar, "%d", b.years[i]);
        p.from_options[p.n_from_options++] = (struct ntm_option){y, y, b.years[i] == from};
        p.to_options[p.n_to_options++] = (struct ntm_option){y, y, b.years[i] == to};
    }
    p.rows = ARENA_ARRAY(ar, struct ntm_compare_row, a.n_criteria + b.n_criteria + 4);
    p.rows[p.n_rows++] =
        (struct ntm_compare_row){STR("Số xã, phường của tỉnh"), STR(""), view_number(ar, a.units),
                                 view_number(ar, b.units), signed_number(ar, b.units - a.units)};
    if (a.units != b.units)
        p.units_changed = arena_printf(ar,
                                       "Năm %d tỉnh có %d xã, phường; năm %d có %d (sắp xếp đơn vị hành chính). Số "
                                       "trong ngoặc là tỷ lệ trên tổng số xã, phường của từng năm: hãy so sánh tỷ lệ.",
                                       from, a.units, to, b.units);
    /* A commune without an accepted result counts as not meeting anything:
     * the number assessed says how much of a fall is only missing reports. */
    p.rows[p.n_rows++] =
        (struct ntm_compare_row){STR("Có kết quả đánh giá đã được duyệt"), STR(""), share(ar, a.assessed, a.units),
                                 share(ar, b.assessed, b.units), signed_number(ar, b.assessed - a.assessed)};
    if (a.assessed < a.units || b.assessed < b.units)
        p.unassessed = arena_printf(ar,
                                    "Xã, phường chưa có kết quả đánh giá được duyệt: năm %d có %d, năm %d có %d. Các "
                                    "xã này không được tính là đạt tiêu chí nào trong bảng dưới đây.",
                                    from, a.units - a.assessed, to, b.units - b.assessed);
    p.rows[p.n_rows++] = (struct ntm_compare_row){
        STR("Đạt đủ các tiêu chí"), STR(""), share(ar, a.met, a.units),
        share(ar, b.met, b.units), signed_number(ar, b.met - a.met)};
    if (p.same_set) {
        for (size_t c = 0; c < b.n_criteria; c++) {
            const struct ntm_dashboard_criterion *x = NULL, *y = &b.criteria[c];
            for (size_t k = 0; k < a.n_criteria && !x; k++)
                if (str_eq(a.criteria[k].number, y->number))
                    x = &a.criteria[k];
            p.rows[p.n_rows++] = (struct ntm_compare_row){
                arena_printf(ar, "Tiêu chí %.*s. %.*s", (int)y->number.n, y->number.p, (int)y->name.n, y->name.p),
                arena_printf(ar, "/nong-thon-moi/tieu-chi/%lld?nam=%d", (long long)y->id, to),
                x ? share(ar, x->met, a.units) : STR("—"), share(ar, y->met, b.units),
                x ? signed_number(ar, y->met - x->met) : STR("—")};
        }
    } else {
        for (size_t c = 0; c < a.n_criteria; c++) {
            const struct ntm_dashboard_criterion *x = &a.criteria[c];
            p.rows[p.n_rows++] = (struct ntm_compare_row){
                arena_printf(ar, "Tiêu chí %.*s. %.*s (bộ năm %d)", (int)x->number.n, x->number.p, (int)x->name.n,
                             x->name.p, from),
                arena_printf(ar, "/nong-thon-moi/tieu-chi/%lld?nam=%d", (long long)x->id, from),
                share(ar, x->met, a.units), STR("—"), STR("—")};
        }
        for (size_t c = 0; c < b.n_criteria; c++) {
            const struct ntm_dashboard_criterion *y = &b.criteria[c];
            p.rows[p.n_rows++] = (struct ntm_compare_row){
                arena_printf(ar, "Tiêu chí %.*s. %.*s (bộ năm %d)", (int)y->number.n, y->number.p, (int)y->name.n,
                             y->name.p, to),
                arena_printf(ar, "/nong-thon-moi/tieu-chi/%lld?nam=%d", (long long)y->id, to), STR("—"),
                share(ar, y->met, b.units), STR("—")};
        }
    }

    /* communes that gained or lost the standard: both years' results */
    struct ntm_unit_result *ua, *ub;
    size_t na, nb;
    if (ntm_unit_results(r->db, code, from, ar, &ua, &na) != 0 ||
        ntm_unit_results(r->db, code, to, ar, &ub, &nb) != 0)
        return -1;
    p.gained = ARENA_ARRAY(ar, struct ntm_unit_line, nb + 1);
    p.lost = ARENA_ARRAY(ar, struct ntm_unit_line, nb + 1);
    p.formed = ARENA_ARRAY(ar, struct ntm_unit_line, nb + 1);
    p.merged = ARENA_ARRAY(ar, struct ntm_unit_line, na + 1);
    for (size_t i = 0; i < na; i++) { /* met the set, then merged away */
        bool kept = false;
        for (size_t j = 0; j < nb && !kept; j++)
            kept = str_eq(ub[(i + j) % nb].code, ua[i].code);
        if (!kept && ua[i].criteria_met >= 0 && ua[i].unit_state == NTM_MET)
            p.merged[p.n_merged++] = unit_line(ar, &ua[i], from);
    }
    for (size_t i = 0; i < nb; i++) {
        const struct ntm_unit_result *y = &ub[i], *x = NULL;
        for (size_t j = 0; j < na && !x; j++) /* same order, same units: nearly always j == i */
            if (str_eq(ua[(i + j) % na].code, y->code))
                x = &ua[(i + j) % na];
        if (!x && y->criteria_met >= 0 && y->unit_state == NTM_MET) /* formed since, meeting the set */
            p.formed[p.n_formed++] = unit_line(ar, y, to);
        if (!x || x->criteria_met < 0 || y->criteria_met < 0)
            continue;
        if (x->unit_state != NTM_MET && y->unit_state == NTM_MET)
            p.gained[p.n_gained++] = unit_line(ar, y, to);
        else if (x->unit_state == NTM_MET && y->unit_state != NTM_MET)
            p.lost[p.n_lost++] = unit_line(ar, y, to);
    }
    p.dashboard_url = arena_printf(ar, "/nong-thon-moi/?nam=%d", to);

    portal_layout(r, &p.layout,
                  arena_printf(ar, "So sánh nông thôn mới %.*s năm %d và năm %d", (int)p.province.n,
                               p.province.p, from, to));
    p.layout.description = STR("Số xã đạt từng tiêu chí nông thôn mới ở hai năm, và các xã đạt đủ các tiêu chí hoặc "
                               "không còn đạt đủ giữa hai năm.");
    layout_finish(&p.layout, ar);
    web_tag(r, "ntm");
    web_tag(r, "site");
    tpl_ntm_compare(portal_out(r), &p);
    return 0;
}

void ntm_compare_register(void)
{
    static const char *const params[] = {"tu", "den", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/so-sanh",
                              .get = compare_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
}
