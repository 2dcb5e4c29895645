/* annotations.csv: metric, area_code, period, text.  Read after the data
 * files, so that an area code is checked against every area there is. */
#include "annotations.h"
#include "arena.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"
#include "model.h"
#include "row.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The area in column col: -1 when blank (every area), -2 when it names
 * none (reported). */
static int note_area(const struct model *m, const char *path, const struct csv_record *rec, int col)
{
	size_t len;
	const char *s = columns_trimmed(rec, col, &len);
	int i;

	if (!len)
		return -1;
	i = model_area(m, s, len);
	if (i < 0)
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "area '%.*s' has no figures in any data file%s: expected one of the areas, or a blank "
			   "area_code for every area", (int)(len > 64 ? 64 : len), s,
			   m->has_area_list ? " and is not in areas.csv" : "");
	return i < 0 ? -2 : i;
}

/* 0 when the text s[0..len) is one line of at most ANNOTATION_MAX_TEXT
 * characters, else -1 (reported at line:col). */
static int note_text(const char *path, int line, int col, const char *s, size_t len)
{
	size_t i, chars = 0;

	if (!len) {
		diag_error(path, line, col, "the annotation's text is blank: expected a few words on the event, "
			   "e.g. 'new discharge pathway'");
		return -1;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* C0 controls, DEL, and C1 controls (U+0080-U+009F, 0xC2 0x80-0x9F) */
		int ctl = c < 0x20 || c == 0x7f ||
			  (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] < 0xa0);
		if (ctl) {
			char what[16];
			snprintf(what, sizeof(what), "U+%04X", c == 0xc2 ? (unsigned char)s[i + 1] : c);
			diag_error(path, line, col, "the annotation's text holds a control character (%s) at "
				   "character %zu: expected one line of text",
				   c == '\n' || c == '\r' ? "a line break" : c == '\t' ? "a tab" : what, chars + 1);
			return -1;
		}
		if ((c & 0xc0) != 0x80)
			chars++;
	}
	if (chars > ANNOTATION_MAX_TEXT) {
		diag_error(path, line, col, "the annotation's text is %zu characters long: expected at most %d, "
			   "a line under the chart", chars, ANNOTATION_MAX_TEXT);
		return -1;
	}
	return 0;
}

/* The note of mt like n (area, period, text), or NULL. */
static const struct annotation *note_same(const struct metric *mt, const struct annotation *n)
{
	size_t i;

	for (i = 0; i < mt->n_notes; i++)
		if (mt->notes[i].area == n->area && !period_cmp(&mt->notes[i].period, &n->period) &&
		    !strcmp(mt->notes[i].text, n->text))
			return &mt->notes[i];
	return NULL;
}

/* One row into its metric's notes; -1 when it is at fault (reported). */
static int note_row(struct model *m, const char *path, const struct columns *h, const struct csv_record *rec)
{
	struct annotation n;
	const struct annotation *same;
	struct metric *mt;
	const char *s;
	size_t len;
	int tc = h->col[COL_TEXT];

	mt = row_metric(m, path, rec, h->col[COL_METRIC], NULL, NULL);
	n.area = note_area(m, path, rec, h->col[COL_AREA_CODE]);
	if (!mt || n.area == -2 || row_period(path, NULL, rec, h->col[COL_PERIOD], mt, &n.period) < 0)
		return -1;
	s = columns_trimmed(rec, tc, &len);
	if (note_text(path, columns_line(rec, tc), columns_col(rec, tc), s, len) < 0)
		return -1;
	n.text = arena_strndup(m->a, s, len);
	n.line = rec->line;
	same = note_same(mt, &n);
	if (same) {
		diag_error(path, rec->line, 1, "the same annotation as line %d (metric, area, period and text): "
			   "expected each event once", same->line);
		return -1;
	}
	mt->notes = arena_grow(m->a, mt->notes, sizeof(*mt->notes), &mt->cap_notes, mt->n_notes + 1);
	mt->notes[mt->n_notes++] = n;
	return 0;
}

static int note_cmp(const void *x, const void *y)
{
	const struct annotation *a = x, *b = y;
	int c = period_cmp(&a->period, &b->period);
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* The table t read from path into m's metrics. */
static int annotations_table(struct model *m, const char *path, const struct csv_table *t)
{
	static const enum column wanted[] = { COL_METRIC, COL_AREA_CODE, COL_PERIOD, COL_TEXT };
	struct columns h;
	size_t r, i;
	int before = diag_errors();

	if (t->n == 0)
		return 0;
	if (columns_read(m->a, path, &t->rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return -1;
	if (h.col[COL_METRIC] < 0 || h.col[COL_AREA_CODE] < 0 || h.col[COL_PERIOD] < 0 || h.col[COL_TEXT] < 0) {
		diag_error(path, 1, 1, "the header must name the columns metric, area_code, period and text");
		return -1;
	}
	columns_warn_unused(path, &h);
	for (r = 1; r < t->n; r++) {
		const struct csv_record *rec = &t->rec[r];
		if (columns_blank_row(rec) || columns_check_width(path, &h, rec) < 0)
			continue;
		note_row(m, path, &h, rec);
	}
	for (i = 0; i < m->n_metrics; i++)
		if (m->metrics[i].n_notes > 1)
			qsort(m->metrics[i].notes, m->metrics[i].n_notes, sizeof(*m->metrics[i].notes), note_cmp);
	return diag_errors() > before ? -1 : 0;
}

int annotations_parse(struct model *m, const char *path, const char *data, size_t len)
{
	struct csv_table t;

	if (csvread_mem(m->a, path, data, len, &t) < 0)
		return -1;
	return annotations_table(m, path, &t);
}

int annotations_load(struct model *m)
{
	const char *path = model_path(m, "annotations.csv");
	struct csv_table t;
	int got = csvread_optional(m->a, path, &t);

	if (got <= 0)
		return got;
	return annotations_table(m, path, &t);
}
