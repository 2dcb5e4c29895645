/* Watching the input folders: one inotify watch per folder, since inotify
 * is not recursive; a folder made later (a new narrative quarter) gets its
 * own when its creation is read. */
#include "watch.h"
#include "arena.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

/* What an edit, a save through a temporary file and rename, a new or
 * removed file or folder raise; reads raise nothing. */
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_ATTRIB | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
		    IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = malloc(a + b + 2);

	if (!p)
		xoom();
	memcpy(p, dir, a);
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

/* Editors' swap, backup and lock files (.x.swp, x~, #x#, .#x), and
 * hidden folders, are nobody's input. */
static int scratch(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || name[0] == '#' || (n && name[n - 1] == '~');
}

/* The folder's watch descriptor, or -1. */
static int add_one(struct watch *w, const char *path)
{
	int wd = inotify_add_watch(w->fd, path, WATCH_MASK | IN_ONLYDIR);
	size_t i;

	if (wd < 0)
		return -1;
	for (i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return wd;	/* the same folder by another path */
	if (w->n == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 16;
		w->dirs = realloc(w->dirs, w->cap * sizeof(*w->dirs));
		if (!w->dirs)
			xoom();
	}
	w->dirs[w->n].wd = wd;
	w->dirs[w->n].root = 0;
	if (!(w->dirs[w->n].path = strdup(path)))
		xoom();
	w->n++;
	return wd;
}

/* path and every folder below it; a folder that vanished meanwhile is
 * no error.  On another failure, *failed is the folder (malloc'd). */
static int add_tree(struct watch *w, const char *path, char **failed)
{
	struct dirent *e;
	struct stat st;
	DIR *d;
	int rc = 0;

	if (add_one(w, path) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		if (!(*failed = strdup(path)))
			xoom();
		return -1;
	}
	if (!(d = opendir(path)))
		return 0;
	while (rc == 0 && (e = readdir(d))) {
		char *sub;
		if (scratch(e->d_name))
			continue;
		sub = join(path, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc = add_tree(w, sub, failed);
		free(sub);
	}
	if (rc < 0) {
		int err = errno;
		closedir(d);
		errno = err;
		return -1;
	}
	closedir(d);
	return 0;
}

static struct watch_dir *find(struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

static struct watch_dir *find_root(struct watch *w, const char *path)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->dirs[i].root && !strcmp(w->dirs[i].path, path))
			return &w->dirs[i];
	return NULL;
}

/* A root and all below it; a root must be there, below it things may come
 * and go.  On failure *failed names the root: the folder below it that
 * failed is errno's story. */
static int add_root(struct watch *w, const char *root, const char **failed)
{
	char *sub = NULL;
	int wd = add_one(w, root);

	if (wd < 0) {
		*failed = root;
		return -1;
	}
	find(w, wd)->root = 1;
	if (add_tree(w, root, &sub) < 0) {
		free(sub);
		*failed = root;
		return -1;
	}
	return 0;
}

int watch_open(struct watch *w, const char *const *roots, const char **failed)
{
	size_t i;

	memset(w, 0, sizeof(*w));
	*failed = NULL;
	w->roots = roots;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return -1;
	for (i = 0; roots[i]; i++)
		if (!find_root(w, roots[i]) && add_root(w, roots[i], failed) < 0)
			return -1;
	return 0;
}

int watch_retry(struct watch *w)
{
	const char *failed;
	size_t i;

	for (i = 0; w->roots[i]; i++)
		if (!find_root(w, w->roots[i]) && add_root(w, w->roots[i], &failed) < 0)
			return 0;
	w->lost = 0;
	return 1;
}

static void forget(struct watch *w, int wd)
{
	struct watch_dir *d = find(w, wd);

	if (!d)
		return;
	if (d->root)
		w->lost = 1;
	free(d->path);
	*d = w->dirs[--w->n];
}

/* One event: 1 when it may be an input's change. */
static int event(struct watch *w, const struct inotify_event *ev)
{
	struct watch_dir *d;

	if (ev->mask & IN_Q_OVERFLOW)
		return 1;	/* events were lost: assume the worst */
	if (ev->mask & IN_IGNORED) {
		forget(w, ev->wd);
		return 0;
	}
	if (ev->len && scratch(ev->name))
		return 0;
	d = find(w, ev->wd);
	/* a root moved away is watched where it went: let it go, and watch
	 * what comes to its path (a removed one's watch goes by itself) */
	if (d && d->root && (ev->mask & IN_MOVE_SELF)) {
		inotify_rm_watch(w->fd, ev->wd);
		w->lost = 1;
		return 1;
	}
	if (d && ev->len && (ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
		char *sub = join(d->path, ev->name), *failed = NULL;
		/* gone again already: nothing to watch; past the limit of
		 * watches: the rest of the folder goes unwatched */
		add_tree(w, sub, &failed);
		free(failed);
		free(sub);
	}
	return 1;
}

int watch_read(struct watch *w)
{
	/* aligned as inotify(7) asks */
	_Alignas(struct inotify_event) char buf[4096];
	int changed = 0;

	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));
		char *p;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return changed;
		if (n <= 0)
			return -1;
		for (p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)(void *)p;
			changed |= event(w, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
}

void watch_release(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	if (w->fd >= 0)
		close(w->fd);
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}
