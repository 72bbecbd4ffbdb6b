#!/bin/bash
# The example configurations in rules/examples/, one per staffing scenario of
# FITSOM.md, as a network manager would copy them.  For every *.conf there:
#   - `fitsmon validate` succeeds and prints the ownership matrix;
#   - `validate --format json` parses, and its rows say what the config's
#     comments say (who owns each function, who does each activity);
#   - in a fresh working folder, `fitsmon --now 2026-11-28T02:30:00Z run`
#     then `report --format json` succeed, and the report shows the problems
#     planted in the sample feeds (feeds/samples/scenarioN-*.csv), by
#     finding kind and subject.
# A config with no checks of its own below gets the generic checks only.
# Uses $FITSMON, else ./fitsmon; Python from /usr/bin/python3.
set -u
cd "$(dirname "$0")/.."
root=$PWD
FITSMON=${FITSMON:-$root/fitsmon}
case $FITSMON in /*) ;; *) FITSMON=$root/$FITSMON ;; esac
PY=/usr/bin/python3
NOW=2026-11-28T02:30:00Z
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# The scenario checks: argv = example name, matrix JSON, report JSON.
# Prints one "ok <what>" or "FAIL <what>" line per check.
cat >"$tmp/check.py" <<'PY'
import json, sys

name, matrix_path, report_path = sys.argv[1:4]
out = []
def check(cond, what):
    out.append(('ok ' if cond else 'FAIL ') + name + ': ' + what)

try:
    rows = json.load(open(matrix_path))
except Exception as e:
    print('FAIL %s: validate --format json does not parse: %s' % (name, e)); sys.exit()
try:
    rep = json.load(open(report_path))
except Exception as e:
    print('FAIL %s: report --format json does not parse: %s' % (name, e)); sys.exit()

# ---- generic: the matrix
check(isinstance(rows, list) and len(rows) >= 35, 'the matrix lists the catalog activities (%d rows)'
      % (len(rows) if isinstance(rows, list) else -1))
rows = rows if isinstance(rows, list) else []
need = ('function', 'owner', 'activity', 'performer', 'role', 'every', 'monitored')
check(all(all(k in r for k in need) for r in rows), 'every matrix row has %s' % ', '.join(need))
owner = {}
one_owner = True
for r in rows:
    if r.get('function'):
        one_owner &= owner.setdefault(r['function'], r['owner']) == r['owner']
check(one_owner, 'each function has one owner in every row')
act = {r['activity']: r for r in rows}

# ---- generic: the report
for k in ('school', 'now', 'from', 'to', 'summary', 'slas', 'tickets', 'obligations', 'hours', 'feeds',
          'findings'):
    check(k in rep, 'the report has "%s"' % k)
findings = rep.get('findings', [])
check(rep.get('now') == '2026-11-28T02:30:00Z', 'the report is for --now')
check(len(rep.get('obligations', [])) > 0, 'the report judges some activities')
check(len(findings) > 0, 'the report has findings')
check(all(f.get('id') and f.get('message') and f.get('question') for f in findings),
      'every finding has an id, a message and a question')
check(all(f.get('status') != 'stale' for f in rep.get('feeds', [])), 'no feed is stale straight after a run')
check(not any(f['kind'] == 'feed-stale' for f in findings), 'no feed-stale finding')

def finding(kind, subject, supplier=None, severity=None):
    hit = [f for f in findings if f['kind'] == kind and f['subject'] == subject
           and (supplier is None or f.get('supplier') == supplier)
           and (severity is None or f.get('severity') == severity)]
    check(len(hit) == 1, 'finding %s "%s"%s%s' % (kind, subject, ' for ' + supplier if supplier else '',
                                                   ' (' + severity + ')' if severity else ''))

def no_finding(kind, subject):
    check(not any(f['kind'] == kind and f['subject'] == subject for f in findings),
          'no %s finding for "%s"' % (kind, subject))

def obligation(activity, start, status, supplier=None):
    hit = [o for o in rep.get('obligations', []) if o['activity'] == activity and o['period_start'] == start
           and (supplier is None or o['supplier'] == supplier)]
    check(len(hit) == 1 and hit[0]['status'] == status, '%s %s is %s%s (got %s)' % (
        activity, start, status, ' for ' + supplier if supplier else '', [o['status'] for o in hit]))

def week(supplier, wk, status, delivered=None):
    hit = [h for h in rep.get('hours', []) if h['supplier'] == supplier and h['week'] == wk]
    check(len(hit) == 1 and hit[0]['status'] == status and
          (delivered is None or abs(hit[0]['delivered_h'] - delivered) < 1e-6),
          'on-site week %s %s is %s%s (got %s)' % (supplier, wk, status,
          ' with %gh' % delivered if delivered is not None else '', hit))

def ticket(tid, sla, response, resolution):
    hit = [t for t in rep.get('tickets', []) if t['ticket'] == tid]
    check(len(hit) == 1 and hit[0]['sla'] == sla and hit[0]['response']['status'] == response and
          hit[0]['resolution']['status'] == resolution,
          'ticket %s under %s: response %s, resolution %s (got %s)' % (tid, sla, response, resolution,
          [(t['sla'], t['response']['status'], t['resolution']['status']) for t in hit]))

ALL_FUNCTIONS = {'systems-administration', 'storage-management', 'security-administration',
                 'print-and-output-management', 'directory-services-administration', 'network-administration',
                 'service-monitoring-and-control', 'job-scheduling', 'service-desk', 'incident-management',
                 'problem-management', 'change-management', 'release-management', 'configuration-management',
                 'service-level-management', 'service-continuity-management',
                 'availability-and-capacity-management'}

# ---- scenario 1: staff combine roles; Northpoint owns four functions
if name == 'scenario1-combined-roles':
    np_fns = {'storage-management', 'security-administration', 'service-monitoring-and-control',
              'service-continuity-management'}
    check({f for f, o in owner.items() if o == 'northpoint'} == np_fns, 'northpoint owns exactly its four functions')
    check(all(o == 'school' for f, o in owner.items() if f not in np_fns), 'the school owns every other function')
    check(act['admin-rights-review']['performer'] == 'school', 'admin-rights-review is moved to the school')
    check(all(r['performer'] == 'northpoint' for r in rows
              if r['function'] in np_fns and r['activity'] != 'admin-rights-review'),
          "northpoint does every other activity of its functions")
    check(all(r['performer'] == 'school' for r in rows if r['function'] not in np_fns),
          "the school does every activity of its own functions")
    check(all(r['monitored'] == ('yes' if r['performer'] == 'northpoint' else 'no') for r in rows),
          "northpoint's activities are checked; the school's are not (no school log)")
    finding('activity-missed', 'backup-check 2026-11-06', 'northpoint', 'red')
    finding('activity-missed', 'offsite-backup-check 2026-11-09', 'northpoint')
    finding('activity-concern', 'backup-check', 'northpoint')
    finding('sla-target-missed', 'critical', 'northpoint', 'red')
    finding('ticket-breached', 'NP-24089')
    finding('ticket-breached', 'NP-24128')
    finding('ticket-breached', 'NP-24141')
    finding('ticket-at-risk', 'NP-24147')
    ticket('NP-24089', 'critical', 'breached', 'met')
    ticket('NP-24127', 'critical', 'met', 'met')
    obligation('backup-check', '2026-11-05', 'done', 'northpoint')
    obligation('offsite-backup-check', '2026-11-16', 'done', 'northpoint')
    check(rep.get('hours') == [], 'no on-site hours are checked (remote-only contract)')
    check(not any(f.get('supplier') == 'school' for f in findings), 'nothing is reported against the school')

# ---- scenario 2: the school owns everything, Redkite performs some activities
elif name == 'scenario2-technical-manager':
    rk = {'printer-clean', 'workstation-clean', 'battery-check', 'preventive-maintenance', 'asset-audit',
          'switch-firmware-check', 'ups-test'}
    check(set(owner) >= ALL_FUNCTIONS and all(o == 'school' for o in owner.values()),
          'the school owns every function')
    check(all(act[a]['performer'] == 'redkite' for a in rk), 'redkite performs the activities it was bought for')
    check(all(r['performer'] == 'school' for r in rows if r['activity'] not in rk),
          'the school performs every other activity')
    check(all(r['monitored'] == 'yes' for r in rows), "every activity is checked (the school keeps a log)")
    check(act['printer-clean']['every'] == 'school-week', 'printer-clean is tuned to every school week')
    for a in ('backup-check', 'server-log-check', 'monitoring-review', 'scheduled-jobs-check'):
        finding('activity-missed', a + ' 2026-11-20', 'school', 'red' if a == 'backup-check' else 'amber')
        obligation(a, '2026-11-19', 'done', 'school')
    finding('activity-missed', 'offsite-backup-check 2026-11-16', 'school')
    obligation('open-calls-review', '2026-11-16', 'done', 'school')
    obligation('call-logging', '2026-11-16', 'done', 'school')
    finding('activity-missed', 'printer-clean 2026-11-09', 'redkite')
    finding('hours-short', 'redkite 2026-W46', 'redkite')
    week('redkite', '2026-W45', 'ok', 7)
    week('redkite', '2026-W46', 'short', 3.5)
    finding('sla-target-missed', 'priority', 'redkite')
    finding('ticket-breached', 'RK-88263')
    finding('ticket-breached', 'RK-88301')
    finding('ticket-at-risk', 'RK-88380')
    ticket('RK-88240', 'priority', 'met', 'met')
    check(any(t['ticket'] == 'RK-88240' and t.get('paused_s', 0) > 0 for t in rep.get('tickets', [])),
          'RK-88240 was paused while Redkite waited for the school')
    check(not any(f['kind'] == 'no-evidence' for f in findings), 'no no-evidence finding (Redkite owns nothing)')

# ---- scenario 3: Beacon owns every function; the school does the service desk administrator's work
elif name == 'scenario3-supplier-owns':
    check(set(owner) >= ALL_FUNCTIONS and all(o == 'beacon' for o in owner.values()), 'beacon owns every function')
    sda = {r['activity'] for r in rows if r['role'] == 'service-desk-administrator'}
    check(sda >= {'call-logging', 'printer-supplies-check', 'print-usage-report'},
          'the catalog has the service desk administrator activities')
    check(all(r['performer'] == 'school' for r in rows if r['activity'] in sda),
          'the school performs every service-desk-administrator activity')
    check(all(r['performer'] == 'beacon' for r in rows if r['activity'] not in sda),
          'beacon performs every other activity')
    check(all(r['monitored'] == 'yes' for r in rows), 'every activity is checked (both sides keep a log)')
    finding('activity-missed', 'printer-supplies-check 2026-11-09', 'school')
    obligation('printer-supplies-check', '2026-11-16', 'done', 'school')
    for wk in ('2026-11-02', '2026-11-09', '2026-11-16'):
        obligation('call-logging', wk, 'done', 'school')
    finding('activity-missed', 'backup-check 2026-11-24', 'beacon', 'red')
    obligation('backup-check', '2026-11-25', 'done', 'beacon')
    check(not any(o['activity'] == 'backup-check' and o['period_start'] == '2026-11-23'
                  for o in rep.get('obligations', [])), 'the INSET day (Mon 23 Nov) is not a school day')
    finding('activity-missed', 'antivirus-check 2026-11-02', 'beacon')
    finding('hours-short', 'beacon 2026-W47', 'beacon')
    week('beacon', '2026-W47', 'short', 2)
    week('beacon', '2026-W45', 'ok', 3.5)
    finding('ticket-breached', 'BET-5505')
    finding('ticket-breached', 'BET-5523')
    finding('ticket-at-risk', 'BET-5539')
    ticket('BET-5523', 'medium', 'breached', 'met')
    check(not any(f['kind'] == 'no-evidence' for f in findings), 'beacon shows evidence for every function')

# ---- scenario 4: no technical staff; Vale owns everything, the school keeps the service desk
elif name == 'scenario4-no-technical-staff':
    check(set(owner) >= ALL_FUNCTIONS and all(o == 'vale' for o in owner.values()), 'vale owns every function')
    check(act['call-logging']['performer'] == 'school' and act['call-logging']['monitored'] == 'no',
          'call-logging stays with the school (listed, not checked: no school log)')
    check(all(r['performer'] == 'vale' for r in rows if r['activity'] != 'call-logging'),
          'vale performs every other activity, the service desk administrator ones included')
    check(act['network-usage-report']['every'] == 'month', 'network-usage-report is tuned to monthly')
    finding('sla-target-missed', 'ofsted', 'vale', 'red')
    finding('ticket-breached', 'LH-2287', 'vale')
    ticket('LH-2287', 'ofsted', 'breached', 'met')
    ticket('LH-2294', 'ofsted', 'met', 'met')
    finding('activity-missed', 'backup-check 2026-11-13', 'vale', 'red')
    obligation('backup-check', '2026-11-12', 'done', 'vale')
    obligation('server-log-check', '2026-11-13', 'done', 'vale')
    finding('activity-missed', 'offsite-backup-check 2026-11-09', 'vale')
    finding('activity-missed', 'open-calls-review 2026-11-09', 'vale')
    finding('hours-short', 'vale 2026-W46', 'vale')
    week('vale', '2026-W46', 'short', 1.5)
    finding('no-evidence', 'vale problem-management', 'vale')
    finding('activity-concern', 'disk-space-check', 'vale')
    check(not any(f.get('supplier') == 'school' for f in findings), 'nothing is reported against the school')

# ---- the bundled sample school (scenario 4 with two suppliers); see feeds/samples/README.md
elif name == 'oakfield':
    check(owner.get('storage-management') == 'acme' and owner.get('security-administration') == 'acme' and
          owner.get('print-and-output-management') == 'printwise', 'acme and printwise own their functions')
    finding('activity-missed', 'backup-check 2026-11-13', 'acme', 'red')
    finding('hours-short', 'acme 2026-W47', 'acme')
    finding('no-evidence', 'printwise print-and-output-management', 'printwise')
    finding('ticket-at-risk', 'ACM-31518')

print('\n'.join(out))
PY

# a copy of rules/ and feeds/, as a network manager would copy them: each
# config's store (NAME.db beside it) lands there, not in the source tree
mkdir -p "$tmp/tree"
cp -R "$root/rules" "$root/feeds" "$tmp/tree/"
for conf in rules/examples/*.conf; do
	name=$(basename "$conf" .conf)
	cfg=$tmp/tree/$conf
	work=$tmp/$name
	mkdir -p "$work"

	# validate, as text: valid, and the ownership matrix is there
	if "$FITSMON" -c "$cfg" validate >"$work/validate.txt" 2>"$work/err"; then
		ok
		grep -q 'configuration is valid' "$work/validate.txt" && ok ||
			bad "$name: validate does not say the configuration is valid"
		grep -q '^OWNERSHIP MATRIX' "$work/validate.txt" && ok ||
			bad "$name: validate prints no ownership matrix"
		grep -q 'NOTE: nobody at the school holds' "$work/validate.txt" &&
			bad "$name: an activity left to the school needs a role nobody there holds" || ok
	else
		bad "$name: validate failed: $(head -c 300 "$work/err")"
		continue
	fi

	# validate --format json: the matrix rows
	if "$FITSMON" -c "$cfg" validate --format json >"$work/matrix.json" 2>"$work/err"; then
		ok
	else
		bad "$name: validate --format json failed: $(head -c 300 "$work/err")"
	fi

	# run, then report, in a working folder of its own (which must not
	# matter: the store is found from the config)
	if (cd "$work" && "$FITSMON" -c "$cfg" --now $NOW run) >"$work/run.out" 2>"$work/err"; then
		ok
	else
		bad "$name: run failed: $(head -c 300 "$work/err")"
		continue
	fi
	grep -q 'rows skipped' "$work/err" && ! grep -qE '[1-9][0-9]* rows? skipped' "$work/err" && ok ||
		bad "$name: run skipped rows of the sample feeds: $(tail -n 1 "$work/err")"
	if (cd "$work" && "$FITSMON" -c "$cfg" --now $NOW report --format json) >"$work/report.json" 2>"$work/err"; then
		ok
	else
		bad "$name: report --format json failed: $(head -c 300 "$work/err")"
		continue
	fi
	if (cd "$work" && "$FITSMON" -c "$cfg" --now $NOW report) >"$work/report.txt" 2>"$work/err" &&
		grep -q 'need.* your attention' "$work/report.txt"; then
		ok
	else
		bad "$name: the text report does not list anything to attend to"
	fi

	while read -r verdict line; do
		case $verdict in
		ok) ok ;;
		*) bad "$line" ;;
		esac
	done < <($PY "$tmp/check.py" "$name" "$work/matrix.json" "$work/report.json" 2>&1 |
		sed 's/^Traceback/FAIL python: Traceback/')
done

echo "examples: $pass passed, $fail failed"
[ "$fail" = 0 ]
