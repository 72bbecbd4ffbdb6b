#!/bin/bash
# Schema upgrades: a store written by an older fitsmon (schema 3, kept as
# SQL in tests/data/store-v3.sql: the sample school after one run) is
# brought up to date by the next run, and then
#   - holds every row it held, with the same keys a new store gives them
#     (so a feed taken before the upgrade is still known after it);
#   - reports exactly what a store built from scratch reports;
#   - takes in only what is new when a feed grows by a row.
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
check() {   # check LABEL GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi
}

NOW=2026-11-28T02:30:00Z
old=$tmp/old fresh=$tmp/fresh
mkdir -p "$old" "$fresh"
# each folder a copy of the sample school, with its store at $d/fitsmon.db
for d in "$old" "$fresh"; do
	cp -R "$root/rules" "$root/feeds" "$d/"
	printf '\n[store]\npath = ../../fitsmon.db\n' >>"$d/rules/examples/oakfield.conf"
	# as the sample was when the old store was written: before the tickets
	# export gained its last column, "Met SLA", and the config mapped it
	# (a new copy is taken in and measured; mapping a new column makes
	# every row a new version, as it should)
	sed -i '/^column.sla_met /d' "$d/rules/examples/oakfield.conf"
	sed -i -E 's/,[^,\r]*(\r?)$/\1/' "$d/feeds/samples/acme-tickets.csv"
done
fm() { local d=$1; shift; (cd "$d" && "$FITSMON" -c "$d/rules/examples/oakfield.conf" --now "$NOW" "$@"); }
q() { fm "$1" sql --format csv "$2" | tail -n +2 | tr -d '\r'; }

$PY - "$root/tests/data/store-v3.sql" "$old/fitsmon.db" <<'PYEOF' || bad "cannot build the old store"
import sqlite3, sys
c = sqlite3.connect(sys.argv[2])
c.executescript(open(sys.argv[1]).read())
c.commit()
PYEOF
check "old store's schema" "$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA user_version").fetchone()[0])' "$old/fitsmon.db")" 3

# a reader does not upgrade: it asks for a run
fm "$old" report --format json >/dev/null 2>"$tmp/err"
check "report on an old store exits" "$?" 74
grep -q "run 'fitsmon run' once" "$tmp/err" && ok || bad "report on an old store: $(cat "$tmp/err")"

fm "$old" -q run 2>"$tmp/err"
check "run upgrades" "$?" 0
fm "$fresh" -q run 2>"$tmp/err"
check "fresh run" "$?" 0
v=$(q "$fresh" 'PRAGMA user_version')
[ "$v" -gt 3 ] && ok || bad "a fresh store has schema $v"
check "schema after the run" "$(q "$old" 'PRAGMA user_version')" "$v"

# the same rows under the same keys as a store built now
for tbl in "activity_rows:feed, at, key, row, hours_uh, onsite, code, description, until" \
	   "ticket_events:feed, t0, id, at, key, row, status, opened, occ, until" \
	   "ticket_rows:feed, id, key, row, opened, responded, resolved" \
	   "tickets:feed, id, key, row, opened, responded, resolved" \
	   "ticket_last:feed, id, last_at, last_status, max_opened, events, first_at"; do
	t=${tbl%%:*} cols=${tbl#*:}
	a=$(q "$old" "SELECT $cols FROM $t ORDER BY $cols" | sha256sum)
	b=$(q "$fresh" "SELECT $cols FROM $t ORDER BY $cols" | sha256sum)
	n=$(q "$fresh" "SELECT count(*) FROM $t")
	check "$t after the upgrade ($n rows)" "$a" "$b"
	[ "$n" -gt 0 ] || bad "$t: the fresh store has no rows"
done

# schema 8: every row taken in before the upgrade is dated by its run's
# now (a replay reads it from then), and none is replaced
for t in activity_rows ticket_events ticket_rows; do
	check "$t dated by its run" "$(q "$old" "SELECT count(*) FROM $t WHERE since IS NULL OR
		since <> (SELECT now FROM runs WHERE runs.id = $t.run)")" 0
done

# reports agree, byte for byte, but for the feeds' quality: a copy taken in
# before the upgrade (schema 7) was never measured, and says so (null)
fm "$old" report --format json >"$tmp/old.json"
fm "$fresh" report --format json >"$tmp/fresh.json"
$PY - "$tmp/old.json" "$tmp/fresh.json" <<'PY' && ok || bad "quality after the upgrade"
import json, sys
old, fresh = (json.load(open(p)) for p in sys.argv[1:3])
assert all(f["quality"] is None and f["status"] == "ok" for f in old["feeds"]), old["feeds"]
assert all(f["quality"]["rows"] > 0 for f in fresh["feeds"]), fresh["feeds"]
# what the copy in use changed was not counted before the upgrade: not said
assert all("copy" not in f for f in old["feeds"]), old["feeds"]
assert all(f["copy"]["new"] > 0 for f in fresh["feeds"]), fresh["feeds"]
PY
sed -i '/"quality": null,/d' "$tmp/old.json"
$PY - "$tmp/fresh.json" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
# each feed's quality object, as the report prints it (two-space indents)
s = re.sub(r'\n( *)"quality": \{.*?\n\1\},', '', s, flags=re.S)
# and what its copy changed in the store (the last key of each feed)
s = re.sub(r',\n( *)"copy": \{.*?\n\1\}', '', s, flags=re.S)
open(p, "w").write(s)
PY
if cmp -s "$tmp/old.json" "$tmp/fresh.json" && [ -s "$tmp/old.json" ]; then ok
else bad "reports differ: $(diff "$tmp/old.json" "$tmp/fresh.json" | head -5)"; fi

# a grown feed: only the new row is taken in, in both stores alike
(cat "$root/feeds/samples/acme-log.csv"; printf '\n2026-11-27 09:10,0.5,"Checked antivirus on all servers",No,,Dan Price\n') >"$tmp/log.csv"
sed -n '2p' "$root/feeds/samples/printwise-events.csv" >"$tmp/one-event"
(cat "$root/feeds/samples/printwise-events.csv"; sed 's/^\([^,]*\),/\1-again,/' "$tmp/one-event") >"$tmp/events.csv"
for d in "$old" "$fresh"; do
	fm "$d" ingest acme-log "$tmp/log.csv" 2>"$tmp/err"
	grep -q "acme-log: 1 new, 0 changed, 250 unchanged, 0 skipped" "$tmp/err" && ok ||
		bad "${d##*/}: grown activity log: $(cat "$tmp/err")"
	fm "$d" ingest printwise-events "$tmp/events.csv" 2>"$tmp/err"
	grep -q "printwise-events: 1 new, 0 changed, 64 unchanged, 0 skipped" "$tmp/err" && ok ||
		bad "${d##*/}: grown event feed: $(cat "$tmp/err")"
done
check "activity rows after growing" "$(q "$old" 'SELECT count(*) FROM activity_rows')" 251
check "events after growing" "$(q "$old" "SELECT count(*) FROM ticket_events")" 65
check "integrity" "$(q "$old" 'PRAGMA integrity_check')" ok

echo "migrate: $pass passed, $fail failed"
[ "$fail" = 0 ]
