#ifndef BCF_SITE_H
#define BCF_SITE_H
/* The output tree: everything is written into a temporary directory beside
 * the target, and swapped into place only when the whole build succeeded,
 * so a failed build leaves the previous site exactly as it was. */
#include <stddef.h>

struct site {
	char *out;	/* the target directory */
	char *tmp;	/* the temporary directory being filled */
	size_t files;	/* files written */
};

/* Create the temporary directory beside out.  Returns 0, or -1 on an I/O
 * failure (reported). */
int site_begin(struct site *s, const char *out);
/* Write data to rel (a path inside the site made only of validated
 * names), creating folders as needed; a file already there is replaced,
 * not written through.  0 or -1 (reported). */
int site_write(struct site *s, const char *rel, const char *data, size_t len);
/* Put the file at from (the previous site's, or one already in this site)
 * at rel in the new site, replacing what is there, as a hard link where
 * the file system allows, else a copy.  0 or -1. */
int site_link(struct site *s, const char *from, const char *rel);
/* The same, but -1 without a word when there is no file at from. */
int site_try_link(struct site *s, const char *from, const char *rel);
/* Copy the regular files under src (recursively, skipping dot files) to
 * rel inside the site.  0 or -1 (reported). */
int site_copy_tree(struct site *s, const char *src, const char *rel);
/* Swap the finished site into place (atomically where the system can) and
 * remove the old one.  0 or -1 (reported; the old site is kept). */
int site_commit(struct site *s);
/* Remove the temporary directory; the target is untouched. */
void site_abort(struct site *s);
/* Remove a directory tree; 0 or -1 with errno set. */
int site_remove_tree(const char *path);

#endif
