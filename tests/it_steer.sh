#!/bin/bash
# A command line that steers (issue 17, point 6): every diagnostic starts
# with "fitsmon:", a missing config names where it looked, -c and
# `fitsmon init`, usage errors exit 64 before any config is read, typos
# get "did you mean", COMMAND --help shows options and an example, lines
# carry journal priorities when stderr is the journal (JOURNAL_STREAM),
# and a long ingest shows progress on a terminal only.
. "$(dirname "$0")/itlib.sh" steer
sample_tree "$tmp/t"   # a copy: its store is oakfield.db beside the config
SAMPLE=$tmp/t/rules/examples/oakfield.conf
DB=$tmp/t/rules/examples/oakfield.db
NOW=2026-11-28T02:30:00Z
work=$tmp/work
mkdir -p "$work"

# expect CODE PATTERN -- command...: exit code and a stderr/stdout match
expect() {
	local code=$1 pattern=$2
	shift 3
	(cd "$work" && "$@") >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" != "$code" ]; then
		bad "$* -> exit $rc, expected $code: $(head -c 300 "$tmp/err")"
	elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" "$tmp/out" "$tmp/err"; then
		bad "$* -> output does not match /$pattern/: $(head -c 300 "$tmp/out" "$tmp/err")"
	else
		ok
	fi
}
# every line on stderr starts with "fitsmon: "
all_prefixed() {
	if [ -s "$tmp/err" ] && ! grep -qv '^fitsmon: ' "$tmp/err"; then ok
	else bad "$1: a stderr line without 'fitsmon: ': $(head -c 300 "$tmp/err")"; fi
}

# a missing config: where it looked, -c, fitsmon init (no ./fitsmon.conf in $work)
expect 78 "^fitsmon: no config -- looked for \./fitsmon\.conf and /etc/fitsmon/fitsmon\.conf; give one with -c FILE, or write a first config with 'fitsmon init'\$" -- \
	env -u FITSMON_CONFIG "$FITSMON" report
all_prefixed "no config"
expect 78 "^fitsmon: cannot open '$tmp/none.conf'.*-c.*fitsmon init" -- "$FITSMON" -c "$tmp/none.conf" validate
all_prefixed "-c missing"

# usage errors exit 64 before any config is read (the config here is missing)
expect 64 "^fitsmon: --now: 'yesterday' is not a time" -- "$FITSMON" -c "$tmp/none.conf" --now yesterday report
expect 64 "^fitsmon: report: unknown format 'xml'" -- "$FITSMON" -c "$tmp/none.conf" report --format xml
expect 64 "^fitsmon: report: --from: '2026-13-01' is not a date" -- "$FITSMON" -c "$tmp/none.conf" report --from 2026-13-01
expect 64 "^fitsmon: report: --to must be after --from" -- "$FITSMON" -c "$tmp/none.conf" report --from 2026-11-02 --to 2026-11-01
expect 64 "^fitsmon: query: 'lateness' is not breaches" -- "$FITSMON" -c "$tmp/none.conf" query lateness
expect 64 "^fitsmon: ingest: give a feed name and a file" -- "$FITSMON" -c "$tmp/none.conf" ingest acme-tickets
expect 64 "^fitsmon: mail: the only use is 'fitsmon mail --test'" -- "$FITSMON" -c "$tmp/none.conf" mail
expect 64 "^fitsmon: validate: --data prints text only" -- "$FITSMON" -c "$tmp/none.conf" validate --data --format csv

# did you mean: commands, options (global and a command's), formats, words, feeds
expect 64 "^fitsmon: unknown command 'reprot'; did you mean 'report'\?\$" -- "$FITSMON" reprot
if grep -q '^usage:' "$tmp/err" "$tmp/out"; then bad "an unknown command printed the whole help"; else ok; fi
expect 64 "^fitsmon: report: unknown option '--form'; did you mean '--format'\?\$" -- "$FITSMON" -c "$SAMPLE" report --form json
expect 64 "^fitsmon: unknown option '--confg'; did you mean '--config'\?\$" -- "$FITSMON" --confg x run
expect 64 "^fitsmon: report: unknown format 'jsn'; did you mean 'json'\?" -- "$FITSMON" -c "$SAMPLE" report --format jsn
expect 64 "^fitsmon: query: 'breachs' is not .*; did you mean 'breaches'\?\$" -- "$FITSMON" -c "$SAMPLE" query breachs
expect 64 "^fitsmon: fetch: no feed 'acme-tickts' in .*; did you mean 'acme-tickets'\?\$" -- "$FITSMON" -c "$SAMPLE" fetch acme-tickts
[ ! -e "$DB" ] && ok || bad "a usage error opened the store"

# COMMAND --help: that command's options and an example
expect 0 '^example:' -- "$FITSMON" report --help
for o in --from --to --format -o; do
	grep -qE "^  $o " "$tmp/out" && ok || bad "report --help does not list $o"
done
grep -q 'text, html, json, csv or email' "$tmp/out" && ok || bad "report --help does not list the formats"
expect 0 '^  --supplier S ' -- "$FITSMON" query --help
expect 0 'fitsmon sql .SELECT' -- "$FITSMON" sql --help

# journal priorities: only when stderr is the stream JOURNAL_STREAM names
err=$tmp/journal.err
: >"$err"
js=$(stat -c '%d:%i' "$err")
(cd "$work" && JOURNAL_STREAM=$js "$FITSMON" -c "$tmp/none.conf" validate 2>>"$err")
grep -q "^<3>fitsmon: cannot open" "$err" && ok || bad "no <3> before an error under the journal: $(cat "$err")"
: >"$err"
(cd "$work" && JOURNAL_STREAM=$js "$FITSMON" -c "$SAMPLE" --now $NOW run >/dev/null 2>>"$err")
grep -q "^<6>fitsmon: acme-tickets: [0-9]* new" "$err" && ok || bad "no <6> before an info line: $(head -c 300 "$err")"
grep -qv '^<[346]>' "$err" && bad "a journal line without a priority: $(grep -v '^<[346]>' "$err" | head -3)" || ok
rm -f "$DB"*
: >"$err"
(cd "$work" && JOURNAL_STREAM=1:2 "$FITSMON" -c "$tmp/none.conf" validate 2>>"$err")
grep -q "^fitsmon: cannot open" "$err" && ok || bad "priorities when stderr is not the journal: $(cat "$err")"

# progress: a long ingest on a terminal shows rows, MB and a rate; never
# when stderr is not a terminal
big=$tmp/big.csv
head -1 "$root/feeds/samples/acme-log.csv" >"$big"
for k in $(seq 1 300); do tail -n +2 "$root/feeds/samples/acme-log.csv"; done >>"$big"
rows=$(($(wc -l <"$big") - 1))
[ "$rows" -gt 2048 ] && ok || bad "the big file has only $rows rows"
(cd "$work" && "$PY" - "$FITSMON" "$SAMPLE" "$big" >"$tmp/pty.out" <<'PY'
import os, pty, sys
f, conf, big = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execv(f, [f, "-c", conf, "--now", "2026-11-28T02:30:00Z", "ingest", "acme-log", big])
out = b""
while True:
    try:
        b = os.read(fd, 4096)
    except OSError:
        break
    if not b:
        break
    out += b
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
)
grep -qE "acme-log: [0-9]+ rows of [0-9.]+ (kB|MB) at [0-9]+ rows/s" "$tmp/pty.out" && ok ||
	bad "no progress line on a terminal: $(head -c 300 "$tmp/pty.out")"
rm -f "$DB"*
expect 0 'acme-log: [0-9]+ new' -- "$FITSMON" -c "$SAMPLE" --now $NOW ingest acme-log "$big"
grep -q 'rows/s\|\[K' "$tmp/err" && bad "progress drawn when stderr is not a terminal" || ok
finish
