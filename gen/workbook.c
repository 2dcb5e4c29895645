/* Workbooks: the zip opened from memory with libzip, each XML part
 * streamed through expat under size limits, the filled cells gathered and
 * laid out as the rows of a CSV export. */
#include "workbook.h"
#include "workbook_impl.h"
#include "arena.h"
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int workbook_is_zip(const char *data, size_t len)
{
	return len >= 4 && !memcmp(data, "PK\x03\x04", 4);
}

int workbook_ref(const char *ref, int *row)
{
	long col = 0, r = 0;
	const char *p = ref;

	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		col = col * 26 + ((*p | 0x20) - 'a' + 1);
		if (col > 16384)
			return -1;
		p++;
	}
	if (p == ref)
		return -1;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (*p - '0');
		if (r > WORKBOOK_MAX_ROWS)
			return -1;
		p++;
	}
	if (*p || (p[-1] >= '0' && p[-1] <= '9' && r == 0))
		return -1;
	if (row)
		*row = (int)r;
	return (int)col;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

int workbook_date(double serial, int date1904, char out[11])
{
	long day, z, era, doe, yoe, y, doy, mp, d, m;

	if (!(serial >= 0 && serial < 3000000))
		return -1;
	day = (long)serial;
	if (date1904) {
		day += days_from_civil(1904, 1, 1);
	} else {
		/* Excel counts 1900 as a leap year: day 60 is 1900-02-29 */
		if (day == 60) {
			memcpy(out, "1900-02-29", 11);
			return 0;
		}
		if (day < 60)
			day++;
		day += days_from_civil(1899, 12, 30);
	}
	z = day + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 1900 || y > 9999)
		return -1;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

const char *wb_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *wb_attr(const char **atts, const char *local, const char *ns)
{
	size_t i;
	for (i = 0; atts[i]; i += 2) {
		const char *bar = strrchr(atts[i], '|');
		const char *l = bar ? bar + 1 : atts[i];
		if (strcmp(l, local))
			continue;
		if (ns && (!bar || !strstr(atts[i], ns) || strstr(atts[i], ns) > bar))
			continue;
		return atts[i + 1];
	}
	return NULL;
}

void wb_fail(struct wb *w, int row, int col, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (w->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (row > 0 && w->sheet_name)
		diag_sheet(w->path, w->sheet_name);
	if (row > 0)
		diag_error(w->path, row, col, "%s", msg);
	else
		diag_error(w->path, 0, 0, "%s", msg);
	w->failed = 1;
	if (w->parser)
		XML_StopParser(w->parser, XML_FALSE);
}

int wb_no_sheet(struct wb *w, const char *names)
{
	if (w->sheet)
		wb_fail(w, 0, 0, "no sheet named '%s': this workbook has %s", w->sheet,
			*names ? names : "no sheets");
	else
		wb_fail(w, 0, 0, "this workbook has no sheets");
	return -1;
}

void wb_text_reset(struct wb *w)
{
	w->text_len = 0;
	if (w->text)
		w->text[0] = '\0';
}

void wb_text_add(struct wb *w, const char *s, size_t len)
{
	if (w->text_len + len > CSVREAD_MAX_FIELD) {
		wb_fail(w, 0, 0, "a cell holds more than %u bytes of text", CSVREAD_MAX_FIELD);
		return;
	}
	if (w->text_len + len + 1 > w->text_cap) {
		w->text_cap = (w->text_len + len + 1) * 2;
		w->text = xrealloc(w->text, w->text_cap);
	}
	memcpy(w->text + w->text_len, s, len);
	w->text_len += len;
	w->text[w->text_len] = '\0';
}

int wb_cell(struct wb *w, int row, int col, const char *s, size_t len)
{
	struct wb_cell *c;

	if (w->failed)
		return -1;
	if (row < 1 || row > WORKBOOK_MAX_ROWS || col < 1 || col > CSVREAD_MAX_FIELDS) {
		wb_fail(w, 0, 0, "a cell beyond row %d or column %d: the limits for a data sheet",
			WORKBOOK_MAX_ROWS, CSVREAD_MAX_FIELDS);
		return -1;
	}
	if (w->n_cells >= WORKBOOK_MAX_CELLS) {
		wb_fail(w, 0, 0, "more than %d filled cells: split the sheet into several files",
			WORKBOOK_MAX_CELLS);
		return -1;
	}
	if (w->n_cells == w->cap_cells) {
		w->cap_cells = w->cap_cells ? w->cap_cells * 2 : 256;
		w->cells = xrealloc(w->cells, w->cap_cells * sizeof(*w->cells));
	}
	c = &w->cells[w->n_cells++];
	c->row = row;
	c->col = col;
	c->s = arena_strndup(w->a, s, len);
	c->len = len;
	return 0;
}

/* The shortest text that reads back as v: what a spreadsheet shows in
 * General format, so that the digits after the point, which say how the
 * publisher rounded, are not those of binary noise (82.09999999999999). */
static const char *shortest(struct arena *a, double v)
{
	char out[40];
	int prec;

	for (prec = 15; prec < 17; prec++) {
		snprintf(out, sizeof(out), "%.*g", prec, v);
		if (strtod(out, NULL) == v)
			break;
	}
	if (prec == 17)
		snprintf(out, sizeof(out), "%.17g", v);
	return arena_strdup(a, out);
}

const char *wb_number(struct arena *a, const char *s)
{
	char *e;
	double v = strtod(s, &e);

	if (e == s || *e || v != v)
		return s;
	return shortest(a, v);
}

const char *wb_percent(struct arena *a, const char *num)
{
	char buf[400], *e, *exp;
	double v = strtod(num, &e);
	int n;

	if (e == num || *e || v != v)
		return num;
	/* times 100 in decimal, exactly: 0.815 is 81.5, never 81.49999999999999 */
	exp = strpbrk(num, "eE");
	n = exp ? (int)(exp - num) : (int)strlen(num);
	if (n > 300)
		return shortest(a, v * 100);
	snprintf(buf, sizeof(buf), "%.*se%d", n, num, (exp ? atoi(exp + 1) : 0) + 2);
	return shortest(a, strtod(buf, NULL));
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
				   const XML_Char *pubid, int internal)
{
	struct wb *w = *(struct wb **)ud;
	(void)name, (void)sysid, (void)pubid, (void)internal;
	wb_fail(w, 0, 0, "a workbook part declares a DTD, which no spreadsheet program writes: refused "
		"(it could expand entities without bound)");
}

/* The zip entry name, checked against the limits before it is read. */
static zip_file_t *open_part(struct wb *w, const char *name, int optional, int *absent)
{
	zip_int64_t i = zip_name_locate(w->zip, name, ZIP_FL_NOCASE);
	zip_stat_t st;
	zip_file_t *f;

	*absent = 0;
	if (i < 0) {
		*absent = 1;
		if (!optional)
			wb_fail(w, 0, 0, "this workbook has no %s: is it damaged?", name);
		return NULL;
	}
	zip_stat_init(&st);
	if (zip_stat_index(w->zip, (zip_uint64_t)i, 0, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    !(st.valid & ZIP_STAT_COMP_SIZE)) {
		wb_fail(w, 0, 0, "cannot read %s in the workbook: is it damaged?", name);
		return NULL;
	}
	if (st.size > WORKBOOK_MAX_PART || st.size > WORKBOOK_MAX_TOTAL - w->total ||
	    (st.size > (1u << 20) && st.size / (st.comp_size ? st.comp_size : 1) > WORKBOOK_MAX_RATIO)) {
		wb_fail(w, 0, 0, "%s unpacks to %llu bytes from %llu: refused as a zip bomb (the limits are "
			"%u MiB a part, %u MiB in all, %d times its packed size)", name,
			(unsigned long long)st.size, (unsigned long long)st.comp_size, WORKBOOK_MAX_PART >> 20,
			WORKBOOK_MAX_TOTAL >> 20, WORKBOOK_MAX_RATIO);
		return NULL;
	}
	f = zip_fopen_index(w->zip, (zip_uint64_t)i, 0);
	if (!f)
		wb_fail(w, 0, 0, "cannot unpack %s in the workbook: %s", name, zip_strerror(w->zip));
	return f;
}

int wb_parse(struct wb *w, const char *name, int optional, XML_StartElementHandler start,
	     XML_EndElementHandler end, XML_CharacterDataHandler chars, void *ud)
{
	char chunk[65536];
	int absent;
	zip_file_t *f;
	zip_int64_t got = 0;
	size_t part = 0;

	if (w->failed)
		return -1;
	f = open_part(w, name, optional, &absent);
	if (!f)
		return absent && optional ? 1 : -1;
	w->parser = XML_ParserCreateNS(NULL, '|');
	if (!w->parser)
		xoom();
	XML_SetUserData(w->parser, ud);
	XML_SetElementHandler(w->parser, start, end);
	XML_SetCharacterDataHandler(w->parser, chars);
	XML_SetStartDoctypeDeclHandler(w->parser, refuse_doctype);
	while (!w->failed && (got = zip_fread(f, chunk, sizeof(chunk))) >= 0) {
		part += (size_t)got;
		w->total += (size_t)got;
		if (part > WORKBOOK_MAX_PART || w->total > WORKBOOK_MAX_TOTAL) {
			wb_fail(w, 0, 0, "%s unpacks to more than its stated size: refused", name);
			break;
		}
		if (XML_Parse(w->parser, chunk, (int)got, got == 0) == XML_STATUS_ERROR) {
			if (!w->failed)
				wb_fail(w, 0, 0, "%s is not well-formed XML (line %lu: %s): is the workbook damaged?",
					name, (unsigned long)XML_GetCurrentLineNumber(w->parser),
					XML_ErrorString(XML_GetErrorCode(w->parser)));
			break;
		}
		if (got == 0)
			break;
	}
	if (!w->failed && got < 0)
		wb_fail(w, 0, 0, "cannot unpack %s in the workbook: %s", name, zip_file_strerror(f));
	zip_fclose(f);
	XML_ParserFree(w->parser);
	w->parser = NULL;
	return w->failed ? -1 : 0;
}

static int cell_order(const void *pa, const void *pb)
{
	const struct wb_cell *a = pa, *b = pb;
	if (a->row != b->row)
		return a->row < b->row ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	/* the later of two cells at one place wins: keep the order they came */
	return a < b ? -1 : a > b;
}

/* The gathered cells as the records of a CSV export. */
static void lay_out(struct wb *w, struct csv_table *t)
{
	size_t i, j, cap = 0;
	int width = 0;

	qsort(w->cells, w->n_cells, sizeof(*w->cells), cell_order);
	for (i = 0; i < w->n_cells; i++)
		if (w->cells[i].len && w->cells[i].col > width)
			width = w->cells[i].col;
	for (i = 0; i < w->n_cells; i = j) {
		struct csv_record *rec;
		int c, filled = 0;
		for (j = i; j < w->n_cells && w->cells[j].row == w->cells[i].row; j++)
			filled |= w->cells[j].len > 0;
		if (!filled)
			continue;
		t->rec = arena_grow(w->a, t->rec, sizeof(*t->rec), &cap, t->n + 1);
		rec = &t->rec[t->n++];
		rec->line = w->cells[i].row;
		rec->n = (size_t)width;
		rec->f = arena_alloc(w->a, (size_t)width * sizeof(*rec->f));
		for (c = 0; c < width; c++) {
			rec->f[c].s = "";
			rec->f[c].len = 0;
			rec->f[c].line = rec->line;
			rec->f[c].col = c + 1;
		}
		for (; i < j; i++)
			if (w->cells[i].col <= width) {
				rec->f[w->cells[i].col - 1].s = w->cells[i].s;
				rec->f[w->cells[i].col - 1].len = w->cells[i].len;
			}
	}
}

int workbook_read(struct arena *a, const char *path, const char *data, size_t len, const char *sheet,
		  struct csv_table *t)
{
	struct wb w;
	zip_source_t *src;
	zip_error_t err;
	int rc;

	memset(t, 0, sizeof(*t));
	t->path = path;
	memset(&w, 0, sizeof(w));
	w.a = a;
	w.path = path;
	w.sheet = sheet && *sheet ? sheet : NULL;
	zip_error_init(&err);
	src = zip_source_buffer_create(data, len, 0, &err);
	if (src)
		w.zip = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!w.zip) {
		diag_error(path, 0, 0, "a zip file (perhaps a workbook) that cannot be opened (%s): is it damaged?",
			   zip_error_strerror(&err));
		zip_error_fini(&err);
		if (src)
			zip_source_free(src);
		return -1;
	}
	zip_error_fini(&err);
	if (zip_name_locate(w.zip, "xl/workbook.xml", ZIP_FL_NOCASE) >= 0)
		rc = xlsx_read(&w);
	else if (zip_name_locate(w.zip, "content.xml", 0) >= 0)
		rc = ods_read(&w);
	else {
		diag_error(path, 0, 0, "a zip file that is neither an Excel workbook (.xlsx) nor an "
			   "OpenDocument spreadsheet (.ods)");
		rc = -1;
	}
	zip_discard(w.zip);
	if (rc == 0 && !w.failed) {
		diag_sheet(path, w.sheet_name);
		if (w.error_cells)
			diag_warning(path, w.error_row, w.error_col,
				     "%d error cell%s (such as #DIV/0! or #N/A) read as not available",
				     w.error_cells, w.error_cells == 1 ? "" : "s");
		lay_out(&w, t);
	}
	free(w.cells);
	free(w.text);
	return rc == 0 && !w.failed ? 0 : -1;
}
