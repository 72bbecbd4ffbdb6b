#ifndef FITSMON_WORDING_H
#define FITSMON_WORDING_H
/*
 * wording — every sentence the school contact reads, in one place so it
 * can be reviewed as a whole.  Short sentences, no jargon, dates like
 * "Tue 24 Nov"; each finding says what happened, why it matters and what
 * to ask the supplier.  Functions set f->message and f->question.
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct finding;
struct clock;

void wording_sla_missed(struct finding *f, const char *sla, const char *supplier,
			size_t tickets, size_t met, int32_t compliance, int32_t target_ppm);
void wording_ticket(struct finding *f, const char *supplier, const char *ticket,
		    const char *summary, const char *sla, const char *opened,
		    const struct clock *response, const struct clock *resolution);
void wording_activity_missed(struct finding *f, const char *supplier, const char *title,
			     enum period every, int64_t first_day, int64_t end_day, int times,
			     size_t found, int64_t grace);
void wording_activity_concern(struct finding *f, const char *supplier, const char *title,
			      size_t bad, size_t judged, const char *dates, const char *example);
void wording_hours_short(struct finding *f, const char *supplier, int64_t monday,
			 int64_t contracted_s, int64_t delivered_uh);
void wording_feed_stale(struct finding *f, const char *supplier, const char *feed,
			const char *last_success, int64_t stale_after);
void wording_no_evidence(struct finding *f, const char *supplier, const char *function,
			 const char *what);

/* "2 hours 30 minutes", "45 minutes", "3 days 2 hours" (business time). */
void wording_duration(int64_t secs, char *buf, size_t size);
/* "8", "6.5", "7.25" from micro-hours. */
void wording_hours(int64_t uh, char *buf, size_t size);

#endif
