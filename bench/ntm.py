#!/usr/bin/env python3
"""ntm.py - the NTM monitor at national scale (part of make bench).

    ntm.py --dinh BIN --static DIR --work DIR [--repeat N] [--threads T] [--db FILE]

Makes a database with `dinh init --demo --ntm-scale national` in DIR (its
output, the demo logins, in DIR/ntm-national.db.logins.txt for
bench/ntm_entry.py), or uses FILE, which it copies, never changes, serves it with `--no-cache`
(every request renders) and `--test-hooks`, and prints one JSON object:

  init       seconds `dinh init --demo --ntm-scale national` took
  pages      p50 / p95 / max in ms of N sequential keep-alive GETs (after
             one warm-up) of: the province dashboard, the map, the national
             summary page and its JSON, and commune pages (N distinct-as-can-
             be communes of the province, cycled)
  xlsx       the national commune x criteria matrix as .xlsx (every year):
             seconds of each of 3 GETs, and the size
  change     an accepted assessment of the dashboard's year taken back and
             submitted again, then accepted through the module's write (the /__test/ntm-state
             hook, ntm_assessment_set_state): ms from sending the acceptance
             until the dashboard shows the count again, and how many GETs of
             the dashboard that took (1: the first one showed it)
  rss_kb     VmRSS of the server after all of that (and hwm_kb, VmHWM)

Python 3 standard library only; talks to 127.0.0.1 only.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import time

HOST = "127.0.0.1"
ASSESSED = re.compile(r"trong ([\d.]+) xã, phường được đánh giá")


def start(args, db):
    port_file = os.path.join(args.work, "ntm-port")
    if os.path.exists(port_file):
        os.unlink(port_file)
    cmd = [args.dinh, "serve", "--db", db, "--listen", HOST + ":0", "--threads", str(args.threads),
           "--static", args.static, "--port-file", port_file, "--no-cache", "--test-hooks"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.work, "ntm.log"), "ab"))
    for _ in range(400):
        if os.path.exists(port_file) and open(port_file).read().strip():
            return proc, int(open(port_file).read().strip())
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise SystemExit("ntm.py: dinh did not start (see %s/ntm.log)" % args.work)


class Client:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)

    def get(self, path, method="GET"):
        self.conn.request(method, path, headers={"Host": "bench.local", "User-Agent": "Mozilla/5.0 (bench)"})
        r = self.conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise SystemExit("ntm.py: %s %s answered %d" % (method, path, r.status))
        return body


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def timed(client, paths, repeat):
    client.get(paths[0])  # warm-up
    ts = []
    for i in range(repeat):
        t0 = time.perf_counter()
        client.get(paths[i % len(paths)])
        ts.append((time.perf_counter() - t0) * 1000.0)
    return {"p50_ms": round(statistics.median(ts), 2), "p95_ms": round(pct(ts, 95), 2),
            "max_ms": round(max(ts), 2), "n": repeat}


def assessed_count(client):
    m = ASSESSED.search(client.get("/nong-thon-moi/").decode("utf-8"))
    if not m:
        raise SystemExit("ntm.py: the dashboard does not say how many communes were assessed")
    return int(m.group(1).replace(".", ""))


def status_kb(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dinh", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=200)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    out = {}
    db = os.path.join(args.work, "ntm-national.db")
    if args.db:
        shutil.copyfile(args.db, db)
        out["init_seconds"] = None
    else:
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.unlink(db + suffix)
        t0 = time.perf_counter()
        subprocess.run([args.dinh, "init", "--db", db, "--demo", "--ntm-scale", "national"], check=True,
                       stdout=open(db + ".logins.txt", "w"), stderr=open(os.path.join(args.work, "ntm-init.log"), "ab"),
                       timeout=600)
        out["init_seconds"] = round(time.perf_counter() - t0, 1)

    ro = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    out["units"] = ro.execute("SELECT count(*) FROM ntm_unit WHERE parent_id IS NOT NULL AND valid_to IS NULL"
                              ).fetchone()[0]
    out["assessments"] = ro.execute("SELECT count(*) FROM ntm_assessment WHERE state = 'accepted'").fetchone()[0]
    proc, port = start(args, db)
    try:
        c = Client(port)
        home = c.get("/api/v1/ntm/tong-hop").decode("utf-8")
        summary = json.loads(home)
        year, province = summary["nam"], summary["tinh"]["ma"]
        communes = [r[0] for r in ro.execute(
            "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id JOIN ntm_assessment a "
            "ON a.unit_id = u.id AND a.state = 'accepted' AND a.quarter = 0 AND a.year = ? "
            "WHERE p.code = ? AND u.valid_to IS NULL ORDER BY u.code", (year, province))]
        if not communes:
            raise SystemExit("ntm.py: no commune with an accepted assessment in %s" % year)
        pages = {}
        pages["dashboard"] = timed(c, ["/nong-thon-moi/"], args.repeat)
        pages["map"] = timed(c, ["/nong-thon-moi/ban-do"], args.repeat)
        pages["national"] = timed(c, ["/nong-thon-moi/ca-nuoc"], args.repeat)
        pages["national_json"] = timed(c, ["/api/v1/ntm/ca-nuoc"], args.repeat)
        pages["commune"] = timed(c, ["/nong-thon-moi/xa/%s" % code for code in communes], args.repeat)
        out["pages"] = pages
        out["year"], out["province"] = year, province

        secs, size = [], 0
        for _ in range(3):
            t0 = time.perf_counter()
            size = len(c.get("/nong-thon-moi/ca-nuoc.xlsx"))
            secs.append(round(time.perf_counter() - t0, 3))
        out["xlsx"] = {"seconds": secs, "bytes": size}

        aid = ro.execute(
            "SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p "
            "ON p.id = u.parent_id WHERE p.code = ? AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted' "
            "AND u.valid_to IS NULL ORDER BY a.id LIMIT 1", (province, year)).fetchone()[0]
        before = assessed_count(c)
        c.get("/__test/ntm-state?id=%d&trang-thai=returned" % aid, "POST")
        if assessed_count(c) != before - 1:
            raise SystemExit("ntm.py: taking an assessment back did not change the dashboard")
        c.get("/__test/ntm-state?id=%d&trang-thai=submitted" % aid, "POST")
        t0 = time.perf_counter()
        c.get("/__test/ntm-state?id=%d&trang-thai=accepted" % aid, "POST")
        gets = 0
        while True:
            gets += 1
            if assessed_count(c) == before:
                break
            if time.perf_counter() - t0 > 60:
                raise SystemExit("ntm.py: the accepted assessment did not show within 60 s")
        out["change"] = {"ms": round((time.perf_counter() - t0) * 1000.0, 2), "gets": gets, "assessment": aid}
        out["rss_kb"] = status_kb(proc.pid, "VmRSS")
        out["hwm_kb"] = status_kb(proc.pid, "VmHWM")
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
