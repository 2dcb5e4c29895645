/* The template engine: the input is a template, and also (split at NUL
 * bytes) the partials 'a', 'b' and 'c', rendered over a fixed data tree. */
#include "arena.h"
#include "buf.h"
#include "fuzz_common.h"
#include "tmpl.h"

#include <string.h>

struct parts {
	const char *p[4];
	size_t n[4];
};

static const char *loader(void *closure, const char *name, size_t len, size_t *out_len)
{
	struct parts *ps = closure;
	if (len != 1 || name[0] < 'a' || name[0] > 'c')
		return NULL;
	*out_len = ps->n[name[0] - 'a' + 1];
	return ps->p[name[0] - 'a' + 1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct tmpl_env env;
	struct buf out;
	struct parts ps;
	struct tv *d, *list, *item;
	const char *s = (const char *)data, *end = s + size;
	int k;

	fuzz_begin();
	memset(&ps, 0, sizeof(ps));
	for (k = 0; k < 4; k++) {
		const char *z = memchr(s, '\0', (size_t)(end - s));
		ps.p[k] = s;
		ps.n[k] = z ? (size_t)(z - s) : (size_t)(end - s);
		s = z ? z + 1 : end;
	}
	arena_init(&a);
	d = tv_map(&a);
	tv_set_str(&a, d, "name", "<b>&'\"");
	tv_set_bool(&a, d, "yes", 1);
	tv_set_bool(&a, d, "no", 0);
	tv_set(&a, d, "num", tv_num(&a, 1.5));
	list = tv_set(&a, d, "list", tv_list(&a));
	for (k = 0; k < 3; k++) {
		item = tv_push(&a, list, tv_map(&a));
		tv_set(&a, item, "i", tv_num(&a, k));
		tv_set(&a, item, "list", tv_list(&a));
	}
	tv_set(&a, d, "a", d);	/* a cycle: lookups must still end */
	buf_init(&out);
	tmpl_env_init(&env, loader, &ps);
	tmpl_render(&env, "fuzz.mustache", ps.p[0], ps.n[0], d, &out);
	tmpl_env_release(&env);
	buf_release(&out);
	arena_release(&a);
	return 0;
}
