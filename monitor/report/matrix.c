/* matrix — the resolved config and the ownership matrix. */
#include "matrix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cal.h"
#include "config.h"
#include "pattern.h"
#include "timefmt.h"
#include "tz.h"
#include "util.h"

/* "every school-day, grace 1d" or "3x a week" */
/* What counts besides a code, into sb (emptied): the activity's words
 * (objects, actions, unless, problems), else its evidence pattern. */
static void evidence_words(const struct activity *a, struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
	if (a->rule >= 0) {
		sb_printf(sb, "objects %s; actions %s", a->objects, a->actions);
		if (a->unless)
			sb_printf(sb, "; unless %s", a->unless);
	} else if (a->evidence) {
		sb_puts(sb, pattern_source(a->evidence));
	}
	if (a->prob >= 0)
		sb_printf(sb, "%sproblems %s", sb->len ? "; " : "", a->problems);
	else if (a->concern)
		sb_printf(sb, "%sconcern %s", sb->len ? "; " : "", pattern_source(a->concern));
}

static void how_often(const struct activity *a, char *buf, size_t size)
{
	char g[32] = "";
	if (a->grace) {
		char d[24];
		timefmt_duration(a->grace, d, sizeof(d));
		snprintf(g, sizeof(g), ", grace %s", d);
	}
	if (a->times > 1)
		snprintf(buf, size, "%dx a %s%s", a->times, config_period_name(a->every), g);
	else
		snprintf(buf, size, "every %s%s", config_period_name(a->every), g);
}

/* 1 when the performer sends a log fitsmon can check the activity in. */
static int monitored(const struct config *cfg, const struct activity *a)
{
	for (size_t i = 0; i < cfg->nfeed; i++)
		if (cfg->feed[i].kind == KIND_ACTIVITIES && cfg->feed[i].supplier == a->supplier)
			return 1;
	return 0;
}

static void codes(const struct activity *a, struct strbuf *sb)
{
	sb->len = 0;
	sb_puts(sb, a->id);
	for (size_t k = 0; k < a->codes.n; k++)
		sb_printf(sb, ", %s", a->codes.v[k]);
}

void matrix_table(const struct config *cfg, struct table *t)
{
	static const char *const head[] = { "function", "function_title", "owner", "activity",
		"title", "performer", "role", "every", "times", "grace", "evidence", "codes",
		"monitored" };
	table_init(t, 13, head);
	table_numeric(t, 8);
	struct strbuf sb = STRBUF_INIT, ev = STRBUF_INIT;
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		const struct function *fn = a->function ? config_function(cfg, a->function) : NULL;
		char times[16], grace[32];
		snprintf(times, sizeof(times), "%d", a->times);
		timefmt_duration(a->grace, grace, sizeof(grace));
		codes(a, &sb);
		evidence_words(a, &ev);
		const char *row[] = { a->function, fn ? fn->title : NULL,
				      fn ? cfg->sup[fn->owner].id : NULL, a->id, a->title,
				      cfg->sup[a->supplier].id, a->role,
				      config_period_name(a->every), times, grace,
				      ev.len ? ev.buf : NULL, sb.buf,
				      monitored(cfg, a) ? "yes" : "no" };
		table_add(t, row);
	}
	sb_release(&sb);
	sb_release(&ev);
}

static void config_part(const struct config *cfg, struct strbuf *sb)
{
	char buf[256];
	sb_printf(sb, "%s: configuration is valid (%s)\n", cfg->school, cfg->path);
	sb_printf(sb, "time zone %s; store %s\n", tz_name(cfg->tz), cfg->store_path);
	if (cfg->catalog_path)
		sb_printf(sb, "FITS OM catalog %s (%zu functions, %zu activities)\n",
			  cfg->catalog_path, cfg->nfn, cfg->nact);
	if (cfg->school_roles.n) {
		sb_puts(sb, "school staff roles: ");
		for (size_t i = 0; i < cfg->school_roles.n; i++)
			sb_printf(sb, "%s%s", i ? "; " : "", cfg->school_roles.v[i]);
		sb_putc(sb, '\n');
	}

	sb_puts(sb, "\nCALENDARS\n");
	for (size_t i = 0; i < cfg->ncal; i++) {
		const int64_t *f, *l;
		size_t nt = cal_terms(cfg->cal[i], &f, &l);
		cal_describe_hours(cfg->cal[i], buf, sizeof(buf));
		sb_printf(sb, "  %-16s %s", cal_name(cfg->cal[i]), buf);
		if (nt)
			sb_printf(sb, "; %zu term%s", nt, nt == 1 ? "" : "s");
		sb_putc(sb, '\n');
	}
	sb_puts(sb, "\nSUPPLIERS\n");
	for (size_t i = 0; i < cfg->nsup; i++) {
		const struct supplier *s = &cfg->sup[i];
		if (s->is_school)
			continue;
		sb_printf(sb, "  %-16s %s; calendar %s", s->id, s->name, cal_name(s->cal));
		if (s->onsite_s >= 0) {
			timefmt_duration(s->onsite_s, buf, sizeof(buf));
			sb_printf(sb, "; on site %s a week", buf);
		}
		if (s->roles.n) {
			sb_puts(sb, "; fills the roles ");
			for (size_t j = 0; j < s->roles.n; j++)
				sb_printf(sb, "%s%s", j ? ", " : "", s->roles.v[j]);
		}
		sb_putc(sb, '\n');
	}
	sb_puts(sb, "\nFEEDS\n");
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *f = &cfg->feed[i];
		sb_printf(sb, "  %-16s %-13s %-10s %s\n", f->id, fields_kind_name(f->kind),
			  cfg->sup[f->supplier].id, f->url);
	}
	sb_puts(sb, "\nSERVICE LEVELS (a ticket takes the first that matches)\n");
	for (size_t i = 0; i < cfg->nsla; i++) {
		const struct sla *s = &cfg->sla[i];
		char r1[32], r2[32];
		timefmt_duration(s->respond, r1, sizeof(r1));
		timefmt_duration(s->resolve, r2, sizeof(r2));
		sb_printf(sb, "  %zu. %-12s %-10s %-28s respond %s, resolve %s, target %d%%, "
			  "calendar %s\n", i + 1, s->id,
			  s->supplier >= 0 ? cfg->sup[s->supplier].id : "(all)",
			  s->when_text ? s->when_text : "(every ticket)", r1, r2,
			  s->target_ppm / 10000, s->cal ? cal_name(s->cal) : "of each supplier");
	}
	/* what a condition may read, and which column each field comes from */
	sb_puts(sb, "  Fields a condition reads (when = FIELD ~ PATTERN; when.FIELD = PATTERN, "
		"all must match):\n");
	for (int fl = 0; fl < FIELD_COUNT; fl++) {
		if (!fields_allowed(KIND_TICKETS, (enum field)fl) &&
		    !fields_allowed(KIND_TICKET_EVENTS, (enum field)fl))
			continue;
		const char *name = fields_name((enum field)fl);
		sb_printf(sb, "    %-12s column.%s:", name, name);
		int any = 0;
		for (size_t i = 0; i < cfg->nfeed; i++) {
			const struct feed *f = &cfg->feed[i];
			if (f->kind == KIND_ACTIVITIES || !f->column[fl])
				continue;
			sb_printf(sb, "%s \"%s\" (%s)", any ? "," : "", f->column[fl], f->id);
			any = 1;
		}
		sb_puts(sb, any ? "\n" : " not mapped in any ticket feed\n");
	}
}

/* One function's block: its owner, then each activity. */
static void function_block(const struct config *cfg, const char *fid, struct strbuf *sb,
			   int verbose, int *warned, int *hidden)
{
	const struct function *fn = fid ? config_function(cfg, fid) : NULL;
	int any = 0;
	char often[96];
	struct strbuf cs = STRBUF_INIT, ew = STRBUF_INIT;
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		if (fid ? !a->function || strcmp(a->function, fid) : a->function != NULL)
			continue;
		if (!any) {
			if (fn)
				sb_printf(sb, "\n%s -- owner: %s\n", fn->title, cfg->sup[fn->owner].name);
			else
				sb_puts(sb, "\nOther activities\n");
			any = 1;
		}
		const struct supplier *who = &cfg->sup[a->supplier];
		how_often(a, often, sizeof(often));
		int mon = monitored(cfg, a);
		sb_printf(sb, "  %-24s %-10s %-27s %-28s %s\n", a->id, who->id,
			  a->role ? a->role : "", often,
			  mon ? "checked" : who->is_school ? "school's own (no school log)"
			  : "not checked: no log from this supplier");
		codes(a, &cs);
		evidence_words(a, &ew);
		if (verbose || !a->from_catalog)
			sb_printf(sb, "  %-24s evidence: %s%scode %s\n", "", ew.len ? ew.buf : "",
				  ew.len ? "; or " : "", cs.buf);
		else
			++*hidden;
		if (who->is_school && a->role && cfg->school_roles.n &&
		    !config_school_has_role(cfg, a->role)) {
			sb_printf(sb, "  %-24s NOTE: nobody at the school holds the %s role\n", "",
				  a->role);
			++*warned;
		}
	}
	sb_release(&cs);
	sb_release(&ew);
}

char *matrix_text(const struct config *cfg, int verbose)
{
	struct strbuf sb = STRBUF_INIT;
	config_part(cfg, &sb);
	sb_puts(&sb, "\nOWNERSHIP MATRIX (activity, who does it, their role, how often, "
		"whether fitsmon can check it)\n");
	int warned = 0, hidden = 0;
	for (size_t k = 0; k < cfg->nfn; k++)
		function_block(cfg, cfg->fn[k].id, &sb, verbose, &warned, &hidden);
	function_block(cfg, NULL, &sb, verbose, &warned, &hidden);
	if (warned)
		sb_printf(&sb, "\n%d activit%s left to the school need%s a role nobody there "
			  "holds: agree who does %s.\n", warned, warned == 1 ? "y" : "ies",
			  warned == 1 ? "s" : "", warned == 1 ? "it" : "them");
	if (hidden)
		sb_printf(&sb, "\n(what counts as evidence for the %d catalog activit%s: "
			  "fitsmon -v validate)\n", hidden, hidden == 1 ? "y" : "ies");
	return sb_detach(&sb);
}
