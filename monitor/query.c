/* query — tables for the day-time questions. */
#include "query.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "config.h"
#include "credits.h"
#include "dataset.h"
#include "evaluate.h"
#include "money.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"
#include "wording.h"

static const char *const names[] = { "breaches", "activities", "hours", "feeds", "findings",
				     "rejects", "credits" };

int query_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], name))
			return (int)i;
	return -1;
}

int query_needs_evaluation(enum query_kind k)
{
	return k == Q_BREACHES || k == Q_ACTIVITIES || k == Q_HOURS || k == Q_CREDITS;
}

static int keep(const char *want, const char *sup)
{
	return !want || (sup && !strcmp(want, sup));
}

static void breaches(const struct config *cfg, const struct evaluation *ev, const char *sup,
		     struct table *t)
{
	static const char *const head[] = { "ticket", "supplier", "sla", "opened", "clock",
		"status", "elapsed_s", "target_s", "elapsed", "target", "summary" };
	table_init(t, 11, head);
	table_numeric(t, 6);
	table_numeric(t, 7);
	for (size_t i = 0; i < ev->ntk; i++) {
		const struct tresult *r = &ev->tk[i];
		const char *s = cfg->sup[cfg->feed[r->t->feed].supplier].id;
		if (!keep(sup, s))
			continue;
		const struct clock *c[2] = { &r->response, &r->resolution };
		for (int k = 0; k < 2; k++) {
			if (c[k]->status != CLOCK_BREACHED)
				continue;
			char opened[32], el[32], tg[32], es[32], ts[32];
			timefmt_local(cfg->tz, r->t->opened, opened, sizeof(opened));
			snprintf(es, sizeof(es), "%lld", (long long)c[k]->elapsed);
			snprintf(ts, sizeof(ts), "%lld", (long long)c[k]->target);
			wording_work_time(c[k]->elapsed, el, sizeof(el));
			wording_work_time(c[k]->target, tg, sizeof(tg));
			const char *row[] = { r->t->id, s, cfg->sla[r->sla].id, opened,
					      k ? "resolution" : "response",
					      c[k]->stopped ? "late" : r->waiting ?
					      "waiting on the school" : "late, still open", es, ts, el, tg,
					      r->t->cell[FIELD_SUMMARY] };
			table_add(t, row);
		}
	}
}

static void activities(const struct config *cfg, const struct evaluation *ev, const char *sup,
		       struct table *t)
{
	static const char *const head[] = { "activity", "supplier", "period_start", "period_end",
		"status", "evidence", "times", "title" };
	table_init(t, 8, head);
	table_numeric(t, 5);
	table_numeric(t, 6);
	for (size_t i = 0; i < ev->nob; i++) {
		const struct obligation *o = &ev->ob[i];
		const struct activity *a = &cfg->act[o->act];
		const char *s = cfg->sup[a->supplier].id;
		if (!keep(sup, s))
			continue;
		char d0[16], d1[16], n[24], times[16];
		civil_format_date(o->first_day, d0, sizeof(d0));
		civil_format_date(o->end_day, d1, sizeof(d1));
		snprintf(n, sizeof(n), "%zu", o->evidence);
		snprintf(times, sizeof(times), "%d", a->times);
		const char *row[] = { a->id, s, d0, d1, evaluate_ob_status_name(o->status), n, times,
				      a->title };
		table_add(t, row);
	}
}

static void hours(const struct config *cfg, const struct evaluation *ev, const char *sup,
		  struct table *t)
{
	static const char *const head[] = { "supplier", "week", "week_start", "contracted_h",
		"delivered_h", "status", "rows" };
	table_init(t, 7, head);
	table_numeric(t, 3);
	table_numeric(t, 4);
	table_numeric(t, 6);
	for (size_t i = 0; i < ev->nwk; i++) {
		const struct weekhours *w = &ev->wk[i];
		const struct supplier *sp = &cfg->sup[w->sup];
		if (!keep(sup, sp->id))
			continue;
		char wk[16], d[16], c[32], h[32], n[24];
		civil_format_week(w->monday, wk, sizeof(wk));
		civil_format_date(w->monday, d, sizeof(d));
		wording_hours(sp->onsite_s * 1000000 / 3600, c, sizeof(c));
		wording_hours(w->delivered_uh, h, sizeof(h));
		snprintf(n, sizeof(n), "%zu", w->rows);
		const char *row[] = { sp->id, wk, d, c, h, evaluate_hours_status_name(w->status), n };
		table_add(t, row);
	}
}

/* Format a nullable instant column as local time. */
static void local_col(const struct config *cfg, sqlite3_stmt *s, int i, char *buf, size_t n)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		buf[0] = '\0';
	else
		timefmt_local(cfg->tz, sqlite3_column_int64(s, i), buf, n);
}

static int feeds(const struct config *cfg, struct store *st, const char *sup, struct table *t,
		 char **err)
{
	static const char *const head[] = { "feed", "supplier", "kind", "last_success",
		"last_attempt", "last_error", "rows", "rejected", "url", "new", "corrected",
		"withdrawn" };
	table_init(t, 12, head);
	table_numeric(t, 6);
	table_numeric(t, 7);
	for (int c = 9; c < 12; c++)
		table_numeric(t, c);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *f = &cfg->feed[i];
		const char *s = cfg->sup[f->supplier].id;
		if (!keep(sup, s))
			continue;
		struct store_feed sf;
		if (store_feed_get(st, f->id, &sf, err) < 0)
			return -1;
		char a[32] = "", b[32] = "", n[24], r[24];
		if (sf.last_success != INT64_MIN)
			timefmt_local(cfg->tz, sf.last_success, a, sizeof(a));
		if (sf.last_attempt != INT64_MIN)
			timefmt_local(cfg->tz, sf.last_attempt, b, sizeof(b));
		snprintf(n, sizeof(n), "%lld", (long long)sf.rows);
		snprintf(r, sizeof(r), "%lld", (long long)sf.rejected);
		/* what the copy taken last brought; empty when not known */
		char cn[3][24] = { "", "", "" };
		const int64_t got[3] = { sf.copy_new, sf.copy_corrected, sf.copy_withdrawn };
		for (int c = 0; c < 3; c++)
			if (got[c] >= 0)
				snprintf(cn[c], sizeof(cn[c]), "%lld", (long long)got[c]);
		const char *row[] = { f->id, s, fields_kind_name(f->kind), a, b, sf.last_error, n,
				      r, f->url, cn[0], cn[1], cn[2] };
		table_add(t, row);
		store_feed_clear(&sf);
	}
	return 0;
}

/* The end of statement s's rows: 0, or -1 when it stopped on an error
 * (a damaged page is an error, never the last row). */
static int done(struct store *st, sqlite3_stmt *s, char **err)
{
	int rc = sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : errorf(err, "store: %s", sqlite3_errmsg(store_db(st)));
}

static int findings(const struct config *cfg, struct store *st, int64_t from, int64_t to,
		    const char *sup, struct table *t, char **err)
{
	static const char *const head[] = { "id", "kind", "severity", "supplier", "subject",
		"first_seen", "last_seen", "cleared", "message" };
	table_init(t, 9, head);
	sqlite3_stmt *s;
	/* open at some time in the window: first seen before its end, and not
	 * cleared before its start */
	if (sqlite3_prepare_v2(store_db(st), "SELECT id, kind, severity, supplier, subject, "
			       "first_seen, last_seen, cleared, message FROM findings WHERE "
			       "first_seen < ?1 AND (cleared IS NULL OR cleared >= ?2) AND "
			       "(?3 IS NULL OR supplier = ?3) ORDER BY severity DESC, kind, subject",
			       -1, &s, NULL) != SQLITE_OK)
		return errorf(err, "store: %s", sqlite3_errmsg(store_db(st)));
	sqlite3_bind_int64(s, 1, to);
	sqlite3_bind_int64(s, 2, from);
	if (sup)
		sqlite3_bind_text(s, 3, sup, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 3);
	while (sqlite3_step(s) == SQLITE_ROW) {
		char a[32], b[32], c[32];
		local_col(cfg, s, 5, a, sizeof(a));
		local_col(cfg, s, 6, b, sizeof(b));
		local_col(cfg, s, 7, c, sizeof(c));
		const char *row[] = { (const char *)sqlite3_column_text(s, 0),
				      (const char *)sqlite3_column_text(s, 1),
				      (const char *)sqlite3_column_text(s, 2),
				      (const char *)sqlite3_column_text(s, 3),
				      (const char *)sqlite3_column_text(s, 4), a, b, c,
				      (const char *)sqlite3_column_text(s, 8) };
		table_add(t, row);
	}
	return done(st, s, err);
}

static int rejects(const struct config *cfg, struct store *st, const char *sup,
		   struct table *t, char **err)
{
	static const char *const head[] = { "feed", "row", "reason" };
	table_init(t, 3, head);
	table_numeric(t, 1);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT feed, row, reason FROM rejects ORDER BY feed,"
			       " row", -1, &s, NULL) != SQLITE_OK)
		return errorf(err, "store: %s", sqlite3_errmsg(store_db(st)));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *feed = (const char *)sqlite3_column_text(s, 0);
		const char *fs = NULL;
		for (size_t i = 0; i < cfg->nfeed; i++)
			if (!strcmp(cfg->feed[i].id, feed))
				fs = cfg->sup[cfg->feed[i].supplier].id;
		if (!keep(sup, fs))
			continue;
		const char *row[] = { feed, (const char *)sqlite3_column_text(s, 1),
				      (const char *)sqlite3_column_text(s, 2) };
		table_add(t, row);
	}
	return done(st, s, err);
}

/* Service credits: a row per item of each supplier's judged months (an
 * unknown month is one row), with the month's total beside it. */
static void credits(const struct config *cfg, const struct evaluation *ev, const char *sup,
		    struct table *t)
{
	static const char *const head[] = { "supplier", "month", "status", "item", "calls",
		"met", "compliance", "missed", "tier", "percent", "amount", "month_total",
		"capped" };
	table_init(t, 13, head);
	for (int c = 4; c <= 7; c++)
		table_numeric(t, c);
	for (size_t i = 0; i < ev->ncredit; i++) {
		const struct creditmonth *m = &ev->credit[i];
		const struct supplier *sp = &cfg->sup[m->sup];
		if (!keep(sup, sp->id))
			continue;
		char month[16], total[48];
		credits_month_label(m->first_day, month, sizeof(month));
		money_format(m->total, "", total, sizeof(total));
		if (m->unknown) {
			const char *row[] = { sp->id, month, "unknown", "", "", "", "", "", "", "", "",
					      "", "" };
			table_add(t, row);
			continue;
		}
		const char *status = m->total > 0 ? "owed" : "none";
		for (size_t k = 0; k < m->nitem; k++) {
			const struct credititem *c = &m->item[k];
			char item[160], calls[24] = "", met[24] = "", comp[24] = "", missed[24] = "",
			     tier[24] = "", pct[24], amt[48];
			if (c->kind == CREDIT_SLA) {
				const struct sla *s = &cfg->sla[c->index];
				snprintf(item, sizeof(item), "sla %s", s->id);
				snprintf(calls, sizeof(calls), "%zu", c->tickets);
				snprintf(met, sizeof(met), "%zu", c->met);
				if (c->has_compliance)
					snprintf(comp, sizeof(comp), "%d.%04d", c->compliance / 10000,
						 c->compliance % 10000);
				if (c->tier >= 0)
					money_format_percent(s->credit[c->tier].below_ppm, tier,
							     sizeof(tier));
			} else {
				snprintf(item, sizeof(item), "activity %s", cfg->act[c->index].id);
				snprintf(missed, sizeof(missed), "%zu", c->missed);
			}
			money_format_percent(c->percent_ppm, pct, sizeof(pct));
			money_format(c->amount, "", amt, sizeof(amt));
			const char *row[] = { sp->id, month, status, item, calls, met, comp, missed,
					      tier, pct, amt, total, m->capped ? "yes" : "no" };
			table_add(t, row);
		}
	}
}

int query_build(enum query_kind k, const struct config *cfg, struct store *st,
		const struct dataset *ds, const struct evaluation *ev, int64_t from, int64_t to,
		const char *supplier, struct table *t, char **err)
{
	(void)ds;
	switch (k) {
	case Q_BREACHES:
		breaches(cfg, ev, supplier, t);
		return 0;
	case Q_ACTIVITIES:
		activities(cfg, ev, supplier, t);
		return 0;
	case Q_HOURS:
		hours(cfg, ev, supplier, t);
		return 0;
	case Q_FEEDS:
		return feeds(cfg, st, supplier, t, err);
	case Q_FINDINGS:
		return findings(cfg, st, from, to, supplier, t, err);
	case Q_CREDITS:
		credits(cfg, ev, supplier, t);
		return 0;
	default:
		return rejects(cfg, st, supplier, t, err);
	}
}
