#!/bin/bash
# Fuzzing, briefly: every libFuzzer target in tests/fuzz/ (one per parser:
# CSV ingest of each feed kind, the config, ICS and GOV.UK holidays, times
# and durations) runs for FUZZ_SMOKE_SECONDS (default 10) from its seed
# corpora, and any crash, leak, sanitizer report or timeout fails the
# test.  `make fuzz` is the long run.  Builds the targets with clang
# (`make fuzz-build`, which installs clang when run as root).
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SMOKE_SECONDS:-10}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
targets=()
for f in tests/fuzz/fuzz_*.c; do
	t=${f##*/}
	targets+=("${t%.c}")
done

if ! make -s -j"$(nproc)" fuzz-build >"$log" 2>&1; then
	echo "FAIL: cannot build the fuzz targets (make fuzz-build):"
	tail -15 "$log"
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
bash tests/fuzz/run.sh "$secs" "${targets[@]}" | tee "$log"
rc=${PIPESTATUS[0]}
failed=$(grep -cE '^fuzz_[a-z_]+ .*  [1-9][0-9]* crash|not built|unknown target' "$log")
if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
	failed=1
fi
echo "fuzz: $((${#targets[@]} - failed)) passed, $failed failed"
[ "$rc" = 0 ]
