/* matrix — the resolved config and ownership matrix as text. */
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

char *matrix_text(const struct config *cfg)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[256];
	sb_printf(&sb, "%s: configuration is valid (%s)\n", cfg->school, cfg->path);
	sb_printf(&sb, "time zone %s; store %s\n", tz_name(cfg->tz), cfg->store_path);
	if (cfg->catalog_path)
		sb_printf(&sb, "FITS OM catalog %s (%zu functions)\n", cfg->catalog_path, cfg->nfn);

	sb_puts(&sb, "\nCALENDARS\n");
	for (size_t i = 0; i < cfg->ncal; i++) {
		const int64_t *f, *l;
		size_t nt = cal_terms(cfg->cal[i], &f, &l);
		cal_describe_hours(cfg->cal[i], buf, sizeof(buf));
		sb_printf(&sb, "  %-16s %s", cal_name(cfg->cal[i]), buf);
		if (nt)
			sb_printf(&sb, "; %zu term%s", nt, nt == 1 ? "" : "s");
		sb_putc(&sb, '\n');
	}
	sb_puts(&sb, "\nSUPPLIERS\n");
	for (size_t i = 0; i < cfg->nsup; i++) {
		const struct supplier *s = &cfg->sup[i];
		sb_printf(&sb, "  %-16s %s; calendar %s", s->id, s->name, cal_name(s->cal));
		if (s->onsite_s >= 0) {
			timefmt_duration(s->onsite_s, buf, sizeof(buf));
			sb_printf(&sb, "; on site %s a week", buf);
		}
		sb_putc(&sb, '\n');
		if (s->nowns) {
			sb_printf(&sb, "  %-16s owns ", "");
			for (size_t j = 0; j < s->nowns; j++)
				sb_printf(&sb, "%s%s", j ? ", " : "", s->owns[j]);
			sb_putc(&sb, '\n');
		}
	}
	sb_puts(&sb, "\nFEEDS\n");
	for (size_t i = 0; i < cfg->nfeed; i++) {
		const struct feed *f = &cfg->feed[i];
		sb_printf(&sb, "  %-16s %-13s %-10s %s\n", f->id, fields_kind_name(f->kind),
			  cfg->sup[f->supplier].id, f->url);
	}
	sb_puts(&sb, "\nSERVICE LEVELS (a ticket takes the first that matches)\n");
	for (size_t i = 0; i < cfg->nsla; i++) {
		const struct sla *s = &cfg->sla[i];
		char r1[32], r2[32];
		timefmt_duration(s->respond, r1, sizeof(r1));
		timefmt_duration(s->resolve, r2, sizeof(r2));
		sb_printf(&sb, "  %zu. %-12s %-10s %-28s respond %s, resolve %s, target %d%%, "
			  "calendar %s\n", i + 1, s->id,
			  s->supplier >= 0 ? cfg->sup[s->supplier].id : "(all)",
			  s->when_text ? s->when_text : "(every ticket)", r1, r2,
			  s->target_ppm / 10000, s->cal ? cal_name(s->cal) : "of each supplier");
	}
	sb_puts(&sb, "\nOWNERSHIP MATRIX\n");
	sb_printf(&sb, "  %-28s %-24s %-12s %-26s %s\n", "FUNCTION", "ACTIVITY", "WHO",
		  "HOW OFTEN", "EVIDENCE");
	for (size_t i = 0; i < cfg->nact; i++) {
		const struct activity *a = &cfg->act[i];
		if (a->supplier < 0)
			continue;
		const struct function *fn = a->function ? config_function(cfg, a->function) : NULL;
		how_often(a, buf, sizeof(buf));
		char ev[512];
		snprintf(ev, sizeof(ev), "%s%s%s", a->evidence ? pattern_source(a->evidence) : "",
			 a->evidence ? " or " : "", "code = ");
		struct strbuf e = STRBUF_INIT;
		sb_puts(&e, ev);
		sb_puts(&e, a->id);
		for (size_t k = 0; k < a->codes.n; k++)
			sb_printf(&e, ", %s", a->codes.v[k]);
		sb_printf(&sb, "  %-28.28s %-24.24s %-12.12s %-26.26s %s\n",
			  fn ? fn->title : a->function ? a->function : "(none)", a->id,
			  cfg->sup[a->supplier].id, buf, e.buf);
		sb_release(&e);
	}
	return sb_detach(&sb);
}
