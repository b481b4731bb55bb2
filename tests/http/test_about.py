"""test_about.py - the pages about the agency the rules for agency portals
ask for: /gioi-thieu/ (functions, tasks, organisation, contact officials)
and /en/ (the same in English), written by administrators on the settings
page and shown at once."""
import html as htmllib
import re
import sqlite3

from harness import BASE_URL, check, test
from test_newsroom import ADMIN, EDITOR, newsroom_server, signed_in


def setting(db_path, key):
    row = sqlite3.connect(db_path).execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return row[0] if row else ""


def text_of(page):
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def settings_form(admin):
    status, _, page = admin.get("/quan-tri/cai-dat/")
    check(status == 200, "the settings page answered %d" % status)
    fields = {m.group(1): htmllib.unescape(m.group(2))
              for m in re.finditer(r'<input id="cd-[^"]+" name="([^"]+)" value="([^"]*)"', page)}
    for m in re.finditer(r'<textarea id="cd-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[m.group(1)] = htmllib.unescape(m.group(2))
    fields["csrf"] = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return fields


@test
def the_about_pages_show_the_agency_its_tasks_and_its_contact_officials():
    with newsroom_server() as s:
        about, contacts = setting(s.db, "site.about"), setting(s.db, "site.contacts")
        check(about and contacts, "the demo has no introduction or contacts")
        status, h, page = s.get("/gioi-thieu/")
        page = page.decode()
        check(status == 200 and "<h1>Giới thiệu</h1>" in page, "/gioi-thieu/ answered %d" % status)
        items = [l[2:].strip() for l in about.splitlines() if l.startswith("- ")]
        shown = [htmllib.unescape(x) for x in re.findall(r"<li>([^<]*)</li>", page)]
        check(items and all(i in shown for i in items), "the tasks listed: %r, shown %r" % (items[:2], shown[:4]))
        rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td>', page)
        want = [tuple(f.strip() for f in l.split(";")[:2]) for l in contacts.splitlines() if l.strip()]
        check([(htmllib.unescape(a), htmllib.unescape(b)) for a, b in rows] == want, "officials %r, stored %r" % (rows, want))
        check('<meta name="DC.language" content="vi">' in page and '<meta name="DC.title"' in page, "the page's metadata")
        check('<a href="/gioi-thieu/" aria-current="page">Giới thiệu</a>' in page, "the menu does not mark the page")
        home = s.page("/")
        check('<a href="/gioi-thieu/" aria-current="false">Giới thiệu</a>' in home and 'href="/en/"' in home,
              "the home page does not lead to the introduction and the English page")
        status, h, page = s.get("/en/")
        page = page.decode()
        check(status == 200 and '<article class="about" lang="en">' in page and "<h1>About us</h1>" in page,
              "/en/ answered %d" % status)
        check('<meta name="DC.language" content="en">' in page and "Functions and tasks" in page, "the English page")
        # each version names the other, for search engines and for readers' browsers
        for url, body in (("/gioi-thieu/", s.page("/gioi-thieu/")), ("/en/", page)):
            check('<link rel="alternate" hreflang="vi" href="%s/gioi-thieu/">' % BASE_URL in body and
                  '<link rel="alternate" hreflang="en" href="%s/en/">' % BASE_URL in body, "%s lacks hreflang" % url)
        for short, full in (("/gioi-thieu", "/gioi-thieu/"), ("/en", "/en/")):
            status, h, _ = s.get(short)
            check(status == 301 and h.get("location", "").endswith(full), "%s answered %d" % (short, status))
        sitemap = s.page("/sitemap-trang.xml")
        check(BASE_URL + "/gioi-thieu/</loc>" in sitemap and BASE_URL + "/en/</loc>" in sitemap, "the sitemap lacks them")
        check('href="/gioi-thieu/"' in s.page("/so-do-trang/"), "the site map page lacks the introduction")


@test
def administrators_write_the_introduction_and_it_shows_at_once():
    with newsroom_server() as s:
        before = s.page("/gioi-thieu/")
        s.page("/en/")
        admin = signed_in(s, ADMIN)
        fields = settings_form(admin)
        check("gioi-thieu" in fields and "can-bo-dau-moi" in fields and "gioi-thieu-en" in fields,
              "the settings form lacks the introduction's fields: %r" % sorted(fields))
        # a line of officials without a position, or with a wrong e-mail, is refused beside what was typed
        for bad, said in (("Chỉ có tên", "Cán bộ đầu mối, dòng 1"),
                          ("Trần Văn A; Chuyên viên; VP; 0239 1; khong-phai-thu", "Cán bộ đầu mối “Trần Văn A”"),
                          ("Trần Văn A; Chuyên viên\nB; C; D; E; F; G", "Cán bộ đầu mối, dòng 2"),
                          ("\t;x", "dòng 1"), ("\u00a0;B", "dòng 1"), ("\u200b;B", "dòng 1"), ("A;", "dòng 1"),
                          ("A; \u00a0", "dòng 1"), ("\n".join("Người %d; Chuyên viên" % i for i in range(101)), "dòng 101")):
            status, _, body = admin.post("/quan-tri/cai-dat/", dict(fields, **{"can-bo-dau-moi": bad}))
            check(status == 400 and said in text_of(body), "%r answered %d" % (bad[:40], status))
            check(htmllib.escape(bad.split("\n")[0].strip(), quote=False) in body, "the officials typed were lost")
        new = dict(fields)
        new["gioi-thieu"] = ("Đoạn mở đầu <script>alert(1)</script> về Văn phòng.\n\nNhiệm vụ:\n- Việc thứ nhất\n"
                             "- Việc thứ hai & thứ ba\n\nĐoạn cuối.")
        new["can-bo-dau-moi"] = "Hoàng Thị Mai; Chuyên viên; Phòng Nghiệp vụ; 0239 3 858 250; maiht@example.gov.vn"
        new["gioi-thieu-en"] = "A short introduction in English."
        status, _, _ = admin.post("/quan-tri/cai-dat/", new)
        check(status == 303, "saving the introduction answered %d" % status)
        page = s.page("/gioi-thieu/")
        check(page != before, "the cached introduction did not change")
        check("<p>Đoạn mở đầu &lt;script&gt;alert(1)&lt;/script&gt; về Văn phòng.</p>" in page and "<script>alert" not in page,
              "the introduction is not escaped paragraph by paragraph")
        check("<li>Việc thứ nhất</li>\n<li>Việc thứ hai &amp; thứ ba</li>" in page, "the list of tasks")
        check('<tr><th scope="row">Hoàng Thị Mai</th><td>Chuyên viên</td><td>Phòng Nghiệp vụ</td><td>0239 3 858 250</td>'
              '<td><a href="mailto:maiht@example.gov.vn">maiht@example.gov.vn</a></td></tr>' in page, "the new official")
        check("<p>A short introduction in English.</p>" in s.page("/en/"), "the English page did not change")
        # an empty introduction: a sentence, the contact details still shown
        status, _, _ = admin.post("/quan-tri/cai-dat/", dict(new, **{"gioi-thieu": "", "can-bo-dau-moi": ""},
                                                             csrf=settings_form(admin)["csrf"]))
        check(status == 303, "emptying the introduction answered %d" % status)
        page = s.page("/gioi-thieu/")
        check("Trang giới thiệu đang được cập nhật" in page and "Thông tin liên hệ" in page and "Cán bộ đầu mối" not in page,
              "the empty introduction")
        # a long introduction is shown whole; 20,000 Vietnamese characters go through the form
        lines = ["- Nhiệm vụ số %d của Văn phòng." % i if i % 2 else "Đoạn văn số %d." % i for i in range(700)]
        long_text = "\n".join(lines)
        status, _, _ = admin.post("/quan-tri/cai-dat/", dict(new, **{"gioi-thieu": long_text},
                                                             csrf=settings_form(admin)["csrf"]))
        check(status == 303, "a long introduction answered %d" % status)
        page = s.page("/gioi-thieu/")
        check("Nhiệm vụ số 699 của Văn phòng." in page and "Đoạn văn số 698." in page, "the long introduction was cut")
        full = "ệ" * 20000
        status, _, body = admin.post("/quan-tri/cai-dat/", dict(new, **{"gioi-thieu": full, "gioi-thieu-en": "e" * 20000},
                                                                csrf=settings_form(admin)["csrf"]))
        check(status == 303, "20,000 characters in each introduction answered %d" % status)
        status, _, body = admin.post("/quan-tri/cai-dat/", dict(new, **{"gioi-thieu": full + "ệ"},
                                                                csrf=settings_form(admin)["csrf"]))
        check(status == 400 and "Giới thiệu cơ quan" in text_of(body) and "tối đa 20.000 ký tự" in text_of(body),
              "20,001 characters answered %d without naming the field" % status)
        editor = signed_in(s, EDITOR)
        status, _, _ = editor.post("/quan-tri/cai-dat/", dict(new, csrf=editor.csrf()))
        check(status == 403 and "Việc thứ nhất" not in s.page("/gioi-thieu/"), "an editor saved the introduction")
