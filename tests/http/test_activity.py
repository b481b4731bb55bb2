"""test_activity.py - the NTM office's training courses and delegation visits:
managed at /quan-tri/nong-thon-moi/hoat-dong/ by the office (and
administrators) only, public at /nong-thon-moi/tap-huan/ and
/nong-thon-moi/doan-cong-tac/ once published, as the office and the public
would meet them; bad input comes back 400 with its message beside the field."""
import datetime
import html
import re
import sqlite3

from harness import check, test
from test_newsroom import ADMIN, EDITOR, Client, db_rows, newsroom_server, signed_in

BASE = "/quan-tri/nong-thon-moi/hoat-dong/"
NEW_TRAINING = BASE + "tap-huan/moi"
NEW_VISIT = BASE + "doan-cong-tac/moi"
OFFICE, DEPARTMENT, REPORTER = "vanphong", "songanh", "canboxa"
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def dateline(iso):
    """'2027-01-15' -> 'Thứ sáu - 15/01/2027', as the portal's articles write dates."""
    d = datetime.date.fromisoformat(iso)
    return "%s - %02d/%02d/%04d" % (WEEKDAYS[d.weekday()], d.day, d.month, d.year)


def db_one(server, sql, *args):
    db = sqlite3.connect(server.db)
    try:
        return db.execute(sql, args).fetchone()
    finally:
        db.close()


def count_items(server):
    return db_one(server, "SELECT count(*) FROM activity_item")[0]


def main_of(body):
    m = re.search(r"<main.*?</main>", body, re.S)
    check(m, "no <main> on the page")
    return html.unescape(m.group(0))


def training_fields(client, path, **kw):
    fields = {"csrf": client.csrf(path), "thao-tac": "luu", "tieu-de": "Lớp tập huấn thử nghiệm về tiêu chí thu nhập",
              "tu-ngay": "2027-01-13", "den-ngay": "2027-01-15", "dia-diem": "Hội trường UBND xã Thạch Hà",
              "don-vi": "Văn phòng Điều phối nông thôn mới tỉnh", "thanh-phan": "Cán bộ nông nghiệp các xã",
              "so-nguoi": "1250", "tom-tat": "Dòng đầu của nội dung.\n\nDòng thứ hai, có dấu “ngoặc” & <thẻ>.",
              "tai-lieu": "", "trang-thai": "nhap"}
    fields.update(kw)
    return fields


def units_of_form(body):
    """The communes offered in the first stop's choice: [(code, name)]."""
    m = re.search(r'<select id="hd-xa-1" name="xa-1"[^>]*>(.*?)</select>', body, re.S)
    check(m, "the visit form has no commune choice")
    return [(c, html.unescape(n)) for c, n in re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', m.group(1))]


def visit_fields(client, path, stops, **kw):
    fields = {"csrf": client.csrf(path), "thao-tac": "luu", "tieu-de": "Đoàn công tác kiểm tra tiêu chí giao thông",
              "tu-ngay": "2027-02-02", "den-ngay": "2027-02-03",
              "truong-doan": "Phó Chánh Văn phòng Điều phối nông thôn mới tỉnh",
              "thanh-vien": "Chuyên viên Nguyễn Thị Hoa\nChuyên viên Trần Văn Bình",
              "muc-dich": "Kiểm tra tiến độ cứng hóa đường trục xã.", "ket-luan": "Đề nghị đẩy nhanh tiến độ.",
              "trang-thai": "cong-bo"}
    for i, (code, day, t_from, t_to) in enumerate(stops, 1):
        fields.update({"xa-%d" % i: code, "ngay-%d" % i: day, "tu-%d" % i: t_from, "den-%d" % i: t_to})
    fields.update(kw)
    return fields


def saved_id(status, headers, body):
    check(status == 303, "saving answered %d: %s" % (status, re.sub(r"\s+", " ", body)[:400]))
    m = re.match(r"/quan-tri/nong-thon-moi/hoat-dong/(\d+)\?thong-bao=da-luu$", headers.get("location", ""))
    check(m, "saving went to %r" % headers.get("location"))
    return int(m.group(1))


def public_link(server, list_path, item_id):
    """The address the public list gives item `item_id`, or None."""
    status, _, body = server.request("GET", list_path)
    check(status == 200, "%s answered %d" % (list_path, status))
    m = re.search(r'href="(%s%d-[a-z0-9-]+)"' % (re.escape(list_path), item_id), body.decode())
    return m.group(1) if m else None


@test
def activity_pages_are_the_offices_alone():
    with newsroom_server() as s:
        before = count_items(s)
        # anonymous: asked to sign in, and a form changes nothing
        for path in (BASE, NEW_TRAINING, NEW_VISIT, BASE + "1"):
            status, h, _ = s.request("GET", path)
            check(status == 303 and h.get("location", "").startswith("/quan-tri/dang-nhap"),
                  "anonymous GET %s answered %d" % (path, status))
        status, _, _ = s.request("POST", NEW_TRAINING, {"Content-Type": "application/x-www-form-urlencoded"},
                                 b"tieu-de=x")
        check(status in (303, 403), "an anonymous form answered %d" % status)
        for login in (REPORTER, DEPARTMENT, EDITOR):
            c = signed_in(s, login)
            for path in (BASE, NEW_TRAINING, NEW_VISIT, BASE + "1"):
                status, _, body = c.get(path)
                check(status == 403 and "Không có quyền" in body, "%s GET %s answered %d" % (login, path, status))
            token = c.csrf()
            for path in (NEW_TRAINING, BASE + "1"):
                status, _, _ = c.post(path, {"csrf": token, "thao-tac": "luu", "tieu-de": "Lớp của " + login,
                                             "tu-ngay": "2027-01-01", "den-ngay": "2027-01-01", "dia-diem": "X",
                                             "don-vi": "Y", "trang-thai": "cong-bo"})
                check(status == 403, "%s POST %s answered %d" % (login, path, status))
        check(count_items(s) == before, "a refused account changed the activities")
        check(db_one(s, "SELECT title FROM activity_item WHERE id = 1")[0].startswith("Tập huấn"),
              "a refused account changed item 1")
        # the office and administrators may
        for login in (OFFICE, ADMIN):
            c = signed_in(s, login)
            status, h, body = c.get(BASE)
            check(status == 200 and "Tập huấn, đoàn công tác" in body, "%s's list answered %d" % (login, status))
            check(h.get("cache-control") == "no-store", "the admin list is cacheable: %r" % h.get("cache-control"))
            for path in (NEW_TRAINING, NEW_VISIT, BASE + "1"):
                status, h, body = c.get(path)
                check(status == 200 and 'action="%s"' % path in body,
                      "%s's form at %s answered %d or posts elsewhere" % (login, path, status))
        # a page past the end answers 404, as the public list does; an empty year says which year
        office = signed_in(s, OFFICE)
        check(office.get(BASE + "?trang=999")[0] == 404, "a page past the end of the office's list")
        status, _, body = office.get(BASE + "?nam=2001")
        check(status == 200 and "Chưa có hoạt động nào trong năm 2001." in body, "an empty year: %d" % status)


@test
def forms_without_the_token_change_nothing():
    with newsroom_server() as s:
        c = signed_in(s, OFFICE)
        before = count_items(s)
        fields = training_fields(c, NEW_TRAINING)
        token = fields.pop("csrf")
        status, _, _ = c.post(NEW_TRAINING, fields)
        check(status == 403, "a form without its token answered %d" % status)
        status, _, _ = c.post(NEW_TRAINING, dict(fields, csrf="x" * 43))
        check(status == 403, "a form with a wrong token answered %d" % status)
        status, _, _ = c.post(NEW_TRAINING, dict(fields, csrf=token), {"Origin": "https://evil.example"})
        check(status == 403, "a form from another site answered %d" % status)
        check(count_items(s) == before, "a refused form added an activity")
        status, h, body = c.post(NEW_TRAINING, dict(fields, csrf=token))
        saved_id(status, h, body)


@test
def a_training_course_goes_public_when_published_and_leaves_as_a_draft():
    with newsroom_server() as s:
        c = signed_in(s, OFFICE)
        media = db_one(s, "SELECT id, name FROM media_file ORDER BY id LIMIT 1")
        fields = training_fields(c, NEW_TRAINING, **{"tai-lieu": str(media[0]) if media else ""})
        item = saved_id(*c.post(NEW_TRAINING, fields))
        status, _, body = c.get(BASE + "%d?thong-bao=da-luu" % item)
        check(status == 200 and "Đã lưu bản nháp" in body, "the saved form answered %d without its notice" % status)
        check('value="Lớp tập huấn thử nghiệm về tiêu chí thu nhập"' in body, "the form lost the title")
        if media:  # a course's material is a use: the library says where and keeps the file
            file_path = "/quan-tri/thu-vien/%d" % media[0]
            admin = signed_in(s, ADMIN)  # who may delete any file
            status, _, page = admin.get(file_path)
            check(status == 200 and "Lớp tập huấn số %d" % item in page and
                  'href="%s%d"' % (BASE, item) in page, "the file's page does not name the course")
            status, _, page = admin.post(file_path, {"csrf": admin.csrf(file_path), "viec": "xoa"})
            check(status == 409 and "Lớp tập huấn số %d" % item in page, "deleting a material answered %d" % status)
            check(db_one(s, "SELECT count(*) FROM media_file WHERE id = ?", media[0])[0] == 1, "the material is gone")
        # a draft is nowhere public
        list_path = "/nong-thon-moi/tap-huan/"
        check(public_link(s, list_path, item) is None, "a draft is in the public list")
        status, _, _ = s.request("GET", "/nong-thon-moi/tap-huan/%d" % item)
        check(status == 404, "a draft's page answered %d" % status)
        status, _, body = c.get(BASE + "?loai=tap-huan&nam=2027")
        check(status == 200 and "Bản nháp" in body and "Lớp tập huấn thử nghiệm" in body,
              "the admin list does not show the draft")
        # published: first in the list (newest first), with what was typed
        c.post(BASE + str(item), dict(fields, csrf=c.csrf(BASE + str(item)), **{"trang-thai": "cong-bo"}))
        url = public_link(s, list_path, item)
        check(url, "a published course is not in the public list")
        status, _, body = s.request("GET", list_path)
        first = re.search(r'<ul class="news-list activity-list">.*?href="([^"]+)"', body.decode(), re.S)
        check(first and first.group(1) == url, "the newest course is not first in the list")
        status, h, body = s.request("GET", url)
        check(status == 200, "the course's page answered %d" % status)
        page = main_of(body.decode())
        for value in ("Lớp tập huấn thử nghiệm về tiêu chí thu nhập", "Hội trường UBND xã Thạch Hà",
                      "Văn phòng Điều phối nông thôn mới tỉnh", "Cán bộ nông nghiệp các xã", "1.250",
                      "Dòng đầu của nội dung.", "Dòng thứ hai, có dấu “ngoặc” & <thẻ>.",
                      "%s đến %s" % (dateline("2027-01-13"), dateline("2027-01-15"))):
            check(value in page, "the course's page lacks %r" % value)
        check("<thẻ>" not in body.decode(), "the summary reached the page unescaped")
        if media:
            check('href="/media/%s"' % media[1] in body.decode(), "the material is not linked")
        # the same page without its slug, or with another, goes to this one
        status, h, _ = s.request("GET", "/nong-thon-moi/tap-huan/%d-sai-duong-dan" % item)
        check(status == 301 and h.get("location", "").endswith(url), "a wrong slug answered %d" % status)
        # an edit shows at once (the page cache drops the page), a draft again leaves
        c.post(BASE + str(item), dict(fields, csrf=c.csrf(BASE + str(item)), **{"trang-thai": "cong-bo",
                                                                              "dia-diem": "Nhà văn hóa thôn Trung"}))
        status, _, body = s.request("GET", url)
        check("Nhà văn hóa thôn Trung" in body.decode(), "the edit is not on the public page")
        c.post(BASE + str(item), dict(fields, csrf=c.csrf(BASE + str(item))))
        status, _, _ = s.request("GET", url)
        check(status == 404, "a course made a draft again answered %d" % status)
        check(public_link(s, list_path, item) is None, "a course made a draft again is still listed")
        # the audit log has every step, by whom
        db = sqlite3.connect(s.db)
        rows = db.execute("SELECT login, action, object, detail FROM audit_log WHERE action LIKE 'activity_%' "
                          "AND object LIKE ? ORDER BY id", ("lớp tập huấn %d:%%" % item,)).fetchall()
        db.close()
        check([r[1] for r in rows] == ["activity_create", "activity_publish", "activity_edit", "activity_edit"],
              "the audit log holds %r" % [r[1] for r in rows])
        check(all(r[0] == OFFICE for r in rows), "the audit log names %r" % {r[0] for r in rows})
        check("công bố → bản nháp" in rows[-1][3], "the audit detail %r lacks the change of state" % rows[-1][3])
        admin = signed_in(s, ADMIN)
        status, _, body = admin.get("/quan-tri/nhat-ky/")
        check("lớp tập huấn %d" % item in body, "the audit page does not show the course")


@test
def a_visit_shows_its_itinerary_in_order_with_links_to_the_communes():
    with newsroom_server() as s:
        c = signed_in(s, OFFICE)
        status, _, body = c.get(NEW_VISIT)
        check(status == 200, "the visit form answered %d" % status)
        units = units_of_form(body)
        check(len(units) >= 60, "the form offers %d communes of the province" % len(units))
        (a, a_name), (b, b_name), (k, k_name) = units[10], units[3], units[30]
        stops = [(a, "2027-02-02", "08:00", "10:30"), (b, "2027-02-02", "14:00", "16:00"),
                 (k, "2027-02-03", "08:30", "11:00")]
        # without script: moving, adding and dropping stops shows the form again and saves nothing
        before = count_items(s)
        status, _, body = c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, stops, **{"thao-tac": "len-2"}))
        check(status == 200, "moving a stop answered %d" % status)
        order = re.findall(r'<select id="hd-xa-\d+" name="xa-\d+"[^>]*>.*?<option value="(\d+)" selected>', body,
                           re.S)
        check(order == [b, a, k], "moving stop 2 up gave %r" % order)
        check('value="Đoàn công tác kiểm tra tiêu chí giao thông"' in body, "the form lost the title")
        status, _, body = c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, stops, **{"thao-tac": "them"}))
        check(status == 200 and 'name="xa-4"' in body and 'name="xa-5"' not in body,
              "adding a stop did not give a fourth row")
        status, _, body = c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, stops, **{"thao-tac": "bo-1"}))
        order = re.findall(r'<option value="(\d+)" selected>', body)
        check(status == 200 and order == [b, k], "dropping stop 1 gave %r" % order)
        check(count_items(s) == before, "a stop operation saved the visit")
        # saved in the order given
        item = saved_id(*c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, stops)))
        list_path = "/nong-thon-moi/doan-cong-tac/"
        url = public_link(s, list_path, item)
        check(url, "the published visit is not in the public list")
        status, _, body = s.request("GET", url)
        check(status == 200, "the visit's page answered %d" % status)
        page = body.decode()
        itinerary = re.search(r'<ol class="activity-itinerary">(.*?)</ol>', page, re.S)
        check(itinerary, "the visit's page has no itinerary")
        got = re.findall(r'<time datetime="([\d-]+)">([^<]*)</time>, ([\d:]+)–([\d:]+)</span>: '
                         r'<a href="/nong-thon-moi/xa/(\d+)">([^<]*)</a>', itinerary.group(1))
        want = [(d, dateline(d), f, t, code, name) for (code, d, f, t), name in zip(stops, (a_name, b_name, k_name))]
        check([tuple(html.unescape(x) for x in g) for g in got] == want,
              "the itinerary shows %r, not %r" % (got, want))
        for code in (a, b, k):
            status, _, _ = s.request("GET", "/nong-thon-moi/xa/%s" % code)
            check(status == 200, "the commune page of %s answered %d" % (code, status))
        text = main_of(page)
        for value in ("Phó Chánh Văn phòng Điều phối nông thôn mới tỉnh", "Chuyên viên Nguyễn Thị Hoa",
                      "Chuyên viên Trần Văn Bình", "Kiểm tra tiến độ cứng hóa đường trục xã.",
                      "Đề nghị đẩy nhanh tiến độ."):
            check(value in text, "the visit's page lacks %r" % value)
        detail = db_one(s, "SELECT detail FROM audit_log WHERE action = 'activity_create' AND object LIKE ?",
                        "đoàn công tác %d:%%" % item)
        check(detail and a_name in detail[0] and k_name in detail[0], "the audit entry lacks the itinerary")
        # a visit of one day: a stop sent without its day is on that day
        one_day = visit_fields(c, NEW_VISIT, [(a, "", "08:00", "09:00")],
                               **{"tu-ngay": "2027-02-05", "den-ngay": "2027-02-05"})
        item = saved_id(*c.post(NEW_VISIT, one_day))
        day = db_one(s, "SELECT day FROM activity_stop WHERE item_id = ?", item)
        check(day == ("2027-02-05",), "a one-day visit's stop is on %r" % (day,))


@test
def bad_activity_input_comes_back_with_its_message():
    with newsroom_server() as s:
        c = signed_in(s, OFFICE)
        status, _, body = c.get(NEW_VISIT)
        units = units_of_form(body)
        good = [(units[0][0], "2027-02-02", "08:00", "10:00")]
        before = count_items(s)
        cases = [
            ("visit", {"xa-1": "99999"}, "Không có xã, phường mang mã này trong tỉnh."),
            ("visit", {"den-ngay": "2027-02-01"}, "Ngày kết thúc không được trước ngày bắt đầu."),
            ("visit", {"ngay-1": "2027-03-01"}, "Ngày đến phải nằm trong thời gian của đoàn."),
            ("visit", {"tu-1": "11:00", "den-1": "09:00"}, "Giờ rời đi phải sau giờ đến."),
            ("visit", {"truong-doan": "A" * 301}, "Trưởng đoàn chỉ một dòng, tối đa 300 ký tự."),
            ("visit", {"xa-1": ""}, "Hãy chọn xã, phường của điểm đến."),
            ("visit", {"tieu-de": "Đ" * 301}, "Tiêu đề chỉ một dòng, tối đa 300 ký tự."),
            ("visit", {"tieu-de": "\u200b\u3000"}, "Cần nhập tiêu đề."),  # shows nothing: no title
            ("visit", {"muc-dich": ""}, "Cần nhập mục đích, nội dung làm việc của đoàn."),
            ("training", {"den-ngay": "2027-01-10"}, "Ngày kết thúc không được trước ngày bắt đầu."),
            ("training", {"so-nguoi": "mười"}, "Số người được tập huấn là một số từ 0 đến 100.000."),
            ("training", {"so-nguoi": "1.000,5"}, "Số người được tập huấn là một số từ 0 đến 100.000."),
            ("training", {"tai-lieu": "999999"}, "Có số tệp không có trong thư viện tệp"),
            ("training", {"tom-tat": "x" * 10001}, "Nội dung tóm tắt quá dài (tối đa 10.000 ký tự)."),
            ("training", {"tu-ngay": "2027-02-30"}, "Cần nhập ngày bắt đầu"),
        ]
        for kind, change, message in cases:
            path = NEW_VISIT if kind == "visit" else NEW_TRAINING
            fields = visit_fields(c, path, good) if kind == "visit" else training_fields(c, path)
            fields.update(change)
            status, h, body = c.post(path, fields)
            check(status == 400, "%s %r answered %d" % (kind, change, status))
            check(message in html.unescape(body), "%s %r: the page lacks %r" % (kind, change, message))
            check('class="field-error"' in body and 'aria-invalid="true"' in body,
                  "%s %r: the problem is not beside its field" % (kind, change))
            check(h.get("cache-control") == "no-store", "a refused form is cacheable")
            title = fields["tieu-de"]
            if not title.strip("\u200b\u3000 "):
                title = ""  # what showed nothing comes back as nothing
            check('value="%s"' % html.escape(title, quote=True) in body, "%s %r: the title was lost" % (kind, change))
        # the itinerary in the order visited: a stop before the one above it,
        # or hours overlapping on one day, is refused beside that stop
        for stops in ([(units[0][0], "2027-02-02", "08:00", "10:00"), (units[1][0], "2027-02-01", "08:00", "10:00")],
                      [(units[0][0], "2027-02-02", "08:00", "11:00"), (units[1][0], "2027-02-02", "09:00", "10:00")]):
            fields = visit_fields(c, NEW_VISIT, stops)
            fields.update({"tu-ngay": "2027-02-01", "den-ngay": "2027-02-03"})
            status, _, body = c.post(NEW_VISIT, fields)
            check(status == 400 and "bắt đầu trước khi điểm trước đó kết thúc" in html.unescape(body),
                  "an itinerary out of order %r answered %d" % (stops, status))
        # a thousand trainees written the Vietnamese way
        fields = training_fields(c, NEW_TRAINING)
        fields["so-nguoi"] = "1.000"
        status, h, _ = c.post(NEW_TRAINING, fields)
        check(status == 303, "1.000 trainees answered %d" % status)
        check(db_rows(s.db, "SELECT trained FROM activity_item ORDER BY id DESC LIMIT 1") == [(1000,)],
              "1.000 trainees stored as %r" % db_rows(s.db, "SELECT trained FROM activity_item ORDER BY id DESC LIMIT 1"))
        before += 1
        # too many stops: 31
        many = [(units[i % len(units)][0], "2027-02-02", "07:00", "07:30") for i in range(31)]
        status, _, body = c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, many))
        check(status == 400 and "Một đoàn công tác có tối đa 30 điểm đến." in body,
              "31 stops answered %d" % status)
        # no stop at all
        status, _, body = c.post(NEW_VISIT, visit_fields(c, NEW_VISIT, []))
        check(status == 400 and "Cần ít nhất một xã, phường mà đoàn đến làm việc." in body,
              "a visit without stops answered %d" % status)
        check(count_items(s) == before, "a refused form saved an activity")
        # an unknown item, and an id that is not one
        for path in (BASE + "999999", BASE + "abc"):
            status, _, _ = c.get(path)
            check(status == 404, "GET %s answered %d" % (path, status))
        status, _, _ = c.get(BASE + "?loai=khac")
        check(status == 400, "an unknown kind answered %d" % status)


@test
def drafts_are_never_public_and_the_dashboard_links_the_lists():
    with newsroom_server() as s:
        db = sqlite3.connect(s.db)
        drafts = db.execute("SELECT id, kind FROM activity_item WHERE published = 0").fetchall()
        published = db.execute("SELECT id, kind, title FROM activity_item WHERE published = 1").fetchall()
        db.close()
        check(drafts and published, "the demo has no drafts or no published activities")
        paths = {"training": "/nong-thon-moi/tap-huan/", "visit": "/nong-thon-moi/doan-cong-tac/"}
        for item, kind in drafts:
            status, _, _ = s.request("GET", "%s%d" % (paths[kind], item))
            check(status == 404, "draft %d answered %d" % (item, status))
            check(public_link(s, paths[kind], item) is None, "draft %d is listed" % item)
        for item, kind, title in published:
            url = public_link(s, paths[kind], item)
            check(url, "published %d is not listed" % item)
            other = paths["visit" if kind == "training" else "training"]
            status, _, _ = s.request("GET", "%s%d" % (other, item))
            check(status == 404, "item %d answers under the other kind's address: %d" % (item, status))
        status, _, body = s.request("GET", "/nong-thon-moi/")
        page = body.decode()
        for path in paths.values():
            check('href="%s"' % path in page, "the dashboard does not link %s" % path)
        for path in ("/nong-thon-moi/tap-huan/?trang=0", "/nong-thon-moi/tap-huan/?trang=x"):
            status, _, _ = s.request("GET", path)
            check(status == 400, "%s answered %d" % (path, status))
        status, _, _ = s.request("GET", "/nong-thon-moi/tap-huan/?trang=99")
        check(status == 404, "a page past the end answered %d" % status)


@test
def init_records_the_materials_of_courses_saved_before_the_library_was_told():
    """A database whose courses' materials are not yet uses of their files (as
    before media_use knew courses) gets them at `dinh init`."""
    from harness import DINH, fresh_db, run
    path = fresh_db("activity-uses.db")
    db = sqlite3.connect(path)
    with db:
        want = db.execute("SELECT count(*) FROM activity_material").fetchone()[0]
        db.execute("DELETE FROM media_use WHERE owner_kind = 'activity'")
    db.close()
    check(want > 0, "the demo has no course with materials")
    code, _, err = run([DINH, "init", "--db", path], timeout=120)
    check(code == 0, "dinh init failed: %s" % err[-500:])
    db = sqlite3.connect(path)
    got = db.execute("SELECT count(*) FROM media_use u JOIN activity_material m ON m.item_id = u.owner_id "
                     "AND m.media_id = u.media_id WHERE u.owner_kind = 'activity'").fetchone()[0]
    db.close()
    check(got == want, "%d of %d materials recorded as uses" % (got, want))
