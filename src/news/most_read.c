/* most_read.c - the "Tin xem nhiều" block; see most_read.h. */
#include "news/most_read.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "news/query.h"
#include "site/site.h"
#include "templates.h"

static struct {
    pthread_mutex_t lock;
    char *html; /* the block as drawn, or NULL */
    size_t n;
    int64_t made; /* when it was read (0: never) */
} block = {.lock = PTHREAD_MUTEX_INITIALIZER};

static atomic_bool stale = true;
static void (*on_stale)(void);

/* Titles, addresses and what is published change with the news module's
 * writes and the categories' slugs with the site's. */
static void on_commit(struct str tag)
{
    if (str_eq_lit(tag, "news") || str_starts_with(tag, STR("art:")) || str_starts_with(tag, STR("site")) ||
        str_eq_lit(tag, STORE_TAG_ALL)) {
        atomic_store(&stale, true);
        if (on_stale)
            on_stale();
    }
}

void news_most_read_init(void (*stale_now)(void))
{
    on_stale = stale_now;
    store_on_commit(on_commit);
}

int news_most_read_refresh(struct store_conn *db, int64_t now, bool force)
{
    pthread_mutex_lock(&block.lock);
    int64_t made = block.made;
    pthread_mutex_unlock(&block.lock);
    if (!force && !atomic_load(&stale) && made && now >= made && now - made < NEWS_MOST_READ_EVERY)
        return 0;
    atomic_store(&stale, false); /* a write from now on makes it stale again */
    struct site site;
    struct arena a;
    arena_init(&a, 8192);
    struct news_card *cards = NULL;
    size_t n = 0;
    int rc = -1;
    if (store_read_begin(db) == 0) {
        if (site_load(&site, db, STR("")) == 0) {
            struct news_query q = {.db = db, .arena = &a, .site = &site, .now = now};
            rc = news_most_read(&q, now - NEWS_MOST_READ_DAYS * 86400, NEWS_MOST_READ_LIMIT, &cards, &n);
            if (rc == 0 && n < NEWS_MOST_READ_LIMIT) /* a small site: of all time */
                rc = news_most_read(&q, 0, NEWS_MOST_READ_LIMIT, &cards, &n);
            if (rc == 0) {
                struct tpl_out out = TPL_OUT_INIT;
                tpl_news_most_read(&out, cards, n);
                char *html = out.buf.n ? malloc(out.buf.n) : NULL;
                if (html || !out.buf.n) {
                    if (html)
                        memcpy(html, out.buf.p, out.buf.n);
                    pthread_mutex_lock(&block.lock);
                    free(block.html);
                    block.html = html;
                    block.n = out.buf.n;
                    block.made = now;
                    pthread_mutex_unlock(&block.lock);
                } else {
                    rc = -1;
                }
                tpl_out_free(&out);
            }
        }
        site_free(&site);
        store_read_end(db);
    }
    arena_free(&a);
    if (rc != 0) {
        atomic_store(&stale, true); /* tried again at the next tick */
        log_error("most read: the block could not be read; the one drawn before stays");
    }
    return rc;
}

void news_most_read_render(struct buf *out)
{
    pthread_mutex_lock(&block.lock);
    if (block.n)
        buf_append(out, block.html, block.n);
    pthread_mutex_unlock(&block.lock);
}

void news_most_read_free(void)
{
    pthread_mutex_lock(&block.lock);
    free(block.html);
    block.html = NULL;
    block.n = 0;
    block.made = 0;
    pthread_mutex_unlock(&block.lock);
    atomic_store(&stale, true);
}
