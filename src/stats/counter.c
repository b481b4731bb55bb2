/* counter.c - in-memory visitor counting with a flusher; see counter.h. */
#include "stats/counter.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "stats/bots.h"
#include "stats/views.h"
#include "templates.h"
#include "text/vitime.h"

#define RECENT 8192          /* visitors remembered for "online now" */
#define SEEN_MAX (1u << 20)  /* distinct visitors remembered per day */

struct recent_slot {
    uint64_t hash;
    int64_t seen;
    bool bot;
};

/* Everything below is guarded by `lock`; a page view holds it for a
 * hash-set probe and a few additions. */
static struct {
    pthread_mutex_t lock;
    bool loaded;
    int64_t today;                          /* current Vietnam day number */
    unsigned char key[crypto_shorthash_KEYBYTES]; /* today's hash key */
    unsigned char prev_key[crypto_shorthash_KEYBYTES]; /* yesterday's, for "online now" across midnight */
    int64_t rolled_at;                      /* when today began here (0: no yesterday in memory) */
    struct stats_day days[STATS_DAYS];      /* ring: days[d % STATS_DAYS] */
    struct stats_day flushed[STATS_DAYS];   /* what the database holds of them */
    long long total_stored;                 /* counter 'total' in the database */
    long long total_unflushed;              /* visitors counted since the last flush */
    uint64_t *seen;                         /* open-addressing set of today's visitors */
    size_t seen_cap, seen_n;
    struct recent_slot recent[RECENT];
} st = {.lock = PTHREAD_MUTEX_INITIALIZER};

static struct store_ticker flusher;

static struct stats_day *day_slot(int64_t day)
{
    struct stats_day *d = &st.days[((day % STATS_DAYS) + STATS_DAYS) % STATS_DAYS];
    if (d->day != day) {
        struct stats_day *f = &st.flushed[((day % STATS_DAYS) + STATS_DAYS) % STATS_DAYS];
        *d = (struct stats_day){.day = day};
        *f = (struct stats_day){.day = day};
    }
    return d;
}

/* A new day: a new key, an empty set of seen visitors. Called with the
 * lock held. The day that ended stays in days[] until flushed. Those
 * online stay online: their slots are kept, and for the window after the
 * roll a visitor's slot under yesterday's key is moved to today's
 * (stats_visit), so that nobody is counted twice. */
static void roll_to(int64_t day, int64_t now)
{
    bool had_day = st.today >= 0;
    st.today = day;
    memcpy(st.prev_key, st.key, sizeof st.key);
    st.rolled_at = had_day ? now : 0;
    randombytes_buf(st.key, sizeof st.key);
    if (st.seen)
        memset(st.seen, 0, st.seen_cap * sizeof *st.seen);
    st.seen_n = 0;
    if (!had_day)
        memset(st.recent, 0, sizeof st.recent);
    day_slot(day);
}

/* Adds h to today's set; true if it was not there. */
static bool seen_add(uint64_t h)
{
    if (!h)
        h = 1;
    if (st.seen_n * 2 >= st.seen_cap) {
        if (st.seen_cap >= SEEN_MAX)
            return true; /* beyond the bound every view counts: over-counting beats growing without end */
        size_t cap = st.seen_cap ? st.seen_cap * 2 : 4096;
        uint64_t *n = calloc(cap, sizeof *n);
        if (!n)
            return true;
        for (size_t i = 0; i < st.seen_cap; i++) {
            uint64_t v = st.seen[i];
            if (!v)
                continue;
            size_t j = v & (cap - 1);
            while (n[j])
                j = (j + 1) & (cap - 1);
            n[j] = v;
        }
        free(st.seen);
        st.seen = n;
        st.seen_cap = cap;
    }
    size_t j = h & (st.seen_cap - 1);
    while (st.seen[j]) {
        if (st.seen[j] == h)
            return false;
        j = (j + 1) & (st.seen_cap - 1);
    }
    st.seen[j] = h;
    st.seen_n++;
    return true;
}

uint64_t stats_visit(struct str address, struct str user_agent)
{
    int64_t now = clock_now();
    int64_t day = vi_day_number(now);
    bool bot = stats_is_bot(user_agent);
    /* the visitor: address and browser, keyed by today's secret */
    unsigned char in[512];
    size_t a = address.n < 64 ? address.n : 64, u = user_agent.n < sizeof in - 65 ? user_agent.n : sizeof in - 65;
    if (a)
        memcpy(in, address.p, a);
    in[a] = '\n';
    if (u) /* a request without User-Agent has none to copy */
        memcpy(in + a + 1, user_agent.p, u);
    uint64_t h;
    pthread_mutex_lock(&st.lock);
    if (day != st.today)
        roll_to(day, now);
    if (st.rolled_at && now - st.rolled_at <= STATS_ONLINE_WINDOW) {
        uint64_t before;
        crypto_shorthash((unsigned char *)&before, in, a + 1 + u, st.prev_key);
        struct recent_slot *r = &st.recent[before % RECENT];
        if (r->hash == before)
            r->hash = 0; /* online since before midnight: the slot under today's key takes over */
    }
    crypto_shorthash((unsigned char *)&h, in, a + 1 + u, st.key);
    bool fresh = seen_add(h);
    struct stats_day *d = day_slot(day);
    if (bot) {
        d->bots += fresh;
    } else {
        d->visitors += fresh;
        d->pageviews++;
        st.total_unflushed += fresh;
    }
    struct recent_slot *r = &st.recent[h % RECENT];
    r->hash = h;
    r->seen = now;
    r->bot = bot;
    pthread_mutex_unlock(&st.lock);
    return bot ? 0 : h | 1; /* today's key: tomorrow the same reader has another token */
}

static const char SQL_TOTAL[] = "SELECT value FROM counter WHERE key = 'total'";
static const char SQL_DAYS[] = "SELECT day, visitors, bots, pageviews FROM visit_day WHERE day > ?1 ORDER BY day";

int stats_load(struct store_conn *db)
{
    int64_t today = vi_day_number(clock_now());
    sqlite3_stmt *s = store_stmt(db, SQL_TOTAL);
    if (!s)
        return -1;
    long long total = 0;
    int rc = store_step(db, s);
    if (rc > 0)
        total = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if (rc < 0)
        return -1;
    s = store_stmt(db, SQL_DAYS);
    if (!s)
        return -1;
    pthread_mutex_lock(&st.lock);
    memset(st.days, 0, sizeof st.days);
    memset(st.flushed, 0, sizeof st.flushed);
    st.total_stored = total;
    st.total_unflushed = 0;
    st.today = -1;
    roll_to(today, 0);
    sqlite3_bind_int64(s, 1, today - STATS_DAYS);
    while ((rc = store_step(db, s)) > 0) {
        int64_t day = sqlite3_column_int64(s, 0);
        if (day > today)
            continue; /* written under a clock that ran ahead; keep it out of "today" */
        struct stats_day *d = day_slot(day);
        d->visitors = sqlite3_column_int64(s, 1);
        d->bots = sqlite3_column_int64(s, 2);
        d->pageviews = sqlite3_column_int64(s, 3);
        st.flushed[((day % STATS_DAYS) + STATS_DAYS) % STATS_DAYS] = *d;
    }
    sqlite3_reset(s);
    st.loaded = rc == 0;
    pthread_mutex_unlock(&st.lock);
    return rc < 0 ? -1 : 0;
}

static const char SQL_ADD_DAY[] =
    "INSERT INTO visit_day (day, visitors, bots, pageviews) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (day) DO UPDATE SET visitors = visitors + excluded.visitors, "
    "bots = bots + excluded.bots, pageviews = pageviews + excluded.pageviews";
static const char SQL_ADD_TOTAL[] =
    "INSERT INTO counter (key, value) VALUES ('total', ?1) "
    "ON CONFLICT (key) DO UPDATE SET value = value + excluded.value";

int stats_flush(struct store_conn *db)
{
    struct stats_day delta[STATS_DAYS];
    size_t n = 0;
    long long total;
    pthread_mutex_lock(&st.lock);
    for (size_t i = 0; i < STATS_DAYS; i++) {
        struct stats_day *d = &st.days[i], *f = &st.flushed[i];
        if (d->day == f->day && (d->visitors != f->visitors || d->bots != f->bots || d->pageviews != f->pageviews))
            delta[n++] = (struct stats_day){d->day, d->visitors - f->visitors, d->bots - f->bots,
                                            d->pageviews - f->pageviews};
    }
    total = st.total_unflushed;
    pthread_mutex_unlock(&st.lock);
    /* the views of articles and documents go in the same transaction */
    struct stats_views_batch views;
    if (stats_views_begin(&views) != 0)
        log_error("views: out of memory; the counts stay for the next flush");
    if (n == 0 && total == 0 && !stats_views_any(&views)) {
        stats_views_end(&views, false);
        return 0;
    }

    if (store_write_begin(db) != 0) {
        log_error("visitor counter: cannot start writing; the figures stay for the next flush");
        stats_views_end(&views, false);
        return -1;
    }
    bool ok = true;
    sqlite3_stmt *s = store_stmt(db, SQL_ADD_DAY);
    for (size_t i = 0; s && ok && i < n; i++) {
        sqlite3_bind_int64(s, 1, delta[i].day);
        sqlite3_bind_int64(s, 2, delta[i].visitors);
        sqlite3_bind_int64(s, 3, delta[i].bots);
        sqlite3_bind_int64(s, 4, delta[i].pageviews);
        ok = store_step(db, s) == 0;
        sqlite3_reset(s);
    }
    s = ok ? store_stmt(db, SQL_ADD_TOTAL) : NULL;
    if (s) {
        sqlite3_bind_int64(s, 1, total);
        ok = store_step(db, s) == 0;
        sqlite3_reset(s);
    }
    ok = s && ok && stats_views_write(db, &views) == 0;
    if (!ok) {
        store_write_rollback(db);
        stats_views_end(&views, false);
        return -1;
    }
    if (store_write_commit(db) != 0) {
        stats_views_end(&views, false);
        return -1;
    }
    stats_views_end(&views, true);
    /* What was written is now the stored state; views counted meanwhile
     * stay pending for the next flush. */
    pthread_mutex_lock(&st.lock);
    for (size_t i = 0; i < n; i++) {
        struct stats_day *f = &st.flushed[((delta[i].day % STATS_DAYS) + STATS_DAYS) % STATS_DAYS];
        if (f->day == delta[i].day) {
            f->visitors += delta[i].visitors;
            f->bots += delta[i].bots;
            f->pageviews += delta[i].pageviews;
        }
    }
    st.total_stored += total;
    st.total_unflushed -= total;
    pthread_mutex_unlock(&st.lock);
    return 0;
}

static void flusher_tick(struct store_conn *db, void *ctx)
{
    (void)ctx;
    stats_flush(db);
}

int stats_start(const char *db_path, int flush_ms, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        snprintf(err, errlen, "không khởi tạo được libsodium");
        return -1;
    }
    if (store_open(&flusher.db, db_path, STORE_READ_WRITE, err, errlen) != 0)
        return -1;
    if (stats_load(&flusher.db) != 0) {
        snprintf(err, errlen, "không đọc được bộ đếm lượt truy cập từ %s", db_path);
        store_close(&flusher.db);
        return -1;
    }
    return store_ticker_start(&flusher, flush_ms > 0 ? flush_ms : 60000, flusher_tick, NULL,
                              "ghi bộ đếm lượt truy cập", err, errlen);
}

void stats_stop(void)
{
    if (!flusher.running)
        return;
    store_ticker_stop(&flusher, true); /* the last figures flushed */
    stats_views_reset();
    pthread_mutex_lock(&st.lock);
    free(st.seen);
    st.seen = NULL;
    st.seen_cap = st.seen_n = 0;
    pthread_mutex_unlock(&st.lock);
}

void stats_get(struct stats_snapshot *o)
{
    memset(o, 0, sizeof *o);
    int64_t now = clock_now();
    int64_t today = vi_day_number(now);
    struct vi_time t;
    vi_time_from_unix(now, &t);
    int64_t week_start = today - (t.weekday + 6) % 7; /* Monday */
    int64_t month_start = today - (t.day - 1);
    pthread_mutex_lock(&st.lock);
    if (today != st.today)
        roll_to(today, now);
    for (size_t i = 0; i < RECENT; i++)
        if (st.recent[i].hash && now - st.recent[i].seen <= STATS_ONLINE_WINDOW) {
            o->online++;
            o->online_bots += st.recent[i].bot;
        }
    o->online_guests = o->online - o->online_bots;
    for (size_t i = 0; i < STATS_DAYS; i++) {
        const struct stats_day *d = &st.days[i];
        if (d->day == 0 && d->visitors == 0 && d->bots == 0)
            continue;
        if (d->day == today)
            o->today = d->visitors;
        if (d->day == today - 1)
            o->yesterday = d->visitors;
        if (d->day >= week_start && d->day <= today)
            o->week += d->visitors;
        if (d->day >= month_start && d->day <= today)
            o->month += d->visitors;
    }
    o->total = st.total_stored + st.total_unflushed;
    pthread_mutex_unlock(&st.lock);
}

size_t stats_recent_days(struct stats_day *out, size_t n)
{
    if (n > STATS_DAYS)
        n = STATS_DAYS;
    int64_t today = vi_day_number(clock_now());
    pthread_mutex_lock(&st.lock);
    for (size_t i = 0; i < n; i++) {
        int64_t day = today - (int64_t)(n - 1 - i);
        const struct stats_day *d = &st.days[((day % STATS_DAYS) + STATS_DAYS) % STATS_DAYS];
        out[i] = d->day == day ? *d : (struct stats_day){.day = day};
    }
    pthread_mutex_unlock(&st.lock);
    return n;
}

void stats_render_live(struct buf *out, struct arena *a)
{
    struct stats_snapshot s;
    stats_get(&s);
    struct counter_view v = {
        .online = view_number(a, s.online),
        .bots = view_number(a, s.online_bots),
        .guests = view_number(a, s.online_guests),
        .today = view_number(a, s.today),
        .yesterday = view_number(a, s.yesterday),
        .week = view_number(a, s.week),
        .month = view_number(a, s.month),
        .total = view_number(a, s.total),
    };
    struct tpl_out o = {.buf = *out};
    tpl_layout_counter(&o, &v);
    *out = o.buf;
}

/* --- history written by others than the counter (the demo, imports) --------------- */

static const char SQL_SET_DAY[] = "INSERT INTO visit_day (day, visitors, bots, pageviews) VALUES (?1, ?2, ?3, ?4) "
                                  "ON CONFLICT (day) DO UPDATE SET visitors = excluded.visitors, "
                                  "bots = excluded.bots, pageviews = excluded.pageviews";
static const char SQL_SET_COUNTER[] =
    "INSERT INTO counter (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
static const char SQL_HAS_CONTENT[] = "SELECT EXISTS(SELECT 1 FROM counter) OR EXISTS(SELECT 1 FROM visit_day)";

static int write_one(struct store_conn *db, sqlite3_stmt *s)
{
    if (!s) {
        store_write_rollback(db);
        return -1;
    }
    int rc = store_step(db, s);
    sqlite3_reset(s);
    if (rc < 0) {
        store_write_rollback(db);
        return -1;
    }
    return store_write_commit(db);
}

int stats_day_set(struct store_conn *db, const struct stats_day *d)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *s = store_stmt(db, SQL_SET_DAY);
    if (s) {
        sqlite3_bind_int64(s, 1, d->day);
        sqlite3_bind_int64(s, 2, d->visitors);
        sqlite3_bind_int64(s, 3, d->bots);
        sqlite3_bind_int64(s, 4, d->pageviews);
    }
    return write_one(db, s);
}

int stats_counter_set(struct store_conn *db, const char *key, long long value)
{
    if (store_write_begin(db) != 0)
        return -1;
    sqlite3_stmt *s = store_stmt(db, SQL_SET_COUNTER);
    if (s) {
        sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(s, 2, value);
    }
    return write_one(db, s);
}

static void read_flag(sqlite3_stmt *s, void *ctx) { *(int *)ctx = sqlite3_column_int(s, 0); }

int stats_has_content(struct store_conn *db)
{
    sqlite3_stmt *s = store_stmt(db, SQL_HAS_CONTENT);
    if (!s)
        return -1;
    int any = 0;
    return store_step_once(db, s, read_flag, &any) < 0 ? -1 : any;
}
