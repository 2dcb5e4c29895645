/* bcfgen serve's request paths, Host headers and served pages: never a
 * crash; a path let through has no '..' or '.' segment, no hidden name, no
 * backslash, control character or empty segment; a served page, however
 * its parts are ordered or broken, holds the reload script. */
#include "buf.h"
#include "fuzz_common.h"
#include "serve.h"

#include <stdlib.h>
#include <string.h>

static void check_rel(const struct buf *rel)
{
	size_t i, start = 0;

	for (i = 0; i <= rel->len; i++) {
		unsigned char c = i < rel->len ? (unsigned char)rel->s[i] : '/';
		if (c < 0x20 || c == 0x7f || c == '\\')
			abort();
		if (c != '/')
			continue;
		/* a segment: [start, i); the last may be empty (a trailing '/') */
		if (i == start && i != rel->len && !(i == 0 && rel->len == 0))
			abort();
		if (i > start && rel->s[start] == '.')
			abort();
		start = i + 1;
	}
}

/* strstr, past NUL bytes */
static int contains(const struct buf *b, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= b->len; i++)
		if (!memcmp(b->s + i, needle, n))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	struct buf rel, out;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	buf_init(&rel);
	if (serve_path_parse(s, &rel) == SERVE_PATH_OK)
		check_rel(&rel);
	serve_host_ok(s);
	buf_init(&out);
	serve_page(&out, s, size, 1, size & 1 ? s : NULL, size);
	if (!contains(&out, "/.bcfgen-serve/reload.js"))
		abort();
	buf_release(&out);
	buf_release(&rel);
	free(s);
	return 0;
}
