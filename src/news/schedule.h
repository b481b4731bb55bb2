/*
 * schedule.h - the newsroom's clock: articles published for a later
 * minute appear at that minute, and articles with an expiry leave the site
 * at theirs, by the server's own timer (not when somebody happens to load
 * a page), whatever the page cache holds.
 *
 * One thread with its own database connection runs news_schedule_tick
 * every few seconds. At start it looks back over the last day, so what
 * fell due while the server was stopped is handled on the first tick.
 * The same thread draws the "Tin xem nhiều" block again when it is due
 * (most_read.h).
 */
#ifndef DINH_NEWS_SCHEDULE_H
#define DINH_NEWS_SCHEDULE_H

#include <stddef.h>

/* Starts the thread (every `interval_ms`). -1 with a sentence in err. */
int news_scheduler_start(const char *db_path, int interval_ms, char *err, size_t errlen);
/* Stops it after its current tick. */
void news_scheduler_stop(void);

#endif
