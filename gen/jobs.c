#include "jobs.h"
#include "arena.h"
#include "diag.h"
#include "progress.h"
#include "site.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

/* In a worker: its units, then out without the parent's cleanup, which is
 * the parent's to do. */
static void worker(size_t n, int w, int jobs, jobs_run_fn *run, jobs_worker_fn *worker_of, void *ctx,
		   struct progress_line *p, int fd, pid_t parent)
{
	size_t u;
	int rc = 0;

	/* a stop is the parent's to handle: a worker just ends */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
#ifdef __linux__
	/* a worker ends with its parent: a killed build writes nothing more */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	if (getppid() != parent)
		_exit(3);
	p->fd = fd;
	for (u = 0; u < n && rc == 0; u++)
		if (worker_of(ctx, u, jobs) == w)
			rc = run(ctx, u);
	diag_finish();
	fflush(NULL);
	_exit(rc < 0 || diag_errors() || diag_io_errors() ? (diag_io_errors() ? 3 : 1) : 0);
}

/* The workers running now, for jobs_stop. */
static pid_t *live;
static int n_live;

void jobs_stop(void)
{
	int w, status;

	for (w = 0; w < n_live; w++)
		kill(live[w], SIGKILL);
	for (w = 0; w < n_live; w++)
		while (waitpid(live[w], &status, 0) < 0 && errno == EINTR)
			;
	n_live = 0;
}

int jobs_run(size_t n, int *jobs_io, jobs_run_fn *run, jobs_worker_fn *worker_of, void *ctx,
	     struct progress_line *p)
{
	int jobs = *jobs_io, fds[2], w, rc = 0, status;
	pid_t *pids, parent;
	size_t u;

	if (jobs > (int)n)
		jobs = (int)n;
	if (jobs <= 1) {
		*jobs_io = 1;
		for (u = 0; u < n && rc == 0; u++)
			rc = run(ctx, u);
		return rc;
	}
	*jobs_io = jobs;
	fflush(NULL);
	if (pipe(fds) < 0) {
		diag_io(NULL, "cannot create a pipe for worker processes", errno);
		return -1;
	}
	pids = xmalloc((size_t)jobs * sizeof(*pids));
	parent = getpid();
	for (w = 0; w < jobs; w++) {
		pids[w] = fork();
		if (pids[w] < 0) {
			diag_io(NULL, "cannot start a worker process", errno);
			rc = -1;
			jobs = w;
			break;
		}
		if (pids[w] == 0) {
			close(fds[0]);
			worker(n, w, *jobs_io, run, worker_of, ctx, p, fds[1], parent);
		}
		live = pids;
		n_live = w + 1;
	}
	close(fds[1]);
	for (;;) {
		struct progress_msg msg;
		ssize_t got = read(fds[0], &msg, sizeof(msg));
		if (got == (ssize_t)sizeof(msg)) {
			progress_count(p, &msg);
			site_fault_point();
		} else if (got < 0 && errno == EINTR) {
			site_fault_point();	/* a stop asked for is taken here */
			continue;
		} else {
			break;
		}
	}
	close(fds[0]);
	n_live = 0;
	for (w = 0; w < jobs; w++) {
		while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
				diag_report(DIAG_ERROR, NULL, 0, 0, "a report could not be built (see above)");
			else
				diag_io(NULL, "a worker process failed", EIO);
			rc = -1;
		}
	}
	free(pids);
	return rc;
}
