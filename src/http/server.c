/*
 * server.c - the server's life: h2o's configuration, one event-loop
 * thread per core, the start and the clean stop on a signal.
 *
 * Each thread has its own h2o loop and context, its own listening socket
 * on the shared port (SO_REUSEPORT, listen.c), and the product's state for
 * that thread (its database connection, its snapshot of the site), so that
 * the request path takes no lock but the page cache's shard lock. What a
 * request goes through is in loop.h.
 */
#include "http/server.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/oserr.h"
#include "http/cache.h"
#include "http/defer.h"
#include "http/fragment.h"
#include "http/loop.h"
#include "http/router.h"

const struct http_config *http_cfg;
const struct web_app_hooks *http_hooks;
h2o_globalconf_t http_globalconf;
struct http_thread http_threads[HTTP_MAX_THREADS];
int http_n_threads;
static atomic_int threads_running;

struct control_msg {
    h2o_multithread_message_t super;
};

/* Runs on the thread's own loop: stop accepting, let h2o close
 * keep-alive connections after their current response. */
static void on_control(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
    struct http_thread *t = H2O_STRUCT_FROM_MEMBER(struct http_thread, control, receiver);
    while (!h2o_linklist_is_empty(messages)) {
        struct control_msg *m = H2O_STRUCT_FROM_MEMBER(struct control_msg, super.link, messages->next);
        h2o_linklist_unlink(&m->super.link);
        free(m);
    }
    if (!t->stopping) {
        t->stopping = true;
        listen_stop(t);
        h2o_context_request_shutdown(&t->ctx);
    }
}

static void *thread_main(void *arg)
{
    struct http_thread *t = arg;
    h2o_evloop_t *loop = h2o_evloop_create();
    h2o_context_init(&t->ctx, loop, &http_globalconf);
    t->accept_ctx.ctx = &t->ctx;
    t->accept_ctx.hosts = http_globalconf.hosts;
    h2o_multithread_register_receiver(t->ctx.queue, &t->control, on_control);
    defer_register_thread(&t->ctx, t->index);
    listen_start(t);
    atomic_fetch_add(&threads_running, 1);

    int64_t deadline = 0;
    for (;;) {
        h2o_evloop_run(loop, 100);
        /* Nothing more at hand: the read transaction kept across the
         * requests just served is let go before the loop waits. */
        if (t->kept_db) {
            store_read_release(t->kept_db);
            t->kept_db = NULL;
        }
        if (!t->stopping)
            continue;
        if (!deadline)
            deadline = clock_now_ms() + http_cfg->request_timeout_ms + 1000;
        /* Done when no connection is left (the in-flight requests have
         * been answered) or when the request deadline has passed. */
        if ((h2o_linklist_is_empty(&t->ctx.http1._conns) && defer_pending(t->index) == 0) ||
            clock_now_ms() > deadline)
            break;
    }
    defer_unregister_thread(&t->ctx, t->index);
    h2o_multithread_unregister_receiver(t->ctx.queue, &t->control);
    cache_thread_done();
    guard_thread_done();
    buf_scratch_release();
    /* The context and loop are not disposed: h2o 2.2.5 asserts on timers
     * it still holds, and the process exits right after. */
    return NULL;
}

static void request_stop_all(void)
{
    for (int i = 0; i < http_n_threads; i++) {
        struct control_msg *m = calloc(1, sizeof *m);
        if (!m)
            abort();
        h2o_multithread_send_message(&http_threads[i].control, &m->super);
    }
}

static int write_port_file(const char *path, int port, char *err, size_t errlen)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, path) != 0) {
        snprintf(err, errlen, "không ghi được tệp số cổng %s: %s", path, os_error_words(errno));
        return -1;
    }
    return 0;
}

static void setup_globalconf(void)
{
    h2o_config_init(&http_globalconf);
    http_globalconf.server_name = h2o_iovec_init(H2O_STRLIT("")); /* no Server banner */
    /* guard.c refuses a body over its route's limit before h2o reads it;
     * h2o's own limit is only a backstop above every route's. */
    http_globalconf.max_request_entity_size = http_cfg->body_budget + 65536;
    http_globalconf.http1.req_timeout = (uint64_t)http_cfg->request_timeout_ms;
    http_globalconf.http1.upgrade_to_http2 = 0; /* TLS and HTTP/2 are nginx's job */
    http_globalconf.http2.idle_timeout = (uint64_t)http_cfg->request_timeout_ms;
    h2o_hostconf_t *host =
        h2o_config_register_host(&http_globalconf, h2o_iovec_init(H2O_STRLIT("default")), 65535);

    /* h2o takes the first registered path that matches: the most specific first. */
    h2o_pathconf_t *st = h2o_config_register_path(host, "/static", 0);
    h2o_create_handler(st, sizeof(h2o_handler_t))->on_req = request_on_static;
    h2o_file_register(st, http_cfg->static_dir, NULL, NULL, H2O_FILE_FLAG_SEND_COMPRESSED);
    h2o_create_filter(st, sizeof(h2o_filter_t))->on_setup_ostream = respond_filter;
    if (http_cfg->files_prefix && http_cfg->files_dir) {
        h2o_pathconf_t *fp = h2o_config_register_path(host, http_cfg->files_prefix, 0);
        h2o_create_handler(fp, sizeof(h2o_handler_t))->on_req = request_on_files;
        h2o_mimemap_t *types = h2o_mimemap_create();
        for (const char *const *t = http_cfg->files_types; t && t[0] && t[1]; t += 2)
            h2o_mimemap_define_mimetype(types, t[0], t[1], NULL);
        h2o_file_register(fp, http_cfg->files_dir, NULL, types, 0);
        h2o_mem_release_shared(types);
        h2o_create_filter(fp, sizeof(h2o_filter_t))->on_setup_ostream = respond_filter;
    }
    h2o_pathconf_t *root = h2o_config_register_path(host, "/", 0);
    h2o_create_handler(root, sizeof(h2o_handler_t))->on_req = request_on_req;
    h2o_create_filter(root, sizeof(h2o_filter_t))->on_setup_ostream = respond_filter;
    /* Errors h2o raises before a path is chosen go through the host's
     * fallback path: they get the security headers too. */
    h2o_create_filter(&host->fallback_path, sizeof(h2o_filter_t))->on_setup_ostream = respond_filter;
}

/* After a commit: the pages and fragments showing what it changed leave
 * the caches, fragments first. A page drawn meanwhile read the page
 * generation either before cache_invalidate counted up (it is refused or
 * dropped) or after it, when the fragments it takes are already gone;
 * the other order let a page take a fragment still to be dropped and be
 * stored as new. */
static void invalidate_after_commit(struct str tag)
{
    if (str_eq_lit(tag, STORE_TAG_ALL)) {
        fragment_clear();
        cache_clear();
        return;
    }
    fragment_invalidate(tag);
    cache_invalidate(tag);
}

static void stop_threads_state(int n)
{
    for (int j = 0; j < n; j++) {
        if (http_hooks->thread_stop && http_threads[j].app)
            http_hooks->thread_stop(http_threads[j].app);
        http_threads[j].app = NULL;
        arena_free(&http_threads[j].arena);
    }
}

int http_serve(const struct http_config *cfg, char *err, size_t errlen)
{
    http_cfg = cfg;
    http_hooks = cfg->hooks;
    /* Signals are taken by this thread alone (sigwait): block them before
     * any other thread exists, so that every thread inherits the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    struct sigaction hup; /* a closed terminal: the same orderly end, counters flushed (not under nohup) */
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
        sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    http_n_threads = cfg->threads > 0 ? cfg->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (http_n_threads < 1)
        http_n_threads = 1;
    if (http_n_threads > HTTP_MAX_THREADS)
        http_n_threads = HTTP_MAX_THREADS;
    if (router_status(err, errlen) != 0)
        return -1;
    if (respond_parse_trusted_proxy(err, errlen) != 0)
        return -1;
    struct stat st;
    if (stat(cfg->static_dir, &st) != 0) {
        snprintf(err, errlen, "không tìm thấy thư mục tệp tĩnh %s (hãy chạy make, hoặc chỉ rõ --static DIR)",
                 cfg->static_dir);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--static %s là một tệp, không phải thư mục: hãy chỉ ra thư mục tệp tĩnh (build/static)",
                 cfg->static_dir);
        return -1;
    }

    /* Every thread opens the product's state now, so that a database that
     * cannot be read stops the start, not the first request. */
    for (int i = 0; i < http_n_threads; i++) {
        struct http_thread *t = &http_threads[i];
        memset(t, 0, sizeof *t);
        t->index = i;
        t->listen_fd = -1;
        t->reserve_fd = -1;
        arena_init(&t->arena, 65536);
        t->app = http_hooks->thread_start(i, err, errlen);
        if (!t->app) {
            stop_threads_state(i + 1);
            return -1;
        }
    }

    int port;
    if (listen_open(err, errlen, &port) != 0 ||
        (cfg->port_file && write_port_file(cfg->port_file, port, err, errlen) != 0)) {
        stop_threads_state(http_n_threads);
        return -1;
    }

    /* A quarter of the budget for fragments, the rest for pages. */
    cache_init(cfg->cache_bytes - cfg->cache_bytes / 4);
    cache_set_enabled(!cfg->cache_off && !cfg->page_cache_off);
    fragment_init(cfg->cache_bytes / 4);
    fragment_set_enabled(!cfg->cache_off);
    store_on_commit(invalidate_after_commit);
    conn_set_budget(cfg->body_budget);
    guard_init();
    setup_globalconf();
    defer_start(cfg->db_path, http_n_threads);

    for (int i = 0; i < http_n_threads; i++)
        pthread_create(&http_threads[i].tid, NULL, thread_main, &http_threads[i]);
    log_info("serving on %s (port %d) with %d threads", cfg->listen, port, http_n_threads);

    int sig;
    sigwait(&set, &sig);
    log_info("signal %d: closing the listeners and finishing requests in flight", sig);
    while (atomic_load(&threads_running) < http_n_threads)
        usleep(1000);
    request_stop_all();
    for (int i = 0; i < http_n_threads; i++)
        pthread_join(http_threads[i].tid, NULL);
    defer_stop();
    stop_threads_state(http_n_threads);
    pages_live_release_all();
    cache_shutdown();
    log_info("stopped");
    return 0;
}
