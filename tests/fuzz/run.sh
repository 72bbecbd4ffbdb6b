#!/bin/bash
# Run libFuzzer targets for a bounded time each and say what they did:
#
#   bash tests/fuzz/run.sh SECONDS TARGET...
#
# Targets are build/fuzz/bin/TARGET (`make fuzz-build`).  Each runs with a
# new empty folder as its first corpus (libFuzzer writes what it finds only
# there) followed by its seed folders, read in place: tests/data,
# feeds/samples, rules and ../shared/data, never copied.  Prints, per
# target, the executions (libFuzzer's stat::number_of_executed_units) and
# the crashes; exits 1 when any target crashed, leaked, timed out or did
# not run.  Crash inputs are kept in build/fuzz/artifacts/ (reproduce one
# with `build/fuzz/bin/TARGET FILE`), logs in build/fuzz/logs/.
#
#   FUZZ_JOBS=N     targets run N at a time (default: the number of CPUs)
#   FUZZ_KEEP=DIR   keep each target's new inputs in DIR/TARGET instead of
#                   a temporary folder (to grow a corpus over several runs)
set -u
cd "$(dirname "$0")/../.."
root=$PWD
shared=${FITSMON_TESTDATA:-$root/../shared/data}
secs=${1:?usage: run.sh SECONDS TARGET...}
shift
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=$root/build/fuzz
mkdir -p "$out/logs" "$out/artifacts"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# seeds TARGET: its seed folders (those that exist), then its max_len.
# The folders left out (e.g. ../shared/data on a fresh clone) are listed
# in $tmp/TARGET.missing and named in the target's summary.
seeds() {
	local d=() len
	case $1 in
	fuzz_csv_*)
		d=(tests/fuzz/corpus/csv tests/data/dialect tests/data/scenarios feeds/samples
		   "$shared/service_requests_311" "$shared/bpic14_rabobank_excerpt"
		   "$shared/bpic13_vinst_problems" "$shared/helpdesk_italian_4tu"
		   "$shared/timesheet_toggl_team_2018")
		len=4096 ;;
	fuzz_config)
		d=(tests/fuzz/corpus/config rules feeds/examples tests/data/dialect
		   tests/data/scenarios tests/data/cal)
		len=65536 ;;
	fuzz_ics)
		d=(tests/fuzz/corpus/ics tests/data/uk_calendar tests/data/cal)
		len=16384 ;;
	fuzz_govuk)
		d=(tests/fuzz/corpus/govuk tests/data/uk_calendar feeds/samples)
		len=16384 ;;
	fuzz_timefmt)
		d=(tests/fuzz/corpus/timefmt)
		len=256 ;;
	fuzz_preset)
		d=(rules/presets)
		len=8192 ;;
	fuzz_sniff)
		d=(tests/fuzz/corpus/csv tests/data/dialect feeds/samples tests/data/presets
		   "$shared/service_requests_311" "$shared/timesheet_toggl_team_2018")
		len=8192 ;;
	fuzz_datacheck)
		d=(tests/fuzz/corpus/csv feeds/samples tests/data/dialect)
		len=4096 ;;
	*)
		return 1 ;;
	esac
	local x
	for x in "${d[@]}"; do
		if [ -d "$x" ]; then
			printf '%s\n' "$x"
		else
			printf '%s\n' "${x#"$root"/}" >>"$tmp/$1.missing"
		fi
	done
	echo "-max_len=$len"
}

# one TARGET: run it; its summary line goes to $tmp/TARGET.sum.
one() {
	local t=$1 bin=$root/build/fuzz/bin/$1 log=$out/logs/$1.log
	local corpus=$tmp/corpus-$1
	if [ -n "${FUZZ_KEEP:-}" ]; then
		corpus=$FUZZ_KEEP/$1
	fi
	mkdir -p "$corpus"
	local args
	if ! args=$(seeds "$t"); then
		echo "$t: unknown target" >"$tmp/$t.sum"
		return
	fi
	if [ ! -x "$bin" ]; then
		echo "$t: not built (make fuzz-build)" >"$tmp/$t.sum"
		return
	fi
	rm -f "$out/artifacts/$t-"*
	local rc=0
	# shellcheck disable=SC2046 # one seed folder or flag per line
	(IFS=$'\n'; exec "$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 \
		-print_final_stats=1 -artifact_prefix="$out/artifacts/$t-" \
		"$corpus" $args) </dev/null >"$log" 2>&1 || rc=$?
	local execs crashes
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	crashes=$(find "$out/artifacts" -name "$t-*" -type f | wc -l)
	if [ "$rc" != 0 ] && [ "$crashes" = 0 ]; then
		crashes=1   # died without an artifact (e.g. a harness abort)
	fi
	printf '%-20s %12s executions  %d crash%s  (corpus %d inputs)\n' "$t" "${execs:-?}" \
		"$crashes" "$([ "$crashes" = 1 ] || echo es)" \
		"$(find "$corpus" -type f | wc -l)" >"$tmp/$t.sum"
	if [ -s "$tmp/$t.missing" ]; then
		printf '%-20s seed folders left out (not there): %s\n' "$t" \
			"$(tr '\n' ' ' <"$tmp/$t.missing" | sed 's/ $//')" >>"$tmp/$t.sum"
	fi
	if [ "$crashes" != 0 ] || [ -z "$execs" ]; then
		{
			echo "--- $log (tail)"
			grep -E 'ERROR|SUMMARY|runtime error|Test unit written|fuzz harness' "$log" | head -20
			ls "$out/artifacts/$t-"* 2>/dev/null
		} >>"$tmp/$t.sum"
		echo fail >"$tmp/$t.fail"
	fi
}

running=0
for t in "$@"; do
	one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

fail=0
for t in "$@"; do
	cat "$tmp/$t.sum"
	[ -e "$tmp/$t.fail" ] && fail=1
	[ -e "$tmp/$t.sum" ] || fail=1
done
exit $fail
