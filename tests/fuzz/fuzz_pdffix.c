/* pdffix on whatever a program given as Chromium might write: never a
 * crash, a read or write outside the PDF, or a hang; and a PDF it mends
 * is as long as it says, NUL-terminated. */
#include "fuzz_common.h"
#include "pdffix.h"

#include <stdlib.h>
#include <string.h>

/* pdf[0..len) and the NUL after it, as finish_pdf reads a file */
static char *copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void check(char *out, size_t len)
{
	if (out && (strlen(out) > len || out[len] != '\0'))
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = copy(data, size), *out;
	size_t len;

	out = pdffix_links(s, size, "file:///t/site/", "https://example.org/a (b)/", &len);
	check(out, len);
	out = pdffix_links(s, size, "file:///t/site/", "", &len);
	check(out, len);
	out = pdffix_role_map(s, size, &len);
	check(out, len);
	pdffix_node_ids(s, size);
	pdffix_figures(s, size);
	pdffix_dates(s, size, 1700000000LL);
	free(s);
	return 0;
}
