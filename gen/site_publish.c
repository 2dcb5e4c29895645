#define _GNU_SOURCE	/* renameat2 */
/* Publishing a site: one build at a time (the lock beside the output
 * folder), what killed builds left behind put back or removed, and the
 * swap of the finished site into place, carrying into it what someone
 * else put at the top of the old one. */
#include "site_internal.h"
#include "arena.h"
#include "diag.h"
#include "fsread.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- one build at a time ---- */

static int take_lock(struct site *s, int wait, int quiet)
{
	size_t len = strlen(s->out) + 8;
	char *path = xmalloc(len);

	snprintf(path, len, "%s.lock", s->out);
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (s->lock_fd < 0) {
		if (errno == ELOOP)
			diag_error(path, 0, 0, "the lock file is a symbolic link: remove it (bcfgen makes its "
				   "own, beside the output folder)");
		else if (errno == EACCES || errno == EROFS || errno == EPERM)
			diag_io(path, "cannot make the lock file beside the output folder (the folder that "
				"holds it must be writable)", errno);
		else
			diag_io(path, "cannot open the lock file", errno);
		free(path);
		return -1;
	}
	if (flock(s->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK) {
			diag_io(path, "cannot lock", errno);
			free(path);
			return -1;
		}
		if (!wait) {
			diag_error(path, 0, 0, "another build is writing %s/ (it holds this lock): try again when "
				   "it has finished, or leave out --no-wait to wait for it", s->out);
			free(path);
			return -1;
		}
		if (!quiet && isatty(2))
			fprintf(stderr, "bcfgen: waiting for another build of %s/ to finish...\n", s->out);
		while (flock(s->lock_fd, LOCK_EX) < 0) {
			if (errno != EINTR) {
				diag_io(path, "cannot lock", errno);
				free(path);
				return -1;
			}
		}
	}
	free(path);
	return 0;
}

/* ---- what killed builds leave ---- */

/* name is base + kind + six characters of mkdtemp's */
static int is_debris(const char *name, const char *base, size_t blen, const char *kind)
{
	size_t k = strlen(kind), i;
	if (strncmp(name, base, blen) || strncmp(name + blen, kind, k) || strlen(name + blen + k) != 6)
		return 0;
	for (i = 0; i < 6; i++)
		if (!isalnum((unsigned char)name[blen + k + i]))
			return 0;
	return 1;
}

static int clean_debris(struct site *s, int quiet)
{
	const char *slash = strrchr(s->out, '/');
	char *parent = slash ? xstrndup(s->out, slash == s->out ? 1 : (size_t)(slash - s->out)) : xstrndup(".", 1);
	const char *base = slash ? slash + 1 : s->out;
	size_t blen = strlen(base), n = 0, all, i;
	struct arena a;
	char **names;
	struct stat st;
	int rc = 0, have_out;

	arena_init(&a);
	names = fs_list(&a, parent, 1, &all);
	for (i = 0; names && i < all; i++)
		if (is_debris(names[i], base, blen, ".tmp-") || is_debris(names[i], base, blen, ".old-"))
			names[n++] = arena_printf(&a, "%s/%s", parent, names[i]);
	have_out = lstat(s->out, &st) == 0;
	/* the fallback swap was cut short between its two renames: the
	 * previous site, whole, is back in place */
	for (i = 0; i < n && !have_out; i++) {
		if (lstat(names[i], &st) == 0 && S_ISDIR(st.st_mode) &&
		    strstr(names[i] + strlen(names[i]) - 11, ".old-") && site_owner_is_ours(names[i]) &&
		    rename(names[i], s->out) == 0) {
			have_out = 1;
			if (!quiet)
				fprintf(stderr, "bcfgen: put back %s/, which an interrupted build had moved to %s\n",
					s->out, names[i]);
		}
	}
	for (i = 0; i < n; i++) {
		if (lstat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (site_owner_is_ours(names[i]) || site_owner_is_empty(names[i]) == 1) {
				if (site_owner_remove(names[i], site_fault_point) < 0) {
					diag_io(names[i], "cannot remove what an interrupted build left", errno);
					rc = -1;
				}
			} else {
				diag_warning(names[i], 0, 0, "left alone: it is named like a folder a build leaves "
					     "behind, but bcfgen did not make it");
			}
		}
	}
	arena_release(&a);
	free(parent);
	return rc;
}

enum site_refusal site_open(struct site *s, const char *out, const char *const *inputs, int wait, int quiet)
{
	size_t len = strlen(out);

	site_stop_fault_init();
	site_stop_watch(s);
	while (len > 1 && out[len - 1] == '/')
		len--;
	s->out = xstrndup(out, len);
	s->tmp = NULL;
	s->files = 0;
	s->lock_fd = -1;
	s->marker = NULL;
	s->marker_read = 0;
	/* checked once before the lock, to refuse at once, and again after
	 * it, for what the build we waited for did */
	if (site_owner_check_out(s, inputs) < 0)
		return SITE_REFUSED;
	if (take_lock(s, wait, quiet) < 0)
		return SITE_FAILED;
	site_fault_point();
	if (clean_debris(s, quiet) < 0)
		return SITE_FAILED;
	site_fault_point();
	if (site_owner_check_out(s, inputs) < 0)
		return SITE_REFUSED;
	return SITE_OK;
}

void site_close(struct site *s)
{
	site_stop_if_asked();
	site_stop_unwatch();
	free(s->marker);
	s->marker = NULL;
	s->marker_read = 0;
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	s->lock_fd = -1;
	free(s->out);
	s->out = NULL;
	site_stop_fault_report();
}

/* ---- carrying what is not bcfgen's into the new site ---- */

/* Copy a tree as hard links where it can (so that carrying a large .git
 * costs nothing), else as a copy; symbolic links are made again as they
 * are. */
static int carry(const char *from, const char *to)
{
	struct stat st;

	if (lstat(from, &st) < 0)
		return -1;
	if (S_ISDIR(st.st_mode)) {
		DIR *d;
		struct dirent *e;
		int rc = 0;
		if (mkdir(to, st.st_mode & 07777) < 0)
			return -1;
		if (chown(to, st.st_uid, st.st_gid) < 0) {
			/* not ours to give away: keep what we can */
		}
		chmod(to, st.st_mode & 07777);
		if (!(d = opendir(from)))
			return -1;
		while ((e = readdir(d)) && rc == 0) {
			char *f, *t;
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			f = site_join(from, e->d_name);
			t = site_join(to, e->d_name);
			rc = carry(f, t);
			free(f);
			free(t);
		}
		closedir(d);
		return rc;
	}
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlink(from, target, sizeof(target) - 1);
		if (n < 0)
			return -1;
		target[n] = '\0';
		return symlink(target, to);
	}
	if (S_ISREG(st.st_mode)) {
		FILE *in, *out;
		char chunk[65536];
		size_t got;
		int rc = 0;
		if (link(from, to) == 0)
			return 0;
		if (!(in = fopen(from, "rb")))
			return -1;
		if (!(out = fopen(to, "wb"))) {
			fclose(in);
			return -1;
		}
		while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
			if (fwrite(chunk, 1, got, out) != got)
				rc = -1;
		if (ferror(in))
			rc = -1;
		fclose(in);
		if (fclose(out) != 0)
			rc = -1;
		chmod(to, st.st_mode & 07777);
		return rc;
	}
	return 0;	/* sockets, FIFOs, devices: not carried */
}

/* The names at the top of the new site, as the marker lists them. */
static int write_marker(struct site *s)
{
	size_t n, i;
	struct arena a;
	char **names, *path;
	FILE *f;
	int rc = 0;

	arena_init(&a);
	if (!(names = fs_list(&a, s->tmp, 1, &n))) {
		diag_io(s->tmp, "cannot read", errno);
		arena_release(&a);
		return -1;
	}
	path = site_join(s->tmp, SITE_MARKER ".new");
	f = fopen(path, "wb");
	if (f) {
		fputs("bcfgen site: each build replaces the names below; anything else here is kept\n", f);
		for (i = 0; i < n; i++)
			if (strcmp(names[i], SITE_MARKER))
				fprintf(f, "%s\n", names[i]);
	}
	if (!f || fclose(f) != 0) {
		diag_io(path, "cannot write", errno);
		rc = -1;
	} else {
		char *marker = site_join(s->tmp, SITE_MARKER);
		if (rename(path, marker) < 0) {
			diag_io(marker, "cannot write", errno);
			rc = -1;
		}
		free(marker);
	}
	arena_release(&a);
	free(path);
	return rc;
}

/* Into the new site: what the old one holds at its top that bcfgen did not
 * make, and the old folder's mode, owner and group. */
static int carry_foreign(struct site *s, const struct stat *old)
{
	DIR *d = opendir(s->out);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		diag_io(s->out, "cannot read", errno);
		return -1;
	}
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		char *from, *to;
		struct stat st;
		if (!strcmp(name, ".") || !strcmp(name, "..") || !site_foreign(s, name))
			continue;
		to = site_join(s->tmp, name);
		if (lstat(to, &st) == 0) {
			/* someone's file where a new report goes: theirs
			 * is not ours to replace */
			diag_error(s->out, 0, 0, "'%s' here was not made by bcfgen, but the new site has "
				   "an entry of that name: move or rename it (nothing was changed)", name);
			free(to);
			rc = -1;
			continue;
		}
		from = site_join(s->out, name);
		if (carry(from, to) < 0) {
			diag_io(from, "cannot carry into the new site", errno);
			rc = -1;
		}
		free(from);
		free(to);
		site_fault_point();
	}
	closedir(d);
	if (rc == 0) {
		if (chown(s->tmp, old->st_uid, old->st_gid) < 0 && chown(s->tmp, (uid_t)-1, old->st_gid) < 0) {
			/* not ours to give: the new folder keeps ours */
		}
		chmod(s->tmp, old->st_mode & 07777);
	}
	return rc;
}

int site_commit(struct site *s)
{
	struct stat st;
	int rc = 0;

	site_fault_point();
	if (write_marker(s) < 0) {
		site_abort(s);
		return -1;
	}
	site_fault_point();
	site_stop_swapping(1);
	if (lstat(s->out, &st) < 0) {
		if (errno != ENOENT || rename(s->tmp, s->out) < 0) {
			diag_io(s->out, "cannot move the new site into place", errno);
			rc = -1;
		}
		site_fault_point();
	} else if (!S_ISDIR(st.st_mode)) {
		diag_error(s->out, 0, 0, "the output path exists and is not a folder");
		rc = -1;
	} else if (carry_foreign(s, &st) < 0) {
		rc = -1;
	} else {
		const char *no_exchange = getenv("BCFGEN_TEST_NO_EXCHANGE");
		site_fault_point();
#ifdef RENAME_EXCHANGE
		if (!(no_exchange && *no_exchange) &&
		    renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->out, RENAME_EXCHANGE) == 0) {
			site_fault_point();
			/* tmp now holds the old site */
			if (site_owner_remove(s->tmp, site_fault_point) < 0)
				diag_warning(s->tmp, 0, 0, "could not remove the previous site");
			goto done;
		}
#else
		(void)no_exchange;
#endif
		{
			/* no atomic exchange here: two renames; a build killed
			 * between them leaves OUT.old-*, which the next one puts
			 * back */
			size_t len = strlen(s->out) + 16;
			char *old = xmalloc(len);
			snprintf(old, len, "%s.old-XXXXXX", s->out);
			if (!mkdtemp(old) || rmdir(old) < 0 || rename(s->out, old) < 0) {
				diag_io(s->out, "cannot move the previous site aside", errno);
				rc = -1;
			} else {
				site_fault_point();
				site_fault_mark_between();
				if (rename(s->tmp, s->out) < 0) {
					diag_io(s->out, "cannot move the new site into place", errno);
					rename(old, s->out);
					rc = -1;
				} else {
					site_fault_point();
					site_owner_remove(old, site_fault_point);
				}
			}
			free(old);
		}
	}
	if (rc < 0)
		site_owner_remove(s->tmp, site_fault_point);
#ifdef RENAME_EXCHANGE
done:
#endif
	free(s->tmp);
	s->tmp = NULL;
	site_stop_swapping(0);
	site_stop_if_asked();
	return rc;
}
