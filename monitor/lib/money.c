/* money — exact amounts in pence (money.h). */
#include "money.h"

#include <stdio.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int money_parse(const char *s, int64_t *pence)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	int64_t v = 0;
	int digits = 0, group = -1;   /* digits since the last comma; -1: no comma yet */
	for (; is_digit(*p) || *p == ','; p++) {
		if (*p == ',') {
			/* 1,875 and 12,345,678: a comma after 1-3 digits, then groups of three */
			if ((group < 0 && (digits < 1 || digits > 3)) || (group >= 0 && group != 3))
				return -1;
			group = 0;
			continue;
		}
		v = v * 10 + (*p - '0');
		if (v > MONEY_MAX)
			return -1;
		digits++;
		if (group >= 0)
			group++;
	}
	if (!digits || (group >= 0 && group != 3))
		return -1;
	int64_t frac = 0;
	int nfrac = 0;
	if (*p == '.') {
		p++;
		while (is_digit(*p)) {
			if (++nfrac > 2)
				return -1;
			frac = frac * 10 + (*p++ - '0');
		}
		if (!nfrac)
			return -1;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		return -1;
	if (nfrac == 1)
		frac *= 10;
	v = v * 100 + frac;
	if (v > MONEY_MAX)
		return -1;
	*pence = v;
	return 0;
}

int64_t money_percent_of(int64_t pence, int64_t ppm)
{
	/* pence * ppm / 1,000,000, half up: exact below 2^63 for the amounts
	 * money_parse accepts (1e11 * 1e8 = 1e19 would not be, so split) */
	int64_t whole = pence / 1000000, part = pence % 1000000;
	return whole * ppm + (part * ppm + 500000) / 1000000;
}

void money_format(int64_t pence, const char *currency, char *buf, size_t size)
{
	char digits[32];
	snprintf(digits, sizeof(digits), "%lld", (long long)(pence / 100));
	char grouped[48];
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	snprintf(buf, size, "%s%s.%02lld", currency ? currency : "", grouped,
		 (long long)(pence % 100));
}

void money_format_percent(int64_t ppm, char *buf, size_t size)
{
	int64_t whole = ppm / 10000, frac = ppm % 10000;
	if (!frac) {
		snprintf(buf, size, "%lld%%", (long long)whole);
		return;
	}
	char f[8];
	snprintf(f, sizeof(f), "%04lld", (long long)frac);
	for (int i = 3; i > 0 && f[i] == '0'; i--)
		f[i] = '\0';
	snprintf(buf, size, "%lld.%s%%", (long long)whole, f);
}
