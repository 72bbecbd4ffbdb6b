#ifndef FITSMON_MATRIX_H
#define FITSMON_MATRIX_H
/*
 * matrix — what `fitsmon validate` prints: the resolved configuration and
 * the FITS OM ownership matrix (function, activity, who does it, how
 * often, what counts as evidence), for the network manager to review
 * with the supplier.
 */
struct config;

char *matrix_text(const struct config *cfg);

#endif
