#ifndef BCF_CELL_H
#define BCF_CELL_H
/* One cell's meaning, whatever file it came from: a number as exports
 * write it, a suppression marker, a blank.  Knows nothing of the model. */
#include <stddef.h>

/* What a cell held. */
enum cell_kind { CELL_NUMBER, CELL_MISSING, CELL_SUPPRESSED, CELL_BAD };

/* Classify one cell: a number (spaces, thousands separators and a trailing
 * '%' allowed) into *out, missing (blank, NA) or suppressed (*, c, .., :,
 * x, [c], [x], -); CELL_BAD otherwise.  A number is finite and never
 * negative zero. */
enum cell_kind cell_parse(const char *s, size_t len, double *out);
/* Narrow s[0..*len) to its text without the spaces and tabs around it. */
void cell_trim(const char **s, size_t *len);
/* Digits after the decimal point of a number cell, at most 20: how
 * precisely the publisher rounded it. */
int cell_decimals(const char *s, size_t len);
/* 1 when a and b, two neighbouring cells already trimmed, look like the
 * halves of one number split at its thousands comma: 1-3 digits (perhaps
 * signed), then exactly 3 digits (perhaps a decimal part and a '%'). */
int cell_split_number(const char *a, size_t alen, const char *b, size_t blen);

#endif
