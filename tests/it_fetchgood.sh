#!/bin/bash
# A good copy is a complete export (DESIGN.md, "Trust in the data"): a
# night whose download is not the export -- a login page, an empty answer,
# a 204, a body in an encoding fitsmon did not ask for, a gzip body cut in
# half, a body shorter or longer than its Content-Length, a connection
# closed mid-body -- keeps the last good copy byte for byte, is a failed
# fetch in the store (feeds[].status "failing", the error kept), raises no
# finding from a cut row, and once stale_after has passed since the last
# good copy the feed is "stale" with a feed-stale finding.  Against
# tests/httpd.py on 127.0.0.1 only.
set -u
. "$(dirname "$0")/itlib.sh" fetchgood

"$PY" tests/httpd.py --port 0 --portfile "$tmp/port" --max-seconds 600 >"$tmp/httpd.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.05
done
[ -s "$tmp/port" ] || { echo "FAIL: httpd.py did not start"; exit 1; }
PORT=$(cat "$tmp/port")

FEED=acme-tickets
# conf DIR PATH: the school with one ticket feed at http://127.0.0.1:PORT/PATH
conf() {
	mkdir -p "$1"
	cat >"$1/fitsmon.conf" <<EOF
[supplier "acme"]
[store]
path = store.db
[feed "$FEED"]
kind = tickets
url = http://127.0.0.1:$PORT/$2
column.id = Ticket Ref
column.opened = Opened
column.responded = Responded
column.resolved = Resolved
retries = 0
timeout = 5s
connect_timeout = 2s
stale_after = 48h
[sla "all"]
respond = 1h
resolve = 8h
EOF
}

# night DIR CODE NOW: one `run`, its exit code checked
night() {
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$3" run) >"$1/out" 2>"$1/err"
	local rc=$?
	[ "$rc" = "$2" ] && ok || bad "$1: run exit $rc, expected $2: $(head -c 400 "$1/err")"
}
has() { grep -qE -- "$2" "$1/err" && ok || bad "$1: stderr lacks /$2/: $(head -c 400 "$1/err")"; }
# json DIR NOW EXPR: print a Python expression over the JSON report (d)
json() {
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" report --format json) >"$1/report.json" \
		2>/dev/null
	"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1/report.json" "$3"
}
feeds_csv() { (cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" query feeds --format csv) | tail -1; }
findings_of() { (cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" query findings --format csv) | tail -n +2; }

N1=2026-11-28T02:30:00Z   # the good night
N2=2026-11-29T02:30:00Z   # the export breaks (a day later: within stale_after)
N5=2026-12-02T02:30:00Z   # still broken four days after the last good copy

# case PATH ERROR-REGEX
case_() {
	local path=$1 want=$2 d=$tmp/$1
	conf "$d" good.csv
	night "$d" 0 $N1
	local copy
	copy=$(readlink -f "$d/spool/$FEED/current")
	cp "$copy" "$d/good.bytes"
	local before
	before=$(findings_of "$d" $N1 | cut -d, -f1-5 | sort)

	conf "$d" "$path"
	night "$d" 0 $N2
	has "$d" "^fitsmon: $FEED: fetch failed -- $want; keeping the last good copy\$"
	[ "$(readlink -f "$d/spool/$FEED/current")" = "$copy" ] && cmp -s "$copy" "$d/good.bytes" \
		&& ok || bad "$path: the spool's current copy is not the last good one"
	[ "$(find "$d/spool/$FEED" -name '.tmp*' | wc -l)" = 0 ] && ok \
		|| bad "$path: a temporary file was left in the spool"
	local row
	row=$(feeds_csv "$d" $N2)
	case $row in
	"$FEED,acme,tickets,2026-11-28 02:30,2026-11-29 02:30,"*) ok ;;
	*) bad "$path: query feeds: last_success is not the good copy's or the attempt is missing: $row" ;;
	esac
	echo "$row" | grep -qE -- "$want" && ok || bad "$path: query feeds lacks the error: $row"
	[ "$(json "$d" $N2 'd["feeds"][0]["status"]')" = failing ] && ok \
		|| bad "$path: feeds[].status at $N2 is not failing: $(json "$d" $N2 'd["feeds"][0]')"
	json "$d" $N2 'd["feeds"][0].get("fetch_error", "")' | grep -qE -- "$want" && ok \
		|| bad "$path: feeds[].fetch_error lacks the error"
	[ "$(json "$d" $N2 'd["feeds"][0]["last_success"]')" = 2026-11-28T02:30:00Z ] && ok \
		|| bad "$path: feeds[].last_success moved: $(json "$d" $N2 'd["feeds"][0]')"
	local after
	after=$(findings_of "$d" $N2 | cut -d, -f1-5 | sort)
	[ "$after" = "$before" ] && ok || bad "$path: new findings after the bad night: $after"
	grep -q INC3003 "$d/report.json" && bad "$path: a row of the bad answer was taken in" || ok

	night "$d" 0 $N5
	has "$d" "^fitsmon: $FEED: fetch failed -- $want; keeping the last good copy\$"
	cmp -s "$(readlink -f "$d/spool/$FEED/current")" "$d/good.bytes" && ok \
		|| bad "$path: the good copy changed on the stale night"
	[ "$(json "$d" $N5 'd["feeds"][0]["status"]')" = stale ] && ok \
		|| bad "$path: feeds[].status at $N5 is not stale: $(json "$d" $N5 'd["feeds"][0]')"
	[ "$(json "$d" $N5 '[f["kind"] for f in d["findings"]].count("feed-stale")')" = 1 ] && ok \
		|| bad "$path: no feed-stale finding in the JSON report at $N5"
}

U="http://127.0.0.1:$PORT"
case_ login "the answer is not the export: no 'Ticket Ref' column \(an HTML page\?\)"
case_ empty "the answer is empty \(http 200\)"
case_ nocontent "the answer is empty \(http 204\)"
case_ br-junk "cannot fetch $U/br-junk: the answer is in an encoding fitsmon did not ask for \(Content-Encoding: br\)"
case_ gzip-half "cannot fetch $U/gzip-half: the compressed body stops before its end \(cut short\)"
case_ gzip-half-close "cannot fetch $U/gzip-half-close: the compressed body stops before its end \(cut short\)"
case_ long-promise "cannot fetch $U/long-promise: transfer closed with [0-9]+ bytes remaining to read"
case_ cl-short "the answer is cut short: it stops inside a row \([0-9]+ bytes\)"
case_ early-close "the answer is cut short: it stops inside a row \([0-9]+ bytes\)"

# the same next export, whole (plain, gzip in two members, raw deflate):
# a good copy, taken in, status ok; and a 304 afterwards still counts as good
for path in next.csv next-gzip next-deflate; do
	d=$tmp/good-$path
	conf "$d" good.csv
	night "$d" 0 $N1
	conf "$d" "$path"
	night "$d" 0 $N2
	grep -q 'fetch failed' "$d/err" && bad "$path: a whole export failed: $(cat "$d/err")" || ok
	curl_body=$("$PY" -c 'import sys, urllib.request; sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1]).read())' "$U/next.csv" | sha256sum)
	[ "$(sha256sum <"$d/spool/$FEED/current")" = "$curl_body" ] && ok \
		|| bad "$path: the new copy is not the next export, decoded"
	[ "$(json "$d" $N2 'd["feeds"][0]["status"]')" = ok ] && ok || bad "$path: status not ok"
	[ "$(json "$d" $N2 'd["feeds"][0].get("fetch_error")')" = None ] && ok \
		|| bad "$path: a fetch_error after a good fetch"
	json "$d" $N2 '[t["ticket"] for t in d["tickets"]]' | grep -q INC3003 && ok \
		|| bad "$path: INC3003 of the whole export not taken in"
done

# a failing feed whose next night is good again: the error is gone, status ok
d=$tmp/login
conf "$d" next.csv
night "$d" 0 2026-11-30T02:30:00Z
[ "$(json "$d" 2026-11-30T02:30:00Z 'd["feeds"][0]["status"]')" = ok ] && ok \
	|| bad "recovered feed: status not ok"

finish
