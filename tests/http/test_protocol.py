"""test_protocol.py - HTTP behaviour: limits, bad input, caching headers,
static files, keep-alive, time-outs, the clean stop."""
import gzip
import os
import re
import socket
import threading
import time

from harness import STATIC, Server, check, gunzip, test

SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
}


def secure(h, what):
    for k, v in SECURITY.items():
        check(h.get(k) == v, "%s: %s is %r" % (what, k, h.get(k)))
    csp = h.get("content-security-policy", "")
    check("default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp,
          "%s: CSP %r" % (what, csp))
    check("server" not in h, "%s: Server header %r" % (what, h.get("server")))


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


@test
def bad_paths_get_400():
    with Server() as srv:
        for path in ("/tin-tuc/%00/", "/%00", "/abc%C3%28", "/%ff%fe", "/a%2fb", "/static/%2e%2e/%2e%2e/etc/passwd",
                     "/static/css%2fsite.css", "/static/x%00.css", "/tin-tuc/%2e%2e/", "/a%1b[31m", "/%E0%80%80",
                     "/%ED%A0%80", "/bad%zz", "/bad%4"):
            status, h, body = srv.get(path)
            check(status == 400, "%s answered %d" % (path, status))
            page = body.decode("utf-8")
            check("Yêu cầu không hợp lệ" in page, "%s: not the Vietnamese 400 page" % path)
            secure(h, path)
        for query in ("?q=%00", "?q=%C3%28", "?trang=%ff", "?q=%1f"):
            status, h, body = srv.get("/tin-tuc/" + query)
            check(status == 400, "query %s answered %d" % (query, status))
        # a raw dot-dot that is not encoded
        raw = srv.raw(b"GET /static/../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        check(status_of(raw) in (400, 404) and b"root:" not in raw, "raw ../ answered %r" % raw[:80])


@test
def limits_get_their_status():
    with Server() as srv:
        status, h, body = srv.get("/" + "a" * 3000)
        check(status == 414 and "Địa chỉ quá dài" in body.decode(), "long URL answered %d" % status)
        status, h, body = srv.get("/?" + "q=" + "x" * 5000)
        check(status == 414, "long query answered %d" % status)
        many = {"X-H%d" % i: "v" for i in range(80)}
        status, h, body = srv.get("/", many)
        check(status == 431 and "Thông tin yêu cầu quá lớn" in body.decode(), "80 headers answered %d" % status)
        status, h, body = srv.get("/", {"Cookie": "a=" + "b" * 9000})
        check(status == 431, "a 9 KB header answered %d" % status)
        big = {"X-B%d" % i: "c" * 4000 for i in range(5)}
        status, h, body = srv.get("/", big)
        check(status == 431, "20 KB of headers answered %d" % status)
        status, h, body = srv.request("POST", "/__test/slow?ms=1", body=b"x" * (2 << 20))
        check(status == 413 and "quá lớn" in body.decode(), "2 MB body answered %d" % status)
        status, h, body = srv.request("PUT", "/")
        check(status == 405 and h.get("allow") == "GET, HEAD, OPTIONS", "PUT answered %d %s" % (status, h.get("allow")))
        status, h, body = srv.request("POST", "/")
        check(status == 405, "POST / answered %d" % status)
        raw = srv.raw(b"GARBAGE\r\n\r\n")
        check(status_of(raw) == 400, "garbage answered %r" % raw[:60])
        raw = srv.raw(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
        check(status_of(raw) == 400, "bad Content-Length answered %r" % raw[:60])
        # a declared body far beyond every limit: refused before it is read
        raw = srv.raw(b"POST /__test/slow?ms=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
        check(status_of(raw) == 413, "1 GB declared body answered %r" % raw[:60])
        srv.page("/")  # still serving


@test
def security_headers_everywhere():
    with Server() as srv:
        url_status = [("/", 200), ("/khong-co", 404), ("/%00", 400), ("/tin-tuc/tin-hoat-dong", 301)]
        for path, expect in url_status:
            status, h, body = srv.get(path)
            secure(h, "%s (%d)" % (path, status))
        status, h, body = srv.get("/")
        status, h2, body = srv.get("/", {"If-None-Match": h["etag"]})
        check(status == 304, "conditional GET answered %d" % status)
        secure(h2, "304")
        css = [f for f in os.listdir(os.path.join(STATIC, "css")) if re.match(r"site\.[0-9a-f]{8}\.css$", f)][0]
        status, h, body = srv.get("/static/css/" + css)
        secure(h, "static file")
        status, h, body = srv.get("/static/khong-co.css")
        check(status == 404 and "Không tìm thấy trang" in body.decode(), "missing static file: %d" % status)
        secure(h, "static 404")


@test
def etag_head_and_gzip():
    with Server() as srv:
        status, h, body = srv.get("/")
        check(status == 200 and h.get("etag", "").startswith('"'), "no ETag")
        check(int(h["content-length"]) == len(body), "Content-Length differs from the body")
        check(h["content-type"] == "text/html; charset=utf-8", "content type %r" % h["content-type"])
        status, hh, hbody = srv.request("HEAD", "/")
        check(status == 200 and hbody == b"" and hh["content-length"] == h["content-length"], "HEAD: %s" % hh)
        status, hz, zbody = srv.get("/", {"Accept-Encoding": "gzip, deflate, br"})
        check(hz.get("content-encoding") == "gzip" and "Accept-Encoding" in hz.get("vary", ""), "gzip: %s" % hz)
        check(int(hz["content-length"]) == len(zbody) and len(zbody) < len(body) / 2, "gzip size")
        check(gunzip(zbody) == body, "gzip body differs from the plain one")
        check(hz["etag"] != h["etag"], "gzip and plain share an ETag")
        status, hq, qbody = srv.get("/", {"Accept-Encoding": "gzip;q=0, identity"})
        check("content-encoding" not in hq, "gzip;q=0 still compressed")
        status, h304, b304 = srv.get("/", {"If-None-Match": h["etag"]})
        check(status == 304 and b304 == b"", "If-None-Match: %d" % status)
        status, h200, b200 = srv.get("/", {"If-None-Match": '"nope"'})
        check(status == 200, "a stale ETag answered %d" % status)


@test
def static_files():
    with Server() as srv:
        css = [f for f in os.listdir(os.path.join(STATIC, "css")) if re.match(r"site\.[0-9a-f]{8}\.css$", f)][0]
        status, h, body = srv.get("/static/css/" + css)
        check(status == 200 and h["content-type"].startswith("text/css"), "css: %d %s" % (status, h.get("content-type")))
        check("max-age=31536000" in h.get("cache-control", ""), "fingerprinted file not cached for a year")
        check("etag" in h and "last-modified" in h, "no validators on static files")
        status, h2, body2 = srv.get("/static/css/" + css, {"If-None-Match": h["etag"]})
        check(status == 304, "static 304: %d" % status)
        status, h3, body3 = srv.get("/static/css/" + css, {"Accept-Encoding": "gzip"})
        check(h3.get("content-encoding") == "gzip" and gunzip(body3) == body, "precompressed css")
        status, h4, body4 = srv.get("/static/css/site.css")
        check(status == 200 and "max-age=3600" in h4.get("cache-control", ""), "plain name: %s" % h4.get("cache-control"))
        status, h5, body5 = srv.get("/static/img/favicon.svg")
        check(h5.get("content-type", "").startswith("image/svg+xml"), "svg type %r" % h5.get("content-type"))
        status, h6, body6 = srv.request("POST", "/static/css/site.css")
        check(status == 405, "POST to a static file: %d" % status)


@test
def keep_alive_and_pipelining():
    with Server() as srv:
        req = b"GET /static/css/site.css HTTP/1.1\r\nHost: x\r\n\r\n"
        raw = srv.raw(req * 2 + b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
        check(raw.count(b"HTTP/1.1 200 OK") == 3, "3 pipelined requests got %d answers" % raw.count(b"HTTP/1.1 200"))


@test
def slow_client_is_cut_at_the_deadline():
    with Server(timeout="1") as srv:
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=10)
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        t0 = time.monotonic()
        data = s.recv(1024)  # blocks until the server gives up and closes
        elapsed = time.monotonic() - t0
        s.close()
        check(data == b"" or b"HTTP/1.1" in data, "unexpected answer %r" % data[:80])
        check(elapsed < 5, "an unfinished request was held %.1f s (deadline 1 s)" % elapsed)
        srv.page("/")


@test
def stop_finishes_requests_in_flight():
    srv = Server()
    result = {}

    def slow():
        result["answer"] = srv.request("POST", "/__test/slow?ms=700", timeout=20)

    t = threading.Thread(target=slow)
    t.start()
    # wait until the request is in flight (held by a worker thread)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and srv.hook("GET", "/__test/cache")["deferred"] < 1:
        pass
    srv.proc.send_signal(15)
    t.join(30)
    text = srv.stop()
    status, h, body = result.get("answer", (None, None, b""))
    check(status == 200 and b'"slept": 700' in body, "the request in flight was lost: %r" % (result,))
    check("stopped" in text, "no clean stop in the log")


@test
def forwarded_for_only_from_trusted_proxy():
    with Server(args=["--access-log"]) as srv:
        srv.get("/", {"X-Forwarded-For": "203.0.113.9"})
        m = srv.wait_log(r'(\S+) "GET /"')
        check(m and m.group(1) == "127.0.0.1", "untrusted XFF believed: %s" % srv.log[-500:])
    with Server(args=["--access-log", "--trusted-proxy", "127.0.0.1"]) as srv:
        srv.get("/", {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"})
        m = srv.wait_log(r'(\S+) "GET /"')
        check(m and m.group(1) == "203.0.113.9", "trusted proxy's address not used: %s" % srv.log[-500:])
