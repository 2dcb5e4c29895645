#ifndef BCF_ROW_H
#define BCF_ROW_H
/* The cells of one row of a data file or plans.csv as the parts of an
 * observation: the metric and the area it names, its period, its figures
 * checked against the metric's unit.  Each problem is reported at its cell
 * and the function returns -1 (NULL). */
#include <stddef.h>

struct csv_field;
struct csv_record;
struct file_rule;
struct metric;
struct model;
struct period;

/* The metric named in column col, or by_name when col is -1; a blank cell
 * repeats *last when last is given (and then set). */
struct metric *row_metric(struct model *m, const char *path, const struct csv_record *rec, int col,
			  struct metric *by_name, struct metric **last);
/* The index of the area whose code is in column code_col, added to the
 * model unless areas.csv lists every area; its name from column name_col
 * (-1: none) when it has none yet.  A blank code repeats *last_code when
 * last_code is given (and then set, to a string in the arena). */
int row_area(struct model *m, const char *path, const struct csv_record *rec, int code_col, int name_col,
	     const char **last_code);
/* The period in column col of rec into *p, one of mt's: a bare year is a
 * financial year when rule (NULL: none) says so, refused otherwise. */
int row_period(const char *path, const struct file_rule *rule, const struct csv_record *rec, int col,
	       const struct metric *mt, struct period *p);
/* The same for f, a period heading of a wide file. */
int row_period_heading(const char *path, const struct file_rule *rule, const struct csv_field *f,
		       const struct metric *mt, struct period *p);
/* The number in column col (-1: none, nothing read) into *v, setting bit in
 * *flags; a suppressed value, numerator or denominator sets OBS_SUPPRESSED
 * instead; a blank leaves both.  -1 for a cell that is no number, or a
 * figure of MODEL_MAX_FIGURE or more. */
int row_number(const char *path, const struct csv_record *rec, int col, const char *what, double *v,
	       unsigned *flags, unsigned bit);
/* 0 when v, read as 'what' from column col, is a figure of mt's unit:
 * percentages 0-100; counts, rates and days not negative. */
int row_check_unit(const char *path, const struct csv_record *rec, int col, const char *what,
		   const struct metric *mt, double v);

#endif
