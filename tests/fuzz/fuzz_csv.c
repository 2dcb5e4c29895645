/* The CSV reader with positions: any bytes, never a crash; every field's
 * position is inside the input. */
#include "arena.h"
#include "csvread.h"
#include "fuzz_common.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct csv_table t;
	size_t r, f;
	int lines = 1;

	for (r = 0; r < size; r++)
		lines += data[r] == '\n' || data[r] == '\r';
	fuzz_begin();
	arena_init(&a);
	if (csvread_mem(&a, "fuzz.csv", (const char *)data, size, &t) == 0) {
		for (r = 0; r < t.n; r++)
			for (f = 0; f < t.rec[r].n; f++) {
				const struct csv_field *x = &t.rec[r].f[f];
				if (x->line < 1 || x->line > lines || x->col < 1 || x->len > size)
					abort();
			}
	}
	arena_release(&a);
	return 0;
}
