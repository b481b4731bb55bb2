/*
 * server.h - the HTTP server: listeners, one event loop per thread on a
 * shared port, the request path from h2o to the routes and the page
 * cache, and a clean stop on SIGTERM/SIGINT.
 */
#ifndef DINH_HTTP_SERVER_H
#define DINH_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"

struct http_config {
    const char *db_path;
    const char *listen;        /* "ADDR:PORT", "[v6]:PORT"; port 0 picks a free one */
    int threads;               /* event loops; 0 = one per core */
    const char *base_url;      /* absolute URLs; never taken from Host */
    const char *trusted_proxy; /* address whose X-Forwarded-For is believed, or NULL */
    int request_timeout_ms;    /* whole request and idle keep-alive */
    const char *static_dir;    /* built static files (fingerprinted, with .gz twins) */
    const char *port_file;     /* where to write the bound port, or NULL */
    bool access_log;
    bool test_hooks;           /* /__test/ routes for the test suite */
    bool cache_off;            /* render every page (for measuring) */
    size_t cache_bytes;        /* page cache budget */
    size_t max_body;           /* request body limit, bytes */
    int live_interval_ms;      /* how often live blocks are re-rendered */
    /* Called for every page view (cache hits too), before answering. */
    void (*on_visit)(struct str address, struct str user_agent);
    /* Renders the live block (the visitor counter) into out. */
    void (*render_live)(struct buf *out, struct arena *a);
};

/* Serves until SIGTERM/SIGINT, then closes the listeners, finishes the
 * requests in flight and returns 0. Returns -1 with a sentence in err if
 * the server cannot start (port in use, bad address, database). */
int http_serve(const struct http_config *cfg, char *err, size_t errlen);

/* Splits "ADDR:PORT" / "[ADDR]:PORT". Returns -1 if malformed. */
int http_parse_listen(const char *s, char *host, size_t host_len, int *port);

#endif
