"""test_site_admin.py - administrators edit the categories of the menu and the
website links (/quan-tri/chuyen-muc/, /quan-tri/lien-ket/), and readers see
the change at once: the public menu, the "Liên kết website" block, the old
address of a renamed category (301), as an administrator and as an attacker
would meet them."""
import html
import json
import os
import re
import subprocess

from harness import ROOT, WORK, Failure, check, test
from test_newsroom import ADMIN, EDITOR, Client, newsroom_server, signed_in

CATS = "/quan-tri/chuyen-muc/"
LINKS = "/quan-tri/lien-ket/"


def menu(page):
    """The public main menu: [(href, name)] in order, without Home and Văn bản."""
    m = re.search(r'<nav id="menu".*?</nav>', page, re.S)
    check(m, "no main menu on the page")
    items = re.findall(r'<li><a href="(/tin-tuc/[^"]+)"[^>]*>([^<]*)</a></li>', m.group(0))
    return [(h, html.unescape(n)) for h, n in items]


def links_block(page):
    """The public "Liên kết website" block: [(url, name)] in order."""
    m = re.search(r'<section class="block links-block".*?</section>', page, re.S)
    if not m:
        return []
    return [(html.unescape(u), html.unescape(n))
            for u, n in re.findall(r'<li><a href="([^"]*)" rel="noopener">([^<]*)</a></li>', m.group(0))]


def admin_categories(client):
    """The administrators' list: [(id, name, slug)] in menu order."""
    status, _, body = client.get(CATS)
    check(status == 200, "the category list answered %d" % status)
    rows = re.findall(r'<tr id="chuyen-muc-(\d+)">.*?<td><a href="/quan-tri/chuyen-muc/\d+">([^<]*)</a></td>\s*'
                      r'<td><a href="/tin-tuc/([^/"]+)/">', body, re.S)
    return [(int(i), html.unescape(n), s) for i, n, s in rows]


def admin_links(client):
    status, _, body = client.get(LINKS)
    check(status == 200, "the link list answered %d" % status)
    rows = re.findall(r'<tr id="lien-ket-(\d+)">.*?<td><a href="/quan-tri/lien-ket/\d+">([^<]*)</a></td>', body, re.S)
    return [(int(i), html.unescape(n)) for i, n in rows]


def field(body, name):
    m = re.search(r'name="%s"[^>]*? value="([^"]*)"' % name, body)
    return html.unescape(m.group(1)) if m else None


def category_form(client, name, slug="", description="", in_menu=True, path=CATS):
    fields = {"csrf": client.csrf(path), "ten": name, "duong-dan": slug, "mo-ta": description}
    if in_menu:
        fields["hien-danh-muc"] = "1"
    return client.post(path, fields)


@test
def site_admin_new_category_shows_in_the_public_menu_at_once():
    with newsroom_server() as s:
        s.page("/")
        before = menu(s.page("/"))  # the home page is in the cache now
        admin = signed_in(s, ADMIN)
        # a name that shows nothing is no name: it made an empty link in every page's menu
        for blank in ("\u200b", "\u3000", "\u00a0\u200d"):
            status, _, body = category_form(admin, blank, slug="khong-ten")
            check(status == 400, "a category named %r answered %d" % (blank, status))
        status, h, _ = category_form(admin, "Khuyến nông <script>alert(1)</script>", description="Tin khuyến nông.")
        check(status == 303 and h.get("location") == CATS + "?thong-bao=da-them",
              "adding a category answered %d %r" % (status, h.get("location")))
        home = s.page("/")
        after = menu(home)
        check(after[:len(before)] == before and len(after) == len(before) + 1,
              "the cached home page's menu did not gain one category: %r" % after)
        check(after[-1] == ("/tin-tuc/khuyen-nong-script-alert-1-script/", "Khuyến nông <script>alert(1)</script>"),
              "the new menu item is %r" % (after[-1],))
        check("<script>alert(1)" not in home and "Khuyến nông &lt;script&gt;" in home, "the name is not escaped")
        page = s.page("/tin-tuc/khuyen-nong-script-alert-1-script/")
        check("Tin khuyến nông." in page, "the new category's page lacks its description")
        status, _, body = admin.get(CATS + "?thong-bao=da-them")
        check("Đã thêm chuyên mục" in body and "<script>alert(1)" not in body, "the list's notice or escaping")
        status, _, log = admin.get("/quan-tri/nhat-ky/?viec=category_create")
        check("Khuyến nông &lt;script&gt;" in log, "the audit log lacks the new category")


@test
def site_admin_category_form_says_what_is_wrong_beside_the_field():
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        cats = admin_categories(admin)
        count = len(cats)
        status, _, body = category_form(admin, "   ", description="Mô tả giữ lại")
        check(status == 400, "an empty name answered %d" % status)
        check(re.search(r'<p class="field-error" id="cm-ten-loi">Cần nhập tên chuyên mục\.</p>', body),
              "no message beside the name")
        check("Mô tả giữ lại</textarea>" in body, "the description typed was lost")
        taken = cats[0][2]
        status, _, body = category_form(admin, "Trùng đường dẫn", slug=taken)
        check(status == 409 and "Đã có chuyên mục khác dùng đường dẫn này" in body,
              "a duplicate slug answered %d" % status)
        check(field(body, "ten") == "Trùng đường dẫn" and field(body, "duong-dan") == taken,
              "the values typed were not kept")
        # the documents' feed is /rss/van-ban.xml: no category's feed may take it
        status, _, body = category_form(admin, "Văn bản mới", slug="van-ban")
        check(status in (400, 409) and "đã dành cho văn bản" in body and field(body, "duong-dan") == "van-ban",
              "the slug van-ban answered %d" % status)
        status, _, body = category_form(admin, "!!!")
        check(status == 400 and "ít nhất một chữ cái hoặc chữ số" in body, "a name without letters answered %d" % status)
        # A slug typed with capitals and tones follows the portal's slug rules.
        status, _, _ = category_form(admin, "Hỏi đáp", slug="Hỏi Đáp Chính Sách")
        check(status == 303, "a typed slug answered %d" % status)
        check(admin_categories(admin)[-1][2] == "hoi-dap-chinh-sach", "the typed slug was not made a slug")
        check(len(admin_categories(admin)) == count + 1, "a refused form added a category")


@test
def site_admin_renamed_category_keeps_its_old_address():
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        cid, name, old = admin_categories(admin)[0]
        old_page = s.page("/tin-tuc/%s/" % old)
        article = re.search(r'href="(/tin-tuc/%s/[^"]+\.html)"' % re.escape(old), old_page)
        check(article, "no article on the category page")
        s.page("/")
        path = CATS + str(cid)
        status, _, form = admin.get(path)
        check(status == 200 and field(form, "duong-dan") == old, "the edit form answered %d" % status)
        status, h, body = category_form(admin, "Tin mới đổi tên", slug="tin-moi-doi", path=path)
        check(status == 303, "saving the category answered %d: %s" % (status, re.findall(r'(?:field-error|notice-error)[^>]*>([^<]*)', body)))
        for old_url, new_url in (("/tin-tuc/%s/" % old, "/tin-tuc/tin-moi-doi/"),
                                 ("/tin-tuc/%s" % old, "/tin-tuc/tin-moi-doi/"),
                                 ("/tin-tuc/%s/?trang=2" % old, "/tin-tuc/tin-moi-doi/?trang=2"),
                                 ("/rss/%s.xml" % old, "/rss/tin-moi-doi.xml")):
            status, h, _ = s.get(old_url)
            check(status == 301 and h.get("location") == new_url,
                  "%s answered %d %r" % (old_url, status, h.get("location")))
        status, h, _ = s.get(article.group(1))
        check(status == 301 and h.get("location", "").startswith("/tin-tuc/tin-moi-doi/"),
              "an article's old address answered %d %r" % (status, h.get("location")))
        page = s.page("/tin-tuc/tin-moi-doi/")
        check("Tin mới đổi tên" in page, "the new address does not show the new name")
        check(("/tin-tuc/tin-moi-doi/", "Tin mới đổi tên") in menu(s.page("/")), "the menu lacks the new name")
        # Back to the first slug: it answers again, and the second one follows.
        status, _, _ = category_form(admin, name, slug=old, path=path)
        check(status == 303, "renaming back answered %d" % status)
        s.page("/tin-tuc/%s/" % old)
        status, h, _ = s.get("/tin-tuc/tin-moi-doi/")
        check(status == 301 and h.get("location") == "/tin-tuc/%s/" % old, "the second slug answered %d" % status)
        check(s.get("/tin-tuc/khong-co-chuyen-muc-nay/")[0] == 404, "an unknown category does not answer 404")
        status, _, log = admin.get("/quan-tri/nhat-ky/?viec=category_edit")
        check("tin-moi-doi" in log, "the audit log lacks the slug change")


@test
def site_admin_order_and_hiding_change_the_menu():
    with newsroom_server() as s:
        s.page("/")
        first = menu(s.page("/"))
        check(len(first) >= 3, "the demo has fewer than three categories")
        admin = signed_in(s, ADMIN)
        cats = admin_categories(admin)
        token = admin.csrf(CATS)
        status, h, _ = admin.post(CATS + "%d/thu-tu" % cats[1][0], {"csrf": token, "huong": "len"})
        check(status == 303 and "da-doi-thu-tu" in h.get("location", ""), "moving up answered %d" % status)
        now = menu(s.page("/"))
        check(now == [first[1], first[0]] + first[2:], "the menu did not follow the new order: %r" % now)
        status, _, _ = admin.post(CATS + "%d/thu-tu" % cats[1][0], {"csrf": token, "huong": "xuong"})
        check(status == 303 and menu(s.page("/")) == first, "moving down did not restore the order")
        status, _, body = admin.post(CATS + "%d/thu-tu" % cats[0][0], {"csrf": token, "huong": "len"})
        check(status == 409 and "đã ở đầu danh sách" in body, "moving the first one up answered %d" % status)
        status, _, body = admin.post(CATS + "%d/thu-tu" % cats[0][0], {"csrf": token, "huong": "ngang"})
        check(status == 400, "a wrong direction answered %d" % status)
        # Hidden from the menu, the category's page still answers.
        status, _, _ = admin.post(CATS + "%d/danh-muc" % cats[2][0], {"csrf": token, "hien": "0"})
        check(status == 303, "hiding answered %d" % status)
        now = menu(s.page("/"))
        check(now == first[:2] + first[3:], "the hidden category is still in the menu: %r" % now)
        s.page(first[2][0])
        status, _, _ = admin.post(CATS + "%d/danh-muc" % cats[2][0], {"csrf": token, "hien": "1"})
        check(status == 303 and menu(s.page("/")) == first, "showing it again did not restore the menu")


@test
def site_admin_deletes_only_an_empty_category():
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        cid, name, slug = admin_categories(admin)[0]
        status, _, body = admin.get(CATS + "%d/xoa" % cid)
        check(status == 200 and re.search(r"chuyên mục còn \d+ bài viết", body), "the refusal page answered %d" % status)
        check("<button type=\"submit\" class=\"button button-danger\">" not in body, "a delete button for a full category")
        status, _, body = admin.post(CATS + "%d/xoa" % cid, {"csrf": admin.csrf(CATS)})
        check(status == 409 and re.search(r"chuyên mục còn \d+ bài viết", body), "deleting answered %d" % status)
        check((cid, name, slug) in admin_categories(admin) and s.get("/tin-tuc/%s/" % slug)[0] == 200,
              "a category with articles was deleted")
        status, _, _ = category_form(admin, "Chuyên mục tạm")
        check(status == 303, "adding answered %d" % status)
        new_id = admin_categories(admin)[-1][0]
        s.page("/")
        check(s.get("/tin-tuc/chuyen-muc-tam/")[0] == 200, "the new category's page")
        status, _, body = admin.get(CATS + "%d/xoa" % new_id)
        check(status == 200 and "Bạn có chắc muốn xóa chuyên mục" in body, "the confirmation step answered %d" % status)
        check(s.get("/tin-tuc/chuyen-muc-tam/")[0] == 200, "the confirmation step deleted already")
        status, h, _ = admin.post(CATS + "%d/xoa" % new_id, {"csrf": admin.csrf(CATS)})
        check(status == 303 and "da-xoa" in h.get("location", ""), "deleting an empty category answered %d" % status)
        check(s.get("/tin-tuc/chuyen-muc-tam/")[0] == 404, "the deleted category still answers")
        check(all(n != "Chuyên mục tạm" for _, n in menu(s.page("/"))), "the deleted category is still in the menu")
        status, _, log = admin.get("/quan-tri/nhat-ky/?viec=category_delete")
        check("Chuyên mục tạm" in log, "the audit log lacks the deletion")


@test
def site_admin_links_are_added_edited_reordered_and_deleted():
    with newsroom_server() as s:
        s.page("/")
        first = links_block(s.page("/"))
        check(len(first) >= 2, "the demo has fewer than two links")
        admin = signed_in(s, ADMIN)
        status, h, _ = admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "Sở Nông nghiệp <b>Hà Tĩnh</b>",
                                          "dia-chi": " https://snnptnt.hatinh.gov.vn/tin-tuc?a=1&b=2 "})
        check(status == 303 and h.get("location") == LINKS + "?thong-bao=da-them", "adding answered %d" % status)
        # the same form sent again (a double click, Back and again): one line
        status, _, body = admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "Sở Nông nghiệp <b>Hà Tĩnh</b>",
                                             "dia-chi": "https://snnptnt.hatinh.gov.vn/tin-tuc?a=1&b=2"})
        check(status == 400 and "Địa chỉ này đã có trong danh sách liên kết." in body,
              "the same link again answered %d" % status)
        home = s.page("/")
        now = links_block(home)
        check(now == first + [("https://snnptnt.hatinh.gov.vn/tin-tuc?a=1&b=2", "Sở Nông nghiệp <b>Hà Tĩnh</b>")],
              "the links block is %r" % now)
        check("<b>Hà Tĩnh</b>" not in home and "&lt;b&gt;Hà Tĩnh&lt;/b&gt;" in home, "the name is not escaped")
        new_id = admin_links(admin)[-1][0]
        # Edit.
        status, _, form = admin.get(LINKS + str(new_id))
        check(status == 200 and field(form, "ten") == "Sở Nông nghiệp <b>Hà Tĩnh</b>", "the edit form")
        status, _, _ = admin.post(LINKS + str(new_id), {"csrf": admin.csrf(LINKS), "ten": "Sở Nông nghiệp và Môi trường",
                                                         "dia-chi": "http://snn.example.vn/"})
        check(status == 303, "saving answered %d" % status)
        check(links_block(s.page("/"))[-1] == ("http://snn.example.vn/", "Sở Nông nghiệp và Môi trường"),
              "the edit does not show")
        # Reorder.
        status, _, _ = admin.post(LINKS + "%d/thu-tu" % new_id, {"csrf": admin.csrf(LINKS), "huong": "len"})
        check(status == 303, "moving up answered %d" % status)
        now = links_block(s.page("/"))
        check(now[-2] == ("http://snn.example.vn/", "Sở Nông nghiệp và Môi trường") and now[-1] == first[-1],
              "the order did not change: %r" % now)
        # Delete, after a confirmation step.
        status, _, body = admin.get(LINKS + "%d/xoa" % new_id)
        check(status == 200 and "Bạn có chắc muốn xóa liên kết" in body, "the confirmation step answered %d" % status)
        check(len(links_block(s.page("/"))) == len(first) + 1, "the confirmation step deleted already")
        status, _, _ = admin.post(LINKS + "%d/xoa" % new_id, {"csrf": admin.csrf(LINKS)})
        check(status == 303, "deleting answered %d" % status)
        check(links_block(s.page("/")) == first, "the deleted link still shows")
        check(admin.get(LINKS + str(new_id))[0] == 404, "the deleted link's form still answers")
        status, _, log = admin.get("/quan-tri/nhat-ky/?viec=link_delete")
        check("Sở Nông nghiệp và Môi trường" in log, "the audit log lacks the deletion")


@test
def site_admin_links_take_only_http_addresses():
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        count = len(admin_links(admin))
        for url in ("javascript:alert(1)", " JavaScript:alert(document.cookie)", "data:text/html,<script>x</script>",
                    "//evil.example", "/duong-dan-noi-bo", "https://", "http://a b.vn", "ftp://x.vn", "",
                    "http://a.vn:99999", "http://a.vn:0/"):
            status, _, body = admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "Liên kết thử", "dia-chi": url})
            check(status == 400 and re.search(r'<p class="field-error" id="lk-dia-chi-loi">', body),
                  "%r answered %d without a message beside the address" % (url, status))
            check(field(body, "ten") == "Liên kết thử", "the name typed was lost for %r" % url)
        status, _, body = admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "javascript", "dia-chi": "javascript:x"})
        check("http:// hoặc https://" in body, "the message does not say what is accepted")
        status, _, body = admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "", "dia-chi": "https://chinhphu.vn/"})
        check(status == 400 and "Cần nhập tên của liên kết." in body, "an empty name answered %d" % status)
        check(field(body, "dia-chi") == "https://chinhphu.vn/", "the address typed was lost")
        check(len(admin_links(admin)) == count, "a refused link was stored")
        check("javascript:" not in s.page("/"), "a javascript: link reached the public page")


@test
def site_admin_pages_are_for_administrators_with_a_form_token():
    with newsroom_server() as s:
        status, h, _ = s.get(CATS)
        check(status == 303 and h.get("location", "").startswith("/quan-tri/dang-nhap"),
              "an anonymous visitor got %d" % status)
        editor = signed_in(s, EDITOR)
        _, _, home = editor.get("/quan-tri/")
        check('href="/quan-tri/chuyen-muc/"' not in home, "an editor is offered the category pages")
        admin = signed_in(s, ADMIN)
        cats = admin_categories(admin)
        links = admin_links(admin)
        token = editor.csrf("/quan-tri/")
        for path in (CATS, LINKS, CATS + str(cats[0][0]), LINKS + str(links[0][0]), CATS + "%d/xoa" % cats[0][0]):
            check(editor.get(path)[0] == 403, "an editor opened %s" % path)
        for path, fields in ((CATS, {"ten": "Của biên tập viên"}),
                             (CATS + "%d/thu-tu" % cats[1][0], {"huong": "len"}),
                             (CATS + "%d/danh-muc" % cats[0][0], {"hien": "0"}),
                             (LINKS, {"ten": "Của biên tập viên", "dia-chi": "https://vi.example"}),
                             (LINKS + "%d/xoa" % links[0][0], {})):
            status, _, _ = editor.post(path, dict(fields, csrf=token))
            check(status == 403, "an editor's POST to %s answered %d" % (path, status))
            status, _, _ = admin.post(path, fields)  # no token
            check(status == 403, "a POST to %s without a token answered %d" % (path, status))
            status, _, _ = admin.post(path, dict(fields, csrf="sai" * 10))
            check(status == 403, "a POST to %s with a wrong token answered %d" % (path, status))
        check(admin_categories(admin) == cats and admin_links(admin) == links, "a refused POST changed something")
        check(all(n != "Của biên tập viên" for _, n in menu(s.page("/"))), "a refused POST reached the menu")
        _, h, body = admin.get(CATS)
        check(h.get("cache-control") == "no-store", "the category page may be stored: %r" % h.get("cache-control"))
        check('href="/quan-tri/chuyen-muc/"' in body and 'href="/quan-tri/lien-ket/"' in body,
              "the newsroom's menu lacks the new pages")


def settings_form(admin):
    """The site settings form as a browser would send it back: its fields
    with their values and the form's token."""
    status, _, page = admin.get("/quan-tri/cai-dat/")
    check(status == 200 and 'name="ban-quyen"' in page, "the settings page lacks the copyright line")
    fields = {m.group(1): html.unescape(m.group(2))
              for m in re.finditer(r'<input id="cd-[^"]+" name="([^"]+)" value="([^"]*)"', page)}
    for m in re.finditer(r'<textarea id="cd-[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        fields[m.group(1)] = html.unescape(m.group(2))
    fields["csrf"] = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    return fields


@test
def site_admin_footer_copyright_is_an_agency_detail():
    with newsroom_server() as s:
        s.page("/")
        admin = signed_in(s, ADMIN)
        fields = settings_form(admin)
        fields["ban-quyen"] = "© 2026 Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh"
        status, _, _ = admin.post("/quan-tri/cai-dat/", fields)
        check(status == 303, "saving answered %d" % status)
        check('<p class="footer-copyright">© 2026 Văn phòng Điều phối nông thôn mới tỉnh Hà Tĩnh</p>' in s.page("/"),
              "the footer lacks the copyright line")


VNU = os.path.join(ROOT, "tests", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


@test
def site_admin_pages_pass_the_nu_checker():
    if not os.path.exists(VNU):
        raise Failure("vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    pages = []
    with newsroom_server() as s:
        admin = signed_in(s, ADMIN)
        cid = admin_categories(admin)[0][0]
        lid = admin_links(admin)[0][0]
        pages.append(("categories", admin.get(CATS)[2]))
        pages.append(("category", admin.get(CATS + str(cid))[2]))
        pages.append(("category-refused", category_form(admin, "", slug="x y")[2]))
        pages.append(("category-delete-refused", admin.get(CATS + "%d/xoa" % cid)[2]))
        pages.append(("links", admin.get(LINKS)[2]))
        pages.append(("link", admin.get(LINKS + str(lid))[2]))
        pages.append(("link-refused", admin.post(LINKS, {"csrf": admin.csrf(LINKS), "ten": "", "dia-chi": "javascript:x"})[2]))
        pages.append(("link-delete", admin.get(LINKS + "%d/xoa" % lid)[2]))
    files = []
    for name, body in pages:
        p = os.path.join(WORK, "vnu-site-%s.html" % name)
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
