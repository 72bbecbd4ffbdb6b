/*
 * report_email — the body of the email to the school contact
 * (report_email.h), and the "email" report format that previews it.
 */
#include "report_email.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "config.h"
#include "evaluate.h"
#include "findgroup.h"
#include "finding.h"
#include "report.h"
#include "report_text.h"
#include "util.h"
#include "wording.h"

static int is_new(const struct finding *f, const char *const *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], f->id))
			return 1;
	return 0;
}

/* One finding, or one group of them (findgroup.h), in full: message,
 * then the question.  New when any of the group is new. */
static void item(struct strbuf *sb, const struct config *cfg, const struct evaluation *ev,
		 const struct findgroups *gs, size_t k, const char *const *ids, size_t n,
		 int *num)
{
	const struct findgroup *g = &gs->v[k];
	int fresh = 0;
	for (size_t i = 0; i < g->n && !fresh; i++)
		fresh = is_new(&ev->findings.v[g->member[i]], ids, n);
	char head[24];
	snprintf(head, sizeof(head), "%3d. %s", ++*num, fresh ? "NEW: " : "");
	sb_putc(sb, '\n');
	report_text_wrap(sb, head, "     ", findgroup_message(gs, k, &ev->findings));
	char *ask = report_text_ask_q(cfg, ev->findings.v[g->member[0]].supplier,
				      findgroup_question(gs, k, &ev->findings));
	report_text_wrap(sb, "     ", "     ", ask);
	free(ask);
}

/* One finding or group to follow up, in short: what happened (the first
 * sentence of its message); the attached report has the rest. */
static void brief(struct strbuf *sb, const struct evaluation *ev, const struct findgroups *gs,
		  size_t k, const char *const *ids, size_t n, int *num)
{
	const struct findgroup *g = &gs->v[k];
	int fresh = 0;
	for (size_t i = 0; i < g->n && !fresh; i++)
		fresh = is_new(&ev->findings.v[g->member[i]], ids, n);
	char head[24];
	snprintf(head, sizeof(head), "%3d. %s", ++*num, fresh ? "NEW: " : "");
	const char *msg = findgroup_message(gs, k, &ev->findings);
	char *first = xstrndup(msg, wording_first_sentence(msg));
	report_text_wrap(sb, head, "     ", first);
	free(first);
}

/*
 * Late or at-risk calls of one supplier are many in a bad month: one item
 * names them instead of one item each.
 */
static void grouped_calls(struct strbuf *sb, const struct config *cfg,
			  const struct evaluation *ev, enum finding_kind kind, int *num)
{
	for (size_t s = 0; s < cfg->nsup; s++) {
		size_t n = 0;
		struct strbuf ids = STRBUF_INIT;
		for (size_t i = 0; i < ev->findings.n; i++) {
			const struct finding *f = &ev->findings.v[i];
			if (f->kind != kind || !f->supplier || strcmp(f->supplier, cfg->sup[s].id))
				continue;
			if (n < 6)
				sb_printf(&ids, "%s%s", n ? ", " : "", f->subject);
			n++;
		}
		if (n) {
			if (n > 6)
				sb_printf(&ids, " and %zu more", n - 6);
			char head[16];
			snprintf(head, sizeof(head), "%3d. ", ++*num);
			char *msg = kind == FK_TICKET_BREACHED
				? xasprintf("%zu call%s to %s %s not dealt with in the agreed time: %s.", n,
					    n == 1 ? "" : "s", cfg->sup[s].name, n == 1 ? "was" : "were",
					    ids.buf)
				: xasprintf("%zu open call%s to %s %s close to missing the agreed time: "
					    "%s.", n, n == 1 ? "" : "s", cfg->sup[s].name,
					    n == 1 ? "is" : "are", ids.buf);
			report_text_wrap(sb, head, "     ", msg);
			free(msg);
		}
		sb_release(&ids);
	}
}

char *report_email_body(const struct config *cfg, const struct dataset *ds,
			const struct evaluation *ev, const char *const *new_ids, size_t n,
			size_t cleared)
{
	(void)ds;
	struct strbuf sb = STRBUF_INIT;
	char a[64], b[64];
	/* the verdict counts the items below, late calls grouped per supplier */
	struct findgroups *gs = findgroup_make(cfg, &ev->findings);
	struct evaluation counted = *ev;
	counted.red = gs->red;
	counted.amber = 0;
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		if (f->red || gs->v[gs->of[i]].member[0] != i)   /* a group counts once */
			continue;
		if (f->kind == FK_TICKET_BREACHED || f->kind == FK_TICKET_AT_RISK) {
			int first = 1;
			for (size_t k = 0; k < i && first; k++)
				first = !(ev->findings.v[k].kind == f->kind &&
					  !strcmp(ev->findings.v[k].supplier ? ev->findings.v[k].supplier : "",
						  f->supplier ? f->supplier : ""));
			counted.amber += first;
		} else {
			counted.amber++;
		}
	}
	report_text_verdict(&sb, &counted);
	civil_format_short(ev->from_day, a, sizeof(a));
	civil_format_short(ev->to_day - 1, b, sizeof(b));
	sb_printf(&sb, "This covers %s to %s at %s.", a, b, cfg->school);
	if (n || cleared) {
		sb_printf(&sb, " Since the last email: %zu new", n);
		if (cleared)
			sb_printf(&sb, ", %zu put right", cleared);
		sb_putc(&sb, '.');
	}
	sb_putc(&sb, '\n');
	int num = 0;
	if (ev->red) {
		sb_puts(&sb, "\nURGENT\n");
		for (size_t k = 0; k < gs->n; k++)
			if (gs->v[k].red)
				item(&sb, cfg, ev, gs, k, new_ids, n, &num);
	}
	if (ev->amber) {
		sb_puts(&sb, "\nTO FOLLOW UP\n");
		report_text_wrap(&sb, "  ", "  ", wording_report_note(WN_MAIL_FOLLOW_UP));
		grouped_calls(&sb, cfg, ev, FK_TICKET_BREACHED, &num);
		grouped_calls(&sb, cfg, ev, FK_TICKET_AT_RISK, &num);
		for (size_t k = 0; k < gs->n; k++) {
			const struct finding *f = &ev->findings.v[gs->v[k].member[0]];
			if (!f->red && f->kind != FK_TICKET_BREACHED && f->kind != FK_TICKET_AT_RISK)
				brief(&sb, ev, gs, k, new_ids, n, &num);
		}
	}
	report_text_went_well(&sb, cfg, ev);
	report_text_trends(&sb, cfg, ev, 1);
	sb_putc(&sb, '\n');
	report_text_wrap(&sb, "", "", wording_report_note(WN_MAIL_ATTACHED));
	findgroup_free(gs);
	return sb_detach(&sb);
}

/* The email body as a report format, to preview what the contact gets. */
static char *render_email(const struct config *cfg, const struct dataset *ds,
			  const struct evaluation *ev)
{
	return report_email_body(cfg, ds, ev, NULL, 0, 0);
}

const struct report_backend report_email = { "email", render_email };
