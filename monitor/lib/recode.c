/*
 * recode — iconv(3) to UTF-8, chunk by chunk, with U+FFFD for bytes the
 * source charset does not define.  Output goes to a buffer the converter
 * owns and reuses, so memory is bounded by the largest chunk.
 */
#include "recode.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Longer than any real multi-byte sequence (MB_LEN_MAX is 16 in glibc). */
#define HOLD_MAX 16

struct recode {
	iconv_t cd;
	char *out;             /* converted text of the current call */
	size_t len, cap;
	char hold[HOLD_MAX];   /* an unfinished sequence from the last chunk */
	size_t nhold;
	size_t replaced;
};

static const char replacement[] = "\xEF\xBF\xBD";   /* U+FFFD in UTF-8 */

struct recode *recode_new(const char *charset, char **err)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return errorf(err, "cannot convert from '%s' to UTF-8: %s", charset,
			      strerror(errno)), NULL;
	struct recode *rc = xcalloc(1, sizeof(*rc));
	rc->cd = cd;
	return rc;
}

void recode_free(struct recode *rc)
{
	if (!rc)
		return;
	iconv_close(rc->cd);
	free(rc->out);
	free(rc);
}

/* Make room for at least `need` more output bytes. */
static void room(struct recode *rc, size_t need)
{
	if (rc->cap - rc->len >= need)
		return;
	size_t cap = rc->cap ? rc->cap : 4096;
	while (cap - rc->len < need) {
		if (cap > SIZE_MAX / 2)
			cap = rc->len + need;   /* xrealloc reports the failure */
		else
			cap *= 2;
	}
	rc->out = xrealloc(rc->out, cap);
	rc->cap = cap;
}

static void put_replacement(struct recode *rc)
{
	room(rc, 3);
	memcpy(rc->out + rc->len, replacement, 3);
	rc->len += 3;
}

/*
 * Convert [p, p + n) onto the output.  A byte iconv calls illegal becomes
 * U+FFFD and conversion goes on after it.  Returns how many bytes at the
 * end form an unfinished sequence (iconv's EINVAL) and were not used.
 */
static size_t convert(struct recode *rc, const char *p, size_t n)
{
	char *ip = (char *)p;   /* iconv's prototype is not const-correct */
	size_t il = n;
	size_t need = n * 4 + 16;   /* enough for every single-byte charset */
	while (il > 0) {
		room(rc, need);
		char *op = rc->out + rc->len;
		size_t ol = rc->cap - rc->len;
		size_t r = iconv(rc->cd, &ip, &il, &op, &ol);
		rc->len = (size_t)(op - rc->out);
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			need *= 2;
		} else if (errno == EINVAL) {
			return il;
		} else {
			/* EILSEQ: one byte the charset does not define */
			put_replacement(rc);
			rc->replaced++;
			ip++;
			il--;
		}
	}
	return 0;
}

/* Keep an unfinished tail for the next chunk (or replace what will not fit). */
static void keep_tail(struct recode *rc, const char *tail, size_t n)
{
	while (n > HOLD_MAX) {
		/* not a real sequence: give up on its first byte and retry */
		put_replacement(rc);
		rc->replaced++;
		tail++;
		n--;
		size_t left = convert(rc, tail, n);
		tail += n - left;
		n = left;
	}
	memmove(rc->hold, tail, n);
	rc->nhold = n;
}

const char *recode_chunk(struct recode *rc, const char *in, size_t n, size_t *outlen)
{
	rc->len = 0;
	char *joined = NULL;
	if (rc->nhold) {
		/* rare (multi-byte charsets only): put the held bytes in front */
		joined = xmalloc(rc->nhold + n);
		memcpy(joined, rc->hold, rc->nhold);
		if (n)
			memcpy(joined + rc->nhold, in, n);
		in = joined;
		n += rc->nhold;
		rc->nhold = 0;
	}
	size_t left = convert(rc, in, n);
	keep_tail(rc, in + n - left, left);
	free(joined);
	*outlen = rc->len;
	return rc->out;
}

const char *recode_finish(struct recode *rc, size_t *outlen)
{
	rc->len = 0;
	if (rc->nhold) {
		put_replacement(rc);
		rc->replaced += rc->nhold;
		rc->nhold = 0;
	}
	room(rc, 64);
	char *op = rc->out + rc->len;
	size_t ol = rc->cap - rc->len;
	iconv(rc->cd, NULL, NULL, &op, &ol);   /* a stateful charset's closing bytes */
	rc->len = (size_t)(op - rc->out);
	iconv(rc->cd, NULL, NULL, NULL, NULL);
	*outlen = rc->len;
	return rc->out;
}

size_t recode_replaced(const struct recode *rc)
{
	return rc->replaced;
}
