#ifndef BCF_LAYOUT_H
#define BCF_LAYOUT_H
/* A file's layout as its [data FILE] section in site.ini describes it: the
 * fields of the long format given as constants ('area_code = E92000001')
 * or as patterns of the file's own columns ('period = {month} {year}',
 * 'numerator = {#12}').  Each row is then read as if those fields were
 * columns of it, so the readers of rows need know nothing of this. */
#include <stddef.h>

#include "settings.h"

struct arena;
struct columns;
struct csv_field;
struct csv_record;

/* A piece of a pattern: literal text s[0..len), or the cell of column col
 * of the row when col >= 0. */
struct layout_part {
	const char *s;
	size_t len;
	int col;
};

/* A field made for every row from a constant or a pattern of several
 * pieces. */
struct layout_made {
	struct layout_part *parts;
	size_t n_parts;
};

/* The fields made for each row, placed after the header's columns. */
struct layout {
	struct layout_made made[SETTINGS_N_FIELDS];
	size_t n_made;
	size_t width;			/* the header's cells: made fields start here */
	struct csv_field *f;		/* the row as read, made again for each row */
	size_t cap_f;
	char *text;			/* the made fields' text */
	size_t cap_text;
	struct csv_record *row;
};

/* Apply the field settings of rule r (NULL: none) to the header columns h
 * of the data file at path: a field set to one column is read from it, a
 * constant or a longer pattern from a made field; the column the field had
 * is no longer read for it.  l is set up (its memory in a).  Returns 0, or
 * -1 after reporting each bad pattern at its line of site.ini (ini). */
int layout_map(struct arena *a, const char *ini, const char *path, const struct file_rule *r,
	       struct columns *h, struct layout *l);
/* Row rec as read through l: rec itself when l makes no field; otherwise a
 * copy in l's memory, valid until the next call, with the header's columns
 * (those past rec's end blank) and then the made fields.  A made field is
 * placed at the first cell its pattern names (a constant at the row). */
const struct csv_record *layout_row(struct arena *a, struct layout *l, const struct csv_record *rec);
/* A copy of rec (a header row met in a stream) that lives in a. */
const struct csv_record *layout_copy(struct arena *a, const struct csv_record *rec);

#endif
