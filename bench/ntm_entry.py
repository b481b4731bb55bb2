#!/usr/bin/env python3
"""ntm_entry.py - commune reporters saving the NTM entry form (part of make bench).

    ntm_entry.py --dinh BIN --static DIR --work DIR [--db FILE] [--threads T]
                 [--reporters 100] [--saves 30]

On a database by `dinh init --demo --ntm-scale national` (made here, or
FILE copied, never changed: its logins are read from FILE.logins.txt, the
output of that `dinh init`), served by `dinh serve --no-cache --demo-logins`:

  1. adds --reporters accounts of role ntm_reporter with `dinh user add`
     (password on standard input) and gives each one commune of the home
     province through the office's page /quan-tri/nong-thon-moi/van-phong/
     tai-khoan/<id>, signed in as the demo office account vanphong (when the
     province has fewer communes than reporters, a commune is given to more
     than one reporter, and those reporters report different periods);
  2. signs every reporter in;
  3. one reporter saves (viec=luu) the whole QĐ 318 form of a period without
     data (every indicator given a new value each time) --saves times, in
     sequence: p50 / p95 of the POST's answer (target p95 < 50 ms);
  4. then every reporter, each on its own thread, saves (--rounds - 1 times,
     new values each time) and submits (viec=gui) its full form at once, while another process GETs the
     province dashboard and commune pages in turn until the last answer:
     p50 / p95 of the submissions and p95 of each page (targets of the public
     side: dashboard < 20 ms, commune page < 5 ms), with the same pages
     measured before, with no load, for comparison.

Prints one JSON object. Python 3 standard library only; talks to 127.0.0.1
only.
"""
import argparse
import html
import http.client
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import threading
import time
import urllib.parse

HOST = "127.0.0.1"
OFFICE = "/quan-tri/nong-thon-moi/van-phong/tai-khoan/"
ENTRY = "/quan-tri/nong-thon-moi/nhap/%s/%s"
PASSWORD = "Bench-ntm-entry-2026!"
PERIODS = ["2025-q4", "2025-q3", "2025-q2", "2025-q1"]  # QĐ 318 periods the demo leaves open (2026 is QĐ 51, no indicators yet)


def fail(msg):
    raise SystemExit("ntm_entry.py: " + msg)


def pct(xs, p):
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def stats(ts):
    if not ts:
        return {"n": 0}
    return {"p50_ms": round(statistics.median(ts), 2), "p95_ms": round(pct(ts, 95), 2),
            "max_ms": round(max(ts), 2), "n": len(ts)}


class Browser:
    """One person's keep-alive connection with its cookies."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        h = {"Host": "localhost", "Origin": "http://localhost", "User-Agent": "Mozilla/5.0 (bench)"}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        h.update(headers or {})
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=120)
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return r.status, r.getheader("Location", ""), data.decode("utf-8", "replace")

    def post(self, path, fields):
        return self.request("POST", path, urllib.parse.urlencode(fields),
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def csrf(self, path):
        status, _, body = self.request("GET", path)
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        if status != 200 or not m:
            fail("no form at %s (%d)" % (path, status))
        return m.group(1)

    def login(self, login, password):
        token = self.csrf("/quan-tri/dang-nhap")
        status, _, _ = self.post("/quan-tri/dang-nhap", {"csrf": token, "ten": login, "mat-khau": password})
        if status != 303:
            fail("login of %s answered %d" % (login, status))


def form_fields(body):
    """The entry form's fields as a browser sends them: [(name, value, kind)],
    kind 'select' (with its options) or 'input'."""
    form = body.split('class="ntm-entry-form"', 1)[1] if 'class="ntm-entry-form"' in body else body
    form = form.split("</form>", 1)[0]
    out = []
    for m in re.finditer(r"<(input|select|textarea)\b([^>]*)>", form):
        tag, attrs = m.group(1), m.group(2)
        a = dict((k, html.unescape(v)) for k, v in re.findall(r'([a-z-]+)="([^"]*)"', attrs))
        name = a.get("name")
        if not name or a.get("type") in ("submit", "button", "search"):
            continue
        if a.get("type") in ("checkbox", "radio") and " checked" not in attrs:
            continue
        if tag == "select":
            inner = form[m.end():form.index("</select>", m.end())]
            opts = [html.unescape(v) for v in re.findall(r'<option[^>]*value="([^"]*)"', inner)]
            sel = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', inner)
            out.append((name, html.unescape(sel.group(1)) if sel else (opts[0] if opts else ""), ("select", opts)))
        elif tag == "textarea":
            end = form.index("</textarea>", m.end())
            out.append((name, html.unescape(form[m.end():end]), ("input", None)))
        else:
            out.append((name, a.get("value", ""), ("input", None)))
    return out


def filled(fields, types, rnd, viec):
    """The fields with every indicator (gt-ID) given a value of its type."""
    data, n = [], 0
    for name, value, (kind, opts) in fields:
        if name == "viec":
            continue
        m = re.match(r"gt-(\d+)$", name)
        if m:
            n += 1
            t = types.get(int(m.group(1)), "number")
            if kind == "select":
                choices = [o for o in opts if o]
                value = rnd.choice(choices) if choices else ""
            elif t == "met":
                value = rnd.choice(["1", "0"])
            elif t == "percent":
                value = ("%.1f" % rnd.uniform(40, 100)).replace(".", ",")
            else:
                value = str(rnd.randint(1, 50000))
        data.append((name, value))
    data.append(("viec", viec))
    return data, n


def reader(port, paths, ready, start, stop, out):
    """Another process: GETs `paths` in turn from `start` until `stop`; puts
    {path: [ms]} on `out`."""
    b = Browser(port)
    got = {p: [] for p in paths}
    b.request("GET", paths[0])  # connected, warm
    ready.set()
    start.wait()
    c0, began, when = time.process_time(), time.perf_counter(), []
    i = 0
    while not stop.is_set():
        p = paths[i % len(paths)]
        i += 1
        t0 = time.perf_counter()
        status, _, _ = b.request("GET", p)
        got[p].append((time.perf_counter() - t0) * 1000.0)
        when.append((t0 - began, got[p][-1]))
        if status != 200:
            got.setdefault("errors", []).append(status)
    got["cpu"] = time.process_time() - c0
    got["when"] = when
    out.put(got)


def cpu_seconds(pid):
    """utime + stime of a process (all its threads), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dinh", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--db", help="a national demo database to copy (its dinh init output in FILE.logins.txt)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reporters", type=int, default=100)
    ap.add_argument("--saves", type=int, default=30)
    ap.add_argument("--rounds", type=int, default=3,
                    help="POSTs of each reporter in the burst: rounds-1 saves, then the submission")
    ap.add_argument("--cache", action="store_true", help="serve with the page cache on (as deployed), for comparison")
    ap.add_argument("--perf", help="record `perf record -g` of the server during the burst into this file")
    ap.add_argument("--baseline", type=int, default=100, help="GETs of each page before the load")
    args = ap.parse_args()
    out = {"reporters": args.reporters, "threads": args.threads, "page_cache": args.cache}
    db = os.path.join(args.work, "ntm-entry.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.unlink(db + suffix)
    if args.db:
        shutil.copyfile(args.db, db)
        logins = open(args.db + ".logins.txt").read()
    else:
        p = subprocess.run([args.dinh, "init", "--db", db, "--demo", "--ntm-scale", "national"],
                           capture_output=True, text=True, timeout=1800)
        if p.returncode != 0:
            fail("dinh init failed: " + p.stderr[-2000:])
        logins = p.stdout
    m = re.search(r"^\s+vanphong\s+(\S+)", logins, re.M)
    if not m:
        fail("no password of vanphong in the output of dinh init")
    office_pw = m.group(1)

    # 1a. the accounts, by the command line (two at a time: each hashes a password)
    names = ["baocao%03d" % i for i in range(args.reporters)]
    t0 = time.perf_counter()
    pending = []
    for name in names:
        pending.append(subprocess.Popen([args.dinh, "user", "add", "--db", db, "--login", name, "--role",
                                         "ntm_reporter", "--name", "Cán bộ xã %s" % name[6:]],
                                        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        pending[-1].stdin.write((PASSWORD + "\n").encode())
        pending[-1].stdin.close()
        if len(pending) == 2:
            for q in pending:
                if q.wait(60) != 0:
                    fail("dinh user add failed: " + q.stderr.read().decode()[-500:])
            pending = []
    for q in pending:
        if q.wait(60) != 0:
            fail("dinh user add failed: " + q.stderr.read().decode()[-500:])
    out["accounts_seconds"] = round(time.perf_counter() - t0, 1)

    port_file = os.path.join(args.work, "ntm-entry-port")
    if os.path.exists(port_file):
        os.unlink(port_file)
    proc = subprocess.Popen([args.dinh, "serve", "--db", db, "--listen", HOST + ":0", "--threads", str(args.threads),
                             "--static", args.static, "--port-file", port_file, "--demo-logins"]
                            + ([] if args.cache else ["--no-cache"]),
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(args.work, "ntm-entry.log"), "ab"))
    try:
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            if proc.poll() is not None:
                fail("dinh serve stopped (see %s/ntm-entry.log)" % args.work)
            time.sleep(0.05)
        else:
            fail("dinh did not start")
        port = int(open(port_file).read().strip())
        run(args, db, port, office_pw, names, out, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(json.dumps(out))


def run(args, db, port, office_pw, names, out, pid):
    ro = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    types = dict(ro.execute("SELECT id, value_type FROM ntm_indicator"))

    # 1b. each account its commune, through the office's page
    office = Browser(port)
    office.login("vanphong", office_pw)
    ids = {}
    for name in names:
        status, loc, _ = office.request("GET", OFFICE + "?ten=" + name)
        m = re.search(r"tai-khoan/(\d+)$", loc)
        if status != 303 or not m:
            fail("the office's account list did not find %s (%d)" % (name, status))
        ids[name] = int(m.group(1))
    status, _, page = office.request("GET", OFFICE + "%d" % ids[names[0]])
    home = [int(v) for v in re.findall(r'name="xa" value="(\d+)"', page)]
    if status != 200 or not home:
        fail("the office's account page lists no commune (%d)" % status)
    code_of = dict(ro.execute("SELECT id, code FROM ntm_unit WHERE id IN (%s)" % ",".join(map(str, home))))
    taken = set(ro.execute("SELECT unit_id, year, quarter FROM ntm_assessment"))

    def period_key(period):
        y, _, q = period.partition("-q")
        return int(y), int(q or 0)

    # (unit, period) pairs without data: every commune's first free period, then its second, ...
    free = []
    for period in PERIODS:
        y, q = period_key(period)
        free += [(u, period) for u in home if (u, y, q) not in taken]
    if len(free) < len(names) + 1:
        fail("only %d (commune, period) pairs without data" % len(free))
    jobs = {}
    for i, name in enumerate(names):
        unit, period = free[i]
        token = office.csrf(OFFICE + "%d" % ids[name])
        status, loc, body = office.post(OFFICE + "%d" % ids[name], [("xa", str(unit)), ("csrf", token)])
        if status != 303:
            fail("giving %s a commune answered %d: %s" % (name, status, re.sub(r"\s+", " ", body)[:300]))
        jobs[name] = (code_of[unit], period)
    out["communes"] = len({j[0] for j in jobs.values()})
    out["home_communes"] = len(home)
    out["periods"] = sorted({j[1] for j in jobs.values()})

    # 2. every reporter signs in
    t0 = time.perf_counter()
    people = {}
    for name in names:
        b = Browser(port)
        b.login(name, PASSWORD)
        people[name] = b
    out["logins_seconds"] = round(time.perf_counter() - t0, 1)

    # 3. one reporter saves its full form, in sequence (a spare pair: the last free one)
    rnd = random.Random(318)
    first = people[names[0]]
    unit, period = free[len(names)]
    token = office.csrf(OFFICE + "%d" % ids[names[0]])
    status, _, _ = office.post(OFFICE + "%d" % ids[names[0]],
                               [("xa", str(unit)), ("xa", str(free[0][0])), ("csrf", token)])
    if status != 303:
        fail("giving %s a second commune answered %d" % (names[0], status))
    url = ENTRY % (code_of[unit], period)
    status, _, body = first.request("GET", url)
    if status != 200:
        fail("GET %s answered %d" % (url, status))
    fields = form_fields(body)
    if not any(f[0].startswith("gt-") for f in fields):
        with open(os.path.join(args.work, "ntm-entry-form.html"), "w") as f:
            f.write(body)
        fail("the entry form %s has no indicator (saved to ntm-entry-form.html)" % url)
    ts = []
    n_ind = 0
    for i in range(args.saves + 1):
        data, n_ind = filled(fields, types, rnd, "luu")
        body = urllib.parse.urlencode(data)
        t0 = time.perf_counter()
        status, loc, answer = first.request("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded"})
        ms = (time.perf_counter() - t0) * 1000.0
        if status != 303:
            fail("saving %s answered %d: %s" % (url, status, re.sub(r"\s+", " ", answer)[:600]))
        if i:  # the first one warms up
            ts.append(ms)
    y, q = period_key(period)
    stored = ro.execute("SELECT count(*) FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                        "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = ? AND a.quarter = ?",
                        (code_of[unit], y, q)).fetchone()[0]
    out["single"] = dict(stats(ts), indicators=n_ind, stored_values=stored, unit=code_of[unit], period=period)

    # the public pages: the dashboard and commune pages of the province with accepted data
    summary = json.loads(Browser(port).request("GET", "/api/v1/ntm/tong-hop")[2])
    year, province = summary["nam"], summary["tinh"]["ma"]
    communes = [r[0] for r in ro.execute(
        "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id JOIN ntm_assessment a "
        "ON a.unit_id = u.id AND a.state = 'accepted' AND a.quarter = 0 AND a.year = ? "
        "WHERE p.code = ? AND u.valid_to IS NULL ORDER BY u.code", (year, province))]
    if not communes:
        fail("no commune with an accepted assessment in %s" % year)
    paths = ["/nong-thon-moi/"] + ["/nong-thon-moi/xa/%s" % c for c in communes[:20]]
    # dashboard, commune, dashboard, commune, ... so both are sampled alike
    order = []
    for c in paths[1:]:
        order += [paths[0], c]

    def by_kind(got):
        dash = got.get(paths[0], [])
        com = [t for p in paths[1:] for t in got.get(p, [])]
        return {"dashboard": stats(dash), "commune": stats(com)}

    pub = Browser(port)
    base = {p: [] for p in paths}
    pub.request("GET", paths[0])
    for i in range(2 * args.baseline):
        p = order[i % len(order)]
        t0 = time.perf_counter()
        status, _, _ = pub.request("GET", p)
        base[p].append((time.perf_counter() - t0) * 1000.0)
        if status != 200:
            fail("GET %s answered %d" % (p, status))
    out["pages_idle"] = by_kind(base)

    # 4. every reporter saves and submits at once; another process reads the public pages meanwhile
    forms = {}
    for name in names:
        code, period = jobs[name]
        u = ENTRY % (code, period)
        status, _, body = people[name].request("GET", u)
        if status != 200:
            fail("GET %s as %s answered %d" % (u, name, status))
        fields = form_fields(body)
        forms[name] = (u, [urllib.parse.urlencode(filled(fields, types, rnd, "luu" if k < args.rounds - 1 else "gui")[0])
                           for k in range(args.rounds)])
    ctx = multiprocessing.get_context("fork")
    ready, start, stop, q = ctx.Event(), ctx.Event(), ctx.Event(), ctx.Queue()
    rp = ctx.Process(target=reader, args=(port, order, ready, start, stop, q))
    rp.start()
    if not ready.wait(30):
        fail("the reading process did not start")
    barrier = threading.Barrier(len(names) + 1)
    results = {}

    def submit(name):
        u, bodies = forms[name]
        b = people[name]
        got_ = []
        barrier.wait()
        for body in bodies:
            t0 = time.perf_counter()
            try:
                status, _, _ = b.request("POST", u, body, {"Content-Type": "application/x-www-form-urlencoded"})
            except Exception as e:  # noqa: BLE001 - reported as a failure below
                status = str(e)
            got_.append(((time.perf_counter() - t0) * 1000.0, status))
        results[name] = got_

    threads = [threading.Thread(target=submit, args=(n,)) for n in names]
    for t in threads:
        t.start()
    perf = None
    if args.perf:  # a profile of the server during the burst only
        perf = subprocess.Popen(["perf", "record", "-q", "--call-graph", "dwarf,16384", "-F", "999", "-p", str(pid), "-o", args.perf],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    barrier.wait()
    start.set()
    t0 = time.perf_counter()
    cpu0, mine0 = cpu_seconds(pid), time.process_time()
    for t in threads:
        t.join(300)
    window = time.perf_counter() - t0
    cpu1, mine1 = cpu_seconds(pid), time.process_time()
    if perf:
        perf.send_signal(2)
        perf.wait(60)
    stop.set()
    got = q.get(timeout=60)
    out["burst_cpu"] = {"server_s": round(cpu1 - cpu0, 2), "reporters_s": round(mine1 - mine0, 2),
                        "reader_s": round(got.pop("cpu", 0.0), 2), "cores": os.cpu_count()}
    rp.join(30)
    posts = [x for r in results.values() for x in r]
    bad = [s for _, s in posts if s != 303]
    submitted = 0
    for code, period in jobs.values():
        y, q_ = period_key(period)
        submitted += ro.execute("SELECT count(*) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                "WHERE u.code = ? AND a.year = ? AND a.quarter = ? AND a.state = 'submitted'",
                                (code, y, q_)).fetchone()[0]
    out["burst"] = dict(stats([ms for ms, _ in posts]), rounds=args.rounds, seconds=round(window, 2),
                        failed=len(bad), statuses=sorted({str(s) for s in bad}), submitted=submitted,
                        submissions=stats([r[-1][0] for r in results.values()]))
    when = got.pop("when", [])
    out["pages_burst"] = by_kind(got)
    # the pages asked in the first tenth of the burst (when every reporter's first POST has just come)
    # against the rest
    cut = window / 10.0
    out["pages_burst"]["first_tenth"] = stats([ms for at, ms in when if at < cut])
    out["pages_burst"]["rest"] = stats([ms for at, ms in when if at >= cut])
    out["pages_burst"]["errors"] = len(got.get("errors", []))
    out["year"], out["province"] = year, province


if __name__ == "__main__":
    main()
