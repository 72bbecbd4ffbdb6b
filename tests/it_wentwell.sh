#!/bin/bash
# "What went well" is an all-clear, so it is only said of what was read
# (issue 14 review).  A school whose one call log went stale: the calls
# that arrived before it stopped were all on time, but the calls since may
# not be, so neither the text nor the HTML report may say the service level
# was "within the contract"; on the night the log was fresh they do.
set -u
. "$(dirname "$0")/itlib.sh" wentwell

d=$tmp/school
mkdir -p "$d"
{
	office_school
	cat <<'CONF'
[feed "desk"]
supplier = acme
kind = tickets
url = desk.csv
stale_after = 1d
column.id = id
column.opened = opened
column.responded = responded
column.resolved = resolved
column.summary = summary
[sla "all"]
respond = 1h
resolve = 8h
target = 90%
CONF
} >"$d/fitsmon.conf"
cat >"$d/desk.csv" <<'CSV'
id,opened,responded,resolved,summary
T1,2026-11-16T09:00:00Z,2026-11-16T09:20:00Z,2026-11-16T11:00:00Z,Hall projector
T2,2026-11-17T10:00:00Z,2026-11-17T10:10:00Z,2026-11-17T12:00:00Z,Staff printer
CSV
fm() { (cd "$d" && "$FITSMON" -c fitsmon.conf "$@"); }

# Wed 18 Nov: the log is fresh, both calls on time: an all-clear.
fm --now 2026-11-18T02:30:00Z run >"$tmp/run1" 2>&1 || bad "first run: $(head -c 300 "$tmp/run1")"
fm --now 2026-11-18T02:30:00Z report >"$tmp/fresh.txt"
grep -q "'all' calls: 2 of 2 dealt with on time" "$tmp/fresh.txt" && ok ||
	bad "fresh log: no all-clear: $(cat "$tmp/fresh.txt")"

# Tue 24 Nov: the log has not come for six days (stale after one): the
# calls since Wed 18 were not read, so no all-clear for the service level.
rm "$d/desk.csv"
fm --now 2026-11-24T02:30:00Z run >"$tmp/run2" 2>&1
for f in text html; do
	fm --now 2026-11-24T02:30:00Z report --format "$f" >"$tmp/stale.$f"
	if grep -q "calls: 2 of 2 dealt with on time" "$tmp/stale.$f"; then
		bad "stale log, $f report: all-clear from data not read: $(grep -m1 "2 of 2 dealt" "$tmp/stale.$f")"
	else
		ok
	fi
done
grep -q "feed-stale\|out of date\|OUT OF DATE" "$tmp/stale.text" && ok ||
	bad "stale log: the text report does not say the log is out of date"
finish
