#include "stats.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

enum progress stats_progress(enum polarity pol, int has_value, double value, int has_plan,
			     double plan)
{
	if (!has_value || pol == POLARITY_NEUTRAL)
		return PROGRESS_NO_DATA;
	if (!has_plan)
		return PROGRESS_NO_PLAN;
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

/* ---- SPC ---- */

static void spc_limits(const double *x, const size_t *idx, size_t m, const struct spc_settings *s,
		       double *mean, double *mr)
{
	size_t i, used = 0;
	double sum = 0, mrsum = 0;

	for (i = 0; i < m; i++)
		sum += x[idx[i]];
	*mean = sum / (double)m;
	for (i = 1; i < m; i++)
		mrsum += fabs(x[idx[i]] - x[idx[i - 1]]);
	*mr = m > 1 ? mrsum / (double)(m - 1) : 0;
	if (s->screen_moving_ranges && m > 2) {
		/* moving ranges above the upper range limit say more about a
		 * special cause than about ordinary variation */
		double cut = 3.267 * *mr;
		mrsum = 0;
		for (i = 1; i < m; i++) {
			double r = fabs(x[idx[i]] - x[idx[i - 1]]);
			if (r <= cut) {
				mrsum += r;
				used++;
			}
		}
		if (used)
			*mr = mrsum / (double)used;
	}
}

static void flag(struct spc_point *p, int side, enum spc_rule rule)
{
	/* the first rule in order (limits, trend, two of three, shift) decides
	 * the side */
	if (p->rule == SPC_RULE_NONE || rule < p->rule) {
		p->rule = rule;
		p->side = side;
	}
}

/* Rules within one segment: idx[0..m) index the valid points in order. */
static void spc_rules(const double *x, const size_t *idx, size_t m, const struct spc_settings *s,
		      struct spc_point *out)
{
	size_t i, j;

	for (i = 0; i < m; i++) {
		struct spc_point *p = &out[idx[i]];
		double v = x[idx[i]];
		if (v > p->upl)
			flag(p, +1, SPC_RULE_LIMITS);
		else if (v < p->lpl)
			flag(p, -1, SPC_RULE_LIMITS);
	}
	/* trend: trend_run points, each strictly above (below) the one before
	 * within the run; an equal value ends a run */
	for (i = 0; i < m; i = j) {
		int dir = 0;
		j = i + 1;
		if (j < m)
			dir = x[idx[j]] > x[idx[i]] ? 1 : x[idx[j]] < x[idx[i]] ? -1 : 0;
		if (!dir)
			continue;
		while (j < m && (dir > 0 ? x[idx[j]] > x[idx[j - 1]] : x[idx[j]] < x[idx[j - 1]]))
			j++;
		if ((int)(j - i) >= s->trend_run) {
			size_t k;
			for (k = i; k < j; k++)
				flag(&out[idx[k]], dir, SPC_RULE_TREND);
		}
		/* the last point of a run may start the next one */
		j--;
		if (j == i)
			j++;
	}
	/* two of three beyond the same 2-sigma line, all three on that side
	 * of the mean; only the points beyond the line are flagged */
	for (i = 0; i + 2 < m; i++) {
		int side;
		for (side = -1; side <= 1; side += 2) {
			int beyond = 0, sameside = 1;
			for (j = i; j < i + 3; j++) {
				const struct spc_point *p = &out[idx[j]];
				double v = x[idx[j]];
				if (side > 0 ? v > p->upper2 : v < p->lower2)
					beyond++;
				if (side > 0 ? !(v > p->mean) : !(v < p->mean))
					sameside = 0;
			}
			if (beyond >= 2 && sameside)
				for (j = i; j < i + 3; j++) {
					const struct spc_point *p = &out[idx[j]];
					double v = x[idx[j]];
					if (side > 0 ? v > p->upper2 : v < p->lower2)
						flag(&out[idx[j]], side, SPC_RULE_TWO_OF_THREE);
				}
		}
	}
	/* shift: shift_run points in a row on one side of the mean; a point
	 * on the mean ends the run */
	for (i = 0; i < m; i = j) {
		const struct spc_point *p = &out[idx[i]];
		int side = x[idx[i]] > p->mean ? 1 : x[idx[i]] < p->mean ? -1 : 0;
		j = i + 1;
		if (!side)
			continue;
		while (j < m && (side > 0 ? x[idx[j]] > out[idx[j]].mean : x[idx[j]] < out[idx[j]].mean))
			j++;
		if ((int)(j - i) >= s->shift_run) {
			size_t k;
			for (k = i; k < j; k++)
				flag(&out[idx[k]], side, SPC_RULE_SHIFT);
		}
	}
}

/* XmR limits of one segment: the mean and mean moving range of the
 * baseline points base[0..nb), the same for every point idx[0..m). */
static int xmr_segment(const struct spc_series *in, const size_t *idx, size_t m, const size_t *base,
		       size_t nb, const struct spc_settings *s, struct spc_point *out)
{
	double mean, mr;
	size_t i;

	spc_limits(in->x, base, nb, s, &mean, &mr);
	for (i = 0; i < m; i++) {
		struct spc_point *p = &out[idx[i]];
		p->mean = mean;
		p->upl = mean + 2.66 * mr;
		p->lpl = mean - 2.66 * mr;
		p->upper2 = mean + 1.773 * mr;
		p->lower2 = mean - 1.773 * mr;
	}
	return 0;
}

/* Laney P' (U') limits of one segment.  p-bar = sum of numerators over
 * sum of denominators of the baseline; each point's binomial (Poisson)
 * sigma at its own denominator; the z-scores' moving ranges, through
 * spc_limits so that screening applies as it does to XmR, give sigma_z =
 * mean moving range / 1.128.  Limits p-bar -/+ 3 sigma_i sigma_z, clipped to
 * [0, 1] (rates at 0), in the series' scale.  -1 when p-bar leaves no
 * variation to measure (0, or 1 for a proportion). */
static int laney_segment(const struct spc_series *in, const size_t *idx, size_t m, const size_t *base,
			 size_t nb, const struct spc_settings *s, struct spc_point *out)
{
	double sx = 0, sn = 0, pbar, zmean, mr, sz, *z;
	size_t i;
	int prop = in->kind == SPC_PPRIME;

	for (i = 0; i < nb; i++) {
		sx += in->num[base[i]];
		sn += in->den[base[i]];
	}
	pbar = sn > 0 ? sx / sn : 0;
	if (!(pbar > 0) || (prop && !(pbar < 1)))
		return -1;
	z = xmalloc(in->n * sizeof(*z));
	for (i = 0; i < nb; i++) {
		size_t k = base[i];
		double sig = sqrt((prop ? pbar * (1 - pbar) : pbar) / in->den[k]);
		z[k] = (in->num[k] / in->den[k] - pbar) / sig;
	}
	spc_limits(z, base, nb, s, &zmean, &mr);
	free(z);
	sz = mr / 1.128;
	for (i = 0; i < m; i++) {
		struct spc_point *p = &out[idx[i]];
		double sig = sqrt((prop ? pbar * (1 - pbar) : pbar) / in->den[idx[i]]) * sz;
		double top = prop ? 1 : INFINITY;
		p->mean = pbar * in->scale;
		p->upl = fmin(pbar + 3 * sig, top) * in->scale;
		p->lpl = fmax(pbar - 3 * sig, 0) * in->scale;
		p->upper2 = fmin(pbar + 2 * sig, top) * in->scale;
		p->lower2 = fmax(pbar - 2 * sig, 0) * in->scale;
	}
	return 0;
}

/* Limits, rules and variation of the points idx[0..m) of one segment;
 * 1 when it has limits. */
static int spc_segment(const struct spc_series *in, size_t *idx, size_t m, size_t *base,
		       enum polarity pol, const struct spc_settings *s, struct spc_point *out)
{
	size_t i, nb = 0;
	int rc;

	for (i = 0; i < m; i++)
		if (!in->base || in->base[idx[i]])
			base[nb++] = idx[i];
	for (i = 0; i < m; i++)
		out[idx[i]].baseline = (unsigned)nb;
	if (nb < (size_t)s->min_points || nb < 2)
		return 0;
	rc = in->kind == SPC_XMR ? xmr_segment(in, idx, m, base, nb, s, out)
				 : laney_segment(in, idx, m, base, nb, s, out);
	if (rc < 0)
		return 0;
	for (i = 0; i < m; i++)
		out[idx[i]].has_limits = 1;
	spc_rules(in->x, idx, m, s, out);
	for (i = 0; i < m; i++) {
		struct spc_point *p = &out[idx[i]];
		if (!p->side)
			p->variation = SPC_COMMON;
		else if (pol == POLARITY_NEUTRAL)
			p->variation = SPC_NEITHER;
		else
			p->variation = (p->side > 0) == (pol == POLARITY_HIGHER) ? SPC_IMPROVEMENT : SPC_CONCERN;
	}
	return 1;
}

int stats_spc_series(const struct spc_series *in, enum polarity pol, const struct spc_settings *s,
		     struct spc_point *out)
{
	size_t i, start = 0, n = in->n, *idx, *base;
	int segments = 0;

	memset(out, 0, n * sizeof(*out));
	if (!n)
		return 0;
	idx = xmalloc(2 * n * sizeof(*idx));
	base = idx + n;
	while (start < n) {
		size_t end = start + 1, m = 0;
		while (end < n && !(in->segment && in->segment[end]))
			end++;
		for (i = start; i < end; i++)
			if (in->ok[i])
				idx[m++] = i;
		segments += spc_segment(in, idx, m, base, pol, s, out);
		start = end;
	}
	free(idx);
	return segments;
}

int stats_spc(const double *x, const unsigned char *ok, const unsigned char *segment, size_t n,
	      enum polarity pol, const struct spc_settings *s, struct spc_point *out)
{
	struct spc_series in;

	memset(&in, 0, sizeof(in));
	in.x = x;
	in.ok = ok;
	in.segment = segment;
	in.n = n;
	return stats_spc_series(&in, pol, s, out);
}

enum assurance stats_assurance(enum polarity pol, const struct spc_point *p, double plan)
{
	if (pol == POLARITY_NEUTRAL || !p->has_limits)
		return ASSURANCE_NONE;
	if (plan < p->lpl)
		return pol == POLARITY_HIGHER ? ASSURANCE_PASS : ASSURANCE_FAIL;
	if (plan > p->upl)
		return pol == POLARITY_HIGHER ? ASSURANCE_FAIL : ASSURANCE_PASS;
	return ASSURANCE_HIT_AND_MISS;
}



/* ---- confidence intervals ---- */

int stats_wilson(double x, double n, double z, double *lo, double *hi)
{
	double a, b, d;

	if (!(n > 0) || x < 0 || x > n)
		return -1;
	a = 2 * x + z * z;
	b = z * sqrt(z * z + 4 * x * (1 - x / n));
	d = 2 * (n + z * z);
	*lo = (a - b) / d * 100;
	*hi = (a + b) / d * 100;
	return 0;
}

/* Regularised lower incomplete gamma P(a, x): the series below a + 1, the
 * continued fraction (modified Lentz) above, as in Numerical Recipes. */
static double gamma_p(double a, double x)
{
	double gln = lgamma(a);
	/* near x = a the terms fall off only as exp(-k^2 / 2a): about
	 * 9 sqrt(a) of them are needed, so a fixed cap cut large a short */
	long i, cap = 1000 + (long)(10 * sqrt(a));

	if (x <= 0)
		return 0;
	if (x < a + 1) {
		double ap = a, sum = 1 / a, del = sum;
		for (i = 0; i < cap; i++) {
			ap += 1;
			del *= x / ap;
			sum += del;
			if (fabs(del) < fabs(sum) * 1e-16)
				break;
		}
		return sum * exp(-x + a * log(x) - gln);
	} else {
		double b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d;
		for (i = 1; i < cap; i++) {
			double an = -i * (i - a), del;
			b += 2;
			d = an * d + b;
			if (fabs(d) < 1e-300)
				d = 1e-300;
			c = b + an / c;
			if (fabs(c) < 1e-300)
				c = 1e-300;
			d = 1 / d;
			del = d * c;
			h *= del;
			if (fabs(del - 1) < 1e-16)
				break;
		}
		return 1 - exp(-x + a * log(x) - gln) * h;
	}
}

/* The standard normal deviate below which lies p: Acklam's rational
 * approximation (relative error 1.15e-9), then one step of Halley's
 * method on erfc, which leaves it within a few units in the last place.
 * Where the search for P(a, x) = p starts. */
static double normal_deviate(double p)
{
	static const double a[] = { -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
				    1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00 };
	static const double b[] = { -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
				    6.680131188771972e+01, -1.328068155288572e+01 };
	static const double c[] = { -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
				    -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00 };
	static const double d[] = { 7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
				    3.754408661907416e+00 };
	double q, r, z, e, u;

	if (!(p > 0))
		return -40;
	if (!(p < 1))
		return 40;
	if (p < 0.02425 || p > 1 - 0.02425) {
		q = sqrt(-2 * log(p < 0.5 ? p : 1 - p));
		z = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
		    ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
		if (p > 0.5)
			z = -z;
	} else {
		q = p - 0.5;
		r = q * q;
		z = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
		    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
	}
	e = 0.5 * erfc(-z / sqrt(2)) - p;
	u = e * sqrt(2 * 3.14159265358979323846) * exp(z * z / 2);
	return z - u / (1 + z * u / 2);
}

/* x with P(a, x) = p: Halley's method on P from the Wilson-Hilferty
 * approximation, inside a bracket that every step narrows, bisecting
 * whenever a step would leave it.  For the large a of a funnel plot's
 * rates the start is close and a step or two lands within a few units in
 * the last place, where bisection to the last bit worked P out sixty
 * times (it was half of a national build's time). */
static double gamma_p_inverse(double a, double p)
{
	double lo = 0, hi = HUGE_VAL, x, h = 1 / (9 * a), t, gln = lgamma(a);
	int i;

	if (!(p > 0))
		return 0;
	/* P(a, x) = p where x is a times the cube of a normal deviate's
	 * transform (Wilson and Hilferty 1931) */
	t = 1 - h + sqrt(h) * normal_deviate(p);
	x = t > 0 ? a * t * t * t : a / 2;
	for (i = 0; i < 400; i++) {
		double f = gamma_p(a, x) - p, u, next;
		int halley = 1;
		if (f == 0)
			break;
		if (f < 0)
			lo = x;
		else
			hi = x;
		/* the Newton step f / P', P' the gamma density; Halley's
		 * correction with P'' / P' = (a - 1) / x - 1 */
		u = f / exp(-x + (a - 1) * log(x) - gln);
		next = x - u / (1 - u * ((a - 1) / x - 1) / 2);
		if (!(next > lo && next < hi)) {
			next = hi < HUGE_VAL ? (lo + hi) / 2 : 2 * x + 1;
			halley = 0;
		}
		if (next == x || fabs(next - x) <= 4 * DBL_EPSILON * x)
			break;
		/* Halley's error falls as the cube of the last: after a step
		 * this small the next would be below the last place */
		if (halley && fabs(next - x) <= 1e-7 * x) {
			x = next;
			break;
		}
		x = next;
	}
	return x;
}

/* Above this many degrees of freedom the bisection would sum millions of
 * terms per step (a rate's limits at a denominator of 10^14 took minutes);
 * the Wilson-Hilferty cube-root approximation is then within 2e-8 of the
 * quantile (checked with mpmath at 1e5 and 1e6 degrees of freedom, for
 * p = 0.001 to 0.999), and closer as k grows. */
#define CHI2_EXACT_MAX_DF 2e5

double stats_normal_quantile(double p)
{
	if (p < 0.5)
		return -sqrt(2 * gamma_p_inverse(0.5, 1 - 2 * p));
	return sqrt(2 * gamma_p_inverse(0.5, 2 * p - 1));
}

double stats_chi2_quantile(double p, double k)
{
	if (k > CHI2_EXACT_MAX_DF) {
		double h = 2 / (9 * k), t = 1 - h + stats_normal_quantile(p) * sqrt(h);
		return t > 0 ? k * t * t * t : 0;
	}
	return 2 * gamma_p_inverse(k / 2, p);
}

int stats_rate_ci(double x, double n, double per, double z, double *lo, double *hi)
{
	if (!(n > 0) || x < 0)
		return -1;
	if (x < 10) {
		/* exact: the chi-square quantiles halved are Poisson means */
		double alpha = 2 * (1 - 0.5 * erfc(-z / sqrt(2)));
		*lo = x > 0 ? stats_chi2_quantile(alpha / 2, 2 * x) / 2 : 0;
		*hi = stats_chi2_quantile(1 - alpha / 2, 2 * x + 2) / 2;
	} else {
		*lo = x * pow(1 - 1 / (9 * x) - z / (3 * sqrt(x)), 3);
		*hi = (x + 1) * pow(1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)), 3);
	}
	*lo = *lo / n * per;
	*hi = *hi / n * per;
	return 0;
}

enum comparison stats_compare(enum polarity pol, int has_ci, double lo, double hi, int has_bench,
			      double bench)
{
	if (!has_ci || !has_bench || pol == POLARITY_NEUTRAL)
		return COMPARISON_NOT_COMPARED;
	if (bench >= lo && bench <= hi)
		return COMPARISON_SIMILAR;
	/* the whole interval above the benchmark */
	if (lo > bench)
		return pol == POLARITY_HIGHER ? COMPARISON_BETTER : COMPARISON_WORSE;
	return pol == POLARITY_HIGHER ? COMPARISON_WORSE : COMPARISON_BETTER;
}

