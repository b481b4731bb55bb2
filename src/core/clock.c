/* clock.c - wall clock with an injectable offset; see clock.h. */
#include "core/clock.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

static _Atomic int64_t clock_offset;

int64_t clock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&clock_offset) * 1000;
}

int64_t clock_now(void) { return clock_now_ms() / 1000; }

void clock_set_offset(int64_t seconds) { atomic_store(&clock_offset, seconds); }

void clock_init_from_env(void)
{
    const char *s = getenv("DINH_CLOCK_OFFSET");
    if (s && *s)
        clock_set_offset(strtoll(s, NULL, 10));
}
