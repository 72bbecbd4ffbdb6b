#!/usr/bin/env bash
# make layers: no #include runs upward.
#
#   bash tests/layers.sh 'LAYER:PATH[,PATH...] ...'
#
# The argument is the Makefile's LAYERS, lowest first: each layer names the
# folders (their own *.c, not their subfolders) or single .c files it holds.
# A header include/X.h belongs to the layer of the source that defines it
# (X.c, or X_*.c for a header several files share).  Every #include "X.h"
# in a source, and in a header, must name a header of its own layer or of
# one below.  Prints each upward include as "file: X.h (layer) is above
# LAYER" and exits 1 when there is any; a header with no source, or a
# source in no layer, is an error too (the table must name every file).
# Inside a layer no circle either: the modules (a source with its header)
# and their includes, sorted with tsort(1), hold no loop.
set -u
# names by parameter expansion, not basename: the loops below pair every
# header with every source, and a fork each made the check take a minute
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
[ $# -eq 1 ] || { echo "usage: layers.sh 'LAYER:PATH[,PATH] ...'" >&2; exit 2; }

declare -A rank=() where=() hlayer=()
names=()
i=0
for spec in $1; do
	name=${spec%%:*}
	names[i]=$name
	rank[$name]=$i
	IFS=, read -r -a paths <<<"${spec#*:}"
	for p in "${paths[@]}"; do
		if [ -d "$p" ]; then
			for f in "$p"/*.c; do
				[ -e "$f" ] && where[$f]=$name
			done
		elif [ -f "$p" ]; then
			where[$p]=$name
		else
			echo "layers: $p -- no such file or folder" >&2; exit 2
		fi
	done
	i=$((i + 1))
done

bad=0
# Single files named later override their folder (main.c over monitor/).
for spec in $1; do
	name=${spec%%:*}
	IFS=, read -r -a paths <<<"${spec#*:}"
	for p in "${paths[@]}"; do [ -f "$p" ] && where[$p]=$name; done
done

srcs=$(find monitor feeds -name '*.c' | sort)
for f in $srcs; do
	[ -n "${where[$f]:-}" ] || { echo "layers: $f is in no layer" >&2; bad=1; }
done

for h in include/*.h; do
	b=${h##*/}; b=${b%.h}
	for f in $srcs; do
		s=${f##*/}; s=${s%.c}
		if [ "$s" = "$b" ] || [ "${s#"${b}_"}" != "$s" ]; then
			[ -n "${hlayer[$b]:-}" ] && [ "${hlayer[$b]}" != "${where[$f]}" ] && {
				echo "layers: $h is defined in two layers" >&2; bad=1; }
			hlayer[$b]=${where[$f]}
		fi
	done
	[ -n "${hlayer[$b]:-}" ] || { echo "layers: $h has no source" >&2; bad=1; }
done

check() {   # file, its layer
	local inc
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$1"); do
		local l=${hlayer[$inc]:-}
		[ -n "$l" ] || { echo "$1: includes $inc.h, a header in no layer"; bad=1; continue; }
		if [ "${rank[$l]}" -gt "${rank[$2]}" ]; then
			echo "$1: $inc.h ($l) is above $2"
			bad=1
		fi
	done
}
for f in $srcs; do [ -n "${where[$f]:-}" ] && check "$f" "${where[$f]}"; done
for h in include/*.h; do
	b=${h##*/}; b=${b%.h}
	[ -n "${hlayer[$b]:-}" ] && check "$h" "${hlayer[$b]}"
done

# no circle: module -> the module of each header it includes
edges=$(for f in $srcs include/*.h; do
	b=${f##*/}; b=${b%.*}
	case $f in include/*) m=$b ;; *) m=$b
		for h in include/*.h; do
			hb=${h##*/}; hb=${hb%.h}
			[ "${b#"${hb}_"}" != "$b" ] && m=$hb
		done ;;
	esac
	for inc in $(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f"); do
		[ "$inc" != "$m" ] && echo "$m $inc"
	done
done | sort -u)
if ! loop=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null) || [ -n "$loop" ]; then
	echo "$loop" | sed -n 's/^tsort: -: input contains a loop:$/a circle of includes:/p; s/^tsort: \([a-z_0-9]*\)$/  \1/p'
	bad=1
fi

if [ $bad -ne 0 ]; then
	echo "layers: an include runs upward, or includes go round in a circle (order, lowest first: ${names[*]})" >&2
	exit 1
fi
echo "layers: ok (${names[*]})"
