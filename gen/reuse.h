#ifndef BCF_REUSE_H
#define BCF_REUSE_H
/* Files a build does not make again: taken from the last build's site
 * when the inputs that made them are unchanged, or linked from an earlier
 * report of this build that showed the same figures.  A file is taken
 * only when it is as the last build left it (manifest.h). */
#include <stddef.h>

struct arena;
struct manifest;
struct progress_line;
struct site;

/* Link files[0..n) of folder (below the site) from the last build's site
 * at out_dir into the new one, counting them as unchanged.  0 when every
 * one was there; -1 when one was not (nothing said: make them instead,
 * and what was taken is replaced). */
int reuse_take(struct site *site, const struct manifest *mf, const char *out_dir, const char *folder,
	       const char *const *files, size_t n, struct progress_line *prog, struct arena *a);
/* Link files[0..n) of folder from, an earlier report of this build, into
 * folder to.  0, or -1 to make them after all. */
int reuse_share(struct site *site, const char *from, const char *to, const char *const *files, size_t n,
		struct arena *a);

#endif
