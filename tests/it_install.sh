#!/bin/bash
# make install and make uninstall, always into temporary folders:
#   1. DESTDIR=$tmp/d1 PREFIX=/usr/local (the default layout): the files
#      land where they should with the right modes, nothing lands outside
#      $tmp, the units and cron example have their paths filled in, both man
#      pages render without a warning, the installed binary runs and the
#      installed examples validate (the sample school and the four
#      scenarios with their sample feeds in examples/samples/, the real-data
#      feed examples in examples/feeds/); every rules/presets/*.conf lands in
#      share/fitsmon/presets/; /etc/fitsmon/fitsmon.conf is the template,
#      which refuses to run (exit 78, "fill in this file (or run fitsmon
#      init)"); a second install keeps the user's config; uninstall leaves
#      only the config and the state folder.
#   2. DESTDIR=$tmp/d2 PREFIX=/usr sysconfdir=/etc localstatedir=/var (what a
#      Debian package would do): the binary is rebuilt for /usr/share, the
#      units go to /usr/lib/systemd/system.
#   3. PREFIX=$tmp/real with no DESTDIR: the installed template refuses to
#      run; filled in (the installed sample school with its [catalog] line
#      removed), the installed binary finds the installed catalog through
#      the compiled-in path with FITSMON_CATALOG unset, and runs the nightly
#      job the way fitsmon.service would.
#   4. The catalog when a config names none: the binary in the source tree
#      uses the tree's rules/fitsom/catalog.conf; a binary with neither that
#      beside it nor the installed catalog says "no catalog at PATH: set
#      [catalog] path", blaming no line of the config.
# The installs run in a copy of the tree (sources, build/ and ./fitsmon with
# their times kept), so rebuilding for another datadir never changes the
# ./fitsmon the other tests use.
set -u
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
	# a script that checked nothing proves nothing: it fails
	[ "$pass" = 0 ] && [ "$fail" = 0 ] && bad "no check ran"
	echo "install: $pass passed, $fail failed"
	[ "$fail" = 0 ] || exit 1
	exit 0
}

unset FITSMON_CATALOG STATE_DIRECTORY CACHE_DIRECTORY
export TZ=UTC
# Compilers and sed -i keep their temporary files in TMPDIR: keep it inside.
mkdir -p "$tmp/t"
export TMPDIR=$tmp/t

make -s fitsmon >/dev/null || { bad "make fitsmon"; finish; }
mkdir "$tmp/src"
cp -a Makefile monitor feeds include rules systemd build fitsmon "$tmp/src/" ||
	{ bad "cannot copy the tree"; finish; }
# a preset of the copy's own, so the presets are checked whatever the tree has
mkdir -p "$tmp/src/rules/presets"
printf '; a preset for it_install.sh\n' >"$tmp/src/rules/presets/it-install-check.conf"

# Watch what the installs write: with strace (when it works here), every
# successful call that creates, changes or removes a file by an absolute
# path; always, files that appear in the places an install would use.
touch "$tmp/stamp"
sleep 1
if strace -f -qq -o /dev/null true 2>/dev/null; then
	mkdir "$tmp/trace"
	TRACE=(strace -f -ff -qq -o "$tmp/trace/t" -e trace=%file)
else
	echo "note: strace is missing or not permitted; checking with find -newer only"
	TRACE=()
fi

# inst LOG MAKE-ARGS...: make install or uninstall in the copy, traced.
inst() {
	local log=$1
	shift
	"${TRACE[@]}" make -C "$tmp/src" --no-print-directory "$@" >"$tmp/$log" 2>&1
}

expect_file() { # PATH MODE
	if [ ! -e "$1" ]; then
		bad "not installed: ${1#"$tmp"/}"
	elif [ "$(stat -c %a "$1")" != "$2" ]; then
		bad "${1#"$tmp"/}: mode $(stat -c %a "$1"), expected $2"
	else
		ok
	fi
}

# compiled_catalog BIN: the catalog path compiled into BIN.
compiled_catalog() {
	tr '\0' '\n' <"$1" | grep -m1 '/fitsmon/fitsom/catalog\.conf$'
}

# man_clean PAGE: renders with man --warnings, without a word on stderr.
man_clean() {
	if ! MANWIDTH=80 man --warnings -E UTF-8 -l "$1" >"$tmp/man.out" 2>"$tmp/man.err" ||
		[ -s "$tmp/man.err" ]; then
		bad "man --warnings -l ${1#"$tmp"/}: $(head -c 400 "$tmp/man.err")"
	elif [ "$(grep -c . "$tmp/man.out")" -lt 20 ]; then
		bad "${1#"$tmp"/} renders to almost nothing"
	else
		ok
	fi
}

# ---- 1. DESTDIR, PREFIX=/usr/local ----------------------------------------

D=$tmp/d1
P=$D/usr/local
if inst install1.log install DESTDIR="$D" PREFIX=/usr/local; then ok; else
	bad "make install DESTDIR=\$tmp/d1 PREFIX=/usr/local: $(tail -5 "$tmp/install1.log")"
fi

echo "installed files (make install DESTDIR=\$tmp/d1 PREFIX=/usr/local):"
(cd "$D" && find . ! -type d -printf '  %m %p\n' | sed 's| \./| /|' | sort -k2)
(cd "$D" && find . -type d -empty -printf '  %m %p/ (empty folder)\n' | sed 's| \./| /|')

expect_file "$P/bin/fitsmon" 755
expect_file "$P/share/fitsmon/fitsom/catalog.conf" 644
for f in rules/examples/*.conf; do
	expect_file "$P/share/fitsmon/examples/${f##*/}" 644
done
for f in feeds/samples/*.csv feeds/samples/*.json feeds/samples/README.md; do
	expect_file "$P/share/fitsmon/examples/samples/${f##*/}" 644
done
for f in feeds/examples/*.conf; do
	expect_file "$P/share/fitsmon/examples/feeds/${f##*/}" 644
done
for f in "$tmp"/src/rules/presets/*.conf; do
	expect_file "$P/share/fitsmon/presets/${f##*/}" 644
done
expect_file "$P/share/man/man1/fitsmon.1" 644
expect_file "$P/share/man/man5/fitsmon.conf.5" 644
expect_file "$P/lib/systemd/system/fitsmon.service" 644
expect_file "$P/lib/systemd/system/fitsmon.timer" 644
expect_file "$P/share/doc/fitsmon/fitsmon.cron" 644
expect_file "$D/etc/fitsmon/fitsmon.conf" 644
expect_file "$D/var/lib/fitsmon" 750

# Only under the prefix, /etc/fitsmon and /var/lib/fitsmon.
stray=$(cd "$D" && find . ! -type d | grep -v -e '^\./usr/local/' -e '^\./etc/fitsmon/' || true)
[ -z "$stray" ] && ok || bad "installed outside the prefix: $stray"

# Paths filled in: no @placeholder@ is left anywhere.
left=$(grep -rl '@[a-z]*dir@' "$D" 2>/dev/null || true)
[ -z "$left" ] && ok || bad "placeholders left in: $left"
grep -qx 'ExecStart=/usr/local/bin/fitsmon -c /etc/fitsmon/fitsmon.conf run' \
	"$P/lib/systemd/system/fitsmon.service" && ok ||
	bad "installed fitsmon.service: ExecStart is not /usr/local/bin/fitsmon -c /etc/fitsmon/fitsmon.conf run"
grep -q ' /usr/local/bin/fitsmon -q -c /etc/fitsmon/fitsmon.conf run' \
	"$P/share/doc/fitsmon/fitsmon.cron" && ok ||
	bad "installed fitsmon.cron does not run /usr/local/bin/fitsmon"

# The binary: runs, and has the installed catalog's path compiled in.
out=$("$P/bin/fitsmon" --version 2>&1)
[[ $out == "fitsmon "[0-9]* ]] && ok || bad "installed fitsmon --version: $out"
cat=$(compiled_catalog "$P/bin/fitsmon")
[ "$cat" = /usr/local/share/fitsmon/fitsom/catalog.conf ] && ok ||
	bad "compiled catalog path is '$cat', not /usr/local/share/fitsmon/fitsom/catalog.conf"

for page in "$P/share/man/man1/fitsmon.1" "$P/share/man/man5/fitsmon.conf.5"; do
	man_clean "$page"
done

# The installed examples validate where they are: they name the catalog as
# ../fitsom/catalog.conf and the sample feeds as samples/ (checked with
# --data, which reads every feed); the feed examples name data sets that
# are not installed, so they are checked without.
for f in "$P"/share/fitsmon/examples/*.conf; do
	if (cd "$tmp" && "$P/bin/fitsmon" -c "$f" --now 2026-11-28T02:30:00Z validate --data \
		>"$tmp/out" 2>&1); then
		ok
	else
		bad "installed example ${f##*/}: validate --data: $(grep -v '^ ' "$tmp/out" | head -3)"
	fi
done
for f in "$P"/share/fitsmon/examples/feeds/*.conf; do
	if (cd "$tmp" && "$P/bin/fitsmon" -c "$f" validate >"$tmp/out" 2>&1); then
		ok
	else
		bad "installed example ${f##*/} does not validate: $(head -3 "$tmp/out")"
	fi
done

# /etc/fitsmon/fitsmon.conf is the template: every command that reads a
# config refuses it, naming the [template] line, until it is filled in.
# template_refused BINARY CONF COMMAND...
template_refused() {
	local bin=$1 conf=$2
	shift 2
	(cd "$tmp" && "$bin" -c "$conf" "$@" >"$tmp/out" 2>&1)
	local rc=$? line
	line=$(grep -n '^\[template\]' "$conf" | cut -d: -f1)
	if [ "$rc" != 78 ]; then
		bad "the installed template, $*: exit $rc, expected 78: $(head -3 "$tmp/out")"
	elif ! grep -q "^\(fitsmon: \)\?$conf:$line: fill in this file (or run fitsmon init)" "$tmp/out"; then
		bad "the installed template, $*: not 'CONF:$line: fill in this file (or run fitsmon init)': $(head -3 "$tmp/out")"
	else
		ok
	fi
}
grep -q '^\[template\]' "$D/etc/fitsmon/fitsmon.conf" && ok ||
	bad "the installed fitsmon.conf has no [template] line"
grep -q 'Oakfield' "$D/etc/fitsmon/fitsmon.conf" &&
	bad "the installed fitsmon.conf is the sample school, not the template" || ok
left=$(grep -n '@[a-z]*dir@' "$D/etc/fitsmon/fitsmon.conf")
[ -z "$left" ] && ok || bad "the installed template has placeholders left: $left"
grep -q "/usr/local/share/fitsmon/examples/" "$D/etc/fitsmon/fitsmon.conf" && ok ||
	bad "the installed template does not name the installed examples"
for c in validate "validate --data" run report "query breaches"; do
	# shellcheck disable=SC2086
	template_refused "$P/bin/fitsmon" "$D/etc/fitsmon/fitsmon.conf" $c
done

# A second install keeps the user's config.
echo "; the school's own line" >>"$D/etc/fitsmon/fitsmon.conf"
if inst install1b.log install DESTDIR="$D" PREFIX=/usr/local &&
	grep -q "the school's own line" "$D/etc/fitsmon/fitsmon.conf"; then
	ok
else
	bad "a second make install replaced \$DESTDIR/etc/fitsmon/fitsmon.conf"
fi
grep -q '^keeping .*/etc/fitsmon/fitsmon.conf' "$tmp/install1b.log" && ok ||
	bad "a second make install does not say it keeps the config"

# uninstall: only the config and the (empty) state folder remain.
echo "state" >"$D/var/lib/fitsmon/fitsmon.db"
if inst uninstall1.log uninstall DESTDIR="$D" PREFIX=/usr/local; then ok; else
	bad "make uninstall: $(tail -3 "$tmp/uninstall1.log")"
fi
left=$(cd "$D" && find . ! -type d | sort | tr '\n' ' ')
[ "$left" = "./etc/fitsmon/fitsmon.conf ./var/lib/fitsmon/fitsmon.db " ] && ok ||
	bad "after make uninstall, left: $left (expected the config and the store only)"

# ---- 2. DESTDIR, PREFIX=/usr (a Debian package's layout) --------------------

D=$tmp/d2
if inst install2.log install DESTDIR="$D" PREFIX=/usr sysconfdir=/etc localstatedir=/var; then
	ok
else
	bad "make install PREFIX=/usr: $(tail -5 "$tmp/install2.log")"
fi
for f in usr/bin/fitsmon usr/share/fitsmon/fitsom/catalog.conf \
	usr/share/fitsmon/examples/oakfield.conf usr/share/fitsmon/examples/samples/acme-log.csv \
	usr/share/fitsmon/examples/feeds/uci-servicenow.conf \
	usr/share/fitsmon/presets/it-install-check.conf \
	usr/share/man/man1/fitsmon.1 usr/share/man/man5/fitsmon.conf.5 \
	usr/lib/systemd/system/fitsmon.service usr/lib/systemd/system/fitsmon.timer \
	usr/share/doc/fitsmon/fitsmon.cron etc/fitsmon/fitsmon.conf var/lib/fitsmon; do
	[ -e "$D/$f" ] && ok || bad "PREFIX=/usr: /$f not installed"
done
stray=$(cd "$D" && find . ! -type d | grep -v -e '^\./usr/' -e '^\./etc/fitsmon/' || true)
[ -z "$stray" ] && ok || bad "PREFIX=/usr: installed outside /usr: $stray"
cat=$(compiled_catalog "$D/usr/bin/fitsmon")
[ "$cat" = /usr/share/fitsmon/fitsom/catalog.conf ] && ok ||
	bad "PREFIX=/usr: compiled catalog path is '$cat' (was the binary rebuilt?)"
grep -qx 'ExecStart=/usr/bin/fitsmon -c /etc/fitsmon/fitsmon.conf run' \
	"$D/usr/lib/systemd/system/fitsmon.service" && ok ||
	bad "PREFIX=/usr: ExecStart is not /usr/bin/fitsmon"
grep -q '^\.B /usr/share/fitsmon/fitsom/catalog.conf' "$D/usr/share/man/man1/fitsmon.1" && ok ||
	bad "PREFIX=/usr: fitsmon(1) FILES does not name /usr/share/fitsmon/fitsom/catalog.conf"
grep -q '^\.B /usr/lib/systemd/system/fitsmon.service' "$D/usr/share/man/man1/fitsmon.1" && ok ||
	bad "PREFIX=/usr: fitsmon(1) FILES does not name /usr/lib/systemd/system/fitsmon.service"
for page in "$D/usr/share/man/man1/fitsmon.1" "$D/usr/share/man/man5/fitsmon.conf.5"; do
	man_clean "$page"
done
grep -q '^/usr/share/fitsmon/fitsom/catalog.conf$' <(tr '\0' '\n' <"$ROOT/fitsmon") &&
	bad "the tree's ./fitsmon was rebuilt for PREFIX=/usr (the copy should have been)" || ok

# ---- 3. a real prefix inside $tmp, no DESTDIR -------------------------------

R=$tmp/real
if inst install3.log install PREFIX="$R" sysconfdir="$R/etc" localstatedir="$R/var"; then
	ok
else
	bad "make install PREFIX=\$tmp/real: $(tail -5 "$tmp/install3.log")"
fi
cat=$(compiled_catalog "$R/bin/fitsmon")
[ "$cat" = "$R/share/fitsmon/fitsom/catalog.conf" ] && ok ||
	bad "PREFIX=\$tmp/real: compiled catalog path is '$cat'"
template_refused "$R/bin/fitsmon" "$R/etc/fitsmon/fitsmon.conf" run
# Filled in: the installed sample school with its [catalog] path removed
# and the sample feeds named by absolute paths.  FITSMON_CATALOG is unset:
# the config names no catalog, so this finds the installed one through the
# compiled path.
sed -e 's|^path = \.\./fitsom/catalog\.conf|;&|' \
	-e "s|\(= *\)samples/|\1$R/share/fitsmon/examples/samples/|" \
	"$R/share/fitsmon/examples/oakfield.conf" >"$R/etc/fitsmon/fitsmon.conf"
if (cd "$tmp" && "$R/bin/fitsmon" -c "$R/etc/fitsmon/fitsmon.conf" validate >"$tmp/out" 2>&1); then
	grep -q "^FITS OM catalog $R/share/fitsmon/fitsom/catalog.conf " "$tmp/out" && ok ||
		bad "installed binary did not use the installed catalog: $(grep -m1 'FITS OM catalog' "$tmp/out")"
else
	bad "installed binary, installed sample config: validate failed: $(head -3 "$tmp/out")"
fi
# The nightly job as fitsmon.service runs it: config by -c, the store and
# spool from StateDirectory= and CacheDirectory=, working folder /.
mkdir -p "$tmp/state" "$tmp/cache"
(cd / && STATE_DIRECTORY=$tmp/state CACHE_DIRECTORY=$tmp/cache \
	"$R/bin/fitsmon" -c "$R/etc/fitsmon/fitsmon.conf" --now 2026-11-28T02:30:00Z run \
	>"$tmp/out" 2>&1)
rc=$?
[ "$rc" = 0 ] && ok || bad "installed run: exit $rc: $(head -3 "$tmp/out")"
[ -s "$tmp/state/fitsmon.db" ] && ok || bad "installed run: no store in \$STATE_DIRECTORY"
[ -d "$tmp/cache/spool" ] && ok || bad "installed run: no spool in \$CACHE_DIRECTORY"
(cd / && STATE_DIRECTORY=$tmp/state "$R/bin/fitsmon" -c "$R/etc/fitsmon/fitsmon.conf" \
	--now 2026-11-28T02:30:00Z report --from 2026-08-24 --format json >"$tmp/out" 2>&1)
grep -q '"school": *"Oakfield Primary School"' "$tmp/out" && ok ||
	bad "installed report: $(head -c 300 "$tmp/out")"
cp "$R/bin/fitsmon" "$tmp/lone-fitsmon"
if inst uninstall3.log uninstall PREFIX="$R" sysconfdir="$R/etc" localstatedir="$R/var" &&
	[ ! -e "$R/bin/fitsmon" ] && [ ! -e "$R/share/fitsmon" ] && [ -e "$R/etc/fitsmon/fitsmon.conf" ]; then
	ok
else
	bad "make uninstall PREFIX=\$tmp/real: $(tail -3 "$tmp/uninstall3.log")"
fi

# ---- 4. the catalog of a config that names none ----------------------------

# The sample school without its [catalog] line, its feeds by absolute path.
sed -e 's|^path = \.\./fitsom/catalog\.conf|;&|' \
	-e "s|\.\./\.\./feeds/samples/|$ROOT/feeds/samples/|g" \
	rules/examples/oakfield.conf >"$tmp/nocat.conf"
# The binary at the top of the source tree reads the tree's catalog.
if (cd "$tmp" && "$ROOT/fitsmon" -c "$tmp/nocat.conf" validate >"$tmp/out" 2>&1); then
	grep -q "^FITS OM catalog $ROOT/rules/fitsom/catalog.conf " "$tmp/out" && ok ||
		bad "the tree's fitsmon does not read the tree's catalog: $(grep -m1 'FITS OM catalog' "$tmp/out")"
else
	bad "the tree's fitsmon, a config naming no catalog: $(head -3 "$tmp/out")"
fi
# A binary with no catalog beside it and none installed (part 3's, after
# its uninstall): the catalog it looked for and the key to set, exit 78.
(cd "$tmp" && "$tmp/lone-fitsmon" -c "$tmp/nocat.conf" validate >"$tmp/out" 2>&1)
rc=$?
[ "$rc" = 78 ] && ok || bad "no catalog anywhere: exit $rc, expected 78"
grep -qx "\(fitsmon: \)\?$tmp/nocat.conf: no catalog at $R/share/fitsmon/fitsom/catalog.conf: set \[catalog\] path" \
	"$tmp/out" && ok || bad "no catalog anywhere: $(head -3 "$tmp/out")"
grep -q "nocat.conf:[0-9]" "$tmp/out" && bad "no catalog anywhere: a line of the config is blamed: $(head -2 "$tmp/out")" || ok

# ---- nothing outside $tmp -------------------------------------------------

if [ ${#TRACE[@]} -gt 0 ]; then
	python3 - "$tmp" "$tmp"/trace/t.* >"$tmp/outside" <<'EOF'
import re, sys
tmp = sys.argv[1]
# calls that create, change or remove what a path names; which arguments are paths
calls = {"open": [0], "creat": [0], "mkdir": [0], "mkdirat": [1], "unlink": [0],
         "unlinkat": [1], "rmdir": [0], "rename": [0, 1], "renameat": [1, 3],
         "renameat2": [1, 3], "link": [1], "linkat": [3], "symlink": [1],
         "symlinkat": [2], "chmod": [0], "fchmodat": [1], "chown": [0],
         "lchown": [0], "fchownat": [1], "utimensat": [1], "truncate": [0],
         "mknod": [0], "mknodat": [1], "setxattr": [0], "lsetxattr": [0],
         "openat": [1], "openat2": [1]}
allowed = ("/dev/null", "/dev/tty", "/dev/pts/", "/proc/")
line_re = re.compile(r'^(\w+)\((.*)\)\s+= (-?\d+)')
inside = 0
for name in sys.argv[2:]:
    for line in open(name, errors="replace"):
        m = line_re.match(line)
        if not m or m.group(1) not in calls or m.group(3) == "-1":
            continue
        call, args = m.group(1), m.group(2)
        if call in ("open", "openat", "openat2") and not re.search(r'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC', args):
            continue
        strs = re.findall(r'"((?:[^"\\]|\\.)*)"', args)
        # arguments that are strings, in order; relative paths are relative
        # to the tree copy (no recipe changes folder) or to a descriptor
        for p in strs:
            if p.startswith("/") and not (p == tmp or p.startswith(tmp + "/")) \
                    and not p.startswith(allowed):
                print(f"{call}: {p}")
            elif p.startswith(tmp + "/d1/usr/local/bin/"):
                inside += 1
# the trace saw the installs at all
if inside == 0:
    print("no write under $tmp/d1/usr/local/bin seen: is the trace working?")
EOF
	if [ -s "$tmp/outside" ]; then
		bad "the installs wrote outside \$tmp: $(sort -u "$tmp/outside" | head -10 | tr '\n' ';')"
	else
		ok
	fi
fi
fresh=$(find /usr/local/bin /usr/local/lib /usr/local/share /usr/local/etc /etc/fitsmon \
	/etc/cron.d /lib/systemd/system /usr/lib/systemd/system /usr/share/fitsmon \
	/usr/share/doc/fitsmon /usr/share/man/man1 /usr/share/man/man5 /var/lib/fitsmon \
	/var/cache/fitsmon /usr/bin/fitsmon -newer "$tmp/stamp" \
	\( ! -type d -o -name '*fitsmon*' \) 2>/dev/null | head -10)
[ -z "$fresh" ] && ok || bad "files changed outside \$tmp during the installs: $fresh"

finish
