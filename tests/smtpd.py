#!/usr/bin/python3
"""A small SMTP server for fitsmon's tests, on 127.0.0.1 only.

It records what it receives and can be made strict or unhelpful:

  --port N / --portfile F   listen on N (0: any free port) and write the
                            port to F once listening (written atomically)
  --spool DIR               each message accepted becomes DIR/N.eml (the
                            bytes after DATA, dot-unstuffed, CRLF kept) and
                            DIR/N.json (mail_from, rcpt_tos, auth_login,
                            tls), N counting from 1
  --starttls CERT KEY       offer STARTTLS with this certificate
  --tls CERT KEY            TLS from the first byte (for smtps://)
  --auth USER PASS          require AUTH (PLAIN or LOGIN, offered only over
                            TLS) with these credentials before MAIL
  --reject-rcpt ADDR        answer RCPT TO:<ADDR> with 550 (repeatable)
  --reject-data             answer every message (after DATA) with 554
  --stall-after-data S      say nothing for S seconds after the final dot
                            of DATA (then accept), and stop reading the
                            session meanwhile
  --log FILE                one line per connection event; never a password
  --max-seconds S           stop after S seconds (a test that dies leaves
                            no server behind)

Built on Debian's python3-aiosmtpd (the standard library's smtpd is gone
from Python 3.12 and deprecated in 3.11).
"""
import argparse
import asyncio
import json
import logging
import os
import ssl
import sys
import warnings

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.exit("smtpd.py: python3-aiosmtpd is not installed "
             "(run as root: apt-get install python3-aiosmtpd)")


class Recorder:
    """The aiosmtpd handler: refuses listed recipients, spools messages."""

    def __init__(self, spool, reject, reject_data, log, stall=0):
        self.spool = spool
        self.stall = stall
        self.reject = {a.lower() for a in reject}
        self.reject_data = reject_data
        self.log = log
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            self.log(f"RCPT {address} refused")
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall:
            self.log(f"DATA received; stalling {self.stall} s")
            await asyncio.sleep(self.stall)
        if self.reject_data:
            self.log("DATA refused")
            return "554 5.6.0 message content rejected"
        self.count += 1
        tls = server.transport.get_extra_info("ssl_object") is not None
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "auth_login": session.auth_data if session.authenticated else None,
            "tls": tls,
        }
        if self.spool:
            base = os.path.join(self.spool, str(self.count))
            with open(base + ".eml", "wb") as f:
                f.write(envelope.original_content)
            with open(base + ".json.tmp", "w") as f:
                json.dump(meta, f)
            os.rename(base + ".json.tmp", base + ".json")
        self.log(f"DATA {len(envelope.original_content)} bytes from {envelope.mail_from} "
                 f"to {','.join(envelope.rcpt_tos)} tls={tls}")
        return "250 2.0.0 Message accepted"


def tls_context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--portfile")
    ap.add_argument("--spool")
    ap.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--auth", nargs=2, metavar=("USER", "PASS"))
    ap.add_argument("--reject-rcpt", action="append", default=[])
    ap.add_argument("--reject-data", action="store_true")
    ap.add_argument("--stall-after-data", type=float, default=0)
    ap.add_argument("--log")
    ap.add_argument("--max-seconds", type=float, default=300)
    a = ap.parse_args()

    # aiosmtpd's own logger warns about its own deprecations; keep stderr for real trouble.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    logf = open(a.log, "a", buffering=1) if a.log else None

    def log(line):
        if logf:
            logf.write(line + "\n")

    if a.spool:
        os.makedirs(a.spool, exist_ok=True)
    handler = Recorder(a.spool, a.reject_rcpt, a.reject_data, log,
                       a.stall_after_data)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and a.auth is not None and
              auth_data.login == a.auth[0].encode() and
              auth_data.password == a.auth[1].encode())
        login = auth_data.login.decode("utf-8", "replace") \
            if isinstance(auth_data, LoginPassword) else "?"
        log(f"AUTH {mechanism} {login} {'accepted' if ok else 'refused'}")
        if ok:
            return AuthResult(success=True, auth_data=login)
        # handled=False: aiosmtpd itself answers 535.
        return AuthResult(success=False, handled=False)

    starttls = tls_context(*a.starttls) if a.starttls else None
    implicit = tls_context(*a.tls) if a.tls else None
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        # auth_required without auth_require_tls makes aiosmtpd warn; over
        # implicit TLS that pairing is exactly right.
        warnings.simplefilter("ignore", UserWarning)
        return SMTP(handler, hostname="fitsmon-test", ident="fitsmon test smtpd",
                    tls_context=starttls,
                    authenticator=authenticator if a.auth else None,
                    auth_required=bool(a.auth),
                    # Over implicit TLS the link is already private.
                    auth_require_tls=implicit is None,
                    loop=loop)

    server = loop.run_until_complete(
        loop.create_server(factory, host="127.0.0.1", port=a.port, ssl=implicit))
    port = server.sockets[0].getsockname()[1]
    log(f"listening on 127.0.0.1:{port}")
    if a.portfile:
        with open(a.portfile + ".tmp", "w") as f:
            f.write(f"{port}\n")
        os.rename(a.portfile + ".tmp", a.portfile)
    loop.call_later(a.max_seconds, loop.stop)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()
