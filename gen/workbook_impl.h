#ifndef BCF_WORKBOOK_IMPL_H
#define BCF_WORKBOOK_IMPL_H
/* Shared by workbook.c and its two formats, xlsx.c and ods.c. */
#include <expat.h>
#include <stddef.h>
#include <zip.h>

struct arena;

/* One filled cell, at its 1-based row and column. */
struct wb_cell {
	int row, col;
	const char *s;
	size_t len;
};

struct wb {
	struct arena *a;
	const char *path, *sheet;	/* sheet wanted (NULL: first) */
	const char *sheet_name;		/* the sheet read, for diagnostics */
	zip_t *zip;
	size_t total;			/* uncompressed bytes read so far */
	struct wb_cell *cells;		/* xmalloc'd */
	size_t n_cells, cap_cells;
	int error_cells;		/* #DIV/0! and the like, read as blank */
	int error_row, error_col;	/* the first */
	int failed;			/* reported */
	XML_Parser parser;		/* the part being parsed */
	char *text;			/* character data being collected */
	size_t text_len, text_cap;
};

/* Stream the zip entry name through expat with these handlers and
 * user data ud, a struct whose first member is the struct wb * (names
 * arrive as "namespace|local"); a DTD is refused.  optional: 1 when an
 * absent entry is no problem (returns 1).  0 when parsed, -1 on a problem
 * (reported, w->failed set). */
int wb_parse(struct wb *w, const char *name, int optional, XML_StartElementHandler start,
	     XML_EndElementHandler end, XML_CharacterDataHandler chars, void *ud);
/* Stop the parse with this message at the cell (row, col), or at the part
 * when row is 0. */
void wb_fail(struct wb *w, int row, int col, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Report that the sheet wanted is not among names (the sheets, quoted,
 * "" when none); returns -1. */
int wb_no_sheet(struct wb *w, const char *names);
/* The local part of an expat name "namespace|local". */
const char *wb_local(const char *name);
/* The value of the attribute with this local name whose namespace
 * contains ns (NULL: any), or NULL. */
const char *wb_attr(const char **atts, const char *local, const char *ns);
/* Character data collected since wb_text_reset, NUL-terminated. */
void wb_text_reset(struct wb *w);
void wb_text_add(struct wb *w, const char *s, size_t len);
/* Add a filled cell (s copied); 0, or -1 past a limit (reported). */
int wb_cell(struct wb *w, int row, int col, const char *s, size_t len);
/* A number's text as a percent (times 100, exact on its decimal digits),
 * in the shortest form that reads back as the same double; in the arena. */
const char *wb_percent(struct arena *a, const char *num);
/* A number's text in the shortest form that reads back as the same
 * double (as General format shows it), in the arena; not a number: s. */
const char *wb_number(struct arena *a, const char *s);
/* A boolean cell as a spreadsheet exports it. */
#define WB_TRUE "TRUE"
#define WB_FALSE "FALSE"

int xlsx_read(struct wb *w);
int ods_read(struct wb *w);

#endif
