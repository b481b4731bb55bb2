"""test_media.py - the media library (/quan-tri/thu-vien/, /media/): uploads
whose type comes from their bytes, pictures made again without their
metadata, broken and lying files refused with nothing stored, one entry per
content, files in use kept, the editor's JSON, and who may delete."""
import json
import os
import re
import socket
import sqlite3
import struct
import subprocess
import time
import urllib.parse
import uuid
import zlib

from harness import WORK, check, test
from test_newsroom import ADMIN, CHIEF, CONTRIB, EDITOR, article_form, newsroom_server, signed_in


# --- files made here ------------------------------------------------------------

def png(width, height, seed=0):
    """A real PNG (RGB), drawn so that it does not compress to nothing."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(((x * 7 + seed) & 255, (y * 5 + seed * 3) & 255, ((x ^ y) + seed) & 255))
        rows.append(bytes(row))
    return png_chunks(width, height, zlib.compress(b"".join(rows), 6))


def png_chunks(width, height, idat):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def bomb():
    """A few hundred bytes that declare 30000 x 30000 pixels."""
    row = b"\x00" + b"\x00" * (30000 * 3)
    return png_chunks(30000, 30000, zlib.compress(row * 4, 9))


def exif_gps():
    """An APP1 Exif segment whose GPS block says 21°2'N 105°51'E."""
    def ifd(entries, next_offset=0):
        out = struct.pack(">H", len(entries))
        for tag, kind, count, value in entries:
            out += struct.pack(">HHI", tag, kind, count) + value
        return out + struct.pack(">I", next_offset)
    # TIFF header (big-endian), IFD0 at 8 with one entry: the GPS IFD's offset.
    ifd0 = ifd([(0x8825, 4, 1, struct.pack(">I", 26))])
    gps_at = 8 + len(ifd0)
    assert gps_at == 26
    entries = 4
    data_at = gps_at + 2 + 12 * entries + 4
    lat = struct.pack(">6I", 21, 1, 2, 1, 0, 1)
    lon = struct.pack(">6I", 105, 1, 51, 1, 0, 1)
    gps = ifd([(1, 2, 2, b"N\x00\x00\x00"), (2, 5, 3, struct.pack(">I", data_at)),
               (3, 2, 2, b"E\x00\x00\x00"), (4, 5, 3, struct.pack(">I", data_at + 24))])
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd0 + gps + lat + lon
    body = b"Exif\x00\x00" + tiff
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def jpeg(width, height, gps=False):
    """A JPEG made by the vips command from a PNG; with gps, an Exif
    segment with a position is put right after its start marker."""
    src = os.path.join(WORK, "src-%s.png" % uuid.uuid4().hex)
    out = os.path.join(WORK, "out-%s.jpg" % uuid.uuid4().hex)
    with open(src, "wb") as f:
        f.write(png(width, height, seed=3))
    subprocess.run(["vips", "copy", src, out + "[strip]"], check=True, capture_output=True)
    with open(out, "rb") as f:
        data = f.read()
    check(data[:2] == b"\xff\xd8", "vips did not write a JPEG")
    return data[:2] + exif_gps() + data[2:] if gps else data


def has_gps(data):
    """Whether vips reads a GPS position in the file."""
    path = os.path.join(WORK, "probe-%s" % uuid.uuid4().hex)
    with open(path, "wb") as f:
        f.write(data)
    out = subprocess.run(["vipsheader", "-a", path], capture_output=True, text=True).stdout
    return "gps" in out.lower()


# --- requests ---------------------------------------------------------------------

def multipart(fields, files):
    boundary = "----dinh" + uuid.uuid4().hex
    out = b""
    for name, value in fields.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n" % (boundary, name, value)).encode()
    for name, (filename, content_type, data) in files.items():
        out += ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n"
                % (boundary, name, filename, content_type)).encode() + data + b"\r\n"
    out += ("--%s--\r\n" % boundary).encode()
    return "multipart/form-data; boundary=" + boundary, out


def upload(client, filename, data, content_type="application/octet-stream", alt="", caption="", as_json=True,
           token=None):
    if token is None:
        token = client.csrf("/quan-tri/thu-vien/")
    fields = {"alt": alt, "chu_thich": caption}
    if token:
        fields["csrf"] = token
    ctype, body = multipart(fields, {"tep": (filename, content_type, data)})
    headers = {"Cookie": client._cookie_header(), "Content-Type": ctype, "Origin": "https://ntm.example.gov.vn"}
    if as_json:
        headers["Accept"] = "application/json"
    status, h, raw = client.server.request("POST", "/quan-tri/thu-vien/tai-len", headers, body, timeout=60)
    text = raw.decode("utf-8", "replace")
    return status, h, (json.loads(text) if as_json and h.get("content-type", "").startswith("application/json")
                       else text)


def files_in(db_path):
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT id, name, mime FROM media_file ORDER BY id").fetchall()
    db.close()
    return rows


def variants_of(db_path, media_id):
    db = sqlite3.connect(db_path)
    rows = db.execute("SELECT width, height, bytes FROM media_variant WHERE media_id = ? ORDER BY width",
                      (media_id,)).fetchall()
    db.close()
    return rows


# --- tests --------------------------------------------------------------------------

@test
def media_upload_of_a_png_makes_sizes_and_serves_them_for_a_year():
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        before = files_in(s.db)
        status, h, got = upload(c, "Ảnh Hà Nội.PNG", png(1000, 600), "image/png", alt="Hồ Gươm", caption="Sáng sớm")
        check(status == 201, "upload answered %d: %r" % (status, got))
        f = got["tep"]
        check(re.fullmatch(r"anh-ha-noi-[0-9a-f]{8}\.png", f["ten"]), "name %r" % f["ten"])
        check(f["loai"] == "image/png" and f["rong"] == 1000 and f["cao"] == 600, "file %r" % f)
        check(f["alt"] == "Hồ Gươm" and f["chu_thich"] == "Sáng sớm" and f["dia_chi"] == "/media/" + f["ten"],
              "file %r" % f)
        check(f["srcset"] == "/media/400/%s 400w, /media/800/%s 800w, /media/%s 1000w" % ((f["ten"],) * 3),
              "srcset %r" % f["srcset"])
        check(len(files_in(s.db)) == len(before) + 1, "no row stored")
        check([(w, hh) for w, hh, _ in variants_of(s.db, f["id"])] == [(400, 240), (800, 480)],
              "variants %r (never wider than the picture: no 1600)" % [(w, hh) for w, hh, _ in
                                                                       variants_of(s.db, f["id"])])
        for path in (f["dia_chi"], "/media/400/" + f["ten"]):
            status, h, body = s.request("GET", path)
            check(status == 200 and body[:8] == b"\x89PNG\r\n\x1a\n", "%s answered %d" % (path, status))
            check(h.get("content-type") == "image/png", "%s type %r" % (path, h.get("content-type")))
            check(h.get("x-content-type-options") == "nosniff", "%s without nosniff" % path)
            check(h.get("cache-control") == "public, max-age=31536000, immutable",
                  "%s Cache-Control %r" % (path, h.get("cache-control")))
        status, _, _ = s.request("GET", "/media/1600/" + f["ten"])
        check(status == 404, "a size never made answered %d" % status)
        # Without script: a redirect to the library, which says so.
        status, h, body = upload(c, "khac.png", png(300, 200, seed=9), "image/png", as_json=False)
        check(status == 303 and h.get("location") == "/quan-tri/thu-vien/?thong-bao=da-tai-len",
              "form upload answered %d to %r" % (status, h.get("location")))
        status, _, page = c.get(h["location"])
        check(status == 200 and "Đã tải lên tệp." in page and "khac-" in page, "library page after upload")
        check('src="/media/400/%s"' % f["ten"] in page, "the grid does not show the 400-pixel size")
        # Every upload is in the audit log.
        db = sqlite3.connect(s.db)
        n = db.execute("SELECT count(*) FROM audit_log WHERE action = 'media_upload'").fetchone()[0]
        db.close()
        check(n == 2, "%d uploads in the audit log" % n)


def mapped_libraries(pid):
    with open("/proc/%d/maps" % pid) as f:
        return {line.split()[-1].rsplit("/", 1)[-1].split(".so")[0] for line in f if ".so" in line}


@test
def the_image_library_is_opened_at_the_first_picture_not_at_start():
    # libvips brings some ninety libraries: a server that has taken no
    # picture does not carry them (about 15 MB resident), and the first
    # upload still gets its sizes.
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        status, _, _ = s.request("GET", "/")
        check(status == 200, "home answered %d" % status)
        libs = mapped_libraries(s.proc.pid)
        check("libh2o-evloop" in libs and "libsqlite3" in libs, "the maps list no known library: %r" % sorted(libs))
        check("libvips" not in libs and "librsvg-2" not in libs and "libglib-2" not in libs,
              "before any picture the server has mapped %r" % sorted(libs & {"libvips", "librsvg-2", "libglib-2"}))
        status, _, got = upload(c, "dau-tien.png", png(900, 500, seed=3), "image/png", alt="Ảnh đầu tiên")
        check(status == 201, "upload answered %d: %r" % (status, got))
        check([w for w, _, _ in variants_of(s.db, got["tep"]["id"])] == [400, 800], "the sizes were not made")
        check("libvips" in mapped_libraries(s.proc.pid), "the picture was made without libvips mapped?")


@test
def media_jpeg_loses_its_gps_position_in_every_size():
    with newsroom_server() as s:
        c = signed_in(s, CONTRIB)
        data = jpeg(1800, 1200, gps=True)
        check(has_gps(data), "the test JPEG has no GPS position to lose")
        status, _, got = upload(c, "hien-truong.jpg", data, "image/jpeg")
        check(status == 201, "upload answered %d: %r" % (status, got))
        f = got["tep"]
        check(f["loai"] == "image/jpeg" and f["ten"].endswith(".jpg") and f["rong"] == 1800, "file %r" % f)
        kept = [s.request("GET", f["dia_chi"])[2]] + [v[2] for v in variants_of(s.db, f["id"])]
        check(len(kept) == 4, "sizes %d (1800 wide: 400, 800, 1600 and itself)" % len(kept))
        for data_kept in kept:
            check(data_kept[:2] == b"\xff\xd8", "a size is not a JPEG")
            check(b"Exif" not in data_kept and not has_gps(data_kept), "a size kept the Exif/GPS block")


@test
def media_type_comes_from_the_bytes_never_the_name():
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        status, _, got = upload(c, "bao-cao.pdf", png(120, 80, seed=5), "application/pdf")
        check(status == 201 and got["tep"]["loai"] == "image/png" and got["tep"]["ten"].endswith(".png"),
              "a PNG named .pdf: %d %r" % (status, got))
        before = files_in(s.db)
        for name, data, ctype in (
                ("anh.jpg", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "image/jpeg"),
                ("anh.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/png")):
            status, _, got = upload(c, name, data, ctype)
            check(status == 415 and "HTML" in got.get("loi", ""), "%s answered %d: %r" % (name, status, got))
        check(files_in(s.db) == before, "a refused file was stored")
        # an iPhone photo (HEIC): refused with what to do about it
        heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
        status, _, got = upload(c, "IMG_0001.HEIC", heic, "image/heic")
        check(status == 415 and "JPEG" in got.get("loi", "") and "iPhone" in got.get("loi", ""),
              "a HEIC photo answered %d: %r" % (status, got))
        # A PDF is a PDF whatever it is called, and served inline.
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        status, _, got = upload(c, "van-ban.txt", pdf, "text/plain")
        check(status == 201 and got["tep"]["ten"].endswith(".pdf") and got["tep"]["loai"] == "application/pdf",
              "a PDF named .txt: %d %r" % (status, got))
        status, h, _ = s.request("GET", got["tep"]["dia_chi"])
        check(status == 200 and h.get("content-type") == "application/pdf"
              and h.get("content-disposition", "").startswith("inline"), "PDF served %d %r" % (status, h))


@test
def media_office_files_are_checked_inside_their_zip():
    import io
    import zipfile

    def zipped(entries, odf=None):
        b = io.BytesIO()
        with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
            if odf:
                z.writestr(zipfile.ZipInfo("mimetype"), odf, compress_type=zipfile.ZIP_STORED)
            for name in entries:
                z.writestr(name, "<x/>")
        return b.getvalue()

    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        cases = [
            ("a.zip", zipped(["[Content_Types].xml", "xl/workbook.xml"]), 201, ".xlsx"),
            ("b.bin", zipped(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]), 201, ".docx"),
            ("c.doc", zipped(["content.xml"], odf="application/vnd.oasis.opendocument.text"), 201, ".odt"),
            ("d.docx", zipped(["readme.txt"]), 415, None),
        ]
        for name, data, want, ext in cases:
            status, h, got = upload(c, name, data)
            check(status == want, "%s answered %d: %r" % (name, status, got))
            if ext:
                check(got["tep"]["ten"].endswith(ext), "%s stored as %r" % (name, got["tep"]["ten"]))
                status, h, _ = s.request("GET", got["tep"]["dia_chi"])
                check(status == 200 and h.get("content-disposition", "").startswith("attachment"),
                      "%s served %d %r" % (name, status, h.get("content-disposition")))


@test
def media_broken_empty_and_bomb_files_are_refused_with_nothing_stored():
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        before = files_in(s.db)
        whole_png = png(400, 300, seed=1)
        whole_jpeg = jpeg(600, 400)
        cases = [
            ("cut.png", whole_png[:len(whole_png) * 6 // 10], 422, "hỏng"),
            ("cut.jpg", whole_jpeg[:len(whole_jpeg) // 2], 422, "hỏng"),
            ("bom.png", bomb(), 422, "quá lớn"),
            ("rong.png", b"", 400, "rỗng"),
            # a picture over the 15 MB of its type (the route takes more)
            ("to.png", whole_png + bytes(15 * 2**20 + 1024 - len(whole_png)), 413, "Ảnh quá lớn"),
        ]
        t0 = time.monotonic()
        for name, data, want, words in cases:
            status, _, got = upload(c, name, data, "image/png")
            check(status == want and words in got.get("loi", ""), "%s answered %d: %r" % (name, status, got))
        check(time.monotonic() - t0 < 20, "refusals took %.1f s" % (time.monotonic() - t0))
        check(files_in(s.db) == before, "a refused file was stored")
        # Without script, the library page says why, in Vietnamese.
        status, _, page = upload(c, "cut.png", whole_png[:300], "image/png", as_json=False)
        check(status == 422 and "hỏng" in page and "Chưa lưu gì" in page, "form refusal answered %d" % status)


@test
def media_a_phones_48_megapixel_photo_is_taken():
    """A phone's 48 MP photo (8000 x 6000) was refused as a decompression
    bomb; a JPEG is now decoded at a scale that keeps it under the limit.
    A PNG as large still is refused, as is any file over 20000 pixels a side."""
    with newsroom_server(timeout="30") as s:
        c = signed_in(s, EDITOR)
        made = {}
        for ext in ("jpg", "png"):
            path = os.path.join(WORK, "big-%s.%s" % (uuid.uuid4().hex, ext))
            subprocess.run(["vips", "black", path, "8000", "6000", "--bands", "3"], check=True, capture_output=True)
            with open(path, "rb") as f:
                made[ext] = f.read()
        status, _, got = upload(c, "anh-dien-thoai.jpg", made["jpg"], "image/jpeg")
        check(status == 201 and got["tep"]["rong"] == 2400 and got["tep"]["cao"] == 1800 and "1600w" in got["tep"]["srcset"],
              "the 48 MP JPEG answered %d: %r" % (status, got))
        status, _, got = upload(c, "anh-lon.png", made["png"], "image/png")
        check(status == 422 and "Ảnh quá lớn" in got.get("loi", "") and "JPEG" in got.get("loi", ""),
              "the 48 MP PNG answered %d: %r" % (status, got))


@test
def media_same_bytes_twice_give_one_entry():
    with newsroom_server() as s:
        a, b = signed_in(s, EDITOR), signed_in(s, CONTRIB)
        data = png(500, 300, seed=7)
        status, _, first = upload(a, "mot.png", data, "image/png")
        check(status == 201, "first upload answered %d" % status)
        n = len(files_in(s.db))
        status, _, again = upload(b, "hai.png", data, "image/png")
        check(status == 200 and again["tep"]["id"] == first["tep"]["id"] and "đã có" in again.get("ghi_chu", ""),
              "the same bytes again answered %d: %r" % (status, again))
        check(len(files_in(s.db)) == n, "a second entry was stored")
        # The second upload brought the description and caption the first lacked: they are kept...
        status, _, again = upload(b, "hai.png", data, "image/png", alt="Đồng lúa xã Kỳ Tân", caption="Ảnh: Thu Hà")
        check(status == 200 and again["tep"]["alt"] == "Đồng lúa xã Kỳ Tân", "alt of a re-upload: %r" % again)
        status, _, page = a.get("/quan-tri/thu-vien/%d" % first["tep"]["id"])
        check("Ảnh: Thu Hà" in page and "Đồng lúa xã Kỳ Tân" in page, "the file's page lacks the re-upload's text")
        # ...and a third one's other words do not overwrite them, and the answer says why
        status, _, third = upload(a, "ba.png", data, "image/png", alt="Ảnh khác")
        check(status == 200 and third["tep"]["alt"] == "Đồng lúa xã Kỳ Tân" and "mô tả" in third.get("ghi_chu", ""),
              "a third upload with other words: %r" % third)
        # Two people sending the same new bytes at the same moment: one entry.
        import threading
        twin = png(640, 360, seed=8)
        answers = []
        threads = [threading.Thread(target=lambda c=c: answers.append(upload(c, "cung-luc.png", twin, "image/png")))
                   for c in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(sorted(x[0] for x in answers) == [200, 201] and
              answers[0][2]["tep"]["id"] == answers[1][2]["tep"]["id"],
              "simultaneous uploads answered %r" % [(x[0], x[2]) for x in answers])
        check(len(files_in(s.db)) == n + 1, "simultaneous uploads stored %d entries" % (len(files_in(s.db)) - n))
        status, h, _ = upload(b, "ba.png", data, "image/png", as_json=False)
        check(status == 303 and h.get("location") == "/quan-tri/thu-vien/?thong-bao=da-co", "form: %r" % h)
        status, _, page = b.get(h["location"])
        check("đã có trong thư viện" in page, "no note on the library page")


@test
def media_in_use_cannot_be_deleted_until_the_article_lets_go():
    with newsroom_server() as s:
        c = signed_in(s, CHIEF)
        status, _, got = upload(c, "bia.png", png(900, 500, seed=11), "image/png")
        f = got["tep"]
        body = '<p>Ảnh hiện trường</p><p><img src="%s" alt="Hiện trường"></p>' % f["dia_chi"]
        status, h, _ = article_form(c, "/quan-tri/bai-viet/moi", "luu", tieu_de="Bài có ảnh thư viện", noi_dung=body)
        check(status == 303, "article save answered %d" % status)
        article = int(re.search(r"/quan-tri/bai-viet/(\d+)", h["location"]).group(1))
        page_path = "/quan-tri/thu-vien/%d" % f["id"]
        status, _, page = c.get(page_path)
        used_by = '<a href="/quan-tri/bai-viet/%d">Bài có ảnh thư viện</a>' % article
        check(status == 200 and used_by in page and "Xóa tệp" not in page,
              "the file's page does not name the article that uses it by its title")
        # A contributor, who may not open someone else's article, reads neither its title nor a link.
        status, _, page = signed_in(s, CONTRIB).get(page_path)
        check(status == 200 and "Bài viết số %d" % article in page and "Bài có ảnh thư viện" not in page
              and "/quan-tri/bai-viet/%d" % article not in page, "a contributor sees the article's title or link")
        token = c.csrf(page_path)
        status, _, page = c.post(page_path, {"csrf": token, "viec": "xoa"})
        check(status == 409 and "đang được dùng" in page and used_by in page,
              "delete while in use answered %d" % status)
        check(any(r[0] == f["id"] for r in files_in(s.db)), "the file in use was deleted")
        # Published, the body's picture gets its sizes.
        status, h, _ = article_form(c, "/quan-tri/bai-viet/%d" % article, "dang", noi_dung=body)
        check(status == 303, "publish answered %d" % status)
        db = sqlite3.connect(s.db)
        slug, cat = db.execute("SELECT a.slug, c.slug FROM article a JOIN category c ON c.id = a.category_id "
                               "WHERE a.id = ?", (article,)).fetchone()
        db.close()
        public = s.page("/tin-tuc/%s/%s-%d.html" % (cat, slug, article))
        check('srcset="%s"' % f["srcset"].replace("&", "&amp;") in public and 'sizes="' in public,
              "the article's picture has no srcset")
        # the editor writes the srcset itself: the page keeps that one, not a second (invalid HTML)
        figure = ('<figure><img src="%s" srcset="%s" sizes="(max-width: 800px) 100vw, 800px" alt="Hiện trường" '
                  'width="900" height="500"><figcaption>Hiện trường</figcaption></figure>' % (f["dia_chi"], f["srcset"]))
        status, h, _ = article_form(c, "/quan-tri/bai-viet/%d" % article, "luu", noi_dung=figure)
        check(status == 303, "saving the editor's figure answered %d" % status)
        public = s.page("/tin-tuc/%s/%s-%d.html" % (cat, slug, article))
        tags = re.findall(r'<img src="%s"[^>]*>' % re.escape(f["dia_chi"]), public)
        check(tags and all(t.count(" srcset=") == 1 and t.count(" sizes=") == 1 for t in tags),
              "the editor's picture: %r" % tags)
        # a picture whose file is gone (a version restored from before it was deleted) is left out, not shown broken
        gone = '<p>Trước ảnh.</p><p><img src="/media/da-xoa-0000dead.png" alt="Ảnh đã xóa"></p><p>Sau ảnh.</p>'
        status, h, _ = article_form(c, "/quan-tri/bai-viet/%d" % article, "luu", noi_dung=figure + gone)
        check(status == 303, "saving a body with a deleted picture answered %d" % status)
        public = s.page("/tin-tuc/%s/%s-%d.html" % (cat, slug, article))
        check("da-xoa-0000dead" not in public and "Sau ảnh." in public and f["dia_chi"] in public,
              "the deleted picture is on the page, or the text around it is not")
        # Saved as a file to open from disk, the body's picture keeps the site's address.
        from harness import BASE_URL
        status, _, saved = s.request("GET", "/tai-ve/%d.html" % article)
        saved = saved.decode()
        check(status == 200 and '<img src="%s%s"' % (BASE_URL, f["dia_chi"]) in saved,
              "the saved file's body picture: %r" % re.findall(r"<img[^>]*>", saved)[:2])
        check(not re.search(r'(?:src|href|srcset)="/[^/]|, /media/', saved), "the saved file keeps a relative address")
        # The article lets go of the picture: now it may go.
        status, h, _ = article_form(c, "/quan-tri/bai-viet/%d" % article, "luu", noi_dung="<p>Không còn ảnh</p>")
        check(status == 303, "article save answered %d" % status)
        token = c.csrf(page_path)
        status, h, _ = c.post(page_path, {"csrf": token, "viec": "xoa"})
        check(status == 303 and h.get("location") == "/quan-tri/thu-vien/?thong-bao=da-xoa",
              "delete answered %d" % status)
        check(not any(r[0] == f["id"] for r in files_in(s.db)) and not variants_of(s.db, f["id"]),
              "the file or its sizes are still stored")
        status, _, _ = s.request("GET", f["dia_chi"])
        check(status == 404, "a deleted file answered %d" % status)
        db = sqlite3.connect(s.db)
        n = db.execute("SELECT count(*) FROM audit_log WHERE action = 'media_delete'").fetchone()[0]
        db.close()
        check(n == 1, "%d deletes in the audit log" % n)


@test
def media_who_may_delete_and_edit():
    with newsroom_server() as s:
        editor, contrib = signed_in(s, EDITOR), signed_in(s, CONTRIB)
        _, _, theirs = upload(editor, "cua-bien-tap.png", png(200, 100, seed=21), "image/png")
        _, _, mine = upload(contrib, "cua-toi.png", png(200, 100, seed=22), "image/png")
        path = "/quan-tri/thu-vien/%d" % theirs["tep"]["id"]
        token = contrib.csrf(path)
        status, _, _ = contrib.post(path, {"csrf": token, "viec": "xoa"})
        check(status == 403, "a contributor deleting another's file answered %d" % status)
        check(any(r[0] == theirs["tep"]["id"] for r in files_in(s.db)), "another's file was deleted")
        # Alt text and caption show at once in every published article that
        # uses the file: its uploader and those who publish change them, a
        # contributor does not change another's (no form, and 403).
        status, _, page = contrib.get(path)
        check(status == 200 and 'name="alt"' not in page, "a contributor is offered to edit another's file")
        status, _, _ = contrib.post(path, {"csrf": token, "viec": "luu", "alt": "Của cộng tác viên", "chu_thich": ""})
        check(status == 403, "a contributor editing another's file answered %d" % status)
        status, h, _ = editor.post(path, {"csrf": editor.csrf(path), "viec": "luu", "alt": "Cầu Rồng",
                                          "chu_thich": "Đà Nẵng"})
        check(status == 303, "the uploader's edit answered %d" % status)
        status, _, page = editor.get(h["location"])
        check("Cầu Rồng" in page and "Đã lưu mô tả và chú thích." in page, "edit not shown")
        own = "/quan-tri/thu-vien/%d" % mine["tep"]["id"]
        status, _, _ = contrib.post(own, {"csrf": contrib.csrf(own), "viec": "luu", "alt": "Ảnh của tôi",
                                          "chu_thich": "Chú thích " + "ạ" * 900})
        check(status == 303, "a contributor's edit of their own file (900 Vietnamese letters) answered %d" % status)
        status, _, _ = contrib.post(own, {"csrf": contrib.csrf(own), "viec": "xoa"})
        check(status == 303, "a contributor deleting their own unused file answered %d" % status)
        # CSRF: no token, nothing changes.
        status, _, _ = contrib.post(path, {"viec": "luu", "alt": "x"})
        check(status == 403, "an edit without the token answered %d" % status)
        status, _, _ = upload(contrib, "x.png", png(50, 50, seed=23), "image/png", token="")
        check(status == 403, "an upload without the token answered %d" % status)
        db = sqlite3.connect(s.db)
        alt = db.execute("SELECT alt FROM media_file WHERE id = ?", (theirs["tep"]["id"],)).fetchone()[0]
        edits = db.execute("SELECT count(*) FROM audit_log WHERE action = 'media_edit'").fetchone()[0]
        db.close()
        check(alt == "Cầu Rồng" and edits == 2, "alt %r, %d edits audited" % (alt, edits))
        # Not signed in: nothing.
        status, _, _ = s.request("GET", "/quan-tri/thu-vien/chon")
        check(status == 303, "anonymous picker answered %d" % status)


@test
def the_editors_upload_gets_json_for_a_form_the_core_refuses():
    """The editor's upload asks for JSON: a form the core cannot read (no
    boundary, two files where one is taken) is refused in JSON too."""
    with newsroom_server() as s:
        c = signed_in(s, ADMIN)
        token = c.csrf("/quan-tri/thu-vien/")
        base = {"Cookie": c._cookie_header(), "Origin": "https://ntm.example.gov.vn", "Accept": "application/json"}
        cases = []
        cases.append(("no boundary", dict(base, **{"Content-Type": "multipart/form-data"}), b"--x--\r\n"))
        ctype, body = multipart({"csrf": token}, {"tep": ("a.png", "image/png", png(10, 10))})
        cases.append(("a part without a name", dict(base, **{"Content-Type": ctype}),
                      body.replace(b'name="tep"; ', b"", 1)))
        for what, headers, data in cases:
            status, h, raw = s.request("POST", "/quan-tri/thu-vien/tai-len", headers, data, timeout=30)
            check(400 <= status < 500 and h.get("content-type", "").startswith("application/json"),
                  "%s answered %d %r" % (what, status, h.get("content-type")))
            check(json.loads(raw.decode()).get("loi"), "%s: no sentence in %r" % (what, raw[:200]))


@test
def media_picker_json_for_the_editor():
    with newsroom_server() as s:
        c = signed_in(s, ADMIN)
        _, _, got = upload(c, "cau-long-bien.png", png(820, 410, seed=31), "image/png", alt="Cầu Long Biên")
        status, h, body = c.get("/quan-tri/thu-vien/chon?q=long-bien")
        check(status == 200 and h.get("content-type", "").startswith("application/json"),
              "picker answered %d %r" % (status, h.get("content-type")))
        check(h.get("cache-control") == "no-store", "picker Cache-Control %r" % h.get("cache-control"))
        data = json.loads(body)
        check(data["con_nua"] is False and [f["id"] for f in data["tep"]] == [got["tep"]["id"]], "picker %r" % data)
        # the limit of an alt text or a caption, for the editor's dialog: the library's own
        check(data.get("toi_da_ky_tu") == 1000, "picker limit %r" % data.get("toi_da_ky_tu"))
        library = c.get("/quan-tri/thu-vien/")[2]
        check(library.count('maxlength="1000"') == 2, "the library's form takes another limit")
        f = data["tep"][0]
        for key in ("id", "ten", "loai", "dia_chi", "rong", "cao", "alt", "chu_thich", "srcset"):
            check(key in f, "picker file lacks %s" % key)
        check(f["alt"] == "Cầu Long Biên" and f["srcset"].endswith("820w"), "picker file %r" % f)
        # Alt text is searched too; the demo's pictures fill pages of 40.
        data = json.loads(c.get("/quan-tri/thu-vien/chon?q=C%E1%BA%A7u%20Long")[2])
        check([x["id"] for x in data["tep"]] == [got["tep"]["id"]], "search by alt text %r" % data)
        # typed without diacritics, or in capitals, as every search of the portal takes it
        for typed in ("cau long bien", "CẦU LONG", "Cau%20Long"):
            data = json.loads(c.get("/quan-tri/thu-vien/chon?q=" + urllib.parse.quote(typed, safe="%"))[2])
            check([x["id"] for x in data["tep"]] == [got["tep"]["id"]], "search for %r: %r" % (typed, data))
        data = json.loads(c.get("/quan-tri/thu-vien/chon")[2])
        check(len(data["tep"]) == 40 and data["con_nua"] is True, "first page %d files" % len(data["tep"]))
        status, _, body = c.get("/quan-tri/thu-vien/chon?trang=abc")
        check(status == 400 and "loi" in json.loads(body), "bad page answered %d" % status)
        status, _, page = c.get("/quan-tri/thu-vien/?loai=anh")
        check(status == 200 and page.count('class="media-item"') == 40 and 'rel="next"' in page, "grid page")


@test
def media_upload_over_the_body_limit_is_refused():
    with newsroom_server() as s:
        c = signed_in(s, EDITOR)
        sock = socket.create_connection(("127.0.0.1", s.port), timeout=5)
        sock.sendall(("POST /quan-tri/thu-vien/tai-len HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n"
                      "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 40000000\r\n\r\n"
                      % c._cookie_header()).encode())
        got = b""
        while b"</html>" not in got:
            more = sock.recv(65536)
            if not more:
                break
            got += more
        sock.close()
        check(got.split(b"\r\n")[0].split(b" ")[1:2] == [b"413"], "a 40 MB upload answered %r" % got[:60])
        # the page names what the form says the library takes, not the route's byte limit
        text = got.decode(errors="replace")
        check("JPEG, PNG, WebP đến 15 MB" in text and "PDF đến 20 MB" in text and "21 MB" not in text
              and 'href="/quan-tri/' in text, "the 413 page says: %s" % text[text.find("<main"):][:700])
        # Two files in one form are more than the form takes.
        token = c.csrf("/quan-tri/thu-vien/")
        ctype, body = multipart({"csrf": token}, {"tep": ("a.png", "image/png", png(20, 20)),
                                                  "tep2": ("b.png", "image/png", png(20, 20, seed=2))})
        status, _, page = s.request("POST", "/quan-tri/thu-vien/tai-len",
                                    {"Cookie": c._cookie_header(), "Content-Type": ctype,
                                     "Origin": "https://ntm.example.gov.vn"}, body)
        check(status == 413, "two files answered %d" % status)
        # ...and the page says so, not that the (tiny) files are too large
        text = page.decode()
        check("Mỗi lần chỉ gửi được một tệp" in text and "dung lượng" not in text,
              "two small files are answered with: %s" % text[text.find("<main"):][:600])
        status, _, got = s.request("POST", "/quan-tri/thu-vien/tai-len",
                                   {"Cookie": c._cookie_header(), "Content-Type": ctype, "Accept": "application/json",
                                    "Origin": "https://ntm.example.gov.vn"}, body)
        loi = json.loads(got).get("loi", "")
        check(status == 413 and loi.startswith("Mỗi lần chỉ gửi được một tệp"), "as JSON: %d %r" % (status, loi))


def resident_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS"))


@test
def media_large_files_go_a_piece_at_a_time_and_resume():
    """A 19 MB PDF read by twenty clients that never read their answers: the
    server keeps no copy of it per client (it did, 640 MB for thirty); a
    download resumes where it stopped (Range, If-Range); the copy on disk
    that the server sends from is written again when it is not the file,
    and goes when the file is deleted."""
    import hashlib
    with newsroom_server(timeout="30") as s:
        c = signed_in(s, CHIEF)
        pdf = (b"%PDF-1.4\n1 0 obj\n<< /Length 0 >>\nstream\n" + os.urandom(19 * 2**20)
               + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")
        status, _, got = upload(c, "ke-hoach-lon.pdf", pdf, "application/pdf")
        check(status == 201, "the PDF upload answered %d: %r" % (status, got))
        url = got["tep"]["dia_chi"]
        status, h, body = s.get(url)
        check(status == 200 and hashlib.sha256(body).digest() == hashlib.sha256(pdf).digest(),
              "the PDF came back %d, %d bytes" % (status, len(body)))
        check(h.get("accept-ranges") == "bytes" and h.get("content-type") == "application/pdf"
              and h.get("content-disposition", "").startswith("inline") and "max-age=31536000" in h.get("cache-control", "")
              and h.get("x-content-type-options") == "nosniff", "the PDF's headers: %r" % h)
        before = resident_kb(s.proc.pid)
        slow = []
        for _ in range(20):
            k = socket.create_connection(("127.0.0.1", s.port), timeout=10)
            k.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            k.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % url).encode())
            slow.append(k)
        time.sleep(2)
        grown = resident_kb(s.proc.pid) - before
        for k in slow:
            k.close()
        check(grown < 100 * 1024, "twenty slow readers of a 19 MB file grew the server by %d MB" % (grown // 1024))
        # the rest of a download cut at 10 MB, while the file is the same
        etag = h["etag"]
        status, h2, part = s.get(url, {"Range": "bytes=10485760-", "If-Range": etag})
        check(status == 206 and part == pdf[10485760:] and
              h2.get("content-range") == "bytes 10485760-%d/%d" % (len(pdf) - 1, len(pdf)),
              "resuming answered %d, %d bytes, %r" % (status, len(part), h2.get("content-range")))
        status, _, whole = s.get(url, {"Range": "bytes=10485760-", "If-Range": '"another"'})
        check(status == 200 and len(whole) == len(pdf), "a range of another version answered %d" % status)
        status, _, _ = s.get(url, {"If-None-Match": etag})
        check(status == 304, "a browser's copy answered %d" % status)
        status, _, page = s.get(url, {"Range": "bytes=%d-" % (len(pdf) + 5)})
        check(status == 416 and "Đoạn dữ liệu" in page.decode(), "a range past the end answered %d" % status)
        # the copy on disk, cut short (a crash while it was written), is written again
        copy = os.path.join(s.db + "-media", url.rsplit("/", 1)[1])
        check(os.path.getsize(copy) == len(pdf), "no copy at %s" % copy)
        with open(copy, "r+b") as f:
            f.truncate(1000)
        status, _, body = s.get(url)
        check(status == 200 and body == pdf, "after the copy was cut: %d, %d bytes" % (status, len(body)))
        # the folder emptied away by an operator (it is a cache): made again at the next request
        import shutil
        shutil.rmtree(s.db + "-media")
        status, _, body = s.get(url)
        check(status == 200 and body == pdf and os.path.getsize(copy) == len(pdf),
              "after the folder was removed: %d, %d bytes" % (status, len(body)))
        # deleted: gone from the address and from the disk
        page_path = "/quan-tri/thu-vien/%d" % got["tep"]["id"]
        status, _, _ = c.post(page_path, {"csrf": c.csrf(page_path), "viec": "xoa"})
        check(status == 303, "the delete answered %d" % status)
        status, _, _ = s.get(url)
        check(status == 404 and not os.path.exists(copy), "after the delete: %d, copy kept: %s"
              % (status, os.path.exists(copy)))


@test
def media_pages_pass_the_nu_checker():
    from harness import Failure
    from test_html import VNU
    if not os.path.exists(VNU):
        raise Failure("vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    pages = []
    with newsroom_server() as s:
        c = signed_in(s, CHIEF)
        _, _, got = upload(c, "cau-rong.png", png(900, 500, seed=41), "image/png", alt="Cầu Rồng", caption="Đà Nẵng")
        f = got["tep"]
        pages.append(("library", c.get("/quan-tri/thu-vien/")[2]))
        pages.append(("library-refused", upload(c, "x.png", png(40, 40)[:60], "image/png", as_json=False)[2]))
        pages.append(("file", c.get("/quan-tri/thu-vien/%d" % f["id"])[2]))
        body = '<p>Ảnh</p><p><img src="%s" alt="Cầu Rồng"></p>' % f["dia_chi"]
        status, h, _ = article_form(c, "/quan-tri/bai-viet/moi", "dang", tieu_de="Bài có ảnh nhiều cỡ", noi_dung=body)
        article = int(re.search(r"/quan-tri/bai-viet/(\d+)", h["location"]).group(1))
        pages.append(("file-in-use", c.get("/quan-tri/thu-vien/%d" % f["id"])[2]))
        db = sqlite3.connect(s.db)
        slug, cat = db.execute("SELECT a.slug, c.slug FROM article a JOIN category c ON c.id = a.category_id "
                               "WHERE a.id = ?", (article,)).fetchone()
        db.close()
        pages.append(("article", s.page("/tin-tuc/%s/%s-%d.html" % (cat, slug, article))))
    files = []
    for name, body in pages:
        p = os.path.join(WORK, "vnu-media-%s.html" % name)
        with open(p, "w", encoding="utf-8") as out:
            out.write(body)
        files.append(p)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json"] + files,
                       capture_output=True, text=True, timeout=180)
    report = json.loads(p.stderr or p.stdout or '{"messages": []}')
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    detail = "; ".join("%s:%s %s" % (os.path.basename(m.get("url", "")), m.get("lastLine"), m.get("message"))
                       for m in errors[:10])
    check(not errors, "%d Nu checker errors: %s" % (len(errors), detail))


@test
def card_pictures_rendered_without_the_cache_follow_every_write():
    """Without the page cache a card's picture is kept per thread while the
    database is unchanged: a file changed by another process (as `dinh` run
    beside the server would) shows on the next render of the home page."""
    with newsroom_server(args=["--no-cache"], threads=1) as s:
        home = s.page("/")
        m = re.search(r'<img src="/media/([a-z0-9._-]+)" alt="[^"]*" width="(\d+)" height="(\d+)"', home)
        check(m, "the home page shows no card picture")
        name, width, height = m.group(1), int(m.group(2)), int(m.group(3))
        tag = '<img src="/media/%s" alt="" width="%d" height="%d"'
        for _ in range(3):
            check(tag % (name, width, height) in s.page("/"), "the card's picture changed by itself")
        db = sqlite3.connect(s.db, timeout=10)
        with db:
            db.execute("UPDATE media_file SET width = ?, height = ? WHERE name = ?", (width * 2, height * 2, name))
        db.close()
        check(tag % (name, width * 2, height * 2) in s.page("/"), "the card did not follow another process's write")
        # and back: each write is seen, not only the first
        db = sqlite3.connect(s.db, timeout=10)
        with db:
            db.execute("UPDATE media_file SET width = ?, height = ? WHERE name = ?", (width, height, name))
        db.close()
        check(tag % (name, width, height) in s.page("/"), "the card did not follow the second write")
