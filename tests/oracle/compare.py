#!/usr/bin/python3
"""Compare a refimpl.py report with a fitsmon JSON report.

  compare.py REF.json FITSMON.json

Compares, keyed so that list order does not matter:
  tickets      per (feed, ticket) -- or (supplier, ticket) when fitsmon's
               entries carry no "feed": sla, response/resolution status,
               elapsed_s, target_s, and paused_s (a clock's status may
               be "unknown": its feed is not ok and it had not stopped)
  obligations  per (activity, period_start): status (with "unknown"),
               evidence, period_end
  hours        per (supplier, week): delivered_h (numerically), status
  slas         per sla: tickets, met, compliance, breached, status
  feeds        per feed (when the reference lists feeds): status (the
               health gate: ok, stale, unreadable, failing) and
               quality.rows / quality.rejected, and each time / on-site
               column's seen / recognised cells
  summary      unmatched
Entries present on one side only are differences too.  Prints one line per
difference and exits 1 when there is any, 0 when the reports agree.
"""
import json
import sys

MAX_LINES = 200


def get(d, path):
    for k in path.split("."):
        if not isinstance(d, dict) or k not in d:
            return "<absent>"
        d = d[k]
    return d


def num_eq(a, b, tol):
    if a is None or b is None or isinstance(a, str) or isinstance(b, str):
        return a == b
    try:
        return abs(float(a) - float(b)) <= tol
    except (TypeError, ValueError):
        return a == b


def index(items, keyfn, what, diffs, side):
    out = {}
    for it in items or []:
        k = keyfn(it)
        if k in out:
            diffs.append("%s %s: listed twice in %s" % (what, "/".join(map(str, k)), side))
        out[k] = it
    return out


def compare(ref, fit):
    diffs = []

    def section(name, keyfn, fields):
        r = index(ref.get(name), keyfn, name, diffs, "reference")
        f = index(fit.get(name), keyfn, name, diffs, "fitsmon")
        for k in sorted(set(r) | set(f), key=lambda x: tuple(map(str, x))):
            label = "%s %s" % (name.rstrip("s"), "/".join(map(str, k)))
            if k not in f:
                diffs.append("%s: only in reference" % label)
                continue
            if k not in r:
                diffs.append("%s: only in fitsmon" % label)
                continue
            for path, tol in fields:
                a, b = get(r[k], path), get(f[k], path)
                same = num_eq(a, b, tol) if tol is not None else a == b
                if not same:
                    diffs.append("%s: %s reference=%s fitsmon=%s" % (
                        label, path, json.dumps(a), json.dumps(b)))

    fit_tickets = fit.get("tickets") or []
    by_feed = all("feed" in t for t in fit_tickets) and all("feed" in t for t in ref.get("tickets") or [])
    if by_feed:
        tkey = lambda t: (t.get("feed"), t.get("ticket"))
    else:
        tkey = lambda t: (t.get("supplier"), t.get("ticket"))
    section("tickets", tkey, [
        ("sla", None),
        ("response.status", None), ("response.elapsed_s", 0), ("response.target_s", 0),
        ("resolution.status", None), ("resolution.elapsed_s", 0), ("resolution.target_s", 0),
        ("paused_s", 0),
    ])
    section("obligations", lambda o: (o.get("activity"), o.get("period_start")), [
        ("status", None), ("evidence", 0), ("period_end", None),
    ])
    section("hours", lambda h: (h.get("supplier"), h.get("week")), [
        ("delivered_h", 1e-6), ("status", None),
    ])
    section("slas", lambda s: (s.get("sla"),), [
        ("tickets", 0), ("met", 0), ("compliance", 1e-9), ("breached", 0), ("status", None),
    ])
    if "feeds" in ref:
        section("feeds", lambda f: (f.get("feed"),), [
            ("status", None), ("quality.rows", 0), ("quality.rejected", 0),
        ])
        # the time and on-site columns' cells seen / recognised, as the
        # reference counts them (fitsmon lists more: statuses)
        fit_feeds = {f.get("feed"): f for f in fit.get("feeds") or []}
        for rf in ref["feeds"]:
            ff = fit_feeds.get(rf.get("feed"))
            if ff is None:
                continue
            for col, rc in sorted((get(rf, "quality.columns") or {}).items()):
                fc = get(ff, "quality.columns.%s" % col)
                fc = fc if isinstance(fc, dict) else {"seen": 0, "recognised": 0}
                for k in ("seen", "recognised"):
                    if rc.get(k) != fc.get(k):
                        diffs.append("feed %s: quality.columns.%s.%s reference=%s fitsmon=%s" % (
                            rf.get("feed"), col, k, json.dumps(rc.get(k)), json.dumps(fc.get(k))))
    a, b = get(ref, "summary.unmatched"), get(fit, "summary.unmatched")
    if a != b:
        diffs.append("summary: unmatched reference=%s fitsmon=%s" % (json.dumps(a), json.dumps(b)))
    return diffs


def main():
    if len(sys.argv) != 3:
        print("usage: compare.py REF.json FITSMON.json", file=sys.stderr)
        return 64
    with open(sys.argv[1], encoding="utf-8") as f:
        ref = json.load(f)
    try:
        with open(sys.argv[2], encoding="utf-8") as f:
            fit = json.load(f)
    except (OSError, ValueError) as e:
        print("fitsmon report unreadable: %s" % e)
        return 1
    diffs = compare(ref, fit)
    for line in diffs[:MAX_LINES]:
        print(line)
    if len(diffs) > MAX_LINES:
        print("... and %d more differences" % (len(diffs) - MAX_LINES))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
