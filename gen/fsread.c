#include "fsread.h"
#include "arena.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

char **fs_list(struct arena *a, const char *dir, int dots, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || (!dots && e->d_name[0] == '.'))
			continue;
		names = arena_grow(a, names, sizeof(*names), &cap, *n + 1);
		names[(*n)++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), name_cmp);
	return names ? names : arena_alloc(a, sizeof(*names));
}
