/*
 * view.h - what the news templates show (the templates in templates/news/).
 *
 * The handlers in news.c fill these from the queries in query.c; every
 * string is already in the form a reader sees (dates formatted, URLs
 * built), so templates only place and escape.
 */
#ifndef DINH_NEWS_VIEW_H
#define DINH_NEWS_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"
#include "view/tpl.h"
#include "docs/view.h"
#include "ntm/view.h"
#include "view/layout.h"
#include "view/pager.h"

/* An article in a list. */
struct news_card {
    int64_t id;
    int64_t published; /* Unix time */
    struct str title, summary, url, date, iso, category_name;
    int64_t image_id; /* 0: none */
    struct str image_url, image_alt, image_srcset;
    int image_width, image_height;
    struct tpl_html kept; /* the card as drawn before (news.c): shown as it is */
};

struct news_section {
    long long id; /* the category's */
    struct str name, url;
    struct news_card *items;
    size_t n_items;
};

/* The home page's head and header; its sections are drawn one by one
 * (home_featured, home_latest, docs_latest, ntm_home_block, home_section),
 * each kept as a fragment of its own, then layout_foot. */
struct news_home_page {
    struct layout_view layout;
};

struct news_category_page {
    struct layout_view layout;
    struct str name, description;
    struct str empty; /* the sentence of a list with nothing in it */
    bool tag;         /* a tag's page (/tu-khoa/SLUG/) */
    int page, pages;
    long long total;
    struct news_card *items;
    size_t n_items;
    struct view_pager pager;
};

enum news_block_kind { NEWS_PARAGRAPH, NEWS_HEADING, NEWS_IMAGE };

struct news_block {
    enum news_block_kind kind;
    struct str text; /* paragraph or heading text; image caption */
    struct str image_url, image_alt, image_srcset;
    int width, height;
};

struct news_tag {
    struct str name, slug;
    int position; /* as typed; 0 for all of an article's tags from before that was kept */
    int64_t id;
};

struct news_share {
    struct str name, url;
};

struct news_article_page {
    struct layout_view layout;
    bool preview;        /* the newsroom's preview: a banner, no readers' forms */
    struct str edit_url; /* the preview's way back to the form */
    int64_t id;
    struct str title, summary, author, source, when, published_iso, modified_iso;
    struct str category_name, category_url;
    struct str image_url, image_alt, image_caption, image_abs_url, image_srcset;
    int image_width, image_height;
    struct news_block *blocks;
    size_t n_blocks;
    struct tpl_html html_body; /* a body written in the newsroom (sanitised when saved), or empty */
    struct news_tag *tags;
    size_t n_tags;
    long long rating_sum, rating_count;
    struct str views; /* "1.234": readers' views as of this rendering */
    struct news_card *newer, *older, *related;
    size_t n_newer, n_older, n_related;
    struct str print_url, save_url;
    struct str article_url; /* the print view's way back: the article's own path */
    struct news_share *shares;
    size_t n_shares;
    /* The newer, older and related news drawn (news/around.html), kept
     * between renders on the public page (news.c). */
    struct tpl_html around;
    struct docs_item *docs; /* "Văn bản liên quan" */
    size_t n_docs;
    bool standalone; /* the saved-file form: styles inline, no site frame */
};

#endif
