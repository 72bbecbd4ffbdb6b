#!/bin/bash
# The tests skipped in a make check, from the file they appended to
# (FITSMON_SKIPS, build/skipped): each line is "NAME<tab>REASON".
#   tests/skips.sh summary FILE        one line per reason, the tests by name:
#                                      "skipped (no real data at PATH): test_realdata, it_x"
#   tests/skips.sh strict FILE FOLDER...  the summary, and exit 1 when any test
#                                      was skipped although a FOLDER (where the real
#                                      data may be) exists
# Nothing skipped (FILE absent or empty): no output, exit 0.
set -u
mode=${1:-} file=${2:-}
case $mode in summary | strict) ;; *)
	echo "usage: tests/skips.sh summary FILE | strict FILE FOLDER..." >&2
	exit 64
	;;
esac
[ -s "$file" ] || exit 0
awk -F '\t' '
	!($2 in names) { order[++n] = $2; names[$2] = $1; next }
	index(", " names[$2] ", ", ", " $1 ", ") == 0 { names[$2] = names[$2] ", " $1 }
	END { for (i = 1; i <= n; i++) printf "skipped (%s): %s\n", order[i], names[order[i]] }
' "$file"
[ "$mode" = strict ] || exit 0
shift 2
for d in "$@"; do
	if [ -d "$d" ]; then
		echo "FAIL: tests were skipped although $d exists" >&2
		exit 1
	fi
done
exit 0
