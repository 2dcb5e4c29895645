#ifndef BCF_REPORT_H
#define BCF_REPORT_H
/* The computed side of a report: one area's series of a metric as of a
 * report's quarter, with every statistic a page shows of it (SPC, the
 * interval, the comparison with the benchmark, assurance), the x axis of
 * a trend chart and the values on it.  Only this module (and stats)
 * calls the statistics.  What it makes lives in the arena given. */
#include <stddef.h>

#include "model.h"
#include "period.h"
#include "stats.h"

struct arena;

/* What the statistics say of one point. */
struct point_stats {
	struct spc_point spc;
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

/* Load the series of area as of the month index asof, and work out its
 * statistics; bench (may be NULL) is the benchmark's series, for
 * comparisons.  area -1 gives an empty series. */
void report_series(struct arena *a, const struct model *m, const struct metric *mt, int area, int asof,
		   const struct series *bench, struct series *s);
/* The point of s in period p, or NULL. */
const struct obs *report_find(const struct series *s, const struct period *p);
/* The x axis: every period from the first to the last point of home (and
 * bench), as of asof; *out in the arena.  Returns how many. */
size_t report_axis(struct arena *a, const struct series *home, const struct series *bench,
		   int asof, enum period_kind kind, struct period **out);
/* The values (or plans) of s on the axis: v and ok, and sup (may be NULL)
 * where the figure was suppressed. */
void report_line(const struct period *axis, size_t n, const struct series *s, int plan,
		 double *v, unsigned char *ok, unsigned char *sup);

/* The latest figure against its plan, and against the one before. */
enum progress report_progress(const struct metric *mt, const struct series *home);
enum direction report_direction(const struct metric *mt, const struct series *home);

#endif
