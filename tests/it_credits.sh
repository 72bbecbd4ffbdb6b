#!/bin/bash
# Service credits (issue 19 part 1), figures worked by hand.
# Supplier acme, monthly charge £1,875.00, calendar always (24/7), UTC.
# SLA urgent (P1: answer 1h, fix 4h), credit below 95%: 2%, below 90%: 5%,
# below 80%: 10%.  SLA normal (P2: 4h, 24h), credit below 95%: 1%, below
# 90%: 3%.  Activity weekly-check (every week, 1% per missed week).
# November 2026, calls whose fix is in the month:
#   urgent U1 (opened 31 Oct 22:00, fixed 1 Nov 01:00: November's), U2-U6
#   met, U7 fixed in 6h: 6 of 7 = 85.71%, below 90% not 80%: 5% = £93.75.
#   U8 (opened 30 Nov, fixed 1 Dec) is December's.
#   normal N1-N3 met, N4 fixed in 48h: 3 of 4 = 75%: below 90%: 3% = £56.25.
#   weekly-check done in the weeks of 2, 9, 16 Nov, missed in those of 23
#   and 30 Nov (first date in November): 2 x 1% = 2% = £37.50.
#   Total 10% = £187.50.  With credit_cap = 8%: £150.00, capped.
#   With a charge of £1,875.05: 10% = 18,750.5p, half up once: £187.51
#   (items alone 93.75 + 56.25 + 37.50 = 187.50; truncated also 187.50).
# October 2026: no call fixed in it, every week's check done: nothing owed.
# The window 15 Oct - 1 Dec starts mid-October: October is judged on all
# its days (its checks of 5 and 12 Oct count, rows before the window).
set -u
. "$(dirname "$0")/itlib.sh" credits

d=$tmp/school
mkdir -p "$d"
conf() {   # conf CHARGE CAP [STALE]
	cat >"$d/fitsmon.conf" <<CONF
[school]
name = Test school
timezone = UTC
[store]
path = store.db
[supplier "acme"]
name = Acme
monthly_charge = $1
credit_cap = $2
[feed "desk"]
supplier = acme
kind = tickets
url = desk.csv
time_format = iso8601
stale_after = ${3:-100d}
column.id = id
column.opened = opened
column.responded = responded
column.resolved = resolved
column.priority = priority
column.summary = summary
[feed "log"]
supplier = acme
kind = activities
url = log.csv
time_format = iso8601
stale_after = 100d
column.at = at
column.hours = hours
column.description = description
[sla "urgent"]
supplier = acme
when = priority ~ ^P1$
respond = 1h
resolve = 4h
credit = below 95%: 2%, below 90%: 5%, below 80%: 10%
[sla "normal"]
supplier = acme
when = priority ~ ^P2$
respond = 4h
resolve = 24h
credit = below 95%: 1%, below 90%: 3%
[activity "weekly-check"]
supplier = acme
title = Weekly check
every = week
evidence = (?i)weekly check
credit = 1%
CONF
}
cat >"$d/desk.csv" <<'CSV'
id,priority,opened,responded,resolved,summary
U1,P1,2026-10-31T22:00Z,2026-10-31T22:30Z,2026-11-01T01:00Z,server down
U2,P1,2026-11-03T09:00Z,2026-11-03T09:20Z,2026-11-03T11:00Z,a
U3,P1,2026-11-05T09:00Z,2026-11-05T09:20Z,2026-11-05T11:00Z,b
U4,P1,2026-11-10T09:00Z,2026-11-10T09:20Z,2026-11-10T11:00Z,c
U5,P1,2026-11-12T09:00Z,2026-11-12T09:20Z,2026-11-12T11:00Z,d
U6,P1,2026-11-17T09:00Z,2026-11-17T09:20Z,2026-11-17T11:00Z,e
U7,P1,2026-11-19T09:00Z,2026-11-19T09:20Z,2026-11-19T15:00Z,late fix
U8,P1,2026-11-30T22:00Z,2026-11-30T22:10Z,2026-12-01T01:00Z,december
N1,P2,2026-11-02T09:00Z,2026-11-02T10:00Z,2026-11-02T17:00Z,f
N2,P2,2026-11-09T09:00Z,2026-11-09T10:00Z,2026-11-09T17:00Z,g
N3,P2,2026-11-16T09:00Z,2026-11-16T10:00Z,2026-11-16T17:00Z,h
N4,P2,2026-11-23T09:00Z,2026-11-23T10:00Z,2026-11-25T09:00Z,slow fix
CSV
{
	echo "at,hours,description"
	for day in 2026-10-05 2026-10-12 2026-10-19 2026-10-26 2026-11-02 2026-11-09 2026-11-16; do
		echo "${day}T10:00Z,0.5,weekly check done"
	done
} >"$d/log.csv"

NOW=2026-12-10T02:00:00Z
rep() {   # rep OUT [ARGS...]: the JSON report of the window 15 Oct - 1 Dec
	local out=$1
	shift
	"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" report --format json \
		--from 2026-10-15 --to 2026-12-01 "$@" >"$out" 2>"$tmp/err" || bad "report failed: $(cat "$tmp/err")"
}
# check FILE PYTHON-EXPRESSION LABEL: j is the report, c the credits by month
check() {
	if "$PY" - "$1" "$2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
c = {m["month"]: m for m in j["credits"]}
def item(m, key, name):
    return [i for i in c[m]["items"] if i.get(key) == name][0]
due = [f for f in j["findings"] if f["kind"] == "credit-due"]
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
	then ok; else bad "$3"; fi
}

# ---- uncapped, £1,875.00 ----
conf 1875.00 100%
rep "$tmp/a.json"
check "$tmp/a.json" 'sorted(c) == ["2026-10", "2026-11"]' "October and November are judged, nothing else"
check "$tmp/a.json" 'item("2026-11", "sla", "urgent")["compliance"] == 0.8571 and item("2026-11", "sla", "urgent")["tier"] == 0.9' "urgent: 6 of 7 calls fixed in November, tier below 90%"
check "$tmp/a.json" 'item("2026-11", "sla", "urgent")["percent"] == 5 and item("2026-11", "sla", "urgent")["amount"] == 93.75' "urgent owes 5% = 93.75"
check "$tmp/a.json" 'item("2026-11", "sla", "urgent")["tickets"] == 7 and item("2026-11", "sla", "urgent")["met"] == 6' "U1 (opened in October) counts, U8 (fixed in December) does not"
check "$tmp/a.json" 'item("2026-11", "sla", "normal")["compliance"] == 0.75 and item("2026-11", "sla", "normal")["percent"] == 3 and item("2026-11", "sla", "normal")["amount"] == 56.25' "normal: 75%, below 90%: 3% = 56.25"
check "$tmp/a.json" 'item("2026-11", "activity", "weekly-check")["missed"] == 2 and item("2026-11", "activity", "weekly-check")["amount"] == 37.5' "two weeks missed: 2% = 37.50"
check "$tmp/a.json" 'c["2026-11"]["total"] == 187.5 and c["2026-11"]["capped"] is False and c["2026-11"]["status"] == "owed"' "November: 187.50, not capped"
check "$tmp/a.json" 'c["2026-10"]["total"] == 0 and c["2026-10"]["status"] == "none" and item("2026-10", "sla", "urgent")["compliance"] is None and item("2026-10", "activity", "weekly-check")["missed"] == 0' "October: no call fixed, every check done: nothing owed"
check "$tmp/a.json" 'len(due) == 1 and due[0]["subject"] == "acme 2026-11" and due[0]["severity"] == "red"' "one red credit-due finding, subject acme 2026-11"
check "$tmp/a.json" 'due[0]["evidence"][0]["period"] == "2026-11-01..2026-12-01" and due[0]["supplier"] == "acme"' "its evidence is the month"
check "$tmp/a.json" '"You may be owed £187.50 for November 2026" in due[0]["message"] and "85.71%" in due[0]["message"] and "next invoice" in due[0]["question"]' "the finding's words: the amount, the working, the question"

# a window inside November: the month is still judged on all its days
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" report --format json --from 2026-11-20 \
	--to 2026-12-01 >"$tmp/b.json" || bad "report failed"
check "$tmp/b.json" 'sorted(c) == ["2026-11"] and c["2026-11"]["total"] == 187.5' "a window of 20-30 Nov still judges all of November"
# November not over at now: not judged
"$FITSMON" -q -c "$d/fitsmon.conf" --now 2026-11-30T23:00:00Z report --format json \
	--from 2026-11-01 --to 2026-12-01 >"$tmp/c.json" || bad "report failed"
check "$tmp/c.json" 'c == {} and not due' "a month not over at now is not judged"

# ---- capped at 8% ----
conf 1875.00 8%
rep "$tmp/d.json"
check "$tmp/d.json" 'c["2026-11"]["total"] == 150 and c["2026-11"]["capped"] is True and c["2026-11"]["percent"] == 10' "capped: 10% owed, 8% cap: 150.00"
check "$tmp/d.json" '"You may be owed £150.00 for November 2026" in due[0]["message"] and "caps credits at 8%" in due[0]["message"]' "the capped finding says so"

# ---- rounding: £1,875.05 ----
conf 1,875.05 100%
rep "$tmp/e.json"
check "$tmp/e.json" 'c["2026-11"]["total"] == 187.51 and c["2026-11"]["monthly_charge"] == 1875.05' "10% of 1,875.05 = 187.505, half up once: 187.51"
check "$tmp/e.json" '[i["amount"] for i in c["2026-11"]["items"]] == [93.75, 56.25, 37.5]' "items to the penny: 93.7525 -> 93.75, 56.2515 -> 56.25, 37.501 -> 37.50"

# ---- through the store: run, then report and query ----
conf 1875.00 100%
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" run >/dev/null 2>"$tmp/err" || bad "run failed: $(cat "$tmp/err")"
rep "$tmp/f.json"
check "$tmp/f.json" 'c["2026-11"]["total"] == 187.5 and c["2026-10"]["total"] == 0' "from the store: the same credits"
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" query credits --from 2026-10-15 --to 2026-12-01 \
	--format csv | tr -d '\r' >"$tmp/q.csv" || bad "query credits failed"
grep -q '^acme,2026-11,owed,sla urgent,7,6,0.8571,,90%,5%,93.75,187.50,no$' "$tmp/q.csv" && ok || bad "query credits: urgent row: $(cat "$tmp/q.csv")"
grep -q '^acme,2026-11,owed,activity weekly-check,,,,2,,2%,37.50,187.50,no$' "$tmp/q.csv" && ok || bad "query credits: the activity row"
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" report --from 2026-10-15 --to 2026-12-01 >"$tmp/r.txt"
grep -q 'SERVICE CREDITS' "$tmp/r.txt" && grep -q 'November 2026.*£187.50' "$tmp/r.txt" && ok || bad "text report: a credits section with November's £187.50"
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" report --format html --from 2026-10-15 --to 2026-12-01 >"$tmp/r.html"
grep -q 'id="credits"' "$tmp/r.html" && grep -q '£187.50' "$tmp/r.html" && ok || bad "HTML report: a credits section"

# ---- data not read over the month: unknown, nothing claimed ----
rm -f "$d/store.db"*
conf 1875.00 100% 2d
touch -d 2026-11-20T12:00:00Z "$d/desk.csv"
rep "$tmp/g.json"
check "$tmp/g.json" 'c["2026-11"]["status"] == "unknown" and c["2026-11"]["total"] is None and not due' "November's call log not read to its end: unknown, no claim"
check "$tmp/g.json" 'c["2026-10"]["status"] == "none"' "October was read whole: judged"
"$FITSMON" -q -c "$d/fitsmon.conf" --now "$NOW" report --from 2026-10-15 --to 2026-12-01 >"$tmp/g.txt"
tr '\n' ' ' <"$tmp/g.txt" | tr -s ' ' | grep -q 'November 2026: not worked out. Some of Acme.s data for the month could not be read, so no credit is claimed for it yet' && ok || bad "text report: an unknown month says why nothing is claimed"
grep -q 'You may be owed' "$tmp/g.txt" && bad "text report: a claim from unread data" || ok

# ---- a ticket-events feed through the store: a call logged in October
# and fixed on 2 Nov is November's, even for a window of 20-30 Nov (the
# load must not pass over it by its summary row).  Supplier beta, £1,000.00,
# SLA all (fix 4h, always): E1 fixed after 3 days (late), E2 in 1h (met):
# 1 of 2 = 50%, below 80%: 10% = £100.00.  Ten calls of September beside
# them are passed over.
b=$tmp/beta
mkdir -p "$b"
cat >"$b/fitsmon.conf" <<'CONF'
[school]
name = Test school
timezone = UTC
[store]
path = store.db
[supplier "beta"]
name = Beta
monthly_charge = 1000.00
[feed "ev"]
supplier = beta
kind = ticket-events
url = ev.csv
time_format = iso8601
stale_after = 100d
column.id = id
column.at = at
column.status = status
[sla "all"]
supplier = beta
respond = 1h
resolve = 4h
credit = below 90%: 5%, below 80%: 10%
CONF
{
	echo "id,at,status"
	for i in 01 02 03 04 05 06 07 08 09 10; do
		echo "S$i,2026-09-${i}T09:00Z,New"
		echo "S$i,2026-09-${i}T09:30Z,Resolved"
	done
	echo "E1,2026-10-30T10:00Z,New"
	echo "E1,2026-10-30T10:30Z,In progress"
	echo "E1,2026-11-02T10:00Z,Resolved"
	echo "E2,2026-11-25T09:00Z,New"
	echo "E2,2026-11-25T09:20Z,In progress"
	echo "E2,2026-11-25T10:00Z,Resolved"
} >"$b/ev.csv"
"$FITSMON" -q -c "$b/fitsmon.conf" --now "$NOW" run >/dev/null 2>"$tmp/err" || bad "beta run failed: $(cat "$tmp/err")"
"$FITSMON" -q -c "$b/fitsmon.conf" --now "$NOW" report --format json --from 2026-11-20 \
	--to 2026-12-01 >"$tmp/h.json" || bad "beta report failed"
check "$tmp/h.json" 'item("2026-11", "sla", "all")["tickets"] == 2 and item("2026-11", "sla", "all")["compliance"] == 0.5 and c["2026-11"]["total"] == 100' "events from the store: E1 (logged in October) counts for November: 50%, £100.00"
# a window of 20-21 Nov: E2, logged and fixed on 25 Nov after the window,
# is still November's
"$FITSMON" -q -c "$b/fitsmon.conf" --now "$NOW" report --format json --from 2026-11-20 \
	--to 2026-11-22 >"$tmp/h2.json" || bad "beta report failed"
check "$tmp/h2.json" 'item("2026-11", "sla", "all")["tickets"] == 2 and c["2026-11"]["total"] == 100' "events from the store: E2 (after the window's end) counts for November too"

# ---- the sample school (feeds/samples/README.md, "Service credits") ----
sample_tree "$tmp/t"
"$FITSMON" -q -c "$tmp/t/rules/examples/oakfield.conf" --now 2026-11-28T02:30:00Z report \
	--from 2026-08-24 >"$tmp/o.txt" 2>"$tmp/err" || bad "sample report failed: $(cat "$tmp/err")"
grep -q 'You may be owed £75.00 for September 2026' "$tmp/o.txt" && ok || bad "sample: September's £75.00"
tr '\n' ' ' <"$tmp/o.txt" | tr -s ' ' | grep -q 'You may be owed £225.00 for October 2026.*caps credits at 12% a month, so the credit is £225.00' && ok || bad "sample: October's £225.00, capped"
grep -q 'August 2026: nothing owed' "$tmp/o.txt" && ok || bad "sample: August owes nothing"

# ---- config errors ----
printf '[school]\nname = x\n[supplier "a"]\nmonthly_charge = £10\n' >"$tmp/bad.conf"
"$FITSMON" -c "$tmp/bad.conf" validate >/dev/null 2>"$tmp/err"
[ $? = 78 ] && grep -q "monthly_charge: '£10' is not an amount" "$tmp/err" && ok || bad "a charge with a sign is refused: $(cat "$tmp/err")"
printf '[school]\nname = x\n[supplier "a"]\n[sla "u"]\nsupplier = a\nrespond = 1h\nresolve = 4h\ncredit = below 95%%: 2%%\n' >"$tmp/bad2.conf"
"$FITSMON" -c "$tmp/bad2.conf" validate >/dev/null 2>"$tmp/err"
[ $? = 78 ] && grep -q "bad2.conf:8: credit: supplier 'a' has no monthly_charge" "$tmp/err" && ok || bad "credit without a charge is refused: $(cat "$tmp/err")"
printf '[school]\nname = x\n[supplier "a"]\nmonthly_charge = 10\n[sla "u"]\nsupplier = a\nrespond = 1h\nresolve = 4h\ncredit = below 95%%: 5%%, below 90%%: 2%%\n' >"$tmp/bad3.conf"
"$FITSMON" -c "$tmp/bad3.conf" validate >/dev/null 2>"$tmp/err"
[ $? = 78 ] && grep -q "bad3.conf:9: credit: a lower compliance owes less" "$tmp/err" && ok || bad "tiers owing less further down are refused: $(cat "$tmp/err")"
finish
