#!/bin/bash
# make check on a fresh clone: the committed HEAD is cloned into an empty
# temporary folder, so there is no ../shared beside it (and FITSMON_TESTDATA
# is unset), and `make check` runs there.  It must pass, with the tests
# that need the large real data sets skipped by name; this script prints
# make check's output and then the skips.  Arguments are passed to make
# (e.g. tests/fresh-clone.sh -j2).  Uncommitted changes are not tested.
# .ci/run runs it after make check; make check itself does not (it would
# call itself).  Takes as long as make check.
set -u
cd "$(dirname "$0")/.." || exit 1
root=$PWD
head=$(git rev-parse HEAD) || { echo "fresh-clone: not a git checkout" >&2; exit 1; }
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	echo "fresh-clone: note: uncommitted changes are not in the clone (testing $head)"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if ! git clone -q --no-hardlinks "$root" "$dir/fitsmon" ||
	! git -C "$dir/fitsmon" checkout -q --detach "$head"; then
	echo "fresh-clone: FAILED: cannot clone $root at $head"
	exit 1
fi
if [ -e "$dir/shared" ]; then
	echo "fresh-clone: FAILED: $dir/shared exists"
	exit 1
fi
echo "fresh-clone: make check in $dir/fitsmon (a clone of $head, no ../shared)"
(cd "$dir/fitsmon" && env -u FITSMON_TESTDATA -u FITSMON_SKIPS -u FITSMON -u MAKEFLAGS \
	make "$@" check) 2>&1 | tee "$dir/check.log"
rc=${PIPESTATUS[0]}
skips=$(grep '^skipped (no real data at ' "$dir/check.log")
if [ "$rc" != 0 ]; then
	echo "fresh-clone: FAILED: make check exited $rc on a fresh clone"
	exit 1
fi
# Without ../shared the real-data tests must say they were skipped: a
# clean pass with nothing skipped means they ran on data they cannot have.
for t in test_realdata it_ticket_last; do
	if ! grep -q "[:,] $t\(,\|$\)" <<<"$skips"; then
		echo "fresh-clone: FAILED: $t is not in the list of skipped tests"
		exit 1
	fi
done
echo "fresh-clone: make check passed on a fresh clone; the skipped tests:"
echo "$skips"
exit 0
