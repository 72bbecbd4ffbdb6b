/*
 * init — `fitsmon presets` and `fitsmon init` (include/init.h).
 */
#include "init.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "commands.h"
#include "config.h"
#include "ini.h"
#include "util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of the presets in dir (NAME of each NAME.conf), sorted; NULL-terminated. */
static char **preset_names(const char *dir, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len <= 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		VEC_GROW(v, *n, cap, *n + 2);
		v[(*n)++] = xstrndup(de->d_name, len - 5);
	}
	closedir(d);
	if (v) {
		qsort(v, *n, sizeof(*v), cmp_str);
		v[*n] = NULL;
	}
	return v;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int cmd_presets(struct opts *o, int argc, char **argv)
{
	(void)o;
	if (argc > 0) {
		fprintf(stderr, "fitsmon: presets: unexpected argument '%s'\n", argv[0]);
		return EX_USAGE;
	}
	char *dir = config_preset_dir();
	size_t n;
	char **names = preset_names(dir, &n);
	if (!n) {
		fprintf(stderr, "fitsmon: presets: no presets in %s -- set FITSMON_PRESETS to "
			"the folder that holds them\n", dir);
		free(dir);
		return EX_CONFIG;
	}
	int rc = 0;
	printf("presets in %s (use one with [feed] preset = NAME):\n", dir);
	for (size_t i = 0; i < n; i++) {
		char *file = xasprintf("%s/%s.conf", dir, names[i]);
		char *err = NULL;
		struct ini *ini = config_preset_load(file, &err);
		if (!ini) {
			fprintf(stderr, "fitsmon: presets: %s\n", err);
			free(err);
			rc = EX_CONFIG;
		} else {
			const struct ini_entry *t = ini_get(&ini->s[0], "title");
			const struct ini_entry *k = ini_get(&ini->s[0], "kind");
			printf("  %-24s %s%s%s%s\n", names[i], t ? t->value : "",
			       k ? " [kind = " : "", k ? k->value : "", k ? "]" : "");
		}
		ini_free(ini);
		free(file);
	}
	free_names(names, n);
	free(dir);
	return rc;
}

int cmd_init(struct opts *o, int argc, char **argv)
{
	(void)o;
	(void)argc;
	(void)argv;
	fprintf(stderr, "fitsmon: init: not written yet\n");
	return EX_SOFTWARE;
}
