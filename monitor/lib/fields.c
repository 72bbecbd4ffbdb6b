/* fields — names of feed kinds and mapped columns. */
#include "fields.h"

#include <string.h>
#include <strings.h>

static const char *const kind_names[KIND_COUNT] = { "tickets", "ticket-events", "activities" };

#define T (1u << KIND_TICKETS)
#define E (1u << KIND_TICKET_EVENTS)
#define A (1u << KIND_ACTIVITIES)

static const struct {
	const char *name;
	unsigned kinds;     /* where the field may be mapped */
	unsigned required;  /* where it must be */
} table[FIELD_COUNT] = {
	[FIELD_ID] = { "id", T | E | A, T | E },
	[FIELD_OPENED] = { "opened", T | E, T },
	[FIELD_RESPONDED] = { "responded", T, 0 },
	[FIELD_RESOLVED] = { "resolved", T, 0 },
	[FIELD_CLOSED] = { "closed", T, 0 },
	[FIELD_AT] = { "at", E | A, E | A },
	[FIELD_STATUS] = { "status", T | E, E },
	[FIELD_PRIORITY] = { "priority", T | E, 0 },
	[FIELD_SUMMARY] = { "summary", T | E, 0 },
	[FIELD_CATEGORY] = { "category", T | E, 0 },
	[FIELD_ASSIGNEE] = { "assignee", T | E, 0 },
	[FIELD_CALLER] = { "caller", T | E, 0 },
	[FIELD_SERVICE] = { "service", T | E, 0 },
	[FIELD_HOURS] = { "hours", A, 0 },
	[FIELD_DESCRIPTION] = { "description", A, 0 },
	[FIELD_ONSITE] = { "onsite", A, 0 },
	[FIELD_CODE] = { "code", A, 0 },
	[FIELD_WHO] = { "who", A, 0 },
	[FIELD_TICKET] = { "ticket", A, 0 },
	[FIELD_SLA_MET] = { "sla_met", T | E, 0 },
};

const char *fields_kind_name(enum feed_kind k)
{
	return kind_names[k];
}

int fields_kind_parse(const char *s)
{
	for (int k = 0; k < KIND_COUNT; k++)
		if (!strcasecmp(s, kind_names[k]))
			return k;
	return -1;
}

const char *fields_name(enum field f)
{
	return table[f].name;
}

int fields_parse(const char *s)
{
	for (int f = 0; f < FIELD_COUNT; f++)
		if (!strcmp(s, table[f].name))
			return f;
	return -1;
}

int fields_allowed(enum feed_kind k, enum field f)
{
	return !!(table[f].kinds & (1u << k));
}

int fields_required(enum feed_kind k, enum field f)
{
	return !!(table[f].required & (1u << k));
}
