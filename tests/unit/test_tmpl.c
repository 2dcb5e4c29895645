/* The engine beyond the spec: escaping of apostrophes, syntax errors with
 * positions, runaway recursion stopped. */
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "harness.h"
#include "tmpl.h"

#include <string.h>

static const char *self_loader(void *closure, const char *name, size_t len, size_t *out_len)
{
	(void)closure;
	if (len == 4 && !memcmp(name, "loop", 4)) {
		*out_len = 9;
		return "{{>loop}}";
	}
	return NULL;
}

static int render(struct tmpl_env *env, const char *path, const char *src, const struct tv *d,
		  struct buf *out)
{
	return tmpl_render(env, path, src, strlen(src), d, out);
}

int main(void)
{
	struct arena a;
	struct tmpl_env env;
	struct buf out, errs;
	struct tv *d;

	arena_init(&a);
	buf_init(&out);
	buf_init(&errs);
	diag_init(0);
	diag_capture(&errs);
	tmpl_env_init(&env, self_loader, NULL);

	d = tv_map(&a);
	tv_set_str(&a, d, "name", "O'Neil <b>");
	tv_set_str(&a, d, "empty", "");
	CHECK(render(&env, "t", "{{name}}|{{{name}}}|{{#empty}}x{{/empty}}{{^empty}}y{{/empty}}", d, &out) == 0);
	CHECK_STR(out.s, "O&#39;Neil &lt;b&gt;|O'Neil <b>|y");

	buf_reset(&out);
	CHECK(render(&env, "page.mustache", "line one\n{{#open}}\n", d, &out) < 0);
	CHECK_STR(errs.s, "page.mustache:2:1: error: section is not closed: expected an end tag for 'open'\n");
	buf_reset(&errs);
	CHECK(render(&env, "p", "{{#a}}{{/b}}", d, &out) < 0);
	CHECK_STR(errs.s, "p:1:7: error: end tag does not match the open section: expected the end of 'a'\n");
	buf_reset(&errs);
	CHECK(render(&env, "p", "x {{name", d, &out) < 0);
	CHECK_STR(errs.s, "p:1:3: error: tag is not closed: expected the closing delimiter '}}'\n");
	buf_reset(&errs);
	CHECK(render(&env, "p", "{{>loop}}", d, &out) < 0);
	CHECK(strstr(errs.s, "partials nest more than") != NULL);

	tmpl_env_release(&env);
	diag_capture(NULL);
	buf_release(&out);
	buf_release(&errs);
	arena_release(&a);
	return test_done("tmpl");
}
