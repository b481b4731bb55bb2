"""test_crawl.py - every link the portal shows leads somewhere: a reader,
a crawler and each kind of signed-in person follow the links of the pages
they can reach, as people click them, and none ends on an error page, a
missing picture or a broken script."""
import html
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


def crawl(client, start, limit, within=None):
    """Follows the links of the pages from `start` (pages under `within`
    only), breadth first; returns the problems met and the number of pages."""
    seen, queue, problems, pages, assets = set(start), list(start), [], 0, set()
    while queue and pages < limit:
        path = queue.pop(0)
        status, h, body = client.get(path)
        pages += 1
        if status in (301, 302, 303, 307, 308):
            to = local(path, h.get("location", ""))
            if to and to not in seen and (within is None or to.startswith(within)):
                seen.add(to)
                queue.append(to)
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
            if to.split("#")[0] in seen:
                continue
            if within is not None and not to.startswith(within):
                continue
            to = to.split("#")[0]
            seen.add(to)
            queue.append(to)
    for to, page in sorted(assets):
        status, _, _ = client.get(to)
        if status != 200:
            problems.append("%s (on %s) answered %d" % (to, page, status))
    return problems, pages


@test
def every_link_a_reader_meets_leads_somewhere():
    with newsroom_server() as s:
        reader = Client(s)
        problems, pages = crawl(reader, ["/"], 450)
        check(pages >= 200, "the crawl met only %d pages" % pages)
        check(not problems, "%d broken links of %d pages: %s" % (len(problems), pages, "; ".join(problems[:12])))


@test
def every_link_the_newsroom_and_the_office_show_leads_somewhere():
    with newsroom_server() as s:
        for login in (ADMIN, "truongban", "congtacvien", "vanphong", "songanh", "canboxa"):
            person = signed_in(s, login)
            problems, pages = crawl(person, ["/quan-tri/"], 220, within="/quan-tri/")
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
