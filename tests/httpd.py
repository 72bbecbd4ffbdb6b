#!/usr/bin/python3
"""A small HTTP/1.1 server that misbehaves on purpose, for tests/test_fetch.c.

    httpd.py --port 0 --portfile FILE [--tls CERT KEY] [--token-file F]
             [--log F] [--flaky N] [--stall-seconds S] [--huge-bytes N]
             [--watch-stdin] [--max-seconds S]

It binds 127.0.0.1 only, writes the port it got to FILE (atomically, so a
reader never sees half a number), and serves these paths:

  /ok.csv        a small CSV with ETag and Last-Modified; If-None-Match or
                 If-Modified-Since that match get 304
  /flaky.csv     500 for the first N requests (--flaky, default 2), then 200
  /reset         sets the /flaky.csv counter back to 0
  /missing       404
  /stall         headers and a few bytes, then silence for --stall-seconds
  /short         Content-Length: 1000 and 100 bytes, then the connection closes
  /huge-chunked  a chunked body of --huge-bytes, without Content-Length
  /big-known     a body of --huge-bytes with its Content-Length
  /loop          302 to itself
  /to-file       302 to file:///etc/passwd
  /redirect-ok   302 to /ok.csv
  /auth          200 only with "Authorization: Bearer <token>" (the token is
                 the --token-file's first line, read on every request)
  /basic         200 only with Basic auth, user "fitsmon", password the token
  /files/NAME    with --docroot DIR (or --files DIR): DIR/NAME as read now
                 (no validators), so a test changes what the next night
                 fetches by writing it

An export that goes wrong (tests/it_fetchgood.sh): /good.csv is a whole
ticket export, /next.csv the next night's (one more ticket); the other
paths answer 200 (unless said) with something that is not that export:

  /login          an HTML login page, text/html
  /empty          an empty body, Content-Length: 0
  /nocontent      204 No Content
  /br-junk        Content-Encoding: br and bytes that are not brotli
  /gzip-half      Content-Encoding: gzip, the gzipped next export cut in
                  half, with a Content-Length matching the cut size
  /gzip-half-close  the same cut without Content-Length; the connection closes
  /long-promise   Content-Length of the whole next export, half of it, close
  /cl-short       Content-Length cut mid-row, then the whole next export
  /early-close    no Content-Length: half the next export, then close

and the next export whole but compressed, which is good: /next-gzip
(Content-Encoding: gzip, two gzip members), /next-deflate (deflate
without its zlib wrapper, as some servers send it).

With --log, every request line and its headers are appended to the file
(blank line after each), so a test can check what the client sent.  With
--watch-stdin the server exits when its stdin reaches end of file (the
test holds the other end of a pipe, so a crashed test takes its servers
with it); --max-seconds (default 120) is a last resort.  Python standard
library only.
"""

import argparse
import base64
import email.utils
import gzip
import http.server
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
import zlib

OK_BODY = (b"id,opened,priority,status\r\n"
           b"INC1001,2026-11-27T09:00:00Z,P1,Resolved\r\n"
           b"INC1002,2026-11-27T10:30:00Z,P3,Open\r\n")
OK_ETAG = '"ok-v1"'
OK_LAST_MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT"
FLAKY_BODY = b"id,opened\r\nINC2001,2026-11-27T11:00:00Z\r\n"
GOOD_BODY = (b"Ticket Ref,Opened,Responded,Resolved\r\n"
             b"INC3001,2026-11-27T09:00:00Z,2026-11-27T09:10:00Z,2026-11-27T10:00:00Z\r\n"
             b"INC3002,2026-11-27T10:00:00Z,2026-11-27T10:05:00Z,2026-11-27T11:00:00Z\r\n")
# the next night's export; every cut of it below ends inside INC3003's row,
# just after its Opened cell, so a copy taken in whole would show INC3003
# still open, unanswered and late: a false finding
NEXT_ROW = b"INC3003,2026-11-27T11:00:00Z,2026-11-27T11:05:00Z,2026-11-27T12:00:00Z\r\n"
NEXT_BODY = GOOD_BODY + NEXT_ROW
NEXT_CUT = len(GOOD_BODY) + NEXT_ROW.index(b"Z,") + 2
LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n"
              b"<body><form method=post action=/login><input name=user>"
              b"<input type=password name=pass></form></body></html>\n")


def raw_deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, opts):
        super().__init__(("127.0.0.1", opts.port), Handler)
        self.opts = opts
        self.lock = threading.Lock()
        self.flaky_count = 0

    def handle_error(self, request, client_address):
        # Clients that hang up mid-body are the point of several paths.
        pass


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fitsmon-test-httpd"
    sys_version = ""

    def log_message(self, format, *args):
        pass

    # -- helpers ---------------------------------------------------------

    def record(self):
        log = self.server.opts.log
        if not log:
            return
        with self.server.lock, open(log, "a", encoding="utf-8") as f:
            f.write("%s %s\n" % (self.command, self.path))
            for name, value in self.headers.items():
                f.write("%s: %s\n" % (name, value))
            f.write("\n")

    def token(self):
        path = self.server.opts.token_file
        if not path:
            return None
        with open(path, encoding="utf-8") as f:
            return f.readline().rstrip("\r\n")

    def reply(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def redirect(self, where):
        self.reply(302, b"", [("Location", where)])

    # -- paths -----------------------------------------------------------

    def not_modified(self):
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or OK_ETAG in tags
        ims = self.headers.get("If-Modified-Since")
        if ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims)
                return since >= email.utils.parsedate_to_datetime(OK_LAST_MODIFIED)
            except (TypeError, ValueError):
                return False
        return False

    def ok_csv(self):
        validators = [("ETag", OK_ETAG), ("Last-Modified", OK_LAST_MODIFIED)]
        if self.not_modified():
            self.send_response(304)
            for name, value in validators:
                self.send_header(name, value)
            self.end_headers()
            return
        self.reply(200, OK_BODY, [("Content-Type", "text/csv")] + validators)

    def flaky(self):
        with self.server.lock:
            self.server.flaky_count += 1
            n = self.server.flaky_count
        if n <= self.server.opts.flaky:
            self.reply(500, b"server error\n")
        else:
            self.reply(200, FLAKY_BODY, [("Content-Type", "text/csv")])

    def reset(self):
        with self.server.lock:
            self.server.flaky_count = 0
        self.reply(200, b"reset\n")

    def stall(self):
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"id,opened\n")
        self.wfile.flush()
        time.sleep(self.server.opts.stall_seconds)
        try:
            self.wfile.write(b"x" * 990)
        except OSError:
            pass

    def short(self):
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"y" * 100)
        self.wfile.flush()

    def huge(self, chunked):
        self.close_connection = True
        total = self.server.opts.huge_bytes
        self.send_response(200)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        block = b"z" * 65536
        sent = 0
        try:
            while sent < total:
                part = block[:min(len(block), total - sent)]
                if chunked:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                else:
                    self.wfile.write(part)
                sent += len(part)
            if chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def raw(self, code, headers, body, length=None):
        """Status, headers, Content-Length `length` (None: none, the
        connection closes after the body), then body; the connection
        closes after it either way."""
        self.close_connection = True
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            pass

    def gzip_half(self, with_length):
        z = gzip.compress(NEXT_BODY, mtime=0)
        half = z[:len(z) // 2]
        self.raw(200, [("Content-Type", "text/csv"), ("Content-Encoding", "gzip")], half,
                 len(half) if with_length else None)

    def auth(self, scheme):
        token = self.token()
        got = self.headers.get("Authorization")
        if scheme == "Bearer":
            want = "Bearer " + token if token else None
        else:
            cred = ("fitsmon:%s" % token).encode("utf-8") if token else None
            want = "Basic " + base64.b64encode(cred).decode("ascii") if cred else None
        if want is not None and got == want:
            self.reply(200, OK_BODY, [("Content-Type", "text/csv")])
        else:
            self.reply(401, b"unauthorised\n",
                       [("WWW-Authenticate", '%s realm="fitsmon-test"' % scheme)])

    def do_GET(self):
        self.record()
        path = urllib.parse.urlsplit(self.path).path
        routes = {
            "/ok.csv": self.ok_csv,
            "/flaky.csv": self.flaky,
            "/reset": self.reset,
            "/missing": lambda: self.reply(404, b"not found\n"),
            "/stall": self.stall,
            "/short": self.short,
            "/huge-chunked": lambda: self.huge(True),
            "/big-known": lambda: self.huge(False),
            "/loop": lambda: self.redirect("/loop"),
            "/to-file": lambda: self.redirect("file:///etc/passwd"),
            "/redirect-ok": lambda: self.redirect("/ok.csv"),
            "/auth": lambda: self.auth("Bearer"),
            "/basic": lambda: self.auth("Basic"),
            "/good.csv": lambda: self.reply(200, GOOD_BODY, [("Content-Type", "text/csv")]),
            "/next.csv": lambda: self.reply(200, NEXT_BODY, [("Content-Type", "text/csv")]),
            "/login": lambda: self.reply(200, LOGIN_PAGE,
                                         [("Content-Type", "text/html; charset=utf-8")]),
            "/empty": lambda: self.reply(200, b"", [("Content-Type", "text/csv")]),
            "/nocontent": lambda: self.raw(204, [], b""),
            "/br-junk": lambda: self.reply(200, b"\x8b\x02\x80not brotli at all\r\n" * 8,
                                           [("Content-Type", "text/csv"),
                                            ("Content-Encoding", "br")]),
            "/gzip-half": lambda: self.gzip_half(True),
            "/gzip-half-close": lambda: self.gzip_half(False),
            "/long-promise": lambda: self.raw(200, [("Content-Type", "text/csv")],
                                              NEXT_BODY[:NEXT_CUT], len(NEXT_BODY)),
            "/cl-short": lambda: self.raw(200, [("Content-Type", "text/csv")], NEXT_BODY,
                                          NEXT_CUT),
            "/next-gzip": lambda: self.reply(
                200, gzip.compress(NEXT_BODY[:50], mtime=0) + gzip.compress(NEXT_BODY[50:], mtime=0),
                [("Content-Type", "text/csv"), ("Content-Encoding", "gzip")]),
            "/next-deflate": lambda: self.reply(200, raw_deflate(NEXT_BODY),
                                                [("Content-Type", "text/csv"),
                                                 ("Content-Encoding", "deflate")]),
            "/early-close": lambda: self.raw(200, [("Content-Type", "text/csv")],
                                             NEXT_BODY[:NEXT_CUT]),
        }
        if path.startswith("/files/") and self.server.opts.docroot:
            self.docfile(path[len("/files/"):])
            return
        routes.get(path, lambda: self.reply(404, b"no such path\n"))()

    def docfile(self, name):
        if "/" in name or name.startswith("."):
            self.reply(404, b"no such file\n")
            return
        try:
            with open(os.path.join(self.server.opts.docroot, name), "rb") as f:
                body = f.read()
        except OSError:
            self.reply(404, b"no such file\n")
            return
        self.reply(200, body, [("Content-Type", "text/csv")])


def watch_stdin():
    """Exit as soon as stdin is closed by the other end."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    finally:
        os._exit(0)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--portfile", required=True)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--token-file")
    p.add_argument("--log")
    p.add_argument("--flaky", type=int, default=2)
    p.add_argument("--stall-seconds", type=float, default=5.0)
    p.add_argument("--huge-bytes", type=int, default=4 * 1024 * 1024)
    p.add_argument("--watch-stdin", action="store_true")
    p.add_argument("--max-seconds", type=float, default=120.0)
    p.add_argument("--docroot", "--files", dest="docroot",
                   help="serve /files/NAME from this folder")
    opts = p.parse_args()

    server = Server(opts)
    if opts.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(opts.tls[0], opts.tls[1])
        server.socket = ctx.wrap_socket(server.socket, server_side=True)

    if opts.watch_stdin:
        threading.Thread(target=watch_stdin, daemon=True).start()
    killer = threading.Timer(opts.max_seconds, lambda: os._exit(0))
    killer.daemon = True
    killer.start()

    tmp = opts.portfile + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, opts.portfile)
    server.serve_forever()


if __name__ == "__main__":
    main()
