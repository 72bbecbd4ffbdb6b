#ifndef FITSMON_FINDING_H
#define FITSMON_FINDING_H
/*
 * finding — what fitsmon tells the school: a kind from DESIGN.md's table,
 * a severity, a subject, a stable id (the same finding gets the same id
 * run after run: a hash of kind, supplier and subject), the plain-English
 * message and question (from wording.c), and the evidence behind it.
 */
#include <stddef.h>

struct pool;

enum finding_kind {
	FK_SLA_TARGET_MISSED,
	FK_CLAIM_MISMATCH,     /* the supplier's own SLA verdicts claim more than the
				  clocks show (claims.h); sorted beside the SLA's
				  own finding, before single calls */
	FK_TICKET_BREACHED, FK_TICKET_AT_RISK, FK_ACTIVITY_MISSED,
	FK_HOURS_SHORT, FK_FEED_STALE, FK_NO_EVIDENCE,
	FK_ACTIVITY_CONCERN,   /* beyond DESIGN.md's table: evidence that reports a problem */
	FK_TICKET_WAITING,     /* beyond the table: a late or nearly late call that waits
				  on the school at now (pause status), not blamed */
	FK_CREDIT_DUE,         /* a service credit owed for a month (credits.h) */
	FK_STAMP_REWRITTEN,    /* a later copy moved a call's stamps (rewrites.h) */
	FK_PRIORITY_LOWERED,   /* a late call moved to a less urgent SLA (rewrites.h) */
	FK_REOPENED_AS_NEW,    /* a resolved call came back as a new call (reopen.h) */
	FK_LONG_PAUSE,         /* most of a call's time was paused (longpause.h) */
	FK_FEED_UNREADABLE,    /* sorted first: every other verdict rests on the data */
	FK_COUNT
};

struct evidence_ref {
	char *feed;       /* may be NULL */
	size_t row;       /* 0 = none */
	char *ticket;     /* may be NULL */
	char *period;     /* may be NULL */
};

/* The strings of a finding and of its evidence belong to its list's pool
 * (finding_text, finding_keep): finding_list_free frees them all. */
struct finding {
	char id[17];
	enum finding_kind kind;
	int red;
	char *supplier;   /* supplier id, may be NULL */
	char *subject;
	char *message;
	char *question;
	struct evidence_ref *ev;
	size_t nev, capev;
	struct pool *pool;
	/* grouping (findgroup.h): findings of one kind, supplier and key are
	 * told once.  key: the activity id (activity-missed) or supplier id
	 * (hours-short), NULL for a finding told on its own; day: the local
	 * date its period starts (the date a group lists) */
	char *key;
	long long day;
};

struct finding_list {
	struct finding *v;
	size_t n, cap;
	struct pool *pool;
};

const char *finding_kind_name(enum finding_kind k);

/* A new finding (subject copied); message and question set by the caller. */
struct finding *finding_add(struct finding_list *l, enum finding_kind kind, int red,
			    const char *supplier, const char *subject);
/* A copy of s[0..n) that lives as long as f's list. */
char *finding_text(struct finding *f, const char *s, size_t n);
/* The same for a string from malloc, which is freed. */
char *finding_keep(struct finding *f, char *s);
void finding_evidence(struct finding *f, const char *feed, size_t row, const char *ticket,
		      const char *period);
/* Red before amber, then kind (feed-unreadable first, then in enum
 * order), supplier and subject: a stable order. */
void finding_sort(struct finding_list *l);
/* src's findings appended to dst, in order; src is left empty. */
void finding_list_take(struct finding_list *dst, struct finding_list *src);
void finding_list_free(struct finding_list *l);

#endif
