#ifndef BCF_BUILD_H
#define BCF_BUILD_H
/* Runs the pipeline: load and validate the model, then for each reporting
 * quarter render charts, pages and downloads into a temporary site that is
 * swapped into place at the end. */

#include "arena.h"
#include "changes.h"
#include "period.h"

struct build_opts {
	const char *metrics_dir, *templates_dir, *assets_dir, *out_dir;
	struct period last_quarter;	/* --period: the last report; PERIOD_NONE for all */
	int jobs;
	int strict, quiet;
	int check_only;			/* validate, write nothing */
	int force;			/* rebuild every page, ignoring the manifest */
	int all_areas;			/* every area's reports under areas/<code>/ */
	int no_wait;			/* refuse, rather than wait, when another build holds the lock */
};

/* What a build did, for main to sum up and to turn into an exit status. */
struct build_result {
	int refused;			/* the output folder: 2 not to be replaced,
					 * 3 could not be taken (both reported) */
	int failed;			/* stopped by a failure (reported) */
	int unchanged;			/* the site was made from these inputs:
					 * nothing written */
	size_t reports;
	long pages, charts, reused;	/* pages written, charts drawn, files taken
					 * unchanged */
	int jobs;			/* worker processes used */
	double seconds;
	struct changes changes;		/* against the last build, for the summary */
	struct arena keep;		/* holds what changes points to */
};

/* Check (o->check_only) or build the site; every problem goes through
 * diag.  Returns 0 when the site was built or found unchanged, -1
 * otherwise; *r says what happened. */
int build_run(const struct build_opts *o, struct build_result *r);
/* Free what *r holds (after build_run, whatever it returned). */
void build_result_release(struct build_result *r);

#endif
