"""test_proxy.py - dinh behind the deploy/ nginx site, run as its own nginx
instance on free ports with a throwaway certificate."""
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess

from harness import ROOT, WORK, Failure, Server, check, run, test


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def nginx_for(upstream_port):
    """Starts nginx -p DIR with deploy/nginx-dinh.conf pointed at our ports."""
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        raise Failure("nginx is not installed (scripts/deps.sh --test installs it)")
    d = os.path.join(WORK, "nginx%d" % upstream_port)
    for sub in ("logs", "body"):  # body: where nginx keeps a large request body while it sends it on
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    cert, key = os.path.join(d, "cert.pem"), os.path.join(d, "key.pem")
    code, out, err = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                          "-days", "1", "-subj", "/CN=ntm.example.gov.vn"])
    check(code == 0, "openssl: " + err)
    site = open(os.path.join(ROOT, "deploy", "nginx-dinh.conf")).read()
    http_port, https_port = free_port(), free_port()
    site = site.replace("127.0.0.1:8080", "127.0.0.1:%d" % upstream_port)
    site = re.sub(r"listen 80;", "listen 127.0.0.1:%d;" % http_port, site)
    site = re.sub(r"listen 443 ssl http2;", "listen 127.0.0.1:%d ssl http2;" % https_port, site)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    site = site.replace("/etc/ssl/certs/ssl-cert-snakeoil.pem", cert).replace(
        "/etc/ssl/private/ssl-cert-snakeoil.key", key)
    # the workers as the user the suite runs as: they write large bodies under d
    conf = """
user %(user)s;
worker_processes 1;
daemon off;
pid %(d)s/nginx.pid;
error_log %(d)s/logs/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path %(d)s/body;
    proxy_temp_path %(d)s/proxy;
    fastcgi_temp_path %(d)s/fastcgi;
    uwsgi_temp_path %(d)s/uwsgi;
    scgi_temp_path %(d)s/scgi;
    include /etc/nginx/mime.types;
%(site)s
}
""" % {"d": d, "site": site, "user": pwd.getpwuid(os.geteuid()).pw_name}
    path = os.path.join(d, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([binary, "-p", d, "-c", path], stderr=subprocess.PIPE)
    # nginx is ready when its port accepts a connection
    import time
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise Failure("nginx did not start: %s" % proc.stderr.read().decode())
    return proc, https_port


def tls_raw(port, data):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["http/1.1"])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        with ctx.wrap_socket(s, server_hostname="ntm.example.gov.vn") as t:
            t.sendall(data)
            out = b""
            while True:
                try:
                    c = t.recv(65536)
                except (socket.timeout, ssl.SSLError):
                    break
                if not c:
                    break
                out += c
            return out


@test
def nginx_refuses_ambiguous_framing():
    with Server(args=["--trusted-proxy", "127.0.0.1", "--access-log"]) as srv:
        proc, port = nginx_for(srv.port)
        try:
            ok = tls_raw(port, b"GET / HTTP/1.1\r\nHost: ntm.example.gov.vn\r\nConnection: close\r\n\r\n")
            check(ok.startswith(b"HTTP/1.1 200") and "Tin mới nhất".encode() in ok, "through nginx: %r" % ok[:200])
            smuggle = (b"POST / HTTP/1.1\r\nHost: ntm.example.gov.vn\r\nContent-Length: 0\r\nContent-Length: 44\r\n\r\n"
                       b"GET /smuggled-request HTTP/1.1\r\nHost: x\r\n\r\n")
            bad = tls_raw(port, smuggle)
            check(bad.startswith(b"HTTP/1.1 400"), "two Content-Length headers answered %r" % bad[:120])
            check(bad.count(b"HTTP/1.1") == 1, "a smuggled second request was answered")
            srv.get("/khong-co-sau-cung")  # a marker: once it is logged, everything before it is too
            check(srv.wait_log(r'"GET /khong-co-sau-cung"'), "marker request not logged")
            check("/smuggled-request" not in srv.log.decode(errors="replace"), "the smuggled request reached dinh")
            m = re.search(r'(\S+) "GET /" 200', srv.log.decode(errors="replace"))
            check(m and m.group(1) == "127.0.0.1", "address seen through nginx: %r" % (m and m.group(1)))
            # a picture of a few megabytes reaches dinh, which answers it itself (here: not signed in),
            # not nginx's English 413 for a body over its own limit
            body = b"x" * (3 << 20)
            up = tls_raw(port, b"POST /quan-tri/thu-vien/tai-len HTTP/1.1\r\nHost: ntm.example.gov.vn\r\n"
                               b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: %d\r\n"
                               b"Connection: close\r\n\r\n" % len(body) + body)
            check(not up.startswith(b"HTTP/1.1 413") and "lang=\"vi\"".encode() in up,
                  "a 3 MB upload through nginx answered %r" % up[:160])
        finally:
            proc.terminate()
            proc.wait(10)
