/* router.c - matching paths against patterns; see router.h. */
#include "http/router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "http/parse.h"

static struct route *routes;
static size_t n_routes, cap_routes;
static char first_error[256];

static void refuse(const char *pattern, const char *why)
{
    log_error("route %s refused: %s", pattern ? pattern : "(none)", why);
    if (!first_error[0])
        snprintf(first_error, sizeof first_error, "route %s refused: %s", pattern ? pattern : "(none)", why);
}

void router_add(struct route route)
{
    if (!route.pattern || route.pattern[0] != '/') {
        refuse(route.pattern, "a pattern starts with /");
        return;
    }
    size_t stars = 0;
    for (const char *p = route.pattern; *p; p++)
        stars += *p == '*';
    if (stars > WEB_MAX_CAPTURES) {
        refuse(route.pattern, "more stars than WEB_MAX_CAPTURES");
        return;
    }
    if (!route.get && !route.post && !route.put && !route.patch && !route.delete) {
        refuse(route.pattern, "no handler");
        return;
    }
    if (n_routes == cap_routes) {
        size_t cap = cap_routes ? cap_routes * 2 : 64;
        struct route *more = realloc(routes, cap * sizeof *more);
        if (!more)
            abort();
        routes = more;
        cap_routes = cap;
    }
    routes[n_routes++] = route;
}

int router_status(char *err, size_t errlen)
{
    if (!first_error[0])
        return 0;
    snprintf(err, errlen, "%s", first_error);
    return -1;
}

void router_reset(void)
{
    free(routes);
    routes = NULL;
    n_routes = cap_routes = 0;
    first_error[0] = '\0';
}

/* Matches path[i..] against pat; a star takes the shortest non-empty run
 * without '/' that lets the rest of the pattern match. Only ends where the
 * pattern's next byte stands are tried, and a star that ends the pattern
 * takes the rest of the segment at once, so a long slug costs one pass. */
static bool match_from(const char *pat, struct str path, size_t i, struct str *captures, size_t n)
{
    for (; *pat; pat++) {
        if (*pat == '*') {
            if (n == WEB_MAX_CAPTURES)
                return false;
            const char *slash = i < path.n ? memchr(path.p + i, '/', path.n - i) : NULL;
            size_t seg_end = slash ? (size_t)(slash - path.p) : path.n; /* the star cannot pass it */
            if (seg_end == i)
                return false;
            char next = pat[1];
            if (next == '\0') {
                captures[n] = (struct str){path.p + i, seg_end - i};
                return seg_end == path.n;
            }
            for (size_t end = i + 1; end <= seg_end; end++) {
                if (next != '*' && (end == path.n || path.p[end] != next))
                    continue;
                captures[n] = (struct str){path.p + i, end - i};
                if (match_from(pat + 1, path, end, captures, n + 1))
                    return true;
            }
            return false;
        }
        if (i >= path.n || path.p[i] != *pat)
            return false;
        i++;
    }
    return i == path.n;
}

const struct route *router_match(struct str path, struct str *captures, size_t *n_captures, bool test_hooks)
{
    for (size_t r = 0; r < n_routes; r++) {
        if ((routes[r].flags & ROUTE_TEST) && !test_hooks)
            continue;
        if (match_from(routes[r].pattern, path, 0, captures, 0)) {
            size_t n = 0;
            for (const char *p = routes[r].pattern; *p; p++)
                n += *p == '*';
            *n_captures = n;
            return &routes[r];
        }
    }
    return NULL;
}

web_handler route_handler(const struct route *r, enum web_method method)
{
    switch (method) {
    case WEB_GET:
    case WEB_HEAD: return r->get;
    case WEB_POST: return r->post;
    case WEB_PUT: return r->put;
    case WEB_PATCH: return r->patch;
    case WEB_DELETE: return r->delete;
    default: return NULL;
    }
}

const char *route_allow(const struct route *r)
{
    /* Every combination, as static strings: the answer outlives any buffer. */
    static const char *const table[32] = {
        "OPTIONS", "GET, HEAD, OPTIONS", "POST, OPTIONS", "GET, HEAD, POST, OPTIONS",
        "PUT, OPTIONS", "GET, HEAD, PUT, OPTIONS", "POST, PUT, OPTIONS", "GET, HEAD, POST, PUT, OPTIONS",
        "PATCH, OPTIONS", "GET, HEAD, PATCH, OPTIONS", "POST, PATCH, OPTIONS", "GET, HEAD, POST, PATCH, OPTIONS",
        "PUT, PATCH, OPTIONS", "GET, HEAD, PUT, PATCH, OPTIONS", "POST, PUT, PATCH, OPTIONS",
        "GET, HEAD, POST, PUT, PATCH, OPTIONS", "DELETE, OPTIONS", "GET, HEAD, DELETE, OPTIONS",
        "POST, DELETE, OPTIONS", "GET, HEAD, POST, DELETE, OPTIONS", "PUT, DELETE, OPTIONS",
        "GET, HEAD, PUT, DELETE, OPTIONS", "POST, PUT, DELETE, OPTIONS", "GET, HEAD, POST, PUT, DELETE, OPTIONS",
        "PATCH, DELETE, OPTIONS", "GET, HEAD, PATCH, DELETE, OPTIONS", "POST, PATCH, DELETE, OPTIONS",
        "GET, HEAD, POST, PATCH, DELETE, OPTIONS", "PUT, PATCH, DELETE, OPTIONS",
        "GET, HEAD, PUT, PATCH, DELETE, OPTIONS", "POST, PUT, PATCH, DELETE, OPTIONS",
        "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
    };
    unsigned k = (r->get ? 1u : 0) | (r->post ? 2u : 0) | (r->put ? 4u : 0) | (r->patch ? 8u : 0) |
                 (r->delete ? 16u : 0);
    return table[k];
}

size_t route_max_body(const struct route *r, enum web_method method)
{
    bool takes_body = (method == WEB_POST && r->post) || (method == WEB_PUT && r->put) ||
                      (method == WEB_PATCH && r->patch);
    if (!takes_body || !r->max_body)
        return ROUTE_DEFAULT_BODY; /* read and ignored, or answered 405 */
    return r->max_body;
}

struct http_form_limits route_form_limits(const struct route *r)
{
    const struct http_form_limits *f = &r->form;
    if (!f->max_fields && !f->max_files && !f->max_value && !f->max_name && !f->max_part_head)
        return ROUTE_DEFAULT_FORM;
    return *f;
}

size_t route_max_param_value(struct str path, bool test_hooks)
{
    struct str captures[WEB_MAX_CAPTURES];
    size_t n;
    const struct route *r = router_match(path, captures, &n, test_hooks);
    return r && r->max_param_value > HTTP_MAX_PARAM_VALUE ? r->max_param_value : HTTP_MAX_PARAM_VALUE;
}
