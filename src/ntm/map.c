/*
 * map.c - the monitor's map: every commune of the province drawn from its
 * stored (already simplified) boundary as an SVG path, coloured and
 * patterned by a class: the number of criteria met, the state against the
 * plan framework, or one criterion met or not. /nong-thon-moi/ban-do shows
 * it with a legend that counts each class and the same data as a table;
 * the dashboard shows a small copy. Geometry is only projected here (an
 * equirectangular projection at the province's middle latitude, rounded to
 * whole units of a 1000-wide picture), never simplified.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "http/router.h"
#include "http/web.h"
#include "ntm/internal.h"
#include "ntm/view.h"
#include "portal/app.h"
#include "templates.h"

#define MAP_WIDTH 1000.0

/* The projection of quantised coordinates (geo.h) into the picture. */
struct proj {
    double minx, maxy, sx, sy;
};

/* Appends the path of stored geometry g ("M x y l dx dy ... z" per ring,
 * relative moves between rounded points so that rounding never drifts). */
static void path_of(struct buf *b, struct str g, const struct proj *pj)
{
    size_t i = 0;
    int in_ring = 0;
    long long x = 0, y = 0, px = 0, py = 0;
    while (i < g.n) {
        if (g.p[i] == ';' || g.p[i] == '|') {
            if (in_ring)
                buf_putc(b, 'z');
            in_ring = 0;
            i++;
            continue;
        }
        long long v[2];
        for (int k = 0; k < 2; k++) {
            while (i < g.n && g.p[i] == ' ')
                i++;
            bool neg = i < g.n && g.p[i] == '-';
            if (neg)
                i++;
            long long z = 0;
            while (i < g.n && g.p[i] >= '0' && g.p[i] <= '9' && z < 100000000000LL)
                z = z * 10 + (g.p[i++] - '0');
            v[k] = neg ? -z : z;
        }
        while (i < g.n && g.p[i] == ' ')
            i++;
        if (in_ring == 0)
            x = v[0], y = v[1];
        else
            x += v[0], y += v[1];
        long long X = llround(((double)x - pj->minx) * pj->sx);
        long long Y = llround((pj->maxy - (double)y) * pj->sy);
        if (in_ring == 0)
            buf_printf(b, "M%lld %lld", X, Y);
        else if (X != px || Y != py)
            buf_printf(b, "%s%lld%s%lld", in_ring == 1 ? "l" : X - px >= 0 ? " " : "", X - px,
                       Y - py >= 0 ? " " : "", Y - py);
        else
            continue; /* a point that rounds onto the one before */
        px = X, py = Y;
        in_ring = in_ring == 0 ? 1 : 2;
    }
    if (in_ring)
        buf_putc(b, 'z');
}

int ntm_map_plan_state(const struct ntm_map_unit *u, int year, int year_now, int *due, struct str *status)
{
    int worst = -1;
    /* the year's whole-year result, or while it has none its latest
     * accepted quarter (as the commune page's plan table) */
    bool judged = u->criteria_met >= 0 || u->quarter;
    int state = u->criteria_met >= 0 ? u->unit_state : u->quarter_state;
    if (u->plan_year > 0 && (judged || u->recognised)) {
        worst = (int)ntm_plan_state(u->plan_year, year, u->recognised ? NTM_MET : (enum ntm_state)state, year_now);
        *due = u->plan_year;
        *status = STR("ntm");
    }
    if (u->higher_year > 0) {
        int h = (int)ntm_plan_state(u->higher_year, year, NTM_NOT_MET, year_now);
        if (h > worst) {
            worst = h;
            *due = u->higher_year;
            *status = u->higher_status;
        }
    }
    return worst;
}

/* The class a unit falls in, by what the map shows (see view.h). */
static int class_of(const struct ntm_map_unit *u, enum ntm_map_mode mode, int year, int total)
{
    switch (mode) {
    case NTM_MAP_COUNT:
        if (u->criteria_met < 0 || total <= 0)
            return 0;
        if (u->criteria_met >= total)
            return 4;
        if (u->criteria_met * 4 >= total * 3)
            return 3;
        if (u->criteria_met * 2 >= total)
            return 2;
        return 1;
    case NTM_MAP_PLAN: { /* behind or at risk on any approved target first; then a commune meeting the set */
        int due;
        struct str status;
        int ps = ntm_map_plan_state(u, year, ntm_year_now(), &due, &status);
        if (ps == NTM_PLAN_BEHIND)
            return 1;
        if (ps == NTM_PLAN_AT_RISK)
            return 2;
        if (u->criteria_met >= 0 && u->unit_state == NTM_MET)
            return 4;
        return ps == NTM_PLAN_ON_TRACK ? 3 : 0;
    }
    case NTM_MAP_CRITERION:
        return u->criterion_state == NTM_MET       ? 4
               : u->criterion_state == NTM_NOT_MET ? 1
               : u->criterion_state == NTM_UNDETERMINED ? 2
                                                        : 0;
    }
    return 0;
}

/* The names of the classes of a mode; NULL for a class the mode lacks. */
static struct str class_name(struct arena *a, enum ntm_map_mode mode, int cls, int total)
{
    if (cls == 0)
        return mode == NTM_MAP_PLAN ? STR("Chưa có kết quả hoặc kế hoạch được duyệt")
                                    : STR("Chưa có kết quả được chấp nhận");
    if (mode == NTM_MAP_COUNT) {
        int a3 = (total * 3 + 3) / 4, a2 = (total + 1) / 2;
        switch (cls) {
        case 4: return arena_printf(a, "Đạt đủ %d/%d tiêu chí", total, total);
        case 3: return arena_printf(a, "Đạt %d–%d tiêu chí", a3, total - 1);
        case 2: return arena_printf(a, "Đạt %d–%d tiêu chí", a2, a3 - 1);
        default: return arena_printf(a, "Đạt dưới %d tiêu chí", a2);
        }
    }
    if (mode == NTM_MAP_PLAN) {
        switch (cls) {
        case 4: return STR("Đã đạt đủ các tiêu chí");
        case 3: return str_cstr(ntm_plan_state_name(NTM_PLAN_ON_TRACK));
        case 2: return str_cstr(ntm_plan_state_name(NTM_PLAN_AT_RISK));
        default: return str_cstr(ntm_plan_state_name(NTM_PLAN_BEHIND));
        }
    }
    switch (cls) {
    case 4: return STR("Đạt tiêu chí");
    case 2: return STR("Chưa xác định");
    case 1: return STR("Chưa đạt tiêu chí");
    default: return STR_NULL;
    }
}

int ntm_map_build(struct arena *a, const struct ntm_map_unit *units, size_t n, enum ntm_map_mode mode, int year,
                  struct ntm_map_view *out)
{
    memset(out, 0, sizeof *out);
    int total = 0;
    for (size_t i = 0; i < n; i++)
        if (units[i].criteria_total > total)
            total = units[i].criteria_total;
    /* the box of every shape, in quantised degrees */
    double minx = 0, miny = 0, maxx = 0, maxy = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        double box[4];
        int points;
        if (!units[i].geometry.n || ntm_geo_bounds(units[i].geometry, box, &points) != 0)
            continue;
        if (!any || box[0] < minx)
            minx = box[0];
        if (!any || box[1] < miny)
            miny = box[1];
        if (!any || box[2] > maxx)
            maxx = box[2];
        if (!any || box[3] > maxy)
            maxy = box[3];
        any = true;
    }
    out->classes = ARENA_ARRAY(a, struct ntm_map_class, 5);
    for (int c = 4; c >= 0; c--) {
        struct str name = class_name(a, mode, c, total);
        if (name.p)
            out->classes[out->n_classes++] = (struct ntm_map_class){c, name, 0};
    }
    out->shapes = ARENA_ARRAY(a, struct ntm_map_shape, n + 1);
    out->lines = ARENA_ARRAY(a, struct ntm_map_line, n + 1);
    struct proj pj = {0};
    if (any && maxx > minx && maxy > miny) {
        double c = cos((miny + maxy) / 2 * M_PI / 180);
        pj = (struct proj){minx * NTM_GEO_SCALE, maxy * NTM_GEO_SCALE, MAP_WIDTH / ((maxx - minx) * NTM_GEO_SCALE), 0};
        pj.sy = pj.sx / c;
        out->width = (int)MAP_WIDTH;
        out->height = (int)ceil((maxy - miny) * NTM_GEO_SCALE * pj.sy);
    }
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const struct ntm_map_unit *u = &units[i];
        int cls = class_of(u, mode, year, total);
        struct str cname = class_name(a, mode, cls, total);
        for (size_t c = 0; c < out->n_classes; c++)
            if (out->classes[c].cls == cls)
                out->classes[c].count++;
        /* by plan, a year without a whole-year result is judged by its
         * latest accepted quarter: said, and linked to that year's page */
        bool by_quarter = mode == NTM_MAP_PLAN && u->criteria_met < 0 && u->quarter;
        struct str met = by_quarter ? arena_printf(a, "quý %d: %d/%d tiêu chí", u->quarter, u->quarter_met,
                                                   u->quarter_total)
                         : u->criteria_met < 0
                             ? STR("chưa có kết quả")
                             : arena_printf(a, "%d/%d tiêu chí", u->criteria_met, u->criteria_total);
        struct str url = ntm_unit_url(a, u->code, u->criteria_met < 0 && !by_quarter ? 0 : year);
        struct str label = mode == NTM_MAP_COUNT ? arena_printf(a, "%.*s: %.*s", (int)u->full_name.n, u->full_name.p,
                                                                (int)met.n, met.p)
                                                 : arena_printf(a, "%.*s: %.*s; %.*s", (int)u->full_name.n,
                                                                u->full_name.p, (int)met.n, met.p, (int)cname.n,
                                                                cname.p);
        out->lines[out->n_lines++] = (struct ntm_map_line){u->full_name, url, met, cname, cls};
        if (!out->width || !u->geometry.n)
            continue;
        buf_reset(&b);
        path_of(&b, u->geometry, &pj);
        out->shapes[out->n_shapes++] = (struct ntm_map_shape){arena_strdup(a, b.p, b.n), url, label, cls};
    }
    buf_free(&b);
    return 0;
}

/* ?theo=: the mode, and the criterion for NTM_MAP_CRITERION; -1 when bad,
 * -2 when the database failed. */
static int mode_param(struct web_req *r, const struct ntm_dashboard *d, enum ntm_map_mode *mode, size_t *crit)
{
    struct str v = web_param(r, "theo");
    *mode = NTM_MAP_COUNT;
    if (!v.p || str_eq_lit(v, "so-tieu-chi"))
        return 0;
    if (str_eq_lit(v, "ke-hoach")) {
        *mode = NTM_MAP_PLAN;
        return 0;
    }
    unsigned long long id;
    if (v.n <= 3 || memcmp(v.p, "tc-", 3) || !str_to_u64((struct str){v.p + 3, v.n - 3}, &id) || id > INT64_MAX)
        return -1;
    /* the criterion shown, or the one of the same number in another version of the year's set */
    char number[16] = "";
    size_t c = 0;
    while (c < d->n_criteria && (unsigned long long)d->criteria[c].id != id)
        c++;
    if (c == d->n_criteria) {
        int found = ntm_criterion_number(r->db, (int64_t)id, d->year, number);
        if (found != 1)
            return found < 0 ? -2 : -1;
        c = 0;
        while (c < d->n_criteria && !str_eq(d->criteria[c].number, str_cstr(number)))
            c++;
        if (c == d->n_criteria)
            return -1;
    }
    *mode = NTM_MAP_CRITERION;
    *crit = c;
    return 0;
}

int ntm_map_units_note(struct web_req *r, const struct ntm_dashboard *d, const struct ntm_map_unit *units, size_t n,
                       struct str *out)
{
    *out = STR("");
    struct ntm_unit_result *of_year;
    size_t n_year;
    if (ntm_unit_results(r->db, d->province.code.p, d->year, r->arena, &of_year, &n_year) != 0)
        return -1;
    size_t former = 0, former_met = 0, on_map = 0;
    for (size_t i = 0; i < n_year; i++) {
        bool drawn = false;
        for (size_t k = 0; k < n && !drawn; k++)
            drawn = str_eq(units[k].code, of_year[i].code);
        if (drawn) {
            on_map++;
        } else {
            former++;
            former_met += of_year[i].unit_state == NTM_MET;
        }
    }
    size_t later = n > on_map ? n - on_map : 0; /* codes are unique among a year's units; never wrap if not */
    if (former)
        *out = arena_printf(r->arena,
                            "Năm %d tỉnh có %zu xã, phường. Bản đồ vẽ theo địa giới hiện nay nên không có %zu xã, "
                            "phường đã sáp nhập sau đó (%zu trong số đó đạt chuẩn năm %d); danh sách đủ các xã ở "
                            "trang tổng hợp.",
                            d->year, n_year, former, former_met, d->year);
    if (later)
        *out = arena_printf(r->arena, "%s%s%zu xã, phường trên bản đồ được thành lập sau năm %d nên không có kết quả "
                                      "năm đó.",
                            out->p, out->n ? " " : "", later, d->year);
    return 0;
}

static int map_page(struct web_req *r)
{
    struct ntm_dashboard d;
    int rc = ntm_read_dashboard_period(r, &d);
    if (rc <= 0)
        return rc;
    if (d.quarter) /* the map colours the year's results; a quarter's are on the dashboard */
        return web_error_saying(r, 404, arena_printf(r->arena, "Bản đồ vẽ kết quả cả năm. Kết quả quý %d năm %d xem ở "
                                                               "trang tổng hợp nông thôn mới của tỉnh; bản đồ năm %d "
                                                               "ở “Bản đồ” của năm đó.",
                                                     d.quarter, d.year, d.year));
    if (!ntm_year_has_data(&d))
        return ntm_no_data_year(r, d.year);
    enum ntm_map_mode mode;
    size_t crit = 0;
    int bad = mode_param(r, &d, &mode, &crit);
    if (bad)
        return bad == -2 ? -1
                         : web_error_saying(r, 400,
                                            STR("Bản đồ không có cách tô màu này: hãy chọn theo số tiêu chí đạt, "
                                                "theo kế hoạch hoặc theo một tiêu chí của bộ tiêu chí năm đang xem."));
    struct ntm_map_unit *units;
    size_t n;
    if (ntm_map_read(r->db, d.province.code.p, d.year, mode == NTM_MAP_CRITERION ? d.criteria[crit].id : 0, r->arena,
                     &units, &n) != 0)
        return -1;
    struct ntm_map_page p;
    memset(&p, 0, sizeof p);
    if (ntm_map_units_note(r, &d, units, n, &p.units_note) != 0)
        return -1;
    ntm_map_build(r->arena, units, n, mode, d.year, &p.map);
    p.map.linked = true;
    p.province = ntm_name_in_text(r->arena, d.province.full_name);
    p.year = arena_printf(r->arena, "%d", d.year);
    p.set_name = d.set_name;
    p.set_decision = d.set_decision;
    if (mode == NTM_MAP_COUNT)
        p.showing = arena_printf(r->arena, "Số tiêu chí đạt (trên %zu tiêu chí)", d.n_criteria);
    else if (mode == NTM_MAP_PLAN)
        p.showing = STR("Tiến độ so với kế hoạch đạt chuẩn nông thôn mới đã được duyệt");
    else
        p.showing = arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)d.criteria[crit].number.n,
                                 d.criteria[crit].number.p, (int)d.criteria[crit].name.n, d.criteria[crit].name.p);
    p.map.title = arena_printf(r->arena, "Bản đồ các xã, phường năm %d: %.*s", d.year, (int)p.showing.n, p.showing.p);
    p.plan_mode = mode == NTM_MAP_PLAN;
    /* the selector */
    p.options = ARENA_ARRAY(r->arena, struct ntm_option, d.n_criteria + 2);
    p.options[p.n_options++] = (struct ntm_option){STR("so-tieu-chi"), STR("Số tiêu chí đạt"), mode == NTM_MAP_COUNT};
    p.options[p.n_options++] =
        (struct ntm_option){STR("ke-hoach"), STR("Tiến độ so với kế hoạch"), mode == NTM_MAP_PLAN};
    for (size_t c = 0; c < d.n_criteria; c++)
        p.options[p.n_options++] = (struct ntm_option){
            arena_printf(r->arena, "tc-%lld", (long long)d.criteria[c].id),
            arena_printf(r->arena, "Tiêu chí %.*s. %.*s", (int)d.criteria[c].number.n, d.criteria[c].number.p,
                         (int)d.criteria[c].name.n, d.criteria[c].name.p),
            mode == NTM_MAP_CRITERION && c == crit};
    p.years = ARENA_ARRAY(r->arena, struct ntm_year_link, d.n_years + 1);
    struct str theo = web_param(r, "theo");
    for (size_t i = 0; i < d.n_years; i++)
        p.years[p.n_years++] = (struct ntm_year_link){
            arena_printf(r->arena, "%d", d.years[i]),
            theo.p && mode != NTM_MAP_CRITERION
                ? arena_printf(r->arena, "/nong-thon-moi/ban-do?nam=%d&theo=%.*s", d.years[i], (int)theo.n, theo.p)
                : arena_printf(r->arena, "/nong-thon-moi/ban-do?nam=%d", d.years[i]),
            d.years[i] == d.year};
    p.dashboard_url = arena_printf(r->arena, "/nong-thon-moi/?nam=%d", d.year);
    portal_layout(r, &p.layout,
                  arena_printf(r->arena, "Bản đồ nông thôn mới %.*s năm %d", (int)p.province.n,
                               p.province.p, d.year));
    p.layout.description = STR("Bản đồ các xã, phường theo số tiêu chí nông thôn mới đạt, tiến độ so với kế hoạch "
                               "hoặc từng tiêu chí.");
    layout_finish(&p.layout, r->arena);
    web_tag(r, "ntm");
    web_tag(r, "site");
    tpl_ntm_map(portal_out(r), &p);
    return 0;
}

void ntm_map_register(void)
{
    static const char *const params[] = {"nam", "ky", "theo", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/ban-do",
                              .get = map_page,
                              .known_params = params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
}
