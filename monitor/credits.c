/* credits — service credits per supplier and month (credits.h). */
#include "credits.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "finding.h"
#include "money.h"
#include "pattern.h"
#include "slachoice.h"
#include "tz.h"
#include "util.h"
#include "wording.h"

/* Does supplier sp's month carry any credit? (an SLA for it, or for
 * every supplier, with tiers; an activity it performs with a credit) */
static int supplier_has_credits(const struct config *cfg, int sp)
{
	if (cfg->sup[sp].monthly_charge < 0)
		return 0;
	for (size_t k = 0; k < cfg->nsla; k++)
		if (cfg->sla[k].ncredit && (cfg->sla[k].supplier < 0 || cfg->sla[k].supplier == sp))
			return 1;
	for (size_t a = 0; a < cfg->nact; a++)
		if (cfg->act[a].credit_ppm && cfg->act[a].supplier == sp)
			return 1;
	return 0;
}

int credits_configured(const struct config *cfg)
{
	for (size_t s = 0; s < cfg->nsup; s++)
		if (supplier_has_credits(cfg, (int)s))
			return 1;
	return 0;
}

int64_t credits_first_day(int64_t from_day)
{
	int y, m, d;
	civil_from_days(from_day, &y, &m, &d);
	return civil_days(y, m, 1);
}

static int64_t next_month(int64_t first_day)
{
	int y, m, d;
	civil_from_days(first_day, &y, &m, &d);
	return m == 12 ? civil_days(y + 1, 1, 1) : civil_days(y, m + 1, 1);
}

int64_t credits_end_day(int64_t to_day)
{
	return next_month(credits_first_day(to_day - 1));
}

void credits_month_label(int64_t first_day, char *buf, size_t size)
{
	int y, m, d;
	civil_from_days(first_day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d", y, m);
}

int credits_tier(const struct sla *s, int32_t compliance)
{
	/* tiers run highest threshold first: the last one still above the
	 * compliance is the lowest it is below */
	int tier = -1;
	for (size_t i = 0; i < s->ncredit; i++)
		if ((int64_t)compliance * 100 < s->credit[i].below_ppm)
			tier = (int)i;
	return tier;
}

/*
 * Each SLA with tiers: its compliance, for supplier sp, over the calls
 * of sp's ticket feeds whose resolution stopped in [a, b).  Clocks at
 * now: a stopped clock's verdict does not change with now.
 */
static void sla_months(const struct config *cfg, const struct dataset *ds, int64_t now,
		       int sp, int64_t a, int64_t b, struct credititem *it, const int *slot,
		       struct cal_indexes *cals, struct pattern_scratch *ps)
{
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		const struct feed *f = &cfg->feed[t->feed];
		if (f->kind == KIND_ACTIVITIES || f->supplier != sp || t->opened == TS_NONE ||
		    t->resolved == TS_NONE || t->resolved < a || t->resolved >= b)
			continue;
		int k = t->sla != SLA_UNKNOWN ? t->sla : slachoice_first(cfg, ps, t->feed, t->cell);
		if (k < 0 || slot[k] < 0)
			continue;
		struct tresult r;
		evaluate_clock(cfg, cals, t, k, now, &r);
		if (!r.response.stopped || !r.resolution.stopped)
			continue;
		struct credititem *c = &it[slot[k]];
		c->tickets++;
		c->met += r.response.status == CLOCK_MET && r.resolution.status == CLOCK_MET;
	}
}

/* Is a ticket feed of supplier sp, that an SLA with tiers reads, not
 * read up to instant end? */
static int tickets_unread(const struct config *cfg, const struct evaluation *sub, int sp,
			  int64_t end)
{
	for (size_t f = 0; f < cfg->nfeed; f++)
		if (cfg->feed[f].kind != KIND_ACTIVITIES && cfg->feed[f].supplier == sp &&
		    sub->feed[f].good_until < end)
			return 1;
	return 0;
}

static void month_name(int64_t first_day, char *buf, size_t size)
{
	int y, mo, d;
	civil_from_days(first_day, &y, &mo, &d);
	static const char *const names[] = { "", "January", "February", "March", "April", "May",
		"June", "July", "August", "September", "October", "November", "December" };
	snprintf(buf, size, "%s %d", names[mo], y);
}

char *credits_item_words(const struct config *cfg, const struct creditmonth *m,
			 const struct credititem *c)
{
	const struct supplier *sp = &cfg->sup[m->sup];
	char p[24], amt[48], each[24], tier[24];
	money_format_percent(c->percent_ppm, p, sizeof(p));
	money_format(c->amount, sp->currency, amt, sizeof(amt));
	if (c->kind == CREDIT_SLA) {
		const struct sla *s = &cfg->sla[c->index];
		if (c->tier >= 0)
			money_format_percent(s->credit[c->tier].below_ppm, tier, sizeof(tier));
		return wording_credit_sla_item(s->id, c->tickets, c->met, c->compliance,
					       c->tier >= 0 ? tier : NULL, p, amt);
	}
	const struct activity *ac = &cfg->act[c->index];
	money_format_percent(ac->credit_ppm, each, sizeof(each));
	return wording_credit_activity_item(ac->title, c->missed, each, p, amt);
}

char *credits_month_words(const struct config *cfg, const struct creditmonth *m)
{
	const struct supplier *sp = &cfg->sup[m->sup];
	char month[32], total[48], charge[48], pct[24], cap[24];
	month_name(m->first_day, month, sizeof(month));
	money_format(m->total, sp->currency, total, sizeof(total));
	money_format(sp->monthly_charge, sp->currency, charge, sizeof(charge));
	money_format_percent(m->percent_ppm, pct, sizeof(pct));
	money_format_percent(sp->credit_cap_ppm, cap, sizeof(cap));
	return wording_credit_month(sp->name, month, m->unknown ? NULL : total, pct, charge,
				    m->capped ? cap : NULL);
}

/* Month m's finding: what is owed, with each owing item's working. */
static void raise_credit(const struct config *cfg, const struct creditmonth *m,
			 struct finding_list *fl)
{
	const struct supplier *sp = &cfg->sup[m->sup];
	char label[16], month[32], total[48], charge[48], pct[24], cap[24];
	credits_month_label(m->first_day, label, sizeof(label));
	month_name(m->first_day, month, sizeof(month));
	char *subject = xasprintf("%s %s", sp->id, label);
	struct finding *f = finding_add(fl, FK_CREDIT_DUE, 1, sp->id, subject);
	free(subject);
	struct strbuf w = STRBUF_INIT;
	for (size_t i = 0; i < m->nitem; i++) {
		const struct credititem *c = &m->item[i];
		if (!c->percent_ppm)
			continue;   /* only what is owed is the working */
		char *line = credits_item_words(cfg, m, c);
		sb_printf(&w, "%s%s", w.len ? "; " : "", line);
		free(line);
	}
	/* the month, as a period (its late calls: query breaches over it) */
	char a[16], b[16];
	civil_format_date(m->first_day, a, sizeof(a));
	civil_format_date(m->end_day, b, sizeof(b));
	char *period = xasprintf("%s..%s", a, b);
	finding_evidence(f, NULL, 0, NULL, period);
	free(period);
	money_format(m->total, sp->currency, total, sizeof(total));
	money_format(sp->monthly_charge, sp->currency, charge, sizeof(charge));
	money_format_percent(m->percent_ppm, pct, sizeof(pct));
	money_format_percent(sp->credit_cap_ppm, cap, sizeof(cap));
	wording_credit_due(f, sp->name, month, total, charge, w.buf ? w.buf : "", pct,
			   m->capped ? cap : NULL);
	sb_release(&w);
}

/* Supplier sp's month [first, end): its items, total and cap. */
static void judge_month(const struct config *cfg, const struct dataset *ds,
			const struct evaluation *sub, int64_t now, int sp, struct creditmonth *m,
			struct cal_indexes *cals, struct pattern_scratch *ps)
{
	int64_t a = tz_midnight(cfg->tz, m->first_day), b = tz_midnight(cfg->tz, m->end_day);
	int *slot = xcalloc(cfg->nsla ? cfg->nsla : 1, sizeof(*slot));
	m->item = xcalloc(cfg->nsla + cfg->nact + 1, sizeof(*m->item));
	int any_sla = 0;
	for (size_t k = 0; k < cfg->nsla; k++) {
		slot[k] = -1;
		if (!cfg->sla[k].ncredit || (cfg->sla[k].supplier >= 0 && cfg->sla[k].supplier != sp))
			continue;
		slot[k] = (int)m->nitem;
		m->item[m->nitem++] = (struct credititem){ .kind = CREDIT_SLA, .index = (int)k,
							   .tier = -1 };
		any_sla = 1;
	}
	if (any_sla && tickets_unread(cfg, sub, sp, b))
		m->unknown = 1;
	if (any_sla && !m->unknown)
		sla_months(cfg, ds, now, sp, a, b, m->item, slot, cals, ps);
	free(slot);
	for (size_t i = 0; i < m->nitem; i++) {
		struct credititem *c = &m->item[i];
		if (!c->tickets)
			continue;   /* no call closed: nothing owed */
		c->has_compliance = 1;
		c->compliance = clock_compliance(c->met, c->tickets);
		const struct sla *s = &cfg->sla[c->index];
		c->tier = credits_tier(s, c->compliance);
		if (c->tier >= 0)
			c->percent_ppm = s->credit[c->tier].percent_ppm;
	}
	for (size_t k = 0; k < cfg->nact; k++) {
		const struct activity *ac = &cfg->act[k];
		if (!ac->credit_ppm || ac->supplier != sp)
			continue;
		struct credititem *c = &m->item[m->nitem++];
		*c = (struct credititem){ .kind = CREDIT_ACTIVITY, .index = (int)k, .tier = -1 };
		for (size_t i = 0; i < sub->nob; i++) {
			const struct obligation *o = &sub->ob[i];
			if (o->act != (int)k || o->first_day < m->first_day || o->first_day >= m->end_day)
				continue;
			if (o->status == OB_UNKNOWN)
				m->unknown = 1;
			c->missed += o->status == OB_MISSED;
		}
		c->percent_ppm = (int64_t)c->missed * ac->credit_ppm;
	}
	const struct supplier *su = &cfg->sup[sp];
	for (size_t i = 0; i < m->nitem; i++) {
		m->item[i].amount = money_percent_of(su->monthly_charge, m->item[i].percent_ppm);
		m->percent_ppm += m->item[i].percent_ppm;
	}
	int64_t owed = m->percent_ppm;
	if (owed > su->credit_cap_ppm) {
		owed = su->credit_cap_ppm;
		m->capped = 1;
	}
	/* rounded once, from the exact share of the charge */
	m->total = m->unknown ? 0 : money_percent_of(su->monthly_charge, owed);
}

void credits_judge(const struct config *cfg, const struct dataset *ds, struct evaluation *ev)
{
	ev->credits_judged = 1;
	if (!credits_configured(cfg))
		return;
	struct cal_indexes *cals = cal_indexes_new();
	struct pattern_scratch *ps = pattern_scratch_new();
	size_t cap = 0;
	for (int64_t first = credits_first_day(ev->from_day); first < ev->to_day;
	     first = next_month(first)) {
		int64_t end = next_month(first);
		/* months that have ended by now and overlap the window */
		if (end <= ev->from_day || tz_midnight(cfg->tz, end) > ev->now)
			continue;
		/* the month on its own: feeds' state and its periods */
		struct evaluation *sub = evaluate(cfg, ds, ev->now, first, end);
		for (size_t s = 0; s < cfg->nsup; s++) {
			if (!supplier_has_credits(cfg, (int)s))
				continue;
			VEC_GROW(ev->credit, ev->ncredit, cap, ev->ncredit + 1);
			struct creditmonth *m = &ev->credit[ev->ncredit++];
			*m = (struct creditmonth){ .sup = (int)s, .first_day = first, .end_day = end };
			judge_month(cfg, ds, sub, ev->now, (int)s, m, cals, ps);
			if (!m->unknown && m->total > 0) {
				raise_credit(cfg, m, &ev->findings);
				ev->red++;
			}
		}
		evaluation_free(sub);
	}
	finding_sort(&ev->findings);
	pattern_scratch_free(ps);
	cal_indexes_free(cals);
}
