/*
 * claims — the supplier's own SLA verdicts beside the contract's clocks
 * (claims.h).  One pass over the evaluation's tickets.
 */
#include "claims.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "feedkind.h"
#include "finding.h"
#include "util.h"
#include "wording.h"

/* the calls a claim-mismatch finding names */
#define CLAIMS_EXAMPLES 5

int claims_verdict(const struct config *cfg, const struct ticket *t)
{
	const char *v = t->cell[FIELD_SLA_MET];
	const char *b;
	if (!v || !str_trim_span(v, strlen(v), &b))
		return -1;
	const struct feed *f = &cfg->feed[t->feed];
	return feedkind_in_list(v, f->sla_met_values.v, f->sla_met_values.n);
}

/* Does SLA k read tickets from a feed that maps column.sla_met? */
static int mapped(const struct config *cfg, size_t k)
{
	for (size_t f = 0; f < cfg->nfeed; f++)
		if (cfg->feed[f].kind != KIND_ACTIVITIES && cfg->feed[f].column[FIELD_SLA_MET] &&
		    (cfg->sla[k].supplier < 0 || cfg->sla[k].supplier == cfg->feed[f].supplier))
			return 1;
	return 0;
}

static int cmp_dispute(const void *a, const void *b)
{
	const struct claim_dispute *x = a, *y = b;
	if (x->sla != y->sla)
		return x->sla < y->sla ? -1 : 1;
	return x->tk < y->tk ? -1 : x->tk > y->tk;
}

struct claims *claims_audit(const struct config *cfg, const struct claim_call *v, size_t n,
			    const unsigned char *unknown)
{
	struct claims *c = xcalloc(1, sizeof(*c));
	c->nsla = cfg->nsla;
	c->sla = xcalloc(cfg->nsla ? cfg->nsla : 1, sizeof(*c->sla));
	for (size_t k = 0; k < cfg->nsla; k++) {
		c->sla[k].mapped = mapped(cfg, k);
		c->sla[k].unknown = unknown && unknown[k];
	}
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct claim_call *r = &v[i];
		if (r->sla < 0 || (size_t)r->sla >= cfg->nsla)
			continue;
		struct claim *cl = &c->sla[r->sla];
		if (!cl->mapped)
			continue;
		int says = claims_verdict(cfg, r->t);
		if (says < 0) {
			cl->no_verdict++;
			continue;
		}
		int met = r->clock_met;
		cl->claimed++;
		cl->claimed_met += says == 1;
		cl->clock_met += met;
		if (says == met)
			continue;
		if (says)
			cl->said_met++;
		else
			cl->said_late++;
		VEC_GROW(c->v, c->n, cap, c->n + 1);
		c->v[c->n++] = (struct claim_dispute){ r->t, r->tk, r->sla, says };
	}
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), cmp_dispute);
	for (size_t k = 0; k < cfg->nsla; k++) {
		struct claim *cl = &c->sla[k];
		if (!cl->claimed)
			continue;
		cl->has_compliance = 1;
		/* as evaluate.c's compliance: to 4 places, half up, in integers */
		cl->compliance = clock_compliance(cl->claimed_met, cl->claimed);
		/* "more than one ticket": a single disputed call is no pattern */
		cl->mismatch = !cl->unknown && cl->claimed_met > cl->clock_met + 1;
	}
	return c;
}

void claims_findings(const struct config *cfg, const struct claims *c,
		     struct finding_list *fl)
{
	size_t i = 0;
	for (size_t k = 0; k < c->nsla; k++) {
		const struct claim *cl = &c->sla[k];
		while (i < c->n && c->v[i].sla < (int)k)
			i++;
		if (!cl->mismatch)
			continue;
		const struct sla *s = &cfg->sla[k];
		const char *sup = s->supplier >= 0 ? cfg->sup[s->supplier].id : NULL;
		struct finding *f = finding_add(fl, FK_CLAIM_MISMATCH, 0, sup, s->id);
		/* the calls the supplier counts as met first: they are the claim */
		const char *ticket[CLAIMS_EXAMPLES];
		int says[CLAIMS_EXAMPLES];
		size_t n = 0;
		for (int want = 1; want >= 0; want--)
			for (size_t j = i; j < c->n && c->v[j].sla == (int)k; j++) {
				const struct claim_dispute *d = &c->v[j];
				if (d->supplier_met != want || n == CLAIMS_EXAMPLES)
					continue;
				const struct ticket *t = d->t;
				ticket[n] = t->id;
				says[n++] = d->supplier_met;
				finding_evidence(f, cfg->feed[t->feed].id, t->row, t->id, NULL);
			}
		wording_claim_mismatch(f, s->id, s->supplier >= 0 ? cfg->sup[s->supplier].name : NULL,
				       cl->claimed, cl->claimed_met, cl->clock_met, cl->no_verdict,
				       ticket, says, n);
	}
}

void claims_free(struct claims *c)
{
	if (!c)
		return;
	free(c->sla);
	free(c->v);
	free(c);
}

int claims_mapped(const struct claims *c)
{
	for (size_t k = 0; c && k < c->nsla; k++)
		if (c->sla[k].mapped)
			return 1;
	return 0;
}
