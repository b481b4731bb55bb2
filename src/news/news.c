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
#include <strings.h>

#include "core/buf.h"
#include "docs/docs.h"
#include "http/router.h"
#include "http/web.h"
#include "media/media.h"
#include "news/body.h"
#include "news/query.h"
#include "portal/app.h"
#include "stats/views.h"
#include "talk/talk.h"
#include "templates.h"
#include "text/vitime.h"

#define PER_PAGE 20
#define HOME_LATEST 10
#define HOME_FEATURED 5
#define HOME_PER_SECTION 5
#define NEIGHBOURS 5
#define HOME_DOCS 6

static struct news_query query_of(struct web_req *r)
{
    return (struct news_query){.db = r->db, .arena = r->arena, .site = portal_site(r), .now = r->now};
}

/* --- home ---------------------------------------------------------------- */

/* Tags the page (and the fragment being drawn) with the cards' pictures,
 * those not found too: a picture added under that id later shows. */
static void tag_pictures(struct web_req *r, const struct news_card *cards, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (cards[i].image_id > 0)
            web_tag(r, "media:%lld", (long long)cards[i].image_id);
}

/* How a list draws its cards: as cards with a heading of level 2 or 3, or
 * as lines of titles (an article's newer and older news). */
enum card_look { CARD_H2, CARD_H3, CARD_TITLE };

static void draw_card(struct tpl_out *out, const struct news_card *c, enum card_look look)
{
    if (look == CARD_TITLE)
        tpl_news_title_item(out, c);
    else
        tpl_news_card(out, c, look == CARD_H2 ? 2 : 3);
}

/* The cards of a list, each kept as a piece of its own (web_piece_*): one
 * article's card shows on the home page, in its category's pages and under
 * its related articles, and a write drops only the cards of what it
 * changed, so the first view after a publish draws one card, not forty.
 * The list came with ids alone (q->ids_only); the cards not kept are read
 * and drawn here, each under its article's, its picture's and the site's
 * tags (the category's name and address). Sets *n to the cards left (one
 * deleted since the list was read is left out); 0 or -1. */
static int cards_kept(struct web_req *r, const struct news_query *q, struct news_card *cards, size_t *n,
                      enum card_look look)
{
    if (!q->ids_only || !*n)
        return 0;
    static const char *const prefixes[] = {[CARD_H2] = "card:2:", [CARD_H3] = "card:3:", [CARD_TITLE] = "title:"};
    struct str prefix = str_cstr(prefixes[look]);
    char num[24];
    struct buf got = BUF_INIT;
    for (size_t i = 0; i < *n; i++) {
        struct str key = ARENA_JOIN(r->arena, prefix, str_of_u64(num, (unsigned long long)cards[i].id));
        got.n = 0;
        if (web_piece_get(r, key, &got)) {
            struct str bytes = arena_strdup(r->arena, got.p ? got.p : "", got.n);
            cards[i].kept = tpl_html_trusted(bytes.p, bytes.n);
        }
    }
    buf_free(&got);
    int left = news_cards_fill(q, cards, *n, look == CARD_TITLE);
    if (left < 0)
        return -1;
    *n = (size_t)left;
    struct tpl_out drawn = TPL_OUT_INIT;
    for (size_t i = 0; i < *n; i++) {
        struct news_card *c = &cards[i];
        if (c->kept.n)
            continue;
        tpl_out_reset(&drawn);
        draw_card(&drawn, c, look);
        struct str id = str_of_u64(num, (unsigned long long)c->id);
        struct str tags[3];
        size_t n_tags = 0;
        tags[n_tags++] = ARENA_JOIN(r->arena, STR("art:"), id);
        tags[n_tags++] = STR("site");
        if (c->image_id > 0) {
            char pic[24];
            tags[n_tags++] = ARENA_JOIN(r->arena, STR("media:"), str_of_u64(pic, (unsigned long long)c->image_id));
        }
        struct str bytes = arena_strdup(r->arena, drawn.buf.p ? drawn.buf.p : "", drawn.buf.n);
        web_piece_put(r, ARENA_JOIN(r->arena, prefix, id), bytes, tags, n_tags);
        c->kept = tpl_html_trusted(bytes.p, bytes.n);
    }
    tpl_out_free(&drawn);
    return 0;
}

/* The query of a list whose cards cards_kept draws. */
static struct news_query ids_query(const struct news_query *q)
{
    struct news_query ids = *q;
    ids.ids_only = web_pieces_on();
    return ids;
}

/* The featured and latest lists: what any news write may change. */
static int home_lists(struct web_req *r, const struct news_query *q)
{
    struct tpl_out *out = portal_out(r);
    struct news_card *cards;
    size_t n;
    struct web_fragment f;
    if (!web_fragment_begin(r, STR("home:featured"), &f)) {
        if (news_list(q, 0, true, HOME_FEATURED, 0, &cards, &n) != 0)
            return -1;
        web_tag(r, "news");
        web_tag(r, "site");
        tag_pictures(r, cards, n);
        tpl_news_home_featured(out, cards, n);
        web_fragment_end(r, &f);
    }
    if (!web_fragment_begin(r, STR("home:latest"), &f)) {
        struct news_query ids = ids_query(q);
        if (news_list(&ids, 0, false, HOME_LATEST, 0, &cards, &n) != 0 || cards_kept(r, &ids, cards, &n, CARD_H3) != 0)
            return -1;
        web_tag(r, "news");
        web_tag(r, "site");
        tag_pictures(r, cards, n);
        tpl_news_home_latest(out, cards, n);
        web_fragment_end(r, &f);
    }
    return 0;
}

/* A category's section: what a write to one of its articles changes
 * (news writes touch "cat:N" for every category an article is or was
 * filed under), so a publish elsewhere leaves it as it was kept. */
static int home_section(struct web_req *r, const struct news_query *q, const struct site_category *c)
{
    char num[24];
    struct str key = ARENA_JOIN(r->arena, STR("home:cat:"), str_of_u64(num, (unsigned long long)c->id));
    struct web_fragment f;
    if (web_fragment_begin(r, key, &f))
        return 0;
    struct news_section s = {.id = c->id, .name = c->name};
    s.url = ARENA_JOIN(r->arena, STR("/tin-tuc/"), c->slug, STR("/"));
    struct news_query ids = ids_query(q);
    if (news_list(&ids, c->id, false, HOME_PER_SECTION, 0, &s.items, &s.n_items) != 0 ||
        cards_kept(r, &ids, s.items, &s.n_items, CARD_H3) != 0)
        return -1;
    web_tag(r, "cat:%lld", (long long)c->id);
    web_tag(r, "site");
    tag_pictures(r, s.items, s.n_items);
    tpl_news_home_section(portal_out(r), &s);
    web_fragment_end(r, &f);
    return 0;
}

static int news_home(struct web_req *r)
{
    struct news_query q = query_of(r);
    const struct site *site = portal_site(r);
    struct tpl_out *out = portal_out(r);
    struct news_home_page p;
    portal_layout(r, &p.layout, STR(""));
    p.layout.description = site->description;
    layout_finish(&p.layout, r->arena);
    web_tag(r, "site");
    tpl_news_home(out, &p);
    if (home_lists(r, &q) != 0)
        return -1;
    /* Documents show from the day they are dated: the day is in the key. */
    char day[24];
    struct str docs_key =
        ARENA_JOIN(r->arena, STR("home:docs:"), str_of_u64(day, (unsigned long long)vi_day_number(r->now)));
    struct web_fragment f;
    if (!web_fragment_begin(r, docs_key, &f)) {
        struct docs_item *docs;
        size_t n_docs;
        if (docs_latest(r->db, r->arena, r->now, HOME_DOCS, &docs, &n_docs) != 0)
            return -1;
        web_tag(r, "docs");
        tpl_docs_latest(out, docs, n_docs);
        web_fragment_end(r, &f);
    }
    /* The monitor's block sums the province's assessments: read again after
     * any write to the database (ntm/home.c), it would cost more than the
     * rest of the page on the first view after each news write. */
    if (!web_fragment_begin(r, STR("home:ntm"), &f)) {
        struct ntm_home_block ntm;
        if (ntm_home_block_read(r->db, r->arena, &ntm) != 0)
            return -1;
        web_tag(r, "ntm");
        tpl_ntm_home_block(out, &ntm);
        web_fragment_end(r, &f);
    }
    for (size_t i = 0; i < site->n_categories; i++)
        if (home_section(r, &q, &site->categories[i]) != 0)
            return -1;
    tpl_layout_foot(out, &p.layout);
    return 0;
}

/* --- lists ------------------------------------------------------------------ */


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
    int page = portal_page_param(r, 1000000);
    if (!page)
        return 0;
    struct news_query q = query_of(r);
    struct news_category_page p;
    memset(&p, 0, sizeof p);
    p.empty = STR("Chuyên mục chưa có tin bài.");
    p.name = cat ? cat->name : STR("Tin tức");
    p.description = cat ? cat->description : STR("Tất cả tin bài mới nhất của trang.");
    struct str base = cat ? arena_printf(r->arena, "/tin-tuc/%.*s/", (int)cat->slug.n, cat->slug.p) : STR("/tin-tuc/");
    if (news_count(&q, cat ? cat->id : 0, &p.total) != 0)
        return -1;
    p.pages = (int)((p.total + PER_PAGE - 1) / PER_PAGE);
    if (p.pages == 0)
        p.pages = 1;
    if (page > p.pages)
        return portal_page_beyond(r, p.pages);
    p.page = page;
    struct news_query ids = ids_query(&q);
    if (news_list(&ids, cat ? cat->id : 0, false, PER_PAGE, (page - 1) * PER_PAGE, &p.items, &p.n_items) != 0 ||
        cards_kept(r, &ids, p.items, &p.n_items, CARD_H2) != 0)
        return -1;
    struct list_url_ctx urls = {r->arena, base};
    view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang"), page_url, &urls);
    struct str title = page > 1 ? arena_printf(r->arena, "%.*s - Trang %d", (int)p.name.n, p.name.p, page) : p.name;
    portal_layout(r, &p.layout, title);
    p.layout.description = p.description;
    p.layout.active = cat ? cat->slug : STR_NULL;
    if (cat) {
        p.layout.feed_url = ARENA_JOIN(r->arena, STR("/rss/"), cat->slug, STR(".xml"));
        p.layout.feed_title = ARENA_JOIN(r->arena, STR("RSS "), cat->name);
    }
    layout_finish(&p.layout, r->arena);
    if (cat)
        web_tag(r, "cat:%lld", (long long)cat->id);
    else
        web_tag(r, "news");
    web_tag(r, "site");
    tpl_news_category(portal_out(r), &p);
    return 0;
}

static int news_all(struct web_req *r) { return render_list(r, NULL); }

/* GET /tu-khoa/SLUG/: the published articles of a tag, newest first, as a
 * category's page lists them (the article's tags link here). */
static int tag_page(struct web_req *r)
{
    int page = portal_page_param(r, 1000000);
    if (!page)
        return 0;
    struct news_query q = query_of(r);
    struct news_tag tag;
    int found = r->captures[0].n && r->captures[0].n <= 200 ? news_tag_by_slug(&q, r->captures[0], &tag) : 0;
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct news_category_page p;
    memset(&p, 0, sizeof p);
    p.tag = true;
    p.name = tag.name;
    p.empty = STR("Chưa có tin bài nào đã đăng mang từ khóa này.");
    struct news_query ids = ids_query(&q);
    if (news_tag_list(&ids, tag.id, PER_PAGE, (page - 1) * PER_PAGE, &p.total, &p.items, &p.n_items) != 0)
        return -1;
    /* a tag on no published article (a draft's, an embargoed story's) is
     * no page: its name is not told to whoever guesses the address */
    p.pages = (int)((p.total + PER_PAGE - 1) / PER_PAGE);
    if (!p.total)
        return web_error(r, 404);
    if (page > p.pages)
        return portal_page_beyond(r, p.pages);
    p.page = page;
    if (cards_kept(r, &ids, p.items, &p.n_items, CARD_H2) != 0)
        return -1;
    struct str base = arena_printf(r->arena, "/tu-khoa/%.*s/", (int)tag.slug.n, tag.slug.p);
    struct list_url_ctx urls = {r->arena, base};
    view_pager_build(&p.pager, r->arena, p.page, p.pages, STR("Phân trang"), page_url, &urls);
    struct str title = page > 1 ? arena_printf(r->arena, "Từ khóa: %.*s - Trang %d", (int)p.name.n, p.name.p, page)
                                : arena_printf(r->arena, "Từ khóa: %.*s", (int)p.name.n, p.name.p);
    portal_layout(r, &p.layout, title);
    p.layout.description = arena_printf(r->arena, "Các tin bài mang từ khóa “%.*s”.", (int)p.name.n, p.name.p);
    layout_finish(&p.layout, r->arena);
    web_tag(r, "tag:%lld", (long long)tag.id);
    web_tag(r, "site");
    tpl_news_category(portal_out(r), &p);
    return 0;
}

/* The answer for a category slug no category has: 301 to the category's
 * current address when it is one of its old slugs (the site module keeps
 * them), 404 otherwise. */
static int category_missing(struct web_req *r, struct str slug)
{
    struct str now;
    int moved = site_category_moved(r->db, r->arena, slug, &now);
    if (moved <= 0)
        return moved < 0 ? -1 : web_error(r, 404);
    struct str page = web_param(r, "trang");
    unsigned long long number;
    if (!str_to_u64(page, &number))
        page = STR_NULL; /* only a page number goes along */
    return web_redirect(r, 301, page.n ? arena_printf(r->arena, "/tin-tuc/%.*s/?trang=%.*s", (int)now.n, now.p,
                                                      (int)page.n, page.p)
                                       : arena_printf(r->arena, "/tin-tuc/%.*s/", (int)now.n, now.p));
}

static int news_category(struct web_req *r)
{
    const struct site_category *cat = site_category_by_slug(portal_site(r), r->captures[0]);
    if (!cat)
        return category_missing(r, r->captures[0]);
    return render_list(r, cat);
}

/* "/tin-tuc/abc" (no slash): the category's address ends with one. */
static int news_category_no_slash(struct web_req *r)
{
    const struct site_category *cat = site_category_by_slug(portal_site(r), r->captures[0]);
    if (!cat)
        return category_missing(r, r->captures[0]);
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
    int64_t id;
    if (!str_to_id((struct str){seg.p + i, seg.n - i}, &id))
        return 0;
    if (slug)
        *slug = (struct str){seg.p, i > 0 ? i - 1 : 0};
    if (i > 0 && seg.p[i - 1] != '-')
        return 0;
    return id;
}

static struct str format_time(struct arena *a, int64_t t, void (*fmt)(struct buf *, int64_t))
{
    struct buf *b = buf_scratch();
    fmt(b, t);
    return arena_strdup(a, b->p, b->n);
}

static struct str url_encode(struct arena *a, struct str s)
{
    struct buf *b = buf_scratch();
    tpl_escape_url_part(b, s);
    return arena_strdup(a, b->p, b->n);
}

static void build_shares(struct web_req *r, struct news_article_page *p)
{
    struct str url = url_encode(r->arena, p->layout.canonical.n ? p->layout.canonical : p->layout.path);
    struct str title = url_encode(r->arena, p->title);
    p->shares = ARENA_ARRAY(r->arena, struct news_share, 4);
    p->shares[0] = (struct news_share){STR("Facebook"),
                                       ARENA_JOIN(r->arena, STR("https://www.facebook.com/sharer/sharer.php?u="), url)};
    p->shares[1] = (struct news_share){STR("Zalo"), ARENA_JOIN(r->arena, STR("https://sp.zalo.me/share_to_zalo?u="), url)};
    p->shares[2] = (struct news_share){STR("X"), ARENA_JOIN(r->arena, STR("https://x.com/intent/post?url="), url,
                                                            STR("&text="), title)};
    p->shares[3] = (struct news_share){STR("Thư điện tử"), ARENA_JOIN(r->arena, STR("mailto:?subject="), title,
                                                                       STR("&body="), url)};
    p->n_shares = 4;
}


/* The page writes "Theo " before the source; a source typed with its own
 * "Theo" ("Theo Báo Hà Tĩnh") is shown without it, not "Theo Theo ...". */
static struct str without_theo(struct str source)
{
    if (source.n > 5 && strncasecmp(source.p, "theo ", 5) == 0) {
        source = str_skip(source, 5);
        while (source.n && source.p[0] == ' ')
            source = str_skip(source, 1);
    }
    return source;
}
/* The article's text: its body (the pictures in it from the media library)
 * and its tags. 0 or -1. */
static int load_text(struct web_req *r, const struct news_article_row *a, struct news_article_page *p)
{
    struct news_query q = query_of(r);
    struct body_item *items;
    /* A newsroom body is HTML that went through the sanitiser when it was
     * saved: what is stored is what is shown. */
    if (a->body_format == 1) {
        /* The pictures get their smaller sizes (srcset) from the library
         * as the page is drawn; what is stored stays what was sanitised. */
        struct buf html = {0};
        int64_t *ids;
        size_t n_ids;
        if (media_html_srcset(r->db, r->arena, a->body, STR("(max-width: 800px) 100vw, 800px"), &html, &ids,
                              &n_ids) != 0) {
            buf_free(&html);
            return -1;
        }
        for (size_t i = 0; i < n_ids; i++)
            web_tag(r, "media:%lld", (long long)ids[i]);
        struct str kept = arena_strdup(r->arena, html.p ? html.p : "", html.n);
        buf_free(&html);
        p->html_body = tpl_html_trusted(kept.p, kept.n);
    }
    size_t n = a->body_format == 1 ? 0 : news_body_parse(r->arena, a->body, &items);
    p->blocks = ARENA_ARRAY(r->arena, struct news_block, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        struct news_block *b = &p->blocks[p->n_blocks];
        b->kind = items[i].kind;
        b->text = items[i].text;
        if (b->kind == NEWS_IMAGE) {
            struct str name;
            web_tag(r, "media:%lld", (long long)items[i].media_id);
            int there = news_media(&q, items[i].media_id, &name, &b->image_alt, &b->width, &b->height,
                                   &b->image_srcset);
            if (there < 0)
                return -1;
            if (!there)
                continue; /* an image that is gone is left out, not shown broken */
            b->image_url = media_url(r->arena, name);
            if (!b->image_alt.n)
                b->image_alt = b->text.n ? b->text : a->title;
        }
        p->n_blocks++;
    }
    return news_tags(&q, a->id, &p->tags, &p->n_tags);
}

/* The lists under the article: its category's newer and older news
 * (cat:), and the related news of its first tag (tag:), leaving out what
 * the newer and older titles above them already list. 0 or -1. */
static int load_around(struct web_req *r, const struct news_article_row *a, struct news_article_page *p)
{
    struct news_query q = query_of(r), ids = ids_query(&q);
    web_tag(r, "art:%lld", (long long)a->id);
    web_tag(r, "cat:%lld", (long long)a->category_id);
    if (news_neighbours(&ids, a, true, NEIGHBOURS, &p->newer, &p->n_newer) != 0 ||
        cards_kept(r, &ids, p->newer, &p->n_newer, CARD_TITLE) != 0 ||
        news_neighbours(&ids, a, false, NEIGHBOURS, &p->older, &p->n_older) != 0 ||
        cards_kept(r, &ids, p->older, &p->n_older, CARD_TITLE) != 0)
        return -1;
    if (!p->n_tags)
        return 0;
    struct news_card *shown = ARENA_ARRAY(r->arena, struct news_card, p->n_newer + p->n_older + 1);
    if (p->n_newer)
        memcpy(shown, p->newer, p->n_newer * sizeof *shown);
    if (p->n_older)
        memcpy(shown + p->n_newer, p->older, p->n_older * sizeof *shown);
    if (news_related(&ids, a->id, p->tags[0].id, NEIGHBOURS, shown, p->n_newer + p->n_older, &p->related,
                     &p->n_related) != 0 ||
        cards_kept(r, &ids, p->related, &p->n_related, CARD_H3) != 0)
        return -1;
    web_tag(r, "tag:%lld", (long long)p->tags[0].id); /* a new article of the tag changes the list */
    for (size_t i = 0; i < p->n_related; i++)
        web_tag(r, "art:%lld", (long long)p->related[i].id);
    return 0;
}

/* Draws the lists under the article into p->around. On the public page
 * (`keep`) they are kept between renders (web_fragment_begin_in), with the
 * tags of what they show: a page drawn again for something else (a
 * comment approved, the day turning, a write to the article's own text)
 * does not read the category's and the tag's indexes again. The lists
 * alone are kept, not the article's text: they cost most of a render and
 * weigh a few kilobytes, where the text would fill the pieces' budget
 * with a crawler's walk through old articles. 0 or -1. */
static int draw_around(struct web_req *r, bool keep, const struct news_article_row *a, struct news_article_page *p)
{
    struct tpl_out out = TPL_OUT_INIT;
    struct web_fragment f = {0};
    char num[24];
    struct str key = ARENA_JOIN(r->arena, STR("around:"), str_of_u64(num, (unsigned long long)a->id));
    if (!keep || !web_fragment_begin_in(r, key, &out.buf, &f)) {
        if (load_around(r, a, p) != 0) {
            f.untagged = true; /* nothing of a failed draw is kept */
            web_fragment_end(r, &f);
            tpl_out_free(&out);
            return -1;
        }
        tpl_news_around(&out, p);
        web_fragment_end(r, &f);
    }
    struct str bytes = arena_strdup(r->arena, out.buf.p ? out.buf.p : "", out.buf.n);
    p->around = tpl_html_trusted(bytes.p, bytes.n);
    tpl_out_free(&out);
    return 0;
}

/* Loads everything an article page shows: 1, 0 if the article is not
 * published, -1 on a failure. `talk` (NULL for the print and saved views)
 * receives the readers' comments and the rating form's links. */
static int load_article(struct web_req *r, int64_t id, bool preview, struct news_article_page *p,
                        struct news_article_row *a, const struct site_category **cat, struct talk_article_view *talk)
{
    struct news_query q = query_of(r);
    const struct site *site = portal_site(r);
    int found = news_article_as(&q, id, preview, a);
    if (found <= 0)
        return found;
    *cat = site_category_by_id(site, a->category_id);
    memset(p, 0, sizeof *p);
    p->id = a->id;
    p->title = a->title;
    p->summary = a->summary;
    p->author = a->author;
    p->source = without_theo(a->source);
    p->when = format_time(r->arena, a->published_at, vi_format_datetime);
    p->published_iso = format_time(r->arena, a->published_at, vi_format_iso8601);
    p->modified_iso = format_time(r->arena, a->updated_at > a->published_at ? a->updated_at : a->published_at,
                                  vi_format_iso8601);
    p->category_name = *cat ? (*cat)->name : STR("Tin tức");
    struct str cat_slug = *cat ? (*cat)->slug : STR("tin-tuc");
    p->category_url = ARENA_JOIN(r->arena, STR("/tin-tuc/"), cat_slug, STR("/"));
    if (a->image_name.n) {
        p->image_url = media_url(r->arena, a->image_name);
        p->image_srcset = a->image_srcset;
        p->image_alt = a->image_alt.n ? a->image_alt : a->title;
        p->image_caption = a->image_caption;
        p->image_width = a->image_width;
        p->image_height = a->image_height;
        if (site->base_url.n)
            p->image_abs_url = ARENA_JOIN(r->arena, site->base_url, p->image_url);
        web_tag(r, "media:%lld", (long long)a->image_id);
    }
    p->rating_sum = a->rating_sum;
    p->rating_count = a->rating_count;
    p->views = view_number(r->arena, a->views);
    /* The print views show neither the tags' nor the category's lists. */
    if (load_text(r, a, p) != 0 || ((talk || preview) && draw_around(r, talk != NULL, a, p) != 0))
        return -1;
    if (docs_for_article(r->db, r->arena, a->id, r->now, &p->docs, &p->n_docs) != 0)
        return -1;
    for (size_t i = 0; i < p->n_docs; i++)
        web_tag(r, "doc:%lld", (long long)p->docs[i].id);
    /* Readers' comments (the talk module): their own tag, so that a
     * comment approved drops this page alone. */
    if (talk) {
        if (talk_for_article(r->db, r->arena, a->id, talk) != 0)
            return -1;
        web_tag(r, "talk:%lld", (long long)a->id);
    }
    struct str number = arena_decimal(r->arena, a->id);
    p->print_url = ARENA_JOIN(r->arena, STR("/in/"), number, STR(".html"));
    p->save_url = ARENA_JOIN(r->arena, STR("/tai-ve/"), number, STR(".html"));
    web_tag(r, "art:%lld", (long long)a->id);
    web_tag(r, "cat:%lld", (long long)a->category_id);
    web_tag(r, "site");
    return 1;
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
    struct talk_article_view talk;
    int found = load_article(r, id, false, &p, &a, &cat, &talk);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    if (!str_eq(slug, a.slug) || !str_eq(r->captures[0], cat_slug))
        return web_redirect(r, 301, news_article_url(r->arena, cat_slug, a.slug, a.id));
    portal_layout(r, &p.layout, a.title);
    p.layout.description = a.summary;
    p.layout.own_open_graph = true;
    p.layout.active = cat_slug;
    layout_finish(&p.layout, r->arena);
    build_shares(r, &p);
    r->last_modified = a.updated_at > a.published_at ? a.updated_at : a.published_at;
    tpl_news_article(portal_out(r), &p, &talk);
    return 0;
}

int news_preview_page(struct web_req *r, int64_t id)
{
    r->no_store = true;
    r->cacheable = false;
    struct news_article_page p;
    struct news_article_row a;
    const struct site_category *cat;
    int found = load_article(r, id, true, &p, &a, &cat, NULL);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    portal_layout(r, &p.layout, arena_printf(r->arena, "Xem trước: %.*s", (int)a.title.n, a.title.p));
    p.layout.noindex = true;
    p.layout.active = cat ? cat->slug : STR("tin-tuc");
    layout_finish(&p.layout, r->arena);
    p.preview = true;
    p.edit_url = arena_printf(r->arena, "/quan-tri/bai-viet/%lld", (long long)id);
    struct talk_article_view none;
    memset(&none, 0, sizeof none);
    tpl_news_article(portal_out(r), &p, &none);
    return 0;
}

/* "/in/123.html" and "/tai-ve/123.html" */
/* A body written in the newsroom, for a file opened from disk: the
 * addresses of the site ('="/...', and the later entries of a srcset,
 * ', /media/...') get the site's address before them. The body is the
 * sanitiser's output, whose attribute values are always in double quotes
 * and whose text never holds a bare '"'. */
static struct tpl_html absolute_addresses(struct arena *a, struct tpl_html html, struct str base)
{
    struct buf out = {0};
    size_t i = 0;
    while (i < html.n) {
        const char *p = html.p + i;
        size_t left = html.n - i;
        if (left >= 3 && p[0] == '=' && p[1] == '"' && p[2] == '/' && !(left >= 4 && p[3] == '/')) {
            buf_append(&out, "=\"", 2);
            buf_put(&out, base);
            i += 2;
        } else if (left >= 9 && memcmp(p, ", /media/", 9) == 0) {
            buf_append(&out, ", ", 2);
            buf_put(&out, base);
            i += 2;
        } else {
            buf_putc(&out, *p);
            i++;
        }
    }
    struct str kept = arena_strdup(a, out.p ? out.p : "", out.n);
    buf_free(&out);
    return tpl_html_trusted(kept.p, kept.n);
}

static int print_or_save(struct web_req *r, bool save)
{
    struct str seg = r->captures[0];
    int64_t id;
    if (!str_ends_with(seg, STR(".html")) || !str_to_id((struct str){seg.p, seg.n - 5}, &id))
        return web_error(r, 404);
    struct news_article_page p;
    struct news_article_row a;
    const struct site_category *cat;
    int found = load_article(r, id, false, &p, &a, &cat, NULL);
    if (found <= 0)
        return found < 0 ? -1 : web_error(r, 404);
    struct str cat_slug = cat ? cat->slug : STR("tin-tuc");
    const struct site *site = portal_site(r);
    portal_layout(r, &p.layout, a.title);
    p.article_url = news_article_url(r->arena, cat_slug, a.slug, a.id);
    p.layout.canonical = site->base_url.n ? ARENA_JOIN(r->arena, site->base_url, p.article_url) : STR_NULL;
    p.layout.noindex = true;
    layout_finish(&p.layout, r->arena);
    p.standalone = save;
    if (save && site->base_url.n) {
        /* The saved file is opened from disk: its images need the site's
         * address. */
        struct str base = site->base_url;
        p.image_srcset = STR_NULL; /* one picture, by its full address */
        for (size_t i = 0; i < p.n_blocks; i++)
            p.blocks[i].image_srcset = STR_NULL;
        if (p.image_url.n)
            p.image_url = arena_printf(r->arena, "%.*s%.*s", (int)base.n, base.p, (int)p.image_url.n, p.image_url.p);
        for (size_t i = 0; i < p.n_blocks; i++)
            if (p.blocks[i].image_url.n)
                p.blocks[i].image_url = arena_printf(r->arena, "%.*s%.*s", (int)base.n, base.p,
                                                     (int)p.blocks[i].image_url.n, p.blocks[i].image_url.p);
        if (p.html_body.n)
            p.html_body = absolute_addresses(r->arena, p.html_body, base);
    }
    if (save) {
        r->disposition = arena_printf(r->arena, "attachment; filename=\"%.*s.html\"", (int)a.slug.n, a.slug.p);
        tpl_news_saved(portal_out(r), &p);
    } else {
        tpl_news_print(portal_out(r), &p);
    }
    return 0;
}

static int news_print(struct web_req *r) { return print_or_save(r, false); }
static int news_save(struct web_req *r) { return print_or_save(r, true); }

/* What a document's page shows of the articles that cite it (docs.h). */
static int citing_links(struct web_req *r, const int64_t *ids, size_t n_ids, int limit, struct docs_link **out,
                        size_t *n)
{
    struct news_query q = query_of(r);
    struct news_card *cards;
    size_t n_cards;
    *out = NULL;
    *n = 0;
    if (news_cards_by_ids(&q, ids, n_ids, limit, &cards, &n_cards) != 0)
        return -1;
    struct docs_link *links = ARENA_ARRAY(r->arena, struct docs_link, n_cards ? n_cards : 1);
    for (size_t i = 0; i < n_cards; i++)
        links[i] = (struct docs_link){cards[i].id, cards[i].title, cards[i].url, cards[i].date, cards[i].iso};
    *out = links;
    *n = n_cards;
    return 0;
}

/* A reader opened an article's page (router.h's on_read): counted in
 * memory, written by the visitor counter's flusher (stats/views.h). */
static void article_read(const struct str *captures, size_t n_captures, uint64_t reader)
{
    struct str slug;
    if (n_captures == 2)
        stats_view_count(STATS_ITEM_ARTICLE, id_from_segment(captures[1], &slug), reader);
}

void news_register(void)
{
    static const char *const page_params[] = {"trang", NULL};
    router_add((struct route){.pattern = "/", .get = news_home, .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/tin-tuc/", .get = news_all, .known_params = page_params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/tin-tuc/*/", .get = news_category, .known_params = page_params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/tin-tuc/*/*", .get = news_article_page,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE, .on_read = article_read});
    router_add((struct route){.pattern = "/tin-tuc/*", .get = news_category_no_slash});
    router_add((struct route){.pattern = "/tu-khoa/*/", .get = tag_page, .known_params = page_params,
                              .flags = ROUTE_CACHEABLE | ROUTE_PAGE});
    router_add((struct route){.pattern = "/in/*", .get = news_print, .flags = ROUTE_CACHEABLE});
    router_add((struct route){.pattern = "/tai-ve/*", .get = news_save, .flags = ROUTE_CACHEABLE});
    docs_set_article_links(citing_links);
}
