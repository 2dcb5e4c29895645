#ifndef BCF_ROWNOTES_H
#define BCF_ROWNOTES_H
/* What a long data file holds beside the columns read: for each row kept,
 * its cell in each column not read (an indicator, a sex, an age band), so
 * that two rows giving one point can be told apart and the message about
 * them can say which 'keep =' reads one.  Kept only for columns of few
 * values (an indicator-like column), in the model's arena. */
#include <stddef.h>

struct arena;
struct columns;
struct csv_record;
struct model;
struct row_notes;

/* Start the notes of the file at path (kept as given: observations point
 * at the same string), called name under data/, whose header is h: its
 * columns not marked read in h->used.  NULL when there are none; the notes
 * live in m. */
struct row_notes *rownotes_begin(struct model *m, const char *path, const char *name,
				 const struct columns *h);
/* Note the row rec, kept at its line (rows come in file order). */
void rownotes_row(struct model *m, struct row_notes *n, const struct csv_record *rec);
/* When the rows at lines first and second of path differ in a column
 * noted, a hint into out: "the rows differ in 'Sex' ('Female' at line 3,
 * 'Male' here): to read one, set 'keep = Sex=Female' under [data x.csv] in
 * site.ini"; else "" (out holds at least one byte). */
void rownotes_keep_hint(const struct model *m, const char *path, int first, int second, char *out,
			size_t size);

#endif
