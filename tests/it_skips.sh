#!/bin/bash
# Tests that need the large real data sets are skipped by name, and only
# when their folder is absent (a fresh clone), never when a file in it is
# missing:
#   test_realdata built for an absent FITSMON_TESTDATA (in a copy of the
#   tree: the tree's own binary is left alone) exits 0, says it was skipped
#   and appends "test_realdata<tab>no real data at FOLDER" to FITSMON_SKIPS;
#   for an empty folder it fails and appends nothing.  The same for
#   it_ticket_last.sh through itlib's need_testdata.  tests/skips.sh
#   summary prints one line per reason with the tests by name, and strict
#   fails when a folder named exists (what .ci/run checks after make check).
. "$(dirname "$0")/itlib.sh" skips

absent=$tmp/no-data
mkdir "$tmp/src" "$tmp/empty-data"
cp -a Makefile include monitor feeds tests "$tmp/src/" && mkdir -p "$tmp/src/build" &&
	cp -a build/monitor build/feeds build/libfitsmon.a "$tmp/src/build/" ||
	{ bad "cannot copy the tree"; finish; }
rm -rf "$tmp/src/build/tests"
if ! make -s -C "$tmp/src" FITSMON_TESTDATA="$absent" build/tests/test_realdata >"$tmp/make.log" 2>&1; then
	bad "cannot build test_realdata for an absent folder: $(tail -3 "$tmp/make.log")"
	finish
fi
bin=$tmp/src/build/tests/test_realdata

# absent: skipped, by name, exit 0
FITSMON_SKIPS=$tmp/skips "$bin" >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "test_realdata, no data folder: exit $rc, expected 0: $(head -3 "$tmp/out")"
grep -qx "test_realdata: skipped (no real data at $absent)" "$tmp/out" && ok ||
	bad "test_realdata, no data folder: does not say it was skipped: $(head -3 "$tmp/out")"
grep -q "Running suite" "$tmp/out" && bad "test_realdata, no data folder: the suite ran" || ok
[ "$(cat "$tmp/skips" 2>/dev/null)" = "$(printf 'test_realdata\tno real data at %s' "$absent")" ] && ok ||
	bad "test_realdata, no data folder: FITSMON_SKIPS holds '$(cat "$tmp/skips" 2>/dev/null)'"
# without FITSMON_SKIPS (run by hand): skipped all the same
env -u FITSMON_SKIPS "$bin" >/dev/null 2>&1 && ok || bad "test_realdata, no data folder, no FITSMON_SKIPS: failed"

# the folder exists but lacks the files: the tests run and fail
mv "$tmp/skips" "$tmp/skips.1"
mkdir "$absent"
FITSMON_SKIPS=$tmp/skips CK_FORK=yes timeout 120 "$bin" >"$tmp/out" 2>&1
rc=$?
[ "$rc" != 0 ] && ok || bad "test_realdata, empty data folder: passed (its tests did not run)"
grep -q "skipped" "$tmp/out" && bad "test_realdata, empty data folder: says skipped: $(head -2 "$tmp/out")" || ok
[ ! -e "$tmp/skips" ] && ok || bad "test_realdata, empty data folder: recorded a skip"
rmdir "$absent"

# a script through need_testdata: the same
FITSMON_TESTDATA=$absent FITSMON_SKIPS=$tmp/skips.1 bash tests/it_ticket_last.sh >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "it_ticket_last, no data folder: exit $rc, expected 0: $(head -3 "$tmp/out")"
grep -q "skipped (no real data at $absent)" "$tmp/out" && ok ||
	bad "it_ticket_last, no data folder: does not say it was skipped: $(head -3 "$tmp/out")"
FITSMON_TESTDATA=$tmp/empty-data FITSMON_SKIPS=$tmp/skips bash tests/it_ticket_last.sh >"$tmp/out" 2>&1
rc=$?
[ "$rc" != 0 ] && ok || bad "it_ticket_last, empty data folder: passed"
[ ! -e "$tmp/skips" ] && ok || bad "it_ticket_last, empty data folder: recorded a skip"

# the summary: one line per reason, each test once, in order
out=$(bash tests/skips.sh summary "$tmp/skips.1")
[ "$out" = "skipped (no real data at $absent): test_realdata, it_ticket_last" ] && ok ||
	bad "skips.sh summary: '$out'"
out=$(bash tests/skips.sh summary "$tmp/none-such" 2>&1)
[ -z "$out" ] && ok || bad "skips.sh summary, nothing skipped: '$out'"
bash tests/skips.sh strict "$tmp/skips.1" "$absent" >/dev/null 2>&1 && ok ||
	bad "skips.sh strict: failed although the data folder is absent"
bash tests/skips.sh strict "$tmp/skips.1" "$absent" "$tmp/empty-data" >"$tmp/out" 2>&1 &&
	bad "skips.sh strict: passed although $tmp/empty-data exists" || ok
grep -q "skipped although $tmp/empty-data exists" "$tmp/out" && ok ||
	bad "skips.sh strict: does not say why: $(cat "$tmp/out")"
bash tests/skips.sh strict "$tmp/none-such" "$tmp/empty-data" >/dev/null 2>&1 && ok ||
	bad "skips.sh strict: failed with nothing skipped"
finish
