#ifndef BCF_STATS_H
#define BCF_STATS_H
/* Statistics as pure functions of numbers: plan progress, direction of
 * change.  (SPC and confidence intervals arrive here too.) */

#include "model.h"

/* PROGRESS_OUT_OF_DATE is the report's (report_metric): progress is not
 * judged on a figure a newer one should have replaced. */
enum progress { PROGRESS_ON_TRACK, PROGRESS_NOT_ON_TRACK, PROGRESS_NO_DATA, PROGRESS_NO_PLAN,
		PROGRESS_OUT_OF_DATE };
enum direction { DIRECTION_BETTER, DIRECTION_WORSE, DIRECTION_SAME, DIRECTION_CHANGED,
		 DIRECTION_NONE };

/* Plan progress: on track when the value meets or beats the plan for the
 * same period in the metric's direction (at or above for 'higher', at or
 * below for 'lower'); no data without a value or for a neutral metric; no
 * plan for a value without a plan for its period. */
enum progress stats_progress(enum polarity pol, int has_value, double value, int has_plan,
			     double plan);
/* How the latest value moved from the one before, read through polarity:
 * better, worse, the same, changed (neutral), or none without both. */
enum direction stats_direction(enum polarity pol, int has_prev, double prev, int has_latest,
			       double latest);

/* ---- statistical process control (XmR, "Making Data Count") ---- */

enum spc_variation { SPC_NONE, SPC_COMMON, SPC_IMPROVEMENT, SPC_CONCERN, SPC_NEITHER };
enum spc_rule { SPC_RULE_NONE, SPC_RULE_LIMITS, SPC_RULE_TREND, SPC_RULE_TWO_OF_THREE, SPC_RULE_SHIFT };
enum assurance { ASSURANCE_NONE, ASSURANCE_PASS, ASSURANCE_FAIL, ASSURANCE_HIT_AND_MISS };

struct spc_settings {
	int shift_run, trend_run, min_points;
	int screen_moving_ranges;	/* leave out moving ranges above 3.267 x their mean */
};

/* One point of an XmR chart. */
struct spc_point {
	int has_limits;			/* 0: too few points in its segment */
	double mean, lpl, upl;		/* process limits: mean -/+ 2.66 x mean moving range */
	double lower2, upper2;		/* 2-sigma lines: mean -/+ 1.773 x mean moving range */
	int side;			/* +1 above, -1 below: the side of a special cause; 0 none */
	enum spc_rule rule;		/* the first rule that flagged it, in the order
					   limits, trend, two of three, shift */
	enum spc_variation variation;	/* through polarity; SPC_NONE without limits */
	unsigned baseline;		/* points of its segment's baseline so far
					   (the limits need min_points of them) */
};

/* XmR over x[0..n): the points with ok[i] set, in order (others get
 * SPC_NONE).  A segment starts at every i with segment[i] set (segment may
 * be NULL: one segment); each has its own mean and limits, and rules do not
 * run across segments.  Returns the number of segments with limits. */
int stats_spc(const double *x, const unsigned char *ok, const unsigned char *segment, size_t n,
	      enum polarity pol, const struct spc_settings *s, struct spc_point *out);
enum spc_chart { SPC_XMR, SPC_PPRIME, SPC_UPRIME };

/* A series for stats_spc_series. */
struct spc_series {
	const double *x;		/* the values the rules judge, as drawn */
	const unsigned char *ok;	/* points to judge (P'/U': with numerator
					   and denominator above 0) */
	const unsigned char *segment;	/* a new segment starts here; may be NULL */
	const unsigned char *base;	/* limits come from the points of each
					   segment with base set; NULL: all */
	size_t n;
	enum spc_chart kind;
	const double *num, *den;	/* P'/U': each point's counts */
	double scale;			/* P'/U': x = scale x num/den (100 for a
					   percentage, 100000 for a rate) */
};

/* stats_spc with a baseline and Laney's P' and U' (Quality Engineering
 * 14(4), 2002).  In each segment the limits come from its baseline points
 * and reach every point of it; the rules run over every point.  XmR: as
 * stats_spc.  P' (U'): centre p = sum num / sum den over the baseline,
 * sigma_i = sqrt(p(1 - p)/den_i) (sqrt(p/den_i)), z_i = (num_i/den_i - p) /
 * sigma_i, sigma_z = mean |z_i - z_i-1| / 1.128 over consecutive baseline
 * points, limits p -/+ 3 sigma_i sigma_z and the 2-sigma lines p -/+ 2 sigma_i
 * sigma_z, clipped to [0, 1] (U': at 0), times scale.  A segment with fewer
 * than min_points baseline points has no limits. */
int stats_spc_series(const struct spc_series *in, enum polarity pol, const struct spc_settings *s,
		     struct spc_point *out);
/* Assurance of meeting plan with the process as it is: for 'higher', a plan
 * below the lower process limit is consistently met (pass), above the upper
 * limit consistently missed (fail), else hit and miss; mirrored for
 * 'lower'.  ASSURANCE_NONE for neutral polarity or without limits. */
enum assurance stats_assurance(enum polarity pol, const struct spc_point *p, double plan);

/* ---- confidence intervals (95%) ---- */

#define STATS_Z95 1.959964

/* Wilson score interval of the proportion x/n, as percentages. -1 if n <= 0
 * or x is outside [0, n]. */
int stats_wilson(double x, double n, double z, double *lo, double *hi);
/* Interval of the rate x/n per 'per' (100000): exact Poisson (from the
 * chi-square distribution) when x < 10, Byar's method otherwise.  -1 if
 * n <= 0 or x < 0. */
int stats_rate_ci(double x, double n, double per, double z, double *lo, double *hi);
/* Quantile of the chi-square distribution with k degrees of freedom. */
double stats_chi2_quantile(double p, double k);
/* Quantile of the standard normal distribution (through the chi-square
 * with one degree of freedom). */
double stats_normal_quantile(double p);

/* ---- comparison with a benchmark ---- */

enum comparison { COMPARISON_NONE, COMPARISON_BETTER, COMPARISON_SIMILAR, COMPARISON_WORSE,
		  COMPARISON_NOT_COMPARED };

/* Better or worse when the benchmark value lies outside the area's interval
 * [lo, hi], read through polarity; similar inside; not compared without an
 * interval (has_ci 0), a benchmark value, or a polarity. */
enum comparison stats_compare(enum polarity pol, int has_ci, double lo, double hi, int has_bench,
			      double bench);

#endif
