/* Markdown rendering, safe mode: never a crash, and no raw '<script' from
 * the input reaches the output.  The check that bounds rendering time runs
 * over every input too (its diagnostics captured). */
#include "buf.h"
#include "diag.h"
#include "fuzz_common.h"
#include "markdown.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out;
	char *title;
	size_t i;

	buf_init(&out);
	diag_capture(&out);
	markdown_check("fuzz.md", 1, (const char *)data, size);
	diag_capture(NULL);
	buf_reset(&out);
	markdown_render((const char *)data, size, size ? data[0] % 4 : 2, &out);
	for (i = 0; i + 7 <= out.len; i++)
		if (out.s[i] == '<' && !strncasecmp(out.s + i, "<script", 7))
			abort();
	title = markdown_title((const char *)data, size);
	free(title);
	buf_release(&out);
	return 0;
}
