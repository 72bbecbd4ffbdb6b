/*
 * libFuzzer target: a `ticket-events` feed.  The input is the CSV export,
 * read through six feeds of that kind (the dialects and mappings of the
 * sample and public event logs), then evaluated and reported.  Events are
 * grouped per ticket and sorted in dataset_finish, so hostile orderings,
 * repeated ids and pause and resolve statuses in any order reach the
 * clocks.
 */
#include "fuzz.h"

static const char conf[] =
	"[school]\n"
	"name     = Fuzz school\n"
	"timezone = Europe/London\n"
	"[calendar \"support-hours\"]\n"
	"hours  = Mon-Fri 08:00-17:00, Sun 22:00-24:00\n"
	"closed = 2026-12-25..2026-12-26\n"
	"closed_from = bank-holidays.json england-and-wales\n"
	"[supplier \"printwise\"]\n"
	"name     = Printwise \"Managed\" <Print>\n"
	"calendar = support-hours\n"
	"[supplier \"desk\"]\n"
	"name = Help desk\n"
	/* feeds/samples/printwise-events.csv */
	"[feed \"printwise\"]\n"
	"supplier    = printwise\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"column.id       = Job No\n"
	"column.at       = Event Time\n"
	"column.status   = Status\n"
	"column.priority = Priority\n"
	"column.summary  = Summary\n"
	"new_status      = New\n"
	"resolved_status = Resolved, Closed\n"
	"pause_status    = Awaiting parts, On hold\n"
	/* tests/data/dialect/latin1.csv */
	"[feed \"latin1\"]\n"
	"supplier    = desk\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"delimiter   = pipe\n"
	"encoding    = latin-1\n"
	"column.id       = Problem\n"
	"column.at       = Changed\n"
	"column.status   = Status\n"
	"column.assignee = Owner\n"
	"new_status      = Queued\n"
	"resolved_status = Closed\n"
	"pause_status    = Wait\n"
	/* ../shared/data/helpdesk_italian_4tu/finale.csv */
	"[feed \"helpdesk\"]\n"
	"supplier    = desk\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"time_format = %Y/%m/%d %H:%M:%S.000\n"
	"timezone    = Europe/Rome\n"
	"column.id       = Case ID\n"
	"column.at       = Complete Timestamp\n"
	"column.status   = Activity\n"
	"column.service  = service_level\n"
	"new_status      = Insert ticket, Assign seriousness\n"
	"resolved_status = Resolve ticket, Closed\n"
	"pause_status    = Wait\n"
	/* ../shared/data/uci_incident_event_log (opened on every row) */
	"[feed \"uci\"]\n"
	"supplier    = desk\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"timezone    = UTC\n"
	"missing     = ?\n"
	"column.id       = number\n"
	"column.at       = sys_updated_at\n"
	"column.status   = incident_state\n"
	"column.opened   = opened_at\n"
	"column.priority = priority\n"
	"new_status      = New\n"
	"resolved_status = Resolved, Closed\n"
	"pause_status    = Awaiting User Info, Awaiting Vendor\n"
	/* ../shared/data/bpic13_vinst_problems */
	"[feed \"vinst\"]\n"
	"supplier    = desk\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"delimiter   = semicolon\n"
	"encoding    = latin-1\n"
	"column.id       = Problem Number\n"
	"column.at       = Problem Change Date+Time\n"
	"column.status   = Problem Sub Status\n"
	"column.priority = Problem Latest Impact\n"
	"new_status      = Awaiting Assignment, Unmatched\n"
	"resolved_status = Closed, Cancelled\n"
	"pause_status    = Wait\n"
	/* scenario2-redkite-events.csv, tests/data/scenarios/ticket-events */
	"[feed \"redkite\"]\n"
	"supplier    = desk\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"time_format = %Y-%m-%d %H:%M\n"
	"column.id       = Ticket ID\n"
	"column.at       = Date/Time\n"
	"column.status   = Status\n"
	"column.summary  = Summary\n"
	"column.assignee = Agent\n"
	"pause_status    = Waiting on customer\n"
	"[sla \"print\"]\n"
	"supplier = printwise\n"
	"respond  = 4h\n"
	"resolve  = 16h\n"
	"target   = 90%\n"
	"warn     = 25%\n"
	"[sla \"level-1\"]\n"
	"supplier = desk\n"
	"when     = service ~ ^Value 1$\n"
	"respond  = 0m\n"
	"resolve  = 40h\n"
	"target   = 100%\n"
	"[sla \"other\"]\n"
	"calendar = support-hours\n"
	"respond  = 8h\n"
	"resolve  = 48h\n"
	"target   = 0%\n";

static struct config *cfg;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cfg = fuzz_config(conf);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_csv_one(cfg, data, size);
	return 0;
}
