#!/bin/bash
# The command line as a user meets it: exit codes (sysexits.h, as DESIGN.md
# pins them), the shape of error messages, --help and --version, the store
# round trip (run, then report, query, explain, sql), and the sample
# school's JSON report carrying every pinned field.
set -u
cd "$(dirname "$0")/.."
root=$PWD
FITSMON=${FITSMON:-$root/fitsmon}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE PATTERN -- command...: exit code and a stdout/stderr match,
# run in $work (which must not matter: a store is found from its config)
work=$tmp/work
mkdir -p "$work"
expect() {
	local code=$1 pattern=$2
	shift 3
	(cd "$work" && "$@") >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" != "$code" ]; then
		bad "$* -> exit $rc, expected $code: $(head -c 300 "$tmp/err")"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
		bad "$* -> output does not match /$pattern/: $(head -c 300 "$tmp/err")"
	else
		ok
	fi
}

NOW=2026-11-28T02:30:00Z
# a copy of the sample school (rules/ and feeds/ together, so its relative
# paths hold): its store is oakfield.db beside the config
cp -R "$root/rules" "$root/feeds" "$tmp/"
SAMPLE=$tmp/rules/examples/oakfield.conf
DB=$tmp/rules/examples/oakfield.db

expect 0 '^usage: fitsmon' -- $FITSMON --help
expect 0 '^fitsmon [0-9]+\.[0-9]+' -- $FITSMON --version
for c in run fetch ingest report query explain sql validate; do
	expect 0 "usage: fitsmon .* $c" -- $FITSMON -c $SAMPLE $c --help
done
expect 64 'unknown command' -- $FITSMON -c $SAMPLE frobnicate
expect 64 'unknown option' -- $FITSMON --bogus report
expect 64 '' -- $FITSMON
expect 64 'not a date' -- $FITSMON -c $SAMPLE --now $NOW report --from 2026-13-01
expect 64 'unknown format' -- $FITSMON -c $SAMPLE --now $NOW report --format xml
expect 64 'not a time' -- $FITSMON -c $SAMPLE --now yesterday report
expect 64 'is not breaches' -- $FITSMON -c $SAMPLE query lateness
expect 0 'configuration is valid' -- $FITSMON -c $SAMPLE validate
expect 0 'OWNERSHIP MATRIX' -- $FITSMON -c $SAMPLE validate
# before the first run there is no store: report reads the feed files,
# and what only the store knows is not there yet
expect 0 'things need your attention' -- $FITSMON -c $SAMPLE --now $NOW report
expect 69 "no store at $DB yet: run 'fitsmon run' first" -- $FITSMON -c $SAMPLE query feeds
[ ! -e "$DB" ] && [ -z "$(ls -A "$work")" ] && ok || bad "report created a store"

# config errors: file:line: message, exit 78
cat >"$tmp/bad-line.conf" <<'CONF'
[school]
name = Test
[supplier "acme"]
this line has no equals sign
CONF
expect 78 "^$tmp/bad-line.conf:4: expected 'key = value' after 'this'\$" -- \
	$FITSMON -c "$tmp/bad-line.conf" validate
cat >"$tmp/bad-key.conf" <<'CONF'
[school]
name = Test
[supplier "acme"]
onsight = 8h/week
CONF
expect 78 "^$tmp/bad-key.conf:4: unknown key 'onsight' in \[supplier\]; did you mean 'onsite'\?\$" -- \
	$FITSMON -c "$tmp/bad-key.conf" validate
expect 78 "cannot open '$tmp/missing.conf'" -- $FITSMON -c "$tmp/missing.conf" validate
# every config error in one pass, a line each, for validate and the others
cat >"$tmp/three.conf" <<'CONF'
[school]
name = Test
[supplier "acme"]
onsight = 8h/week
[sla "p1"]
respond = 1h
resolve = 4 hours
[feed "calls"]
kind = tickets
url = calls.csv
column.id = Ref
column.opened = Logged
max_rejected = 200%
CONF
for c in validate run report; do
	expect 78 '' -- $FITSMON -c "$tmp/three.conf" $c
	if [ "$(grep -c "^$tmp/three.conf:[0-9]*: " "$tmp/err")" = 3 ] &&
	   grep -q "^$tmp/three.conf:4: unknown key 'onsight'" "$tmp/err" &&
	   grep -q "^$tmp/three.conf:7: resolve: bad duration '4 hours'" "$tmp/err" &&
	   grep -q "^$tmp/three.conf:13: max_rejected: '200%' is not a percentage" "$tmp/err"; then
		ok
	else
		bad "$c: three config errors, three lines: $(cat "$tmp/err")"
	fi
done
# validate shows the catalog's evidence patterns only with -v (the
# config's own [activity] patterns always)
expect 0 'fitsmon -v validate' -- $FITSMON -c $SAMPLE validate
grep -A1 '^  admin-rights-review ' "$tmp/out" | grep -q ' evidence: ' &&
	bad "validate printed a catalog evidence pattern without -v" || ok
grep -A1 '^  backup-check ' "$tmp/out" | grep -q ' evidence: ' && ok ||
	bad "validate hid the config's own evidence pattern"
expect 0 ' evidence: ' -- $FITSMON -c $SAMPLE -v validate
grep -A1 '^  admin-rights-review ' "$tmp/out" | grep -q ' evidence: ' && ok ||
	bad "validate -v did not print the catalog evidence patterns"
# ... as the catalog's words (its vocabulary), and a problem list
grep -A1 '^  admin-rights-review ' "$tmp/out" | grep -q ' evidence: objects .*; actions .*; or code admin-rights-review' &&
	ok || bad "validate -v did not print the catalog's objects and actions: $(grep -A1 '^  admin-rights-review ' "$tmp/out")"
grep -A1 '^  disk-space-check ' "$tmp/out" | grep -q '; problems low, full, ' && ok ||
	bad "validate -v did not print the catalog's problems"

# a bad timestamp in a feed: the row is skipped with feed:row: reason,
# counted, stored, listed by query rejects and in the JSON report; the
# command still succeeds (2 bad rows of 102 is within max_rejected, 2%)
mkdir -p "$tmp/ts"
cat >"$tmp/ts/ts.conf" <<'CONF'
[supplier "acme"]
[store]
path = ts.db
[feed "tickets"]
kind = tickets
url = ts.csv
time_format = %d/%m/%Y %H:%M
column.id = Ref
column.opened = Logged
[sla "all"]
respond = 1h
resolve = 4h
CONF
{ printf 'Ref,Logged\nT1,23/11/2026 09:00\nT2,31/02/2026 09:00\nT3,2026-11-23 09:00\n'
  for i in $(seq 4 102); do printf 'T%d,24/11/2026 09:00\n' "$i"; done; } >"$tmp/ts/ts.csv"
expect 0 "^tickets:3: bad opened time '31/02/2026 09:00' \(expected %d/%m/%Y %H:%M\)\$" -- \
	$FITSMON -c "$tmp/ts/ts.conf" --now $NOW run
grep -q "^tickets:4: bad opened time '2026-11-23 09:00'" "$tmp/err" && ok || bad "row 4 not reported"
expect 0 '' -- $FITSMON -c "$tmp/ts/ts.conf" --now $NOW report --format json -o "$tmp/ts.json"
$PY - "$tmp/ts.json" <<'PY' && ok || bad "rejects not in the JSON report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["rejected"] == 2, r["summary"]
assert [x["row"] for x in r["rejects"]] == [3, 4]
assert r["feeds"][0]["rows"] == 102 and r["feeds"][0]["rejected"] == 2, r["feeds"]
assert r["feeds"][0]["status"] == "ok", r["feeds"]
PY
expect 0 '^tickets +3 +bad opened time' -- $FITSMON -c "$tmp/ts/ts.conf" query rejects
# a second run on the unchanged file takes nothing in
expect 0 '' -- $FITSMON -c "$tmp/ts/ts.conf" --now $NOW -v run
grep -q "tickets: already taken in" "$tmp/err" && ok || bad "unchanged feed taken in again"

# a feed file that is not there: unreachable with no good copy, exit 69
mkdir -p "$tmp/gone"
sed 's/ts.csv/gone.csv/' "$tmp/ts/ts.conf" >"$tmp/gone/gone.conf"
expect 69 "tickets: fetch failed -- .*gone.csv.*no good copy" -- \
	$FITSMON -c "$tmp/gone/gone.conf" --now $NOW run
# the same feed with a good copy in its spool keeps using it
sed 's/ts.csv/gone.csv/' "$tmp/ts/ts.conf" >"$tmp/ts/gone.conf"
expect 0 "tickets: fetch failed -- .*gone.csv.*keeping the last good copy" -- \
	$FITSMON -c "$tmp/ts/gone.conf" --now $NOW run
# a CSV syntax error in the header row: not the export, a failed fetch that
# keeps the last good copy in use
printf 'Ref,"Logged\nT1,23/11/2026 09:00\n' >"$tmp/ts/ts.csv"
expect 0 'tickets: fetch failed -- the answer is not the export: the header row \(record 1\) is not valid CSV: a quote is not closed.*keeping the last good copy' -- \
	$FITSMON -c "$tmp/ts/ts.conf" --now $NOW run
expect 0 '^ *100$' -- $FITSMON -c "$tmp/ts/ts.conf" sql 'SELECT count(*) FROM tickets'
# one in a data record (strict mode) rejects that record, not the file; a
# file of one such record is all rejected: unreadable, exit 65
printf 'Ref,Logged\nT1,"23/11/2026 09:00\n' >"$tmp/ts/ts.csv"
expect 65 'tickets:2: a quote is not closed \(CSV syntax\): this line was skipped' -- \
	$FITSMON -c "$tmp/ts/ts.conf" --now $NOW run
grep -q 'tickets: unreadable -- 1 of 1 rows rejected' "$tmp/err" && ok || bad "not called unreadable: $(cat "$tmp/err")"
# a mapped column missing from the header: not the export, so a failed
# fetch that keeps the last good copy (exit 0); without one, bad data (65).
# (A good export first: the copy above is in use, and unreadable.)
printf 'Ref,Logged\nT1,23/11/2026 09:00\n' >"$tmp/ts/ts.csv"
expect 0 '' -- $FITSMON -c "$tmp/ts/ts.conf" --now $NOW run
printf 'Reference,Logged\nT1,23/11/2026 09:00\n' >"$tmp/ts/ts.csv"
expect 0 "tickets: fetch failed -- the answer is not the export: no 'Ref' column \(the header has: Reference, Logged\); keeping the last good copy" -- \
	$FITSMON -c "$tmp/ts/ts.conf" --now $NOW run
mkdir -p "$tmp/renamed"
cp "$tmp/ts/ts.csv" "$tmp/renamed/ts.csv"
sed 's/^path *=.*/path = renamed.db/' "$tmp/ts/ts.conf" >"$tmp/renamed/ts.conf"
expect 65 "tickets: fetch failed -- the answer is not the export: no 'Ref' column \(the header has: Reference, Logged\); no good copy" -- \
	$FITSMON -c "$tmp/renamed/ts.conf" --now $NOW run

# a supplier's unknown calendar and a term activity of it: one error, not a
# crash (found by fuzz_config once errors were reported in one pass)
mkdir -p "$tmp/nocal"
printf '[calendar "term"]\nterms = 2026-09-03..2026-10-23\n[supplier "acme"]\ncalendar = tevm\n[activity "t"]\nsupplier = acme\nevery = term\nevidence = x\n' >"$tmp/nocal/fitsmon.conf"
expect 78 "fitsmon.conf:4: no \\[calendar \"tevm\"\\]; did you mean 'term'\\?" -- $FITSMON -c "$tmp/nocal/fitsmon.conf" validate

# sql is read-only
expect 65 'only reading is allowed' -- $FITSMON -c "$tmp/ts/ts.conf" sql 'DELETE FROM tickets'
expect 65 'not authorized' -- $FITSMON -c "$tmp/ts/ts.conf" sql "ATTACH '$tmp/x.db' AS x"
expect 65 'not authorized' -- $FITSMON -c "$tmp/ts/ts.conf" sql 'PRAGMA journal_mode = DELETE'
expect 0 '^ *100$' -- $FITSMON -c "$tmp/ts/ts.conf" sql 'SELECT count(*) FROM tickets'
[ ! -e "$tmp/x.db" ] && ok || bad "ATTACH created a file"

# the sample school through the store
expect 0 '' -- $FITSMON -c $SAMPLE --now $NOW run
expect 0 '' -- $FITSMON -c $SAMPLE --now $NOW report --from 2026-08-24 --format json -o "$tmp/r.json"
$PY - "$tmp/r.json" <<'PY' && ok || bad "sample JSON lacks pinned fields"
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("school", "now", "from", "to", "summary", "slas", "tickets", "obligations",
          "hours", "feeds", "findings"):
    assert k in r, k
assert r["now"] == "2026-11-28T02:30:00Z" and r["from"] == "2026-08-24" and r["to"] == "2026-11-29"
assert set(r["summary"]) >= {"red", "amber", "unmatched"}
# red: 5, amber: 23 (a claim mismatch, three long pauses), and the service credits of September and October (credit-due)
assert r["summary"]["red"] == 7 and r["summary"]["amber"] == 23 and r["summary"]["unmatched"] == 1, r["summary"]
for s in r["slas"]:
    assert set(s) >= {"sla", "supplier", "tickets", "met", "compliance", "target"}
u = [s for s in r["slas"] if s["sla"] == "urgent"][0]
assert (u["tickets"], u["met"], u["compliance"], u["target"]) == (7, 5, 0.7143, 0.95), u
# the amber count holds the claim-mismatch on 'high' (feeds/samples/README.md)
h = [s for s in r["slas"] if s["sla"] == "high"][0]["claim"]
assert (h["tickets"], h["met"], h["clock_met"], h["compliance"]) == (14, 14, 11, 1.0), h
for t in r["tickets"]:
    assert set(t) >= {"ticket", "sla", "supplier", "response", "resolution", "paused_s"}
    for c in ("response", "resolution"):
        assert set(t[c]) >= {"status", "elapsed_s", "target_s"}
        assert isinstance(t[c]["elapsed_s"], int)
for o in r["obligations"]:
    assert set(o) >= {"activity", "supplier", "period_start", "period_end", "status", "evidence"}
for h in r["hours"]:
    assert set(h) >= {"supplier", "week", "contracted_h", "delivered_h", "status"}
w = [h for h in r["hours"] if h["week"] == "2026-W47"][0]
assert (w["contracted_h"], w["delivered_h"], w["status"]) == (8, 5.5, "short"), w
for f in r["feeds"]:
    assert set(f) >= {"feed", "last_success", "status"}
    assert f["status"] == "ok" and f["last_success"] == "2026-11-28T02:30:00Z", f
ids = set()
for f in r["findings"]:
    assert set(f) >= {"id", "kind", "severity", "supplier", "subject", "message", "question",
                      "evidence"}
    assert f["message"] and f["question"].endswith("?"), f
    ids.add(f["id"])
assert len(ids) == len(r["findings"])
PY
# ids are stable from run to run
expect 0 '' -- $FITSMON -c $SAMPLE --now 2026-11-28T03:00:00Z report --from 2026-08-24 --format json -o "$tmp/r2.json"
$PY - "$tmp/r.json" "$tmp/r2.json" <<'PY' && ok || bad "finding ids are not stable"
import json, sys
a = {(f["kind"], f["subject"]): f["id"] for f in json.load(open(sys.argv[1]))["findings"]}
b = {(f["kind"], f["subject"]): f["id"] for f in json.load(open(sys.argv[2]))["findings"]}
assert a == b
PY
expect 1 '' -- $FITSMON -c $SAMPLE --now $NOW --fail-on red report -o "$tmp/r.txt"
expect 0 'things need your attention' -- $FITSMON -c $SAMPLE --now $NOW report --from 2026-08-24
expect 0 'response clock stops here' -- $FITSMON -c $SAMPLE --now $NOW explain ACM-30424
expect 0 'not counted: closed day, Summer bank holiday' -- $FITSMON -c $SAMPLE --now $NOW explain ACM-30424
expect 0 'not counted: paused \(Awaiting parts\)' -- $FITSMON -c $SAMPLE --now $NOW explain PW-207311
expect 65 "no ticket 'NOPE'" -- $FITSMON -c $SAMPLE --now $NOW explain NOPE
expect 0 'ACM-31345 +acme +normal' -- $FITSMON -c $SAMPLE --now $NOW query breaches --from 2026-08-24
expect 0 '^ticket,supplier,sla' -- $FITSMON -c $SAMPLE --now $NOW query breaches --format csv
expect 0 'acme +2026-W47 +2026-11-16 +8 +5.5 +short' -- $FITSMON -c $SAMPLE --now $NOW query hours --from 2026-08-24
expect 0 '"status": "missed"' -- $FITSMON -c $SAMPLE --now $NOW query activities --supplier acme --format json
expect 0 'backup-check 2026-11-13' -- $FITSMON -c $SAMPLE --now $NOW query findings
expect 0 'acme-tickets +acme +tickets' -- $FITSMON -c $SAMPLE query feeds
expect 64 "no supplier 'acmee'" -- $FITSMON -c $SAMPLE query feeds --supplier acmee
# the nightly run records the default 28-day window's findings: 4 red, 11
# amber (two of them long pauses, README item 42)
expect 0 '^ *15$' -- $FITSMON -c $SAMPLE sql 'SELECT count(*) FROM findings WHERE cleared IS NULL'
# a second run on unchanged feeds takes nothing in and changes no finding
cp "$DB" "$tmp/before.db"
expect 0 '' -- $FITSMON -c $SAMPLE --now $NOW -v run
n=$(grep -c 'already taken in' "$tmp/err")
[ "$n" = 3 ] && ok || bad "second run took feeds in again ($n of 3 skipped)"
expect 0 '^ *0$' -- $FITSMON -c $SAMPLE sql 'SELECT (SELECT count(*) FROM ticket_events) + (SELECT count(*) FROM activity_rows) - 314'

# one run at a time: a second run while the store is locked exits 75
flock "$DB.lock" sleep 3 &
locker=$!
sleep 0.3
expect 75 'another run is in progress' -- $FITSMON -c $SAMPLE --now $NOW run
wait $locker
# -q: a clean night says nothing; -v: one line per feed and step
expect 0 '' -- $FITSMON -c $SAMPLE --now $NOW -q run
[ ! -s "$tmp/err" ] && ok || bad "-q run printed: $(head -c 200 "$tmp/err")"
expect 0 'acme-tickets: nothing new' -- $FITSMON -c $SAMPLE --now $NOW -v run

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
