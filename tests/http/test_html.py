"""test_html.py - every page type through the Nu HTML checker (vnu.jar
from the npm package vnu-jar, run with Debian's Java)."""
import json
import os
import re
import sqlite3
import subprocess
import urllib.parse

from harness import ROOT, WORK, Failure, Server, check, demo_db, test
from test_newsroom import article_form, signed_in

VNU = os.path.join(ROOT, "tests", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


def page_urls():
    db = sqlite3.connect(demo_db())
    cat = db.execute("SELECT slug FROM category ORDER BY position LIMIT 1").fetchone()[0]
    aid, slug, cslug = db.execute(
        "SELECT a.id, a.slug, c.slug FROM article a JOIN category c ON c.id = a.category_id "
        "WHERE a.body LIKE '%[[anh:%' ORDER BY a.published_at DESC LIMIT 1").fetchone()
    merged = db.execute("SELECT u.code FROM ntm_unit_lineage l JOIN ntm_unit u ON u.id = l.to_unit_id "
                        "ORDER BY u.code LIMIT 1").fetchone()[0]
    return {
        "home": "/",
        "category": "/tin-tuc/%s/?trang=2" % cat,
        "all-news": "/tin-tuc/",
        "tag": "/tu-khoa/nong-thon-moi/?trang=2",
        "article": "/tin-tuc/%s/%s-%d.html" % (cslug, slug, aid),
        "print": "/in/%d.html" % aid,
        "saved-file": "/tai-ve/%d.html" % aid,
        "ntm-dashboard": "/nong-thon-moi/?nam=2025",
        "ntm-commune": "/nong-thon-moi/xa/18406?nam=2025",
        "ntm-criterion": "/nong-thon-moi/tieu-chi/8?nam=2025",
        "ntm-map": "/nong-thon-moi/ban-do?nam=2025",
        "ntm-compare": "/nong-thon-moi/so-sanh?tu=2022&den=2025",
        "ntm-compare-sets": "/nong-thon-moi/so-sanh?tu=2025&den=2026",
        "ntm-map-plan": "/nong-thon-moi/ban-do?nam=2026&theo=ke-hoach",
        "ntm-trainings": "/nong-thon-moi/tap-huan/",
        "ntm-training": "/nong-thon-moi/tap-huan/1",
        "ntm-visits": "/nong-thon-moi/doan-cong-tac/",
        "ntm-visit": "/nong-thon-moi/doan-cong-tac/4",
        "ntm-national": "/nong-thon-moi/ca-nuoc?nam=2025",
        "ntm-quarter": "/nong-thon-moi/?ky=2026-Q2",
        "ntm-merged-commune": "/nong-thon-moi/xa/%s?nam=2026" % merged,
        "ntm-commune-mentions": "/nong-thon-moi/xa/18172",
        "error-404": "/khong-co-trang-nay",
        "error-400": "/%00",
    }


@test
def nu_checker_finds_no_error():
    if not os.path.exists(VNU):
        raise Failure("vnu.jar missing: run `npm ci --prefix tests` (make test does)")
    files = []
    with Server(args=["--demo-logins"]) as srv:
        pages = []
        for name, url in page_urls().items():
            status, h, body = srv.get(url)
            if status == 301:  # an activity's address without its slug
                status, h, body = srv.get(urllib.parse.urlsplit(h["location"]).path)
            check(status in (200, 400, 404), "%s answered %d" % (url, status))
            pages.append((name, body))
        status, h, body = srv.get("/quan-tri/dang-nhap")
        pages.append(("admin-login", body))
        admin = signed_in(srv, "quantri")
        # One article with a saved version, for the pages of versions.
        status, h, _ = article_form(admin, "/quan-tri/bai-viet/1", "luu", tom_tat="Tóm tắt sửa lại.")
        check(status == 303, "saving article 1 answered %d" % status)
        _, _, versions = admin.get("/quan-tri/bai-viet/1/ban-luu")
        first = re.search(r'name="tu" value="(\d+)"', versions)
        check(first, "article 1 has no saved version")
        for name, url in (("admin-home", "/quan-tri/"), ("admin-account", "/quan-tri/tai-khoan/"),
                          ("admin-users", "/quan-tri/nguoi-dung/"), ("admin-audit", "/quan-tri/nhat-ky/"),
                          ("admin-articles", "/quan-tri/bai-viet/"), ("admin-article", "/quan-tri/bai-viet/1"),
                          ("admin-new-article", "/quan-tri/bai-viet/moi"),
                          ("admin-versions", "/quan-tri/bai-viet/1/ban-luu"),
                          ("admin-compare", "/quan-tri/bai-viet/1/ban-luu/so-sanh?tu=" + first.group(1))):
            status, h, text = admin.get(url)
            check(status == 200, "%s answered %d" % (url, status))
            pages.append((name, text.encode()))
        # two-step sign-in being set up: the QR code drawn inline as SVG
        status, h, _ = admin.post("/quan-tri/tai-khoan/hai-buoc",
                                  {"csrf": admin.csrf("/quan-tri/tai-khoan/hai-buoc"), "viec": "bat-dau"})
        check(status == 303, "starting two-step sign-in answered %d" % status)
        status, h, text = admin.get("/quan-tri/tai-khoan/hai-buoc")
        check(status == 200 and 'class="qr"' in text, "the two-step setup page has no QR code")
        pages.append(("admin-twofactor-setup", text.encode()))
        for name, url in (("admin-activities", "/quan-tri/nong-thon-moi/hoat-dong/"),
                          ("admin-training", "/quan-tri/nong-thon-moi/hoat-dong/1"),
                          ("admin-visit", "/quan-tri/nong-thon-moi/hoat-dong/4"),
                          ("admin-visit-new", "/quan-tri/nong-thon-moi/hoat-dong/doan-cong-tac/moi")):
            status, h, text = admin.get(url)
            check(status == 200, "%s answered %d" % (url, status))
            pages.append((name, text.encode()))
        # the visit form with its problems beside the fields
        status, h, text = admin.post("/quan-tri/nong-thon-moi/hoat-dong/4",
                                     {"csrf": admin.csrf("/quan-tri/nong-thon-moi/hoat-dong/4"), "thao-tac": "luu",
                                      "tieu-de": "", "tu-ngay": "2026-04-10", "den-ngay": "2026-04-09",
                                      "xa-1": "99999", "tu-1": "09:00", "den-1": "08:00"})
        check(status == 400, "the visit form with problems answered %d" % status)
        pages.append(("admin-visit-problems", text.encode()))
        for name, url in (("admin-documents", "/quan-tri/van-ban/"), ("admin-document-new", "/quan-tri/van-ban/moi"),
                          ("admin-document", "/quan-tri/van-ban/1")):
            status, h, text = admin.get(url)
            check(status == 200, "%s answered %d" % (url, status))
            pages.append((name, text.encode()))
        # the NTM office's pages, and one of their forms sent back with problems
        office = "/quan-tri/nong-thon-moi/van-phong/"
        for page in ("tai-khoan/", "cong-nhan/", "ke-hoach/", "phan-cong/", "do-dau/", "mo-hinh/", "nguon-von/",
                     "don-vi/", "bo-tieu-chi/", "bo-tieu-chi/QD318-2022"):
            status, h, text = admin.get(office + page)
            check(status == 200, "%s answered %d" % (page, status))
            pages.append(("admin-office-" + page.strip("/").replace("/", "-"), text.encode()))
        status, h, text = admin.post(office + "nguon-von/", {"csrf": admin.csrf(office + "nguon-von/"), "don-vi": "x",
                                                             "nam": "1990", "nguon": "?", "so-tien": "mười"})
        check(status == 400, "the funds form with problems answered %d" % status)
        pages.append(("admin-office-problems", text.encode()))
        status, h, text = admin.get(office + "ke-hoach/?nam=2028&trang=2&trang-tc=x")
        check(status == 400, "the plans with a wrong page answered %d" % status)
        pages.append(("admin-office-plans-filtered", text.encode()))
        # the document form with its problems shown beside the fields
        status, h, text = admin.post("/quan-tri/van-ban/1", {"csrf": admin.csrf("/quan-tri/van-ban/1"), "viec": "luu",
                                                             "so-ky-hieu": "Kế hoạch số 5/QĐ-UBND",
                                                             "thay-the-boi": "abc", "trich-yeu": "x"})
        check(status == 400, "the document form with problems answered %d" % status)
        pages.append(("admin-document-problems", text.encode()))
        # the article form with a refused cover, tags, category and documents beside their fields
        status, h, text = article_form(admin, "/quan-tri/bai-viet/1", "luu", anh="999999",
                                       tu_khoa=", ".join("t%d" % i for i in range(21)),
                                       chuyen_muc_khac="999999", van_ban_lien_quan="999/KH-UBND")
        check(status == 400 and text.count('class="field-error"') >= 3,
              "the article form with problems answered %d" % status)
        pages.append(("admin-article-problems", text.encode()))
        # the NTM entry and checking screens (src/ntm/entry.c), and one with a refused value
        office = signed_in(srv, "vanphong")
        for name, url in (("ntm-units", "/quan-tri/nong-thon-moi/?ky=2025"),
                          ("ntm-entry", "/quan-tri/nong-thon-moi/nhap/18073/2025"),
                          ("ntm-entry-recorded", "/quan-tri/nong-thon-moi/nhap/18073/2026"),
                          ("ntm-queue", "/quan-tri/nong-thon-moi/van-phong/")):
            status, h, text = office.get(url)
            check(status == 200, "%s answered %d" % (url, status))
            pages.append((name, text.encode()))
        review = re.search(r"/quan-tri/nong-thon-moi/van-phong/duyet/\d+", text).group(0)
        status, h, text = office.get(review)
        check(status == 200, "%s answered %d" % (review, status))
        pages.append(("ntm-review", text.encode()))
        reporter = signed_in(srv, "canboxa")
        entry = "/quan-tri/nong-thon-moi/nhap/18073/2025-q2"
        field = re.search(r'name="(gt-\d+)" value="" inputmode', reporter.get(entry)[2]).group(1)
        status, h, text = reporter.post(entry, {"csrf": reporter.csrf(entry), "viec": "luu", field: "abc"})
        check(status == 400 and 'class="field-error"' in text, "the entry form with a wrong value answered %d" % status)
        pages.append(("ntm-entry-problems", text.encode()))
        for name, body in pages:
            path = os.path.join(WORK, "vnu-%s.html" % name)
            with open(path, "wb") as f:
                f.write(body)
            files.append(path)
    p = subprocess.run(["java", "-jar", VNU, "--errors-only", "--format", "json"] + files,
                       capture_output=True, text=True, timeout=180)
    report = json.loads(p.stderr or p.stdout or '{"messages": []}')
    errors = [m for m in report.get("messages", []) if m.get("type") == "error"]
    detail = "; ".join("%s:%s %s" % (os.path.basename(m.get("url", "")), m.get("lastLine"), m.get("message"))
                       for m in errors[:10])
    check(not errors, "%d HTML errors: %s" % (len(errors), detail))
