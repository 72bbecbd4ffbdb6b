#!/bin/bash
# The per-ticket summaries of an events feed (ticket_last) and where each
# event sits (ticket_events.t0), on the UCI ServiceNow log: 141,712 events
# of 24,918 incidents, more tickets than an ingest keeps summaries for in
# memory at once (16,384), so they are written out part way through.
# After a first ingest, a second of the same file, and a third of the file
# with every tenth event left out and its rows in another order, every
# ticket's summary must be what its stored events say:
#   events       the number of its events
#   last_at      the latest event time; last_status that event's status,
#                or empty when two events share that time
#   max_opened   the latest `opened` value
#   first_at     the time of the first of its events taken in (lowest seq)
#   t0           of each of its events: first_at
# and nothing is lost between the ingests.
. "$(dirname "$0")/itlib.sh" ticket-last

need_testdata
gz=$testdata/uci_incident_event_log/incident_event_log.csv.gz
if [ ! -r "$gz" ]; then
	bad "$gz is missing (FITSMON_TESTDATA, default ../shared/data beside the tree)"
	finish
fi
gzip -dc "$gz" >"$tmp/log.csv"
sed "s|^url .*|url = $tmp/log.csv|" feeds/examples/uci-servicenow.conf >"$tmp/uci.conf"
printf '\n[store]\npath = %s/fitsmon.db\nspool = %s/spool\n' "$tmp" "$tmp" >>"$tmp/uci.conf"
fm() { "$FITSMON" -c "$tmp/uci.conf" --now 2017-03-01T00:00:00Z -q "$@"; }
q() { fm sql --format csv "$1" | tail -n +2 | tr -d '\r'; }

# tickets whose summary disagrees with their events, by any of the rules
violations() {
	q "WITH r AS (SELECT feed, id, at, status, opened, t0,
	                     first_value(at) OVER (PARTITION BY feed, id ORDER BY seq) AS seen,
	                     max(at) OVER (PARTITION BY feed, id) AS latest
	              FROM ticket_events),
	        e AS (SELECT feed, id, count(*) AS n, max(at) AS last_at, max(opened) AS mo,
	                     min(t0) AS t0_lo, max(t0) AS t0_hi, min(seen) AS seen,
	                     sum(at = latest) AS at_latest,
	                     max(CASE WHEN at = latest THEN status END) AS status
	              FROM r GROUP BY feed, id)
	   SELECT count(*) AS n FROM e JOIN ticket_last l USING (feed, id)
	   WHERE l.events <> e.n OR l.last_at <> e.last_at OR l.max_opened IS NOT e.mo
	      OR e.t0_lo <> l.first_at OR e.t0_hi <> l.first_at OR l.first_at <> e.seen
	      OR l.last_status IS NOT (CASE WHEN e.at_latest = 1 THEN e.status END)"
	q "SELECT (SELECT count(*) FROM ticket_last) -
	          (SELECT count(*) FROM (SELECT DISTINCT feed, id FROM ticket_events)) AS d"
}

fm ingest uci-incidents "$tmp/log.csv" 2>"$tmp/err" && ok || bad "first ingest: $(cat "$tmp/err")"
n=$(q "SELECT count(*) FROM ticket_last")
[ "$n" = 24918 ] && ok || bad "first ingest: $n summaries, not 24918"
[ "$(q 'SELECT count(*) FROM ticket_events')" = 141712 ] && ok || bad "first ingest: events"
[ "$(violations | tr '\n' ' ')" = "0 0 " ] && ok || bad "first ingest: summaries: $(violations)"
# tickets that share their latest time between two events, and tickets
# whose first event taken in is not their earliest: both cases occur
ties=$(q "SELECT count(*) FROM ticket_last WHERE last_status IS NULL")
[ "$ties" -gt 0 ] && ok || bad "no ticket with a tie at its latest time: the test proves less"

fm ingest uci-incidents "$tmp/log.csv" 2>"$tmp/err" && ok || bad "second ingest: $(cat "$tmp/err")"
[ "$(q 'SELECT count(*) FROM ticket_events')" = 141712 ] && ok || bad "second ingest added events"
[ "$(violations | tr '\n' ' ')" = "0 0 " ] && ok || bad "second ingest: $(violations)"
sum1=$(q "SELECT feed, id, first_at, events, last_at, last_status, max_opened FROM ticket_last
          ORDER BY feed, id" | sha256sum)

# every tenth event left out, the rest in reverse order: a whole reading
# in which every event is known already
{ head -n 1 "$tmp/log.csv"; tail -n +2 "$tmp/log.csv" | awk 'NR % 10' | tac; } >"$tmp/other.csv"
fm ingest uci-incidents "$tmp/other.csv" 2>"$tmp/err" && ok || bad "third ingest: $(cat "$tmp/err")"
[ "$(q 'SELECT count(*) FROM ticket_events')" = 141712 ] && ok || bad "third ingest changed events"
[ "$(violations | tr '\n' ' ')" = "0 0 " ] && ok || bad "third ingest: $(violations)"
sum3=$(q "SELECT feed, id, first_at, events, last_at, last_status, max_opened FROM ticket_last
          ORDER BY feed, id" | sha256sum)
[ "$sum1" = "$sum3" ] && ok || bad "known events changed the summaries"

# a fresh store from the reversed file: first events are others now, and
# the summaries and t0 follow them
rm -f "$tmp"/fitsmon.db*
fm ingest uci-incidents "$tmp/other.csv" 2>"$tmp/err" && ok || bad "reversed ingest: $(cat "$tmp/err")"
[ "$(violations | tr '\n' ' ')" = "0 0 " ] && ok || bad "reversed ingest: $(violations)"
later=$(q "SELECT count(*) FROM ticket_last l JOIN (SELECT feed, id, min(at) AS lo
           FROM ticket_events GROUP BY feed, id) m USING (feed, id) WHERE l.first_at > m.lo")
[ "$later" -gt 0 ] && ok || bad "no ticket whose first event taken in is not its earliest"

# what the store reads back: one ticket explained, by its place (t0)
fm explain INC0000047 >"$tmp/explain" 2>"$tmp/err" && ok || bad "explain: $(cat "$tmp/err")"
grep -q 'INC0000047' "$tmp/explain" && ok || bad "explain: no INC0000047 in $(head -3 "$tmp/explain")"
finish
