#include "validate.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "model.h"
#include "rownotes.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int obs_cmp(const void *pa, const void *pb)
{
	const struct obs *a = pa, *b = pb;
	int c;
	if (a->area != b->area)
		return a->area < b->area ? -1 : 1;
	if ((c = period_cmp(&a->period, &b->period)))
		return c;
	/* data rows before plan rows, then in file order */
	if ((a->flags & OBS_DATA) != (b->flags & OBS_DATA))
		return (a->flags & OBS_DATA) ? -1 : 1;
	if ((c = strcmp(a->path, b->path)))
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

static int same_number(unsigned fa, unsigned fb, unsigned bit, double a, double b)
{
	if ((fa & bit) != (fb & bit))
		return 0;
	return !(fa & bit) || a == b;
}

/* The figures of a data row for a message, each with as many digits as
 * tell it apart from any other: 'value 2536.0001, numerator 12'. */
static void obs_figures(const struct obs *o, char *out, size_t size)
{
	static const unsigned bits[] = { OBS_VALUE, OBS_NUMERATOR, OBS_DENOMINATOR };
	static const char *const names[] = { "value", "numerator", "denominator" };
	const double v[] = { o->value, o->numerator, o->denominator };
	size_t k, n = 0;

	out[0] = '\0';
	for (k = 0; k < 3 && n < size; k++) {
		char num[64];
		if (!(o->flags & bits[k]))
			continue;
		model_format_plain(v[k], num, sizeof(num));
		n += (size_t)snprintf(out + n, size - n, "%s%s %s", n ? ", " : "", names[k], num);
	}
	if (!n)
		snprintf(out, size, "%s", (o->flags & OBS_SUPPRESSED) ? "suppressed" : "no figure");
}

/* A data row o for the point of prev, an earlier one: a warning when the
 * copies agree, an error when they do not.  slug names the period. */
static void report_twice(const struct model *m, const struct metric *mt, const struct obs *prev,
			 const struct obs *o, const char *slug)
{
	unsigned vf = OBS_VALUE | OBS_NUMERATOR | OBS_DENOMINATOR | OBS_SUPPRESSED;

	if ((prev->flags & vf) == (o->flags & vf) &&
	    same_number(prev->flags, o->flags, OBS_VALUE, prev->value, o->value) &&
	    same_number(prev->flags, o->flags, OBS_NUMERATOR, prev->numerator, o->numerator) &&
	    same_number(prev->flags, o->flags, OBS_DENOMINATOR, prev->denominator, o->denominator)) {
		diag_warning(o->path, o->line, o->col,
			     "%s for area %s in %s is given twice (also at %s:%d); the copies agree",
			     mt->id, m->areas[o->area].code, slug, prev->path, prev->line);
	} else {
		char here[160], there[160], hint[400] = "";
		obs_figures(o, here, sizeof(here));
		obs_figures(prev, there, sizeof(there));
		if (!strcmp(o->path, prev->path))
			rownotes_keep_hint(m, o->path, prev->line, o->line, hint, sizeof(hint));
		diag_error(o->path, o->line, o->col,
			   "%s for area %s in %s is given twice with different figures: %s here, "
			   "%s at %s:%d%s",
			   mt->id, m->areas[o->area].code, slug, here, there, prev->path, prev->line, hint);
	}
}

/* Sort mt's observations and make one of each point: a second data row is
 * reported and dropped, a plan row folded into the point. */
static void merge_points(const struct model *m, struct metric *mt)
{
	size_t i, out = 0;

	if (mt->n_obs > 1)
		qsort(mt->obs, mt->n_obs, sizeof(*mt->obs), obs_cmp);
	for (i = 0; i < mt->n_obs; i++) {
		struct obs *o = &mt->obs[i];
		struct obs *prev = out ? &mt->obs[out - 1] : NULL;
		char slug[PERIOD_TEXT_MAX];

		period_label(&o->period, slug);
		if (prev && prev->area == o->area && period_cmp(&prev->period, &o->period) == 0) {
			if ((o->flags & OBS_DATA) && (prev->flags & OBS_DATA)) {
				report_twice(m, mt, prev, o, slug);
				continue;
			}
			/* a plan row: fold into the point */
			if ((prev->flags & OBS_PLAN) && prev->plan != o->plan) {
				char here[64], there[64];
				model_format_plain(o->plan, here, sizeof(here));
				model_format_plain(prev->plan, there, sizeof(there));
				diag_error(o->path, o->line, o->col,
					   "the plan for %s, area %s, %s is given twice with different figures: %s here, "
					   "%s at %s:%d",
					   mt->id, m->areas[o->area].code, slug, here, there, prev->path, prev->line);
			}
			prev->plan = o->plan;
			prev->flags |= OBS_PLAN;
			continue;
		}
		mt->obs[out++] = *o;
	}
	mt->n_obs = out;
}

/* Check the figures of a data point against each other and the unit, and
 * work out its value from numerator and denominator where none is given;
 * a given value must agree with them as far as it was rounded. */
static void check_figures(const struct metric *mt, struct obs *o)
{
	int has_nd = (o->flags & OBS_NUMERATOR) && (o->flags & OBS_DENOMINATOR);
	double scale;
	char num[64], den[64];

	model_format_plain(o->numerator, num, sizeof(num));
	model_format_plain(o->denominator, den, sizeof(den));
	if ((o->flags & OBS_NUMERATOR) && o->numerator < 0)
		diag_error(o->path, o->line, o->col, "numerator %s is negative: a count cannot be", num);
	if ((o->flags & OBS_DENOMINATOR) && o->denominator <= 0)
		diag_error(o->path, o->line, o->col, "denominator %s is not above zero", den);
	if (mt->unit == UNIT_PERCENT && has_nd && o->numerator > o->denominator)
		diag_error(o->path, o->line, o->col,
			   "numerator %s is above denominator %s for a percentage", num, den);
	scale = mt->unit == UNIT_PERCENT ? 100 : mt->unit == UNIT_RATE ? 100000 : 0;
	if (scale && !mt->standardised && has_nd && o->denominator > 0) {
		double derived = scale * o->numerator / o->denominator;
		if (!(fabs(derived) < MODEL_MAX_FIGURE)) {
			/* a tiny denominator: the rate would not be a figure */
			diag_error(o->path, o->line, o->col,
				   "numerator %s and denominator %s give a %s of 1e15 or more: "
				   "check the denominator", num, den, model_unit_words(mt->unit));
			return;
		}
		if (!(o->flags & (OBS_VALUE | OBS_SUPPRESSED))) {
			o->value = derived;
			o->flags |= OBS_VALUE | OBS_DERIVED;
		} else if ((o->flags & OBS_VALUE) &&
			   fabs(o->value - derived) > 0.5 * pow(10, -o->value_decimals) + 1e-9 * fabs(derived)) {
			char a[64], b[64];
			model_format_plain(o->value, a, sizeof(a));
			snprintf(b, sizeof(b), "%.*f", o->value_decimals + 1, derived);
			diag_error(o->path, o->line, o->col,
				   "value %s disagrees with numerator %s and denominator %s, which give %s: "
				   "check the figures, or set value_type = standardised for '%s' in metrics.csv",
				   a, num, den, b, mt->id);
		}
	}
	if (!(o->flags & (OBS_VALUE | OBS_SUPPRESSED)) && (o->flags & OBS_NUMERATOR) &&
	    !(o->flags & OBS_DENOMINATOR) && mt->unit == UNIT_COUNT) {
		o->value = o->numerator;
		o->flags |= OBS_VALUE;
	}
}

void validate_observations(struct model *m)
{
	size_t i, k;

	for (i = 0; i < m->n_metrics; i++) {
		struct metric *mt = &m->metrics[i];
		merge_points(m, mt);
		for (k = 0; k < mt->n_obs; k++)
			if (mt->obs[k].flags & OBS_DATA)
				check_figures(mt, &mt->obs[k]);
	}
}

/* The home area's latest figure of mt (not a suppressed one) without a
 * plan, when an earlier period had one (*had): its progress reads as no
 * plan, which may be a plan row forgotten when the new figure came.  NULL
 * when there is none such. */
static const struct obs *missing_plan(const struct model *m, const struct metric *mt, const struct obs **had)
{
	size_t n, k;
	const struct obs *o = model_series(mt, m->home, INT_MAX, &n);
	const struct obs *l = model_latest(o, n);

	*had = NULL;
	if (!l || !(l->flags & OBS_VALUE) || (l->flags & OBS_PLAN))
		return NULL;
	for (k = (size_t)(l - o); k-- > 0 && !*had;)
		if (o[k].flags & OBS_PLAN)
			*had = &o[k];
	return *had ? l : NULL;
}

/* Longest list of metrics in the warning for those past the first few
 * (a message is at most 1,000 characters or so). */
#define PLANS_LIST_MAX 700

/* The metrics of rest[0..n) by the period of their latest figure, in
 * order of first appearance: 'in 2018-19 Q2: a, b; in 2018-10: c'. */
static void list_by_period(struct buf *b, const struct metric *const *mts, const struct obs *const *latest, size_t n)
{
	size_t i, k, listed = 0;
	char *done = xmalloc(n + 1);

	memset(done, 0, n + 1);
	for (i = 0; i < n; i++) {
		char slug[PERIOD_TEXT_MAX];
		if (done[i])
			continue;
		period_label(&latest[i]->period, slug);
		if (b->len < PLANS_LIST_MAX)
			buf_printf(b, "%sin %s: ", i ? "; " : "", slug);
		for (k = i; k < n; k++) {
			if (done[k] || period_cmp(&latest[k]->period, &latest[i]->period))
				continue;
			done[k] = 1;
			if (b->len < PLANS_LIST_MAX) {
				buf_printf(b, "%s%s", k == i ? "" : ", ", mts[k]->id);
				listed++;
			}
		}
	}
	if (listed < n)
		buf_printf(b, " and %zu more", n - listed);
	free(done);
}

/* A warning at each of the first few such figures, as the one kind of
 * warning they are; then one naming every other metric (a new month
 * with no plans for many metrics), rather than a count alone. */
void validate_plans(const struct model *m)
{
	const struct metric **mts;
	const struct obs **latest;
	size_t i, n = 0;

	if (m->home < 0)
		return;
	mts = xmalloc((m->n_metrics + 1) * sizeof(*mts));
	latest = xmalloc((m->n_metrics + 1) * sizeof(*latest));
	for (i = 0; i < m->n_metrics; i++) {
		const struct metric *mt = &m->metrics[i];
		const struct obs *had, *l = missing_plan(m, mt, &had);
		char slug[PERIOD_TEXT_MAX], last[PERIOD_TEXT_MAX];
		if (!l)
			continue;
		if (n++ >= DIAG_KIND_SHOWN) {
			mts[n - DIAG_KIND_SHOWN - 1] = mt;
			latest[n - DIAG_KIND_SHOWN - 1] = l;
			continue;
		}
		period_label(&l->period, slug);
		period_label(&had->period, last);
		diag_warning(l->path, l->line, l->col,
			     "%s for area %s in %s, its latest figure, has no plan, though earlier periods have one "
			     "(the last for %s)",
			     mt->id, m->areas[m->home].code, slug, last);
	}
	if (n > DIAG_KIND_SHOWN) {
		struct buf rest;
		buf_init(&rest);
		list_by_period(&rest, mts, latest, n - DIAG_KIND_SHOWN);
		diag_warning(NULL, 0, 0,
			     "%zu more metrics' latest figures for area %s have no plan, though earlier periods have "
			     "one: %s", n - DIAG_KIND_SHOWN, m->areas[m->home].code, rest.s);
		buf_release(&rest);
	}
	free(mts);
	free(latest);
}

/* The home area's latest figure of mt when it is out of date as of the
 * end of month asof, else NULL. */
static const struct obs *out_of_date(const struct model *m, const struct metric *mt, int asof)
{
	size_t n;
	const struct obs *o = model_series(mt, m->home, asof, &n), *l = model_latest(o, n);

	return l && period_out_of_date(&l->period, mt->lag, asof) ? l : NULL;
}

/* Each metric whose latest figure is out of date, named once: the first
 * few at their rows, the rest in one warning that names every one (the
 * usual "... and N more like" would leave them unnamed). */
void validate_out_of_date(const struct model *m, const struct period *quarter)
{
	int asof = period_end_month(quarter), shown = 0;
	char last[PERIOD_TEXT_MAX], q[PERIOD_TEXT_MAX];
	struct buf rest;
	size_t i, n_rest = 0;

	if (m->home < 0)
		return;
	period_label(quarter, q);
	buf_init(&rest);
	for (i = 0; i < m->n_metrics; i++) {
		const struct metric *mt = &m->metrics[i];
		const struct obs *l = out_of_date(m, mt, asof);
		if (!l)
			continue;
		period_label(&l->period, last);
		if (shown++ < DIAG_KIND_SHOWN) {
			diag_warning(l->path, l->line, l->col,
				     "%s for area %s has no figure after %s: it is out of date in the latest report, "
				     "%s, which ends %d months after it (add the newer figures; if they come out more "
				     "than %d months after their period, set the metric's lag in metrics.csv)",
				     mt->id, m->areas[m->home].code, last, q, period_months_since(&l->period, asof),
				     mt->lag);
			continue;
		}
		buf_printf(&rest, "%s%s (%s)", n_rest++ ? ", " : "", mt->id, last);
	}
	if (n_rest)
		diag_warning(NULL, 0, 0, "%zu more metrics for area %s are out of date in the latest report, %s "
			     "(each with its last figure): %s", n_rest, m->areas[m->home].code, q, rest.s);
	buf_release(&rest);
}
