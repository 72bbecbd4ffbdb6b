#!/bin/bash
# Crash consistency: `fitsmon run` killed with SIGKILL at many points while
# it fetches two big feeds from a slow loopback server (tests/slowhttpd.py)
# and takes them in, and `fitsmon ingest` killed while it takes in a big
# local file.  After every kill:
#   - the store passes PRAGMA integrity_check (through `fitsmon sql`);
#   - each feed's rows in the store are exactly the old state or exactly
#     the new one (count and a digest of every stored column of
#     ticket_events / ticket_rows / tickets / rejects for the feed, and the
#     digest of the content recorded as taken in), never a mixture;
#   - each feed's spool "current" copy is the old or the new file, byte
#     for byte;
# and then the next run (or ingest) exits 0, leaves the new state, no
# temporary files in the spool or beside the store, and its JSON report
# agrees with an uninterrupted run's (tickets, slas, obligations, finding
# ids).  Delays go from a few milliseconds to past the end of the run;
# some kills are timed from the moment a feed's fetch has finished, so the
# ingest phase is always hit.  Only 127.0.0.1.  Data is generated here.
. "$(dirname "$0")/itlib.sh" crash
export FITSMON_CATALOG=$root/rules/fitsom/catalog.conf
t0=$(date +%s)

N1=2026-11-28T02:30:00Z
N2=2026-11-29T02:30:00Z

# ---- data: two versions of each served feed, a third tickets file for ingest --
mkdir -p "$tmp/data" "$tmp/www"
"$PY" - "$tmp/data" <<'EOF'
import datetime, random, sys
out = sys.argv[1]
base = datetime.datetime(2026, 11, 2, 7, 0)
def ts(t): return t.strftime("%Y-%m-%d %H:%M")
def write(name, head, rows):
    with open(f"{out}/{name}", "w", encoding="utf-8", newline="") as f:
        f.write(head + "\r\n")
        for r in rows:
            f.write(",".join(r) + "\r\n")
SUMMARIES = ["Printer jam in room %d", "Laptop %d will not boot", "Password reset, user %d",
             "Projector %d flickers", "\"Smartboard\" %d, no pen input", "Wi-Fi drops in block %d"]

# ticket-events: ~2900 tickets, ~21000 rows; v2 adds events and tickets
r = random.Random(7)
tickets = {}
for i in range(2900):
    t = base + datetime.timedelta(minutes=r.randrange(0, 24 * 24 * 60))
    pr = r.choice(["P1", "P2", "P3", "P3", "P4"])
    s = r.choice(SUMMARIES) % r.randrange(1, 400)
    ev = []
    for st in ["New", "Assigned", "In progress"] + ["Awaiting parts", "In progress"] * r.randrange(4) \
            + (["Resolved"] if r.random() < 0.7 else []) + (["Closed"] if r.random() < 0.5 else []):
        if st != "Closed" or ev[-1][1] == "Resolved":
            ev.append((t, st))
        t += datetime.timedelta(minutes=r.randrange(5, 300))
    tickets["E%05d" % i] = (pr, s, ev)
def events_rows(tk):
    rows = []
    for k in sorted(tk):
        pr, s, ev = tk[k]
        for t, st in ev:
            rows.append([k, ts(t), st, pr, '"%s"' % s.replace('"', '""')])
    return rows
head = "Number,When,State,Priority,Summary"
write("events-v1.csv", head, events_rows(tickets))
for k, (pr, s, ev) in list(tickets.items()):
    if ev[-1][1] != "Resolved" and r.random() < 0.5:
        ev.append((ev[-1][0] + datetime.timedelta(minutes=r.randrange(5, 600)), "Resolved"))
    elif ev[-1][1] == "Resolved" and r.random() < 0.1:
        ev.append((ev[-1][0] + datetime.timedelta(minutes=r.randrange(60, 3000)), "Closed"))
for i in range(2900, 3300):
    t = base + datetime.timedelta(minutes=r.randrange(20 * 24 * 60, 26 * 24 * 60))
    tickets["E%05d" % i] = (r.choice(["P1", "P2", "P3"]), r.choice(SUMMARIES) % i,
                            [(t, "New"), (t + datetime.timedelta(minutes=30), "In progress")])
write("events-v2.csv", head, events_rows(tickets))

# tickets: ~1500 rows; v2 changes a quarter and adds some; v3 (for ingest) is big
def tk_rows(tk):
    rows = []
    for k in sorted(tk):
        pr, s, op, rs, rv = tk[k]
        rows.append([k, ts(op), pr, ts(rs) if rs else "", ts(rv) if rv else "",
                     '"%s"' % s.replace('"', '""')])
    return rows
def new_ticket(i):
    op = base + datetime.timedelta(minutes=r.randrange(0, 25 * 24 * 60))
    rs = op + datetime.timedelta(minutes=r.randrange(1, 600)) if r.random() < 0.8 else None
    rv = rs + datetime.timedelta(minutes=r.randrange(10, 5000)) if rs and r.random() < 0.6 else None
    return (r.choice(["P1", "P2", "P3"]), r.choice(SUMMARIES) % i, op, rs, rv)
desk = {"T%05d" % i: new_ticket(i) for i in range(1500)}
thead = "Ref,Logged,Priority,First Response,Resolved,Summary"
write("tickets-v1.csv", thead, tk_rows(desk))
def change(tk, share):
    for k, (pr, s, op, rs, rv) in list(tk.items()):
        if r.random() < share:
            rs = rs or op + datetime.timedelta(minutes=r.randrange(1, 900))
            rv = rs + datetime.timedelta(minutes=r.randrange(10, 3000))
            tk[k] = (pr, s + " (updated)", op, rs, rv)
change(desk, 0.25)
for i in range(1500, 1700):
    desk["T%05d" % i] = new_ticket(i)
write("tickets-v2.csv", thead, tk_rows(desk))
change(desk, 0.3)
old = base - datetime.timedelta(days=300)   # last school year: outside the window
for i in range(1700, 20000):
    op = old + datetime.timedelta(minutes=r.randrange(0, 200 * 24 * 60))
    desk["T%05d" % i] = ("P3", "Old call %d" % i, op, op + datetime.timedelta(minutes=30),
                         op + datetime.timedelta(minutes=r.randrange(60, 600)))
rows = tk_rows(desk)
rows.insert(100, ["T99999", "31/02/2026", "P1", "", "", "bad date"])   # one reject
write("tickets-v3.csv", thead, rows)

# a small unchanging work log, so obligations have something to compare
with open(f"{out}/log.csv", "w", newline="") as f:
    f.write("Start,Hours,Work Done,On Site\r\n")
    d = datetime.date(2026, 11, 2)
    while d < datetime.date(2026, 11, 28):
        if d.weekday() < 5 and d.day % 7:
            f.write(f"{d} 09:00,0.5,Backups checked OK,Yes\r\n")
        d += datetime.timedelta(days=1)
EOF
[ -s "$tmp/data/tickets-v3.csv" ] || { bad "could not generate the data"; finish; }

# serve VERSION: the server's files become version 1 or 2 (atomic renames)
serve() {
	cp "$tmp/data/events-v$1.csv" "$tmp/www/.e" && mv "$tmp/www/.e" "$tmp/www/events.csv"
	cp "$tmp/data/tickets-v$1.csv" "$tmp/www/.t" && mv "$tmp/www/.t" "$tmp/www/tickets.csv"
}
slow() { echo "$1" >"$tmp/delay"; }
serve 1
slow 0
"$PY" tests/slowhttpd.py --dir "$tmp/www" --portfile "$tmp/port" --chunk 32768 \
	--delay-file "$tmp/delay" --max-seconds 300 >"$tmp/server.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.05
done
[ -s "$tmp/port" ] || { bad "slowhttpd.py did not start: $(cat "$tmp/server.out")"; finish; }
PORT=$(cat "$tmp/port")

# the school: two HTTP feeds (events, then tickets) and a local work log
mkdir -p "$tmp/ref"
cat >"$tmp/ref/fitsmon.conf" <<EOF
[school]
name = Crash Test School
[store]
path = store.db
[supplier "acme"]
owns = storage-management
[feed "ev"]
supplier = acme
kind = ticket-events
url = http://127.0.0.1:$PORT/events.csv
connect_timeout = 5s
column.id = Number
column.at = When
column.status = State
column.priority = Priority
column.summary = Summary
pause_status = Awaiting parts
[feed "tk"]
supplier = acme
kind = tickets
url = http://127.0.0.1:$PORT/tickets.csv
connect_timeout = 5s
column.id = Ref
column.opened = Logged
column.priority = Priority
column.responded = First Response
column.resolved = Resolved
column.summary = Summary
[feed "log"]
supplier = acme
kind = activities
url = $tmp/data/log.csv
column.at = Start
column.hours = Hours
column.description = Work Done
column.onsite = On Site
[activity "backup-check"]
supplier = acme
every = day
evidence = (?i)backups? checked
[sla "urgent"]
when = priority ~ ^P1$
respond = 4h
resolve = 24h
[sla "other"]
respond = 24h
resolve = 96h
EOF

fm() { local d=$1; shift; (cd "$d" && "$FITSMON" -c fitsmon.conf "$@"); }

# both DIR: "ev=X tk=Y", X and Y digests of everything the store holds for
# each feed (counts, every stored column but the run ids, the digest of the
# content recorded as taken in, the rejects), from one `fitsmon sql`
both() {
	local q="SELECT '#ev', ingested FROM feeds WHERE name = 'ev';
	   SELECT '#tk', ingested FROM feeds WHERE name = 'tk';
	   SELECT '#ev', count(*) FROM ticket_events WHERE feed = 'ev';
	   SELECT '#ev', id, at, status, opened, cells, row, hex(key) FROM ticket_events
	   WHERE feed = 'ev' ORDER BY key;
	   SELECT '#tk', count(*) FROM ticket_rows WHERE feed = 'tk';
	   SELECT '#tk', id, ord, row, opened, responded, resolved, cells, hex(key) FROM ticket_rows
	   WHERE feed = 'tk' ORDER BY ord;
	   SELECT '#tk', id, row, opened, responded, resolved, cells, hex(key) FROM tickets
	   WHERE feed = 'tk' ORDER BY id;
	   SELECT '#tk', row, reason FROM rejects WHERE feed = 'tk' ORDER BY row;
	   SELECT '#ev', row, reason FROM rejects WHERE feed = 'ev' ORDER BY row;"
	fm "$1" sql --format csv "$q" >"$tmp/dump" 2>&1 || { echo "ev=unreadable tk=unreadable"; return; }
	echo "ev=$(grep -a '^#ev,' "$tmp/dump" | sha256sum | cut -c1-16)" \
		"tk=$(grep -a '^#tk,' "$tmp/dump" | sha256sum | cut -c1-16)"
}

# digest of what an uninterrupted run must agree on
cat >"$tmp/digest.py" <<'EOF'
import hashlib, json, sys
try:
    j = json.load(sys.stdin)
    key = {"tickets": j["tickets"], "slas": j["slas"], "obligations": j["obligations"],
           "findings": sorted(f["id"] for f in j["findings"])}
    print(hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16],
          len(j["tickets"]), len(j["obligations"]), len(j["findings"]))
except Exception as e:
    print("unreadable-report", type(e).__name__)
EOF
# same_report DIR REFERENCE.json: the report at N2 agrees with the reference
# (byte for byte is quickest; else the parts that must agree)
same_report() {
	fm "$1" --now $N2 report --format json >"$tmp/report.json" 2>/dev/null
	cmp -s "$tmp/report.json" "$2" && return 0
	local a b
	a=$("$PY" "$tmp/digest.py" <"$tmp/report.json") b=$("$PY" "$tmp/digest.py" <"$2")
	[ "$a" = "$b" ] && return 0
	echo "$a vs $b"
	return 1
}

integrity() {
	local out
	out=$(fm "$1" sql --format csv "PRAGMA integrity_check" 2>&1)
	[ "$out" = $'integrity_check\r\nok\r' ] || [ "$out" = $'integrity_check\r\nok' ]
}

# current DIR FEED: which served version the spool's current copy is (1, 2, none, other)
current() {
	local c=$1/spool/$2/current
	[ -e "$c" ] || { echo none; return; }
	if cmp -s "$c" "$tmp/data/$3-v1.csv"; then echo 1
	elif cmp -s "$c" "$tmp/data/$3-v2.csv"; then echo 2
	else echo other; fi
}

# strays DIR: temporary files left in the spool or beside the store
strays() {
	(cd "$1" && find . -mindepth 1 \( -path ./fitsmon.conf -o -name store.db -o \
		-name store.db-wal -o -name store.db-shm -o -name store.db.lock -o -name spool -o \
		-path './spool/*/.lock' -o -path './spool/*/current' -o -type d -path './spool/*' -o \
		-path './spool/*/[0-9]*T[0-9]*Z-[0-9a-f]*.csv' \) -o -print)
}

# ---- the reference: an uninterrupted night with v1, then one with v2 (slow) -----
fm "$tmp/ref" --now $N1 run >/dev/null 2>"$tmp/ref.err1"
rc=$?
[ "$rc" = 0 ] && ok || { bad "reference run (v1): exit $rc: $(head -c 400 "$tmp/ref.err1")"; finish; }
A="$(both "$tmp/ref")"
cp -a "$tmp/ref" "$tmp/snapA"
serve 2
slow 0.02
s=$(date +%s%N)
fm "$tmp/ref" -v --now $N2 run >/dev/null 2>"$tmp/ref.err2"
rc=$?
FULL_MS=$((($(date +%s%N) - s) / 1000000))
slow 0
[ "$rc" = 0 ] && ok || { bad "reference run (v2): exit $rc: $(head -c 400 "$tmp/ref.err2")"; finish; }
B="$(both "$tmp/ref")"
[ "$A" != "$B" ] && ok || bad "versions 1 and 2 leave the same store"
fm "$tmp/ref" --now $N2 report --format json >"$tmp/report-B.json" 2>/dev/null
REPORT_B=$("$PY" "$tmp/digest.py" <"$tmp/report-B.json")
case $REPORT_B in unreadable*) bad "reference report (v2): $REPORT_B" ;; *) ok ;; esac
cp -a "$tmp/ref" "$tmp/snapB"
s=$(date +%s%N)
fm "$tmp/ref" --now $N2 ingest tk "$tmp/data/tickets-v3.csv" >/dev/null 2>"$tmp/ref.err3"
rc=$?
INGEST_MS=$((($(date +%s%N) - s) / 1000000))
[ "$rc" = 0 ] && ok || bad "reference ingest (v3): exit $rc: $(head -c 400 "$tmp/ref.err3")"
C="$(both "$tmp/ref")"
[ "$C" != "$B" ] && ok || bad "ingesting v3 left the store as it was"
fm "$tmp/ref" --now $N2 report --format json >"$tmp/report-C.json" 2>/dev/null
echo "crash: reference run ${FULL_MS} ms (slow fetch), ingest ${INGEST_MS} ms;" \
	"$(wc -l <"$tmp/data/events-v2.csv") event rows, $(wc -l <"$tmp/data/tickets-v3.csv") ticket rows"
# the states a kill may leave, per feed
A_ev=${A%% *} A_tk=${A##* } B_ev=${B%% *} B_tk=${B##* } C_tk=${C##* }

# ---- kills during `run` ---------------------------------------------------------------
# delays (ms): a few ms, then spread over the whole run and a little past it
delays="3 10 30"
for i in $(seq 1 13); do delays="$delays $((FULL_MS * i / 12))"; done
# and some timed from the end of a feed's fetch, to land in its ingest
triggered="ev:0 ev:60 ev:200 tk:0 tk:50"
declare -A phase=()
trial=0
check_after_kill() {   # DIR WHAT: the invariants right after a kill
	local d=$1 what=$2
	integrity "$d" && ok || bad "$what: integrity_check: $(fm "$d" sql 'PRAGMA integrity_check' 2>&1 | head -c 300)"
	local ev tk st
	st=$(both "$d")
	ev=${st%% *} tk=${st##* }
	[ "$ev" = "$A_ev" ] || [ "$ev" = "$B_ev" ] && ok ||
		bad "$what: events feed is neither the old nor the new state ($ev)"
	[ "$tk" = "$A_tk" ] || [ "$tk" = "$B_tk" ] && ok ||
		bad "$what: tickets feed is neither the old nor the new state ($tk)"
	local ce ct
	ce=$(current "$d" ev events) ct=$(current "$d" tk tickets)
	[ "$ce" = 1 ] || [ "$ce" = 2 ] && ok || bad "$what: spool current of ev is $ce"
	[ "$ct" = 1 ] || [ "$ct" = 2 ] && ok || bad "$what: spool current of tk is $ct"
	# the store never holds what the spool has not got
	[ "$ev" != "$B_ev" ] || [ "$ce" = 2 ] && ok || bad "$what: ev taken in from a copy the spool lacks"
	[ "$tk" != "$B_tk" ] || [ "$ct" = 2 ] && ok || bad "$what: tk taken in from a copy the spool lacks"
}
check_recovered() {   # DIR WHAT STATE REPORT.json: the next command put everything right
	local d=$1 what=$2 want=$3 report=$4
	local got
	got=$(both "$d")
	[ "$got" = "$want" ] && ok || bad "$what: after recovery the store is '$got', want '$want'"
	[ "$(current "$d" ev events)" = 2 ] && ok || bad "$what: after recovery spool ev is not v2"
	[ "$(current "$d" tk tickets)" = 2 ] && ok || bad "$what: after recovery spool tk is not v2"
	local s
	s=$(strays "$d")
	[ -z "$s" ] && ok || bad "$what: stray files after recovery: $(echo $s)"
	got=$(same_report "$d" "$report") && ok || bad "$what: report differs from an uninterrupted run's ($got)"
}

one_run_kill() {   # DELAY_MS [FEED]: one killed run from state A and its recovery
	local ms=$1 after=${2:-}
	trial=$((trial + 1))
	local d=$tmp/t$trial what
	rm -rf "$d"
	cp -a "$tmp/snapA" "$d"
	slow 0.02
	local args=()
	if [ -n "$after" ]; then
		args=(--after-line "^fitsmon: $after: (fetched a new copy|nothing new)")
		what="run kill $trial ($ms ms after $after fetched)"
	else
		what="run kill $trial ($ms ms)"
	fi
	local res
	res=$(cd "$d" && "$PY" "$root/tests/crashkill.py" "${args[@]}" --log "$tmp/killed.err" \
		"$(awk "BEGIN{print $ms/1000}")" -- "$FITSMON" -c fitsmon.conf -v --now $N2 run)
	slow 0
	local status killed secs last
	read -r status killed secs last <<<"$res"
	# where it died: the last thing it said
	local p
	if [ "$killed" = 0 ]; then p=finished
	else
		case $last in
		-) p=fetch-ev ;;
		*"ev: fetched a new copy"*) p=ingest-ev ;;
		*"ev: "*new*) p=fetch-tk ;;
		*"tk: fetched a new copy"*) p=ingest-tk ;;
		*findings*) p=after-evaluate ;;
		*) p=log-or-evaluate ;;
		esac
	fi
	phase[$p]=$((${phase[$p]:-0} + 1))
	[ "$status" = 137 ] || [ "$status" = 0 ] && ok || bad "$what: exit $status ($res)"
	grep -qE 'Sanitizer|Segmentation' "$tmp/killed.err" && bad "$what: crashed: $(head -c 300 "$tmp/killed.err")" || ok
	check_after_kill "$d" "$what [$p]"
	# the next run completes and agrees with an uninterrupted one
	fm "$d" --now $N2 run >/dev/null 2>"$tmp/next.err"
	local rc=$?
	[ "$rc" = 0 ] && ok || bad "$what: next run exit $rc: $(head -c 300 "$tmp/next.err")"
	check_recovered "$d" "$what" "$B" "$tmp/report-B.json"
	rm -rf "$d"
}

for ms in $delays; do one_run_kill "$ms"; done
for t in $triggered; do one_run_kill "${t#*:}" "${t%%:*}"; done

# ---- kills during `ingest FEED FILE` of a big local file --------------------------
kills=0
for frac in 0 1 2 3 4 6 9; do
	trial=$((trial + 1))
	d=$tmp/t$trial
	ms=$((INGEST_MS * frac / 12 + 2))
	what="ingest kill $trial ($ms ms)"
	rm -rf "$d"
	cp -a "$tmp/snapB" "$d"
	res=$(cd "$d" && "$PY" "$root/tests/crashkill.py" --log "$tmp/killed.err" \
		"$(awk "BEGIN{print $ms/1000}")" -- "$FITSMON" -c fitsmon.conf --now $N2 \
		ingest tk "$tmp/data/tickets-v3.csv")
	read -r status killed _ <<<"$res"
	[ "$killed" = 1 ] && kills=$((kills + 1))
	[ "$status" = 137 ] || [ "$status" = 0 ] && ok || bad "$what: exit $status ($res)"
	integrity "$d" && ok || bad "$what: integrity_check"
	st=$(both "$d")
	ev=${st%% *} tk=${st##* }
	[ "$tk" = "$B_tk" ] || [ "$tk" = "$C_tk" ] && ok ||
		bad "$what: tickets feed is neither the old nor the new state ($tk)"
	[ "$ev" = "$B_ev" ] && ok || bad "$what: the events feed changed ($ev)"
	fm "$d" --now $N2 ingest tk "$tmp/data/tickets-v3.csv" >/dev/null 2>"$tmp/next.err"
	rc=$?
	[ "$rc" = 0 ] && ok || bad "$what: next ingest exit $rc: $(head -c 300 "$tmp/next.err")"
	[ "$(both "$d")" = "$C" ] && ok || bad "$what: after the next ingest the store is '$(both "$d")'"
	s=$(strays "$d")
	[ -z "$s" ] && ok || bad "$what: stray files: $(echo $s)"
	got=$(same_report "$d" "$tmp/report-C.json") && ok ||
		bad "$what: report differs from an uninterrupted ingest's ($got)"
	rm -rf "$d"
done

# coverage: the kills landed in every phase that matters
runs_killed=$((trial - 7))
echo "crash: $runs_killed run kills by phase: $(for k in "${!phase[@]}"; do printf '%s=%s ' "$k" "${phase[$k]}"; done);" \
	"$kills of 7 ingest commands killed; $(($(date +%s) - t0)) s"
[ "${phase[fetch-ev]:-0}" -ge 3 ] && ok || bad "fewer than 3 kills while fetching"
[ $((${phase[ingest-ev]:-0} + ${phase[ingest-tk]:-0})) -ge 3 ] && ok || bad "fewer than 3 kills while taking a feed in"
[ $((runs_killed - ${phase[finished]:-0} + kills)) -ge 20 ] && ok || bad "fewer than 20 processes killed"
[ "$kills" -ge 4 ] && ok || bad "fewer than 4 ingest commands killed"
finish
