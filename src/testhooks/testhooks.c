/* testhooks.c - the /__test/ routes; see testhooks.h. */
#include "testhooks/testhooks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "http/cache.h"
#include "http/fragment.h"
#include "http/defer.h"
#include "http/router.h"
#include "http/web.h"
#include "news/most_read.h"
#include "news/news.h"
#include "news/query.h"
#include "view/tpl.h"
#include "stats/counter.h"

static void json_answer(struct web_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void json_answer(struct web_req *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(r->body, fmt, ap);
    va_end(ap);
    r->content_type = "application/json";
    r->cacheable = false;
}

/* A parameter of the query string, or of the form the request sent. */
static struct str hook_param(const struct web_req *r, const char *name)
{
    struct str v = web_param(r, name);
    return v.p ? v : http_form_value(&r->form, name);
}

/* GET /__test/cache: the page cache's counters. */
static int hook_cache(struct web_req *r)
{
    struct cache_stats s;
    cache_get_stats(&s);
    struct fragment_stats f;
    fragment_get_stats(&f);
    struct store_read_stats rd;
    store_read_stats(&rd);
    json_answer(r,
                "{\"hits\": %llu, \"misses\": %llu, \"stores\": %llu, \"evictions\": %llu, "
                "\"invalidated\": %llu, \"entries\": %llu, \"bytes\": %llu, \"deferred\": %d, "
                "\"fragments\": {\"hits\": %llu, \"misses\": %llu, \"stores\": %llu, \"invalidated\": %llu, "
                "\"entries\": %llu}, \"reads\": {\"begun\": %llu, \"reused\": %llu}}\n",
                (unsigned long long)s.hits, (unsigned long long)s.misses, (unsigned long long)s.stores,
                (unsigned long long)s.evictions, (unsigned long long)s.invalidated,
                (unsigned long long)s.entries, (unsigned long long)s.bytes, defer_pending_total(),
                (unsigned long long)f.hits, (unsigned long long)f.misses, (unsigned long long)f.stores,
                (unsigned long long)f.invalidated, (unsigned long long)f.entries, (unsigned long long)rd.begun,
                (unsigned long long)rd.reused);
    return 0;
}

struct publish_job {
    struct web_job job;
    char title[512];
    char body[8192];
    long long category_id;
    long long article_id;
    size_t dropped;
    char error[128];
};

/* On a worker thread: the article is written by the news module's own
 * write, which invalidates exactly the pages it changes after its commit;
 * the answer reports how many cached pages that dropped. */
static void publish_work(struct web_job *job, struct store_conn *db)
{
    struct publish_job *p = (struct publish_job *)job;
    struct cache_stats before, after;
    cache_get_stats(&before);
    int64_t now = clock_now() - 1;
    struct news_article_input in = {
        .category_id = p->category_id,
        .slug = STR("bai-kiem-thu"),
        .title = str_cstr(p->title),
        .summary = STR("Bài viết do bộ kiểm thử đăng."),
        .body = str_cstr(p->body),
        .author = STR("Bộ kiểm thử"),
        .status = NEWS_PUBLISHED_STATUS,
        .published_at = now,
        .updated_at = now,
    };
    const char *problem = NULL;
    int64_t id = 0;
    int rc = news_article_save(db, &in, &id, &problem);
    if (rc != 0) {
        snprintf(p->error, sizeof p->error, "%s", problem ? problem : "write failed");
        return;
    }
    cache_get_stats(&after);
    p->article_id = id;
    p->dropped = (size_t)(after.invalidated - before.invalidated);
}

static int publish_finish(struct web_req *r, struct web_job *job)
{
    struct publish_job *p = (struct publish_job *)job;
    if (p->error[0]) {
        r->status = 400;
        json_answer(r, "{\"error\": \"refused\"}\n");
        return 0;
    }
    json_answer(r, "{\"article\": %lld, \"dropped\": %zu}\n", p->article_id, p->dropped);
    return 0;
}

/* POST /__test/publish?chuyen-muc=ID[&tieu-de=...][&noi-dung=...] */
static int hook_publish(struct web_req *r)
{
    unsigned long long id;
    if (!str_to_u64(hook_param(r, "chuyen-muc"), &id))
        return web_error(r, 400);
    struct publish_job *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->job.work = publish_work;
    p->job.finish = publish_finish;
    p->category_id = (long long)id;
    struct str title = hook_param(r, "tieu-de"), body = hook_param(r, "noi-dung");
    snprintf(p->title, sizeof p->title, "%.*s", title.p ? (int)title.n : 0, title.p ? title.p : "");
    snprintf(p->body, sizeof p->body, "%.*s", body.p ? (int)body.n : 0, body.p ? body.p : "");
    if (!p->title[0])
        snprintf(p->title, sizeof p->title, "Bài kiểm thử bộ nhớ đệm");
    if (!p->body[0])
        snprintf(p->body, sizeof p->body, "Đoạn văn của bài kiểm thử.");
    return web_defer(r, &p->job);
}

struct slow_job {
    struct web_job job;
    long ms;
};

static void slow_work(struct web_job *job, struct store_conn *db)
{
    struct slow_job *s = (struct slow_job *)job;
    struct timespec ts = {s->ms / 1000, (s->ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    (void)db;
}

static int slow_finish(struct web_req *r, struct web_job *job)
{
    json_answer(r, "{\"slept\": %ld}\n", ((struct slow_job *)job)->ms);
    return 0;
}

/* POST /__test/slow?ms=N: a request that takes N ms on a worker. */
static int hook_slow(struct web_req *r)
{
    unsigned long long ms;
    if (!str_to_u64(web_param(r, "ms"), &ms) || ms > 5000)
        return web_error(r, 400);
    struct slow_job *s = calloc(1, sizeof *s);
    if (!s)
        return -1;
    s->job.work = slow_work;
    s->job.finish = slow_finish;
    s->ms = (long)ms;
    return web_defer(r, &s->job);
}

/* POST /__test/cache-clear */
static int hook_clear(struct web_req *r)
{
    cache_clear();
    fragment_clear();
    json_answer(r, "{\"cleared\": true}\n");
    return 0;
}

/* GET /__test/stats: the visitor counter as the block shows it. */
static int hook_stats(struct web_req *r)
{
    struct stats_snapshot s;
    stats_get(&s);
    json_answer(r,
                "{\"online\": %lld, \"bots\": %lld, \"guests\": %lld, \"today\": %lld, \"yesterday\": %lld, "
                "\"week\": %lld, \"month\": %lld, \"total\": %lld}\n",
                s.online, s.online_bots, s.online_guests, s.today, s.yesterday, s.week, s.month, s.total);
    return 0;
}

/* POST /__test/clock?offset=SECONDS: moves the server's clock (days roll
 * over without waiting for midnight). */
static int hook_clock(struct web_req *r)
{
    struct str v = web_param(r, "offset");
    char num[32];
    if (!v.p || v.n >= sizeof num)
        return web_error(r, 400);
    memcpy(num, v.p, v.n);
    num[v.n] = '\0';
    char *end;
    long long offset = strtoll(num, &end, 10);
    if (*end)
        return web_error(r, 400);
    clock_set_offset(offset);
    json_answer(r, "{\"now\": %lld}\n", (long long)clock_now());
    return 0;
}

static void flush_work(struct web_job *job, struct store_conn *db)
{
    (void)job;
    stats_flush(db);
}

static int flush_finish(struct web_req *r, struct web_job *job)
{
    (void)job;
    json_answer(r, "{\"flushed\": true}\n");
    return 0;
}

/* POST /__test/stats-flush: writes the counter now, on a worker. */
static int hook_stats_flush(struct web_req *r)
{
    struct web_job *job = calloc(1, sizeof *job);
    if (!job)
        return -1;
    job->work = flush_work;
    job->finish = flush_finish;
    return web_defer(r, job);
}

static void most_read_work(struct web_job *job, struct store_conn *db)
{
    (void)job;
    news_most_read_refresh(db, clock_now(), true);
}

/* POST /__test/most-read: draws "Tin xem nhiều" again now (the scheduler
 * does it every few minutes), on a worker. */
static int hook_most_read(struct web_req *r)
{
    struct web_job *job = calloc(1, sizeof *job);
    if (!job)
        return -1;
    job->work = most_read_work;
    job->finish = flush_finish;
    return web_defer(r, job);
}

struct retitle_job {
    struct web_job job;
    int64_t id;
    char title[512];
    char error[256];
};

/* On a worker: the article's title changes through the news module's
 * write; everything else stays as it was. */
static void retitle_work(struct web_job *job, struct store_conn *db)
{
    struct retitle_job *p = (struct retitle_job *)job;
    struct arena a;
    arena_init(&a, 4096);
    struct site site;
    memset(&site, 0, sizeof site);
    struct news_query q = {.db = db, .arena = &a, .site = &site, .now = clock_now()};
    struct news_article_row row;
    int found = news_article(&q, p->id, &row);
    if (found <= 0) {
        snprintf(p->error, sizeof p->error, found ? "read failed" : "no such article");
        arena_free(&a);
        return;
    }
    struct news_article_input in = {
        .id = row.id,
        .category_id = row.category_id,
        .slug = row.slug,
        .title = str_cstr(p->title),
        .summary = row.summary,
        .body = row.body,
        .author = row.author,
        .source = row.source,
        .image_id = row.image_id,
        .image_caption = row.image_caption,
        .status = NEWS_PUBLISHED_STATUS,
        .published_at = row.published_at,
        .updated_at = clock_now(),
    };
    const char *problem = NULL;
    if (news_article_save(db, &in, NULL, &problem) != 0)
        snprintf(p->error, sizeof p->error, "%s", problem ? problem : "write failed");
    arena_free(&a);
}

static int retitle_finish(struct web_req *r, struct web_job *job)
{
    struct retitle_job *p = (struct retitle_job *)job;
    if (p->error[0]) {
        r->status = 400;
        json_answer(r, "{\"error\": \"refused\"}\n");
        return 0;
    }
    json_answer(r, "{\"article\": %lld}\n", (long long)p->id);
    return 0;
}

/* POST /__test/article?id=ID&tieu-de=TITLE: renames a published article. */
static int hook_article(struct web_req *r)
{
    unsigned long long id;
    struct str title = web_param(r, "tieu-de");
    if (!str_to_u64(web_param(r, "id"), &id) || !title.n || title.n >= 512)
        return web_error(r, 400);
    struct retitle_job *p = calloc(1, sizeof *p);
    if (!p)
        return -1;
    p->job.work = retitle_work;
    p->job.finish = retitle_finish;
    p->id = (int64_t)id;
    memcpy(p->title, title.p, title.n);
    return web_defer(r, &p->job);
}

/* POST /__test/form: what the server parsed of a form, as JSON: the
 * fields with their byte counts and the files with their names and
 * sizes. Its limits are the ones an article form will have. */
static int hook_form(struct web_req *r)
{
    struct buf *b = r->body;
    buf_puts(b, "{\"probe\": ");
    struct str probe = web_header(r, "x-probe");
    tpl_escape_json_string(b, probe.p ? probe : STR(""));
    buf_puts(b, ", \"fields\": [");
    for (size_t i = 0; i < r->form.n_fields; i++) {
        buf_puts(b, i ? ", {\"name\": " : "{\"name\": ");
        tpl_escape_json_string(b, r->form.fields[i].name);
        buf_printf(b, ", \"bytes\": %zu, \"value\": ", r->form.fields[i].value.n);
        tpl_escape_json_string(b, (struct str){r->form.fields[i].value.p,
                                               r->form.fields[i].value.n > 200 ? 200 : r->form.fields[i].value.n});
        buf_putc(b, '}');
    }
    buf_puts(b, "], \"files\": [");
    for (size_t i = 0; i < r->form.n_files; i++) {
        const struct http_form_file *f = &r->form.files[i];
        buf_puts(b, i ? ", {\"field\": " : "{\"field\": ");
        tpl_escape_json_string(b, f->field);
        buf_puts(b, ", \"name\": ");
        tpl_escape_json_string(b, f->filename);
        buf_puts(b, ", \"type\": ");
        tpl_escape_json_string(b, f->content_type);
        buf_printf(b, ", \"bytes\": %zu}", f->data.n);
    }
    buf_puts(b, "]}\n");
    r->content_type = "application/json";
    r->cacheable = false;
    return 0;
}

/* POST /__test/worker?ms=N[&defer=M][&redirect=1]: a route run on a
 * worker thread (ROUTE_WORKER). The handler itself takes N ms, as a long
 * check of a form would; then it defers M ms more of work, or redirects
 * with a cookie, or answers as /__test/form does. */
static int hook_worker(struct web_req *r)
{
    unsigned long long ms = 0, more = 0;
    struct str p = web_param(r, "ms"), d = web_param(r, "defer");
    if ((p.p && (!str_to_u64(p, &ms) || ms > 5000)) || (d.p && (!str_to_u64(d, &more) || more > 5000)))
        return web_error(r, 400);
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    if (web_param(r, "redirect").p) {
        r->set_cookie = STR("thu=1; Path=/; HttpOnly");
        return web_redirect(r, 303, STR("/tim-kiem?q=nông thôn"));
    }
    if (d.p) {
        struct slow_job *s = calloc(1, sizeof *s);
        if (!s)
            return -1;
        s->job.work = slow_work;
        s->job.finish = slow_finish;
        s->ms = (long)more;
        return web_defer(r, &s->job);
    }
    return hook_form(r);
}

void testhooks_register(void)
{
    router_add((struct route){
        .pattern = "/__test/form",
        .post = hook_form,
        .flags = ROUTE_TEST | ROUTE_FORM,
        .max_body = 2u << 20,
        .form = {.max_fields = 60, .max_files = 4, .max_value = 1u << 20, .max_name = 255, .max_part_head = 8192},
    });
    router_add((struct route){.pattern = "/__test/worker",
                              .post = hook_worker,
                              .flags = ROUTE_TEST | ROUTE_FORM | ROUTE_WORKER,
                              .max_body = 65536,
                              .form = {.max_fields = 60, .max_files = 2, .max_value = 16384, .max_name = 255,
                                       .max_part_head = 8192}});
    router_add((struct route){.pattern = "/__test/article", .post = hook_article, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/stats", .get = hook_stats, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/clock", .post = hook_clock, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/stats-flush", .post = hook_stats_flush, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/most-read", .post = hook_most_read, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/cache", .get = hook_cache, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/publish", .post = hook_publish, .flags = ROUTE_TEST | ROUTE_FORM});
    router_add((struct route){.pattern = "/__test/slow", .post = hook_slow, .flags = ROUTE_TEST});
    router_add((struct route){.pattern = "/__test/cache-clear", .post = hook_clear, .flags = ROUTE_TEST});
}
