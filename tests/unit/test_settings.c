/* site.ini's base_url: what the feed, the sitemap and the pages' tags are
 * made from; refused at its place unless an absolute http(s) address,
 * and given its final '/'. */
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "settings.h"

#include <stdio.h>
#include <string.h>

/* base_url after reading "[site]\nbase_url = <url>\n"; the diagnostics
 * in *out. */
static const char *parse(struct arena *a, struct buf *out, const char *url)
{
	struct settings s;
	char text[512];

	memset(&s, 0, sizeof(s));
	snprintf(text, sizeof(text), "[site]\nbase_url = %s\n", url);
	buf_truncate(out, 0);
	diag_init(0);
	settings_parse(&s, a, "site.ini", text, strlen(text));
	return s.base_url;
}

int main(void)
{
	static const char *const refused[][2] = {
		{ "example.org/bcf/", "site.ini:2:12:" },	/* no scheme */
		{ "ftp://example.org/", "site.ini:2:12:" },
		{ "https://", "site.ini:2:12:" },		/* no host */
		{ "https:///bcf/", "site.ini:2:12:" },
		{ "https://example.org/a b/", "site.ini:2:33:" }, /* at the space */
		{ "https://example.org/?page=1", "site.ini:2:32:" },
		{ "https://example.org/#top", "site.ini:2:32:" },
		{ "https://example.org/\"x\"/", "site.ini:2:32:" },
		{ "https://example.org/<b>/", "site.ini:2:32:" },
	};
	struct arena a;
	struct buf out;
	size_t i;

	arena_init(&a);
	buf_init(&out);
	diag_capture(&out);
	CHECK_STR(parse(&a, &out, "https://example.org/bcf/"), "https://example.org/bcf/");
	CHECK_STR(parse(&a, &out, "https://example.org/bcf"), "https://example.org/bcf/");
	CHECK_STR(parse(&a, &out, "http://example.org"), "http://example.org/");
	CHECK_STR(parse(&a, &out, "https://example.org/a&b/"), "https://example.org/a&b/");
	CHECK(out.len == 0);
	CHECK_STR(parse(&a, &out, ""), "");
	CHECK(out.len == 0);
	for (i = 0; i < sizeof(refused) / sizeof(*refused); i++) {
		CHECK_STR(parse(&a, &out, refused[i][0]), "");
		CHECK(out.len && !strncmp(out.s, refused[i][1], strlen(refused[i][1])));
		CHECK(out.len && strstr(out.s, "error: base_url = '") != NULL);
	}
	diag_capture(NULL);
	buf_release(&out);
	arena_release(&a);
	return test_done("settings");
}
