#include "tmpl.h"
#include "hash.h"
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

/* ---- parsed templates ---- */

enum node_kind { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL, N_PARENT, N_BLOCK };

struct node {
	enum node_kind kind;
	const char *s;			/* text, or the tag's name */
	size_t len;
	struct node *child;		/* sections, parents, blocks */
	size_t n_child;
	const char *before;		/* whitespace before a standalone tag */
	size_t before_len;
	int standalone;
	/* blocks: the default text, dedented when standalone, and the
	 * indentation dedenting removed */
	const char *text;
	size_t text_len;
	const char *indent;
	size_t indent_len;
};

struct tmpl {
	struct tmpl *next;		/* hash chain */
	size_t hash;
	char *src;			/* owned copy; nodes point into it */
	size_t len;
	struct arena a;
	struct node *nodes;
	size_t n;
	int ok;
};

struct tmpl_cache {
	struct tmpl **bucket;
	size_t cap, n;
};

#define MAX_DEPTH 64

void tmpl_env_init(struct tmpl_env *env, tmpl_loader load, void *closure)
{
	env->load = load;
	env->closure = closure;
	env->cache = xmalloc(sizeof(*env->cache));
	env->cache->cap = 64;
	env->cache->n = 0;
	env->cache->bucket = calloc(env->cache->cap, sizeof(*env->cache->bucket));
	if (!env->cache->bucket)
		diag_oom();
	env->depth = 0;
}

void tmpl_env_release(struct tmpl_env *env)
{
	size_t i;
	if (!env->cache)
		return;
	for (i = 0; i < env->cache->cap; i++) {
		struct tmpl *t = env->cache->bucket[i], *next;
		for (; t; t = next) {
			next = t->next;
			arena_release(&t->a);
			free(t->src);
			free(t);
		}
	}
	free(env->cache->bucket);
	free(env->cache);
	env->cache = NULL;
}

/* ---- parser ---- */

struct parser {
	const char *path;
	const char *src;
	size_t len, pos;
	char otag[16], ctag[16];
	size_t olen, clen;
	size_t last_tag_end;
	size_t force_at, force_next;	/* a tag at force_at resumes at force_next */
	struct arena *a;
	int err;
	int depth;			/* sections open */
};

/* Deeper nesting than this is a mistake, and would exhaust the stack. */
#define MAX_NESTING 100

struct tag {
	size_t ts, te;		/* the tag's extent */
	char type;		/* 0 for a variable */
	const char *name;
	size_t name_len;
};

struct closer {
	size_t text_end;	/* where the content before the end tag stops */
};

static void position(const char *src, size_t off, int *line, int *col)
{
	size_t i;
	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)src[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void perr(struct parser *p, size_t off, const char *msg, const char *name, size_t len)
{
	int line, col;
	if (p->err)
		return;
	position(p->src, off, &line, &col);
	if (name)
		diag_error(p->path, line, col, "%s '%.*s'", msg, (int)(len > 60 ? 60 : len), name);
	else
		diag_error(p->path, line, col, "%s", msg);
	p->err = 1;
}

static const char *find(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	size_t i;
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (i = 0; i + nlen <= hlen; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, nlen))
			return hay + i;
	return NULL;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t';
}

static void trim(const char **s, size_t *len)
{
	while (*len && (is_ws(**s) || **s == '\n' || **s == '\r')) {
		(*s)++;
		(*len)--;
	}
	while (*len && (is_ws((*s)[*len - 1]) || (*s)[*len - 1] == '\n' || (*s)[*len - 1] == '\r'))
		(*len)--;
}

/* Read the tag that starts at ts (which holds the open delimiter). */
static int read_tag(struct parser *p, size_t ts, struct tag *t)
{
	const char *body = p->src + ts + p->olen, *end;
	size_t rest = p->len - ts - p->olen;
	char close[20];
	size_t clen;

	t->ts = ts;
	t->type = 0;
	if (rest && strchr("#^/!><$={&", *body))
		t->type = *body;
	if (t->type == '{' || t->type == '=') {
		close[0] = t->type == '{' ? '}' : '=';
		memcpy(close + 1, p->ctag, p->clen);
		clen = p->clen + 1;
	} else {
		memcpy(close, p->ctag, p->clen);
		clen = p->clen;
	}
	/* the closing delimiter comes after the type character: '{{=}}' is
	 * not '{{=' closed by '=}}' */
	if (t->type && rest) {
		body++;
		rest--;
	}
	end = find(body, rest, close, clen);
	if (!end) {
		perr(p, ts, "tag is not closed: expected the closing delimiter", p->ctag, p->clen);
		return -1;
	}
	t->name = body;
	t->name_len = (size_t)(end - t->name);
	trim(&t->name, &t->name_len);
	t->te = (size_t)(end - p->src) + clen;
	if (t->type != '!' && t->type != '=' && t->name_len == 0) {
		perr(p, ts, "empty tag", NULL, 0);
		return -1;
	}
	return 0;
}

static size_t line_start(const struct parser *p, size_t ts)
{
	while (ts > 0 && p->src[ts - 1] != '\n')
		ts--;
	return ts;
}

static int ws_before(const struct parser *p, size_t ts)
{
	size_t ls = line_start(p, ts), i;
	if (ls < p->last_tag_end)
		return 0;
	for (i = ls; i < ts; i++)
		if (!is_ws(p->src[i]))
			return 0;
	return 1;
}

/* The position after the end of the line if only whitespace follows te on
 * it, else (size_t)-1. */
static size_t ws_after(const struct parser *p, size_t te)
{
	size_t i = te;
	while (i < p->len && is_ws(p->src[i]))
		i++;
	if (i == p->len)
		return i;
	if (p->src[i] == '\n')
		return i + 1;
	if (p->src[i] == '\r' && i + 1 < p->len && p->src[i + 1] == '\n')
		return i + 2;
	return (size_t)-1;
}

/* The tag starting exactly at pos, if any. */
static int peek_tag(struct parser *p, size_t pos, struct tag *t)
{
	int err = p->err;
	if (pos + p->olen > p->len || memcmp(p->src + pos, p->otag, p->olen))
		return 0;
	if (read_tag(p, pos, t) < 0) {
		p->err = err;	/* reported when really read */
		return 0;
	}
	return 1;
}

static int set_delims(struct parser *p, const struct tag *t)
{
	const char *s = t->name;
	size_t len = t->name_len, i = 0, o;

	/* name is 'open close' between the '=' signs */
	if (len && s[len - 1] == '=')
		len--;
	while (len && is_ws(s[len - 1]))
		len--;
	while (i < len && !is_ws(s[i]) && s[i] != '=')
		i++;
	o = i;
	while (i < len && is_ws(s[i]))
		i++;
	if (o == 0 || i == len || o >= sizeof(p->otag) || len - i >= sizeof(p->ctag)) {
		perr(p, t->ts, "a set-delimiters tag needs two delimiters, as in '{{=<% %>=}}'", NULL, 0);
		return -1;
	}
	memcpy(p->otag, s, o);
	p->olen = o;
	memcpy(p->ctag, s + i, len - i);
	p->clen = len - i;
	return 0;
}

static struct node *add_node(struct parser *p, struct node **nodes, size_t *n, size_t *cap,
			     enum node_kind k)
{
	struct node *nd;
	*nodes = arena_grow(p->a, *nodes, sizeof(**nodes), cap, *n + 1);
	nd = &(*nodes)[(*n)++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = k;
	return nd;
}

static void add_text(struct parser *p, struct node **nodes, size_t *n, size_t *cap,
		     size_t from, size_t to)
{
	struct node *nd;
	if (to <= from)
		return;
	nd = add_node(p, nodes, n, cap, N_TEXT);
	nd->s = p->src + from;
	nd->len = to - from;
}

/* Remove the common leading whitespace of the non-blank lines (blank lines
 * become empty), as Python's textwrap.dedent; *indent gets what was removed
 * from the first line. */
static void dedent(struct arena *a, const char *s, size_t len, const char **out, size_t *out_len,
		   const char **indent, size_t *indent_len)
{
	size_t common = (size_t)-1, i = 0, first_removed = 0;
	const char *ref = NULL;
	struct buf b;
	int first = 1;

	/* the common prefix */
	while (i < len) {
		size_t ls = i, w;
		while (i < len && s[i] != '\n')
			i++;
		for (w = ls; w < i && is_ws(s[w]); w++)
			;
		if (w < i && s[w] != '\r') {
			if (!ref) {
				ref = s + ls;
				common = w - ls;
			} else {
				size_t k = 0;
				while (k < common && k < w - ls && s[ls + k] == ref[k])
					k++;
				common = k;
			}
		}
		if (i < len)
			i++;
	}
	if (common == (size_t)-1)
		common = 0;
	buf_init(&b);
	i = 0;
	while (i < len) {
		size_t ls = i, w, le;
		while (i < len && s[i] != '\n')
			i++;
		le = i;
		for (w = ls; w < le && (is_ws(s[w]) || s[w] == '\r'); w++)
			;
		if (w == le) {
			/* blank line */
			if (first)
				first_removed = le - ls;
		} else {
			buf_add(&b, s + ls + common, le - ls - common);
			if (first)
				first_removed = common;
		}
		if (i < len) {
			buf_addc(&b, '\n');
			i++;
		}
		first = 0;
	}
	*out = arena_strndup(a, b.s, b.len);
	*out_len = b.len;
	*indent = s;
	*indent_len = first_removed;
	buf_release(&b);
}

static int parse_nodes(struct parser *p, struct node **nodes, size_t *n,
		       const struct tag *open, struct closer *closer);

/* Parse a section, parent or block body into nd until its end tag. */
static int parse_body(struct parser *p, struct node *nd, const struct tag *t, size_t *inner_end)
{
	struct closer c;
	struct node *kids = NULL;
	size_t nk = 0;
	int rc;

	if (p->depth >= MAX_NESTING) {
		perr(p, t->ts, "sections nest too deeply (the limit is 100) at", t->name, t->name_len);
		return -1;
	}
	p->depth++;
	rc = parse_nodes(p, &kids, &nk, t, &c);
	p->depth--;
	if (rc < 0)
		return -1;
	nd->child = kids;
	nd->n_child = nk;
	*inner_end = c.text_end;
	return 0;
}

static int parse_nodes(struct parser *p, struct node **nodes, size_t *n,
		       const struct tag *open, struct closer *closer)
{
	size_t cap = 0;

	*nodes = NULL;
	*n = 0;
	for (;;) {
		const char *hit = find(p->src + p->pos, p->len - p->pos, p->otag, p->olen);
		struct tag t, t2;
		size_t ts, ls, eol, text_end, next;
		int sa, wsb;
		struct node *nd;

		if (!hit) {
			add_text(p, nodes, n, &cap, p->pos, p->len);
			p->pos = p->len;
			if (open) {
				perr(p, open->ts, "section is not closed: expected an end tag for", open->name,
				     open->name_len);
				return -1;
			}
			return 0;
		}
		ts = (size_t)(hit - p->src);
		if (read_tag(p, ts, &t) < 0)
			return -1;
		ls = line_start(p, ts);
		eol = ws_after(p, t.te);
		wsb = ws_before(p, ts);
		sa = t.type && strchr("#^/!><$=", t.type) && wsb && eol != (size_t)-1;
		text_end = sa ? ls : ts;
		next = sa ? eol : t.te;

		if (ts == p->force_at && p->force_next != (size_t)-1) {
			sa = 1;
			text_end = ts;
			next = p->force_next;
			p->force_next = (size_t)-1;
		} else if ((t.type == '<' || t.type == '$') && wsb &&
			   peek_tag(p, t.te, &t2)) {
			size_t eol2 = ws_after(p, t2.te);
			if (t2.type == '/' && t2.name_len == t.name_len &&
			    !memcmp(t2.name, t.name, t.name_len) && eol2 != (size_t)-1) {
				/* {{<p}}{{/p}} or {{$b}}{{/b}} alone on a line */
				sa = 1;
				text_end = ls;
				next = t.te;
				p->force_at = t2.ts;
				if (t.type == '<') {
					p->force_next = eol2;
				} else {
					/* an empty block keeps the line's newline */
					size_t k = t2.te;
					while (k < p->len && is_ws(p->src[k]))
						k++;
					p->force_next = k;
				}
			} else if (t.type == '<' && t2.type == '$' && eol2 != (size_t)-1) {
				/* {{<p}}{{$b}} alone on a line */
				sa = 1;
				text_end = ls;
				next = t.te;
				p->force_at = t2.ts;
				p->force_next = eol2;
			}
		} else if (t.type == '/' && wsb && peek_tag(p, t.te, &t2) && t2.type == '/' &&
			   ws_after(p, t2.te) != (size_t)-1) {
			/* {{/b}}{{/p}} alone on a line */
			sa = 1;
			text_end = ls;
			next = t.te;
			p->force_at = t2.ts;
			p->force_next = ws_after(p, t2.te);
		}

		add_text(p, nodes, n, &cap, p->pos, text_end);
		p->pos = next;
		p->last_tag_end = next;

		switch (t.type) {
		case '!':
			break;
		case '=':
			if (set_delims(p, &t) < 0)
				return -1;
			break;
		case 0:
		case '{':
		case '&':
			nd = add_node(p, nodes, n, &cap, t.type ? N_RAW : N_VAR);
			nd->s = t.name;
			nd->len = t.name_len;
			break;
		case '>':
			nd = add_node(p, nodes, n, &cap, N_PARTIAL);
			nd->s = t.name;
			nd->len = t.name_len;
			nd->standalone = sa;
			nd->before = p->src + ls;
			nd->before_len = sa && wsb ? ts - ls : 0;
			break;
		case '#':
		case '^':
		case '<':
		case '$': {
			size_t inner_start = p->pos, inner_end;
			enum node_kind k = t.type == '#' ? N_SECTION : t.type == '^' ? N_INVERTED :
					   t.type == '<' ? N_PARENT : N_BLOCK;
			nd = add_node(p, nodes, n, &cap, k);
			/* nd may move as siblings are added, but not while its own
			 * children are parsed into a separate array */
			nd->s = t.name;
			nd->len = t.name_len;
			nd->standalone = sa;
			nd->before = p->src + ls;
			nd->before_len = wsb ? ts - ls : 0;
			if (parse_body(p, nd, &t, &inner_end) < 0)
				return -1;
			if (k == N_BLOCK) {
				const char *in = p->src + inner_start;
				size_t in_len = inner_end > inner_start ? inner_end - inner_start : 0;
				if (nd->standalone) {
					dedent(p->a, in, in_len, &nd->text, &nd->text_len, &nd->indent,
					       &nd->indent_len);
				} else {
					nd->text = in;
					nd->text_len = in_len;
				}
			}
			break;
		}
		case '/':
			if (!open) {
				perr(p, ts, "end tag with no section open:", t.name, t.name_len);
				return -1;
			}
			if (t.name_len != open->name_len || memcmp(t.name, open->name, t.name_len)) {
				perr(p, ts, "end tag does not match the open section: expected the end of", open->name,
				     open->name_len);
				return -1;
			}
			closer->text_end = text_end;
			return 0;
		}
	}
}

/* The parsed template for this text, from the cache or parsed now. */
static struct tmpl *get_parsed(struct tmpl_env *env, const char *path, const char *src, size_t len)
{
	struct tmpl_cache *c = env->cache;
	size_t h = (size_t)hash_of(src, len), i;
	struct tmpl *t;
	struct parser p;

	for (t = c->bucket[h & (c->cap - 1)]; t; t = t->next)
		if (t->hash == h && t->len == len && !memcmp(t->src, src, len))
			return t;
	if (c->n * 2 >= c->cap) {
		size_t ncap = c->cap * 2;
		struct tmpl **nb = calloc(ncap, sizeof(*nb));
		if (!nb)
			diag_oom();
		for (i = 0; i < c->cap; i++) {
			struct tmpl *x = c->bucket[i], *next;
			for (; x; x = next) {
				next = x->next;
				x->next = nb[x->hash & (ncap - 1)];
				nb[x->hash & (ncap - 1)] = x;
			}
		}
		free(c->bucket);
		c->bucket = nb;
		c->cap = ncap;
	}
	t = xmalloc(sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->hash = h;
	t->src = xstrndup(src, len);
	t->len = len;
	arena_init(&t->a);

	memset(&p, 0, sizeof(p));
	p.path = path;
	p.src = t->src;
	p.len = len;
	p.a = &t->a;
	memcpy(p.otag, "{{", 2);
	memcpy(p.ctag, "}}", 2);
	p.olen = p.clen = 2;
	p.force_at = p.force_next = (size_t)-1;
	t->ok = parse_nodes(&p, &t->nodes, &t->n, NULL, NULL) == 0 && !p.err;
	t->next = c->bucket[h & (c->cap - 1)];
	c->bucket[h & (c->cap - 1)] = t;
	c->n++;
	return t;
}

/* ---- rendering ---- */

struct stack {
	const struct tv **v;
	size_t n, cap;
};

/* Block arguments in force: each parent tag adds its own blocks. */
struct args {
	const struct args *outer;
	const struct node *list;	/* the parent's direct children */
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
			if (!is_ws(s[k]) && s[k] != '\n' && s[k] != '\r')
				blank = 0;
		if (!blank)
			buf_add(&b, ind, ind_len);
		buf_add(&b, s + ls, i - ls);
	}
	return buf_detach(&b, out_len);
}

static void render_nodes(struct render *r, const struct node *nodes, size_t n, const struct args *args);

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
	t = get_parsed(r->env, r->path, src, len);
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
static const struct node *find_arg(const struct args *args, const char *name, size_t len)
{
	const struct node *found;
	size_t i;

	if (!args)
		return NULL;
	if ((found = find_arg(args->outer, name, len)))
		return found;
	for (i = 0; i < args->n; i++) {
		const struct node *b = &args->list[i];
		if (b->kind == N_BLOCK && b->len == len && !memcmp(b->s, name, len))
			return b;
	}
	return NULL;
}

static void render_nodes(struct render *r, const struct node *nodes, size_t n, const struct args *args)
{
	size_t i, k;

	for (i = 0; i < n && !r->err; i++) {
		const struct node *nd = &nodes[i];
		const struct tv *v;
		if (++r->steps > MAX_STEPS || r->out->len > MAX_OUTPUT) {
			diag_error(r->path, 0, 0, "the template did too much work (over %lu steps or %lu MiB): "
				   "does a section or partial repeat itself?", MAX_STEPS, MAX_OUTPUT >> 20);
			r->err = 1;
			break;
		}
		switch (nd->kind) {
		case N_TEXT:
			buf_add(r->out, nd->s, nd->len);
			break;
		case N_VAR:
		case N_RAW:
			interpolate(r->out, lookup(&r->st, nd->s, nd->len), nd->kind == N_VAR);
			break;
		case N_SECTION:
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
		case N_INVERTED:
			if (!truthy(lookup(&r->st, nd->s, nd->len)))
				render_nodes(r, nd->child, nd->n_child, args);
			break;
		case N_PARTIAL:
		case N_PARENT: {
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
			inner.list = nd->kind == N_PARENT ? nd->child : NULL;
			inner.n = nd->kind == N_PARENT ? nd->n_child : 0;
			render_text(r, src, len, nd->before, nd->standalone ? nd->before_len : 0, &inner);
			break;
		}
		case N_BLOCK: {
			const struct node *arg = find_arg(args, nd->s, nd->len);
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
	struct tmpl *t = get_parsed(env, path, src, len);

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
	return get_parsed(env, path, src, len)->ok ? 0 : -1;
}
