#!/bin/bash
# A feed that only grew (the export gained records at its end: the usual
# nightly log) is taken in by reading only its new records.  Whatever else
# happened to the file, the whole file is read.  Either way the store must
# end up exactly as a store that read every file whole: the same rows
# under the same keys, the same skipped records, the same report.
#   grown       records appended: only they are read
#   again       an appended record repeats an earlier one byte for byte: it
#               is a second occurrence, so the whole file is read
#   edited      an old record changed and the file grew: the whole file
#   no-newline  the copy taken before did not end with a newline: the
#               whole file
#   bad-tail    an appended record is bad: skipped and counted, and the
#               old copy's skipped records are still listed
#   cut         the copy before ended inside a quoted field (lines skipped
#               for a CSV syntax error): the whole file
# The reference store reads the first copies with CRLF line ends (the same
# records, other bytes), so the second copies cannot be read from the end.
set -u
cd "$(dirname "$0")/.."
root=$PWD
PY=/usr/bin/python3
FITSMON=${FITSMON:-$root/fitsmon}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

NOW=2026-11-28T02:30:00Z
# fm DIR ARGS: fitsmon on DIR's own copy of the sample school (rules/ and
# feeds/ copied into DIR, so its relative paths hold), whose store is
# DIR/rules/examples/oakfield.db: a store per config, not per working folder
fm() {
	local d=$1; shift
	[ -d "$d/rules" ] || cp -R "$root/rules" "$root/feeds" "$d/"
	(cd "$d" && "$FITSMON" -c "$d/rules/examples/oakfield.conf" --now "$NOW" "$@")
}
q() { fm "$1" sql --format csv "$2" | tail -n +2 | tr -d '\r'; }
# what the store holds for the two feeds, arrival numbers aside
dump() {
	q "$1" "SELECT feed, at, key, row, hours_uh, onsite, code, description, cells
		FROM activity_rows ORDER BY feed, at, key"
	q "$1" "SELECT feed, id, at, key, row, status, opened, cells FROM ticket_events
		ORDER BY feed, id, at, key"
	q "$1" "SELECT feed, row, reason FROM rejects WHERE feed IN ('acme-log',
		'printwise-events') ORDER BY feed, row"
	q "$1" "SELECT name, rows, rejected, ingested FROM feeds
		WHERE name IN ('acme-log', 'printwise-events') ORDER BY name"
}
# take DIR LOG EVENTS: both feeds into DIR's store, messages in DIR/msg
take() {
	local d=$1
	fm "$d" -v ingest acme-log "$2" >"$d/msg" 2>&1 || bad "ingest acme-log $2: $(cat "$d/msg")"
	fm "$d" -v ingest printwise-events "$3" >>"$d/msg" 2>&1 ||
		bad "ingest printwise-events $3: $(cat "$d/msg")"
}
crlf() { sed 's/$/\r/' "$1" >"$2"; }
# a JSON report without feeds[].copy: what the last copy changed differs
# between a store that read a file in steps and one that read it whole
nocopy() {
	"$PY" -c '
import json, sys
r = json.load(sys.stdin)
for f in r["feeds"]:
    f.pop("copy", None)
print(json.dumps(r, indent=1, sort_keys=True))'
}

# case NAME LOG1 EV1 LOG2 EV2 TAILS: TAILS feeds of the two must be read
# from where their first copy ended
case_() {
	local name=$1 log1=$2 ev1=$3 log2=$4 ev2=$5 want=$6
	local inc=$tmp/$name/inc ref=$tmp/$name/ref
	mkdir -p "$inc" "$ref"
	take "$inc" "$log1" "$ev1"
	take "$inc" "$log2" "$ev2"
	local tails
	tails=$(grep -c "only its new records were read" "$inc/msg")
	[ "$tails" = "$want" ] && ok ||
		bad "$name: $tails feeds read from the old end, expected $want: $(cat "$inc/msg")"
	crlf "$log1" "$tmp/$name/log1-crlf.csv"
	crlf "$ev1" "$tmp/$name/ev1-crlf.csv"
	take "$ref" "$tmp/$name/log1-crlf.csv" "$tmp/$name/ev1-crlf.csv"
	take "$ref" "$log2" "$ev2"
	grep -q "only its new records were read" "$ref/msg" && bad "$name: the reference read from the old end"
	dump "$inc" >"$tmp/$name/inc.dump"
	dump "$ref" >"$tmp/$name/ref.dump"
	[ -s "$tmp/$name/ref.dump" ] || bad "$name: empty dump"
	cmp -s "$tmp/$name/inc.dump" "$tmp/$name/ref.dump" && ok ||
		bad "$name: the store differs from one that read every file whole: $(diff "$tmp/$name/inc.dump" "$tmp/$name/ref.dump" | head -4)"
	fm "$inc" report --format json 2>/dev/null | nocopy >"$tmp/$name/inc.json"
	fm "$ref" report --format json 2>/dev/null | nocopy >"$tmp/$name/ref.json"
	cmp -s "$tmp/$name/inc.json" "$tmp/$name/ref.json" && ok ||
		bad "$name: reports differ: $(diff "$tmp/$name/inc.json" "$tmp/$name/ref.json" | head -4)"
	[ "$(q "$inc" 'PRAGMA integrity_check')" = ok ] && ok || bad "$name: integrity"
}

# first copies: the sample feeds, each ending with a newline
log1=$tmp/log1.csv ev1=$tmp/ev1.csv
{ cat "$root/feeds/samples/acme-log.csv"; echo; } | sed '/^$/d' >"$log1"
cp "$root/feeds/samples/printwise-events.csv" "$ev1"
[ "$(tail -c 1 "$log1" | od -An -c | tr -d ' ')" = '\n' ] || bad "log1 does not end with a newline"

new_log='2026-11-27 09:10,0.5,"Checked antivirus on every server: all up to date",No,,Dan Price
2026-11-27 10:00,1.5,"Backup check - SRV01 OK, SRV02 OK",Yes,,Dan Price'
new_ev='PW-207802,2026-11-27T10:00:00Z,In progress,Normal,Office copier: paper jam in tray 2,Ricoh IM C3000 (School office),Gary Lodge
PW-209999,2026-11-27T11:00:00Z,New,Urgent,Hall printer offline,HP M479 (Hall),Priya Shah'

{ cat "$log1"; echo "$new_log"; } >"$tmp/log-grown.csv"
{ cat "$ev1"; echo "$new_ev"; } >"$tmp/ev-grown.csv"
case_ grown "$log1" "$ev1" "$tmp/log-grown.csv" "$tmp/ev-grown.csv" 2

{ cat "$log1"; sed -n 5p "$log1"; echo "$new_log"; } >"$tmp/log-again.csv"
{ cat "$ev1"; sed -n 3p "$ev1"; } >"$tmp/ev-again.csv"
case_ again "$log1" "$ev1" "$tmp/log-again.csv" "$tmp/ev-again.csv" 0
# the repeated records are second occurrences: one row more each
n=$(q "$tmp/again/inc" "SELECT count(*) FROM activity_rows WHERE feed = 'acme-log'")
[ "$n" = 253 ] && ok || bad "again: $n activity rows, expected 253"
n=$(q "$tmp/again/inc" "SELECT count(*) FROM ticket_events WHERE feed = 'printwise-events'")
[ "$n" = 65 ] && ok || bad "again: $n events, expected 65"

{ sed '3s/0\.25/0.75/' "$log1"; echo "$new_log"; } >"$tmp/log-edited.csv"
case_ edited "$log1" "$ev1" "$tmp/log-edited.csv" "$tmp/ev-grown.csv" 1
# an edited record is a new row; the old one stays (history is kept)
n=$(q "$tmp/edited/inc" "SELECT count(*) FROM activity_rows WHERE feed = 'acme-log'")
[ "$n" = 253 ] && ok || bad "edited: $n activity rows, expected 253"

head -c -1 "$log1" >"$tmp/log-nonl.csv"
{ cat "$tmp/log-nonl.csv"; echo; echo "$new_log"; } >"$tmp/log-nonl2.csv"
case_ no-newline "$tmp/log-nonl.csv" "$ev1" "$tmp/log-nonl2.csv" "$tmp/ev-grown.csv" 1

{ cat "$log1"; echo '2026-11-31 09:00,1,"Checked backups",No,,Dan Price'; echo "$new_log"; } >"$tmp/log-bad.csv"
{ sed '4s/2026-08-27T/2026-13-27T/' "$ev1"; } >"$tmp/ev-bad1.csv"
{ cat "$tmp/ev-bad1.csv"; echo "$new_ev"; } >"$tmp/ev-bad2.csv"
case_ bad-tail "$log1" "$tmp/ev-bad1.csv" "$tmp/log-bad.csv" "$tmp/ev-bad2.csv" 2
rej=$(q "$tmp/bad-tail/inc" "SELECT feed || ':' || row FROM rejects WHERE feed IN ('acme-log', 'printwise-events') ORDER BY feed, row" | tr '\n' ' ')
[ "$rej" = "acme-log:252 printwise-events:4 " ] && ok || bad "bad-tail: rejects are '$rej'"
grep -q "acme-log: 2 new, 0 changed, 250 unchanged, 1 skipped" "$tmp/bad-tail/inc/msg" && ok ||
	bad "bad-tail: counts: $(cat "$tmp/bad-tail/inc/msg")"

# cut: the copy taken before ended inside a quoted description that goes
# on over a line (an export caught mid-write): its cut record was skipped
# for a CSV syntax error, so the grown copy, where the quote closes, is
# read whole, and the record is one row with its two-line description
cut_rec='2026-11-27 08:30,0.5,"Checked antivirus on every server:'
{ cat "$log1"; echo "$cut_rec"; } >"$tmp/log-cut1.csv"
{ cat "$tmp/log-cut1.csv"; echo 'all up to date",No,,Dan Price'; echo "$new_log"; } >"$tmp/log-cut2.csv"
case_ cut "$tmp/log-cut1.csv" "$ev1" "$tmp/log-cut2.csv" "$tmp/ev-grown.csv" 1
mkdir -p "$tmp/cut1"
fm "$tmp/cut1" ingest acme-log "$tmp/log-cut1.csv" >"$tmp/cut1/msg" 2>&1
r=$(q "$tmp/cut1" "SELECT row || ': ' || reason FROM rejects WHERE feed = 'acme-log'")
[ "$r" = "252: a quote is not closed (CSV syntax): this line was skipped" ] && ok ||
	bad "cut: the first copy's cut record is not the one reject: '$r' $(cat "$tmp/cut1/msg")"
n=$(q "$tmp/cut/inc" "SELECT count(*) FROM rejects WHERE feed = 'acme-log'")
[ "$n" = 0 ] && ok || bad "cut: $n rejects left for the grown copy"
n=$(q "$tmp/cut/inc" "SELECT count(*) FROM activity_rows WHERE feed = 'acme-log' AND
	description = 'Checked antivirus on every server:' || char(10) || 'all up to date'")
[ "$n" = 1 ] && ok || bad "cut: the two-line record is not one row ($n)"

# the nightly way: `run` fetches the grown file (file://), recognises that
# it only grew from the digest taken as it was copied in, and reads only the
# new records; the store then equals one that read the final files whole
mkdir -p "$tmp/run-inc" "$tmp/run-ref" "$tmp/src"
cp "$log1" "$tmp/src/log.csv"
cp "$ev1" "$tmp/src/ev.csv"
sed "s|url *= \.\./\.\./feeds/samples/acme-log.csv|url = file://$tmp/src/log.csv|;
     s|url *= \.\./\.\./feeds/samples/printwise-events.csv|url = file://$tmp/src/ev.csv|;
     s|\.\./\.\./feeds/samples/|$root/feeds/samples/|g; s|^path = \.\./fitsom/|path = $root/rules/fitsom/|" \
	"$root/rules/examples/oakfield.conf" >"$tmp/run.conf"
grep -q "file://$tmp/src/log.csv" "$tmp/run.conf" && ok || bad "run.conf has no file:// log feed"
# rfm DIR ARGS: on DIR's copy of run.conf, so its store is DIR/run.db
rfm() {
	local d=$1; shift
	[ -e "$d/run.conf" ] || cp "$tmp/run.conf" "$d/"
	(cd "$d" && "$FITSMON" -c "$d/run.conf" --now "$NOW" "$@")
}
rfm "$tmp/run-inc" -q run 2>/dev/null
echo "$new_log" >>"$tmp/src/log.csv"
echo "$new_ev" >>"$tmp/src/ev.csv"
rfm "$tmp/run-inc" -v run >"$tmp/run-inc/msg" 2>&1
n=$(grep -c "only its new records were read" "$tmp/run-inc/msg")
[ "$n" = 2 ] && ok || bad "run: $n feeds read from the old end, expected 2: $(grep -v '^acme\|^printwise' "$tmp/run-inc/msg" | head -8)"
rfm "$tmp/run-ref" -q run 2>/dev/null
q2() { rfm "$1" sql --format csv "$2" | tail -n +2 | tr -d '\r'; }
for sql in "SELECT feed, at, key, row, hours_uh, onsite, code, description, cells FROM activity_rows ORDER BY 1, 2, 3" \
	   "SELECT feed, id, at, key, row, status, opened, cells FROM ticket_events ORDER BY 1, 2, 3, 4" \
	   "SELECT name, rows, rejected, ingested, ingested_len, ingested_records FROM feeds ORDER BY 1"; do
	a=$(q2 "$tmp/run-inc" "$sql" | sha256sum) b=$(q2 "$tmp/run-ref" "$sql" | sha256sum)
	[ "$a" = "$b" ] && ok || bad "run: store differs from a whole read: $sql"
done
rfm "$tmp/run-inc" report --format json 2>/dev/null | nocopy >"$tmp/run-inc.json"
rfm "$tmp/run-ref" report --format json 2>/dev/null | nocopy >"$tmp/run-ref.json"
[ -s "$tmp/run-ref.json" ] && cmp -s "$tmp/run-inc.json" "$tmp/run-ref.json" && ok ||
	bad "run: reports differ: $(diff "$tmp/run-inc.json" "$tmp/run-ref.json" | head -4)"

echo "append: $pass passed, $fail failed"
[ "$fail" = 0 ]
