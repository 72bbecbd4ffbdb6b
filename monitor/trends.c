/* trends — this window's figures per SLA beside the previous window's. */
#include "trends.h"

#include <stdlib.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "tz.h"
#include "util.h"

int trends_is_month(int64_t from_day, int64_t to_day)
{
	int y, m, d;
	civil_from_days(from_day, &y, &m, &d);
	return d == 1 && to_day - from_day == civil_days_in_month(y, m);
}

int64_t trends_previous_from(int64_t from_day, int64_t to_day)
{
	if (trends_is_month(from_day, to_day)) {
		int y, m, d;
		civil_from_days(from_day - 1, &y, &m, &d);
		return civil_days(y, m, 1);
	}
	return from_day - (to_day - from_day);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t trends_percentile(int64_t *v, size_t n, int pct)
{
	qsort(v, n, sizeof(*v), cmp_i64);
	size_t rank = ((size_t)pct * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

/* Is the ticket data of SLA k read up to instant end? */
static int known_until(const struct config *cfg, const struct evaluation *ev, size_t k,
		       int64_t end)
{
	for (size_t f = 0; f < cfg->nfeed; f++)
		if (cfg->feed[f].kind != KIND_ACTIVITIES &&
		    (cfg->sla[k].supplier < 0 || cfg->sla[k].supplier == cfg->feed[f].supplier) &&
		    ev->feed[f].good_until < end)
			return 0;
	return 1;
}

/*
 * One window's figures into out[0..nsla) from its evaluation we (of
 * [we->from, we->to) at we->now).  cur: the report's own window, whose
 * "unknown" is its SLA's (any feed not ok); the previous window's is
 * whether its data was read up to its end.
 */
static void fill(const struct config *cfg, const struct dataset *ds,
		 const struct evaluation *we, const struct evaluation *ev, int cur,
		 struct slatrend *out)
{
	int64_t end = we->to < we->now ? we->to : we->now;
	int64_t **rv = xcalloc(cfg->nsla + 1, sizeof(*rv)), **fv = xcalloc(cfg->nsla + 1, sizeof(*fv));
	size_t *caprv = xcalloc(cfg->nsla + 1, sizeof(*caprv)), *capfv = xcalloc(cfg->nsla + 1,
									      sizeof(*capfv));
	for (size_t k = 0; k < cfg->nsla; k++) {
		struct slatrend *o = &out[k];
		const struct slaresult *sr = &we->sla[k];
		o->known = cur ? !sr->unknown : known_until(cfg, ev, k, end);
		o->tickets = sr->tickets;
		o->met = sr->met;
		o->has_compliance = sr->has_compliance;
		o->compliance = sr->compliance;
		o->oldest_open = -1;
	}
	for (size_t i = 0; i < we->ntk; i++) {
		const struct tresult *r = &we->tk[i];
		if (r->unknown || r->t->opened < we->from || r->t->opened >= we->to)
			continue;
		size_t k = (size_t)r->sla;
		struct slatrend *o = &out[k];
		o->opened++;
		if (r->response.stopped) {
			VEC_GROW(rv[k], o->nrespond, caprv[k], o->nrespond + 1);
			rv[k][o->nrespond++] = r->response.elapsed;
		}
		if (r->resolution.stopped) {
			VEC_GROW(fv[k], o->nfix, capfv[k], o->nfix + 1);
			fv[k][o->nfix++] = r->resolution.elapsed;
		}
	}
	/* closed in the window and open at its end: any ticket of the SLA,
	 * whenever it was opened */
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		if (cfg->feed[t->feed].kind == KIND_ACTIVITIES || t->opened == TS_NONE ||
		    t->sla < 0 || (size_t)t->sla >= cfg->nsla)
			continue;
		struct slatrend *o = &out[t->sla];
		if (t->resolved != TS_NONE && t->resolved >= we->from && t->resolved < end)
			o->closed++;
		if (t->opened < end && (t->resolved == TS_NONE || t->resolved >= end)) {
			o->open_at_end++;
			if (end - t->opened > o->oldest_open)
				o->oldest_open = end - t->opened;
		}
	}
	for (size_t k = 0; k < cfg->nsla; k++) {
		struct slatrend *o = &out[k];
		if (o->nrespond) {
			o->respond_median = trends_percentile(rv[k], o->nrespond, 50);
			o->respond_p90 = trends_percentile(rv[k], o->nrespond, 90);
		}
		if (o->nfix) {
			o->fix_median = trends_percentile(fv[k], o->nfix, 50);
			o->fix_p90 = trends_percentile(fv[k], o->nfix, 90);
		}
		free(rv[k]);
		free(fv[k]);
	}
	free(rv);
	free(fv);
	free(caprv);
	free(capfv);
}

void evaluate_trends(const struct config *cfg, const struct dataset *ds,
		     struct evaluation *ev)
{
	free(ev->trend);
	ev->trend = xcalloc(2 * cfg->nsla + 1, sizeof(*ev->trend));
	ev->prev_from_day = trends_previous_from(ev->from_day, ev->to_day);
	ev->trend_months = trends_is_month(ev->from_day, ev->to_day);
	fill(cfg, ds, ev, ev, 1, ev->trend);
	struct evaluation *pe = evaluate(cfg, ds, ev->now, ev->prev_from_day, ev->from_day);
	fill(cfg, ds, pe, ev, 0, ev->trend + cfg->nsla);
	/* its patterns count in the warning as the window's do; it judges
	 * mostly the same cells again, and the warning counts cells, so the
	 * larger of the two counts stands, not their sum */
	for (size_t k = 0; k < cfg->nsla; k++)
		if (pe->sla_limit_hits[k] > ev->sla_limit_hits[k])
			ev->sla_limit_hits[k] = pe->sla_limit_hits[k];
	for (size_t i = 0; i < cfg->nact; i++)
		if (pe->act_limit_hits[i] > ev->act_limit_hits[i])
			ev->act_limit_hits[i] = pe->act_limit_hits[i];
	evaluation_free(pe);
}
