#include "csvread.h"
#include "arena.h"
#include "diag.h"
#include "input.h"
#include "workbook.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct reader {
	struct arena *a;
	struct arena scratch;		/* a streamed record's fields */
	csvread_each_fn *each;
	void *ctx;
	struct csv_table *t;
	size_t cap_rec;
	struct csv_field *fields;	/* fields of the record being read */
	size_t n_fields, cap_fields;
	size_t record_bytes;		/* of the record being read */
	int line, col;			/* position of the byte being fed */
	int start_line, start_col;	/* where the current field started */
	int pending;			/* the next byte starts a field */
	int failed;
};

size_t csvread_utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i], n, min, cp, k;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) { n = 1; min = 0x80; cp = c & 0x1F; }
		else if (c >= 0xE0 && c <= 0xEF) { n = 2; min = 0x800; cp = c & 0x0F; }
		else if (c >= 0xF0 && c <= 0xF4) { n = 3; min = 0x10000; cp = c & 0x07; }
		else return i;
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += n + 1;
	}
	return len;
}

int csvread_blank(const struct csv_field *f)
{
	size_t i;
	for (i = 0; i < f->len; i++)
		if (f->s[i] != ' ' && f->s[i] != '\t')
			return 0;
	return 1;
}

static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	struct csv_field *f;

	if (r->failed)
		return;
	if (len > CSVREAD_MAX_FIELD) {
		diag_error(r->t->path, r->start_line, r->start_col,
			   "field is %zu bytes long: the limit is %u", len,
			   CSVREAD_MAX_FIELD);
		r->failed = 1;
		return;
	}
	r->record_bytes += len + 1;
	if (r->record_bytes > CSVREAD_MAX_RECORD) {
		diag_error(r->t->path, r->fields && r->n_fields ? r->fields[0].line : r->start_line, 1,
			   "line is longer than %u MiB: is this file CSV?", CSVREAD_MAX_RECORD >> 20);
		r->failed = 1;
		return;
	}
	if (r->n_fields >= CSVREAD_MAX_FIELDS) {
		diag_error(r->t->path, r->start_line, r->start_col,
			   "more than %d columns in one row", CSVREAD_MAX_FIELDS);
		r->failed = 1;
		return;
	}
	r->fields = arena_grow(r->a, r->fields, sizeof(*r->fields), &r->cap_fields,
			       r->n_fields + 1);
	f = &r->fields[r->n_fields++];
	/* streamed: only the header outlives its record */
	f->s = arena_strndup(r->each && r->t->n ? &r->scratch : r->a, s ? s : "", s ? len : 0);
	f->len = s ? len : 0;
	f->line = r->start_line;
	f->col = r->start_col;
	r->pending = 1;
}

static void on_record(int c, void *data)
{
	struct reader *r = data;
	struct csv_table *t = r->t;
	struct csv_record *rec;

	(void)c;
	if (r->failed)
		return;
	if (r->each && t->n) {
		struct csv_record one;
		one.f = r->fields;
		one.n = r->n_fields;
		one.line = r->n_fields ? r->fields[0].line : r->line;
		r->each(r->ctx, t, &one);
		arena_reset(&r->scratch);
		r->n_fields = 0;
		r->record_bytes = 0;
		r->pending = 1;
		return;
	}
	t->rec = arena_grow(r->a, t->rec, sizeof(*t->rec), &r->cap_rec, t->n + 1);
	rec = &t->rec[t->n++];
	rec->f = arena_alloc(r->a, r->n_fields * sizeof(*rec->f));
	memcpy(rec->f, r->fields, r->n_fields * sizeof(*rec->f));
	rec->n = r->n_fields;
	rec->line = r->n_fields ? r->fields[0].line : r->line;
	r->n_fields = 0;
	r->record_bytes = 0;
	r->pending = 1;
	if (r->each)
		r->each(r->ctx, t, rec);
}

int csvread_mem(struct arena *a, const char *path, const char *data, size_t len,
		struct csv_table *t)
{
	return csvread_mem_each(a, path, data, len, t, NULL, NULL);
}

int csvread_mem_each(struct arena *a, const char *path, const char *data, size_t len,
		     struct csv_table *t, csvread_each_fn *each, void *ctx)
{
	return csvread_sheet_each(a, path, data, len, NULL, t, each, ctx);
}

/* A workbook's sheet read whole, then handed on a record at a time as the
 * CSV it would export to. */
static int workbook_each(struct arena *a, const char *path, const char *data, size_t len, const char *sheet,
			 struct csv_table *t, csvread_each_fn *each, void *ctx)
{
	size_t i, n;

	if (workbook_read(a, path, data, len, sheet, t) < 0)
		return -1;
	n = t->n;
	for (i = 0; each && i < n; i++) {
		t->n = 1;
		each(ctx, t, &t->rec[i]);
	}
	if (each)
		t->n = n ? 1 : 0;
	return 0;
}

static int mem_each(struct arena *a, const char *path, const char *data, size_t len, const char *sheet,
		    struct csv_table *t, csvread_each_fn *each, void *ctx)
{
	struct csv_parser p;
	struct reader r;
	size_t i, bad;
	int cr = 0, ret = 0;

	memset(t, 0, sizeof(*t));
	memset(&r, 0, sizeof(r));
	t->path = path;
	r.a = a;
	r.t = t;
	r.each = each;
	r.ctx = ctx;
	arena_init(&r.scratch);
	r.line = r.col = 1;
	r.pending = 1;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	if (workbook_is_zip(data, len))
		return workbook_each(a, path, data, len, sheet, t, each, ctx);
	if (len >= 8 && !memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
		diag_error(path, 1, 1, "this is an old Excel workbook (.xls), not CSV: "
			   "open it and save it as 'CSV UTF-8 (comma delimited)'");
		return -1;
	}
	if (len >= 5 && !memcmp(data, "%PDF-", 5)) {
		diag_error(path, 1, 1, "this is a PDF document, not CSV: export the table as CSV");
		return -1;
	}
	if (memchr(data, '\0', len)) {
		const char *z = memchr(data, '\0', len);
		int line = 1;
		for (i = 0; data + i < z; i++)
			line += data[i] == '\n';
		diag_error(path, line, 0,
			   "file contains NUL bytes: expected a CSV text file "
			   "(save the spreadsheet as 'CSV UTF-8')");
		return -1;
	}
	bad = csvread_utf8_check(data, len);
	if (bad < len) {
		int line = 1, col = 1;
		for (i = 0; i < bad; i++) {
			if (data[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)data[i] & 0xC0) != 0x80) {
				col++;
			}
		}
		diag_error(path, line, col,
			   "byte 0x%02X is not valid UTF-8: re-save the file as "
			   "'CSV UTF-8 (comma delimited)'",
			   (unsigned char)data[bad]);
		return -1;
	}

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) 
		xoom();
	for (i = 0; i < len && !r.failed; i++) {
		unsigned char c = (unsigned char)data[i];
		if (r.pending && c != '\r' && c != '\n') {
			r.start_line = r.line;
			r.start_col = r.col;
			r.pending = 0;
		}
		if (csv_parse(&p, &data[i], 1, on_field, on_record, &r) != 1) {
			diag_error(path, r.line, r.col,
				   "malformed quoted field: a '\"' inside a field must be "
				   "doubled and the whole field quoted");
			ret = -1;
			break;
		}
		if (c == '\n') {
			if (!cr)
				r.line++;
			r.col = 1;
			cr = 0;
		} else if (c == '\r') {
			r.line++;
			r.col = 1;
			cr = 1;
		} else {
			cr = 0;
			if ((c & 0xC0) != 0x80)
				r.col++;
		}
	}
	if (ret == 0 && !r.failed &&
	    csv_fini(&p, on_field, on_record, &r) != 0) {
		diag_error(path, r.start_line, r.start_col,
			   "quoted field is not closed: a '\"' is missing");
		ret = -1;
	}
	csv_free(&p);
	arena_release(&r.scratch);
	if (r.failed)
		ret = -1;
	return ret;
}

char *csvread_slurp(const char *path, size_t max, size_t *len)
{
	/* never wait on a FIFO: open without blocking, read regular files only */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	FILE *f;
	char *data = NULL;
	size_t n = 0, cap = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		int e = errno;
		close(fd);
		errno = e == EBADF || e == EIO ? e : EINVAL;
		return NULL;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max) {
		/* refused from its size, before reading any of it */
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	if (st.st_size > 0) {
		/* the size it has now, and a little to see it end */
		cap = (size_t)st.st_size + 1;
		data = xmalloc(cap + 1);
	}
	for (;;) {
		size_t got;
		if (cap - n < 1) {
			cap = cap ? cap * 2 : 65536;
			data = xrealloc(data, cap + 1);
		}
		got = fread(data + n, 1, cap - n, f);
		n += got;
		if (n > max) {
			free(data);
			fclose(f);
			errno = EFBIG;
			return NULL;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(data);
		fclose(f);
		errno = e ? e : EIO;
		return NULL;
	}
	fclose(f);
	data[n] = '\0';
	*len = n;
	return data;
}

int csvread_file(struct arena *a, const char *path, struct csv_table *t)
{
	return csvread_file_each(a, path, t, NULL, NULL);
}

int csvread_optional(struct arena *a, const char *path, struct csv_table *t)
{
	if (access(path, F_OK) < 0) {
		if (errno == ENOENT)
			return 0;
		diag_io(path, "cannot open", errno);
		return -1;
	}
	return csvread_file(a, path, t) < 0 ? -1 : 1;
}

int csvread_file_each(struct arena *a, const char *path, struct csv_table *t, csvread_each_fn *each,
		      void *ctx)
{
	return csvread_sheet_each(a, path, NULL, 0, NULL, t, each, ctx);
}

int csvread_sheet_each(struct arena *a, const char *path, const char *mem, size_t mem_len,
		       const char *sheet, struct csv_table *t, csvread_each_fn *each, void *ctx)
{
	size_t len;
	char *data = NULL;
	int ret;

	if (mem)
		return mem_each(a, path, mem, mem_len, sheet, t, each, ctx);
	/* a FIFO, device or socket is named as such (a link may lead out of
	 * the folder: shared extracts are linked in) */
	if (input_check(NULL, path, 0) < 0) {
		if (errno == ENOENT)
			diag_io(path, "cannot read", errno);
		memset(t, 0, sizeof(*t));
		t->path = path;
		return -1;
	}
	data = csvread_slurp(path, CSVREAD_MAX_FILE, &len);
	if (!data) {
		if (errno == EFBIG)
			diag_error(path, 0, 0, "file is larger than the limit of %u MiB: split it into "
				   "several files in the same folder", CSVREAD_MAX_FILE >> 20);
		else
			diag_io(path, "cannot read", errno);
		memset(t, 0, sizeof(*t));
		t->path = path;
		return -1;
	}
	ret = mem_each(a, path, data, len, sheet, t, each, ctx);
	free(data);
	return ret;
}
