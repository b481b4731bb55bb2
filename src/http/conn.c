/*
 * conn.c - a connection of ours: the record dinh keeps beside h2o's
 * socket, from accept to close, and what it holds of the budget for
 * request bodies in flight.
 *
 * listen.c accepts connections and sweeps them; guard.c checks what
 * arrives on them. Both use these functions, and neither calls the other.
 */
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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

/* Bodies over SMALL_BODY (uploads) may take three quarters of the budget
 * and, from one address, a quarter: clients that announce large bodies
 * and never send them cannot hold the room that logins, comments and
 * article saves need, and one address cannot hold it all. Addresses are
 * counted in ADDRESS_SLOTS by hash (two that share a slot share its
 * quarter); the trusted proxy, which brings every visitor's body, is not. */
#define SMALL_BODY (1u << 20)
#define ADDRESS_SLOTS 256
static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t slot_held[ADDRESS_SLOTS];

static int address_slot(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(fd, (struct sockaddr *)&ss, &len) != 0 || respond_is_trusted_proxy(&ss, len))
        return -1;
    const unsigned char *p;
    size_t n;
    if (ss.ss_family == AF_INET) {
        p = (const unsigned char *)&((struct sockaddr_in *)&ss)->sin_addr;
        n = 4;
    } else if (ss.ss_family == AF_INET6) {
        p = (const unsigned char *)&((struct sockaddr_in6 *)&ss)->sin6_addr;
        n = 16;
    } else {
        return -1;
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return (int)(h % ADDRESS_SLOTS);
}

bool conn_hold_body(struct http_conn *c, size_t n)
{
    bool large = n > SMALL_BODY;
    size_t room = large ? budget_total - budget_total / 4 : budget_total;
    size_t used = atomic_load(&budget_used);
    do {
        if (n > room || used > room - n)
            return false;
    } while (!atomic_compare_exchange_weak(&budget_used, &used, used + n));
    int slot = large ? address_slot(c->fd) : -1;
    if (slot >= 0) {
        pthread_mutex_lock(&slots_lock);
        bool fits = slot_held[slot] + n <= budget_total / 4;
        if (fits)
            slot_held[slot] += n;
        pthread_mutex_unlock(&slots_lock);
        if (!fits) {
            atomic_fetch_sub(&budget_used, n);
            return false;
        }
    }
    c->body_held = n;
    c->body_slot = slot + 1;
    return true;
}

void conn_release_body(struct http_conn *c)
{
    if (c->body_held) {
        if (c->body_slot) {
            pthread_mutex_lock(&slots_lock);
            slot_held[c->body_slot - 1] -= c->body_held;
            pthread_mutex_unlock(&slots_lock);
            c->body_slot = 0;
        }
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
