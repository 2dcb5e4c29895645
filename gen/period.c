#include "period.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december"
};
static const char *const month_caps[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

#define MIN_YEAR 1900
#define MAX_YEAR 2199

/* A tiny scanner over the trimmed, lower-cased text. */
struct scan {
	char s[40];
	size_t len, pos;
};

static int digits(struct scan *sc, size_t n, int *out)
{
	size_t i;
	int v = 0;

	if (sc->pos + n > sc->len)
		return 0;
	for (i = 0; i < n; i++) {
		char c = sc->s[sc->pos + i];
		if (c < '0' || c > '9')
			return 0;
		v = v * 10 + (c - '0');
	}
	/* the number must end here */
	if (sc->pos + n < sc->len && isdigit((unsigned char)sc->s[sc->pos + n]))
		return 0;
	sc->pos += n;
	*out = v;
	return 1;
}

static int lit(struct scan *sc, char c)
{
	if (sc->pos < sc->len && sc->s[sc->pos] == c) {
		sc->pos++;
		return 1;
	}
	return 0;
}

static int sep(struct scan *sc, const char *set)
{
	if (sc->pos < sc->len && strchr(set, sc->s[sc->pos])) {
		sc->pos++;
		while (sc->s[sc->pos] == ' ' && strchr(set, ' '))
			sc->pos++;
		return 1;
	}
	return 0;
}

static int at_end(const struct scan *sc)
{
	return sc->pos == sc->len;
}

/* '2018-19', '2018/19', '2018-2019', '2018/2019': the year it starts */
static int fin_year(struct scan *sc, int *year)
{
	size_t save = sc->pos;
	int y, y2;

	if (!digits(sc, 4, &y) || !(lit(sc, '-') || lit(sc, '/')))
		goto no;
	if (digits(sc, 2, &y2)) {
		if (y2 != (y + 1) % 100)
			goto no;
	} else if (digits(sc, 4, &y2)) {
		if (y2 != y + 1)
			goto no;
	} else {
		goto no;
	}
	*year = y;
	return 1;
no:
	sc->pos = save;
	return 0;
}

static int quarter_tag(struct scan *sc, int *q)
{
	size_t save = sc->pos;
	if (lit(sc, 'q') && digits(sc, 1, q) && *q >= 1 && *q <= 4)
		return 1;
	sc->pos = save;
	return 0;
}

static int month_name(struct scan *sc, int *m)
{
	int i;
	for (i = 0; i < 12; i++) {
		size_t full = strlen(month_names[i]);
		if (sc->len - sc->pos >= full &&
		    memcmp(sc->s + sc->pos, month_names[i], full) == 0) {
			sc->pos += full;
			*m = i + 1;
			return 1;
		}
	}
	for (i = 0; i < 12; i++) {
		size_t n = 3;
		/* 'Sept' is common */
		if (i == 8 && sc->len - sc->pos >= 4 && !memcmp(sc->s + sc->pos, "sept", 4))
			n = 4;
		if (sc->len - sc->pos >= n &&
		    memcmp(sc->s + sc->pos, month_names[i], n) == 0 &&
		    (sc->pos + n == sc->len || !isalpha((unsigned char)sc->s[sc->pos + n]))) {
			sc->pos += n;
			*m = i + 1;
			return 1;
		}
	}
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int set(struct period *out, enum period_kind k, int y, int n)
{
	if (y < MIN_YEAR || y > MAX_YEAR)
		return -1;
	out->kind = k;
	out->year = y;
	out->num = n;
	return 0;
}

int period_parse(const char *s, size_t len, enum period_kind prefer, struct period *out)
{
	struct scan sc;
	size_t i;
	int y, n, d;

	while (len && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof(sc.s))
		return -1;
	for (i = 0; i < len; i++)
		sc.s[i] = (char)tolower((unsigned char)s[i]);
	sc.s[len] = '\0';
	sc.len = len;

	/* Q2 2018-19, Q2 2018/19 */
	sc.pos = 0;
	if (quarter_tag(&sc, &n) && sep(&sc, " -") && fin_year(&sc, &y) && at_end(&sc))
		return set(out, PERIOD_QUARTER, y, n);

	/* 2018-19 Q2, 2018/19 Q2, 2018-19-Q2, or the year alone */
	sc.pos = 0;
	if (fin_year(&sc, &y)) {
		if (at_end(&sc)) {
			/* '2011-12' is also December 2011 */
			int second = (s[5] - '0') * 10 + (s[6] - '0');
			if (prefer == PERIOD_MONTH && len == 7 && s[4] == '-' &&
			    second >= 1 && second <= 12)
				return set(out, PERIOD_MONTH, y, second);
			return set(out, PERIOD_YEAR, y, 0);
		}
		if (sep(&sc, " -_") && quarter_tag(&sc, &n) && at_end(&sc))
			return set(out, PERIOD_QUARTER, y, n);
	}

	/* 2018-07, 2018-07-01 */
	sc.pos = 0;
	if (digits(&sc, 4, &y) && lit(&sc, '-') && digits(&sc, 2, &n) && n >= 1 && n <= 12) {
		if (at_end(&sc))
			return set(out, PERIOD_MONTH, y, n);
		if (lit(&sc, '-') && digits(&sc, 2, &d) && at_end(&sc) &&
		    d >= 1 && d <= days_in_month(y, n))
			return set(out, PERIOD_MONTH, y, n);
	}

	/* Jul-18, Jul 2018, July 2018, Sept-2018 */
	sc.pos = 0;
	if (month_name(&sc, &n) && sep(&sc, " -")) {
		if (digits(&sc, 4, &y) && at_end(&sc))
			return set(out, PERIOD_MONTH, y, n);
		if (digits(&sc, 2, &y) && at_end(&sc))
			return set(out, PERIOD_MONTH, 2000 + y, n);
	}
	return -1;
}

void period_slug(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d", p->year, p->num);
		break;
	case PERIOD_QUARTER:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d-q%d", p->year, (p->year + 1) % 100, p->num);
		break;
	case PERIOD_YEAR:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d", p->year, (p->year + 1) % 100);
		break;
	default:
		out[0] = '\0';
	}
}

void period_label(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	switch (p->kind) {
	case PERIOD_MONTH:
		snprintf(out, PERIOD_TEXT_MAX, "%.3s %04d", month_caps[p->num - 1], p->year);
		break;
	case PERIOD_QUARTER:
		snprintf(out, PERIOD_TEXT_MAX, "%04d-%02d Q%d", p->year, (p->year + 1) % 100, p->num);
		break;
	default:
		period_slug(p, out);
	}
}

void period_span(const struct period *p, char out[PERIOD_TEXT_MAX])
{
	int s = period_start_month(p), e = period_end_month(p);

	if (p->kind == PERIOD_MONTH)
		snprintf(out, PERIOD_TEXT_MAX, "%s %d", month_caps[s % 12], s / 12);
	else if (s / 12 == e / 12)
		snprintf(out, PERIOD_TEXT_MAX, "%s to %s %d", month_caps[s % 12],
			 month_caps[e % 12], e / 12);
	else
		snprintf(out, PERIOD_TEXT_MAX, "%s %d to %s %d", month_caps[s % 12], s / 12,
			 month_caps[e % 12], e / 12);
}

int period_start_month(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_MONTH: return p->year * 12 + p->num - 1;
	case PERIOD_QUARTER: return p->year * 12 + 3 + 3 * (p->num - 1);
	case PERIOD_YEAR: return p->year * 12 + 3;
	default: return 0;
	}
}

int period_end_month(const struct period *p)
{
	switch (p->kind) {
	case PERIOD_MONTH: return p->year * 12 + p->num - 1;
	case PERIOD_QUARTER: return p->year * 12 + 2 + 3 * p->num;
	case PERIOD_YEAR: return p->year * 12 + 14;
	default: return 0;
	}
}

int period_months_since(const struct period *p, int asof)
{
	return asof - period_end_month(p);
}

int period_out_of_date(const struct period *p, int lag, int asof)
{
	int length = period_end_month(p) - period_start_month(p) + 1;

	return period_months_since(p, asof) > length + lag;
}

struct period period_quarter_of_month(int mi)
{
	struct period q;
	int y = mi / 12, m = mi % 12 + 1;

	q.kind = PERIOD_QUARTER;
	if (m >= 4) {
		q.year = y;
		q.num = (m - 4) / 3 + 1;
	} else {
		q.year = y - 1;
		q.num = 4;
	}
	return q;
}

struct period period_next(const struct period *p)
{
	struct period n = *p;

	switch (p->kind) {
	case PERIOD_MONTH:
		if (++n.num > 12) {
			n.num = 1;
			n.year++;
		}
		break;
	case PERIOD_QUARTER:
		if (++n.num > 4) {
			n.num = 1;
			n.year++;
		}
		break;
	case PERIOD_YEAR:
		n.year++;
		break;
	default:
		break;
	}
	return n;
}

int period_cmp(const struct period *a, const struct period *b)
{
	int ea = period_end_month(a), eb = period_end_month(b);
	int sa, sb;

	if (ea != eb)
		return ea < eb ? -1 : 1;
	sa = period_start_month(a);
	sb = period_start_month(b);
	if (sa != sb)
		return sa > sb ? -1 : 1;	/* shorter period first */
	return 0;
}

const char *period_kind_name(enum period_kind k)
{
	switch (k) {
	case PERIOD_MONTH: return "month";
	case PERIOD_QUARTER: return "quarter";
	case PERIOD_YEAR: return "year";
	default: return "period";
	}
}
