#ifndef BCF_SITEMAP_H
#define BCF_SITEMAP_H
/* The plan of the site: which reports exist and in which folder.  A report
 * is a quarter seen from one area's side; slot 0 is the home area's
 * reports at the top of the site, and with --all-areas slot s > 0 holds the
 * reports of another area under areas/<code>/.  Reports from a Q4 to the
 * next Q3 form a group, built in order by one worker, so that a metric
 * with no new figure can share an earlier report's files.  Everything here
 * lives in the arena given to sitemap_plan. */
#include <stddef.h>

#include "period.h"

struct arena;
struct model;

struct sitemap {
	struct period *quarters;	/* every report's quarter, in order */
	size_t n_quarters;
	int *area_order;		/* area indexes in order of code */
	int *slot_area;			/* [slot]: the area, or -1 */
	const char **slot_dir;		/* [slot]: "" or "areas/<code>/" */
	size_t n_slots;
	unsigned char *has_slot;	/* [area]: reports of its own */
	/* a metric's charts and download in report q are those of report
	 * same_as[q * n_metrics + m] when no figure arrived in between */
	size_t *same_as;
	size_t *group;			/* [q] */
	size_t n_groups;
	char generated[64];		/* "14 November 2023": the date shown */
	long long generated_at;		/* the same moment, seconds since 1970 */
};

/* One report folder: a quarter from one slot's side. */
struct place {
	size_t q, slot;
	int area;			/* the area it is about, or -1 */
	const char *dir;		/* "" or "areas/<code>/" */
	const char *root;		/* from the report's folder to the site's */
	const char *slug;		/* "2018-19-q2" */
	const char *folder;		/* dir and slug: the folder below the site */
};

/* Plan the reports of model m: the date shown (SOURCE_DATE_EPOCH, or
 * now), the quarters (from the first figure, or site.ini's first_period,
 * to the last, or last_quarter when it is a quarter), the groups and what
 * each report shares.  metrics_dir names files in diagnostics.  Returns
 * 0, or -1 (reported). */
int sitemap_plan(struct sitemap *s, struct arena *a, const struct model *m, const char *metrics_dir,
		 const struct period *last_quarter);
/* Then the slots: the home area's, and with all_areas every area with a
 * figure but the benchmark.  0, or -1 when a code cannot name a folder
 * (reported). */
int sitemap_slots(struct sitemap *s, struct arena *a, const struct model *m, int all_areas);
/* The place of report q of slot, its strings in a. */
void sitemap_place(const struct sitemap *s, struct arena *a, size_t slot, size_t q, struct place *p);

#endif
