/*
 * report_json — the machine-readable report.  Pinned names (DESIGN.md
 * "JSON report") come first in each object; extra fields follow.
 * Instants are UTC with Z; dates are local dates; times are whole seconds.
 */
#include "report.h"
#include "report_json.h"

#include "civil.h"
#include "clock.h"
#include "config.h"
#include "credits.h"
#include "dataset.h"
#include "evaluate.h"
#include "findgroup.h"
#include "claims.h"
#include "json.h"
#include "timefmt.h"
#include "trends.h"
#include "util.h"

static void instant(struct json *j, const char *key, int64_t t)
{
	if (t == TS_NONE) {
		json_null(j, key);
		return;
	}
	char b[32];
	timefmt_utc(t, b, sizeof(b));
	json_str(j, key, b);
}

static void date(struct json *j, const char *key, int64_t day);

/* credits[]: each supplier's judged months (credits.h); amounts in the
 * currency's units to the penny, percent of the monthly charge as a
 * percentage (5 = 5%), compliance and tier as fractions like slas[]. */
static void credits_json(struct json *j, const struct config *cfg, const struct evaluation *ev)
{
	json_array(j, "credits");
	for (size_t i = 0; i < ev->ncredit; i++) {
		const struct creditmonth *m = &ev->credit[i];
		const struct supplier *sp = &cfg->sup[m->sup];
		char month[16];
		credits_month_label(m->first_day, month, sizeof(month));
		json_object(j, NULL);
		json_str(j, "supplier", sp->id);
		json_str(j, "month", month);
		json_array(j, "items");
		for (size_t k = 0; !m->unknown && k < m->nitem; k++) {
			const struct credititem *c = &m->item[k];
			json_object(j, NULL);
			if (c->kind == CREDIT_SLA) {
				const struct sla *s = &cfg->sla[c->index];
				json_str(j, "sla", s->id);
				if (c->has_compliance)
					json_fixed(j, "compliance", c->compliance, 4);
				else
					json_null(j, "compliance");
				if (c->tier >= 0)
					json_fixed(j, "tier", s->credit[c->tier].below_ppm, 6);
				else
					json_null(j, "tier");
			} else {
				json_str(j, "activity", cfg->act[c->index].id);
				json_int(j, "missed", (int64_t)c->missed);
				json_null(j, "tier");
			}
			json_fixed(j, "percent", c->percent_ppm, 4);
			json_fixed(j, "amount", c->amount, 2);
			if (c->kind == CREDIT_SLA) {
				json_int(j, "tickets", (int64_t)c->tickets);
				json_int(j, "met", (int64_t)c->met);
			} else {
				json_fixed(j, "each_percent", cfg->act[c->index].credit_ppm, 4);
			}
			json_end_object(j);
		}
		json_end_array(j);
		if (m->unknown)
			json_null(j, "total");
		else
			json_fixed(j, "total", m->total, 2);
		json_bool(j, "capped", m->capped);
		json_str(j, "status", m->unknown ? "unknown" : m->total > 0 ? "owed" : "none");
		json_str(j, "currency", sp->currency);
		json_fixed(j, "monthly_charge", sp->monthly_charge, 2);
		json_fixed(j, "percent", m->percent_ppm, 4);
		json_fixed(j, "credit_cap", sp->credit_cap_ppm, 4);
		date(j, "from", m->first_day);
		date(j, "to", m->end_day);
		json_end_object(j);
	}
	json_end_array(j);
}

static void date(struct json *j, const char *key, int64_t day)
{
	char b[16];
	civil_format_date(day, b, sizeof(b));
	json_str(j, key, b);
}

/* unknown: the ticket's feed is not ok and this clock had not stopped */
/* reopen_merge: the new call whose time runs on in this call's resolution
 * clock (reopened_as), with the instant that clock stopped (reopen.h) */
static void reopen_fields(struct json *j, const struct tresult *r)
{
	if (!r->reopen_next)
		return;
	json_str(j, "reopened_as", r->reopen_next->id);
	if (r->resolution.stopped)
		instant(j, "resolution_stop", r->resolution.stop);
}

static void clock_obj(struct json *j, const char *key, const struct clock *c, int unknown)
{
	json_object(j, key);
	json_str(j, "status", unknown && !c->stopped ? "unknown" : clock_status_name(c->status));
	json_int(j, "elapsed_s", c->elapsed);
	json_int(j, "target_s", c->target);
	instant(j, "stopped_at", c->stopped ? c->stop : TS_NONE);
	json_end_object(j);
}

/* feeds[].copy: what the copy in use changed in the store (left out
 * when that is not known) */
static void copy_changes(struct json *j, const struct feedstat *fs)
{
	if (fs->copy_new < 0 || fs->copy_corrected < 0 || fs->copy_withdrawn < 0)
		return;
	json_object(j, "copy");
	json_int(j, "new", fs->copy_new);
	json_int(j, "corrected", fs->copy_corrected);
	json_int(j, "withdrawn", fs->copy_withdrawn);
	json_end_object(j);
}

/* feeds[].quality: how well the copy in use was read (health.h) */
static void quality(struct json *j, const struct feed *f, const struct health *h,
		    const struct feedresult *fr)
{
	if (!h->known) {   /* taken in before the store kept it */
		json_null(j, "quality");
		return;
	}
	json_object(j, "quality");
	json_int(j, "rows", (int64_t)h->rows);
	json_int(j, "rejected", (int64_t)h->rejected);
	json_object(j, "reasons");
	for (size_t i = 0; i < h->nreason; i++)
		json_int(j, h->reason[i].text, (int64_t)h->reason[i].n);
	if (h->other)
		json_int(j, "other", (int64_t)h->other);
	json_end_object(j);
	json_object(j, "columns");
	for (int c = 0; c < FIELD_COUNT; c++) {
		/* read as it came in (times, on-site, statuses), else by the
		 * SLAs' conditions (priority, category, ...) */
		size_t seen = h->col[c].seen, got = h->col[c].recognised;
		if (!seen) {
			seen = fr->when_seen[c];
			got = fr->when_recognised[c];
		}
		if (!f->column[c] || !seen)
			continue;
		json_object(j, fields_name((enum field)c));
		json_str(j, "header", f->column[c]);
		json_int(j, "seen", (int64_t)seen);
		json_int(j, "recognised", (int64_t)got);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

/* One window's trend figures (trends.h), under the same names in slas[]
 * and slas[].previous: null where unknown (a feed not ok up to the
 * window's end) or none.  compliance: also write it (slas[] has its own). */
static void json_trend(struct json *j, const struct slatrend *t, int compliance)
{
	json_bool(j, "known", t->known);
	if (!t->known) {
		static const char *const keys[] = { "tickets_opened", "tickets_closed",
			"respond_median_s", "respond_p90_s", "fix_median_s", "fix_p90_s",
			"open_at_end", "oldest_open_s" };
		if (compliance)
			json_null(j, "compliance");
		for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
			json_null(j, keys[i]);
		return;
	}
	json_int(j, "tickets_opened", (int64_t)t->opened);
	json_int(j, "tickets_closed", (int64_t)t->closed);
	if (compliance && t->has_compliance)
		json_fixed(j, "compliance", t->compliance, 4);
	else if (compliance)
		json_null(j, "compliance");
	if (t->nrespond) {
		json_int(j, "respond_median_s", t->respond_median);
		json_int(j, "respond_p90_s", t->respond_p90);
	} else {
		json_null(j, "respond_median_s");
		json_null(j, "respond_p90_s");
	}
	if (t->nfix) {
		json_int(j, "fix_median_s", t->fix_median);
		json_int(j, "fix_p90_s", t->fix_p90);
	} else {
		json_null(j, "fix_median_s");
		json_null(j, "fix_p90_s");
	}
	json_int(j, "open_at_end", (int64_t)t->open_at_end);
	if (t->oldest_open >= 0)
		json_int(j, "oldest_open_s", t->oldest_open);
	else
		json_null(j, "oldest_open_s");
}

/* slas[]: this window's trend figures, and "previous" with the window
 * before, under the same names (README item 37). */
static void json_sla_trends(struct json *j, const struct config *cfg, const struct evaluation *ev,
			    size_t k)
{
	if (!ev->trend)
		return;
	json_trend(j, &ev->trend[k], 0);
	const struct slatrend *p = &ev->trend[cfg->nsla + k];
	json_object(j, "previous");
	char d[16];
	civil_format_date(ev->prev_from_day, d, sizeof(d));
	json_str(j, "from", d);
	civil_format_date(ev->from_day, d, sizeof(d));
	json_str(j, "to", d);
	if (p->known) {
		json_int(j, "tickets", (int64_t)p->tickets);
		json_int(j, "met", (int64_t)p->met);
	} else {
		json_null(j, "tickets");
		json_null(j, "met");
	}
	json_trend(j, p, 1);
	json_end_object(j);
}

/* findings[].group: the id of the first finding of its group (findgroup.h),
 * the same for every finding told together; and the group's size. */
static void json_finding_group(struct json *j, const struct evaluation *ev,
			       const struct findgroups *gs, size_t i)
{
	const struct findgroup *g = &gs->v[gs->of[i]];
	json_str(j, "group", ev->findings.v[g->member[0]].id);
	json_int(j, "group_size", (int64_t)g->n);
}

/*
 * slas[].claim: the supplier's own verdicts audited (claims.h); null
 * when no ticket feed of the SLA maps column.sla_met.  tickets, met and
 * compliance are the supplier's, over the calls it gave a verdict on;
 * clock_met the contract's clocks' on the same calls.
 */
static void claim_obj(struct json *j, const struct evaluation *ev, size_t k)
{
	const struct claims *c = ev->claims;
	if (!c || k >= c->nsla || !c->sla[k].mapped) {
		json_null(j, "claim");
		return;
	}
	const struct claim *cl = &c->sla[k];
	json_object(j, "claim");
	json_int(j, "tickets", (int64_t)cl->claimed);
	json_int(j, "met", (int64_t)cl->claimed_met);
	if (cl->has_compliance)
		json_fixed(j, "compliance", cl->compliance, 4);
	else
		json_null(j, "compliance");
	json_int(j, "clock_met", (int64_t)cl->clock_met);
	json_int(j, "no_verdict", (int64_t)cl->no_verdict);
	json_int(j, "met_but_late", (int64_t)cl->said_met);
	json_int(j, "missed_but_on_time", (int64_t)cl->said_late);
	json_str(j, "status", cl->unknown ? "unknown" : cl->mismatch ? "mismatch" : "ok");
	json_array(j, "disagreements");
	for (size_t i = 0; i < c->n; i++) {
		const struct claim_dispute *d = &c->v[i];
		if (d->sla != (int)k)
			continue;
		const struct tresult *r = &ev->tk[d->tk];
		json_object(j, NULL);
		json_str(j, "ticket", r->t->id);
		json_str(j, "supplier_says", d->supplier_met ? "met" : "not met");
		json_str(j, "clock_says", d->supplier_met ? "breached" : "met");
		json_str(j, "response", clock_status_name(r->response.status));
		json_str(j, "resolution", clock_status_name(r->resolution.status));
		json_end_object(j);
	}
	json_end_array(j);
	json_end_object(j);
}

char *report_json_render(const struct config *cfg, const struct dataset *ds,
			 const struct evaluation *ev,
			 void (*more)(struct json *j, const void *ctx), const void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	struct json j;
	json_init(&j, &sb, 1);
	json_object(&j, NULL);
	json_str(&j, "school", cfg->school);
	instant(&j, "now", ev->now);
	date(&j, "from", ev->from_day);
	date(&j, "to", ev->to_day);

	json_object(&j, "summary");
	json_int(&j, "red", (int64_t)ev->red);
	json_int(&j, "amber", (int64_t)ev->amber);
	json_int(&j, "unmatched", (int64_t)ev->unmatched);
	json_int(&j, "rejected", (int64_t)ds->nr);
	json_int(&j, "feeds_not_ok", (int64_t)evaluate_unchecked(ev));
	json_end_object(&j);

	json_array(&j, "slas");
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct sla *s = &cfg->sla[k];
		const struct slaresult *r = &ev->sla[k];
		json_object(&j, NULL);
		json_str(&j, "sla", s->id);
		json_str(&j, "supplier", s->supplier >= 0 ? cfg->sup[s->supplier].id : NULL);
		json_int(&j, "tickets", (int64_t)r->tickets);
		json_int(&j, "met", (int64_t)r->met);
		if (r->has_compliance)
			json_fixed(&j, "compliance", r->compliance, 4);
		else
			json_null(&j, "compliance");
		json_fixed(&j, "target", s->target_ppm, 6);
		json_int(&j, "respond_s", s->respond);
		json_int(&j, "resolve_s", s->resolve);
		json_int(&j, "breached", (int64_t)r->breached);
		json_int(&j, "open", (int64_t)r->running);
		json_str(&j, "status", r->unknown ? "unknown" : !r->has_compliance ? "none"
			 : r->missed ? "missed" : "met");
		json_sla_trends(&j, cfg, ev, k);
		claim_obj(&j, ev, k);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "tickets");
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		const struct feed *f = &cfg->feed[r->t->feed];
		json_object(&j, NULL);
		json_str(&j, "ticket", r->t->id);
		json_str(&j, "sla", cfg->sla[r->sla].id);
		json_str(&j, "supplier", cfg->sup[f->supplier].id);
		clock_obj(&j, "response", &r->response, r->unknown);
		clock_obj(&j, "resolution", &r->resolution, r->unknown);
		json_int(&j, "paused_s", r->paused);
		if (r->waiting)   /* waiting on the school at now, not a late call */
			instant(&j, "waiting_since", r->t->waiting);
		reopen_fields(&j, r);
		json_str(&j, "feed", f->id);
		json_int(&j, "row", (int64_t)r->t->row);
		instant(&j, "opened", r->t->opened);
		json_str(&j, "priority", r->t->cell[FIELD_PRIORITY]);
		json_str(&j, "summary", r->t->cell[FIELD_SUMMARY]);
		json_str(&j, "status", r->t->cell[FIELD_STATUS]);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "obligations");
	for (size_t i = 0; i < ev->nob; i++) {
		const struct obligation *o = &ev->ob[i];
		const struct activity *a = &cfg->act[o->act];
		json_object(&j, NULL);
		json_str(&j, "activity", a->id);
		json_str(&j, "supplier", cfg->sup[a->supplier].id);
		date(&j, "period_start", o->first_day);
		date(&j, "period_end", o->end_day);
		json_str(&j, "status", evaluate_ob_status_name(o->status));
		json_int(&j, "evidence", (int64_t)o->evidence);
		json_str(&j, "every", config_period_name(a->every));
		json_int(&j, "times", a->times);
		json_str(&j, "function", a->function);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "hours");
	for (size_t i = 0; i < ev->nwk; i++) {
		const struct weekhours *w = &ev->wk[i];
		const struct supplier *sp = &cfg->sup[w->sup];
		char wk[16];
		civil_format_week(w->monday, wk, sizeof(wk));
		json_object(&j, NULL);
		json_str(&j, "supplier", sp->id);
		json_str(&j, "week", wk);
		json_fixed(&j, "contracted_h", sp->onsite_s * 1000000 / 3600, 6);
		json_fixed(&j, "delivered_h", w->delivered_uh, 6);
		json_str(&j, "status", evaluate_hours_status_name(w->status));
		date(&j, "week_start", w->monday);
		json_int(&j, "rows", (int64_t)w->rows);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "feeds");
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feedstat *fs = &ds->fs[i];
		json_object(&j, NULL);
		json_str(&j, "feed", cfg->feed[i].id);
		instant(&j, "last_success", ev->feed[i].last_success);
		json_str(&j, "status", evaluate_feed_status_name(ev->feed[i].status));
		quality(&j, &cfg->feed[i], &fs->health, &ev->feed[i]);
		if (fs->fetch_error)
			json_str(&j, "fetch_error", fs->fetch_error);
		json_str(&j, "supplier", cfg->sup[cfg->feed[i].supplier].id);
		json_str(&j, "kind", fields_kind_name(cfg->feed[i].kind));
		json_int(&j, "rows", (int64_t)fs->records);
		json_int(&j, "accepted", (int64_t)fs->accepted);
		json_int(&j, "rejected", (int64_t)fs->rejected);
		json_int(&j, "after_now", (int64_t)fs->future);
		copy_changes(&j, fs);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "functions");
	for (size_t i = 0; i < ev->nfn; i++) {
		const struct funcresult *fr = &ev->fn[i];
		json_object(&j, NULL);
		json_str(&j, "function", fr->function);
		json_str(&j, "owner", cfg->sup[fr->sup].id);
		json_int(&j, "periods", (int64_t)fr->periods);
		json_int(&j, "done", (int64_t)fr->done);
		if (fr->periods)
			json_fixed(&j, "compliance",
				   (int64_t)((fr->done * 20000 + fr->periods) / (2 * fr->periods)), 4);
		else
			json_null(&j, "compliance");
		json_int(&j, "evidence_rows", (int64_t)fr->evidence_rows);
		json_end_object(&j);
	}
	json_end_array(&j);

	json_array(&j, "findings");
	struct findgroups *gs = findgroup_make(cfg, &ev->findings);
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		json_object(&j, NULL);
		json_str(&j, "id", f->id);
		json_finding_group(&j, ev, gs, i);
		json_str(&j, "kind", finding_kind_name(f->kind));
		json_str(&j, "severity", f->red ? "red" : "amber");
		json_str(&j, "supplier", f->supplier);
		json_str(&j, "subject", f->subject);
		json_str(&j, "message", f->message);
		json_str(&j, "question", f->question);
		json_array(&j, "evidence");
		for (size_t e = 0; e < f->nev; e++) {
			json_object(&j, NULL);
			if (f->ev[e].feed)
				json_str(&j, "feed", f->ev[e].feed);
			if (f->ev[e].row)
				json_int(&j, "row", (int64_t)f->ev[e].row);
			if (f->ev[e].ticket)
				json_str(&j, "ticket", f->ev[e].ticket);
			if (f->ev[e].period)
				json_str(&j, "period", f->ev[e].period);
			json_end_object(&j);
		}
		json_end_array(&j);
		json_end_object(&j);
	}
	findgroup_free(gs);
	json_end_array(&j);

	credits_json(&j, cfg, ev);

	json_array(&j, "rejects");
	for (size_t i = 0; i < ds->nr; i++) {
		json_object(&j, NULL);
		json_str(&j, "feed", cfg->feed[ds->r[i].feed].id);
		json_int(&j, "row", (int64_t)ds->r[i].row);
		json_str(&j, "reason", ds->r[i].reason);
		json_end_object(&j);
	}
	json_end_array(&j);
	if (more)
		more(&j, ctx);
	json_end_object(&j);
	sb_putc(&sb, '\n');
	return sb_detach(&sb);
}

static char *render(const struct config *cfg, const struct dataset *ds,
		    const struct evaluation *ev)
{
	return report_json_render(cfg, ds, ev, NULL, NULL);
}

const struct report_backend report_json = { "json", render };
