/*
 * libFuzzer target: `fitsmon validate --data` (monitor/datacheck.c).  The
 * input is the file of three feeds, one of each kind (the dialects and
 * columns of feeds/samples), checked without a store as validate --data
 * does before the first run, with every activity row explained (-v), and
 * the findings written as text.
 */
#include "fuzz.h"
#include "datacheck.h"

static const char conf[] =
	"[school]\n"
	"name     = Fuzz school\n"
	"timezone = Europe/London\n"
	"[calendar \"days\"]\n"
	"hours = Mon-Fri 08:00-16:30\n"
	"terms = 2026-09-03..2026-10-23, 2026-11-02..2026-12-18\n"
	"[supplier \"acme\"]\n"
	"name     = Acme\n"
	"calendar = days\n"
	"[feed \"tickets\"]\n"
	"supplier    = acme\n"
	"kind        = tickets\n"
	"url         = input\n"
	"time_format = %d/%m/%Y %H:%M\n"
	"column.id        = Ticket Ref\n"
	"column.opened    = Logged\n"
	"column.priority  = Priority\n"
	"column.summary   = Summary\n"
	"column.responded = First Response\n"
	"column.resolved  = Resolved\n"
	"column.status    = Status\n"
	"[feed \"events\"]\n"
	"supplier    = acme\n"
	"kind        = ticket-events\n"
	"url         = input\n"
	"column.id       = Job No\n"
	"column.at       = Event Time\n"
	"column.status   = Status\n"
	"column.priority = Priority\n"
	"column.summary  = Summary\n"
	"[feed \"log\"]\n"
	"supplier    = acme\n"
	"kind        = activities\n"
	"url         = input\n"
	"column.at          = Start\n"
	"column.hours       = Hours\n"
	"column.description = Work Done\n"
	"column.onsite      = On Site\n"
	"column.code        = Task Code\n"
	"[activity \"backup-check\"]\n"
	"supplier = acme\n"
	"every    = school-day\n"
	"evidence = (?i)backups? checked\n"
	"concern  = (?i)failed\n";

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
	static int64_t now = TS_NONE;
	if (now == TS_NONE)
		now = fuzz_now();
	fuzz_write("input", data, size);
	struct datacheck *dc = datacheck_run(cfg, NULL, now, (int)(size & 1));
	if (!dc)
		fuzz_die("datacheck_run returned NULL", "");
	free(datacheck_text(cfg, dc));
	datacheck_free(dc);
	return 0;
}
