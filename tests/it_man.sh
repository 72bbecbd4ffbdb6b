#!/bin/bash
# The man pages: monitor/fitsmon.1 and monitor/fitsmon.conf.5 render without
# a single warning, have their sections, and document everything the code
# accepts.  Names are taken from the code itself, so adding a config key,
# a column field, a command, a query, a global option or a finding kind
# without documenting it fails here:
#   - config keys: the schema tables of monitor/config/config.c (conf_schema and
#     catalog_schema), each key under its section's .SS in fitsmon.conf.5;
#   - column fields: the table in monitor/lib/fields.c, as column.NAME in [feed];
#   - finding kinds: monitor/finding.c, under FINDINGS in fitsmon.conf.5;
#   - commands: the command table of monitor/main.c, each a .SS under
#     COMMANDS in fitsmon.1; query kinds (monitor/query.c) under query;
#   - global options: those monitor/main.c parses, under OPTIONS.
# A name counts as documented when it starts the tag line of a .TP (for
# commands: the title of a .SS).
set -u
cd "$(dirname "$0")/.."
MAN1=monitor/fitsmon.1
MAN5=monitor/fitsmon.conf.5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# man-db (and groff with it) when missing: install as root, else say how.
if ! man --version >/dev/null 2>&1; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing man-db"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq man-db >/dev/null
	fi
	if ! man --version >/dev/null 2>&1; then
		echo "FAIL: man is not installed; run as root: apt-get install man-db"
		echo "man: 0 passed, 1 failed"
		exit 1
	fi
fi

# ---- rendering -------------------------------------------------------------

for page in $MAN1 $MAN5; do
	if [ ! -s "$page" ]; then
		bad "$page is missing"
		continue
	fi
	MANWIDTH=80 man --warnings -E UTF-8 -l "$page" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != 0 ] || [ -s "$tmp/err" ]; then
		bad "man --warnings -l $page (exit $rc): $(head -c 600 "$tmp/err")"
	else
		ok
	fi
	if [ "$(grep -c . "$tmp/out")" -lt 20 ]; then
		bad "$page renders to almost nothing"
	else
		ok
	fi
	if command -v groff >/dev/null; then
		groff -man -ww -z "$page" 2>"$tmp/err"
		if [ -s "$tmp/err" ]; then
			bad "groff -man -ww -z $page: $(head -c 600 "$tmp/err")"
		else
			ok
		fi
	fi
done

# ---- sections ---------------------------------------------------------------

# has_section PAGE TITLE: a .SH with exactly this title
has_section() {
	awk -v want="$2" '
		/^\.SH / { t = substr($0, 5); gsub(/"/, "", t); gsub(/\\-/, "-", t)
			   if (t == want) found = 1 }
		END { exit !found }' "$1"
}
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "THE STORE" "EXIT STATUS" \
	 ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
	has_section $MAN1 "$s" && ok || bad "$MAN1 has no section $s"
done
for s in NAME SYNOPSIS DESCRIPTION SYNTAX SECTIONS "HOW FITSMON JUDGES" FINDINGS \
	 "THE CATALOG" EXAMPLE FILES "SEE ALSO"; do
	has_section $MAN5 "$s" && ok || bad "$MAN5 has no section $s"
done

# ---- what the pages document --------------------------------------------------

# tags PAGE SH [SS-PREFIX]: the first word of each .TP tag line inside the
# .SH section SH (and inside its .SS whose title starts with SS-PREFIX),
# with \- read as -, one per line.
tags() {
	awk -v sh="$2" -v ss="${3-}" '
		function title(s) { s = substr(s, 5); gsub(/"/, "", s); gsub(/\\-/, "-", s)
				    gsub(/\\\(dq/, "\"", s); return s }
		/^\.SH / { insh = (title($0) == sh); inss = (ss == ""); next }
		/^\.SS / { if (insh && ss != "") inss = (index(title($0), ss) == 1); next }
		!insh || !inss { prev = $0; next }
		prev ~ /^\.TP/ {
			l = $0; gsub(/\\-/, "-", l)
			sub(/^\.[A-Z]+[ \t]+/, "", l); sub(/^"/, "", l)
			if (match(l, /^[A-Za-z0-9_.-]+/)) print substr(l, 1, RLENGTH)
		}
		{ prev = $0 }' "$1"
}

# The keys of a schema array in config.c: ARRAY -> one key per line.
array_keys() {
	awk -v start="static const char *const $1[] = {" '
		index($0, start) { on = 1 }
		on { print }
		on && /NULL };/ { exit }' monitor/config/config.c |
		grep -o '"[^"]*"' | tr -d '"'
}

# The entries of a schema table: "section array columns" per line.
schema() {
	sed -n "/static const struct schema $1\[\] = {/,/^};/p" monitor/config/config.c |
		sed -n 's/^[[:space:]]*{ "\([a-z_-]*\)", [01], \([a-z_]*\), \([01]\) },.*/\1 \2 \3/p'
}

# expect_tags WHAT LIST-FILE TAG-FILE: every name in LIST is a tag.
expect_tags() {
	local what=$1 list=$2 have=$3 name
	if [ ! -s "$list" ]; then
		bad "$what: found no names in the code (has the code moved?)"
		return
	fi
	while read -r name; do
		if grep -qxF -- "$name" "$have"; then
			ok
		else
			bad "$what: '$name' is not documented"
		fi
	done <"$list"
}

schema conf_schema >"$tmp/conf"
[ "$(wc -l <"$tmp/conf")" -ge 8 ] && ok || bad "conf_schema: expected 8 sections or more"
while read -r section array columns; do
	array_keys "$array" >"$tmp/keys"
	tags $MAN5 SECTIONS "[$section" >"$tmp/tags"
	expect_tags "$MAN5 [$section]" "$tmp/keys" "$tmp/tags"
	if [ "$columns" = 1 ]; then
		sed -n 's/^[[:space:]]*\[FIELD_[A-Z_]*\] = { "\([a-z_]*\)".*/column.\1/p' \
			monitor/lib/fields.c >"$tmp/fields"
		expect_tags "$MAN5 [$section] column fields" "$tmp/fields" "$tmp/tags"
	fi
done <"$tmp/conf"

schema catalog_schema >"$tmp/cat"
[ -s "$tmp/cat" ] && ok || bad "catalog_schema: no sections found"
while read -r section array columns; do
	array_keys "$array" >"$tmp/keys"
	tags $MAN5 "THE CATALOG" "[$section" >"$tmp/tags"
	expect_tags "$MAN5 catalog [$section]" "$tmp/keys" "$tmp/tags"
done <"$tmp/cat"

sed -n '/kind_names\[FK_COUNT\] = {/,/};/p' monitor/finding.c | grep -o '"[^"]*"' |
	tr -d '"' >"$tmp/kinds"
tags $MAN5 FINDINGS >"$tmp/tags"
expect_tags "$MAN5 finding kinds" "$tmp/kinds" "$tmp/tags"

# commands: the title of a .SS under COMMANDS starts with the command
sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", cmd_[a-z_]*,.*/\1/p' monitor/main.c >"$tmp/cmds"
awk '/^\.SH / { in_c = ($0 ~ /^\.SH "?COMMANDS"?$/); next }
     in_c && /^\.SS / { t = substr($0, 5); sub(/^"/, "", t); gsub(/\\-/, "-", t)
		     split(t, w, /[ "]/); print w[1] }' \
	$MAN1 >"$tmp/tags"
expect_tags "$MAN1 commands" "$tmp/cmds" "$tmp/tags"

sed -n '/static const char \*const names\[\] = {/,/};/p' monitor/query.c | grep -o '"[^"]*"' |
	tr -d '"' >"$tmp/queries"
tags $MAN1 COMMANDS "query" >"$tmp/tags"
expect_tags "$MAN1 query kinds" "$tmp/queries" "$tmp/tags"

# global options: every -x / --xxx that main() compares or reads a value of
grep -oE 'strcmp\(argv\[i\], "-[^"]*"\)|optval\(argc, argv, &i, "-[^"]*"' monitor/main.c |
	grep -oE '"-[^"]*"' | tr -d '"' | sort -u >"$tmp/opts"
awk '/^\.SH / { in_o = ($0 ~ /^\.SH "?OPTIONS"?$/); next }
     in_o && prev ~ /^\.TP/ { l = $0; gsub(/\\-/, "-", l); gsub(/\\f[BIRP]/, " ", l)
			      gsub(/["|,]/, " ", l); n = split(l, w, /[ \t]+/)
			      for (i = 1; i <= n; i++) if (w[i] ~ /^-/) print w[i] }
     { prev = $0 }' $MAN1 >"$tmp/tags"
expect_tags "$MAN1 global options" "$tmp/opts" "$tmp/tags"

echo "man: $pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
