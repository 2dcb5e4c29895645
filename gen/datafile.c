#include "datafile.h"
#include "arena.h"
#include "cell.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"
#include "layout.h"
#include "model.h"
#include "row.h"
#include "rownotes.h"

#include <string.h>
#include <strings.h>

/* One data file being read: where, by what rule, which rows to keep. */
struct file_ctx {
	const char *path;
	const struct file_rule *rule;	/* from site.ini, or NULL */
	struct metric *by_name;		/* the metric every row belongs to, or NULL */
	int *keep_col;			/* column of each keep condition */
	struct layout lay;		/* the fields site.ini makes for each row */
	struct row_notes *notes;	/* its other columns, for messages about twice-given points */
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
		if (c < 0 || (size_t)c + 1 >= h->rec->n || (size_t)c + 1 >= rec->n)
			continue;	/* last, or made by site.ini */
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
static void long_row(struct model *m, struct file_ctx *fc, const struct columns *h,
		     const struct csv_record *rec)
{
	const char *path = fc->path;
	struct metric *mt;
	struct obs *o, tmp;
	int area, bad = 0;

	if (columns_blank_row(rec) || columns_check_width(path, h, rec) < 0 || !rule_keeps(fc, rec))
		return;
	rec = layout_row(m->a, &fc->lay, rec);
	if (split_number_check(path, h, rec) < 0)
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
	rownotes_row(m, fc->notes, rec);
	if (h->col[COL_NOTE] >= 0)
		o->note = columns_text(m->a, rec, h->col[COL_NOTE]);
}

/* One row of a wide file; *last_code and *last_metric carry a repeated
 * row's blanks on.  -1 when the header is bad: once per file is enough. */
static int wide_row(struct model *m, struct file_ctx *fc, const struct columns *h,
		    const struct csv_record *rec, const char **last_code, struct metric **last_metric)
{
	const struct csv_record *hdr = h->rec;
	const char *path = fc->path;
	struct metric *mt;
	int area;
	size_t c;

	if (columns_blank_row(rec) || columns_check_width(path, h, rec) < 0 || !rule_keeps(fc, rec))
		return 0;
	rec = layout_row(m->a, &fc->lay, rec);
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

/* Columns a [data FILE] rule says to leave alone: not read, whatever
 * their name, and no warning for them. */
static void mark_ignored(const struct file_rule *r, struct columns *h)
{
	size_t i, k;
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
			if (*want && !strcmp(want, got)) {
				h->used[i] = 1;
				for (k = 0; k < COL__N; k++)
					if (h->col[k] == (int)i)
						h->col[k] = -1;
			}
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
				   rule->section, rule->keep[k].column, path);
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

/* Without a metric column, the metric of every row: set by the file's rule
 * (which then replaces any metric column), or the one the file is named
 * after, into fc->by_name.  -1 when neither (reported). */
static int file_metric(struct model *m, const char *path, const char *name, const struct file_rule *rule,
		       const struct columns *h, struct file_ctx *fc)
{
	if (rule && rule->metric && *rule->metric) {
		fc->by_name = model_metric(m, rule->metric, strlen(rule->metric));
		if (!fc->by_name) {
			diag_error(model_path(m, "site.ini"), rule->map[0].at.line, rule->map[0].at.col,
				   "[data %s] metric = '%s' is not in metrics.csv", rule->section, rule->metric);
			return -1;
		}
	} else if (h->col[COL_METRIC] < 0) {
		const char *stem = file_stem(m->a, name);
		fc->by_name = model_metric(m, stem, strlen(stem));
		if (!fc->by_name) {
			diag_error(path, h->rec->line, 1, "no 'metric' column, and '%s' is not a metric id: add a metric "
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
		diag_error(path, hdr->line, 1, "the required column 'area_code' is missing (also read as 'AreaCode', "
			   "'Area Code' or 'Code'; or set 'area_code =' in the file's [data] section of site.ini)");
		return DATA_REFUSED;
	}
	if (h->col[COL_PERIOD] >= 0) {
		if (h->col[COL_VALUE] < 0 && h->col[COL_NUMERATOR] < 0) {
			diag_error(path, hdr->line, 1, "no 'value' column, nor 'numerator' with 'denominator'");
			return DATA_REFUSED;
		}
		if (h->col[COL_VALUE] < 0 && h->col[COL_DENOMINATOR] < 0) {
			diag_error(path, hdr->line, 1, "a 'numerator' column needs a 'denominator' column (or a 'value' column)");
			return DATA_REFUSED;
		}
		return DATA_LONG;
	}
	/* wide: the other header cells are periods */
	for (c = 0; c < hdr->n; c++) {
		struct period p;
		if (!h->used[c] && period_parse(hdr->f[c].s, hdr->f[c].len, PERIOD_NONE, &p) == 0)
			wide = 1;
	}
	if (!wide) {
		diag_error(path, hdr->line, 1, "neither a 'period' column nor period headers: expected "
			   "a long file (metric,area_code,period,value) or a wide one "
			   "(metric,area_code,area_name,2018-19 Q1,2018-19 Q2,...)");
		return DATA_REFUSED;
	}
	if (h->col[COL_VALUE] >= 0 || h->col[COL_NUMERATOR] >= 0) {
		diag_error(path, hdr->line, 1, "a wide file has one column per period and no 'value' or "
			   "'numerator' column: add a 'period' column to make it long");
		return DATA_REFUSED;
	}
	for (c = 0; c < hdr->n; c++)
		h->used[c] = h->used[c] || h->col[COL_METRIC] == (int)c || h->col[COL_AREA_CODE] == (int)c ||
			     h->col[COL_AREA_NAME] == (int)c;
	return DATA_WIDE;
}

/* A data file read a row at a time, as one [data FILE] section says (or
 * none): its header first. */
struct data_stream {
	struct model *m;
	const char *name;
	struct file_rule *rule;		/* or NULL */
	struct columns h;
	struct file_ctx fc;
	enum data_state state;
	const char *last_code;		/* wide: what a repeated row's blanks mean */
	struct metric *last_metric;
	int warned;			/* its unread columns are told */
};

/* The header row hdr of a data file: how to read the rest, or
 * DATA_REFUSED (reported). */
static enum data_state data_header(struct data_stream *ds, const char *path, const struct csv_record *hdr)
{
	static const enum column wanted[] = { COL_METRIC, COL_AREA_CODE, COL_AREA_NAME, COL_PERIOD,
		COL_VALUE, COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN, COL_NOTE, COL_LOWER_CI, COL_UPPER_CI };
	struct model *m = ds->m;
	struct file_rule *rule = ds->rule;
	struct columns h;
	struct file_ctx fc;
	enum data_state state;

	memset(&fc, 0, sizeof(fc));
	fc.path = path;
	fc.rule = rule;
	if (columns_read(m->a, path, hdr, &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0 ||
	    keep_columns(m, path, rule, &h, &fc) < 0)
		return DATA_REFUSED;
	if (h.col[COL_PERIOD] >= 0)	/* long: the columns not read, ignored ones too */
		fc.notes = rownotes_begin(m, path, ds->name, &h);
	mark_ignored(rule, &h);
	if (layout_map(m->a, model_path(m, "site.ini"), path, rule, &h, &fc.lay) < 0 ||
	    file_metric(m, path, ds->name, rule, &h, &fc) < 0)
		return DATA_REFUSED;
	state = file_shape(path, &h);
	if (state != DATA_REFUSED) {
		ds->h = h;
		ds->fc = fc;
	}
	return state;
}

/* A record before the header: the header when it is on the line the rule
 * says (a copy, for the stream keeps only its first record).  DATA_HEADER
 * while still before it. */
static enum data_state data_before(struct data_stream *ds, const struct csv_table *t,
				   const struct csv_record *rec)
{
	const struct file_rule *r = ds->rule;

	if (!r || !r->header_row)
		return data_header(ds, t->path, rec);
	if (rec->line < r->header_row)
		return DATA_HEADER;	/* the preamble: title and source lines */
	if (rec->line > r->header_row) {
		diag_error(model_path(ds->m, "site.ini"), r->header_row_at.line, r->header_row_at.col,
			   "[data %s] header_row = %d, but line %d of %s is blank: expected the line "
			   "of the file's column names", r->section, r->header_row, r->header_row, t->path);
		return DATA_REFUSED;
	}
	return data_header(ds, t->path, rec == &t->rec[0] ? rec : layout_copy(ds->m->a, rec));
}

/* Each record of a data file, for each section that reads it. */
struct data_streams {
	struct data_stream *ds;
	size_t n;
	int headers;			/* every stream is past its header */
};

/* Warn about the columns of a long file that no section reading it from
 * the same header reads: once, not once per section. */
static void data_warn_unused(struct arena *a, const char *path, struct data_streams *all)
{
	size_t i, j;

	for (i = 0; i < all->n; i++) {
		struct data_stream *ds = &all->ds[i];
		struct columns h;
		if (ds->state != DATA_LONG || ds->warned)
			continue;
		h = ds->h;
		h.used = arena_alloc(a, h.rec->n + 1);
		memcpy(h.used, ds->h.used, h.rec->n);
		for (j = i; j < all->n; j++) {
			struct data_stream *o = &all->ds[j];
			size_t c;
			if (o->state != DATA_LONG || o->h.rec->line != h.rec->line)
				continue;
			for (c = 0; c < h.rec->n && c < o->h.rec->n; c++)
				h.used[c] |= o->h.used[c];
			o->warned = 1;
		}
		columns_warn_unused(path, &h);
	}
}

static void data_record(void *ctx, const struct csv_table *t, const struct csv_record *rec)
{
	struct data_streams *all = ctx;
	size_t i;

	for (i = 0; i < all->n; i++) {
		struct data_stream *ds = &all->ds[i];
		switch (ds->state) {
		case DATA_HEADER:
			ds->state = data_before(ds, t, rec);
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
	if (!all->headers) {
		for (i = 0; i < all->n && all->ds[i].state != DATA_HEADER; i++)
			;
		all->headers = i == all->n;
		if (all->headers)
			data_warn_unused(all->ds[0].m->a, t->path, all);
	}
}

/* A stream for each section that reads the file called name (one with no
 * rule when none does), in all; each rule marked as used. */
static void data_streams(struct model *m, const char *name, struct data_streams *all)
{
	struct file_rule *r = settings_file_rule(&m->settings, name), *q;
	size_t n = 0;

	for (q = r; q; q = settings_next_rule(&m->settings, q))
		n++;
	all->n = n ? n : 1;
	all->headers = 0;
	all->ds = arena_alloc(m->a, all->n * sizeof(*all->ds));
	memset(all->ds, 0, all->n * sizeof(*all->ds));
	for (n = 0; n < all->n; n++) {
		all->ds[n].m = m;
		all->ds[n].name = name;
		all->ds[n].rule = r;
		all->ds[n].state = DATA_HEADER;
		if (r) {
			r->used = 1;
			r = settings_next_rule(&m->settings, r);
		}
	}
}

/* Read a data file (from memory when data is not NULL). */
static int data_load(struct model *m, const char *path, const char *name, const char *data, size_t len)
{
	struct data_streams all;
	struct csv_table t;
	struct file_rule *rule;
	int before = diag_errors(), rc;
	size_t i;

	data_streams(m, name, &all);
	/* a workbook's sheet: the first section's (one file is read once) */
	rule = settings_file_rule(&m->settings, name);
	rc = csvread_sheet_each(m->a, path, data, len, rule ? rule->sheet : NULL, &t, data_record, &all);
	if (rc < 0)
		return -1;
	if (t.n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row such as 'metric,area_code,period,value'");
		return -1;
	}
	for (i = 0; i < all.n; i++) {
		const struct file_rule *r = all.ds[i].rule;
		if (all.ds[i].state == DATA_HEADER && r)
			diag_error(model_path(m, "site.ini"), r->header_row_at.line, r->header_row_at.col,
				   "[data %s] header_row = %d, but %s ends before line %d: expected the line "
				   "of the file's column names", r->section, r->header_row, path, r->header_row);
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
