"""test_fragments.py - pieces of pages kept between renders (the home page's
sections, the footer): what a reader sees after each kind of write, with the
page cache off so that every request draws the page from its pieces, and
writes racing those draws."""
import html
import re
import sqlite3
import threading
import time
import urllib.parse

from harness import Server, check, demo_db, fresh_db, test
from test_newsroom import ADMIN, CHIEF, article_form, newsroom_server, signed_in
from test_site_admin import settings_form


def stats(srv):
    return srv.hook("GET", "/__test/cache")["fragments"]


def without_counter(page):
    return re.sub(r'<dl class="counter">.*?</dl>', "", page, flags=re.S)


def sections(page):
    """The home page's category sections: {category id: their HTML}."""
    return {int(m.group(1)): m.group(0)
            for m in re.finditer(r'<section aria-labelledby="section-(\d+)">.*?</section>', page, re.S)}


def latest(page):
    m = re.search(r'<section aria-labelledby="latest-title">.*?</section>', page, re.S)
    check(m, "the home page has no latest news")
    return m.group(0)


def card_titles(block):
    return [html.unescape(t) for t in re.findall(r'<h3[^>]*><a href="[^"]+">(.*?)</a></h3>', block, re.S)]


def retitle(srv, article_id, title):
    return srv.hook("POST", "/__test/article?id=%d&tieu-de=%s" % (article_id, urllib.parse.quote(title)))


@test
def the_home_page_keeps_its_sections_and_redraws_what_a_write_changed():
    with Server(args=["--no-page-cache"]) as srv:
        first = srv.page("/")
        s1 = stats(srv)
        second = srv.page("/")
        s2 = stats(srv)
        check(without_counter(first) == without_counter(second), "the page drawn from kept pieces differs")
        secs = sections(second)
        check(len(secs) >= 3, "the demo's home page shows %d category sections" % len(secs))
        check(s2["hits"] - s1["hits"] >= len(secs) + 2 and s2["stores"] == s1["stores"],
              "the second view did not take the kept pieces: %s -> %s" % (s1, s2))

        # A new title for an article shown in one category's section.
        cat_b, block_b = list(secs.items())[1]
        m = re.search(r'href="/tin-tuc/[^"]+-(\d+)\.html">(.*?)</a></h3>', block_b, re.S)
        article_b, old_title = int(m.group(1)), html.unescape(m.group(2))
        new_title = "Tiêu đề mới của bài trong mục thứ hai"
        retitle(srv, article_b, new_title)
        after = srv.page("/")
        now = sections(after)
        check(new_title in card_titles(now[cat_b]), "the section still shows %r" % card_titles(now[cat_b]))
        check(old_title not in card_titles(now[cat_b]), "the old title is still in its section")
        for cat, block in secs.items():
            if cat != cat_b and "-%d.html" % article_b not in block:
                check(now[cat] == block, "section %d changed though nothing of it was written" % cat)

        # A new article in another category: the latest news and its section.
        cat_a = list(secs)[0]
        before = stats(srv)
        result = srv.hook("POST", "/__test/publish?chuyen-muc=%d&tieu-de=%s" % (cat_a, urllib.parse.quote(
            "Bài mới đăng vào mục thứ nhất")))
        check("article_id" in result or result, "publishing answered %r" % result)
        page = srv.page("/")
        drawn = stats(srv)
        check("Bài mới đăng vào mục thứ nhất" in card_titles(latest(page)), "not in the latest news")
        check("Bài mới đăng vào mục thứ nhất" in card_titles(sections(page)[cat_a]), "not in its category's section")
        others = [c for c in now if c != cat_a]
        for cat in others:
            check(sections(page)[cat] == now[cat], "section %d was changed by a write elsewhere" % cat)
        check(drawn["hits"] - before["hits"] >= len(others) + 1,
              "the sections nobody wrote to were drawn again: %s -> %s" % (before, drawn))
        check(drawn["misses"] - before["misses"] >= 3, "the changed pieces came from the store: %s" % drawn)


@test
def a_page_drawn_while_a_write_commits_never_keeps_the_old_text():
    with Server(args=["--no-page-cache"], threads=2) as srv:
        page = srv.page("/")
        secs = sections(page)
        cat, block = list(secs.items())[0]
        article = int(re.search(r'-(\d+)\.html"', block).group(1))
        stop = threading.Event()
        errors = []

        def reader():
            while not stop.is_set():
                status, _, _ = srv.get("/")
                if status != 200:
                    errors.append(status)

        readers = [threading.Thread(target=reader) for _ in range(3)]
        for t in readers:
            t.start()
        try:
            for i in range(25):
                title = "Tiêu đề lần thứ %d" % i
                retitle(srv, article, title)
                for _ in range(2):
                    shown = card_titles(sections(srv.page("/"))[cat])
                    check(title in shown, "after write %d the section shows %r" % (i, shown))
        finally:
            stop.set()
            for t in readers:
                t.join()
        check(not errors, "readers got %r" % errors[:5])


@test
def the_footer_follows_the_settings_on_every_page_and_thread():
    db = sqlite3.connect(demo_db())
    cat_slug = db.execute("SELECT slug FROM category ORDER BY position, id LIMIT 1").fetchone()[0]
    db.close()
    with newsroom_server(args=["--no-page-cache"], threads=2) as s:
        home = s.page("/")
        article = re.search(r'href="(/tin-tuc/[^"]+\.html)"', home).group(1)
        paths = ["/", "/tin-tuc/%s/" % cat_slug, article, "/van-ban/", "/tim-kiem?q=n%C3%B4ng+th%C3%B4n"]
        for _ in range(3):
            for p in paths:
                check('<footer class="site-footer">' in s.page(p), "%s has no footer" % p)
        admin = signed_in(s, ADMIN)
        fields = settings_form(admin)
        fields["ban-quyen"] = "© 2026 Bản quyền <thuộc> Văn phòng Điều phối"
        status, _, _ = admin.post("/quan-tri/cai-dat/", fields)
        check(status == 303, "saving the settings answered %d" % status)
        for _ in range(3):
            for p in paths:
                body = s.page(p)
                check('<p class="footer-copyright">© 2026 Bản quyền &lt;thuộc&gt; Văn phòng Điều phối</p>' in body,
                      "%s still shows the old footer" % p)


def category_cards(page):
    """The cards of a category's page: [(article id, title)]."""
    return [(int(i), html.unescape(t)) for i, t in re.findall(
        r'<h2><a href="/tin-tuc/[^"]+-(\d+)\.html">(.*?)</a></h2>', page, re.S)]


def related_cards(page):
    m = re.search(r'<section class="related" aria-labelledby="related-title">.*?</section>', page, re.S)
    if not m:
        return []
    return [(int(i), html.unescape(t)) for i, t in re.findall(
        r'<h3><a href="/tin-tuc/[^"]+-(\d+)\.html">(.*?)</a></h3>', m.group(0), re.S)]


@test
def a_list_draws_again_only_the_card_a_write_changed():
    """Each card of a list is kept on its own: a new title for one article
    redraws its card alone, and every list that shows it (its category's
    page, the related news under another article) shows the new title."""
    db = sqlite3.connect(demo_db())
    cat_slug = db.execute("SELECT c.slug FROM category c JOIN article a ON a.category_id = c.id "
                          "WHERE a.status = 1 GROUP BY c.id HAVING count(*) >= 5 ORDER BY c.id LIMIT 1").fetchone()[0]
    db.close()
    with Server(args=["--no-page-cache"]) as srv:
        url = "/tin-tuc/%s/" % cat_slug
        first = srv.page(url)
        s0 = stats(srv)
        second = srv.page(url)
        s1 = stats(srv)
        cards = category_cards(second)
        check(len(cards) >= 5, "the category's page shows %d cards" % len(cards))
        check(without_counter(first) == without_counter(second), "the page drawn from kept cards differs")
        check(s1["hits"] - s0["hits"] >= len(cards) and s1["stores"] == s0["stores"],
              "the second view drew its cards again: %s -> %s" % (s0, s1))

        article, old_title = cards[1]
        new_title = "Tiêu đề mới <của> thẻ thứ hai"
        retitle(srv, article, new_title)
        third = srv.page(url)
        s2 = stats(srv)
        now = category_cards(third)
        check((article, new_title) in now, "the page shows %r" % now[:3])
        check(old_title not in [t for _, t in now], "the old title is still on the page")
        check(html.escape(new_title, quote=False) in third, "the new title is not escaped")
        check(s2["stores"] - s1["stores"] == 1, "a write to one article redrew %d cards" % (s2["stores"] - s1["stores"]))
        check([c for c in now if c[0] != article] == [c for c in cards if c[0] != article],
              "the other cards changed: %r -> %r" % (cards, now))

        # The related news under another article: the card kept there follows a write too.
        home = srv.page("/")
        for path in re.findall(r'href="(/tin-tuc/[^"]+\.html)"', home):
            related = related_cards(srv.page(path))
            if related:
                break
        check(related, "no article of the demo shows related news")
        shown, _ = related[0]
        srv.page(path)  # its cards kept
        retitle(srv, shown, "Tin liên quan có tiêu đề mới")
        check((shown, "Tin liên quan có tiêu đề mới") in related_cards(srv.page(path)),
              "the related news still show %r" % related_cards(srv.page(path))[:2])

        # The older news under an article: lines of titles, kept one by one too.
        def older(page):
            m = re.search(r'<section class="related" aria-labelledby="older-title">.*?</section>', page, re.S)
            return [(int(i), html.unescape(t)) for i, t in re.findall(
                r'<li><a href="/tin-tuc/[^"]+-(\d+)\.html">(.*?)</a>', m.group(0) if m else "", re.S)]
        titles = older(srv.page(path))
        check(len(titles) >= 2, "the article shows %d older titles" % len(titles))
        s3 = stats(srv)
        srv.page(path)
        s4 = stats(srv)
        check(s4["stores"] == s3["stores"], "a second view drew pieces again: %s -> %s" % (s3, s4))
        retitle(srv, titles[1][0], "Tin cũ hơn có tiêu đề mới")
        now = older(srv.page(path))
        check(now[1] == (titles[1][0], "Tin cũ hơn có tiêu đề mới") and now[0] == titles[0],
              "the older news show %r" % now[:2])


def without_live(page):
    """A page without what changes from one view to the next: the visitor
    counter and the article's views."""
    return re.sub(r'<span id="luot-xem">[^<]*</span>', "", without_counter(page))


def titles_in(page, section):
    m = re.search(r'<section class="related" aria-labelledby="%s">.*?</section>' % section, page, re.S)
    return [(int(i), html.unescape(t)) for i, t in re.findall(r'<a href="/tin-tuc/[^"]+-(\d+)\.html">(.*?)</a>',
                                                              m.group(0) if m else "", re.S)]


@test
def an_article_page_keeps_the_lists_under_it_and_draws_again_what_a_write_changed():
    """With the page cache off every view of an article is a page-cache miss
    (as after a comment is approved, or when the day turns): the lists under
    the article (newer, older and related news) are kept between views and
    not drawn again; a write draws again what it changed, and the reader
    sees every change, to the lists and to the article's own text."""
    with newsroom_server(args=["--no-page-cache"]) as srv:
        home = srv.page("/")
        for path in re.findall(r'href="(/tin-tuc/[^"]+\.html)"', home):
            if related_cards(srv.page(path)) and '<ul class="tags"' in srv.page(path):
                break
        check(related_cards(srv.page(path)), "no article of the demo shows related news and tags")
        aid = int(re.search(r"-(\d+)\.html$", path).group(1))
        first = srv.page(path)
        s1 = stats(srv)
        second = srv.page(path)
        s2 = stats(srv)
        check(without_live(first) == without_live(second), "the page drawn from its kept parts differs")
        check(s2["stores"] == s1["stores"] and s2["hits"] - s1["hits"] == 1,
              "a second view drew the lists again: %s -> %s" % (s1, s2))

        # A related article retitled: its card and the lists are drawn again.
        shown, _ = related_cards(second)[0]
        retitle(srv, shown, "Tin liên quan <mới> đặt lại tên")
        third = srv.page(path)
        s3 = stats(srv)
        check((shown, "Tin liên quan <mới> đặt lại tên") in related_cards(third),
              "the related news show %r" % related_cards(third)[:2])
        check(s3["stores"] - s2["stores"] == 2,
              "retitling a related article drew %d parts (its card and the lists)" % (s3["stores"] - s2["stores"]))
        body = lambda page: re.search(r'<div class="article-body">.*?</ul>', page, re.S).group(0)

        # The article itself rewritten in the newsroom, with other tags.
        chief = signed_in(srv, CHIEF)
        status, h, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu",
                                       noi_dung="Đoạn văn viết lại <hôm nay> cho bạn đọc.",
                                       tu_khoa="Từ khóa riêng của bài viết lại")
        check(status == 303, "saving the article answered %d: %s" % (status, page[:300]))
        fourth = srv.page(path)
        check("<p>Đoạn văn viết lại &lt;hôm nay&gt; cho bạn đọc.</p>" in fourth, "the new body is not shown")
        check(">Từ khóa riêng của bài viết lại</a>" in fourth and body(second) not in fourth,
              "the new tag is not shown, or the old text is")
        check(related_cards(fourth) == [], "the related news of the old tag are still shown: %r" %
              related_cards(fourth)[:2])
        check(without_live(srv.page(path)) == without_live(fourth), "the lists kept differ from the lists drawn")
        # Without its picture, then with another source.
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", anh="")
        check(status == 303 and '<div class="article-body">\n<figure>' not in srv.page(path),
              "the picture was not taken off the article: %d" % status)
        srv.page(path)
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", nguon="Báo <Hà Tĩnh> điện tử")
        check(status == 303 and '<p class="source">Theo Báo &lt;Hà Tĩnh&gt; điện tử</p>' in srv.page(path),
              "the new source is not shown: %d" % status)

        # A neighbour in its category taken down leaves its newer or older news.
        section = "newer-title" if titles_in(fourth, "newer-title") else "older-title"
        before = titles_in(fourth, section)
        check(len(before) >= 2, "the article shows %d titles in %s" % (len(before), section))
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % before[0][0], "go")
        check(status == 303, "taking a neighbour down answered %d: %s" % (status, page[:300]))
        after = titles_in(srv.page(path), section)
        check(before[0] not in after and after[:len(before) - 1] == before[1:],
              "%s: %r became %r" % (section, before, after))

        # A new article of its category dated just after it is the first of its newer news.
        db = sqlite3.connect(srv.db)
        cat, published = db.execute("SELECT category_id, published_at FROM article WHERE id = ?", (aid,)).fetchone()
        db.close()
        when = time.strftime("%Y-%m-%dT%H:%M", time.gmtime((published // 60 + 1) * 60 + 7 * 3600))
        status, _, page = article_form(chief, "/quan-tri/bai-viet/moi", "dang", tieu_de="Tin mới sát sau bài này",
                                       noi_dung="Nội dung của tin mới.", chuyen_muc=str(cat), thoi_diem_dang=when)
        check(status == 303, "publishing a new article answered %d: %s" % (status, page[:300]))
        newer = titles_in(srv.page(path), "newer-title")
        check([t for _, t in newer[:1]] == ["Tin mới sát sau bài này"], "the newer news show %r" % newer[:2])
        check("<p>Đoạn văn viết lại &lt;hôm nay&gt; cho bạn đọc.</p>" in srv.page(path), "the body was lost")


@test
def no_cache_draws_every_piece():
    with Server(args=["--no-cache"]) as srv:
        first = srv.page("/")
        second = srv.page("/")
        s = stats(srv)
        check(s["hits"] == 0 and s["stores"] == 0 and s["entries"] == 0, "--no-cache kept pieces: %s" % s)
        check(without_counter(first) == without_counter(second), "two renders differ")



@test
def a_scheduler_tick_that_finds_hundreds_due_shows_every_one():
    """Hundreds of articles scheduled for the same hour (an import, a night of
    planned posts): when the hour comes, every category's page and section
    shows its own, those of the last category to come due too."""
    path = fresh_db("due.db")
    db = sqlite3.connect(path)
    now = int(time.time())
    last_id, last_slug = db.execute(
        "SELECT c.id, c.slug FROM category c JOIN article a ON a.category_id = c.id WHERE a.status = 1 "
        "GROUP BY c.id ORDER BY count(*), c.id LIMIT 1").fetchone()
    others = db.execute("SELECT count(*) FROM article WHERE status = 1 AND category_id <> ?", (last_id,)).fetchone()[0]
    check(others > 256, "the demo has only %d articles outside one category" % others)
    # The scheduler reads the due newest first: the last category's are the oldest of them.
    db.execute("UPDATE article SET published_at = ? + id WHERE status = 1 AND category_id <> ?", (now + 7200, last_id))
    db.execute("UPDATE article SET published_at = ? + id WHERE status = 1 AND category_id = ?", (now + 3600, last_id))
    titles = [t for (t,) in db.execute("SELECT title FROM article WHERE status = 1 AND category_id = ?", (last_id,))]
    db.commit()
    db.close()
    with Server(db=path) as srv:
        before = srv.page("/tin-tuc/%s/" % last_slug)
        check(not any(html.escape(t, quote=False) in before for t in titles), "scheduled articles show early")
        srv.page("/")
        srv.hook("POST", "/__test/clock?offset=10800")
        deadline = time.time() + 15
        while True:
            page = srv.page("/tin-tuc/%s/" % last_slug)
            home = srv.page("/")
            in_page = any(html.escape(t, quote=False) in page for t in titles)
            in_home = any(t in card_titles(sections(home).get(last_id, "")) for t in titles)
            if in_page and in_home:
                break
            check(time.time() < deadline, "the last category's articles never showed (page or home section)")
            time.sleep(0.5)


@test
def a_document_dated_tomorrow_shows_on_the_home_page_from_its_day():
    """The home page's documents are those dated up to today: a document
    entered ahead of its date appears on its day, without any write."""
    import datetime
    path = fresh_db("tomorrow.db")
    db = sqlite3.connect(path)
    tomorrow = (datetime.datetime.utcnow() + datetime.timedelta(hours=7, days=1)).strftime("%Y-%m-%d")
    doc_id, number = db.execute("SELECT id, number_canonical FROM document WHERE published = 1 "
                                "ORDER BY issued_on DESC, id DESC LIMIT 1").fetchone()
    db.execute("UPDATE document SET issued_on = ? WHERE id = ?", (tomorrow, doc_id))
    db.commit()
    db.close()

    def docs_block(page):
        m = re.search(r'<section class="docs-latest".*?</section>', page, re.S)
        return m.group(0) if m else ""

    for args in (["--no-page-cache"], []):  # drawn from its pieces; from the page cache
        with Server(db=path, args=args) as srv:
            for _ in range(3):
                check(number not in docs_block(srv.page("/")), "a document dated %s shows today" % tomorrow)
            srv.hook("POST", "/__test/clock?offset=86400")
            check(number in docs_block(srv.page("/")), "%s: the document dated %s does not show on its day" % (
                args, tomorrow))
