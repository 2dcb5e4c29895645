#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(struct progress_line *p, int show)
{
	p->pages = p->charts = p->reused = p->pages_taken = p->pages_total = 0;
	p->fd = -1;
	p->show = show;
	p->started = now_seconds();
}

double progress_seconds(const struct progress_line *p)
{
	return now_seconds() - p->started;
}

void progress_count(struct progress_line *p, const struct progress_msg *msg)
{
	if (p->fd >= 0) {
		ssize_t w = write(p->fd, msg, sizeof(*msg));
		(void)w;	/* progress is best effort */
		return;
	}
	p->pages += msg->pages;
	p->charts += msg->charts;
	p->reused += msg->reused;
	p->pages_taken += msg->pages_taken;
	if (p->show && (msg->pages || msg->charts)) {
		fprintf(stderr, "\rbcfgen: %ld/%ld pages, %ld charts, %.1f s ", p->pages, p->pages_total,
			p->charts, progress_seconds(p));
		fflush(stderr);
	}
}

void progress_add(struct progress_line *p, int pages, int charts, int reused)
{
	struct progress_msg msg = { pages, charts, reused, 0 };
	progress_count(p, &msg);
}

void progress_taken(struct progress_line *p, int files, int pages)
{
	struct progress_msg msg = { 0, 0, files, pages };
	progress_count(p, &msg);
}

void progress_clear(const struct progress_line *p)
{
	if (p->show)
		fputs("\r\033[K", stderr);
}
