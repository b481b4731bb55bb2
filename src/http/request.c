/*
 * request.c - from h2o's request to a route's handler and back.
 *
 * A request goes: decoding and checks (parse.c) -> route (router.c) ->
 * method -> page cache hit? (pages.c) -> else the body's form (form.c) ->
 * the handler renders inside one read transaction -> any failed statement
 * turns the answer into the 500 page -> respond.c stores and sends it.
 * Static files are answered by h2o's file handler behind a guard that
 * decodes and checks the path first.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core/log.h"
#include "http/cache.h"
#include "http/defer.h"
#include "http/loop.h"
#include "http/parse.h"
#include "http/router.h"

/* Back on the loop after deferred work: answer the request. */
static void on_deferred_done(struct web_job *job, h2o_req_t *req, bool failed)
{
    if (!req)
        return; /* the client went away */
    struct web_req r;
    if (request_prepare(&r, req) != 0)
        web_error(&r, 400);
    else if (failed)
        web_error(&r, 500);
    else if (job->finish(&r, job) != 0 && r.status < 400)
        web_error(&r, 500);
    if (http_hooks->request_end)
        http_hooks->request_end(&r);
    r.cacheable = false;
    respond_answer(req, &r, false, STR_NULL, 0);
}

static int answer_error(h2o_req_t *req, struct web_req *r, int status)
{
    if (r->error_why.n) /* what request_prepare could say more precisely */
        web_error_saying(r, status, r->error_why);
    else
        web_error(r, status);
    if (http_hooks->request_end)
        http_hooks->request_end(r);
    respond_answer(req, r, false, STR_NULL, 0);
    return 0;
}

/* OPTIONS: 204 with the Allow header the caller set. */
static int answer_options(h2o_req_t *req, struct web_req *r)
{
    r->status = 204;
    respond_answer(req, r, false, STR_NULL, 0);
    return 0;
}

/* The 413 of a body over the route's limit, with the route's own sentence
 * (which names what its form takes) or one naming the limit. */
static int too_large(struct web_req *r, const struct route *route)
{
    r->error_why = route->too_large ? str_cstr(route->too_large)
                                    : web_too_large_why(r->arena, route_max_body(route, r->method));
    return 413;
}

/* The body of a request to a route that takes forms. 0 or the status. */
static int read_form(struct web_req *r, h2o_req_t *req, const struct route *route)
{
    if (!(route->flags & ROUTE_FORM) || (r->method != WEB_POST && r->method != WEB_PUT && r->method != WEB_PATCH))
        return 0;
    struct str body = req->entity.base ? (struct str){req->entity.base, req->entity.len} : STR("");
    if (body.n == 0)
        return 0; /* no body: an empty form, whatever the type says */
    if (body.n > route_max_body(route, r->method))
        return too_large(r, route);
    struct http_form_limits limits = route_form_limits(route);
    return http_form_parse(r->arena, web_header(r, "content-type"), body, &limits, &r->form);
}

/* True when no route has r's path but one has it with a slash added
 * ("/tin-tuc" for "/tin-tuc/"), as people type a section's address. */
static bool slash_missing(struct web_req *r)
{
    if (!r->path.n || r->path.p[r->path.n - 1] == '/')
        return false;
    struct str with = arena_join(r->arena, (struct str[]){r->path, STR("/")}, 2);
    struct str captures[WEB_MAX_CAPTURES];
    size_t n = 0;
    return router_match(with, captures, &n, http_cfg->test_hooks) != NULL;
}

/* 301 to the address as sent with the slash added, its query kept. */
static int answer_slash(h2o_req_t *req, struct web_req *r)
{
    struct str raw = {req->path.base, req->path.len};
    size_t q = req->query_at == SIZE_MAX ? raw.n : req->query_at;
    web_redirect(r, 301, arena_join(r->arena, (struct str[]){{raw.p, q}, STR("/"), {raw.p + q, raw.n - q}}, 3));
    if (http_hooks->request_end)
        http_hooks->request_end(r);
    respond_answer(req, r, false, STR_NULL, 0);
    return 0;
}

/* The answer to a request the head check refused. When the connection
 * ends after it, the head says "Connection: close": h2o writes that header
 * from http1_is_persistent as h2o_send lays out the head, and reads the
 * flag again only when the write has completed (evloop calls back from its
 * loop, never from within h2o_send), so the flag is put back before that
 * and the connection is handed to the linger rather than closed under
 * bytes the client may still be sending. */
static int answer_refused(h2o_req_t *req, struct web_req *r, int status, const struct refusal *why)
{
    request_init(r, http_thread_of(req), req);
    r->json_errors = why->json;
    /* the page of the part of the site the request was for (the newsroom's
     * own, for an upload over its limit), not of the head put in its place */
    if (why->path.n)
        r->path = arena_strdup(r->arena, why->path.p, why->path.n);
    if (status == 413 && why->limit)
        r->error_why = why->too_large ? str_cstr(why->too_large) : web_too_large_why(r->arena, why->limit);
    unsigned persistent = req->http1_is_persistent;
    if (why->closes)
        req->http1_is_persistent = 0;
    int rc = answer_error(req, r, status);
    req->http1_is_persistent = persistent;
    return rc;
}

/* The start pages and kept files share: the body's budget given back, the
 * head check's refusal, then the request read into r. True to go on;
 * false with *rc what answering it returned. */
static bool request_open(h2o_req_t *req, struct web_req *r, int *rc)
{
    guard_body_received(req);
    struct refusal why;
    int refused = guard_refusal(req, &why);
    if (refused) {
        *rc = answer_refused(req, r, refused, &why);
        return false;
    }
    int bad = request_prepare(r, req);
    if (bad) {
        *rc = answer_error(req, r, bad);
        return false;
    }
    return true;
}

/* The route of a request request_open read, and its handler for the
 * method; NULL with *rc the answer instead: the address with its slash,
 * 404, OPTIONS's, or 405. */
static const struct route *request_route(h2o_req_t *req, struct web_req *r, size_t *n_captures, web_handler *handler,
                                         int *rc)
{
    const struct route *route = router_match(r->path, r->captures, n_captures, http_cfg->test_hooks);
    if (!route && (r->method == WEB_GET || r->method == WEB_HEAD) && slash_missing(r)) {
        *rc = answer_slash(req, r);
        return NULL;
    }
    if (!route) {
        *rc = answer_error(req, r, 404);
        return NULL;
    }
    *handler = route_handler(route, r->method);
    if (!*handler) {
        r->allow = str_cstr(route_allow(route));
        *rc = r->method == WEB_OPTIONS ? answer_options(req, r) : answer_error(req, r, 405);
        return NULL;
    }
    return route;
}

int request_on_req(h2o_handler_t *self, h2o_req_t *req)
{
    struct web_req r;
    int rc;
    if (!request_open(req, &r, &rc))
        return rc;
    size_t n_captures = 0;
    web_handler handler;
    const struct route *route = request_route(req, &r, &n_captures, &handler, &rc);
    if (!route)
        return rc;
    bool reads = r.method == WEB_GET || r.method == WEB_HEAD;
    uint64_t reader = 0; /* a person's GET of a page (not a crawler's): on_visit's token */
    if ((route->flags & ROUTE_PAGE) && r.method == WEB_GET && http_hooks->on_visit)
        reader = http_hooks->on_visit(web_client_network(&r), web_header(&r, "user-agent"));
    r.self_url = pages_self_url(&r, route->known_params);
    struct str key = STR_NULL;
    uint64_t gen = r.page_gen;
    bool cacheable_route = reads && (route->flags & ROUTE_CACHEABLE) && !r.personal;
    if (cacheable_route) {
        key = pages_key(&r);
        struct cache_entry *e = cache_get(key);
        if (e) {
            if (reader && route->on_read) /* only pages answered 200 are stored */
                route->on_read(r.captures, n_captures, reader);
            struct cache_entry *popular = cache_claim_dense(e);
            pages_send(req, e, r.method == WEB_HEAD);
            if (popular)
                cache_densify(popular);
            return 0;
        }
    } else {
        r.cacheable = false;
    }
    if (!reads && (route->flags & ROUTE_WORKER)) {
        size_t sent = req->entity.base ? req->entity.len : 0;
        if ((route->flags & ROUTE_FORM) && sent > route_max_body(route, r.method))
            return answer_error(req, &r, too_large(&r, route));
        int busy = offload_submit(&r, req, route, handler);
        return busy ? answer_error(req, &r, busy) : 0; /* a 503 says Retry-After: 5 */
    }
    if (!reads) {
        int st = read_form(&r, req, route);
        if (st) {
            if (r.form.refused.n && !r.error_why.n)
                r.error_why = r.form.refused;
            return answer_error(req, &r, st);
        }
    }
    request_run_handler(&r, handler);
    if (r.deferred) {
        defer_submit(r.deferred, req, http_thread_of(req)->index, on_deferred_done);
        return 0;
    }
    if (reader && route->on_read && r.status == 200)
        route->on_read(r.captures, n_captures, reader);
    respond_answer(req, &r, cacheable_route, key, gen);
    return 0;
}

/* Whether If-Range names the file as it is: its strong tag (of the file
 * itself, whose bytes a range counts) or its exact modification time. */
static bool if_range_holds(h2o_iovec_t v, const struct stat *st, int64_t now)
{
    char tag[48];
    int n = snprintf(tag, sizeof tag, "\"%08x-%zx\"", (unsigned)st->st_mtime, (size_t)st->st_size);
    if (v.len == (size_t)n && memcmp(v.base, tag, (size_t)n) == 0)
        return true;
    int64_t when;
    return http_date_parse((struct str){v.base, v.len}, now, &when) && when == (int64_t)st->st_mtime;
}

/* Settles a static file's Range header before h2o's file handler sees it:
 * what http_range_check says to ignore is taken out (h2o would answer 416
 * in English to an unknown unit or a second Range), and so is a range
 * under an If-Range that does not name the file as it is (h2o does not
 * compare it): the file then goes whole (RFC 9110 §13.1.5). False to let
 * h2o serve, true when the one range asked for starts past the end (416). */
static bool static_range(h2o_req_t *req, struct web_req *r, const struct stat *st)
{
    ssize_t at = h2o_find_header(&req->headers, H2O_TOKEN_RANGE, -1);
    if (at < 0)
        return false;
    h2o_iovec_t v = req->headers.entries[at].value;
    enum http_range what = HTTP_RANGE_IGNORE;
    ssize_t ir = h2o_find_header(&req->headers, H2O_TOKEN_IF_RANGE, -1);
    bool current = ir < 0 || (h2o_find_header(&req->headers, H2O_TOKEN_IF_RANGE, ir) < 0 &&
                              if_range_holds(req->headers.entries[ir].value, st, r->now));
    if (r->method == WEB_GET && current && h2o_find_header(&req->headers, H2O_TOKEN_RANGE, at) < 0)
        what = http_range_check((struct str){v.base, v.len}, (unsigned long long)st->st_size);
    if (what == HTTP_RANGE_IGNORE) {
        while ((at = h2o_find_header(&req->headers, H2O_TOKEN_RANGE, -1)) >= 0)
            h2o_delete_header(&req->headers, at);
    } else if (what == HTTP_RANGE_SERVE) {
        /* h2o reads the unit in lower case only; and a range is of the
         * file whose size was checked, not of its gzip twin */
        memcpy(v.base, "bytes", 5);
        ssize_t ae;
        while ((ae = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_ENCODING, -1)) >= 0)
            h2o_delete_header(&req->headers, ae);
    }
    while ((ir = h2o_find_header(&req->headers, H2O_TOKEN_IF_RANGE, -1)) >= 0)
        h2o_delete_header(&req->headers, ir); /* settled here */
    return what == HTTP_RANGE_UNSATISFIABLE;
}

static struct str header_of(h2o_req_t *req, const h2o_token_t *token, ssize_t *at)
{
    *at = h2o_find_header(&req->headers, token, -1);
    return *at < 0 ? STR_NULL : (struct str){req->headers.entries[*at].value.base, req->headers.entries[*at].value.len};
}

/* Settles a static file's conditional headers before h2o's file handler,
 * which compares If-None-Match with its tag byte for byte (a list, a weak
 * tag or "*" went unmatched), ignores If-Match and If-Unmodified-Since, and
 * takes an If-Modified-Since in the future for "not modified". Its tag is
 * "mtime-size" in hexadecimal, of the gzip twin when it sends that one.
 * Returns 412, or 0 with the headers left so that h2o answers right: a
 * matching If-None-Match is replaced by h2o's own tag (h2o answers 304),
 * one that does not match goes with If-Modified-Since (RFC 9110 §13.1.3). */
static int static_conditions(h2o_req_t *req, struct web_req *r, struct str file, const struct stat *st)
{
    ssize_t at;
    if (h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1) < 0 &&
        h2o_find_header(&req->headers, H2O_TOKEN_IF_MATCH, -1) < 0 &&
        h2o_find_header(&req->headers, H2O_TOKEN_IF_MODIFIED_SINCE, -1) < 0 &&
        h2o_find_header(&req->headers, H2O_TOKEN_IF_UNMODIFIED_SINCE, -1) < 0)
        return 0; /* most requests: nothing to settle, no second stat */
    char plain[48], twin[48] = "";
    int n_plain = snprintf(plain, sizeof plain, "\"%08x-%zx\"", (unsigned)st->st_mtime, (size_t)st->st_size), n_twin = 0;
    struct stat zs;
    struct str gz = arena_printf(r->arena, "%.*s.gz", (int)file.n, file.p);
    if (stat(gz.p, &zs) == 0 && S_ISREG(zs.st_mode))
        n_twin = snprintf(twin, sizeof twin, "\"%08x-%zx\"", (unsigned)zs.st_mtime, (size_t)zs.st_size);
    bool sends_twin = n_twin && req->version >= 0x101 && (h2o_get_compressible_types(&req->headers) & H2O_COMPRESSIBLE_GZIP);
    struct str sent = sends_twin ? (struct str){twin, (size_t)n_twin} : (struct str){plain, (size_t)n_plain};
    struct str v = header_of(req, H2O_TOKEN_IF_MATCH, &at);
    if (v.p) {
        if (!http_etag_listed(v, (struct str){plain, (size_t)n_plain}, false) &&
            !(n_twin && http_etag_listed(v, (struct str){twin, (size_t)n_twin}, false)))
            return 412;
    } else if ((v = header_of(req, H2O_TOKEN_IF_UNMODIFIED_SINCE, &at)).p) {
        int64_t when;
        if (http_date_parse(v, r->now, &when) && when < (int64_t)st->st_mtime)
            return 412;
    }
    v = header_of(req, H2O_TOKEN_IF_NONE_MATCH, &at);
    if (v.p) {
        if (http_etag_matches(v, sent)) {
            req->headers.entries[at].value = h2o_strdup(&req->pool, sent.p, sent.n);
        } else { /* every If-None-Match (h2o would read a second one), and the date it outweighs */
            while ((at = h2o_find_header(&req->headers, H2O_TOKEN_IF_NONE_MATCH, -1)) >= 0)
                h2o_delete_header(&req->headers, at);
            while ((at = h2o_find_header(&req->headers, H2O_TOKEN_IF_MODIFIED_SINCE, -1)) >= 0)
                h2o_delete_header(&req->headers, at);
        }
    } else if ((v = header_of(req, H2O_TOKEN_IF_MODIFIED_SINCE, &at)).p) {
        int64_t when;
        if (!http_date_parse(v, r->now, &when))
            return 0; /* no date: h2o ignores it too, and sends the file */
        if (when > r->now + 60) {
            h2o_delete_header(&req->headers, at); /* a date to come is no date the file could have */
        } else if (v.n != H2O_TIMESTR_RFC1123_LEN) {
            /* the two older forms, which h2o does not read, as the one it does */
            struct tm tm;
            time_t t = (time_t)when;
            char *fixed = h2o_mem_alloc_pool(&req->pool, H2O_TIMESTR_RFC1123_LEN + 1);
            h2o_time2str_rfc1123(fixed, gmtime_r(&t, &tm));
            req->headers.entries[at].value = h2o_iovec_init(fixed, H2O_TIMESTR_RFC1123_LEN);
        }
    }
    return 0;
}

/* The guard in front of h2o's file handler: the same decoding and checks
 * as pages, and the error page for a file that is not there. The gzip
 * twins ("site.1a2b3c4d.css.gz") are not files of the site: h2o sends
 * them in place of the file itself to a client that takes gzip. */
int request_on_static(h2o_handler_t *self, h2o_req_t *req)
{
    struct web_req r;
    guard_body_received(req);
    struct refusal why;
    int refused = guard_refusal(req, &why);
    if (refused)
        return answer_refused(req, &r, refused, &why);
    int bad = request_prepare(&r, req);
    struct stat st;
    struct str file = STR_NULL;
    if (!bad && r.method != WEB_GET && r.method != WEB_HEAD) {
        r.allow = STR("GET, HEAD, OPTIONS");
        if (r.method == WEB_OPTIONS)
            return answer_options(req, &r);
        bad = 405;
    }
    if (!bad) {
        /* "/static/css/site.css" -> "<static_dir>/css/site.css"; h2o
         * matched the prefix, request_prepare checked the rest. */
        struct str rest = str_starts_with(r.path, STR("/static/")) ? str_skip(r.path, 7) : STR("");
        file = arena_printf(r.arena, "%s%.*s", http_cfg->static_dir, (int)rest.n, rest.p);
        /* a name beginning with a dot ("/.stamp", the build's mark) is no
         * file of the site */
        bool hidden = rest.n && memmem(rest.p, rest.n, "/.", 2) != NULL;
        if (rest.n <= 1 || hidden || str_ends_with(rest, STR(".gz")) || lstat(file.p, &st) != 0 ||
            !S_ISREG(st.st_mode))
            bad = 404;
    }
    if (!bad)
        bad = static_conditions(req, &r, file, &st);
    if (!bad && !static_range(req, &r, &st))
        return -1; /* h2o's file handler serves it */
    if (!bad) {
        char size[40];
        int len = snprintf(size, sizeof size, "bytes */%lld", (long long)st.st_size);
        http_add_header(req, "content-range", arena_strdup(r.arena, size, (size_t)len));
        bad = 416;
    }
    return answer_error(req, &r, bad);
}

struct str web_file_path(const struct web_req *r)
{
    if (!http_cfg->files_prefix || !http_cfg->files_dir)
        return STR_NULL;
    struct str prefix = str_cstr(http_cfg->files_prefix);
    if (!str_starts_with(r->path, prefix) || r->path.n <= prefix.n + 1 || r->path.p[prefix.n] != '/')
        return STR_NULL;
    struct str rest = str_skip(r->path, prefix.n);
    return arena_printf(r->arena, "%s%.*s", http_cfg->files_dir, (int)rest.n, rest.p);
}

/* The files the product keeps on disk (server.h, files_prefix): the route
 * answers as for any page (its errors, its 404), and when its handler
 * says the file is ready, the file's validators and the range asked for
 * are settled as for /static/ and h2o's file handler, next in this
 * path's handlers, sends it. A handler that could not write the file
 * answers from its body instead, uncached. */
int request_on_files(h2o_handler_t *self, h2o_req_t *req)
{
    struct web_req r;
    int rc;
    if (!request_open(req, &r, &rc))
        return rc;
    size_t n_captures = 0;
    web_handler handler;
    const struct route *route = request_route(req, &r, &n_captures, &handler, &rc);
    if (!route)
        return rc;
    if (r.method != WEB_GET && r.method != WEB_HEAD) { /* a kept file is only read */
        r.allow = STR("GET, HEAD, OPTIONS");
        return answer_error(req, &r, 405);
    }
    r.cacheable = false;
    request_run_handler(&r, handler);
    /* h2o's file handler opens the file its own normalized path names:
     * the one checked here, or nothing is sent from disk */
    bool same = req->path_normalized.len == r.path.n && memcmp(req->path_normalized.base, r.path.p, r.path.n) == 0;
    struct str file = r.file_ready && r.status == 200 && same ? web_file_path(&r) : STR_NULL;
    struct stat st;
    if (!r.file_ready || r.status != 200) { /* an error page, or the file from memory */
        respond_answer(req, &r, false, STR_NULL, 0);
        return 0;
    }
    if (!file.n || lstat(file.p, &st) != 0 || !S_ISREG(st.st_mode)) {
        /* deleted between its check and here: no empty page kept for a year */
        r.no_store = true;
        return answer_error(req, &r, 404);
    }
    int bad = static_conditions(req, &r, file, &st);
    if (!bad && static_range(req, &r, &st)) {
        char size[40];
        int len = snprintf(size, sizeof size, "bytes */%lld", (long long)st.st_size);
        http_add_header(req, "content-range", arena_strdup(r.arena, size, (size_t)len));
        bad = 416;
    }
    if (bad)
        return answer_error(req, &r, bad);
    if (r.max_age > 0) {
        char cc[64];
        int len = snprintf(cc, sizeof cc, "public, max-age=%d%s", r.max_age,
                           r.max_age >= 31536000 ? ", immutable" : "");
        http_add_header(req, "cache-control", arena_strdup(r.arena, cc, (size_t)len));
    }
    if (r.disposition.n)
        http_add_header(req, "content-disposition", r.disposition);
    return -1; /* h2o's file handler sends it */
}
