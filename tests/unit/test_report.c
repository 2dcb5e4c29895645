/* The computed report: each figure's statistics once per build, each
 * (area, metric, quarter) series once per report however often it is
 * asked for, and one metric of a report from an area's side. */
#include "annotations.h"
#include "arena.h"
#include "buf.h"
#include "catalogue.h"
#include "chart.h"
#include "datafile.h"
#include "harness.h"
#include "model.h"
#include "report.h"
#include "stats.h"
#include "validate.h"
#include "words.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char catalogue[] =
	"id,title,unit,polarity,frequency\n"
	"rb,Reablement,percent,higher,quarter\n";

/* Three areas, England the benchmark; B has no figure in Q3. */
static const char data[] =
	"metric,area_code,area_name,period,numerator,denominator,plan\n"
	"rb,A,Area A,2018-19 Q1,80,100,\n"
	"rb,A,Area A,2018-19 Q2,82,100,\n"
	"rb,A,Area A,2018-19 Q3,90,100,85\n"
	"rb,B,Area B,2018-19 Q1,60,100,\n"
	"rb,B,Area B,2018-19 Q2,61,100,\n"
	"rb,E,England,2018-19 Q1,700,1000,\n"
	"rb,E,England,2018-19 Q2,710,1000,\n"
	"rb,E,England,2018-19 Q3,720,1000,\n";

/* Out of date, at the edges, for month, quarter and year metrics: each
 * pair has its latest figure exactly at the limit (one period plus lag
 * months before the end of 2018-19 Q2) and one month beyond it.  The
 * default lags are 2, 3 and 6 months; a given lag is read. */
static void out_of_date(void)
{
	static const char cat[] =
		"id,title,unit,polarity,frequency,lag\n"
		"m_at,Monthly,count,lower,month,\n"
		"m_over,Monthly,count,lower,month,1\n"
		"q_at,Quarterly,count,lower,quarter,\n"
		"q_over,Quarterly,count,lower,quarter,2\n"
		"y_at,Yearly,percent,higher,year,\n"
		"y_over,Yearly,percent,higher,year,5\n";
	static const char figs[] =
		"metric,area_code,period,value,plan\n"
		"m_at,A,2018-06,10,12\nm_over,A,2018-06,10,12\n"
		"q_at,A,2017-18 Q4,10,12\nq_over,A,2017-18 Q4,10,12\n"
		"y_at,A,2016-17,80,70\ny_over,A,2016-17,80,70\n";
	static const struct { const char *id; int lag, months, stale; } want[] = {
		{ "m_at", 2, 3, 0 }, { "m_over", 1, 3, 1 }, { "q_at", 3, 6, 0 }, { "q_over", 2, 6, 1 },
		{ "y_at", 6, 18, 0 }, { "y_over", 5, 18, 1 },
	};
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r;
	struct report_metric rm;
	struct period q2 = { PERIOD_QUARTER, 2018, 2 };
	int order[1] = { 0 };
	unsigned char keep[1] = { 1 };
	size_t i;

	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", cat, sizeof(cat) - 1) == 0);
	CHECK(datafile_parse(&m, "data/f.csv", "f.csv", figs, sizeof(figs) - 1) == 0);
	validate_observations(&m);
	m.home = 0;
	report_figures(&a, &m, &fig);
	report_init(&r, &m, &fig, order, keep, &q2);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct metric *mt = model_metric(&m, want[i].id, strlen(want[i].id));
		CHECK(mt && mt->lag == want[i].lag);
		if (!mt)
			continue;
		report_metric(&r, mt, 0, &ra, &scratch, &rm);
		CHECK(rm.months_since == want[i].months);
		CHECK(rm.out_of_date == want[i].stale);
		/* each meets its plan, but is judged only when current */
		CHECK(rm.progress == (want[i].stale ? PROGRESS_OUT_OF_DATE : PROGRESS_ON_TRACK));
	}
	report_release(&r);
	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
}
/* The comparison becomes a funnel plot for a percent or rate metric, not
 * standardised, with 3 or more compared areas with counts; otherwise it
 * stays bars.  Each area's limits are funnel_limit at its own denominator
 * around the benchmark's figure (or the pooled value without one), and
 * its side follows from them. */
static void funnel_choice(void)
{
	static const char cat[] =
		"id,title,unit,polarity,frequency\n"
		"p,Percent,percent,higher,quarter\n"
		"r,Rate,rate_per_100k,lower,quarter\n"
		"c,Count,count,lower,quarter\n"
		"few,Few,percent,higher,quarter\n"
		"pool,Pooled,percent,higher,quarter\n";
	/* A to D and England; in few, only A and B have counts; in pool,
	 * England has no figure */
	static const char figs[] =
		"metric,area_code,period,value,numerator,denominator\n"
		"p,A,2018-19 Q2,,95,100\np,B,2018-19 Q2,,690,1000\np,C,2018-19 Q2,,2100,3000\n"
		"p,D,2018-19 Q2,,350,500\np,E,2018-19 Q2,,7000,10000\n"
		"r,A,2018-19 Q2,,500,100000\nr,B,2018-19 Q2,,1000,200000\nr,C,2018-19 Q2,,300,50000\n"
		"r,D,2018-19 Q2,,1600,400000\nr,E,2018-19 Q2,,50000,10000000\n"
		"c,A,2018-19 Q2,,5,100\nc,B,2018-19 Q2,,6,100\nc,C,2018-19 Q2,,7,100\nc,D,2018-19 Q2,,8,100\n"
		"few,A,2018-19 Q2,,50,100\nfew,B,2018-19 Q2,,60,100\nfew,C,2018-19 Q2,70,,\nfew,D,2018-19 Q2,80,,\n"
		"few,E,2018-19 Q2,,700,1000\n"
		"pool,A,2018-19 Q2,,10,100\npool,B,2018-19 Q2,,30,100\npool,C,2018-19 Q2,,50,200\n";
	static const struct { const char *id; int funnel; size_t n; double target; } want[] = {
		{ "p", 1, 4, 70 }, { "r", 1, 4, 500 }, { "c", 0, 0, 0 }, { "few", 0, 0, 0 },
		/* pooled: (10 + 30 + 50) / (100 + 100 + 200) */
		{ "pool", 1, 3, 90.0 / 400 * 100 },
	};
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r;
	struct report_metric rm;
	struct period q2 = { PERIOD_QUARTER, 2018, 2 };
	int order[5];
	unsigned char keep[5] = { 1, 1, 1, 1, 1 };
	struct metric st = { .unit = UNIT_PERCENT, .standardised = 1 };
	enum funnel_kind kind;
	double scale;
	size_t i, k;

	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", cat, sizeof(cat) - 1) == 0);
	CHECK(datafile_parse(&m, "data/f.csv", "f.csv", figs, sizeof(figs) - 1) == 0);
	validate_observations(&m);
	m.home = model_area(&m, "A", 1);
	m.benchmark = model_area(&m, "E", 1);
	for (i = 0; i < 5; i++)
		order[i] = (int)i;
	report_figures(&a, &m, &fig);
	report_init(&r, &m, &fig, order, keep, &q2);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct metric *mt = model_metric(&m, want[i].id, strlen(want[i].id));
		const struct report_funnel *f;
		CHECK(mt != NULL);
		if (!mt)
			continue;
		report_metric(&r, mt, m.home, &ra, &scratch, &rm);
		f = rm.funnel;
		CHECK(!!f == want[i].funnel);
		if (!f)
			continue;
		CHECK(f->n == want[i].n && fabs(f->target - want[i].target) < 1e-9 * want[i].target);
		CHECK(f->target_benchmark == (strcmp(want[i].id, "pool") != 0));
		CHECK(f->home >= 0 && rm.bars[f->areas[f->home].bar].area == m.home);
		for (k = 0; k < f->n; k++) {
			const struct report_funnel_area *fa = &f->areas[k];
			double v = rm.bars[fa->bar].v, t = f->target / f->scale;
			double l95 = funnel_limit(f->kind, t, fa->den, 0.025) * f->scale;
			double u95 = funnel_limit(f->kind, t, fa->den, 0.975) * f->scale;
			double l998 = funnel_limit(f->kind, t, fa->den, 0.001) * f->scale;
			double u998 = funnel_limit(f->kind, t, fa->den, 0.999) * f->scale;
			int side = v > u998 ? 2 : v > u95 ? 1 : v < l998 ? -2 : v < l95 ? -1 : 0;
			CHECK(fa->lo95 == l95 && fa->hi95 == u95 && fa->lo998 == l998 && fa->hi998 == u998);
			CHECK(fa->side == side);
			CHECK(l998 <= l95 && l95 <= f->target && f->target <= u95 && u95 <= u998);
		}
	}
	/* p: A's 95 of 100 against 70% is far above (binomial sd 4.6 points) */
	report_metric(&r, model_metric(&m, "p", 1), m.home, &ra, &scratch, &rm);
	CHECK(rm.funnel && rm.funnel->areas[rm.funnel->home].side == 2 && rm.funnel->n_outside >= 1);
	/* r: D's 400 per 100,000 of 400,000 against 500: 1,600 events where
	 * 2,000 are expected, 9 sd below */
	report_metric(&r, model_metric(&m, "r", 1), m.home, &ra, &scratch, &rm);
	for (k = 0; rm.funnel && k < rm.funnel->n; k++)
		if (rm.bars[rm.funnel->areas[k].bar].area == model_area(&m, "D", 1))
			CHECK(rm.funnel->areas[k].side == -2);
	/* the limits against references worked out apart from bcfgen (a
	 * Python script: the binomial cdf summed term by term from lgamma,
	 * interpolated as Spiegelhalter 2005 A.1.1; chi-square quantiles by
	 * bisection of a series / continued-fraction regularised gamma), to
	 * 1e-6 relative: p's B, 69% of 1,000 about 70%, and r's B, 1,000 of
	 * 200,000 about 500 per 100,000 (E = 1,000) */
	{
		static const struct { const char *id; double lo95, hi95, lo998, hi998; } ref[] = {
			{ "p", 67.0911071665793, 72.77185829851037, 65.41696253902704, 74.36971802847319 },
			{ "r", 469.4865092038444, 531.9760680081547, 452.5603954674883, 550.8134719395159 },
		};
		for (i = 0; i < 2; i++) {
			report_metric(&r, model_metric(&m, ref[i].id, 1), m.home, &ra, &scratch, &rm);
			for (k = 0; rm.funnel && k < rm.funnel->n; k++) {
				const struct report_funnel_area *fa = &rm.funnel->areas[k];
				if (rm.bars[fa->bar].area != model_area(&m, "B", 1))
					continue;
				CHECK(fabs(fa->lo95 / ref[i].lo95 - 1) < 1e-6 && fabs(fa->hi95 / ref[i].hi95 - 1) < 1e-6);
				CHECK(fabs(fa->lo998 / ref[i].lo998 - 1) < 1e-6 && fabs(fa->hi998 / ref[i].hi998 - 1) < 1e-6);
			}
		}
	}
	/* standardised rates keep the interval chart; counts the bars */
	CHECK(!report_funnel_kind(&st, &kind, &scale));
	st.standardised = 0;
	CHECK(report_funnel_kind(&st, &kind, &scale) && kind == FUNNEL_PROPORTION && scale == 100);
	st.unit = UNIT_COUNT;
	CHECK(!report_funnel_kind(&st, &kind, &scale));
	report_release(&r);
	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
}

/* The verdict words, read through polarity. */
static void funnel_words(void)
{
	struct arena a;

	arena_init(&a);
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_HIGHER, 2), "significantly higher than expected (better)"));
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_LOWER, 2), "significantly higher than expected (worse)"));
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_LOWER, -1), "possibly lower than expected (better)"));
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_HIGHER, -2), "significantly lower than expected (worse)"));
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_NEUTRAL, 1), "possibly higher than expected"));
	CHECK(!strcmp(words_funnel_verdict(&a, POLARITY_HIGHER, 0), "as expected"));
	CHECK(!strcmp(words_funnel_code(-2), "significantly_lower") && !strcmp(words_funnel_code(0), "as_expected"));
	arena_release(&a);
}

/* Annotations on area A's chart as of 2018-19 Q2 (to Sep 2018): its own
 * and every area's, on the axis from its first figure (Mar 2018), in order
 * of period whatever the file's order; not B's, none before the first
 * figure, none after the quarter; one in a gap (Jun 2018) is shown. */
static void notes_on_axis(void)
{
	static const char cat[] = "id,title,unit,polarity,frequency\nd,Delays,count,lower,month\n";
	static const char figs[] =
		"metric,area_code,period,value\n"
		"d,A,2018-03,5\nd,A,2018-04,6\nd,A,2018-05,7\nd,A,2018-07,6\nd,A,2018-08,5\nd,A,2018-10,4\n"
		"d,B,2017-10,9\nd,B,2018-05,8\n";
	static const char notes[] =
		"metric,area_code,period,text\n"
		"d,A,2018-10,after the quarter\n"
		"d,,2018-08,  late  \n"
		"d,,2017-12,before the first figure\n"
		"d,B,2018-05,only B's\n"
		"d,A,2018-03,early\n"
		"d,,2018-06,in a gap\n";
	static const struct { const char *text; size_t k; } want[] = { { "early", 0 }, { "in a gap", 3 }, { "late", 5 } };
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r;
	struct report_metric rm;
	struct period q2 = { PERIOD_QUARTER, 2018, 2 };
	int order[2] = { 0, 1 };
	unsigned char keep[2] = { 1, 1 };
	size_t i;

	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", cat, sizeof(cat) - 1) == 0);
	CHECK(datafile_parse(&m, "data/f.csv", "f.csv", figs, sizeof(figs) - 1) == 0);
	CHECK(annotations_parse(&m, "annotations.csv", notes, sizeof(notes) - 1) == 0);
	validate_observations(&m);
	CHECK(m.metrics[0].n_notes == 6);
	m.home = 0;
	report_figures(&a, &m, &fig);
	report_init(&r, &m, &fig, order, keep, &q2);
	report_metric(&r, &m.metrics[0], model_area(&m, "A", 1), &ra, &scratch, &rm);
	CHECK(rm.n_notes == 3);
	for (i = 0; i < rm.n_notes && i < 3; i++) {
		CHECK_STR(rm.notes[i].an->text, want[i].text);
		CHECK(rm.notes[i].k == want[i].k);
	}
	report_release(&r);
	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
}

/* Which comparison chart a page shows (report_compare_chart): the home
 * area's own, with every area's id; another area's side the home area's
 * when it compares the same areas in the same period, else its own; none
 * shared when the home area's code cannot be a fragment.  The data: A
 * (home) and B have figures to Q2, A to Q3; E is the benchmark; C has a
 * figure in Q2 only, D none there. */
static void compare_chart(void)
{
	static const char figs[] =
		"metric,area_code,period,numerator,denominator\n"
		"rb,A,2018-19 Q2,80,100\nrb,A,2018-19 Q3,90,100\n"
		"rb,B,2018-19 Q2,60,100\nrb,C,2018-19 Q2,70,100\nrb,D,2018-19 Q1,50,100\n"
		"rb,E,2018-19 Q2,700,1000\nrb,E,2018-19 Q3,720,1000\n";
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r2, r3;
	struct report_metric rm;
	struct period q2 = { PERIOD_QUARTER, 2018, 2 }, q3 = { PERIOD_QUARTER, 2018, 3 };
	int order[5], A, B, C, E;
	unsigned char keep[5] = { 1, 1, 1, 1, 1 }, peer[5] = { 0 };
	const char *code;
	size_t i;

	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", catalogue, sizeof(catalogue) - 1) == 0);
	CHECK(datafile_parse(&m, "data/rb.csv", "rb.csv", figs, sizeof(figs) - 1) == 0);
	validate_observations(&m);
	A = model_area(&m, "A", 1), B = model_area(&m, "B", 1), C = model_area(&m, "C", 1);
	E = model_area(&m, "E", 1);
	m.home = A;
	m.benchmark = E;
	for (i = 0; i < 5; i++)
		order[i] = (int)i;
	report_figures(&a, &m, &fig);
	report_init(&r2, &m, &fig, order, keep, &q2);
	report_init(&r3, &m, &fig, order, keep, &q3);
	/* as of Q2 every area's latest is Q2: A's chart, B and C share it */
	report_metric(&r2, &m.metrics[0], A, &ra, &scratch, &rm);
	CHECK(rm.n_bars == 3 && report_compare_chart(&rm) == REPORT_CHART_TARGETS);
	report_metric(&r2, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(rm.n_bars == 3 && report_compare_chart(&rm) == REPORT_CHART_HOME);
	/* as of Q3 A's latest is Q3, B's Q2: B compares Q2, its own chart */
	report_metric(&r3, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_OWN);
	report_metric(&r3, &m.metrics[0], A, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_TARGETS);
	/* a peer group of A and B: B shares, C (outside, compared with the
	 * group and itself) does not */
	peer[A] = peer[B] = 1;
	m.peer = peer;
	report_metric(&r2, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_HOME);
	report_metric(&r2, &m.metrics[0], C, &ra, &scratch, &rm);
	CHECK(rm.n_bars == 3 && report_compare_chart(&rm) == REPORT_CHART_OWN);
	/* a group without the home area: A's chart is of the group and A */
	peer[A] = 0;
	report_metric(&r2, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_OWN);
	m.peer = NULL;
	/* the home area's code cannot be a fragment: nobody shares */
	code = m.areas[A].code;
	m.areas[A].code = "1A";
	report_metric(&r2, &m.metrics[0], A, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_OWN);
	report_metric(&r2, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_OWN);
	m.areas[A].code = code;
	/* nor can the page's own */
	code = m.areas[B].code;
	m.areas[B].code = "B.1";
	report_metric(&r2, &m.metrics[0], B, &ra, &scratch, &rm);
	CHECK(report_compare_chart(&rm) == REPORT_CHART_OWN);
	m.areas[B].code = code;
	/* fragments: an XML name of letters, digits, '-' and '_' */
	{
		static const struct { const char *code; int ok; } frag[] = {
			{ "E06000041", 1 }, { "_x", 1 }, { "a-b_c9", 1 }, { "1A", 0 }, { "-x", 0 },
			{ "E06.1", 0 }, { "E 1", 0 }, { "E#1", 0 }, { "", 0 }, { "\xc3\xa9t", 0 },
		};
		for (i = 0; i < sizeof(frag) / sizeof(frag[0]); i++) {
			m.areas[C].code = frag[i].code;
			CHECK((report_area_fragment(&m, C) != NULL) == frag[i].ok);
		}
		CHECK(report_area_fragment(&m, -1) == NULL);
	}
	report_release(&r2);
	report_release(&r3);
	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
}

/* Past CHART_COMPARE_MAX_BARS areas the comparison is a ranked dot chart
 * of fixed size, which marks no area by code: each page keeps its own. */
static void compare_chart_many(void)
{
	struct buf d;
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r;
	struct report_metric rm;
	struct period q2 = { PERIOD_QUARTER, 2018, 2 };
	size_t n = CHART_COMPARE_MAX_BARS + 1, i;
	int *order = calloc(n + 1, sizeof(*order));
	unsigned char *keep = calloc(n + 1, 1);

	buf_init(&d);
	buf_adds(&d, "metric,area_code,period,numerator,denominator\n");
	for (i = 0; i < n; i++)
		buf_printf(&d, "rb,A%zu,2018-19 Q2,%zu,1000\n", i, 100 + i);
	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", catalogue, sizeof(catalogue) - 1) == 0);
	CHECK(datafile_parse(&m, "data/rb.csv", "rb.csv", d.s, d.len) == 0);
	validate_observations(&m);
	m.home = model_area(&m, "A0", 2);
	m.benchmark = -1;
	for (i = 0; i < n; i++) {
		order[i] = (int)i;
		keep[i] = 1;
	}
	report_figures(&a, &m, &fig);
	report_init(&r, &m, &fig, order, keep, &q2);
	report_metric(&r, &m.metrics[0], m.home, &ra, &scratch, &rm);
	CHECK(rm.n_bars == n && report_compare_chart(&rm) == REPORT_CHART_OWN);
	report_metric(&r, &m.metrics[0], model_area(&m, "A7", 2), &ra, &scratch, &rm);
	CHECK(rm.n_bars == n && report_compare_chart(&rm) == REPORT_CHART_OWN);
	report_release(&r);
	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
	buf_release(&d);
	free(order);
	free(keep);
}

int main(void)
{
	struct arena a, scratch, ra;
	struct model m;
	struct figures fig;
	struct report r;
	struct report_metric rm;
	const struct metric *mt;
	const struct series *s1, *s2;
	struct period q3 = { PERIOD_QUARTER, 2018, 3 };
	int order[3], A, B, E;
	unsigned char keep[3] = { 0 };
	unsigned long before;
	double lo, hi;
	size_t k;

	arena_init(&a);
	arena_init(&scratch);
	arena_init(&ra);
	model_init(&m, &a, "test");
	CHECK(catalogue_parse(&m, "metrics.csv", catalogue, sizeof(catalogue) - 1) == 0);
	CHECK(datafile_parse(&m, "data/rb.csv", "rb.csv", data, sizeof(data) - 1) == 0);
	validate_observations(&m);
	A = model_area(&m, "A", 1);
	B = model_area(&m, "B", 1);
	E = model_area(&m, "E", 1);
	CHECK(A >= 0 && B >= 0 && E >= 0);
	m.home = A;
	m.benchmark = E;
	mt = &m.metrics[0];
	order[0] = A, order[1] = B, order[2] = E;

	/* each figure's interval and comparison, whatever the report */
	report_figures(&a, &m, &fig);
	CHECK(stats_wilson(90, 100, STATS_Z95, &lo, &hi) == 0);
	for (k = 0; k < mt->n_obs; k++)
		if (mt->obs[k].area == A && mt->obs[k].period.num == 3) {
			CHECK(fig.of[0][k].has_ci && fig.of[0][k].lo == lo && fig.of[0][k].hi == hi);
			/* 90% against England's 72%: better, allowing for chance */
			CHECK(fig.of[0][k].cmp == COMPARISON_BETTER);
		} else if (mt->obs[k].area == E) {
			CHECK(fig.of[0][k].cmp == COMPARISON_NONE);	/* not against itself */
		}

	/* the series of an area with a folder of its own is worked out once
	 * and held; another area's is worked out each time it is asked for */
	keep[A] = 1;
	report_init(&r, &m, &fig, order, keep, &q3);
	before = report_series_count();
	s1 = report_area(&r, mt, A, &scratch);
	s2 = report_area(&r, mt, A, &scratch);
	CHECK(s1 == s2 && report_series_count() == before + 1);
	CHECK(s1->n == 3 && s1->valid == 3 && s1->latest == &s1->o[2] && s1->prev == &s1->o[1]);
	report_area(&r, mt, E, &scratch);
	report_area(&r, mt, E, &scratch);
	CHECK(report_series_count() == before + 2);		/* the benchmark: held */
	report_area(&r, mt, B, &scratch);
	report_area(&r, mt, B, &scratch);
	CHECK(report_series_count() == before + 4);		/* no folder: not held */
	CHECK(report_area(&r, mt, -1, &scratch)->n == 0);

	/* Area A's side of the report: latest Q3, above its plan, better than
	 * before; B has no Q3 figure, so the comparison has A alone */
	report_metric(&r, mt, A, &ra, &scratch, &rm);
	CHECK(rm.home == s1 && rm.lp == &s1->ps[2]);
	CHECK(rm.n == 3 && rm.axis[0].num == 1 && rm.axis[2].num == 3);
	CHECK(rm.value.any && rm.value.ok[2] && rm.value.v[2] == 90);
	CHECK(rm.plan.any && !rm.plan.ok[0] && rm.plan.ok[2] && rm.plan.v[2] == 85);
	CHECK(rm.benchmark.any && rm.benchmark.v[1] == 71);
	CHECK(rm.n_bars == 1 && rm.bars[0].area == A && rm.bars[0].highlight && rm.bars[0].v == 90);
	CHECK(rm.has_benchmark && rm.benchmark_value == 72);
	CHECK(rm.progress == PROGRESS_ON_TRACK && rm.direction == DIRECTION_BETTER);
	CHECK(report_series_count() == before + 4);		/* nothing worked out again */

	/* from the benchmark's own side: no benchmark line beside it */
	report_metric(&r, mt, E, &ra, &scratch, &rm);
	CHECK(rm.bench->n == 0 && !rm.benchmark.any && !rm.has_benchmark);
	/* every area but the benchmark, highest first */
	report_release(&r);
	report_init(&r, &m, &fig, order, keep, &(struct period){ PERIOD_QUARTER, 2018, 2 });
	report_metric(&r, mt, A, &ra, &scratch, &rm);
	CHECK(rm.n_bars == 2 && rm.bars[0].area == A && rm.bars[1].area == B);
	CHECK(rm.bars[0].v > rm.bars[1].v && !rm.bars[1].highlight);
	CHECK(rm.bars[1].cmp == COMPARISON_WORSE);		/* 61% against 71% */
	report_release(&r);

	arena_release(&ra);
	arena_release(&scratch);
	arena_release(&a);
	out_of_date();
	notes_on_axis();
	funnel_choice();
	funnel_words();
	compare_chart();
	compare_chart_many();
	return test_done("report");
}
