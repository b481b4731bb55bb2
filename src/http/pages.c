/*
 * pages.c - the page cache in the request path: the key of a page, and
 * sending a page (from the cache, or just rendered) with its live block.
 *
 * The live block (the product's visitor counter) is rendered at most once
 * per live_interval_ms by whichever thread finds it stale, and shared by
 * reference count; a page is sent as the bytes before its splice point,
 * the live block, and the bytes after, in plain or gzip form (cache.h
 * says how the gzip parts join).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "core/clock.h"
#include "http/cache.h"
#include "http/loop.h"
#include "http/parse.h"
#include "view/tpl.h"

struct live_block {
    atomic_int refs;
    uint64_t version;
    int64_t made_ms;
    char *plain;
    size_t n;
    struct cache_gz_part gz;
    uint64_t gz_op;
};

static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct live_block *live_current;
static uint64_t live_version;

struct str pages_key(struct web_req *r)
{
    return ARENA_JOIN(r->arena, r->variant, STR(" "), r->self_url);
}

struct str pages_self_url(struct web_req *r, const char *const *known_params)
{
    if (!known_params)
        return r->path; /* already in the arena */
    struct buf *b = buf_scratch();
    buf_put(b, r->path);
    char sep = '?';
    for (const char *const *k = known_params; *k; k++) {
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

/* --- the live block --------------------------------------------------- */

static void live_release(struct live_block *b)
{
    if (b && atomic_fetch_sub(&b->refs, 1) == 1) {
        free(b->plain);
        free(b->gz.p);
        free(b);
    }
}

void pages_live_release_all(void)
{
    pthread_mutex_lock(&live_lock);
    live_release(live_current);
    live_current = NULL;
    pthread_mutex_unlock(&live_lock);
}


/* The current live block with a reference taken, re-rendered when it is
 * older than the configured interval. */
static struct live_block *live_get(void)
{
    if (!http_hooks->render_live)
        return NULL;
    int64_t now = clock_now_ms();
    pthread_mutex_lock(&live_lock);
    struct live_block *b = live_current;
    if (!b || now - b->made_ms >= http_cfg->live_interval_ms) {
        struct buf out = BUF_INIT;
        struct arena a;
        arena_init(&a, 4096);
        http_hooks->render_live(&out, &a);
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
    return b;
}

static void dispose_entry_ref(void *p) { cache_release(*(struct cache_entry **)p); }
static void dispose_live_ref(void *p) { live_release(*(struct live_block **)p); }

/* --- sending ------------------------------------------------------------ */

static h2o_generator_t final_generator = {NULL, NULL};

static struct str header_value(h2o_req_t *req, const h2o_token_t *token)
{
    ssize_t i = h2o_find_header(&req->headers, token, -1);
    return i < 0 ? STR_NULL : (struct str){req->headers.entries[i].value.base, req->headers.entries[i].value.len};
}

/* The request keeps a reference on the entry until its bytes are written. */
void pages_send(h2o_req_t *req, struct cache_entry *e, bool head)
{
    struct live_block *live = e->has_live ? live_get() : NULL;
    bool gzip = e->gz_pre.p && http_accepts_gzip(header_value(req, H2O_TOKEN_ACCEPT_ENCODING));

    *(struct cache_entry **)h2o_mem_alloc_shared(&req->pool, sizeof e, dispose_entry_ref) = e;
    if (live)
        *(struct live_block **)h2o_mem_alloc_shared(&req->pool, sizeof live, dispose_live_ref) = live;

    /* "\"<entry version>-<live block version>[-gz]\"", in hex; or the
     * handler's own "\"<validator>[-gz]\"" */
    size_t own = e->etag ? strlen(e->etag) : 0;
    char *etag = h2o_mem_alloc_pool(&req->pool, 48 + own);
    size_t etag_len = 0;
    if (own >= 2) {
        memcpy(etag, e->etag, own - 1); /* without its closing quote */
        etag_len = own - 1;
    } else {
        etag[etag_len++] = '"';
        etag_len += http_format_hex(etag + etag_len, (unsigned long long)e->version);
        etag[etag_len++] = '-';
        etag_len += http_format_hex(etag + etag_len, live ? (unsigned long long)live->version : 0ull);
    }
    if (gzip) {
        memcpy(etag + etag_len, "-gz", 3);
        etag_len += 3;
    }
    etag[etag_len++] = '"';
    struct str etag_str = {etag, etag_len};

    req->res.status = e->status;
    req->res.reason = web_status_reason(e->status);
    h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, e->content_type,
                   strlen(e->content_type));
    if (e->disposition)
        http_add_header(req, "content-disposition", str_cstr(e->disposition));
    /* A page drawn for this request alone (not kept in the cache, no
     * validator of the handler's own) has a version no later request can
     * match: it gets no ETag rather than one that changes every time. */
    bool validator = own >= 2 || e->key_len > 0;
    if (e->status == 200 && !e->no_store) {
        if (validator)
            http_add_header(req, "etag", etag_str);
        if (e->max_age > 0) {
            char cc[64];
            /* A year: the address names content that never changes. */
            int k = snprintf(cc, sizeof cc, "public, max-age=%d%s", e->max_age,
                             e->max_age >= 31536000 ? ", immutable" : "");
            http_add_header(req, "cache-control",
                               (struct str){h2o_strdup(&req->pool, cc, (size_t)k).base, (size_t)k});
        } else {
            http_add_header(req, "cache-control", STR("no-cache"));
        }
    } else {
        http_add_header(req, "cache-control", STR("no-store"));
    }
    if (e->gz_pre.p)
        http_add_header(req, "vary", STR("Accept-Encoding"));

    if (e->status == 200 && !e->no_store && validator &&
        http_etag_matches(header_value(req, H2O_TOKEN_IF_NONE_MATCH), etag_str)) {
        req->res.status = 304;
        req->res.reason = web_status_reason(304);
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
