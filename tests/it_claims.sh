#!/bin/bash
# The supplier's own verdict, audited (issue 19, part 2): a hand-made
# tickets export whose "Within SLA" column (column.sla_met) says met on
# three calls the contract's clock finds late, and a ticket-events export
# whose verdict is the latest non-empty one.  Calendar: always (24/7);
# SLA "urgent": answer within 1h, fix within 4h.
#   C1  answered 30 min, fixed 2 h        Yes     agree (met)
#   C2  answered 20 min, fixed 10 h       Yes     says met, late (fix)
#   C3  answered 3 h, fixed 3 h 30 min    yes     says met, late (answer)
#   C4  answered 10 min, fixed 24 h       " Met " says met, late (fix)
#   C5  answered 10 min, fixed 40 min     No      says missed, on time
#   C6  answered 10 min, fixed 40 min     (empty) no verdict: left out
#   C7  still open                        Yes     not counted (clocks run)
# Supplier: 4 of 5 met; clocks: 2 of those 5 (C1, C5); 2 more calls than
# the clock: more than one, so claim-mismatch (amber, subject urgent).
set -u
. "$(dirname "$0")/itlib.sh" claims

d=$tmp/school
mkdir -p "$d"
NOW=2026-11-28T02:30:00Z
tickets() {   # tickets C3_VERDICT: the export, with C3's cell given
	cat <<EOF
Ref,Logged,Priority,Answered,Fixed,Within SLA
C1,2026-11-02 09:00,P1,2026-11-02 09:30,2026-11-02 11:00,Yes
C2,2026-11-02 10:00,P1,2026-11-02 10:20,2026-11-02 20:00,Yes
C3,2026-11-03 09:00,P1,2026-11-03 12:00,2026-11-03 12:30,$1
C4,2026-11-04 09:00,P1,2026-11-04 09:10,2026-11-05 09:00, Met 
C5,2026-11-05 09:00,P1,2026-11-05 09:10,2026-11-05 09:40,No
C6,2026-11-06 09:00,P1,2026-11-06 09:10,2026-11-06 09:40,
C7,2026-11-06 10:00,P1,2026-11-06 10:10,,Yes
EOF
}
tickets yes >"$d/t.csv"
conf() {   # conf EXTRA...: the config, with extra lines in the feed
	cat <<EOF
[school]
name = Test school
timezone = Europe/London
[supplier "acme"]
name = Acme Ltd
[feed "t"]
supplier = acme
kind = tickets
url = t.csv
time_format = iso8601
column.id = Ref
column.opened = Logged
column.priority = Priority
column.responded = Answered
column.resolved = Fixed
column.sla_met = Within SLA
EOF
	for l in "$@"; do echo "$l"; done
	cat <<EOF
[sla "urgent"]
supplier = acme
respond = 1h
resolve = 4h
target = 50%
EOF
}
conf >"$d/fitsmon.conf"

# claim FILE: "tickets met clock_met no_verdict met_but_late missed_but_on_time
# status | disputed tickets | claim-mismatch findings: subject severity nev"
claim() {
	"$PY" - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["slas"][0]["claim"]
f = [x for x in d["findings"] if x["kind"] == "claim-mismatch"]
print(c["tickets"], c["met"], c["clock_met"], c["no_verdict"], c["met_but_late"],
      c["missed_but_on_time"], c["status"], "|",
      " ".join(x["ticket"] + ":" + x["supplier_says"] + "/" + x["clock_says"]
               for x in c["disagreements"]), "|",
      " ".join("%s %s %d" % (x["subject"], x["severity"], len(x["evidence"])) for x in f))
PY
}
report() {   # report CONF OUT [ARGS]: a JSON report
	local c=$1 o=$2
	shift 2
	"$FITSMON" -c "$c" --now "$NOW" report --format json -o "$o" "$@"
}

# ---- the export, straight from the file
report "$d/fitsmon.conf" "$tmp/r.json" || bad "report failed"
got=$(claim "$tmp/r.json")
want="5 4 2 1 3 1 mismatch | C2:met/breached C3:met/breached C4:met/breached C5:not met/met | urgent amber 4"
[ "$got" = "$want" ] && ok || bad "claim: '$got', want '$want'"
"$PY" - "$tmp/r.json" <<'PY' && ok || bad "claim compliance or finding wording"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["slas"][0]["claim"]
assert c["compliance"] == 0.8, c["compliance"]
assert d["slas"][0]["compliance"] == 0.5
f = [x for x in d["findings"] if x["kind"] == "claim-mismatch"][0]
assert "marks 4 of 5 'urgent' calls as within the service level" in f["message"], f["message"]
assert "C2 (supplier: met; contract's clock: late)" in f["message"], f["message"]
assert "1 call had no verdict" in f["message"], f["message"]
assert f["question"].endswith("Which clock did you use to decide whether C2, C3, C4 and C5 "
                              "met the service level?"), f["question"]
assert [e["ticket"] for e in f["evidence"]] == ["C2", "C3", "C4", "C5"]
PY
"$FITSMON" -c "$d/fitsmon.conf" --now "$NOW" report >"$tmp/r.txt"
grep -q "THE SUPPLIER'S OWN FIGURES" "$tmp/r.txt" &&
	grep -q "^    C3           supplier: met; contract's clock: late$" "$tmp/r.txt" &&
	grep -q "Supplier's own figures look better than the clock\|marks 4 of 5" "$tmp/r.txt" &&
	ok || bad "text report: no claims section or finding"
flat=$(tr '\n' ' ' <"$tmp/r.txt" | tr -s ' ')
case $flat in
*"urgent: The supplier says 4 of 5 calls met the service level (80%); the contract's clock says 2 (40%). 3 calls it marks met were late by the clock; 1 call it marks missed was on time. 1 call had no verdict and is left out. DOES NOT ADD UP"*) ok ;;
*) bad "text report: the claim's summary line" ;;
esac
"$FITSMON" -c "$d/fitsmon.conf" --now "$NOW" report --format html >"$tmp/r.html"
grep -q '<section class="claims">' "$tmp/r.html" &&
	grep -q '<tr><td>C4</td><td>met</td><td class="bad">late</td></tr>' "$tmp/r.html" &&
	ok || bad "HTML report: no claims section"

# ---- "more than one ticket": C3 marked No leaves the supplier one call
# ahead of the clock (3 against 2): no finding, the disputes still listed
tickets No >"$d/t.csv"
report "$d/fitsmon.conf" "$tmp/r1.json"
got=$(claim "$tmp/r1.json")
want="5 3 2 1 2 1 ok | C2:met/breached C4:met/breached C5:not met/met | "
[ "$got" = "$want" ] && ok || bad "one call ahead: '$got', want '$want'"
tickets yes >"$d/t.csv"

# ---- sla_met_values: only "Yes" (any case) is met; " Met " is not (C4
# then agrees with the clock); 3 of 5 against 2: one call ahead, no finding
conf "sla_met_values = Yes" >"$d/words.conf"
report "$d/words.conf" "$tmp/w.json"
got=$(claim "$tmp/w.json")
want="5 3 2 1 2 1 ok | C2:met/breached C3:met/breached C5:not met/met | "
[ "$got" = "$want" ] && ok || bad "sla_met_values = Yes: '$got', want '$want'"
# a config that maps no column.sla_met has no claim
grep -v '^column.sla_met' "$d/fitsmon.conf" >"$d/none.conf"
report "$d/none.conf" "$tmp/n.json"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["slas"][0]["claim"] is None; assert not [f for f in d["findings"] if f["kind"] == "claim-mismatch"]' "$tmp/n.json" &&
	! grep -q "OWN FIGURES" <("$FITSMON" -c "$d/none.conf" --now "$NOW" report) &&
	ok || bad "no column.sla_met: a claim or a claims section"
# config errors: on an activities feed, or an empty list
cat >"$d/bad.conf" <<'EOF'
[school]
name = Test school
[supplier "acme"]
name = Acme Ltd
[feed "log"]
supplier = acme
kind = activities
url = log.csv
column.at = At
sla_met_values = yes
[feed "t"]
supplier = acme
kind = tickets
url = t.csv
column.id = Ref
column.opened = Logged
sla_met_values =
EOF
"$FITSMON" -c "$d/bad.conf" validate >"$tmp/bad.out" 2>&1
rc=$?
[ $rc = 78 ] && grep -q "bad.conf:10: sla_met_values applies only to kind = tickets or ticket-events" "$tmp/bad.out" &&
	grep -q "bad.conf:17: sla_met_values: no value given" "$tmp/bad.out" &&
	ok || bad "config errors (rc $rc): $(cat "$tmp/bad.out")"

# ---- through the store: the same claim; the cell is stored with the row
"$FITSMON" -c "$d/fitsmon.conf" --now 2026-11-28T02:00:00Z run >/dev/null 2>&1 || bad "run failed"
report "$d/fitsmon.conf" "$tmp/s.json"
got=$(claim "$tmp/s.json")
want="5 4 2 1 3 1 mismatch | C2:met/breached C3:met/breached C4:met/breached C5:not met/met | urgent amber 4"
[ "$got" = "$want" ] && ok || bad "from the store: '$got', want '$want'"
# the feed not ok (stale: no copy for 4 days): no verdict, no finding
"$FITSMON" -c "$d/fitsmon.conf" --now 2026-12-02T02:30:00Z report --format json \
	--from 2026-11-01 -o "$tmp/st.json" 2>/dev/null
got=$(claim "$tmp/st.json")
case $got in
*" unknown | "*"| ") ok ;;
*) bad "stale feed: '$got', want status unknown and no finding" ;;
esac
# a store that maps no sla_met packs the cells as schema 8 did (19
# fields): an upgraded store sees the same text for the same row
"$FITSMON" -c "$d/none.conf" --now 2026-11-28T02:00:00Z run >/dev/null 2>&1
n=$("$FITSMON" -c "$d/none.conf" sql "SELECT length(cells) - length(replace(cells, char(31), '')) FROM tickets WHERE id = 'C1'" 2>&1 | tail -1 | tr -d ' ')
[ "$n" = 18 ] && ok || bad "unmapped sla_met: cells packed with '$n' separators, want 18"

# ---- ticket-events: the verdict is the latest non-empty value, rows out
# of time order in the file.  E1: "Breached" at 09:10, "" at 15:00 (later
# row first in the file), "Yes" at 11:00: Yes (met).  E2: "Yes" then
# "No" (latest): not met.  Both: New 09:00, In Progress 09:10 (answered),
# Resolved 15:00 (6 h: late).  E3: "Yes" 09:00, Resolved 09:30 (met).
cat >"$d/ev.csv" <<'EOF'
Ticket,At,Status,Verdict
E1,2026-11-09 15:00,Resolved,
E1,2026-11-09 09:00,New,
E1,2026-11-09 09:10,In Progress,Breached
E1,2026-11-09 11:00,In Progress,Yes
E2,2026-11-10 09:00,New,Yes
E2,2026-11-10 09:10,In Progress,Yes
E2,2026-11-10 15:00,Resolved,No
E3,2026-11-11 09:00,New,Yes
E3,2026-11-11 09:10,In Progress,
E3,2026-11-11 09:30,Resolved,
E4,2026-11-12 09:00,New,Yes
E4,2026-11-12 09:10,In Progress,Yes
E4,2026-11-12 15:00,Resolved,Yes
EOF
mkdir -p "$tmp/ev"
cp "$d/ev.csv" "$tmp/ev/"
cat >"$tmp/ev/fitsmon.conf" <<'EOF'
[school]
name = Test school
timezone = Europe/London
[supplier "acme"]
name = Acme Ltd
[feed "ev"]
supplier = acme
kind = ticket-events
url = ev.csv
time_format = iso8601
column.id = Ticket
column.at = At
column.status = Status
column.sla_met = Verdict
[sla "all"]
supplier = acme
respond = 1h
resolve = 4h
EOF
# E1 Yes/late, E2 No/late, E3 Yes/met, E4 Yes/late: 3 of 4 met against 1
want="4 3 1 0 2 0 mismatch | E1:met/breached E4:met/breached | all amber 2"
report "$tmp/ev/fitsmon.conf" "$tmp/e.json"
got=$(claim "$tmp/e.json")
[ "$got" = "$want" ] && ok || bad "events from the file: '$got', want '$want'"
"$FITSMON" -c "$tmp/ev/fitsmon.conf" --now 2026-11-28T02:00:00Z run >/dev/null 2>&1 || bad "events run failed"
report "$tmp/ev/fitsmon.conf" "$tmp/e2.json"
got=$(claim "$tmp/e2.json")
[ "$got" = "$want" ] && ok || bad "events from the store: '$got', want '$want'"
finish
