#include "columns.h"
#include "arena.h"
#include "cell.h"
#include "csvread.h"
#include "diag.h"
#include "hash.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const col_names[COL__N] = {
	"id", "title", "short_title", "unit", "polarity", "frequency",
	"decimals", "group", "definition", "source", "value_type", "rebase",
	"metric", "area_code", "area_name", "period", "value",
	"numerator", "denominator", "plan", "note", "lower_ci", "upper_ci",
	"code", "name", "population", "unit_label", "lag", "baseline", "chart", "text",
};

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

const char *columns_name(enum column c)
{
	return col_names[c];
}

void columns_normalise(const char *s, size_t len, char *out, size_t size)
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

static int col_matches(enum column c, const char *norm)
{
	char canon[32];
	int k;
	columns_normalise(col_names[c], strlen(col_names[c]), canon, sizeof(canon));
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
			    const enum column *wanted, size_t n_wanted)
{
	static const char seps[] = ";\t|";
	static const char *const names[] = { "';'", "tabs", "'|'" };
	size_t i, k;
	int sep;

	for (i = 0; i < rec->n; i++) {
		char norm[64];
		columns_normalise(rec->f[i].s, rec->f[i].len, norm, sizeof(norm));
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

/* A column named twice is an error: which one holds the figures would be
 * a guess. */
int columns_read(struct arena *a, const char *path, const struct csv_record *rec, struct columns *h,
		 const enum column *wanted, size_t n_wanted)
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
		columns_normalise(rec->f[i].s, rec->f[i].len, norm, sizeof(norm));
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

void columns_warn_unused(const char *path, const struct columns *h)
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

/* An unquoted '2,536' reads as 2 and pushes 536 and every later figure one
 * column on, so the error is at the first field past the header.  Empty
 * fields there are fine (spreadsheets pad rows). */
int columns_check_width(const char *path, const struct columns *h, const struct csv_record *rec)
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
		size_t al, bl;
		const char *as = columns_trimmed(rec, (int)i, &al), *bs = columns_trimmed(rec, (int)i + 1, &bl);
		if (cell_split_number(as, al, bs, bl)) {
			diag_error(path, f->line, f->col,
				   "this row has %zu fields but the header names %zu columns: "
				   "'%.*s,%.*s' at column %d looks like a number split at its comma; "
				   "quote it (\"%.*s,%.*s\") or write it without the comma",
				   n, h->width, (int)al, as, (int)bl, bs, rec->f[i].col,
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

const struct csv_field *columns_field(const struct csv_record *rec, int col)
{
	static const struct csv_field empty = { "", 0, 0, 0 };
	if (col < 0 || (size_t)col >= rec->n)
		return &empty;
	return &rec->f[col];
}

int columns_line(const struct csv_record *rec, int col)
{
	const struct csv_field *f = columns_field(rec, col);
	return f->line ? f->line : rec->line;
}

int columns_col(const struct csv_record *rec, int col)
{
	const struct csv_field *f = columns_field(rec, col);
	if (f->line)
		return f->col;
	return rec->n ? rec->f[rec->n - 1].col + (int)rec->f[rec->n - 1].len + 1 : 1;
}

const char *columns_trimmed(const struct csv_record *rec, int col, size_t *len)
{
	const struct csv_field *f = columns_field(rec, col);
	const char *s = f->s;
	*len = f->len;
	cell_trim(&s, len);
	return s;
}

const char *columns_text(struct arena *a, const struct csv_record *rec, int col)
{
	size_t len;
	const char *s = columns_trimmed(rec, col, &len);
	return len ? arena_strndup(a, s, len) : "";
}

int columns_blank_row(const struct csv_record *rec)
{
	size_t i;
	for (i = 0; i < rec->n; i++)
		if (!csvread_blank(&rec->f[i]))
			return 0;
	return 1;
}

uint64_t columns_row_hash(const struct csv_record *header, const struct csv_record *rec)
{
	uint64_t h = HASH_INIT;
	size_t i;

	for (i = 0; i < rec->n || i < header->n; i++) {
		hash_add_str(&h, i < header->n ? header->f[i].s : "");
		hash_add_str(&h, i < rec->n ? rec->f[i].s : "");
	}
	return h;
}
