#!/bin/bash
# Secrets never leak.  A school whose feeds need a bearer token (served by
# tests/httpd.py's /auth, and slowly by tests/slowhttpd.py so the process
# can be watched), a basic-auth password (/basic), a wrong token (refused
# with 401), and whose [mail] section logs in to tests/smtpd.py (STARTTLS
# with a self-signed certificate, AUTH with user + password_file).  It runs
# `fitsmon -v run` (which mails the daily digest), `fitsmon -v mail --test`,
# every report format, every query, validate and explain, and a dump of
# every table through `fitsmon sql`; then no secret -- nor its base64 forms
# as sent in Basic auth and SMTP AUTH PLAIN/LOGIN -- appears in: standard
# output or error of any of them, the argv or environment of the running
# process (/proc/PID/cmdline and environ, sampled during the slow fetch),
# the reports, the store (the raw .db, -wal and -shm files and the dumps),
# the spool, or the messages the SMTP server received.  The test also
# checks the secrets were really used (the server saw them, the mail was
# accepted after AUTH), so an empty run cannot pass.  Only 127.0.0.1.
. "$(dirname "$0")/itlib.sh" secrets
export FITSMON_CATALOG=$root/rules/fitsom/catalog.conf
t0=$(date +%s)
NOW=2026-11-28T02:30:00Z

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	bad "python3-aiosmtpd is not installed; run as root: apt-get install python3-aiosmtpd"
	finish
fi

# The secrets live apart from everything fitsmon writes ($tmp/school), so
# a recursive search of that folder has nothing to skip.
sec=$tmp/secrets srv=$tmp/srv school=$tmp/school
mkdir -p "$sec" "$srv" "$school" "$srv/www"
rand() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))'; }
TOKEN="tok-$(rand)"
PASS="pw-$(rand)"
WRONG="wrong-$(rand)"
SMTP_USER=fitsmon-oakfield
printf '%s\n' "$TOKEN" >"$sec/token"
printf '%s\n' "$PASS" >"$sec/smtp.password"
printf '%s\n' "$WRONG" >"$sec/wrong.token"
chmod 600 "$sec"/*

# ---- servers ------------------------------------------------------------------------
wait_port() {
	for _ in $(seq 200); do
		[ -s "$1" ] && return 0
		sleep 0.05
	done
	return 1
}
"$PY" tests/httpd.py --port 0 --portfile "$srv/http.port" --token-file "$sec/token" \
	--log "$srv/requests.log" --max-seconds 120 >"$srv/http.out" 2>&1 &
pids+=($!)
# a slow feed, also behind the token: ~200 KB in 16 KB pieces, 0.1 s apart
"$PY" - "$srv/www/slow.csv" <<'EOF'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("id,opened,priority,status\r\n")
    for i in range(5000):
        f.write("S%05d,2026-11-%02dT09:%02d:00Z,P3,Open\r\n" % (i, 2 + i % 25, i % 60))
EOF
echo 0.1 >"$srv/delay"
"$PY" tests/slowhttpd.py --dir "$srv/www" --portfile "$srv/slow.port" --chunk 16384 \
	--delay-file "$srv/delay" --token-file "$sec/token" --max-seconds 120 \
	>"$srv/slow.out" 2>&1 &
pids+=($!)
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$srv/key.pem" -out "$school/cert.pem" \
	>/dev/null 2>&1 || { bad "openssl could not make a certificate"; finish; }
"$PY" tests/smtpd.py --port 0 --portfile "$srv/smtp.port" --spool "$srv/mail" \
	--log "$srv/smtp.log" --max-seconds 120 --starttls "$school/cert.pem" "$srv/key.pem" \
	--auth "$SMTP_USER" "$PASS" >"$srv/smtp.out" 2>&1 &
pids+=($!)
for p in http slow smtp; do
	wait_port "$srv/$p.port" || { bad "$p server did not start: $(cat "$srv/$p.out")"; finish; }
done
HTTP=$(cat "$srv/http.port") SLOW=$(cat "$srv/slow.port") SMTP=$(cat "$srv/smtp.port")

# ---- the school ---------------------------------------------------------------------
cat >"$school/fitsmon.conf" <<EOF
[school]
name = Secret Keeping School
[store]
path = store.db
[supplier "acme"]
[feed "desk"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$HTTP/auth
auth = bearer @$sec/token
column.id = id
column.opened = opened
column.priority = priority
column.status = status
[feed "basic"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$HTTP/basic
auth = basic fitsmon @$sec/token
column.id = id
column.opened = opened
[feed "slow"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$SLOW/slow.csv
auth = bearer @$sec/token
column.id = id
column.opened = opened
[feed "refused"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$HTTP/auth
auth = bearer @$sec/wrong.token
retries = 0
column.id = id
column.opened = opened
[sla "all"]
respond = 1h
resolve = 8h
[mail]
smtp = smtp://127.0.0.1:$SMTP
from = fitsmon@secret.sch.uk
to = bursar@secret.sch.uk
user = $SMTP_USER
password_file = $sec/smtp.password
ca_file = cert.pem
digest = daily
timeout = 20s
EOF
fm() { (cd "$school" && "$FITSMON" -c fitsmon.conf --now $NOW "$@"); }

# ---- run, watched while it fetches ----------------------------------------------------
(cd "$school" && exec "$FITSMON" -c fitsmon.conf --now $NOW -v run) \
	>"$school/run.out" 2>"$school/run.err" &
pid=$!
samples=0
: >"$school/proc.txt"
while kill -0 "$pid" 2>/dev/null; do
	for p in "$pid" $(ps -o pid= --ppid "$pid" 2>/dev/null); do
		if { tr '\0' ' ' <"/proc/$p/cmdline" >>"$school/proc.txt"; } 2>/dev/null; then
			echo >>"$school/proc.txt"
			{ tr '\0' '\n' <"/proc/$p/environ" >>"$school/proc.txt"; } 2>/dev/null
			samples=$((samples + 1))
		fi
	done
	# and the store's write-ahead log as it is mid-run, now and then
	[ $((samples % 10)) = 1 ] && cp "$school/store.db-wal" "$school/wal-sample.$samples" 2>/dev/null
	sleep 0.02
done
wait "$pid"
rc=$?
# the feed with the wrong token has no good copy: 69 (the others are taken in)
[ "$rc" = 69 ] && ok || bad "run exit $rc, want 69 (one feed refused): $(head -c 600 "$school/run.err")"
[ "$samples" -ge 10 ] && ok || bad "only $samples samples of the running process"
grep -q "fitsmon -c fitsmon.conf --now $NOW -v run" "$school/proc.txt" && ok ||
	bad "the samples do not show fitsmon's argv"
grep -q '^fitsmon: desk: fetched a new copy' "$school/run.err" && ok || bad "desk not fetched: $(cat "$school/run.err")"
grep -q '^fitsmon: basic: fetched a new copy' "$school/run.err" && ok || bad "basic not fetched"
grep -q '^fitsmon: slow: 5000 new' "$school/run.err" && ok || bad "slow not taken in: $(cat "$school/run.err")"
grep -q '^fitsmon: refused: fetch failed -- .*401' "$school/run.err" && ok ||
	bad "the wrong token was not refused: $(grep refused "$school/run.err")"
grep -q '^fitsmon: mailed the digest' "$school/run.err" && ok || bad "the digest was not mailed: $(tail -3 "$school/run.err")"
grep -q "^Authorization: Bearer $TOKEN\$" "$srv/requests.log" && ok || bad "the server never saw the token"
grep -q "^AUTH [A-Z]* $SMTP_USER accepted" "$srv/smtp.log" && ok || bad "SMTP AUTH did not happen: $(cat "$srv/smtp.log")"

# ---- mail --test, every report, query, validate, explain, sql ------------------------
fm -v mail --test >"$school/mailtest.out" 2>"$school/mailtest.err"
rc=$?
[ "$rc" = 0 ] && ok || bad "mail --test exit $rc: $(cat "$school/mailtest.err")"
[ "$(ls "$srv/mail"/*.eml 2>/dev/null | wc -l)" = 2 ] && ok || bad "expected 2 messages at the server"
for f in text json html csv email; do
	fm -v report --format $f -o "$school/report.$f" 2>"$school/report-$f.err"
	rc=$?
	[ "$rc" = 0 ] && ok || bad "report --format $f exit $rc"
done
for q in breaches activities hours feeds findings rejects; do
	for f in text csv json; do
		fm -v query $q --format $f >"$school/query-$q.$f" 2>>"$school/query.err" ||
			bad "query $q --format $f failed"
	done
done
fm -v validate >"$school/validate.out" 2>"$school/validate.err" || bad "validate failed"
fm -v explain INC1001 >"$school/explain.out" 2>"$school/explain.err" || bad "explain failed"
tables=$(fm sql --format csv "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')" |
	tail -n +2 | tr -d '\r')
[ "$(wc -w <<<"$tables")" -ge 8 ] && ok || bad "too few tables: $tables"
for t in $tables; do
	fm sql --format csv "SELECT * FROM \"$t\"" >"$school/dump-$t.csv" 2>>"$school/dump.err" ||
		bad "cannot dump $t"
	fm sql --format json "SELECT * FROM \"$t\"" >"$school/dump-$t.json" 2>>"$school/dump.err"
done
grep -q INC1001 "$school/dump-tickets.csv" && ok || bad "the dumps hold no tickets"
# the store's files as they are while nothing has it open, and as a run leaves them
ls "$school"/store.db* >"$school/store-files.txt"

# ---- nowhere ----------------------------------------------------------------------------
b64() { printf '%s' "$1" | base64 -w0; }
needles=(
	"$TOKEN" "$PASS" "$WRONG"
	"$(b64 "fitsmon:$TOKEN")"                      # HTTP Basic
	"$(b64 "$PASS")"                               # SMTP AUTH LOGIN
	"$(printf '\0%s\0%s' "$SMTP_USER" "$PASS" | base64 -w0)"   # SMTP AUTH PLAIN
	"$(b64 "$TOKEN")"
)
where() {   # what to search, as one list of files
	find "$school" -type f
	find "$srv/mail" -type f
	echo "$srv/smtp.log"
}
n_files=$(where | wc -l)
ls "$school"/wal-sample.* >/dev/null 2>&1 && ok || bad "no sample of the write-ahead log was taken"
[ "$n_files" -ge 40 ] && ok || bad "only $n_files files to search"
for s in "${needles[@]}"; do
	hits=$(where | xargs -d '\n' grep -l -a -F -e "$s" 2>/dev/null)
	[ -z "$hits" ] && ok || bad "a secret (${s:0:6}...) appears in: $(echo $hits)"
done
# the spool and the raw store files are in that list; say so, so a change of
# layout cannot quietly drop them
for f in store.db spool/desk/current spool/slow/current; do
	[ -e "$school/$f" ] && ok || bad "$f is missing (the search above would not cover it)"
done
echo "secrets: $samples process samples, $n_files files searched, $(($(date +%s) - t0)) s"
finish
