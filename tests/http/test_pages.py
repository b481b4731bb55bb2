"""test_pages.py - the public pages as a citizen reads them."""
import datetime
import json
import re
import sqlite3

from harness import BASE_URL, Server, check, demo_db, test

WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
VN = datetime.timezone(datetime.timedelta(hours=7))

_server = None


def server():
    """One shared server for the read-only page tests."""
    global _server
    if _server is None:
        _server = Server()
    return _server


def links(html, pattern):
    """The links of the page's own content (<main>): the sidebar's lists,
    such as "Tin xem nhiều", name articles of any page."""
    m = re.search(r"<main\b.*?</main>", html, re.S)
    return re.findall(r'href="(%s)"' % pattern, m.group(0) if m else html)


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def categories():
    db = sqlite3.connect(demo_db())
    return db.execute("SELECT id, slug, name FROM category ORDER BY position, id").fetchall()


def some_article(middle=True):
    """(url, row) of a published article with newer and older ones in its category."""
    db = sqlite3.connect(demo_db())
    cat = db.execute("SELECT category_id FROM article GROUP BY category_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    rows = db.execute("SELECT a.id, a.slug, c.slug, a.title, a.published_at, a.author, a.source "
                      "FROM article a JOIN category c ON c.id = a.category_id WHERE a.category_id = ? AND a.status = 1 "
                      "ORDER BY a.published_at DESC, a.id DESC", (cat,)).fetchall()
    row = rows[len(rows) // 2] if middle else rows[0]
    return "/tin-tuc/%s/%s-%d.html" % (row[2], row[1], row[0]), row


@test
def home_page():
    html = server().page("/")
    text = text_of(html)
    check('<html lang="vi"' in html, "lang=vi missing")
    for label in ("Đang truy cập", "Máy chủ tìm kiếm", "Khách viếng thăm", "Hôm nay", "Tháng hiện tại",
                  "Tổng lượt truy cập", "Liên kết website", "Tin mới nhất"):
        check(label in text, "home lacks %r" % label)
    for cid, slug, name in categories():
        check("/tin-tuc/%s/" % slug in html, "home has no link to category %s" % slug)
    check(len(links(html, r"/tin-tuc/[a-z0-9-]+/[a-z0-9-]+-\d+\.html")) >= 20, "too few article links on home")
    check('href="#noi-dung"' in html and 'id="noi-dung"' in html, "skip link missing")
    db = sqlite3.connect(demo_db())
    settings = dict(db.execute("SELECT key, value FROM setting").fetchall())
    for key in ("site.agency", "site.responsible", "site.address", "site.phone", "site.email", "site.licence"):
        check(settings[key] in text, "footer lacks %s %r" % (key, settings[key]))
    # the metadata every page carries (Dublin Core as the portal rules list it, Open Graph for sharing)
    for url in ("/", "/van-ban/", "/nong-thon-moi/", "/tin-tuc/"):
        page = server().page(url)
        for tag in ('name="DC.title"', 'name="DC.creator"', 'name="DC.publisher"', 'name="DC.identifier"',
                    'name="DC.language"', 'property="og:title"', 'property="og:site_name"', 'property="og:url"'):
            check(page.count(tag) == 1, "%s carries %s %d times" % (url, tag, page.count(tag)))


@test
def category_pages():
    srv = server()
    cid, slug, name = categories()[0]
    html = srv.page("/tin-tuc/%s/" % slug)
    check("<h1>%s</h1>" % name in html, "category heading")
    items = links(html, r"/tin-tuc/%s/[a-z0-9-]+-\d+\.html" % slug)
    check(len(set(items)) == 20, "first page shows %d articles, not 20" % len(set(items)))
    page2 = srv.page("/tin-tuc/%s/?trang=2" % slug)
    items2 = links(page2, r"/tin-tuc/%s/[a-z0-9-]+-\d+\.html" % slug)
    check(not set(items) & set(items2), "page 2 repeats page 1")
    check('href="/tin-tuc/%s/?trang=2"' % slug in html, "no link to page 2")
    # page 1 however written names the list itself as canonical, page 02 page 2
    for asked, canonical in (("?trang=1", ""), ("?trang=01", ""), ("?trang=02", "?trang=2")):
        page = srv.page("/tin-tuc/%s/%s" % (slug, asked))
        check('<link rel="canonical" href="%s/tin-tuc/%s/%s">' % (BASE_URL, slug, canonical) in page,
              "%s names as canonical %r" % (asked, re.findall(r'<link rel="canonical" href="([^"]*)">', page)))
    total = sqlite3.connect(demo_db()).execute(
        "SELECT count(*) FROM article WHERE category_id = ? AND status = 1", (cid,)).fetchone()[0]
    last = (total + 19) // 20
    srv.page("/tin-tuc/%s/?trang=%d" % (slug, last))
    status, h, body = srv.get("/tin-tuc/%s/?trang=%d" % (slug, last + 1))
    check(status == 404 and "Danh sách này chỉ có %d trang." % last in body.decode(), "past the end: %d" % status)
    for bad in ("abc", "0", "-1", "1e3", "99999999999999999999"):
        status, h, body = srv.get("/tin-tuc/%s/?trang=%s" % (slug, bad))
        check(status == 400 and "Số trang phải là một số nguyên từ 1 đến" in body.decode(),
              "trang=%s answered %d" % (bad, status))
    # the other public lists say the same
    for path in ("/van-ban/?trang=0", "/tim-kiem?q=n%C3%B4ng+th%C3%B4n&trang=abc", "/nong-thon-moi/tap-huan/?trang=-1"):
        status, _, body = srv.get(path)
        check(status == 400 and "Số trang phải là một số nguyên" in body.decode(), "%s answered %d" % (path, status))
    for path in ("/van-ban/?trang=900", "/tim-kiem?q=n%C3%B4ng+th%C3%B4n&trang=900", "/nong-thon-moi/tap-huan/?trang=900"):
        status, _, body = srv.get(path)
        check(status == 404 and re.search(r"Danh sách này chỉ có (\d+|một) trang", body.decode()),
              "%s answered %d" % (path, status))
    status, h, body = srv.get("/tin-tuc/khong-co-chuyen-muc-nay/")
    check(status == 404, "unknown category answered %d" % status)
    status, h, body = srv.get("/tin-tuc/%s" % slug)
    check(status == 301 and h["location"] == "/tin-tuc/%s/" % slug, "missing slash: %d %s" % (status, h.get("location")))
    html = srv.page("/tin-tuc/")
    check(len(set(links(html, r"/tin-tuc/[a-z0-9-]+/[a-z0-9-]+-\d+\.html"))) >= 20, "all-news page")
    # a section typed without its slash is found, its query kept; an unknown address is not
    for typed, want in (("/tin-tuc", "/tin-tuc/"), ("/nong-thon-moi", "/nong-thon-moi/"),
                        ("/thong-ke?nam=2026", "/thong-ke/?nam=2026"), ("/so-do-trang", "/so-do-trang/"),
                        ("/rss", "/rss/")):
        status, h, _ = srv.get(typed)
        check(status == 301 and h.get("location") == want, "%s -> %d %s" % (typed, status, h.get("location")))
        check(srv.get(want)[0] == 200, "%s does not answer 200" % want)
    check(srv.get("/khong-co-trang-nay")[0] == 404, "an unknown address is redirected")


@test
def article_page():
    srv = server()
    url, row = some_article()
    html = srv.page(url)
    text = text_of(html)
    aid, slug, cat, title, published, author, source = row
    check("<h1>%s</h1>" % title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
          .replace('"', "&#34;").replace("'", "&#39;") in html or title in text, "title missing")
    when = datetime.datetime.fromtimestamp(published, VN)
    expected = "%s - %s" % (WEEKDAYS[when.weekday()], when.strftime("%d/%m/%Y %H:%M"))
    check(expected in text, "date line %r not on the page" % expected)
    check(("Tác giả: " in text) if author else ("Theo " in text), "author or source line missing")
    check(re.search(r"Tổng số điểm của bài viết là: \d+ trong \d+ đánh giá", text), "rating line missing")
    check("Những tin mới hơn" in text and "Những tin cũ hơn" in text, "newer/older lists missing")
    check("Ý kiến bạn đọc" in text, "comments heading missing")
    check('<link rel="canonical" href="%s%s">' % (BASE_URL, url) in html, "canonical URL")
    check('property="og:url" content="%s%s"' % (BASE_URL, url) in html, "og:url")
    for prop in ("og:title", "og:type", "og:image", "og:description", "article:published_time", "og:site_name",
                 "og:image:width", "og:image:height"):
        check(html.count('property="%s"' % prop) == 1, "%s missing or twice" % prop)
    # a shared link shows the picture large on X as on Facebook and Zalo
    check(html.count('name="twitter:card"') == 1 and 'name="twitter:card" content="summary_large_image"' in html,
          "twitter:card of an article with a picture")
    for name in ("DC.title", "DC.creator", "DC.description", "DC.identifier", "DC.date"):
        check(html.count('name="%s"' % name) == 1, "%s missing or twice" % name)
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    check(m, "JSON-LD missing")
    data = json.loads(m.group(1))
    check(data["@type"] == "NewsArticle" and data["headline"] == title, "JSON-LD content: %r" % data)
    check(data["datePublished"].endswith("+07:00"), "datePublished in Vietnam time")
    check(re.search(r'<figure>\s*<img src="/media/[^"]+" alt="[^"]+"', html), "no image with alt text")
    check("<figcaption>" in html, "no caption")
    check('href="/in/%d.html"' % aid in html and 'href="/tai-ve/%d.html"' % aid in html, "print/save links")
    check("facebook.com/sharer" in html, "share links")


def empty_values(value, where="$"):
    """Where a JSON value holds null, "", [] or {} (structured-data checks reject them)."""
    if value is None or value == "" or value == [] or value == {}:
        return [where]
    found = []
    if isinstance(value, dict):
        for k, v in value.items():
            found += empty_values(v, "%s.%s" % (where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += empty_values(v, "%s[%d]" % (where, i))
    return found


@test
def structured_data_has_no_empty_values():
    """Every published article and every document, as a search engine's structured-data check reads
    them: the JSON-LD parses and holds no null or empty value, and no meta tag has empty content."""
    srv = server()
    db = sqlite3.connect(demo_db())
    rows = db.execute("SELECT a.id, a.slug, c.slug, a.image_id, a.author FROM article a "
                      "JOIN category c ON c.id = a.category_id WHERE a.status = 1").fetchall()
    without_image = with_author = 0
    for aid, slug, cat, image_id, author in rows:
        url = "/tin-tuc/%s/%s-%d.html" % (cat, slug, aid)
        html = srv.page(url)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        check(len(blocks) == 1, "%s has %d JSON-LD blocks" % (url, len(blocks)))
        data = json.loads(blocks[0])
        bad = empty_values(data)
        check(not bad, "%s: JSON-LD has empty values at %s: %s" % (url, ", ".join(bad), blocks[0]))
        for key in ("headline", "datePublished", "dateModified", "articleSection", "author", "publisher"):
            check(key in data, "%s: JSON-LD lacks %s" % (url, key))
        empty_meta = re.findall(r'<meta [^>]*content=""[^>]*>', html)
        check(not empty_meta, "%s: meta tags without content: %s" % (url, empty_meta))
        if image_id is None:
            without_image += 1
            # a link shared to Zalo or Facebook still shows a picture: the agency's emblem, as PNG (they take
            # no SVG), small card; the JSON-LD names no picture the article does not have
            check("image" not in data, "%s: JSON-LD has an image without a picture" % url)
            emblem = re.findall(r'<meta property="og:image" content="%s(/static/img/emblem\.[0-9a-f]+\.png)">' %
                                re.escape(BASE_URL), html)
            check(len(emblem) == 1 and 'property="og:image:width" content="512"' in html,
                  "%s: no emblem to share: %r" % (url, emblem))
            check('name="twitter:card" content="summary"' in html, "%s: twitter:card without a picture" % url)
            if without_image == 1:
                status, headers, body = srv.get(emblem[0])
                check(status == 200 and headers.get("content-type") == "image/png" and body[:8] == b"\x89PNG\r\n\x1a\n"
                      and body[16:24] == b"\0\0\x02\0\0\0\x02\0", "the emblem: %d %r" % (status, headers))
        else:
            check(isinstance(data.get("image"), list) and data["image"][0].startswith(BASE_URL + "/media/"),
                  "%s: image %r" % (url, data.get("image")))
        if author:
            with_author += 1
            check(data["author"] == {"@type": "Person", "name": author}, "%s: author %r" % (url, data["author"]))
        else:
            check(data["author"]["@type"] == "Organization" and data["author"]["name"],
                  "%s: author without a name should be the agency: %r" % (url, data["author"]))
    check(without_image > 0 and with_author > 0, "the demo lacks the cases (%d without image)" % without_image)
    for did, dslug in db.execute("SELECT id, slug FROM document").fetchall():
        url = "/van-ban/%s-%d.html" % (dslug, did)
        status, h, body = srv.get(url)
        if status != 200:  # documents not shown (drafts) answer 404
            check(status == 404, "%s answered %d" % (url, status))
            continue
        empty_meta = re.findall(r'<meta [^>]*content=""[^>]*>', body.decode())
        check(not empty_meta, "%s: meta tags without content: %s" % (url, empty_meta))


@test
def article_redirects_and_missing():
    srv = server()
    url, row = some_article()
    aid, slug, cat = row[0], row[1], row[2]
    for stale in ("/tin-tuc/%s/ten-cu-%d.html" % (cat, aid), "/tin-tuc/chuyen-muc-khac/%s-%d.html" % (slug, aid),
                  "/tin-tuc/%s/%d.html" % (cat, aid)):
        status, h, body = srv.get(stale)
        check(status == 301 and h.get("location") == url, "%s -> %d %s" % (stale, status, h.get("location")))
        check(h.get("x-content-type-options") == "nosniff" and "content-security-policy" in h,
              "security headers on a redirect")
    # one address per article: an id written with leading zeros is no address (each form would otherwise be
    # a page of its own, with its own canonical link and cache entry)
    for missing in ("/tin-tuc/%s/khong-co-999999.html" % cat, "/tin-tuc/%s/abc.html" % cat,
                    "/tin-tuc/%s/abc-0.html" % cat, "/khong-co-trang-nay",
                    "/tin-tuc/%s/%s-0%d.html" % (cat, slug, aid), "/tin-tuc/%s/%s-000%d.html" % (cat, slug, aid),
                    "/in/0%d.html" % aid, "/tai-ve/00%d.html" % aid, "/sitemap-tin-tuc-01.xml",
                    "/sitemap-tin-tuc-9999999999999999.xml"):
        status, h, body = srv.get(missing)
        check(status == 404, "%s answered %d" % (missing, status))
        page = body.decode()
        check("Không tìm thấy trang" in page and '<html lang="vi"' in page, "404 page is not the Vietnamese page")
        check("content-security-policy" in h, "security headers on 404")


@test
def print_and_save_views():
    srv = server()
    url, row = some_article()
    html = srv.page("/in/%d.html" % row[0])
    check(row[3].split()[0] in html and 'name="robots" content="noindex"' in html, "print view")
    status, h, body = srv.get("/tai-ve/%d.html" % row[0])
    check(status == 200 and h.get("content-disposition", "").startswith("attachment;"), "save view: %s" % h)
    check("%s.html" % row[1] in h["content-disposition"], "file name from the slug")
    status, h2, body2 = srv.get("/tai-ve/%d.html" % row[0])  # the second answer comes from the page cache
    check(h2.get("content-disposition") == h["content-disposition"], "a cached download lost its file name: %s" % h2)
    saved = body.decode()
    check('src="/media/' not in saved and ('src="%s/media/' % BASE_URL in saved or "<img" not in saved),
          "images of the saved file must carry the site's address")
    status, h, body = srv.get("/in/999999.html")
    check(status == 404, "print of a missing article: %d" % status)


@test
def media_files():
    srv = server()
    db = sqlite3.connect(demo_db())
    name, size = db.execute("SELECT name, length(bytes) FROM media_file LIMIT 1").fetchone()
    status, h, body = srv.get("/media/" + name)
    check(status == 200 and h["content-type"] == "image/png" and len(body) == size, "media: %d %s" % (status, h))
    check(body[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG")
    status, h, body = srv.get("/media/khong-co.png")
    check(status == 404, "missing media: %d" % status)


@test
def display_choices_persist():
    srv = server()
    status, h, body = srv.get("/tuy-chon?co-chu=1&ve=%2Ftin-tuc%2F")
    check(status == 303 and h["location"] == "/tin-tuc/", "prefs redirect: %d %s" % (status, h.get("location")))
    cookie = h.get("set-cookie", "")
    check(cookie.startswith("dinh_pref=1;") and "Path=/" in cookie and "SameSite=Lax" in cookie, cookie)
    html = srv.page("/", {"Cookie": "dinh_pref=1"})
    check('<html lang="vi" class="cs-l">' in html, "larger text class missing")
    status, h, body = srv.get("/tuy-chon?tuong-phan=1&ve=/", {"Cookie": "dinh_pref=1"})
    check(h.get("set-cookie", "").startswith("dinh_pref=1h;"), "contrast keeps the size: %s" % h.get("set-cookie"))
    html = srv.page("/", {"Cookie": "dinh_pref=1h"})
    check('class="cs-l hc"' in html, "contrast class missing")
    plain = srv.page("/")
    check('<html lang="vi" class="">' in plain, "a reader without choices got someone else's page")
    for bad in ("/tuy-chon?co-chu=9", "/tuy-chon?tuong-phan=x"):
        status, h, body = srv.get(bad)
        check(status == 400, "%s answered %d" % (bad, status))
    status, h, body = srv.get("/tuy-chon?co-chu=0&ve=//evil.example/")
    check(status == 303 and h["location"] == "/", "open redirect: %s" % h.get("location"))


@test
def base_url_not_from_host():
    srv = server()
    html = srv.page("/", {"Host": "evil.example"})
    check("evil.example" not in html, "Host header leaked into the page")
    check('href="%s/"' % BASE_URL in html, "canonical from --base-url")


@test
def zz_stop_shared_server():
    global _server
    if _server is not None:
        _server.stop()
        _server = None
