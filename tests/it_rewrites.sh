#!/bin/bash
# Signals from a call's nightly copies (issue 20, parts 1 and 2), through
# real `run`s against tests/httpd.py on 127.0.0.1, one export rewritten
# between nights.  Office hours Mon-Fri 09:00-17:00 UTC; 'urgent' (P1)
# answer in 1h, fix in 12h; 'normal' (P3) 4h and 40h.  Copies at 02:30 on
# Fri 21 (N1), Sat 22 (N2), Mon 24 (N3), Tue 25 (N4), Wed 26 (N5) and
# Thu 27 Aug 2026 (N6).
#   R1  the red-team case: opened Thu 20 Aug 09:00, not fixed in N1-N3,
#       fixed 24/08 15:00 in N4 (22 working hours: late), edited in N5 to
#       "Resolved 20/08/2026 12:00" (3 hours: on time).  stamp-rewritten;
#       the clock keeps 24/08 15:00 and the call stays late, now and in
#       replays at earlier nights.
#   R2  near miss: fixed 21/08 16:00 from N2, moved in N5 to 21/08 10:00,
#       still after N1 (the last copy without a fix): no signal, but the
#       clock keeps 21/08 16:00 (15 working hours: late, not 9: on time).
#   R3  opened 20/08 09:00, moved in N3 to 13:00 (answered 13:20: on time
#       from 13:00, 4 h 20 min late from 09:00): stamp-rewritten; the clock
#       keeps 09:00.
#   R4  near miss: opened moved earlier (10:00 to 09:30): no signal; the
#       clock uses 09:30.
#   L1  opened Mon 24 09:00 P1, still open at N5 (16 working hours, past
#       urgent's 12) when N5 shows P3: priority-lowered; clocked under
#       'normal' (the default, latest) or 'urgent' (priority_rule = first).
#   L2  near miss: opened 24/08 15:00, P3 in N5 after 10 working hours.
#   L3  near miss: P1 to P9, which no [sla] takes.
#   E1-E3  the same from a ticket-events feed (section 3).
set -u
. "$(dirname "$0")/itlib.sh" rewrites

files=$tmp/files
mkdir -p "$files"
start_httpd --files "$files"
PORT=$HTTP_PORT

# conf DIR [EXTRA [feed] KEYS...]
conf() {
	local dir=$1
	shift
	mkdir -p "$dir"
	{
		office_school
		cat <<CONF
[feed "desk"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$PORT/files/desk.csv
time_format = %d/%m/%Y %H:%M
column.id = Ticket Ref
column.opened = Logged
column.priority = Priority
column.responded = First Response
column.resolved = Resolved
column.summary = Summary
$(for kv in "$@"; do printf '%s\n' "$kv"; done)
[sla "urgent"]
when = priority ~ ^P1$
respond = 1h
resolve = 12h
[sla "normal"]
when = priority ~ ^P3$
respond = 4h
resolve = 40h
CONF
	} >"$dir/fitsmon.conf"
}
conf "$tmp/latest"
conf "$tmp/first" 'priority_rule = first'
conf "$tmp/off" 'stamp_rewritten = no' 'priority_lowered = no'

# copy NIGHT: that night's export
copy() {
	local n=$1
	{
		echo 'Ticket Ref,Logged,Priority,First Response,Resolved,Summary'
		local r1=''
		[ "$n" = 4 ] && r1='24/08/2026 15:00'
		[ "$n" -ge 5 ] && r1='20/08/2026 12:00'
		echo "R1,20/08/2026 09:00,P1,20/08/2026 09:30,$r1,Server room UPS alarm"
		local r2='21/08/2026 16:00'
		[ "$n" = 1 ] && r2=''
		[ "$n" -ge 5 ] && r2='21/08/2026 10:00'
		echo "R2,20/08/2026 09:00,P1,20/08/2026 09:30,$r2,Office printer offline"
		local o3='20/08/2026 09:00'
		[ "$n" -ge 3 ] && o3='20/08/2026 13:00'
		echo "R3,$o3,P1,20/08/2026 13:20,20/08/2026 16:00,Head's laptop will not start"
		local o4='20/08/2026 10:00'
		[ "$n" -ge 3 ] && o4='20/08/2026 09:30'
		echo "R4,$o4,P1,20/08/2026 10:20,20/08/2026 15:00,Reception phone"
		if [ "$n" -ge 4 ]; then
			local p=P1
			[ "$n" -ge 5 ] && p=P3
			echo "L1,24/08/2026 09:00,$p,24/08/2026 09:10,,Wi-Fi down in Year 6"
			echo "L2,24/08/2026 15:00,$p,24/08/2026 15:10,,Projector in hall"
			p=P1
			[ "$n" -ge 5 ] && p=P9
			echo "L3,24/08/2026 09:00,$p,24/08/2026 09:10,,Library PC"
		fi
	} >"$files/desk.csv"
}
N1=2026-08-21T02:30:00Z
N2=2026-08-22T02:30:00Z
N3=2026-08-24T02:30:00Z
N4=2026-08-25T02:30:00Z
N5=2026-08-26T02:30:00Z
N6=2026-08-27T02:30:00Z
nights=("" $N1 $N2 $N3 $N4 $N5 $N6)
for n in 1 2 3 4 5 6; do
	copy $n
	for d in latest first off; do
		(cd "$tmp/$d" && "$FITSMON" -c fitsmon.conf --now "${nights[$n]}" run) \
			>"$tmp/$d/out" 2>"$tmp/$d/err"
		rc=$?
		[ "$rc" = 0 ] && ok || bad "$d: run at ${nights[$n]}: exit $rc: $(head -c 400 "$tmp/$d/err")"
	done
done

# report DIR NOW NAME: the JSON report at NOW
report() { (cd "$tmp/$1" && "$FITSMON" -c fitsmon.conf --now "$2" report --format json) >"$tmp/$3.json"; }
# check NAME PYTHON MESSAGE: a check on report NAME (tickets by id in t,
# finding kinds by subject in k, findings by (kind, subject) in f)
check() {
	if "$PY" - "$tmp/$1.json" "$2" <<'PYEOF'; then ok; else bad "$1: $3"; fi
import json, sys
r = json.load(open(sys.argv[1]))
t = {x["ticket"]: x for x in r["tickets"]}
k, f = {}, {}
for x in r["findings"]:
    k.setdefault(x["subject"], []).append(x["kind"])
    f[(x["kind"], x["subject"])] = x
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps({"tickets": t, "findings": r["findings"]}, indent=1)[:4000])
sys.exit(0 if ok else 1)
PYEOF
}
H=3600
report latest $N6 now
# 1. stamp-rewritten: R1 (a fix moved before a copy that showed it open), R3
check now '"stamp-rewritten" in k["R1"] and "stamp-rewritten" in k["R3"]' \
	"R1 and R3 lack stamp-rewritten"
check now 'f[("stamp-rewritten", "R1")]["severity"] == "amber" and "Thu 20 Aug 12:00" in f[("stamp-rewritten", "R1")]["message"] and "Mon 24 Aug 15:00" in f[("stamp-rewritten", "R1")]["message"] and "Mon 24 Aug 02:30" in f[("stamp-rewritten", "R1")]["message"] and "Wed 26 Aug 02:30" in f[("stamp-rewritten", "R1")]["message"]' \
	"R1's finding does not show both versions with the dates received"
check now '"changed" in f[("stamp-rewritten", "R1")]["question"] and "Why" in f[("stamp-rewritten", "R1")]["question"] and f[("stamp-rewritten", "R1")]["evidence"][0]["ticket"] == "R1" and f[("stamp-rewritten", "R1")]["evidence"][0]["feed"] == "desk"' \
	"R1's finding lacks the question or the evidence"
check now '"Thu 20 Aug 09:00" in f[("stamp-rewritten", "R3")]["message"] and "Thu 20 Aug 13:00" in f[("stamp-rewritten", "R3")]["message"]' \
	"R3's finding does not show both logged times"
# the clocks keep the stamps as first reported: R1 stays late
check now "t['R1']['resolution']['status'] == 'breached' and t['R1']['resolution']['elapsed_s'] == 22 * $H and 'ticket-breached' in k['R1']" \
	"R1 is not late on the fix stamp first reported (24/08 15:00)"
check now "t['R3']['response']['status'] == 'breached' and t['R3']['response']['elapsed_s'] == 4 * $H + 20 * 60" \
	"R3's answer is not clocked from the first opened time (09:00)"
# near misses: R2 (moved earlier, still after the last copy without a fix), R4 (opened earlier)
check now '"stamp-rewritten" not in k.get("R2", []) and "stamp-rewritten" not in k.get("R4", [])' \
	"R2 or R4 gave stamp-rewritten"
check now "t['R2']['resolution']['elapsed_s'] == 15 * $H and t['R2']['resolution']['status'] == 'breached'" \
	"R2's fix clock does not keep the first-reported stamp (21/08 16:00)"
check now "t['R4']['response']['elapsed_s'] == 50 * 60" "R4 is not clocked from the earliest opened time"
# replays at earlier nights: R1 late at each, the signal only once the edit came
report latest $N5 n5
check n5 "'stamp-rewritten' in k['R1'] and t['R1']['resolution']['elapsed_s'] == 22 * $H and t['R1']['resolution']['status'] == 'breached'" \
	"replay at N5: R1 not flagged or not late"
report latest $N4 n4
check n4 "'stamp-rewritten' not in k['R1'] and t['R1']['resolution']['elapsed_s'] == 22 * $H and t['R1']['resolution']['status'] == 'breached'" \
	"replay at N4 (before the edit): R1 flagged, or not late"
report latest $N3 n3
check n3 "t['R1']['resolution']['status'] == 'breached' and t['R1']['resolution']['elapsed_s'] == 16 * $H" \
	"replay at N3: R1 not late (still open, 16 working hours)"
check n3 "'stamp-rewritten' not in k.get('R1', []) and 'stamp-rewritten' in k['R3']" \
	"replay at N3: wrong stamp-rewritten findings"

# 2. priority-lowered: L1; not L2 (lowered in time), not L3 (to no SLA)
check now '"priority-lowered" in k["L1"] and "priority-lowered" not in k.get("L2", []) and "L3" not in k' \
	"priority-lowered on the wrong calls"
check now 'f[("priority-lowered", "L1")]["severity"] == "amber" and "urgent" in f[("priority-lowered", "L1")]["message"] and "normal" in f[("priority-lowered", "L1")]["message"] and "Wed 26 Aug 02:30" in f[("priority-lowered", "L1")]["message"] and "P3" in f[("priority-lowered", "L1")]["message"] and "Why" in f[("priority-lowered", "L1")]["question"] and f[("priority-lowered", "L1")]["evidence"][0]["ticket"] == "L1"' \
	"L1's finding lacks the SLAs, the date, the priority or the question"
check now "t['L1']['sla'] == 'normal' and t['L2']['sla'] == 'normal'" "latest: L1, L2 not under 'normal'"
report latest $N4 l4
check l4 '"priority-lowered" not in k.get("L1", []) and t["L1"]["sla"] == "urgent"' \
	"replay at N4 (before the change): L1 flagged or not 'urgent'"
# priority_rule = first: the SLA first taken, and still the signal
report first $N6 first
check first "t['L1']['sla'] == 'urgent' and t['L1']['resolution']['status'] == 'breached' and t['L2']['sla'] == 'urgent' and 'priority-lowered' in k['L1']" \
	"priority_rule = first: L1/L2 not kept under 'urgent'"
check first "'L3' in t and t['L3']['sla'] == 'urgent'" "priority_rule = first: L3 not kept under 'urgent'"
# both signals off: no finding, the clocks as before
report off $N6 off
check off '[x for x in r["findings"] if x["kind"] in ("stamp-rewritten", "priority-lowered")] == []' \
	"signals turned off still give findings"
check off "t['R1']['resolution']['elapsed_s'] == 22 * $H and t['L1']['sla'] == 'normal'" \
	"signals off changed the clocks"
# the text report names the signal
(cd "$tmp/latest" && "$FITSMON" -c fitsmon.conf --now $N6 report) >"$tmp/now.txt" 2>&1
grep -q 'The record of call R1 .* was changed after the' "$tmp/now.txt" && ok ||
	bad "text report lacks the stamp-rewritten heading: $(grep -n -A6 R1 "$tmp/now.txt" | head -40)"
# 3. priority-lowered from a ticket-events feed, dated at the event:
#   E1  P1 from Mon 24 09:00, P3 at Wed 26 10:00 (17 working hours, past 12)
#   E2  near miss: P1 from Mon 24 15:00, P3 at Tue 25 14:00 (7 hours)
#   E3  near miss: fixed Mon 24 12:00 (3 hours), P3 only afterwards
# econf DIR [EXTRA [feed] KEYS...]
econf() {
	local dir=$1
	shift
	mkdir -p "$dir"
	{
		office_school
		cat <<CONF
[feed "ev"]
supplier = acme
kind = ticket-events
url = http://127.0.0.1:$PORT/files/events.csv
time_format = iso8601
column.id = id
column.at = at
column.status = status
column.priority = priority
$(for kv in "$@"; do printf '%s\n' "$kv"; done)
[sla "urgent"]
when = priority ~ ^P1$
respond = 1h
resolve = 12h
[sla "normal"]
when = priority ~ ^P3$
respond = 4h
resolve = 40h
CONF
	} >"$dir/fitsmon.conf"
}
cat >"$files/events.csv" <<'CSV'
id,at,status,priority
E1,2026-08-24T09:00:00Z,New,P1
E1,2026-08-24T09:10:00Z,In progress,P1
E1,2026-08-26T10:00:00Z,In progress,P3
E2,2026-08-24T15:00:00Z,New,P1
E2,2026-08-24T15:10:00Z,In progress,P1
E2,2026-08-25T14:00:00Z,In progress,P3
E3,2026-08-24T09:00:00Z,New,P1
E3,2026-08-24T09:10:00Z,In progress,P1
E3,2026-08-24T12:00:00Z,Resolved,P1
E3,2026-08-26T10:00:00Z,Resolved,P3
CSV
econf "$tmp/ev"
econf "$tmp/evfirst" 'priority_rule = first'
for d in ev evfirst; do
	(cd "$tmp/$d" && "$FITSMON" -c fitsmon.conf --now $N6 run) >"$tmp/$d/out" 2>"$tmp/$d/err"
	rc=$?
	[ "$rc" = 0 ] && ok || bad "$d: run: exit $rc: $(head -c 400 "$tmp/$d/err")"
done
report ev $N6 ev
check ev '"priority-lowered" in k["E1"] and "priority-lowered" not in k.get("E2", []) and "priority-lowered" not in k.get("E3", [])' \
	"events: priority-lowered on the wrong calls"
check ev '"Wed 26 Aug 10:00" in f[("priority-lowered", "E1")]["message"] and t["E1"]["sla"] == "normal"' \
	"events: E1's change not dated at the event, or not clocked under 'normal'"
check ev '[x for x in r["findings"] if x["kind"] == "stamp-rewritten"] == []' "events gave stamp-rewritten"
report evfirst $N6 evfirst
check evfirst 't["E1"]["sla"] == "urgent" and t["E2"]["sla"] == "urgent" and "priority-lowered" in k["E1"]' \
	"events, priority_rule = first: E1/E2 not kept under 'urgent'"
econf "$tmp/evbad" 'stamp_rewritten = yes'
(cd "$tmp/evbad" && "$FITSMON" -c fitsmon.conf validate) >"$tmp/evbad/out" 2>&1
rc=$?
[ "$rc" = 78 ] && grep -q 'stamp_rewritten applies only to kind = tickets' "$tmp/evbad/out" && ok ||
	bad "stamp_rewritten on an events feed: exit $rc: $(cat "$tmp/evbad/out")"

# config errors: a bad word, and stamp_rewritten on an events feed
conf "$tmp/bad" 'priority_rule = oldest' 'stamp_rewritten = maybe'
(cd "$tmp/bad" && "$FITSMON" -c fitsmon.conf validate) >"$tmp/bad/out" 2>&1
rc=$?
[ "$rc" = 78 ] && ok || bad "bad signal keys: exit $rc, expected 78"
grep -q 'priority_rule' "$tmp/bad/out" && grep -q 'stamp_rewritten' "$tmp/bad/out" && ok ||
	bad "bad signal keys: not both reported: $(cat "$tmp/bad/out")"
finish
