/* alert — the mailing policy over the store's record of what was sent. */
#include "alert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "config.h"
#include "dataset.h"
#include "evaluate.h"
#include "findgroup.h"
#include "mail.h"
#include "report.h"
#include "report_email.h"
#include "store.h"
#include "tz.h"
#include "util.h"

/* Every recipient, for the store's record. */
static char *recipients(const struct mail_conf *m)
{
	struct strbuf sb = STRBUF_INIT;
	sb_add(&sb, "", 0);
	for (size_t i = 0; i < m->to.n; i++)
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", m->to.v[i]);
	for (size_t i = 0; i < m->cc.n; i++)
		sb_printf(&sb, "%s%s", sb.len ? ", " : "", m->cc.v[i]);
	return sb_detach(&sb);
}

/* A Message-ID seed that is the same when the same mail is retried. */
static char *seed(const char *kind, const struct evaluation *ev, int64_t day)
{
	uint64_t h = fnv1a(FNV_OFFSET, kind, strlen(kind));
	h = fnv1a(h, &day, sizeof(day));
	for (size_t i = 0; i < ev->findings.n; i++)
		h = fnv1a(h, ev->findings.v[i].id, strlen(ev->findings.v[i].id));
	return xasprintf("%016llx", (unsigned long long)h);
}

static int deliver(const struct config *cfg, const char *subject, const char *text,
		   const char *html, int64_t now, const char *id_seed, char **err)
{
	const struct mail_conf *m = &cfg->mail;
	if (mail_check_conf(m, err) < 0)
		return -1;
	char *from = xasprintf("%s via fitsmon", cfg->school);
	struct mail_message msg = { subject, text, html };
	char *raw = mail_build(m, from, &msg, now, id_seed);
	free(from);
	if (!raw)
		return errorf(err, "mail: the message could not be built");
	int rc = mail_send(m, raw, err);
	free(raw);
	return rc;
}

int alert_after_run(const struct config *cfg, struct store *st, const struct dataset *ds,
		    const struct evaluation *ev, int64_t now, int64_t run,
		    enum alert_sent *sent, char **err)
{
	const struct mail_conf *m = &cfg->mail;
	*sent = ALERT_NONE;
	if (!m->enabled)
		return 0;
	int64_t today = tz_day_of(cfg->tz, now);
	int64_t last_digest = store_last_mail(st, "digest");
	/* a digest whose send failed is due until one goes, on any later day */
	int64_t failed = store_last_mail(st, "digest-failed");
	int retry = failed != TS_NONE && (last_digest == TS_NONE || failed > last_digest);
	int digest = m->digest_day >= 0 &&
		     (retry || ((m->digest_day == 0 || civil_weekday(today) == m->digest_day) &&
				(last_digest == TS_NONE ||
				 tz_day_of(cfg->tz, last_digest) < today)));
	/* findings never mailed before, and whether a red one is among them */
	const char **fresh = xcalloc(ev->findings.n ? ev->findings.n : 1, sizeof(char *));
	size_t nfresh = 0, fresh_red = 0, fresh_unread = 0;
	/* counted as the mail tells them: findings of one activity once
	 * (findgroup.h), new when any of them is */
	struct findgroups *gs = findgroup_make(cfg, &ev->findings);
	unsigned char *group_fresh = xcalloc(gs->n + 1, 1);
	for (size_t i = 0; i < ev->findings.n; i++) {
		const struct finding *f = &ev->findings.v[i];
		if (store_finding_mailed(st, f->id) == TS_NONE) {
			fresh[nfresh++] = f->id;
			if (f->red && !group_fresh[gs->of[i]]) {
				fresh_red++;
				fresh_unread += f->kind == FK_FEED_UNREADABLE;
			}
			group_fresh[gs->of[i]] = 1;
		}
	}
	size_t told = gs->red + gs->amber;
	free(group_fresh);
	findgroup_free(gs);
	int rc = 0;
	if (store_damaged(st)) {
		/* what was or was not mailed before cannot be told */
		rc = errorf(err, "store: the file is damaged; nothing was mailed");
	} else if (digest || fresh_red) {
		const char *kind = digest ? "digest" : "alert";
		size_t cleared = store_cleared_since(st, digest ? last_digest
						       : store_last_mail(st, "alert"));
		char *text = report_email_body(cfg, ds, ev, fresh, nfresh, cleared);
		char *html = report_html.render(cfg, ds, ev);
		size_t total = told;
		char *subject = digest
			? xasprintf("%s: ICT support %s summary - %zu thing%s to look at", cfg->school,
				    m->digest_day == 0 ? "daily" : "weekly", total,
				    total == 1 ? "" : "s")
			: fresh_unread == fresh_red
			/* only data that could not be read: nobody is accused */
			? xasprintf("%s: the ICT supplier's data could not be checked", cfg->school)
			: xasprintf("%s: %zu urgent ICT support problem%s", cfg->school, fresh_red,
				    fresh_red == 1 ? "" : "s");
		char *id_seed = seed(kind, ev, today);
		rc = deliver(cfg, subject, text, html, now, id_seed, err);
		if (rc == 0) {
			/* everything in the mail now counts as mailed */
			const char **all = xcalloc(ev->findings.n ? ev->findings.n : 1, sizeof(char *));
			for (size_t i = 0; i < ev->findings.n; i++)
				all[i] = ev->findings.v[i].id;
			char *to = recipients(m);
			rc = store_mail_sent(st, kind, subject, to, all, ev->findings.n, now, run, err);
			free(to);
			free(all);
			*sent = digest ? ALERT_DIGEST : ALERT_URGENT;
		} else if (digest && !store_damaged(st)) {
			/* remembered, so the next runs try again until one is sent */
			char *to = recipients(m);
			store_mail_sent(st, "digest-failed", subject, to, NULL, 0, now, run, NULL);
			free(to);
		}
		free(id_seed);
		free(subject);
		free(html);
		free(text);
	}
	free(fresh);
	return rc;
}

int alert_test(const struct config *cfg, int64_t now, char **err)
{
	if (!cfg->mail.enabled)
		return errorf(err, "mail: %s has no [mail] section", cfg->path);
	char *subject = xasprintf("%s: fitsmon test message", cfg->school);
	char *text = xasprintf(
		"This is a test message from fitsmon, which checks the ICT support at %s.\n\n"
		"If you can read this, the school's reports will reach you. There is nothing "
		"to do.\n", cfg->school);
	int rc = deliver(cfg, subject, text, NULL, now, NULL, err);
	free(subject);
	free(text);
	return rc;
}
