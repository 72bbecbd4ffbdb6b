#ifndef FITSMON_SECRET_H
#define FITSMON_SECRET_H
/*
 * secret — tokens and passwords read from the files the config names
 * (never from the config itself), for fetch (bearer/basic) and mail.
 *
 * A secret is the file's text without its trailing CR/LF, and must be one
 * non-empty line of at most SECRET_MAX bytes, so it cannot smuggle a
 * header into a request.  Messages name the file ("WHAT file 'PATH'"),
 * never its content; buffers that held it are wiped.
 */
#define SECRET_MAX 4096

/* 0 with *out (free with secret_free), or -1 with *err. */
int secret_read(const char *path, const char *what, char **out, char **err);
/* Wipe and free; accepts NULL. */
void secret_free(char *s);

#endif
