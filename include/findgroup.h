#ifndef FITSMON_FINDGROUP_H
#define FITSMON_FINDGROUP_H
/*
 * findgroup — how findings are told (README item 38): the findings of one
 * kind, supplier and key (the activity of an activity-missed, the supplier
 * of an hours-short) in one evaluation are told once, listing their dates
 * ("'Check the night's backups' was not logged on 4 school days: Mon 9,
 * Tue 10, Thu 12 and Fri 13 Nov").  Every other finding is a group of
 * one.  The list itself is unchanged: JSON keeps every finding.
 *
 * A presentation of a finding list, for the renderers; reads the config
 * (titles, periods, names) and the list, owns only what it returns.
 */
#include <stddef.h>

#include "finding.h"

struct config;

struct findgroup {
	size_t *member;      /* indexes into the list, in list order; member[0] leads */
	size_t n;
	int red;
	char *message;       /* the group's words when n > 1; else NULL: the finding's */
	char *question;
};

struct findgroups {
	struct findgroup *v; /* in the order of their first finding */
	size_t n;
	size_t red, amber;   /* groups told, by severity */
	size_t *of;          /* of[i]: the group of list finding i */
};

struct findgroups *findgroup_make(const struct config *cfg, const struct finding_list *l);
void findgroup_free(struct findgroups *g);
/* The words a group is told with: its own for n > 1, else its finding's. */
const char *findgroup_message(const struct findgroups *g, size_t k, const struct finding_list *l);
const char *findgroup_question(const struct findgroups *g, size_t k, const struct finding_list *l);

#endif
