/*
 * Tests for dataset's ticket map (lib/hashmap.c underneath): a ticket is
 * known by its feed and its id together, a row of a ticket already seen
 * replaces it in place, ids too long for the key's stack buffer work, and
 * the map still finds every ticket after dataset_sort_tickets moves them;
 * the stamp rule over a ticket's copies.
 */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "feedkind.h"
#include "fields.h"

static char *const no_cells[FIELD_COUNT];

static void add(struct dataset *ds, int feed, const char *id, int64_t opened)
{
	struct feedrow r = { .row = 2, .id = id, .opened = opened, .responded = TS_NONE,
			     .resolved = TS_NONE, .at = TS_NONE, .cell = no_cells };
	dataset_add(ds, feed, &r);
}

/* One version of ticket T1 from the copy fetched at `at` (copy_before:
 * the last copy fetched before it). */
static void version(struct dataset *ds, int64_t at, int64_t before, int64_t opened,
		    int64_t resolved)
{
	struct feedrow r = { .row = 2, .id = "T1", .opened = opened, .responded = TS_NONE,
			     .resolved = resolved, .at = TS_NONE, .cell = no_cells };
	ds->copy_at = at;
	ds->copy_before = before;
	dataset_add(ds, 0, &r);
}

/* The stamp rule (DESIGN.md "Nightly copies"), copy by copy: copies at
 * 1000, 2000 (both open), 3000 (fixed at 2500), 4000 (fixed at 1500:
 * before the copy at 2000 that showed it open: a rewrite), 5000 (fixed
 * at 2200: earlier than reported but after 2000: no new rewrite). */
START_TEST(stamp_rule)
{
	struct feed feed[1] = { { .kind = KIND_TICKETS, .supplier = 0 } };
	struct config cfg = { 0 };
	cfg.feed = feed;
	cfg.nfeed = 1;
	struct dataset *ds = dataset_new(&cfg, 100000);
	version(ds, 1000, TS_NONE, 100, TS_NONE);
	/* the copy at 2000 showed the same version: not stored, but a copy */
	version(ds, 3000, 2000, 100, 2500);
	const struct ticket *t = dataset_find(ds, 0, "T1");
	ck_assert_int_eq(t->resolved, 2500);
	ck_assert_int_eq(t->copies->stop[1].without_at, 2000);
	ck_assert_int_eq(t->copies->stop[1].moved, TS_NONE);
	version(ds, 4000, 3000, 100, 1500);
	t = dataset_find(ds, 0, "T1");
	ck_assert_int_eq(t->copies->stop[1].moved, 1500);
	ck_assert_int_eq(t->copies->stop[1].moved_at, 4000);
	ck_assert_int_eq(t->copies->stop[1].moved_without, 2000);
	ck_assert_int_eq(t->copies->stop[1].was, 2500);
	ck_assert_int_eq(t->resolved, 2500);   /* the stamp first reported */
	/* opened moved later: the earliest stays, the move is noted */
	version(ds, 5000, 4000, 300, 2200);
	t = dataset_find(ds, 0, "T1");
	ck_assert_int_eq(t->opened, 100);
	ck_assert_int_eq(t->copies->opened_moved, 300);
	ck_assert_int_eq(t->copies->opened_was_at, 1000);
	ck_assert_int_eq(t->resolved, 2500);
	/* a second row of the same copy replaces the one before it */
	version(ds, 5000, 4000, 100, 2600);
	t = dataset_find(ds, 0, "T1");
	ck_assert_int_eq(t->copies->opened_moved, TS_NONE);
	ck_assert_int_eq(t->resolved, 2600);   /* moved later: counts */
	ck_assert_uint_eq(t->copies->n, 4);
	/* the fix withdrawn: the clock runs again */
	version(ds, 6000, 5000, 100, TS_NONE);
	ck_assert_int_eq(dataset_find(ds, 0, "T1")->resolved, TS_NONE);
	dataset_free(ds);
}
END_TEST

START_TEST(feed_and_id)
{
	struct feed feed[2] = { { .kind = KIND_TICKETS, .supplier = 0 },
				{ .kind = KIND_TICKETS, .supplier = 0 } };
	struct config cfg = { 0 };
	cfg.feed = feed;
	cfg.nfeed = 2;
	struct dataset *ds = dataset_new(&cfg, 2000000000);
	char longid[300];
	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	add(ds, 0, "T1", 100);
	add(ds, 1, "T1", 200);      /* the same id in another feed: another ticket */
	add(ds, 0, longid, 300);
	add(ds, 0, "T1", 150);      /* a later row of feed 0's T1 replaces it */
	ck_assert_uint_eq(ds->nt, 3);
	ck_assert_int_eq(dataset_find(ds, 0, "T1")->opened, 150);
	ck_assert_int_eq(dataset_find(ds, 1, "T1")->opened, 200);
	ck_assert_int_eq(dataset_find(ds, 0, longid)->opened, 300);
	ck_assert_ptr_null(dataset_find(ds, 1, longid));
	ck_assert_ptr_null(dataset_find(ds, 0, "T2"));
	ck_assert_ptr_null(dataset_find(ds, 0, "T"));
	dataset_free(ds);
}
END_TEST

START_TEST(found_after_sort)
{
	enum { N = 5000 };
	struct feed feed[1] = { { .kind = KIND_TICKETS, .supplier = 0 } };
	struct config cfg = { 0 };
	cfg.feed = feed;
	cfg.nfeed = 1;
	struct dataset *ds = dataset_new(&cfg, 2000000000);
	char id[32];
	for (int i = N - 1; i >= 0; i--) {   /* in reverse: the sort moves them all */
		snprintf(id, sizeof(id), "INC%05d", i);
		add(ds, 0, id, 1000 + i);
	}
	dataset_sort_tickets(ds, 0);
	ck_assert_str_eq(ds->t[0].id, "INC00000");
	for (int i = 0; i < N; i++) {
		snprintf(id, sizeof(id), "INC%05d", i);
		const struct ticket *t = dataset_find(ds, 0, id);
		ck_assert_msg(t != NULL, "%s not found after the sort", id);
		ck_assert_str_eq(t->id, id);
		ck_assert_int_eq(t->opened, 1000 + i);
	}
	/* and a row of a ticket seen before still lands on it, not a new one */
	add(ds, 0, "INC00007", 42);
	ck_assert_uint_eq(ds->nt, N);
	ck_assert_int_eq(dataset_find(ds, 0, "INC00007")->opened, 42);
	dataset_free(ds);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("dataset");
	TCase *tc = tcase_create("tickets");
	tcase_add_test(tc, feed_and_id);
	tcase_add_test(tc, found_after_sort);
	tcase_add_test(tc, stamp_rule);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
