#define _GNU_SOURCE	/* realpath */
/* Whose is it: the folders bcfgen made (and so may replace or remove),
 * the output paths it must refuse, and the entries at the top of a site
 * that someone else put there. */
#include "site_internal.h"
#include "arena.h"
#include "csvread.h"
#include "diag.h"
#include "manifest.h"
#include "rmtree.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *site_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = xmalloc(la + lb + 2);
	memcpy(p, a, la);
	p[la] = '/';
	memcpy(p + la + 1, b, lb + 1);
	return p;
}

/* ---- whose folder is it ---- */

static int is_file(const char *dir, const char *name)
{
	char *p = site_join(dir, name);
	struct stat st;
	int r = lstat(p, &st) == 0 && S_ISREG(st.st_mode);
	free(p);
	return r;
}

/* A site bcfgen made: its marker, or (made before the marker existed) its
 * manifest. */
int site_owner_is_ours(const char *dir)
{
	return is_file(dir, SITE_MARKER) || is_file(dir, MANIFEST_NAME);
}

int site_owner_is_empty(const char *dir)
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
int site_owner_remove(const char *path, void (*after_each)(void))
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
		rc |= rmtree_at(dirfd(d), e->d_name);
		if (after_each)
			after_each();
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
	r = site_join(strcmp(rp, "/") ? rp : "", base);
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

int site_owner_check_out(struct site *s, const char *const *inputs)
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
	if (rc == 0 && exists && !site_owner_is_ours(s->out)) {
		int e = site_owner_is_empty(s->out);
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

/* ---- entries at the top of a site ---- */

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

int site_foreign(struct site *s, const char *name)
{
	char *path = site_join(s->out, name);
	struct stat st;
	int there = lstat(path, &st) == 0;

	free(path);
	/* a file the last build wrote, as it left it, is bcfgen's even
	 * without the list; one changed since may be someone's */
	if (!there || !strcmp(name, SITE_MARKER) || !strcmp(name, MANIFEST_NAME) || manifest_file_intact(s->mf, name))
		return 0;
	if (!s->marker_read) {
		size_t len;
		char *m = site_join(s->out, SITE_MARKER);
		s->marker = csvread_slurp(m, 16u << 20, &len);
		s->marker_read = 1;
		free(m);
	}
	return s->marker ? !listed(s->marker, name) : !legacy_made(name);
}
