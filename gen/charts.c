/* The charts output: each metric's trend chart (SVG and PNG), its
 * sparkline for the scorecard, and the chart comparing every area; the
 * icons of the scorecard.  It turns the computed report into what the
 * chart library draws, and names the files. */
#include "output.h"
#include "arena.h"
#include "buf.h"
#include "chart.h"
#include "diag.h"
#include "format.h"
#include "hash.h"
#include "model.h"
#include "progress.h"
#include "report.h"
#include "site.h"
#include "sitemap.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>

struct charts {
	const struct publish *p;
};

static void *charts_open(const struct publish *p)
{
	struct charts *c = calloc(1, sizeof(*c));
	if (!c)
		xoom();
	c->p = p;
	return c;
}

static void charts_close(void *self)
{
	free(self);
	chart_cleanup();
}

/* The font files the charts are drawn in, as fontconfig finds them now:
 * another file under the same name draws other charts. */
static void charts_inputs(void *self, uint64_t *h)
{
	int bold;

	(void)self;
	for (bold = 0; bold < 2; bold++) {
		char *font = chart_font_file(bold);
		hash_add_str(h, font);
		if (font) {
			*strrchr(font, '#') = '\0';
			hash_add_file(h, font);
		}
		free(font);
	}
}

/* Whether a metric's page in pl has a card of its own: with base_url, on
 * the home area's side.  (With --all-areas another area's pages show
 * their report's card: one per area metric page would add as many again
 * as the home area's to a site of 150 areas.) */
static int metric_card(const struct charts *c, const struct place *pl)
{
	return *c->p->m->settings.base_url && pl->slot == 0;
}

static void charts_files(void *self, struct arena *a, const struct place *pl, const struct report_metric *rm,
			 int with_page, const char **files, size_t *n)
{
	const char *id = rm->mt->id;

	(void)with_page;
	files[(*n)++] = arena_printf(a, "%s.svg", id);
	files[(*n)++] = arena_printf(a, "%s.png", id);
	files[(*n)++] = arena_printf(a, "%s-narrow.svg", id);
	files[(*n)++] = arena_printf(a, "%s-trend.svg", id);
	if (metric_card(self, pl))
		files[(*n)++] = arena_printf(a, "%s-card.png", id);
	/* a comparison chart only where there is more than one area, and
	 * none where the page shows the home report's */
	if (rm->n_bars > 1 && report_compare_chart(rm) != REPORT_CHART_HOME) {
		files[(*n)++] = arena_printf(a, "%s-compare.svg", id);
		files[(*n)++] = arena_printf(a, "%s-compare.png", id);
		files[(*n)++] = arena_printf(a, "%s-compare-narrow.svg", id);
	}
}

/* A chart's numbers, as the metric writes them (decimals -1: its own). */
static void metric_number(const void *ctx, double v, int decimals, char *out, size_t size)
{
	struct metric m = *(const struct metric *)ctx;
	if (decimals >= 0)
		m.decimals = decimals;
	model_format_value(&m, v, out, size);
}

typedef int draw_fn(const void *chart, enum chart_format f, struct buf *out);

static int draw_trend(const void *ch, enum chart_format f, struct buf *out)
{
	return chart_trend(ch, f, out);
}

static int draw_comparison(const void *ch, enum chart_format f, struct buf *out)
{
	return chart_comparison(ch, f, out);
}

static int draw_funnel(const void *ch, enum chart_format f, struct buf *out)
{
	return chart_funnel(ch, f, out);
}

/* One drawing of chart, as f, into the file name; 0 or -1 (reported). */
static int write_one(struct site *site, const char *name, draw_fn *draw, const void *chart, enum chart_format f)
{
	struct buf b;
	int rc;

	buf_init(&b);
	rc = draw(chart, f, &b);
	rc |= site_write(site, name, b.s, b.len);
	buf_release(&b);
	return rc;
}

/* The PNG alone. */
static int write_png(struct site *site, struct arena *a, const char *stem, draw_fn *draw, const void *chart)
{
	return write_one(site, arena_printf(a, "%s.png", stem), draw, chart, CHART_PNG);
}

/* stem.svg and stem-narrow.svg (narrow: the same chart drawn for phones,
 * its flag set); for REPORT_CHART_TARGETS, the SVGs every area's page
 * shows, each area's marks under its code and none highlighted (the
 * caller draws the PNG with the home area highlighted). */
static int write_targets(struct site *site, struct arena *a, const char *stem, draw_fn *draw, const void *chart,
			 const void *narrow)
{
	int rc = write_one(site, arena_printf(a, "%s.svg", stem), draw, chart, CHART_SVG);

	return rc | write_one(site, arena_printf(a, "%s-narrow.svg", stem), draw, narrow, CHART_SVG);
}

/* stem.svg, stem.png and stem-narrow.svg. */
static int write_charts(struct site *site, struct arena *a, const char *stem, draw_fn *draw, const void *chart,
			const void *narrow)
{
	int rc = write_one(site, arena_printf(a, "%s.svg", stem), draw, chart, CHART_SVG);

	rc |= write_png(site, a, stem, draw, chart);
	return rc | write_one(site, arena_printf(a, "%s-narrow.svg", stem), draw, narrow, CHART_SVG);
}

/* The events marked on the trend chart, "Nov 2017: new discharge pathway";
 * in a. */
static struct chart_mark *trend_marks(struct arena *a, const struct report_metric *rm)
{
	struct chart_mark *mk = arena_alloc(a, (rm->n_notes + 1) * sizeof(*mk));
	size_t i;

	for (i = 0; i < rm->n_notes; i++) {
		mk[i].k = rm->notes[i].k;
		mk[i].text = arena_printf(a, "%s: %s", words_period_label(a, &rm->notes[i].an->period),
					  rm->notes[i].an->text);
	}
	return mk;
}

/* The trend chart of the home area with its process limits, its plan and
 * the benchmark, and the events marked on it, into *ch and *spc (in a). */
static void trend_chart(const struct charts *c, const struct place *pl, const struct report_metric *rm,
			struct arena *a, struct chart *ch, struct chart_spc *spc)
{
	const struct model *m = c->p->m;
	const struct metric *mt = rm->mt;
	const char *home_name = rm->area >= 0 ? m->areas[rm->area].name : "";
	const char **labels = arena_alloc(a, (rm->n + 1) * sizeof(*labels));
	size_t i;

	for (i = 0; i < rm->n; i++)
		labels[i] = words_period_label(a, &rm->axis[i]);
	memset(spc, 0, sizeof(*spc));
	spc->has = rm->has;
	spc->mean = rm->mean;
	spc->lpl = rm->lpl;
	spc->upl = rm->upl;
	spc->variation = rm->variation;
	spc->base_end = rm->base_end;
	spc->varying = mt->chart != METRIC_XMR;
	spc->note = words_spc_note(a, m, rm);
	memset(ch, 0, sizeof(*ch));
	ch->title = arena_printf(a, "%s, %s", mt->short_title, home_name);
	ch->subtitle = words_unit_sentence(a, mt);
	ch->labels = labels;
	ch->n = rm->n;
	ch->number = metric_number;
	ch->number_ctx = mt;
	ch->spc = spc;
	ch->file = arena_printf(a, "%s/%s.png", pl->folder, mt->id);
	ch->lines[ch->n_lines++] = (struct chart_line){ home_name, rm->value.v, rm->value.ok, rm->value.sup, CHART_HOME };
	if (rm->plan.any)
		ch->lines[ch->n_lines++] = (struct chart_line){ "Plan", rm->plan.v, rm->plan.ok, NULL, CHART_PLAN };
	if (rm->benchmark.any)
		ch->lines[ch->n_lines++] = (struct chart_line){ m->areas[m->benchmark].name, rm->benchmark.v,
								rm->benchmark.ok, NULL, CHART_BENCHMARK };
	ch->marks = trend_marks(a, rm);
	ch->n_marks = rm->n_notes;
}

/* The trend chart, wide, narrow and as PNG; its card where the pages
 * have social tags (base_url); then its sparkline. */
static int trend(const struct charts *c, const struct place *pl, const struct report_metric *rm, struct arena *a)
{
	const struct metric *mt = rm->mt;
	struct chart_spc spc;
	struct chart ch, narrow;
	struct buf b;
	int rc = 0;

	trend_chart(c, pl, rm, a, &ch, &spc);
	narrow = ch;
	narrow.narrow = 1;
	rc |= write_charts(c->p->site, a, arena_printf(a, "%s/%s", pl->folder, mt->id), draw_trend, &ch, &narrow);
	if (metric_card(c, pl)) {
		buf_init(&b);
		ch.file = arena_printf(a, "%s/%s-card.png", pl->folder, mt->id);
		rc |= chart_trend_card(&ch, &b);
		rc |= site_write(c->p->site, ch.file, b.s, b.len);
		buf_release(&b);
	}
	ch.spc = NULL;
	ch.n_marks = 0;
	buf_init(&b);
	rc |= chart_sparkline(&ch, &b);
	rc |= site_write(c->p->site, arena_printf(a, "%s/%s-trend.svg", pl->folder, mt->id), b.s, b.len);
	buf_release(&b);
	return rc;
}

/* "Rate per 100,000. Lower is better. Highest first; Trafford in bold.",
 * or with home_name NULL (the SVG every area's page shows): "...; the
 * area of this page outlined." */
static const char *compare_subtitle(struct arena *a, const struct chart_compare *cc, const struct metric *mt,
				    const char *home_name)
{
	if (!home_name)
		return arena_printf(a, "%s Highest first; the area of this page %s.", words_unit_sentence(a, mt),
				    chart_compare_ranked(cc) ? "marked" : "outlined");
	return arena_printf(a, "%s Highest first; %s %s.", words_unit_sentence(a, mt), home_name,
			    chart_compare_ranked(cc) ? "marked" : "in bold");
}

/* Every area's figure in the home area's latest period. */
static int comparison(const struct charts *c, const struct place *pl, const struct report_metric *rm,
		      struct arena *a)
{
	const struct model *m = c->p->m;
	const struct metric *mt = rm->mt;
	const char *home_name = rm->area >= 0 ? m->areas[rm->area].name : "";
	struct chart_bar *bars = arena_alloc(a, (rm->n_bars + 1) * sizeof(*bars));
	struct chart_compare cc, narrow;
	const char *stem = arena_printf(a, "%s/%s-compare", pl->folder, mt->id);
	size_t i;
	int rc;

	for (i = 0; i < rm->n_bars; i++) {
		const struct report_bar *r = &rm->bars[i];
		bars[i] = (struct chart_bar){ r->name, r->v, r->has_ci, r->lo, r->hi, r->highlight,
					      (int)r->tag, NULL };
	}
	memset(&cc, 0, sizeof(cc));
	cc.bars = bars;
	cc.n = rm->n_bars;
	cc.number = metric_number;
	cc.number_ctx = mt;
	cc.title = arena_printf(a, "%s in %s: %s%s", mt->short_title, words_period_label(a, &rm->home->latest->period),
				m->peer ? "compared with " : "", words_compare_areas(a, m, rm));
	if (rm->has_benchmark) {
		cc.has_benchmark = 1;
		cc.benchmark = rm->benchmark_value;
		cc.benchmark_name = words_benchmark(a, m, rm);
	}
	cc.file = arena_printf(a, "%s/%s-compare.png", pl->folder, mt->id);
	narrow = cc;
	narrow.narrow = 1;
	cc.subtitle = compare_subtitle(a, &cc, mt, home_name);
	narrow.subtitle = compare_subtitle(a, &narrow, mt, home_name);
	if (report_compare_chart(rm) != REPORT_CHART_TARGETS)
		return write_charts(c->p->site, a, stem, draw_comparison, &cc, &narrow);
	/* the PNG as above; the SVGs for every area's page */
	rc = write_png(c->p->site, a, stem, draw_comparison, &cc);
	for (i = 0; i < rm->n_bars; i++) {
		bars[i].highlight = 0;
		bars[i].id = report_area_fragment(m, rm->bars[i].area);
	}
	cc.subtitle = compare_subtitle(a, &cc, mt, NULL);
	narrow.subtitle = compare_subtitle(a, &narrow, mt, NULL);
	return rc | write_targets(c->p->site, a, stem, draw_comparison, &cc, &narrow);
}

/* The comparison as a funnel plot: each compared area with counts at its
 * denominator, the limits the report worked out. */
static int funnel(const struct charts *c, const struct place *pl, const struct report_metric *rm, struct arena *a)
{
	const struct metric *mt = rm->mt;
	const struct report_funnel *f = rm->funnel;
	struct chart_funnel_point *pts = arena_alloc(a, (f->n + 1) * sizeof(*pts));
	struct chart_funnel cf, narrow;
	const char *stem = arena_printf(a, "%s/%s-compare", pl->folder, mt->id);
	size_t i;
	int rc;

	for (i = 0; i < f->n; i++) {
		const struct report_bar *b = &rm->bars[f->areas[i].bar];
		pts[i] = (struct chart_funnel_point){ b->name, f->areas[i].den, b->v, f->areas[i].side, b->highlight,
						      NULL };
	}
	memset(&cf, 0, sizeof(cf));
	cf.title = arena_printf(a, "%s in %s: funnel plot of %zu areas", mt->short_title,
				words_period_label(a, &rm->home->latest->period), f->n);
	cf.subtitle = words_unit_sentence(a, mt);
	if (f->od.adjusted)
		cf.subtitle = arena_printf(a, "%s Limits widened for overdispersion (%s).", cf.subtitle,
					   f->od.method == FUNNEL_OD_MULTIPLICATIVE ? "multiplicative" : "random effects");
	cf.x_title = mt->unit == UNIT_RATE ? "Denominator: population"
					   : "Denominator: cases";
	cf.points = pts;
	cf.n = f->n;
	cf.target = f->target;
	cf.target_name = f->target_benchmark ? c->p->m->areas[c->p->m->benchmark].name : "pooled value of the areas";
	cf.cx = f->cx;
	cf.lo95 = f->lo95;
	cf.hi95 = f->hi95;
	cf.lo998 = f->lo998;
	cf.hi998 = f->hi998;
	cf.n_curve = f->n_curve;
	cf.number = metric_number;
	cf.number_ctx = mt;
	cf.file = arena_printf(a, "%s/%s-compare.png", pl->folder, mt->id);
	narrow = cf;
	narrow.narrow = 1;
	if (report_compare_chart(rm) != REPORT_CHART_TARGETS)
		return write_charts(c->p->site, a, stem, draw_funnel, &cf, &narrow);
	rc = write_png(c->p->site, a, stem, draw_funnel, &cf);
	for (i = 0; i < f->n; i++) {
		pts[i].highlight = 0;
		pts[i].id = report_area_fragment(c->p->m, rm->bars[f->areas[i].bar].area);
	}
	return rc | write_targets(c->p->site, a, stem, draw_funnel, &cf, &narrow);
}

static int charts_metric(void *self, const struct place *pl, const struct report_metric *rm, enum made how,
			 const char *from, struct arena *a)
{
	const struct charts *c = self;
	int rc = 0, own;

	(void)from;
	if (how != MADE_NEW)
		return 0;
	/* where the page shows the home report's comparison, none here */
	own = rm->n_bars > 1 && report_compare_chart(rm) != REPORT_CHART_HOME;
	rc |= trend(c, pl, rm, a);
	if (own && rm->funnel)
		rc |= funnel(c, pl, rm, a);
	else if (own)
		rc |= comparison(c, pl, rm, a);
	/* the SPC chart, its sparkline, the comparison chart: each SVG and PNG
	 * with its narrow SVG one chart */
	progress_add(c->p->prog, 0, 2 + own, 0);
	return rc ? -1 : 0;
}

/* A report folder's card (its pages' og:image, with base_url): the
 * report's name over a small trend of each metric, in the scorecard's
 * order, its latest figure above it. */
static int charts_report(void *self, const struct place *pl, const struct report_metric *rms, size_t n, int taken,
			 struct arena *a)
{
	const struct charts *c = self;
	const struct model *m = c->p->m;
	struct chart *tiles;
	struct chart_spc spc;
	const char *file, *title;
	struct buf b;
	size_t i;
	int rc;

	if (taken || !*m->settings.base_url)
		return 0;
	tiles = arena_alloc(a, (n + 1) * sizeof(*tiles));
	for (i = 0; i < n; i++) {
		trend_chart(c, pl, &rms[i], a, &tiles[i], &spc);
		tiles[i].spc = NULL;
		tiles[i].title = rms[i].mt->short_title;
	}
	file = arena_printf(a, "%s/card.png", pl->folder);
	title = arena_printf(a, "%s report: %s", words_period_label(a, &c->p->map->quarters[pl->q]),
			     pl->area >= 0 ? m->areas[pl->area].name : m->settings.title);
	buf_init(&b);
	rc = chart_card_grid(title, "Each metric's trend to the end of the quarter, on a scale of its own; its latest "
			     "figure above it.", tiles, n, file, &b);
	if (rc == 0)
		rc = site_write(c->p->site, file, b.s, b.len);
	buf_release(&b);
	progress_add(c->p->prog, 0, 1, 0);
	return rc ? -1 : 0;
}

/* How each icon the words name is drawn. */
static const struct chart_icon icon_looks[ICON_COUNT] = {
	[ICON_COMMON] = { CHART_ICON_COMMON, "", 0, 1 },
	[ICON_IMPROVEMENT_HIGH] = { CHART_ICON_IMPROVEMENT, "H", 1, 0 },
	[ICON_IMPROVEMENT_LOW] = { CHART_ICON_IMPROVEMENT, "L", -1, 0 },
	[ICON_CONCERN_HIGH] = { CHART_ICON_CONCERN, "H", 1, 0 },
	[ICON_CONCERN_LOW] = { CHART_ICON_CONCERN, "L", -1, 0 },
	[ICON_NEITHER_HIGH] = { CHART_ICON_NEITHER, "H", 1, 0 },
	[ICON_NEITHER_LOW] = { CHART_ICON_NEITHER, "L", -1, 0 },
	[ICON_PASS] = { CHART_ICON_IMPROVEMENT, "P", 0, 0 },
	[ICON_FAIL] = { CHART_ICON_CONCERN, "F", 0, 0 },
	[ICON_HIT_AND_MISS] = { CHART_ICON_COMMON, "?", 0, 0 },
};

/* The icons of variation and assurance the scorecards show. */
static int charts_site(void *self)
{
	const struct charts *c = self;
	struct arena a;
	size_t i;
	int rc = 0;

	arena_init(&a);
	for (i = 0; i < ICON_COUNT && rc == 0; i++) {
		struct buf b;
		buf_init(&b);
		rc = chart_icon(&icon_looks[i], words_icons[i], &b);
		if (rc == 0)
			rc = site_write(c->p->site, arena_printf(&a, "assets/icons/%s.svg", words_icons[i]), b.s,
					b.len);
		buf_release(&b);
	}
	arena_release(&a);
	return rc;
}

const struct output output_charts = {
	.name = "charts",
	.open = charts_open,
	.inputs = charts_inputs,
	.files = charts_files,
	.metric = charts_metric,
	.report = charts_report,
	.site = charts_site,
	.close = charts_close,
};
