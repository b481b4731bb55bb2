/*
 * listen.c - listening sockets and the connections they bring.
 *
 * Every thread has its own listening socket on the shared port
 * (SO_REUSEPORT) and accepts its own connections, so that it knows each
 * one: a `struct http_conn` is linked in the thread's list, oldest first,
 * from accept to close. That list is what lets a server reached directly,
 * without nginx in front, hold against clients that misbehave:
 *
 *   - A client that sends requests and never reads the answers leaves a
 *     write that makes no progress; h2o 2.2.5 would wait for it forever.
 *     A sweep every SWEEP_MS reads how many bytes the peer has
 *     acknowledged (TCP_INFO) for every connection h2o is writing to, and
 *     ends one that has acknowledged nothing for the request timeout.
 *
 *   - When file descriptors run out (EMFILE, ENFILE), accept(2) fails
 *     while the listening socket stays readable: a loop that only retries
 *     spins the cores and answers nobody. Instead the thread logs it (once
 *     a minute at most), gives up its reserve descriptor to accept the
 *     waiting client and tell it the server is busy, ends the oldest idle
 *     connections (waiting for a request, or stuck writing) to make room,
 *     and stops accepting for PAUSE_MS. The reserve is opened again at
 *     once, so the next shortage finds it there.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/log.h"
#include "core/oserr.h"
#include "http/loop.h"

#define SWEEP_MS 250
#define PAUSE_MS 50
#define ACCEPTS_PER_WAKE 64
#define EXHAUSTED_LOG_MS 60000

static _Atomic int64_t exhausted_logged_ms;

/* --- addresses and listening sockets ------------------------------------------ */

int http_parse_listen(const char *s, char *host, size_t host_len, int *port)
{
    const char *colon;
    if (s[0] == '[') {
        const char *end = strchr(s, ']');
        if (!end || end[1] != ':')
            return -1;
        if ((size_t)(end - s - 1) >= host_len)
            return -1;
        memcpy(host, s + 1, (size_t)(end - s - 1));
        host[end - s - 1] = '\0';
        colon = end + 1;
    } else {
        colon = strrchr(s, ':');
        if (!colon || (size_t)(colon - s) >= host_len)
            return -1;
        memcpy(host, s, (size_t)(colon - s));
        host[colon - s] = '\0';
    }
    char *endp;
    long p = strtol(colon + 1, &endp, 10);
    if (colon[1] == '\0' || *endp || p < 0 || p > 65535)
        return -1;
    *port = (int)p;
    return 0;
}

static int open_listener(const struct sockaddr *sa, socklen_t len, char *err, size_t errlen)
{
    int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int on = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) != 0 ||
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) != 0) {
        snprintf(err, errlen, "không tạo được socket: %s", os_error_words(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    if (sa->sa_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    if (bind(fd, sa, len) != 0 || listen(fd, 1024) != 0) {
        snprintf(err, errlen, "không lắng nghe được trên %s: %s", http_cfg->listen,
                 os_error_words(errno));
        close(fd);
        return -1;
    }
    return fd;
}

/* SO_REUSEPORT lets any socket of the same user join our port. After
 * binding, make sure every listening socket on the port is one of ours:
 * a second server must fail loudly, not share the traffic quietly. */
static int check_port_exclusive(int port, char *err, size_t errlen)
{
    const char *tables[] = {"/proc/net/tcp", "/proc/net/tcp6"};
    for (size_t t = 0; t < 2; t++) {
        FILE *f = fopen(tables[t], "r");
        if (!f)
            continue;
        char line[512];
        if (!fgets(line, sizeof line, f)) {
            fclose(f);
            continue;
        }
        while (fgets(line, sizeof line, f)) {
            char local[128], remote[128];
            unsigned state;
            unsigned long inode;
            if (sscanf(line, "%*d: %127s %127s %x %*s %*s %*s %*s %*s %lu", local, remote, &state, &inode) != 4)
                continue;
            const char *c = strrchr(local, ':');
            if (!c || state != 0x0A || (int)strtol(c + 1, NULL, 16) != port)
                continue;
            bool ours = false;
            for (int i = 0; i < http_n_threads; i++) {
                struct stat st;
                if (fstat(http_threads[i].listen_fd, &st) == 0 && st.st_ino == inode)
                    ours = true;
            }
            if (!ours) {
                fclose(f);
                snprintf(err, errlen, "không lắng nghe được trên %s: cổng đang được một máy chủ khác dùng",
                         http_cfg->listen);
                return -1;
            }
        }
        fclose(f);
    }
    return 0;
}

static void close_listeners(void)
{
    for (int j = 0; j < http_n_threads; j++)
        if (http_threads[j].listen_fd >= 0) {
            close(http_threads[j].listen_fd);
            http_threads[j].listen_fd = -1;
        }
}

int listen_open(char *err, size_t errlen, int *bound_port)
{
    char host[256];
    int port;
    if (http_parse_listen(http_cfg->listen, host, sizeof host, &port) != 0) {
        snprintf(err, errlen, "địa chỉ --listen %s không hợp lệ (cần dạng ADDR:PORT)", http_cfg->listen);
        return -1;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM, .ai_flags = AI_NUMERICHOST | AI_PASSIVE};
    struct addrinfo *ai;
    /* the one name taken: what administrators type for this machine (no
     * resolver is asked, so "localhost" cannot point elsewhere) */
    if (!strcasecmp(host, "localhost"))
        snprintf(host, sizeof host, "127.0.0.1");
    if (getaddrinfo(host, NULL, &hints, &ai) != 0) {
        snprintf(err, errlen, "địa chỉ --listen %s không hợp lệ (hãy dùng địa chỉ dạng số)", http_cfg->listen);
        return -1;
    }
    struct sockaddr_storage ss;
    memcpy(&ss, ai->ai_addr, ai->ai_addrlen);
    socklen_t len = ai->ai_addrlen;
    freeaddrinfo(ai);
    for (int i = 0; i < http_n_threads; i++) {
        if (ss.ss_family == AF_INET)
            ((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)port);
        else
            ((struct sockaddr_in6 *)&ss)->sin6_port = htons((uint16_t)port);
        int fd = open_listener((struct sockaddr *)&ss, len, err, errlen);
        if (fd < 0) {
            close_listeners();
            return -1;
        }
        http_threads[i].listen_fd = fd;
        if (port == 0) { /* the first socket picks the port; the others join it */
            struct sockaddr_storage got;
            socklen_t glen = sizeof got;
            getsockname(fd, (struct sockaddr *)&got, &glen);
            port = ntohs(got.ss_family == AF_INET ? ((struct sockaddr_in *)&got)->sin_port
                                                  : ((struct sockaddr_in6 *)&got)->sin6_port);
        }
    }
    *bound_port = port;
    if (check_port_exclusive(port, err, errlen) != 0) {
        close_listeners();
        return -1;
    }
    return 0;
}

/* --- connections ------------------------------------------------------------------ */

static void conn_new(struct http_thread *t, int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    conn_accept(t, fd);
}

/* A connection that costs a descriptor and serves nobody right now: waiting
 * for a request it has not begun to send, or a write nobody reads. */
static bool is_idle(struct http_conn *c, int64_t now)
{
    if (c->killed)
        return false;
    if (h2o_socket_is_writing(c->sock))
        return now - c->activity_ms >= SWEEP_MS * 2;
    return c->phase == CONN_HEAD && h2o_socket_is_reading(c->sock);
}

/* Ends up to `max` of the thread's oldest idle connections. */
static size_t shed(struct http_thread *t, size_t max)
{
    int64_t now = conn_now_ms();
    size_t n = 0;
    for (h2o_linklist_t *node = t->conns.next; node != &t->conns && n < max; node = node->next) {
        struct http_conn *c = H2O_STRUCT_FROM_MEMBER(struct http_conn, link, node);
        if (is_idle(c, now)) {
            conn_kill(c);
            n++;
        }
    }
    return n;
}

/* What the client waiting when descriptors ran out reads: a complete
 * answer that needs nothing from the server but one write. */
static void answer_busy(int fd)
{
    static const char page[] =
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Hệ thống đang bận</title>"
        "<h1>Hệ thống đang bận</h1><p>Máy chủ đang quá tải. Vui lòng thử lại sau ít phút.</p></html>\n";
    char head[512];
    int k = snprintf(head, sizeof head,
                     "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html; charset=utf-8\r\n"
                     "Content-Length: %zu\r\nRetry-After: 5\r\nConnection: close\r\nCache-Control: no-store\r\n"
                     "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\n"
                     "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n\r\n",
                     sizeof page - 1);
    struct iovec iov[2] = {{head, (size_t)k}, {(void *)page, sizeof page - 1}};
    ssize_t w = writev(fd, iov, 2);
    (void)w;
}

static void on_accept(h2o_socket_t *listener, const char *err);

static void on_resume(h2o_timeout_entry_t *entry)
{
    struct http_thread *t = H2O_STRUCT_FROM_MEMBER(struct http_thread, resume_entry, entry);
    t->accept_paused = false;
    if (t->listener && !t->stopping)
        h2o_socket_read_start(t->listener, on_accept);
}

static void exhausted(struct http_thread *t)
{
    int64_t now = conn_now_ms();
    t->refused_while_exhausted++;
    int64_t last = atomic_load(&exhausted_logged_ms);
    if ((last == 0 || now - last >= EXHAUSTED_LOG_MS) && atomic_compare_exchange_strong(&exhausted_logged_ms, &last, now))
        log_warn("no file descriptor left to accept a connection (%zu open on thread %d): ending the oldest idle "
                 "connections and pausing new ones for %d ms",
                 t->n_conns, t->index, PAUSE_MS);
    if (t->reserve_fd >= 0) {
        close(t->reserve_fd);
        t->reserve_fd = -1;
        int fd = accept4(t->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd >= 0) {
            answer_busy(fd);
            close(fd);
        }
        t->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    size_t quota = t->n_conns / 8 > 4 ? t->n_conns / 8 : 4;
    shed(t, quota);
    if (!t->accept_paused) {
        t->accept_paused = true;
        h2o_socket_read_stop(t->listener);
        h2o_timeout_link(t->ctx.loop, &t->resume_timeout, &t->resume_entry);
    }
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
    struct http_thread *t = listener->data;
    if (err || t->stopping)
        return;
    for (int i = 0; i < ACCEPTS_PER_WAKE; i++) {
        int fd = accept4(t->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                exhausted(t);
            return;
        }
        conn_new(t, fd);
    }
}

/* --- the sweep ---------------------------------------------------------------------- */

static uint64_t bytes_acked(int fd)
{
    struct tcp_info info;
    socklen_t len = sizeof info;
    memset(&info, 0, sizeof info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0)
        return 0;
    return info.tcpi_bytes_acked;
}

static void on_sweep(h2o_timeout_entry_t *entry)
{
    struct http_thread *t = H2O_STRUCT_FROM_MEMBER(struct http_thread, sweep_entry, entry);
    int64_t now = conn_now_ms();
    for (h2o_linklist_t *node = t->conns.next; node != &t->conns; node = node->next) {
        struct http_conn *c = H2O_STRUCT_FROM_MEMBER(struct http_conn, link, node);
        if (c->killed)
            continue;
        if (c->lingering && now > c->linger_until) {
            conn_kill(c);
            continue;
        }
        if (!h2o_socket_is_writing(c->sock)) {
            c->writing = false;
            continue;
        }
        uint64_t acked = bytes_acked(c->fd);
        if (!c->writing || acked != c->acked) {
            /* A write that began since the last sweep, or one that moves. */
            c->writing = true;
            c->acked = acked;
            c->activity_ms = now;
        } else if (now - c->activity_ms >= http_cfg->request_timeout_ms) {
            conn_kill(c);
        }
    }
    if (!t->stopping)
        h2o_timeout_link(t->ctx.loop, &t->sweep_timeout, &t->sweep_entry);
}

/* --- per thread ------------------------------------------------------------------------- */

void listen_start(struct http_thread *t)
{
    h2o_linklist_init_anchor(&t->conns);
    t->listener = h2o_evloop_socket_create(t->ctx.loop, t->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
    t->listener->data = t;
    h2o_socket_read_start(t->listener, on_accept);
    t->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    h2o_timeout_init(t->ctx.loop, &t->sweep_timeout, SWEEP_MS);
    t->sweep_entry.cb = on_sweep;
    h2o_timeout_link(t->ctx.loop, &t->sweep_timeout, &t->sweep_entry);
    h2o_timeout_init(t->ctx.loop, &t->resume_timeout, PAUSE_MS);
    t->resume_entry.cb = on_resume;
}

void listen_stop(struct http_thread *t)
{
    if (t->listener) {
        h2o_socket_read_stop(t->listener);
        h2o_socket_close(t->listener);
        t->listener = NULL;
        t->listen_fd = -1; /* closed with the socket */
    }
    if (h2o_timeout_is_linked(&t->resume_entry))
        h2o_timeout_unlink(&t->resume_entry);
    if (t->reserve_fd >= 0) {
        close(t->reserve_fd);
        t->reserve_fd = -1;
    }
}
