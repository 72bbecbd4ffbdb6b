#!/bin/bash
# Differential test: random scenarios (tests/oracle/gen.py) evaluated by the
# Python reference implementation (tests/oracle/refimpl.py) and by ./fitsmon,
# compared ticket by ticket and period by period (tests/oracle/compare.py).
#
#   ORACLE_SEEDS=N   seeds 1..N (default 40)
#   ORACLE_KEEP=DIR  keep every scenario and both reports under DIR
#   ORACLE_PREP=CMD  a fitsmon command run before `report` (default `run`:
#                    report reads the store); ORACLE_PREP= for none
#                    (`run` or `report` exiting 65 -- a feed is unreadable,
#                    the health gate -- is no failure: the reports are compared;
#                    refimpl gets --last-success now, or mtime without a prep)
#   ORACLE_SELF=1    compare refimpl with itself (checks the harness only)
#   FITSMON=PATH     the binary (default ./fitsmon at the top of the tree)
#
# Prints one line per failing seed and ends with "oracle: P passed, F failed";
# exits 1 when any seed failed.  A failing seed is re-run by hand with:
#   /usr/bin/python3 tests/oracle/gen.py SEED DIR   (prints the arguments)
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
py=/usr/bin/python3
oracle=$here/oracle
n=${ORACLE_SEEDS:-40}
bin=${FITSMON:-$root/fitsmon}
prep=${ORACLE_PREP-run}

if [ -n "${ORACLE_KEEP:-}" ]; then
	work=$ORACLE_KEEP
	mkdir -p "$work" || exit 1
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/fitsmon-oracle.XXXXXX") || exit 1
	trap 'rm -rf "$work"' EXIT
fi

pass=0
fail=0

if [ "${ORACLE_SELF:-0}" != 1 ] && [ ! -x "$bin" ]; then
	echo "it_oracle: $bin not built"
	echo "oracle: 0 passed, $n failed"
	exit 1
fi

first_line() { head -n 1 "$1" 2>/dev/null | cut -c1-200; }

for seed in $(seq 1 "$n"); do
	d=$work/$seed
	rm -rf "$d"
	if ! args=$("$py" "$oracle/gen.py" "$seed" "$d" 2>"$work/gen.err"); then
		echo "seed $seed: gen.py failed: $(first_line "$work/gen.err")"
		fail=$((fail + 1))
		continue
	fi
	echo "$args" >"$d/args"
	# --now goes before the command, --from/--to after it.
	now=''
	window=()
	# shellcheck disable=SC2086  # gen.py prints words without blanks
	set -- $args
	while [ $# -gt 0 ]; do
		case $1 in
		--now) now=$2; shift 2 ;;
		*) window+=("$1"); shift ;;
		esac
	done
	# With a prep command (`run`) each feed was last fetched at --now; without
	# one `report` reads the files, each last good at its modification time.
	last=now
	[ -n "$prep" ] || last=mtime
	# shellcheck disable=SC2086
	if ! "$py" "$oracle/refimpl.py" -c "$d/fitsmon.conf" --last-success "$last" $args \
		>"$d/ref.json" 2>"$d/ref.err"; then
		echo "seed $seed ($args): refimpl failed: $(first_line "$d/ref.err")"
		fail=$((fail + 1))
		continue
	fi
	if [ "${ORACLE_SELF:-0}" = 1 ]; then
		# shellcheck disable=SC2086
		"$py" "$oracle/refimpl.py" -c "$d/fitsmon.conf" --last-success "$last" $args \
			>"$d/fitsmon.json" 2>"$d/fitsmon.err"
	else
		if [ -n "$prep" ]; then
			# shellcheck disable=SC2086  # ORACLE_PREP may hold several words
			(cd "$d" && "$bin" -c "$d/fitsmon.conf" --now "$now" $prep \
				>"$d/prep.out" 2>"$d/prep.err")
			rc=$?
			# 65: a feed is unreadable (the health gate) -- the run still
			# stored what it could and the report says so: compare it
			if [ "$rc" -ne 0 ] && [ "$rc" -ne 65 ]; then
				echo "seed $seed ($args): fitsmon $prep failed (exit $rc): $(first_line "$d/prep.err")"
				fail=$((fail + 1))
				continue
			fi
		fi
		(cd "$d" && "$bin" -c "$d/fitsmon.conf" --now "$now" report "${window[@]}" \
			--format json >"$d/fitsmon.json" 2>"$d/fitsmon.err")
		rc=$?
		if [ "$rc" -ne 0 ] && [ "$rc" -ne 65 ]; then
			echo "seed $seed ($args): fitsmon report failed (exit $rc): $(first_line "$d/fitsmon.err")"
			fail=$((fail + 1))
			continue
		fi
	fi
	if "$py" "$oracle/compare.py" "$d/ref.json" "$d/fitsmon.json" >"$d/diff" 2>&1; then
		pass=$((pass + 1))
	else
		echo "seed $seed ($args): $(grep -c . "$d/diff") differences, first: $(first_line "$d/diff")"
		fail=$((fail + 1))
	fi
done

echo "oracle: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
