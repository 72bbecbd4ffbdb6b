#ifndef FITSMON_REPORT_EMAIL_H
#define FITSMON_REPORT_EMAIL_H
/*
 * report_email — the body of the email to the school contact: the verdict
 * first, then what is urgent in full, then the rest briefly (late calls
 * grouped), what went well, what changed since the last mail, and what the
 * words mean — within one screen for a normal week.  It only renders:
 * which findings are new and how many were put right are the caller's
 * (alert.h).  The "email" report format (report.h) is this body with
 * nothing new.
 */
#include <stddef.h>

struct config;
struct dataset;
struct evaluation;

/* new_ids (n of them, may be 0) are findings not mailed before; cleared
 * counts those put right since.  Caller frees. */
char *report_email_body(const struct config *cfg, const struct dataset *ds,
			const struct evaluation *ev, const char *const *new_ids, size_t n,
			size_t cleared);

#endif
