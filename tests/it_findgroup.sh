#!/bin/bash
# Grouped findings (issue 19 part 4, README item 38): the sample school
# with the backup checks of Mon 9, Tue 10 and Thu 12 Nov taken out of the
# work log, so five school days in a row miss 'Check the night's backups'
# (Wed 11 had only "will check backups tomorrow", Fri 13 had nothing).
# Text, HTML and email tell them once, with their dates; JSON keeps all
# five, with one group id.  Other activities' misses stay apart.
set -u
. "$(dirname "$0")/itlib.sh" findgroup

NOW=2026-11-28T02:30:00Z
sample_tree "$tmp/t"
cfg=$tmp/t/rules/examples/oakfield.conf
log=$tmp/t/feeds/samples/acme-log.csv
sed -i '/^2026-11-09 08:07/d;/^2026-11-10 08:22/d;/^2026-11-12 08:20/d' "$log"
r="--from 2026-08-24"
dates="'Check the night's backups' was not logged on 5 school days: Mon 9, Tue 10, Wed 11, Thu 12 and Fri 13 Nov."

# shellcheck disable=SC2086
"$FITSMON" -c "$cfg" --now $NOW report $r 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$tmp/text"
# shellcheck disable=SC2086
"$FITSMON" -c "$cfg" --now $NOW report $r --format email 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$tmp/mail"
# shellcheck disable=SC2086
"$FITSMON" -c "$cfg" --now $NOW report $r --format html -o "$tmp/html" 2>/dev/null
# shellcheck disable=SC2086
"$FITSMON" -c "$cfg" --now $NOW report $r --format json -o "$tmp/json" 2>/dev/null

# HTML writes the apostrophes as &#39;
sed "s/&#39;/'/g" "$tmp/html" >"$tmp/html.txt" && mv "$tmp/html.txt" "$tmp/html"
for f in text mail html; do
	[ "$(grep -o "$dates" "$tmp/$f" | wc -l)" = 1 ] && ok || bad "$f: the five days are not told once with their dates"
	if grep -q "shows 'Check the night's backups' was done on Fri 13 Nov" "$tmp/$f"; then
		bad "$f: a missed day is still told on its own"
	else
		ok
	fi
done
grep -q "Was 'Check the night's backups' done on those school days?" "$tmp/mail" &&
	ok || bad "mail: the group's question"
# the verdict counts what is told: 34 findings (11 red), the five backup
# days (red) told as one: 30 things, 7 urgent (two of them service credits)
grep -q "Sat 28 Nov 02:30) 30 things need your attention, 7 of them urgent." "$tmp/text" &&
	ok || bad "text: the verdict does not count the group once ($(head -c 120 "$tmp/text"))"
# the other activities' single misses are still told on their own
grep -q "Nothing in Acme Schools ICT Ltd's work log shows 'Record free disk space on every server' was done" "$tmp/html" &&
	grep -q "Nothing in Acme Schools ICT Ltd's work log shows 'Check antivirus is up to date' was done" "$tmp/html" &&
	ok || bad "html: other activities' misses not told on their own"

"$PY" - "$tmp/json" <<'PYEOF' && ok || bad "json: every finding kept, one group"
import json, sys
fs = json.load(open(sys.argv[1]))["findings"]
if len(fs) != 34: print("FAIL: json: %d findings, expected 34" % len(fs)); sys.exit(1)
miss = [f for f in fs if f["kind"] == "activity-missed" and f["subject"].startswith("backup-check ")]
bad = []
subjects = sorted(f["subject"] for f in miss)
want = ["backup-check 2026-11-%02d" % d for d in (9, 10, 11, 12, 13)]
if subjects != want: bad.append("subjects %r" % subjects)
if len({f["group"] for f in miss}) != 1: bad.append("groups %r" % [f["group"] for f in miss])
if any(f["group_size"] != 5 for f in miss): bad.append("group_size")
if miss and miss[0]["group"] not in [f["id"] for f in miss]: bad.append("group is not a member's id")
other = [f for f in fs if f["kind"] == "activity-missed" and not f["subject"].startswith("backup-check ")]
if len(other) != 2 or len({f["group"] for f in other}) != 2 or any(f["group"] != f["id"] for f in other):
    bad.append("other activities grouped: %r" % [(f["subject"], f["group"]) for f in other])
for f in fs:
    if f["kind"] != "activity-missed" and f["group_size"] != 1: bad.append("grouped %s" % f["subject"])
for b in bad: print("FAIL: json:", b)
sys.exit(1 if bad else 0)
PYEOF

# -- the urgent alert's subject counts what the mail tells: the five red
# days once (tests/smtpd.py on 127.0.0.1)
if "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	"$PY" tests/smtpd.py --port 0 --portfile "$tmp/smtp.port" --spool "$tmp/spool" \
		--max-seconds 300 >"$tmp/smtp.out" 2>&1 &
	pids+=($!)
	for _ in $(seq 200); do
		[ -s "$tmp/smtp.port" ] && break
		sleep 0.05
	done
	cat >>"$cfg" <<CONF

[mail]
smtp = smtp://127.0.0.1:$(cat "$tmp/smtp.port")
starttls = no
from = fitsmon@oakfield.sch.uk
to = bursar@oakfield.sch.uk
CONF
	"$FITSMON" -c "$cfg" --now $NOW run >"$tmp/run.out" 2>"$tmp/run.err"
	m=$(ls "$tmp/spool"/*.eml 2>/dev/null | head -1)
	[ -n "$m" ] && ok || bad "run: no mail ($(head -c 300 "$tmp/run.err"))"
	red=$("$PY" -c 'import json,sys; print(sum(f["severity"] == "red" for f in json.load(open(sys.argv[1]))["findings"]))' "$tmp/json")
	grep -q "^Subject: Oakfield Primary School: 4 urgent ICT support problems" "${m:-/dev/null}" &&
		ok || bad "alert subject: $(grep '^Subject' "${m:-/dev/null}") ($red red findings)"
	tr -d '\r' <"${m:-/dev/null}" | grep -q "NEW: 'Check the night's backups' was not logged on" &&
		ok || bad "alert body: the group is not told once as new"
else
	echo "findgroup: python3-aiosmtpd missing: the alert's subject is not checked"
fi

finish
