/*
 * longpause — calls that spent most of their time paused (longpause.h).
 */
#include "longpause.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "finding.h"
#include "timefmt.h"
#include "util.h"
#include "wording.h"

/* At most this many pauses are listed as evidence, per call. */
#define MAX_LISTED 10

int longpause_is_long(int64_t paused, int64_t elapsed, int64_t working_day, int32_t share_ppm)
{
	int64_t span = elapsed + paused;
	if (paused <= 0 || span <= working_day)
		return 0;
	/* paused / span > share, in integers (seconds x ppm stays far from
	 * overflow: a century is 3.2e9 s) */
	return paused * 1000000 > (int64_t)share_ppm * span;
}

/* Each pause of t before end as evidence (the first MAX_LISTED); its
 * statuses, each once, into seen[0..max). */
static void pauses_of(const struct config *cfg, struct finding *f, const struct ticket *t,
		      int64_t end, const char **seen, size_t *nseen, size_t max)
{
	const struct feed *fd = &cfg->feed[t->feed];
	size_t listed = 0;
	for (size_t i = 0; i < t->npause; i++) {
		if (t->pause[i].a >= end)
			break;
		const char *st = t->pause_status[i] ? t->pause_status[i] : "paused";
		size_t j = 0;
		while (j < *nseen && !str_ieq(seen[j], st))
			j++;
		if (j == *nseen && *nseen < max)
			seen[(*nseen)++] = st;
		if (listed++ >= MAX_LISTED)
			continue;
		char a[64], b[64];
		timefmt_local_short(cfg->tz, t->pause[i].a, a, sizeof(a));
		int64_t stop = t->pause[i].b < end ? t->pause[i].b : end;
		timefmt_local_short(cfg->tz, stop, b, sizeof(b));
		char *what = xasprintf("%s from %s to %s", st, a, b);
		finding_evidence(f, fd->id, t->row, t->id, what);
		free(what);
	}
}

void longpause_finding(const struct config *cfg, const struct ticket *t,
		       const struct ticket *next, int k, int64_t paused, int64_t elapsed,
		       int64_t now, struct finding_list *fl)
{
	const struct feed *fd = &cfg->feed[t->feed];
	const struct supplier *sp = &cfg->sup[fd->supplier];
	struct finding *f = finding_add(fl, FK_LONG_PAUSE, 0, sp->id, t->id);
	finding_evidence(f, fd->id, t->row, t->id, NULL);
	if (next)
		finding_evidence(f, cfg->feed[next->feed].id, next->row, next->id, NULL);
	const char *seen[8];
	size_t nseen = 0;
	pauses_of(cfg, f, t, t->resolved != TS_NONE ? t->resolved : now, seen, &nseen, 8);
	if (next)
		pauses_of(cfg, f, next, next->resolved != TS_NONE ? next->resolved : now, seen,
			  &nseen, 8);
	struct strbuf st = STRBUF_INIT;
	for (size_t i = 0; i < nseen; i++)
		sb_printf(&st, "%s'%s'", !i ? "" : i + 1 == nseen ? " and " : ", ", seen[i]);
	char opened[64];
	timefmt_local_short(cfg->tz, t->opened, opened, sizeof(opened));
	wording_long_pause(f, sp->name, t->id, t->cell[FIELD_SUMMARY], cfg->sla[k].id, opened,
			   next ? next->id : NULL, paused, elapsed, st.len ? st.buf : "'paused'");
	sb_release(&st);
}
