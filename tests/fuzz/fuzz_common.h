#ifndef BCF_FUZZ_COMMON_H
#define BCF_FUZZ_COMMON_H
/* Shared by the libFuzzer harnesses: diagnostics go to a buffer, not to
 * standard error, and are dropped after each input. */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

static struct buf fuzz_diag;

static inline void fuzz_begin(void)
{
	static int once;
	if (!once) {
		buf_init(&fuzz_diag);
		once = 1;
	}
	buf_reset(&fuzz_diag);
	diag_init(0);
	diag_capture(&fuzz_diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
