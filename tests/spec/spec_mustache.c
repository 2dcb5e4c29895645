/* Runs the official Mustache spec files straight from their JSON:
 *   spec_mustache DIR
 * for the core modules and inheritance; prints each failure and a closing
 * "N passed, N failed" line; exits 1 on any failure. */
#include "arena.h"
#include "buf.h"
#include "csvread.h"
#include "diag.h"
#include "tmpl.h"
#include "../unit/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const modules[] = {
	"comments", "delimiters", "interpolation", "inverted", "partials", "sections",
	"~inheritance", NULL
};

static const char *load_partial(void *closure, const char *name, size_t len, size_t *out_len)
{
	const struct tv *v = tv_get(closure, name, len);
	if (!v || v->kind != TV_STR)
		return NULL;
	*out_len = v->len;
	return v->s;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, m;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SPEC_DIR\n", argv[0]);
		return 2;
	}
	diag_init(0);
	for (m = 0; modules[m]; m++) {
		struct arena a;
		char path[4096];
		size_t len, i;
		char *text;
		struct tv *doc, *tests;
		int here = 0;

		snprintf(path, sizeof(path), "%s/%s.json", argv[1], modules[m]);
		text = csvread_slurp(path, 1u << 24, &len);
		if (!text) {
			fprintf(stderr, "%s: cannot read\n", path);
			return 3;
		}
		arena_init(&a);
		doc = json_parse(&a, text, len);
		tests = doc ? tv_get(doc, "tests", 5) : NULL;
		if (!tests || tests->kind != TV_LIST) {
			fprintf(stderr, "%s: not a spec file\n", path);
			return 3;
		}
		for (i = 0; i < tests->n; i++) {
			const struct tv *t = tests->items[i];
			const struct tv *name = tv_get(t, "name", 4), *tpl = tv_get(t, "template", 8);
			const struct tv *data = tv_get(t, "data", 4), *want = tv_get(t, "expected", 8);
			struct tv *partials = tv_get(t, "partials", 8);
			struct tmpl_env env;
			struct buf out;
			int rc;

			buf_init(&out);
			tmpl_env_init(&env, load_partial, partials);
			rc = tmpl_render(&env, name->s, tpl->s, tpl->len, data, &out);
			if (rc == 0 && out.len == want->len && !memcmp(out.s, want->s, out.len)) {
				passed++;
				here++;
			} else {
				failed++;
				printf("FAIL %s: %s\n  template: ", modules[m], name->s);
				fwrite(tpl->s, 1, tpl->len, stdout);
				printf("\n  expected: [%s]\n  got:      [%s]\n", want->s, out.s);
			}
			tmpl_env_release(&env);
			buf_release(&out);
		}
		printf("mustache spec %-14s %d/%zu\n", modules[m], here, tests->n);
		arena_release(&a);
		free(text);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
