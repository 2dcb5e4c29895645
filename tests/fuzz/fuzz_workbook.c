/* The workbook reader (zip, XML, cells): any bytes, never a crash nor a
 * leak, within the memory limits; every field of a table read lies in the
 * sheet's bounds and is valid UTF-8 as expat delivers it. */
#include "arena.h"
#include "csvread.h"
#include "fuzz_common.h"
#include "workbook.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct csv_table t;
	size_t r, f;

	fuzz_begin();
	arena_init(&a);
	/* the first sheet, and one asked for by name */
	if (workbook_read(&a, "fuzz.xlsx", (const char *)data, size, size & 1 ? "Metrics" : NULL, &t) == 0) {
		for (r = 0; r < t.n; r++) {
			if (t.rec[r].line < 1 || t.rec[r].line > WORKBOOK_MAX_ROWS || t.rec[r].n > CSVREAD_MAX_FIELDS)
				abort();
			for (f = 0; f < t.rec[r].n; f++) {
				const struct csv_field *x = &t.rec[r].f[f];
				if (x->col != (int)f + 1 || x->line != t.rec[r].line || x->len > CSVREAD_MAX_FIELD ||
				    csvread_utf8_check(x->s, x->len) != x->len)
					abort();
			}
		}
	}
	arena_release(&a);
	return 0;
}
