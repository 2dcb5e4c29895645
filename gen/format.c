#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_format_plain(double v, char *out, size_t size)
{
	int prec;

	if (!isfinite(v)) {
		/* never printed: the model holds no such figure */
		snprintf(out, size, "%s", "");
		return;
	}
	if (v == 0) {
		snprintf(out, size, "0");
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(long long)v && size >= 24) {
		/* whole numbers, most counts: no floating-point printing */
		char tmp[24];
		long long n = (long long)v;
		int neg = n < 0, k = 0;
		unsigned long long u = neg ? (unsigned long long)-n : (unsigned long long)n;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (neg)
			tmp[k++] = '-';
		for (prec = 0; prec < k; prec++)
			out[prec] = tmp[k - 1 - prec];
		out[k] = '\0';
		return;
	}
	/* the shortest text that reads back exactly: 15 significant digits
	 * always do for figures as written, 16 or 17 for computed ones; fewer
	 * than 15 come out of %g by itself dropping trailing zeros */
	snprintf(out, size, "%.15g", v);
	if (strtod(out, NULL) != v) {
		snprintf(out, size, "%.16g", v);
		if (strtod(out, NULL) != v)
			snprintf(out, size, "%.17g", v);
	}
	if (strchr(out, 'e') && fabs(v) < 1e15) {
		/* ordinary figures never get here; keep them plain anyway,
		 * unless that takes more than 20 decimals to read back */
		char plain[64];
		int dec;
		for (dec = 0; dec <= 20; dec++) {
			snprintf(plain, sizeof(plain), "%.*f", dec, v);
			if (strtod(plain, NULL) == v) {
				snprintf(out, size, "%s", plain);
				break;
			}
		}
	}
}

void model_format_value(const struct metric *mt, double v, char *out, size_t size)
{
	char raw[64], grouped[96];
	int dec = mt ? mt->decimals : 1;
	const char *p, *point;
	size_t n = 0, intlen, i;

	if (!isfinite(v)) {
		/* never printed: the model holds no such figure */
		snprintf(out, size, "%s", "");
		return;
	}
	if (dec < 0)
		dec = model_default_decimals(mt ? mt->unit : UNIT_NUMBER);
	snprintf(raw, sizeof(raw), "%.*f", dec, v);
	if (strspn(raw, "-0.") == strlen(raw) && raw[0] == '-')
		memmove(raw, raw + 1, strlen(raw));	/* no "-0.0" */
	p = raw;
	if (*p == '-')
		grouped[n++] = *p++;
	point = strchr(p, '.');
	intlen = point ? (size_t)(point - p) : strlen(p);
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			grouped[n++] = ',';
		grouped[n++] = p[i];
	}
	grouped[n] = '\0';
	if (point)
		snprintf(grouped + n, sizeof(grouped) - n, "%s", point);
	snprintf(out, size, "%s%s", grouped, mt && mt->unit == UNIT_PERCENT ? "%" : "");
}

const char *model_unit_words(enum unit u)
{
	switch (u) {
	case UNIT_COUNT: return "count";
	case UNIT_PERCENT: return "percent";
	case UNIT_RATE: return "rate per 100,000";
	case UNIT_DAYS: return "days";
	default: return "number";
	}
}

const char *model_unit_label(const struct metric *mt)
{
	return mt->unit_label && *mt->unit_label ? mt->unit_label : model_unit_words(mt->unit);
}

const char *model_polarity_words(enum polarity p)
{
	switch (p) {
	case POLARITY_HIGHER: return "Higher is better";
	case POLARITY_LOWER: return "Lower is better";
	default: return "Neither higher nor lower is better";
	}
}
