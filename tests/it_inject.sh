#!/bin/bash
# Injection.  Hostile text from the feeds (ticket ids and summaries) and
# from the configuration (the school's and a supplier's name, with a CR
# inside the line and non-ASCII) must stay data:
#   1. mail: the digest (`run`) and `mail --test` go to tests/smtpd.py; each
#      received message, read with Python's email package, has exactly the
#      headers fitsmon writes (no Bcc, no extra header, each once), no
#      defects, CRLF line ends only, the recipients exactly as configured
#      (To, Cc and the SMTP envelope), two parts (text and HTML, the HTML
#      with no live <script>), and the server got no message smuggled in by
#      a "\r\n.\r\n" in a summary;
#   2. CSV: `report --format csv`, every `query ... --format csv`,
#      `validate --format csv` and `sql --format csv` write no cell that
#      starts with = + - @ tab or CR (such cells get a leading ');
#   3. `fitsmon sql` cannot write (INSERT, UPDATE, DELETE, DROP, CREATE,
#      REPLACE, VACUUM, REINDEX, ANALYZE, BEGIN IMMEDIATE), ATTACH or
#      DETACH, load extensions, or set a PRAGMA (journal_mode=DELETE,
#      writable_schema=1, ...): each is refused with status 65, a write
#      hidden after a SELECT refuses the whole command and prints nothing,
#      no file appears, and the store's files are byte-identical after.
# Only 127.0.0.1.
. "$(dirname "$0")/itlib.sh" inject
export FITSMON_CATALOG=$root/rules/fitsom/catalog.conf
NOW=2026-11-28T02:30:00Z
if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
	bad "python3-aiosmtpd is not installed; run as root: apt-get install python3-aiosmtpd"
	finish
fi

"$PY" tests/smtpd.py --port 0 --portfile "$tmp/smtp.port" --spool "$tmp/mail" \
	--log "$tmp/smtp.log" --max-seconds 120 >"$tmp/smtp.out" 2>&1 &
pids+=($!)
for _ in $(seq 200); do
	[ -s "$tmp/smtp.port" ] && break
	sleep 0.05
done
[ -s "$tmp/smtp.port" ] || { bad "smtpd.py did not start: $(cat "$tmp/smtp.out")"; finish; }
SMTP=$(cat "$tmp/smtp.port")

# ---- the school: hostile names in the config, hostile cells in the feed -----------------
d=$tmp/school
mkdir -p "$d"
CR=$'\r'
# An INI line cannot hold LF.  A CR inside the line is refused in the
# school's name (it goes into Subject and From)...
printf '[school]\nname = Oakfield%sBcc: evil@example.org\n' "$CR" >"$d/cr.conf"
out=$(cd "$d" && "$FITSMON" -c cr.conf validate 2>&1)
rc=$?
[ "$rc" = 78 ] && ok || bad "a CR in the school's name: exit $rc, want 78"
[ "$out" = "cr.conf:2: name: line breaks are not allowed" ] && ok || bad "a CR in the school's name: '$out'"
printf '[mail]\nsmtp = smtp://127.0.0.1:1\nstarttls = no\nfrom = a@b.example\nto = c@d.example%sBcc: evil@example.org\n' \
	"$CR" >"$d/cr2.conf"
out=$(cd "$d" && "$FITSMON" -c cr2.conf validate 2>&1)
rc=$?
[ "$rc" = 78 ] && ok || bad "a CR in mail to: exit $rc, want 78 ($out)"
# ...while every other control character, non-ASCII, invalid UTF-8 and an
# encoded-word look-alike are allowed there and must be made safe; a
# supplier's name (only ever in the body) may even hold a CR.
SCHOOL="Oakfield"$'\t'"Bcc: evil@example.org"$'\v\f'"X-Injected: 1"$'\x01\x7f'" – Grundschule Zürich"
SCHOOL="$SCHOOL"$'\xe2\x80\xa8\xc2\x85\xff'" =?utf-8?q?=0D=0ABcc:_evil@example.org?= <b>"
SUPPLIER="Acme${CR}Bcc: evil@example.org${CR}Subject: pwned – Ünïcödé IT Ltd <b>bold</b>"
cat >"$d/fitsmon.conf" <<EOF
[school]
name = $SCHOOL
[store]
path = store.db
[supplier "acme"]
name = $SUPPLIER
[feed "desk"]
supplier = acme
kind = tickets
url = tickets.csv
column.id = Ref
column.opened = Logged
column.responded = Responded
column.priority = Priority
column.summary = Summary
[sla "all"]
respond = 1h
resolve = 8h
[mail]
smtp = smtp://127.0.0.1:$SMTP
starttls = no
from = fitsmon@oakfield.sch.uk
to = bursar@oakfield.sch.uk, head@oakfield.sch.uk
cc = it-lead@trust.example
digest = daily
timeout = 20s
EOF
"$PY" - "$d/tickets.csv" <<'EOF'
import csv, sys
rows = [
    ("INC1", "Printer\r\nBcc: evil@example.org\r\nX-Injected: summary"),
    ("INC2", "smuggle\r\n.\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<evil@example.org>\r\n"
             "DATA\r\nSubject: smuggled\r\n\r\nhi\r\n.\r\nQUIT\r\n"),
    ("INC3", "bare LF\n.\nMAIL FROM:<evil@example.org>\nRCPT TO:<evil@example.org>\nDATA\n"),
    ("INC4", "\r\n\r\n--=_fitsmon_0\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>"),
    ('=HYPERLINK("http://evil.example/","click")', "=1+2"),
    ("+SUM(1)", "+cmd|' /C calc'!A0"),
    ("-2+3", "-2+3"),
    ("@SUM(A1)", "@SUM(A1)"),
    ("INC9", "\t=tab first"),
    ("INC10", "\r=CR first"),
]
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["Ref", "Logged", "Responded", "Priority", "Summary"])
    for i, (ref, summary) in enumerate(rows):
        # opened a week before now, never answered: every one is late
        w.writerow([ref, "2026-11-20 09:%02d" % i, "", "P1", summary])
EOF
fm() { (cd "$d" && "$FITSMON" -c fitsmon.conf --now $NOW "$@"); }

fm validate >"$tmp/validate.out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "the config with CR inside names is refused ($rc): $(head -c 300 "$tmp/validate.out")"
fm run >"$tmp/run.out" 2>"$tmp/run.err"
rc=$?
[ "$rc" = 0 ] && ok || bad "run exit $rc: $(head -c 400 "$tmp/run.err")"
grep -q '^fitsmon: desk: 10 new' "$tmp/run.err" && ok || bad "not every hostile row was taken in: $(cat "$tmp/run.err")"
grep -q '^fitsmon: mailed the digest' "$tmp/run.err" && ok || bad "no digest mailed: $(tail -2 "$tmp/run.err")"
fm mail --test >"$tmp/mailtest.out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "mail --test exit $rc: $(cat "$tmp/mailtest.out")"

# ---- 1. the messages ------------------------------------------------------------------
cat >"$tmp/headers.py" <<'EOF'
import email, email.policy, json, re, sys
eml, meta, multipart = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
raw = open(eml, "rb").read()
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)
# CRLF only: no bare CR or LF anywhere
need(re.search(rb"\r(?!\n)|(?<!\r)\n", raw) is None, "a bare CR or LF")
head = raw.split(b"\r\n\r\n", 1)[0]
for line in head.split(b"\r\n"):
    need(not line.lower().startswith((b"bcc:", b"x-injected:")), f"header line {line[:60]!r}")
m = email.message_from_bytes(raw, policy=email.policy.default)
need(not m.defects, f"defects {m.defects}")
allowed = {"date", "from", "to", "cc", "subject", "message-id", "mime-version",
           "auto-submitted", "content-type", "content-transfer-encoding"}
names = [k.lower() for k in m.keys()]
need(set(names) <= allowed, f"unexpected headers {sorted(set(names) - allowed)}")
need(len(names) == len(set(names)), f"a header twice: {names}")
need(m["Bcc"] is None, "a Bcc header")
for h in ("Subject", "From"):
    v = str(m[h])
    need("\r" not in v and "\n" not in v, f"{h} holds a line break: {v!r}")
subject = str(m["Subject"])
need(re.search(r"[\x00-\x1f\x7f]", subject) is None, f"a control character in Subject {subject!r}")
need(subject.startswith("Oakfield Bcc: evil@example.org X-Injected: 1 – Grundschule Zürich"),
     f"Subject {subject!r}")
need("=?utf-8?q?=0D=0ABcc:_evil@example.org?= <b>" in subject,
     f"the encoded-word look-alike was decoded or lost: {subject!r}")
fr = m["From"].addresses
need(len(fr) == 1 and fr[0].addr_spec == "fitsmon@oakfield.sch.uk", f"From {m['From']}")
need(fr and fr[0].display_name.startswith("Oakfield Bcc: evil@example.org"), f"From name {m['From']}")
to = [a.addr_spec for a in m["To"].addresses]
need(to == ["bursar@oakfield.sch.uk", "head@oakfield.sch.uk"], f"To {to}")
cc = [a.addr_spec for a in m["Cc"].addresses] if m["Cc"] else []
need(cc == ["it-lead@trust.example"], f"Cc {cc}")
j = json.load(open(meta))
need(j["mail_from"] == "fitsmon@oakfield.sch.uk", f"MAIL FROM {j['mail_from']}")
need(j["rcpt_tos"] == ["bursar@oakfield.sch.uk", "head@oakfield.sch.uk", "it-lead@trust.example"],
     f"RCPT TO {j['rcpt_tos']}")
if multipart:
    parts = list(m.iter_parts())
    types = [p.get_content_type() for p in parts]
    need(types == ["text/plain", "text/html"], f"parts {types}")
    if len(parts) == 2:
        html = parts[1].get_content()
        need("<script" not in html.lower(), "a live <script> in the HTML part")
        need("<b>bold</b>" not in html, "the supplier's name is HTML in the HTML part")
        for p in parts:
            need(not p.defects, f"part defects {p.defects}")
else:
    need(m.get_content_type() == "text/plain", f"type {m.get_content_type()}")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
n=$(ls "$tmp/mail"/*.eml 2>/dev/null | wc -l)
[ "$n" = 2 ] && ok || bad "the server received $n messages, want 2 (the digest and the test): smuggled?"
grep -c '^DATA ' "$tmp/smtp.log" | grep -qx 2 && ok || bad "DATA accepted other than twice: $(cat "$tmp/smtp.log")"
for i in 1 2; do
	[ -s "$tmp/mail/$i.eml" ] || { bad "no message $i"; continue; }
	multi=$([ "$i" = 1 ] && echo 1 || echo 0)
	if out=$("$PY" "$tmp/headers.py" "$tmp/mail/$i.eml" "$tmp/mail/$i.json" "$multi" 2>&1); then
		ok
	else
		while IFS= read -r line; do bad "message $i: $line"; done <<<"$out"
	fi
done
# the HTML report on its own escapes the summaries too
fm report --format html -o "$tmp/report.html" 2>/dev/null
grep -qi '<script' "$tmp/report.html" && bad "report --format html holds a live <script>" || ok

# ---- 2. CSV exports ----------------------------------------------------------------------
cat >"$tmp/cells.py" <<'EOF'
import csv, sys
bad = 0
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for r, row in enumerate(csv.reader(f), 1):
            for c, cell in enumerate(row, 1):
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    print(f"{path.rsplit('/', 1)[-1]}: row {r} column {c}: {cell[:50]!r}")
                    bad += 1
sys.exit(1 if bad else 0)
EOF
mkdir -p "$tmp/csv"
fm report --format csv -o "$tmp/csv/report.csv" 2>/dev/null || bad "report --format csv failed"
for q in breaches activities hours feeds findings rejects; do
	fm query $q --format csv >"$tmp/csv/query-$q.csv" 2>/dev/null || bad "query $q --format csv failed"
done
fm validate --format csv >"$tmp/csv/validate.csv" 2>/dev/null || bad "validate --format csv failed"
fm sql --format csv "SELECT id, cells FROM tickets ORDER BY row" >"$tmp/csv/sql-tickets.csv" 2>/dev/null ||
	bad "sql --format csv failed"
fm sql --format csv "SELECT '=1+1' AS \"=h\", '+1', -1, '@x', char(9) || 'tab', char(13) || 'cr', 'ok'" \
	>"$tmp/csv/sql-cells.csv" 2>/dev/null || bad "sql --format csv of formula cells failed"
if out=$("$PY" "$tmp/cells.py" "$tmp"/csv/*.csv 2>&1); then ok; else
	while IFS= read -r line; do bad "CSV cell not neutralised: $line"; done <<<"$out"
fi
# and the hostile values are there, neutralised, not dropped
grep -qF "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"" "$tmp/csv/report.csv" && ok ||
	bad "report.csv lacks the neutralised =HYPERLINK ticket: $(head -c 600 "$tmp/csv/report.csv")"
grep -qF "\"'+SUM(1)\"" "$tmp/csv/query-breaches.csv" && ok || bad "query breaches lacks '+SUM(1)"
grep -qF "\"'@SUM(A1)\"" "$tmp/csv/query-findings.csv" && ok || bad "query findings lacks '@SUM(A1)"
grep -qF "\"'-2+3\"" "$tmp/csv/query-breaches.csv" && ok || bad "query breaches lacks '-2+3"
row=$(sed -n 2p "$tmp/csv/sql-cells.csv")
[ "$row" = "\"'=1+1\",\"'+1\",\"'-1\",\"'@x\",\"'"$'\t'"tab\",\"'"$'\r'"cr\",ok"$'\r' ] && ok ||
	bad "sql cells: $(printf '%q' "$row")"

# ---- 3. sql cannot change anything ----------------------------------------------------------
store_sum() { (cd "$d" && sha256sum store.db && { [ -e store.db-wal ] && sha256sum store.db-wal; }; ls -A) 2>/dev/null; }
mode_version() {
	"$PY" -c 'import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute("PRAGMA journal_mode").fetchone()[0], c.execute("PRAGMA user_version").fetchone()[0])' "$d/store.db"
}
jm_before=$(mode_version)
case $jm_before in "wal "[0-9]*) ok ;; *) bad "the store is not in WAL mode: '$jm_before'" ;; esac
: >"$tmp/sql.err"
before=$(store_sum)
files_before=$(ls -A "$tmp" "$d" | sort)
tickets_before=$(fm sql --format csv "SELECT count(*) FROM tickets")
refuse() {   # refuse SQL: status 65, nothing on standard output
	local out rc
	out=$(fm sql "$1" 2>"$tmp/sql.err")
	rc=$?
	[ "$rc" = 65 ] && ok || bad "sql '$1': exit $rc, want 65 ($(head -c 200 "$tmp/sql.err"))"
	[ -z "$out" ] && ok || bad "sql '$1' printed: $(head -c 200 <<<"$out")"
	grep -q '^fitsmon: sql: ' "$tmp/sql.err" && ok || bad "sql '$1': no message: $(cat "$tmp/sql.err")"
}
refuse "INSERT INTO tickets(feed, id, opened, cells) VALUES('desk', 'X', 1, '')"
refuse "REPLACE INTO tickets(feed, id, opened, cells) VALUES('desk', 'INC1', 1, '')"
refuse "UPDATE tickets SET opened = 0"
refuse "DELETE FROM tickets"
refuse "DELETE FROM findings"
refuse "DROP TABLE tickets"
refuse "DROP VIEW tickets_v"
refuse "CREATE TABLE evil(x)"
refuse "CREATE TEMP TABLE evil(x)"
refuse "CREATE TRIGGER evil AFTER INSERT ON runs BEGIN DELETE FROM tickets; END"
refuse "CREATE INDEX evil ON tickets(opened)"
refuse "ALTER TABLE tickets ADD COLUMN evil"
refuse "ATTACH DATABASE '$tmp/attached.db' AS evil"
refuse "ATTACH '$d/store.db' AS again"
refuse "DETACH main"
refuse "PRAGMA journal_mode=DELETE"
refuse "PRAGMA main.journal_mode = delete"
refuse "PRAGMA writable_schema=1"
refuse "PRAGMA writable_schema = ON"
refuse "PRAGMA user_version=42"
refuse "PRAGMA query_only=0"
refuse "PRAGMA foreign_keys=OFF"
refuse "PRAGMA synchronous=OFF"
refuse "PRAGMA wal_checkpoint(TRUNCATE)"
refuse "PRAGMA wal_checkpoint"
refuse "VACUUM"
refuse "VACUUM INTO '$tmp/copy.db'"
refuse "REINDEX"
refuse "ANALYZE"
refuse "BEGIN IMMEDIATE"
refuse "SELECT load_extension('$tmp/evil.so')"
refuse "SELECT 1; DELETE FROM tickets"
refuse "SELECT * FROM tickets; DROP TABLE tickets; --"
refuse "WITH x AS (SELECT 1) DELETE FROM tickets"
refuse "WITH x AS (SELECT 1) INSERT INTO runs(command, now, started) SELECT 'x', 1, 1 FROM x"
# reading, including a pragma without an argument, still works
out=$(fm sql --format csv "PRAGMA integrity_check" 2>&1)
[ "$(tr -d '\r' <<<"$out")" = $'integrity_check\nok' ] && ok || bad "PRAGMA integrity_check: $out"
[ "$(fm sql --format csv "SELECT count(*) FROM tickets")" = "$tickets_before" ] && ok ||
	bad "the tickets changed"
after=$(store_sum)
[ "$before" = "$after" ] && ok || bad "the store's files changed: $before // $after"
files_after=$(ls -A "$tmp" "$d" | sort)
[ "$files_before" = "$files_after" ] && ok ||
	bad "files appeared or went: $(diff <(echo "$files_before") <(echo "$files_after") | tr '\n' ' ')"
# read-only for real: the journal mode and schema version are as fitsmon set them
jm=$(mode_version)
[ "$jm" = "$jm_before" ] && ok || bad "journal mode and schema version now '$jm', were '$jm_before'"
finish
