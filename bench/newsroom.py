#!/usr/bin/env python3
"""newsroom.py - the newsroom under load (part of make bench).

    newsroom.py --dinh BIN --db FILE --static DIR [--seconds N] [--work DIR]

FILE is a database made by `dinh init --demo` (or --articles N); it is
copied, never changed. Prints one JSON object:

  list       the article list of /quan-tri/bai-viet/ with filters, timed from
             the client (keep-alive), p50 and p95 in ms per filter;
  editors    the cached article page's requests/s with wrk alone, and while
             20 editors each save a draft every 3 seconds (ratio: target >= 0.9);
  flood      the same page while 200 wrong logins a second arrive from many
             addresses (through X-Forwarded-For from the trusted proxy), and how
             long a correct login takes in the middle of it (target: under 2 s).

Python 3 standard library and wrk only.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse

HOST = "127.0.0.1"


def start(args, db, extra):
    port_file = os.path.join(args.work, "port-%d" % random.randrange(1 << 30))
    cmd = [args.dinh, "serve", "--db", db, "--listen", HOST + ":0", "--threads", str(args.threads),
           "--static", args.static, "--port-file", port_file, "--demo-logins", "--trusted-proxy", HOST] + extra
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.work, "newsroom.log"), "ab"))
    for _ in range(300):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, int(open(port_file).read().strip())
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("newsroom.py: dinh did not start")


class Browser:
    def __init__(self, port, address=None):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies = {}
        self.address = address

    def request(self, method, path, fields=None):
        headers = {"Host": "bench.local", "User-Agent": "Mozilla/5.0 (bench)"}
        if self.cookies:
            headers["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        self.location = r.getheader("Location")
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                if "Max-Age=0" in rest:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = rest.split(";")[0]
        return r.status, data.decode("utf-8", "replace")

    def login(self, login, password):
        self.request("GET", "/quan-tri/dang-nhap")
        token = self.cookies.get("dinh_dn", "")
        return self.request("POST", "/quan-tri/dang-nhap", {"csrf": token, "ten": login, "mat-khau": password})[0]


def wrk(args, port, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", "-d%ds" % seconds, "-H", "User-Agent: Mozilla/5.0 (bench)",
                          "http://%s:%d%s" % (HOST, port, args.path)], capture_output=True, text=True).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(m.group(1)) if m else 0.0


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def measure_list(port, login, password):
    b = Browser(port)
    if b.login(login, password) != 303:
        return {"error": "login failed"}
    status, body = b.request("GET", "/quan-tri/bai-viet/")
    title = re.search(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', body)
    words = title.group(1).split() if title else ["xã"]
    common = words[0]
    rare = max(words, key=len)
    cat = re.search(r'<option value="(\d+)"', body)
    cases = {
        "newest": "/quan-tri/bai-viet/",
        "published": "/quan-tri/bai-viet/?trang-thai=da-dang",
        "category": "/quan-tri/bai-viet/?chuyen-muc=%s" % (cat.group(1) if cat else "1"),
        "a common title word": "/quan-tri/bai-viet/?q=" + urllib.parse.quote(common),
        "two title words": "/quan-tri/bai-viet/?q=" + urllib.parse.quote(rare + " " + common),
        "page 40": "/quan-tri/bai-viet/?trang=40",
        "by title": "/quan-tri/bai-viet/?xep=tieu-de",
        "by publication date": "/quan-tri/bai-viet/?xep=ngay-dang",
        "dates": "/quan-tri/bai-viet/?tu=2024-01-01&den=2024-12-31",
    }
    out = {}
    for name, path in cases.items():
        times = []
        for i in range(12):
            t0 = time.perf_counter()
            status, _ = b.request("GET", path)
            if i:
                times.append((time.perf_counter() - t0) * 1000)
        out[name] = {"status": status, "p50_ms": round(statistics.median(times), 1),
                     "p95_ms": round(percentile(times, 95), 1)}
    return out


def editors_at_work(port, accounts, stop, saves, go=None, ready=None):
    """Each editor signs in and opens a draft first (argon2 is not what is
    measured), says it is ready, waits for `go`, then saves every 3 s."""
    def one(login, password):
        b = Browser(port)
        if b.login(login, password) != 303:
            return
        status, body = b.request("GET", "/quan-tri/bai-viet/moi")
        csrf = re.search(r'name="csrf" value="([^"]+)"', body)
        cat = re.search(r'name="chuyen-muc">\s*<option value="(\d+)"', body)
        if not csrf or not cat:
            return
        fields = {"csrf": csrf.group(1), "viec": "luu", "chuyen-muc": cat.group(1),
                  "tieu-de": "Bản nháp của %s" % login, "noi-dung": "<p>" + "Nội dung bản nháp. " * 200 + "</p>"}
        status, _ = b.request("POST", "/quan-tri/bai-viet/moi", fields)
        if status != 303 or not b.location:
            return
        draft = b.location.split("?")[0]
        if ready is not None:
            ready.append(login)
        if go is not None:
            go.wait(120)
        while not stop.is_set():
            t0 = time.monotonic()
            status, _ = b.request("POST", draft, fields)
            if status == 303:
                saves.append(1)
            stop.wait(max(0.0, 3.0 - (time.monotonic() - t0)))
    def guarded(login, password):
        try:
            one(login, password)
        except Exception as e:  # reported, not hidden: a bench that saves nothing says why
            errors.append("%s: %s" % (login, e))
    errors = []
    editors_at_work.errors = errors
    threads = [threading.Thread(target=guarded, args=a, daemon=True) for a in accounts]
    for t in threads:
        t.start()
    return threads


def flood(port, stop, sent):
    def one(k):
        rnd = random.Random(k)
        b = Browser(port)
        while not stop.is_set():
            t0 = time.monotonic()
            b.address = "10.%d.%d.%d" % (rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))
            token = "".join(rnd.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(43))
            b.cookies = {"dinh_dn": token}
            try:
                b.request("POST", "/quan-tri/dang-nhap", {"csrf": token, "ten": "ke-do-%d" % rnd.randrange(10 ** 6),
                                                          "mat-khau": "sai-mat-khau-%d" % rnd.randrange(10 ** 6)})
                sent.append(1)
            except Exception:
                b = Browser(port)
            stop.wait(max(0.0, 0.5 - (time.monotonic() - t0)))  # each of 100 senders: 2 a second
    threads = [threading.Thread(target=one, args=(k,), daemon=True) for k in range(100)]
    for t in threads:
        t.start()
    return threads


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dinh", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--seconds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--work")
    args = ap.parse_args()
    own_work = not args.work
    args.work = args.work or tempfile.mkdtemp(prefix="dinh-newsroom-")
    db = os.path.join(args.work, "newsroom.db")
    shutil.copyfile(args.db, db)
    import sqlite3
    con = sqlite3.connect(db)
    aid, slug, cslug = con.execute(
        "SELECT a.id, a.slug, c.slug FROM article a JOIN category c ON c.id = a.category_id "
        "WHERE a.status = 1 ORDER BY a.published_at DESC LIMIT 1").fetchone()
    con.close()
    args.path = "/tin-tuc/%s/%s-%d.html" % (cslug, slug, aid)
    # The copy is brought to this binary's schema (the database may come from an older one).
    subprocess.run([args.dinh, "init", "--db", db], capture_output=True, check=True)
    # Twenty editors, and the administrator's password for the list.
    accounts = []
    for i in range(20):
        login, password = "bientap%02d" % i, "Bien-tap-vien-so-%02d" % i
        subprocess.run([args.dinh, "user", "add", "--db", db, "--login", login, "--role", "editor"],
                       input=password + "\n", text=True, capture_output=True, check=True)
        accounts.append((login, password))
    admin = ("bench-admin", "Quan-tri-ban-do-hoa-9")
    subprocess.run([args.dinh, "user", "add", "--db", db, "--login", admin[0], "--role", "admin"],
                   input=admin[1] + "\n", text=True, capture_output=True, check=True)
    proc, port = start(args, db, [])
    result = {}
    try:
        result["list"] = measure_list(port, *admin)
        Browser(port).request("GET", args.path)  # into the cache
        wrk(args, port, 1)
        alone = wrk(args, port, args.seconds)
        stop, saves, go, ready = threading.Event(), [], threading.Event(), []
        threads = editors_at_work(port, accounts, stop, saves, go, ready)
        deadline = time.monotonic() + 120
        while len(ready) + len(editors_at_work.errors) < len(accounts) and time.monotonic() < deadline:
            time.sleep(0.1)
        go.set()
        time.sleep(0.5)
        busy = wrk(args, port, args.seconds)
        stop.set()
        for t in threads:
            t.join(10)
        result["editors"] = {"alone_rps": round(alone), "with_editors_rps": round(busy),
                             "ratio": round(busy / alone, 3) if alone else 0, "saves": len(saves),
                             "editors_ready": len(ready),
                             "errors": editors_at_work.errors[:3]}
        stop, sent = threading.Event(), []
        threads = flood(port, stop, sent)
        time.sleep(1.0)
        t0 = time.monotonic()
        sent_before = len(sent)
        busy = wrk(args, port, args.seconds)
        rate = (len(sent) - sent_before) / max(0.001, time.monotonic() - t0)
        t1 = time.monotonic()
        ok = Browser(port, "192.0.2.10").login(*admin)
        login_s = time.monotonic() - t1
        stop.set()
        for t in threads:
            t.join(10)
        result["flood"] = {"alone_rps": round(alone), "with_flood_rps": round(busy),
                           "ratio": round(busy / alone, 3) if alone else 0, "attempts_per_s": round(rate),
                           "correct_login_status": ok, "correct_login_s": round(login_s, 3)}
    finally:
        proc.terminate()
        proc.wait(30)
        if own_work:
            shutil.rmtree(args.work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
