#ifndef BCF_BUILD_H
#define BCF_BUILD_H
/* Runs the pipeline: load and validate the model, then for each reporting
 * quarter render charts, pages and downloads into a temporary site that is
 * swapped into place at the end. */

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

/* Returns an exit status: 0 success, 1 bad input, 2 an output folder it
 * will not replace, 3 I/O or other failure.
 * Diagnostics go through diag. */
int build_run(const struct build_opts *o);

#endif
