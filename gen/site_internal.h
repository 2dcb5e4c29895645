#ifndef BCF_SITE_INTERNAL_H
#define BCF_SITE_INTERNAL_H
/* What the site modules share, for them alone (nothing outside site*.c
 * includes this):
 *   site.c          the new site's tree: files written, linked and copied
 *                   into the temporary folder;
 *   site_owner.c    whose folders and entries are bcfgen's, and which
 *                   output paths it may replace;
 *   site_publish.c  one build at a time, what killed builds left, and the
 *                   swap of the finished site with what it carries over;
 *   site_stop.c     stopping at a signal, and the tests' fault points. */
#include "site.h"

/* ---- site_owner.c ---- */

/* "a/b", malloc'd: the caller frees it. */
char *site_join(const char *a, const char *b);
/* 1 when dir is a site bcfgen made: it holds SITE_MARKER or (a site made
 * before the marker existed) MANIFEST_NAME as a regular file; else 0. */
int site_owner_is_ours(const char *dir);
/* 1 when dir has nothing in it, 0 when it has, -1 when it cannot be read. */
int site_owner_is_empty(const char *dir);
/* Remove a folder bcfgen made (the caller has made sure it is), its marker
 * last, so that a removal cut short leaves a folder still known to be
 * bcfgen's; after_each (a fault point; may be NULL) after each entry.  0
 * (also when there is nothing at path) or -1. */
int site_owner_remove(const char *path, void (*after_each)(void));
/* Refuse (reported) an output path bcfgen must not replace: an empty
 * name, one ending in '.' or '..', a symbolic link, a file, a folder whose
 * parent does not exist, one that is, holds or lies inside an input folder
 * (inputs NULL-terminated) or holds the working folder, and a folder that
 * is neither empty nor bcfgen's.  0 or -1. */
int site_owner_check_out(struct site *s, const char *const *inputs);

/* ---- site_stop.c ---- */

/* Catch SIGINT, SIGTERM and SIGHUP from now on: they stop the build at
 * its next fault point, removing s's temporary folder. */
void site_stop_watch(struct site *s);
/* A stop no longer removes any temporary folder (s is closed). */
void site_stop_unwatch(void);
/* While on, a stop waits: the swap under way finishes first. */
void site_stop_swapping(int on);
/* If a signal asked the build to stop (and no swap is under way, and this
 * is the build's own process, not a worker): end the workers through the
 * hook of site_on_stop, remove the temporary folder, then raise the signal
 * again with its default action.  Returns only when there is no stop. */
void site_stop_if_asked(void);
/* Read BCFGEN_TEST_KILL_AT and BCFGEN_TEST_KILL_SIGNAL (see
 * site_fault_point); the calling process is the one that counts. */
void site_stop_fault_init(void);
/* Counting (BCFGEN_TEST_KILL_AT=0): the fault point just passed is the
 * one between the fallback's two renames, printed by the report. */
void site_fault_mark_between(void);
/* With BCFGEN_TEST_KILL_AT=0, print the number of fault points passed,
 * and which is between the fallback's renames when there was one. */
void site_stop_fault_report(void);

#endif
