/*
 * datacheck — `fitsmon validate --data`: every feed's current copy read
 * against the config, all problems found in one pass (datacheck.h).
 *
 * Two reads of each copy.  The first is this module's own, with csvread:
 * it maps the header (so that every missing column is found, not only the
 * first) and looks at the raw time cells (so that a wrong time_format is
 * caught and a better one proposed even when a header is missing too).
 * The second, only when every mapped header is there, is exactly what a
 * run does: ingest_file into a dataset, whose tickets have their SLA
 * picked and whose activity rows have their evidence matched.
 */
#include "datacheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "config.h"
#include "csvread.h"
#include "dataset.h"
#include "evaluate.h"
#include "evidence.h"
#include "fields.h"
#include "ingest.h"
#include "pattern.h"
#include "store.h"
#include "timefmt.h"
#include "util.h"

/* The time columns a feed can map. */
static const enum field time_fields[] = { FIELD_OPENED, FIELD_RESPONDED, FIELD_RESOLVED,
					  FIELD_CLOSED, FIELD_AT };
#define NTIME (sizeof(time_fields) / sizeof(time_fields[0]))

/* Time cells kept for timeguess: the first SAMPLE_FIRST, then up to
 * SAMPLE_DECISIVE more that can tell day/month from month/day. */
#define SAMPLE_FIRST 1000
#define SAMPLE_DECISIVE 500

/* ---- the first read: header and time cells ------------------------------ */

struct scan {
	const struct feed *fc;
	struct datacheck_feed *df;
	int have_header;
	int col[FIELD_COUNT];          /* header index; -1 unmapped or missing */
	size_t *part[FIELD_COUNT];     /* "A + B": header index of each part */
	size_t npart[FIELD_COUNT];
	int slot[FIELD_COUNT];         /* time field -> df->time index, -1 */
	char **sample[NTIME];
	size_t nsample[NTIME], capsample[NTIME], ndecisive[NTIME];
	struct strbuf cell;
};

/* Header index of name (exact, then ignoring ASCII case), as ingest does; -1. */
static int find_column(const struct csvread_row *r, const char *name, size_t len)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n; i++) {
			const char *b;
			size_t n = str_trim_span(r->f[i], r->len[i], &b);
			if (n == len && (pass ? !strncasecmp(b, name, n) : !memcmp(b, name, n)))
				return (int)i;
		}
	return -1;
}

static void add_missing(struct scan *sc, int field, const char *name, size_t len)
{
	struct datacheck_feed *df = sc->df;
	df->missing = xreallocarray(df->missing, df->nmissing + 1, sizeof(*df->missing));
	struct datacheck_missing *m = &df->missing[df->nmissing++];
	m->field = field;
	m->column = xstrndup(name, len);
	/* the nearest by edit distance, then one that differs only in blanks or case */
	const char **names = xcalloc(df->nheader + 1, sizeof(*names));
	for (size_t i = 0; i < df->nheader; i++)
		names[i] = df->header[i];
	const char *near = config_nearest(m->column, names);
	free(names);
	m->nearest = near ? xstrdup(near) : NULL;
}

static void map_header(struct scan *sc, const struct csvread_row *r)
{
	const struct feed *fc = sc->fc;
	struct datacheck_feed *df = sc->df;
	df->header = xcalloc(r->n + 1, sizeof(*df->header));
	for (size_t i = 0; i < r->n; i++) {
		const char *b;
		size_t n = str_trim_span(r->f[i], r->len[i], &b);
		/* the supplier's words, shown as text: control characters
		 * made visible (sb_add_visible) */
		struct strbuf h = STRBUF_INIT;
		sb_add(&h, "", 0);
		sb_add_visible(&h, b, n);
		df->header[df->nheader++] = sb_detach(&h);
	}
	for (int k = 0; k < FIELD_COUNT; k++) {
		sc->col[k] = -1;
		if (!fc->column[k])
			continue;
		sc->col[k] = find_column(r, fc->column[k], strlen(fc->column[k]));
		if (sc->col[k] >= 0 || (fc->optional & 1u << k))
			continue;
		if (!strstr(fc->column[k], " + ")) {
			add_missing(sc, k, fc->column[k], strlen(fc->column[k]));
			continue;
		}
		size_t cap = 0, before = df->nmissing;
		for (const char *p = fc->column[k];;) {
			const char *plus = strstr(p, " + ");
			const char *b;
			size_t n = str_trim_span(p, plus ? (size_t)(plus - p) : strlen(p), &b);
			int i = n ? find_column(r, b, n) : -1;
			if (i < 0) {
				add_missing(sc, k, b, n);
			} else {
				VEC_GROW(sc->part[k], sc->npart[k], cap, sc->npart[k] + 1);
				sc->part[k][sc->npart[k]++] = (size_t)i;
			}
			if (!plus)
				break;
			p = plus + 3;
		}
		if (df->nmissing > before)
			sc->npart[k] = 0;
	}
}

/* 1 when the trimmed cell s[0..n) is one of the feed's missing-value markers. */
static int is_missing(const struct feed *fc, const char *s, size_t n)
{
	for (size_t i = 0; i < fc->missing.n; i++)
		if (strlen(fc->missing.v[i]) == n && !memcmp(fc->missing.v[i], s, n))
			return 1;
	return 0;
}

/* The trimmed cell of field k in sc->cell ("" when absent or a missing marker). */
static const char *cell_of(struct scan *sc, const struct csvread_row *r, int k)
{
	sc->cell.len = 0;
	sb_add(&sc->cell, "", 0);
	size_t nparts = sc->npart[k] ? sc->npart[k] : 1;
	for (size_t p = 0; p < nparts; p++) {
		size_t i = sc->npart[k] ? sc->part[k][p] : (size_t)sc->col[k];
		const char *b = "";
		size_t n = i < r->n ? str_trim_span(r->f[i], r->len[i], &b) : 0;
		if (is_missing(sc->fc, b, n))
			n = 0;
		if (p)
			sb_putc(&sc->cell, ' ');
		sb_add(&sc->cell, b, n);
	}
	sb_add(&sc->cell, "", 0);
	/* a join of empty parts is only blanks */
	const char *b;
	size_t n = str_trim_span(sc->cell.buf, sc->cell.len, &b);
	return n ? sc->cell.buf : "";
}

/* A leading number or the one after it above 12 (a day): tells d/m from m/d. */
static int decisive(const char *s)
{
	for (int k = 0; k < 2; k++) {
		while (*s && (*s < '0' || *s > '9'))
			s++;
		int v = 0, digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 5) {
			v = v * 10 + (*s++ - '0');
			digits++;
		}
		if (v > 12 && v <= 31)
			return 1;
		if (!*s)
			break;
	}
	return 0;
}

static void sample(struct scan *sc, size_t t, const char *s)
{
	if (sc->nsample[t] >= SAMPLE_FIRST) {
		if (sc->ndecisive[t] >= SAMPLE_DECISIVE || !decisive(s))
			return;
		sc->ndecisive[t]++;
	}
	VEC_GROW(sc->sample[t], sc->nsample[t], sc->capsample[t], sc->nsample[t] + 1);
	sc->sample[t][sc->nsample[t]++] = xstrdup(s);
}

static int scan_row(const struct csvread_row *r, void *ctx)
{
	struct scan *sc = ctx;
	size_t header = (size_t)(sc->fc->header_row > 0 ? sc->fc->header_row : 1);
	if (r->record < header)
		return 0;
	if (!sc->have_header) {
		sc->have_header = 1;
		map_header(sc, r);
		return 0;
	}
	if (r->bad)
		return 0;
	for (size_t t = 0; t < NTIME; t++) {
		int k = (int)time_fields[t];
		int slot = sc->slot[k];
		if (slot < 0 || (sc->col[k] < 0 && !sc->npart[k]))
			continue;
		const char *s = cell_of(sc, r, k);
		if (!*s)
			continue;
		struct datacheck_time *tm = &sc->df->time[slot];
		tm->total++;
		int64_t at;
		if (timefmt_parse(s, sc->fc->time_format, sc->fc->tz, &at) == 0)
			tm->parsed++;
		else if (!tm->bad[0]) {
			char *v = str_visible(s);
			str_copy(tm->bad, sizeof(tm->bad), v, strlen(v));
			free(v);
		}
		sample(sc, t, s);
	}
	return 0;
}

/* The first read; -1 with df->error when the file cannot be read as CSV. */
static int scan_file(const struct feed *fc, struct datacheck_feed *df)
{
	struct scan sc;
	memset(&sc, 0, sizeof(sc));
	sc.fc = fc;
	sc.df = df;
	for (int k = 0; k < FIELD_COUNT; k++) {
		sc.col[k] = -1;
		sc.slot[k] = -1;
	}
	for (size_t t = 0; t < NTIME; t++) {
		int k = (int)time_fields[t];
		if (!fc->column[k])
			continue;
		sc.slot[k] = (int)df->ntime;
		df->time[df->ntime++].field = k;
	}
	struct csv_dialect d;
	ingest_dialect(fc, &d);   /* read as ingest reads it */
	char *err = NULL;
	int rc = csvread_file(df->source, &d, scan_row, &sc, NULL, &err);
	if (rc < 0) {
		df->error = err;
	} else if (!sc.have_header) {
		df->error = xstrdup(fc->header_row > 1 ? "no header in the file (header_row)"
				    : "the file is empty (no header row)");
		rc = -1;
	}
	for (size_t t = 0; t < NTIME; t++) {
		int slot = sc.slot[time_fields[t]];
		if (slot >= 0) {
			struct datacheck_time *tm = &df->time[slot];
			if (rc == 0 && tm->parsed < tm->total)
				tm->guessed = timeguess_cells((const char *const *)sc.sample[t],
							      sc.nsample[t], &tm->guess) == 0;
		}
		for (size_t i = 0; i < sc.nsample[t]; i++)
			free(sc.sample[t][i]);
		free(sc.sample[t]);
	}
	for (int k = 0; k < FIELD_COUNT; k++)
		free(sc.part[k]);
	sb_release(&sc.cell);
	return rc;
}

/* ---- the second read: the rows as a run takes them ------------------------ */

static void example(struct datacheck_example *ex, size_t *n, size_t row, const char *text)
{
	if (*n >= DATACHECK_EXAMPLES)
		return;
	ex[*n].row = row;
	ex[*n].text = str_visible(text);   /* the supplier's cells: one line */
	++*n;
}

static struct datacheck_count *count_of(struct datacheck_values *vs, const char *text,
					size_t nsla)
{
	for (size_t i = 0; i < vs->nv; i++)
		if (!strcmp(vs->v[i].text, text))
			return &vs->v[i];
	if (vs->nv >= DATACHECK_VALUES_MAX)
		return NULL;
	VEC_GROW(vs->v, vs->nv, vs->cap, vs->nv + 1);
	struct datacheck_count *c = &vs->v[vs->nv++];
	memset(c, 0, sizeof(*c));
	c->text = xstrdup(text);
	c->by_sla = xcalloc(nsla + 1, sizeof(*c->by_sla));
	return c;
}

static struct datacheck_values *values_for(struct datacheck_feed *df, int field)
{
	for (size_t i = 0; i < df->nvalues; i++)
		if (df->values[i].field == field)
			return &df->values[i];
	df->values = xreallocarray(df->values, df->nvalues + 1, sizeof(*df->values));
	struct datacheck_values *vs = &df->values[df->nvalues++];
	memset(vs, 0, sizeof(*vs));
	vs->field = field;
	return vs;
}

/* Passes rows on to the dataset, keeping reject examples and on-site values. */
struct tally {
	struct feedsink inner;
	const struct config *cfg;
	const struct feed *fc;
	struct datacheck_feed *df;
};

static void tally_row(void *ctx, int feed, const struct feedrow *r)
{
	struct tally *t = ctx;
	t->inner.row(t->inner.ctx, feed, r);
	if (t->fc->kind == KIND_ACTIVITIES && t->fc->column[FIELD_ONSITE] && r->cell) {
		const char *s = r->cell[FIELD_ONSITE] ? r->cell[FIELD_ONSITE] : "";
		struct datacheck_count *c =
			count_of(values_for(t->df, FIELD_ONSITE), s, t->cfg->nsla);
		if (c) {
			c->n++;
			c->yes += r->onsite != 0;
		} else {
			values_for(t->df, FIELD_ONSITE)->other++;
		}
	}
}

static void tally_reject(void *ctx, int feed, size_t row, const char *reason)
{
	struct tally *t = ctx;
	t->inner.reject(t->inner.ctx, feed, row, reason);
	example(t->df->rejects, &t->df->nrejects, row, reason);
}

/* The tickets' values and SLAs. */
static void tickets(const struct config *cfg, const struct feed *fc, const struct dataset *ds,
		    int feed, struct datacheck_feed *df)
{
	if (fc->column[FIELD_PRIORITY])
		values_for(df, FIELD_PRIORITY);
	if (fc->column[FIELD_STATUS])
		values_for(df, FIELD_STATUS);
	for (size_t k = 0; k < cfg->nsla; k++) {
		const struct sla *sl = &cfg->sla[k];
		if (sl->field >= 0 && (sl->supplier < 0 || sl->supplier == fc->supplier))
			values_for(df, sl->field)->sla_reads = 1;
	}
	for (size_t i = 0; i < ds->nt; i++) {
		const struct ticket *t = &ds->t[i];
		if (t->feed != feed || t->opened == TS_NONE)
			continue;
		df->tickets++;
		size_t k = t->sla >= 0 ? (size_t)t->sla : cfg->nsla;
		for (size_t v = 0; v < df->nvalues; v++) {
			struct datacheck_values *vs = &df->values[v];
			const char *s = t->cell[vs->field] ? t->cell[vs->field] : "";
			struct datacheck_count *c = count_of(vs, s, cfg->nsla);
			if (!c) {
				vs->other++;
				continue;
			}
			c->n++;
			c->by_sla[k]++;
		}
		if (t->sla >= 0)
			continue;
		df->no_sla++;
		if (df->nno_sla_ex >= DATACHECK_EXAMPLES)
			continue;
		/* the id, and what the SLA conditions read */
		struct strbuf sb = STRBUF_INIT;
		sb_puts(&sb, t->id);
		int any = 0;
		for (size_t v = 0; v < df->nvalues; v++) {
			const struct datacheck_values *vs = &df->values[v];
			if (!vs->sla_reads)
				continue;
			const char *s = t->cell[vs->field] ? t->cell[vs->field] : "";
			sb_printf(&sb, "%s%s '%s'", any ? ", " : " (", fields_name(vs->field), s);
			any = 1;
		}
		if (any)
			sb_putc(&sb, ')');
		example(df->no_sla_ex, &df->nno_sla_ex, t->row, sb.buf);
		sb_release(&sb);
	}
}

/* The activity rows: what each counts for. */
static void activities(const struct config *cfg, const struct dataset *ds, int feed,
		       int explain, struct datacheck_feed *df)
{
	const struct evidence_plan *p = dataset_plan(ds, feed);
	df->nact = p ? evidence_plan_count(p) : 0;
	df->act = xcalloc(df->nact + 1, sizeof(*df->act));
	df->act_rows = xcalloc(df->nact + 1, sizeof(*df->act_rows));
	for (size_t j = 0; j < df->nact; j++)
		df->act[j] = evidence_plan_act(p, j);
	struct pattern_scratch *ps = pattern_scratch_new();
	for (size_t r = 0; r < ds->na; r++) {
		const struct actrow *a = &ds->a[r];
		if (a->feed != feed)
			continue;
		df->activity_rows++;
		if (explain) {
			char *why = evidence_explain_for(cfg, cfg->feed[feed].supplier, a->code,
							 a->desc);
			int code = a->code && *a->code;
			VEC_GROW(df->why, df->nwhy, df->capwhy, df->nwhy + 1);
			df->why[df->nwhy].row = a->row;
			char *vc = str_visible(code ? a->code : "");
			char *vd = str_visible(a->desc ? a->desc : "");
			df->why[df->nwhy++].text = xasprintf("%s%s%s\n%s", vc, code ? " | " : "",
							     vd, why);
			free(vc);
			free(vd);
			free(why);
		}
		int any = 0;
		for (size_t j = 0; j < df->nact; j++) {
			int hit = j < EVIDENCE_BITS ? (int)((a->ev >> j) & 1)
				: evaluate_is_evidence(cfg, ps, &cfg->act[df->act[j]], ds, r);
			if (hit) {
				df->act_rows[j]++;
				any = 1;
			}
		}
		if (any)
			continue;
		df->rows_none++;
		if (df->nnone_ex < DATACHECK_EXAMPLES) {
			int code = a->code && *a->code, desc = a->desc && *a->desc;
			char *text = xasprintf("%s%s%s", code ? a->code : "", code && desc ? ": " : "",
					       desc ? a->desc : code ? "" : "(no code, no description)");
			example(df->none_ex, &df->nnone_ex, a->row, text);
			free(text);
		}
	}
	pattern_scratch_free(ps);
}

static void read_rows(const struct config *cfg, int feed, int64_t now, int explain,
		      struct datacheck_feed *df)
{
	const struct feed *fc = &cfg->feed[feed];
	struct dataset *ds = dataset_new(cfg, now);
	ds->keep_text = 1;   /* the rows that count for nothing are quoted */
	struct tally t = { dataset_sink(ds), cfg, fc, df };
	struct feedsink sink = { &t, tally_row, tally_reject };
	struct ingest_stats st;
	char *err = NULL;
	if (ingest_file(cfg, feed, df->source, &sink, &st, &err) < 0) {
		df->error = err;
		dataset_free(ds);
		return;
	}
	dataset_finish(ds);
	df->rows_read = 1;
	df->records = st.records;
	df->rejected = st.rejected;
	if (fc->kind == KIND_ACTIVITIES)
		activities(cfg, ds, feed, explain, df);
	else
		tickets(cfg, fc, ds, feed, df);
	dataset_free(ds);
}

/* ---- the whole check ------------------------------------------------------- */

int datacheck_ready(const struct feed *fc, const struct datacheck_feed *f)
{
	if (f->error || f->nmissing)
		return 0;
	if (f->records && (double)f->rejected > fc->max_rejected * (double)f->records)
		return 0;
	for (size_t i = 0; i < f->ntime; i++)
		if (f->time[i].total && !f->time[i].parsed)
			return 0;
	return 1;
}

/* The copy to read: the spool's last good copy, else the local file. */
static void pick_source(const struct feed *fc, struct store *st, struct datacheck_feed *df)
{
	if (st) {
		struct store_feed sf;
		char *err = NULL;
		memset(&sf, 0, sizeof(sf));
		if (store_feed_get(st, fc->id, &sf, &err) == 0 && sf.spool_path &&
		    access(sf.spool_path, R_OK) == 0) {
			df->source = xstrdup(sf.spool_path);
			df->from_spool = 1;
		}
		free(err);
		store_feed_clear(&sf);
		if (df->source)
			return;
	}
	if (fc->path)
		df->source = xstrdup(fc->path);
	else
		df->error = xasprintf("no copy yet: it has never been fetched -- run 'fitsmon "
				      "fetch %s' first", fc->id);
}

struct datacheck *datacheck_run(const struct config *cfg, struct store *st, int64_t now,
				int explain)
{
	struct datacheck *dc = xcalloc(1, sizeof(*dc));
	dc->n = cfg->nfeed;
	dc->f = xcalloc(dc->n + 1, sizeof(*dc->f));
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *fc = &cfg->feed[i];
		struct datacheck_feed *df = &dc->f[i];
		df->feed = (int)i;
		pick_source(fc, st, df);
		if (df->source && scan_file(fc, df) == 0 && !df->nmissing)
			read_rows(cfg, (int)i, now, explain, df);
		df->ready = datacheck_ready(fc, df);
		dc->not_ready += !df->ready;
	}
	return dc;
}

static void examples_free(struct datacheck_example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ex[i].text);
}

void datacheck_free(struct datacheck *dc)
{
	if (!dc)
		return;
	for (size_t i = 0; i < dc->n; i++) {
		struct datacheck_feed *df = &dc->f[i];
		free(df->source);
		free(df->error);
		for (size_t k = 0; k < df->nmissing; k++) {
			free(df->missing[k].column);
			free(df->missing[k].nearest);
		}
		free(df->missing);
		for (size_t k = 0; k < df->nheader; k++)
			free(df->header[k]);
		free(df->header);
		examples_free(df->rejects, df->nrejects);
		examples_free(df->no_sla_ex, df->nno_sla_ex);
		examples_free(df->none_ex, df->nnone_ex);
		examples_free(df->why, df->nwhy);
		free(df->why);
		for (size_t v = 0; v < df->nvalues; v++) {
			for (size_t k = 0; k < df->values[v].nv; k++) {
				free(df->values[v].v[k].text);
				free(df->values[v].v[k].by_sla);
			}
			free(df->values[v].v);
		}
		free(df->values);
		free(df->act);
		free(df->act_rows);
	}
	free(dc->f);
	free(dc);
}

/* ---- the text ------------------------------------------------------------------ */

static const char *const month_names[] = { "January", "February", "March", "April", "May",
	"June", "July", "August", "September", "October", "November", "December" };

/* "03/09/2026 could be 3 September or 9 March" from an ambiguous example. */
static void ambiguity(const struct timeguess *g, struct strbuf *sb)
{
	const char *s = g->example;
	int a = 0, b = 0;
	size_t i = 0;
	while (s[i] >= '0' && s[i] <= '9')
		a = a * 10 + (s[i++] - '0');
	size_t sep = i;
	if (!s[sep])
		return;
	i++;
	while (s[i] >= '0' && s[i] <= '9')
		b = b * 10 + (s[i++] - '0');
	if (sep == 0 || a < 1 || a > 12 || b < 1 || b > 12)
		return;
	size_t datelen = strcspn(s, " T");
	sb_printf(sb, "    %.*s could be %d %s or %d %s: day/month assumed, as in the UK\n",
		  (int)datelen, s, a, month_names[b - 1], b, month_names[a - 1]);
}

static void time_lines(const struct feed *fc, const struct datacheck_feed *df,
		       struct strbuf *sb)
{
	const char *fmt = fc->time_format ? fc->time_format : "iso8601";
	int good = 0;
	for (size_t i = 0; i < df->ntime; i++) {
		const struct datacheck_time *tm = &df->time[i];
		if (tm->total && tm->parsed == tm->total)
			sb_printf(sb, "%s%s %zu", good++ ? ", " : "  times: all parse (",
				  fields_name((enum field)tm->field), tm->total);
	}
	if (good)
		sb_puts(sb, ")\n");
	for (size_t i = 0; i < df->ntime; i++) {
		const struct datacheck_time *tm = &df->time[i];
		const char *name = fields_name((enum field)tm->field);
		if (!tm->total || tm->parsed == tm->total)
			continue;
		if (tm->parsed)
			sb_printf(sb, "  times: %s: %zu of %zu parse as %s (%.1f%%); '%s' does not\n",
				  name, tm->parsed, tm->total, fmt,
				  100.0 * (double)tm->parsed / (double)tm->total, tm->bad);
		else
			sb_printf(sb, "  ! times: %s: none of %zu parse as %s, e.g. '%s'\n", name,
				  tm->total, fmt, tm->bad);
		const struct timeguess *g = &tm->guess;
		if (!tm->guessed) {
			sb_puts(sb, "    they are not written in a way fitsmon knows: set time_format "
				"(strptime style, e.g. %d/%m/%Y %H:%M)\n");
			continue;
		}
		if (!strcmp(g->format, fmt) || (!fc->time_format && !strcmp(g->format, "iso8601")))
			continue;   /* the format is right; a few cells are not */
		sb_printf(sb, "    they are written %s (%zu of %zu read so): fix: time_format = %s\n",
			  g->reading, g->parsed, g->total, g->format);
		if (g->ambiguous)
			ambiguity(g, sb);
	}
}

/* Most tickets first; equal counts by text. */
static int by_count(const void *a, const void *b)
{
	const struct datacheck_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Each field's values, most common first; for a field an SLA reads, the
 * SLAs its tickets take ("-> urgent", or "-> high 2, normal 26"). */
static void values_lines(const struct config *cfg, struct datacheck_feed *df,
			 struct strbuf *sb)
{
	for (size_t v = 0; v < df->nvalues; v++)
		if (df->values[v].nv > 1)
			qsort(df->values[v].v, df->values[v].nv, sizeof(*df->values[v].v),
			      by_count);
	for (size_t v = 0; v < df->nvalues; v++) {
		const struct datacheck_values *vs = &df->values[v];
		int onsite = vs->field == FIELD_ONSITE;
		sb_printf(sb, "  %s:", fields_name((enum field)vs->field));
		for (size_t k = 0; k < vs->nv && k < 12; k++) {
			const struct datacheck_count *c = &vs->v[k];
			sb_printf(sb, "%s %s", k ? ";" : "", *c->text ? "'" : "(blank)");
			sb_add_visible(sb, c->text, strlen(c->text));
			sb_printf(sb, "%s %zu", *c->text ? "'" : "", c->n);
			if (onsite) {
				sb_puts(sb, c->yes == c->n ? " on site" : c->yes ? " partly on site"
					: " not on site");
				continue;
			}
			/* the SLAs its tickets take, for a field a `when` reads (for
			 * another, which SLA takes them is not the value's doing) */
			if (!vs->sla_reads)
				continue;
			int first = 1;
			for (size_t s = 0; s <= cfg->nsla; s++) {
				if (!c->by_sla[s])
					continue;
				const char *name = s < cfg->nsla ? cfg->sla[s].id : "no SLA";
				if (c->by_sla[s] == c->n)
					sb_printf(sb, " -> %s", name);
				else
					sb_printf(sb, "%s%s %zu", first ? " -> " : ", ", name,
						  c->by_sla[s]);
				first = 0;
			}
		}
		if (vs->nv > 12)
			sb_printf(sb, "; and %zu more value%s", vs->nv - 12, vs->nv - 12 == 1 ? "" : "s");
		if (vs->other)
			sb_printf(sb, " (%zu more with other values)", vs->other);
		sb_putc(sb, '\n');
	}
}

static void examples_line(const struct datacheck_example *ex, size_t n, struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++) {
		char text[100];
		str_copy(text, sizeof(text), ex[i].text, strlen(ex[i].text));
		sb_printf(sb, "    row %zu: %s%s\n", ex[i].row, text,
			  strlen(ex[i].text) >= sizeof(text) ? "..." : "");
	}
}

static void feed_block(const struct config *cfg, struct datacheck_feed *df,
		       struct strbuf *sb)
{
	const struct feed *fc = &cfg->feed[df->feed];
	sb_printf(sb, "\n%s (%s from %s): %s\n", fc->id, fields_kind_name(fc->kind),
		  cfg->sup[fc->supplier].id, df->ready ? "ready" : "NOT READY");
	if (df->source)
		sb_printf(sb, "  read %s%s\n", df->source,
			  df->from_spool ? " (the last good copy fetched)" : "");
	if (df->error) {
		sb_puts(sb, "  ! cannot read it: ");
		sb_add_visible(sb, df->error, strlen(df->error));
		sb_putc(sb, '\n');
	}
	for (size_t i = 0; i < df->nmissing; i++) {
		const struct datacheck_missing *m = &df->missing[i];
		const char *field = fields_name((enum field)m->field);
		sb_printf(sb, "  ! column '%s' (column.%s) is not in the header", m->column, field);
		if (m->nearest && strcmp(fc->column[m->field], m->column))
			sb_printf(sb, "; the nearest is '%s': fix the name in column.%s = %s\n",
				  m->nearest, field, fc->column[m->field]);
		else if (m->nearest)
			sb_printf(sb, "; the nearest is '%s': fix: column.%s = %s\n", m->nearest,
				  field, m->nearest);
		else
			sb_puts(sb, "; no header is close: check the supplier's export\n");
	}
	if (df->nmissing && df->nheader) {
		sb_puts(sb, "    the header has: ");
		for (size_t i = 0; i < df->nheader && i < 20; i++)
			sb_printf(sb, "%s%s", i ? ", " : "", df->header[i]);
		sb_puts(sb, df->nheader > 20 ? ", ...\n" : "\n");
	}
	time_lines(fc, df, sb);
	if (!df->rows_read) {
		if (!df->error)
			sb_puts(sb, "  (the rows are looked at once every mapped header is there)\n");
		return;
	}
	double share = df->records ? (double)df->rejected / (double)df->records : 0;
	int too_many = df->records && share > fc->max_rejected;
	sb_printf(sb, "  %s%zu row%s, %zu rejected", too_many ? "! " : "", df->records,
		  df->records == 1 ? "" : "s", df->rejected);
	if (df->rejected)
		sb_printf(sb, " (%.1f%%; max_rejected %g%%)", 100.0 * share,
			  100.0 * fc->max_rejected);
	sb_puts(sb, df->nrejects ? ", e.g.\n" : "\n");
	examples_line(df->rejects, df->nrejects, sb);
	values_lines(cfg, df, sb);
	if (fc->kind != KIND_ACTIVITIES) {
		if (!df->no_sla)
			sb_printf(sb, "  every one of the %zu tickets is taken by an [sla]\n",
				  df->tickets);
		else
			sb_printf(sb, "  %zu of %zu tickets no [sla] takes (no clock runs for them), "
				  "e.g.\n", df->no_sla, df->tickets);
		examples_line(df->no_sla_ex, df->nno_sla_ex, sb);
		return;
	}
	if (!df->activity_rows) {
		sb_puts(sb, "  no row to count as evidence\n");
		return;
	}
	sb_printf(sb, "  evidence in %zu row%s:", df->activity_rows,
		  df->activity_rows == 1 ? "" : "s");
	size_t shown = 0;
	for (size_t j = 0; j < df->nact; j++)
		sb_printf(sb, "%s %s %zu", shown++ ? ";" : "", cfg->act[df->act[j]].id,
			  df->act_rows[j]);
	if (!df->nact)
		sb_puts(sb, " this supplier performs no activity");
	sb_putc(sb, '\n');
	if (df->rows_none)
		sb_printf(sb, "  %zu row%s count%s for no activity, e.g.\n", df->rows_none,
			  df->rows_none == 1 ? "" : "s", df->rows_none == 1 ? "s" : "");
	examples_line(df->none_ex, df->nnone_ex, sb);
	for (size_t k = 0; k < df->nwhy; k++) {
		/* "CODE | TEXT\nline\nline\n": the first line after the row
		 * number, the rest indented under it */
		const char *p = df->why[k].text;
		sb_printf(sb, "  row %zu: ", df->why[k].row);
		for (int first = 1; *p; first = 0) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			sb_printf(sb, "%s%.*s\n", first ? "" : "    ", (int)n, p);
			p += n + (nl != NULL);
		}
	}
}

char *datacheck_text(const struct config *cfg, struct datacheck *dc)
{
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb, "%s: the feeds as they are now (%s)\n", cfg->school, cfg->path);
	for (size_t i = 0; i < dc->n; i++)
		feed_block(cfg, &dc->f[i], &sb);
	if (!dc->n)
		sb_puts(&sb, "\nno [feed] to read\n");
	else if (!dc->not_ready)
		sb_printf(&sb, "\n%s %zu feed%s ready.\n", dc->n == 1 ? "The" : "All",
			  dc->n, dc->n == 1 ? " is" : "s are");
	else if (dc->n == 1)
		sb_puts(&sb, "\nThe feed is not ready: fix what is marked ! and run fitsmon "
			"validate --data again.\n");
	else
		sb_printf(&sb, "\n%zu of %zu feeds %s not ready: fix what is marked ! and run "
			  "fitsmon validate --data again.\n", dc->not_ready, dc->n,
			  dc->not_ready == 1 ? "is" : "are");
	return sb_detach(&sb);
}
