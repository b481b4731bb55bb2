"""test_ntm_entry.py - the monitor's data entry and checking under
/quan-tri/nong-thon-moi/, as a commune reporter, a department officer and
the coordination office meet it: who may read and write which unit and
which criteria, the messages beside wrong values, the states of a report
from draft to accepted, the history of values, the audit log, and that the
public pages change only when the office accepts."""
import calendar
import html as htmllib
import json
import re
import sqlite3
import time
from html.parser import HTMLParser

from harness import DEMO_LOGINS, check, test
from test_newsroom import newsroom_server, signed_in

REPORTER, DEPARTMENT, OFFICE = "canboxa", "songanh", "vanphong"
MINE, OTHER = "18073", "18223"  # the reporter's first unit, a unit of someone else
BASE = "/quan-tri/nong-thon-moi/"


class FormReader(HTMLParser):
    """The fields of the entry form as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._select = None
        self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "search"):
            self.fields[a["name"]] = a.get("value") or ""
        elif tag == "select":
            self._select = a.get("name")
            self._first_option = None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
                self.fields.setdefault(self._select, self._first_option)
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.fields[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_of(body):
    p = FormReader()
    p.feed(body.split('class="ntm-entry-form"', 1)[1] if 'class="ntm-entry-form"' in body else body)
    return p.fields


def db_rows(path, sql, *args):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def indicator_ids(path, set_code):
    """code -> (id, value_type, criterion number) of a set."""
    rows = db_rows(path, "SELECT i.code, i.id, i.value_type, c.number FROM ntm_indicator i "
                         "JOIN ntm_criterion c ON c.id = i.criterion_id JOIN ntm_set s ON s.id = c.set_id "
                         "WHERE s.code = ?", set_code)
    return {code: (i, t, n) for code, i, t, n in rows}


def stored(path, code, year, quarter, indicator_id):
    rows = db_rows(path, "SELECT v.value FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                         "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = ? AND a.quarter = ? "
                         "AND v.indicator_id = ?", code, year, quarter, indicator_id)
    return rows[0][0] if rows else None


def assessment(path, code, year, quarter=0):
    rows = db_rows(path, "SELECT a.id, a.state FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                         "WHERE u.code = ? AND a.year = ? AND a.quarter = ?", code, year, quarter)
    return rows[0] if rows else (None, None)


def forget_2025(path, code):
    """Takes the unit's 2025 report out of the demo, as if it had not been sent yet."""
    db = sqlite3.connect(path)
    ids = [r[0] for r in db.execute("SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                    "WHERE u.code = ? AND a.year = 2025", (code,))]
    for table in ("ntm_value", "ntm_recorded", "ntm_result", "ntm_evidence"):
        db.executemany("DELETE FROM %s WHERE assessment_id = ?" % table, [(i,) for i in ids])
    db.executemany("DELETE FROM ntm_assessment WHERE id = ?", [(i,) for i in ids])
    db.commit()
    db.close()


def text_of(body):
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", body)))


def post_form(c, url, changes, drop=(), viec="luu"):
    """GETs the entry form, changes some fields and sends it."""
    status, _, body = c.get(url)
    check(status == 200, "GET %s answered %d" % (url, status))
    fields = form_of(body)
    for k in drop:
        fields.pop(k, None)
    fields.update(changes)
    fields["viec"] = viec
    return c.post(url, fields)


@test
def ntm_entry_reporter_reads_and_writes_only_its_units():
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        percent = ind["2.1"][0]
        rep = signed_in(s, REPORTER)
        status, h, body = rep.get(BASE)
        check(status == 200 and h.get("cache-control") == "no-store", "list answered %d" % status)
        check("/nhap/%s/2026" % MINE in body and "/nhap/%s/" % OTHER not in body,
              "the reporter's list shows another unit or misses its own")
        check("Phường Thành Sen" in body and "Đã duyệt" in body, "the list does not show the unit's state")
        check('href="/quan-tri/nong-thon-moi/excel/"' in body, "the list does not lead to the Excel template")
        status, _, body = rep.get(BASE + "nhap/%s/2025-q2" % MINE)
        check(status == 200 and 'name="gt-%d"' % percent in body, "own unit answered %d" % status)
        # another unit, by address
        status, _, body = rep.get(BASE + "nhap/%s/2025-q2" % OTHER)
        check(status == 403, "another unit's screen answered %d" % status)
        token = rep.csrf(BASE)
        status, _, _ = rep.post(BASE + "nhap/%s/2025-q2" % OTHER,
                                {"csrf": token, "viec": "luu", "gt-%d" % percent: "50"})
        check(status == 403, "writing another unit by address answered %d" % status)
        # another unit, by form field on its own address
        status, _, body = rep.post(BASE + "nhap/%s/2025-q2" % MINE,
                                   {"csrf": token, "viec": "luu", "don-vi": OTHER, "gt-%d" % percent: "50"})
        check(status == 403 and "không được nhập số liệu của đơn vị này" in body,
              "writing another unit by form field answered %d" % status)
        check(assessment(s.db, OTHER, 2025, 2) == (None, None) and assessment(s.db, MINE, 2025, 2) == (None, None),
              "a refused write left a report")
        # a bad period or unit
        for bad in ("nhap/%s/2025-q5" % MINE, "nhap/%s/1999" % MINE, "nhap/99999/2025", "nhap/42/2025"):
            status, _, _ = rep.get(BASE + bad)
            check(status in (403, 404), "%s answered %d" % (bad, status))
        # the office's pages are not the reporter's
        for path in ("van-phong/", "van-phong/duyet/1"):
            status, _, _ = rep.get(BASE + path)
            check(status == 403, "reporter on %s answered %d" % (path, status))
        # a newsroom editor has no NTM rights; nobody anonymous
        ed = signed_in(s, "bientap")
        status, _, _ = ed.get(BASE + "nhap/%s/2025" % MINE)
        check(status == 403, "an editor on the entry screen answered %d" % status)
        status, h, _ = s.request("GET", BASE)
        check(status == 303 and "dang-nhap" in h.get("location", ""), "anonymous list answered %d" % status)
        # the office and a department officer see every unit of the province, with a name filter
        off = signed_in(s, OFFICE)
        status, _, body = off.get(BASE + "?ky=2025&q=kim%20hoa")
        check(status == 200 and "/nhap/%s/2025" % OTHER in body and "/nhap/%s/" % MINE not in body,
              "the office's filtered list answered %d" % status)
        dep = signed_in(s, DEPARTMENT)
        status, _, body = dep.get(BASE)
        check(status == 200 and body.count("/nong-thon-moi/nhap/") >= 2 * 69, "the department's list")
        status, _, body = off.get(BASE + "?ky=abc")
        check(status == 400 and "Kỳ nhập số liệu phải là một năm (?ky=2025) hoặc một quý" in text_of(body),
              "a bad period answered %d: %r" % (status, text_of(body)[:300]))
        status, _, body = off.get(BASE + "?ky=2019")
        check(status == 404 and "Năm 2019 không có bộ tiêu chí nông thôn mới áp dụng" in text_of(body),
              "a year without a set answered %d" % status)


@test
def ntm_entry_checks_each_value_with_its_message():
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        percent, met = ind["2.1"][0], ind["1.1"][0]
        number = [i for code, (i, t, _) in ind.items() if t == "number"][0]
        rep = signed_in(s, REPORTER)
        url = BASE + "nhap/%s/2025-q2" % MINE
        cases = [
            ({"gt-%d" % percent: "abc"}, percent, "Tỷ lệ phải là một số"),
            ({"gt-%d" % percent: "120"}, percent, "Tỷ lệ phải từ 0 đến 100%"),
            ({"gt-%d" % percent: "78,5,1"}, percent, "Tỷ lệ phải là một số"),
            ({"gt-%d" % met: "7"}, met, "Hãy chọn Có hoặc Không."),
            ({"gt-%d" % number: "-3"}, number, "Giá trị không được âm."),
            ({"gt-%d" % number: "9" * 23}, number, "Giá trị quá lớn hoặc có quá nhiều chữ số"),
            ({"gt-%d" % percent: "9" * 23}, percent, "Tỷ lệ có quá nhiều chữ số (tối đa 15 chữ số"),
            ({"gt-%d" % number: "0,000000000000001"}, number, "có quá nhiều chữ số (tối đa 15 chữ số)"),
            # one point before three digits reads two ways: never stored a thousand times off
            ({"gt-%d" % number: "45.235"}, number, "“45.235” có thể hiểu hai cách: 45235 (dấu chấm ngăn hàng "
                                                   "nghìn) hoặc 45,235 (dấu chấm thập phân). Hãy viết 45235 hoặc "
                                                   "45,235."),
            ({"gt-%d" % percent: "12.500%"}, percent, "có thể hiểu hai cách"),
            # the evidence's own message beside the evidence, the value's beside the value: both shown
            ({"mc-%d" % percent: "999999", "gt-%d" % percent: "abc"}, percent, "Tỷ lệ phải là một số"),
        ]
        for changes, field, message in cases:
            status, _, body = post_form(rep, url, changes)
            check(status == 400, "%r answered %d" % (changes, status))
            m = re.search(r'<p class="field-error" id="gt-%d-loi" ?>(.*?)</p>' % field, body)
            check(m and message in htmllib.unescape(m.group(1)), "%r: message beside the field: %r" %
                  (changes, m and m.group(1)))
            check('aria-describedby="gt-%d-loi"' % field in body, "the field does not point at its message")
            if "mc-%d" % percent in changes:
                m = re.search(r'<p class="field-error" id="mc-%d-loi">(.*?)</p>' % percent, body)
                check(m and "Không có tệp mã số “999999” trong thư viện tệp." in htmllib.unescape(m.group(1)) and
                      'aria-describedby="mc-%d-loi"' % percent in body, "the evidence's message is not beside it")
            for name, value in changes.items():
                if name.startswith("gt-") and field != met:
                    check('value="%s"' % htmllib.escape(value) in body, "the form lost %s=%r" % (name, value))
            check(assessment(s.db, MINE, 2025, 2) == (None, None), "a refused form was saved")
        # Vietnamese decimal commas are numbers, a rate may keep its sign
        status, h, _ = post_form(rep, url, {"gt-%d" % percent: "78,5 %", "gt-%d" % met: "1", "gt-%d" % number: "45.2"})
        check(status == 303 and h.get("location") == url + "?thong-bao=da-luu", "a good form answered %d" % status)
        check(stored(s.db, MINE, 2025, 2, percent) == 78.5, "78,5 stored as %r" % stored(s.db, MINE, 2025, 2, percent))
        check(stored(s.db, MINE, 2025, 2, number) == 45.2, "45.2 stored as %r" % stored(s.db, MINE, 2025, 2, number))
        status, _, body = rep.get(h["location"])
        check('value="78,5"' in body and "Đã lưu bản nháp." in body, "the saved value is not shown as 78,5")
        # the states are the server's: the page shows what ntm_assess stored
        state = db_rows(s.db, "SELECT v.state FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                              "WHERE a.id = ? AND v.indicator_id = ?", assessment(s.db, MINE, 2025, 2)[0], met)[0][0]
        check(state == 1, "met value stored with state %r" % state)
        # the same evidence file named four times is one file
        media = db_rows(s.db, "SELECT min(id) FROM media_file")[0][0]
        status, _, _ = post_form(rep, url, {"gt-%d" % percent: "78,5", "mc-%d" % percent: "%d,%d %d,%d" % ((media,) * 4)})
        check(status == 303, "evidence named four times answered %d" % status)
        files = db_rows(s.db, "SELECT media_id FROM ntm_evidence WHERE assessment_id = ? AND indicator_id = ?",
                        assessment(s.db, MINE, 2025, 2)[0], percent)
        check(files == [(media,)], "evidence stored as %r" % files)


@test
def ntm_entry_a_yes_no_indicator_reads_yes_or_no_and_its_target_decides():
    """9.1 "Nhà tạm, dột nát" must be "Không": the choices are the fact
    (Có, Không), and choosing Không meets it, on the form, in its history
    and in the Excel template, where a criterion the office records keeps
    Đạt / Không đạt."""
    import io
    import openpyxl
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        house = ind["9.1"][0]
        rep = signed_in(s, REPORTER)
        url = BASE + "nhap/%s/2025-q2" % MINE
        status, _, body = rep.get(url)
        sel = re.search(r'<select id="gt-%d".*?</select>' % house, body, re.S)
        check(sel, "no choice for 9.1")
        options = re.findall(r"<option[^>]*>(.*?)</option>", sel.group(0))
        check(options[1:] == ["Có", "Không"], "9.1 offers %r" % options)
        row = body[body.index('id="gt-%d"' % house) - 1500:body.index('id="gt-%d"' % house)]
        check("<td>Không</td>" in row or ">Không<" in row, "the target of 9.1 does not read Không")
        status, _, body = post_form(rep, url, {"gt-%d" % house: "0"})
        check(status == 303, "saving 9.1 = Không answered %d" % status)
        status, _, body = rep.get(url)
        cell = body[body.index('id="gt-%d"' % house):]
        badge = re.search(r"data-trang-thai-chi-tieu>(.*?)</span>", cell).group(1)
        check(badge == "Đạt", "9.1 = Không is %r" % badge)
        check("chưa nhập → Không" in text_of(cell[:3000]) and "Không đạt (không)" not in cell[:3000],
              "the history of 9.1 reads: %s" % text_of(cell[:1500]))
        # the Excel template: the fact's list for indicators, the state's for criteria the office records
        off = signed_in(s, OFFICE)
        lists = set()
        for year in (2025, 2026):  # 2026's set has criteria the office records, 2025's yes/no indicators
            status, _, data = s.request("GET", "/quan-tri/nong-thon-moi/excel/mau.xlsx?nam=%d&quy=3&kieu=ma-tran" % year,
                                        {"Cookie": off._cookie_header()}, timeout=60)
            check(status == 200, "the %d template answered %d" % (year, status))
            wb = openpyxl.load_workbook(io.BytesIO(data))
            lists |= {dv.formula1 for ws in wb.worksheets for dv in ws.data_validations.dataValidation
                      if dv.type == "list"}
        check('"Có,Không"' in lists and '"Đạt,Không đạt"' in lists, "the template's lists: %r" % lists)


@test
def ntm_entry_department_enters_only_its_criteria():
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        mine_ind, other_ind = ind["2.1"][0], ind["1.1"][0]
        crit2 = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                              "WHERE s.code = 'QD318-2022' AND c.number = '2'")[0][0]
        db = sqlite3.connect(s.db)
        db.execute("INSERT INTO ntm_responsible(criterion_id, kind, name, role) "
                   "VALUES (?, 'department', 'Sở Nông nghiệp và Môi trường', 'lead')", (crit2,))
        db.commit()
        db.close()
        dep = signed_in(s, DEPARTMENT)
        # the list of communes says which criteria are the department's, by their numbers in the year's set
        status, _, body = dep.get(BASE + "?ky=2025")
        check(status == 200 and re.search(r"Sở Nông nghiệp và Môi trường phụ trách các tiêu chí [0-9, ]*\b2\b[0-9, ]* "
                                          r"của bộ tiêu chí năm 2025", text_of(body)),
              "the department is not told its criteria: %r" % re.findall(r"<p>Mọi xã[^<]*</p>", body))
        url = BASE + "nhap/%s/2025-q3" % OTHER
        status, _, body = dep.get(url)
        check(status == 200, "the department's screen answered %d" % status)
        check('name="gt-%d"' % mine_ind in body and 'name="gt-%d"' % other_ind not in body,
              "the department may type the wrong indicators")
        status, _, _ = post_form(dep, url, {"gt-%d" % mine_ind: "66,6"})
        check(status == 303 and stored(s.db, OTHER, 2025, 3, mine_ind) == 66.6, "the department's own value")
        # a value for another department's criterion is refused, not dropped
        status, _, body = post_form(dep, url, {"gt-%d" % mine_ind: "70", "gt-%d" % other_ind: "1"})
        check(status == 403 and "Bạn không được nhập chỉ tiêu 1.1" in text_of(body),
              "another criterion's value answered %d" % status)
        check(stored(s.db, OTHER, 2025, 3, mine_ind) == 66.6 and stored(s.db, OTHER, 2025, 3, other_ind) is None,
              "a refused form changed values")
        # what others entered stays when the department saves
        off = signed_in(s, OFFICE)
        status, _, _ = post_form(off, url, {"gt-%d" % other_ind: "1"})
        check(status == 303, "the office's save answered %d" % status)
        status, _, _ = post_form(dep, url, {"gt-%d" % mine_ind: "71"})
        check(status == 303 and stored(s.db, OTHER, 2025, 3, other_ind) == 1.0,
              "the department's save lost another criterion's value")
        # sending the report is the commune's: the department saves only
        status, _, body = dep.get(url)
        check('value="gui"' not in body, "the department is offered to send the commune's report")
        status, _, body = post_form(dep, url, {"gt-%d" % mine_ind: "72"}, viec="gui")
        check(status == 403 and "Báo cáo do xã gửi" in text_of(body) and stored(s.db, OTHER, 2025, 3, mine_ind) == 71,
              "the department's send answered %d" % status)
        check(assessment(s.db, OTHER, 2025, 3)[1] == "draft", "a department's send changed the report's state")
        # a department of Hà Tĩnh enters nothing for a commune of another province (Phường Ba Đình, Hà Nội)
        far = BASE + "nhap/00004/2025-q4"
        check(dep.get(far)[0] == 403, "a commune of another province is open to the department")
        fields = form_of(dep.get(url)[2])  # a good form of the department's, sent to the far commune
        fields.update({"gt-%d" % mine_ind: "5", "viec": "luu"})
        status, _, _ = dep.post(far, fields)
        check(status == 403, "a save for a commune of another province answered %d" % status)
        check(stored(s.db, "00004", 2025, 4, mine_ind) is None, "the department wrote for another province")
        check(off.get(far)[0] == 200, "the office's screen for a commune of another province")


def note_of(path, code, year, quarter, indicator_id):
    rows = db_rows(path, "SELECT v.note FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                         "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = ? AND a.quarter = ? "
                         "AND v.indicator_id = ?", code, year, quarter, indicator_id)
    return rows[0][0] if rows else None


@test
def ntm_entry_a_page_opened_earlier_saves_only_what_its_person_changed():
    """The commune's reporter and the department's officer have the same
    report open; each page sends its whole form (the autosave too). What
    one saved is not undone by the other's page, which was drawn before;
    a value both changed is refused with 409, the typed value kept."""
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        a, b = ind["2.1"][0], ind["12.1"][0]
        url = BASE + "nhap/%s/2025-q3" % MINE
        rep, off = signed_in(s, REPORTER), signed_in(s, OFFICE)
        # both open the page
        rep_form, off_form = form_of(rep.get(url)[2]), form_of(off.get(url)[2])
        check("ban-goc" in rep_form, "the form does not say what its fields held")
        # the office saves a value and a note of indicator a
        off_form.update({"gt-%d" % a: "93", "gc-%d" % a: "Sở xác nhận số liệu", "viec": "luu"})
        status, _, _ = off.post(url, off_form)
        check(status == 303 and stored(s.db, MINE, 2025, 3, a) == 93, "the office's save answered %d" % status)
        # the reporter's page, drawn before, saves indicator b (its autosave, then the button)
        auto = dict(rep_form, **{"gt-%d" % b: "71", "viec": "luu", "tu-dong": "1"})
        status, _, body = rep.post(url, auto)
        got = json.loads(body)
        check(status == 200 and got.get("da_luu") is True and got.get("ban_goc"), "the autosave answered %d %r"
              % (status, got))
        check(stored(s.db, MINE, 2025, 3, a) == 93 and note_of(s.db, MINE, 2025, 3, a) == "Sở xác nhận số liệu",
              "the reporter's stale page undid the office's value: %r, %r"
              % (stored(s.db, MINE, 2025, 3, a), note_of(s.db, MINE, 2025, 3, a)))
        check(stored(s.db, MINE, 2025, 3, b) == 71, "the reporter's own value was not saved")
        # the page takes the answer's ban-goc; its next autosave is not a conflict with itself
        auto.update({"ban-goc": got["ban_goc"], "gt-%d" % b: "72"})
        status, _, body = rep.post(url, auto)
        check(status == 200 and json.loads(body).get("da_luu") is True, "the second autosave: %d %s" % (status, body))
        # the reporter now changes indicator a too, on the page that still shows the old value
        stale = dict(rep_form, **{"gt-%d" % a: "80", "viec": "luu"})
        status, _, body = rep.post(url, stale)
        text = text_of(body)
        check(status == 409 and "Người khác vừa sửa chỉ tiêu này" in text and "93" in text,
              "a value changed by both answered %d: %s" % (status, text[:300]))
        check(stored(s.db, MINE, 2025, 3, a) == 93, "the conflicting save was written")
        again = form_of(body)
        check(again.get("gt-%d" % a) == "80", "the typed value was not kept: %r" % again.get("gt-%d" % a))
        # saved again from the page that named the conflict: the reporter's value, knowingly
        again["viec"] = "luu"
        status, _, _ = rep.post(url, again)
        check(status == 303 and stored(s.db, MINE, 2025, 3, a) == 80 and stored(s.db, MINE, 2025, 3, b) == 72,
              "the knowing save answered %d: %r" % (status, stored(s.db, MINE, 2025, 3, a)))
        # the same as JSON for the autosave
        status, _, body = off.post(url, dict(off_form, **{"gt-%d" % a: "95", "tu-dong": "1"}))
        got = json.loads(body)
        check(status == 409 and got.get("da_luu") is False and "Người khác vừa sửa" in got.get("loi", ""),
              "the office's stale autosave answered %d %r" % (status, got))
        # a change in the eleventh digit is a change (the digest of a value keeps every digit)
        big = ind["10"][0]
        for typed, want in (("12345678,901", 12345678.901), ("12345678,902", 12345678.902)):
            status, _, _ = rep.post(url, dict(form_of(rep.get(url)[2]), **{"gt-%d" % big: typed, "viec": "luu"}))
            check(status == 303 and abs(stored(s.db, MINE, 2025, 3, big) - want) < 1e-6,
                  "saving %s answered %d, stored %r" % (typed, status, stored(s.db, MINE, 2025, 3, big)))
        # a form without ban-goc (a script of the office's) still saves what it sends
        plain = dict(form_of(off.get(url)[2]), **{"gt-%d" % a: "96", "viec": "luu"})
        plain.pop("ban-goc")
        status, _, _ = off.post(url, plain)
        check(status == 303 and stored(s.db, MINE, 2025, 3, a) == 96, "a form without ban-goc answered %d" % status)


@test
def ntm_entry_two_saves_of_one_field_at_the_same_moment_do_not_overwrite_each_other():
    """The commune's reporter and the office change the same value on pages
    drawn together, and both saves arrive before either is written (both
    workers busy, so both wait in the queue). The one written second finds
    the other's value inside its write and is refused with 409, naming the
    indicator, the typed value kept; it is not silently written over."""
    import threading
    import time
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        a = ind["2.1"][0]
        url = BASE + "nhap/%s/2025-q3" % MINE
        rep, off = signed_in(s, REPORTER), signed_in(s, OFFICE)
        rep_form, off_form = form_of(rep.get(url)[2]), form_of(off.get(url)[2])
        for round_, (mine, theirs) in enumerate((("81", "82"), ("83", "84"))):
            autosave = round_ == 1
            busy = [threading.Thread(target=s.request, args=("POST", "/__test/slow?ms=2500"),
                                     kwargs={"timeout": 30}) for _ in range(2)]
            for t in busy:
                t.start()
            time.sleep(0.2)
            answers = {}

            def save(who, client, form, value):
                fields = dict(form, **{"gt-%d" % a: value, "viec": "luu"})
                if autosave:
                    fields["tu-dong"] = "1"
                answers[who] = client.post(url, fields)

            runs = [threading.Thread(target=save, args=("rep", rep, rep_form, mine)),
                    threading.Thread(target=save, args=("off", off, off_form, theirs))]
            for t in runs:
                t.start()
            for t in runs + busy:
                t.join()
            statuses = sorted(answers[k][0] for k in answers)
            ok = (200 if autosave else 303)
            check(statuses == sorted([ok, 409]), "two saves of one field at once answered %r" % statuses)
            loser = "rep" if answers["rep"][0] == 409 else "off"
            winner_value = {"rep": float(mine), "off": float(theirs)}["off" if loser == "rep" else "rep"]
            check(stored(s.db, MINE, 2025, 3, a) == winner_value,
                  "the stored value is %r, not the first save's %r" % (stored(s.db, MINE, 2025, 3, a), winner_value))
            body = answers[loser][2]
            if autosave:
                got = json.loads(body)
                check(got.get("da_luu") is False and "khác vừa" in got.get("loi", "") and "2.1" in got["loi"],
                      "the refused autosave said %r" % got)
            else:
                text = text_of(body)
                typed = mine if loser == "rep" else theirs
                check("Người khác vừa" in text and form_of(body).get("gt-%d" % a) == typed,
                      "the refused save did not keep %s or name the clash: %s" % (typed, text[:300]))
                # the loser's page, saved again, writes its value knowingly
                again = dict(form_of(body), viec="luu")
                client = rep if loser == "rep" else off
                status, _, _ = client.post(url, again)
                check(status == 303 and stored(s.db, MINE, 2025, 3, a) == float(typed),
                      "the knowing save answered %d" % status)
            rep_form, off_form = form_of(rep.get(url)[2]), form_of(off.get(url)[2])


@test
def ntm_entry_the_reports_note_is_the_communes_not_a_departments():
    """A department's officer enters the indicators of its criteria for
    every commune; the report's general note is the commune's. The
    department's page shows it without a box, and a note sent from outside
    the page does not replace the commune's."""
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        url = BASE + "nhap/%s/2025-q2" % MINE
        rep, dep = signed_in(s, REPORTER), signed_in(s, DEPARTMENT)
        form = form_of(rep.get(url)[2])
        form.update({"ghi-chu": "Ghi chú của xã về quý 2.", "viec": "luu"})
        status, _, _ = rep.post(url, form)
        check(status == 303, "the reporter's save answered %d" % status)

        def note():
            rows = db_rows(s.db, "SELECT a.note FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                 "WHERE u.code = ? AND a.year = 2025 AND a.quarter = 2", MINE)
            return rows[0][0] if rows else None
        status, _, body = dep.get(url)
        check(status == 200 and 'name="ghi-chu"' not in body and "Ghi chú của xã về quý 2." in text_of(body),
              "the department's page offers the commune's note to edit (%d)" % status)
        dep_form = form_of(body)
        mine = ind["17.1"][0]
        for fields, want in (({"ghi-chu": "Sở ghi đè ghi chú"}, 403), ({}, 303)):
            sent = dict(dep_form, **{"gt-%d" % mine: "55", "viec": "luu"}, **fields)
            status, _, body = dep.post(url, sent)
            check(status == want, "the department's save with %r answered %d" % (fields, status))
            check(note() == "Ghi chú của xã về quý 2.", "the commune's note became %r" % note())
        check(stored(s.db, MINE, 2025, 2, mine) == 55, "the department's own indicator was not saved")
        # the same refused as JSON for an autosave
        status, _, body = dep.post(url, dict(dep_form, **{"ghi-chu": "x", "tu-dong": "1", "viec": "luu"}))
        check(status == 403 and "do xã viết" in json.loads(body).get("loi", ""), "the autosave answered %d %s"
              % (status, body[:200]))


@test
def ntm_entry_department_with_nothing_to_enter_cannot_save_or_send_the_report():
    """A department officer whose department has no criterion in the set
    reads a commune's report; a send forged from outside the page would
    lock the report away from the commune until the office returned it."""
    with newsroom_server() as s:
        # the demo's department answers for some criteria of the set: here for none
        db = sqlite3.connect(s.db)
        db.execute("DELETE FROM ntm_responsible WHERE name = 'Sở Nông nghiệp và Môi trường'")
        db.commit()
        db.close()
        url = BASE + "nhap/%s/2025-q4" % MINE
        before = assessment(s.db, MINE, 2025, 4)
        dep = signed_in(s, DEPARTMENT)
        status, _, body = dep.get(url)
        check(status == 200 and "chỉ xem" in text_of(body) and 'value="gui"' not in body,
              "the department's read-only screen answered %d" % status)
        token = dep.csrf(url)
        for fields in ({"viec": "gui"}, {"viec": "gui", "ghi-chu": "x"}, {"viec": "luu", "ghi-chu": "Ghi chú lạ"}):
            fields.update({"csrf": token, "don-vi": MINE, "ky": "2025-q4"})
            status, _, body = dep.post(url, fields)
            check(status == 403 and "không lưu hay gửi được" in text_of(body),
                  "the department's %s answered %d" % (fields["viec"], status))
            check(assessment(s.db, MINE, 2025, 4) == before,
                  "a refused %s changed the report: %r -> %r" % (fields["viec"], before, assessment(s.db, MINE, 2025, 4)))
        # the commune's reporter still sends it
        rep = signed_in(s, REPORTER)
        status, _, _ = post_form(rep, url, {}, viec="gui")
        check(status == 303 and assessment(s.db, MINE, 2025, 4)[1] == "submitted",
              "the reporter's send answered %d" % status)


@test
def ntm_entry_submit_return_accept_and_only_then_public():
    with newsroom_server() as s:
        forget_2025(s.db, MINE)
        ind = indicator_ids(s.db, "QD318-2022")
        percent, met = ind["2.1"][0], ind["1.1"][0]
        url = BASE + "nhap/%s/2025" % MINE
        public = "/nong-thon-moi/xa/%s?nam=2025" % MINE
        status, _, _ = s.get(public)
        check(status == 404, "the public page shows a report never accepted: %d" % status)
        dash = s.page("/nong-thon-moi/?nam=2025")
        row = re.search(r'<a href="/nong-thon-moi/xa/%s(?:\?nam=2025)?">[^<]*</a></th><td>(.*?)</td>' % MINE, dash)
        check(row and not re.match(r"\d", row.group(1)), "the dashboard counts the unit before: %r" % (row and row.group(1)))

        rep = signed_in(s, REPORTER)
        # a note of 1,500 Vietnamese letters (about 3,000 bytes): within the box's 2,000 characters
        note = "Số liệu theo biên bản " + "ấp" * 740
        status, _, _ = post_form(rep, url, {"gt-%d" % percent: "78,5", "gt-%d" % met: "1", "gc-%d" % percent: note,
                                            "ghi-chu": "Xã gửi số liệu quý, <b>chưa</b> có biên bản tiêu chí 17."},
                                 viec="gui")
        check(status == 303, "submitting answered %d" % status)
        check(db_rows(s.db, "SELECT v.note FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                            "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2025 AND a.quarter = 0 "
                            "AND v.indicator_id = ?", MINE, percent) == [(note,)], "the long note was not kept whole")
        aid, state = assessment(s.db, MINE, 2025)
        check(state == "submitted", "state after submitting: %r" % state)
        status, _, _ = s.get(public)
        check(status == 404, "a submitted report is public: %d" % status)
        # submitted: the reporter may read, not write
        status, _, body = rep.get(url)
        check(status == 200 and 'name="gt-%d"' % percent not in body and "Đã gửi, chờ duyệt" in body,
              "the submitted report is still editable")
        token = rep.csrf(BASE)
        status, _, _ = rep.post(url, {"csrf": token, "viec": "luu", "gt-%d" % percent: "10"})
        check(status == 409 and stored(s.db, MINE, 2025, 0, percent) == 78.5, "writing a submitted report: %d" % status)

        # the office's queue lists it; the office returns it with comments
        off = signed_in(s, OFFICE)
        status, _, body = off.get(BASE + "van-phong/")
        check(status == 200 and "/van-phong/duyet/%d" % aid in body, "the queue does not list the report")
        for link in ("cong-nhan/", "bo-tieu-chi/", "ke-hoach/", "phan-cong/", "do-dau/", "mo-hinh/", "nguon-von/",
                     "don-vi/", "tai-khoan/", "bao-cao/"):
            check('href="/quan-tri/nong-thon-moi/van-phong/%s"' % link in body, "the office's menu lacks %s" % link)
        review = BASE + "van-phong/duyet/%d" % aid
        status, _, body = off.get(review)
        check(status == 200 and 'name="yk-%d"' % percent in body and "78,5%" in body, "review page answered %d" % status)
        check("Ghi chú chung của báo cáo</h2>\n<p class=\"keeps-lines\">Xã gửi số liệu quý, &lt;b&gt;chưa&lt;/b&gt; "
              "có biên bản tiêu chí 17.</p>" in body, "the office does not read the commune's note")
        # two values entered of 58: before accepting, the office is told which criteria would go public undetermined
        undetermined = re.findall(r"<h2>Tiêu chí (\d+)\. [^<]*<span [^>]*data-trang-thai-tieu-chi>Chưa xác định</span>", body)
        warning = re.search(r'<p class="notice-error ntm-undetermined" role="note">Còn (\d+) trên 19 tiêu chí chưa xác '
                            r'định \(tiêu chí ([\d, ]+)\)', body)
        check(undetermined and warning and int(warning.group(1)) == len(undetermined) and
              warning.group(2).split(", ") == undetermined, "the warning %r for %r" %
              (warning and warning.group(0), undetermined))
        token = off.csrf(review)
        status, _, body = off.post(review, {"csrf": token, "viec": "tra-lai"})
        check(status == 400 and "ít nhất một chỉ tiêu" in body, "a return without comments answered %d" % status)
        # a general comment over 2,000 characters: refused, and what was typed comes back
        too_long = "Đề nghị rà soát " + "lại " * 500
        status, _, body = off.post(review, {"csrf": token, "viec": "tra-lai", "yk-%d" % percent: "Giữ ý kiến này",
                                            "yk-chung": too_long})
        check(status == 400 and "2.000 ký tự" in htmllib.unescape(body), "an overlong comment answered %d" % status)
        check(">Giữ ý kiến này</textarea>" in body and too_long[:60] in htmllib.unescape(body),
              "the comments typed were lost when the return was refused")
        status, h, _ = off.post(review, {"csrf": token, "viec": "tra-lai", "yk-%d" % percent: "Số liệu 2.1 chưa khớp biên bản",
                                         "yk-chung": "Đề nghị xã rà soát tiêu chí 2."})
        check(status == 303, "returning answered %d" % status)
        check(assessment(s.db, MINE, 2025)[1] == "returned", "state after returning")
        # the reporter's admin home page lists the returned report, linked to its screen
        status, _, body = rep.get("/quan-tri/")
        check(status == 200 and "1 báo cáo nông thôn mới bị Văn phòng trả lại" in body and 'href="%s"' % url in body,
              "the reporter's home page does not list the returned report")
        status, _, _ = s.get(public)
        check(status == 404, "a returned report is public: %d" % status)

        # the reporter sees the comments, and must say why a submitted value changes
        status, _, body = rep.get(url)
        check("Số liệu 2.1 chưa khớp biên bản" in body and "Đề nghị xã rà soát tiêu chí 2." in body,
              "the reporter does not see the office's comments")
        check(re.search(r'id="ntm-trang-thai-bao-cao">Bị trả lại</span> \(trả lại lúc \d', body),
              "the returned report does not say when it was returned")
        status, _, body = post_form(rep, url, {"gt-%d" % percent: "80"})
        check(status == 400 and "Cần ghi lý do" in body, "a change without a reason answered %d" % status)
        # the editor's own autosave says the same in its one line
        status, _, body = post_form(rep, url, {"gt-%d" % percent: "80", "tu-dong": "1"})
        check(status == 400 and "Cần ghi lý do" in json.loads(body)["loi"], "the autosave's refusal %d %r" % (status, body))
        status, _, _ = post_form(rep, url, {"gt-%d" % percent: "80", "ly-do": "Theo biên bản kiểm tra ngày 10/11"},
                                 viec="gui")
        check(status == 303 and assessment(s.db, MINE, 2025)[1] == "submitted", "resubmitting answered %d" % status)
        status, _, body = rep.get("/quan-tri/")
        check("bị Văn phòng trả lại" not in body, "the resubmitted report is still listed as returned")
        history = db_rows(s.db, "SELECT old_value, new_value, reason, user_id FROM ntm_value_history "
                                "WHERE assessment_id = ? AND indicator_id = ? ORDER BY id", aid, percent)
        user = db_rows(s.db, "SELECT id FROM users WHERE login = ?", REPORTER)[0][0]
        check(history == [(None, 78.5, "", user), (78.5, 80.0, "Theo biên bản kiểm tra ngày 10/11", user)],
              "history of 2.1: %r" % history)
        status, _, body = off.get(review)
        check("Lịch sử (2 lần sửa)" in body and "Theo biên bản kiểm tra ngày 10/11" in body,
              "the review page does not show the history beside the value")
        status, _, _ = s.get(public)
        check(status == 404, "a resubmitted report is public: %d" % status)

        # accepted: public at once, as the database has it
        token = off.csrf(review)
        status, h, _ = off.post(review, {"csrf": token, "viec": "nhan"})
        check(status == 303 and "da-duyet" in h.get("location", ""), "accepting answered %d" % status)
        check(assessment(s.db, MINE, 2025)[1] == "accepted", "state after accepting")
        status, _, body = off.get(review)
        check(status == 200 and "ntm-undetermined" not in body and "Nếu duyệt bây giờ" not in body,
              "an accepted report's review screen still warns before accepting")
        page = s.page(public)
        check(re.search(r"<th scope=\"row\">2\.1\. [^<]*</th><td>80%</td>", page), "the public page lacks 2.1 = 80%")
        rows = db_rows(s.db, "SELECT c.number, r.state FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                             "WHERE r.assessment_id = ? ORDER BY c.sort", aid)
        shown = re.findall(r'<tr class="ntm-criterion"><th scope="row" colspan="3">Tiêu chí (\d+)\..*?</th><td>(.*?)</td>',
                           page)
        names = {1: "Đạt", 0: "Không đạt", -1: "Chưa xác định"}
        check(shown == [(n, names[st]) for n, st in rows], "public criteria %r, database %r" % (shown, rows))
        met_count = db_rows(s.db, "SELECT criteria_met FROM ntm_assessment WHERE id = ?", aid)[0][0]
        dash = s.page("/nong-thon-moi/?nam=2025")
        row = re.search(r'<a href="/nong-thon-moi/xa/%s(?:\?nam=2025)?">[^<]*</a></th><td>(.*?)</td>' % MINE, dash)
        check(row and row.group(1).startswith(str(met_count)), "the dashboard row after acceptance: %r, database %d" %
              (row and row.group(1), met_count))
        # once accepted, the reporter cannot change it
        status, _, body = rep.get(url)
        check('name="gt-%d"' % percent not in body and "đã được duyệt" in body, "the accepted report is editable")
        # the office may still correct it: its form says the change is public at once, not a draft
        status, _, body = off.get(url)
        check('name="gt-%d"' % percent in body and "Lưu và công khai số liệu đã sửa" in body and
              "Lưu bản nháp" not in body and "thay số liệu công khai ngay khi lưu" in body,
              "the office's form of an accepted report reads as a draft")

        # the audit log holds each step (not the autosaves)
        actions = db_rows(s.db, "SELECT login, action FROM audit_log WHERE action LIKE 'ntm_entry_%' ORDER BY id")
        check(actions == [(REPORTER, "ntm_entry_submit"), (OFFICE, "ntm_entry_return"), (REPORTER, "ntm_entry_submit"),
                          (OFFICE, "ntm_entry_accept")], "audit log: %r" % actions)
        events = db_rows(s.db, "SELECT state FROM ntm_assessment_event WHERE assessment_id = ? ORDER BY id", aid)
        check([e[0] for e in events] == ["submitted", "returned", "submitted", "accepted"], "events: %r" % events)


@test
def ntm_review_from_a_stale_page_does_not_undo_anothers_decision():
    """Two office users open the same submitted report; one accepts it; the
    other's "Trả lại" from the page opened before is refused with 409, and
    the report stays accepted."""
    with newsroom_server() as s:
        forget_2025(s.db, MINE)
        ind = indicator_ids(s.db, "QD318-2022")
        url = BASE + "nhap/%s/2025" % MINE
        rep = signed_in(s, REPORTER)
        status, _, _ = post_form(rep, url, {"gt-%d" % ind["2.1"][0]: "78,5"}, viec="gui")
        check(status == 303, "submitting answered %d" % status)
        aid, state = assessment(s.db, MINE, 2025)
        check(state == "submitted", "state after submitting: %r" % state)
        review = BASE + "van-phong/duyet/%d" % aid
        office, admin = signed_in(s, OFFICE), signed_in(s, "quantri")
        _, _, stale = admin.get(review)
        seen = re.search(r'name="trang-thai-da-xem" value="(\d+)"', stale)
        check(seen, "the review form does not carry the state it was drawn in")
        status, _, _ = office.post(review, {"csrf": office.csrf(review), "viec": "nhan"})
        check(status == 303 and assessment(s.db, MINE, 2025)[1] == "accepted", "accepting answered %d" % status)
        status, _, body = admin.post(review, {"csrf": admin.csrf(review), "viec": "tra-lai", "yk-chung": "Xem lại",
                                              "trang-thai-da-xem": seen.group(1)})
        check(status == 409 and "vừa được người khác chuyển sang" in htmllib.unescape(body),
              "a return from the stale page answered %d" % status)
        check(assessment(s.db, MINE, 2025)[1] == "accepted", "the acceptance was undone")
        # the office's own second click is not "someone else"
        status, _, body = office.post(review, {"csrf": office.csrf(review), "viec": "nhan",
                                               "trang-thai-da-xem": seen.group(1)})
        check(status == 409 and "vừa được chính bạn" in htmllib.unescape(body),
              "a second acceptance by the same person answered %d" % status)


def clock_at(y, m, d):
    """DINH_CLOCK_OFFSET putting the server's clock at noon, Vietnam time, on that day."""
    return {"DINH_CLOCK_OFFSET": str(calendar.timegm((y, m, d, 5, 0, 0)) - int(time.time()))}


@test
def ntm_entry_a_period_still_to_come_is_neither_reported_nor_accepted():
    """A report of 2027 sent in 2026, once accepted, made 2027 the public
    pages' latest year. A period is reported once it has begun: the form,
    its save, the periods offered, the Excel template and the acceptance of
    a report sent under a clock that later went back all say so."""
    crit_sql = ("SELECT c.id FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                "WHERE s.code = 'QD51-2025' AND c.number = '3'")
    with newsroom_server(env=clock_at(2027, 2, 1)) as s:
        path = s.db
        crit = db_rows(path, crit_sql)[0][0]
        off = signed_in(s, OFFICE)
        status, _, _ = post_form(off, BASE + "nhap/%s/2027" % MINE, {"kq-%d" % crit: "1"}, viec="gui")
        check(status == 303, "sending the 2027 report in February 2027 answered %d" % status)
        aid, state = assessment(path, MINE, 2027)
        check(state == "submitted", "state of the 2027 report: %r" % state)
    with newsroom_server(db=path, env=clock_at(2026, 5, 10)) as s:
        off, rep = signed_in(s, OFFICE), signed_in(s, REPORTER)
        for who, period in ((off, "2027"), (rep, "2027"), (rep, "2026-q3")):
            status, _, body = who.get(BASE + "nhap/%s/%s" % (MINE, period))
            check(status == 404 and "chưa bắt đầu" in text_of(body), "the form of %s answered %d" % (period, status))
        status, _, body = rep.get(BASE + "nhap/%s/2026-q2" % MINE)
        check(status == 200 and "quý 2 năm 2026" in text_of(body), "the form of a quarter begun answered %d" % status)
        before = db_rows(path, "SELECT count(*), max(updated_at) FROM ntm_assessment")
        status, _, _ = off.post(BASE + "nhap/%s/2026-q3" % MINE,
                                {"csrf": off.csrf(BASE), "viec": "luu", "kq-%d" % crit: "1"})
        check(status == 404 and db_rows(path, "SELECT count(*), max(updated_at) FROM ntm_assessment") == before,
              "a save of 2026-q3 in May answered %d" % status)
        status, _, body = rep.get(BASE)
        offered = re.findall(r'<option value="(20\d\d(?:-q\d)?)"', body)
        check("2026-q2" in offered and "2026" in offered and "2026-q3" not in offered and "2027" not in offered,
              "the periods offered in May 2026: %r" % offered)
        status, _, body = rep.get(BASE + "?ky=2026-q4")
        check(status == 404 and "chưa bắt đầu" in text_of(body), "the list of 2026-q4 answered %d" % status)
        status, _, body = off.get("/quan-tri/nong-thon-moi/excel/mau.xlsx?nam=2027&quy=0&kieu=ma-tran")
        check(status == 404 and "chưa bắt đầu" in text_of(body), "the 2027 template answered %d" % status)
        status, _, body = off.get("/quan-tri/nong-thon-moi/excel/")
        years = re.findall(r'<option value="(20\d\d)"', body)
        check(years and max(years) == "2026", "the Excel page offers the years %r" % years)
        review = BASE + "van-phong/duyet/%d" % aid
        status, _, body = off.post(review, {"csrf": off.csrf(review), "viec": "nhan"})
        check(status == 409 and "chưa bắt đầu" in text_of(body) and assessment(path, MINE, 2027)[1] == "submitted",
              "accepting the 2027 report in May 2026 answered %d" % status)
        status, _, _ = s.get("/nong-thon-moi/?nam=2027")
        check(status == 404, "the public dashboard of 2027 answered %d" % status)


@test
def ntm_entry_autosave_answers_json_and_csrf_is_required():
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        percent = ind["2.1"][0]
        rep = signed_in(s, REPORTER)
        url = BASE + "nhap/%s/2025-q4" % MINE
        status, _, body = rep.get(url)
        fields = form_of(body)
        fields.update({"gt-%d" % percent: "12,5", "tu-dong": "1"})
        status, h, body = rep.post(url, fields)
        check(status == 200 and h.get("content-type", "").startswith("application/json"), "autosave answered %d" % status)
        answer = json.loads(body)
        check(answer["da_luu"] is True and re.match(r"\d\d:\d\d$", answer["luc"]), "autosave answer %r" % answer)
        check(stored(s.db, MINE, 2025, 4, percent) == 12.5, "autosave did not store 12,5")
        fields["ban-goc"] = answer["ban_goc"]  # as the page's script takes it
        fields["gt-%d" % percent] = "mười"
        status, _, body = rep.post(url, fields)
        check(status == 400 and "Tỷ lệ phải là một số" in json.loads(body)["loi"], "a bad autosave answered %d" % status)
        check(db_rows(s.db, "SELECT count(*) FROM audit_log WHERE action LIKE 'ntm_entry_%'")[0][0] == 0,
              "autosaves entered the audit log")
        # the save button is audited
        fields.pop("tu-dong")
        fields.update({"gt-%d" % percent: "13", "viec": "luu"})
        status, _, _ = rep.post(url, fields)
        check(status == 303, "save answered %d" % status)
        check(db_rows(s.db, "SELECT action FROM audit_log WHERE login = ? AND action LIKE 'ntm_entry_%'", REPORTER) ==
              [("ntm_entry_save",)], "a save is not in the audit log")
        # no token, or a wrong one: refused, nothing written
        for token in (None, "x" * 43):
            f = dict(fields, **{"gt-%d" % percent: "99"})
            if token is None:
                f.pop("csrf")
            else:
                f["csrf"] = token
            status, _, _ = rep.post(url, f)
            check(status == 403, "a form without its token answered %d" % status)
        check(stored(s.db, MINE, 2025, 4, percent) == 13, "a form without its token was saved")
        off = signed_in(s, OFFICE)
        aid = assessment(s.db, MINE, 2025, 4)[0]
        status, _, _ = off.post(BASE + "van-phong/duyet/%d" % aid, {"viec": "nhan"})
        check(status == 403 and assessment(s.db, MINE, 2025, 4)[1] == "draft", "accepting without a token")


@test
def ntm_entry_office_records_criteria_without_indicators():
    with newsroom_server() as s:
        crit = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                             "WHERE s.code = 'QD51-2025' AND c.number = '3'")[0][0]
        url = BASE + "nhap/%s/2026-q4" % MINE  # a quarter the demo has not reported
        rep = signed_in(s, REPORTER)
        status, _, body = rep.get(url)
        check(status == 200 and 'name="kq-%d"' % crit not in body and "Văn phòng Điều phối ghi trực tiếp" in body,
              "the reporter may record a criterion's state")
        token = rep.csrf(BASE)
        status, _, _ = rep.post(url, {"csrf": token, "viec": "luu", "kq-%d" % crit: "1"})
        check(status == 403, "a reporter's recorded state answered %d" % status)
        off = signed_in(s, OFFICE)
        status, _, body = off.get(url)
        check('name="kq-%d"' % crit in body, "the office cannot record the state")
        status, _, _ = post_form(off, url, {"kq-%d" % crit: "1", "kqng-%d" % crit: "Biên bản thẩm định số 5"})
        check(status == 303, "the office's record answered %d" % status)
        rows = db_rows(s.db, "SELECT r.met, r.source FROM ntm_recorded r JOIN ntm_assessment a ON a.id = r.assessment_id "
                             "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2026 AND a.quarter = 4 "
                             "AND r.criterion_id = ?", MINE, crit)
        check(rows == [(1, "Biên bản thẩm định số 5")], "recorded %r" % rows)
        status, _, body = off.get(url)
        check("theo kết quả Văn phòng ghi" in body, "the screen does not say the state was recorded")
        # sent: the commune has nothing to mend in a report the office alone
        # records, so the office is not offered to return it, and may not
        status, _, _ = post_form(off, url, {}, viec="gui")
        check(status == 303, "the office's send answered %d" % status)
        aid, state = assessment(s.db, MINE, 2026, 4)
        check(state == "submitted", "state after sending: %r" % state)
        review = BASE + "van-phong/duyet/%d" % aid
        status, _, body = off.get(review)
        check(status == 200 and 'value="tra-lai"' not in body and 'value="nhan"' in body and
              "xã không có gì để sửa" in body, "the review page offers a return of the office's own record")
        check('name="ykt-' not in body and 'name="yk-chung"' not in body and "(khi trả lại)" not in body,
              "the review page asks for comments on a return it does not offer")
        status, _, body = off.post(review, {"csrf": off.csrf(review), "viec": "tra-lai", "yk-chung": "Xem lại"})
        check(status == 409 and assessment(s.db, MINE, 2026, 4)[1] == "submitted",
              "returning the office's own record answered %d" % status)
        status, _, body = rep.get("/quan-tri/")
        check("trả lại" not in body, "the reporter was told of a return")


@test
def ntm_entry_only_acceptance_drops_public_pages_and_exactly_its_own():
    with newsroom_server() as s:
        forget_2025(s.db, MINE)
        ind = indicator_ids(s.db, "QD318-2022")
        crit = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                             "WHERE s.code = 'QD318-2022' AND c.number = '1'")[0][0]
        pages = ["/nong-thon-moi/?nam=2025", "/nong-thon-moi/tieu-chi/%d?nam=2025" % crit,
                 "/nong-thon-moi/xa/%s?nam=2025" % OTHER, "/tin-tuc/"]
        before = {}
        for p in pages:
            before[p] = s.page(p)
            s.page(p)  # now cached
        check("/nong-thon-moi/xa/%s?" % MINE not in before[pages[1]], "the criterion page lists a unit never accepted")
        rep = signed_in(s, REPORTER)
        url = BASE + "nhap/%s/2025" % MINE
        status, _, _ = post_form(rep, url, {"gt-%d" % ind["1.1"][0]: "1", "gt-%d" % ind["1.2"][0]: "1"}, viec="gui")
        check(status == 303, "submitting answered %d" % status)
        aid = assessment(s.db, MINE, 2025)[0]
        off = signed_in(s, OFFICE)
        review = BASE + "van-phong/duyet/%d" % aid
        # saving and submitting change no public page: all four still come from the cache
        start = s.hook("GET", "/__test/cache")
        for p in pages:
            check(s.page(p) == before[p], "%s changed before acceptance" % p)
        check(s.hook("GET", "/__test/cache")["hits"] == start["hits"] + 4, "a submission dropped public pages")
        status, _, _ = off.post(review, {"csrf": off.csrf(review), "viec": "nhan"})
        check(status == 303 and assessment(s.db, MINE, 2025)[1] == "accepted", "accepting answered %d" % status)
        # acceptance drops the dashboard and the criterion's page, not another commune's page nor the news
        start = s.hook("GET", "/__test/cache")
        dash, crit_page = s.page(pages[0]), s.page(pages[1])
        check(dash != before[pages[0]], "the dashboard did not change at acceptance")
        check("/nong-thon-moi/xa/%s?nam=2025" % MINE in crit_page, "the criterion page does not list the unit")
        check(s.page(pages[2]) == before[pages[2]] and s.page(pages[3]) == before[pages[3]], "unrelated pages changed")
        check(s.hook("GET", "/__test/cache")["hits"] == start["hits"] + 2,
              "acceptance dropped pages it did not change, or kept those it did")
        status, _, _ = s.get("/nong-thon-moi/xa/%s?nam=2025" % MINE)
        check(status == 200, "the unit's page answered %d after acceptance" % status)


@test
def ntm_entry_shows_what_people_typed_as_text():
    with newsroom_server() as s:
        ind = indicator_ids(s.db, "QD318-2022")
        percent = ind["2.1"][0]
        rep = signed_in(s, REPORTER)
        url = BASE + "nhap/%s/2025-q1" % MINE
        attack = '"><img src=x onerror=alert(1)>'
        status, _, _ = post_form(rep, url, {"gt-%d" % percent: "50", "gc-%d" % percent: attack}, viec="gui")
        check(status == 303, "submitting answered %d" % status)
        aid = assessment(s.db, MINE, 2025, 1)[0]
        off = signed_in(s, OFFICE)
        review = BASE + "van-phong/duyet/%d" % aid
        status, _, body = off.get(review)
        check("<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body, "the note reached the page raw")
        status, _, _ = off.post(review, {"csrf": off.csrf(review), "viec": "tra-lai",
                                         "yk-chung": "<script>alert(1)</script>", "yk-%d" % percent: "<b>sai</b>"})
        check(status == 303, "returning answered %d" % status)
        status, _, body = rep.get(url)
        check("<script>alert(1)" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body and
              "&lt;b&gt;sai&lt;/b&gt;" in body, "the office's comments reached the page raw")
        check(form_of(body).get("gc-%d" % percent) == attack, "the note is not kept in its field")
