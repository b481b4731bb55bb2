/* visits_demo.c - generated visitor history; see visits_demo.h. */
#include "demo/visits_demo.h"
#include "demo/rng.h"

#include <stdio.h>

#include "stats/counter.h"
#include "text/vitime.h"

#define HISTORY_DAYS 730

int demo_fill_visits(struct store_conn *db, uint64_t seed, int64_t now, char *err, size_t errlen)
{
    struct rng s = {seed ^ 0x5649534954530000ull};
    int64_t today = vi_day_number(now);
    for (int64_t k = HISTORY_DAYS; k >= 1; k--) {
        int64_t day = today - k;
        int weekday = (int)(((day + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        /* slow growth over two years, quieter weekends, some noise */
        long long base = 900 + (HISTORY_DAYS - k) * 1100 / HISTORY_DAYS;
        if (weekday == 0 || weekday == 6)
            base = base * 55 / 100;
        long long visitors = base + (long long)(rng_next(&s) % (uint64_t)(base / 3 + 1)) - base / 6;
        long long bots = visitors * (30 + (long long)(rng_next(&s) % 25)) / 100;
        long long views = visitors * (200 + (long long)(rng_next(&s) % 120)) / 100;
        struct stats_day d = {day, visitors, bots, views};
        if (stats_day_set(db, &d) != 0) {
            snprintf(err, errlen, "lượt truy cập mẫu: %s", sqlite3_errmsg(db->db));
            return -1;
        }
    }
    return 0;
}
