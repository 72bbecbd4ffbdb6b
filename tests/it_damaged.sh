#!/bin/bash
# A damaged store is never read as a true one (issue 13, deliverable 6).
# The sample school's store after one run has a few pages overwritten in
# the middle of the file (after the WAL is checkpointed into it), then:
#   - run, fetch and ingest exit 74 with a message naming the file and
#     saying what to do; the findings table is left as it was (read back
#     through `fitsmon sql`, which does not check first, and through
#     Python's sqlite3, from pages the damage did not touch);
#   - report, query findings and explain exit 74 saying "the store at PATH
#     is damaged", without telling the reader to run anything;
#   - sql meeting a damaged page exits 74 instead of printing what it read
#     before it;
# for pages of garbage (SQLITE_CORRUPT when read), for a stale copy of a
# valid page put over a table's root (reads as whole: only quick_check's
# "page never used" tells), and for a destroyed header (SQLITE_NOTADB).
. "$(dirname "$0")/itlib.sh" it_damaged

check() {   # check LABEL GOT WANT
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2', expected '$3'"; fi
}

NOW=2026-11-28T02:30:00Z
sample_tree "$tmp/t"
CONF=$tmp/t/rules/examples/oakfield.conf
d=$tmp/school
mkdir -p "$d"
fm() { (cd "$d" && "$FITSMON" -c "$CONF" --now "$NOW" "$@"); }
db=$tmp/t/rules/examples/oakfield.db   # beside the config, whatever the working folder
findings() { fm sql --format csv 'SELECT * FROM findings ORDER BY id'; }
pyfindings() {   # the findings table, read by Python's sqlite3, read-only
	$PY - "$db" <<'PYEOF'
import sqlite3, sys
c = sqlite3.connect('file:%s?mode=ro' % sys.argv[1], uri=True)
for r in c.execute('SELECT * FROM findings ORDER BY id'):
    print(repr(r))
PYEOF
}

fm -q run 2>"$tmp/err"
check "first run" "$?" 0
# the WAL into the main file, so that the damage below is what is read
$PY -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$db"
[ ! -s "$db-wal" ] && ok || bad "the WAL still holds pages after a checkpoint"
cp "$db" "$tmp/pristine.db"
findings >"$tmp/findings.csv"
pyfindings >"$tmp/findings.py"
n=$(grep -c . "$tmp/findings.py")
[ "$n" -gt 3 ] && ok || bad "the first run recorded only $n findings"

# pages of each table, from dbstat (Debian's SQLite has it); "name page type"
$PY - "$db" >"$tmp/pages" <<'PYEOF' || bad "cannot list the store's pages (dbstat)"
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for name, page, kind in c.execute('SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno'):
    print(name, page, kind)
PYEOF
psize=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA page_size").fetchone()[0])' "$db")
leaf() { awk -v t="$1" '$1 == t && $3 == "leaf" { print $2; exit }' "$tmp/pages"; }
root() { awk -v t="$1" '$1 == t && $3 == "internal" { print $2; exit }' "$tmp/pages"; }
findings_pages=$(awk '$1 == "findings" || $1 == "sqlite_autoindex_findings_1" { print $2 }' "$tmp/pages")

restore() { rm -f "$db-wal" "$db-shm"; cp "$tmp/pristine.db" "$db"; }
garbage() {   # garbage PAGE...: overwrite whole pages with text that is no page
	local p
	for p in "$@"; do
		yes 'not a page of the store' | head -c "$psize" |
			dd of="$db" bs="$psize" seek=$((p - 1)) conv=notrunc status=none
	done
}
stale() {   # stale FROM TO: page FROM (as it was) written over page TO
	dd if="$tmp/pristine.db" of="$db" bs="$psize" skip=$(($1 - 1)) seek=$(($2 - 1)) count=1 \
		conv=notrunc status=none
}

# a writer: exit 74, the file named, what to do said, findings unchanged
writer() {   # writer LABEL COMMAND...
	local label=$1
	shift
	fm "$@" >/dev/null 2>"$tmp/err"
	check "$label: $* exits" "$?" 74
	grep -qF "fitsmon: the store at $db is damaged (" "$tmp/err" && ok ||
		bad "$label: $* does not name the damaged file: $(cat "$tmp/err")"
	grep -qF "restore it from a backup, or move it aside and run 'fitsmon run' to build a new one from the spool" "$tmp/err" && ok ||
		bad "$label: $* does not say what to do: $(cat "$tmp/err")"
	! grep -q "red, .* amber findings" "$tmp/err" && ok ||
		bad "$label: $* reported findings from a damaged store: $(cat "$tmp/err")"
	pyfindings >"$tmp/after.py" 2>&1
	cmp -s "$tmp/after.py" "$tmp/findings.py" && ok ||
		bad "$label: $* changed the findings table: $(diff "$tmp/findings.py" "$tmp/after.py" | head -5)"
}
# a reader: exit 74, "the store at PATH is damaged", no run asked for
reader() {   # reader LABEL COMMAND...
	local label=$1
	shift
	fm "$@" >"$tmp/out" 2>"$tmp/err"
	check "$label: $* exits" "$?" 74
	grep -qF "fitsmon: the store at $db is damaged (" "$tmp/err" && ok ||
		bad "$label: $* does not say the store is damaged: $(cat "$tmp/err")"
	! grep -qF "run 'fitsmon run'" "$tmp/err" && ok ||
		bad "$label: $* asks for a run: $(cat "$tmp/err")"
	[ ! -s "$tmp/out" ] && ok || bad "$label: $* printed: $(head -3 "$tmp/out")"
}

# ---- garbage over pages of tables a run reads (not the findings') --------
pages=""
for t in ticket_rows ticket_last activity_rows ticket_events; do
	p=$(leaf "$t")
	[ -n "$p" ] || { bad "no leaf page of $t in the store"; continue; }
	grep -qx "$p" <<<"$findings_pages" && bad "page $p is the findings table's"
	pages="$pages $p"
done
[ -n "$pages" ] && ok || bad "no page to damage"
restore
# shellcheck disable=SC2086
garbage $pages
writer "garbage" -q run
writer "garbage" fetch
writer "garbage" ingest acme-log "$root/feeds/samples/acme-log.csv"
reader "garbage" report
reader "garbage" query findings
reader "garbage" explain ACM-30414
findings >"$tmp/after.csv" 2>"$tmp/err"
check "garbage: sql on the findings table (undamaged) exits" "$?" 0
cmp -s "$tmp/after.csv" "$tmp/findings.csv" && ok ||
	bad "garbage: findings read by sql differ: $(diff "$tmp/findings.csv" "$tmp/after.csv" | head -5)"
reader "garbage" sql 'SELECT * FROM activity_rows'

# one activity log page only: met while reading, never "no more rows"
restore
garbage "$(leaf activity_rows)"
reader "activity page" sql 'SELECT count(*) FROM activity_rows'
writer "activity page" -q run

# ---- stale copies over the roots of the row tables -------------------------
# each tree then reads as whole, with a third of its rows: a run would miss
# activities and clear findings
restore
for t in activity_rows ticket_events; do
	r=$(root "$t") l=$(leaf "$t")
	[ -n "$r" ] && [ -n "$l" ] || { bad "no root and leaf page of $t"; continue; }
	stale "$l" "$r"
done
writer "stale page" -q run
reader "stale page" report
reader "stale page" query findings

# ---- the header destroyed (SQLITE_NOTADB) -----------------------------------
restore
dd if=/dev/zero of="$db" bs=100 count=1 conv=notrunc status=none
writer_nohdr() {
	fm "$@" >/dev/null 2>"$tmp/err"
	check "header: $* exits" "$?" 74
	grep -qF "fitsmon: the store at $db is damaged (" "$tmp/err" && ok ||
		bad "header: $* does not name the damaged file: $(cat "$tmp/err")"
	grep -qF "move it aside and run 'fitsmon run' to build a new one from the spool" "$tmp/err" && ok ||
		bad "header: $* does not say what to do: $(cat "$tmp/err")"
}
writer_nohdr -q run
writer_nohdr fetch
reader "header" report
reader "header" query findings
reader "header" sql 'SELECT count(*) FROM findings'
# nothing was written over the damage: the header is still zeros
check "header: the file after the commands" \
	"$(head -c 100 "$db" | tr -d '\0' | wc -c)" 0

# ---- the same store undamaged: the checks pass ------------------------------
restore
fm -q run 2>"$tmp/err"
check "pristine copy: run exits" "$?" 0
fm query findings >/dev/null 2>"$tmp/err"
check "pristine copy: query findings exits" "$?" 0

finish
