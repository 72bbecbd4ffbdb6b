#!/bin/bash
# fitsmon explain-row: the binary prints, for each activity a log line comes
# close to, the object, the action, the cue that ruled it out and the
# verdict (evidence_explain), then the activities it counts for:
#   - a line that counts, with the problem it reports (a concern);
#   - good news is no problem ("no errors");
#   - a promise ruled out by a negation cue, a plan by a not-done cue, a
#     one-off job by the activity's unless;
#   - a host name's site prefix is no word (SW-DC01 is not a switch);
#   - a code alias counts; a school's own evidence pattern is named;
#   - no text and no code is a usage error.
. "$(dirname "$0")/itlib.sh" explain_row

S1=$root/rules/examples/scenario1-combined-roles.conf
OAK=$root/rules/examples/oakfield.conf

# run CODE CONF ARGS...: the exit code; the output in $tmp/out
run() {
	local code=$1 conf=$2
	shift 2
	"$FITSMON" -c "$conf" explain-row "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	[ "$rc" = "$code" ] && ok || bad "explain-row $* -> exit $rc, expected $code: $(cat "$tmp/out" "$tmp/err")"
}
# is TEXT: the whole output
is() {
	[ "$(cat "$tmp/out")" = "$1" ] && ok || bad "output:
$(cat "$tmp/out")
expected:
$1"
}

run 0 "$S1" 'Veeam: HL-SRV02 file share job FAILED overnight (repository out of space)'
is "server-updates: object 'srv02', no action: does not count
backup-check: object 'veeam', action 'failed': counts; problem 'failed'
call-logging: object 'job', no action: does not count
counts for: backup-check"

run 0 "$S1" 'bkp chkd - no errors, 0 failed'
is "backup-check: object 'bkp', action 'chkd': counts; no problem ('errors' after 'no')
counts for: backup-check"

# "no errors or warnings" is good news, and not a review of monitoring warnings
run 0 "$S1" 'Backups checked, no errors or warnings'
is "backup-check: object 'backups', action 'checked': counts; no problem ('errors' after 'no')
counts for: backup-check"

run 0 "$S1" 'will chk backups tmrw'
is "backup-check: object 'backups', action 'chk', ruled out by 'will' (negation): does not count
counts for no activity"

run 0 "$S1" 'Backup check postponed (INSET day)'
is "backup-check: object 'backup', action 'check', ruled out by 'postponed' (notdone): does not count
counts for no activity"

run 0 "$S1" 'wiped down PCs in ICT suite for disposal'
is "workstation-clean: object 'pcs', action 'wiped', ruled out by 'disposal' (this activity's unless): does not count
counts for no activity"

run 0 "$S1" 'Datto backups verified: SW-DC01, SW-FS01, SW-SIMS all successful'
is "server-updates: object 'dc01', no action: does not count
backup-check: object 'datto', action 'verified': counts
software-release-test: object 'sims', no action: does not count
counts for: backup-check"

run 0 "$S1" --code ' bkp ' ''
is "backup-check: code 'bkp': counts
counts for: backup-check"

# oakfield's backup-check has a pattern of its own
run 0 "$OAK" 'Checked backups: all jobs completed successfully'
is "backup-check: the evidence pattern matches: counts
call-logging: object 'jobs', no action: does not count
counts for: backup-check"

run 64 "$S1"
grep -q "fitsmon: explain-row: give a log line's text" "$tmp/err" && ok || bad "no usage message: $(cat "$tmp/err")"
run 64 "$S1" --nonsense x

finish
