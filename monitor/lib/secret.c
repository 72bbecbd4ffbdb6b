/* secret — one-line secrets from files, wiped after use. */
#include "secret.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

int secret_read(const char *path, const char *what, char **out, char **err)
{
	char buf[SECRET_MAX + 1];
	size_t n = 0;

	*out = NULL;
	if (!path)
		return errorf(err, "%s needs a file", what);
	char *why = NULL;
	int fd = file_open_regular(path, FILE_CAP_SECRET, NULL, &why);
	if (fd < 0) {
		errorf(err, "%s file: %s", what, why);
		free(why);
		return -1;
	}
	for (;;) {
		ssize_t got = read(fd, buf + n, sizeof buf - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			explicit_bzero(buf, sizeof buf);
			return errorf(err, "cannot read %s file '%s': %s", what, path, strerror(e));
		}
		if (got == 0 || (n += (size_t)got) == sizeof buf)
			break;
	}
	close(fd);
	int rc = 0;
	if (n > SECRET_MAX)
		rc = errorf(err, "%s file '%s' is longer than %d bytes", what, path, SECRET_MAX);
	while (rc == 0 && n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	if (rc == 0 && n == 0)
		rc = errorf(err, "%s file '%s' is empty", what, path);
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r' || buf[i] == '\0')
			rc = errorf(err, "%s file '%s' has more than one line", what, path);
	if (rc == 0)
		*out = xstrndup(buf, n);
	explicit_bzero(buf, sizeof buf);
	return rc;
}

void secret_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}
