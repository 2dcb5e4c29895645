#ifndef BCF_CSVREAD_H
#define BCF_CSVREAD_H
/* CSV files read with libcsv, every field knowing the line and column
 * (1-based, in characters) where it started, for diagnostics. */
#include <stddef.h>

struct arena;

struct csv_field {
	const char *s;	/* NUL-terminated, in the arena */
	size_t len;
	int line, col;
};

struct csv_record {
	struct csv_field *f;
	size_t n;
	int line;
};

struct csv_table {
	const char *path;
	struct csv_record *rec;	/* rec[0] is the header row when there is one */
	size_t n;
};

/* Limits that keep a damaged file from taking unbounded memory. */
#define CSVREAD_MAX_FILE (256u << 20)
#define CSVREAD_MAX_FIELD (64u << 10)
#define CSVREAD_MAX_FIELDS 4096
#define CSVREAD_MAX_RECORD (1u << 20)

/* Parse data[0..len) as CSV: a UTF-8 byte-order mark is skipped, CRLF, LF
 * and lone CR end lines, blank lines are skipped.  path names the data in
 * diagnostics.  Returns 0, or -1 after reporting every problem through diag.
 * The table lives in the arena. */
int csvread_mem(struct arena *a, const char *path, const char *data, size_t len,
		struct csv_table *t);
/* Read and parse the file at path; -1 on a problem (reported). */
int csvread_file(struct arena *a, const char *path, struct csv_table *t);
/* The same for a file that may be absent (areas.csv, plans.csv): 1 when
 * read, 0 when there is none (nothing said), -1 on a problem (reported).
 * Whether it exists is asked without opening it: opening a FIFO waits. */
int csvread_optional(struct arena *a, const char *path, struct csv_table *t);
/* One record at a time, so that a large file never becomes a table: each
 * is called for every record in order, the first (the header) kept in the
 * arena as t->rec[0] (t->n is 1 once it is read), every later one valid
 * only during its call.  Returns as csvread_file; each is not called again
 * after a problem in the file's text. */
typedef void csvread_each_fn(void *ctx, const struct csv_table *t, const struct csv_record *rec);
int csvread_file_each(struct arena *a, const char *path, struct csv_table *t, csvread_each_fn *each,
		      void *ctx);
int csvread_mem_each(struct arena *a, const char *path, const char *data, size_t len,
		     struct csv_table *t, csvread_each_fn *each, void *ctx);
/* As csvread_mem_each (data not NULL) or csvread_file_each (data NULL),
 * a workbook (.xlsx, .ods: see workbook.h) read as the CSV export of its
 * sheet named sheet (NULL: the first). */
int csvread_sheet_each(struct arena *a, const char *path, const char *data, size_t len,
		       const char *sheet, struct csv_table *t, csvread_each_fn *each, void *ctx);
/* Read a whole file into memory (free() it), at most max bytes; NULL with
 * errno set on failure (EFBIG when larger than max). */
char *csvread_slurp(const char *path, size_t max, size_t *len);
/* The index of the first byte of s[0..len) that is not valid UTF-8, or len. */
size_t csvread_utf8_check(const char *s, size_t len);
/* 1 if the field holds nothing but spaces and tabs. */
int csvread_blank(const struct csv_field *f);

#endif
