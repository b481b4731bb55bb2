#!/usr/bin/env python3
"""fetch.py - small HTTP helpers for bench/run.sh (Python 3 standard library only).

Talks to 127.0.0.1 only.

  fetch.py freeport
      print a free TCP port on 127.0.0.1
  fetch.py article --db DB
      print the path of the newest published article
  fetch.py get --port P --path PATH --out FILE [--ua UA] [--gzip]
      GET http://127.0.0.1:P/PATH once, write the body to FILE, print its size;
      exit 1 unless the status is 200 (with --gzip: asks for gzip and keeps the
      compressed bytes, exit 1 unless they came compressed)
  fetch.py walk --port P --db DB --count N [--conns C] [--ua UA] [--max-seconds S]
      GET N distinct published articles over C keep-alive connections, stopping
      after S seconds, and print one JSON line:
      {"requested":..,"ok":..,"bad":..,"seconds":..,"cut":true if stopped by S}
"""
import argparse
import http.client
import json
import random
import socket
import sqlite3
import sys
import threading
import time

ARTICLE_SQL = (
    "SELECT a.id, a.slug, c.slug FROM article a JOIN category c ON c.id = a.category_id "
    "WHERE a.status = 1 AND a.published_at <= strftime('%s','now') "
)


def article_path(aid, slug, cat):
    return "/tin-tuc/%s/%s-%d.html" % (cat, slug, aid)


def connect_db(path):
    # Read-only, so that a live server's database is never touched.
    return sqlite3.connect("file:%s?mode=ro" % path, uri=True)


def headers(ua):
    # No Accept-Encoding: the same plain bytes as wrk asks for.
    return {"Host": "127.0.0.1", "User-Agent": ua, "Accept": "text/html"}


def cmd_freeport(_):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    print(s.getsockname()[1])
    s.close()


def cmd_article(a):
    db = connect_db(a.db)
    row = db.execute(ARTICLE_SQL + "ORDER BY a.published_at DESC, a.id DESC LIMIT 1").fetchone()
    if not row:
        sys.exit("fetch.py: no published article in %s" % a.db)
    print(article_path(*row))


def cmd_get(a):
    conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=10)
    h = headers(a.ua)
    if a.gzip:
        h["Accept-Encoding"] = "gzip"
    conn.request("GET", a.path, headers=h)
    r = conn.getresponse()
    body = r.read()
    conn.close()
    if r.status != 200:
        sys.exit("fetch.py: GET %s -> %d" % (a.path, r.status))
    if a.gzip and r.getheader("Content-Encoding") != "gzip":
        sys.exit("fetch.py: GET %s came without gzip" % a.path)
    with open(a.out, "wb") as f:
        f.write(body)
    print(len(body))


def cmd_walk(a):
    db = connect_db(a.db)
    rows = db.execute(ARTICLE_SQL).fetchall()
    db.close()
    if len(rows) < a.count:
        sys.exit("fetch.py: only %d published articles, %d asked" % (len(rows), a.count))
    random.Random(12345).shuffle(rows)
    paths = [article_path(*r) for r in rows[: a.count]]
    ok = [0] * a.conns
    bad = [0] * a.conns
    hdrs = headers(a.ua)
    deadline = time.monotonic() + a.max_seconds

    def worker(k):
        conn = None
        for p in paths[k :: a.conns]:
            if time.monotonic() > deadline:
                break
            for attempt in (1, 2):  # reconnect once if the server closed the connection
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=10)
                    conn.request("GET", p, headers=hdrs)
                    r = conn.getresponse()
                    r.read()
                    if r.status == 200:
                        ok[k] += 1
                    else:
                        bad[k] += 1
                    if r.will_close:
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException):
                    if conn is not None:
                        conn.close()
                    conn = None
                    if attempt == 2:
                        bad[k] += 1
        if conn is not None:
            conn.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(a.conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - t0
    print(json.dumps({"requested": len(paths), "ok": sum(ok), "bad": sum(bad),
                      "seconds": round(secs, 2), "cut": time.monotonic() > deadline}))


def main():
    ap = argparse.ArgumentParser(description="HTTP helpers for bench/run.sh")
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("freeport")
    p = sub.add_parser("article")
    p.add_argument("--db", required=True)
    p = sub.add_parser("get")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--ua", default="Mozilla/5.0")
    p.add_argument("--gzip", action="store_true")
    p = sub.add_parser("walk")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--conns", type=int, default=2)
    p.add_argument("--ua", default="Mozilla/5.0")
    p.add_argument("--max-seconds", type=float, default=120)
    a = ap.parse_args()
    {"freeport": cmd_freeport, "article": cmd_article, "get": cmd_get, "walk": cmd_walk}[a.cmd](a)


if __name__ == "__main__":
    main()
