#!/bin/bash
# The mailing policy through `fitsmon run`, against a real SMTP server on
# 127.0.0.1 (tests/smtpd.py): an urgent alert when a red finding is new, no
# repeat for unchanged findings, a new alert for a new red finding, the
# digest once on its day, and a failed send (STARTTLS required, server
# without it) exiting 75 and being retried by the next run.
set -u
. "$(dirname "$0")/itlib.sh" alert
need_aiosmtpd

start_smtpd plain
PORT=$SMTP_PORT

# A school whose backup checks stop after Tue 24 Nov: each later school day
# becomes a new red finding once its day of grace has passed.
d=$tmp/school
mkdir -p "$d"
cat >"$d/log.csv" <<'CSV'
at,what
2026-11-23 08:10,Backups checked OK
2026-11-24 08:10,Backups checked OK
CSV
conf() {
	cat >"$d/fitsmon.conf" <<CONF
[school]
name = Test Primary School
[calendar "days"]
hours = Mon-Fri 08:00-17:00
terms = 2026-11-23..2026-12-18
[supplier "acme"]
name = Acme ICT
calendar = days
[store]
path = store.db
[feed "log"]
supplier = acme
kind = activities
url = log.csv
column.at = at
column.description = what
[activity "backup-check"]
supplier = acme
every = school-day
evidence = (?i)backups? checked
severity = red
[mail]
smtp = smtp://127.0.0.1:$1
starttls = $2
from = fitsmon@test.sch.uk
to = bursar@test.sch.uk, head@test.sch.uk
cc = it@test.sch.uk
digest = monday
CONF
}
night() {   # night NOW CODE
	(cd "$d" && "$FITSMON" -c fitsmon.conf --now "$1" run) >"$d/out" 2>"$d/err"
	local rc=$?
	[ "$rc" = "$2" ] && ok || bad "run at $1: exit $rc, expected $2: $(head -c 300 "$d/err")"
}
mails() { ls "$tmp/plain.spool"/*.eml 2>/dev/null | wc -l; }

conf "$PORT" no
# Thu 26 Nov 02:30: Wed 25 Nov is missed (grace over): one red, new -> alert
night 2026-11-26T02:30:00Z 0
[ "$(mails)" = 1 ] && ok || bad "expected 1 mail after the first night, got $(mails)"
"$PY" - "$tmp/plain.spool/1.eml" "$tmp/plain.spool/1.json" <<'PY' && ok || bad "the alert is not as expected"
import email, json, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
m = email.message_from_bytes(raw, policy=policy.default)
assert m["Subject"] == "Test Primary School: 1 urgent ICT support problem", m["Subject"]
for h in ("Date", "Message-ID", "MIME-Version", "From", "To", "Cc"):
    assert m[h], h
assert "Test Primary School via fitsmon" in m["From"]
assert m.get_content_type() == "multipart/alternative"
parts = {p.get_content_type(): p.get_content() for p in m.iter_parts()}
assert set(parts) == {"text/plain", "text/html"}, parts.keys()
t = parts["text/plain"]
assert t.startswith("1 thing needs your attention, and it is urgent."), t[:80]
assert "Wed 25 Nov" in t and "Ask Acme ICT:" in t and "NEW:" in t
assert "<!DOCTYPE html>" in parts["text/html"] or "<html" in parts["text/html"]
env = json.load(open(sys.argv[2]))
assert sorted(env["rcpt_tos"]) == ["bursar@test.sch.uk", "head@test.sch.uk", "it@test.sch.uk"], env
assert env["mail_from"] == "fitsmon@test.sch.uk"
PY
# the same night again: nothing new, nothing mailed
night 2026-11-26T03:30:00Z 0
[ "$(mails)" = 1 ] && ok || bad "an unchanged finding was mailed again"
# Fri 27 Nov: Thu 26 Nov is now missed too: a new red -> a second alert
night 2026-11-27T02:30:00Z 0
[ "$(mails)" = 2 ] && ok || bad "no alert for a new red finding"
grep -q "^Subject: Test Primary School: 1 urgent ICT support problem" "$tmp/plain.spool/2.eml" \
	&& ok || bad "second alert subject"
# Sat: Fri 27 is missed as well; STARTTLS is now required and the server
# has none: the send fails, exit 75, nothing is recorded as mailed
conf "$PORT" yes
night 2026-11-28T02:30:00Z 75
grep -q "STARTTLS is required but the server does not offer it -- will try again" "$d/err" \
	&& ok || bad "no clear STARTTLS error: $(head -c 300 "$d/err")"
[ "$(mails)" = 2 ] && ok || bad "a mail arrived although the send failed"
# fixed: the next run sends what was not sent
conf "$PORT" no
night 2026-11-28T03:30:00Z 0
[ "$(mails)" = 3 ] && ok || bad "the failed alert was not sent on the next run"
# Mon 30 Nov: digest day -> the digest, once
night 2026-11-30T02:30:00Z 0
[ "$(mails)" = 4 ] && ok || bad "no digest on Monday"
grep -q "^Subject: Test Primary School: ICT support weekly summary" "$tmp/plain.spool/4.eml" \
	&& ok || bad "digest subject: $(grep '^Subject' "$tmp/plain.spool/4.eml")"
night 2026-11-30T04:30:00Z 0
[ "$(mails)" = 4 ] && ok || bad "a second digest on the same day"
n=$(cd "$d" && "$FITSMON" -c fitsmon.conf sql --format csv "SELECT count(*) FROM mails" | tail -1 | tr -d '\r')
[ "$n" = 4 ] && ok || bad "the store records $n mails, expected 4"
# mail --test
(cd "$d" && "$FITSMON" -c fitsmon.conf mail --test) 2>"$d/err" && ok || bad "mail --test failed: $(cat "$d/err")"
[ "$(mails)" = 5 ] && grep -q "^Subject: Test Primary School: fitsmon test message" "$tmp/plain.spool/5.eml" \
	&& ok || bad "no test message"
finish
