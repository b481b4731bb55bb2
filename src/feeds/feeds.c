/* feeds.c - RSS, sitemaps, robots.txt and the site map page; see feeds.h. */
#include "feeds/feeds.h"

#include <stdio.h>
#include <string.h>

#include "assets.h"
#include "docs/docs.h"
#include "docs/query.h"
#include "feeds/view.h"
#include "feeds/xml.h"
#include "http/router.h"
#include "http/web.h"
#include "news/query.h"
#include "ntm/ntm.h"
#include "portal/app.h"
#include "templates.h"
#include "text/vitime.h"

static const char RSS_TYPE[] = "application/rss+xml; charset=utf-8";
static const char XML_TYPE[] = "application/xml; charset=utf-8";

static struct news_query query_of(struct web_req *r)
{
    return (struct news_query){.db = r->db, .arena = r->arena, .site = portal_site(r), .now = r->now};
}

static void absolute(struct buf *b, const struct web_req *r, struct str path)
{
    xml_text(b, portal_site(r)->base_url);
    xml_text(b, path);
}

/* The channel's head: title, link, description, itself, and the date of
 * its newest item (0: none). */
static void channel_open(struct web_req *r, struct str title, struct str link, struct str description,
                         int64_t newest)
{
    struct buf *b = r->body;
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    xml_element(b, "title", title);
    buf_puts(b, "\n<link>");
    absolute(b, r, link);
    buf_puts(b, "</link>\n");
    xml_element(b, "description", description);
    buf_puts(b, "\n<language>vi</language>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
    absolute(b, r, r->path);
    buf_puts(b, "\"/>\n");
    if (newest) {
        struct buf date = BUF_INIT;
        vi_format_rfc822(&date, newest);
        xml_element(b, "lastBuildDate", buf_str(&date));
        buf_putc(b, '\n');
        buf_free(&date);
    }
    buf_puts(b, "<ttl>30</ttl>\n");
}

static void channel_item(struct web_req *r, struct str title, struct str url, struct str description,
                         int64_t published, struct str category)
{
    struct buf *b = r->body;
    buf_puts(b, "<item>\n");
    xml_element(b, "title", title);
    buf_puts(b, "\n<link>");
    absolute(b, r, url);
    buf_puts(b, "</link>\n<guid isPermaLink=\"true\">");
    absolute(b, r, url);
    buf_puts(b, "</guid>\n");
    xml_element(b, "description", description);
    buf_putc(b, '\n');
    struct buf date = BUF_INIT;
    vi_format_rfc822(&date, published);
    xml_element(b, "pubDate", buf_str(&date));
    buf_free(&date);
    buf_putc(b, '\n');
    if (category.n) {
        xml_element(b, "category", category);
        buf_putc(b, '\n');
    }
    buf_puts(b, "</item>\n");
}

static void channel_close(struct web_req *r)
{
    buf_puts(r->body, "</channel>\n</rss>\n");
    r->content_type = RSS_TYPE;
}

static int render_rss(struct web_req *r, const struct site_category *cat)
{
    struct news_query q = query_of(r);
    const struct site *site = portal_site(r);
    struct news_card *items;
    size_t n;
    if (news_list(&q, cat ? cat->id : 0, false, FEEDS_RSS_ITEMS, 0, &items, &n) != 0)
        return -1;
    struct str title = cat ? arena_printf(r->arena, "%.*s - %.*s", (int)cat->name.n, cat->name.p,
                                          (int)site->short_name.n, site->short_name.p)
                           : site->name;
    channel_open(r, title,
                 cat ? arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p) : STR("/"),
                 cat && cat->description.n ? cat->description
                 : site->description.n     ? site->description
                                           : arena_printf(r->arena, "Tin tức của %.*s", (int)site->name.n, site->name.p),
                 n ? items[0].published : 0);
    for (size_t i = 0; i < n; i++)
        channel_item(r, items[i].title, items[i].url, items[i].summary, items[i].published, items[i].category_name);
    channel_close(r);
    if (cat)
        web_tag(r, "cat:%lld", (long long)cat->id);
    else
        web_tag(r, "news");
    web_tag(r, "site");
    return 0;
}

/* Noon of an ISO date ("2024-07-10") in Vietnam: a document's day, whatever
 * the reader's time zone. 0 if it is not a date. */
static int64_t iso_day(struct str iso)
{
    int y, m, d;
    char tail;
    char text[16];
    if (iso.n != 10)
        return 0;
    memcpy(text, iso.p, 10);
    text[10] = 0;
    if (sscanf(text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    return vi_unix_from_local(y, m, d, 12, 0, 0);
}

/* /rss/van-ban.xml: the newest documents of the register. */
static int feeds_rss_documents(struct web_req *r)
{
    const struct site *site = portal_site(r);
    struct docs_item *items;
    size_t n;
    if (docs_latest(r->db, r->arena, r->now, FEEDS_RSS_ITEMS, &items, &n) != 0)
        return -1;
    channel_open(r, arena_printf(r->arena, "Văn bản - %.*s", (int)site->short_name.n, site->short_name.p),
                 STR("/van-ban/"), STR("Văn bản chỉ đạo, điều hành mới ban hành: số ký hiệu, ngày ban hành, trích yếu."),
                 n ? iso_day(items[0].iso) : 0);
    for (size_t i = 0; i < n; i++) {
        const struct docs_item *d = &items[i];
        /* "Kế hoạch số 323/KH-UBND ngày 10/07/2024", as the register names it */
        struct str title = arena_printf(r->arena, "%.*s số %.*s ngày %.*s", (int)d->type_name.n, d->type_name.p,
                                        (int)d->number.n, d->number.p, (int)d->date.n, d->date.p);
        struct str about = d->issuer_name.n ? arena_printf(r->arena, "%.*s (%.*s)", (int)d->abstract.n, d->abstract.p,
                                                           (int)d->issuer_name.n, d->issuer_name.p)
                                            : d->abstract;
        channel_item(r, title, d->url, about, iso_day(d->iso), d->type_name);
    }
    channel_close(r);
    web_tag(r, "docs");
    web_tag(r, "site");
    return 0;
}

static int feeds_rss_all(struct web_req *r) { return render_rss(r, NULL); }

/* /rss/<chuyen-muc>.xml */
static int feeds_rss_category(struct web_req *r)
{
    const struct site_category *cat = site_category_by_slug(portal_site(r), r->captures[0]);
    if (!cat) { /* a renamed category's old feed address follows it */
        struct str now;
        int moved = site_category_moved(r->db, r->arena, r->captures[0], &now);
        if (moved <= 0)
            return moved < 0 ? -1 : web_error(r, 404);
        return web_redirect(r, 301, arena_printf(r->arena, "/rss/%.*s.xml", (int)now.n, now.p));
    }
    return render_rss(r, cat);
}

/* --- sitemaps ------------------------------------------------------------------ */

static void w3c_date(struct buf *b, int64_t t)
{
    struct buf tmp = BUF_INIT;
    vi_format_iso8601(&tmp, t);
    buf_put(b, buf_str(&tmp));
    buf_free(&tmp);
}

struct urlset_ctx {
    struct buf *b;
    const struct web_req *r;
    int64_t newest;
};

static void add_url(void *p, struct str url, int64_t modified)
{
    struct urlset_ctx *c = p;
    buf_puts(c->b, "<url><loc>");
    absolute(c->b, c->r, url);
    buf_puts(c->b, "</loc>");
    if (modified > 0) {
        buf_puts(c->b, "<lastmod>");
        w3c_date(c->b, modified);
        buf_puts(c->b, "</lastmod>");
    }
    buf_puts(c->b, "</url>\n");
    if (modified > c->newest)
        c->newest = modified;
}

static void urlset_open(struct buf *b)
{
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
}

/* /sitemap.xml: the index of the parts. */
static int feeds_sitemap_index(struct web_req *r)
{
    struct news_query q = query_of(r);
    int64_t max_id, max_doc;
    if (news_max_id(&q, &max_id) != 0 || docs_max_id(r->db, &max_doc) != 0)
        return -1;
    /* no part for articles when there is none: the sitemap schema wants a
     * urlset to hold at least one url */
    long long parts = max_id > 0 ? (max_id - 1) / FEEDS_SITEMAP_IDS + 1 : 0;
    struct buf *b = r->body;
    buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    buf_puts(b, "<sitemap><loc>");
    absolute(b, r, STR("/sitemap-trang.xml"));
    buf_puts(b, "</loc></sitemap>\n");
    for (long long i = 1; i <= parts; i++) {
        buf_puts(b, "<sitemap><loc>");
        absolute(b, r, arena_printf(r->arena, "/sitemap-tin-tuc-%lld.xml", i));
        buf_puts(b, "</loc></sitemap>\n");
    }
    long long doc_parts = max_doc > 0 ? (max_doc - 1) / FEEDS_SITEMAP_IDS + 1 : 0;
    for (long long i = 1; i <= doc_parts; i++) {
        buf_puts(b, "<sitemap><loc>");
        absolute(b, r, arena_printf(r->arena, "/sitemap-van-ban-%lld.xml", i));
        buf_puts(b, "</loc></sitemap>\n");
    }
    buf_puts(b, "</sitemapindex>\n");
    r->content_type = XML_TYPE;
    web_tag(r, "news");
    web_tag(r, "docs");
    web_tag(r, "site");
    return 0;
}

/* /sitemap-trang.xml: the home page, the lists and the fixed pages. */
static int feeds_sitemap_pages(struct web_req *r)
{
    struct buf *b = r->body;
    struct urlset_ctx c = {b, r, 0};
    urlset_open(b);
    static const char *const fixed[] = {"/",
                                        "/gioi-thieu/",
                                        "/en/",
                                        "/tin-tuc/",
                                        "/van-ban/",
                                        "/nong-thon-moi/",
                                        "/nong-thon-moi/tap-huan/",
                                        "/nong-thon-moi/doan-cong-tac/",
                                        "/thong-ke/",
                                        "/so-do-trang/",
                                        "/kenh-rss/"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        add_url(&c, str_cstr(fixed[i]), 0);
    for (size_t i = 0; i < portal_site(r)->n_categories; i++) {
        const struct site_category *cat = &portal_site(r)->categories[i];
        add_url(&c, arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p), 0);
    }
    /* the monitor's own pages: the national summary, the criteria, each commune */
    if (ntm_public_pages(r->db, r->arena, add_url, &c) < 0)
        return -1;
    buf_puts(b, "</urlset>\n");
    r->content_type = XML_TYPE;
    web_tag(r, "site");
    web_tag(r, "ntm");
    return 0;
}

/* /sitemap-tin-tuc-N.xml: the articles with ids in the Nth range. */
static int feeds_sitemap_articles(struct web_req *r)
{
    int64_t n;
    if (!str_to_id(r->captures[0], &n) || n > INT64_MAX / FEEDS_SITEMAP_IDS)
        return web_error(r, 404);
    struct news_query q = query_of(r);
    int64_t first = (int64_t)(n - 1) * FEEDS_SITEMAP_IDS + 1;
    int64_t max_id;
    if (news_max_id(&q, &max_id) != 0)
        return -1;
    if (first > max_id)
        return web_error(r, 404);
    struct buf *b = r->body;
    struct urlset_ctx c = {b, r, 0};
    urlset_open(b);
    if (news_each_in_range(&q, first, first + FEEDS_SITEMAP_IDS - 1, add_url, &c) < 0)
        return -1;
    buf_puts(b, "</urlset>\n");
    r->content_type = XML_TYPE;
    web_tag(r, "news"); /* a new article changes the last part */
    web_tag(r, "site");
    return 0;
}

/* /sitemap-van-ban-N.xml: the documents with ids in the Nth range. */
static int feeds_sitemap_documents(struct web_req *r)
{
    int64_t n;
    if (!str_to_id(r->captures[0], &n) || n > INT64_MAX / FEEDS_SITEMAP_IDS)
        return web_error(r, 404);
    int64_t first = (int64_t)(n - 1) * FEEDS_SITEMAP_IDS + 1;
    int64_t max_doc;
    if (docs_max_id(r->db, &max_doc) != 0)
        return -1;
    if (first > max_doc)
        return web_error(r, 404);
    struct buf *b = r->body;
    struct urlset_ctx c = {b, r, 0};
    urlset_open(b);
    if (docs_each_in_range(r->db, r->arena, r->now, first, first + FEEDS_SITEMAP_IDS - 1, add_url, &c) < 0)
        return -1;
    buf_puts(b, "</urlset>\n");
    r->content_type = XML_TYPE;
    web_tag(r, "docs");
    web_tag(r, "site");
    return 0;
}

/* /robots.txt (RFC 9309) */
static int feeds_robots(struct web_req *r)
{
    struct buf *b = r->body;
    buf_puts(b, "# Đình\nUser-agent: *\nAllow: /\nDisallow: /quan-tri/\nDisallow: /tim-kiem\n"
                "Disallow: /tuy-chon\nDisallow: /in/\nDisallow: /tai-ve/\n\nSitemap: ");
    buf_put(b, portal_site(r)->base_url);
    buf_puts(b, "/sitemap.xml\n");
    r->content_type = "text/plain; charset=utf-8";
    web_tag(r, "site");
    return 0;
}

/* /favicon.ico: where browsers, readers and crawlers look for the site's
 * icon whatever the page names; the emblem as PNG (which they all take at
 * that address), for good. */
static int feeds_favicon(struct web_req *r) { return web_redirect(r, 301, STR(ASSET_IMG_EMBLEM_PNG)); }

static void count_url(void *ctx, struct str url, int64_t modified)
{
    (void)ctx, (void)url, (void)modified;
}

/* /so-do-trang/: the HTML site map. */
static int feeds_site_map(struct web_req *r)
{
    struct news_query q = query_of(r);
    const struct site *site = portal_site(r);
    struct feeds_map_page p;
    memset(&p, 0, sizeof p);
    p.categories = ARENA_ARRAY(r->arena, struct feeds_map_entry, site->n_categories + 1);
    for (size_t i = 0; i < site->n_categories; i++) {
        const struct site_category *cat = &site->categories[i];
        long long count;
        if (news_count(&q, cat->id, &count) != 0)
            return -1;
        p.categories[p.n_categories++] = (struct feeds_map_entry){
            cat->name, arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p),
            arena_printf(r->arena, "/rss/%.*s.xml", (int)cat->slug.n, cat->slug.p), view_number(r->arena, count)};
    }
    long ntm_pages = ntm_public_pages(r->db, r->arena, count_url, NULL);
    if (ntm_pages < 0)
        return -1;
    p.ntm_results = ntm_pages > 0;
    portal_layout(r, &p.layout, STR("Sơ đồ trang"));
    p.layout.description = STR("Mục lục toàn bộ trang: chuyên mục tin tức, văn bản, nông thôn mới, tìm kiếm, thống kê "
                               "và nguồn tin RSS.");
    layout_finish(&p.layout, r->arena);
    web_tag(r, "news");
    web_tag(r, "site");
    web_tag(r, "ntm");
    tpl_feeds_map(portal_out(r), &p);
    return 0;
}

/* /kenh-rss/: the site's RSS channels for a person, with the address of
 * each to copy into a reader (a channel opened in a browser is XML). */
static int feeds_channels(struct web_req *r)
{
    const struct site *site = portal_site(r);
    struct feeds_channels_page p;
    memset(&p, 0, sizeof p);
    p.channels = ARENA_ARRAY(r->arena, struct feeds_channel, site->n_categories + 2);
    struct feeds_channel *c = p.channels;
    *c++ = (struct feeds_channel){.name = STR("Tin mới"), .about = STR("Tin bài mới của mọi chuyên mục"),
                                  .path = STR("/rss/")};
    for (size_t i = 0; i < site->n_categories; i++) {
        const struct site_category *cat = &site->categories[i];
        *c++ = (struct feeds_channel){
            .name = cat->name,
            .about = arena_printf(r->arena, "Tin bài mới của chuyên mục %.*s", (int)cat->name.n, cat->name.p),
            .path = arena_printf(r->arena, "/rss/%.*s.xml", (int)cat->slug.n, cat->slug.p)};
    }
    *c++ = (struct feeds_channel){.name = STR("Văn bản"), .about = STR("Văn bản chỉ đạo, điều hành mới ban hành"),
                                  .path = STR("/rss/van-ban.xml")};
    p.n_channels = (size_t)(c - p.channels);
    p.items = FEEDS_RSS_ITEMS;
    for (size_t i = 0; i < p.n_channels; i++)
        p.channels[i].address = arena_printf(r->arena, "%.*s%.*s", (int)site->base_url.n, site->base_url.p,
                                             (int)p.channels[i].path.n, p.channels[i].path.p);
    portal_layout(r, &p.layout, STR("Kênh tin RSS"));
    p.layout.description = STR("Các kênh tin RSS của trang: tin mới, từng chuyên mục và văn bản, với địa chỉ để "
                               "đưa vào phần mềm đọc tin.");
    layout_finish(&p.layout, r->arena);
    web_tag(r, "site");
    tpl_feeds_channels(portal_out(r), &p);
    return 0;
}

void feeds_register(void)
{
    static const struct {
        const char *pattern;
        web_handler get;
        unsigned flags;
    } routes[] = {
        {"/rss/", feeds_rss_all, ROUTE_CACHEABLE},
        {"/rss/van-ban.xml", feeds_rss_documents, ROUTE_CACHEABLE}, /* before the categories' */
        {"/rss/*.xml", feeds_rss_category, ROUTE_CACHEABLE},
        {"/sitemap.xml", feeds_sitemap_index, ROUTE_CACHEABLE},
        {"/sitemap-trang.xml", feeds_sitemap_pages, ROUTE_CACHEABLE},
        {"/sitemap-tin-tuc-*.xml", feeds_sitemap_articles, ROUTE_CACHEABLE},
        {"/sitemap-van-ban-*.xml", feeds_sitemap_documents, ROUTE_CACHEABLE},
        {"/robots.txt", feeds_robots, ROUTE_CACHEABLE},
        {"/favicon.ico", feeds_favicon, 0},
        {"/so-do-trang/", feeds_site_map, ROUTE_CACHEABLE | ROUTE_PAGE},
        {"/kenh-rss/", feeds_channels, ROUTE_CACHEABLE | ROUTE_PAGE},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        router_add((struct route){.pattern = routes[i].pattern, .get = routes[i].get, .flags = routes[i].flags});
}
