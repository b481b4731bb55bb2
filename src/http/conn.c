/*
 * conn.c - a connection of ours: the record dinh keeps beside h2o's
 * socket, from accept to close, and what it holds of the budget for
 * request bodies in flight.
 *
 * listen.c accepts connections and sweeps them; guard.c checks what
 * arrives on them. Both use these functions, and neither calls the other.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "http/loop.h"

static size_t budget_total = 256u << 20;
static _Atomic size_t budget_used;

int64_t conn_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void conn_set_budget(size_t bytes)
{
    if (bytes)
        budget_total = bytes;
}

bool conn_hold_body(struct http_conn *c, size_t n)
{
    size_t used = atomic_load(&budget_used);
    do {
        if (n > budget_total || used > budget_total - n)
            return false;
    } while (!atomic_compare_exchange_weak(&budget_used, &used, used + n));
    c->body_held = n;
    return true;
}

void conn_release_body(struct http_conn *c)
{
    if (c->body_held) {
        atomic_fetch_sub(&budget_used, c->body_held);
        c->body_held = 0;
    }
}

void conn_kill(struct http_conn *c)
{
    if (c->killed)
        return;
    c->killed = true;
    /* Linger 0: the close that follows sends a reset and frees the unsent
     * data at once, instead of keeping it for a peer that never reads. */
    struct linger lg = {1, 0};
    setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    shutdown(c->fd, SHUT_RDWR);
}

void conn_on_closed(void *data)
{
    struct http_conn *c = data;
    conn_release_body(c);
    h2o_linklist_unlink(&c->link);
    c->thread->n_conns--;
    free(c);
}

struct http_conn *conn_of_socket(h2o_socket_t *sock)
{
    return sock && sock->on_close.cb == conn_on_closed ? sock->on_close.data : NULL;
}

void conn_accept(struct http_thread *t, int fd)
{
    struct http_conn *c = calloc(1, sizeof *c);
    if (!c)
        abort();
    h2o_socket_t *sock = h2o_evloop_socket_create(t->ctx.loop, fd, 0);
    c->thread = t;
    c->fd = fd;
    c->sock = sock;
    c->phase = CONN_HEAD;
    c->activity_ms = conn_now_ms();
    sock->on_close.cb = conn_on_closed;
    sock->on_close.data = c;
    h2o_linklist_insert(&t->conns, &c->link);
    t->n_conns++;
    h2o_accept(&t->accept_ctx, sock);
}
