/* site.ini reading: any bytes, never a crash. */
#include "arena.h"
#include "fuzz_common.h"
#include "settings.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct settings s;

	fuzz_begin();
	arena_init(&a);
	memset(&s, 0, sizeof(s));
	settings_parse(&s, &a, "site.ini", (const char *)data, size);
	arena_release(&a);
	return 0;
}
