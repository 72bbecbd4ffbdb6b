#!/bin/bash
# The units and the cron example in systemd/:
#   - systemd-analyze verify prints nothing at all for fitsmon.service and
#     fitsmon.timer (it exits 0 on a misspelt key, so any output fails, and
#     a deliberately misspelt copy checks that it would);
#   - systemd-analyze security --offline=true rates fitsmon.service 2.0 or
#     lower;
#   - the choices the units document are still what they say;
#   - fitsmon.cron parses as cron.d lines, its command is valid sh, and run
#     for real it logs nothing on a good night and the exit status when the
#     lock is taken;
#   - with writable+executable memory refused (what MemoryDenyWriteExecute=
#     does) fitsmon falls back to the PCRE2 interpreter, warns once, and
#     gives the same report.
# The units name @bindir@/fitsmon, which verify wants to exist: it checks
# copies with @bindir@ set to this tree, where ./fitsmon is built.
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
	echo "systemd: $pass passed, $fail failed"
	[ "$fail" = 0 ] || exit 1
	exit 0
}
unset FITSMON_CATALOG STATE_DIRECTORY CACHE_DIRECTORY
NOW=2026-11-28T02:30:00Z

[ -x ./fitsmon ] || make -s fitsmon >/dev/null || { bad "make fitsmon"; finish; }

# systemd-analyze comes with Debian's systemd package (no running systemd is
# needed): install it as root when missing, else say how.
if ! command -v systemd-analyze >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing systemd (for systemd-analyze)"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq systemd >/dev/null
	fi
	if ! command -v systemd-analyze >/dev/null; then
		echo "FAIL: systemd-analyze is missing; run as root: apt-get install systemd"
		echo "systemd: 0 passed, 1 failed"
		exit 1
	fi
fi

for f in service timer cron; do
	[ -s systemd/fitsmon.$f ] || { bad "systemd/fitsmon.$f is missing"; finish; }
done

# The man pages the units' Documentation= names, where verify's man can
# find them.
mkdir -p "$tmp/man/man1" "$tmp/man/man5" "$tmp/units"
cp monitor/fitsmon.1 "$tmp/man/man1/"
cp monitor/fitsmon.conf.5 "$tmp/man/man5/"
export MANPATH=$tmp/man

subst() { # FILE: with this tree's paths filled in
	sed -e "s|@bindir@|$ROOT|g" -e "s|@sysconfdir@|/etc|g" "$1"
}
subst systemd/fitsmon.service >"$tmp/units/fitsmon.service"
subst systemd/fitsmon.timer >"$tmp/units/fitsmon.timer"

# ---- systemd-analyze verify ---------------------------------------------------

# verify_quiet DIR UNIT...: exit status 0 and not a single line of output.
verify_quiet() {
	local dir=$1
	shift
	(cd "$dir" && systemd-analyze verify "$@") >"$tmp/verify.out" 2>&1
	local rc=$?
	[ "$rc" = 0 ] && [ ! -s "$tmp/verify.out" ]
}
if verify_quiet "$tmp/units" "$tmp/units/fitsmon.service" "$tmp/units/fitsmon.timer"; then
	ok
else
	bad "systemd-analyze verify fitsmon.service fitsmon.timer: $(head -c 800 "$tmp/verify.out")"
fi

# The check itself: a misspelt key exits 0 but prints a line, which fails.
mkdir "$tmp/bad"
sed 's/^ProtectHome=/ProtectHom=/' "$tmp/units/fitsmon.service" >"$tmp/bad/fitsmon.service"
if verify_quiet "$tmp/bad" "$tmp/bad/fitsmon.service"; then
	bad "systemd-analyze verify stays quiet about a misspelt key: the check cannot work"
else
	grep -q "ProtectHom" "$tmp/verify.out" && ok ||
		bad "verify of a misspelt key said: $(head -c 300 "$tmp/verify.out")"
fi

oncal=$(sed -n 's/^OnCalendar=//p' systemd/fitsmon.timer)
systemd-analyze calendar "$oncal" >/dev/null 2>&1 && ok || bad "OnCalendar=$oncal does not parse"

# ---- systemd-analyze security -------------------------------------------------

(cd "$tmp/units" && systemd-analyze security --offline=true "$tmp/units/fitsmon.service") \
	>"$tmp/security.out" 2>&1
score=$(sed -n 's/.*Overall exposure level for fitsmon\.service: \([0-9.]*\).*/\1/p' "$tmp/security.out")
if [ -z "$score" ]; then
	bad "systemd-analyze security --offline=true: no exposure level: $(tail -c 400 "$tmp/security.out")"
elif awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'; then
	echo "exposure level of fitsmon.service: $score"
	ok
else
	bad "exposure level $score is above 2.0: $(grep '✗' "$tmp/security.out" | head -20)"
fi

# ---- what the units promise ---------------------------------------------------

svc=systemd/fitsmon.service
key() { sed -n "s/^$2=//p" "$1" | tail -1; }
[ "$(key $svc Type)" = oneshot ] && ok || bad "$svc: Type is not oneshot"
[ "$(key $svc ExecStart)" = "@bindir@/fitsmon -c @sysconfdir@/fitsmon/fitsmon.conf run" ] && ok ||
	bad "$svc: ExecStart is '$(key $svc ExecStart)'"
for kv in DynamicUser=yes StateDirectory=fitsmon CacheDirectory=fitsmon \
	ConfigurationDirectory=fitsmon ProtectSystem=strict MemoryDenyWriteExecute=yes \
	CapabilityBoundingSet= NoNewPrivileges=yes \
	"RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX"; do
	[ "$(key $svc "${kv%%=*}")" = "${kv#*=}" ] && ok || bad "$svc: expected $kv"
done
# Exit 75 stays a failure (see the unit's comments).
grep -Eq '^(SuccessExitStatus|RestartPreventExitStatus)=.*75' $svc &&
	bad "$svc: exit status 75 is hidden" || ok
grep -q '^IPAddressDeny=' $svc && bad "$svc: IPAddressDeny= would cut off suppliers and SMTP" || ok
tmr=systemd/fitsmon.timer
[ "$(key $tmr Persistent)" = yes ] && ok || bad "$tmr: Persistent is not yes"
[ -n "$(key $tmr RandomizedDelaySec)" ] && ok || bad "$tmr: no RandomizedDelaySec"

# ---- the cron example -----------------------------------------------------------

cron=systemd/fitsmon.cron
jobs=0
while IFS= read -r line; do
	case $line in
	'' | '#'*) continue ;;
	esac
	if [[ $line =~ ^[A-Z_]+=.*$ ]]; then
		ok
	elif [[ $line =~ ^([0-9*/,-]+[[:space:]]+){5}([a-z_][a-z0-9_-]*)[[:space:]]+(.+)$ ]]; then
		jobs=$((jobs + 1))
		user=${BASH_REMATCH[2]} cmd=${BASH_REMATCH[3]}
		[ "$user" = fitsmon ] && ok || bad "$cron: the job runs as '$user', not fitsmon"
		[[ $cmd == *%* ]] && bad "$cron: a % in the command (cron reads it as a newline)" || ok
		[[ $cmd == *"flock -n"* && $cmd == *"@bindir@/fitsmon "*" run"* ]] && ok ||
			bad "$cron: the job is not flock -n ... @bindir@/fitsmon ... run"
		sh -n -c "$cmd" 2>"$tmp/err" && ok || bad "$cron: the command is not valid sh: $(cat "$tmp/err")"
		job=$cmd
	else
		bad "$cron: not an environment setting or a job (5 fields, user, command): $line"
	fi
done <"$cron"
[ "$jobs" = 1 ] && ok || bad "$cron: expected one job, found $jobs"
for v in STATE_DIRECTORY CACHE_DIRECTORY; do
	grep -q "^$v=/" "$cron" && ok || bad "$cron: does not set $v"
done

# Run the job as cron would (sh -c, the file's variables), with this tree's
# binary, the sample school, folders in $tmp, and a logger that writes to a
# file.  A good night logs nothing (-q); with the lock taken it logs the
# exit status, 75.
if [ "$jobs" = 1 ]; then
	mkdir -p "$tmp/bin" "$tmp/state" "$tmp/cache"
	printf '#!/bin/sh\ncat >>"%s"\n' "$tmp/syslog" >"$tmp/bin/logger"
	chmod 755 "$tmp/bin/logger"
	cmd=$(printf '%s' "$job" | sed -e "s|/var/lib/fitsmon/cron.lock|$tmp/cron.lock|" \
		-e "s|@bindir@/fitsmon|$ROOT/fitsmon --now $NOW|" \
		-e "s|@sysconfdir@/fitsmon/fitsmon.conf|$ROOT/rules/examples/oakfield.conf|")
	runjob() {
		(cd "$tmp" && env -i PATH="$tmp/bin:/usr/bin:/bin" HOME="$tmp" SHELL=/bin/sh \
			STATE_DIRECTORY="$tmp/state" CACHE_DIRECTORY="$tmp/cache" /bin/sh -c "$cmd")
	}
	: >"$tmp/syslog"
	runjob
	[ ! -s "$tmp/syslog" ] && ok || bad "cron job, a good night, logged: $(head -c 300 "$tmp/syslog")"
	[ -s "$tmp/state/fitsmon.db" ] && ok || bad "cron job: no store in \$STATE_DIRECTORY"
	[ -d "$tmp/cache/spool" ] && ok || bad "cron job: no spool in \$CACHE_DIRECTORY"
	: >"$tmp/syslog"
	exec 9>"$tmp/cron.lock"
	flock 9
	runjob
	exec 9>&-
	grep -qx 'fitsmon: run failed -- exit status 75' "$tmp/syslog" && ok ||
		bad "cron job with the lock taken logged: '$(head -c 300 "$tmp/syslog")'"
fi

# ---- MemoryDenyWriteExecute: the PCRE2 interpreter fallback ---------------------

# Linux's PR_SET_MDWE (6.3 and later) refuses writable+executable mappings
# and making memory executable, as systemd's MemoryDenyWriteExecute= seccomp
# filter does, and stays set across exec: fitsmon's JIT is then refused.
cat >"$tmp/mdwe.py" <<'EOF'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN = 65, 1
if libc.prctl(PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN, 0, 0, 0) != 0:
    sys.exit(99)
os.execv(sys.argv[1], sys.argv[1:])
EOF
conf=$ROOT/rules/examples/oakfield.conf
args=(-c "$conf" --now "$NOW" report --from 2026-08-24 --format json)
mkdir "$tmp/mdwe"
(cd "$tmp/mdwe" && "$ROOT/fitsmon" "${args[@]}" >"$tmp/jit.json" 2>"$tmp/jit.err")
rc_jit=$?
(cd "$tmp/mdwe" && python3 "$tmp/mdwe.py" "$ROOT/fitsmon" "${args[@]}" \
	>"$tmp/mdwe.json" 2>"$tmp/mdwe.err")
rc=$?
if [ "$rc" = 99 ]; then
	echo "note: this kernel has no PR_SET_MDWE; the JIT fallback is not checked here"
else
	[ "$rc" = 0 ] && [ "$rc_jit" = 0 ] && ok ||
		bad "report with W+X memory refused: exit $rc (with JIT: $rc_jit): $(head -c 300 "$tmp/mdwe.err")"
	n=$(grep -c 'PCRE2 JIT unavailable' "$tmp/mdwe.err")
	[ "$n" = 1 ] && ok || bad "with W+X memory refused: $n JIT warnings, expected 1"
	grep -qx 'fitsmon: warning: PCRE2 JIT unavailable -- patterns run in the slower interpreter' \
		"$tmp/mdwe.err" && ok || bad "JIT warning wording: $(head -c 300 "$tmp/mdwe.err")"
	cmp -s "$tmp/jit.json" "$tmp/mdwe.json" && ok ||
		bad "the report differs between the JIT and the interpreter"
	[ -s "$tmp/mdwe.json" ] && ok || bad "with W+X memory refused: empty report"
	# -q keeps the journal free of it
	(cd "$tmp/mdwe" && python3 "$tmp/mdwe.py" "$ROOT/fitsmon" -q -c "$conf" validate \
		>/dev/null 2>"$tmp/mdwe.err")
	[ ! -s "$tmp/mdwe.err" ] && ok || bad "-q still warns: $(head -c 300 "$tmp/mdwe.err")"
fi

finish
