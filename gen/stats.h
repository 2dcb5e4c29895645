#ifndef BCF_STATS_H
#define BCF_STATS_H
/* Statistics as pure functions of numbers: plan progress, direction of
 * change.  (SPC and confidence intervals arrive here too.) */

#include "model.h"

enum progress { PROGRESS_ON_TRACK, PROGRESS_NOT_ON_TRACK, PROGRESS_NO_DATA };
enum direction { DIRECTION_BETTER, DIRECTION_WORSE, DIRECTION_SAME, DIRECTION_CHANGED,
		 DIRECTION_NONE };

/* Plan progress: on track when the value meets or beats the plan for the
 * same period in the metric's direction (at or above for 'higher', at or
 * below for 'lower'); no data without a value, without a plan, or for a
 * neutral metric. */
enum progress stats_progress(enum polarity pol, int has_value, double value, int has_plan,
			     double plan);
/* How the latest value moved from the one before, read through polarity:
 * better, worse, the same, changed (neutral), or none without both. */
enum direction stats_direction(enum polarity pol, int has_prev, double prev, int has_latest,
			       double latest);
/* Y-axis ticks: a 'nice' step (1, 2 or 5 times a power of ten) and the
 * first and last ticks covering [lo, hi] with about target ticks.
 * Returns the number of ticks. */
int stats_nice_ticks(double lo, double hi, int target, double *first, double *step);

#endif
