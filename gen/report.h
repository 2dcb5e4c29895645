#ifndef BCF_REPORT_H
#define BCF_REPORT_H
/* The computed report: every number and verdict a page shows, worked out
 * once and read by every output.  Only this module calls the statistics.
 *
 *   report_figures   each figure's interval and comparison with the
 *                    benchmark: they do not depend on the report, so once
 *                    per build
 *   struct report    one quarter's report: each (area, metric) series as
 *                    of the quarter with SPC and assurance, computed once
 *                    however many area folders show it
 *   report_metric    one metric of a report from one area's side: the
 *                    series, the x axis and the lines on it, every area's
 *                    figure to compare, progress and direction
 *
 * What these make lives in the arenas given (struct report: its own). */
#include <stddef.h>

#include "arena.h"
#include "funnel.h"
#include "model.h"
#include "period.h"
#include "stats.h"

/* What the statistics say of one figure whatever the report. */
struct figure_stats {
	double lo, hi;			/* 95% interval, when has_ci */
	unsigned char has_ci;
	unsigned char cmp;		/* enum comparison: against the benchmark
					 * in the same period */
};

/* Every figure's statistics: of[metric index][k] for metric->obs[k]. */
struct figures {
	struct figure_stats **of;
};

/* Work out every figure's statistics, in a. */
void report_figures(struct arena *a, const struct model *m, struct figures *f);

/* What the statistics say of one point of a series as of a report. */
struct point_stats {
	struct spc_point spc;
	int in_baseline;		/* its figure is one of the baseline's */
	int segment;			/* its stretch between rebase periods, from 0 */
	int base_end;			/* the last of them, with later figures
					 * judged against the baseline's limits */
	int has_ci;
	double lo, hi;			/* 95% interval */
	enum comparison cmp;		/* against the benchmark in the same period */
	enum assurance assurance;	/* on the latest figure, when it has a plan */
};

/* One area's series of a metric as of a report, with its statistics. */
struct series {
	int area;
	const struct obs *o;
	size_t n;
	struct point_stats *ps;		/* n of them */
	const struct obs *latest, *prev;
	int valid;			/* points with a value */
};

/* One quarter's report.  Series of the areas in keep (those with a
 * folder of their own) and of the benchmark are held until the report is
 * released; any other area's is made in the scratch arena its caller
 * gives, and made again if asked for again. */
struct report {
	const struct model *m;
	const struct figures *fig;
	const int *area_order;		/* area indexes in order of code */
	const unsigned char *keep;	/* [area] */
	struct period quarter;
	int asof;			/* month index of its end */
	struct arena a;
	struct series **held;		/* [metric][area], ps NULL until made */
	struct report_funnel **funnel_memo;	/* [metric]: the last funnel's
						 * curves, worked out once for every
						 * area's side that draws the same */
	int no_curves;			/* funnels without the curves the chart
					 * draws: for pages only (n_curve 0) */
	int no_limits;			/* funnels without any limits: only which
					 * files a metric has is asked */
	struct report_shared *shared;	/* funnels of other processes, or NULL */
	size_t q;			/* the report's place in shared */
};

/* Set up the report of quarter; keep and area_order must outlive it. */
void report_init(struct report *r, const struct model *m, const struct figures *fig, const int *area_order,
		 const unsigned char *keep, const struct period *quarter);
void report_release(struct report *r);

/* Funnels' limits at each area worked out in one worker, for another to
 * take: a table in memory shared with the workers forked after it is
 * made, a slot per (quarter, metric).  A report given the table (as the
 * report of quarter q) writes a funnel it works out with its curves into
 * an empty slot, and takes the limits of one it works out without them
 * from a slot that holds the same funnel.  The driver has every slot's
 * writer end before a reader starts.  NULL: no table (each works out
 * its own, the same). */
struct report_shared;
struct report_shared *report_shared_open(size_t n_quarters, size_t n_metrics);
void report_shared_close(struct report_shared *s);
void report_share(struct report *r, struct report_shared *s, size_t q);
/* One area's series of a metric as of the report, with its statistics
 * (area -1: an empty series).  Valid until the report is released, or
 * scratch is reset for an area not held. */
const struct series *report_area(struct report *r, const struct metric *mt, int area, struct arena *scratch);
/* How many series have been worked out in this process (SPC and
 * assurance each time): a test counts them. */
unsigned long report_series_count(void);

/* One area's figure in a period, to compare with the others. */
struct report_bar {
	int area;
	const char *name;		/* the area's */
	double v;
	int has_ci;
	double lo, hi;
	enum comparison cmp;
	int highlight;			/* the report's own area */
	size_t tag;			/* its place in order of code */
};

/* Values on the x axis: v[i] where ok[i]; sup[i] where suppressed. */
struct report_line {
	double *v;
	unsigned char *ok, *sup;
	int any;			/* some ok[i] */
};

/* An annotation shown on the trend chart: at axis position k, numbered
 * from 1 in the order of the axis. */
struct report_note {
	size_t k;
	const struct annotation *an;
};

/* One area of a funnel plot: a compared area with its numerator and
 * denominator, the limits at its denominator and where it lies. */
struct report_funnel_area {
	size_t bar;			/* its figure: bars[bar] */
	double num, den;
	double lo95, hi95, lo998, hi998;	/* in the value's unit */
	int side;			/* funnel_verdict: -2 to +2 */
};

/* How many points each limit curve of a funnel plot is drawn through. */
#define REPORT_FUNNEL_SAMPLES 160
/* Fewest areas besides the benchmark, with numerator and denominator, for
 * a funnel plot: fewer are compared as bars. */
#define REPORT_FUNNEL_MIN 3

/* The comparison as a funnel plot (Spiegelhalter 2005): for a percent or
 * rate metric, not standardised, whose compared areas have counts. */
struct report_funnel {
	enum funnel_kind kind;
	double scale;			/* the value's unit per proportion or rate
					 * per unit of denominator: 100, 100000 */
	double target;			/* in the value's unit */
	int target_benchmark;		/* the benchmark's figure, else pooled */
	struct funnel_od od;
	struct report_funnel_area *areas;	/* in the order of bars */
	size_t n;
	size_t n_outside;		/* side != 0 */
	int home;			/* areas[home] is the report's area, or -1 */
	/* the limits drawn: n_curve denominators cx and the limits there */
	double *cx, *lo95, *hi95, *lo998, *hi998;
	size_t n_curve;
	double x_max;			/* the x axis's end */
};

/* Whether a metric's comparison may be a funnel plot: percent or rate
 * per 100,000, not standardised.  (A count has no expected value for an
 * area's size to set limits around; it keeps the bars.) */
int report_funnel_kind(const struct metric *mt, enum funnel_kind *kind, double *scale);

/* One metric of a report from one area's side. */
struct report_metric {
	struct report *r;
	const struct metric *mt;
	int area;			/* the report's area, or -1 */
	const struct series *home;
	const struct series *bench;	/* the benchmark beside it: empty when
					 * it is the home area itself */
	const struct point_stats *lp;	/* the latest point's, or NULL */
	struct period *axis;		/* every period from the first figure */
	size_t n;			/* on the axis */
	struct report_line value, plan, benchmark;
	/* the home area's process limits on the axis, where has[i] */
	unsigned char *has;
	double *mean, *lpl, *upl;
	int *variation;
	unsigned char *base_end;	/* the baseline ends after this period */
	/* every area's figure in the home area's latest period but the
	 * benchmark's, highest first */
	struct report_bar *bars;
	size_t n_bars;
	struct report_funnel *funnel;	/* the comparison as a funnel plot, or
					 * NULL: as bars */
	int has_benchmark;		/* the benchmark's figure then */
	double benchmark_value;
	enum progress progress;
	enum direction direction;
	/* the latest figure is out of date (period_out_of_date with the
	 * metric's lag): no figure for the months_since months from the end
	 * of its period to the end of the report's quarter; progress is then
	 * PROGRESS_OUT_OF_DATE */
	int out_of_date, months_since;
	/* the metric's annotations for this area (or every area) whose
	 * periods are on the axis: none after the report's quarter, none
	 * before the first figure */
	struct report_note *notes;
	size_t n_notes;
};

/* Area ar's code when it can be an id in a chart's SVG and the fragment
 * of a URL as it is: a letter or '_', then letters, digits, '-' or '_'
 * (an XML name that needs no escaping in a URL); else NULL. */
const char *report_area_fragment(const struct model *m, int ar);

/* Which comparison chart the page of rm shows (none when rm->n_bars < 2). */
enum report_chart {
	/* its folder's own, the page's area highlighted in it: where the
	 * home area's code cannot be a fragment, and for an area whose
	 * comparison differs from the home area's */
	REPORT_CHART_OWN,
	/* its folder's own, the SVG with every area's marks under its code
	 * and none highlighted, the page pointing at its area by fragment
	 * (the PNG still highlights it): the home area's side */
	REPORT_CHART_TARGETS,
	/* the home report's (REPORT_CHART_TARGETS), with the page's area as
	 * the fragment; its folder holds no comparison chart */
	REPORT_CHART_HOME
};

/* Whether rm compares the same areas in the same period as the home
 * area's page of the same report, hence the same figures, intervals,
 * benchmark and limits: no peer group, or both areas in it, and both
 * areas' latest figures of one period.  (The home area's own side: 1.)
 * Downloads and comparison charts follow it. */
int report_same_comparison(const struct report_metric *rm);

/* Which, for rm.  Only charts of up to CHART_COMPARE_MAX_BARS areas mark
 * them (a ranked dot chart of more keeps its fixed size, so each area's
 * page keeps its own).  Another area's side shares the home area's chart
 * when it compares the same: the same areas (no peer group, or both areas in
 * it) in the same period, hence the same figures, intervals, benchmark
 * and limits, and both codes can be fragments.  The one place that
 * decides it, for every output. */
enum report_chart report_compare_chart(const struct report_metric *rm);

/* Work out one metric of report r from area's side, in a (and scratch,
 * reset as it goes). */
void report_metric(struct report *r, const struct metric *mt, int area, struct arena *a, struct arena *scratch,
		   struct report_metric *out);

/* The point of s in period p, or NULL. */
const struct obs *report_find(const struct series *s, const struct period *p);

#endif
