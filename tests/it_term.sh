#!/bin/bash
# report --term [DATE]: the termly review pack on the sample school.
# Two nightly runs (Wed 21 Oct, in autumn term 1, and Sat 28 Nov, in
# autumn term 2) give the store a history.  Then:
#   - the default term is the last complete one (autumn 1 at 28 Nov), and
#     --term DATE picks the term holding DATE; the window is the term;
#   - the HTML pack has every section the HTML report has, plus function
#     by function, credits, claims, signals and last term's open questions;
#   - the open questions are the findings open at the end of autumn 1 and
#     still open: the ones the 28 Nov run cleared are not among them, and
#     each says when it was first seen;
#   - headless Chromium prints each pack to at most 8 A4 pages;
#   - json and text work; a date in no term exits 64 listing the terms, a
#     config with no terms 78; --term with --from, or as csv, is a usage error.
. "$(dirname "$0")/itlib.sh" term

sample_tree "$tmp/t"
CONF=$tmp/t/rules/examples/oakfield.conf
NOW=2026-11-28T02:30:00Z
fm() { "$FITSMON" -c "$CONF" "$@"; }

fm --now 2026-10-21T02:30:00Z run >"$tmp/run1" 2>&1 && ok || bad "first run: $(tail -2 "$tmp/run1")"
fm --now $NOW run >"$tmp/run2" 2>&1 && ok || bad "second run: $(tail -2 "$tmp/run2")"

# ---- which term --------------------------------------------------------------
fm --now $NOW report --term --format json -o "$tmp/a1.json" 2>"$tmp/err" && ok \
	|| bad "report --term (json) failed: $(cat "$tmp/err")"
fm --now $NOW report --term 2026-11-02 --format json -o "$tmp/a2.json" 2>"$tmp/err" && ok \
	|| bad "report --term 2026-11-02 (json) failed: $(cat "$tmp/err")"
fm --now $NOW report --term=2026-12-18 --format json -o "$tmp/a2b.json" 2>"$tmp/err" && ok \
	|| bad "report --term=2026-12-18 failed: $(cat "$tmp/err")"
fm sql 'SELECT id, kind, subject, first_seen, cleared FROM findings' --format json \
	>"$tmp/findings.json" 2>"$tmp/err" || bad "sql: $(cat "$tmp/err")"
"$PY" - "$tmp/a1.json" "$tmp/a2.json" "$tmp/a2b.json" "$tmp/findings.json" >"$tmp/py" 2>&1 <<'PY'
import json, sys, calendar, time
a1, a2, a2b = (json.load(open(p)) for p in sys.argv[1:4])
rows = json.load(open(sys.argv[4]))
fails = []
def check(c, what):
    if not c: fails.append(what)
# the default: autumn 1, the last term over by Sat 28 Nov
check((a1["from"], a1["to"]) == ("2026-09-03", "2026-10-24"), "default window %s..%s" % (a1["from"], a1["to"]))
check(a1["term"]["number"] == 1 and a1["term"]["of"] == 2 and a1["term"]["calendar"] == "school-hours",
      "default term %r" % a1["term"])
check(a1["term"]["previous"] is None and a1["open_questions"] == [], "autumn 1 has no term before it")
# --term 2026-11-02 and --term=2026-12-18 (first and last day): autumn 2
for a in (a2, a2b):
    check((a["from"], a["to"]) == ("2026-11-02", "2026-12-19"), "autumn 2 window %s..%s" % (a["from"], a["to"]))
    check(a["term"]["previous"] == {"first_day": "2026-09-03", "last_day": "2026-10-23"},
          "autumn 2's previous term %r" % a["term"]["previous"])
# the report's pinned fields are all there
for k in ("school", "now", "summary", "slas", "tickets", "obligations", "hours", "feeds", "findings"):
    check(k in a2, "pack JSON lacks %s" % k)
check(set(a2["sections"]) == {"credits", "claims", "signals"}, "sections %r" % a2.get("sections"))
# open questions: open at the end of autumn 1 (before Sat 24 Oct 00:00 BST =
# 23 Oct 23:00Z), still open at now
since = calendar.timegm(time.strptime("2026-10-23T23:00:00", "%Y-%m-%dT%H:%M:%S"))
byid = {r["id"]: r for r in rows}
want = sorted(r["id"] for r in rows if int(r["first_seen"]) < since and r["cleared"] in (None, ""))
got = [q["id"] for q in a2["open_questions"]]
check(sorted(got) == want, "open questions %r, want %r" % (got, want))
check(len(got) >= 4, "expected at least 4 open questions, got %d" % len(got))
cleared = [r for r in rows if r["cleared"] not in (None, "") and int(r["first_seen"]) < since]
check(len(cleared) >= 3, "the 28 Nov run should have cleared findings of 21 Oct")
for r in cleared:
    check(r["id"] not in got, "cleared finding %s (%s) is an open question" % (r["subject"], r["kind"]))
subjects = {q["subject"] for q in a2["open_questions"]}
for s in ("urgent", "ACM-30404", "printwise print-and-output-management", "backup-check"):
    check(s in subjects, "open question %r missing" % s)
check("ACM-30853" not in subjects, "ACM-30853 was put right (cleared) but is listed")
sev = [q["severity"] for q in a2["open_questions"]]
check(sev == sorted(sev, key=lambda s: s != "red"), "red questions first: %r" % sev)
for q in a2["open_questions"]:
    check(q["first_seen"] == "2026-10-21T02:30:00Z" and q["first_seen_day"] == "2026-10-21",
          "first seen of %s: %s" % (q["id"], q["first_seen"]))
for f in fails: print("FAIL: " + f)
sys.exit(1 if fails else 0)
PY
[ $? = 0 ] && ok || { bad "term JSON:"; cat "$tmp/py"; }

# ---- the HTML pack -----------------------------------------------------------
fm --now $NOW report --term --format html -o "$tmp/p1.html" 2>"$tmp/err" && ok \
	|| bad "report --term --format html failed: $(cat "$tmp/err")"
fm --now $NOW report --term 2026-11-20 --format html -o "$tmp/p2.html" 2>"$tmp/err" && ok \
	|| bad "report --term 2026-11-20 --format html failed: $(cat "$tmp/err")"
fm --now $NOW report --from 2026-11-02 --to 2026-12-19 --format html -o "$tmp/r2.html" \
	2>"$tmp/err" && ok || bad "report --format html failed: $(cat "$tmp/err")"
for s in 'http:' 'https:' 'src=' '@import' '<script' '<link' 'url(' '<img' '<iframe' \
	 '<object' '<embed' 'href=' '<form' '<input' '<button'; do
	grep -qiF -- "$s" "$tmp/p2.html" && bad "the pack is not a plain document: it has '$s'" || ok
done
"$PY" - "$tmp/p1.html" "$tmp/p2.html" "$tmp/r2.html" "$tmp/a2.json" >"$tmp/py" 2>&1 <<'PY'
import json, re, sys
from html.parser import HTMLParser
p1, p2, r2 = (open(p, encoding="utf-8").read() for p in sys.argv[1:4])
a2 = json.load(open(sys.argv[4]))
fails = []
def check(c, what):
    if not c: fails.append(what)
class Balance(HTMLParser):
    VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col"}
    def __init__(self):
        super().__init__(); self.stack = []; self.errors = []
    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID: self.stack.append(tag)
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag: self.errors.append(tag)
        else: self.stack.pop()
for name, page in (("autumn 1", p1), ("autumn 2", p2)):
    b = Balance(); b.feed(page); b.close()
    check(not b.errors and not b.stack, "%s: unbalanced tags %r %r" % (name, b.errors[:3], b.stack[:3]))
    check("<h1>Termly review pack</h1>" in page, "%s: no pack heading" % name)
    for w in ("@page{size:A4", "break-before:page", "break-inside:avoid"):
        check(w in page, "%s: print style lacks %r" % (name, w))
check("Term 1 of 2: Thu 3 Sep to Fri 23 Oct 2026" in p1, "autumn 1's label")
check("Term 2 of 2: Mon 2 Nov to Fri 18 Dec 2026" in p2, "autumn 2's label")
# every section the HTML report has, in the same order, then the pack's own
def sections(page):
    return re.findall(r'<section class="([^"]+)"', page)
rs, ps = sections(r2), sections(p2)
check(len(rs) >= 8, "the report has only %r" % rs)
check(ps[:len(rs)] == rs, "pack sections %r do not start with the report's %r" % (ps, rs))
check(ps[len(rs):] == ["term-functions", "term-credits", "term-claims", "term-signals",
                       "term-questions"], "pack's own sections: %r" % ps[len(rs):])
check("<footer>" in p2 and p2.index("term-questions") < p2.index("<footer>"), "glossary last")
def section(page, cls):
    m = re.search(r'<section class="%s">(.*?)</section>' % cls, page, re.S)
    return m.group(1) if m else ""
# per-function compliance: a row per function with work due, with its title
fn = section(p2, "term-functions")
for f in a2["functions"]:
    if f["periods"]:
        want = '<td class="num">%d</td><td class="num">%d</td><td class="num">%d</td>' % (
            f["periods"], f["done"], f["periods"] - f["done"])
        check(want in fn, "function %s: %s not in the table" % (f["function"], want))
check("Storage Management" in fn or "Storage management" in fn, "function titles: %r" % fn[:300])
# the finding sections: every finding of their kinds in full (heading with
# the kind's name, message, question, evidence), or a sentence when none
KINDS = {"term-credits": ("credits", {"credit-due"}),
         "term-claims": ("claims", {"claim-mismatch"}),
         "term-signals": ("signals", {"stamp-rewritten", "priority-lowered",
                                      "reopened-as-new", "long-pause"})}
for cls, (key, kinds) in KINDS.items():
    s = section(p2, cls)
    mine = [f for f in a2["findings"] if f["kind"] in kinds]
    check("<h2>" in s and s.count("<article") == len(mine) == a2["sections"][key],
          "%s: %d shown, %d such findings, sections.%s = %r" % (cls, s.count("<article"),
          len(mine), key, a2["sections"].get(key)))
    for f in mine:
        check("(%s)" % f["kind"] in s and f["id"] in s, "%s: finding %s not in full" % (cls, f["id"]))
    if not mine:
        check(s.count("<p>") == 1, "%s lists nothing and says nothing" % cls)
# open questions: each with its first sighting
q = section(p2, "term-questions")
check(q.count("<article") == len(a2["open_questions"]) >= 4, "open questions shown: %d" % q.count("<article"))
for oq in a2["open_questions"]:
    check(oq["id"] in q, "open question %s not shown" % oq["id"])
check(q.count("First seen Wed 21 Oct 2026, and not put right since.") == len(a2["open_questions"]),
      "first-seen dates")
check("ACM-30853" not in q, "a cleared finding is in the open questions")
check("first term in the school calendar" in section(p1, "term-questions"), "autumn 1: no earlier term")
for f in fails: print("FAIL: " + f)
sys.exit(1 if fails else 0)
PY
[ $? = 0 ] && ok || { bad "HTML pack:"; cat "$tmp/py"; }

# ---- printed: at most 8 A4 pages -----------------------------------------------
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	bad "no Chromium: as root, run: apt-get install chromium"
else
	mkdir -p "$tmp/home"
	for p in p1 p2; do
		HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home XDG_CACHE_HOME=$tmp/home \
		timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic \
			--no-first-run --disable-background-networking --disable-component-update \
			--disable-sync --disable-extensions --disable-default-apps \
			--host-resolver-rules='MAP * ~NOTFOUND' \
			--user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --no-pdf-header-footer \
			--print-to-pdf="$tmp/$p.pdf" "file://$tmp/$p.html" >>"$tmp/chrome.log" 2>&1
		"$PY" - "$tmp/$p.pdf" <<'PY' >"$tmp/pdf" 2>&1 && ok || bad "$p: $(cat "$tmp/pdf")"
import re, sys
d = open(sys.argv[1], "rb").read()
pages = len(re.findall(rb"/Type\s*/Page\b", d))
boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", d)
notA4 = [b for b in boxes if abs(float(b[0]) - 595.3) > 2 or abs(float(b[1]) - 841.9) > 2]
print("%d pages" % pages)
if not d.startswith(b"%PDF-") or not boxes or notA4 or not 2 <= pages <= 8:
    print("not 2 to 8 A4 pages: %d pages, boxes %s" % (pages, sorted(set(boxes))[:3]))
    sys.exit(1)
PY
		echo "term: $p.pdf $(cat "$tmp/pdf")"
	done
fi

# ---- text -------------------------------------------------------------------------
fm --now $NOW report --term 2026-11-02 >"$tmp/p2.txt" 2>"$tmp/err" && ok \
	|| bad "report --term (text) failed: $(cat "$tmp/err")"
for w in "TERMLY REVIEW PACK" "Term 2 of 2: Mon 2 Nov to Fri 18 Dec 2026" \
	 "THIS TERM, FUNCTION BY FUNCTION" "SERVICE CREDITS" "SIGNS THAT RECORDS WERE CHANGED" \
	 "LAST TERM'S OPEN QUESTIONS" "First seen Wed 21 Oct 2026" "ACM-30404"; do
	grep -qF "$w" "$tmp/p2.txt" && ok || bad "text pack lacks '$w'"
done
[ "$(grep -c '^[A-Z][A-Z ,'"'"']*$' "$tmp/p2.txt" | tr -d ' ')" -gt 5 ] && ok || bad "text pack has few headings"
tail -12 "$tmp/p2.txt" | grep -q "^WHAT THE WORDS MEAN" && ok || bad "the glossary is not last in the text pack"

# ---- before the first run: no history --------------------------------------------
sample_tree "$tmp/fresh"
"$FITSMON" -c "$tmp/fresh/rules/examples/oakfield.conf" --now $NOW report --term 2026-11-02 \
	--format json -o "$tmp/fresh.json" 2>"$tmp/err" && ok || bad "no store: $(cat "$tmp/err")"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["open_questions"] is None else 1)' \
	"$tmp/fresh.json" && ok || bad "no store: open_questions should be null (not known)"

# a store whose first run came after autumn 1 ended cannot know what was
# open then: not known, rather than "nothing"
sample_tree "$tmp/late"
"$FITSMON" -c "$tmp/late/rules/examples/oakfield.conf" --now $NOW run >/dev/null 2>&1
"$FITSMON" -c "$tmp/late/rules/examples/oakfield.conf" --now $NOW report --term 2026-11-02 \
	--format json -o "$tmp/late.json" 2>"$tmp/err" && ok || bad "late store: $(cat "$tmp/err")"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["open_questions"] is None else 1)' \
	"$tmp/late.json" && ok || bad "a store begun after last term: open_questions should be null"
"$FITSMON" -c "$tmp/late/rules/examples/oakfield.conf" --now $NOW report --term 2026-11-02 \
	--format html 2>/dev/null | grep -qF "does not go back to the end of last term" && ok \
	|| bad "a store begun after last term: the pack does not say the questions are not known"

# ---- no all-clear from data that was not read --------------------------------------
# the call log's dates unreadable: the health gate stops it, and the pack's
# finding sections say that what they found covers only the data read
sample_tree "$tmp/bad"
sed -i 's|/2026 |/20x6 |g' "$tmp/bad/feeds/samples/acme-tickets.csv"
"$FITSMON" -c "$tmp/bad/rules/examples/oakfield.conf" --now $NOW report --term 2026-11-02 \
	--format html -o "$tmp/bad.html" 2>/dev/null
"$PY" - "$tmp/bad.html" <<'PY' && ok || bad "unreadable call log: the pack's sections give an all-clear"
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
for cls in ("term-credits", "term-claims", "term-signals"):
    m = re.search(r'<section class="%s">(.*?)</section>' % cls, page, re.S)
    if not m or "could not be read" not in m.group(1):
        print("%s: %r" % (cls, m.group(1)[-300:] if m else None)); sys.exit(1)
PY

# ---- errors -------------------------------------------------------------------------
fm --now $NOW report --term 2026-10-25 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 64 ] && ok || bad "a date in no term: exit $rc, not 64"
grep -qF "report --term: 2026-10-25 is in no term of calendar 'school-hours' (its terms: 2026-09-03..2026-10-23, 2026-11-02..2026-12-18)" \
	"$tmp/err" && ok || bad "a date in no term: $(cat "$tmp/err")"
fm --now 2026-10-20T12:00:00Z report --term >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 64 ] && grep -qF "no term of calendar 'school-hours' is over by 2026-10-20" "$tmp/err" && ok \
	|| bad "no complete term: exit $rc, $(cat "$tmp/err")"
sed -e '/^terms  = /d' -e 's/^every    = term/every    = month/' "$CONF" >"$tmp/t/rules/examples/noterms.conf"
"$FITSMON" -c "$tmp/t/rules/examples/noterms.conf" --now $NOW report --term >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 78 ] && grep -qF "no calendar has terms" "$tmp/err" && ok \
	|| bad "no calendar with terms: exit $rc, $(cat "$tmp/err")"
fm report --term --from 2026-09-01 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 64 ] && grep -qF -- "--term sets the period" "$tmp/err" && ok || bad "--term with --from: exit $rc"
fm report --term --format csv >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 64 ] && grep -qF "html, json or text" "$tmp/err" && ok || bad "--term as csv: exit $rc"
fm report --term 28/11/2026 >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 64 ] && grep -qF "'28/11/2026' is not a date" "$tmp/err" && ok || bad "--term bad date: exit $rc"
"$FITSMON" report --help | grep -qF -- "--term [DATE]" && ok || bad "report --help does not list --term"

finish
