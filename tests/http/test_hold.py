"""test_hold.py - a server that holds when reached directly, without nginx.

What an attacker does to a server on an intranet: requests whose end two
parsers would disagree about, heads that h2o refuses itself, clients that
never read their answers, and more connections than the process has file
descriptors.
"""
import re
import resource
import socket
import struct
import time

from harness import Server, check, test


def status_lines(raw):
    return re.findall(rb"HTTP/1\.1 (\d{3}) ", raw)


def vietnamese_refusal(raw, status, what):
    lines = status_lines(raw)
    check(lines == [str(status).encode()], "%s: expected one %d answer, got %r" % (what, status, raw[:200]))
    head, _, body = raw.partition(b"\r\n\r\n")
    low = head.lower()
    check(b"content-security-policy:" in low and b"x-content-type-options: nosniff" in low,
          "%s: no security headers: %r" % (what, head[:400]))
    check(b"text/html; charset=utf-8" in low, "%s: not an HTML page" % what)
    check("Trang chủ".encode() in body or "trang chủ".encode() in body, "%s: not the site's page" % what)
    # the connection ends after this answer, and the answer says so (RFC 9112 §9.6)
    check(b"\r\nconnection: close" in low and b"keep-alive" not in low, "%s: the head does not say close: %r" %
          (what, head[:400]))


@test
def ambiguous_framing_is_refused_and_the_hidden_request_never_answered():
    smuggled = b"GET /tin-tuc/ HTTP/1.1\r\nHost: x\r\n\r\n"
    cases = [
        ("two Content-Length", b"POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: %d\r\n\r\n"
         % len(smuggled) + smuggled, 400),
        ("Content-Length and chunked", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" % (5 + len(smuggled)) + smuggled, 400),
        ("folded header", b"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n" + smuggled, 400),
        ("bare LF", b"GET / HTTP/1.1\nHost: x\n\n" + smuggled, 400),
        ("bare CR", b"GET / HTTP/1.1\rHost: x\r\n\r\n" + smuggled, 400),
        ("chunked body", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n%x\r\n" % len(smuggled)
         + smuggled + b"\r\n0\r\n\r\n", 411),
        ("unknown coding", b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n" + smuggled, 501),
        ("no Host", b"GET / HTTP/1.1\r\n\r\n" + smuggled, 400),
        ("two Host", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n" + smuggled, 400),
        # a Host that is no host (RFC 9112 §3.2): a space, a path, a port that is no number, bytes outside ASCII
        ("a Host with a space", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n" + smuggled, 400),
        ("a Host with a path", b"GET / HTTP/1.1\r\nHost: x/y?z\r\n\r\n" + smuggled, 400),
        ("a Host whose port is no number", b"GET / HTTP/1.1\r\nHost: evil.com:notaport\r\n\r\n" + smuggled, 400),
        ("a Host of bytes", b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n" + smuggled, 400),
        ("space before colon", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length : 5\r\n\r\n" + smuggled, 400),
        ("malformed request line", b"GET  /  HTTP/1.1 extra\r\nHost: x\r\n\r\n" + smuggled, 400),
        ("not HTTP", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n", 400),
        # a reviewer's: a request in the body of a GET, which a proxy that skips GET bodies reads as the next
        ("a body on GET", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(smuggled) + smuggled, 400),
        ("a body on HEAD", b"HEAD / HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % len(smuggled) + smuggled,
         400),
        # what h2o refused with its own 26 bytes of English
        ("Content-Length with a space after it", b"POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 0 \r\n\r\n"
         + smuggled, 400),
        ("Content-Length of 20 digits", b"POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 00000000000000000000"
         b"\r\n\r\n" + smuggled, 400),
        ("an empty method", b" / HTTP/1.1\r\nHost: x\r\n\r\n" + smuggled, 400),
        ("a method that is no token", b"G(ET / HTTP/1.1\r\nHost: x\r\n\r\n" + smuggled, 400),
        ("two Content-Type", b"POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\nq=a" + smuggled, 400),
    ]
    with Server() as srv:
        for what, data, status in cases:
            raw = srv.raw(data, timeout=5)
            vietnamese_refusal(raw, status, what)
            check(b"Tin t\xe1\xbb\xa9c</h1>" not in raw, "%s: the hidden request was answered" % what)
        # after a good request on the same connection, a bad one pipelined
        raw = srv.raw(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx" + smuggled)
        check(status_lines(raw) == [b"200", b"400"], "pipelined: %r" % status_lines(raw))
        # the hosts a client or a proxy sends are all taken
        for host in (b"ntm.example.gov.vn", b"127.0.0.1:8080", b"[::1]:8080", b"xn--h-tnh-5qa.vn", b"a_b.local:",
                     b""):
            raw = srv.raw(b"GET /robots.txt HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
            check(status_lines(raw) == [b"200"], "Host: %r answered %r" % (host, status_lines(raw)))
        srv.page("/")


@test
def heads_h2o_would_refuse_get_the_same_pages():
    with Server() as srv:
        many = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n"
        vietnamese_refusal(srv.raw(many), 431, "200 headers")
        huge = b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-B%d: %s\r\n" % (i, b"c" * 8000) for i in range(60)) \
            + b"\r\n"
        vietnamese_refusal(srv.raw(huge), 431, "480 KB of headers")
        long_line = b"GET /" + b"a" * 30000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
        vietnamese_refusal(srv.raw(long_line), 414, "a 30 KB request line")
        status, h, body = srv.get("/")
        check(status == 200, "the server still serves: %d" % status)


@test
def a_body_over_the_route_limit_is_refused_before_it_is_read():
    with Server() as srv:
        # a declared body far above the route's limit: 413 at once, no byte sent
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(b"POST /__test/form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 50000000\r\n\r\n")
        t0 = time.monotonic()
        got = s.recv(65536)
        s.close()
        check(status_lines(got)[:1] == [b"413"] and time.monotonic() - t0 < 1.5,
              "a 50 MB declared body: %r" % got[:80])
        # a browser that sends its too-large body anyway still reads the page
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=b"a=" + b"x" * (3 << 20))
        check(status == 413 and "quá lớn" in body.decode() and re.search(r"lớn hơn giới hạn \d+ (MB|KB) của trang này",
                                                                          body.decode()),
              "3 MB sent answered %d without the limit" % status)
        srv.page("/")
        # the body sent after its refusal: a client that said "Connection:
        # close" sees the connection end at once; one that did not keeps it
        for close in (True, False):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
            body = b"a=" + b"x" * (3 << 20)
            s.sendall(b"POST /__test/form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: %d\r\n%s\r\n" % (len(body), b"Connection: close\r\n" if close else b""))
            t0 = time.monotonic()
            try:
                s.sendall(body)
            except OSError:
                pass  # the server may stop reading once it has answered
            got = b""
            while b"</html>" not in got or close:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            took = time.monotonic() - t0
            check(status_lines(got) == [b"413"], "3 MB after its refusal: %r" % got[:80])
            if close:  # (before, it stayed until the request timeout, 2 s here)
                check(took < 1.0, "the connection of a client that said close stayed open %.1f s" % took)
            else:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                more = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    more += chunk
                check(status_lines(more) == [b"200"], "the kept connection's next request: %r" % more[:80])
            s.close()


def tcp_state(sock):
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    return info[0]


@test
def a_client_that_never_reads_is_closed_within_the_request_timeout():
    with Server(timeout="2") as srv:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        s.connect(("127.0.0.1", srv.port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 300)
        t0 = time.monotonic()
        closed_at = None
        while time.monotonic() - t0 < 8:
            if tcp_state(s) != 1:  # no longer ESTABLISHED: the server reset it
                closed_at = time.monotonic() - t0
                break
            time.sleep(0.05)
        s.close()
        check(closed_at is not None, "the connection was still open after 8 s")
        check(closed_at < 2 + 1.0, "closed after %.2f s; the request timeout is 2 s" % closed_at)
        check(closed_at > 1.0, "closed after only %.2f s: a slow reader is not a dead one" % closed_at)
        srv.page("/")


@test
def a_slow_reader_that_keeps_reading_is_served_to_the_end():
    with Server(timeout="1") as srv:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
        s.connect(("127.0.0.1", srv.port))
        n = 60
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * (n - 1) + b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        t0 = time.monotonic()
        while True:
            chunk = s.recv(16384)
            if not chunk:
                break
            data += chunk
            time.sleep(0.02)  # about 0.8 MB/s: the whole answer takes longer than the timeout
        s.close()
        took = time.monotonic() - t0
        check(len(status_lines(data)) == n, "got %d answers of %d in %.1f s" % (len(status_lines(data)), n, took))
        check(took > 1.5, "the test did not read slowly enough (%.1f s)" % took)


@test
def a_refused_upload_keeps_the_newsroom_around_the_editor():
    """A reviewer's: a file over the library's limit got the public site's
    413 page, whose only ways on were the home page and its search, so the
    editor left the newsroom. The page of a refused request is the one of
    the part of the site it was for."""
    with Server() as srv:
        for path, mark in (("/quan-tri/thu-vien/tai-len", "Về trang quản trị"), ("/tim-kiem", "Tìm trên trang")):
            raw = srv.raw(b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                          b"Content-Length: 50000000\r\nConnection: close\r\n\r\n" % path.encode(), timeout=5)
            check(status_lines(raw)[:1] == [b"413"] and mark.encode() in raw,
                  "%s: %r" % (path, raw.split(b"\r\n")[0]))
        srv.page("/")


def limit_fds(n):
    def apply():
        resource.setrlimit(resource.RLIMIT_NOFILE, (n, n))
    return apply


@test
def descriptor_exhaustion_is_logged_once_and_the_server_recovers():
    with Server(timeout="30", preexec_fn=limit_fds(300)) as srv:
        attackers = []
        for _ in range(320):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.setblocking(False)
            try:
                s.connect(("127.0.0.1", srv.port))
            except BlockingIOError:
                pass
            attackers.append(s)
        time.sleep(0.3)
        for s in attackers:
            try:
                s.send(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" * 20)
            except OSError:
                pass
        time.sleep(1.0)
        # the server does not spin: its CPU time over two seconds is small
        def cpu():
            with open("/proc/%d/stat" % srv.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / 100.0
        # The 6,000 requests already sent are answered first (under the
        # sanitizers, on a busy machine, that can take seconds); then, while
        # the attackers hold every descriptor, a second must pass with the
        # server nearly idle. A spinning accept loop never gets there.
        deadline = time.monotonic() + 10
        while True:
            c0 = cpu()
            time.sleep(1.0)
            used = cpu() - c0
            if used < 0.3 or time.monotonic() > deadline:
                break
        check(used < 0.3, "the server used %.2f s of CPU a second while out of descriptors" % used)
        log = srv.drain_log(0.2)
        check(log.count("no file descriptor left") == 1, "logged %d times: %s" % (
            log.count("no file descriptor left"), log[-800:]))
        for s in attackers:
            s.close()
        t0 = time.monotonic()
        served = False
        while time.monotonic() - t0 < 5:
            try:
                status, h, body = srv.request("GET", "/", timeout=2)
                if status == 200:
                    served = True
                    break
            except OSError:
                pass
            time.sleep(0.2)
        check(served, "not served within 5 s of the attackers leaving")
        check(time.monotonic() - t0 < 3, "served only after %.1f s" % (time.monotonic() - t0))
