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
        # with a body: the head check decodes the path to find the route's limit (its memory was
        # never given back when a thread ended: the sanitizer spoke when the server stopped)
        for path in ("/a%00b", "/a%zzb", "/a%ffb"):
            status, h, body = srv.request("POST", path, {"Content-Type": "application/x-www-form-urlencoded"},
                                          body=b"hello")
            check(status == 400 and "Yêu cầu không hợp lệ" in body.decode(), "POST %s answered %d" % (path, status))
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
        check(status == 413 and "quá lớn" in body.decode() and "lớn hơn giới hạn" in body.decode(),
              "2 MB body answered %d" % status)
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
        # a refused body that came whole, with the next request behind it in the
        # same write: both are answered, in order (the connection was kept)
        raw = srv.raw(b"POST /tim-kiem HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + b"q" * 70000 +
                      b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=5)
        answers = re.findall(rb"HTTP/1\.1 (\d{3})", raw)
        check(answers == [b"413", b"200"] and b"User-agent" in raw, "a pipeline after a refused body: %r" % answers)
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
        # a page drawn for each request (the statistics' live figures) has no validator that could ever match:
        # no ETag at all, rather than a new one each time
        for _ in range(2):
            status, hs, _ = srv.get("/thong-ke/")
            check(status == 200 and "etag" not in hs and hs.get("cache-control") == "no-cache",
                  "the statistics page's validators: %r" % {k: hs.get(k) for k in ("etag", "cache-control")})


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
        check(status == 405 and h6.get("allow") == "GET, HEAD, OPTIONS", "POST to a static file: %d %r" %
              (status, h6.get("allow")))
        status, h7, body7 = srv.request("OPTIONS", "/static/css/site.css")
        check(status == 204 and h7.get("allow") == "GET, HEAD, OPTIONS" and body7 == b"",
              "OPTIONS on a static file: %d %r" % (status, h7.get("allow")))
        # the build's mark and any other dot-file in the folder are not files of the site
        check(os.path.exists(os.path.join(STATIC, ".stamp")), "the build left no .stamp to try")
        for hidden in ("/static/.stamp", "/static/css/.stamp", "/static/%2Estamp"):
            status, _, _ = srv.get(hidden)
            check(status == 404, "%s answered %d" % (hidden, status))


@test
def static_ranges_follow_the_rfc():
    """A download manager resuming a file gets its bytes; a Range the server
    need not honour (another unit, a list, HEAD, If-Range) gets the whole
    file, never h2o's English 416; a range past the end gets the
    Vietnamese 416 with the file's length."""
    with Server() as srv:
        css = [f for f in os.listdir(os.path.join(STATIC, "css")) if re.match(r"site\.[0-9a-f]{8}\.css$", f)][0]
        url = "/static/css/" + css
        status, h, whole = srv.get(url)
        size = len(whole)
        check(status == 200 and size > 100, "the file: %d, %d bytes" % (status, size))
        for rng, part in (("bytes=0-9", whole[:10]), ("bytes=-5", whole[-5:]), ("bytes=10-", whole[10:]),
                          ("Bytes=3-4", whole[3:5]), ("bytes=%d-%d" % (size - 1, size * 9), whole[-1:])):
            for enc in ({}, {"Accept-Encoding": "gzip"}):
                status, h, body = srv.get(url, dict(enc, Range=rng))
                check(status == 206 and body == part and "content-encoding" not in h,
                      "%s %r: %d, %d bytes, %r" % (rng, enc, status, len(body), h.get("content-encoding")))
        for rng in ("items=0-9", "bytes=abc", "bytes=9-0", "bytes=0-1,5-6", "bytes=0-99999999999999999999",
                    "bytes= 0-9"):
            status, h, body = srv.get(url, {"Range": rng})
            check(status == 200 and body == whole, "%s: %d, %d bytes" % (rng, status, len(body)))
        status, h, body = srv.get(url, {"Range": "bytes=0-9", "If-Range": '"not-this-one"'})
        check(status == 200 and body == whole, "Range under an If-Range: %d, %d bytes" % (status, len(body)))
        # an If-Range that names the file as it is: the range (a download resumed)
        _, h, _ = srv.get(url)
        for same in (h["etag"], h["last-modified"]):
            status, _, body = srv.get(url, {"Range": "bytes=0-9", "If-Range": same})
            check(status == 206 and body == whole[:10], "Range under the file's own If-Range %s: %d" % (same, status))
        for other in ("W/" + h["etag"], "Mon, 01 Jan 1990 00:00:00 GMT"):
            status, _, body = srv.get(url, {"Range": "bytes=0-9", "If-Range": other})
            check(status == 200 and body == whole, "Range under If-Range %s: %d" % (other, status))
        # two Range headers: the whole file, not h2o's English 416
        for second in ("x", "bytes=5-1", "bytes=0-1"):
            raw = srv.raw(("GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=0-10\r\nRange: %s\r\n"
                           "Connection: close\r\n\r\n" % (url, second)).encode())
            check(raw.startswith(b"HTTP/1.1 200") and b"text/plain" not in raw.split(b"\r\n\r\n")[0],
                  "two Range headers (%s): %r" % (second, raw[:120]))
        status, h, body = srv.request("HEAD", url, headers={"Range": "bytes=0-9"})
        check(status == 200, "HEAD with a Range: %d" % status)
        for rng in ("bytes=%d-" % size, "bytes=-0"):
            status, h, body = srv.get(url, {"Range": rng})
            page = body.decode("utf-8")
            check(status == 416 and h.get("content-range") == "bytes */%d" % size and "Đoạn dữ liệu" in page,
                  "%s: %d %r %r" % (rng, status, h.get("content-range"), page[:80]))
            secure(h, "416")
        srv.page("/")


@test
def a_weight_that_is_no_qvalue_gets_no_gzip():
    with Server() as srv:
        for ae, gz in (("gzip;q=-1", False), ("gzip;q=2", False), ("gzip;q=0", False), ("gzip;q=0.5", True),
                       ("gzip", True)):
            status, h, body = srv.get("/", {"Accept-Encoding": ae})
            check(status == 200 and (h.get("content-encoding") == "gzip") == gz,
                  "%s: %d %r" % (ae, status, h.get("content-encoding")))
            if not gz:
                check("Trang chủ".encode() in body or b"<html" in body, "%s: the page is not plain HTML" % ae)


@test
def too_many_query_parameters_are_named_as_such():
    """A share link grown past the parameter limit is refused with a
    sentence that says so, not one about forbidden characters; the JSON
    API says the same under "loi"."""
    with Server() as srv:
        many = "&".join("utm_x%d=1" % i for i in range(70))
        for path in ("/tin-tuc/?" + many, "/?" + "trang=2&" * 200):
            status, h, body = srv.get(path)
            page = body.decode()
            check(status == 400 and "quá nhiều tham số" in page and "ký tự không được phép" not in page,
                  "%s…: %d %r" % (path[:30], status, re.sub(r"<[^>]+>", " ", page)[:200]))
        status, h, body = srv.get("/api/v1/ntm/tong-hop?" + many)
        check(status == 400 and "quá nhiều tham số" in body.decode(), "the API: %d %r" % (status, body[:200]))
        status, h, body = srv.get("/tin-tuc/?a=%zz")
        check(status == 400 and "quá nhiều tham số" not in body.decode(), "a broken escape is no parameter count")
        check(srv.get("/tin-tuc/?" + "&".join("x%d=1" % i for i in range(20)))[0] == 200, "20 parameters refused")


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
def a_form_route_run_on_a_worker_answers_as_one_run_on_the_loop():
    """/__test/worker is flagged ROUTE_WORKER: its form is parsed and its
    handler runs on a worker thread, from a copy of the request."""
    import json
    from urllib.parse import urlencode
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    with Server() as srv:
        body = urlencode({"ho_ten": "Nguyễn Văn Ánh", "ghi_chu": "dòng 1\r\ndòng 2"}).encode()
        status, h, out = srv.request("POST", "/__test/worker", dict(form, **{"X-Probe": "xa-cam-binh 42"}), body)
        check(status == 200, "answered %d: %r" % (status, out[:300]))
        got = json.loads(out)
        check(got["probe"] == "xa-cam-binh 42", "the header did not reach the worker: %r" % got)
        check([(f["name"], f["value"]) for f in got["fields"]] ==
              [("ho_ten", "Nguyễn Văn Ánh"), ("ghi_chu", "dòng 1\ndòng 2")], "fields: %r" % got["fields"])
        secure(h, "an answer made on a worker")
        # multipart, with a file
        b = b"----b7"
        mp = (b"--" + b + b"\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nxin ch\xc3\xa0o\r\n--" + b +
              b"\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n12345\r\n--" + b +
              b"--\r\n")
        status, h, out = srv.request("POST", "/__test/worker",
                                     {"Content-Type": "multipart/form-data; boundary=" + b.decode()}, mp)
        got = json.loads(out)
        check(status == 200 and got["fields"][0]["value"] == "xin chào" and got["files"][0]["bytes"] == 5,
              "multipart on a worker: %d %r" % (status, got))
        # a broken form gets the Vietnamese error page, made on the worker
        status, h, out = srv.request("POST", "/__test/worker", form, b"a=%zz")
        check(status == 400 and "text/html" in h.get("content-type", "") and "Yêu cầu không hợp lệ" in out.decode(),
              "a broken form on a worker: %d %r" % (status, out[:300]))
        # a body over the route's limit is refused on the loop, before any copy
        status, h, out = srv.request("POST", "/__test/worker", form, b"a=" + b"x" * 70000)
        check(status == 413, "a body over the limit answered %d" % status)
        # a redirect with a cookie, and the Location percent-encoded
        status, h, out = srv.request("POST", "/__test/worker?redirect=1", form, b"a=1")
        check(status == 303 and h.get("location") == "/tim-kiem?q=n%C3%B4ng%20th%C3%B4n" and
              "thu=1" in h.get("set-cookie", ""), "redirect from a worker: %d %r" % (status, h))
        # the handler's own deferred work runs on the same worker, then its finish
        status, h, out = srv.request("POST", "/__test/worker?defer=30", form, b"a=1")
        check(status == 200 and json.loads(out) == {"slept": 30}, "deferred from a worker: %d %r" % (status, out))


@test
def pages_are_answered_while_a_form_is_checked_on_a_worker():
    """One event loop: while a form's check takes 1.5 s on a worker, the
    loop still answers the home page."""
    with Server(threads=1) as srv:
        done = {}

        def post():
            done["post"] = srv.request("POST", "/__test/worker?ms=1500",
                                       {"Content-Type": "application/x-www-form-urlencoded"}, b"a=1", timeout=20)
            done["post_at"] = time.monotonic()

        t = threading.Thread(target=post)
        t.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and srv.hook("GET", "/__test/cache")["deferred"] < 1:
            time.sleep(0.01)
        status, _, _ = srv.request("GET", "/")
        page_at = time.monotonic()
        t.join(30)
        check(status == 200, "the home page answered %d" % status)
        check(done.get("post", (None,))[0] == 200, "the form answered %r" % (done.get("post"),))
        check(page_at < done["post_at"], "the page waited for the form's check to end")


@test
def a_client_that_leaves_while_its_form_is_on_a_worker_costs_nothing():
    with Server(threads=1) as srv:
        for q in ("ms=300", "ms=100&defer=200", "ms=200&redirect=1"):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
            s.sendall(b"POST /__test/worker?" + q.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nten=abcde")
            time.sleep(0.05)
            s.close()
        # the jobs (0.8 s of work, one after another when a worker is slow
        # to start) come back to a loop whose requests are gone; each must be
        # counted back in, however long a loaded machine takes to run them
        deadline = time.monotonic() + 15
        out = srv.hook("GET", "/__test/cache")["deferred"]
        while out and time.monotonic() < deadline:
            time.sleep(0.05)
            out = srv.hook("GET", "/__test/cache")["deferred"]
        check(out == 0, "%d jobs still out after 15 s" % out)
        srv.page("/")


@test
def a_flood_of_forms_for_the_workers_is_refused_with_503_not_queued_without_end():
    """While both workers are busy, forms beyond the queue's 256 get 503 at
    once (Retry-After, the Vietnamese page); the rest are answered after."""
    with Server(threads=1) as srv:
        busy = [threading.Thread(target=srv.request, args=("POST", "/__test/slow?ms=2500"), kwargs={"timeout": 30})
                for _ in range(2)]
        for t in busy:
            t.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and srv.hook("GET", "/__test/cache")["deferred"] < 2:
            time.sleep(0.01)
        body = b"ten=abc"
        head = (b"POST /__test/worker HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        socks = []
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", srv.port), timeout=20)
            s.sendall(head + body)
            socks.append(s)
        statuses, refused = [], None
        for s in socks:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            statuses.append(status_of(data))
            if status_of(data) == 503 and refused is None:
                refused = data
            s.close()
        for t in busy:
            t.join(30)
        check(statuses.count(200) >= 250 and statuses.count(503) >= 40 and
              set(statuses) <= {200, 503}, "statuses: %r" % {x: statuses.count(x) for x in set(statuses)})
        check(refused and b"retry-after: 5" in refused.lower(), "a 503 without Retry-After: %r" % (refused or b"")[:300])
        check(srv.hook("GET", "/__test/cache")["deferred"] == 0, "jobs still out")
        srv.page("/")


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


@test
def the_access_log_names_what_a_refused_request_asked_for():
    """A request the head check refuses is answered as a stand-in: the log
    line still says what was sent, for whoever reads the log for attacks."""
    with Server(args=["--access-log"]) as srv:
        srv.raw(b"POST /y-kien/319?x=1 HTTP/1.1\r\nHost: dinh\r\nContent-Length: 600000\r\n"
                b"Connection: close\r\n\r\n")
        m = srv.wait_log(r'127\.0\.0\.1 "(\S+) (\S+)" 413')
        check(m and m.groups() == ("POST", "/y-kien/319"), "a 413 logged as %r" % (m and m.groups(),))
        srv.raw(b"PUT /danh-gia/320 HTTP/1.1\r\nHost: dinh\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n")
        m = srv.wait_log(r'127\.0\.0\.1 "(\S+) (\S+)" 501')
        check(m and m.groups() == ("PUT", "/danh-gia/320"), "a 501 logged as %r" % (m and m.groups(),))
        srv.raw(b"GET /a b c HTTP/1.1\r\nHost: dinh\r\n\r\n")
        m = srv.wait_log(r'127\.0\.0\.1 "(\S+) (\S+)" 400')
        check(m and m.groups() == ("-", "-"), "a malformed request line logged as %r" % (m and m.groups(),))
