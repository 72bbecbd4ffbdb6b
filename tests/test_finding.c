/*
 * Findings lists: their string pool, lists moved from one to another (what
 * the threads of an evaluation do with their late-call findings), and the
 * order they are sorted in.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "pool.h"
#include "util.h"

#include "testutil.h"

START_TEST(strings_and_sizes)
{
	struct pool *p = pool_new();
	char *keep[3000];
	for (int i = 0; i < 3000; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "string %d", i);
		keep[i] = pool_strdup(p, buf);
		if (i % 100 == 0) {
			/* now and then one too big for a shared chunk */
			char *big = pool_alloc(p, 40000);
			memset(big, 'x', 40000);
			ck_assert_uint_eq((uintptr_t)big % alignof(max_align_t), 0);
		}
		void *v = pool_alloc(p, (size_t)i % 37 + 1);
		ck_assert_uint_eq((uintptr_t)v % alignof(max_align_t), 0);
		memset(v, 0xa5, (size_t)i % 37 + 1);
	}
	/* nothing written later ran over what came before */
	for (int i = 0; i < 3000; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "string %d", i);
		ck_assert_str_eq(keep[i], buf);
	}
	ck_assert_str_eq(pool_strndup(p, "abcdef", 3), "abc");
	ck_assert_str_eq(pool_strdup(p, ""), "");
	pool_free(p);
	pool_free(NULL);
}
END_TEST

START_TEST(absorb)
{
	struct pool *a = pool_new(), *b = pool_new(), *empty = pool_new();
	char *in_b = pool_strdup(b, "from b");
	char *big_b = pool_alloc(b, 100000);
	strcpy(big_b, "big from b");
	char *in_a = pool_strdup(a, "from a");
	pool_absorb(a, b);
	pool_absorb(a, empty);
	/* a's own chunk is still the one being filled */
	char *next = pool_strdup(a, "after");
	ck_assert_str_eq(in_b, "from b");
	ck_assert_str_eq(big_b, "big from b");
	ck_assert_str_eq(in_a, "from a");
	ck_assert_str_eq(next, "after");
	ck_assert_ptr_eq(next, in_a + strlen(in_a) + 1);
	struct pool *fresh = pool_new(), *c = pool_new();
	char *in_c = pool_strdup(c, "from c");
	pool_absorb(fresh, c);   /* into a pool that has nothing yet */
	ck_assert_str_eq(in_c, "from c");
	pool_free(fresh);
	pool_free(a);   /* frees b's chunks too (valgrind and ASan would see a leak) */
}
END_TEST

static void add(struct finding_list *l, const char *subject, int evidence)
{
	struct finding *f = finding_add(l, FK_TICKET_BREACHED, 0, "acme", subject);
	f->message = finding_keep(f, xasprintf("Call %s was late.", subject));
	f->question = finding_text(f, "Why?", 4);
	for (int i = 0; i < evidence; i++)
		finding_evidence(f, "desk", (size_t)i + 1, subject, NULL);
}

START_TEST(list_take)
{
	struct finding_list dst = { 0 }, src = { 0 }, none = { 0 };
	add(&dst, "A-1", 1);
	for (int i = 0; i < 50; i++) {
		char id[16];
		snprintf(id, sizeof(id), "B-%d", i);
		add(&src, id, i % 3 + 1);
	}
	finding_list_take(&dst, &src);
	finding_list_take(&dst, &none);
	ck_assert_uint_eq(src.n, 0);
	ck_assert_ptr_null(src.v);
	ck_assert_ptr_null(src.pool);
	finding_list_free(&src);   /* empty: nothing left to free twice */
	ck_assert_uint_eq(dst.n, 51);
	ck_assert_str_eq(dst.v[0].subject, "A-1");
	for (int i = 0; i < 50; i++) {
		const struct finding *f = &dst.v[i + 1];
		char id[16], msg[64];
		snprintf(id, sizeof(id), "B-%d", i);
		snprintf(msg, sizeof(msg), "Call %s was late.", id);
		ck_assert_str_eq(f->subject, id);
		ck_assert_str_eq(f->supplier, "acme");
		ck_assert_str_eq(f->message, msg);
		ck_assert_str_eq(f->question, "Why?");
		ck_assert_uint_eq(f->nev, (size_t)(i % 3 + 1));
		ck_assert_str_eq(f->ev[f->nev - 1].ticket, id);
		ck_assert_ptr_eq(f->pool, dst.pool);
	}
	/* a finding added after the move still gets words that last */
	add(&dst, "C-1", 2);
	ck_assert_str_eq(dst.v[51].message, "Call C-1 was late.");
	/* and into an empty list */
	struct finding_list empty = { 0 }, one = { 0 };
	add(&one, "D-1", 1);
	finding_list_take(&empty, &one);
	ck_assert_uint_eq(empty.n, 1);
	ck_assert_str_eq(empty.v[0].message, "Call D-1 was late.");
	finding_list_free(&empty);
	finding_list_free(&dst);
}
END_TEST

/* The order finding_sort must give, said plainly: a feed that could not
 * be read leads, then the kinds in their order. */
static int plain_cmp(const struct finding *x, const struct finding *y)
{
	if (x->red != y->red)
		return y->red - x->red;
	int kx = x->kind == FK_FEED_UNREADABLE ? -1 : (int)x->kind;
	int ky = y->kind == FK_FEED_UNREADABLE ? -1 : (int)y->kind;
	if (kx != ky)
		return kx - ky;
	int c = strcmp(x->supplier ? x->supplier : "", y->supplier ? y->supplier : "");
	return c ? c : strcmp(x->subject, y->subject);
}

START_TEST(sort_order)
{
	static const char *const sup[] = { NULL, "acme", "zeta", "beta", "", "acme2" };
	static const char *const stem[] = { "LA01234", "LA0123", "LA01", "", "LB", "LA012345",
					    "\xc3\xa9t\xc3\xa9", "a" };
	struct finding_list l = { 0 };
	uint64_t x = 0x9e3779b97f4a7c15ull;
	for (int i = 0; i < 5000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		char subject[32];
		snprintf(subject, sizeof(subject), "%s%u", stem[x % 8], (unsigned)(x >> 40) % 30);
		struct finding *f = finding_add(&l, (enum finding_kind)((x >> 8) % FK_COUNT),
						(int)((x >> 16) & 1), sup[(x >> 20) % 6], subject);
		char seq[16];
		snprintf(seq, sizeof(seq), "%d", i);
		f->message = finding_text(f, seq, strlen(seq));
	}
	finding_sort(&l);
	ck_assert_uint_eq(l.n, 5000);
	size_t ties = 0;
	for (size_t i = 1; i < l.n; i++) {
		int c = plain_cmp(&l.v[i - 1], &l.v[i]);
		ck_assert_msg(c <= 0, "%zu: %s/%s before %s/%s", i, l.v[i - 1].supplier,
			      l.v[i - 1].subject, l.v[i].supplier, l.v[i].subject);
		if (c == 0) {   /* the same finding twice keeps its order */
			ties++;
			ck_assert_int_lt(atoi(l.v[i - 1].message), atoi(l.v[i].message));
		}
	}
	ck_assert_uint_gt(ties, 100);
	finding_list_free(&l);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("finding");
	TCase *tc = tcase_create("finding");
	tcase_add_test(tc, strings_and_sizes);
	tcase_add_test(tc, absorb);
	tcase_add_test(tc, list_take);
	tcase_add_test(tc, sort_order);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
