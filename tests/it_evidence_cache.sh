#!/bin/bash
# Evidence masks kept in the store: `run` keeps, with each activity row it
# loads, which activities the row is evidence for, under the signature of
# the config's activities.  A later report reads them instead of matching
# again, and must say exactly what a report straight from the files says;
# when the config's evidence patterns change, the kept masks are not used
# (and the next run replaces them).
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
FROM=2026-08-24
# the sample school with absolute paths, and a variant whose backup check
# counts only lines that say "verified"
sed "s|\.\./\.\./feeds/samples/|$root/feeds/samples/|g; s|^path = \.\./fitsom/|path = $root/rules/fitsom/|" \
	"$root/rules/examples/oakfield.conf" >"$tmp/a.conf"
awk '/^\[activity "backup-check"\]/ { inb = 1 } /^\[/ && !/backup-check/ { inb = 0 }
     inb && /^evidence/ { print "evidence = (?i)\\bbackups?\\b.*\\bverified\\b"; next } { print }' \
	"$tmp/a.conf" >"$tmp/b.conf"
grep -q 'verified\\b$' "$tmp/b.conf" && ok || bad "the variant config was not made"

# fm DIR CONF ARGS: CONF is a or b; DIR's own copy of it when there is one
# (the store's folder $tmp/s has both, sharing one store), else $tmp's, whose
# store ($tmp/a.db, $tmp/b.db) never exists: reports read the files
fm() {
	local d=$1 c=$2; shift 2
	local conf=$tmp/$c.conf
	[ -e "$d/$c.conf" ] && conf=$d/$c.conf
	(cd "$d" && "$FITSMON" -c "$conf" --now "$NOW" "$@")
}
# reports, less the feeds' last fetch (the files' times when there is no store)
# the report without what tells one store's history from another's (the
# last fetch, and what the copy in use changed in the store)
rep() {
	local d=$1 c=$2
	shift 2
	fm "$d" "$c" report --format json "$@" 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
for f in r["feeds"]:
    f.pop("last_success", None)
    f.pop("copy", None)
print(json.dumps(r, indent=1, sort_keys=True))'
}
q() { fm "$1" a sql --format csv "$2" | tail -n +2 | tr -d '\r'; }
mkdir -p "$tmp/s" "$tmp/files-a" "$tmp/files-b"
for c in a b; do
	{ cat "$tmp/$c.conf"; printf '\n[store]\npath = fitsmon.db\n'; } >"$tmp/s/$c.conf"
done

# reports straight from the files (no store: every row matched there)
rep "$tmp/files-a" a --from $FROM >"$tmp/files-a.json"
rep "$tmp/files-b" b --from $FROM >"$tmp/files-b.json"
cmp -s "$tmp/files-a.json" "$tmp/files-b.json" && bad "the variant config changes nothing" || ok
grep -q '"obligations"' "$tmp/files-a.json" && ok || bad "no report from the files"

fm "$tmp/s" a -q run 2>/dev/null
n=$(q "$tmp/s" "SELECT count(*) FROM activity_rows WHERE ev IS NOT NULL")
[ "$n" -gt 0 ] && ok || bad "no masks kept after a run"
# a run over the whole period keeps masks for every row it loaded
rep "$tmp/s" a --from $FROM >"$tmp/store-a.json"
cmp -s "$tmp/store-a.json" "$tmp/files-a.json" && ok ||
	bad "report from kept masks differs from the files: $(diff "$tmp/store-a.json" "$tmp/files-a.json" | head -4)"
sig_a=$(q "$tmp/s" "SELECT evsig FROM feeds WHERE name = 'acme-log'")
[ -n "$sig_a" ] && ok || bad "no signature kept"

# masks on every row: a report over the whole period, from the store, with
# the masks read (every loaded row had one) must still agree
rep "$tmp/s" a --from 2026-01-01 >"$tmp/store-a-year.json"
rep "$tmp/files-a" a --from 2026-01-01 >"$tmp/files-a-year.json"
cmp -s "$tmp/store-a-year.json" "$tmp/files-a-year.json" && ok || bad "year report differs"

# corrupt a kept mask behind fitsmon's back: a report must believe it (so
# the test above really read masks), then a changed config must not
$root/tests/sqlset.py "$tmp/s/fitsmon.db" \
	"UPDATE activity_rows SET ev = 0, concern = 0 WHERE ev IS NOT NULL" || bad "sqlset"
rep "$tmp/s" a --from $FROM >"$tmp/store-zero.json"
cmp -s "$tmp/store-zero.json" "$tmp/files-a.json" && bad "kept masks are not read" || ok
rep "$tmp/s" b --from $FROM >"$tmp/store-b.json"
cmp -s "$tmp/store-b.json" "$tmp/files-b.json" && ok ||
	bad "masks of another config were used: $(diff "$tmp/store-b.json" "$tmp/files-b.json" | head -4)"
# the next run under the new config replaces them
fm "$tmp/s" b -q run 2>/dev/null
sig_b=$(q "$tmp/s" "SELECT evsig FROM feeds WHERE name = 'acme-log'")
[ -n "$sig_b" ] && [ "$sig_b" != "$sig_a" ] && ok || bad "signature not replaced ($sig_a, $sig_b)"
z=$(q "$tmp/s" "SELECT count(*) FROM activity_rows WHERE ev = 0 AND concern = 0 AND description LIKE '%backup%verified%'")
[ "$z" = 0 ] && ok || bad "$z stale masks left after the run under the new config"
rep "$tmp/s" b --from $FROM >"$tmp/store-b2.json"
cmp -s "$tmp/store-b2.json" "$tmp/files-b.json" && ok || bad "report after the new run differs"

echo "evidence-cache: $pass passed, $fail failed"
[ "$fail" = 0 ]
