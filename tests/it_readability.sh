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

finish
