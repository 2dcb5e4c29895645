#ifndef BCF_MODEL_H
#define BCF_MODEL_H
/* The model: settings, the metric catalogue, areas, and every observation
 * and plan, loaded from metrics/ and validated.  Everything lives in the
 * build's arena. */
#include <stddef.h>

#include "period.h"

struct arena;

enum unit { UNIT_COUNT, UNIT_PERCENT, UNIT_RATE, UNIT_DAYS, UNIT_NUMBER };
enum polarity { POLARITY_HIGHER, POLARITY_LOWER, POLARITY_NEUTRAL };

/* What a cell held. */
enum cell_kind { CELL_NUMBER, CELL_MISSING, CELL_SUPPRESSED, CELL_BAD };

/* Where a setting's value is in site.ini, for messages about it; line 0
 * when it is not set there. */
struct setting_at {
	int line, col;
};

struct settings {
	const char *title, *organisation, *home_area, *benchmark_area, *base_url;
	const char *notice;		/* a banner on every page, e.g. "illustrative data" */
	struct period first_period;	/* kind PERIOD_NONE when not set */
	struct setting_at home_area_at, benchmark_area_at, first_period_at;
	const char *on_track, *not_on_track, *no_data;
	int shift_run, trend_run, min_points, screen_moving_ranges;
};

/* How to read one data file, from a [data FILE] section of site.ini. */
struct keep_rule {
	const char *column, *value;	/* keep rows whose column equals value */
};

struct file_rule {
	const char *file;		/* name under data/ */
	const char *metric;		/* every row is this metric ("" when unset) */
	struct keep_rule *keep;
	size_t n_keep, cap_keep;
	const char *ignore;		/* columns not to warn about, comma-separated */
	int bare_year_financial;	/* '2018' means 2018-19 */
	int line;			/* where the section starts in site.ini */
	int used;			/* a file of this name was read */
};

struct area {
	const char *code, *name;
	double population;
	int has_population;
};

/* flags of an observation */
#define OBS_VALUE (1u << 0)		/* value known (given or derived) */
#define OBS_NUMERATOR (1u << 1)
#define OBS_DENOMINATOR (1u << 2)
#define OBS_PLAN (1u << 3)
#define OBS_SUPPRESSED (1u << 4)	/* the value was suppressed at source */
#define OBS_DATA (1u << 5)		/* a data row named this point */
#define OBS_DERIVED (1u << 6)		/* value worked out from numerator and denominator */
#define OBS_CI (1u << 7)		/* a published interval came with the figure */

struct obs {
	int area;			/* index into model.areas */
	struct period period;
	double value, numerator, denominator, plan;
	double lower_ci, upper_ci;	/* when OBS_CI: published with the figure */
	unsigned flags;
	unsigned char value_decimals;	/* digits after the point in the value as given */
	const char *note;
	const char *path;		/* where the data (or else the plan) came from */
	int line, col;
};

struct metric {
	const char *id, *title, *short_title, *definition, *source, *group;
	enum unit unit;
	enum polarity polarity;
	enum period_kind frequency;
	int decimals;
	int standardised;		/* value_type standardised: not numerator/denominator */
	struct period *rebase;		/* periods where a new SPC baseline starts */
	size_t n_rebase, cap_rebase;
	int index;			/* position in the catalogue */
	int line, col;			/* of its id in metrics.csv */
	struct obs *obs;		/* sorted by area, then period */
	size_t n_obs, cap_obs;
};

struct model {
	struct arena *a;
	const char *dir;		/* the metrics directory */
	struct settings settings;
	struct metric *metrics;
	size_t n_metrics;
	struct area *areas;
	size_t n_areas, cap_areas;
	int has_area_list;		/* areas.csv given: no other codes allowed */
	int home, benchmark;		/* area indexes, -1 when not set */
	struct file_rule *rules;
	size_t n_rules, cap_rules;
	struct hash *metric_ids, *area_codes;
};

/* Load and validate everything under dir (site.ini, metrics.csv, areas.csv,
 * data/ CSV files, plans.csv).  Every problem is reported through diag.
 * Returns 0, or -1 if any error was reported. */
int model_load(struct model *m, struct arena *a, const char *dir);

/* The steps of model_load, for tests and fuzzing: set up an empty model
 * with default settings; add a catalogue or one data file (name is its
 * file name, which may stand for its metric) from memory; sort, merge and
 * check the observations.  The adders return 0 or -1 (reported). */
void model_init(struct model *m, struct arena *a, const char *dir);
int model_add_catalogue(struct model *m, const char *path, const char *data, size_t len);
int model_add_data(struct model *m, const char *path, const char *name, const char *data, size_t len);
void model_finish(struct model *m);

/* Read settings from the text of site.ini (path names it in diagnostics)
 * into m->settings and m->rules, defaults first.  m->a must be set.
 * Returns 0, or -1 after reporting every problem. */
int model_settings_parse(struct model *m, const char *path, const char *text, size_t len);

/* The metric with this id, or NULL. */
struct metric *model_metric(const struct model *m, const char *id, size_t len);
/* The area index with this code, or -1. */
int model_area(const struct model *m, const char *code, size_t len);

/* The observations of one area of a metric whose periods end on or before
 * the month index asof_end (INT_MAX: all).  Returns the first and sets *n;
 * valid until the arena is released. */
const struct obs *model_series(const struct metric *mt, int area, int asof_end, size_t *n);
/* The latest observation with a value (or suppressed) in a series; NULL if
 * none. */
const struct obs *model_latest(const struct obs *o, size_t n);
/* Month index of the end of the latest (first) period with a figure or a
 * suppressed one, or -1. */
int model_last_data_month(const struct model *m);
int model_first_data_month(const struct model *m);

/* Every figure is less than this in size: integers up to it are held
 * exactly, and sums and charts of such figures stay finite. */
#define MODEL_MAX_FIGURE 1e15

/* Classify one cell: a number (spaces, thousands separators and a trailing
 * '%' allowed), missing (blank, NA) or suppressed (*, c, .., :, x, [c],
 * [x], -); CELL_BAD otherwise. */
enum cell_kind model_parse_cell(const char *s, size_t len, double *out);
/* Is s a safe metric id: [a-z0-9_-], 1-64 characters? */
int model_valid_id(const char *s, size_t len);
/* Can area code s name a folder: [A-Za-z0-9_-], 1-64 characters? */
int model_valid_code(const char *s, size_t len);

/* The value formatted for people, with thousands separators and the
 * metric's decimals: '2,155.3', '78.5%'. */
void model_format_value(const struct metric *mt, double v, char *out, size_t size);
/* The unit in words: 'per 100,000 population', 'percent'. */
const char *model_unit_words(enum unit u);
const char *model_unit_name(enum unit u);
const char *model_polarity_words(enum polarity p);
/* Shortest text that reads back as exactly v, plain ('.' point, no
 * exponent for ordinary magnitudes). */
void model_format_plain(double v, char *out, size_t size);

#endif
