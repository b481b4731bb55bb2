/*
 * web.h - what a module sees of an HTTP request, and how it answers.
 *
 * Modules (news, later documents, search...) never touch h2o: the server
 * hands their route handlers a `struct web_req` whose path and query are
 * already decoded and checked (valid UTF-8, no control characters, within
 * the limits), and the handler answers by rendering into r->out and
 * setting r->status, or by calling web_error()/web_redirect(). Everything
 * allocated for the request comes from r->arena and dies with it.
 */
#ifndef DINH_HTTP_WEB_H
#define DINH_HTTP_WEB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/str.h"
#include "site/site.h"
#include "store/store.h"
#include "view/layout.h"
#include "view/tpl.h"

enum web_method { WEB_GET, WEB_HEAD, WEB_POST, WEB_OTHER };

struct web_param {
    struct str name, value;
};

#define WEB_MAX_PARAMS 32
#define WEB_MAX_CAPTURES 4
#define WEB_MAX_TAGS 24

struct web_req {
    /* the request, checked */
    struct arena *arena;
    struct store_conn *db;
    const struct site *site;
    enum web_method method;
    struct str path; /* percent-decoded, valid UTF-8, no controls */
    struct str self_url; /* path plus the query parameters the route knows */
    struct web_param params[WEB_MAX_PARAMS];
    size_t n_params;
    struct view_prefs prefs;    /* the reader's display choices */
    struct str client_ip;       /* the visitor's address (from the trusted proxy if any) */
    struct str captures[WEB_MAX_CAPTURES]; /* pieces of the path the route matched */
    int64_t now;

    /* the answer */
    int status;                 /* 200 unless set */
    struct tpl_out *out;        /* the body */
    const char *content_type;   /* NULL means text/html; charset=utf-8 */
    struct str location;        /* for redirects */
    struct str disposition;     /* Content-Disposition, for downloads */
    struct str set_cookie;      /* one Set-Cookie value (the answer is then never cached) */
    int64_t last_modified;      /* 0 if unknown */
    bool cacheable;             /* may enter the page cache (GET/HEAD, anonymous) */
    int max_age;                /* Cache-Control max-age for the browser, seconds */
    struct str tags[WEB_MAX_TAGS]; /* what the page shows, for invalidation */
    size_t n_tags;
    struct web_job *deferred;   /* set by web_defer() */
};

/* Slow work (database writes, later password hashing and image
 * resizing) never runs on an event loop. A handler allocates a job with
 * malloc, fills it and returns web_defer(r, job): `work` then runs on a
 * worker thread with that thread's own database connection, and
 * `finish` runs back on the request's loop with a fresh web_req for the
 * same request, to render the answer. If the client has gone meanwhile,
 * finish is skipped. `release` (may be NULL) frees the job; otherwise
 * free() is used. */
struct web_job {
    void (*work)(struct web_job *job, struct store_conn *db);
    int (*finish)(struct web_req *r, struct web_job *job);
    void (*release)(struct web_job *job);
};
int web_defer(struct web_req *r, struct web_job *job);

/* The decoded value of query parameter `name`, or STR_NULL. */
struct str web_param(const struct web_req *r, const char *name);
/* Tags the page with what it shows ("art:12", "cat:3", "home"), so that a
 * write to any of them drops it from the page cache. */
void web_tag(struct web_req *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Answers with the Vietnamese error page for `status`; returns 0 so a
 * handler can `return web_error(r, 404);`. */
int web_error(struct web_req *r, int status);
/* Answers with a redirect (301, 302, 303) to a path on this site. */
int web_redirect(struct web_req *r, int status, struct str location);
/* Fills the layout fields every page shares (site, prefs, path). */
void web_layout(struct web_req *r, struct layout_view *l, struct str title);

typedef int (*web_handler)(struct web_req *r);

#endif
