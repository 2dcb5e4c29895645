#ifndef BCF_WATCH_H
#define BCF_WATCH_H
/* Watching the input folders for changes with inotify: every folder
 * below each root, and the folders made after the watch began.  For
 * bcfgen serve, which rebuilds when something it reads has changed. */
#include <stddef.h>

struct watch_dir {
	int wd;
	int root;		/* one of the roots: watched again if it goes */
	char *path;		/* malloc'd */
};

struct watch {
	int fd;			/* the inotify descriptor, for poll */
	struct watch_dir *dirs;
	size_t n, cap;
	const char *const *roots;	/* the caller's, as given to watch_open */
	int lost;		/* a root was removed or moved away */
};

/* Watch each of the NULL-terminated roots and every folder below it
 * (symbolic links below a root are not followed; hidden folders such as
 * .git are left out).  Returns 0, or -1 with errno set and *failed the
 * folder that could not be watched (NULL: inotify itself). */
int watch_open(struct watch *w, const char *const *roots, const char **failed);
/* Read what is waiting on w->fd (non-blocking): 1 when something that
 * may be an input changed (a folder made there is watched from now on),
 * 0 when nothing did (only editors' scratch files), -1 on a read error. */
int watch_read(struct watch *w);
/* When a root was removed or moved away (w->lost), watch the folder now
 * at its path, if there is one: 1 when every root is watched again (what
 * it holds is new), 0 while one is still missing. */
int watch_retry(struct watch *w);
void watch_release(struct watch *w);

#endif
