"""test_docs.py - the register of documents (văn bản) as a citizen uses it:
the list and its filters, a document with every field, the attached files,
the home page's "Văn bản mới" and the links between articles and documents.

The expected answers are read from the demo database with plain SQL, so the
tests check what the pages show against what is stored."""
import datetime
import html as htmllib
import json
import os
import re
import sqlite3
import subprocess
import urllib.parse

from harness import BASE_URL, ROOT, WORK, Failure, Server, check, demo_db, fresh_db, test

VN = datetime.timezone(datetime.timedelta(hours=7))
VNU = os.path.join(ROOT, "tests", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")
STATUS = {1: "Còn hiệu lực", 2: "Hết hiệu lực", 3: "Bị thay thế", 4: "Chưa có hiệu lực"}
# the state on a day: a document in force whose expiry date has passed is
# expired, one whose effective date is ahead not yet in force
STATE_ON = ("(CASE WHEN d.status = 1 AND coalesce(d.expires_on, '') <> '' AND d.expires_on < ? THEN 2 "
            "WHEN d.status = 1 AND coalesce(d.effective_on, '') > ? THEN 4 ELSE d.status END)")
STATUS_SLUG = {"con-hieu-luc": 1, "het-hieu-luc": 2, "bi-thay-the": 3}

_server = None


def server():
    """One shared server for the read-only tests."""
    global _server
    if _server is None:
        _server = Server()
    return _server


def db():
    return sqlite3.connect(demo_db())


def today():
    return datetime.datetime.now(VN).strftime("%Y-%m-%d")


def text_of(html):
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def dmy(iso):
    return "%s/%s/%s" % (iso[8:10], iso[5:7], iso[0:4])


def doc_url(slug, did):
    return "/van-ban/%s-%d.html" % (slug, did) if slug else "/van-ban/%d.html" % did


def shown(where="1", args=()):
    """The shown documents matching a SQL condition, newest first: (id, slug)."""
    return db().execute(
        "SELECT d.id, d.slug FROM document d WHERE d.published = 1 AND d.issued_on <= ? AND (%s) "
        "ORDER BY d.issued_on DESC, d.id DESC" % where, (today(),) + tuple(args)).fetchall()


def listed(html):
    """The document ids a list page shows, in order."""
    return [int(m) for m in re.findall(r'<h2><a href="/van-ban/[a-z0-9-]*?-?(\d+)\.html">', html)]


def total_of(html):
    m = re.search(r"(\d+) văn bản · Trang (\d+)/(\d+)", text_of(html))
    check(m, "no count line on the list")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def expect_list(srv, query, where, args=()):
    """The list at /van-ban/?query shows exactly the matching documents (first page)."""
    html = srv.page("/van-ban/" + query)
    want = shown(where, args)
    total, page, pages = total_of(html)
    check(total == len(want), "%s: %d documents, expected %d" % (query, total, len(want)))
    check(listed(html) == [d for d, s in want[:20]], "%s: wrong documents or order" % query)
    return html, want


# --- the list -------------------------------------------------------------------------------------

@test
def docs_list_newest_first_in_pages():
    srv = server()
    html, want = expect_list(srv, "", "1")
    check(len(want) >= 60, "the demo should show at least 60 documents, shows %d" % len(want))
    check("<h1>Văn bản</h1>" in html, "heading")
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    check(dates == sorted(dates, reverse=True) and len(dates) == 20, "newest issue date first, 20 a page")
    text = text_of(html)
    for label in ("Loại văn bản", "Cơ quan ban hành", "Lĩnh vực", "Năm ban hành", "Tình trạng", "Tìm văn bản"):
        check(label in text, "the filter form lacks %r" % label)
    # a box for the number or the abstract, in the same form as the filters (one search, not two)
    form = html[html.index('<form class="search-page-form doc-filter" action="/van-ban/"'):]
    form = form[:form.index("</form>")]
    check('name="q"' in form and "Số ký hiệu hoặc trích yếu" in text_of(form),
          "the register has no box to search it by number beside its filters")
    for name in ("loai", "co-quan", "linh-vuc", "nam", "tinh-trang"):
        check(re.search(r'<label for="loc-%s">' % name, html) and
              re.search(r'<select id="loc-%s" name="%s">' % (name, name), html), "select %s with its label" % name)
    check("Xóa bộ lọc" not in html, "no filter to clear on the plain list")
    # each row: number, abstract, date, type, issuer, status
    first = db().execute(
        "SELECT d.number_canonical, d.abstract, d.issued_on, t.name, i.name, d.status FROM document d "
        "JOIN doc_type t ON t.id = d.type_id JOIN doc_issuer i ON i.id = d.issuer_id WHERE d.id = ?",
        (want[0][0],)).fetchone()
    row = text_of(html[html.index('<ol class="news-list doc-list">'):])[:600]
    for piece in ("%s số %s" % (first[3], first[0]), first[1], dmy(first[2]), first[4], STATUS[first[5]]):
        check(piece in row, "the first row lacks %r: %s" % (piece, row[:300]))
    # page 2, the last page, past the end
    html2 = srv.page("/van-ban/?trang=2")
    check(listed(html2) == [d for d, s in want[20:40]], "page 2")
    check('href="/van-ban/?trang=2"' in html and 'rel="next"' in html, "link to page 2")
    pages = (len(want) + 19) // 20
    last = srv.page("/van-ban/?trang=%d" % pages)
    check(listed(last) == [d for d, s in want[(pages - 1) * 20:]], "last page")
    status, h, body = srv.get("/van-ban/?trang=%d" % (pages + 1))
    check(status == 404 and "Không tìm thấy trang" in body.decode(), "past the end: %d" % status)
    for bad in ("abc", "0", "-1", "1e3", "99999999999999999999"):
        status, h, body = srv.get("/van-ban/?trang=%s" % bad)
        check(status == 400, "trang=%s answered %d" % (bad, status))
    status, h, body = srv.get("/van-ban")
    check(status == 301 and h["location"] == "/van-ban/", "no slash: %d %s" % (status, h.get("location")))


@test
def docs_list_keyword_and_filters_together():
    """Words of the number or the abstract narrow the list with the other
    filters, are kept in their box and in the pages' links; a keyword of
    punctuation alone says what a keyword is."""
    srv = server()
    kinds = db().execute("SELECT t.slug, t.name, t.id FROM doc_type t JOIN document d ON d.type_id = t.id "
                         "WHERE d.published = 1 GROUP BY t.id ORDER BY count(*) DESC LIMIT 1").fetchone()
    slug, name, type_id = kinds
    # the commonest word of that kind's abstracts, as a reader would type it
    word = "nông thôn"
    folded = "%nông thôn%"
    html, want = expect_list(srv, "?q=n%%C3%%B4ng+th%%C3%%B4n&loai=%s" % slug,
                             "d.type_id = ? AND (d.abstract LIKE ? OR d.body LIKE ? OR d.number_raw LIKE ? "
                             "OR d.search_extra LIKE ?)", (type_id, folded, folded, folded, folded))
    check(len(want) >= 1, "the demo should hold a %s about %s" % (name, word))
    check('value="nông thôn"' in html, "the keyword is not kept in its box")
    check(re.search(r'<option value="%s" selected>' % slug, html), "the kind is not kept in its list")
    check("từ khóa “nông thôn”" in text_of(html), "the summary does not name the keyword")
    # the same words without their marks find the same documents
    html2 = srv.page("/van-ban/?q=nong+thon&loai=%s" % slug)
    check(listed(html2) == listed(html), "without diacritics the keyword finds other documents")
    # a number as it is written
    number = db().execute("SELECT number_raw, id FROM document WHERE published = 1 AND issued_on <= ? "
                          "AND number_raw LIKE '%/%' ORDER BY id LIMIT 1", (today(),)).fetchone()
    from urllib.parse import quote
    html3 = srv.page("/van-ban/?q=" + quote(number[0], safe=""))
    check(number[1] in listed(html3), "the number %s does not find its document" % number[0])
    # a keyword carrying characters that turn or hide text (pasted, or a link made to mislead): they
    # are neither shown back (the title, the summary, the box) nor sought
    html4 = srv.page("/van-ban/?q=%E2%80%AEn%C3%B4ng%E2%80%8B+th%C3%B4n%EF%BB%BF%E2%81%A6&loai=" + slug)
    for mark in ("\u202e", "\u200b", "\ufeff", "\u2066"):
        check(mark not in html4, "U+%04X is shown back" % ord(mark))
    check("từ khóa “nông thôn”" in text_of(html4) and listed(html4) == listed(html),
          "the keyword without its hidden characters: %r" % re.findall(r"từ khóa “[^”]*”", text_of(html4)))
    for bad, said in (("?q=%2F%2F%2F", "Từ khóa cần có chữ hoặc số"), ("?q=" + "a" * 201, "Từ khóa dài quá 200 byte")):
        status, _, body = srv.get("/van-ban/" + bad)
        check(status == 400 and said in body.decode(), "%s answered %d" % (bad[:20], status))


@test
def docs_list_hides_drafts():
    srv = server()
    drafts = db().execute("SELECT id, slug FROM document WHERE published = 0").fetchall()
    check(drafts, "the demo should hold unpublished documents")
    pages = (len(shown()) + 19) // 20
    seen = []
    for p in range(1, pages + 1):
        seen += listed(srv.page("/van-ban/?trang=%d" % p))
    check(len(seen) == len(set(seen)) == len(shown()), "every shown document once")
    for did, slug in drafts:
        check(did not in seen, "draft %d listed" % did)
        status, h, body = srv.get(doc_url(slug, did))
        check(status == 404, "draft %d answered %d" % (did, status))


@test
def docs_each_filter_alone():
    srv = server()
    c = db()
    tid, tslug, tabbr = c.execute(
        "SELECT t.id, t.slug, t.abbr FROM doc_type t JOIN document d ON d.type_id = t.id WHERE t.abbr <> '' "
        "AND d.published = 1 GROUP BY t.id ORDER BY count(*) DESC LIMIT 1").fetchone()
    html, want = expect_list(srv, "?loai=" + tslug, "d.type_id = ?", (tid,))
    check(want and '<option value="%s" selected>' % tslug in html, "type selected in the form")
    check('<a href="/van-ban/">Xóa bộ lọc</a>' in html, "clear link on a filtered list")
    expect_list(srv, "?loai=%d" % tid, "d.type_id = ?", (tid,))
    # an abbreviation filters on the numbers, in any case
    q = urllib.parse.quote(tabbr)
    expect_list(srv, "?loai=" + q, "d.type_abbr = ?", (tabbr,))
    expect_list(srv, "?loai=" + urllib.parse.quote(tabbr.lower()), "d.type_abbr = ?", (tabbr,))
    # a known abbreviation nothing uses: a valid, empty list
    html = srv.page("/van-ban/?loai=GGT")
    check(total_of(html)[0] == 0 and "Không có văn bản nào phù hợp" in html, "empty list for GGT")

    iid, islug = c.execute("SELECT i.id, i.slug FROM doc_issuer i JOIN document d ON d.issuer_id = i.id "
                           "GROUP BY i.id ORDER BY count(*) DESC LIMIT 1").fetchone()
    html, want = expect_list(srv, "?co-quan=" + islug, "d.issuer_id = ?", (iid,))
    check('<option value="%s" selected>' % islug in html, "issuer selected")
    expect_list(srv, "?co-quan=%d" % iid, "d.issuer_id = ?", (iid,))

    fid, fslug = c.execute("SELECT f.id, f.slug FROM doc_field f JOIN document_field x ON x.field_id = f.id "
                           "GROUP BY f.id ORDER BY count(*) DESC LIMIT 1").fetchone()
    cond = "d.id IN (SELECT document_id FROM document_field WHERE field_id = ?)"
    html, want = expect_list(srv, "?linh-vuc=" + fslug, cond, (fid,))
    check('<option value="%s" selected>' % fslug in html, "field selected")
    expect_list(srv, "?linh-vuc=%d" % fid, cond, (fid,))

    years = [r[0] for r in c.execute("SELECT DISTINCT substr(issued_on, 1, 4) FROM document WHERE published = 1 "
                                     "AND issued_on <= ?", (today(),))]
    for y in years:
        html, want = expect_list(srv, "?nam=" + y, "substr(d.issued_on, 1, 4) = ?", (y,))
        check('<option value="%s" selected>' % y in html, "year %s selected" % y)
    html = srv.page("/van-ban/?nam=1990")
    check(total_of(html)[0] == 0 and "Không có văn bản nào phù hợp" in html, "a year without documents")
    check('<option value="1990" selected>' in html, "an empty year stays selected")

    for slug, st in STATUS_SLUG.items():
        html, want = expect_list(srv, "?tinh-trang=" + slug, STATE_ON + " = ?", (today(), today(), st))
        check(want, "the demo should have documents with status %d" % st)
        check('<option value="%s" selected>' % slug in html, "status selected")
        check(all(STATUS[st] in text_of(b) for b in re.findall(r'<dl class="doc-meta">.*?</dl>', html, re.S)),
              "every row says %s" % STATUS[st])


@test
def docs_filters_combined():
    srv = server()
    c = db()
    # the most common (issuer, year) pair, with a field and a status on top
    iid, islug, year = c.execute(
        "SELECT i.id, i.slug, substr(d.issued_on, 1, 4) FROM document d JOIN doc_issuer i ON i.id = d.issuer_id "
        "WHERE d.published = 1 GROUP BY 1, 3 ORDER BY count(*) DESC LIMIT 1").fetchone()
    html, want = expect_list(srv, "?co-quan=%s&nam=%s" % (islug, year),
                             "d.issuer_id = ? AND substr(d.issued_on, 1, 4) = ?", (iid, year))
    check(len(want) >= 2, "combination too small to mean anything")
    text = text_of(html)
    check("Lọc theo:" in text and "Năm %s" % year in text, "the active filters in words")
    tid, tslug = c.execute("SELECT t.id, t.slug FROM document d JOIN doc_type t ON t.id = d.type_id "
                           "WHERE d.issuer_id = ? AND d.published = 1 GROUP BY t.id ORDER BY count(*) DESC LIMIT 1",
                           (iid,)).fetchone()
    fid, fslug = c.execute("SELECT f.id, f.slug FROM document d JOIN document_field x ON x.document_id = d.id "
                           "JOIN doc_field f ON f.id = x.field_id WHERE d.issuer_id = ? AND d.type_id = ? "
                           "GROUP BY f.id ORDER BY count(*) DESC LIMIT 1", (iid, tid)).fetchone()
    html, want = expect_list(
        srv, "?loai=%s&co-quan=%s&linh-vuc=%s" % (tslug, islug, fslug),
        "d.type_id = ? AND d.issuer_id = ? AND d.id IN (SELECT document_id FROM document_field WHERE field_id = ?)",
        (tid, iid, fid))
    check(want, "three filters leave something")
    for value in (tslug, islug, fslug):
        check('<option value="%s" selected>' % value in html, "%s kept selected" % value)
    # all five, in another order: one page, the same as with SQL
    st = c.execute("SELECT status FROM document WHERE id = ?", (want[0][0],)).fetchone()[0]
    y = c.execute("SELECT substr(issued_on, 1, 4) FROM document WHERE id = ?", (want[0][0],)).fetchone()[0]
    slug_of = {v: k for k, v in STATUS_SLUG.items()}
    html, want5 = expect_list(
        srv, "?tinh-trang=%s&nam=%s&linh-vuc=%s&co-quan=%s&loai=%s" % (slug_of[st], y, fslug, islug, tslug),
        "d.type_id = ? AND d.issuer_id = ? AND d.id IN (SELECT document_id FROM document_field WHERE field_id = ?) "
        "AND substr(d.issued_on, 1, 4) = ? AND d.status = ?", (tid, iid, fid, y, st))
    check(want[0][0] in [d for d, s in want5], "the document that made the combination")
    # the pager keeps the filters
    big = srv.page("/van-ban/?co-quan=%s" % islug)
    if total_of(big)[2] > 1:
        check('href="/van-ban/?co-quan=%s&amp;trang=2"' % islug in big, "page links keep the filter")


@test
def docs_filter_values_checked():
    srv = server()
    for query, says in (("?loai=khong-co", "Không có loại văn bản «khong-co»"),
                        ("?loai=%3Cscript%3E", "Không có loại văn bản «&lt;script&gt;»"),
                        ("?co-quan=khong-co", "Không có cơ quan ban hành «khong-co»"),
                        ("?co-quan=99999", "Không có cơ quan ban hành «99999»"),
                        ("?linh-vuc=khong-co", "Không có lĩnh vực «khong-co»"),
                        ("?linh-vuc=1%20OR%201=1", "Không có lĩnh vực"),
                        ("?nam=abcd", "Năm ban hành phải là một năm có 4 chữ số"),
                        ("?nam=20245", "Năm ban hành phải là một năm có 4 chữ số"),
                        ("?nam=1800", "Năm ban hành phải là một năm có 4 chữ số"),
                        ("?tinh-trang=moi", "Tình trạng chỉ có thể là"),
                        ("?nam=2024&tinh-trang=x", "Tình trạng chỉ có thể là")):
        status, h, body = srv.get("/van-ban/" + query)
        page = body.decode()
        check(status == 400, "%s answered %d" % (query, status))
        check(says in page, "%s: the page does not say %r" % (query, says))
        check('<form class="search-page-form doc-filter"' in page and 'name="robots" content="noindex"' in page,
              "%s: the form to correct it, not indexed" % query)
        check("<script>" not in page, "reflected markup")
    # the same request again is answered again, not from the cache
    status, h, body = srv.get("/van-ban/?loai=khong-co")
    check(status == 400, "a refused filter is not cached as 200")
    # empty values, as a GET form sends for "Tất cả": one address per list
    status, h, body = srv.get("/van-ban/?loai=&co-quan=&linh-vuc=&nam=2024&tinh-trang=")
    check(status == 302 and h["location"] == "/van-ban/?nam=2024", "empty values: %d %s" % (status, h.get("location")))
    status, h, body = srv.get("/van-ban/?loai=&co-quan=&linh-vuc=&nam=&tinh-trang=")
    check(status == 302 and h["location"] == "/van-ban/", "all empty: %s" % h.get("location"))


# --- one document -----------------------------------------------------------------------------------

def full_document():
    """The shown document with a PDF that fills the most fields (signer, dates, full text, citing articles)."""
    return db().execute(
        "SELECT d.id, d.slug FROM document d WHERE d.published = 1 AND d.issued_on <= ? "
        "AND d.id IN (SELECT document_id FROM document_file) "
        "ORDER BY (d.signer_name <> '') + (d.body <> '') + (d.expires_on IS NOT NULL) + (d.effective_on IS NOT NULL) "
        "+ (d.id IN (SELECT document_id FROM article_document)) DESC, d.id LIMIT 1", (today(),)).fetchone()


@test
def docs_document_page_every_field():
    srv = server()
    did, slug = full_document()
    c = db()
    row = c.execute(
        "SELECT d.number_canonical, d.abstract, t.name, t.slug, i.name, i.slug, d.signer_name, d.signer_position, "
        "d.issued_on, d.effective_on, d.expires_on, d.status FROM document d JOIN doc_type t ON t.id = d.type_id "
        "JOIN doc_issuer i ON i.id = d.issuer_id WHERE d.id = ?", (did,)).fetchone()
    number, abstract, tname, tslug, iname, islug, signer, position, issued, effective, expires, st = row
    url = doc_url(slug, did)
    html = srv.page(url)
    dl = re.search(r'<dl class="doc-fields">(.*?)</dl>', html, re.S)
    check(dl, "no definition list")
    pairs = {htmllib.unescape(re.sub(r"<[^>]+>", "", k)).strip(): text_of(v).strip()
             for k, v in re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", dl.group(1), re.S)}
    fields = [r[0] for r in c.execute("SELECT f.name FROM document_field x JOIN doc_field f ON f.id = x.field_id "
                                      "WHERE x.document_id = ? ORDER BY f.position", (did,))]
    expected = {
        "Số ký hiệu": number, "Loại văn bản": tname, "Cơ quan ban hành": iname,
        "Người ký": ", ".join(x for x in (signer, position) if x) or "Chưa có thông tin",
        "Ngày ban hành": dmy(issued),
        "Ngày có hiệu lực": dmy(effective) if effective else "Chưa có thông tin",
        "Ngày hết hiệu lực": dmy(expires) if expires else "Không quy định", "Tình trạng": STATUS[st],
        "Lĩnh vực": ", ".join(fields) or "Chưa phân loại", "Trích yếu": abstract,
    }
    for label, value in expected.items():
        check(label in pairs, "no %r in the definition list" % label)
        check(pairs[label].startswith(value), "%s: %r, expected %r" % (label, pairs[label], value))
    check(list(pairs)[:len(expected)] == list(expected), "fields in order: %r" % list(pairs))
    check('<time datetime="%s">%s</time>' % (issued, dmy(issued)) in html, "machine-readable issue date")
    check('href="/van-ban/?loai=%s"' % tslug in html and 'href="/van-ban/?co-quan=%s"' % islug in html,
          "type and issuer link to the filtered list")
    # Dublin Core and the canonical address
    esc = lambda s: htmllib.escape(s, quote=True).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    for name, value in (("DC.title", abstract), ("DC.identifier", number), ("DC.publisher", iname),
                        ("DC.creator", iname), ("DC.description", abstract), ("DC.date", issued)):
        check('<meta name="%s" content="%s">' % (name, esc(value)) in html, "%s = %r missing" % (name, value))
        check(html.count('<meta name="%s"' % name) == 1, "%s appears more than once" % name)
    check('<link rel="canonical" href="%s%s">' % (BASE_URL, url) in html, "canonical URL")
    for prop in ("og:title", "og:url", "og:site_name", "og:type"):
        check(html.count('property="%s"' % prop) == 1, "%s missing or twice" % prop)
    check("<h1>%s số %s</h1>" % (tname, number) in html, "heading")
    body = c.execute("SELECT body FROM document WHERE id = ?", (did,)).fetchone()[0]
    if body:
        check("Toàn văn" in html and "Điều 1." in html, "full text")
    else:
        check("Toàn văn" not in html, "a full text heading without text")
    # files with kind and size
    for fid, name, size in c.execute("SELECT id, name, size FROM document_file WHERE document_id = ?", (did,)):
        href = "/van-ban/tep/%d/%s" % (fid, urllib.parse.quote(name))
        check('href="%s"' % href in html, "no link %s" % href)
        check(re.search(r">%s</a> <span class=\"meta\">\(PDF, [\d,]+ (KB|byte)\)" % re.escape(esc(name)), html),
              "file %s without its size" % name)
    # the articles that cite it
    arts = c.execute("SELECT a.id, a.slug, c.slug, a.title FROM article_document x JOIN article a ON a.id = x.article_id "
                     "JOIN category c ON c.id = a.category_id WHERE x.document_id = ? AND a.status = 1", (did,)).fetchall()
    for aid, aslug, cslug, title in arts:
        check('href="/tin-tuc/%s/%s-%d.html"' % (cslug, aslug, aid) in html, "cited by article %d" % aid)
    if arts:
        check("Tin bài liên quan" in html, "heading of the citing articles")


@test
def docs_document_redirects_and_missing():
    srv = server()
    did, slug = full_document()
    url = doc_url(slug, did)
    for stale in ("/van-ban/ten-cu-%d.html" % did, "/van-ban/%d.html" % did, "/van-ban/%s-x-%d.html" % (slug, did)):
        status, h, body = srv.get(stale)
        check(status == 301 and h.get("location") == url, "%s -> %d %s" % (stale, status, h.get("location")))
    for missing in ("/van-ban/khong-co-999999.html", "/van-ban/abc.html", "/van-ban/abc-0.html",
                    "/van-ban/abc-012.html", "/van-ban/%s-%d" % (slug, did), "/van-ban/tep/", "/van-ban/a/b"):
        status, h, body = srv.get(missing)
        check(status == 404 and "Không tìm thấy trang" in body.decode(), "%s answered %d" % (missing, status))
    status, h, body = srv.request("HEAD", url)
    check(status == 200 and body == b"", "HEAD of a document")


@test
def docs_replacements_and_raw_numbers():
    srv = server()
    c = db()
    old, old_slug, new, new_slug = c.execute(
        "SELECT o.id, o.slug, n.id, n.slug FROM document o JOIN document n ON n.id = o.replaced_by "
        "WHERE o.status = 3 AND o.published = 1 AND n.published = 1 LIMIT 1").fetchone()
    html = srv.page(doc_url(old_slug, old))
    check("Văn bản này đã bị thay thế bởi" in html and 'href="%s"' % doc_url(new_slug, new) in html,
          "the replaced document names its replacement")
    check("Bị thay thế" in text_of(html), "status of the replaced document")
    # it changed when its successor came: the site map's lastmod says so
    stale = c.execute("SELECT count(*) FROM document o JOIN document n ON n.id = o.replaced_by "
                      "WHERE o.status = 3 AND o.updated_at < n.created_at").fetchone()[0]
    check(stale == 0, "%d replaced documents keep a last change from before their replacement" % stale)
    html = srv.page(doc_url(new_slug, new))
    check("Văn bản được thay thế" in html and 'href="%s"' % doc_url(old_slug, old) in html,
          "the replacement lists what it replaced")
    raw = c.execute("SELECT id, slug, number_raw, number_canonical FROM document WHERE number_raw <> number_canonical "
                    "AND published = 1 LIMIT 1").fetchone()
    check(raw, "the demo should hold numbers written loosely (464 – QĐ/TU)")
    html = srv.page(doc_url(raw[1], raw[0]))
    check(raw[3] in html and "ghi trên văn bản: %s" % htmllib.escape(raw[2]) in html,
          "canonical number with the raw one beside it")


# --- files -----------------------------------------------------------------------------------------

def check_pdf(data):
    """The cross-reference table points at every object; startxref at the table."""
    check(data.startswith(b"%PDF-1.4\n") and data.rstrip().endswith(b"%%EOF"), "PDF header or trailer")
    m = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)
    check(m, "no startxref")
    xref = int(m.group(1))
    check(data[xref:xref + 4] == b"xref", "startxref does not point at the table")
    head = re.match(rb"xref\s+0 (\d+)\s+", data[xref:])
    count = int(head.group(1))
    entries = data[xref + head.end():xref + head.end() + 20 * count]
    for k in range(1, count):
        e = entries[20 * k:20 * k + 20]
        check(re.match(rb"\d{10} 00000 n \n", e), "xref entry %d: %r" % (k, e))
        off = int(e[:10])
        check(data[off:].startswith(b"%d 0 obj" % k), "object %d not at %d" % (k, off))
    s = re.search(rb"/Length (\d+) >>\nstream\n", data)
    length = int(s.group(1))
    check(data[s.end() + length:s.end() + length + 10] == b"\nendstream", "stream length")
    check(b"/Root 1 0 R" in data and b"/Type /Catalog" in data and b"/Type /Page " in data, "document structure")


@test
def docs_file_download():
    srv = server()
    c = db()
    rows = c.execute("SELECT f.id, f.name, f.mime, f.size, f.bytes FROM document_file f JOIN document d "
                     "ON d.id = f.document_id WHERE d.published = 1 ORDER BY f.id").fetchall()
    check(len({r[0] for r in rows}) >= 10, "at least 10 files in the demo")
    for fid, name, mime, size, data in rows:
        url = "/van-ban/tep/%d/%s" % (fid, urllib.parse.quote(name))
        status, h, body = srv.get(url)
        check(status == 200, "%s answered %d" % (url, status))
        check(h["content-type"] == "application/pdf", "content type %s" % h["content-type"])
        check(body == data and len(body) == size and body.startswith(b"%PDF-"), "the bytes of file %d" % fid)
        cd = h.get("content-disposition", "")
        # a PDF opens in the browser's viewer; its name's link downloads it
        check(cd.startswith('inline; filename="'), "disposition: %r" % cd)
        ascii_name = re.search(r'filename="([^"]*)"', cd).group(1)
        check(all(32 <= ord(ch) < 127 for ch in ascii_name) and ascii_name.endswith(".pdf"), "ASCII fallback %r" % cd)
        star = re.search(r"filename\*=UTF-8''([A-Za-z0-9!#$&+.^_`|~%-]+)$", cd)
        check(star and urllib.parse.unquote(star.group(1)) == name, "RFC 5987 name in %r" % cd)
        check(h.get("x-content-type-options") == "nosniff", "nosniff on a download")
        check_pdf(body)
    fid, name = rows[0][0], rows[0][1]
    # the Vietnamese name and its ASCII stand-in
    viet = [r for r in rows if any(ord(ch) > 127 for ch in r[1])]
    check(viet, "Vietnamese file names in the demo")
    status, h, body = srv.get("/van-ban/tep/%d/%s" % (viet[0][0], urllib.parse.quote(viet[0][1])))
    fallback = re.search(r'filename="([^"]*)"', h["content-disposition"]).group(1)
    import unicodedata
    plain = "".join(ch for ch in unicodedata.normalize("NFD", viet[0][1].replace("Đ", "D").replace("đ", "d"))
                    if unicodedata.category(ch) != "Mn")
    check(fallback == plain, "fallback %r, expected %r" % (fallback, plain))
    # a cached answer keeps its headers: the second request looks like the first
    status2, h2, body2 = srv.get("/van-ban/tep/%d/%s" % (viet[0][0], urllib.parse.quote(viet[0][1])))
    check(h2.get("content-disposition") == h["content-disposition"] and body2 == body, "second download")
    # HEAD, a wrong name, a missing file, a draft's file
    status, h, body = srv.request("HEAD", "/van-ban/tep/%d/%s" % (fid, urllib.parse.quote(name)))
    check(status == 200 and body == b"" and h["content-type"] == "application/pdf", "HEAD of a file")
    status, h, body = srv.get("/van-ban/tep/%d/ten-khac.pdf" % fid)
    check(status == 301 and h["location"] == "/van-ban/tep/%d/%s" % (fid, urllib.parse.quote(name, safe="/")),
          "wrong name: %d %s" % (status, h.get("location")))
    for bad in ("/van-ban/tep/999999/x.pdf", "/van-ban/tep/0/x.pdf", "/van-ban/tep/abc/x.pdf", "/van-ban/tep/012/x.pdf"):
        status, h, body = srv.get(bad)
        check(status == 404, "%s answered %d" % (bad, status))
    draft = c.execute("SELECT f.id, f.name FROM document_file f JOIN document d ON d.id = f.document_id "
                      "WHERE d.published = 0 LIMIT 1").fetchone()
    if draft:
        status, h, body = srv.get("/van-ban/tep/%d/%s" % (draft[0], urllib.parse.quote(draft[1])))
        check(status == 404, "a draft's file answered %d" % status)


@test
def docs_file_types_are_allow_listed():
    """The schema refuses a file of a type the download would not serve, and names that are paths."""
    c = sqlite3.connect(fresh_db("docs-types.db"))
    for name, mime in (("x.html", "text/html"), ("x.svg", "image/svg+xml"), ("a/b.pdf", "application/pdf"),
                       ("", "application/pdf")):
        try:
            c.execute("INSERT INTO document_file(document_id, name, mime, size, created_at, bytes) "
                      "VALUES (1, ?, ?, 1, 0, X'25')", (name, mime))
            c.commit()
            raise Failure("the schema accepted %r as %s" % (name, mime))
        except sqlite3.IntegrityError:
            pass
    try:
        c.execute("INSERT INTO document_file(document_id, name, mime, size, created_at, bytes) "
                  "VALUES (1, 'a.pdf', 'application/pdf', 5, 0, X'25')")
        c.commit()
        raise Failure("the schema accepted a size that is not the length of the bytes")
    except sqlite3.IntegrityError:
        pass
    c.close()


# --- the blocks on other pages --------------------------------------------------------------------

@test
def docs_home_block():
    srv = server()
    html = srv.page("/")
    check("Văn bản mới" in html and 'href="/van-ban/"' in html, "home lacks the documents block")
    block = html[html.index('id="docs-latest-title"'):]
    block = block[:block.index("</section>")]
    newest = shown()[:3]
    for did, slug in newest:
        check('href="%s"' % doc_url(slug, did) in block, "newest document %d not on the home page" % did)


@test
def docs_article_links():
    srv = server()
    c = db()
    rows = c.execute("SELECT a.id, a.slug, cat.slug, d.id, d.slug, d.number_canonical FROM article_document x "
                     "JOIN article a ON a.id = x.article_id JOIN category cat ON cat.id = a.category_id "
                     "JOIN document d ON d.id = x.document_id WHERE a.status = 1 AND d.published = 1 "
                     "ORDER BY a.id LIMIT 3").fetchall()
    check(rows, "the demo links articles to documents")
    articles = c.execute("SELECT count(*) FROM article").fetchone()[0]
    linked = c.execute("SELECT count(DISTINCT article_id) FROM article_document").fetchone()[0]
    check(articles * 0.12 <= linked <= articles * 0.3, "about one article in five cites documents: %d of %d" %
          (linked, articles))
    per = c.execute("SELECT max(n), min(n) FROM (SELECT count(*) n FROM article_document GROUP BY article_id)").fetchone()
    check(per[1] >= 1 and per[0] <= 2, "one or two documents an article: %r" % (per,))
    late = c.execute("SELECT count(*) FROM article_document x JOIN article a ON a.id = x.article_id "
                     "JOIN document d ON d.id = x.document_id "
                     "WHERE d.issued_on > date(a.published_at, 'unixepoch', '+7 hours')").fetchone()[0]
    check(late == 0, "%d articles cite documents issued after them" % late)
    for aid, aslug, cslug, did, dslug, number in rows:
        html = srv.page("/tin-tuc/%s/%s-%d.html" % (cslug, aslug, aid))
        check("Văn bản liên quan" in html, "article %d lacks its documents" % aid)
        check('href="%s"' % doc_url(dslug, did) in html and number in html, "article %d -> document %d" % (aid, did))
        doc = srv.page(doc_url(dslug, did))
        check('href="/tin-tuc/%s/%s-%d.html"' % (cslug, aslug, aid) in doc, "document %d -> article %d" % (did, aid))
    # an article citing two documents lists the newer first
    two = c.execute("SELECT a.id, a.slug, cat.slug FROM article_document x JOIN article a ON a.id = x.article_id "
                    "JOIN category cat ON cat.id = a.category_id JOIN document d ON d.id = x.document_id "
                    "WHERE a.status = 1 AND d.published = 1 GROUP BY a.id "
                    "HAVING count(DISTINCT d.issued_on) = 2 LIMIT 3").fetchall()
    check(two, "no article cites two documents of different dates")
    for aid, aslug, cslug in two:
        cited = c.execute("SELECT d.id, d.slug FROM article_document x JOIN document d ON d.id = x.document_id "
                          "WHERE x.article_id = ? ORDER BY d.issued_on DESC", (aid,)).fetchall()
        html = srv.page("/tin-tuc/%s/%s-%d.html" % (cslug, aslug, aid))
        at = [html.find('href="%s"' % doc_url(dslug, did)) for did, dslug in cited]
        check(0 < at[0] < at[1], "article %d lists its documents out of date order: %r" % (aid, at))


# --- HTML validity ----------------------------------------------------------------------------------

@test
def docs_pages_pass_the_nu_checker():
    if not os.path.exists(VNU):
        raise Failure("vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    did, slug = full_document()
    urls = {"docs-list": "/van-ban/", "docs-filtered": "/van-ban/?co-quan=ubnd-tinh&trang=1",
            "docs-invalid": "/van-ban/?loai=khong-co", "docs-empty": "/van-ban/?nam=1990",
            "document": doc_url(slug, did), "home-with-docs": "/"}
    files = []
    srv = server()
    for name, url in urls.items():
        status, h, body = srv.get(url)
        check(status in (200, 400), "%s answered %d" % (url, status))
        path = os.path.join(WORK, "vnu-%s.html" % name)
        with open(path, "wb") as f:
            f.write(body)
        files.append(path)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json"] + files,
                       capture_output=True, text=True, timeout=180)
    report = json.loads(p.stderr or p.stdout or '{"messages": []}')
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    detail = "; ".join("%s:%s %s" % (os.path.basename(m.get("url", "")), m.get("lastLine"), m.get("message"))
                       for m in errors[:10])
    check(not errors, "%d HTML errors: %s" % (len(errors), detail))


@test
def docs_stop_shared_server():
    """Stops the shared server, checking its log for sanitizer reports."""
    global _server
    if _server is not None:
        _server.stop()
        _server = None


@test
def a_documents_state_follows_the_calendar():
    """"Còn hiệu lực" is not left standing past the expiry date, and a
    document whose effective date is ahead says it is not yet in force."""
    path = fresh_db("docs-calendar.db")
    c = sqlite3.connect(path)
    rows = c.execute("SELECT id, slug FROM document WHERE published = 1 AND status = 1 AND issued_on <= ? "
                     "ORDER BY id LIMIT 2", (today(),)).fetchall()
    check(len(rows) == 2, "the demo has not two documents in force")
    (old_id, old_slug), (new_id, new_slug) = rows
    yesterday = (datetime.datetime.now(VN) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    ahead = (datetime.datetime.now(VN) + datetime.timedelta(days=30)).strftime("%Y-%m-%d")
    c.execute("UPDATE document SET expires_on = ? WHERE id = ?", (yesterday, old_id))
    c.execute("UPDATE document SET effective_on = ?, expires_on = NULL WHERE id = ?", (ahead, new_id))
    c.commit()
    c.close()
    with Server(db=path) as srv:
        page = text_of(srv.page(doc_url(old_slug, old_id)))
        check("Tình trạng Hết hiệu lực" in page, "a document past its expiry date: %s" %
              page[page.find("Tình trạng"):][:60])
        page = text_of(srv.page(doc_url(new_slug, new_id)))
        check("Tình trạng Chưa có hiệu lực" in page, "a document not yet in force: %s" %
              page[page.find("Tình trạng"):][:60])
        html = srv.page("/van-ban/?tinh-trang=chua-co-hieu-luc")
        check(listed(html) == [new_id], "the filter 'chưa có hiệu lực' lists %r" % listed(html))
        year = sqlite3.connect(path).execute("SELECT substr(issued_on, 1, 4) FROM document WHERE id = ?",
                                             (old_id,)).fetchone()[0]
        expired = srv.page("/van-ban/?tinh-trang=het-hieu-luc&nam=" + year)
        in_force = srv.page("/van-ban/?tinh-trang=con-hieu-luc&nam=" + year)
        check(total_of(in_force)[0] <= 20 and total_of(expired)[0] <= 20, "the year's lists run over a page")
        check(old_id in listed(expired) and old_id not in listed(in_force),
              "the filters still count the expired document as in force")
