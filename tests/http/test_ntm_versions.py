"""test_ntm_versions.py - a version of a criteria set made by the office
while the set is in use: new reports take the version in effect (on the
entry screen, in the Excel template and import), a report started before
keeps its set, and the public figures of the year count reports of every
version, criteria matched by number."""
import io
import re
import sqlite3

from harness import check, test
from test_newsroom import newsroom_server, signed_in
from test_ntm import province_counts, table_rows
from test_ntm_entry import BASE, MINE, OFFICE, REPORTER, assessment, db_rows, forget_2025, indicator_ids, post_form, \
    text_of
from test_ntm_excel import matrix_columns, matrix_rows, problems, saved, upload
from test_ntm_office import send

SECOND = "18100"  # the reporter's second unit, with an accepted 2025 report under QD318-2022
VERSION = "QD318-2022-HT9"


def make_version(office, s):
    """The office sets a target for indicator 11 (the poverty rate, unknown
    in the decision) in a province version of QD318-2022 from 2025."""
    ind = indicator_ids(s.db, "QD318-2022")
    status, h, body = send(office, "bo-tieu-chi/QD318-2022", "bo-tieu-chi/QD318-2022/muc-tieu",
                           {"chi-tieu": str(ind["11"][0]), "ap-dung": "*", "phep": "<=", "muc": "3", "cach-ghi": "",
                            "ma-moi": VERSION, "ten-moi": "Bộ tiêu chí xã nông thôn mới của Hà Tĩnh, điều chỉnh 2025",
                            "tu-nam": "2025"})
    check(status == 303 and VERSION in h.get("location", ""), "making the version answered %d: %s" %
          (status, text_of(body)[:400]))
    return indicator_ids(s.db, VERSION)


def set_of(path, code, year, quarter=0):
    r = db_rows(path, "SELECT s.code FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id JOIN ntm_unit u "
                      "ON u.id = a.unit_id WHERE u.code = ? AND a.year = ? AND a.quarter = ?", code, year, quarter)
    return [x[0] for x in r]


def target_beside(body, indicator_id):
    """The target the entry screen shows beside indicator `indicator_id`'s field."""
    m = re.search(r'<tr[^>]*>(?:(?!</tr>).)*name="gt-%d"(?:(?!</tr>).)*</tr>' % indicator_id, body, re.S)
    return text_of(m.group(0)) if m else ""


@test
def ntm_version_in_effect_takes_new_reports_and_the_year_counts_every_version():
    with newsroom_server() as s:
        forget_2025(s.db, MINE)
        # a plan for criterion 11 of QD318-2022, approved when that set was the only one
        db = sqlite3.connect(s.db)
        db.execute("INSERT INTO ntm_plan_criterion(unit_id, criterion_id, target_year, state) SELECT u.id, c.id, 2025, "
                   "'approved' FROM ntm_unit u, ntm_criterion c JOIN ntm_set t ON t.id = c.set_id WHERE u.code = ? "
                   "AND u.valid_to IS NULL AND t.code = 'QD318-2022' AND c.number = '11'", (MINE,))
        db.commit()
        db.close()
        office = signed_in(s, OFFICE)
        new = make_version(office, s)
        old = indicator_ids(s.db, "QD318-2022")
        rep = signed_in(s, REPORTER)

        # a report not yet started is entered on the version, with its target
        url = BASE + "nhap/%s/2025" % MINE
        status, _, body = rep.get(url)
        check(status == 200 and 'name="gt-%d"' % new["11"][0] in body and 'name="gt-%d"' % old["11"][0] not in body,
              "the new report is not on the version (%d)" % status)
        check("≤ 3%" in target_beside(body, new["11"][0]), "the version's target is not shown: %r" %
              target_beside(body, new["11"][0]))
        # a report of the same year started before keeps its set and its targets
        status, _, body = office.get(BASE + "nhap/%s/2025" % SECOND)
        check(status == 200 and VERSION not in body and "≤ 3%" not in body,
              "the accepted report of %s shows the version" % SECOND)
        check(set_of(s.db, SECOND, 2025) == ["QD318-2022"], "the old report moved: %r" % set_of(s.db, SECOND, 2025))

        fields = {"gt-%d" % new[code][0]: "1" for code in new if new[code][1] == "met"}
        fields["gt-%d" % new["11"][0]] = "4,5"
        status, _, body = post_form(rep, url, fields, viec="gui")
        check(status == 303, "submitting on the version answered %d: %s" % (status, text_of(body)[:400]))
        check(set_of(s.db, MINE, 2025) == [VERSION], "the report is under %r" % set_of(s.db, MINE, 2025))
        aid = assessment(s.db, MINE, 2025)[0]
        crit11 = db_rows(s.db, "SELECT r.state FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                               "WHERE r.assessment_id = ? AND c.number = '11'", aid)
        check(crit11 == [(0,)], "4.5%% against ≤ 3%% is not 'not met': %r" % crit11)
        review = BASE + "van-phong/duyet/%d" % aid
        status, _, body = office.get(review)
        check(status == 200 and "≤ 3%" in text_of(body), "the review does not show the version's target")
        status, _, _ = office.post(review, {"csrf": office.csrf(review), "viec": "nhan"})
        check(status == 303 and assessment(s.db, MINE, 2025)[1] == "accepted", "accepting answered %d" % status)

        # the year's public figures count both sets, criteria matched by number
        by_count, per_crit = province_counts(s.db, 2025)
        check(sum(by_count.values()) == 69, "the database holds %d accepted reports" % sum(by_count.values()))
        dash = s.page("/nong-thon-moi/?nam=2025")
        row = re.search(r'<a href="/nong-thon-moi/xa/%s\?nam=2025">[^<]*</a></th><td>(.*?)</td>' % MINE, dash)
        met = db_rows(s.db, "SELECT criteria_met FROM ntm_assessment WHERE id = ?", aid)[0][0]
        check(row and row.group(1).startswith(str(met)), "the dashboard row of %s: %r" % (MINE, row and row.group(1)))
        import json
        status, _, raw = s.get("/api/v1/ntm/tong-hop?nam=2025")
        summary = json.loads(raw)
        check(summary["so_duoc_danh_gia"] == 69, "the summary counts %d reports" % summary["so_duoc_danh_gia"])
        check({x["so"]: x["dat"] for x in summary["theo_tieu_chi"]} == per_crit,
              "per criterion %r, database %r" % (summary["theo_tieu_chi"], per_crit))
        # the criterion's page, from the set's criterion or the version's, lists the commune
        for set_code in ("QD318-2022", VERSION):
            crit = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set t ON t.id = c.set_id "
                                 "WHERE t.code = ? AND c.number = '11'", set_code)[0][0]
            page = s.page("/nong-thon-moi/tieu-chi/%d?nam=2025" % crit)
            listed = re.search(r'<h2 id="not-met-title">.*?</h2>\s*<ul class="ntm-units">(.*?)</ul>', page, re.S)
            check(listed and "/nong-thon-moi/xa/%s?nam=2025" % MINE in listed.group(1),
                  "the page of criterion 11 (%s) does not list %s as not met" % (set_code, MINE))
        # the map of criterion 11, asked by either set's criterion, colours the commune by its version's result
        for set_code in ("QD318-2022", VERSION):
            crit = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set t ON t.id = c.set_id "
                                 "WHERE t.code = ? AND c.number = '11'", set_code)[0][0]
            status, _, raw = s.get("/nong-thon-moi/ban-do?nam=2025&theo=tc-%d" % crit)
            name = db_rows(s.db, "SELECT full_name FROM ntm_unit WHERE code = ? AND valid_to IS NULL", MINE)[0][0]
            mine = re.search(r'<tr><th scope="row"><a href="[^"]*">%s</a></th><td>.*?</td><td data-class="(\d)">'
                             % re.escape(name), raw.decode())
            check(status == 200 and mine and mine.group(1) == "1",
                  "the map of criterion 11 (%s) answered %d, class %r" % (set_code, status, mine and mine.group(1)))
        # the commune's own page shows the version it was assessed on
        page = s.page("/nong-thon-moi/xa/%s?nam=2025" % MINE)
        check(re.search(r"Tiêu chí 11\.[^<]*</th><td>Không đạt</td>", page), "the commune page lacks criterion 11 not met")
        # a plan for the set's criterion 11 follows the version's result (met every year before): due in
        # 2025, not met in 2025, and 2025 is over
        from test_ntm import all_rows
        plans = all_rows(s.page("/nong-thon-moi/xa/%s?nam=2025" % MINE), "Năm phấn đấu đạt từng tiêu chí")
        row11 = [r for r in plans if r[0].startswith("Tiêu chí 11.")]
        check(row11 and row11[0][-1] == "Chậm tiến độ", "the plan of criterion 11 shows %r" % row11)


@test
def ntm_excel_template_and_import_follow_each_reports_version():
    from test_ntm_excel import openpyxl
    with newsroom_server() as s:
        forget_2025(s.db, MINE)
        forget_2025(s.db, SECOND)
        office = signed_in(s, OFFICE)
        new = make_version(office, s)

        def template(extra=""):
            path = "/quan-tri/nong-thon-moi/excel/mau.xlsx?nam=2025&quy=0&kieu=ma-tran&tinh=42" + extra
            status, h, body = s.request("GET", path, {"Cookie": office._cookie_header()}, timeout=60)
            check(status == 200, "template %s answered %d" % (path, status))
            return openpyxl.load_workbook(io.BytesIO(body))

        status, _, body = office.get("/quan-tri/nong-thon-moi/excel/")
        check(status == 200 and 'value="%s"' % VERSION in body, "the Excel page does not offer the version")
        # by default: the version in effect; communes whose report is under the old set are only shown
        wb = template()
        check(wb["_dinh"]["B3"].value == VERSION, "the template is of %r" % wb["_dinh"]["B3"].value)
        ws = wb["Nhập liệu"]
        rows, cols = matrix_rows(ws), matrix_columns(ws)
        other = [c for c in rows if c not in (MINE, SECOND)][0]
        check("theo bộ tiêu chí QD318-2022, chỉ để xem" in ws.cell(rows[other], 2).value,
              "a commune reporting under QD318-2022 is not marked: %r" % ws.cell(rows[other], 2).value)
        check(ws.cell(rows[MINE], 2).value.endswith(ws.cell(rows[MINE], 2).value.split(" (")[0]) and
              "chỉ để xem" not in ws.cell(rows[MINE], 2).value, "a commune without report is read-only")
        check("CT:%d" % new["11"][0] in cols, "the template lacks the version's indicator 11")

        # a template of the old set: a commune without report refuses its values, naming the version
        old_wb = template("&bo=QD318-2022")
        check(old_wb["_dinh"]["B3"].value == "QD318-2022", "the template asked for QD318-2022 is of %r" %
              old_wb["_dinh"]["B3"].value)
        ows = old_wb["Nhập liệu"]
        orows, ocols = matrix_rows(ows), matrix_columns(ows)
        check("theo bộ tiêu chí %s" % VERSION in ows.cell(orows[SECOND], 2).value, "the old template offers %s" % SECOND)
        old = indicator_ids(s.db, "QD318-2022")
        ows.cell(orows[SECOND], ocols["CT:%d" % old["11"][0]]).value = 2
        status, html = upload(office, saved(old_wb))
        found = problems(html)
        check(any(VERSION in reason and "tải mẫu" in reason for _, _, _, reason in found),
              "the row of %s under the old set was not refused with the version: %r" % (SECOND, found))
        check(set_of(s.db, SECOND, 2025) == [], "a refused import wrote %r" % set_of(s.db, SECOND, 2025))
        status, _, _ = s.request("GET", "/quan-tri/nong-thon-moi/excel/mau.xlsx?nam=2025&bo=QD51-2025",
                                 {"Cookie": office._cookie_header()})
        check(status == 404, "a set of other years answered %d" % status)

        # the version's template writes the new report under the version
        ws.cell(rows[SECOND], cols["CT:%d" % new["11"][0]]).value = 2
        status, html = upload(office, saved(wb))
        check(status == 200 and "Đã nhập năm 2025: 1 xã, phường, 1 giá trị" in html,
              "the import answered %d: %s" % (status, problems(html)))
        check(set_of(s.db, SECOND, 2025) == [VERSION], "the imported report is under %r" % set_of(s.db, SECOND, 2025))


@test
def ntm_pages_of_a_version_reach_the_years_before_it_and_compare_by_criterion():
    from test_ntm import all_rows
    with newsroom_server() as s:
        office = signed_in(s, OFFICE)
        make_version(office, s)
        crit = db_rows(s.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set t ON t.id = c.set_id "
                             "WHERE t.code = ? AND c.number = '8'", VERSION)[0][0]
        # the dashboard of 2025 shows the version's criteria; their pages answer for the set's earlier years
        dash = s.page("/nong-thon-moi/?nam=2025")
        check('href="/nong-thon-moi/tieu-chi/%d?nam=2025"' % crit in dash, "the dashboard does not link the version")
        for year in (2024, 2025):
            status, _, raw = s.get("/nong-thon-moi/tieu-chi/%d?nam=%d" % (crit, year))
            check(status == 200, "the version's criterion 8 for %d answered %d" % (year, status))
            met = db_rows(s.db, "SELECT count(*) FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                                "JOIN ntm_assessment a ON a.id = r.assessment_id JOIN ntm_unit u ON u.id = a.unit_id "
                                "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND c.number = '8' "
                                "AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted' AND r.state = 1", year)[0][0]
            listed = re.search(r'<h2 id="met-title">.*?</h2>\s*<ul class="ntm-units">(.*?)</ul>', raw.decode(), re.S)
            check(listed and listed.group(1).count("<li") == met, "criterion 8 in %d lists %s communes met, "
                  "the database %d" % (year, listed and listed.group(1).count("<li"), met))
        status, _, _ = s.get("/nong-thon-moi/tieu-chi/%d?nam=2026" % crit)
        check(status == 404, "the version's criterion answered %d for a year of another set" % status)
        # 2024 (the set) against 2025 (its version): still compared criterion by criterion
        html = s.page("/nong-thon-moi/so-sanh?tu=2024&den=2025")
        rows = all_rows(html, "Số xã đạt năm 2024 và năm 2025")
        # the units, those with a result, the standard, then the 19 criteria
        check(len(rows) == 22 and not any("(bộ năm" in r[0] for r in rows),
              "the comparison does not pair the criteria: %r" % [r[0] for r in rows][:4])
