"""test_cache.py - the page cache seen through its counters (/__test/cache)
and through what readers get after a write."""
import re
import sqlite3

from harness import Server, check, demo_db, fresh_db, test


def stats(srv):
    return srv.hook("GET", "/__test/cache")


def two_categories():
    db = sqlite3.connect(demo_db())
    return db.execute("SELECT id, slug FROM category ORDER BY position, id LIMIT 2").fetchall()


@test
def repeat_requests_are_hits():
    with Server() as srv:
        before = stats(srv)
        first = srv.page("/")
        mid = stats(srv)
        check(mid["misses"] == before["misses"] + 1 and mid["stores"] == before["stores"] + 1, "first GET: %s" % mid)
        second = srv.page("/")
        after = stats(srv)
        check(after["hits"] == mid["hits"] + 1 and after["misses"] == mid["misses"], "second GET: %s" % after)
        strip = lambda s: re.sub(r'<dl class="counter">.*?</dl>', "", s, flags=re.S)
        check(strip(first) == strip(second), "a cached page differs from the rendered one")


@test
def tracking_parameters_share_an_entry():
    with Server() as srv:
        srv.page("/")
        base = stats(srv)
        for q in ("?fbclid=abc", "?utm_source=zalo&utm_medium=social", "?zarsrc=30", "?gclid=1&utm_campaign=x"):
            srv.page("/" + q)
        after = stats(srv)
        check(after["entries"] == base["entries"] and after["hits"] == base["hits"] + 4,
              "tracking parameters made new entries: %s -> %s" % (base, after))
        cats = two_categories()
        srv.page("/tin-tuc/%s/?trang=2" % cats[0][1])
        srv.page("/tin-tuc/%s/?utm_source=x&trang=2" % cats[0][1])
        final = stats(srv)
        check(final["entries"] == after["entries"] + 1, "?trang=2 with a tracker is a second entry: %s" % final)


@test
def display_choices_make_their_own_entries():
    with Server() as srv:
        plain = srv.page("/")
        large = srv.page("/", {"Cookie": "dinh_pref=2h"})
        check('class="cs-xl hc"' in large and 'class="cs-xl hc"' not in plain, "choices mixed up")
        again = srv.page("/")
        check('class=""' in again, "a plain reader got the large-text page from the cache")


@test
def a_write_invalidates_exactly_its_pages():
    with Server() as srv:
        (a_id, a_slug), (b_id, b_slug) = two_categories()
        for path in ("/", "/tin-tuc/%s/" % a_slug, "/tin-tuc/%s/" % b_slug):
            srv.page(path)
        s0 = stats(srv)
        result = srv.hook("POST", "/__test/publish?chuyen-muc=%d" % a_id)
        check(result["dropped"] >= 2, "the write dropped %s pages" % result["dropped"])
        s1 = stats(srv)
        srv.page("/tin-tuc/%s/" % b_slug)
        s2 = stats(srv)
        check(s2["hits"] == s1["hits"] + 1, "the other category was dropped too: %s -> %s" % (s1, s2))
        page_a = srv.page("/tin-tuc/%s/" % a_slug)
        s3 = stats(srv)
        check(s3["misses"] == s2["misses"] + 1, "the changed category was still cached")
        check("Bài kiểm thử bộ nhớ đệm" in page_a, "the new article is not on its category page")
        home = srv.page("/")
        check("Bài kiểm thử bộ nhớ đệm" in home, "the new article is not on the home page")
        check(s0["invalidated"] + result["dropped"] == s1["invalidated"], "invalidation counter")


@test
def head_and_conditional_from_the_cache():
    with Server() as srv:
        srv.page("/")
        s0 = stats(srv)
        status, h, body = srv.request("HEAD", "/")
        check(status == 200 and body == b"" and int(h["content-length"]) > 1000, "HEAD from the cache")
        status, h2, body2 = srv.get("/", {"If-None-Match": h["etag"]})
        check(status == 304, "304 from the cache: %d" % status)
        s1 = stats(srv)
        check(s1["hits"] == s0["hits"] + 2, "HEAD and 304 were not served from the cache: %s" % s1)


@test
def an_etag_from_before_a_restart_is_never_answered_304():
    """Page versions start again with each process: a feed or page that
    changed while the server was down must not be called unchanged."""
    path = fresh_db("restart-etag.db")
    with Server(db=path) as srv:
        status, h, _ = srv.get("/rss/")
        check(status == 200 and h.get("etag"), "the feed answered %d %r" % (status, h.get("etag")))
        old = h["etag"]
        status, _, _ = srv.get("/rss/", {"If-None-Match": old})
        check(status == 304, "the same feed again answered %d" % status)
    db = sqlite3.connect(path)
    db.execute("UPDATE setting SET value = 'Mô tả mới sau khi khởi động lại' WHERE key = 'site.description'")
    changed = db.total_changes
    db.commit()
    db.close()
    check(changed == 1, "the test could not change the site's description")
    with Server(db=path) as srv:
        status, h, body = srv.get("/rss/", {"If-None-Match": old})
        check(status == 200 and "Mô tả mới sau khi khởi động lại" in body.decode() and h.get("etag") != old,
              "after a restart the old ETag %s answered %d (ETag now %s)" % (old, status, h.get("etag")))
