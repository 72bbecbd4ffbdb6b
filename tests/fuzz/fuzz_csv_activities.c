/*
 * libFuzzer target: an `activities` feed (supplier logs and timesheets).
 * The input is the CSV export, read through eight feeds of that kind
 * (decimal comma, H:MM:SS durations, joined "A + B" columns, on-site
 * flags, codes), then evaluated (evidence and concern patterns, on-site
 * hours, obligations per period) and reported.
 */
#include "fuzz.h"

static const char conf[] =
	"[school]\n"
	"name     = Fuzz school\n"
	"timezone = Europe/London\n"
	"roles    = service-desk-administrator + technician\n"
	"[calendar \"school-hours\"]\n"
	"hours  = Mon-Fri 08:00-16:30\n"
	"terms  = 2026-09-03..2026-10-23, 2026-11-02..2026-12-18\n"
	"closed = 2026-11-20\n"
	"closed_from = bank-holidays.json england-and-wales\n"
	"[supplier \"acme\"]\n"
	"name     = Acme\n"
	"onsite   = 8h/week\n"
	"calendar = school-hours\n"
	"[supplier \"other\"]\n"
	"name   = Other\n"
	"onsite = 30m/week\n"
	/* feeds/samples/acme-log.csv */
	"[feed \"acme\"]\n"
	"supplier    = acme\n"
	"kind        = activities\n"
	"url         = input\n"
	"column.at          = Start\n"
	"column.hours       = Hours\n"
	"column.description = Work Done\n"
	"column.onsite      = On Site\n"
	"column.code        = Task Code\n"
	"column.who         = Technician\n"
	/* tests/data/dialect/comma.csv, scenario3-beacon-log.csv */
	"[feed \"comma\"]\n"
	"supplier    = acme\n"
	"kind        = activities\n"
	"url         = input\n"
	"delimiter   = semicolon\n"
	"decimal     = comma\n"
	"encoding    = windows-1252\n"
	"column.at          = Start\n"
	"column.hours       = Hours\n"
	"column.description = Work Done\n"
	/* tests/data/dialect/durations.csv */
	"[feed \"durations\"]\n"
	"supplier    = other\n"
	"kind        = activities\n"
	"url         = input\n"
	"missing     = -, n/a\n"
	"column.at          = Start\n"
	"column.hours       = Duration\n"
	"column.description = Description\n"
	/* tests/data/dialect/joined.csv, the Toggl export */
	"[feed \"joined\"]\n"
	"supplier    = other\n"
	"kind        = activities\n"
	"url         = input\n"
	"timezone    = Europe/Amsterdam\n"
	"column.at          = Start date + Start time\n"
	"column.hours       = Duration\n"
	"column.description = Project + Description\n"
	"[feed \"toggl\"]\n"
	"supplier    = other\n"
	"kind        = activities\n"
	"url         = input\n"
	"timezone    = Europe/Amsterdam\n"
	"column.at          = Start date + Start time\n"
	"column.hours       = Duration\n"
	"column.description = Description\n"
	"column.who         = User\n"
	/* scenario1-northpoint-log.csv */
	"[feed \"northpoint\"]\n"
	"supplier    = acme\n"
	"kind        = activities\n"
	"url         = input\n"
	"column.at          = Date + Time\n"
	"column.hours       = Time Spent (h)\n"
	"column.description = Notes\n"
	"column.code        = Task Code\n"
	/* scenario2-redkite-timesheet.csv */
	"[feed \"redkite\"]\n"
	"supplier    = other\n"
	"kind        = activities\n"
	"url         = input\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"column.at          = Date + Start\n"
	"column.hours       = Duration\n"
	"column.onsite      = On Site\n"
	"column.ticket      = Ticket\n"
	"column.description = Work Carried Out\n"
	/* scenario4-vale-log.csv, tests/data/scenarios logs */
	"[feed \"vale\"]\n"
	"supplier    = acme\n"
	"kind        = activities\n"
	"url         = input\n"
	"time_format = %Y-%m-%dT%H:%M:%S%z\n"
	"column.at          = Start Time\n"
	"column.hours       = Time\n"
	"column.code        = Job Code\n"
	"column.description = Description\n"
	"column.onsite      = On Site\n"
	/* the school's own log */
	"[feed \"school\"]\n"
	"supplier    = school\n"
	"kind        = activities\n"
	"url         = input\n"
	"time_format = %d/%m/%Y %H:%M:%S\n"
	"column.at          = Timestamp\n"
	"column.description = What did you do?\n"
	"[activity \"weekly-review\"]\n"
	"supplier = other\n"
	"title    = Weekly review\n"
	"every    = week\n"
	"times    = 2\n"
	"grace    = 1d\n"
	"evidence = (?i)\\b(overleg|meeting|review)\\b\n"
	"concern  = (?i)\\b(failed|error)s?\\b\n"
	"code     = REV, rv\n"
	"severity = red\n"
	"[activity \"monthly\"]\n"
	"supplier = other\n"
	"every    = month\n"
	"code     = MON\n"
	"calendar = school-hours\n"
	"[activity \"termly\"]\n"
	"supplier = acme\n"
	"every    = term\n"
	"evidence = (x+x+)+y\n"
	"calendar = school-hours\n"
	"[activity \"yearly\"]\n"
	"supplier = other\n"
	"every    = year\n"
	"evidence = audit\n"
	"[activity \"school-days\"]\n"
	"supplier = other\n"
	"every    = school-week\n"
	"evidence = .\n"
	"calendar = school-hours\n";

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
