#ifndef BCF_SITE_H
#define BCF_SITE_H
/* The output tree.  The output folder is bcfgen's alone: it is replaced
 * only when it is absent, empty or a site bcfgen made (it holds the marker
 * SITE_MARKER), and never when it is, holds or lies inside an input folder
 * or the working folder.  One build at a time holds OUT.lock beside it.
 * Everything is written into a temporary folder beside the target and
 * swapped into place only when the whole build succeeded, so a failed or
 * killed build leaves the previous site whole; the next build removes what
 * a killed one left behind.  Files and folders at the top of a site that
 * bcfgen did not make (.git, CNAME, .htaccess, .well-known/) are carried
 * into each new site, and the folder keeps its mode, owner and group. */
#include <stddef.h>
#include <stdio.h>

#include "buf.h"

#define SITE_MARKER ".bcfgen-site"
/* The incremental builds' record in a site (see manifest.h). */
#define MANIFEST_NAME ".bcfgen-manifest"

struct manifest;

struct site {
	char *out;	/* the target directory */
	char *tmp;	/* the temporary directory being filled */
	size_t files;	/* files written */
	int lock_fd;	/* OUT.lock, held from site_open to site_close */
	char *marker;	/* the previous site's SITE_MARKER, once read, or NULL */
	int marker_read;
	const struct manifest *mf;	/* the previous build's, once read, or NULL */
};

/* What site_open found wrong. */
enum site_refusal {
	SITE_OK,
	SITE_REFUSED,	/* the output path itself (reported): a usage error */
	SITE_FAILED	/* I/O, or the lock is held and wait is 0 (reported) */
};

/* Check the output path before any work (inputs: the input folders,
 * NULL-terminated), take the lock (waiting for another build when wait,
 * saying so on a terminal unless quiet), then recover from and remove what
 * killed builds left beside it. */
enum site_refusal site_open(struct site *s, const char *out, const char *const *inputs, int wait, int quiet);
/* Release the lock. */
void site_close(struct site *s);
/* 1 when OUT already has an entry name that bcfgen did not make (a user's
 * file where the new site would put one of its own), else 0: what the site's
 * list of names (SITE_MARKER) holds, or the previous build's manifest (mf)
 * says it wrote and is as it left it, is bcfgen's. */
int site_foreign(struct site *s, const char *name);
/* Create the temporary directory beside the target.  Returns 0, or -1 on
 * an I/O failure (reported). */
int site_begin(struct site *s);
/* Write data to rel (a path inside the site made only of validated
 * names), creating folders as needed; a file already there is replaced,
 * not written through.  0 or -1 (reported). */
int site_write(struct site *s, const char *rel, const char *data, size_t len);
/* A file of the site written a piece at a time (a download of every
 * figure, which may be larger than memory should hold): kept in memory up
 * to a MiB at a time.  Errors are reported by site_sink_close. */
struct site_sink {
	struct buf b;
	FILE *f;
	char *path;
	long long flushed;	/* bytes already in the file */
	int err;		/* errno of the first failure, or 0 */
};
/* Start the file rel in the site (replacing, not writing through, what is
 * there).  0 or -1 (reported). */
int site_sink_open(struct site *s, struct site_sink *k, const char *rel);
void site_sink_add(struct site_sink *k, const char *data, size_t len);
/* How much has been added, to go back to with site_sink_truncate. */
long long site_sink_mark(const struct site_sink *k);
void site_sink_truncate(struct site_sink *k, long long mark);
/* Finish the file; 0, or -1 when anything failed (reported). */
int site_sink_close(struct site_sink *k);

/* Put the file at from_rel, already in the new site, at rel too, replacing
 * what is there, as a hard link where the file system allows, else a
 * copy.  0 or -1. */
int site_link(struct site *s, const char *from_rel, const char *rel);
/* Put the file at from (the previous site's) at rel in the new site, the
 * same way; -1 without a word when there is no file at from. */
int site_try_link(struct site *s, const char *from, const char *rel);
/* The folder the new site is being written in, between site_begin and
 * site_commit: for reading back what was written (the manifest lists its
 * files), never for writing. */
const char *site_tree(const struct site *s);
/* Copy the regular files under src (recursively, skipping dot files) to
 * rel inside the site; with s NULL, only check that every entry is a plain
 * file or folder inside src and that no folder is inside itself, so that
 * a bad assets folder is refused before any work.  0 or -1 (reported). */
int site_copy_tree(struct site *s, const char *src, const char *rel);
/* Swap the finished site into place (atomically where the system can) and
 * remove the old one.  0 or -1 (reported; the old site is kept). */
int site_commit(struct site *s);
/* Remove the temporary directory; the target is untouched. */
void site_abort(struct site *s);
/* Remove a directory tree; 0 or -1 with errno set. */
int site_remove_tree(const char *path);

/* From site_open to site_close, SIGINT, SIGTERM and SIGHUP stop the build
 * at its next write or message, not at once: hook (the workers' end) is
 * called, the temporary folder removed, then the signal raised again with
 * its default action.  A swap under way finishes first. */
void site_on_stop(void (*hook)(void));

/* Fault injection for the tests: with BCFGEN_TEST_KILL_AT=N in the
 * environment, the build process kills itself with SIGKILL at the Nth of
 * these points (0: count them, printed by site_close), or with the signal
 * BCFGEN_TEST_KILL_SIGNAL names (TERM or INT) instead.  Only the process
 * that opened the site counts. */
void site_fault_point(void);

#endif
