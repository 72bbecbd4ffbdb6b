/*
 * libFuzzer target: a `tickets` feed.  The input is the CSV export; it is
 * read through seven feeds of that kind whose dialects and column
 * mappings are those of the sample and public exports (so seeds from
 * feeds/samples, tests/data/dialect and ../shared/data get past the
 * header), then the dataset is evaluated and every report rendered.
 */
#include "fuzz.h"

static const char conf[] =
	"[school]\n"
	"name     = Fuzz <school> & \"friends\"\n"
	"timezone = Europe/London\n"
	"contact  = Bursar <bursar@example.sch.uk>\n"
	"calendar = school-hours\n"
	"[calendar \"school-hours\"]\n"
	"hours  = Mon-Fri 08:00-16:30\n"
	"terms  = 2026-09-03..2026-10-23, 2026-11-02..2026-12-18\n"
	"closed = 2026-11-20\n"
	"closed_from = bank-holidays.json england-and-wales\n"
	"[calendar \"support-hours\"]\n"
	"hours  = Mon-Fri 08:00-17:00, Sat 09:00-12:00\n"
	"[supplier \"acme\"]\n"
	"name     = Acme Schools ICT Ltd\n"
	"calendar = support-hours\n"
	"[supplier \"city\"]\n"
	"name     = City\n"
	/* acme-tickets.csv, scenario1 tickets */
	"[feed \"acme\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"column.id        = Ticket Ref\n"
	"column.opened    = Logged\n"
	"column.priority  = Priority\n"
	"column.responded = First Response\n"
	"column.resolved  = Resolved\n"
	"column.status    = Status\n"
	"column.summary   = Summary\n"
	"column.category  = Category\n"
	"column.caller    = Raised By\n"
	/* tests/data/dialect: bom-crlf, missing, malformed, unclosed */
	"[feed \"ref\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"encoding    = windows-1252\n"
	"missing     = ?, #N/B\n"
	"column.id     = Ref\n"
	"column.opened = Logged\n"
	/* tests/data/dialect/cp1252.csv */
	"[feed \"cp\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"delimiter   = semicolon\n"
	"encoding    = windows-1252\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"column.id       = Ref\n"
	"column.opened   = Logged\n"
	"column.assignee = Engineer\n"
	/* tests/data/dialect/title.csv */
	"[feed \"title\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"delimiter   = tab\n"
	"header_row  = 3\n"
	"encoding    = latin-1\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"column.id       = Ref\n"
	"column.opened   = Logged\n"
	"column.resolved = Resolved\n"
	/* ../shared/data/service_requests_311/boston311-100.csv */
	"[feed \"boston\"]\n"
	"supplier    = city\n"
	"kind        = tickets\n"
	"url         = input\n"
	"timezone    = America/New_York\n"
	"stale_after = 2d\n"
	"column.id       = case_enquiry_id\n"
	"column.opened   = open_dt\n"
	"column.resolved = closed_dt\n"
	"column.status   = case_status\n"
	"column.summary  = case_title\n"
	"column.category = type\n"
	"column.service  = department\n"
	/* ../shared/data/bpic14_rabobank_excerpt/Detail_Incident_head51.csv */
	"[feed \"rabobank\"]\n"
	"supplier    = city\n"
	"kind        = tickets\n"
	"url         = input\n"
	"delimiter   = semicolon\n"
	"time_format = %d/%m/%Y %H:%M:%S\n"
	"timezone    = Europe/Amsterdam\n"
	"missing     = #N/B\n"
	"column.id       = Incident ID\n"
	"column.opened   = Open Time\n"
	"column.closed   = Close Time\n"
	"column.status   = Status\n"
	"column.priority = Priority\n"
	/* scenario4-vale-tickets.csv, with an offset in the format */
	"[feed \"vale\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"time_format = %Y-%m-%dT%H:%M:%S%z\n"
	"column.id        = Ref\n"
	"column.opened    = Logged (UTC)\n"
	"column.responded = Responded (UTC)\n"
	"column.resolved  = Resolved (UTC)\n"
	"column.priority  = Priority\n"
	"[sla \"urgent\"]\n"
	"supplier = acme\n"
	"when     = priority ~ ^(1|P1)$\n"
	"calendar = support-hours\n"
	"respond  = 1h\n"
	"resolve  = 4h\n"
	"target   = 95%\n"
	"warn     = 25%\n"
	"[sla \"by-summary\"]\n"
	"when     = summary ~ (?i)print|(a+)+b\n"
	"respond  = 30m\n"
	"resolve  = 26h\n"
	"target   = 0.9\n"
	"[sla \"rest\"]\n"
	"calendar = school-hours\n"
	"respond  = 4h\n"
	"resolve  = 24h\n"
	"target   = 90%\n";

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
