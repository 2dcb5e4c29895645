#define _GNU_SOURCE	/* renameat2 */
#include "site.h"
#include "arena.h"
#include "diag.h"
#include "fsread.h"
#include "csvread.h"
#include "input.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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
	marker = join(s->tmp, SITE_MARKER);
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
	char *path = join(s->tmp, rel);

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
		char *from = join(src, names[i]), *to = join(rel, names[i]);
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

/* Remove what name is in the folder dfd: a folder with all it holds, and
 * anything else by its name alone.  A symbolic link is never followed: the
 * link goes, what it leads to stays (a site may link .well-known to a
 * folder of the server's, and a removal must never reach it). */
static int remove_at(int dfd, const char *name)
{
	struct dirent *e;
	DIR *d;
	int fd, rc = 0;

	if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			rc |= remove_at(dirfd(d), e->d_name);
	closedir(d);
	if (unlinkat(dfd, name, AT_REMOVEDIR) < 0)
		rc = -1;
	return rc;
}

int site_remove_tree(const char *path)
{
	return remove_at(AT_FDCWD, path);
}

/* ---- stopped by a signal ---- */

static int remove_ours(const char *path);

static volatile sig_atomic_t stop_sig;	/* SIGINT, SIGTERM or SIGHUP received */
static struct site *building;		/* whose temporary folder a stop removes */
static int swapping;			/* a stop waits for the swap to end */
static pid_t owner;			/* the build's own process */
static void (*stop_hook)(void);

static void on_stop(int sig)
{
	stop_sig = sig;
}

static void watch_signals(struct site *s)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	building = s;
	owner = getpid();
}

void site_on_stop(void (*hook)(void))
{
	stop_hook = hook;
}

/* A signal asked the build to stop: the workers end, the temporary folder
 * goes (not in the middle of the swap: that finishes first), then the
 * signal does what it would have done. */
static void stop_if_asked(void)
{
	int sig = stop_sig;

	if (!sig || swapping || getpid() != owner)
		return;
	if (stop_hook)
		stop_hook();
	if (building && building->tmp)
		remove_ours(building->tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- fault injection (tests) ---- */

static long fault_count, fault_at = -1;
static int fault_sig = SIGKILL;
static pid_t fault_pid;

void site_fault_point(void)
{
	stop_if_asked();
	if (fault_at < 0 || getpid() != fault_pid)
		return;
	if (++fault_count == fault_at) {
		raise(fault_sig);
		stop_if_asked();
	}
}

static void fault_init(void)
{
	const char *e = getenv("BCFGEN_TEST_KILL_AT");
	char *end;
	long v;

	if (!e || !*e)
		return;
	v = strtol(e, &end, 10);
	if (*end || v < 0)
		return;
	fault_at = v;
	fault_pid = getpid();
	e = getenv("BCFGEN_TEST_KILL_SIGNAL");
	if (e && !strcmp(e, "TERM"))
		fault_sig = SIGTERM;
	else if (e && !strcmp(e, "INT"))
		fault_sig = SIGINT;
}

/* ---- whose folder is it ---- */

static int is_file(const char *dir, const char *name)
{
	char *p = join(dir, name);
	struct stat st;
	int r = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return r;
}

/* A site bcfgen made: its marker, or (made before the marker existed) its
 * manifest. */
static int is_ours(const char *dir)
{
	return is_file(dir, SITE_MARKER) || is_file(dir, MANIFEST_NAME);
}

/* 1 when dir has nothing in it, 0 when it has, -1 when it cannot be read. */
static int is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Remove a folder bcfgen made, its marker last, so that a removal cut
 * short leaves a folder still known to be bcfgen's. */
static int remove_ours(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	if (!(d = fdopendir(fd))) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") || !strcmp(e->d_name, SITE_MARKER))
			continue;
		rc |= remove_at(dirfd(d), e->d_name);
		site_fault_point();
	}
	if (unlinkat(dirfd(d), SITE_MARKER, 0) < 0 && errno != ENOENT)
		rc = -1;
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

/* ---- the output path ---- */

/* a is b or lies inside it (both canonical) */
static int within(const char *a, const char *b)
{
	size_t n = strlen(b);
	if (n == 1 && b[0] == '/')
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

/* The canonical path of out, which need not exist; NULL when the folder
 * that would hold it does not exist (errno set). */
static char *canonical_out(const char *out, int exists)
{
	char *slash, *parent, *rp, *r;
	const char *base;

	if (exists)
		return realpath(out, NULL);
	slash = strrchr(out, '/');
	if (!slash) {
		parent = xstrndup(".", 1);
		base = out;
	} else {
		parent = xstrndup(out, slash == out ? 1 : (size_t)(slash - out));
		base = slash + 1;
	}
	rp = realpath(parent, NULL);
	free(parent);
	if (!rp)
		return NULL;
	if (!strcmp(base, ".") || !strcmp(base, "..")) {
		/* 'x/..' that does not exist cannot be: realpath would have
		 * found it; keep the error simple */
		free(rp);
		errno = ENOENT;
		return NULL;
	}
	r = join(strcmp(rp, "/") ? rp : "", base);
	free(rp);
	return r;
}

static int refuse_overlap(const char *out, const char *canon, const char *const *inputs)
{
	char *cwd = realpath(".", NULL);
	size_t i;
	int rc = 0;

	for (i = 0; inputs[i] && rc == 0; i++) {
		char *in = realpath(inputs[i], NULL);
		if (!in)
			continue;	/* missing inputs are reported by whoever reads them */
		if (!strcmp(in, canon)) {
			diag_error(out, 0, 0, "the output folder is the input folder '%s': bcfgen replaces the "
				   "whole output folder; choose another -o, such as 'site'", inputs[i]);
			rc = -1;
		} else if (within(in, canon)) {
			diag_error(out, 0, 0, "the output folder holds the input folder '%s', which replacing "
				   "it would delete; choose another -o, such as 'site'", inputs[i]);
			rc = -1;
		} else if (within(canon, in)) {
			diag_error(out, 0, 0, "the output folder lies inside the input folder '%s'; choose a "
				   "folder outside it, such as 'site'", inputs[i]);
			rc = -1;
		}
		free(in);
	}
	if (rc == 0 && cwd && within(cwd, canon)) {
		diag_error(out, 0, 0, "the output folder is or holds the working folder, which replacing it "
			   "would delete; choose a folder of its own, such as 'site'");
		rc = -1;
	}
	free(cwd);
	return rc;
}

static int check_out(struct site *s, const char *const *inputs)
{
	const char *last = strrchr(s->out, '/');
	struct stat st;
	char *canon;
	int exists, rc;

	if (!*s->out) {
		diag_error(NULL, 0, 0, "the output folder is an empty name: expected a folder such as 'site'");
		return -1;
	}
	/* 'site/.' or 'x/..' would put the temporary folder and the lock
	 * inside the folder being replaced, or beside another */
	last = last ? last + 1 : s->out;
	if (!strcmp(last, ".") || !strcmp(last, "..")) {
		diag_error(s->out, 0, 0, "the output path ends in '%s': give the folder's own name, such as "
			   "'site'", last);
		return -1;
	}
	if (lstat(s->out, &st) == 0) {
		if (S_ISLNK(st.st_mode)) {
			diag_error(s->out, 0, 0, "the output path is a symbolic link: bcfgen replaces the output "
				   "folder itself, so give the folder's own path with -o");
			return -1;
		}
		if (!S_ISDIR(st.st_mode)) {
			diag_error(s->out, 0, 0, "the output path exists and is not a folder: choose another -o, "
				   "or remove it yourself");
			return -1;
		}
		exists = 1;
	} else if (errno == ENOENT) {
		exists = 0;
	} else {
		diag_io(s->out, "cannot look at the output folder", errno);
		return -1;
	}
	canon = canonical_out(s->out, exists);
	if (!canon) {
		diag_error(s->out, 0, 0, "the folder that would hold the output folder does not exist: "
			   "create it first, or choose another -o");
		return -1;
	}
	rc = refuse_overlap(s->out, canon, inputs);
	free(canon);
	if (rc == 0 && exists && !is_ours(s->out)) {
		int e = is_empty(s->out);
		if (e < 0) {
			diag_io(s->out, "cannot read the output folder", errno);
			return -1;
		}
		if (!e) {
			diag_error(s->out, 0, 0, "this folder is not empty and was not made by bcfgen (it has no "
				   SITE_MARKER "): bcfgen replaces the whole output folder, so it writes only to "
				   "a new or empty folder or to a site it made; choose another -o, or empty this "
				   "folder yourself");
			return -1;
		}
	}
	return rc;
}

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
		    strstr(names[i] + strlen(names[i]) - 11, ".old-") && is_ours(names[i]) &&
		    rename(names[i], s->out) == 0) {
			have_out = 1;
			if (!quiet)
				fprintf(stderr, "bcfgen: put back %s/, which an interrupted build had moved to %s\n",
					s->out, names[i]);
		}
	}
	for (i = 0; i < n; i++) {
		if (lstat(names[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (is_ours(names[i]) || is_empty(names[i]) == 1) {
				if (remove_ours(names[i]) < 0) {
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

	fault_init();
	watch_signals(s);
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
	if (check_out(s, inputs) < 0)
		return SITE_REFUSED;
	if (take_lock(s, wait, quiet) < 0)
		return SITE_FAILED;
	site_fault_point();
	if (clean_debris(s, quiet) < 0)
		return SITE_FAILED;
	site_fault_point();
	if (check_out(s, inputs) < 0)
		return SITE_REFUSED;
	return SITE_OK;
}

static int legacy_made(const char *name);
static int listed(const char *marker, const char *name);

int site_foreign(struct site *s, const char *name)
{
	char *path = join(s->out, name);
	struct stat st;
	int there = lstat(path, &st) == 0;

	free(path);
	if (!there || !strcmp(name, SITE_MARKER) || !strcmp(name, MANIFEST_NAME))
		return 0;
	if (!s->marker_read) {
		size_t len;
		char *m = join(s->out, SITE_MARKER);
		s->marker = csvread_slurp(m, 16u << 20, &len);
		s->marker_read = 1;
		free(m);
	}
	return s->marker ? !listed(s->marker, name) : !legacy_made(name);
}

void site_close(struct site *s)
{
	stop_if_asked();
	building = NULL;
	free(s->marker);
	s->marker = NULL;
	s->marker_read = 0;
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	s->lock_fd = -1;
	free(s->out);
	s->out = NULL;
	if (fault_at == 0 && getpid() == fault_pid)
		fprintf(stderr, "bcfgen: %ld fault points\n", fault_count);
}

/* ---- carrying what is not bcfgen's into the new site ---- */

/* Top-level names a site made before the marker existed holds. */
static int legacy_made(const char *name)
{
	size_t n = strlen(name);
	if (!strcmp(name, "index.html") || !strcmp(name, "assets") || !strcmp(name, "areas") ||
	    !strcmp(name, MANIFEST_NAME) || (n > 5 && !strcmp(name + n - 5, ".html")))
		return 1;
	/* a report folder: 2018-19-q2 */
	return n == 10 && isdigit((unsigned char)name[0]) && isdigit((unsigned char)name[1]) &&
	       isdigit((unsigned char)name[2]) && isdigit((unsigned char)name[3]) && name[4] == '-' &&
	       isdigit((unsigned char)name[5]) && isdigit((unsigned char)name[6]) && name[7] == '-' &&
	       name[8] == 'q' && name[9] >= '1' && name[9] <= '4';
}

/* Is name one of those listed in the marker text (after its first line)? */
static int listed(const char *marker, const char *name)
{
	const char *p = strchr(marker, '\n');
	size_t n = strlen(name);

	while (p && *p) {
		const char *line = p + 1, *eol = strchr(line, '\n');
		size_t ll = eol ? (size_t)(eol - line) : strlen(line);
		if (ll == n && !strncmp(line, name, n))
			return 1;
		p = eol;
	}
	return 0;
}

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
			f = join(from, e->d_name);
			t = join(to, e->d_name);
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
	path = join(s->tmp, SITE_MARKER ".new");
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
		char *marker = join(s->tmp, SITE_MARKER);
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
		to = join(s->tmp, name);
		if (lstat(to, &st) == 0) {
			/* someone's file where a new report goes: theirs
			 * is not ours to replace */
			diag_error(s->out, 0, 0, "'%s' here was not made by bcfgen, but the new site has "
				   "an entry of that name: move or rename it (nothing was changed)", name);
			free(to);
			rc = -1;
			continue;
		}
		from = join(s->out, name);
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
	swapping = 1;
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
			if (remove_ours(s->tmp) < 0)
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
				if (rename(s->tmp, s->out) < 0) {
					diag_io(s->out, "cannot move the new site into place", errno);
					rename(old, s->out);
					rc = -1;
				} else {
					site_fault_point();
					remove_ours(old);
				}
			}
			free(old);
		}
	}
	if (rc < 0)
		remove_ours(s->tmp);
#ifdef RENAME_EXCHANGE
done:
#endif
	free(s->tmp);
	s->tmp = NULL;
	swapping = 0;
	stop_if_asked();
	return rc;
}

void site_abort(struct site *s)
{
	if (s->tmp)
		remove_ours(s->tmp);
	free(s->tmp);
	s->tmp = NULL;
}
