#ifndef BCF_MODEL_H
#define BCF_MODEL_H
/* The model: settings, the metric catalogue, areas, and every observation
 * and plan, loaded from metrics/ and validated, and the queries on it.
 * Everything lives in the build's arena.  load_model (load.h) drives the stages:
 * settings (site.ini), catalogue (metrics.csv, areas.csv), datafile (data/
 * and plans.csv), annotations (annotations.csv: events on the charts),
 * validate (merge and check); each has its own header. */
#include <stddef.h>
#include <stdint.h>

#include "period.h"
#include "settings.h"

struct arena;

enum unit { UNIT_COUNT, UNIT_PERCENT, UNIT_RATE, UNIT_DAYS, UNIT_NUMBER };
enum polarity { POLARITY_HIGHER, POLARITY_LOWER, POLARITY_NEUTRAL };

struct area {
	const char *code, *name;
	double population;
	int has_population;
	const char **groups;		/* areas.csv's peer groups, in the arena */
	size_t n_groups;
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

struct row_notes;

/* An event marked on a metric's trend chart (metrics/annotations.csv). */
struct annotation {
	int area;			/* index into model.areas; -1: every area */
	struct period period;
	const char *text;		/* one line, ANNOTATION_MAX_TEXT characters at most */
	int line;			/* of its row in annotations.csv */
};

/* The longest annotation text, in characters: a line under a chart. */
#define ANNOTATION_MAX_TEXT 200

struct metric {
	const char *id, *title, *short_title, *definition, *source, *group;
	enum unit unit;
	const char *unit_label;		/* the unit in full, as the catalogue says it; "" when not given */
	enum polarity polarity;
	enum period_kind frequency;
	int decimals;
	int standardised;		/* value_type standardised: not numerator/denominator */
	int lag;			/* months after a period ends before its figure
					 * is published (period_out_of_date) */
	struct period *rebase;		/* periods where a new SPC baseline starts */
	size_t n_rebase, cap_rebase;
	/* the SPC baseline (catalogue column 'baseline'): the first
	 * baseline_first figures of every stretch between rebase periods, or
	 * else the ranges base[i], in order, at most one a stretch; neither:
	 * every figure of a stretch */
	int baseline_first;
	struct period_range { struct period from, to; } *base;
	size_t n_base, cap_base;
	enum metric_chart { METRIC_XMR, METRIC_PPRIME, METRIC_UPRIME } chart;	/* 'chart' */
	int index;			/* position in the catalogue */
	int line, col;			/* of its id in metrics.csv */
	uint64_t row_hash;		/* of its row in metrics.csv: what its
					 * pages show of the catalogue */
	struct obs *obs;		/* sorted by area, then period */
	size_t n_obs, cap_obs;
	struct annotation *notes;	/* sorted by period, then file order */
	size_t n_notes, cap_notes;
};

struct model {
	struct arena *a;
	const char *dir;		/* the metrics directory */
	struct settings settings;
	struct metric *metrics;
	size_t n_metrics;
	struct area *areas;
	size_t n_areas, cap_areas;
	int has_area_list;		/* areas.csv given */
	int home, benchmark;		/* area indexes, -1 when not set */
	/* [compare] group or areas in site.ini: the areas every comparison
	 * uses ([area] 1), the home area always among them; NULL: every area */
	unsigned char *peer;
	size_t n_peers;
	const char *peer_label;		/* the group's name, or NULL for a list of codes */
	struct hash *metric_ids, *area_codes;
	struct row_notes *row_notes;	/* rownotes.h: each long file's other columns */
};

/* Every figure is less than this in size: integers up to it are held
 * exactly, and sums and charts of such figures stay finite. */
#define MODEL_MAX_FIGURE 1e15

/* Set up an empty model of the metrics folder dir, with default settings;
 * the first step of load_model, and of tests and fuzzers that go on with
 * catalogue_parse, datafile_parse and validate_observations. */
void model_init(struct model *m, struct arena *a, const char *dir);

/* The metric with this id, or NULL. */
struct metric *model_metric(const struct model *m, const char *id, size_t len);
/* The area index with this code, or -1. */
int model_area(const struct model *m, const char *code, size_t len);
/* The index of the area with code[0..len), added if new (the code copied
 * into the arena); name, which must outlive the model, or NULL, names it
 * when it has no name yet. */
int model_add_area(struct model *m, const char *code, size_t len, const char *name);
/* A new observation of mt, zeroed, at the end of its list: valid until
 * the next is added. */
struct obs *model_add_obs(struct model *m, struct metric *mt);
/* name inside the metrics folder: "dir/name", in the arena. */
const char *model_path(const struct model *m, const char *name);

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

/* Is s a safe metric id: [a-z0-9_-], 1-64 characters? */
int model_valid_id(const char *s, size_t len);
/* Can area code s name a folder: [A-Za-z0-9_-], 1-64 characters? */
int model_valid_code(const char *s, size_t len);
/* The unit as metrics.csv names it: 'rate_per_100k'; static. */
const char *model_unit_name(enum unit u);
/* Digits after the point a figure of the unit shows when metrics.csv sets
 * no decimals. */
int model_default_decimals(enum unit u);
/* Months a figure of this frequency takes to be published after its
 * period ends when metrics.csv sets no lag: 2 for a month, 3 for a
 * quarter, 6 for a year. */
int model_default_lag(enum period_kind frequency);
/* The largest lag metrics.csv may set: ten years. */
#define MODEL_MAX_LAG 120

#endif
