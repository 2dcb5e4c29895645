/* site.ini reading: any bytes, never a crash. */
#include "arena.h"
#include "fuzz_common.h"
#include "model.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct model m;

	fuzz_begin();
	arena_init(&a);
	memset(&m, 0, sizeof(m));
	m.a = &a;
	model_settings_parse(&m, "site.ini", (const char *)data, size);
	arena_release(&a);
	return 0;
}
