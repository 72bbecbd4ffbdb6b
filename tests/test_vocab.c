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
static int r_backup, r_toner, r_logs, r_call, r_disk, r_switch, r_leaver;
static int p_backup, p_logs, p_disk;

static void setup(void)
{
	char *err = NULL;
	v = vocab_new();
	ck_assert_int_eq(vocab_add_shared(v, "same", "checked, chkd", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "same", "backup, b/u, bkp", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "notdone", "postponed, quote", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "negation", "will, not", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "notdone", "not yet", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "fine", "no, 0, without, after", &err), 0);
	ck_assert_int_eq(vocab_add_shared(v, "same", "switch, sw", &err), 0);
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
	err = NULL;
	r_logs = vocab_add_rule(v, "event logs, error logs", "checked", NULL, &err);
	r_call = vocab_add_rule(v, "call, jobs", "logged", NULL, &err);
	r_disk = vocab_add_rule(v, "disk space, c", "checked, used, free", NULL, &err);
	r_switch = vocab_add_rule(v, "switch, sw", "checked", NULL, &err);
	r_leaver = vocab_add_rule(v, "accounts", "disabled", NULL, &err);
	p_backup = vocab_add_problems(v, "failed, errors, warnings, did not run", &err);
	p_logs = vocab_add_problems(v, "errors, critical", &err);
	p_disk = vocab_add_problems(v, "low, 5% free, 95% used", &err);
	ck_assert_int_ge(p_disk, 0);
	ck_assert_int_lt(vocab_add_problems(v, " , ", &err), 0);
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

static int c(int p, int r, const char *line)
{
	struct vocab_scan *s = vocab_scan_new();
	vocab_scan_line(v, s, line);
	int k = vocab_concern(v, s, p, r, NULL);
	vocab_scan_free(s);
	return k;
}

/* problems: anywhere in the line, unless good news or part of the object */
START_TEST(problems_and_good_news)
{
	ck_assert_int_eq(c(p_backup, r_backup, "backups checked - 2 jobs failed"), 1);
	ck_assert_int_eq(c(p_backup, r_backup, "backups checked, job did not run"), 1);
	ck_assert_int_eq(c(p_backup, r_backup, "backups checked - all OK"), 0);
	ck_assert_int_eq(c(p_backup, r_backup, "backups checked, no errors"), 0);
	ck_assert_int_eq(c(p_backup, r_backup, "backups checked: 0 failed"), 0);
	ck_assert_int_eq(c(p_backup, r_backup, "no errors or warnings"), 0);    /* a chain */
	ck_assert_int_eq(c(p_backup, r_backup, "no errors, warnings on SRV02"), 1);   /* clause */
	ck_assert_int_eq(c(p_backup, r_backup, "no errors 3 warnings"), 1);    /* a number */
	ck_assert_int_eq(c(p_backup, r_backup,
			   "job completed OK after last week's disk-full failure"), 0);   /* 4 words */
	ck_assert_int_eq(c(p_backup, r_backup, "after a b c d e failed"), 1);   /* 5 */
	/* "error logs" is the thing checked, not a problem; "no critical" is good news */
	ck_assert_int_eq(c(p_logs, r_logs, "checked error logs, no critical"), 0);
	ck_assert_int_eq(c(p_logs, r_logs, "checked error logs: 2 errors"), 1);
	ck_assert_int_eq(c(p_logs, -1, "checked error logs"), 1);   /* no object to be part of */
}
END_TEST

/* A number before '%' stands for its tens. */
START_TEST(percentages)
{
	ck_assert_int_eq(c(p_disk, r_disk, "C: 4% free"), 1);
	ck_assert_int_eq(c(p_disk, r_disk, "C: 4 % free"), 1);
	ck_assert_int_eq(c(p_disk, r_disk, "C: 14% free"), 0);
	ck_assert_int_eq(c(p_disk, r_disk, "D: 93% used"), 1);
	ck_assert_int_eq(c(p_disk, r_disk, "D: 83% used"), 0);
	ck_assert_int_eq(c(p_disk, r_disk, "D: 9 used"), 0);
	ck_assert_int_eq(m(r_disk, "SRV01 C: 40% used"), 1);
}
END_TEST

/* "logged" is not the noun "log"; a host name's site prefix is no word;
 * a not-done cue in brackets speaks to its own clause. */
START_TEST(words_of_the_samples)
{
	ck_assert_int_eq(m(r_call, "call logged with Beacon"), 1);
	ck_assert_int_eq(m(r_call, "event logs checked, all jobs ok"), 0);
	ck_assert_int_eq(m(r_call, "jobs logs"), 0);
	ck_assert_int_eq(m(r_switch, "SW-DC01 checked"), 0);
	ck_assert_int_eq(m(r_switch, "SW-SIMS checked"), 0);
	ck_assert_int_eq(m(r_switch, "HL-SW01 checked"), 1);    /* the switch itself */
	ck_assert_int_eq(m(r_switch, "sw checked"), 1);
	ck_assert_int_eq(m(r_switch, "Core SW firmware checked"), 1);
	ck_assert_int_eq(m(r_leaver, "9 pupil accounts disabled (leavers not yet off SIMS)"), 1);
	ck_assert_int_eq(m(r_leaver, "accounts not yet disabled"), -1);
	ck_assert_int_eq(m(r_leaver, "accounts disabled, not yet all of them"), -1);
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
	a = vocab_signature(w);
	ck_assert_int_eq(vocab_add_problems(w, "failed", &err), 0);
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
	tcase_add_test(tc, problems_and_good_news);
	tcase_add_test(tc, percentages);
	tcase_add_test(tc, words_of_the_samples);
	tcase_add_test(tc, signature_follows_the_words);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
