#include "manifest.h"
#include "arena.h"
#include "buf.h"
#include "fsread.h"
#include "hash.h"
#include "site.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define MANIFEST_DIR_MAX 128
struct manifest_entry {
	char slug[MANIFEST_DIR_MAX];
	char key[72];
	uint64_t hash;
};

/* A file the previous build wrote, as it left it (from its manifest): one
 * that is not so any more (edited, replaced or removed by hand) is neither
 * taken into the new site nor trusted by a build that would change nothing.
 * A hard link shares the edited file's size and time, so every report that
 * linked it sees the edit. */
struct out_file {
	uint64_t key;			/* a hash of its path below the site */
	long long size, sec;
	long nsec;			/* modification time */
};


struct manifest {
	const char *out_dir;
	struct manifest_entry *old;	/* sorted by folder and key */
	size_t n_old;
	struct out_file *files_old;	/* sorted by key */
	size_t n_files_old;
};

static int entry_cmp(const void *x, const void *y)
{
	const struct manifest_entry *a = x, *b = y;
	int r = strcmp(a->slug, b->slug);
	return r ? r : strcmp(a->key, b->key);
}

static int out_file_cmp(const void *x, const void *y)
{
	const struct out_file *a = x, *b = y;
	return a->key < b->key ? -1 : a->key > b->key;
}

/* Files are looked up by a hash of their path: a site of half a million
 * files keeps 32 bytes a file in memory, not its name. */
static uint64_t out_file_key(const char *rel)
{
	return hash_of(rel, strlen(rel));
}

/* A path in the manifest: '%', CR and LF as %XX, so that any name fits on
 * one line. */
static void manifest_path(struct buf *b, const char *s)
{
	for (; *s; s++)
		if (*s == '%' || *s == '\n' || *s == '\r')
			buf_printf(b, "%%%02X", (unsigned char)*s);
		else
			buf_add(b, s, 1);
}

/* ... and back, in place */
static void manifest_unpath(char *s)
{
	char *o = s;
	unsigned x;
	for (; *s; s++)
		if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2]) &&
		    sscanf(s + 1, "%2X", &x) == 1) {
			*o++ = (char)x;
			s += 2;
		} else {
			*o++ = *s;
		}
	*o = '\0';
}

/* The previous build's manifest, a line at a time. */
struct manifest *manifest_read(struct arena *a, const char *out_dir)
{
	struct manifest *c = arena_alloc(a, sizeof(*c));
	char *path = arena_printf(a, "%s/" MANIFEST_NAME, out_dir);
	size_t cap = 0, fcap = 0, size = 0;
	char *line = NULL;
	ssize_t len;
	FILE *f = fopen(path, "r");

	c->out_dir = arena_strdup(a, out_dir);
	if (!f)
		return c;
	while ((len = getline(&line, &size, f)) > 0) {
		struct manifest_entry e;
		struct out_file o;
		unsigned long long h;
		int at = 0;
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (!strncmp(line, "@file ", 6)) {
			if (sscanf(line + 6, "%lld %lld.%ld%n", &o.size, &o.sec, &o.nsec, &at) == 3 &&
			    line[6 + at] == ' ') {
				manifest_unpath(line + 6 + at + 1);
				o.key = out_file_key(line + 6 + at + 1);
				c->files_old = arena_grow(a, c->files_old, sizeof(*c->files_old), &fcap,
							  c->n_files_old + 1);
				c->files_old[c->n_files_old++] = o;
			}
			continue;
		}
		if (sscanf(line, "%127s %71s %llx", e.slug, e.key, &h) != 3)
			continue;
		e.hash = h;
		c->old = arena_grow(a, c->old, sizeof(*c->old), &cap, c->n_old + 1);
		c->old[c->n_old++] = e;
	}
	free(line);
	fclose(f);
	if (c->n_old)
		qsort(c->old, c->n_old, sizeof(*c->old), entry_cmp);
	if (c->n_files_old)
		qsort(c->files_old, c->n_files_old, sizeof(*c->files_old), out_file_cmp);
	return c;
}

/* Is every folder on the way from the site to rel a folder, not a link to
 * one?  A report folder replaced by a link to /etc must not lend its files
 * to the next build. */
static int folders_real(const char *site, const char *rel)
{
	char path[PATH_MAX];
	size_t base = strlen(site), i;
	struct stat st;

	if (base + strlen(rel) + 2 > sizeof(path))
		return 0;
	memcpy(path, site, base);
	path[base] = '/';
	for (i = 0; rel[i]; i++) {
		if (rel[i] == '/') {
			path[base + 1 + i] = '\0';
			if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode))
				return 0;
		}
		path[base + 1 + i] = rel[i];
	}
	return 1;
}

/* Is the file at path (rel below the site) as the previous build left it:
 * a regular file of the size and modification time it had then? */
static int out_file_intact(const struct manifest *c, const char *path, const char *rel)
{
	struct out_file key;
	const struct out_file *f;
	struct stat st;

	key.key = out_file_key(rel);
	f = c->n_files_old ? bsearch(&key, c->files_old, c->n_files_old, sizeof(key), out_file_cmp) : NULL;
	return f && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && (long long)st.st_size == f->size &&
	       (long long)st.st_mtim.tv_sec == f->sec && st.st_mtim.tv_nsec == f->nsec &&
	       folders_real(c->out_dir, rel);
}

/* Did the previous build write a file at rel? */
static int out_file_known(const struct manifest *c, const char *rel)
{
	struct out_file key;
	key.key = out_file_key(rel);
	return c->n_files_old && bsearch(&key, c->files_old, c->n_files_old, sizeof(key), out_file_cmp);
}

/* Each file below the folder at path->s (rel->s below the site), in name
 * order: onto the manifest when b (dot files are not the site's), else
 * checked against it: -1 at the first that differs, or at anything inside
 * a folder of bcfgen's that it did not make (a file, a dot file, an empty
 * folder); someone else's top-level entries are theirs.  *n counts the
 * files. */
static int walk_files(const struct manifest *c, struct site *site, struct buf *path, struct buf *rel, struct buf *b,
		      size_t *n)
{
	struct arena a;
	size_t k, i, plen = path->len, rlen = rel->len;
	char **names;
	int rc = 0;

	arena_init(&a);
	names = fs_list(&a, path->s, !b, &k);
	for (i = 0; i < k && rc == 0; i++) {
		struct stat st;
		buf_truncate(path, plen);
		buf_truncate(rel, rlen);
		buf_printf(path, "/%s", names[i]);
		buf_printf(rel, "%s%s", rlen ? "/" : "", names[i]);
		if (!b && !rlen && (!strcmp(names[i], MANIFEST_NAME) || !strcmp(names[i], SITE_MARKER) ||
				    (site && site_foreign(site, names[i]))))
			continue;	/* bcfgen's own records, or not bcfgen's */
		if (lstat(path->s, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			size_t before = *n;
			rc = walk_files(c, site, path, rel, b, n);
			/* a folder with none of the files bcfgen made in it */
			if (!b && rc == 0 && *n == before)
				rc = -1;
		} else if (b) {
			if (!S_ISREG(st.st_mode))
				continue;
			buf_printf(b, "@file %lld %lld.%09ld ", (long long)st.st_size, (long long)st.st_mtim.tv_sec,
				   (long)st.st_mtim.tv_nsec);
			manifest_path(b, rel->s);
			buf_adds(b, "\n");
			(*n)++;
		} else if (out_file_known(c, rel->s)) {
			if (!out_file_intact(c, path->s, rel->s))
				rc = -1;
			(*n)++;
		} else if (strchr(rel->s, '/')) {
			/* a file added inside a folder of bcfgen's (a page
			 * dropped into a report) is not the site it made */
			char top[NAME_MAX + 1];
			size_t tl = (size_t)(strchr(rel->s, '/') - rel->s);
			snprintf(top, sizeof(top), "%.*s", (int)tl, rel->s);
			if (!site || !site_foreign(site, top))
				rc = -1;
		}
	}
	buf_truncate(path, plen);
	buf_truncate(rel, rlen);
	arena_release(&a);
	return rc;
}

/* Is every file the previous build wrote still there as it left it?  A
 * build that would change nothing leaves the site alone only then. */
int manifest_outputs_intact(const struct manifest *c, struct site *site)
{
	struct buf path, rel;
	struct stat st;
	size_t n = 0;
	int ok;

	if (!c)
		return 0;
	buf_init(&path);
	buf_init(&rel);
	/* the marker too: a site without it is written again, with it */
	buf_printf(&path, "%s/" SITE_MARKER, c->out_dir);
	ok = lstat(path.s, &st) == 0 && S_ISREG(st.st_mode);
	buf_reset(&path);
	buf_adds(&path, c->out_dir);
	ok = ok && c->n_files_old > 0 && walk_files(c, site, &path, &rel, NULL, &n) == 0 && n == c->n_files_old;
	buf_release(&path);
	buf_release(&rel);
	return ok;
}

int manifest_file_known(const struct manifest *c, const char *rel)
{
	return c && out_file_known(c, rel);
}

int manifest_file_intact(const struct manifest *c, const char *rel)
{
	struct buf path;
	int ok;

	if (!c)
		return 0;
	buf_init(&path);
	buf_printf(&path, "%s/%s", c->out_dir, rel);
	ok = out_file_intact(c, path.s, rel);
	buf_release(&path);
	return ok;
}

int manifest_lookup(const struct manifest *c, const char *dir, const char *key, uint64_t *hash)
{
	struct manifest_entry k, *hit;

	if (!c || strlen(dir) >= sizeof(k.slug) || strlen(key) >= sizeof(k.key))
		return 0;
	strcpy(k.slug, dir);
	strcpy(k.key, key);
	hit = c->n_old ? bsearch(&k, c->old, c->n_old, sizeof(*c->old), entry_cmp) : NULL;
	if (hit)
		*hash = hit->hash;
	return hit != NULL;
}

void manifest_begin(struct buf *b, uint64_t site_hash)
{
	buf_adds(b, "# bcfgen: a hash of the inputs of each report and metric page, for incremental builds\n"
		    "# (@common: what every page shows); then every file written, with its size and\n"
		    "# modification time\n");
	buf_printf(b, "@site @all %016llx\n", (unsigned long long)site_hash);
}

void manifest_page(struct buf *b, const char *dir, const char *key, uint64_t hash)
{
	buf_printf(b, "%s %s %016llx\n", dir, key, (unsigned long long)hash);
}

void manifest_files(struct buf *b, const struct site *site)
{
	struct buf path, rel;
	size_t n = 0;

	buf_init(&path);
	buf_init(&rel);
	buf_adds(&path, site_tree(site));
	walk_files(NULL, NULL, &path, &rel, b, &n);
	buf_release(&path);
	buf_release(&rel);
}
