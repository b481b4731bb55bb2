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
PAGES = ["tai-khoan/", "cong-nhan/", "ke-hoach/", "phan-cong/", "do-dau/", "mo-hinh/", "nguon-von/", "don-vi/"]


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
            for action in ("cong-nhan/", "ke-hoach/", "nguon-von/", "don-vi/sap-nhap"):
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
            check(re.search(r'href="/van-ban/[^"]*%d\.html"' % doc[0], page),
                  "the public commune page does not link the decision to its document")
        check(audit(s.db, "ntm_recognition"), "the recognition is not in the audit log")
        # revoking needs no met criteria
        saved(send(office, "cong-nhan/", "cong-nhan/",
                   dict(form, **{"don-vi": str(failing[0]), "loai": "thu_hoi", "so": "600/QĐ-UBND"})),
              "a revocation")
        check(one(s.db, "SELECT act FROM ntm_recognition WHERE unit_id = ? ORDER BY id DESC LIMIT 1",
                  failing[0])[0] == "thu_hoi", "the revocation was not stored")
