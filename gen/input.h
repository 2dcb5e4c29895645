#ifndef BCF_INPUT_H
#define BCF_INPUT_H
/* Inputs are plain files inside their folders.  A narrative file, standing
 * page, template or asset is read only when it is a regular file whose real
 * path lies inside the folder it was found in: a symbolic link is followed
 * only to a file inside that folder (a link to /proc/self/environ or
 * /etc/shadow would otherwise be published), and FIFOs, devices and sockets
 * are refused without ever being waited on. */
#include <stddef.h>

/* 0 when path, found under folder dir, is a regular file (or, with
 * want_dir, a folder) whose real path is inside dir's; dir NULL skips that
 * test (only the kind of file is checked).  -1 otherwise, reported naming
 * path, except a missing path: -1 with errno ENOENT and nothing reported. */
int input_check(const char *dir, const char *path, int want_dir);
/* Read path, a file found under folder dir, whole: at most max bytes (more
 * is an error naming the limit).  NULL with errno ENOENT and nothing
 * reported when it is missing; NULL when refused or unreadable (reported).
 * The caller frees the result, which is NUL-terminated. */
char *input_read(const char *dir, const char *path, size_t max, size_t *len);

#endif
