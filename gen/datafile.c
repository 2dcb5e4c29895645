#include "datafile.h"
#include "arena.h"
#include "cell.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"
#include "model.h"
#include "row.h"

#include <string.h>
#include <strings.h>

/* One data file being read: where, by what rule, which rows to keep. */
struct file_ctx {
	const char *path;
	const struct file_rule *rule;	/* from site.ini, or NULL */
	struct metric *by_name;		/* the metric every row belongs to, or NULL */
	int *keep_col;			/* column of each keep condition */
};

/* ---- rows ---- */

/* Whether a row meets the keep conditions of its file's rule. */
static int rule_keeps(const struct file_ctx *fc, const struct csv_record *rec)
{
	size_t k;
	if (!fc->rule)
		return 1;
	for (k = 0; k < fc->rule->n_keep; k++) {
		size_t len;
		const char *s = columns_trimmed(rec, fc->keep_col[k], &len);
		if (strlen(fc->rule->keep[k].value) != len || memcmp(fc->rule->keep[k].value, s, len))
			return 0;
	}
	return 1;
}

/* Keep o, read from path, as an observation of mt in area, placed at
 * line:col for messages about it. */
static struct obs *keep_obs(struct model *m, struct metric *mt, const struct obs *o, int area,
			    const char *path, int line, int col)
{
	struct obs *kept = model_add_obs(m, mt);
	*kept = *o;
	kept->area = area;
	kept->path = path;
	kept->line = line;
	kept->col = col;
	return kept;
}

/* ---- long and wide rows ---- */

/* A number split at its comma can still fit in a long row, when its second
 * half falls into the note, the area name or a column not read: '2,536'
 * gives a figure of 2 and a note of '536'.  A figure of one to three
 * digits followed there by exactly three digits is taken for that, and is
 * an error rather than a wrong figure.  -1 when reported. */
static int split_number_check(const char *path, const struct columns *h, const struct csv_record *rec)
{
	static const enum column figures[] = { COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN,
					       COL_LOWER_CI, COL_UPPER_CI };
	size_t k;

	for (k = 0; k < sizeof(figures) / sizeof(figures[0]); k++) {
		int c = h->col[figures[k]];
		const struct csv_field *b;
		const char *as, *bs;
		size_t al, bl, next;
		if (c < 0 || (size_t)c + 1 >= rec->n)
			continue;
		next = (size_t)c + 1;
		if (next < h->rec->n && h->used[next] && (int)next != h->col[COL_NOTE] &&
		    (int)next != h->col[COL_AREA_NAME])
			continue;	/* a figure of its own follows */
		b = &rec->f[next];
		as = columns_trimmed(rec, c, &al);
		bs = columns_trimmed(rec, (int)next, &bl);
		if (cell_split_number(as, al, bs, bl)) {
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

/* The figures of a long row into *o: 1 when any is bad (reported). */
static int long_figures(const char *path, const struct columns *h, const struct csv_record *rec,
			const struct metric *mt, struct obs *o)
{
	unsigned ci = 0;
	int bad = 0;

	bad |= row_number(path, rec, h->col[COL_VALUE], "value", &o->value, &o->flags, OBS_VALUE);
	bad |= row_number(path, rec, h->col[COL_NUMERATOR], "numerator", &o->numerator, &o->flags, OBS_NUMERATOR);
	bad |= row_number(path, rec, h->col[COL_DENOMINATOR], "denominator", &o->denominator, &o->flags, OBS_DENOMINATOR);
	bad |= row_number(path, rec, h->col[COL_PLAN], "plan", &o->plan, &o->flags, OBS_PLAN);
	bad |= row_number(path, rec, h->col[COL_LOWER_CI], "lower_ci", &o->lower_ci, &ci, OBS_CI);
	if (ci) {
		ci = 0;
		bad |= row_number(path, rec, h->col[COL_UPPER_CI], "upper_ci", &o->upper_ci, &ci, OBS_CI);
		if (ci && o->lower_ci <= o->upper_ci)
			o->flags |= OBS_CI;
	}
	if (!bad && (o->flags & OBS_VALUE))
		bad |= row_check_unit(path, rec, h->col[COL_VALUE], "value", mt, o->value);
	if (!bad && (o->flags & OBS_PLAN))
		bad |= row_check_unit(path, rec, h->col[COL_PLAN], "plan", mt, o->plan);
	return bad;
}

/* One row of a long file. */
static void long_row(struct model *m, const struct file_ctx *fc, const struct columns *h,
		     const struct csv_record *rec)
{
	const char *path = fc->path;
	struct metric *mt;
	struct obs *o, tmp;
	int area, bad = 0;

	if (columns_blank_row(rec) || columns_check_width(path, h, rec) < 0 || !rule_keeps(fc, rec) ||
	    split_number_check(path, h, rec) < 0)
		return;
	mt = row_metric(m, path, rec, h->col[COL_METRIC], fc->by_name, NULL);
	area = row_area(m, path, rec, h->col[COL_AREA_CODE], h->col[COL_AREA_NAME], NULL);
	if (!mt || area < 0)
		return;
	memset(&tmp, 0, sizeof(tmp));
	if (row_period(path, fc->rule, rec, h->col[COL_PERIOD], mt, &tmp.period) < 0)
		bad = 1;
	bad |= long_figures(path, h, rec, mt, &tmp);
	if (bad)
		return;
	if (tmp.flags & OBS_VALUE) {
		const struct csv_field *f = columns_field(rec, h->col[COL_VALUE]);
		tmp.flags &= ~OBS_SUPPRESSED;
		tmp.value_decimals = (unsigned char)cell_decimals(f->s, f->len);
	}
	tmp.flags |= OBS_DATA;
	o = keep_obs(m, mt, &tmp, area, path, rec->line,
		     columns_col(rec, h->col[COL_VALUE] >= 0 ? h->col[COL_VALUE] : h->col[COL_NUMERATOR]));
	if (h->col[COL_NOTE] >= 0)
		o->note = columns_text(m->a, rec, h->col[COL_NOTE]);
}

/* One row of a wide file; *last_code and *last_metric carry a repeated
 * row's blanks on.  -1 when the header is bad: once per file is enough. */
static int wide_row(struct model *m, const struct file_ctx *fc, const struct columns *h,
		    const struct csv_record *rec, const char **last_code, struct metric **last_metric)
{
	const struct csv_record *hdr = h->rec;
	const char *path = fc->path;
	struct metric *mt;
	int area;
	size_t c;

	if (columns_blank_row(rec) || columns_check_width(path, h, rec) < 0 || !rule_keeps(fc, rec))
		return 0;
	mt = row_metric(m, path, rec, h->col[COL_METRIC], fc->by_name, last_metric);
	area = row_area(m, path, rec, h->col[COL_AREA_CODE], h->col[COL_AREA_NAME], last_code);
	if (!mt || area < 0)
		return 0;
	for (c = 0; c < hdr->n && c < rec->n; c++) {
		struct obs tmp;
		if (h->used[c] || csvread_blank(&hdr->f[c]))
			continue;
		memset(&tmp, 0, sizeof(tmp));
		if (row_period_heading(path, fc->rule, &hdr->f[c], mt, &tmp.period) < 0)
			return -1;
		if (row_number(path, rec, (int)c, "value", &tmp.value, &tmp.flags, OBS_VALUE) < 0 ||
		    ((tmp.flags & OBS_VALUE) && row_check_unit(path, rec, (int)c, "value", mt, tmp.value) < 0))
			continue;
		if (csvread_blank(&rec->f[c]))
			continue;	/* not yet reported */
		if (tmp.flags & OBS_VALUE)
			tmp.value_decimals = (unsigned char)cell_decimals(rec->f[c].s, rec->f[c].len);
		tmp.flags |= OBS_DATA;
		keep_obs(m, mt, &tmp, area, path, rec->f[c].line, rec->f[c].col);
	}
	return 0;
}

/* ---- the header of a data file ---- */

/* Columns a [data FILE] rule says to leave alone: no warning for them. */
static void mark_ignored(const struct file_rule *r, struct columns *h)
{
	size_t i;
	const char *p;

	if (!r || !r->ignore)
		return;
	for (i = 0; i < h->rec->n; i++) {
		char want[64], got[64];
		columns_normalise(h->rec->f[i].s, h->rec->f[i].len, got, sizeof(got));
		for (p = r->ignore; *p;) {
			const char *end = strchr(p, ',');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			columns_normalise(p, len, want, sizeof(want));
			if (*want && !strcmp(want, got))
				h->used[i] = 1;
			p += len;
			if (*p == ',')
				p++;
		}
	}
}

/* The columns a [data FILE] rule keeps rows by, into fc->keep_col and
 * marked as read; -1 when the file lacks one (reported against site.ini). */
static int keep_columns(struct model *m, const char *path, const struct file_rule *rule,
			struct columns *h, struct file_ctx *fc)
{
	const struct csv_record *hdr = h->rec;
	size_t c, k;

	if (!rule || !rule->n_keep)
		return 0;
	fc->keep_col = arena_alloc(m->a, rule->n_keep * sizeof(int));
	for (k = 0; k < rule->n_keep; k++) {
		char want[64], got[64];
		fc->keep_col[k] = -1;
		columns_normalise(rule->keep[k].column, strlen(rule->keep[k].column), want, sizeof(want));
		for (c = 0; c < hdr->n; c++) {
			columns_normalise(hdr->f[c].s, hdr->f[c].len, got, sizeof(got));
			if (!strcmp(want, got)) {
				fc->keep_col[k] = (int)c;
				h->used[c] = 1;
			}
		}
		if (fc->keep_col[k] < 0) {
			diag_error(model_path(m, "site.ini"), rule->line, 0,
				   "[data %s] keeps rows by column '%s', which %s does not have",
				   rule->file, rule->keep[k].column, path);
			return -1;
		}
	}
	return 0;
}

static const char *file_stem(struct arena *a, const char *name)
{
	size_t len = strlen(name);
	const char *dot = strrchr(name, '.');
	if (dot && dot > name && (!strcasecmp(dot, ".csv") || !strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".ods")))
		len = (size_t)(dot - name);
	return arena_strndup(a, name, len);
}

/* Without a metric column, the metric of every row: set by the file's rule,
 * or the one the file is named after, into fc->by_name.  -1 when neither,
 * or both a rule and a column name it (reported). */
static int file_metric(struct model *m, const char *path, const char *name, const struct file_rule *rule,
		       const struct columns *h, struct file_ctx *fc)
{
	if (rule && rule->metric && *rule->metric) {
		if (h->col[COL_METRIC] >= 0) {
			diag_error(path, 1, h->rec->f[h->col[COL_METRIC]].col,
				   "this file has a metric column and site.ini [data %s] sets metric = %s: use one",
				   rule->file, rule->metric);
			return -1;
		}
		fc->by_name = model_metric(m, rule->metric, strlen(rule->metric));
		if (!fc->by_name) {
			diag_error(model_path(m, "site.ini"), rule->line, 0, "[data %s] metric = '%s' is not in metrics.csv",
				   rule->file, rule->metric);
			return -1;
		}
	} else if (h->col[COL_METRIC] < 0) {
		const char *stem = file_stem(m->a, name);
		fc->by_name = model_metric(m, stem, strlen(stem));
		if (!fc->by_name) {
			diag_error(path, 1, 1, "no 'metric' column, and '%s' is not a metric id: add a metric "
				   "column, name the file after its metric, or set 'metric =' under [data %s] in site.ini",
				   stem, name);
			return -1;
		}
	}
	return 0;
}

/* How the rows of a data file are read: DATA_HEADER until its header row
 * is seen. */
enum data_state { DATA_HEADER, DATA_LONG, DATA_WIDE, DATA_REFUSED };

/* Long (a period column) or wide (periods for column names), from the
 * columns the header names, which are then marked as read; DATA_REFUSED
 * when it is neither (reported). */
static enum data_state file_shape(const char *path, struct columns *h)
{
	const struct csv_record *hdr = h->rec;
	size_t c;
	int wide = 0;

	if (h->col[COL_AREA_CODE] < 0) {
		diag_error(path, 1, 1, "the required column 'area_code' is missing (also read as 'AreaCode', 'Area Code' or 'Code')");
		return DATA_REFUSED;
	}
	if (h->col[COL_PERIOD] >= 0) {
		if (h->col[COL_VALUE] < 0 && h->col[COL_NUMERATOR] < 0) {
			diag_error(path, 1, 1, "no 'value' column, nor 'numerator' with 'denominator'");
			return DATA_REFUSED;
		}
		if (h->col[COL_VALUE] < 0 && h->col[COL_DENOMINATOR] < 0) {
			diag_error(path, 1, 1, "a 'numerator' column needs a 'denominator' column (or a 'value' column)");
			return DATA_REFUSED;
		}
		columns_warn_unused(path, h);
		return DATA_LONG;
	}
	/* wide: the other header cells are periods */
	for (c = 0; c < hdr->n; c++) {
		struct period p;
		if (!h->used[c] && period_parse(hdr->f[c].s, hdr->f[c].len, PERIOD_NONE, &p) == 0)
			wide = 1;
	}
	if (!wide) {
		diag_error(path, 1, 1, "neither a 'period' column nor period headers: expected "
			   "a long file (metric,area_code,period,value) or a wide one "
			   "(metric,area_code,area_name,2018-19 Q1,2018-19 Q2,...)");
		return DATA_REFUSED;
	}
	if (h->col[COL_VALUE] >= 0 || h->col[COL_NUMERATOR] >= 0) {
		diag_error(path, 1, 1, "a wide file has one column per period and no 'value' or "
			   "'numerator' column: add a 'period' column to make it long");
		return DATA_REFUSED;
	}
	for (c = 0; c < hdr->n; c++)
		h->used[c] = h->used[c] || h->col[COL_METRIC] == (int)c || h->col[COL_AREA_CODE] == (int)c ||
			     h->col[COL_AREA_NAME] == (int)c;
	return DATA_WIDE;
}

/* A data file read a row at a time: its header first. */
struct data_stream {
	struct model *m;
	const char *name;
	struct columns h;
	struct file_ctx fc;
	enum data_state state;
	const char *last_code;		/* wide: what a repeated row's blanks mean */
	struct metric *last_metric;
};

/* The header row of a data file: how to read the rest, or DATA_REFUSED
 * (reported). */
static enum data_state data_header(struct data_stream *ds, const struct csv_table *t)
{
	static const enum column wanted[] = { COL_METRIC, COL_AREA_CODE, COL_AREA_NAME, COL_PERIOD,
		COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN, COL_NOTE, COL_LOWER_CI, COL_UPPER_CI };
	struct model *m = ds->m;
	struct file_rule *rule = settings_file_rule(&m->settings, ds->name);
	struct columns h;
	struct file_ctx fc;
	enum data_state state;

	memset(&fc, 0, sizeof(fc));
	fc.path = t->path;
	fc.rule = rule;
	if (rule)
		rule->used = 1;
	if (columns_read(m->a, t->path, &t->rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0 ||
	    keep_columns(m, t->path, rule, &h, &fc) < 0)
		return DATA_REFUSED;
	mark_ignored(rule, &h);
	if (file_metric(m, t->path, ds->name, rule, &h, &fc) < 0)
		return DATA_REFUSED;
	state = file_shape(t->path, &h);
	if (state != DATA_REFUSED) {
		ds->h = h;
		ds->fc = fc;
	}
	return state;
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
		if (wide_row(ds->m, &ds->fc, &ds->h, rec, &ds->last_code, &ds->last_metric) < 0)
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
	struct file_rule *rule;
	int before = diag_errors(), rc;

	memset(&ds, 0, sizeof(ds));
	ds.m = m;
	ds.name = name;
	ds.state = DATA_HEADER;
	rule = settings_file_rule(&m->settings, name);
	if (rule)
		rule->used = 1;	/* even when the file cannot be read */
	rc = csvread_sheet_each(m->a, path, data, len, rule ? rule->sheet : NULL, &t, data_record, &ds);
	if (rc < 0)
		return -1;
	if (t.n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row such as 'metric,area_code,period,value'");
		return -1;
	}
	return diag_errors() > before ? -1 : 0;
}

int datafile_load(struct model *m, const char *path, const char *name)
{
	return data_load(m, path, name, NULL, 0);
}

int datafile_parse(struct model *m, const char *path, const char *name, const char *data, size_t len)
{
	return data_load(m, path, name, data ? data : "", len);
}

/* ---- plans.csv ---- */

int datafile_load_plans(struct model *m)
{
	static const enum column wanted[] = { COL_METRIC, COL_AREA_CODE, COL_PERIOD, COL_PLAN };
	const char *path = model_path(m, "plans.csv");
	struct csv_table t;
	struct columns h;
	size_t r;
	int before = diag_errors(), got = csvread_optional(m->a, path, &t);

	if (got <= 0)
		return got;
	if (t.n == 0)
		return 0;
	if (columns_read(m->a, path, &t.rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return -1;
	if (h.col[COL_METRIC] < 0 || h.col[COL_AREA_CODE] < 0 || h.col[COL_PERIOD] < 0 ||
	    h.col[COL_PLAN] < 0) {
		diag_error(path, 1, 1, "the header must name the columns metric, area_code, period and plan");
		return -1;
	}
	columns_warn_unused(path, &h);
	for (r = 1; r < t.n; r++) {
		const struct csv_record *rec = &t.rec[r];
		struct obs tmp;
		struct metric *mt;
		int area;

		if (columns_blank_row(rec) || columns_check_width(path, &h, rec) < 0)
			continue;
		mt = row_metric(m, path, rec, h.col[COL_METRIC], NULL, NULL);
		area = row_area(m, path, rec, h.col[COL_AREA_CODE], -1, NULL);
		if (!mt || area < 0)
			continue;
		memset(&tmp, 0, sizeof(tmp));
		if (row_period(path, NULL, rec, h.col[COL_PERIOD], mt, &tmp.period) < 0)
			continue;
		if (row_number(path, rec, h.col[COL_PLAN], "plan", &tmp.plan, &tmp.flags, OBS_PLAN) < 0 ||
		    !(tmp.flags & OBS_PLAN) ||
		    row_check_unit(path, rec, h.col[COL_PLAN], "plan", mt, tmp.plan) < 0)
			continue;
		keep_obs(m, mt, &tmp, area, path, rec->line, columns_col(rec, h.col[COL_PLAN]));
	}
	return diag_errors() > before ? -1 : 0;
}
