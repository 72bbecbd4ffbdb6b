/*
 * evalbench — evaluation alone: load the store into a dataset once, then
 * time evaluate() by itself, so "tickets per second" is not drowned by
 * SQLite reads or report rendering.
 *
 *   evalbench CONFIG NOW FROM TO
 *
 * NOW is ISO 8601 (school time without an offset); FROM and TO are local
 * dates, TO exclusive.  Prints one line of key=value pairs:
 *   load_s        store_load into a dataset (every row, as a report reads it)
 *   eval_s        evaluate() over the window, everything it does
 *   tickets_s     evaluate() with the activity rows hidden: the ticket
 *                 clocks and SLA tallies alone (best of three)
 *   tickets       tickets in the dataset; clocked: those an SLA took
 *   rows          activity rows in the dataset
 *   hwm_load_kb   peak resident memory after the load; hwm_kb at the end
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "store.h"
#include "timefmt.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Peak resident set so far, from /proc (kB; 0 when unknown). */
static long hwm_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static int day_arg(const char *s, int64_t *day)
{
	if (civil_parse_date(s, strlen(s), day) == 0)
		return 0;
	fprintf(stderr, "evalbench: '%s' is not a date (YYYY-MM-DD)\n", s);
	return -1;
}

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: evalbench CONFIG NOW FROM TO\n");
		return 64;
	}
	char *err = NULL;
	struct config *cfg = config_load(argv[1], &err);
	if (!cfg) {
		fprintf(stderr, "evalbench: %s\n", err);
		return 78;
	}
	int64_t now, from, to;
	if (timefmt_parse_iso8601(argv[2], cfg->tz, &now) < 0) {
		fprintf(stderr, "evalbench: '%s' is not a time\n", argv[2]);
		return 64;
	}
	if (day_arg(argv[3], &from) < 0 || day_arg(argv[4], &to) < 0)
		return 64;
	struct store *st = store_open(cfg->store_path, STORE_READONLY, &err);
	if (!st) {
		fprintf(stderr, "evalbench: %s\n", err);
		return 74;
	}
	double t0 = now_s();
	struct dataset *ds = dataset_new(cfg, now);
	if (store_load(st, cfg, NULL, ds, &err) < 0) {
		fprintf(stderr, "evalbench: %s\n", err);
		return 74;
	}
	double load = now_s() - t0;
	long hwm_load = hwm_kb();

	/* EVALBENCH_PROFILE=N: evaluate() N times (for perf), the ticket side
	 * only unless EVALBENCH_ROWS=1 */
	const char *prof = getenv("EVALBENCH_PROFILE");
	if (prof) {
		size_t keep = ds->na;
		if (!getenv("EVALBENCH_ROWS"))
			ds->na = 0;
		for (long i = strtol(prof, NULL, 10); i > 0; i--)
			evaluation_free(evaluate(cfg, ds, now, from, to));
		ds->na = keep;
		dataset_free(ds);
		store_close(st);
		config_free(cfg);
		return 0;
	}
	t0 = now_s();
	struct evaluation *ev = evaluate(cfg, ds, now, from, to);
	double eval = now_s() - t0;
	size_t clocked = ev->ntk, findings = ev->findings.n;
	evaluation_free(ev);

	/* the ticket side alone: the same call with no activity rows */
	size_t na = ds->na;
	double tickets = 1e30;
	for (int i = 0; i < 3; i++) {
		ds->na = 0;
		t0 = now_s();
		ev = evaluate(cfg, ds, now, from, to);
		double t = now_s() - t0;
		ds->na = na;
		if (t < tickets)
			tickets = t;
		evaluation_free(ev);
	}
	printf("load_s=%.3f eval_s=%.3f tickets_s=%.4f tickets=%zu clocked=%zu rows=%zu "
	       "findings=%zu hwm_load_kb=%ld hwm_kb=%ld\n", load, eval, tickets, ds->nt, clocked,
	       na, findings, hwm_load, hwm_kb());
	dataset_free(ds);
	store_close(st);
	config_free(cfg);
	return 0;
}
