#!/bin/bash
# Row versions (issue 15, items 1 and 5), through real nightly `run`s
# against tests/httpd.py on 127.0.0.1 serving files this script rewrites
# between nights:
#   snapshot   a timesheet row corrected from 2:00 to 4:00 in the next
#              night's export (no key): the week reads 4 hours, not 6
#   keyed      the same with key = Entry (column.id = Entry)
#   resend     the whole file sent again with one column changed on every
#              row: no duplicates, the same figures as one send
#   events     an events file sent again with a corrected summary: one
#              event, the same clocks
#   replay     reports at each night's --now after the edit give that
#              night's own answer
#   log        mode = log keeps every distinct row (the old behaviour)
set -u
. "$(dirname "$0")/itlib.sh" versions

docroot=$tmp/www
mkdir -p "$docroot"
start_httpd --docroot "$docroot"
PORT=$HTTP_PORT

N1=2026-11-24T02:30:00Z
N2=2026-11-25T02:30:00Z
N3=2026-11-26T02:30:00Z
N4=2026-11-27T02:30:00Z
LATE=2026-11-27T18:00:00Z
LATE2=2026-11-28T18:00:00Z

# conf DIR FILE [EXTRA KEYS...]: one supplier (4 on-site hours a week)
# whose timesheet is /files/FILE
conf() {
	local dir=$1 file=$2
	shift 2
	mkdir -p "$dir"
	{
		printf '[supplier "acme"]\nonsite = 4h/week\n[store]\npath = store.db\n'
		printf '[feed "log"]\nkind = activities\nurl = http://127.0.0.1:%s/files/%s\n' "$PORT" "$file"
		printf 'column.at = Date\ncolumn.hours = Hours\ncolumn.description = Work\n'
		printf 'column.onsite = On Site\n'
		for kv in "$@"; do printf '%s\n' "$kv"; done
	} >"$dir/fitsmon.conf"
}
# night DIR NOW: one `run`, which must succeed; messages in DIR/err
night() {
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" run) >"$1/out" 2>"$1/err" && ok ||
		bad "$1: run at $2 failed: $(head -c 400 "$1/err")"
}
has() { grep -qE -- "$2" "$1/err" && ok || bad "$1: stderr lacks /$2/: $(head -c 400 "$1/err")"; }
# week DIR NOW WEEK: "delivered_h,rows" of that week at NOW
week() {
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" query hours --format csv) |
		tr -d '\r' | awk -F, -v w="$3" '$2 == w { print $5 "," $7 }'
}
expect() {   # expect WHAT GOT WANT
	[ "$2" = "$3" ] && ok || bad "$1: got '$2', expected '$3'"
}

# the timesheet: a week of 2:00 + 1:00 (W47) and Monday 23 Nov at 2:00 (W48)
sheet() {   # sheet HOURS-ON-MONDAY WORD: the export with that Monday value
	printf 'Entry,Date,Hours,Work,On Site\n'
	printf '101,2026-11-17 09:00,2:00,Patching %s,Yes\n' "$2"
	printf '102,2026-11-18 09:00,1:00,Backup check %s,Yes\n' "$2"
	printf '103,2026-11-23 09:00,%s,Printer fix %s,Yes\n' "$1" "$2"
}

# 1. snapshot (no key): the corrected row replaces the old one
d=$tmp/snapshot
conf "$d" snap.csv
sheet 2:00 a >"$docroot/snap.csv"
night "$d" $N1
has "$d" 'log: 3 new, 0 changed, 0 unchanged'
sheet 4:00 a >"$docroot/snap.csv"
night "$d" $N2
has "$d" 'log: 1 new, 0 changed, 1 withdrawn, 2 unchanged'
expect "snapshot: W48 after the correction" "$(week "$d" $LATE 2026-W48)" "4,1"
expect "snapshot: W47 untouched" "$(week "$d" $LATE 2026-W47)" "3,2"
feeds=$(cd "$d" && "$FITSMON" -c fitsmon.conf query feeds --format csv | tr -d '\r' | tail -1)
case $feeds in *,1,0,1) ok ;; *) bad "snapshot: query feeds lacks new 1, corrected 0, withdrawn 1: $feeds" ;; esac
json=$(cd "$d" && "$FITSMON" -c fitsmon.conf query feeds --format json)
case $json in *'"withdrawn"'*) ok ;; *) bad "snapshot: query feeds JSON lacks withdrawn: $json" ;; esac
# replay: each night's own answer (item 5)
expect "replay at night 1" "$(week "$d" $N1 2026-W48)" "2,1"
expect "replay at night 2" "$(week "$d" $N2 2026-W48)" "4,1"
# the same nights' reports, text
r1=$(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N1 report 2>/dev/null)
r1b=$(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N1 report 2>/dev/null)
expect "replay is repeatable" "$(printf %s "$r1" | md5sum)" "$(printf %s "$r1b" | md5sum)"
# a snapshot whose dates cover only W48 leaves W47's rows as history
printf 'Entry,Date,Hours,Work,On Site\n103,2026-11-23 09:00,4:00,Printer fix a,Yes\n' \
	>"$docroot/snap.csv"
night "$d" $N3
expect "snapshot: rows outside the copy's dates stay" "$(week "$d" $LATE 2026-W47)" "3,2"
expect "snapshot: W48 still 4" "$(week "$d" $LATE 2026-W48)" "4,1"
# the first version sent again counts again; the nights before keep theirs
sheet 2:00 a >"$docroot/snap.csv"
night "$d" $N4
has "$d" 'log: 1 new, 0 changed, 1 withdrawn, 2 unchanged'
expect "snapshot: the old version again" "$(week "$d" $LATE2 2026-W48)" "2,1"
expect "snapshot: replay at night 2 after it" "$(week "$d" $N2 2026-W48)" "4,1"
n=$(cd "$d" && "$FITSMON" -c fitsmon.conf sql --format csv \
	"SELECT count(*), count(until) FROM activity_rows" | tail -1 | tr -d '\r')
expect "snapshot: every version kept, two replaced" "$n" "5,2"

# 2. keyed: key = Entry; the corrected row is a new version of row 103
d=$tmp/keyed
conf "$d" keyed.csv 'column.id = Entry' 'key = Entry'
sheet 2:00 a >"$docroot/keyed.csv"
night "$d" $N1
sheet 4:00 a >"$docroot/keyed.csv"
night "$d" $N2
has "$d" 'log: 0 new, 1 changed, 2 unchanged'
expect "keyed: W48 after the correction" "$(week "$d" $LATE 2026-W48)" "4,1"
expect "keyed: replay at night 1" "$(week "$d" $N1 2026-W48)" "2,1"
feeds=$(cd "$d" && "$FITSMON" -c fitsmon.conf query feeds --format csv | tr -d '\r' | tail -1)
case $feeds in *,0,1,0) ok ;; *) bad "keyed: query feeds lacks new 0, corrected 1, withdrawn 0: $feeds" ;; esac
# the JSON report says the same of the copy in use; replayed at night 1,
# when that copy had not come, it says nothing of it
copy_of() {   # copy_of DIR NOW: the JSON report's feeds[0].copy, or "none"
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" report --format json) |
		"$PY" -c 'import json, sys; c = json.load(sys.stdin)["feeds"][0].get("copy")
print("none" if c is None else "%(new)d,%(corrected)d,%(withdrawn)d" % c)'
}
expect "keyed: report JSON feeds[].copy" "$(copy_of "$d" $N2)" "0,1,0"
expect "keyed: report JSON at night 1 has no later copy's counts" "$(copy_of "$d" $N1)" "none"
# a keyed copy without a row keeps it (keys, not snapshots)
printf 'Entry,Date,Hours,Work,On Site\n103,2026-11-23 09:00,4:00,Printer fix a,Yes\n' \
	>"$docroot/keyed.csv"
night "$d" $N3
expect "keyed: a row missing from a copy stays" "$(week "$d" $LATE 2026-W47)" "3,2"

# 3. the whole file re-sent with one column changed on every row
one=$tmp/resend-one
conf "$one" once.csv
sheet 2:00 b >"$docroot/once.csv"
night "$one" $N1
d=$tmp/resend
conf "$d" resend.csv
sheet 2:00 a >"$docroot/resend.csv"
night "$d" $N1
sheet 2:00 b >"$docroot/resend.csv"
night "$d" $N2
has "$d" 'log: 3 new, 0 changed, 3 withdrawn, 0 unchanged'
for w in 2026-W47 2026-W48; do
	expect "resend: $w as one send" "$(week "$d" $LATE $w)" "$(week "$one" $LATE $w)"
done
expect "resend: no duplicates" "$(week "$d" $LATE 2026-W47)" "3,2"
# the same with a key: every row is corrected, none added
d=$tmp/resend-keyed
conf "$d" resendk.csv 'column.id = Entry' 'key = Entry'
sheet 2:00 a >"$docroot/resendk.csv"
night "$d" $N1
sheet 2:00 b >"$docroot/resendk.csv"
night "$d" $N2
has "$d" 'log: 0 new, 3 changed, 0 unchanged'
expect "resend keyed: no duplicates" "$(week "$d" $LATE 2026-W47)" "3,2"

# 4. mode = log keeps every distinct row (the corrected row is added)
d=$tmp/log
conf "$d" log.csv 'mode = log'
sheet 2:00 a >"$docroot/log.csv"
night "$d" $N1
sheet 4:00 a >"$docroot/log.csv"
night "$d" $N2
expect "mode = log: both rows count" "$(week "$d" $LATE 2026-W48)" "6,2"

# 5. events: a corrected summary replaces the event; the clocks stay
evconf() {
	local dir=$1 file=$2
	mkdir -p "$dir"
	{
		printf '[supplier "acme"]\n[store]\npath = store.db\n'
		printf '[feed "ev"]\nkind = ticket-events\nurl = http://127.0.0.1:%s/files/%s\n' "$PORT" "$file"
		printf 'column.id = Job\ncolumn.at = When\ncolumn.status = Status\n'
		printf 'column.summary = Summary\ncolumn.priority = Priority\n'
		printf '[sla "all"]\nrespond = 1h\nresolve = 8h\n'
	} >"$dir/fitsmon.conf"
}
events() {   # events SUMMARY
	printf 'Job,When,Status,Summary,Priority\n'
	printf 'J1,2026-11-23 09:00,New,%s,High\n' "$1"
	printf 'J1,2026-11-23 09:30,In Progress,%s,High\n' "$1"
	printf 'J1,2026-11-23 15:00,Resolved,%s,High\n' "$1"
	printf 'J2,2026-11-23 10:00,New,Mouse,Low\n'
}
d=$tmp/events
evconf "$d" ev.csv
events 'Printer jam' >"$docroot/ev.csv"
night "$d" $N1
events 'Printer jam in room 4' >"$docroot/ev.csv"
night "$d" $N2
has "$d" 'ev: 0 new, 3 changed, 1 unchanged'
n=$(cd "$d" && "$FITSMON" -c fitsmon.conf sql --format csv \
	"SELECT count(*) FROM ticket_events WHERE until IS NULL" | tail -1 | tr -d '\r')
expect "events: one event each" "$n" 4
ref=$tmp/events-one
evconf "$ref" evone.csv
events 'Printer jam in room 4' >"$docroot/evone.csv"
night "$ref" $N2
b1=$(cd "$d" && "$FITSMON" -c fitsmon.conf --now $LATE query breaches --format csv 2>&1)
b2=$(cd "$ref" && "$FITSMON" -c fitsmon.conf --now $LATE query breaches --format csv 2>&1)
expect "events: the same clocks as one send" "$b1" "$b2"
x1=$(cd "$d" && "$FITSMON" -c fitsmon.conf --now $LATE explain J1 2>&1)
case $x1 in *'room 4'*) ok ;; *) bad "events: explain does not show the corrected summary: $(printf %s "$x1" | head -5)" ;; esac
x0=$(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N1 explain J1 2>&1)
case $x0 in *'room 4'*) bad "events: replay at night 1 shows the summary of night 2" ;; *'Printer jam'*) ok ;;
	*) bad "events: explain at night 1: $(printf %s "$x0" | head -5)" ;; esac

finish
