#include "inputs.h"
#include "arena.h"
#include "fsread.h"
#include "hash.h"
#include "model.h"
#include "narrative.h"
#include "sitemap.h"

#include <string.h>
#include <sys/stat.h>

const char *const inputs_part_key[INPUTS_N_PARTS] = {
	"program", "look", "settings", "date", "areas", "page-titles", "metrics", "pages", "assets",
};

/* Everything every page depends on: program, templates and font (look,
 * from the outputs), settings, areas, standing pages, the date shown; each
 * part in in->part, and all of them as one hash. */
static uint64_t hash_common(struct inputs *in, struct arena *a, const struct model *m, const struct sitemap *map,
			    const struct narrative *nv, const char *metrics_dir, uint64_t look)
{
	uint64_t *p = in->part, h = HASH_INIT;
	size_t i;

	for (i = 0; i < INPUTS_N_PARTS; i++)
		p[i] = HASH_INIT;
	p[INPUTS_LOOK] = look;
	/* the program itself: a new bcfgen may draw or word things otherwise */
	hash_add_file(&p[INPUTS_PROGRAM], "/proc/self/exe");
	hash_add_file(&p[INPUTS_SETTINGS], arena_printf(a, "%s/site.ini", metrics_dir));
	hash_add_str(&p[INPUTS_DATE], map->generated);
	for (i = 0; i < m->n_areas; i++) {
		hash_add_str(&p[INPUTS_AREAS], m->areas[i].code);
		hash_add_str(&p[INPUTS_AREAS], m->areas[i].name);
		/* a peer group's members choose every comparison's bars */
		hash_add_str(&p[INPUTS_AREAS], m->peer && m->peer[i] ? "peer" : "");
	}
	for (i = 0; i < nv->n_pages; i++) {
		hash_add_str(&p[INPUTS_PAGE_TITLES], nv->pages[i].name);
		hash_add_str(&p[INPUTS_PAGE_TITLES], nv->pages[i].title);
	}
	for (i = 0; i < m->n_metrics; i++) {
		/* every page's navigation and every report's scorecard name
		 * the metrics */
		hash_add_str(&p[INPUTS_METRICS], m->metrics[i].id);
		hash_add_str(&p[INPUTS_METRICS], m->metrics[i].title);
	}
	for (i = 0; i < INPUTS_PAGES; i++)
		hash_add(&h, &p[i], sizeof(p[i]));
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

/* Page m of report q: what is its own, then with what every page shows. */
static void set_page(struct inputs *in, size_t q, size_t m, uint64_t own, uint64_t common)
{
	size_t k = q * (in->n_metrics + 1) + m;

	in->own[k] = own;
	hash_add(&common, &own, sizeof(own));
	in->hashes[k] = common;
}

/* The annotations of mt whose periods end by the month asof: those a
 * report to then may mark (areas' by index, stable for one model). */
static void hash_notes(uint64_t *h, const struct metric *mt, int asof)
{
	size_t i;

	for (i = 0; i < mt->n_notes; i++) {
		const struct annotation *an = &mt->notes[i];
		if (period_end_month(&an->period) > asof)
			break;
		hash_add(h, &an->area, sizeof(an->area));
		hash_add(h, &an->period, sizeof(an->period));
		hash_add_str(h, an->text);
	}
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
	in->own = arena_alloc(a, map->n_quarters * (md->n_metrics + 1) * sizeof(*in->own));
	in->intro = arena_alloc(a, (map->n_quarters + 1) * sizeof(*in->intro));
	for (q = 0; q < map->n_quarters; q++) {
		int asof = period_end_month(&map->quarters[q]);
		char slug[PERIOD_TEXT_MAX];
		uint64_t report = HASH_INIT;

		period_slug(&map->quarters[q], slug);
		hash_add_str(&report, slug);
		for (m = 0; m < md->n_metrics; m++) {
			const struct metric *mt = &md->metrics[m];
			uint64_t h = HASH_INIT;
			hash_add_str(&h, slug);
			/* its row in the catalogue, every cell of it */
			hash_add(&h, &mt->row_hash, sizeof(mt->row_hash));
			/* its annotations up to the report */
			hash_notes(&h, mt, asof);
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
			set_page(in, q, m, h, common);
			hash_add(&report, &h, sizeof(h));
		}
		in->intro[q] = HASH_INIT;
		narrative_hash(nv, &in->intro[q], slug, "index");
		hash_add(&report, &in->intro[q], sizeof(in->intro[q]));
		/* the report links to its neighbours */
		if (q > 0)
			hash_add(&report, &map->quarters[q - 1], sizeof(map->quarters[q - 1]));
		if (q + 1 < map->n_quarters)
			hash_add(&report, &map->quarters[q + 1], sizeof(map->quarters[q + 1]));
		set_page(in, q, md->n_metrics, report, common);
	}
}

/* h (of page m of report q) from slot's side */
static uint64_t from_slot(const struct inputs *in, const uint64_t *hashes, size_t slot, size_t q, size_t m)
{
	uint64_t h = hashes[q * (in->n_metrics + 1) + m];
	/* another area's report shows the same inputs from its side */
	if (in->slot_code[slot])
		hash_add_str(&h, in->slot_code[slot]);
	return h;
}

uint64_t inputs_page(const struct inputs *in, size_t slot, size_t q, size_t m)
{
	return from_slot(in, in->hashes, slot, q, m);
}

uint64_t inputs_own(const struct inputs *in, size_t slot, size_t q, size_t m)
{
	return from_slot(in, in->own, slot, q, m);
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
static uint64_t hash_site(struct inputs *in, struct arena *a, const struct sitemap *map,
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
		hash_add(&in->part[INPUTS_PAGES], nv->pages[q].src, nv->pages[q].len);
	h64_tree(&in->part[INPUTS_ASSETS], a, assets_dir);
	hash_add(&h, &in->part[INPUTS_PAGES], sizeof(in->part[INPUTS_PAGES]));
	hash_add(&h, &all_areas, sizeof(all_areas));
	hash_add(&h, &in->part[INPUTS_ASSETS], sizeof(in->part[INPUTS_ASSETS]));
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
	hash_reports(in, a, m, map, nv, hash_common(in, a, m, map, nv, metrics_dir, common));
	in->site = hash_site(in, a, map, nv, assets_dir, all_areas);
}
