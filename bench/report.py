#!/usr/bin/env python3
"""report.py - turn the raw lines of bench/run.sh into a Markdown report.

Usage: report.py RAW_FILE  (writes Markdown to stdout; Python 3 standard library only)

RAW_FILE holds lines "meta KEY=VALUE" and "tp key=value key=value ...", one
per wrk run (see run.sh and summary.lua).
"""
import json
import statistics
import sys

# Targets from the issue.
CACHE_RATIO = 1.0        # page cache: at least nginx's requests/s
NOCACHE_RATIO = 0.3      # --no-cache: at least 0.3x nginx
RSS_MIB = 40             # resident memory after the walk, under 40 MiB
INIT_SECONDS = 60        # dinh init --articles 100000, under a minute

PAGES = [("article", "article page"), ("home", "home page")]


def load(path):
    meta, runs = {}, []
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
                    r[k] = v if k in ("page", "server") else int(v)
                r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
                r["errors"] = sum(r[k] for k in r if k.startswith("err_"))
                runs.append(r)
    return meta, runs


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
    meta, runs = load(sys.argv[1])
    tck = int(meta.get("clk_tck", "100"))
    threads = meta.get("threads", "?")

    def pick(page, server):
        return sorted((r for r in runs if r["page"] == page and r["server"] == server),
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
    w("- dinh %s (binary built %s): `serve --threads %s`; nginx %s: `worker_processes %s`, `listen ... reuseport`, "
      "`access_log off`, `sendfile on`, `open_file_cache`, `keepalive_requests 1000000`, serving the bytes "
      "dinh sent for each page as a static file" % (
          meta.get("git", "?"), meta.get("built", "?"), threads, meta.get("nginx", "?"), threads))
    w("- client: wrk %s `-t1 -c%s -d%ss --latency`, same headers to both (a browser User-Agent, "
      "`Accept: text/html...`, no `Accept-Encoding`), %ss warm-up per server and page, %s rounds with the "
      "server order rotating; wrk and the servers share the %s cores" % (
          meta.get("wrk", "?"), meta.get("conns", "?"), meta.get("seconds", "?"), meta.get("warmup", "?"),
          meta.get("rounds", "?"), meta.get("nproc", "?")))
    w("- req/s and latencies are medians over the rounds; the ratio is the median of dinh/nginx "
      "taken within each round; CPU µs/req is the server's utime+stime (all threads; nginx: master + "
      "workers) per request served")
    w("")
    w("| case | measured | target | result | dinh req/s | nginx req/s | dinh p50 / p99 ms | "
      "nginx p50 / p99 ms | CPU µs/req dinh / nginx | body bytes |")
    w("|---|---|---|---|---|---|---|---|---|---|")

    for server, label, target in (("cache", "page cache", CACHE_RATIO),
                                  ("nocache", "`--no-cache`", NOCACHE_RATIO)):
        for page, pname in PAGES:
            d, n = pick(page, server), pick(page, "nginx")
            if not d or not n:
                continue
            nby = {r["round"]: r for r in n}
            ratios = [r["rps"] / nby[r["round"]]["rps"] for r in d if r["round"] in nby]
            errs = sum(r["errors"] for r in d)
            ok = bool(ratios) and med(ratios) >= target and errs == 0
            measured = "%.2f× nginx (%.2f–%.2f)" % (med(ratios), min(ratios), max(ratios))
            if errs:
                measured += "; %d errors/non-2xx" % errs
            w("| %s, %s | %s | ≥ %.1f× | %s | %s | %s | %s / %s | %s / %s | %.1f / %.1f | %s |" % (
                pname, label, measured, target, verdict(ok),
                fmt_rps(med([r["rps"] for r in d])), fmt_rps(med([r["rps"] for r in n])),
                ms(med([r["p50_us"] for r in d])), ms(med([r["p99_us"] for r in d])),
                ms(med([r["p50_us"] for r in n])), ms(med([r["p99_us"] for r in n])),
                cpu_us(d), cpu_us(n), meta.get("bytes_" + page, "?")))

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

    w("")
    w("Rounds (req/s · p50 / p99 ms · CPU µs/req):")
    w("")
    w("| round | page | nginx | dinh, page cache | dinh, `--no-cache` |")
    w("|---|---|---|---|---|")
    rounds = sorted({r["round"] for r in runs})
    for rd in rounds:
        for page, pname in PAGES:
            cells = []
            for server in ("nginx", "cache", "nocache"):
                rs = [r for r in runs if r["round"] == rd and r["page"] == page and r["server"] == server]
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
    print("\n".join(out))


if __name__ == "__main__":
    main()
