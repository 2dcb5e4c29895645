#include "row.h"
#include "cell.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct metric *row_metric(struct model *m, const char *path, const struct csv_record *rec, int col,
			  struct metric *by_name, struct metric **last)
{
	const char *s;
	size_t len;
	struct metric *mt;

	if (col < 0)
		return by_name;
	s = columns_trimmed(rec, col, &len);
	if (!len && last && *last)
		return *last;
	mt = model_metric(m, s, len);
	if (!mt) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "metric '%.*s' is not in metrics.csv", (int)(len > 64 ? 64 : len), s);
		return NULL;
	}
	if (last)
		*last = mt;
	return mt;
}

int row_area(struct model *m, const char *path, const struct csv_record *rec, int code_col, int name_col,
	     const char **last_code)
{
	size_t len;
	const char *s = columns_trimmed(rec, code_col, &len), *name;
	int i;

	if (!len) {
		if (last_code && *last_code) {
			s = *last_code;
			len = strlen(s);
		} else {
			diag_error(path, columns_line(rec, code_col), columns_col(rec, code_col),
				   "area code is blank: expected a code such as 'E08000009'");
			return -1;
		}
	}
	if (len > 64) {
		diag_error(path, columns_line(rec, code_col), columns_col(rec, code_col),
			   "area code '%.40s...' is too long: expected a code such as 'E08000009'", s);
		return -1;
	}
	i = model_area(m, s, len);
	if (i < 0 && m->has_area_list && m->settings.strict_areas) {
		diag_error(path, columns_line(rec, code_col), columns_col(rec, code_col),
			   "area '%.*s' is not in areas.csv", (int)len, s);
		return -1;
	}
	/* the name is copied only for an area that has none yet */
	name = name_col >= 0 && (i < 0 || !m->areas[i].name[0]) ? columns_text(m->a, rec, name_col) : NULL;
	i = model_add_area(m, s, len, name);
	if (last_code)
		*last_code = m->areas[i].code;
	return i;
}

static int all_digits(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return len > 0;
}

/* The period s[0..len), at line:col of path, as row_period. */
static int check_period(const char *path, const struct file_rule *rule, int line, int col,
			const struct metric *mt, const char *s, size_t len, struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	const char *t = s;
	size_t tl = len;

	cell_trim(&t, &tl);
	if (tl == 4 && all_digits(t, 4)) {
		/* a bare year says nothing of which year it is: the file's
		 * settings must */
		if (rule && rule->bare_year_financial) {
			int y = atoi(t);
			snprintf(tmp, sizeof(tmp), "%04d-%02d", y, (y + 1) % 100);
			return check_period(path, NULL, line, col, mt, tmp, strlen(tmp), p);
		}
		diag_error(path, line, col, "'%.4s' is a bare year: say how to read it with "
			   "'bare_year = financial' under [data %s] in site.ini, or write '%.4s-%02d'",
			   t, rule ? rule->file : strrchr(path, '/') ? strrchr(path, '/') + 1 : path, t,
			   (atoi(t) + 1) % 100);
		return -1;
	}
	if (period_parse(s, len, mt->frequency, p) < 0) {
		cell_trim(&s, &len);
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

int row_period(const char *path, const struct file_rule *rule, const struct csv_record *rec, int col,
	       const struct metric *mt, struct period *p)
{
	const struct csv_field *f = columns_field(rec, col);
	return check_period(path, rule, columns_line(rec, col), columns_col(rec, col), mt, f->s, f->len, p);
}

int row_period_heading(const char *path, const struct file_rule *rule, const struct csv_field *f,
		       const struct metric *mt, struct period *p)
{
	return check_period(path, rule, f->line, f->col, mt, f->s, f->len, p);
}

int row_number(const char *path, const struct csv_record *rec, int col, const char *what, double *v,
	       unsigned *flags, unsigned bit)
{
	const struct csv_field *f = columns_field(rec, col);
	enum cell_kind k;

	if (col < 0)
		return 0;
	k = cell_parse(f->s, f->len, v);
	switch (k) {
	case CELL_NUMBER:
		if (!(fabs(*v) < MODEL_MAX_FIGURE)) {
			diag_error(path, columns_line(rec, col), columns_col(rec, col),
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
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "%s '%.60s' is not a number: expected e.g. '2536', '2,536', '78.5%%', or '*' for suppressed",
			   what, f->s);
		return -1;
	}
}

/* A plan is a figure of its metric's unit too. */
int row_check_unit(const char *path, const struct csv_record *rec, int col, const char *what,
		   const struct metric *mt, double v)
{
	size_t len;
	const char *s = columns_trimmed(rec, col, &len);

	if (mt->unit == UNIT_PERCENT && (v < 0 || v > 100)) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "%s '%.*s' is not a percentage: '%s' is a percent, from 0 to 100",
			   what, (int)(len > 60 ? 60 : len), s, mt->id);
		return -1;
	}
	if (v < 0 && mt->unit != UNIT_NUMBER && mt->unit != UNIT_PERCENT) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "%s '%.*s' is negative: '%s' is %s, which cannot be (unit 'number' is for "
			   "figures that can)",
			   what, (int)(len > 60 ? 60 : len), s, mt->id,
			   mt->unit == UNIT_COUNT ? "a count" : mt->unit == UNIT_RATE ? "a rate" : "a number of days");
		return -1;
	}
	return 0;
}
