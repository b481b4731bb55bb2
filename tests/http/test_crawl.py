"""test_crawl.py - every link the portal shows leads somewhere: a reader,
a crawler and each kind of signed-in person follow the links of the pages
they can reach, as people click them, and none ends on an error page, a
missing picture or a broken script."""
import collections
import heapq
import html
import itertools
import re
import urllib.parse

from harness import check, test
from test_newsroom import ADMIN, Client, newsroom_server, signed_in

HOST = "ntm.example.gov.vn"
LINK_RE = re.compile(r'<(a|link|img|script|source)\b[^>]*?\s(href|src)="([^"]*)"', re.I)
# GET links that end a session or are only meant for a form's answer are not followed
SKIP = re.compile(r"^/quan-tri/(dang-xuat|gia-han)")


def local(page, ref):
    """The path and query of a link of `page`, if it stays on the portal."""
    url = urllib.parse.urljoin("https://%s%s" % (HOST, page), html.unescape(ref))
    u = urllib.parse.urlsplit(url)
    if u.scheme not in ("http", "https") or u.netloc != HOST:
        return None
    return u.path + ("?" + u.query if u.query else "")


def shape(path):
    """A page's kind: its path and query names, numbers and values left out."""
    base, _, query = path.partition("?")
    names = sorted(kv.partition("=")[0] for kv in query.split("&") if kv)
    return re.sub(r"\d+", "N", base) + "?" + "&".join(names)


def crawl(client, start, limit, within=None, check=0):
    """Follows the links of the pages from `start` (pages under `within`
    only), each time to a page of the kind met least so far (so that every
    kind of page is reached early, not only the thousand articles), reads
    `limit` pages, then opens `check` more of the links found and not
    followed; returns the problems met and the number of pages read."""
    seen, problems, pages, assets = set(start), [], 0, set()
    visits = collections.Counter()
    queue = []  # (visits of its kind when queued, order, path)
    order = itertools.count()
    for p in start:
        heapq.heappush(queue, (0, next(order), p))

    def add(to):
        if to in seen or (within is not None and not to.startswith(within)):
            return
        seen.add(to)
        heapq.heappush(queue, (visits[shape(to)], next(order), to))

    while queue and pages < limit:
        count, _, path = heapq.heappop(queue)
        if count < visits[shape(path)]:  # its kind was met since: queued again behind the others
            heapq.heappush(queue, (visits[shape(path)], next(order), path))
            continue
        visits[shape(path)] += 1
        status, h, body = client.get(path)
        pages += 1
        if status in (301, 302, 303, 307, 308):
            to = local(path, h.get("location", ""))
            if to:
                add(to.split("#")[0])
            continue
        if status != 200:
            problems.append("%s answered %d" % (path, status))
            continue
        if not h.get("content-type", "").startswith("text/html"):
            continue
        for tag, _, ref in LINK_RE.findall(body):
            to = local(path, ref)
            if not to or SKIP.match(to):
                continue
            if tag.lower() in ("img", "script", "source") or (tag.lower() == "link" and "/static/" in to):
                assets.add((to, path))
                continue
            add(to.split("#")[0])
    # the links of the pages read that were not followed still lead somewhere
    for _, _, path in sorted(queue)[:check]:
        status, h, _ = client.get(path)
        if status in (301, 302, 303, 307, 308):
            status, _, _ = client.get((local(path, h.get("location", "")) or "/").split("#")[0])
        if status != 200:
            problems.append("%s answered %d" % (path, status))
    for to, page in sorted(assets):
        status, _, _ = client.get(to)
        if status != 200:
            problems.append("%s (on %s) answered %d" % (to, page, status))
    return problems, pages


@test
def every_link_a_reader_meets_leads_somewhere():
    with newsroom_server() as s:
        reader = Client(s)
        problems, pages = crawl(reader, ["/"], 500, check=3000)
        check(pages >= 200, "the crawl met only %d pages" % pages)
        check(not problems, "%d broken links of %d pages: %s" % (len(problems), pages, "; ".join(problems[:12])))


@test
def every_link_the_newsroom_and_the_office_show_leads_somewhere():
    with newsroom_server() as s:
        for login in (ADMIN, "truongban", "congtacvien", "vanphong", "songanh", "canboxa"):
            person = signed_in(s, login)
            problems, pages = crawl(person, ["/quan-tri/"], 220, within="/quan-tri/", check=400)
            check(pages >= 5, "%s met only %d pages" % (login, pages))
            check(not problems, "%s met %d broken links of %d pages: %s" %
                  (login, len(problems), pages, "; ".join(problems[:12])))


@test
def a_commune_without_a_result_in_the_year_listed_leads_to_its_page():
    with newsroom_server() as s:
        reader = Client(s)
        status, _, body = reader.get("/nong-thon-moi/?nam=2026")
        check(status == 200, "the 2026 dashboard answered %d" % status)
        waiting = [r for r in re.findall(r'<tr>(.*?)</tr>', body, re.S) if "Chưa có kết quả được chấp nhận" in r]
        check(waiting, "the 2026 dashboard lists no commune waiting for a result")
        link = html.unescape(re.search(r'href="(/nong-thon-moi/xa/[^"]+)"', waiting[0]).group(1))
        status, _, page = reader.get(link)
        check(status == 200, "%s answered %d" % (link, status))
        name = re.sub(r"<[^>]+>", "", re.search(r'<a href="/nong-thon-moi/xa/[^"]+">(.*?)</a>', waiting[0]).group(1))
        check("<h1>%s</h1>" % name in page, "%s is not the page of %s" % (link, name))
        check("Kết quả năm 2026" not in page, "%s shows a 2026 result the dashboard does not have" % link)


@test
def a_former_commune_leads_to_the_commune_it_went_into():
    with newsroom_server() as s:
        import sqlite3
        con = sqlite3.connect(s.db)
        code, name = con.execute(
            "SELECT f.code, f.full_name FROM ntm_unit f JOIN ntm_unit_lineage l ON l.from_unit_id = f.id "
            "JOIN ntm_unit t ON t.id = l.to_unit_id WHERE f.valid_to IS NOT NULL AND t.valid_to IS NULL "
            "AND EXISTS (SELECT 1 FROM ntm_assessment a WHERE a.unit_id = f.id AND a.year = 2024) LIMIT 1").fetchone()
        con.close()
        reader = Client(s)
        # for a year it stood (as the dashboards of those years link it): its own page of that year
        status, _, page = reader.get("/nong-thon-moi/xa/%s?nam=2024" % code)
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        check(status == 200 and "Kết quả năm 2024" in text and "%s là đơn vị hành chính cũ, nay thuộc" % name in text,
              "the former commune %s in 2024 answered %d" % (code, status))
        # without a year: to the commune it went into, for good
        status, h, _ = reader.get("/nong-thon-moi/xa/%s" % code)
        check(status == 301, "the former commune %s answered %d (its page moved for good)" % (code, status))
        to = local("/", h.get("location", ""))
        check(to and to.startswith("/nong-thon-moi/xa/"), "it went to %r" % h.get("location"))
        status, _, page = reader.get(to.split("#")[0])
        text = html.unescape(re.sub(r"<[^>]+>", " ", page))
        check(status == 200 and "Trước sáp nhập" in text and "Kết quả của %s (trước sáp nhập)" % name in text,
              "the page of the commune %s went into does not show its results" % name)
