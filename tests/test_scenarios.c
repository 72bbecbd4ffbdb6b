/*
 * End-to-end scenarios, one folder each under tests/data/scenarios/: a
 * fitsmon.conf, its CSV feeds, and an `expect` file of hand-checked
 * figures.  The runner loads the config, reads every feed, evaluates and
 * compares.  `expect` lines (# comments):
 *   config PATH (from the top of the tree; default: fitsmon.conf here)
 *   now TIME | from DATE | to DATE
 *   ticket FEED ID SLA RESPONSE_STATUS:SECONDS RESOLUTION_STATUS:SECONDS PAUSED
 *   noticket FEED ID                     (not clocked: unmatched or outside)
 *   fixed FEED ID TIME                   (when the resolution clock stopped)
 *   sla NAME TICKETS MET COMPLIANCE|null  (compliance in ten-thousandths)
 *   obligation ACTIVITY PERIOD_START PERIOD_END STATUS EVIDENCE
 *   obligations ACTIVITY COUNT            (number of periods reported)
 *   hours SUPPLIER WEEK DELIVERED STATUS  (delivered in decimal hours)
 *   weeks SUPPLIER COUNT
 *   unmatched N | rejects N | reject FEED ROW
 *   finding KIND SUBJECT | nofinding KIND SUBJECT | findings N
 *   fetched FEED TIME|never   (the feed's last good fetch; default: now)
 *   stale FEED yes|no         (the evaluator's verdict on the feed)
 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "clock.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "ingest.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

#include "testutil.h"

#define DIR_ SRCDIR "/tests/data/scenarios"

static char **dirs;
static size_t ndirs;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dirs(void)
{
	DIR *d = opendir(DIR_);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.') {
			dirs = xreallocarray(dirs, ndirs + 1, sizeof(*dirs));
			dirs[ndirs++] = xasprintf("%s/%s", DIR_, e->d_name);
		}
	closedir(d);
	qsort(dirs, ndirs, sizeof(*dirs), cmp_str);
}

static const struct tresult *find_ticket(const struct config *cfg, const struct evaluation *ev,
					 const char *feed, const char *id)
{
	for (size_t i = 0; i < ev->ntk; i++)
		if (!strcmp(ev->tk[i].t->id, id) && !strcmp(cfg->feed[ev->tk[i].t->feed].id, feed))
			return &ev->tk[i];
	return NULL;
}

static int find_act(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nact; i++)
		if (!strcmp(cfg->act[i].id, id))
			return (int)i;
	return -1;
}

static int find_feed(const struct config *cfg, const char *id)
{
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (!strcmp(cfg->feed[i].id, id))
			return (int)i;
	return -1;
}

static int has_finding(const struct evaluation *ev, const char *kind, const char *subject)
{
	for (size_t i = 0; i < ev->findings.n; i++)
		if (!strcmp(finding_kind_name(ev->findings.v[i].kind), kind) &&
		    !strcmp(ev->findings.v[i].subject, subject))
			return 1;
	return 0;
}

static void check_clock(const char *where, const struct clock *c, const char *want)
{
	char status[32];
	long long secs;
	ck_assert_msg(sscanf(want, "%31[^:]:%lld", status, &secs) == 2, "%s: bad clock '%s'",
		      where, want);
	ck_assert_msg(!strcmp(clock_status_name(c->status), status) && c->elapsed == secs,
		      "%s: got %s:%lld, expected %s", where, clock_status_name(c->status),
		      (long long)c->elapsed, want);
}

/* One evaluation of a shared config and dataset, for a thread. */
struct twin {
	const struct config *cfg;
	const struct dataset *ds;
	int64_t now, from, to;
	struct evaluation *ev;
};

static void *twin_run(void *arg)
{
	struct twin *w = arg;
	w->ev = evaluate(w->cfg, w->ds, w->now, w->from, w->to);
	return NULL;
}

/*
 * Two evaluations of one config at once (each with its own two threads)
 * give what one alone gave: nothing they write lives in the config or the
 * dataset.  Under `make check-tsan` this is where a write into the config
 * during evaluation (a calendar index, pattern match data) shows as a race.
 */
static void twins_agree(const struct config *cfg, const struct dataset *ds, int64_t now,
			int64_t from, int64_t to, const struct evaluation *ev, const char *dir)
{
	struct twin w[2];
	pthread_t th[2];
	for (int i = 0; i < 2; i++) {
		w[i] = (struct twin){ cfg, ds, now, from, to, NULL };
		ck_assert_int_eq(pthread_create(&th[i], NULL, twin_run, &w[i]), 0);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		const struct evaluation *e = w[i].ev;
		ck_assert_msg(e->ntk == ev->ntk && e->findings.n == ev->findings.n &&
			      e->red == ev->red && e->amber == ev->amber,
			      "%s: a concurrent evaluation differs", dir);
		for (size_t k = 0; k < ev->ntk; k++)
			ck_assert_msg(e->tk[k].response.elapsed == ev->tk[k].response.elapsed &&
				      e->tk[k].resolution.elapsed == ev->tk[k].resolution.elapsed &&
				      e->tk[k].paused == ev->tk[k].paused,
				      "%s: ticket %s clocked otherwise concurrently", dir,
				      ev->tk[k].t->id);
		for (size_t k = 0; k < ev->findings.n; k++)
			ck_assert_str_eq(e->findings.v[k].message, ev->findings.v[k].message);
		evaluation_free(w[i].ev);
	}
}

START_TEST(scenario)
{
	const char *dir = dirs[_i];
	char *path = xasprintf("%s/expect", dir), *err = NULL;
	FILE *f = fopen(path, "r");
	ck_assert_msg(f != NULL, "%s: no expect file", dir);
	char line[1024];
	/* "config PATH" (from the top of the tree) names a config kept
	 * elsewhere, e.g. the sample school's */
	char *conf = xasprintf("%s/fitsmon.conf", dir);
	while (fgets(line, sizeof(line), f)) {
		char k[32], v[512];
		if (sscanf(line, "%31s %511s", k, v) == 2 && !strcmp(k, "config")) {
			free(conf);
			conf = xasprintf("%s/%s", SRCDIR, v);
		}
	}
	rewind(f);
	struct config *cfg = config_load(conf, &err);
	ck_assert_msg(cfg != NULL, "%s", err);
	free(conf);
	int64_t now = TS_NONE, from = TS_NONE, to = TS_NONE;
	/* first pass: the clock and window */
	while (fgets(line, sizeof(line), f)) {
		char k[32], v[128];
		if (sscanf(line, "%31s %127s", k, v) != 2)
			continue;
		if (!strcmp(k, "now"))
			ck_assert_int_eq(timefmt_parse_iso8601(v, cfg->tz, &now), 0);
		else if (!strcmp(k, "from"))
			ck_assert_int_eq(civil_parse_date(v, strlen(v), &from), 0);
		else if (!strcmp(k, "to"))
			ck_assert_int_eq(civil_parse_date(v, strlen(v), &to), 0);
	}
	ck_assert_msg(now != TS_NONE, "%s: expect needs 'now'", dir);
	struct dataset *ds = dataset_new(cfg, now);
	struct feedsink sink = dataset_sink(ds);
	for (size_t i = 0; i < cfg->nfeed; i++) {
		struct ingest_stats st;
		ck_assert_msg(ingest_file(cfg, (int)i, cfg->feed[i].path, &sink, &st, &err) == 0,
			      "%s: %s", dir, err);
		ds->fs[i].records = st.records;
		ds->fs[i].last_success = now;   /* fresh unless `fetched` says otherwise */
	}
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		char k[32], feed[128], v[128];
		if (sscanf(line, "%31s %127s %127s", k, feed, v) != 3 || strcmp(k, "fetched"))
			continue;
		int fi = find_feed(cfg, feed);
		ck_assert_msg(fi >= 0, "%s: no feed %s", dir, feed);
		if (!strcmp(v, "never"))
			ds->fs[fi].last_success = TS_NONE;
		else
			ck_assert_int_eq(timefmt_parse_iso8601(v, cfg->tz, &ds->fs[fi].last_success), 0);
	}
	dataset_finish(ds);
	struct evaluation *ev = evaluate(cfg, ds, now, from, to);
	twins_agree(cfg, ds, now, from, to, ev, dir);
	rewind(f);
	int n = 0, checks = 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		char a[8][128];
		int m = sscanf(line, "%127s %127s %127s %127s %127s %127s %127s %127s", a[0], a[1],
			       a[2], a[3], a[4], a[5], a[6], a[7]);
		if (m <= 0 || a[0][0] == '#')
			continue;
		char where[1200];
		snprintf(where, sizeof(where), "%s/expect:%d", dir, n);
		if (!strcmp(a[0], "ticket") && m == 7) {
			const struct tresult *r = find_ticket(cfg, ev, a[1], a[2]);
			ck_assert_msg(r != NULL, "%s: ticket %s not clocked", where, a[2]);
			ck_assert_msg(!strcmp(cfg->sla[r->sla].id, a[3]), "%s: sla %s, expected %s",
				      where, cfg->sla[r->sla].id, a[3]);
			check_clock(where, &r->response, a[4]);
			check_clock(where, &r->resolution, a[5]);
			ck_assert_msg(r->paused == strtoll(a[6], NULL, 10), "%s: paused %lld",
				      where, (long long)r->paused);
		} else if (!strcmp(a[0], "fixed") && m == 4) {
			const struct tresult *r = find_ticket(cfg, ev, a[1], a[2]);
			ck_assert_msg(r != NULL, "%s: ticket %s not clocked", where, a[2]);
			int64_t at;
			ck_assert_int_eq(timefmt_parse_iso8601(a[3], cfg->tz, &at), 0);
			ck_assert_msg(r->resolution.stopped && r->resolution.stop == at,
				      "%s: fixed at %lld, expected %lld", where,
				      (long long)r->resolution.stop, (long long)at);
		} else if (!strcmp(a[0], "noticket") && m == 3) {
			ck_assert_msg(!find_ticket(cfg, ev, a[1], a[2]), "%s: %s is clocked", where,
				      a[2]);
		} else if (!strcmp(a[0], "sla") && m == 5) {
			size_t k = 0;
			while (k < cfg->nsla && strcmp(cfg->sla[k].id, a[1]))
				k++;
			ck_assert_msg(k < cfg->nsla, "%s: no sla %s", where, a[1]);
			const struct slaresult *r = &ev->sla[k];
			char comp[16];
			if (r->has_compliance)
				snprintf(comp, sizeof(comp), "%d", r->compliance);
			else
				snprintf(comp, sizeof(comp), "null");
			ck_assert_msg(r->tickets == strtoul(a[2], NULL, 10) &&
				      r->met == strtoul(a[3], NULL, 10) && !strcmp(comp, a[4]),
				      "%s: got %zu %zu %s", where, r->tickets, r->met, comp);
		} else if (!strcmp(a[0], "obligation") && m == 6) {
			int act = find_act(cfg, a[1]);
			ck_assert_msg(act >= 0, "%s: no activity %s", where, a[1]);
			int64_t d0, d1;
			ck_assert_int_eq(civil_parse_date(a[2], strlen(a[2]), &d0), 0);
			ck_assert_int_eq(civil_parse_date(a[3], strlen(a[3]), &d1), 0);
			const struct obligation *o = NULL;
			for (size_t i = 0; i < ev->nob && !o; i++)
				if (ev->ob[i].act == act && ev->ob[i].first_day == d0)
					o = &ev->ob[i];
			ck_assert_msg(o != NULL, "%s: no period %s", where, a[2]);
			ck_assert_msg(o->end_day == d1 &&
				      !strcmp(evaluate_ob_status_name(o->status), a[4]) &&
				      o->evidence == strtoul(a[5], NULL, 10),
				      "%s: got end %lld %s %zu", where, (long long)(o->end_day - d1),
				      evaluate_ob_status_name(o->status), o->evidence);
		} else if (!strcmp(a[0], "obligations") && m == 3) {
			int act = find_act(cfg, a[1]);
			size_t c = 0;
			for (size_t i = 0; i < ev->nob; i++)
				c += ev->ob[i].act == act;
			ck_assert_msg(c == strtoul(a[2], NULL, 10), "%s: %zu periods", where, c);
		} else if (!strcmp(a[0], "hours") && m == 5) {
			const struct weekhours *w = NULL;
			for (size_t i = 0; i < ev->nwk && !w; i++) {
				char wk[16];
				civil_format_week(ev->wk[i].monday, wk, sizeof(wk));
				if (!strcmp(cfg->sup[ev->wk[i].sup].id, a[1]) && !strcmp(wk, a[2]))
					w = &ev->wk[i];
			}
			ck_assert_msg(w != NULL, "%s: no week %s", where, a[2]);
			double want = strtod(a[3], NULL);
			ck_assert_msg((long long)(want * 1000000 + 0.5) == w->delivered_uh &&
				      !strcmp(evaluate_hours_status_name(w->status), a[4]),
				      "%s: got %lld uh %s", where, (long long)w->delivered_uh,
				      evaluate_hours_status_name(w->status));
		} else if (!strcmp(a[0], "weeks") && m == 3) {
			int s = config_supplier_index(cfg, a[1]);
			size_t c = 0;
			for (size_t i = 0; i < ev->nwk; i++)
				c += ev->wk[i].sup == s;
			ck_assert_msg(c == strtoul(a[2], NULL, 10), "%s: %zu weeks", where, c);
		} else if (!strcmp(a[0], "unmatched") && m == 2) {
			ck_assert_msg(ev->unmatched == strtoul(a[1], NULL, 10), "%s: %zu unmatched",
				      where, ev->unmatched);
		} else if (!strcmp(a[0], "rejects") && m == 2) {
			ck_assert_msg(ds->nr == strtoul(a[1], NULL, 10), "%s: %zu rejects", where,
				      ds->nr);
		} else if (!strcmp(a[0], "reject") && m == 3) {
			int found = 0;
			for (size_t i = 0; i < ds->nr; i++)
				found |= !strcmp(cfg->feed[ds->r[i].feed].id, a[1]) &&
					 ds->r[i].row == strtoul(a[2], NULL, 10);
			ck_assert_msg(found, "%s: row not rejected", where);
		} else if (!strcmp(a[0], "finding") && m >= 3) {
			char subject[300];
			const char *p = strstr(line, a[1]) + strlen(a[1]);
			while (*p == ' ')
				p++;
			snprintf(subject, sizeof(subject), "%s", p);
			str_trim(subject);
			ck_assert_msg(has_finding(ev, a[1], subject), "%s: no finding %s '%s'", where,
				      a[1], subject);
		} else if (!strcmp(a[0], "nofinding") && m >= 3) {
			char subject[300];
			const char *p = strstr(line, a[1]) + strlen(a[1]);
			while (*p == ' ')
				p++;
			snprintf(subject, sizeof(subject), "%s", p);
			str_trim(subject);
			ck_assert_msg(!has_finding(ev, a[1], subject), "%s: unexpected finding %s",
				      where, a[1]);
		} else if (!strcmp(a[0], "stale") && m == 3) {
			int fi = find_feed(cfg, a[1]);
			ck_assert_msg(fi >= 0, "%s: no feed %s", where, a[1]);
			ck_assert_msg(ev->feed[fi].stale == !strcmp(a[2], "yes"), "%s: stale is %d",
				      where, ev->feed[fi].stale);
		} else if (!strcmp(a[0], "findings") && m == 2) {
			ck_assert_msg(ev->findings.n == strtoul(a[1], NULL, 10), "%s: %zu findings",
				      where, ev->findings.n);
		} else if (!strcmp(a[0], "now") || !strcmp(a[0], "from") || !strcmp(a[0], "to") ||
			   !strcmp(a[0], "config") || !strcmp(a[0], "fetched")) {
			continue;
		} else {
			ck_abort_msg("%s: cannot read this line", where);
		}
		checks++;
	}
	ck_assert_msg(checks > 0, "%s: expect checks nothing", dir);
	fclose(f);
	free(path);
	evaluation_free(ev);
	dataset_free(ds);
	config_free(cfg);
	free(err);
}
END_TEST

START_TEST(scenarios_exist)
{
	ck_assert_msg(ndirs >= 4, "only %zu scenarios", ndirs);
}
END_TEST

static Suite *suite(void)
{
	list_dirs();
	Suite *s = suite_create("scenarios");
	TCase *tc = tcase_create("scenarios");
	tcase_add_test(tc, scenarios_exist);
	tcase_add_loop_test(tc, scenario, 0, (int)ndirs);
	suite_add_tcase(s, tc);
	return s;
}

TEST_MAIN()
