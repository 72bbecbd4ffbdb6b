/*
 * report_csv — the findings as a spreadsheet: one row each, UTF-8 with a
 * header row, cells that a spreadsheet would run as formulas neutralised
 * (table.c does that for every CSV fitsmon writes).
 */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "evaluate.h"
#include "table.h"
#include "util.h"

static char *render(const struct config *cfg, const struct dataset *ds,
		    const struct evaluation *ev)
{
	(void)ds;
	static const char *const head[] = { "id", "kind", "severity", "supplier",
		"supplier_name", "subject", "message", "question", "evidence" };
	struct table t;
	table_init(&t, 9, head);
	struct strbuf evs = STRBUF_INIT;
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		int k = f->supplier ? config_supplier_index(cfg, f->supplier) : -1;
		evs.len = 0;
		sb_add(&evs, "", 0);
		for (size_t e = 0; e < f->nev; e++) {
			if (e)
				sb_puts(&evs, "; ");
			if (f->ev[e].feed)
				sb_printf(&evs, "%s", f->ev[e].feed);
			if (f->ev[e].row)
				sb_printf(&evs, " row %zu", f->ev[e].row);
			if (f->ev[e].ticket)
				sb_printf(&evs, " ticket %s", f->ev[e].ticket);
			if (f->ev[e].period)
				sb_printf(&evs, " %s", f->ev[e].period);
		}
		const char *row[] = { f->id, finding_kind_name(f->kind), f->red ? "red" : "amber",
				      f->supplier, k >= 0 ? cfg->sup[k].name : NULL, f->subject,
				      f->message, f->question, evs.buf };
		table_add(&t, row);
	}
	sb_release(&evs);
	struct strbuf out = STRBUF_INIT;
	table_render(&t, TABLE_CSV, &out);
	table_release(&t);
	return sb_detach(&out);
}

const struct report_backend report_csv = { "csv", render };
