"""test_desk_fields.py - the article form's cover, tags, other categories and
related documents, as an editor fills them and as a reader then sees them."""
import html
import json
import re
import sqlite3
import unicodedata
import urllib.parse

from harness import check, test
from test_media import png, upload
from test_newsroom import ADMIN, CHIEF, EDITOR, Client, article_form, db_rows, newsroom_server, signed_in


def saved_id(status, h, body=""):
    check(status == 303, "saving answered %d: %s" % (status, re.sub(r"\s+", " ", body)[:400]))
    return int(re.search(r"/quan-tri/bai-viet/(\d+)", h["location"]).group(1))


def public_url(client, aid):
    status, _, page = client.get("/quan-tri/bai-viet/%d" % aid)
    check(status == 200, "the form answered %d" % status)
    m = re.search(r'<a href="(/tin-tuc/[^"]+)">Xem trên trang</a>', page)
    check(m, "the form of a published article has no link to its page")
    return m.group(1)


def field_error(page, field_id):
    """The message beside field `field_id` (bv-anh, bv-tu-khoa...), or None."""
    m = re.search(r'<p class="field-error" id="%s-loi">([^<]*)</p>' % field_id, page)
    return html.unescape(m.group(1)) if m else None


rows = db_rows  # the rows a query returns, from test_newsroom


@test
def a_cover_chosen_from_the_library_shows_with_its_sizes_and_caption():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        status, _, got = upload(chief, "canh-dong.png", png(1000, 600, seed=5), alt="Cánh đồng lúa")
        check(status == 201, "uploading a picture answered %d: %r" % (status, got))
        image = got["tep"]["id"]
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        status, _, got = upload(chief, "bao-cao.pdf", pdf)
        check(status == 201, "uploading a PDF answered %d: %r" % (status, got))
        document = got["tep"]["id"]

        # The form offers the picker (a script of the site, no inline script) and a plain number field.
        status, _, page = chief.get("/quan-tri/bai-viet/moi")
        check('name="anh" type="number"' in page and "/static/js/anh-dai-dien" in page, "the form has no cover field")
        check("<script>" not in page, "the form carries an inline script")

        caption = "Cánh đồng mẫu lớn ở xã Thạch Hà"
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "dang", tieu_de="Ảnh đại diện thử",
                                     noi_dung="<p>Nội dung.</p>", anh=str(image), chu_thich_anh=caption))
        check(rows(s.db, "SELECT image_id, image_caption FROM article WHERE id = ?", aid) == [(image, caption)],
              "the cover is not stored")
        check(rows(s.db, "SELECT 1 FROM media_use WHERE owner_kind = 'article' AND owner_id = ? AND media_id = ?",
                   aid, image), "the library does not know the article uses its cover")
        status, _, page = chief.get("/quan-tri/bai-viet/%d" % aid)
        check('name="anh" type="number" min="1" step="1" inputmode="numeric" value="%d"' % image in page
              and 'class="cover-preview"' in page, "the form does not show the cover back")
        status, _, article = Client(s).get(public_url(chief, aid))
        check(status == 200, "the article answered %d" % status)
        m = re.search(r'<img src="(/media/[^"]+)"[^>]*srcset="([^"]+)"', article)
        check(m and "400w" in m.group(2) and "800w" in m.group(2), "the cover has no srcset: %r" % ((m and m.groups()),))
        check("<figcaption>%s</figcaption>" % caption in article, "the caption is not under the cover")

        # A file that is not a picture, one that does not exist, a number that is not one: refused beside the field.
        title = "Bài giữ nguyên khi bị từ chối"
        for value, words in ((str(document), "không phải là ảnh"), ("999999", "Không có tệp số 999999"),
                             ("ba", "phải là số")):
            status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tieu_de=title, anh=value)
            check(status == 400, "cover %r answered %d" % (value, status))
            msg = field_error(page, "bv-anh")
            check(msg and words in msg, "cover %r: the message beside the field is %r" % (value, msg))
            check('value="%s"' % title in page and 'value="%s"' % value in page, "the typed values were not kept")
        check(rows(s.db, "SELECT image_id, title FROM article WHERE id = ?", aid) == [(image, "Ảnh đại diện thử")],
              "a refused cover changed the article")

        # "Bỏ ảnh" (an empty field) takes it off, and the library lets go of it.
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", anh=""))
        check(rows(s.db, "SELECT image_id FROM article WHERE id = ?", aid) == [(None,)], "the cover was not removed")
        status, _, article = Client(s).get(public_url(chief, aid))
        check("<figcaption>" not in article.split('class="article-body"')[0] and "srcset" not in article,
              "the removed cover still shows")
        check(not rows(s.db, "SELECT 1 FROM media_use WHERE owner_kind = 'article' AND owner_id = ? AND media_id = ?",
                       aid, image), "the library still counts the removed cover as used")


@test
def tags_are_trimmed_deduplicated_limited_and_shown():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        decomposed = unicodedata.normalize("NFD", "Hà Tĩnh")
        typed = "  Cánh đồng mẫu lớn , Lúa chất lượng cao,cánh đồng mẫu lớn ,, %s ,  " % decomposed
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "dang", tieu_de="Bài có từ khóa",
                                     noi_dung="<p>Nội dung.</p>", tu_khoa=typed))
        names = sorted(r[0] for r in rows(s.db, "SELECT t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id "
                                                "WHERE x.article_id = ?", aid))
        check(names == sorted(["Cánh đồng mẫu lớn", "Lúa chất lượng cao", "Hà Tĩnh"]), "the tags stored: %r" % names)
        status, _, page = chief.get("/quan-tri/bai-viet/%d" % aid)
        m = re.search(r'name="tu-khoa" value="([^"]*)"', page)
        # in the order they were typed, on the form and on the article
        check(m and html.unescape(m.group(1)) == "Cánh đồng mẫu lớn, Lúa chất lượng cao, Hà Tĩnh",
              "the form shows %r" % ((m and m.group(1)),))
        reader = Client(s)
        status, _, article = reader.get(public_url(chief, aid))
        shown = re.findall(r'<li><a href="(/tu-khoa/[a-z0-9-]+/)">([^<]*)</a></li>',
                           article.split('<ul class="tags"')[1].split("</ul>")[0])
        check([name for _, name in shown] == ["Cánh đồng mẫu lớn", "Lúa chất lượng cao", "Hà Tĩnh"],
              "the article shows the tags %r" % (shown,))
        # each tag leads to its page: the published articles that carry it, newest first
        tag_url = shown[1][0]
        check(tag_url == "/tu-khoa/lua-chat-luong-cao/", "the tag's address %r" % tag_url)
        status, _, tag_page = reader.get(tag_url)
        check(status == 200 and "<h1>Từ khóa: Lúa chất lượng cao</h1>" in tag_page and
              re.findall(r'<h2><a href="/tin-tuc/[^"]+-(\d+)\.html"', tag_page) == [str(aid)],
              "the tag's page answered %d" % status)
        # An existing tag is reused (whatever its case), not made twice.
        before = rows(s.db, "SELECT count(*) FROM tag")[0][0]
        aid2 = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "luu", tieu_de="Bài thứ hai",
                                      tu_khoa="LÚA CHẤT LƯỢNG CAO, Gạo sạch Thạch Hà"))
        check(rows(s.db, "SELECT count(*) FROM tag")[0][0] == before + 1, "an existing tag was made again")
        check(len(rows(s.db, "SELECT 1 FROM article_tag WHERE article_id = ?", aid2)) == 2, "the second article's tags")
        # a tag that only a draft carries has no page: its name is not told to whoever guesses the address
        status, _, _ = reader.get("/tu-khoa/gao-sach-thach-ha/")
        check(status == 404, "the page of a draft's tag answered %d" % status)
        # a draft is not listed; published, it is, first, on the page the reader had (from the page cache)
        status, _, tag_page = reader.get(tag_url)
        check(str(aid2) not in re.findall(r'<h2><a href="/tin-tuc/[^"]+-(\d+)\.html"', tag_page), "a draft is listed")
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid2, "dang"))
        status, _, tag_page = reader.get(tag_url)
        check(re.findall(r'<h2><a href="/tin-tuc/[^"]+-(\d+)\.html"', tag_page) == [str(aid2), str(aid)],
              "the tag's page after publishing: %r" % re.findall(r'<h2><a href="/tin-tuc/[^"]+-(\d+)\.html"', tag_page))
        status, _, _ = reader.get("/tu-khoa/gao-sach-thach-ha/")
        check(status == 200, "the tag's page once its article is published answered %d" % status)
        for bad, want in (("/tu-khoa/khong-co-tu-nay/", 404), (tag_url + "?trang=9", 404), (tag_url + "?trang=x", 400)):
            status, _, _ = reader.get(bad)
            check(status == want, "%s answered %d" % (bad, status))

        # A right-to-left override typed in a tag does not reach the pages that name it.
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid2, "luu",
                               tu_khoa="LÚA CHẤT LƯỢNG CAO, \u202eGạo sạch Thạch Hà"))
        check(not rows(s.db, "SELECT 1 FROM tag WHERE name LIKE ?", "%\u202e%"), "a tag keeps a bidi override")
        # Too many, too long: refused beside the field, with what was typed kept, and nothing changed.
        many = ", ".join("từ khóa %d" % i for i in range(21))
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tu_khoa=many)
        msg = field_error(page, "bv-tu-khoa")
        check(status == 400 and msg and "tối đa 20" in msg, "21 tags answered %d, %r" % (status, msg))
        check(html.escape(many, quote=True) in page, "the typed tags were not kept")
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tu_khoa="ngắn, " + "a" * 61)
        msg = field_error(page, "bv-tu-khoa")
        check(status == 400 and msg and "60 ký tự" in msg, "a 61-character tag answered %d, %r" % (status, msg))
        check(len(rows(s.db, "SELECT 1 FROM article_tag WHERE article_id = ?", aid)) == 3, "a refused save changed tags")
        # Twenty is fine; an empty field clears them.
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu",
                               tu_khoa=", ".join("từ khóa %d" % i for i in range(20))))
        check(len(rows(s.db, "SELECT 1 FROM article_tag WHERE article_id = ?", aid)) == 20, "twenty tags not saved")
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tu_khoa=""))
        check(not rows(s.db, "SELECT 1 FROM article_tag WHERE article_id = ?", aid), "an empty field kept the tags")


def category_ids(db_path):
    return {slug: cid for cid, slug in rows(db_path, "SELECT id, slug FROM category")}


@test
def another_category_lists_the_article_at_once_within_the_users_limits():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        cats = category_ids(s.db)
        main, other = cats["tin-hoat-dong"], cats["chuong-trinh-ocop"]
        reader = Client(s)
        listing = "/tin-tuc/chuong-trinh-ocop/"
        title = "Sản phẩm OCOP mới của xã Thạch Hà"
        status, _, page = reader.get(listing)
        check(status == 200 and title not in page, "the list answered %d" % status)
        reader.get(listing)  # now cached
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "dang", tieu_de=title,
                                     noi_dung="<p>Nội dung.</p>", chuyen_muc=str(main),
                                     chuyen_muc_khac=str(other)))
        check(rows(s.db, "SELECT category_id FROM article_category WHERE article_id = ?", aid) == [(other,)],
              "the other category is not stored")
        status, _, page = reader.get(listing)
        check(status == 200 and title in page, "the other category's list does not show the article at once")
        check(title in reader.get("/tin-tuc/tin-hoat-dong/")[2], "the main category's list lost the article")
        status, _, form = chief.get("/quan-tri/bai-viet/%d" % aid)
        check(re.search(r'name="chuyen-muc-khac" value="%d" checked' % other, form), "the form does not show it checked")
        # Unpublishing takes it off both lists at once.
        status, _, _ = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "go")
        check(status == 303, "unpublishing answered %d" % status)
        check(title not in reader.get(listing)[2], "the other category's list kept an unpublished article")
        status, _, _ = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "dang", chuyen_muc=str(main),
                                    chuyen_muc_khac=str(other))
        check(status == 303 and title in reader.get(listing)[2], "publishing again: %d" % status)
        # No box checked (the form's empty value alone): the article leaves the list.
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", chuyen_muc=str(main)))
        check(rows(s.db, "SELECT count(*) FROM article_category WHERE article_id = ?", aid) == [(1,)],
              "a form without the field dropped the other categories")
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", chuyen_muc=str(main), chuyen_muc_khac=""))
        check(not rows(s.db, "SELECT 1 FROM article_category WHERE article_id = ?", aid), "unchecking kept the category")
        check(title not in reader.get(listing)[2], "the list still shows an article no longer in it")

        # An editor limited to two categories adds only those.
        admin = signed_in(s, ADMIN)
        uid = rows(s.db, "SELECT id FROM users WHERE login = ?", EDITOR)[0][0]
        allowed = [cats["tin-hoat-dong"], cats["chi-dao-dieu-hanh"]]
        token = admin.csrf("/quan-tri/nguoi-dung/%d" % uid)
        body = urllib.parse.urlencode([("csrf", token)] + [("chuyen-muc", str(c)) for c in allowed])
        status, _, _ = s.request("POST", "/quan-tri/nguoi-dung/%d/chuyen-muc" % uid,
                                 {"Cookie": admin._cookie_header(), "Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": "https://ntm.example.gov.vn"}, body.encode())
        check(status == 303, "limiting the editor answered %d" % status)
        editor = signed_in(s, EDITOR)
        status, _, form = editor.get("/quan-tri/bai-viet/moi")
        boxes = sorted(int(v) for v in re.findall(r'name="chuyen-muc-khac" value="(\d+)"', form))
        check(boxes == sorted(allowed), "the limited editor is offered the categories %r" % boxes)
        status, _, page = article_form(editor, "/quan-tri/bai-viet/moi", "luu", tieu_de="Ngoài phạm vi",
                                       chuyen_muc=str(allowed[0]), chuyen_muc_khac=str(other))
        msg = field_error(page, "bv-chuyen-muc-khac")
        check(status == 400 and msg and "không được đưa bài vào chuyên mục" in msg,
              "a category outside the limit answered %d, %r" % (status, msg))
        check(not rows(s.db, "SELECT 1 FROM article WHERE title = 'Ngoài phạm vi'"), "the refused article was saved")
        aid2 = saved_id(*article_form(editor, "/quan-tri/bai-viet/moi", "luu", tieu_de="Trong phạm vi",
                                      chuyen_muc=str(allowed[0]), chuyen_muc_khac=str(allowed[1])))
        check(rows(s.db, "SELECT category_id FROM article_category WHERE article_id = ?", aid2) == [(allowed[1],)],
              "a category within the limit was not stored")


@test
def related_articles_share_the_first_tag_typed():
    """"Tin liên quan" lists the newest other published articles of the
    article's first tag, as typed: not those of its second, not a draft."""
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        # the related articles in another category than the article's, so that they are not its
        # newer or older titles (which the related list leaves out)
        cats = [r[0] for r in rows(s.db, "SELECT id FROM category ORDER BY position LIMIT 2")]

        def write(title, tags, verb="dang", cat=cats[1]):
            return saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", verb, tieu_de=title,
                                          noi_dung="<p>Nội dung.</p>", tu_khoa=tags, chuyen_muc=str(cat)))
        write("Bài về giống lúa mới ST25", "Giống lúa ST25 thử")
        write("Bài về chợ nông thôn", "Chợ nông thôn thử")
        write("Bản nháp về chợ", "Chợ nông thôn thử", verb="luu")
        aid = write("Bài có hai từ khóa", "Chợ nông thôn thử, Giống lúa ST25 thử", cat=cats[0])  # the first made last
        status, _, page = Client(s).get(public_url(chief, aid))
        related = page.split('<h2 id="related-title">Tin liên quan</h2>')
        check(status == 200 and len(related) == 2, "the article has no related list")
        listed = related[1].split("</section>")[0]
        check("Bài về chợ nông thôn" in listed and "Bài về giống lúa mới ST25" not in listed and
              "Bản nháp" not in listed and "Bài có hai từ khóa" not in listed,
              "related to the first tag: %s" % re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", listed))[:300])
        # the page is cached; a new article of the tag shows in its related list at once
        reader = Client(s)
        url = public_url(chief, aid)
        reader.get(url)
        write("Bài mới nhất về chợ nông thôn", "Chợ nông thôn thử")
        status, _, page = reader.get(url)
        listed = page.split('<h2 id="related-title">Tin liên quan</h2>')[1].split("</section>")[0]
        check("Bài mới nhất về chợ nông thôn" in listed, "the cached page's related list missed the tag's new article")


@test
def related_articles_are_not_the_newer_or_older_ones_again():
    """"Tin liên quan" leaves out what "Những tin mới hơn / cũ hơn" above it
    already list."""
    from harness import Server
    with Server() as srv:
        ids = [r[0] for r in rows(srv.db, "SELECT a.id FROM article a WHERE a.status = 1 AND EXISTS (SELECT 1 FROM "
                                          "article_tag t WHERE t.article_id = a.id) ORDER BY a.id LIMIT 40")]
        checked = 0
        for aid in ids:
            status, h, _ = srv.get("/in/%d.html" % aid)
            status, h, _ = srv.get("/tin-tuc/x/y-%d.html" % aid)
            if status != 301:
                continue
            page = srv.page(h["location"])
            def section(title):
                parts = page.split(">%s</h2>" % title)
                return set(re.findall(r'href="/tin-tuc/[^"]*-(\d+)\.html"', parts[1].split("</section>")[0])) \
                    if len(parts) == 2 else set()
            related = section("Tin liên quan")
            shown = section("Những tin mới hơn") | section("Những tin cũ hơn")
            check(not (related & shown), "article %d lists %r in both" % (aid, sorted(related & shown)))
            checked += bool(related)
        check(checked >= 10, "only %d demo articles have a related list" % checked)


@test
def related_documents_are_given_by_number_and_shown_on_the_article():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        numbers = [r[0] for r in rows(s.db, "SELECT number_canonical FROM document WHERE published = 1 "
                                            "GROUP BY number_canonical HAVING count(*) = 1 ORDER BY 1 LIMIT 2")]
        check(len(numbers) == 2, "the demo has no documents with their own numbers")
        typed = " %s \n%s\n\n%s" % (numbers[0], numbers[1], numbers[0])
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "dang", tieu_de="Bài dẫn văn bản",
                                     noi_dung="<p>Nội dung.</p>", van_ban_lien_quan=typed))
        check(len(rows(s.db, "SELECT 1 FROM article_document WHERE article_id = ?", aid)) == 2,
              "the related documents are not stored once each")
        reader = Client(s)
        url = public_url(chief, aid)
        status, _, article = reader.get(url)
        section = article.split("Văn bản liên quan")[1].split("</section>")[0] if "Văn bản liên quan" in article else ""
        check(numbers[0] in section and numbers[1] in section, "the article does not show its documents")
        status, _, form = chief.get("/quan-tri/bai-viet/%d" % aid)
        m = re.search(r'name="van-ban-lien-quan"[^>]*>\n?([^<]*)</textarea>', form)
        check(m and sorted(html.unescape(m.group(1)).split("\n")) == sorted(numbers), "the form shows %r" % (m and m.group(1)))

        # An unknown number, a malformed one: refused beside the field, what was typed kept, nothing changed.
        for value, words in ("%s\n999/KH-UBND" % numbers[0], "Không có văn bản đã đăng nào mang số “999/KH-UBND”"), \
                            ("chưa có số", "không đúng dạng"):
            status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", van_ban_lien_quan=value)
            msg = field_error(page, "bv-van-ban")
            check(status == 400 and msg and words in msg, "%r answered %d, %r" % (value, status, msg))
            check(html.escape(value, quote=False) in page, "the typed numbers were not kept")
        check(len(rows(s.db, "SELECT 1 FROM article_document WHERE article_id = ?", aid)) == 2, "a refusal changed them")

        # Dropping one shows at once on the (cached) article page.
        reader.get(url)
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", van_ban_lien_quan=numbers[1]))
        status, _, article = reader.get(url)
        section = article.split("Văn bản liên quan")[1].split("</section>")[0] if "Văn bản liên quan" in article else ""
        check(numbers[1] in section and numbers[0] not in section, "the article page still shows the old documents")

        # The document is taken off the site by someone else: the article still saves with its number as the
        # form shows it, the citation is kept for when the document comes back, and the page shows it no more.
        from test_docs_desk import post_form
        did = rows(s.db, "SELECT id FROM document WHERE number_canonical = ?", numbers[1])[0][0]
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", "go")])
        check(status == 303, "taking the document off answered %d" % status)
        status, _, form = chief.get("/quan-tri/bai-viet/%d" % aid)
        shown = html.unescape(re.search(r'name="van-ban-lien-quan"[^>]*>\n?([^<]*)</textarea>', form).group(1))
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tom_tat="Tóm tắt sửa một chữ.",
                                       van_ban_lien_quan=shown)
        check(status == 303, "a save after the document was taken off answered %d: %s" %
              (status, field_error(page, "bv-van-ban")))
        check(rows(s.db, "SELECT document_id FROM article_document WHERE article_id = ?", aid) == [(did,)],
              "the citation was not kept")
        status, _, article = reader.get(url)
        check(numbers[1] not in article.split("Ý kiến bạn đọc")[0], "the page shows a document taken off the site")
        # a number typed with D for Đ (a keyboard without the letter) finds the document all the same
        # (in the issuing body's letters, as 412/KH-VPĐP: a type's QĐ typed QD reads as another agency's công văn)
        folded = rows(s.db, "SELECT number_canonical FROM document WHERE published = 1 AND number_canonical LIKE '%/KH-%Đ%' "
                            "AND issued_on <= date('now') GROUP BY number_canonical HAVING count(*) = 1 ORDER BY 1 LIMIT 1")
        check(folded, "the demo has no document numbered with Đ")
        folded = folded[0][0]
        saved_id(*article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", van_ban_lien_quan=folded.replace("Đ", "D")))
        check(rows(s.db, "SELECT d.number_canonical FROM article_document x JOIN document d ON d.id = x.document_id "
                         "WHERE x.article_id = ?", aid) == [(folded,)], "%s typed with D was not found" % folded)
        # a number the article did not cite, of a document not on the site, is still refused
        status, _, page = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu",
                                       van_ban_lien_quan=shown + "\n999/KH-UBND")
        check(status == 400, "an unknown number beside a kept one answered %d" % status)


@test
def the_new_fields_need_the_session_token_and_save_themselves():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "luu", tieu_de="Bài tự lưu"))
        status, _, _ = chief.post("/quan-tri/bai-viet/%d" % aid, {"viec": "luu", "tieu-de": "Bài tự lưu",
                                                                  "chuyen-muc": "1", "tu-khoa": "Không có mã"})
        check(status == 403, "a save without the token answered %d" % status)
        check(not rows(s.db, "SELECT 1 FROM tag WHERE name = 'Không có mã'"), "a save without the token made a tag")
        # The editor's own timer (tu-dong=1) sends every field, the new ones too.
        status, h, body = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tu_dong="1",
                                       tu_khoa="Tự lưu", chuyen_muc_khac="4")
        check(status == 200 and '"da_luu": true' in body, "an autosave answered %d %s" % (status, body))
        check(rows(s.db, "SELECT t.name FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE x.article_id = ?", aid)
              == [("Tự lưu",)], "the autosave did not keep the tags")
        check(rows(s.db, "SELECT category_id FROM article_category WHERE article_id = ?", aid) == [(4,)],
              "the autosave did not keep the other category")
        # A refused autosave says why, in JSON, for the line under the form.
        status, h, body = article_form(chief, "/quan-tri/bai-viet/%d" % aid, "luu", tu_dong="1",
                                       van_ban_lien_quan="999/KH-UBND")
        check(status == 400 and h.get("content-type", "").startswith("application/json")
              and "999/KH-UBND" in json.loads(body)["loi"], "a refused autosave answered %d %s" % (status, body))


@test
def long_vietnamese_texts_and_many_other_categories_are_saved():
    """The limits count what the form counts: a title of 400 Vietnamese
    letters (1,200 bytes) is within the box's 500 characters; a body of
    750 KB of Vietnamese letters (2.25 MB once percent-encoded) is within
    1 MB of text; ticking every other category is not "too much data"."""
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        title = "Tiêu đề " + "ậ" * 392
        aid = saved_id(*article_form(chief, "/quan-tri/bai-viet/moi", "luu", tieu_de=title,
                                     noi_dung="<p>" + "ả" * 250000 + "</p>"))
        db = sqlite3.connect(s.db)
        stored = db.execute("SELECT title, length(body) FROM article WHERE id = ?", (aid,)).fetchone()
        categories = [r[0] for r in db.execute("SELECT id FROM category ORDER BY id").fetchall()]
        db.close()
        check(stored[0] == title and stored[1] >= 250000, "stored %r" % ((stored[0][:40], stored[1]),))
        status, _, body = article_form(chief, "/quan-tri/bai-viet/moi", "luu", tieu_de="Tiêu đề " + "ậ" * 500)
        check(status == 400 and "500 ký tự" in body, "a title of 508 characters answered %d" % status)
        status, _, form = chief.get("/quan-tri/bai-viet/%d" % aid)
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
        fields = [("csrf", token), ("viec", "luu"), ("tieu-de", "Bài nhiều chuyên mục"), ("chuyen-muc", str(categories[0])),
                  ("noi-dung", "<p>Đoạn.</p>")]
        # every other category, each box sent twice (64 fields beside the form's own)
        fields += [("chuyen-muc-khac", str(c)) for c in categories[1:] for _ in range(2)] * (64 // (2 * len(categories) - 2) or 1)
        status, _, body = chief.post("/quan-tri/bai-viet/%d" % aid, fields)
        check(status == 303, "%d boxes ticked answered %d: %s" % (len(fields) - 5, status, re.sub(r"\s+", " ", body)[:300]))
        db = sqlite3.connect(s.db)
        others = sorted(r[0] for r in db.execute("SELECT category_id FROM article_category WHERE article_id = ?", (aid,)))
        db.close()
        check(others == categories[1:], "the other categories stored: %r" % others)
