/* sha256 — SHA-256 as hex through OpenSSL's EVP digest interface. */
#include "sha256.h"

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

int sha256_init(struct sha256 *h)
{
	sha256_release(h);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md)
		return -1;
	if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		return -1;
	}
	h->md = md;
	return 0;
}

int sha256_update(struct sha256 *h, const void *p, size_t n)
{
	if (!h->md)
		return -1;
	if (n == 0)
		return 0;
	return EVP_DigestUpdate(h->md, p, n) == 1 ? 0 : -1;
}

int sha256_final_hex(struct sha256 *h, char hex[SHA256_HEX_SIZE])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0;

	hex[0] = '\0';
	if (!h->md)
		return -1;
	int ok = EVP_DigestFinal_ex(h->md, d, &dn) == 1 && dn == 32;
	sha256_release(h);
	if (!ok)
		return -1;
	for (size_t i = 0; i < dn; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[64] = '\0';
	return 0;
}

int sha256_peek_hex(const struct sha256 *h, char hex[SHA256_HEX_SIZE])
{
	struct sha256 c = SHA256_INIT;
	hex[0] = '\0';
	if (!h->md || !(c.md = EVP_MD_CTX_new()))
		return -1;
	if (EVP_MD_CTX_copy_ex(c.md, h->md) != 1) {
		sha256_release(&c);
		return -1;
	}
	return sha256_final_hex(&c, hex);
}

void sha256_release(struct sha256 *h)
{
	if (h && h->md) {
		EVP_MD_CTX_free(h->md);
		h->md = NULL;
	}
}

int sha256_bytes(struct sha256 *h, const void *p, size_t n, unsigned char out[SHA256_SIZE])
{
	unsigned int dn = 0;
	if (!h->md)
		return -1;
	/* no type: the context's digest again, without a new lookup */
	if (EVP_DigestInit_ex(h->md, NULL, NULL) != 1 ||
	    (n && EVP_DigestUpdate(h->md, p, n) != 1) ||
	    EVP_DigestFinal_ex(h->md, out, &dn) != 1 || dn != SHA256_SIZE)
		return -1;
	return 0;
}

int sha256_hex(const void *p, size_t n, char hex[SHA256_HEX_SIZE])
{
	struct sha256 h = SHA256_INIT;
	hex[0] = '\0';
	if (sha256_init(&h) < 0 || sha256_update(&h, p, n) < 0) {
		sha256_release(&h);
		return -1;
	}
	return sha256_final_hex(&h, hex);
}

int sha256_file(const char *path, char hex[SHA256_HEX_SIZE], char **err)
{
	return sha256_file_prefix(path, -1, hex, NULL, err);
}

int sha256_file_prefix(const char *path, int64_t n, char hex[SHA256_HEX_SIZE], char *last,
		       char **err)
{
	struct sha256 h = SHA256_INIT;
	unsigned char buf[65536];

	hex[0] = '\0';
	int fd = file_open_regular(path, FILE_NO_CAP, NULL, err);
	if (fd < 0)
		return -1;
	if (sha256_init(&h) < 0) {
		close(fd);
		return errorf(err, "cannot digest '%s': sha256 unavailable in libcrypto", path);
	}
	int64_t left = n;
	while (left != 0) {
		size_t want = left > 0 && left < (int64_t)sizeof buf ? (size_t)left : sizeof buf;
		ssize_t got = read(fd, buf, want);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			sha256_release(&h);
			return errorf(err, "cannot read '%s': %s", path, strerror(e));
		}
		if (got == 0) {
			if (left < 0)
				break;
			close(fd);
			sha256_release(&h);
			return errorf(err, "cannot read '%s': shorter than %lld bytes", path,
				      (long long)n);
		}
		if (sha256_update(&h, buf, (size_t)got) < 0) {
			close(fd);
			sha256_release(&h);
			return errorf(err, "cannot digest '%s': libcrypto failed", path);
		}
		if (last)
			*last = (char)buf[got - 1];
		if (left > 0)
			left -= got;
	}
	close(fd);
	if (sha256_final_hex(&h, hex) < 0)
		return errorf(err, "cannot digest '%s': libcrypto failed", path);
	return 0;
}
