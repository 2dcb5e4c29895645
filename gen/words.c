#include "words.h"
#include "buf.h"
#include "arena.h"
#include "format.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const words_icons[ICON_COUNT] = {
	[ICON_COMMON] = "variation-common",
	[ICON_IMPROVEMENT_HIGH] = "variation-improvement-high",
	[ICON_IMPROVEMENT_LOW] = "variation-improvement-low",
	[ICON_CONCERN_HIGH] = "variation-concern-high",
	[ICON_CONCERN_LOW] = "variation-concern-low",
	[ICON_NEITHER_HIGH] = "variation-neither-high",
	[ICON_NEITHER_LOW] = "variation-neither-low",
	[ICON_PASS] = "assurance-pass",
	[ICON_FAIL] = "assurance-fail",
	[ICON_HIT_AND_MISS] = "assurance-hit-and-miss",
};

const char *words_value(struct arena *a, const struct metric *mt, double v)
{
	char tmp[64];
	model_format_value(mt, v, tmp, sizeof(tmp));
	return arena_strdup(a, tmp);
}

const char *words_period_label(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_label(p, tmp);
	return arena_strdup(a, tmp);
}

const char *words_period_slug(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_slug(p, tmp);
	return arena_strdup(a, tmp);
}

const char *words_period_span(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_span(p, tmp);
	return arena_strdup(a, tmp);
}

/* Without a unit_label, the unit's own words; with one, the label, which
 * says the unit in full ('per 100,000 people aged 65+' replaces 'per
 * 100,000', never follows it).  A label starting with 'per' reads on
 * from the figure; a percentage's 'percent' or '%' is the figure's own
 * sign; any other label goes in brackets, which read whatever it says. */
const char *words_value_unit(struct arena *a, const struct metric *mt, double v)
{
	const char *f = words_value(a, mt, v), *u = mt->unit_label;
	size_t k;

	if (!u || !*u) {
		if (mt->unit == UNIT_RATE)
			return arena_printf(a, "%s per 100,000", f);
		if (mt->unit == UNIT_DAYS)
			return arena_printf(a, "%s days", f);
		return f;
	}
	if (!strncasecmp(u, "per ", 4))
		return arena_printf(a, "%s %s", f, u);
	k = !strncasecmp(u, "percent", 7) ? 7 : *u == '%' ? 1 : 0;
	if (mt->unit == UNIT_PERCENT && k && (u[k] == ' ' || !u[k]))
		return arena_printf(a, "%s%s", f, u + k);
	return arena_printf(a, "%s (%s)", f, u);
}

const char *words_plan_diff(struct arena *a, const struct metric *mt, double v, double plan)
{
	struct metric plainm = *mt;
	char tmp[64];
	double d = v - plan;

	if (fabs(d) < 0.5 * pow(10, -mt->decimals))
		return "on plan";
	plainm.unit = UNIT_NUMBER;
	model_format_value(&plainm, fabs(d), tmp, sizeof(tmp));
	if (mt->unit == UNIT_PERCENT)
		return arena_printf(a, "%s percentage points %s plan", tmp, d > 0 ? "above" : "below");
	if (plan != 0)
		return arena_printf(a, "%s (%.1f%%) %s plan", tmp, fabs(d) / fabs(plan) * 100,
				    d > 0 ? "above" : "below");
	return arena_printf(a, "%s %s plan", tmp, d > 0 ? "above" : "below");
}

const char *words_progress(const struct settings *s, enum progress p)
{
	switch (p) {
	case PROGRESS_ON_TRACK: return s->on_track;
	case PROGRESS_NOT_ON_TRACK: return s->not_on_track;
	case PROGRESS_NO_PLAN: return s->no_plan;
	case PROGRESS_OUT_OF_DATE: return s->out_of_date;
	case PROGRESS_NO_DATA: break;
	}
	return s->no_data;
}

const char *words_progress_class(enum progress p)
{
	switch (p) {
	case PROGRESS_ON_TRACK: return "on-track";
	case PROGRESS_NOT_ON_TRACK: return "not-on-track";
	case PROGRESS_NO_PLAN: return "no-plan";
	case PROGRESS_OUT_OF_DATE: return "out-of-date";
	case PROGRESS_NO_DATA: break;
	}
	return "no-data";
}

const char *words_direction(enum direction d)
{
	switch (d) {
	case DIRECTION_BETTER: return "Improved";
	case DIRECTION_WORSE: return "Worsened";
	case DIRECTION_SAME: return "No change";
	case DIRECTION_CHANGED: return "Changed";
	default: return "Not available";
	}
}

const char *words_frequency(enum period_kind k)
{
	return k == PERIOD_MONTH ? "Monthly" : k == PERIOD_QUARTER ? "Quarterly" : "Annual";
}

const char *words_cell(struct arena *a, const struct metric *mt, const struct obs *o)
{
	if (o->flags & OBS_SUPPRESSED)
		return "suppressed";
	if (!(o->flags & OBS_VALUE))
		return "not available";
	return words_value(a, mt, o->value);
}

/* Words for a point's variation, as the icon's text equivalent. */
const char *words_variation(const struct spc_point *p)
{
	const char *side = p->side > 0 ? "higher than expected" : "lower than expected";
	switch (p->variation) {
	case SPC_COMMON: return "Common cause: no significant change";
	case SPC_IMPROVEMENT: return p->side > 0 ? "Special cause improvement: higher than expected"
						 : "Special cause improvement: lower than expected";
	case SPC_CONCERN: return p->side > 0 ? "Special cause concern: higher than expected"
					     : "Special cause concern: lower than expected";
	case SPC_NEITHER: return p->side > 0 ? "Special cause variation: higher than expected"
					     : "Special cause variation: lower than expected";
	default: (void)side; return "";
	}
}

const char *words_variation_icon(const struct spc_point *p)
{
	switch (p->variation) {
	case SPC_COMMON: return words_icons[ICON_COMMON];
	case SPC_IMPROVEMENT: return words_icons[p->side > 0 ? ICON_IMPROVEMENT_HIGH : ICON_IMPROVEMENT_LOW];
	case SPC_CONCERN: return words_icons[p->side > 0 ? ICON_CONCERN_HIGH : ICON_CONCERN_LOW];
	case SPC_NEITHER: return words_icons[p->side > 0 ? ICON_NEITHER_HIGH : ICON_NEITHER_LOW];
	default: return NULL;
	}
}

const char *words_assurance(enum assurance as)
{
	switch (as) {
	case ASSURANCE_PASS: return "Will consistently meet the plan";
	case ASSURANCE_FAIL: return "Will consistently miss the plan";
	case ASSURANCE_HIT_AND_MISS: return "Will sometimes meet and sometimes miss the plan";
	default: return "";
	}
}

const char *words_assurance_icon(enum assurance as)
{
	switch (as) {
	case ASSURANCE_PASS: return words_icons[ICON_PASS];
	case ASSURANCE_FAIL: return words_icons[ICON_FAIL];
	case ASSURANCE_HIT_AND_MISS: return words_icons[ICON_HIT_AND_MISS];
	default: return NULL;
	}
}

const char *words_comparison(enum comparison cmp)
{
	switch (cmp) {
	case COMPARISON_BETTER: return "better than";
	case COMPARISON_SIMILAR: return "similar to";
	case COMPARISON_WORSE: return "worse than";
	default: return NULL;
	}
}

const char *words_periods(enum period_kind k, int n)
{
	if (k == PERIOD_MONTH)
		return n == 1 ? "month" : "months";
	if (k == PERIOD_QUARTER)
		return n == 1 ? "quarter" : "quarters";
	return n == 1 ? "year" : "years";
}


/* The trend chart's text alternative. */
const char *words_chart_alt(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home;
	const struct period *axis = rm->axis;
	size_t n = rm->n;
	const char *who = rm->area >= 0 ? m->areas[rm->area].name : "";
	struct buf b;
	const char *r;

	if (!n || !home->latest)
		return arena_printf(a, "Chart of %s for %s: no data yet.", mt->title, who);
	buf_init(&b);
	buf_printf(&b, "Line chart of %s for %s, %s to %s.", mt->title, who, words_period_label(a, &axis[0]),
		   words_period_label(a, &axis[n - 1]));
	if (home->latest->flags & OBS_VALUE) {
		buf_printf(&b, " The latest figure, for %s, is %s", words_period_label(a, &home->latest->period),
			   words_value_unit(a, mt, home->latest->value));
		if (home->prev && (home->prev->flags & OBS_VALUE)) {
			double d = home->latest->value - home->prev->value;
			buf_printf(&b, ", %s %s in %s", d > 0 ? "up from" : d < 0 ? "down from" : "the same as",
				   words_value(a, mt, home->prev->value), words_period_label(a, &home->prev->period));
		}
		if (home->latest->flags & OBS_PLAN)
			buf_printf(&b, "; the plan was %s", words_value(a, mt, home->latest->plan));
		buf_adds(&b, ".");
	}
	buf_adds(&b, words_spc_method(a, rm));
	if (rm->n_notes)
		buf_printf(&b, " Numbered markers show %zu event%s, listed with the chart.", rm->n_notes,
			   rm->n_notes == 1 ? "" : "s");
	r = arena_strndup(a, b.s, b.len);
	buf_release(&b);
	return r;
}

/* The first and last baseline figure of the stretch that holds point li
 * of home, and how many; 0 when it has none. */
static unsigned baseline_span(const struct series *home, size_t li, size_t *first, size_t *last)
{
	unsigned n = 0;
	size_t k;

	for (k = 0; k < home->n; k++)
		if (home->ps[k].segment == home->ps[li].segment && home->ps[k].in_baseline) {
			if (!n++)
				*first = k;
			*last = k;
		}
	return n;
}

const char *words_spc_method(struct arena *a, const struct report_metric *rm)
{
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home;
	const char *kind = mt->chart == METRIC_PPRIME ? " P\u2032 chart (Laney): the process limits vary with each "
						     "period's denominator."
			 : mt->chart == METRIC_UPRIME ? " U\u2032 chart (Laney): the process limits vary with each "
							"period's denominator."
						      : "";
	size_t li, first = 0, last = 0;
	unsigned n;

	if (!rm->lp || !rm->lp->spc.has_limits || (!mt->baseline_first && !mt->n_base))
		return kind;
	li = (size_t)(rm->lp - home->ps);
	n = baseline_span(home, li, &first, &last);
	if (!n)
		return kind;
	return arena_printf(a, "%s Process limits from the baseline %s to %s (%u points)%s.", kind,
			    words_period_label(a, &home->o[first].period), words_period_label(a, &home->o[last].period),
			    n, last < li ? ", carried forward" : "");
}

const char *words_spc_note(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home;
	const char *why = NULL;
	size_t k, uncounted = 0;

	if (home->valid && (!rm->lp || !rm->lp->spc.has_limits)) {
		unsigned base = rm->lp ? rm->lp->spc.baseline : 0;
		if ((mt->baseline_first || mt->n_base) && rm->lp)
			why = arena_printf(a, "No process limits: the baseline has %u figure%s so far, %d needed", base,
					   base == 1 ? "" : "s", m->settings.min_points);
		else if (mt->chart != METRIC_XMR && rm->lp)
			why = arena_printf(a, "No process limits: %u figure%s with numerator and denominator, %d needed",
					   base, base == 1 ? "" : "s", m->settings.min_points);
		else
			why = arena_printf(a, "No process limits: %d figure%s, %d needed", home->valid,
					   home->valid == 1 ? "" : "s", m->settings.min_points);
	}
	if (mt->chart != METRIC_XMR)
		for (k = 0; k < home->n; k++)
			uncounted += (home->o[k].flags & OBS_VALUE) &&
				     !((home->o[k].flags & OBS_NUMERATOR) && (home->o[k].flags & OBS_DENOMINATOR) &&
				       home->o[k].denominator > 0);
	if (uncounted)
		return arena_printf(a, "%s%sNo limits for %zu figure%s without numerator and denominator", why ? why : "",
				    why ? "; " : "", uncounted, uncounted == 1 ? "" : "s");
	return why;
}

/* The sparkline's text: where the series starts and ends. */
const char *words_spark_alt(struct arena *a, const struct metric *mt, const struct series *home)
{
	const struct obs *first = NULL;
	size_t k, n = 0;

	for (k = 0; k < home->n; k++)
		if (home->o[k].flags & OBS_VALUE) {
			if (!first)
				first = &home->o[k];
			n++;
		}
	if (!first || !home->latest || !(home->latest->flags & OBS_VALUE))
		return "Trend: not enough figures to draw";
	if (first == home->latest)
		return arena_printf(a, "Trend: one figure, %s in %s", words_value(a, mt, first->value),
				    words_period_label(a, &first->period));
	return arena_printf(a, "Trend of %zu figures, from %s in %s to %s in %s", n, words_value(a, mt, first->value),
			    words_period_label(a, &first->period), words_value(a, mt, home->latest->value),
			    words_period_label(a, &home->latest->period));
}

/* The plain-English summary that opens a metric page. */
const char *words_summary(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home, *bench = rm->bench;
	struct buf h;
	const struct obs *l = home->latest;
	const struct point_stats *ps;
	enum assurance as;
	const char *r;
	size_t li;

	if (!l)
		return arena_printf(a, "There are no figures for %s yet.", mt->short_title);
	li = (size_t)(l - home->o);
	ps = &home->ps[li];
	buf_init(&h);
	if (l->flags & OBS_VALUE)
		buf_printf(&h, "%s: %s in %s", mt->short_title, words_value_unit(a, mt, l->value), words_period_label(a, &l->period));
	else
		buf_printf(&h, "The figure for %s was suppressed to protect confidentiality",
			   words_period_label(a, &l->period));
	if ((l->flags & OBS_PLAN) && (l->flags & OBS_VALUE))
		buf_printf(&h, ", %s (the plan was %s)", words_plan_diff(a, mt, l->value, l->plan),
			   words_value(a, mt, l->plan));
	buf_adds(&h, ".");
	if (rm->out_of_date)
		buf_printf(&h, " It is out of date: there is no figure for the %d %s since%s.", rm->months_since,
			   words_periods(PERIOD_MONTH, rm->months_since),
			   l->flags & OBS_PLAN ? ", so progress against the plan is not assessed" : "");
	if (l->flags & OBS_VALUE) {
		const struct spc_point *p = &ps->spc;
		const char *kind = p->variation == SPC_IMPROVEMENT ? "special cause improvement"
				 : p->variation == SPC_CONCERN ? "special cause concern"
				 : "special cause variation";
		if (!p->has_limits) {
			if (mt->baseline_first || mt->n_base)
				buf_printf(&h, " There are too few figures in the baseline to judge variation (%u of "
					   "the %d needed).", p->baseline, m->settings.min_points);
			else if (mt->chart != METRIC_XMR)
				buf_printf(&h, " There are too few figures with numerator and denominator to judge "
					   "variation (%u of the %d needed).", p->baseline, m->settings.min_points);
			else
				buf_printf(&h, " There are too few figures to judge variation (%d of the %d needed).",
					   home->valid, m->settings.min_points);
		} else if (p->variation == SPC_COMMON) {
			buf_adds(&h, " The latest figure is within the usual range of variation (common cause).");
		} else {
			/* how many points in a row share the latest one's rule and side */
			size_t k = li, run = 0;
			while (k < home->n && home->ps[k].spc.rule == p->rule && home->ps[k].spc.side == p->side) {
				run++;
				if (k == 0)
					break;
				k--;
				while (k > 0 && !(home->o[k].flags & OBS_VALUE))
					k--;
			}
			switch (p->rule) {
			case SPC_RULE_LIMITS:
				buf_printf(&h, " The latest figure is %s the process limits: %s.",
					   p->side > 0 ? "above" : "below", kind);
				break;
			case SPC_RULE_TREND:
				buf_printf(&h, " The last %zu %s each %s: %s.", run, words_periods(mt->frequency, 2),
					   p->side > 0 ? "rose" : "fell", kind);
				break;
			case SPC_RULE_TWO_OF_THREE:
				buf_printf(&h, " Two of the last three figures were near the %s process limit: %s.",
					   p->side > 0 ? "upper" : "lower", kind);
				break;
			default:
				buf_printf(&h, " The last %zu %s were %s the average: %s.", run,
					   words_periods(mt->frequency, 2), p->side > 0 ? "above" : "below", kind);
			}
		}
		/* no forecast from a figure out of date */
		as = rm->out_of_date ? ASSURANCE_NONE : ps->assurance;
		if (as == ASSURANCE_PASS)
			buf_adds(&h, " If nothing changes, the plan will be met consistently.");
		else if (as == ASSURANCE_FAIL)
			buf_adds(&h, " If nothing changes, the plan will be missed consistently.");
		else if (as == ASSURANCE_HIT_AND_MISS)
			buf_adds(&h, " If nothing changes, the plan will sometimes be met and sometimes missed.");
		if (words_comparison(ps->cmp)) {
			const struct obs *bo = report_find(bench, &l->period);
			buf_printf(&h, " It %s %s %s (%s), allowing for chance.", rm->out_of_date ? "was then" : "is",
				   words_comparison(ps->cmp), m->areas[m->benchmark].name,
				   words_value(a, mt, bo->value));
		}
	}
	r = arena_strndup(a, h.s, h.len);
	buf_release(&h);
	return r;
}

const char *words_out_of_date(struct arena *a, const struct report_metric *rm)
{
	if (!rm->out_of_date)
		return NULL;
	return arena_printf(a, "Out of date: no figure for the %d %s since", rm->months_since,
			    words_periods(PERIOD_MONTH, rm->months_since));
}

const char *words_compare_areas(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	const char *set, *own = "";

	if (!m->peer)
		return "every area";
	set = m->peer_label ? arena_printf(a, "%s (%zu area%s)", m->peer_label, m->n_peers, m->n_peers == 1 ? "" : "s")
			    : arena_printf(a, "%zu chosen area%s", m->n_peers, m->n_peers == 1 ? "" : "s");
	if (rm->area >= 0 && !m->peer[rm->area])
		own = arena_printf(a, " and %s", m->areas[rm->area].name);
	return arena_printf(a, "%s%s", set, own);
}

const char *words_benchmark(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	return arena_printf(a, "%s %s", m->areas[m->benchmark].name, words_value(a, rm->mt, rm->benchmark_value));
}

const char *words_variation_code(enum spc_variation v)
{
	switch (v) {
	case SPC_COMMON: return "common";
	case SPC_IMPROVEMENT: return "improvement";
	case SPC_CONCERN: return "concern";
	case SPC_NEITHER: return "neither";
	default: return "";
	}
}

const char *words_assurance_code(enum assurance a)
{
	switch (a) {
	case ASSURANCE_PASS: return "pass";
	case ASSURANCE_FAIL: return "fail";
	case ASSURANCE_HIT_AND_MISS: return "hit_and_miss";
	default: return "";
	}
}

const char *words_comparison_code(enum comparison c)
{
	switch (c) {
	case COMPARISON_BETTER: return "better";
	case COMPARISON_SIMILAR: return "similar";
	case COMPARISON_WORSE: return "worse";
	case COMPARISON_NOT_COMPARED: return "not_compared";
	default: return "";
	}
}

const char *words_funnel_side(int side)
{
	switch (side) {
	case 2: return "significantly higher than expected";
	case 1: return "possibly higher than expected";
	case -1: return "possibly lower than expected";
	case -2: return "significantly lower than expected";
	default: return "as expected";
	}
}

const char *words_funnel_code(int side)
{
	switch (side) {
	case 2: return "significantly_higher";
	case 1: return "possibly_higher";
	case -1: return "possibly_lower";
	case -2: return "significantly_lower";
	default: return "as_expected";
	}
}

const char *words_funnel_better(enum polarity pol, int side)
{
	if (!side || pol == POLARITY_NEUTRAL)
		return NULL;
	return (side > 0) == (pol == POLARITY_HIGHER) ? "better" : "worse";
}

const char *words_funnel_verdict(struct arena *a, enum polarity pol, int side)
{
	const char *b = words_funnel_better(pol, side);
	return b ? arena_printf(a, "%s (%s)", words_funnel_side(side), b) : words_funnel_side(side);
}

const char *words_unit_sentence(struct arena *a, const struct metric *mt)
{
	const char *u = model_unit_label(mt), *better = model_polarity_words(mt->polarity);
	size_t len = strlen(u);

	/* 'Number.' would say nothing */
	if (mt->unit == UNIT_NUMBER && !(mt->unit_label && *mt->unit_label))
		return arena_printf(a, "%s.", better);
	return arena_printf(a, "%c%s%s %s.", toupper((unsigned char)u[0]), u + 1, u[len - 1] == '.' ? "" : ".",
			    better);
}
