#!/bin/bash
# Presets (rules/presets/NAME.conf) and `fitsmon presets`:
#   - `fitsmon presets` lists every shipped preset with its title;
#   - each preset reads its small export in tests/data/presets/NAME.csv,
#     shaped from the vendor's export documentation: `validate --data`
#     says ready, every row read, none rejected, every time parsed;
#   - an explicit [feed] key wins over the preset's (a column, the time
#     format); a preset's column missing from a file is left unmapped, an
#     explicit one is reported; an unknown preset is a config error; a
#     preset may be a file (preset = ./x.conf) or come from FITSMON_PRESETS;
#   - the real exports read through their presets give today's counts:
#     the UCI ServiceNow log through `servicenow` and the Toggl timesheet
#     through `toggl`, the same rows and rejects as feeds/examples/*.conf.
#     They are read from FITSMON_TESTDATA (default ../shared/data) and
#     skipped, by name, when absent.
. "$(dirname "$0")/itlib.sh" presets

DATA=${FITSMON_TESTDATA:-$root/../shared/data}
check() {   # check CODE COMMAND...: exit code; output in $tmp/out
	local code=$1
	shift
	"$@" >"$tmp/out" 2>&1
	local rc=$?
	[ "$rc" = "$code" ] && ok || bad "$* -> exit $rc, expected $code: $(head -c 800 "$tmp/out")"
}
has() { grep -qF -- "$1" "$tmp/out" && ok || bad "output lacks '$1': $(head -c 800 "$tmp/out")"; }
hasnt() { grep -qF -- "$1" "$tmp/out" && bad "output has '$1': $(head -c 800 "$tmp/out")" || ok; }
# conf NAME FILE [LINES...]: a config with one feed using preset NAME
conf() {
	local name=$1 file=$2
	shift 2
	{
		printf '[school]\nname = Test school\n[supplier "s"]\n[feed "f"]\npreset = %s\nurl = %s\n' \
			"$name" "$file"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$tmp/$name.conf"
	echo "$tmp/$name.conf"
}
# rows FILE [DELIM]: the data rows of a CSV (Python's csv module)
rows() {
	"$PY" -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig"), delimiter=sys.argv[2])) - 1)' "$1" "${2:-,}"
}

# ---- fitsmon presets
check 0 $FITSMON presets
presets=$(cd rules/presets && ls *.conf | sed 's/\.conf$//')
for want in servicenow freshdesk freshservice zendesk halo topdesk jira-service-management glpi osticket; do
	echo "$presets" | grep -qx "$want" && ok || bad "no preset $want in rules/presets"
done
for p in $presets; do
	title=$(sed -n 's/^title *= *//p' "rules/presets/$p.conf")
	[ -n "$title" ] && ok || bad "preset $p has no title"
	grep -F -- "$title" "$tmp/out" | grep -q "^  $p " && ok || bad "fitsmon presets does not list '$p  $title': $(cat "$tmp/out")"
	grep -qiE '^#.*(documentation|article|guide|describes)' "rules/presets/$p.conf" && ok ||
		bad "preset $p does not say which documentation its names come from"
done

# ---- each preset reads its documented export
for p in $presets; do
	csv=$root/tests/data/presets/$p.csv
	[ -f "$csv" ] || { bad "no tests/data/presets/$p.csv"; continue; }
	delim=,
	grep -q '^delimiter *= *semicolon' "rules/presets/$p.conf" && delim=';'
	n=$(rows "$csv" "$delim")
	extra=()
	grep -q '^kind' "rules/presets/$p.conf" || extra=("kind = tickets")
	c=$(conf "$p" "$csv" "${extra[@]}")
	check 0 $FITSMON -c "$c" validate --data
	has "f ("
	has "): ready"
	has "$n rows, 0 rejected"
	has "times: all parse"
	hasnt "not in the header"
done

# ---- the supplier's own verdict: GLPI's "Time to resolve exceeded" says
# late ("Yes"), so the preset counts "No" as met: call 701 (No) met, 702
# (Yes) not; 703 is still open
c=$(conf glpi "$root/tests/data/presets/glpi.csv" '[sla "all"]' 'respond = 8h' 'resolve = 16h')
claim=$($FITSMON -c "$c" --now 2024-01-20T00:00:00Z report --from 2024-01-01 --format json 2>/dev/null |
	"$PY" -c 'import json, sys; c = json.load(sys.stdin)["slas"][0]["claim"]
print("none" if c is None else "%(tickets)d %(met)d %(clock_met)d %(met_but_late)d %(missed_but_on_time)d" % c)')
[ "$claim" = "2 1 1 0 0" ] && ok || bad "glpi: the verdict column read as $claim, expected 2 calls, 1 met, 1 by the clock, no disagreement"

# ---- explicit keys win
csv=$root/tests/data/presets/freshdesk.csv
c=$(conf freshdesk "$csv" "column.id = Ticket Number")
check 65 $FITSMON -c "$c" validate --data
has "column 'Ticket Number' (column.id) is not in the header"
c=$(conf freshdesk "$csv" "time_format = %d/%m/%Y %H:%M")
check 65 $FITSMON -c "$c" validate --data
has "NOT READY"
c=$(conf freshdesk "$csv" "column.summary = Status")
check 0 $FITSMON -c "$c" validate --data
# a column the preset maps but the file lacks: left unmapped; explicit: reported
head -1 "$csv" | sed 's/,Initial response time//' >"$tmp/short.csv"
tail -n +2 "$csv" | cut -d, -f1-13,15- >>"$tmp/short.csv"
c=$(conf freshdesk "$tmp/short.csv")
check 0 $FITSMON -c "$c" validate --data
has "3 rows, 0 rejected"
c=$(conf freshdesk "$tmp/short.csv" "column.responded = Initial response time")
check 65 $FITSMON -c "$c" validate --data
has "column 'Initial response time' (column.responded) is not in the header"
# the status words of a preset serve an events feed; a tickets feed ignores them
c=$(conf zendesk "$root/tests/data/presets/zendesk.csv" "kind = ticket-events" "column.at = Updated at")
check 0 $FITSMON -c "$c" validate --data
has "(ticket-events from s): ready"
# an unknown preset; a preset as a file; FITSMON_PRESETS
c=$(conf nosuch "$csv")
check 78 $FITSMON -c "$c" validate
has "preset: no preset 'nosuch'"
has "fitsmon presets"
cp rules/presets/freshdesk.conf "$tmp/mine.conf"
c=$(conf ./mine.conf "$csv")
check 0 $FITSMON -c "$c" validate --data
mkdir -p "$tmp/pre"
printf '[preset]\ntitle = Mine\nkind = tickets\ncolumn.id = Ticket ID\ncolumn.opened = Created time\n' >"$tmp/pre/mine.conf"
c=$(conf mine "$csv")
FITSMON_PRESETS=$tmp/pre check 0 $FITSMON -c "$c" validate --data
FITSMON_PRESETS=$tmp/pre check 0 $FITSMON presets
has "mine"
hasnt "freshdesk"
printf '[preset]\ncolum.id = x\n' >"$tmp/pre/mine.conf"
FITSMON_PRESETS=$tmp/pre check 78 $FITSMON -c "$c" validate
has "unknown key 'colum.id'"

# ---- the real exports through their presets: the example configs' counts
# counts NAME CONF: "N rows, M rejected" lines of validate --data
counts() { "$FITSMON" -c "$2" validate --data 2>&1 | grep -E '^  [0-9]+ rows, [0-9]+ rejected'; }
uci=$DATA/uci_incident_event_log/incident_event_log.csv.gz
if [ -f "$uci" ]; then
	gzip -dc "$uci" >"$tmp/uci.csv"
	sed "s#^url .*#url = $tmp/uci.csv#" feeds/examples/uci-servicenow.conf >"$tmp/uci-example.conf"
	c=$(conf servicenow "$tmp/uci.csv" "kind = ticket-events" "timezone = UTC")
	want=$(counts uci "$tmp/uci-example.conf")
	[ "$want" = "  141712 rows, 0 rejected" ] && ok || bad "UCI example config reads '$want'"
	got=$(counts uci "$c")
	[ "$got" = "$want" ] && ok || bad "UCI through preset servicenow: '$got', the example config '$want'"
else
	echo "SKIP: presets-uci-servicenow ($uci absent)"
fi
toggl=$DATA/timesheet_toggl_team_2018/timesheet_toggl_team_2018_pseudonymised.csv
if [ -f "$toggl" ]; then
	sed "s#^url .*#url = $toggl#" feeds/examples/toggl-timesheet.conf >"$tmp/toggl-example.conf"
	c=$(conf toggl "$toggl" "timezone = Europe/Amsterdam")
	want=$(counts toggl "$tmp/toggl-example.conf")
	[ -n "$want" ] && ok || bad "the Toggl example config reads nothing"
	got=$(counts toggl "$c")
	[ "$got" = "$want" ] && ok || bad "Toggl through preset toggl: '$got', the example config '$want'"
else
	echo "SKIP: presets-toggl ($toggl absent)"
fi
finish
