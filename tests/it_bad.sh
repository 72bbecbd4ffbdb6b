#!/bin/bash
# Hostile inputs through the real binary: every case in tests/data/bad/ is
# a NAME.expect file saying which input to use (a file beside it, or one
# generated here: big files are never committed), which kind of feed reads
# it, what to add to the configuration, and what must happen:
#
#   input: FILE | generate:NAME      feed: tickets | events | activities
#   config: generate:NAME            evidence: PATTERN     when: CONDITION
#   also: FIELD = PATTERN            a when.FIELD condition of the same [sla]
#   exit: N                          the exit status DESIGN.md names
#   stderr: REGEX                    (repeatable) a line of standard error matches
#   once: REGEX                      exactly one line of standard error matches
#   rejects: ROW ROW ... | none      exactly these rows are listed by query rejects
#   sql: SELECT ...   sql-expect: TEXT   one value read back from the store
#   report: PYTHON                   (repeatable) an expression over j, the JSON
#                                    report, that must be true: what the
#                                    evaluator decided (clocks, findings), both
#                                    after the run and read from the file directly
#   seconds: N                       the run finishes within N seconds (default 20)
#
# For every case, in a fresh folder with a generated configuration: `run`
# exits as expected, never by a signal (status >= 128), never with
# sanitizer or segfault text, with a bounded standard error; every skipped
# row is logged as FEED:ROW: reason, counted in the run's last line, listed
# by `query rejects --format csv` with its row number and in the JSON
# report's rejects; the JSON and HTML reports are valid UTF-8 (JSON that
# parses); and `ingest FEED FILE` and `report` before any run (reading the
# file directly) exit with the same status.
set -u
cd "$(dirname "$0")/.."
root=$PWD
FITSMON=${FITSMON:-$root/fitsmon}
export FITSMON_CATALOG=$root/rules/fitsom/catalog.conf
PY=/usr/bin/python3
grep() { LC_ALL=C command grep "$@"; }   # bytes, whatever the locale
BAD=$root/tests/data/bad
NOW=2026-11-28T02:30:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
t0=$(date +%s)

# ---- generated inputs --------------------------------------------------------------
mkdir -p "$tmp/gen"
# gen_input NAME: writes $tmp/gen/NAME and prints its path
gen_input() {
	local out=$tmp/gen/$1
	[ -e "$out" ] && { echo "$out"; return; }
	"$PY" - "$1" "$out" <<'EOF'
import sys
name, out = sys.argv[1], sys.argv[2]
HEAD = b"Ref,Logged,Priority,Summary\r\n"
OK = b"T9,02/11/2026 09:00,P2,a fine row\r\n"
with open(out, "wb") as f:
    if name == "big-field":              # a 10 MB field, then a good row
        f.write(HEAD + b'T1,01/11/2026 09:00,P1,"' + b"x" * (10 * 1000 * 1000) + b'"\r\n' + OK)
    elif name == "unclosed-huge":        # a quote that never closes, then 40 MB
        f.write(HEAD + OK + b'T2,01/11/2026 09:00,P1,"never closed ')
        block = b"y" * (1 << 20)
        for _ in range(40):
            f.write(block)
    elif name == "many-columns-header":  # 100,000 columns in the header
        f.write(b"Ref,Logged,Priority,Summary," +
                b",".join(b"c%d" % i for i in range(100000 - 4)) + b"\r\n" + OK)
    elif name == "many-columns-row":     # 100,000 fields in one data row
        f.write(HEAD + b"T1,01/11/2026 09:00,P1," +
                b",".join(b"v%d" % i for i in range(100000 - 3)) + b"\r\n" + OK)
    elif name == "backtracking-log":     # ten rows of 30,000 a's and a b
        f.write(b"Start,Hours,Work Done,On Site\r\n")
        for d in range(2, 12):
            f.write(b"2026-11-%02d 09:00,1,%s,Yes\r\n" % (d, b"a" * 30000 + b"b"))
    elif name == "backtracking-tickets": # seven tickets, the same summary
        f.write(HEAD)
        for d in range(1, 8):
            f.write(b"T%d,0%d/11/2026 09:00,P1,%s\r\n" % (d, d, b"a" * 30000 + b"b"))
    else:
        sys.exit("unknown generator " + name)
EOF
	echo "$out"
}
# gen_config NAME: configuration text that goes before the feed's
gen_config() {
	"$PY" - "$1" <<'EOF'
import sys
name = sys.argv[1]
w = sys.stdout.write
if name == "long-line":          # a 2 MB line, under the 16 MiB file cap
    w("[school]\nname = " + "N" * (2 << 20) + "\n")
elif name == "huge":             # 17 MiB: past the file cap, refused unread
    w("[school]\nname = Huge\n" + ("; " + "c" * 1000 + "\n") * (17 << 10))
elif name == "long-key":         # a 60 KB key, under the line cap
    w("[school]\n" + "k" * 60000 + " = v\n")
elif name in ("sections", "sections-repeated"):
    w("[school]\nname = Many Sections School\n")
    for i in range(10000):
        w('[calendar "c%d"]\nhours = Mon-Fri 08:00-16:00\n' % i)
    if name == "sections-repeated":
        w('[calendar "c17"]\n')
else:
    sys.exit("unknown generator " + name)
EOF
}

# ---- the configuration for one case ---------------------------------------------------
# write_conf DIR FEEDKIND INPUT EXTRA_CONFIG_FILE EVIDENCE WHEN
write_conf() {
	local dir=$1 kind=$2 input=$3 extra=$4 evidence=$5 when=$6 also=$7
	{
		[ -n "$extra" ] && cat "$extra"
		printf '[store]\npath = store.db\n[supplier "acme"]\n'
		case $kind in
		tickets)
			printf 'onsite = 8h/week\n[feed "desk"]\nsupplier = acme\nkind = tickets\n'
			printf 'url = %s\ntime_format = %%d/%%m/%%Y %%H:%%M\n' "$input"
			printf 'column.id = Ref\ncolumn.opened = Logged\ncolumn.priority = Priority\n'
			printf 'column.summary = Summary\n' ;;
		events)
			printf '[feed "events"]\nsupplier = acme\nkind = ticket-events\nurl = %s\n' "$input"
			printf 'column.id = Number\ncolumn.at = When\ncolumn.status = State\n'
			printf 'column.priority = Priority\n' ;;
		activities)
			printf 'onsite = 8h/week\n[feed "log"]\nsupplier = acme\nkind = activities\n'
			printf 'url = %s\ncolumn.at = Start\ncolumn.hours = Hours\n' "$input"
			printf 'column.description = Work Done\ncolumn.onsite = On Site\n'
			printf '[activity "backup-check"]\nsupplier = acme\nevery = day\n'
			printf 'evidence = %s\n' "${evidence:-(?i)backups? checked}" ;;
		esac
		if [ -n "$when" ]; then
			printf '[sla "costly"]\nwhen = %s\nrespond = 1h\nresolve = 4h\n' "$when"
			[ -n "$also" ] && printf 'when.%s\n' "$also"
		fi
		printf '[sla "all"]\nrespond = 1h\nresolve = 8h\n'
	} >"$dir/fitsmon.conf"
}

# utf8_json FILE: "ok N" (N rejects) when FILE is UTF-8 JSON with a rejects list
cat >"$tmp/report_check.py" <<'EOF'
import json, sys
try:
    j = json.loads(open(sys.argv[1], "rb").read().decode("utf-8"))
    status = {f["feed"]: f["status"] for f in j["feeds"]}
    print("ok", len(j["rejects"]), *sorted(set(status.values())))
except Exception as e:
    print("bad", type(e).__name__, str(e)[:200])
EOF
# report_true FILE EXPR: exit 0 when EXPR (over j, the parsed report) is true
cat >"$tmp/report_true.py" <<'EOF'
import json, sys
try:
    j = json.load(open(sys.argv[1], encoding="utf-8"))
    v = eval(sys.argv[2], {"j": j})
except Exception as e:
    print("report:", type(e).__name__, str(e)[:200])
    sys.exit(1)
sys.exit(0 if v else 1)
EOF
utf8() { "$PY" -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$1" 2>/dev/null; }

# ---- one case ------------------------------------------------------------------------
run_case() {
	local name=$1 spec=$BAD/$1.expect
	local input="" kind=tickets exit_want="" rejects="none" seconds=20 extra="" evidence="" when="" also=""
	local sql="" sql_expect="" key value run_exit="" status=ok
	local -a stderr_re=() once_re=() report_py=()
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in '#'* | '') continue ;; esac
		key=${line%%:*}
		value=${line#*:}
		value=${value# }
		case $key in
		input) input=$value ;;
		feed) kind=$value ;;
		exit) exit_want=$value ;;
		run-exit) run_exit=$value ;;      # when run's differs (an unreadable feed: 65)
		status) status=$value ;;          # the feed's JSON status (default ok)
		stderr) stderr_re+=("$value") ;;
		once) once_re+=("$value") ;;
		rejects) rejects=$value ;;
		seconds) seconds=$value ;;
		config) extra=$value ;;
		evidence) evidence=$value ;;
		when) when=$value ;;
		also) also=$value ;;
		sql) sql=$value ;;
		sql-expect) sql_expect=$value ;;
		report) report_py+=("$value") ;;
		*) bad "$name: unknown key '$key' in $spec" ;;
		esac
	done <"$spec"
	[ -n "$exit_want" ] && [ -n "$input" ] || { bad "$name: $spec needs input and exit"; return; }
	case $input in
	generate:*) input=$(gen_input "${input#generate:}") ;;
	*) input=$BAD/$input ;;
	esac
	[ -e "$input" ] || { bad "$name: no input file $input"; return; }
	local feed
	case $kind in tickets) feed=desk ;; events) feed=events ;; activities) feed=log ;;
	*) bad "$name: unknown feed kind $kind"; return ;; esac
	local d=$tmp/case-$name
	mkdir -p "$d/run" "$d/ingest" "$d/files"
	local extra_file=""
	if [ -n "$extra" ]; then
		extra_file=$d/extra.conf
		gen_config "${extra#generate:}" >"$extra_file"
	fi
	local sub
	for sub in run ingest files; do
		write_conf "$d/$sub" "$kind" "$input" "$extra_file" "$evidence" "$when" "$also"
	done
	rm -f "$extra_file"

	# run
	local s rc ms
	s=$(date +%s%N)
	(cd "$d/run" && timeout 120 "$FITSMON" -c fitsmon.conf --now $NOW run) \
		>"$d/run.out" 2>"$d/run.err"
	rc=$?
	ms=$((($(date +%s%N) - s) / 1000000))
	[ "$rc" = "${run_exit:-$exit_want}" ] && ok ||
		bad "$name: run exit $rc, want ${run_exit:-$exit_want}: $(head -c 300 "$d/run.err")"
	[ "$rc" -lt 124 ] && ok || bad "$name: run ended by a signal or a timeout (status $rc)"
	grep -aqE 'Sanitizer|Segmentation|core dumped|Aborted|runtime error' "$d/run.err" &&
		bad "$name: crash text: $(head -c 300 "$d/run.err")" || ok
	[ "$ms" -le $((seconds * 1000)) ] && ok || bad "$name: run took $ms ms, limit $seconds s"
	local size
	size=$(wc -c <"$d/run.err")
	[ "$size" -le 131072 ] && ok || bad "$name: $size bytes of standard error"
	local re n
	for re in "${stderr_re[@]}"; do
		grep -aqE -- "$re" "$d/run.err" && ok ||
			bad "$name: standard error lacks /$re/: $(head -c 400 "$d/run.err")"
	done
	for re in "${once_re[@]}"; do
		n=$(grep -acE -- "$re" "$d/run.err")
		[ "$n" = 1 ] && ok || bad "$name: /$re/ on $n lines, want 1: $(head -c 400 "$d/run.err")"
	done

	# every skipped row: logged, counted, listed with its row number
	local want_rows="" nwant=0
	[ "$rejects" != none ] && want_rows=$(tr ' ' '\n' <<<"$rejects" | grep . | sort -n | tr '\n' ' ')
	[ -n "$want_rows" ] && nwant=$(wc -w <<<"$want_rows")
	if [ "$exit_want" != 78 ]; then
		local listed
		listed=$(cd "$d/run" && "$FITSMON" -c fitsmon.conf query rejects --format csv 2>&1)
		rc=$?
		[ "$rc" = 0 ] && ok || bad "$name: query rejects exit $rc: $listed"
		[ "$(head -1 <<<"$listed" | tr -d '\r')" = "feed,row,reason" ] && ok ||
			bad "$name: query rejects header: $(head -1 <<<"$listed")"
		local got_rows
		got_rows=$(tail -n +2 <<<"$listed" | tr -d '\r' | grep . |
			awk -F, -v f="$feed" '$1 == f { print $2 }' | sort -n | tr '\n' ' ')
		[ "$got_rows" = "$want_rows" ] && ok ||
			bad "$name: query rejects rows '$got_rows', want '$want_rows'"
		[ "$(tail -n +2 <<<"$listed" | grep -c .)" = "$nwant" ] && ok ||
			bad "$name: query rejects lists rows of other feeds: $listed"
		local row
		for row in $want_rows; do
			grep -aqE "^$feed:$row: ." "$d/run.err" && ok || bad "$name: row $row not logged"
		done
		grep -aqE "; $nwant rows skipped\$" "$d/run.err" && ok ||
			bad "$name: the run's last line does not count $nwant skipped rows: $(tail -1 "$d/run.err")"
	fi

	# the reports: every format exits 0, JSON and HTML are valid UTF-8
	if [ "$exit_want" = 0 ]; then
		local fmt
		for fmt in json html text csv; do
			(cd "$d/run" && "$FITSMON" -c fitsmon.conf --now $NOW report --format $fmt) \
				>"$d/report.$fmt" 2>"$d/report.err"
			rc=$?
			cp "$d/report.err" "$d/report.$fmt.err"
			[ "$rc" = 0 ] && ok || bad "$name: report --format $fmt exit $rc: $(head -c 300 "$d/report.err")"
		done
		# a report matches an SLA's conditions again (the store keeps no
		# SLA) and warns as the run does: its trends judge the cells a
		# second time, counted once, not twice
		[ -n "$when" ] && for re in "${once_re[@]}"; do
			n=$(grep -acE -- "$re" "$d/report.json.err")
			[ "$n" = 1 ] && ok || bad "$name: report: /$re/ on $n lines, want 1: $(head -c 400 "$d/report.json.err")"
		done
		local j
		j=$("$PY" "$tmp/report_check.py" "$d/report.json")
		[ "$j" = "ok $nwant $status" ] && ok ||
			bad "$name: JSON report: '$j', want 'ok $nwant $status' (rejects, feed status)"
		utf8 "$d/report.html" && ok || bad "$name: the HTML report is not valid UTF-8"
	fi
	local expr
	for expr in "${report_py[@]}"; do
		"$PY" "$tmp/report_true.py" "$d/report.json" "$expr" && ok ||
			bad "$name: in the report after the run, not true: $expr"
	done
	if [ -n "$sql" ]; then
		local v
		v=$(cd "$d/run" && "$FITSMON" -c fitsmon.conf sql --format csv "$sql" 2>&1 | sed -n 2p | tr -d '\r')
		[ "$v" = "$sql_expect" ] && ok || bad "$name: sql gave '$v', want '$sql_expect'"
	fi

	# the same file by hand (ingest) and before any run (report reads it directly)
	(cd "$d/ingest" && timeout 120 "$FITSMON" -c fitsmon.conf --now $NOW ingest "$feed" "$input") \
		>/dev/null 2>"$d/ingest.err"
	rc=$?
	[ "$rc" = "$exit_want" ] && ok || bad "$name: ingest exit $rc, want $exit_want: $(head -c 300 "$d/ingest.err")"
	(cd "$d/files" && timeout 120 "$FITSMON" -c fitsmon.conf --now $NOW report --format json) \
		>"$d/files.json" 2>"$d/files.err"
	rc=$?
	[ "$rc" = "$exit_want" ] && ok || bad "$name: report before any run exit $rc, want $exit_want: $(head -c 300 "$d/files.err")"
	[ ! -e "$d/files/store.db" ] && ok || bad "$name: report created the store"
	for expr in "${report_py[@]}"; do
		"$PY" "$tmp/report_true.py" "$d/files.json" "$expr" && ok ||
			bad "$name: in the report read from the file, not true: $expr"
	done
	grep -aqE 'Sanitizer|Segmentation|core dumped|runtime error' "$d/ingest.err" "$d/files.err" &&
		bad "$name: crash text from ingest or report" || ok
	printf '  %-26s exit %-3s %6d ms\n' "$name" "$exit_want" "$ms"
	rm -rf "$d"
}

cases=$(cd "$BAD" && ls *.expect | sed 's/\.expect$//')
[ "$(wc -w <<<"$cases")" -ge 20 ] && ok || bad "fewer than 20 cases in $BAD"
for c in $cases; do run_case "$c"; done

echo "bad: $(wc -w <<<"$cases") cases in $(($(date +%s) - t0)) s"
echo "bad: $pass passed, $fail failed"
[ "$fail" = 0 ] || exit 1
