#ifndef BCF_ARENA_H
#define BCF_ARENA_H
/* One allocator per build: many small allocations, released together.
 * With ARENA_DEBUG=1 in the environment every allocation is its own malloc
 * so that AddressSanitizer sees overflows between objects. */
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	int debug;
};

/* Set up an empty arena (no allocation yet). */
void arena_init(struct arena *a);
/* Free every allocation made from the arena. */
void arena_release(struct arena *a);
/* The same, but keep one ordinary block for the next allocations: for an
 * arena used over and over (one record at a time). */
void arena_reset(struct arena *a);
/* Zeroed memory of n bytes, aligned for any type; valid until arena_release.
 * Aborts on out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..len) in the arena. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* A NUL-terminated copy of the string s in the arena. */
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Grow an array of elem-sized items held in the arena to hold at least
 * need items; *cap is updated.  Old contents are copied; a large array
 * (one that has a block of its own) is grown in place with realloc, so
 * that growing it leaves nothing behind.  p must be what an earlier call
 * returned with *cap, or NULL with *cap 0. */
void *arena_grow(struct arena *a, void *p, size_t elem, size_t *cap, size_t need);

/* Abort with a message on out of memory; used by every module. */
/* Out of memory: one line on standard error, then abort (nothing a user
 * can mend, and no caller can go on). */
_Noreturn void xoom(void);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrndup(const char *s, size_t n);

#endif
