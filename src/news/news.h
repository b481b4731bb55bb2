/*
 * news.h - the news module: articles, their tags, their pages, and the
 * only code that writes them. Pictures and files are the media library's
 * (media/media.h); an article names its cover by id (image_id) and tells
 * the library what it uses whenever it is saved.
 *
 * Tables owned: article, article_category (its other categories: 018), tag, article_tag, article_fts,
 * article_title_fts. Other modules read them through news/query.h and
 * news/index.h, and change them through the functions below.
 *
 * What a reader may see of an article is said once, here: it is
 * published (status 1) and its publication time has come.
 *
 * Cache tags. A page that shows articles is tagged with what it shows, and
 * a write touches exactly the tags of what it changed:
 *   art:ID      pages that show article ID: its own pages, and pages
 *               that show it as a card (neighbours, related, citing lists)
 *   cat:ID      pages that list the articles of category ID, main or other (the category,
 *               the home page's section, the newer/older lists of its
 *               articles)
 *   news        pages that list articles of every category (home, all
 *               news, search results, feeds, sitemaps)
 *   media:ID    pages that show picture ID (the media library touches it)
 */
#ifndef DINH_NEWS_NEWS_H
#define DINH_NEWS_NEWS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/str.h"
#include "store/store.h"

/* The SQL condition "a reader may see this article", for a table alias
 * ("a." or "") and the parameter holding the request's clock ("?2"). */
#define NEWS_PUBLISHED(alias, now) alias "status = 1 AND " alias "published_at <= " now

/* The longest address (slug) of an article, in bytes. */
#define NEWS_SLUG_MAX 120

enum news_status {
    NEWS_DRAFT = 0,
    NEWS_PUBLISHED_STATUS = 1, /* scheduled while published_at is ahead */
    NEWS_WAITING = 2,          /* sent for approval */
    NEWS_RETURNED = 3,         /* returned to its writer with a note */
    NEWS_UNPUBLISHED = 4,
    NEWS_TRASH = 9,
};
/* "Nháp", "Đã đăng", "Chờ duyệt"... */
const char *news_status_title(int status);

/* Adds the module's routes to the router. */
void news_register(void);
/* Article `id` drawn as its public page will look, whatever its state, with
 * a banner and without the readers' forms: the newsroom's preview (the
 * caller has checked who may see it). 0 or -1, as a handler. */
struct web_req;
int news_preview_page(struct web_req *r, int64_t id);

/* --- writes --------------------------------------------------------------------
 *
 * Each is one transaction (a savepoint inside the caller's), touches the
 * cache tags above, and returns 0, -1 if a statement failed (logged), or
 * NEWS_INVALID with a Vietnamese sentence in *problem when the input is
 * not acceptable (nothing is written then). */

#define NEWS_INVALID (-2)
/* A save refused because someone else saved the article after the version
 * the saver's form was drawn from (news_article_input.expect_version). */
#define NEWS_CONFLICT (-3)
/* A save refused because the article's state moved (published, taken
 * down, trashed, expired) after the saver's request was checked
 * (news_article_input.check_status): the save would have put it back. */
#define NEWS_STATE_MOVED (-4)

struct news_article_input {
    int64_t id;                  /* 0: a new article (or the id to create it with) */
    bool create;                 /* create with this id (the demo); otherwise id 0 = new, id > 0 = update */
    int64_t category_id;
    struct str slug;             /* empty: made from the title */
    struct str title, summary, body, author, source, image_caption;
    int64_t image_id;            /* 0: none; else a picture of the media library (anything else is refused) */
    bool featured;
    int status;                  /* enum news_status */
    int64_t published_at, updated_at;
    int body_format;             /* 0 the demo's markup, 1 HTML already through the sanitiser */
    int64_t owner_id;            /* the newsroom account that wrote it (kept on update when 0) */
    int64_t expires_at;          /* taken off the site then; 0 never */
    int64_t saved_by;            /* who saves: a revision is kept when not 0 */
    int64_t expect_version;      /* the updated_at the saver's form was drawn from: NEWS_CONFLICT when
                                    another account saved after it (checked inside the transaction,
                                    so two saves at once cannot both pass); 0 no check */
    bool check_status;           /* an update keeps `status`, which must still be the article's inside the
                                    transaction, else NEWS_STATE_MOVED (a save in flight must not undo an
                                    unpublish, a trash or an expiry that came meanwhile) */
    bool autosave;               /* saved by the editor's own timer: a revision is kept only when the
                                    article had not changed for 10 minutes (a new sitting) */
    const int64_t *tag_ids;      /* the article's tags (replaced), or NULL to keep them */
    size_t n_tags;
    const int64_t *extra_category_ids; /* its other categories (replaced; the main one is skipped), or
                                          NULL to keep them (less the new main one) */
    size_t n_extra_categories;
    long long views, rating_sum, rating_count; /* carried over on creation (imports, the demo) */
};
int news_article_save(struct store_conn *db, const struct news_article_input *in, int64_t *id,
                      const char **problem);
/* Publishes at `when` (the article shows from then on). */
int news_article_publish(struct store_conn *db, int64_t id, int64_t when, const char **problem);
int news_article_unpublish(struct store_conn *db, int64_t id, const char **problem);
/* Moves an article to `status` (waiting, returned with `note`, published
 * at `when`, unpublished, trash, or back from the trash with
 * NEWS_DRAFT meaning "where it was"), touching what readers could see. */
int news_article_set_status(struct store_conn *db, int64_t id, int status, int64_t when, struct str note,
                            const char **problem);
/* Brings the site in step with the clock: articles whose publication time
 * came since `since` (their pages, lists and feeds change now), and
 * published articles whose expiry has come (taken off). Run by the
 * scheduler every few seconds. *changed receives how many. */
int news_schedule_tick(struct store_conn *db, int64_t since, int64_t now, int *changed);
/* Deletes an article for good, in one transaction: its row (the search
 * indexes by trigger; tags, other categories and citations by cascade),
 * its saved revisions, its hold on pictures, and what other modules keep
 * about it through the functions given to news_on_delete (the readers'
 * comments and votes: talk); its id is never given to a new article
 * (migration 034). Touches the tags of what showed it. */
int news_article_delete(struct store_conn *db, int64_t id, const char **problem);
/* A module's cleanup for a deleted article, run inside the delete's
 * transaction (0, or -1 to undo the whole delete). Registered at start-up,
 * before any thread runs; at most 4. */
typedef int (*news_delete_fn)(struct store_conn *db, int64_t article_id);
void news_on_delete(news_delete_fn fn);
/* Moves an article's rating totals by `stars_delta` and `count_delta`
 * (a new vote: its stars and 1; a changed vote: the difference and 0),
 * for the talk module, which keeps the votes themselves. Touches art:ID.
 * NEWS_INVALID when there is no such article. */
int news_article_add_rating(struct store_conn *db, int64_t id, int stars_delta, int count_delta,
                            const char **problem);
/* Adds `views` readers' views to article `id` (the visitor counter's
 * flusher, stats/views.h); touches no tag, so no page leaves the cache.
 * 0 (an article gone meanwhile too), or -1. */
int news_article_add_views(struct store_conn *db, int64_t id, long long views);

/* A tag by name, created if missing. */
int news_tag_ensure(struct store_conn *db, int64_t id, struct str slug, struct str name, int64_t *out);

/* Fills the search text (the words of the body without its markup) of
 * articles written before it was kept: run by `dinh init` after the
 * migrations, in batches of one transaction each. *filled: how many. */
int news_search_text_fill(struct store_conn *db, int *filled);

/* After a bulk load: merges the search indexes' segments, so that every
 * word is looked up once, not once per segment. */
int news_index_optimize(struct store_conn *db, char *err, size_t errlen);

/* A bulk load of articles (dinh init's demo), inside the caller's write.
 * Each article's insert is a statement of its own with triggers, and
 * SQLite gives such a statement a savepoint, at which FTS5 writes what it
 * holds as a new segment: one segment per article in each search index,
 * merged again and again, about half of what saving an article costs.
 * news_bulk_begin sets the search indexes' triggers aside (their SQL kept
 * in *held, as the schema has it); news_bulk_end puts them back and builds
 * both indexes once from the articles. Both are part of the caller's
 * transaction: a failure anywhere rolls back the whole load, triggers
 * included. 0 or -1. */
struct news_bulk {
    char *trigger_sql[8];
    size_t n;
};
int news_bulk_begin(struct store_conn *db, struct news_bulk *held);
int news_bulk_end(struct store_conn *db, struct news_bulk *held);

#endif
