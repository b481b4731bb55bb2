/* schedule.c - the thread that publishes and expires on time; see
 * schedule.h. */
#include "news/schedule.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "core/clock.h"
#include "core/log.h"
#include "news/news.h"
#include "store/store.h"

static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop, running;
    int interval_ms;
    struct store_conn db;
} sched = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void *scheduler_main(void *arg)
{
    int64_t since = clock_now() - 86400;
    pthread_mutex_lock(&sched.lock);
    while (!sched.stop) {
        pthread_mutex_unlock(&sched.lock);
        int64_t now = clock_now();
        int changed = 0;
        store_clear_failure(&sched.db);
        if (now >= since && news_schedule_tick(&sched.db, since, now, &changed) == 0) {
            since = now;
            if (changed)
                log_info("scheduler: %d article%s published or expired on time", changed, changed == 1 ? "" : "s");
        } else if (now < since) {
            since = now; /* the clock went back */
        }
        pthread_mutex_lock(&sched.lock);
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += sched.interval_ms / 1000;
        until.tv_nsec += (long)(sched.interval_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        int rc = 0;
        while (!sched.stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&sched.cond, &sched.lock, &until);
    }
    pthread_mutex_unlock(&sched.lock);
    (void)arg;
    return NULL;
}

int news_scheduler_start(const char *db_path, int interval_ms, char *err, size_t errlen)
{
    if (store_open(&sched.db, db_path, STORE_READ_WRITE, err, errlen) != 0)
        return -1;
    sched.interval_ms = interval_ms > 0 ? interval_ms : 5000;
    sched.stop = false;
    if (pthread_create(&sched.thread, NULL, scheduler_main, NULL) != 0) {
        snprintf(err, errlen, "cannot start the scheduler thread");
        store_close(&sched.db);
        return -1;
    }
    sched.running = true;
    return 0;
}

void news_scheduler_stop(void)
{
    if (!sched.running)
        return;
    pthread_mutex_lock(&sched.lock);
    sched.stop = true;
    pthread_cond_signal(&sched.cond);
    pthread_mutex_unlock(&sched.lock);
    pthread_join(sched.thread, NULL);
    store_close(&sched.db);
    sched.running = false;
}
