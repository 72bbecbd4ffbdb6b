#!/usr/bin/python3
"""Hand-worked cases for the reference implementation (refimpl.py).

  /usr/bin/python3 tests/oracle/test_refimpl.py -v

Every expected number below was worked out by hand from DESIGN.md's
Semantics section; the arithmetic is in the comments.  Dates in Nov 2026
are GMT in Europe/London (local = UTC); 2026-11-16 is a Monday.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import refimpl  # noqa: E402

H = 3600
M = 60


def utc(s):
    return refimpl.parse_iso8601(s, refimpl.get_zone("UTC"))


class Scenario:
    """A config plus feed files in a temporary folder."""

    def __init__(self, test, conf, files=None):
        self.dir = tempfile.mkdtemp(prefix="refimpl-test-")
        test.addCleanup(shutil.rmtree, self.dir)
        for name, text in (files or {}).items():
            with open(os.path.join(self.dir, name), "w", newline="") as f:
                f.write(textwrap.dedent(text).lstrip("\n"))
        self.path = os.path.join(self.dir, "fitsmon.conf")
        with open(self.path, "w") as f:
            f.write(textwrap.dedent(conf).lstrip("\n"))

    def run(self, now, frm=None, to=None):
        cfg = refimpl.Config(self.path)
        fd = refimpl.parse_date(frm) if frm else None
        td = refimpl.parse_date(to) if to else None
        return refimpl.evaluate(cfg, utc(now), fd, td)


def ticket(rep, tid):
    for t in rep["tickets"]:
        if t["ticket"] == tid:
            return t
    raise KeyError(tid)


def periods(rep, act):
    return [(o["period_start"], o["period_end"], o["status"], o["evidence"])
            for o in rep["obligations"] if o["activity"] == act]


SCHOOL = """
[school]
name = Test School
timezone = Europe/London
[calendar "school-hours"]
hours = Mon-Fri 08:00-16:30
[supplier "acme"]
calendar = school-hours
"""

TICKETS_FEED = """
[feed "t"]
supplier = acme
kind = tickets
url = t.csv
time_format = iso8601
column.id = Ref
column.opened = Opened
column.priority = Priority
column.responded = Responded
column.resolved = Resolved
"""

EVENTS_FEED = """
[feed "e"]
supplier = acme
kind = ticket-events
url = e.csv
time_format = iso8601
column.id = Id
column.at = At
column.status = Status
column.priority = Priority
pause_status = On Hold, Awaiting Customer
"""

SLA = """
[sla "all"]
supplier = acme
respond = 1h
resolve = 4h
"""


class DstRule(unittest.TestCase):
    def conv(self, zone, *wall):
        z = refimpl.get_zone(zone)
        L = refimpl.naive_to_local_seconds(datetime(*wall))
        return refimpl.fmt_utc(z.local_to_utc(L))

    def test_london(self):
        # skipped 01:30 takes GMT (offset before the change): 01:30Z
        self.assertEqual(self.conv("Europe/London", 2026, 3, 29, 1, 30), "2026-03-29T01:30:00Z")
        # repeated 01:30 takes BST (offset before the change): 00:30Z
        self.assertEqual(self.conv("Europe/London", 2026, 10, 25, 1, 30), "2026-10-25T00:30:00Z")
        self.assertEqual(self.conv("Europe/London", 2026, 3, 29, 2, 0), "2026-03-29T01:00:00Z")
        self.assertEqual(self.conv("Europe/London", 2026, 10, 25, 2, 0), "2026-10-25T02:00:00Z")
        self.assertEqual(self.conv("Europe/London", 2026, 10, 25, 0, 59), "2026-10-24T23:59:00Z")

    def test_new_york_and_sydney(self):
        self.assertEqual(self.conv("America/New_York", 2026, 3, 8, 2, 30), "2026-03-08T07:30:00Z")
        self.assertEqual(self.conv("America/New_York", 2026, 11, 1, 1, 30), "2026-11-01T05:30:00Z")
        self.assertEqual(self.conv("Australia/Sydney", 2026, 10, 4, 2, 30), "2026-10-03T16:30:00Z")
        self.assertEqual(self.conv("Australia/Sydney", 2026, 4, 5, 2, 30), "2026-04-04T15:30:00Z")

    def test_every_minute_of_dst_days(self):
        # Cross-check against PEP 495 fold=0, which for these zones also takes
        # the offset before the change for both gaps and folds.
        from zoneinfo import ZoneInfo
        from datetime import timedelta
        for zname, days in (("Europe/London", [(2026, 3, 29), (2026, 10, 25), (2025, 3, 30)]),
                            ("America/New_York", [(2026, 3, 8), (2026, 11, 1)]),
                            ("Australia/Sydney", [(2026, 4, 5), (2026, 10, 4)])):
            z, zi = refimpl.get_zone(zname), ZoneInfo(zname)
            for y, m, d in days:
                for k in range(0, 24 * 60, 1):
                    wall = datetime(y, m, d) + timedelta(minutes=k)
                    want = int(wall.replace(tzinfo=zi, fold=0).timestamp())
                    got = z.local_to_utc(refimpl.naive_to_local_seconds(wall))
                    self.assertEqual(got, want, (zname, wall))

    def test_feed_stamps(self):
        z = refimpl.get_zone("Europe/London")
        self.assertEqual(refimpl.parse_stamp("29/03/2026 01:30", "%d/%m/%Y %H:%M", z), utc("2026-03-29T01:30:00Z"))
        self.assertEqual(refimpl.parse_stamp(" 2026-10-25 01:30 ", "iso8601", z), utc("2026-10-25T00:30:00Z"))
        self.assertEqual(refimpl.parse_stamp("2026-10-25T01:30:00+00:00", None, z), utc("2026-10-25T01:30:00Z"))
        self.assertEqual(refimpl.parse_stamp("2026-07-01T12:00:00+0530", None, z), utc("2026-07-01T06:30:00Z"))
        self.assertIsNone(refimpl.parse_stamp("2026-02-30 10:00", None, z))
        self.assertIsNone(refimpl.parse_stamp("31/02/2026 10:00", "%d/%m/%Y %H:%M", z))


class BruteForce(unittest.TestCase):
    def test_minute_by_minute_away_from_dst(self):
        # Away from DST dates the pinned conversion is plain wall-clock time, so
        # open time must equal a minute-by-minute count of instants whose local
        # wall time falls in the date's hours.
        import random
        rnd = random.Random(7)
        for zname in ("Europe/London", "America/New_York", "Australia/Sydney"):
            z = refimpl.get_zone(zname)
            cal = refimpl.Calendar("c", z, refimpl.parse_hours(
                "Mon-Fri 07:13-12:01, Mon-Fri 12:30-16:59, Wed 11:00-13:00, Sat 09:00-10:07, Sun 22:00-24:00"),
                terms=[(refimpl.parse_date("2026-01-05"), refimpl.parse_date("2026-12-18"))],
                closed=[(refimpl.parse_date("2026-06-10"), refimpl.parse_date("2026-06-12"))])
            dst_days = {z.day_of(t) for t in z.transitions(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))}
            n = 0
            while n < 40:
                a = utc("2026-01-01T00:00:00Z") + rnd.randrange(360 * 1440) * 60
                b = a + rnd.randrange(1, 5 * 1440) * 60
                days = range(z.day_of(a) - 1, z.day_of(b) + 2)
                if any(d in dst_days for d in days):
                    continue
                n += 1
                count = 0
                for u in range(a, b, 60):
                    loc = z.utc_to_local(u)
                    d, mins = loc // refimpl.DAY, (loc % refimpl.DAY) // 60
                    if cal.is_open_date(d) and any(s <= mins < e for s, e in cal.hours[refimpl.weekday(d)]):
                        count += 60
                self.assertEqual(refimpl.measure(cal.open_between(a, b)), count, (zname, a, b))


class ConfigText(unittest.TestCase):
    def test_comments_and_values(self):
        secs = refimpl.parse_config_text(textwrap.dedent(r"""
            ; comment
              # indented comment
            [Activity "x"]
            Evidence = (?i)\bbackups?\b.*ok ; trailing comment
            name = a;b
            name = c;d	;tab comment
            closed_from = one
            closed_from = two
            """))
        self.assertEqual(secs, [("activity", "x", {
            "evidence": r"(?i)\bbackups?\b.*ok", "name": "c;d", "closed_from": ["one", "two"]})])

    def test_repeated_section(self):
        with self.assertRaises(refimpl.ConfigError):
            refimpl.parse_config_text('[sla "a"]\n[sla "a"]\n')

    def test_values(self):
        self.assertEqual(refimpl.parse_duration("1h30m", False), 5400)
        self.assertEqual(refimpl.parse_duration("1d 12h", True), 129600)
        self.assertEqual(refimpl.parse_percent("87.5%"), 875000)
        self.assertEqual(refimpl.parse_percent("0.9"), 900000)
        self.assertEqual(str(refimpl.parse_onsite("7h30m/week")), "7.5")
        self.assertEqual(str(refimpl.parse_onsite("7.5h/week")), "7.5")
        self.assertEqual(refimpl.round_half_up_4(1, 32), 313)   # 0.03125 -> 0.0313
        self.assertEqual(refimpl.round_half_up_4(2, 3), 6667)


class TicketClocks(unittest.TestCase):
    def test_weekend(self):
        # Fri 20 Nov 16:00 -> Mon 23 Nov 09:00: Fri 16:00-16:30 (30m) + Mon 08:00-09:00 (60m)
        # resolved Mon 10:00: 30m + 2h = 9000
        s = Scenario(self, SCHOOL + TICKETS_FEED + SLA, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            T1,2026-11-20 16:00,P1,2026-11-23 09:00,2026-11-23 10:00
            """})
        t = ticket(s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29"), "T1")
        self.assertEqual(t["response"], {"status": "breached", "elapsed_s": 5400, "target_s": 3600})
        self.assertEqual(t["resolution"], {"status": "met", "elapsed_s": 9000, "target_s": 14400})
        self.assertEqual(t["paused_s"], 0)

    def test_closed_date(self):
        # Mon 23 Nov closed (a range covering Sat-Mon): response Fri 16:00 -> Tue 24 08:20
        # = 30m + 20m = 3000 (met); resolution still running at now Tue 24 12:00:
        # 30m + 08:00-12:00 (4h) = 16200 > 14400 -> breached
        conf = SCHOOL.replace("hours = Mon-Fri 08:00-16:30",
                              "hours = Mon-Fri 08:00-16:30\nclosed = 2026-11-21..2026-11-23")
        s = Scenario(self, conf + TICKETS_FEED + SLA, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            T1,2026-11-20 16:00,P1,2026-11-24 08:20,
            """})
        rep = s.run("2026-11-24T12:00:00Z", "2026-11-01", "2026-11-29")
        t = ticket(rep, "T1")
        self.assertEqual(t["response"]["elapsed_s"], 3000)
        self.assertEqual(t["response"]["status"], "met")
        self.assertEqual(t["resolution"], {"status": "breached", "elapsed_s": 16200, "target_s": 14400})
        self.assertEqual(rep["slas"][0]["tickets"], 0)   # resolution clock not stopped
        self.assertIsNone(rep["slas"][0]["compliance"])

    def test_dst_24x7(self):
        # always: spring Sat 28 Mar 12:00 GMT (12:00Z) -> Sun 29 Mar 12:00 BST (11:00Z) = 23h;
        # autumn Sat 24 Oct 12:00 BST (11:00Z) -> Sun 25 Oct 12:00 GMT (12:00Z) = 25h
        conf = SCHOOL.replace("calendar = school-hours", "") + TICKETS_FEED + """
            [sla "all"]
            respond = 24h
            resolve = 24h
            """
        s = Scenario(self, conf, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            SPRING,2026-03-28 12:00,P1,2026-03-29 12:00,2026-03-29 12:00
            AUTUMN,2026-10-24 12:00,P1,2026-10-25 12:00,2026-10-25 12:00
            """})
        rep = s.run("2026-11-28T02:30:00Z", "2026-03-01", "2026-11-29")
        self.assertEqual(ticket(rep, "SPRING")["resolution"], {"status": "met", "elapsed_s": 23 * H, "target_s": 24 * H})
        self.assertEqual(ticket(rep, "AUTUMN")["resolution"], {"status": "breached", "elapsed_s": 25 * H, "target_s": 24 * H})

    def test_dst_school_hours(self):
        # Sun 00:00-03:00 and Sun 01:30-05:00 calendars, ticket Sat 23:00 -> Sun 12:00.
        # "night" spring: 00:00 -> 00:00Z, 03:00 BST -> 02:00Z: 2h.  autumn: 00:00 BST ->
        #   23:00Z (Sat), 03:00 GMT -> 03:00Z: 4h, of which Sat 23:00 local = 22:00Z.. so from
        #   opened (Sat 23:00 BST = 22:00Z) the whole 4h counts.
        # "gap" spring: 01:30 (skipped) -> 01:30Z, 05:00 BST -> 04:00Z: 2h30m.
        #   autumn: 01:30 (repeated) -> 00:30Z (BST), 05:00 GMT -> 05:00Z: 4h30m.
        conf = """
            [school]
            timezone = Europe/London
            [calendar "night"]
            hours = Sun 00:00-03:00
            [calendar "gap"]
            hours = Sun 01:30-05:00
            [supplier "acme"]
            """ + TICKETS_FEED + """
            [sla "night"]
            when = priority ~ N
            calendar = night
            respond = 10h
            resolve = 10h
            [sla "gap"]
            calendar = gap
            respond = 10h
            resolve = 10h
            """
        s = Scenario(self, conf, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            NS,2026-03-28 23:00,N,2026-03-29 12:00,2026-03-29 12:00
            NA,2026-10-24 23:00,N,2026-10-25 12:00,2026-10-25 12:00
            GS,2026-03-28 23:00,G,2026-03-29 12:00,2026-03-29 12:00
            GA,2026-10-24 23:00,G,2026-10-25 12:00,2026-10-25 12:00
            """})
        rep = s.run("2026-11-28T02:30:00Z", "2026-03-01", "2026-11-29")
        self.assertEqual(ticket(rep, "NS")["resolution"]["elapsed_s"], 2 * H)
        self.assertEqual(ticket(rep, "NA")["resolution"]["elapsed_s"], 4 * H)
        self.assertEqual(ticket(rep, "GS")["resolution"]["elapsed_s"], 2 * H + 30 * M)
        self.assertEqual(ticket(rep, "GA")["resolution"]["elapsed_s"], 4 * H + 30 * M)

    def test_two_ranges_a_day(self):
        # 08:00-12:00 and 13:00-16:00 (in two items, overlapping a third): Mon 11:00 ->
        # Mon 14:00 = 1h + 1h
        conf = SCHOOL.replace("hours = Mon-Fri 08:00-16:30",
                              "hours = Mon-Fri 08:00-12:00, Mon-Fri 13:00-16:00, Mon 14:00-15:00")
        s = Scenario(self, conf + TICKETS_FEED + SLA, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            T1,2026-11-16 11:00,P1,2026-11-16 14:00,2026-11-16 14:00
            T2,2026-11-16 11:59,P1,2026-11-16 13:01,2026-11-16 16:30
            """})
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29")
        self.assertEqual(ticket(rep, "T1")["response"]["elapsed_s"], 2 * H)
        self.assertEqual(ticket(rep, "T2")["response"]["elapsed_s"], 2 * M)
        self.assertEqual(ticket(rep, "T2")["resolution"]["elapsed_s"], 1 * M + 3 * H)

    def test_pause_across_closed_day(self):
        # Mon 16 10:00 New, 10:30 In Progress, 11:00 On Hold, Wed 18 11:00 In Progress,
        # Wed 12:00 Resolved; Tue 17 closed.  Response 10:00-10:30 = 1800.
        # open in [Mon 10:00, Wed 12:00) = Mon 6h30m + Wed 4h = 10h30m; paused (open) =
        # Mon 11:00-16:30 5h30m + Wed 08:00-11:00 3h = 8h30m; resolution = 2h.
        conf = SCHOOL.replace("hours = Mon-Fri 08:00-16:30",
                              "hours = Mon-Fri 08:00-16:30\nclosed = 2026-11-17")
        s = Scenario(self, conf + EVENTS_FEED + SLA, {"e.csv": """
            Id,At,Status,Priority
            E1,2026-11-18 11:00,In Progress,P1
            E1,2026-11-16 10:00,New,P1
            E1,2026-11-16 10:30,In Progress,P1
            E1,2026-11-16 11:00, on hold ,P1
            E1,2026-11-18 12:00,Resolved,P1
            """})
        t = ticket(s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29"), "E1")
        self.assertEqual(t["response"], {"status": "met", "elapsed_s": 1800, "target_s": 3600})
        self.assertEqual(t["resolution"], {"status": "met", "elapsed_s": 2 * H, "target_s": 4 * H})
        self.assertEqual(t["paused_s"], 8 * H + 30 * M)

    def test_reopen_and_ties(self):
        # always.  E1 (Fri 13): 10:00 New, 10:15 Assigned, 11:00 Resolved, 12:00 Closed,
        # 14:00 In Progress (reopen), 15:00 Resolved: gap 11:00-14:00 not counted:
        # resolution = 5h - 3h = 2h; response 15m.
        # E2 (ties): 09:00 New, 09:00 Resolved, 09:00 In Progress (file order), 10:00 Closed
        # -> responded 09:00, gap of zero length, resolved at 10:00: 1h.
        # E3: still open, last status On Hold since 11:00 with now 13:00: running,
        # elapsed 1h (09:00-10:00 new, 10:00-11:00 assigned), paused 2h.
        conf = SCHOOL.replace("calendar = school-hours", "") + EVENTS_FEED + SLA
        s = Scenario(self, conf, {"e.csv": """
            Id,At,Status,Priority
            E1,2026-11-13 10:00,New,P1
            E1,2026-11-13 10:15,Assigned,P1
            E1,2026-11-13 11:00,Resolved,P1
            E1,2026-11-13 12:00,Closed,P1
            E1,2026-11-13 14:00,In Progress,P1
            E1,2026-11-13 15:00,RESOLVED,P1
            E2,2026-11-16 09:00,New,P1
            E2,2026-11-16 09:00,Resolved,P1
            E2,2026-11-16 09:00,In Progress,P1
            E2,2026-11-16 10:00,Closed,P1
            E3,2026-11-16 09:00,New,P1
            E3,2026-11-16 10:00,Assigned,P1
            E3,2026-11-16 11:00,On Hold,P1
            E3,2026-11-16 14:00,In Progress,P1
            """})
        rep = s.run("2026-11-16T13:00:00Z", "2026-11-01", "2026-11-29")
        e1, e2, e3 = ticket(rep, "E1"), ticket(rep, "E2"), ticket(rep, "E3")
        self.assertEqual((e1["response"]["elapsed_s"], e1["resolution"]["elapsed_s"]), (15 * M, 2 * H))
        self.assertEqual((e2["response"]["elapsed_s"], e2["resolution"]["elapsed_s"]), (0, 1 * H))
        self.assertEqual(e3["response"], {"status": "met", "elapsed_s": 1 * H, "target_s": 3600})
        self.assertEqual(e3["resolution"], {"status": "running", "elapsed_s": 2 * H, "target_s": 4 * H})
        self.assertEqual(e3["paused_s"], 2 * H)
        # compliance: E1 and E2 both stopped and both met -> 2/2
        self.assertEqual(rep["slas"][0]["tickets"], 2)
        self.assertEqual(rep["slas"][0]["compliance"], 1.0)

    def test_tickets_feed_rules(self):
        # always, now Mon 16 12:00.  R: resolved with no response (responded = resolved, 30m).
        # F: responded after now -> not yet; running 2h of 1h -> breached.  X: opened after
        # now -> ignored.  D: repeated id, last row wins.  B*: bad rows skipped.
        # A: running 45m of 1h, warn 25% -> at-risk (15m <= 25% of 60m); A2 44m -> running.
        # U: unmatched priority (SLA `when` on Priority only).  O: opened before the window
        # and closed -> not in the window.  L: opened before the window, still open -> in it.
        # 3 bad rows of 13: max_rejected 25% keeps the feed ok (the gate: FeedHealth)
        conf = SCHOOL.replace("calendar = school-hours", "") + TICKETS_FEED + """max_rejected = 25%
            [sla "p"]
            when = priority ~ ^P\\d$
            respond = 1h
            resolve = 4h
            """
        s = Scenario(self, conf, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            R,2026-11-16 09:00,P1,,2026-11-16 09:30
            F,2026-11-16 10:00,P1,2026-11-16 12:30,
            X,2026-11-16 12:01,P1,,
            D,2026-11-16 09:00,P1,2026-11-16 11:00,2026-11-16 11:00
            D,2026-11-16 09:00, P2 ,2026-11-16 09:10,2026-11-16 09:20
            B1,,P1,,
            B2,2026-11-16 09:00,P1,garbage,
            ,2026-11-16 09:00,P1,,
            A,2026-11-16 11:15,P1,,
            A2,2026-11-16 11:16,P1,,
            U,2026-11-16 09:00,Critical,,
            O,2026-10-01 09:00,P1,2026-10-01 09:10,2026-10-01 09:20
            L,2026-10-01 09:00,P1,2026-10-01 09:10,
            """})
        rep = s.run("2026-11-16T12:00:00Z", "2026-11-01", "2026-11-29")
        ids = sorted(t["ticket"] for t in rep["tickets"])
        self.assertEqual(ids, ["A", "A2", "D", "F", "L", "R"])
        self.assertEqual(rep["summary"]["unmatched"], 1)
        self.assertEqual(ticket(rep, "R")["response"], {"status": "met", "elapsed_s": 1800, "target_s": 3600})
        self.assertEqual(ticket(rep, "F")["response"], {"status": "breached", "elapsed_s": 2 * H, "target_s": 3600})
        self.assertEqual(ticket(rep, "D")["resolution"]["elapsed_s"], 20 * M)
        self.assertEqual(ticket(rep, "A")["response"]["status"], "at-risk")
        self.assertEqual(ticket(rep, "A2")["response"]["status"], "running")
        self.assertEqual(ticket(rep, "L")["resolution"]["status"], "breached")
        # stopped: R (met/met), D (met/met) -> 2/2
        self.assertEqual((rep["slas"][0]["tickets"], rep["slas"][0]["met"]), (2, 2))

    def test_first_match_order(self):
        # P1 goes to "urgent" (first in file), P2 to "high", "p1" (case) to the SLA
        # without `when` of supplier acme; beta's ticket only to SLAs of beta / none.
        conf = SCHOOL.replace("calendar = school-hours", "") + """
            [supplier "beta"]
            """ + TICKETS_FEED + TICKETS_FEED.replace('"t"', '"bt"').replace(
                "t.csv", "bt.csv").replace("acme", "beta") + """
            [sla "urgent"]
            supplier = acme
            when = priority ~ ^(1|P1|Critical)$
            respond = 1h
            resolve = 4h
            [sla "high"]
            supplier = acme
            when = priority ~ P[12]
            respond = 1h
            resolve = 4h
            [sla "rest"]
            supplier = acme
            respond = 1h
            resolve = 4h
            [sla "beta-urgent"]
            supplier = beta
            when = Priority ~ P1
            respond = 1h
            resolve = 4h
            [sla "none-match"]
            when = category ~ .
            respond = 1h
            resolve = 4h
            """
        row = "%s,2026-11-16 09:00,%s,2026-11-16 09:10,2026-11-16 09:20\n"
        s = Scenario(self, conf, {
            "t.csv": "Ref,Opened,Priority,Responded,Resolved\n" + row % ("A1", "P1") + row % ("A2", "P2")
                     + row % ("A3", "p1") + row % ("A4", "Critical"),
            "bt.csv": "Ref,Opened,Priority,Responded,Resolved\n" + row % ("B1", "P1") + row % ("B2", "P2"),
        })
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29")
        got = {t["ticket"]: t["sla"] for t in rep["tickets"]}
        self.assertEqual(got, {"A1": "urgent", "A2": "high", "A3": "rest", "A4": "urgent", "B1": "beta-urgent"})
        self.assertEqual(rep["summary"]["unmatched"], 1)
        self.assertEqual([s["sla"] for s in rep["slas"]], ["urgent", "high", "rest", "beta-urgent", "none-match"])
        self.assertIsNone(rep["slas"][4]["compliance"])


class Obligations(unittest.TestCase):
    CONF = """
        [school]
        timezone = Europe/London
        [calendar "school-hours"]
        hours = Mon-Fri 08:00-16:30
        terms = 2026-09-03..2026-10-23, 2026-11-02..2026-12-18
        closed = 2026-11-09..2026-11-13, 2026-11-20
        closed_from = bh.json england-and-wales
        closed_from = hol.ics
        [supplier "acme"]
        calendar = school-hours
        onsite = 7h30m/week
        [feed "log"]
        supplier = acme
        kind = activities
        url = log.csv
        time_format = iso8601
        column.at = At
        column.hours = Hours
        column.description = Desc
        column.onsite = On Site
        column.code = Code
        """
    FILES = {
        "bh.json": '{"england-and-wales": {"division": "england-and-wales", "events": '
                   '[{"title": "x", "date": "2026-11-24", "notes": "", "bunting": true}]},'
                   ' "scotland": {"division": "scotland", "events": '
                   '[{"title": "y", "date": "2026-11-25", "notes": "", "bunting": true}]}}',
        "hol.ics": "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261126\r\n"
                   "DTEND;VALUE=DATE:20261128\r\nSUMMARY:two days\r\nEND:VEVENT\r\n"
                   "BEGIN:VEVENT\r\nDTSTART:20261130T090000Z\r\nSUMMARY:timed\r\nEND:VEVENT\r\n"
                   "END:VCALENDAR\r\n",
        "log.csv": "At,Hours,Desc,On Site,Code\n",
    }

    def scenario(self, acts, rows=""):
        files = dict(self.FILES)
        files["log.csv"] = files["log.csv"] + textwrap.dedent(rows).lstrip("\n")
        return Scenario(self, self.CONF + textwrap.dedent(acts), files)

    def test_closed_from(self):
        s = self.scenario("")
        cal = refimpl.Config(s.path).calendars["school-hours"]
        d = refimpl.parse_date
        self.assertFalse(cal.is_open_date(d("2026-11-24")))   # JSON, england-and-wales
        self.assertTrue(cal.is_open_date(d("2026-11-25")))    # only in scotland
        self.assertFalse(cal.is_open_date(d("2026-11-26")))   # ICS, DTEND exclusive
        self.assertFalse(cal.is_open_date(d("2026-11-27")))
        self.assertTrue(cal.is_open_date(d("2026-11-30")))    # timed event is no closure
        self.assertFalse(cal.is_open_date(d("2026-10-26")))   # outside terms

    def test_day_and_school_day(self):
        # window Nov 2026: 30 days.  School days: Nov weekdays 2-6, 16-19, 23, 25, 30
        # (9-13, 20 closed; 24 bank holiday; 26-27 ics) = 5 + 4 + 1 + 1 + 1 = 12
        s = self.scenario("""
            [activity "daily"]
            supplier = acme
            every = day
            evidence = (?i)logs? reviewed
            [activity "sd"]
            supplier = acme
            every = school-day
            times = 2
            grace = 1d
            evidence = (?i)\\bbackups?\\b.*\\b(checked|ok)
            """, """
            2026-11-02 00:00,,Logs reviewed,,
            2026-11-03 00:00,,Backups checked,,
            2026-11-04 00:00,,backup OK,,
            2026-11-04 23:59,,backup ok,,
            2026-11-05 12:00,,backup schedule changed,,
            2026-11-05 12:00,,,,SD
            2026-11-06 00:00,,backups ok,,
            """)
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-12-01")
        daily = periods(rep, "daily")
        self.assertEqual(len(daily), 30)
        self.assertEqual(daily[1], ("2026-11-02", "2026-11-03", "done", 1))
        self.assertEqual(daily[0], ("2026-11-01", "2026-11-02", "missed", 0))
        sd = periods(rep, "sd")
        self.assertEqual(len(sd), 12)
        # Mon 2 Nov: [2 Nov, 3 Nov + 1d): rows 3 Nov 00:00 = 1 -> missed
        # Tue 3: [3, 5): 3 Nov, 4 Nov, 4 Nov 23:59 = 3 -> done
        # Wed 4: [4, 6): 4, 4 23:59, code row 5 Nov = 3; 6 Nov 00:00 excluded (end+grace)
        # Thu 5: [5, 7): code row, 6 Nov 00:00 = 2 -> done
        # Fri 6: [6, 8): 6 Nov = 1 -> missed
        self.assertEqual(sd[:5], [("2026-11-02", "2026-11-03", "missed", 1),
                                  ("2026-11-03", "2026-11-04", "done", 3),
                                  ("2026-11-04", "2026-11-05", "done", 3),
                                  ("2026-11-05", "2026-11-06", "done", 2),
                                  ("2026-11-06", "2026-11-07", "missed", 1)])
        # last school day Mon 30 Nov: due until 2 Dec 00:00
        self.assertEqual(sd[-1], ("2026-11-30", "2026-12-01", "due", 0))

    def test_weeks_months_terms_years(self):
        s = self.scenario("""
            [activity "wk"]
            supplier = acme
            every = week
            evidence = patch
            [activity "swk"]
            supplier = acme
            every = school-week
            evidence = patch
            [activity "mon"]
            supplier = acme
            every = month
            evidence = firewall
            grace = 12h
            [activity "term"]
            supplier = acme
            every = term
            times = 2
            evidence = restore
            [activity "yr"]
            supplier = acme
            every = year
            evidence = asset
            """, """
            2026-11-08 23:59:59,,patch,,
            2026-11-09 00:00,,patch,,
            2026-10-01 11:59,,firewall,,
            2026-11-01 11:59,,firewall,,
            2026-10-23 23:00,,restore,,
            2026-10-23 23:30,,restore,,
            2026-09-01 00:00,,asset,,
            """)
        rep = s.run("2026-11-28T02:30:00Z", "2026-09-01", "2026-12-01")
        wk = periods(rep, "wk")
        # Mondays in [1 Sep, 1 Dec): 7 Sep .. 30 Nov = 13
        self.assertEqual(len(wk), 13)
        self.assertIn(("2026-11-02", "2026-11-09", "done", 1), wk)
        self.assertIn(("2026-11-09", "2026-11-16", "done", 1), wk)
        self.assertIn(("2026-11-30", "2026-12-07", "due", 0), wk)
        swk = periods(rep, "swk")
        # no open date: weeks of 26 Oct (half term) and 9 Nov (closed) -> 11
        self.assertEqual(len(swk), 11)
        self.assertNotIn("2026-11-09", [p[0] for p in swk])
        self.assertNotIn("2026-10-26", [p[0] for p in swk])
        mon = periods(rep, "mon")
        # grace 12h: the row of 1 Oct 11:59 counts for September and October, the
        # row of 1 Nov 11:59 for October and November
        self.assertEqual(mon, [("2026-09-01", "2026-10-01", "done", 1),
                               ("2026-10-01", "2026-11-01", "done", 2),
                               ("2026-11-01", "2026-12-01", "done", 1)])
        self.assertEqual(periods(rep, "term"), [("2026-09-03", "2026-10-24", "done", 2),
                                                ("2026-11-02", "2026-12-19", "due", 0)])
        self.assertEqual(periods(rep, "yr"), [("2026-09-01", "2027-09-01", "done", 1)])

    def test_hours(self):
        # contracted 7.5 h.  Week 2 Nov: 5 + 2.5 on site (+ 3 off site) = 7.5 -> ok.
        # Week 9 Nov: no open date -> not listed.  Week 16 Nov: 7.25 -> short.
        # Week 23 Nov: 1 so far, now inside it -> due.  Week 30 Nov: ends after now -> due.
        # A row after now is ignored.
        s = self.scenario("", """
            2026-11-02 09:00,5,visit,yes,
            2026-11-08 23:00,2.5,visit, TRUE ,
            2026-11-04 09:00,3,visit,no,
            2026-11-10 09:00,8,visit,1,
            2026-11-16 09:00,7.25,visit,yes,
            2026-11-23 09:00,1,visit,Yes,
            2026-11-28 09:00,9,visit,yes,
            """)
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-12-01")
        got = [(h["week"], h["delivered_h"], h["status"]) for h in rep["hours"]]
        self.assertEqual(got, [("2026-W45", 7.5, "ok"), ("2026-W47", 7.25, "short"),
                               ("2026-W48", 1, "due"), ("2026-W49", 0, "due")])
        self.assertEqual(rep["hours"][0]["contracted_h"], 7.5)


class TeamChoices(unittest.TestCase):
    """Choices where DESIGN.md is silent, as README.md records them."""

    def test_sla_without_supplier_uses_ticket_supplier_calendar(self):
        # acme: school-hours (Fri 16:00 -> Mon 09:00 = 1h30m); beta: no calendar, always (65h)
        conf = SCHOOL + """
            [supplier "beta"]
            """ + TICKETS_FEED + TICKETS_FEED.replace('"t"', '"bt"').replace(
                "t.csv", "bt.csv").replace("acme", "beta") + """
            [sla "any"]
            respond = 1h
            resolve = 100h
            """
        row = "%s,2026-11-20 16:00,P1,2026-11-23 09:00,2026-11-23 09:00\n"
        s = Scenario(self, conf, {"t.csv": "Ref,Opened,Priority,Responded,Resolved\n" + row % "A",
                                  "bt.csv": "Ref,Opened,Priority,Responded,Resolved\n" + row % "B"})
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29")
        self.assertEqual(ticket(rep, "A")["response"]["elapsed_s"], 90 * M)
        self.assertEqual(ticket(rep, "B")["response"]["elapsed_s"], 65 * H)

    def test_calendar_without_hours_is_open_all_day(self):
        conf = SCHOOL.replace("hours = Mon-Fri 08:00-16:30", "closed = 2026-11-22")
        s = Scenario(self, conf + TICKETS_FEED + SLA, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            T1,2026-11-21 12:00,P1,2026-11-23 12:00,2026-11-23 12:00
            """})
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-01", "2026-11-29")
        self.assertEqual(ticket(rep, "T1")["response"]["elapsed_s"], 24 * H)  # Sat 12h + Mon 12h

    def test_rows(self):
        # hours: empty = 0; not a decimal, negative or over 24 -> the row is bad (not evidence
        # either).  Events: an empty status is a bad row.  Headers: exact match before case.
        conf = Obligations.CONF.replace("column.description = Desc", "column.description = desc") + """
            [activity "d"]
            supplier = acme
            every = day
            evidence = ok
            """ + EVENTS_FEED + SLA + """
            [supplier "idle"]
            [activity "idle-d"]
            supplier = idle
            every = day
            evidence = ok
            """
        files = dict(Obligations.FILES)
        files["log.csv"] = ("At,Hours,Desc,On Site,Code,desc\n"
                            "2026-11-16 09:00,,x,yes,,ok\n"
                            "2026-11-16 10:00,2.5,x,yes,,ok\n"
                            "2026-11-16 11:00,abc,x,yes,,ok\n"
                            "2026-11-16 12:00,25,x,yes,,ok\n"
                            "2026-11-16 13:00,-1,x,yes,,ok\n"
                            "2026-11-16 14:00,1,x,y,,no\n")
        files["e.csv"] = ("Id,At,Status,Priority\n"
                          "E1,2026-11-16 10:00,New,P1\n"
                          "E1,2026-11-16 10:20, ,P1\n"
                          "E1,2026-11-16 10:30,Resolved,P1\n")
        s = Scenario(self, conf, files)
        rep = s.run("2026-11-28T02:30:00Z", "2026-11-16", "2026-11-17")
        self.assertEqual(periods(rep, "d"), [("2026-11-16", "2026-11-17", "done", 2)])
        self.assertEqual(periods(rep, "idle-d"), [])  # supplier without an activity feed
        self.assertEqual([(h["week"], h["delivered_h"]) for h in rep["hours"]], [("2026-W47", 2.5)])
        self.assertEqual(ticket(rep, "E1")["response"]["elapsed_s"], 30 * M)

    def test_term_without_terms_is_config_error(self):
        conf = SCHOOL + """
            [activity "t"]
            supplier = acme
            every = term
            evidence = x
            """
        s = Scenario(self, conf)
        with self.assertRaises(refimpl.ConfigError):
            s.run("2026-11-28T02:30:00Z")


class FeedHealth(unittest.TestCase):
    """The health gate (DESIGN.md "Verdicts only from data that was read")."""

    def feed(self, extra=""):
        return TICKETS_FEED + extra + """
            [sla "all"]
            supplier = acme
            respond = 1h
            resolve = 4h
            """

    def test_reject_share_exact(self):
        # 1 bad row of 50: 2% is not more than 2% -> ok; 1 of 49 is -> unreadable
        good = "".join("T%d,2026-11-16 09:00,P1,2026-11-16 09:10,2026-11-16 09:20\n" % i
                       for i in range(49))
        for n_good, want in ((49, "ok"), (48, "unreadable")):
            text = "Ref,Opened,Priority,Responded,Resolved\n" + "".join(good.splitlines(True)[:n_good]) + \
                "B,not a date,P1,,\n"
            s = Scenario(self, SCHOOL + self.feed(), {"t.csv": text})
            rep = s.run("2026-11-16T12:00:00Z")
            f = rep["feeds"][0]
            self.assertEqual((f["status"], f["quality"]["rows"], f["quality"]["rejected"]),
                             (want, n_good + 1, 1))

    def test_unreadable_feed_unknown(self):
        # bad rows over 2%: the feed is unreadable; a running ticket's clocks are
        # unknown and it is not counted, a stopped one keeps its verdict, the SLA
        # has no verdict.  Future rows are not rejects.
        s = Scenario(self, SCHOOL + self.feed(), {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            S,2026-11-16 09:00,P1,2026-11-16 09:10,2026-11-16 09:20
            R,2026-11-16 09:00,P1,2026-11-16 09:10,
            Z,2026-11-17 09:00,P1,,
            B,2026-11-16 09:00,P1,31/02/2026,2026-11-16 10:00
            """})
        rep = s.run("2026-11-16T12:00:00Z")
        self.assertEqual(rep["feeds"][0]["status"], "unreadable")
        # B stops at its bad responded cell: its resolved cell is not seen
        self.assertEqual(rep["feeds"][0]["quality"], {"rows": 4, "rejected": 1, "columns": {
            "opened": {"seen": 4, "recognised": 4},
            "responded": {"seen": 3, "recognised": 2},
            "resolved": {"seen": 1, "recognised": 1}}})
        self.assertEqual(ticket(rep, "R")["response"]["status"], "met")
        self.assertEqual(ticket(rep, "R")["resolution"]["status"], "unknown")
        self.assertEqual(ticket(rep, "S")["resolution"]["status"], "met")
        sla = rep["slas"][0]
        self.assertEqual((sla["status"], sla["tickets"], sla["met"], sla["target_missed"]),
                         ("unknown", 1, 1, False))

    def test_column_never_recognised(self):
        # every opened time fails to parse: unreadable even under max_rejected = 100%
        s = Scenario(self, SCHOOL + self.feed("max_rejected = 100%\n"), {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            A,16/11/2026 09:00,P1,,
            """})
        self.assertEqual(s.run("2026-11-16T12:00:00Z")["feeds"][0]["status"], "unreadable")

    def test_stale_from_mtime(self):
        s = Scenario(self, SCHOOL + self.feed(), {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            A,2026-11-16 09:00,P1,,
            """})
        path = os.path.join(s.dir, "t.csv")
        os.utime(path, (utc("2026-11-13T12:00:00Z"),) * 2)
        cfg = refimpl.Config(s.path)
        rep = refimpl.evaluate(cfg, utc("2026-11-16T12:00:00Z"), last_success="mtime")
        self.assertEqual(rep["feeds"][0]["status"], "stale")
        self.assertEqual(ticket(rep, "A")["response"]["status"], "unknown")
        rep = refimpl.evaluate(cfg, utc("2026-11-15T11:00:00Z"), last_success="mtime")
        self.assertEqual(rep["feeds"][0]["status"], "ok")


class Window(unittest.TestCase):
    def test_default_window(self):
        s = Scenario(self, SCHOOL + SLA)
        rep = s.run("2026-11-28T02:30:00Z")
        self.assertEqual((rep["from"], rep["to"]), ("2026-11-01", "2026-11-29"))
        # In Sydney 2026-11-27T14:00Z is already Sat 28 Nov local
        s = Scenario(self, SCHOOL.replace("Europe/London", "Australia/Sydney") + SLA)
        rep = s.run("2026-11-27T14:00:00Z")
        self.assertEqual(rep["to"], "2026-11-29")


class CommandLine(unittest.TestCase):
    def test_json_out(self):
        s = Scenario(self, SCHOOL + TICKETS_FEED + SLA, {"t.csv": """
            Ref,Opened,Priority,Responded,Resolved
            T1,2026-11-20 16:00,P1,2026-11-23 09:00,2026-11-23 10:00
            """})
        out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "refimpl.py"), "-c", s.path,
                              "--now", "2026-11-28T02:30:00Z", "--from", "2026-11-01"],
                             check=True, capture_output=True, text=True).stdout
        rep = json.loads(out)
        self.assertEqual(rep["now"], "2026-11-28T02:30:00Z")
        self.assertEqual(rep["tickets"][0]["feed"], "t")
        self.assertEqual(rep["slas"][0], {"sla": "all", "supplier": "acme", "tickets": 1, "met": 0,
                                          "breached": 1, "status": "missed",
                                          "compliance": 0.0, "target": 1.0, "target_missed": True})
        self.assertEqual([(f["feed"], f["status"]) for f in rep["feeds"]], [("t", "ok")])


if __name__ == "__main__":
    unittest.main()
