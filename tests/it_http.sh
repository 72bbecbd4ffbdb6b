#!/bin/bash
# Feeds over HTTP(S) through the whole program: a real, misbehaving HTTP
# server on 127.0.0.1 (tests/httpd.py, started here), `fitsmon run` against
# it, and the store, spool, exit codes and findings checked after each
# night.  Nothing here talks to any address outside 127.0.0.0/8.
set -u
. "$(dirname "$0")/itlib.sh" http

# start_server NAME ARGS...: start httpd.py, wait for its port in $NAME_port
start_server() {
	local name=$1
	shift
	"$PY" tests/httpd.py --port 0 --portfile "$tmp/$name.port" --max-seconds 300 "$@" \
		>"$tmp/$name.out" 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do
		[ -s "$tmp/$name.port" ] && break
		sleep 0.05
	done
	[ -s "$tmp/$name.port" ] || { echo "FAIL: $name server did not start"; exit 1; }
}

echo "s3cr3t-token-$$-do-not-log" >"$tmp/token"
chmod 600 "$tmp/token"
start_server plain --token-file "$tmp/token" --log "$tmp/requests.log" --flaky 2 \
	--stall-seconds 10 --huge-bytes 3000000
PORT=$(cat "$tmp/plain.port")
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1 || { echo "FAIL: openssl could not make a certificate"; exit 1; }
start_server tls --tls "$tmp/cert.pem" "$tmp/key.pem"
TLSPORT=$(cat "$tmp/tls.port")

# conf DIR URL [EXTRA KEYS...]: a one-feed school in DIR (every body the
# server sends has the columns id and opened)
conf() {
	local dir=$1 url=$2
	shift 2
	mkdir -p "$dir"
	{
		printf '[supplier "acme"]\n[store]\npath = store.db\n'
		printf '[feed "desk"]\nkind = tickets\nurl = %s\n' "$url"
		printf 'column.id = id\ncolumn.opened = opened\nconnect_timeout = 2s\n'
		for kv in "$@"; do printf '%s\n' "$kv"; done
		printf '[sla "all"]\nrespond = 1h\nresolve = 8h\n'
	} >"$dir/fitsmon.conf"
}

# night DIR CODE NOW [-v]: one `run`; checks the exit code
night() {
	local dir=$1 code=$2 now=$3
	shift 3
	(cd "$dir" && "$FITSMON" -c fitsmon.conf --now "$now" "$@" run) >"$dir/out" 2>"$dir/err"
	local rc=$?
	if [ "$rc" = "$code" ]; then ok; else bad "$dir: run exit $rc, expected $code: $(head -c 400 "$dir/err")"; fi
}

rows() { (cd "$1" && "$FITSMON" -c fitsmon.conf sql --format csv 'SELECT count(*) FROM ticket_rows' | tail -1 | tr -d '\r'); }
has() { grep -qE -- "$2" "$1/err" && ok || bad "$1: stderr lacks /$2/: $(head -c 400 "$1/err")"; }
findings() { (cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" query findings --format csv); }
good_copy() { readlink -f "$1/spool/desk/current" 2>/dev/null; }
N1=2026-11-28T02:30:00Z
N2=2026-11-29T02:30:00Z
N5=2026-12-02T02:30:00Z

# 1. ETag and Last-Modified: the second night is a 304 and takes nothing in
d=$tmp/etag
conf "$d" "http://127.0.0.1:$PORT/ok.csv"
night "$d" 0 $N1 -v
has "$d" 'desk: fetched a new copy'
has "$d" 'desk: 2 new, 0 changed'
[ "$(rows "$d")" = 2 ] && ok || bad "etag: expected 2 rows"
night "$d" 0 $N2 -v
has "$d" 'desk: nothing new'
has "$d" 'desk: already taken in'
grep -q '^If-None-Match: "ok-v1"' "$tmp/requests.log" && ok || bad "no If-None-Match sent"
grep -q '^If-Modified-Since: Wed, 25 Nov 2026 10:00:00 GMT' "$tmp/requests.log" && ok || bad "no If-Modified-Since sent"
[ "$(rows "$d")" = 2 ] && ok || bad "etag: rows changed on a 304"
last=$(cd "$d" && "$FITSMON" -c fitsmon.conf query feeds --format csv | tail -1)
case $last in *2026-11-29\ 02:30*) ok ;; *) bad "a 304 did not count as a successful fetch: $last" ;; esac

# 2. 500, 500, then 200: retried with backoff, taken in
d=$tmp/flaky
conf "$d" "http://127.0.0.1:$PORT/flaky.csv" "retries = 3"
night "$d" 0 $N1 -v
has "$d" 'desk: 1 new'
# and with too few retries it fails, with no good copy: exit 69
"$PY" -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1]).read()" "http://127.0.0.1:$PORT/reset"
d=$tmp/flaky0
conf "$d" "http://127.0.0.1:$PORT/flaky.csv" "retries = 0"
night "$d" 69 $N1
has "$d" 'desk: fetch failed -- http 500 from http://127.0.0.1:[0-9]+/flaky.csv; no good copy'
findings "$d" $N1 | grep -q '^[0-9a-f]*,feed-stale,red,acme,desk,' && ok || bad "no feed-stale finding for a feed never fetched"

# 3. a good night, then the export breaks in every way: the last good copy
# survives byte for byte, the store is unchanged, the exit status is 0 (a
# good copy exists), and after stale_after the feed is stale (red)
d=$tmp/keep
conf "$d" "http://127.0.0.1:$PORT/ok.csv"
night "$d" 0 $N1
copy=$(good_copy "$d")
sum=$(sha256sum "$copy" | cut -d' ' -f1)
before=$(rows "$d")
for bad_url in missing stall short huge-chunked loop to-file; do
	conf "$d" "http://127.0.0.1:$PORT/$bad_url" "timeout = 1s" "retries = 0" "max_size = 1M"
	night "$d" 0 $N2
	has "$d" 'desk: fetch failed -- .*keeping the last good copy'
	[ "$(good_copy "$d")" = "$copy" ] && [ "$(sha256sum "$copy" | cut -d' ' -f1)" = "$sum" ] \
		&& ok || bad "$bad_url: the last good copy changed"
	[ "$(rows "$d")" = "$before" ] && ok || bad "$bad_url: the store changed"
	left=$(find "$d/spool/desk" -name '*.tmp*' -o -name '.tmp*' | wc -l)
	[ "$left" = 0 ] && ok || bad "$bad_url: a temporary file was left in the spool"
	case $bad_url in
	missing) has "$d" 'http 404 from' ;;
	stall) has "$d" '[Tt]imeout|timed out' ;;
	short) has "$d" 'cannot fetch' ;;
	huge-chunked) has "$d" 'larger than 1048576 bytes' ;;
	loop) has "$d" '[Rr]edirect' ;;
	to-file) has "$d" 'cannot fetch' ;;
	esac
done
findings "$d" $N2 | grep -q ',feed-stale,' && bad "feed stale after one day (stale_after is 48h)" || ok
night "$d" 0 $N5
findings "$d" $N5 | grep -q '^[0-9a-f]*,feed-stale,red,acme,desk,' && ok || bad "no feed-stale finding after 4 days"
grep -q 'passwd\|root:x:0' "$d/spool/desk/"* 2>/dev/null && bad "a redirect to file:// was followed" || ok

# 4. a self-signed certificate: refused without ca_file, accepted with it
d=$tmp/tls
conf "$d" "https://127.0.0.1:$TLSPORT/ok.csv"
night "$d" 69 $N1
has "$d" 'desk: fetch failed -- cannot fetch https://127.0.0.1:[0-9]+/ok.csv: .*(certificate|SSL)'
conf "$d" "https://127.0.0.1:$TLSPORT/ok.csv" "ca_file = $tmp/cert.pem"
night "$d" 0 $N1 -v
has "$d" 'desk: 2 new'

# 5. bearer token from a file: sent, never shown
d=$tmp/auth
conf "$d" "http://127.0.0.1:$PORT/auth" "auth = bearer @$tmp/token"
night "$d" 0 $N1 -v
has "$d" 'desk: 2 new'
token=$(cat "$tmp/token")
grep -q "^Authorization: Bearer $token" "$tmp/requests.log" && ok || bad "token not sent"
if grep -rqF "$token" "$d/err" "$d/out" "$d/store.db" "$d/fitsmon.conf" 2>/dev/null; then
	bad "the token leaked into logs, the config or the store"
else
	ok
fi
echo "wrong-token" >"$tmp/wrong"
conf "$d" "http://127.0.0.1:$PORT/auth" "auth = bearer @$tmp/wrong"
night "$d" 0 $N2
has "$d" 'http 401'
grep -qF "wrong-token" "$d/err" && bad "a secret appeared in an error" || ok

# 6. the progress line: on a terminal only
d=$tmp/progress
conf "$d" "http://127.0.0.1:$PORT/big-known" "max_size = 10M"
if command -v script >/dev/null; then
	(cd "$d" && script -qec "$FITSMON -c fitsmon.conf --now $N1 fetch" /dev/null) >"$d/tty" 2>&1
	grep -aqE 'desk: [0-9.]+ MB in [0-9.]+ s \([0-9.]+ (MB|kB)/s\)' "$d/tty" && ok \
		|| bad "no progress line on a terminal: $(head -c 300 "$d/tty" | tr '\r' '|')"
fi
conf "$d" "http://127.0.0.1:$PORT/big-known" "max_size = 10M"
rm -rf "$d/spool" "$d/store.db"*
(cd "$d" && "$FITSMON" -c fitsmon.conf --now $N1 fetch) >"$d/out" 2>"$d/err"
grep -qE ' at |/s' "$d/err" && bad "a progress line without a terminal: $(cat "$d/err")" || ok

finish
