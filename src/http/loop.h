/*
 * loop.h - what the pieces of the server share (inside src/http/ only).
 *
 * The server is one event-loop thread per core (server.c). Each thread
 * accepts its own connections (listen.c) and keeps a record of each
 * (conn.c), checks every request head before h2o reads it (guard.c), turns h2o's requests into web_req and
 * runs the route (request.c), answers from or into the page cache
 * (pages.c), and writes responses with the security headers (respond.c).
 * A connection is an h2o socket plus a `struct http_conn` of ours, linked
 * in its thread's list, oldest first.
 */
#ifndef DINH_HTTP_LOOP_H
#define DINH_HTTP_LOOP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include <h2o.h>

#include "core/arena.h"
#include "http/server.h"
#include "http/web.h"

#define HTTP_MAX_THREADS 64

struct http_thread {
    int index;
    pthread_t tid;
    h2o_context_t ctx;
    h2o_accept_ctx_t accept_ctx;
    int listen_fd;
    h2o_socket_t *listener;
    h2o_multithread_receiver_t control;
    struct web_app *app;
    struct arena arena; /* per request, reset by each */
    struct store_conn *kept_db; /* holds a read transaction kept between requests, or NULL */
    bool stopping;
    /* connections (listen.c) */
    h2o_linklist_t conns; /* struct http_conn, oldest first */
    size_t n_conns;
    h2o_timeout_t sweep_timeout;
    h2o_timeout_entry_t sweep_entry;
    h2o_timeout_t resume_timeout;
    h2o_timeout_entry_t resume_entry;
    bool accept_paused;
    int reserve_fd; /* kept open to be given up when descriptors run out */
    int64_t exhausted_logged_ms;
    unsigned long refused_while_exhausted;
};

enum http_conn_phase {
    CONN_HEAD, /* waiting for a request head: guard.c checks what arrives */
    CONN_BODY, /* the head was accepted: h2o reads the body and answers */
};

struct http_conn {
    h2o_linklist_t link;
    struct http_thread *thread;
    h2o_socket_t *sock;
    int fd;
    enum http_conn_phase phase;
    h2o_socket_cb h2o_read;   /* h2o's reader, called once guard.c has looked */
    size_t h2o_saw;           /* bytes of an incomplete head h2o has already parsed */
    int refused;              /* status the current request is refused with, or 0 */
    bool refused_json;        /* ... by a client that wanted JSON (head_wants_json) */
    size_t refused_limit;     /* a 413's limit: the route's largest body */
    const char *refused_why;  /* and that route's sentence for it, or NULL */
    char refused_method[16];  /* the refused request's method and path as sent (empty: unknown or */
    size_t refused_method_n;  /* longer), for the access log */
    char refused_sent[128];
    size_t refused_sent_n;
    char refused_path[128];   /* the refused request's path as sent (empty: unknown or longer), */
    size_t refused_path_n;    /* so that its page is the one of the part of the site it was for */
    size_t discard_left;      /* bytes of a refused body still to come, dropped as they arrive */
    bool linger;              /* refused: end the connection gently once the page is written */
    bool lingering;           /* the page is written, our side shut; arrivals are dropped */
    int64_t linger_until;
    bool killed;              /* shut down by us; drop whatever arrives */
    size_t body_held;         /* bytes of the in-flight body budget held */
    int body_slot;            /* 1 + the address slot a large body is counted in, or 0 */
    int64_t activity_ms;      /* last read, or last progress of a write */
    bool writing;             /* the last sweep saw h2o writing to it */
    uint64_t acked;           /* bytes the peer had acknowledged at that sweep */
};

extern const struct http_config *http_cfg;
extern const struct web_app_hooks *http_hooks;
extern h2o_globalconf_t http_globalconf;
extern struct http_thread http_threads[HTTP_MAX_THREADS];
extern int http_n_threads;

static inline struct http_thread *http_thread_of(h2o_req_t *req)
{
    return H2O_STRUCT_FROM_MEMBER(struct http_thread, ctx, req->conn->ctx);
}

/* Adds a response header by name (its value outlives the request). */
static inline void http_add_header(h2o_req_t *req, const char *name, struct str value)
{
    h2o_add_header_by_str(&req->pool, &req->res.headers, name, strlen(name), 0, NULL, value.p, value.n);
}

/* conn.c */
/* Makes the record of an accepted socket and hands it to h2o. */
void conn_accept(struct http_thread *t, int fd);
/* h2o calls it when a connection's socket closes; it also marks our sockets. */
void conn_on_closed(void *data);
/* Our record of an h2o socket, or NULL (the listener, another socket). */
struct http_conn *conn_of_socket(h2o_socket_t *sock);
/* Ends a connection now: its pending write is dropped and the peer gets a
 * reset. h2o closes its side when it next touches the socket. */
void conn_kill(struct http_conn *c);
int64_t conn_now_ms(void);
/* The budget of request bodies in flight, all connections together. */
void conn_set_budget(size_t bytes);
bool conn_hold_body(struct http_conn *c, size_t n);
void conn_release_body(struct http_conn *c);

/* listen.c */
int listen_open(char *err, size_t errlen, int *bound_port);
void listen_start(struct http_thread *t);
void listen_stop(struct http_thread *t);

/* guard.c */
/* Finds libh2o's h2o_socket_read_start; call once before serving. */
void guard_init(void);
/* Frees the calling thread's scratch memory of the head checks, before it ends. */
void guard_thread_done(void);
/* What the head check said of a request it refused. */
struct refusal {
    bool json;             /* the request wanted JSON (head_wants_json) */
    bool closes;           /* the connection ends after the answer (it then lingers: see refuse in guard.c) */
    size_t limit;          /* a 413 for its size: the route's largest body; else 0 */
    const char *too_large; /* that route's own sentence for it (route.too_large), or NULL */
    struct str path;       /* the path as sent, when the head was read (else empty) */
    struct str method;     /* for the access log: the method and path sent, when the request */
    struct str sent;       /* line was sound (else empty) */
};
/* The status the request is refused with before any handler runs, or 0:
 * the head check's refusal, or 500 if the check never saw the request's
 * connection (should libh2o stop calling h2o_socket_read_start through the
 * dynamic linker, requests would reach h2o unchecked: dinh then fails
 * closed and logs why, once); *out says more of it. */
int guard_refusal(h2o_req_t *req, struct refusal *out);
/* The whole body of `req` has arrived (h2o calls the handler only then):
 * it no longer counts against the budget of bodies being received, so a
 * client that keeps its connection open does not hold the budget. */
void guard_body_received(h2o_req_t *req);

/* request.c */
int request_on_req(h2o_handler_t *self, h2o_req_t *req);
int request_on_static(h2o_handler_t *self, h2o_req_t *req);
/* The handler of http_config.files_prefix, in front of h2o's file handler
 * for files_dir: the route's GET makes the file ready (server.h). */
int request_on_files(h2o_handler_t *self, h2o_req_t *req);

/* prepare.c */
/* Builds an empty web_req for this thread: arena, the product's state
 * (request_begin), the clock, the method. */
void request_init(struct web_req *r, struct http_thread *t, h2o_req_t *req);
/* request_init, then decodes the request's path and query into it.
 * Returns 0 or the error status to answer with. */
int request_prepare(struct web_req *r, h2o_req_t *req);
/* Runs the handler inside one read transaction; a failure gives the 500
 * page; then the product's request_end. */
void request_run_handler(struct web_req *r, web_handler handler);

/* offload.c */
struct route;
/* Copies the request of a ROUTE_WORKER route (body included) into a job
 * that parses, checks and answers it on a worker; the answer is sent from
 * this loop when it comes back. 0, or 503 when too many forms (or bytes)
 * already wait for the workers: nothing was queued. */
int offload_submit(struct web_req *r, h2o_req_t *req, const struct route *route, web_handler handler);

/* pages.c */
/* The cache key of a page: its address and the product's variant. */
struct str pages_key(struct web_req *r);
/* The page's own address: the path and the query parameters the route knows. */
struct str pages_self_url(struct web_req *r, const char *const *known_params);
/* Sends a cached or freshly rendered page (with its live block). */
struct cache_entry;
void pages_send(h2o_req_t *req, struct cache_entry *e, bool head);
void pages_live_release_all(void);


/* respond.c */
void respond_answer(h2o_req_t *req, struct web_req *r, bool cacheable_route, struct str key, uint64_t generation);
void respond_filter(h2o_filter_t *self, h2o_req_t *req, h2o_ostream_t **slot);
/* How the filter's access log learns what a refused request asked for
 * (guard_refusal, set by guard_init: the head check lies above this file). */
extern int (*respond_refusal)(h2o_req_t *req, struct refusal *out);
/* The visitor's address: the peer, or the trusted proxy's X-Forwarded-For. */
struct str respond_client_address(h2o_req_t *req, struct arena *a, bool *https);
int respond_parse_trusted_proxy(char *err, size_t errlen);
/* Whether the peer address is the proxy of --trusted-proxy. */
bool respond_is_trusted_proxy(const struct sockaddr_storage *ss, socklen_t len);

#endif
