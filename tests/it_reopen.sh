#!/bin/bash
# The reopened-as-new and long-pause signals (issue 20 parts 3 and 4;
# DESIGN.md "Nightly copies"): five nightly copies of a one-row-per-call
# export with a caller column, served by tests/httpd.py on 127.0.0.1 and
# taken in by `fitsmon run` under three configs: the defaults
# (reopen_window 5d, reopen_merge no, pause_share 50%), reopen_merge = yes,
# and both signals turned off.
# Office hours Mon-Fri 09:00-17:00 UTC (one working day: 8 hours); fix
# within 12 working hours.  Copies fetched at 02:30 on Tue 24 (N1), Wed 25
# (N2), Thu 26 (N3), Fri 27 (N4) and Sun 29 Nov (N5).
#   R1, R2  the same caller ("Jo Bloggs", then "JO BLOGGS"): R2 opened Wed
#           10:00, 1 day 19 hours after R1's fix (Mon 15:00): a pair.  R2 is
#           On Hold in the N3 copy and fixed Thu 11:00.
#   D2      R1's summary word for word but another caller: no pair.
#   P1, P2  P2 opened exactly 5 days after P1's fix: a pair (the window is
#           closed at both ends).
#   Q1, Q2  Q2 opened 5 days and 1 second after Q1's fix: no pair.
#   S1, S2  no caller, the same summary in another case: a pair.
#   L1      On Hold from N1 to N4, fixed Fri 01:00: 24 of 32 hours paused.
#   L2      Awaiting quote from N2 to N4: 16 of 32 hours, exactly half: no.
#   L3      On Hold from N2, fixed Wed 14:00: 5 of 8 hours paused, but a
#           span of exactly one working day is not longer than one: no.
set -u
. "$(dirname "$0")/itlib.sh" reopen

files=$tmp/files
mkdir -p "$files"
start_httpd --files "$files"
PORT=$HTTP_PORT

# school DIR EXTRA: a config whose [sla] ends with the lines EXTRA
school() {
	mkdir -p "$1"
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
column.caller = caller
pause_status = On Hold, Awaiting quote
[sla "all"]
respond = 1h
resolve = 12h
$2
CONF
	} >"$1/fitsmon.conf"
}
base=$tmp/base
merge=$tmp/merge
off=$tmp/off
school "$base" ""
school "$merge" "reopen_merge = yes"
school "$off" "reopen_window = 0
pause_share = 100%"

# row ID OPENED RESPONDED RESOLVED STATUS SUMMARY CALLER
row() { echo "$1,$2,$3,$4,$5,$6,$7"; }
# copy N: the export as the supplier sent it on night N
copy() {
	local n=$1
	{
		echo 'id,opened,responded,resolved,status,summary,caller'
		row R1 2026-11-23T09:00:00Z 2026-11-23T09:30:00Z 2026-11-23T15:00:00Z Resolved \
			"Laptop will not boot" "Jo Bloggs"
		row P1 2026-11-23T10:00:00Z 2026-11-23T10:10:00Z 2026-11-23T13:00:00Z Resolved \
			"Email not syncing" "Ali Khan"
		row Q1 2026-11-23T10:00:00Z 2026-11-23T10:10:00Z 2026-11-23T12:00:00Z Resolved \
			"Password reset" "Sam Ray"
		row S1 2026-11-23T11:00:00Z 2026-11-23T11:10:00Z 2026-11-23T12:00:00Z Resolved \
			"Projector in Room 4 flickers" ""
		row S2 2026-11-24T09:00:00Z 2026-11-24T09:10:00Z 2026-11-24T10:00:00Z Resolved \
			"PROJECTOR in room 4 flickers" ""
		case $n in
		1) l1="On Hold,"; l2="In progress,"; l1r=; l2r= ;;
		2|3) l1="On Hold,"; l2="Awaiting quote,"; l1r=; l2r= ;;
		*) l1="Resolved,"; l2="Resolved,"; l1r=2026-11-27T01:00:00Z; l2r=$l1r ;;
		esac
		row L1 2026-11-23T09:00:00Z 2026-11-23T09:30:00Z "$l1r" "${l1%,}" \
			"Server fan noise" "Pat Doe"
		row L2 2026-11-23T09:00:00Z 2026-11-23T09:30:00Z "$l2r" "${l2%,}" \
			"New licences quote" "Chris Poe"
		if [ "$n" -ge 2 ]; then
			row D2 2026-11-24T10:00:00Z 2026-11-24T10:10:00Z 2026-11-24T12:00:00Z Resolved \
				"Laptop will not boot" "Kim Lee"
			if [ "$n" = 2 ]; then
				row L3 2026-11-24T14:00:00Z 2026-11-24T14:10:00Z "" "On Hold" \
					"Visualiser cable" "Mo Ng"
			else
				row L3 2026-11-24T14:00:00Z 2026-11-24T14:10:00Z 2026-11-25T14:00:00Z \
					Resolved "Visualiser cable" "Mo Ng"
			fi
		fi
		if [ "$n" = 3 ]; then
			row R2 2026-11-25T10:00:00Z 2026-11-25T10:15:00Z "" "On Hold" \
				"Laptop dead again" "JO BLOGGS"
		elif [ "$n" -ge 4 ]; then
			row R2 2026-11-25T10:00:00Z 2026-11-25T10:15:00Z 2026-11-26T11:00:00Z Resolved \
				"Laptop dead again" "JO BLOGGS"
		fi
		if [ "$n" -ge 5 ]; then
			row P2 2026-11-28T13:00:00Z "" "" New "Email stopped again" "ali khan"
			row Q2 2026-11-28T12:00:01Z "" "" New "Password again" "Sam Ray"
		fi
	} >"$files/desk.csv"
}
nights=(x 2026-11-24T02:30:00Z 2026-11-25T02:30:00Z 2026-11-26T02:30:00Z \
	2026-11-27T02:30:00Z 2026-11-29T02:30:00Z)
for n in 1 2 3 4 5; do
	copy $n
	for d in "$base" "$merge" "$off"; do
		(cd "$d" && "$FITSMON" -c fitsmon.conf --now "${nights[$n]}" run) >"$d/out" 2>"$d/err"
		rc=$?
		[ "$rc" = 0 ] && ok || bad "run $d at ${nights[$n]}: exit $rc: $(head -c 400 "$d/err")"
	done
done
N5=${nights[5]}
# replayed at night 3, R1 (merged) waits as R2 does: since the copy that
# first showed R2 on hold, a date of this November (not a date made from
# R1's own "never")
(cd "$merge" && "$FITSMON" -c fitsmon.conf --now "${nights[3]}" report --format json) >"$tmp/m3.json"
"$PY" - "$tmp/m3.json" <<'PYEOF' && ok || bad "reopen_merge: the waiting call's date is wrong"
import json, re, sys
fs = [f for f in json.load(open(sys.argv[1]))["findings"] if f["kind"] == "ticket-waiting"]
bad = [f["message"] for f in fs if not re.search(r"\(status '(On Hold|Awaiting quote)'\) since \w{3} \d+ Nov \d\d:\d\d", f["message"])]
print("reopen: waiting findings at night 3: %d" % len(fs))
if not fs or bad:
    print(bad or "no ticket-waiting finding")
    sys.exit(1)
PYEOF
for d in "$base" "$merge" "$off"; do
	(cd "$d" && "$FITSMON" -c fitsmon.conf --now "$N5" report --format json) >"$d/r.json"
done

# check FILE PYTHON WHAT: a check on the JSON report in r (tickets by id in
# t, findings of a kind by subject in f["KIND"])
check() {
	if "$PY" - "$1" "$2" <<'PYEOF'; then ok; else bad "$3"; fi
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["ticket"]: x for x in r["tickets"]}
f = {}
for x in r["findings"]:
    f.setdefault(x["kind"], {})[x["subject"]] = x
f.setdefault("reopened-as-new", {})
f.setdefault("long-pause", {})
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps({"tickets": t, "findings": f}, indent=1)[:4000])
sys.exit(0 if ok else 1)
PYEOF
}

# ---- reopened-as-new, defaults
B=$base/r.json
check "$B" 'sorted(f["reopened-as-new"]) == ["P2", "R2", "S2"]' \
	"pairs: R2 (caller in another case), P2 (exactly 5 days), S2 (summary); not D2, Q2"
check "$B" '[(e["ticket"], e["row"]) for e in f["reopened-as-new"]["R2"]["evidence"]] == [("R2", 11), ("R1", 2)]' \
	"R2's evidence names the new call, then the first"
check "$B" 'all(x["severity"] == "amber" and x["supplier"] == "acme" for x in f["reopened-as-new"].values())' \
	"reopened-as-new is amber, from acme"
check "$B" '"JO BLOGGS logged new call R2 (\"Laptop dead again\") on Wed 25 Nov 10:00, 1 day 19 hours after JO BLOGGS\u0027s earlier call R1 (\"Laptop will not boot\") was marked fixed by Acme (Mon 23 Nov 15:00)" in f["reopened-as-new"]["R2"]["message"]' \
	"R2's message says who, when and how long after"
check "$B" '"Was call R1 really fixed on Mon 23 Nov 15:00, or is call R2 the same problem coming back?" in f["reopened-as-new"]["R2"]["question"]' \
	"R2's question"
check "$B" '"same description as call S1" in f["reopened-as-new"]["S2"]["message"] and "5 days" in f["reopened-as-new"]["P2"]["message"]' \
	"S2 matched on its summary; P2 5 days after"
check "$B" 't["R1"]["resolution"]["elapsed_s"] == 21600 and t["R1"]["resolution"]["status"] == "met" and t["R1"]["paused_s"] == 0 and "reopened_as" not in t["R1"]' \
	"without reopen_merge R1's clock is its own: 6 working hours, met"

# ---- reopen_merge = yes: R1's resolution clock runs on to R2's fix, the
# gap (Mon 15:00 to Wed 10:00) not counted, R2's pause (Thu 09:00-11:00) not
# counted either: 6 h Mon + 7 h Wed = 13 h, breached; paused 2 h
M=$merge/r.json
check "$M" 't["R1"]["resolution"]["elapsed_s"] == 46800 and t["R1"]["resolution"]["status"] == "breached" and t["R1"]["paused_s"] == 7200' \
	"reopen_merge: R1's resolution clock 13 working hours, breached, R2's pause counted"
check "$M" 't["R1"]["reopened_as"] == "R2" and t["R1"]["resolution_stop"] == "2026-11-26T11:00:00Z"' \
	"reopen_merge: JSON says R1 runs on through R2 to its fix"
check "$M" 't["R1"]["response"]["elapsed_s"] == 1800 and t["R1"]["response"]["status"] == "met"' \
	"reopen_merge: R1's response clock is its own"
check "$M" 't["R2"]["resolution"]["elapsed_s"] == 25200 and t["R2"]["paused_s"] == 7200 and "reopened_as" not in t["R2"]' \
	"reopen_merge: R2 keeps its own clock (7 working hours)"
check "$M" '"ticket-breached" in f and "R1" in f["ticket-breached"]' \
	"reopen_merge: R1 is now a late call"
check "$M" '"took 13 working hours to fix; the contract allows 12 working hours" in f["reopened-as-new"]["R2"]["message"]' \
	"reopen_merge: the finding gives the merged clock"
# explain R1: the reopen, the gap not counted, the merged clock
(cd "$merge" && "$FITSMON" -c fitsmon.conf --now "$N5" explain R1) >"$tmp/explain" 2>&1
grep -q "reopened   as new call R2, logged Wed 25 Nov 10:00, fixed Thu 26 Nov 11:00" "$tmp/explain" &&
	ok || bad "explain R1: no reopen line: $(cat "$tmp/explain")"
grep -qE 'resolution breached: 13 working hours of 12 working hours \(46800 s of 43200 s\)' "$tmp/explain" &&
	ok || bad "explain R1: not the merged clock: $(cat "$tmp/explain")"
grep -qE 'Mon 23 Nov 15:00 +Mon 23 Nov 17:00 .*not counted: resolved, later reopened' "$tmp/explain" &&
	ok || bad "explain R1: the gap is not shown: $(cat "$tmp/explain")"
grep -qE 'not counted: paused \(On Hold\)' "$tmp/explain" &&
	ok || bad "explain R1: R2's pause is not shown: $(cat "$tmp/explain")"
# query breaches: R1 is late through R2 (the late-calls load keeps every
# window ticket when an SLA merges)
(cd "$merge" && "$FITSMON" -c fitsmon.conf --now "$N5" query breaches) >"$tmp/q" 2>&1
grep -qE '^ *R1 ' "$tmp/q" && ok || bad "query breaches with reopen_merge: no R1: $(cat "$tmp/q")"
(cd "$base" && "$FITSMON" -c fitsmon.conf --now "$N5" query breaches) >"$tmp/q0" 2>&1
grep -qE '^ *R1 ' "$tmp/q0" && bad "query breaches without merge lists R1: $(cat "$tmp/q0")" || ok
(cd "$base" && "$FITSMON" -c fitsmon.conf --now "$N5" explain R1) >"$tmp/explain0" 2>&1
grep -q "reopened" "$tmp/explain0" && bad "explain R1 without merge: $(cat "$tmp/explain0")" || ok
grep -qE 'resolution met: 6 working hours' "$tmp/explain0" && ok ||
	bad "explain R1 without merge: $(cat "$tmp/explain0")"

# ---- long-pause
check "$B" 'sorted(f["long-pause"]) == ["L1"]' \
	"long-pause: L1 only (not L2 at exactly half, not L3 at exactly one working day)"
check "$B" 't["L1"]["paused_s"] == 86400 and t["L1"]["resolution"]["elapsed_s"] == 28800' \
	"L1: 24 working hours paused, 8 counted"
check "$B" 't["L2"]["paused_s"] == 57600 and t["L2"]["resolution"]["elapsed_s"] == 57600' \
	"L2: 16 working hours paused, 16 counted (exactly half)"
check "$B" 't["L3"]["paused_s"] == 18000 and t["L3"]["resolution"]["elapsed_s"] == 10800' \
	"L3: 5 working hours paused, 3 counted (one working day in all)"
check "$B" '"was paused for 24 working hours of its 32 working hours (75%), in the status \u0027On Hold\u0027" in f["long-pause"]["L1"]["message"]' \
	"L1's message gives the paused share and the status"
check "$B" '[e.get("period") for e in f["long-pause"]["L1"]["evidence"]] == [None, "On Hold from Tue 24 Nov 02:30 to Fri 27 Nov 01:00"] and f["long-pause"]["L1"]["severity"] == "amber"' \
	"L1's evidence: the call, then its pause with the status that paused it"
check "$B" '"Why was call L1 paused for 24 working hours" in f["long-pause"]["L1"]["question"]' \
	"L1's question"

# ---- turned off: reopen_window = 0, pause_share = 100%
O=$off/r.json
check "$O" 'not f["reopened-as-new"] and not f["long-pause"]' \
	"reopen_window = 0 and pause_share = 100% turn both signals off"
check "$O" 't["L1"]["paused_s"] == 86400' "turned off: the clocks are unchanged"

# ---- a ticket-events feed read back from the store for a window: the
# first call (EA, opened Thu 19, fixed Tue 24 Nov 10:00) is before the
# window (from Wed 25), yet the load keeps it, as the new call EB (Thu 26
# 09:00, the same caller) may reopen it; EC's caller differs
ev=$tmp/events
mkdir -p "$ev"
{
	office_school
	cat <<CONF
[feed "log"]
supplier = acme
kind = ticket-events
url = http://127.0.0.1:$PORT/files/events.csv
time_format = iso8601
column.id = id
column.at = at
column.status = status
column.caller = caller
[sla "all"]
respond = 1h
resolve = 12h
reopen_merge = yes
CONF
} >"$ev/fitsmon.conf"
cat >"$files/events.csv" <<'CSV'
id,at,status,caller
EA,2026-11-19T09:00:00Z,New,Ann Cole
EA,2026-11-19T09:30:00Z,In progress,Ann Cole
EA,2026-11-24T10:00:00Z,Resolved,Ann Cole
EB,2026-11-26T09:00:00Z,New,ann cole
EB,2026-11-26T09:20:00Z,In progress,ann cole
EC,2026-11-26T10:00:00Z,New,Bo Dee
EF,2026-11-25T09:00:00Z,New,Fay Roe
EF,2026-11-25T09:10:00Z,In progress,Fay Roe
EF,2026-11-25T12:00:00Z,Resolved,Fay Roe
EG,2026-11-26T09:00:00Z,New,Fay Roe
EG,2026-11-26T09:10:00Z,In progress,Fay Roe
CSV
for n in 4 5; do
	(cd "$ev" && "$FITSMON" -c fitsmon.conf --now "${nights[$n]}" run) >"$ev/out" 2>"$ev/err" &&
		ok || bad "events run: $(head -c 400 "$ev/err")"
done
(cd "$ev" && "$FITSMON" -c fitsmon.conf --now "$N5" report --from 2026-11-25 --to 2026-11-30 \
	--format json) >"$ev/r.json"
check "$ev/r.json" 'sorted(f["reopened-as-new"]) == ["EB", "EG"] and [e["ticket"] for e in f["reopened-as-new"]["EB"]["evidence"]] == ["EB", "EA"]' \
	"events feed from the store: EB reopens EA, fixed before the window"
check "$ev/r.json" '"EA" not in t' "events feed: EA is not a window call"
# EF (3 working hours, met alone) runs on through EG, still open: Wed 3 h
# + Thu 8 h + Fri 8 h = 19 h, late; query breaches (a late-calls load) lists it
check "$ev/r.json" 't["EF"]["resolution"]["elapsed_s"] == 68400 and t["EF"]["reopened_as"] == "EG" and "resolution_stop" not in t["EF"]' \
	"events feed, reopen_merge: EF runs on through EG, still open"
(cd "$ev" && "$FITSMON" -c fitsmon.conf --now "$N5" query breaches --from 2026-11-25 \
	--to 2026-11-30) >"$tmp/qe" 2>&1
grep -qE '^ *EF ' "$tmp/qe" && ok || bad "events feed: query breaches has no EF: $(cat "$tmp/qe")"

# ---- config: bad values are config errors, every one in one pass
school "$tmp/bad" "reopen_window = soon
reopen_merge = perhaps
pause_share = half"
(cd "$tmp/bad" && "$FITSMON" -c fitsmon.conf validate) >"$tmp/v" 2>&1
rc=$?
[ "$rc" = 78 ] && ok || bad "bad signal keys: exit $rc"
grep -q "reopen_window: bad duration 'soon'" "$tmp/v" && grep -q "reopen_merge: 'perhaps' is not yes or no" "$tmp/v" &&
	grep -q "pause_share: bad percentage 'half'" "$tmp/v" && ok || bad "bad signal keys: $(cat "$tmp/v")"

finish
