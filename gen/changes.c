#include "changes.h"
#include "arena.h"
#include "manifest.h"
#include "model.h"
#include "sitemap.h"

#include <stdio.h>
#include <string.h>

/* Which parts of what every page shows changed.  A manifest without them
 * was written by a bcfgen from before they were recorded: the program
 * changed, and nothing else can be told. */
static int find_parts(struct changes *c, const struct manifest *mf, const struct inputs *in)
{
	uint64_t h;
	size_t k;

	if (!manifest_lookup(mf, "@common", inputs_part_key[INPUTS_PROGRAM], &h)) {
		c->parts[c->n_parts++] = INPUTS_PROGRAM;
		return -1;
	}
	for (k = 0; k < INPUTS_N_PARTS; k++)
		if (!manifest_lookup(mf, "@common", inputs_part_key[k], &h) || h != in->part[k])
			c->parts[c->n_parts++] = (enum inputs_part)k;
	c->every_page_same = c->n_parts == 0 || c->parts[0] >= INPUTS_PAGES;
	return 0;
}

void changes_find(struct changes *c, struct arena *a, const struct manifest *mf, const struct inputs *in,
		  const struct sitemap *map, const struct model *m)
{
	size_t q, slot, i, *count;
	uint64_t h;
	int known;

	memset(c, 0, sizeof(*c));
	if (!manifest_lookup(mf, "@site", "@all", &h)) {
		c->first = 1;
		return;
	}
	known = find_parts(c, mf, in) == 0;
	count = arena_alloc(a, (m->n_metrics + 1) * sizeof(*count));
	c->new_quarters = arena_alloc(a, (map->n_quarters + 1) * sizeof(*c->new_quarters));
	c->intros = arena_alloc(a, (map->n_quarters + 1) * sizeof(*c->intros));
	for (q = 0; q < map->n_quarters; q++) {
		char slug[PERIOD_TEXT_MAX], label[PERIOD_TEXT_MAX], dir[PERIOD_TEXT_MAX + 256];
		int home_new = 0;

		period_slug(&map->quarters[q], slug);
		period_label(&map->quarters[q], label);
		for (slot = 0; slot < map->n_slots; slot++) {
			snprintf(dir, sizeof(dir), "%s%s", map->slot_dir[slot], slug);
			if (!manifest_lookup(mf, dir, "@report", &h)) {
				c->n_new++;
				if (slot == 0)
					home_new = 1;
				else if (!home_new)
					c->n_new_elsewhere++;
				continue;
			}
			if (known && slot == 0 && (!manifest_lookup(mf, dir, "@intro", &h) || h != in->intro[q]))
				c->intros[c->n_intros++] = arena_strdup(a, label);
			for (i = 0; known && i < m->n_metrics; i++)
				if (!manifest_lookup(mf, dir, m->metrics[i].id, &h) || h != inputs_own(in, slot, q, i))
					count[i]++;
		}
		if (home_new)
			c->new_quarters[c->n_new_quarters++] = arena_strdup(a, label);
	}
	c->metrics = arena_alloc(a, (m->n_metrics + 1) * sizeof(*c->metrics));
	for (i = 0; i < m->n_metrics; i++)
		if (count[i]) {
			c->metrics[c->n_metrics].name = arena_strdup(a, m->metrics[i].short_title);
			c->metrics[c->n_metrics++].reports = count[i];
		}
}
