#!/usr/bin/env python3
"""ntm-data.py - makes the NTM monitor's shipped data (data/ntm/*.csv) from
the reference files, so that what is shipped can be traced and remade.

    python3 scripts/ntm-data.py REFERENCE_DIR VN_UNITS_JSON OUT_DIR

REFERENCE_DIR holds ntm-criteria-2021-2025.csv and ntm-criteria-2026-2030.csv
(one row per indicator; "?" where the value is not known). What is "?" there
is shipped unknown (an empty op and threshold), never guessed. A criterion
whose indicators are all "?" is shipped with indicators_loaded = 0, without
indicator rows. The units come from the GSO-based dataset
vietnamese-provinces-database (MIT licence; LICENSE-vn-units ships beside).
"""
import csv
import json
import os
import sys
import unicodedata

SETS = [
    # code, name, decision, tier, target_scheme, year_from, year_to, file, source
    ("QD318-2022", "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021–2025",
     "Quyết định 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ", "ntm", "vung", 2021, 2025,
     "ntm-criteria-2021-2025.csv"),
    ("QD51-2025", "Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2026–2030",
     "Quyết định 51/2025/QĐ-TTg ngày 29/12/2025 của Thủ tướng Chính phủ", "ntm", "nhom", 2026, 2030,
     "ntm-criteria-2026-2030.csv"),
]
TYPES = {"yes_no": "met", "percent": "percent", "number": "number", "level": "level"}
UNITS = {"percent": "%", "number": ""}
KINDS = {"Tỉnh": "tinh", "Thành phố": "thanh_pho", "Xã": "xa", "xã": "xa", "Phường": "phuong", "Đặc khu": "dac_khu"}


def nfc(s):
    return unicodedata.normalize("NFC", s.strip())


def target(general):
    """(op, threshold, text) of a 2021-2025 general target; unknown stays unknown."""
    g = nfc(general)
    if g == "Đạt":
        return "=", "1", g
    if g == "Không":
        return "=", "0", g
    return "", "", g  # '?' and anything partly unknown ("Đạt (mức độ ...: ?)")


def main():
    ref, units_json, out = sys.argv[1:4]
    sets, crits, inds, targets = [], [], [], []
    for code, name, decision, tier, scheme, y0, y1, fname in SETS:
        rows = list(csv.DictReader(open(os.path.join(ref, fname), encoding="utf-8")))
        sets.append([code, name, decision, tier, scheme, y0, y1, 0, rows[0]["source_url"]])
        seen = {}
        for r in rows:
            no = r["criterion_no"].strip()
            known = r["indicator_code"].strip() not in ("", "?")
            if no not in seen:
                seen[no] = [code, no, len(seen) + 1, nfc(r["criterion_name"]), 0]
                crits.append(seen[no])
            if not known:
                continue
            seen[no][4] = 1
            vt = TYPES[r["value_type"].strip()]
            sort = sum(1 for i in inds if i[0] == code and i[1] == no) + 1
            note = nfc(r.get("notes_on_regional_targets", "") or "")
            inds.append([code, no, r["indicator_code"].strip(), sort, nfc(r["indicator_name"]), vt,
                         UNITS.get(vt, ""), "", note])
            if "target_general" in r:
                op, th, text = target(r["target_general"])
                targets.append([code, r["indicator_code"].strip(), "*", op, th, text])
            else:
                for g in ("1", "2", "3"):
                    targets.append([code, r["indicator_code"].strip(), g, "", "", nfc(r["target_group" + g])])

    def write(name, header, rows):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    write("sets.csv", ["code", "name", "decision", "tier", "target_scheme", "year_from", "year_to", "verified",
                       "source_url"], sets)
    write("criteria.csv", ["set", "number", "sort", "name", "indicators_loaded"], crits)
    write("indicators.csv", ["set", "criterion", "code", "sort", "name", "value_type", "unit", "levels", "note"],
          inds)
    write("targets.csv", ["set", "indicator", "applies_to", "op", "threshold", "text"], targets)

    units = []
    for p in json.load(open(units_json, encoding="utf-8")):
        pk = KINDS[p["FullName"][: len(p["FullName"]) - len(p["Name"])].strip()]
        units.append([p["Code"], "", pk, nfc(p["Name"]), p["CodeName"]])
        for w in p["Wards"]:
            prefix = nfc(w["FullName"][: len(w["FullName"]) - len(w["Name"])])
            units.append([w["Code"], p["Code"], KINDS[prefix], nfc(w["Name"]), w["CodeName"]])
    write("units.csv", ["code", "province", "kind", "name", "slug"], units)


if __name__ == "__main__":
    main()
