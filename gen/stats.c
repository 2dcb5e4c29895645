#include "stats.h"

#include <math.h>

enum progress stats_progress(enum polarity pol, int has_value, double value, int has_plan,
			     double plan)
{
	if (!has_value || !has_plan || pol == POLARITY_NEUTRAL)
		return PROGRESS_NO_DATA;
	if (pol == POLARITY_HIGHER)
		return value >= plan ? PROGRESS_ON_TRACK : PROGRESS_NOT_ON_TRACK;
	return value <= plan ? PROGRESS_ON_TRACK : PROGRESS_NOT_ON_TRACK;
}

enum direction stats_direction(enum polarity pol, int has_prev, double prev, int has_latest,
			       double latest)
{
	if (!has_prev || !has_latest)
		return DIRECTION_NONE;
	if (latest == prev)
		return DIRECTION_SAME;
	if (pol == POLARITY_NEUTRAL)
		return DIRECTION_CHANGED;
	if ((latest > prev) == (pol == POLARITY_HIGHER))
		return DIRECTION_BETTER;
	return DIRECTION_WORSE;
}

int stats_nice_ticks(double lo, double hi, int target, double *first, double *step)
{
	double range, raw, mag, f, s;
	int n;

	if (target < 2)
		target = 2;
	if (!(hi > lo)) {
		double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
		lo -= pad;
		hi += pad;
	}
	range = hi - lo;
	raw = range / (target - 1);
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
	s *= mag;
	*first = floor(lo / s + 1e-9) * s;
	n = (int)ceil((hi - *first) / s - 1e-9) + 1;
	if (n < 2)
		n = 2;
	*step = s;
	return n;
}
