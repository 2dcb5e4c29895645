#ifndef BCF_PERIOD_H
#define BCF_PERIOD_H
/* Reporting periods: calendar months, financial-year quarters and financial
 * years (April to March).  Months are counted on one scale, the "month
 * index" year * 12 + (month - 1), so any two periods compare by the months
 * they start and end in. */
#include <stddef.h>

enum period_kind { PERIOD_NONE, PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR };

struct period {
	enum period_kind kind;
	int year;	/* calendar year for a month; the year the FY starts otherwise */
	int num;	/* month 1-12, quarter 1-4, 0 for a year */
};

/* Longest text period_slug or period_label writes, with the NUL. */
#define PERIOD_TEXT_MAX 48

/* Parse any spelling FORMATS.md lists (surrounding spaces allowed, case
 * ignored).  Text that could be a month or a financial year ('2011-12') is
 * read as prefer says (PERIOD_MONTH: a month; otherwise a year).
 * Returns 0, or -1 if s is not a period. */
int period_parse(const char *s, size_t len, enum period_kind prefer, struct period *out);
/* The canonical slug: '2018-19-q2', '2018-07', '2018-19'. */
void period_slug(const struct period *p, char out[PERIOD_TEXT_MAX]);
/* A short label for people: '2018-19 Q2', 'Jul 2018', '2018-19'. */
void period_label(const struct period *p, char out[PERIOD_TEXT_MAX]);
/* The months it covers in words: 'July to September 2018', 'July 2018',
 * 'April 2018 to March 2019'. */
void period_span(const struct period *p, char out[PERIOD_TEXT_MAX]);
/* Month index of the first and of the last month of the period. */
int period_start_month(const struct period *p);
int period_end_month(const struct period *p);
/* Months from the end of period p to the end of the month with index
 * asof: 0 when p ends then, 49 from February 2020 to March 2024. */
int period_months_since(const struct period *p, int asof);
/* Is a figure for p out of date at the end of the month with index asof?
 * Yes when p ends more than one period of its kind plus lag months before
 * then: the figure of the period after it, published lag months after
 * that period ends, should have come by asof.  Exactly at the limit it is
 * still current.  The one rule for every page and warning. */
int period_out_of_date(const struct period *p, int lag, int asof);
/* The financial-year quarter that holds the month with this index. */
struct period period_quarter_of_month(int month_index);
/* The period that follows p (same kind). */
struct period period_next(const struct period *p);
/* Order by end month, then start month (so a year sorts after its last
 * quarter and month); <0, 0, >0. */
int period_cmp(const struct period *a, const struct period *b);
/* "month", "quarter", "year" */
const char *period_kind_name(enum period_kind k);

#endif
