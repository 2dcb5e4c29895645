#ifndef BCF_PROGRESS_H
#define BCF_PROGRESS_H
/* What a build has done so far: pages written, charts drawn, files taken
 * from the previous site.  In the build's own process they are counted and,
 * on a terminal, shown on one line; in a worker process they are sent to
 * the parent through a pipe (see jobs.h), which counts them. */

struct progress_line {
	long pages, charts, reused;	/* done so far: pages written or taken */
	long pages_taken;		/* of the pages, those taken unchanged */
	long pages_total;		/* for the line: pages there will be */
	int fd;				/* a worker's pipe to its parent, or -1 */
	int show;			/* draw the line on standard error */
	double started;			/* monotonic seconds at progress_init */
};

/* One message from a worker. */
struct progress_msg {
	int pages, charts, reused, pages_taken;
};

/* Start counting now; show: draw the line on standard error.  Nothing is
 * allocated. */
void progress_init(struct progress_line *p, int show);
/* Count work done here (and redraw the line), or send it to the parent. */
void progress_add(struct progress_line *p, int pages, int charts, int reused);
/* The same for files taken unchanged, of them pages pages (counted
 * already as done by progress_add), so that the summary counts pages
 * written. */
void progress_taken(struct progress_line *p, int files, int pages);
/* A worker's message, counted in the parent. */
void progress_count(struct progress_line *p, const struct progress_msg *msg);
/* Erase the line before anything else is printed. */
void progress_clear(const struct progress_line *p);
/* Seconds since progress_init. */
double progress_seconds(const struct progress_line *p);

#endif
