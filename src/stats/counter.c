/* counter.c - in-memory visitor counting; see counter.h. */
#include "stats/counter.h"

#include <pthread.h>
#include <stdatomic.h>
#include <strings.h>

#include "core/clock.h"
#include "templates.h"
#include "text/vitime.h"

#define RECENT 4096          /* visitors remembered for "online now" */
#define ONLINE_WINDOW 300    /* seconds */

static atomic_llong total_base, today_count, month_count, total_count;
static atomic_llong today_day = -1, month_key = -1;

static struct {
    pthread_mutex_t lock;
    struct {
        uint64_t hash;
        int64_t seen;
        bool bot;
    } slots[RECENT];
} recent = {.lock = PTHREAD_MUTEX_INITIALIZER};

static const char SQL_TOTAL[] = "SELECT value FROM counter WHERE key = 'total'";

void stats_load(struct store_conn *db)
{
    sqlite3_stmt *st = store_stmt(db, SQL_TOTAL);
    if (st && sqlite3_step(st) == SQLITE_ROW)
        atomic_store(&total_base, sqlite3_column_int64(st, 0));
    if (st)
        sqlite3_reset(st);
}

bool stats_is_bot(struct str ua)
{
    static const char *const words[] = {"bot", "crawler", "spider", "slurp", "facebookexternalhit", "zalo"};
    if (ua.n == 0)
        return true;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        size_t k = strlen(words[w]);
        for (size_t i = 0; i + k <= ua.n; i++)
            if (strncasecmp(ua.p + i, words[w], k) == 0)
                return true;
    }
    return false;
}

static uint64_t hash_address(struct str a)
{
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < a.n; i++) {
        h ^= (unsigned char)a.p[i];
        h *= 1099511628211ull;
    }
    return h ? h : 1;
}

void stats_visit(struct str address, struct str user_agent)
{
    int64_t now = clock_now();
    long long day = vi_day_number(now);
    struct vi_time t;
    vi_time_from_unix(now, &t);
    long long month = t.year * 12LL + t.month;
    if (atomic_exchange(&today_day, day) != day)
        atomic_store(&today_count, 0);
    if (atomic_exchange(&month_key, month) != month)
        atomic_store(&month_count, 0);
    bool bot = stats_is_bot(user_agent);
    uint64_t h = hash_address(address);
    pthread_mutex_lock(&recent.lock);
    size_t slot = h % RECENT;
    bool fresh = recent.slots[slot].hash != h || now - recent.slots[slot].seen > ONLINE_WINDOW;
    recent.slots[slot].hash = h;
    recent.slots[slot].seen = now;
    recent.slots[slot].bot = bot;
    pthread_mutex_unlock(&recent.lock);
    if (fresh && !bot) {
        atomic_fetch_add(&today_count, 1);
        atomic_fetch_add(&month_count, 1);
        atomic_fetch_add(&total_count, 1);
    }
}

void stats_render_live(struct buf *out, struct arena *a)
{
    int64_t now = clock_now();
    long long online = 0, bots = 0;
    pthread_mutex_lock(&recent.lock);
    for (size_t i = 0; i < RECENT; i++)
        if (recent.slots[i].hash && now - recent.slots[i].seen <= ONLINE_WINDOW) {
            online++;
            bots += recent.slots[i].bot;
        }
    pthread_mutex_unlock(&recent.lock);
    struct counter_view v = {
        .online = view_number(a, online),
        .bots = view_number(a, bots),
        .guests = view_number(a, online - bots),
        .today = view_number(a, atomic_load(&today_count)),
        .month = view_number(a, atomic_load(&month_count)),
        .total = view_number(a, atomic_load(&total_base) + atomic_load(&total_count)),
    };
    struct tpl_out o = {.buf = *out};
    tpl_layout_counter(&o, &v);
    *out = o.buf;
}
