/*
 * vocab: the matching rules of include/vocab.h on a small vocabulary:
 * folding, typos only in long words, object and action close together,
 * cues that rule a pair out, and the signature.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vocab.h"

#include "testutil.h"

static struct vocab *v;
static int r_backup, r_toner;

static void setup(void)
{
	char *err = NULL;
	v = vocab_new();
	ck_assert_int_eq(vocab_add_shared(v, "same", "checked, chkd", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "same", "backup, b/u, bkp", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "notdone", "postponed, quote", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "negation", "will, not", &err), 0);
	ck_assert_int_lt(vocab_add_shared(v, "nonsense", "x", &err), 0);
	free(err);
	err = NULL;
	r_backup = vocab_add_rule(v, "backup, veeam", "checked, verified, went through", "restored",
				  &err);
	r_toner = vocab_add_rule(v, "toner", "checked", NULL, &err);
	ck_assert_int_ge(r_backup, 0);
	ck_assert_int_ge(r_toner, 0);
	ck_assert_int_lt(vocab_add_rule(v, "x", " , ", NULL, &err), 0);   /* no action */
	free(err);
	vocab_finish(v);
}

static void teardown(void)
{
	vocab_free(v);
}

static int m(int r, const char *line)
{
	struct vocab_scan *s = vocab_scan_new();
	vocab_scan_line(v, s, line);
	int k = vocab_match(v, s, r, NULL);
	vocab_scan_free(s);
	return k;
}

START_TEST(folds_and_stems)
{
	ck_assert_int_eq(m(r_backup, "B/U chkd"), 1);
	ck_assert_int_eq(m(r_backup, "BACKUPS CHECKED."), 1);
	ck_assert_int_eq(m(r_backup, "went through the Veeam jobs"), 1);
	ck_assert_int_eq(m(r_backup, "verified SRV01's backup"), 1);
	ck_assert_int_eq(m(r_backup, "backups"), 0);          /* no action */
	ck_assert_int_eq(m(r_backup, "checked the printers"), 0);   /* no object */
}
END_TEST

/* A word of 6 letters or more may be one edit away; a shorter one not. */
START_TEST(typos_in_long_words_only)
{
	ck_assert_int_eq(m(r_backup, "bakcup verifed"), 1);   /* swap; deletion */
	ck_assert_int_eq(m(r_toner, "toner checked"), 1);
	ck_assert_int_eq(m(r_toner, "tones checked"), 0);    /* 5 letters: no typo allowed */
	ck_assert_int_eq(m(r_toner, "tonerr checked"), 1);   /* 6 letters */
}
END_TEST

START_TEST(object_and_action_close)
{
	ck_assert_int_eq(m(r_backup, "backup on a b c d e checked"), 1);     /* 6 words between */
	ck_assert_int_eq(m(r_backup, "backup on a b c d e f checked"), 0);   /* 7: not close */
	ck_assert_int_eq(m(r_backup, "checked on a b c d e f backup"), 0);
	ck_assert_int_eq(m(r_backup, "backup failed. Printer checked"), 0);  /* two sentences */
}
END_TEST

START_TEST(cues_rule_out)
{
	ck_assert_int_eq(m(r_backup, "backup check postponed"), -1);
	ck_assert_int_eq(m(r_backup, "will check backups"), -1);
	ck_assert_int_eq(m(r_backup, "backups not checked"), -1);
	ck_assert_int_eq(m(r_backup, "backups checked, not all jobs ran"), 1);   /* after the action */
	ck_assert_int_eq(m(r_backup, "backup licence quote sent, veeam checked"), -1);
	ck_assert_int_eq(m(r_backup, "checked backup and restored a file"), -1);  /* unless */
	ck_assert_int_eq(m(r_backup, "restored a file - checked backups"), 1);    /* other clause */
	ck_assert_int_eq(m(r_toner, "toner checked, restored"), 1);   /* another rule's unless */
}
END_TEST

START_TEST(signature_follows_the_words)
{
	struct vocab *w = vocab_new();
	char *err = NULL;
	ck_assert_int_eq(vocab_add_shared(w, "same", "checked, chkd", &err), 0);
	uint64_t a = vocab_signature(w);
	ck_assert_int_eq(vocab_add_rule(w, "backup", "checked", NULL, &err), 0);
	ck_assert(vocab_signature(w) != a);
	vocab_free(w);
	vocab_free(NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("vocab");
	TCase *tc = tcase_create("match");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, folds_and_stems);
	tcase_add_test(tc, typos_in_long_words_only);
	tcase_add_test(tc, object_and_action_close);
	tcase_add_test(tc, cues_rule_out);
	tcase_add_test(tc, signature_follows_the_words);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
