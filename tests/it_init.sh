#!/bin/bash
# fitsmon init: a first config from sample exports.
#   - on each real export (FITSMON_TESTDATA, default ../shared/data; each
#     skipped by name when absent): the UCI ServiceNow log, the Italian help
#     desk log, the BPIC13 Volvo problem log, the Toggl timesheet; and on
#     three hand-made exports of other shapes (tests/data/init/): Windows-1252
#     with semicolons and title lines above the header, tab-separated with
#     month/day/year 12-hour times and a quoted line break, a pipe-separated
#     work log with a byte-order mark and the date and time in two columns,
#     and a small ticket-events audit trail with UTC times;
#   - each time: init says what it guessed, the config has the right keys
#     (dialect, columns, time format, preset, status words, one [sla] per
#     priority, most urgent first), `validate --data` accepts it with every
#     row read, and `run` then `report` work on it in a fresh folder;
#   - init refuses to overwrite a file, and says why on bad arguments, a
#     missing file, and a file whose columns it cannot tell.
. "$(dirname "$0")/itlib.sh" init

DATA=${FITSMON_TESTDATA:-$root/../shared/data}
HAND=$root/tests/data/init
check() {   # check CODE COMMAND...: exit code; output in $tmp/out
	local code=$1
	shift
	"$@" >"$tmp/out" 2>&1
	local rc=$?
	[ "$rc" = "$code" ] && ok || bad "$* -> exit $rc, expected $code: $(head -c 1500 "$tmp/out")"
}
has() { grep -qF -- "$1" "$tmp/out" && ok || bad "output lacks '$1': $(head -c 1500 "$tmp/out")"; }
# key CONF 'key = value': a line of the written config (comments after ; ignored)
key() {
	sed 's/ *;.*$//; s/  *= */ = /' "$1" | grep -qxF -- "$2" && ok || bad "$1 lacks '$2': $(grep -v '^#' "$1" | head -40)"
}
# before CONF A B: section line A comes before B
before() {
	local a b
	a=$(grep -nxF -- "$2" "$1" | head -1 | cut -d: -f1)
	b=$(grep -nxF -- "$3" "$1" | head -1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ] && ok || bad "$1: '$2' is not before '$3'"
}
# works NAME NOW ROWS REJECTED: validate --data, run (from another folder),
# report on $tmp/NAME.conf
works() {
	local c=$tmp/$1.conf w=$tmp/work-$1
	mkdir -p "$w"
	check 0 $FITSMON -c "$c" validate --data
	has "ready"
	has "$3 rows, $4 rejected"
	cd "$w" || return
	check 0 $FITSMON -c "$c" --now "$2" run
	# the store is named after the config, beside it; the working folder gets nothing
	[ -s "$tmp/$1.db" ] && [ -z "$(ls -A "$w")" ] && ok ||
		bad "$1: run made no store $tmp/$1.db, or wrote in $w: $(ls -A "$w")"
	check 0 $FITSMON -c "$c" --now "$2" report --from 2000-01-01 --format text
	has "Our school"
	cd "$root" || return
}
# init NAME ARGS...: fitsmon init ARGS -o $tmp/NAME.conf, must succeed
init() {
	local name=$1
	shift
	check 0 $FITSMON init "$@" -o "$tmp/$name.conf"
	has "What fitsmon guessed:"
	has "Wrote $tmp/$name.conf"
	[ -s "$tmp/$name.conf" ] && ok || bad "init wrote no $tmp/$name.conf"
}

# ---- the real exports
uci=$DATA/uci_incident_event_log/incident_event_log.csv.gz
if [ -f "$uci" ]; then
	gzip -dc "$uci" >"$tmp/incident_event_log.csv"
	init uci --events "$tmp/incident_event_log.csv"
	has "preset: servicenow"
	has "missing = ?"
	c=$tmp/uci.conf
	key "$c" "kind = ticket-events"
	key "$c" "preset = servicenow"
	key "$c" "new_status = New"
	key "$c" "resolved_status = Resolved, Closed"
	key "$c" "pause_status = Awaiting User Info, Awaiting Problem, Awaiting Vendor, Awaiting Evidence"
	key "$c" "when = priority ~ ^1 - Critical\$"
	before "$c" '[sla "1-critical"]' '[sla "2-high"]'
	before "$c" '[sla "3-moderate"]' '[sla "4-low"]'
	works uci 2017-03-01T00:00:00Z 141712 0
else
	echo "SKIP: init-uci ($uci absent)"
fi

it=$DATA/helpdesk_italian_4tu/finale.csv
if [ -f "$it" ]; then
	init italian --events "$it"
	c=$tmp/italian.conf
	key "$c" "time_format = %Y/%m/%d %H:%M:%S.000"
	key "$c" "column.id = Case ID"
	key "$c" "column.at = Complete Timestamp"
	key "$c" "column.status = Activity"
	key "$c" "pause_status = Wait"
	grep -q '^resolved_status = .*Closed' "$c" && ok || bad "italian: Closed is not a resolved status"
	works italian 2014-03-01T00:00:00Z 21348 0
else
	echo "SKIP: init-italian ($it absent)"
fi

vinst="$DATA/bpic13_vinst_problems/VINST cases closed problems.csv"
if [ -f "$vinst" ]; then
	init bpic13 --events "$vinst"
	has "latin-1, semicolon-separated, header on row 1"
	c=$tmp/bpic13.conf
	key "$c" "encoding = latin-1"
	key "$c" "delimiter = semicolon"
	key "$c" "time_format = iso8601"
	key "$c" "column.id = Problem Number"
	key "$c" "column.at = Problem Change Date+Time"
	key "$c" "column.status = Problem Sub Status"
	key "$c" "new_status = Awaiting Assignment"
	key "$c" "resolved_status = Closed, Cancelled"
	before "$c" '[sla "major"]' '[sla "high"]'
	before "$c" '[sla "medium"]' '[sla "low"]'
	works bpic13 2013-01-01T00:00:00Z 6660 0
else
	echo "SKIP: init-bpic13 ($vinst absent)"
fi

toggl=$DATA/timesheet_toggl_team_2018/timesheet_toggl_team_2018_pseudonymised.csv
if [ -f "$toggl" ]; then
	init toggl --log "$toggl"
	has "preset: toggl"
	has "byte-order mark"
	c=$tmp/toggl.conf
	key "$c" "kind = activities"
	key "$c" "preset = toggl"
	grep -q '^\[sla' "$c" && bad "toggl: an [sla] for a work log" || ok
	works toggl 2019-01-01T00:00:00Z 11170 7
else
	echo "SKIP: init-toggl ($toggl absent)"
fi

# ---- hand-made exports of other shapes
init cp1252 --tickets "$HAND/cp1252-semicolon.csv"
has "windows-1252, semicolon-separated, header on row 3"
c=$tmp/cp1252.conf
key "$c" "encoding = windows-1252"
key "$c" "delimiter = semicolon"
key "$c" "header_row = 3"
key "$c" "time_format = %d/%m/%Y %H:%M"
key "$c" "column.id = Ref"
key "$c" "column.opened = Logged"
key "$c" "column.responded = First response"
key "$c" "column.resolved = Fixed"
key "$c" "column.priority = Priority"
key "$c" "column.assignee = Engineer"
key "$c" 'when = priority ~ ^P1$'
before "$c" '[sla "p1"]' '[sla "p2"]'
before "$c" '[sla "p3"]' '[sla "p4"]'
before "$c" '[sla "p4"]' '[sla "other"]'
works cp1252 2024-02-01T00:00:00Z 5 0

init tab --tickets "$HAND/tab-mdy.tsv"
c=$tmp/tab.conf
key "$c" "delimiter = tab"
key "$c" "time_format = %m/%d/%Y %I:%M %p"
key "$c" "column.id = Call No"
key "$c" "column.opened = Date Opened"
key "$c" "column.closed = Date Closed"
key "$c" "column.priority = Urgency"
key "$c" "column.summary = Description"
before "$c" '[sla "high"]' '[sla "medium"]'
before "$c" '[sla "medium"]' '[sla "low"]'
works tab 2024-02-01T00:00:00Z 5 0

init pipe --log "$HAND/pipe-log.csv"
has "byte-order mark"
c=$tmp/pipe.conf
key "$c" "delimiter = pipe"
key "$c" "time_format = %d.%m.%Y %H:%M"
key "$c" "column.at = Date + Time"
key "$c" "column.hours = Hours"
key "$c" "column.description = Notes"
key "$c" "column.who = Engineer"
works pipe 2024-02-01T00:00:00Z 5 0

init audit --events "$HAND/events-audit.csv"
c=$tmp/audit.conf
key "$c" "time_format = iso8601"
key "$c" "column.id = Ticket"
key "$c" "column.at = When"
key "$c" "column.status = State"
key "$c" "column.service = Team"
key "$c" "new_status = New"
key "$c" "resolved_status = Closed, Resolved"
key "$c" "pause_status = Waiting for customer"
# the targets follow the words: Medium is one user, not a class stopped
grep -A5 '^\[sla "medium"\]' "$c" | grep -q '^resolve  = 24h' && ok || bad "audit: Medium does not get the one-user targets"
before "$c" '[sla "critical"]' '[sla "medium"]'
before "$c" '[sla "medium"]' '[sla "low"]'
works audit 2024-02-01T00:00:00Z 9 0

# two feeds in one config
init both --tickets "$HAND/cp1252-semicolon.csv" --log "$HAND/pipe-log.csv"
check 0 $FITSMON -c "$tmp/both.conf" validate --data
has "All 2 feeds are ready."

# ---- refusals
echo "mine" >"$tmp/exists.conf"
check 73 $FITSMON init --tickets "$HAND/tab-mdy.tsv" -o "$tmp/exists.conf"
has "fitsmon: init: '$tmp/exists.conf' exists -- not overwritten"
[ "$(cat "$tmp/exists.conf")" = mine ] && ok || bad "init overwrote an existing file"
cd "$tmp" && check 73 $FITSMON init --tickets "$HAND/tab-mdy.tsv" -o exists.conf
cd "$root" || exit 1
check 64 $FITSMON init -o "$tmp/x.conf"
has "give at least one sample export"
check 64 $FITSMON init --tickets
has "missing value for '--tickets'"
check 64 $FITSMON init --ticket "$HAND/tab-mdy.tsv"
has "unknown argument '--ticket'"
check 66 $FITSMON init --tickets "$tmp/nosuch.csv" -o "$tmp/y.conf"
has "cannot open"
[ -e "$tmp/y.conf" ] && bad "init wrote a config for a missing file" || ok
printf 'Notes\nhello\nworld\n' >"$tmp/one.csv"
check 65 $FITSMON init --tickets "$tmp/one.csv" -o "$tmp/z.conf"
has "cannot tell which column is column.id or column.opened"
has "the header has: Notes (text)"
finish
