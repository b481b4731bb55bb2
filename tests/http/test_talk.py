"""test_talk.py - readers' comments and ratings under the articles (the talk
module), as readers, editors and attackers meet them: a comment waiting for
moderation and shown once approved on the cached article page; every
refusal (honeypot, wrong answer, used, forged or expired token, too long,
too fast, an article that is not on the site) storing nothing; an XSS
corpus shown inert; the e-mail never on a public page; who may moderate;
votes once per reader, changed by a second one, confirmed without script,
forged tokens refused; and no token of any reader in a cached page."""
import html
import json
import os
import re
import sqlite3
import subprocess
import urllib.parse

from harness import WORK, Failure, check, demo_db, fresh_db, test
from test_newsroom import ADMIN, CHIEF, CONTRIB, EDITOR, Client, newsroom_server, signed_in

NUMBERS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9}
WORDS = {v: k for k, v in NUMBERS.items()}
WORDS.update({10: "mười", 11: "mười một", 12: "mười hai", 13: "mười ba", 14: "mười bốn", 15: "mười lăm",
              16: "mười sáu", 17: "mười bảy", 18: "mười tám"})
EMAIL = "ban.doc.bi.mat@example.vn"


def articles(db_path=None, n=3, rated=False):
    """Published articles (id, path, rating_sum, rating_count), newest first."""
    db = sqlite3.connect(db_path or demo_db())
    rows = db.execute(
        "SELECT a.id, '/tin-tuc/' || c.slug || '/' || a.slug || '-' || a.id || '.html', a.rating_sum, a.rating_count "
        "FROM article a JOIN category c ON c.id = a.category_id WHERE a.status = 1 AND a.published_at <= strftime('%s') "
        "AND (? = 0 OR a.rating_count > 0) ORDER BY a.published_at DESC LIMIT ?", (1 if rated else 0, n)).fetchall()
    db.close()
    return rows


def talk_server(**kw):
    """The newsroom's server, trusting 127.0.0.1 as its proxy so that each
    test reader can come from an address of its own (X-Forwarded-For)."""
    args = list(kw.pop("args", ())) + ["--trusted-proxy", "127.0.0.1"]
    return newsroom_server(args=args, **kw)


class Reader(Client):
    """A reader's browser, from its own address."""

    def __init__(self, server, address="203.0.113.10"):
        super().__init__(server)
        self.address = address

    def get(self, path, headers=None):
        h = {"X-Forwarded-For": self.address}
        h.update(headers or {})
        return super().get(path, h)

    def post(self, path, fields, headers=None):
        h = {"X-Forwarded-For": self.address}
        h.update(headers or {})
        return super().post(path, fields, h)


def answer_of(page):
    """Reads the question the way a person does and answers it in digits."""
    m = re.search(r"Câu hỏi kiểm tra: (\S+) (cộng|trừ) (\S+) bằng mấy\?", page)
    check(m, "no question on the form: %s" % page[:300])
    a, b = NUMBERS[m.group(1).lower()], NUMBERS[m.group(3)]
    return a + b if m.group(2) == "cộng" else a - b


def token_of(page):
    m = re.search(r'name="ma" value="([^"]+)"', page)
    check(m, "no token in the form")
    return m.group(1)


def open_form(reader, aid, reply_to=None):
    path = "/y-kien/%d" % aid + ("?tra-loi=%d" % reply_to if reply_to else "")
    status, h, page = reader.get(path)
    check(status == 200, "GET %s answered %d" % (path, status))
    check(h.get("cache-control") == "no-store", "the form page is cacheable: %r" % h.get("cache-control"))
    return page


def send(reader, aid, name="Nguyễn Thị Hoa", text="Bài viết rất hữu ích cho bà con.", email="", answer=None,
         token=None, reply_to=None, extra=None, page=None):
    """Fills the form as a reader does; returns (status, headers, body)."""
    page = page or open_form(reader, aid, reply_to)
    fields = {"ma": token_of(page) if token is None else token, "ho-ten": name, "thu-dien-tu": email,
              "noi-dung": text, "dap-an": str(answer_of(page)) if answer is None else answer, "trang-web": ""}
    if reply_to:
        fields["tra-loi"] = str(reply_to)
    fields.update(extra or {})
    return reader.post("/y-kien/%d" % aid, fields)


def comments(db_path):
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT id, article_id, parent_id, name, email, body, state, desk_user, address_hash "
                      "FROM talk_comment ORDER BY id").fetchall()
    db.close()
    return rows


def cache_stats(s):
    return s.hook("GET", "/__test/cache")


def moderate(editor, comment_id, verb, text=None, expect=303):
    fields = {"csrf": editor.csrf("/quan-tri/y-kien/"), "id": str(comment_id), "viec": verb}
    if text is not None:
        fields["noi-dung"] = text
    status, h, body = editor.post("/quan-tri/y-kien/xu-ly", fields)
    check(status == expect, "%s of comment %d answered %d: %s" % (verb, comment_id, status, body[:300]))
    return body


def comment_section(page):
    m = re.search(r'<section class="comments".*?</section>', page, re.S)
    check(m, "the article page has no comments section")
    return m.group(0)


@test
def a_comment_waits_for_moderation_and_shows_once_approved():
    with talk_server() as s:
        (aid, path, _, _), (other_id, other_path, _, _) = articles(n=2)[:2]
        for p in (path, path, other_path):
            page = s.page(p)
        before = s.page(path)
        check("Chưa có ý kiến nào về bài viết này." in before and 'href="/y-kien/%d"' % aid in before,
              "the article page does not offer the comment form")
        reader = Reader(s)
        form = open_form(reader, aid)
        check("Ý kiến được ban biên tập xem trước khi đăng" in form, "the form does not say comments are moderated")
        text = "Xã em đã làm đường bê tông đến từng thôn.\n\nMong ban biên tập viết thêm về mô hình này!"
        status, h, body = send(reader, aid, name="Trần Văn Bình", text=text, email=EMAIL, page=form)
        check(status == 303 and h.get("location") == "/y-kien/%d?da-gui=cho-duyet" % aid,
              "sending answered %d to %r: %s" % (status, h.get("location"), body[:300]))
        status, h, thanks = reader.get(h["location"])
        check(status == 200 and "sẽ hiện dưới bài viết sau khi ban biên tập duyệt" in thanks, "no thanks page")
        rows = comments(s.db)
        check(len(rows) == 1 and rows[0][6] == 0 and rows[0][4] == EMAIL, "stored: %r" % rows)
        check(len(rows[0][8]) == 16 and b"203.0.113.10" not in rows[0][8], "the address is stored: %r" % rows[0][8])
        # Waiting: not on the page, which is still the cached one.
        s0 = cache_stats(s)
        page = s.page(path)
        check("Trần Văn Bình" not in page and cache_stats(s)["hits"] == s0["hits"] + 1,
              "a waiting comment reached the page or dropped it from the cache")

        editor = signed_in(s, EDITOR)
        status, h, queue = editor.get("/quan-tri/y-kien/")
        check(status == 200 and h.get("cache-control") == "no-store", "moderation page %d %r" %
              (status, h.get("cache-control")))
        check("(1 ý kiến chờ duyệt)" in queue, "the heading does not count the waiting comment")
        check("Trần Văn Bình" in queue and EMAIL in queue and "Mong ban biên tập viết thêm" in queue,
              "the moderation page does not show the comment with its e-mail")
        check('href="%s"' % path in queue, "the moderation page does not link the comment's article")
        moderate(editor, rows[0][0], "duyet")
        moderate(editor, rows[0][0], "duyet")  # the queue open in a second tab: done already, not audited twice
        status, _, queue = editor.get("/quan-tri/y-kien/")
        check("(0 ý kiến chờ duyệt)" in queue, "the heading still counts the approved comment")

        s1 = cache_stats(s)
        page = s.page(path)
        s2 = cache_stats(s)
        check(s2["misses"] == s1["misses"] + 1, "the approved comment did not drop its article's page")
        section = comment_section(page)
        check("Trần Văn Bình" in section and "<p>Xã em đã làm đường bê tông đến từng thôn.</p>" in section and
              "<p>Mong ban biên tập viết thêm về mô hình này!</p>" in section,
              "the comment is not on the article page, paragraph by paragraph: %s" % section[:800])
        check(re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00">\d\d/\d\d/\d{4} \d\d:\d\d</time>',
                        section), "the comment's date is not dd/mm/yyyy hh:mm")
        check("Chưa có ý kiến nào" not in section, "still says there is no comment")
        s.page(other_path)
        check(cache_stats(s)["hits"] == s2["hits"] + 1, "another article's page was dropped too")
        # The e-mail is for the newsroom only.
        rating = Reader(s, "203.0.113.11")
        for p in (path, "/y-kien/%d" % aid, "/danh-gia/%d" % aid, "/api/danh-gia/%d" % aid, "/",
                  "/rss/", "/tim-kiem?q=" + urllib.parse.quote("Trần Văn Bình")):
            status, _, body = rating.get(p)
            check(EMAIL not in body and "bi.mat" not in body, "the e-mail is on %s" % p)
        audit = sqlite3.connect(s.db).execute("SELECT action, object FROM audit_log WHERE action LIKE 'comment%'")
        check([r[0] for r in audit] == ["comment_approve"], "the approval is not in the audit log")


@test
def refused_comments_store_nothing():
    db = fresh_db("talk-refusals.db")
    hidden = articles(db, n=4)[3][0]
    con = sqlite3.connect(db)
    con.execute("UPDATE article SET status = 4 WHERE id = ?", (hidden,))
    con.commit()
    con.close()
    with talk_server(db=db) as s:
        aid = articles(db, n=1)[0][0]
        reader = Reader(s, "198.51.100.7")

        def refused(result, status, words, what):
            code, h, body = result
            check(code == status, "%s answered %d, not %d: %s" % (what, code, status, body[:300]))
            check(words in body, "%s: the page does not say %r: %s" % (what, words, re.sub(r"\s+", " ", body)[-1500:]))
            check(h.get("cache-control") == "no-store" or status == 404, "%s is cacheable" % what)
            check(comments(s.db) == [], "%s stored a comment" % what)
            return body

        refused(send(reader, aid, extra={"trang-web": "http://spam.example/"}), 400, "phải để trống", "the honeypot")
        page = open_form(reader, aid)
        wrong = answer_of(page) + 1
        body = refused(send(reader, aid, answer=str(wrong), page=page), 400, "chưa đúng", "a wrong answer")
        check('inputmode="numeric"' in body, "the answer's box does not ask a phone for digits")
        check(token_of(body) != token_of(page), "a wrong answer gets the same question again")
        check("Nguyễn Thị Hoa" in body, "the form came back without what the reader typed")
        # The token of a wrong answer is spent: its right answer no longer works.
        refused(send(reader, aid, page=page), 403, "đã được gửi một lần", "a spent token")
        refused(send(reader, aid, answer="bảy mốt"), 400, "chưa đúng", "words that are no answer")
        refused(send(reader, aid, token=""), 403, "không hợp lệ", "no token")
        page = open_form(reader, aid)
        token = token_of(page)
        forged = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
        refused(send(reader, aid, token=forged, page=page), 403, "không hợp lệ", "a forged token")
        other = articles(db, n=2)[1][0]
        refused(send(reader, other, token=token, page=page), 403, "không hợp lệ", "a token of another article")
        refused(send(reader, aid, text="x" * 3001, page=page), 400, "dài quá 3.000 ký tự", "a text too long")
        refused(send(reader, aid, name="Đ" * 101, page=page), 400, "dài quá 100 ký tự", "a name too long")
        refused(send(reader, aid, name="   ", page=page), 400, "Hãy ghi họ tên", "no name")
        # three mistakes are said at once, each beside its field
        body = refused(send(reader, aid, name=" ", email="khong-phai-thu", text=" ", page=page), 400,
                       "Hãy ghi họ tên", "three mistakes")
        for field, said in (("ho-ten", "Hãy ghi họ tên của bạn."), ("thu-dien-tu", "Địa chỉ thư điện tử không hợp lệ"),
                            ("y-kien", "Hãy viết ý kiến của bạn.")):
            check(re.search(r'<p class="field-error" id="%s-loi">%s' % (field, re.escape(said)), body),
                  "%s's mistake is not said beside it" % field)
            check('aria-describedby="%s-loi"' % field in body, "%s is not tied to its message" % field)
        check(body.count('aria-invalid="true"') == 3, "the three fields are not marked invalid")
        refused(send(reader, aid, email="khong-phai-thu", page=page), 400, "không hợp lệ", "a bad e-mail")
        refused(send(reader, aid, reply_to=None, extra={"tra-loi": "999999"}, page=page), 400,
                "không còn trên trang", "a reply to no comment")
        status, _, _ = reader.get("/y-kien/%d?tra-loi=999999" % aid)
        check(status == 404, "the form for a reply to no comment answered %d" % status)
        # An expired form: 20 minutes.
        page = open_form(reader, aid)
        s.hook("POST", "/__test/clock?offset=%d" % (21 * 60))
        try:
            refused(send(reader, aid, page=page), 403, "quá 20 phút", "an expired token")
        finally:
            s.hook("POST", "/__test/clock?offset=0")
        for target, what in ((hidden, "an unpublished article"), (99999999, "a missing article")):
            status, _, _ = reader.get("/y-kien/%d" % target)
            check(status == 404, "the form of %s answered %d" % (what, status))
            refused(reader.post("/y-kien/%d" % target, {"ma": token, "ho-ten": "A", "noi-dung": "B", "dap-an": "1"}),
                    404, "Không tìm thấy", what)
        status, _, _ = reader.get("/y-kien/abc")
        check(status == 404, "/y-kien/abc answered %d" % status)
        big = reader.post("/y-kien/%d" % aid, {"ma": token, "ho-ten": "A", "noi-dung": "đ" * 30000, "dap-an": "1"})
        check(big[0] == 413 and comments(s.db) == [], "a 60 KB body answered %d" % big[0])
        # 3,000 Vietnamese letters are 3,000 characters, not 9,000 bytes: accepted.
        page = open_form(reader, aid)
        status, h, body = send(reader, aid, text="ễ" * 3000, page=page)
        check(status == 303 and len(comments(s.db)) == 1, "3,000 characters were refused: %d %s" % (status, body[:300]))
        # The token just used cannot send a second comment, even after the minute.
        s.hook("POST", "/__test/clock?offset=120")
        try:
            code, h, body = send(reader, aid, name="Lần hai", text="Gửi lại", page=page)
            check(code == 403 and "đã được gửi một lần" in body, "a used token answered %d" % code)
        finally:
            s.hook("POST", "/__test/clock?offset=0")
        check(len(comments(s.db)) == 1, "a used token stored a second comment")
        # Answers in words are accepted too.
        page = open_form(Reader(s, "198.51.100.8"), aid)
        status, _, body = send(Reader(s, "198.51.100.8"), aid, page=page, answer=WORDS[answer_of(page)].upper())
        check(status == 303, "an answer in words was refused: %d %s" % (status, body[:200]))


@test
def a_flood_from_one_address_is_slowed_down():
    with talk_server() as s:
        aid = articles(n=1)[0][0]
        reader = Reader(s, "192.0.2.50")
        check(send(reader, aid)[0] == 303, "the first comment was refused")
        status, h, body = send(reader, aid, text="Lần thứ hai")
        check(status == 429 and "hãy thử lại sau" in body and "giây" in body,
              "a second comment within a minute answered %d" % status)
        check(h.get("retry-after", "").isdigit() and 0 < int(h["retry-after"]) <= 60,
              "the 429 says no Retry-After: %r" % h.get("retry-after"))
        check(len(comments(s.db)) == 1, "the second comment was stored")
        check(send(Reader(s, "192.0.2.51"), aid, text="Người khác")[0] == 303, "another address was slowed too")
        # one line's IPv6 addresses are one reader's: each address of a /64 is no new reader, the
        # next /64 is, and an IPv4 address written as IPv6 is that IPv4 address
        check(send(Reader(s, "2001:db8:abcd:1::1"), aid, text="Từ mạng IPv6")[0] == 303, "an IPv6 reader was refused")
        for other in ("2001:db8:abcd:1::2", "2001:db8:abcd:1:ffff:ffff:ffff:ffff", "2001:DB8:ABCD:1:0:0:0:3"):
            status, h, body = send(Reader(s, other), aid, text="Địa chỉ khác của cùng mạng %s" % other)
            check(status == 429, "%s, of the same /64, answered %d" % (other, status))
        check(send(Reader(s, "2001:db8:abcd:2::1"), aid, text="Mạng IPv6 bên cạnh")[0] == 303, "the next /64 was slowed")
        status, _, _ = send(Reader(s, "::ffff:192.0.2.51"), aid, text="Người khác, viết theo IPv6")
        check(status == 429, "192.0.2.51 written as IPv6 answered %d" % status)
        check(len(comments(s.db)) == 4, "stored %d comments" % len(comments(s.db)))
        try:
            for k in range(2, 21):
                s.hook("POST", "/__test/clock?offset=%d" % (61 * k))
                status, h, body = send(reader, aid, text="Ý kiến số %d" % k)
                check(status == 303, "comment %d after a minute answered %d: %s" % (k, status, body[:200]))
            s.hook("POST", "/__test/clock?offset=%d" % (61 * 22))
            status, h, body = send(reader, aid, text="Ý kiến thứ 21 trong ngày")
            check(status == 429 and "24 giờ" in body, "the 21st comment of the day answered %d" % status)
            check(len(comments(s.db)) == 23, "stored %d comments" % len(comments(s.db)))
        finally:
            s.hook("POST", "/__test/clock?offset=0")


XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)>",
    "<body onload=alert(4)>",
    "<iframe src=javascript:alert(5)>",
    "<a href=\"javascript:alert(6)\">bấm</a>",
    "<a href='jav&#x09;ascript:alert(7)'>x</a>",
    "\"><script>alert(8)</script>",
    "'><img src=x onerror=alert(9)>",
    "</p><script>alert(10)</script><p>",
    "</textarea><script>alert(11)</script>",
    "</title><script>alert(12)</script>",
    "<div style=\"background:url(javascript:alert(13))\">",
    "<input autofocus onfocus=alert(14)>",
    "<details open ontoggle=alert(15)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(16)>",
    "<!--<script>alert(17)</script>-->",
    "<scr<script>ipt>alert(18)</scr</script>ipt>",
    "<img src=\"x\" onerror=\"alert(19)\"",
    "<a href=data:text/html;base64,PHNjcmlwdD5hbGVydCgyMCk8L3NjcmlwdD4=>x</a>",
    "<object data=javascript:alert(21)>",
    "<embed src=javascript:alert(22)>",
    "<form action=javascript:alert(23)><button>x</button></form>",
    "<meta http-equiv=refresh content=\"0;url=javascript:alert(24)\">",
    "<base href=//evil.example/>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "{{ 7*7 }} ${alert(27)} <%= alert(27) %>",
    "&lt;script&gt;alert(28)&lt;/script&gt;",
    "<video><source onerror=alert(29)>",
    "<marquee onstart=alert(30)>",
    "<img src=`x` onerror=alert(31)>",
    "javascript:alert(32)",
    "<a href=\"&#106;avascript:alert(33)\">x</a>",
    "<style>*{background:red}</style>",
    "\" onmouseover=\"alert(35)",
]


@test
def the_same_comment_sent_again_is_not_a_second_one():
    """Back and "Gửi" again a minute later: the reader is told it was sent,
    and the moderators get one comment, not two; another reader's same
    words are their own comment."""
    with talk_server() as s:
        aid = articles(n=1)[0][0]
        reader = Reader(s, "192.0.2.60")
        words = "Rất tuyệt 👍🏽🇻🇳 người dân phấn khởi 😀"
        check(send(reader, aid, text=words)[0] == 303, "the first comment was refused")
        try:
            s.hook("POST", "/__test/clock?offset=61")
            status, _, body = send(reader, aid, text=words)
            check(status == 400 and "đã gửi cho bài viết này rồi" in body,
                  "the same words again answered %d: %s" % (status, body[:200]))
            check(len(comments(s.db)) == 1, "stored %d comments" % len(comments(s.db)))
            check(send(Reader(s, "192.0.2.61"), aid, text=words)[0] == 303, "another reader's same words")
            check(send(reader, aid, text=words + " Thêm một ý.")[0] == 303, "new words from the first reader")
        finally:
            s.hook("POST", "/__test/clock?offset=0")


@test
def hostile_names_and_texts_are_shown_inert():
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        admin = signed_in(s, ADMIN)
        status, _, _ = admin.post("/quan-tri/y-kien/cai-dat", {"csrf": admin.csrf("/quan-tri/y-kien/"),
                                                              "duyet-truoc": "0"})
        check(status == 303, "switching moderation off answered %d" % status)
        page = open_form(Reader(s, "10.9.0.1"), aid)
        check("xem trước khi đăng" not in page, "the form still says comments are moderated")
        for k, payload in enumerate(XSS):
            reader = Reader(s, "10.9.1.%d" % (k + 1))
            status, h, body = send(reader, aid, name=payload[:100], text="Ý kiến %d: %s" % (k, payload))
            check(status == 303 and "da-dang" in h.get("location", ""), "payload %d answered %d: %s" %
                  (k, status, body[:200]))
        check(len(comments(s.db)) == len(XSS), "not every payload was stored")
        page = s.page(path)
        section = comment_section(page)
        editor = signed_in(s, EDITOR)
        status, _, queue = editor.get("/quan-tri/y-kien/?xem=da-duyet")
        check(status == 200, "the approved tab answered %d" % status)
        m = re.search(r'<ol class="talk-queue">.*?</ol>', queue, re.S)
        check(m, "the moderation page lists no comment")
        queue = m.group(0)
        for where, text in (("the article page", section), ("the moderation page", queue)):
            shown = html.unescape(text)
            for k, payload in enumerate(XSS):
                if any(c in payload for c in "<>\"'"):
                    check(payload not in text and payload[:100] not in text,
                          "payload %d reached %s unescaped: %s" % (k, where, payload))
                check("Ý kiến %d: %s" % (k, payload) in shown and payload[:100] in shown,
                      "payload %d is not shown as text on %s" % (k, where))
            check(not re.search(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", text), "an event handler on %s" % where)
            check(not re.search(r"""<[^>]*\s(href|src|action)\s*=\s*["']?\s*(javascript|data):""", text, re.I),
                  "a javascript: or data: URL on %s" % where)
            check("<script" not in text.lower() and "<iframe" not in text.lower() and "<img" not in text.lower(),
                  "markup from a reader on %s" % where)
        check(page.count("<script") == 2, "the article page carries %d scripts" % page.count("<script"))
        check("<textarea" not in section, "a textarea opened on the article page")


@test
def only_editors_chiefs_and_administrators_moderate():
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        check(send(Reader(s), aid, name="Lê Thị Cúc", text="Chờ duyệt")[0] == 303, "the comment was refused")
        cid = comments(s.db)[0][0]
        status, h, _ = s.request("GET", "/quan-tri/y-kien/")
        check(status == 303 and "dang-nhap" in h.get("location", ""), "anonymous moderation page answered %d" % status)
        status, _, _ = s.request("POST", "/quan-tri/y-kien/xu-ly", {"Content-Type": "application/x-www-form-urlencoded"},
                                 ("id=%d&viec=duyet" % cid).encode())
        check(status == 403, "an anonymous approval answered %d" % status)
        contributor = signed_in(s, CONTRIB)
        status, h, body = contributor.get("/quan-tri/y-kien/")
        check(status == 403 and "Lê Thị Cúc" not in body, "a contributor opened the moderation page: %d" % status)
        token = contributor.csrf("/quan-tri/")
        for verb in ("duyet", "tu-choi", "rac", "sua", "tra-loi"):
            status, _, _ = contributor.post("/quan-tri/y-kien/xu-ly", {"csrf": token, "id": str(cid), "viec": verb,
                                                                       "noi-dung": "Sửa bởi cộng tác viên"})
            check(status == 403, "a contributor's %s answered %d" % (verb, status))
        editor = signed_in(s, EDITOR)
        status, _, _ = editor.post("/quan-tri/y-kien/xu-ly", {"csrf": "sai", "id": str(cid), "viec": "duyet"})
        check(status == 403, "an approval without the session's token answered %d" % status)
        status, _, _ = editor.post("/quan-tri/y-kien/xu-ly", {"csrf": editor.csrf("/quan-tri/y-kien/"), "id": str(cid),
                                                              "viec": "duyet"}, {"Origin": "https://evil.example"})
        check(status == 403, "an approval from another site answered %d" % status)
        status, _, _ = editor.post("/quan-tri/y-kien/cai-dat", {"csrf": editor.csrf("/quan-tri/y-kien/"),
                                                               "duyet-truoc": "0"})
        check(status == 403, "an editor switched moderation off: %d" % status)
        row = comments(s.db)[0]
        check(row[6] == 0 and row[5] == "Chờ duyệt" and len(comments(s.db)) == 1, "a refused request changed %r" % (row,))
        check("Lê Thị Cúc" not in s.page(path), "the comment is on the page")
        chief = signed_in(s, CHIEF)
        moderate(chief, cid, "duyet")
        check("Lê Thị Cúc" in s.page(path), "the chief's approval did not show the comment")


@test
def an_editor_limited_to_some_categories_moderates_their_comments_alone():
    """The categories an administrator gives an editor hold for the
    comments of their articles as for the articles themselves."""
    import urllib.parse
    with talk_server() as s:
        db = sqlite3.connect(s.db)
        rows = db.execute("SELECT a.id, a.category_id FROM article a WHERE a.status = 1 AND a.published_at <= strftime('%s') "
                          "ORDER BY a.published_at DESC LIMIT 40").fetchall()
        uid = db.execute("SELECT id FROM users WHERE login = ?", (EDITOR,)).fetchone()[0]
        db.close()
        mine = rows[0]
        other = next(r for r in rows if r[1] != mine[1])
        for aid, name in ((mine[0], "Trần Văn Trong"), (other[0], "Phạm Thị Ngoài")):
            check(send(Reader(s, "203.0.113.%d" % (aid % 200 + 1)), aid, name=name, text="Ý kiến chờ duyệt")[0] == 303,
                  "the comment on %d was refused" % aid)
        ids = {row[1]: row[0] for row in comments(s.db)}
        admin = signed_in(s, ADMIN)
        token = admin.csrf("/quan-tri/nguoi-dung/%d" % uid)
        status, _, _ = admin.post("/quan-tri/nguoi-dung/%d/chuyen-muc" % uid, {"csrf": token, "chuyen-muc": str(mine[1])})
        check(status == 303, "limiting the editor answered %d" % status)
        editor = signed_in(s, EDITOR)
        status, _, page = editor.get("/quan-tri/y-kien/")
        check(status == 200 and "Trần Văn Trong" in page and "Phạm Thị Ngoài" not in page,
              "the limited editor's list answered %d, listing another category's comment" % status)
        status, _, home = editor.get("/quan-tri/")
        check("1 ý kiến bạn đọc chờ duyệt" in home, "the limited editor's home page counts other categories' comments")
        for verb in ("duyet", "sua", "tra-loi", "rac"):
            moderate(editor, ids[other[0]], verb, text="Sửa ngoài phạm vi", expect=403)
        row = next(r for r in comments(s.db) if r[0] == ids[other[0]])
        check(row[6] == 0 and row[5] == "Ý kiến chờ duyệt", "a refused moderation changed %r" % (row,))
        moderate(editor, ids[mine[0]], "duyet")
        check(next(r for r in comments(s.db) if r[0] == ids[mine[0]])[6] == 1, "the editor's own category's approval")
        chief = signed_in(s, CHIEF)
        status, _, page = chief.get("/quan-tri/y-kien/")
        check("Phạm Thị Ngoài" in page, "an unlimited chief does not see every comment")


@test
def a_rejected_comment_can_be_found_and_approved_again():
    """A misclick on "Từ chối" or "Đánh dấu thư rác" is not final: such
    comments have their own list, where "Duyệt lại" puts them on the page."""
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        for name in ("Nguyễn Văn Nhầm", "Lê Thị Rác"):
            check(send(Reader(s, "203.0.113.%d" % (len(name) % 50 + 60)), aid, name=name, text="Ý kiến bị bấm nhầm")[0] == 303,
                  "the comment was refused")
        ids = {row[3]: row[0] for row in comments(s.db)}
        chief = signed_in(s, CHIEF)
        moderate(chief, ids["Nguyễn Văn Nhầm"], "tu-choi")
        moderate(chief, ids["Lê Thị Rác"], "rac")
        status, _, page = chief.get("/quan-tri/y-kien/?xem=tu-choi")
        check(status == 200 and "Nguyễn Văn Nhầm" in page and "Lê Thị Rác" in page and "Duyệt lại" in page,
              "the rejected and spam comments are not listed (%d)" % status)
        moderate(chief, ids["Nguyễn Văn Nhầm"], "duyet")
        check("Nguyễn Văn Nhầm" in s.page(path), "the comment approved again is not on the article")
        status, _, page = chief.get("/quan-tri/y-kien/?xem=tu-choi")
        check("Nguyễn Văn Nhầm" not in page and "Lê Thị Rác" in page, "the list of rejected comments after approval")


@test
def the_newsroom_answers_edits_and_takes_down():
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        check(send(Reader(s, "10.7.0.1"), aid, name="Phạm Văn Dũng", text="Khi nào xã tôi được hỗ trợ?")[0] == 303,
              "the question was refused")
        check(send(Reader(s, "10.7.0.2"), aid, name="Võ Thị Em", text="Bình luận sẽ bị từ chối")[0] == 303,
              "the second comment was refused")
        question, refused = [r[0] for r in comments(s.db)]
        editor = signed_in(s, EDITOR)
        moderate(editor, question, "tra-loi", "Năm 2027, theo kế hoạch của tỉnh.")
        moderate(editor, refused, "tu-choi")
        page = s.page(path)
        section = comment_section(page)
        check("Phạm Văn Dũng" in section and "Ban biên tập trả lời" in section and
              "Năm 2027, theo kế hoạch của tỉnh." in section, "the answer is not under the question")
        m = re.search(r'<ol class="comment-replies">(.*?)</ol>', section, re.S)
        check(m and "Ban biên tập trả lời" in m.group(1), "the answer is not nested under the question")
        check("Võ Thị Em" not in section, "a rejected comment is shown")
        answer = comments(s.db)[-1]
        check(answer[2] == question and answer[6] == 1 and answer[7] > 0, "the answer row: %r" % (answer,))
        moderate(editor, question, "sua", "Khi nào xã tôi được hỗ trợ làm đường?")
        check("hỗ trợ làm đường?" in comment_section(s.page(path)), "the edited text is not on the page")
        # the board is answered as the board, not as a reader asked to write "your opinion"
        for verb, text, said in (("sua", "  ", "Nội dung ý kiến không được để trống."),
                                 ("tra-loi", "", "Hãy viết nội dung trả lời."),
                                 ("sua", "ý" * 3001, "Nội dung dài quá 3.000 ký tự.")):
            body = moderate(editor, question, verb, text, expect=400)
            check(said in body and "của bạn" not in body and "ngắn gọn" not in body,
                  "%s with %d characters answered: %s" % (verb, len(text), re.sub(r"\s+", " ", body)[-900:]))
        check("hỗ trợ làm đường?" in comment_section(s.page(path)), "a refused edit changed the comment")
        # A reader answers the question; it waits, then shows under it.
        reader = Reader(s, "10.7.0.3")
        form = open_form(reader, aid, reply_to=question)
        check("Phạm Văn Dũng" in form, "the reply form does not say whom it answers")
        check(send(reader, aid, name="Hoàng Văn Giang", text="Xã tôi cũng hỏi vậy.", reply_to=question,
                   page=form)[0] == 303, "the reply was refused")
        reply = comments(s.db)[-1]
        check(reply[2] == question and reply[6] == 0, "the reply row: %r" % (reply,))
        check("Hoàng Văn Giang" not in s.page(path), "a waiting reply is shown")
        moderate(editor, reply[0], "duyet")
        m = re.search(r'<ol class="comment-replies">(.*?)</ol>', comment_section(s.page(path)), re.S)
        check(m and "Hoàng Văn Giang" in m.group(1), "the approved reply is not nested")
        moderate(editor, reply[0], "rac")
        check("Hoàng Văn Giang" not in s.page(path), "spam is still shown")
        moderate(editor, 999999, "duyet", expect=400)
        actions = [r[0] for r in sqlite3.connect(s.db).execute(
            "SELECT action FROM audit_log WHERE action LIKE 'comment%' ORDER BY id")]
        check(actions == ["comment_answer", "comment_reject", "comment_edit", "comment_approve", "comment_spam"],
              "audit: %r" % actions)


def totals(db_path, aid):
    con = sqlite3.connect(db_path)
    row = con.execute("SELECT rating_sum, rating_count FROM article WHERE id = ?", (aid,)).fetchone()
    con.close()
    return row


def rating_line(page):
    m = re.search(r"Tổng số điểm của bài viết là: (\d+) trong (\d+) đánh giá", page)
    check(m, "no rating line")
    return int(m.group(1)), int(m.group(2))


@test
def a_vote_counts_once_per_reader_and_a_second_one_changes_it():
    with talk_server() as s:
        (aid, path, sum0, count0), (other, _, _, _) = articles(rated=True, n=2)
        check(count0 > 0, "the demo left no rating")
        check(rating_line(s.page(path)) == (sum0, count0), "the article page does not show the seed's totals")
        a = Reader(s, "10.8.0.1")
        # The cached page's form sends the stars alone: the answer asks to confirm.
        status, h, body = a.post("/danh-gia/%d" % aid, {"so": "4"})
        check(status == 200 and "Xác nhận đánh giá 4 sao" in body, "a vote without token answered %d" % status)
        check(h.get("cache-control") == "no-store", "the confirmation page is cacheable")
        cookie = h.get("set-cookie", "")
        for attr in ("dinh_doc=", "HttpOnly", "SameSite=Lax", "Max-Age=31536000", "Path=/"):
            check(attr in cookie, "the reader cookie lacks %s: %s" % (attr, cookie))
        check(len(a.cookies.get("dinh_doc", "")) == 22, "the reader cookie is not 128 bits: %r" % a.cookies)
        check(totals(s.db, aid) == (sum0, count0), "a vote without token was counted")
        token = token_of(body)
        status, h, body = a.post("/danh-gia/%d" % aid, {"so": "4", "ma": token})
        check(status == 303 and h.get("location") == "/danh-gia/%d?da-gui=1" % aid, "confirming answered %d" % status)
        check(totals(s.db, aid) == (sum0 + 4, count0 + 1), "the vote was not counted once: %r" % (totals(s.db, aid),))
        status, _, body = a.get(h["location"])
        check("Cảm ơn bạn đã đánh giá" in body and rating_line(body) == (sum0 + 4, count0 + 1) and
              "Bạn đã đánh giá bài viết này 4 sao" in body, "the thanks page")
        check(rating_line(s.page(path)) == (sum0 + 4, count0 + 1), "the article page shows the old totals")
        stored = sqlite3.connect(s.db).execute("SELECT reader_hash, address_hash, stars FROM talk_vote").fetchall()
        check(len(stored) == 1 and a.cookies["dinh_doc"].encode() not in stored[0][0] and
              b"10.8.0.1" not in stored[0][1], "the vote row keeps the cookie or the address: %r" % stored)
        # The same reader votes again: the vote changes, the count does not.
        status, _, page = a.get("/danh-gia/%d" % aid)
        status, h, _ = a.post("/danh-gia/%d" % aid, {"so": "2", "ma": token_of(page)})
        check(status == 303 and totals(s.db, aid) == (sum0 + 2, count0 + 1), "a second vote: %r" %
              (totals(s.db, aid),))
        # Another reader through the script's JSON endpoint.
        b = Reader(s, "10.8.0.2")
        status, h, body = b.get("/api/danh-gia/%d" % aid)
        check(status == 200 and h.get("content-type", "").startswith("application/json") and
              h.get("cache-control") == "no-store", "the token endpoint answered %d %r" % (status, h))
        got = json.loads(body)
        check(got["tong_diem"] == sum0 + 2 and got["so_danh_gia"] == count0 + 1 and got["cua_ban"] == 0,
              "the token endpoint's totals: %r" % got)
        status, h, body = b.post("/api/danh-gia/%d" % aid, {"so": "5", "ma": got["ma"]})
        voted = json.loads(body)
        check(status == 200 and voted == {"tong_diem": sum0 + 7, "so_danh_gia": count0 + 2, "cua_ban": 5},
              "the JSON vote answered %d %r" % (status, voted))
        # Forged, borrowed, misplaced and expired tokens change nothing.
        forged = got["ma"][:5] + ("x" if got["ma"][5] != "x" else "y") + got["ma"][6:]
        attempts = [(b, aid, forged, "a forged token"), (a, aid, got["ma"], "another reader's token"),
                    (b, other, got["ma"], "a token of another article"), (Reader(s, "10.8.0.3"), aid, got["ma"],
                                                                         "a reader without cookie")]
        for reader, target, tok, what in attempts:
            before = totals(s.db, target)
            status, _, body = reader.post("/danh-gia/%d" % target, {"so": "1", "ma": tok})
            check(status == 403 and "không hợp lệ" in body and totals(s.db, target) == before,
                  "%s answered %d" % (what, status))
            status, _, body = reader.post("/api/danh-gia/%d" % target, {"so": "1", "ma": tok})
            check(status == 403 and json.loads(body)["error"]["status"] == 403 and totals(s.db, target) == before,
                  "%s through the API answered %d" % (what, status))
            check("Hãy tải lại trang" in json.loads(body)["error"]["message"], "%s: the API does not say what to do" % what)
        status, _, page = a.get("/danh-gia/%d" % aid)
        s.hook("POST", "/__test/clock?offset=%d" % (21 * 60))
        try:
            status, _, body = a.post("/danh-gia/%d" % aid, {"so": "1", "ma": token_of(page)})
            check(status == 403 and "quá 20 phút" in body and totals(s.db, aid) == (sum0 + 7, count0 + 2),
                  "an expired token answered %d" % status)
        finally:
            s.hook("POST", "/__test/clock?offset=0")
        for stars in ("0", "6", "", "4.5"):
            status, _, _ = a.post("/danh-gia/%d" % aid, {"so": stars, "ma": token_of(page)})
            check(status == 400, "%r stars answered %d" % (stars, status))
            status, _, body = b.post("/api/danh-gia/%d" % aid, {"so": stars, "ma": got["ma"]})
            check(status == 400 and json.loads(body)["error"]["message"] == "Hãy chọn từ 1 đến 5 sao.",
                  "%r stars through the API answered %d %s" % (stars, status, body))
        for target in (99999999, 0):
            for p in ("/danh-gia/%d" % target, "/api/danh-gia/%d" % target):
                status, _, _ = a.get(p)
                check(status == 404, "GET %s answered %d" % (p, status))
                status, _, _ = a.post(p, {"so": "5"})
                check(status == 404, "POST %s answered %d" % (p, status))
        check(totals(s.db, aid) == (sum0 + 7, count0 + 2), "the totals moved")
        check(rating_line(s.page(path)) == (sum0 + 7, count0 + 2), "the article page shows other totals")


@test
def votes_from_one_address_are_capped():
    with talk_server() as s:
        aid, path, sum0, count0 = articles(n=1)[0]
        api = "/api/danh-gia/%d" % aid
        first = None
        for k in range(20):
            reader = Reader(s, "10.4.0.1")
            first = first or reader
            status, _, body = reader.post(api, {"so": "3", "ma": json.loads(reader.get(api)[2])["ma"]})
            check(status == 200, "reader %d from one address answered %d" % (k, status))
        reader = Reader(s, "10.4.0.1")
        status, _, body = reader.post(api, {"so": "3", "ma": json.loads(reader.get(api)[2])["ma"]})
        check(status == 429 and json.loads(body)["error"]["status"] == 429, "the 21st reader answered %d" % status)
        status, _, page = reader.get("/danh-gia/%d" % aid)
        status, _, body = reader.post("/danh-gia/%d" % aid, {"so": "3", "ma": token_of(page)})
        check(status == 429 and "quá nhiều lượt đánh giá" in body, "the 21st reader's page answered %d" % status)
        status, _, _ = first.post(api, {"so": "5", "ma": json.loads(first.get(api)[2])["ma"]})
        check(status == 200, "a reader of the address could not change their vote: %d" % status)
        other = Reader(s, "10.4.0.2")
        status, _, _ = other.post(api, {"so": "1", "ma": json.loads(other.get(api)[2])["ma"]})
        check(status == 200, "another address was capped too: %d" % status)
        check(totals(s.db, aid) == (sum0 + 3 * 20 + 2 + 1, count0 + 21), "totals %r" % (totals(s.db, aid),))
        # twenty readers of one IPv6 line, each from an address of its own: the 21st is refused
        for k in range(21):
            reader = Reader(s, "2001:db8:77:5::%x" % (k + 1))
            status, _, body = reader.post(api, {"so": "4", "ma": json.loads(reader.get(api)[2])["ma"]})
            check(status == (200 if k < 20 else 429), "reader %d of one /64 answered %d" % (k, status))
        check(totals(s.db, aid) == (sum0 + 3 * 20 + 2 + 1 + 4 * 20, count0 + 41), "totals %r" % (totals(s.db, aid),))


@test
def a_cached_article_page_never_carries_a_token():
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        reader = Reader(s, "10.6.0.1")
        tokens = [token_of(open_form(reader, aid))]
        status, _, page = reader.get("/danh-gia/%d" % aid)
        tokens.append(token_of(page))
        status, _, body = reader.get("/api/danh-gia/%d" % aid)
        tokens.append(json.loads(body)["ma"])
        editor = signed_in(s, EDITOR)
        s0 = cache_stats(s)
        for client in (reader, Reader(s, "10.6.0.2"), editor):
            status, h, page = client.get(path)
            check(status == 200, "the article answered %d" % status)
            check("set-cookie" not in h, "the article page sets a cookie")
            check('name="ma"' not in page and 'name="csrf"' not in page and "data-csrf" not in page,
                  "a token on the article page")
            for t in tokens:
                check(t not in page, "a reader's token is on the article page")
            check(reader.cookies["dinh_doc"] not in page, "the reader cookie is on the page")
        s1 = cache_stats(s)
        check(s1["hits"] >= s0["hits"] + 1, "the article page was not served from the cache: %s -> %s" % (s0, s1))
        status, h, page = s.get(path)
        check(h.get("cache-control") != "no-store", "the article page is no longer cacheable")
        m = re.search(r'<script src="(/static/js/danh-gia\.[0-9a-f]{8}\.js)" defer></script>', page.decode())
        check(m, "the article page does not load the rating script")
        status, h, js = s.get(m.group(1))
        check(status == 200 and b"data-api" in js, "the rating script answered %d" % status)


VNU = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "node_modules", "vnu-jar", "build", "dist",
                   "vnu.jar")


@test
def talk_pages_pass_the_nu_checker():
    if not os.path.exists(VNU):
        raise Failure("vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    pages = []
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        reader = Reader(s, "10.5.0.1")
        check(send(reader, aid, name="Đỗ Thị Hạnh", text="Dòng một.\nDòng hai <b>đậm</b>?")[0] == 303, "refused")
        cid = comments(s.db)[0][0]
        editor = signed_in(s, EDITOR)
        pages.append(("moderation", editor.get("/quan-tri/y-kien/")[2]))
        moderate(editor, cid, "tra-loi", "Cảm ơn bạn.")
        pages.append(("moderation-approved", editor.get("/quan-tri/y-kien/?xem=da-duyet")[2]))
        pages.append(("article-with-comments", s.page(path)))
        pages.append(("form", open_form(Reader(s, "10.5.0.2"), aid)))
        pages.append(("reply-form", open_form(Reader(s, "10.5.0.3"), aid, reply_to=cid)))
        pages.append(("form-refused", send(Reader(s, "10.5.0.4"), aid, text="x" * 3001)[2]))
        pages.append(("form-sent", reader.get("/y-kien/%d?da-gui=cho-duyet" % aid)[2]))
        pages.append(("rating-confirm", reader.post("/danh-gia/%d" % aid, {"so": "3"})[2]))
        pages.append(("rating", reader.get("/danh-gia/%d" % aid)[2]))
        pages.append(("article-gone", Reader(s, "10.5.0.5").post("/y-kien/99999999", {"ho-ten": "Lan",
                                                                                    "noi-dung": "Dòng một."})[2]))
    files = []
    for name, body in pages:
        p = os.path.join(WORK, "vnu-talk-%s.html" % name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        files.append(p)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json"] + files,
                       capture_output=True, text=True, timeout=180)
    report = json.loads(p.stderr or p.stdout or '{"messages": []}')
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    detail = "; ".join("%s:%s %s" % (os.path.basename(m.get("url", "")), m.get("lastLine"), m.get("message"))
                       for m in errors[:10])
    check(not errors, "%d HTML errors: %s" % (len(errors), detail))


@test
def invisible_and_bidi_characters_are_removed_and_the_name_is_isolated():
    """A name with U+202E reversed the date after it on the article page and
    in the moderation queue; a name of zero-width characters only passed as
    a name and showed blank."""
    with talk_server() as s:
        aid, path, _, _ = articles(n=1)[0]
        reader = Reader(s, "203.0.113.40")
        # Nothing visible in the name: refused like an empty one, with the form kept.
        code, _, body = send(reader, aid, name="\u200b\u200c\u200d\u2060\ufeff \u202e\u2066",
                             text="Ý kiến có tên vô hình.")
        check(code == 400 and "Hãy ghi họ tên của bạn." in body, "an invisible name answered %d" % code)
        check('name="ho-ten"' in body and "Ý kiến có tên vô hình." in body, "the form did not come back with the text")
        check(comments(s.db) == [], "an invisible name was stored")
        code, _, body = send(reader, aid, name="\u3164 \uffa0", text="Ý kiến ký bằng chữ trống.")
        check(code == 400 and "Hãy ghi họ tên của bạn." in body, "a name of Hangul fillers answered %d" % code)
        code, h, body = send(reader, aid, name="Lê\u202eVăn\u200b B",
                             text="Đường\u202a đẹp\u2067 lắm\u200b!\ufeff\nCảm ơn\u2069 ban biên tập.")
        check(code == 303, "the comment answered %d: %s" % (code, body[:300]))
        rows = comments(s.db)
        check(len(rows) == 1 and rows[0][3] == "LêVăn B" and
              rows[0][5] == "Đường đẹp lắm!\nCảm ơn ban biên tập.", "stored: %r" % (rows,))
        editor = signed_in(s, EDITOR)
        status, _, queue = editor.get("/quan-tri/y-kien/")
        check(status == 200 and "LêVăn B" in queue, "the queue does not show the cleaned name")
        check(not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]", queue),
              "a control character reached the moderation queue")
        check(re.search(r"<bdi>LêVăn B</bdi>", queue), "the name is not isolated in the queue")
        moderate(editor, rows[0][0], "duyet")
        section = comment_section(s.page(path))
        check(not re.search("[\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff]", section),
              "a control character reached the article page")
        check(re.search(r'<strong class="comment-name"><bdi>LêVăn B</bdi></strong> <time', section),
              "the name is not isolated from the date: %s" % section[:600])
        check("<p>Đường đẹp lắm!</p>" in section and "<p>Cảm ơn ban biên tập.</p>" in section,
              "the text is not shown cleaned: %s" % section[:800])
        # Accents stacked sixty high on a letter draw over the comments around: three are kept.
        code, _, body = send(Reader(s, "203.0.113.41"), aid, name="Lan" + "\u0301" * 60,
                             text="Ha" + "\u0300" * 500 + " Tĩnh, Việt Nam")
        check(code == 303, "the stacked comment answered %d: %s" % (code, body[:300]))
        rows = comments(s.db)
        # (NFC puts the first accent into the letter: ń, à)
        check(rows[-1][3] == "La\u0144\u0301\u0301\u0301" and rows[-1][5] == "H\u00e0\u0300\u0300\u0300 Tĩnh, Việt Nam",
              "stored: %r" % (rows[-1][3:6],))


@test
def a_comment_to_an_article_unpublished_meanwhile_keeps_what_was_typed():
    with talk_server() as s:
        aid = articles(s.db, n=1)[0][0]
        reader = Reader(s, "203.0.113.41")
        form = open_form(reader, aid)
        chief = signed_in(s, CHIEF)
        from test_newsroom import article_form
        status, _, _ = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "go")
        check(status == 303, "unpublishing answered %d" % status)
        text = "Dòng một của ý kiến <dài>.\nDòng hai & hết."
        code, h, body = send(reader, aid, name="Phạm Thị Lan", text=text, page=form)
        check(code == 404, "the comment to an unpublished article answered %d" % code)
        check("Bài viết này không còn trên trang" in body, "the page does not say the article is gone: %s" %
              re.sub(r"\s+", " ", body)[-1500:])
        check("Phạm Thị Lan" in body and html.escape(text, quote=False) in body,
              "the page does not show what the reader typed")
        check("Không tìm thấy" in body, "not a not-found page")
        check(h.get("cache-control") == "no-store", "the page is cacheable: %r" % h.get("cache-control"))
        check(comments(s.db) == [], "a comment was stored")
