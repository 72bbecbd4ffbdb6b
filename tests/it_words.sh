#!/bin/bash
# Real exports' own words and places (issue 15, items 3, 4 and 6):
#   - one store per config, found from any working folder: NAME.db beside
#     NAME.conf (or $STATE_DIRECTORY/fitsmon.db), a relative [store] path
#     taken from the config's folder, and a missing store named;
#   - onsite_values / offsite_values: an "On site"/"Remote" Location column
#     counted when the words are set, and unrecognised (hours unknown, not
#     0) when they are not, with validate --data listing the cells;
#   - when.FIELD: conditions that must all match together with `when`, and
#     the validate warning for a `when` that reads like two conditions.
# The sample school is copied (rules/ and feeds/ together, so its relative
# paths still hold) into a folder of its own: nothing lands in the tree.
. "$(dirname "$0")/itlib.sh" words
NOW=2026-11-28T02:30:00Z

# sample DIR: sample_tree DIR (itlib.sh); prints the copied sample school's config.
sample() {
	sample_tree "$1" && echo "$1/rules/examples/oakfield.conf"
}

# ---- 6. one store per config, found from anywhere ------------------------
C=$(sample "$tmp/s")
mkdir -p "$tmp/a" "$tmp/b"
(cd "$tmp/b" && "$FITSMON" -c "$C" query feeds) >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 69 ] && ok || bad "query before any run: exit $rc, expected 69"
grep -qF "no store at $tmp/s/rules/examples/oakfield.db yet: run 'fitsmon run' first" "$tmp/out" &&
	ok || bad "missing store not named: $(head -3 "$tmp/out")"
(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW run) >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "run from folder A: exit $rc: $(head -3 "$tmp/out")"
[ -s "$tmp/s/rules/examples/oakfield.db" ] && ok || bad "no store beside the config (oakfield.db)"
[ -z "$(find "$tmp/a" "$tmp/b" -mindepth 1)" ] && ok ||
	bad "the working folders got files: $(find "$tmp/a" "$tmp/b" -mindepth 1)"
[ -d "$tmp/s/rules/examples/spool/acme-log" ] && ok || bad "the spool is not beside the store"
(cd "$tmp/b" && "$FITSMON" -c "$C" query feeds) >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 0 ] && grep -q 'acme-tickets  *acme  *tickets' "$tmp/out" && ok ||
	bad "query from folder B did not find the store: exit $rc: $(head -3 "$tmp/out")"
(cd "$tmp/b" && "$FITSMON" -c "$C" --now $NOW query findings) >"$tmp/out" 2>&1
grep -q 'backup-check 2026-11-13' "$tmp/out" && ok ||
	bad "findings from folder B: $(head -3 "$tmp/out")"
# the same config by a relative path from another folder: the same store
(cd "$tmp/s/rules" && "$FITSMON" -c examples/oakfield.conf sql 'SELECT count(*) FROM runs') \
	>"$tmp/out" 2>&1
grep -q '^ *1$' "$tmp/out" && ok || bad "relative -c from another folder: $(head -3 "$tmp/out")"
# a relative [store] path is the config's folder's
printf '\n[store]\npath = data/here.db\n' >>"$C"
mkdir -p "$tmp/s/rules/examples/data"
(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW run) >"$tmp/out" 2>&1
[ -s "$tmp/s/rules/examples/data/here.db" ] && [ ! -e "$tmp/a/data" ] && ok ||
	bad "relative [store] path not taken from the config's folder: $(ls -R "$tmp/a" | head -5)"
# under systemd: $STATE_DIRECTORY/fitsmon.db
C2=$(sample "$tmp/sd")
mkdir -p "$tmp/state"
(cd "$tmp/a" && STATE_DIRECTORY=$tmp/state "$FITSMON" -c "$C2" --now $NOW run) >"$tmp/out" 2>&1
[ -s "$tmp/state/fitsmon.db" ] && [ ! -e "$tmp/sd/rules/examples/oakfield.db" ] && ok ||
	bad "STATE_DIRECTORY: no \$STATE_DIRECTORY/fitsmon.db"
# two configs in one folder: two stores
cp "$C2" "$tmp/sd/rules/examples/other.conf"
(cd "$tmp/b" && "$FITSMON" -c "$tmp/sd/rules/examples/other.conf" --now $NOW run) >"$tmp/out" 2>&1
[ -s "$tmp/sd/rules/examples/other.db" ] && ok || bad "other.conf: no other.db beside it"

# ---- 3. onsite_values ------------------------------------------------------
# The sample's work log with its On Site column written "On site"/"Remote".
for d in on off; do
	C=$(sample "$tmp/$d")
	sed -i -e 's/,Yes,/,On site,/' -e 's/,No,/,Remote,/' "$tmp/$d/feeds/samples/acme-log.csv"
done
grep -q ',On site,' "$tmp/on/feeds/samples/acme-log.csv" && ok || bad "the log was not reworded"
sed -i 's/^column.onsite *= On Site.*/&\nonsite_values  = On site\noffsite_values = Remote/' \
	"$tmp/on/rules/examples/oakfield.conf"
grep -q '^onsite_values *= On site' "$tmp/on/rules/examples/oakfield.conf" && ok ||
	bad "onsite_values not added to the config"
# with the words: the same hours as the original sample (8 contracted, 5.5 on site)
(cd "$tmp/a" && "$FITSMON" -c "$tmp/on/rules/examples/oakfield.conf" --now $NOW \
	query hours --from 2026-08-24) >"$tmp/out" 2>&1
grep -qE 'acme +2026-W47 +2026-11-16 +8 +5.5 +short' "$tmp/out" && ok ||
	bad "onsite_values = On site: hours not counted: $(grep W47 "$tmp/out")"
(cd "$tmp/a" && "$FITSMON" -c "$tmp/on/rules/examples/oakfield.conf" --now $NOW \
	validate --data) >"$tmp/out" 2>&1
grep -qi "onsite.*unrecognised\|unrecognised.*onsite" "$tmp/out" &&
	bad "onsite_values set, validate --data still finds unrecognised on-site cells: $(grep -i onsite "$tmp/out")" || ok
# without: the column is unrecognised; hours unknown, never 0 hours delivered
C=$tmp/off/rules/examples/oakfield.conf
(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW query hours --from 2026-08-24) >"$tmp/out" 2>&1
grep -qE 'acme +2026-W47 +2026-11-16 +8 +0 +unknown' "$tmp/out" && ok ||
	bad "no onsite_values: W47 not unknown: $(grep W47 "$tmp/out")"
grep -qE 'acme +2026-W47 .* short' "$tmp/out" && bad "no onsite_values: W47 reads as short" || ok
(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW report --from 2026-08-24) >"$tmp/out" 2>&1
tr '\n' ' ' <"$tmp/out" | tr -s ' ' >"$tmp/flat"
grep -q "on-site hours cannot be counted" "$tmp/flat" && ok ||
	bad "report does not say the on-site hours are unknown"
grep -q "onsite_values and offsite_values" "$tmp/flat" && ok ||
	bad "report does not name onsite_values as the fix"
grep -q "? of 8 hours unknown (data not read)" "$tmp/flat" && ok ||
	bad "report does not give the on-site hours as unknown: $(grep -m2 'of 8 hours' "$tmp/out")"
grep -qi "on site for 0 hours\|0 of 8 hours" "$tmp/flat" && bad "report gives 0 on-site hours" || ok
(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW validate --data) >"$tmp/out" 2>&1
grep -q "onsite:" "$tmp/out" && grep -q "On site" "$tmp/out" && grep -q "Remote" "$tmp/out" && ok ||
	bad "validate --data does not list the on-site words: $(grep -i -A3 onsite "$tmp/out" | head -5)"
# a word in both lists, and the key on a tickets feed, are config errors
sed -i 's/^offsite_values = Remote/offsite_values = Remote, on SITE/' \
	"$tmp/on/rules/examples/oakfield.conf"
"$FITSMON" -c "$tmp/on/rules/examples/oakfield.conf" validate >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 78 ] && grep -q "offsite_values: 'on SITE' is also in onsite_values" "$tmp/out" && ok ||
	bad "a word in both lists: exit $rc: $(head -2 "$tmp/out")"

# ---- 4. when.FIELD ---------------------------------------------------------
C=$(sample "$tmp/w")
sed -i -e 's/^column.summary   = Summary$/&\ncolumn.category  = Category/' "$C"
sed -i 's/^\[sla "urgent"\]/[sla "hardware"]\nsupplier      = acme\nwhen          = priority ~ ^(3|P3)$\nwhen.category = ^Hardware$\ncalendar      = support-hours\nrespond       = 8h\nresolve       = 40h\n\n&/' "$C"
grep -q '^when.category = ^Hardware\$' "$C" && grep -q '^column.category  = Category' "$C" && ok ||
	bad "the config was not changed"
explain_sla() {
	(cd "$tmp/a" && "$FITSMON" -c "$C" --now $NOW explain "$1") 2>&1 | grep -m1 '^  SLA '
}
# P3 and Hardware: both match
explain_sla ACM-31345 | grep -q 'SLA  *hardware: priority ~ ^(3|P3)\$ and category ~ ^Hardware\$' && ok ||
	bad "ACM-31345 (P3, Hardware): $(explain_sla ACM-31345)"
# P3, not Hardware: when.category keeps it out
explain_sla ACM-30456 | grep -q 'SLA  *normal' && ok || bad "ACM-30456 (P3, Network): $(explain_sla ACM-30456)"
# Hardware, not P3: when keeps it out
explain_sla ACM-30443 | grep -q 'SLA  *normal' && ok || bad "ACM-30443 (P4, Hardware): $(explain_sla ACM-30443)"
explain_sla ACM-31221 | grep -q 'SLA  *urgent' && ok || bad "ACM-31221 (P1, Server): $(explain_sla ACM-31221)"
# validate lists the fields and the column of each
"$FITSMON" -c "$C" validate >"$tmp/out" 2>&1
grep -q 'category  *column.category: "Category" (acme-tickets)' "$tmp/out" && ok ||
	bad "validate does not say which column maps category: $(grep -i category "$tmp/out" | head -3)"
grep -q 'caller  *column.caller: not mapped' "$tmp/out" && ok ||
	bad "validate does not list the unmapped fields"
# a when.FIELD of no ticket field is a config error
sed -i 's/^when.category = /when.categry = /' "$C"
"$FITSMON" -c "$C" validate >"$tmp/out" 2>&1
rc=$?
[ "$rc" = 78 ] && grep -q "when.categry: 'categry' is not a ticket field; did you mean 'category'?" "$tmp/out" &&
	ok || bad "when.categry: exit $rc: $(head -2 "$tmp/out")"
# `when = A ~ x and B ~ y` validates with a warning pointing to when.FIELD
sed -i -e '/^when.categry = /d' -e 's/^when          = priority ~ ^(3|P3)\$/when = priority ~ ^(3|P3)$ and category ~ Hardware/' "$C"
grep -q '^when = priority ~ ^(3|P3)\$ and category ~ Hardware' "$C" && ok || bad "when not rewritten"
"$FITSMON" -c "$C" validate >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 0 ] && ok || bad "the 'and' when: exit $rc"
grep -q "^fitsmon: $C:[0-9]*: when: 'and category ~' is read as part of the pattern.*when.category = Hardware\$" "$tmp/err" &&
	ok || bad "no warning pointing to when.category: $(cat "$tmp/err")"
"$FITSMON" -c "$tmp/s/rules/examples/oakfield.conf" validate >"$tmp/out" 2>"$tmp/err"
grep -q "warning" "$tmp/err" && bad "the sample school gets a warning: $(cat "$tmp/err")" || ok

finish
