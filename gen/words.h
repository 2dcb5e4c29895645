#ifndef BCF_WORDS_H
#define BCF_WORDS_H
/* The words and figures for people that every output shares: numbers with
 * their units, periods, progress, direction, variation, assurance and
 * comparison, and the names of the icons that stand for them.  Text comes
 * back in the arena given (or is a constant); nothing here knows an output
 * format. */
#include "model.h"
#include "period.h"
#include "report.h"
#include "stats.h"

struct arena;

/* A figure for people: '2,155.3', '78.5%'. */
const char *words_value(struct arena *a, const struct metric *mt, double v);
/* A figure with its unit for sentences: '2,155.3 per 100,000', '5.8 days';
 * with the metric's unit_label, '557.7 per 100,000 people aged 65+',
 * '14.2% of spells' (for 'percent of spells'), '5.3 (delayed days per
 * day)'. */
const char *words_value_unit(struct arena *a, const struct metric *mt, double v);
/* A table cell: the figure, 'suppressed' or 'not available'. */
const char *words_cell(struct arena *a, const struct metric *mt, const struct obs *o);
/* '2018-19 Q2', '2018-19-q2', 'July to September 2018'. */
const char *words_period_label(struct arena *a, const struct period *p);
const char *words_period_slug(struct arena *a, const struct period *p);
const char *words_period_span(struct arena *a, const struct period *p);
/* '95.0 above plan', '1.2 percentage points below plan', 'on plan'. */
const char *words_plan_diff(struct arena *a, const struct metric *mt, double v, double plan);
/* The settings' words for progress against plan, and a class name. */
const char *words_progress(const struct settings *s, enum progress p);
const char *words_progress_class(enum progress p);
const char *words_direction(enum direction d);
/* 'Monthly', 'Quarterly', 'Annual'. */
const char *words_frequency(enum period_kind k);
/* 'month' or 'months' (and so on) for n of them. */
const char *words_periods(enum period_kind k, int n);
/* A point's variation as the icon's text equivalent ("" when none), and
 * the icon's name (NULL when none). */
const char *words_variation(const struct spc_point *p);
const char *words_variation_icon(const struct spc_point *p);
const char *words_assurance(enum assurance as);
const char *words_assurance_icon(enum assurance as);
/* 'better than', 'similar to', 'worse than'; NULL when not compared. */
const char *words_comparison(enum comparison cmp);
/* The codes of variation, assurance and comparison, as downloads and
 * class names write them ('improvement', 'hit_and_miss', 'not_compared';
 * "" for none): FORMATS.md's vocabulary. */
const char *words_variation_code(enum spc_variation v);
const char *words_assurance_code(enum assurance a);
const char *words_comparison_code(enum comparison c);
/* The text alternative of a metric's trend chart, of its sparkline, and
 * the plain-English summary that opens its page. */
const char *words_chart_alt(struct arena *a, const struct model *m, const struct report_metric *rm);
/* How the process limits were made, as a sentence for the chart's text
 * ('Process limits from the baseline 2015-16 Q1 to 2017-18 Q4 (12
 * points), carried forward.', and for P' the chart's name); "" for XmR
 * limits from every point. */
const char *words_spc_method(struct arena *a, const struct report_metric *rm);
/* The note under the trend chart's legend: why there are no process
 * limits, or where a P'/U' chart has none; NULL for none. */
const char *words_spc_note(struct arena *a, const struct model *m, const struct report_metric *rm);
const char *words_spark_alt(struct arena *a, const struct metric *mt, const struct series *home);
const char *words_summary(struct arena *a, const struct model *m, const struct report_metric *rm);
/* What a metric's latest figure says when it is out of date (NULL when
 * it is not): 'Out of date: no figure for the 49 months since'. */
const char *words_out_of_date(struct arena *a, const struct report_metric *rm);
/* The areas rm's comparison shows: 'every area', or with a peer group
 * 'Statistical neighbours (15 areas)' ('12 chosen areas' for a list of
 * codes), ' and Eastvale' added for a report's own area outside it. */
const char *words_compare_areas(struct arena *a, const struct model *m, const struct report_metric *rm);
/* The benchmark with its figure in the home area's latest period:
 * 'England 1,234.5' (only when rm->has_benchmark). */
const char *words_benchmark(struct arena *a, const struct model *m, const struct report_metric *rm);
/* The unit and direction that head a chart: 'Per 100,000 people aged
 * 65+. Lower is better.'; only the direction for a number without a
 * unit_label. */
const char *words_unit_sentence(struct arena *a, const struct metric *mt);
/* Every icon the words above can name; words_icons[i] is the name of
 * icon i (the file assets/icons/<name>.svg). */
enum words_icon {
	ICON_COMMON, ICON_IMPROVEMENT_HIGH, ICON_IMPROVEMENT_LOW, ICON_CONCERN_HIGH, ICON_CONCERN_LOW,
	ICON_NEITHER_HIGH, ICON_NEITHER_LOW, ICON_PASS, ICON_FAIL, ICON_HIT_AND_MISS, ICON_COUNT
};
extern const char *const words_icons[ICON_COUNT];

/* Where an area lies on a funnel plot (side from funnel_verdict, -2 to
 * +2) in words: 'significantly higher than expected' (beyond the 99.8%
 * limit), 'possibly higher than expected' (beyond the 95% limit only),
 * 'as expected', and lower likewise; static. */
const char *words_funnel_side(int side);
/* The same as the download writes it: 'significantly_higher',
 * 'possibly_higher', 'as_expected', 'possibly_lower',
 * 'significantly_lower'; static. */
const char *words_funnel_code(int side);
/* The side read through polarity: 'better' or 'worse'; NULL inside the
 * limits or when neither direction is better. */
const char *words_funnel_better(enum polarity pol, int side);
/* "significantly higher than expected (worse)": the side and, when the
 * metric has a better direction, its reading; in a. */
const char *words_funnel_verdict(struct arena *a, enum polarity pol, int side);

#endif
