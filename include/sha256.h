#ifndef FITSMON_SHA256_H
#define FITSMON_SHA256_H
/*
 * sha256 — SHA-256 digests as lower-case hex, a thin wrapper over
 * OpenSSL libcrypto's EVP interface (libcrypto comes with libcurl's
 * OpenSSL flavour, so it costs no new dependency).
 *
 * The spool names each kept copy after its digest and the store records
 * it, so "the same file again" can be told apart from "a new export"
 * even when a server sends no ETag.
 *
 * Functions return 0 or -1; -1 only when libcrypto itself fails (no
 * memory, or a crypto policy that disables SHA-256), never for data.
 */
#include <stddef.h>
#include <stdint.h>

/* Room for 64 hex digits and the NUL. */
#define SHA256_HEX_SIZE 65
/* The digest's size in bytes. */
#define SHA256_SIZE 32

/*
 * A running digest.  Zero it (or use SHA256_INIT) before sha256_init;
 * sha256_release may then be called at any point, any number of times.
 * `md` is libcrypto's EVP_MD_CTX, hidden so that this header does not
 * pull in OpenSSL's.
 */
struct sha256 {
	void *md;
};
#define SHA256_INIT { NULL }

/* Start (or restart) a digest; -1 when libcrypto cannot. */
int sha256_init(struct sha256 *h);
/* Add n bytes; -1 when not started or libcrypto fails. */
int sha256_update(struct sha256 *h, const void *p, size_t n);
/*
 * Finish: write the digest as 64 lower-case hex digits and a NUL into
 * hex, and release the context (sha256_init starts another).  On -1,
 * hex is the empty string.
 */
int sha256_final_hex(struct sha256 *h, char hex[SHA256_HEX_SIZE]);
/* The digest of what h has taken so far, leaving h running. */
int sha256_peek_hex(const struct sha256 *h, char hex[SHA256_HEX_SIZE]);
/* Drop the context without a result; accepts a zeroed or released h. */
void sha256_release(struct sha256 *h);
/*
 * The digest of one buffer as SHA256_SIZE raw bytes, on h's context
 * (started by sha256_init), which is left ready for the next: for many
 * small digests, such as the store's row keys, without a new context each.
 * Whatever h had taken before is dropped.
 */
int sha256_bytes(struct sha256 *h, const void *p, size_t n, unsigned char out[SHA256_SIZE]);

/* One-shot digest of a buffer. */
int sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_SIZE]);
/*
 * Digest of a whole file, read in blocks (no size limit, constant
 * memory).  -1 with *err: "cannot read 'PATH': why".
 */
int sha256_file(const char *path, char hex[SHA256_HEX_SIZE], char **err);
/*
 * The same over the file's first n bytes (all of it when n < 0); *last
 * (may be NULL) gets the last of them.  -1 with *err also when the file
 * is shorter than n.
 */
int sha256_file_prefix(const char *path, int64_t n, char hex[SHA256_HEX_SIZE], char *last,
		       char **err);

#endif
