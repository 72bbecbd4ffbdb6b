/*
 * claims: the supplier's own verdicts beside the clocks (claims.h), on
 * hand-made calls: which cells say met, not met or nothing; the counts
 * per SLA; "more than one ticket" exactly at its edge; an unknown SLA;
 * an SLA whose feed maps no verdict; and the finding's calls (up to five,
 * the supplier's "met but late" first).
 */
#include <stdlib.h>
#include <string.h>

#include "claims.h"
#include "config.h"
#include "dataset.h"
#include "fields.h"
#include "finding.h"
#include "util.h"

#include "testutil.h"

#define CONF SRCDIR "/tests/data/claims/fitsmon.conf"

static struct config *cfg;

static void setup(void)
{
	char *err = NULL;
	cfg = config_load(CONF, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	ck_assert_uint_eq(cfg->nsla, 2);
}

static void teardown(void)
{
	config_free(cfg);
	cfg = NULL;
}

/* Up to 16 calls of feed 0 (acme, SLA "a"): ids C0.., verdict cells v[],
 * clock verdicts met[]. */
struct calls {
	struct ticket t[16];
	char id[16][8];
	struct claim_call c[16];
	size_t n;
};

static void add(struct calls *k, int feed, int sla, const char *verdict, int met)
{
	size_t i = k->n++;
	ck_assert_uint_lt(i, 16);
	struct ticket *t = &k->t[i];
	memset(t, 0, sizeof(*t));
	snprintf(k->id[i], sizeof(k->id[i]), "C%zu", i);
	t->id = k->id[i];
	t->feed = feed;
	t->row = i + 2;
	t->cell[FIELD_SLA_MET] = (char *)verdict;
	k->c[i] = (struct claim_call){ t, i, sla, met };
}

START_TEST(verdict_words)
{
	struct ticket t;
	memset(&t, 0, sizeof(t));
	t.feed = 0;
	const char *met[] = { "Achieved", "achieved", "WITHIN TARGET", "within target" };
	for (size_t i = 0; i < 4; i++) {
		t.cell[FIELD_SLA_MET] = (char *)met[i];
		ck_assert_msg(claims_verdict(cfg, &t) == 1, "%s", met[i]);
	}
	/* the feed's own words replace the defaults: "yes" is now "not met" */
	const char *not[] = { "yes", "true", "Missed", "within" };
	for (size_t i = 0; i < 4; i++) {
		t.cell[FIELD_SLA_MET] = (char *)not[i];
		ck_assert_msg(claims_verdict(cfg, &t) == 0, "%s", not[i]);
	}
	t.cell[FIELD_SLA_MET] = "";
	ck_assert_int_eq(claims_verdict(cfg, &t), -1);
	t.cell[FIELD_SLA_MET] = "   ";
	ck_assert_int_eq(claims_verdict(cfg, &t), -1);
	t.cell[FIELD_SLA_MET] = NULL;
	ck_assert_int_eq(claims_verdict(cfg, &t), -1);
	/* the default words on a feed that sets none */
	t.feed = 1;
	t.cell[FIELD_SLA_MET] = "Within SLA";
	ck_assert_int_eq(claims_verdict(cfg, &t), 1);
	t.cell[FIELD_SLA_MET] = "met";
	ck_assert_int_eq(claims_verdict(cfg, &t), 1);
	t.cell[FIELD_SLA_MET] = "2";
	ck_assert_int_eq(claims_verdict(cfg, &t), 0);
}
END_TEST

/* The supplier one call ahead of the clocks: listed, no finding. */
START_TEST(one_call_ahead)
{
	struct calls k = { .n = 0 };
	add(&k, 0, 0, "Achieved", 1);
	add(&k, 0, 0, "Achieved", 0);      /* says met, late */
	add(&k, 0, 0, "Missed", 0);
	add(&k, 0, 0, "", 1);              /* no verdict */
	add(&k, 1, 1, "Achieved", 0);      /* SLA b: its feed maps no verdict */
	struct claims *c = claims_audit(cfg, k.c, k.n, NULL);
	const struct claim *a = &c->sla[0], *b = &c->sla[1];
	ck_assert(a->mapped && !b->mapped);
	ck_assert_uint_eq(a->claimed, 3);
	ck_assert_uint_eq(a->claimed_met, 2);
	ck_assert_uint_eq(a->clock_met, 1);
	ck_assert_uint_eq(a->no_verdict, 1);
	ck_assert_uint_eq(a->said_met, 1);
	ck_assert_uint_eq(a->said_late, 0);
	ck_assert(a->has_compliance);
	ck_assert_int_eq(a->compliance, 6667);
	ck_assert(!a->mismatch);
	ck_assert(!b->claimed && !b->has_compliance && !b->mismatch);
	ck_assert_uint_eq(c->n, 1);
	ck_assert_str_eq(c->v[0].t->id, "C1");
	struct finding_list fl = { 0 };
	claims_findings(cfg, c, &fl);
	ck_assert_uint_eq(fl.n, 0);
	finding_list_free(&fl);
	claims_free(c);
}
END_TEST

/* Two calls ahead: a finding naming five calls, "met but late" first. */
START_TEST(two_calls_ahead)
{
	struct calls k = { .n = 0 };
	add(&k, 0, 0, "Missed", 1);        /* C0: the reverse */
	for (int i = 0; i < 6; i++)
		add(&k, 0, 0, "Achieved", 0);   /* C1..C6: met but late */
	for (int i = 0; i < 3; i++)
		add(&k, 0, 0, "Missed", 1);     /* C7..C9: the reverse */
	struct claims *c = claims_audit(cfg, k.c, k.n, NULL);
	const struct claim *a = &c->sla[0];
	ck_assert_uint_eq(a->claimed_met, 6);
	ck_assert_uint_eq(a->clock_met, 4);
	ck_assert_uint_eq(a->said_met, 6);
	ck_assert_uint_eq(a->said_late, 4);
	ck_assert(a->mismatch);
	ck_assert_uint_eq(c->n, 10);
	struct finding_list fl = { 0 };
	claims_findings(cfg, c, &fl);
	ck_assert_uint_eq(fl.n, 1);
	const struct finding *f = &fl.v[0];
	ck_assert_int_eq(f->kind, FK_CLAIM_MISMATCH);
	ck_assert_str_eq(finding_kind_name(f->kind), "claim-mismatch");
	ck_assert_int_eq(f->red, 0);
	ck_assert_str_eq(f->subject, "a");
	ck_assert_str_eq(f->supplier, "acme");
	ck_assert_uint_eq(f->nev, 5);
	for (size_t i = 0; i < 5; i++) {
		char want[8];
		snprintf(want, sizeof(want), "C%zu", i + 1);
		ck_assert_str_eq(f->ev[i].ticket, want);
		ck_assert_str_eq(f->ev[i].feed, "acme-tickets");
	}
	ck_assert_ptr_nonnull(strstr(f->message, "marks 6 of 10 'a' calls"));
	ck_assert_ptr_nonnull(strstr(f->message, "4 of them were"));
	ck_assert_ptr_null(strstr(f->message, "C6"));
	ck_assert_ptr_nonnull(strstr(f->question, "C1, C2, C3, C4 and C5 met the service level?"));
	finding_list_free(&fl);

	/* the same calls while the SLA's verdict is unknown: counted, no finding */
	unsigned char unknown[2] = { 1, 0 };
	claims_free(c);
	c = claims_audit(cfg, k.c, k.n, unknown);
	ck_assert(c->sla[0].unknown && !c->sla[0].mismatch);
	ck_assert_uint_eq(c->sla[0].claimed_met, 6);
	claims_findings(cfg, c, &fl);
	ck_assert_uint_eq(fl.n, 0);
	finding_list_free(&fl);
	claims_free(c);
}
END_TEST

START_TEST(no_calls)
{
	struct claims *c = claims_audit(cfg, NULL, 0, NULL);
	ck_assert(c->sla[0].mapped && !c->sla[0].has_compliance && !c->sla[0].mismatch);
	ck_assert_uint_eq(c->n, 0);
	claims_free(c);
	claims_free(NULL);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("claims");
	TCase *tc = tcase_create("claims");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, verdict_words);
	tcase_add_test(tc, one_call_ahead);
	tcase_add_test(tc, two_calls_ahead);
	tcase_add_test(tc, no_calls);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
