#!/bin/bash
# make layers (tests/layers.sh): the tree passes, and a copy of it with
# one include running upward fails, naming the file, the header and the
# layers; so does one with two modules including each other.  The copies hold only what the check reads: the Makefile,
# monitor/, feeds/, include/ and tests/layers.sh.
. "$(dirname "$0")/itlib.sh" it_layers

if out=$(make -s --no-print-directory layers 2>&1); then ok; else bad "make layers on the tree: $out"; fi

copy() {   # a fresh copy in $tmp/$1
	mkdir -p "$tmp/$1/tests"
	cp -r Makefile monitor feeds include "$tmp/$1/"
	cp tests/layers.sh "$tmp/$1/tests/"
}
# generic code including domain code
copy up
sed -i '0,/^#include "util.h"/s//#include "util.h"\n#include "store.h"/' "$tmp/up/monitor/lib/util.c"
if out=$(make -s --no-print-directory -C "$tmp/up" layers 2>&1); then
	bad "make layers passed with monitor/lib/util.c including store.h"
else
	case $out in
	*"monitor/lib/util.c: store.h (domain) is above lib"*) ok ;;
	*) bad "make layers did not name the upward include: $out" ;;
	esac
fi
# a header including one above it
copy hdr
sed -i '0,/^#include <stdint.h>/s//#include <stdint.h>\n#include "report.h"/' "$tmp/hdr/include/civil.h"
if out=$(make -s --no-print-directory -C "$tmp/hdr" layers 2>&1); then
	bad "make layers passed with include/civil.h including report.h"
else
	case $out in
	*"include/civil.h: report.h (report) is above lib"*) ok ;;
	*) bad "make layers did not name the upward include: $out" ;;
	esac
fi
# a circle inside one layer: timeline.c back up to dataset.h
copy circle
sed -i '0,/^#include "civil.h"/s//#include "civil.h"\n#include "dataset.h"/' "$tmp/circle/monitor/timeline.c"
if out=$(make -s --no-print-directory -C "$tmp/circle" layers 2>&1); then
	bad "make layers passed with timeline.c and dataset.c including each other"
else
	case $out in
	*"a circle of includes:"*dataset*) ok ;;
	*) bad "make layers did not name the circle: $out" ;;
	esac
fi
# a new source in no layer
copy stray
mkdir -p "$tmp/stray/monitor/extra" && echo 'int stray_x;' >"$tmp/stray/monitor/extra/stray.c"
if out=$(make -s --no-print-directory -C "$tmp/stray" layers 2>&1); then
	bad "make layers passed with a source in no layer"
else ok; fi
finish
