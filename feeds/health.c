/* health — counting how well a copy of a feed was read; the health gate. */
#include "health.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void health_init(struct health *h)
{
	memset(h, 0, sizeof(*h));
	h->sample_field = -1;
}

void health_clear(struct health *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->nreason; i++)
		free(h->reason[i].text);
	for (size_t i = 0; i < h->nsample; i++)
		free(h->sample[i]);
	health_init(h);
}

int health_must_recognise(enum field f)
{
	switch (f) {
	case FIELD_OPENED:
	case FIELD_RESPONDED:
	case FIELD_RESOLVED:
	case FIELD_CLOSED:
	case FIELD_AT:
	case FIELD_ONSITE:
		return 1;
	default:
		return 0;
	}
}

static int is_time(enum field f)
{
	return health_must_recognise(f) && f != FIELD_ONSITE;
}

static void keep_sample(struct health *h, int f, const char *s, size_t n)
{
	/* samples of one column only: the first that had a bad time */
	if (h->nsample == HEALTH_SAMPLES || (h->sample_field >= 0 && h->sample_field != f))
		return;
	h->sample_field = f;
	h->sample[h->nsample++] = xstrndup(s, n);
}

void health_cell(struct health *h, enum field f, const char *s, size_t n, int recognised)
{
	h->col[f].seen++;
	if (recognised)
		h->col[f].recognised++;
	else if (is_time(f))
		keep_sample(h, (int)f, s, n);
}

void health_row(struct health *h)
{
	h->known = 1;
	h->rows++;
}

/* A reason's class: its words up to the first quoted part or colon,
 * trimmed ("a quote is not closed (CSV syntax): this line was skipped"). */
static size_t class_len(const char *reason)
{
	size_t n = strcspn(reason, "'\":");
	while (n && (reason[n - 1] == ' ' || reason[n - 1] == ':' || reason[n - 1] == '('))
		n--;
	return n;
}

static void count_reason(struct health *h, const char *text, size_t len, size_t n)
{
	for (size_t i = 0; i < h->nreason; i++)
		if (strlen(h->reason[i].text) == len && !memcmp(h->reason[i].text, text, len)) {
			h->reason[i].n += n;
			return;
		}
	if (h->nreason == HEALTH_REASONS) {
		h->other += n;
		return;
	}
	h->reason[h->nreason].text = xstrndup(text, len);
	h->reason[h->nreason++].n = n;
}

void health_reject(struct health *h, const char *reason)
{
	h->rejected++;
	/* "rows 5-7: a quote is not closed ...": the rows are not the reason */
	if (!strncmp(reason, "rows ", 5)) {
		const char *p = reason + 5 + strspn(reason + 5, "0123456789-");
		if (p[0] == ':' && p[1] == ' ')
			reason = p + 2;
	}
	count_reason(h, reason, class_len(reason), 1);
}

void health_add(struct health *dst, const struct health *src)
{
	dst->known |= src->known;
	dst->rows += src->rows;
	dst->rejected += src->rejected;
	dst->other += src->other;
	for (size_t i = 0; i < src->nreason; i++)
		count_reason(dst, src->reason[i].text, strlen(src->reason[i].text),
			     src->reason[i].n);
	for (int f = 0; f < FIELD_COUNT; f++) {
		dst->col[f].seen += src->col[f].seen;
		dst->col[f].recognised += src->col[f].recognised;
	}
	for (size_t i = 0; i < src->nsample; i++)
		keep_sample(dst, src->sample_field, src->sample[i], strlen(src->sample[i]));
}

enum health_verdict health_judge(const struct health *h, double max_rejected, int *col)
{
	if (col)
		*col = -1;
	for (int f = 0; f < FIELD_COUNT; f++)
		if (health_must_recognise((enum field)f) && h->col[f].seen &&
		    !h->col[f].recognised) {
			if (col)
				*col = f;
			return HEALTH_COLUMN_UNREAD;
		}
	/* more than max_rejected of the rows: compared exactly, in integers
	 * of parts per million */
	long long ppm = (long long)(max_rejected * 1e6 + 0.5);
	if (h->rows && (long long)h->rejected * 1000000 > ppm * (long long)h->rows)
		return HEALTH_TOO_MANY_REJECTED;
	return HEALTH_OK;
}

const struct health_reason *health_top_reason(const struct health *h)
{
	const struct health_reason *best = NULL;
	for (size_t i = 0; i < h->nreason; i++)
		if (!best || h->reason[i].n > best->n)
			best = &h->reason[i];
	return best;
}
