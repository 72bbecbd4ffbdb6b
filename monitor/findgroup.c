/* findgroup — findings of one kind, supplier and activity told once. */
#include "findgroup.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "util.h"
#include "wording.h"

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Do findings a and b belong in one group? */
static int together(const struct finding *a, const struct finding *b)
{
	return a->key && b->key && a->kind == b->kind && a->red == b->red &&
	       same(a->supplier, b->supplier) && !strcmp(a->key, b->key);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* A group's words, from its members' dates. */
static void words(const struct config *cfg, const struct finding_list *l, struct findgroup *g)
{
	const struct finding *f = &l->v[g->member[0]];
	int64_t *days = xcalloc(g->n, sizeof(*days));
	for (size_t i = 0; i < g->n; i++)
		days[i] = l->v[g->member[i]].day;
	qsort(days, g->n, sizeof(*days), cmp_i64);
	int s = f->supplier ? config_supplier_index(cfg, f->supplier) : -1;
	const char *name = s >= 0 ? cfg->sup[s].name : NULL;
	int school = s >= 0 && cfg->sup[s].is_school;
	if (f->kind == FK_HOURS_SHORT) {
		wording_group_hours(name, days, g->n, &g->message, &g->question);
	} else {
		const struct activity *a = NULL;
		for (size_t i = 0; i < cfg->nact && !a; i++)
			if (!strcmp(cfg->act[i].id, f->key))
				a = &cfg->act[i];
		if (a)
			wording_group_missed(name, school, a->title, a->every, days, g->n,
					     &g->message, &g->question);
	}
	free(days);
}

struct findgroups *findgroup_make(const struct config *cfg, const struct finding_list *l)
{
	struct findgroups *gs = xcalloc(1, sizeof(*gs));
	gs->v = xcalloc(l->n + 1, sizeof(*gs->v));
	gs->of = xcalloc(l->n + 1, sizeof(*gs->of));
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		/* only keyed findings are looked for in the groups so far
		 * (few: periods and weeks); a late call is its own group */
		size_t k = f->key ? 0 : gs->n;
		while (k < gs->n && !together(&l->v[gs->v[k].member[0]], f))
			k++;
		struct findgroup *g = &gs->v[k];
		if (k == gs->n) {
			gs->n++;
			g->member = xcalloc(1, sizeof(*g->member));
			g->red = f->red;
			if (f->red)
				gs->red++;
			else
				gs->amber++;
		} else {
			g->member = xrealloc(g->member, (g->n + 1) * sizeof(*g->member));
		}
		g->member[g->n++] = i;
		gs->of[i] = k;
	}
	for (size_t k = 0; k < gs->n; k++)
		if (gs->v[k].n > 1)
			words(cfg, l, &gs->v[k]);
	return gs;
}

void findgroup_free(struct findgroups *g)
{
	if (!g)
		return;
	for (size_t k = 0; k < g->n; k++) {
		free(g->v[k].member);
		free(g->v[k].message);
		free(g->v[k].question);
	}
	free(g->v);
	free(g->of);
	free(g);
}

const char *findgroup_message(const struct findgroups *g, size_t k, const struct finding_list *l)
{
	return g->v[k].message ? g->v[k].message : l->v[g->v[k].member[0]].message;
}

const char *findgroup_question(const struct findgroups *g, size_t k, const struct finding_list *l)
{
	return g->v[k].question ? g->v[k].question : l->v[g->v[k].member[0]].question;
}
