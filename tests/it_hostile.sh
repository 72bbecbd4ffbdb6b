#!/bin/bash
# Issue 18, files and text: what fitsmon writes, what it reads, and the
# supplier's words on every text path.
#   - files written: `report -o` never writes through a symlink (neither at
#     the target nor at a guessable temporary name), the store lock and a
#     feed's spool folder refuse symlinks, and store, spool copies and
#     reports are 0640 under umask 022;
#   - files read: a FIFO or a device as -c, catalog, closed_from, an auth
#     secret, a ca_file, a feed file read before the first run, or the file
#     of `ingest` ends within 5 s with a clear message and the documented
#     exit code (78 for the config's files, 65 for a feed's, 66 for the
#     file `ingest` names), over-size
#     files are refused, and a run stuck on such a file cannot keep the
#     store locked (the next run is not refused with 75);
#   - supplier text holding CR, LF and ESC (a ticket id that would print a
#     fake "SERVICE LEVELS" section, a summary that colours the terminal, a
#     bad cell that would forge a "fitsmon:" log line) comes out as one
#     visible, escaped line in the text report, the email body, explain,
#     query, validate --data and the log;
#   - a full disk under the store (a small tmpfs; root only) exits 74.
. "$(dirname "$0")/itlib.sh" hostile
export FITSMON_CATALOG=$root/rules/fitsom/catalog.conf
umask 022
NOW=--now=2026-11-28T02:30:00Z
ESC=$(printf '\033')
CR=$(printf '\r')

# every command runs in $work, and the config puts its store there (the
# spool beside it)
work=$tmp/work
mkdir -p "$work"
run() { (cd "$work" && timeout 5 "$FITSMON" "$@") >"$tmp/out" 2>"$tmp/err"; echo $?; }
# expect CODE PATTERN -- args: exit code, and a match in stdout or stderr
expect() {
	local code=$1 pattern=$2
	shift 3
	local rc
	rc=$(run "$@")
	if [ "$rc" != "$code" ]; then
		bad "fitsmon $* -> exit $rc, expected $code: $(head -c 300 "$tmp/err")"
	elif [ -n "$pattern" ] && ! grep -qaE -- "$pattern" "$tmp/out" "$tmp/err"; then
		bad "fitsmon $* -> output does not match /$pattern/: $(head -c 300 "$tmp/err")"
	else
		ok
	fi
}
mode() { stat -c %a "$1"; }

# the sample school with absolute paths
sed -e "s#\.\./fitsom/catalog.conf#$root/rules/fitsom/catalog.conf#" \
	-e "s#\.\./\.\./feeds/#$root/feeds/#g" -e "s#^;\[store\]#[store]#" \
	-e "s#^;path = /var/lib/fitsmon/oakfield.db#path = $work/fitsmon.db#" \
	rules/examples/oakfield.conf >"$tmp/school.conf"
conf=$tmp/school.conf
mkfifo "$tmp/fifo"
# variant NAME SED-EXPRESSION: a copy of the school's config, changed
variant() { sed -e "$2" "$conf" >"$tmp/$1.conf"; }

# ---- files written ----------------------------------------------------------------
echo precious >"$tmp/victim"
ln -s "$tmp/victim" "$tmp/report.txt"
expect 0 '' -- -c "$conf" $NOW report -o "$tmp/report.txt"
[ "$(cat "$tmp/victim")" = precious ] && ok || bad "report -o wrote through the symlink at its target"
[ -f "$tmp/report.txt" ] && [ ! -L "$tmp/report.txt" ] && grep -q 'SERVICE LEVELS' "$tmp/report.txt" \
	&& ok || bad "report -o did not replace the symlink by the report"
[ "$(mode "$tmp/report.txt")" = 640 ] && ok || bad "report is $(mode "$tmp/report.txt"), expected 640"
# a symlink at the temporary name the old code used (PATH.tmp.PID): the
# shell's PID is fitsmon's after exec
echo precious >"$tmp/victim2"
(cd "$work" && sh -c 'ln -s "$1" "$2.tmp.$$" && exec "$0" -c "$3" --now=2026-11-28T02:30:00Z report -o "$2"' \
	"$FITSMON" "$tmp/victim2" "$tmp/r2.txt" "$conf") >/dev/null 2>&1
[ "$(cat "$tmp/victim2")" = precious ] && ok || bad "report -o wrote through a symlink at a temporary name"
grep -q 'SERVICE LEVELS' "$tmp/r2.txt" 2>/dev/null && ok || bad "report -o with a stray file at PATH.tmp.PID wrote nothing"

# the store lock refuses a symlink, and nothing is created at its target
ln -s "$tmp/lock-target" "$work/fitsmon.db.lock"
expect 74 'fitsmon.db.lock.*symlink' -- -c "$conf" $NOW run
[ ! -e "$tmp/lock-target" ] && ok || bad "the lock was created through a symlink"
rm -f "$work/fitsmon.db.lock" "$work"/fitsmon.db*

# a feed's spool folder that is a symlink is refused; nothing lands there
mkdir -p "$work/spool" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$work/spool/acme-tickets"
rc=$(run -c "$conf" $NOW run)
grep -q "acme-tickets.*symlink" "$tmp/err" && ok || bad "spool symlink: no message: $(head -c 300 "$tmp/err")"
[ -z "$(ls -A "$tmp/elsewhere")" ] && ok || bad "the spool wrote through a symlink: $(ls -A "$tmp/elsewhere")"
rm -f "$work/spool/acme-tickets"

# modes under umask 022: store (and its WAL), spool copies, lock
rm -rf "$work"/*
expect 0 '' -- -c "$conf" $NOW run
for f in "$work/fitsmon.db" "$work/fitsmon.db.lock" "$work"/spool/*/2*.csv; do
	[ "$(mode "$f")" = 640 ] && ok || bad "$f is $(mode "$f"), expected 640"
done
[ ! -e "$work/fitsmon.db-wal" ] || [ "$(mode "$work/fitsmon.db-wal")" = 640 ] && ok ||
	bad "the WAL is $(mode "$work/fitsmon.db-wal")"

# ---- files read -------------------------------------------------------------------
for bad_file in "$tmp/fifo" /dev/zero; do
	kind="a FIFO"
	[ "$bad_file" = /dev/zero ] && kind="a character device"
	expect 78 "^$bad_file: not a regular file \($kind\)" -- -c "$bad_file" validate
	variant cat "s#^path = .*catalog.conf#path = $bad_file#"
	expect 78 "^$tmp/cat.conf:[0-9]+: catalog: $bad_file: not a regular file \($kind\)" -- \
		-c "$tmp/cat.conf" validate
	variant cal "0,/^closed_from = .*json/s##closed_from = $bad_file#"
	expect 78 "^$tmp/cal.conf:[0-9]+: .*$bad_file: not a regular file \($kind\)" -- \
		-c "$tmp/cal.conf" validate
	variant auth "s#^url  *= .*acme-tickets.csv#url = http://127.0.0.1:9/t.csv\nauth = bearer @$bad_file#"
	expect 78 "^$tmp/auth.conf:[0-9]+: auth: $bad_file: not a regular file" -- \
		-c "$tmp/auth.conf" $NOW run
	variant ca "s#^url  *= .*acme-tickets.csv#url = https://127.0.0.1:9/t.csv\nca_file = $bad_file#"
	expect 78 "^$tmp/ca.conf:[0-9]+: ca_file: $bad_file: not a regular file" -- \
		-c "$tmp/ca.conf" $NOW run
	# a feed file read before the first run (no store yet: report reads it)
	rm -rf "$work"/*
	variant feed "s#^url  *= .*acme-tickets.csv#url = $bad_file#"
	expect 65 "acme-tickets: $bad_file: not a regular file" -- -c "$tmp/feed.conf" $NOW report
	expect 65 "cannot read it: $bad_file: not a regular file" -- -c "$tmp/feed.conf" $NOW validate --data
	# ingest of a FIFO or a device: the feed's error, nothing taken in
	expect 0 '' -- -c "$conf" $NOW run
	expect 66 "acme-tickets: $bad_file: not a regular file.*not taken in" -- \
		-c "$conf" ingest acme-tickets "$bad_file"
done
# too big: a catalog past 16 MiB, a secret past 64 KiB, a feed past max_size
truncate -s 17M "$tmp/huge.conf"
variant cat "s#^path = .*catalog.conf#path = $tmp/huge.conf#"
expect 78 "catalog: $tmp/huge.conf: larger than 16777216 bytes" -- -c "$tmp/cat.conf" validate
truncate -s 65537 "$tmp/huge.secret"
variant auth "s#^url  *= .*acme-tickets.csv#url = http://127.0.0.1:9/t.csv\nauth = bearer @$tmp/huge.secret#"
expect 78 "auth: $tmp/huge.secret: larger than 65536 bytes" -- -c "$tmp/auth.conf" validate
variant small "s#^url  *= .*acme-tickets.csv#&\nmax_size = 1k#"
expect 65 "acme-tickets: .*acme-tickets.csv: larger than 1024 bytes" -- \
	-c "$tmp/small.conf" ingest acme-tickets "$root/feeds/samples/acme-tickets.csv"

# a run stuck on a FIFO secret would hold the store's lock: the next run,
# started while it waits, must not be refused with 75
variant auth "s#^url  *= .*acme-tickets.csv#url = http://127.0.0.1:9/t.csv\nauth = bearer @$tmp/fifo#"
(cd "$work" && exec timeout 20 "$FITSMON" -c "$tmp/auth.conf" $NOW run) >/dev/null 2>&1 &
stuck=$!
pids+=($stuck)
sleep 1.5
rc=$(run -c "$conf" $NOW run)
[ "$rc" != 75 ] && ok || bad "a run stuck on a FIFO secret kept the store locked (exit 75)"
kill "$stuck" 2>/dev/null
wait "$stuck" 2>/dev/null

# ---- supplier text on the text paths --------------------------------------------
rm -rf "$work"/*
"$PY" - "$root/feeds/samples/acme-tickets.csv" "$tmp/hostile.csv" <<'EOF'
import sys
rows = open(sys.argv[1], newline="").read()
rows += ('"HX-1\n\nSERVICE LEVELS (calls closed in the period)\n  urgent 100% met",'
         '02/11/2026 09:00,Mr X,Hardware,P1,"Summary\r\nwith \x1b[31mred",'
         '02/11/2026 15:00,04/11/2026 09:00,Closed\r\n')
rows += 'HX-2,"not a date\r\nfitsmon: all good",Mr X,Hardware,P1,x,,,Open\r\n'
open(sys.argv[2], "w", newline="").write(rows)
EOF
variant hostile "s#^url  *= .*acme-tickets.csv#url = $tmp/hostile.csv#"
h=$tmp/hostile.conf
ID=$'HX-1\n\nSERVICE LEVELS (calls closed in the period)\n  urgent 100% met'
# clean NAME: no raw ESC or CR in stdout+stderr, the fake section not at a
# line's start, and no forged "fitsmon: all good" line
clean() {
	if grep -qa "$ESC\|$CR" "$tmp/out" "$tmp/err"; then
		bad "$1: a raw ESC or CR from the supplier reached the output"
	elif [ "$(grep -ac '^SERVICE LEVELS' "$tmp/out")" -gt 1 ] || grep -qa '^ *urgent 100% met' "$tmp/out"; then
		bad "$1: the ticket id printed a fake section: $(grep -a -m2 -B1 '100% met' "$tmp/out")"
	elif grep -qa '^fitsmon: all good' "$tmp/err" "$tmp/out"; then
		bad "$1: a supplier's cell forged a log line"
	else
		ok
	fi
}
expect 0 "^acme-tickets:[0-9]+: bad opened time 'not a date\\\\r\\\\nfitsmon: all good'" -- -c "$h" $NOW run
clean "run's log"
expect 0 'HX-1\\n\\nSERVICE LEVELS' -- -c "$h" $NOW report
clean "text report"
expect 0 'HX-1\\n\\nSERVICE' -- -c "$h" $NOW report --format email
clean "email body"
expect 0 'summary +Summary\\r\\nwith \\x1b\[31mred' -- -c "$h" $NOW explain "$ID"
clean "explain"
[ "$(grep -ac '^Ticket HX-1' "$tmp/out")" = 1 ] && ok || bad "explain: the id is not one line"
expect 0 'HX-1\\n\\nSERVICE LEVELS.*Summary\\r\\nwith \\x1b\[31mred' -- -c "$h" $NOW query breaches
clean "query breaches"
expect 0 "not a date\\\\r\\\\nfitsmon: all good" -- -c "$h" $NOW query rejects
clean "query rejects"
expect 0 "not a date\\\\r\\\\nfitsmon: all good" -- -c "$h" $NOW validate --data
clean "validate --data"
expect 65 "no ticket 'nope\\\\nfitsmon: all good" -- -c "$h" $NOW explain $'nope\nfitsmon: all good'
clean "a log line (msg)"
[ "$(wc -l <"$tmp/err")" = 1 ] && ok || bad "a log line holding a line break became $(wc -l <"$tmp/err") lines"

# ---- a full disk under the store --------------------------------------------------
if [ "$(id -u)" != 0 ]; then
	echo "hostile: full-disk check skipped (mounting a small tmpfs needs root)"
else
	mnt=$tmp/full
	mkdir -p "$mnt"
	if mount -t tmpfs -o size=400k tmpfs "$mnt" 2>/dev/null; then
		trap 'umount "$mnt" 2>/dev/null; cleanup' EXIT
		"$PY" - "$tmp/big.csv" <<'EOF'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("Ticket Ref,Logged,Raised By,Category,Priority,Summary,First Response,Resolved,Status,"
            "Met SLA\r\n")
    for i in range(20000):
        f.write("BIG-%05d,%02d/11/2026 09:00,Someone,Hardware,P3,A fairly long summary of "
                "call %d so that the rows take room,%02d/11/2026 10:00,,Open,\r\n"
                % (i, 1 + i % 25, i, 1 + i % 25))
EOF
		variant full "s#^path = $work/fitsmon.db#path = $mnt/fitsmon.db\nspool = $tmp/fullspool#"
		expect 74 'disk is full' -- -c "$tmp/full.conf" $NOW ingest acme-tickets "$tmp/big.csv"
		umount "$mnt"
	else
		echo "hostile: full-disk check skipped (cannot mount a tmpfs here)"
	fi
fi

finish
