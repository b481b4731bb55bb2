"""test_writes.py - the foundation writers build on: one error rule, no
table that drops its overflow silently, forms read by the server, the
database file checked, backups that hold every acknowledged write.
"""
import datetime
import email.utils
import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.parse

from harness import DINH, ROOT, WORK, Server, check, demo_db, fresh_db, run, test


def cache_stats(srv):
    return srv.hook("GET", "/__test/cache")


def is_500_page(status, h, body, what):
    check(status == 500, "%s answered %d" % (what, status))
    check("Lỗi hệ thống" in body.decode(), "%s: not the Vietnamese 500 page" % what)
    check(h.get("cache-control") == "no-store", "%s: a 500 page must not be kept: %s" % (what, h.get("cache-control")))


@test
def a_broken_database_under_a_running_server_gives_500_never_cached():
    with Server() as srv:
        srv.page("/tim-kiem?q=nong+thon")
        srv.page("/van-ban/")
        srv.hook("POST", "/__test/cache-clear")
        db = sqlite3.connect(srv.db)
        db.execute("DROP INDEX article_live")
        db.commit()
        for _ in range(2):
            status, h, body = srv.get("/tim-kiem?q=nong+thon+moi")
            is_500_page(status, h, body, "search without its index")
        check(cache_stats(srv)["entries"] == 0, "a failed page entered the cache: %s" % cache_stats(srv))
        log = srv.drain_log(0.3)
        lines = [l for l in log.splitlines() if "database:" in l]
        check(len(lines) == 2, "one line per failed request expected, got %d: %s" % (len(lines), lines))
        check("no such index: article_live" in lines[0] and "SELECT" in lines[0],
              "the log names neither the statement nor SQLite's message: %s" % lines[0])
        db.execute("CREATE INDEX article_live ON article(id, status, published_at)")
        db.commit()
        status, h, body = srv.get("/tim-kiem?q=nong+thon+moi")
        check(status == 200, "search after the repair: %d" % status)

        # a table the register reads, gone and back
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'doc_field'").fetchone()[0]
        db.execute("CREATE TABLE doc_field_saved AS SELECT * FROM doc_field")
        db.execute("DROP TABLE doc_field")
        db.commit()
        status, h, body = srv.get("/van-ban/?nam=2025")
        is_500_page(status, h, body, "the register without a catalogue")
        db.execute(sql)
        db.execute("INSERT INTO doc_field SELECT * FROM doc_field_saved")
        db.execute("DROP TABLE doc_field_saved")
        db.commit()
        status, h, body = srv.get("/van-ban/?nam=2025")
        check(status == 200, "the register after repair: %d" % status)
        db.close()
        srv.page("/")


@test
def a_write_that_fails_changes_nothing_and_answers_500():
    with Server() as srv:
        db = sqlite3.connect(srv.db)
        db.execute("CREATE TRIGGER no_articles BEFORE INSERT ON article BEGIN SELECT RAISE(ABORT, 'refused'); END")
        db.commit()
        before = db.execute("SELECT count(*) FROM article").fetchone()[0]
        status, h, body = srv.request("POST", "/__test/publish?chuyen-muc=1")
        is_500_page(status, h, body, "a write the database refuses")
        check(db.execute("SELECT count(*) FROM article").fetchone()[0] == before, "half a write was kept")
        db.execute("DROP TRIGGER no_articles")
        db.commit()
        db.close()
        srv.hook("POST", "/__test/publish?chuyen-muc=1")


@test
def an_article_with_many_pictures_is_still_invalidated_by_its_edit():
    figures = "\n\n".join("[[anh:%d|Ảnh số %d]]" % (i, i) for i in range(1, 36))
    body = "Đoạn mở đầu.\n\n" + figures + "\n\nĐoạn cuối."
    with Server() as srv:
        form = urllib.parse.urlencode({"chuyen-muc": "1", "tieu-de": "Bài có ba mươi lăm ảnh", "noi-dung": body})
        status, h, answer = srv.request("POST", "/__test/publish",
                                        {"Content-Type": "application/x-www-form-urlencoded"}, body=form.encode())
        check(status == 200, "publishing from a form answered %d: %r" % (status, answer[:200]))
        made = json.loads(answer)
        art = made["article"]
        status, h, page = srv.request("GET", "/in/%d.html" % art)
        check(status == 200 and page.decode().count("<figure") >= 35, "35 figures are not all shown")
        # Cached by the next view (or the one after: the scheduler's tick, which
        # finds the article just published and drops its pages, may fall
        # during a render, and a page drawn across an invalidation is not kept).
        for _ in range(3):
            s0 = cache_stats(srv)
            srv.page("/in/%d.html" % art)
            if cache_stats(srv)["hits"] == s0["hits"] + 1:
                break
        check(cache_stats(srv)["hits"] == s0["hits"] + 1, "the page was not cached")
        srv.hook("POST", "/__test/article?id=%d&tieu-de=%s" % (art, urllib.parse.quote("Tiêu đề đã sửa")))
        page = srv.page("/in/%d.html" % art)
        check("Tiêu đề đã sửa" in page, "the edited article is still shown with its old title from the cache")


@test
def forms_are_read_by_the_server_within_their_route_limits():
    with Server() as srv:
        form = "ten=Nguy%E1%BB%85n+V%C4%83n+A&noi-dung=" + urllib.parse.quote("Dòng một\r\nDòng hai") + "&chon=1&chon=2"
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=form.encode())
        check(status == 200, "urlencoded form answered %d" % status)
        got = json.loads(body)
        names = [f["name"] for f in got["fields"]]
        check(names == ["ten", "noi-dung", "chon", "chon"], "fields: %r" % names)
        check(got["fields"][0]["value"] == "Nguyễn Văn A", "value: %r" % got["fields"][0]["value"])
        check(got["fields"][1]["value"] == "Dòng một\nDòng hai", "CRLF kept: %r" % got["fields"][1]["value"])

        # an article's worth of text (500,000 characters) is an ordinary form value
        long_text = ("Nông thôn mới " * 40000)[:500000]
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=("noi-dung=" + urllib.parse.quote(long_text)).encode())
        check(status == 200 and json.loads(body)["fields"][0]["bytes"] == len(long_text.encode()),
              "a 500,000-character value answered %d" % status)

        boundary = "----dinhtest7MA4YWxkTrZu0gW"
        png = b"\x89PNG\r\n\x1a\n" + b"\r\n--" + boundary.encode()[:-1] + b"\x00" * 100
        parts = (
            "--%s\r\nContent-Disposition: form-data; name=\"tieu-de\"\r\n\r\nẢnh đẹp\r\n" % boundary
        ).encode() + (
            "--%s\r\nContent-Disposition: form-data; name=\"anh\"; filename=\"C:\\\\Ảnh\\\\đồng lúa.png\"\r\n"
            "Content-Type: image/png\r\n\r\n" % boundary
        ).encode() + png + ("\r\n--%s--\r\n" % boundary).encode()
        status, h, body = srv.request("POST", "/__test/form",
                                      {"Content-Type": "multipart/form-data; boundary=%s" % boundary}, body=parts)
        check(status == 200, "multipart answered %d: %r" % (status, body[:200]))
        got = json.loads(body)
        check(got["fields"][0]["value"] == "Ảnh đẹp", "text part: %r" % got["fields"])
        check(got["files"] == [{"field": "anh", "name": "đồng lúa.png", "type": "image/png", "bytes": len(png)}],
              "file part: %r" % got["files"])

        # what the route refuses
        many = "&".join("f%d=x" % i for i in range(61))
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=many.encode())
        check(status == 413 and "quá lớn" in body.decode(), "61 fields answered %d" % status)
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/json"}, body=b"{}")
        check(status == 415, "JSON to a form route answered %d" % status)
        status, h, body = srv.request("POST", "/__test/form",
                                      {"Content-Type": "multipart/form-data; boundary=%s" % boundary},
                                      body=parts[:-10])
        check(status == 400, "a cut multipart body answered %d" % status)
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=b"a=%zz")
        check(status == 400, "a broken escape answered %d" % status)


@test
def bodies_in_flight_share_one_budget():
    import socket
    with Server(args=["--body-budget-mb", "1"]) as srv:
        first = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        first.sendall(b"POST /__test/form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      b"Content-Length: 800000\r\n\r\na=" + b"x" * 1000)
        time.sleep(0.3)
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=b"a=" + b"y" * 600000)
        check(status == 503 and h.get("retry-after") and "bận" in body.decode(),
              "a second large body while the budget is held answered %d" % status)
        first.sendall(b"x" * (800000 - 1002))
        answer = b""
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            chunk = first.recv(65536)
            if not chunk:
                break
            answer += chunk
        first.close()
        check(answer.startswith(b"HTTP/1.1 200"), "the first body answered %r" % answer[:60])
        status, h, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=b"a=" + b"y" * 600000)
        check(status == 200, "the budget was not given back: %d" % status)


@test
def large_bodies_announced_and_never_sent_leave_room_for_everyone_else():
    """Clients that announce uploads and send nothing hold budget: one
    address may hold a quarter of it, uploads together three quarters, so a
    login or a comment is never answered 503 because of them."""
    import socket
    def announce(source="127.0.0.1"):
        c = socket.socket()
        c.bind((source, 0))
        c.settimeout(0.4)
        c.connect(("127.0.0.1", srv.port))
        c.sendall(b"POST /quan-tri/thu-vien/tai-len HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 20971520\r\n\r\n")
        try:
            return c, c.recv(200)
        except socket.timeout:
            return c, b""
    with Server(args=["--body-budget-mb", "128"]) as srv:
        held = [announce() for _ in range(12)]
        waiting = [c for c, answer in held if not answer]
        refused = [answer for c, answer in held if answer]
        # 20 MiB each: one address holds at most a quarter of 128 MiB
        check(len(waiting) == 1 and all(a.startswith(b"HTTP/1.1 503") for a in refused),
              "%d uploads held from one address, answers %r" % (len(waiting), refused[:2]))
        status, _, body = srv.request("POST", "/__test/form", {"Content-Type": "application/x-www-form-urlencoded"},
                                      body=b"a=" + b"y" * 600000)
        check(status == 200, "a form while uploads are announced answered %d" % status)
        # another address still has its own room
        other, answer = announce("127.0.0.2")
        check(answer == b"", "an upload from another address was refused: %r" % answer[:40])
        for c, _ in held + [(other, b"")]:
            c.close()
        time.sleep(0.3)
        fresh, answer = announce()
        check(answer == b"", "the budget was not given back when the clients left: %r" % answer[:40])
        fresh.close()


@test
def api_errors_are_json_and_methods_answer_with_allow():
    with Server() as srv:
        status, h, body = srv.get("/api/v1/khong-co")
        check(status == 404 and h["content-type"].startswith("application/json"), "/api 404: %d %s" % (
            status, h.get("content-type")))
        err = json.loads(body)["error"]
        check(err["status"] == 404 and "Không tìm thấy" in err["title"], "JSON error: %r" % err)
        status, h, body = srv.request("OPTIONS", "/tin-tuc/")
        check(status == 204 and h.get("allow") == "GET, HEAD, OPTIONS", "OPTIONS: %d %s" % (status, h.get("allow")))
        status, h, body = srv.request("DELETE", "/")
        check(status == 405 and h.get("allow") == "GET, HEAD, OPTIONS" and "Phương thức" in body.decode(),
              "DELETE /: %d" % status)
        status, h, body = srv.request("GET", "/__test/form")
        check(status == 405 and h.get("allow") == "POST, OPTIONS", "GET on a POST route: %d %s" % (status, h.get("allow")))


@test
def requests_refused_before_routing_answer_json_under_api_and_to_json_clients():
    """The head check and the path's decoding answer before any route is
    known: under /api/, or to a client that asked for JSON (the editor's
    upload), the refusal is JSON all the same, with the sentence under
    "loi" as the modules' own refusals have it."""
    def json_answer(raw, status):
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        check(lines[0].split(" ")[1:2] == [str(status)], "answered %r, not %d" % (lines[0], status))
        ctype = [l for l in lines if l.lower().startswith("content-type:")]
        check(ctype and "application/json" in ctype[0], "%d came as %r" % (status, ctype))
        doc = json.loads(body.decode())
        check(doc["error"]["status"] == status and doc["loi"] == doc["error"]["message"]
              and any(ord(ch) > 127 for ch in doc["loi"]), "the JSON: %r" % doc)
        return doc

    with Server() as srv:
        cases = [
            (b"GET /api/v1/ntm/donvi?x=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
            (b"GET /api/v1/ntm/xa/%2e%2e HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", 400),
            (b"GET /api/v1/ntm/donvi?nam= 1 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
            (b"GET /api/v1/ntm/donvi HTTP/1.1\r\nHost: a\r\n continued\r\n\r\n", 400),
            (b"POST /api/danh-gia/322 HTTP/1.1\r\nHost: a\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n",
             413),
            (b"POST /quan-tri/thu-vien/tai-len HTTP/1.1\r\nHost: a\r\nAccept: application/json\r\n"
             b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 300000000\r\nConnection: close\r\n\r\n",
             413),
        ]
        for raw, status in cases:
            json_answer(srv.raw(raw, timeout=3), status)
        # the same refusals elsewhere stay pages
        raw = srv.raw(b"GET /tin-tuc/%2e%2e HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", timeout=3)
        check(raw.startswith(b"HTTP/1.1 400") and b"text/html" in raw.split(b"\r\n\r\n")[0], "a page's 400: %r" % raw[:80])
        # a route's own 404 under /api/ carries "loi" too
        status, h, body = srv.get("/api/v1/khong-co")
        check(status == 404 and json.loads(body)["loi"].startswith("Trang bạn tìm"), "404 JSON: %r" % body[:120])


@test
def redirect_locations_are_percent_encoded():
    with Server() as srv:
        back = "/tìm kiếm?q=nông thôn"
        status, h, body = srv.get("/tuy-chon?co-chu=1&ve=" + urllib.parse.quote(back))
        check(status == 303, "display choice answered %d" % status)
        loc = h["location"]
        check(all(33 <= ord(c) < 127 for c in loc), "raw bytes in Location: %r" % loc)
        check(urllib.parse.unquote(loc) == back, "Location %r does not lead back to %r" % (loc, back))
        status, h, body = srv.get("/tuy-chon?co-chu=1&ve=" + urllib.parse.quote("/a%b%41"))
        check(h["location"] == "/a%25b%41", "a stray %% must be encoded, an escape kept: %r" % h["location"])


@test
def gzip_twins_are_not_files_of_the_site():
    with Server() as srv:
        css = [f for f in os.listdir(os.path.join(ROOT, "build", "static", "css"))
               if re.match(r"site\.[0-9a-f]{8}\.css$", f)][0]
        status, h, body = srv.get("/static/css/" + css + ".gz")
        check(status == 404 and "Không tìm thấy" in body.decode(), "the twin answered %d %s" % (
            status, h.get("content-type")))
        status, h, body = srv.get("/static/css/" + css, {"Accept-Encoding": "gzip"})
        check(status == 200 and h.get("content-encoding") == "gzip" and h["content-type"].startswith("text/css"),
              "compressed CSS: %d %s %s" % (status, h.get("content-encoding"), h.get("content-type")))


@test
def the_icon_browsers_ask_for_is_there():
    with Server() as srv:
        status, h, _ = srv.get("/favicon.ico")
        check(status == 301 and re.match(r"/static/img/emblem\.[0-9a-f]{8}\.png$", h.get("location", "")),
              "/favicon.ico answered %d %r" % (status, h.get("location")))
        status, h, body = srv.get(h["location"])
        check(status == 200 and h["content-type"] == "image/png" and body.startswith(b"\x89PNG"),
              "the icon answered %d %r" % (status, h.get("content-type")))


@test
def static_files_answer_conditional_requests_as_http_says():
    with Server() as srv:
        css = [f for f in os.listdir(os.path.join(ROOT, "build", "static", "css"))
               if re.match(r"site\.[0-9a-f]{8}\.css$", f)][0]
        url = "/static/css/" + css
        for gz in ({}, {"Accept-Encoding": "gzip"}):
            status, h, body = srv.get(url, gz)
            tag, modified = h["etag"], h["last-modified"]
            check(status == 200 and tag.startswith('"'), "%r: %d %r" % (gz, status, tag))
            # a cache holding several copies, a weak comparison, or any copy at all: not modified
            for inm in ('"zzz", ' + tag, tag + ', "zzz"', "W/" + tag, "*"):
                status, h, body = srv.get(url, dict(gz, **{"If-None-Match": inm}))
                check(status == 304 and body == b"" and h.get("etag") == tag and
                      h.get("cache-control") == "public, max-age=31536000, immutable",
                      "%r %s: %d %r" % (gz, inm, status, h.get("cache-control")))
            # a tag that does not match wins over a date that would (RFC 9110 13.1.3)
            status, _, body = srv.get(url, dict(gz, **{"If-None-Match": '"zzz"', "If-Modified-Since": modified}))
            check(status == 200 and body, "%r: a stale tag with a fresh date answered %d" % (gz, status))
            status, _, _ = srv.get(url, dict(gz, **{"If-Modified-Since": modified}))
            check(status == 304, "%r: If-Modified-Since of the file answered %d" % (gz, status))
            # the two older forms of the same date, which HTTP says a server must read too
            when = email.utils.parsedate_to_datetime(modified)
            for old in (when.strftime("%A, %d-%b-%y %H:%M:%S GMT"), when.strftime("%a %b ") +
                        ("%2d" % when.day) + when.strftime(" %H:%M:%S %Y")):
                status, _, body = srv.get(url, dict(gz, **{"If-Modified-Since": old}))
                check(status == 304 and body == b"", "%r: If-Modified-Since %r answered %d" % (gz, old, status))
            earlier = (when - datetime.timedelta(days=1)).strftime("%A, %d-%b-%y %H:%M:%S GMT")
            status, _, body = srv.get(url, dict(gz, **{"If-Modified-Since": earlier}))
            check(status == 200 and body, "%r: a day before the file (%s) answered %d" % (gz, earlier, status))
            # a date still to come is no date the file could have been fetched at
            status, _, body = srv.get(url, dict(gz, **{"If-Modified-Since": "Mon, 07 Dec 2099 00:00:00 GMT"}))
            check(status == 200 and body, "%r: a date in the future answered %d" % (gz, status))
            # a write-guard that does not hold: 412, with the site's page
            for name, value in (("If-Match", '"nope"'), ("If-Match", "W/" + tag),
                                ("If-Unmodified-Since", "Mon, 01 Jan 1990 00:00:00 GMT")):
                status, h, body = srv.get(url, dict(gz, **{name: value}))
                if h.get("content-encoding") == "gzip":
                    body = __import__("gzip").decompress(body)
                check(status == 412 and "Tệp đã thay đổi" in body.decode(), "%r %s: %s answered %d" %
                      (gz, name, value, status))
            for name, value in (("If-Match", tag), ("If-Match", "*"), ("If-Unmodified-Since", modified)):
                status, _, body = srv.get(url, dict(gz, **{name: value}))
                check(status == 200 and body, "%r %s: %s answered %d" % (gz, name, value, status))


def damage(path):
    """Overwrites the head of the article table's root page with garbage."""
    db = sqlite3.connect(path)
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    root = db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'article'").fetchone()[0]
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page_size)
        f.write(b"\x0d\xff\xff\xff\xff\x00\x00\x00" + b"\xa5" * 64)


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


@test
def a_damaged_database_is_refused_and_left_as_it_is():
    path = fresh_db("damaged.db")
    damage(path)
    before = digest(path)
    code, out, err = run([DINH, "init", "--db", path])
    check(code == 1 and len(err.strip().splitlines()) == 1 and "bị hỏng" in err, "init: %d %r" % (code, err))
    check(digest(path) == before, "init wrote to a damaged database")
    code, out, err = run([DINH, "serve", "--db", path, "--listen", "127.0.0.1:0"], timeout=30)
    check(code == 1 and "bị hỏng" in err and len(err.strip().splitlines()) == 1, "serve: %d %r" % (code, err))
    check(digest(path) == before, "serve wrote to a damaged database")
    code, out, err = run([DINH, "check", "--db", path])
    check(code == 1 and "bị hỏng" in err, "check: %d %r" % (code, err))
    # the commands that write an account or the monitor's data refuse it too, in one line (an operator's round:
    # `user add` wrote an administrator into it, exit 0)
    for argv, given in (([DINH, "user", "add", "--db", path, "--login", "mallory", "--role", "admin"], "Xk9#mQ2!vLp7\n"),
                        ([DINH, "user", "lock", "--db", path, "--login", "quantri"], None),
                        ([DINH, "ntm", "load", "--db", path], None)):
        p = subprocess.run(argv, input=given, capture_output=True, text=True, timeout=60)
        check(p.returncode == 1 and "bị hỏng" in p.stderr and len(p.stderr.strip().splitlines()) == 1,
              "%s: %d %r" % (" ".join(argv[1:3]), p.returncode, p.stderr))
        check(digest(path) == before, "%s wrote to a damaged database" % " ".join(argv[1:3]))
    # a backup of it would be as damaged, found out only when it is needed: none is written, an older one stays
    older = os.path.join(WORK, "older-backup.db")
    with open(older, "wb") as f:
        f.write(open(fresh_db("older.db"), "rb").read())
    kept = digest(older)
    code, out, err = run([DINH, "backup", "--db", path, "--to", older])
    check(code == 1 and "bị hỏng" in err and "không có bản sao lưu nào được ghi" in err, "backup: %d %r" % (code, err))
    check(digest(older) == kept and digest(path) == before, "a backup of a damaged database changed a file")
    code, out, err = run([DINH, "check", "--db", fresh_db("sound.db")])
    check(code == 0 and out.strip() == "ok", "check of a sound database: %d %r %r" % (code, out, err))


@test
def odd_database_paths_are_refused():
    folder = os.path.join(WORK, "a-folder")
    os.makedirs(folder, exist_ok=True)
    for cmd in (["init"], ["serve", "--listen", "127.0.0.1:0"], ["check"], ["backup", "--to", os.path.join(WORK, "b.db")]):
        for path, word in (("", "để trống"), ("/dev/null", "không phải tệp thông thường"), (folder, "thư mục"),
                           ("/no/such/folder/x.db", "")):
            code, out, err = run([DINH] + cmd[:1] + ["--db", path] + cmd[1:], timeout=30)
            check(code in (1, 2) and err.strip() and word in err, "%s --db %r: exit %d %r" % (cmd[0], path, code, err))
    check(not os.path.exists("/dev/null-journal") and not os.path.exists("/dev/null-wal"),
          "something was created beside /dev/null")
    # the other paths a command takes name their own option (a reviewer met "the database path is empty")
    for argv, word in (([DINH, "backup", "--db", demo_db(), "--to", ""], "--to để trống"),
                       ([DINH, "restore", "--from", "", "--db", os.path.join(WORK, "r.db")], "--from để trống"),
                       ([DINH, "serve", "--db", demo_db(), "--listen", "127.0.0.1:0", "--static", demo_db()],
                        "là một tệp, không phải thư mục")):
        code, out, err = run(argv, timeout=30)
        check(code in (1, 2) and word in err, "%s: exit %d %r" % (" ".join(argv[1:2]), code, err))
    # an empty file is no database: refused by every command but init, and left as it was
    empty = os.path.join(WORK, "empty.db")
    for cmd in (["serve", "--listen", "127.0.0.1:0"], ["check"], ["backup", "--to", os.path.join(WORK, "b.db")],
                ["user", "list"]):
        for extra in ("", "-wal", "-shm"):
            if os.path.exists(empty + extra):
                os.remove(empty + extra)
        open(empty, "wb").close()
        argv = [DINH] + cmd[:2] + ["--db", empty] + cmd[2:] if cmd[0] == "user" else \
            [DINH] + cmd[:1] + ["--db", empty] + cmd[1:]
        code, out, err = run(argv, timeout=30)
        check(code == 1 and "là tệp rỗng, không phải cơ sở dữ liệu do dinh tạo" in err, "%s on an empty file: exit %d %r" %
              (cmd[0], code, err))
        check(os.path.getsize(empty) == 0 and not os.path.exists(empty + "-wal"), "%s wrote to the empty file" % cmd[0])
    code, out, err = run([DINH, "init", "--db", empty], timeout=60)
    check(code == 0, "init of an empty file: %d %s" % (code, err))


@test
def backup_under_write_load_holds_every_acknowledged_write():
    with Server() as srv:
        acked, stop, errors = [], threading.Event(), []

        def writer():
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    r = srv.hook("POST", "/__test/publish?chuyen-muc=%d&tieu-de=%s" % (
                        1 + n % 3, urllib.parse.quote("Bài ghi dưới tải %d" % n)))
                    acked.append((time.monotonic(), r["article"]))
                except Exception as e:  # noqa: BLE001
                    errors.append(repr(e))

        threads = [threading.Thread(target=writer) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        started = time.monotonic()
        target = os.path.join(WORK, "under-load.db")
        code, out, err = run([DINH, "backup", "--db", srv.db, "--to", target], timeout=120)
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()
        check(code == 0, "backup failed: %s" % err)
        check(not errors, "writes failed: %s" % errors[:3])
        before = [a for (t, a) in acked if t < started]
        check(len(before) > 10 and len(acked) > len(before), "not under load: %d before, %d in all" % (
            len(before), len(acked)))
        code, out, err = run([DINH, "check", "--db", target])
        check(code == 0, "the copy fails integrity_check: %s" % err)
        copy = sqlite3.connect(target)
        have = {row[0] for row in copy.execute("SELECT id FROM article")}
        copy.close()
        missing = [a for a in before if a not in have]
        check(not missing, "acknowledged before the backup, missing from it: %s" % missing[:5])

    # the copy restored serves those articles
    restored = os.path.join(WORK, "restored.db")
    code, out, err = run([DINH, "restore", "--from", target, "--db", restored])
    check(code == 0, "restore failed: %s" % err)
    with Server(db=restored) as srv:
        page = srv.page("/in/%d.html" % before[-1])
        check("Bài ghi dưới tải" in page, "the restored database lacks an acknowledged article")
    broken = fresh_db("broken-backup.db")
    damage(broken)
    code, out, err = run([DINH, "restore", "--from", broken, "--db", os.path.join(WORK, "r2.db")])
    check(code == 1 and "bị hỏng" in err and not os.path.exists(os.path.join(WORK, "r2.db")),
          "a damaged backup was restored: %d %r" % (code, err))


@test
def plain_make_from_a_clean_clone_builds_the_server():
    clone = os.path.join(WORK, "clone")
    subprocess.run(["git", "clone", "-q", ROOT, clone], check=True, timeout=120)
    dry = subprocess.run(["make", "-n"], cwd=clone, capture_output=True, text=True, timeout=120)
    check(dry.returncode == 0, "make -n failed: %s" % dry.stderr[-500:])
    check(re.search(r"-o build/dinh\b", dry.stdout) and "build/static" in dry.stdout,
          "plain make would not build build/dinh: %s" % dry.stdout[-800:])
    shutil.rmtree(clone, ignore_errors=True)


@test
def articles_saved_through_the_newsroom_survive_kill_9_whole_or_not_at_all():
    """Editors publish through the real form (article, tags, its search
    text, its revision and the audit entry in one transaction) while the
    server is killed with SIGKILL: after a restart every acknowledged
    article is there whole (its tags, its search entry, its audit line),
    nothing is half-written, and the file passes integrity_check."""
    from test_newsroom import article_form, newsroom_server, signed_in
    srv = newsroom_server()
    try:
        path = srv.db
        chiefs = [signed_in(srv, "truongban") for _ in range(3)]
        acked, stop, errors = [], threading.Event(), []

        def writer(k, client):
            n = 0
            while not stop.is_set():
                n += 1
                # letters alone: the search splits letters from digits, and "kiemtra2x1" would match "kiemtra1x2"
                word = "kiemtra" + "".join(chr(97 + int(d)) for d in "%d%03d" % (k, n))
                try:
                    status, h, _ = article_form(client, "/quan-tri/bai-viet/moi", "dang",
                                                tieu_de="Bài ghi trước khi tắt %s" % word,
                                                noi_dung="<p>Đoạn văn của %s.</p>" % word,
                                                tu_khoa="ghi dưới tải, %s" % word)
                except Exception:  # noqa: BLE001 - the server was killed under it
                    return
                if status == 303:
                    acked.append(word)
                elif not stop.is_set():
                    errors.append(status)

        threads = [threading.Thread(target=writer, args=(k, c)) for k, c in enumerate(chiefs)]
        for t in threads:
            t.start()
        time.sleep(2.0)
        srv.proc.send_signal(signal.SIGKILL)
        srv.proc.wait(timeout=10)
        stop.set()
        for t in threads:
            t.join(timeout=30)
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
            srv.proc.wait()
    check(not errors, "saves refused under load: %r" % errors[:5])
    check(len(acked) >= 3, "only %d saves before the kill" % len(acked))
    code, out, err = run([DINH, "check", "--db", path], timeout=120)
    check(code == 0, "integrity_check after the kill: %s" % err)
    db = sqlite3.connect(path)
    rows = db.execute("SELECT id, title FROM article WHERE title LIKE 'Bài ghi trước khi tắt %'").fetchall()
    words = {t.rsplit(" ", 1)[1]: i for i, t in rows}
    missing = [w for w in acked if w not in words]
    check(not missing, "acknowledged and lost: %r" % missing[:5])
    for word, aid in words.items():
        tags = {t for (t,) in db.execute("SELECT t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id "
                                         "WHERE x.article_id = ?", (aid,))}
        check(tags == {"ghi dưới tải", word}, "article %d has tags %r" % (aid, tags))
        audit = db.execute("SELECT count(*) FROM audit_log WHERE action = 'article_publish' AND object = ? "
                           "AND detail LIKE ?", ("bài %d" % aid, "%" + word)).fetchone()[0]
        check(audit >= 1, "article %d (%s) has no audit entry" % (aid, word))
    db.close()
    # served again: every article saved is found by its own word (the search index was written with it)
    with Server(db=path, args=["--demo-logins"]) as srv:
        for word in list(words)[:40]:
            page = re.sub(r"<[^>]+>", "", srv.page("/tim-kiem?q=" + word))  # the word is marked in the results
            check("Bài ghi trước khi tắt %s" % word in page, "the search does not find %s after the restart" % word)
