/*
 * slachoice — which SLA takes a ticket, remembered.
 *
 * Tickets of one supplier with the same text in every field that an SLA
 * condition reads take the same SLA: the choice is remembered by that
 * text (a feed has a handful of priorities and categories), so each
 * pattern runs once per distinct value, not once per ticket.
 */
#include "slachoice.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fields.h"
#include "hashmap.h"
#include "pattern.h"
#include "util.h"

struct slachoice {
	const struct config *cfg;
	struct pattern_scratch *ps;   /* borrowed */
	int used[FIELD_COUNT];      /* 1: some `when` reads the field */
	struct hashmap *seen;       /* key (below) -> the SLA picked + 1 */
	struct strbuf kb;
};

/* 1 when pattern p matches field f's cell (an unmapped field reads as empty). */
static int cond_match(const struct pattern *p, struct pattern_scratch *ps, int f,
		      char *const *cell)
{
	const char *c = cell[f] ? cell[f] : "";
	return pattern_match(p, ps, c, strlen(c)) == 1;
}

int slachoice_first(const struct config *cfg, struct pattern_scratch *ps, int feed,
		    char *const *cell)
{
	int sup = cfg->feed[feed].supplier;
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct sla *s = &cfg->sla[k];
		if (s->supplier >= 0 && s->supplier != sup)
			continue;
		/* `when` and every when.FIELD must match */
		int ok = !s->when || cond_match(s->when, ps, s->field, cell);
		for (size_t i = 0; ok && i < s->nalso; i++)
			ok = cond_match(s->also[i].re, ps, s->also[i].field, cell);
		if (ok)
			return (int)k;
	}
	return -1;
}

struct slachoice *slachoice_new(const struct config *cfg, struct pattern_scratch *ps)
{
	struct slachoice *m = xcalloc(1, sizeof(*m));
	m->cfg = cfg;
	m->ps = ps;
	m->seen = hashmap_new();
	for (size_t k = 0; k < cfg->nsla; k++) {
		if (cfg->sla[k].when)
			m->used[cfg->sla[k].field] = 1;
		for (size_t i = 0; i < cfg->sla[k].nalso; i++)
			m->used[cfg->sla[k].also[i].field] = 1;
	}
	return m;
}

void slachoice_free(struct slachoice *m)
{
	if (!m)
		return;
	hashmap_free(m->seen);
	sb_release(&m->kb);
	free(m);
}

int slachoice_pick(struct slachoice *m, int feed, char *const *cell)
{
	const struct config *cfg = m->cfg;
	struct strbuf *kb = &m->kb;
	kb->len = 0;
	int sup = cfg->feed[feed].supplier;
	sb_add(kb, (const char *)&sup, sizeof(sup));
	for (int f = 0; f < FIELD_COUNT; f++) {
		if (!m->used[f])
			continue;
		/* each text after its length, so no text can pose as two; an
		 * unmapped field reads as empty, as in slachoice_first */
		const char *c = cell[f] ? cell[f] : "";
		size_t n = strlen(c);
		sb_add(kb, (const char *)&n, sizeof(n));
		sb_add(kb, c, n);
	}
	uint64_t *v = hashmap_get(m->seen, kb->buf, kb->len);
	if (v)
		return (int)*v - 1;
	/* a pattern stopped by its match limit is not remembered: each cell
	 * it is tried on counts in the warning (and costs what it costs) */
	unsigned long before = pattern_limit_total(m->ps);
	int k = slachoice_first(cfg, m->ps, feed, cell);
	if (pattern_limit_total(m->ps) != before)
		return k;
	int added;
	*hashmap_put(m->seen, kb->buf, kb->len, &added) = (uint64_t)(k + 1);
	return k;
}

