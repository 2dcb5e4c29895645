#ifndef BCF_TMPL_PARSE_H
#define BCF_TMPL_PARSE_H
/* The parser of the template engine, for tmpl.c alone: a template's text
 * becomes a tree of nodes once, cached by its text for as long as the
 * environment lives, and is rendered from the tree as often as needed. */
#include <stddef.h>

#include "arena.h"

struct tmpl_env;

enum tmpl_node_kind {
	TMPL_TEXT,
	TMPL_VAR,		/* {{name}}: escaped */
	TMPL_RAW,		/* {{{name}}} or {{&name}} */
	TMPL_SECTION,
	TMPL_INVERTED,
	TMPL_PARTIAL,
	TMPL_PARENT,
	TMPL_BLOCK
};

/* Every pointer points into the template's own copy of its text, or into
 * its arena. */
struct tmpl_node {
	enum tmpl_node_kind kind;
	const char *s;			/* text, or the tag's name */
	size_t len;
	struct tmpl_node *child;	/* sections, parents, blocks */
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

/* A parsed template. */
struct tmpl {
	struct tmpl *next;		/* hash chain */
	size_t hash;
	char *src;			/* owned copy; nodes point into it */
	size_t len;
	struct arena a;
	struct tmpl_node *nodes;
	size_t n;
	int ok;				/* 0: a syntax error was reported */
};

/* An empty cache of parsed templates.  Free it with tmpl_parse_cache_free. */
struct tmpl_cache *tmpl_parse_cache_new(void);
/* Free the cache and every template parsed into it. */
void tmpl_parse_cache_free(struct tmpl_cache *c);

/* The parsed template for the text src[0..len): from env's cache, or
 * parsed now (reporting syntax errors through diag, path naming the
 * template) and cached even when it failed, so that an error is reported
 * once.  Never NULL; check ok.  Owned by the cache: valid until
 * tmpl_env_release. */
struct tmpl *tmpl_parse_cached(struct tmpl_env *env, const char *path, const char *src, size_t len);

#endif
