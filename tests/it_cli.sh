#!/bin/bash
# The command line as a user meets it: exit codes (sysexits.h, as DESIGN.md
# pins them), the shape of error messages, --help and --version, and the
# sample school's JSON report carrying every pinned field.
set -u
cd "$(dirname "$0")/.."
FITSMON=${FITSMON:-./fitsmon}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect CODE PATTERN -- command...: exit code and a stderr/stdout match
expect() {
	local code=$1 pattern=$2
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err"
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
SAMPLE=rules/examples/oakfield.conf

expect 0 '^usage: fitsmon' -- $FITSMON --help
expect 0 '^fitsmon [0-9]+\.[0-9]+' -- $FITSMON --version
expect 0 'usage: fitsmon .* report' -- $FITSMON -c $SAMPLE report --help
expect 64 'unknown command' -- $FITSMON -c $SAMPLE frobnicate
expect 64 'unknown option' -- $FITSMON --bogus report
expect 64 '' -- $FITSMON
expect 64 'not a date' -- $FITSMON -c $SAMPLE --now $NOW report --from 2026-13-01
expect 64 'unknown format' -- $FITSMON -c $SAMPLE --now $NOW report --format xml
expect 64 'not a time' -- $FITSMON -c $SAMPLE --now yesterday report
expect 0 'configuration is valid' -- $FITSMON -c $SAMPLE validate
expect 0 'OWNERSHIP MATRIX' -- $FITSMON -c $SAMPLE validate

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

# a bad timestamp in a feed: the row is skipped with feed:row: reason,
# counted, listed in the JSON, and the command still succeeds
cat >"$tmp/ts.conf" <<'CONF'
[supplier "acme"]
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
printf 'Ref,Logged\nT1,23/11/2026 09:00\nT2,31/02/2026 09:00\nT3,2026-11-23 09:00\n' >"$tmp/ts.csv"
expect 0 "^tickets:3: bad opened time '31/02/2026 09:00' \(expected %d/%m/%Y %H:%M\)\$" -- \
	$FITSMON -c "$tmp/ts.conf" --now $NOW report --format json
grep -q "^tickets:4: bad opened time '2026-11-23 09:00'" "$tmp/err" && ok || bad "row 4 not reported"
$PY - "$tmp/out" <<'PY' && ok || bad "rejects not in the JSON report"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["rejected"] == 2, r["summary"]
assert [x["row"] for x in r["rejects"]] == [3, 4]
assert r["feeds"][0]["rows"] == 3 and r["feeds"][0]["rejected"] == 2
PY

# a feed file that is not there: unreachable with no good copy, exit 69
sed 's/ts.csv/gone.csv/' "$tmp/ts.conf" >"$tmp/gone.conf"
expect 69 "tickets: cannot open '.*gone.csv'" -- $FITSMON -c "$tmp/gone.conf" --now $NOW report
# malformed CSV (strict mode): bad input data, exit 65
printf 'Ref,Logged\nT1,"23/11/2026 09:00\n' >"$tmp/ts.csv"
expect 65 'tickets: record 2: malformed CSV' -- $FITSMON -c "$tmp/ts.conf" --now $NOW report
# a mapped column missing from the header
printf 'Reference,Logged\nT1,23/11/2026 09:00\n' >"$tmp/ts.csv"
expect 65 "column 'Ref' \(column.id\) is not in the header; the header has: Reference, Logged" -- \
	$FITSMON -c "$tmp/ts.conf" --now $NOW report

# the sample school: every pinned JSON field, and --fail-on
expect 0 '' -- $FITSMON -c $SAMPLE --now $NOW report --from 2026-08-24 --format json -o "$tmp/r.json"
$PY - "$tmp/r.json" <<'PY' && ok || bad "sample JSON lacks pinned fields"
import json, sys
r = json.load(open(sys.argv[1]))
for k in ("school", "now", "from", "to", "summary", "slas", "tickets", "obligations",
          "hours", "feeds", "findings"):
    assert k in r, k
assert r["now"] == "2026-11-28T02:30:00Z" and r["from"] == "2026-08-24" and r["to"] == "2026-11-29"
assert set(r["summary"]) >= {"red", "amber", "unmatched"}
assert r["summary"]["red"] == 4 and r["summary"]["amber"] == 18 and r["summary"]["unmatched"] == 1
for s in r["slas"]:
    assert set(s) >= {"sla", "supplier", "tickets", "met", "compliance", "target"}
u = [s for s in r["slas"] if s["sla"] == "urgent"][0]
assert (u["tickets"], u["met"], u["compliance"], u["target"]) == (7, 5, 0.7143, 0.95), u
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
ids = set()
for f in r["findings"]:
    assert set(f) >= {"id", "kind", "severity", "supplier", "subject", "message", "question",
                      "evidence"}
    assert f["message"] and f["question"].endswith("?"), f
    ids.add(f["id"])
assert len(ids) == len(r["findings"])
PY
# ids are stable from run to run, and a later night keeps the same ids
$FITSMON -c $SAMPLE --now 2026-11-28T03:00:00Z report --from 2026-08-24 --format json -o "$tmp/r2.json"
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
expect 0 'not counted: paused' -- $FITSMON -c $SAMPLE --now $NOW explain PW-207311
expect 65 "no ticket 'NOPE'" -- $FITSMON -c $SAMPLE --now $NOW explain NOPE

echo "cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
