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
