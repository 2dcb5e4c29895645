#ifndef BCF_CHANGES_H
#define BCF_CHANGES_H
/* What a build changes against the last one, for its summary: the reports
 * new in it, each metric whose own inputs (figures, catalogue row,
 * commentary) changed and in how many reports, and which parts of what
 * every page shows changed (the program, the date shown, ...).  Worked
 * out from the hashes of the inputs (inputs.h) and the last build's
 * manifest (manifest.h), before anything is built. */
#include <stddef.h>

#include "inputs.h"

struct arena;
struct manifest;
struct model;
struct sitemap;

struct changes_metric {
	const char *name;		/* its short title */
	size_t reports;			/* reports of the last site whose page of it
					 * has new inputs */
};

struct changes {
	int first;			/* no last build recorded: nothing to compare */
	int every_page_same;		/* what every page shows is as the last build
					 * recorded it (pages may be taken from it) */
	size_t n_new;			/* report folders the last site did not have */
	const char **new_quarters;	/* the home area's among them: '2018-19 Q3' */
	size_t n_new_quarters;
	size_t n_new_elsewhere;		/* the rest: other areas' reports of quarters
					 * the home area had */
	const char **intros;		/* reports of the last site whose introduction
					 * (index.md) changed: '2018-19 Q3' */
	size_t n_intros;
	struct changes_metric *metrics;	/* the metrics that changed, in catalogue order */
	size_t n_metrics;
	enum inputs_part parts[INPUTS_N_PARTS];	/* the parts that changed, in order */
	size_t n_parts;
};

/* Compare this build's inputs in with the manifest mf of the last build
 * (NULL or empty: a first build).  Reports that only this build has are
 * new, not changed; a metric's pages count as changed in the reports the
 * last site had.  Strings and arrays live in a. */
void changes_find(struct changes *c, struct arena *a, const struct manifest *mf, const struct inputs *in,
		  const struct sitemap *map, const struct model *m);

#endif
