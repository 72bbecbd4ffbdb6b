#ifndef FITSMON_MONEY_H
#define FITSMON_MONEY_H
/*
 * money — amounts of money as whole minor units (pence), never floating
 * point: read exactly from a decimal ("1875", "1875.5", "1875.50",
 * "1,875.50"), a percentage of an amount rounded half up to the penny,
 * and written back as "£1,875.50".
 */
#include <stddef.h>
#include <stdint.h>

/* Largest amount accepted: 1,000,000,000.00 (in pence). */
#define MONEY_MAX ((int64_t)100000000000)

/*
 * s (trimmed) as pence: digits, optional thousands commas in groups of
 * three, an optional point and one or two decimals.  0, or -1 when it is
 * not such an amount, is negative or above MONEY_MAX.
 */
int money_parse(const char *s, int64_t *pence);

/* ppm millionths (1% = 10000) of `pence`, rounded half up to the penny.
 * pence >= 0 (at most MONEY_MAX), 0 <= ppm <= 10^12. */
int64_t money_percent_of(int64_t pence, int64_t ppm);

/* "£1,875.50" (currency, then the amount with thousands commas). */
void money_format(int64_t pence, const char *currency, char *buf, size_t size);

/* A percentage in millionths as people write it: "5%", "2.5%", "0.25%". */
void money_format_percent(int64_t ppm, char *buf, size_t size);

#endif
