/* Mustache rendering: the values a page is given, and the parsed nodes of
 * tmpl_parse.c rendered over them, partials and parents loaded through the
 * environment's loader. */
#include "tmpl.h"
#include "tmpl_parse.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- values ---- */

static struct tv *tv_new(struct arena *a, enum tv_kind k)
{
	struct tv *v = arena_alloc(a, sizeof(*v));
	v->kind = k;
	return v;
}

struct tv *tv_null(struct arena *a) { return tv_new(a, TV_NULL); }
struct tv *tv_list(struct arena *a) { return tv_new(a, TV_LIST); }
struct tv *tv_map(struct arena *a) { return tv_new(a, TV_MAP); }

struct tv *tv_bool(struct arena *a, int b)
{
	struct tv *v = tv_new(a, TV_BOOL);
	v->b = !!b;
	return v;
}

struct tv *tv_num(struct arena *a, double n)
{
	struct tv *v = tv_new(a, TV_NUM);
	v->num = n;
	return v;
}

struct tv *tv_strn(struct arena *a, const char *s, size_t len)
{
	struct tv *v = tv_new(a, TV_STR);
	v->s = arena_strndup(a, s, len);
	v->len = len;
	return v;
}

struct tv *tv_str(struct arena *a, const char *s)
{
	return tv_strn(a, s ? s : "", s ? strlen(s) : 0);
}

struct tv *tv_push(struct arena *a, struct tv *list, struct tv *item)
{
	list->items = arena_grow(a, list->items, sizeof(*list->items), &list->cap, list->n + 1);
	list->items[list->n++] = item;
	return item;
}

struct tv *tv_set(struct arena *a, struct tv *map, const char *key, struct tv *val)
{
	size_t i, cap = map->cap;

	for (i = 0; i < map->n; i++)
		if (!strcmp(map->keys[i], key)) {
			map->items[i] = val;
			return val;
		}
	map->items = arena_grow(a, map->items, sizeof(*map->items), &map->cap, map->n + 1);
	map->keys = arena_grow(a, map->keys, sizeof(*map->keys), &cap, map->n + 1);
	map->keys[map->n] = key;
	map->items[map->n++] = val;
	return val;
}

struct tv *tv_set_str(struct arena *a, struct tv *map, const char *key, const char *s)
{
	return tv_set(a, map, key, tv_str(a, s));
}

struct tv *tv_set_bool(struct arena *a, struct tv *map, const char *key, int b)
{
	return tv_set(a, map, key, tv_bool(a, b));
}

struct tv *tv_get(const struct tv *map, const char *key, size_t len)
{
	size_t i;
	if (!map || map->kind != TV_MAP)
		return NULL;
	for (i = 0; i < map->n; i++)
		if (strlen(map->keys[i]) == len && !memcmp(map->keys[i], key, len))
			return map->items[i];
	return NULL;
}

/* ---- environments ---- */

#define MAX_DEPTH 64

void tmpl_env_init(struct tmpl_env *env, tmpl_loader load, void *closure)
{
	env->load = load;
	env->closure = closure;
	env->cache = tmpl_parse_cache_new();
	env->depth = 0;
}

void tmpl_env_release(struct tmpl_env *env)
{
	if (!env->cache)
		return;
	tmpl_parse_cache_free(env->cache);
	env->cache = NULL;
}

/* ---- rendering ---- */

struct stack {
	const struct tv **v;
	size_t n, cap;
};

/* Block arguments in force: each parent tag adds its own blocks. */
struct args {
	const struct args *outer;
	const struct tmpl_node *list;	/* the parent's direct children */
	size_t n;
};

struct render {
	struct tmpl_env *env;
	const char *path;
	struct stack st;
	struct buf *out;
	int err;
	unsigned long steps;	/* nodes rendered, against runaway templates */
};

/* A page that needs more than this is a template that loops on itself
 * (sections over sections of big lists, partials fanning out). */
#define MAX_STEPS 20000000UL
#define MAX_OUTPUT (256UL << 20)

static void push(struct stack *s, const struct tv *v)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n++] = v;
}

static const struct tv *lookup(const struct stack *st, const char *name, size_t len)
{
	const struct tv *v = NULL;
	const char *dot;
	size_t seg, i;

	if (len == 1 && name[0] == '.')
		return st->n ? st->v[st->n - 1] : NULL;
	dot = memchr(name, '.', len);
	seg = dot ? (size_t)(dot - name) : len;
	for (i = st->n; i-- > 0;) {
		v = tv_get(st->v[i], name, seg);
		if (v)
			break;
	}
	while (v && dot) {
		name = dot + 1;
		len -= seg + 1;
		dot = memchr(name, '.', len);
		seg = dot ? (size_t)(dot - name) : len;
		v = tv_get(v, name, seg);
	}
	return v;
}

static int truthy(const struct tv *v)
{
	if (!v)
		return 0;
	switch (v->kind) {
	case TV_NULL: return 0;
	case TV_BOOL: return v->b;
	case TV_LIST: return v->n > 0;
	case TV_STR: return v->len > 0;
	default: return 1;
	}
}

static void interpolate(struct buf *out, const struct tv *v, int escape)
{
	char num[64];
	const char *s = NULL;
	size_t len = 0;
	int prec;

	if (!v)
		return;
	switch (v->kind) {
	case TV_STR: s = v->s; len = v->len; break;
	case TV_BOOL: s = v->b ? "true" : "false"; len = strlen(s); break;
	case TV_NUM:
		if (!isfinite(v->num)) {
			num[0] = '\0';	/* nothing non-finite is ever printed */
		} else if (fabs(v->num) < 1e15 && v->num == (double)(long long)v->num) {
			snprintf(num, sizeof(num), "%lld", (long long)v->num);
		} else {
			for (prec = 1; prec <= 17; prec++) {
				snprintf(num, sizeof(num), "%.*g", prec, v->num);
				if (strtod(num, NULL) == v->num)
					break;
			}
		}
		s = num;
		len = strlen(num);
		break;
	default:
		return;
	}
	if (escape)
		buf_add_html(out, s, len);
	else
		buf_add(out, s, len);
}

/* Prefix every line of s that is not blank with ind (textwrap.indent). */
static char *indent_text(const char *s, size_t len, const char *ind, size_t ind_len, size_t *out_len)
{
	struct buf b;
	size_t i = 0;

	buf_init(&b);
	while (i < len) {
		size_t ls = i, k;
		int blank = 1;
		while (i < len && s[i] != '\n')
			i++;
		if (i < len)
			i++;
		for (k = ls; k < i; k++)
			if (s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r')
				blank = 0;
		if (!blank)
			buf_add(&b, ind, ind_len);
		buf_add(&b, s + ls, i - ls);
	}
	return buf_detach(&b, out_len);
}

static void render_nodes(struct render *r, const struct tmpl_node *nodes, size_t n, const struct args *args);

/* Render template text (a partial, a parent, a block's content), indented
 * when ind_len > 0. */
static void render_text(struct render *r, const char *src, size_t len, const char *ind,
			size_t ind_len, const struct args *args)
{
	struct tmpl *t;
	char *tmp = NULL;

	if (r->env->depth >= MAX_DEPTH) {
		if (!r->err)
			diag_error(r->path, 0, 0, "partials nest more than %d deep: is a partial including itself?",
				   MAX_DEPTH);
		r->err = 1;
		return;
	}
	if (ind_len) {
		tmp = indent_text(src, len, ind, ind_len, &len);
		src = tmp;
	}
	t = tmpl_parse_cached(r->env, r->path, src, len);
	free(tmp);
	if (!t->ok) {
		r->err = 1;
		return;
	}
	r->env->depth++;
	render_nodes(r, t->nodes, t->n, args);
	r->env->depth--;
}

/* The argument for block name: the outermost parent that passes one wins. */
static const struct tmpl_node *find_arg(const struct args *args, const char *name, size_t len)
{
	const struct tmpl_node *found;
	size_t i;

	if (!args)
		return NULL;
	if ((found = find_arg(args->outer, name, len)))
		return found;
	for (i = 0; i < args->n; i++) {
		const struct tmpl_node *b = &args->list[i];
		if (b->kind == TMPL_BLOCK && b->len == len && !memcmp(b->s, name, len))
			return b;
	}
	return NULL;
}

static void render_nodes(struct render *r, const struct tmpl_node *nodes, size_t n, const struct args *args)
{
	size_t i, k;

	for (i = 0; i < n && !r->err; i++) {
		const struct tmpl_node *nd = &nodes[i];
		const struct tv *v;
		if (++r->steps > MAX_STEPS || r->out->len > MAX_OUTPUT) {
			diag_error(r->path, 0, 0, "the template did too much work (over %lu steps or %lu MiB): "
				   "does a section or partial repeat itself?", MAX_STEPS, MAX_OUTPUT >> 20);
			r->err = 1;
			break;
		}
		switch (nd->kind) {
		case TMPL_TEXT:
			buf_add(r->out, nd->s, nd->len);
			break;
		case TMPL_VAR:
		case TMPL_RAW:
			interpolate(r->out, lookup(&r->st, nd->s, nd->len), nd->kind == TMPL_VAR);
			break;
		case TMPL_SECTION:
			v = lookup(&r->st, nd->s, nd->len);
			if (!truthy(v))
				break;
			if (v->kind == TV_LIST) {
				for (k = 0; k < v->n; k++) {
					push(&r->st, v->items[k]);
					render_nodes(r, nd->child, nd->n_child, args);
					r->st.n--;
				}
			} else {
				push(&r->st, v);
				render_nodes(r, nd->child, nd->n_child, args);
				r->st.n--;
			}
			break;
		case TMPL_INVERTED:
			if (!truthy(lookup(&r->st, nd->s, nd->len)))
				render_nodes(r, nd->child, nd->n_child, args);
			break;
		case TMPL_PARTIAL:
		case TMPL_PARENT: {
			size_t len = 0;
			char *name = xstrndup(nd->s, nd->len);
			const char *src = r->env->load ? r->env->load(r->env->closure, name, nd->len, &len) : NULL;
			struct args inner;
			free(name);
			if (!src)
				break;
			/* a parent passes its blocks as arguments; a partial is a
			 * parent with none */
			inner.outer = args;
			inner.list = nd->kind == TMPL_PARENT ? nd->child : NULL;
			inner.n = nd->kind == TMPL_PARENT ? nd->n_child : 0;
			render_text(r, src, len, nd->before, nd->standalone ? nd->before_len : 0, &inner);
			break;
		}
		case TMPL_BLOCK: {
			const struct tmpl_node *arg = find_arg(args, nd->s, nd->len);
			const char *text = arg ? arg->text : nd->text;
			size_t len = arg ? arg->text_len : nd->text_len;
			if (nd->standalone)
				render_text(r, text, len, nd->indent_len ? nd->indent : nd->before,
					    nd->indent_len ? nd->indent_len : nd->before_len, args);
			else
				render_text(r, text, len, NULL, 0, args);
			break;
		}
		}
	}
}

int tmpl_render(struct tmpl_env *env, const char *path, const char *src, size_t len,
		const struct tv *data, struct buf *out)
{
	struct render r;
	struct tmpl *t = tmpl_parse_cached(env, path, src, len);

	if (!t->ok)
		return -1;
	memset(&r, 0, sizeof(r));
	r.env = env;
	r.path = path;
	r.out = out;
	push(&r.st, data);
	render_nodes(&r, t->nodes, t->n, NULL);
	free(r.st.v);
	return r.err ? -1 : 0;
}

int tmpl_check(struct tmpl_env *env, const char *path, const char *src, size_t len)
{
	return tmpl_parse_cached(env, path, src, len)->ok ? 0 : -1;
}
