#!/bin/bash
# A weekly digest whose send failed is retried by each later run until one
# send succeeds, and then never again (issue 18).  Against tests/smtpd.py
# on 127.0.0.1: on Saturday (the digest day) the server answers 554 after
# DATA and `run` exits 75; Sunday's run, to a server that accepts, sends
# the digest; a second run on Sunday and Monday's run send nothing more.
set -u
. "$(dirname "$0")/itlib.sh" digest_retry
need_aiosmtpd

start_smtpd picky --reject-data
start_smtpd plain

# Backup checks stop after Tue 24 Nov: amber findings (no urgent alerts),
# so every mail here is the digest.
d=$tmp/school
mkdir -p "$d"
cat >"$d/log.csv" <<'CSV'
at,what
2026-11-23 08:10,Backups checked OK
2026-11-24 08:10,Backups checked OK
CSV
conf() {   # conf PORT
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
severity = amber
[mail]
smtp = smtp://127.0.0.1:$1
starttls = no
timeout = 10s
from = fitsmon@test.sch.uk
to = bursar@test.sch.uk
digest = saturday
CONF
}
night() {   # night NOW CODE
	(cd "$d" && "$FITSMON" -c fitsmon.conf --now "$1" run) >"$d/out" 2>"$d/err"
	local rc=$?
	[ "$rc" = "$2" ] && ok || bad "run at $1: exit $rc, expected $2: $(head -c 300 "$d/err")"
}
mails() { ls "$tmp/$1.spool"/*.eml 2>/dev/null | wc -l; }

# Fri 4 Dec: not the digest day, nothing red: no mail
conf "$(cat "$tmp/plain.port")"
night 2026-12-04T02:30:00Z 0
[ "$(mails plain)" = 0 ] && ok || bad "a mail on Friday"

# Sat 5 Dec: the digest day; the server refuses the message
conf "$(cat "$tmp/picky.port")"
night 2026-12-05T02:30:00Z 75
grep -q "554" "$d/err" && ok || bad "Saturday: no 554 said: $(cat "$d/err")"
grep -q "DATA refused" "$tmp/picky.log" && ok || bad "Saturday: the server never refused a message"

# Sun 6 Dec: not the digest day, but Saturday's failed: sent now
conf "$(cat "$tmp/plain.port")"
night 2026-12-06T02:30:00Z 0
[ "$(mails plain)" = 1 ] && ok || bad "Sunday: $(mails plain) mails, want the retried digest"
grep -q '^Subject: Test Primary School: ICT support weekly summary' "$tmp/plain.spool/1.eml" 2>/dev/null &&
	ok || bad "Sunday: not the digest: $(grep '^Subject' "$tmp/plain.spool/1.eml" 2>/dev/null)"
grep -q '^fitsmon: mailed the digest' "$d/err" && ok || bad "Sunday: did not say it mailed the digest"

# Sunday again, and Monday: never twice
night 2026-12-06T14:00:00Z 0
night 2026-12-07T02:30:00Z 0
[ "$(mails plain)" = 1 ] && ok || bad "the digest was sent again: $(mails plain) mails"

# the next Saturday: the weekly digest as usual
night 2026-12-12T02:30:00Z 0
[ "$(mails plain)" = 2 ] && ok || bad "next Saturday: $(mails plain) mails, want 2"
finish
