#include "harness.h"
#include "period.h"

#include <string.h>

static const char *slug(const char *s, enum period_kind prefer)
{
	static char out[PERIOD_TEXT_MAX];
	struct period p;
	if (period_parse(s, strlen(s), prefer, &p) < 0)
		return "(bad)";
	period_slug(&p, out);
	return out;
}

/* The out-of-date rule at its edges, for each kind of period: a figure is
 * current while its period ends at most one period plus lag months before
 * the report's quarter ends, out of date one month beyond. */
static int stale(const char *period, int lag, const char *quarter)
{
	struct period p, q;
	if (period_parse(period, strlen(period), PERIOD_MONTH, &p) < 0 ||
	    period_parse(quarter, strlen(quarter), PERIOD_QUARTER, &q) < 0)
		return -1;
	return period_out_of_date(&p, lag, period_end_month(&q));
}

static void out_of_date(void)
{
	struct period p;

	/* a month, lag 2: June 2018 ends 3 months before the end of September */
	CHECK(stale("2018-06", 2, "2018-19 Q2") == 0);
	CHECK(stale("2018-05", 2, "2018-19 Q2") == 1);
	CHECK(stale("2018-09", 2, "2018-19 Q2") == 0);	/* the quarter's own month */
	/* lag 0: the month before the last is the limit */
	CHECK(stale("2018-08", 0, "2018-19 Q2") == 0);
	CHECK(stale("2018-07", 0, "2018-19 Q2") == 1);
	/* a quarter, lag 3: Q4 ends 6 months before the end of Q2 */
	CHECK(stale("2017-18 Q4", 3, "2018-19 Q2") == 0);
	CHECK(stale("2017-18 Q3", 3, "2018-19 Q2") == 1);
	CHECK(stale("2017-18 Q3", 6, "2018-19 Q2") == 0);	/* lag 6: 9 months, at its limit */
	/* a year, lag 6: 2017-18 ends 18 months before the end of 2019-20 Q2 */
	CHECK(stale("2017-18", 6, "2019-20 Q2") == 0);
	CHECK(stale("2017-18", 6, "2019-20 Q3") == 1);
	period_parse("2017-18", 7, PERIOD_YEAR, &p);
	CHECK(period_out_of_date(&p, 6, period_end_month(&p) + 18) == 0);
	CHECK(period_out_of_date(&p, 6, period_end_month(&p) + 19) == 1);
	/* months since: February 2020 to the end of March 2024 */
	period_parse("2020-02", 7, PERIOD_MONTH, &p);
	CHECK(period_months_since(&p, 2024 * 12 + 2) == 49);
	CHECK(period_months_since(&p, period_end_month(&p)) == 0);
}

int main(void)
{
	struct period p, q;
	char t[PERIOD_TEXT_MAX];

	/* every spelling FORMATS.md names */
	CHECK_STR(slug("2018-19 Q2", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("2018/19 Q2", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("Q2 2018-19", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("Q2 2018/19", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("2018-19-Q2", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("2018-19-q2", PERIOD_NONE), "2018-19-q2");
	CHECK_STR(slug("  2018-19 q4\t", PERIOD_NONE), "2018-19-q4");
	CHECK_STR(slug("2018-07", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("2018-07-01", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("Jul-18", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("Jul 2018", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("July 2018", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("JULY 2018", PERIOD_NONE), "2018-07");
	CHECK_STR(slug("Sept 2018", PERIOD_NONE), "2018-09");
	CHECK_STR(slug("Mar-17", PERIOD_NONE), "2017-03");
	CHECK_STR(slug("2018-19", PERIOD_NONE), "2018-19");
	CHECK_STR(slug("2018/19", PERIOD_NONE), "2018-19");
	CHECK_STR(slug("2018/2019", PERIOD_NONE), "2018-19");
	CHECK_STR(slug("1999-00", PERIOD_NONE), "1999-00");
	/* '2011-12' is December 2011 or the year 2011-12: the metric decides */
	CHECK_STR(slug("2011-12", PERIOD_MONTH), "2011-12");
	CHECK(period_parse("2011-12", 7, PERIOD_MONTH, &p) == 0 && p.kind == PERIOD_MONTH && p.num == 12);
	CHECK(period_parse("2011-12", 7, PERIOD_YEAR, &p) == 0 && p.kind == PERIOD_YEAR && p.year == 2011);
	CHECK(period_parse("2011/12", 7, PERIOD_MONTH, &p) == 0 && p.kind == PERIOD_YEAR);

	/* not periods */
	CHECK_STR(slug("2018-19 Q5", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("2018-20", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("2018-13", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("2018-02-30", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("Julyish 2018", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("Q2", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("20180-19", PERIOD_NONE), "(bad)");
	CHECK_STR(slug("2018-19 Q2 extra", PERIOD_NONE), "(bad)");

	/* months each period covers */
	period_parse("2018-19 Q2", 10, PERIOD_NONE, &p);
	CHECK(period_start_month(&p) == 2018 * 12 + 6);	/* July */
	CHECK(period_end_month(&p) == 2018 * 12 + 8);	/* September */
	period_parse("2018-19 Q4", 10, PERIOD_NONE, &p);
	CHECK(period_end_month(&p) == 2019 * 12 + 2);	/* March 2019 */
	period_parse("2018-19", 7, PERIOD_NONE, &p);
	CHECK(period_start_month(&p) == 2018 * 12 + 3 && period_end_month(&p) == 2019 * 12 + 2);
	q = period_quarter_of_month(2019 * 12 + 0);	/* January 2019 */
	period_slug(&q, t);
	CHECK_STR(t, "2018-19-q4");
	q = period_quarter_of_month(2018 * 12 + 3);	/* April 2018 */
	period_slug(&q, t);
	CHECK_STR(t, "2018-19-q1");

	/* labels and spans for people */
	period_parse("2018-07", 7, PERIOD_NONE, &p);
	period_label(&p, t);
	CHECK_STR(t, "Jul 2018");
	period_parse("2018-19 Q3", 10, PERIOD_NONE, &p);
	period_span(&p, t);
	CHECK_STR(t, "October to December 2018");
	period_parse("2018-19", 7, PERIOD_NONE, &p);
	period_span(&p, t);
	CHECK_STR(t, "April 2018 to March 2019");

	/* order: by end month, then the shorter period first */
	{
		struct period m, y;
		period_parse("2019-03", 7, PERIOD_NONE, &m);
		period_parse("2018-19 Q4", 10, PERIOD_NONE, &q);
		period_parse("2018-19", 7, PERIOD_NONE, &y);
		CHECK(period_cmp(&m, &q) < 0 && period_cmp(&q, &y) < 0 && period_cmp(&y, &y) == 0);
	}
	period_parse("2018-19 Q4", 10, PERIOD_NONE, &p);
	q = period_next(&p);
	period_slug(&q, t);
	CHECK_STR(t, "2019-20-q1");
	period_parse("2018-12", 7, PERIOD_MONTH, &p);
	q = period_next(&p);
	period_slug(&q, t);
	CHECK_STR(t, "2019-01");
	out_of_date();
	return test_done("period");
}
