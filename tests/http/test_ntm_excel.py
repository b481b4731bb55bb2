"""test_ntm_excel.py - the NTM monitor's Excel in and out, through HTTP:
the entry template downloaded, filled with openpyxl and imported back;
files with bad cells refused whole, with every problem listed by sheet,
row and column; a zip bomb and a truncated file refused with a sentence;
a server killed during an import leaves the data as it was; the reports
sent upward read back and matched to the database."""
import hashlib
import io
import unicodedata
import os
import re
import signal
import sqlite3
import threading
import time
import sys
import zipfile

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl, under another python3 on PATH
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

from harness import DEMO_LOGINS, Server, check, demo_db, test
from test_media import multipart
from test_newsroom import signed_in
from test_ntm_entry import db_rows, post_form

EXCEL = "/quan-tri/nong-thon-moi/excel/"
OFFICE, DEPARTMENT, REPORTER = "vanphong", "songanh", "canboxa"


def server():
    demo_db()
    return Server(args=["--demo-logins"], timeout="60")


def template(client, year, quarter=0, layout="ma-tran", province="42"):
    path = "%smau.xlsx?nam=%d&quy=%d&kieu=%s&tinh=%s" % (EXCEL, year, quarter, layout, province)
    status, h, body = client.server.request("GET", path, {"Cookie": client._cookie_header()}, timeout=60)
    check(status == 200, "template %s answered %d: %s" % (path, status, body[:300]))
    check(h.get("content-type", "").startswith("application/vnd.openxmlformats"), "not a workbook: %r" % h)
    check("no-store" in h.get("cache-control", ""), "the template may be stored: %r" % h)
    return openpyxl.load_workbook(io.BytesIO(body))


def upload(client, data, filename="so-lieu.xlsx"):
    token = client.csrf(EXCEL)
    ctype, body = multipart({"csrf": token}, {"tep": (filename, "application/octet-stream", data)})
    headers = {"Cookie": client._cookie_header(), "Content-Type": ctype, "Origin": "https://ntm.example.gov.vn"}
    status, h, raw = client.server.request("POST", EXCEL + "nhap", headers, body, timeout=120)
    return status, raw.decode("utf-8", "replace")


def saved(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def problems(html):
    """The rows of the table of rejected cells: (sheet, row, column, reason)."""
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>", html, re.S)
    return [(s, 0 if r == "—" else int(r), c, reason) for s, r, c, reason in rows]


def ntm_checksum(db_path):
    """A digest of every row of the assessment tables."""
    db = sqlite3.connect(db_path)
    h = hashlib.sha256()
    for table in ("ntm_assessment", "ntm_value", "ntm_recorded", "ntm_result"):
        for row in db.execute("SELECT * FROM %s ORDER BY 1, 2" % table):
            h.update(repr(row).encode())
    db.close()
    return h.hexdigest()


def column_widths(ws):
    """{column (1-based): width} as the sheet sets them; a column not set has Excel's 8.43."""
    widths = {}
    for d in ws.column_dimensions.values():
        if d.width and d.min and d.max:
            for c in range(d.min, d.max + 1):
                widths[c] = d.width
    return widths


def text_width(text):
    """A low estimate of the width of text in Excel's unit (a digit of
    Calibri 11): 0.8 a character, 1.2 a capital. Real text is wider (Times
    New Roman 12 about 0.9 and 1.4), so a cell this finds too narrow is."""
    return sum(1.2 if ch.isupper() else 0.8 for ch in text)


def print_problems(ws, head_row):
    """What keeps the sheet from printing as the office prints it: A4,
    one page wide, the header row `head_row` (1-based) on every page, the
    page number in the footer, the panes frozen under the header."""
    out = []
    setup, fit = ws.page_setup, ws.sheet_properties.pageSetUpPr
    if str(setup.paperSize) != "9":
        out.append("paper %r, not A4" % setup.paperSize)
    if not (fit and fit.fitToPage) or setup.fitToWidth not in (None, 1) or setup.fitToHeight not in (0, "0"):
        out.append("not fit to one page wide (%r x %r)" % (setup.fitToWidth, setup.fitToHeight))
    if ws.print_title_rows not in ("$%d:$%d" % (head_row, head_row), "%d:%d" % (head_row, head_row)):
        out.append("rows repeated on every page: %r" % ws.print_title_rows)
    if ws.oddFooter.center.text != "Trang &P / &N":
        out.append("footer %r" % ws.oddFooter.center.text)
    if not ws.freeze_panes or int(re.sub(r"\D", "", ws.freeze_panes)) != head_row + 1:
        out.append("panes frozen at %r" % ws.freeze_panes)
    return out


def orientation_problem(ws):
    """None when the sheet prints landscape if its columns are wider than
    a portrait A4 (about 100 units within the margins), portrait if they
    are well within one."""
    width = sum(column_widths(ws).get(c, 8.43) for c in range(1, ws.max_column + 1))
    want = "landscape" if width > 106 else "portrait" if width < 96 else ws.page_setup.orientation
    return None if ws.page_setup.orientation == want else "%s, %.0f wide" % (ws.page_setup.orientation, width)


def cut_cells(ws):
    """The texts that do not print whole: wider than their column (or
    merged range) on one line, or wrapped into more lines than their row is
    high (libxlsxwriter sets no height by itself: a row left at 15 points
    prints one line, the rest over the next rows)."""
    widths = column_widths(ws)
    merged = {(g.min_row, g.min_col): g for g in ws.merged_cells.ranges}
    out = []
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            g = merged.get((cell.row, cell.column))
            cols = range(g.min_col, g.max_col + 1) if g else [cell.column]
            width = sum(widths.get(c, 8.43) for c in cols)
            need = text_width(cell.value)
            if not cell.alignment.wrap_text:
                if need > width:
                    out.append("%s%d %r: %.0f wide in %.0f" % (cell.column_letter, cell.row, cell.value[:50], need, width))
                continue
            lines = -(-need // max(width - 1, 1))
            height = ws.row_dimensions[cell.row].height or 15
            if lines > 1 and height < lines * 14:
                out.append("%s%d %r: %d lines in a row of %.0f points" % (cell.column_letter, cell.row,
                                                                          cell.value[:50], lines, height))
    return out


def matrix_columns(ws):
    """Key ("CT:12", "TC:3") -> column index (1-based) from the hidden key row."""
    return {ws.cell(3, c).value: c for c in range(3, ws.max_column + 1) if ws.cell(3, c).value}


def matrix_rows(ws):
    return {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1) if ws.cell(r, 1).value}


@test
def entry_template_round_trip_reaches_the_public_page_after_acceptance():
    with server() as s:
        office = signed_in(s, OFFICE)
        wb = template(office, 2026)
        check(wb.sheetnames[0] == "Nhập liệu", "sheets: %r" % wb.sheetnames)
        check(wb["_dinh"].sheet_state == "hidden", "the meta sheet is visible")
        ws = wb["Nhập liệu"]
        check(ws.row_dimensions[3].hidden, "the key row is not hidden")
        # the line that says how to fill it says what the import takes
        help_line = ws.cell(2, 1).value or ""
        check("Có hoặc Không" in help_line and "45235 hoặc 45,235" in help_line and "78.5" not in help_line,
              "the template's instructions: %r" % help_line)
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        check(len(rows) == 69 and len(cols) == 10, "template holds %d communes, %d columns" % (len(rows), len(cols)))
        check(any("TC 1." in (ws.cell(4, c).value or "") for c in cols.values()), "no criterion heading")
        check(ws.cell(5, 2).value == "Mức yêu cầu", "no target row")
        db = sqlite3.connect(s.db)
        found = db.execute("SELECT u.code, a.state, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON "
                           "u.id = a.unit_id WHERE a.year = 2026 AND a.quarter = 0 AND u.code IN (%s)" %
                           ",".join("'%s'" % c for c in rows)).fetchall()
        states = {c: st for c, st, _ in found}
        met_now = {c: m for c, _, m in found}
        db.close()
        locked = sorted(c for c in rows if states.get(c) in ("submitted", "accepted"))
        free = sorted((c for c in rows if states.get(c) in (None, "draft")), key=lambda c: (met_now.get(c, 0), c))
        check(locked and free, "the demo has no 2026 report in each state: %r" % states)
        check(all("chỉ để xem" in ws.cell(rows[c], 2).value for c in locked) and
              not any("chỉ để xem" in ws.cell(rows[c], 2).value for c in free),
              "submitted and accepted communes are not the read-only ones")
        code = free[0]  # the open report with the fewest criteria met: every criterion met now
        for c in cols.values():
            ws.cell(rows[code], c).value = "Đạt"
        status, html = upload(office, saved(wb))
        check(status == 200 and "Đã nhập năm 2026: 1 xã, phường, 10 giá trị" in html,
              "import answered %d: %s" % (status, re.sub(r"\s+", " ", re.sub(r"(?s).*<main", "", html))[:1500]))
        # what the file changed is counted apart: the criteria that were not met before
        changed = 10 - (met_now.get(code) or 0)
        check("(%d giá trị khác với số liệu đã có)" % changed in html,
              "the summary does not say %d values changed: %s" % (changed, re.sub(r"\s+", " ", html)[-1500:]))
        db = sqlite3.connect(s.db)
        aid, state, met = db.execute("SELECT a.id, a.state, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON "
                                     "u.id = a.unit_id WHERE u.code = ? AND a.year = 2026 AND a.quarter = 0",
                                     (code,)).fetchone()
        check((state, met) == ("draft", 10), "after the import: %r" % ((state, met),))
        audit = db.execute("SELECT login, detail FROM audit_log WHERE action = 'ntm_import'").fetchall()
        check(len(audit) == 1 and audit[0][0] == OFFICE and "1 xã, phường, 10 giá trị" in audit[0][1],
              "audit log: %r" % audit)
        history = db.execute("SELECT count(*), min(reason) FROM ntm_value_history WHERE assessment_id = ?",
                             (aid,)).fetchone()
        check(history[0] >= 1 and history[1] == "Nhập từ tệp Excel", "the import left no history: %r" % (history,))
        db.close()
        # the same file again: every value read matches, and the summary says so rather than "0 values"
        before = ntm_checksum(s.db)
        status, html = upload(office, saved(wb))
        m = re.search(r"Không có gì thay đổi: đã đọc (\d+) giá trị của (\d+) xã, phường cho năm 2026, tất cả trùng "
                      r"với số liệu đã có", html)
        check(status == 200 and m and int(m.group(1)) >= 10 and int(m.group(2)) >= 1 and "0 xã, phường" not in html,
              "the same file again answered %d: %s" % (status, re.sub(r"\s+", " ", re.sub(r"(?s).*<main", "", html))[:800]))
        check(ntm_checksum(s.db) == before, "the same file again changed the data")
        # not public before acceptance
        public = "/nong-thon-moi/xa/%s?nam=2026" % code
        status, _, page = s.request("GET", public)
        check(status in (200, 404), "public page answered %d" % status)
        check("10/10" not in page.decode(), "a draft is public")
        # the office submits it from the entry screen and accepts it on the review page
        status, _, _ = post_form(office, "/quan-tri/nong-thon-moi/nhap/%s/2026" % code, {}, viec="gui")
        check(status == 303, "submitting the imported report answered %d" % status)
        review = "/quan-tri/nong-thon-moi/van-phong/duyet/%d" % aid
        status, _, _ = office.post(review, {"csrf": office.csrf(review), "viec": "nhan"})
        check(status == 303, "accepting answered %d" % status)
        status, _, page = s.request("GET", public)
        text = re.sub(r"<[^>]+>", " ", page.decode())
        check(status == 200 and re.search(r"10\s*/\s*10", text), "public page after acceptance: %s" %
              re.sub(r"\s+", " ", text)[:1500])


@test
def numbers_follow_the_forms_rules_and_decomposed_words_are_read():
    """A count or an income is not negative and not longer than the form
    takes, in Excel as on the form; "Đạt" typed in decomposed Unicode (macOS,
    Unikey's "Unicode tổ hợp") is read as "Đạt"."""
    with server() as s:
        office = signed_in(s, OFFICE)
        path = s.db
        number = db_rows(path, "SELECT i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                               "JOIN ntm_set t ON t.id = c.set_id WHERE t.code = 'QD318-2022' AND i.value_type = 'number' "
                               "ORDER BY i.sort LIMIT 1")[0][0]
        before = ntm_checksum(path)
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        heads = {k: ws.cell(4, c).value for k, c in cols.items()}
        met = next(c for k, c in cols.items() if "(" not in heads[k])
        percent = next(c for k, c in cols.items() if "(%)" in heads[k])
        col = cols["CT:%d" % number]
        first, second, third, fourth = sorted(rows.values())[:4]
        letter = openpyxl.utils.get_column_letter(col)
        ws.cell(first, col).value = -5
        ws.cell(second, col).value = "-12,5"
        ws.cell(third, col).value = "1" * 20
        ws.cell(fourth, col).value = "5.125"  # a text cell: 5125 or 5,125, never guessed
        status, html = upload(office, saved(wb))
        found = problems(html)
        want = [(first, "không được âm"), (second, "không được âm"), (third, "quá lớn"),
                (fourth, "có thể hiểu hai cách")]
        for row, reason in want:
            check(any(p[1] == row and p[2] == letter and reason in p[3] for p in found),
                  "no problem %r in %r" % ((row, reason), found))
        check(status == 422 and len(found) == len(want), "answered %d: %r" % (status, found))
        check(ntm_checksum(path) == before, "something was written")
        # the page that takes the file says so before it is sent, and offers no form it refuses
        status, _, page = office.get("/quan-tri/nong-thon-moi/excel/")
        hint = re.sub(r"<[^>]+>", "", page)
        check(status == 200 and "hàng nghìn viết 62000 hoặc 62 000;" in hint and
              "một dấu chấm trước ba chữ số (62.000) hiểu được hai cách nên không được nhận" in hint,
              "the import page's hint: %r" % re.findall(r"[^.]*hàng nghìn[^<]*", page))
        # the same file with "Đạt" decomposed: read, saved
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        rows = matrix_rows(ws)
        code = next(k for k, r in rows.items() if r == sorted(rows.values())[0])
        ws.cell(rows[code], met).value = unicodedata.normalize("NFD", "Đạt")
        ws.cell(rows[code], col).value = "12,5"
        second = next(k for k, r in rows.items() if r == sorted(rows.values())[1])
        ws.cell(rows[second], percent).value = "12,5 %"  # a rate typed as text with its sign
        status, html = upload(office, saved(wb))
        check(status == 200 and not problems(html), "a decomposed Đạt answered %d: %r" % (status, problems(html)))
        value = db_rows(path, "SELECT v.value FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                              "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2025 AND a.quarter = 3 "
                              "AND v.indicator_id = ?", code, number)
        check(value == [(12.5,)], "the number saved beside it: %r" % value)


@test
def per_commune_template_of_a_reporter_holds_only_their_communes():
    with server() as s:
        reporter = signed_in(s, REPORTER)
        wb = template(reporter, 2025, quarter=2, layout="theo-xa", province="")
        sheets = [n for n in wb.sheetnames if not n.startswith("_dinh")]
        check(len(sheets) == 2 and all(n.startswith(("18073", "18100")) for n in sheets), "sheets: %r" % sheets)
        ws = wb[sheets[0]]
        check(ws.cell(2, 3).value in ("18073", "18100"), "no commune code in C2")
        keys = [ws.cell(r, 1).value for r in range(6, ws.max_row + 1)]
        # the set's 58 indicators but 14.1, whose levels are not in the data: the entry form has no field for it
        level_less = db_rows(s.db, "SELECT i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                                   "JOIN ntm_set t ON t.id = c.set_id WHERE t.code = 'QD318-2022' AND i.code = '14.1'")
        check(len(keys) == 57 and all(k.startswith("CT:") for k in keys) and
              "CT:%d" % level_less[0][0] not in keys, "indicator rows: %d" % len(keys))
        types = {}
        for r in range(6, ws.max_row + 1):
            code, unit, target = ws.cell(r, 2).value, ws.cell(r, 4).value or "", ws.cell(r, 5).value or ""
            types[r] = unit
            if unit == "%":
                ws.cell(r, 6).value = "78,5"  # a Vietnamese decimal comma, as text
                ws.cell(r, 7).value = "Theo báo cáo của xã"
            elif target.startswith(("nhóm", "mọi")) and ("Có" in target or "Không" in target):
                ws.cell(r, 6).value = "Có"
        # a template of before this change had a row for 14.1: kept empty it is fine, filled it is refused
        extra = ws.max_row + 1
        ws.cell(extra, 1).value = "CT:%d" % level_less[0][0]
        ws.cell(extra, 2).value = "14.1"
        ws.cell(extra, 6).value = 2
        status, html = upload(reporter, saved(wb))
        check(status == 422 and any("14.1 chưa có danh sách mức" in p[3] for p in problems(html)),
              "a filled 14.1 answered %d: %r" % (status, problems(html)))
        ws.cell(extra, 6).value = None
        status, html = upload(reporter, saved(wb))
        check(status == 200 and "Đã nhập quý 2 năm 2025: 1 xã, phường" in html,
              "import answered %d: %s" % (status, re.sub(r"\s+", " ", html)[:1500]))
        # the other commune's sheet was left empty: the file holds values of one commune, not two
        text = re.sub(r"\s+", " ", html)
        check(re.search(r"Tệp có [\d.]+ giá trị của 1 xã, phường", text), "the summary: %s" %
              text[text.find("Đã nhập"):][:400])
        ws.delete_rows(extra)
        db = sqlite3.connect(s.db)
        rows = db.execute("SELECT v.value, v.note FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                          "JOIN ntm_indicator i ON i.id = v.indicator_id WHERE a.year = 2025 AND a.quarter = 2 AND "
                          "i.unit = '%'").fetchall()
        db.close()
        check(rows and all(v == 78.5 and n == "Theo báo cáo của xã" for v, n in rows), "percent values: %r" % rows)
        # the same file with the percent cells emptied: those values are
        # erased, and the summary says how many
        for r in range(6, ws.max_row + 1):
            if types[r] == "%":
                ws.cell(r, 6).value = None
        status, html = upload(reporter, saved(wb))
        check(status == 200 and "đã xóa %d giá trị" % len(rows) in html,
              "emptying %d cells answered %d: %s" % (len(rows), status, re.sub(r"\s+", " ", html)[:1500]))
        db = sqlite3.connect(s.db)
        left = db.execute("SELECT count(*) FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                          "JOIN ntm_indicator i ON i.id = v.indicator_id WHERE a.year = 2025 AND a.quarter = 2 AND "
                          "i.unit = '%' AND v.value IS NOT NULL").fetchone()[0]
        db.close()
        check(left == 0, "%d percent values were left" % left)


@test
def an_older_templates_dat_is_refused_where_a_commune_must_answer_khong():
    """Templates once offered Đạt / Không đạt for every yes/no indicator;
    for 9.1 "Nhà tạm, dột nát" (required: Không) "Đạt" could mean "met" as
    well as "có", so such a cell is refused with a sentence, while Có and
    Không are taken, and Đạt still reads as Có elsewhere."""
    with server() as s:
        office = signed_in(s, OFFICE)
        ind = dict(db_rows(s.db, "SELECT i.code, i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                                 "JOIN ntm_set t ON t.id = c.set_id WHERE t.code = 'QD318-2022'"))
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        code = sorted(rows)[0]
        ws.cell(rows[code], cols["CT:%d" % ind["9.1"]]).value = "Đạt"
        status, html = upload(office, saved(wb))
        found = problems(html)
        check(status == 422 and any("không rõ nghĩa" in p[3] and "Có hoặc Không" in p[3] for p in found),
              "9.1 = Đạt answered %d: %r" % (status, found))
        ws.cell(rows[code], cols["CT:%d" % ind["9.1"]]).value = "Không"
        ws.cell(rows[code], cols["CT:%d" % ind["1.1"]]).value = "Đạt"  # a yes/no whose target is Có: Đạt is Có
        status, html = upload(office, saved(wb))
        check(status == 200 and not problems(html), "Không answered %d: %r" % (status, problems(html)))
        got = dict(db_rows(s.db, "SELECT v.indicator_id, v.value FROM ntm_value v JOIN ntm_assessment a ON "
                                 "a.id = v.assessment_id JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND "
                                 "a.year = 2025 AND a.quarter = 3 AND v.indicator_id IN (?, ?)", code, ind["9.1"],
                           ind["1.1"]))
        check(got == {ind["9.1"]: 0.0, ind["1.1"]: 1.0}, "stored: %r" % got)


@test
def a_file_with_more_problems_than_listed_counts_them_the_vietnamese_way():
    with server() as s:
        office = signed_in(s, OFFICE)
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        start = ws.max_row + 1
        for k in range(1234):  # rows naming communes that do not exist: one problem each
            ws.cell(start + k, 1).value = "9%04d" % k
        status, html = upload(office, saved(wb))
        text = re.sub(r"\s+", " ", html)
        check(status == 422 and len(problems(html)) == 500, "answered %d with %d problems listed" %
              (status, len(problems(html))))
        check("tệp có 1.234 ô hoặc dòng không nhận được" in text, "the summary: %s" % text[text.find("<main"):][:800])
        check("Và 734 ô, dòng khác không nhận được" in text, "the rest: %s" % text[-1500:])


@test
def a_file_with_bad_cells_is_refused_whole_with_every_problem_listed():
    with server() as s:
        office = signed_in(s, OFFICE)
        before = ntm_checksum(s.db)
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        heads = {k: ws.cell(4, c).value for k, c in cols.items()}
        percent = next(c for k, c in cols.items() if "(%)" in heads[k])
        met = next(c for k, c in cols.items() if "(" not in heads[k])
        first, second, third, fourth, fifth, sixth, seventh, eighth = sorted(rows.values())[:8]
        letter = openpyxl.utils.get_column_letter
        ws.cell(first, percent).value = "78,5"            # accepted
        ws.cell(first, met).value = "Đạt"                 # accepted
        ws.cell(second, percent).value = "nhiều"          # wrong type
        ws.cell(third, percent).value = 120               # out of range
        ws.cell(fourth, percent).value = "=50+28"         # a formula
        ws.cell(fifth, percent).value = __import__("datetime").date(2025, 6, 30)  # a date
        ws.merge_cells(start_row=sixth, start_column=percent, end_row=sixth, end_column=percent + 1)
        ws.cell(seventh, percent).value = "1.250"         # 1250 or 1,250: refused, as on the form
        unknown = ws.max_row + 1
        ws.cell(unknown, 1).value = "99999"               # no such commune
        ws.cell(unknown, percent).value = 50
        again = unknown + 1                               # a commune whose own row is left empty, named twice
        ws.cell(again, 1).value = ws.cell(eighth, 1).value
        ws.cell(again, percent).value = 70
        status, html = upload(office, saved(wb))
        found = problems(html)
        check(status == 422 and "Không ghi gì" in html, "answered %d: %s" % (status, re.sub(r"\s+", " ", html)[:800]))
        want = [
            (second, letter(percent), "không phải là số"),
            (third, letter(percent), "Tỷ lệ phải từ 0 đến 100"),
            (fourth, letter(percent), "công thức"),
            (fifth, letter(percent), "ngày tháng"),
            (sixth, "—", "ô gộp"),
            (seventh, letter(percent), "“1.250” có thể hiểu hai cách: 1250 (dấu chấm ngăn hàng nghìn) hoặc 1,250"),
            (unknown, "A", "Không có xã, phường mã “99999”"),
            (again, "A", "dòng %d: mỗi xã chỉ nhập một lần" % eighth),
        ]
        for row, col, reason in want:
            check(any(p[0] == "Nhập liệu" and p[1] == row and p[2] == col and reason in p[3] for p in found),
                  "no problem %r in %r" % ((row, col, reason), found))
        check(len(found) == len(want), "unexpected problems: %r" % found)
        check(ntm_checksum(s.db) == before, "something was written")
        # a reporter naming a commune outside their rights
        reporter = signed_in(s, REPORTER)
        wb = template(reporter, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        r = ws.max_row + 1
        ws.cell(r, 1).value = "18202"
        ws.cell(r, 3).value = "Đạt"
        status, html = upload(reporter, saved(wb))
        found = problems(html)
        check(status == 422 and any(p[1] == r and "không được nhập số liệu" in p[3] for p in found),
              "outside rights: %d %r" % (status, found))
        check(ntm_checksum(s.db) == before, "something was written")


@test
def percent_formatted_cells_are_read_as_percentages():
    """78,5% typed in Excel is stored 0.785 with a percent format (built-in
    "0%", or a custom "0.0%"): a percentage indicator takes 78,5, and a
    percent cell where no percentage belongs is refused with a sentence."""
    with server() as s:
        office = signed_in(s, OFFICE)
        path = s.db
        ids = {code: i for code, i in db_rows(
            path, "SELECT i.code, i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                  "JOIN ntm_set t ON t.id = c.set_id WHERE t.code = 'QD318-2022'")}
        before = ntm_checksum(path)
        wb = template(office, 2025, quarter=4)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        heads = {k: ws.cell(4, c).value for k, c in cols.items()}
        road = cols["CT:%d" % ids["2.1"]]  # "Tỷ lệ đường xã được nhựa hóa…" (%)
        check("(%)" in heads["CT:%d" % ids["2.1"]], "2.1 is not a percentage: %r" % heads["CT:%d" % ids["2.1"]])
        met = next(c for k, c in cols.items() if "(" not in heads[k])
        first, second, third = sorted(rows.values())[:3]
        code = next(k for k, r in rows.items() if r == first)
        code2 = next(k for k, r in rows.items() if r == second)
        ws.cell(first, road).value = 0.785
        ws.cell(first, road).number_format = "0.0%"     # a custom format
        ws.cell(second, road).value = 0.07
        ws.cell(second, road).number_format = "0%"      # built-in 9
        ws.cell(third, met).value = 1
        ws.cell(third, met).number_format = "0%"        # met/not met is no percentage
        status, html = upload(office, saved(wb))
        found = problems(html)
        letter = openpyxl.utils.get_column_letter(met)
        check(status == 422 and len(found) == 1 and found[0][1] == third and found[0][2] == letter and
              "phần trăm" in found[0][3], "a percent cell in a met column answered %d: %r" % (status, found))
        check(ntm_checksum(path) == before, "something was written")
        ws.cell(third, met).value = None
        status, html = upload(office, saved(wb))
        check(status == 200 and not problems(html), "percent cells answered %d: %r %s" %
              (status, problems(html), re.sub(r"\s+", " ", html)[-800:]))
        for unit, want in ((code, 78.5), (code2, 7)):
            value = db_rows(path, "SELECT v.value FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                                  "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2025 AND "
                                  "a.quarter = 4 AND v.indicator_id = ?", unit, ids["2.1"])
            check(value == [(want,)], "%s: the value saved: %r, not %r" % (unit, value, want))
        status, _, body = office.get("/quan-tri/nong-thon-moi/nhap/%s/2025-q4" % code)
        check(status == 200 and re.search(r'name="gt-%d" value="78,5"' % ids["2.1"], body),
              "the entry screen does not show 78,5")


@test
def the_demo_department_account_has_criteria_to_enter():
    """songanh (Sở Nông nghiệp và Môi trường) answers for criteria whose
    indicators it enters: QĐ 318's were assigned to the departments before
    their merger, which no account belongs to, and QĐ 51's are recorded by
    the office, so the account had nothing to enter in any period."""
    with server() as s:
        accounts = db_rows(s.db, "SELECT d.department, (SELECT count(*) FROM ntm_responsible r JOIN ntm_criterion c "
                                 "ON c.id = r.criterion_id WHERE r.name = d.department AND c.indicators_loaded = 1) "
                                 "FROM ntm_scope_department d")
        check(accounts and all(n > 0 for _, n in accounts), "department accounts without a criterion: %r" % accounts)
        officer = signed_in(s, DEPARTMENT)
        wb = template(officer, 2025, quarter=4)
        ws = wb["Nhập liệu"]
        heads = [ws.cell(4, c).value or "" for c in matrix_columns(ws).values()]
        check(heads and any(h.startswith("3.") or "TC 3." in h for h in heads),
              "the department's 2025 template holds %r" % heads)


@test
def a_department_officer_may_not_import_other_criteria():
    with server() as s:
        # the department answers for criterion 2 of the 2025 set too
        db = sqlite3.connect(s.db)
        db.execute("INSERT INTO ntm_responsible(criterion_id, kind, name, role) SELECT c.id, 'department', "
                   "'Sở Nông nghiệp và Môi trường', 'lead' FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                   "WHERE st.code = 'QD318-2022' AND c.number = '2'")
        db.commit()
        db.close()
        officer = signed_in(s, DEPARTMENT)
        wb = template(officer, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        mine = matrix_columns(ws)
        office_wb = template(signed_in(s, OFFICE), 2025, quarter=3)
        every = matrix_columns(office_wb["Nhập liệu"])
        check(0 < len(mine) < len(every), "department columns %d of %d" % (len(mine), len(every)))
        other = next(k for k in every if k not in mine)
        col = ws.max_column + 1
        ws.cell(3, col).value = other
        row = min(matrix_rows(ws).values())
        ws.cell(row, col).value = 1
        status, html = upload(officer, saved(wb))
        found = problems(html)
        check(status == 422 and any(p[1] == row and "không được giao" in p[3] for p in found),
              "other criteria: %d %r" % (status, found))


@test
def a_department_officer_has_only_the_provinces_communes():
    """A department of Hà Tĩnh chooses no other province for its template, gets none of another's communes
    asking by address, and a row for one (Phường Ba Đình, Hà Nội) is refused; the office keeps the country."""
    with server() as s:
        officer, office = signed_in(s, DEPARTMENT), signed_in(s, OFFICE)
        status, _, page = officer.get(EXCEL)
        choices = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', page[page.find('name="tinh"'):][:20000])
        check(status == 200 and [c for c, _ in choices if c] == ["42"] and "Cả nước" not in page,
              "the department may choose %r" % choices[:5])
        status, _, page = office.get(EXCEL)
        check("Cả nước" in page and 'value="01"' in page, "the office lost the country")
        path = "%smau.xlsx?nam=2025&quy=4&kieu=ma-tran&tinh=01" % EXCEL
        status, h, body = officer.server.request("GET", path, {"Cookie": officer._cookie_header()}, timeout=60)
        if status == 200:
            codes = [c for c in matrix_rows(openpyxl.load_workbook(io.BytesIO(body))["Nhập liệu"])]
            check(not any(str(c).startswith("0") for c in codes), "Hà Nội's communes in the department's template")
        wb = template(officer, 2025, quarter=4)
        ws = wb["Nhập liệu"]
        rows = matrix_rows(ws)
        code, row = next(iter(rows.items()))
        ws.cell(row, 1).value = "00004"
        status, html = upload(officer, saved(wb))
        check(status == 422 and any("không được nhập số liệu cho Phường Ba Đình (mã 00004)" in p[3]
                                    for p in problems(html)), "a row for a commune of Hà Nội answered %d" % status)
        check(not db_rows(s.db, "SELECT 1 FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                "WHERE u.code = '00004' AND a.year = 2025 AND a.quarter = 4"),
              "the department's file wrote for Hà Nội")


@test
def criteria_the_office_records_stay_the_offices_in_excel():
    """QĐ 51/2025's criteria are recorded by the office alone (no indicators
    loaded): a commune's or a department's template has nothing to enter, a
    file carrying them is refused whole, and the office's own import keeps
    the source of every state it does not change."""
    with server() as s:
        reporter, officer, office = signed_in(s, REPORTER), signed_in(s, DEPARTMENT), signed_in(s, OFFICE)
        for who in (reporter, officer):
            path = "%smau.xlsx?nam=2026&quy=0&kieu=ma-tran&tinh=42" % EXCEL
            status, _, body = s.request("GET", path, {"Cookie": who._cookie_header()}, timeout=60)
            check(status == 409 and "do Văn phòng Điều phối ghi" in body.decode(),
                  "a template with nothing to enter answered %d" % status)
        wb = template(office, 2026)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        db = sqlite3.connect(s.db)
        mine = [c for (c,) in db.execute("SELECT u.code FROM ntm_scope_unit su JOIN users x ON x.id = su.user_id "
                                         "JOIN ntm_unit u ON u.id = su.unit_id WHERE x.login = ?", (REPORTER,))]
        db.close()
        key = next(iter(cols))
        ws.cell(rows[mine[0]], cols[key]).value = "Không đạt"
        before = ntm_checksum(s.db)
        for who in (reporter, officer):
            status, html = upload(who, saved(wb))
            check(status == 422 and "do Văn phòng Điều phối ghi" in html,
                  "an import of the office's criteria answered %d: %s" % (status, re.sub(r"\s+", " ", html)[-800:]))
        check(ntm_checksum(s.db) == before, "a refused import changed the data")
        # the office: one state changed, the others keep their sources
        db = sqlite3.connect(s.db)
        code = db.execute("SELECT u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id WHERE a.year = 2026 "
                          "AND a.quarter = 0 AND a.state IN ('draft', 'returned') AND EXISTS (SELECT 1 FROM "
                          "ntm_recorded r WHERE r.assessment_id = a.id AND r.source <> '') ORDER BY u.code").fetchone()
        check(code, "the demo has no open 2026 report with recorded states")
        code = code[0]
        recorded = {c: (m, src) for c, m, src in db.execute(
            "SELECT r.criterion_id, r.met, r.source FROM ntm_recorded r JOIN ntm_assessment a ON a.id = r.assessment_id "
            "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2026 AND a.quarter = 0", (code,))}
        db.close()
        wb = template(office, 2026)
        ws = wb["Nhập liệu"]
        crit = int(key.split(":")[1])
        ws.cell(rows[code], cols[key]).value = "Đạt" if recorded.get(crit, (0,))[0] == 0 else "Không đạt"
        status, html = upload(office, saved(wb))
        check(status == 200 and "Đã nhập năm 2026" in html, "the office's import answered %d" % status)
        db = sqlite3.connect(s.db)
        after = {c: (m, src) for c, m, src in db.execute(
            "SELECT r.criterion_id, r.met, r.source FROM ntm_recorded r JOIN ntm_assessment a ON a.id = r.assessment_id "
            "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2026 AND a.quarter = 0", (code,))}
        db.close()
        kept = [c for c in recorded if c != crit and recorded[c][1]]
        check(kept and all(after[c] == recorded[c] for c in kept),
              "unchanged states lost their source: %r -> %r" % ([recorded[c] for c in kept][:3], [after[c] for c in kept][:3]))
        check(after[crit][1] == "Nhập từ tệp Excel", "the changed state's source: %r" % (after[crit],))


@test
def public_workbooks_kept_between_requests_follow_every_acceptance():
    """The public workbooks are kept while nothing changes (anyone may ask
    for them in a loop); an acceptance shows in the next download."""
    from test_ntm import xlsx_sheets
    with server() as s:
        def matrix_rows_2026():
            status, h, body = s.request("GET", "/nong-thon-moi/ma-tran.xlsx?nam=2026", timeout=60)
            check(status == 200 and 'filename="nong-thon-moi-ma-tran-2026.xlsx"' in h.get("content-disposition", ""),
                  "the workbook answered %d %r" % (status, h.get("content-disposition")))
            sheet = xlsx_sheets(body)[0]["Ma trận 2026"]
            return {v for (c, r), v in sheet.items() if c == "A" and r > 2}
        first, again = matrix_rows_2026(), matrix_rows_2026()
        check(first and first == again, "two downloads with nothing written differ")
        db = sqlite3.connect(s.db)
        aid, name = db.execute("SELECT a.id, u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                               "WHERE a.year = 2026 AND a.quarter = 0 AND a.state = 'submitted' ORDER BY a.id").fetchone()
        db.close()
        office = signed_in(s, OFFICE)
        review = "/quan-tri/nong-thon-moi/van-phong/duyet/%d" % aid
        status, _, _ = office.post(review, {"csrf": office.csrf(review), "viec": "nhan"})
        check(status == 303, "accepting answered %d" % status)
        after = matrix_rows_2026()
        check(len(after) == len(first) + 1, "after an acceptance the workbook lists %d communes, before %d" %
              (len(after), len(first)))


@test
def a_zip_bomb_and_a_truncated_file_are_refused_with_a_sentence():
    with server() as s:
        office = signed_in(s, OFFICE)
        before = ntm_checksum(s.db)
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>" + " " * (90 << 20))
        t0 = time.monotonic()
        status, html = upload(office, bomb.getvalue(), "bom.xlsx")
        check(status == 422 and "bom nén" in html, "zip bomb: %d %s" % (status, re.sub(r"\s+", " ", html)[:600]))
        check(time.monotonic() - t0 < 20, "the bomb took %.1f s" % (time.monotonic() - t0))
        good = saved(template(office, 2025, quarter=3))
        status, html = upload(office, good[: len(good) // 2], "cat.xlsx")
        check(status == 422 and "bị hỏng hoặc không đầy đủ" in html, "truncated: %d %s" %
              (status, re.sub(r"\s+", " ", html)[:600]))
        status, html = upload(office, b"Ma xa,Gia tri\n18202,1\n", "so-lieu.csv")
        check(status == 422 and "không phải là bảng tính Excel" in html, "csv: %d" % status)
        # a file chosen but empty is not "no file chosen"
        status, html = upload(office, b"", "so-lieu-rong.xlsx")
        check(status == 400 and "rỗng (0 byte)" in html, "an empty file: %d %s" % (status, re.sub(r"\s+", " ", html)[:400]))
        # just over the limit reads as over it, in Vietnamese digits
        status, html = upload(office, b"PK\3\4" + bytes(21000000 - 4), "lon.xlsx")
        check(status == 422 and "Tệp lớn 20,03 MB, quá giới hạn 20 MB" in html,
              "21,000,000 bytes: %d %s" % (status, re.sub(r"\s+", " ", html)[:400]))
        # past the body the page takes (the file and its form): the same limit, and the page says so
        status, html = upload(office, b"PK\3\4" + bytes((22 << 20) - 4), "rat-lon.xlsx")
        check(status == 413 and "lớn hơn giới hạn 20 MB của trang nhập số liệu từ Excel" in html and
              "21 MB" not in html, "22 MiB: %d %s" % (status, re.sub(r"\s+", " ", html)[:400]))
        check(ntm_checksum(s.db) == before, "something was written")


@test
def a_server_killed_during_a_large_import_leaves_the_data_as_it_was():
    demo_db()
    s = Server(args=["--demo-logins"], timeout="60")
    try:
        office = signed_in(s, OFFICE)
        wb = template(office, 2025, quarter=4, province="")  # every commune of the country
        ws = wb["Nhập liệu"]
        cols = list(matrix_columns(ws).values())
        for r in range(6, ws.max_row + 1):
            for c in cols:
                ws.cell(r, c).value = 1
        data = saved(wb)
        s.drain_log()
        before = ntm_checksum(s.db)
        done = {}
        t = threading.Thread(target=lambda: done.setdefault("r", _try_upload(office, data)))
        t.start()
        # the import's write transaction holds SQLite's write lock from the checks to the commit:
        # once it has been held for half a second, the 3,321 assessments are being written
        held_since = None
        deadline = time.monotonic() + 300
        while t.is_alive() and time.monotonic() < deadline:
            if write_lock_held(s.db):
                held_since = held_since or time.monotonic()
                if time.monotonic() - held_since > 0.5:
                    break
            else:
                held_since = None
            time.sleep(0.05)
        s.proc.send_signal(signal.SIGKILL)
        s.proc.wait()
        t.join(30)
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
    check("r" not in done or done["r"][0] != 200, "the import finished before the kill: %r" % (done.get("r"),))
    check(ntm_checksum(s.db) == before, "the data changed after a kill -9 during the import")
    db = sqlite3.connect(s.db)
    imports = db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'ntm_import'").fetchone()[0]
    db.close()
    check(imports == 0, "an import was logged although it did not finish")
    with Server(db=s.db, args=["--demo-logins"]) as again:
        status, _, _ = again.request("GET", "/nong-thon-moi/")
        check(status == 200, "after the kill the portal answers %d" % status)


def write_lock_held(path):
    """Whether a write transaction is open on the database (BEGIN IMMEDIATE cannot start)."""
    db = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()


def _try_upload(client, data):
    try:
        return upload(client, data)
    except Exception as e:  # the server died under the request
        return (0, str(e))


@test
def the_office_downloads_its_plans_duties_and_sponsors_as_one_workbook():
    """The plan framework, who answers for each criterion and the sponsor
    units with their tasks: one .xlsx laid out as the year's report, every
    row of the database in it."""
    url = "/quan-tri/nong-thon-moi/van-phong/bao-cao/ke-hoach.xlsx"
    with server() as s:
        office = signed_in(s, OFFICE)
        status, _, page = office.get("/quan-tri/nong-thon-moi/van-phong/bao-cao/")
        check(status == 200 and 'href="%s"' % url in page, "the reports page does not offer it")
        reporter = signed_in(s, REPORTER)
        check(reporter.get(url)[0] == 403, "a commune reporter got the office's workbook")
        status, h, body = s.request("GET", url, {"Cookie": office._cookie_header()}, timeout=60)
        check(status == 200 and "ke-hoach-phan-cong-do-dau.xlsx" in h.get("content-disposition", "") and
              "no-store" in h.get("cache-control", ""), "answered %d %r" % (status, h))
        wb = openpyxl.load_workbook(io.BytesIO(body))
        check(wb.sheetnames == ["Khung kế hoạch", "Kế hoạch theo tiêu chí", "Phân công", "Đơn vị đỡ đầu",
                                "Công việc đỡ đầu"], "sheets: %r" % wb.sheetnames)

        def table(ws):
            rows = [[c.value for c in row] for row in ws.iter_rows()]
            head = next(i for i, r in enumerate(rows) if r[0] == "STT")
            body_rows = [r for r in rows[head + 1:] if isinstance(r[0], (int, float))]
            return rows[head], body_rows

        for ws in wb.worksheets:
            check(ws["A1"].value == "UBND TỈNH HÀ TĨNH" and
                  any(c.value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for c in ws[1]) and
                  not orientation_problem(ws), "%s: not laid out as a report (%s)" % (ws.title, orientation_problem(ws)))
            _, rows = table(ws)
            check([r[0] for r in rows] == list(range(1, len(rows) + 1)), "%s: STT is not 1..n" % ws.title)
        db = sqlite3.connect(s.db)
        prov = "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42')"
        plans = db.execute("SELECT u.code, pl.target_year FROM ntm_plan pl JOIN ntm_unit u ON u.id = pl.unit_id "
                           "WHERE pl.unit_id IN " + prov).fetchall()
        plan_criteria = db.execute("SELECT count(*) FROM ntm_plan_criterion WHERE unit_id IN " + prov).fetchone()[0]
        duties = db.execute("SELECT count(*) FROM ntm_responsible").fetchone()[0]
        sponsors = db.execute("SELECT count(*) FROM ntm_sponsorship WHERE unit_id IN " + prov).fetchone()[0]
        tasks = db.execute("SELECT t.title, t.amount FROM ntm_sponsor_task t JOIN ntm_sponsorship sp "
                           "ON sp.id = t.sponsorship_id WHERE sp.unit_id IN " + prov).fetchall()
        db.close()
        head, rows = table(wb["Khung kế hoạch"])
        check(sorted((r[1], int(r[4])) for r in rows) == sorted((c, int(y)) for c, y in plans),
              "plans: %d rows, %d in the database" % (len(rows), len(plans)))
        check(all(r[3] in ("Nông thôn mới", "Nông thôn mới nâng cao", "Nông thôn mới kiểu mẫu",
                           "Nông thôn mới hiện đại") and r[5] in ("Dự thảo", "Đã phê duyệt") for r in rows),
              "plans are not named in Vietnamese: %r" % rows[:2])
        check(len(table(wb["Kế hoạch theo tiêu chí"])[1]) == plan_criteria, "plan criteria")
        head, rows = table(wb["Phân công"])
        check(len(rows) == duties and all(r[5] in ("Chủ trì", "Phối hợp") for r in rows), "duties: %r" % rows[:2])
        check(len(table(wb["Đơn vị đỡ đầu"])[1]) == sponsors, "sponsors")
        head, rows = table(wb["Công việc đỡ đầu"])
        check(sorted(r[3] for r in rows) == sorted(t for t, _ in tasks), "tasks")
        amount = next(i for i, h in enumerate(head) if h and h.startswith("Kinh phí"))
        # a number column keeps numbers: a task without an amount is an empty cell, and the heading says why
        check(all(r[amount] is None or isinstance(r[amount], (int, float)) for r in rows) and "trống" in head[amount],
              "amounts: %r under %r" % (sorted({type(r[amount]).__name__ for r in rows}), head[amount]))
        amounts = sorted(round(r[amount], 2) for r in rows if isinstance(r[amount], (int, float)))
        check(amounts == sorted(round(a, 2) for _, a in tasks if a is not None), "amounts are not numbers")
        check(any(a is None for _, a in tasks), "the demo has no task without an amount")
        check(plans and duties and sponsors and tasks, "the demo has nothing to list")
        # no task of the demo names its criterion: no column of dashes
        check(not any(h and h.startswith("Tiêu chí") for h in head), "a column of criteria none is given: %r" % head)
        # printed on A4: the header on every page, wrapped text in rows high enough for it
        for ws in wb.worksheets:
            check(not print_problems(ws, 8), "%s: %s" % (ws.title, print_problems(ws, 8)))
            check(not cut_cells(ws), "%s prints cut: %s" % (ws.title, cut_cells(ws)[:4]))
        long_ones = [c for ws in (wb["Đơn vị đỡ đầu"], wb["Công việc đỡ đầu"]) for row in ws.iter_rows() for c in row
                     if c.value in ("Ngân hàng Chính sách xã hội chi nhánh Hà Tĩnh",
                                    "Đang thực hiện, quá hạn (hạn năm 2023)")]
        check(long_ones, "the demo's long names are not in the sheets")
        # a task the office tied to a criterion: the column comes back, with the criterion's number and name
        db = sqlite3.connect(s.db)
        task, number, name = db.execute(
            "SELECT t.id, c.number, c.name FROM ntm_sponsor_task t JOIN ntm_sponsorship sp ON sp.id = t.sponsorship_id "
            "JOIN ntm_unit u ON u.id = sp.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
            "JOIN ntm_criterion c JOIN ntm_set st ON st.id = c.set_id WHERE p.code = '42' AND st.code = 'QD51-2025' "
            "AND c.number = '5' ORDER BY t.id LIMIT 1").fetchone()
        db.execute("UPDATE ntm_sponsor_task SET criterion_id = (SELECT c.id FROM ntm_criterion c JOIN ntm_set st "
                   "ON st.id = c.set_id WHERE st.code = 'QD51-2025' AND c.number = '5') WHERE id = ?", (task,))
        db.commit()
        title = db.execute("SELECT title FROM ntm_sponsor_task WHERE id = ?", (task,)).fetchone()[0]
        db.close()
        status, _, body = s.request("GET", url, {"Cookie": office._cookie_header()}, timeout=60)
        head, rows = table(openpyxl.load_workbook(io.BytesIO(body))["Công việc đỡ đầu"])
        crit = head.index("Tiêu chí liên quan") if "Tiêu chí liên quan" in head else None
        check(status == 200 and crit is not None, "the criterion's column: %r" % head)
        check(sorted(r[crit] for r in rows if r[crit] != "—") == ["%s. %s" % (number, name)] and
              any(r[3] == title and r[crit] == "%s. %s" % (number, name) for r in rows),
              "the task's criterion: %r" % sorted({r[crit] for r in rows}))


@test
def the_office_sends_a_quarters_report_as_it_stood_at_the_quarters_end():
    """Communes report progress each quarter; the office's leader sends the
    quarter's matrix upward like the year's: the reports page offers each
    quarter with accepted reports, and the workbook counts each commune by
    its latest accepted report of the year up to the quarter's end."""
    base = "/quan-tri/nong-thon-moi/van-phong/bao-cao/"
    with server() as s:
        office = signed_in(s, OFFICE)
        db = sqlite3.connect(s.db)
        quarters = [q for (q,) in db.execute(
            "SELECT DISTINCT quarter FROM ntm_assessment WHERE year = 2026 AND quarter > 0 AND state = 'accepted' "
            "ORDER BY quarter")]
        latest = dict(db.execute(
            "SELECT u.code, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
            "WHERE a.year = 2026 AND a.state = 'accepted' AND a.quarter BETWEEN 1 AND 2 AND a.quarter = "
            "(SELECT max(b.quarter) FROM ntm_assessment b WHERE b.unit_id = a.unit_id AND b.year = 2026 "
            "AND b.state = 'accepted' AND b.quarter BETWEEN 1 AND 2)").fetchall())
        db.close()
        check(quarters[:2] == [1, 2] and 4 not in quarters and latest, "the demo's quarters: %r" % quarters)
        status, _, page = office.get(base)
        for q in quarters:
            check(status == 200 and "bao-cao.xlsx?ky=2026-Q%d" % q in page, "the page does not offer quarter %d" % q)
        check("bao-cao.xlsx?ky=2026-Q4" not in page, "the page offers a quarter with no accepted report")
        status, h, body = s.request("GET", base + "bao-cao.xlsx?ky=2026-Q2", {"Cookie": office._cookie_header()},
                                    timeout=60)
        check(status == 200 and "bao-cao-nong-thon-moi-2026-quy-2.xlsx" in h.get("content-disposition", ""),
              "the quarter's report: %d %r" % (status, h.get("content-disposition")))
        m, summary = openpyxl.load_workbook(io.BytesIO(body)).worksheets
        texts = [c.value for sheet in (m, summary) for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
        check(any("CỦA TỪNG XÃ QUÝ 2 NĂM 2026" in t for t in texts) and
              any("TỪNG TIÊU CHÍ NÔNG THÔN MỚI QUÝ 2 NĂM 2026" in t for t in texts),
              "the titles do not name the quarter: %r" % [t for t in texts if "NĂM" in t][:3])
        check(any("báo cáo tiến độ mới nhất của năm đến hết quý" in t for t in texts), "what the figures count")
        rows = [[c.value for c in row] for row in m.iter_rows()]
        head = rows[7]
        result = head.index("Kết quả")
        listed = [row for row in rows[8:] if isinstance(row[0], (int, float)) and row[1]]
        got = {row[1]: row[3] for row in listed if isinstance(row[3], (int, float))}
        check(got == latest, "the quarter's matrix differs from the database: %d rows against %d" % (len(got), len(latest)))
        check(all(row[result] == "Chưa có báo cáo" for row in listed if row[1] not in latest),
              "a commune with no report of the quarter")
        # a quarter nobody reported, and periods that are not periods: a sentence, not a file
        status, _, body = s.request("GET", base + "bao-cao.xlsx?ky=2026-Q4", {"Cookie": office._cookie_header()},
                                    timeout=60)
        check(status == 404 and "Chưa có báo cáo quý 4 năm 2026" in body.decode(), "quarter 4: %d" % status)
        for bad in ("ky=2026-Q5", "ky=2026-3", "ky=2026-Q2&nam=2026", "ky="):
            status, _, body = s.request("GET", base + "bao-cao.xlsx?" + bad, {"Cookie": office._cookie_header()})
            check(status == 400 and "?ky=2026-Q3" in body.decode(), "?%s answered %d" % (bad, status))
        reporter = signed_in(s, REPORTER)
        status, _, _ = reporter.get(base + "bao-cao.xlsx?ky=2026-Q2")
        check(status == 403, "a reporter got the office's quarter report: %d" % status)


@test
def reports_read_back_match_the_database():
    with server() as s:
        office = signed_in(s, OFFICE)
        status, _, page = office.get("/quan-tri/nong-thon-moi/van-phong/bao-cao/")
        check(status == 200 and "bao-cao.xlsx?nam=2025" in page, "reports page: %d" % status)
        reporter = signed_in(s, REPORTER)
        status, _, _ = reporter.get("/quan-tri/nong-thon-moi/van-phong/bao-cao/bao-cao.xlsx?nam=2025")
        check(status == 403, "a reporter got the office's report: %d" % status)
        status, h, body = s.request("GET", "/quan-tri/nong-thon-moi/van-phong/bao-cao/bao-cao.xlsx?nam=2025",
                                    {"Cookie": office._cookie_header()}, timeout=60)
        check(status == 200, "report answered %d" % status)
        wb = openpyxl.load_workbook(io.BytesIO(body))
        m, summary = wb.worksheets
        check(m["E1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or
              any(c.value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" for c in m[1]), "no national header")
        check(any(c.value == "Độc lập - Tự do - Hạnh phúc" for c in m[2]), "no motto")
        # on the left, the governing body over the agency, in capitals, as on paper (not the website's name)
        for sheet in (m, summary):
            check(sheet["A1"].value == "UBND TỈNH HÀ TĨNH" and
                  sheet["A2"].value == "VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TỈNH HÀ TĨNH",
                  "the issuer: %r / %r" % (sheet["A1"].value, sheet["A2"].value))
        check(any(isinstance(c.value, str) and re.match(r"Hà Tĩnh, ngày \d\d tháng \d\d năm \d{4}", c.value)
                  for c in m[3]), "no place and date line")
        check(m.page_setup.orientation == "landscape" and str(m.page_setup.paperSize) == "9", "not A4 landscape")
        check(m.print_title_rows in ("$8:$8", "8:8"), "header row not repeated: %r" % m.print_title_rows)
        values = [[c.value for c in row] for row in m.iter_rows()]
        check(any(v and "NGƯỜI LẬP BIỂU" == v for row in values for v in row), "no signature block")
        db = sqlite3.connect(s.db)
        expected = dict(db.execute(
            "SELECT u.code, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_set "
            "st ON st.id = a.set_id WHERE a.year = 2025 AND a.quarter = 0 AND a.state = 'accepted' AND "
            "st.code = 'QD318-2022'").fetchall())
        per_criterion = db.execute(
            "SELECT c.number, SUM(r.state = 1) FROM ntm_result r JOIN ntm_assessment a ON a.id = r.assessment_id "
            "JOIN ntm_criterion c ON c.id = r.criterion_id WHERE a.year = 2025 AND a.quarter = 0 AND "
            "a.state = 'accepted' GROUP BY c.id ORDER BY c.sort").fetchall()
        db.close()
        listed = [row for row in values[8:] if isinstance(row[0], (int, float)) and row[1]]
        got = {row[1]: row[3] for row in listed if isinstance(row[3], (int, float))}
        check(got == expected, "matrix differs from the database: %d rows vs %d" % (len(got), len(expected)))
        # every commune of the province is a row; those without an accepted result say so
        db = sqlite3.connect(s.db)
        communes = {c for (c,) in db.execute(
            "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
            "WHERE p.code = '42' AND p.valid_to IS NULL AND u.valid_to IS NULL")}
        db.close()
        check(communes and {row[1] for row in listed} == communes,
              "the matrix lists %d communes of %d" % (len(listed), len(communes)))
        check([row[0] for row in listed] == list(range(1, len(listed) + 1)), "STT is not 1..n")
        # 2026: some communes have no accepted result yet; they are rows too, saying so
        status, h, body26 = s.request("GET", "/quan-tri/nong-thon-moi/van-phong/bao-cao/bao-cao.xlsx?nam=2026",
                                      {"Cookie": office._cookie_header()}, timeout=60)
        check(status == 200, "2026 report answered %d" % status)
        rows26 = [[c.value for c in row] for row in openpyxl.load_workbook(io.BytesIO(body26)).worksheets[0].iter_rows()]
        listed26 = [row for row in rows26[8:] if isinstance(row[0], (int, float)) and row[1]]
        db = sqlite3.connect(s.db)
        with_result = {c for (c,) in db.execute(
            "SELECT u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id WHERE a.year = 2026 "
            "AND a.quarter = 0 AND a.state = 'accepted'")}
        db.close()
        missing = [row for row in listed26 if row[1] not in with_result]
        check({row[1] for row in listed26} == communes and 0 < len(missing) < len(communes),
              "2026 lists %d communes, %d without a result" % (len(listed26), len(missing)))
        head26 = rows26[7]
        result, recognition = head26.index("Kết quả"), head26.index("Công nhận")
        check(all(row[3] is None and row[result] == "Chưa có kết quả" for row in missing),
              "communes without a result: %r" % [row[1:4] + row[result:result + 1] for row in missing[:3]])
        # meeting every criterion is not recognition: the result in the public site's words, the decision apart
        db = sqlite3.connect(s.db)
        states = dict(db.execute("SELECT u.code, a.unit_state FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                 "WHERE a.year = 2026 AND a.quarter = 0 AND a.state = 'accepted'"))
        decisions = {}
        for code, act, number in db.execute(
                "SELECT u.code, r.act, r.decision_no FROM ntm_recognition r JOIN ntm_unit u ON u.id = r.unit_id "
                "WHERE r.status = 'ntm' AND r.year <= 2026 ORDER BY r.decided_on, r.id"):
            decisions[code] = (act, number)
        db.close()
        words = {1: "Đạt đủ các tiêu chí", 0: "Chưa đạt đủ các tiêu chí"}
        shown = {row[1]: row[result] for row in listed26 if row[1] in with_result}
        check(shown == {c: words.get(states[c], "Chưa xác định") for c in shown},
              "2026 results: %r" % sorted(shown.items())[:4])
        check(not any(v == "Đạt chuẩn" for row in rows26 for v in row), "a commune is called “Đạt chuẩn”")
        hp = next(row for row in listed26 if row[1] == "18532")
        check(hp[2] == "Xã Hương Phố" and hp[result] == "Đạt đủ các tiêu chí" and hp[recognition] == "Chưa công nhận",
              "Xã Hương Phố (all criteria, no decision): %r" % hp)
        for row in listed26:
            act, number = decisions.get(row[1], (None, None))
            check((act is None and row[recognition] == "Chưa công nhận") or
                  (act is not None and number in row[recognition] and
                   (act == "thu_hoi") == row[recognition].startswith("Đã thu hồi")),
                  "%s: “Công nhận” says %r, the database %r" % (row[1], row[recognition], (act, number)))
        # each count under the column it counts, in a row saying what
        totals = {row[0]: row for row in rows26 if isinstance(row[0], str) and row[0].startswith("Số xã")}
        per_criterion26 = [row for row in totals.get("Số xã đạt từng tiêu chí", [])]
        check(per_criterion26 and per_criterion26[3] is None and
              all(isinstance(v, (int, float)) for v in per_criterion26[4:result]),
              "the counts per criterion: %r" % per_criterion26)
        met26 = totals.get("Số xã đạt đủ các tiêu chí")
        check(met26 and met26[result] == sum(1 for v in states.values() if v == 1) and met26[3] is None,
              "the count of communes meeting every criterion: %r" % (met26,))
        held = sum(1 for row in listed26 if row[recognition] != "Chưa công nhận" and
                   not row[recognition].startswith("Đã thu hồi"))
        recognised = [row for label, row in totals.items() if label.startswith("Số xã được công nhận")]
        check(recognised and recognised[0][recognition] == held and held > 0,
              "the count of communes recognised: %r, %d decisions" % (recognised, held))
        # the criteria by name under the table, for the columns headed "TC 1" ...
        book26 = openpyxl.load_workbook(io.BytesIO(body26))
        m26 = book26.worksheets[0]
        legend = {v for row in rows26 for v in row if isinstance(v, str) and v.startswith("TC ") and ": " in v}
        db = sqlite3.connect(s.db)
        names = db.execute("SELECT c.number, c.name FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                           "WHERE st.code = 'QD51-2025' ORDER BY c.sort").fetchall()
        db.close()
        check(legend == {"TC %s: %s" % (n, name) for n, name in names} and
              head26[4:result] == ["TC %s" % n for n, _ in names], "the criteria's names: %r" % sorted(legend)[:3])
        # printed on A4: nothing cut, the header's lines over the table's width (the agency whole)
        for sheet in book26.worksheets + [summary]:
            check(not print_problems(sheet, 8), "%s: %s" % (sheet.title, print_problems(sheet, 8)))
            check(not cut_cells(sheet), "%s prints cut: %s" % (sheet.title, cut_cells(sheet)[:4]))
        check(m26.page_setup.orientation == "landscape", "the matrix is not landscape")
        srows = [[c.value for c in row] for row in summary.iter_rows(min_row=9)]
        counts = [(r[0], r[2]) for r in srows if r[0] and r[1] and isinstance(r[2], (int, float)) and r[0] != "STT"]
        counts = [(n, m_) for n, m_ in counts if not str(n).startswith("Số")]
        check([(str(n), int(c)) for n, c in counts] == [(str(n), int(c)) for n, c in per_criterion],
              "summary differs: %r vs %r" % (counts[:5], per_criterion[:5]))
        check(all(isinstance(n, int) for n, _ in counts if str(n).isdigit()), "STT stored as text: %r" % counts[:3])


@test
def excel_pages_need_the_right_role():
    with server() as s:
        for login, path, want in (("congtacvien", EXCEL, 403), (REPORTER, EXCEL, 200),
                                  (REPORTER, "/quan-tri/nong-thon-moi/van-phong/bao-cao/", 403),
                                  (OFFICE, "/quan-tri/nong-thon-moi/van-phong/bao-cao/", 200)):
            status, h, _ = signed_in(s, login).get(path)
            check(status == want, "%s at %s: %d, expected %d" % (login, path, status, want))
            if status == 200:
                check("no-store" in h.get("cache-control", ""), "%s may be stored" % path)
        status, _, _ = s.request("GET", EXCEL)
        check(status in (302, 303), "anonymous at the Excel page: %d" % status)
        office = signed_in(s, OFFICE)
        status, _, _ = office.get(EXCEL + "mau.xlsx?nam=1999")
        check(status == 400, "a year outside the range: %d" % status)
        # a province with no commune to fill in gives no empty workbook, and says why
        status, h, body = office.get(EXCEL + "mau.xlsx?nam=2026&tinh=99")
        check(status == 404 and "thuộc tỉnh, thành phố có mã 99" in body and
              h.get("content-type", "").startswith("text/html"), "province 99: %d %r" % (status, h.get("content-type")))
        # an upload without the session's form token changes nothing
        before = ntm_checksum(s.db)
        wb = template(office, 2026)
        ws = wb["Nhập liệu"]
        for c in matrix_columns(ws).values():
            ws.cell(matrix_rows(ws)["18739"], c).value = "Đạt"
        ctype, body = multipart({}, {"tep": ("x.xlsx", "application/octet-stream", saved(wb))})
        status, _, _ = s.request("POST", EXCEL + "nhap", {"Cookie": office._cookie_header(), "Content-Type": ctype,
                                                          "Origin": "https://ntm.example.gov.vn"}, body, timeout=60)
        check(status == 403, "an upload without the token answered %d" % status)
        check(ntm_checksum(s.db) == before, "an upload without the token wrote")


@test
def excel_pages_are_valid_html():
    import json
    import subprocess
    from harness import WORK
    from test_html import VNU
    check(os.path.exists(VNU), "vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    files = []
    with server() as s:
        office = signed_in(s, OFFICE)
        pages = [("excel", office.get(EXCEL)[2]), ("reports", office.get("/quan-tri/nong-thon-moi/van-phong/bao-cao/")[2])]
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        ws.cell(min(matrix_rows(ws).values()), 3).value = "sai <b>"
        status, html = upload(office, saved(wb))
        check(status == 422 and problems(html), "no problem table: %d" % status)
        pages.append(("excel-problems", html))
        # the lines to check (a sheet not read) beside the table, and a whole-sheet line (row "—")
        wb.create_sheet("Ghi chú")["A1"].value = "ghi chú riêng"
        ws.title = "Đổi tên"
        status, html = upload(office, saved(wb))
        check(status == 422 and "Cần xem lại" in html and ">—<" in html, "no notes or sheet line: %d" % status)
        pages.append(("excel-notes", html))
        for name, text in pages:
            path = os.path.join(WORK, "vnu-excel-%s.html" % name)
            with open(path, "w") as f:
                f.write(text)
            files.append(path)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json"] + files,
                       capture_output=True, text=True, timeout=180)
    report = json.loads(p.stderr or p.stdout or '{"messages": []}')
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    check(not errors, "%d HTML errors: %s" % (len(errors), "; ".join(
        "%s:%s %s" % (os.path.basename(m.get("url", "")), m.get("lastLine"), m.get("message")) for m in errors[:10])))


def qd318_ids(path):
    return dict(db_rows(path, "SELECT i.code, i.id FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                              "JOIN ntm_set t ON t.id = c.set_id WHERE t.code = 'QD318-2022'"))


def stored_value(path, code, year, quarter, indicator):
    rows = db_rows(path, "SELECT v.value FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id JOIN "
                         "ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = ? AND a.quarter = ? AND "
                         "v.indicator_id = ?", code, year, quarter, indicator)
    return rows[0][0] if rows else None


def page_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@test
def a_file_filled_offline_does_not_undo_what_others_saved_since():
    """The office's lost update: canboxa downloads the Q4-2025 template
    (3.1 = 85,5 for Trần Phú), songanh then saves 3.1 = 33 on the web form,
    and canboxa uploads the old file with only 2.1 changed. The import
    writes 2.1 alone and keeps the department's 33, saying so; the old file
    with 3.1 changed as well is refused whole, naming the commune, the
    indicator, the value now stored and who saved it; a fresh template
    carries the change."""
    with server() as s:
        ind = qd318_ids(s.db)
        reporter, officer = signed_in(s, REPORTER), signed_in(s, DEPARTMENT)
        entry = "/quan-tri/nong-thon-moi/nhap/18100/2025-q4"
        status, _, _ = post_form(reporter, entry, {"gt-%d" % ind["3.1"]: "85,5", "gt-%d" % ind["2.1"]: "60"})
        check(status == 303, "the commune's draft answered %d" % status)
        path = "%smau.xlsx?nam=2025&quy=4&kieu=ma-tran&bo=" % EXCEL
        status, _, body = s.request("GET", path, {"Cookie": reporter._cookie_header()}, timeout=60)
        check(status == 200, "the template answered %d" % status)
        wb = openpyxl.load_workbook(io.BytesIO(body))
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        c31, c21, row = cols["CT:%d" % ind["3.1"]], cols["CT:%d" % ind["2.1"]], rows["18100"]
        check(ws.cell(row, c31).value == 85.5, "the template holds 3.1 = %r" % ws.cell(row, c31).value)
        status, _, _ = post_form(officer, entry, {"gt-%d" % ind["3.1"]: "33"})
        check(status == 303 and stored_value(s.db, "18100", 2025, 4, ind["3.1"]) == 33,
              "the department's save answered %d" % status)
        ws.cell(row, c21).value = 70
        before_upload = saved(wb)
        status, html = upload(reporter, before_upload)
        text = page_text(html)
        check(status == 200 and "Đã nhập quý 4 năm 2025: 1 xã, phường" in text, "the import answered %d: %s" %
              (status, text[text.find("Đã nhập"):][:600] or text[:600]))
        check(stored_value(s.db, "18100", 2025, 4, ind["3.1"]) == 33, "the department's 33 was overwritten: %r" %
              stored_value(s.db, "18100", 2025, 4, ind["3.1"]))
        check(stored_value(s.db, "18100", 2025, 4, ind["2.1"]) == 70, "2.1 was not written")
        check("1 ô bạn không sửa mà người khác đã sửa sau khi bạn tải mẫu được giữ như hiện có" in text,
              "the summary does not say the department's value was kept: %s" % text[text.find("Đã nhập"):][:700])
        # the old file with 3.1 changed too: a conflict, the whole file refused
        ws.cell(row, c31).value = 90
        before = ntm_checksum(s.db)
        status, html = upload(reporter, saved(wb))
        found = problems(html)
        letter = openpyxl.utils.get_column_letter(c31)
        check(status == 422 and len(found) == 1 and found[0][1:3] == (row, letter),
              "a conflicting change answered %d: %r" % (status, found))
        reason = found[0][3]
        for want in ("Phường Trần Phú", "chỉ tiêu 3.1", "sửa thành 33", "songanh", "mẫu ghi 85,5", "tệp ghi 90",
                     "hãy tải mẫu mới"):
            check(want in reason, "the conflict does not say %r: %s" % (want, reason))
        check("người khác sửa sau khi bạn tải mẫu" in page_text(html), "the summary does not name the conflict")
        check(ntm_checksum(s.db) == before, "a refused file wrote")
        # a fresh template holds 33, and the change goes through
        wb = template(reporter, 2025, quarter=4, province="")
        ws = wb["Nhập liệu"]
        check(ws.cell(row, c31).value == 33, "the fresh template holds %r" % ws.cell(row, c31).value)
        ws.cell(row, c31).value = 90
        status, html = upload(reporter, saved(wb))
        check(status == 200 and stored_value(s.db, "18100", 2025, 4, ind["3.1"]) == 90,
              "the fresh template answered %d: %r" % (status, problems(html)))


@test
def a_template_of_before_the_originals_is_refused_with_a_sentence():
    """A template made before the import compared against what it was made
    from (version 1, no sheet of originals) cannot tell a value typed from
    one left as it was: it is refused, telling to download a new one."""
    with server() as s:
        office = signed_in(s, OFFICE)
        before = ntm_checksum(s.db)
        wb = template(office, 2025, quarter=3)
        check(wb["_dinh_goc"].sheet_state == "hidden" and wb["_dinh_goc"].protection.sheet,
              "the sheet of originals is not hidden and protected")
        ws = wb["Nhập liệu"]
        ws.cell(min(matrix_rows(ws).values()), 3).value = "Có"
        wb["_dinh"]["B1"].value = 1
        del wb["_dinh_goc"]
        status, html = upload(office, saved(wb))
        text = page_text(html)
        check(status == 422 and "mẫu kiểu cũ" in text and "Hãy tải mẫu mới" in text,
              "an old template answered %d: %s" % (status, text[text.find("<main"):][:300] or text[:600]))
        check(ntm_checksum(s.db) == before, "an old template wrote")


@test
def read_only_rows_are_grey_and_locked():
    """Communes whose report is submitted or accepted are grey and locked
    in the template (the sheet protected without a password, the input
    cells left unlocked); a cell changed there anyway is refused, named."""
    with server() as s:
        office = signed_in(s, OFFICE)
        wb = template(office, 2026)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        check(ws.protection.sheet and not ws.protection.password, "the sheet is not protected, or has a password")
        read_only = [r for r in rows.values() if "chỉ để xem" in (ws.cell(r, 2).value or "")]
        open_rows = [r for r in rows.values() if "chỉ để xem" not in (ws.cell(r, 2).value or "")]
        check(read_only and open_rows, "the demo has no read-only row in 2026")
        for r in read_only:
            for c in cols.values():
                cell = ws.cell(r, c)
                check(cell.protection.locked and cell.fill.fgColor.rgb.endswith("E7E7E7"),
                      "read-only cell %s: locked %r, fill %r" % (cell.coordinate, cell.protection.locked,
                                                                 cell.fill.fgColor.rgb))
        for r in open_rows:
            for c in cols.values():
                cell = ws.cell(r, c)
                check(not cell.protection.locked and cell.fill.fgColor.rgb.endswith("FFFBE6"),
                      "input cell %s: locked %r, fill %r" % (cell.coordinate, cell.protection.locked,
                                                             cell.fill.fgColor.rgb))
        before = ntm_checksum(s.db)
        r, c = read_only[0], next(iter(cols.values()))
        ws.cell(r, c).value = "Không đạt" if ws.cell(r, c).value == "Đạt" else "Đạt"
        status, html = upload(office, saved(wb))
        found = problems(html)
        check(status == 422 and len(found) == 1 and found[0][1:3] == (r, openpyxl.utils.get_column_letter(c)),
              "a read-only cell changed answered %d: %r" % (status, found))
        check("chỉ để xem" in found[0][3] and "màu xám" in found[0][3] and "tiêu chí" in found[0][3] and
              "Văn phòng Điều phối trả lại" in found[0][3], "the reason: %s" % found[0][3])
        check(ntm_checksum(s.db) == before, "a refused file wrote")


@test
def unaccented_words_and_spaced_thousands_are_read():
    """"Co", "KHONG", "dat" typed without marks are Có, Không, Đạt; "62 000"
    and "62 000" (a no-break space) are 62000, while "45.235" stays
    ambiguous; a number with its unit says to write the number alone."""
    with server() as s:
        office = signed_in(s, OFFICE)
        ind = qd318_ids(s.db)
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        codes = sorted(rows)[:4]
        yes_no, income, green = cols["CT:%d" % ind["1.1"]], cols["CT:%d" % ind["10"]], cols["CT:%d" % ind["17.4"]]
        houses = cols["CT:%d" % ind["9.1"]]
        ws.cell(rows[codes[0]], income).value = "62 triệu"
        ws.cell(rows[codes[1]], houses).value = "khong dat"  # 9.1 must answer Có or Không
        ws.cell(rows[codes[2]], income).value = "45.235"
        status, html = upload(office, saved(wb))
        found = {(p[1], p[2]): p[3] for p in problems(html)}
        letter = openpyxl.utils.get_column_letter
        check(status == 422 and len(found) == 3, "answered %d: %r" % (status, found))
        check("“62 triệu” không phải là số. Hãy ghi số, không kèm đơn vị: cột này tính bằng triệu đồng/người/năm."
              in found.get((rows[codes[0]], letter(income)), ""), "62 triệu: %r" % found)
        check("không rõ nghĩa" in found.get((rows[codes[1]], letter(houses)), ""), "khong dat at 9.1: %r" % found)
        check("có thể hiểu hai cách" in found.get((rows[codes[2]], letter(income)), ""), "45.235: %r" % found)
        ws.cell(rows[codes[0]], income).value = "62 000"
        ws.cell(rows[codes[0]], yes_no).value = "Co"
        ws.cell(rows[codes[1]], houses).value = "KHONG"
        ws.cell(rows[codes[1]], yes_no).value = "dat"
        ws.cell(rows[codes[2]], income).value = "1\u00a0250,5"
        ws.cell(rows[codes[2]], yes_no).value = "khong"
        ws.cell(rows[codes[3]], green).value = "12\u00a0000"
        ws.cell(rows[codes[3]], yes_no).value = "Khong Dat"
        status, html = upload(office, saved(wb))
        check(status == 200 and not problems(html), "answered %d: %r" % (status, problems(html)))
        got = [stored_value(s.db, codes[0], 2025, 3, ind["10"]), stored_value(s.db, codes[0], 2025, 3, ind["1.1"]),
               stored_value(s.db, codes[1], 2025, 3, ind["9.1"]), stored_value(s.db, codes[1], 2025, 3, ind["1.1"]),
               stored_value(s.db, codes[2], 2025, 3, ind["10"]), stored_value(s.db, codes[2], 2025, 3, ind["1.1"]),
               stored_value(s.db, codes[3], 2025, 3, ind["17.4"]), stored_value(s.db, codes[3], 2025, 3, ind["1.1"])]
        check(got == [62000, 1, 0, 1, 1250.5, 0, 12000, 0], "stored: %r" % got)


@test
def sheets_of_ones_own_are_ignored_and_a_renamed_sheet_is_named():
    with server() as s:
        office = signed_in(s, OFFICE)
        ind = qd318_ids(s.db)
        wb = template(office, 2025, quarter=3)
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        code = sorted(rows)[0]
        ws.cell(rows[code], cols["CT:%d" % ind["2.1"]]).value = 77
        notes = wb.create_sheet("Ghi chú")
        notes["A1"].value = "Số liệu 2.1 lấy theo báo cáo tháng 9"
        status, html = upload(office, saved(wb))
        text = page_text(html)
        check(status == 200 and stored_value(s.db, code, 2025, 3, ind["2.1"]) == 77,
              "a file with a notes sheet answered %d: %r" % (status, problems(html)))
        check("Trang tính “Ghi chú” không thuộc mẫu nên không được đọc" in text,
              "the result does not say the notes sheet was not read: %s" % text[text.find("Đã nhập"):][:900])
        # the data sheet renamed: said, with the name expected
        ws.title = "Số liệu quý 3"
        ws.cell(rows[code], cols["CT:%d" % ind["2.1"]]).value = 78
        status, html = upload(office, saved(wb))
        found = problems(html)
        check(status == 422 and len(found) == 1 and found[0][0] == "Số liệu quý 3",
              "a renamed sheet answered %d: %r" % (status, found))
        check("Không tìm thấy trang tính “Nhập liệu”" in found[0][3] and "đặt lại tên trang là “Nhập liệu”" in
              found[0][3] and ">—<" in html, "the renamed sheet's line: %r" % (found,))
        check(stored_value(s.db, code, 2025, 3, ind["2.1"]) == 77, "a refused file wrote")
        # a copy of the data sheet beside it: its values could be meant, so it is said, not dropped
        ws.title = "Nhập liệu"
        copy = wb.copy_worksheet(ws)
        status, html = upload(office, saved(wb))
        found = problems(html)
        check(status == 422 and len(found) == 1 and found[0][0] == copy.title and
              "bản sao của trang “Nhập liệu”" in found[0][3], "a copied sheet answered %d: %r" % (status, found))


@test
def an_opendocument_spreadsheet_is_told_to_be_saved_as_xlsx():
    with server() as s:
        office = signed_in(s, OFFICE)
        ods = io.BytesIO()
        with zipfile.ZipFile(ods, "w") as z:
            z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
            z.writestr("content.xml", '<?xml version="1.0"?><office:document-content '
                                      'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
            z.writestr("META-INF/manifest.xml", "<manifest/>")
        status, html = upload(office, ods.getvalue(), "so-lieu.ods")
        text = page_text(html)
        check(status == 422 and "bảng tính OpenDocument (.ods" in text and "Excel 2007-365 (.xlsx)" in text and
              "xl/workbook.xml" not in text, "an .ods answered %d: %s" % (status, text[:800]))


@test
def units_are_shown_and_bound_the_validation():
    """Income (chỉ tiêu 10) counts triệu đồng/người/năm: the per-commune
    template says so in its unit column and in the cell's input message,
    and Excel takes no negative income; a rate stays 0-100."""
    with server() as s:
        reporter = signed_in(s, REPORTER)
        ind = qd318_ids(s.db)
        wb = template(reporter, 2025, quarter=2, layout="theo-xa", province="")
        ws = wb[[n for n in wb.sheetnames if not n.startswith("_dinh")][0]]
        check(ws.protection.sheet, "the commune's sheet is not protected")
        by_key = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
        units = {code: ws.cell(by_key["CT:%d" % ind[code]], 4).value for code in ("10", "17.4", "2.1")}
        check(units == {"10": "triệu đồng/người/năm", "17.4": "m²/người", "2.1": "%"}, "units: %r" % units)
        validation = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                validation[rng.min_row] = dv
        income = validation[by_key["CT:%d" % ind["10"]]]
        check(income.type == "decimal" and float(income.formula1) == 0 and float(income.formula2) >= 1e6 and
              "triệu đồng/người/năm" in (income.prompt or "") and income.showInputMessage,
              "income's validation: %s %s..%s %r" % (income.type, income.formula1, income.formula2, income.prompt))
        rate = validation[by_key["CT:%d" % ind["2.1"]]]
        check(rate.type == "decimal" and float(rate.formula1) == 0 and float(rate.formula2) == 100,
              "a rate's validation: %s..%s" % (rate.formula1, rate.formula2))
        # the matrix names the unit once
        wb = template(reporter, 2025, quarter=2, province="")
        heads = [c.value or "" for c in wb["Nhập liệu"][4]]
        check(any(h.startswith("10. ") and h.count("triệu đồng/người/năm") == 1 for h in heads),
              "the income heading: %r" % [h for h in heads if h.startswith("10.")])


@test
def a_value_a_thousand_times_the_previous_period_is_pointed_out():
    """An income typed in đồng where the column counts millions is more
    than a thousand times the quarter before: the import goes through, and
    the result names the commune, the indicator and both values."""
    with server() as s:
        ind = qd318_ids(s.db)
        reporter = signed_in(s, REPORTER)
        status, _, _ = post_form(reporter, "/quan-tri/nong-thon-moi/nhap/18100/2025-q3", {"gt-%d" % ind["10"]: "62"})
        check(status == 303, "the Q3 draft answered %d" % status)
        wb = template(reporter, 2025, quarter=4, province="")
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        ws.cell(rows["18100"], cols["CT:%d" % ind["10"]]).value = 62000000
        ws.cell(rows["18073"], cols["CT:%d" % ind["10"]]).value = 62000000  # no quarter before: nothing to say
        status, html = upload(reporter, saved(wb))
        text = page_text(html)
        check(status == 200 and stored_value(s.db, "18100", 2025, 4, ind["10"]) == 62000000,
              "the import answered %d: %r" % (status, problems(html)))
        m = re.search(r"Cần xem lại.*?</ul>", html, re.S)
        lines = re.findall(r"<li>(.*?)</li>", m.group(0), re.S) if m else []
        check(len(lines) == 1 and "Phường Trần Phú, chỉ tiêu 10" in lines[0] and "62.000.000" in lines[0] and
              "quý 3 năm 2025 (62)" in lines[0] and "triệu đồng/người/năm" in lines[0],
              "the warning lines: %r" % (lines or text[text.find("Đã nhập"):][:900]))


@test
def ones_own_changes_since_the_template_are_neither_conflicts_nor_undone():
    """What the importing person changed since the template was made is
    theirs: the file fixed and sent again after its first import goes
    through (no conflict with themselves), and a value they changed on the
    web form since, left as it was in the older file, is kept and said."""
    with server() as s:
        ind = qd318_ids(s.db)
        reporter = signed_in(s, REPORTER)
        entry = "/quan-tri/nong-thon-moi/nhap/18100/2025-q4"
        status, _, _ = post_form(reporter, entry, {"gt-%d" % ind["2.1"]: "60"})
        check(status == 303, "the commune's draft answered %d" % status)
        wb = template(reporter, 2025, quarter=4, province="")
        ws = wb["Nhập liệu"]
        cols, rows = matrix_columns(ws), matrix_rows(ws)
        row, c31, c21 = rows["18100"], cols["CT:%d" % ind["3.1"]], cols["CT:%d" % ind["2.1"]]
        ws.cell(row, c31).value = 87.5  # two digits swapped
        status, html = upload(reporter, saved(wb))
        check(status == 200, "the first import answered %d: %r" % (status, problems(html)))
        ws.cell(row, c31).value = 78.5
        status, html = upload(reporter, saved(wb))
        check(status == 200 and stored_value(s.db, "18100", 2025, 4, ind["3.1"]) == 78.5,
              "the file fixed and sent again answered %d: %r" % (status, problems(html)))
        status, _, _ = post_form(reporter, entry, {"gt-%d" % ind["2.1"]: "65"})
        check(status == 303, "the web edit answered %d" % status)
        status, html = upload(reporter, saved(wb))
        text = page_text(html)
        check(status == 200 and stored_value(s.db, "18100", 2025, 4, ind["2.1"]) == 65,
              "the older file undid the web edit: %r, answered %d %r" %
              (stored_value(s.db, "18100", 2025, 4, ind["2.1"]), status, problems(html)))
        check("bạn đã sửa số liệu đó sau khi tải mẫu" in text and "chỉ tiêu 2.1: hiện có 65%, tệp ghi 60%" in text and
              "tất cả trùng" not in text, "the result does not say the web edit was kept: %s" %
              text[text.find("Cần xem lại"):][:900])


@test
def the_per_commune_template_keeps_others_changes_too():
    """The same rule on a sheet per commune: a note edited alone goes with
    the value stored now, a value changed where the department saved
    another since is refused at its cell."""
    with server() as s:
        ind = qd318_ids(s.db)
        reporter, officer = signed_in(s, REPORTER), signed_in(s, DEPARTMENT)
        entry = "/quan-tri/nong-thon-moi/nhap/18100/2025-q4"
        status, _, _ = post_form(reporter, entry, {"gt-%d" % ind["3.1"]: "85,5", "gt-%d" % ind["2.1"]: "60"})
        check(status == 303, "the commune's draft answered %d" % status)
        wb = template(reporter, 2025, quarter=4, layout="theo-xa", province="")
        name = next(n for n in wb.sheetnames if n.startswith("18100"))
        ws = wb[name]
        by_key = {ws.cell(r, 1).value: r for r in range(6, ws.max_row + 1)}
        r31, r21 = by_key["CT:%d" % ind["3.1"]], by_key["CT:%d" % ind["2.1"]]
        status, _, _ = post_form(officer, entry, {"gt-%d" % ind["3.1"]: "33"})
        check(status == 303, "the department's save answered %d" % status)
        ws.cell(r31, 7).value = "Theo số liệu của hợp tác xã"  # the note alone
        ws.cell(r21, 6).value = 70
        status, html = upload(reporter, saved(wb))
        check(status == 200, "answered %d: %r" % (status, problems(html)))
        got = db_rows(s.db, "SELECT v.indicator_id, v.value, v.note FROM ntm_value v JOIN ntm_assessment a ON "
                            "a.id = v.assessment_id JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = '18100' AND "
                            "a.year = 2025 AND a.quarter = 4 AND v.indicator_id IN (?, ?)", ind["3.1"], ind["2.1"])
        check(sorted(got) == sorted([(ind["3.1"], 33.0, "Theo số liệu của hợp tác xã"), (ind["2.1"], 70.0, "")]),
              "stored: %r" % got)
        ws.cell(r31, 6).value = 90
        status, html = upload(reporter, saved(wb))
        found = problems(html)
        check(status == 422 and len(found) == 1 and found[0][:3] == (name, r31, "F") and
              "sửa thành 33%" in found[0][3] and "songanh" in found[0][3], "answered %d: %r" % (status, found))
