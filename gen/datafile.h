#ifndef BCF_DATAFILE_H
#define BCF_DATAFILE_H
/* Data files under data/, long (metric,area_code,period,value...) or wide
 * (area_code, then a column per period), read as site.ini's [data FILE]
 * rules say; and plans.csv.  Each row becomes an observation of its metric
 * in the model, unsorted until validate_observations. */
#include <stddef.h>

struct model;

/* Read the data file at path, called name under data/ (a file named after
 * a metric holds that metric), a row at a time.  Returns 0, or -1 after
 * reporting every problem (the rows read well are kept). */
int datafile_load(struct model *m, const char *path, const char *name);
/* The same from data[0..len), for tests and fuzzing. */
int datafile_parse(struct model *m, const char *path, const char *name, const char *data, size_t len);
/* Read plans.csv of the metrics folder, when there is one: each row a plan
 * for a point of a metric.  Returns 0 (also when there is none), or -1
 * after reporting every problem. */
int datafile_load_plans(struct model *m);

#endif
