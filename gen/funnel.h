#ifndef BCF_FUNNEL_H
#define BCF_FUNNEL_H
/* Funnel-plot control limits (Spiegelhalter 2005): pure functions of
 * numbers, no model.  tests/unit/test_funnel.c checks them against
 * references written separately (long double sums, bisection, mpmath). */
#include <stddef.h>

enum funnel_kind { FUNNEL_PROPORTION, FUNNEL_RATE };
enum funnel_od_method { FUNNEL_OD_NONE, FUNNEL_OD_MULTIPLICATIVE, FUNNEL_OD_RANDOM_EFFECTS };

/* Control limit at tail probability p around target theta for denominator
 * n > 0, exact: binomial with interpolation (Spiegelhalter 2005, appendix
 * A.1.1) for a proportion; Poisson through the chi-square distribution
 * for a rate per unit of n. */
double funnel_limit(enum funnel_kind k, double theta, double n, double p);

struct funnel_od {
	enum funnel_od_method method;
	double phi;		/* estimated overdispersion factor */
	double tau2;		/* between-area variance (random effects) */
	int adjusted;		/* 1 when the limits are widened (phi > 1) */
	size_t n_used;		/* areas used in the estimate */
};
/* Estimate overdispersion from y[i] (same scale as theta) with
 * denominators n[i] (Spiegelhalter 2005, Qual Saf Health Care 14:347). */
void funnel_overdispersion(enum funnel_kind k, enum funnel_od_method method, const double *y,
			   const double *n, size_t count, double theta, struct funnel_od *out);
/* The limit with the adjustment od says (NULL or not adjusted:
 * funnel_limit). */
double funnel_limit_od(enum funnel_kind k, const struct funnel_od *od, double theta, double n, double p);
/* +2 above the 99.8% upper limit, +1 above the 95% upper only, 0 inside,
 * -1, -2 mirrored. */
int funnel_verdict(double y, double lo95, double hi95, double lo998, double hi998);

#endif
