#!/usr/bin/python3
"""A slow HTTP/1.1 file server on 127.0.0.1, for tests/it_crash.sh and
tests/it_secrets.sh.

    slowhttpd.py --dir DIR --portfile FILE [--port N] [--chunk BYTES]
                 [--delay-file F] [--token-file F] [--max-seconds S]

GET /NAME serves the file DIR/NAME (NAME is one path component), read
afresh on every request, so a test changes what the server sends by
renaming a new file over the old one.  The body goes out chunked
(Transfer-Encoding: chunked, no Content-Length) in pieces of --chunk bytes
(default 65536), sleeping between pieces for the number of seconds written
in --delay-file (read on every request: a test can make the server slow
for a run it will kill and fast for the run that recovers; no file or an
empty one means no delay).

Every 200 carries an ETag that is the SHA-256 of the body; If-None-Match
with that tag gets 304.  With --token-file every request must carry
"Authorization: Bearer <first line of the file>" or it gets 401.

The port is written to --portfile atomically once the server listens.
The server stops after --max-seconds (default 300), so a test that dies
leaves nothing behind for long.  Python standard library only.
"""

import argparse
import hashlib
import http.server
import os
import socketserver
import threading
import time
import urllib.parse


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, opts):
        super().__init__(("127.0.0.1", opts.port), Handler)
        self.opts = opts
        self.lock = threading.Lock()
        self.cache = {}   # path -> ((inode, size, mtime_ns), body, etag)

    def handle_error(self, request, client_address):
        pass   # clients killed mid-body are the point of this server

    def body(self, path):
        st = os.stat(path)
        ident = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self.lock:
            hit = self.cache.get(path)
            if hit and hit[0] == ident:
                return hit[1], hit[2]
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()
        with self.lock:
            self.cache[path] = (ident, data, etag)
        return data, etag

    def delay(self):
        f = self.opts.delay_file
        if not f:
            return 0.0
        try:
            with open(f, encoding="ascii") as fh:
                text = fh.read().strip()
            return float(text) if text else 0.0
        except (OSError, ValueError):
            return 0.0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fitsmon-test-slowhttpd"
    sys_version = ""

    def log_message(self, format, *args):
        pass

    def plain(self, code, text):
        body = text.encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        if code == 401:
            self.send_header("WWW-Authenticate", 'Bearer realm="fitsmon-test"')
        self.end_headers()
        self.wfile.write(body)

    def authorised(self):
        tf = self.server.opts.token_file
        if not tf:
            return True
        with open(tf, encoding="utf-8") as f:
            token = f.readline().rstrip("\r\n")
        return self.headers.get("Authorization") == "Bearer " + token

    def do_GET(self):
        name = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path.lstrip("/"))
        if not name or "/" in name or name.startswith("."):
            return self.plain(404, "no such file\n")
        if not self.authorised():
            return self.plain(401, "unauthorised\n")
        path = os.path.join(self.server.opts.dir, name)
        try:
            data, etag = self.server.body(path)
        except OSError:
            return self.plain(404, "no such file\n")
        inm = self.headers.get("If-None-Match")
        if inm is not None and etag in [t.strip() for t in inm.split(",")]:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        delay = self.server.delay()
        chunk = self.server.opts.chunk
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/csv")
        self.send_header("ETag", etag)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        try:
            for at in range(0, len(data), chunk):
                part = data[at:at + chunk]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                self.wfile.flush()
                if delay > 0:
                    time.sleep(delay)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            pass   # the client went away (killed): nothing to do


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dir", required=True)
    p.add_argument("--portfile", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--chunk", type=int, default=65536)
    p.add_argument("--delay-file")
    p.add_argument("--token-file")
    p.add_argument("--max-seconds", type=float, default=300.0)
    opts = p.parse_args()
    server = Server(opts)
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
