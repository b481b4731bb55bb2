/* visits_demo.c - generated visitor history; see visits_demo.h. */
#include "demo/visits_demo.h"

#include <stdio.h>

#include "text/vitime.h"

#define HISTORY_DAYS 730

/* splitmix64: small and deterministic for a given seed. */
static uint64_t next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int demo_fill_visits(sqlite3 *db, uint64_t seed, int64_t now, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO visit_day (day, visitors, bots, pageviews) VALUES (?1, ?2, ?3, ?4)", -1,
                           &st, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "demo visits: %s", sqlite3_errmsg(db));
        return -1;
    }
    uint64_t s = seed ^ 0x5649534954530000ull;
    int64_t today = vi_day_number(now);
    int rc = 0;
    for (int64_t k = HISTORY_DAYS; k >= 1 && rc == 0; k--) {
        int64_t day = today - k;
        int weekday = (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        /* slow growth over two years, quieter weekends, some noise */
        long long base = 900 + (HISTORY_DAYS - k) * 1100 / HISTORY_DAYS;
        if (weekday == 0 || weekday == 6)
            base = base * 55 / 100;
        long long visitors = base + (long long)(next(&s) % (uint64_t)(base / 3 + 1)) - base / 6;
        long long bots = visitors * (30 + (long long)(next(&s) % 25)) / 100;
        long long views = visitors * (200 + (long long)(next(&s) % 120)) / 100;
        sqlite3_bind_int64(st, 1, day);
        sqlite3_bind_int64(st, 2, visitors);
        sqlite3_bind_int64(st, 3, bots);
        sqlite3_bind_int64(st, 4, views);
        if (sqlite3_step(st) != SQLITE_DONE) {
            snprintf(err, errlen, "demo visits: %s", sqlite3_errmsg(db));
            rc = -1;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return rc;
}
