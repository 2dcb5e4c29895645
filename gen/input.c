#define _XOPEN_SOURCE 700	/* realpath */
#include "input.h"
#include "arena.h"
#include "diag.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	if (S_ISDIR(m))
		return "a folder";
	return "not a regular file";
}

/* 1 if real (a resolved path) is dir or below it. */
static int inside(const char *real, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return 1;
	return !strncmp(real, dir, n) && (real[n] == '/' || real[n] == '\0');
}

int input_check(const char *dir, const char *path, int want_dir)
{
	struct stat st;
	char *real, *rdir;
	int ok;

	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			diag_io(path, "cannot read", errno);
		return -1;
	}
	if (dir) {
		/* the real path, through every link on the way (a linked folder too) */
		real = realpath(path, NULL);
		if (!real) {
			diag_error(path, 0, 0, "symbolic link leads nowhere (%s): inputs are plain files inside %s/",
				   errno == ELOOP ? "a loop" : "its target is missing", dir);
			errno = EINVAL;
			return -1;
		}
		rdir = realpath(dir, NULL);
		ok = rdir && inside(real, rdir);
		if (!ok)
			diag_error(path, 0, 0, "leads to '%s', outside %s/: inputs are plain files inside their "
				   "folders (copy the file in rather than link to it)", real, dir);
		free(real);
		free(rdir);
		if (!ok) {
			errno = EINVAL;
			return -1;
		}
	}
	if (S_ISLNK(st.st_mode) && stat(path, &st) < 0) {
		diag_error(path, 0, 0, "symbolic link leads nowhere: inputs are plain files inside their folders");
		errno = EINVAL;
		return -1;
	}
	if (S_ISREG(st.st_mode) || (want_dir && S_ISDIR(st.st_mode)))
		return 0;
	diag_error(path, 0, 0, "is %s, not a plain file: inputs are plain files inside their folders",
		   kind_of(st.st_mode));
	errno = EINVAL;
	return -1;
}

char *input_read(const char *dir, const char *path, size_t max, size_t *len)
{
	struct stat st;
	char *data = NULL;
	size_t n = 0, cap;
	int fd;

	if (input_check(dir, path, 0) < 0)
		return NULL;
	/* never wait: a FIFO put in place after the check fails here */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		diag_io(path, "cannot read", errno);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_error(path, 0, 0, "is %s, not a plain file: inputs are plain files inside their folders",
			   kind_of(st.st_mode));
		goto fail;
	}
	cap = (size_t)st.st_size < max ? (size_t)st.st_size + 1 : max + 1;
	data = xmalloc(cap + 1);
	for (;;) {
		ssize_t got;
		if (n == cap) {
			if (cap > max)
				break;
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			data = xrealloc(data, cap + 1);
		}
		got = read(fd, data + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_io(path, "cannot read", errno);
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (n > max) {
		if (max >= 1u << 20)
			diag_error(path, 0, 0, "file is larger than the limit of %zu MiB", max >> 20);
		else
			diag_error(path, 0, 0, "file is larger than the limit of %zu KiB", max >> 10);
		goto fail;
	}
	close(fd);
	data[n] = '\0';
	*len = n;
	return data;
fail:
	if (fd >= 0)
		close(fd);
	free(data);
	errno = EINVAL;
	return NULL;
}
