#ifndef BCF_FSREAD_H
#define BCF_FSREAD_H
/* Folders read the one way every module needs: the names in sorted order
 * (strcmp), so that nothing a build makes depends on the file system's
 * order. */
#include <stddef.h>

struct arena;

/* The names in dir but '.' and '..', and but every name that starts with a
 * dot unless dots is set; sorted, in the arena (n of them, and an empty
 * list when there are none).  NULL with errno set when dir cannot be read. */
char **fs_list(struct arena *a, const char *dir, int dots, size_t *n);

#endif
