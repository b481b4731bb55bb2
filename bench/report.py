#!/usr/bin/env python3
"""report.py - turn the raw lines of bench/run.sh into a Markdown report.

Usage: report.py RAW_FILE  (writes Markdown to stdout; Python 3 standard library only)

RAW_FILE holds lines "meta KEY=VALUE" and "tp key=value key=value ...", one
per wrk run (see run.sh and summary.lua), and "search cpu_ticks=N {JSON}", one
per run of bench/search.py.
"""
import json
import statistics
import sys

# Targets from the issue.
CACHE_RATIO = 1.0        # page cache: at least nginx's requests/s
NOCACHE_RATIO = 0.3      # --no-cache: at least 0.3x nginx
RSS_MIB = 40             # resident memory after the walk, under 40 MiB
INIT_SECONDS = 60        # dinh init --articles 100000, under a minute
SEARCH_P95_MS = {100000: 20.0, 1000000: 50.0}   # search p95, by database size

PAGES = [("article", "article page"), ("home", "home page")]


def load(path):
    meta, runs, searches = {}, [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("meta "):
                k, _, v = line[5:].partition("=")
                meta[k] = v
            elif line.startswith("tp "):
                r = {}
                for field in line[3:].split():
                    k, _, v = field.partition("=")
                    r[k] = v if k in ("page", "server", "enc") else int(v)
                r.setdefault("enc", "plain")  # runs before gzip was measured
                r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
                r["errors"] = sum(r[k] for k in r if k.startswith("err_"))
                runs.append(r)
            elif line.startswith("search "):
                head, _, js = line[7:].partition(" ")
                r = json.loads(js)
                r["cpu_ticks"] = int(head.partition("=")[2])
                searches.append(r)
    return meta, runs, searches


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def ms(us):
    return "%.2f" % (us / 1000.0)


def fmt_rps(x):
    return "{:,.0f}".format(x)


def walk_text(walk):
    t = "%s × 200, %s other in %.1f s (%.0f req/s)" % (
        "{:,}".format(walk.get("ok", 0)), walk.get("bad", 0), walk.get("seconds", 0),
        (walk.get("ok", 0) + walk.get("bad", 0)) / max(walk.get("seconds", 0), 0.001))
    if walk.get("cut"):
        t += "; **stopped at the time cap after %s of %s**" % (
            "{:,}".format(walk.get("ok", 0) + walk.get("bad", 0)), "{:,}".format(walk.get("requested", 0)))
    return t


def verdict(ok):
    return "**PASS**" if ok else "**FAIL**"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: report.py RAW_FILE")
    meta, runs, searches = load(sys.argv[1])
    tck = int(meta.get("clk_tck", "100"))
    threads = meta.get("threads", "?")

    def pick(page, server, enc="plain"):
        return sorted((r for r in runs if r["page"] == page and r["server"] == server and r["enc"] == enc),
                      key=lambda r: r["round"])

    def cpu_us(rs):
        vals = [r["cpu_ticks"] * 1e6 / tck / r["requests"] for r in rs if r["requests"]]
        return med(vals)

    out = []
    w = out.append
    w("# dinh load benchmark")
    w("")
    w("- date: %s; load average at start %s, at end %s" % (
        meta.get("date", "?"), meta.get("loadavg_start", "?"), meta.get("loadavg_end", "?")))
    w("- machine: `nproc` %s, %s, %s, %s" % (
        meta.get("nproc", "?"), meta.get("cpu", "?"), meta.get("kernel", "?"), meta.get("os", "?")))
    if runs:
        w("- dinh %s (binary built %s): `serve --threads %s`; nginx %s: `worker_processes %s`, `listen ... reuseport`, "
          "`access_log off`, `sendfile on`, `open_file_cache`, `keepalive_requests 1000000`, serving the bytes "
          "dinh sent for each page as a static file, with the same security, cache and `Vary` headers" % (
              meta.get("git", "?"), meta.get("built", "?"), threads, meta.get("nginx", "?"), threads))
        w("- client: wrk %s `-t1 -c%s -d%ss --latency`, same headers to both (a browser User-Agent, "
          "`Accept: text/html...`; `Accept-Encoding: gzip` only in the gzip rows, where nginx answers with "
          "`gzip_static` from the compressed bytes dinh sent), %ss warm-up per server and page, %s rounds with the "
          "server order rotating; wrk and the servers share the %s cores" % (
              meta.get("wrk", "?"), meta.get("conns", "?"), meta.get("seconds", "?"), meta.get("warmup", "?"),
              meta.get("rounds", "?"), meta.get("nproc", "?")))
        w("- req/s and latencies are medians over the rounds; the ratio is the median of dinh/nginx "
          "taken within each round; CPU µs/req is the server's utime+stime (all threads; nginx: master + "
          "workers) per request served")
    else:
        w("- dinh %s (binary built %s), `serve --threads %s`; only the NTM monitor's part (BENCH_ONLY=ntm)" % (
            meta.get("git", "?"), meta.get("built", "?"), threads))
    w("")
    w("| case | measured | target | result | dinh req/s | nginx req/s | dinh p50 / p99 ms | "
      "nginx p50 / p99 ms | CPU µs/req dinh / nginx | body bytes |")
    w("|---|---|---|---|---|---|---|---|---|---|")

    for server, enc, label, target in (("cache", "plain", "page cache", CACHE_RATIO),
                                       ("cache", "gzip", "page cache, gzip", CACHE_RATIO),
                                       ("nocache", "plain", "`--no-cache`", NOCACHE_RATIO),
                                       ("pieces", "plain", "`--no-page-cache`, pieces kept", NOCACHE_RATIO),
                                       # no target: nginx answers it from bytes compressed beforehand,
                                       # dinh draws and compresses (the row shows what a miss costs)
                                       ("pieces", "gzip", "`--no-page-cache`, gzip: a browser's page-cache miss",
                                        None)):
        for page, pname in PAGES:
            d, n = pick(page, server, enc), pick(page, "nginx", enc)
            if not d or not n:
                continue
            nby = {r["round"]: r for r in n}
            ratios = [r["rps"] / nby[r["round"]]["rps"] for r in d if r["round"] in nby]
            errs = sum(r["errors"] for r in d)
            ok = bool(ratios) and (target is None or med(ratios) >= target) and errs == 0
            measured = "%.2f× nginx (%.2f–%.2f)" % (med(ratios), min(ratios), max(ratios))
            if errs:
                measured += "; %d errors/non-2xx" % errs
            w("| %s, %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %.1f / %.1f | %s |" % (
                pname, label, measured, "–" if target is None else "≥ %.1f×" % target,
                verdict(ok) if target is not None or errs else "measured",
                fmt_rps(med([r["rps"] for r in d])), fmt_rps(med([r["rps"] for r in n])),
                ms(med([r["p50_us"] for r in d])), ms(med([r["p99_us"] for r in d])),
                ms(med([r["p50_us"] for r in n])), ms(med([r["p99_us"] for r in n])),
                cpu_us(d), cpu_us(n), meta.get(("gzbytes_" if enc == "gzip" else "bytes_") + page, "?")))

    n_art = int(meta.get("init_articles", "0") or 0)
    if "rss_mem_kb" in meta:
        walk = json.loads(meta.get("walk_mem", "{}"))
        kb = int(meta["rss_mem_kb"])
        ok = kb < RSS_MIB * 1024 and walk.get("bad", 1) == 0 and walk.get("ok", 0) >= int(meta.get("mem_articles", 0))
        w("| VmRSS of `serve --threads %s` (page cache on, default budget) after GETs of %s distinct articles "
          "of a %s-article database | %.1f MiB (at start %.1f MiB, peak VmHWM %.1f MiB); %s | < %d MiB | %s "
          "| | | | | | |" % (
              threads, "{:,}".format(int(meta.get("mem_articles", 0))), "{:,}".format(n_art), kb / 1024.0,
              int(meta.get("rss_mem_start_kb", 0)) / 1024.0, int(meta.get("hwm_mem_kb", 0)) / 1024.0,
              walk_text(walk), RSS_MIB, verdict(ok)))
    if "rss_memnocache_kb" in meta:
        walk = json.loads(meta.get("walk_memnocache", "{}"))
        kb = int(meta["rss_memnocache_kb"])
        w("| the same with `--no-cache` (for comparison) | %.1f MiB (at start %.1f MiB, peak %.1f MiB); "
          "%s | | info | | | | | | |" % (
              kb / 1024.0, int(meta.get("rss_memnocache_start_kb", 0)) / 1024.0,
              int(meta.get("hwm_memnocache_kb", 0)) / 1024.0, walk_text(walk)))
    if "init_seconds" in meta:
        secs = float(meta["init_seconds"])
        w("| `dinh init --articles %s` | %.1f s (database %.0f MiB) | < %d s | %s | | | | | | |" % (
            "{:,}".format(n_art), secs, int(meta.get("init_db_bytes", 0)) / 1048576.0,
            INIT_SECONDS, verdict(secs < INIT_SECONDS)))
    if "quick_check_ms" in meta:
        w("| checking the %s-article database: `quick_check` before `init` and `serve` write / `dinh check` "
          "(`integrity_check`) | %s ms / %.1f s | | info | | | | | | |" % (
              "{:,}".format(n_art), meta["quick_check_ms"], float(meta.get("integrity_check_seconds", "nan"))))

    guard = json.loads(meta.get("guard_cost", "{}") or "{}")
    if guard.get("requests"):
        w("| checking each request head before h2o (guard.c), callgrind over %s cached hits of the article "
          "page | %s instructions of %s per request (%.1f%%) | | info | | | | | | |" % (
              n_fmt(guard["requests"]), n_fmt(guard["head_check_ir_per_request"]),
              n_fmt(guard["ir_per_request"]), 100.0 * guard["share"]))
    elif guard.get("skipped"):
        w("| checking each request head before h2o | not measured: %s | | info | | | | | | |" % guard["skipped"])
    newsroom_rows(w, json.loads(meta.get("newsroom", "{}") or "{}"), n_art)
    ntm_import_row(w, json.loads(meta.get("ntm_import", "{}") or "{}"))
    ntm_rows(w, json.loads(meta.get("ntm", "{}") or "{}"), threads)
    ntm_entry_rows(w, json.loads(meta.get("ntm_entry", "{}") or "{}"), meta.get("ntm_entry_loadavg", "?"))
    if not runs:
        if searches or "search_repeat" in meta:
            search_section(w, meta, searches, tck, threads)
        print("\n".join(out))
        return

    w("")
    w("Rounds (req/s · p50 / p99 ms · CPU µs/req):")
    w("")
    w("| round | page | nginx | dinh, page cache | dinh, `--no-cache` | dinh, `--no-page-cache` | nginx, gzip | "
      "dinh, page cache, gzip | dinh, `--no-page-cache`, gzip |")
    w("|---|---|---|---|---|---|---|---|---|")
    rounds = sorted({r["round"] for r in runs})
    for rd in rounds:
        for page, pname in PAGES:
            cells = []
            for server, enc in (("nginx", "plain"), ("cache", "plain"), ("nocache", "plain"), ("pieces", "plain"),
                                ("nginx", "gzip"), ("cache", "gzip"), ("pieces", "gzip")):
                rs = [r for r in runs if r["round"] == rd and r["page"] == page and r["server"] == server
                      and r["enc"] == enc]
                if not rs:
                    cells.append("")
                    continue
                r = rs[0]
                c = "%s · %s / %s · %.1f" % (fmt_rps(r["rps"]), ms(r["p50_us"]), ms(r["p99_us"]),
                                            r["cpu_ticks"] * 1e6 / tck / max(r["requests"], 1))
                if r["errors"]:
                    c += " · %d errors" % r["errors"]
                cells.append(c)
            w("| %d | %s | %s |" % (rd, page, " | ".join(cells)))
    w("")
    w("Resident memory of the demo-database servers after the rounds: page cache %.1f MiB, "
      "`--no-cache` %.1f MiB." % (int(meta.get("rss_demo_cache_kb", 0) or 0) / 1024.0,
                                  int(meta.get("rss_demo_nocache_kb", 0) or 0) / 1024.0))
    if searches or "search_repeat" in meta:
        search_section(w, meta, searches, tck, threads)
    print("\n".join(out))


NEWSROOM_LIST_MS = 50       # the article list with filters, under 50 ms
NEWSROOM_EDITORS = 0.9      # the cached page keeps 90 % of its rate while 20 editors save
NEWSROOM_FLOOD = 0.8        # ... and 80 % under 200 wrong logins a second
NEWSROOM_LOGIN_S = 2.0      # a correct login in the flood


def newsroom_rows(w, nr, n_art):
    """The newsroom's targets, as rows of the summary table."""
    if not nr:
        return
    lst = nr.get("list", {})
    if lst and "error" not in lst:
        worst = max(v["p95_ms"] for v in lst.values())
        detail = ", ".join("%s %s" % (k, v["p95_ms"]) for k, v in lst.items())
        w("| newsroom article list of %s articles with filters, p95 (ms: %s) | worst %.1f ms | < %d ms | %s "
          "| | | | | | |" % ("{:,}".format(n_art), detail, worst, NEWSROOM_LIST_MS, verdict(worst < NEWSROOM_LIST_MS)))
    ed = nr.get("editors")
    if ed:
        w("| cached article page while 20 editors save a draft every 3 s (%d saves) | %s of %s req/s (%.2f×) "
          "| ≥ %.1f× | %s | | | | | | |" % (ed["saves"], n_fmt(ed["with_editors_rps"]), n_fmt(ed["alone_rps"]),
                                          ed["ratio"], NEWSROOM_EDITORS, verdict(ed["ratio"] >= NEWSROOM_EDITORS)))
    fl = nr.get("flood")
    if fl:
        ok = fl["ratio"] >= NEWSROOM_FLOOD
        w("| cached article page under %d wrong logins a second from many addresses | %s of %s req/s (%.2f×) "
          "| ≥ %.1f× | %s | | | | | | |" % (fl["attempts_per_s"], n_fmt(fl["with_flood_rps"]), n_fmt(fl["alone_rps"]),
                                          fl["ratio"], NEWSROOM_FLOOD, verdict(ok)))
        good = fl["correct_login_status"] == 303 and fl["correct_login_s"] < NEWSROOM_LOGIN_S
        w("| a correct login during that flood | %s in %.2f s | < %.0f s | %s | | | | | | |" % (
            "signed in" if fl["correct_login_status"] == 303 else "refused (%s)" % fl["correct_login_status"],
            fl["correct_login_s"], NEWSROOM_LOGIN_S, verdict(good)))


NTM_IMPORT_S = 30           # a national workbook imported in under 30 s


def ntm_import_row(w, r):
    """Importing a national NTM workbook as the office (bench/ntm_excel.py)."""
    if not r:
        return
    ok = r.get("status") == 200 and r.get("written_communes") == r.get("communes") and r["seconds"] < NTM_IMPORT_S
    w("| importing a national NTM workbook as the office (%s communes × the 2021–2025 set, %s values, %s KB) "
      "| %.1f s%s | < %d s | %s | | | | | | |" % (
          n_fmt(r.get("communes", 0)), n_fmt(r.get("values", 0)), n_fmt(r.get("bytes", 0) // 1024), r["seconds"],
          "" if r.get("status") == 200 else " (answered %s)" % r.get("status"), NTM_IMPORT_S, verdict(ok)))
NTM_PAGE_MS = {"dashboard": 20, "map": 20, "national": 100, "commune": 5}  # p95 targets from the issue
NTM_XLSX_S = 3.0         # the national matrix as .xlsx
NTM_RSS_MIB = 60         # the server's VmRSS after the run
NTM_INIT_S = 120         # dinh init --demo --ntm-scale national
NTM_NAMES = {"dashboard": "province dashboard `/nong-thon-moi/`", "map": "map `/nong-thon-moi/ban-do`",
             "national": "national summary `/nong-thon-moi/ca-nuoc`",
             "national_json": "national summary as JSON `/api/v1/ntm/ca-nuoc`",
             "commune": "commune page `/nong-thon-moi/xa/…`"}


def ntm_rows(w, nt, threads):
    """The NTM monitor's targets at national scale, as rows of the summary table."""
    if not nt:
        return
    scale = "%s communes, %s accepted assessments, `--no-cache`" % (n_fmt(nt.get("units", 0)),
                                                                    n_fmt(nt.get("assessments", 0)))
    if nt.get("init_seconds") is not None:
        w("| NTM: `dinh init --demo --ntm-scale national` | %.1f s | < %d s | %s | | | | | | |" % (
            nt["init_seconds"], NTM_INIT_S, verdict(nt["init_seconds"] < NTM_INIT_S)))
    for key, name in NTM_NAMES.items():
        pg = nt.get("pages", {}).get(key)
        if not pg:
            continue
        target = NTM_PAGE_MS.get(key)
        w("| NTM %s (%s), %d requests in sequence | p50 %s ms, p95 %s ms (max %s) | %s | %s | | | | | | |" % (
            name, scale, pg["n"], msf(pg["p50_ms"]), msf(pg["p95_ms"]), msf(pg["max_ms"]),
            "p95 < %d ms" % target if target else "", verdict(pg["p95_ms"] < target) if target else "info"))
    xl = nt.get("xlsx")
    if xl:
        worst = max(xl["seconds"])
        w("| NTM national commune × criteria matrix `/nong-thon-moi/ca-nuoc.xlsx` (every year, %s KiB) | %s s "
          "(worst of %d) | < %.0f s | %s | | | | | | |" % (
              n_fmt(xl["bytes"] / 1024), "%.2f" % worst, len(xl["seconds"]), NTM_XLSX_S, verdict(worst < NTM_XLSX_S)))
    ch = nt.get("change")
    if ch:
        w("| NTM a change shows at once: an assessment accepted through the module's write, until the dashboard "
          "counts it | %s ms, shown by GET no. %d (no batch job) | the next request | %s | | | | | | |" % (
              msf(ch["ms"]), ch["gets"], verdict(ch["gets"] == 1)))
    if nt.get("rss_kb"):
        mib = nt["rss_kb"] / 1024.0
        w("| NTM VmRSS of `serve --no-cache --threads %s` after all of the above | %.1f MiB (peak %.1f MiB) "
          "| < %d MiB | %s | | | | | | |" % (threads, mib, nt.get("hwm_kb", 0) / 1024.0, NTM_RSS_MIB,
                                          verdict(mib < NTM_RSS_MIB)))


NTM_SAVE_MS = 50        # a commune's full set saved (issue 10)


def ntm_entry_rows(w, e, loadavg):
    """Commune reporters saving the entry form (bench/ntm_entry.py), as rows of the summary table."""
    if not e:
        return
    one = e.get("single", {})
    if one.get("n"):
        w("| NTM a commune reporter saves a full QĐ 318 set (%d indicators, %s stored; %s, %s), %d saves in sequence, "
          "`--no-cache --threads %s` | p50 %s ms, p95 %s ms (max %s) | p95 < %d ms | %s | | | | | | |" % (
              one["indicators"], one.get("stored_values", "?"), one.get("unit", "?"), one.get("period", "?"), one["n"],
              e.get("threads", "?"), msf(one["p50_ms"]), msf(one["p95_ms"]), msf(one["max_ms"]), NTM_SAVE_MS,
              verdict(one["p95_ms"] < NTM_SAVE_MS)))
    b = e.get("burst", {})
    if not b.get("n"):
        return
    ok = b.get("failed") == 0 and b.get("submitted") == e.get("reporters")
    w("| NTM %d reporters (%d communes, periods %s) at once, each saving %d× and submitting its full set "
      "(load average %s) | all POSTs p50 %s ms, p95 %s ms (max %s); submissions p95 %s ms; %d submitted, %d failed%s; "
      "%.2f s in all | every one accepted | %s | | | | | | |" % (
          e["reporters"], e.get("communes", 0), ", ".join(e.get("periods", [])), b.get("rounds", 1) - 1, loadavg,
          msf(b["p50_ms"]), msf(b["p95_ms"]), msf(b["max_ms"]), msf(b.get("submissions", {}).get("p95_ms")),
          b.get("submitted", 0), b.get("failed", 0),
          " (%s)" % ", ".join(b["statuses"]) if b.get("statuses") else "", b.get("seconds", 0), verdict(ok)))
    cpu = e.get("burst_cpu")
    if cpu:
        w("| NTM CPU during that burst (utime+stime) | server %.2f s, the reporters' client %.2f s, the page reader "
          "%.2f s, in %.2f s on %s cores | | info | | | | | | |" % (
              cpu["server_s"], cpu["reporters_s"], cpu["reader_s"], b.get("seconds", 0), cpu.get("cores", "?")))
    for key, name in (("dashboard", "province dashboard `/nong-thon-moi/`"), ("commune", "commune page `/nong-thon-moi/xa/…`")):
        idle = e.get("pages_idle", {}).get(key, {})
        busy = e.get("pages_burst", {}).get(key, {})
        if not busy.get("n"):
            w("| NTM %s while the %d reporters submit | no request in the window | p95 < %d ms | **FAIL** "
              "| | | | | | |" % (name, e["reporters"], NTM_PAGE_MS[key]))
            continue
        w("| NTM %s while the %d reporters submit (another process, in turn with the other page) | p50 %s ms, "
          "p95 %s ms (max %s), %d requests; alone before: p95 %s ms | p95 < %d ms | %s | | | | | | |" % (
              name, e["reporters"], msf(busy["p50_ms"]), msf(busy["p95_ms"]), msf(busy["max_ms"]), busy["n"],
              msf(idle.get("p95_ms")), NTM_PAGE_MS[key], verdict(busy["p95_ms"] < NTM_PAGE_MS[key])))
    first, rest = e.get("pages_burst", {}).get("first_tenth", {}), e.get("pages_burst", {}).get("rest", {})
    if first.get("n") and rest.get("n"):
        w("| NTM both pages by when they were asked: in the first tenth of the burst (every reporter's first POST "
          "just in) / after | p50 %s / %s ms, p95 %s / %s ms (%d / %d requests) | | info | | | | | | |" % (
              msf(first["p50_ms"]), msf(rest["p50_ms"]), msf(first["p95_ms"]), msf(rest["p95_ms"]), first["n"],
              rest["n"]))


def n_fmt(n):
    return "{:,}".format(int(n))


def msf(x):
    return "–" if x is None else ("%.1f" % x if x >= 10 else "%.2f" % x)


def line_of(q):
    """The query's line in search-queries.txt ({van-ban:N} not resolved)."""
    return q.get("line") or q["name"].split(" → ", 1)[0]


def code(text):
    """text as inline code in a Markdown table cell."""
    return "`%s`" % text.replace("`", "'").replace("|", "\\|")


def search_section(w, meta, searches, tck, threads):
    w("")
    w("## Search latency")
    w("")
    first = searches[0] if searches else {}
    w("- `dinh serve --threads %s --no-cache`, so that every request runs the search; the %s queries of "
      "`bench/search-queries.txt` (rare words, the commonest words with and without diacritics, quoted "
      "phrases, document numbers, year and kind filters, page 2, 12- and 15-word queries, hostile input), each "
      "once untimed, then %s timed rounds over the list" % (threads, first.get("queries", "?"),
                                                           meta.get("search_repeat", "?")))
    w("- client `bench/search.py` (Python http.client on keep-alive connections, on the same %s cores): "
      "one client in order, then %s clients taking the next request of the same list; a request fails "
      "unless it answers 200 with `<h1>Tìm kiếm</h1>` within %s s (a failure's time still counts); "
      "percentiles are nearest-rank over every timed request of the run, in ms at the client; each run "
      "stops after %s s" % (meta.get("nproc", "?"), meta.get("search_clients", "?"),
                            meta.get("search_timeout", "?"), meta.get("search_seconds", "?")))
    w("- the targets apply to the one-client run (the latency of one search); the %s-client run shows "
      "what queueing on %s server threads adds (there a query's time is mostly its wait behind slower "
      "ones, so its worst query is whichever queued longest). Server CPU is dinh's utime+stime per "
      "request, warm-up included" % (meta.get("search_clients", "?"), threads))
    w("")
    w("| database | clients | requests (failed) | p50 ms | p95 ms | p99 ms | max ms | server CPU ms/req "
      "| worst query (its p95 ms) | target | result |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    sizes = []
    for r in searches:
        if r["articles"] not in sizes:
            sizes.append(r["articles"])
    for r in searches:
        n = r["articles"]
        target = SEARCH_P95_MS.get(n) if r["clients"] == 1 else None
        reqs = "%s (%d)" % (n_fmt(r["requests"]), r["failed"])
        if r["warmup_failed"]:
            reqs += "; %d failed in the warm-up" % r["warmup_failed"]
        if r["cut"]:
            reqs += "; **stopped at the %s s cap after %s of %s**" % (
                meta.get("search_seconds", "?"), n_fmt(r["requests"]), n_fmt(r["planned"]))
        cpu = r["cpu_ticks"] * 1000.0 / tck / max(r["requests"] + r["queries"], 1)
        if target is None:
            tgt, res = "", "info"
        else:
            ok = r.get("p95") is not None and r["p95"] < target and r["failed"] == 0 and r["warmup_failed"] == 0
            tgt = "p95 < %g ms" % target
            res = verdict(ok)
            if r["cut"]:  # what was measured passes, but not everything was measured
                res = "not decided (incomplete)" if ok else res + " (incomplete)"
        label = "%s articles" % n_fmt(n)
        if r.get("note"):
            label += " (%s)" % r["note"]
        w("| %s | %d | %s | %s | %s | %s | %s | %.2f | %s (%s) | %s | %s |" % (
            label, r["clients"], reqs, msf(r.get("p50")), msf(r.get("p95")), msf(r.get("p99")),
            msf(r.get("max")), cpu, code(r["worst"] or "–"), msf(r["worst_p95"]), tgt, res))
    for n, target in sorted(SEARCH_P95_MS.items()):
        if not any(r["articles"] == n and r["clients"] == 1 for r in searches):
            if n == 1000000 and meta.get("search_big_wanted") is None:
                why = "not measured: `BENCH_SEARCH_MILLION=1` measures it (minutes; the database is kept)"
            else:
                why = "not measured: " + meta.get("search_big_skipped", "see the notes in the row above")
            w("| %s articles | | %s | | | | | | | p95 < %g ms | not run |" % (n_fmt(n), why, target))

    loads = ["%s articles: %s" % (n_fmt(n), meta["search_loadavg_%d" % n]) for n in sizes
             if "search_loadavg_%d" % n in meta]
    if loads:
        w("")
        w("Load average when each database's runs began (other work on the machine shows here): %s." %
          "; ".join(loads))

    # every query of the one-client runs (in the concurrent ones a query mostly waits for others)
    runs = [r for r in searches if r["clients"] == 1]
    if not runs:
        return
    w("")
    w("Each query, one client (p50 / p95 / max ms; **bold**: p95 not under the target of that size):")
    w("")
    w("| query | " + " | ".join("%s articles" % n_fmt(r["articles"]) for r in runs) + " |")
    w("|---|" + "---|" * len(runs))
    lines = []
    for r in runs:
        for q in r["per_query"] + [{"name": sk["name"]} for sk in r.get("skipped", [])]:
            if line_of(q) not in lines:
                lines.append(line_of(q))
    by_run = [{line_of(q): q for q in r["per_query"]} for r in runs]
    for line in lines:
        cells = []
        for r, qs in zip(runs, by_run):
            q = qs.get(line)
            if not q or not q["n"]:
                cells.append("–")
                continue
            p95 = msf(q["p95"])
            t = SEARCH_P95_MS.get(r["articles"])
            if t is not None and q["p95"] >= t:
                p95 = "**%s**" % p95
            c = "%s / %s / %s" % (msf(q["p50"]), p95, msf(q["max"]))
            if q["name"] != line:  # {van-ban:N}: the number it stood for in this database
                c += " (%s)" % q["name"].split(" → ", 1)[-1].replace("|", "\\|")
            if q["fail"]:
                c += " · %d failed (%s)" % (q["fail"], ", ".join("%s × %d" % kv for kv in q["why"].items()))
            cells.append(c)
        w("| %s | %s |" % (code(line), " | ".join(cells)))
    skipped = ["`%s` at %s articles (%s)" % (sk["name"], n_fmt(r["articles"]), sk["why"])
               for r in runs for sk in r.get("skipped", [])]
    if skipped:
        w("")
        w("Not run: " + "; ".join(skipped) + ".")
    for n in sorted({r["articles"] for r in runs}):
        how = meta.get("search_db_%d" % n)
        if how:
            w("")
            w("The %s-article database: %s (bench/results/search-db, key %s)." % (
                n_fmt(n), how, meta.get("search_key", "?")))


if __name__ == "__main__":
    main()
