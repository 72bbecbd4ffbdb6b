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

finish
