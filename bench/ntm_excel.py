#!/usr/bin/env python3
"""ntm_excel.py - importing a national NTM workbook (part of make bench).

    ntm_excel.py --dinh BIN --static DIR [--work DIR] [--threads N] [--db FILE]

Makes (or, with --db, copies) a database by `dinh init --demo --ntm-scale
national`, signs in as the office's demo account (vanphong), downloads the
entry template of the fourth quarter of 2025 for the whole country (3,321
communes x the 58 indicators of the 2021-2025 set, one matrix sheet), fills
every cell with openpyxl, and times the import from the moment the upload
starts until the answer came (the whole file read, checked and written in
one transaction). Prints one JSON object:

  {"communes": 3321, "values": 192618, "cells": ..., "bytes": ..., "seconds": 12.3,
   "status": 200, "template_seconds": 2.1}

The target (issue 10) is under 30 s. Python 3 with openpyxl (Debian's
python3-openpyxl).
"""
import argparse
import http.client
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid

try:
    import openpyxl
except ImportError:  # Debian's python3-openpyxl, under another python3 on PATH
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

HOST = "127.0.0.1"


class Browser:
    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None, timeout=600):
        c = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        h = {"Host": "localhost", "Origin": "http://localhost"}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        h.update(headers or {})
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie":
                name, _, rest = v.partition("=")
                self.cookies[name] = rest.split(";")[0]
        c.close()
        return r.status, data

    def csrf(self, path):
        status, body = self.request("GET", path)
        m = re.search(rb'name="csrf" value="([^"]+)"', body)
        if status != 200 or not m:
            raise SystemExit("ntm_excel.py: no form at %s (%d)" % (path, status))
        return m.group(1).decode()

    def login(self, login, password):
        token = self.csrf("/quan-tri/dang-nhap")
        body = urllib.parse.urlencode({"csrf": token, "ten": login, "mat-khau": password})
        status, _ = self.request("POST", "/quan-tri/dang-nhap", body,
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if status != 303:
            raise SystemExit("ntm_excel.py: login of %s answered %d" % (login, status))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dinh", required=True)
    ap.add_argument("--static", required=True)
    ap.add_argument("--work", default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--db", default=None, help="a national demo database to copy (its logins beside it)")
    args = ap.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="dinh-ntm-excel-")
    db = os.path.join(work, "ntm-national.db")
    logins = ""
    if args.db:
        shutil.copyfile(args.db, db)
        logins = open(args.db + ".logins.txt").read()
    else:
        for f in (db, db + "-wal", db + "-shm"):
            if os.path.exists(f):
                os.remove(f)
        p = subprocess.run([args.dinh, "init", "--db", db, "--demo", "--ntm-scale", "national"],
                           capture_output=True, text=True, timeout=1800)
        if p.returncode != 0:
            raise SystemExit("ntm_excel.py: dinh init failed: " + p.stderr[-2000:])
        logins = p.stdout
    m = re.search(r"^\s+vanphong\s+(\S+)", logins, re.M)
    if not m:
        raise SystemExit("ntm_excel.py: no password of vanphong in the output of dinh init")
    password = m.group(1)
    port_file = os.path.join(work, "port-%d" % random.randrange(1 << 30))
    proc = subprocess.Popen([args.dinh, "serve", "--db", db, "--listen", HOST + ":0", "--threads",
                             str(args.threads), "--static", args.static, "--port-file", port_file, "--demo-logins",
                             "--request-timeout", "600"],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "ntm-excel.log"), "ab"))
    try:
        for _ in range(600):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.05)
        else:
            raise SystemExit("ntm_excel.py: dinh did not start")
        b = Browser(int(open(port_file).read().strip()))
        b.login("vanphong", password)
        t0 = time.monotonic()
        status, data = b.request("GET", "/quan-tri/nong-thon-moi/excel/mau.xlsx?nam=2025&quy=4&kieu=ma-tran&tinh=")
        template_s = time.monotonic() - t0
        if status != 200:
            raise SystemExit("ntm_excel.py: template answered %d" % status)
        wb = openpyxl.load_workbook(io.BytesIO(data))
        ws = wb["Nhập liệu"]
        cols = [c for c in range(3, ws.max_column + 1) if ws.cell(3, c).value]
        # what each column takes, from the template's data validation
        kinds = {}
        for dv in ws.data_validations.dataValidation:
            col = openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", str(dv.sqref)).group(0))
            if dv.type == "list":
                kinds[col] = ("list", dv.formula1.strip('"').split(","))
            elif dv.type == "whole":
                kinds[col] = ("whole", int(float(dv.formula2)))
            else:
                kinds[col] = ("decimal", float(dv.formula1), float(dv.formula2))
        communes = cells = 0
        rnd = random.Random(2025)
        for r in range(6, ws.max_row + 1):
            if not ws.cell(r, 1).value:
                continue
            communes += 1
            for c in cols:
                k = kinds[c]
                if k[0] == "list":
                    v = rnd.choice(k[1])
                elif k[0] == "whole":
                    v = rnd.randint(1, k[1])
                elif k[2] <= 100:
                    v = round(rnd.uniform(40, 100), 1)
                else:
                    v = rnd.randint(0, 50000)
                ws.cell(r, c).value = v
                cells += 1
        out = io.BytesIO()
        wb.save(out)
        body_file = out.getvalue()
        token = b.csrf("/quan-tri/nong-thon-moi/excel/")
        boundary = "----bench" + uuid.uuid4().hex
        body = (("--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n" % (boundary, token)).encode()
                + ("--%s\r\nContent-Disposition: form-data; name=\"tep\"; filename=\"ca-nuoc.xlsx\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n" % boundary).encode()
                + body_file + ("\r\n--%s--\r\n" % boundary).encode())
        t0 = time.monotonic()
        status, answer = b.request("POST", "/quan-tri/nong-thon-moi/excel/nhap", body,
                                   {"Content-Type": "multipart/form-data; boundary=" + boundary})
        seconds = time.monotonic() - t0
        text = answer.decode("utf-8", "replace")
        m = re.search(r"Đã nhập [^:]+: ([\d.,]+) xã, phường, ([\d.,]+) giá trị", text)
        if status != 200:
            with open(os.path.join(work, "ntm-excel-answer.html"), "w") as f:
                f.write(text)
        print(json.dumps({"communes": communes, "cells": cells, "bytes": len(body_file), "status": status,
                          "written_communes": int(m.group(1)) if m else 0,
                          "values": int(m.group(2)) if m else 0,
                          "seconds": round(seconds, 2), "template_seconds": round(template_s, 2)}))
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
