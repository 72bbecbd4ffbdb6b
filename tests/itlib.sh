# Sourced by integration scripts that start servers of their own:
#   . "$(dirname "$0")/itlib.sh" NAME
# Goes to the source tree's top; sets root, FITSMON (the binary under test,
# overridable), PY (Debian's python3), tmp (removed at exit) and pids
# (processes killed at exit); ok and bad count checks, finish prints
# "NAME: P passed, F failed" and exits 1 when any failed, or when none
# passed (a script that checked nothing proves nothing).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
FITSMON=${FITSMON:-$root/fitsmon}
PY=/usr/bin/python3
tmp=$(mktemp -d)
pids=()
itlib_name=$1
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# need_aiosmtpd: Debian's python3-aiosmtpd for tests/smtpd.py, installed
# when missing and root, else a failed check and the end of the script.
need_aiosmtpd() {
	"$PY" -c 'import aiosmtpd' 2>/dev/null && return
	if [ "$(id -u)" = 0 ]; then
		echo "installing python3-aiosmtpd"
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq python3-aiosmtpd >/dev/null
	fi
	if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
		bad "python3-aiosmtpd is not installed; run as root: apt-get install python3-aiosmtpd"
		finish
	fi
}
# need_testdata: sets testdata to the folder of the large real data sets
# (FITSMON_TESTDATA, default ../shared/data beside the tree).  When that
# folder is absent (a fresh clone) the script is skipped: it says so, adds
# "it_NAME<tab>no real data at FOLDER" to the file FITSMON_SKIPS names
# (make check lists the skips at the end) and exits 0.  When the folder
# exists the script runs, and a missing file in it is a failed check.
need_testdata() {
	testdata=${FITSMON_TESTDATA:-$root/../shared/data}
	[ -d "$testdata" ] && return
	local name=${0##*/}
	name=${name%.sh}
	echo "$itlib_name: skipped (no real data at $testdata)"
	[ -n "${FITSMON_SKIPS:-}" ] && printf '%s\tno real data at %s\n' "$name" "$testdata" >>"$FITSMON_SKIPS"
	exit 0
}
# sample_tree DIR: the source tree's rules/ and feeds/ copied into DIR, so
# that a sample config from there keeps its relative paths while its store
# (NAME.db beside NAME.conf, fitsmon.conf(5)) and spool land in DIR, never
# in the source tree.  E.g. sample_tree "$tmp/t" gives the sample school as
# $tmp/t/rules/examples/oakfield.conf with its store $tmp/t/rules/examples/oakfield.db.
sample_tree() {
	mkdir -p "$1" && cp -R "$root/rules" "$root/feeds" "$1/"
}
# await_port FILE WHAT: waits (up to 10 s) for a server to write its port
# to FILE and sets port to it; a failed check and the end of the script if
# it does not.
await_port() {
	for _ in $(seq 200); do
		[ -s "$1" ] && break
		sleep 0.05
	done
	[ -s "$1" ] || { bad "$2 did not start"; finish; }
	port=$(cat "$1")
}
# start_httpd ARGS...: tests/httpd.py on 127.0.0.1 (a free port, stopped at
# exit) with ARGS (e.g. --docroot DIR); sets HTTP_PORT.
start_httpd() {
	"$PY" "$root/tests/httpd.py" --port 0 --portfile "$tmp/httpd.port" --max-seconds 300 "$@" \
		>"$tmp/httpd.out" 2>&1 &
	pids+=($!)
	await_port "$tmp/httpd.port" "the HTTP server"
	HTTP_PORT=$port
}
# start_smtpd NAME ARGS...: tests/smtpd.py on 127.0.0.1, its messages in
# $tmp/NAME.spool and its log in $tmp/NAME.log; sets SMTP_PORT.
start_smtpd() {
	local name=$1
	shift
	"$PY" "$root/tests/smtpd.py" --port 0 --portfile "$tmp/$name.port" --spool "$tmp/$name.spool" \
		--log "$tmp/$name.log" --max-seconds 300 "$@" >"$tmp/$name.out" 2>&1 &
	pids+=($!)
	await_port "$tmp/$name.port" "the $name SMTP server"
	SMTP_PORT=$port
}
# office_school: the start of a config (printed) for a test school in UTC
# with its store beside the config and one supplier, acme, on office hours
# Mon-Fri 09:00-17:00; the caller adds feeds, SLAs and activities.
office_school() {
	cat <<'CONF'
[school]
name = Test school
timezone = UTC
[store]
path = store.db
[calendar "office"]
hours = Mon-Fri 09:00-17:00
[supplier "acme"]
name = Acme
calendar = office
CONF
}
finish() {
	# a script that checked nothing proves nothing: it fails
	[ "$pass" = 0 ] && [ "$fail" = 0 ] && bad "$itlib_name: no check ran"
	echo "$itlib_name: $pass passed, $fail failed"
	[ "$fail" = 0 ] || exit 1
	exit 0
}
