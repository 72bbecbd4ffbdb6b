#ifndef FITSMON_QUERY_H
#define FITSMON_QUERY_H
/*
 * query — the day-time questions: `fitsmon query breaches|activities|
 * hours|feeds|findings|rejects|credits`, as a table (text, CSV or JSON).
 * breaches, activities, hours and credits come from an evaluation of the window;
 * feeds, findings and rejects from the store's records.
 */
#include "table.h"

struct config;
struct dataset;
struct evaluation;
struct store;

enum query_kind { Q_BREACHES, Q_ACTIVITIES, Q_HOURS, Q_FEEDS, Q_FINDINGS, Q_REJECTS,
		  Q_CREDITS };

/* -1 for an unknown name. */
int query_parse(const char *name);
/* 1 when the query needs an evaluation (else only the store). */
int query_needs_evaluation(enum query_kind k);

/*
 * Fill t.  supplier (may be NULL) keeps only that supplier's rows; the
 * window is ev's (for findings: those open at some point in it).
 */
int query_build(enum query_kind k, const struct config *cfg, struct store *st,
		const struct dataset *ds, const struct evaluation *ev, int64_t from, int64_t to,
		const char *supplier, struct table *t, char **err);

#endif
