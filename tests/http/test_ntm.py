"""test_ntm.py - the NTM monitor's data as `dinh init --demo` leaves it, read
back through sqlite3 and recomputed here, independently of src/ntm/assess.c;
and the `dinh ntm` commands."""
import csv
import re
import os
import shutil
import sqlite3

from harness import DINH, ROOT, WORK, Server, check, demo_db, fresh_db, run, test

GEOJSON_HA_TINH = "/work/shared/data/vn-units/geojson/42_ha_tinh"


def html_text(page):
    """What a reader reads: tags dropped, entities decoded, white space as one."""
    import html
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def db_rows(path, sql, *args):
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def indicator_state(vtype, target, value):
    """The state of one value, by the rules of src/ntm/assess.h."""
    if value is None:
        return 3
    if target is None or target[0] is None:
        return 2
    op, thr = target
    if vtype == "met":
        return 1 if (value >= 0.5) == (thr >= 0.5) else 0
    eps = 1e-9 * max(1.0, abs(thr))
    ok = value >= thr - eps if op == ">=" else value <= thr + eps if op == "<=" else abs(value - thr) <= eps
    return 1 if ok else 0


def recompute(path, assessment_ids=None):
    """Recomputes every accepted assessment (or the given ones) and returns
    a list of mismatches with what the database stored."""
    db = sqlite3.connect(path)
    problems = []
    sets = {sid: scheme for sid, scheme in db.execute("SELECT id, target_scheme FROM ntm_set")}
    crits = {}  # set -> [(id, loaded)]
    for cid, sid, loaded in db.execute("SELECT id, set_id, indicators_loaded FROM ntm_criterion ORDER BY sort"):
        crits.setdefault(sid, []).append((cid, loaded))
    inds = {}  # criterion -> [(id, type)]
    for iid, cid, vtype in db.execute("SELECT id, criterion_id, value_type FROM ntm_indicator"):
        inds.setdefault(cid, []).append((iid, vtype))
    targets = {}
    for iid, applies, op, thr in db.execute("SELECT indicator_id, applies_to, op, threshold FROM ntm_target"):
        targets.setdefault(iid, {})[applies] = (op, thr)
    where = "state = 'accepted'" if assessment_ids is None else "id IN (%s)" % ",".join(map(str, assessment_ids))
    for aid, sid, group_no, region, met_stored, total, unit_stored in db.execute(
            "SELECT id, set_id, group_no, region, criteria_met, criteria_total, unit_state FROM ntm_assessment "
            "WHERE " + where):
        key = str(group_no) if sets[sid] == "nhom" and group_no else (region or "")
        values = dict(db.execute("SELECT indicator_id, value FROM ntm_value WHERE assessment_id = ?", (aid,)))
        stored_values = dict(db.execute("SELECT indicator_id, state FROM ntm_value WHERE assessment_id = ?", (aid,)))
        recorded = dict(db.execute("SELECT criterion_id, met FROM ntm_recorded WHERE assessment_id = ?", (aid,)))
        results = {c: (s, r) for c, s, r in db.execute(
            "SELECT criterion_id, state, recorded FROM ntm_result WHERE assessment_id = ?", (aid,))}
        met_count, any_not_met, all_met = 0, False, True
        for cid, loaded in crits[sid]:
            counts = {"met": 0, "not": 0, "unassessed": 0, "unknown": 0}
            n = 0
            for iid, vtype in (inds.get(cid, []) if loaded else []):
                n += 1
                t = targets.get(iid, {})
                target = t.get(key) if key in t else t.get("*")
                s = indicator_state(vtype, target, values.get(iid))
                if iid in values and stored_values[iid] != s:
                    problems.append("assessment %d indicator %d: stored %d, computed %d" % (aid, iid, stored_values[iid], s))
                if s == 1:
                    counts["met"] += 1
                elif s == 0:
                    counts["not"] += 1
                elif s == 3 and indicator_state(vtype, target, 0) != 2:
                    counts["unassessed"] += 1
                else:
                    counts["unknown"] += 1
            rec = False
            if counts["not"]:
                state = 0
            elif counts["unassessed"]:
                state = -1
            elif n and counts["met"] == n:
                state = 1
            elif cid in recorded:
                state, rec = recorded[cid], True
            else:
                state = -1
            if results.get(cid) != (state, int(rec)):
                problems.append("assessment %d criterion %d: stored %r, computed %r" % (aid, cid, results.get(cid), (state, int(rec))))
            met_count += state == 1
            all_met = all_met and state == 1
            any_not_met = any_not_met or state == 0
        unit = 0 if any_not_met else 1 if all_met and crits[sid] else -1
        if (met_stored, total, unit_stored) != (met_count, len(crits[sid]), unit):
            problems.append("assessment %d: stored %r, computed %r" % (aid, (met_stored, total, unit_stored), (met_count, len(crits[sid]), unit)))
    db.close()
    return problems


@test
def every_public_page_leads_to_the_monitor():
    """A reader who lands on an article from a search engine finds the
    monitor's results in the menu and the footer; the menu marks it on its
    own pages, and the documents' entry on theirs."""
    demo_db()
    with Server() as srv:
        article = re.search(r'href="(/tin-tuc/[^"/]+/[^"]+)"', srv.page("/tin-tuc/")).group(1)
        for path in (article, "/tim-kiem?q=xa", "/van-ban/"):
            page = srv.page(path)
            check('<li><a href="/nong-thon-moi/" aria-current="false">Nông thôn mới</a></li>' in page and
                  '<a href="/nong-thon-moi/">Kết quả nông thôn mới</a>' in page, "%s has no way to the monitor" % path)
        check('<a href="/van-ban/" aria-current="page">Văn bản</a>' in srv.page("/van-ban/"),
              "the documents' page is not marked in the menu")
        for path in ("/nong-thon-moi/", "/nong-thon-moi/ban-do"):
            check('<a href="/nong-thon-moi/" aria-current="page">Nông thôn mới</a>' in srv.page(path),
                  "%s is not marked in the menu" % path)


@test
def ntm_demo_province_has_its_69_units():
    path = demo_db()
    rows = db_rows(path, "SELECT u.kind, count(*) FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                         "WHERE p.code = '42' AND u.valid_to IS NULL GROUP BY u.kind")
    check(dict(rows) == {"xa": 60, "phuong": 9}, "Hà Tĩnh's units: %r" % rows)
    name = db_rows(path, "SELECT full_name FROM ntm_unit WHERE code = '18406'")
    check(name == [("Xã Can Lộc",)], "unit 18406: %r" % name)
    total = db_rows(path, "SELECT level, count(*) FROM ntm_unit WHERE valid_to IS NULL GROUP BY level")
    check(dict(total) == {"province": 34, "commune": 3321}, "all units: %r" % total)
    # besides, the former communes of the demo's 2025 mergers, ended the day before
    former = db_rows(path, "SELECT count(*), min(valid_to), max(valid_to), sum(EXISTS (SELECT 1 FROM ntm_unit_lineage l "
                           "WHERE l.from_unit_id = u.id)) FROM ntm_unit u WHERE valid_to IS NOT NULL")[0]
    check(former[0] >= 8 and former[1] == former[2] == "2025-06-30" and former[3] == former[0],
          "former units: %r" % (former,))
    shapes = db_rows(path, "SELECT count(*) FROM ntm_shape s JOIN ntm_unit u ON u.id = s.unit_id "
                           "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42'")
    check(shapes == [(69,)], "Hà Tĩnh's boundaries: %r" % shapes)
    size = os.path.getsize(os.path.join(ROOT, "data", "ntm", "ha-tinh-shapes.csv"))
    check(size < 100 * 1024, "the shipped boundaries weigh %d bytes" % size)
    check(os.path.exists(os.path.join(ROOT, "data", "ntm", "LICENSE-vn-units")), "the dataset's licence is not shipped")


@test
def ntm_sets_are_loaded_with_unknowns_unset():
    path = demo_db()
    counts = dict((c, (n, i)) for c, n, i in db_rows(
        path, "SELECT s.code, count(DISTINCT c.id), count(i.id) FROM ntm_set s JOIN ntm_criterion c ON c.set_id = s.id "
              "LEFT JOIN ntm_indicator i ON i.criterion_id = c.id GROUP BY s.code"))
    check(counts == {"QD318-2022": (19, 58), "QD51-2025": (10, 0)}, "sets: %r" % counts)
    loaded = db_rows(path, "SELECT indicators_loaded, count(*) FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                           "WHERE s.code = 'QD51-2025' GROUP BY 1")
    check(loaded == [(0, 10)], "QĐ 51/2025 criteria should be marked as without indicators: %r" % loaded)
    # every "?" of the reference is unset; every known target is Đạt or Không
    rows = db_rows(path, "SELECT i.code, t.op, t.threshold, t.text FROM ntm_target t JOIN ntm_indicator i "
                         "ON i.id = t.indicator_id")
    check(len(rows) == 58, "one target per indicator: %d" % len(rows))
    for code, op, thr, text in rows:
        if text in ("Đạt", "Không"):
            check(op == "=" and thr == (1 if text == "Đạt" else 0), "%s: %r %r for %s" % (code, op, thr, text))
        else:
            check(op is None and thr is None, "%s has an invented target %r %r (reference: %s)" % (code, op, thr, text))
    unknown = [c for c, op, _, _ in rows if op is None]
    check("2.1" in unknown and "10" in unknown and "13.5" in unknown and "14.1" in unknown and len(unknown) == 30,
          "unknown targets: %r" % unknown)


@test
def ntm_accepted_assessments_are_computed_consistently():
    path = demo_db()
    per_year = db_rows(path, "SELECT a.year, a.quarter, count(*) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                             "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' GROUP BY a.year, a.quarter")
    # one a year for each unit of that year: before the 2025 mergers the former communes, not the new ones
    formers, successors = db_rows(path, "SELECT count(DISTINCT from_unit_id), count(DISTINCT to_unit_id) FROM ntm_unit_lineage")[0]
    want = [(y, 0, 69 - successors + formers) for y in range(2021, 2025)] + [(2025, 0, 69), (2026, 0, 69)]
    want += [(2026, q, 69) for q in (1, 2, 3)]
    check(sorted(per_year) == sorted(want), "assessments per year and quarter: %r" % per_year)
    problems = recompute(path)
    check(not problems, "%d mismatches, first: %s" % (len(problems), problems[:5]))
    # the story: more communes meet the set over the years, none typed by hand
    met = dict(db_rows(path, "SELECT year, sum(unit_state = 1) FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id "
                             "WHERE s.code = 'QD318-2022' GROUP BY year"))
    check(met[2021] < met[2023] < met[2025], "communes meeting the set by year: %r" % met)
    setback = db_rows(path, "SELECT count(*) FROM ntm_assessment a JOIN ntm_assessment b ON b.unit_id = a.unit_id "
                            "AND b.set_id = a.set_id AND b.year = a.year + 1 WHERE b.criteria_met < a.criteria_met")
    check(setback[0][0] > 0, "no commune ever falls back")
    # each NTM recognition follows a year the commune met the set
    bad = db_rows(path, "SELECT r.unit_id, r.year FROM ntm_recognition r WHERE r.status = 'ntm' AND NOT EXISTS "
                        "(SELECT 1 FROM ntm_assessment a WHERE a.unit_id = r.unit_id AND a.year = r.year "
                        "AND a.unit_state = 1 AND a.state = 'accepted')")
    check(not bad, "recognitions without a met assessment: %r" % bad)
    unpublished = db_rows(path, "SELECT count(*) FROM ntm_assessment WHERE state <> 'accepted'")
    check(unpublished[0][0] > 0, "the demo should keep some assessments unpublished")
    extras = db_rows(path, "SELECT (SELECT count(*) FROM ntm_plan), (SELECT count(*) FROM ntm_sponsor_task), "
                           "(SELECT count(*) FROM ntm_model WHERE kind = 'vuon'), (SELECT count(DISTINCT source) FROM ntm_fund), "
                           "(SELECT count(*) FROM ntm_responsible)")[0]
    check(all(x > 0 for x in extras) and extras[3] == 5, "plans, tasks, gardens, fund sources, responsibilities: %r" % (extras,))


@test
def ntm_known_target_recomputes_stored_states():
    path = fresh_db("ntm-targets.db")
    folder = os.path.join(WORK, "ntm-sets")
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "data", "ntm"), folder)
    targets = os.path.join(folder, "targets.csv")
    rows = list(csv.reader(open(targets, encoding="utf-8")))
    for r in rows:
        if r[0] == "QD318-2022" and r[1] == "2.1":
            r[3], r[4], r[5] = ">=", "80", "≥ 80% (thử)"
    with open(targets, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    before = db_rows(path, "SELECT count(*) FROM ntm_value v JOIN ntm_indicator i ON i.id = v.indicator_id "
                           "WHERE i.code = '2.1' AND v.state = 2")
    code, out, err = run([DINH, "ntm", "load", "--db", path, "--sets", folder])
    check(code == 0, "dinh ntm load --sets: %d %s" % (code, err))
    states = dict(db_rows(path, "SELECT v.state, count(*) FROM ntm_value v JOIN ntm_indicator i ON i.id = v.indicator_id "
                                "JOIN ntm_criterion c ON c.id = i.criterion_id JOIN ntm_set s ON s.id = c.set_id "
                                "WHERE s.code = 'QD318-2022' AND i.code = '2.1' GROUP BY v.state"))
    check(before[0][0] > 0 and 2 not in states and states.get(0, 0) > 0 and states.get(1, 0) > 0,
          "2.1 after its target became known: %r" % states)
    ids = [r[0] for r in db_rows(path, "SELECT id FROM ntm_assessment")]
    problems = recompute(path, ids)
    check(not problems, "%d mismatches after the new target, first: %s" % (len(problems), problems[:5]))
    # loading the shipped data again changes nothing it does not own
    code, out, err = run([DINH, "ntm", "load", "--db", path])
    check(code == 0, "dinh ntm load: %s" % err)
    again = db_rows(path, "SELECT count(*) FROM ntm_target WHERE op IS NOT NULL")
    check(again == [(28,)], "the shipped data should put the unknown target back: %r" % again)


@test
def ntm_load_refuses_valid_from_without_units():
    """--valid-from dates the units of --units FILE: alone (or with geojson)
    it used to be ignored while the shipped data loaded; now a usage error,
    one line naming both options, exit 2, before the database is opened."""
    path = fresh_db("ntm-valid-from.db")
    before = os.stat(path).st_mtime_ns
    for args in (["load", "--db", path, "--valid-from", "2025-07-01"],
                 ["load", "--db", path, "--sets", os.path.join(ROOT, "data", "ntm"), "--valid-from", "2025-07-01"],
                 ["geojson", "--db", path, "--valid-from", "2025-07-01", WORK]):
        code, out, err = run([DINH, "ntm"] + args)
        check(code == 2 and len(err.strip().splitlines()) == 1 and "--valid-from" in err and "--units" in err,
              "dinh ntm %s exited %d: %r" % (" ".join(args), code, err))
    check(os.stat(path).st_mtime_ns == before, "the refused command wrote the database")


@test
def ntm_commands():
    code, out, err = run([DINH, "ntm", "--help"])
    check(code == 0 and out.startswith("Cách dùng: dinh ntm load"), "dinh ntm --help: %d %s" % (code, out))
    for args in (["ntm"], ["ntm", "frobnicate"], ["ntm", "load"], ["ntm", "geojson", "--db", "x.db"],
                 ["ntm", "load", "--db", "x.db", "--tolerance", "2"], ["init", "--db", "x.db", "--ntm-scale", "world"],
                 ["init", "--db", "x.db", "--ntm-scale", "national"]):
        code, out, err = run([DINH] + args)
        check(code == 2 and err.strip(), "dinh %s exited %d: %s" % (" ".join(args), code, err))
        # one line that says what is wrong and where the help is, as for every command
        check(len(err.strip().splitlines()) == 1 and "--help" in err, "dinh %s said %r" % (" ".join(args), err))
    path = fresh_db("ntm-geo.db")
    # --valid-from must be a real date: one of "abcdefghij" or 30/02 would drop the unit from every year's lists
    units = os.path.join(WORK, "units-bad-date.csv")
    with open(units, "w", encoding="utf-8") as f:
        f.write("code,parent,kind,name,slug\n99996,42,xa,Xã Thử Ba,xa_thu_ba\n")
    for bad in ("abcdefghij", "2025-02-30", "2025-13-45"):
        code, out, err = run([DINH, "ntm", "load", "--db", path, "--units", units, "--valid-from", bad])
        check(code == 1 and "ngày có thật" in err, "--valid-from %s: %d %s" % (bad, code, err))
    check(not db_rows(path, "SELECT 1 FROM ntm_unit WHERE code = '99996'"), "a unit with a date that is none was stored")
    # a code or an address with control bytes is refused; a file Excel saved as "CSV UTF-8" (a byte
    # order mark first) is read
    for row in ("\x01\x02,42,xa,Xã Thử,xa_thu", "9\x019,42,xa,Xã Thử,xa_thu", "99997,42,xa,Xã Thử,xa_\x01thu"):
        with open(units, "w", encoding="utf-8") as f:
            f.write("code,province,kind,name,slug\n" + row + "\n")
        code, out, err = run([DINH, "ntm", "load", "--db", path, "--units", units])
        check(code == 1 and "không hợp lệ" in err, "the row %r: %d %s" % (row, code, err))
    with open(units, "w", encoding="utf-8-sig", newline="") as f:
        f.write("code,province,kind,name,slug\r\n99998,42,xa,Xã Thử Bốn,xa_thu_bon\r\n")
    code, out, err = run([DINH, "ntm", "load", "--db", path, "--units", units])
    check(code == 0 and db_rows(path, "SELECT count(*) FROM ntm_unit WHERE code = '99998'") == [(1,)],
          "a units file with a byte order mark: %d %s" % (code, err))
    code, out, err = run([DINH, "ntm", "geojson", "--db", path, os.path.join(WORK, "no-such-folder")])
    check(code == 1 and "no-such-folder" in err, "a missing folder: %d %s" % (code, err))
    bad = os.path.join(WORK, "bad-geojson")
    os.makedirs(bad, exist_ok=True)
    with open(os.path.join(bad, "x.geojson"), "w") as f:
        f.write('{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "18406", "geometry": '
                '{"type": "Polygon", "coordinates": [[[105.1, 18.1], [105.2, 18.1], [105.2')
    code, out, err = run([DINH, "ntm", "geojson", "--db", path, bad])
    check(code == 1 and "JSON" in err, "a broken file: %d %s" % (code, err))
    # a file with nothing to import (a two-point "polygon"): said, exit 1
    with open(os.path.join(bad, "x.geojson"), "w") as f:
        f.write('{"type": "Feature", "id": "18406", "geometry": {"type": "Polygon", "coordinates": '
                '[[[105.5, 18.4], [105.6, 18.4], [105.5, 18.4]]]}}')
    code, out, err = run([DINH, "ntm", "geojson", "--db", path, bad])
    check(code == 1 and "không nhập được ranh giới nào" in err, "nothing imported: %d %s" % (code, err))
    with open(os.path.join(bad, "x.geojson"), "w") as f:
        f.write('{"type": "Feature", "id": "18406", "geometry": {"type": "Polygon", "coordinates": '
                '[[[105.5, 18.4], [105.6, 18.4], [105.6, 18.5], [105.55, 18.50001], [105.5, 18.5], [105.5, 18.4]]]}}')
    # a CSV that cannot be written: refused before the shapes are, nothing changed
    before = db_rows(path, "SELECT s.points, s.geometry FROM ntm_shape s JOIN ntm_unit u ON u.id = s.unit_id "
                           "WHERE u.code = '18406'")
    for nowhere in (os.path.join(WORK, "no-such-folder", "x.csv"), WORK):
        code, out, err = run([DINH, "ntm", "geojson", "--db", path, "--csv", nowhere, bad])
        check(code == 1 and "không ghi được" in err, "--csv %s: %d %s" % (nowhere, code, err))
        check(db_rows(path, "SELECT s.points, s.geometry FROM ntm_shape s JOIN ntm_unit u ON u.id = s.unit_id "
                            "WHERE u.code = '18406'") == before, "a failed command changed the shape (--csv %s)" % nowhere)
    out_csv = os.path.join(WORK, "shapes.csv")
    code, out, err = run([DINH, "ntm", "geojson", "--db", path, "--csv", out_csv, bad])
    check(code == 0, "a small square: %d %s" % (code, err))
    geo = db_rows(path, "SELECT s.points, s.geometry, s.min_lon, s.max_lat FROM ntm_shape s JOIN ntm_unit u "
                        "ON u.id = s.unit_id WHERE u.code = '18406'")
    # the point 0.00001 degree off the edge is quantised and simplified away
    check(geo == [(4, "1055000 184000 1000 0 0 1000 -1000 0", 105.5, 18.5)], "stored shape: %r" % geo)
    check(open(out_csv).read().splitlines()[1] == "18406,4,1055000 184000 1000 0 0 1000 -1000 0", "CSV written")
    if os.path.isdir(GEOJSON_HA_TINH):
        code, out, err = run([DINH, "ntm", "geojson", "--db", path, GEOJSON_HA_TINH])
        check(code == 0 and "đã nhập 70 ranh giới" in err, "Hà Tĩnh's GeoJSON: %d %s" % (code, err))


def province_counts(path, year):
    """What the dashboard must show for Hà Tĩnh and `year`, from accepted
    assessments only: {k: communes with k criteria met}, {criterion number: met}."""
    by_count = dict(db_rows(path, "SELECT a.criteria_met, count(*) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                  "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = ? AND a.quarter = 0 "
                                  "AND a.state = 'accepted' GROUP BY 1", year))
    per_crit = dict(db_rows(path, "SELECT c.number, sum(r.state = 1) FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                                  "JOIN ntm_assessment a ON a.id = r.assessment_id JOIN ntm_unit u ON u.id = a.unit_id "
                                  "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = ? AND a.quarter = 0 "
                                  "AND a.state = 'accepted' GROUP BY c.number", year))
    return by_count, per_crit


def table_rows(html, caption):
    import re
    m = re.search(r"<caption>%s</caption>.*?<tbody>(.*?)</tbody>" % re.escape(caption), html, re.S)
    check(m, "no table %r" % caption)
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td>', m.group(1))
    return [(re.sub(r"<[^>]+>", "", label), value) for label, value in rows]


@test
def ntm_dashboard_matches_the_database():
    from harness import Server
    path = demo_db()
    with Server() as srv:
        for year in (2025, 2026):
            html = srv.page("/nong-thon-moi/?nam=%d" % year)
            by_count, per_crit = province_counts(path, year)
            check("<h1>Nông thôn mới tỉnh Hà Tĩnh</h1>" in html, "the page names the province, its kind in small letters mid-sentence")
            rows = table_rows(html, "Số xã theo số tiêu chí đạt")
            shown = {int(label.split()[0]): int(v.replace(".", "")) for label, v in rows}
            expected = {k: by_count.get(k, 0) for k in shown}
            check(shown == expected and sum(shown.values()) == sum(by_count.values()),
                  "%d by count: page %r, database %r" % (year, shown, by_count))
            rows = table_rows(html, "Số xã đạt từng tiêu chí")
            shown = {label.split(".")[0].replace("Tiêu chí ", ""): int(v.replace(".", "")) for label, v in rows}
            check(shown == per_crit, "%d per criterion: page %r, database %r" % (year, shown, per_crit))
            check('<svg viewBox=' in html and 'role="img"' in html, "the charts are SVG")
            check('href="/nong-thon-moi/tong-hop.csv?nam=%d"' % year in html, "the CSV link")
        # the shares: the funds' add up to the 100% under them; the communes' are each rounded, as the
        # headline's, and when they do not add up the table says so
        for year in range(2021, 2027):
            html = srv.page("/nong-thon-moi/?nam=%d" % year)
            for caption in ("Số xã theo số tiêu chí đạt", "Kinh phí huy động theo nguồn (triệu đồng)"):
                m = re.search(r"<caption>%s</caption>.*?</div>" % re.escape(caption), html, re.S)
                check(m, "%d: no table %r" % (year, caption))
                shares = [int(a) * 10 + int(b) for a, b in re.findall(r"<td>(\d+),(\d)%</td></tr>", m.group(0))]
                noted = "Mỗi tỷ lệ được làm tròn đến 0,1% nên cộng lại có thể lệch 100% một chút." in m.group(0)
                if caption.startswith("Kinh phí"):
                    check(sum(shares) == 1000 and "<td>100%</td>" in m.group(0),
                          "%d: the funds' shares add up to %d tenths" % (year, sum(shares)))
                else:
                    check(noted == (sum(shares) != 1000), "%d: shares add up to %d tenths, noted: %s" %
                          (year, sum(shares), noted))
                    headline = re.search(r"đạt đủ (\d+) tiêu chí \((\d+,\d%)\)", html)
                    last = re.search(r"<tr><th scope=\"row\">%s tiêu chí</th><td>[^<]*</td><td>([^<]*)</td>" %
                                     headline.group(1), m.group(0)) if headline else None
                    check(last and last.group(1) == headline.group(2),
                          "%d: the headline's share %r, the table's %r" % (year, headline and headline.group(2),
                                                                            last and last.group(1)))
        # 2026 has unpublished assessments: they are not counted
        total_2026 = db_rows(path, "SELECT count(*) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                   "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2026")[0][0]
        accepted = sum(province_counts(path, 2026)[0].values())
        check(accepted < total_2026, "the demo's 2026 should hold unpublished assessments")
        html = srv.page("/nong-thon-moi/?nam=2026")
        check("trong %d xã, phường được đánh giá" % accepted in html, "the summary counts accepted ones only")
        status, headers, body = srv.get("/nong-thon-moi/tong-hop.csv?nam=2025")
        check(status == 200 and headers.get("content-type", "").startswith("text/csv"), "CSV: %d %r" % (status, headers))
        text = body.decode("utf-8")
        check(text.startswith("\ufeff"), "the CSV starts with a BOM")
        rows = list(csv.reader(text[1:].splitlines()))
        check(rows[0][3] == "Tiêu chí" and len(rows) == 20, "CSV rows: %d" % len(rows))
        _, per_crit = province_counts(path, 2025)
        for r in rows[1:]:
            check(int(r[4]) == per_crit[r[3].split(".")[0]], "CSV %r" % r)
        for bad in ("?nam=abc", "?nam=20255", "?nam=-1"):
            status, _, _ = srv.get("/nong-thon-moi/" + bad)
            check(status == 400, "%s: %d" % (bad, status))
        status, _, _ = srv.get("/nong-thon-moi/?nam=2019")
        check(status == 404, "a year without a set: %d" % status)
        # a year of the set with nothing accepted yet is no page either, as on the map and in the matrix
        for url in ("/nong-thon-moi/?nam=2027", "/nong-thon-moi/ban-do?nam=2027", "/nong-thon-moi/tong-hop.csv?nam=2027",
                    "/nong-thon-moi/ma-tran.csv?nam=2027", "/nong-thon-moi/cong-nhan.csv?nam=2027"):
            status, _, body = srv.get(url)
            check(status == 404 and "Năm 2027 chưa có kết quả đánh giá nào" in body.decode(),
                  "%s: %d" % (url, status))
        check(srv.get("/nong-thon-moi/")[0] == 200, "the dashboard's own address")
        for url in ("/nong-thon-moi/ca-nuoc?nam=abc", "/nong-thon-moi/ca-nuoc.xlsx?nam=abc"):
            status, _, body = srv.get(url)
            check(status == 400 and "phải là một năm có bốn chữ số" in body.decode(), "%s answered %d" % (url, status))
        # ?ky= takes a year as well as a quarter, as its message says; the map draws years alone
        status, _, body = srv.get("/nong-thon-moi/?ky=2025")
        check(status == 200 and "Năm 2025, " in body.decode(), "?ky=2025 answered %d" % status)
        for url, code, said in (("/nong-thon-moi/ban-do?ky=2025", 200, "năm 2025"),
                                ("/nong-thon-moi/ban-do?ky=abc", 400, "Kỳ xem số liệu phải là một năm"),
                                ("/nong-thon-moi/ban-do?ky=2026-Q3", 404, "Bản đồ vẽ kết quả cả năm")):
            status, _, body = srv.get(url)
            check(status == code and said in body.decode(), "%s answered %d" % (url, status))
        with sqlite3.connect(path) as db:
            funds_2027 = db.execute("SELECT count(*) FROM ntm_fund WHERE year = 2027").fetchone()[0]
        if not funds_2027:
            status, _, body = srv.get("/nong-thon-moi/nguon-luc.csv?nam=2027")
            check(status == 404 and "Năm 2027 chưa có số liệu nguồn lực" in body.decode(),
                  "the funds CSV of a year without funds: %d" % status)


@test
def ntm_commune_page_matches_the_database():
    from harness import Server
    import re
    path = demo_db()
    with Server() as srv:
        html = srv.page("/nong-thon-moi/?nam=2025")
        # the list of every commune (the list of communes behind plan links some again)
        html = re.search(r"<caption>Kết quả từng xã, phường</caption>.*?</table>", html, re.S).group(0)
        links = re.findall(r'href="/nong-thon-moi/xa/(\d+)\?nam=2025"', html)
        check(len(links) == 69, "the dashboard links every commune: %d" % len(links))
        names = re.findall(r'<a href="/nong-thon-moi/xa/\d+\?nam=2025">(.*?)</a>', html)
        check(names[0].startswith("Phường") and names[-1].startswith("Xã"), "Vietnamese order: %r" % names[:3])
        for code in links[:3] + ["18406"]:
            page = srv.page("/nong-thon-moi/xa/%s?nam=2025" % code)
            rows = db_rows(path, "SELECT c.number, r.state FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                                 "JOIN ntm_assessment a ON a.id = r.assessment_id JOIN ntm_unit u ON u.id = a.unit_id "
                                 "WHERE u.code = ? AND a.year = 2025 AND a.state = 'accepted' ORDER BY c.sort", code)
            shown = re.findall(r'<tr class="ntm-criterion"><th scope="row" colspan="3">Tiêu chí (\d+)\..*?</th><td>(.*?)</td>', page)
            names = {1: "Đạt", 0: "Không đạt", -1: "Chưa xác định"}
            check(shown == [(n, names[s]) for n, s in rows], "%s criteria: page %r, database %r" % (code, shown, rows))
            met = sum(1 for _, s in rows if s == 1)
            check("Đạt %d trên 19 tiêu chí." % met in page, "%s summary" % code)
            unknown = db_rows(path, "SELECT count(*) FROM ntm_value v JOIN ntm_assessment a ON a.id = v.assessment_id "
                                    "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2025 AND v.state = 2", code)
            check(page.count("<td>Chưa rõ mức yêu cầu</td>") == unknown[0][0], "%s unknown targets" % code)
        # a phường's recognitions name it a phường, not a xã; and no curator's remark ("chưa xác minh",
        # "?)") reaches the public page
        for code in links:
            page = srv.page("/nong-thon-moi/xa/%s?nam=2025" % code)
            if "<h1>Phường" in page:
                check("Xã đạt chuẩn nông thôn mới" not in page, "phường %s is called a xã in its recognitions" % code)
            check("chưa xác minh" not in page and ": ?)" not in page, "commune %s shows a curator's remark" % code)
        # a commune whose 2026 year report is not accepted: its default page stays on 2025, and its 2026
        # page shows only what was accepted (its latest accepted quarter), never the report waiting
        hidden = db_rows(path, "SELECT u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                               "WHERE a.year = 2026 AND a.quarter = 0 AND a.state <> 'accepted' LIMIT 1")[0][0]
        page = srv.page("/nong-thon-moi/xa/%s" % hidden)
        check("Kết quả năm 2025" in page, "the default page of %s is not 2025" % hidden)
        status, _, body = srv.get("/nong-thon-moi/xa/%s?nam=2026" % hidden)
        text = html_text(body.decode())
        accepted_quarters = db_rows(path, "SELECT count(*) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                          "WHERE u.code = ? AND a.year = 2026 AND a.quarter > 0 AND a.state = 'accepted'",
                                    hidden)[0][0]
        if accepted_quarters:
            check(status == 200 and "Kết quả năm 2026" not in text and "Kết quả quý" in text,
                  "%s 2026: %d %s" % (hidden, status, text[:600]))
        else:
            check(status == 404, "an unpublished year answers %d" % status)
        for bad in ("/nong-thon-moi/xa/99999", "/nong-thon-moi/xa/42", "/nong-thon-moi/xa/abc"):
            status, _, _ = srv.get(bad)
            check(status == 404, "%s answered %d" % (bad, status))
        status, _, _ = srv.get("/nong-thon-moi/xa/18406?nam=x")
        check(status == 400, "a bad year answers %d" % status)
        # a year of no result says so, names the commune and its latest year, whether before or after its years
        name, latest = db_rows(path, "SELECT u.full_name, max(a.year) FROM ntm_assessment a JOIN ntm_unit u ON "
                                     "u.id = a.unit_id WHERE u.code = '18406' AND a.quarter = 0 AND a.state = 'accepted'")[0]
        for year in (2020, latest + 1):
            status, _, body = srv.get("/nong-thon-moi/xa/18406?nam=%d" % year)
            text = html_text(body.decode())
            check(status == 404 and "%s chưa có kết quả đánh giá" % name in text and
                  "năm %d. Năm có kết quả gần nhất: %d." % (year, latest) in text,
                  "18406 in %d: %d %s" % (year, status, text[:400]))
        # a well-formed year outside the years the monitor keeps says which years it takes
        status, _, body = srv.get("/nong-thon-moi/xa/18406?nam=1990")
        check(status == 400 and "từ 2000 đến 2100" in body.decode(), "1990 answered %d" % status)


@test
def ntm_criterion_page_lists_communes_by_state():
    from harness import Server
    import re
    path = demo_db()
    crit, name = db_rows(path, "SELECT c.id, c.name FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                               "WHERE s.code = 'QD318-2022' AND c.number = '8'")[0]
    rows = db_rows(path, "SELECT u.full_name, r.state FROM ntm_result r JOIN ntm_assessment a ON a.id = r.assessment_id "
                         "JOIN ntm_unit u ON u.id = a.unit_id WHERE r.criterion_id = ? AND a.year = 2024 "
                         "AND a.state = 'accepted'", crit)
    with Server() as srv:
        html = srv.page("/nong-thon-moi/?nam=2024")
        check('href="/nong-thon-moi/tieu-chi/%d?nam=2024"' % crit in html, "the dashboard links the criterion")
        page = srv.page("/nong-thon-moi/tieu-chi/%d?nam=2024" % crit)
        check("Tiêu chí 8. %s" % name in page and "Sở Khoa học và Công nghệ (chủ trì)" in page,
              "title and responsible department")
        sections = re.findall(r'<h2 id="(met|not-met|und)-title">.*?</h2>\s*<ul class="ntm-units">(.*?)</ul>', page, re.S)
        shown = {k: re.findall(r'">(.*?)</a>', body) for k, body in sections}
        want_met = sorted(n for n, s in rows if s == 1)
        want_not = sorted(n for n, s in rows if s == 0)
        check(sorted(shown.get("met", [])) == want_met and sorted(shown.get("not-met", [])) == want_not,
              "communes: page %r, database met %r not met %r" % (shown, want_met, want_not))
        for bad, code in (("9999", 404), ("abc", 404), ("%d?nam=2026" % crit, 404), ("%d?nam=x" % crit, 400)):
            status, _, _ = srv.get("/nong-thon-moi/tieu-chi/" + bad)
            check(status == code, "%s answered %d" % (bad, status))
        # the criterion of another period's set says so rather than that the page does not exist
        _, _, body = srv.get("/nong-thon-moi/tieu-chi/%d?nam=2026" % crit)
        check("Tiêu chí số 8 (%s) thuộc" % name in html_text(body.decode()) and "không áp dụng cho năm 2026" in
              html_text(body.decode()), "the 2026 page of criterion 8 does not say why it is missing")


@test
def ntm_a_write_invalidates_exactly_its_pages():
    from harness import Server
    with Server() as srv:
        path = srv.db
        aid, code = db_rows(path, "SELECT a.id, u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                  "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2025 "
                                  "AND a.state = 'accepted' ORDER BY u.code LIMIT 1")[0]
        other = db_rows(path, "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                              "WHERE p.code = '42' AND u.code <> ? ORDER BY u.code LIMIT 1", code)[0][0]
        pages = ["/nong-thon-moi/?nam=2025", "/nong-thon-moi/xa/%s?nam=2025" % code,
                 "/nong-thon-moi/xa/%s?nam=2025" % other, "/nong-thon-moi/tieu-chi/1?nam=2025", "/tin-tuc/"]
        before = {}
        for p in pages:
            before[p] = srv.page(p)
            srv.page(p)  # now cached
        assessed = len(table_rows(before[pages[0]], "Kết quả từng xã, phường"))
        stats = srv.hook("GET", "/__test/cache")
        answer = srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % aid)
        check(answer["ok"], "returning assessment %d: %r" % (aid, answer))
        dash = srv.page(pages[0])
        check("trong 68 xã, phường được đánh giá" in dash, "the dashboard still counts the returned assessment")
        status, _, _ = srv.get(pages[1])
        check(status == 404, "the commune's 2025 page should be gone: %d" % status)
        crit = srv.page(pages[3])
        check(crit != before[pages[3]], "the criterion page did not change")
        after = srv.hook("GET", "/__test/cache")
        # the other commune's page and the news list are still served from the cache
        srv.page(pages[2])
        srv.page(pages[4])
        last = srv.hook("GET", "/__test/cache")
        check(last["hits"] == after["hits"] + 2, "unrelated pages were dropped: %r -> %r" % (after, last))
        check(assessed == 69, "the list had %d communes" % assessed)
        # accepting it again brings everything back
        srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=submitted" % aid)
        srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=accepted" % aid)
        check(srv.page(pages[0]) == before[pages[0]], "accepted again, the dashboard is as it was")
        status, _, _ = srv.request("POST", "/__test/ntm-state?id=%d&trang-thai=draft" % aid)
        check(status == 400, "accepted -> draft must be refused: %d" % status)


def map_classes(html):
    """The map's legend {class: (name, count)}, its table's rows
    [(name, met, class, class name)] and its links' accessible names."""
    import re
    legend = {int(c): (name, int(n)) for c, name, n in re.findall(
        r'<li data-class="(\d)">.*?<span class="ntm-class-name">(.*?)</span>: <span class="ntm-class-count">(\d+)</span>',
        html)}
    m = re.search(r"<caption>Các xã, phường trên bản đồ</caption>.*?<tbody>(.*?)</tbody>", html, re.S)
    check(m, "the map has no table")
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]*">(.*?)</a></th><td>(.*?)</td><td data-class="(\d)">(.*?)</td>',
                      m.group(1))
    svg = re.search(r'<svg viewBox="0 0 \d+ \d+" role="group".*?</svg>', html, re.S)
    check(svg, "the map has no SVG")
    shapes = re.findall(r'<a href="/nong-thon-moi/xa/(\d+)\?nam=\d+" aria-label="([^"]*)"><title>[^<]*</title>'
                        r'<path d="M[-0-9 lz M]+" fill="url\(#ntm-p(\d)\)"></path></a>', svg.group(0))
    return legend, rows, shapes


@test
def ntm_map_draws_every_commune_by_class():
    from harness import Server
    path = demo_db()
    by_count, _ = province_counts(path, 2025)
    met = dict(db_rows(path, "SELECT u.full_name, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                             "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2025 "
                             "AND a.quarter = 0 AND a.state = 'accepted'"))
    with Server() as srv:
        status, headers, body = srv.get("/nong-thon-moi/ban-do?nam=2025")
        check(status == 200, "the map answered %d" % status)
        check(len(body) < 80 * 1024, "the map page weighs %d bytes" % len(body))
        html = body.decode("utf-8")
        legend, rows, shapes = map_classes(html)
        check(len(shapes) == 69, "the map links %d communes" % len(shapes))
        check(len(rows) == 69, "the table has %d rows" % len(rows))
        # each commune's class follows from its criteria met, and its name says it
        expect_class = lambda k: 0 if k is None else 4 if k >= 19 else 3 if k >= 15 else 2 if k >= 10 else 1
        for name, shown, cls, _ in rows:
            k = met.get(name)
            check(int(cls) == expect_class(k), "%s: %s criteria met, class %s" % (name, k, cls))
            check(shown == ("%d/19 tiêu chí" % k if k is not None else "chưa có kết quả"), "%s shows %r" % (name, shown))
        labels = {label for _, label, _ in shapes}
        some = next(iter(met))
        check("%s: %d/19 tiêu chí" % (some, met[some]) in labels, "no accessible name for %s" % some)
        by_class = {}
        for _, _, cls, _ in rows:
            by_class[int(cls)] = by_class.get(int(cls), 0) + 1
        check({c: n for c, (_, n) in legend.items() if n} == by_class, "legend %r, table %r" % (legend, by_class))
        check(legend[4][1] == by_count.get(19, 0), "communes meeting all 19: legend %r, database %r" % (legend[4], by_count))
        check(legend[4][0] == "Đạt đủ 19/19 tiêu chí", "legend names %r" % legend)
        # the shapes' classes agree with the table
        cls_of_code = {code: int(c) for code, _, c in shapes}
        check(sorted(cls_of_code.values()) == sorted(int(c) for _, _, c, _ in rows), "shape and table classes differ")
        # every class has its own pattern, defined once
        for c in range(5):
            check(html.count('<pattern id="ntm-p%d"' % c) == 1, "pattern %d" % c)
        # one criterion: its met/not met as in the database
        crit = db_rows(path, "SELECT c.id FROM ntm_criterion c JOIN ntm_set s ON s.id = c.set_id "
                             "WHERE s.code = 'QD318-2022' AND c.number = '8'")[0][0]
        states = db_rows(path, "SELECT r.state, count(*) FROM ntm_result r JOIN ntm_assessment a ON a.id = r.assessment_id "
                               "WHERE r.criterion_id = ? AND a.year = 2025 AND a.state = 'accepted' GROUP BY 1", crit)
        html = srv.page("/nong-thon-moi/ban-do?nam=2025&theo=tc-%d" % crit)
        legend, rows, shapes = map_classes(html)
        want = {{1: 4, 0: 1, -1: 2}[s]: n for s, n in states}
        got = {c: n for c, (_, n) in legend.items() if n and c}
        check(got == want, "criterion 8: legend %r, database %r" % (got, want))
        check('<option value="tc-%d" selected>' % crit in html, "the selector keeps the criterion")
        # against the plan: every class named, counts add up to 69
        html = srv.page("/nong-thon-moi/ban-do?nam=2026&theo=ke-hoach")
        legend, rows, shapes = map_classes(html)
        check(sum(n for _, n in legend.values()) == 69 and "Chậm tiến độ" in legend[1][0], "plan legend %r" % legend)
        # a commune meeting the set has met it, with or without an approved plan, unless a higher target
        # (nâng cao, kiểu mẫu, hiện đại) it has not been recognised for is due: then it is behind or at risk,
        # as its own page says
        now = vietnam_year_now()
        for y in (2024, 2025, 2026):
            plan, _, plan_shapes = map_classes(srv.page("/nong-thon-moi/ban-do?nam=%d&theo=ke-hoach" % y))
            count, _, count_shapes = map_classes(srv.page("/nong-thon-moi/ban-do?nam=%d" % y))
            higher_due = {code: (year, status) for code, year, status in db_rows(
                path, "SELECT u.code, min(h.target_year), h.status FROM ntm_unit u JOIN ntm_plan h ON h.unit_id = u.id "
                      "WHERE h.state = 'approved' AND h.status <> 'ntm' AND NOT coalesce((SELECT x.act <> 'thu_hoi' "
                      "FROM ntm_recognition x WHERE x.unit_id = u.id AND x.status = h.status AND x.year <= ? "
                      "ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0) GROUP BY u.code", y)}
            leaving = [code for code, _, cls in count_shapes if int(cls) == 4 and code in higher_due and
                       y >= higher_due[code][0] - 1]
            check(plan[4][1] == count[4][1] - len(leaving), "%d: the plan map has %d communes meeting the set, the "
                  "count map %d, of which %d have a higher target due" % (y, plan[4][1], count[4][1], len(leaving)))
            plan_class = {code: int(cls) for code, _, cls in plan_shapes}
            for code in leaving:
                due = higher_due[code][0]
                want = 1 if y > due or (y == due and y < now) else 2
                check(plan_class.get(code) == want, "%d: %s, %s due %d, is class %r on the plan map" %
                      (y, code, higher_due[code][1], due, plan_class.get(code)))
        # the dashboard has the small map, leading to the big one
        dash = srv.page("/nong-thon-moi/?nam=2025")
        check('href="/nong-thon-moi/ban-do?nam=2025"' in dash and '<pattern id="ntm-p4"' in dash, "the dashboard's map")
        for bad, said in (("?theo=x", "không có cách tô màu này"), ("?theo=tc-999999", "không có cách tô màu này"),
                          ("?nam=abc", "phải là một năm (?nam=2025")):
            status, _, body = srv.get("/nong-thon-moi/ban-do" + bad)
            check(status == 400 and said in body.decode(), "%s: %d, not saying what is wrong" % (bad, status))
        # 2024, before the merger of 01/07/2025: the map of today's units says
        # which communes of that year it cannot draw, and which it draws that
        # did not exist yet
        former = db_rows(srv.db, "SELECT count(*), sum(coalesce((SELECT a.unit_state = 1 FROM ntm_assessment a WHERE "
                                 "a.unit_id = u.id AND a.year = 2024 AND a.quarter = 0 AND a.state = 'accepted'), 0)) "
                                 "FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND "
                                 "u.valid_to IS NOT NULL AND u.valid_to >= '2024-12-31' AND u.valid_from <= '2024-12-31'")[0]
        later = db_rows(srv.db, "SELECT count(DISTINCT l.to_unit_id) FROM ntm_unit_lineage l JOIN ntm_unit_change c "
                                "ON c.id = l.change_id JOIN ntm_unit u ON u.id = l.to_unit_id JOIN ntm_unit p ON "
                                "p.id = u.parent_id WHERE p.code = '42' AND u.valid_to IS NULL AND c.effective > '2024-12-31'")[0][0]
        check(former[0] and later, "the demo has a merger after 2024: %r, %r" % (former, later))
        html = html_text(srv.page("/nong-thon-moi/ban-do?nam=2024"))
        check("không có %d xã, phường đã sáp nhập sau đó (%d trong số đó đạt chuẩn năm 2024)" % former in html and
              "%d xã, phường trên bản đồ được thành lập sau năm 2024" % later in html,
              "the 2024 map does not say what it cannot show (%r former, %d later)" % (former, later))
        check("đã sáp nhập sau đó" not in html_text(srv.page("/nong-thon-moi/ban-do?nam=2025")),
              "the 2025 map speaks of a merger")
        # the dashboard's small map says the same beside its legend
        html = html_text(srv.page("/nong-thon-moi/?nam=2024"))
        check("%d xã, phường trên bản đồ được thành lập sau năm 2024" % later in html,
              "the 2024 dashboard's map does not say which communes did not exist yet")


def xlsx_sheets(data):
    """{sheet name: {(column, row): value}} of an .xlsx, shared strings
    resolved, and the raw XML of each sheet."""
    import io
    import re
    import zipfile
    from xml.sax.saxutils import unescape
    z = zipfile.ZipFile(io.BytesIO(data))
    # constant-memory workbooks write their strings inline, without sharedStrings.xml
    ss = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    shared = [unescape(re.sub(r"<[^>]+>", "", si)) for si in re.findall(r"<si>(.*?)</si>", ss, re.S)]
    names = re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="rId(\d+)"/>', z.read("xl/workbook.xml").decode("utf-8"))
    sheets, raw = {}, {}
    for name, rid in names:
        xml = z.read("xl/worksheets/sheet%s.xml" % rid).decode("utf-8")
        cells = {}
        for col, row, attrs, body in re.findall(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', xml):
            v = re.search(r"<v>(.*?)</v>", body or "")
            if 't="inlineStr"' in attrs:
                cells[(col, int(row))] = unescape(re.sub(r"<[^>]+>", "", body or ""))
            elif v:
                cells[(col, int(row))] = shared[int(v.group(1))] if 't="s"' in attrs else float(v.group(1))
        sheets[unescape(name)] = cells
        raw[unescape(name)] = xml
    return sheets, raw, shared


def openpyxl_letter(col):
    from test_ntm_excel import openpyxl
    return openpyxl.utils.get_column_letter(col)


def printed_sheets(data):
    """The sheets of a public workbook, each checked to print whole on A4 as
    the office prints it (test_ntm_excel.print_problems, cut_cells): one page
    wide, landscape for a wide table, the column headings (row 2) on every
    page, the sentence above them merged over the table, no text cut."""
    import io
    from test_ntm_excel import cut_cells, openpyxl, orientation_problem, print_problems
    book = openpyxl.load_workbook(io.BytesIO(data))
    for ws in book.worksheets:
        check(not print_problems(ws, 2), "%s: %s" % (ws.title, print_problems(ws, 2)))
        check(not orientation_problem(ws), "%s: %s" % (ws.title, orientation_problem(ws)))
        check(not cut_cells(ws), "%s prints cut: %s" % (ws.title, cut_cells(ws)[:4]))
        title = [g for g in ws.merged_cells.ranges if g.min_row == 1 and g.min_col == 1]
        check(title and title[0].max_col == ws.max_column and ws["A1"].alignment.wrap_text,
              "%s: the sentence above the table is not merged over its %d columns" % (ws.title, ws.max_column))
    return book.worksheets


@test
def ntm_matrix_as_excel_and_csv_matches_the_database():
    from harness import Server
    path = demo_db()
    years = [y for (y,) in db_rows(path, "SELECT DISTINCT a.year FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                         "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.quarter = 0 "
                                         "AND a.state = 'accepted' ORDER BY 1")]
    with Server() as srv:
        status, headers, body = srv.get("/nong-thon-moi/ma-tran.xlsx")
        check(status == 200, "the workbook answered %d" % status)
        check(headers.get("content-type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "type %r" % headers.get("content-type"))
        check(headers.get("content-disposition", "").startswith("attachment;"), "disposition %r" % headers)
        sheets, raw, shared = xlsx_sheets(body)
        want = [n for y in years for n in ("Ma trận %d" % y, "Tổng hợp %d" % y)]
        check(list(sheets) == want, "sheets %r, want %r" % (list(sheets), want))
        for name, xml in raw.items():
            check('state="frozen"' in xml and "<autoFilter ref=" in xml, "%s: no frozen header or filter" % name)
        names = {n for (n,) in db_rows(path, "SELECT u.full_name FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                               "WHERE p.code = '42' AND u.valid_to IS NULL")}
        check("Phường Bắc Hồng Lĩnh" in shared and names & set(shared) == names, "communes' names in sharedStrings")
        for y in (2025, 2026):
            by_count, per_crit = province_counts(path, y)
            matrix, summary = sheets["Ma trận %d" % y], sheets["Tổng hợp %d" % y]
            check("phiên bản QD" in matrix[("A", 1)] and "Số liệu đến ngày" in matrix[("A", 1)],
                  "the header line: %r" % matrix[("A", 1)])
            check(matrix[("B", 2)] == "Xã, phường" and matrix[("C", 2)] == "Số tiêu chí đạt", "matrix header")
            rows = [r for (c, r) in matrix if c == "B" and r > 2]
            check(len(rows) == sum(by_count.values()), "%d: %d rows, %d accepted" % (y, len(rows), sum(by_count.values())))
            counts = {}
            for r in rows:
                k = int(matrix[("C", r)])
                counts[k] = counts.get(k, 0) + 1
            check(counts == by_count, "%d by count: %r, database %r" % (y, counts, by_count))
            # the criteria's numbers are numbers (Excel sorts "10" after "9"), and a last line says how many
            # met them all
            numbers = [summary[("A", r)] for (c, r) in summary if c == "A" and r > 2]
            check(all(isinstance(n, float) for n in numbers), "%d: criteria numbered as text: %r" % (y, numbers[:3]))
            shown = {"%d" % summary[("A", r)]: int(summary[("C", r)]) for (c, r) in summary if c == "A" and r > 2}
            check(shown == per_crit, "%d per criterion: %r, database %r" % (y, shown, per_crit))
            last = max(r for (c, r) in summary)
            check(summary.get(("B", last)) == "Số xã, phường đạt đủ các tiêu chí" and
                  int(summary[("C", last)]) == by_count.get(len(per_crit), 0),
                  "%d: the last line is %r" % (y, [summary.get((c, last)) for c in "ABCG"]))
            styles = raw["Tổng hợp %d" % y]
            check(re.search(r'<c r="H3" s="\d+"><v>0\.\d+|<c r="H3" s="\d+"><v>1</v>', styles), "the share has a format")
        printed_sheets(body)
        status, headers, one = srv.get("/nong-thon-moi/ma-tran.xlsx?nam=2025")
        check(status == 200 and list(xlsx_sheets(one)[0]) == ["Ma trận 2025", "Tổng hợp 2025"], "one year")
        status, _, body26 = srv.get("/nong-thon-moi/ma-tran.xlsx?nam=2026")
        matrix26 = printed_sheets(body26)[0]
        result = [c.value for c in matrix26[2]].index("Kết quả") + 1
        check("Chưa đạt đủ các tiêu chí" in [c.value for c in matrix26[openpyxl_letter(result)]],
              "2026: no commune short of the criteria to measure the column by")
        check('filename="nong-thon-moi-ma-tran-2025.xlsx"' in headers.get("content-disposition", ""), "its file name")
        for bad, code in (("?nam=x", 400), ("?nam=2019", 404), ("?nam=2031", 404)):
            status, _, _ = srv.get("/nong-thon-moi/ma-tran.xlsx" + bad)
            check(status == code, "xlsx %s: %d" % (bad, status))
        # 2024 is before the merger of 01/07/2025: its rows are the communes of
        # then (the former ones too), and add up to the year's counts
        for y in (2025, 2024):
            status, headers, body = srv.get("/nong-thon-moi/ma-tran.csv?nam=%d" % y)
            check(status == 200 and headers.get("content-type", "").startswith("text/csv"), "CSV %d" % status)
            text = body.decode("utf-8")
            check(text.startswith("\ufeff"), "the CSV starts with a BOM")
            rows = list(csv.reader(text[1:].splitlines()))
            by_count, per_crit = province_counts(path, y)
            check(rows[1][:3] == ["Mã đơn vị", "Xã, phường", "Số tiêu chí đạt"] and len(rows) == 2 + sum(by_count.values()),
                  "%d CSV rows: %d, assessed %d" % (y, len(rows), sum(by_count.values())))
            for n in ("1", "2", "19"):
                col = [i for i, h in enumerate(rows[1]) if h.startswith("TC %s." % n)][0]
                check(sum(1 for r in rows[2:] if r[col] == "Đạt") == per_crit[n],
                      "%d criterion %s in the CSV: %d, the summary %d" % (
                          y, n, sum(1 for r in rows[2:] if r[col] == "Đạt"), per_crit[n]))
            listed = re.findall(r'<tr><th scope="row"><a href="/nong-thon-moi/xa/(\d+)[^"]*">[^<]*</a></th><td>(\d+)/',
                                srv.page("/nong-thon-moi/?nam=%d" % y))
            check(set(c for c, _ in listed) == set(r[0] for r in rows[2:]),
                  "%d: the dashboard lists %d communes with a result, the CSV %d" % (y, len(set(listed)), len(rows) - 2))
            # the line above the header says how many of the year's units are left out
            import json
            units = len(json.loads(srv.get("/api/v1/ntm/donvi?nam=%d" % y)[2])["don_vi"])
            missing = units - (len(rows) - 2)
            check(missing == 0 and "không có trong bảng" not in rows[0][0] or rows[0][0].endswith(" %d trong %d xã, phường của năm chưa có kết quả được chấp nhận "
                                                        "nên không có trong bảng." % (missing, units)),
                  "%d: the CSV's first line %r (%d of %d left out)" % (y, rows[0][0][-120:], missing, units))
        dash = srv.page("/nong-thon-moi/?nam=2025")
        check('href="/nong-thon-moi/ma-tran.xlsx?nam=2025"' in dash, "the dashboard links the workbook")
        # 2026: some communes have no accepted result yet; the file says how many it leaves out
        rows = list(csv.reader(srv.get("/nong-thon-moi/ma-tran.csv?nam=2026")[2].decode("utf-8")[1:].splitlines()))
        units = len(json.loads(srv.get("/api/v1/ntm/donvi?nam=2026")[2])["don_vi"])
        missing = units - (len(rows) - 2)
        check(missing > 0 and rows[0][0].endswith(" %d trong %d xã, phường của năm chưa có kết quả được chấp nhận "
                                                    "nên không có trong bảng." % (missing, units)),
              "2026: the CSV's first line %r (%d of %d left out)" % (rows[0][0][-120:], missing, units))


@test
def ntm_csv_cells_never_start_a_formula():
    """A name that begins like a spreadsheet formula reaches the CSV with an
    apostrophe before it, so that Excel shows it as text instead of
    running it; negative numbers and ordinary names are left as they are."""
    path = fresh_db("csv-formula.db")
    db = sqlite3.connect(path)
    (code,), (second,) = db.execute("SELECT u.code FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                    "WHERE a.year = 2025 AND a.quarter = 0 AND a.state = 'accepted' ORDER BY u.code "
                                    "LIMIT 2").fetchall()
    db.execute("UPDATE ntm_unit SET full_name = '=HYPERLINK(\"http://x.invalid\",\"Xã, bấm\")' WHERE code = ?", (code,))
    # a minus then a digit is a number only when nothing but a number follows
    db.execute("UPDATE ntm_unit SET full_name = '-1-NOW()' WHERE code = ?", (second,))
    db.commit()
    db.close()
    with Server(db=path) as srv:
        status, _, body = srv.get("/nong-thon-moi/ma-tran.csv?nam=2025")
        rows = list(csv.reader(body.decode("utf-8")[1:].splitlines()))
        mine = [r for r in rows if r and r[0] == code]
        check(status == 200 and mine and mine[0][1] == "'=HYPERLINK(\"http://x.invalid\",\"Xã, bấm\")",
              "the row of %s: %r" % (code, mine[:1]))
        theirs = [r for r in rows if r and r[0] == second]
        check(theirs and theirs[0][1] == "'-1-NOW()", "the row of %s: %r" % (second, theirs[:1]))
        others = [r[1] for r in rows[2:] if r[0] not in (code, second)]
        check(others and not any(n.startswith("'") for n in others), "ordinary names changed: %r" % others[:3])


@test
def ntm_json_api_answers_with_version_date_and_the_database_counts():
    import json
    from harness import Server
    with Server() as srv:
        path = srv.db

        def get(url, want=200):
            status, headers, body = srv.get(url)
            check(status == want, "%s answered %d" % (url, status))
            check(headers.get("content-type", "").startswith("application/json"), "%s type %r" % (url, headers))
            return json.loads(body)

        last_accept = db_rows(path, "SELECT max(coalesce(accepted_at, updated_at)) FROM ntm_assessment a "
                                    "JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
                                    "WHERE p.code = '42' AND a.year = 2025 AND a.state = 'accepted' AND a.quarter = 0")[0][0]
        import datetime
        want_date = datetime.datetime.fromtimestamp(last_accept + 7 * 3600, datetime.timezone.utc).strftime("%Y-%m-%d")
        summary = get("/api/v1/ntm/tong-hop?nam=2025")
        by_count, per_crit = province_counts(path, 2025)
        check(summary["nam"] == 2025 and summary["phien_ban_bo_tieu_chi"] == "QD318-2022", "version %r" % summary)
        check(summary["ngay_so_lieu"] == want_date, "data date %r, want %s" % (summary["ngay_so_lieu"], want_date))
        check({x["so_tieu_chi_dat"]: x["so_xa"] for x in summary["theo_so_tieu_chi_dat"] if x["so_xa"]} == by_count,
              "by count %r" % summary["theo_so_tieu_chi_dat"])
        check({x["so"]: x["dat"] for x in summary["theo_tieu_chi"]} == per_crit, "per criterion")
        check(summary["so_duoc_danh_gia"] == sum(by_count.values()) and summary["so_don_vi"] == 69, "totals")
        latest = get("/api/v1/ntm/tong-hop")
        check(latest["nam"] == 2026 and latest["phien_ban_bo_tieu_chi"] == "QD51-2025", "latest %r" % latest["nam"])

        units = get("/api/v1/ntm/donvi?nam=2025")
        check(len(units["don_vi"]) == 69 and units["phien_ban_bo_tieu_chi"] == "QD318-2022" and units["ngay_so_lieu"],
              "units %d" % len(units["don_vi"]))
        met = dict(db_rows(path, "SELECT u.code, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                 "WHERE a.year = 2025 AND a.quarter = 0 AND a.state = 'accepted'"))
        check(all(u["so_tieu_chi_dat"] == met.get(u["ma"]) for u in units["don_vi"]), "units' criteria met")
        check(any(u["ten"] == "Phường Bắc Hồng Lĩnh" for u in units["don_vi"]), "Vietnamese names")
        # each commune's page as a whole address on the site's base URL, which answers
        from harness import BASE_URL
        pages = [u["trang"] for u in units["don_vi"]]
        check(all(p == BASE_URL + "/nong-thon-moi/xa/" + u["ma"] for p, u in zip(pages, units["don_vi"])), "pages %r" % pages[:2])
        check(srv.get(pages[0][len(BASE_URL):])[0] == 200, "the first commune's page answers")

        sets = get("/api/v1/ntm/bo-tieu-chi")
        codes = [s["ma"] for s in sets["cac_bo"]]
        check(codes == [c for (c,) in db_rows(path, "SELECT code FROM ntm_set ORDER BY year_from, code")], "sets %r" % codes)
        qd318 = next(s for s in sets["cac_bo"] if s["ma"] == "QD318-2022")
        check(len(qd318["tieu_chi"]) == 19 and sets["phien_ban_bo_tieu_chi"] and sets["ngay_so_lieu"], "QĐ 318's criteria")
        n_ind = db_rows(path, "SELECT count(*) FROM ntm_indicator i JOIN ntm_criterion c ON c.id = i.criterion_id "
                              "JOIN ntm_set s ON s.id = c.set_id WHERE s.code = 'QD318-2022'")[0][0]
        check(sum(len(c["chi_tieu"]) for c in qd318["tieu_chi"]) == n_ind, "QĐ 318's indicators")

        unit = get("/api/v1/ntm/xa/18406?nam=2025")
        rows = db_rows(path, "SELECT c.number, r.state FROM ntm_result r JOIN ntm_criterion c ON c.id = r.criterion_id "
                             "JOIN ntm_assessment a ON a.id = r.assessment_id JOIN ntm_unit u ON u.id = a.unit_id "
                             "WHERE u.code = '18406' AND a.year = 2025 AND a.state = 'accepted' ORDER BY c.sort")
        names = {1: "dat", 0: "khong_dat", -1: "chua_xac_dinh"}
        check([(c["so"], c["ket_qua"]) for c in unit["tieu_chi"]] == [(n, names[s]) for n, s in rows], "18406's criteria")
        check(unit["don_vi"]["trang"] == BASE_URL + "/nong-thon-moi/xa/18406", "18406's page %r" % unit["don_vi"]["trang"])
        check(unit["don_vi"]["ten"] == "Xã Can Lộc" and unit["phien_ban_bo_tieu_chi"] == "QD318-2022"
              and unit["ngay_so_lieu"], "18406's head %r" % unit["don_vi"])

        for url, status in (("/api/v1/ntm/tong-hop?nam=x", 400), ("/api/v1/ntm/tong-hop?nam=2019", 404),
                            ("/api/v1/ntm/xa/abc", 404), ("/api/v1/ntm/xa/99999", 404),
                            ("/api/v1/ntm/xa/18406?nam=2019", 404), ("/api/v1/ntm/xa/18406?nam=1999", 400), ("/api/v1/ntm/donvi?nam=20255", 400),
                            ("/api/v1/ntm/bo-tieu-chi?nam=2025", 400)):
            answer = get(url, status)
            # the same shape as every other error under /api/: the sentence, and the status as an object
            check(set(answer) == {"loi", "error"} and answer["loi"] and answer["error"]["status"] == status and
                  answer["error"]["message"] == answer["loi"], "%s: %r" % (url, answer))

        # cached, and dropped by a write to what it shows
        aid = db_rows(path, "SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                            "WHERE u.code = '18406' AND a.year = 2025 AND a.state = 'accepted'")[0][0]
        get("/api/v1/ntm/tong-hop?nam=2025")
        before = srv.hook("GET", "/__test/cache")
        get("/api/v1/ntm/tong-hop?nam=2025")
        get("/api/v1/ntm/xa/18406?nam=2025")
        after = srv.hook("GET", "/__test/cache")
        check(after["hits"] == before["hits"] + 2, "the answers were not cached: %r -> %r" % (before, after))
        check(srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % aid)["ok"], "returning 18406's 2025")
        again = get("/api/v1/ntm/tong-hop?nam=2025")
        check(again["so_duoc_danh_gia"] == summary["so_duoc_danh_gia"] - 1, "the summary still counts 18406")
        get("/api/v1/ntm/xa/18406?nam=2025", 404)


@test
def ntm_home_page_block_leads_to_the_monitor_and_follows_writes():
    from harness import Server
    with Server() as srv:
        path = srv.db
        met, assessed = db_rows(path, "SELECT sum(a.unit_state = 1), count(*) FROM ntm_assessment a "
                                      "JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
                                      "WHERE p.code = '42' AND a.year = 2026 AND a.quarter = 0 AND a.state = 'accepted'")[0]
        home = srv.page("/")
        want = "%d/69 xã, phường đạt đủ 10 tiêu chí nông thôn mới năm 2026" % met
        check(want in home, "the home page should say %r" % want)
        check('href="/nong-thon-moi/?nam=2026"' in home and 'href="/nong-thon-moi/ban-do?nam=2026"' in home,
              "the block links the dashboard and the map")
        check("%d xã, phường có kết quả đánh giá được chấp nhận" % assessed in home, "the block's detail")
        srv.page("/")  # cached now
        aid = db_rows(path, "SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                            "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2026 "
                            "AND a.quarter = 0 AND a.state = 'accepted' AND a.unit_state = 1 LIMIT 1")[0][0]
        check(srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % aid)["ok"], "returning %d" % aid)
        home = srv.page("/")
        check("%d/69 xã, phường đạt đủ 10 tiêu chí nông thôn mới năm 2026" % (met - 1) in home,
              "the home page did not follow the write")


@test
def ntm_home_block_rendered_without_the_cache_follows_every_write():
    """Without the page cache the block is kept per thread while the database
    is unchanged: a write through the server and one by another process
    both show on the next render."""
    import sqlite3
    from harness import Server
    with Server(args=["--no-cache"], threads=1) as srv:
        path = srv.db
        sql = ("SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p "
               "ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2026 AND a.quarter = 0 "
               "AND a.state = 'accepted' AND a.unit_state = 1 ORDER BY a.id")
        met = len(db_rows(path, sql))
        line = "%d/69 xã, phường đạt đủ 10 tiêu chí nông thôn mới năm 2026"
        for _ in range(3):
            check(line % met in srv.page("/"), "the home page should say %r" % (line % met))
        first, second = [r[0] for r in db_rows(path, sql)[:2]]
        check(srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % first)["ok"], "returning %d" % first)
        check(line % (met - 1) in srv.page("/"), "the block did not follow a write through the server")
        con = sqlite3.connect(path, timeout=10)  # another process's write, as `dinh` run beside the server would
        with con:
            con.execute("UPDATE ntm_assessment SET state = 'returned' WHERE id = ?", (second,))
        con.close()
        check(line % (met - 2) in srv.page("/"), "the block did not follow another process's write")


def vn_number(n):
    """An integer the Vietnamese way: 12.345."""
    return "{:,}".format(int(n)).replace(",", ".")


@test
def ntm_a_year_with_only_quarterly_reports_leads_to_them():
    """A commune whose year has no accepted annual result yet, but accepted
    quarterly reports, is not shown as having nothing: the dashboard names
    its latest quarter and links to that year's page, which shows it, and
    the page's plan table judges the criteria by it."""
    from harness import Server
    path = demo_db()
    year = vietnam_year_now()
    rows = db_rows(path, "SELECT u.code, max(q.quarter) FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                         "JOIN ntm_assessment q ON q.unit_id = u.id AND q.year = ? AND q.quarter > 0 "
                         "AND q.state = 'accepted' WHERE p.code = '42' AND u.valid_to IS NULL AND NOT EXISTS "
                         "(SELECT 1 FROM ntm_assessment a WHERE a.unit_id = u.id AND a.year = ? AND a.quarter = 0 "
                         "AND a.state = 'accepted') GROUP BY u.code", year, year)
    check(rows, "the demo has no commune with only quarterly reports in %d" % year)
    with Server(path) as srv:
        dash = srv.page("/nong-thon-moi/?nam=%d" % year)
        table = re.search(r"<caption>Kết quả từng xã, phường</caption>.*?</table>", dash, re.S)
        check(table, "the dashboard has no table of communes")
        for code, quarter in rows:
            m = re.search(r'<a href="/nong-thon-moi/xa/%s(\?nam=%d)?">[^<]*</a></th><td>[^<]*</td><td>([^<]*)</td>' %
                          (code, year), table.group(0))
            check(m and m.group(1) and "báo cáo quý %d:" % quarter in m.group(2),
                  "%s: the dashboard row %r" % (code, m and m.group(0)))
            page = srv.page("/nong-thon-moi/xa/%s?nam=%d" % (code, year))
            check("quý %d năm %d" % (quarter, year) in page, "%s: its page does not show quarter %d" % (code, quarter))
            planned = db_rows(path, "SELECT count(*) FROM ntm_plan_criterion WHERE unit_id = (SELECT id FROM ntm_unit "
                                    "WHERE code = ?) AND state = 'approved'", code)[0][0]
            if planned:
                check("Chưa có kết quả đánh giá" not in page, "%s: its plan table ignores the quarter" % code)
        # the list of communes behind plan and the map by plan judge them by that quarter too
        behind = re.search(r"<caption>Các xã chậm tiến độ</caption>.*?</table>", dash, re.S)
        quarters = dict(rows)
        for code, cell in re.findall(r'<a href="/nong-thon-moi/xa/(\d+)(?:\?nam=\d+)?">[^<]*</a></th><td>([^<]*)</td>',
                                     behind.group(0) if behind else ""):
            if code in quarters:
                check(cell == "quý %d: " % quarters[code] + cell.split(": ", 1)[-1] and
                      'href="/nong-thon-moi/xa/%s?nam=%d"' % (code, year) in behind.group(0),
                      "%s behind: %r, or its link has no year" % (code, cell))
        _, _, shapes = map_classes(srv.page("/nong-thon-moi/ban-do?nam=%d&theo=ke-hoach" % year))
        plan_class = {c: int(k) for c, _, k in shapes}
        for code, _ in rows:
            has_plan = db_rows(path, "SELECT count(*) FROM ntm_plan WHERE unit_id = (SELECT id FROM ntm_unit WHERE "
                                     "code = ?) AND state = 'approved' AND status = 'ntm'", code)[0][0]
            if has_plan:
                check(plan_class.get(code, 0) != 0, "%s: the map by plan says it has no result" % code)


def vietnam_year_now():
    """The year running now in Vietnam (UTC+7), as the server's clock has it."""
    import time
    return time.gmtime(time.time() + 7 * 3600).tm_year


def plan_state(due, year, state, year_now=None):
    """src/ntm/assess.c's ntm_plan_state, by its contract."""
    year_now = vietnam_year_now() if year_now is None else year_now
    if state == 1:
        return "Đúng tiến độ"
    if state == -1:
        return "Có nguy cơ chậm" if year >= due else "Đúng tiến độ"
    if year > due or (year == due and year < year_now):
        return "Chậm tiến độ"
    return "Có nguy cơ chậm" if year >= due - 1 else "Đúng tiến độ"


def all_rows(html, caption):
    """Every row of the table with `caption`: [th, td, td...] without tags."""
    m = re.search(r"<caption>%s</caption>.*?<tbody>(.*?)</tbody>" % re.escape(caption), html, re.S)
    check(m, "no table %r" % caption)
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S):
        out.append([re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    return out


@test
def ntm_commune_page_shows_plan_sponsors_models_and_funds():
    from harness import Server
    path = demo_db()
    targets = {"ntm": "Đạt chuẩn nông thôn mới", "nang_cao": "Đạt chuẩn nông thôn mới nâng cao",
               "kieu_mau": "Đạt chuẩn nông thôn mới kiểu mẫu", "hien_dai": "Đạt chuẩn nông thôn mới hiện đại"}
    approved = db_rows(path, "SELECT u.code FROM ntm_plan pl JOIN ntm_unit u ON u.id = pl.unit_id "
                             "WHERE pl.state = 'approved' AND pl.status = 'ntm' AND EXISTS (SELECT 1 FROM ntm_assessment a "
                             "WHERE a.unit_id = u.id AND a.year = 2026 AND a.quarter = 0 AND a.state = 'accepted') ORDER BY u.code LIMIT 3")
    draft = db_rows(path, "SELECT u.code FROM ntm_plan pl JOIN ntm_unit u ON u.id = pl.unit_id "
                          "WHERE pl.state = 'draft' AND u.valid_to IS NULL LIMIT 1")
    check(approved and draft, "the demo holds approved and draft plans")
    with Server() as srv:
        for (code,) in approved:
            for year in (2025, 2026):
                page = srv.page("/nong-thon-moi/xa/%s?nam=%d" % (code, year))
                # plan by status; ntm's state from the year's accepted assessment
                rows = db_rows(path, "SELECT pl.status, pl.target_year, (SELECT a.unit_state FROM ntm_assessment a "
                                     "WHERE a.unit_id = u.id AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted' "
                                     "ORDER BY a.set_id DESC LIMIT 1), (SELECT x.act <> 'thu_hoi' FROM ntm_recognition x "
                                     "WHERE x.unit_id = u.id AND x.status = pl.status AND x.year <= ? "
                                     "ORDER BY x.decided_on DESC, x.id DESC LIMIT 1) "
                                     "FROM ntm_plan pl JOIN ntm_unit u ON u.id = pl.unit_id WHERE u.code = ? "
                                     "AND pl.state = 'approved'", year, year, code)
                expected = set()
                for status, due, unit_state, recognised in rows:
                    # a standing decision meets the plan, whatever a later assessment says
                    state = (1 if recognised else unit_state) if status == "ntm" else (recognised or 0)
                    shown = "Chưa có kết quả đánh giá" if state is None else plan_state(due, year, state)
                    expected.add((targets[status], str(due), shown))
                shown = {tuple(r) for r in all_rows(page, "Năm phấn đấu đạt chuẩn theo kế hoạch")}
                check(shown == expected, "%s %d plan: page %r, database %r" % (code, year, shown, expected))
                # per criterion: the latest accepted state up to the year
                rows = db_rows(path, "SELECT c.number, pc.target_year, (SELECT r.state FROM ntm_result r JOIN ntm_assessment a "
                                     "ON a.id = r.assessment_id WHERE r.criterion_id = c.id AND a.unit_id = u.id "
                                     "AND a.year <= ? AND a.quarter = 0 AND a.state = 'accepted' ORDER BY a.year DESC LIMIT 1) "
                                     "FROM ntm_plan_criterion pc JOIN ntm_criterion c ON c.id = pc.criterion_id "
                                     "JOIN ntm_unit u ON u.id = pc.unit_id WHERE u.code = ? AND pc.state = 'approved' "
                                     "ORDER BY c.sort", year, code)
                shown = [(r[0].split(".")[0].replace("Tiêu chí ", ""), r[1], r[2])
                         for r in all_rows(page, "Năm phấn đấu đạt từng tiêu chí")]
                expected = [(n, str(due), "Chưa có kết quả đánh giá" if s is None else plan_state(due, year, s))
                            for n, due, s in rows]
                check(shown == expected, "%s %d criteria plan: page %r, database %r" % (code, year, shown, expected))
                if year == 2026:
                    check(any(s != "Chưa có kết quả đánh giá" for _, _, s in shown), "2026 states are computed")
            # sponsors and their tasks
            sponsors = db_rows(path, "SELECT s.name, count(t.id) FROM ntm_sponsorship sp JOIN ntm_sponsor s ON s.id = sp.sponsor_id "
                                     "JOIN ntm_unit u ON u.id = sp.unit_id LEFT JOIN ntm_sponsor_task t ON t.sponsorship_id = sp.id "
                                     "WHERE u.code = ? GROUP BY sp.id", code)
            check(sponsors, "%s has a sponsor" % code)
            names = {"planned": "Chưa thực hiện", "doing": "Đang thực hiện", "done": "Đã hoàn thành", "dropped": "Không thực hiện"}
            for name, n in sponsors:
                rows = all_rows(page, "Nhiệm vụ cam kết của %s" % name.replace("&", "&amp;"))
                tasks = db_rows(path, "SELECT t.title, t.amount, t.due_year, t.state FROM ntm_sponsor_task t "
                                      "JOIN ntm_sponsorship sp ON sp.id = t.sponsorship_id JOIN ntm_sponsor s ON s.id = sp.sponsor_id "
                                      "JOIN ntm_unit u ON u.id = sp.unit_id WHERE u.code = ? AND s.name = ? "
                                      "ORDER BY coalesce(t.due_year, 9999), t.id", code, name)
                # the page is 2026's: a task still open after the year it was due says so
                late = lambda s, d: ", quá hạn (hạn năm %d)" % d if s in ("planned", "doing") and d and d < year else ""
                expected = [[t, "—" if a is None else vn_number(round(a)), str(d) if d else "—", names[s] + late(s, d)]
                            for t, a, d, s in tasks]
                check(rows == expected, "%s tasks: page %r, database %r" % (code, rows, expected))
            # models
            models = db_rows(path, "SELECT m.kind, m.state, m.year FROM ntm_model m JOIN ntm_unit u ON u.id = m.unit_id "
                                   "WHERE u.code = ?", code)
            if models:
                rows = all_rows(page, "Khu dân cư kiểu mẫu và vườn mẫu")
                check(len(rows) == len(models), "%s models: %d shown, %d stored" % (code, len(rows), len(models)))
                areas = sum(1 for k, _, _ in models if k == "khu_dan_cu")
                areas_done = sum(1 for k, s, _ in models if k == "khu_dan_cu" and s == "recognised")
                gardens = len(models) - areas
                gardens_done = sum(1 for k, s, _ in models if k == "vuon" and s == "recognised")
                check("%d khu dân cư kiểu mẫu (%d đã được công nhận), %d vườn mẫu (%d đã được công nhận)."
                      % (areas, areas_done, gardens, gardens_done) in page, "%s models summary" % code)
                years = sorted(r[3] for r in rows if r[3] != "—")
                check(years == sorted(str(y) for _, _, y in models if y), "%s model years" % code)
            # funds up to the year shown (2026, the last page read), by year, with totals
            funds = db_rows(path, "SELECT f.year, sum(f.amount), sum(CASE f.source WHEN 'ngan_sach_tw' THEN f.amount END) "
                                  "FROM ntm_fund f JOIN ntm_unit u ON u.id = f.unit_id WHERE u.code = ? AND f.year <= 2026 "
                                  "GROUP BY f.year ORDER BY f.year", code)
            rows = all_rows(page, "Kinh phí huy động theo năm và nguồn (triệu đồng)")
            check([(r[0], r[1], r[-1]) for r in rows] == [(str(y), vn_number(round(tw)), vn_number(round(t))) for y, t, tw in funds],
                  "%s funds: page %r, database %r" % (code, rows, funds))
            check(any("." in r[-1] for r in rows), "thousands are grouped with a dot")
        # a draft plan never shows
        (code,) = draft[0]
        page = srv.page("/nong-thon-moi/xa/%s" % code)
        check("Năm phấn đấu đạt chuẩn theo kế hoạch" not in page and "Năm phấn đấu đạt từng tiêu chí" not in page,
              "%s: a draft plan is shown" % code)


@test
def a_target_due_in_a_year_that_is_over_and_not_met_is_behind_plan():
    """A commune whose approved plan is due in 2025 and whose accepted 2025
    result does not meet it is "Chậm tiến độ" once 2025 is over: on the
    2025 dashboard's list, its page and the plan map; one due in the year
    still running is "Có nguy cơ chậm" until that year ends."""
    import calendar
    import time
    from harness import Server
    path = fresh_db("plan-over.db")
    late, running = "18328", "18352"  # accepted 2025 and 2026 results not meeting the set, no recognition
    db = sqlite3.connect(path)
    for code, due in ((late, 2025), (running, 2026)):
        db.execute("INSERT INTO ntm_plan(unit_id, status, target_year, state) SELECT id, 'ntm', ?, 'approved' "
                   "FROM ntm_unit WHERE code = ? ON CONFLICT(unit_id, status) DO UPDATE SET "
                   "target_year = excluded.target_year, state = 'approved'", (due, code))
    db.commit()
    db.close()
    for code, year in ((late, 2025), (running, 2026)):
        check(db_rows(path, "SELECT a.unit_state FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id WHERE "
                            "u.code = ? AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted'", code, year) == [(0,)],
              "the demo's %s no longer falls short in %d" % (code, year))
        check(not db_rows(path, "SELECT 1 FROM ntm_recognition x JOIN ntm_unit u ON u.id = x.unit_id "
                                "WHERE u.code = ? AND x.status = 'ntm'", code), "%s is recognised" % code)

    def clock_at(y, m, d):
        """DINH_CLOCK_OFFSET putting the server's clock at noon, Vietnam time, on that day."""
        return {"DINH_CLOCK_OFFSET": str(calendar.timegm((y, m, d, 5, 0, 0)) - int(time.time()))}

    def plan_of(page):
        return {r[0]: r[2] for r in all_rows(page, "Năm phấn đấu đạt chuẩn theo kế hoạch")}

    def behind_list(page, year):
        m = re.search(r"<caption>Các xã chậm tiến độ</caption>.*?</table>", page, re.S)
        return set(re.findall(r'href="/nong-thon-moi/xa/(\d+)\?nam=%d"' % year, m.group(0))) if m else set()

    def map_class(page, code):
        _, _, shapes = map_classes(page)
        return {c: int(k) for c, _, k in shapes}.get(code)

    with Server(db=path, env=clock_at(2026, 6, 15)) as srv:
        # 2025 is over: due then, not met then
        check(late in behind_list(srv.page("/nong-thon-moi/?nam=2025"), 2025),
              "%s is not in the 2025 list of communes behind plan" % late)
        shown = plan_of(srv.page("/nong-thon-moi/xa/%s?nam=2025" % late))
        check(shown.get("Đạt chuẩn nông thôn mới") == "Chậm tiến độ", "%s 2025 plan: %r" % (late, shown))
        check(map_class(srv.page("/nong-thon-moi/ban-do?nam=2025&theo=ke-hoach"), late) == 1,
              "%s is not drawn behind plan on the 2025 map" % late)
        # 2026 still runs: at risk, not behind
        dash = srv.page("/nong-thon-moi/?nam=2026")
        check(running not in behind_list(dash, 2026), "%s is behind while its year runs" % running)
        shown = plan_of(srv.page("/nong-thon-moi/xa/%s?nam=2026" % running))
        check(shown.get("Đạt chuẩn nông thôn mới") == "Có nguy cơ chậm", "%s 2026 plan: %r" % (running, shown))
        check(map_class(srv.page("/nong-thon-moi/ban-do?nam=2026&theo=ke-hoach"), running) == 2,
              "%s is not drawn at risk on the 2026 map" % running)
    with Server(db=path, env=clock_at(2027, 1, 2)) as srv:
        # once 2026 is over, its result not meeting the plan is behind
        check(running in behind_list(srv.page("/nong-thon-moi/?nam=2026"), 2026),
              "%s is not behind once 2026 is over" % running)
        shown = plan_of(srv.page("/nong-thon-moi/xa/%s?nam=2026" % running))
        check(shown.get("Đạt chuẩn nông thôn mới") == "Chậm tiến độ", "%s 2026 plan in 2027: %r" % (running, shown))


@test
def ntm_dashboard_shows_recognitions_behind_plan_funds_and_models():
    from harness import Server
    path = demo_db()
    province = "(SELECT u.id FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42')"
    sources = {"ngan_sach_tw": "Ngân sách trung ương", "ngan_sach_dp": "Ngân sách địa phương", "tin_dung": "Vốn tín dụng",
               "doanh_nghiep": "Doanh nghiệp", "cong_dong": "Cộng đồng dân cư", "khac": "Nguồn khác"}
    with Server() as srv:
        for year in (2025, 2026):
            html = srv.page("/nong-thon-moi/?nam=%d" % year)
            # recognitions by year
            rows = db_rows(path, "SELECT year, count(DISTINCT CASE status WHEN 'ntm' THEN unit_id END), "
                                 "count(DISTINCT CASE status WHEN 'nang_cao' THEN unit_id END), "
                                 "count(DISTINCT CASE status WHEN 'kieu_mau' THEN unit_id END) FROM ntm_recognition "
                                 "WHERE unit_id IN " + province + " AND act <> 'thu_hoi' AND year <= ? GROUP BY year ORDER BY year", year)
            check(rows, "the demo has recognitions")
            shown = all_rows(html, "Số xã được công nhận theo năm")
            check(shown == [[str(y), vn_number(a), vn_number(b), vn_number(c)] for y, a, b, c in rows],
                  "%d recognitions: page %r, database %r" % (year, shown, rows))
            check('href="/nong-thon-moi/cong-nhan.csv?nam=%d"' % year in html, "the recognitions' CSV link")
            # communes behind plan: an approved plan, an accepted result not met, after the plan's year
            # (or in it, once it is over), and no decision recognising it as NTM by then (a plan met by a decision is met, even if
            # the commune falls short of a newer, stricter set later)
            standing = ("coalesce((SELECT x.act <> 'thu_hoi' FROM ntm_recognition x WHERE x.unit_id = u.id "
                        "AND x.status = 'ntm' AND x.year <= ? ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0)")
            unmet = ("SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                     "JOIN ntm_plan pl ON pl.unit_id = u.id AND pl.status = 'ntm' AND pl.state = 'approved' "
                     "JOIN ntm_assessment a ON a.unit_id = u.id AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted' "
                     "WHERE p.code = '42' AND u.valid_to IS NULL AND a.unit_state = 0 AND (? > pl.target_year OR "
                     "(? = pl.target_year AND ? < ?)) AND ")
            now = vietnam_year_now()
            behind = db_rows(path, unmet + "NOT " + standing, year, year, year, year, now, year)
            # ... or a higher target (nâng cao, kiểu mẫu, hiện đại) approved and over, with no decision for it
            higher = db_rows(path, "SELECT DISTINCT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                   "JOIN ntm_plan h ON h.unit_id = u.id AND h.state = 'approved' AND h.status <> 'ntm' "
                                   "WHERE p.code = '42' AND u.valid_to IS NULL AND (? > h.target_year OR "
                                   "(? = h.target_year AND ? < ?)) AND NOT coalesce((SELECT x.act <> 'thu_hoi' FROM "
                                   "ntm_recognition x WHERE x.unit_id = u.id AND x.status = h.status AND x.year <= ? "
                                   "ORDER BY x.decided_on DESC, x.id DESC LIMIT 1), 0)", year, year, year, now, year)
            behind = sorted(set(behind) | set(higher))
            met_by_decision = db_rows(path, unmet + standing, year, year, year, year, now, year)
            for (code,) in met_by_decision:
                unit = srv.page("/nong-thon-moi/xa/%s?nam=%d" % (code, year))
                check("Chậm tiến độ" not in unit, "%d: %s, recognised by a decision, is called behind plan" % (year, code))
            if year == 2026:
                check(met_by_decision, "the demo has no recognised commune short of the newer set")
            if behind:
                m = re.search(r"<caption>Các xã chậm tiến độ</caption>.*?</table>", html, re.S)
                check(m, "%d: the list of communes behind plan" % year)
                links = sorted(re.findall(r'href="/nong-thon-moi/xa/(\d+)(?:\?nam=%d)?"' % year, m.group(0)))
                check(links == sorted(c for (c,) in behind), "%d behind: page %r, database %r" % (year, links, behind))
            else:
                check("Không có xã nào chậm tiến độ" in html, "%d: no commune behind" % year)
            # funds by source
            funds = db_rows(path, "SELECT source, sum(amount) FROM ntm_fund WHERE unit_id IN " + province +
                                  " AND year = ? GROUP BY source HAVING sum(amount) > 0", year)
            shown = {r[0]: r[1] for r in all_rows(html, "Kinh phí huy động theo nguồn (triệu đồng)")}
            check(shown == {sources[s]: vn_number(round(a)) for s, a in funds}, "%d funds: page %r, database %r" % (year, shown, funds))
            check(html.count('class="bar"><title>') >= len(funds), "a bar per source")
            check('href="/nong-thon-moi/nguon-luc.csv?nam=%d"' % year in html, "the funds' CSV link")
            status, headers, body = srv.get("/nong-thon-moi/nguon-luc.csv?nam=%d" % year)
            text = body.decode("utf-8")
            check(status == 200 and text.startswith("\ufeff"), "funds CSV: %d" % status)
            rows = list(csv.reader(text[1:].splitlines()))[1:]
            check({r[2]: int(r[3]) for r in rows} == {sources[s]: round(a) for s, a in funds}, "funds CSV %r" % rows)
            # models
            # models as they stood at the end of the year (their history; see models_at)
            every = [m for (c,) in db_rows(path, "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                                 "WHERE p.code = '42' AND u.valid_to IS NULL")
                     for m in models_at(path, c, year)]
            counts = (sum(1 for m in every if m[0] == "khu_dan_cu" and m[1] == "recognised"),
                      sum(1 for m in every if m[0] == "khu_dan_cu"),
                      sum(1 for m in every if m[0] == "vuon" and m[1] == "recognised"),
                      sum(1 for m in every if m[0] == "vuon"))
            shown = all_rows(html, "Khu dân cư kiểu mẫu và vườn mẫu")
            check(shown == [["Khu dân cư kiểu mẫu", vn_number(counts[0]), vn_number(counts[1])],
                            ["Vườn mẫu", vn_number(counts[2]), vn_number(counts[3])]],
                  "%d models: page %r, database %r" % (year, shown, counts))
        status, _, body = srv.get("/nong-thon-moi/cong-nhan.csv?nam=2025")
        check(status == 200 and body.decode("utf-8").startswith("\ufeff"), "recognitions CSV: %d" % status)
        for bad in ("nguon-luc.csv?nam=abc", "cong-nhan.csv?nam=20255"):
            status, _, _ = srv.get("/nong-thon-moi/" + bad)
            check(status == 400, "%s: %d" % (bad, status))


@test
def ntm_comparison_of_two_years_matches_the_database():
    from harness import Server
    path = demo_db()

    def results(year):
        return dict(db_rows(path, "SELECT u.code, a.unit_state FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                  "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND u.valid_to IS NULL "
                                  "AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted'", year))

    def signed(n):
        return "0" if n == 0 else ("+" if n > 0 else "−") + vn_number(abs(n))

    def units(year):
        # the province's communes at the end of the year: those of today not
        # formed after it by a merger, and the former ones valid then
        return db_rows(path, "SELECT count(*) FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' "
                             "AND CASE WHEN u.valid_to IS NULL THEN u.id NOT IN (SELECT l.to_unit_id FROM ntm_unit_lineage l "
                             "JOIN ntm_unit_change c ON c.id = l.change_id WHERE c.effective > ? || '-12-31') "
                             "ELSE u.valid_to >= ? || '-12-31' AND u.valid_from <= ? || '-12-31' END",
                       year, year, year)[0][0]

    def share(n, of):
        tenths = (n * 1000 + of // 2) // of
        return "%s (%d,%d%%)" % (vn_number(n), tenths // 10, tenths % 10)  # one decimal, as the dashboard

    with Server() as srv:
        for tu, den in ((2022, 2025), (2024, 2025)):
            html = srv.page("/nong-thon-moi/so-sanh?tu=%d&den=%d" % (tu, den))
            title = re.search(r"<title>([^<]*)</title>", html).group(1)
            check(title.startswith("So sánh nông thôn mới tỉnh Hà Tĩnh năm %d và năm %d" % (tu, den)),
                  "the title: %r" % title)
            _, a = province_counts(path, tu)
            _, b = province_counts(path, den)
            rows = all_rows(html, "Số xã đạt năm %d và năm %d" % (tu, den))
            met_a = sum(1 for s in results(tu).values() if s == 1)
            met_b = sum(1 for s in results(den).values() if s == 1)
            ua, ub = units(tu), units(den)
            check(rows[0] == ["Số xã, phường của tỉnh", vn_number(ua), vn_number(ub), signed(ub - ua)],
                  "the units: page %r, database %r" % (rows[0], (ua, ub)))
            check((ua != ub) == ("Số trong ngoặc là tỷ lệ" in html), "the merger is not explained: %d, %d" % (ua, ub))
            total = db_rows(path, "SELECT sum(a.year = ? AND a.unit_state = 1), sum(a.year = ? AND a.unit_state = 1), "
                                  "sum(a.year = ?), sum(a.year = ?) "
                                  "FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id JOIN ntm_unit p ON p.id = u.parent_id "
                                  "WHERE p.code = '42' AND a.quarter = 0 AND a.state = 'accepted'", tu, den, tu, den)[0]
            # how many have a result at all: a commune without one meets nothing
            check(rows[1] == ["Có kết quả đánh giá đã được duyệt", share(total[2], ua), share(total[3], ub),
                              signed(total[3] - total[2])], "the assessed: page %r, database %r" % (rows[1], total))
            check((total[2] < ua or total[3] < ub) == ("chưa có kết quả đánh giá được duyệt" in html),
                  "the communes without a result are not told: %r" % (total,))
            check(rows[2][1:] == [share(total[0], ua), share(total[1], ub), signed(total[1] - total[0])],
                  "the standard: page %r, database %r" % (rows[2], total))
            # meeting every criterion is not recognition (a decision): the page does not call it "đạt chuẩn"
            check(rows[2][0] == "Đạt đủ các tiêu chí" and "đạt chuẩn nông thôn mới)" not in html and
                  not re.search(r"<h[23][^>]*>Xã(, phường)? đạt chuẩn|, đạt chuẩn năm", html),
                  "the communes meeting the criteria are called recognised: %r" % rows[2][0])
            shown = {r[0].split(".")[0].replace("Tiêu chí ", ""): tuple(r[1:]) for r in rows[3:]}
            expected = {n: (share(a[n], ua), share(b[n], ub), signed(b[n] - a[n])) for n in b}
            check(shown == expected, "%d-%d per criterion: page %r, database %r" % (tu, den, shown, expected))
            ra, rb = results(tu), results(den)
            gained = sorted(c for c in rb if c in ra and ra[c] != 1 and rb[c] == 1)
            lost = sorted(c for c in rb if c in ra and ra[c] == 1 and rb[c] != 1)
            m = re.search(r'id="gained-title">.*?</section>', html, re.S)
            check(sorted(re.findall(r'href="/nong-thon-moi/xa/(\d+)\?', m.group(0))) == gained, "%d-%d gained %r" % (tu, den, gained))
            check("năm %d chưa đạt: %d</h2>" % (tu, len(gained)) in html, "gained count")
            m = re.search(r'id="lost-title">.*?</section>', html, re.S)
            check(sorted(re.findall(r'href="/nong-thon-moi/xa/(\d+)\?', m.group(0))) == lost, "%d-%d lost %r" % (tu, den, lost))
            # across the merger: the communes formed since that meet the set, and those merged away that met
            # it, so that the lists add up to the year's count
            formed = sorted(c for (c,) in db_rows(path, "SELECT DISTINCT u.code FROM ntm_unit_lineage l JOIN ntm_unit_change x "
                                                        "ON x.id = l.change_id JOIN ntm_unit u ON u.id = l.to_unit_id "
                                                        "WHERE x.effective > ? || '-12-31'", tu) if rb.get(c) == 1)
            m = re.search(r'id="merger-title">.*?</section>', html, re.S)
            if den == 2025 and tu == 2024:
                check(m and formed, "2024-2025: no communes formed by the merger listed (database %r)" % formed)
            if m:
                n_formed = re.search(r"đạt đủ các tiêu chí năm %d: (\d+)</h3>" % den, m.group(0))
                n_merged = re.search(r"đã sáp nhập trước năm %d: (\d+)</h3>" % den, m.group(0))
                n_formed = int(n_formed.group(1)) if n_formed else 0
                n_merged = int(n_merged.group(1)) if n_merged else 0
                check(n_formed == len(formed), "%d-%d formed %d, database %r" % (tu, den, n_formed, formed))
                check(total[0] + len(gained) - len(lost) + n_formed - n_merged == total[1],
                      "%d-%d: %d + %d - %d + %d - %d is not %d" % (tu, den, total[0], len(gained), len(lost), n_formed,
                                                                  n_merged, total[1]))
        check(gained or lost or met_a != met_b, "the demo changes between the years compared")
        # two sets: each criterion counted in its own year, no change invented
        html = srv.page("/nong-thon-moi/so-sanh?tu=2025&den=2026")
        check("hai bộ tiêu chí khác nhau" in html, "the page says the sets differ")
        rows = all_rows(html, "Số xã đạt năm 2025 và năm 2026")
        check(all(r[3] == "—" for r in rows[3:]), "no change across sets")
        check("chưa có kết quả đánh giá được duyệt: năm 2025 có" in html, "2026's missing results are not told")
        # the default: the first and the latest year with data
        html = srv.page("/nong-thon-moi/so-sanh")
        check("<h1>So sánh năm" in html, "the default comparison")
        for bad in ("?tu=abc&den=2025", "?tu=2025&den=2024", "?tu=2025&den=2025", "?tu=2025", "?den=2025",
                    "?tu=1999&den=2025", "?tu=2010&den=2025", "?tu=20255&den=2026", "?tu=2026&den=2027"):
            status, _, body = srv.get("/nong-thon-moi/so-sanh" + bad)
            text = body.decode()
            said = ("Hãy chọn hai năm để so sánh", "phải trước năm", "chưa có kết quả đánh giá đã được duyệt để so sánh")
            check(status == 400 and any(x in text for x in said),
                  "%s: %d, without saying which year is wrong" % (bad, status))
        # a year of the set's span with no result yet: the map and a criterion's
        # page say so with a 404, rather than draw a legend of "0/0 tiêu chí"
        crit = db_rows(srv.db, "SELECT c.id FROM ntm_criterion c JOIN ntm_set st ON st.id = c.set_id "
                               "WHERE st.code = 'QD51-2025' ORDER BY c.sort LIMIT 1")[0][0]
        for url in ("/nong-thon-moi/ban-do?nam=2027", "/nong-thon-moi/tieu-chi/%d?nam=2027" % crit):
            status, _, body = srv.get(url)
            check(status == 404 and "Năm 2027 chưa có kết quả đánh giá" in body.decode(), "%s answered %d" % (url, status))
        check(srv.get("/nong-thon-moi/ban-do?nam=2026")[0] == 200, "the map of a year with results")
        # through the page cache, tagged ntm: a change to an assessment shows at once
        page = "/nong-thon-moi/so-sanh?tu=2024&den=2025"
        before = srv.page(page)
        stats = srv.hook("GET", "/__test/cache")
        check(srv.page(page) == before, "the same page again")
        check(srv.hook("GET", "/__test/cache")["hits"] == stats["hits"] + 1, "the comparison is served from the cache")
        aid = db_rows(srv.db, "SELECT a.id FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                              "JOIN ntm_unit p ON p.id = u.parent_id WHERE p.code = '42' AND a.year = 2025 AND a.quarter = 0 "
                              "AND a.state = 'accepted' AND a.criteria_met > 0 ORDER BY u.code LIMIT 1")[0][0]
        answer = srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % aid)
        check(answer["ok"], "returning assessment %d: %r" % (aid, answer))
        check(srv.page(page) != before, "the comparison follows the write")


def national_expected(path, year):
    """{province full name: (units, assessed, met, ntm, nang_cao, kieu_mau, average or None)}
    from the database: current communes, accepted yearly assessments on the
    set in force, statuses whose latest decision up to `year` is not a revocation."""
    set_code = "QD51-2025" if year >= 2026 else "QD318-2022"
    out = {}
    for pid, name in db_rows(path, "SELECT id, full_name FROM ntm_unit WHERE parent_id IS NULL AND valid_to IS NULL"):
        units = db_rows(path, "SELECT id FROM ntm_unit WHERE parent_id = ? AND valid_to IS NULL", pid)
        ids = [u for (u,) in units]
        if not ids:
            continue
        marks = ",".join("?" * len(ids))
        rows = db_rows(path, "SELECT a.criteria_met, a.unit_state FROM ntm_assessment a JOIN ntm_set s ON s.id = a.set_id "
                             "WHERE s.code = ? AND a.year = ? AND a.quarter = 0 AND a.state = 'accepted' "
                             "AND a.unit_id IN (%s)" % marks, set_code, year, *ids)
        status = {"ntm": 0, "nang_cao": 0, "kieu_mau": 0}
        decisions = db_rows(path, "SELECT unit_id, status, act FROM ntm_recognition WHERE year <= ? AND unit_id IN (%s) "
                                  "ORDER BY decided_on, id" % marks, year, *ids)
        latest = {}
        for uid, st, act in decisions:
            latest[(uid, st)] = act
        for (uid, st), act in latest.items():
            if st in status and act != "thu_hoi":
                status[st] += 1
        avg = sum(r[0] for r in rows) / len(rows) if rows else None
        out[name] = (len(ids), len(rows), sum(1 for r in rows if r[1] == 1), status["ntm"], status["nang_cao"],
                     status["kieu_mau"], avg)
    return out


@test
def ntm_national_summary_matches_the_database():
    import json
    from harness import Server
    path = demo_db()
    with Server() as srv:
        for year in (2025, 2026):
            want = national_expected(path, year)
            html = srv.page("/nong-thon-moi/ca-nuoc?nam=%d" % year)
            check("<h1>Nông thôn mới cả nước</h1>" in html, "the page's title")
            body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
            rows = re.findall(r'<tr><th scope="row">(.*?)</th>((?:<td>.*?</td>)+)</tr>', body)
            shown = {}
            for label, cells in rows:
                v = re.findall(r"<td>(.*?)</td>", cells)
                # a province with no figure says so ("—"), rather than 0
                shown[re.sub(r"<[^>]+>", "", label)] = tuple(None if x == "—" else int(x.replace(".", ""))
                                                             for x in v[:6]) + (v[6],)
            check(set(shown) == set(want) and len(shown) == 34, "%d: provinces %d, database %d" % (year, len(shown), len(want)))
            names = [re.sub(r"<[^>]+>", "", label).split(" ", 1)[1].replace("phố ", "") for label, _ in rows]
            check(names.index("Hà Nội") < names.index("Hà Tĩnh") < names.index("Huế"), "Vietnamese order: %r" % names)
            for name, w in want.items():
                if not any(w[1:6]):
                    check(shown[name] == (w[0], None, None, None, None, None, "—"),
                          "%d %s without figures: page %r" % (year, name, shown[name]))
                    continue
                avg = "" if w[6] is None else ("%.1f" % (round(w[6] * 10 + 1e-9) / 10)).replace(".", ",")
                check(shown[name] == w[:6] + (avg,), "%d %s: page %r, database %r" % (year, name, shown[name], w))
            reporting = [w for w in want.values() if w[1]]
            foot = re.search(r"<tfoot><tr><th scope=\"row\">(.*?)</th>((?:<td>.*?</td>)+)</tr>", html)
            check(foot and foot.group(1) == ("Cả nước" if len(reporting) == 34 else
                                             "Cộng %d tỉnh, thành phố có số liệu" % len(reporting)),
                  "the foot is named %r" % (foot and foot.group(1)))
            foot_units = int(re.findall(r"<td>(.*?)</td>", foot.group(2))[0].replace(".", ""))
            check(foot_units == sum(w[0] for w in reporting), "the foot counts %d units, the provinces with figures %d" %
                  (foot_units, sum(w[0] for w in reporting)))
            check('<a href="/nong-thon-moi/?nam=%d">Tỉnh Hà Tĩnh</a>' % year in html, "the home province links its dashboard")
            total_assessed = sum(w[1] for w in want.values())
            check(total_assessed > 0, "the demo has accepted assessments in %d" % year)
            status, headers, raw = srv.get("/api/v1/ntm/ca-nuoc?nam=%d" % year)
            check(status == 200 and headers.get("content-type", "").startswith("application/json"), "JSON %d" % status)
            d = json.loads(raw)
            check(d["nam"] == year and d["phien_ban_bo_tieu_chi"] and d["ngay_so_lieu"], "JSON head %r" % list(d))
            check(d["ca_nuoc"]["so_duoc_danh_gia"] == total_assessed, "JSON total %r" % d["ca_nuoc"])
            check(d["so_tinh_co_so_lieu"] == len(reporting), "JSON: %r provinces with figures" % d["so_tinh_co_so_lieu"])
            by_name = {p["ten"]: p for p in d["tinh"]}
            for name, w in want.items():
                p = by_name[name]
                got = (p["so_don_vi"], p["so_duoc_danh_gia"], p["so_dat_chuan"], p["so_cong_nhan_ntm"],
                       p["so_cong_nhan_nang_cao"], p["so_cong_nhan_kieu_mau"])
                check(got == w[:6], "JSON %s: %r, database %r" % (name, got, w))
                check((p["tieu_chi_dat_binh_quan"] is None) == (w[6] is None) and
                      (w[6] is None or abs(p["tieu_chi_dat_binh_quan"] - w[6]) < 0.006), "JSON average %s" % name)
        # the whole country's matrix, every year, read back
        years = [y for (y,) in db_rows(path, "SELECT DISTINCT year FROM ntm_assessment WHERE state = 'accepted' "
                                             "AND quarter = 0 ORDER BY 1")]
        status, headers, body = srv.get("/nong-thon-moi/ca-nuoc.xlsx")
        check(status == 200 and headers.get("content-type", "").endswith("spreadsheetml.sheet"), "xlsx %d" % status)
        sheets, raw, shared = xlsx_sheets(body)
        check(list(sheets) == [n for y in years for n in ("Ma trận %d" % y, "Tổng hợp %d" % y)], "sheets %r" % list(sheets))
        for name, xml in raw.items():
            check('state="frozen"' in xml and "<autoFilter ref=" in xml, "%s: no frozen header or filter" % name)
        for y in (2025, 2026):
            matrix = sheets["Ma trận %d" % y]
            want = national_expected(path, y)
            rows = [r for (c, r) in matrix if c == "D" and r > 2]
            check(len(rows) == sum(w[1] for w in want.values()), "%d: %d rows" % (y, len(rows)))
            check(all(matrix[("B", r)] in want for r in rows), "every row names its province")
            # the criteria by number, as numbers (sorted and summed as such), as the province's workbooks have them
            summary = sheets["Tổng hợp %d" % y]
            numbers = [v for (c, r), v in sorted(summary.items(), key=lambda x: x[0][1]) if c == "A" and r > 2]
            check(len(numbers) >= 10 and numbers == [float(n) for n in range(1, len(numbers) + 1)],
                  "%d: the criteria's numbers %r" % (y, numbers))
        printed_sheets(body)
        status, _, one = srv.get("/nong-thon-moi/ca-nuoc.xlsx?nam=2025")
        check(status == 200 and list(xlsx_sheets(one)[0]) == ["Ma trận 2025", "Tổng hợp 2025"], "one year")
        for bad, code in (("?nam=x", 400), ("?nam=2019", 404), ("?nam=2031", 404)):
            for base in ("/nong-thon-moi/ca-nuoc", "/nong-thon-moi/ca-nuoc.xlsx", "/api/v1/ntm/ca-nuoc"):
                status, headers, raw = srv.get(base + bad)
                check(status == code, "%s%s: %d" % (base, bad, status))
                if base.startswith("/api/"):
                    # the refusal every /api/ answer has: the sentence, and the status inside it too
                    err = json.loads(raw)
                    check(err.get("loi") and err.get("error", {}).get("status") == code and
                          err["error"].get("message") == err["loi"], "a JSON refusal: %r" % err)
                    check(code != 400 or "từ 2000 đến 2100" in err["loi"], "the 400 says which years: %r" % err)


def models_at(path, unit_code, year):
    """[(kind, state, recognised year or 0)] of the unit's models as they stood at the end of `year`."""
    out = []
    for mid, kind, state, ryear in db_rows(path, "SELECT m.id, m.kind, m.state, coalesce(m.year, 0) FROM ntm_model m "
                                                 "JOIN ntm_unit u ON u.id = m.unit_id WHERE u.code = ?", unit_code):
        hist = db_rows(path, "SELECT year, state, coalesce(recognised_year, 0) FROM ntm_model_year WHERE model_id = ? "
                             "ORDER BY year", mid)
        if not hist:
            out.append((kind, state, ryear))
            continue
        upto = [h for h in hist if h[0] <= year]
        if upto:
            out.append((kind, upto[-1][1], upto[-1][2]))
    return out


@test
def ntm_models_are_shown_as_they_stood_in_the_year():
    from harness import Server
    path = demo_db()
    names = {"recognised": "Đã công nhận", "building": "Đang xây dựng", "revoked": "Đã thu hồi công nhận",
             "registered": "Đã đăng ký"}
    (code,) = db_rows(path, "SELECT u.code FROM ntm_model m JOIN ntm_unit u ON u.id = m.unit_id JOIN ntm_model_year h "
                            "ON h.model_id = m.id WHERE h.year = 2022 AND h.state <> m.state "
                            "GROUP BY u.code ORDER BY count(*) DESC LIMIT 1")[0]
    with Server() as srv:
        seen = set()
        for year in (2022, 2024, 2026):
            models = models_at(path, code, year)
            page = srv.page("/nong-thon-moi/xa/%s?nam=%d" % (code, year))
            rows = all_rows(page, "Khu dân cư kiểu mẫu và vườn mẫu")
            check(sorted((r[2], r[3]) for r in rows) ==
                  sorted((names[s], str(y) if y else "—") for _, s, y in models),
                  "%s %d: page %r, database %r" % (code, year, rows, models))
            areas = [m for m in models if m[0] == "khu_dan_cu"]
            gardens = [m for m in models if m[0] == "vuon"]
            check("%d khu dân cư kiểu mẫu (%d đã được công nhận), %d vườn mẫu (%d đã được công nhận)." % (
                len(areas), sum(1 for m in areas if m[1] == "recognised"), len(gardens),
                sum(1 for m in gardens if m[1] == "recognised")) in page, "%s %d: the models' summary" % (code, year))
            seen.add(tuple(sorted(models)))
        check(len(seen) == 3, "the three years show three different states of the models")
        # the dashboard counts the province's models as they stood at the end of the year
        for year in (2022, 2026):
            codes = [c for (c,) in db_rows(path, "SELECT u.code FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                                                  "WHERE p.code = '42' AND u.valid_to IS NULL")]
            every = [m for c in codes for m in models_at(path, c, year)]
            page = srv.page("/nong-thon-moi/?nam=%d" % year)
            want = {"Khu dân cư kiểu mẫu": (sum(1 for m in every if m[0] == "khu_dan_cu" and m[1] == "recognised"),
                                            sum(1 for m in every if m[0] == "khu_dan_cu")),
                    "Vườn mẫu": (sum(1 for m in every if m[0] == "vuon" and m[1] == "recognised"),
                                 sum(1 for m in every if m[0] == "vuon"))}
            m = re.search(r"<tbody>((?:(?!</tbody>).)*Vườn mẫu(?:(?!</tbody>).)*)</tbody>", page, re.S)
            check(m, "%d: the dashboard's models table" % year)
            shown = {}
            for label, cells in re.findall(r'<tr><th scope="row">(.*?)</th>((?:<td>.*?</td>)+)</tr>', m.group(1)):
                v = re.findall(r"<td>(.*?)</td>", cells)
                shown[label] = (int(v[0].replace(".", "")), int(v[1].replace(".", "")))
            check(shown == want, "%d models: page %r, database %r" % (year, shown, want))


def quarter_counts(path, year, quarter):
    """{k: communes} as the dashboard must show the end of `quarter`: each
    unit's latest accepted progress report of the year up to it."""
    rows = db_rows(path, "SELECT a.unit_id, a.quarter, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                         "JOIN ntm_unit p ON p.id = u.parent_id JOIN ntm_set s ON s.id = a.set_id WHERE p.code = '42' "
                         "AND a.year = ? AND a.quarter BETWEEN 1 AND ? AND a.state = 'accepted' AND s.code = 'QD51-2025'",
                   year, quarter)
    latest = {}
    for unit, q, met in rows:
        if unit not in latest or latest[unit][0] < q:
            latest[unit] = (q, met)
    out = {}
    for q, met in latest.values():
        out[met] = out.get(met, 0) + 1
    return out


@test
def ntm_quarters_on_the_dashboard_and_the_commune_page():
    from harness import Server
    with Server() as srv:
        path = srv.db
        quarters = [q for (q,) in db_rows(path, "SELECT DISTINCT quarter FROM ntm_assessment WHERE year = 2026 "
                                                "AND quarter > 0 AND state = 'accepted' ORDER BY 1")]
        check(quarters == [1, 2, 3], "the demo's 2026 progress reports: %r" % quarters)
        year_page = srv.page("/nong-thon-moi/?nam=2026")
        for q in quarters:
            check('href="/nong-thon-moi/?ky=2026-Q%d"' % q in year_page, "the year page links quarter %d" % q)
        check("Năm 2026, " in year_page, "the year view stays the default")
        for q in quarters:
            html = srv.page("/nong-thon-moi/?ky=2026-Q%d" % q)
            want = quarter_counts(path, 2026, q)
            rows = table_rows(html, "Số xã theo số tiêu chí đạt")
            shown = {int(label.split()[0]): int(v.replace(".", "")) for label, v in rows}
            check({k: v for k, v in shown.items() if v} == want, "Q%d: page %r, database %r" % (q, shown, want))
            check("Đến hết quý %d năm 2026" % q in html and "<strong aria-current=\"page\">Quý %d</strong>" % q in html,
                  "Q%d: the page says which quarter" % q)
            check("Bản đồ số tiêu chí đạt" not in html, "Q%d: the year's map is not shown as the quarter's" % q)
        # ?ky= belongs to the dashboard, its exports and the map (which refuses a quarter, see
        # ntm_dashboard_matches_the_database): elsewhere it is not read (nor would it make its own cache entry)
        status, _, _ = srv.get("/nong-thon-moi/ban-do?nam=2026&ky=2026-Q1")
        check(status == 400, "the map given a year and a quarter answered %d" % status)
        for other in ("/nong-thon-moi/cong-nhan.csv?nam=2026",):
            _, _, plain = srv.get(other)
            _, _, with_ky = srv.get(other + "&ky=2026-Q1")
            check(plain == with_ky, "%s answers differently with ?ky=" % other)
        for bad, code in (("?ky=2026-Q4", 404), ("?ky=2026-Q5", 400), ("?ky=2026Q1", 400), ("?ky=abcd-Q1", 400),
                          ("?ky=2019-Q1", 404)):
            status, _, body = srv.get("/nong-thon-moi/" + bad)
            check(status == code, "%s: %d, want %d" % (bad, status, code))
            check(code != 400 or "một quý của năm (?ky=2025-q2" in body.decode(), "%s: the page does not say why" % bad)
        # what a 404 says: no report of that quarter yet, or no set that year
        check("Chưa có báo cáo quý 4 năm 2026 nào được Văn phòng Điều phối chấp nhận" in
              srv.get("/nong-thon-moi/?ky=2026-Q4")[2].decode(), "the quarter without reports does not say so")
        check("Năm 2019 không có bộ tiêu chí nông thôn mới nào áp dụng" in
              srv.get("/nong-thon-moi/?ky=2019-Q1")[2].decode(), "the year without a set does not say so")
        # a year and a quarter together: the page would show only one of them, so neither is guessed
        for url in ("/nong-thon-moi/?nam=2025&ky=2026-Q1", "/nong-thon-moi/tong-hop.csv?ky=2026-Q1&nam=2026"):
            status, _, body = srv.get(url)
            check(status == 400 and "chỉ một trong hai" in body.decode(), "%s answered %d" % (url, status))
        # a commune's quarter trend, and a report taken back disappears from it and from the quarter's counts
        aid, code, q = db_rows(path, "SELECT a.id, u.code, a.quarter FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                     "WHERE a.year = 2026 AND a.quarter = 2 AND a.state = 'accepted' AND EXISTS (SELECT 1 "
                                     "FROM ntm_assessment y WHERE y.unit_id = a.unit_id AND y.year = 2026 AND y.quarter = 0 "
                                     "AND y.state = 'accepted') ORDER BY a.id LIMIT 1")[0]
        page = srv.page("/nong-thon-moi/xa/%s?nam=2026" % code)
        want = [["Quý %d" % qq, "%d/%d" % (m, t)] for qq, m, t in db_rows(
            path, "SELECT a.quarter, a.criteria_met, a.criteria_total FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                  "WHERE u.code = ? AND a.year = 2026 AND a.quarter > 0 AND a.state = 'accepted' ORDER BY a.quarter", code)]
        rows = all_rows(page, "Số tiêu chí đạt theo các báo cáo tiến độ hằng quý đã được chấp nhận")
        check([[r[0], r[2]] for r in rows] == want, "%s quarters: page %r, database %r" % (code, rows, want))
        answer = srv.hook("POST", "/__test/ntm-state?id=%d&trang-thai=returned" % aid)
        check(answer["ok"], "returning %d: %r" % (aid, answer))
        page = srv.page("/nong-thon-moi/xa/%s?nam=2026" % code)
        rows = all_rows(page, "Số tiêu chí đạt theo các báo cáo tiến độ hằng quý đã được chấp nhận")
        check("Quý 2" not in [r[0] for r in rows], "a returned report is still shown: %r" % rows)
        html = srv.page("/nong-thon-moi/?ky=2026-Q2")
        shown = {int(label.split()[0]): int(v.replace(".", "")) for label, v in table_rows(html, "Số xã theo số tiêu chí đạt")}
        check({k: v for k, v in shown.items() if v} == quarter_counts(path, 2026, 2), "Q2 after the return")


@test
def ntm_a_commune_with_only_quarterly_reports_in_a_year_shows_its_latest_quarter():
    """During a year no commune has the year's result yet: the quarterly
    reports the office accepted must still reach the commune's page, its
    year list, the quarter's dashboard links and the JSON API."""
    import json
    from harness import Server
    with Server() as srv:
        path = srv.db
        found = db_rows(path, "SELECT u.code, u.full_name, max(a.quarter) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                              "WHERE a.year = 2026 AND a.quarter > 0 AND a.state = 'accepted' AND NOT EXISTS (SELECT 1 "
                              "FROM ntm_assessment y WHERE y.unit_id = a.unit_id AND y.year = 2026 AND y.quarter = 0 "
                              "AND y.state = 'accepted') GROUP BY u.id ORDER BY u.code LIMIT 1")
        check(found, "the demo has no commune with quarterly reports only in 2026")
        code, name, q = found[0]
        met, total = db_rows(path, "SELECT a.criteria_met, a.criteria_total FROM ntm_assessment a JOIN ntm_unit u "
                                   "ON u.id = a.unit_id WHERE u.code = ? AND a.year = 2026 AND a.quarter = ? "
                                   "AND a.state = 'accepted'", code, q)[0]
        status, _, body = srv.get("/nong-thon-moi/xa/%s?nam=2026" % code)
        page = body.decode()
        check(status == 200, "%s?nam=2026 answered %d" % (code, status))
        text = html_text(page)
        check("Kết quả quý %d năm 2026" % q in text and "Năm 2026 chưa có kết quả cả năm" in text,
              "the page does not say it shows quarter %d: %s" % (q, text[:1500]))
        check("Đạt %d trên %d tiêu chí." % (met, total) in text, "the quarter's count %d/%d is not shown" % (met, total))
        check('<strong aria-current="page">2026</strong>' in page, "2026 is not the year shown")
        check('href="/nong-thon-moi/?ky=2026-Q%d"' % q in page, "the page does not lead to the quarter's dashboard")
        rows = all_rows(page, "Số tiêu chí đạt theo các báo cáo tiến độ hằng quý đã được chấp nhận")
        check(rows and rows[-1][0] == "Quý %d" % q, "the quarters' table: %r" % rows)
        # the default page keeps the latest year's result and offers 2026
        default = srv.page("/nong-thon-moi/xa/%s" % code)
        check('href="/nong-thon-moi/xa/%s?nam=2026"' % code in default, "the default page does not offer 2026")
        # the quarter's dashboard leads to that page
        dash = srv.page("/nong-thon-moi/?ky=2026-Q%d" % q)
        check('href="/nong-thon-moi/xa/%s?nam=2026"' % code in dash, "the Q%d dashboard does not link 2026" % q)
        api = json.loads(srv.get("/api/v1/ntm/xa/%s?nam=2026" % code)[2])
        default_api = json.loads(srv.get("/api/v1/ntm/xa/%s" % code)[2])
        check(2026 in default_api.get("nam_chi_co_bao_cao_quy", []), "the API does not name 2026: %r" %
              default_api.get("nam_chi_co_bao_cao_quy"))
        check(api.get("nam") == 2026 and api.get("quy") == q and
              sum(1 for c in api["tieu_chi"] if c["ket_qua"] == "dat") == met, "the API: %r" % {k: api.get(k) for k in ("nam", "quy")})
        # a year with nothing accepted is still not found
        check(srv.get("/nong-thon-moi/xa/%s?nam=2019" % code)[0] == 404, "a year with nothing is found")


@test
def ntm_exports_of_a_quarter_match_its_dashboard():
    """?ky=YYYY-Qn on the summary CSV, the API's summary and the matrix
    (xlsx, CSV) gives the quarter's figures, the same as the quarter's
    dashboard, which links them; a quarter without reports is a 404, a
    malformed one a 400 that says why (JSON under /api/)."""
    import csv as csvlib
    import io
    import json
    from harness import Server
    with Server() as srv:
        year_csv = srv.get("/nong-thon-moi/tong-hop.csv?nam=2026")[2]
        differs = False
        for q in (1, 2, 3):
            ky = "2026-Q%d" % q
            html = srv.page("/nong-thon-moi/?ky=" + ky)
            met = {label.split(".")[0].replace("Tiêu chí ", ""): int(v.replace(".", ""))
                   for label, v in table_rows(html, "Số xã đạt từng tiêu chí")}
            assessed = sum(int(v.replace(".", "")) for _, v in table_rows(html, "Số xã theo số tiêu chí đạt"))
            check(met and assessed, "%s: the page shows no figure" % ky)
            for link in ("/nong-thon-moi/tong-hop.csv?ky=", "/nong-thon-moi/ma-tran.xlsx?ky=",
                         "/nong-thon-moi/ma-tran.csv?ky="):
                check('href="%s%s"' % (link, ky) in html, "%s: the page does not link %s" % (ky, link))
            # the summary CSV
            status, h, body = srv.get("/nong-thon-moi/tong-hop.csv?ky=" + ky)
            check(status == 200 and "nong-thon-moi-%s.csv" % ky in h.get("content-disposition", ""),
                  "%s: tong-hop.csv answered %d %r" % (ky, status, h))
            rows = list(csvlib.reader(io.StringIO(body.decode("utf-8-sig"))))
            check(rows[0][1:3] == ["Năm", "Quý"], "%s: CSV head %r" % (ky, rows[0]))
            shown = {r[4].split(".")[0]: int(r[5]) for r in rows[1:]}
            check(shown == met and all(r[2] == str(q) and int(r[-1]) == assessed for r in rows[1:]),
                  "%s: CSV %r, page %r (%d assessed)" % (ky, shown, met, assessed))
            differs |= body != year_csv
            # the API's summary
            status, _, body = srv.get("/api/v1/ntm/tong-hop?ky=" + ky)
            answer = json.loads(body)
            check(status == 200 and answer["nam"] == 2026 and answer["quy"] == q and
                  answer["so_duoc_danh_gia"] == assessed and
                  {x["so"]: x["dat"] for x in answer["theo_tieu_chi"]} == met,
                  "%s: API %d %r, page %r" % (ky, status, answer.get("theo_tieu_chi"), met))
            # the matrix as a workbook and as CSV
            status, h, body = srv.request("GET", "/nong-thon-moi/ma-tran.xlsx?ky=" + ky, timeout=60)
            check(status == 200, "%s: ma-tran.xlsx answered %d" % (ky, status))
            sheets = xlsx_sheets(body)[0]
            check(sorted(sheets) == ["Ma trận Q%d-2026" % q, "Tổng hợp Q%d-2026" % q], "%s: sheets %r" % (ky, list(sheets)))
            summary = sheets["Tổng hợp Q%d-2026" % q]
            check("quý %d năm 2026" % q in summary[("A", 1)], "%s: the workbook does not say the quarter" % ky)
            counts = {"%d" % summary[("A", r)]: int(summary[("C", r)]) for r in range(3, 3 + len(met))}
            check(counts == met, "%s: workbook %r, page %r" % (ky, counts, met))
            matrix = sheets["Ma trận Q%d-2026" % q]
            check(len({r for (c, r) in matrix if c == "A" and r > 2}) == assessed,
                  "%s: the workbook's matrix has not %d communes" % (ky, assessed))
            if q == 3:
                printed_sheets(body)
            status, _, body = srv.get("/nong-thon-moi/ma-tran.csv?ky=" + ky)
            rows = list(csvlib.reader(io.StringIO(body.decode("utf-8-sig"))))
            check(status == 200 and len(rows) - 2 == assessed, "%s: ma-tran.csv %d, %d rows" % (ky, status, len(rows)))
        check(differs, "every quarter's CSV is the year's")
        for path in ("/nong-thon-moi/tong-hop.csv", "/nong-thon-moi/ma-tran.xlsx", "/nong-thon-moi/ma-tran.csv",
                     "/api/v1/ntm/tong-hop"):
            status, _, body = srv.request("GET", path + "?ky=2026-Q4", timeout=60)
            check(status == 404, "%s?ky=2026-Q4 (no report): %d" % (path, status))
            status, h, body = srv.request("GET", path + "?ky=2026-Q5", timeout=60)
            text = body.decode()
            if path.startswith("/api/"):
                check(status == 400 and "ky=YYYY-Qn" in json.loads(text)["loi"], "%s?ky=2026-Q5: %d %s" %
                      (path, status, text[:200]))
            else:
                check(status == 400 and ("?ky=2026-Q3" in text or "?ky=2025-q2" in text),
                      "%s?ky=2026-Q5: %d, not saying why" % (path, status))


@test
def ntm_merged_commune_shows_its_former_units():
    from harness import Server
    path = demo_db()
    links = db_rows(path, "SELECT t.code, t.full_name, f.code, f.full_name, l.counts_history, f.valid_to, c.effective "
                          "FROM ntm_unit_lineage l JOIN ntm_unit f ON f.id = l.from_unit_id JOIN ntm_unit t ON t.id = l.to_unit_id "
                          "JOIN ntm_unit_change c ON c.id = l.change_id")
    check(len({l[0] for l in links}) == 4 and len(links) >= 8, "the demo's mergers: %r" % links)
    check(all(l[5] == "2025-06-30" and l[6] == "2025-07-01" for l in links), "former units end on 2025-06-30")
    check({l[4] for l in links} == {0, 1}, "some former units count towards the new one, some do not")
    with Server() as srv:
        for to_code in sorted({l[0] for l in links}):
            page = srv.page("/nong-thon-moi/xa/%s" % to_code)
            check("Trước sáp nhập" in page, "%s: no section for the former units" % to_code)
            own = db_rows(path, "SELECT min(a.year) FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                                "WHERE u.code = ? AND a.quarter = 0", to_code)[0][0]
            check(own == 2025, "%s: the new commune is assessed from 2025 (%r)" % (to_code, own))
            for t, tname, f, fname, counts, _, _ in (l for l in links if l[0] == to_code):
                years = db_rows(path, "SELECT a.year, a.criteria_met, a.criteria_total FROM ntm_assessment a "
                                      "JOIN ntm_unit u ON u.id = a.unit_id WHERE u.code = ? AND a.quarter = 0 "
                                      "AND a.state = 'accepted' ORDER BY a.year DESC", f)
                check([y for y, _, _ in years] == [2024, 2023, 2022, 2021], "%s: 2021-2024 (%r)" % (f, years))
                rows = all_rows(page, "Kết quả của %s (trước sáp nhập) qua các năm" % fname)
                check([[r[0], r[2]] for r in rows] == [[str(y), "%d/%d" % (m, n)] for y, m, n in years],
                      "%s under %s: page %r, database %r" % (fname, tname, rows, years))
                note = "Kết quả được tính vào quá trình" if counts else "Kết quả chỉ để tham khảo"
                check(note in page, "%s: %r" % (fname, note))
                trend = [(r[0], r[2]) for r in all_rows(page, "Số tiêu chí đạt qua các năm (mỗi năm theo bộ tiêu chí áp dụng năm đó)")
                         if r[1].startswith(fname + " (trước sáp nhập)")]
                check(trend == ([(str(y), "%d/%d" % (m, n)) for y, m, n in years] if counts else []),
                      "%s in %s's trend (counted: %d): %r" % (fname, tname, counts, trend))
                # a former unit's address leads to a commune it went into, where its results are
                status, h, _ = srv.get("/nong-thon-moi/xa/%s" % f)
                went = {"/nong-thon-moi/xa/%s#former-title" % l[0] for l in links if l[2] == f}
                check(status == 301 and h.get("location") in went,
                      "a former unit's page answered %d to %r, not one of %r" % (status, h.get("location"), went))
                # asked for a year it stood (the dashboard of 2023 links it so): its own page of that year,
                # each criterion as accepted then, saying what it is part of now
                status, h, body = srv.get("/nong-thon-moi/xa/%s?nam=2023" % f)
                text = html_text(body.decode())
                m23 = [m for y, m, _ in years if y == 2023][0]
                check(status == 200 and "Kết quả năm 2023" in text and "Đạt %d trên 19 tiêu chí." % m23 in text and
                      "%s là đơn vị hành chính cũ, nay thuộc" % fname in text,
                      "with ?nam=2023: %d %r %s" % (status, h.get("location"), text[:400]))
                # a year it did not stand: to the page that holds every year of it
                status, h, _ = srv.get("/nong-thon-moi/xa/%s?nam=2026" % f)
                check(status == 301 and h.get("location") in went, "with ?nam=2026: %d %r" % (status, h.get("location")))
                check(srv.get(h["location"].split("#")[0])[0] == 200, "the page it leads to answered otherwise")
                # the API as the page: the year it stood, from the address the list of units gives
                import json
                listed = [u for u in json.loads(srv.get("/api/v1/ntm/donvi?nam=2023")[2])["don_vi"] if u["ma"] == f]
                check(len(listed) == 1 and listed[0]["trang"].endswith("/nong-thon-moi/xa/%s?nam=2023" % f),
                      "donvi of 2023 gives %s as %r" % (f, listed))
                status, _, raw = srv.get("/api/v1/ntm/xa/%s?nam=2023" % f)
                one = json.loads(raw)
                check(status == 200 and one["nam"] == 2023 and one["don_vi"]["ma"] == f and
                      one["don_vi"]["nay_thuoc"] in {l[0] for l in links if l[2] == f} and
                      one["so_tieu_chi_dat"] == m23 and one["so_tieu_chi_dat"] == listed[0]["so_tieu_chi_dat"],
                      "the API of %s in 2023: %d %s" % (f, status, raw[:300]))
                status, _, raw = srv.get("/api/v1/ntm/xa/%s?nam=2026" % f)
                check(status == 404 and "đã sáp nhập vào" in json.loads(raw)["loi"],
                      "the API of %s in 2026: %d %s" % (f, status, raw[:200]))
            import json
            status, _, raw = srv.get("/api/v1/ntm/xa/%s" % to_code)
            d = json.loads(raw)
            got = {x["ma"]: (x["ten"], x["tinh_vao_lich_su"], [(y["nam"], y["so_tieu_chi_dat"]) for y in x["cac_nam"]])
                   for x in d["don_vi_truoc_sap_nhap"]}
            want = {}
            for _, _, f, fname, counts, _, _ in (l for l in links if l[0] == to_code):
                want[f] = (fname, bool(counts), [(y, m) for y, m in db_rows(
                    path, "SELECT a.year, a.criteria_met FROM ntm_assessment a JOIN ntm_unit u ON u.id = a.unit_id "
                          "WHERE u.code = ? AND a.quarter = 0 AND a.state = 'accepted' ORDER BY a.year DESC", f)])
            check(got == want, "%s JSON former units: %r, database %r" % (to_code, got, want))
        # 2023's dashboard counts the units of 2023: former ones instead of the communes formed later
        html = srv.page("/nong-thon-moi/?nam=2023")
        units = 69 - len({l[0] for l in links}) + len(links)
        assessed = sum(province_counts(path, 2023)[0].values())
        check("trong %d xã, phường được đánh giá" % assessed in html and
              "%d đơn vị chưa có kết quả" % (units - assessed) in html,
              "2023: %d units, %d assessed: %s" % (units, assessed, re.search(r"<p>Năm 2023.*?</p>", html).group(0)))


def fold(text):
    """Lower case without diacritics (as the search index compares words)."""
    import unicodedata
    t = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in t if not unicodedata.combining(c))


@test
def ntm_commune_page_names_articles_documents_and_links_decisions():
    from harness import Server
    path = demo_db()
    today = db_rows(path, "SELECT date('now')")[0][0]
    with Server() as srv:
        # decisions: linked when the register holds the number, issued the same year
        recs = db_rows(path, "SELECT u.code, r.decision_no, r.decided_on, coalesce(r.document_id, 0) FROM ntm_recognition r "
                             "JOIN ntm_unit u ON u.id = r.unit_id WHERE r.year = 2025 ORDER BY u.code LIMIT 6")
        check(recs and any(d for _, _, _, d in recs) and any(not d for _, _, _, d in recs),
              "2025's decisions: some recorded with their document, some not")
        for code, number, date, doc in recs:
            page = srv.page("/nong-thon-moi/xa/%s" % code)
            found = db_rows(path, "SELECT id, slug FROM document WHERE published = 1 AND trash = 0 AND issued_on <= ? "
                                  "AND (id = ? OR (? = 0 AND number_canonical = ? AND substr(issued_on, 1, 4) = substr(?, 1, 4)))",
                            today, doc, doc, number, date)
            check(found, "%s: the register holds %s" % (code, number))
            m = re.search(r'<td><a href="([^"]+)">%s</a></td>' % re.escape(number), page)
            check(m and m.group(1).startswith("/van-ban/") and str(found[0][0]) in m.group(1),
                  "%s: decision %s should link its document %r (%s)" % (code, number, found, m and m.group(1)))
            status, _, body = srv.get(m.group(1))
            check(status == 200 and number in body.decode("utf-8"), "the linked document answers")
        # a decision whose number is in the register from another year is not linked
        other = db_rows(path, "SELECT u.code, r.decision_no FROM ntm_recognition r JOIN ntm_unit u ON u.id = r.unit_id "
                              "JOIN document d ON d.number_canonical = r.decision_no WHERE r.year <> 2025 "
                              "AND substr(d.issued_on, 1, 4) <> substr(r.decided_on, 1, 4) LIMIT 1")
        for code, number in other:
            page = srv.page("/nong-thon-moi/xa/%s" % code)
            check("<td>%s</td>" % number in page, "%s: %s must not link another year's document" % (code, number))
        # articles naming a commune: every one listed names it, and the newest one naming it in its title is listed
        codes = db_rows(path, "SELECT u.code, u.full_name, u.name FROM ntm_unit u JOIN ntm_unit p ON p.id = u.parent_id "
                              "WHERE p.code = '42' AND u.valid_to IS NULL ORDER BY u.code")
        listed_any = 0
        for code, full, name in codes:
            page = srv.page("/nong-thon-moi/xa/%s" % code)
            m = re.search(r'<h2 id="articles-title">.*?</ul>', page, re.S)
            titled = db_rows(path, "SELECT id, title FROM article WHERE status = 1 AND published_at <= strftime('%s', 'now') "
                                   "AND title LIKE ? ORDER BY published_at DESC LIMIT 1", "%" + full.split(" ", 1)[0].lower()
                                   + " " + name + "%")
            if titled:
                check(m and ("-%d.html" % titled[0][0]) in m.group(0), "%s: article %r is not listed" % (code, titled[0][1]))
            if not m:
                continue
            listed_any += 1
            for aid in re.findall(r'href="/tin-tuc/[^"]+-(\d+)\.html"', m.group(0)):
                title, body, status = db_rows(path, "SELECT title, body, status FROM article WHERE id = ?", int(aid))[0]
                text = fold(re.sub(r"<[^>]+>", " ", title + " " + body))
                check(status == 1 and fold(full) in re.sub(r"[^a-z0-9]+", " ", text),
                      "%s: article %s does not name %s" % (code, aid, full))
        check(listed_any >= 3, "only %d communes have articles naming them" % listed_any)
