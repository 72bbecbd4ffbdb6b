#!/bin/bash
# The email a bursar reads stays plain (issue 19): its body's Flesch
# reading ease is at least 60 on the sample school, for November 2026 and
# for the default 28 days, at the sample's now.  tests/flesch.py is the
# scorer; its own check (known words and sentences) runs first, so a
# broken scorer cannot pass a hard text.
set -u
. "$(dirname "$0")/itlib.sh" readability

NOW=2026-11-28T02:30:00Z
cfg=$root/rules/examples/oakfield.conf

"$PY" tests/flesch.py --selftest >"$tmp/self" 2>&1 && ok || bad "flesch.py --selftest: $(cat "$tmp/self")"

# the scorer is not blind: a hard text scores below 60
printf '%s\n' "Notwithstanding the contractual obligations previously established, organisational responsibilities necessitate comprehensive documentation of infrastructure administration activities." >"$tmp/hard.txt"
s=$("$PY" tests/flesch.py "$tmp/hard.txt" | cut -d' ' -f1)
"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) < 60)" "$s" && ok || bad "the hard text scored $s"

for r in "--from 2026-11-01 --to 2026-12-01" ""; do
	# shellcheck disable=SC2086
	"$FITSMON" -c "$cfg" --now $NOW report $r --format email -o "$tmp/mail.txt" 2>"$tmp/err" ||
		{ bad "report --format email $r: $(head -c 300 "$tmp/err")"; continue; }
	s=$("$PY" tests/flesch.py "$tmp/mail.txt")
	echo "readability: email ${r:-(28 days)}: Flesch $s"
	"$PY" -c "import sys; sys.exit(not float(sys.argv[1]) >= 60)" "${s%% *}" &&
		ok || bad "email ${r:-(28 days)}: Flesch reading ease ${s%% *} is below 60"
done

# and short (issue 19 part 4): urgent items in full, each item to follow up
# in one sentence (the attached report has why it matters and what to ask),
# and no glossary: November's 13 items (4 urgent) stay within 90 lines,
# where telling every item in full took 138
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-11-01 --to 2026-12-01 --format email \
	-o "$tmp/nov.txt" 2>/dev/null
"$PY" - "$tmp/nov.txt" <<'PYEOF' && ok || bad "email: not short"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
bad = []
if len(lines) > 90:
    bad.append("%d lines" % len(lines))
try:
    a = lines.index("TO FOLLOW UP")
    b = next(i for i in range(a + 1, len(lines)) if lines[i] == "")
except (ValueError, StopIteration):
    bad.append("no TO FOLLOW UP section")
    a = b = 0
items = [i for i in range(a, b) if re.match(r"^ *\d+\. ", lines[i])]
if a and len(items) < 5:
    bad.append("only %d items to follow up" % len(items))
for i, j in zip(items, items[1:] + [b]):
    if j - i > 4:
        bad.append("item at line %d takes %d lines" % (i + 1, j - i))
    if any("Ask " in l for l in lines[i:j]):
        bad.append("item at line %d has its question" % (i + 1))
if "WHAT THE WORDS MEAN" in lines:
    bad.append("the glossary is in the email")
if not any("attached" in l for l in lines):
    bad.append("no pointer to the attached report")
print("readability: email (November): %d lines, %d items to follow up" % (len(lines), len(items)))
if bad:
    print("FAIL: " + "; ".join(bad))
    sys.exit(1)
PYEOF

# a normal month fits one screen: a small school's November with two urgent
# items (an SLA below target, a missed backup check) and two to follow up
# (two late calls, a missed weekly check) takes at most 50 lines
d=$tmp/normal
mkdir -p "$d"
{
	office_school
	cat <<'CONF'
[feed "desk"]
supplier = acme
kind = tickets
url = desk.csv
column.id = id
column.opened = opened
column.responded = responded
column.resolved = resolved
column.summary = summary
[feed "log"]
supplier = acme
kind = activities
url = log.csv
column.at = at
column.description = what
[sla "all"]
respond = 1h
resolve = 8h
target = 90%
[activity "backup-check"]
title = Check the night's backups
supplier = acme
every = school-day
evidence = (?i)backups? checked
severity = red
[activity "antivirus"]
title = Check antivirus is up to date
supplier = acme
every = week
evidence = (?i)antivirus checked
CONF
} >"$d/fitsmon.conf"
"$PY" - "$d" <<'PYEOF'
import datetime, sys
d = sys.argv[1]
days = [datetime.date(2026, 11, 2) + datetime.timedelta(n) for n in range(28)]
work = [x for x in days if x.weekday() < 5]
with open(d + "/desk.csv", "w") as f:
    f.write("id,opened,responded,resolved,summary\n")
    for i, x in enumerate(work[:10]):
        fix = (x + datetime.timedelta(1)).isoformat() + "T16:00:00Z" if i in (6, 7) else x.isoformat() + "T12:00:00Z"
        f.write("T%d,%sT10:00:00Z,%sT10:20:00Z,%s,Printer %d\n" % (i + 1, x, x, fix, i + 1))
with open(d + "/log.csv", "w") as f:
    f.write("at,what\n")
    for x in work:
        if x != datetime.date(2026, 11, 11):
            f.write("%s 09:00,Backups checked OK\n" % x)
        if x.weekday() == 0 and x != datetime.date(2026, 11, 16):
            f.write("%s 11:00,Antivirus checked on all machines\n" % x)
PYEOF
(cd "$d" && "$FITSMON" -c fitsmon.conf --now 2026-11-30T02:30:00Z report --from 2026-11-02 \
	--to 2026-11-30 --format email -o mail.txt) 2>"$tmp/err" || bad "normal month: $(head -c 300 "$tmp/err")"
"$PY" - "$d/mail.txt" <<'PYEOF' && ok || bad "email: a normal month is not one screen"
import sys
text = open(sys.argv[1]).read()
lines = text.rstrip("\n").split("\n")
print("readability: email (a normal month): %d lines" % len(lines))
want = "4 things need your attention, 2 of them urgent."
if not lines[0].startswith(want) or len(lines) > 50:
    print("FAIL: %r, %d lines" % (lines[0], len(lines)))
    sys.exit(1)
PYEOF

finish
