/*
 * select: what a load keeps.  Whole tickets of a ticket-events feed given
 * through the select step with a window, late calls only, one id, or
 * everything; and the summary test a store uses to pass a ticket over
 * without reading its events, which must never pass over one the window
 * keeps.
 */
#include <string.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "feedkind.h"
#include "fields.h"
#include "select.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#include "testutil.h"

#define CONF SRCDIR "/tests/data/scenarios/ticket-events/fitsmon.conf"

/* Office hours Mon-Fri 09:00-17:00 GMT; SLA "all": respond 1h, resolve 8h.
 * The window is Mon 23 Nov to Fri 27 Nov; now is Fri 27 Nov 18:00. */
struct ev {
	const char *id, *at, *status;
};
static const struct ev events[] = {
	/* A: opened and resolved the week before: nothing of it is in the window */
	{ "A", "2026-11-16T09:00:00Z", "New" },
	{ "A", "2026-11-16T10:00:00Z", "Resolved" },
	/* B: opened the week before, answered, never resolved: open at now,
	 * and late (8h of office time ran out long ago) */
	{ "B", "2026-11-16T09:00:00Z", "New" },
	{ "B", "2026-11-16T09:10:00Z", "In progress" },
	/* C: opened and resolved in the window, on time */
	{ "C", "2026-11-24T09:00:00Z", "New" },
	{ "C", "2026-11-24T10:00:00Z", "Resolved" },
	/* E: opened before the window, resolved in it */
	{ "E", "2026-11-20T09:00:00Z", "New" },
	{ "E", "2026-11-23T10:00:00Z", "Resolved" },
	/* F: every event after now: not a ticket yet */
	{ "F", "2026-11-28T09:00:00Z", "New" },
};
#define NEV (sizeof(events) / sizeof(events[0]))

static struct config *cfg;
static int64_t now, from_day, to_day;
static char *prio[FIELD_COUNT] = { [FIELD_PRIORITY] = "P3" };

static void setup(void)
{
	char *err = NULL;
	cfg = config_load(CONF, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_int_eq(timefmt_parse_iso8601("2026-11-27T18:00:00Z", cfg->tz, &now), 0);
	ck_assert_int_eq(civil_parse_date("2026-11-23", 10, &from_day), 0);
	ck_assert_int_eq(civil_parse_date("2026-11-28", 10, &to_day), 0);
}

static void teardown(void)
{
	config_free(cfg);
	cfg = NULL;
}

/* The rows of ticket id (in time order, as a store gives them); n rows. */
static size_t rows_of(const char *id, struct feedrow *r)
{
	size_t n = 0;
	for (size_t i = 0; i < NEV; i++) {
		if (strcmp(events[i].id, id))
			continue;
		memset(&r[n], 0, sizeof(r[n]));
		r[n].row = i + 2;
		r[n].id = events[i].id;
		r[n].status = events[i].status;
		r[n].opened = r[n].responded = r[n].resolved = TS_NONE;
		ck_assert_int_eq(timefmt_parse_iso8601(events[i].at, cfg->tz, &r[n].at), 0);
		r[n].cell = prio;
		n++;
	}
	return n;
}

/* A dataset of every ticket given whole through s; the ids kept, in a
 * string such as "BC", and how many were dropped. */
static struct dataset *load(const struct select *s, char *kept, size_t size)
{
	struct dataset *ds = dataset_new(cfg, now);
	static const char *const ids[] = { "A", "B", "C", "E", "F" };
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct feedrow r[8];
		size_t n = rows_of(ids[i], r);
		select_add_events(s, ds, 0, r, n);
	}
	dataset_finish(ds);
	size_t k = 0;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]) && k + 1 < size; i++)
		if (dataset_find(ds, 0, ids[i]))
			kept[k++] = ids[i][0];
	kept[k] = '\0';
	return ds;
}

START_TEST(everything)
{
	struct select s = select_all();
	char kept[8];
	struct dataset *ds = load(&s, kept, sizeof(kept));
	ck_assert_str_eq(kept, "ABCE");
	ck_assert_uint_eq(ds->dropped, 0);
	ck_assert_uint_eq(ds->fs[0].future, 1);   /* F's one event */
	dataset_free(ds);
	/* NULL is everything too */
	ds = load(NULL, kept, sizeof(kept));
	ck_assert_str_eq(kept, "ABCE");
	dataset_free(ds);
}
END_TEST

START_TEST(window)
{
	struct select s = select_window(cfg, from_day, to_day, 0);
	/* activity rows from the window's start, tickets from the previous
	 * window's (trends.h: 5 days before, Wed 18 Nov) */
	ck_assert_int_eq(s.since, tz_midnight(cfg->tz, from_day));
	ck_assert_int_eq(s.from, tz_midnight(cfg->tz, from_day - (to_day - from_day)));
	ck_assert_int_eq(s.late_only, 0);
	char kept[8];
	struct dataset *ds = load(&s, kept, sizeof(kept));
	/* B still open at now, C opened in the window, E opened in the
	 * window before it (the trends', 18-23 Nov: trends.h; it is also
	 * resolved within reopen_window of the window's start, reopen.h);
	 * A closed before either */
	ck_assert_str_eq(kept, "BCE");
	ck_assert_uint_eq(ds->dropped, 1);
	/* a dropped ticket's events still count as taken */
	ck_assert_uint_eq(ds->fs[0].accepted, 8);
	dataset_free(ds);
	/* a one-day window, Fri 27 Nov (the trends' window before it is Thu
	 * 26): C and E, resolved on 24 and 23 Nov, are kept only because a
	 * window call may reopen them (reopen_window 5d, reopen.h) */
	s = select_window(cfg, to_day - 1, to_day, 0);
	ds = load(&s, kept, sizeof(kept));
	ck_assert_str_eq(kept, "BCE");
	dataset_free(ds);
	/* with reopen_window = 0 everywhere, they are not */
	for (size_t k = 0; k < cfg->nsla; k++)
		cfg->sla[k].reopen_window = 0;
	s = select_window(cfg, to_day - 1, to_day, 0);
	ds = load(&s, kept, sizeof(kept));
	ck_assert_str_eq(kept, "B");
	ck_assert_uint_eq(ds->dropped, 3);
	dataset_free(ds);
}
END_TEST

START_TEST(late_only)
{
	struct select s = select_window(cfg, from_day, to_day, 1);
	ck_assert_int_eq(s.since, INT64_MAX);   /* no activity row */
	char kept[8];
	struct dataset *ds = load(&s, kept, sizeof(kept));
	ck_assert_str_eq(kept, "B");
	ck_assert_int_eq(dataset_find(ds, 0, "B")->sla, 1);   /* "all" */
	dataset_free(ds);
}
END_TEST

START_TEST(one_ticket)
{
	struct select s = select_one("C");
	char kept[8];
	struct dataset *ds = load(&s, kept, sizeof(kept));
	ck_assert_str_eq(kept, "C");
	dataset_free(ds);
	/* row by row too: another id's events never reach the dataset */
	ds = dataset_new(cfg, now);
	struct feedrow r[8];
	size_t n = rows_of("B", r);
	for (size_t i = 0; i < n; i++)
		select_add(&s, ds, 0, &r[i]);
	n = rows_of("C", r);
	for (size_t i = 0; i < n; i++)
		select_add(&s, ds, 0, &r[i]);
	dataset_finish(ds);
	ck_assert_ptr_null(dataset_find(ds, 0, "B"));
	ck_assert_ptr_nonnull(dataset_find(ds, 0, "C"));
	ck_assert_uint_eq(ds->fs[0].accepted, 2);
	dataset_free(ds);
}
END_TEST

START_TEST(chart)
{
	struct select w = select_window(cfg, from_day, to_day, 0);
	struct select c = select_chart(cfg, from_day, to_day);
	ck_assert_int_lt(c.from, w.from);         /* the chart's 12 weeks */
	ck_assert_int_eq(c.since, w.since);       /* no more activity rows */
	ck_assert_int_eq(c.to, w.to);
	char kept[8];
	struct dataset *ds = load(&c, kept, sizeof(kept));
	ck_assert_str_eq(kept, "ABCE");
	dataset_free(ds);
}
END_TEST

/* Passed over only when the window would drop it: never B, open at now. */
START_TEST(passes_over)
{
	struct select s = select_window(cfg, from_day, to_day, 0);
	const struct feed *f = &cfg->feed[0];
	static const char *const ids[] = { "A", "B", "C", "E" };
	static const int want[] = { 1, 0, 0, 0 };
	for (size_t i = 0; i < 4; i++) {
		struct feedrow r[8];
		size_t n = rows_of(ids[i], r);
		int over = select_passes_over(&s, f, now, r[n - 1].at, r[n - 1].status, TS_NONE);
		ck_assert_msg(over == want[i], "%s: passed over %d", ids[i], over);
		/* and what is passed over, the window drops */
		struct dataset *ds = dataset_new(cfg, now);
		struct ticket t;
		ck_assert_int_ge(dataset_ticket_derive(ds, 0, r, n, &t), 0);
		ck_assert(!over || !select_window_keeps(&s, &t));
		dataset_ticket_drop(ds, &t);
		dataset_free(ds);
	}
	/* an `opened` column in the window keeps it */
	struct feedrow r[8];
	size_t n = rows_of("A", r);
	ck_assert_int_eq(select_passes_over(&s, f, now, r[n - 1].at, r[n - 1].status,
					    tz_midnight(cfg->tz, from_day) + 3600), 0);
	/* with no window nothing is passed over */
	struct select all = select_all();
	ck_assert_int_eq(select_passes_over(&all, f, now, r[n - 1].at, r[n - 1].status, TS_NONE),
			 0);
	/* in a one-day window (its trends' window before it, one day too), a
	 * call whose last event (resolved) is three days before the window is
	 * within reopen_window (5d) of it: a window call may reopen it, so it
	 * is read; six days before, it is not */
	struct select day = select_window(cfg, to_day - 1, to_day, 0);
	int64_t start = tz_midnight(cfg->tz, to_day - 1);
	ck_assert_int_eq(select_passes_over(&day, f, now, start - 3 * 86400, "Resolved", TS_NONE),
			 0);
	ck_assert_int_eq(select_passes_over(&day, f, now, start - 6 * 86400, "Resolved", TS_NONE),
			 1);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("select");
	TCase *tc = tcase_create("select");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, everything);
	tcase_add_test(tc, window);
	tcase_add_test(tc, late_only);
	tcase_add_test(tc, one_ticket);
	tcase_add_test(tc, chart);
	tcase_add_test(tc, passes_over);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
