#!/bin/bash
# Waiting on the school in a `tickets` feed (issue 15, item 2): three
# nightly copies of a one-row-per-call export, served by tests/httpd.py on
# 127.0.0.1 and taken in by `fitsmon run`.  A call's pause runs from the
# fetch time of the first copy that shows a pause status to the fetch time
# of the first later copy that shows another status (or to now).
#   T1  In progress, On Hold, On Hold: waiting on the school at now, since
#       the second copy; reported as waiting, not as late.
#   T2  In progress, On Hold, In progress: paused in between, late again.
# Office hours Mon-Fri 09:00-17:00 UTC; both calls opened Mon 23 Nov 09:00,
# answered 09:30; fix within 12 working hours.  Copies fetched Tue 24,
# Wed 25 and Thu 26 Nov at 02:30: the pause is Wed 09:00-17:00, 8 hours.
set -u
. "$(dirname "$0")/itlib.sh" pause

files=$tmp/files
mkdir -p "$files"
start_httpd --files "$files"
PORT=$HTTP_PORT

d=$tmp/school
mkdir -p "$d"
{
	office_school
	cat <<CONF
[feed "desk"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$PORT/files/desk.csv
time_format = iso8601
column.id = id
column.opened = opened
column.responded = responded
column.resolved = resolved
column.status = status
column.summary = summary
pause_status = On Hold, Awaiting quote
[sla "all"]
respond = 1h
resolve = 12h
CONF
} >"$d/fitsmon.conf"

# copy STATUS1 STATUS2: tonight's export (T1's status, then T2's)
copy() {
	{
		echo 'id,opened,responded,resolved,status,summary'
		echo "T1,2026-11-23T09:00:00Z,2026-11-23T09:30:00Z,,$1,Hall projector lamp"
		echo "T2,2026-11-23T09:00:00Z,2026-11-23T09:30:00Z,,$2,Staff room printer"
	} >"$files/desk.csv"
}
N1=2026-11-24T02:30:00Z
N2=2026-11-25T02:30:00Z
N3=2026-11-26T02:30:00Z
night() {
	(cd "$d" && "$FITSMON" -c fitsmon.conf --now "$1" run) >"$d/out" 2>"$d/err"
	local rc=$?
	[ "$rc" = 0 ] && ok || bad "run at $1: exit $rc: $(head -c 400 "$d/err")"
}
report() { (cd "$d" && "$FITSMON" -c fitsmon.conf --now "$1" report --format json) >"$d/$2.json"; }

# check FILE PYTHON: a check on the JSON report in r (tickets by id in t,
# findings by subject in f)
check() {
	if "$PY" - "$1" "$2" <<'PYEOF'; then ok; else bad "$3"; fi
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["ticket"]: x for x in r["tickets"]}
f = {}
for x in r["findings"]:
    f.setdefault(x["subject"], []).append(x)
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps({"tickets": t, "findings": f}, indent=1)[:3000])
sys.exit(0 if ok else 1)
PYEOF
}

copy "In progress" "In progress"
night $N1
copy "On Hold" "On Hold"
night $N2
copy "On Hold" "In progress"
night $N3

# at the second night: both wait since that copy; nothing paused yet
report $N2 n2
check "$d/n2.json" 't["T1"]["paused_s"] == 0 and t["T2"]["paused_s"] == 0' \
	"night 2: no paused time yet"
check "$d/n2.json" '[x["kind"] for x in f["T1"]] == ["ticket-waiting"] and [x["kind"] for x in f["T2"]] == ["ticket-waiting"]' \
	"night 2: both calls waiting on the school"

# at the third night
report $N3 n3
check "$d/n3.json" 't["T1"]["paused_s"] == 28800 and t["T2"]["paused_s"] == 28800' \
	"night 3: 8 hours paused (Wed 09:00-17:00) for both calls"
check "$d/n3.json" 't["T1"]["resolution"]["elapsed_s"] == 57600 and t["T2"]["resolution"]["elapsed_s"] == 57600' \
	"night 3: 16 working hours counted (Mon and Tue), not Wed"
check "$d/n3.json" '[x["kind"] for x in f["T1"]] == ["ticket-waiting"]' \
	"night 3: T1 is waiting on the school, not late"
check "$d/n3.json" 't["T1"]["waiting_since"] == "2026-11-25T02:30:00Z" and "waiting_since" not in t["T2"]' \
	"night 3: T1 waits since the second copy (JSON waiting_since), T2 does not"
check "$d/n3.json" '"waiting on the school (status \u0027On Hold\u0027) since Wed 25 Nov 02:30" in f["T1"][0]["message"] and "16 working hours" in f["T1"][0]["message"] and "12 working hours" in f["T1"][0]["message"]' \
	"night 3: T1's wording says since when it waits"
check "$d/n3.json" '[x["kind"] for x in f["T2"]] == ["ticket-breached"] and "16 working hours" in f["T2"][0]["message"]' \
	"night 3: T2 no longer waits, so it is late"

# a day later, with no new copy: T1 still waits (Wed and Thu paused), T2's
# pause ended with the third copy
N4=2026-11-27T02:30:00Z
report $N4 n4
check "$d/n4.json" 't["T1"]["paused_s"] == 57600 and t["T2"]["paused_s"] == 28800' \
	"a day later: T1 paused 16 hours, T2 still 8"
check "$d/n4.json" 't["T2"]["resolution"]["elapsed_s"] == 86400 and [x["kind"] for x in f["T1"]] == ["ticket-waiting"]' \
	"a day later: T2's clock ran on Thursday, T1 still waits"

# explain: the pause, minute by minute, in hours
(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N3 explain T2) >"$d/explain" 2>&1
grep -qE 'not counted: paused \(On Hold\)' "$d/explain" && ok || bad "explain T2: no pause line: $(cat "$d/explain")"
grep -qE 'resolution breached: 16 working hours of 12 working hours \(57600 s of 43200 s\)' "$d/explain" &&
	ok || bad "explain T2: not in working hours: $(cat "$d/explain")"
grep -qE 'paused +8 working hours \(28800 s\)' "$d/explain" && ok || bad "explain T2: paused: $(cat "$d/explain")"
grep -q 'waiting ' "$d/explain" && bad "explain T2: still waiting: $(cat "$d/explain")" || ok
(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N3 explain T1) >"$d/explain1" 2>&1
grep -qE "waiting +on the school \(status 'On Hold'\) since Wed 25 Nov 02:30" "$d/explain1" &&
	ok || bad "explain T1: not waiting: $(cat "$d/explain1")"

# query breaches (text): T2 only, in working hours
(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N3 query breaches) >"$d/q" 2>&1
grep -qE 'T2 .*16 working hours +12 working hours' "$d/q" && ok || bad "query breaches: $(cat "$d/q")"
grep -qE 'T1 .*waiting on the school +57600' "$d/q" && ok || bad "query breaches: T1 not waiting: $(cat "$d/q")"

# the config: pause_status on a tickets feed needs column.status, and an
# activities feed still refuses it
sed '/^column.status = status$/d' "$d/fitsmon.conf" >"$d/nostatus.conf"
(cd "$d" && "$FITSMON" -c nostatus.conf validate) >"$d/v" 2>&1
rc=$?
[ "$rc" = 78 ] && grep -q 'nostatus.conf:[0-9]*: pause_status needs column.status' "$d/v" &&
	ok || bad "pause_status without column.status: exit $rc: $(cat "$d/v")"
(cd "$d" && "$FITSMON" -c fitsmon.conf validate) >"$d/v" 2>&1 && ok || bad "validate: $(cat "$d/v")"
printf '[feed "log"]\nsupplier = acme\nkind = activities\nurl = log.csv\ncolumn.at = at\ncolumn.description = d\npause_status = On Hold\n' >>"$d/fitsmon.conf"
(cd "$d" && "$FITSMON" -c fitsmon.conf validate) >"$d/v" 2>&1
rc=$?
[ "$rc" = 78 ] && grep -q 'pause_status applies only to kind = ticket-events or tickets' "$d/v" &&
	ok || bad "pause_status on activities: exit $rc: $(cat "$d/v")"

finish
