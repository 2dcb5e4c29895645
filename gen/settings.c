#include "settings.h"
#include "arena.h"
#include "buf.h"
#include "cell.h"
#include "csvread.h"
#include "diag.h"

#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The longest site.ini line accepted. */
#define SETTINGS_MAX_LINE 4096

/* site.ini being read: inih's stream, and where its current line is. */
struct ini_state {
	struct settings *s;
	struct arena *a;
	const char *path;
	const char *text;
	size_t len, pos;
	int newlines;		/* line ends handed to inih so far */
	int line;		/* the line the current key = value started on */
	size_t line_start;	/* where that line starts in text */
	const char *bad_section;	/* the unknown section last reported */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* inih's reader: hand over the text a line at a time, counting lines
 * ourselves because this inih reports none to the handler. */
static char *settings_read_line(char *str, int num, void *stream)
{
	struct ini_state *st = stream;
	size_t n = 0;

	if (st->pos >= st->len || num < 2)
		return NULL;
	if (st->pos == 0 || st->text[st->pos - 1] == '\n') {
		st->line = st->newlines + 1;
		st->line_start = st->pos;
	}
	while (st->pos < st->len && n < (size_t)num - 1) {
		char c = st->text[st->pos++];
		str[n++] = c;
		if (c == '\n') {
			st->newlines++;
			break;
		}
	}
	str[n] = '\0';
	return str;
}

/* The column (in characters) where the value of the current line's
 * 'key = value' starts, as inih splits it: after the first '=' or ':'. */
static int value_col(const struct ini_state *st)
{
	size_t i = st->line_start;
	int col = 1;

	while (i < st->len && st->text[i] != '\n' && st->text[i] != '=' && st->text[i] != ':')
		i++;
	if (i >= st->len || st->text[i] == '\n')
		return 0;
	for (i++; i < st->len && is_space(st->text[i]); i++)
		;
	for (; i > st->line_start; i--)
		if (((unsigned char)st->text[i - 1] & 0xC0) != 0x80)
			col++;
	return col;
}

static struct setting_at here(const struct ini_state *st)
{
	struct setting_at at;
	at.line = st->line;
	at.col = value_col(st);
	return at;
}

static int ini_int(struct ini_state *st, const char *name, const char *value, int lo, int hi,
		   int *out)
{
	char *end;
	long v;
	errno = 0;
	v = strtol(value, &end, 10);
	if (!*value || *end || errno || v < lo || v > hi) {
		diag_error(st->path, st->line, value_col(st), "%s = '%s' is not a whole number from %d to %d",
			   name, value, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

const char *const settings_fields[SETTINGS_N_FIELDS] = {
	"metric", "area_code", "area_name", "period", "value", "numerator",
	"denominator", "plan", "note", "lower_ci", "upper_ci",
};

struct file_rule *settings_file_rule(const struct settings *s, const char *name)
{
	size_t i;
	for (i = 0; i < s->n_rules; i++)
		if (!strcmp(s->rules[i].file, name))
			return &s->rules[i];
	return NULL;
}

struct file_rule *settings_next_rule(const struct settings *s, const struct file_rule *r)
{
	size_t i;
	for (i = (size_t)(r - s->rules) + 1; i < s->n_rules; i++)
		if (!strcmp(s->rules[i].file, r->file))
			return &s->rules[i];
	return NULL;
}

/* The rule of [data FILE] or [data FILE : LABEL] (section is what follows
 * 'data '), added when this is its first line. */
static struct file_rule *rule_for(struct ini_state *st, const char *section)
{
	struct settings *s = st->s;
	const char *colon = strrchr(section, ':'), *file = section, *label = "";
	size_t fl = colon ? (size_t)(colon - section) : strlen(section), ll = 0, i;
	struct file_rule *r;
	char *name;

	cell_trim(&file, &fl);
	if (colon) {
		label = colon + 1;
		ll = strlen(label);
		cell_trim(&label, &ll);
	}
	name = arena_printf(st->a, ll ? "%.*s : %.*s" : "%.*s%.*s", (int)fl, file, (int)ll, label);
	for (i = 0; i < s->n_rules; i++)
		if (!strcmp(s->rules[i].section, name))
			return &s->rules[i];
	s->rules = arena_grow(st->a, s->rules, sizeof(*s->rules), &s->cap_rules, s->n_rules + 1);
	r = &s->rules[s->n_rules++];
	memset(r, 0, sizeof(*r));
	r->file = arena_strndup(st->a, file, fl);
	r->section = name;
	r->line = st->line;
	return r;
}

/* A key of a [data FILE] section that sets a field of the long format:
 * 1 when name is one (kept in r), 0 otherwise. */
static int data_field(struct ini_state *st, struct file_rule *r, const char *name, const char *v)
{
	size_t i;
	for (i = 0; i < SETTINGS_N_FIELDS; i++)
		if (!strcmp(name, settings_fields[i])) {
			r->map[i].text = v;
			r->map[i].at = here(st);
			if (i == 0 && !strchr(v, '{'))
				r->metric = v;
			return 1;
		}
	return 0;
}

/* 'Column=value; Column=value' into keep conditions */
static void parse_keep(struct ini_state *st, struct file_rule *r, const char *v)
{
	struct arena *a = st->a;
	while (*v) {
		const char *end = strchr(v, ';'), *eq;
		size_t len = end ? (size_t)(end - v) : strlen(v), nl, vl;
		const char *name;
		eq = memchr(v, '=', len);
		if (!eq) {
			diag_error(st->path, st->line, value_col(st),
				   "keep = '%.*s': expected 'Column=value', several separated by ';'", (int)len, v);
			return;
		}
		name = v;
		nl = (size_t)(eq - v);
		cell_trim(&name, &nl);
		eq++;
		vl = len - (size_t)(eq - v);
		cell_trim(&eq, &vl);
		if (!nl) {
			diag_error(st->path, st->line, value_col(st), "keep = '%.*s': the column name is missing",
				   (int)len, v);
			return;
		}
		r->keep = arena_grow(a, r->keep, sizeof(*r->keep), &r->cap_keep, r->n_keep + 1);
		r->keep[r->n_keep].column = arena_strndup(a, name, nl);
		r->keep[r->n_keep].value = arena_strndup(a, eq, vl);
		r->n_keep++;
		v += len;
		if (*v == ';')
			v++;
	}
}

/* Every setting, by section ("data" for each [data FILE]): the one list
 * of the keys there are, which messages about an unknown one name.  A new
 * setting is a row here (at the end of its section's rows) and its
 * meaning in settings_handle. */
static const struct {
	const char *section, *key;
} settings_keys[] = {
	{ "site", "title" }, { "site", "organisation" }, { "site", "home_area" },
	{ "site", "benchmark_area" }, { "site", "base_url" }, { "site", "notice" },
	{ "site", "first_period" },
	{ "progress", "on_track" }, { "progress", "not_on_track" }, { "progress", "no_data" },
	{ "progress", "no_plan" }, { "progress", "out_of_date" },
	{ "spc", "shift_run" }, { "spc", "trend_run" }, { "spc", "min_points" },
	{ "spc", "screen_moving_ranges" },
	{ "compare", "overdispersion" }, { "compare", "group" }, { "compare", "areas" },
	{ "compare", "strict_areas" },
	{ "data", "metric" }, { "data", "area_code" }, { "data", "area_name" }, { "data", "period" },
	{ "data", "value" }, { "data", "numerator" }, { "data", "denominator" }, { "data", "plan" },
	{ "data", "note" }, { "data", "lower_ci" }, { "data", "upper_ci" }, { "data", "header_row" },
	{ "data", "sheet" },
	{ "data", "keep" }, { "data", "ignore" }, { "data", "bare_year" },
};
#define SETTINGS_N_KEYS (sizeof(settings_keys) / sizeof(settings_keys[0]))

/* The sections, as messages name them. */
static const char *const settings_sections[] = { "site", "progress", "spc", "compare", "data FILE" };
#define SETTINGS_N_SECTIONS (sizeof(settings_sections) / sizeof(settings_sections[0]))

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Edits (insert, delete, change, swap two neighbours) from a to b, ignoring
 * case; more than 9 counts as 9.  Names are cut at 32 characters. */
static int edit_distance(const char *a, const char *b)
{
	int d[33][33];
	size_t la = strlen(a), lb = strlen(b), i, j;

	if (la > 32)
		la = 32;
	if (lb > 32)
		lb = 32;
	for (i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int cost = lower(a[i - 1]) != lower(b[j - 1]), v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[la][lb] > 9 ? 9 : d[la][lb];
}

/* Whether got is near enough to want to be a slip for it: a few edits
 * (one for a short name), or the start of it ('benchmark'). */
static int near_name(const char *got, const char *want)
{
	size_t lg = strlen(got);
	int d = edit_distance(got, want);
	return d <= (lg <= 4 ? 1 : 2) || (lg >= 4 && !strncasecmp(got, want, lg));
}

/* The kind of a section, as settings_keys names it, or NULL. */
static const char *section_kind(const char *section)
{
	size_t i;
	if (!strncmp(section, "data ", 5))
		return "data";
	for (i = 0; i + 1 < SETTINGS_N_SECTIONS; i++)
		if (!strcmp(section, settings_sections[i]))
			return settings_sections[i];
	return NULL;
}

/* The column where the current line's key starts. */
static int key_col(const struct ini_state *st)
{
	size_t i = st->line_start;
	while (i < st->len && is_space(st->text[i]))
		i++;
	return (int)(i - st->line_start) + 1;
}

/* The line of the section header above the current line (inih does not
 * say where a section starts). */
static int header_line(const struct ini_state *st)
{
	size_t i = st->line_start;
	int line = st->line;

	while (i > 0) {
		size_t start = i - 1;
		while (start > 0 && st->text[start - 1] != '\n')
			start--;
		line--;
		while (start < i && is_space(st->text[start]))
			start++;
		if (start < i && st->text[start] == '[')
			return line;
		i = start;
		while (i > 0 && st->text[i - 1] != '\n')
			i--;
	}
	return st->line;
}

/* 0 when section and its key name are known; else -1 after reporting,
 * once per unknown section, with the nearest known name and the list. */
static int settings_check_key(struct ini_state *st, const char *section, const char *name)
{
	const char *kind = section_kind(section), *near = NULL;
	struct buf list;
	size_t i, n = 0, k = 0;

	if (!kind) {
		if (st->bad_section && !strcmp(st->bad_section, section))
			return -1;
		st->bad_section = arena_strdup(st->a, section);
		for (i = 0; i < SETTINGS_N_SECTIONS && !near; i++)
			if (near_name(section, settings_sections[i]))
				near = settings_sections[i];
		diag_error(st->path, header_line(st), 1, "unknown section [%s]%s%s%s: expected [site], [progress], "
			   "[spc] or [data FILE]", section, near ? " (did you mean [" : "", near ? near : "",
			   near ? "]?)" : "");
		return -1;
	}
	for (i = 0; i < SETTINGS_N_KEYS; i++)
		if (!strcmp(settings_keys[i].section, kind)) {
			if (!strcmp(settings_keys[i].key, name))
				return 0;
			n++;
		}
	buf_init(&list);
	for (i = 0; i < SETTINGS_N_KEYS; i++) {
		if (strcmp(settings_keys[i].section, kind))
			continue;
		if (!near && near_name(name, settings_keys[i].key))
			near = settings_keys[i].key;
		k++;
		buf_printf(&list, "%s%s", k == 1 ? "" : k == n ? " or " : ", ", settings_keys[i].key);
	}
	for (i = 0; i < SETTINGS_N_KEYS && !near; i++)
		if (!strcmp(settings_keys[i].key, name)) {
			/* in the wrong section */
			diag_error(st->path, st->line, key_col(st), "setting '%s' belongs under [%s], not [%s]: "
				   "expected here %s", name, !strcmp(settings_keys[i].section, "data") ?
				   "data FILE" : settings_keys[i].section, section, list.s);
			buf_release(&list);
			return -1;
		}
	diag_error(st->path, st->line, key_col(st), "unknown setting '%s' in [%s]%s%s%s: expected %s",
		   name, section, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "",
		   list.s);
	buf_release(&list);
	return -1;
}

/* A true or false setting into *out; reported when it is neither. */
static void ini_bool(struct ini_state *st, const char *name, const char *v, int *out)
{
	if (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes"))
		*out = 1;
	else if (!strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "no"))
		*out = 0;
	else
		diag_error(st->path, st->line, value_col(st), "%s = '%s': expected true or false", name, v);
}

/* A key of [compare]; -1 when it is not one.  The group and the areas
 * are checked against areas.csv once the model is loaded (load.c); only
 * one of them may say which areas to compare with. */
static int compare_setting(struct ini_state *st, const char *name, const char *v)
{
	struct settings *s = st->s;
	int other;

	if (!strcmp(name, "strict_areas")) {
		ini_bool(st, name, v, &s->strict_areas);
		return 0;
	}
	if (!strcmp(name, "overdispersion")) {
		if (!strcmp(v, "none"))
			s->overdispersion = SETTINGS_OD_NONE;
		else if (!strcmp(v, "multiplicative"))
			s->overdispersion = SETTINGS_OD_MULTIPLICATIVE;
		else if (!strcmp(v, "random_effects"))
			s->overdispersion = SETTINGS_OD_RANDOM_EFFECTS;
		else
			diag_error(st->path, st->line, value_col(st), "overdispersion = '%s': expected none, "
				   "multiplicative or random_effects", v);
		return 0;
	}
	if (strcmp(name, "group") && strcmp(name, "areas"))
		return -1;
	other = !strcmp(name, "group") ? s->compare_areas_at.line : s->compare_group_at.line;
	if (other) {
		diag_error(st->path, st->line, key_col(st), "[compare] sets both group and areas (the other "
			   "on line %d): expected one of them, the group's name or a list of area codes", other);
		return 0;
	}
	if (!*v) {
		diag_error(st->path, st->line, value_col(st) ? value_col(st) : key_col(st),
			   "%s is empty: expected %s, or no %s line to compare with every area", name,
			   !strcmp(name, "group") ? "a group named in areas.csv" : "area codes separated by ';'", name);
		return 0;
	}
	if (!strcmp(name, "group")) {
		s->compare_group = v;
		s->compare_group_at = here(st);
	} else {
		s->compare_areas = v;
		s->compare_areas_at = here(st);
	}
	return 0;
}

/* base_url as the feed, the sitemap and every page's tags write it: an
 * absolute http:// or https:// URL with a host, no query or fragment, no
 * spaces or control characters, ending in '/' (added when missing, so
 * that a page's path follows it).  Refused: reported, and "". */
static const char *base_url(struct ini_state *st, const char *v)
{
	const char *host, *p;
	size_t len = strlen(v);

	if (!*v)
		return "";
	host = !strncmp(v, "https://", 8) ? v + 8 : !strncmp(v, "http://", 7) ? v + 7 : NULL;
	for (p = v; *p && (unsigned char)*p > 0x20 && *p != 0x7f && *p != '?' && *p != '#' && *p != '"' &&
		    *p != '<' && *p != '>' && *p != '\\'; p++)
		;
	if (!host || !*host || *host == '/' || *host == ':' || *p) {
		diag_error(st->path, st->line, value_col(st) + (*p && host ? (int)(p - v) : 0),
			   "base_url = '%s' is not the site's address: expected an absolute http:// or https:// "
			   "URL with a host and no spaces, query (?) or fragment (#), such as "
			   "https://example.org/bcf/", v);
		return "";
	}
	/* a user name and password (user:pw@host): every page, the feed
	 * and the sitemap would publish them */
	for (p = host; *p && *p != '/' && *p != '@'; p++)
		;
	if (*p == '@') {
		diag_error(st->path, st->line, value_col(st) + (int)(host - v),
			   "base_url = '%s' holds a user name or password (before '@'), which every page would "
			   "publish: expected the address alone, such as https://example.org/bcf/", v);
		return "";
	}
	/* a host of other letters (IDN) in its own letters: percent-encoded
	 * in the PDF's links, as a URI must be, it names no host; so the
	 * ASCII form that DNS knows it by */
	for (p = host; *p && *p != '/' && (unsigned char)*p < 0x80; p++)
		;
	if (*p && *p != '/') {
		diag_error(st->path, st->line, value_col(st) + (int)(p - v),
			   "base_url = '%s' has a host that is not ASCII: expected its ASCII form, the IDNA "
			   "'xn--' name (https://xn--exmple-cua.org/ for https://ex\xc3\xa4mple.org/)", v);
		return "";
	}
	return v[len - 1] == '/' ? v : arena_printf(st->a, "%s/", v);
}

static int settings_handle(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	struct settings *s = st->s;
	const char *v;

	if (!strncmp(section, "data ", 5)) {
		/* the section's rule, even when its only key is unknown */
		const char *file = section + 5;
		while (*file == ' ')
			file++;
		rule_for(st, file);
	}
	if (settings_check_key(st, section, name) < 0)
		return 1;
	v = arena_strdup(st->a, value);
	if (!strcmp(section, "site")) {
		if (!strcmp(name, "title")) s->title = v;
		else if (!strcmp(name, "organisation")) s->organisation = v;
		else if (!strcmp(name, "home_area")) {
			s->home_area = v;
			s->home_area_at = here(st);
		} else if (!strcmp(name, "benchmark_area")) {
			s->benchmark_area = v;
			s->benchmark_area_at = here(st);
		}
		else if (!strcmp(name, "base_url")) s->base_url = base_url(st, v);
		else if (!strcmp(name, "notice")) s->notice = v;
		else if (!strcmp(name, "first_period")) {
			s->first_period_at = here(st);
			if (period_parse(v, strlen(v), PERIOD_QUARTER, &s->first_period) < 0 ||
			    s->first_period.kind != PERIOD_QUARTER) {
				diag_error(st->path, st->line, value_col(st),
					   "first_period = '%s' is not a quarter: expected e.g. '2018-19 Q2'", v);
				s->first_period.kind = PERIOD_NONE;
			}
		} else goto unknown;
	} else if (!strcmp(section, "progress")) {
		const char **wording = !strcmp(name, "on_track") ? &s->on_track
				     : !strcmp(name, "not_on_track") ? &s->not_on_track
				     : !strcmp(name, "no_data") ? &s->no_data
				     : !strcmp(name, "no_plan") ? &s->no_plan
				     : !strcmp(name, "out_of_date") ? &s->out_of_date : NULL;
		if (!wording)
			goto unknown;
		/* a wording left empty would leave the scorecard's cell blank */
		if (!*v)
			diag_error(st->path, st->line, value_col(st), "%s is empty: expected the words the "
				   "scorecard shows, or no %s line for the default", name, name);
		else
			*wording = v;
	} else if (!strcmp(section, "spc")) {
		if (!strcmp(name, "shift_run")) ini_int(st, name, v, 2, 50, &s->shift_run);
		else if (!strcmp(name, "trend_run")) ini_int(st, name, v, 2, 50, &s->trend_run);
		else if (!strcmp(name, "min_points")) ini_int(st, name, v, 2, 1000, &s->min_points);
		else if (!strcmp(name, "screen_moving_ranges")) {
			if (!strcasecmp(v, "true") || !strcmp(v, "1") || !strcasecmp(v, "yes"))
				s->screen_moving_ranges = 1;
			else if (!strcasecmp(v, "false") || !strcmp(v, "0") || !strcasecmp(v, "no"))
				s->screen_moving_ranges = 0;
			else
				diag_error(st->path, st->line, value_col(st),
					   "screen_moving_ranges = '%s': expected true or false", v);
		} else goto unknown;
	} else if (!strcmp(section, "compare")) {
		if (compare_setting(st, name, v) < 0)
			goto unknown;
	} else if (!strncmp(section, "data ", 5)) {
		/* [data FILE]: how to read one file under data/ */
		struct file_rule *r = rule_for(st, section + 5);
		if (data_field(st, r, name, v))
			return 1;
		if (!strcmp(name, "header_row")) {
			r->header_row_at = here(st);
			if (strchr(v, '-'))
				diag_error(st->path, st->line, value_col(st), "header_row = '%s': expected the one line "
					   "of the column names (a row of group names above it is not read; a name "
					   "used twice is told apart by its place, {#12} for the 12th column)", v);
			else
				ini_int(st, name, v, 1, 10000000, &r->header_row);
		} else if (!strcmp(name, "keep")) parse_keep(st, r, v);
		else if (!strcmp(name, "ignore")) r->ignore = v;
		else if (!strcmp(name, "sheet")) r->sheet = v;
		else if (!strcmp(name, "bare_year")) {
			if (!strcasecmp(v, "financial"))
				r->bare_year_financial = 1;
			else
				diag_error(st->path, st->line, value_col(st),
					   "bare_year = '%s': expected 'financial' (a year such as 2018 read as 2018-19)", v);
		} else goto unknown;
	} else {
		goto unknown;
	}
	return 1;
unknown:
	BUG("setting '%s' in [%s] is in settings_keys but not read", name, section);
}

void settings_defaults(struct settings *s)
{
	s->title = "Better Care Fund performance";
	s->organisation = "";
	s->home_area = s->benchmark_area = s->base_url = s->notice = "";
	s->first_period.kind = PERIOD_NONE;
	s->home_area_at.line = s->benchmark_area_at.line = s->first_period_at.line = 0;
	s->home_area_at.col = s->benchmark_area_at.col = s->first_period_at.col = 0;
	s->on_track = "On track to meet target";
	s->not_on_track = "Not on track to meet target";
	s->no_data = "Data not available to assess progress";
	s->no_plan = "No plan for this period";
	s->out_of_date = "Not assessed: figure out of date";
	s->shift_run = 7;
	s->trend_run = 7;
	s->min_points = 12;
	s->screen_moving_ranges = 0;
	s->compare_group = s->compare_areas = "";
	s->compare_group_at.line = s->compare_areas_at.line = 0;
	s->compare_group_at.col = s->compare_areas_at.col = 0;
	s->strict_areas = 0;
	s->overdispersion = SETTINGS_OD_NONE;
}

/* Report every line inih would not understand, before it runs. */
static int settings_lint(const char *path, const char *text, size_t len)
{
	size_t i = 0;
	int line = 1, bad = 0;

	while (i < len) {
		size_t ls = i, le, k;
		while (i < len && text[i] != '\n')
			i++;
		le = i;
		if (le > ls && text[le - 1] == '\r')
			le--;
		for (k = ls; k < le && is_space(text[k]); k++)
			;
		if (le - ls > SETTINGS_MAX_LINE) {
			diag_error(path, line, 0, "line is %zu characters long: the limit is %d", le - ls,
				   SETTINGS_MAX_LINE);
			bad = 1;
		} else if (k < le && text[k] != ';' && text[k] != '#') {
			if (text[k] == '[') {
				if (!memchr(text + k, ']', le - k)) {
					diag_error(path, line, (int)(k - ls) + 1,
						   "section header has no closing ']': expected e.g. '[site]'");
					bad = 1;
				}
			} else if (!memchr(text + k, '=', le - k) && !memchr(text + k, ':', le - k)) {
				diag_error(path, line, (int)(k - ls) + 1,
					   "'%.*s' is not a setting: expected 'key = value' or a '[section]' header",
					   (int)(le - k > 40 ? 40 : le - k), text + k);
				bad = 1;
			}
		}
		if (i < len)
			i++;
		line++;
	}
	return bad ? -1 : 0;
}

int settings_parse(struct settings *s, struct arena *a, const char *path, const char *text, size_t len)
{
	struct ini_state st;
	int before = diag_errors(), rc, linted;
	size_t bad;

	settings_defaults(s);
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		/* a byte-order mark, as Notepad writes */
		text += 3;
		len -= 3;
	}
	if (memchr(text, '\0', len)) {
		diag_error(path, 0, 0, "file contains NUL bytes: expected a text file");
		return -1;
	}
	bad = csvread_utf8_check(text, len);
	if (bad < len) {
		int line = 1;
		size_t i;
		for (i = 0; i < bad; i++)
			line += text[i] == '\n';
		diag_error(path, line, 0, "not valid UTF-8: re-save the file as UTF-8");
		return -1;
	}
	/* report every line inih cannot read, then let it read the rest so
	 * that their problems are reported in the same run */
	linted = settings_lint(path, text, len);
	memset(&st, 0, sizeof(st));
	st.s = s;
	st.a = a;
	st.path = path;
	st.text = text;
	st.len = len;
	/* this inih lets the line buffer be set at run time */
	ini_use_stack = false;
	ini_allow_realloc = true;
	ini_max_line = SETTINGS_MAX_LINE + 8;
	rc = ini_parse_stream(settings_read_line, &st, settings_handle, &st);
	if (rc > 0 && linted == 0)
		diag_error(path, rc, 0, "not a 'key = value' line or '[section]' header");
	else if (rc < 0)
		diag_io(path, "cannot read", ENOMEM);
	return diag_errors() > before ? -1 : 0;
}

int settings_load(struct settings *s, struct arena *a, const char *path)
{
	size_t len;
	char *text = csvread_slurp(path, 1u << 20, &len);
	int rc;

	if (!text) {
		settings_defaults(s);
		if (errno == EFBIG)
			diag_error(path, 0, 0, "file is larger than 1 MiB: is it the right file?");
		else
			diag_io(path, "cannot open", errno);
		return -1;
	}
	rc = settings_parse(s, a, path, text, len);
	free(text);
	if (!*s->home_area) {
		diag_error(path, 0, 0, "[site] home_area is not set: expected the area code the reports are about");
		rc = -1;
	}
	return rc;
}

void settings_warn_unused(const struct settings *s, const char *ini, const char *data_dir)
{
	size_t i;
	for (i = 0; i < s->n_rules; i++)
		if (!s->rules[i].used)
			diag_warning(ini, s->rules[i].line, 0, "[data %s]: there is no such file in %s",
				     s->rules[i].section, data_dir);
}
