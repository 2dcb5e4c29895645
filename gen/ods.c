/* OpenDocument spreadsheets (.ods): content.xml holds every sheet
 * (table:table), each row and cell possibly repeated, each cell's value
 * in office: attributes and its text in text:p paragraphs. */
#include "workbook.h"
#include "workbook_impl.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>

/* A repeat count beyond which cells are not copied: trailing blank rows
 * and columns are written as one element repeated a million times. */
#define ODS_REPEAT_CAP 4096

struct ods {
	struct wb *w;			/* first: see wb_parse */
	char names[512];		/* the sheets, for a message */
	int in_sheet, done;		/* in the sheet wanted; it has been read */
	int row, col;			/* 1-based: of the next row and cell */
	int row_repeat;
	size_t row_first;		/* its first cell in w->cells */
	int in_cell, cell_repeat, paragraphs, error, formula;
	int in_note;			/* in a comment, whose text is not the cell's */
	const char *value;		/* the cell's value, when not its text */
};

static long repeat(const char **atts, const char *local)
{
	const char *v = wb_attr(atts, local, NULL);
	long n = v ? strtol(v, NULL, 10) : 1;
	return n < 1 ? 1 : n > WORKBOOK_MAX_ROWS ? WORKBOOK_MAX_ROWS : n;
}

static void cell_start(struct ods *o, const char **atts)
{
	struct wb *w = o->w;
	const char *type = wb_attr(atts, "value-type", "opendocument:xmlns:office");
	const char *calc = wb_attr(atts, "value-type", "calcext");
	const char *v = wb_attr(atts, "value", "opendocument:xmlns:office");

	o->in_cell = 1;
	o->cell_repeat = (int)repeat(atts, "number-columns-repeated");
	o->paragraphs = 0;
	o->error = calc && !strcmp(calc, "error");
	o->formula = wb_attr(atts, "formula", NULL) != NULL;
	o->value = NULL;
	wb_text_reset(w);
	if (!type || o->error)
		return;
	if (!strcmp(type, "percentage") && v)
		o->value = wb_percent(w->a, v);
	else if ((!strcmp(type, "float") || !strcmp(type, "currency")) && v)
		o->value = wb_number(w->a, v);
	else if (!strcmp(type, "date") && (v = wb_attr(atts, "date-value", NULL)) && strlen(v) >= 10)
		o->value = arena_strndup(w->a, v, 10);
	else if (!strcmp(type, "boolean") && (v = wb_attr(atts, "boolean-value", NULL)))
		o->value = !strcmp(v, "true") ? WB_TRUE : WB_FALSE;
}

/* A formula's error as a spreadsheet shows it. */
static int is_error_text(const char *s)
{
	static const char *const names[] = { "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(s, names[i]))
			return 1;
	return !strncmp(s, "Err:", 4);
}

static void cell_end(struct ods *o)
{
	struct wb *w = o->w;
	const char *s = o->value ? o->value : w->text ? w->text : "";
	size_t len = strlen(s);
	int k, n = o->cell_repeat;

	o->in_cell = 0;
	/* an error without calcext:value-type, as older LibreOffice saves it */
	o->error |= o->formula && !o->value && is_error_text(s);
	if (o->error || (o->formula && !o->value && !w->text_len)) {
		if (o->error && !w->error_cells++) {
			w->error_row = o->row;
			w->error_col = o->col;
		}
		if (!o->error)
			wb_fail(w, o->row, o->col, "a formula with no value saved: open the workbook in a "
				"spreadsheet program and save it again, so that its values are stored");
		o->col += n;
		return;
	}
	if (len && n > ODS_REPEAT_CAP) {
		wb_fail(w, o->row, o->col, "a cell repeated %d times: the limit is %d columns", n, CSVREAD_MAX_FIELDS);
		return;
	}
	for (k = 0; len && k < n; k++)
		if (wb_cell(w, o->row, o->col + k, s, len) < 0)
			return;
	o->col += n;
}

/* The cells of a repeated row, copied for each repeat. */
static void row_end(struct ods *o)
{
	struct wb *w = o->w;
	size_t last = w->n_cells, i;
	int k;

	if (last > o->row_first) {
		if ((size_t)o->row_repeat * (last - o->row_first) > WORKBOOK_MAX_CELLS) {
			wb_fail(w, o->row, 0, "a row repeated %d times: refused", o->row_repeat);
			return;
		}
		for (k = 1; k < o->row_repeat && !w->failed; k++)
			for (i = o->row_first; i < last && !w->failed; i++)
				wb_cell(w, o->row + k, w->cells[i].col, w->cells[i].s, w->cells[i].len);
	}
	o->row += o->row_repeat;
}

static void XMLCALL content_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct ods *o = ud;
	struct wb *w = o->w;
	const char *l = wb_local(name);

	if (!strcmp(l, "table") && strstr(name, "table:1.0|")) {
		const char *nm = wb_attr(atts, "name", NULL);
		size_t used = strlen(o->names);
		if (!nm)
			nm = "";
		if (used + strlen(nm) + 5 < sizeof(o->names))
			strcat(strcat(strcat(o->names, used ? ", '" : "'"), nm), "'");
		if (!o->done && !w->sheet_name && (!w->sheet || !strcmp(w->sheet, nm))) {
			w->sheet_name = arena_strdup(w->a, nm);
			o->in_sheet = 1;
			o->row = 1;
		}
	} else if (!o->in_sheet) {
		return;
	} else if (!strcmp(l, "table-row")) {
		o->row_repeat = (int)repeat(atts, "number-rows-repeated");
		o->row_first = w->n_cells;
		o->col = 1;
	} else if (!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) {
		cell_start(o, atts);
	} else if (!strcmp(l, "annotation")) {
		o->in_note = 1;
	} else if (o->in_note) {
		return;
	} else if (o->in_cell && !strcmp(l, "p")) {
		if (o->paragraphs++)
			wb_text_add(w, "\n", 1);
	} else if (o->in_cell && !strcmp(l, "s")) {
		long n = repeat(atts, "c");
		while (n-- > 0 && !w->failed)
			wb_text_add(w, " ", 1);
	} else if (o->in_cell && !strcmp(l, "tab")) {
		wb_text_add(w, "\t", 1);
	} else if (o->in_cell && !strcmp(l, "line-break")) {
		wb_text_add(w, "\n", 1);
	}
}

static void XMLCALL content_end(void *ud, const XML_Char *name)
{
	struct ods *o = ud;
	const char *l = wb_local(name);

	if (!o->in_sheet || o->w->failed)
		return;
	if (!strcmp(l, "annotation")) {
		o->in_note = 0;
	} else if (!strcmp(l, "table") && strstr(name, "table:1.0|")) {
		o->in_sheet = 0;
		o->done = 1;
	} else if (!strcmp(l, "table-row")) {
		row_end(o);
	} else if (!strcmp(l, "table-cell") || !strcmp(l, "covered-table-cell")) {
		cell_end(o);
	}
}

static void XMLCALL content_chars(void *ud, const XML_Char *s, int len)
{
	struct ods *o = ud;
	if (o->in_cell && o->paragraphs && !o->in_note)
		wb_text_add(o->w, s, (size_t)len);
}

int ods_read(struct wb *w)
{
	struct ods o;

	memset(&o, 0, sizeof(o));
	o.w = w;
	if (wb_parse(w, "content.xml", 0, content_start, content_end, content_chars, &o) < 0)
		return -1;
	return w->sheet_name ? 0 : wb_no_sheet(w, o.names);
}
