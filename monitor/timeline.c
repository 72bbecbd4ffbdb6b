/* timeline — stamps and not-counted spans from a ticket's events. */
#include "timeline.h"

#include <stdlib.h>

#include "civil.h"
#include "util.h"

/* Append [a, b) to a span list, merging with the last span when they touch. */
static void add_span(struct span **v, size_t *n, size_t *cap, int64_t a, int64_t b)
{
	if (b <= a)
		return;
	if (*n && (*v)[*n - 1].b >= a) {
		if (b > (*v)[*n - 1].b)
			(*v)[*n - 1].b = b;
		return;
	}
	VEC_GROW(*v, *n, *cap, *n + 1);
	(*v)[(*n)++] = (struct span){ a, b };
}

void timeline_derive(struct timeline *t, int64_t opened, const struct timeline_event *e,
		     size_t m, int64_t now)
{
	for (size_t k = 0; k < t->npause; k++)
		free(t->pause_status[k]);
	free(t->pause_status);
	free(t->pause);
	free(t->excl);
	t->pause = t->excl = NULL;
	t->pause_status = NULL;
	t->npause = t->nexcl = 0;

	t->opened = opened != TS_NONE ? opened : e[0].at;
	t->responded = TS_NONE;
	for (size_t k = 0; k < m; k++)
		if (!(e[k].flags & TL_NEW)) {
			t->responded = e[k].at;
			break;
		}
	size_t final_run = m;   /* first event of the final resolved run */
	t->resolved = TS_NONE;
	if (e[m - 1].flags & TL_RESOLVED) {
		final_run = m - 1;
		while (final_run > 0 && (e[final_run - 1].flags & TL_RESOLVED))
			final_run--;
		t->resolved = e[final_run].at;
	}
	size_t pcap = 0, ecap = 0;
	for (size_t k = 0; k < m; k++) {
		int64_t a = e[k].at, b = k + 1 < m ? e[k + 1].at : now;
		if ((e[k].flags & TL_PAUSE) && b > a) {
			/* pauses stay apart (not merged) so each keeps its status */
			if (t->npause == pcap) {
				pcap = pcap ? pcap * 2 : 4;
				t->pause = xreallocarray(t->pause, pcap, sizeof(*t->pause));
				t->pause_status = xreallocarray(t->pause_status, pcap,
								sizeof(*t->pause_status));
			}
			t->pause[t->npause] = (struct span){ a, b };
			t->pause_status[t->npause++] = xstrdup(e[k].status ? e[k].status : "paused");
		}
		if ((e[k].flags & TL_PAUSE) || ((e[k].flags & TL_RESOLVED) && k < final_run))
			add_span(&t->excl, &t->nexcl, &ecap, a, b);
	}
}
