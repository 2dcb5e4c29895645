#ifndef BCF_WORKBOOK_H
#define BCF_WORKBOOK_H
/* Workbooks (.xlsx, .ods) read as the CSV they would export to: one sheet
 * into the table csvread makes, each field at its sheet row (line) and
 * column (col), so that diagnostics name it Sheet!C14.  The zip is opened
 * with libzip and the sheet's XML streamed through expat. */
#include <stddef.h>

#include "csvread.h"

struct arena;

/* Limits that keep a hostile workbook within bounded memory. */
#define WORKBOOK_MAX_PART (64u << 20)	/* uncompressed bytes of one XML part */
#define WORKBOOK_MAX_TOTAL (256u << 20)	/* uncompressed bytes read in all */
#define WORKBOOK_MAX_RATIO 1000	/* uncompressed : compressed, per part past 1 MiB:
					 * only filler packs so well (deflate's best is 1032) */
#define WORKBOOK_MAX_STRINGS 1000000	/* shared strings */
#define WORKBOOK_MAX_STRING_BYTES (64u << 20)
#define WORKBOOK_MAX_ROWS 1048576
#define WORKBOOK_MAX_CELLS 4000000

/* 1 if data[0..len) starts as a zip file does. */
int workbook_is_zip(const char *data, size_t len);
/* Read sheet (NULL or "": the first) of the workbook data[0..len) into t,
 * in the arena, rows without a filled cell left out, every row as wide as
 * the widest.  Returns 0, or -1 after reporting through diag.  Error cells
 * read as blanks, with one warning per sheet. */
int workbook_read(struct arena *a, const char *path, const char *data, size_t len, const char *sheet,
		  struct csv_table *t);
/* The ISO date (YYYY-MM-DD, into out[11]) of spreadsheet serial day
 * number serial: from 1899-12-30 (Excel's day 0, with its phantom
 * 1900-02-29 as day 60), or from 1904-01-01 when date1904.  -1 when out
 * of the years 1900..9999. */
int workbook_date(double serial, int date1904, char out[11]);
/* The column of an A1 reference ("C14" -> 3, row 14); -1 when it is not
 * one.  row may be NULL; a reference without a row number gives row 0. */
int workbook_ref(const char *ref, int *row);

#endif
