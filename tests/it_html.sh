#!/bin/bash
# The HTML report in a real browser.  The sample school's report must be
# one self-contained page (no scripts, links, fonts, images or anything
# fetched), well formed (balanced tags; each inline SVG parses as XML), say
# the key facts (the school, every red finding, the short on-site week of
# 2026-W47), escape what comes from the config and data, and render in
# headless Chromium (Debian's `chromium`) to a non-blank 1240-pixel-wide
# PNG and to an A4 PDF.  Chromium is installed when missing and we are
# root; otherwise the test fails and says what to install.
#
# FITSMON_SCREENSHOT=FILE also saves the top of the page, 1000 x 1100, to
# FILE: that is how the README's tests/data/report-screenshot.png is made
#   FITSMON_SCREENSHOT=$PWD/tests/data/report-screenshot.png bash tests/it_html.sh
set -u
cd "$(dirname "$0")/.."
root=$PWD
FITSMON=${FITSMON:-$root/fitsmon}
PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
	# a script that checked nothing proves nothing: it fails
	[ "$pass" = 0 ] && [ "$fail" = 0 ] && bad "no check ran"
	echo "html: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
}

NOW=2026-11-28T02:30:00Z
work=$tmp/work
mkdir -p "$work"
# a copy of the sample school (rules/ and feeds/ together): its store,
# oakfield.db beside the config, stays out of the source tree
cp -R "$root/rules" "$root/feeds" "$tmp/"
SAMPLE=$tmp/rules/examples/oakfield.conf

# ---- the sample school's report ---------------------------------------------
(cd "$work" && $FITSMON -c "$SAMPLE" --now $NOW run) >"$tmp/run.out" 2>&1 \
	&& ok || bad "run on the sample school failed: $(tail -3 "$tmp/run.out")"
html=$tmp/report.html
(cd "$work" && $FITSMON -c "$SAMPLE" --now $NOW report --from 2026-08-24 --format html \
	-o "$html") 2>"$tmp/err" && [ -s "$html" ] && ok \
	|| { bad "report --format html failed: $(head -c 300 "$tmp/err")"; finish; }
(cd "$work" && $FITSMON -c "$SAMPLE" --now $NOW report --from 2026-08-24 --format json \
	-o "$tmp/report.json") 2>/dev/null && ok || bad "report --format json failed"

# self-contained: nothing that loads or runs anything
for s in 'http:' 'https:' 'src=' '@import' '<script' '<link' 'url(' '<img' '<iframe' \
	 '<object' '<embed' 'href='; do
	if grep -qiF -- "$s" "$html"; then
		bad "the page is not self-contained: it contains '$s'"
	else
		ok
	fi
done

# well formed, and the facts a bursar needs
$PY - "$html" "$tmp/report.json" "$SAMPLE" >"$tmp/py.out" 2>&1 <<'PY'
import json, re, sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

page = open(sys.argv[1], encoding="utf-8").read()
rep = json.load(open(sys.argv[2], encoding="utf-8"))
fails = []
def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
             .replace('"', "&quot;").replace("'", "&#39;"))
def check(cond, what):
    if not cond:
        fails.append(what)

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source"}
class Balance(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.seen = [], [], {}
    def handle_starttag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.seen[tag] = self.seen.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            top = self.stack[-1] if self.stack else "nothing"
            self.errors.append("</%s> closes <%s>" % (tag, top))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()
b = Balance()
b.feed(page)
b.close()
check(page.startswith("<!DOCTYPE html>"), "no HTML5 doctype")
check('<meta charset="utf-8">' in page, "no UTF-8 charset")
check(not b.errors, "unbalanced tags: %s" % b.errors[:5])
check(not b.stack, "tags left open: %s" % b.stack)
for tag in ("html", "head", "body", "main", "header", "footer", "style", "title", "table", "svg"):
    check(b.seen.get(tag, 0) >= 1, "no <%s>" % tag)
for tag in ("html", "head", "body", "main", "header", "footer"):
    check(b.seen.get(tag, 0) == 1, "<%s> appears %d times" % (tag, b.seen.get(tag, 0)))

# every inline SVG is XML; the chart has an accessible title and description
svgs = re.findall(r"<svg\b.*?</svg>", page, re.S)
check(len(svgs) >= 2, "expected the chart and the function bars as SVG")
chart = None
for s in svgs:
    try:
        el = ET.fromstring(s)
    except ET.ParseError as e:
        fails.append("an SVG does not parse as XML: %s" % e)
        continue
    if el.find("desc") is not None:
        chart = el
check(chart is not None, "no SVG chart with a <desc>")
if chart is not None:
    check(chart.get("role") == "img", "chart has no role=img")
    title = chart.find("title")
    check(title is not None and title.text, "chart has no <title>")
    desc = chart.find("desc").text or ""
    texts = ["".join(t.itertext()) for t in chart.iter("text")]
    for s in rep["slas"]:
        check(s["sla"] in texts, "chart has no row for SLA %r" % s["sla"])
        check(("'%s'" % s["sla"]) in desc, "chart description leaves out %r" % s["sla"])
    weeks = [t for t in texts if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", t)]
    check(len(weeks) == 12, "chart has %d week labels, not 12" % len(weeks))
    check("23 Nov" in weeks and "7 Sep" in weeks, "chart weeks are not 7 Sep..23 Nov: %s" % weeks)
    check(any("target" in t for t in texts), "chart legend has no target")
    dashed = [l for l in chart.iter("line") if l.get("stroke-dasharray")]
    check(len(dashed) >= len(rep["slas"]), "no dashed target line for each SLA")

# the facts
school = rep["school"]
check(esc(school) in page, "school name missing")
reds = [f for f in rep["findings"] if f["severity"] == "red"]
check(len(reds) >= 1, "the sample school should have red findings")
for f in rep["findings"]:
    if f["severity"] == "red":
        check(esc(f["subject"]) in page, "red finding %r missing" % f["subject"])
    check(esc(f["message"]) in page, "finding message missing: %s" % f["id"])
    check(esc(f["question"]) in page, "finding question missing: %s" % f["id"])
n_red = page.count('<article class="finding red">')
n_amber = page.count('<article class="finding amber">')
check(n_red == rep["summary"]["red"],
      "%d red findings shown, %d in JSON" % (n_red, rep["summary"]["red"]))
check(n_amber == rep["summary"]["amber"], "%d amber findings shown" % n_amber)
first_amber = page.find('class="finding amber"')
last_red = page.rfind('class="finding red"')
check(first_amber < 0 or last_red < first_amber, "red findings do not come first")
check(re.search(r"<tr>[^\n]*2026-W47[^\n]*! short", page) is not None,
      "on-site hours: 2026-W47 is not shown as short")
check(re.search(r"<tr>[^\n]*2026-W48[^\n]*\u2713 ok", page) is not None,
      "on-site hours: 2026-W48 is not shown as ok")
for t in rep["tickets"]:
    # a call waiting on the school at now is not listed as late
    late = ("breached" in (t["response"]["status"], t["resolution"]["status"])
            and "waiting_since" not in t)
    row = re.search(r"<tr><td class=\"nw\"><strong>%s</strong>" % re.escape(esc(t["ticket"])), page)
    check(bool(row) == late, "late-calls table and ticket %s disagree" % t["ticket"])
missed = sum(1 for o in rep["obligations"] if o["status"] == "missed")
m = re.search(r'<section class="missed">.*?</section>', page, re.S)
check(m is not None and m.group(0).count("<tr>") == missed + 1,
      "missed-work table does not have %d rows" % missed)
check(page.count('<svg class="bar"') == sum(1 for f in rep["functions"] if f["periods"]),
      "one bar per FITS OM function with work due")
check(re.search(r"97\.2%.*\(69 of 71\)", page) is not None, "storage management bar text")
for word in ("Urgent", "To follow up", "Went well", "What went well", "What the words mean",
             "Ask Acme Schools ICT Ltd:", "@page", "size:A4", "@media print",
             "break-inside:avoid"):
    check(word in page, "missing %r" % word)
check("\u2713" in page and "! " in page, "no marks beside colours")
for f in fails:
    print("FAIL: " + f)
print("checks: %d failed" % len(fails))
sys.exit(1 if fails else 0)
PY
if [ $? = 0 ]; then ok; else bad "page checks:"; cat "$tmp/py.out"; fi

# escaping: markup in the school's name and a ticket summary is shown, not run
name="Oak \\& <b>Elm</b> \"Q\" 'S' <script>x()</script>"
sed -e "s|^name *= Oakfield Primary School|name = $name|" \
    -e "s|\.\./\.\./feeds/samples/acme-tickets.csv|$tmp/acme-tickets.csv|" \
    -e "s|\.\./\.\./|$root/|g" -e "s|\.\./fitsom/|$root/rules/fitsom/|" \
    "$SAMPLE" >"$tmp/esc.conf"
sed -e "s|,SRV01 down - nobody|,SRV01 <i>down</i> \\& 'out' - nobody|" \
    "$root/feeds/samples/acme-tickets.csv" >"$tmp/acme-tickets.csv"
mkdir -p "$tmp/esc"
(cd "$tmp/esc" && $FITSMON -c "$tmp/esc.conf" --now $NOW report --from 2026-08-24 \
	--format html -o "$tmp/esc.html") 2>"$tmp/err" \
	|| bad "report with markup in the config failed: $(head -c 300 "$tmp/err")"
if [ -s "$tmp/esc.html" ]; then
	want='Oak &amp; &lt;b&gt;Elm&lt;/b&gt; &quot;Q&quot; &#39;S&#39; &lt;script&gt;x()&lt;/script&gt;'
	grep -qF "$want" "$tmp/esc.html" && ok || bad "the school's name is not escaped"
	grep -qF "SRV01 &lt;i&gt;down&lt;/i&gt; &amp; &#39;out&#39; - nobody" "$tmp/esc.html" \
		&& ok || bad "a ticket's summary is not escaped"
	grep -qiE '<script|<b>Elm|<i>down' "$tmp/esc.html" \
		&& bad "markup from the config or the data reached the page" || ok
else
	bad "no HTML report was written for the escaping checks: $(head -c 300 "$tmp/err")"
fi

# ---- the real browser ---------------------------------------------------------
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "installing Debian's chromium for the browser test"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq chromium >/dev/null 2>&1 \
			|| { apt-get update -qq && apt-get install -y -qq chromium >/dev/null 2>&1; }
		chrome=$(command -v chromium || true)
	fi
	if [ -z "$chrome" ]; then
		bad "no Chromium: as root, run: apt-get install chromium"
		finish
	fi
fi

# Everything Chromium writes stays in $tmp; nothing may reach the network:
# the page loads nothing, background services are off, and every host name
# resolves to nothing.
mkdir -p "$tmp/home"
browse() {
	local headless=$1
	shift
	HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home XDG_CACHE_HOME=$tmp/home \
	timeout 120 "$chrome" "$headless" --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --disable-extensions --disable-default-apps \
		--host-resolver-rules='MAP * ~NOTFOUND' \
		--user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$@" "file://$html" \
		>>"$tmp/chrome.log" 2>&1
}
png=$tmp/report.png
headless=--headless
browse $headless --window-size=1240,1754 --screenshot="$png"
if [ ! -s "$png" ]; then
	headless=--headless=new
	browse $headless --window-size=1240,1754 --screenshot="$png"
fi
if [ -s "$png" ]; then
	ok
else
	bad "Chromium could not render the page to a PNG: $(grep -v dbus "$tmp/chrome.log" | tail -5)"
	finish
fi

# A real picture: PNG, 1240 wide, over 20 KB, and not blank: more than 2%
# of the filtered image data is not zero (a blank page filters to zeros),
# and the top 500 rows, decoded here, have dark pixels (the heading).
$PY - "$png" >"$tmp/png.out" 2>&1 <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
fails = []
if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
    print("FAIL: not a PNG"); sys.exit(1)
w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
if w != 1240: fails.append("width %d, not 1240" % w)
if h < 1000: fails.append("height %d" % h)
if len(data) <= 20 * 1024: fails.append("only %d bytes" % len(data))
bpp = {2: 3, 6: 4}.get(ctype)
if depth != 8 or not bpp:
    fails.append("unexpected PNG type %d/%d" % (depth, ctype))
else:
    idat, pos = b"", 8
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + n]
        pos += 12 + n
    raw = zlib.decompress(idat)
    busy = (len(raw) - raw.count(0)) / len(raw)
    if busy < 0.02: fails.append("blank: %.2f%% of the image data is not background" % (100 * busy))
    stride = w * bpp
    prev = bytearray(stride)
    dark = samples = 0
    for y in range(min(h, 500)):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        for x in range(0, stride, bpp):
            samples += 1
            dark += line[x] + line[x + 1] + line[x + 2] < 3 * 110
        prev = line
    if dark < samples * 0.002:
        fails.append("no dark text at the top: %.3f%%" % (100.0 * dark / samples))
for f in fails:
    print("FAIL: " + f)
sys.exit(1 if fails else 0)
PY
if [ $? = 0 ]; then ok; else bad "screenshot: $(cat "$tmp/png.out")"; fi
# The README's picture: the top of the page, small enough for a repository.
if [ -n "${FITSMON_SCREENSHOT:-}" ]; then
	browse $headless --hide-scrollbars --window-size=1000,1100 \
		--screenshot="$FITSMON_SCREENSHOT" && echo "screenshot in $FITSMON_SCREENSHOT"
fi

# Printed: a PDF of A4 pages (595 x 842 points), more than one page.
pdf=$tmp/report.pdf
browse $headless --no-pdf-header-footer --print-to-pdf="$pdf"
if [ -s "$pdf" ] && head -c 5 "$pdf" | grep -q '%PDF-'; then
	ok
	$PY - "$pdf" <<'PY' && ok || bad "the PDF is not A4 pages"
import re, sys
d = open(sys.argv[1], "rb").read()
boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", d)
pages = len(re.findall(rb"/Type\s*/Page\b", d))
bad = [b for b in boxes if abs(float(b[0]) - 595.3) > 2 or abs(float(b[1]) - 841.9) > 2]
if not boxes or bad or pages < 2 or len(d) < 10240:
    print("FAIL: %d pages, boxes %s" % (pages, sorted(set(boxes))[:3]))
    sys.exit(1)
PY
else
	bad "Chromium could not print the page to PDF: $(grep -v dbus "$tmp/chrome.log" | tail -5)"
fi

finish
