#!/bin/bash
# fitsmon explain: the text of a ticket's clocks, piece by piece.
#   - the sample school's tickets read exactly as pinned in tests/data/explain/
#     (a response stop and a bank holiday, a pause, a ticket no SLA takes,
#     a ticket still open at now): explanation.c works out the record,
#     explain.c only renders it, and the text stays as it was;
#   - a ticket of 3,000 events (tests/bench/longticket.py): its pieces
#     tile the ticket's life, their running total ends at the resolution
#     clock's figure, and the response clock stops once.
. "$(dirname "$0")/itlib.sh" explain

# the sample school in two copies (its store lands beside the config): one
# run on the night of Sat 28 Nov, one on Thu 1 Oct, since a store-based
# explain at --now T reads only what was fetched by T
sample_tree "$tmp/nov"
sample_tree "$tmp/oct"
NOW=2026-11-28T02:30:00Z
OCT=2026-10-01T12:00:00Z
"$FITSMON" -c "$tmp/nov/rules/examples/oakfield.conf" --now $NOW -q run >/dev/null 2>"$tmp/err" &&
	ok || bad "run: $(cat "$tmp/err")"
"$FITSMON" -c "$tmp/oct/rules/examples/oakfield.conf" --now $OCT -q run >/dev/null 2>"$tmp/err" &&
	ok || bad "run at $OCT: $(cat "$tmp/err")"
# same NOW NAME TICKET: explain TICKET at NOW is tests/data/explain/NAME.txt
same() {
	local oak=$tmp/nov/rules/examples/oakfield.conf
	[ "$1" = "$OCT" ] && oak=$tmp/oct/rules/examples/oakfield.conf
	"$FITSMON" -c "$oak" --now "$1" explain "$3" >"$tmp/out" 2>"$tmp/err" ||
		bad "explain $3: $(cat "$tmp/err")"
	cmp -s "$tmp/out" "$root/tests/data/explain/$2.txt" && ok ||
		bad "explain $3 at $1 differs: $(diff "$root/tests/data/explain/$2.txt" "$tmp/out" | head -n 20)"
}
same $NOW ACM-30424 ACM-30424
same $NOW PW-207311 PW-207311
same $NOW ACM-30860 ACM-30860
same $OCT ACM-30404-open ACM-30404

# ---- a long ticket --------------------------------------------------------
mkdir -p "$tmp/long"
cd "$tmp/long" || exit 1
/usr/bin/python3 "$root/tests/bench/longticket.py" events.csv 3000
cat >long.conf <<CONF
[school]
name     = Long ticket
timezone = Europe/London
[calendar "support-hours"]
hours  = Mon-Fri 08:00-17:00
[supplier "print"]
calendar = support-hours
[feed "desk"]
supplier    = print
kind        = ticket-events
url         = events.csv
time_format = iso8601
column.id       = Ticket
column.at       = Event Time
column.status   = Status
column.priority = Priority
column.summary  = Summary
new_status      = New
resolved_status = Resolved, Closed
pause_status    = On hold, Awaiting parts, Awaiting customer
[sla "p3"]
when     = priority ~ ^P3\$
respond  = 4h
resolve  = 24h
CONF
"$FITSMON" -c long.conf --now 2026-12-01T00:00:00Z -q run >/dev/null 2>"$tmp/err" && ok ||
	bad "long run: $(cat "$tmp/err")"
"$FITSMON" -c long.conf --now 2026-12-01T00:00:00Z explain LONG-1 >"$tmp/out" 2>"$tmp/err" && ok ||
	bad "long explain: $(cat "$tmp/err")"
/usr/bin/python3 - "$tmp/out" <<'PY' && ok || bad "long ticket: pieces do not add up"
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"resolution \w+: .*? \((\d+) s of", text)
assert m, "no resolution line"
# lengths in working time: "14 h 30 min", "5 h", "45 min"
dur = r"\d+ h(?: \d+ min)?|\d+ min"
rows = re.findall(r"^  (\w{3} \d+ \w{3} \d\d:\d\d)\s+(\w{3} \d+ \w{3} \d\d:\d\d)\s+(" + dur +
                  r")\s+(" + dur + r")\s+(.*)$", text, re.M)
assert len(rows) > 300, len(rows)
for a, b in zip(rows, rows[1:]):
    assert a[1] == b[0], (a, b)          # the pieces tile the ticket's life
def secs(d):
    return sum(int(n) * {"h": 3600, "min": 60}[u] for n, u in re.findall(r"(\d+) (h|min)", d))
assert secs(rows[-1][3]) == int(m.group(1)), (rows[-1], m.group(1))
assert sum(secs(r[2]) for r in rows if r[4] == "counted") == int(m.group(1))
assert text.count("response clock stops here") == 1
assert any("paused (On hold)" in r[4] for r in rows) and any("resolved, later reopened" in r[4] for r in rows)
PY

finish
