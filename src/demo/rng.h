/*
 * rng.h - the demo generators' random numbers: splitmix64, small and
 * deterministic for a given seed (rand() is neither).
 */
#ifndef DINH_DEMO_RNG_H
#define DINH_DEMO_RNG_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

struct rng {
    uint64_t state;
};

static inline uint64_t rng_next(struct rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A number in [0, n); n > 0. */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
    assert(n > 0);
    return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* A number in [lo, hi]. */
static inline int rng_range(struct rng *r, int lo, int hi)
{
    assert(lo <= hi);
    return lo + (int)rng_below(r, (uint32_t)(hi - lo) + 1);
}

static inline bool rng_percent(struct rng *r, unsigned percent) { return rng_below(r, 100) < percent; }

static inline double rng_unit(struct rng *r) { return (double)(rng_next(r) >> 11) * 0x1.0p-53; }

#endif
