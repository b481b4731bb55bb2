/* str.c - the few string helpers that are not inline. */
#include "core/str.h"

bool str_to_u64(struct str s, unsigned long long *out)
{
    if (s.n == 0 || s.n > 18)
        return false;
    unsigned long long v = 0;
    for (size_t i = 0; i < s.n; i++) {
        unsigned char c = (unsigned char)s.p[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *out = v;
    return true;
}

bool str_to_id(struct str s, int64_t *out)
{
    unsigned long long v;
    if (!str_to_u64(s, &v) || v == 0 || s.p[0] == '0') /* 18 digits at most: within int64_t */
        return false;
    *out = (int64_t)v;
    return true;
}

struct str str_of_u64(char room[24], unsigned long long v)
{
    size_t k = 24;
    do
        room[--k] = (char)('0' + v % 10);
    while ((v /= 10) && k);
    return (struct str){room + k, 24 - k};
}

uint64_t str_hash(struct str s)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < s.n; i++)
        h = (h ^ (unsigned char)s.p[i]) * 1099511628211ull;
    return h;
}
