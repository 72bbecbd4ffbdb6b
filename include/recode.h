#ifndef FITSMON_RECODE_H
#define FITSMON_RECODE_H
/*
 * recode — streaming conversion of a feed's bytes to UTF-8 with iconv(3),
 * for suppliers whose exports are Windows-1252 or Latin-1 (Excel's "CSV"
 * on a Western European Windows machine writes Windows-1252).
 *
 * Input arrives in chunks of any size: a multi-byte sequence cut by a
 * chunk edge is held back and finished by the next chunk.  A byte the
 * source charset does not define (Windows-1252 leaves 0x81, 0x8D, 0x8F,
 * 0x90 and 0x9D undefined) becomes U+FFFD and is counted; conversion
 * never fails on data.  The converter owns its output buffer.
 */
#include <stddef.h>

struct recode;

/*
 * A converter from `charset` (an iconv name, e.g. "WINDOWS-1252" or
 * "ISO-8859-1") to UTF-8.  NULL with *err when iconv does not know it.
 */
struct recode *recode_new(const char *charset, char **err);
void recode_free(struct recode *rc);

/*
 * Convert the next n bytes.  Returns the UTF-8 text (*outlen bytes, not
 * NUL-terminated), valid until the next call on rc.  Bytes of an
 * unfinished sequence at the end are kept for the next call.
 */
const char *recode_chunk(struct recode *rc, const char *in, size_t n, size_t *outlen);

/*
 * End of input: an unfinished sequence still held becomes U+FFFD.
 * Returns the last text as recode_chunk does (often empty).
 */
const char *recode_finish(struct recode *rc, size_t *outlen);

/* How many input bytes were replaced by U+FFFD so far. */
size_t recode_replaced(const struct recode *rc);

#endif
