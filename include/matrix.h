#ifndef FITSMON_MATRIX_H
#define FITSMON_MATRIX_H
/*
 * matrix — what `fitsmon validate` prints: the resolved configuration and
 * the FITS OM ownership matrix (function, its owner, each activity, who
 * performs it and in which role, how often, what counts as evidence, and
 * whether fitsmon can check it), for the network manager to review with
 * the supplier.  Text for people; CSV and JSON (the matrix rows only) for
 * spreadsheets and scripts.
 */
#include "table.h"

struct config;

/*
 * The text.  The evidence patterns of activities as the catalog defines
 * them are long regular expressions: shown only when verbose (an
 * [activity] section's own are always shown).
 */
char *matrix_text(const struct config *cfg, int verbose);

/* The matrix rows as a table (one row per activity). */
void matrix_table(const struct config *cfg, struct table *t);

#endif
