#ifndef BCF_JOBS_H
#define BCF_JOBS_H
/* Units of work shared among worker processes.  Each worker is a fork of
 * the caller, so it sees everything loaded so far; it runs its units in
 * order, reports through diag and sends its progress to the parent, and
 * ends when the parent dies.  The result does not depend on the number of
 * workers as long as each unit's output depends only on the unit. */
#include <stddef.h>

struct progress_line;

/* Run unit u; 0 or -1 (reported). */
typedef int jobs_run_fn(void *ctx, size_t u);
/* The worker (0 to jobs - 1) that runs unit u: units that build on each
 * other go to the same one. */
typedef int jobs_worker_fn(const void *ctx, size_t u, int jobs);

/* Run units 0 to n - 1 on *jobs workers (at most n; with one, in this
 * process, in order).  *jobs is set to the number used.  0, or -1 when a
 * unit or a worker failed (reported). */
int jobs_run(size_t n, int *jobs, jobs_run_fn *run, jobs_worker_fn *worker_of, void *ctx,
	     struct progress_line *p);

/* End every worker now (a stopped build): SIGKILL, and wait for them. */
void jobs_stop(void);

#endif
