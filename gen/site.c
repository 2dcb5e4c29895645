#define _GNU_SOURCE	/* renameat2 */
#include "site.h"
#include "arena.h"
#include "diag.h"
#include "input.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

int site_begin(struct site *s, const char *out)
{
	size_t len = strlen(out);

	while (len > 1 && out[len - 1] == '/')
		len--;
	s->out = xstrndup(out, len);
	s->tmp = xmalloc(len + 16);
	snprintf(s->tmp, len + 16, "%s.tmp-XXXXXX", s->out);
	s->files = 0;
	if (!mkdtemp(s->tmp)) {
		diag_io(s->tmp, "cannot create the temporary output folder", errno);
		free(s->tmp);
		free(s->out);
		s->tmp = s->out = NULL;
		return -1;
	}
	/* mkdtemp makes it private; a published site is world-readable */
	chmod(s->tmp, 0755);
	return 0;
}

static int mkdirs(char *path)
{
	char *p;
	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int site_write(struct site *s, const char *rel, const char *data, size_t len)
{
	char *path = join(s->tmp, rel);
	FILE *f;
	int rc = 0;

	if (mkdirs(path) < 0) {
		diag_io(path, "cannot create folder", errno);
		free(path);
		return -1;
	}
	/* never write through a hard link taken from the previous site or
	 * shared with another report: replace the name instead */
	if (unlink(path) < 0 && errno != ENOENT) {
		diag_io(path, "cannot replace", errno);
		free(path);
		return -1;
	}
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len) {
		diag_io(path, "cannot write", errno);
		rc = -1;
	}
	if (f && fclose(f) != 0 && rc == 0) {
		diag_io(path, "cannot write", errno);
		rc = -1;
	}
	s->files++;
	free(path);
	return rc;
}

/* Copy the file at from to rel in the site. */
static int copy_file(struct site *s, const char *from, const char *rel)
{
	/* opened without waiting: a FIFO put in place is refused, not read */
	int fd = open(from, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
	struct stat st;
	char *data;
	size_t len;
	int rc;

	if (!f || fstat(fileno(f), &st) < 0 || (!S_ISREG(st.st_mode) && (errno = EINVAL))) {
		diag_io(from, "cannot read", errno);
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		return -1;
	}
	data = xmalloc((size_t)st.st_size + 1);
	len = fread(data, 1, (size_t)st.st_size + 1, f);
	fclose(f);
	rc = site_write(s, rel, data, len);
	free(data);
	return rc;
}

static int link_file(struct site *s, const char *from, const char *rel, int quiet)
{
	char *path = join(s->tmp, rel);
	int rc = 0;

	if (mkdirs(path) < 0 || (unlink(path) < 0 && errno != ENOENT) ||
	    (link(from, path) < 0 && errno != EXDEV && errno != EPERM)) {
		if (!quiet || errno != ENOENT)
			diag_io(path, "cannot take the previous file", errno);
		rc = -1;
	} else if (access(path, F_OK) < 0) {
		/* no hard links here: copy (not counted as written) */
		rc = copy_file(s, from, rel);
		s->files--;
	}
	free(path);
	return rc;
}

int site_link(struct site *s, const char *from, const char *rel)
{
	return link_file(s, from, rel, 0);
}

int site_try_link(struct site *s, const char *from, const char *rel)
{
	return link_file(s, from, rel, 1);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders being copied, from the top down: a folder met again (a link
 * back up) would nest copies until paths grow too long. */
struct tree_chain {
	const struct tree_chain *up;
	dev_t dev;
	ino_t ino;
};

static int copy_tree(struct site *s, const char *root, const char *src, const char *rel,
		     const struct tree_chain *up)
{
	DIR *d = opendir(src);
	struct dirent *e;
	struct tree_chain here;
	const struct tree_chain *k;
	struct stat st;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (!d || fstat(dirfd(d), &st) < 0) {
		diag_io(src, "cannot open folder", errno);
		if (d)
			closedir(d);
		return -1;
	}
	for (k = up; k; k = k->up)
		if (k->dev == st.st_dev && k->ino == st.st_ino) {
			diag_error(src, 0, 0, "symbolic link loop: this folder is inside itself");
			closedir(d);
			return -1;
		}
	here.up = up;
	here.dev = st.st_dev;
	here.ino = st.st_ino;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrndup(e->d_name, strlen(e->d_name));
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		char *from = join(src, names[i]), *to = join(rel, names[i]);
		/* only plain files and folders inside the assets folder */
		if (rc == 0 && input_check(root, from, 1) < 0)
			rc = -1;
		if (rc == 0 && stat(from, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = copy_tree(s, root, from, to, &here);
			} else if (S_ISREG(st.st_mode)) {
				rc = copy_file(s, from, to);
			}
		}
		free(from);
		free(to);
		free(names[i]);
	}
	free(names);
	return rc;
}

int site_copy_tree(struct site *s, const char *src, const char *rel)
{
	return copy_tree(s, src, src, rel, NULL);
}

int site_remove_tree(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int rc = 0;

	if (!d)
		return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		char *p;
		struct stat st;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = join(path, e->d_name);
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc |= site_remove_tree(p);
		else if (unlink(p) < 0)
			rc = -1;
		free(p);
	}
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

int site_commit(struct site *s)
{
	struct stat st;
	int rc = 0;

	if (lstat(s->out, &st) < 0) {
		if (errno != ENOENT || rename(s->tmp, s->out) < 0) {
			diag_io(s->out, "cannot move the new site into place", errno);
			rc = -1;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		diag_error(s->out, 0, 0, "the output path exists and is not a folder");
		rc = -1;
	} else {
#ifdef RENAME_EXCHANGE
		if (renameat2(AT_FDCWD, s->tmp, AT_FDCWD, s->out, RENAME_EXCHANGE) == 0) {
			/* tmp now holds the old site */
			if (site_remove_tree(s->tmp) < 0)
				diag_warning(s->tmp, 0, 0, "could not remove the previous site");
			goto done;
		}
#endif
		{
			/* no atomic exchange here: two renames */
			size_t len = strlen(s->out) + 16;
			char *old = xmalloc(len);
			snprintf(old, len, "%s.old-XXXXXX", s->out);
			if (!mkdtemp(old) || rmdir(old) < 0 || rename(s->out, old) < 0) {
				diag_io(s->out, "cannot move the previous site aside", errno);
				rc = -1;
			} else if (rename(s->tmp, s->out) < 0) {
				diag_io(s->out, "cannot move the new site into place", errno);
				rename(old, s->out);
				rc = -1;
			} else {
				site_remove_tree(old);
			}
			free(old);
		}
	}
	if (rc < 0)
		site_remove_tree(s->tmp);
#ifdef RENAME_EXCHANGE
done:
#endif
	free(s->tmp);
	free(s->out);
	s->tmp = s->out = NULL;
	return rc;
}

void site_abort(struct site *s)
{
	if (s->tmp)
		site_remove_tree(s->tmp);
	free(s->tmp);
	free(s->out);
	s->tmp = s->out = NULL;
}
