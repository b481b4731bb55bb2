"""test_stats.py - the visitor counter as readers and crawlers move it, its
history across restarts and day rollovers, and the statistics page."""
import os
import re
import signal
import sqlite3
import time

from harness import Server, check, fresh_db, test

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0"
PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36"


def stats(srv):
    return srv.hook("GET", "/__test/stats")


def visit(srv, ua, path="/", ip=None):
    headers = {"User-Agent": ua}
    if ip:
        headers["X-Forwarded-For"] = ip
    status, h, body = srv.get(path, headers)
    check(status == 200, "GET %s answered %d" % (path, status))


@test
def counter_moves_for_readers_not_for_crawlers():
    with Server() as srv:
        s0 = stats(srv)
        visit(srv, CHROME)
        s1 = stats(srv)
        check(s1["today"] == s0["today"] + 1 and s1["total"] == s0["total"] + 1, "a reader: %s -> %s" % (s0, s1))
        visit(srv, CHROME, "/tin-tuc/")  # the same reader, another page: a cache miss
        visit(srv, CHROME)               # and a cache hit
        s2 = stats(srv)
        check(s2["today"] == s1["today"], "the same reader counted twice: %s" % s2)
        visit(srv, FIREFOX)              # another browser at the same address is another visitor
        visit(srv, GOOGLEBOT)
        visit(srv, "curl/8.0")
        s3 = stats(srv)
        check(s3["today"] == s2["today"] + 1, "crawlers counted as visitors: %s" % s3)
        check(s3["bots"] >= 2 and s3["online"] == s3["bots"] + s3["guests"], "online split: %s" % s3)
        check(s3["guests"] >= 2, "online guests: %s" % s3)


@test
def behind_the_proxy_each_address_counts():
    with Server(args=["--trusted-proxy", "127.0.0.1"]) as srv:
        s0 = stats(srv)
        for ip in ("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.1"):
            visit(srv, CHROME, ip=ip)
        s1 = stats(srv)
        check(s1["today"] == s0["today"] + 3, "three addresses behind nginx: %s -> %s" % (s0, s1))
        # a phone's IPv6 addresses change through the day inside its /64: one reader, not one a change
        for ip in ("2001:db8:42:7::1", "2001:db8:42:7:a1b2:c3d4:e5f6:1", "2001:db8:42:7::ffff", "2001:db8:42:8::1"):
            visit(srv, CHROME, ip=ip)
        s2 = stats(srv)
        check(s2["today"] == s1["today"] + 2, "four addresses of two /64 lines counted %d" % (s2["today"] - s1["today"]))
        srv.hook("POST", "/__test/stats-flush")
        data = b""
        for suffix in ("", "-wal"):
            if os.path.exists(srv.db + suffix):
                data += open(srv.db + suffix, "rb").read()
        check(b"203.0.113" not in data, "a visitor's address was written to the database")


@test
def history_survives_restart_and_rollover():
    db = fresh_db("history.db")
    with Server(db=db) as srv:
        s0 = stats(srv)
        for ua in (CHROME, FIREFOX, CHROME + " Edg/131"):
            visit(srv, ua)
        s1 = stats(srv)
        check(s1["today"] == s0["today"] + 3, "three readers: %s" % s1)
    # a clean stop flushed everything
    with Server(db=db) as srv:
        s2 = stats(srv)
        check(s2["today"] == s1["today"] and s2["total"] == s1["total"], "after a restart: %s vs %s" % (s2, s1))
        srv.hook("POST", "/__test/clock?offset=86400")  # tomorrow
        visit(srv, CHROME)
        s3 = stats(srv)
        check(s3["yesterday"] == s1["today"] and s3["today"] == 1, "after the rollover: %s" % s3)
        check(s3["total"] == s1["total"] + 1, "total after the rollover: %s" % s3)
    rows = dict(sqlite3.connect(db).execute("SELECT day, visitors FROM visit_day ORDER BY day DESC LIMIT 2").fetchall())
    check(sorted(rows.values()) == sorted([1, s1["today"]]), "stored days: %s" % rows)
    # started "tomorrow" (the clock offset from the environment, as an
    # operator's test would), the server reads both days back
    env_server = Server(db=db, env={"DINH_CLOCK_OFFSET": "86400"})
    try:
        s4 = stats(env_server)
        check(s4["yesterday"] == s1["today"] and s4["today"] == 1, "history after a second restart: %s" % s4)
    finally:
        env_server.stop()


@test
def a_closed_terminal_stops_the_server_in_order():
    """SIGHUP (the terminal of `make run` closing) ends the server as
    SIGTERM does: requests finished, the day's visitors written, exit 0."""
    db = fresh_db("hangup.db")
    srv = Server(db=db)
    s0 = stats(srv)
    for ua in (CHROME, FIREFOX):
        visit(srv, ua)
    srv.proc.send_signal(signal.SIGHUP)
    srv.proc.wait(30)
    check(srv.proc.returncode == 0, "SIGHUP: exit %s" % srv.proc.returncode)
    stored = sqlite3.connect(db).execute("SELECT value FROM counter WHERE key = 'total'").fetchone()[0]
    check(stored == s0["total"] + 2, "after SIGHUP the counter holds %d, %d expected" % (stored, s0["total"] + 2))


@test
def a_crash_loses_at_most_one_flush():
    db = fresh_db("crash.db")
    srv = Server(db=db, args=["--stats-flush", "0.2"])
    s0 = stats(srv)
    visit(srv, CHROME)
    visit(srv, FIREFOX)
    # wait (bounded) until the flusher has written the two visits
    deadline = time.monotonic() + 10
    stored = 0
    while time.monotonic() < deadline:
        stored = sqlite3.connect(db).execute("SELECT value FROM counter WHERE key = 'total'").fetchone()[0]
        if stored >= s0["total"] + 2:
            break
    check(stored >= s0["total"] + 2, "the flusher did not write within 10 s")
    srv.proc.send_signal(signal.SIGKILL)
    srv.proc.wait(10)
    with Server(db=db) as again:
        s1 = stats(again)
        check(s1["total"] == s0["total"] + 2 and s1["today"] == s0["today"] + 2, "after kill -9: %s" % s1)


@test
def statistics_page():
    with Server() as srv:
        visit(srv, CHROME)
        html = srv.page("/thong-ke/")
        check("<h1>Thống kê truy cập</h1>" in html, "heading")
        check(html.count('class="bar"') == 30, "30 bars expected, got %d" % html.count('class="bar"'))
        check('role="img"' in html and "<title id=\"chart-title\">" in html, "the chart has no accessible name")
        rows = re.findall(r'<tr><th scope="row">(\d\d/\d\d/\d{4})</th>', html)
        check(len(rows) == 30, "the days table has %d rows" % len(rows))
        months = re.findall(r'<tr><th scope="row">Tháng \d\d/\d{4}</th>', html)
        check(len(months) == 24, "the months table has %d rows" % len(months))
        check(re.search(r"máy chủ tìm kiếm chiếm \d+,\d%", html), "bot share missing")
        for label in ("Hôm qua", "Tuần này", "Tháng hiện tại", "Tổng lượt truy cập"):
            check(label in html, "%s missing" % label)
        # one counter on the page that is the counter: the sidebar's, drawn a few seconds apart, showed
        # other numbers beside it
        check(html.count("Đang truy cập") == 1, "the statistics page shows %d counters" % html.count("Đang truy cập"))
        home = srv.page("/")
        check("Hôm qua" in home and "Tuần này" in home and 'href="/thong-ke/"' in home, "counter block on the home page")


# --- views of articles and documents ("Lượt xem", "Tin xem nhiều") ----------------------------------------


def shown_views(html):
    m = re.search(r'Lượt xem: <span id="luot-xem">([\d.]+)</span>', html)
    check(m, "the article shows no \"Lượt xem: N\"")
    return int(m.group(1).replace(".", ""))


def stored(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchone()[0]
    finally:
        con.close()


def newest_articles(db, n):
    """The ids of the n newest published articles."""
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT id FROM article WHERE status = 1 AND published_at <= strftime('%s') "
                                          "ORDER BY published_at DESC, id DESC LIMIT ?", (n,))]
    finally:
        con.close()


def address_of(srv, article_id):
    """The canonical address of an article (a wrong slug answers 301 to it)."""
    status, h, _ = srv.get("/tin-tuc/x/x-%d.html" % article_id)
    check(status == 301, "article %d: %d" % (article_id, status))
    return h["location"].split("ntm.example.gov.vn")[-1]


@test
def article_and_document_views_counted_for_readers():
    """Reading an article or a document moves its "Lượt xem", cache hits
    included, once a day for each reader (a reload is not another view);
    crawlers, HEAD requests and redirects do not; the counts are written by
    the counter's flush without dropping the cached pages, and survive a
    restart."""
    db = fresh_db("views.db")
    with Server(db=db) as srv:
        art = newest_articles(db, 1)[0]
        path = address_of(srv, art)
        before = stored(db, "SELECT views FROM article WHERE id = ?", art)
        html = srv.page(path, {"User-Agent": CHROME})  # rendered, then counted
        check(shown_views(html) == before, "the page shows %d, %d stored" % (shown_views(html), before))
        visit(srv, FIREFOX, path)  # cache hits: another reader,
        for _ in range(5):
            visit(srv, CHROME, path)  # the first one reloading (not counted again),
        visit(srv, EDGE, path)  # and a third reader
        for ua in (GOOGLEBOT, "curl/8.0"):
            visit(srv, ua, path)
        srv.request("HEAD", path, {"User-Agent": CHROME})
        srv.get("/tin-tuc/x/x-%d.html" % art, {"User-Agent": CHROME})  # 301
        api = srv.hook("GET", "/api/danh-gia/%d" % art)
        check(api["luot_xem"] == before + 3, "the API counts %s, %d expected" % (api["luot_xem"], before + 3))
        doc_path = re.search(r'href="(/van-ban/[^"?]+\.html)"', srv.page("/van-ban/")).group(1)
        doc = int(re.search(r"-(\d+)\.html$", doc_path).group(1))
        doc_before = stored(db, "SELECT views FROM document WHERE id = ?", doc)
        for ua in (CHROME, CHROME, FIREFOX, GOOGLEBOT):
            visit(srv, ua, doc_path)
        srv.hook("POST", "/__test/stats-flush")
        check(stored(db, "SELECT views FROM article WHERE id = ?", art) == before + 3, "article views not written")
        check(stored(db, "SELECT views FROM document WHERE id = ?", doc) == doc_before + 2, "document views not written")
        # the cached page was not dropped: it shows the count of its rendering
        check(shown_views(srv.page(path, {"User-Agent": GOOGLEBOT})) == before, "a view dropped the cached page")
        srv.hook("POST", "/__test/cache-clear")
        check(shown_views(srv.page(path, {"User-Agent": GOOGLEBOT})) == before + 3, "a new rendering: old count")
        doc_html = srv.page(doc_path, {"User-Agent": GOOGLEBOT})
        check("<dt>Lượt xem</dt><dd>%s</dd>" % "{:,}".format(doc_before + 2).replace(",", ".") in doc_html,
              "the document page does not show %d views" % (doc_before + 2))
        visit(srv, CHROME, path)  # read again today: not counted
        visit(srv, PHONE, path)  # counted, not flushed: written at the stop
    check(stored(db, "SELECT views FROM article WHERE id = ?", art) == before + 4, "the last view lost at the stop")


@test
def most_read_block_follows_a_write_at_once():
    """A title changed in the newsroom shows in "Tin xem nhiều" as soon as
    the live part of the page is next drawn (every 3 s), not a round of the
    scheduler (5 s) later: the write wakes it."""
    import urllib.parse
    db = fresh_db("most-read-write.db")
    a, _ = newest_articles(db, 2)
    con = sqlite3.connect(db)
    con.execute("UPDATE article SET views = ? WHERE id = ?", (stored(db, "SELECT max(views) FROM article") + 1000, a))
    con.commit()
    con.close()

    def block(html):
        m = re.search(r'<h2 id="most-read-title">Tin xem nhiều</h2>\s*<ol class="link-list">(.*?)</ol>', html, re.S)
        check(m, "no \"Tin xem nhiều\" block")
        return m.group(1)

    with Server(db=db) as srv:
        srv.hook("POST", "/__test/most-read")
        deadline = time.monotonic() + 8
        while "-%d.html" % a not in block(srv.page("/")) and time.monotonic() < deadline:
            time.sleep(0.3)
        check("-%d.html" % a in block(srv.page("/")), "the most read article is not in the block")
        for k in range(3):
            title = "Tin đọc nhiều nhất, tiêu đề mới lần %d" % (k + 1)
            t0 = time.monotonic()
            srv.hook("POST", "/__test/article?id=%d&tieu-de=%s" % (a, urllib.parse.quote(title)))
            while title not in block(srv.page("/")) and time.monotonic() - t0 < 12:
                time.sleep(0.2)
            took = time.monotonic() - t0
            check(title in block(srv.page("/")) and took <= 3.8, "the new title showed after %.1f s" % took)


@test
def most_read_block_follows_views():
    """"Tin xem nhiều" in the sidebar lists the most read recent articles,
    and moves as readers read, in cached pages too."""
    db = fresh_db("most-read.db")
    a, b = newest_articles(db, 2)
    top = stored(db, "SELECT max(views) FROM article")
    con = sqlite3.connect(db)
    con.execute("UPDATE article SET views = ? WHERE id = ?", (top + 1000, a))
    con.execute("UPDATE article SET views = ? WHERE id = ?", (top + 998, b))
    con.commit()
    con.close()

    def block(html):
        m = re.search(r'<h2 id="most-read-title">Tin xem nhiều</h2>\s*<ol class="link-list">(.*?)</ol>', html, re.S)
        check(m, "no \"Tin xem nhiều\" block")
        return [int(x) for x in re.findall(r'<li><a href="/tin-tuc/[^"]+-(\d+)\.html">', m.group(1))]

    with Server(db=db) as srv:
        srv.hook("POST", "/__test/most-read")
        deadline = time.monotonic() + 8
        while block(srv.page("/"))[:2] != [a, b] and time.monotonic() < deadline:
            time.sleep(0.5)  # the live block is drawn again every 3 s
        listed = block(srv.page("/"))
        check(listed[:2] == [a, b] and len(listed) == 5, "the block lists %s, %s first expected" % (listed, [a, b]))
        check(block(srv.page("/van-ban/"))[:2] == [a, b], "the block is not in every page's sidebar")
        path_b = address_of(srv, b)
        for ua in (CHROME, FIREFOX, EDGE, PHONE, PHONE):  # four readers, one of them twice
            visit(srv, ua, path_b)
        srv.hook("POST", "/__test/stats-flush")
        srv.hook("POST", "/__test/most-read")
        deadline = time.monotonic() + 8
        while block(srv.page("/"))[:2] != [b, a] and time.monotonic() < deadline:
            time.sleep(0.5)
        check(block(srv.page("/"))[:2] == [b, a], "after four readers the block lists %s" % block(srv.page("/")))
        check(stored(db, "SELECT views FROM article WHERE id = ?", b) == top + 1002,
              "%d views stored for four readers" % (stored(db, "SELECT views FROM article WHERE id = ?", b) - top - 998))
