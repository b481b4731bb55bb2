/*
 * page.c - /nong-thon-moi/: the province at a glance, for a year (?nam=):
 * communes by the number of criteria they meet and, for each criterion,
 * how many communes meet it, each as an SVG chart drawn on the server with
 * its numbers in a table beside it, and the same data as CSV
 * (/nong-thon-moi/tong-hop.csv). Only accepted assessments count. Pages
 * are tagged "ntm": every write that changes a public summary touches it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "core/clock.h"
#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "templates.h"

static struct str result_name(int unit_state)
{
    return unit_state == NTM_MET       ? STR("Đạt đủ các tiêu chí")
           : unit_state == NTM_NOT_MET ? STR("Chưa đạt đủ các tiêu chí")
                                       : STR("Chưa xác định");
}

static struct str fund_source_name(struct str code);
static struct str plan_target_name(struct str status);
static struct str million(struct arena *a, double v);

/* The dashboard's recognitions by year, communes behind plan, funds by
 * source and models, for the province and year of d; `units` are the map's
 * (ntm_map_read of the same year). 0, or -1. */
static int dashboard_extras(struct web_req *r, struct ntm_dashboard_page *p, const struct ntm_dashboard *d,
                            const struct ntm_map_unit *units, size_t n)
{
    struct arena *a = r->arena;
    struct ntm_province_extras x;
    if (ntm_province_extras_read(r->db, d->province.code.p, d->year, a, &x) != 0)
        return -1;
    /* recognitions: three columns a year */
    static const char *const classes[] = {"bar", "bar bar-nc", "bar bar-km"};
    static const char *const names[] = {"đạt chuẩn nông thôn mới", "đạt chuẩn nông thôn mới nâng cao",
                                        "đạt chuẩn nông thôn mới kiểu mẫu"};
    int max = 1;
    for (size_t i = 0; i < x.n_recognitions; i++) {
        int v[3] = {x.recognitions[i].ntm, x.recognitions[i].nang_cao, x.recognitions[i].kieu_mau};
        for (int k = 0; k < 3; k++)
            if (v[k] > max)
                max = v[k];
    }
    int group = 3 * 18 + 14;
    p->rec_width = (int)x.n_recognitions * group + 8;
    p->rec_height = 220;
    p->rec_axis = 196;
    p->rec_bars = ARENA_ARRAY(a, struct ntm_bar, 3 * x.n_recognitions + 1);
    p->rec_ticks = ARENA_ARRAY(a, struct ntm_bar, x.n_recognitions + 1);
    p->rec_rows = ARENA_ARRAY(a, struct ntm_rec_line, x.n_recognitions + 1);
    for (size_t i = 0; i < x.n_recognitions; i++) {
        const struct ntm_recognition_year *y = &x.recognitions[i];
        int v[3] = {y->ntm, y->nang_cao, y->kieu_mau};
        for (int k = 0; k < 3; k++) {
            struct ntm_bar *b = &p->rec_bars[p->n_rec_bars++];
            b->x = (int)i * group + 8 + k * 18;
            b->width = 16;
            b->height = v[k] * 160 / max;
            b->y = p->rec_axis - b->height;
            b->text_x = b->x + 8;
            b->text_y = b->y - 4;
            b->value = v[k] ? view_number(a, v[k]) : STR("");
            b->label = arena_printf(a, "Năm %d: %d xã %s", y->year, v[k], names[k]);
            b->cls = classes[k];
        }
        struct ntm_bar *t = &p->rec_ticks[p->n_rec_ticks++];
        t->text_x = (int)i * group + 8 + 27;
        t->tick = arena_printf(a, "%d", y->year);
        p->rec_rows[p->n_rec_rows++] = (struct ntm_rec_line){t->tick, view_number(a, y->ntm),
                                                             view_number(a, y->nang_cao), view_number(a, y->kieu_mau)};
    }
    p->rec_csv_url = arena_printf(a, "/nong-thon-moi/cong-nhan.csv?nam=%d", d->year);

    /* behind plan: as the map's "status against plan", from the map's units */
    int year_now = ntm_year_now();
    p->behind = ARENA_ARRAY(a, struct ntm_unit_line, n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct ntm_map_unit *u = &units[i];
        int due = 0;
        struct str status = STR("");
        int ps = ntm_map_plan_state(u, d->year, year_now, &due, &status);
        if (ps < 0)
            continue;
        p->behind_planned++;
        if (ps != NTM_PLAN_BEHIND)
            continue;
        struct str target = plan_target_name(status); /* "Đạt chuẩn …", said mid-sentence as "đạt chuẩn …" */
        if (str_starts_with(target, STR("Đ")))
            target = ARENA_JOIN(a, STR("đ"), str_skip(target, strlen("Đ")));
        p->behind[p->n_behind++] = (struct ntm_unit_line){
            u->full_name, ntm_unit_url(a, u->code, u->criteria_met < 0 && !u->quarter ? 0 : d->year),
            u->criteria_met >= 0 ? arena_printf(a, "%d/%d", u->criteria_met, u->criteria_total)
            : u->quarter         ? arena_printf(a, "quý %d: %d/%d", u->quarter, u->quarter_met, u->quarter_total)
                                 : STR(""),
            arena_printf(a, "Kế hoạch %.*s năm %d", (int)target.n, target.p, due)};
    }

    /* funds by source: bars */
    double fmax = 1, total = 0;
    for (size_t i = 0; i < x.n_funds; i++) {
        if (x.funds[i].amount > fmax)
            fmax = x.funds[i].amount;
        total += x.funds[i].amount;
    }
    p->fund_width = 640;
    p->fund_height = (int)x.n_funds * 26 + 8;
    p->fund_bars = ARENA_ARRAY(a, struct ntm_bar, x.n_funds + 1);
    p->fund_rows = ARENA_ARRAY(a, struct ntm_row, x.n_funds + 1);
    double *amounts = ARENA_ARRAY(a, double, x.n_funds + 1);
    struct str *shares = ARENA_ARRAY(a, struct str, x.n_funds + 1);
    for (size_t i = 0; i < x.n_funds; i++)
        amounts[i] = x.funds[i].amount;
    ntm_shares(a, amounts, x.n_funds, shares); /* they add up to the footer's 100% */
    for (size_t i = 0; i < x.n_funds; i++) {
        const struct ntm_fund_total *f = &x.funds[i];
        struct ntm_bar *b = &p->fund_bars[p->n_fund_bars++];
        b->x = 170;
        b->y = (int)i * 26 + 4;
        b->height = 18;
        b->width = (int)(f->amount * 380 / fmax);
        b->text_x = b->x + b->width + 4;
        b->text_y = b->y + 14;
        b->tick = fund_source_name(f->source);
        b->value = million(a, f->amount);
        b->label = arena_printf(a, "%.*s: %.*s triệu đồng", (int)b->tick.n, b->tick.p, (int)b->value.n, b->value.p);
        p->fund_rows[p->n_fund_rows++] = (struct ntm_row){b->tick, b->value, shares[i], STR(""), STR("")};
    }
    p->fund_total = million(a, total);
    p->fund_csv_url = arena_printf(a, "/nong-thon-moi/nguon-luc.csv?nam=%d", d->year);

    /* models */
    p->model_rows = ARENA_ARRAY(a, struct ntm_row, 2);
    p->model_rows[p->n_model_rows++] = (struct ntm_row){STR("Khu dân cư kiểu mẫu"), view_number(a, x.areas_recognised),
                                                        view_number(a, x.areas), STR(""), STR("")};
    p->model_rows[p->n_model_rows++] = (struct ntm_row){STR("Vườn mẫu"), view_number(a, x.gardens_recognised),
                                                        view_number(a, x.gardens), STR(""), STR("")};
    return 0;
}

static int dashboard_page(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = ntm_read_dashboard_period(r, &d);
    if (rc <= 0)
        return rc;
    /* A year asked for by address with nothing accepted is no page, as on
     * the map; the dashboard's own address always answers. */
    if (web_param(r, "nam").p && ntm_year_is_empty(&d))
        return ntm_no_data_year(r, d.year);
    struct ntm_dashboard_page p;
    memset(&p, 0, sizeof p);
    p.province = ntm_name_in_text(r->arena, d.province.full_name);
    p.set_name = d.set_name;
    p.set_decision = d.set_decision;
    p.year = arena_printf(r->arena, "%d", d.year);
    p.has_data = d.assessed > 0;
    p.csv_url = arena_printf(r->arena, "/nong-thon-moi/tong-hop.csv?nam=%d", d.year);
    p.years = ARENA_ARRAY(r->arena, struct ntm_year_link, d.n_years + 1);
    for (size_t i = 0; i < d.n_years; i++)
        p.years[p.n_years++] =
            (struct ntm_year_link){arena_printf(r->arena, "%d", d.years[i]),
                                   arena_printf(r->arena, "/nong-thon-moi/?nam=%d", d.years[i]), d.years[i] == d.year};
    struct str met_share = ntm_percent(r->arena, d.met, d.assessed);
    p.summary = arena_printf(r->arena,
                             "Năm %d, %s trong %s xã, phường được đánh giá đạt đủ %zu tiêu chí (%.*s); "
                             "%s đơn vị chưa có kết quả được chấp nhận.",
                             d.year, view_number(r->arena, d.met).p, view_number(r->arena, d.assessed).p, d.n_criteria,
                             (int)met_share.n, met_share.p,
                             view_number(r->arena, d.units - d.assessed).p);
    if (d.n_quarters) {
        p.quarters = ARENA_ARRAY(r->arena, struct ntm_year_link, d.n_quarters + 2);
        for (size_t i = 0; i < d.n_quarters; i++)
            p.quarters[p.n_quarters++] = (struct ntm_year_link){
                arena_printf(r->arena, "Quý %d", d.quarters[i]),
                arena_printf(r->arena, "/nong-thon-moi/?ky=%d-Q%d", d.year, d.quarters[i]), d.quarters[i] == d.quarter};
        p.quarters[p.n_quarters++] = (struct ntm_year_link){
            STR("Cả năm"), arena_printf(r->arena, "/nong-thon-moi/?nam=%d", d.year), d.quarter == 0};
    }
    p.period = arena_printf(r->arena, "năm %d", d.year);
    if (d.quarter) {
        p.period_view = true;
        p.period = arena_printf(r->arena, "quý %d năm %d", d.quarter, d.year);
        p.csv_url = arena_printf(r->arena, "/nong-thon-moi/tong-hop.csv?ky=%d-Q%d", d.year, d.quarter);
        p.matrix_xlsx_url = arena_printf(r->arena, "/nong-thon-moi/ma-tran.xlsx?ky=%d-Q%d", d.year, d.quarter);
        p.matrix_csv_url = arena_printf(r->arena, "/nong-thon-moi/ma-tran.csv?ky=%d-Q%d", d.year, d.quarter);
        p.summary = arena_printf(r->arena,
                                 "Đến hết quý %d năm %d, theo các báo cáo tiến độ đã được chấp nhận, %s trong %s xã, "
                                 "phường có báo cáo đạt đủ %zu tiêu chí (%.*s); %s đơn vị chưa có báo cáo.",
                                 d.quarter, d.year, view_number(r->arena, d.met).p,
                                 view_number(r->arena, d.assessed).p, d.n_criteria,
                                 (int)met_share.n, met_share.p,
                                 view_number(r->arena, d.units - d.assessed).p);
    }

    /* column chart: k = 0..n criteria met */
    size_t nk = d.n_criteria + 1;
    int max = 1;
    for (size_t k = 0; k < nk; k++)
        if (d.by_count[k] > max)
            max = d.by_count[k];
    int step = nk > 12 ? 28 : 48;
    p.count_width = (int)nk * step + 8;
    p.count_height = 220;
    p.count_axis = 196;
    p.count_bars = ARENA_ARRAY(r->arena, struct ntm_bar, nk);
    p.count_rows = ARENA_ARRAY(r->arena, struct ntm_row, nk);
    /* each share rounded alone, as the headline's and each criterion's
     * (the headline's communes are the last row's): when they do not add
     * up to 100,0%, the table says why */
    long long tenths = 0;
    for (size_t k = 0; k < nk && d.assessed > 0; k++)
        tenths += ((long long)d.by_count[k] * 1000 + d.assessed / 2) / d.assessed;
    p.count_rounded = d.assessed > 0 && tenths != 1000;
    for (size_t k = 0; k < nk; k++) {
        int h = d.by_count[k] * 160 / max;
        struct ntm_bar *b = &p.count_bars[p.n_count_bars++];
        b->x = (int)k * step + 6;
        b->width = step - 8;
        b->height = h > 0 ? h : 0;
        b->y = p.count_axis - b->height;
        b->text_x = b->x + b->width / 2;
        b->text_y = b->y - 4;
        struct str n = view_number(r->arena, d.by_count[k]);
        b->label = arena_printf(r->arena, "%zu tiêu chí: %.*s xã", k, (int)n.n, n.p);
        b->value = d.by_count[k] ? n : STR("");
        b->tick = arena_printf(r->arena, "%zu", k);
        p.count_rows[p.n_count_rows++] = (struct ntm_row){arena_printf(r->arena, "%zu tiêu chí", k), n,
                                                          ntm_percent(r->arena, d.by_count[k], d.assessed), STR(""), STR("")};
    }

    /* bar chart: communes meeting each criterion */
    p.crit_width = 640;
    p.crit_height = (int)d.n_criteria * 22 + 8;
    p.crit_bars = ARENA_ARRAY(r->arena, struct ntm_bar, d.n_criteria + 1);
    p.crit_rows = ARENA_ARRAY(r->arena, struct ntm_row, d.n_criteria + 1);
    for (size_t c = 0; c < d.n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d.criteria[c];
        struct ntm_bar *b = &p.crit_bars[p.n_crit_bars++];
        b->x = 42;
        b->y = (int)c * 22 + 4;
        b->height = 16;
        b->width = d.assessed ? cr->met * 520 / d.assessed : 0;
        b->text_x = b->x + b->width + 4;
        b->text_y = b->y + 13;
        b->tick = arena_printf(r->arena, "TC %.*s", (int)cr->number.n, cr->number.p);
        b->label =
            arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)cr->number.n, cr->number.p, (int)cr->name.n, cr->name.p);
        b->value = view_number(r->arena, cr->met);
        struct str note = STR("");
        if (cr->recorded) {
            note = arena_printf(r->arena, "%d xã theo kết quả ghi nhận trực tiếp", cr->recorded);
            p.recorded_note = true;
        }
        if (cr->undetermined)
            note = arena_printf(r->arena, "%.*s%s%d xã chưa xác định", (int)note.n, note.p, note.n ? "; " : "",
                                cr->undetermined);
        p.crit_rows[p.n_crit_rows++] =
            (struct ntm_row){b->label, b->value, ntm_percent(r->arena, cr->met, d.assessed), note,
                             arena_printf(r->arena, "/nong-thon-moi/tieu-chi/%lld?nam=%d", (long long)cr->id, d.year)};
    }

    struct ntm_unit_result *units;
    size_t n_units;
    if (ntm_unit_results_period(r->db, d.province.code.p, d.year, d.quarter, r->arena, &units, &n_units) != 0)
        return -1;
    p.units = ARENA_ARRAY(r->arena, struct ntm_unit_line, n_units + 1);
    for (size_t i = 0; i < n_units && p.has_data; i++)
        p.units[p.n_units++] = (struct ntm_unit_line){
            units[i].full_name,
            /* the commune's page of that year: its result, or while it has
             * none its latest accepted quarter, and the quarters' table */
            ntm_unit_url(r->arena, units[i].code, units[i].criteria_met < 0 && !units[i].quarter ? 0 : d.year),
            units[i].criteria_met < 0 ? STR("")
                                      : arena_printf(r->arena, "%d/%d", units[i].criteria_met, units[i].criteria_total),
            units[i].criteria_met >= 0 ? result_name(units[i].unit_state)
            : units[i].quarter && !d.quarter
                ? arena_printf(r->arena, "Chưa có kết quả được chấp nhận cho cả năm; báo cáo quý %d: %d/%d tiêu chí",
                               units[i].quarter, units[i].quarter_met, units[i].quarter_total)
                : STR("Chưa có kết quả được chấp nhận")};
    struct ntm_map_unit *shapes;
    size_t n_shapes;
    if (p.has_data && !d.quarter) { /* a quarter: the counts only */
        if (ntm_map_read(r->db, d.province.code.p, d.year, 0, r->arena, &shapes, &n_shapes) != 0)
            return -1;
        ntm_map_build(r->arena, shapes, n_shapes, NTM_MAP_COUNT, d.year, &p.map);
        p.map.link = arena_printf(r->arena, "/nong-thon-moi/ban-do?nam=%d", d.year);
        p.map.title = arena_printf(r->arena, "Bản đồ thu nhỏ các xã, phường theo số tiêu chí đạt năm %d", d.year);
        if (ntm_map_units_note(r, &d, shapes, n_shapes, &p.map_note) != 0)
            return -1;
        if (dashboard_extras(r, &p, &d, shapes, n_shapes) != 0)
            return -1;
    }
    portal_layout(r, &p.layout,
                  d.quarter ? arena_printf(r->arena, "Nông thôn mới %.*s quý %d năm %d", (int)p.province.n,
                                           p.province.p, d.quarter, d.year)
                            : arena_printf(r->arena, "Nông thôn mới %.*s năm %d", (int)p.province.n, p.province.p,
                                           d.year));
    p.layout.description = STR("Kết quả xây dựng nông thôn mới của các xã, phường: số tiêu chí đạt và số xã đạt "
                               "từng tiêu chí.");
    layout_finish(&p.layout, r->arena);
    web_tag(r, "ntm");
    web_tag(r, "site");
    tpl_ntm_dashboard(portal_out(r), &p);
    return 0;
}

/* /nong-thon-moi/tong-hop.csv: the year's per-criterion summary, or a
 * quarter's (?ky=YYYY-Qn, as the dashboard of that quarter, with a column
 * naming the quarter). */
static int dashboard_csv(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = ntm_read_dashboard_period(r, &d);
    if (rc <= 0)
        return rc;
    if (ntm_year_is_empty(&d))
        return ntm_no_data_year(r, d.year);
    struct buf *b = r->body;
    ntm_csv_begin(r);
    struct str set =
        arena_printf(r->arena, "%.*s (%.*s)", (int)d.set_name.n, d.set_name.p, (int)d.set_decision.n, d.set_decision.p);
    ntm_csv_field(b, STR("Tỉnh/thành phố"), false);
    ntm_csv_field(b, STR("Năm"), false);
    if (d.quarter)
        ntm_csv_field(b, STR("Quý"), false);
    ntm_csv_field(b, STR("Bộ tiêu chí"), false);
    ntm_csv_field(b, STR("Tiêu chí"), false);
    ntm_csv_field(b, STR("Số xã đạt"), false);
    ntm_csv_field(b, STR("Số xã không đạt"), false);
    ntm_csv_field(b, STR("Số xã chưa xác định"), false);
    ntm_csv_field(b, STR("Trong đó đạt theo kết quả ghi nhận trực tiếp"), false);
    ntm_csv_field(b, STR("Số xã được đánh giá"), true);
    for (size_t c = 0; c < d.n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d.criteria[c];
        ntm_csv_field(b, d.province.full_name, false);
        ntm_csv_field(b, arena_printf(r->arena, "%d", d.year), false);
        if (d.quarter)
            ntm_csv_field(b, arena_printf(r->arena, "%d", d.quarter), false);
        ntm_csv_field(b, set, false);
        ntm_csv_field(b, arena_printf(r->arena, "%.*s. %.*s", (int)cr->number.n, cr->number.p, (int)cr->name.n, cr->name.p),
                  false);
        buf_printf(b, "%d,%d,%d,%d,%d\r\n", cr->met, cr->not_met, cr->undetermined, cr->recorded, d.assessed);
    }
    ntm_csv_finish(r, d.quarter ? arena_printf(r->arena, "nong-thon-moi-%d-Q%d.csv", d.year, d.quarter)
                                : arena_printf(r->arena, "nong-thon-moi-%d.csv", d.year));
    return 0;
}

/* /nong-thon-moi/nguon-luc.csv: the year's funds by source. */
static int funds_csv(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = ntm_read_dashboard(r, &d);
    if (rc <= 0)
        return rc;
    struct ntm_province_extras x;
    if (ntm_province_extras_read(r->db, d.province.code.p, d.year, r->arena, &x) != 0)
        return -1;
    /* funds recorded ahead (a year of the set with no result yet) are
     * exported; a year with none is no file */
    if (!x.n_funds) /* the dashboard offers no link then */
        return web_error_saying(r, 404, arena_printf(r->arena, "Năm %d chưa có số liệu nguồn lực được công bố.",
                                                     d.year));
    struct buf *b = r->body;
    ntm_csv_begin(r);
    ntm_csv_field(b, STR("Tỉnh/thành phố"), false);
    ntm_csv_field(b, STR("Năm"), false);
    ntm_csv_field(b, STR("Nguồn"), false);
    ntm_csv_field(b, STR("Kinh phí (triệu đồng)"), true);
    for (size_t i = 0; i < x.n_funds; i++) {
        ntm_csv_field(b, d.province.full_name, false);
        buf_printf(b, "%d,", d.year);
        ntm_csv_field(b, fund_source_name(x.funds[i].source), false);
        struct str amount = ntm_amount_format(r->arena, x.funds[i].amount, false);
        buf_printf(b, "%.*s\r\n", (int)amount.n, amount.p);
    }
    ntm_csv_finish(r, arena_printf(r->arena, "nguon-luc-%d.csv", d.year));
    return 0;
}

/* /nong-thon-moi/cong-nhan.csv: communes recognised by year and status, up to the year. */
static int recognitions_csv(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = ntm_read_dashboard(r, &d);
    if (rc <= 0)
        return rc;
    if (ntm_year_is_empty(&d))
        return ntm_no_data_year(r, d.year);
    struct ntm_province_extras x;
    if (ntm_province_extras_read(r->db, d.province.code.p, d.year, r->arena, &x) != 0)
        return -1;
    struct buf *b = r->body;
    ntm_csv_begin(r);
    ntm_csv_field(b, STR("Tỉnh/thành phố"), false);
    ntm_csv_field(b, STR("Năm"), false);
    ntm_csv_field(b, STR("Số xã đạt chuẩn nông thôn mới"), false);
    ntm_csv_field(b, STR("Số xã đạt chuẩn nông thôn mới nâng cao"), false);
    ntm_csv_field(b, STR("Số xã đạt chuẩn nông thôn mới kiểu mẫu"), true);
    for (size_t i = 0; i < x.n_recognitions; i++) {
        ntm_csv_field(b, d.province.full_name, false);
        buf_printf(b, "%d,%d,%d,%d\r\n", x.recognitions[i].year, x.recognitions[i].ntm, x.recognitions[i].nang_cao,
                   x.recognitions[i].kieu_mau);
    }
    ntm_csv_finish(r, arena_printf(r->arena, "cong-nhan-%d.csv", d.year));
    return 0;
}

/* A recognition as the page names it, for a unit of `kind` ("phuong":
 * "Phường đạt chuẩn nông thôn mới", not "Xã ..."). */
static struct str status_name(struct arena *a, struct str kind, struct str status, struct str act)
{
    const char *unit = str_eq_lit(kind, "phuong")     ? "Phường"
                       : str_eq_lit(kind, "dac_khu")  ? "Đặc khu"
                       : str_eq_lit(kind, "thi_tran") ? "Thị trấn"
                                                      : "Xã";
    const char *title = str_eq_lit(status, "nang_cao")   ? "nông thôn mới nâng cao"
                        : str_eq_lit(status, "kieu_mau") ? "nông thôn mới kiểu mẫu"
                        : str_eq_lit(status, "hien_dai") ? "nông thôn mới hiện đại"
                                                         : "đạt chuẩn nông thôn mới";
    struct str s = arena_printf(a, "%s %s", unit, title);
    if (str_eq_lit(act, "thu_hoi"))
        return str_cstr(str_eq_lit(status, "ntm") ? "Thu hồi công nhận đạt chuẩn nông thôn mới" : "Thu hồi công nhận");
    if (str_eq_lit(act, "thua_nhan"))
        return STR("Thừa nhận đạt chuẩn sau sáp nhập");
    if (str_eq_lit(act, "cong_nhan_lai"))
        return STR("Công nhận lại đạt chuẩn");
    return s;
}

/* A value as the page shows it: "85,5%", "45,2 triệu đồng/người/năm", "Có". */
static struct str value_text(struct arena *a, const struct ntm_report_indicator *i)
{
    if (!i->has_value)
        return STR("—");
    if (str_eq_lit(i->value_type, "met"))
        return i->value >= 0.5 ? STR("Có") : STR("Không");
    if (str_eq_lit(i->value_type, "level"))
        return i->value_text.n ? i->value_text : arena_printf(a, "Mức %.0f", i->value);
    char num[48];
    snprintf(num, sizeof num, "%.2f", i->value);
    size_t n = strlen(num);
    while (n > 0 && num[n - 1] == '0')
        num[--n] = '\0';
    if (n > 0 && num[n - 1] == '.')
        num[--n] = '\0';
    for (char *c = num; *c; c++)
        if (*c == '.')
            *c = ',';
    if (str_eq_lit(i->value_type, "percent"))
        return arena_printf(a, "%s%%", num);
    return i->unit.n ? arena_printf(a, "%s %.*s", num, (int)i->unit.n, i->unit.p) : arena_printf(a, "%s", num);
}

/* "2023-12-20" -> "20/12/2023". */
static struct str date_text(struct arena *a, struct str iso)
{
    if (iso.n != 10)
        return iso;
    return arena_printf(a, "%.2s/%.2s/%.4s", iso.p + 8, iso.p + 5, iso.p);
}

/* --- a commune's plan, sponsors, models and funds ---------------------------------- */

static const char *const FUND_SOURCES[][2] = {
    {"ngan_sach_tw", "Ngân sách trung ương"}, {"ngan_sach_dp", "Ngân sách địa phương"},
    {"tin_dung", "Vốn tín dụng"},             {"doanh_nghiep", "Doanh nghiệp"},
    {"cong_dong", "Cộng đồng dân cư"},        {"khac", "Nguồn khác"},
};
#define N_FUND_SOURCES (sizeof FUND_SOURCES / sizeof FUND_SOURCES[0])

/* The name of a fund source code; the code itself when unknown. */
static struct str fund_source_name(struct str code)
{
    for (size_t i = 0; i < N_FUND_SOURCES; i++)
        if (str_eq_lit(code, FUND_SOURCES[i][0]))
            return str_cstr(FUND_SOURCES[i][1]);
    return code;
}

static struct str plan_target_name(struct str status)
{
    return str_eq_lit(status, "nang_cao")   ? STR("Đạt chuẩn nông thôn mới nâng cao")
           : str_eq_lit(status, "kieu_mau") ? STR("Đạt chuẩn nông thôn mới kiểu mẫu")
           : str_eq_lit(status, "hien_dai") ? STR("Đạt chuẩn nông thôn mới hiện đại")
                                            : STR("Đạt chuẩn nông thôn mới");
}

static struct str model_state_name(struct str s)
{
    return str_eq_lit(s, "recognised") ? STR("Đã công nhận")
           : str_eq_lit(s, "building") ? STR("Đang xây dựng")
           : str_eq_lit(s, "revoked")  ? STR("Đã thu hồi công nhận")
                                       : STR("Đã đăng ký");
}

/* Million VND to the hundredth, the Vietnamese way: "1.234,5". */
static struct str million(struct arena *a, double v) { return ntm_amount_format(a, v, true); }

/* A line of the plan: its state against the plan at the end of `year`
 * (none when year is 0 or the state is unknown, -2). */
static struct ntm_plan_line plan_line(struct arena *a, struct str target, int due, int year, int state)
{
    struct ntm_plan_line l = {target, arena_printf(a, "%d", due), STR(""), false, false};
    if (year <= 0 || state == -2) {
        l.state = STR("Chưa có kết quả đánh giá");
        return l;
    }
    enum ntm_plan_state ps = ntm_plan_state(due, year, (enum ntm_state)state, ntm_year_now());
    l.state = str_cstr(ntm_plan_state_name(ps));
    l.behind = ps == NTM_PLAN_BEHIND;
    l.at_risk = ps == NTM_PLAN_AT_RISK;
    return l;
}

/* Fills the page's plan, sponsors, models and funds for unit `unit_id`,
 * seen at the end of `year` (0: the unit has no published year). 0, -1. */
static int unit_extras(struct web_req *r, struct ntm_unit_page *p, int64_t unit_id, int year)
{
    struct ntm_unit_extras x;
    if (ntm_unit_extras_read(r->db, unit_id, year, r->arena, &x) != 0)
        return -1;
    struct arena *a = r->arena;
    p->plan_year = arena_printf(a, "%d", year);
    p->plans = ARENA_ARRAY(a, struct ntm_plan_line, x.n_plans + 1);
    for (size_t i = 0; i < x.n_plans; i++)
        p->plans[p->n_plans++] =
            plan_line(a, plan_target_name(x.plans[i].status), x.plans[i].target_year, year, x.plans[i].state);
    p->plan_criteria = ARENA_ARRAY(a, struct ntm_plan_line, x.n_plan_criteria + 1);
    for (size_t i = 0; i < x.n_plan_criteria; i++) {
        const struct ntm_plan_criterion_row *c = &x.plan_criteria[i];
        p->plan_criteria[p->n_plan_criteria++] =
            plan_line(a,
                      arena_printf(a, "Tiêu chí %.*s. %.*s (%.*s)", (int)c->number.n, c->number.p, (int)c->name.n,
                                   c->name.p, (int)c->set_name.n, c->set_name.p),
                      c->target_year, year, c->state);
    }
    p->sponsors = ARENA_ARRAY(a, struct ntm_sponsor_block, x.n_sponsors + 1);
    for (size_t i = 0; i < x.n_sponsors; i++) {
        const struct ntm_sponsor_row *s = &x.sponsors[i];
        /* the year shown: an assignment that begins after it or ended before it is not that year's */
        if (s->year_from > year || (s->year_to && s->year_to < year))
            continue;
        struct ntm_sponsor_block *b = &p->sponsors[p->n_sponsors++];
        b->name = s->name;
        b->detail = arena_printf(a, "%.*s%sđỡ đầu từ năm %d%s", (int)s->kind.n, s->kind.p,
                                 s->kind.n ? "; " : "", s->year_from,
                                 s->year_to ? arena_printf(a, " đến năm %d", s->year_to).p : "");
        if (s->decision.n)
            b->detail = arena_printf(a, "%.*s; %.*s", (int)b->detail.n, b->detail.p, (int)s->decision.n, s->decision.p);
        b->tasks = ARENA_ARRAY(a, struct ntm_task_line, s->n_tasks + 1);
        for (size_t t = 0; t < s->n_tasks; t++) {
            const struct ntm_task_row *k = &s->tasks[t];
            b->tasks[b->n_tasks++] = (struct ntm_task_line){
                k->title, k->has_amount ? million(a, k->amount) : STR("—"),
                k->due_year ? arena_printf(a, "%d", k->due_year) : STR("—"),
                ntm_task_state_text(a, k->state, k->due_year, year)};
        }
    }
    int areas = 0, areas_done = 0, gardens = 0, gardens_done = 0;
    p->models = ARENA_ARRAY(a, struct ntm_model_line, x.n_models + 1);
    for (size_t i = 0; i < x.n_models; i++) {
        const struct ntm_model_row *m = &x.models[i];
        bool garden = str_eq_lit(m->kind, "vuon"), done = str_eq_lit(m->state, "recognised");
        if (garden) {
            gardens++;
            gardens_done += done;
        } else {
            areas++;
            areas_done += done;
        }
        p->models[p->n_models++] = (struct ntm_model_line){
            garden ? STR("Vườn mẫu") : STR("Khu dân cư kiểu mẫu"), m->name, model_state_name(m->state),
            m->year ? arena_printf(a, "%d", m->year) : STR("—")};
    }
    if (x.n_models)
        p->models_summary = arena_printf(a,
                                         "%d khu dân cư kiểu mẫu (%d đã được công nhận), %d vườn mẫu (%d đã được "
                                         "công nhận).",
                                         areas, areas_done, gardens, gardens_done);
    /* funds: one row per year, one column per source that has money */
    bool used[N_FUND_SOURCES] = {false};
    for (size_t i = 0; i < x.n_funds; i++)
        for (size_t k = 0; k < N_FUND_SOURCES; k++)
            if (str_eq_lit(x.funds[i].source, FUND_SOURCES[k][0]))
                used[k] = true;
    size_t col[N_FUND_SOURCES], n_cols = 0;
    p->fund_sources = ARENA_ARRAY(a, struct str, N_FUND_SOURCES);
    for (size_t k = 0; k < N_FUND_SOURCES; k++)
        if (used[k]) {
            col[k] = n_cols;
            p->fund_sources[n_cols++] = str_cstr(FUND_SOURCES[k][1]);
        }
    p->n_fund_sources = n_cols;
    p->funds = ARENA_ARRAY(a, struct ntm_fund_line, x.n_funds + 1);
    double *sums = ARENA_ARRAY(a, double, N_FUND_SOURCES + 1);
    for (size_t i = 0; i < x.n_funds;) {
        int y = x.funds[i].year;
        memset(sums, 0, sizeof(double) * (N_FUND_SOURCES + 1));
        bool *has = ARENA_ARRAY(a, bool, N_FUND_SOURCES);
        for (; i < x.n_funds && x.funds[i].year == y; i++)
            for (size_t k = 0; k < N_FUND_SOURCES; k++)
                if (str_eq_lit(x.funds[i].source, FUND_SOURCES[k][0])) {
                    sums[k] += x.funds[i].amount;
                    sums[N_FUND_SOURCES] += x.funds[i].amount;
                    has[k] = true;
                }
        struct ntm_fund_line *l = &p->funds[p->n_funds++];
        l->year = arena_printf(a, "%d", y);
        l->total = million(a, sums[N_FUND_SOURCES]);
        l->cells = ARENA_ARRAY(a, struct str, n_cols + 1);
        l->n_cells = n_cols;
        for (size_t k = 0; k < N_FUND_SOURCES; k++)
            if (used[k])
                l->cells[col[k]] = has[k] ? million(a, sums[k]) : STR("—");
    }
    return 0;
}

static int unit_page(struct web_req *r)
{
    int year = ntm_year_param(r);
    if (year < 0)
        return ntm_bad_year(r);
    struct str code = r->captures[0];
    if (code.n == 0 || code.n > 10)
        return web_error(r, 404);
    for (size_t i = 0; i < code.n; i++)
        if (code.p[i] < '0' || code.p[i] > '9')
            return web_error(r, 404);
    const char *code_z = ntm_cstr(r->arena, code);
    struct ntm_report d;
    int rc = ntm_report_read(r->db, code_z, year, r->arena, &d);
    if (rc < 0)
        return -1;
    /* no current unit: a former one, for a year it stood, has its own page
     * (the dashboards of the years before a merger list it, each criterion
     * and indicator as accepted then) */
    bool former = false;
    if (rc == 0 && d.unit.id == 0 && year) {
        rc = ntm_report_read_former(r->db, code_z, year, r->arena, &d);
        if (rc < 0)
            return -1;
        former = rc == 1 && d.year == year;
        if (!former) {
            rc = 0;
            memset(&d, 0, sizeof d);
        }
    }
    if (rc == 0 && d.unit.id == 0) { /* no current unit: a former one is shown on its successor's page */
        struct str to;
        int found = ntm_unit_successor(r->db, code_z, r->arena, &to);
        if (found < 0)
            return -1;
        /* for good: the former commune's results, every year of them, are on
         * its successor's page (without ?nam=: the successor has no page for
         * a year before it was formed) */
        if (found)
            return web_redirect(r, 301, arena_printf(r->arena, "/nong-thon-moi/xa/%.*s#former-title", (int)to.n, to.p));
    }
    if (rc == 0 && d.years && year) { /* a commune, with nothing accepted for the year asked */
        char latest[48] = "";
        if (d.n_years)
            snprintf(latest, sizeof latest, " Năm có kết quả gần nhất: %d.", d.years[0].year);
        return web_error_saying(r, 404,
                                arena_printf(r->arena,
                                             "%.*s chưa có kết quả đánh giá nào được Văn phòng Điều phối chấp nhận "
                                             "cho năm %d.%s",
                                             (int)d.unit.full_name.n, d.unit.full_name.p, year, latest));
    }
    if (rc == 0)
        return web_error(r, 404);
    struct ntm_unit_page p;
    memset(&p, 0, sizeof p);
    p.name = d.unit.full_name;
    p.province = ntm_name_in_text(r->arena, d.province.full_name);
    /* the province's page of what this page shows: the year, or the quarter */
    p.province_url = d.quarter ? arena_printf(r->arena, "/nong-thon-moi/?ky=%d-Q%d", d.year, d.quarter)
                     : d.year  ? arena_printf(r->arena, "/nong-thon-moi/?nam=%d", d.year)
                               : STR("/nong-thon-moi/");
    p.former_district = d.unit.former_district;
    p.has_data = d.year > 0;
    p.year = arena_printf(r->arena, "%d", d.year);
    p.set_name = d.set_name;
    p.set_decision = d.set_decision;
    if (d.group.n)
        p.classification = arena_printf(r->arena, "xã nhóm %.*s", (int)d.group.n, d.group.p);
    else if (d.region.n)
        p.classification = arena_printf(r->arena, "vùng %.*s", (int)d.region.n, d.region.p);

    p.period = d.quarter ? arena_printf(r->arena, "quý %d năm %d", d.quarter, d.year)
                         : arena_printf(r->arena, "năm %d", d.year);
    if (d.quarter)
        p.period_note = arena_printf(r->arena,
                                     "Năm %d chưa có kết quả cả năm được chấp nhận; dưới đây là kết quả theo báo cáo "
                                     "quý %d năm %d đã được Văn phòng Điều phối chấp nhận.",
                                     d.year, d.quarter, d.year);
    /* the years to choose: those with a result, and those with accepted
     * quarterly reports only, newest first */
    p.years = ARENA_ARRAY(r->arena, struct ntm_year_link, d.n_years + d.n_quarter_years + 1);
    p.trend = ARENA_ARRAY(r->arena, struct ntm_trend_line, d.n_years + 1);
    size_t next_quarter_year = 0;
    for (size_t i = 0; i <= d.n_years; i++) {
        int before = i < d.n_years ? d.years[i].year : 0;
        for (; next_quarter_year < d.n_quarter_years && d.quarter_years[next_quarter_year] > before;
             next_quarter_year++) {
            int qy = d.quarter_years[next_quarter_year];
            p.years[p.n_years++] = (struct ntm_year_link){arena_printf(r->arena, "%d", qy),
                                                          ntm_unit_url(r->arena, d.unit.code, qy), qy == d.year};
        }
        if (i == d.n_years)
            break;
        const struct ntm_report_year *y = &d.years[i];
        if (i == 0 || y->year != d.years[i - 1].year)
            p.years[p.n_years++] = (struct ntm_year_link){
                arena_printf(r->arena, "%d", y->year),
                ntm_unit_url(r->arena, d.unit.code, y->year),
                y->year == d.year};
        p.trend[p.n_trend++] = (struct ntm_trend_line){
            arena_printf(r->arena, "%d", y->year), y->set_name,
            arena_printf(r->arena, "%d/%d", y->criteria_met, y->criteria_total), result_name(y->unit_state)};
    }
    p.recognitions = ARENA_ARRAY(r->arena, struct ntm_recognition_line, d.n_recognitions + 1);
    for (size_t i = 0; i < d.n_recognitions; i++) {
        const struct ntm_report_recognition *x = &d.recognitions[i];
        p.recognitions[p.n_recognitions++] = (struct ntm_recognition_line){
            status_name(r->arena, d.unit.kind, x->status, x->act), x->decision_no, date_text(r->arena, x->decided_on), x->issuer, STR("")};
    }
    int met = 0;
    p.criteria = ARENA_ARRAY(r->arena, struct ntm_criterion_block, d.n_criteria + 1);
    for (size_t c = 0; c < d.n_criteria; c++) {
        const struct ntm_report_criterion *cr = &d.criteria[c];
        struct ntm_criterion_block *b = &p.criteria[p.n_criteria++];
        b->title =
            arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)cr->number.n, cr->number.p, (int)cr->name.n, cr->name.p);
        b->state = str_cstr(ntm_state_name(cr->state));
        b->met = cr->state == NTM_MET;
        b->not_met = cr->state == NTM_NOT_MET;
        met += b->met;
        if (!cr->indicators_loaded)
            b->note = STR("chưa có danh mục chỉ tiêu; kết quả do Văn phòng Điều phối ghi nhận");
        else if (cr->recorded)
            b->note = STR("có chỉ tiêu chưa rõ mức yêu cầu; kết quả do Văn phòng Điều phối ghi nhận");
        b->indicators = ARENA_ARRAY(r->arena, struct ntm_indicator_line, cr->n_indicators + 1);
        for (size_t i = 0; i < cr->n_indicators; i++) {
            const struct ntm_report_indicator *x = &cr->indicators[i];
            b->indicators[b->n_indicators++] =
                (struct ntm_indicator_line){x->code,
                                            x->name,
                                            value_text(r->arena, x),
                                            x->target.n && !str_eq_lit(x->target, "?") ? x->target : STR("Chưa rõ"),
                                            str_cstr(ntm_ind_state_name((enum ntm_ind_state)x->state)),
                                            x->state == NTM_IND_MET,
                                            x->state == NTM_IND_NOT_MET};
        }
    }
    p.summary = arena_printf(r->arena, "Đạt %d trên %zu tiêu chí.", met, d.n_criteria);
    if (former) { /* said above its results, with the unit it is part of now */
        struct str to = STR_NULL;
        struct ntm_unit now = {0};
        if (ntm_unit_successor(r->db, code_z, r->arena, &to) < 0 ||
            (to.n && ntm_unit_by_code(r->db, ntm_cstr(r->arena, to), r->arena, &now) < 0))
            return -1;
        p.period_note =
            now.full_name.n
                ? arena_printf(r->arena, "%.*s là đơn vị hành chính cũ, nay thuộc %.*s; dưới đây là kết quả năm %d của "
                                         "đơn vị cũ.",
                               (int)d.unit.full_name.n, d.unit.full_name.p, (int)now.full_name.n, now.full_name.p, d.year)
                : arena_printf(r->arena, "%.*s là đơn vị hành chính cũ; dưới đây là kết quả năm %d của đơn vị cũ.",
                               (int)d.unit.full_name.n, d.unit.full_name.p, d.year);
    }
    if (unit_extras(r, &p, d.unit.id, d.year) != 0)
        return -1;
    if (ntm_unit_page_more(r, &p, &d) != 0)
        return -1;

    portal_layout(r, &p.layout,
                  arena_printf(r->arena, "%.*s: nông thôn mới", (int)d.unit.full_name.n, d.unit.full_name.p));
    struct str unit_in_text = ntm_name_in_text(r->arena, d.unit.full_name);
    p.layout.description =
        arena_printf(r->arena, "Kết quả xây dựng nông thôn mới của %.*s, %.*s.", (int)unit_in_text.n,
                     unit_in_text.p, (int)p.province.n, p.province.p);
    layout_finish(&p.layout, r->arena);
    web_tag(r, "ntm:unit:%.*s", (int)d.unit.code.n, d.unit.code.p);
    web_tag(r, "ntm:ref");
    web_tag(r, "site");
    tpl_ntm_unit(portal_out(r), &p);
    return 0;
}

static int criterion_page(struct web_req *r)
{
    int year = ntm_year_param(r);
    if (year < 0)
        return ntm_bad_year(r);
    struct str id_text = r->captures[0];
    int64_t id = 0;
    if (id_text.n == 0 || id_text.n > 12 || id_text.p[0] == '0') /* one address per criterion */
        return web_error(r, 404);
    for (size_t i = 0; i < id_text.n; i++) {
        if (id_text.p[i] < '0' || id_text.p[i] > '9')
            return web_error(r, 404);
        id = id * 10 + (id_text.p[i] - '0');
    }
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 0)
        return web_error(r, 404);
    struct ntm_criterion_report d;
    rc = ntm_criterion_report_read(r->db, code, id, year, r->arena, &d);
    if (rc < 0)
        return -1;
    if (rc == 0 && d.name.p && year) /* the criterion, of a set that does not apply that year */
        return web_error_saying(r, 404,
                                arena_printf(r->arena, "Tiêu chí số %.*s (%.*s) thuộc %.*s, không áp dụng cho năm %d.",
                                             (int)d.number.n, d.number.p, (int)d.name.n, d.name.p,
                                             (int)d.set_name.n, d.set_name.p, year));
    if (rc == 0)
        return web_error(r, 404);
    struct ntm_dashboard dash;
    if (ntm_dashboard_read(r->db, code, d.year, r->arena, &dash) < 0)
        return -1;
    if (!ntm_year_has_data(&dash))
        return ntm_no_data_year(r, d.year);

    struct ntm_criterion_page p;
    memset(&p, 0, sizeof p);
    p.title = arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)d.number.n, d.number.p, (int)d.name.n, d.name.p);
    p.set_name = d.set_name;
    p.set_decision = d.set_decision;
    p.province = ntm_name_in_text(r->arena, dash.province.full_name);
    p.province_url = d.year ? arena_printf(r->arena, "/nong-thon-moi/?nam=%d", d.year) : STR("/nong-thon-moi/");
    if (!d.indicators_loaded)
        p.note = STR("Danh mục chỉ tiêu của tiêu chí này chưa có trong hệ thống; kết quả do Văn phòng Điều phối "
                     "ghi nhận trực tiếp.");
    p.has_data = d.n_met + d.n_not_met + d.n_undetermined > 0;
    p.year = arena_printf(r->arena, "%d", d.year);
    p.years = ARENA_ARRAY(r->arena, struct ntm_year_link, dash.n_years + 1);
    for (size_t i = 0; i < dash.n_years; i++)
        if (ntm_set_for_year(dash.years[i]) && ntm_set_for_year(d.year) &&
            !strcmp(ntm_set_for_year(dash.years[i]), ntm_set_for_year(d.year)))
            p.years[p.n_years++] = (struct ntm_year_link){
                arena_printf(r->arena, "%d", dash.years[i]),
                arena_printf(r->arena, "/nong-thon-moi/tieu-chi/%lld?nam=%d", (long long)id, dash.years[i]),
                dash.years[i] == d.year};
    p.responsible = ARENA_ARRAY(r->arena, struct str, d.n_responsible + 1);
    for (size_t i = 0; i < d.n_responsible; i++) {
        const struct ntm_responsible_row *x = &d.responsible[i];
        p.responsible[p.n_responsible++] = arena_printf(r->arena, "%.*s%s", (int)x->name.n, x->name.p,
                                                        str_eq_lit(x->role, "lead") ? " (chủ trì)" : " (phối hợp)");
    }
    struct {
        const struct ntm_unit_result *from;
        size_t n;
        struct ntm_unit_line **to;
        size_t *n_to;
    } groups[] = {{d.met, d.n_met, &p.met, &p.n_met},
                  {d.not_met, d.n_not_met, &p.not_met, &p.n_not_met},
                  {d.undetermined, d.n_undetermined, &p.undetermined, &p.n_undetermined}};
    for (size_t g = 0; g < 3; g++) {
        *groups[g].to = ARENA_ARRAY(r->arena, struct ntm_unit_line, groups[g].n + 1);
        for (size_t i = 0; i < groups[g].n; i++) {
            const struct ntm_unit_result *u = &groups[g].from[i];
            (*groups[g].to)[(*groups[g].n_to)++] = (struct ntm_unit_line){
                u->full_name,
                ntm_unit_url(r->arena, u->code, d.year),
                u->unit_state ? STR("kết quả ghi nhận trực tiếp") : STR(""), STR("")};
        }
    }
    p.met_title = arena_printf(r->arena, "Xã, phường đạt tiêu chí năm %d: %zu", d.year, d.n_met);
    p.not_met_title = arena_printf(r->arena, "Xã, phường chưa đạt năm %d: %zu", d.year, d.n_not_met);
    p.undetermined_title = arena_printf(r->arena, "Chưa xác định năm %d: %zu", d.year, d.n_undetermined);

    portal_layout(
        r, &p.layout,
        arena_printf(r->arena, "%.*s: nông thôn mới %.*s", (int)p.title.n, p.title.p, (int)p.province.n, p.province.p));
    layout_finish(&p.layout, r->arena);
    web_tag(r, "ntm:crit:%lld", (long long)id);
    web_tag(r, "ntm"); /* it sums over units, whichever version of the set they report under */
    web_tag(r, "ntm:ref");
    web_tag(r, "site");
    tpl_ntm_criterion(portal_out(r), &p);
    return 0;
}

/* --- a test hook (only with --test-hooks) ------------------------------------------- */

struct state_job {
    struct web_job job;
    int64_t id;
    enum ntm_assessment_state state;
    char error[256];
};

/* On a worker: an assessment changes state through the module's write,
 * which invalidates the pages it changes. */
static void state_work(struct web_job *job, struct store_conn *db)
{
    struct state_job *p = (struct state_job *)job;
    if (ntm_assessment_set_state(db, p->id, p->state, clock_now(), p->error, sizeof p->error) != 0 && !p->error[0])
        snprintf(p->error, sizeof p->error, "refused");
}

static int state_finish(struct web_req *r, struct web_job *job)
{
    struct state_job *p = (struct state_job *)job;
    r->status = p->error[0] ? 400 : 200;
    buf_printf(r->body, "{\"assessment\": %lld, \"ok\": %s}\n", (long long)p->id, p->error[0] ? "false" : "true");
    r->content_type = "application/json";
    r->cacheable = false;
    return 0;
}

/* POST /__test/ntm-state?id=ID&trang-thai=accepted|returned|submitted|draft */
static int hook_state(struct web_req *r)
{
    unsigned long long id;
    struct str s = web_param(r, "trang-thai");
    enum ntm_assessment_state state;
    if (str_eq_lit(s, "accepted"))
        state = NTM_ACCEPTED;
    else if (str_eq_lit(s, "returned"))
        state = NTM_RETURNED;
    else if (str_eq_lit(s, "submitted"))
        state = NTM_SUBMITTED;
    else if (str_eq_lit(s, "draft"))
        state = NTM_DRAFT;
    else
        return web_error(r, 400);
    if (!str_to_u64(web_param(r, "id"), &id))
        return web_error(r, 400);
    struct state_job *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->job.work = state_work;
    p->job.finish = state_finish;
    p->id = (int64_t)id;
    p->state = state;
    return web_defer(r, &p->job);
}

void ntm_register(void)
{
    ntm_kept_init();
    ntm_map_register();
    ntm_open_register();
    ntm_api_register();
    ntm_compare_register();
    ntm_national_register();
    static const char *const params[] = {"nam", NULL};
    static const char *const period_params[] = {"nam", "ky", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/",
                              .get = dashboard_page,
                              .known_params = period_params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/xa/*",
                              .get = unit_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/tieu-chi/*",
                              .get = criterion_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/__test/ntm-state", .post = hook_state, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/nong-thon-moi/nguon-luc.csv",
                              .get = funds_csv,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/nong-thon-moi/cong-nhan.csv",
                              .get = recognitions_csv,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/nong-thon-moi/tong-hop.csv",
                              .get = dashboard_csv,
                              .known_params = period_params,
                              .flags = ROUTE_CACHEABLE});
}
