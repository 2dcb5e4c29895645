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

struct file_rule {
	const char *file;		/* name under data/ */
	const char *metric;		/* every row is this metric ("" when unset) */
	struct keep_rule *keep;
	size_t n_keep, cap_keep;
	const char *ignore;		/* columns not to warn about, comma-separated */
	int bare_year_financial;	/* '2018' means 2018-19 */
	int line;			/* where the section starts in site.ini */
	const char *sheet;		/* a workbook's sheet to read (NULL: the first) */
	int used;			/* a file of this name was read */
};

struct settings {
	const char *title, *organisation, *home_area, *benchmark_area, *base_url;
	const char *notice;		/* a banner on every page, e.g. "illustrative data" */
	struct period first_period;	/* kind PERIOD_NONE when not set */
	struct setting_at home_area_at, benchmark_area_at, first_period_at;
	const char *on_track, *not_on_track, *no_data, *no_plan, *out_of_date;
	int shift_run, trend_run, min_points, screen_moving_ranges;
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
/* The rule of the [data FILE] section for the file called name, or NULL;
 * it lives as long as s. */
struct file_rule *settings_file_rule(const struct settings *s, const char *name);
/* Warn, naming site.ini at ini, about each [data FILE] section no file in
 * data_dir used. */
void settings_warn_unused(const struct settings *s, const char *ini, const char *data_dir);

#endif
