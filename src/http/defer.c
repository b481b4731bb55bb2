/* defer.c - a worker pool answering through h2o's cross-thread queues;
 * see defer.h. */
#include "http/defer.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/log.h"
#include "store/store.h"

#define MAX_LOOPS 64
#define WORKERS 2
#define HOLD_TICK_MS 20 /* how often held answers are looked at */
/* Workers run at a lower priority than the event loops: when both want
 * the cores (a hundred reporters saving at once), readers of the pages are
 * answered first and the writes wait a little, rather than the reverse. */
#define WORKER_NICE 10

struct pending {
    h2o_multithread_message_t msg; /* first: the receiver hands us this */
    struct pending *next;          /* the worker queue */
    struct web_job *job;
    h2o_req_t *req;                /* NULL once the request is gone */
    struct pending **req_link;     /* lives in the request's pool */
    int loop;                      /* -1: background work, nobody to answer */
    bool failed;                   /* a statement failed during the work */
    int64_t submitted_ms;          /* monotonic */
    h2o_linklist_t held;           /* in its loop's list while the answer waits (job->hold_ms) */
    void (*on_done)(struct web_job *job, h2o_req_t *req, bool failed);
};

/* Answers that wait for their job's hold_ms, per loop. */
struct loop_hold {
    h2o_loop_t *loop;
    h2o_timeout_t timeout;
    h2o_timeout_entry_t entry;
    h2o_linklist_t list;
};
static struct loop_hold holds[MAX_LOOPS];

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct pending *head, *tail;
    bool stopping;
    pthread_t workers[WORKERS];
    int n_workers;
    char *db_path;
    h2o_multithread_receiver_t receivers[MAX_LOOPS];
    bool gone[MAX_LOOPS]; /* the loop no longer listens (under lock): its jobs end on the worker */
    atomic_int pending[MAX_LOOPS];
} pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

void defer_release(struct web_job *job)
{
    if (!job)
        return;
    if (job->release)
        job->release(job);
    else
        free(job);
}

static void *worker_main(void *arg)
{
    /* per thread on Linux; a failure only leaves the worker at the loops' priority */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), WORKER_NICE) != 0)
        log_info("worker: could not lower its priority");
    struct store_conn db;
    char err[256];
    bool have_db = store_open(&db, pool.db_path, STORE_READ_WRITE, err, sizeof err) == 0;
    if (!have_db)
        log_error("worker: %s", err);
    for (;;) {
        pthread_mutex_lock(&pool.lock);
        while (!pool.head && !pool.stopping)
            pthread_cond_wait(&pool.cond, &pool.lock);
        struct pending *p = pool.head;
        if (p) {
            pool.head = p->next;
            if (!pool.head)
                pool.tail = NULL;
        }
        pthread_mutex_unlock(&pool.lock);
        if (!p)
            break; /* stopping and drained */
        if (have_db && p->job->work) {
            store_clear_failure(&db);
            p->job->work(p->job, &db);
            /* A write left open by a failed job is rolled back. */
            while (db.write_depth)
                store_write_rollback(&db);
            p->failed = store_failed(&db);
        } else if (!have_db) {
            p->failed = true;
        }
        if (p->loop < 0) { /* background: nobody waits for it */
            defer_release(p->job);
            free(p);
            continue;
        }
        /* A loop that stopped at its deadline with jobs still out has no
         * receiver any more: the job ends here, its client long gone. */
        pthread_mutex_lock(&pool.lock);
        bool gone = pool.gone[p->loop];
        if (!gone)
            h2o_multithread_send_message(&pool.receivers[p->loop], &p->msg);
        pthread_mutex_unlock(&pool.lock);
        if (gone) {
            defer_release(p->job);
            atomic_fetch_sub(&pool.pending[p->loop], 1);
            free(p);
        }
    }
    if (have_db)
        store_close(&db);
    buf_scratch_release();
    (void)arg;
    return NULL;
}

int defer_start(const char *db_path, int n_loops)
{
    (void)n_loops;
    pool.db_path = strdup(db_path);
    pool.stopping = false;
    for (int i = 0; i < WORKERS; i++)
        if (pthread_create(&pool.workers[i], NULL, worker_main, NULL) == 0)
            pool.n_workers++;
    return pool.n_workers ? 0 : -1;
}

void defer_stop(void)
{
    pthread_mutex_lock(&pool.lock);
    pool.stopping = true;
    pthread_cond_broadcast(&pool.cond);
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < pool.n_workers; i++)
        pthread_join(pool.workers[i], NULL);
    pool.n_workers = 0;
    free(pool.db_path);
    pool.db_path = NULL;
}

/* On the loop thread: answers the request (if it is still there). */
static void deliver(struct pending *p)
{
    if (p->req_link)
        *p->req_link = NULL; /* the request no longer points at us */
    p->on_done(p->job, p->req, p->failed);
    defer_release(p->job);
    atomic_fetch_sub(&pool.pending[p->loop], 1);
    free(p);
}

static bool due(const struct pending *p, int64_t now)
{
    return !p->req || p->job->hold_ms <= 0 || now - p->submitted_ms >= p->job->hold_ms;
}

static void on_hold_tick(h2o_timeout_entry_t *entry)
{
    struct loop_hold *h = H2O_STRUCT_FROM_MEMBER(struct loop_hold, entry, entry);
    int64_t now = monotonic_ms();
    h2o_linklist_t *node = h->list.next;
    while (node != &h->list) {
        struct pending *p = H2O_STRUCT_FROM_MEMBER(struct pending, held, node);
        node = node->next;
        if (due(p, now)) {
            h2o_linklist_unlink(&p->held);
            deliver(p);
        }
    }
    if (!h2o_linklist_is_empty(&h->list))
        h2o_timeout_link(h->loop, &h->timeout, &h->entry);
}

/* On the loop thread: the job is back. */
static void on_message(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    int64_t now = monotonic_ms();
    while (!h2o_linklist_is_empty(messages)) {
        struct pending *p = H2O_STRUCT_FROM_MEMBER(struct pending, msg.link, messages->next);
        h2o_linklist_unlink(&p->msg.link);
        if (due(p, now)) {
            deliver(p);
            continue;
        }
        struct loop_hold *h = &holds[p->loop];
        h2o_linklist_insert(&h->list, &p->held);
        if (!h2o_timeout_is_linked(&h->entry))
            h2o_timeout_link(h->loop, &h->timeout, &h->entry);
    }
    (void)receiver;
}

void defer_register_thread(h2o_context_t *ctx, int index)
{
    struct loop_hold *h = &holds[index];
    h->loop = ctx->loop;
    h2o_linklist_init_anchor(&h->list);
    h2o_timeout_init(ctx->loop, &h->timeout, HOLD_TICK_MS);
    h->entry = (h2o_timeout_entry_t){.cb = on_hold_tick};
    h2o_multithread_register_receiver(ctx->queue, &pool.receivers[index], on_message);
    pthread_mutex_lock(&pool.lock);
    pool.gone[index] = false;
    pthread_mutex_unlock(&pool.lock);
}

void defer_unregister_thread(h2o_context_t *ctx, int index)
{
    struct loop_hold *h = &holds[index];
    if (h2o_timeout_is_linked(&h->entry))
        h2o_timeout_unlink(&h->entry);
    while (!h2o_linklist_is_empty(&h->list)) {
        struct pending *p = H2O_STRUCT_FROM_MEMBER(struct pending, held, h->list.next);
        h2o_linklist_unlink(&p->held);
        deliver(p);
    }
    pthread_mutex_lock(&pool.lock);
    pool.gone[index] = true;
    pthread_mutex_unlock(&pool.lock);
    h2o_multithread_unregister_receiver(ctx->queue, &pool.receivers[index]);
}

int defer_pending(int index) { return atomic_load(&pool.pending[index]); }

int defer_pending_total(void)
{
    int n = 0;
    for (int i = 0; i < MAX_LOOPS; i++)
        n += atomic_load(&pool.pending[i]);
    return n;
}

/* Runs when the request's pool is freed: if the job is still out, it must
 * not touch the request when it comes back. */
static void on_request_disposed(void *p)
{
    struct pending *pending = *(struct pending **)p;
    if (pending) {
        pending->req = NULL;
        pending->req_link = NULL; /* that memory is being freed now */
    }
}

static void enqueue(struct pending *p)
{
    pthread_mutex_lock(&pool.lock);
    if (pool.tail)
        pool.tail->next = p;
    else
        pool.head = p;
    pool.tail = p;
    pthread_cond_signal(&pool.cond);
    pthread_mutex_unlock(&pool.lock);
}

void defer_submit(struct web_job *job, h2o_req_t *req, int index,
                  void (*on_done)(struct web_job *job, h2o_req_t *req, bool failed))
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->job = job;
    p->req = req;
    p->loop = index;
    p->on_done = on_done;
    p->submitted_ms = monotonic_ms();
    p->req_link = h2o_mem_alloc_shared(&req->pool, sizeof *p->req_link, on_request_disposed);
    *p->req_link = p;
    atomic_fetch_add(&pool.pending[index], 1);
    enqueue(p);
}

void defer_background(struct web_job *job)
{
    struct pending *p = calloc(1, sizeof *p);
    if (!p)
        abort();
    p->job = job;
    p->loop = -1;
    enqueue(p);
}
