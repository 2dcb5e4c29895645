#ifndef BCF_ANNOTATIONS_H
#define BCF_ANNOTATIONS_H
/* metrics/annotations.csv: events marked on a metric's trend chart
 * ("new discharge pathway from Nov 2017"), each for one area or, with a
 * blank area_code, for every area. */
#include <stddef.h>

struct model;

/* Read annotations.csv of the metrics folder, when there is one, into
 * each metric's notes (sorted by period); the areas must be known.
 * Returns 0 (also when there is none), or -1 after reporting every
 * problem at its cell. */
int annotations_load(struct model *m);
/* The same from data[0..len), named path in messages, for tests. */
int annotations_parse(struct model *m, const char *path, const char *data, size_t len);

#endif
