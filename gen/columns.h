#ifndef BCF_COLUMNS_H
#define BCF_COLUMNS_H
/* The header row of a CSV file: which column holds what, under the names
 * and aliases publishers use (the README lists them); the positioned cells
 * of a row in those columns; rows wider than their header.  Knows nothing
 * of the model. */
#include <stddef.h>
#include <stdint.h>

struct arena;
struct csv_field;
struct csv_record;

/* Every column any input file has. */
enum column { COL_ID, COL_TITLE, COL_SHORT_TITLE, COL_UNIT, COL_POLARITY, COL_FREQUENCY,
	      COL_DECIMALS, COL_GROUP, COL_DEFINITION, COL_SOURCE, COL_VALUE_TYPE, COL_REBASE,
	      COL_METRIC, COL_AREA_CODE, COL_AREA_NAME, COL_PERIOD, COL_VALUE,
	      COL_NUMERATOR, COL_DENOMINATOR, COL_PLAN, COL_NOTE, COL_LOWER_CI, COL_UPPER_CI,
	      COL_CODE, COL_NAME, COL_POPULATION, COL_UNIT_LABEL, COL_LAG, COL_BASELINE, COL_CHART, COL_TEXT,
	      COL__N };

/* The columns a header row names. */
struct columns {
	int col[COL__N];		/* index of each column in a row, -1 where absent */
	const struct csv_record *rec;	/* the header row */
	unsigned char *used;		/* per header cell: a column someone reads */
	size_t width;			/* up to the last non-blank header cell */
};

/* The name of column c as messages give it ('area_code'); static. */
const char *columns_name(enum column c);
/* Header text s[0..len) into out (NUL-terminated, cut to size) as one name
 * however publishers write it: case, spaces, '_', '-' and '.' do not count,
 * so that 'Area Code', 'AreaCode' and 'area_code' are one name. */
void columns_normalise(const char *s, size_t len, char *out, size_t size);
/* Find the wanted columns in header row rec, into *h (h->used lives in a;
 * h->rec points at rec, which must outlive it).  Returns 0, or -1 after
 * reporting every column named twice, or a file that seems separated by
 * another character than the comma. */
int columns_read(struct arena *a, const char *path, const struct csv_record *rec, struct columns *h,
		 const enum column *wanted, size_t n_wanted);
/* Warn once, at the first of them, about the header cells nobody reads
 * (not marked in h->used). */
void columns_warn_unused(const char *path, const struct columns *h);
/* 0, or -1 after reporting a row with a non-blank field past the header's
 * last column (most often a number such as 2,536 left unquoted). */
int columns_check_width(const char *path, const struct columns *h, const struct csv_record *rec);

/* The field of rec in column col: an empty one (line 0) where col is -1 or
 * past the row's end.  Valid as long as rec. */
const struct csv_field *columns_field(const struct csv_record *rec, int col);
/* Where that field is, for messages; for a missing one, the row's line and
 * the column just past its end. */
int columns_line(const struct csv_record *rec, int col);
int columns_col(const struct csv_record *rec, int col);
/* The field's text without the spaces and tabs around it: *len bytes,
 * pointing into the field. */
const char *columns_trimmed(const struct csv_record *rec, int col, size_t *len);
/* The same copied into a (NUL-terminated); a static "" when blank. */
const char *columns_text(struct arena *a, const struct csv_record *rec, int col);
/* 1 when every field of rec is blank. */
int columns_blank_row(const struct csv_record *rec);
/* A hash of a row as read: each header name with the row's cell in that
 * column.  What a page shows of a row then hashes with it, whichever of
 * its cells the page reads, now or after the next change. */
uint64_t columns_row_hash(const struct csv_record *header, const struct csv_record *rec);

#endif
