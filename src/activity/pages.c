/*
 * pages.c - the public pages of the office's activities, through the page
 * cache: /nong-thon-moi/tap-huan/ (training courses, newest first,
 * ?trang=N) and /nong-thon-moi/tap-huan/ID-slug (a course, with its
 * materials), /nong-thon-moi/doan-cong-tac/ and
 * /nong-thon-moi/doan-cong-tac/ID-slug (a visit: who went, the itinerary
 * in order with its times, each commune a link to its page on the
 * monitor, /nong-thon-moi/xa/CODE, while the unit is current). Only
 * published items are shown; a draft's address answers 404, and an
 * address whose slug is not the title's answers 301 to the right one.
 *
 * Tags: "activity:training" / "activity:visit" on the lists,
 * "activity:ID" on an item's page, "media:ID" for each material, and
 * "ntm:ref" on a visit (the units' names and whether they are current),
 * "site" everywhere (the frame).
 */
#include <stdio.h>
#include <string.h>

#include "activity/activity.h"
#include "activity/internal.h"
#include "activity/view.h"
#include "http/router.h"
#include "media/media.h"
#include "ntm/ntm.h"
#include "portal/app.h"
#include "templates.h"
#include "view/pager.h"

#define PER_PAGE 20

/* Non-empty lines of `text`, spaces around them trimmed: the paragraphs. */
static struct str *paragraphs(struct arena *a, struct str text, size_t *n)
{
    size_t lines = 1;
    for (size_t i = 0; i < text.n; i++)
        lines += text.p[i] == '\n';
    struct str *out = ARENA_ARRAY(a, struct str, lines);
    *n = 0;
    size_t start = 0;
    for (size_t i = 0; i <= text.n; i++) {
        if (i < text.n && text.p[i] != '\n')
            continue;
        struct str line = str_make(text.p + start, i - start);
        while (line.n && (line.p[0] == ' ' || line.p[0] == '\t' || line.p[0] == '\r'))
            line = str_skip(line, 1);
        while (line.n && (line.p[line.n - 1] == ' ' || line.p[line.n - 1] == '\t' || line.p[line.n - 1] == '\r'))
            line.n--;
        if (line.n)
            out[(*n)++] = line;
        start = i + 1;
    }
    return out;
}

struct list_url_ctx {
    struct arena *arena;
    const char *base;
};

static struct str page_url(void *p, int page)
{
    struct list_url_ctx *c = p;
    return page <= 1 ? str_cstr(c->base) : arena_printf(c->arena, "%s?trang=%d", c->base, page);
}

/* The tab's title of a list: "Lớp tập huấn - Nông thôn mới", the section
 * named, unless the site's short name (which portal_layout() appends)
 * names it already: "Lớp tập huấn - Nông thôn mới Hà Tĩnh", not
 * "Lớp tập huấn - Nông thôn mới - Nông thôn mới Hà Tĩnh". */
static struct str list_title(struct web_req *r, struct str title)
{
    struct str site = portal_site(r)->short_name;
    static const char *const section[] = {"Nông thôn mới", "nông thôn mới", "NÔNG THÔN MỚI"};
    for (size_t i = 0; i < sizeof section / sizeof section[0]; i++)
        if (site.n && memmem(site.p, site.n, section[i], strlen(section[i])))
            return title;
    return arena_printf(r->arena, "%.*s - Nông thôn mới", (int)title.n, title.p);
}

static int list_render(struct web_req *r, enum activity_kind kind)
{
    unsigned long long page = (unsigned long long)portal_page_param(r, 100000);
    if (!page)
        return 0;
    bool visit = kind == ACTIVITY_VISIT;
    struct activity_list_page p;
    memset(&p, 0, sizeof p);
    p.heading = visit ? STR("Đoàn công tác") : STR("Lớp tập huấn");
    p.intro = visit ? STR("Các đoàn công tác của tỉnh về làm việc với các xã, phường về xây dựng nông thôn mới: "
                          "thành phần, lịch trình và kết luận.")
                    : STR("Các lớp tập huấn, bồi dưỡng kiến thức xây dựng nông thôn mới do Văn phòng Điều phối "
                          "và các sở, ngành tổ chức.");
    p.other_url = str_cstr(activity_list_path(visit ? ACTIVITY_TRAINING : ACTIVITY_VISIT));
    p.other_name = visit ? STR("Lớp tập huấn") : STR("Đoàn công tác");
    struct activity_filter f = {.kind = (int)kind, .published_only = true};
    struct activity *items;
    size_t n;
    int64_t total;
    if (activity_list(r->db, r->arena, &f, (int)(page - 1) * PER_PAGE, PER_PAGE, &items, &n, &total) != 0)
        return -1;
    p.total = total;
    p.pages = (int)((total + PER_PAGE - 1) / PER_PAGE);
    if (p.pages == 0)
        p.pages = 1;
    if ((int)page > p.pages)
        return portal_page_beyond(r, p.pages);
    p.page = (int)page;
    p.items = ARENA_ARRAY(r->arena, struct activity_card, n + 1);
    for (size_t i = 0; i < n; i++) {
        const struct activity *it = &items[i];
        struct activity_card *c = &p.items[p.n_items++];
        c->title = it->title;
        c->url = activity_url(r->arena, it);
        c->dates = activity_dates_text(r->arena, it->date_from, it->date_to);
        c->iso = it->date_from;
        c->detail = visit ? it->leader
                          : arena_printf(r->arena, "%.*s · %.*s", (int)it->place.n, it->place.p, (int)it->organiser.n,
                                         it->organiser.p);
    }
    struct list_url_ctx urls = {r->arena, activity_list_path(kind)};
    view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang"), page_url, &urls);
    struct str title = page > 1 ? arena_printf(r->arena, "%.*s - Trang %d", (int)p.heading.n, p.heading.p, p.page)
                                : p.heading;
    portal_layout(r, &p.layout, list_title(r, title));
    p.layout.description = p.intro;
    layout_finish(&p.layout, r->arena);
    web_tag(r, "activity:%s", visit ? "visit" : "training");
    web_tag(r, "site");
    tpl_activity_list(portal_out(r), &p);
    return 0;
}

static int trainings_page(struct web_req *r) { return list_render(r, ACTIVITY_TRAINING); }
static int visits_page(struct web_req *r) { return list_render(r, ACTIVITY_VISIT); }

static int item_render(struct web_req *r, enum activity_kind kind)
{
    /* "12-lop-tap-huan-..." or "12" */
    struct str cap = r->captures[0];
    size_t digits = 0;
    while (digits < cap.n && digits < 18 && cap.p[digits] >= '0' && cap.p[digits] <= '9')
        digits++;
    int64_t id;
    if (!digits || (digits < cap.n && cap.p[digits] != '-') || !str_to_id(str_make(cap.p, digits), &id))
        return web_error(r, 404);
    struct activity it;
    int rc = activity_get(r->db, r->arena, (int64_t)id, &it);
    if (rc < 0)
        return -1;
    web_tag(r, "activity:%lld", (long long)id);
    if (rc == 0 || !it.published || it.kind != kind)
        return web_error(r, 404);
    struct str url = activity_url(r->arena, &it);
    if (!str_eq(str_skip(url, strlen(activity_list_path(kind))), cap))
        return web_redirect(r, 301, url);

    bool visit = kind == ACTIVITY_VISIT;
    struct activity_page p;
    memset(&p, 0, sizeof p);
    p.visit = visit;
    p.title = it.title;
    p.dates = activity_dates_text(r->arena, it.date_from, it.date_to);
    p.iso = it.date_from;
    p.list_url = str_cstr(activity_list_path(kind));
    p.list_name = visit ? STR("Đoàn công tác") : STR("Lớp tập huấn");
    p.updated = view_datetime(r->arena, it.updated_at);
    if (!visit) {
        p.place = it.place;
        p.organiser = it.organiser;
        p.audience = it.audience;
        p.trained = it.trained ? view_number(r->arena, it.trained) : STR("");
        p.summary = paragraphs(r->arena, it.summary, &p.n_summary);
        p.materials = ARENA_ARRAY(r->arena, struct activity_material_link, it.n_materials + 1);
        for (size_t i = 0; i < it.n_materials; i++) {
            struct media_image m;
            rc = media_image_get(r->db, r->arena, it.materials[i], &m);
            if (rc < 0)
                return -1;
            web_tag(r, "media:%lld", (long long)it.materials[i]);
            if (rc == 0)
                continue; /* deleted from the library since */
            p.materials[p.n_materials++] =
                (struct activity_material_link){m.caption.n ? m.caption : m.alt.n ? m.alt : m.name, m.url, m.name};
        }
    } else {
        p.leader = it.leader;
        p.members = paragraphs(r->arena, it.members, &p.n_members);
        p.purpose = paragraphs(r->arena, it.purpose, &p.n_purpose);
        p.conclusions = paragraphs(r->arena, it.conclusions, &p.n_conclusions);
        p.stops = ARENA_ARRAY(r->arena, struct activity_itinerary_stop, it.n_stops + 1);
        for (size_t i = 0; i < it.n_stops; i++) {
            const struct activity_stop *s = &it.stops[i];
            struct activity_itinerary_stop *x = &p.stops[p.n_stops++];
            struct ntm_unit u;
            rc = ntm_unit_by_code(r->db, arena_strdup(r->arena, s->unit_code.p, s->unit_code.n).p, r->arena, &u);
            if (rc < 0)
                return -1;
            x->name = rc > 0 && u.full_name.n ? u.full_name : s->unit_name;
            x->url = rc > 0 ? arena_printf(r->arena, "/nong-thon-moi/xa/%.*s", (int)s->unit_code.n, s->unit_code.p)
                            : STR("");
            x->day = activity_date_text(r->arena, s->day);
            x->iso = s->day;
            x->times = arena_printf(r->arena, "%.*s–%.*s", (int)s->time_from.n, s->time_from.p, (int)s->time_to.n,
                                    s->time_to.p);
        }
        web_tag(r, "ntm:ref");
    }
    portal_layout(r, &p.layout, arena_printf(r->arena, "%.*s - %.*s", (int)it.title.n, it.title.p,
                                             (int)p.list_name.n, p.list_name.p));
    const struct site *site = portal_site(r);
    if (site->base_url.n)
        p.layout.canonical =
            arena_printf(r->arena, "%.*s%.*s", (int)site->base_url.n, site->base_url.p, (int)url.n, url.p);
    p.layout.description = visit ? arena_printf(r->arena, "Đoàn công tác do %.*s dẫn đầu, %.*s.", (int)it.leader.n,
                                                it.leader.p, (int)p.dates.n, p.dates.p)
                                 : arena_printf(r->arena, "Lớp tập huấn tại %.*s, %.*s.", (int)it.place.n, it.place.p,
                                                (int)p.dates.n, p.dates.p);
    layout_finish(&p.layout, r->arena);
    web_tag(r, "site");
    tpl_activity_page(portal_out(r), &p);
    return 0;
}

static int training_page(struct web_req *r) { return item_render(r, ACTIVITY_TRAINING); }
static int visit_page(struct web_req *r) { return item_render(r, ACTIVITY_VISIT); }

void activity_register(void)
{
    static const char *const list_params[] = {"trang", NULL};
    router_add((struct route){.pattern = "/nong-thon-moi/tap-huan/", .get = trainings_page,
                              .known_params = list_params, .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/tap-huan/*", .get = training_page,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/doan-cong-tac/", .get = visits_page,
                              .known_params = list_params, .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/nong-thon-moi/doan-cong-tac/*", .get = visit_page,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    activity_admin_register();
}
