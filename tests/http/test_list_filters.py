"""test_list_filters.py - the newsroom's article list (/quan-tri/bai-viet/)
and the audit log (/quan-tri/nhat-ky/) read a date typed the Vietnamese way
(06/12/2026) as well as the date box's 2026-12-06; a page past the end shows
the last page and says so; a filter that still cannot be read gives the list
page back, its other filters kept and a sentence naming the bad one (400),
never the generic error page."""
import os
import re
import urllib.parse

from harness import ROOT, check, test
from test_newsroom import ADMIN, EDITOR, newsroom_server, signed_in

GENERIC = "có thể chứa ký tự không được phép"


def caption(body):
    m = re.search(r"<caption>([^<]*)</caption>", body)
    return m.group(1) if m else None


def alert(body):
    m = re.search(r'<p class="notice notice-error" role="alert">([^<]*)</p>', body)
    return m.group(1) if m else None


def notice(body):
    m = re.search(r'<p class="notice notice-ok" role="status">([^<]*)</p>', body)
    return m.group(1) if m else None


@test
def article_list_reads_typed_dates_and_shows_the_last_page_past_the_end():
    with newsroom_server() as s:
        editor = signed_in(s, EDITOR)
        # dd/mm/yyyy is the same filter as the date box's yyyy-mm-dd.
        status, _, iso = editor.get("/quan-tri/bai-viet/?tu=2020-01-06&den=2099-12-31")
        check(status == 200, "the date box's form answered %d" % status)
        for typed in ("06%2F01%2F2020", "6/1/2020", "06-01-2020", "06.01.2020"):
            status, _, body = editor.get("/quan-tri/bai-viet/?tu=%s&den=31%%2F12%%2F2099" % typed)
            check(status == 200 and GENERIC not in body, "?tu=%s answered %d" % (typed, status))
            check(caption(body) == caption(iso), "?tu=%s: %r, the date box gives %r" % (typed, caption(body), caption(iso)))
            check('name="tu" type="date" value="2020-01-06"' in body and 'name="den" type="date" value="2099-12-31"' in body,
                  "?tu=%s: the date boxes do not show the dates" % typed)
        # A page past the end: the last page, saying so.
        status, _, first = editor.get("/quan-tri/bai-viet/")
        last = int(re.search(r"trang 1/(\d+)", caption(first)).group(1))
        for past in (last + 1, 99, 123456789012345678901234567890):
            status, _, body = editor.get("/quan-tri/bai-viet/?trang=%d&xep=tieu-de" % past)
            check(status == 200 and GENERIC not in body, "?trang=%d answered %d" % (past, status))
            check(caption(body) and caption(body).endswith("trang %d/%d" % (last, last)),
                  "?trang=%d shows %r, not the last page" % (past, caption(body)))
            check(body.count("<tr>") > 1, "?trang=%d shows no rows" % past)
            check(notice(body) and "đây là trang cuối" in notice(body), "?trang=%d: no sentence says so" % past)
            check('<option value="tieu-de" selected>' in body, "?trang=%d lost the sort" % past)
        # Past the end of an empty list: the empty list, saying so.
        status, _, body = editor.get("/quan-tri/bai-viet/?q=khongcobaivietnaoco&trang=3")
        check(status == 200 and caption(body).startswith("0 bài viết") and "không có bài viết nào" in (notice(body) or ""),
              "page 3 of an empty list answered %d: %r %r" % (status, caption(body), notice(body)))


@test
def article_list_names_a_bad_filter_and_keeps_the_others():
    with newsroom_server() as s:
        editor = signed_in(s, EDITOR)
        cases = [
            ("trang=0", "Trang", "0"),
            ("trang=abc", "Trang", "abc"),
            ("tu=31%2F02%2F2026", "Sửa từ ngày", "31/02/2026"),
            ("den=2026-13-01", "đến ngày", "2026-13-01"),
            ("trang-thai=zzz", "Trạng thái", "zzz"),
            ("chuyen-muc=x", "Chuyên mục", "x"),
            ("nguoi-viet=-3", "Người viết", "-3"),
            ("xep=ai", "Xếp theo", "ai"),
        ]
        for query, name, typed in cases:
            status, _, body = editor.get("/quan-tri/bai-viet/?q=ho%E1%BA%A1ch&" + query)
            check(status == 400, "?%s answered %d" % (query, status))
            check(GENERIC not in body and "<h1>Bài viết</h1>" in body and caption(body),
                  "?%s: the generic error page, not the list" % query)
            said = alert(body) or ""
            check(name in said and "«%s»" % typed in said, "?%s: the sentence %r does not name it" % (query, said))
            check('name="q" type="search" value="hoạch"' in body, "?%s lost the search words" % query)
        # a search box holding only spaces or signs searches for nothing, in every state and order
        for q in ("+", "%20%20", "%23", "%22%22"):
            for extra in ("", "&trang-thai=nhap", "&xep=tieu-de", "&trang-thai=hen-gio&xep=ngay-dang"):
                status, _, body = editor.get("/quan-tri/bai-viet/?q=" + q + extra)
                check(status == 200 and "<h1>Bài viết</h1>" in body, "?q=%s%s answered %d" % (q, extra, status))


@test
def audit_log_reads_typed_dates_and_names_a_bad_filter():
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        status, _, iso = admin.get("/quan-tri/nhat-ky/?viec=login&tu=2020-01-06")
        check(status == 200 and "Đăng nhập" in iso, "the audit log answered %d" % status)
        rows = iso.count("<tr>")
        check(rows > 1, "no logins in the audit log")
        status, _, body = admin.get("/quan-tri/nhat-ky/?viec=login&tu=06%2F01%2F2020&den=31%2F12%2F2099")
        check(status == 200 and GENERIC not in body, "?tu=06/01/2020 answered %d" % status)
        check(body.count("<tr>") == rows, "the typed date gives %d rows, the date box %d" % (body.count("<tr>"), rows))
        check('name="tu" type="date" value="2020-01-06"' in body, "the date box does not show the typed date")
        status, _, body = admin.get("/quan-tri/nhat-ky/?viec=login&tu=06%2F12%2F2126")
        check(status == 200 and "Không có mục nào khớp bộ lọc." in body, "a date in the future answered %d" % status)
        for query, name, typed in (("tu=32%2F01%2F2026", "Từ ngày", "32/01/2026"),
                                   ("den=hom-qua", "Đến ngày", "hom-qua"),
                                   ("truoc=x", "Các mục cũ hơn", "x")):
            status, _, body = admin.get("/quan-tri/nhat-ky/?ten=%s&viec=login&%s" % (urllib.parse.quote(EDITOR), query))
            check(status == 400 and GENERIC not in body and "<h1>Nhật ký hoạt động</h1>" in body,
                  "?%s answered %d with the generic page" % (query, status))
            said = alert(body) or ""
            check(name in said and "«%s»" % typed in said, "?%s: the sentence %r does not name it" % (query, said))
            check('name="ten" value="%s"' % EDITOR in body and '<option value="login" selected>' in body,
                  "?%s lost the other filters" % query)


@test
def audit_log_finds_a_login_by_its_start_in_any_case_and_pages_both_ways():
    import html
    import sqlite3
    import time
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        db = sqlite3.connect(s.db)
        now = int(time.time())
        db.executemany("INSERT INTO audit_log(at, user_id, login, address, action, object, detail) "
                       "VALUES (?, NULL, ?, '10.0.0.9', 'login_failed', ?, '')",
                       [(now - 1000 + i, "CanBo.Xa%02d" % (i % 3), "thu-%03d" % i) for i in range(150)])
        db.commit()
        db.close()

        def page(path):
            status, _, body = admin.get(path)
            check(status == 200, "%s answered %d" % (path, status))
            links = {html.unescape(href): text
                     for href, text in re.findall(r'<a href="([^"]+)" rel="[a-z]+">([^<]+)</a>', body)}
            return re.findall(r"<td>(thu-\d{3})</td>", body), links

        # the start of the login, typed in another case
        for typed in ("canbo", "CANBO.XA", "CanBo.Xa01"):
            rows, _ = page("/quan-tri/nhat-ky/?ten=" + urllib.parse.quote(typed))
            want = 100 if typed != "CanBo.Xa01" else 50
            check(len(rows) == want, "?ten=%s shows %d entries, not %d" % (typed, len(rows), want))
        rows, _ = page("/quan-tri/nhat-ky/?ten=%25")  # a LIKE sign is a character like any other
        check(rows == [], "?ten=%% shows %d entries" % len(rows))
        # 150 entries: a page of 100, an older page of 50, and back to the same first page
        first, links = page("/quan-tri/nhat-ky/?ten=canbo")
        check(first == ["thu-%03d" % i for i in range(149, 49, -1)], "the first page shows %r…" % first[:3])
        older = [href for href, text in links.items() if "cũ hơn" in text]
        check(len(older) == 1 and not any("mới hơn" in t for t in links.values()),
              "the first page's links are %r" % links)
        second, links = page(older[0])
        check(second == ["thu-%03d" % i for i in range(49, -1, -1)], "the older page shows %r…" % second[:3])
        newer = [href for href, text in links.items() if "mới hơn" in text]
        check(len(newer) == 1 and "ten=canbo" in newer[0] and not any("cũ hơn" in t for t in links.values()),
              "the older page's links are %r" % links)
        back, links = page(newer[0])
        check(back == first, "the newer page shows %r…, not the first page" % back[:3])
        check(not any("mới hơn" in t for t in links.values()) and any("cũ hơn" in t for t in links.values()),
              "back on the first page the links are %r" % links)
        status, _, body = admin.get("/quan-tri/nhat-ky/?ten=canbo&sau=x")
        check(status == 400 and "Các mục mới hơn" in (alert(body) or ""), "?sau=x answered %d" % status)


@test
def every_action_the_code_logs_has_a_vietnamese_name_in_the_audit_log():
    """What the office and the newsroom do is logged under a code; the log
    and its filter show each code by a Vietnamese name, never the code."""
    import glob
    codes = set()
    for path in glob.glob(os.path.join(ROOT, "src", "*", "*.c")):
        text = open(path, encoding="utf-8").read()
        for call in re.finditer(r"(?:people_audit|office_job_new)\((.*?)\);", text, re.S):
            codes.update(re.findall(r'"((?:ntm|article|document|comment|media|activity|category|link|user)_[a-z_]+)"',
                                    call.group(1)))
    check("ntm_import" in codes and len(codes) > 10, "the scan of the code found %r" % sorted(codes))
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        status, _, page = admin.get("/quan-tri/nhat-ky/")
        check(status == 200, "the audit log answered %d" % status)
        named = dict(re.findall(r'<option value="([a-z_]+)"[^>]*>([^<]+)</option>', page))
        missing = sorted(c for c in codes if c not in named)
        check(not missing, "actions without a name in the log: %s" % missing)
        check(all(not re.match(r"^[a-z_]+$", label) for label in named.values()), "a name is a code: %r" % named)
