/*
 * explanation: one ticket's clocks piece by piece.  A small ticket's
 * pieces, reasons, running totals and the response stop, exactly; a long
 * ticket's pieces checked against the clocks and against a plain search
 * of its spans; and the work done classifying them, which grows with the
 * events, not with their square (issue 18: `explain` on a ticket with
 * 200,000 events took 13 s).
 */
#include <string.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "explanation.h"
#include "feedkind.h"
#include "fields.h"
#include "timefmt.h"
#include "util.h"

#include "testutil.h"

/* Office hours Mon-Fri 09:00-17:00; SLA "all": respond 1h, resolve 8h. */
#define CONF SRCDIR "/tests/data/scenarios/ticket-events/fitsmon.conf"

static struct config *cfg;
static int64_t now;
static char *prio[FIELD_COUNT] = { [FIELD_PRIORITY] = "P3" };

static void setup(void)
{
	char *err = NULL;
	cfg = config_load(CONF, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(timefmt_parse_iso8601("2026-11-27T18:00:00Z", cfg->tz, &now), 0);
}

static void teardown(void)
{
	config_free(cfg);
	cfg = NULL;
}

static int64_t at(const char *iso)
{
	int64_t t;
	ck_assert_int_eq(timefmt_parse_iso8601(iso, cfg->tz, &t), 0);
	return t;
}

/* A dataset holding one ticket "T" of the events r[0..n). */
static struct dataset *one_ticket(struct feedrow *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		r[i].row = i + 2;
		r[i].id = "T";
		r[i].opened = r[i].responded = r[i].resolved = TS_NONE;
		r[i].cell = prio;
	}
	struct dataset *ds = dataset_new(cfg, now);
	dataset_add_events(ds, 0, r, n);
	dataset_finish(ds);
	ck_assert_ptr_nonnull(dataset_find(ds, 0, "T"));
	return ds;
}

struct want {
	const char *from, *to;
	enum expl_reason reason;
	int weekday;
	const char *label;
	int64_t total;
	int stops;
};

START_TEST(small_ticket)
{
	struct feedrow r[7];
	memset(r, 0, sizeof(r));
	static const char *const ev[][2] = {
		{ "2026-11-20T16:00:00Z", "New" },            /* Fri */
		{ "2026-11-20T16:30:00Z", "In progress" },    /* answered */
		{ "2026-11-23T10:00:00Z", "Awaiting parts" }, /* Mon */
		{ "2026-11-23T11:00:00Z", "In progress" },
		{ "2026-11-23T12:00:00Z", "Resolved" },
		{ "2026-11-23T13:00:00Z", "In progress" },    /* reopened */
		{ "2026-11-23T14:00:00Z", "Closed" },
	};
	for (size_t i = 0; i < 7; i++) {
		r[i].at = at(ev[i][0]);
		r[i].status = ev[i][1];
	}
	struct dataset *ds = one_ticket(r, 7);
	char *err = NULL;
	struct explanations *xs = explanations_of(cfg, ds, "T", now, &err);
	ck_assert_msg(xs != NULL, "%s", err);
	ck_assert_uint_eq(xs->n, 1);
	const struct explanation *x = &xs->v[0];
	ck_assert_str_eq(x->id, "T");
	ck_assert_str_eq(x->feed, "events");
	ck_assert_str_eq(x->sla, "all");
	ck_assert_ptr_null(x->sla_when);
	ck_assert_str_eq(x->calendar, "office");
	ck_assert_int_eq(x->opened, at("2026-11-20T16:00:00Z"));
	ck_assert_int_eq(x->responded, at("2026-11-20T16:30:00Z"));
	ck_assert_int_eq(x->resolved, at("2026-11-23T14:00:00Z"));
	ck_assert_str_eq(x->response.status, "met");
	ck_assert_int_eq(x->response.elapsed, 1800);
	ck_assert_int_eq(x->response.target, 3600);
	ck_assert_str_eq(x->resolution.status, "met");
	ck_assert_int_eq(x->resolution.elapsed, 4 * 3600);
	ck_assert_int_eq(x->paused, 3600);
	static const struct want w[] = {
		{ "2026-11-20T16:00:00Z", "2026-11-20T16:30:00Z", EXPL_COUNTED, 0, NULL, 1800, 1 },
		{ "2026-11-20T16:30:00Z", "2026-11-20T17:00:00Z", EXPL_COUNTED, 0, NULL, 3600, 0 },
		{ "2026-11-20T17:00:00Z", "2026-11-21T00:00:00Z", EXPL_OUTSIDE_HOURS, 0, NULL, 3600, 0 },
		{ "2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z", EXPL_NO_HOURS, 6, NULL, 3600, 0 },
		{ "2026-11-22T00:00:00Z", "2026-11-23T00:00:00Z", EXPL_NO_HOURS, 7, NULL, 3600, 0 },
		{ "2026-11-23T00:00:00Z", "2026-11-23T09:00:00Z", EXPL_OUTSIDE_HOURS, 0, NULL, 3600, 0 },
		{ "2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z", EXPL_COUNTED, 0, NULL, 7200, 0 },
		{ "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z", EXPL_PAUSED, 0, "Awaiting parts", 7200, 0 },
		{ "2026-11-23T11:00:00Z", "2026-11-23T12:00:00Z", EXPL_COUNTED, 0, NULL, 10800, 0 },
		{ "2026-11-23T12:00:00Z", "2026-11-23T13:00:00Z", EXPL_REOPENED, 0, NULL, 10800, 0 },
		{ "2026-11-23T13:00:00Z", "2026-11-23T14:00:00Z", EXPL_COUNTED, 0, NULL, 14400, 0 },
	};
	size_t nw = sizeof(w) / sizeof(w[0]);
	ck_assert_uint_eq(x->npiece, nw);
	for (size_t i = 0; i < nw; i++) {
		const struct expl_piece *p = &x->piece[i];
		ck_assert_msg(p->from == at(w[i].from) && p->to == at(w[i].to),
			      "piece %zu: not %s..%s", i, w[i].from, w[i].to);
		ck_assert_msg(p->reason == w[i].reason, "piece %zu: reason %d, not %d", i,
			      (int)p->reason, (int)w[i].reason);
		ck_assert_int_eq(p->weekday, w[i].weekday);
		if (w[i].label)
			ck_assert_str_eq(p->label, w[i].label);
		else
			ck_assert_ptr_null(p->label);
		ck_assert_int_eq(p->total, w[i].total);
		ck_assert_int_eq(p->response_stops, w[i].stops);
	}
	explanations_free(xs);
	/* no such ticket */
	ck_assert_ptr_null(explanations_of(cfg, ds, "NOPE", now, &err));
	ck_assert_str_eq(err, "no ticket 'NOPE' in any feed");
	free(err);
	dataset_free(ds);
}
END_TEST

/* The span of v[0..n) holding t, by looking at every one; -1 for none. */
static long plain_search(const struct span *v, size_t n, int64_t t)
{
	for (size_t i = 0; i < n; i++)
		if (t >= v[i].a && t < v[i].b)
			return (long)i;
	return -1;
}

#define LONG_EVENTS 20000

START_TEST(long_ticket)
{
	/* one event every 7 minutes from Mon 2 Nov 09:00, cycling through
	 * work, two pauses and a resolution the ticket later leaves */
	static const char *const cycle[] = { "In progress", "Awaiting parts", "In progress",
					     "On hold", "In progress", "Resolved" };
	struct feedrow *r = xcalloc(LONG_EVENTS, sizeof(*r));
	int64_t t0 = at("2026-11-02T09:00:00Z");
	for (size_t i = 0; i < LONG_EVENTS; i++) {
		r[i].at = t0 + (int64_t)i * 420;
		r[i].status = i == 0 ? "New" : i + 1 == LONG_EVENTS ? "Closed"
						: cycle[(i - 1) % 6];
	}
	int64_t late = r[LONG_EVENTS - 1].at + 86400;
	struct dataset *ds = dataset_new(cfg, late);
	for (size_t i = 0; i < LONG_EVENTS; i++) {
		r[i].row = i + 2;
		r[i].id = "T";
		r[i].opened = r[i].responded = r[i].resolved = TS_NONE;
		r[i].cell = prio;
	}
	dataset_add_events(ds, 0, r, LONG_EVENTS);
	dataset_finish(ds);
	const struct ticket *t = dataset_find(ds, 0, "T");
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_gt(t->npause, LONG_EVENTS / 4);
	ck_assert_uint_gt(t->nexcl, LONG_EVENTS / 4);
	struct explanation x;
	explanation_build(cfg, t, late, &x);
	ck_assert_uint_gt(x.npiece, LONG_EVENTS / 8);

	/* the pieces tile the ticket's life, and their counted time is the
	 * resolution clock's */
	ck_assert_int_eq(x.piece[0].from, t->opened);
	ck_assert_int_eq(x.piece[x.npiece - 1].to, t->resolved);
	int64_t counted = 0;
	size_t stops = 0;
	for (size_t i = 0; i < x.npiece; i++) {
		const struct expl_piece *p = &x.piece[i];
		ck_assert_int_lt(p->from, p->to);
		if (i)
			ck_assert_int_eq(p->from, x.piece[i - 1].to);
		if (p->reason == EXPL_COUNTED)
			counted += p->to - p->from;
		ck_assert_int_eq(p->total, counted);
		stops += (size_t)p->response_stops;
		/* each reason as a plain search of the spans gives it */
		long k = plain_search(t->pause, t->npause, p->from);
		long e = plain_search(t->excl, t->nexcl, p->from);
		switch (p->reason) {
		case EXPL_PAUSED:
			ck_assert_msg(k >= 0, "piece %zu: paused outside every pause", i);
			ck_assert_str_eq(p->label, t->pause_status[k]);
			break;
		case EXPL_REOPENED:
			ck_assert_msg(k < 0 && e >= 0, "piece %zu: not a reopen gap", i);
			break;
		case EXPL_COUNTED:
			ck_assert_msg(k < 0 && e < 0, "piece %zu: counted inside a span", i);
			break;
		default:
			break;
		}
	}
	ck_assert_int_eq(counted, x.resolution.elapsed);
	ck_assert_uint_eq(stops, 1);

	/* the work of classifying grows with the events: each span is passed
	 * once, and each piece (before merging: a few per merged piece) asks
	 * twice; a search from the first span for every piece looks at about
	 * pieces x spans / 2, here some 10^8 */
	size_t bound = 3 * (x.npiece + t->npause + t->nexcl);
	ck_assert_msg(x.steps <= bound, "%zu span entries looked at for %zu pieces and %zu spans",
		      x.steps, x.npiece, t->npause + t->nexcl);
	explanation_release(&x);
	dataset_free(ds);
	free(r);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("explanation");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, small_ticket);
	tcase_add_test(tc, long_ticket);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
