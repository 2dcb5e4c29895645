#ifndef BCF_TMPL_H
#define BCF_TMPL_H
/* Mustache templates: the core spec (interpolation, sections, inverted
 * sections, comments, partials, set delimiters) and inheritance (parents
 * and blocks).  Templates are parsed once and cached by their text; data is
 * a small tree of values built by the caller in an arena. */
#include <stddef.h>

struct arena;
struct buf;

/* ---- values ---- */

enum tv_kind { TV_NULL, TV_BOOL, TV_NUM, TV_STR, TV_LIST, TV_MAP };

struct tv {
	enum tv_kind kind;
	int b;			/* TV_BOOL */
	double num;		/* TV_NUM */
	const char *s;		/* TV_STR, NUL-terminated */
	size_t len;
	struct tv **items;	/* TV_LIST items, TV_MAP values */
	const char **keys;	/* TV_MAP keys */
	size_t n, cap;
};

/* Constructors; every value lives in the arena. */
struct tv *tv_null(struct arena *a);
struct tv *tv_bool(struct arena *a, int b);
struct tv *tv_num(struct arena *a, double v);
/* A copy of s[0..len) */
struct tv *tv_strn(struct arena *a, const char *s, size_t len);
struct tv *tv_str(struct arena *a, const char *s);
struct tv *tv_list(struct arena *a);
struct tv *tv_map(struct arena *a);
/* Append to a list; returns item. */
struct tv *tv_push(struct arena *a, struct tv *list, struct tv *item);
/* Set key in a map (key is not copied: keep it alive); returns val. */
struct tv *tv_set(struct arena *a, struct tv *map, const char *key, struct tv *val);
/* Shorthands for tv_set with a new string or bool. */
struct tv *tv_set_str(struct arena *a, struct tv *map, const char *key, const char *s);
struct tv *tv_set_bool(struct arena *a, struct tv *map, const char *key, int b);
/* The value of key in a map, or NULL. */
struct tv *tv_get(const struct tv *map, const char *key, size_t len);

/* ---- templates ---- */

/* Returns the source of the partial or parent called name (NUL-terminated,
 * kept alive by the loader until tmpl_env_release), or NULL if there is none
 * (rendered as empty, as the spec says). */
typedef const char *(*tmpl_loader)(void *closure, const char *name, size_t len, size_t *out_len);

struct tmpl_cache;

struct tmpl_env {
	tmpl_loader load;
	void *closure;
	struct tmpl_cache *cache;	/* parsed templates by text */
	int depth;			/* partial nesting, to stop runaway recursion */
};

/* Set up an environment; load may be NULL (no partials). */
void tmpl_env_init(struct tmpl_env *env, tmpl_loader load, void *closure);
/* Free the cache of parsed templates. */
void tmpl_env_release(struct tmpl_env *env);

/* Render the template text src[0..len) with data into out.  path names the
 * template in diagnostics.  Returns 0, or -1 after reporting a syntax error
 * through diag (unclosed section, mismatched end tag, bad delimiters). */
int tmpl_render(struct tmpl_env *env, const char *path, const char *src, size_t len,
		const struct tv *data, struct buf *out);
/* Parse src and report syntax errors without rendering; 0 or -1. */
int tmpl_check(struct tmpl_env *env, const char *path, const char *src, size_t len);

#endif
