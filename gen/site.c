/* The new site's tree: the temporary folder beside the target, and the
 * files written, linked and copied into it.  site_publish.c puts it in
 * place. */
#include "site_internal.h"
#include "arena.h"
#include "diag.h"
#include "fsread.h"
#include "input.h"
#include "rmtree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


int site_begin(struct site *s)
{
	size_t len = strlen(s->out);
	char *marker;
	int fd;

	s->tmp = xmalloc(len + 16);
	snprintf(s->tmp, len + 16, "%s.tmp-XXXXXX", s->out);
	s->files = 0;
	if (!mkdtemp(s->tmp)) {
		diag_io(s->tmp, "cannot create the temporary output folder", errno);
		free(s->tmp);
		s->tmp = NULL;
		return -1;
	}
	site_fault_point();
	/* mkdtemp makes it private; a published site is world-readable */
	chmod(s->tmp, 0755);
	/* marked at once, so that whatever a killed build leaves is known
	 * to be bcfgen's and removed by the next one */
	marker = site_join(s->tmp, SITE_MARKER);
	fd = open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, "bcfgen: a site being built\n", 27) != 27) {
		diag_io(marker, "cannot write", errno);
		if (fd >= 0)
			close(fd);
		free(marker);
		site_abort(s);
		return -1;
	}
	close(fd);
	free(marker);
	site_fault_point();
	return 0;
}

void site_abort(struct site *s)
{
	if (s->tmp)
		site_owner_remove(s->tmp, site_fault_point);
	free(s->tmp);
	s->tmp = NULL;
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
	char *path = site_join(s->tmp, rel);
	FILE *f;
	int rc = 0;

	site_fault_point();
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

int site_sink_open(struct site *s, struct site_sink *k, const char *rel)
{
	char *path = site_join(s->tmp, rel);

	buf_init(&k->b);
	k->flushed = 0;
	k->err = 0;
	k->path = path;
	k->f = NULL;
	site_fault_point();
	if (mkdirs(path) < 0 || (unlink(path) < 0 && errno != ENOENT) || !(k->f = fopen(path, "wb"))) {
		diag_io(path, "cannot write", errno);
		buf_release(&k->b);
		free(path);
		k->path = NULL;
		return -1;
	}
	s->files++;
	return 0;
}

static void sink_flush(struct site_sink *k)
{
	if (k->b.len && !k->err && fwrite(k->b.s, 1, k->b.len, k->f) != k->b.len)
		k->err = errno ? errno : EIO;
	k->flushed += (long long)k->b.len;
	buf_reset(&k->b);
}

void site_sink_add(struct site_sink *k, const char *data, size_t len)
{
	buf_add(&k->b, data, len);
	if (k->b.len >= (1u << 20))
		sink_flush(k);
}

long long site_sink_mark(const struct site_sink *k)
{
	return k->flushed + (long long)k->b.len;
}

void site_sink_truncate(struct site_sink *k, long long mark)
{
	if (mark >= k->flushed) {
		buf_truncate(&k->b, (size_t)(mark - k->flushed));
		return;
	}
	buf_reset(&k->b);
	if (!k->err && (fflush(k->f) != 0 || ftruncate(fileno(k->f), (off_t)mark) < 0 ||
			fseeko(k->f, (off_t)mark, SEEK_SET) < 0))
		k->err = errno ? errno : EIO;
	k->flushed = mark;
}

int site_sink_close(struct site_sink *k)
{
	int rc = 0;

	if (!k->path)
		return -1;
	sink_flush(k);
	if (fclose(k->f) != 0 && !k->err)
		k->err = errno ? errno : EIO;
	if (k->err) {
		diag_io(k->path, "cannot write", k->err);
		rc = -1;
	}
	buf_release(&k->b);
	free(k->path);
	k->path = NULL;
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
	char *path = site_join(s->tmp, rel);
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

int site_link(struct site *s, const char *from_rel, const char *rel)
{
	char *from = site_join(s->tmp, from_rel);
	int rc = link_file(s, from, rel, 0);
	free(from);
	return rc;
}

const char *site_tree(const struct site *s)
{
	return s->tmp;
}

int site_try_link(struct site *s, const char *from, const char *rel)
{
	return link_file(s, from, rel, 1);
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
	struct tree_chain here;
	const struct tree_chain *k;
	struct stat st;
	struct arena a;
	char **names;
	size_t n, i;
	int rc = 0;

	if (stat(src, &st) < 0) {
		diag_io(src, "cannot open folder", errno);
		return -1;
	}
	for (k = up; k; k = k->up)
		if (k->dev == st.st_dev && k->ino == st.st_ino) {
			diag_error(src, 0, 0, "symbolic link loop: this folder is inside itself");
			return -1;
		}
	here.up = up;
	here.dev = st.st_dev;
	here.ino = st.st_ino;
	arena_init(&a);
	if (!(names = fs_list(&a, src, 0, &n))) {
		diag_io(src, "cannot open folder", errno);
		arena_release(&a);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *from = site_join(src, names[i]), *to = site_join(rel, names[i]);
		/* only plain files and folders inside the assets folder */
		if (rc == 0 && input_check(root, from, 1) < 0)
			rc = -1;
		if (rc == 0 && stat(from, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				rc = copy_tree(s, root, from, to, &here);
			} else if (S_ISREG(st.st_mode) && s) {
				rc = copy_file(s, from, to);
			}
		}
		free(from);
		free(to);
	}
	arena_release(&a);
	return rc;
}

int site_copy_tree(struct site *s, const char *src, const char *rel)
{
	return copy_tree(s, src, src, rel, NULL);
}

int site_remove_tree(const char *path)
{
	return rmtree_at(AT_FDCWD, path);
}
