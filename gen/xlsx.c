/* Excel workbooks (.xlsx, Office Open XML): xl/workbook.xml names the
 * sheets, its relationships where each one's XML is, xl/styles.xml which
 * cells are percents or dates, xl/sharedStrings.xml the text of most
 * cells. */
#include "workbook.h"
#include "workbook_impl.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum fmt { FMT_PLAIN, FMT_PERCENT, FMT_DATE };

struct xlsx {
	struct wb *w;			/* first: see wb_parse */
	int date1904;
	const char *rid;		/* of the sheet to read */
	const char *target;		/* its part */
	char names[512];		/* the sheets, for a message */
	/* styles */
	struct { int id; enum fmt f; } *numfmts;
	size_t n_numfmts, cap_numfmts;
	enum fmt *xf;			/* by cell style index */
	size_t n_xf, cap_xf;
	int in_cellxfs;
	/* shared strings */
	const char **sst;
	size_t *sst_len, n_sst, cap_sst, sst_bytes;
	int in_si, in_t, in_rph;
	/* the sheet */
	int row, col;			/* of the cell being read */
	char type[16];
	enum fmt cell_fmt;
	int in_v, in_f, has_f, has_v, in_is;
	const char *v;
};

/* A custom number format: a percent when it shows '%', a date when it
 * shows a day or year, or months without hours or seconds (h:mm is a
 * time), outside quotes, brackets and escapes. */
static enum fmt classify(const char *code)
{
	int q = 0, br = 0, dy = 0, m = 0, hs = 0;
	for (; *code; code++) {
		char c = *code;
		if (c == '"') q = !q;
		else if (q) continue;
		else if (c == '\\' && code[1]) code++;
		else if (c == '[') br = 1;
		else if (c == ']') br = 0;
		else if (br) continue;
		else if (c == '%') return FMT_PERCENT;
		else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') dy = 1;
		else if (c == 'm' || c == 'M') m = 1;
		else if (c == 'h' || c == 'H' || c == 's' || c == 'S') hs = 1;
		else if (c == ';') break;
	}
	return dy || (m && !hs) ? FMT_DATE : FMT_PLAIN;
}

static enum fmt builtin(int id)
{
	if (id == 9 || id == 10)
		return FMT_PERCENT;
	if ((id >= 14 && id <= 17) || id == 22)
		return FMT_DATE;
	return FMT_PLAIN;
}

static void XMLCALL book_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = wb_local(name), *v;

	if (!strcmp(l, "workbookPr") && (v = wb_attr(atts, "date1904", NULL)))
		x->date1904 = !strcmp(v, "1") || !strcmp(v, "true");
	if (!strcmp(l, "sheet")) {
		const char *nm = wb_attr(atts, "name", NULL), *id = wb_attr(atts, "id", "relationships");
		size_t used = strlen(x->names);
		if (!nm || !id)
			return;
		if (used + strlen(nm) + 5 < sizeof(x->names))
			strcat(strcat(strcat(x->names, used ? ", '" : "'"), nm), "'");
		if (!x->rid && (!x->w->sheet || !strcmp(x->w->sheet, nm))) {
			x->rid = arena_strdup(x->w->a, id);
			x->w->sheet_name = arena_strdup(x->w->a, nm);
		}
	}
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id = wb_attr(atts, "Id", NULL), *target = wb_attr(atts, "Target", NULL);

	if (strcmp(wb_local(name), "Relationship") || !id || !target || !x->rid || strcmp(id, x->rid))
		return;
	if (target[0] == '/')
		x->target = arena_strdup(x->w->a, target + 1);
	else
		x->target = arena_printf(x->w->a, "xl/%s", target);
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void XMLCALL no_chars(void *ud, const XML_Char *s, int len)
{
	(void)ud, (void)s, (void)len;
}

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = wb_local(name), *id = wb_attr(atts, "numFmtId", NULL);

	if (!strcmp(l, "cellXfs"))
		x->in_cellxfs = 1;
	else if (!strcmp(l, "numFmt") && id && wb_attr(atts, "formatCode", NULL) && x->n_numfmts < 1000) {
		x->numfmts = arena_grow(x->w->a, x->numfmts, sizeof(*x->numfmts), &x->cap_numfmts, x->n_numfmts + 1);
		x->numfmts[x->n_numfmts].id = atoi(id);
		x->numfmts[x->n_numfmts++].f = classify(wb_attr(atts, "formatCode", NULL));
	} else if (!strcmp(l, "xf") && x->in_cellxfs && x->n_xf < 65536) {
		int n = id ? atoi(id) : 0;
		size_t i;
		enum fmt f = builtin(n);
		for (i = 0; i < x->n_numfmts; i++)
			if (x->numfmts[i].id == n)
				f = x->numfmts[i].f;
		x->xf = arena_grow(x->w->a, x->xf, sizeof(*x->xf), &x->cap_xf, x->n_xf + 1);
		x->xf[x->n_xf++] = f;
	}
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	if (!strcmp(wb_local(name), "cellXfs"))
		x->in_cellxfs = 0;
}

/* Text of <t> in a shared or inline string, leaving out phonetic runs. */
static void XMLCALL text_chars(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;
	if ((x->in_t && !x->in_rph) || x->in_v)
		wb_text_add(x->w, s, (size_t)len);
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *l = wb_local(name);
	(void)atts;
	if (!strcmp(l, "si")) {
		x->in_si = 1;
		wb_text_reset(x->w);
	} else if (!strcmp(l, "t")) {
		x->in_t = 1;
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	struct wb *w = x->w;
	const char *l = wb_local(name);

	if (!strcmp(l, "t"))
		x->in_t = 0;
	else if (!strcmp(l, "rPh"))
		x->in_rph = 0;
	else if (!strcmp(l, "si") && x->in_si) {
		x->in_si = 0;
		x->sst_bytes += w->text_len + 1;
		if (x->n_sst >= WORKBOOK_MAX_STRINGS || x->sst_bytes > WORKBOOK_MAX_STRING_BYTES) {
			wb_fail(w, 0, 0, "more than %d shared strings or %u MiB of them: refused",
				WORKBOOK_MAX_STRINGS, WORKBOOK_MAX_STRING_BYTES >> 20);
			return;
		}
		if (x->n_sst == x->cap_sst) {
			x->cap_sst = x->cap_sst ? x->cap_sst * 2 : 256;
			x->sst = xrealloc(x->sst, x->cap_sst * sizeof(*x->sst));
			x->sst_len = xrealloc(x->sst_len, x->cap_sst * sizeof(*x->sst_len));
		}
		x->sst[x->n_sst] = arena_strndup(w->a, w->text ? w->text : "", w->text_len);
		x->sst_len[x->n_sst++] = w->text_len;
	}
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	struct wb *w = x->w;
	const char *l = wb_local(name), *r;

	if (!strcmp(l, "row")) {
		r = wb_attr(atts, "r", NULL);
		x->row = r ? atoi(r) : x->row + 1;
		x->col = 0;
		if (x->row < 1 || x->row > WORKBOOK_MAX_ROWS)
			wb_fail(w, 0, 0, "a row numbered %s: the limit is %d rows", r ? r : "?", WORKBOOK_MAX_ROWS);
	} else if (!strcmp(l, "c")) {
		const char *t = wb_attr(atts, "t", NULL), *s = wb_attr(atts, "s", NULL);
		int row = x->row;
		r = wb_attr(atts, "r", NULL);
		x->col = r ? workbook_ref(r, &row) : x->col + 1;
		if (x->col < 1 || (r && row != x->row)) {
			wb_fail(w, x->row, 0, "cell reference '%s' is not in row %d: is the workbook damaged?",
				r ? r : "", x->row);
			return;
		}
		snprintf(x->type, sizeof(x->type), "%s", t ? t : "n");
		x->cell_fmt = s && (size_t)atoi(s) < x->n_xf ? x->xf[atoi(s)] : FMT_PLAIN;
		x->has_f = x->has_v = x->in_is = 0;
		x->v = NULL;
		wb_text_reset(w);
	} else if (!strcmp(l, "v")) {
		x->in_v = 1;
		wb_text_reset(w);
	} else if (!strcmp(l, "f")) {
		x->has_f = 1;
	} else if (!strcmp(l, "is")) {
		x->in_is = 1;
		wb_text_reset(w);
	} else if (!strcmp(l, "t") && x->in_is) {
		x->in_t = 1;
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 1;
	}
}

/* The text of the cell just read, as its CSV export would show it. */
static void sheet_cell(struct xlsx *x)
{
	struct wb *w = x->w;
	const char *v = x->v, *out;
	char date[11];

	if (!strcmp(x->type, "inlineStr")) {
		wb_cell(w, x->row, x->col, w->text ? w->text : "", w->text_len);
		return;
	}
	if (!v) {
		if (x->has_f)
			wb_fail(w, x->row, x->col, "a formula with no value saved: open the workbook in a "
				"spreadsheet program and save it again, so that its values are stored");
		return;
	}
	if (!strcmp(x->type, "e")) {
		if (!w->error_cells++) {
			w->error_row = x->row;
			w->error_col = x->col;
		}
		return;
	}
	if (!strcmp(x->type, "s")) {
		char *e;
		unsigned long i = strtoul(v, &e, 10);
		if (*e || e == v || i >= x->n_sst) {
			wb_fail(w, x->row, x->col, "shared string %s does not exist: is the workbook damaged?", v);
			return;
		}
		wb_cell(w, x->row, x->col, x->sst[i], x->sst_len[i]);
		return;
	}
	if (!strcmp(x->type, "b"))
		out = strcmp(v, "0") ? WB_TRUE : WB_FALSE;
	else if (!strcmp(x->type, "d"))
		out = arena_strndup(w->a, v, strlen(v) < 10 ? strlen(v) : 10);	/* an ISO date and time */
	else if (strcmp(x->type, "n"))
		out = v;	/* str: a formula's text */
	else if (x->cell_fmt == FMT_PERCENT)
		out = wb_percent(w->a, v);
	else if (x->cell_fmt == FMT_DATE && workbook_date(strtod(v, NULL), x->date1904, date) == 0)
		out = date;
	else
		out = wb_number(w->a, v);
	wb_cell(w, x->row, x->col, out, strlen(out));
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	struct wb *w = x->w;
	const char *l = wb_local(name);

	if (!strcmp(l, "v") && x->in_v) {
		x->in_v = 0;
		x->v = arena_strndup(w->a, w->text ? w->text : "", w->text_len);
	} else if (!strcmp(l, "t")) {
		x->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		x->in_rph = 0;
	} else if (!strcmp(l, "c") && !w->failed) {
		sheet_cell(x);
	}
}

int xlsx_read(struct wb *w)
{
	struct xlsx x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.w = w;
	if (wb_parse(w, "xl/workbook.xml", 0, book_start, no_end, no_chars, &x) < 0)
		return -1;
	if (!x.rid)
		return wb_no_sheet(w, x.names);
	if (wb_parse(w, "xl/_rels/workbook.xml.rels", 0, rels_start, no_end, no_chars, &x) < 0)
		return -1;
	if (!x.target) {
		wb_fail(w, 0, 0, "the workbook does not say where sheet '%s' is: is it damaged?", w->sheet_name);
		return -1;
	}
	rc = wb_parse(w, "xl/styles.xml", 1, styles_start, styles_end, no_chars, &x) < 0 ||
	     wb_parse(w, "xl/sharedStrings.xml", 1, sst_start, sst_end, text_chars, &x) < 0 ||
	     wb_parse(w, x.target, 0, sheet_start, sheet_end, text_chars, &x) < 0 ? -1 : 0;
	free(x.sst);
	free(x.sst_len);
	return rc;
}
