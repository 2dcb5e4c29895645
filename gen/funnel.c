/* Funnel plot limits and overdispersion (funnel.h); tested against
 * independent references in tests/unit/test_funnel.c. */
#include "funnel.h"
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Above this standard deviation (in counts) the walk below would take
 * hundreds of thousands of terms per limit (a denominator of 10^12 took
 * minutes), and the binomial is so close to its skew-corrected normal
 * approximation that the limit differs by far less than a millionth of the
 * figure. */
#define BINOMIAL_WALK_MAX_SD 1e4

/* The binomial limit, Spiegelhalter 2005 A.1.1, walking the pmf from far
 * below the mean (the pmf by recurrence from one lgamma). */
static double binomial_limit(double theta, double n, double p)
{
	double N = floor(n + 0.5), mu, sd, r, lo, pmf, F = 0, Fprev, q;

	if (N < 1)
		N = 1;
	if (theta <= 0)
		return 0;
	if (theta >= 1)
		return 1;
	/* the walk starts far below the mean, where F already passes p = 0:
	 * A.1.1 gives -1/N there, held at 0 */
	if (p <= 0)
		return 0;
	mu = N * theta;
	sd = sqrt(N * theta * (1 - theta));
	if (sd > BINOMIAL_WALK_MAX_SD) {
		/* Cornish-Fisher: the normal quantile corrected for skewness;
		 * the interpolated limit is the continuous quantile less the
		 * half count the cdf's steps put it above */
		double z = stats_normal_quantile(p), g = (1 - 2 * theta) / sd;
		double x = mu + (z + (z * z - 1) * g / 6) * sd - 0.5;
		return fmin(1, fmax(0, x / N));
	}
	lo = fmax(0, floor(mu - 12 * sd - 10));
	q = theta / (1 - theta);
	pmf = exp(lgamma(N + 1) - lgamma(lo + 1) - lgamma(N - lo + 1) + lo * log(theta) + (N - lo) * log1p(-theta));
	for (r = lo; r <= N; r++) {
		Fprev = F;
		F += pmf;
		if (F >= p) {
			double alpha = (F - p) / (F - Fprev);
			return fmax(0, (r - alpha) / N);
		}
		pmf *= (N - r) / (r + 1) * q;
	}
	return 1;
}

double funnel_limit(enum funnel_kind k, double theta, double n, double p)
{
	double E;

	if (!(n > 0))
		return NAN;
	if (k == FUNNEL_PROPORTION)
		return binomial_limit(theta, n, p);
	E = theta * n;
	if (p < 0.5)
		return E > 0 ? stats_chi2_quantile(p, 2 * E) / 2 / n : 0;
	return stats_chi2_quantile(p, 2 * E + 2) / 2 / n;
}

static double variance(enum funnel_kind k, double theta)
{
	return k == FUNNEL_PROPORTION ? theta * (1 - theta) : theta;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void funnel_overdispersion(enum funnel_kind k, enum funnel_od_method method, const double *y,
			   const double *n, size_t count, double theta, struct funnel_od *out)
{
	double V = variance(k, theta), *z, sw = 0, sw2 = 0, s = 0, I;
	size_t i, cut;

	memset(out, 0, sizeof(*out));
	out->method = method;
	out->phi = 1;
	if (method == FUNNEL_OD_NONE || count < 2 || !(V > 0))
		return;
	z = malloc(count * sizeof(*z));
	if (!z)
		abort();
	for (i = 0; i < count; i++) {
		z[i] = (y[i] - theta) / sqrt(V / n[i]);
		sw += n[i] / V;
		sw2 += (n[i] / V) * (n[i] / V);
	}
	qsort(z, count, sizeof(*z), dcmp);
	cut = count / 10;
	for (i = 0; i < cut; i++) {
		z[i] = z[cut];
		z[count - 1 - i] = z[count - 1 - cut];
	}
	for (i = 0; i < count; i++)
		s += z[i] * z[i];
	free(z);
	I = (double)count;
	out->n_used = count;
	out->phi = s / I;
	if (method == FUNNEL_OD_RANDOM_EFFECTS && I * out->phi > I - 1)
		out->tau2 = (I * out->phi - (I - 1)) / (sw - sw2 / sw);
	out->adjusted = out->phi > 1;
}

double funnel_limit_od(enum funnel_kind k, const struct funnel_od *od, double theta, double n, double p)
{
	double V = variance(k, theta), z, se, v;

	if (!od || !od->adjusted || od->method == FUNNEL_OD_NONE)
		return funnel_limit(k, theta, n, p);
	z = sqrt(stats_chi2_quantile(1 - 2 * fmin(p, 1 - p), 1)) * (p < 0.5 ? -1 : 1);
	se = od->method == FUNNEL_OD_MULTIPLICATIVE ? sqrt(od->phi * V / n) : sqrt(V / n + od->tau2);
	v = theta + z * se;
	if (v < 0)
		v = 0;
	if (k == FUNNEL_PROPORTION && v > 1)
		v = 1;
	return v;
}

int funnel_verdict(double y, double lo95, double hi95, double lo998, double hi998)
{
	if (y > hi998)
		return 2;
	if (y > hi95)
		return 1;
	if (y < lo998)
		return -2;
	if (y < lo95)
		return -1;
	return 0;
}
