"""test_upload_names.py - uploads whose file name holds control characters
(TAB, \\x01, \\x7f) or bytes that are not UTF-8 (a name from an old system's
code page): the file is stored under a cleaned name, in the media library
(the editor's image dialog, which asks for JSON) and as a document's
attachment, and the alt text and caption typed are kept."""
import html as htmllib
import json
import re
import sqlite3
import uuid

from harness import check, test
from test_docs_desk import created_id, document_fields, public_url, tiny_pdf
from test_media import png
from test_newsroom import CHIEF, EDITOR, newsroom_server, signed_in


def multipart(fields, field, filename, content_type, data):
    """A multipart body whose one file part carries `filename` as raw bytes,
    exactly as given."""
    boundary = "----dinhNames" + uuid.uuid4().hex
    out = b""
    for name, value in fields:
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n" % (boundary, name)).encode()
        out += value.encode() + b"\r\n"
    out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"" % (boundary, field)).encode()
    out += filename + ("\"\r\nContent-Type: %s\r\n\r\n" % content_type).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return "multipart/form-data; boundary=" + boundary, out


def post(client, path, ctype, body, accept=None):
    h = {"Cookie": client._cookie_header(), "Content-Type": ctype, "Origin": "https://ntm.example.gov.vn"}
    if accept:
        h["Accept"] = accept
    status, hdrs, raw = client.server.request("POST", path, h, body, timeout=60)
    client._keep(hdrs)
    return status, hdrs, raw.decode("utf-8", "replace")


NAMES = [
    # (the name as sent, the library's name it must give, the original name kept)
    (b"\xe1\xba\xa2nh\th\xe1\xbb\x99i ngh\xe1\xbb\x8b.png", r"anh-hoi-nghi-[0-9a-f]{8}\.png", "Ảnh hội nghị.png"),
    (b"b\x01an\x7fdo.png", r"bando-[0-9a-f]{8}\.png", "bando.png"),
    (b"\xff\xfe.png", r"tep-[0-9a-f]{8}\.png", "\ufffd.png"),
    (b"ban-do-x\xe3-\xff.png", r"ban-do-x-[0-9a-f]{8}\.png", "ban-do-x\ufffd-\ufffd.png"),
]


@test
def upload_names_with_controls_or_bad_bytes_are_cleaned_and_the_image_is_stored():
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        for i, (sent, expected, original) in enumerate(NAMES):
            token = c.csrf("/quan-tri/thu-vien/")
            ctype, body = multipart([("csrf", token), ("alt", "Hội nghị sơ kết %d" % i), ("chu_thich", "Chú thích %d" % i)],
                                    "tep", sent, "image/png", png(120, 80, seed=40 + i))
            status, h, text = post(c, "/quan-tri/thu-vien/tai-len", ctype, body, accept="application/json")
            check(h.get("content-type", "").startswith("application/json"),
                  "%r: the dialog got %d %s, not JSON: %s" % (sent, status, h.get("content-type"), text[:200]))
            got = json.loads(text)
            check(status == 201 and "tep" in got, "%r: upload answered %d: %r" % (sent, status, got))
            f = got["tep"]
            check(re.fullmatch(expected, f["ten"]), "%r: stored as %r" % (sent, f["ten"]))
            check(f["alt"] == "Hội nghị sơ kết %d" % i and f["chu_thich"] == "Chú thích %d" % i,
                  "%r: the alt text and caption were lost: %r" % (sent, f))
            status, _, data = s.get(f["dia_chi"])
            check(status == 200 and data[:8] == b"\x89PNG\r\n\x1a\n", "%r: the file answers %d" % (sent, status))
            db = sqlite3.connect(s.db)
            kept = db.execute("SELECT original_name FROM media_file WHERE id = ?", (f["id"],)).fetchone()[0]
            db.close()
            check(kept == original, "%r: the original name kept is %r" % (sent, kept))
        # The form without script lands on the library with a notice.
        token = c.csrf("/quan-tri/thu-vien/")
        ctype, body = multipart([("csrf", token), ("alt", ""), ("chu_thich", "")], "tep", b"so\tdo.png", "image/png",
                                png(90, 60, seed=77))
        status, h, _ = post(c, "/quan-tri/thu-vien/tai-len", ctype, body)
        check(status == 303 and h.get("location") == "/quan-tri/thu-vien/?thong-bao=da-tai-len",
              "the form upload answered %d to %r" % (status, h.get("location")))


@test
def upload_names_with_controls_or_bad_bytes_are_cleaned_on_document_attachments():
    with newsroom_server() as s:
        chief = signed_in(s, CHIEF)
        for i, (sent, shown) in enumerate([(b"K\xe1\xba\xbf ho\xe1\xba\xa1ch\t2026.pdf", "Kế hoạch 2026.pdf"),
                                           (b"b\x01\x7fao-cao.pdf", "bao-cao.pdf"),
                                           (b"\xff\xfe.pdf", "\ufffd.pdf")]):
            status, _, form = chief.get("/quan-tri/van-ban/moi")
            token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            fields = [("csrf", token)] + [(k, str(v)) for k, v in
                                          document_fields(chief, so_ky_hieu="%d/KH-UBND" % (9300 + i), viec="dang")]
            ctype, body = multipart(fields, "tep", sent, "application/pdf", tiny_pdf("Tep %d" % i))
            status, h, text = post(chief, "/quan-tri/van-ban/moi", ctype, body)
            did = created_id(status, h, text, "a document with the file %r" % sent)
            db = sqlite3.connect(s.db)
            names = [r[0] for r in db.execute("SELECT name FROM document_file WHERE document_id = ?", (did,))]
            db.close()
            check(names == [shown], "%r: the attachment is stored as %r" % (sent, names))
            page = s.page(public_url(s.db, did))
            m = re.search(r'<a href="(/van-ban/tep/\d+/[^"]+)" download>([^<]+)</a>', page)
            check(m and htmllib.unescape(m.group(2)) == shown, "%r: the public page lists %r" % (sent, m and m.group(2)))
            status, h, data = s.get(htmllib.unescape(m.group(1)))
            disposition = h.get("content-disposition", "")
            check(status == 200 and data == tiny_pdf("Tep %d" % i) and disposition.startswith("inline; filename=\"")
                  and "\t" not in disposition and "\r" not in disposition and "\n" not in disposition,
                  "%r: the attachment answers %d with %r" % (sent, status, disposition))
