#include "words.h"
#include "arena.h"
#include "format.h"

#include <math.h>
#include <stdio.h>

const char *const words_icons[] = {
	"variation-common", "variation-improvement-high", "variation-improvement-low",
	"variation-concern-high", "variation-concern-low", "variation-neither-high",
	"variation-neither-low", "assurance-pass", "assurance-fail", "assurance-hit-and-miss", NULL
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

const char *words_value_unit(struct arena *a, const struct metric *mt, double v)
{
	const char *f = words_value(a, mt, v);
	if (mt->unit == UNIT_RATE)
		return arena_printf(a, "%s per 100,000", f);
	if (mt->unit == UNIT_DAYS)
		return arena_printf(a, "%s days", f);
	return f;
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
	return p == PROGRESS_ON_TRACK ? s->on_track : p == PROGRESS_NOT_ON_TRACK ? s->not_on_track : s->no_data;
}

const char *words_progress_class(enum progress p)
{
	return p == PROGRESS_ON_TRACK ? "on-track" : p == PROGRESS_NOT_ON_TRACK ? "not-on-track" : "no-data";
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
	case SPC_COMMON: return "variation-common";
	case SPC_IMPROVEMENT: return p->side > 0 ? "variation-improvement-high" : "variation-improvement-low";
	case SPC_CONCERN: return p->side > 0 ? "variation-concern-high" : "variation-concern-low";
	case SPC_NEITHER: return p->side > 0 ? "variation-neither-high" : "variation-neither-low";
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
	case ASSURANCE_PASS: return "assurance-pass";
	case ASSURANCE_FAIL: return "assurance-fail";
	case ASSURANCE_HIT_AND_MISS: return "assurance-hit-and-miss";
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

