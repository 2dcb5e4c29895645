#include "arena.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

struct arena_block {
	struct arena_block *next;
	size_t used, size;
	max_align_t data[];
};

void xoom(void)
{
	fputs("bcfgen: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) 
		xoom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) 
		xoom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void arena_init(struct arena *a)
{
	const char *e = getenv("ARENA_DEBUG");
	a->head = NULL;
	a->debug = e && *e == '1';
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;
	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head = NULL;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *keep = NULL, *next;

	for (; b; b = next) {
		next = b->next;
		if (!keep && b->size == ARENA_BLOCK && !a->debug) {
			keep = b;
			continue;
		}
		free(b);
	}
	if (keep) {
		keep->used = 0;
		keep->next = NULL;
	}
	a->head = keep;
}

static struct arena_block *block_new(struct arena *a, size_t size)
{
	struct arena_block *b = xmalloc(sizeof(*b) + size);
	b->used = 0;
	b->size = size;
	b->next = a->head;
	a->head = b;
	return b;
}

static size_t round_up(size_t n)
{
	const size_t align = sizeof(max_align_t);
	n = (n + align - 1) / align * align;
	return n ? n : align;
}

void *arena_alloc(struct arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	struct arena_block *b = a->head;
	void *p;

	n = (n + align - 1) / align * align;
	if (n == 0)
		n = align;
	if (a->debug || n > ARENA_BLOCK / 4) {
		/* big or debug: a block of its own, put behind the head so the
		 * head's free space is still used */
		struct arena_block *own = xmalloc(sizeof(*own) + n);
		own->used = own->size = n;
		if (b) {
			own->next = b->next;
			b->next = own;
		} else {
			own->next = NULL;
			a->head = own;
		}
		memset(own->data, 0, n);
		return own->data;
	}
	if (!b || b->size - b->used < n)
		b = block_new(a, ARENA_BLOCK);
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *d = arena_alloc(a, len + 1);
	if (len)
		memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *d;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	d = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}

void *arena_grow(struct arena *a, void *p, size_t elem, size_t *cap, size_t need)
{
	size_t ncap;
	void *np;

	if (need <= *cap)
		return p;
	ncap = *cap ? *cap * 2 : 16;
	while (ncap < need)
		ncap *= 2;
	if (ncap > SIZE_MAX / elem - sizeof(max_align_t)) 
		xoom();
	if (p && (a->debug || round_up(*cap * elem) > ARENA_BLOCK / 4)) {
		/* a block of its own: find it, and grow it where it is */
		struct arena_block *own = (struct arena_block *)((char *)p - offsetof(struct arena_block, data));
		struct arena_block **link;
		for (link = &a->head; *link && *link != own; link = &(*link)->next)
			;
		if (*link && own->used == own->size && own->size == round_up(*cap * elem)) {
			size_t n = round_up(ncap * elem);
			struct arena_block *next = own->next;
			own = xrealloc(own, sizeof(*own) + n);
			memset((char *)own->data + own->size, 0, n - own->size);
			own->used = own->size = n;
			own->next = next;
			*link = own;
			*cap = ncap;
			return own->data;
		}
	}
	np = arena_alloc(a, ncap * elem);
	if (*cap)
		memcpy(np, p, *cap * elem);
	*cap = ncap;
	return np;
}
