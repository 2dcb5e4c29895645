/* The computed report: each figure's statistics once per build, each
 * (area, metric, quarter) series once per report however often it is
 * asked for, and one metric of a report from an area's side. */
#include "annotations.h"
#include "arena.h"
#include "catalogue.h"
#include "datafile.h"
#include "harness.h"
#include "model.h"
#include "report.h"
#include "stats.h"
#include "validate.h"

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
	return test_done("report");
}
