/*
 * router.h - the table of routes: a path pattern, a handler per method,
 * and what the route promises and takes (which query parameters shape
 * the page, whether the page may be cached, how large a body it accepts).
 *
 * Patterns are literal paths in which a star stands for a non-empty run
 * of characters without '/', captured for the handler: the pattern
 * "/tin-tuc/" followed by a star matches "/tin-tuc/tin-hoat-dong" with the
 * capture "tin-hoat-dong", and "/rss/" star ".xml" matches "/rss/abc.xml"
 * with the capture "abc". Routes are registered at start-up, before the
 * server threads run, and are then read-only; the table grows as needed.
 * A route that cannot work (a pattern with more stars than
 * WEB_MAX_CAPTURES, no handler) is refused and stops the start
 * (router_status).
 *
 * A method without a handler answers 405 with an Allow header; HEAD uses
 * the GET handler; OPTIONS answers 204 with Allow.
 */
#ifndef DINH_HTTP_ROUTER_H
#define DINH_HTTP_ROUTER_H

#include "http/form.h"
#include "http/web.h"

enum route_flags {
    ROUTE_CACHEABLE = 1, /* anonymous GET/HEAD answers may enter the page cache */
    ROUTE_TEST = 4,      /* exists only with --test-hooks */
    ROUTE_PAGE = 8,      /* a page a reader visits: counted by the visitor counter */
    ROUTE_FORM = 16,     /* POST, PUT and PATCH bodies are forms, parsed before the handler */
    ROUTE_WORKER = 32,   /* POST, PUT, PATCH and DELETE run on a worker thread (offload.c), form parsing
                            and checking included, not on the event loop */
};

/* Body limits when a route names none: a small form; a request that
 * brings a body a route does not take (a GET with a body, a POST to a page
 * without a POST handler) may bring that much before it is refused. */
#define ROUTE_DEFAULT_BODY (64 * 1024)
#define ROUTE_DEFAULT_FORM                                                                                           \
    ((struct http_form_limits){.max_fields = 64, .max_files = 0, .max_value = 16 * 1024, .max_name = 255,           \
                               .max_part_head = 8192})

struct route {
    const char *pattern;
    web_handler get, post, put, patch, delete;
    const char *const *known_params; /* NULL-terminated; these make distinct cache entries */
    unsigned flags;
    size_t max_body;                 /* bytes of request body; 0 = the default above */
    const char *too_large;           /* the 413 page's sentence for a body over it (what the route's
                                        form takes); NULL = one naming max_body */
    struct http_form_limits form;    /* for ROUTE_FORM; all zero = ROUTE_DEFAULT_FORM */
    size_t max_param_value;          /* bytes of one decoded query value, for a route whose own page
                                        says what is too long; 0 = HTTP_MAX_PARAM_VALUE (http/parse.h) */
    /* The page of one item (an article, a document), whose views the
     * product counts: called with the route's captures for each GET of a
     * ROUTE_PAGE route by a reader (on_visit said so; not a crawler)
     * answered 200, from the page cache or rendered; never for a HEAD,
     * a redirect or an error, with on_visit's token of the reader. Runs on
     * the event loop: it must only count. */
    void (*on_read)(const struct str *captures, size_t n_captures, uint64_t reader);
};

/* Adds a copy of `route`; earlier routes win over later ones. A route that
 * cannot work is logged and makes router_status fail. */
void router_add(struct route route);
/* 0 if every route was accepted; -1 with the first refusal in err. */
int router_status(char *err, size_t errlen);
/* The first route matching `path`, filling captures; NULL if none. */
const struct route *router_match(struct str path, struct str *captures, size_t *n_captures, bool test_hooks);
/* Forgets every route (for tests). */
void router_reset(void);

/* The handler for `method` (GET's for HEAD), or NULL. */
web_handler route_handler(const struct route *r, enum web_method method);
/* "GET, HEAD, POST": the methods the route answers, for Allow. */
const char *route_allow(const struct route *r);
/* The body limit of the route for `method`. */
size_t route_max_body(const struct route *r, enum web_method method);
/* The bytes one decoded query value may have on the route at `path`
 * (HTTP_MAX_PARAM_VALUE unless the route says more). */
size_t route_max_param_value(struct str path, bool test_hooks);
/* The form limits of the route. */
struct http_form_limits route_form_limits(const struct route *r);

#endif
