#ifndef BCF_DIAG_H
#define BCF_DIAG_H
/* Diagnostics in the compiler format editors understand:
 *   path:line:column: error|warning: message
 * Library code reports here and returns -1; main decides the exit code. */
#include <stdarg.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

/* Print at most this many causes of errors (a message, or one grouped
 * with diag_group_begin); the rest are counted. */
#define DIAG_MAX_SHOWN 100
/* Print at most this many warnings of one kind (one message format; a
 * group of diag_group_begin counts once); the rest are counted and
 * diag_finish names the kind with the count. */
#define DIAG_KIND_SHOWN 3

/* Reset counts; strict turns warnings into errors. */
void diag_init(int strict);
/* Report a problem at path:line:col (line or col 0: left out; path NULL: none). */
void diag_report(enum diag_level level, const char *path, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void diag_error(const char *path, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warning(const char *path, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Name the places of path as a spreadsheet does, line as row and column
 * as letters: path:Sheet!C14, path:'Q1 figures'!C14 (a workbook's sheet,
 * see workbook.h). */
void diag_sheet(const char *path, const char *sheet);
/* A note with no position: an I/O failure or a summary. */
void diag_io(const char *path, const char *what, int err);
int diag_errors(void);
int diag_warnings(void);
/* Number of I/O errors reported through diag_io. */
int diag_io_errors(void);
/* Print "... and N more like this" for each kind of warning past its
 * first few, and "N more errors not shown" if the cap was reached. */
void diag_finish(void);
/* From diag_group_begin to diag_group_end (reading files of rows), a
 * message at a line of a file that gave the same message format before
 * is counted into the first, printed at the end as one line with the
 * count and the other lines: "... (and 499 more like it: lines 3-501)".
 * Messages are held until then, in the order they came (diag_io and
 * diag_finish print them first). */
void diag_group_begin(void);
void diag_group_end(void);
/* Send diagnostics to a buffer instead of stderr (tests); NULL restores.
 * The buffer stays the caller's. */
struct buf;
void diag_capture(struct buf *to);

/* A programmer error is not the user's to mend: BUG() prints one line
 * naming the file and line of the broken promise (a case the code's own
 * invariants rule out) and aborts, as cmark does.  Exhausted memory is
 * arena.h's xoom(). */
#define BUG(...) diag_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void diag_bug(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
