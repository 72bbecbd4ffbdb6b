#ifndef FITSMON_FIELDS_H
#define FITSMON_FIELDS_H
/*
 * fields — the `column.NAME` fields a feed can map, and the feed kinds
 * that use them.  A ticket's `when` condition may test any of its
 * kind's fields; an unmapped field reads as empty.
 */
/* Fields up to here were packed by store schema 8's fitsmon; a later
 * field is packed only when mapped, so a row's stored text (and its
 * version's digest) does not change for a config that maps none. */
#define FIELDS_PACKED_ALWAYS 19

enum feed_kind { KIND_TICKETS, KIND_TICKET_EVENTS, KIND_ACTIVITIES, KIND_COUNT };

enum field {
	FIELD_ID, FIELD_OPENED, FIELD_RESPONDED, FIELD_RESOLVED, FIELD_CLOSED,
	FIELD_AT, FIELD_STATUS, FIELD_PRIORITY, FIELD_SUMMARY, FIELD_CATEGORY,
	FIELD_ASSIGNEE, FIELD_CALLER, FIELD_SERVICE, FIELD_HOURS,
	FIELD_DESCRIPTION, FIELD_ONSITE, FIELD_CODE, FIELD_WHO, FIELD_TICKET,
	/* the supplier's own verdict on the call's SLA (claims.h); new fields
	 * go last: the store packs cells by position (store_common.h) */
	FIELD_SLA_MET,
	FIELD_COUNT
};

const char *fields_kind_name(enum feed_kind k);
/* -1 when unknown. */
int fields_kind_parse(const char *s);
const char *fields_name(enum field f);
/* -1 when unknown. */
int fields_parse(const char *s);
/* 1 when kind k has field f. */
int fields_allowed(enum feed_kind k, enum field f);
/* 1 when a feed of kind k must map field f. */
int fields_required(enum feed_kind k, enum field f);

#endif
