/*
 * defer.h - the worker threads that run slow work off the event loops.
 *
 * Jobs (struct web_job, see web.h) wait in one queue; a few workers, each
 * with its own database connection, take them in order and send the
 * finished job back to the loop that submitted it through h2o's
 * cross-thread queue. Writes are serialised by SQLite (BEGIN IMMEDIATE
 * and a busy timeout).
 */
#ifndef DINH_HTTP_DEFER_H
#define DINH_HTTP_DEFER_H

#include <h2o.h>

#include "http/web.h"

/* Starts the workers. */
int defer_start(const char *db_path, int n_loops);
/* Waits for the queue to drain and stops the workers. */
void defer_stop(void);
/* Called by each loop thread on its own queue. */
void defer_register_thread(h2o_multithread_queue_t *queue, int index);
void defer_unregister_thread(h2o_multithread_queue_t *queue, int index);
/* Jobs submitted by loop `index` not yet finished. */
int defer_pending(int index);
/* Jobs not yet finished, all loops together. */
int defer_pending_total(void);

/* Queues the job for request `req` of loop `index`; `on_done` runs on
 * that loop afterwards (with req NULL if the client went away, and
 * `failed` set if a statement failed during the work or the worker has no
 * database). */
void defer_submit(struct web_job *job, h2o_req_t *req, int index,
                  void (*on_done)(struct web_job *job, h2o_req_t *req, bool failed));

#endif
