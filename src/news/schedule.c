/* schedule.c - the thread that publishes and expires on time; see
 * schedule.h. */
#include "news/schedule.h"

#include "core/clock.h"
#include "core/log.h"
#include "news/most_read.h"
#include "news/news.h"
#include "store/store.h"

static struct {
    struct store_ticker ticker;
    int64_t since;
} sched;

static void scheduler_tick(struct store_conn *db, void *ctx)
{
    (void)ctx;
    int64_t now = clock_now();
    int changed = 0;
    if (now < sched.since) {
        sched.since = now; /* the clock went back */
    } else if (news_schedule_tick(db, sched.since, now, &changed) == 0) {
        sched.since = now;
        if (changed)
            log_info("scheduler: %d article%s published or expired on time", changed, changed == 1 ? "" : "s");
    }
    news_most_read_refresh(db, now, false); /* "Tin xem nhiều", as the views move */
}

/* A news write: the block of the most read is drawn again soon (a second
 * after the last round at the soonest), not at the end of the interval. */
static void wake(void) { store_ticker_wake(&sched.ticker); }

int news_scheduler_start(const char *db_path, int interval_ms, char *err, size_t errlen)
{
    if (store_open(&sched.ticker.db, db_path, STORE_READ_WRITE, err, errlen) != 0)
        return -1;
    news_most_read_init(wake);
    sched.since = clock_now() - 86400;
    return store_ticker_start(&sched.ticker, interval_ms > 0 ? interval_ms : 5000, scheduler_tick, NULL,
                              "đăng bài theo lịch hẹn", err, errlen);
}

void news_scheduler_stop(void)
{
    store_ticker_stop(&sched.ticker, false);
    news_most_read_free();
}
