#!/bin/bash
# Mail over the wire: a real SMTP server on 127.0.0.1 (tests/smtpd.py on
# Debian's python3-aiosmtpd, started here) and a fake sendmail, fed by
# tests/mailsend.c (config_load + mail_build + mail_send, exiting as
# fitsmon does).  Asserts on what the server received: headers, both
# parts decoded with Python's email package, envelope recipients (to +
# cc), AUTH, TLS; and on the errors and the exit status 75 when sending
# cannot work.  The password must not appear in any output or log.
# Nothing here talks to any address outside 127.0.0.1.
set -u
. "$(dirname "$0")/itlib.sh" mail

need_aiosmtpd

# The driver, with the Makefile's own flags (its build/tests/% rule);
# MAILSEND=PATH runs another build of it (say, with sanitizers).
if [ -z "${MAILSEND:-}" ]; then
	if ! make -s build/libfitsmon.a build/tests/mailsend >"$tmp/build.log" 2>&1; then
		bad "cannot build build/tests/mailsend: $(tail -5 "$tmp/build.log")"
		finish
	fi
	MAILSEND=$root/build/tests/mailsend
fi

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
	>/dev/null 2>&1 || { bad "openssl could not make a certificate"; finish; }

# start_server NAME ARGS...: start smtpd.py spooling into $tmp/NAME.spool,
# logging to $tmp/NAME.log; its port lands in $tmp/NAME.port
start_server() {
	local name=$1
	shift
	"$PY" tests/smtpd.py --port 0 --portfile "$tmp/$name.port" --spool "$tmp/$name.spool" \
		--log "$tmp/$name.log" --max-seconds 300 "$@" >"$tmp/$name.out" 2>&1 &
	pids+=($!)
	for _ in $(seq 200); do
		[ -s "$tmp/$name.port" ] && break
		sleep 0.05
	done
	[ -s "$tmp/$name.port" ] || { bad "$name server did not start: $(cat "$tmp/$name.out")"; finish; }
}

PASS="pw-$$-N0t.For:Logs"
USER=fitsmon-oakfield
printf '%s\n' "$PASS" >"$tmp/password"
chmod 600 "$tmp/password"
printf 'wrong-%s\n' "$PASS" >"$tmp/wrong-password"
chmod 600 "$tmp/wrong-password"

start_server secure --starttls "$tmp/cert.pem" "$tmp/key.pem" --auth "$USER" "$PASS"
start_server plain --reject-rcpt nobody@oakfield.sch.uk
start_server picky --reject-data
start_server stall --stall-after-data 200
start_server smtps --tls "$tmp/cert.pem" "$tmp/key.pem" --auth "$USER" "$PASS"
SECURE=$(cat "$tmp/secure.port") PLAIN=$(cat "$tmp/plain.port") SMTPS=$(cat "$tmp/smtps.port")
PICKY=$(cat "$tmp/picky.port") STALL=$(cat "$tmp/stall.port")

# conf NAME KEY=VALUE...: $tmp/NAME.conf, a school with only a [mail] section
conf() {
	local name=$1
	shift
	{
		printf '[mail]\nfrom = fitsmon@oakfield.sch.uk\n'
		printf 'to = bursar@oakfield.sch.uk, head@oakfield.sch.uk\ncc = it-lead@trust.example\n'
		printf 'timeout = 10s\n'
		for kv in "$@"; do printf '%s\n' "$kv"; done
	} >"$tmp/$name.conf"
}

# The bodies: plain text and HTML, with UTF-8, a leading dot and a long line.
cat >"$tmp/text.txt" <<'EOF'
2 things need your attention.

Red: backups were not checked on Tue 24 Nov.
  Ask Acme: "Who checked the backups on Tue 24 Nov, and what did they find?"
.
From the ICT support contract – Schülerlaptops.
EOF
printf '%s\n' "$(printf 'long %.0s' $(seq 300))" >>"$tmp/text.txt"
cat >"$tmp/html.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Oakfield</title></head>
<body><h1 style="color:#b00020">2 things need your attention</h1>
<p>Backups were not checked on Tue&nbsp;24&nbsp;Nov &ndash; Schülerlaptops.</p></body></html>
EOF
SUBJECT='Schülerlaptops – 3 Dinge'
NAME='Oakfield Primary School via fitsmon'

# send NAME ARGS...: run mailsend with $tmp/NAME.conf; status in $rc,
# standard error in $tmp/NAME.err
send() {
	local name=$1
	shift
	"$MAILSEND" "$tmp/$name.conf" "$@" >"$tmp/$name.stdout" 2>"$tmp/$name.err"
	rc=$?
}

# count SERVER: messages the server has spooled
count() { ls "$tmp/$1.spool"/*.eml 2>/dev/null | wc -l; }

# check EML JSON|- KEY=VALUE...: what a received message must look like
# (see the Python below); prints one line per problem
cat >"$tmp/check.py" <<'EOF'
import email, email.policy, json, sys
eml, meta = sys.argv[1], sys.argv[2]
want = dict(a.split("=", 1) for a in sys.argv[3:])
raw = open(eml, "rb").read()
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)
lf = want.get("lf") == "1"
if lf:
    need(b"\r" not in raw, "CR in a message meant for sendmail")
    lines = raw.split(b"\n")
else:
    need(raw.replace(b"\r\n", b"").find(b"\n") < 0 and
         raw.replace(b"\r\n", b"").find(b"\r") < 0, "bare CR or LF")
    lines = raw.split(b"\r\n")
need(all(len(l) <= 998 for l in lines), "a line longer than 998")
head = raw.split(b"\r\n\r\n" if not lf else b"\n\n", 1)[0]
need(all(len(l) <= 76 for l in head.splitlines()), "a header line longer than 76")
m = email.message_from_bytes(raw, policy=email.policy.default)
need(not m.defects, f"defects: {m.defects}")
for h in ("Date", "Message-ID", "MIME-Version", "From", "To", "Subject", "Auto-Submitted"):
    need(m[h] is not None, f"no {h} header")
need(m["MIME-Version"] == "1.0", "MIME-Version is not 1.0")
need(m["Auto-Submitted"] == "auto-generated", "Auto-Submitted is not auto-generated")
need(m["Bcc"] is None, "a Bcc header")
need(str(m["Message-ID"]).endswith("@oakfield.sch.uk>"), f"Message-ID {m['Message-ID']}")
need(m["Subject"] == want["subject"], f"Subject {m['Subject']!r}, want {want['subject']!r}")
fr = m["From"].addresses[0]
need(fr.addr_spec == "fitsmon@oakfield.sch.uk", f"From {m['From']}")
need(fr.display_name == want.get("name", ""), f"From name {fr.display_name!r}")
to = [a.addr_spec for a in m["To"].addresses]
need(to == ["bursar@oakfield.sch.uk", "head@oakfield.sch.uk"], f"To {to}")
cc = [a.addr_spec for a in m["Cc"].addresses] if m["Cc"] else []
need(cc == ["it-lead@trust.example"], f"Cc {cc}")
def body(path):
    return open(path, encoding="utf-8").read()
def norm(s):
    return s.replace("\r\n", "\n")
if want.get("html", "-") != "-":
    need(m.get_content_type() == "multipart/alternative", f"type {m.get_content_type()}")
    parts = list(m.iter_parts())
    types = [p.get_content_type() for p in parts]
    need(types == ["text/plain", "text/html"], f"parts {types}")
    if types == ["text/plain", "text/html"]:
        for p, f in zip(parts, (want["text"], want["html"])):
            need(p.get_content_charset() == "utf-8", "charset is not utf-8")
            need(p["Content-Transfer-Encoding"] == "quoted-printable", "not quoted-printable")
            need(norm(p.get_content()) == body(f), f"{p.get_content_type()} differs")
        b = m.get_boundary()
        need(all(b not in p.get_content() for p in parts), "boundary inside a part")
else:
    need(m.get_content_type() == "text/plain", f"type {m.get_content_type()}")
    need(norm(m.get_content()) == body(want["text"]), "text differs")
if meta != "-":
    j = json.load(open(meta))
    need(j["mail_from"] == "fitsmon@oakfield.sch.uk", f"MAIL FROM {j['mail_from']}")
    rcpt = ["bursar@oakfield.sch.uk", "head@oakfield.sch.uk", "it-lead@trust.example"]
    need(j["rcpt_tos"] == rcpt, f"RCPT TO {j['rcpt_tos']}")
    if "auth" in want:
        need(j["auth_login"] == (None if want["auth"] == "-" else want["auth"]),
             f"AUTH login {j['auth_login']}, want {want['auth']}")
    if "tls" in want:
        need(j["tls"] == (want["tls"] == "1"), f"TLS {j['tls']}, want {want['tls']}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
# check WHAT EML JSON KEY=VALUE...: run check.py, one bad line per problem
check() {
	local what=$1 out
	shift
	if [ ! -s "$1" ]; then
		bad "$what: no message at $1"
		return
	fi
	if out=$("$PY" "$tmp/check.py" "$@" 2>&1); then
		ok
	else
		while IFS= read -r line; do bad "$what: $line"; done <<<"$out"
	fi
}

# expect_fail WHAT NAME TEXT: the last send exited 75 and said TEXT
expect_fail() {
	local what=$1 name=$2 text=$3
	[ "$rc" = 75 ] && ok || bad "$what: exit $rc, want 75 ($(cat "$tmp/$name.err"))"
	grep -qF -- "$text" "$tmp/$name.err" && ok ||
		bad "$what: error '$(cat "$tmp/$name.err")' does not say '$text'"
	[ "$(grep -c . "$tmp/$name.err")" = 1 ] && ok || bad "$what: error is not one line"
}

# ---- SMTP with STARTTLS and AUTH ------------------------------------------------

conf secure "smtp = smtp://127.0.0.1:$SECURE" "user = $USER" "password_file = password" \
	"ca_file = cert.pem"
send secure "$SUBJECT" "$tmp/text.txt" "$tmp/html.html" "$NAME"
[ "$rc" = 0 ] && ok || bad "starttls+auth: exit $rc: $(cat "$tmp/secure.err")"
[ ! -s "$tmp/secure.err" ] && ok || bad "starttls+auth: said '$(cat "$tmp/secure.err")'"
check "starttls+auth" "$tmp/secure.spool/1.eml" "$tmp/secure.spool/1.json" \
	"subject=$SUBJECT" "name=$NAME" "text=$tmp/text.txt" "html=$tmp/html.html" \
	"auth=$USER" tls=1
grep -q "^AUTH [A-Z]* $USER accepted" "$tmp/secure.log" && ok || bad "starttls+auth: no AUTH"

# A subject and a sender name carrying a header of their own.
send secure $'Report\r\nBcc: evil@example.org' "$tmp/text.txt" "$tmp/html.html" \
	$'Oakfield\r\nBcc: evil@example.org'
[ "$rc" = 0 ] && ok || bad "injection: exit $rc: $(cat "$tmp/secure.err")"
check "injection" "$tmp/secure.spool/2.eml" "$tmp/secure.spool/2.json" \
	"subject=Report Bcc: evil@example.org" "name=Oakfield Bcc: evil@example.org" \
	"text=$tmp/text.txt" "html=$tmp/html.html"
grep -q '^Bcc:' "$tmp/secure.spool/2.eml" && bad "injection: a Bcc header line" || ok

# The wrong password: refused, and said so without either password.
conf wrongpw "smtp = smtp://127.0.0.1:$SECURE" "user = $USER" \
	"password_file = wrong-password" "ca_file = cert.pem"
n=$(count secure)
send wrongpw "Test" "$tmp/text.txt"
expect_fail "wrong password" wrongpw "127.0.0.1:$SECURE: authentication failed: 535"
[ "$(count secure)" = "$n" ] && ok || bad "wrong password: a message was delivered"

# A client that does not trust the certificate stops before AUTH.
conf untrusted "smtp = smtp://127.0.0.1:$SECURE" "user = $USER" "password_file = password"
auths=$(grep -c '^AUTH' "$tmp/secure.log")
send untrusted "Test" "$tmp/text.txt"
expect_fail "untrusted certificate" untrusted "certificate"
[ "$(grep -c '^AUTH' "$tmp/secure.log")" = "$auths" ] && ok ||
	bad "untrusted certificate: AUTH reached the server"

# ---- a server without STARTTLS ------------------------------------------------------

conf nostarttls "smtp = smtp://127.0.0.1:$PLAIN"
n=$(count plain)
send nostarttls "Test" "$tmp/text.txt" "$tmp/html.html"
expect_fail "no STARTTLS" nostarttls \
	"smtp://127.0.0.1:$PLAIN: STARTTLS is required but the server does not offer it"
[ "$(count plain)" = "$n" ] && ok || bad "no STARTTLS: a message was delivered in clear"

# starttls = no: plain SMTP is allowed, a text-only message is one part.
conf cleartext "smtp = smtp://127.0.0.1:$PLAIN" "starttls = no"
send cleartext "Plain test" "$tmp/text.txt" -
[ "$rc" = 0 ] && ok || bad "starttls = no: exit $rc: $(cat "$tmp/cleartext.err")"
check "starttls = no" "$tmp/plain.spool/1.eml" "$tmp/plain.spool/1.json" \
	"subject=Plain test" "text=$tmp/text.txt" html=- auth=- tls=0

# ... but never with a password.
conf cleartextpw "smtp = smtp://127.0.0.1:$PLAIN" "starttls = no" "user = $USER" \
	"password_file = password"
n=$(count plain)
send cleartextpw "Test" "$tmp/text.txt"
expect_fail "password without TLS" cleartextpw "will not send the password without TLS"
[ "$(count plain)" = "$n" ] && ok || bad "password without TLS: a message was delivered"

# A recipient the server refuses: nobody gets a copy.
conf refused "smtp = smtp://127.0.0.1:$PLAIN" "starttls = no" \
	"cc = it-lead@trust.example, nobody@oakfield.sch.uk"
n=$(count plain)
send refused "Test" "$tmp/text.txt"
expect_fail "refused recipient" refused \
	"smtp://127.0.0.1:$PLAIN: 550 5.1.1 mailbox unavailable for nobody@oakfield.sch.uk"
[ "$(count plain)" = "$n" ] && ok || bad "refused recipient: a message was delivered"

# A message the server refuses after reading it.
conf picky "smtp = smtp://127.0.0.1:$PICKY" "starttls = no"
send picky "Test" "$tmp/text.txt"
expect_fail "refused message" picky \
	"smtp://127.0.0.1:$PICKY: message refused: 554 5.6.0 message content rejected"

# A server that says nothing after DATA's final dot: the timeout covers the
# whole transaction, the wait for that answer and QUIT included (libcurl's
# own waits there are 120 s each).
conf stall "smtp = smtp://127.0.0.1:$STALL" "starttls = no" "timeout = 2s"
start=$(date +%s)
send stall "Test" "$tmp/text.txt"
took=$(($(date +%s) - start))
expect_fail "stall after DATA" stall "smtp://127.0.0.1:$STALL: no answer within 2000 ms"
# 2 s, with a second for libcurl's once-a-second checks and one for a busy machine
[ "$took" -le 4 ] && ok || bad "stall after DATA: took $took s with timeout = 2s"
grep -q "stalling" "$tmp/stall.log" && ok || bad "stall after DATA: the message never reached DATA"

# Nobody listening.
conf closed "smtp = smtp://127.0.0.1:1" "starttls = no"
send closed "Test" "$tmp/text.txt"
expect_fail "connection refused" closed "smtp://127.0.0.1:1: "

# ---- smtps:// ----------------------------------------------------------------------

conf smtps "smtp = smtps://127.0.0.1:$SMTPS" "user = $USER" "password_file = password" \
	"ca_file = cert.pem"
send smtps "$SUBJECT" "$tmp/text.txt" "$tmp/html.html" "$NAME"
[ "$rc" = 0 ] && ok || bad "smtps: exit $rc: $(cat "$tmp/smtps.err")"
check "smtps" "$tmp/smtps.spool/1.eml" "$tmp/smtps.spool/1.json" \
	"subject=$SUBJECT" "name=$NAME" "text=$tmp/text.txt" "html=$tmp/html.html" \
	"auth=$USER" tls=1

conf smtpsnoca "smtp = smtps://127.0.0.1:$SMTPS" "user = $USER" "password_file = password"
send smtpsnoca "Test" "$tmp/text.txt"
expect_fail "smtps, untrusted certificate" smtpsnoca "smtps://127.0.0.1:$SMTPS: TLS: "
[ "$(count smtps)" = 1 ] && ok || bad "smtps, untrusted certificate: a message was delivered"

# ---- sendmail ------------------------------------------------------------------------

mkdir -p "$tmp/sm"
cat >"$tmp/sm/sendmail" <<'EOF'
#!/bin/sh
# A fake sendmail: records its arguments (one a line) and its input.
d=$(dirname "$0")
for a in "$@"; do printf '%s\n' "$a"; done >"$d/argv"
cat >"$d/stdin"
case ${FAKE_SENDMAIL:-ok} in
ok) exit 0 ;;
tempfail) echo "sendmail: queue is full" >&2; exit 75 ;;
hang) sleep 30 ;;
esac
EOF
chmod 755 "$tmp/sm/sendmail"

conf sendmail "sendmail = sm/sendmail"
send sendmail "$SUBJECT" "$tmp/text.txt" "$tmp/html.html" "$NAME"
[ "$rc" = 0 ] && ok || bad "sendmail: exit $rc: $(cat "$tmp/sendmail.err")"
printf '%s\n' -i -f fitsmon@oakfield.sch.uk -- bursar@oakfield.sch.uk head@oakfield.sch.uk \
	it-lead@trust.example >"$tmp/sm/want-argv"
cmp -s "$tmp/sm/argv" "$tmp/sm/want-argv" && ok ||
	bad "sendmail: argv $(tr '\n' ' ' <"$tmp/sm/argv")"
check "sendmail" "$tmp/sm/stdin" - lf=1 "subject=$SUBJECT" "name=$NAME" \
	"text=$tmp/text.txt" "html=$tmp/html.html"

FAKE_SENDMAIL=tempfail send sendmail "Test" "$tmp/text.txt"
[ "$rc" = 75 ] && ok || bad "sendmail exit 75: exit $rc"
grep -qF "sm/sendmail: exited with status 75" "$tmp/sendmail.err" && ok ||
	bad "sendmail exit 75: said '$(cat "$tmp/sendmail.err")'"

start=$(date +%s)
conf sendmailslow "sendmail = sm/sendmail" "timeout = 1s"
FAKE_SENDMAIL=hang send sendmailslow "Test" "$tmp/text.txt"
expect_fail "sendmail hangs" sendmailslow "sm/sendmail: no answer within 1000 ms"
[ $(($(date +%s) - start)) -lt 10 ] && ok || bad "sendmail hangs: not stopped at the timeout"

conf nosendmail "sendmail = sm/not-there"
send nosendmail "Test" "$tmp/text.txt"
expect_fail "no sendmail" nosendmail "cannot run '"

# ---- the password is nowhere -----------------------------------------------------------

b64=$(printf '\0%s\0%s' "$USER" "$PASS" | base64 -w0)
leaks=$(grep -rlF -e "$PASS" -e "$b64" "$tmp" | grep -v -e "/password$" -e "/wrong-password$")
[ -z "$leaks" ] && ok || bad "the password appears in: $leaks"

finish
