/*
 * router.h - the table of routes: a path pattern, the handler and what
 * the handler promises (which query parameters shape the page, whether
 * the page may be cached).
 *
 * Patterns are literal paths in which a star stands for a non-empty run
 * of characters without '/', captured for the handler: the pattern
 * "/tin-tuc/" followed by a star matches "/tin-tuc/tin-hoat-dong" with the
 * capture "tin-hoat-dong", and "/rss/" star ".xml" matches "/rss/abc.xml"
 * with the capture "abc". Routes are
 * registered at start-up, before the server threads run, and are then
 * read-only.
 */
#ifndef DINH_HTTP_ROUTER_H
#define DINH_HTTP_ROUTER_H

#include "http/web.h"

enum route_flags {
    ROUTE_CACHEABLE = 1, /* anonymous GET/HEAD answers may enter the page cache */
    ROUTE_POST = 2,      /* also accepts POST */
    ROUTE_TEST = 4,      /* exists only with --test-hooks */
    ROUTE_PAGE = 8,      /* a page a reader visits: counted by the visitor counter */
};

struct route {
    const char *pattern;
    web_handler handler;
    const char *const *known_params; /* NULL-terminated; these make distinct cache entries */
    unsigned flags;
};

#define ROUTER_MAX 64

/* Adds a route; later routes do not override earlier ones. */
void router_add(const char *pattern, web_handler handler, const char *const *known_params, unsigned flags);
/* The first route matching `path`, filling captures; NULL if none. */
const struct route *router_match(struct str path, struct str *captures, size_t *n_captures, bool test_hooks);
/* Forgets every route (for tests). */
void router_reset(void);

#endif
