#!/bin/bash
# validate tries each [feed] time_format on a sample time, written in the
# format and read back (issue 18): a format that cannot read a time (%s,
# no date, an unknown conversion) is a config error FILE:LINE, exit 78,
# instead of a config that passes and then rejects every row.  The
# formats of the shipped examples and presets pass.
. "$(dirname "$0")/itlib.sh" time_format

conf() {   # conf FORMAT: time_format on line 15
	printf '[school]\nname = T\n[calendar "days"]\nhours = Mon-Fri 08:00-17:00\nterms = 2026-11-23..2026-12-18\n[supplier "acme"]\nname = A\ncalendar = days\n[store]\npath = store.db\n[feed "log"]\nsupplier = acme\nurl = log.csv\nkind = activities\ntime_format = %s\ncolumn.at = at\ncolumn.description = what\n[activity "b"]\nsupplier = acme\nevery = school-day\nevidence = (?i)backup\n' "$1" >"$tmp/fitsmon.conf"
}
for f in '%s' '%H:%M' '%d %m' '%Q' '%d/%m %H:%M' '%s.000'; do
	conf "$f"
	"$FITSMON" -c "$tmp/fitsmon.conf" validate >"$tmp/out" 2>&1
	rc=$?
	[ "$rc" = 78 ] && ok || bad "time_format = $f: validate exit $rc, want 78"
	grep -qF "fitsmon.conf:15: time_format: '$f' cannot read a time back" "$tmp/out" && ok ||
		bad "time_format = $f: said '$(cat "$tmp/out")'"
done
for f in '%d/%m/%Y %H:%M' '%d/%b/%y %I:%M %p' '%Y/%m/%d %H:%M:%S.000' '%d/%m/%Y' \
	'%m/%d/%Y %I:%M %p' '%d.%m.%Y %H:%M' '%Y-%m-%dT%H:%M:%S%z' '%d-%m-%Y %H:%M:%S' iso8601; do
	conf "$f"
	"$FITSMON" -c "$tmp/fitsmon.conf" validate >"$tmp/out" 2>&1 && ok ||
		bad "time_format = $f: validate failed: $(cat "$tmp/out")"
done
# every shipped preset's format passes (a preset's time_format is read as the feed's)
for p in rules/presets/*.conf; do
	f=$(sed -n 's/^time_format *= *//p' "$p" | head -1)
	[ -z "$f" ] && continue
	conf "$f"
	"$FITSMON" -c "$tmp/fitsmon.conf" validate >"$tmp/out" 2>&1 && ok ||
		bad "$p's time_format '$f' is refused: $(cat "$tmp/out")"
done
finish
