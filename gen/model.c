#include "model.h"
#include "fsread.h"
#include "hash.h"
#include "arena.h"
#include "csvread.h"
#include "diag.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <strings.h>

/* ---- cells ---- */

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((*s)[*len - 1]))
		(*len)--;
}

static int eq_ci(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && strncasecmp(s, word, len) == 0;
}

enum cell_kind model_parse_cell(const char *s, size_t len, double *out)
{
	static const char *const suppressed[] = { "*", "c", "..", ":", "x", "[c]", "[x]", "-", NULL };
	char tmp[64];
	size_t i, n = 0, digits = 0, group = 0;
	int seen_comma = 0, seen_point = 0, seen_exp = 0;
	char *end;
	int k;

	trim(&s, &len);
	if (len == 0 || eq_ci(s, len, "NA") || eq_ci(s, len, "N/A"))
		return CELL_MISSING;
	for (k = 0; suppressed[k]; k++)
		if (eq_ci(s, len, suppressed[k]))
			return CELL_SUPPRESSED;
	if (s[len - 1] == '%') {
		len--;
		while (len && is_space(s[len - 1]))
			len--;
	}
	if (len == 0 || len >= sizeof(tmp))
		return CELL_BAD;
	/* [+-]digits with optional thousands commas [.digits][e[+-]digits] */
	i = 0;
	if (s[i] == '+' || s[i] == '-')
		tmp[n++] = s[i++];
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			tmp[n++] = c;
			digits++;
			group++;
		} else if (c == ',' && !seen_point && !seen_exp) {
			/* groups of three after the first */
			if (digits == 0 || (seen_comma && group != 3) || (!seen_comma && group > 3))
				return CELL_BAD;
			seen_comma = 1;
			group = 0;
		} else if (c == '.' && !seen_point && !seen_exp) {
			if (seen_comma && group != 3)
				return CELL_BAD;
			seen_point = 1;
			seen_comma = 0;
			tmp[n++] = c;
		} else if ((c == 'e' || c == 'E') && digits && !seen_exp) {
			if (seen_comma && group != 3)
				return CELL_BAD;
			seen_exp = 1;
			seen_comma = 0;
			tmp[n++] = c;
			if (i + 1 < len && (s[i + 1] == '+' || s[i + 1] == '-'))
				tmp[n++] = s[++i];
			if (i + 1 >= len)
				return CELL_BAD;
		} else {
			return CELL_BAD;
		}
	}
	if (!digits || (seen_comma && group != 3))
		return CELL_BAD;
	tmp[n] = '\0';
	errno = 0;
	*out = strtod(tmp, &end);
	if (*end || errno == ERANGE || !isfinite(*out))
		return CELL_BAD;
	if (*out == 0)
		*out = 0;	/* no negative zero */
	return CELL_NUMBER;
}

/* 1-64 of [a-z0-9_-], and A-Z too when upper. */
static int valid_name(const char *s, size_t len, int upper)
{
	size_t i;
	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (upper && s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int model_valid_id(const char *s, size_t len)
{
	return valid_name(s, len, 0);
}

int model_valid_code(const char *s, size_t len)
{
	return valid_name(s, len, 1);
}


/* ---- formatting ---- */

void model_format_plain(double v, char *out, size_t size)
{
	int prec;

	if (!isfinite(v)) {
		/* never printed: the model holds no such figure */
		snprintf(out, size, "%s", "");
		return;
	}
	if (v == 0) {
		snprintf(out, size, "0");
		return;
	}
	if (fabs(v) < 1e15 && v == (double)(long long)v && size >= 24) {
		/* whole numbers, most counts: no floating-point printing */
		char tmp[24];
		long long n = (long long)v;
		int neg = n < 0, k = 0;
		unsigned long long u = neg ? (unsigned long long)-n : (unsigned long long)n;
		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (neg)
			tmp[k++] = '-';
		for (prec = 0; prec < k; prec++)
			out[prec] = tmp[k - 1 - prec];
		out[k] = '\0';
		return;
	}
	/* the shortest text that reads back exactly: 15 significant digits
	 * always do for figures as written, 16 or 17 for computed ones; fewer
	 * than 15 come out of %g by itself dropping trailing zeros */
	snprintf(out, size, "%.15g", v);
	if (strtod(out, NULL) != v) {
		snprintf(out, size, "%.16g", v);
		if (strtod(out, NULL) != v)
			snprintf(out, size, "%.17g", v);
	}
	if (strchr(out, 'e') && fabs(v) < 1e15) {
		/* ordinary figures never get here; keep them plain anyway,
		 * unless that takes more than 20 decimals to read back */
		char plain[64];
		int dec;
		for (dec = 0; dec <= 20; dec++) {
			snprintf(plain, sizeof(plain), "%.*f", dec, v);
			if (strtod(plain, NULL) == v) {
				snprintf(out, size, "%s", plain);
				break;
			}
		}
	}
}

static int default_decimals(enum unit u)
{
	return u == UNIT_COUNT ? 0 : 1;
}

void model_format_value(const struct metric *mt, double v, char *out, size_t size)
{
	char raw[64], grouped[96];
	int dec = mt ? mt->decimals : 1;
	const char *p, *point;
	size_t n = 0, intlen, i;

	if (!isfinite(v)) {
		/* never printed: the model holds no such figure */
		snprintf(out, size, "%s", "");
		return;
	}
	if (dec < 0)
		dec = default_decimals(mt ? mt->unit : UNIT_NUMBER);
	snprintf(raw, sizeof(raw), "%.*f", dec, v);
	if (strspn(raw, "-0.") == strlen(raw) && raw[0] == '-')
		memmove(raw, raw + 1, strlen(raw));	/* no "-0.0" */
	p = raw;
	if (*p == '-')
		grouped[n++] = *p++;
	point = strchr(p, '.');
	intlen = point ? (size_t)(point - p) : strlen(p);
	for (i = 0; i < intlen; i++) {
		if (i && (intlen - i) % 3 == 0)
			grouped[n++] = ',';
		grouped[n++] = p[i];
	}
	grouped[n] = '\0';
	if (point)
		snprintf(grouped + n, sizeof(grouped) - n, "%s", point);
	snprintf(out, size, "%s%s", grouped, mt && mt->unit == UNIT_PERCENT ? "%" : "");
}

const char *model_unit_words(enum unit u)
{
	switch (u) {
	case UNIT_COUNT: return "count";
	case UNIT_PERCENT: return "percent";
	case UNIT_RATE: return "rate per 100,000";
	case UNIT_DAYS: return "days";
	default: return "number";
	}
}

const char *model_unit_name(enum unit u)
{
	static const char *const names[] = { "count", "percent", "rate_per_100k", "days", "number" };
	return names[u];
}

const char *model_polarity_words(enum polarity p)
{
	switch (p) {
	case POLARITY_HIGHER: return "Higher is better";
	case POLARITY_LOWER: return "Lower is better";
	default: return "Neither higher nor lower is better";
	}
}

/* ---- lookups ---- */

struct metric *model_metric(const struct model *m, const char *id, size_t len)
{
	int i = m->metric_ids ? hash_get(m->metric_ids, id, len) : -1;
	return i < 0 ? NULL : &m->metrics[i];
}

int model_area(const struct model *m, const char *code, size_t len)
{
	return m->area_codes ? hash_get(m->area_codes, code, len) : -1;
}

static int area_add(struct model *m, const char *code, size_t len, const char *name)
{
	int i = model_area(m, code, len);
	struct area *ar;

	if (i >= 0) {
		if (name && *name && !m->areas[i].name[0])
			m->areas[i].name = name;
		return i;
	}
	m->areas = arena_grow(m->a, m->areas, sizeof(*m->areas), &m->cap_areas, m->n_areas + 1);
	ar = &m->areas[m->n_areas];
	memset(ar, 0, sizeof(*ar));
	ar->code = arena_strndup(m->a, code, len);
	ar->name = name ? name : "";
	hash_put(m->a, m->area_codes, ar->code, (int)m->n_areas);
	return (int)m->n_areas++;
}

/* ---- headers ---- */

/* Column indexes of a header row, -1 where absent. */
enum col { COL_ID, COL_TITLE, COL_SHORT_TITLE, COL_UNIT, COL_POLARITY, COL_FREQUENCY,
	   COL_DECIMALS, COL_GROUP, COL_DEFINITION, COL_SOURCE, COL_VALUE_TYPE, COL_REBASE,
	   COL_METRIC, COL_AREA_CODE, COL_AREA_NAME, COL_PERIOD, COL_VALUE,
	   COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN, COL_NOTE, COL_LOWER_CI, COL_UPPER_CI,
	   COL_CODE, COL_NAME, COL_POPULATION, COL__N };

static const char *const col_names[COL__N] = {
	"id", "title", "short_title", "unit", "polarity", "frequency",
	"decimals", "group", "definition", "source", "value_type", "rebase",
	"metric", "area_code", "area_name", "period", "value",
	"numerator", "denominator", "plan", "note", "lower_ci", "upper_ci",
	"code", "name", "population",
};

struct header {
	int col[COL__N];
	const struct csv_record *rec;
	unsigned char *used;	/* per header cell: a known column */
	size_t width;		/* up to the last named column */
};

/* Header names as publishers write them: case, spaces, '_', '-' and '.'
 * do not count ('Area Code', 'AreaCode' and 'area_code' are one name). */
static void header_normalise(const char *s, size_t len, char *out, size_t size)
{
	size_t i, n = 0;
	for (i = 0; i < len && n + 1 < size; i++) {
		char c = s[i];
		if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t')
			continue;
		out[n++] = (char)tolower((unsigned char)c);
	}
	out[n] = '\0';
}

/* Other names each column goes by, normalised; the README lists them. */
static const char *const col_aliases[COL__N][4] = {
	[COL_SHORT_TITLE] = { "shortname" },
	[COL_METRIC] = { "metricid" },
	[COL_AREA_CODE] = { "code" },
	[COL_PERIOD] = { "timeperiod", "year" },
	[COL_NUMERATOR] = { "count" },
	[COL_PLAN] = { "target" },
	[COL_NOTE] = { "notes", "comment" },
	[COL_LOWER_CI] = { "lowerci", "lower95ci", "lowercl" },
	[COL_UPPER_CI] = { "upperci", "upper95ci", "uppercl" },
	[COL_NAME] = { "areaname" },
	[COL_CODE] = { "areacode" },
};

static int col_matches(enum col c, const char *norm)
{
	char canon[32];
	int k;
	header_normalise(col_names[c], strlen(col_names[c]), canon, sizeof(canon));
	if (!strcmp(canon, norm))
		return 1;
	for (k = 0; k < 4 && col_aliases[c][k]; k++)
		if (!strcmp(col_aliases[c][k], norm))
			return 1;
	return 0;
}

/* A header that names no wanted column but holds ';' or a tab is most
 * likely a file saved with another separator (Excel does so where the
 * decimal point is a comma): say so rather than list missing columns. */
static int header_separator(const char *path, const struct csv_record *rec,
			    const enum col *wanted, size_t n_wanted)
{
	static const char seps[] = ";\t|";
	static const char *const names[] = { "';'", "tabs", "'|'" };
	size_t i, k;
	int sep;

	for (i = 0; i < rec->n; i++) {
		char norm[64];
		header_normalise(rec->f[i].s, rec->f[i].len, norm, sizeof(norm));
		for (k = 0; k < n_wanted; k++)
			if (col_matches(wanted[k], norm))
				return 0;
	}
	for (sep = 0; seps[sep]; sep++)
		for (i = 0; i < rec->n; i++)
			if (memchr(rec->f[i].s, seps[sep], rec->f[i].len)) {
				diag_error(path, rec->f[i].line, rec->f[i].col,
					   "this file seems to be separated by %s: bcfgen reads comma-separated "
					   "files; save it as 'CSV UTF-8 (comma delimited)'", names[sep]);
				return -1;
			}
	return 0;
}

/* Is s[0..len) a whole number of 1-3 digits, or 3 digits and perhaps a
 * decimal part: the halves of a number split at its thousands comma? */
static int digits_head(const char *s, size_t len)
{
	size_t i = len && (s[0] == '-' || s[0] == '+');
	size_t d = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		d++;
	return i == len && d >= 1 && d <= 3;
}

static int digits_tail(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i != 3)
		return 0;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			;
	if (i < len && s[i] == '%')
		i++;
	return i == len;
}

/* A row with a field past the header's last column is an error at that
 * field: an unquoted '2,536' reads as 2 and pushes 536 and every later
 * figure one column on.  Empty fields there are fine (spreadsheets pad
 * rows).  Returns -1 when reported. */
static int row_width_check(const char *path, const struct header *h, const struct csv_record *rec)
{
	size_t i, extra, n = rec->n;
	const struct csv_field *f;

	while (n && csvread_blank(&rec->f[n - 1]))
		n--;
	for (extra = h->width; extra < rec->n; extra++)
		if (!csvread_blank(&rec->f[extra]))
			break;
	if (extra >= rec->n)
		return 0;
	f = &rec->f[extra];
	for (i = 0; i + 1 < rec->n; i++) {
		const struct csv_field *a = &rec->f[i], *b = &rec->f[i + 1];
		const char *as = a->s, *bs = b->s;
		size_t al = a->len, bl = b->len;
		trim(&as, &al);
		trim(&bs, &bl);
		if (digits_head(as, al) && digits_tail(bs, bl)) {
			diag_error(path, f->line, f->col,
				   "this row has %zu fields but the header names %zu columns: "
				   "'%.*s,%.*s' at column %d looks like a number split at its comma; "
				   "quote it (\"%.*s,%.*s\") or write it without the comma",
				   n, h->width, (int)al, as, (int)bl, bs, a->col,
				   (int)al, as, (int)bl, bs);
			return -1;
		}
	}
	diag_error(path, f->line, f->col,
		   "this row has %zu fields but the header names %zu columns: a field that holds a "
		   "comma (a number such as 2,536, a name) must be quoted (\"2,536\")",
		   n, h->width);
	return -1;
}

/* Find the wanted columns in a header row.  A column named twice is an
 * error: which one holds the figures would be a guess. */
static int header_read(struct arena *a, const char *path, const struct csv_record *rec,
		       struct header *h, const enum col *wanted, size_t n_wanted)
{
	int rc = 0;
	size_t i, k;

	for (k = 0; k < COL__N; k++)
		h->col[k] = -1;
	h->rec = rec;
	h->used = arena_alloc(a, rec->n + 1);
	h->width = rec->n;
	while (h->width && csvread_blank(&rec->f[h->width - 1]))
		h->width--;
	if (header_separator(path, rec, wanted, n_wanted) < 0)
		return -1;
	for (i = 0; i < rec->n; i++) {
		char norm[64];
		header_normalise(rec->f[i].s, rec->f[i].len, norm, sizeof(norm));
		for (k = 0; k < n_wanted; k++) {
			if (!col_matches(wanted[k], norm))
				continue;
			if (h->col[wanted[k]] >= 0) {
				diag_error(path, rec->f[i].line, rec->f[i].col,
					   "'%.40s' means '%s', as column %d ('%.40s') does: keep one of them",
					   rec->f[i].s, col_names[wanted[k]], h->col[wanted[k]] + 1,
					   rec->f[h->col[wanted[k]]].s);
				rc = -1;
				continue;
			}
			h->col[wanted[k]] = (int)i;
			h->used[i] = 1;
		}
	}
	return rc;
}

/* Warn once about header cells no one reads. */
static void header_warn_unused(const char *path, const struct header *h)
{
	size_t i, n = 0;
	const struct csv_field *first = NULL;
	char names[256] = "";

	for (i = 0; i < h->rec->n; i++) {
		if (h->used[i] || csvread_blank(&h->rec->f[i]))
			continue;
		if (!first)
			first = &h->rec->f[i];
		if (n < 4) {
			size_t l = strlen(names);
			snprintf(names + l, sizeof(names) - l, "%s'%.40s'", n ? ", " : "",
				 h->rec->f[i].s);
		}
		n++;
	}
	if (n)
		diag_warning(path, first->line, first->col, "%s %s ignored: not a column bcfgen reads",
			     names, n == 1 ? "is" : n > 4 ? "and more are" : "are");
}

static const struct csv_field *cell(const struct csv_record *r, int col)
{
	static const struct csv_field empty = { "", 0, 0, 0 };
	if (col < 0 || (size_t)col >= r->n)
		return &empty;
	return &r->f[col];
}

static int line_of(const struct csv_record *r, int col)
{
	const struct csv_field *f = cell(r, col);
	return f->line ? f->line : r->line;
}

static int col_of(const struct csv_record *r, int col)
{
	const struct csv_field *f = cell(r, col);
	if (f->line)
		return f->col;
	return r->n ? r->f[r->n - 1].col + (int)r->f[r->n - 1].len + 1 : 1;
}

static int record_blank(const struct csv_record *r)
{
	size_t i;
	for (i = 0; i < r->n; i++)
		if (!csvread_blank(&r->f[i]))
			return 0;
	return 1;
}

static const char *cell_str(struct model *m, const struct csv_record *r, int col)
{
	const struct csv_field *f = cell(r, col);
	const char *s = f->s;
	size_t len = f->len;
	trim(&s, &len);
	return len ? arena_strndup(m->a, s, len) : "";
}

static char *path_join(struct arena *a, const char *dir, const char *name)
{
	return arena_printf(a, "%s/%s", dir, name);
}

/* ---- site.ini ---- */

struct ini_state {
	struct model *m;
	const char *path;
	const char *text;
	size_t len, pos;
	int newlines;		/* line ends handed to inih so far */
	int line;		/* the line the current key = value started on */
	size_t line_start;	/* where that line starts in text */
};

/* The longest site.ini line accepted. */
#define SETTINGS_MAX_LINE 4096

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

static struct file_rule *file_rule_for(struct model *m, const char *name, int create, int line)
{
	size_t i;
	struct file_rule *r;

	for (i = 0; i < m->n_rules; i++)
		if (!strcmp(m->rules[i].file, name))
			return &m->rules[i];
	if (!create)
		return NULL;
	m->rules = arena_grow(m->a, m->rules, sizeof(*m->rules), &m->cap_rules, m->n_rules + 1);
	r = &m->rules[m->n_rules++];
	memset(r, 0, sizeof(*r));
	r->file = arena_strdup(m->a, name);
	r->line = line;
	return r;
}

/* 'Column=value; Column=value' into keep conditions */
static void parse_keep(struct ini_state *st, struct file_rule *r, const char *v)
{
	struct arena *a = st->m->a;
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
		trim(&name, &nl);
		eq++;
		vl = len - (size_t)(eq - v);
		trim(&eq, &vl);
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
	struct settings *s = &st->m->settings;
	struct arena *a = st->m->a;
	const char *v = arena_strdup(a, value);

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
		r = file_rule_for(st->m, file, 1, st->line);
		if (!strcmp(name, "metric")) r->metric = v;
		else if (!strcmp(name, "keep")) parse_keep(st, r, v);
		else if (!strcmp(name, "ignore")) r->ignore = v;
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

static void settings_defaults(struct settings *s)
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

int model_settings_parse(struct model *m, const char *path, const char *text, size_t len)
{
	struct ini_state st;
	int before = diag_errors(), rc, linted;
	size_t bad;

	settings_defaults(&m->settings);
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
	st.m = m;
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

static int load_settings(struct model *m)
{
	const char *path = path_join(m->a, m->dir, "site.ini");
	size_t len;
	char *text = csvread_slurp(path, 1u << 20, &len);
	int rc;

	if (!text) {
		settings_defaults(&m->settings);
		if (errno == EFBIG)
			diag_error(path, 0, 0, "file is larger than 1 MiB: is it the right file?");
		else
			diag_io(path, "cannot open", errno);
		return -1;
	}
	rc = model_settings_parse(m, path, text, len);
	free(text);
	if (!*m->settings.home_area) {
		diag_error(path, 0, 0, "[site] home_area is not set: expected the area code the reports are about");
		rc = -1;
	}
	return rc;
}

/* ---- catalogue ---- */

/* A metric writes <id>.html, .svg, .png and .csv, <id>-trend.svg and
 * <id>-compare.svg and .png into each report's folder, beside the report's
 * index.html, print.html and data.csv: an id whose files would be another's
 * is refused, naming both rows.  1 if id clashes (reported). */
static int id_clashes(struct model *m, const char *path, const char *id, int line, int col)
{
	static const char *const reserved[][2] = { { "index", "index.html" }, { "print", "print.html" },
						   { "data", "data.csv" } };
	static const char *const suffixes[] = { "-trend", "-compare" };
	size_t len = strlen(id), i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(id, reserved[i][0])) {
			diag_error(path, line, col, "metric id '%s' would overwrite the report's own %s: "
				   "choose another id", id, reserved[i][1]);
			return 1;
		}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i]);
		const struct metric *other = NULL;
		const char *stem = id, *longer = id;
		if (len > sl && !strcmp(id + len - sl, suffixes[i])) {
			other = model_metric(m, id, len - sl);
			stem = other ? other->id : id;
		}
		if (!other) {
			longer = arena_printf(m->a, "%s%s", id, suffixes[i]);
			other = model_metric(m, longer, strlen(longer));
		}
		if (other) {
			diag_error(path, line, col, "metric id '%s' clashes with '%s' at %s:%d:%d: both would write "
				   "%s%s.svg; choose another id", id, other->id, path, other->line, other->col,
				   stem, suffixes[i]);
			return 1;
		}
	}
	return 0;
}

static int parse_enum(const char *s, const char *const *words, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (!strcasecmp(s, words[i]))
			return i;
	return -1;
}

static int catalogue_table(struct model *m, const char *path, struct csv_table *t0)
{
	static const enum col wanted[] = { COL_ID, COL_TITLE, COL_SHORT_TITLE, COL_UNIT,
		COL_POLARITY, COL_FREQUENCY, COL_DECIMALS, COL_GROUP, COL_DEFINITION, COL_SOURCE,
		COL_VALUE_TYPE, COL_REBASE };
	static const enum col required[] = { COL_ID, COL_TITLE, COL_UNIT, COL_POLARITY, COL_FREQUENCY };
	static const char *const units[] = { "count", "percent", "rate_per_100k", "days", "number" };
	static const char *const pols[] = { "higher", "lower", "neutral" };
	static const char *const freqs[] = { "month", "quarter", "year" };
	struct csv_table t = *t0;
	struct header h;
	size_t r, k;
	int before = diag_errors();

	if (t.n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row 'id,title,unit,polarity,frequency'");
		return -1;
	}
	if (header_read(m->a, path, &t.rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return -1;
	for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (h.col[required[k]] < 0)
			diag_error(path, 1, 1, "the required column '%s' is missing: the header must name id, title, unit, polarity and frequency",
				   col_names[required[k]]);
	if (diag_errors() > before)
		return -1;
	header_warn_unused(path, &h);

	m->metrics = arena_alloc(m->a, t.n * sizeof(*m->metrics));
	for (r = 1; r < t.n; r++) {
		const struct csv_record *rec = &t.rec[r];
		struct metric *mt = &m->metrics[m->n_metrics];
		const char *id, *v;
		int e;

		if (record_blank(rec) || row_width_check(path, &h, rec) < 0)
			continue;
		id = cell_str(m, rec, h.col[COL_ID]);
		if (!model_valid_id(id, strlen(id))) {
			diag_error(path, line_of(rec, h.col[COL_ID]), col_of(rec, h.col[COL_ID]),
				   "'%s' is not a metric id: expected 1-64 of a-z, 0-9, '_' and '-' (it names output files)", id);
			continue;
		}
		if (model_metric(m, id, strlen(id))) {
			diag_error(path, line_of(rec, h.col[COL_ID]), col_of(rec, h.col[COL_ID]),
				   "metric '%s' is listed twice", id);
			continue;
		}
		if (id_clashes(m, path, id, line_of(rec, h.col[COL_ID]), col_of(rec, h.col[COL_ID])))
			continue;
		mt->id = id;
		mt->index = (int)m->n_metrics;
		mt->line = line_of(rec, h.col[COL_ID]);
		mt->col = col_of(rec, h.col[COL_ID]);
		mt->title = cell_str(m, rec, h.col[COL_TITLE]);
		if (!*mt->title)
			diag_error(path, line_of(rec, h.col[COL_TITLE]), col_of(rec, h.col[COL_TITLE]),
				   "metric '%s' has no title", id);
		mt->short_title = cell_str(m, rec, h.col[COL_SHORT_TITLE]);
		if (!*mt->short_title)
			mt->short_title = mt->title;
		mt->group = cell_str(m, rec, h.col[COL_GROUP]);
		mt->definition = cell_str(m, rec, h.col[COL_DEFINITION]);
		mt->source = cell_str(m, rec, h.col[COL_SOURCE]);

		v = cell_str(m, rec, h.col[COL_UNIT]);
		if ((e = parse_enum(v, units, 5)) < 0)
			diag_error(path, line_of(rec, h.col[COL_UNIT]), col_of(rec, h.col[COL_UNIT]),
				   "unit '%s' is not known: expected count, percent, rate_per_100k, days or number", v);
		mt->unit = e < 0 ? UNIT_NUMBER : (enum unit)e;
		v = cell_str(m, rec, h.col[COL_POLARITY]);
		if ((e = parse_enum(v, pols, 3)) < 0)
			diag_error(path, line_of(rec, h.col[COL_POLARITY]), col_of(rec, h.col[COL_POLARITY]),
				   "polarity '%s' is not known: expected higher, lower or neutral", v);
		mt->polarity = e < 0 ? POLARITY_NEUTRAL : (enum polarity)e;
		v = cell_str(m, rec, h.col[COL_FREQUENCY]);
		if ((e = parse_enum(v, freqs, 3)) < 0)
			diag_error(path, line_of(rec, h.col[COL_FREQUENCY]), col_of(rec, h.col[COL_FREQUENCY]),
				   "frequency '%s' is not known: expected month, quarter or year", v);
		mt->frequency = e < 0 ? PERIOD_QUARTER : (enum period_kind)(e + PERIOD_MONTH);
		v = cell_str(m, rec, h.col[COL_REBASE]);
		while (*v) {
			const char *end = strchr(v, ';');
			size_t len = end ? (size_t)(end - v) : strlen(v);
			struct period p;
			if (period_parse(v, len, mt->frequency, &p) < 0 || p.kind != mt->frequency) {
				diag_error(path, line_of(rec, h.col[COL_REBASE]), col_of(rec, h.col[COL_REBASE]),
					   "rebase '%.*s' is not a %s: list the periods where a new baseline starts, "
					   "separated by ';'", (int)(len > 40 ? 40 : len), v, period_kind_name(mt->frequency));
				break;
			}
			mt->rebase = arena_grow(m->a, mt->rebase, sizeof(*mt->rebase), &mt->cap_rebase, mt->n_rebase + 1);
			mt->rebase[mt->n_rebase++] = p;
			v += len;
			if (*v == ';')
				v++;
		}
		v = cell_str(m, rec, h.col[COL_VALUE_TYPE]);
		if (!*v || !strcasecmp(v, "crude"))
			mt->standardised = 0;
		else if (!strcasecmp(v, "standardised") || !strcasecmp(v, "standardized"))
			mt->standardised = 1;
		else
			diag_error(path, line_of(rec, h.col[COL_VALUE_TYPE]), col_of(rec, h.col[COL_VALUE_TYPE]),
				   "value_type '%s' is not known: expected crude (the value is worked out from "
				   "numerator and denominator) or standardised", v);
		v = cell_str(m, rec, h.col[COL_DECIMALS]);
		mt->decimals = default_decimals(mt->unit);
		if (*v) {
			if (strlen(v) == 1 && v[0] >= '0' && v[0] <= '4')
				mt->decimals = v[0] - '0';
			else
				diag_error(path, line_of(rec, h.col[COL_DECIMALS]), col_of(rec, h.col[COL_DECIMALS]),
					   "decimals '%s' is not a whole number from 0 to 4", v);
		}
		hash_put(m->a, m->metric_ids, mt->id, (int)m->n_metrics);
		m->n_metrics++;
	}
	if (m->n_metrics == 0 && diag_errors() == before)
		diag_error(path, 2, 1, "the catalogue lists no metrics: expected one row per metric");
	return diag_errors() > before ? -1 : 0;
}

/* ---- areas ---- */

static int load_areas(struct model *m)
{
	static const enum col wanted[] = { COL_CODE, COL_NAME, COL_POPULATION };
	const char *path = path_join(m->a, m->dir, "areas.csv");
	struct csv_table t;
	struct header h;
	size_t r;
	int before = diag_errors();

	/* optional; not opened here, as opening a FIFO would wait */
	if (access(path, F_OK) < 0)
		return errno == ENOENT ? 0 : (diag_io(path, "cannot open", errno), -1);
	if (csvread_file(m->a, path, &t) < 0)
		return -1;
	if (t.n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row 'code,name,population'");
		return -1;
	}
	if (header_read(m->a, path, &t.rec[0], &h, wanted, 3) < 0)
		return -1;
	if (h.col[COL_CODE] < 0 || h.col[COL_NAME] < 0) {
		diag_error(path, 1, 1, "the header must name the columns 'code' and 'name'");
		return -1;
	}
	header_warn_unused(path, &h);
	m->has_area_list = 1;
	for (r = 1; r < t.n; r++) {
		const struct csv_record *rec = &t.rec[r];
		const char *code, *name, *pop;
		int i;

		if (record_blank(rec) || row_width_check(path, &h, rec) < 0)
			continue;
		code = cell_str(m, rec, h.col[COL_CODE]);
		name = cell_str(m, rec, h.col[COL_NAME]);
		if (!*code) {
			diag_error(path, line_of(rec, h.col[COL_CODE]), col_of(rec, h.col[COL_CODE]),
				   "area code is blank");
			continue;
		}
		if (model_area(m, code, strlen(code)) >= 0) {
			diag_error(path, line_of(rec, h.col[COL_CODE]), col_of(rec, h.col[COL_CODE]),
				   "area '%s' is listed twice", code);
			continue;
		}
		i = area_add(m, code, strlen(code), name);
		pop = cell_str(m, rec, h.col[COL_POPULATION]);
		if (*pop) {
			double v;
			if (model_parse_cell(pop, strlen(pop), &v) != CELL_NUMBER || v < 0 || !(v < MODEL_MAX_FIGURE))
				diag_error(path, line_of(rec, h.col[COL_POPULATION]), col_of(rec, h.col[COL_POPULATION]),
					   "population '%s' is not a number from 0 to 1e15", pop);
			else {
				m->areas[i].population = v;
				m->areas[i].has_population = 1;
			}
		}
	}
	return diag_errors() > before ? -1 : 0;
}

/* ---- observations ---- */

static struct obs *obs_new(struct model *m, struct metric *mt)
{
	struct obs *o;
	mt->obs = arena_grow(m->a, mt->obs, sizeof(*mt->obs), &mt->cap_obs, mt->n_obs + 1);
	o = &mt->obs[mt->n_obs++];
	memset(o, 0, sizeof(*o));
	return o;
}

/* Read one number cell into *v; sets flag bits.  Returns -1 on a bad cell
 * (reported). */
static int read_number(const char *path, const struct csv_record *rec, int col,
		       const char *what, double *v, unsigned *flags, unsigned bit)
{
	const struct csv_field *f = cell(rec, col);
	enum cell_kind k;

	if (col < 0)
		return 0;
	k = model_parse_cell(f->s, f->len, v);
	switch (k) {
	case CELL_NUMBER:
		if (!(fabs(*v) < MODEL_MAX_FIGURE)) {
			diag_error(path, line_of(rec, col), col_of(rec, col),
				   "%s '%.60s' is too large: figures must be less than 1e15 "
				   "(1,000,000,000,000,000) in size, so that every one is held exactly",
				   what, f->s);
			return -1;
		}
		*flags |= bit;
		return 0;
	case CELL_SUPPRESSED:
		/* a withheld count withholds the figure made from it */
		if (bit == OBS_VALUE || bit == OBS_NUMERATOR || bit == OBS_DENOMINATOR)
			*flags |= OBS_SUPPRESSED;
		return 0;
	case CELL_MISSING:
		return 0;
	default:
		diag_error(path, line_of(rec, col), col_of(rec, col),
			   "%s '%.60s' is not a number: expected e.g. '2536', '2,536', '78.5%%', or '*' for suppressed",
			   what, f->s);
		return -1;
	}
}

/* The range a figure of the unit may take: percentages 0-100; counts,
 * rates and days not negative; a plan is a figure of its metric's unit.
 * Returns -1 when reported. */
static int check_unit_range(const char *path, const struct csv_record *rec, int col, const char *what,
			    const struct metric *mt, double v)
{
	const struct csv_field *f = cell(rec, col);
	const char *s = f->s;
	size_t len = f->len;

	trim(&s, &len);
	if (mt->unit == UNIT_PERCENT && (v < 0 || v > 100)) {
		diag_error(path, line_of(rec, col), col_of(rec, col),
			   "%s '%.*s' is not a percentage: '%s' is a percent, from 0 to 100",
			   what, (int)(len > 60 ? 60 : len), s, mt->id);
		return -1;
	}
	if (v < 0 && mt->unit != UNIT_NUMBER && mt->unit != UNIT_PERCENT) {
		diag_error(path, line_of(rec, col), col_of(rec, col),
			   "%s '%.*s' is negative: '%s' is %s, which cannot be (unit 'number' is for "
			   "figures that can)",
			   what, (int)(len > 60 ? 60 : len), s, mt->id,
			   mt->unit == UNIT_COUNT ? "a count" : mt->unit == UNIT_RATE ? "a rate" : "a number of days");
		return -1;
	}
	return 0;
}

static int resolve_area(struct model *m, const char *path, const struct csv_record *rec,
			int code_col, int name_col, const char **last_code)
{
	const struct csv_field *f = cell(rec, code_col);
	const char *s = f->s, *name;
	size_t len = f->len;
	int i;

	trim(&s, &len);
	if (!len) {
		if (last_code && *last_code) {
			s = *last_code;
			len = strlen(s);
		} else {
			diag_error(path, line_of(rec, code_col), col_of(rec, code_col),
				   "area code is blank: expected a code such as 'E08000009'");
			return -1;
		}
	}
	if (len > 64) {
		diag_error(path, line_of(rec, code_col), col_of(rec, code_col),
			   "area code '%.40s...' is too long: expected a code such as 'E08000009'", s);
		return -1;
	}
	i = model_area(m, s, len);
	if (i < 0 && m->has_area_list) {
		diag_error(path, line_of(rec, code_col), col_of(rec, code_col),
			   "area '%.*s' is not in areas.csv", (int)len, s);
		return -1;
	}
	/* the name is copied only for an area that has none yet */
	name = name_col >= 0 && (i < 0 || !m->areas[i].name[0]) ? cell_str(m, rec, name_col) : NULL;
	i = area_add(m, s, len, name);
	if (last_code)
		*last_code = m->areas[i].code;
	return i;
}

static struct metric *resolve_metric(struct model *m, const char *path, const struct csv_record *rec,
				     int col, struct metric *by_name, struct metric **last)
{
	const struct csv_field *f;
	const char *s;
	size_t len;
	struct metric *mt;

	if (col < 0)
		return by_name;
	f = cell(rec, col);
	s = f->s;
	len = f->len;
	trim(&s, &len);
	if (!len && last && *last)
		return *last;
	mt = model_metric(m, s, len);
	if (!mt) {
		diag_error(path, line_of(rec, col), col_of(rec, col),
			   "metric '%.*s' is not in metrics.csv", (int)(len > 64 ? 64 : len), s);
		return NULL;
	}
	if (last)
		*last = mt;
	return mt;
}

/* One data file being read: where, by what rule, which rows to keep. */
struct file_ctx {
	const char *path;
	const struct file_rule *rule;	/* from site.ini, or NULL */
	struct metric *by_name;		/* the metric every row belongs to, or NULL */
	int *keep_col;			/* column of each keep condition */
};

static int row_kept(const struct file_ctx *fc, const struct csv_record *rec)
{
	size_t k;
	if (!fc->rule)
		return 1;
	for (k = 0; k < fc->rule->n_keep; k++) {
		const struct csv_field *f = cell(rec, fc->keep_col[k]);
		const char *s = f->s;
		size_t len = f->len;
		trim(&s, &len);
		if (strlen(fc->rule->keep[k].value) != len || memcmp(fc->rule->keep[k].value, s, len))
			return 0;
	}
	return 1;
}

static int all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

static int check_period(const struct file_ctx *fc, int line, int col, const struct metric *mt,
			const char *s, size_t len, struct period *p)
{
	const char *path = fc->path;
	char tmp[PERIOD_TEXT_MAX];
	const char *t = s;
	size_t tl = len;

	trim(&t, &tl);
	if (tl == 4 && all_digits(t, 4)) {
		/* a bare year says nothing of which year it is: the file's
		 * settings must */
		if (fc->rule && fc->rule->bare_year_financial) {
			int y = atoi(t);
			snprintf(tmp, sizeof(tmp), "%04d-%02d", y, (y + 1) % 100);
			return check_period(&(struct file_ctx){ path, NULL, NULL, NULL }, line, col, mt, tmp,
					    strlen(tmp), p);
		}
		diag_error(path, line, col, "'%.4s' is a bare year: say how to read it with "
			   "'bare_year = financial' under [data %s] in site.ini, or write '%.4s-%02d'",
			   t, fc->rule ? fc->rule->file : strrchr(path, '/') ? strrchr(path, '/') + 1 : path, t,
			   (atoi(t) + 1) % 100);
		return -1;
	}
	if (period_parse(s, len, mt->frequency, p) < 0) {
		trim(&s, &len);
		diag_error(path, line, col,
			   "'%.*s' is not a period: expected e.g. '2018-19 Q2', '2018-07' or '2018-19'",
			   (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	if (p->kind != mt->frequency) {
		period_label(p, tmp);
		diag_error(path, line, col, "'%s' is a %s but metric '%s' is reported by %s",
			   tmp, period_kind_name(p->kind), mt->id, period_kind_name(mt->frequency));
		return -1;
	}
	return 0;
}

static const char *file_stem(struct arena *a, const char *name)
{
	size_t len = strlen(name);
	if (len > 4 && !strcasecmp(name + len - 4, ".csv"))
		len -= 4;
	return arena_strndup(a, name, len);
}

/* Digits after the decimal point in a number cell: how precisely the
 * publisher rounded it. */
static int cell_decimals(const struct csv_field *f)
{
	const char *dot = memchr(f->s, '.', f->len);
	int n = 0;
	if (!dot)
		return 0;
	while (++dot < f->s + f->len && *dot >= '0' && *dot <= '9')
		n++;
	return n > 20 ? 20 : n;
}

/* One row of a long file. */
/* A number split at its comma can still fit in a long row, when its second
 * half falls into the note, the area name or a column not read: '2,536'
 * gives a figure of 2 and a note of '536'.  A figure of one to three
 * digits followed there by exactly three digits is taken for that, and is
 * an error rather than a wrong figure.  -1 when reported. */
static int split_number_check(const char *path, const struct header *h, const struct csv_record *rec)
{
	static const enum col figures[] = { COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN,
					    COL_LOWER_CI, COL_UPPER_CI };
	size_t k;

	for (k = 0; k < sizeof(figures) / sizeof(figures[0]); k++) {
		int c = h->col[figures[k]];
		const struct csv_field *a, *b;
		const char *as, *bs;
		size_t al, bl, next;
		if (c < 0 || (size_t)c + 1 >= rec->n)
			continue;
		next = (size_t)c + 1;
		if (next < h->rec->n && h->used[next] && (int)next != h->col[COL_NOTE] &&
		    (int)next != h->col[COL_AREA_NAME])
			continue;	/* a figure of its own follows */
		a = &rec->f[c];
		b = &rec->f[next];
		as = a->s;
		al = a->len;
		bs = b->s;
		bl = b->len;
		trim(&as, &al);
		trim(&bs, &bl);
		if (digits_head(as, al) && digits_tail(bs, bl)) {
			diag_error(path, b->line, b->col,
				   "'%.*s,%.*s' looks like a number split at its comma, read as %.*s with "
				   "'%.*s' in the next column: quote it (\"%.*s,%.*s\") or write it without "
				   "the comma", (int)al, as, (int)bl, bs, (int)al, as, (int)bl, bs,
				   (int)al, as, (int)bl, bs);
			return -1;
		}
	}
	return 0;
}

static void long_row(struct model *m, const struct file_ctx *fc, const struct header *h,
		     const struct csv_record *rec)
{
	const char *path = fc->path;

	do {
		struct metric *mt;
		struct obs *o, tmp;
		const struct csv_field *pf;
		int area, bad = 0;

		if (record_blank(rec) || row_width_check(path, h, rec) < 0 || !row_kept(fc, rec) ||
		    split_number_check(path, h, rec) < 0)
			continue;
		mt = resolve_metric(m, path, rec, h->col[COL_METRIC], fc->by_name, NULL);
		area = resolve_area(m, path, rec, h->col[COL_AREA_CODE], h->col[COL_AREA_NAME], NULL);
		if (!mt || area < 0)
			continue;
		memset(&tmp, 0, sizeof(tmp));
		pf = cell(rec, h->col[COL_PERIOD]);
		if (check_period(fc, line_of(rec, h->col[COL_PERIOD]), col_of(rec, h->col[COL_PERIOD]),
				 mt, pf->s, pf->len, &tmp.period) < 0)
			bad = 1;
		bad |= read_number(path, rec, h->col[COL_VALUE], "value", &tmp.value, &tmp.flags, OBS_VALUE);
		bad |= read_number(path, rec, h->col[COL_NUMERATOR], "numerator", &tmp.numerator, &tmp.flags, OBS_NUMERATOR);
		bad |= read_number(path, rec, h->col[COL_DENOMINATOR], "denominator", &tmp.denominator, &tmp.flags, OBS_DENOMINATOR);
		bad |= read_number(path, rec, h->col[COL_PLAN], "plan", &tmp.plan, &tmp.flags, OBS_PLAN);
		{
			unsigned ci = 0;
			bad |= read_number(path, rec, h->col[COL_LOWER_CI], "lower_ci", &tmp.lower_ci, &ci, OBS_CI);
			if (ci) {
				ci = 0;
				bad |= read_number(path, rec, h->col[COL_UPPER_CI], "upper_ci", &tmp.upper_ci, &ci, OBS_CI);
				if (ci && tmp.lower_ci <= tmp.upper_ci)
					tmp.flags |= OBS_CI;
			}
		}
		if (!bad && (tmp.flags & OBS_VALUE))
			bad |= check_unit_range(path, rec, h->col[COL_VALUE], "value", mt, tmp.value);
		if (!bad && (tmp.flags & OBS_PLAN))
			bad |= check_unit_range(path, rec, h->col[COL_PLAN], "plan", mt, tmp.plan);
		if (bad)
			continue;
		if (tmp.flags & OBS_VALUE) {
			tmp.flags &= ~OBS_SUPPRESSED;
			tmp.value_decimals = (unsigned char)cell_decimals(cell(rec, h->col[COL_VALUE]));
		}
		o = obs_new(m, mt);
		*o = tmp;
		o->area = area;
		o->flags |= OBS_DATA;
		if (h->col[COL_NOTE] >= 0)
			o->note = cell_str(m, rec, h->col[COL_NOTE]);
		o->path = path;
		o->line = rec->line;
		o->col = col_of(rec, h->col[COL_VALUE] >= 0 ? h->col[COL_VALUE] : h->col[COL_NUMERATOR]);
	} while (0);
}

/* One row of a wide file; *last_code and *last_metric carry a repeated
 * row's blanks on.  -1 when the header is bad: once per file is enough. */
static int wide_row(struct model *m, const struct file_ctx *fc, const struct header *h,
		    const struct csv_record *hdr, const struct csv_record *rec,
		    const char **last_code, struct metric **last_metric)
{
	const char *path = fc->path;
	struct metric *mt;
	int area;
	size_t c;

	if (record_blank(rec) || row_width_check(path, h, rec) < 0 || !row_kept(fc, rec))
		return 0;
	mt = resolve_metric(m, path, rec, h->col[COL_METRIC], fc->by_name, last_metric);
	area = resolve_area(m, path, rec, h->col[COL_AREA_CODE], h->col[COL_AREA_NAME], last_code);
	if (!mt || area < 0)
		return 0;
	for (c = 0; c < hdr->n && c < rec->n; c++) {
		struct obs tmp, *o;
		if (h->used[c] || csvread_blank(&hdr->f[c]))
			continue;
		memset(&tmp, 0, sizeof(tmp));
		if (check_period(fc, hdr->f[c].line, hdr->f[c].col, mt, hdr->f[c].s,
				 hdr->f[c].len, &tmp.period) < 0)
			return -1;
		if (read_number(path, rec, (int)c, "value", &tmp.value, &tmp.flags, OBS_VALUE) < 0 ||
		    ((tmp.flags & OBS_VALUE) && check_unit_range(path, rec, (int)c, "value", mt, tmp.value) < 0))
			continue;
		if (csvread_blank(&rec->f[c]))
			continue;	/* not yet reported */
		if (tmp.flags & OBS_VALUE)
			tmp.value_decimals = (unsigned char)cell_decimals(&rec->f[c]);
		o = obs_new(m, mt);
		*o = tmp;
		o->area = area;
		o->flags |= OBS_DATA;
		o->path = path;
		o->line = rec->f[c].line;
		o->col = rec->f[c].col;
	}
	return 0;
}

/* Columns a [data FILE] rule says to leave alone: no warning for them. */
static void mark_ignored(const struct file_rule *r, struct header *h)
{
	size_t i;
	const char *p;

	if (!r || !r->ignore)
		return;
	for (i = 0; i < h->rec->n; i++) {
		char want[64], got[64];
		header_normalise(h->rec->f[i].s, h->rec->f[i].len, got, sizeof(got));
		for (p = r->ignore; *p;) {
			const char *end = strchr(p, ',');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			header_normalise(p, len, want, sizeof(want));
			if (*want && !strcmp(want, got))
				h->used[i] = 1;
			p += len;
			if (*p == ',')
				p++;
		}
	}
}

/* A data file read a row at a time: its header first. */
struct data_stream {
	struct model *m;
	const char *name;
	struct header h;
	struct file_ctx fc;
	enum { DATA_HEADER, DATA_LONG, DATA_WIDE, DATA_REFUSED } state;
	const char *last_code;		/* wide: what a repeated row's blanks mean */
	struct metric *last_metric;
};

/* The header row of a data file: how to read the rest, or DATA_REFUSED
 * (reported). */
static int data_header(struct data_stream *ds, const struct csv_table *tp)
{
	static const enum col wanted[] = { COL_METRIC, COL_AREA_CODE, COL_AREA_NAME, COL_PERIOD,
		COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN, COL_NOTE, COL_LOWER_CI, COL_UPPER_CI };
	struct model *m = ds->m;
	const struct csv_table t = *tp;
	const char *path = t.path, *name = ds->name;
	struct header h;
	struct file_ctx fc;
	struct file_rule *rule = file_rule_for(m, name, 0, 0);
	size_t c, k;
	int wide = 0;
	const char *ini = path_join(m->a, m->dir, "site.ini");

	memset(&fc, 0, sizeof(fc));
	fc.path = path;
	fc.rule = rule;
	if (rule)
		rule->used = 1;
	if (header_read(m->a, path, &t.rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return DATA_REFUSED;
	if (rule && rule->n_keep) {
		fc.keep_col = arena_alloc(m->a, rule->n_keep * sizeof(int));
		for (k = 0; k < rule->n_keep; k++) {
			char want[64], got[64];
			fc.keep_col[k] = -1;
			header_normalise(rule->keep[k].column, strlen(rule->keep[k].column), want, sizeof(want));
			for (c = 0; c < t.rec[0].n; c++) {
				header_normalise(t.rec[0].f[c].s, t.rec[0].f[c].len, got, sizeof(got));
				if (!strcmp(want, got)) {
					fc.keep_col[k] = (int)c;
					h.used[c] = 1;
				}
			}
			if (fc.keep_col[k] < 0) {
				diag_error(ini, rule->line, 0, "[data %s] keeps rows by column '%s', which %s does not have",
					   rule->file, rule->keep[k].column, path);
				return DATA_REFUSED;
			}
		}
	}
	mark_ignored(rule, &h);
	if (rule && rule->metric && *rule->metric) {
		if (h.col[COL_METRIC] >= 0) {
			diag_error(path, 1, h.rec->f[h.col[COL_METRIC]].col,
				   "this file has a metric column and site.ini [data %s] sets metric = %s: use one",
				   rule->file, rule->metric);
			return DATA_REFUSED;
		}
		fc.by_name = model_metric(m, rule->metric, strlen(rule->metric));
		if (!fc.by_name) {
			diag_error(ini, rule->line, 0, "[data %s] metric = '%s' is not in metrics.csv", rule->file,
				   rule->metric);
			return DATA_REFUSED;
		}
	} else if (h.col[COL_METRIC] < 0) {
		const char *stem = file_stem(m->a, name);
		fc.by_name = model_metric(m, stem, strlen(stem));
		if (!fc.by_name) {
			diag_error(path, 1, 1, "no 'metric' column, and '%s' is not a metric id: add a metric "
				   "column, name the file after its metric, or set 'metric =' under [data %s] in site.ini",
				   stem, name);
			return DATA_REFUSED;
		}
	}
	if (h.col[COL_AREA_CODE] < 0) {
		diag_error(path, 1, 1, "the required column 'area_code' is missing (also read as 'AreaCode', 'Area Code' or 'Code')");
		return DATA_REFUSED;
	}
	if (h.col[COL_PERIOD] < 0) {
		/* wide: the other header cells are periods */
		for (c = 0; c < t.rec[0].n; c++) {
			struct period p;
			const struct csv_field *f = &t.rec[0].f[c];
			if (!h.used[c] && period_parse(f->s, f->len, PERIOD_NONE, &p) == 0)
				wide = 1;
		}
		if (!wide) {
			diag_error(path, 1, 1, "neither a 'period' column nor period headers: expected "
				   "a long file (metric,area_code,period,value) or a wide one "
				   "(metric,area_code,area_name,2018-19 Q1,2018-19 Q2,...)");
			return DATA_REFUSED;
		}
		if (h.col[COL_VALUE] >= 0 || h.col[COL_NUMERATOR] >= 0) {
			diag_error(path, 1, 1, "a wide file has one column per period and no 'value' or "
				   "'numerator' column: add a 'period' column to make it long");
			return DATA_REFUSED;
		}
		for (c = 0; c < t.rec[0].n; c++)
			h.used[c] = h.used[c] || h.col[COL_METRIC] == (int)c || h.col[COL_AREA_CODE] == (int)c ||
				    h.col[COL_AREA_NAME] == (int)c;
		ds->h = h;
		ds->fc = fc;
		return DATA_WIDE;
	} else {
		if (h.col[COL_VALUE] < 0 && h.col[COL_NUMERATOR] < 0) {
			diag_error(path, 1, 1, "no 'value' column, nor 'numerator' with 'denominator'");
			return DATA_REFUSED;
		}
		if (h.col[COL_VALUE] < 0 && h.col[COL_DENOMINATOR] < 0) {
			diag_error(path, 1, 1, "a 'numerator' column needs a 'denominator' column (or a 'value' column)");
			return DATA_REFUSED;
		}
		header_warn_unused(path, &h);
		ds->h = h;
		ds->fc = fc;
		return DATA_LONG;
	}
}

/* Each record of a data file, the header first. */
static void data_record(void *ctx, const struct csv_table *t, const struct csv_record *rec)
{
	struct data_stream *ds = ctx;

	switch (ds->state) {
	case DATA_HEADER:
		ds->state = data_header(ds, t);
		break;
	case DATA_LONG:
		long_row(ds->m, &ds->fc, &ds->h, rec);
		break;
	case DATA_WIDE:
		if (wide_row(ds->m, &ds->fc, &ds->h, &t->rec[0], rec, &ds->last_code, &ds->last_metric) < 0)
			ds->state = DATA_REFUSED;
		break;
	case DATA_REFUSED:
		break;
	}
}

/* Read a data file (from memory when data is not NULL). */
static int data_load(struct model *m, const char *path, const char *name, const char *data, size_t len)
{
	struct data_stream ds;
	struct csv_table t;
	int before = diag_errors(), rc;

	memset(&ds, 0, sizeof(ds));
	ds.m = m;
	ds.name = name;
	ds.state = DATA_HEADER;
	rc = data ? csvread_mem_each(m->a, path, data, len, &t, data_record, &ds)
		  : csvread_file_each(m->a, path, &t, data_record, &ds);
	if (rc < 0)
		return -1;
	if (t.n == 0) {
		struct file_rule *rule = file_rule_for(m, name, 0, 0);
		if (rule)
			rule->used = 1;
		diag_error(path, 1, 1, "file is empty: expected a header row such as 'metric,area_code,period,value'");
		return -1;
	}
	return diag_errors() > before ? -1 : 0;
}

/* The names of the *.csv files in dir, sorted so that builds do not
 * depend on the file system's order.  NULL on I/O failure (reported). */
static char **list_csv(struct model *m, const char *dir, size_t *n)
{
	size_t all, i;
	char **names = fs_list(m->a, dir, 0, &all);

	*n = 0;
	if (!names) {
		if (errno == ENOENT) {
			diag_error(dir, 0, 0, "no data folder: put the data files in %s/", dir);
			return NULL;
		}
		diag_io(dir, "cannot open folder", errno);
		return NULL;
	}
	for (i = 0; i < all; i++) {
		size_t len = strlen(names[i]);
		if (len >= 5 && !strcasecmp(names[i] + len - 4, ".csv"))
			names[(*n)++] = names[i];
	}
	return names;
}

static int load_plans(struct model *m)
{
	static const enum col wanted[] = { COL_METRIC, COL_AREA_CODE, COL_PERIOD, COL_PLAN };
	const char *path = path_join(m->a, m->dir, "plans.csv");
	struct csv_table t;
	struct header h;
	size_t r;
	int before = diag_errors();

	/* optional; not opened here, as opening a FIFO would wait */
	if (access(path, F_OK) < 0)
		return errno == ENOENT ? 0 : (diag_io(path, "cannot open", errno), -1);
	if (csvread_file(m->a, path, &t) < 0)
		return -1;
	if (t.n == 0)
		return 0;
	if (header_read(m->a, path, &t.rec[0], &h, wanted, 4) < 0)
		return -1;
	if (h.col[COL_METRIC] < 0 || h.col[COL_AREA_CODE] < 0 || h.col[COL_PERIOD] < 0 ||
	    h.col[COL_PLAN] < 0) {
		diag_error(path, 1, 1, "the header must name the columns metric, area_code, period and plan");
		return -1;
	}
	header_warn_unused(path, &h);
	for (r = 1; r < t.n; r++) {
		const struct csv_record *rec = &t.rec[r];
		struct obs tmp, *o;
		struct metric *mt;
		const struct csv_field *pf;
		int area;

		if (record_blank(rec) || row_width_check(path, &h, rec) < 0)
			continue;
		mt = resolve_metric(m, path, rec, h.col[COL_METRIC], NULL, NULL);
		area = resolve_area(m, path, rec, h.col[COL_AREA_CODE], -1, NULL);
		if (!mt || area < 0)
			continue;
		memset(&tmp, 0, sizeof(tmp));
		pf = cell(rec, h.col[COL_PERIOD]);
		if (check_period(&(struct file_ctx){ path, NULL, NULL, NULL }, line_of(rec, h.col[COL_PERIOD]),
				 col_of(rec, h.col[COL_PERIOD]),
				 mt, pf->s, pf->len, &tmp.period) < 0)
			continue;
		if (read_number(path, rec, h.col[COL_PLAN], "plan", &tmp.plan, &tmp.flags, OBS_PLAN) < 0 ||
		    !(tmp.flags & OBS_PLAN) ||
		    check_unit_range(path, rec, h.col[COL_PLAN], "plan", mt, tmp.plan) < 0)
			continue;
		o = obs_new(m, mt);
		*o = tmp;
		o->area = area;
		o->path = path;
		o->line = rec->line;
		o->col = col_of(rec, h.col[COL_PLAN]);
	}
	return diag_errors() > before ? -1 : 0;
}

/* ---- merging and checks ---- */

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

static void finish_metric(struct model *m, struct metric *mt)
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
				unsigned vf = OBS_VALUE | OBS_NUMERATOR | OBS_DENOMINATOR | OBS_SUPPRESSED;
				if ((prev->flags & vf) == (o->flags & vf) &&
				    same_number(prev->flags, o->flags, OBS_VALUE, prev->value, o->value) &&
				    same_number(prev->flags, o->flags, OBS_NUMERATOR, prev->numerator, o->numerator) &&
				    same_number(prev->flags, o->flags, OBS_DENOMINATOR, prev->denominator, o->denominator))
					diag_warning(o->path, o->line, o->col,
						     "%s for area %s in %s is given twice (also at %s:%d); the copies agree",
						     mt->id, m->areas[o->area].code, slug, prev->path, prev->line);
				else {
					char here[160], there[160];
					obs_figures(o, here, sizeof(here));
					obs_figures(prev, there, sizeof(there));
					diag_error(o->path, o->line, o->col,
						   "%s for area %s in %s is given twice with different figures: %s here, "
						   "%s at %s:%d",
						   mt->id, m->areas[o->area].code, slug, here, there, prev->path, prev->line);
				}
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

	for (i = 0; i < mt->n_obs; i++) {
		struct obs *o = &mt->obs[i];
		int has_nd = (o->flags & OBS_NUMERATOR) && (o->flags & OBS_DENOMINATOR);
		double scale;
		char num[64], den[64];

		if (!(o->flags & OBS_DATA))
			continue;
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
				continue;
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
}

void model_init(struct model *m, struct arena *a, const char *dir)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
	m->dir = arena_strdup(a, dir);
	m->home = m->benchmark = -1;
	m->metric_ids = hash_new(a);
	m->area_codes = hash_new(a);
	settings_defaults(&m->settings);
}

int model_add_catalogue(struct model *m, const char *path, const char *data, size_t len)
{
	struct csv_table t;
	if (csvread_mem(m->a, path, data, len, &t) < 0)
		return -1;
	return catalogue_table(m, path, &t);
}

int model_add_data(struct model *m, const char *path, const char *name, const char *data, size_t len)
{
	return data_load(m, path, name, data ? data : "", len);
}

void model_finish(struct model *m)
{
	size_t i;
	for (i = 0; i < m->n_metrics; i++)
		finish_metric(m, &m->metrics[i]);
}

static int load_catalogue(struct model *m)
{
	const char *path = path_join(m->a, m->dir, "metrics.csv");
	struct csv_table t;
	if (csvread_file(m->a, path, &t) < 0)
		return -1;
	return catalogue_table(m, path, &t);
}

static int load_data_file(struct model *m, const char *path, const char *name)
{
	return data_load(m, path, name, NULL, 0);
}

int model_load(struct model *m, struct arena *a, const char *dir)
{
	char **names;
	size_t n, i;
	int before = diag_errors();
	const char *data_dir;

	model_init(m, a, dir);
	load_settings(m);
	if (load_catalogue(m) < 0)
		return -1;
	if (load_areas(m) < 0)
		return -1;
	data_dir = path_join(a, dir, "data");
	names = list_csv(m, data_dir, &n);
	if (!names)
		return -1;
	if (n == 0)
		diag_error(data_dir, 0, 0, "no .csv files: expected at least one data file");
	for (i = 0; i < n; i++)
		load_data_file(m, path_join(a, data_dir, names[i]), names[i]);
	for (i = 0; i < m->n_rules; i++)
		if (!m->rules[i].used)
			diag_warning(path_join(a, dir, "site.ini"), m->rules[i].line, 0,
				     "[data %s]: there is no such file in %s", m->rules[i].file, data_dir);
	load_plans(m);
	model_finish(m);

	/* an unreadable data file may be the one that names these areas: say
	 * so only when every file loaded */
	if (diag_errors() > before)
		return -1;
	if (*m->settings.home_area) {
		m->home = model_area(m, m->settings.home_area, strlen(m->settings.home_area));
		if (m->home < 0)
			diag_error(path_join(a, dir, "site.ini"), m->settings.home_area_at.line,
				   m->settings.home_area_at.col,
				   "home_area '%s' appears in no data file and not in areas.csv",
				   m->settings.home_area);
	}
	if (*m->settings.benchmark_area) {
		m->benchmark = model_area(m, m->settings.benchmark_area, strlen(m->settings.benchmark_area));
		if (m->benchmark < 0)
			diag_error(path_join(a, dir, "site.ini"), m->settings.benchmark_area_at.line,
				   m->settings.benchmark_area_at.col,
				   "benchmark_area '%s' appears in no data file and not in areas.csv",
				   m->settings.benchmark_area);
	}
	for (i = 0; i < m->n_areas; i++)
		if (!m->areas[i].name[0])
			m->areas[i].name = m->areas[i].code;
	return diag_errors() > before ? -1 : 0;
}

/* ---- queries ---- */

const struct obs *model_series(const struct metric *mt, int area, int asof_end, size_t *n)
{
	size_t lo = 0, hi = mt->n_obs, end;

	/* first obs of the area (sorted by area) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mt->obs[mid].area < area)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < mt->n_obs && mt->obs[end].area == area &&
	     period_end_month(&mt->obs[end].period) <= asof_end; end++)
		;
	*n = end - lo;
	return mt->obs ? mt->obs + lo : NULL;
}

const struct obs *model_latest(const struct obs *o, size_t n)
{
	while (n--)
		if (o[n].flags & (OBS_VALUE | OBS_SUPPRESSED))
			return &o[n];
	return NULL;
}

int model_last_data_month(const struct model *m)
{
	int last = -1;
	size_t i, k;
	for (i = 0; i < m->n_metrics; i++)
		for (k = 0; k < m->metrics[i].n_obs; k++) {
			const struct obs *o = &m->metrics[i].obs[k];
			int e = period_end_month(&o->period);
			if ((o->flags & (OBS_VALUE | OBS_SUPPRESSED)) && e > last)
				last = e;
		}
	return last;
}

int model_first_data_month(const struct model *m)
{
	int first = INT_MAX;
	size_t i, k;
	for (i = 0; i < m->n_metrics; i++)
		for (k = 0; k < m->metrics[i].n_obs; k++) {
			const struct obs *o = &m->metrics[i].obs[k];
			int e = period_end_month(&o->period);
			if ((o->flags & (OBS_VALUE | OBS_SUPPRESSED)) && e < first)
				first = e;
		}
	return first == INT_MAX ? -1 : first;
}
