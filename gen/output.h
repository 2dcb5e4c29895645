#ifndef BCF_OUTPUT_H
#define BCF_OUTPUT_H
/* The face every output shows the driver, as lowdown keeps one file per
 * output format behind one document tree: an output reads the computed
 * report (report.h) and the site plan, and writes files into the site.
 * Adding an output is one file and one row in build.c's table; no output
 * includes another.  Hooks an output has no use for are NULL.
 *
 * The work is cut into units that workers share: for each quarter, one
 * unit per metric, which calls metric for that metric in each report
 * folder of the quarter (every slot's), and one unit for the report
 * folders' own files, which calls report for each folder with every
 * metric's computed report.  The units of one metric within a group of
 * reports (sitemap.h) run on one worker in order, so that a metric may
 * share an earlier report's files (MADE_SHARED); otherwise units run in
 * any order on any worker, so report must not read what metric writes
 * in this build.  After every unit, site, in the driver.  Each worker is
 * a fork of the driver that opened the outputs. */
#include <stddef.h>
#include <stdint.h>

struct arena;
struct figures;
struct model;
struct narrative;
struct place;
struct progress_line;
struct report_metric;
struct site;
struct sitemap;

/* What every output is given; nothing here is written but the site. */
struct publish {
	const struct model *m;
	const struct sitemap *map;
	const struct narrative *nv;
	struct site *site;
	struct progress_line *prog;	/* pages written, charts drawn */
	const char *templates_dir;
	int all_areas;
	const struct figures *fig;	/* each figure's statistics: worked out
					 * before the first report */
};

/* How a metric's files came into its report folder before its outputs
 * ran: they write what is not there yet. */
enum made {
	MADE_NEW,			/* nothing yet */
	MADE_SHARED,			/* charts and download linked from an earlier
					 * report of this build, in folder from */
	MADE_REUSED			/* every file linked from the last build's
					 * site, folder from */
};

/* Most files one output writes for one metric in a report folder. */
#define OUTPUT_MAX_FILES 8

struct output {
	const char *name;
	/* Set up (templates read and checked, say); its state, or NULL
	 * (reported).  The state lives until close. */
	void *(*open)(const struct publish *p);
	/* What every file it writes depends on beyond the model and the
	 * narrative: templates, fonts. */
	void (*inputs)(void *self, uint64_t *h);
	/* The names of the files it writes for one metric in a report
	 * folder, appended to files[*n]; the page too when with_page.  Names
	 * live in a. */
	void (*files)(void *self, struct arena *a, const struct place *pl, const struct report_metric *rm,
		      int with_page, const char **files, size_t *n);
	/* One metric of a report folder: its files, those not there yet.
	 * When how is MADE_REUSED nothing is to be written, and rm says only
	 * which files the metric has (its funnel's limits are not worked
	 * out).  0 or -1 (reported). */
	int (*metric)(void *self, const struct place *pl, const struct report_metric *rm, enum made how,
		      const char *from, struct arena *a);
	/* A report folder's own files (not its metrics'), made from every
	 * metric's report rms[0..n) in catalogue order, after every metric
	 * of every report (their files are in the new site).  taken: they
	 * came whole from the last build, and rms is NULL, n 0.  0 or -1
	 * (reported). */
	int (*report)(void *self, const struct place *pl, const struct report_metric *rms, size_t n, int taken,
		      struct arena *a);
	/* The site's own files, after every report. */
	int (*site)(void *self);
	void (*close)(void *self);
};

extern const struct output output_charts, output_download, output_html, output_social;

#endif
