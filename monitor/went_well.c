/*
 * went_well — the all-clear lines of a report (went_well.h).
 */
#include "went_well.h"

#include <stdlib.h>

#include "config.h"
#include "evaluate.h"
#include "util.h"
#include "wording.h"

static void add(char ***v, size_t *n, char *line)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = line;
}

char **went_well(const struct config *cfg, const struct evaluation *ev, size_t *n)
{
	char **v = NULL;
	*n = 0;
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct slaresult *r = &ev->sla[k];
		if (r->has_compliance && !r->missed && !r->unknown)
			add(&v, n, wording_report_well_sla(cfg->sla[k].id, r->met, r->tickets));
	}
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct actresult *a = &ev->act[i];
		if (a->done && !a->missed)
			add(&v, n, wording_report_well_activity(cfg->act[i].title, a->done, a->done));
	}
	for (size_t s = 0; s < cfg->nsup; s++) {
		size_t ok = 0, judged = 0;
		for (size_t i = 0; i < ev->nwk; i++) {
			const struct weekhours *w = &ev->wk[i];
			if (w->sup != (int)s || (w->status != HOURS_OK && w->status != HOURS_SHORT))
				continue;
			judged++;
			ok += w->status == HOURS_OK;
		}
		if (judged && ok == judged)
			add(&v, n, wording_report_well_hours(cfg->sup[s].name, judged));
	}
	return v;
}

void went_well_free(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}
