"""test_feeds.py - RSS, sitemaps and robots.txt as crawlers read them:
well-formed XML, valid against the schemas in tests/schemas, complete."""
import email.utils
import os
import re
import sqlite3
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET

from harness import BASE_URL, ROOT, WORK, Server, check, demo_db, test

SCHEMAS = os.path.join(ROOT, "tests", "schemas")
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def validate(body, schema, name):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(body)
    p = subprocess.run(["xmllint", "--noout", "--schema", os.path.join(SCHEMAS, schema), path],
                       capture_output=True, text=True, timeout=60)
    check(p.returncode == 0, "%s does not validate against %s: %s" % (name, schema, p.stderr[-1500:]))
    return ET.fromstring(body)


def fetch(srv, path, ctype):
    status, h, body = srv.get(path)
    check(status == 200, "%s answered %d" % (path, status))
    check(h["content-type"] == ctype, "%s is %s" % (path, h["content-type"]))
    return body


@test
def rss_feeds():
    db = sqlite3.connect(demo_db())
    with Server() as srv:
        root = validate(fetch(srv, "/rss/", "application/rss+xml; charset=utf-8"), "rss2.xsd", "rss-all.xml")
        items = root.findall("./channel/item")
        check(len(items) == 50, "the feed has %d items" % len(items))
        dates = [email.utils.parsedate_to_datetime(i.findtext("pubDate")) for i in items]
        check(dates == sorted(dates, reverse=True), "items are not newest first")
        check(all(d.utcoffset().total_seconds() == 7 * 3600 for d in dates), "dates not in Vietnam time")
        for it in items[:5]:
            link = it.findtext("link")
            check(link.startswith(BASE_URL + "/tin-tuc/") and it.findtext("guid") == link, "link %s" % link)
            status, h, body = srv.get(link[len(BASE_URL):])
            check(status == 200, "feed link %s answered %d" % (link, status))
        cid, slug, name = db.execute("SELECT id, slug, name FROM category ORDER BY position LIMIT 1").fetchone()
        root = validate(fetch(srv, "/rss/%s.xml" % slug, "application/rss+xml; charset=utf-8"), "rss2.xsd", "rss-cat.xml")
        cats = {i.findtext("category") for i in root.findall("./channel/item")}
        check(cats == {name}, "a category feed holds other categories: %s" % cats)
        status, h, body = srv.get("/rss/khong-co.xml")
        check(status == 404, "unknown category feed answered %d" % status)
        # a new article reaches the feed at once
        srv.hook("POST", "/__test/publish?chuyen-muc=%d&tieu-de=%s" % (cid, urllib.parse.quote("Tin mới cho RSS <&>")))
        root = ET.fromstring(fetch(srv, "/rss/%s.xml" % slug, "application/rss+xml; charset=utf-8"))
        check(root.findtext("./channel/item/title") == "Tin mới cho RSS <&>", "the new article is not first in the feed")


@test
def the_documents_feed_lists_the_register_newest_first():
    import datetime
    vn = datetime.timezone(datetime.timedelta(hours=7))
    today = datetime.datetime.now(vn).strftime("%Y-%m-%d")
    db = sqlite3.connect(demo_db())
    want = db.execute("SELECT d.id, d.number_canonical, d.issued_on, t.name FROM document d "
                      "JOIN doc_type t ON t.id = d.type_id WHERE d.published = 1 AND d.issued_on <= ? "
                      "ORDER BY d.issued_on DESC, d.id DESC LIMIT 50", (today,)).fetchall()
    check(len(want) >= 10, "the demo has %d documents" % len(want))
    with Server() as srv:
        root = validate(fetch(srv, "/rss/van-ban.xml", "application/rss+xml; charset=utf-8"), "rss2.xsd", "rss-docs.xml")
        items = root.findall("./channel/item")
        got = [int(re.search(r"-(\d+)\.html$", i.findtext("link")).group(1)) for i in items]
        check(got == [w[0] for w in want], "the feed lists %r, the register %r" % (got[:5], [w[0] for w in want][:5]))
        did, number, issued, kind = want[0]
        first = items[0]
        title = "%s số %s ngày %s/%s/%s" % (kind, number, issued[8:10], issued[5:7], issued[0:4])
        check(first.findtext("title") == title, "title %r, want %r" % (first.findtext("title"), title))
        check(first.findtext("category") == kind, "category %r" % first.findtext("category"))
        when = email.utils.parsedate_to_datetime(first.findtext("pubDate"))
        check(when.astimezone(vn).strftime("%Y-%m-%d") == issued, "pubDate %s for %s" % (when, issued))
        link = first.findtext("link")
        check(link.startswith(BASE_URL + "/van-ban/") and srv.get(link[len(BASE_URL):])[0] == 200, "link %s" % link)
        # the register and the site map point to it
        register = srv.page("/van-ban/")
        check('<link rel="alternate" type="application/rss+xml" title="RSS văn bản" href="/rss/van-ban.xml">' in register,
              "the register does not announce its feed")
        check('href="/rss/van-ban.xml"' in srv.page("/so-do-trang/"), "the site map page does not list it")
        slug = db.execute("SELECT slug FROM category ORDER BY position LIMIT 1").fetchone()[0]
        check('href="/rss/%s.xml"' % slug in srv.page("/tin-tuc/%s/" % slug), "a category does not announce its feed")


@test
def sitemaps_cover_every_article():
    db = sqlite3.connect(demo_db())
    published = db.execute("SELECT count(*) FROM article WHERE status = 1").fetchone()[0]
    with Server() as srv:
        index = validate(fetch(srv, "/sitemap.xml", "application/xml; charset=utf-8"), "sitemap.xsd", "index.xml")
        locs = [e.text for e in index.iter(SM + "loc")]
        check(any(l.endswith("/sitemap-tin-tuc-1.xml") for l in locs), "index: %s" % locs)
        urls = []
        for loc in locs:
            path = loc[len(BASE_URL):]
            check(loc.startswith(BASE_URL + "/"), "index entry %s" % loc)
            part = validate(fetch(srv, path, "application/xml; charset=utf-8"), "sitemap.xsd", path.strip("/"))
            entries = part.findall(SM + "url")
            check(len(entries) <= 50000, "%s has %d URLs" % (path, len(entries)))
            urls += [e.findtext(SM + "loc") for e in entries]
            for e in entries:
                lm = e.findtext(SM + "lastmod")
                check(lm is None or re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", lm), "lastmod %s" % lm)
        docs_published = db.execute("SELECT count(*) FROM document WHERE published = 1 AND issued_on <= date('now')").fetchone()[0]
        documents = [u for u in urls if re.search(r"/van-ban/[^/]+\.html$", u)]
        check(len(set(documents)) == docs_published and docs_published >= 60,
              "sitemaps list %d documents, %d are published" % (len(set(documents)), docs_published))
        articles = [u for u in urls if re.search(r"/tin-tuc/[^/]+/[^/]+-\d+\.html$", u)]
        check(len(articles) == published and len(set(articles)) == published,
              "sitemaps list %d articles, %d are published" % (len(articles), published))
        check(BASE_URL + "/" in urls and BASE_URL + "/so-do-trang/" in urls, "fixed pages missing")
        check(BASE_URL + "/nong-thon-moi/" in urls and BASE_URL + "/nong-thon-moi/ban-do" in urls,
              "the monitor's public pages are not in the sitemap")
        # every commune of the province with an accepted result, and the national page
        communes = {c for (c,) in db.execute(
            "SELECT DISTINCT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id JOIN ntm_assessment a "
            "ON a.unit_id = u.id AND a.state = 'accepted' WHERE p.code = '42' AND u.valid_to IS NULL")}
        listed = {u.rsplit("/", 1)[1] for u in urls if "/nong-thon-moi/xa/" in u}
        check(communes and listed == communes, "the sitemap lists %d communes' pages, %d have results" %
              (len(listed), len(communes)))
        check(BASE_URL + "/nong-thon-moi/ca-nuoc" in urls and any("/nong-thon-moi/tieu-chi/" in u for u in urls),
              "the national page or the criteria are not in the sitemap")
        check(len(urls) == len(set(urls)), "the sitemaps list an address twice")
        for u in urls:
            if "/nong-thon-moi/" in u:
                check(srv.get(u[len(BASE_URL):])[0] == 200, "%s in the sitemap does not answer 200" % u)
        status, h, body = srv.get("/sitemap-tin-tuc-99.xml")
        check(status == 404, "a part past the end answered %d" % status)


@test
def robots_and_site_map_page():
    with Server() as srv:
        text = fetch(srv, "/robots.txt", "text/plain; charset=utf-8").decode()
        check("User-agent: *" in text and "Sitemap: %s/sitemap.xml" % BASE_URL in text, "robots.txt: %s" % text)
        check("Disallow: /quan-tri/" in text, "admin path not disallowed")
        html = srv.page("/so-do-trang/")
        db = sqlite3.connect(demo_db())
        for slug, name in db.execute("SELECT slug, name FROM category").fetchall():
            check('href="/tin-tuc/%s/"' % slug in html and 'href="/rss/%s.xml"' % slug in html, "map lacks %s" % slug)
        check('href="/sitemap.xml"' in html and "<h1>Sơ đồ trang</h1>" in html, "map page")
        check('href="/nong-thon-moi/"' in html and 'href="/nong-thon-moi/ca-nuoc"' in html, "the map lacks the monitor")


@test
def the_footers_rss_link_opens_a_page_a_person_can_read():
    """A citizen who clicks RSS at the foot of a page gets a page in
    Vietnamese naming each channel and the address to copy into a reader,
    not raw XML; each address listed is a channel that answers."""
    db = sqlite3.connect(demo_db())
    with Server() as srv:
        home = srv.page("/")
        foot = home[home.index('class="site-footer"'):]
        link = re.search(r'<a href="([^"]+)">RSS</a>', foot)
        check(link is not None, "the footer has no RSS link")
        status, h, body = srv.get(link.group(1))
        check(status == 200 and h["content-type"].startswith("text/html"),
              "the footer's RSS link %s answered %d %s" % (link.group(1), status, h.get("content-type")))
        html = body.decode()
        check("<h1>Kênh tin RSS</h1>" in html and "phần mềm" in html, "the page does not say what RSS is for")
        addresses = re.findall(r"<code>(%s/rss/[^<]*)</code>" % re.escape(BASE_URL), html)
        categories = db.execute("SELECT slug, name FROM category").fetchall()
        check(len(addresses) == len(categories) + 2, "%d channels listed for %d categories" % (
            len(addresses), len(categories)))
        for slug, name in categories:
            check("%s/rss/%s.xml" % (BASE_URL, slug) in addresses and ">%s</a>" % name in html,
                  "the channel of %s is not listed" % name)
        for address in addresses:
            fetch(srv, address[len(BASE_URL):], "application/rss+xml; charset=utf-8")
        # the site map leads there, and a search engine is told of it
        check('href="/kenh-rss/"' in srv.page("/so-do-trang/"), "the site map does not lead to the channels")
        check(b"/kenh-rss/</loc>" in fetch(srv, "/sitemap-trang.xml", "application/xml; charset=utf-8"),
              "the channels' page is not in the sitemap")
        # readers find the feed of a page as before
        check('<link rel="alternate" type="application/rss+xml"' in home and 'href="/rss/"' in home,
              "the home page no longer announces its feed")
