#!/usr/bin/python3
"""fitsmon reference implementation (test oracle).

An independent, deliberately plain Python reading of the "Semantics" section of
DESIGN.md, used to check the C engine number for number (tests/it_oracle.sh).
It is written to be obviously correct, not fast or clever:

  * time is integer UTC seconds; a "local second" is the same count taken as
    if the local wall clock were UTC (local = utc + offset), as in tz.h;
  * dates are integer day numbers (days since 1970-01-01);
  * the pinned DST rule is derived from the zone's transition list, not from
    Python's fold;
  * business time is computed by building, per local date, the open UTC
    intervals (each local hour boundary converted on its own), taking their
    union, and measuring plain interval intersections and differences.

Where DESIGN.md is silent it follows the team's recorded choices (the brief's
(a)-(h) and README.md "Where the design is silent"); such places are marked
"README choice N" below.

The feed health gate (DESIGN.md "Verdicts only from data that was read",
fitsmon.conf(5) "Feed health"), as this oracle reads it:
  * per feed copy: rows = data records (header and lines above it excluded);
    rejected = records ingest rejects (no id, no opened / event time, a time
    that does not parse or is outside 1970..2199, bad hours, an empty event
    status).  Rows timed after now are not rejects.  Fields are read in
    ingest's order and a row stops at its first bad field, so only cells
    actually read count as "seen" (tickets: id, opened, responded, then
    resolved -- or closed when resolved is not mapped; events: id, at,
    opened, status; activities: at, hours, on-site);
  * unreadable: rejected/rows > max_rejected (default 2%, compared exactly
    in integers), or a time or on-site column with cells seen and none
    recognised (on-site words yes/no/true/false/1/0);
  * status: unreadable > stale (last good copy older than stale_after, 48 h by
    default) > failing (never here: file feeds always fetch) > ok.  The last
    good copy is the run's now (--last-success now: one `fitsmon run`) or the
    file's mtime (--last-success mtime: `report` reading the files);
  * good until: unreadable -> never (one run takes in no healthy copy),
    stale -> the last good copy, ok -> always;
  * unknown: an obligation period not done whose end + grace is after its
    supplier's activity feeds' good-until (the minimum); an on-site week not
    ok ending after it; a ticket of a feed that is not ok whose clocks have
    not both stopped (those clocks "unknown", the ticket not counted in its
    SLA); an SLA taking tickets from a not-ok tickets / ticket-events feed
    (its supplier's, or any when it has none) is "unknown", never missed.

Usage:
  refimpl.py -c fitsmon.conf --now 2026-11-28T02:30:00Z [--from DATE] [--to DATE]
             [--last-success now|mtime]

Prints one JSON document on stdout (see tests/oracle/compare.py for the
fields that are compared).  Only a config subset is understood: [school],
[calendar], [supplier], [feed], [sla], [activity]; other sections and keys
(store, mail, owns, auth, ...) are ignored.  Python 3.11 standard library only.
"""
import argparse
import csv
import json
import os
import re
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

DAY = 86400
EPOCH = date(1970, 1, 1)
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ConfigError(Exception):
    pass


# --------------------------------------------------------------------------
# Day numbers

def day_of_date(d):
    return (d - EPOCH).days


def date_of_day(n):
    return EPOCH + timedelta(days=n)


def fmt_day(n):
    return date_of_day(n).isoformat()


def weekday(n):
    """ISO weekday 1 (Mon) .. 7 (Sun) of day number n."""
    return date_of_day(n).isoweekday()


def week_monday(n):
    return n - (weekday(n) - 1)


def fmt_week(n):
    y, w, _ = date_of_day(n).isocalendar()
    return "%04d-W%02d" % (y, w)


def parse_date(s):
    s = s.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if not m:
        raise ValueError("bad date %r" % s)
    return day_of_date(date(int(m[1]), int(m[2]), int(m[3])))


def fmt_utc(u):
    return datetime.fromtimestamp(u, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------
# Time zones and the pinned DST rule

class Zone:
    """An IANA zone: UTC offset at an instant, its transitions, and the
    pinned local -> UTC conversion."""

    def __init__(self, name):
        self.name = name
        self.zi = ZoneInfo(name)
        self._year_cache = {}

    def offset(self, u):
        """UTC offset in seconds in force at UTC instant u."""
        return int(datetime.fromtimestamp(u, self.zi).utcoffset().total_seconds())

    def _year_transitions(self, y):
        """Instants T in UTC year y where offset(T) != offset(T - 1).
        Found by an hourly scan then bisection (zones never change twice
        within an hour)."""
        if y in self._year_cache:
            return self._year_cache[y]
        start = int(datetime(y, 1, 1, tzinfo=timezone.utc).timestamp())
        end = int(datetime(y + 1, 1, 1, tzinfo=timezone.utc).timestamp())
        out = []
        lo = start - 1
        o_lo = self.offset(lo)
        while lo < end - 1:
            hi = min(lo + 3600, end - 1)
            o_hi = self.offset(hi)
            if o_hi != o_lo:
                a, b = lo, hi  # offset(a) == o_lo, offset(b) != o_lo
                while b - a > 1:
                    mid = (a + b) // 2
                    if self.offset(mid) == o_lo:
                        a = mid
                    else:
                        b = mid
                out.append(b)
            lo, o_lo = hi, o_hi
        self._year_cache[y] = out
        return out

    def transitions(self, a, b):
        ya = datetime.fromtimestamp(a, timezone.utc).year
        yb = datetime.fromtimestamp(b, timezone.utc).year
        res = []
        for y in range(ya, yb + 1):
            res.extend(t for t in self._year_transitions(y) if a <= t < b)
        return sorted(res)

    def local_to_utc(self, L):
        """UTC instant of local second L.  A local time that exists once maps
        to that instant.  One repeated by a change (fall back) or skipped by
        one (spring forward) takes the UTC offset in force just before the
        change: the earlier instant when repeated, L - offset_before when
        skipped."""
        lo, hi = L - 3 * DAY, L + 3 * DAY
        ts = self.transitions(lo, hi)
        points = [lo] + ts + [hi]
        cands = []
        for s, e in zip(points, points[1:]):
            o = self.offset(s)
            u = L - o
            if s <= u < e:
                cands.append(u)
        if cands:
            # Two solutions: a repeated time; the earlier instant is the
            # one under the offset in force before the change.
            return min(cands)
        for t in ts:
            ob, oa = self.offset(t - 1), self.offset(t)
            if t + ob <= L < t + oa:
                return L - ob
        raise AssertionError("no UTC instant for local %d in %s" % (L, self.name))

    def utc_to_local(self, u):
        return u + self.offset(u)

    def day_of(self, u):
        """Local day number holding instant u."""
        return self.utc_to_local(u) // DAY

    def midnight(self, n):
        """Instant of the local midnight starting day n."""
        return self.local_to_utc(n * DAY)


_zones = {}


def get_zone(name):
    if name not in _zones:
        try:
            _zones[name] = Zone(name)
        except Exception as e:  # ZoneInfoNotFoundError, ValueError
            raise ConfigError("unknown time zone %r: %s" % (name, e))
    return _zones[name]


# --------------------------------------------------------------------------
# Interval arithmetic on lists of [s, e) pairs of ints

def norm(iv):
    """Sorted, merged, non-empty intervals."""
    out = []
    for s, e in sorted(x for x in iv if x[1] > x[0]):
        if out and s <= out[-1][1]:
            if e > out[-1][1]:
                out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def intersect(a, b):
    a, b = norm(a), norm(b)
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if e > s:
                out.append((s, e))
    return norm(out)


def subtract(a, b):
    out = []
    b = norm(b)
    for s, e in norm(a):
        pieces = [(s, e)]
        for bs, be in b:
            nxt = []
            for ps, pe in pieces:
                if be <= ps or bs >= pe:
                    nxt.append((ps, pe))
                    continue
                if bs > ps:
                    nxt.append((ps, bs))
                if be < pe:
                    nxt.append((be, pe))
            pieces = nxt
        out.extend(pieces)
    return norm(out)


def measure(iv):
    return sum(e - s for s, e in norm(iv))


# --------------------------------------------------------------------------
# Parsers for config values and feed cells

def parse_duration(s, allow_days):
    """'1h30m', '45m', '2h', '1d', '1d 12h' -> seconds.  Units d (24 h, only
    when allow_days), h, m; each at most once, in that order; whole numbers."""
    t = s.strip()
    m = re.fullmatch(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?", t)
    if not t or not m or not any(m.groups()):
        raise ConfigError("bad duration %r" % s)
    if m[1] is not None and not allow_days:
        raise ConfigError("days not allowed in %r" % s)
    return int(m[1] or 0) * DAY + int(m[2] or 0) * 3600 + int(m[3] or 0) * 60


def parse_percent(s):
    """'95%', '12.5%' or a fraction '0.95' -> parts per million."""
    t = s.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*%", t)
    if m:
        v = Decimal(m[1]) * 10000
    elif re.fullmatch(r"\d+(?:\.\d+)?", t):
        v = Decimal(t) * 1000000
    else:
        raise ConfigError("bad percentage %r" % s)
    if v != v.to_integral_value() or v > 1000000:
        raise ConfigError("bad percentage %r" % s)
    return int(v)


def parse_onsite(s):
    """'8h/week', '7h30m/week', '7.5h/week' -> Decimal hours per week."""
    m = re.fullmatch(r"(.+?)\s*/\s*week", s.strip(), re.I)
    if not m:
        raise ConfigError("bad onsite %r" % s)
    n = m[1].strip()
    d = re.fullmatch(r"(\d+(?:\.\d+)?)\s*h", n)
    if d:
        return Decimal(d[1])
    return Decimal(parse_duration(n, False)) / Decimal(3600)


def parse_list(s):
    """Comma-separated list, items trimmed and lower-cased (status lists)."""
    return [x.strip().lower() for x in s.split(",") if x.strip()]


def valid_civil(y, mo, d, h, mi, se):
    if not (1970 <= y <= 2199):
        return None
    try:
        dt = datetime(y, mo, d, h, mi, se)
    except ValueError:
        return None
    return dt


def naive_to_local_seconds(dt):
    return int((dt - datetime(1970, 1, 1)).total_seconds())


ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"(Z|[+-]\d{2}:?\d{2})?")


def parse_iso8601(s, zone):
    """YYYY-MM-DD[T ]HH:MM[:SS[.frac]] [Z|+HH:MM|+HHMM] -> UTC seconds or None."""
    m = ISO_RE.fullmatch(s.strip())
    if not m:
        return None
    dt = valid_civil(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    if dt is None:
        return None
    L = naive_to_local_seconds(dt)
    z = m[7]
    if z is None:
        return zone.local_to_utc(L)
    if z == "Z":
        return L
    sign = -1 if z[0] == "-" else 1
    digits = z[1:].replace(":", "")
    off = sign * (int(digits[:2]) * 3600 + int(digits[2:]) * 60)
    return L - off


def parse_stamp(s, fmt, zone):
    """A feed timestamp -> UTC seconds, or None when it does not parse."""
    if fmt is None or fmt.strip().lower() == "iso8601":
        return parse_iso8601(s, zone)
    try:
        dt = datetime.strptime(s.strip(), fmt)
    except ValueError:
        return None
    if not (1970 <= dt.year <= 2199):
        return None
    if dt.tzinfo is not None:
        return int(dt.timestamp())
    return zone.local_to_utc(naive_to_local_seconds(dt.replace(microsecond=0)))


# --------------------------------------------------------------------------
# Config text

def parse_config_text(text, path="<config>"):
    """-> list of (type, name, {key: value}) in file order.  `closed_from`
    values are kept as a list."""
    sections = []
    seen = set()
    cur = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw
        st = line.strip()
        if not st or st[0] in ";#":
            continue
        m = re.search(r"[ \t];", line)
        if m:
            line = line[:m.start()]
        st = line.strip()
        if not st:
            continue
        if st.startswith("["):
            m = re.fullmatch(r'\[\s*([A-Za-z][A-Za-z0-9_-]*)\s*(?:"([^"]*)")?\s*\]', st)
            if not m:
                raise ConfigError("%s:%d: bad section header" % (path, lineno))
            key = (m[1].lower(), m[2])
            if key in seen:
                raise ConfigError("%s:%d: repeated section" % (path, lineno))
            seen.add(key)
            cur = (m[1].lower(), m[2], {})
            sections.append(cur)
            continue
        if "=" not in st:
            raise ConfigError("%s:%d: expected key = value" % (path, lineno))
        if cur is None:
            raise ConfigError("%s:%d: key outside a section" % (path, lineno))
        k, v = st.split("=", 1)
        k, v = k.strip().lower(), v.strip()
        if k == "closed_from":
            cur[2].setdefault(k, []).append(v)
        else:
            cur[2][k] = v
    return sections


def resolve_path(base_dir, url):
    if url.startswith("file://"):
        return url[len("file://"):]
    if re.match(r"[a-z]+://", url, re.I):
        raise ConfigError("refimpl reads local files only: %r" % url)
    return url if os.path.isabs(url) else os.path.join(base_dir, url)


# --------------------------------------------------------------------------
# Calendars

def parse_hours(s):
    """'Mon-Fri 08:00-16:30, Sat 09:00-12:00' -> {weekday: [(smin, emin)]}
    with each day's local minute ranges merged (the union is taken in local
    time, then each merged range's ends are converted)."""
    per = {d: [] for d in range(1, 8)}
    for item in s.split(","):
        item = item.strip()
        if not item:
            continue
        m = re.fullmatch(r"([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})", item)
        if not m:
            raise ConfigError("bad hours item %r" % item)
        d1 = WEEKDAYS.index(m[1].lower()) + 1
        d2 = WEEKDAYS.index(m[2].lower()) + 1 if m[2] else d1
        sm = int(m[3]) * 60 + int(m[4])
        em = int(m[5]) * 60 + int(m[6])
        if int(m[4]) > 59 or int(m[6]) > 59 or sm >= 1440 or em > 1440 or em <= sm:
            raise ConfigError("bad time range in %r" % item)
        d = d1
        while True:  # a range like Sat-Mon wraps round the week
            per[d].append((sm, em))
            if d == d2:
                break
            d = d % 7 + 1
    return {d: norm(v) for d, v in per.items()}


def parse_date_ranges(s):
    out = []
    for item in s.split(","):
        item = item.strip()
        if not item:
            continue
        if ".." in item:
            a, b = item.split("..", 1)
            out.append((parse_date(a), parse_date(b)))
        else:
            n = parse_date(item)
            out.append((n, n))
    return out


def load_ics(path):
    """All-day VEVENTs -> list of (first, last) day ranges (DTEND exclusive;
    without DTEND one day).  Timed events are skipped."""
    with open(path, encoding="utf-8-sig") as f:
        text = f.read()
    lines = []
    for raw in re.split(r"\r\n|\n|\r", text):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    out = []
    in_ev = False
    start = end = None
    for ln in lines:
        u = ln.upper()
        if u == "BEGIN:VEVENT":
            in_ev, start, end = True, None, None
        elif u == "END:VEVENT":
            if in_ev and start is not None:
                last = end - 1 if end is not None and end > start else start
                out.append((start, last))
            in_ev = False
        elif in_ev and (u.startswith("DTSTART") or u.startswith("DTEND")):
            name_params, _, value = ln.partition(":")
            parts = name_params.split(";")
            name = parts[0].upper()
            params = [p.upper() for p in parts[1:]]
            if "VALUE=DATE" not in params:
                if name == "DTSTART":
                    in_ev = False  # timed event: not a closure
                continue
            m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", value.strip())
            if not m:
                continue
            n = day_of_date(date(int(m[1]), int(m[2]), int(m[3])))
            if name == "DTSTART":
                start = n
            elif name == "DTEND":
                end = n
    return out


def load_govuk(path, division):
    with open(path, encoding="utf-8-sig") as f:
        data = json.load(f)
    if division not in data:
        raise ConfigError("%s: no division %r" % (path, division))
    out = []
    for ev in data[division]["events"]:
        n = parse_date(ev["date"])
        out.append((n, n))
    return out


def load_closed_from(base_dir, value):
    parts = value.split()
    path = resolve_path(base_dir, parts[0])
    with open(path, encoding="utf-8-sig") as f:
        head = f.read().lstrip()
    if head.startswith("{"):
        if len(parts) < 2:
            raise ConfigError("closed_from %r: JSON needs a division" % value)
        return load_govuk(path, parts[1])
    return load_ics(path)


class Calendar:
    def __init__(self, name, zone, hours, terms=None, closed=()):
        self.name = name
        self.zone = zone
        self.hours = hours          # {weekday: [(smin, emin)]}
        self.terms = terms          # None or [(first, last)] inclusive
        self.closed = set()
        for a, b in closed:
            self.closed.update(range(a, b + 1))
        self._date_cache = {}

    def is_open_date(self, n):
        if not self.hours[weekday(n)]:
            return False
        if self.terms is not None and not any(a <= n <= b for a, b in self.terms):
            return False
        return n not in self.closed

    def date_intervals(self, n):
        """Open UTC intervals of local date n: each merged local range's ends
        converted with the pinned rule; empty when the ends cross."""
        if n in self._date_cache:
            return self._date_cache[n]
        out = []
        if self.is_open_date(n):
            for sm, em in self.hours[weekday(n)]:
                a = self.zone.local_to_utc(n * DAY + sm * 60)
                b = self.zone.local_to_utc(n * DAY + em * 60)
                if b > a:
                    out.append((a, b))
        self._date_cache[n] = out
        return out

    def open_between(self, a, b):
        """Open time within [a, b) as merged UTC intervals."""
        if b <= a:
            return []
        iv = []
        for n in range(self.zone.day_of(a) - 2, self.zone.day_of(b) + 3):
            iv.extend(self.date_intervals(n))
        return intersect(iv, [(a, b)])


def always_calendar(zone):
    return Calendar("always", zone, {d: [(0, 1440)] for d in range(1, 8)})


# --------------------------------------------------------------------------
# Feeds

def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.reader(f)]
    rows = [r for r in rows if r and any(c.strip() for c in r)]
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


class Feed:
    def __init__(self, name, sec, cfg):
        self.name = name
        self.supplier = sec.get("supplier", "")
        self.kind = sec.get("kind", "").strip().lower()
        if self.kind not in ("tickets", "ticket-events", "activities"):
            raise ConfigError("feed %s: bad kind %r" % (name, self.kind))
        if "url" not in sec:
            raise ConfigError("feed %s: no url" % name)
        self.path = resolve_path(cfg.base_dir, sec["url"])
        self.time_format = sec.get("time_format")
        self.zone = get_zone(sec["timezone"]) if "timezone" in sec else cfg.zone
        self.columns = {k[len("column."):]: v for k, v in sec.items() if k.startswith("column.")}
        self.new_status = parse_list(sec.get("new_status", "New"))
        self.resolved_status = parse_list(sec.get("resolved_status", "Resolved, Closed"))
        self.pause_status = parse_list(sec.get("pause_status", ""))
        self.stale_after = parse_duration(sec["stale_after"], True) if "stale_after" in sec else 48 * 3600
        if "max_rejected" in sec:
            if "%" not in sec["max_rejected"]:
                raise ConfigError("feed %s: max_rejected needs a %%" % name)
            self.max_rejected = parse_percent(sec["max_rejected"])  # ppm
        else:
            self.max_rejected = 20000  # 2%

    def health(self):
        """The health gate's counts for the copy on disk: data rows, rejected
        rows, and per time / on-site field the non-empty cells seen and
        recognised.  Fields are read in ingest's order and a row stops at its
        first bad field, so a cell after it is not seen."""
        rows = rejected = 0
        cols = {}

        def cell(f, ok):
            c = cols.setdefault(f, [0, 0])
            c[0] += 1
            c[1] += 1 if ok else 0

        def time_field(rec, f):
            """None: empty; True: parsed; False: bad (a reject)."""
            v = rec.get(f, "").strip()
            if not v:
                return None
            ok = self.stamp(v) is not None
            cell(f, ok)
            return ok

        for rec in self.records():
            rows += 1
            bad = False
            if self.kind == "tickets":
                if not rec.get("id", "").strip():
                    bad = True
                elif time_field(rec, "opened") is not True:
                    bad = True
                elif time_field(rec, "responded") is False:
                    bad = True
                elif time_field(rec, "resolved" if "resolved" in rec else "closed") is False:
                    bad = True
            elif self.kind == "ticket-events":
                if not rec.get("id", "").strip():
                    bad = True
                elif time_field(rec, "at") is not True:
                    bad = True
                elif time_field(rec, "opened") is False:
                    bad = True
                elif not rec.get("status", "").strip():
                    bad = True
            else:
                if time_field(rec, "at") is not True:
                    bad = True
                elif activity_hours(rec) is None:
                    bad = True
                elif "onsite" in rec and rec["onsite"].strip():
                    cell("onsite", rec["onsite"].strip().lower() in
                         ("yes", "no", "true", "false", "1", "0"))
            rejected += bad
        unread = sorted(f for f, (seen, rec_) in cols.items() if seen and not rec_)
        too_many = rows > 0 and rejected * 1000000 > self.max_rejected * rows
        return {"rows": rows, "rejected": rejected, "columns": cols,
                "unreadable": bool(unread) or too_many}

    def records(self):
        """Rows as {field: raw cell} for every mapped field whose column
        exists (header cells trimmed; an exact match first, else one
        ignoring case); an unmapped field or a missing column is absent.
        Also the row's 1-based data row number as '#row'."""
        header, rows = read_csv(self.path)
        idx = {}
        for field, col in self.columns.items():
            col = col.strip()
            exact = [i for i, h in enumerate(header) if h == col]
            loose = [i for i, h in enumerate(header) if h.lower() == col.lower()]
            if exact or loose:
                idx[field] = (exact or loose)[0]
        out = []
        for rn, r in enumerate(rows, 1):
            rec = {f: (r[i] if i < len(r) else "") for f, i in idx.items()}
            rec["#row"] = rn
            out.append(rec)
        return out

    def stamp(self, s):
        return parse_stamp(s, self.time_format, self.zone)


class Ticket:
    def __init__(self, feed, tid):
        self.feed = feed
        self.id = tid
        self.fields = {}
        self.opened = None
        self.resp = None       # response stop or None
        self.res = None        # resolution stop or None
        self.pauses = []       # pause-status intervals (end may be now)
        self.gaps = []         # reopen gaps

    def field(self, name):
        return self.fields.get(name, "").strip()


def activity_hours(rec):
    """An activity row's hours as a Decimal (empty: 0), None when bad: not
    a decimal, negative or over 24 h (README choice 6)."""
    hs = rec.get("hours", "").strip()
    if not hs:
        return Decimal(0)
    if re.fullmatch(r"\d+(?:\.\d+)?", hs) and Decimal(hs) <= 24:
        return Decimal(hs)
    return None


def tickets_from_tickets_feed(feed, now):
    """Last valid, not-future row per id wins.  Stamps after now have not
    happened yet; a row opened after now is ignored entirely."""
    by_id = {}
    order = []
    resolved_mapped = "resolved" in feed.columns
    for rec in feed.records():
        tid = rec.get("id", "").strip()
        op = rec.get("opened", "").strip()
        if not tid or not op:
            continue
        opened = feed.stamp(op)
        if opened is None:
            continue
        stamps = {}
        bad = False
        stop = "resolved" if "resolved" in rec else "closed"
        for k in ("responded", "resolved", "closed"):
            v = rec.get(k, "").strip() if k in ("responded", stop) else ""
            if v:
                t = feed.stamp(v)
                if t is None:
                    bad = True
                    break
                stamps[k] = t if t <= now else None
            else:
                stamps[k] = None
        if bad or opened > now:
            continue
        t = Ticket(feed, tid)
        t.fields = {k: v for k, v in rec.items() if k != "#row"}
        t.opened = opened
        t.res = stamps["resolved"] if resolved_mapped else stamps["closed"]
        t.resp = stamps["responded"]
        if t.resp is None and t.res is not None:
            t.resp = t.res
        if tid not in by_id:
            order.append(tid)
        by_id[tid] = t
    return [by_id[i] for i in order]


def tickets_from_events_feed(feed, now):
    evs = {}
    order = []
    for rec in feed.records():
        tid = rec.get("id", "").strip()
        at_s = rec.get("at", "").strip()
        if not tid or not at_s or not rec.get("status", "").strip():
            continue  # bad row (an empty status too: README choice 11)
        at = feed.stamp(at_s)
        if at is None:
            continue
        op = rec.get("opened", "").strip()
        opened = None
        if op:
            opened = feed.stamp(op)
            if opened is None:
                continue
        if at > now:
            continue
        if tid not in evs:
            evs[tid] = []
            order.append(tid)
        evs[tid].append((at, rec, opened))
    out = []
    for tid in order:
        es = sorted(evs[tid], key=lambda e: e[0])  # stable: ties in file order
        t = Ticket(feed, tid)
        latest = es[-1][1]
        t.fields = {k: v for k, v in latest.items() if k != "#row"}
        if "opened" in feed.columns:
            ops = [e[2] for e in es if e[2] is not None]
            t.opened = ops[0] if ops else es[0][0]
        else:
            t.opened = es[0][0]
        if t.opened > now:
            continue
        st = [e[1].get("status", "").strip().lower() for e in es]
        ats = [e[0] for e in es]
        # responded: first event whose status is not a "new" status
        for at, s in zip(ats, st):
            if s not in feed.new_status:
                t.resp = at
                break
        # runs of resolved statuses: the final one (if latest) stops the
        # resolution clock, earlier ones are reopen gaps
        i = 0
        n = len(es)
        while i < n:
            if st[i] in feed.resolved_status:
                j = i
                while j < n and st[j] in feed.resolved_status:
                    j += 1
                if j == n:
                    t.res = ats[i]
                else:
                    t.gaps.append((ats[i], ats[j]))
                i = j
            else:
                i += 1
        for k in range(n):
            if st[k] in feed.pause_status:
                end = ats[k + 1] if k + 1 < n else now
                t.pauses.append((ats[k], end))
        if t.resp is None and t.res is not None:
            t.resp = t.res
        out.append(t)
    return out


# --------------------------------------------------------------------------
# Evaluation

class Config:
    def __init__(self, path):
        self.path = path
        self.base_dir = os.path.dirname(os.path.abspath(path))
        with open(path, encoding="utf-8-sig") as f:
            secs = parse_config_text(f.read(), path)
        school = next((s[2] for s in secs if s[0] == "school"), {})
        self.school_name = school.get("name", "")
        self.zone = get_zone(school.get("timezone", "Europe/London"))
        self.calendars = {"always": always_calendar(self.zone)}
        self.suppliers = {}
        self.feeds = []
        self.slas = []
        self.activities = []
        for typ, name, kv in secs:
            if typ == "calendar":
                # without `hours` open all day, every day (README choice 8)
                hours = parse_hours(kv.get("hours") or "Mon-Sun 00:00-24:00")
                terms = parse_date_ranges(kv["terms"]) if "terms" in kv else None
                closed = parse_date_ranges(kv.get("closed", ""))
                for v in kv.get("closed_from", []):
                    closed.extend(load_closed_from(self.base_dir, v))
                self.calendars[name] = Calendar(name, self.zone, hours, terms, closed)
        for typ, name, kv in secs:
            if typ == "supplier":
                onsite = parse_onsite(kv["onsite"]) if kv.get("onsite") else None
                self.suppliers[name] = {"name": name, "onsite": onsite,
                                        "calendar": self.cal(kv.get("calendar", "always"))}
        for typ, name, kv in secs:
            if typ == "feed":
                f = Feed(name, kv, self)
                if f.supplier not in self.suppliers:
                    raise ConfigError("feed %s: unknown supplier %r" % (name, f.supplier))
                self.feeds.append(f)
            elif typ == "sla":
                sup = kv.get("supplier")
                when = None
                if kv.get("when"):
                    if "~" not in kv["when"]:
                        raise ConfigError("sla %s: bad when" % name)
                    fld, rx = kv["when"].split("~", 1)
                    when = (fld.strip().lower(), re.compile(rx.strip()))
                # None: no supplier and no calendar, so each ticket runs on its
                # own supplier's calendar (README choice 3)
                cal = self.cal(kv["calendar"]) if "calendar" in kv else (
                    self.suppliers[sup]["calendar"] if sup else None)
                self.slas.append({
                    "name": name, "supplier": sup, "when": when, "calendar": cal,
                    "respond": parse_duration(kv["respond"], False) if "respond" in kv else None,
                    "resolve": parse_duration(kv["resolve"], False) if "resolve" in kv else None,
                    "target": parse_percent(kv.get("target", "100%")),
                    "warn": parse_percent(kv.get("warn", "25%")),
                })
            elif typ == "activity":
                sup = kv.get("supplier")
                if sup not in self.suppliers:
                    raise ConfigError("activity %s: unknown supplier %r" % (name, sup))
                every = kv.get("every", "").strip().lower()
                if every not in ("day", "school-day", "week", "school-week", "month", "term", "year"):
                    raise ConfigError("activity %s: bad every %r" % (name, every))
                cal = self.cal(kv["calendar"]) if "calendar" in kv else self.suppliers[sup]["calendar"]
                if every == "term" and cal.terms is None:
                    raise ConfigError("activity %s: every = term on calendar %r without terms" % (name, cal.name))
                self.activities.append({
                    "name": name, "supplier": sup, "every": every, "calendar": cal,
                    "times": int(kv.get("times", "1")),
                    "grace": parse_duration(kv["grace"], True) if "grace" in kv else 0,
                    "evidence": re.compile(kv["evidence"]) if kv.get("evidence") else None,
                    "severity": kv.get("severity", "amber"),
                })

    def cal(self, name):
        if name not in self.calendars:
            raise ConfigError("unknown calendar %r" % name)
        return self.calendars[name]


def clock(start, stop, now, cal, excluded, target, warn_ppm):
    """Business elapsed seconds of [start, stop or now) and the status."""
    end = stop if stop is not None else now
    if end <= start:
        elapsed = 0
    else:
        elapsed = measure(subtract(cal.open_between(start, end), excluded))
    if target is None:
        st = "met" if stop is not None else "running"
    elif elapsed > target:
        st = "breached"
    elif stop is not None:
        st = "met"
    elif (target - elapsed) * 1000000 <= warn_ppm * target:
        st = "at-risk"
    else:
        st = "running"
    return {"status": st, "elapsed_s": elapsed, "target_s": target}


def round_half_up_4(num, den):
    """num/den rounded half up to 4 places, in units of 1/10000 (int)."""
    return (num * 20000 + den) // (2 * den)


def num(d):
    """A Decimal as a JSON number (int when whole)."""
    if d == d.to_integral_value():
        return int(d)
    return float(d)


NEVER = float("-inf")
ALWAYS = float("inf")


def judge_feeds(cfg, now, last_success):
    """Each feed's status and the instant its data is good until.
    last_success "now": a single `run` at now fetched every file feed;
    "mtime": `report` read the files, each last good at its mtime."""
    out = {}
    for feed in cfg.feeds:
        h = feed.health()
        last = now if last_success == "now" else int(os.stat(feed.path).st_mtime)
        if h["unreadable"]:
            # the last run that took in a healthy copy: none here
            st, good = "unreadable", NEVER
        elif now - last > feed.stale_after:
            st, good = "stale", last
        else:
            st, good = "ok", ALWAYS  # file feeds never fail to fetch
        out[feed.name] = {"feed": feed.name, "supplier": feed.supplier, "kind": feed.kind,
                          "status": st, "good_until": good,
                          "quality": {"rows": h["rows"], "rejected": h["rejected"],
                                      "columns": {c: {"seen": v[0], "recognised": v[1]}
                                                  for c, v in sorted(h["columns"].items())}}}
    return out


def evaluate(cfg, now, from_day=None, to_day=None, last_success="now"):
    zone = cfg.zone
    fs = judge_feeds(cfg, now, last_success)

    def log_good_until(sup):
        return min([fs[f.name]["good_until"] for f in cfg.feeds
                    if f.kind == "activities" and f.supplier == sup] + [ALWAYS])
    if to_day is None:
        to_day = zone.day_of(now) + 1
    if from_day is None:
        from_day = to_day - 28
    w_from, w_to = zone.midnight(from_day), zone.midnight(to_day)

    # Tickets
    unmatched = 0
    tickets_out = []
    per_sla = {s["name"]: {"tickets": 0, "met": 0, "breached": 0, "unknown": False}
               for s in cfg.slas}
    # an SLA that takes tickets from a feed that is not ok has no verdict
    for s in cfg.slas:
        for feed in cfg.feeds:
            if (feed.kind != "activities" and fs[feed.name]["status"] != "ok" and
                    (s["supplier"] is None or s["supplier"] == feed.supplier)):
                per_sla[s["name"]]["unknown"] = True
    for feed in cfg.feeds:
        if feed.kind == "tickets":
            ts = tickets_from_tickets_feed(feed, now)
        elif feed.kind == "ticket-events":
            ts = tickets_from_events_feed(feed, now)
        else:
            continue
        for t in ts:
            in_window = (w_from <= t.opened < w_to) or t.res is None
            if not in_window:
                continue
            sla = None
            for s in cfg.slas:
                if s["supplier"] and s["supplier"] != feed.supplier:
                    continue
                if s["when"] is None or s["when"][1].search(t.field(s["when"][0])):
                    sla = s
                    break
            if sla is None:
                unmatched += 1
                continue
            cal = sla["calendar"] or cfg.suppliers[feed.supplier]["calendar"]
            excluded = norm(t.pauses + t.gaps)
            resp = clock(t.opened, t.resp, now, cal, excluded, sla["respond"], sla["warn"])
            res = clock(t.opened, t.res, now, cal, excluded, sla["resolve"], sla["warn"])
            # still running where its feed's good data ends: unknown
            unknown = fs[feed.name]["status"] != "ok" and not (
                t.resp is not None and t.res is not None)
            if unknown:
                if t.resp is None:
                    resp["status"] = "unknown"
                if t.res is None:
                    res["status"] = "unknown"
            span_end = t.res if t.res is not None else now
            if span_end > t.opened:
                paused = measure(intersect(cal.open_between(t.opened, span_end), t.pauses))
            else:
                paused = 0
            tickets_out.append({
                "feed": feed.name, "ticket": t.id, "sla": sla["name"],
                "supplier": feed.supplier, "opened": fmt_utc(t.opened),
                "response": resp, "resolution": res, "paused_s": paused,
            })
            if unknown:
                continue
            c = per_sla[sla["name"]]
            if t.resp is not None and t.res is not None:
                c["tickets"] += 1
                if resp["status"] == "met" and res["status"] == "met":
                    c["met"] += 1
            if "breached" in (resp["status"], res["status"]):
                c["breached"] += 1
    slas_out = []
    for s in cfg.slas:
        c = per_sla[s["name"]]
        r = round_half_up_4(c["met"], c["tickets"]) if c["tickets"] else None
        missed = not c["unknown"] and r is not None and r * 100 < s["target"]
        slas_out.append({"sla": s["name"], "supplier": s["supplier"],
                         "tickets": c["tickets"], "met": c["met"], "breached": c["breached"],
                         "status": "unknown" if c["unknown"] else "none" if r is None
                         else "missed" if missed else "met",
                         "compliance": None if r is None else float(Decimal(r) / 10000),
                         "target": s["target"] / 1000000,
                         # compliance < target, exactly: r/10^4 < ppm/10^6
                         "target_missed": missed})

    # Activity rows, per supplier
    rows = {name: [] for name in cfg.suppliers}
    for feed in cfg.feeds:
        if feed.kind != "activities":
            continue
        onsite_mapped = "onsite" in feed.columns
        for rec in feed.records():
            a = rec.get("at", "").strip()
            if not a:
                continue
            at = feed.stamp(a)
            if at is None or at > now:
                continue
            hours = activity_hours(rec)
            if hours is None:
                continue  # bad row
            onsite = True
            if onsite_mapped and "onsite" in rec:
                onsite = rec["onsite"].strip().lower() in ("yes", "true", "1")
            rows[feed.supplier].append({
                "at": at, "hours": hours, "onsite": onsite,
                "code": rec.get("code", "").strip().lower(),
                "description": rec.get("description", "").strip(),
                "feed": feed.name, "row": rec["#row"]})

    # Obligations
    obligations = []
    have_log = {f.supplier for f in cfg.feeds if f.kind == "activities"}
    for act in cfg.activities:
        if act["supplier"] not in have_log:
            continue  # no activity feed: not judged period by period (README choice 10)
        cal = act["calendar"]
        periods = []  # (start_day, end_day)
        e = act["every"]
        if e == "day":
            periods = [(n, n + 1) for n in range(from_day, to_day)]
        elif e == "school-day":
            periods = [(n, n + 1) for n in range(from_day, to_day) if cal.is_open_date(n)]
        elif e in ("week", "school-week"):
            for n in range(from_day, to_day):
                if weekday(n) == 1 and (e == "week" or any(cal.is_open_date(n + k) for k in range(7))):
                    periods.append((n, n + 7))
        elif e == "month":
            for n in range(from_day, to_day):
                d = date_of_day(n)
                if d.day == 1:
                    nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
                    periods.append((n, day_of_date(nxt)))
        elif e == "term":
            for a, b in sorted(cal.terms or []):
                if from_day <= a < to_day:
                    periods.append((a, b + 1))
        elif e == "year":
            for n in range(from_day, to_day):
                d = date_of_day(n)
                if d.month == 9 and d.day == 1:
                    periods.append((n, day_of_date(date(d.year + 1, 9, 1))))
        good = log_good_until(act["supplier"])
        for ps, pe in periods:
            s_u, e_u = zone.midnight(ps), zone.midnight(pe)
            limit = e_u + act["grace"]
            count = 0
            for r in rows[act["supplier"]]:
                if not (s_u <= r["at"] < limit):
                    continue
                if r["code"] == act["name"].strip().lower() or (
                        act["evidence"] is not None and act["evidence"].search(r["description"])):
                    count += 1
            if count >= act["times"]:
                st = "done"
            elif limit > good:
                st = "unknown"  # ends after the supplier's log was last read
            elif now >= limit:
                st = "missed"
            else:
                st = "due"
            obligations.append({"activity": act["name"], "supplier": act["supplier"],
                                "period_start": fmt_day(ps), "period_end": fmt_day(pe),
                                "status": st, "evidence": count})

    # On-site hours
    hours_out = []
    for sname, sup in cfg.suppliers.items():
        if sup["onsite"] is None:
            continue
        cal = sup["calendar"]
        good = log_good_until(sname)
        for n in range(from_day, to_day):
            if weekday(n) != 1 or not any(cal.is_open_date(n + k) for k in range(7)):
                continue
            s_u, e_u = zone.midnight(n), zone.midnight(n + 7)
            delivered = sum((r["hours"] for r in rows[sname]
                             if r["onsite"] and s_u <= r["at"] < e_u), Decimal(0))
            if delivered >= sup["onsite"]:
                st = "ok"
            elif e_u > good:
                st = "unknown"
            elif now >= e_u:
                st = "short"
            else:
                st = "due"
            hours_out.append({"supplier": sname, "week": fmt_week(n),
                              "contracted_h": num(sup["onsite"]),
                              "delivered_h": num(delivered), "status": st})

    return {
        "school": cfg.school_name,
        "now": fmt_utc(now), "from": fmt_day(from_day), "to": fmt_day(to_day),
        "summary": {"unmatched": unmatched},
        "slas": slas_out, "tickets": tickets_out,
        "obligations": obligations, "hours": hours_out,
        "feeds": [{k: v for k, v in f.items() if k != "good_until"} for f in fs.values()],
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-c", dest="config", default="fitsmon.conf")
    ap.add_argument("--now", required=True)
    ap.add_argument("--from", dest="from_", default=None)
    ap.add_argument("--to", default=None)
    ap.add_argument("--last-success", choices=("now", "mtime"), default="now",
                    help="when each feed was last fetched: now (a `run` at --now, "
                    "the default) or the file's mtime (`report` from the files)")
    args = ap.parse_args(argv)
    try:
        cfg = Config(args.config)
        now = parse_iso8601(args.now, cfg.zone)
        if now is None:
            print("refimpl: bad --now %r" % args.now, file=sys.stderr)
            return 64
        fd = parse_date(args.from_) if args.from_ else None
        td = parse_date(args.to) if args.to else None
        out = evaluate(cfg, now, fd, td, args.last_success)
    except ConfigError as e:
        print("refimpl: %s" % e, file=sys.stderr)
        return 78
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
