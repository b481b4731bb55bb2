/*
 * offload.c - requests checked and answered on a worker thread.
 *
 * A route flagged ROUTE_WORKER has its writes (POST, PUT, PATCH, DELETE)
 * run whole on the worker pool of defer.c: the form is parsed there, the
 * handler checks it there against the database, and whatever it defers
 * runs there at once. The event loop only copies the request in and the
 * answer out, so that a hundred reporters sending a sixty-field form at
 * the same moment do not queue the readers of the public pages behind
 * their checking.
 *
 * The copy is whole: the worker never touches h2o's request, which the
 * loop frees if the client goes away meanwhile. Each worker keeps the
 * product's per-thread state (web_app) of its own, made on first use and
 * given back when the worker ends.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "http/defer.h"
#include "http/loop.h"
#include "http/router.h"

/* What may wait for the workers at once: a flood of forms (signed in or
 * not: the session is checked on the worker) is answered 503 on the loop
 * beyond these, rather than queued without end in front of the logins. */
#define OFFLOAD_MAX_JOBS 256
#define OFFLOAD_MAX_BYTES ((size_t)64 << 20)
static atomic_int jobs_out;
static atomic_size_t bytes_out;

struct offload_job {
    struct web_job job; /* first: defer.c hands this back */
    struct arena arena; /* the request's copy, the worker's allocations, the answer's strings */
    web_handler handler;
    struct http_form_limits limits;
    bool takes_form;
    bool no_state; /* the worker could not make the product's state: answered 500 on the loop */
    struct web_req req;      /* the request as copied; the answer as the handler left it */
    struct str body, content_type;
    struct buf answer;       /* the answer's body */
};

/* --- the product's state, one per worker --------------------------------------------------------- */

static pthread_key_t state_key;
static pthread_once_t state_once = PTHREAD_ONCE_INIT;
static atomic_int states_made;

static void state_release(void *app)
{
    if (app && http_hooks->thread_stop)
        http_hooks->thread_stop(app);
}

static void state_key_make(void) { pthread_key_create(&state_key, state_release); }

static struct web_app *worker_state(void)
{
    pthread_once(&state_once, state_key_make);
    struct web_app *app = pthread_getspecific(state_key);
    if (app)
        return app;
    char err[256] = "";
    /* numbered after the loops', so that no two threads share an index */
    app = http_hooks->thread_start(HTTP_MAX_THREADS + atomic_fetch_add(&states_made, 1), err, sizeof err);
    if (!app) {
        log_error("worker: %s", err);
        return NULL;
    }
    pthread_setspecific(state_key, app);
    return app;
}

/* --- on the loop: the copy in --------------------------------------------------------------------- */

static struct str copy(struct arena *a, struct str s) { return s.p ? arena_strdup(a, s.p, s.n) : s; }

static void offload_release(struct web_job *job)
{
    struct offload_job *j = (struct offload_job *)job;
    atomic_fetch_sub(&jobs_out, 1);
    atomic_fetch_sub(&bytes_out, j->body.n);
    buf_free(&j->answer);
    arena_free(&j->arena);
    free(j);
}

static void offload_work(struct web_job *job, struct store_conn *unused);

/* Back on the loop: sends the answer the worker made. */
static void offload_done(struct web_job *job, h2o_req_t *req, bool failed)
{
    struct offload_job *j = (struct offload_job *)job;
    if (!req)
        return; /* the client went away */
    struct http_thread *t = http_thread_of(req);
    arena_reset(&t->arena);
    if (failed || j->no_state) {
        struct web_req r;
        if (request_prepare(&r, req) != 0)
            web_error(&r, 400);
        else
            web_error(&r, 500);
        if (http_hooks->request_end)
            http_hooks->request_end(&r);
        respond_answer(req, &r, false, STR_NULL, 0);
        return;
    }
    struct web_req r = j->req;
    r.arena = &t->arena;
    r.app = t->app;
    r.db = NULL;
    r.raw = req;
    r.body = &j->answer;
    r.cacheable = false;
    r.tags = NULL;
    r.n_tags = r.cap_tags = 0;
    r.tag_slots = NULL;
    r.n_tag_slots = 0;
    r.deferred = NULL;
    /* what h2o may still point at once the job is gone: in the loop's arena, as for any answer */
    r.location = copy(r.arena, r.location);
    r.disposition = copy(r.arena, r.disposition);
    r.set_cookie = copy(r.arena, r.set_cookie);
    r.allow = copy(r.arena, r.allow);
    respond_answer(req, &r, false, STR_NULL, 0);
}

int offload_submit(struct web_req *r, h2o_req_t *req, const struct route *route, web_handler handler)
{
    size_t sent = req->entity.base ? req->entity.len : 0;
    bool full = atomic_fetch_add(&jobs_out, 1) >= OFFLOAD_MAX_JOBS;
    full = atomic_fetch_add(&bytes_out, sent) + sent > OFFLOAD_MAX_BYTES || full;
    if (full) {
        atomic_fetch_sub(&jobs_out, 1);
        atomic_fetch_sub(&bytes_out, sent);
        static atomic_llong logged_ms; /* once in 10 s, not once a request of a flood */
        long long now = clock_now_ms(), then = atomic_load(&logged_ms);
        if (now - then >= 10000 && atomic_compare_exchange_strong(&logged_ms, &then, now))
            log_warn("worker queue full (%d forms waiting): answering 503", atomic_load(&jobs_out));
        return 503;
    }
    struct offload_job *j = calloc(1, sizeof *j);
    if (!j)
        abort();
    arena_init(&j->arena, 16384);
    struct arena *a = &j->arena;
    j->job.work = offload_work;
    j->job.release = offload_release;
    j->handler = handler;
    j->limits = route_form_limits(route);
    j->takes_form = (route->flags & ROUTE_FORM) &&
                    (r->method == WEB_POST || r->method == WEB_PUT || r->method == WEB_PATCH) && req->entity.base &&
                    req->entity.len;
    if (j->takes_form) {
        j->body = arena_strdup(a, req->entity.base, req->entity.len); /* counted as sent above */
        j->content_type = copy(a, web_header(r, "content-type"));
    }
    struct web_req *c = &j->req;
    c->method = r->method;
    c->path = copy(a, r->path);
    c->self_url = copy(a, r->self_url);
    c->n_params = r->n_params;
    for (size_t i = 0; i < r->n_params; i++)
        c->params[i] = (struct web_param){copy(a, r->params[i].name), copy(a, r->params[i].value)};
    c->client_ip = copy(a, r->client_ip);
    for (size_t i = 0; i < WEB_MAX_CAPTURES; i++)
        c->captures[i] = copy(a, r->captures[i]);
    c->https = r->https;
    c->now = r->now;
    /* every header, h2o's lower-case names; the authority as "host" */
    size_t n = req->headers.size + 1;
    struct web_header_copy *h = ARENA_ARRAY(a, struct web_header_copy, n);
    size_t k = 0;
    if (req->authority.len)
        h[k++] = (struct web_header_copy){STR("host"), arena_strdup(a, req->authority.base, req->authority.len)};
    for (size_t i = 0; i < req->headers.size; i++) {
        const h2o_header_t *e = &req->headers.entries[i];
        h[k++] = (struct web_header_copy){arena_strdup(a, e->name->base, e->name->len),
                                          arena_strdup(a, e->value.base, e->value.len)};
    }
    c->headers = h;
    c->n_headers = k;
    if (!j->takes_form) /* counted but not copied: give it back */
        atomic_fetch_sub(&bytes_out, sent);
    defer_submit(&j->job, req, http_thread_of(req)->index, offload_done);
    return 0;
}

/* --- on the worker --------------------------------------------------------------------------------- */

/* A web_req for the copied request on this worker, as init_web_req makes one on a loop. */
static void begin(struct web_req *r, struct offload_job *j, struct web_app *app)
{
    const struct web_req *c = &j->req;
    memset(r, 0, sizeof *r);
    r->arena = &j->arena;
    r->app = app;
    r->method = c->method;
    r->path = c->path;
    r->self_url = c->self_url;
    memcpy(r->params, c->params, sizeof r->params);
    r->n_params = c->n_params;
    r->client_ip = c->client_ip;
    memcpy(r->captures, c->captures, sizeof r->captures);
    r->https = c->https;
    r->now = c->now;
    r->headers = c->headers;
    r->n_headers = c->n_headers;
    r->status = 200;
    r->splice_at = SIZE_MAX;
    if (http_hooks->request_begin)
        http_hooks->request_begin(r);
    r->cacheable = false;
}

/* Runs what the handler deferred, here and now, then its finish. */
static void run_deferred(struct web_req *r, struct offload_job *j, struct web_app *app)
{
    struct web_job *inner = r->deferred;
    r->deferred = NULL;
    struct store_conn *db = r->db;
    bool failed = true;
    if (db && inner->work) {
        store_clear_failure(db);
        inner->work(inner, db);
        while (db->write_depth) /* a write left open by a failed job is rolled back */
            store_write_rollback(db);
        failed = store_failed(db);
    } else if (db) {
        failed = false;
    }
    j->job.hold_ms = inner->hold_ms;
    begin(r, j, app);
    if (failed)
        web_error(r, 500);
    else if (inner->finish(r, inner) != 0 && r->status < 400)
        web_error(r, 500);
    if (http_hooks->request_end)
        http_hooks->request_end(r);
    if (inner->release)
        inner->release(inner);
    else
        free(inner);
}

static void offload_work(struct web_job *job, struct store_conn *unused)
{
    (void)unused; /* the product's state has its own connection */
    struct offload_job *j = (struct offload_job *)job;
    struct web_app *app = worker_state();
    if (!app) {
        j->no_state = true;
        return;
    }
    struct web_req r;
    begin(&r, j, app);
    int bad = j->takes_form ? http_form_parse(r.arena, j->content_type, j->body, &j->limits, &r.form) : 0;
    if (bad) {
        if (r.form.refused.n)
            web_error_saying(&r, bad, r.form.refused);
        else
            web_error(&r, bad);
        if (http_hooks->request_end)
            http_hooks->request_end(&r);
    } else {
        request_run_handler(&r, j->handler);
    }
    if (r.deferred)
        run_deferred(&r, j, app);
    /* the answer, out of the worker's buffers */
    if (r.body)
        buf_append(&j->answer, r.body->p, r.body->n);
    j->req.status = r.status;
    j->req.splice_at = r.splice_at;
    j->req.content_type = r.content_type;
    j->req.location = copy(&j->arena, r.location);
    j->req.disposition = copy(&j->arena, r.disposition);
    j->req.set_cookie = copy(&j->arena, r.set_cookie);
    j->req.allow = copy(&j->arena, r.allow);
    j->req.retry_after = r.retry_after;
    j->req.last_modified = r.last_modified;
    j->req.no_store = r.no_store;
    j->req.max_age = r.max_age;
}
