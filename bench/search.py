#!/usr/bin/env python3
"""search.py - the search-latency client of bench/run.sh (Python 3 standard library only).

Talks to 127.0.0.1 only.

  search.py run --port P --queries FILE [--db DB] [--repeat R] [--clients C]
                [--timeout S] [--max-seconds S] [--tag KEY=VALUE ...]
      GET /tim-kiem for every query of FILE (format: see bench/search-queries.txt):
      one untimed warm-up request per query, then R timed rounds over the list.
      --clients 1: in order, on one keep-alive connection; --clients C > 1: C
      threads, each on its own keep-alive connection, taking the next request
      of the same list (so each query is still timed R times). A request counts
      as failed unless it answers 200 within --timeout seconds with
      "<h1>Tìm kiếm</h1>" in the body. Stops taking requests after
      --max-seconds (then "cut" is true). Prints one JSON line with the
      percentiles of all timed requests and of each query, in milliseconds.
  search.py dbkey --db DB
      print a short key for the schema of DB (and which of its tables hold rows),
      to name a cached database after the binary whose demo database DB is

To look inside one slow query, bench/sqlvi.c runs the SQL of src/search/search.c
(EXPLAIN QUERY PLAN, or timed) on a connection with the "vi" tokenizer.
"""
import argparse
import hashlib
import http.client
import json
import math
import re
import sqlite3
import sys
import threading
import time
import urllib.parse

MARK = "<h1>Tìm kiếm</h1>".encode("utf-8")
FILTERS = ("loai", "nam", "trang")
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"


def percentile(sorted_xs, p):
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_xs:
        return None
    k = max(1, math.ceil(p / 100.0 * len(sorted_xs)))
    return sorted_xs[k - 1]


def summary(xs):
    s = sorted(xs)
    if not s:
        return {"n": 0}
    return {"n": len(s), "p50": round(percentile(s, 50), 3), "p95": round(percentile(s, 95), 3),
            "p99": round(percentile(s, 99), 3), "max": round(s[-1], 3)}


def document_numbers(db):
    """number_raw of the published documents, in id order ([] without a database or documents)."""
    if not db:
        return []
    try:
        c = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        try:
            return [r[0] for r in c.execute("SELECT number_raw FROM document WHERE published = 1 ORDER BY id")]
        finally:
            c.close()
    except sqlite3.Error:
        return []


def load_queries(path, db):
    """[(line, name, path)] and [(name, why skipped)] from the queries file; the name
    is the line with {van-ban:N} resolved."""
    numbers = None
    queries, skipped = [], []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            line = name = text
            params = []
            if text.startswith("["):
                end = text.find("]")
                if end < 0:
                    sys.exit("search.py: %s:%d: '[' without ']'" % (path, lineno))
                for part in filter(None, text[1:end].split("&")):
                    k, eq, v = part.partition("=")
                    if not eq or k not in FILTERS:
                        sys.exit("search.py: %s:%d: filter %r is not one of %s=VALUE" % (path, lineno, part, FILTERS))
                    params.append((k, v))
                text = text[end + 1:].strip()

            def number(m):
                nonlocal numbers
                if numbers is None:
                    numbers = document_numbers(db)
                k = int(m.group(1))  # 1: the first, -1: the last
                if k == 0 or abs(k) > len(numbers):
                    raise LookupError("the database has %d published documents" % len(numbers))
                return numbers[k - 1 if k > 0 else k]

            try:
                q = re.sub(r"\{van-ban:(-?\d+)\}", number, text)
            except LookupError as e:
                skipped.append((name, str(e)))
                continue
            if q != text:
                name = "%s → %s" % (name, q)
            target = "/tim-kiem?" + urllib.parse.urlencode([("q", q)] + params)
            queries.append((line, name, target))
    if not queries:
        sys.exit("search.py: no queries in %s" % path)
    return queries, skipped


class Client:
    """One keep-alive connection that reconnects after an error or a close."""

    def __init__(self, port, timeout):
        self.port, self.timeout, self.conn = port, timeout, None
        self.headers = {"Host": "127.0.0.1", "User-Agent": UA, "Accept": "text/html"}

    def get(self, target):
        """(ms, None) for a good answer, (ms, reason) for a failed one."""
        t0 = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
                self.conn.connect()
                t0 = time.perf_counter()  # the connection is not part of the search
            self.conn.request("GET", target, headers=self.headers)
            r = self.conn.getresponse()
            body = r.read()
            ms = (time.perf_counter() - t0) * 1000.0
            if r.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            ms = (time.perf_counter() - t0) * 1000.0
            return ms, "timeout" if isinstance(e, TimeoutError) or "timed out" in str(e) else type(e).__name__
        if ms > self.timeout * 1000.0:
            return ms, "over %g s" % self.timeout
        if r.status != 200:
            return ms, "HTTP %d" % r.status
        if MARK not in body:
            return ms, "no <h1>Tìm kiếm</h1>"
        return ms, None

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def cmd_run(a):
    queries, skipped = load_queries(a.queries, a.db)
    times = [[] for _ in queries]
    fails = [{} for _ in queries]
    lock = threading.Lock()

    def record(i, ms, why):
        with lock:
            if why is None:
                times[i].append(ms)
            else:
                fails[i][why] = fails[i].get(why, 0) + 1
                times[i].append(ms)  # a failure still took this long; it counts in the percentiles

    # Warm-up: each query once, in order, untimed (its failures are still counted).
    # The deadline covers it too, so the whole run ends by --max-seconds plus
    # one request's --timeout.
    deadline = time.monotonic() + a.max_seconds
    state = {"next": 0, "cut": False}
    warm = Client(a.port, a.timeout)
    warm_fail = 0
    for i, (_, _, target) in enumerate(queries):
        if time.monotonic() > deadline:
            state["cut"] = True
            break
        _, why = warm.get(target)
        if why is not None:
            warm_fail += 1
            fails[i]["warm-up: " + why] = fails[i].get("warm-up: " + why, 0) + 1
    warm.close()

    work = [i for _ in range(a.repeat) for i in range(len(queries))]

    def worker():
        c = Client(a.port, a.timeout)
        while True:
            with lock:
                if state["next"] >= len(work):
                    break
                if time.monotonic() > deadline:
                    state["cut"] = True
                    break
                i = work[state["next"]]
                state["next"] += 1
            ms, why = c.get(queries[i][2])
            record(i, ms, why)
        c.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(a.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.monotonic() - t0

    every = [ms for ts in times for ms in ts]
    per_query = []
    for i, (line, name, target) in enumerate(queries):
        s = summary(times[i])
        s.update({"line": line, "name": name, "path": target, "fail": sum(fails[i].values()), "why": fails[i]})
        per_query.append(s)
    timed_fail = sum(v for f in fails for k, v in f.items() if not k.startswith("warm-up: "))
    worst = max((q for q in per_query if q["n"]), key=lambda q: (q["p95"], q["max"]), default=None)
    out = {"clients": a.clients, "repeat": a.repeat, "queries": len(queries), "requests": len(every),
           "planned": len(work), "failed": timed_fail, "warmup_failed": warm_fail,
           "seconds": round(secs, 2), "cut": state["cut"], "timeout_s": a.timeout,
           "worst": worst["name"] if worst else None, "worst_p95": worst["p95"] if worst else None,
           "skipped": [{"name": n, "why": w} for n, w in skipped], "per_query": per_query}
    out.update(summary(every))
    for tag in a.tag:
        k, _, v = tag.partition("=")
        out[k] = int(v) if v.isdigit() else v
    print(json.dumps(out, ensure_ascii=False))


def cmd_dbkey(a):
    """The schema (tables, indexes, triggers, user_version) and which tables the
    binary's demo fills: a generator that starts writing documents changes the key,
    the dates and random draws of one run do not."""
    c = sqlite3.connect("file:%s?mode=ro" % a.db, uri=True)
    h = hashlib.sha256()
    h.update(b"user_version=%d\n" % c.execute("PRAGMA user_version").fetchone()[0])
    rows = c.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master ORDER BY type, name").fetchall()
    for row in rows:
        h.update(("\x1f".join(row) + "\n").encode("utf-8"))
    for typ, name, _, sql in rows:
        # virtual tables need their module (the "vi" tokenizer); their shadow tables do not
        if typ == "table" and not sql.upper().startswith("CREATE VIRTUAL"):
            filled = c.execute('SELECT EXISTS (SELECT 1 FROM "%s")' % name.replace('"', '""')).fetchone()[0]
            h.update(("%s filled=%d\n" % (name, filled)).encode("utf-8"))
    c.close()
    print(h.hexdigest()[:16])


def main():
    ap = argparse.ArgumentParser(description="search-latency client for bench/run.sh")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("run")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--db", help="the server's database, read only for {van-ban:N}")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--clients", type=int, default=1)
    p.add_argument("--timeout", type=float, default=10.0, help="per-request time limit, seconds")
    p.add_argument("--max-seconds", type=float, default=300.0)
    p.add_argument("--tag", action="append", default=[], metavar="KEY=VALUE",
                   help="copied into the JSON (a whole number becomes a number)")
    p = sub.add_parser("dbkey")
    p.add_argument("--db", required=True)
    a = ap.parse_args()
    if a.cmd == "run":
        if a.repeat < 1 or a.clients < 1 or a.timeout <= 0:
            sys.exit("search.py: --repeat and --clients must be >= 1, --timeout > 0")
        cmd_run(a)
    else:
        cmd_dbkey(a)


if __name__ == "__main__":
    main()
