#ifndef BCF_INPUTS_H
#define BCF_INPUTS_H
/* What each page is made from, as a hash, for incremental builds: a page
 * whose inputs hash as they did in the last build (manifest.h) is taken
 * from it.  Each report folder has a hash per metric (its page, charts
 * and download) and one for the report's own pages; every hash starts from
 * what every page shows (program, settings, areas, standing pages, the
 * date shown) and what each output says its files depend on. */
#include <stddef.h>
#include <stdint.h>

struct arena;
struct model;
struct narrative;
struct sitemap;

/* What every page shows, and what the site holds beside its reports, in
 * parts, so that a build can say which changed since the last.  Every page
 * shows the parts before INPUTS_PAGES. */
enum inputs_part {
	INPUTS_PROGRAM,			/* bcfgen itself */
	INPUTS_LOOK,			/* the outputs' own: templates, the charts' font */
	INPUTS_SETTINGS,		/* site.ini */
	INPUTS_DATE,			/* the date shown */
	INPUTS_AREAS,			/* areas' codes and names */
	INPUTS_PAGE_TITLES,		/* standing pages' names and titles (every footer) */
	INPUTS_METRICS,			/* metrics' ids and titles (every navigation) */
	INPUTS_PAGES,			/* the standing pages' text */
	INPUTS_ASSETS,			/* the assets folder */
	INPUTS_N_PARTS
};

/* Each part's name in the manifest: 'program', 'date', ... */
extern const char *const inputs_part_key[INPUTS_N_PARTS];

struct inputs {
	size_t n_metrics;
	uint64_t *hashes;		/* [q][m]; m == n_metrics: the report's own */
	uint64_t *own;			/* [q][m]: the same without what every page shows */
	uint64_t *intro;		/* [q]: the report's introduction (index.md) */
	const char *const *slot_code;	/* [slot]: NULL, or the area's code */
	uint64_t part[INPUTS_N_PARTS];	/* each part's hash */
	uint64_t site;			/* everything the site is made from */
};

/* The hashes of every page, before any is built: common is what every
 * page depends on beyond the model (the outputs' own inputs), assets_dir
 * the assets copied.  In a. */
void inputs_hash(struct inputs *in, struct arena *a, const struct model *m, const struct sitemap *map,
		 const struct narrative *nv, const char *metrics_dir, const char *assets_dir, int all_areas,
		 uint64_t common);
/* The hash of page m (n_metrics: the report's own) of report q of slot. */
uint64_t inputs_page(const struct inputs *in, size_t slot, size_t q, size_t m);
/* The same without the parts every page shows: what is the page's alone
 * (a metric's figures, catalogue row and commentary in that report).  The
 * page is unchanged when this and those parts are. */
uint64_t inputs_own(const struct inputs *in, size_t slot, size_t q, size_t m);

#endif
