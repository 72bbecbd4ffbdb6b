#!/bin/bash
# make mutants: each tests/mutants/NAME.patch is a deliberately wrong
# version of the code, and the tests must notice.  A patch starts with
#
#   Mutant: one sentence saying what is wrong
#   Test: a shell command, run at the top of a copy of the tree, that
#         must fail with the mutant applied (continuation lines indented)
#
# then a blank line and `git diff` output (applied with patch -p1).
#
# The real tree is built once.  Each distinct Test command must pass on an
# unmutated copy first (else its mutants prove nothing).  Then each patch
# is applied to a fresh copy of the tree that keeps the built objects and
# their timestamps, so make rebuilds only what the patch touched; the copy
# must still build; and its Test command runs under a timeout.  A mutant
# whose Test fails is "killed"; one whose Test passes SURVIVED.  A patch
# that does not apply, a copy that does not build, or a Test command that
# fails on the real tree is a failure too, by name.
#
#   bash tests/mutants/run.sh [NAME...]     (default: every patch)
#
# MUTANTS_JOBS (default 2) mutants at a time; MUTANT_TIMEOUT (default 300)
# seconds for each Test command.  Logs go to build/mutants/NAME.log.
# Exits 1 when any mutant is not killed.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
jobs=${MUTANTS_JOBS:-2}
limit=${MUTANT_TIMEOUT:-300}
logs=$root/build/mutants
t0=$(date +%s)

# ---- the list ------------------------------------------------------------
patches=()
if [ $# -gt 0 ]; then
	for n in "$@"; do
		n=${n%.patch}
		n=${n##*/}
		[ -f "tests/mutants/$n.patch" ] || { echo "mutants: no tests/mutants/$n.patch" >&2; exit 2; }
		patches+=("tests/mutants/$n.patch")
	done
else
	for p in tests/mutants/*.patch; do
		[ -e "$p" ] && patches+=("$p")
	done
fi
if [ ${#patches[@]} = 0 ]; then
	echo "mutants: no patches in tests/mutants/" >&2
	exit 1
fi

# The header of a patch: its Mutant sentence and Test command.
field() {   # field FILE Mutant|Test
	awk -v key="$2:" '
		/^$/ || /^diff / { exit }
		index($0, key) == 1 { on = 1; out = substr($0, length(key) + 1); sub(/^[ \t]+/, "", out); next }
		/^[ \t]/ && on { sub(/^[ \t]+/, " "); out = out $0; next }
		{ on = 0 }
		END { print out }' "$1"
}

declare -A test_of mutant_of
bad_header=()
for p in "${patches[@]}"; do
	n=$(basename "$p" .patch)
	mutant_of[$n]=$(field "$p" Mutant)
	test_of[$n]=$(field "$p" Test)
	if [ -z "${mutant_of[$n]}" ] || [ -z "${test_of[$n]}" ]; then
		bad_header+=("$n")
	fi
done

# ---- build the real tree once, and a copy to start from --------------------
echo "mutants: building the tree"
bins=$(for t in tests/test_*.c; do t=${t#tests/}; printf 'build/tests/%s ' "${t%.c}"; done)
# shellcheck disable=SC2086
if ! make -s -j"$jobs" fitsmon $bins build/tests/mailsend >/dev/null; then
	echo "mutants: the unmutated tree does not build" >&2
	exit 1
fi
rm -rf "$logs"
mkdir -p "$logs"
work=$(mktemp -d)
cleanup() {
	for j in $(jobs -p); do kill "$j" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# Copies live in $work, so SRCDIR/../shared (the real data sets) must be
# there too.
[ -e "$root/../shared" ] && ln -s "$(cd "$root/.." && pwd)/shared" "$work/shared"
mkdir "$work/base"
# the sources as they are now (tracked, and new files not ignored), then
# the objects and programs with their timestamps
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
		tar -cf - --null -T - | tar -xpf - -C "$work/base"
else   # not a git checkout: everything but what builds put there
	tar -cf - --exclude=./build --exclude=./build-asan --exclude=./build-tsan \
		--exclude=./fitsmon --exclude='*.db' . | tar -xpf - -C "$work/base"
fi
tar -cf - build/monitor build/feeds build/tests build/libfitsmon.a fitsmon |
	tar -xpf - -C "$work/base"

# scratch NAME: a fresh copy of the base, printed
scratch() {
	local d="$work/$1"
	rm -rf "$d"
	cp -a "$work/base" "$d"
	echo "$d"
}

# ---- each Test command passes on the real tree -----------------------------
declare -A cmd_ok
distinct=()
for p in "${patches[@]}"; do
	n=$(basename "$p" .patch)
	c=${test_of[$n]}
	[ -n "$c" ] || continue
	[ -n "${cmd_ok[$c]+x}" ] && continue
	cmd_ok[$c]=pending
	distinct+=("$c")
done
echo "mutants: ${#patches[@]} patches, ${#distinct[@]} distinct Test commands; each must pass on the real tree first"

check_cmd() {   # check_cmd K COMMAND -> $work/ref-K.rc
	local d
	d=$(scratch "ref-$1")
	(cd "$d" && timeout -k 10 "$limit" bash -c "$2") >"$logs/ref-$1.log" 2>&1
	echo $? >"$work/ref-$1.rc"
	rm -rf "$d"
}

# run_jobs FUNCTION ARGS...: call FUNCTION K for K in ARGS, $jobs at a time
run_jobs() {
	local fn=$1 k
	shift
	for k in "$@"; do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		"$fn" "$k" &
	done
	wait
}

ref_one() { check_cmd "$1" "${distinct[$1]}"; }
t1=$(date +%s)
run_jobs ref_one "${!distinct[@]}"
echo "mutants: the Test commands on the real tree took $(( $(date +%s) - t1 )) s (tree built and copied in $(( t1 - t0 )) s)"
for k in "${!distinct[@]}"; do
	rc=$(cat "$work/ref-$k.rc")
	if [ "$rc" = 0 ]; then
		cmd_ok[${distinct[$k]}]=yes
	else
		cmd_ok[${distinct[$k]}]=no
		echo "FAILS ON THE REAL TREE (exit $rc, log build/mutants/ref-$k.log): ${distinct[$k]}"
	fi
done

# ---- the mutants -----------------------------------------------------------
mutate() {   # mutate NAME -> $work/NAME.result
	local n=$1 p="$root/tests/mutants/$1.patch" d s rc
	s=$(date +%s)
	d=$(scratch "m-$n")
	{
		echo "== $n: ${mutant_of[$n]}"
		echo "== Test: ${test_of[$n]}"
	} >"$logs/$n.log"
	if ! (cd "$d" && patch -p1 --batch --forward --no-backup-if-mismatch <"$p") \
		>>"$logs/$n.log" 2>&1; then
		echo "DOES NOT APPLY" >"$work/$n.result"
	elif ! (cd "$d" && make -s build/libfitsmon.a fitsmon) >>"$logs/$n.log" 2>&1; then
		echo "DOES NOT BUILD" >"$work/$n.result"
	else
		(cd "$d" && timeout -k 10 "$limit" bash -c "${test_of[$n]}") >>"$logs/$n.log" 2>&1
		rc=$?
		if [ "$rc" = 0 ]; then
			echo "SURVIVED" >"$work/$n.result"
		elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			echo "killed (timed out)" >"$work/$n.result"
		else
			echo "killed" >"$work/$n.result"
		fi
	fi
	echo "$(( $(date +%s) - s ))" >"$work/$n.secs"
	rm -rf "$d"
	printf '%-20s %-40s %3ss\n' "$(cat "$work/$n.result")" "$n" "$(cat "$work/$n.secs")"
}

torun=()
for p in "${patches[@]}"; do
	n=$(basename "$p" .patch)
	c=${test_of[$n]}
	if [ -z "$c" ] || [ -z "${mutant_of[$n]}" ]; then
		echo "NO Mutant:/Test: HEADER" >"$work/$n.result"
	elif [ "${cmd_ok[$c]}" != yes ]; then
		echo "TEST FAILS UNMUTATED" >"$work/$n.result"
	else
		torun+=("$n")
	fi
done
t2=$(date +%s)
run_jobs mutate "${torun[@]}"
echo "mutants: ${#torun[@]} mutants run in $(( $(date +%s) - t2 )) s"

passed=0 failed=0
for p in "${patches[@]}"; do
	n=$(basename "$p" .patch)
	r=$(cat "$work/$n.result" 2>/dev/null || echo "NOT RUN")
	case $r in
	killed*) passed=$((passed + 1)) ;;
	*)
		failed=$((failed + 1))
		echo "FAILED: $n: $r -- ${mutant_of[$n]} (log: build/mutants/$n.log)"
		;;
	esac
done
echo "mutants: $passed passed, $failed failed ($(( $(date +%s) - t0 )) s)"
[ "$failed" = 0 ]
