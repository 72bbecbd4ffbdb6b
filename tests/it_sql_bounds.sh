#!/bin/bash
# `fitsmon sql` is bounded (issue 18): a query that would run for ever is
# stopped by its time budget (--timeout, default 10 s) with exit 65 and
# "query stopped after N s", and lets go of the store (a writer can then
# checkpoint the WAL); a value longer than SQLITE_LIMIT_LENGTH is refused;
# --timeout takes whole seconds only.
. "$(dirname "$0")/itlib.sh" sql_bounds

d=$tmp/school
mkdir -p "$d"
cat >"$d/log.csv" <<'CSV'
at,what
2026-11-23 08:10,Backups checked OK
2026-11-24 08:10,Backups checked OK
CSV
cat >"$d/fitsmon.conf" <<'CONF'
[school]
name = Test Primary School
[calendar "days"]
hours = Mon-Fri 08:00-17:00
terms = 2026-11-23..2026-12-18
[supplier "acme"]
name = Acme ICT
calendar = days
[store]
path = store.db
[feed "log"]
supplier = acme
kind = activities
url = log.csv
column.at = at
column.description = what
[activity "backup-check"]
supplier = acme
every = school-day
evidence = (?i)backups? checked
severity = red
CONF
fm() { (cd "$d" && "$FITSMON" -c fitsmon.conf "$@"); }
# fm_for S ARGS...: fm, killed after S seconds (exit 124) if still running
fm_for() { local s=$1; shift; (cd "$d" && timeout "$s" "$FITSMON" -c fitsmon.conf "$@"); }
fm --now 2026-11-26T02:30:00Z run >"$tmp/run.out" 2>&1
[ -s "$d/store.db" ] && ok || bad "no store after the first run: $(tail -3 "$tmp/run.out")"

# ms: monotonic-ish milliseconds
ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# An endless recursive query: stopped after --timeout 1, not run for ever.
endless='WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c'
start=$(ms)
fm_for 10 sql --timeout 1 "$endless" >"$tmp/sql.out" 2>"$tmp/sql.err"
rc=$? took=$(($(ms) - start))
[ "$rc" = 65 ] && ok || bad "endless query: exit $rc, want 65 ($(head -c 300 "$tmp/sql.err"))"
[ "$took" -lt 4000 ] && ok || bad "endless query: took $took ms with --timeout 1"
grep -qx 'fitsmon: sql: query stopped after 1 s -- it took longer than --timeout allows' \
	"$tmp/sql.err" && ok || bad "endless query: said '$(cat "$tmp/sql.err")'"
[ ! -s "$tmp/sql.out" ] && ok || bad "endless query printed: $(head -c 200 "$tmp/sql.out")"

# The default budget is 10 s: stopped after 10, not later.
start=$(ms)
fm_for 20 sql "$endless" >"$tmp/sql.out" 2>"$tmp/sql.err"
rc=$? took=$(($(ms) - start))
[ "$rc" = 65 ] && ok || bad "endless query, default budget: exit $rc, want 65"
[ "$took" -ge 9500 ] && [ "$took" -lt 14000 ] && ok ||
	bad "endless query, default budget: took $took ms, want about 10 s"
grep -qF 'query stopped after 10 s' "$tmp/sql.err" && ok ||
	bad "endless query, default budget: said '$(cat "$tmp/sql.err")'"

# A query that ends in time is untouched by the budget.
out=$(fm sql --timeout 5 --format csv \
	'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c LIMIT 100000) SELECT count(*) FROM c' 2>&1)
[ "$(tail -1 <<<"$out" | tr -d '\r')" = 100000 ] && ok || bad "a bounded query: $out"

# The snapshot is let go: after a stopped query a writer checkpoints the
# whole WAL (a reader still holding its snapshot would keep it busy).
fm_for 10 sql --timeout 1 "$endless" >/dev/null 2>&1
ck=$("$PY" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
print(c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0])' "$d/store.db")
[ "$ck" = 0 ] && ok || bad "after a stopped query the WAL cannot be checkpointed (busy=$ck)"

# A value longer than SQLITE_LIMIT_LENGTH is refused, quickly.
start=$(ms)
fm sql 'SELECT length(randomblob(900000000))' >"$tmp/sql.out" 2>"$tmp/sql.err"
rc=$? took=$(($(ms) - start))
[ "$rc" = 65 ] && ok || bad "randomblob(900000000): exit $rc, want 65 ($(cat "$tmp/sql.out"))"
grep -qF 'fitsmon: sql: string or blob too big' "$tmp/sql.err" && ok ||
	bad "randomblob(900000000): said '$(cat "$tmp/sql.err")'"
[ "$took" -lt 5000 ] && ok || bad "randomblob(900000000): took $took ms"
out=$(fm sql --format csv 'SELECT length(randomblob(1000000))' 2>&1)
[ "$(tail -1 <<<"$out" | tr -d '\r')" = 1000000 ] && ok || bad "randomblob(1000000): $out"

# --timeout is whole seconds, checked before the config is read.
for v in 0 -1 1.5 abc 86401 ''; do
	fm sql --timeout "$v" 'SELECT 1' >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = 64 ] && ok || bad "--timeout '$v': exit $rc, want 64"
done
fm sql --timeout 3s --format csv 'SELECT 1' >"$tmp/out" 2>&1 && ok || bad "--timeout 3s: $(cat "$tmp/out")"
fm sql --help | grep -qF -- '--timeout SECONDS' && ok || bad "sql --help does not list --timeout"
finish
