#!/bin/bash
# fitsmon validate --data: every feed's current copy read against the
# config, every problem with its fix in one run; exit 0 when every feed is
# ready, 65 when one is not.
#   - the sample school is ready, before the first run (the feed files) and
#     after it (the spool's last good copy);
#   - a copy of it with a misspelt header mapping and day/month/year times
#     where the config says iso8601: both problems and both fixes at once;
#   - times that read both ways are said to be ambiguous, day/month assumed;
#   - the readiness rule: a missing header, more than max_rejected of the
#     rows rejected, no time that parses.
. "$(dirname "$0")/itlib.sh" validate_data

NOW=2026-11-28T02:30:00Z
sample_tree "$tmp/t"   # a copy: the store beside the config stays out of the tree
SAMPLE=$tmp/t/rules/examples/oakfield.conf

# check CODE COMMAND...: the exit code; the output in $tmp/out; run in
# $work (a store there is the one read)
check() {
	local code=$1
	shift
	(cd "$work" && "$@") >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ "$rc" = "$code" ] && ok || bad "$* -> exit $rc, expected $code: $(head -c 600 "$tmp/out" "$tmp/err")"
}
# has TEXT: a fixed string in the last output
has() {
	grep -qF -- "$1" "$tmp/out" && ok || bad "output lacks '$1': $(cat "$tmp/out")"
}
# block TEXT: lines together, in that order, in the last output
block() {
	/usr/bin/python3 -c 'import sys; sys.exit(sys.argv[1] not in open(sys.argv[2]).read())' \
		"$1" "$tmp/out" && ok || bad "output lacks the lines '$1': $(head -c 2000 "$tmp/out")"
}
hasnt() {
	grep -qF -- "$1" "$tmp/out" && bad "output has '$1': $(cat "$tmp/out")" || ok
}

work=$tmp/work
mkdir -p "$work"
# the sample school, before the first run: the feed files
check 0 $FITSMON -c "$SAMPLE" --now $NOW validate --data
has "acme-tickets (tickets from acme): ready"
has "All 3 feeds are ready."
has "priority: 'P3' 48 -> normal"
has "1 of 109 tickets no [sla] takes"
has "row 45: ACM-30860 (priority 'P5')"
has "evidence in 250 rows: backup-check 61;"
has "rows count for no activity"
hasnt "(the last good copy fetched)"
hasnt "    counts for: backup-check"
check 64 $FITSMON -c "$SAMPLE" validate --data --format json

# -v: each activity row, and why it counts or not (evidence_explain): the
# vocabulary's object and action, a school's own pattern, no activity
check 0 $FITSMON -c "$SAMPLE" --now $NOW -v validate --data
has "evidence in 250 rows: backup-check 61;"
block "  row 4: Checked backups: all jobs completed successfully
    backup-check: the evidence pattern matches: counts
    counts for: backup-check
  row 5: Summer works: re-imaged computing suite (30 PCs) with new 2026-27 image
    counts for no activity"
block "  row 88: Monthly firewall and web filter logs reviewed - nothing of concern, summary sent to DSL
    firewall-review: object 'firewall', action 'reviewed': counts
    counts for: firewall-review"
block "  row 51: Remote: firewall rule for CPOMS mobile app
    firewall-review: object 'firewall', no action: does not count
    counts for no activity"
[ "$(grep -c '^  row [0-9]*: ' "$tmp/out")" -ge 250 ] && ok || bad "-v: fewer than 250 rows explained"

# after a run: the spool's copies
check 0 $FITSMON -c "$SAMPLE" --now $NOW run
check 0 $FITSMON -c "$SAMPLE" --now $NOW validate --data
has "(the last good copy fetched)"
has "All 3 feeds are ready."

# a copy of the school with two mistakes in one feed (no store yet)
work=$tmp/w2
mkdir -p "$tmp/school/conf" "$tmp/school/data" "$work"
cp feeds/samples/acme-tickets.csv feeds/samples/acme-log.csv feeds/samples/printwise-events.csv \
	feeds/samples/oakfield-bank-holidays.json "$tmp/school/data/"
sed -e 's#\.\./\.\./feeds/samples/#../data/#' \
    -e "s#^path = \.\./fitsom/catalog.conf#path = $root/rules/fitsom/catalog.conf#" \
    -e 's#^column.responded = First Response#column.responded = First Respons#' \
    "$SAMPLE" >"$tmp/school/conf/oak.conf"
# acme-tickets is written 20/08/2026 11:00: say iso8601
awk '/^\[feed "acme-tickets"\]/ { f = 1 } /^time_format/ && f { print "time_format = iso8601"; f = 0; next } { print }' \
	"$tmp/school/conf/oak.conf" >"$tmp/school/conf/x" && mv "$tmp/school/conf/x" "$tmp/school/conf/oak.conf"
grep -q '^time_format = %d' "$tmp/school/conf/oak.conf" && bad "the copy still says %d/%m/%Y" || ok
CONF=$tmp/school/conf/oak.conf
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "acme-tickets (tickets from acme): NOT READY"
has "! column 'First Respons' (column.responded) is not in the header; the nearest is 'First Response': fix: column.responded = First Response"
has "! times: opened: none of 110 parse as iso8601, e.g. '20/08/2026 11:00'"
has "they are written day/month/year (110 of 110 read so): fix: time_format = %d/%m/%Y %H:%M"
hasnt "could be"
has "acme-log (activities from acme): ready"
has "1 of 3 feeds is not ready"

# the log's times day/month/year, every day 12 or less: ambiguous
"$PY" - "$tmp/school/data/acme-log.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
out = [rows[0]]
for r in rows[1:]:
    y, m, d, t = r[0][:4], r[0][5:7], r[0][8:10], r[0][11:]
    if int(d) <= 12:
        r[0] = f"{d}/{m}/{y} {t}"
        out.append(r)
csv.writer(open(sys.argv[1], 'w', newline='')).writerows(out)
PY
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "acme-log (activities from acme): NOT READY"
has "! times: at: none of 106 parse as iso8601, e.g. '01/09/2026 08:30'"
has "fix: time_format = %d/%m/%Y %H:%M"
has "01/09/2026 could be 1 September or 9 January: day/month assumed, as in the UK"
has "2 of 3 feeds are not ready"

# readiness: no time parses is not ready even when every row may be rejected
sed -i 's/^column.responded = First Respons$/column.responded = First Response/' "$CONF"
awk '/^\[feed "acme-log"\]/ { print; print "max_rejected = 100%"; next } { print }' "$CONF" >"$CONF.x" &&
	mv "$CONF.x" "$CONF"
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "acme-log (activities from acme): NOT READY"
hasnt "! 106 rows"
has "acme-tickets (tickets from acme): NOT READY"

# readiness: the share of rejected rows against max_rejected (default 2%)
cp feeds/samples/acme-log.csv "$tmp/school/data/acme-log.csv"
sed -i 's/^max_rejected = 100%$//' "$CONF"
awk '/^\[feed "acme-tickets"\]/ { f = 1 } /^time_format/ && f { print "time_format = %d/%m/%Y %H:%M"; f = 0; next } { print }' \
	"$CONF" >"$CONF.x" && mv "$CONF.x" "$CONF"
check 0 $FITSMON -c "$CONF" --now $NOW validate --data
has "All 3 feeds are ready."
# 3 of 110 rows with a bad Logged time: 2.7%, more than 2%
"$PY" - "$tmp/school/data/acme-tickets.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
for r in rows[1:4]:
    r[1] = "soon"
csv.writer(open(sys.argv[1], 'w', newline='')).writerows(rows)
PY
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "acme-tickets (tickets from acme): NOT READY"
has "! 110 rows, 3 rejected (2.7%; max_rejected 2%), e.g."
has "1 of 3 feeds is not ready"
awk '/^\[feed "acme-tickets"\]/ { print; print "max_rejected = 3%"; next } { print }' "$CONF" >"$CONF.x" &&
	mv "$CONF.x" "$CONF"
check 0 $FITSMON -c "$CONF" --now $NOW validate --data
has "110 rows, 3 rejected (2.7%; max_rejected 3%)"
has "All 3 feeds are ready."

# readiness: a header the file lacks, alone, is enough
sed -i '1s/,Hours,/,Hrs,/' "$tmp/school/data/acme-log.csv"
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "acme-log (activities from acme): NOT READY"
has "! column 'Hours' (column.hours) is not in the header; the nearest is 'Hrs': fix: column.hours = Hrs"
has "times: all parse (at 250)"
has "(the rows are looked at once every mapped header is there)"
cp feeds/samples/acme-log.csv "$tmp/school/data/acme-log.csv"

# a feed whose file is gone cannot be ready
rm "$tmp/school/data/printwise-events.csv"
check 65 $FITSMON -c "$CONF" --now $NOW validate --data
has "printwise-events (ticket-events from printwise): NOT READY"
has "! cannot read it: "

finish
