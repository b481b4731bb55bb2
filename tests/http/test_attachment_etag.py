"""test_attachment_etag.py - a document's attached file (/van-ban/tep/ID/NAME)
keeps one validator: the same ETag on every request, for GET and HEAD, on
every thread and after a restart, a 304 when the browser already has it,
another ETag for a file with other bytes; and serving files does not touch
the page cache that keeps the public pages."""
import html as htmllib
import re

from harness import Server, check, test
from test_docs_desk import created_id, document_fields, post_form, public_url, tiny_pdf
from test_newsroom import CHIEF, newsroom_server, signed_in


def attachment_url(s, did):
    page = s.page(public_url(s.db, did))
    m = re.search(r'<a href="(/van-ban/tep/\d+/[^"]+)" download>', page)
    check(m, "the public page of document %d lists no attachment" % did)
    return htmllib.unescape(m.group(1))


def etags_of(s, url, n=6, headers=None):
    out = set()
    for i in range(n):
        status, h, _ = s.request("HEAD" if i % 2 else "GET", url, headers)
        check(status == 200, "%s answered %d" % (url, status))
        out.add(h.get("etag"))
    return out


@test
def attachment_etag_is_stable_and_answers_304():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        urls = []
        for i, text in enumerate(("Ke hoach mot", "Ke hoach hai")):
            did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                        document_fields(chief, so_ky_hieu="%d/KH-UBND" % (9400 + i), viec="dang"),
                                        [("tep", "ke-hoach.pdf", tiny_pdf(text))]), "a document with a PDF")
            urls.append(attachment_url(s, did))
        tags = etags_of(s, urls[0])
        check(len(tags) == 1 and None not in tags, "GET and HEAD of one file gave the ETags %r" % sorted(map(str, tags)))
        etag = tags.pop()
        check(re.fullmatch(r'"[^"]+"', etag), "ETag %r is not a quoted strong validator" % etag)
        status, h, body = s.request("GET", urls[0], {"If-None-Match": etag})
        check(status == 304 and body == b"" and h.get("etag") == etag,
              "If-None-Match with the file's own ETag answered %d (ETag %r)" % (status, h.get("etag")))
        status, _, _ = s.request("GET", urls[0], {"If-None-Match": '"nothing-like-it"'})
        check(status == 200, "another ETag answered %d" % status)
        # gzip or not, a 304 for what the browser has.
        status, h, _ = s.request("GET", urls[0], {"Accept-Encoding": "gzip"})
        gz = h.get("etag")
        status, _, _ = s.request("GET", urls[0], {"Accept-Encoding": "gzip", "If-None-Match": gz})
        check(status == 304, "the gzip form's own ETag answered %d" % status)
        other = etags_of(s, urls[1])
        check(other and etag not in other, "two files with other bytes share the ETag %r" % etag)
        # Serving files stores nothing in the page cache: its entries and
        # bytes stay as they were, and the home page keeps its ETag.
        home = s.request("GET", "/")[1].get("etag")
        before = s.hook("GET", "/__test/cache")
        for _ in range(10):
            s.request("GET", urls[0])
            s.request("HEAD", urls[1])
        after = s.hook("GET", "/__test/cache")
        check((after["stores"], after["entries"], after["bytes"], after["evictions"]) ==
              (before["stores"], before["entries"], before["bytes"], before["evictions"]),
              "serving files changed the page cache: %r -> %r" % (before, after))
        check(s.request("GET", "/")[1].get("etag") == home, "the home page left the cache while files were served")
    # After a restart, the same file gives the same ETag.
    with Server(db=s.db, args=["--demo-logins"]) as s2:
        check(etags_of(s2, urls[0], n=2) == {etag}, "after a restart the file's ETag changed")
