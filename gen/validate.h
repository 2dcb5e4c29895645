#ifndef BCF_VALIDATE_H
#define BCF_VALIDATE_H
/* The observations as loaded become series: sorted, a point given twice
 * merged (or refused when the copies differ), plan rows folded into their
 * points, the figures checked against each other and the value worked out
 * from numerator and denominator where the unit says how. */

struct model;
struct period;

/* Do so for every metric of m, reporting each problem through diag at the
 * row it came from; afterwards each metric's obs are sorted by area, then
 * period, one per point. */
void validate_observations(struct model *m);
/* Warn, once per metric, when the home area's latest figure (m->home set;
 * a value, not a suppressed one) has no plan for its period although an
 * earlier period has one. */
void validate_plans(const struct model *m);
/* Warn, once per metric, when the home area's latest figure (m->home set)
 * is out of date in the report of quarter (period_out_of_date with the
 * metric's lag): build and check call it for the latest report only, so
 * that no earlier report, and no other area, repeats it. */
void validate_out_of_date(const struct model *m, const struct period *quarter);

#endif
