"""test_docs_desk.py - official documents in the newsroom (/quan-tri/van-ban/)
as the editorial board uses them: registered by an editor, published by a
chief, shown on the public register at once; numbers checked by the
register's parser; replacements, attachments typed from their bytes, the
trash, roles, CSRF and search."""
import html as htmllib
import re
import sqlite3
import time
import uuid
import zlib

from harness import check, test
from test_newsroom import ADMIN, CHIEF, CONTRIB, EDITOR, newsroom_server, signed_in


def today():
    import datetime
    return datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).strftime("%Y-%m-%d")


def multipart(fields, files=()):
    """(content type, body) of a multipart/form-data form; fields is a list
    of (name, value), files of (field, filename, bytes)."""
    boundary = "----dinhTest" + uuid.uuid4().hex
    out = []
    for name, value in fields:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode())
        out.append(str(value).encode() + b"\r\n")
    for field, filename, data in files:
        out.append(("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n"
                    "Content-Type: application/pdf\r\n\r\n" % (boundary, field, filename)).encode())
        out.append(data + b"\r\n")
    out.append(("--%s--\r\n" % boundary).encode())
    return "multipart/form-data; boundary=" + boundary, b"".join(out)


def post_form(client, path, fields, files=(), csrf=True):
    """Sends the document form as a browser does (multipart), with the
    session's token unless csrf is False."""
    if csrf:
        status, _, body = client.get(path)
        check(status == 200, "GET %s answered %d" % (path, status))
        token = re.search(r'name="csrf" value="([^"]+)"', body).group(1)
        fields = [("csrf", token)] + list(fields)
    ctype, data = multipart(fields, files)
    h = {"Cookie": client._cookie_header(), "Content-Type": ctype, "Origin": "https://ntm.example.gov.vn"}
    status, hdrs, body = client.server.request("POST", path, h, data)
    client._keep(hdrs)
    return status, hdrs, body.decode("utf-8", "replace")


def first_option(body, name):
    m = re.search(r'<select id="[^"]+" name="%s"[^>]*>\s*(?:<option value=""[^>]*>[^<]*</option>\s*)?'
                  r'<option value="(\d+)"' % name, body)
    check(m, "no <select name=%s> on the form" % name)
    return m.group(1)


TYPE_OF_SYMBOL = {"KH": "Kế hoạch", "QĐ": "Quyết định", "NQ": "Nghị quyết", "TB": "Thông báo", "BC": "Báo cáo",
                  "CT": "Chỉ thị", "HD": "Hướng dẫn", "TTr": "Tờ trình", "KL": "Kết luận", "CTr": "Chương trình"}


def option_named(body, name, label):
    m = re.search(r'<select id="[^"]+" name="%s"[^>]*>.*?<option value="(\d+)"[^>]*>%s</option>' % (name, re.escape(label)),
                  body, re.S)
    check(m, "no option %r in <select name=%s>" % (label, name))
    return m.group(1)


def document_fields(client, **over):
    """A complete new document's fields: today's date, the type its number's
    symbol names (Kế hoạch for KH) and the first issuer of the catalogues."""
    status, _, body = client.get("/quan-tri/van-ban/moi")
    check(status == 200, "the new document form answered %d" % status)
    f = {"so-ky-hieu": "9123/KH-UBND", "co-quan": first_option(body, "co-quan"),
         "nguoi-ky": "Nguyễn Văn Thử", "chuc-vu": "Phó Chủ tịch", "ngay-ban-hanh": today(), "tinh-trang": "1",
         "trich-yeu": "Kế hoạch thử nghiệm xây dựng nông thôn mới kiểu mẫu", "viec": "luu"}
    f.update({k.replace("_", "-"): v for k, v in over.items()})
    if "loai" not in f:
        symbol = re.search(r"/([A-Za-zĐđ]+)-", f["so-ky-hieu"])
        named = TYPE_OF_SYMBOL.get(symbol.group(1)) if symbol else None
        f["loai"] = option_named(body, "loai", named) if named else first_option(body, "loai")
    return list(f.items())


def created_id(status, h, body, what):
    check(status == 303, "%s answered %d: %s" % (what, status, re.sub(r"\s+", " ", body)[:600]))
    return int(re.search(r"/quan-tri/van-ban/(\d+)", h["location"]).group(1))


def row(db_path, did):
    db = sqlite3.connect(db_path)
    r = db.execute("SELECT published, trash, status, replaced_by, abstract, number_raw, owner_id, slug FROM document "
                   "WHERE id = ?", (did,)).fetchone()
    db.close()
    return r


def count(db_path, sql, args=()):
    db = sqlite3.connect(db_path)
    n = db.execute(sql, args).fetchone()[0]
    db.close()
    return n


def public_url(db_path, did):
    slug = row(db_path, did)[7]
    return "/van-ban/%s-%d.html" % (slug, did)


def within_a_second(fetch, cond, what):
    deadline = time.monotonic() + 1.0
    while True:
        got = fetch()
        if cond(got):
            return got
        if time.monotonic() > deadline:
            check(False, what)
        time.sleep(0.05)


def tiny_pdf(text="Ke hoach thu"):
    stream = zlib.compress(("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text).encode())
    head = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
    return (head + b"3 0 obj << /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >> stream\n" +
            stream + b"\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


@test
def docs_desk_an_editor_registers_a_chief_publishes_and_the_site_shows_it_at_once():
    with newsroom_server() as s:
        editor = signed_in(s, EDITOR)
        status, _, listing = editor.get("/quan-tri/van-ban/")
        check(status == 200 and re.search(r"<caption>[\d.]+ văn bản, trang 1/\d+</caption>", listing),
              "the desk's list answered %d" % status)
        check(listing.count("<tr>") == 51, "a page of the desk holds %d rows, not 50" % (listing.count("<tr>") - 1))
        # The public pages are in the cache before the document exists.
        register, home, feed = s.page("/van-ban/"), s.page("/"), s.page("/rss/van-ban.xml")
        did = created_id(*post_form(editor, "/quan-tri/van-ban/moi", document_fields(editor)), "saving a draft")
        published, trash, *_ = row(s.db, did)
        check(published == 0 and trash == 0, "a new document is not a draft")
        check("9123/KH-UBND" not in s.page("/van-ban/"), "a draft is on the public register")
        check(s.get("/van-ban/%d.html" % did)[0] in (301, 404) and s.get(public_url(s.db, did))[0] == 404,
              "a draft's page answers")
        # The editor may not publish.
        status, _, _ = post_form(editor, "/quan-tri/van-ban/%d" % did, document_fields(editor, viec="dang"))
        check(status == 403 and row(s.db, did)[0] == 0, "an editor publishing answered %d" % status)
        status, _, page = editor.get("/quan-tri/van-ban/%d" % did)
        check('value="dang"' not in page, "the editor is offered the publish button")
        # The chief publishes: the cached register, home page and the
        # document's page show it within a second.
        chief = signed_in(s, CHIEF)
        status, h, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, document_fields(chief, viec="dang"))
        check(status == 303 and row(s.db, did)[0] == 1, "publishing answered %d" % status)
        url = public_url(s.db, did)
        within_a_second(lambda: s.page("/van-ban/"), lambda p: url in p, "the register does not show it")
        within_a_second(lambda: s.page("/"), lambda p: url in p, "the home page's documents do not show it")
        within_a_second(lambda: s.page("/rss/van-ban.xml"), lambda p: url + "</link>" in p and
                        "Kế hoạch số 9123/KH-UBND" in p, "the documents' feed does not show it")
        status, _, body = s.get(url)
        body = body.decode()
        check(status == 200 and "9123/KH-UBND" in body and "Nguyễn Văn Thử" in body and
              "Kế hoạch thử nghiệm xây dựng nông thôn mới kiểu mẫu" in body, "the public page answered %d" % status)
        # Admin pages are never cached.
        status, h, _ = chief.get("/quan-tri/van-ban/%d" % did)
        check("no-store" in h.get("cache-control", ""), "the desk's form is not no-store")
        # Unpublished: gone again.
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", "go")])
        check(status == 303 and row(s.db, did)[0] == 0, "unpublishing answered %d" % status)
        within_a_second(lambda: s.page("/van-ban/"), lambda p: url not in p, "the register still shows it")
        within_a_second(lambda: s.page("/rss/van-ban.xml"), lambda p: url not in p, "the feed still shows it")
        check(s.get(url)[0] == 404, "an unpublished document still answers")
        # Every move is in the audit log.
        admin = signed_in(s, ADMIN)
        for action, who in (("document_save", EDITOR), ("document_publish", CHIEF),
                            ("document_unpublish", CHIEF)):
            status, _, log = admin.get("/quan-tri/nhat-ky/?viec=" + action)
            rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>[^<]*</td><td>[^<]*</td><td>([^<]*)</td>", log)
            check((who, "văn bản %d" % did) in rows, "the audit log lacks %s by %s: %r" % (action, who, rows[:3]))


@test
def docs_desk_contributors_draft_but_do_not_publish_and_see_only_their_own():
    with newsroom_server() as s:
        writer = signed_in(s, CONTRIB)
        did = created_id(*post_form(writer, "/quan-tri/van-ban/moi", document_fields(writer, so_ky_hieu="9124/KH-UBND")),
                         "a contributor's draft")
        check(row(s.db, did)[6] > 0, "the draft has no owner")
        status, _, _ = post_form(writer, "/quan-tri/van-ban/%d" % did, document_fields(writer, viec="dang"))
        check(status == 403 and row(s.db, did)[0] == 0, "a contributor publishing answered %d" % status)
        status, _, _ = post_form(writer, "/quan-tri/van-ban/moi",
                                 document_fields(writer, so_ky_hieu="9125/KH-UBND", viec="dang"))
        check(status == 403, "a contributor publishing a new document answered %d" % status)
        other = count(s.db, "SELECT min(id) FROM document WHERE owner_id = 0")
        check(writer.get("/quan-tri/van-ban/%d" % other)[0] == 403, "a contributor opens another's document")
        status, _, listing = writer.get("/quan-tri/van-ban/")
        check(status == 200 and "9124/KH-UBND" in listing and listing.count("<tr>") == 2,
              "a contributor's list shows others' documents")
        # the draft reaches those who may publish it: their home page counts the drafts
        drafts = count(s.db, "SELECT count(*) FROM document WHERE published = 0 AND trash = 0")
        status, _, home = signed_in(s, CHIEF).get("/quan-tri/")
        check("%d văn bản nháp chờ đăng" % drafts in home and "/quan-tri/van-ban/?trang-thai=nhap" in home,
              "the chief's home page does not count the %d drafts" % drafts)
        status, _, home = writer.get("/quan-tri/")
        check("văn bản nháp chờ đăng" not in home, "a contributor is asked to publish drafts")


@test
def docs_desk_numbers_are_checked_by_the_register_parser():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        before = count(s.db, "SELECT count(*) FROM document")
        status, _, body = post_form(chief, "/quan-tri/van-ban/moi", document_fields(chief, so_ky_hieu="Kế hoạch số 5/QĐ-UBND"))
        check(status == 400, "a malformed number answered %d" % status)
        m = re.search(r'<p class="field-error" id="vb-so-loi" role="alert">([^<]+)</p>', body)
        check(m and re.search(r"[ạảãàáâậầấẩẫăắằặẳẵêệềếểễôộồốổỗơợờớởỡưựừứửữđ]", htmllib.unescape(m.group(1)), re.I),
              "no Vietnamese message beside the number field")
        check('aria-describedby="vb-so-loi"' in body, "the message is not tied to the field")
        check("Kế hoạch số 5/QĐ-UBND" in htmllib.unescape(body), "the number typed is lost")
        check(count(s.db, "SELECT count(*) FROM document") == before, "a malformed number was saved")
        status, _, body = post_form(chief, "/quan-tri/van-ban/moi", document_fields(chief, so_ky_hieu="abc///"))
        check(status == 400 and 'id="vb-so-loi"' in body, "a number of signs answered %d" % status)
        # A number already registered: a warning naming the other document,
        # and nothing saved until the editor confirms.
        db = sqlite3.connect(s.db)
        old_id, number = db.execute("SELECT id, number_raw FROM document WHERE family = 1 ORDER BY id LIMIT 1").fetchone()
        db.close()
        fields = document_fields(chief, so_ky_hieu=number)
        status, _, body = post_form(chief, "/quan-tri/van-ban/moi", fields)
        check(status == 409, "a duplicate number answered %d" % status)
        check("đã có trong sổ văn bản" in body and "/quan-tri/van-ban/%d" % old_id in body,
              "the warning does not name the document having the number")
        check('name="xac-nhan-trung"' in body, "no way to confirm the duplicate")
        check(count(s.db, "SELECT count(*) FROM document") == before, "a duplicate was saved without confirmation")
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi", fields + [("xac-nhan-trung", "1")]),
                         "a confirmed duplicate")
        check(count(s.db, "SELECT count(*) FROM document") == before + 1, "the confirmed duplicate was not saved")
        # Saving it again with the same number asks nothing more.
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, document_fields(chief, so_ky_hieu=number,
                                                                                      trich_yeu="Đã sửa trích yếu"))
        check(status == 303, "saving a confirmed duplicate again answered %d" % status)


@test
def docs_desk_replacement_links_show_on_the_public_page():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        old = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9130/KH-UBND", viec="dang")), "the old one")
        new = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9131/KH-UBND", viec="dang",
                                                    trich_yeu="Kế hoạch thay thế kế hoạch cũ")), "the new one")
        old_url, new_url = public_url(s.db, old), public_url(s.db, new)
        check("bị thay thế bởi" not in s.page(old_url), "a replacement shown before any was set")
        s.page(new_url)  # both cached
        status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % old,
                                    document_fields(chief, so_ky_hieu="9130/KH-UBND", thay_the_boi="9999/KH-XYZ"))
        check(status == 400 and 'id="vb-thay-the-loi"' in body, "an unknown replacement answered %d" % status)
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % old,
                                 document_fields(chief, so_ky_hieu="9130/KH-UBND", thay_the_boi="9131 / kh-ubnd"))
        check(status == 303, "setting the replacement answered %d" % status)
        published, trash, st, replaced_by, *_ = row(s.db, old)
        check(replaced_by == new and st == 3 and published == 1, "the replacement was not stored: %r" % (row(s.db, old),))
        page = within_a_second(lambda: s.page(old_url), lambda p: "bị thay thế bởi" in p,
                               "the old document's page does not show its replacement")
        check(re.search(r'bị thay thế bởi <a href="%s">' % re.escape(new_url), page), "the link is not to the new one")
        within_a_second(lambda: s.page(new_url), lambda p: old_url in p, "the new document does not list the old one")
        status, _, form = chief.get("/quan-tri/van-ban/%d" % old)
        check('value="9131/KH-UBND"' in form, "the form does not show the replacing number")
        # a tester's: the new one could be marked as replaced by the old, and then neither was in force;
        # and a document's own number was called unknown
        status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % new,
                                    document_fields(chief, so_ky_hieu="9131/KH-UBND", thay_the_boi="9130/KH-UBND"))
        check(status == 400 and "không thể thay thế lẫn nhau" in htmllib.unescape(body),
              "the new replaced by the old answered %d" % status)
        check(row(s.db, new)[3] is None, "the new document was stored as replaced: %r" % (row(s.db, new),))
        status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % new,
                                    document_fields(chief, so_ky_hieu="9131/KH-UBND", thay_the_boi="9131/KH-UBND"))
        check(status == 400 and "không thể thay thế chính nó" in htmllib.unescape(body),
              "a document replaced by itself answered %d" % status)


@test
def docs_desk_attachments_are_typed_from_their_bytes():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        pdf = tiny_pdf()
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9140/KH-UBND", viec="dang"),
                                    [("tep", "Kế hoạch triển khai.pdf", pdf)]), "a document with a PDF")
        url = public_url(s.db, did)
        page = s.page(url)
        m = re.search(r'<a href="(/van-ban/tep/(\d+)/[^"]+)" download>Kế hoạch triển khai.pdf</a> '
                      r'<span class="meta">\(PDF, ([^)]+)\)</span>', page)
        check(m, "the public page does not list the PDF with its type and size")
        # Beside the download, "Xem" opens the PDF in the browser's viewer.
        check(re.search(r'\(PDF, [^)]+\)</span> · <a href="%s">Xem<span class="visually-hidden"> Kế hoạch triển '
                        r'khai.pdf</span></a>' % re.escape(m.group(1)), page), "no \"Xem\" link beside the PDF")
        status, h, _ = s.get(htmllib.unescape(m.group(1)))
        check(status == 200 and h.get("content-disposition", "").startswith("inline;"),
              "the PDF is not served to be shown: %r" % h.get("content-disposition"))
        for _ in range(8):  # on every thread, for the check after the removal below
            status, h, data = s.get(htmllib.unescape(m.group(1)))
            check(status == 200 and data == pdf and h["content-type"] == "application/pdf",
                  "the attached PDF came back as %d %s" % (status, h.get("content-type")))
        status, _, form = chief.get("/quan-tri/van-ban/%d" % did)
        check("Kế hoạch triển khai.pdf</a> <span class=\"meta\">(PDF, " in form,
              "the form does not show the file's type and size")
        # The desk's own download works whatever the state, for whoever may
        # see the document, and never for an anonymous reader.
        desk_file = "/quan-tri/van-ban/tep/%s" % m.group(2)
        check('href="%s"' % desk_file in form, "the form does not link the desk's download")
        status, h, data = chief.get(desk_file)
        check(status == 200 and data.encode("latin-1", "replace")[:5] == b"%PDF-" and
              "attachment" in h.get("content-disposition", "") and "no-store" in h.get("cache-control", ""),
              "the desk's download answered %d" % status)
        check(s.get(desk_file)[0] in (302, 303), "an anonymous reader got the desk's download")
        check(signed_in(s, CONTRIB).get(desk_file)[0] == 403, "a contributor got another's file")
        files = count(s.db, "SELECT count(*) FROM document_file")
        # A file whose name lies about its type is refused; nothing is saved.
        status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % did,
                                    document_fields(chief, so_ky_hieu="9140/KH-UBND", trich_yeu="Không được lưu"),
                                    [("tep", "bao-cao.pdf", b"<html><script>alert(1)</script></html>")])
        check(status == 400 and 'id="vb-tep-loi"' in body and "bao-cao.pdf" in body and "không phải PDF" in body,
              "a lying file answered %d" % status)
        check(count(s.db, "SELECT count(*) FROM document_file") == files and row(s.db, did)[4] != "Không được lưu",
              "a form with a lying file saved something")
        # A PDF called .docx lies too.
        status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % did,
                                    document_fields(chief, so_ky_hieu="9140/KH-UBND"), [("tep", "quyet-dinh.docx", pdf)])
        check(status == 400 and "đuôi" in body, "a PDF named .docx answered %d" % status)
        # Removing the attachment.
        fid = int(m.group(2))
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did,
                                 document_fields(chief, so_ky_hieu="9140/KH-UBND") + [("xoa-tep", str(fid))])
        check(status == 303 and count(s.db, "SELECT count(*) FROM document_file WHERE id = ?", (fid,)) == 0,
              "removing the attachment answered %d" % status)
        # (The downloads above once left their statement on its row, and
        # their threads rendered the page from before the removal.)
        within_a_second(lambda: s.page(url), lambda p: "Kế hoạch triển khai.pdf" not in p,
                        "the removed file is still on the page")


@test
def docs_desk_a_scanned_page_is_attached_and_shown_in_the_browser():
    """Offices post many signed documents as the picture a scanner or a
    phone made: a JPEG or PNG is kept, listed as a picture with "Xem", and
    served as itself to be shown; a page of HTML called .jpg is not."""
    jpeg = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]) + b"JFIF\x00\x01\x01\x00" + bytes(200) + bytes([0xFF, 0xD9])
    png = b"\x89PNG\r\n\x1a\n" + bytes([0, 0, 0, 13]) + b"IHDR" + bytes(60) + bytes(4) + b"IEND\xaeB`\x82"
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9141/QĐ-UBND", viec="dang"),
                                    [("tep", "Quyết định (bản quét).jpeg", jpeg), ("tep", "trang 2.png", png)]),
                         "a document with two scanned pages")
        page = s.page(public_url(s.db, did))
        for name, kind, body, ctype in (("Quyết định (bản quét).jpeg", "Ảnh JPG", jpeg, "image/jpeg"),
                                        ("trang 2.png", "Ảnh PNG", png, "image/png")):
            m = re.search(r'<a href="(/van-ban/tep/\d+/[^"]+)" download>%s</a> <span class="meta">\(%s, [^)]+\)'
                          r'</span> · <a href="[^"]+">Xem<span' % (re.escape(name), kind), page)
            check(m, "the public page does not list %s as %s with \"Xem\"" % (name, kind))
            status, h, data = s.get(htmllib.unescape(m.group(1)))
            check(status == 200 and h.get("content-type") == ctype and (data if isinstance(data, bytes) else data.encode("latin-1")) == body and
                  h.get("content-disposition", "").startswith("inline;") and
                  h.get("x-content-type-options") == "nosniff",
                  "%s came back as %d %s %r" % (name, status, h.get("content-type"), h.get("content-disposition")))
        files = count(s.db, "SELECT count(*) FROM document_file")
        for name, data in (("anh.jpg", b"<html><script>alert(1)</script></html>"), ("anh.png", jpeg),
                           ("anh.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
                           ("cat-ngang.jpg", jpeg[:120])):  # an upload cut short
            status, _, body = post_form(chief, "/quan-tri/van-ban/%d" % did,
                                        document_fields(chief, so_ky_hieu="9141/QĐ-UBND"), [("tep", name, data)])
            check(status == 400 and 'id="vb-tep-loi"' in body, "%s answered %d" % (name, status))
        check(count(s.db, "SELECT count(*) FROM document_file") == files, "a refused picture was saved")
        _, _, form = chief.get("/quan-tri/van-ban/%d" % did)
        check("ảnh quét JPG, PNG" in form and ".jpg,.jpeg,.png" in form, "the form does not say pictures are taken")


@test
def docs_desk_forms_without_the_token_change_nothing():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        before = count(s.db, "SELECT count(*) FROM document")
        fields = document_fields(chief, so_ky_hieu="9150/KH-UBND", viec="dang")
        status, _, _ = post_form(chief, "/quan-tri/van-ban/moi", fields, csrf=False)
        check(status == 403, "a form without the token answered %d" % status)
        status, _, _ = post_form(chief, "/quan-tri/van-ban/moi", [("csrf", "x" * 43)] + fields, csrf=False)
        check(status == 403, "a form with a wrong token answered %d" % status)
        did = count(s.db, "SELECT max(id) FROM document WHERE published = 1")
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", "xoa")], csrf=False)
        check(status == 403 and row(s.db, did)[1] == 0, "trashing without the token answered %d" % status)
        check(count(s.db, "SELECT count(*) FROM document") == before, "a refused form saved a document")
        status, _, _ = s.get("/quan-tri/van-ban/")
        check(status in (302, 303), "the desk without a session answered %d" % status)


@test
def docs_desk_trash_hides_a_document_and_restore_brings_it_back():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9160/KH-UBND", viec="dang")), "publishing")
        url = public_url(s.db, did)
        check(url in s.page("/van-ban/"), "the published document is not listed")
        s.page(url)
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", "xoa")])
        check(status == 303 and row(s.db, did)[:2] == (0, 2), "trashing answered %d: %r" % (status, row(s.db, did)))
        check(s.get(url)[0] == 404, "a trashed document still answers")
        within_a_second(lambda: s.page("/van-ban/"), lambda p: url not in p, "the register still lists it")
        status, _, listing = chief.get("/quan-tri/van-ban/")
        check("9160/KH-UBND" not in listing, "a trashed document is in the ordinary list")
        status, _, listing = chief.get("/quan-tri/van-ban/?trang-thai=thung-rac")
        check("9160/KH-UBND" in listing, "the trash does not list it")
        # An editor may not bring a published document back to the site.
        editor = signed_in(s, EDITOR)
        status, _, _ = post_form(editor, "/quan-tri/van-ban/%d" % did, [("viec", "khoi-phuc")])
        check(status == 403, "an editor restoring a published document answered %d" % status)
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", "khoi-phuc")])
        check(status == 303 and row(s.db, did)[:2] == (1, 0), "restoring answered %d" % status)
        within_a_second(lambda: s.get(url)[0], lambda st: st == 200, "the restored document does not answer")
        # a verb the form has no button for is refused, and changes nothing
        for verb in ("xoa-han", ""):
            status, _, page = post_form(chief, "/quan-tri/van-ban/%d" % did, [("viec", verb)])
            check(status == 400 and "Không rõ việc cần làm" in page and row(s.db, did)[:2] == (1, 0),
                  "viec=%r answered %d: %r" % (verb, status, row(s.db, did)))
        check(url in s.page("/van-ban/"), "the restored document is not listed")


@test
def docs_desk_search_finds_an_edited_summary():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9170/KH-UBND", viec="dang")), "publishing")
        url = public_url(s.db, did)
        q = "/tim-kiem?q=ch%C3%B4m+ch%C3%B4m+Ng%C3%A2n+L%E1%BB%99c"  # "chôm chôm Ngân Lộc"
        check(url not in s.page(q), "found before the edit")
        status, _, _ = post_form(chief, "/quan-tri/van-ban/%d" % did,
                                 document_fields(chief, so_ky_hieu="9170/KH-UBND",
                                                 trich_yeu="Kế hoạch phát triển vùng chôm chôm Ngân Lộc"))
        check(status == 303, "editing answered %d" % status)
        # An empty address field makes the address again from the new
        # summary; the old one answers 301.
        old_url, url = url, public_url(s.db, did)
        check(old_url != url and s.get(old_url)[0] == 301, "the old address does not redirect")
        within_a_second(lambda: s.page(q), lambda p: url in p, "the search does not find the edited summary")
        check(url in s.page("/tim-kiem?q=chom+chom+ngan+loc"), "the search without diacritics does not find it")
        status, _, listing = chief.get("/quan-tri/van-ban/?q=ch%C3%B4m+ch%C3%B4m")
        check(status == 200 and "9170/KH-UBND" in listing and listing.count("<tr>") == 2,
              "the desk's search does not find it")
        status, _, listing = chief.get("/quan-tri/van-ban/?q=9170%2Fkh-ubnd")
        check(status == 200 and "9170/KH-UBND" in listing, "the desk's search by number does not find it")


@test
def docs_desk_dates_type_files_and_lengths_are_refused_beside_the_form_not_with_a_500():
    """Found by using the register as an officer would: a year past 2100
    reached the table's check (500); an expiry before the issue; a type the
    symbol contradicts; an 11th file (a bare 413); an abstract counted in
    bytes while its box counts characters. Each is now a 400 with the
    reason and the form as typed, and nothing saved."""
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        before = count(s.db, "SELECT count(*) FROM document")
        cases = [
            (dict(ngay_ban_hanh="3000-01-01"), "từ năm 1900 đến 2100"),
            (dict(ngay_ban_hanh="9999-12-31"), "từ năm 1900 đến 2100"),
            (dict(ngay_het_hieu_luc="9999-12-31"), "từ năm 1900 đến 2100"),
            (dict(ngay_ban_hanh="2026-11-01", ngay_het_hieu_luc="2020-01-01", tinh_trang="2"),
             "Ngày hết hiệu lực không thể trước ngày ban hành"),
            (dict(ngay_ban_hanh="2025-11-01", ngay_het_hieu_luc="2025-12-01"), "Ngày hết hiệu lực đã qua"),
            (dict(so_ky_hieu="91/QĐ-UBND", loai=None), "Ký hiệu trong số văn bản là của một loại văn bản khác"),
            (dict(ngay_ban_hanh="2026-11-10", ngay_hieu_luc="2026-11-01"), "Ngày có hiệu lực không thể trước ngày ban hành"),
            (dict(ngay_ban_hanh="31/02/2026"), "ví dụ 10/7/2024"),
        ]
        status, _, form = chief.get("/quan-tri/van-ban/moi")
        plan = option_named(form, "loai", "Kế hoạch")
        for over, message in cases:
            fields = dict(document_fields(chief, **{k: v for k, v in over.items() if v is not None}))
            if "loai" in over:
                fields["loai"] = plan
            status, _, body = post_form(chief, "/quan-tri/van-ban/moi", list(fields.items()))
            text = htmllib.unescape(body)
            check(status == 400 and message in text, "%r answered %d, not %r" % (over, status, message))
            check("Kế hoạch thử nghiệm xây dựng nông thôn mới kiểu mẫu" in text, "%r lost the abstract" % over)
        # eleven files: the reason, not a bare 413
        files = [("tep", "to-%d.pdf" % i, tiny_pdf("To %d" % i)) for i in range(11)]
        status, _, body = post_form(chief, "/quan-tri/van-ban/moi", document_fields(chief, so_ky_hieu="9180/KH-UBND"),
                                    files)
        check(status == 400 and "tối đa 10 tệp" in body and "Kế hoạch thử nghiệm" in htmllib.unescape(body),
              "eleven files answered %d" % status)
        check(count(s.db, "SELECT count(*) FROM document") == before, "a refused document was saved")
        # dates typed day first, where the browser shows no picker, are the picker's dates
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9183/KH-UBND", ngay_ban_hanh="2/11/2026",
                                                    ngay_hieu_luc="12.11.2026")), "dates typed day first")
        check(count(s.db, "SELECT issued_on || ' ' || effective_on FROM document WHERE id = ?", (did,)) ==
              "2026-11-02 2026-11-12", "the typed dates were stored as %r" %
              count(s.db, "SELECT issued_on || ' ' || effective_on FROM document WHERE id = ?", (did,)))
        # an abstract of 2,500 Vietnamese letters fits its box of 4,000 characters
        abstract = "Kế hoạch " + "ă" * 2500
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi",
                                    document_fields(chief, so_ky_hieu="9181/KH-UBND", trich_yeu=abstract)),
                         "a long abstract")
        check(row(s.db, did)[4] == abstract, "the long abstract was not kept whole")
        # a file name of 120 Vietnamese letters (360 bytes) is shortened, its extension kept
        long_name = "Kế hoạch " + "triển khai " * 12 + "cuối năm.pdf"
        did = created_id(*post_form(chief, "/quan-tri/van-ban/moi", document_fields(chief, so_ky_hieu="9182/KH-UBND"),
                                    [("tep", long_name, tiny_pdf())]), "a file with a long name")
        stored = count(s.db, "SELECT name FROM document_file WHERE document_id = ?", (did,))
        check(stored.endswith(".pdf") and stored.startswith("Kế hoạch triển khai") and len(stored.encode()) <= 194,
              "the long name was stored as %r" % stored)
