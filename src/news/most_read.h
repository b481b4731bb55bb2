/*
 * most_read.h - "Tin xem nhiều": the articles readers opened most, a block
 * of the sidebar of every public page.
 *
 * The block is drawn into the live part of the page frame (the visitor
 * counter's, spliced into cached pages at send time), so it moves without
 * dropping any cached page. It is read and drawn by the newsroom's
 * scheduler thread (schedule.c) on its own connection: at most every
 * NEWS_MOST_READ_EVERY seconds as the counts move (they are written once a
 * minute), and soon after a news write (a title changed, an article taken
 * down): the write's commit wakes the thread (store_ticker_wake: at most
 * one round a second). The request threads only copy the drawn bytes.
 */
#ifndef DINH_NEWS_MOST_READ_H
#define DINH_NEWS_MOST_READ_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

#define NEWS_MOST_READ_EVERY 300 /* seconds */
#define NEWS_MOST_READ_DAYS 30   /* articles published in the last 30 days; all of them if fewer than */
#define NEWS_MOST_READ_LIMIT 5   /* this many */

/* Listens to commits (a news or site write makes the block stale, and
 * calls stale_now, if given, to have it drawn again soon). */
void news_most_read_init(void (*stale_now)(void));
/* Reads and draws the block again if it is stale, or older than
 * NEWS_MOST_READ_EVERY, or `force`: 0, or -1 (the block drawn before
 * stays). */
int news_most_read_refresh(struct store_conn *db, int64_t now, bool force);
/* Appends the block as last drawn (nothing before the first drawing). */
void news_most_read_render(struct buf *out);
/* Forgets the block (at the stop). */
void news_most_read_free(void);

#endif
