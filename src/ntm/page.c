/*
 * page.c - /nong-thon-moi/: the province at a glance, for a year (?nam=):
 * communes by the number of criteria they meet and, for each criterion,
 * how many communes meet it, each as an SVG chart drawn on the server with
 * its numbers in a table beside it, and the same data as CSV
 * (/nong-thon-moi/tong-hop.csv). Only accepted assessments count. Pages
 * are tagged "ntm": every write that changes a public summary touches it.
 */
#include <stdio.h>
#include <string.h>

#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "templates.h"

#define YEAR_MIN 2000
#define YEAR_MAX 2100

/* ?nam=YYYY: 0 when absent; -1 when it is not a year. */
static int year_param(struct web_req *r)
{
    struct str v = web_param(r, "nam");
    if (!v.p)
        return 0;
    if (v.n != 4)
        return -1;
    int y = 0;
    for (size_t i = 0; i < 4; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -1;
        y = y * 10 + (v.p[i] - '0');
    }
    return y >= YEAR_MIN && y <= YEAR_MAX ? y : -1;
}

/* "12,5%" of n in total. */
static struct str share(struct arena *a, int n, int total)
{
    if (total <= 0)
        return STR("");
    long long x = ((long long)n * 1000 + total / 2) / total;
    return arena_printf(a, "%lld,%lld%%", x / 10, x % 10);
}

/* Reads the dashboard for the request: 1 with d filled, 0 for a 404
 * (answered), -1 on a failure. */
static int read_dashboard(struct web_req *r, struct ntm_dashboard *d)
{
    int year = year_param(r);
    if (year < 0) {
        web_error(r, 400);
        return 0;
    }
    char code[16];
    int rc = ntm_home_province(r->db, code, sizeof code);
    if (rc < 0)
        return -1;
    if (rc == 0) {
        web_error(r, 404);
        return 0;
    }
    rc = ntm_dashboard_read(r->db, code, year, r->arena, d);
    if (rc < 0)
        return -1;
    if (rc == 0 && year) {
        web_error(r, 404);
        return 0;
    }
    return 1;
}

static int dashboard_page(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = read_dashboard(r, &d);
    if (rc <= 0)
        return rc;
    struct ntm_dashboard_page p;
    memset(&p, 0, sizeof p);
    p.province = d.province.full_name;
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
    p.summary = arena_printf(r->arena,
                             "Năm %d, %s trong %s xã, phường được đánh giá đạt đủ %zu tiêu chí (%.*s); "
                             "%s đơn vị chưa có kết quả được chấp nhận.",
                             d.year, view_number(r->arena, d.met).p, view_number(r->arena, d.assessed).p, d.n_criteria,
                             (int)share(r->arena, d.met, d.assessed).n, share(r->arena, d.met, d.assessed).p,
                             view_number(r->arena, d.units - d.assessed).p);

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
                                                          share(r->arena, d.by_count[k], d.assessed), STR("")};
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
        p.crit_rows[p.n_crit_rows++] = (struct ntm_row){b->label, b->value, share(r->arena, cr->met, d.assessed), note};
    }

    portal_layout(r, &p.layout,
                  arena_printf(r->arena, "Nông thôn mới %.*s năm %d", (int)d.province.full_name.n,
                               d.province.full_name.p, d.year));
    p.layout.description = STR("Kết quả xây dựng nông thôn mới của các xã, phường: số tiêu chí đạt và số xã đạt "
                               "từng tiêu chí.");
    layout_finish(&p.layout, r->arena);
    web_tag(r, "ntm");
    web_tag(r, "site");
    tpl_ntm_dashboard(portal_out(r), &p);
    return 0;
}

/* A CSV field, quoted when it needs to be. */
static void csv_field(struct buf *b, struct str s, bool last)
{
    bool quote =
        memchr(s.p ? s.p : "", ',', s.n) || memchr(s.p ? s.p : "", '"', s.n) || memchr(s.p ? s.p : "", '\n', s.n);
    if (quote) {
        buf_putc(b, '"');
        for (size_t i = 0; i < s.n; i++) {
            if (s.p[i] == '"')
                buf_putc(b, '"');
            buf_putc(b, s.p[i]);
        }
        buf_putc(b, '"');
    } else
        buf_put(b, s);
    buf_puts(b, last ? "\r\n" : ",");
}

static int dashboard_csv(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = read_dashboard(r, &d);
    if (rc <= 0)
        return rc;
    struct buf *b = r->body;
    buf_puts(b, "\xEF\xBB\xBF"); /* a BOM, so that Excel reads UTF-8 */
    struct str set =
        arena_printf(r->arena, "%.*s (%.*s)", (int)d.set_name.n, d.set_name.p, (int)d.set_decision.n, d.set_decision.p);
    csv_field(b, STR("Tỉnh/thành phố"), false);
    csv_field(b, STR("Năm"), false);
    csv_field(b, STR("Bộ tiêu chí"), false);
    csv_field(b, STR("Tiêu chí"), false);
    csv_field(b, STR("Số xã đạt"), false);
    csv_field(b, STR("Số xã không đạt"), false);
    csv_field(b, STR("Số xã chưa xác định"), false);
    csv_field(b, STR("Trong đó đạt theo kết quả ghi nhận trực tiếp"), false);
    csv_field(b, STR("Số xã được đánh giá"), true);
    for (size_t c = 0; c < d.n_criteria; c++) {
        const struct ntm_dashboard_criterion *cr = &d.criteria[c];
        csv_field(b, d.province.full_name, false);
        csv_field(b, arena_printf(r->arena, "%d", d.year), false);
        csv_field(b, set, false);
        csv_field(b, arena_printf(r->arena, "%.*s. %.*s", (int)cr->number.n, cr->number.p, (int)cr->name.n, cr->name.p),
                  false);
        buf_printf(b, "%d,%d,%d,%d,%d\r\n", cr->met, cr->not_met, cr->undetermined, cr->recorded, d.assessed);
    }
    r->content_type = "text/csv; charset=utf-8";
    r->disposition = arena_printf(r->arena, "attachment; filename=\"nong-thon-moi-%d.csv\"", d.year);
    web_tag(r, "ntm");
    return 0;
}

void ntm_register(void)
{
    static const char *const params[] = {"nam", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/",
                              .get = dashboard_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/tong-hop.csv",
                              .get = dashboard_csv,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE});
}
