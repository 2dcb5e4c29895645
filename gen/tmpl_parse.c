/* Templates parsed once: the text becomes a tree of nodes, following the
 * spec's rules for standalone tags (a tag alone on its line takes the line
 * with it), and is cached by its text. */
#include "tmpl_parse.h"
#include "tmpl.h"
#include "hash.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

/* ---- the cache of parsed templates ---- */

struct tmpl_cache {
	struct tmpl **bucket;
	size_t cap, n;
};

struct tmpl_cache *tmpl_parse_cache_new(void)
{
	struct tmpl_cache *c = xmalloc(sizeof(*c));

	c->cap = 64;
	c->n = 0;
	c->bucket = calloc(c->cap, sizeof(*c->bucket));
	if (!c->bucket)
		xoom();
	return c;
}

void tmpl_parse_cache_free(struct tmpl_cache *c)
{
	size_t i;

	for (i = 0; i < c->cap; i++) {
		struct tmpl *t = c->bucket[i], *next;
		for (; t; t = next) {
			next = t->next;
			arena_release(&t->a);
			free(t->src);
			free(t);
		}
	}
	free(c->bucket);
	free(c);
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

static struct tmpl_node *add_node(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
			     enum tmpl_node_kind k)
{
	struct tmpl_node *nd;
	*nodes = arena_grow(p->a, *nodes, sizeof(**nodes), cap, *n + 1);
	nd = &(*nodes)[(*n)++];
	memset(nd, 0, sizeof(*nd));
	nd->kind = k;
	return nd;
}

static void add_text(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
		     size_t from, size_t to)
{
	struct tmpl_node *nd;
	if (to <= from)
		return;
	nd = add_node(p, nodes, n, cap, TMPL_TEXT);
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

static int parse_nodes(struct parser *p, struct tmpl_node **nodes, size_t *n,
		       const struct tag *open, struct closer *closer);

/* Parse a section, parent or block body into nd until its end tag. */
static int parse_body(struct parser *p, struct tmpl_node *nd, const struct tag *t, size_t *inner_end)
{
	struct closer c;
	struct tmpl_node *kids = NULL;
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

/* Where a tag's line puts it: alone on its line (standalone: the line's
 * indentation and end go with it) or among text. */
struct place {
	size_t ls;		/* the start of the tag's line */
	int wsb;		/* only whitespace before the tag on its line */
	int sa;			/* standalone */
	size_t text_end;	/* where the text before the tag stops */
	size_t next;		/* where parsing resumes after it */
};

/* Two tags alone on a line together, {{<p}}{{/p}}, {{$b}}{{/b}},
 * {{<p}}{{$b}} or {{/b}}{{/p}}, stand alone as a pair: the first keeps the
 * line's start, the second (at force_at) its end. */
static void place_pair(struct parser *p, const struct tag *t, struct place *pl)
{
	struct tag t2;
	size_t eol2;

	if ((t->type == '<' || t->type == '$') && pl->wsb && peek_tag(p, t->te, &t2)) {
		eol2 = ws_after(p, t2.te);
		if (t2.type == '/' && t2.name_len == t->name_len &&
		    !memcmp(t2.name, t->name, t->name_len) && eol2 != (size_t)-1) {
			/* {{<p}}{{/p}} or {{$b}}{{/b}} alone on a line */
			pl->sa = 1;
			pl->text_end = pl->ls;
			pl->next = t->te;
			p->force_at = t2.ts;
			if (t->type == '<') {
				p->force_next = eol2;
			} else {
				/* an empty block keeps the line's newline */
				size_t k = t2.te;
				while (k < p->len && is_ws(p->src[k]))
					k++;
				p->force_next = k;
			}
		} else if (t->type == '<' && t2.type == '$' && eol2 != (size_t)-1) {
			/* {{<p}}{{$b}} alone on a line */
			pl->sa = 1;
			pl->text_end = pl->ls;
			pl->next = t->te;
			p->force_at = t2.ts;
			p->force_next = eol2;
		}
	} else if (t->type == '/' && pl->wsb && peek_tag(p, t->te, &t2) && t2.type == '/' &&
		   ws_after(p, t2.te) != (size_t)-1) {
		/* {{/b}}{{/p}} alone on a line */
		pl->sa = 1;
		pl->text_end = pl->ls;
		pl->next = t->te;
		p->force_at = t2.ts;
		p->force_next = ws_after(p, t2.te);
	}
}

static void place_tag(struct parser *p, const struct tag *t, struct place *pl)
{
	size_t eol = ws_after(p, t->te);

	pl->ls = line_start(p, t->ts);
	pl->wsb = ws_before(p, t->ts);
	pl->sa = t->type && strchr("#^/!><$=", t->type) && pl->wsb && eol != (size_t)-1;
	pl->text_end = pl->sa ? pl->ls : t->ts;
	pl->next = pl->sa ? eol : t->te;
	if (t->ts == p->force_at && p->force_next != (size_t)-1) {
		/* the second of a pair */
		pl->sa = 1;
		pl->text_end = t->ts;
		pl->next = p->force_next;
		p->force_next = (size_t)-1;
	} else {
		place_pair(p, t, pl);
	}
}

/* No tag left: the rest is text, and every section must have ended. */
static int parse_end(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
		     const struct tag *open)
{
	add_text(p, nodes, n, cap, p->pos, p->len);
	p->pos = p->len;
	if (open) {
		perr(p, open->ts, "section is not closed: expected an end tag for", open->name,
		     open->name_len);
		return -1;
	}
	return 0;
}

/* {{name}}, {{{name}}}, {{&name}} */
static void parse_var(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
		      const struct tag *t)
{
	struct tmpl_node *nd = add_node(p, nodes, n, cap, t->type ? TMPL_RAW : TMPL_VAR);

	nd->s = t->name;
	nd->len = t->name_len;
}

/* {{>name}}: a standalone partial is indented as its tag is */
static void parse_partial(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
			  const struct tag *t, const struct place *pl)
{
	struct tmpl_node *nd = add_node(p, nodes, n, cap, TMPL_PARTIAL);

	nd->s = t->name;
	nd->len = t->name_len;
	nd->standalone = pl->sa;
	nd->before = p->src + pl->ls;
	nd->before_len = pl->sa && pl->wsb ? t->ts - pl->ls : 0;
}

/* {{#name}}, {{^name}}, {{<name}}, {{$name}}: the tag, its body up to its
 * end tag, and for a block the body's text, the default when no parent
 * passes one. */
static int parse_section(struct parser *p, struct tmpl_node **nodes, size_t *n, size_t *cap,
			 const struct tag *t, const struct place *pl)
{
	size_t inner_start = p->pos, inner_end;
	enum tmpl_node_kind k = t->type == '#' ? TMPL_SECTION : t->type == '^' ? TMPL_INVERTED :
				t->type == '<' ? TMPL_PARENT : TMPL_BLOCK;
	struct tmpl_node *nd = add_node(p, nodes, n, cap, k);

	/* nd may move as siblings are added, but not while its own
	 * children are parsed into a separate array */
	nd->s = t->name;
	nd->len = t->name_len;
	nd->standalone = pl->sa;
	nd->before = p->src + pl->ls;
	nd->before_len = pl->wsb ? t->ts - pl->ls : 0;
	if (parse_body(p, nd, t, &inner_end) < 0)
		return -1;
	if (k == TMPL_BLOCK) {
		const char *in = p->src + inner_start;
		size_t in_len = inner_end > inner_start ? inner_end - inner_start : 0;
		if (nd->standalone) {
			dedent(p->a, in, in_len, &nd->text, &nd->text_len, &nd->indent, &nd->indent_len);
		} else {
			nd->text = in;
			nd->text_len = in_len;
		}
	}
	return 0;
}

/* {{/name}}: it must end the section open. */
static int parse_close(struct parser *p, const struct tag *t, const struct place *pl,
		       const struct tag *open, struct closer *closer)
{
	if (!open) {
		perr(p, t->ts, "end tag with no section open:", t->name, t->name_len);
		return -1;
	}
	if (t->name_len != open->name_len || memcmp(t->name, open->name, t->name_len)) {
		perr(p, t->ts, "end tag does not match the open section: expected the end of", open->name,
		     open->name_len);
		return -1;
	}
	closer->text_end = pl->text_end;
	return 0;
}

/* Parse nodes until the end of the text or, when a section is open, its
 * end tag; 0 or -1 (reported). */
static int parse_nodes(struct parser *p, struct tmpl_node **nodes, size_t *n,
		       const struct tag *open, struct closer *closer)
{
	size_t cap = 0;

	*nodes = NULL;
	*n = 0;
	for (;;) {
		const char *hit = find(p->src + p->pos, p->len - p->pos, p->otag, p->olen);
		struct tag t;
		struct place pl;
		int rc = 0;

		if (!hit)
			return parse_end(p, nodes, n, &cap, open);
		if (read_tag(p, (size_t)(hit - p->src), &t) < 0)
			return -1;
		place_tag(p, &t, &pl);
		add_text(p, nodes, n, &cap, p->pos, pl.text_end);
		p->pos = pl.next;
		p->last_tag_end = pl.next;

		switch (t.type) {
		case '!':
			break;
		case '=':
			rc = set_delims(p, &t);
			break;
		case 0:
		case '{':
		case '&':
			parse_var(p, nodes, n, &cap, &t);
			break;
		case '>':
			parse_partial(p, nodes, n, &cap, &t, &pl);
			break;
		case '#':
		case '^':
		case '<':
		case '$':
			rc = parse_section(p, nodes, n, &cap, &t, &pl);
			break;
		case '/':
			return parse_close(p, &t, &pl, open, closer);
		}
		if (rc < 0)
			return -1;
	}
}

/* Make room in the cache before adding one more: twice the buckets when
 * half are used. */
static void cache_grow(struct tmpl_cache *c)
{
	size_t ncap = c->cap * 2, i;
	struct tmpl **nb;

	if (c->n * 2 < c->cap)
		return;
	nb = calloc(ncap, sizeof(*nb));
	if (!nb)
		xoom();
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

struct tmpl *tmpl_parse_cached(struct tmpl_env *env, const char *path, const char *src, size_t len)
{
	struct tmpl_cache *c = env->cache;
	size_t h = (size_t)hash_of(src, len);
	struct tmpl *t;
	struct parser p;

	for (t = c->bucket[h & (c->cap - 1)]; t; t = t->next)
		if (t->hash == h && t->len == len && !memcmp(t->src, src, len))
			return t;
	cache_grow(c);
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
