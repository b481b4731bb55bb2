/*
 * guard.c - every request head is checked before h2o reads it.
 *
 * h2o 2.2.5 parses requests itself and hides from handlers what makes a
 * request ambiguous (head.h lists the rules), and it reads a request's
 * whole body before any handler can look at the route. So dinh stands in
 * front of h2o's reader on each connection:
 *
 *   h2o starts reading a connection (at accept, and after each response)
 *   with h2o_socket_read_start(sock, its_reader). dinh defines that
 *   function: the dynamic linker resolves libh2o's own calls to it (they go
 *   through the PLT), and it forwards to libh2o's after putting
 *   guard_on_read in front of h2o's reader. Bytes that arrive then reach
 *   guard_on_read first, which hands them to h2o only once the head is
 *   complete and acceptable (head_check), its Content-Length within the
 *   route's limit and within the budget for bodies in flight. Requests
 *   already in the buffer (pipelined) are checked when h2o starts reading
 *   again, before it parses them.
 *
 * A refused request never reaches h2o as sent: its bytes are replaced by
 * a plain "GET / HTTP/1.1" with "Connection: close", which h2o parses and
 * hands to request.c; the connection remembers the status, and request.c
 * answers it with the Vietnamese error page and the security headers, like
 * every other answer, then h2o closes the connection. Whatever followed in
 * the buffer (a smuggled request) is never read.
 *
 * A body is only ever taken with a Content-Length (chunked bodies get
 * 411), so its size is known before it is read: over the route's limit it
 * is refused with 413 before a byte of it is kept, and the bytes of all
 * bodies being read at once stay under the budget (503 beyond).
 */
#include <dlfcn.h>
#include <stdatomic.h>
#include <sys/socket.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "http/head.h"
#include "http/loop.h"
#include "http/parse.h"
#include "http/router.h"

#define LINGER_MS 2000

static void (*h2o_read_start)(h2o_socket_t *sock, h2o_socket_cb cb);
static _Thread_local struct arena scratch;
static _Thread_local bool scratch_ready;

static void guard_on_read(h2o_socket_t *sock, const char *err);

void guard_init(void)
{
    respond_refusal = guard_refusal; /* the access log's view of a refusal */
    if (!h2o_read_start)
        h2o_read_start = (void (*)(h2o_socket_t *, h2o_socket_cb))dlsym(RTLD_NEXT, "h2o_socket_read_start");
}

int guard_refusal(h2o_req_t *req, struct refusal *out)
{
    *out = (struct refusal){.path = STR_NULL, .method = STR_NULL, .sent = STR_NULL};
    static atomic_bool told;
    struct http_conn *c = req->conn->callbacks->get_socket
                              ? conn_of_socket(req->conn->callbacks->get_socket(req->conn))
                              : NULL;
    if (c && c->h2o_read) {
        out->json = c->refused_json;
        out->closes = c->refused && c->linger;
        out->limit = c->refused_limit;
        out->too_large = c->refused_why;
        if (c->refused && c->refused_path_n)
            out->path = (struct str){c->refused_path, c->refused_path_n};
        if (c->refused && c->refused_method_n) {
            out->method = (struct str){c->refused_method, c->refused_method_n};
            out->sent = (struct str){c->refused_sent, c->refused_sent_n};
        }
        return c->refused;
    }
    if (!atomic_exchange(&told, true))
        log_error("a request reached h2o without the head check (libh2o no longer calls "
                  "h2o_socket_read_start through the dynamic linker); every request is refused with 500");
    return 500;
}

void guard_body_received(h2o_req_t *req)
{
    struct http_conn *c = req->conn->callbacks->get_socket
                              ? conn_of_socket(req->conn->callbacks->get_socket(req->conn))
                              : NULL;
    if (c)
        conn_release_body(c);
}

void guard_thread_done(void)
{
    if (scratch_ready)
        arena_free(&scratch);
    scratch_ready = false;
}

/* The body's size against the route's limit and the budget: 200, 413 or 503. */
static int check_body(struct http_conn *c, const struct head_info *h)
{
    if (h->content_length == SIZE_MAX || h->content_length == 0)
        return 200;
    if (!scratch_ready) {
        arena_init(&scratch, 4096);
        scratch_ready = true;
    }
    arena_reset(&scratch);
    const char *q = memchr(h->target.p, '?', h->target.n);
    struct str raw_path = {h->target.p, q ? (size_t)(q - h->target.p) : h->target.n};
    size_t limit = ROUTE_DEFAULT_BODY;
    const char *why = NULL;
    struct str path;
    if (http_parse_path(&scratch, raw_path, &path) == 0) {
        struct str captures[WEB_MAX_CAPTURES];
        size_t n;
        const struct route *route = router_match(path, captures, &n, http_cfg->test_hooks);
        if (route) {
            limit = route_max_body(route, http_method(h->method));
            why = route->too_large;
        }
    }
    if (h->content_length > limit) {
        c->refused_limit = limit;
        c->refused_why = why;
        return 413;
    }
    return conn_hold_body(c, h->content_length) ? 200 : 503;
}

/* Replaces what the connection has sent with a request h2o parses
 * without harm, long enough for what h2o has already parsed of it.
 *
 * A body refused for its size (413, or 503 when the budget is spent) is
 * still on its way: a browser that is sending it reads no answer until it
 * has, and a connection closed under it shows the reader a network error
 * instead of our page. So when the head was sound and the body's length is
 * known, the connection stays open and the rest of the body is dropped as
 * it arrives (discard_left), within the request timeout that h2o enforces
 * on every request; unless the client said it closes after this request
 * ("Connection: close"): it would then wait for our end until that
 * timeout, so its connection lingers as below.
 *
 * Anything else ends the connection after the page, but not at once: a
 * client may still be sending (a 480 KB head, a smuggled request), and a
 * socket closed with unread bytes answers them with a reset that destroys
 * the page before the client reads it. So the connection "lingers", as
 * nginx's do: once the page is written, our side is shut for writing (the
 * client reads the page, then an end of file), and whatever still arrives
 * is dropped unread, until the client closes or LINGER_MS pass.
 *
 * `h` is the head when it was sound (a body refused), else NULL; `line`
 * holds the method and target of a sound request line, for the log. */
static void refuse(struct http_conn *c, int status, const struct head_info *h, const struct head_info *line)
{
    static const char start_close[] = "GET / HTTP/1.1\r\nHost: dinh\r\nConnection: close\r\n";
    static const char start_keep[] = "GET / HTTP/1.1\r\nHost: dinh\r\n";
    bool keep = false;
    /* what came after the refused body: the next requests of a pipeline */
    char *after = NULL;
    size_t after_n = 0;
    if (h && (status == 413 || status == 503) && h->content_length != SIZE_MAX && !h->close) {
        size_t received = c->sock->input->size - h->length;
        keep = true;
        if (received < h->content_length) {
            c->discard_left = h->content_length - received;
        } else if (received > h->content_length) {
            after_n = received - h->content_length;
            after = malloc(after_n);
            if (!after) {
                conn_kill(c);
                return;
            }
            memcpy(after, c->sock->input->bytes + h->length + h->content_length, after_n);
        }
    }
    (void)start_close;
    c->refused_json = head_wants_json(c->sock->input->bytes, c->sock->input->size);
    /* the path the request was for, before the head is replaced below */
    c->refused_path_n = 0;
    c->refused_method_n = c->refused_sent_n = 0;
    if (line && line->method.n <= sizeof c->refused_method && line->target.n) {
        const char *q = memchr(line->target.p, '?', line->target.n);
        size_t n = q ? (size_t)(q - line->target.p) : line->target.n;
        memcpy(c->refused_method, line->method.p, line->method.n);
        c->refused_method_n = line->method.n;
        c->refused_sent_n = n < sizeof c->refused_sent ? n : sizeof c->refused_sent;
        memcpy(c->refused_sent, line->target.p, c->refused_sent_n);
    }
    if (h) {
        const char *q = memchr(h->target.p, '?', h->target.n);
        size_t n = q ? (size_t)(q - h->target.p) : h->target.n;
        if (n <= sizeof c->refused_path) {
            memcpy(c->refused_path, h->target.p, n);
            c->refused_path_n = n;
        }
    }
    const char *start = start_keep;
    size_t start_len = sizeof start_keep - 1;
    c->linger = !keep;
    c->refused = status;
    c->phase = CONN_BODY;
    conn_release_body(c);
    h2o_socket_t *sock = c->sock;
    size_t base = start_len + 2;
    size_t pad = c->h2o_saw + 1 > base ? c->h2o_saw + 1 - base : 0;
    sock->input->size = 0;
    h2o_iovec_t room = h2o_buffer_reserve(&sock->input, start_len + pad + 16 + after_n);
    if (!room.base) {
        free(after);
        conn_kill(c);
        return;
    }
    memcpy(room.base, start, start_len);
    size_t n = start_len;
    if (pad) {
        /* "X: xxxx\r\n" of the right length, so the head ends beyond what h2o saw. */
        memcpy(room.base + n, "X: ", 3);
        memset(room.base + n + 3, 'x', pad);
        memcpy(room.base + n + 3 + pad, "\r\n", 2);
        n += 3 + pad + 2;
    }
    memcpy(room.base + n, "\r\n", 2);
    n += 2;
    if (after_n) { /* h2o reads them once the refusal is answered; the guard checks them then */
        memcpy(room.base + n, after, after_n);
        n += after_n;
        free(after);
    }
    sock->input->size = n;
}

/* Looks at the head at the start of the connection's buffer. Returns true
 * when h2o may read what is there (a good head, or a refused one
 * replaced), false while the head is still coming. */
static bool check_head(struct http_conn *c)
{
    if (c->discard_left) {
        /* The rest of a refused body: dropped, unread. */
        size_t n = c->sock->input->size < c->discard_left ? c->sock->input->size : c->discard_left;
        h2o_buffer_consume(&c->sock->input, n);
        c->discard_left -= n;
        if (c->discard_left || !c->sock->input->size)
            return false;
    }
    h2o_buffer_t *in = c->sock->input;
    struct head_info h;
    int status = head_check(in->bytes, in->size, &h);
    if (status == HEAD_INCOMPLETE)
        return false;
    bool head_ok = status == 200;
    if (status == 200)
        status = check_body(c, &h);
    if (status == 200) {
        c->phase = CONN_BODY;
        return true;
    }
    refuse(c, status, head_ok ? &h : NULL, &h);
    return true;
}

/* Interposed on libh2o's function of the same name (see the top of the
 * file). For our connections, h2o's reader goes behind ours. */
void h2o_socket_read_start(h2o_socket_t *sock, h2o_socket_cb cb)
{
    struct http_conn *c = conn_of_socket(sock);
    if (!c || cb == guard_on_read) {
        h2o_read_start(sock, cb);
        return;
    }
    c->h2o_read = cb;
    h2o_read_start(sock, guard_on_read);
    if (c->linger) {
        /* The page of a refused request is written: shut our side, drop
         * what comes, and let the client read it in peace. */
        if (!c->lingering) {
            c->lingering = true;
            c->linger_until = conn_now_ms() + LINGER_MS;
            shutdown(c->fd, SHUT_WR);
        }
        h2o_buffer_consume(&c->sock->input, c->sock->input->size);
        c->phase = CONN_BODY;
        return;
    }
    /* A new request begins (or, after "100 Continue", the body of the
     * current one goes on: its head is checked again, with the same
     * result). h2o parses what is buffered as soon as this returns. */
    conn_release_body(c);
    c->refused = 0;
    c->refused_limit = 0;
    c->refused_why = NULL;
    c->refused_json = false;
    c->phase = CONN_HEAD;
    c->h2o_saw = 0;
    if (c->killed) {
        c->phase = CONN_BODY;
        return;
    }
    if (c->sock->input->size && !check_head(c))
        c->h2o_saw = c->sock->input->size; /* h2o will parse this much and wait for more */
}

static void guard_on_read(h2o_socket_t *sock, const char *err)
{
    struct http_conn *c = sock->on_close.data;
    c->activity_ms = conn_now_ms();
    if (err) {
        c->h2o_read(sock, err);
        return;
    }
    if (c->killed)
        return; /* the shutdown's end of file closes it */
    if (c->lingering) {
        h2o_buffer_consume(&sock->input, sock->input->size);
        if (conn_now_ms() > c->linger_until)
            conn_kill(c);
        return;
    }
    if (c->phase == CONN_HEAD && !check_head(c))
        return;
    c->h2o_read(sock, NULL);
}
