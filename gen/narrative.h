#ifndef BCF_NARRATIVE_H
#define BCF_NARRATIVE_H
/* What people write: the standing pages (the .md files in metrics/pages)
 * and the commentary of each quarter (a metric's .md and index.md in
 * metrics/narrative/<quarter>), read once, checked as build would refuse
 * them (plain files inside their folders, UTF-8, Markdown within its
 * limits), and held in memory for every report that shows them.  The text
 * is malloc'd and freed by narrative_release; the rest lives in the arena
 * given. */
#include <stddef.h>
#include <stdint.h>

#include "period.h"

struct arena;
struct model;

struct narrative_page {
	const char *name;	/* file stem, a valid id */
	const char *title;
	char *src;		/* Markdown */
	size_t len;
	const char *path;
	int has_h1;		/* the Markdown has its own '#' heading */
};

struct narrative_note {
	const char *key;	/* '2018-19-q2/nea', '2018-19-q2/index' */
	char *src;
	size_t len;
};

struct narrative {
	struct narrative_page *pages;	/* in name order */
	size_t n_pages;
	struct narrative_note *notes;	/* by key */
	size_t n_notes, cap_notes;
};

/* The standing pages; 0, or -1 when one was refused (reported). */
int narrative_pages(struct narrative *nv, struct arena *a, const char *metrics_dir);
/* The commentary of every quarter folder, with a warning for what no report
 * will show (a folder that is not a quarter or has no report, a file that
 * names no metric) and an error for what build would refuse; and a
 * warning when the latest report (of quarters) has no introduction
 * (index.md) though an earlier one has. */
void narrative_notes(struct narrative *nv, struct arena *a, const struct model *m, const char *metrics_dir,
		     const struct period *quarters, size_t n_quarters);
/* The commentary name ('nea', 'index') of the quarter folder slug, or NULL. */
const char *narrative_note(const struct narrative *nv, const char *slug, const char *name, size_t *len);
/* Add the note to a page's hash, as its file's bytes and an end mark (an
 * absent note adds the mark alone). */
void narrative_hash(const struct narrative *nv, uint64_t *h, const char *slug, const char *name);
void narrative_release(struct narrative *nv);

#endif
