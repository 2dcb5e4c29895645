#ifndef BCF_RMTREE_H
#define BCF_RMTREE_H
/* Removal of a folder tree that never follows a symbolic link: the link
 * goes, what it leads to stays.  A site may link .well-known to a folder
 * of the server's, and a removal must never reach it. */

/* Remove name in the folder dfd (AT_FDCWD: a path from the working
 * folder): a folder with all it holds, anything else by its name alone.
 * Nothing there is not an error.  Returns 0, or -1 with errno set when
 * something could not be removed (the rest is still removed). */
int rmtree_at(int dfd, const char *name);

#endif
