#!/usr/bin/python3
"""longticket.py OUT.csv [EVENTS] — one ticket with many status events.

Writes a ticket-events CSV (Ticket, Event Time, Status, Priority, Summary)
holding ticket LONG-1 with EVENTS events (default 200,000), one every two
minutes from Mon 7 Sep 2026 08:00 UTC, cycling through working, paused and
resolved-then-reopened statuses, and a short second ticket SHORT-1.  The
bytes are the same every time.  `make bench` times `fitsmon explain LONG-1`
on it; tests/it_explain.sh uses a small one.
"""
import sys
from datetime import datetime, timedelta, timezone

CYCLE = ["In progress", "Awaiting parts", "In progress", "On hold",
         "In progress", "Resolved", "In progress", "Awaiting customer"]


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200000
    t0 = datetime(2026, 9, 7, 8, 0, tzinfo=timezone.utc)
    step = timedelta(minutes=2)
    with open(out, "w", newline="") as f:
        f.write("Ticket,Event Time,Status,Priority,Summary\n")
        for i in range(n):
            st = "New" if i == 0 else CYCLE[(i - 1) % len(CYCLE)]
            if i == n - 1 and n > 1:
                st = "Resolved"
            at = (t0 + i * step).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write("LONG-1,%s,%s,P3,Copier keeps jamming\n" % (at, st))
        for i, st in enumerate(["New", "In progress", "Resolved"]):
            at = (t0 + i * timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
            f.write("SHORT-1,%s,%s,P2,Printer offline\n" % (at, st))


if __name__ == "__main__":
    main()
