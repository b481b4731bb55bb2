/*
 * news.c - the handlers of the news pages; see news.h.
 *
 * Routes:
 *   /                                   home
 *   /tin-tuc/                           all news, ?trang=N
 *   /tin-tuc/<chuyen-muc>/              one category, ?trang=N
 *   /tin-tuc/<chuyen-muc>/<slug>-<id>.html   an article (a stale slug or
 *                                        category gets a 301 to the current URL)
 *   /in/<id>.html  /tai-ve/<id>.html    print view, save as an HTML file
 */
#include "news/news.h"

#include <stdio.h>

#include "core/buf.h"
#include "docs/docs.h"
#include "http/router.h"
#include "http/web.h"
#include "news/body.h"
#include "news/query.h"
#include "templates.h"
#include "text/vitime.h"

#define PER_PAGE 20
#define HOME_LATEST 10
#define HOME_FEATURED 5
#define HOME_PER_SECTION 5
#define NEIGHBOURS 5
#define HOME_DOCS 6
#define MAX_BLOCKS 200

static struct news_query query_of(struct web_req *r)
{
    return (struct news_query){r->db, r->arena, r->site, r->now};
}

/* --- home ---------------------------------------------------------------- */

static int news_home(struct web_req *r)
{
    struct news_query q = query_of(r);
    struct news_home_page p;
    web_layout(r, &p.layout, STR(""));
    p.layout.description = r->site->description;
    layout_finish(&p.layout, r->arena);
    p.n_featured = news_list(&q, 0, true, HOME_FEATURED, 0, &p.featured);
    p.n_latest = news_list(&q, 0, false, HOME_LATEST, 0, &p.latest);
    p.sections = ARENA_ARRAY(r->arena, struct news_section, r->site->n_categories ? r->site->n_categories : 1);
    p.n_sections = 0;
    for (size_t i = 0; i < r->site->n_categories; i++) {
        const struct site_category *c = &r->site->categories[i];
        struct news_section *s = &p.sections[p.n_sections];
        s->name = c->name;
        s->url = arena_printf(r->arena, "/tin-tuc/%.*s/", (int)c->slug.n, c->slug.p);
        s->n_items = news_list(&q, c->id, false, HOME_PER_SECTION, 0, &s->items);
        if (s->n_items)
            p.n_sections++;
        web_tag(r, "cat:%lld", (long long)c->id);
    }
    p.n_docs = docs_latest(r->db, r->arena, r->now, HOME_DOCS, &p.docs);
    web_tag(r, "docs");
    web_tag(r, "home");
    web_tag(r, "site");
    tpl_news_home(r->out, &p);
    return 0;
}

/* --- lists ------------------------------------------------------------------ */

/* The page number from ?trang=N: 1 when absent; -1 when not a number. */
static int page_param(struct web_req *r)
{
    struct str v = web_param(r, "trang");
    if (!v.p)
        return 1;
    unsigned long long n;
    if (!str_to_u64(v, &n) || n == 0 || n > 1000000)
        return -1;
    return (int)n;
}


/* Page n of a list at `base`: "/tin-tuc/abc/?trang=n" (page 1 is `base`). */
struct list_url_ctx {
    struct arena *arena;
    struct str base;
};

static struct str page_url(void *p, int page)
{
    struct list_url_ctx *c = p;
    if (page <= 1)
        return c->base;
    return arena_printf(c->arena, "%.*s?trang=%d", (int)c->base.n, c->base.p, page);
}

static int render_list(struct web_req *r, const struct site_category *cat)
{
    int page = page_param(r);
    if (page < 0)
        return web_error(r, 400);
    struct news_query q = query_of(r);
    struct news_category_page p;
    memset(&p, 0, sizeof p);
    p.name = cat ? cat->name : STR("Tin tức");
    p.description = cat ? cat->description : STR("Tất cả tin bài mới nhất của trang.");
    struct str base = cat ? arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p) : STR("/tin-tuc/");
    p.total = news_count(&q, cat ? cat->id : 0);
    p.pages = (int)((p.total + PER_PAGE - 1) / PER_PAGE);
    if (p.pages == 0)
        p.pages = 1;
    if (page > p.pages)
        return web_error(r, 404);
    p.page = page;
    p.n_items = news_list(&q, cat ? cat->id : 0, false, PER_PAGE, (page - 1) * PER_PAGE, &p.items);
    struct list_url_ctx urls = {r->arena, base};
    view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang"), page_url, &urls);
    struct str title = page > 1 ? arena_printf(r->arena, "%.*s - Trang %d", (int)p.name.n, p.name.p, page) : p.name;
    web_layout(r, &p.layout, title);
    p.layout.description = p.description;
    p.layout.active = cat ? cat->slug : STR_NULL;
    layout_finish(&p.layout, r->arena);
    if (cat)
        web_tag(r, "cat:%lld", (long long)cat->id);
    else
        web_tag(r, "home");
    web_tag(r, "site");
    tpl_news_category(r->out, &p);
    return 0;
}

static int news_all(struct web_req *r) { return render_list(r, NULL); }

static int news_category(struct web_req *r)
{
    const struct site_category *cat = site_category_by_slug(r->site, r->captures[0]);
    if (!cat)
        return web_error(r, 404);
    return render_list(r, cat);
}

/* "/tin-tuc/abc" (no slash): the category's address ends with one. */
static int news_category_no_slash(struct web_req *r)
{
    const struct site_category *cat = site_category_by_slug(r->site, r->captures[0]);
    if (!cat)
        return web_error(r, 404);
    return web_redirect(r, 301, arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p));
}

/* --- article ------------------------------------------------------------------ */

/* "some-slug-123.html" -> 123; 0 if the form is wrong. */
static int64_t id_from_segment(struct str seg, struct str *slug)
{
    if (!str_ends_with(seg, STR(".html")))
        return 0;
    seg.n -= 5;
    size_t i = seg.n;
    while (i > 0 && seg.p[i - 1] >= '0' && seg.p[i - 1] <= '9')
        i--;
    unsigned long long id;
    if (!str_to_u64((struct str){seg.p + i, seg.n - i}, &id) || id == 0 || id > INT64_MAX)
        return 0;
    if (slug)
        *slug = (struct str){seg.p, i > 0 ? i - 1 : 0};
    if (i > 0 && seg.p[i - 1] != '-')
        return 0;
    return (int64_t)id;
}

static struct str format_time(struct arena *a, int64_t t, void (*fmt)(struct buf *, int64_t))
{
    struct buf b = BUF_INIT;
    fmt(&b, t);
    struct str s = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return s;
}

static struct str url_encode(struct arena *a, struct str s)
{
    struct buf b = BUF_INIT;
    tpl_escape_url_part(&b, s);
    struct str out = arena_strdup(a, b.p, b.n);
    buf_free(&b);
    return out;
}

static void build_shares(struct web_req *r, struct news_article_page *p)
{
    struct str url = url_encode(r->arena, p->layout.canonical.n ? p->layout.canonical : p->layout.path);
    struct str title = url_encode(r->arena, p->title);
    p->shares = ARENA_ARRAY(r->arena, struct news_share, 4);
    p->shares[0] = (struct news_share){STR("Facebook"),
                                       arena_printf(r->arena, "https://www.facebook.com/sharer/sharer.php?u=%.*s",
                                                    (int)url.n, url.p)};
    p->shares[1] = (struct news_share){STR("Zalo"), arena_printf(r->arena, "https://sp.zalo.me/share_to_zalo?u=%.*s",
                                                                 (int)url.n, url.p)};
    p->shares[2] = (struct news_share){STR("X"), arena_printf(r->arena, "https://x.com/intent/post?url=%.*s&text=%.*s",
                                                              (int)url.n, url.p, (int)title.n, title.p)};
    p->shares[3] = (struct news_share){STR("Thư điện tử"), arena_printf(r->arena, "mailto:?subject=%.*s&body=%.*s",
                                                                         (int)title.n, title.p, (int)url.n, url.p)};
    p->n_shares = 4;
}

/* Loads everything an article page shows. Returns false if the article
 * is not published. */
static bool load_article(struct web_req *r, int64_t id, struct news_article_page *p, struct news_article_row *a,
                         const struct site_category **cat)
{
    struct news_query q = query_of(r);
    if (!news_article(&q, id, a))
        return false;
    *cat = site_category_by_id(r->site, a->category_id);
    memset(p, 0, sizeof *p);
    p->id = a->id;
    p->title = a->title;
    p->summary = a->summary;
    p->author = a->author;
    p->source = a->source;
    struct str when = format_time(r->arena, a->published_at, vi_format_datetime);
    p->when = when;
    p->published_iso = format_time(r->arena, a->published_at, vi_format_iso8601);
    p->modified_iso = format_time(r->arena, a->updated_at > a->published_at ? a->updated_at : a->published_at,
                                  vi_format_iso8601);
    p->category_name = *cat ? (*cat)->name : STR("Tin tức");
    struct str cat_slug = *cat ? (*cat)->slug : STR("tin-tuc");
    p->category_url = arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat_slug.n, cat_slug.p);
    if (a->image_name.n) {
        p->image_url = news_media_url(r->arena, a->image_name);
        p->image_alt = a->image_alt.n ? a->image_alt : a->title;
        p->image_caption = a->image_caption;
        p->image_width = a->image_width;
        p->image_height = a->image_height;
        if (r->site->base_url.n)
            p->image_abs_url = arena_printf(r->arena, "%.*s%.*s", (int)r->site->base_url.n, r->site->base_url.p,
                                            (int)p->image_url.n, p->image_url.p);
    }
    struct body_item *items;
    size_t n = news_body_parse(r->arena, a->body, &items, MAX_BLOCKS);
    p->blocks = ARENA_ARRAY(r->arena, struct news_block, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        struct news_block *b = &p->blocks[p->n_blocks];
        b->kind = items[i].kind;
        b->text = items[i].text;
        if (b->kind == NEWS_IMAGE) {
            struct str name;
            if (!news_media(&q, items[i].media_id, &name, &b->image_alt, &b->width, &b->height))
                continue; /* an image that is gone is left out, not shown broken */
            b->image_url = news_media_url(r->arena, name);
            if (!b->image_alt.n)
                b->image_alt = b->text.n ? b->text : a->title;
            web_tag(r, "media:%lld", (long long)items[i].media_id);
        }
        p->n_blocks++;
    }
    p->n_tags = news_tags(&q, a->id, &p->tags);
    p->rating_sum = a->rating_sum;
    p->rating_count = a->rating_count;
    p->n_newer = news_neighbours(&q, a, true, NEIGHBOURS, &p->newer);
    p->n_older = news_neighbours(&q, a, false, NEIGHBOURS, &p->older);
    p->n_related = news_related(&q, a->id, NEIGHBOURS, &p->related);
    p->n_docs = docs_for_article(r->db, r->arena, a->id, r->now, &p->docs);
    if (p->n_docs)
        web_tag(r, "docs");
    p->print_url = arena_printf(r->arena, "/in/%lld.html", (long long)a->id);
    p->save_url = arena_printf(r->arena, "/tai-ve/%lld.html", (long long)a->id);
    web_tag(r, "art:%lld", (long long)a->id);
    web_tag(r, "cat:%lld", (long long)a->category_id);
    web_tag(r, "site");
    return true;
}

static int news_article_page(struct web_req *r)
{
    struct str slug;
    int64_t id = id_from_segment(r->captures[1], &slug);
    if (!id)
        return web_error(r, 404);
    struct news_article_page p;
    struct news_article_row a;
    const struct site_category *cat;
    if (!load_article(r, id, &p, &a, &cat))
        return web_error(r, 404);
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    if (!str_eq(slug, a.slug) || !str_eq(r->captures[0], cat_slug))
        return web_redirect(r, 301, news_article_url(r->arena, cat_slug, a.slug, a.id));
    web_layout(r, &p.layout, a.title);
    p.layout.description = a.summary;
    p.layout.active = cat_slug;
    layout_finish(&p.layout, r->arena);
    build_shares(r, &p);
    r->last_modified = a.updated_at > a.published_at ? a.updated_at : a.published_at;
    tpl_news_article(r->out, &p);
    return 0;
}

/* "/in/123.html" and "/tai-ve/123.html" */
static int print_or_save(struct web_req *r, bool save)
{
    struct str seg = r->captures[0];
    unsigned long long id;
    if (!str_ends_with(seg, STR(".html")) || !str_to_u64((struct str){seg.p, seg.n - 5}, &id) || id == 0)
        return web_error(r, 404);
    struct news_article_page p;
    struct news_article_row a;
    const struct site_category *cat;
    if (!load_article(r, (int64_t)id, &p, &a, &cat))
        return web_error(r, 404);
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    web_layout(r, &p.layout, a.title);
    p.layout.canonical = r->site->base_url.n
                             ? arena_printf(r->arena, "%.*s%.*s", (int)r->site->base_url.n, r->site->base_url.p,
                                            (int)news_article_url(r->arena, cat_slug, a.slug, a.id).n,
                                            news_article_url(r->arena, cat_slug, a.slug, a.id).p)
                             : STR_NULL;
    p.layout.noindex = true;
    layout_finish(&p.layout, r->arena);
    p.standalone = save;
    if (save && r->site->base_url.n) {
        /* The saved file is opened from disk: its images need the site's
         * address. */
        struct str base = r->site->base_url;
        if (p.image_url.n)
            p.image_url = arena_printf(r->arena, "%.*s%.*s", (int)base.n, base.p, (int)p.image_url.n, p.image_url.p);
        for (size_t i = 0; i < p.n_blocks; i++)
            if (p.blocks[i].image_url.n)
                p.blocks[i].image_url = arena_printf(r->arena, "%.*s%.*s", (int)base.n, base.p,
                                                     (int)p.blocks[i].image_url.n, p.blocks[i].image_url.p);
    }
    if (save) {
        r->disposition = arena_printf(r->arena, "attachment; filename=\"%.*s.html\"", (int)a.slug.n, a.slug.p);
        tpl_news_saved(r->out, &p);
    } else {
        tpl_news_print(r->out, &p);
    }
    return 0;
}

static int news_print(struct web_req *r) { return print_or_save(r, false); }
static int news_save(struct web_req *r) { return print_or_save(r, true); }

void news_register(void)
{
    static const char *const page_params[] = {"trang", NULL};
    router_add("/", news_home, NULL, ROUTE_CACHEABLE | ROUTE_PAGE);
    router_add("/tin-tuc/", news_all, page_params, ROUTE_CACHEABLE | ROUTE_PAGE);
    router_add("/tin-tuc/*/", news_category, page_params, ROUTE_CACHEABLE | ROUTE_PAGE);
    router_add("/tin-tuc/*/*", news_article_page, NULL, ROUTE_CACHEABLE | ROUTE_PAGE);
    router_add("/tin-tuc/*", news_category_no_slash, NULL, 0);
    router_add("/in/*", news_print, NULL, ROUTE_CACHEABLE);
    router_add("/tai-ve/*", news_save, NULL, ROUTE_CACHEABLE);
}
