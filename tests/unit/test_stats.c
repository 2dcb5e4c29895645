/* Statistics: each SPC rule and its edge cases on series built by hand;
 * each interval method against reference values computed independently
 * (tests/tools/ci_reference.py); and the published Fingertips intervals. */
#include "arena.h"
#include "csvread.h"
#include "diag.h"
#include "harness.h"
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct spc_settings defaults = { 7, 7, 12, 0 };

static void spc(const double *x, size_t n, enum polarity pol, const struct spc_settings *s,
		struct spc_point *out)
{
	unsigned char ok[64];
	memset(ok, 1, sizeof(ok));
	stats_spc(x, ok, NULL, n, pol, s, out);
}

static int close_to(double got, double want, double rel)
{
	return fabs(got - want) <= rel * fmax(fabs(want), 1e-300);
}

static void check_ci(int rc, double lo, double hi, double want_lo, double want_hi, int line)
{
	char what[64];
	snprintf(what, sizeof(what), "interval at test_stats.c:%d", line);
	test_check(rc == 0 && close_to(lo, want_lo, 1e-9) && (want_lo == 0 ? lo == 0 : 1) &&
		   close_to(hi, want_hi, 1e-9), __FILE__, line, what);
	if (!(rc == 0 && close_to(lo, want_lo, 1e-9) && close_to(hi, want_hi, 1e-9)))
		printf("  got %.17g %.17g\n  want %.17g %.17g\n", lo, hi, want_lo, want_hi);
}
#define CI(call, wl, wh) do { double lo_ = 0, hi_ = 0; int rc_ = call; (void)rc_; \
	check_ci(rc_, lo_, hi_, wl, wh, __LINE__); } while (0)

/* Does 'ours' agree with a published figure to max_digits significant
 * figures, or to the digits published when fewer were? */
static int agrees_to(double ours, const char *published, int max_digits)
{
	double pub = strtod(published, NULL);
	const char *p;
	int digits = 0, started = 0;
	double tol;

	for (p = published; *p && *p != 'e' && *p != 'E'; p++) {
		if (*p >= '1' && *p <= '9')
			started = 1;
		if (started && *p >= '0' && *p <= '9')
			digits++;
	}
	if (digits > max_digits)
		digits = max_digits;
	if (pub == 0)
		return fabs(ours) < 1e-9;
	tol = 0.5 * pow(10, floor(log10(fabs(pub))) - digits + 1);
	return fabs(ours - pub) <= tol * 1.0000001;
}

static int agrees(double ours, const char *published)
{
	return agrees_to(ours, published, 6);
}

/* Rows whose published interval was made another way, found by looking:
 * for two new councils (Cumberland, Westmorland and Furness) the interval of
 * the count itself was published, not of the rate; and one count of 12 was
 * given the exact interval, where the method says Byar from 10. */
static int made_otherwise(const char *indicator, const char *area, double x, double n)
{
	if (strcmp(indicator, "93124"))
		return 0;
	return !strcmp(area, "E06000063") || !strcmp(area, "E06000064") ||
	       (!strcmp(area, "E08000015") && x == 12 && n == 322796);
}

/* The Fingertips extract: for indicators whose intervals were made by
 * these methods (proportions by Wilson; crude rates per 100,000 by Byar,
 * exact below 10), every row with a count and denominator must agree. */
static void fingertips(const char *path)
{
	static const struct { const char *id; int rate; } inds[] = {
		{ "93474", 0 }, { "91040", 0 }, { "94063", 0 }, { "30302", 0 },	/* proportions */
		{ "41203", 1 }, { "93124", 1 },					/* crude rates */
	};
	struct arena a;
	struct csv_table t;
	size_t r, c, k;
	int col[7] = { -1, -1, -1, -1, -1, -1, -1 };	/* id, count, denominator, lower, upper, value, area */
	const char *names[7] = { "IndicatorId", "Count", "Denominator", "LowerCI", "UpperCI", "Value", "AreaCode" };
	int checked[6] = { 0 }, bad = 0, exact = 0, skipped = 0;

	arena_init(&a);
	if (csvread_file(&a, path, &t) < 0 || t.n < 2) {
		test_check(0, __FILE__, __LINE__, "the Fingertips extract in ../shared/data can be read");
		arena_release(&a);
		return;
	}
	for (c = 0; c < t.rec[0].n; c++)
		for (k = 0; k < 7; k++)
			if (!strcmp(t.rec[0].f[c].s, names[k]))
				col[k] = (int)c;
	for (r = 1; r < t.n; r++) {
		const struct csv_record *rec = &t.rec[r];
		double x, n, lo, hi;
		if (rec->n != t.rec[0].n)
			continue;
		for (k = 0; k < sizeof(inds) / sizeof(inds[0]); k++)
			if (!strcmp(rec->f[col[0]].s, inds[k].id))
				break;
		if (k == sizeof(inds) / sizeof(inds[0]) || !rec->f[col[1]].len || !rec->f[col[2]].len ||
		    !rec->f[col[3]].len)
			continue;
		x = strtod(rec->f[col[1]].s, NULL);
		n = strtod(rec->f[col[2]].s, NULL);
		if (inds[k].rate) {
			if (stats_rate_ci(x, n, 100000, STATS_Z95, &lo, &hi) < 0)
				continue;
		} else if (stats_wilson(x, n, STATS_Z95, &lo, &hi) < 0) {
			continue;
		}
		/* only intervals made from these figures: the published value
		 * is the count over the denominator, and lies in its interval */
		{
			double v = strtod(rec->f[col[5]].s, NULL), pl = strtod(rec->f[col[3]].s, NULL),
			       pu = strtod(rec->f[col[4]].s, NULL);
			if (!rec->f[col[5]].len ||
			    !agrees_to(x / n * (inds[k].rate ? 100000 : 100), rec->f[col[5]].s, 10) ||
			    v < pl || v > pu || made_otherwise(inds[k].id, rec->f[col[6]].s, x, n)) {
				skipped++;
				continue;
			}
		}
		checked[k]++;
		exact += inds[k].rate && x < 10;
		if (!agrees(lo, rec->f[col[3]].s) || !agrees(hi, rec->f[col[4]].s)) {
			if (bad++ < 5)
				printf("  Fingertips line %d: indicator %s, %g / %g: ours %.9g to %.9g, published %s to %s\n",
				       rec->line, inds[k].id, x, n, lo, hi, rec->f[col[3]].s, rec->f[col[4]].s);
		}
	}
	printf("  Fingertips rows checked: 93474 %d, 91040 %d, 94063 %d, 30302 %d (Wilson); 41203 %d, 93124 %d (Byar; %d exact Poisson); disagreeing %d; left out %d whose value or interval was made otherwise\n",
	       checked[0], checked[1], checked[2], checked[3], checked[4], checked[5], exact, bad, skipped);
	CHECK(bad == 0);
	CHECK(checked[0] > 1000 && checked[4] > 100 && checked[5] > 100 && exact > 50);
	arena_release(&a);
}

/* Laney P' (prop 1) or U' limits written out from the paper's steps, on
 * the points [0, nb) as baseline, for point k: the reference the tests
 * compare stats_spc_series with. */
static void laney_ref(const double *x, const double *n, size_t nb, int prop, double scale, size_t k,
		      double *lo, double *mid, double *hi)
{
	double sx = 0, sn = 0, pbar, z[64], mr = 0, sz, sig;
	size_t i;

	for (i = 0; i < nb; i++) {
		sx += x[i];
		sn += n[i];
	}
	pbar = sx / sn;
	for (i = 0; i < nb; i++) {
		double var = prop ? pbar * (1 - pbar) / n[i] : pbar / n[i];
		z[i] = (x[i] / n[i] - pbar) / sqrt(var);
	}
	for (i = 1; i < nb; i++)
		mr += fabs(z[i] - z[i - 1]);
	sz = mr / (double)(nb - 1) / 1.128;
	sig = sqrt(prop ? pbar * (1 - pbar) / n[k] : pbar / n[k]) * sz;
	*mid = pbar * scale;
	*lo = (pbar - 3 * sig < 0 ? 0 : pbar - 3 * sig) * scale;
	*hi = (prop && pbar + 3 * sig > 1 ? 1 : pbar + 3 * sig) * scale;
}

/* A fixed baseline, and P' and U' charts. */
static void test_baseline_laney(void)
{
	struct spc_settings s = defaults;
	struct spc_point p[64], q[64];
	struct spc_series in;
	unsigned char ok[64], base[64];
	double x[64], num[64], den[64], lo, mid, hi;
	size_t i;

	/* baseline: the first 12 of 20 give the limits, as XmR over those 12
	 * alone; a later point beyond them is flagged, and the rules still
	 * run over all 20 */
	for (i = 0; i < 20; i++) {
		x[i] = i < 12 ? 50 + (double)(i % 3) : 60;
		ok[i] = 1;
		base[i] = i < 12;
	}
	x[19] = 51;
	memset(&in, 0, sizeof(in));
	in.x = x;
	in.ok = ok;
	in.base = base;
	in.n = 20;
	CHECK(stats_spc_series(&in, POLARITY_HIGHER, &s, p) == 1);
	{
		/* 50 51 52 repeated: mean 51, moving ranges 1 1 2 ... (11 of
		 * them: 1,1,2,1,1,2,1,1,2,1,1 = 14) */
		double mean = 51, mr = 14.0 / 11;
		CHECK(close_to(p[0].mean, mean, 1e-12) && close_to(p[19].mean, mean, 1e-12));
		CHECK(close_to(p[15].upl, mean + 2.66 * mr, 1e-12) && close_to(p[15].lpl, mean - 2.66 * mr, 1e-12));
		CHECK(close_to(p[15].upper2, mean + 1.773 * mr, 1e-12));
	}
	CHECK(p[12].rule == SPC_RULE_LIMITS && p[12].variation == SPC_IMPROVEMENT && p[12].side == 1);
	CHECK(p[19].variation == SPC_COMMON && p[9].variation == SPC_COMMON && p[11].rule == SPC_RULE_SHIFT && p[0].baseline == 12);
	/* fewer baseline points than min_points: no limits anywhere */
	for (i = 0; i < 20; i++)
		base[i] = i < 11;
	CHECK(stats_spc_series(&in, POLARITY_HIGHER, &s, p) == 0);
	CHECK(!p[0].has_limits && !p[15].has_limits && p[15].variation == SPC_NONE && p[15].baseline == 11);

	/* P' by hand: x = 10, 30, 20 of n = 100, 200, 100.  p-bar = 60/400 =
	 * 0.15; sigma_1 = sqrt(.15 x .85/100) = sigma_3, sigma_2 = sigma_1/sqrt 2;
	 * z = -0.05/sigma_1, 0, +0.05/sigma_1; mean moving range 0.05/sigma_1, so
	 * sigma_z = 0.05/(1.128 sigma_1) and 3 sigma_1 sigma_z = 0.15/1.128 =
	 * 0.13297872...: limits 1.7021277% and 28.2978723% at points 1 and 3,
	 * and 15 -/+ 13.2978723/sqrt 2 = 5.5969843%, 24.4030157% at point 2 */
	s.min_points = 2;
	num[0] = 10, num[1] = 30, num[2] = 20;
	den[0] = 100, den[1] = 200, den[2] = 100;
	for (i = 0; i < 3; i++)
		x[i] = 100 * num[i] / den[i];
	memset(&in, 0, sizeof(in));
	in.x = x;
	in.ok = ok;
	in.n = 3;
	in.kind = SPC_PPRIME;
	in.num = num;
	in.den = den;
	in.scale = 100;
	CHECK(stats_spc_series(&in, POLARITY_HIGHER, &s, p) == 1);
	CHECK(close_to(p[0].lpl, 15 - 15 / 1.128, 1e-9) && close_to(p[0].upl, 15 + 15 / 1.128, 1e-9));
	CHECK(close_to(p[0].lpl, 1.702127659574465, 1e-6) && close_to(p[2].upl, 28.297872340425535, 1e-6));
	CHECK(close_to(p[1].lpl, 5.596984292732081, 1e-6) && close_to(p[1].upl, 24.403015707267915, 1e-6));
	CHECK(close_to(p[1].upper2, 15 + 10 / 1.128 / sqrt(2), 1e-9) && close_to(p[1].mean, 15, 1e-12));
	/* U' on the same counts per 100,000: the same shape, scaled */
	in.kind = SPC_UPRIME;
	in.scale = 100000;
	for (i = 0; i < 3; i++)
		x[i] = 100000 * num[i] / den[i];
	CHECK(stats_spc_series(&in, POLARITY_LOWER, &s, q) == 1);
	CHECK(close_to(q[1].lpl, 5596.984292732078, 1e-6) && close_to(q[0].upl, 28297.872340425532, 1e-6));

	/* a longer series against laney_ref: 16 points, baseline the first 12,
	 * denominators from 800 to 5,300; the last point well above */
	s = defaults;
	for (i = 0; i < 16; i++) {
		den[i] = 800 + 300 * (double)i;
		num[i] = floor(den[i] * (0.2 + 0.03 * sin((double)i * 1.7)));
		ok[i] = 1;
		base[i] = i < 12;
	}
	num[15] = den[15] * 0.4;
	for (i = 0; i < 16; i++)
		x[i] = 100 * num[i] / den[i];
	in.n = 16;
	in.kind = SPC_PPRIME;
	in.scale = 100;
	in.base = base;
	CHECK(stats_spc_series(&in, POLARITY_LOWER, &s, p) == 1);
	for (i = 0; i < 16; i++) {
		laney_ref(num, den, 12, 1, 100, i, &lo, &mid, &hi);
		CHECK(close_to(p[i].lpl, lo, 1e-6) && close_to(p[i].upl, hi, 1e-6) && close_to(p[i].mean, mid, 1e-6));
	}
	CHECK(p[15].rule == SPC_RULE_LIMITS && p[15].variation == SPC_CONCERN);
	CHECK(p[3].upl != p[4].upl);	/* limits vary with the denominator */
	in.kind = SPC_UPRIME;
	in.scale = 100000;
	for (i = 0; i < 16; i++)
		x[i] = 100000 * num[i] / den[i];
	CHECK(stats_spc_series(&in, POLARITY_LOWER, &s, p) == 1);
	for (i = 0; i < 16; i++) {
		laney_ref(num, den, 12, 0, 100000, i, &lo, &mid, &hi);
		CHECK(close_to(p[i].lpl, lo, 1e-6) && close_to(p[i].upl, hi, 1e-6) && close_to(p[i].mean, mid, 1e-6));
	}

	/* clipping: a proportion near 1 stops at 100%, a small rate at 0; a
	 * point without counts (ok 0) has no limits and is not judged */
	s.min_points = 2;
	num[0] = 98, num[1] = 50, num[2] = 99, num[3] = 5;
	den[0] = 100, den[1] = 100, den[2] = 100, den[3] = 5;
	for (i = 0; i < 4; i++) {
		x[i] = 100 * num[i] / den[i];
		ok[i] = 1;
	}
	ok[1] = 0;
	in.n = 4;
	in.base = NULL;
	in.kind = SPC_PPRIME;
	in.scale = 100;
	CHECK(stats_spc_series(&in, POLARITY_HIGHER, &s, p) == 1);
	laney_ref((const double[]){ 98, 99, 5 }, (const double[]){ 100, 100, 5 }, 3, 1, 100, 2, &lo, &mid, &hi);
	CHECK(p[3].upl == 100 && close_to(p[3].lpl, lo, 1e-6) && !p[1].has_limits && p[1].variation == SPC_NONE);
	num[0] = 1, num[1] = 9, num[2] = 2, num[3] = 1;
	den[0] = den[1] = den[2] = den[3] = 50000;
	for (i = 0; i < 4; i++) {
		x[i] = 100000 * num[i] / den[i];
		ok[i] = 1;
	}
	in.kind = SPC_UPRIME;
	in.scale = 100000;
	CHECK(stats_spc_series(&in, POLARITY_LOWER, &s, p) == 1);
	CHECK(p[0].lpl == 0 && p[0].lower2 == 0 && close_to(p[0].mean, 100000 * 13.0 / 200000, 1e-12));
}

int main(int argc, char **argv)
{
	struct spc_point p[64];
	struct spc_settings s = defaults;
	size_t i;

	/* progress: a figure without a plan for its period is not missing data */
	CHECK(stats_progress(POLARITY_LOWER, 1, 5, 1, 6) == PROGRESS_ON_TRACK);
	CHECK(stats_progress(POLARITY_HIGHER, 1, 5, 1, 6) == PROGRESS_NOT_ON_TRACK);
	CHECK(stats_progress(POLARITY_LOWER, 1, 5, 0, 0) == PROGRESS_NO_PLAN);
	CHECK(stats_progress(POLARITY_LOWER, 0, 0, 1, 6) == PROGRESS_NO_DATA);
	CHECK(stats_progress(POLARITY_LOWER, 0, 0, 0, 0) == PROGRESS_NO_DATA);
	CHECK(stats_progress(POLARITY_NEUTRAL, 1, 5, 1, 6) == PROGRESS_NO_DATA);

	/* a point outside the process limits, read through polarity */
	{
		double x[12] = { 10, 14, 10, 14, 10, 14, 10, 14, 10, 14, 10, 30 };
		spc(x, 12, POLARITY_LOWER, &s, p);
		CHECK(p[0].has_limits && close_to(p[0].mean, 160.0 / 12, 1e-12));
		CHECK(close_to(p[0].upl, 160.0 / 12 + 2.66 * 60.0 / 11, 1e-12));
		CHECK(close_to(p[0].lpl, 160.0 / 12 - 2.66 * 60.0 / 11, 1e-12));
		CHECK(close_to(p[0].upper2, 160.0 / 12 + 1.773 * 60.0 / 11, 1e-12));
		CHECK(p[11].rule == SPC_RULE_LIMITS && p[11].side == 1 && p[11].variation == SPC_CONCERN);
		for (i = 0; i < 11; i++)
			CHECK(p[i].variation == SPC_COMMON);
		spc(x, 12, POLARITY_HIGHER, &s, p);
		CHECK(p[11].variation == SPC_IMPROVEMENT);
		spc(x, 12, POLARITY_NEUTRAL, &s, p);
		CHECK(p[11].variation == SPC_NEITHER);
	}
	/* shifts at both ends of a series */
	{
		double x[14] = { 10, 12, 10, 12, 10, 12, 10, 13, 14, 13, 14, 13, 14, 13 };
		spc(x, 14, POLARITY_HIGHER, &s, p);
		for (i = 0; i < 7; i++)
			CHECK(p[i].rule == SPC_RULE_SHIFT && p[i].side == -1 && p[i].variation == SPC_CONCERN);
		for (i = 7; i < 14; i++)
			CHECK(p[i].rule == SPC_RULE_SHIFT && p[i].side == 1 && p[i].variation == SPC_IMPROVEMENT);
	}
	/* a point on the mean breaks a shift */
	{
		double x[13] = { 9, 11, 9, 11, 9, 11, 12, 13, 15, 13, 15, 13, 15 };
		spc(x, 13, POLARITY_HIGHER, &s, p);
		CHECK(p[6].mean == 12);
		for (i = 0; i < 13; i++)
			CHECK(p[i].variation == SPC_COMMON);
		s.shift_run = 6;
		spc(x, 13, POLARITY_HIGHER, &s, p);
		for (i = 0; i < 6; i++)
			CHECK(p[i].rule == SPC_RULE_SHIFT && p[i].side == -1);
		CHECK(p[6].variation == SPC_COMMON);
		for (i = 7; i < 13; i++)
			CHECK(p[i].rule == SPC_RULE_SHIFT && p[i].side == 1);
		s = defaults;
	}
	/* a trend of seven, and equal values that break one */
	{
		double x[13] = { 10, 12, 10, 12, 10, 12, 10, 10.5, 11, 11.5, 12, 12.5, 13 };
		spc(x, 13, POLARITY_LOWER, &s, p);
		for (i = 0; i < 6; i++)
			CHECK(p[i].variation == SPC_COMMON);
		for (i = 6; i < 13; i++)
			CHECK(p[i].rule == SPC_RULE_TREND && p[i].side == 1 && p[i].variation == SPC_CONCERN);
		x[9] = 11;	/* 10, 10.5, 11, 11, 12, 12.5, 13 */
		spc(x, 13, POLARITY_LOWER, &s, p);
		for (i = 0; i < 13; i++)
			CHECK(p[i].rule != SPC_RULE_TREND);
		/* a falling trend at the very start */
		{
			double y[13] = { 13, 12.5, 12, 11.5, 11, 10.5, 10, 12, 11, 12, 11, 12, 11 };
			spc(y, 13, POLARITY_LOWER, &s, p);
			for (i = 0; i < 7; i++)
				CHECK(p[i].rule == SPC_RULE_TREND && p[i].side == -1 &&
				      p[i].variation == SPC_IMPROVEMENT);
		}
	}
	/* two of three beyond the 2-sigma line: only those two are flagged */
	{
		double x[15] = { 10, 11, 10, 11, 10, 11, 10, 11, 10, 11, 10, 14, 11.2, 14, 10 };
		spc(x, 15, POLARITY_HIGHER, &s, p);
		CHECK(p[11].upper2 < 14 && p[11].upl > 14 && p[12].mean < 11.2 && p[12].upper2 > 11.2);
		CHECK(p[11].rule == SPC_RULE_TWO_OF_THREE && p[11].side == 1);
		CHECK(p[13].rule == SPC_RULE_TWO_OF_THREE && p[13].side == 1);
		CHECK(p[12].variation == SPC_COMMON);
		/* not all three on the same side of the mean: no signal */
		x[12] = 10;
		spc(x, 15, POLARITY_HIGHER, &s, p);
		CHECK(p[11].variation == SPC_COMMON && p[13].variation == SPC_COMMON);
	}
	/* too few points: no limits, no variation */
	{
		double x[11] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };
		spc(x, 11, POLARITY_HIGHER, &s, p);
		for (i = 0; i < 11; i++)
			CHECK(!p[i].has_limits && p[i].variation == SPC_NONE);
	}
	/* gaps are skipped; rebasing starts new limits */
	{
		double x[26];
		unsigned char ok[26], seg[26];
		for (i = 0; i < 26; i++) {
			x[i] = i < 13 ? 10 + (double)(i % 2) : 20 + (double)(i % 2);
			ok[i] = i != 3;
			seg[i] = i == 13;
		}
		CHECK(stats_spc(x, ok, seg, 26, POLARITY_LOWER, &s, p) == 2);
		CHECK(p[3].variation == SPC_NONE && !p[3].has_limits);
		CHECK(close_to(p[0].mean, 125.0 / 12, 1e-12) && close_to(p[20].mean, 20 + 7.0 / 13, 1e-12));
		CHECK(p[0].variation == SPC_COMMON && p[25].variation == SPC_COMMON);
		CHECK(stats_spc(x, ok, NULL, 26, POLARITY_LOWER, &s, p) == 1);
		CHECK(p[0].variation == SPC_IMPROVEMENT && p[25].variation == SPC_CONCERN);
	}
	/* screening moving ranges drops the big jump from the average */
	{
		double x[12] = { 10, 11, 10, 11, 10, 11, 30, 31, 30, 31, 30, 31 };
		struct spc_point q[12];
		spc(x, 12, POLARITY_HIGHER, &s, p);
		s.screen_moving_ranges = 1;
		spc(x, 12, POLARITY_HIGHER, &s, q);
		CHECK(close_to(p[0].upl - p[0].mean, 2.66 * 29.0 / 11, 1e-12));
		CHECK(close_to(q[0].upl - q[0].mean, 2.66 * 1.0, 1e-12));
		s = defaults;
	}
	/* assurance */
	{
		struct spc_point q;
		memset(&q, 0, sizeof(q));
		q.has_limits = 1;
		q.lpl = 80;
		q.upl = 90;
		CHECK(stats_assurance(POLARITY_HIGHER, &q, 75) == ASSURANCE_PASS);
		CHECK(stats_assurance(POLARITY_HIGHER, &q, 95) == ASSURANCE_FAIL);
		CHECK(stats_assurance(POLARITY_HIGHER, &q, 85) == ASSURANCE_HIT_AND_MISS);
		CHECK(stats_assurance(POLARITY_LOWER, &q, 75) == ASSURANCE_FAIL);
		CHECK(stats_assurance(POLARITY_LOWER, &q, 95) == ASSURANCE_PASS);
		CHECK(stats_assurance(POLARITY_NEUTRAL, &q, 95) == ASSURANCE_NONE);
		q.has_limits = 0;
		CHECK(stats_assurance(POLARITY_LOWER, &q, 95) == ASSURANCE_NONE);
	}

	/* intervals: reference values from tests/tools/ci_reference.py */
	CI(stats_wilson(0, 50, STATS_Z95, &lo_, &hi_), 0, 7.1347600178614137);
	CI(stats_wilson(7, 120, STATS_Z95, &lo_, &hi_), 2.8541009844239942, 11.55259209111327);
	CI(stats_wilson(50, 50, STATS_Z95, &lo_, &hi_), 92.86523998213859, 100.00000000000003);
	CI(stats_wilson(412, 520, STATS_Z95, &lo_, &hi_), 75.53600152454483, 82.496824027143177);
	CI(stats_wilson(1, 1000, STATS_Z95, &lo_, &hi_), 0.01765463686765369, 0.56425586599261435);
	CI(stats_rate_ci(10, 250000, 100000, STATS_Z95, &lo_, &hi_), 1.9149799536195067, 7.3565834711947478);
	CI(stats_rate_ci(320, 1216222, 100000, STATS_Z95, &lo_, &hi_), 23.506783897444343, 29.357611150109562);
	CI(stats_rate_ci(5000, 261000, 100000, STATS_Z95, &lo_, &hi_), 1862.972783243064, 1969.5590644183483);
	CI(stats_rate_ci(0, 100000, 100000, STATS_Z95, &lo_, &hi_), 0, 3.6888794902562383);
	CI(stats_rate_ci(1, 100000, 100000, STATS_Z95, &lo_, &hi_), 0.025317807057564139, 5.5716434335680312);
	CI(stats_rate_ci(3, 56000, 100000, STATS_Z95, &lo_, &hi_), 1.1047716323761199, 15.655844859633714);
	CI(stats_rate_ci(9, 322796, 100000, STATS_Z95, &lo_, &hi_), 1.2749145188434914, 5.2927556478184297);
	{
		double lo, hi;
		CHECK(stats_wilson(5, 0, STATS_Z95, &lo, &hi) < 0 && stats_wilson(6, 5, STATS_Z95, &lo, &hi) < 0);
		CHECK(stats_rate_ci(-1, 10, 100000, STATS_Z95, &lo, &hi) < 0);
		/* chi-square quantiles from published tables */
		CHECK(close_to(stats_chi2_quantile(0.95, 1), 3.841459, 1e-6));
		CHECK(close_to(stats_chi2_quantile(0.975, 10), 20.48318, 1e-6));
		CHECK(close_to(stats_chi2_quantile(0.025, 2), 0.05063562, 1e-6));
	}

	/* comparison with a benchmark through polarity */
	CHECK(stats_compare(POLARITY_LOWER, 1, 10, 12, 1, 11) == COMPARISON_SIMILAR);
	CHECK(stats_compare(POLARITY_LOWER, 1, 10, 12, 1, 13) == COMPARISON_BETTER);
	CHECK(stats_compare(POLARITY_LOWER, 1, 10, 12, 1, 9) == COMPARISON_WORSE);
	CHECK(stats_compare(POLARITY_HIGHER, 1, 10, 12, 1, 13) == COMPARISON_WORSE);
	CHECK(stats_compare(POLARITY_HIGHER, 1, 10, 12, 1, 9) == COMPARISON_BETTER);
	CHECK(stats_compare(POLARITY_NEUTRAL, 1, 10, 12, 1, 9) == COMPARISON_NOT_COMPARED);
	CHECK(stats_compare(POLARITY_LOWER, 0, 0, 0, 1, 9) == COMPARISON_NOT_COMPARED);
	CHECK(stats_compare(POLARITY_LOWER, 1, 10, 12, 0, 0) == COMPARISON_NOT_COMPARED);

	diag_init(0);
	fingertips(argc > 1 ? argv[1] : "../shared/data/fingertips_next_extract/healthdata.csv");
	test_baseline_laney();
	return test_done("stats");
}
