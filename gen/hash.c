#include "hash.h"
#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void hash_add(uint64_t *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;
	for (i = 0; i < len; i++)
		*h = (*h ^ p[i]) * 1099511628211u;
}

void hash_add_str(uint64_t *h, const char *s)
{
	hash_add(h, s ? s : "", (s ? strlen(s) : 0) + 1);
}

/* A file's bytes, read a piece at a time: an input of any size counts in
 * full.  What is not a regular file (a FIFO would hang the read) counts
 * as absent. */
void hash_add_file(uint64_t *h, const char *path)
{
	enum { PIECE = 1 << 20 };
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
		char *piece = xmalloc(PIECE);
		ssize_t got;
		while ((got = read(fd, piece, PIECE)) != 0) {
			if (got < 0) {
				if (errno == EINTR)
					continue;
				hash_add(h, "!", 1);	/* a read error: mark it */
				break;
			}
			hash_add(h, piece, (size_t)got);
		}
		free(piece);
	}
	if (fd >= 0)
		close(fd);
	hash_add(h, "|", 1);
}

uint64_t hash_of(const void *data, size_t len)
{
	uint64_t h = HASH_INIT;
	hash_add(&h, data, len);
	return h;
}

/* ---- a string -> index table ---- */

struct hash {
	const char **keys;
	int *vals;
	size_t cap, n;
};

struct hash *hash_new(struct arena *a)
{
	struct hash *h = arena_alloc(a, sizeof(*h));
	h->cap = 64;
	h->keys = arena_alloc(a, h->cap * sizeof(*h->keys));
	h->vals = arena_alloc(a, h->cap * sizeof(*h->vals));
	return h;
}

int hash_get(const struct hash *h, const char *s, size_t len)
{
	size_t i = (size_t)hash_of(s, len) & (h->cap - 1);
	for (; h->keys[i]; i = (i + 1) & (h->cap - 1))
		if (strlen(h->keys[i]) == len && memcmp(h->keys[i], s, len) == 0)
			return h->vals[i];
	return -1;
}

void hash_put(struct arena *a, struct hash *h, const char *key, int val)
{
	size_t i;

	if ((h->n + 1) * 2 > h->cap) {
		struct hash old = *h;
		size_t k;
		h->cap *= 2;
		h->n = 0;
		h->keys = arena_alloc(a, h->cap * sizeof(*h->keys));
		h->vals = arena_alloc(a, h->cap * sizeof(*h->vals));
		for (k = 0; k < old.cap; k++)
			if (old.keys[k])
				hash_put(a, h, old.keys[k], old.vals[k]);
	}
	i = (size_t)hash_of(key, strlen(key)) & (h->cap - 1);
	while (h->keys[i])
		i = (i + 1) & (h->cap - 1);
	h->keys[i] = key;
	h->vals[i] = val;
	h->n++;
}

