#!/usr/bin/python3
"""Random fitsmon scenario for the differential (oracle) test.

  gen.py SEED OUTDIR

Writes OUTDIR/fitsmon.conf and the CSV feeds (plus, sometimes, a GOV.UK
bank-holidays JSON and an iCalendar file it names in closed_from) and prints
one line: the --now/--from/--to arguments to evaluate the scenario with.
The same SEED always gives the same files.

The scenario is random but valid, and leans on the edges: both DST changes of
the school's zone (Europe/London mostly, America/New_York or Australia/Sydney
sometimes), weekends, closed days and ranges, term boundaries, calendars with
1-3 ranges a day at odd minutes (Sundays open over the DST hour), pauses,
reopens, open tickets, ties in event times, tickets resolved with no
response, stamps after now, duplicate ids, bad rows, near-miss evidence,
every period kind, overlapping SLA `when`s (first match wins), an SLA with
no `when`, and priorities no SLA matches.

The feed health gate: bad rows are always generated (they are the rejects),
and a second random stream (so the rest of the scenario does not change)
picks each seed's `max_rejected`: about 45% of seeds set 100% on every feed
(all feeds ok: the verdict path), 25% keep the default 2% (most feeds with
bad rows unreadable: the unknown path), the rest mix 0%/5%/10%/100%/default
per feed; sometimes an on-site column holds one unrecognised word in every
cell (unreadable by the column rule alone).  It also sets each feed file's modification time, which `report`
without a store takes as the last good fetch: mostly within stale_after
(48 h) of now, sometimes older (stale), sometimes left as written.
"""
import csv
import json
import os
import random
import sys
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

DAY = 86400
WD = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def hm(mins):
    return "%02d:%02d" % (mins // 60, mins % 60)


class Gen:
    def __init__(self, seed, outdir):
        self.r = random.Random(seed)
        self.h = random.Random(seed * 1000003 + 13)  # health choices only
        self.seed = seed
        self.out = os.path.abspath(outdir)
        os.makedirs(self.out, exist_ok=True)

    # -- time helpers (the generator only needs plausible stamps; the text
    #    it writes is what both implementations read) --------------------
    def utc_of_wall(self, wall, zi):
        return int(wall.replace(tzinfo=zi).timestamp())  # fold=0

    def wall_of_utc(self, u, zi):
        return datetime.fromtimestamp(u, zi).replace(tzinfo=None)

    def midnight(self, d):
        return self.utc_of_wall(datetime(d.year, d.month, d.day), self.zi)

    def dst_dates(self, year):
        out = []
        prev = None
        d = date(year, 1, 1)
        while d.year == year:
            off = datetime(d.year, d.month, d.day, 12, tzinfo=self.zi).utcoffset()
            if prev is not None and off != prev:
                out.append(d)
            prev = off
            d += timedelta(days=1)
        return out

    # -- scenario -------------------------------------------------------
    def build(self):
        r = self.r
        self.tzname = r.choices(["Europe/London", "America/New_York", "Australia/Sydney"],
                                [70, 15, 15])[0]
        self.zi = ZoneInfo(self.tzname)
        self.year = r.choice([2025, 2026, 2026, 2026, 2027])
        y = self.year
        self.dst = self.dst_dates(y)
        self.from_d = date(y, 2, r.randint(8, 28))
        self.to_d = date(y, 11, r.randint(9, 30)) + timedelta(days=r.randint(0, 14))
        mode = r.random()
        if mode < 0.5:
            now_d = self.to_d - timedelta(days=1)
        elif mode < 0.78:
            now_d = self.to_d - timedelta(days=r.randint(2, 45))
        elif mode < 0.9:
            # a report on a past window: open tickets opened after --to
            # still belong to it
            now_d = self.to_d + timedelta(days=r.randint(1, 30))
        else:
            # default window: 28 days ending the day after now; put now
            # a little after the autumn change so the window crosses it
            now_d = self.dst[-1] + timedelta(days=r.randint(1, 20))
            self.to_d = now_d + timedelta(days=1)
            self.from_d = self.to_d - timedelta(days=28)
        self.default_window = mode >= 0.9
        t = r.choice([(2, 30), (2, 30), (0, 0), (23, 59), (r.randint(0, 23), r.randint(0, 59))])
        self.now = self.utc_of_wall(datetime(now_d.year, now_d.month, now_d.day, *t), self.zi)
        self.w_from = self.midnight(self.from_d)
        self.w_to = self.midnight(self.to_d)

        self.files = {}
        self.calendars = self.gen_calendars()
        self.suppliers = self.gen_suppliers()
        self.interesting = self.interesting_days()
        self.feeds = []
        for s in self.suppliers:
            self.gen_feeds(s)
        self.slas = self.gen_slas()
        self.activities = self.gen_activities()
        self.gen_activity_rows()
        self.write()

    def interesting_days(self):
        days = list(self.dst)
        for c in self.calendars:
            for a, b in c.get("terms_l", []):
                days += [a, b, b + timedelta(days=1)]
            days += c.get("closed_l", [])
        d = self.from_d
        while d < self.to_d:
            if d.weekday() in (4, 6):  # Fridays and Sundays
                if self.r.random() < 0.15:
                    days.append(d)
            d += timedelta(days=1)
        days += [self.from_d, self.to_d, self.to_d - timedelta(days=1), date(self.year, 9, 1)]
        nowd = self.wall_of_utc(self.now, self.zi).date()
        days += [nowd, nowd - timedelta(days=1)]
        return days

    # -- calendars --------------------------------------------------------
    def ranges(self, k, lo=360, hi=1170):
        r = self.r
        pts = sorted(r.sample(range(lo, hi), 2 * k))
        out = [(pts[2 * i], pts[2 * i + 1]) for i in range(k)]
        if r.random() < 0.15:
            out[0] = (0, out[0][1])
        if r.random() < 0.15:
            out[-1] = (out[-1][0], 1440)
        return out

    def overlapping_night(self):
        """Two overlapping Sunday items near the DST hour: on a spring-forward
        day their union taken in local time and the union of the converted
        ranges can differ."""
        r = self.r
        a1 = r.randint(0, 150)
        e1 = r.randint(a1 + 10, 210)
        a2 = r.randint(max(0, e1 - 50), e1)
        e2 = r.randint(a2 + 10, 270)
        return [(a1, e1), (a2, e2)]

    def gen_calendars(self):
        r = self.r
        cals = []
        for i in range(r.choice([1, 2, 2])):
            name = ["school-hours", "office", "site-b"][i]
            items = []
            if r.random() < 0.05:
                pass  # no `hours`: open all day, every day
            elif r.random() < 0.15:
                items.append("Mon-Sun 00:00-24:00")
            else:
                wk = self.ranges(r.choice([1, 2, 3]))
                if r.random() < 0.3:
                    for a, b in wk:
                        items.append("Mon-Thu %s-%s" % (hm(a), hm(b)))
                    a, b = wk[0]
                    items.append("Fri %s-%s" % (hm(a), hm(max(a + 7, b - r.randint(0, 120)))))
                else:
                    for a, b in wk:
                        items.append("Mon-Fri %s-%s" % (hm(a), hm(b)))
                if r.random() < 0.2:  # overlapping extra item
                    a = r.randint(600, 900)
                    items.append("%s %s-%s" % (r.choice(WD[:5]), hm(a), hm(a + r.randint(30, 200))))
                if r.random() < 0.3:
                    a, b = self.ranges(1, 480, 900)[0]
                    items.append("Sat %s-%s" % (hm(a), hm(b)))
                if r.random() < 0.55:  # Sunday over the DST hour
                    sun = r.choice([
                        [(0, 1440)], [(0, r.randint(61, 250))],
                        [(r.randint(30, 150), r.randint(151, 400))],
                        [(r.randint(0, 80), r.randint(81, 170)), (r.randint(171, 300), 1440)],
                        [(r.randint(50, 130), r.randint(131, 200))],
                        self.overlapping_night(),
                    ])
                    for a, b in sun:
                        items.append("Sun %s-%s" % (hm(a), hm(b)))
            r.shuffle(items)
            cal = {"name": name, "hours": ", ".join(items) or None}
            y = self.year
            if r.random() < 0.6 or (i == 0 and r.random() < 0.5):
                j = lambda: timedelta(days=r.randint(-3, 3))
                spring_end = self.dst[0] + timedelta(days=r.randint(-4, 4))
                autumn_end = self.dst[1] + timedelta(days=r.randint(-4, 4))
                terms = [
                    (date(y, 1, 5) + j(), date(y, 2, 13) + j()),
                    (date(y, 2, 23) + j(), spring_end),
                    (spring_end + timedelta(days=r.randint(8, 16)), date(y, 5, 22) + j()),
                    (date(y, 6, 1) + j(), date(y, 7, 22) + j()),
                    (date(y, 9, 3) + j(), autumn_end),
                    (autumn_end + timedelta(days=r.randint(6, 10)), date(y, 12, 18) + j()),
                ]
                terms = [(a, b) for a, b in terms if b >= a]
                cal["terms_l"] = terms
                cal["terms"] = ", ".join("%s..%s" % (a, b) for a, b in terms)
            closed = []
            for _ in range(r.randint(0, 5)):
                closed.append(r.choice(self.dst) if r.random() < 0.3 else
                              self.from_d + timedelta(days=r.randint(0, (self.to_d - self.from_d).days)))
            parts = [str(d) for d in sorted(set(closed))]
            cal["closed_l"] = list(closed)
            if r.random() < 0.5:
                a = self.from_d + timedelta(days=r.randint(0, (self.to_d - self.from_d).days))
                b = a + timedelta(days=r.randint(0, 4))
                parts.append("%s..%s" % (a, b))
                cal["closed_l"] += [a, b]
            if parts:
                cal["closed"] = ", ".join(parts)
            cal["closed_from"] = []
            if r.random() < 0.35:
                cal["closed_from"].append(self.gen_govuk(cal))
            if r.random() < 0.25:
                cal["closed_from"].append(self.gen_ics(cal))
            cals.append(cal)
        return cals

    def rand_window_day(self):
        return self.from_d + timedelta(days=self.r.randint(0, (self.to_d - self.from_d).days))

    def gen_govuk(self, cal):
        r = self.r
        fname = "bank-holidays.json"
        if fname not in self.files:
            data = {}
            for div in ["england-and-wales", "scotland", "northern-ireland"]:
                evs = sorted({self.rand_window_day() for _ in range(r.randint(2, 6))})
                data[div] = {"division": div, "events": [
                    {"title": "Holiday \u2019%d" % i, "date": str(d), "notes": "", "bunting": True}
                    for i, d in enumerate(evs)]}
            self.files[fname] = json.dumps(data, indent=2, ensure_ascii=False)
            self.govuk = data
        div = r.choice(["england-and-wales", "scotland"])
        for ev in self.govuk[div]["events"]:
            cal["closed_l"].append(date.fromisoformat(ev["date"]))
        path = fname if r.random() < 0.6 else os.path.join(self.out, fname)
        return "%s %s" % (path, div)

    def gen_ics(self, cal):
        r = self.r
        fname = "holidays-%s.ics" % cal["name"]
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//fitsmon oracle//EN"]
        for i in range(r.randint(1, 4)):
            a = self.rand_window_day() if r.random() < 0.7 else r.choice(self.dst)
            lines += ["BEGIN:VEVENT", "UID:ev%d@oracle" % i,
                      "DTSTART;VALUE=DATE:%s" % a.strftime("%Y%m%d")]
            if r.random() < 0.7:
                b = a + timedelta(days=r.randint(1, 5))
                lines.append("DTEND;VALUE=DATE:%s" % b.strftime("%Y%m%d"))
                cal["closed_l"] += [a, b - timedelta(days=1)]
            else:
                cal["closed_l"].append(a)
            lines += ["SUMMARY:Holiday %d" % i, "END:VEVENT"]
        if r.random() < 0.5:  # a timed event: not a closure
            a = self.rand_window_day()
            lines += ["BEGIN:VEVENT", "UID:timed@oracle",
                      "DTSTART:%sT090000Z" % a.strftime("%Y%m%d"),
                      "DTEND:%sT100000Z" % a.strftime("%Y%m%d"),
                      "SUMMARY:Staff meeting", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        eol = "\r\n" if r.random() < 0.5 else "\n"
        self.files[fname] = eol.join(lines) + eol
        return fname

    # -- suppliers --------------------------------------------------------
    def gen_suppliers(self):
        r = self.r
        sups = []
        for i in range(r.choice([1, 1, 2])):
            s = {"id": ["acme", "beta"][i], "name": ["Acme Schools ICT Ltd", "Beta IT"][i]}
            if r.random() < 0.75:
                s["onsite"] = r.choice(["8h/week", "7h30m/week", "7.5h/week", "3h/week", "12h/week", "2.25h/week"])
            if r.random() < 0.6:
                s["calendar"] = r.choice(self.calendars)["name"]
            sups.append(s)
        return sups

    # -- stamps -----------------------------------------------------------
    def pick_format(self):
        r = self.r
        return r.choice([
            ("iso8601", "%Y-%m-%dT%H:%M:%S"), ("iso8601", "%Y-%m-%d %H:%M"),
            ("iso8601", "Z"), ("iso8601", "offset"), ("iso8601", "Zfrac"), ("iso8601", "offset4"),
            ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M"), ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S"),
            ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M"),
        ])

    def render(self, feed, st):
        """Stamp st = (utc, wall or None) as the feed writes it."""
        u, wall = st
        kind = feed["render"]
        if kind == "Z":
            return datetime.fromtimestamp(u, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if kind == "Zfrac":  # a fraction of a second, dropped
            return datetime.fromtimestamp(u, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S") + \
                ".%03dZ" % ((u * 7) % 1000)
        if kind in ("offset", "offset4"):
            d = datetime.fromtimestamp(u, feed["zi"])
            off = int(d.utcoffset().total_seconds()) // 60
            return d.strftime("%Y-%m-%dT%H:%M:%S") + ("%s%02d:%02d" if kind == "offset" else "%s%02d%02d") % (
                "-" if off < 0 else "+", abs(off) // 60, abs(off) % 60)
        if wall is None or feed["zi"] is not self.zi:
            wall = self.wall_of_utc(u, feed["zi"])
        return wall.strftime(kind)

    def near_interesting(self, before=36 * 3600, after=12 * 3600):
        r = self.r
        d = r.choice(self.interesting)
        base = self.midnight(d)
        if r.random() < 0.3 and d in self.dst:
            # a wall time in or next to the DST hour
            wall = datetime(d.year, d.month, d.day, r.choice([0, 1, 1, 2, 2, 3]), r.randint(0, 59))
            return (self.utc_of_wall(wall, self.zi), wall)
        return (base + r.randint(-before, after) // 60 * 60 + r.choice([0, 0, r.randint(0, 59)]), None)

    def stamp_in(self, lo, hi):
        return (self.r.randint(lo, hi) // 60 * 60 + self.r.choice([0, 0, self.r.randint(0, 59)]), None)

    def opened_stamp(self):
        r = self.r
        x = r.random()
        if x < 0.45:
            return self.near_interesting()
        if x < 0.55:
            return self.stamp_in(self.now - 3 * DAY, self.now)
        return self.stamp_in(self.w_from - 20 * DAY, min(self.now, self.w_to + 5 * DAY))

    def gap(self):
        r = self.r
        x = r.random()
        if x < 0.12:
            return 0
        if x < 0.45:
            return r.randint(1, 45) * 60 + r.choice([0, r.randint(0, 59)])
        if x < 0.75:
            return r.randint(45, 300) * 60
        return r.randint(300, 6 * 1440) * 60

    # -- feeds ------------------------------------------------------------
    def new_feed(self, sup, kind, name):
        r = self.r
        tf, render = self.pick_format()
        f = {"name": name, "supplier": sup["id"], "kind": kind, "time_format": tf,
             "render": render, "zi": self.zi, "extra": {}}
        if r.random() < 0.2:
            other = r.choice(["UTC", "Europe/London", "America/New_York", "Australia/Sydney"])
            f["timezone"] = other
            f["zi"] = ZoneInfo(other) if other != self.tzname else self.zi
        fname = "%s.csv" % name
        f["file"] = fname
        f["url"] = fname if r.random() < 0.6 else "file://" + os.path.join(self.out, fname)
        return f

    def gen_feeds(self, sup):
        r = self.r
        kinds = []
        if r.random() < 0.75:
            kinds.append("tickets")
        if r.random() < 0.6 or not kinds:
            kinds.append("ticket-events")
        for k in kinds:
            f = self.new_feed(sup, k, "%s-%s" % (sup["id"], "tickets" if k == "tickets" else "events"))
            (self.gen_tickets if k == "tickets" else self.gen_events)(f)
            self.feeds.append(f)
        if r.random() < 0.9:
            f = self.new_feed(sup, "activities", "%s-log" % sup["id"])
            f["rows"] = []
            self.feeds.append(f)

    PRIOS = [("P1", 10), ("1", 4), ("Critical", 4), ("P2", 10), ("P3", 10), ("Low", 6),
             ("low", 3), (" P2 ", 3), ("p1", 2), ("P9", 4), ("Project", 3), ("", 2)]
    SUMMARIES = ["Printer jammed in staff room", "Server down", "Cannot log in", "Projector flickers",
                 "Backup failed", "Wi-Fi slow in Year 4", "printer out of toner", "Email bounce",
                 "New starter account", "Interactive whiteboard, pen lost"]

    def prio(self):
        ps, ws = zip(*self.PRIOS)
        return self.r.choices(ps, ws)[0]

    def gen_tickets(self, f):
        r = self.r
        prefix = "INC%s" % f["supplier"][0].upper()
        f["header"] = ["Ticket Ref", "Logged", "Priority", "First Response", "Resolved", "Closed",
                       "Status", "Summary", "Site"]
        f["columns"] = {"id": "Ticket Ref", "opened": "Logged", "priority": "Priority",
                        "responded": "First Response", "status": "Status", "summary": "Summary"}
        if r.random() < 0.2:
            f["columns"]["closed"] = "Closed"
        else:
            f["columns"]["resolved"] = "Resolved"
            if r.random() < 0.3:
                f["columns"]["closed"] = "Closed"
        rows = []
        n = r.randint(20, 55)
        for i in range(n):
            tid = "%s%04d" % (prefix, 1000 + i)
            opened = self.opened_stamp()
            x = r.random()
            resp = res = None
            if x < 0.08:
                res = (opened[0] + self.gap() + 60, None)          # resolved, no response
            else:
                if r.random() < 0.85:
                    g = self.gap() if r.random() > 0.05 else -r.randint(1, 90) * 60
                    resp = (opened[0] + g, None)
                if r.random() < 0.7:
                    base = resp[0] if resp and r.random() < 0.9 else opened[0]
                    res = (base + self.gap() + (r.randint(-30, -1) * 60 if r.random() < 0.05 else 0), None)
            closed = (res[0] + r.randint(0, 3 * DAY), None) if res and r.random() < 0.6 else None
            row = {"Ticket Ref": tid, "Logged": self.render(f, opened), "Priority": self.prio(),
                   "First Response": self.render(f, resp) if resp else "",
                   "Resolved": self.render(f, res) if res else "",
                   "Closed": self.render(f, closed) if closed else "",
                   "Status": r.choice(["Open", "Resolved", "Closed", "On Hold"]),
                   "Summary": r.choice(self.SUMMARIES),
                   "Site": r.choice(["North", "South", ""])}
            rows.append(row)
            if r.random() < 0.08:  # a later row for the same id wins
                row2 = dict(row)
                row2["Priority"] = self.prio()
                if r.random() < 0.5:
                    row2["Resolved"] = self.render(f, (opened[0] + self.gap() + 600, None))
                rows.append(row2)
        for _ in range(r.randint(0, 3)):  # opened after now
            st = (self.now + r.randint(60, 5 * DAY), None)
            rows.append({"Ticket Ref": "%s9%03d" % (prefix, r.randint(0, 999)), "Logged": self.render(f, st),
                         "Priority": "P1", "First Response": "", "Resolved": "", "Closed": "",
                         "Status": "Open", "Summary": "future", "Site": ""})
        for j in range(r.randint(0, 3)):  # bad rows
            bad = {"Ticket Ref": "%sBAD%d" % (prefix, j), "Logged": self.render(f, self.opened_stamp()),
                   "Priority": "P1", "First Response": "", "Resolved": "", "Closed": "",
                   "Status": "Open", "Summary": "bad", "Site": ""}
            k = r.randint(0, 3)
            if k == 0:
                bad["Ticket Ref"] = ""
            elif k == 1:
                bad["Logged"] = ""
            elif k == 2:
                bad["Logged"] = "not a date"
            else:
                bad["First Response"] = "31/02/%d 10:00" % self.year
            rows.insert(r.randint(0, len(rows)), bad)
        for _ in range(r.randint(0, 2)):
            # a later row for an existing id that is bad, or opened after
            # now: ignored, so the earlier row stands
            good = r.choice(rows[:n])
            later = dict(good)
            if r.random() < 0.5:
                later["Logged"] = "garbage"
            else:
                later["Logged"] = self.render(f, (self.now + r.randint(60, DAY), None))
            later["Priority"] = "P9"
            rows.append(later)
        f["rows"] = rows

    STATUS_NEXT = {
        "new": ["assigned", "in progress", "on hold", "resolved", "awaiting customer"],
        "logged": ["assigned", "in progress", "resolved"],
        "assigned": ["in progress", "on hold", "resolved", "awaiting customer"],
        "in progress": ["on hold", "awaiting customer", "resolved", "resolved", "assigned"],
        "on hold": ["in progress", "resolved", "awaiting customer"],
        "awaiting customer": ["in progress", "resolved", "closed"],
        "resolved": ["closed", "in progress", "reopened", None, None],
        "closed": ["reopened", None, None, None],
        "done": ["in progress", None],
        "reopened": ["in progress", "resolved", "on hold"],
    }

    def spell(self, s):
        r = self.r
        x = r.random()
        if x < 0.7:
            return s.title() if s != "in progress" else "In Progress"
        if x < 0.8:
            return s.upper()
        if x < 0.9:
            return " %s " % s
        return s

    def gen_events(self, f):
        r = self.r
        prefix = "EV%s" % f["supplier"][0].upper()
        f["header"] = ["Case", "When", "State", "Priority", "Summary", "Logged"]
        f["columns"] = {"id": "Case", "at": "When", "status": "State", "priority": "Priority",
                        "summary": "Summary"}
        opened_mapped = r.random() < 0.3
        if opened_mapped:
            f["columns"]["opened"] = "Logged"
        custom_new = r.random() < 0.3
        if custom_new:
            f["extra"]["new_status"] = "New, Logged"
        custom_res = r.random() < 0.3
        if custom_res:
            f["extra"]["resolved_status"] = "Resolved, Closed, Done"
        if r.random() < 0.8:
            f["extra"]["pause_status"] = r.choice(["On Hold, Awaiting Customer", "on hold"])
        rows = []
        n = r.randint(15, 45)
        for i in range(n):
            tid = "%s%04d" % (prefix, 2000 + i)
            t = self.opened_stamp()
            st = r.choice(["new", "new", "new", "logged" if custom_new else "new", "assigned"])
            prio = self.prio()
            summ = r.choice(self.SUMMARIES)
            evs = []
            wall = t[1]
            u = t[0]
            for k in range(r.randint(1, 8)):
                evs.append({"u": u, "wall": wall, "st": st, "prio": prio, "summ": summ})
                nxt = self.STATUS_NEXT[st]
                st = r.choice(nxt)
                if st is None:
                    break
                if st == "done" and not custom_res:
                    st = "resolved"
                if st == "resolved" and custom_res and r.random() < 0.3:
                    st = "done"
                u = u + self.gap()
                wall = None
                if r.random() < 0.1:
                    prio = self.prio()
            if evs and r.random() < 0.05:
                evs[-1]["prio"] = ""  # latest event carries no priority
            if opened_mapped:
                op = (t[0] - r.choice([0, 0, r.randint(1, 300) * 60]), None)
                which = 0 if r.random() < 0.7 else min(1, len(evs) - 1)
                for k, e in enumerate(evs):
                    e["opened"] = self.render(f, op) if (k == which or (r.random() < 0.3 and k > which)) else ""
            for e in evs:
                rows.append({"Case": tid, "When": self.render(f, (e["u"], e["wall"])),
                             "State": self.spell(e["st"]), "Priority": e["prio"],
                             "Summary": e["summ"], "Logged": e.get("opened", "")})
        # file order: by ticket, by time, or a partial shuffle
        x = r.random()
        if x < 0.3:
            pass
        elif x < 0.6:
            r.shuffle(rows)
        else:
            for _ in range(len(rows) // 4):
                a, b = r.randrange(len(rows)), r.randrange(len(rows))
                rows[a], rows[b] = rows[b], rows[a]
        for j in range(r.randint(0, 3)):
            bad = {"Case": "%s%04d" % (prefix, 2000 + r.randint(0, n - 1)), "When": "garbage",
                   "State": "Resolved", "Priority": "P1", "Summary": "bad", "Logged": ""}
            x = r.random()
            if x < 0.4:
                bad["Case"], bad["When"] = "", self.render(f, self.opened_stamp())
            elif x < 0.7:  # an empty status is a bad row
                bad["When"], bad["State"] = self.render(f, self.opened_stamp()), " "
            rows.insert(r.randint(0, len(rows)), bad)
        f["rows"] = rows

    # -- SLAs -------------------------------------------------------------
    def gen_slas(self):
        r = self.r
        sups = [s["id"] for s in self.suppliers]
        a = sups[0]
        cal = lambda: r.choice(self.calendars)["name"] if r.random() < 0.5 else None
        slas = [
            {"name": "urgent", "supplier": a, "when": r"priority ~ ^(1|P1|Critical)$",
             "respond": r.choice(["30m", "1h", "1h30m"]), "resolve": r.choice(["4h", "6h", "3h45m"]),
             "target": r.choice(["95%", "90%", None]), "warn": r.choice(["25%", None, "10%"]),
             "calendar": cal()},
            {"name": "high", "supplier": r.choice([a, None]), "when": r"priority ~ P[12]",
             "respond": r.choice(["2h", "4h"]), "resolve": r.choice(["8h", "16h", "1h"]),
             "target": r.choice(["90%", "0.9", "87.5%"]), "warn": r.choice(["25%", "50%"]),
             "calendar": cal()},
            {"name": "normal", "supplier": a, "when": r"priority ~ (?i)^(p3|low)$",
             "respond": r.choice(["4h", "8h"]), "resolve": r.choice(["40h", "24h", "100h"]),
             "target": r.choice(["80%", "100%", "75%"]), "warn": None, "calendar": cal()},
        ]
        if r.random() < 0.5:  # overlaps the others; placed first it wins
            pr = {"name": "printers", "supplier": a, "when": r"summary ~ (?i)printer",
                  "respond": "3h", "resolve": "20h", "target": "85%", "warn": "20%", "calendar": cal()}
            slas.insert(r.choice([0, len(slas)]), pr)
        if r.random() < 0.3:  # unmapped field reads as empty: never matches
            slas.insert(1, {"name": "north", "supplier": a, "when": r"category ~ North",
                            "respond": "1h", "resolve": "2h", "target": "100%", "warn": None,
                            "calendar": cal()})
        if len(sups) > 1:
            slas.append({"name": "beta-all", "supplier": sups[1], "when": None,
                         "respond": "2h", "resolve": "12h", "target": "90%", "warn": None,
                         "calendar": cal()})
        elif r.random() < 0.4:
            slas.append({"name": "catch-all", "supplier": a, "when": None,
                         "respond": "8h", "resolve": "60h", "target": "50%", "warn": None,
                         "calendar": cal()})
        return slas

    # -- activities -------------------------------------------------------
    ACTS = [
        ("o-backup-check", "school-day", r"(?i)\bbackups?\b.*\b(checked|verified|ok|success)",
         ["Backups checked OK", "backup verified", "Backup job success", "checked backup tapes"],
         ["backup schedule changed", "Backup failed - investigating", "backups", "restore requested"]),
        ("o-log-review", "day", r"(?i)\blogs? reviewed",
         ["Logs reviewed", "event log reviewed, nothing found"], ["reviewed blog", "log rotation fixed"]),
        ("o-patching", "week", r"(?i)patch(es|ing)? (applied|installed)",
         ["Patches applied to servers", "patching installed on laptops"], ["patch Tuesday postponed", "patches pending"]),
        ("o-av-scan", "school-week", r"(?i)^antivirus|\bAV scan\b",
         ["Antivirus definitions checked", "Weekly AV scan completed"], ["antivirus", "scan of documents"]),
        ("o-firewall-review", "month", r"(?i)firewall rules? reviewed",
         ["Firewall rules reviewed", "firewall rule reviewed with DSL"], ["firewall rebooted"]),
        ("o-dr-test", "term", r"(?i)restore test(ed)?",
         ["Restore tested from offsite copy", "restore test OK"], ["restore requested by office"]),
        ("o-asset-audit", "year", r"(?i)asset (register|audit)",
         ["Asset register updated", "asset audit done"], ["assets moved"]),
    ]

    def gen_activities(self):
        r = self.r
        acts = []
        term_cals = [c["name"] for c in self.calendars if "terms_l" in c]
        for aid, every, rx, good, bad in self.ACTS:
            if r.random() < 0.15:
                continue
            sup = r.choice(self.suppliers)["id"]
            a = {"name": aid, "supplier": sup, "every": every, "evidence": rx, "good": good, "bad": bad,
                 "times": r.choice([1, 1, 1, 2, 3]) if every not in ("day", "school-day") else r.choice([1, 1, 2]),
                 "grace": r.choice(["0m", "12h", "1d", "2d", "1d12h", "6h30m", None]),
                 "severity": r.choice(["red", "amber", None]), "calendar": None}
            if every == "term":
                if not term_cals:
                    continue
                a["calendar"] = r.choice(term_cals)
            elif r.random() < 0.4:
                a["calendar"] = r.choice(self.calendars)["name"]
            acts.append(a)
        return acts

    def gen_activity_rows(self):
        r = self.r
        logs = {f["supplier"]: f for f in self.feeds if f["kind"] == "activities"}
        for f in logs.values():
            f["header"] = ["Start", "Hours", "Work Done", "On Site", "Code"]
            f["columns"] = {"at": "Start", "hours": "Hours", "description": "Work Done"}
            if r.random() < 0.8:
                f["columns"]["onsite"] = "On Site"
            if r.random() < 0.6:
                f["columns"]["code"] = "Code"
        # on-site visits
        for f in logs.values():
            d = self.from_d - timedelta(days=3)
            while d < self.to_d + timedelta(days=3):
                for _ in range(r.choice([0, 1, 1, 2, 3])):
                    dd = d + timedelta(days=r.choice([0, 1, 2, 3, 4, 4, 6]))
                    wall = datetime(dd.year, dd.month, dd.day, r.choice([0, 8, 9, 13, 23]), r.randint(0, 59))
                    u = self.utc_of_wall(wall, self.zi)
                    f["rows"].append({"Start": self.render(f, (u, wall)),
                                      "Hours": r.choice(["0.5", "1", "1.25", "2.5", "3", "3.75", "4", "7.5", "8", "", "2.50"]),
                                      "Work Done": r.choice(["Site visit", "Fixed printers", "Staff training", "backup schedule changed"]),
                                      "On Site": r.choice(["yes", "Yes ", "TRUE", "1", "no", "0", "false", "", "y"]),
                                      "Code": ""})
                d += timedelta(days=7)
        # evidence around period boundaries
        for a in self.activities:
            f = logs.get(a["supplier"])
            if f is None:
                continue
            grace = {"0m": 0, "12h": 12 * 3600, "1d": DAY, "2d": 2 * DAY, "1d12h": 36 * 3600,
                     "6h30m": 6 * 3600 + 1800, None: 0}[a["grace"]]
            for ps, pe in self.approx_periods(a):
                if r.random() < 0.2:
                    continue
                s_u, e_u = self.midnight(ps), self.midnight(pe)
                for _ in range(r.choice([0, 1, 1, 2, 3])):
                    x = r.random()
                    if x < 0.15:
                        u = s_u
                    elif x < 0.25:
                        u = s_u - 60
                    elif x < 0.35:
                        u = e_u + grace - r.choice([0, 60])
                    elif x < 0.45:
                        u = e_u - 60
                    elif x < 0.55 and grace:
                        u = e_u + r.randint(0, grace - 1) // 60 * 60
                    else:
                        u = r.randint(s_u, e_u - 1) // 60 * 60
                    desc = r.choice(a["good"]) if r.random() < 0.75 else r.choice(a["bad"])
                    code = ""
                    if "code" in f["columns"] and r.random() < 0.25:
                        code = r.choice([a["name"], a["name"].upper(), " %s " % a["name"], "other"])
                        if r.random() < 0.5:
                            desc = "visit"
                    f["rows"].append({"Start": self.render(f, (u, None)), "Hours": r.choice(["", "0.25", "1"]),
                                      "Work Done": desc, "On Site": r.choice(["no", "yes", ""]), "Code": code})
        for f in logs.values():
            for _ in range(r.randint(0, 2)):  # bad hours: the whole row is bad
                u = self.stamp_in(self.w_from, self.now)
                f["rows"].append({"Start": self.render(f, u), "Hours": r.choice(["abc", "25", "-1", "1,5"]),
                                  "Work Done": r.choice(["Backups checked", "Logs reviewed"]),
                                  "On Site": "yes", "Code": ""})
            for _ in range(r.randint(0, 3)):
                f["rows"].append({"Start": r.choice(["", "tomorrow", "2026-13-40 10:00"]), "Hours": "5",
                                  "Work Done": "Backups checked", "On Site": "yes", "Code": ""})
            f["rows"].append({"Start": self.render(f, (self.now + 3600, None)), "Hours": "8",
                              "Work Done": "Backups checked", "On Site": "yes", "Code": ""})
            r.shuffle(f["rows"])

    def approx_periods(self, a):
        """Period (start, end) dates near the window; the generator only
        aims rows at boundaries, it need not agree with the evaluator."""
        e = a["every"]
        out = []
        d = self.from_d - timedelta(days=2)
        end = self.to_d + timedelta(days=2)
        while d < end:
            if e in ("day", "school-day"):
                out.append((d, d + timedelta(days=1)))
            elif e in ("week", "school-week") and d.weekday() == 0:
                out.append((d, d + timedelta(days=7)))
            elif e == "month" and d.day == 1:
                out.append((d, date(d.year + (d.month == 12), d.month % 12 + 1, 1)))
            elif e == "year" and (d.month, d.day) == (9, 1):
                out.append((d, date(d.year + 1, 9, 1)))
            d += timedelta(days=1)
        if e == "term":
            cal = next(c for c in self.calendars if c["name"] == a["calendar"])
            out = [(x, y + timedelta(days=1)) for x, y in cal["terms_l"]]
        return out

    # -- writing ----------------------------------------------------------
    def kv(self, lines, key, value):
        r = self.r
        if value is None:
            return
        if r.random() < 0.08:
            key = key.upper() if r.random() < 0.5 else key.capitalize()
        sep = r.choice([" = ", "=", "  =  ", "\t= "])
        tail = ""
        if r.random() < 0.1:
            tail = r.choice(["  ; note", "\t; why not", " ;"])
        lines.append("%s%s%s%s" % (key, sep, value, tail))

    def write(self):
        r = self.r
        L = ["; fitsmon oracle scenario, seed %d" % self.seed, "# generated by tests/oracle/gen.py", ""]
        L.append("[school]")
        self.kv(L, "name", "Oracle School %d" % self.seed)
        if self.tzname != "Europe/London" or r.random() < 0.7:
            self.kv(L, "timezone", self.tzname)
        self.kv(L, "contact", "Jane Smith <bursar@example.org>")
        L += ["", "[store]", "path = fitsmon.db", ""]
        for c in self.calendars:
            L.append('[calendar "%s"]' % c["name"])
            self.kv(L, "hours", c["hours"])
            self.kv(L, "terms", c.get("terms"))
            self.kv(L, "closed", c.get("closed"))
            for v in c["closed_from"]:
                L.append("closed_from = %s" % v)
            L.append("")
        for s in self.suppliers:
            L.append('[supplier "%s"]' % s["id"])
            self.kv(L, "name", s["name"])
            self.kv(L, "onsite", s.get("onsite"))
            self.kv(L, "calendar", s.get("calendar"))
            L.append("")
        h = self.h
        gate = h.random()
        for f in self.feeds:
            L.append('[feed "%s"]' % f["name"])
            if gate < 0.45:
                f["max_rejected"] = "100%"
            elif gate >= 0.7:
                f["max_rejected"] = h.choice([None, "0%", "5%", "10%", "100%"])
            if f.get("max_rejected"):
                L.append("max_rejected = %s" % f["max_rejected"])
            if r.random() < 0.3:
                L.append("; exported nightly")
            self.kv(L, "supplier", f["supplier"])
            self.kv(L, "kind", f["kind"])
            self.kv(L, "url", f["url"])
            self.kv(L, "time_format", f["time_format"])
            self.kv(L, "timezone", f.get("timezone"))
            for k, v in f["columns"].items():
                self.kv(L, "column.%s" % k, v)
            for k, v in f["extra"].items():
                self.kv(L, k, v)
            L.append("")
            if f["kind"] == "activities" and "onsite" in f["columns"] and h.random() < 0.15:
                # an on-site column recognised in none of its cells: the feed
                # is unreadable whatever max_rejected says (no row is rejected)
                col = f["columns"]["onsite"]
                word = h.choice(["maybe", "on site", "Y", "N/A"])
                for row in f["rows"]:
                    if row.get(col, "").strip():
                        row[col] = word
            with open(os.path.join(self.out, f["file"]), "w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh, lineterminator=r.choice(["\r\n", "\n"]))
                w.writerow(f["header"])
                for row in f["rows"]:
                    w.writerow([row.get(c, "") for c in f["header"]])
            x = h.random()
            if x < 0.8:
                back = h.randint(0, 40 * 3600) if x < 0.6 else h.randint(49 * 3600, 10 * DAY)
                t = self.now - back
                os.utime(os.path.join(self.out, f["file"]), (t, t))
        for s in self.slas:
            L.append('[sla "%s"]' % s["name"])
            self.kv(L, "supplier", s["supplier"])
            self.kv(L, "when", s["when"])
            self.kv(L, "calendar", s["calendar"])
            self.kv(L, "respond", s["respond"])
            self.kv(L, "resolve", s["resolve"])
            self.kv(L, "target", s["target"])
            self.kv(L, "warn", s["warn"])
            L.append("")
        for a in self.activities:
            L.append('[activity "%s"]' % a["name"])
            self.kv(L, "supplier", a["supplier"])
            self.kv(L, "every", a["every"])
            self.kv(L, "times", str(a["times"]) if a["times"] != 1 or r.random() < 0.5 else None)
            self.kv(L, "grace", a["grace"])
            self.kv(L, "evidence", a["evidence"])
            self.kv(L, "severity", a["severity"])
            self.kv(L, "calendar", a["calendar"])
            L.append("")
        with open(os.path.join(self.out, "fitsmon.conf"), "w", encoding="utf-8") as fh:
            fh.write("\n".join(L))
        for name, text in self.files.items():
            with open(os.path.join(self.out, name), "w", newline="", encoding="utf-8") as fh:
                fh.write(text)

    def args(self):
        now = datetime.fromtimestamp(self.now, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if self.default_window:
            return "--now %s" % now
        return "--now %s --from %s --to %s" % (now, self.from_d, self.to_d)


def main():
    if len(sys.argv) != 3:
        print("usage: gen.py SEED OUTDIR", file=sys.stderr)
        return 64
    g = Gen(int(sys.argv[1]), sys.argv[2])
    g.build()
    print(g.args())
    return 0


if __name__ == "__main__":
    sys.exit(main())
