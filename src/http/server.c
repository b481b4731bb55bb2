/*
 * server.c - h2o glue: listeners, event-loop threads, the request path
 * and the stop on a signal.
 *
 * One thread per core, each with its own h2o event loop, its own
 * listening socket on the shared port (SO_REUSEPORT), its own database
 * connection and site snapshot, so that the request path takes no lock
 * but the page cache's shard lock. A request goes:
 *   limits and decoding (parse.c) -> route (router.c) -> page cache hit?
 *   -> else the module's handler renders -> cache_put -> send.
 * Static files are answered by h2o's file handler behind a guard that
 * decodes and checks the path first. A filter adds the security headers
 * to every response, h2o's own included.
 */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <h2o.h>
#include <h2o/http1.h>
#include <zlib.h>

#include "core/clock.h"
#include "core/log.h"
#include "http/cache.h"
#include "http/defer.h"
#include "http/parse.h"
#include "http/router.h"
#include "site/site.h"
#include "store/store.h"

#define MAX_HEADERS 64         /* h2o's own limit is 100 */
#define MAX_HEADER_BYTES 16384 /* all header names and values together */
#define MAX_HEADER_VALUE 8192  /* one header value */
#define MAX_THREADS 64

struct http_thread {
    int index;
    pthread_t tid;
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    int listen_fd;
    h2o_socket_t *listener;
    h2o_multithread_receiver_t control;
    struct store_conn db;
    struct site site;
    struct arena arena;
    struct tpl_out out;
    bool stopping;
};

struct live_block {
    atomic_int refs;
    uint64_t version;
    int64_t made_ms;
    char *plain;
    size_t n;
    struct cache_gz_part gz;
    uint64_t gz_op;
};

static const struct http_config *config;
static h2o_globalconf_t globalconf;
static struct http_thread threads[MAX_THREADS];
static int n_threads;
static struct sockaddr_storage trusted_proxy;
static socklen_t trusted_proxy_len;
static atomic_int threads_running;

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct live_block *live_current;
static uint64_t live_version;

static const char HTML_TYPE[] = "text/html; charset=utf-8";

/* --- small helpers ---------------------------------------------------- */

static struct str from_iovec(h2o_iovec_t v) { return (struct str){v.base, v.len}; }

static struct http_thread *thread_of(h2o_req_t *req)
{
    return H2O_STRUCT_FROM_MEMBER(struct http_thread, ctx, req->conn->ctx);
}

static void add_header(h2o_req_t *req, const char *name, struct str value)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 0, NULL, value.p, value.n);
}

static struct str header_value(h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t i = h2o_find_header(&req->headers, token, -1);
    return i < 0 ? STR_NULL : from_iovec(req->headers.entries[i].value);
}

static const char *reason_of(int status)
{
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Error";
    }
}

/* --- the live block --------------------------------------------------- */

static void live_release(struct live_block *b)
{
    if (b && atomic_fetch_sub(&b->refs, 1) == 1) {
        free(b->plain);
        free(b->gz.p);
        free(b);
    }
}

/* The current live block with a reference taken, re-rendered when it is
 * older than the configured interval. */
static struct live_block *live_get(struct http_thread *t)
{
    if (!config->render_live)
        return NULL;
    int64_t now = clock_now_ms();
    pthread_mutex_lock(&live_lock);
    struct live_block *b = live_current;
    if (!b || now - b->made_ms >= config->live_interval_ms) {
        struct buf out = BUF_INIT;
        struct arena a;
        arena_init(&a, 4096);
        config->render_live(&out, &a);
        arena_free(&a);
        struct live_block *nb = calloc(1, sizeof *nb);
        if (!nb)
            abort();
        atomic_init(&nb->refs, 1);
        nb->version = ++live_version;
        nb->made_ms = now;
        nb->n = out.n;
        nb->plain = buf_detach(&out, NULL);
        cache_deflate_part((struct str){nb->plain, nb->n}, false, &nb->gz);
        nb->gz_op = crc32_combine_gen((z_off_t)nb->n);
        live_release(live_current);
        live_current = b = nb;
    }
    atomic_fetch_add(&b->refs, 1);
    pthread_mutex_unlock(&live_lock);
    (void)t;
    return b;
}

static void dispose_entry_ref(void *p) { cache_release(*(struct cache_entry **)p); }
static void dispose_live_ref(void *p) { live_release(*(struct live_block **)p); }

/* --- sending ------------------------------------------------------------ */

static h2o_generator_t final_generator = {NULL, NULL};

/* Sends a page (cached or freshly rendered, both as a cache_entry) with
 * its live block, gzip when the client takes it, ETag/304 and HEAD. The
 * request keeps a reference on the entry until its bytes are written. */
static void send_entry(h2o_req_t *req, struct cache_entry *e, bool head)
{
    struct http_thread *t = thread_of(req);
    struct live_block *live = e->has_live ? live_get(t) : NULL;
    bool gzip = e->gz_pre.p && http_accepts_gzip(header_value(req, H2O_TOKEN_ACCEPT_ENCODING));

    *(struct cache_entry **)h2o_mem_alloc_shared(&req->pool, sizeof e, dispose_entry_ref) = e;
    if (live)
        *(struct live_block **)h2o_mem_alloc_shared(&req->pool, sizeof live, dispose_live_ref) = live;

    char etag[64];
    int etag_len = snprintf(etag, sizeof etag, "\"%llx-%llx%s\"", (unsigned long long)e->version,
                            live ? (unsigned long long)live->version : 0ull, gzip ? "-gz" : "");
    struct str etag_str = {h2o_strdup(&req->pool, etag, (size_t)etag_len).base, (size_t)etag_len};

    req->res.status = e->status;
    req->res.reason = reason_of(e->status);
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, e->content_type,
                   strlen(e->content_type));
    if (e->disposition)
        add_header(req, "content-disposition", str_cstr(e->disposition));
    if (e->status == 200) {
        add_header(req, "etag", etag_str);
        if (e->max_age > 0) {
            char cc[64];
            int k = snprintf(cc, sizeof cc, "public, max-age=%d", e->max_age);
            add_header(req, "cache-control", (struct str){h2o_strdup(&req->pool, cc, (size_t)k).base, (size_t)k});
        } else {
            add_header(req, "cache-control", STR("no-cache"));
        }
    } else {
        add_header(req, "cache-control", STR("no-store"));
    }
    if (e->gz_pre.p)
        add_header(req, "vary", STR("Accept-Encoding"));

    if (e->status == 200 && http_etag_matches(header_value(req, H2O_TOKEN_IF_NONE_MATCH), etag_str)) {
        req->res.status = 304;
        req->res.reason = reason_of(304);
        h2o_start_response(req, &final_generator);
        h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
        return;
    }

    h2o_iovec_t bufs[6];
    size_t n = 0, total = 0;
    if (gzip) {
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_ENCODING, NULL, H2O_STRLIT("gzip"));
        unsigned char *trailer = h2o_mem_alloc_pool(&req->pool, 8);
        cache_gzip_trailer(e, live ? &live->gz : NULL, live ? live->gz_op : 0, trailer);
        bufs[n++] = h2o_iovec_init(cache_gzip_header, sizeof cache_gzip_header);
        bufs[n++] = h2o_iovec_init(e->gz_pre.p, e->gz_pre.n);
        if (live)
            bufs[n++] = h2o_iovec_init(live->gz.p, live->gz.n);
        if (e->gz_post.p)
            bufs[n++] = h2o_iovec_init(e->gz_post.p, e->gz_post.n);
        bufs[n++] = h2o_iovec_init(trailer, 8);
    } else {
        bufs[n++] = h2o_iovec_init(e->body, e->split);
        if (live)
            bufs[n++] = h2o_iovec_init(live->plain, live->n);
        if (e->body_len > e->split)
            bufs[n++] = h2o_iovec_init(e->body + e->split, e->body_len - e->split);
    }
    for (size_t i = 0; i < n; i++)
        total += bufs[i].len;
    req->res.content_length = total;
    h2o_start_response(req, &final_generator);
    h2o_send(req, bufs, head ? 0 : n, H2O_SEND_STATE_FINAL);
}

/* Sends a response that is not a page: a redirect or a body that the
 * handler made whole (feeds, files). */
static void send_plain(h2o_req_t *req, int status, const char *type, struct str body, bool head)
{
    req->res.status = status;
    req->res.reason = reason_of(status);
    if (type)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, type, strlen(type));
    h2o_iovec_t buf = h2o_strdup(&req->pool, body.p, body.n);
    req->res.content_length = body.n;
    h2o_start_response(req, &final_generator);
    h2o_send(req, &buf, head ? 0 : 1, H2O_SEND_STATE_FINAL);
}

/* --- the request path ---------------------------------------------------- */

/* The visitor's address: the peer, or the last X-Forwarded-For entry when
 * the peer is the trusted proxy (nginx appends the address it saw). */
static struct str client_address(h2o_req_t *req, struct arena *a)
{
    struct sockaddr_storage ss;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    char host[INET6_ADDRSTRLEN] = "0.0.0.0";
    if (len && ss.ss_family == AF_INET)
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, host, sizeof host);
    else if (len && ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    bool from_proxy = false;
    if (trusted_proxy_len && ss.ss_family == trusted_proxy.ss_family) {
        if (ss.ss_family == AF_INET)
            from_proxy = ((struct sockaddr_in *)&ss)->sin_addr.s_addr ==
                         ((struct sockaddr_in *)&trusted_proxy)->sin_addr.s_addr;
        else if (ss.ss_family == AF_INET6)
            from_proxy = memcmp(&((struct sockaddr_in6 *)&ss)->sin6_addr,
                                &((struct sockaddr_in6 *)&trusted_proxy)->sin6_addr, 16) == 0;
    }
    if (from_proxy) {
        ssize_t i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-forwarded-for"), -1);
        if (i >= 0) {
            struct str v = from_iovec(req->headers.entries[i].value);
            const char *comma = memrchr(v.p, ',', v.n);
            struct str last = comma ? (struct str){comma + 1, v.n - (size_t)(comma + 1 - v.p)} : v;
            while (last.n && last.p[0] == ' ')
                last = str_skip(last, 1);
            while (last.n && last.p[last.n - 1] == ' ')
                last.n--;
            unsigned char probe[16];
            char tmp[INET6_ADDRSTRLEN];
            if (last.n && last.n < sizeof tmp) {
                memcpy(tmp, last.p, last.n);
                tmp[last.n] = '\0';
                if (inet_pton(AF_INET, tmp, probe) == 1 || inet_pton(AF_INET6, tmp, probe) == 1)
                    return arena_strdup(a, tmp, last.n);
            }
        }
    }
    return arena_strdup(a, host, strlen(host));
}

/* Checks the limits h2o does not check as tightly as we want. */
static int check_limits(h2o_req_t *req)
{
    if (req->headers.size > MAX_HEADERS)
        return 431;
    size_t total = req->input.authority.len;
    for (size_t i = 0; i < req->headers.size; i++) {
        size_t v = req->headers.entries[i].value.len;
        if (v > MAX_HEADER_VALUE)
            return 431;
        total += req->headers.entries[i].name->len + v;
    }
    if (total > MAX_HEADER_BYTES)
        return 431;
    if (req->entity.base && req->entity.len > config->max_body)
        return 413;
    return 0;
}

static enum web_method method_of(h2o_iovec_t m)
{
    if (h2o_memis(m.base, m.len, H2O_STRLIT("GET")))
        return WEB_GET;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("HEAD")))
        return WEB_HEAD;
    if (h2o_memis(m.base, m.len, H2O_STRLIT("POST")))
        return WEB_POST;
    return WEB_OTHER;
}

/* The cache key: the path, the query parameters the route knows (in the
 * route's order, so "?a=1&b=2" and "?b=2&a=1" are one page) and the
 * display choices. Tracking parameters never reach it. */
/* Scratch memory for building keys and addresses on the request path,
 * reused by the thread instead of allocated per request. */
static _Thread_local struct buf scratch;

static struct str cache_key(struct web_req *r, const struct route *route)
{
    buf_reset(&scratch);
    buf_putc(&scratch, (char)('1' + r->prefs.text_size)); /* -1..2 -> '0'..'3' */
    buf_putc(&scratch, r->prefs.contrast ? 'h' : 'n');
    buf_put(&scratch, r->self_url);
    (void)route;
    return arena_strdup(r->arena, scratch.p, scratch.n);
}

/* The page's own address: the path and the query parameters the route
 * knows, in the route's order and re-encoded. Used for the cache key, the
 * canonical URL and the links that come back to the page. */
static struct str self_url(struct web_req *r, const struct route *route)
{
    if (!route->known_params)
        return r->path; /* already in the arena */
    struct buf *b = &scratch;
    buf_reset(b);
    buf_put(b, r->path);
    char sep = '?';
    for (const char *const *k = route->known_params; k && *k; k++) {
        struct str v = web_param(r, *k);
        if (!v.p)
            continue;
        buf_putc(b, sep);
        sep = '&';
        buf_puts(b, *k);
        buf_putc(b, '=');
        tpl_escape_url_part(b, v);
    }
    return arena_strdup(r->arena, b->p, b->n);
}

/* Renders the answer of the route (or the error page) into r. */
static void run_handler(struct web_req *r, const struct route *route)
{
    store_read_begin(r->db);
    if (route->handler(r) != 0 && r->status < 400)
        web_error(r, 500);
    store_read_end(r->db);
}

/* Turns the handler's answer into an HTTP response. */
static void respond(h2o_req_t *req, struct web_req *r, const struct route *route, struct str key, uint64_t gen)
{
    bool head = r->method == WEB_HEAD;
    if (r->set_cookie.n) {
        add_header(req, "set-cookie", r->set_cookie);
        r->cacheable = false;
    }
    if (r->status == 301 || r->status == 302 || r->status == 303) {
        struct str loc = r->location;
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_LOCATION, NULL, loc.p, loc.n);
        add_header(req, "cache-control", STR("no-store"));
        send_plain(req, r->status, HTML_TYPE, STR(""), head);
        return;
    }
    const char *type = r->content_type ? r->content_type : HTML_TYPE;
    struct str body = buf_str(&r->out->buf);
    size_t split = SIZE_MAX;
    for (int i = 0; i < r->out->n_live; i++)
        if (strcmp(r->out->live_name[i], "counter") == 0)
            split = r->out->live_at[i];
    struct cache_entry *e = NULL;
    if (route && (route->flags & ROUTE_CACHEABLE) && r->cacheable && r->status == 200 && key.n)
        e = cache_put(key, gen, 200, type, r->disposition, body, split, r->tags, r->n_tags, r->last_modified,
                      r->max_age);
    if (!e)
        e = cache_make_uncached(r->status, type, r->disposition, body, split, r->last_modified, r->max_age,
                                http_accepts_gzip(header_value(req, H2O_TOKEN_ACCEPT_ENCODING)));
    send_entry(req, e, head);
}

/* Builds a web_req for this thread: arena, connection, site, out. */
static void init_web_req(struct web_req *r, struct http_thread *t, h2o_req_t *req)
{
    memset(r, 0, sizeof *r);
    arena_reset(&t->arena);
    buf_reset(&t->out.buf);
    t->out.n_live = 0;
    site_refresh(&t->site, &t->db);
    r->arena = &t->arena;
    r->db = &t->db;
    r->site = &t->site;
    r->out = &t->out;
    r->status = 200;
    r->cacheable = true;
    r->now = clock_now();
    r->method = method_of(req->method);
}

/* Decodes and checks the request into r. Returns 0 or the error status
 * to answer with. */
static int prepare_request(struct web_req *r, h2o_req_t *req)
{
    struct http_thread *t = thread_of(req);
    init_web_req(r, t, req);
    r->path = STR("/");
    int bad = check_limits(req);
    struct str raw = from_iovec(req->path);
    size_t qpos = req->query_at == SIZE_MAX ? raw.n : req->query_at;
    struct str path;
    if (!bad)
        bad = http_parse_path(r->arena, (struct str){raw.p, qpos}, &path);
    if (!bad)
        r->path = path;
    if (!bad && qpos < raw.n)
        bad = http_parse_query(r->arena, str_skip(raw, qpos + 1), r->params, WEB_MAX_PARAMS, &r->n_params);
    if (bad)
        r->n_params = 0;
    http_parse_prefs(header_value(req, H2O_TOKEN_COOKIE), &r->prefs);
    r->client_ip = client_address(req, r->arena);
    return bad;
}

/* Back on the loop after deferred work: answer the request. */
static void on_deferred_done(struct web_job *job, h2o_req_t *req)
{
    if (!req)
        return; /* the client went away */
    struct web_req r;
    if (prepare_request(&r, req) == 0 && job->finish(&r, job) != 0 && r.status < 400)
        web_error(&r, 500);
    r.cacheable = false;
    respond(req, &r, NULL, STR_NULL, 0);
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
    struct web_req r;
    int bad = prepare_request(&r, req);
    if (bad) {
        web_error(&r, bad);
        respond(req, &r, NULL, STR_NULL, 0);
        return 0;
    }

    size_t n_captures = 0;
    const struct route *route = router_match(r.path, r.captures, &n_captures, config->test_hooks);
    if (!route) {
        web_error(&r, 404);
        respond(req, &r, NULL, STR_NULL, 0);
        return 0;
    }
    bool allowed = r.method == WEB_GET || r.method == WEB_HEAD || (r.method == WEB_POST && (route->flags & ROUTE_POST));
    if (!allowed) {
        add_header(req, "allow", (route->flags & ROUTE_POST) ? STR("GET, HEAD, POST") : STR("GET, HEAD"));
        web_error(&r, 405);
        respond(req, &r, NULL, STR_NULL, 0);
        return 0;
    }

    if ((route->flags & ROUTE_PAGE) && r.method == WEB_GET && config->on_visit)
        config->on_visit(r.client_ip, header_value(req, H2O_TOKEN_USER_AGENT));
    r.self_url = self_url(&r, route);
    struct str key = STR_NULL;
    uint64_t gen = cache_generation();
    if ((route->flags & ROUTE_CACHEABLE) && r.method != WEB_POST) {
        key = cache_key(&r, route);
        struct cache_entry *e = cache_get(key);
        if (e) {
            send_entry(req, e, r.method == WEB_HEAD);
            return 0;
        }
    }
    run_handler(&r, route);
    if (r.deferred) {
        defer_submit(r.deferred, req, thread_of(req)->index, on_deferred_done);
        return 0;
    }
    respond(req, &r, route, key, gen);
    return 0;
}

/* The guard in front of h2o's file handler: the same decoding and checks
 * as pages, and a Vietnamese 404 for a file that is not there. */
static int on_static(h2o_handler_t *self, h2o_req_t *req)
{
    struct web_req r;
    int bad = prepare_request(&r, req);
    if (!bad && r.method != WEB_GET && r.method != WEB_HEAD) {
        add_header(req, "allow", STR("GET, HEAD"));
        bad = 405;
    }
    if (!bad) {
        /* "/static/css/site.css" -> "<static_dir>/css/site.css"; h2o
         * matched the prefix, prepare_request checked the rest. */
        struct str rest = str_starts_with(r.path, STR("/static/")) ? str_skip(r.path, 7) : STR("");
        struct str file = arena_printf(r.arena, "%s%.*s", config->static_dir, (int)rest.n, rest.p);
        struct stat st;
        if (rest.n <= 1 || lstat(file.p, &st) != 0 || !S_ISREG(st.st_mode))
            bad = 404;
    }
    if (!bad)
        return -1; /* h2o's file handler serves it */
    web_error(&r, bad);
    respond(req, &r, NULL, STR_NULL, 0);
    return 0;
}

/* --- the filter that adds security headers to every response ---------- */

static void on_setup_ostream(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
{
    static const struct {
        const char *name, *value;
    } headers[] = {
        {"content-security-policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
         "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
        {"x-content-type-options", "nosniff"},
        {"referrer-policy", "strict-origin-when-cross-origin"},
        {"x-frame-options", "DENY"},
        {"permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
        {"cross-origin-opener-policy", "same-origin"},
    };
    for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
        add_header(req, headers[i].name, str_cstr(headers[i].value));
    struct str path = from_iovec(req->path_normalized);
    if (str_starts_with(path, STR("/static/")) && req->res.status == 200) {
        /* Fingerprinted names ("site.1a2b3c4d.css") never change content. */
        bool fingerprinted = false;
        for (size_t i = 0; i + 10 < path.n && !fingerprinted; i++) {
            if (path.p[i] != '.')
                continue;
            size_t j = i + 1;
            while (j < path.n && ((path.p[j] >= '0' && path.p[j] <= '9') || (path.p[j] >= 'a' && path.p[j] <= 'f')))
                j++;
            fingerprinted = j - i - 1 == 8 && j < path.n && path.p[j] == '.';
        }
        add_header(req, "cache-control",
                   fingerprinted ? STR("public, max-age=31536000, immutable") : STR("public, max-age=3600"));
    }
    if (config->access_log) {
        struct arena a;
        arena_init(&a, 512);
        struct str ip = client_address(req, &a);
        log_msg(LOG_INFO, "%.*s \"%.*s %.*s\" %d", (int)ip.n, ip.p, (int)req->method.len, req->method.base,
                (int)(req->path.len > 512 ? 512 : req->path.len), req->path.base, req->res.status);
        arena_free(&a);
    }
    h2o_setup_next_ostream(req, slot);
}

/* --- listeners ------------------------------------------------------------ */

int http_parse_listen(const char *s, char *host, size_t host_len, int *port)
{
    const char *colon;
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':')
            return -1;
        if ((size_t)(end - s - 1) >= host_len)
            return -1;
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        colon = end + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= host_len)
            return -1;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
    }
    char *endp;
    long p = strtol(colon + 1, &endp, 10);
    if (colon[1] == '\0' || *endp || p < 0 || p > 65535)
        return -1;
    *port = (int)p;
    return 0;
}

static int open_listener(const struct sockaddr *sa, socklen_t len, char *err, size_t errlen)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0) {
        snprintf(err, errlen, "cannot create a socket: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (sa->sa_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(fd, sa, len) != 0 || listen(fd, 1024) != 0) {
        snprintf(err, errlen, "cannot listen on %s: %s", config->listen,
                 errno == EADDRINUSE ? "the port is already in use" : strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* SO_REUSEPORT lets any socket of the same user join our port. After
 * binding, make sure every listening socket on the port is one of ours:
 * a second server must fail loudly, not share the traffic quietly. */
static int check_port_exclusive(int port, char *err, size_t errlen)
{
    const char *tables[] = {"/proc/net/tcp", "/proc/net/tcp6"};
    for (size_t t = 0; t < 2; t++) {
        FILE *f = fopen(tables[t], "r");
        if (!f)
            continue;
        char line[512];
        if (!fgets(line, sizeof line, f)) {
            fclose(f);
            continue;
        }
        while (fgets(line, sizeof line, f)) {
            char local[128], remote[128];
            unsigned state;
            unsigned long inode;
            if (sscanf(line, "%*d: %127s %127s %x %*s %*s %*s %*s %*s %lu", local, remote, &state, &inode) != 4)
                continue;
            const char *c = strrchr(local, ':');
            if (!c || state != 0x0A || (int)strtol(c + 1, NULL, 16) != port)
                continue;
            bool ours = false;
            for (int i = 0; i < n_threads; i++) {
                struct stat st;
                if (fstat(threads[i].listen_fd, &st) == 0 && st.st_ino == inode)
                    ours = true;
            }
            if (!ours) {
                fclose(f);
                snprintf(err, errlen, "cannot listen on %s: the port is already in use by another server",
                         config->listen);
                return -1;
            }
        }
        fclose(f);
    }
    return 0;
}

static int open_listeners(char *err, size_t errlen, int *bound_port)
{
    char host[256];
    int port;
    if (http_parse_listen(config->listen, host, sizeof host, &port) != 0) {
        snprintf(err, errlen, "bad --listen address %s (expected ADDR:PORT)", config->listen);
        return -1;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICHOST | AI_PASSIVE};
    struct addrinfo *ai;
    if (getaddrinfo(host, NULL, &hints, &ai) != 0) {
        snprintf(err, errlen, "bad --listen address %s (use a numeric address)", config->listen);
        return -1;
    }
    struct sockaddr_storage ss;
    memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
    socklen_t len = ai->ai_addrlen;
    freeaddrinfo(ai);
    for (int i = 0; i < n_threads; i++) {
        if (ss.ss_family == AF_INET)
            ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
        else
            ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
        int fd = open_listener((struct sockaddr *)&ss, len, err, errlen);
        if (fd < 0) {
            for (int j = 0; j < i; j++)
                close(threads[j].listen_fd);
            return -1;
        }
        threads[i].listen_fd = fd;
        if (port == 0) { /* the first socket picks the port; the others join it */
            struct sockaddr_storage got;
            socklen_t glen = sizeof got;
            getsockname(fd, (struct sockaddr *)&got, &glen);
            port = ntohs(got.ss_family == AF_INET ? ((struct sockaddr_in *)&got)->sin_port
                                                  : ((struct sockaddr_in6 *)&got)->sin6_port);
        }
    }
    *bound_port = port;
    if (check_port_exclusive(port, err, errlen) != 0) {
        for (int j = 0; j < n_threads; j++)
            close(threads[j].listen_fd);
        return -1;
    }
    return 0;
}

/* --- threads ---------------------------------------------------------------- */

static void on_accept(h2o_socket_t *listener, const char *err)
{
    if (err)
        return;
    struct http_thread *t = listener->data;
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (sock)
        h2o_accept(&t->accept_ctx, sock);
}

struct control_msg {
    h2o_multithread_message_t super;
};

/* Runs on the thread's own loop: stop accepting, let h2o close
 * keep-alive connections after their current response. */
static void on_control(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    struct http_thread *t = H2O_STRUCT_FROM_MEMBER(struct http_thread, control, receiver);
    while (!h2o_linklist_is_empty(messages)) {
        struct control_msg *m = H2O_STRUCT_FROM_MEMBER(struct control_msg, super.link, messages->next);
        h2o_linklist_unlink(&m->super.link);
        free(m);
    }
    if (!t->stopping) {
        t->stopping = true;
        if (t->listener) {
            h2o_socket_read_stop(t->listener);
            h2o_socket_close(t->listener);
            t->listener = NULL;
        }
        h2o_context_request_shutdown(&t->ctx);
    }
}

static void *thread_main(void *arg)
{
    struct http_thread *t = arg;
    h2o_evloop_t *loop = h2o_evloop_create();
    h2o_context_init(&t->ctx, loop, &globalconf);
    t->accept_ctx.ctx = &t->ctx;
    t->accept_ctx.hosts = globalconf.hosts;
    h2o_multithread_register_receiver(t->ctx.queue, &t->control, on_control);
    defer_register_thread(t->ctx.queue, t->index);
    t->listener = h2o_evloop_socket_create(loop, t->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    t->listener->data = t;
    h2o_socket_read_start(t->listener, on_accept);
    atomic_fetch_add(&threads_running, 1);

    int64_t deadline = 0;
    for (;;) {
        h2o_evloop_run(loop, 100);
        if (!t->stopping)
            continue;
        if (!deadline)
            deadline = clock_now_ms() + config->request_timeout_ms + 1000;
        /* Done when no connection is left (the in-flight requests have
         * been answered) or when the request deadline has passed. */
        if ((h2o_linklist_is_empty(&t->ctx.http1._conns) && defer_pending(t->index) == 0) ||
            clock_now_ms() > deadline)
            break;
    }
    defer_unregister_thread(t->ctx.queue, t->index);
    h2o_multithread_unregister_receiver(t->ctx.queue, &t->control);
    cache_thread_done();
    buf_free(&scratch);
    /* The context and loop are not disposed: h2o 2.2.5 asserts on timers
     * it still holds, and the process exits right after. */
    return NULL;
}

static void request_stop_all(void)
{
    for (int i = 0; i < n_threads; i++) {
        struct control_msg *m = calloc(1, sizeof *m);
        if (!m)
            abort();
        h2o_multithread_send_message(&threads[i].control, &m->super);
    }
}

static int write_port_file(const char *path, int port, char *err, size_t errlen)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot write the port file %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

static int parse_trusted_proxy(char *err, size_t errlen)
{
    trusted_proxy_len = 0;
    if (!config->trusted_proxy || !*config->trusted_proxy)
        return 0;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_flags = AI_NUMERICHOST};
    struct addrinfo *ai;
    if (getaddrinfo(config->trusted_proxy, NULL, &hints, &ai) != 0) {
        snprintf(err, errlen, "bad --trusted-proxy address %s (use a numeric address)", config->trusted_proxy);
        return -1;
    }
    memcpy(&trusted_proxy, ai->ai_addr, ai->ai_addrlen);
    trusted_proxy_len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

static void setup_globalconf(void)
{
    h2o_config_init(&globalconf);
    globalconf.server_name = h2o_iovec_init(H2O_STRLIT("")); /* no Server banner */
    /* h2o answers bodies above this itself; keep it above our own limit so
     * that dinh answers first with its own page. */
    globalconf.max_request_entity_size = config->max_body * 4 + 65536;
    globalconf.http1.req_timeout = (uint64_t)config->request_timeout_ms;
    globalconf.http1.upgrade_to_http2 = 0; /* TLS and HTTP/2 are nginx's job */
    globalconf.http2.idle_timeout = (uint64_t)config->request_timeout_ms;
    h2o_hostconf_t *host = h2o_config_register_host(&globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);

    /* h2o takes the first registered path that matches: the most specific first. */
    h2o_pathconf_t *st = h2o_config_register_path(host, "/static", 0);
    h2o_create_handler(st, sizeof(h2o_handler_t))->on_req = on_static;
    h2o_file_register(st, config->static_dir, NULL, NULL, H2O_FILE_FLAG_SEND_COMPRESSED);
    h2o_create_filter(st, sizeof(h2o_filter_t))->on_setup_ostream = on_setup_ostream;
    h2o_pathconf_t *root = h2o_config_register_path(host, "/", 0);
    h2o_create_handler(root, sizeof(h2o_handler_t))->on_req = on_req;
    h2o_create_filter(root, sizeof(h2o_filter_t))->on_setup_ostream = on_setup_ostream;

}

int http_serve(const struct http_config *cfg, char *err, size_t errlen)
{
    config = cfg;
    /* Signals are taken by this thread alone (sigwait): block them before
     * any other thread exists, so that every thread inherits the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    n_threads = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > MAX_THREADS)
        n_threads = MAX_THREADS;
    if (parse_trusted_proxy(err, errlen) != 0)
        return -1;
    struct stat st;
    if (stat(cfg->static_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "static folder %s not found (run make, or give --static DIR)", cfg->static_dir);
        return -1;
    }

    /* Every thread opens its own connection now, so that a database that
     * cannot be read stops the start, not the first request. */
    for (int i = 0; i < n_threads; i++) {
        struct http_thread *t = &threads[i];
        memset(t, 0, sizeof *t);
        t->index = i;
        if (store_open(&t->db, cfg->db_path, STORE_READ_WRITE, err, errlen) != 0)
            goto fail_db;
        int have = store_db_version(&t->db);
        if (have != store_schema_version()) {
            snprintf(err, errlen,
                     have > store_schema_version()
                         ? "database %s has schema version %d, newer than this dinh (%d)"
                         : "database %s has schema version %d; run `dinh init --db` to migrate it to %d",
                     cfg->db_path, have, store_schema_version());
            store_close(&t->db);
            goto fail_db;
        }
        if (site_load(&t->site, &t->db, str_cstr(cfg->base_url)) != 0) {
            snprintf(err, errlen, "cannot read the site settings from %s", cfg->db_path);
            store_close(&t->db);
            goto fail_db;
        }
        arena_init(&t->arena, 65536);
        continue;
    fail_db:
        for (int j = 0; j < i; j++) {
            site_free(&threads[j].site);
            store_close(&threads[j].db);
            arena_free(&threads[j].arena);
        }
        return -1;
    }

    int port;
    if (open_listeners(err, errlen, &port) != 0)
        return -1;
    if (cfg->port_file && write_port_file(cfg->port_file, port, err, errlen) != 0)
        return -1;

    cache_init(cfg->cache_bytes);
    cache_set_enabled(!cfg->cache_off);
    setup_globalconf();
    defer_start(cfg->db_path, n_threads);

    for (int i = 0; i < n_threads; i++)
        pthread_create(&threads[i].tid, NULL, thread_main, &threads[i]);
    log_info("serving on %s (port %d) with %d threads", cfg->listen, port, n_threads);

    int sig;
    sigwait(&set, &sig);
    log_info("signal %d: closing the listeners and finishing requests in flight", sig);
    while (atomic_load(&threads_running) < n_threads)
        usleep(1000);
    request_stop_all();
    for (int i = 0; i < n_threads; i++)
        pthread_join(threads[i].tid, NULL);
    defer_stop();
    for (int i = 0; i < n_threads; i++) {
        site_free(&threads[i].site);
        store_close(&threads[i].db);
        arena_free(&threads[i].arena);
        buf_free(&threads[i].out.buf);
    }
    pthread_mutex_lock(&live_lock);
    live_release(live_current);
    live_current = NULL;
    pthread_mutex_unlock(&live_lock);
    cache_shutdown();
    log_info("stopped");
    return 0;
}
