/*
 * server.h - the HTTP server: listeners, one event loop per thread on a
 * shared port, the request path from h2o to the routes and the page
 * cache, the defences of a server reached directly, and a clean stop on
 * SIGTERM/SIGINT.
 *
 * The server serves whatever product registers its hooks (web.h) and
 * routes (router.h); it knows nothing of pages, templates or counters.
 */
#ifndef DINH_HTTP_SERVER_H
#define DINH_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "http/web.h"

struct http_config {
    const char *db_path;       /* for the workers of deferred jobs */
    const char *listen;        /* "ADDR:PORT", "[v6]:PORT"; port 0 picks a free one */
    int threads;               /* event loops; 0 = one per core */
    const char *trusted_proxy; /* address whose X-Forwarded-For is believed, or NULL */
    int request_timeout_ms;    /* a whole request, idle keep-alive, and a write that makes no progress */
    const char *static_dir;    /* built static files (fingerprinted, with .gz twins) */
    /* Files the product writes out of its database for h2o's file handler
     * to send: a GET under files_prefix ("/media") runs its route, whose
     * handler makes sure web_file_path() holds the file's bytes (and sets
     * file_ready); the bytes then go a piece at a time, so that a reader
     * who reads slowly holds no copy of a large file in memory, with
     * ranges and conditional requests. NULL: no such prefix. */
    const char *files_prefix;
    const char *files_dir;
    const char *const *files_types; /* {extension, type, ..., NULL}: the Content-Type by name */
    const char *port_file;     /* where to write the bound port, or NULL */
    bool access_log;
    bool test_hooks;           /* /__test/ routes for the test suite */
    bool cache_off;            /* render every page, fragments too (for measuring) */
    bool page_cache_off;       /* render every page from the fragments kept (for measuring) */
    size_t cache_bytes;        /* page cache budget */
    size_t body_budget;        /* bytes of request bodies in flight, all connections together */
    int live_interval_ms;      /* how often the live block is re-rendered */
    const struct web_app_hooks *hooks;
};

/* Serves until SIGTERM/SIGINT, then closes the listeners, finishes the
 * requests in flight and returns 0. Returns -1 with a sentence in err if
 * the server cannot start (port in use, bad address, a refused route, the
 * product's start). */
int http_serve(const struct http_config *cfg, char *err, size_t errlen);

/* Splits "ADDR:PORT" / "[ADDR]:PORT". Returns -1 if malformed. */
int http_parse_listen(const char *s, char *host, size_t host_len, int *port);

#endif
