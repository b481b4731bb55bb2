/*
 * prepare.c - a web_req made from h2o's request, and a handler run on it:
 * what the loop (request.c) and the workers' answers (offload.c) share.
 */
#include <string.h>

#include "core/clock.h"
#include "http/cache.h"
#include "http/defer.h"
#include "http/fragment.h"
#include "http/loop.h"
#include "http/parse.h"
#include "http/router.h"

/* Builds a web_req for this thread: arena, the product's state, the clock. */
void request_init(struct web_req *r, struct http_thread *t, h2o_req_t *req)
{
    memset(r, 0, sizeof *r);
    arena_reset(&t->arena);
    r->arena = &t->arena;
    r->app = t->app;
    r->raw = req;
    r->status = 200;
    r->cacheable = true;
    r->splice_at = SIZE_MAX;
    /* Both caches' generations before anything is read: the product's
     * hook refreshes its snapshot of the site settings, and the clock
     * decides what is published. What is drawn from them after a write
     * counted up is refused (cache.h, fragment.h). */
    r->page_gen = cache_generation();
    r->fragment_gen = fragment_generation();
    /* After the generations: a kept read transaction older than a commit
     * counted here is ended before the site's snapshot is refreshed. */
    r->thread = t;
    if (t && t->kept_db)
        store_read_refresh(t->kept_db);
    r->now = clock_now();
    r->method = http_method((struct str){req->method.base, req->method.len});
    r->path = STR("/");
    if (http_hooks->request_begin)
        http_hooks->request_begin(r);
}

/* The non-empty name=value pairs of a raw query, as the parser counts them. */
static size_t query_pairs(struct str q)
{
    size_t n = 0;
    for (size_t i = 0; i < q.n;) {
        size_t j = i;
        while (j < q.n && q.p[j] != '&' && q.p[j] != ';')
            j++;
        n += j > i && q.p[i] != '=';
        i = j + 1;
    }
    return n;
}

int request_prepare(struct web_req *r, h2o_req_t *req)
{
    request_init(r, http_thread_of(req), req);
    struct str raw = {req->path.base, req->path.len};
    size_t qpos = req->query_at == SIZE_MAX ? raw.n : req->query_at;
    struct str path;
    int bad = http_parse_path(r->arena, (struct str){raw.p, qpos}, &path);
    if (!bad) {
        r->path = path;
    } else {
        /* A path that cannot be read is known by the folder it was in
         * ("/quan-tri/%ZZ" by "/quan-tri/"), so that its error page is that
         * part of the site's: errors under /api/ answer JSON all the same. */
        r->json_errors = web_is_api((struct str){raw.p, qpos});
        size_t cut = 0;
        while (cut < qpos && raw.p[cut] != '%' && (unsigned char)raw.p[cut] > 0x20 && (unsigned char)raw.p[cut] < 0x7F)
            cut++;
        while (cut > 0 && raw.p[cut - 1] != '/')
            cut--;
        if (cut > 1 && http_parse_path(r->arena, (struct str){raw.p, cut}, &path) == 0)
            r->path = path;
    }
    /* A client that asks for JSON (the editor's upload, its autosave) gets
     * the refusals of the core in JSON too: an unreadable form, a body too
     * large, as the head check's and the modules' own refusals. */
    ssize_t accept = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT, -1);
    if (accept >= 0 && memmem(req->headers.entries[accept].value.base, req->headers.entries[accept].value.len,
                              "application/json", 16))
        r->json_errors = true;
    if (!bad && qpos < raw.n) {
        struct str query = str_skip(raw, qpos + 1);
        bad = http_parse_query(r->arena, query, r->params, WEB_MAX_PARAMS, &r->n_params);
        /* A route may take longer values, to say on its own page what is
         * too long (search). Looked up only when the default refused, so a
         * sound request is routed once, in request.c. */
        size_t longer = bad == 400 ? route_max_param_value(path, http_cfg->test_hooks) : HTTP_MAX_PARAM_VALUE;
        if (longer > HTTP_MAX_PARAM_VALUE)
            bad = http_parse_query_limit(r->arena, query, r->params, WEB_MAX_PARAMS, longer, &r->n_params);
    }
    if (bad == 400 && qpos < raw.n && query_pairs(str_skip(raw, qpos + 1)) > WEB_MAX_PARAMS)
        r->error_why = STR("Địa chỉ có quá nhiều tham số (sau dấu “?”). Hãy bỏ bớt các tham số không cần thiết "
                           "rồi thử lại.");
    if (bad)
        r->n_params = 0;
    r->client_ip = respond_client_address(req, r->arena, &r->https);
    return bad;
}

/* Runs the handler inside one read transaction. A handler that fails, or
 * a statement that failed on the way whatever the handler then did, gives
 * the 500 page. */
void request_run_handler(struct web_req *r, web_handler handler)
{
    int rc = -1;
    if (r->db) {
        store_clear_failure(r->db);
        if (http_cfg->test_hooks) { /* what came before is not this answer's */
            store_steps_take(r->db);
            store_pages_take(r->db);
        }
        if (store_read_begin(r->db) == 0)
            rc = handler(r);
        if (http_cfg->test_hooks) {
            r->db_steps = store_steps_take(r->db);
            r->db_pages = store_pages_take(r->db);
        }
        /* On an event loop's thread, a sound read stays open for the
         * requests that follow at once (store_read_keep); the loop lets it
         * go when it has nothing more at hand (server.c). */
        if (r->thread && rc == 0) {
            store_read_keep(r->db);
            r->thread->kept_db = r->db;
        } else {
            store_read_end(r->db);
        }
    } else {
        rc = handler(r);
    }
    r->fragment = NULL; /* a handler that failed inside one left it open */
    if ((rc != 0 && r->status < 400) || (r->db && store_failed(r->db))) {
        defer_release(r->deferred); /* a failed statement: the deferred work will not run */
        r->deferred = NULL;
        web_error(r, 500);
    }
    if (http_hooks->request_end)
        http_hooks->request_end(r);
}
