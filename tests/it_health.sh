#!/bin/bash
# The feed health gate (issue 13): a copy that could not be read gives no
# verdict, only a red feed-unreadable finding that leads the report and says
# how to fix it.  Each case runs the sample school (rules/examples/
# oakfield.conf) through `fitsmon run` with one feed bent, and checks the
# report the school would get, against a real SMTP server on 127.0.0.1.
set -u
. "$(dirname "$0")/itlib.sh" health
need_aiosmtpd

start_smtpd smtp
SMTP=$SMTP_PORT
NOW=2026-11-28T02:30:00Z

# school DIR LOG [EXTRA]: the sample school in DIR reading the work log LOG
# (a path), its other feeds and the catalog from the source tree, mail to the
# test server; EXTRA lines are added to the acme-log section.
school() {
	local d=$1 log=$2 extra=${3:-}
	mkdir -p "$d"
	sed -e "s|^url         = ../../feeds/samples/acme-log.csv|url = $log|" \
	    -e "s|\.\./\.\./feeds/|$root/feeds/|g" \
	    -e "s|^path = \.\./fitsom/|path = $root/rules/fitsom/|" \
	    rules/examples/oakfield.conf >"$d/fitsmon.conf"
	if [ -n "$extra" ]; then
		"$PY" - "$d/fitsmon.conf" "$extra" <<'PY'
import sys
p, extra = sys.argv[1], sys.argv[2]
s = open(p).read().replace('[feed "acme-log"]\n', '[feed "acme-log"]\n' + extra + '\n', 1)
open(p, 'w').write(s)
PY
	fi
	cat >>"$d/fitsmon.conf" <<CONF
[mail]
smtp = smtp://127.0.0.1:$SMTP
starttls = no
from = fitsmon@oakfield.sch.uk
to = bursar@oakfield.sch.uk
digest = never
CONF
}
run_at() {   # run_at DIR NOW EXPECTED-EXIT
	(cd "$1" && "$FITSMON" -c fitsmon.conf --now "$2" run) >"$1/run.out" 2>"$1/run.err"
	local rc=$?
	[ "$rc" = "$3" ] && ok || bad "run in $1 at $2: exit $rc, expected $3: $(head -c 400 "$1/run.err")"
}
report() {   # report DIR FORMAT [ARGS]
	local d=$1 f=$2
	shift 2
	(cd "$d" && "$FITSMON" -c fitsmon.conf --now "$NOW" report --format "$f" "$@")
}

# UK dates: the sample work log with its Start column written 24/08/2026 08:34
"$PY" - feeds/samples/acme-log.csv "$tmp/log-uk.csv" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    for r in rows[1:]:
        y, m, d, hm = re.match(r'(\d{4})-(\d\d)-(\d\d) (\d\d:\d\d)', r[0]).groups()
        r[0] = f'{d}/{m}/{y} {hm}'
        w.writerow(r)
PY

# ---- 1. time_format forgotten: every row rejected -----------------------
d=$tmp/uk
school "$d" "$tmp/log-uk.csv"
run_at "$d" "$NOW" 65
grep -q 'acme-log: unreadable' "$d/run.err" && ok || bad "run does not say the log is unreadable: $(cat "$d/run.err")"
report "$d" json >"$d/r.json" 2>/dev/null
"$PY" - "$d/r.json" <<'PY' && ok || bad "JSON report of the unreadable log is wrong"
import json, sys
r = json.load(open(sys.argv[1]))
f = r["findings"]
assert f[0]["kind"] == "feed-unreadable", f[0]
assert f[0]["subject"] == "acme-log" and f[0]["severity"] == "red", f[0]
assert "time_format = %d/%m/%Y %H:%M" in f[0]["message"], f[0]["message"]
assert "day/month/year" in f[0]["message"], f[0]["message"]
# nothing said of acme's work from a log that was not read
for x in f:
    assert not (x["kind"] in ("activity-missed", "hours-short", "no-evidence")
                and x["supplier"] == "acme"), x
obs = [o for o in r["obligations"] if o["supplier"] == "acme"]
assert obs and all(o["status"] in ("unknown", "due") for o in obs), obs
assert any(o["status"] == "unknown" for o in obs)
hours = [h for h in r["hours"] if h["supplier"] == "acme"]
assert hours and all(h["status"] in ("unknown", "due") for h in hours), hours
feed = {x["feed"]: x for x in r["feeds"]}
q = feed["acme-log"]
assert q["status"] == "unreadable", q
assert q["quality"]["rows"] == 250 and q["quality"]["rejected"] == 250, q["quality"]
assert q["quality"]["columns"]["at"] == {"header": "Start", "seen": 250, "recognised": 0}, q
assert q["quality"]["reasons"] == {"bad at time": 250}, q["quality"]["reasons"]
assert feed["acme-tickets"]["status"] == "ok", feed["acme-tickets"]
pq = feed["acme-tickets"]["quality"]["columns"]["priority"]
assert pq["header"] == "Priority" and pq["seen"] == pq["recognised"] > 0, pq
assert r["summary"]["feeds_not_ok"] == 1
PY
report "$d" text >"$d/r.txt" 2>/dev/null
grep -q 'Nothing needs your attention' "$d/r.txt" && bad "the text report says nothing needs attention" || ok
awk '/^URGENT/{u=1; next} u && /^  1\./{print; getline; print; exit}' "$d/r.txt" | grep -q 'could not read' \
	&& ok || bad "the text report's first item is not the unreadable log: $(head -20 "$d/r.txt")"
grep -q 'set time_format = %d/%m/%Y' "$d/r.txt" && ok || bad "the text report does not give the fix"
grep -q 'acme-log .*COULD NOT BE READ' "$d/r.txt" && ok || bad "DATA RECEIVED does not flag the log"
report "$d" html -o "$d/r.html" 2>/dev/null
grep -q 'could not be read' "$d/r.html" && ok || bad "the HTML report does not flag the log"
# the alert mail: says the data could not be checked, accuses nobody of the work
"$PY" - "$tmp/smtp.spool" <<'PY' && ok || bad "the alert mail is not as expected"
import email, glob, sys
from email import policy
files = sorted(glob.glob(sys.argv[1] + "/*.eml"))
assert len(files) == 1, files
m = email.message_from_binary_file(open(files[0], "rb"), policy=policy.default)
subject = m["Subject"]
body = " ".join(m.get_body(preferencelist=("plain",)).get_content().split())
print(subject)
assert "could not read" in body and "neither blames" in body, body[:800]
assert "Check the night's backups" not in body or "not logged" not in body, body[:800]
PY

# ---- 2. a good copy, then an unreadable one: judged up to the good one --
d=$tmp/mixed
school "$d" "$tmp/log.csv"
# the log as it stood that night: rows up to Fri 20 Nov 02:30
awk -F, 'NR == 1 || $1 < "2026-11-20 02:30"' feeds/samples/acme-log.csv >"$tmp/log.csv"
run_at "$d" 2026-11-20T02:30:00Z 0
cp "$tmp/log-uk.csv" "$tmp/log.csv"
run_at "$d" "$NOW" 65
report "$d" json >"$d/r.json" 2>/dev/null
g=$tmp/good
school "$g" "$root/feeds/samples/acme-log.csv"
run_at "$g" "$NOW" 0
report "$g" json >"$g/r.json" 2>/dev/null
"$PY" - "$d/r.json" "$g/r.json" <<'PY' && ok || bad "periods before the last good copy lost their verdicts, or later ones kept them"
import json, sys
mixed, good = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda o: (o["activity"], o["period_start"])
g = {key(o): o["status"] for o in good["obligations"]}
m = {key(o): o["status"] for o in mixed["obligations"]}
assert g.keys() == m.keys()
unknown = [k for k in m if m[k] == "unknown"]
assert unknown, "no period is unknown"
for k, s in m.items():
    if s != "unknown":
        assert s == g[k], (k, s, g[k])
    else:
        assert g[k] != "done" or True
# the last good copy arrived Fri 20 Nov 02:30: a day's backup check up to
# Wed 18 Nov (grace 1 day) keeps its verdict; the days after are unknown
bk = lambda s: sorted(k[1] for k in m if k[0] == "backup-check" and m[k] == s)
assert "2026-11-18" not in bk("unknown") and "2026-11-23" in bk("unknown"), bk("unknown")
assert all(d >= "2026-11-19" for d in bk("unknown")), bk("unknown")
assert any(m[k] == "missed" for k in m), "no missed period kept"
f = mixed["findings"][0]
assert f["kind"] == "feed-unreadable" and "Fri 20 Nov" in f["message"], f
PY

# ---- 3. max_rejected, on the line: 5 of 250 rows is 2% (ok), 6 is not ----
"$PY" - feeds/samples/acme-log.csv "$tmp/log-5.csv" "$tmp/log-6.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
for n, out in ((5, sys.argv[2]), (6, sys.argv[3])):
    with open(out, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(rows[0])
        for i, r in enumerate(rows[1:]):
            r = list(r)
            if i < n:
                r[1] = 'lots'        # hours that are not a number: rejected
            w.writerow(r)
PY
d=$tmp/five
school "$d" "$tmp/log-5.csv"
run_at "$d" "$NOW" 0
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
feed = {x["feed"]: x for x in r["feeds"]}
assert feed["acme-log"]["status"] == "ok", feed["acme-log"]
assert feed["acme-log"]["quality"]["rejected"] == 5
assert not any(f["kind"] == "feed-unreadable" for f in r["findings"])
' && ok || bad "5 of 250 rows rejected (2%) made the log unreadable"
d=$tmp/six
school "$d" "$tmp/log-6.csv"
run_at "$d" "$NOW" 65
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
feed = {x["feed"]: x for x in r["feeds"]}
assert feed["acme-log"]["status"] == "unreadable", feed["acme-log"]
f = r["findings"][0]
assert f["kind"] == "feed-unreadable" and "6 of its 250 rows" in f["message"], f
assert "bad hours" in f["message"], f["message"]
' && ok || bad "6 of 250 rows rejected (over 2%) did not make the log unreadable"
d=$tmp/six-allowed
school "$d" "$tmp/log-6.csv" "max_rejected = 3%"
run_at "$d" "$NOW" 0

# ---- 4. an unreadable call log: no verdict on calls or service levels ----
# (its times rewritten 2026-08-20 11:00 while the config says %d/%m/%Y)
"$PY" - feeds/samples/acme-tickets.csv "$tmp/tickets-uk.csv" <<'PY'
import csv, re, sys
rows = list(csv.reader(open(sys.argv[1], newline='')))
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.writer(f)
    for i, r in enumerate(rows):
        if i:
            r = [re.sub(r'^(\d\d)/(\d\d)/(\d{4})', r'\3-\2-\1', c) for c in r]
        w.writerow(r)
PY
d=$tmp/tickets
school "$d" "$root/feeds/samples/acme-log.csv"
sed -i "s|^url         = $root/feeds/samples/acme-tickets.csv|url = $tmp/tickets-uk.csv|" "$d/fitsmon.conf"
grep -q "tickets-uk.csv" "$d/fitsmon.conf" && ok || bad "could not point the school at the bent call log"
run_at "$d" "$NOW" 65
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
f = r["findings"]
assert f[0]["kind"] == "feed-unreadable" and f[0]["subject"] == "acme-tickets", f[0]
for x in f:
    assert not (x["supplier"] == "acme" and (x["kind"].startswith("ticket-")
                or x["kind"] == "sla-target-missed")), x
sla = {s["sla"]: s for s in r["slas"]}
assert sla["urgent"]["status"] == "unknown" and sla["print"]["status"] != "unknown", sla
' && ok || bad "an unreadable call log still gave verdicts on calls"

# ---- 4b. a call log read on Fri 20 Nov, unreadable since: the calls still
# open then are unknown (no late-call finding), the ones closed keep theirs
"$PY" - feeds/samples/acme-tickets.csv "$tmp/tickets-20.csv" <<'PY'
import csv, sys
from datetime import datetime
cut = datetime(2026, 11, 20, 2, 30)
when = lambda s: datetime.strptime(s, "%d/%m/%Y %H:%M") if s else None
rows = list(csv.reader(open(sys.argv[1], newline='')))
h = rows[0]
i_log, i_resp, i_res, i_st = (h.index(c) for c in ("Logged", "First Response", "Resolved", "Status"))
with open(sys.argv[2], 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(h)
    for r in rows[1:]:
        if when(r[i_log]) >= cut:
            continue                      # not logged yet that night
        if r[i_resp] and when(r[i_resp]) >= cut:
            r[i_resp] = ''
        if r[i_res] and when(r[i_res]) >= cut:
            r[i_res], r[i_st] = '', 'In Progress'
        w.writerow(r)
PY
d=$tmp/tickets-mixed
school "$d" "$root/feeds/samples/acme-log.csv"
sed -i "s|^url         = $root/feeds/samples/acme-tickets.csv|url = $tmp/tickets-now.csv|" "$d/fitsmon.conf"
cp "$tmp/tickets-20.csv" "$tmp/tickets-now.csv"
run_at "$d" 2026-11-20T02:30:00Z 0
cp "$tmp/tickets-uk.csv" "$tmp/tickets-now.csv"
run_at "$d" "$NOW" 65
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
tk = {t["ticket"]: t for t in r["tickets"] if t["supplier"] == "acme"}
# On Hold since August, never fixed: open at the last good copy -> unknown
assert tk["ACM-30404"]["resolution"]["status"] == "unknown", tk["ACM-30404"]
late = {f["subject"] for f in r["findings"] if f["kind"].startswith("ticket-")}
assert "ACM-30404" not in late, late
# every acme call still late in the report stopped before Fri 20 Nov 02:30
for t in tk.values():
    for c in ("response", "resolution"):
        assert t[c]["status"] == "unknown" or t[c]["stopped_at"] is not None, t
assert any(t["resolution"]["status"] in ("met", "breached") for t in tk.values())
' && ok || bad "calls open when the call log stopped being readable were still judged"
: stale, judged up to its last good copy
d=$tmp/stale
school "$d" "$tmp/log-stale.csv"
awk -F, 'NR == 1 || $1 < "2026-11-20 02:30"' feeds/samples/acme-log.csv >"$tmp/log-stale.csv"
run_at "$d" 2026-11-20T02:30:00Z 0
rm "$tmp/log-stale.csv"
run_at "$d" "$NOW" 0
grep -q 'acme-log: fetch failed.*keeping the last good copy' "$d/run.err" && ok || bad "the failed fetch is not logged: $(cat "$d/run.err")"
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
feed = {x["feed"]: x for x in r["feeds"]}
assert feed["acme-log"]["status"] == "stale", feed["acme-log"]
kinds = [(f["kind"], f["subject"]) for f in r["findings"]]
assert ("feed-stale", "acme-log") in kinds, kinds
ob = {(o["activity"], o["period_start"]): o["status"] for o in r["obligations"]}
assert ob[("backup-check", "2026-11-23")] == "unknown", ob
assert ob[("backup-check", "2026-11-18")] != "unknown", ob
for f in r["findings"]:
    if f["kind"] == "activity-missed" and f["supplier"] == "acme":
        assert f["subject"] < "backup-check 2026-11-19" or not f["subject"].startswith("backup-check"), f
' && ok || bad "a stale log still gave verdicts after its last good copy"

# ---- 5. an export cut inside its last record -------------------------------
# three good calls, then one whose quote never closes: the three are kept,
# the cut one is a reject with its row, and the report says the call log
# could not be read (1 of 4 rows is over 2%) -- never that all is well
{ head -4 feeds/samples/acme-tickets.csv
  printf 'ACM-99999,20/11/2026 09:00,Mr X,Network,P1,"Whole school offline\n'; } >"$tmp/tickets-cut.csv"
d=$tmp/cut
school "$d" "$root/feeds/samples/acme-log.csv"
sed -i "s|^url         = $root/feeds/samples/acme-tickets.csv|url = $tmp/tickets-cut.csv|" "$d/fitsmon.conf"
run_at "$d" "$NOW" 65
grep -q '^acme-tickets:5: a quote is not closed' "$d/run.err" && ok || bad "the cut record is not reported with its row: $(cat "$d/run.err")"
n=$(cd "$d" && "$FITSMON" -c fitsmon.conf sql --format csv 'SELECT count(*) FROM tickets' | tail -1 | tr -d '\r')
[ "$n" = 3 ] && ok || bad "the three good calls were not kept ($n)"
report "$d" text >"$d/r.txt" 2>/dev/null
grep -q 'Nothing needs your attention' "$d/r.txt" && bad "the report of a cut call log says nothing needs attention" || ok
report "$d" json 2>/dev/null | "$PY" -c '
import json, sys
r = json.load(sys.stdin)
assert [x["row"] for x in r["rejects"] if x["feed"] == "acme-tickets"] == [5], r["rejects"]
f = r["findings"][0]
assert f["kind"] == "feed-unreadable" and f["subject"] == "acme-tickets", f
assert "1 of its 4 rows" in f["message"] and "a quote is not closed (CSV syntax)" in f["message"], f["message"]
' && ok || bad "the cut call log is not reported as unreadable"

finish
