#ifndef BCF_FORMAT_H
#define BCF_FORMAT_H
/* Figures, units and polarity in words for people, and figures in plain
 * text that reads back exactly.  The functions keep the model_ names they
 * had in model.c, as every output calls them. */
#include <stddef.h>

#include "model.h"

/* The value formatted for people into out, with thousands separators and
 * the metric's decimals (mt NULL: one decimal, no unit): '2,155.3',
 * '78.5%'.  "" for a value that is not finite. */
void model_format_value(const struct metric *mt, double v, char *out, size_t size);
/* Shortest text that reads back as exactly v, plain ('.' point, no
 * exponent for ordinary magnitudes), into out; "" for a value that is not
 * finite. */
void model_format_plain(double v, char *out, size_t size);
/* The unit in words: 'rate per 100,000', 'percent'; static. */
const char *model_unit_words(enum unit u);
/* The unit in full, for headings, tables and downloads: the catalogue's
 * unit_label ('per 100,000 people aged 65+'), else the unit in words;
 * the metric's or static. */
const char *model_unit_label(const struct metric *mt);
/* Which way is better, in words: 'Lower is better'; static. */
const char *model_polarity_words(enum polarity p);

#endif
