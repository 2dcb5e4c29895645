#ifndef BCF_TEST_JSON_H
#define BCF_TEST_JSON_H
/* A small JSON reader for the tests: JSON text into template values. */
#include <stddef.h>

struct arena;
struct tv;

/* Parse s[0..len) into a value in the arena; NULL on a syntax error. */
struct tv *json_parse(struct arena *a, const char *s, size_t len);

#endif
