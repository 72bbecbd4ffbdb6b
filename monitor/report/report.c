/* report — the table of output formats. */
#include "report.h"

#include <string.h>

static const struct report_backend *const backends[] = { &report_text, &report_json,
							 &report_csv, &report_html, &report_email };

const struct report_backend *report_find(const char *name)
{
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}
