/*
 * fuzz_ntm_period.c - libFuzzer target for the office side's typed periods
 * and decimals (src/ntm/period.c): any bytes are accepted or refused
 * without harm; an accepted period is in range and its code parses back to
 * it; an accepted decimal is finite and, written back with a decimal comma,
 * parses to the same value (to the 4 decimals written).
 *
 *   make fuzz
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ntm/ntm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(bool ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str in = {(const char *)data, size};
    struct arena a;
    arena_init(&a, 1024);
    int year = -1, quarter = -1;
    if (ntm_period_parse(in, &year, &quarter)) {
        require(year >= 2000 && year <= 2100 && quarter >= 0 && quarter <= 4);
        int y2 = -1, q2 = -1;
        require(ntm_period_parse(ntm_period_code(&a, year, quarter), &y2, &q2) && y2 == year && q2 == quarter);
        ntm_period_previous(&y2, &q2);
        require(y2 * 10 + q2 < year * 10 + (quarter ? quarter : 5));
    }
    double x;
    if (ntm_decimal_parse(in, &x)) {
        require(isfinite(x) && fabs(x) < 1e16);
        if (fabs(x) < 1e10) {
            double y;
            struct str text = ntm_decimal_format(&a, x);
            require(ntm_decimal_parse(text, &y));
            require(fabs(y - x) <= 0.00005 + 1e-12 * fabs(x));
        }
    }
    arena_free(&a);
    return 0;
}
