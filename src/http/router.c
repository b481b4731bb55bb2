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

/* Matches path[i..] against pat; a star takes the shortest non-empty run
 * without '/' that lets the rest of the pattern match. */
static bool match_from(const char *pat, struct str path, size_t i, struct str *captures, size_t n)
{
    for (; *pat; pat++) {
        if (*pat == '*') {
            if (n == WEB_MAX_CAPTURES)
                return false;
            for (size_t end = i + 1; end <= path.n && path.p[end - 1] != '/'; end++) {
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
    if (i != path.n)
        return false;
    return true;
}

static bool match(const char *pat, struct str path, struct str *captures, size_t *n_captures)
{
    if (!match_from(pat, path, 0, captures, 0))
        return false;
    size_t n = 0;
    for (const char *p = pat; *p; p++)
        n += *p == '*';
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
