/* rewrites — stamp-rewritten and priority-lowered, from a call's copies. */
#include "rewrites.h"

#include <stddef.h>
#include <stdint.h>

#include "cal.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "finding.h"
#include "timefmt.h"
#include "wording.h"

/* 1 when SLA b is less urgent than SLA a: the longer resolve target,
 * then the longer respond target. */
static int less_urgent(const struct sla *a, const struct sla *b)
{
	if (b->resolve != a->resolve)
		return b->resolve > a->resolve;
	return b->respond > a->respond;
}

static void when(const struct config *cfg, int64_t t, char *buf, size_t size)
{
	timefmt_local_short(cfg->tz, t, buf, size);
}

static void stamp_rewritten(const struct config *cfg, const struct ticket *t,
			    struct finding_list *fl)
{
	const struct ticket_copies *c = t->copies;
	const struct feed *fd = &cfg->feed[t->feed];
	const struct supplier *sp = &cfg->sup[fd->supplier];
	/* up to three stamps, each with four times written out */
	char buf[3][6][64];
	struct wording_rewrite w[3];
	size_t n = 0, rows[3];
	if (c->opened_moved != TS_NONE) {
		when(cfg, c->opened_moved, buf[n][0], sizeof(buf[n][0]));
		when(cfg, c->opened_moved_at, buf[n][1], sizeof(buf[n][1]));
		when(cfg, c->opened_was, buf[n][2], sizeof(buf[n][2]));
		when(cfg, c->opened_was_at, buf[n][3], sizeof(buf[n][3]));
		when(cfg, t->opened, buf[n][4], sizeof(buf[n][4]));
		w[n] = (struct wording_rewrite){ 0, buf[n][0], buf[n][1], buf[n][2], buf[n][3], NULL,
						 buf[n][4] };
		rows[n++] = c->opened_row;
	}
	const int64_t stop[2] = { t->responded, t->resolved };
	for (int k = 0; k < 2; k++) {
		const struct stop_history *h = &c->stop[k];
		if (h->moved == TS_NONE)
			continue;
		when(cfg, h->moved, buf[n][0], sizeof(buf[n][0]));
		when(cfg, h->moved_at, buf[n][1], sizeof(buf[n][1]));
		if (h->was != TS_NONE) {
			when(cfg, h->was, buf[n][2], sizeof(buf[n][2]));
			when(cfg, h->was_at, buf[n][3], sizeof(buf[n][3]));
		}
		when(cfg, h->moved_without, buf[n][4], sizeof(buf[n][4]));
		/* the stop the clocks keep (none when the newest copy shows none:
		 * then the stop's clock runs and the time kept is not given) */
		if (stop[k] != TS_NONE)
			when(cfg, stop[k], buf[n][5], sizeof(buf[n][5]));
		w[n] = (struct wording_rewrite){ k + 1, buf[n][0], buf[n][1],
						 h->was != TS_NONE ? buf[n][2] : NULL,
						 h->was != TS_NONE ? buf[n][3] : NULL, buf[n][4],
						 stop[k] != TS_NONE ? buf[n][5] : NULL };
		rows[n++] = h->moved_row;
	}
	if (!n)
		return;
	struct finding *f = finding_add(fl, FK_STAMP_REWRITTEN, 0, sp->id, t->id);
	wording_stamp_rewritten(f, t->id, t->cell[FIELD_SUMMARY], w, n);
	for (size_t i = 0; i < n; i++)
		finding_evidence(f, fd->id, rows[i], t->id, NULL);
}

static void priority_lowered(const struct config *cfg, struct cal_indexes *cals,
			     const struct ticket *t, int sla, struct finding_list *fl)
{
	const struct ticket_copies *c = t->copies;
	for (size_t i = 0; i < c->nchg; i++) {
		const struct sla_change *g = &c->chg[i];
		if (g->from < 0 || g->to < 0 || g->opened == TS_NONE || g->opened > g->at)
			continue;
		const struct sla *a = &cfg->sla[g->from], *b = &cfg->sla[g->to];
		if (!less_urgent(a, b))
			continue;
		/* a's clocks at the change, with the stamps known then */
		/* the SLA's calendar, else the supplier's (as evaluate_sla_cal) */
		const struct cal *ac = a->cal ? a->cal : cfg->sup[cfg->feed[t->feed].supplier].cal;
		struct cal_index *cal = cal_indexes_get(cals, ac);
		int64_t res = g->resolved != TS_NONE && g->resolved <= g->at ? g->resolved : TS_NONE;
		int64_t rsp = g->responded != TS_NONE && g->responded <= g->at ? g->responded : res;
		struct clock cr, cx;
		clock_run(cal, g->opened, rsp, g->at, t->excl, t->nexcl, a->respond, a->warn_ppm, &cr);
		clock_run(cal, g->opened, res, g->at, t->excl, t->nexcl, a->resolve, a->warn_ppm, &cx);
		int fix = cx.status == CLOCK_BREACHED;
		if (!fix && cr.status != CLOCK_BREACHED)
			continue;
		const struct feed *fd = &cfg->feed[t->feed];
		const struct supplier *sp = &cfg->sup[fd->supplier];
		const struct clock *late = fix ? &cx : &cr;
		char seen[64];
		when(cfg, g->at, seen, sizeof(seen));
		struct finding *f = finding_add(fl, FK_PRIORITY_LOWERED, 0, sp->id, t->id);
		wording_priority_lowered(f, t->id, t->cell[FIELD_SUMMARY], a->id, b->id,
					 g->was, g->now, seen, fix, late->elapsed, late->target,
					 cfg->sla[sla].id, fd->priority_first);
		finding_evidence(f, fd->id, g->row, t->id, NULL);
		return;   /* one finding per call: the first such change */
	}
}

void rewrites_ticket(const struct config *cfg, struct cal_indexes *cals,
		     const struct ticket *t, int sla, struct finding_list *fl)
{
	if (!t->copies)
		return;   /* an events call */
	const struct feed *fd = &cfg->feed[t->feed];
	if (fd->sig_stamp_rewritten)
		stamp_rewritten(cfg, t, fl);
	if (fd->sig_priority_lowered)
		priority_lowered(cfg, cals, t, sla, fl);
}
