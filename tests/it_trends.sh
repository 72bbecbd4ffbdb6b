#!/bin/bash
# Trends (issue 19 part 3, README item 37) on the sample school: October
# 2026 beside September, and November beside October, at the sample's now
# (Sat 28 Nov 02:30), from the feed files and then from the store after a
# run.  Every expected figure is worked by hand in feeds/samples/README.md
# ("Trends: two months, by hand"); this script only compares.
# Also: a window that is not a month says "the 28 days before"; a feed not
# ok in the previous window makes that window's figures unknown (null),
# never 0.
set -u
. "$(dirname "$0")/itlib.sh" trends

NOW=2026-11-28T02:30:00Z

# check FILE WINDOW: compare the JSON report's slas[] with the hand figures
check() {
	"$PY" - "$1" "$2" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
win = sys.argv[2]
S = {s["sla"]: s for s in d["slas"]}
# (opened, closed, tickets, met, compliance, resp med, resp p90, fix med, fix p90,
#  open at end, oldest open s)
sep = {"urgent": (2, 2, 2, 2, 1, 720, 900, 5400, 9000, 0, None),
       "print": (3, 4, 3, 1, 0.3333, 19800, 23400, 28800, 37800, 0, None)}
oct_ = {"urgent": (2, 2, 2, 1, 0.5, 600, 1200, 5400, 18900, 0, None),
        "print": (4, 4, 4, 4, 1, 2700, 7200, 15000, 54000, 0, None)}
nov = {"urgent": (3, 3, 3, 2, 0.6667, 900, 5400, 6900, 11400, 0, None),
       "print": (7, 6, 6, 5, 0.8333, 2700, 3600, 9000, 75600, 1, 232200)}
cur, prev, pfrom = (oct_, sep, "2026-09-01") if win == "oct" else (nov, oct_, "2026-10-01")
# ACM-30404 (normal), open since Thu 20 Aug 11:00 BST, is the oldest open call
oldest_normal = {"oct": (3589200, 6271200), "nov": (6271200, 8613000)}[win]
bad = 0
def want(what, got, exp):
    global bad
    if got != exp:
        print("FAIL: %s %s: %r, expected %r" % (win, what, got, exp))
        bad += 1
for sla in ("urgent", "print"):
    s, p = S[sla], S[sla]["previous"]
    c = cur[sla]
    want(sla + " known", s["known"], True)
    want(sla + " opened", s["tickets_opened"], c[0])
    want(sla + " closed", s["tickets_closed"], c[1])
    want(sla + " tickets", s["tickets"], c[2])
    want(sla + " met", s["met"], c[3])
    want(sla + " compliance", s["compliance"], c[4])
    want(sla + " respond", (s["respond_median_s"], s["respond_p90_s"]), c[5:7])
    want(sla + " fix", (s["fix_median_s"], s["fix_p90_s"]), c[7:9])
    want(sla + " open at end", (s["open_at_end"], s["oldest_open_s"]), c[9:11])
    c = prev[sla]
    want(sla + " previous window", (p["from"], p["to"]), (pfrom, d["from"]))
    want(sla + " previous known", p["known"], True)
    want(sla + " previous opened", p["tickets_opened"], c[0])
    want(sla + " previous closed", p["tickets_closed"], c[1])
    want(sla + " previous tickets", (p["tickets"], p["met"]), c[2:4])
    want(sla + " previous compliance", p["compliance"], c[4])
    want(sla + " previous respond", (p["respond_median_s"], p["respond_p90_s"]), c[5:7])
    want(sla + " previous fix", (p["fix_median_s"], p["fix_p90_s"]), c[7:9])
    want(sla + " previous open at end", (p["open_at_end"], p["oldest_open_s"]), c[9:11])
want("normal oldest open", (S["normal"]["previous"]["oldest_open_s"],
                            S["normal"]["oldest_open_s"]), oldest_normal)
sys.exit(1 if bad else 0)
PYEOF
}

# -- from the feed files (no store yet)
cfg=$root/rules/examples/oakfield.conf
for w in oct nov; do
	case $w in
	oct) r="--from 2026-10-01 --to 2026-11-01" ;;
	nov) r="--from 2026-11-01 --to 2026-12-01" ;;
	esac
	# shellcheck disable=SC2086
	"$FITSMON" -c "$cfg" --now $NOW report $r --format json -o "$tmp/$w.json" 2>"$tmp/err" &&
		check "$tmp/$w.json" $w && ok || bad "files: $w trends (see above; $(head -c 300 "$tmp/err"))"
done

# the words: better / worse than last month
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-10-01 --to 2026-11-01 >"$tmp/oct.txt" 2>/dev/null
grep -q "COMPARED WITH LAST MONTH" "$tmp/oct.txt" && ok || bad "text: no trends section"
grep -q "'urgent' calls: Worse than last month: 50% on time, was 100%." "$tmp/oct.txt" &&
	ok || bad "text: urgent October against September"
tr '\n' ' ' <"$tmp/oct.txt" | tr -s ' ' | grep -q "'print' calls: Better than last month: 100% on time, was 33.3%." &&
	ok || bad "text: print October against September"
tr '\n' ' ' <"$tmp/oct.txt" | tr -s ' ' | grep -q "half the calls within 10 min, 9 in 10 within 20 min. Last month: 12 min and 15 min." &&
	ok || bad "text: urgent times to answer against last month"
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-10-01 --to 2026-11-01 --format html -o "$tmp/oct.html" 2>/dev/null
grep -q "Compared with last month" "$tmp/oct.html" &&
	grep -q "Worse than last month: 50% on time, was 100%." "$tmp/oct.html" && ok || bad "html: trends"
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-11-01 --to 2026-12-01 --format email >"$tmp/nov.mail" 2>/dev/null
grep -q "'urgent' calls: Better than last month: 66.7% on time, was 50%." "$tmp/nov.mail" &&
	ok || bad "email: urgent November against October"

# -- a window that is not a month: the 28 days before it
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-11-02 --to 2026-11-30 --format json -o "$tmp/w.json" 2>/dev/null
"$PY" -c 'import json,sys; p=json.load(open(sys.argv[1]))["slas"][0]["previous"]; sys.exit(not (p["from"], p["to"]) == ("2026-10-05", "2026-11-02"))' "$tmp/w.json" &&
	ok || bad "28-day window: the previous window is not 5 Oct - 2 Nov"
"$FITSMON" -c "$cfg" --now $NOW report --from 2026-11-02 --to 2026-11-30 2>/dev/null |
	grep -q "than the 28 days before:" && ok || bad "28-day window: not 'the 28 days before'"
if "$FITSMON" -c "$cfg" --now $NOW report --from 2026-11-02 --to 2026-11-30 2>/dev/null | grep -q "last month"; then
	bad "28-day window: says 'last month'"
else
	ok
fi

# -- from the store, after a run: the loader keeps the previous window's
# tickets (Printwise's ticket-events are read from the store by window)
sample_tree "$tmp/t"
scfg=$tmp/t/rules/examples/oakfield.conf
"$FITSMON" -c "$scfg" --now $NOW run >/dev/null 2>"$tmp/run.err"
[ -s "$tmp/t/rules/examples/oakfield.db" ] && ok || bad "run: no store ($(head -c 300 "$tmp/run.err"))"
for w in oct nov; do
	case $w in
	oct) r="--from 2026-10-01 --to 2026-11-01" ;;
	nov) r="--from 2026-11-01 --to 2026-12-01" ;;
	esac
	# shellcheck disable=SC2086
	"$FITSMON" -c "$scfg" --now $NOW report $r --format json -o "$tmp/s$w.json" 2>"$tmp/err" &&
		check "$tmp/s$w.json" $w && ok || bad "store: $w trends (see above; $(head -c 300 "$tmp/err"))"
done

# -- a feed not ok in the previous window: its figures unknown, not 0.
# Printwise's export last read Thu 15 Oct (file time, before any run): in
# November's report October is not known for 'print'; 'urgent' (Acme) is.
sample_tree "$tmp/u"
ucfg=$tmp/u/rules/examples/oakfield.conf
touch -d 2026-10-15T12:00:00Z "$tmp/u/feeds/samples/printwise-events.csv"
"$FITSMON" -c "$ucfg" --now $NOW report --from 2026-11-01 --to 2026-12-01 --format json -o "$tmp/u.json" 2>/dev/null
"$PY" - "$tmp/u.json" <<'PYEOF' && ok || bad "feed not ok: previous window not unknown"
import json, sys
S = {s["sla"]: s for s in json.load(open(sys.argv[1]))["slas"]}
p = S["print"]["previous"]
bad = []
if p["known"] is not False: bad.append("known %r" % p["known"])
for k in ("tickets_opened", "tickets_closed", "tickets", "met", "compliance",
          "respond_median_s", "fix_median_s", "open_at_end"):
    if p[k] is not None: bad.append("%s %r" % (k, p[k]))
if S["urgent"]["previous"]["known"] is not True: bad.append("urgent unknown too")
# this window is not known for print either (the feed is stale now)
if S["print"]["known"] is not False or S["print"]["tickets_opened"] is not None:
    bad.append("this window: known %r" % S["print"]["known"])
for b in bad: print("FAIL: print previous:", b)
sys.exit(1 if bad else 0)
PYEOF
"$FITSMON" -c "$ucfg" --now $NOW report --from 2026-11-01 --to 2026-12-01 2>/dev/null | tr '\n' ' ' | tr -s ' ' >"$tmp/u.txt"
grep -q "'print' calls: Not known this time: the call log could not be read." "$tmp/u.txt" &&
	ok || bad "feed not ok: the text does not say 'not known'"

finish
