#include "download.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "format.h"
#include "output.h"
#include "site.h"
#include "sitemap.h"
#include "words.h"

#include <stdlib.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void csv_num(struct buf *b, int present, double v)
{
	char tmp[64];
	if (present) {
		model_format_plain(v, tmp, sizeof(tmp));
		buf_adds(b, tmp);
	}
	buf_addc(b, ',');
}

static void csv_word(struct buf *b, const char *w)
{
	buf_adds(b, w);
	buf_addc(b, ',');
}

/* Append the rows of one series to b, in the FORMATS.md columns.  A row's
 * figures (up to the plan) are the same in every report that shows it, so
 * their text is made once per build; the statistics change with each
 * report, but the mean and limits are one for each stretch of a series. */
void download_rows(struct download_cache *c, const struct model *m, const struct metric *mt,
		   const struct series *s, size_t from, size_t to, struct buf *b)
{
	const struct area *ar = &m->areas[s->area];
	const char *unit = model_unit_label(mt);
	char **cache;
	struct buf row, limits;
	double last[3] = { NAN, NAN, NAN };
	int last_has = -1;
	size_t k;

	if (!c->row_text)
		c->row_text = arena_alloc(c->a, (m->n_metrics + 1) * sizeof(*c->row_text));
	if (!c->row_text[mt->index])
		c->row_text[mt->index] = arena_alloc(c->a, (mt->n_obs + 1) * sizeof(char *));
	cache = c->row_text[mt->index];
	buf_init(&row);
	buf_init(&limits);
	for (k = from; k < to && k < s->n; k++) {
		const struct obs *o = &s->o[k];
		const struct point_stats *p = &s->ps[k];
		char **text = &cache[o - mt->obs];
		unsigned f = o->flags;

		if (!*text) {
			char slug[PERIOD_TEXT_MAX];
			buf_reset(&row);
			period_slug(&o->period, slug);
			buf_add_csv(&row, mt->id, strlen(mt->id));
			buf_addc(&row, ',');
			buf_add_csv(&row, ar->code, strlen(ar->code));
			buf_addc(&row, ',');
			buf_add_csv(&row, ar->name, strlen(ar->name));
			buf_addc(&row, ',');
			buf_adds(&row, slug);
			buf_addc(&row, ',');
			csv_num(&row, f & OBS_NUMERATOR, o->numerator);
			csv_num(&row, f & OBS_DENOMINATOR, o->denominator);
			csv_num(&row, f & OBS_VALUE, o->value);
			csv_num(&row, p->has_ci, p->lo);
			csv_num(&row, p->has_ci, p->hi);
			csv_num(&row, f & OBS_PLAN, o->plan);
			/* kept for the next report that shows it, up to a
			 * budget: memory stays bounded by the input */
			if (c->keep && c->row_text_bytes < DOWNLOAD_TEXT_BUDGET) {
				*text = arena_strndup(c->a, row.s, row.len);
				c->row_text_bytes += row.len + 1;
			}
		}
		if (*text)
			buf_adds(b, *text);
		else
			buf_add(b, row.s, row.len);
		if (p->spc.has_limits != last_has || (p->spc.has_limits && (p->spc.mean != last[0] ||
		    p->spc.lpl != last[1] || p->spc.upl != last[2]))) {
			buf_reset(&limits);
			csv_num(&limits, p->spc.has_limits, p->spc.mean);
			csv_num(&limits, p->spc.has_limits, p->spc.lpl);
			csv_num(&limits, p->spc.has_limits, p->spc.upl);
			last_has = p->spc.has_limits;
			last[0] = p->spc.mean;
			last[1] = p->spc.lpl;
			last[2] = p->spc.upl;
		}
		buf_add(b, limits.s, limits.len);
		csv_word(b, words_variation_code(p->spc.variation));
		csv_word(b, words_assurance_code(p->assurance));
		csv_word(b, words_comparison_code(p->cmp));
		if (f & OBS_SUPPRESSED)
			buf_adds(b, "suppressed");
		else if (!(f & OBS_VALUE))
			buf_adds(b, "missing");
		/* last, where a new column breaks no spreadsheet that
		 * reads the others by position */
		buf_addc(b, ',');
		buf_add_csv(b, unit, strlen(unit));
		buf_addc(b, '\n');
	}
	buf_release(&row);
	buf_release(&limits);
}

/* The rows of the download at path (all but its header) onto data_csv,
 * a piece at a time; -1 if it cannot be read or is not a download of ours. */
int download_append(const char *path, struct site_sink *data_csv)
{
	FILE *f = fopen(path, "rb");
	char piece[65536];
	size_t got, hl = strlen(DOWNLOAD_HEADER);
	int ok;

	if (!f)
		return -1;
	got = fread(piece, 1, sizeof(piece), f);
	ok = got >= hl && !memcmp(piece, DOWNLOAD_HEADER, hl);
	if (ok) {
		site_sink_add(data_csv, piece + hl, got - hl);
		while ((got = fread(piece, 1, sizeof(piece), f)) > 0)
			site_sink_add(data_csv, piece, got);
		ok = !ferror(f);
	}
	fclose(f);
	return ok ? 0 : -1;
}


/* ---- the output: each metric's download and the report's data.csv in
 * every report folder, holding what the pages show; and at the site's
 * root, every figure of every area as of the latest report (written with
 * the latest report's own files) */

struct downloads {
	const struct publish *p;
	struct arena a;			/* the row text kept */
	struct download_cache cache;
};

static void *downloads_open(const struct publish *p)
{
	struct downloads *d = calloc(1, sizeof(*d));
	if (!d)
		xoom();
	d->p = p;
	arena_init(&d->a);
	d->cache.a = &d->a;
	return d;
}

static void downloads_close(void *self)
{
	struct downloads *d = self;
	arena_release(&d->a);
	free(d);
}

static void downloads_files(void *self, struct arena *a, const struct place *pl, const struct report_metric *rm,
			    int with_page, const char **files, size_t *n)
{
	(void)self, (void)with_page;
	files[(*n)++] = arena_printf(a, "%s.csv", rm->mt->id);
	/* an area's page showing the home page's funnel plot links to its */
	if (rm->funnel && !(pl->slot && report_same_comparison(rm)))
		files[(*n)++] = arena_printf(a, "%s-compare.csv", rm->mt->id);
}

/* The next report this worker builds of pl's metric is the next of its
 * group: keep the rows' text. */
static void keep_rows(struct downloads *d, const struct place *pl)
{
	const struct sitemap *map = d->p->map;

	d->cache.keep = pl->q + 1 < map->n_quarters && map->group[pl->q + 1] == map->group[pl->q];
}

/* Order of code. */
static int tag_cmp(const void *x, const void *y)
{
	const struct report_bar *const *a = x, *const *b = y;
	return ((*a)->tag > (*b)->tag) - ((*a)->tag < (*b)->tag);
}

void download_metric(struct download_cache *c, const struct model *m, const struct report_metric *rm,
		     int compared, struct buf *b)
{
	const struct report_bar **by_code;
	struct arena a, scratch;	/* scratch: one area's series at a time */
	size_t i;

	download_rows(c, m, rm->mt, rm->home, 0, rm->home->n, b);
	if (rm->bench && rm->bench->area != rm->home->area)
		download_rows(c, m, rm->mt, rm->bench, 0, rm->bench->n, b);
	if (!compared || !rm->home->latest || rm->n_bars == 0)
		return;
	arena_init(&a);
	arena_init(&scratch);
	by_code = arena_alloc(&a, rm->n_bars * sizeof(*by_code));
	for (i = 0; i < rm->n_bars; i++)
		by_code[i] = &rm->bars[i];
	qsort(by_code, rm->n_bars, sizeof(*by_code), tag_cmp);
	for (i = 0; i < rm->n_bars; i++) {
		const struct series *s;
		const struct obs *o;
		if (by_code[i]->highlight)
			continue;	/* in its series above */
		s = report_area(rm->r, rm->mt, by_code[i]->area, &scratch);
		o = report_find(s, &rm->home->latest->period);
		if (o)
			download_rows(c, m, rm->mt, s, (size_t)(o - s->o), (size_t)(o - s->o) + 1, b);
		arena_reset(&scratch);
	}
	arena_release(&scratch);
	arena_release(&a);
}

/* The funnel plot's areas, one row each, in the order of the comparison
 * (highest first), with the limits at each one's denominator. */
static int compare_csv(struct downloads *d, const struct place *pl, const struct report_metric *rm, struct arena *a)
{
	const struct model *m = d->p->m;
	const struct report_funnel *f = rm->funnel;
	char slug[PERIOD_TEXT_MAX];
	struct site_sink csv;
	struct buf b;
	size_t i;

	if (site_sink_open(d->p->site, &csv, arena_printf(a, "%s/%s-compare.csv", pl->folder, rm->mt->id)) < 0)
		return -1;
	period_slug(&rm->home->latest->period, slug);
	buf_init(&b);
	buf_adds(&b, DOWNLOAD_COMPARE_HEADER);
	for (i = 0; i < f->n; i++) {
		const struct report_funnel_area *fa = &f->areas[i];
		const struct report_bar *bar = &rm->bars[fa->bar];
		const struct area *ar = &m->areas[bar->area];
		buf_add_csv(&b, ar->code, strlen(ar->code));
		buf_addc(&b, ',');
		buf_add_csv(&b, ar->name, strlen(ar->name));
		buf_addc(&b, ',');
		buf_adds(&b, slug);
		buf_addc(&b, ',');
		csv_num(&b, 1, fa->num);
		csv_num(&b, 1, fa->den);
		csv_num(&b, 1, bar->v);
		csv_num(&b, 1, f->target);
		csv_num(&b, 1, fa->lo95);
		csv_num(&b, 1, fa->hi95);
		csv_num(&b, 1, fa->lo998);
		csv_num(&b, 1, fa->hi998);
		buf_adds(&b, words_funnel_code(fa->side));
		buf_addc(&b, '\n');
	}
	site_sink_add(&csv, b.s, b.len);
	buf_release(&b);
	return site_sink_close(&csv);
}

static int downloads_metric(void *self, const struct place *pl, const struct report_metric *rm, enum made how,
			    const char *from, struct arena *a)
{
	struct downloads *d = self;
	const struct model *m = d->p->m;
	struct site_sink csv;
	struct buf b;
	int shared, rc;

	(void)from;
	if (how != MADE_NEW)
		return 0;
	/* an area's page that shows the home page's comparison links to the
	 * home report's downloads for it */
	shared = pl->slot && report_same_comparison(rm);
	if (rm->funnel && !shared && compare_csv(d, pl, rm, a) < 0)
		return -1;
	keep_rows(d, pl);
	if (site_sink_open(d->p->site, &csv, arena_printf(a, "%s/%s.csv", pl->folder, rm->mt->id)) < 0)
		return -1;
	site_sink_add(&csv, DOWNLOAD_HEADER, strlen(DOWNLOAD_HEADER));
	buf_init(&b);
	download_metric(&d->cache, m, rm, !shared, &b);
	site_sink_add(&csv, b.s, b.len);
	buf_release(&b);
	rc = site_sink_close(&csv);
	return rc;
}

/* The site's data.csv: every figure of every area, metric by metric in
 * catalogue order and area by area in order of code, with its statistics
 * as of the latest report, r (NULL: one is made here). */
static int root_csv(struct downloads *d, struct report *r)
{
	const struct model *m = d->p->m;
	const struct sitemap *map = d->p->map;
	struct download_cache cache = { 0 };
	struct arena a, scratch;
	struct site_sink csv;
	struct report own;
	struct buf b;
	size_t i, k;

	if (site_sink_open(d->p->site, &csv, "data.csv") < 0)
		return -1;
	site_sink_add(&csv, DOWNLOAD_HEADER, strlen(DOWNLOAD_HEADER));
	arena_init(&a);
	arena_init(&scratch);
	cache.a = &a;			/* keep is 0: no row text kept */
	if (!r) {
		unsigned char *keep = arena_alloc(&a, m->n_areas + 1);
		memset(keep, 0, m->n_areas + 1);
		report_init(&own, m, d->p->fig, map->area_order, keep, &map->quarters[map->n_quarters - 1]);
	}
	buf_init(&b);
	for (i = 0; i < m->n_metrics; i++)
		for (k = 0; k < m->n_areas; k++) {
			const struct series *s = report_area(r ? r : &own, &m->metrics[i], map->area_order[k], &scratch);
			buf_reset(&b);
			download_rows(&cache, m, &m->metrics[i], s, 0, s->n, &b);
			site_sink_add(&csv, b.s, b.len);
			arena_reset(&scratch);
		}
	buf_release(&b);
	if (!r)
		report_release(&own);
	arena_release(&scratch);
	arena_release(&a);
	return site_sink_close(&csv);
}

/* data.csv: every metric's download of the report, in catalogue order.
 * Report units run after every metric unit, so the downloads are in the
 * new site already (written by this build, or linked from the last):
 * their rows are copied, not made again. */
static int downloads_report(void *self, const struct place *pl, const struct report_metric *rms,
			    size_t n, int taken, struct arena *a)
{
	struct downloads *d = self;
	struct site_sink data_csv;
	size_t i;

	/* the latest report's worker writes the site's: its series are
	 * worked out already (with --all-areas, every area's) */
	if (!pl->slot && pl->q + 1 == d->p->map->n_quarters && root_csv(d, taken || !n ? NULL : rms[0].r) < 0)
		return -1;
	if (taken)
		return 0;
	if (site_sink_open(d->p->site, &data_csv, arena_printf(a, "%s/data.csv", pl->folder)) < 0)
		return -1;
	site_sink_add(&data_csv, DOWNLOAD_HEADER, strlen(DOWNLOAD_HEADER));
	for (i = 0; i < n; i++) {
		const char *csv = arena_printf(a, "%s/%s/%s.csv", d->p->site->tmp, pl->folder, rms[i].mt->id);
		errno = 0;
		if (download_append(csv, &data_csv) < 0) {
			diag_io(csv, "cannot read back", errno ? errno : EIO);
			site_sink_close(&data_csv);
			return -1;
		}
	}
	return site_sink_close(&data_csv);
}

const struct output output_download = {
	.name = "download",
	.open = downloads_open,
	.files = downloads_files,
	.metric = downloads_metric,
	.report = downloads_report,
	.close = downloads_close,
};
