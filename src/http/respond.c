/*
 * respond.c - turning a handler's answer into an HTTP response, and the
 * headers every response carries.
 *
 * A page (or an error page, or a file) is made into a cache entry, stored
 * in the page cache when the route and the answer allow it, and sent by
 * pages.c; a redirect is sent as it is. A filter adds the security headers
 * to every response, h2o's own (static files, its rare errors) included,
 * and writes the access log.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>

#include "core/log.h"
#include "http/cache.h"
#include "http/loop.h"
#include "http/parse.h"

static struct sockaddr_storage trusted_proxy;
static socklen_t trusted_proxy_len;

static const char HTML_TYPE[] = "text/html; charset=utf-8";
static h2o_generator_t final_generator = {NULL, NULL};

static struct str header_value(h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t i = h2o_find_header(&req->headers, token, -1);
    return i < 0 ? STR_NULL : (struct str){req->headers.entries[i].value.base, req->headers.entries[i].value.len};
}

/* A response with no page body: a redirect, 204, 304. */
static void send_empty(h2o_req_t *req, int status, bool head)
{
    req->res.status = status;
    req->res.reason = web_status_reason(status);
    if (status != 204 && status != 304)
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, HTML_TYPE, sizeof HTML_TYPE - 1);
    req->res.content_length = 0;
    h2o_start_response(req, &final_generator);
    h2o_send(req, NULL, 0, H2O_SEND_STATE_FINAL);
    (void)head;
}

void respond_answer(h2o_req_t *req, struct web_req *r, bool cacheable_route, struct str key, uint64_t gen)
{
    bool head = r->method == WEB_HEAD;
    if (r->set_cookie.n) {
        http_add_header(req, "set-cookie", r->set_cookie);
        r->cacheable = false;
    }
    if (r->allow.n)
        http_add_header(req, "allow", r->allow);
    if (http_cfg->test_hooks && r->db_steps) {
        char num[24];
        int n = snprintf(num, sizeof num, "%llu", (unsigned long long)r->db_steps);
        http_add_header(req, "x-dinh-db-steps", arena_strdup(r->arena, num, (size_t)n));
        n = snprintf(num, sizeof num, "%llu", (unsigned long long)r->db_pages);
        http_add_header(req, "x-dinh-db-pages", arena_strdup(r->arena, num, (size_t)n));
    }
    if (r->retry_after > 0 && (r->status == 429 || r->status == 503)) {
        char secs[24];
        int n = snprintf(secs, sizeof secs, "%d", r->retry_after);
        http_add_header(req, "retry-after", arena_strdup(r->arena, secs, (size_t)n));
    } else if (r->status == 503) {
        http_add_header(req, "retry-after", STR("5"));
    }
    if (r->status == 301 || r->status == 302 || r->status == 303 || r->status == 307 || r->status == 308) {
        h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_LOCATION, NULL, r->location.p, r->location.n);
        http_add_header(req, "cache-control", STR("no-store"));
        send_empty(req, r->status, head);
        return;
    }
    if (r->status == 204) {
        http_add_header(req, "cache-control", STR("no-store"));
        send_empty(req, 204, head);
        return;
    }
    const char *type = r->content_type ? r->content_type : HTML_TYPE;
    struct str body = r->body ? (struct str){r->body->p, r->body->n} : STR("");
    size_t split = r->splice_at;
    struct cache_entry *e = NULL;
    if (cacheable_route && r->cacheable && !r->no_store && r->status == 200 && key.n && !r->etag.n)
        e = cache_put(key, gen, 200, type, r->disposition, body, split, r->tags, r->n_tags, r->last_modified,
                      r->max_age);
    if (!e) {
        e = cache_make_uncached(r->status, type, r->disposition, body, split, r->last_modified, r->max_age,
                                http_accepts_gzip(header_value(req, H2O_TOKEN_ACCEPT_ENCODING)));
        e->no_store = r->no_store;
        if (r->etag.n && r->status == 200 && !(e->etag = strndup(r->etag.p, r->etag.n)))
            abort();
    }
    pages_send(req, e, head);
}

/* A request header for the access log: at most cap - 1 bytes, '-' when
 * absent, quotes, backslashes and control bytes as '?', so that a line
 * cannot be forged or broken by what a client sends. */
static void log_clean(char *out, size_t cap, h2o_iovec_t v)
{
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v.base[i];
        out[i] = c < 0x20 || c == 0x7f || c == '"' || c == '\\' ? '?' : (char)c;
    }
    out[n] = '\0';
}

static void log_field(char *out, size_t cap, h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t at = h2o_find_header(&req->headers, token, -1);
    if (at < 0)
        snprintf(out, cap, "-");
    else
        log_clean(out, cap, req->headers.entries[at].value);
}

/* --- addresses ------------------------------------------------------------- */

int respond_parse_trusted_proxy(char *err, size_t errlen)
{
    trusted_proxy_len = 0;
    if (!http_cfg->trusted_proxy || !*http_cfg->trusted_proxy)
        return 0;
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_flags = AI_NUMERICHOST};
    struct addrinfo *ai;
    const char *proxy = strcasecmp(http_cfg->trusted_proxy, "localhost") ? http_cfg->trusted_proxy : "127.0.0.1";
    if (getaddrinfo(proxy, NULL, &hints, &ai) != 0) {
        snprintf(err, errlen, "địa chỉ --trusted-proxy %s không hợp lệ (hãy dùng địa chỉ dạng số)",
                 http_cfg->trusted_proxy);
        return -1;
    }
    memcpy(&trusted_proxy, ai->ai_addr, ai->ai_addrlen);
    trusted_proxy_len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
}

bool respond_is_trusted_proxy(const struct sockaddr_storage *ss, socklen_t len)
{
    if (!trusted_proxy_len || !len || ss->ss_family != trusted_proxy.ss_family)
        return false;
    if (ss->ss_family == AF_INET)
        return ((const struct sockaddr_in *)ss)->sin_addr.s_addr ==
               ((struct sockaddr_in *)&trusted_proxy)->sin_addr.s_addr;
    if (ss->ss_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)ss)->sin6_addr,
                      &((struct sockaddr_in6 *)&trusted_proxy)->sin6_addr, 16) == 0;
    return false;
}

/* The visitor's address: the peer, or the last X-Forwarded-For entry when
 * the peer is the trusted proxy (nginx appends the address it saw).
 * *https (may be NULL) tells whether that proxy says the client came over
 * https (X-Forwarded-Proto). */
struct str respond_client_address(h2o_req_t *req, struct arena *a, bool *https)
{
    if (https)
        *https = false;
    struct sockaddr_storage ss;
    socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
    char host[INET6_ADDRSTRLEN] = "0.0.0.0";
    if (len && ss.ss_family == AF_INET)
        http_format_ipv4(host, (const unsigned char *)&((struct sockaddr_in *)&ss)->sin_addr.s_addr);
    else if (len && ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, host, sizeof host);
    bool from_proxy = respond_is_trusted_proxy(&ss, len);
    if (from_proxy && https) {
        ssize_t i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-forwarded-proto"), -1);
        *https = i >= 0 && req->headers.entries[i].value.len == 5 &&
                 strncasecmp(req->headers.entries[i].value.base, "https", 5) == 0;
    }
    if (from_proxy) {
        ssize_t i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-forwarded-for"), -1);
        if (i >= 0) {
            struct str v = {req->headers.entries[i].value.base, req->headers.entries[i].value.len};
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

/* --- the filter on every response --------------------------------------------- */

int (*respond_refusal)(h2o_req_t *req, struct refusal *out);

void respond_filter(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot)
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
        http_add_header(req, headers[i].name, str_cstr(headers[i].value));
    struct str path = {req->path_normalized.base, req->path_normalized.len};
    /* a 304 carries the Cache-Control its 200 would (RFC 9110 §15.4.5) */
    if (str_starts_with(path, STR("/static/")) && (req->res.status == 200 || req->res.status == 304)) {
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
        http_add_header(req, "cache-control",
                           fingerprinted ? STR("public, max-age=31536000, immutable") : STR("public, max-age=3600"));
    }
    if (http_cfg->access_log) {
        struct arena a;
        arena_init(&a, 512);
        struct str ip = respond_client_address(req, &a, NULL);
        /* what a log reader (fail2ban, a SIEM) expects after the status: the
         * body's bytes, the time since the request began, the referrer and
         * the user agent, their quotes and control bytes replaced */
        char referer[200], agent[200], method[24], logged_path[513];
        /* a request refused by the head check is answered as a stand-in
         * "GET /" (guard.c): the log names what was sent, "-" if unknown */
        struct refusal refused;
        h2o_iovec_t sent_method = req->method, sent_path = req->path;
        if (respond_refusal && respond_refusal(req, &refused)) {
            sent_method = refused.method.n ? h2o_iovec_init(refused.method.p, refused.method.n) : h2o_iovec_init("-", 1);
            sent_path = refused.sent.n ? h2o_iovec_init(refused.sent.p, refused.sent.n) : h2o_iovec_init("-", 1);
        }
        log_clean(method, sizeof method, sent_method);
        log_clean(logged_path, sizeof logged_path, sent_path);
        log_field(referer, sizeof referer, req, H2O_TOKEN_REFERER);
        log_field(agent, sizeof agent, req, H2O_TOKEN_USER_AGENT);
        struct timeval now;
        gettimeofday(&now, NULL);
        long ms = (long)((now.tv_sec - req->timestamps.request_begin_at.tv_sec) * 1000 +
                         (now.tv_usec - req->timestamps.request_begin_at.tv_usec) / 1000);
        char bytes[24] = "-";
        if (req->res.content_length != SIZE_MAX)
            snprintf(bytes, sizeof bytes, "%zu", req->res.content_length);
        log_msg(LOG_INFO, "%.*s \"%s %s\" %d %s %ldms \"%s\" \"%s\"", (int)ip.n, ip.p, method, logged_path, req->res.status,
                bytes, ms < 0 ? 0 : ms, referer, agent);
        arena_free(&a);
    }
    h2o_setup_next_ostream(req, slot);
}
