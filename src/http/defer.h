/*
 * defer.h - the worker threads that run slow work off the event loops.
 *
 * Jobs (struct web_job, see web.h) wait in one queue; a few workers, each
 * with its own database connection, take them in order and send the
 * finished job back to the loop that submitted it through h2o's
 * cross-thread queue. Writes are serialised by SQLite (BEGIN IMMEDIATE
 * and a busy timeout). A job may ask for its answer to wait (hold_ms
 * after it was submitted): the loop keeps it on a 20 ms tick, so that
 * every failed login takes the same time whether a password was hashed
 * or not.
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
void defer_register_thread(h2o_context_t *ctx, int index);
/* Answers the held requests at once, then stops listening. */
void defer_unregister_thread(h2o_context_t *ctx, int index);
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
/* Frees a job (its release, else free()); NULL is ignored. For a job a
 * handler deferred and that will not run after all. */
void defer_release(struct web_job *job);
/* Queues work that answers nobody (job->finish is not called); the job
 * is released on the worker. Drained like the rest at defer_stop. */
void defer_background(struct web_job *job);

#endif
