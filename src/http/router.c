/* router.c - matching paths against patterns; see router.h. */
#include "http/router.h"

static struct route routes[ROUTER_MAX];
static size_t n_routes;

void router_add(const char *pattern, web_handler handler, const char *const *known_params, unsigned flags)
{
    if (n_routes == ROUTER_MAX)
        return;
    routes[n_routes++] = (struct route){pattern, handler, known_params, flags};
}

void router_reset(void) { n_routes = 0; }

static bool match(const char *pat, struct str path, struct str *captures, size_t *n_captures)
{
    size_t i = 0, n = 0;
    for (; *pat; pat++) {
        if (*pat == '*') {
            size_t start = i;
            while (i < path.n && path.p[i] != '/')
                i++;
            if (i == start || n == WEB_MAX_CAPTURES)
                return false;
            captures[n++] = (struct str){path.p + start, i - start};
        } else {
            if (i >= path.n || path.p[i] != *pat)
                return false;
            i++;
        }
    }
    if (i != path.n)
        return false;
    *n_captures = n;
    return true;
}

const struct route *router_match(struct str path, struct str *captures, size_t *n_captures, bool test_hooks)
{
    for (size_t r = 0; r < n_routes; r++) {
        if ((routes[r].flags & ROUTE_TEST) && !test_hooks)
            continue;
        if (match(routes[r].pattern, path, captures, n_captures))
            return &routes[r];
    }
    return NULL;
}
