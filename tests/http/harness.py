"""harness.py - what the end-to-end tests stand on.

A demo database is made once per run with the sanitizer build of dinh and
copied for each server. A server is started on port 0; the harness reads
the port from the line dinh prints when it listens (no sleeping), talks
HTTP to it like a browser would, and on stop checks that dinh exited 0
and that neither AddressSanitizer nor UndefinedBehaviorSanitizer spoke.
"""
import gzip
import http.client
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DINH = os.path.join(ROOT, "build", "san", "dinh")
# The release build (make test builds both): for filling big databases,
# which the sanitizers would make five times slower and which the servers
# under test (the sanitizer build) then read.
DINH_RELEASE = os.path.join(ROOT, "build", "dinh")
STATIC = os.path.join(ROOT, "build", "static")
BASE_URL = "https://ntm.example.gov.vn"
WORK = tempfile.mkdtemp(prefix="dinh-http-")
os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
_demo = None
_tests = []
DEMO_LOGINS = {}  # login -> password, as `dinh init --demo` printed them


def test(fn):
    """Registers a test function."""
    _tests.append(fn)
    return fn


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def run(args, timeout=120, **kw):
    """Runs dinh (or another command) and returns (code, stdout, stderr)."""
    p = subprocess.run(args, capture_output=True, timeout=timeout, text=True, **kw)
    return p.returncode, p.stdout, p.stderr


def demo_db():
    """The demo database of this run, made once."""
    global _demo
    if _demo is None:
        path = os.path.join(WORK, "demo.db")
        code, out, err = run([DINH, "init", "--db", path, "--demo"], timeout=300)
        if code != 0:
            raise Failure("dinh init --demo failed: " + err)
        for m in re.finditer(r"^  (\S+)\s+(\S{16}) ", out, re.M):
            DEMO_LOGINS[m.group(1)] = m.group(2)
        if len(DEMO_LOGINS) != 7:
            raise Failure("dinh init --demo did not print seven demo logins: " + out)
        _demo = path
    return _demo


def fresh_db(name):
    """A private copy of the demo database."""
    path = os.path.join(WORK, name)
    shutil.copyfile(demo_db(), path)
    return path


def sanitizer_report(text):
    for needle in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "SUMMARY: UndefinedBehaviorSanitizer"):
        if needle in text:
            return needle
    return None


class Server:
    """A running `dinh serve` on a free port."""

    _count = 0
    _running = []  # started and not yet stopped

    def __init__(self, db=None, args=(), threads=2, timeout="2", binary=DINH, base_url=BASE_URL, env=None,
                 preexec_fn=None):
        Server._count += 1
        Server._running.append(self)
        self.db = db or fresh_db("srv%d.db" % Server._count)
        self.log_path = os.path.join(WORK, "srv%d.log" % Server._count)
        cmd = [binary, "serve", "--db", self.db, "--listen", "127.0.0.1:0", "--threads", str(threads),
               "--request-timeout", timeout, "--static", STATIC, "--test-hooks"]
        if base_url:
            cmd += ["--base-url", base_url]
        cmd += list(args)
        full_env = dict(os.environ, **(env or {}))
        self.proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=full_env,
                                     preexec_fn=preexec_fn)
        self.log = b""
        self.port = self._wait_for_port()

    def _read_some(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.proc.stderr], [], [], left)
        if not ready:
            return False
        chunk = os.read(self.proc.stderr.fileno(), 65536)
        if not chunk:
            return False
        self.log += chunk
        return True

    def _wait_for_port(self):
        deadline = time.monotonic() + 30
        while True:
            m = re.search(rb"\(port (\d+)\)", self.log)
            if m:
                return int(m.group(1))
            if not self._read_some(deadline):
                self.proc.kill()
                raise Failure("dinh serve did not start: " + self.log.decode(errors="replace")[-2000:])

    def drain_log(self, seconds=0.0):
        """Reads what dinh has written to stderr so far."""
        deadline = time.monotonic() + seconds
        while True:
            r, _, _ = select.select([self.proc.stderr], [], [], max(0.0, deadline - time.monotonic()))
            if not r:
                break
            chunk = os.read(self.proc.stderr.fileno(), 65536)
            if not chunk:
                break
            self.log += chunk
        return self.log.decode(errors="replace")

    def wait_log(self, pattern, timeout=5.0):
        """Reads dinh's stderr until `pattern` (a regex) appears; returns the
        match, or None when the time-out passes first."""
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.log.decode(errors="replace"))
            if m or not self._read_some(deadline):
                return m

    def stop(self, expect_code=0):
        if self in Server._running:
            Server._running.remove(self)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            _, rest = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, rest = self.proc.communicate()
            raise Failure("dinh serve did not stop within 30 s of SIGTERM")
        self.log += rest or b""
        text = self.log.decode(errors="replace")
        with open(self.log_path, "w") as f:
            f.write(text)
        bad = sanitizer_report(text)
        check(bad is None, "sanitizer report in dinh's log (%s): %s" % (bad, text[-3000:]))
        check(self.proc.returncode == expect_code, "dinh serve exited %s, expected %s: %s" %
              (self.proc.returncode, expect_code, text[-1500:]))
        return text

    def __enter__(self):
        return self

    def __exit__(self, kind, value, tb):
        if kind is None:
            self.stop()
        else:
            try:
                self.stop()
            except Failure:
                pass
        return False

    def request(self, method, path, headers=None, body=None, timeout=10):
        """One request on a new connection; returns (status, headers, body).
        Header names are lower-case; repeated headers are joined with ', '."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            hdrs = {"Host": "ntm.example.gov.vn", "User-Agent": "Mozilla/5.0 (dinh tests)"}
            hdrs.update(headers or {})
            for k, v in hdrs.items():
                if v is not None:
                    conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            conn.endheaders(body)
            resp = conn.getresponse()
            data = resp.read()
            out = {}
            for k, v in resp.getheaders():
                k = k.lower()
                out[k] = out[k] + ", " + v if k in out else v
            return resp.status, out, data
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers)

    def page(self, path, headers=None):
        """GET a page that must answer 200; returns its text."""
        status, h, body = self.get(path, headers)
        check(status == 200, "GET %s answered %d" % (path, status))
        return body.decode("utf-8")

    def raw(self, data, timeout=5, read_until_close=True):
        """Sends raw bytes; returns what comes back until the server closes
        or the time-out passes."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        try:
            s.sendall(data)
            chunks = []
            while True:
                try:
                    c = s.recv(65536)
                except socket.timeout:
                    break
                if not c:
                    break
                chunks.append(c)
                if not read_until_close:
                    break
            return b"".join(chunks)
        finally:
            s.close()

    def hook(self, method, path):
        import json
        status, h, body = self.request(method, path)
        check(status == 200, "%s %s answered %d: %s" % (method, path, status, body[:200]))
        return json.loads(body)


def gunzip(data):
    return gzip.decompress(data)


def slice_of(spec):
    """HTTP_SLICE "LO:HI/N": the tests whose index i has LO <= i % N < HI
    (tests/run.sh gives each of its two lanes a share); all without it."""
    m = re.fullmatch(r"(\d+):(\d+)/(\d+)", spec or "")
    if not m:
        return lambda i: True
    lo, hi, n = (int(x) for x in m.groups())
    return lambda i: lo <= i % n < hi


def main():
    only = sys.argv[1:]
    mine = slice_of(os.environ.get("HTTP_SLICE"))
    passed = failed = 0
    for i, fn in enumerate(_tests):
        if only and not any(o in fn.__name__ for o in only):
            continue
        if not mine(i):
            continue
        t0 = time.monotonic()
        try:
            fn()
            passed += 1
            print("ok %s (%.2fs)" % (fn.__name__, time.monotonic() - t0), flush=True)
        except Exception as e:  # a failed check, or anything unexpected
            failed += 1
            detail = str(e) if isinstance(e, Failure) else traceback.format_exc()
            print("FAIL %s: %s" % (fn.__name__, detail[:4000]), flush=True)
    # the servers some files share between their tests (test_pages, test_docs)
    # stop here, and stop as every server must: clean, and the sanitizers quiet
    for srv in list(Server._running):
        if srv.proc.poll() is not None:
            continue  # ended by its test (a kill -9, a refused start): nothing left running
        try:
            srv.stop()
        except Exception as e:
            failed += 1
            print("FAIL a server shared by tests (%s): %s" % (srv.db, str(e)[:4000]), flush=True)
    shutil.rmtree(WORK, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0
