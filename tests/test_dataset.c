/*
 * Tests for dataset's ticket map (lib/hashmap.c underneath): a ticket is
 * known by its feed and its id together, a row of a ticket already seen
 * replaces it in place, ids too long for the key's stack buffer work, and
 * the map still finds every ticket after dataset_sort_tickets moves them.
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
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
