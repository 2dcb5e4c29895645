#include "settings.h"
#include "arena.h"
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

struct file_rule *settings_file_rule(const struct settings *s, const char *name)
{
	size_t i;
	for (i = 0; i < s->n_rules; i++)
		if (!strcmp(s->rules[i].file, name))
			return &s->rules[i];
	return NULL;
}

/* The rule of [data name], added when this is its first line. */
static struct file_rule *rule_for(struct ini_state *st, const char *name)
{
	struct settings *s = st->s;
	struct file_rule *r = settings_file_rule(s, name);

	if (r)
		return r;
	s->rules = arena_grow(st->a, s->rules, sizeof(*s->rules), &s->cap_rules, s->n_rules + 1);
	r = &s->rules[s->n_rules++];
	memset(r, 0, sizeof(*r));
	r->file = arena_strdup(st->a, name);
	r->line = st->line;
	return r;
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

static int settings_handle(void *user, const char *section, const char *name, const char *value)
{
	struct ini_state *st = user;
	struct settings *s = st->s;
	const char *v = arena_strdup(st->a, value);

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
		else if (!strcmp(name, "base_url")) s->base_url = v;
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
		if (!strcmp(name, "on_track")) s->on_track = v;
		else if (!strcmp(name, "not_on_track")) s->not_on_track = v;
		else if (!strcmp(name, "no_data")) s->no_data = v;
		else if (!strcmp(name, "no_plan")) s->no_plan = v;
		else if (!strcmp(name, "out_of_date")) s->out_of_date = v;
		else goto unknown;
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
	} else if (!strncmp(section, "data ", 5)) {
		/* [data FILE]: how to read one file under data/ */
		const char *file = section + 5;
		struct file_rule *r;
		while (*file == ' ')
			file++;
		r = rule_for(st, file);
		if (!strcmp(name, "metric")) r->metric = v;
		else if (!strcmp(name, "keep")) parse_keep(st, r, v);
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
		diag_warning(st->path, st->line, 0, "unknown section [%s] ignored", section);
	}
	return 1;
unknown:
	diag_warning(st->path, st->line, 0, "unknown setting '%s' in [%s] ignored", name, section);
	return 1;
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
				     s->rules[i].file, data_dir);
}
