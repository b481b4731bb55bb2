#!/usr/bin/env python3
"""guardcost.py - what checking each request head before h2o costs (bench/run.sh).

Runs `dinh serve --threads 1` under valgrind's callgrind, counting only from
the read callback that guard.c puts in front of h2o (so everything a request
costs in user space: the check, h2o's own parse, the page cache, the
response), sends REQUESTS keep-alive GETs of PATH (cached after the first),
and prints one JSON line:

  {"requests": N, "ir_per_request": ..., "head_check_ir_per_request": ...,
   "share": ...}

Instruction counts do not depend on the machine's load, unlike timings.
Python 3 standard library only; talks to 127.0.0.1.
"""
import argparse
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dinh", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()

    out = os.path.join(a.work, "guardcost.callgrind")
    port = free_port()
    proc = subprocess.Popen(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + out, "--collect-atstart=no",
         "--toggle-collect=guard_on_read", a.dinh, "serve", "--db", a.db, "--listen", "127.0.0.1:%d" % port,
         "--threads", "1", "--static", a.static],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    sys.exit("guardcost.py: dinh did not start under valgrind")
                time.sleep(0.2)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Host": "127.0.0.1", "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0",
                   "Accept": "text/html"}
        for _ in range(a.requests):
            conn.request("GET", a.path, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                sys.exit("guardcost.py: GET %s -> %d" % (a.path, r.status))
        conn.close()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    report = subprocess.run(["callgrind_annotate", "--inclusive=yes", out], capture_output=True, text=True,
                            timeout=120).stdout
    total = head = None
    for line in report.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\(.*?\)\s+(.*)", line)
        if not m:
            continue
        n = int(m.group(1).replace(",", ""))
        if "PROGRAM TOTALS" in m.group(2):
            total = n
        elif re.search(r":head_check\b", m.group(2)) and head is None:
            head = n
    if not total or head is None:
        sys.exit("guardcost.py: no counts in callgrind's report")
    print(json.dumps({"requests": a.requests, "ir_per_request": round(total / a.requests),
                      "head_check_ir_per_request": round(head / a.requests),
                      "share": round(head / total, 4)}))


if __name__ == "__main__":
    main()
