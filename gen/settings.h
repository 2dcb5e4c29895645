#ifndef BCF_SETTINGS_H
#define BCF_SETTINGS_H
/* site.ini: the site's title and areas, the words for progress, the SPC
 * rules, and how to read each data file.  Knows nothing of the model: the
 * area codes and metric ids named here are checked by those who hold them. */
#include <stddef.h>

#include "period.h"

struct arena;

/* Where a setting's value is in site.ini, for messages about it; line 0
 * when it is not set there. */
struct setting_at {
	int line, col;
};

/* How to read one data file, from a [data FILE] section of site.ini. */
struct keep_rule {
	const char *column, *value;	/* keep rows whose column equals value */
};

/* The fields of the long format a [data FILE] section may set, as a
 * constant or a pattern of the file's columns ('{month} {year}'), in this
 * order: metric, area_code, area_name, period, value, numerator,
 * denominator, plan, note, lower_ci, upper_ci. */
#define SETTINGS_N_FIELDS 11
extern const char *const settings_fields[SETTINGS_N_FIELDS];

/* One field's setting: its text (NULL when unset) and where it is. */
struct field_setting {
	const char *text;
	struct setting_at at;
};

struct file_rule {
	const char *file;		/* name under data/ */
	const char *section;		/* 'FILE' or 'FILE : LABEL', for messages */
	const char *metric;		/* every row is this metric ("" when unset) */
	struct keep_rule *keep;
	size_t n_keep, cap_keep;
	const char *ignore;		/* columns not to read, comma-separated */
	int bare_year_financial;	/* '2018' means 2018-19 */
	int line;			/* where the section starts in site.ini */
	const char *sheet;		/* a workbook's sheet to read (NULL: the first) */
	int used;			/* a file of this name was read */
	struct field_setting map[SETTINGS_N_FIELDS];	/* a constant metric is also in metric */
	int header_row;			/* the line of the header, 0: the first row */
	struct setting_at header_row_at;
};

/* How a funnel plot's limits allow for overdispersion ([compare]
 * overdispersion): in the order of funnel.h's enum funnel_od_method. */
enum settings_od { SETTINGS_OD_NONE, SETTINGS_OD_MULTIPLICATIVE, SETTINGS_OD_RANDOM_EFFECTS };

struct settings {
	const char *title, *organisation, *home_area, *benchmark_area, *base_url;
	const char *notice;		/* a banner on every page, e.g. "illustrative data" */
	struct period first_period;	/* kind PERIOD_NONE when not set */
	struct setting_at home_area_at, benchmark_area_at, first_period_at;
	const char *on_track, *not_on_track, *no_data, *no_plan, *out_of_date;
	int shift_run, trend_run, min_points, screen_moving_ranges;
	/* [compare]: the peer group, or a list of codes separated by ';'
	 * ("" when unset); strict_areas: areas.csv must list every code */
	const char *compare_group, *compare_areas;
	struct setting_at compare_group_at, compare_areas_at;
	int strict_areas;
	enum settings_od overdispersion;	/* [compare] */
	struct file_rule *rules;	/* one per [data FILE] section */
	size_t n_rules, cap_rules;
};

/* Set every setting to its default (static strings); the [data FILE]
 * rules are left as they are. */
void settings_defaults(struct settings *s);
/* Read the text of site.ini (path names it in diagnostics) into *s,
 * defaults first, adding a rule per [data FILE] section; strings and rules
 * live in a.  Returns 0, or -1 after reporting every problem. */
int settings_parse(struct settings *s, struct arena *a, const char *path, const char *text, size_t len);
/* Read the file site.ini at path, as settings_parse, which must set
 * home_area.  Returns 0, or -1 after reporting (the defaults are set). */
int settings_load(struct settings *s, struct arena *a, const char *path);
/* The rule of the first [data FILE] section (or [data FILE : LABEL]) for
 * the file called name, or NULL; it lives as long as s. */
struct file_rule *settings_file_rule(const struct settings *s, const char *name);
/* The next rule for the same file after r, or NULL: several sections may
 * read one file, each as its own set of rows. */
struct file_rule *settings_next_rule(const struct settings *s, const struct file_rule *r);
/* Warn, naming site.ini at ini, about each [data FILE] section no file in
 * data_dir used. */
void settings_warn_unused(const struct settings *s, const char *ini, const char *data_dir);

#endif
