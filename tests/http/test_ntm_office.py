"""test_ntm_office.py - the NTM office's management pages under
/quan-tri/nong-thon-moi/van-phong/: who may use them, the forms and their
Vietnamese problems, recognition refused when the accepted data does not
meet every criterion, criteria sets versioned when in use, plans, sponsors,
models and funds shown on the public commune page, merges and splits, the
audit log, and CSRF."""
import html
import re
import sqlite3

from harness import check, test
from test_newsroom import ADMIN, Client, newsroom_server, signed_in

OFFICE = "/quan-tri/nong-thon-moi/van-phong/"
PAGES = ["tai-khoan/", "cong-nhan/", "ke-hoach/", "phan-cong/", "do-dau/", "mo-hinh/", "nguon-von/", "don-vi/",
         "bo-tieu-chi/", "bo-tieu-chi/QD318-2022"]


def rows(path, sql, *args):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def one(path, sql, *args):
    r = rows(path, sql, *args)
    return r[0] if r else None


def send(client, page, action, fields):
    """POSTs a form of `page` with the session's token; (status, headers, body)."""
    data = dict(fields)
    data["csrf"] = client.csrf(OFFICE + page)
    return client.post(OFFICE + action, data)


def saved(result, what):
    status, h, body = result
    check(status == 303 and "thong-bao=da-luu" in h.get("location", ""),
          "%s answered %d: %s" % (what, status, re.sub(r"\s+", " ", body)[:600]))


def db_has(path, sql):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchone() is not None
    finally:
        db.close()


def field_error(body, field_id):
    m = re.search(r'<p class="field-error" id="%s-loi">([^<]*)</p>' % re.escape(field_id), body)
    return html.unescape(m.group(1)) if m else None


def audit(path, action):
    return rows(path, "SELECT login, object, detail FROM audit_log WHERE action = ? ORDER BY id", action)


def unit_id(path, code):
    return one(path, "SELECT id FROM ntm_unit WHERE code = ? AND valid_to IS NULL", code)[0]


def public(srv, code):
    status, _, body = srv.request("GET", "/nong-thon-moi/xa/%s" % code)
    check(status == 200, "the public page of %s answered %d" % (code, status))
    return body.decode()


@test
def ntm_office_pages_refuse_others():
    """Reporters and department officers get 403 on every page and form,
    anonymous visitors the login page, and a form without the token
    changes nothing."""
    with newsroom_server() as s:
        anonymous = Client(s)
        for page in PAGES:
            status, h, _ = anonymous.get(OFFICE + page)
            check(status == 303 and "/quan-tri/dang-nhap" in h.get("location", ""),
                  "anonymous GET %s answered %d" % (page, status))
        for login in ("canboxa", "songanh"):
            c = signed_in(s, login)
            token = c.csrf("/quan-tri/")
            for page in PAGES:
                status, _, body = c.get(OFFICE + page)
                check(status == 403, "%s GET %s answered %d" % (login, page, status))
            for action in ("cong-nhan/", "ke-hoach/", "ke-hoach/tieu-chi", "phan-cong/", "do-dau/", "do-dau/nhiem-vu",
                           "mo-hinh/", "nguon-von/", "don-vi/sap-nhap", "don-vi/chia-tach",
                           "bo-tieu-chi/QD318-2022/muc-tieu", "tai-khoan/1"):
                status, _, _ = c.post(OFFICE + action, {"csrf": token, "don-vi": "1"})
                check(status == 403, "%s POST %s answered %d" % (login, action, status))
        for login in ("vanphong", ADMIN):
            c = signed_in(s, login)
            for page in PAGES:
                status, h, body = c.get(OFFICE + page)
                check(status == 200, "%s GET %s answered %d" % (login, page, status))
                check("no-store" in h.get("cache-control", ""), "%s is not no-store" % page)
        # no token: refused, nothing written
        c = signed_in(s, "vanphong")
        before = rows(s.db, "SELECT count(*) FROM ntm_fund")[0][0]
        unit = rows(s.db, "SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' "
                          "AND u.valid_to IS NULL LIMIT 1")[0][0]
        status, _, _ = c.post(OFFICE + "nguon-von/", {"don-vi": str(unit), "nam": "2030", "nguon": "khac",
                                                      "so-tien": "5"})
        check(status == 403, "a form without its token answered %d" % status)
        status, _, _ = c.post(OFFICE + "nguon-von/", {"csrf": "x" * 43, "don-vi": str(unit), "nam": "2030",
                                                      "nguon": "khac", "so-tien": "5"})
        check(status == 403, "a form with a wrong token answered %d" % status)
        check(rows(s.db, "SELECT count(*) FROM ntm_fund")[0][0] == before, "a refused form wrote a fund")


@test
def ntm_office_gives_reporters_communes_and_officers_a_department():
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        status, _, body = office.get(OFFICE + "tai-khoan/")
        check(status == 200 and "canboxa" in body and "songanh" in body and "vanphong" in body,
              "the account list misses an NTM account")
        reporter = one(s.db, "SELECT id FROM users WHERE login = 'canboxa'")[0]
        officer = one(s.db, "SELECT id FROM users WHERE login = 'songanh'")[0]
        units = [r[0] for r in rows(s.db, "SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                          "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code LIMIT 5")]
        page = "tai-khoan/%d" % reporter
        # a unit outside the province: the problem beside the field, the choice kept
        outside = one(s.db, "SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code <> '42' "
                            "AND u.valid_to IS NULL LIMIT 1")[0]
        data = [("xa", str(units[2])), ("xa", str(outside))]
        token = office.csrf(OFFICE + page)
        import urllib.parse
        status, _, body = s.request("POST", OFFICE + page,
                                    {"Cookie": office._cookie_header(),
                                     "Content-Type": "application/x-www-form-urlencoded",
                                     "Origin": "https://ntm.example.gov.vn"},
                                    urllib.parse.urlencode(data + [("csrf", token)]).encode())
        body = body.decode()
        check(status == 400, "a unit outside the province answered %d" % status)
        check(field_error(body, "pham-vi-xa") and "không thuộc" in field_error(body, "pham-vi-xa"),
              "no problem beside the communes")
        check(re.search(r'value="%d" checked' % units[2], body), "the ticked commune was not kept")
        # three communes
        status, _, _ = s.request("POST", OFFICE + page,
                                 {"Cookie": office._cookie_header(),
                                  "Content-Type": "application/x-www-form-urlencoded",
                                  "Origin": "https://ntm.example.gov.vn"},
                                 urllib.parse.urlencode([("xa", str(u)) for u in units[:3]] +
                                                        [("csrf", token)]).encode())
        check(status == 303, "saving three communes answered %d" % status)
        got = [r[0] for r in rows(s.db, "SELECT unit_id FROM ntm_scope_unit WHERE user_id = ? ORDER BY unit_id",
                                  reporter)]
        check(got == sorted(units[:3]), "the reporter's communes are %r, not %r" % (got, units[:3]))
        check(audit(s.db, "ntm_scope")[-1][1] == "tài khoản canboxa", "the change is not in the audit log")
        # the officer's department: one of the list, or refused
        status, _, body = send(office, "tai-khoan/%d" % officer, "tai-khoan/%d" % officer, {"so-nganh": "Sở Bịa"})
        check(status == 400 and field_error(body, "pham-vi-so-nganh"), "an unknown department answered %d" % status)
        dep = one(s.db, "SELECT DISTINCT name FROM ntm_responsible WHERE kind = 'department' ORDER BY name")[0]
        saved(send(office, "tai-khoan/%d" % officer, "tai-khoan/%d" % officer, {"so-nganh": dep}), "the department")
        check(one(s.db, "SELECT department FROM ntm_scope_department WHERE user_id = ?", officer)[0] == dep,
              "the department was not recorded")
        # an account that is not an NTM one has no page here
        status, _, _ = office.get(OFFICE + "tai-khoan/%d" % one(s.db, "SELECT id FROM users WHERE login = ?", ADMIN)[0])
        check(status == 404, "a newsroom account's scope page answered %d" % status)
        # the newsroom's user page links here for NTM roles
        admin = signed_in(s, ADMIN)
        status, _, body = admin.get("/quan-tri/nguoi-dung/%d" % reporter)
        check(status == 200 and OFFICE + "tai-khoan/?ten=canboxa" in body,
              "the user page does not link to the reporter's communes")
        status, h, _ = admin.get(OFFICE + "tai-khoan/?ten=canboxa")
        check(status == 303 and h.get("location", "").endswith("tai-khoan/%d" % reporter),
              "the link from the user page answered %d" % status)


@test
def ntm_recognition_is_refused_unless_every_criterion_is_met():
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        province = "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42')"
        failing = one(s.db, "SELECT a.unit_id, u.code, a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                            "JOIN ntm_set st ON st.id = a.set_id WHERE st.code = 'QD51-2025' AND a.year = 2026 "
                            "AND a.quarter = 0 AND a.state = 'accepted' AND a.unit_state = 0 AND a.unit_id IN "
                            + province + " ORDER BY u.code LIMIT 1")
        passing = one(s.db, "SELECT a.unit_id, u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                            "JOIN ntm_set st ON st.id = a.set_id WHERE st.code = 'QD51-2025' AND a.year = 2026 "
                            "AND a.quarter = 0 AND a.state = 'accepted' AND a.unit_state = 1 AND a.criteria_met = "
                            "a.criteria_total AND a.unit_id IN " + province + " ORDER BY u.code LIMIT 1")
        check(failing and passing, "the demo has communes meeting and not meeting the 2026 set")
        missing = rows(s.db, "SELECT c.number FROM ntm_criterion c JOIN ntm_result r ON r.criterion_id = c.id "
                             "WHERE r.assessment_id = ? AND r.state <> 1 ORDER BY c.sort", failing[2])
        before = rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0]
        form = {"danh-hieu": "ntm", "loai": "cong_nhan", "nam": "2026", "so": "512/QĐ-UBND",
                "ngay": "2026-11-20", "co-quan": "Chủ tịch UBND tỉnh Hà Tĩnh"}
        status, _, body = send(office, "cong-nhan/", "cong-nhan/", dict(form, **{"don-vi": str(failing[0])}))
        text = html.unescape(body)
        check(status == 400 and "Chưa công nhận được" in text, "recognition of a failing commune answered %d" % status)
        for (number,) in missing:
            check(" %s. " % number in text or "; %s. " % number in text or ": %s. " % number in text,
                  "the refusal does not name criterion %s" % number)
        check('value="512/QĐ-UBND"' in text, "the refused form lost the decision number")
        check(rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0] == before, "a refused recognition was written")
        # a malformed number, a bad date: beside their fields
        status, _, body = send(office, "cong-nhan/", "cong-nhan/",
                               dict(form, **{"don-vi": str(passing[0]), "so": "QĐ-UBND//", "ngay": "20/11/2026"}))
        check(status == 400 and field_error(body, "cong-nhan-so") and field_error(body, "cong-nhan-ngay"),
              "bad number and date answered %d without their problems" % status)
        # a document in /van-ban/ with that number is linked
        doc = one(s.db, "SELECT d.id, d.number_canonical FROM document d WHERE d.number_canonical LIKE '%/QĐ-UBND' "
                        "AND d.published = 1 ORDER BY d.id LIMIT 1")
        number = doc[1] if doc else "513/QĐ-UBND"
        saved(send(office, "cong-nhan/", "cong-nhan/", dict(form, **{"don-vi": str(passing[0]), "so": number})),
              "recognition of a passing commune")
        rec = one(s.db, "SELECT x.status, x.act, x.year, x.decision_no, coalesce(x.document_id, 0), st.code "
                        "FROM ntm_recognition x LEFT JOIN ntm_set st ON st.id = x.set_id WHERE x.unit_id = ? "
                        "ORDER BY x.id DESC LIMIT 1", passing[0])
        check(rec[:4] == ("ntm", "cong_nhan", 2026, number) and rec[5] == "QD51-2025",
              "the recognition stored is %r" % (rec,))
        if doc:
            check(rec[4] == doc[0], "the decision is not linked to document %d" % doc[0])
        page = html.unescape(public(s, passing[1]))
        check(number in page, "the public commune page does not show decision %s" % number)
        if doc:
            link = re.search(r'href="(/van-ban/[^"]*\b%d\.html)"' % doc[0], page)
            check(link, "the public commune page does not link the decision to its document")
            status, h, _ = s.request("GET", link.group(1))
            check(status in (200, 301) and (status == 200 or "/van-ban/" in h.get("location", "")),
                  "the decision's link answered %d" % status)
        check(audit(s.db, "ntm_recognition"), "the recognition is not in the audit log")
        # revoking needs no met criteria
        saved(send(office, "cong-nhan/", "cong-nhan/",
                   dict(form, **{"don-vi": str(failing[0]), "loai": "thu_hoi", "so": "600/QĐ-UBND"})),
              "a revocation")
        check(one(s.db, "SELECT act FROM ntm_recognition WHERE unit_id = ? ORDER BY id DESC LIMIT 1",
                  failing[0])[0] == "thu_hoi", "the revocation was not stored")
        # a second revocation, a revocation of a status never held, a "thừa nhận" without a predecessor that
        # held the status: refused, nothing written, the public counts unchanged
        import json
        counts = json.loads(s.request("GET", "/api/v1/ntm/ca-nuoc?nam=2026")[2])["ca_nuoc"]
        before = rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0]
        granted_on = rows(s.db, "SELECT min(decided_on) FROM ntm_recognition WHERE unit_id = ? AND status = 'ntm' "
                                "AND act <> 'thu_hoi'", passing[0])[0][0]
        check(granted_on, "the passing commune holds no grant")
        before_grant = "%04d-01-01" % (int(granted_on[:4]) - 1)
        status, _, body = send(office, "cong-nhan/", "cong-nhan/",
                               dict(form, **{"don-vi": str(passing[0]), "loai": "thu_hoi", "so": "602/QĐ-UBND",
                                             "ngay": before_grant, "nam": before_grant[:4]}))
        check(status == 400 and "không có gì để thu hồi" in html.unescape(body),
              "a revocation dated %s, before the grant of %s, answered %d" % (before_grant, granted_on, status))
        for unit, status_, act, said in ((failing[0], "ntm", "thu_hoi", "không có gì để thu hồi"),
                                         (passing[0], "hien_dai", "thu_hoi", "không có gì để thu hồi"),
                                         (passing[0], "kieu_mau", "thua_nhan", "Thừa nhận sau sắp xếp cần")):
            status, _, body = send(office, "cong-nhan/", "cong-nhan/",
                                   dict(form, **{"don-vi": str(unit), "danh-hieu": status_, "loai": act,
                                                 "so": "601/QĐ-UBND"}))
            check(status == 400 and said in html.unescape(body), "%s %s of %d answered %d" % (act, status_, unit, status))
        check(rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0] == before, "a refused decision was written")
        check(json.loads(s.request("GET", "/api/v1/ntm/ca-nuoc?nam=2026")[2])["ca_nuoc"] == counts,
              "refused decisions changed the national counts")


def home_units(path, n):
    return rows(path, "SELECT u.id, u.code, u.full_name FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                      "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code LIMIT ?", n)


@test
def ntm_office_plans_sponsors_models_and_funds_show_on_the_commune_page():
    from test_ntm import all_rows
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        uid, code, name = one(s.db, "SELECT u.id, u.code, u.full_name FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                    "WHERE p.code = '42' AND u.valid_to IS NULL AND EXISTS (SELECT 1 FROM ntm_assessment a "
                                    "WHERE a.unit_id = u.id AND a.year = 2026 AND a.quarter = 0 AND a.state = 'accepted') "
                                    "ORDER BY u.code LIMIT 1 OFFSET 7")
        # a plan, approved: public; a criterion's plan too
        saved(send(office, "ke-hoach/", "ke-hoach/", {"don-vi": str(uid), "danh-hieu": "nang_cao", "nam": "2029",
                                                      "duyet": "1"}), "a plan")
        crit = one(s.db, "SELECT c.id, c.number FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD51-2025' ORDER BY c.sort LIMIT 1")
        saved(send(office, "ke-hoach/", "ke-hoach/tieu-chi", {"don-vi": str(uid), "tieu-chi": str(crit[0]),
                                                              "nam": "2027", "duyet": "1"}), "a criterion's plan")
        check(one(s.db, "SELECT target_year, state FROM ntm_plan WHERE unit_id = ? AND status = 'nang_cao'", uid)
              == (2029, "approved"), "the plan was not stored")
        # a year out of range: beside its field, with the choice kept
        status, _, body = send(office, "ke-hoach/", "ke-hoach/", {"don-vi": str(uid), "danh-hieu": "ntm", "nam": "1990"})
        check(status == 400 and field_error(body, "ke-hoach-nam"), "a plan for 1990 answered %d" % status)
        check(re.search(r'<option value="%d" selected>' % uid, body), "the refused plan lost its commune")
        # the model title planned before the advanced one it builds on, or NTM in 2001: refused, not published
        for title, year in (("kieu_mau", "2025"), ("ntm", "2031"), ("ntm", "2001")):
            status, _, body = send(office, "ke-hoach/", "ke-hoach/", {"don-vi": str(uid), "danh-hieu": title,
                                                                      "nam": year, "duyet": "1"})
            text = html.unescape(body)
            check(status in (400, 409) and ("không thể đạt trước" in text or "Năm phấn đấu phải" in text),
                  "a plan %s %s beside nâng cao 2029 answered %d" % (title, year, status))
        check(not db_has(s.db, "SELECT 1 FROM ntm_plan WHERE unit_id = %d AND status IN ('kieu_mau', 'ntm') "
                               "AND target_year IN (2025, 2031, 2001)" % uid), "a contradicting plan was stored")
        # a sponsor's kind is one of a list, not free text published as typed
        status, _, body = send(office, "do-dau/", "do-dau/", {"ten": "Đơn vị lạ", "loai": "1684", "don-vi": str(uid),
                                                              "tu-nam": "2026"})
        check(status == 400 and field_error(body, "do-dau-loai") == "Hãy chọn loại đơn vị trong danh sách.",
              "a sponsor of kind 1684 answered %d" % status)
        check(not db_has(s.db, "SELECT 1 FROM ntm_sponsor WHERE name = 'Đơn vị lạ'"), "the refused sponsor was stored")
        # a name that shows nothing is no name (a tester's: a nameless sponsor on the commune's public page,
        # blank models counted among its gardens)
        for blank in ("\u200b\u200b", "\u3000", "\u00a0\u2060"):
            before = rows(s.db, "SELECT (SELECT count(*) FROM ntm_sponsor), (SELECT count(*) FROM ntm_model)")
            status, _, body = send(office, "do-dau/", "do-dau/", {"ten": blank, "loai": "Doanh nghiệp",
                                                                  "don-vi": str(uid), "tu-nam": "2026"})
            check(status == 400 and field_error(body, "do-dau-ten") == "Cần điền ô này.",
                  "a sponsor named %r answered %d" % (blank, status))
            status, _, body = send(office, "mo-hinh/", "mo-hinh/", {"don-vi": str(uid), "loai": "vuon", "ten": blank,
                                                                    "trang-thai": "building", "nam": ""})
            check(status == 400, "a model named %r answered %d" % (blank, status))
            check(rows(s.db, "SELECT (SELECT count(*) FROM ntm_sponsor), (SELECT count(*) FROM ntm_model)") == before,
                  "a nameless sponsor or model was stored")
        # a sponsor and a task
        saved(send(office, "do-dau/", "do-dau/", {"ten": "Công ty Đỡ Đầu Thử", "loai": "Doanh nghiệp",
                                                  "don-vi": str(uid), "tu-nam": "2026", "den-nam": "2028",
                                                  "quyet-dinh": "77/QĐ-BCĐ"}), "a sponsor")
        sponsorship = one(s.db, "SELECT sp.id FROM ntm_sponsorship sp JOIN ntm_sponsor x ON x.id = sp.sponsor_id "
                                "WHERE x.name = 'Công ty Đỡ Đầu Thử'")[0]
        # the same unit typed otherwise (capitals, spaces) is that unit, not a second one beside it
        saved(send(office, "do-dau/", "do-dau/", {"ten": "  công ty  đỡ đầu thử ", "loai": "Doanh nghiệp",
                                                  "don-vi": str(uid), "tu-nam": "2029"}), "a sponsor typed otherwise")
        names = [n for (n,) in rows(s.db, "SELECT name FROM ntm_sponsor") if "thử" in n.lower()]
        check(names == ["Công ty Đỡ Đầu Thử"], "sponsors for two spellings: %r" % names)
        # the public page of 2026 lists the assignment of 2026-2028, not the one beginning in 2029
        code = one(s.db, "SELECT code FROM ntm_unit WHERE id = ?", uid)[0]
        page = html.unescape(s.page("/nong-thon-moi/xa/%s?nam=2026" % code))
        check(page.count("Công ty Đỡ Đầu Thử") == 1 and "từ năm 2029" not in page,
              "the 2026 page lists the sponsor %d times" % page.count("Công ty Đỡ Đầu Thử"))
        saved(send(office, "do-dau/", "do-dau/nhiem-vu", {"do-dau": str(sponsorship), "viec": "Làm đường thôn Trung",
                                                          "tieu-chi": "", "kinh-phi": "1.250,5", "han": "2027",
                                                          "trang-thai": "planned"}), "a task")
        task = one(s.db, "SELECT id, amount, due_year, state FROM ntm_sponsor_task WHERE title = 'Làm đường thôn Trung'")
        check(task[1:] == (1250.5, 2027, "planned"), "the task stored is %r" % (task,))
        status, _, body = send(office, "do-dau/", "do-dau/nhiem-vu", {"do-dau": str(sponsorship), "viec": "X",
                                                                      "kinh-phi": "mười", "trang-thai": "planned"})
        check(status == 400 and field_error(body, "nhiem-vu-kinh-phi"), "a wordy amount answered %d" % status)
        status, _, body = send(office, "do-dau/", "do-dau/nhiem-vu", {"do-dau": str(sponsorship), "viec": "X",
                                                                      "kinh-phi": "99999999999999999999",
                                                                      "trang-thai": "planned"})
        check(status == 400 and (field_error(body, "nhiem-vu-kinh-phi") or "").startswith("Kinh phí quá lớn"),
              "a huge amount answered %d: %r" % (status, field_error(body, "nhiem-vu-kinh-phi")))
        # due outside the sponsorship's years (2026-2028): it would read "overdue" from the start
        for due in ("2019", "2030"):
            status, _, body = send(office, "do-dau/", "do-dau/nhiem-vu", {"do-dau": str(sponsorship), "viec": "Y",
                                                                          "han": due, "trang-thai": "planned"})
            check(status == 400 and "từ 2026 đến 2028" in (field_error(body, "nhiem-vu-han") or ""),
                  "a task due in %s answered %d" % (due, status))
        check(not db_has(s.db, "SELECT 1 FROM ntm_sponsor_task WHERE title = 'Y'"), "a refused task was stored")
        saved(send(office, "do-dau/", "do-dau/nhiem-vu/%d" % task[0], {"trang-thai": "doing"}), "a task's state")
        # a model, then edited
        saved(send(office, "mo-hinh/", "mo-hinh/", {"don-vi": str(uid), "loai": "vuon", "ten": "Vườn mẫu nhà bà Thử",
                                                    "trang-thai": "building", "nam": ""}), "a model")
        model = one(s.db, "SELECT id FROM ntm_model WHERE name = 'Vườn mẫu nhà bà Thử'")[0]
        status, _, body = send(office, "mo-hinh/", "mo-hinh/%d" % model,
                               {"don-vi": str(uid), "loai": "vuon", "ten": "Vườn mẫu nhà bà Thử",
                                "trang-thai": "recognised", "nam": ""})
        check(status == 400 and field_error(body, "mo-hinh-nam"), "a recognised model without its year answered %d"
              % status)
        # recognised in a year to come (it counted as recognised on the public page), or a year for one only
        # registered: refused beside the year
        for state, year in (("recognised", "2099"), ("registered", "2024")):
            status, _, body = send(office, "mo-hinh/", "mo-hinh/%d" % model,
                                   {"don-vi": str(uid), "loai": "vuon", "ten": "Vườn mẫu nhà bà Thử",
                                    "trang-thai": state, "nam": year})
            check(status == 400 and field_error(body, "mo-hinh-nam"), "a model %s in %s answered %d"
                  % (state, year, status))
        saved(send(office, "mo-hinh/", "mo-hinh/%d" % model, {"don-vi": str(uid), "loai": "vuon",
                                                              "ten": "Vườn mẫu nhà bà Thử", "trang-thai": "recognised",
                                                              "nam": "2026"}), "a model edited")
        check(one(s.db, "SELECT state, year FROM ntm_model WHERE id = ?", model) == ("recognised", 2026),
              "the model was not edited")
        # funds
        saved(send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2026", "nguon": "cong_dong",
                                                        "so-tien": "2.345,5"}), "a fund")
        check(one(s.db, "SELECT amount FROM ntm_fund WHERE unit_id = ? AND year = 2026 AND source = 'cong_dong'", uid)
              == (2345.5,), "the fund was not stored as 2345.5")
        for typed, stored in (("1.250", 1250.0), ("78,5", 78.5), ("1250.5", 1250.5), ("12.345.678,25", 12345678.25)):
            saved(send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2025", "nguon": "khac",
                                                            "so-tien": typed}), "a fund of " + typed)
            check(one(s.db, "SELECT amount FROM ntm_fund WHERE unit_id = ? AND year = 2025 AND source = 'khac'", uid)
                  == (stored,), "%s was not stored as %s" % (typed, stored))
        for typed in ("1,250.5", "1,2,3", "12a", "1.2.3"):
            status, _, body = send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2025",
                                                                        "nguon": "khac", "so-tien": typed})
            check(status == 400 and field_error(body, "nguon-von-so-tien"), "%r answered %d" % (typed, status))
            check("không âm" in field_error(body, "nguon-von-so-tien"), "%r: %s" % (typed, field_error(body, "nguon-von-so-tien")))
        # a number that is only too large is told so
        for typed in ("99999999999999999999", "2.000.000.000.000", "1000000000000,5"):
            status, _, body = send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2025",
                                                                        "nguon": "khac", "so-tien": typed})
            why = field_error(body, "nguon-von-so-tien") or ""
            check(status == 400 and why.startswith("Số tiền quá lớn"), "%r answered %d: %r" % (typed, status, why))
        status, _, body = send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2026",
                                                                    "nguon": "vay-nong", "so-tien": "-3"})
        check(status == 400 and field_error(body, "nguon-von-nguon") and field_error(body, "nguon-von-so-tien"),
              "a bad fund answered %d" % status)
        # the public page shows them all
        page = html.unescape(public(s, code))
        plans = all_rows(page, "Năm phấn đấu đạt chuẩn theo kế hoạch")
        check(any(r[0] == "Đạt chuẩn nông thôn mới nâng cao" and r[1] == "2029" for r in plans),
              "the approved plan is not on the public page: %r" % plans)
        check("Công ty Đỡ Đầu Thử" in page, "the sponsor is not on the public page")
        tasks = all_rows(page, "Nhiệm vụ cam kết của Công ty Đỡ Đầu Thử")
        check(tasks == [["Làm đường thôn Trung", "1.250,5", "2027", "Đang thực hiện"]],
              "the task on the public page is %r (its amount to the hundredth)" % tasks)
        check("Vườn mẫu nhà bà Thử" in page, "the model is not on the public page")
        funds = all_rows(page, "Kinh phí huy động theo năm và nguồn (triệu đồng)")
        check(any(r[0] == "2026" for r in funds), "the 2026 funds are not on the public page")
        for action in ("ntm_plan", "ntm_plan_criterion", "ntm_sponsor_assign", "ntm_sponsor_task_add",
                       "ntm_sponsor_task_state", "ntm_model_save", "ntm_fund_set"):
            check(audit(s.db, action), "%s is not in the audit log" % action)
        check(len(audit(s.db, "ntm_model_save")) == 2, "the model's two saves are not both in the audit log")


@test
def ntm_office_sponsor_page_marks_overdue_tasks_and_filters_them():
    """A task still open after the year it was due reads "quá hạn (hạn năm
    N)" on the office's sponsor page as on the commune's page, and
    ?qua-han=1 lists those alone."""
    import time
    year_now = time.gmtime(time.time() + 7 * 3600).tm_year
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        tasks = rows(s.db, "SELECT t.id, t.state, t.due_year FROM ntm_sponsor_task t JOIN ntm_sponsorship sp "
                           "ON sp.id = t.sponsorship_id JOIN ntm_unit u ON u.id = sp.unit_id JOIN ntm_unit p "
                           "ON p.id = u.parent_id WHERE p.code = '42'")
        overdue = {i: d for i, st, d in tasks if st in ("planned", "doing") and d and d < year_now}
        check(overdue and len(overdue) < len(tasks), "the demo has no overdue task, or only those")

        def task_rows(body):
            return {int(i): re.sub(r"<[^>]+>", "", cells) for i, cells in
                    re.findall(r'<tr id="nhiem-vu-(\d+)">(.*?)</tr>', body, re.S)}

        status, _, body = office.get(OFFICE + "do-dau/")
        shown = task_rows(body)
        check(status == 200 and len(shown) == len(tasks), "the sponsor page lists %d of %d tasks" % (len(shown), len(tasks)))
        for i, text in shown.items():
            marked = "quá hạn (hạn năm %d)" % overdue[i] in text if i in overdue else "quá hạn" in text
            check(marked == (i in overdue), "task %d: %r" % (i, re.sub(r"\s+", " ", text)[:300]))
        status, _, body = office.get(OFFICE + "do-dau/?qua-han=1")
        shown = task_rows(body)
        check(status == 200 and set(shown) == set(overdue), "?qua-han=1 lists %r, want %r" % (sorted(shown), sorted(overdue)))
        check('<option value="1" selected>Chỉ công việc quá hạn</option>' in body, "the filter does not show its choice")
        status, _, body = office.get(OFFICE + "do-dau/?qua-han=abc")
        check(status == 400 and "?qua-han=1" in html.unescape(body) and len(task_rows(body)) == len(tasks),
              "?qua-han=abc answered %d" % status)


@test
def ntm_office_funds_take_only_the_years_the_funds_csv_answers():
    """A fund is recorded only for a year the dashboard and its CSV show (a
    year with a criteria set): 2035 is refused beside its field, not stored
    where no page would ever show it; 2030 is stored and exported."""
    import csv
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        uid = home_units(s.db, 1)[0][0]
        for year in ("2035", "2020", "2100"):
            status, _, body = send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": year,
                                                                        "nguon": "khac", "so-tien": "7"})
            check(status == 400 and "từ 2021 đến 2030" in (field_error(body, "nguon-von-nam") or ""),
                  "a fund for %s answered %d" % (year, status))
            check(not db_has(s.db, "SELECT 1 FROM ntm_fund WHERE year = %s" % year), "a fund for %s was stored" % year)
            status, _, _ = s.request("GET", "/nong-thon-moi/nguon-luc.csv?nam=" + year)
            check(status == 404, "the funds CSV of %s answered %d" % (year, status))
        before = one(s.db, "SELECT coalesce(sum(f.amount), 0) FROM ntm_fund f JOIN ntm_unit u ON u.id = f.unit_id "
                           "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND f.year = 2030 "
                           "AND f.source = 'khac'")[0]
        saved(send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2030", "nguon": "khac",
                                                        "so-tien": "7"}), "a fund for 2030")
        status, _, body = s.request("GET", "/nong-thon-moi/nguon-luc.csv?nam=2030")
        check(status == 200, "the funds CSV of 2030 answered %d" % status)
        lines = list(csv.reader(body.decode("utf-8")[1:].splitlines()))[1:]
        check(["2030", "Nguồn khác", "%d" % round(before + 7)] in [r[1:] for r in lines], "the 2030 CSV: %r" % lines)


@test
def ntm_recognition_refuses_impossible_dates_and_a_grant_already_held():
    """30/02 is no date; a decision is not signed in the future nor before
    the year it recognises; a first grant ("Công nhận") of a status the
    commune holds under the same criteria set is refused, pointing to
    "Công nhận lại"; nothing refused reaches the public page."""
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        province = "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42')"
        # a commune holding NTM under the 2021-2025 set, with a passing accepted 2025 assessment
        held = one(s.db, "SELECT x.unit_id, u.code, x.year FROM ntm_recognition x JOIN ntm_unit u ON u.id = x.unit_id "
                         "JOIN ntm_assessment a ON a.unit_id = x.unit_id AND a.year = 2025 AND a.quarter = 0 "
                         "AND a.state = 'accepted' AND a.unit_state = 1 "
                         "WHERE x.status = 'ntm' AND x.act = 'cong_nhan' AND x.year BETWEEN 2021 AND 2025 "
                         "AND u.valid_to IS NULL AND x.unit_id IN " + province + " AND NOT EXISTS (SELECT 1 FROM "
                         "ntm_recognition y WHERE y.unit_id = x.unit_id AND y.status = 'ntm' AND y.act = 'thu_hoi') "
                         "ORDER BY u.code LIMIT 1")
        check(held, "the demo has a commune holding the NTM status and meeting the 2025 set")
        before = rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0]
        form = {"don-vi": str(held[0]), "danh-hieu": "ntm", "loai": "cong_nhan", "nam": "2025",
                "so": "777/QĐ-UBND", "ngay": "2025-12-20", "co-quan": "Chủ tịch UBND tỉnh Hà Tĩnh"}
        for day, why in (("2025-02-30", "có thật"), ("2025-13-01", "có thật"), ("9999-12-31", "sau hôm nay"),
                         ("2019-01-01", "trước năm đạt chuẩn")):
            status, _, body = send(office, "cong-nhan/", "cong-nhan/", dict(form, ngay=day))
            problem = field_error(body, "cong-nhan-ngay") or ""
            check(status == 400 and why in problem, "signed on %s answered %d: %r" % (day, status, problem))
        status, _, body = send(office, "cong-nhan/", "cong-nhan/", form)
        text = html.unescape(body)
        check(status == 400 and "Công nhận lại" in text and "đang giữ danh hiệu" in text,
              "a second first grant answered %d" % status)
        check(rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0] == before, "a refused decision was written")
        check("777/QĐ-UBND" not in public(s, held[1]), "a refused decision is on the public page")
        # granting again is what the office means: taken once, not twice for the same year
        saved(send(office, "cong-nhan/", "cong-nhan/", dict(form, loai="cong_nhan_lai")), "a re-grant")
        status, _, body = send(office, "cong-nhan/", "cong-nhan/", dict(form, loai="cong_nhan_lai", so="778/QĐ-UBND"))
        check(status == 400 and "đã có quyết định công nhận lại" in html.unescape(body),
              "a second re-grant of the same year answered %d" % status)
        check(rows(s.db, "SELECT count(*) FROM ntm_recognition")[0][0] == before + 1, "one decision was written")


@test
def ntm_office_amounts_keep_their_fractions_and_the_duties_stay_on_their_set():
    """0,4 million is not shown as 0 on the commune page, nor rounded away
    in the open data; after adding a responsibility to a set that is not in
    force, the office is brought back to that set's list."""
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        uid, code = one(s.db, "SELECT u.id, u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                              "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code LIMIT 1")
        saved(send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2025", "nguon": "khac",
                                                        "so-tien": "0,4"}), "a fund of 0,4")
        status, _, body = send(office, "nguon-von/", "nguon-von/", {"don-vi": str(uid), "nam": "2025",
                                                                     "nguon": "cong_dong", "so-tien": "0,001"})
        check(status == 400 and "0,01 triệu đồng" in html.unescape(body), "a fund that shows as 0 answered %d" % status)
        from test_ntm import all_rows
        funds = all_rows(html.unescape(public(s, code)), "Kinh phí huy động theo năm và nguồn (triệu đồng)")
        check(any(r[0] == "2025" and "0,4" in r[1:] for r in funds), "0,4 million on the commune page: %r" % funds)
        status, _, body = s.request("GET", "/nong-thon-moi/nguon-luc.csv?nam=2025")
        total = one(s.db, "SELECT sum(amount) FROM ntm_fund f JOIN ntm_unit u ON u.id = f.unit_id JOIN ntm_unit p "
                          "ON p.id = u.parent_id WHERE p.code = '42' AND f.year = 2025 AND f.source = 'khac'")[0]
        line = [l for l in body.decode("utf-8-sig").splitlines() if "Nguồn khác" in l or ",khac" in l.lower()]
        check(status == 200 and line and line[0].rsplit(",", 1)[1] == ("%.2f" % total).rstrip("0").rstrip("."),
              "the open data of 2025's other funds: %r, the database %r" % (line, total))
        crit = one(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD318-2022' ORDER BY c.sort LIMIT 1")[0]
        data = {"tieu-chi": str(crit), "loai": "member", "ten": "Phó Giám đốc Sở Thử", "vai-tro": "lead",
                "csrf": office.csrf(OFFICE + "phan-cong/?bo=QD318-2022")}
        status, h, _ = office.post(OFFICE + "phan-cong/?bo=QD318-2022", data)
        check(status == 303 and "bo=QD318-2022" in h.get("location", "") and "thong-bao=da-luu" in h.get("location", ""),
              "after adding to the 2021-2025 set: %d %r" % (status, h.get("location")))
        status, _, body = office.get(h["location"])
        check(status == 200 and "Phó Giám đốc Sở Thử" in html.unescape(body), "the new row is not on the page shown")
        # a set that is not one: said, and the set in force shown
        status, _, body = office.get(OFFICE + "phan-cong/?bo=KHONG-CO")
        check(status == 400 and "Không có bộ tiêu chí này" in html.unescape(body) and "Phân công theo tiêu chí" in body,
              "?bo= of no set answered %d" % status)
        # a department typed with other case and spaces is the department the criteria and officers know
        known = one(s.db, "SELECT name FROM ntm_responsible WHERE kind = 'department' ORDER BY name LIMIT 1")[0]
        crit2 = one(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id WHERE st.code = "
                          "'QD318-2022' AND c.id NOT IN (SELECT criterion_id FROM ntm_responsible WHERE name = ?) "
                          "ORDER BY c.sort LIMIT 1", known)[0]
        typed = "  " + known.lower().replace(" ", "  ") + " "
        data = {"tieu-chi": str(crit2), "loai": "department", "ten": typed, "vai-tro": "lead",
                "csrf": office.csrf(OFFICE + "phan-cong/?bo=QD318-2022")}
        status, h, _ = office.post(OFFICE + "phan-cong/?bo=QD318-2022", data)
        check(status == 303, "adding a department typed %r answered %d" % (typed, status))
        check(one(s.db, "SELECT name FROM ntm_responsible WHERE criterion_id = ? AND kind = 'department'", crit2) ==
              (known,), "the department was stored as typed, not as %r" % known)


@test
def ntm_office_responsibility_is_added_edited_and_removed():
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        crit = one(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD51-2025' ORDER BY c.sort DESC LIMIT 1")[0]
        saved(send(office, "phan-cong/", "phan-cong/", {"tieu-chi": str(crit), "loai": "member",
                                                        "ten": "Phó Chủ tịch UBND tỉnh", "vai-tro": "lead"}),
              "a responsibility")
        rid = one(s.db, "SELECT id FROM ntm_responsible WHERE criterion_id = ? AND name = 'Phó Chủ tịch UBND tỉnh'",
                  crit)[0]
        status, _, body = office.get(OFFICE + "phan-cong/?sua=%d" % rid)
        check(status == 200 and 'action="%sphan-cong/%d"' % (OFFICE, rid) in body, "no form to edit it")
        saved(send(office, "phan-cong/", "phan-cong/%d" % rid, {"loai": "member", "ten": "Chủ tịch UBND tỉnh",
                                                                "vai-tro": "support"}), "the edit")
        check(one(s.db, "SELECT name, role FROM ntm_responsible WHERE id = ?", rid) == ("Chủ tịch UBND tỉnh", "support"),
              "the edit was not stored")
        # a department's spelling corrected on its only row is stored, not matched back to the old one
        saved(send(office, "phan-cong/", "phan-cong/%d" % rid, {"loai": "department", "ten": "Công an Tỉnh Hà Tĩnh",
                                                                "vai-tro": "lead"}), "a department")
        saved(send(office, "phan-cong/", "phan-cong/%d" % rid, {"loai": "department", "ten": "Công an tỉnh Hà Tĩnh",
                                                                "vai-tro": "lead"}), "the correction")
        check(one(s.db, "SELECT name FROM ntm_responsible WHERE id = ?", rid) == ("Công an tỉnh Hà Tĩnh",),
              "the corrected spelling was not stored: %r" % (one(s.db, "SELECT name FROM ntm_responsible WHERE id = ?", rid),))
        status, _, body = send(office, "phan-cong/", "phan-cong/", {"tieu-chi": "999999", "loai": "member",
                                                                    "ten": "", "vai-tro": "lead"})
        check(status == 400 and field_error(body, "phan-cong-tieu-chi") and field_error(body, "phan-cong-ten"),
              "a bad responsibility answered %d" % status)
        saved(send(office, "phan-cong/", "phan-cong/%d/go" % rid, {"go": "1"}), "the removal")
        check(not rows(s.db, "SELECT 1 FROM ntm_responsible WHERE id = ?", rid), "the responsibility is still there")
        for action in ("ntm_responsible_add", "ntm_responsible_edit", "ntm_responsible_remove"):
            check(audit(s.db, action), "%s is not in the audit log" % action)


@test
def ntm_office_merges_and_splits_units():
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        units = home_units(s.db, 5)
        a, b, c = units[2], units[3], units[4]
        # a merge of one commune only: refused beside the field
        status, _, body = send(office, "don-vi/", "don-vi/sap-nhap",
                               {"xa": str(a[0]), "ma": "99001", "ten": "Hợp Nhất", "loai": "xa", "ngay": "2026-12-01",
                                "can-cu": "Nghị quyết 1/NQ-HĐND", "lich-su": "1"})
        check(status == 400 and field_error(body, "sap-nhap-xa"), "a merge of one commune answered %d" % status)
        import urllib.parse

        def merge_two(code, name, date, basis):
            """Communes a and b merged into one, as the office's form sends it."""
            token = office.csrf(OFFICE + "don-vi/")
            fields = [("csrf", token), ("xa", str(a[0])), ("xa", str(b[0])), ("ma", code), ("ten", name),
                      ("loai", "xa"), ("ngay", date), ("can-cu", basis), ("lich-su", "1")]
            return s.request("POST", OFFICE + "don-vi/sap-nhap",
                             {"Cookie": office._cookie_header(), "Content-Type": "application/x-www-form-urlencoded",
                              "Origin": "https://ntm.example.gov.vn"}, urllib.parse.urlencode(fields).encode())

        # a merger dated ahead took effect at once (lists, templates, public pages) and could not be undone;
        # a name of markup is no commune's name: both refused beside their fields, nothing changed
        for ngay, ten, field, words in (("2099-01-01", "Kỳ Mới", "ngay", "không thể sau hôm nay"),
                                        ("2026-12-01", "<b>Kỳ</b>", "ten", "Tên xã chỉ gồm chữ"),
                                        ("2025-02-31", "Kỳ Mới", "ngay", "một ngày có thật")):
            status, h, body = merge_two("99008", ten, ngay, "Nghị quyết 2/NQ-HĐND")
            check(status == 400 and field_error(body.decode(), "sap-nhap-" + field) and
                  words in html.unescape(body.decode()), "a merger (%s, %s) answered %d" % (ngay, ten, status))
            check(not one(s.db, "SELECT 1 FROM ntm_unit WHERE code = '99008'"), "a refused merger wrote")
        # a merger dated before the communes began would move their past years: refused, nothing changed
        status, h, body = merge_two("99009", "Ngày Sai", "1999-01-01", "Nghị quyết 0/NQ-HĐND")
        check(status == 400 and "trước ngày một đơn vị được sáp nhập bắt đầu có" in html.unescape(body.decode()),
              "a backdated merger answered %d" % status)
        check(not one(s.db, "SELECT 1 FROM ntm_unit WHERE code = '99009'") and
              one(s.db, "SELECT valid_to FROM ntm_unit WHERE id = ?", a[0])[0] is None, "the backdated merger wrote")
        status, h, body = merge_two("99001", "Hợp Nhất", "2026-12-01", "Nghị quyết 1/NQ-HĐND")
        check(status == 303, "the merge answered %d: %s" % (status, body[:400]))
        new = one(s.db, "SELECT id, full_name, valid_from FROM ntm_unit WHERE code = '99001'")
        check(new and new[1:] == ("Xã Hợp Nhất", "2026-12-01"), "the merged unit is %r" % (new,))
        for old in (a, b):
            check(one(s.db, "SELECT valid_to FROM ntm_unit WHERE id = ?", old[0])[0] == "2026-11-30",
                  "%s did not end the day before" % old[2])
        links = rows(s.db, "SELECT l.from_unit_id, l.counts_history, ch.kind FROM ntm_unit_lineage l JOIN ntm_unit_change "
                           "ch ON ch.id = l.change_id WHERE l.to_unit_id = ? ORDER BY l.from_unit_id", new[0])
        check(links == sorted([(a[0], 1, "merge"), (b[0], 1, "merge")]), "the lineage is %r" % links)
        status, _, _ = s.request("GET", "/nong-thon-moi/xa/99001")
        check(status == 200, "the merged unit's public page answered %d" % status)
        # 2026: the communes merged away in December are not units of the year, their accepted reports not
        # counted; the province's summary and the national JSON say the same
        import json
        had = rows(s.db, "SELECT count(*) FROM ntm_assessment WHERE unit_id IN (?, ?) AND year = 2026 AND quarter = 0 "
                         "AND state = 'accepted'", a[0], b[0])[0][0]
        summary = json.loads(s.request("GET", "/api/v1/ntm/tong-hop?nam=2026")[2])
        national = next(p for p in json.loads(s.request("GET", "/api/v1/ntm/ca-nuoc?nam=2026")[2])["tinh"] if p["ma"] == "42")
        check((summary["so_don_vi"], summary["so_duoc_danh_gia"], summary["so_dat_chuan"]) ==
              (national["so_don_vi"], national["so_duoc_danh_gia"], national["so_dat_chuan"]) and
              summary["so_duoc_danh_gia"] <= summary["so_don_vi"] and had > 0,
              "2026 after the merger (%d accepted reports of the merged communes): summary %r, national %r" %
              (had, summary, national))
        # a split into one: refused; into two: done
        status, _, body = send(office, "don-vi/", "don-vi/chia-tach",
                               {"don-vi": str(c[0]), "moi": "99002 | Tách Một", "loai": "xa", "ngay": "2026-12-01",
                                "can-cu": "Nghị quyết 2/NQ-HĐND", "lich-su": "1"})
        check(status == 400 and field_error(body, "chia-tach-moi"), "a split into one answered %d" % status)
        check("99002 | Tách Một" in html.unescape(body), "the refused split lost its lines")
        saved(send(office, "don-vi/", "don-vi/chia-tach",
                   {"don-vi": str(c[0]), "moi": "99002 | Tách Một\r\n99003 | Tách Hai\r\n", "loai": "phuong",
                    "ngay": "2026-12-01", "can-cu": "Nghị quyết 2/NQ-HĐND", "lich-su": "1"}), "the split")
        check(one(s.db, "SELECT valid_to FROM ntm_unit WHERE id = ?", c[0])[0] == "2026-11-30", "the split unit is current")
        made = rows(s.db, "SELECT u.code, u.full_name, l.counts_history FROM ntm_unit_lineage l JOIN ntm_unit u "
                          "ON u.id = l.to_unit_id WHERE l.from_unit_id = ? ORDER BY u.code", c[0])
        check(made == [("99002", "Phường Tách Một", 1), ("99003", "Phường Tách Hai", 1)], "the split made %r" % made)
        status, _, body = office.get(OFFICE + "don-vi/")
        check("Xã Hợp Nhất" in body and "Phường Tách Hai" in body, "the changes are not listed")
        check(audit(s.db, "ntm_unit_merge") and audit(s.db, "ntm_unit_split"), "merge or split not in the audit log")


@test
def ntm_office_merger_names_the_reporters_who_lose_communes():
    """A commune reporter's communes that a merger (or a split) ends are not
    carried to the new commune: the office is told which accounts lose which
    communes and must confirm before anything is written; the audit entry
    names them too."""
    import urllib.parse
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        units = home_units(s.db, 12)
        held, other, split = units[9], units[10], units[11]
        reporter, name = one(s.db, "SELECT id, name FROM users WHERE login = 'canboxa'")

        def post(page, action, fields):
            token = office.csrf(OFFICE + page)
            status, h, body = s.request("POST", OFFICE + action,
                                        {"Cookie": office._cookie_header(),
                                         "Content-Type": "application/x-www-form-urlencoded",
                                         "Origin": "https://ntm.example.gov.vn"},
                                        urllib.parse.urlencode(fields + [("csrf", token)]).encode())
            return status, h, html.unescape(body.decode())

        status, _, _ = post("tai-khoan/%d" % reporter, "tai-khoan/%d" % reporter,
                            [("xa", str(held[0])), ("xa", str(split[0]))])
        check(status == 303, "giving canboxa two communes answered %d" % status)
        merge = [("xa", str(held[0])), ("xa", str(other[0])), ("ma", "99031"), ("ten", "Hợp Thử"), ("loai", "xa"),
                 ("ngay", "2026-12-01"), ("can-cu", "Nghị quyết 3/NQ-HĐND"), ("lich-su", "1")]
        status, _, body = post("don-vi/", "don-vi/sap-nhap", merge)
        m = re.search(r'<p class="field-error" role="alert">([^<]*)</p>', body)
        warning = m.group(1) if m else ""
        check(status == 409 and "canboxa (%s): %s" % (name, held[2]) in warning and other[2] not in warning,
              "the merger answered %d, warning %r" % (status, warning))
        check(field_error(body, "sap-nhap-xac-nhan") and 'name="xac-nhan"' in body, "no box to confirm the merger")
        check(re.search(r'value="%d" checked' % held[0], body) and 'value="99031"' in body, "the form was not kept")
        check(not one(s.db, "SELECT 1 FROM ntm_unit WHERE code = '99031'"), "the merger was written unconfirmed")
        # a split of a reporter's commune asks the same
        status, _, body = post("don-vi/", "don-vi/chia-tach",
                               [("don-vi", str(split[0])), ("moi", "99032 | Tách Một\n99033 | Tách Hai"), ("loai", "xa"),
                                ("ngay", "2026-12-01"), ("can-cu", "Nghị quyết 4/NQ-HĐND")])
        check(status == 409 and "canboxa (%s): %s" % (name, split[2]) in body and field_error(body, "chia-tach-xac-nhan"),
              "the split answered %d" % status)
        check(not one(s.db, "SELECT 1 FROM ntm_unit WHERE code = '99032'"), "the split was written unconfirmed")
        # confirmed: written, and the audit entry names the account
        status, h, body = post("don-vi/", "don-vi/sap-nhap", merge + [("xac-nhan", "1")])
        check(status == 303, "the confirmed merger answered %d: %s" % (status, body[:300]))
        check(one(s.db, "SELECT valid_to FROM ntm_unit WHERE id = ?", held[0])[0] == "2026-11-30", "no merger")
        detail = audit(s.db, "ntm_unit_merge")[-1][2]
        check("cán bộ xã mất xã: canboxa" in detail, "the audit entry says %r" % detail)


@test
def ntm_office_edits_criteria_sets_as_new_versions_when_in_use():
    from test_ntm import all_rows
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        status, _, body = office.get(OFFICE + "bo-tieu-chi/")
        check(status == 200 and "QD318-2022" in body and "QD51-2025" in body, "the sets are not listed")
        snapshot = ("SELECT a.id, a.criteria_met, a.criteria_total, a.unit_state, r.criterion_id, r.state, r.recorded "
                    "FROM ntm_assessment a JOIN ntm_set st ON st.id = a.set_id JOIN ntm_result r ON r.assessment_id = a.id "
                    "WHERE st.code = 'QD318-2022' ORDER BY a.id, r.criterion_id")
        before = rows(s.db, snapshot)
        check(len(before) > 1000, "the demo has past assessments on QD318-2022")
        commune = one(s.db, "SELECT u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_set st "
                            "ON st.id = a.set_id WHERE st.code = 'QD318-2022' AND a.year = 2025 AND a.state = 'accepted' "
                            "ORDER BY u.code LIMIT 1")[0]
        shown_before = all_rows(html.unescape(public(s, commune + "?nam=2025")), "Tiêu chí và chỉ tiêu năm 2025")
        indicator = one(s.db, "SELECT i.id, i.code FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                              "JOIN ntm_set st ON st.id = c.set_id WHERE st.code = 'QD318-2022' AND i.code = '11'")
        form = {"chi-tieu": str(indicator[0]), "ap-dung": "*", "phep": ">=", "muc": "50", "cach-ghi": "",
                "ma-moi": "QD318-2022-HT1", "ten-moi": "Bộ tiêu chí xã nông thôn mới điều chỉnh của Hà Tĩnh",
                "tu-nam": "2024"}
        # problems beside their fields, the form kept
        status, _, body = send(office, "bo-tieu-chi/QD318-2022", "bo-tieu-chi/QD318-2022/muc-tieu",
                               dict(form, muc="năm mươi", **{"ma-moi": "QD51-2025", "tu-nam": "2031"}))
        check(status == 400 and field_error(body, "muc-tieu-muc") and field_error(body, "muc-tieu-ma-moi")
              and field_error(body, "muc-tieu-tu-nam"), "a bad target answered %d without its problems" % status)
        check('value="năm mươi"' in html.unescape(body), "the refused target lost what was typed")
        # the set in use: a new version takes the change
        status, h, body = send(office, "bo-tieu-chi/QD318-2022", "bo-tieu-chi/QD318-2022/muc-tieu", form)
        check(status == 303 and h.get("location", "").startswith(OFFICE + "bo-tieu-chi/QD318-2022-HT1"),
              "editing a set in use answered %d %s: %s" % (status, h.get("location"), body[:300]))
        new = one(s.db, "SELECT s.id, s.year_from, s.year_to, p.code, s.province_code FROM ntm_set s "
                        "JOIN ntm_set p ON p.id = s.parent_id WHERE s.code = 'QD318-2022-HT1'")
        check(new and new[1:] == (2024, 2025, "QD318-2022", "42"), "the new version is %r" % (new,))
        for table_sql in ("SELECT count(*) FROM ntm_criterion WHERE set_id = ?",
                          "SELECT count(*) FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                          "WHERE c.set_id = ?",
                          "SELECT count(*) FROM ntm_target t JOIN ntm_indicator i ON i.id = t.indicator_id JOIN "
                          "ntm_criterion c ON c.id = i.criterion_id WHERE c.set_id = ?"):
            old_id = one(s.db, "SELECT id FROM ntm_set WHERE code = 'QD318-2022'")[0]
            check(one(s.db, table_sql, new[0]) == one(s.db, table_sql, old_id), "the copy differs: " + table_sql)
        target = "SELECT t.op, t.threshold, t.text FROM ntm_target t JOIN ntm_indicator i ON i.id = t.indicator_id " \
                 "JOIN ntm_criterion c ON c.id = i.criterion_id JOIN ntm_set st ON st.id = c.set_id " \
                 "WHERE st.code = ? AND i.code = '11' AND t.applies_to = '*'"
        check(one(s.db, target, "QD318-2022-HT1") == (">=", 50.0, "≥ 50%"), "the new version's target is %r"
              % (one(s.db, target, "QD318-2022-HT1"),))
        check(one(s.db, target, "QD318-2022") == (None, None, "?"), "the set in use was changed")
        check(rows(s.db, snapshot) == before, "past assessments changed their results")
        shown_after = all_rows(html.unescape(public(s, commune + "?nam=2025")), "Tiêu chí và chỉ tiêu năm 2025")
        check(shown_after == shown_before, "the public page of %s changed its 2025 results" % commune)
        # the new version has no assessment: changed in place, no third set
        saved(send(office, "bo-tieu-chi/QD318-2022-HT1", "bo-tieu-chi/QD318-2022-HT1/tieu-chi",
                   {"so": "20", "ten": "Tiêu chí riêng của tỉnh"}), "a criterion added in place")
        check(one(s.db, "SELECT count(*) FROM ntm_set")[0] == 3, "a set without assessments was versioned")
        crit = one(s.db, "SELECT c.name, c.indicators_loaded FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD318-2022-HT1' AND c.number = '20'")
        check(crit == ("Tiêu chí riêng của tỉnh", 0), "the added criterion is %r" % (crit,))
        saved(send(office, "bo-tieu-chi/QD318-2022-HT1", "bo-tieu-chi/QD318-2022-HT1/chi-tieu",
                   {"tieu-chi": "20", "ma": "20.1", "ten": "Tỷ lệ hộ dùng năng lượng sạch", "kieu": "percent",
                    "don-vi-do": "%", "cac-muc": ""}), "an indicator added")
        ind = one(s.db, "SELECT i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id JOIN ntm_set st "
                        "ON st.id = c.set_id WHERE st.code = 'QD318-2022-HT1' AND i.code = '20.1'")
        check(ind, "the indicator was not added")
        saved(send(office, "bo-tieu-chi/QD318-2022-HT1", "bo-tieu-chi/QD318-2022-HT1/muc-tieu",
                   {"chi-tieu": str(ind[0]), "ap-dung": "Bắc Trung Bộ", "chua-ro": "1", "phep": ">=", "muc": ""}),
              "an unknown target")
        check(one(s.db, "SELECT op, threshold, text FROM ntm_target WHERE indicator_id = ? AND applies_to = 'Bắc Trung Bộ'",
                  ind[0]) == (None, None, "?"), "an unknown target was invented")
        edits = audit(s.db, "ntm_set_edit")
        check(len(edits) == 4 and "phiên bản mới QD318-2022-HT1" in edits[0][2], "the audit log holds %r" % edits)


@test
def ntm_office_long_lists_go_on_over_pages_and_lose_no_row():
    with newsroom_server() as s:
        # more funds than a page holds (the demo has about 2,000): seven communes, 2000-2059, five sources
        db = sqlite3.connect(s.db)
        units = [u for (u,) in db.execute(
            "SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' "
            "AND u.valid_to IS NULL ORDER BY u.id LIMIT 7")]
        db.executemany("INSERT OR IGNORE INTO ntm_fund(unit_id, year, source, amount) VALUES (?, ?, ?, 1)",
                       [(u, y, src) for u in units for y in range(2000, 2060)
                        for src in ("ngan_sach_tw", "ngan_sach_dp", "tin_dung", "khac", "cong_dong")])
        db.commit()
        total = db.execute("SELECT count(*) FROM ntm_fund f JOIN ntm_unit u ON u.id = f.unit_id JOIN ntm_unit p "
                           "ON p.id = u.parent_id WHERE p.code = '42'").fetchone()[0]
        db.close()
        check(total > 2000, "the test made only %d funds" % total)
        office = signed_in(s, "vanphong")
        seen, page, url = 0, 1, OFFICE + "nguon-von/"
        while url:
            status, _, body = office.get(url)
            check(status == 200, "%s answered %d" % (url, status))
            n = len(re.findall(r'<tr id="von-', body))
            check(n <= 2000, "page %d shows %d rows" % (page, n))
            seen += n
            nxt = re.search(r'<a href="([^"]+)" rel="next">Trang sau</a>', body)
            check(("Trang %d" % page) in body, "page %d does not say which page it is" % page)
            url = html.unescape(nxt.group(1)) if nxt else None
            page += 1
        check(seen == total, "the pages show %d of %d funds" % (seen, total))
        check(office.get(OFFICE + "nguon-von/?trang=%d" % (page + 1))[0] == 404, "a page past the end is not 404")
        for bad in ("x", "0", "99999"):
            status, _, body = office.get(OFFICE + "nguon-von/?trang=" + bad)
            check(status == 400 and "Số trang phải là một số từ 1 đến 10000." in body, "?trang=%s answered %d" % (bad, status))


@test
def ntm_office_plans_go_over_pages_of_50_and_filter_by_commune_and_year():
    """The plans (883 of the demo's, by status and by criterion) come 50 a
    page with "Trang sau/Trang trước", every plan once; a commune or a target
    year narrows both lists, the pages keeping the filter; a wrong filter or
    page is 400 with a sentence, a page past the end 404."""
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        province = "JOIN ntm_unit u ON u.id = pl.unit_id JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42'"
        lists = {"Năm phấn đấu đạt chuẩn": ("ke-hoach-", "SELECT pl.unit_id || '-' || pl.status FROM ntm_plan pl "
                                            + province),
                 "Năm phấn đấu đạt từng tiêu chí": ("ke-hoach-tc-", "SELECT pl.unit_id || '-' || pl.criterion_id "
                                                    "FROM ntm_plan_criterion pl " + province)}

        def section(body, caption):
            m = re.search(r"<h2>%s</h2>(.*?)</section>" % re.escape(caption), html.unescape(body), re.S)
            return m.group(1) if m else ""

        def walk(url, caption):
            prefix = lists[caption][0]
            seen, page = [], 1
            while url:
                status, _, body = office.get(url)
                check(status == 200, "%s answered %d" % (url, status))
                part = section(body, caption)
                ids = re.findall(r'<tr id="%s(\d+-[a-z_0-9]+)">' % prefix, part)
                check(len(ids) <= 50, "%s shows %d plans" % (url, len(ids)))
                seen += ids
                if page > 1:
                    check('rel="prev">Trang trước</a>' in part, "%s has no way back" % url)
                nxt = re.search(r'<a href="([^"]+)" rel="next">Trang sau</a>', part)
                url = nxt.group(1) if nxt else None
                page += 1
            return seen, page - 1

        total = 0
        for caption, (prefix, sql) in lists.items():
            every = sorted(r[0] for r in rows(s.db, sql))
            total += len(every)
            seen, pages = walk(OFFICE + "ke-hoach/", caption)
            check(sorted(seen) == every, "%s: the pages show %d of %d" % (caption, len(seen), len(every)))
            check(pages == max(1, -(-len(every) // 50)), "%s: %d pages for %d" % (caption, pages, len(every)))
            # by target year, the pages keeping it
            year = one(s.db, sql.replace("SELECT pl.unit_id ||", "SELECT pl.target_year, count(*), pl.unit_id ||", 1)
                       + " GROUP BY pl.target_year ORDER BY 2 DESC LIMIT 1")[0]
            seen, _ = walk(OFFICE + "ke-hoach/?nam=%d" % year, caption)
            check(sorted(seen) == sorted(r[0] for r in rows(s.db, sql + " AND pl.target_year = ?", year)),
                  "%s, %d: %d shown" % (caption, year, len(seen)))
        check(total > 800, "the demo has %d plans" % total)
        check(office.get(OFFICE + "ke-hoach/?trang=99")[0] == 404, "a page past the end is not 404")
        check(office.get(OFFICE + "ke-hoach/?trang-tc=99")[0] == 404, "a page past the end is not 404")
        # by commune: both lists
        unit = one(s.db, "SELECT pl.unit_id FROM ntm_plan pl " + province + " AND u.valid_to IS NULL AND EXISTS "
                         "(SELECT 1 FROM ntm_plan_criterion pc WHERE pc.unit_id = pl.unit_id) LIMIT 1")[0]
        status, _, body = office.get(OFFICE + "ke-hoach/?xa=%d" % unit)
        check(status == 200 and re.search(r'<option value="%d" selected>' % unit, body), "the commune is not kept")
        shown = re.findall(r'<tr id="ke-hoach-(\d+)-', body)
        criteria = re.findall(r'<tr id="ke-hoach-tc-', body)
        check(shown and set(shown) == {str(unit)}, "the commune's plans: %r" % shown)
        check(len(criteria) == min(50, one(s.db, "SELECT count(*) FROM ntm_plan_criterion WHERE unit_id = ?", unit)[0]),
              "the commune's criteria plans: %d" % len(criteria))
        # wrong values: 400 and a sentence, the lists still there
        for query, words in (("nam=abcd", "Năm phấn đấu để lọc"), ("nam=1800", "Năm phấn đấu để lọc"),
                             ("xa=999999999", "Xã, phường để lọc"), ("xa=abc", "Xã, phường để lọc"),
                             ("trang=0", "Số trang"), ("trang-tc=x", "Số trang"), ("trang=" + "9" * 30, "Số trang")):
            status, _, body = office.get(OFFICE + "ke-hoach/?" + query)
            check(status == 400 and words in html.unescape(body) and '<tr id="ke-hoach-' in body,
                  "?%s answered %d" % (query, status))


@test
def office_lists_and_unit_choices_are_in_vietnamese_order():
    """The office looks a commune up by name: its lists and the choice of a
    commune in its forms go in the order of the Vietnamese alphabet (Hà
    before Hoành, Cẩm before Yên), not in byte or code order."""
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        for page in ("ke-hoach/", "do-dau/", "mo-hinh/", "nguon-von/"):
            status, _, body = office.get(OFFICE + page)
            check(status == 200, "%s answered %d" % (page, status))
            choices = re.findall(r'<option value="\d+"[^>]*>([^<]+) \(\d+\)</option>', body)
            check(len(choices) > 20, "%s: the commune choices %r" % (page, choices[:3]))
            names = [html.unescape(c) for c in choices]
            for first, second in (("Xã Cẩm Bình", "Xã Yên Hoà"), ("Phường Hà Huy Tập", "Phường Hoành Sơn")):
                if first in names and second in names:
                    check(names.index(first) < names.index(second), "%s: %s after %s" % (page, first, second))
        status, _, body = office.get(OFFICE + "ke-hoach/")
        listed = [html.unescape(n) for n in re.findall(r'<td><a href="/nong-thon-moi/xa/\d+">([^<]+)</a></td>', body)]
        check("Phường Hà Huy Tập" in listed and "Phường Hải Ninh" in listed, "the plans list: %r" % listed[:8])
        check(listed.index("Phường Hà Huy Tập") < listed.index("Phường Hải Ninh"), "the plans: %r" % listed[:8])
        if "Phường Hoành Sơn" in listed:
            check(listed.index("Phường Hải Ninh") < listed.index("Phường Hoành Sơn"), "the plans: %r" % listed[:8])


@test
def ntm_office_duties_warn_of_a_department_no_account_can_enter_for():
    # A criterion given to a department that no department officer's
    # account is given: nobody can enter its figures, and the office is told
    # on the responsibility page, with the way to the accounts.
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        staffed = one(s.db, "SELECT department FROM ntm_scope_department LIMIT 1")[0]
        status, _, body = office.get(OFFICE + "phan-cong/")
        text = html.unescape(body)
        check(status == 200 and staffed in text, "the demo's department %r is not on the page" % staffed)
        check("%s (chưa có tài khoản" % staffed not in text, "%r has an account but is marked without one" % staffed)
        crit = one(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD51-2025' ORDER BY c.sort LIMIT 1")[0]
        saved(send(office, "phan-cong/", "phan-cong/", {"tieu-chi": str(crit), "loai": "department",
                                                        "ten": "Sở Khoa học và Công nghệ thử", "vai-tro": "lead"}),
              "a department without accounts")
        status, _, body = office.get(OFFICE + "phan-cong/")
        text = html.unescape(body)
        check("Sở Khoa học và Công nghệ thử (chưa có tài khoản nhập số liệu)" in text,
              "the department without accounts is not marked")
        check(re.search(r"\d+ phân công cho sở, ngành chưa có tài khoản", text), "the page does not count them")
        check('href="%stai-khoan/"' % OFFICE in body, "no way to the accounts page")
        # Once the demo's department officer is given it, the mark goes.
        uid = one(s.db, "SELECT user_id FROM ntm_scope_department WHERE department = ?", staffed)[0]
        saved(send(office, "tai-khoan/%d" % uid, "tai-khoan/%d" % uid, {"so-nganh": "Sở Khoa học và Công nghệ thử"}),
              "giving the officer the new department")
        text = html.unescape(office.get(OFFICE + "phan-cong/")[2])
        check("Sở Khoa học và Công nghệ thử (chưa có tài khoản" not in text, "the mark stayed after the officer was given it")
        check("%s (chưa có tài khoản nhập số liệu)" % staffed in text,
              "%r, left without its officer, is not marked" % staffed)


@test
def ntm_office_plans_can_be_taken_off():
    # A plan set by mistake (the wrong commune, a title not planned) is
    # taken off with "Gỡ": gone from the office's list, from the commune's
    # public page (its cached copy too) and written in the audit log.
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        uid, code = one(s.db, "SELECT u.id, u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                              "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code LIMIT 1 OFFSET 3")
        crit = one(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                         "WHERE st.code = 'QD51-2025' ORDER BY c.sort LIMIT 1")[0]
        saved(send(office, "ke-hoach/", "ke-hoach/", {"don-vi": str(uid), "danh-hieu": "kieu_mau", "nam": "2031",
                                                      "duyet": "1"}), "a plan")
        saved(send(office, "ke-hoach/", "ke-hoach/tieu-chi", {"don-vi": str(uid), "tieu-chi": str(crit),
                                                              "nam": "2032", "duyet": "1"}), "a criterion's plan")
        check("2031" in public(s, code) and "2032" in public(s, code), "the approved plans are not public")
        status, _, body = office.get(OFFICE + "ke-hoach/?xa=%d" % uid)
        check(status == 200 and 'value="%d:kieu_mau"' % uid in body and 'value="%d:tc:%d"' % (uid, crit) in body,
              "the plans have no \"Gỡ\" button")
        saved(send(office, "ke-hoach/?xa=%d" % uid, "ke-hoach/go", {"muc": "%d:kieu_mau" % uid}), "taking a plan off")
        saved(send(office, "ke-hoach/?xa=%d" % uid, "ke-hoach/go", {"muc": "%d:tc:%d" % (uid, crit)}),
              "taking a criterion's plan off")
        check(not db_has(s.db, "SELECT 1 FROM ntm_plan WHERE unit_id = %d AND status = 'kieu_mau'" % uid)
              and not db_has(s.db, "SELECT 1 FROM ntm_plan_criterion WHERE unit_id = %d AND criterion_id = %d"
                             % (uid, crit)), "the plans are still stored")
        page = public(s, code)
        check("2031" not in page and "2032" not in page, "the public page still shows the plans taken off")
        # Again: there is nothing left to take off, and the office is told so.
        status, _, body = send(office, "ke-hoach/?xa=%d" % uid, "ke-hoach/go", {"muc": "%d:kieu_mau" % uid})
        check(status == 400 and "Không có kế hoạch này" in html.unescape(body),
              "taking off a plan that is gone answered %d" % status)
        for bad in ("", "abc", "%d:vua" % uid, "99999999:ntm", "%d:tc:x" % uid):
            status, _, _ = send(office, "ke-hoach/", "ke-hoach/go", {"muc": bad})
            check(status == 400, "muc=%r answered %d" % (bad, status))
        detail = one(s.db, "SELECT detail FROM audit_log WHERE action = 'ntm_plan_remove'")
        check(detail == ("gỡ kế hoạch Nông thôn mới kiểu mẫu",), "the audit log writes the title's removal as %r"
              % (detail,))
        number, name = one(s.db, "SELECT number, name FROM ntm_criterion WHERE id = ?", crit)
        detail = one(s.db, "SELECT detail FROM audit_log WHERE action = 'ntm_plan_criterion_remove'")
        check(detail == ("gỡ kế hoạch đạt tiêu chí %s. %s" % (number, name),),
              "the audit log names the criterion as %r" % (detail,))


@test
def a_real_install_chooses_its_province_and_the_monitor_works_before_any_result():
    """A new database without the demo has no boundaries and no accepted
    assessment, which is how the monitor used to find its province: its
    public pages answered 404 though the menu links to them, and the
    office could not give a reporter a commune. The office now chooses the
    province; before any result the dashboard says so (200), and the site
    maps do not list the pages that only show results."""
    import os
    from harness import DINH, WORK, Server, run
    path = os.path.join(WORK, "real-install.db")
    code, _, err = run([DINH, "init", "--db", path])
    check(code == 0, "init failed: %s" % err)
    password = "Sen-hong-ngat-huong-3"
    code, _, err = run([DINH, "user", "add", "--db", path, "--login", "vp-tinh", "--role", "ntm_office",
                        "--name", "Văn phòng Điều phối"], input=password + "\n")
    check(code == 0, "user add failed: %s" % err)
    with Server(db=path) as s:
        status, _, body = s.request("GET", "/nong-thon-moi/")
        check(status == 404, "the monitor found a province by itself: %d" % status)
        # the rest of an empty portal reads well too
        status, _, body = s.request("GET", "/")
        check(status == 200 and "Chưa có tin bài nào được đăng." in body.decode(), "the empty home page: %d" % status)
        status, _, body = s.request("GET", "/sitemap.xml")
        check(status == 200 and b"sitemap-tin-tuc" not in body, "the sitemap index lists an empty part of articles")
        status, _, body = s.request("GET", "/rss/")
        check(status == 200 and re.search(rb"<channel>.*?<description>[^<]+</description>", body, re.S),
              "the feed's channel has no description")
        office = Client(s)
        check(office.login("vp-tinh", password)[0] == 303, "the office cannot sign in")
        units = "/quan-tri/nong-thon-moi/van-phong/don-vi/"
        status, _, body = office.get(units)
        check(status == 200 and "Chưa chọn tỉnh, thành phố của Văn phòng" in html.unescape(body),
              "the office is not told to choose its province: %d" % status)
        token = office.csrf(units)
        status, _, body = office.post(units + "tinh", {"csrf": token, "tinh": "99"})
        check(status == 400 and "trong danh sách" in html.unescape(body), "an unknown province answered %d" % status)
        status, h, _ = office.post(units + "tinh", {"csrf": token, "tinh": "42"})
        check(status == 303, "choosing Hà Tĩnh answered %d" % status)
        row = sqlite3.connect(path).execute(
            "SELECT u.name FROM ntm_home h JOIN ntm_unit u ON u.id = h.unit_id").fetchone()
        check(row and row[0] == "Hà Tĩnh", "the province stored is %r" % (row,))
        # the public dashboard: 200, the province named, no result yet, no link to pages without data
        status, _, body = s.request("GET", "/nong-thon-moi/")
        text = html.unescape(body.decode())
        check(status == 200 and "Hà Tĩnh" in text and "Chưa có kết quả đánh giá nào" in text,
              "the dashboard before any result answered %d: %s" % (status, text[:300]))
        check("/nong-thon-moi/ca-nuoc" not in text, "the dashboard links to the national page, which has no data")
        for page in ("/so-do-trang/", "/sitemap-trang.xml"):
            status, _, body = s.request("GET", page)
            check(status == 200 and b"/nong-thon-moi/ban-do" not in body and b"/nong-thon-moi/" in body,
                  "%s lists the map of results that do not exist yet" % page)
        # the office's account page now offers the province's communes for a reporter
        code, out, err = run([DINH, "user", "add", "--db", path, "--login", "canbo-xa", "--role", "ntm_reporter"],
                             input=password + "\n")
        check(code == 0, "adding a reporter failed: %s" % err)
        uid = sqlite3.connect(path).execute("SELECT id FROM users WHERE login = 'canbo-xa'").fetchone()[0]
        status, _, body = office.get("/quan-tri/nong-thon-moi/van-phong/tai-khoan/%d" % uid)
        check(status == 200 and body.count('name="xa"') > 50,
              "the reporter's page offers %d communes" % body.count('name="xa"'))
    # the command line chooses it too, and refuses a code that is no province
    code, _, err = run([DINH, "ntm", "load", "--db", path, "--province", "99"])
    check(code == 1 and "Không có tỉnh, thành phố nào mang mã 99" in err, "--province 99: %d %s" % (code, err))
    code, _, err = run([DINH, "ntm", "load", "--db", path, "--province", "01"])
    check(code == 0, "--province 01: %d %s" % (code, err))
    row = sqlite3.connect(path).execute("SELECT u.name FROM ntm_home h JOIN ntm_unit u ON u.id = h.unit_id").fetchone()
    check(row and row[0] == "Hà Nội", "the province chosen by the command line is %r" % (row,))


@test
def ntm_office_models_come_in_pages_and_by_commune():
    """A province counts its model areas and gardens in thousands: the
    office's list shows 200 a page with a way to the next, and narrows to
    one commune (?xa=), which its pages, its "Sửa" links, the add form's
    commune and the return after a save all keep. A commune not of the
    province gets 400 and a sentence, the whole list still shown."""
    with newsroom_server() as s:
        office = signed_in(s, "vanphong")
        units = rows(s.db, "SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                           "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code LIMIT 3")
        crowded, other = units[1][0], units[2][0]
        db = sqlite3.connect(s.db)
        db.executemany("INSERT INTO ntm_model(unit_id, kind, name, state) VALUES (?, 'vuon', ?, 'building')",
                       [(crowded, "Vườn mẫu số %03d" % i) for i in range(230)] +
                       [(other, "Khu mẫu số %03d" % i) for i in range(190)])
        db.commit()
        db.close()
        total = one(s.db, "SELECT count(*) FROM ntm_model m JOIN ntm_unit u ON u.id = m.unit_id "
                          "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42'")[0]
        mine = one(s.db, "SELECT count(*) FROM ntm_model WHERE unit_id = ?", crowded)[0]

        def listed(query):
            status, _, body = office.get(OFFICE + "mo-hinh/" + query)
            return status, body, re.findall(r'<tr id="mo-hinh-(\d+)"', body)

        status, body, ids = listed("")
        check(status == 200 and len(ids) == 200, "the whole list answered %d with %d rows" % (status, len(ids)))
        check("mỗi trang 200 dòng" in body and 'href="%smo-hinh/?trang=2"' % OFFICE in body,
              "page 1 of %d models has no way to page 2" % total)
        seen = set(ids)
        page = 2
        while True:
            status, body, ids = listed("?trang=%d" % page)
            check(status == 200 and ids, "page %d answered %d with %d rows" % (page, status, len(ids)))
            seen |= set(ids)
            if 'trang=%d"' % (page + 1) not in body:
                break
            page += 1
        check(len(seen) == total, "the pages listed %d models of %d" % (len(seen), total))

        status, body, ids = listed("?xa=%d" % crowded)
        check(status == 200 and len(ids) == 200, "?xa= answered %d with %d rows" % (status, len(ids)))
        check(all(one(s.db, "SELECT unit_id FROM ntm_model WHERE id = ?", int(i))[0] == crowded for i in ids),
              "?xa= lists models of other communes")
        check('href="%smo-hinh/?xa=%d&amp;trang=2"' % (OFFICE, crowded) in body, "?xa= page 1 leads to a page 2 "
              "without the commune")
        check(re.search(r'href="%smo-hinh/\?xa=%d&amp;sua=\d+#mo-hinh"' % (OFFICE, crowded), body),
              "the Sửa links of ?xa= lose the commune")
        form = body[body.find('action="%smo-hinh/?xa=%d"' % (OFFICE, crowded)):]
        check(len(form) < len(body), "the add form loses the commune")
        check(re.search(r'<option value="%d" selected' % crowded, form[:form.find("</form>")]),
              "the add form does not offer the commune")
        status, body, more = listed("?xa=%d&trang=2" % crowded)
        check(status == 200 and len(ids) + len(more) == mine, "?xa= lists %d of the commune's %d models"
              % (len(ids) + len(more), mine))

        model = int(ids[0])
        status, h, body = send(office, "mo-hinh/?xa=%d" % crowded, "mo-hinh/%d?xa=%d" % (model, crowded),
                               {"don-vi": str(crowded), "loai": "vuon", "ten": "Vườn mẫu đã sửa",
                                "trang-thai": "building", "nam": ""})
        check(status == 303 and h.get("location", "").endswith("mo-hinh/?xa=%d&thong-bao=da-luu" % crowded),
              "a save from the narrowed list answered %d to %r" % (status, h.get("location")))
        check(one(s.db, "SELECT name FROM ntm_model WHERE id = ?", model) == ("Vườn mẫu đã sửa",), "not saved")

        for query in ("?xa=abc", "?xa=999999999"):
            status, body, ids = listed(query)
            check(status == 400 and "Xã, phường để lọc" in html.unescape(body) and len(ids) == 200,
                  "%s answered %d with %d rows" % (query, status, len(ids)))
