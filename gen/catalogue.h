#ifndef BCF_CATALOGUE_H
#define BCF_CATALOGUE_H
/* The catalogue: metrics.csv, one row per metric (id, titles, unit,
 * polarity, frequency, ...), and areas.csv, the optional list of areas
 * with their names and populations.  Both fill the model, in its arena. */
#include <stddef.h>

struct model;

/* The longest unit_label, in characters. */
#define CATALOGUE_UNIT_LABEL_MAX 80

/* Read metrics.csv of the metrics folder into m->metrics.  Returns 0, or
 * -1 after reporting every problem. */
int catalogue_load(struct model *m);
/* The same from data[0..len) (path names it in diagnostics), for tests and
 * fuzzing. */
int catalogue_parse(struct model *m, const char *path, const char *data, size_t len);
/* Read areas.csv of the metrics folder, when there is one, into m->areas:
 * then no other area codes are allowed.  Returns 0 (also when there is
 * none), or -1 after reporting every problem. */
int catalogue_load_areas(struct model *m);

#endif
