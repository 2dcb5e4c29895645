/* Funnel-plot limits (gen/funnel.c) against references written
 * differently here: a brute-force binomial cdf in long double with the
 * Spiegelhalter 2005 A.1.1 interpolation written out again; a chi-square
 * quantile by bisection of an incomplete-gamma series; numbers from
 * mpmath (the python is in the comments); overdispersion worked by hand. */
#include "funnel.h"
#include "harness.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

static int close_to(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fmax(fabs(want), 1e-300);
}

static void check_near(double got, double want, double rel, int line)
{
	char what[80];
	int ok = close_to(got, want, rel) && !isnan(got);

	snprintf(what, sizeof(what), "value at test_funnel.c:%d", line);
	test_check(ok, __FILE__, line, what);
	if (!ok)
		printf("  got %.17g want %.17g\n", got, want);
}
#define NEAR(got, want) check_near((got), (want), 1e-6, __LINE__)

/* Bin(N, theta) pmf at r, each term from lgammal on its own (no
 * recurrence, unlike the code under test). */
static long double binom_pmf(long N, long r, long double th)
{
	return expl(lgammal(N + 1.0L) - lgammal(r + 1.0L) - lgammal(N - r + 1.0L) +
		    r * logl(th) + (N - r) * log1pl(-th));
}

/* A.1.1: r_p smallest r with F(r) >= p; alpha = (F(r_p) - p) / (F(r_p)
 * - F(r_p - 1)); limit (r_p - alpha) / N, held at 0 when negative. */
static double ref_binomial(long N, double theta, double p)
{
	long double F = 0, prev;
	long r;

	for (r = 0; r <= N; r++) {
		prev = F;
		F += binom_pmf(N, r, theta);
		if (F >= p) {
			long double alpha = (F - p) / (F - prev);
			long double v = (r - alpha) / N;
			return v < 0 ? 0 : (double)v;
		}
	}
	return 1;
}

/* Regularised lower incomplete gamma by its series
 * P(a,x) = e^-x x^a / G(a+1) * sum_k x^k / ((a+1)...(a+k)),
 * summed until the terms are past their peak and negligible. */
static long double ref_gamma_p(long double a, long double x)
{
	long double term, sum;
	long k;

	if (x <= 0)
		return 0;
	term = expl(-x + a * logl(x) - lgammal(a + 1));
	sum = term;
	for (k = 1; !(a + k > x && term < sum * 1e-22L); k++) {
		term *= x / (a + k);
		sum += term;
	}
	return sum;
}

/* chi-square quantile: x with P(k/2, x) = p by bisection, bracketed
 * 20 sd either side of the mean so the series stays in range. */
static double ref_chi2(double p, double k)
{
	long double a = k / 2.0L, s = sqrtl(a);
	long double lo = fmaxl(0, a - 20 * s - 50), hi = a + 20 * s + 50;
	int i;

	for (i = 0; i < 200; i++) {
		long double mid = (lo + hi) / 2;
		if (mid == lo || mid == hi)
			break;
		if (ref_gamma_p(a, mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (double)(2 * (lo + hi) / 2);
}

static double ref_poisson(double theta, double n, double p)
{
	double E = theta * n;

	if (p < 0.5)
		return E > 0 ? ref_chi2(p, 2 * E) / 2 / n : 0;
	return ref_chi2(p, 2 * E + 2) / 2 / n;
}

static const double ns[] = { 10, 100, 5000, 20000 };
static const double thetas[] = { 0.05, 0.14, 0.5, 0.9 };
static const double ps[] = { 0.001, 0.025, 0.975, 0.999 };

static void binomial_grid(void)
{
	size_t i, j, k;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			for (k = 0; k < 4; k++)
				NEAR(funnel_limit(FUNNEL_PROPORTION, thetas[j], ns[i], ps[k]),
				     ref_binomial((long)ns[i], thetas[j], ps[k]));
}

/* the rate grid: theta as events per unit of n */
static void poisson_grid(void)
{
	static const double rates[] = { 0.05, 0.14, 2.5, 0.9 };
	size_t i, j, k;

	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			for (k = 0; k < 4; k++)
				NEAR(funnel_limit(FUNNEL_RATE, rates[j], ns[i], ps[k]),
				     ref_poisson(rates[j], ns[i], ps[k]));
	/* expected counts up to 2.5e7: the incomplete gamma far from its
	 * small-argument regime */
	for (j = 0; j < 4; j++)
		for (k = 0; k < 4; k++)
			NEAR(funnel_limit(FUNNEL_RATE, rates[j], 1e7, ps[k]),
			     ref_poisson(rates[j], 1e7, ps[k]));
}

/* From mpmath at 40 digits (python3, mpmath 1.3):
 *
 * from mpmath import mp, mpf, binomial, gammainc, sqrt, exp, log, loggamma
 * mp.dps = 40
 * def binlim(n, th, p, r0=0):
 *     th = mpf(th); p = mpf(p); F = mpf(0)
 *     for r in range(r0, n + 1):
 *         pmf = exp(loggamma(n+1) - loggamma(r+1) - loggamma(n-r+1)
 *                   + r*log(th) + (n-r)*log(1-th))
 *         F += pmf
 *         if F >= p:
 *             return max(mpf(0), (r - (F - p) / pmf) / n)
 * def chi2q(p, k):
 *     a = mpf(k) / 2; lo, hi = mpf(0), a + 10*sqrt(a) + 50
 *     for _ in range(200):
 *         mid = (lo + hi) / 2
 *         if gammainc(a, 0, mid, regularized=True) < p: lo = mid
 *         else: hi = mid
 *     return lo + hi
 * def poislim(th, n, p):
 *     E = mpf(th) * n
 *     if p < 0.5: return chi2q(mpf(p), 2*E) / 2 / n if E > 0 else mpf(0)
 *     return chi2q(mpf(p), 2*E + 2) / 2 / n
 * print(binlim(10, 0.5, 0.025), binlim(100, 0.05, 0.999),
 *       binlim(5000, 0.9, 0.001), binlim(20000, 0.14, 0.975))
 * # n = 1e7 from 40 sd below the mean (the mass below is < 1e-300)
 * print(binlim(10**7, 0.14, 0.001, int(1.4e6 - 40*sqrt(1.4e6*0.86))))
 * print(poislim(0.14, 10, 0.025), poislim(2.5, 100, 0.999),
 *       poislim(0.05, 5000, 0.001), poislim(0.9, 20000, 0.975),
 *       poislim(0.05, 10**7, 0.999), poislim(0.05, 10**7, 0.001))
 */
static void published(void)
{
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.5, 10, 0.025), 0.13244444444444445);
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.05, 100, 0.999), 0.12463849543797011);
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.9, 5000, 0.001), 0.88656395879732914);
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.14, 20000, 0.975), 0.14480083149676237);
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.14, 1e7, 0.001), 0.1396609708973005);
	NEAR(funnel_limit(FUNNEL_RATE, 0.14, 10, 0.025), 0.0086809738532942475);
	NEAR(funnel_limit(FUNNEL_RATE, 2.5, 100, 0.999), 3.0282060555152575);
	NEAR(funnel_limit(FUNNEL_RATE, 0.05, 5000, 0.001), 0.040794696074599924);
	NEAR(funnel_limit(FUNNEL_RATE, 0.9, 20000, 0.975), 0.91324549669524636);
	NEAR(funnel_limit(FUNNEL_RATE, 0.05, 1e7, 0.999), 0.050218897655819369);
	NEAR(funnel_limit(FUNNEL_RATE, 0.05, 1e7, 0.001), 0.049781772531579779);
}

static void edges(void)
{
	static const double pe[] = { 0, 1e-12, 0.001, 0.5, 0.999, 1 - 1e-12, 1 };
	size_t i;
	clock_t t0;
	double v;

	for (i = 0; i < 7; i++) {
		CHECK(funnel_limit(FUNNEL_PROPORTION, 0, 100, pe[i]) == 0);
		CHECK(funnel_limit(FUNNEL_PROPORTION, 1, 100, pe[i]) == 1);
		v = funnel_limit(FUNNEL_PROPORTION, 0.3, 1, pe[i]);
		CHECK(!isnan(v) && v >= 0 && v <= 1);
		v = funnel_limit(FUNNEL_PROPORTION, 0.3, 1e7, pe[i]);
		CHECK(!isnan(v) && v >= 0 && v <= 1);
		v = funnel_limit(FUNNEL_RATE, 0.3, 1e7, pe[i]);
		CHECK(!isnan(v) && v >= 0);
	}
	/* n = 1: F(0) = 0.7, F(1) = 1; below 0.7 the limit -alpha is held at
	 * 0, above it 1 - (1 - p) / theta */
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.3, 1, 0.975), 1 - 0.025 / 0.3);
	NEAR(funnel_limit(FUNNEL_PROPORTION, 0.3, 1, 0.999), 1 - 0.001 / 0.3);
	CHECK(funnel_limit(FUNNEL_PROPORTION, 0.3, 1, 0.025) == 0);
	/* a zero rate: no lower limit; upper chi2(p; 2)/2/n = -ln(1 - p)/n */
	CHECK(funnel_limit(FUNNEL_RATE, 0, 50, 0.025) == 0);
	NEAR(funnel_limit(FUNNEL_RATE, 0, 50, 0.975), -log(0.025) / 50);
	CHECK(isnan(funnel_limit(FUNNEL_PROPORTION, 0.3, 0, 0.5)));
	/* A.1.1 at p = 0: r_p = 0, alpha = 1, -1/n held at 0; at p = 1: r_p =
	 * n, alpha = 0, so 1; the same far from the mean of a large n */
	CHECK(funnel_limit(FUNNEL_PROPORTION, 0.3, 1e7, 0) == 0);
	CHECK(funnel_limit(FUNNEL_PROPORTION, 0.3, 100, 0) == 0);
	CHECK(funnel_limit(FUNNEL_PROPORTION, 0.3, 1e7, 1) == 1);
	/* the largest denominators stay fast */
	t0 = clock();
	for (i = 0; i < 4; i++) {
		v = funnel_limit(FUNNEL_PROPORTION, thetas[i], 1e7, 0.999);
		CHECK(!isnan(v));
		v = funnel_limit(FUNNEL_RATE, thetas[i], 1e7, 0.001);
		CHECK(!isnan(v));
	}
	CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
}

/* Twelve areas, theta 0.2 (V = 0.16): six with n = 100 (sd 0.04) and six
 * with n = 400 (sd 0.02), placed at chosen z-scores. */
static void overdispersion_12(void)
{
	static const double z[12] = { -3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1, 2, 2.5, 4 };
	double y[12], n[12];
	struct funnel_od od;
	size_t i;

	for (i = 0; i < 12; i++) {
		n[i] = i % 2 ? 400 : 100;
		y[i] = 0.2 + z[i] * sqrt(0.16 / n[i]);
	}
	/* 10% of 12 is 1 each side: -3 becomes -2 and 4 becomes 2.5.
	 * sum z^2 = 4 + 4 + 2.25 + 1 + 0.25 + 0 + 0.25 + 1 + 1 + 4 + 6.25 + 6.25
	 *         = 30.25; phi = 30.25 / 12. */
	funnel_overdispersion(FUNNEL_PROPORTION, FUNNEL_OD_MULTIPLICATIVE, y, n, 12, 0.2, &od);
	NEAR(od.phi, 30.25 / 12);
	CHECK(od.adjusted == 1 && od.n_used == 12 && od.tau2 == 0);
	/* the limit: 0.2 + 1.959963984540054 * sqrt(phi * 0.16 / 250) */
	NEAR(funnel_limit_od(FUNNEL_PROPORTION, &od, 0.2, 250, 0.975),
	     0.2 + 1.959963984540054 * sqrt(30.25 / 12 * 0.16 / 250));
	NEAR(funnel_limit_od(FUNNEL_PROPORTION, &od, 0.2, 250, 0.001),
	     0.2 - 3.090232306167813 * sqrt(30.25 / 12 * 0.16 / 250));
	/* random effects: w = n / V = 625 or 2500; sum w = 6 * 3125 = 18750;
	 * sum w^2 = 6 * (390625 + 6250000) = 39843750; sum w^2 / sum w = 2125;
	 * tau^2 = (I phi - (I - 1)) / (18750 - 2125) = (30.25 - 11) / 16625 */
	funnel_overdispersion(FUNNEL_PROPORTION, FUNNEL_OD_RANDOM_EFFECTS, y, n, 12, 0.2, &od);
	NEAR(od.phi, 30.25 / 12);
	NEAR(od.tau2, 19.25 / 16625);
	CHECK(od.adjusted == 1);
	NEAR(funnel_limit_od(FUNNEL_PROPORTION, &od, 0.2, 100, 0.999),
	     0.2 + 3.090232306167813 * sqrt(0.16 / 100 + 19.25 / 16625));
	/* the limits stay in [0, 1] */
	CHECK(funnel_limit_od(FUNNEL_PROPORTION, &od, 0.2, 1, 0.001) == 0);
	CHECK(funnel_limit_od(FUNNEL_PROPORTION, &od, 0.2, 1, 0.999) == 1);
}

/* Five rates (theta 4 per unit, V = 4): fewer than ten areas, so nothing
 * is winsorised. n = 1, 4, 16, 1, 4 give sd 2, 1, 0.5, 2, 1. */
static void overdispersion_small(void)
{
	static const double n[5] = { 1, 4, 16, 1, 4 };
	static const double z[5] = { 3, -1, 0.5, -2, 0 };
	double y[5];
	struct funnel_od od;
	size_t i;

	for (i = 0; i < 5; i++)
		y[i] = 4 + z[i] * sqrt(4 / n[i]);
	/* sum z^2 = 9 + 1 + 0.25 + 4 + 0 = 14.25 (the 3 kept); phi = 2.85.
	 * w = n / 4 = 0.25, 1, 4, 0.25, 1: sum 6.5, sum w^2 = 18.125,
	 * tau^2 = (14.25 - 4) / (6.5 - 18.125 / 6.5) */
	funnel_overdispersion(FUNNEL_RATE, FUNNEL_OD_RANDOM_EFFECTS, y, n, 5, 4, &od);
	NEAR(od.phi, 2.85);
	NEAR(od.tau2, 10.25 / (6.5 - 18.125 / 6.5));
	CHECK(od.n_used == 5 && od.adjusted == 1);
	/* under-dispersed: phi < 1, no widening, tau^2 0 */
	for (i = 0; i < 5; i++)
		y[i] = 4 + z[i] / 4 * sqrt(4 / n[i]);
	funnel_overdispersion(FUNNEL_RATE, FUNNEL_OD_RANDOM_EFFECTS, y, n, 5, 4, &od);
	NEAR(od.phi, 14.25 / 16 / 5);
	CHECK(od.adjusted == 0 && od.tau2 == 0);
	NEAR(funnel_limit_od(FUNNEL_RATE, &od, 4, 10, 0.975), funnel_limit(FUNNEL_RATE, 4, 10, 0.975));
	/* one area, or no method: phi 1, nothing adjusted */
	funnel_overdispersion(FUNNEL_RATE, FUNNEL_OD_MULTIPLICATIVE, y, n, 1, 4, &od);
	CHECK(od.phi == 1 && od.adjusted == 0);
	funnel_overdispersion(FUNNEL_RATE, FUNNEL_OD_NONE, y, n, 5, 4, &od);
	CHECK(od.phi == 1 && od.adjusted == 0);
	CHECK(funnel_limit_od(FUNNEL_RATE, NULL, 4, 10, 0.999) == funnel_limit(FUNNEL_RATE, 4, 10, 0.999));
}

static void verdicts(void)
{
	CHECK(funnel_verdict(0.5, 0.4, 0.6, 0.3, 0.7) == 0);
	CHECK(funnel_verdict(0.65, 0.4, 0.6, 0.3, 0.7) == 1);
	CHECK(funnel_verdict(0.75, 0.4, 0.6, 0.3, 0.7) == 2);
	CHECK(funnel_verdict(0.35, 0.4, 0.6, 0.3, 0.7) == -1);
	CHECK(funnel_verdict(0.25, 0.4, 0.6, 0.3, 0.7) == -2);
	/* on a limit is inside */
	CHECK(funnel_verdict(0.6, 0.4, 0.6, 0.3, 0.7) == 0);
	CHECK(funnel_verdict(0.3, 0.4, 0.6, 0.3, 0.7) == -1);
}

/* Denominators of 10^12 (a percentage) and 10^14 (a rate) once took
 * minutes.  At such sizes the limits are the normal ones to far better
 * than 1e-6: theta + z sd / n, with z the normal quantile written out
 * (0.999: 3.090232306167813, 0.025: -1.959963984540054). */
static void huge_denominators(void)
{
	double n = 1e12, t = 0.13, sd = sqrt(n * t * (1 - t));

	NEAR(funnel_limit(FUNNEL_PROPORTION, t, n, 0.999), t + 3.090232306167813 * sd / n);
	NEAR(funnel_limit(FUNNEL_PROPORTION, t, n, 0.025), t - 1.959963984540054 * sd / n);
	n = 1e14;
	t = 0.02;
	NEAR(funnel_limit(FUNNEL_RATE, t, n, 0.999), t + 3.090232306167813 * sqrt(t * n) / n);
	NEAR(funnel_limit(FUNNEL_RATE, t, n, 0.025), t - 1.959963984540054 * sqrt(t * n) / n);
}

int main(void)
{
	huge_denominators();
	binomial_grid();
	poisson_grid();
	published();
	edges();
	overdispersion_12();
	overdispersion_small();
	verdicts();
	return test_done("funnel");
}
