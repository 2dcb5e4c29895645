#include "format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What "%.<prec>g" writes for the significant digits d[0..prec) of a
 * number d.ddd x 10^e (sign neg), into out. */
static void render_g(int neg, const char *d, int prec, int e, char *out, size_t size)
{
	char t[64];
	int n = prec, k = 0, i;

	while (n > 1 && d[n - 1] == '0')
		n--;			/* %g drops trailing zeros */
	if (neg)
		t[k++] = '-';
	if (e < -4 || e >= prec) {
		t[k++] = d[0];
		if (n > 1) {
			t[k++] = '.';
			for (i = 1; i < n; i++)
				t[k++] = d[i];
		}
		snprintf(t + k, sizeof(t) - (size_t)k, "e%c%02d", e < 0 ? '-' : '+', e < 0 ? -e : e);
	} else if (e >= 0) {
		for (i = 0; i <= e; i++)
			t[k++] = i < n ? d[i] : '0';
		if (n > e + 1) {
			t[k++] = '.';
			for (i = e + 1; i < n; i++)
				t[k++] = d[i];
		}
		t[k] = '\0';
	} else {
		t[k++] = '0';
		t[k++] = '.';
		for (i = -1; i > e; i--)
			t[k++] = '0';
		for (i = 0; i < n; i++)
			t[k++] = d[i];
		t[k] = '\0';
	}
	snprintf(out, size, "%s", t);
}

/* The first of "%.15g", "%.16g" and "%.17g" that reads back as v, with
 * one conversion to decimal: the 17 digits of "%.16e", rounded to 15 or
 * 16 here.  Where they end in a 5 and zeros, rounding them again might
 * differ from rounding v itself: printf does that one. */
static void shortest_g(double v, char *out, size_t size)
{
	char e17[48], d[24];
	const char *p = e17;
	int neg, e, prec, i;

	snprintf(e17, sizeof(e17), "%.16e", v);
	neg = *p == '-';
	p += neg;
	d[0] = p[0];
	memcpy(d + 1, p + 2, 16);	/* d.dddddddddddddddd */
	e = atoi(p + 19);		/* after the 'e' */
	for (prec = 15; prec <= 17; prec++) {
		char r[24];
		int re = e;
		memcpy(r, d, 17);
		if (prec < 17) {
			int tie = r[prec] == '5';
			for (i = prec + 1; i < 17 && tie; i++)
				tie = r[i] == '0';
			if (tie) {
				snprintf(out, size, "%.*g", prec, v);
				if (strtod(out, NULL) == v)
					return;
				continue;
			}
			if (r[prec] >= '5') {
				for (i = prec - 1; i >= 0 && r[i] == '9'; i--)
					r[i] = '0';
				if (i >= 0)
					r[i]++;
				else {
					memmove(r + 1, r, (size_t)prec - 1);
					r[0] = '1';
					re++;
				}
			}
		}
		render_g(neg, r, prec, re, out, size);
		if (prec == 17 || strtod(out, NULL) == v)
			return;
	}
}

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
	shortest_g(v, out, size);
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
