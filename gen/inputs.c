#include "inputs.h"
#include "arena.h"
#include "fsread.h"
#include "hash.h"
#include "model.h"
#include "narrative.h"
#include "sitemap.h"

#include <string.h>
#include <sys/stat.h>

/* Everything every page depends on: program, templates, settings, areas,
 * standing pages, the date shown. */
static uint64_t hash_common(struct arena *a, const struct model *m, const struct sitemap *map,
			    const struct narrative *nv, const char *metrics_dir, uint64_t h)
{
	size_t i;

	/* the program itself: a new bcfgen may draw or word things otherwise */
	hash_add_file(&h, "/proc/self/exe");
	hash_add_file(&h, arena_printf(a, "%s/site.ini", metrics_dir));
	hash_add_str(&h, map->generated);
	for (i = 0; i < m->n_areas; i++) {
		hash_add_str(&h, m->areas[i].code);
		hash_add_str(&h, m->areas[i].name);
	}
	for (i = 0; i < nv->n_pages; i++) {
		hash_add_str(&h, nv->pages[i].name);
		hash_add_str(&h, nv->pages[i].title);
	}
	for (i = 0; i < m->n_metrics; i++) {
		/* every page's navigation and every report's scorecard name
		 * the metrics */
		hash_add_str(&h, m->metrics[i].id);
		hash_add_str(&h, m->metrics[i].title);
	}
	return h;
}

/* Every field of a figure but where it came from (path, line and column)
 * and the decimals it was given with (used only to check it). */
_Static_assert(sizeof(struct obs) == 96 || sizeof(void *) != 8,
	       "struct obs has changed: hash the new field in h64_obs");
static void h64_obs(uint64_t *h, const struct obs *o)
{
	hash_add(h, &o->period, sizeof(o->period));
	hash_add(h, &o->flags, sizeof(o->flags));
	if (o->flags & OBS_VALUE)
		hash_add(h, &o->value, sizeof(o->value));
	if (o->flags & OBS_NUMERATOR)
		hash_add(h, &o->numerator, sizeof(o->numerator));
	if (o->flags & OBS_DENOMINATOR)
		hash_add(h, &o->denominator, sizeof(o->denominator));
	if (o->flags & OBS_PLAN)
		hash_add(h, &o->plan, sizeof(o->plan));
	if (o->flags & OBS_CI) {
		hash_add(h, &o->lower_ci, sizeof(o->lower_ci));
		hash_add(h, &o->upper_ci, sizeof(o->upper_ci));
	}
	hash_add_str(h, o->note);
}

/* The inputs of every report and metric page, before any is built. */
static void hash_reports(struct inputs *in, struct arena *a, const struct model *md, const struct sitemap *map,
			 const struct narrative *nv, uint64_t common)
{
	size_t q, m, k, n;
	int ar;

	size_t cells = md->n_metrics * md->n_areas + 1;
	size_t *seen = arena_alloc(a, cells * sizeof(*seen));
	uint64_t *prefix = arena_alloc(a, cells * sizeof(*prefix));

	for (k = 0; k < cells; k++) {
		seen[k] = 0;
		prefix[k] = HASH_INIT;
	}
	in->hashes = arena_alloc(a, map->n_quarters * (md->n_metrics + 1) * sizeof(*in->hashes));
	for (q = 0; q < map->n_quarters; q++) {
		int asof = period_end_month(&map->quarters[q]);
		char slug[PERIOD_TEXT_MAX];
		uint64_t report = common;

		period_slug(&map->quarters[q], slug);
		hash_add_str(&report, slug);
		for (m = 0; m < md->n_metrics; m++) {
			const struct metric *mt = &md->metrics[m];
			uint64_t h = common;
			hash_add_str(&h, slug);
			/* its row in the catalogue, every cell of it */
			hash_add(&h, &mt->row_hash, sizeof(mt->row_hash));
			/* each area's figures up to the report, hashed as they
			 * come into view, report by report */
			for (ar = 0; ar < (int)md->n_areas; ar++) {
				size_t *at = &seen[m * md->n_areas + (size_t)ar];
				uint64_t *ph = &prefix[m * md->n_areas + (size_t)ar];
				const struct obs *o = model_series(mt, ar, asof, &n);
				for (; *at < n; (*at)++)
					h64_obs(ph, &o[*at]);
				hash_add(&h, &ar, sizeof(ar));
				hash_add(&h, &n, sizeof(n));
				hash_add(&h, ph, sizeof(*ph));
			}
			narrative_hash(nv, &h, slug, mt->id);
			in->hashes[q * (md->n_metrics + 1) + m] = h;
			hash_add(&report, &h, sizeof(h));
		}
		narrative_hash(nv, &report, slug, "index");
		/* the report links to its neighbours */
		if (q > 0)
			hash_add(&report, &map->quarters[q - 1], sizeof(map->quarters[q - 1]));
		if (q + 1 < map->n_quarters)
			hash_add(&report, &map->quarters[q + 1], sizeof(map->quarters[q + 1]));
		in->hashes[q * (md->n_metrics + 1) + md->n_metrics] = report;
	}
}

uint64_t inputs_page(const struct inputs *in, size_t slot, size_t q, size_t m)
{
	uint64_t h = in->hashes[q * (in->n_metrics + 1) + m];
	/* another area's report shows the same inputs from its side */
	if (in->slot_code[slot])
		hash_add_str(&h, in->slot_code[slot]);
	return h;
}

/* A folder's files, names and contents, in name order, recursively. */
static void h64_tree(uint64_t *h, struct arena *a, const char *dir)
{
	size_t n, i;
	char **names = fs_list(a, dir, 0, &n);

	for (i = 0; i < n; i++) {
		const char *path = arena_printf(a, "%s/%s", dir, names[i]);
		struct stat st;
		hash_add_str(h, names[i]);
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			h64_tree(h, a, path);
		else
			hash_add_file(h, path);
	}
}

/* Everything the site is made from: every page's inputs, the standing
 * pages, the assets, what is built.  The same as the last build's: there
 * is nothing to do. */
static uint64_t hash_site(const struct inputs *in, struct arena *a, const struct sitemap *map,
			  const struct narrative *nv, const char *assets_dir, int all_areas)
{
	uint64_t h = HASH_INIT;
	size_t slot, q, m;

	for (slot = 0; slot < map->n_slots; slot++) {
		hash_add_str(&h, map->slot_dir[slot]);
		for (q = 0; q < map->n_quarters; q++)
			for (m = 0; m <= in->n_metrics; m++) {
				uint64_t p = inputs_page(in, slot, q, m);
				hash_add(&h, &p, sizeof(p));
			}
	}
	for (q = 0; q < nv->n_pages; q++)
		hash_add(&h, nv->pages[q].src, nv->pages[q].len);
	hash_add(&h, &all_areas, sizeof(all_areas));
	h64_tree(&h, a, assets_dir);
	return h;
}

void inputs_hash(struct inputs *in, struct arena *a, const struct model *m, const struct sitemap *map,
		 const struct narrative *nv, const char *metrics_dir, const char *assets_dir, int all_areas,
		 uint64_t common)
{
	const char **code = arena_alloc(a, (map->n_slots + 1) * sizeof(*code));
	size_t slot;

	for (slot = 1; slot < map->n_slots; slot++)
		code[slot] = m->areas[map->slot_area[slot]].code;
	in->n_metrics = m->n_metrics;
	in->slot_code = code;
	hash_reports(in, a, m, map, nv, hash_common(a, m, map, nv, metrics_dir, common));
	in->site = hash_site(in, a, map, nv, assets_dir, all_areas);
}
