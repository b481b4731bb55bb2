/*
 * web.h - what a module sees of an HTTP request, and how it answers.
 *
 * Modules never touch h2o: the server hands their route handlers a
 * `struct web_req` whose path, query and form are already decoded and
 * checked (valid UTF-8 in NFC, no control characters, within the limits),
 * and the handler answers by writing its body into r->body and setting
 * r->status, or by calling web_error()/web_redirect(). Everything
 * allocated for the request comes from r->arena and dies with it.
 *
 * The server knows nothing of the product it serves. The product (the
 * portal: its site settings, templates, visitor counter) registers a
 * `struct web_app_hooks` and keeps its per-thread state in a `struct
 * web_app` that only it defines: r->app points at it, and the server
 * passes it around without looking inside.
 */
#ifndef DINH_HTTP_WEB_H
#define DINH_HTTP_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/str.h"
#include "http/form.h"
#include "store/store.h"

struct web_app; /* defined by the product */

enum web_method { WEB_GET, WEB_HEAD, WEB_POST, WEB_PUT, WEB_PATCH, WEB_DELETE, WEB_OPTIONS, WEB_OTHER };
#define WEB_METHODS 8

struct web_param {
    struct str name, value;
};

/* A request header as copied for a worker thread (lower-case name). */
struct web_header_copy {
    struct str name, value;
};

#define WEB_MAX_PARAMS 32     /* query parameters; 400 beyond */
#define WEB_MAX_CAPTURES 4    /* stars in a route pattern; more is refused at start-up */
#define WEB_MAX_TAGS 1024     /* cache tags of one page; beyond, the page is not cached */

struct http_thread;

struct web_req {
    /* the request, checked */
    struct arena *arena;
    struct web_app *app;        /* the product's state for this thread */
    struct store_conn *db;      /* the thread's database connection */
    struct http_thread *thread; /* the event loop's thread serving it; NULL on a worker */
    enum web_method method;
    struct str path;            /* percent-decoded, valid UTF-8, no controls */
    struct str self_url;        /* path plus the query parameters the route knows */
    struct web_param params[WEB_MAX_PARAMS];
    size_t n_params;
    struct http_form form;      /* the body of a POST (or PUT, PATCH) to a route that takes forms */
    struct str client_ip;       /* the visitor's address (from the trusted proxy if any) */
    struct str captures[WEB_MAX_CAPTURES]; /* pieces of the path the route matched */
    struct str variant;         /* set by the product: what else shapes a cached page (display choices) */
    bool personal;              /* set by the product: a signed-in person's request; the page cache is
                                   neither read nor written for it */
    bool https;                 /* the client came over https (the trusted proxy's X-Forwarded-Proto) */
    bool json_errors;           /* web_error answers JSON, as under /api/ (a refused head that wanted it) */
    struct str error_why;       /* web_error_saying: the sentence of the error page, when set */
    int64_t now;
    void *raw;                  /* the server's request (for web_header); NULL off the loop */
    const struct web_header_copy *headers; /* off the loop (ROUTE_WORKER): the headers, copied */
    size_t n_headers;

    /* the answer */
    int status;                 /* 200 unless set */
    struct buf *body;           /* where the handler writes; set by the product's request_begin */
    size_t splice_at;           /* where the live block goes in body, or SIZE_MAX */
    const char *content_type;   /* a static string; NULL means text/html; charset=utf-8 */
    struct str location;        /* for redirects */
    struct str disposition;     /* Content-Disposition, for downloads */
    struct str set_cookie;      /* one Set-Cookie value (the answer is then never cached) */
    struct str allow;           /* the Allow header of a 405 */
    int retry_after;            /* seconds, for a 429 or 503 (Retry-After); 0 = none (503 says 5) */
    int64_t last_modified;      /* 0 if unknown */
    struct str etag;            /* a validator the handler made from what it sends, quoted ("\"...\""):
                                   the same bytes give the same one across requests and restarts. Sent
                                   as ETag and matched against If-None-Match (304); such an answer is
                                   not stored in the page cache. Empty: one ETag per rendering */
    bool file_ready;            /* the answer is the file web_file_path() names, written whole: the
                                   server sends it a piece at a time (ranges and conditional requests
                                   too), with disposition, last_modified and max_age; body unused */
    bool cacheable;             /* may enter the page cache (GET/HEAD, anonymous) */
    bool no_store;              /* Cache-Control: no-store (never cached by browsers either) */
    int max_age;                /* Cache-Control max-age for the browser, seconds; a year (31536000)
                                   or more adds "immutable" */
    struct str *tags;           /* what the page shows, for invalidation */
    size_t n_tags, cap_tags;
    uint16_t *tag_slots;        /* web.c: a hash set of tags' indexes + 1, once a page holds many */
    size_t n_tag_slots;
    uint64_t page_gen;          /* the caches' write generations when the request began, */
    uint64_t fragment_gen;      /* before anything was read for it */
    struct web_fragment *fragment; /* the fragment being rendered, which web_tag tags too */
    struct web_job *deferred;   /* set by web_defer() */
    uint64_t db_steps;          /* under --test-hooks: the database's work for this answer (SQLite's
                                   steps), sent as X-Dinh-Db-Steps, */
    uint64_t db_pages;          /* and the database pages it read, as X-Dinh-Db-Pages */
};

/* What the product gives the server. Every hook may be NULL except
 * thread_start and error_page. */
struct web_app_hooks {
    /* Per event-loop thread, before it serves: opens the product's state
     * (its database connection first). NULL with a sentence in err stops
     * the start. */
    struct web_app *(*thread_start)(int index, char *err, size_t errlen);
    void (*thread_stop)(struct web_app *app);
    /* Before any handler or error page runs: sets r->db and r->body, and
     * r->variant from the request's cookies. */
    void (*request_begin)(struct web_req *r);
    /* After the handler rendered: sets r->splice_at. */
    void (*request_end)(struct web_req *r);
    /* Renders the page of an error status (400, 404, 500...) into r->body. */
    void (*error_page)(struct web_req *r, int status);
    /* Renders the live block (the visitor counter) spliced into cached pages. */
    void (*render_live)(struct buf *out, struct arena *a);
    /* Called for every page view (cache hits too), before answering: the
     * reader's token (never 0; the same for one reader through the day),
     * or 0 for a crawler. A reader's view of a route with on_read
     * (router.h) answered 200 then calls it with the token. */
    uint64_t (*on_visit)(struct str address, struct str user_agent);
};

/* Slow work (database writes, later password hashing and image
 * resizing) never runs on an event loop. A handler allocates a job with
 * malloc, fills it and returns web_defer(r, job): `work` then runs on a
 * worker thread with that thread's own database connection, and
 * `finish` runs back on the request's loop with a fresh web_req for the
 * same request, to render the answer. If a statement failed during `work`
 * the answer is the 500 page and `finish` is not called. If the client
 * has gone meanwhile, finish is skipped. `release` (may be NULL) frees the
 * job; otherwise free() is used. */
struct web_job {
    void (*work)(struct web_job *job, struct store_conn *db);
    int (*finish)(struct web_req *r, struct web_job *job);
    void (*release)(struct web_job *job);
    int hold_ms; /* `work` may set it: the answer waits until this long after the request came */
};
int web_defer(struct web_req *r, struct web_job *job);
/* Runs job->work on a worker thread with nobody waiting for it (finish is
 * not called): a session's "last seen", for instance. */
void web_background(struct web_job *job);

/* The decoded value of query parameter `name`, or STR_NULL. */
struct str web_param(const struct web_req *r, const char *name);
/* The value of a request header (lower-case name), or STR_NULL. "host"
 * gives the request's authority (h2o keeps Host apart). */
struct str web_header(const struct web_req *r, const char *lower_name);
/* The network the client's address stands for, for what is limited or
 * counted per visitor (comments, ratings, the visitor counter): an IPv4
 * address as it is; an IPv6 address as its /64 ("2001:db8:1:2::/64"), the
 * block one line or phone is given, whose 2^64 addresses would otherwise
 * each count as a new reader; an IPv4 address written as IPv6
 * (::ffff:192.0.2.1) as the IPv4 address. */
struct str web_client_network(const struct web_req *r);
/* Tags the page with what it shows ("art:12", "cat:3", "news"), so that a
 * write to any of them drops it from the page cache. A page with more than
 * WEB_MAX_TAGS tags is not cached (nothing is dropped silently). */
void web_tag(struct web_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A piece of the page kept between renders (http/fragment.h): a piece
 * that shows the same to everyone and is read only from what its tags
 * name. The handler writes it as
 *
 *     struct web_fragment f;
 *     if (!web_fragment_begin(r, key, &f)) {
 *         ...read, web_tag(), render into r->body...
 *         web_fragment_end(r, &f);
 *     }
 *
 * On a hit, begin appends the kept bytes to r->body, tags the page with
 * the fragment's tags and returns true. Otherwise the tags given until
 * end are the fragment's as well as the page's, and end keeps the bytes
 * written since begin, unless a statement failed or the page is an error.
 * Fragments do not nest (an inner begin renders without a fragment). A
 * fragment must not hold a live block ({{#live}} in a template): its bytes
 * would be kept as they were drawn. web_fragment_begin_in draws a fragment
 * into a buffer of the handler's instead of r->body (a part of the page
 * that a template then places), kept the same way. */
struct web_fragment {
    struct str key;
    struct buf *out; /* where the fragment is drawn: r->body, or the handler's */
    size_t start;
    struct str *tags;
    size_t n_tags, cap_tags;
    bool open;
    bool untagged; /* a tag could not be kept: the fragment is not either */
};
bool web_fragment_begin(struct web_req *r, struct str key, struct web_fragment *f);
bool web_fragment_begin_in(struct web_req *r, struct str key, struct buf *into, struct web_fragment *f);
void web_fragment_end(struct web_req *r, struct web_fragment *f);
/* Smaller pieces drawn apart from the page, kept the same way: the cards of
 * a list, which many pages share (an article's card on the home page, in
 * its category and under each related article). They may be drawn inside
 * a fragment. web_piece_get appends a kept piece to `into`, tags the page
 * (and the fragment being drawn) with its tags and returns true; false on
 * a miss, and always while pieces are off (`--no-cache`). web_piece_put
 * keeps `bytes` under key with `tags`, and tags the page and the fragment
 * being drawn with them. */
bool web_pieces_on(void);
bool web_piece_get(struct web_req *r, struct str key, struct buf *into);
void web_piece_put(struct web_req *r, struct str key, struct str bytes, const struct str *tags, size_t n_tags);
/* Answers with the error page for `status` (a JSON object under /api/);
 * returns 0 so a handler can `return web_error(r, 404);`. */
int web_error(struct web_req *r, int status);
/* The same, with `why` (Vietnamese, a literal or in r's arena) in place of
 * the status's general sentence: which value of the request was wrong. */
int web_error_saying(struct web_req *r, int status, struct str why);
/* The sentence of a 413: the body is larger than `limit` bytes, named in
 * MB or KB ("20 MB"). */
struct str web_too_large_why(struct arena *a, size_t limit);
/* The file that answers a GET of a path under the server's files prefix
 * (http_config.files_prefix, kept in files_dir): files_dir and the rest of
 * the path ("/media/400/a.jpg" -> "<files_dir>/400/a.jpg"), in r's arena.
 * Empty when the server keeps no files or r is not such a request. */
struct str web_file_path(const struct web_req *r);
/* Answers with a redirect (301, 302, 303) to a path on this site. Bytes a
 * Location header may not carry (spaces, UTF-8, controls) are
 * percent-encoded. */
int web_redirect(struct web_req *r, int status, struct str location);
/* The Vietnamese name of a status ("Không tìm thấy trang"), and a sentence
 * saying what to do. */
const char *web_status_title(int status);
const char *web_status_message(int status);
/* The standard reason phrase ("Not Found"). */
const char *web_status_reason(int status);
/* True for paths under /api/: errors there are JSON, not pages. */
bool web_is_api(struct str path);

typedef int (*web_handler)(struct web_req *r);

#endif
