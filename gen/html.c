/* The pages output: every HTML page, from Mustache templates and view
 * models made of the computed report: each metric's page and scorecard
 * row, each report's scorecard and its whole-report page for printing, the
 * list of reports, the list of areas, the standing pages. */
#include "output.h"
#include "arena.h"
#include "buf.h"
#include "chart.h"
#include "diag.h"
#include "format.h"
#include "fsread.h"
#include "hash.h"
#include "input.h"
#include "markdown.h"
#include "model.h"
#include "narrative.h"
#include "progress.h"
#include "report.h"
#include "site.h"
#include "sitemap.h"
#include "tmpl.h"
#include "words.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Templates every build needs; each page extends "layout". */
static const char *const page_templates[] = { "layout", "index", "report", "metric", "page", "print", "areas", NULL };

struct loaded {
	char *name, *src;
	size_t len;
};

struct html {
	const struct publish *p;
	struct arena a;			/* templates' names and paths */
	struct tmpl_env env;
	struct loaded *tpl;
	size_t n_tpl, cap_tpl;
};

/* ---- templates ---- */

static const char *load_template(void *closure, const char *name, size_t len, size_t *out_len)
{
	struct html *c = closure;
	size_t i;
	char *path;

	for (i = 0; i < c->n_tpl; i++)
		if (strlen(c->tpl[i].name) == len && !memcmp(c->tpl[i].name, name, len)) {
			*out_len = c->tpl[i].len;
			return c->tpl[i].src;
		}
	if (!model_valid_id(name, len)) {
		diag_error(c->p->templates_dir, 0, 0,
			   "template name '%.*s' is not a safe name: expected a-z, 0-9, '_' and '-'",
			   (int)(len > 64 ? 64 : len), name);
		return NULL;
	}
	path = arena_printf(&c->a, "%s/%.*s.mustache", c->p->templates_dir, (int)len, name);
	c->tpl = arena_grow(&c->a, c->tpl, sizeof(*c->tpl), &c->cap_tpl, c->n_tpl + 1);
	c->tpl[c->n_tpl].name = arena_strndup(&c->a, name, len);
	c->tpl[c->n_tpl].src = input_read(c->p->templates_dir, path, 1u << 22, &c->tpl[c->n_tpl].len);
	if (!c->tpl[c->n_tpl].src) {
		if (errno == ENOENT)
			diag_io(path, "cannot read template", errno);
		return NULL;
	}
	*out_len = c->tpl[c->n_tpl].len;
	return c->tpl[c->n_tpl++].src;
}

static void free_templates(struct html *c)
{
	size_t i;
	for (i = 0; i < c->n_tpl; i++)
		free(c->tpl[i].src);
	c->n_tpl = 0;
}

static int check_templates(struct html *c)
{
	int i, rc = 0;
	for (i = 0; page_templates[i]; i++) {
		size_t len;
		const char *src = load_template(c, page_templates[i], strlen(page_templates[i]), &len);
		if (!src) {
			rc = -1;
			continue;
		}
		if (tmpl_check(&c->env, arena_printf(&c->a, "%s/%s.mustache", c->p->templates_dir,
						     page_templates[i]), src, len) < 0)
			rc = -1;
	}
	return rc;
}

/* Render template name with data and write it to rel in the site. */
static int write_page(struct html *c, const char *name, const struct tv *data, const char *rel)
{
	size_t len;
	const char *src = load_template(c, name, strlen(name), &len);
	struct buf out;
	char path[512];
	int rc;

	if (!src)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.mustache", c->p->templates_dir, name);
	buf_init(&out);
	rc = tmpl_render(&c->env, path, src, len, data, &out);
	if (rc == 0)
		rc = site_write(c->p->site, rel, out.s, out.len);
	buf_release(&out);
	return rc;
}

/* ---- what every page has ---- */

static struct tv *markdown_tv(struct arena *a, const char *src, size_t len, int top)
{
	struct buf b;
	struct tv *v;
	buf_init(&b);
	markdown_render(src, len, top, &b);
	v = tv_strn(a, b.s, b.len);
	buf_release(&b);
	return v;
}

static struct tv *page_base(struct html *c, struct arena *a, const char *root, const char *title)
{
	struct tv *d = tv_map(a), *site = tv_map(a), *pages = tv_list(a);
	size_t i;

	tv_set_str(a, site, "title", c->p->m->settings.title);
	tv_set_str(a, site, "organisation", c->p->m->settings.organisation);
	tv_set_str(a, site, "notice", c->p->m->settings.notice);
	tv_set_str(a, site, "generated", c->p->map->generated);
	tv_set(a, d, "site", site);
	tv_set_str(a, d, "root", root);
	tv_set_str(a, d, "page_title", title);
	for (i = 0; i < c->p->nv->n_pages; i++) {
		struct tv *p = tv_push(a, pages, tv_map(a));
		tv_set_str(a, p, "href", arena_printf(a, "%s%s.html", root, c->p->nv->pages[i].name));
		tv_set_str(a, p, "title", c->p->nv->pages[i].title);
	}
	tv_set(a, d, "pages", pages);
	tv_set(a, d, "breadcrumbs", tv_list(a));
	return d;
}

static void crumb(struct arena *a, struct tv *d, const char *href, const char *label)
{
	struct tv *b = tv_push(a, tv_get(d, "breadcrumbs", 11), tv_map(a));
	tv_set_str(a, b, "href", href);
	tv_set_str(a, b, "label", label);
}

/* The tags that say where the page lives and what other sites show of it
 * (canonical, the feed, Open Graph), as "meta" in d; only with base_url.
 * rel: the page's path in the site; image: its card's (charts.c draws
 * it, CHART_CARD_WIDTH x CHART_CARD_HEIGHT); type: "website" or
 * "article". */
static void social_tags(const struct html *c, struct arena *a, struct tv *d, const char *rel, const char *type,
			const char *description, const char *image, const char *image_alt)
{
	const struct settings *st = &c->p->m->settings;
	struct tv *t;

	if (!*st->base_url)
		return;
	t = tv_set(a, d, "meta", tv_map(a));
	tv_set_str(a, t, "url", arena_printf(a, "%s%s", st->base_url, rel));
	tv_set_str(a, t, "feed", arena_printf(a, "%sfeed.xml", st->base_url));
	tv_set_str(a, t, "type", type);
	tv_set_str(a, t, "description", description);
	tv_set_str(a, t, "image", arena_printf(a, "%s%s", st->base_url, image));
	tv_set_str(a, t, "image_alt", image_alt);
	tv_set(a, t, "image_width", tv_num(a, CHART_CARD_WIDTH));
	tv_set(a, t, "image_height", tv_num(a, CHART_CARD_HEIGHT));
}

/* The card of the home area's latest report, which the site's own pages
 * show as theirs: the home page lists those reports, latest first. */
static const char *latest_card(const struct html *c, struct arena *a, const char *dir)
{
	const struct sitemap *map = c->p->map;

	return arena_printf(a, "%s%s/card.png", dir, words_period_slug(a, &map->quarters[map->n_quarters - 1]));
}

/* The alternative text of the card of the report in pl (charts_report
 * draws it, under the same title). */
static const char *card_alt(const struct html *c, struct arena *a, const struct place *pl, size_t n)
{
	const struct model *m = c->p->m;

	return arena_printf(a, "%s report: %s. A small chart of the trend of each of its %zu metrics, with its "
			    "latest figure.", words_period_label(a, &c->p->map->quarters[pl->q]),
			    pl->area >= 0 ? m->areas[pl->area].name : m->settings.title, n);
}

/* "2018-19 Q2 report", and whose when it is another area's. */
static const char *report_title(const struct html *c, struct arena *a, const struct place *pl)
{
	const struct period *q = &c->p->map->quarters[pl->q];
	if (pl->slot)
		return arena_printf(a, "%s report: %s", words_period_label(a, q), c->p->m->areas[pl->area].name);
	return arena_printf(a, "%s report", words_period_label(a, q));
}

/* The alternative text of the card of slot's latest report. */
static const char *latest_alt(const struct html *c, struct arena *a, size_t slot)
{
	struct place pl;

	memset(&pl, 0, sizeof(pl));
	pl.q = c->p->map->n_quarters - 1;
	pl.slot = slot;
	pl.area = c->p->map->slot_area[slot];
	return card_alt(c, a, &pl, c->p->m->n_metrics);
}

/* The breadcrumbs above a report: the list of reports it belongs to. */
static void top_crumbs(const struct html *c, struct arena *a, const struct place *pl, struct tv *d)
{
	if (!pl->slot) {
		crumb(a, d, "../index.html", "All reports");
		return;
	}
	crumb(a, d, "../../index.html", "Every area");
	crumb(a, d, "../index.html", c->p->m->areas[pl->area].name);
}

/* ---- one metric of a report ---- */

/* The figures a metric's table shows in the board pack (print.html): its
 * full table is on its page and in its CSV. */
#define PRINT_ROWS 8

/* Its row in the report's scorecard (also what its page says of it). */
static struct tv *scorecard_row(const struct html *c, struct arena *a, const struct report_metric *rm)
{
	const struct model *m = c->p->m;
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home;
	const struct point_stats *lp = rm->lp;
	struct tv *t = tv_map(a);
	const char *icon;

	tv_set_str(a, t, "id", mt->id);
	tv_set_str(a, t, "href", arena_printf(a, "%s.html", mt->id));
	tv_set_str(a, t, "title", mt->title);
	tv_set_str(a, t, "short_title", mt->short_title);
	tv_set_str(a, t, "unit", model_unit_label(mt));
	tv_set_str(a, t, "progress", words_progress(&m->settings, rm->progress));
	tv_set_str(a, t, "progress_class", words_progress_class(rm->progress));
	tv_set_str(a, t, "direction", words_direction(rm->direction));
	tv_set_str(a, t, "direction_class", rm->direction == DIRECTION_BETTER ? "better"
					    : rm->direction == DIRECTION_WORSE ? "worse" : "neutral");
	tv_set_str(a, t, "trend_src", arena_printf(a, "%s-trend.svg", mt->id));
	if (home->latest) {
		tv_set_str(a, t, "value", words_cell(a, mt, home->latest));
		tv_set_str(a, t, "period", words_period_label(a, &home->latest->period));
		if (home->latest->flags & OBS_PLAN) {
			tv_set_str(a, t, "plan", words_value(a, mt, home->latest->plan));
			if (home->latest->flags & OBS_VALUE)
				tv_set_str(a, t, "diff", words_plan_diff(a, mt, home->latest->value, home->latest->plan));
		}
	}
	if (home->prev && (home->prev->flags & OBS_VALUE))
		tv_set_str(a, t, "prev", arena_printf(a, "from %s in %s", words_value(a, mt, home->prev->value),
						      words_period_label(a, &home->prev->period)));
	else if (home->prev)
		tv_set_str(a, t, "prev", arena_printf(a, "the %s figure was suppressed",
						      words_period_label(a, &home->prev->period)));
	tv_set_str(a, t, "trend_alt", words_spark_alt(a, mt, home));
	/* out of date: said so; the variation is what it was then; no forecast */
	if (rm->out_of_date)
		tv_set_str(a, t, "out_of_date", words_out_of_date(a, rm));
	if (lp && (icon = words_variation_icon(&lp->spc))) {
		tv_set_str(a, t, "variation_icon", icon);
		tv_set_str(a, t, "variation", rm->out_of_date ? arena_printf(a, "%s (as of %s)", words_variation(&lp->spc),
									  words_period_label(a, &home->latest->period))
							     : words_variation(&lp->spc));
	} else if (home->latest && !(home->latest->flags & OBS_VALUE)) {
		tv_set_str(a, t, "variation_none", "Not judged: the latest period has no figure");
	} else if (home->latest) {
		tv_set_str(a, t, "variation_none", "Too few figures to judge variation");
	}
	if (rm->out_of_date) {
		tv_set_str(a, t, "assurance_none", m->settings.out_of_date);
	} else if (lp && (icon = words_assurance_icon(lp->assurance))) {
		tv_set_str(a, t, "assurance_icon", icon);
		tv_set_str(a, t, "assurance", words_assurance(lp->assurance));
	} else {
		tv_set_str(a, t, "assurance_none",
			   !home->latest || !(home->latest->flags & OBS_PLAN) ? "No plan to assure"
			   : mt->polarity == POLARITY_NEUTRAL ? "Not assessed: neither direction is better"
							       : "Too few figures to assure the plan");
	}
	/* an out-of-date figure's comparison is as true as it was, then */
	if (lp && words_comparison(lp->cmp)) {
		tv_set_str(a, t, "comparison", arena_printf(a, "%c%s %s%s", toupper((unsigned char)words_comparison(lp->cmp)[0]),
							    words_comparison(lp->cmp) + 1, m->areas[m->benchmark].name,
							    rm->out_of_date ? arena_printf(a, " (as of %s)",
								words_period_label(a, &home->latest->period)) : ""));
		tv_set_str(a, t, "comparison_class", words_comparison_code(lp->cmp));
	}
	return t;
}

/* Whether a line has a gap: no figure, or a withheld one, between its
 * first figure and its last. */
static int line_has_gaps(const struct report_line *ln, size_t n)
{
	size_t k, first = n, last = 0;

	for (k = 0; k < n; k++)
		if (ln->ok[k]) {
			first = k < first ? k : first;
			last = k;
		}
	for (k = first; k < last; k++)
		if (!ln->ok[k])
			return 1;
	return 0;
}

/* The table of the home area's figures, latest first. */
static void figure_rows(struct arena *a, struct tv *d, const struct report_metric *rm)
{
	static const struct metric count = { .unit = UNIT_COUNT, .decimals = 0 };
	const struct metric *mt = rm->mt;
	const struct series *home = rm->home;
	const struct point_stats *lp = rm->lp;
	struct tv *rows = tv_list(a), *recent = tv_list(a);
	size_t i;
	int any_ci = 0;

	for (i = home->n; i-- > 0;) {
		const struct obs *o = &home->o[i];
		const struct point_stats *p = &home->ps[i];
		struct tv *r = tv_push(a, rows, tv_map(a));
		/* the board pack's table: the latest few */
		if (home->n - i <= PRINT_ROWS)
			tv_push(a, recent, r);
		tv_set_str(a, r, "period", words_period_label(a, &o->period));
		tv_set_str(a, r, "value", words_cell(a, mt, o));
		if (o->flags & OBS_NUMERATOR)
			tv_set_str(a, r, "numerator", words_value(a, &count, o->numerator));
		if (o->flags & OBS_DENOMINATOR)
			tv_set_str(a, r, "denominator", words_value(a, &count, o->denominator));
		if (p->has_ci)
			tv_set_str(a, r, "ci", arena_printf(a, "%s to %s", words_value(a, mt, p->lo), words_value(a, mt, p->hi)));
		if (o->flags & OBS_PLAN)
			tv_set_str(a, r, "plan", words_value(a, mt, o->plan));
		if (p->spc.variation != SPC_NONE)
			tv_set_str(a, r, "variation", p->spc.variation == SPC_COMMON ? "Common cause"
						      : p->spc.variation == SPC_IMPROVEMENT ? "Improvement"
						      : p->spc.variation == SPC_CONCERN ? "Concern" : "Special cause");
		if (o->note && *o->note)
			tv_set_str(a, r, "note", o->note);
	}
	tv_set(a, d, "rows", rows);
	tv_set_bool(a, d, "has_gaps", line_has_gaps(&rm->value, rm->n));
	tv_set(a, d, "recent_rows", recent);
	tv_set_str(a, d, "recent_count", home->n > PRINT_ROWS ? arena_printf(a, "latest %d of %zu figures", PRINT_ROWS, home->n)
						       : "latest first");
	tv_set_bool(a, d, "has_numerator", home->n && home->o[0].flags & OBS_NUMERATOR);
	for (i = 0; i < home->n; i++)
		any_ci |= home->ps[i].has_ci;
	tv_set_bool(a, d, "has_ci", any_ci);
	if (lp && lp->spc.has_limits) {
		tv_set_str(a, d, "spc_mean", words_value(a, mt, lp->spc.mean));
		tv_set_str(a, d, "spc_lpl", words_value(a, mt, lp->spc.lpl));
		tv_set_str(a, d, "spc_upl", words_value(a, mt, lp->spc.upl));
	}
}

/* Whether the limits' fixed baseline ends on rm's chart. */
static int rm_base_end(const struct report_metric *rm)
{
	size_t k;

	for (k = 0; rm->base_end && k < rm->n; k++)
		if (rm->base_end[k])
			return 1;
	return 0;
}

/* Whom the comparison chart shows, after its period: 'for 12 areas', or
 * 'compared with Statistical neighbours (15 areas)'. */
static const char *compare_whom(struct arena *a, const struct model *m, const struct report_metric *rm)
{
	if (m->peer)
		return arena_printf(a, "compared with %s", words_compare_areas(a, m, rm));
	return arena_printf(a, "for %zu areas", rm->n_bars);
}

/* Denominators as the pages write them: whole numbers. */
static const struct metric count_metric = { .unit = UNIT_COUNT, .decimals = 0 };

/* Where the compared areas' figures are downloaded from, as the page of rm
 * in folder pl links them: "" for its own folder's download, or the home
 * report's of the same quarter when the comparison is the same. */
static const char *compare_dir(struct arena *a, const struct place *pl, const struct report_metric *rm)
{
	return pl->slot && report_same_comparison(rm) ? arena_printf(a, "%s%s/", pl->root, pl->slug) : "";
}

/* The comparison chart's files as the page of rm in folder pl links them:
 * its own folder's, or the home report's of the same quarter; with the
 * page's area as the fragment where the SVG marks every area by code.
 * (report_compare_chart decides which.) */
static void compare_files(struct arena *a, struct tv *d, const struct place *pl, const struct report_metric *rm)
{
	const char *id = rm->mt->id, *dir = "", *frag = "";

	switch (report_compare_chart(rm)) {
	case REPORT_CHART_HOME:
		dir = arena_printf(a, "%s%s/", pl->root, pl->slug);
		/* fall through */
	case REPORT_CHART_TARGETS:
		frag = arena_printf(a, "#%s", report_area_fragment(rm->r->m, rm->area));
		break;
	case REPORT_CHART_OWN:
		break;
	}
	tv_set_str(a, d, "compare_svg", arena_printf(a, "%s%s-compare.svg%s", dir, id, frag));
	tv_set_str(a, d, "compare_narrow", arena_printf(a, "%s%s-compare-narrow.svg%s", dir, id, frag));
	tv_set_str(a, d, "compare_png", arena_printf(a, "%s%s-compare.png", dir, id));
}

/* The board pack prints the areas outside a funnel plot's limits when
 * there are at most PRINT_FUNNEL_ROWS, else the PRINT_FUNNEL_ENDS at each
 * end of the order (highest figure first) and the report's area, so that
 * a metric keeps to two pages with 150 areas compared; the metric's page
 * lists them all. */
#define PRINT_FUNNEL_ROWS 10
#define PRINT_FUNNEL_ENDS 4

/* Is the report's area outside the limits, but not at either end of the
 * order that the board pack prints? */
static int home_between(const struct report_funnel *f)
{
	size_t i, j = 0;

	if (f->home < 0 || !f->areas[f->home].side || f->n_outside <= PRINT_FUNNEL_ROWS)
		return 0;
	for (i = 0; i < (size_t)f->home; i++)
		j += f->areas[i].side != 0;
	return j >= PRINT_FUNNEL_ENDS && j + PRINT_FUNNEL_ENDS < f->n_outside;
}

/* The funnel plot's text: its alt, the home area's verdict and how many
 * areas lie outside, the overdispersion allowed for, and the table of
 * the areas outside the limits. */
static void funnel_words(const struct html *c, struct arena *a, struct tv *d, const struct place *pl,
			 const struct report_metric *rm)
{
	const struct model *m = c->p->m;
	const struct metric *mt = rm->mt;
	const struct report_funnel *f = rm->funnel;
	const char *period = words_period_label(a, &rm->home->latest->period);
	const char *target = f->target_benchmark ? arena_printf(a, "%s's figure, %s", m->areas[m->benchmark].name,
								words_value(a, mt, f->target))
				: arena_printf(a, "the pooled value of the areas, %s", words_value(a, mt, f->target));
	struct tv *out = tv_list(a), *print = tv_list(a);
	size_t i, j;

	compare_files(a, d, pl, rm);
	tv_set_str(a, d, "compare_csv", arena_printf(a, "%s%s-compare.csv", compare_dir(a, pl, rm), mt->id));
	tv_set(a, d, "compare_height", tv_num(a, CHART_FUNNEL_HEIGHT));
	tv_set_bool(a, d, "funnel", 1);
	tv_set_str(a, d, "compare_alt", arena_printf(a, "Funnel plot of %s in %s %s: each area's figure "
						     "against its denominator, with the target (%s) and 95%% and "
						     "99.8%% control limits around it.", mt->short_title, period,
						     m->peer ? compare_whom(a, m, rm) : arena_printf(a, "for %zu areas", f->n),
						     target));
	if (f->home >= 0) {
		const struct report_bar *b = &rm->bars[f->areas[f->home].bar];
		tv_set_str(a, d, "funnel_home", arena_printf(a, "%s (%s) is %s.", b->name, words_value(a, mt, b->v),
							     words_funnel_verdict(a, mt->polarity,
										  f->areas[f->home].side)));
	}
	tv_set_str(a, d, "funnel_outside", f->n_outside == 0 ? "Every area is within the 95% limits."
			: arena_printf(a, "%zu of %zu areas %s outside the 95%% limits.", f->n_outside, f->n,
				       f->n_outside == 1 ? "is" : "are"));
	if (f->od.adjusted && f->od.method == FUNNEL_OD_MULTIPLICATIVE)
		tv_set_str(a, d, "funnel_od", arena_printf(a, "The limits are widened for overdispersion: the "
							   "areas' figures vary more than chance alone would make them, their "
							   "variance phi = %.2f times chance's (multiplicative, from %zu "
							   "areas).", f->od.phi, f->od.n_used));
	else if (f->od.adjusted)
		tv_set_str(a, d, "funnel_od", arena_printf(a, "The limits are widened for overdispersion: the "
							   "areas' figures vary more than chance alone would make them (phi = "
							   "%.2f); the limits allow for a between-area variance tau squared = "
							   "%.4g, in the value's unit squared (random effects, from %zu areas).", f->od.phi,
							   f->od.tau2 * f->scale * f->scale, f->od.n_used));
	else if (f->od.method != FUNNEL_OD_NONE)
		tv_set_str(a, d, "funnel_od", arena_printf(a, "The areas vary no more than chance would make them "
							   "(phi = %.2f), so the limits are not widened.", f->od.phi));
	for (i = 0, j = 0; i < f->n; i++) {
		const struct report_funnel_area *fa = &f->areas[i];
		const struct report_bar *b = &rm->bars[fa->bar];
		struct tv *r;
		if (!fa->side)
			continue;
		r = tv_push(a, out, tv_map(a));
		tv_set_str(a, r, "area", b->name);
		tv_set_str(a, r, "value", words_value(a, mt, b->v));
		tv_set_str(a, r, "denominator", words_value(a, &count_metric, fa->den));
		tv_set_str(a, r, "verdict", words_funnel_verdict(a, mt->polarity, fa->side));
		tv_set_bool(a, r, "home", b->highlight);
		/* the board pack: the ends of the order, and the report's area */
		if (f->n_outside <= PRINT_FUNNEL_ROWS || j < PRINT_FUNNEL_ENDS || j + PRINT_FUNNEL_ENDS >= f->n_outside ||
		    b->highlight)
			tv_push(a, print, r);
		j++;
	}
	tv_set(a, d, "funnel_rows", out);
	tv_set(a, d, "funnel_print_rows", print);
	tv_set_bool(a, d, "has_funnel_rows", f->n_outside > 0);
	if (f->n_outside > PRINT_FUNNEL_ROWS)
		tv_set_str(a, d, "funnel_print_more", arena_printf(a, "The table below shows the %d highest and the %d "
			   "lowest of them%s; the metric's page and %s-compare.csv list them all.", PRINT_FUNNEL_ENDS,
			   PRINT_FUNNEL_ENDS, home_between(f) ? arena_printf(a, ", and %s",
			   rm->bars[f->areas[f->home].bar].name) : "", mt->id));
}

/* Every area's figure in the latest period, as the comparison chart. */
static void comparison_rows(const struct html *c, struct arena *a, struct tv *d, const struct place *pl,
			    const struct report_metric *rm)
{
	const struct metric *mt = rm->mt;
	struct tv *cmp = tv_list(a);
	const char *bench = rm->has_benchmark ? words_benchmark(a, c->p->m, rm) : NULL;
	size_t i;
	int any_ci = 0;

	if (rm->funnel)
		funnel_words(c, a, d, pl, rm);
	else if (rm->n_bars > 1) {
		compare_files(a, d, pl, rm);
		tv_set_str(a, d, "compare_csv", arena_printf(a, "%s%s.csv", compare_dir(a, pl, rm), mt->id));
		tv_set(a, d, "compare_height", tv_num(a, chart_compare_height(rm->n_bars)));
		/* one text for both drawings: on phones bars may be ranked dots */
		tv_set_str(a, d, "compare_alt", arena_printf(a, "Comparison chart of %s in %s %s, highest first%s%s.",
							     mt->short_title, words_period_label(a, &rm->home->latest->period),
							     compare_whom(a, c->p->m, rm), bench ? ", with " : "", bench ? bench : ""));
	}
	tv_set_str(a, d, "compare_areas", words_compare_areas(a, c->p->m, rm));
	for (i = 0; i < rm->n_bars; i++) {
		const struct report_bar *b = &rm->bars[i];
		struct tv *r = tv_push(a, cmp, tv_map(a));
		tv_set_str(a, r, "area", b->name);
		tv_set_str(a, r, "value", words_value(a, mt, b->v));
		if (b->has_ci)
			tv_set_str(a, r, "ci", arena_printf(a, "%s to %s", words_value(a, mt, b->lo), words_value(a, mt, b->hi)));
		any_ci |= b->has_ci;
		tv_set_bool(a, r, "home", b->highlight);
		/* the comparison word of each area, from its own figure */
		if (words_comparison(b->cmp))
			tv_set_str(a, r, "comparison", words_comparison(b->cmp));
	}
	tv_set(a, d, "comparison", cmp);
	tv_set_bool(a, d, "compare_ci", any_ci);
	tv_set_bool(a, d, "has_comparison", rm->n_bars > 1);
	if (bench)
		tv_set_str(a, d, "benchmark", bench);
}

/* The events marked on the trend chart, numbered as there: "events", a
 * list of number, period and text, and "has_events", set only when there
 * are some. */
static void event_rows(struct arena *a, struct tv *d, const struct report_metric *rm)
{
	struct tv *list;
	size_t i;

	if (!rm->n_notes)
		return;
	list = tv_list(a);
	for (i = 0; i < rm->n_notes; i++) {
		struct tv *e = tv_map(a);
		tv_set(a, e, "number", tv_num(a, (double)(i + 1)));
		tv_set_str(a, e, "period", words_period_label(a, &rm->notes[i].an->period));
		tv_set_str(a, e, "text", rm->notes[i].an->text);
		tv_push(a, list, e);
	}
	tv_set(a, d, "events", list);
	tv_set_bool(a, d, "has_events", 1);
}

/* The view model of a metric's page. */
static struct tv *metric_page(struct html *c, struct arena *a, const struct place *pl, const struct report_metric *rm,
			      struct tv *row)
{
	const struct model *m = c->p->m;
	const struct metric *mt = rm->mt;
	const struct period *q = &c->p->map->quarters[pl->q];
	const char *home_name = rm->area >= 0 ? m->areas[rm->area].name : "";
	const char *md;
	size_t md_len;
	struct tv *d;

	d = page_base(c, a, pl->root, pl->slot ? arena_printf(a, "%s, %s, %s", mt->title, home_name, words_period_label(a, q))
					       : arena_printf(a, "%s, %s", mt->title, words_period_label(a, q)));
	top_crumbs(c, a, pl, d);
	crumb(a, d, "index.html", arena_printf(a, "%s report", words_period_label(a, q)));
	tv_set(a, d, "metric", row);
	tv_set_str(a, d, "quarter", words_period_label(a, q));
	tv_set_str(a, d, "quarter_span", words_period_span(a, q));
	tv_set_str(a, d, "home_name", home_name);
	tv_set_str(a, d, "frequency", words_frequency(mt->frequency));
	tv_set_str(a, d, "polarity", model_polarity_words(mt->polarity));
	tv_set_str(a, d, "source", mt->source);
	if (*mt->definition)
		tv_set(a, d, "definition", markdown_tv(a, mt->definition, strlen(mt->definition), 3));
	tv_set_str(a, d, "chart_svg", arena_printf(a, "%s.svg", mt->id));
	tv_set_str(a, d, "chart_png", arena_printf(a, "%s.png", mt->id));
	tv_set_str(a, d, "chart_csv", arena_printf(a, "%s.csv", mt->id));
	tv_set_str(a, d, "chart_alt", words_chart_alt(a, m, rm));
	tv_set(a, d, "chart_width", tv_num(a, CHART_WIDTH));
	tv_set(a, d, "chart_height", tv_num(a, CHART_HEIGHT));
	tv_set_str(a, d, "chart_narrow", arena_printf(a, "%s-narrow.svg", mt->id));
	tv_set(a, d, "narrow_width", tv_num(a, CHART_NARROW_WIDTH));
	tv_set(a, d, "narrow_height", tv_num(a, chart_trend_narrow_height(rm_base_end(rm), rm->n_notes > 0)));
	tv_set_str(a, d, "headline", words_summary(a, m, rm));
	/* another area's page shows its report's card (charts.c, metric_card) */
	social_tags(c, a, d, arena_printf(a, "%s/%s.html", pl->folder, mt->id), "article",
		    tv_get(d, "headline", 8)->s,
		    pl->slot ? arena_printf(a, "%s/card.png", pl->folder)
			     : arena_printf(a, "%s/%s-card.png", pl->folder, mt->id),
		    pl->slot ? card_alt(c, a, pl, m->n_metrics) : words_chart_alt(a, m, rm));
	figure_rows(a, d, rm);
	event_rows(a, d, rm);
	comparison_rows(c, a, d, pl, rm);
	md = pl->slot ? NULL : narrative_note(c->p->nv, pl->slug, mt->id, &md_len);
	if (md)
		tv_set(a, d, "commentary", markdown_tv(a, md, md_len, 3));
	return d;
}

static int html_metric(void *self, const struct place *pl, const struct report_metric *rm, enum made how,
		       const char *from, struct arena *a)
{
	struct html *c = self;

	(void)from;
	progress_add(c->p->prog, 1, 0, 0);
	if (how == MADE_REUSED)
		return 0;	/* the page came from the last build */
	return write_page(c, "metric", metric_page(c, a, pl, rm, scorecard_row(c, a, rm)),
			  arena_printf(a, "%s/%s.html", pl->folder, rm->mt->id));
}

static void html_files(void *self, struct arena *a, const struct place *pl, const struct report_metric *rm,
		       int with_page, const char **files, size_t *n)
{
	(void)self, (void)pl;
	if (with_page)
		files[(*n)++] = arena_printf(a, "%s.html", rm->mt->id);
}

/* s as a CSS string's contents: quotes, backslashes and control
 * characters as hex escapes, so no text ends the string. */
static void css_string(struct buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\' || ch < 0x20 || ch == 0x7f)
			buf_printf(b, "\\%x ", ch);
		else
			buf_addc(b, (char)ch);
	}
}

/* print.css: the board pack's running heads, the organisation and the
 * report's name at the top of each page and its number at the foot.  A
 * file of its own, as the pages allow no inline style. */
static int write_print_css(const struct html *c, struct arena *a, const struct place *pl, const char *name)
{
	struct buf b;
	int rc;

	buf_init(&b);
	buf_adds(&b, "/* The running heads of this report's print.html, written by bcfgen. */\n@page {\n"
		     "  @top-left { content: \"");
	css_string(&b, c->p->m->settings.organisation ? c->p->m->settings.organisation : "");
	buf_adds(&b, "\"; }\n  @top-right { content: \"");
	css_string(&b, name);
	buf_adds(&b, "\"; }\n  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); }\n}\n");
	rc = site_write(c->p->site, arena_printf(a, "%s/print.css", pl->folder), b.s, b.len);
	buf_release(&b);
	return rc;
}

/* ---- a report's own pages ---- */

/* The scorecard's groups of rows, and every metric's page for the whole
 * report's, into d ("groups") and *pages. */
static void report_metrics(struct html *c, struct arena *a, const struct place *pl, const struct report_metric *rms,
			   size_t n, struct tv *d, struct tv **pages)
{
	struct tv *groups = tv_list(a), *metrics = NULL;
	const char *group_name = NULL;
	size_t i;

	*pages = tv_list(a);
	for (i = 0; i < n; i++) {
		const struct metric *mt = rms[i].mt;
		struct tv *row;
		if (!metrics || strcmp(group_name, mt->group)) {
			struct tv *g = tv_push(a, groups, tv_map(a));
			group_name = mt->group;
			tv_set_str(a, g, "name", *mt->group ? mt->group : "Metrics");
			metrics = tv_set(a, g, "metrics", tv_list(a));
		}
		row = tv_push(a, metrics, scorecard_row(c, a, &rms[i]));
		tv_push(a, *pages, metric_page(c, a, pl, &rms[i], row));
	}
	tv_set(a, d, "groups", groups);
}

/* What a report says in a sentence, for the tags of its pages: whose,
 * which quarter, and how many metrics are on track to meet their plans. */
static const char *report_lead(const struct html *c, struct arena *a, const struct place *pl,
			       const struct report_metric *rms, size_t n)
{
	const struct period *q = &c->p->map->quarters[pl->q];
	size_t i, on = 0, planned = 0;

	for (i = 0; i < n; i++) {
		on += rms[i].progress == PROGRESS_ON_TRACK;
		planned += rms[i].progress == PROGRESS_ON_TRACK || rms[i].progress == PROGRESS_NOT_ON_TRACK;
	}
	return arena_printf(a, "The %s report%s%s (%s): the latest figure of each of %zu metrics with its trend and "
			    "plan; %zu of the %zu with a plan to assess %s on track to meet it.",
			    words_period_label(a, q), pl->area >= 0 ? " for " : "",
			    pl->area >= 0 ? c->p->m->areas[pl->area].name : "", words_period_span(a, q), n, on, planned,
			    on == 1 ? "is" : "are");
}

/* The report's scorecard (index.html), the whole report to print
 * (print.html) and its running heads (print.css). */
static int html_report(void *self, const struct place *pl, const struct report_metric *rms,
		       size_t n, int taken, struct arena *a)
{
	struct html *c = self;
	const struct sitemap *map = c->p->map;
	const struct period *q = &map->quarters[pl->q];
	struct tv *d, *pages;
	const char *md, *lead, *alt;
	size_t md_len;
	int rc;

	progress_add(c->p->prog, 2, 0, 0);
	if (taken)
		return 0;
	d = page_base(c, a, pl->root, report_title(c, a, pl));
	top_crumbs(c, a, pl, d);
	tv_set_str(a, d, "data_csv", "data.csv");
	/* the scorecard has a column for the benchmark where there is one */
	if (c->p->m->benchmark >= 0)
		tv_set_str(a, d, "benchmark_name", c->p->m->areas[c->p->m->benchmark].name);
	report_metrics(c, a, pl, rms, n, d, &pages);
	tv_set_str(a, d, "quarter", words_period_label(a, q));
	tv_set_str(a, d, "quarter_span", words_period_span(a, q));
	tv_set_str(a, d, "home_name", pl->area >= 0 ? c->p->m->areas[pl->area].name : "");
	if (pl->q > 0) {
		tv_set_str(a, d, "prev_href", arena_printf(a, "../%s/index.html", words_period_slug(a, q - 1)));
		tv_set_str(a, d, "prev_label", words_period_label(a, q - 1));
	}
	if (pl->q + 1 < map->n_quarters) {
		tv_set_str(a, d, "next_href", arena_printf(a, "../%s/index.html", words_period_slug(a, q + 1)));
		tv_set_str(a, d, "next_label", words_period_label(a, q + 1));
	}
	/* the narrative is the home area's; other areas' reports have none */
	md = pl->slot ? NULL : narrative_note(c->p->nv, pl->slug, "index", &md_len);
	if (md)
		tv_set(a, d, "narrative", markdown_tv(a, md, md_len, 2));
	lead = report_lead(c, a, pl, rms, n);
	alt = card_alt(c, a, pl, n);
	social_tags(c, a, d, arena_printf(a, "%s/index.html", pl->folder), "article", lead,
		    arena_printf(a, "%s/card.png", pl->folder), alt);
	rc = write_page(c, "report", d, arena_printf(a, "%s/index.html", pl->folder));
	if (rc == 0) {
		/* the whole report on one page, to print */
		tv_set(a, d, "metric_pages", pages);
		tv_set_str(a, d, "page_title", arena_printf(a, "%s, whole report for printing", report_title(c, a, pl)));
		crumb(a, d, "index.html", arena_printf(a, "%s report", words_period_label(a, q)));
		social_tags(c, a, d, arena_printf(a, "%s/print.html", pl->folder), "article", lead,
			    arena_printf(a, "%s/card.png", pl->folder), alt);
		rc = write_page(c, "print", d, arena_printf(a, "%s/print.html", pl->folder));
	}
	if (rc == 0)
		rc = write_print_css(c, a, pl, report_title(c, a, pl));
	return rc;
}

/* ---- the site's own pages ---- */

/* Every report, latest first, linked from a list page beside them. */
static struct tv *report_list(const struct html *c, struct arena *a)
{
	struct tv *reports = tv_list(a);
	size_t i;

	for (i = c->p->map->n_quarters; i-- > 0;) {
		struct tv *r = tv_push(a, reports, tv_map(a));
		tv_set_str(a, r, "href", arena_printf(a, "%s/index.html", words_period_slug(a, &c->p->map->quarters[i])));
		tv_set_str(a, r, "label", words_period_label(a, &c->p->map->quarters[i]));
		tv_set_str(a, r, "span", words_period_span(a, &c->p->map->quarters[i]));
		tv_set_bool(a, r, "latest", i + 1 == c->p->map->n_quarters);
	}
	return reports;
}

static const struct model *sort_model;

static int area_name_cmp(const void *x, const void *y)
{
	const struct area *a = &sort_model->areas[*(const int *)x], *b = &sort_model->areas[*(const int *)y];
	int r = strcmp(a->name, b->name);
	return r ? r : strcmp(a->code, b->code);
}

/* With --all-areas: areas/index.html, every area with reports, and
 * areas/<code>/index.html, each area's reports. */
static int build_area_indexes(struct html *c)
{
	struct arena a;
	struct tv *d, *areas;
	size_t slot, i;
	int rc = 0, *byname;

	if (!c->p->all_areas)
		return 0;
	arena_init(&a);
	d = page_base(c, &a, "../", "Every area");
	crumb(&a, d, "../index.html", "All reports");
	areas = tv_list(&a);
	if (c->p->m->home >= 0) {
		struct tv *r = tv_push(&a, areas, tv_map(&a));
		tv_set_str(&a, r, "href", "../index.html");
		tv_set_str(&a, r, "name", c->p->m->areas[c->p->m->home].name);
		tv_set_str(&a, r, "code", c->p->m->areas[c->p->m->home].code);
		tv_set_bool(&a, r, "home", 1);
	}
	byname = arena_alloc(&a, c->p->map->n_slots * sizeof(*byname));
	for (slot = 1; slot < c->p->map->n_slots; slot++)
		byname[slot - 1] = c->p->map->slot_area[slot];
	sort_model = c->p->m;
	qsort(byname, c->p->map->n_slots - 1, sizeof(*byname), area_name_cmp);
	for (i = 0; i + 1 < c->p->map->n_slots; i++) {
		struct tv *r = tv_push(&a, areas, tv_map(&a));
		const struct area *ar = &c->p->m->areas[byname[i]];
		tv_set_str(&a, r, "href", arena_printf(&a, "%s/index.html", ar->code));
		tv_set_str(&a, r, "name", ar->name);
		tv_set_str(&a, r, "code", ar->code);
	}
	tv_set(&a, d, "areas", areas);
	social_tags(c, &a, d, "areas/index.html", "website",
		    arena_printf(&a, "Quarterly reports on the Better Care Fund seen from each of %zu areas.",
				 c->p->map->n_slots),
		    latest_card(c, &a, ""), latest_alt(c, &a, 0));
	rc = write_page(c, "areas", d, "areas/index.html");
	arena_release(&a);
	for (slot = 1; slot < c->p->map->n_slots && rc == 0; slot++) {
		const struct area *ar = &c->p->m->areas[c->p->map->slot_area[slot]];
		arena_init(&a);
		d = page_base(c, &a, "../../", arena_printf(&a, "Reports for %s", ar->name));
		crumb(&a, d, "../../index.html", "All reports");
		crumb(&a, d, "../index.html", "Every area");
		tv_set(&a, d, "reports", report_list(c, &a));
		tv_set_str(&a, d, "home_name", ar->name);
		tv_set_str(&a, d, "area_code", ar->code);
		tv_set(&a, d, "metric_count", tv_num(&a, (double)c->p->m->n_metrics));
		if (c->p->m->home >= 0)
			tv_set_str(&a, d, "commentary_area", c->p->m->areas[c->p->m->home].name);
		tv_set_str(&a, d, "all_csv", "../../data.csv");
		social_tags(c, &a, d, arena_printf(&a, "areas/%s/index.html", ar->code), "website",
			    arena_printf(&a, "Quarterly reports on the Better Care Fund seen from %s (%s): %zu metrics, "
					 "each with its trend and how it compares with every other area.", ar->name,
					 ar->code, c->p->m->n_metrics),
			    latest_card(c, &a, c->p->map->slot_dir[slot]),
			    latest_alt(c, &a, slot));
		rc = write_page(c, "index", d, arena_printf(&a, "areas/%s/index.html", ar->code));
		arena_release(&a);
	}
	progress_add(c->p->prog, (int)c->p->map->n_slots, 0, 0);
	return rc;
}

/* What the home page says first, for its tags. */
static const char *site_lead(const struct html *c, struct arena *a)
{
	const struct model *m = c->p->m;

	return arena_printf(a, "Quarterly reports on the Better Care Fund for %s: %zu metrics, each with its plan, "
			    "trend and commentary.", m->home >= 0 ? m->areas[m->home].name : m->settings.title,
			    m->n_metrics);
}

static int build_index(struct html *c)
{
	struct arena a;
	struct tv *d;
	int rc;

	arena_init(&a);
	d = page_base(c, &a, "", "All reports");
	tv_set(&a, d, "reports", report_list(c, &a));
	tv_set_str(&a, d, "home_name", c->p->m->home >= 0 ? c->p->m->areas[c->p->m->home].name : "");
	if (c->p->all_areas)
		tv_set_str(&a, d, "areas_href", "areas/index.html");
	tv_set(&a, d, "metric_count", tv_num(&a, (double)c->p->m->n_metrics));
	tv_set_str(&a, d, "all_csv", "data.csv");
	social_tags(c, &a, d, "index.html", "website", site_lead(c, &a), latest_card(c, &a, ""),
		    latest_alt(c, &a, 0));
	rc = write_page(c, "index", d, "index.html");
	progress_add(c->p->prog, 1, 0, 0);
	arena_release(&a);
	return rc;
}

static int build_pages(struct html *c)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < c->p->nv->n_pages && rc == 0; i++) {
		struct arena a;
		struct tv *d;
		arena_init(&a);
		d = page_base(c, &a, "", c->p->nv->pages[i].title);
		tv_set(&a, d, "body", markdown_tv(&a, c->p->nv->pages[i].src, c->p->nv->pages[i].len, 0));
		tv_set_str(&a, d, "title", c->p->nv->pages[i].title);
		tv_set_bool(&a, d, "needs_h1", !c->p->nv->pages[i].has_h1);
		social_tags(c, &a, d, arena_printf(&a, "%s.html", c->p->nv->pages[i].name), "website",
			    arena_printf(&a, "%s, a page of %s.", c->p->nv->pages[i].title, c->p->m->settings.title),
			    latest_card(c, &a, ""),
			    latest_alt(c, &a, 0));
		rc = write_page(c, "page", d, arena_printf(&a, "%s.html", c->p->nv->pages[i].name));
		progress_add(c->p->prog, 1, 0, 0);
		arena_release(&a);
	}
	return rc;
}

static int html_site(void *self)
{
	struct html *c = self;
	int rc = build_index(c);
	if (rc == 0)
		rc = build_area_indexes(c);
	if (rc == 0)
		rc = build_pages(c);
	return rc;
}

/* Every file of the templates folder, names and contents. */
static void html_inputs(void *self, uint64_t *h)
{
	struct html *c = self;
	size_t n, i;
	char **names = fs_list(&c->a, c->p->templates_dir, 0, &n);

	for (i = 0; i < n; i++) {
		hash_add_str(h, names[i]);
		hash_add_file(h, arena_printf(&c->a, "%s/%s", c->p->templates_dir, names[i]));
	}
}

/* Read and check every template a build needs. */
static void *html_open(const struct publish *p)
{
	struct html *c = calloc(1, sizeof(*c));

	if (!c)
		xoom();
	c->p = p;
	arena_init(&c->a);
	tmpl_env_init(&c->env, load_template, c);
	if (check_templates(c) < 0) {
		free_templates(c);
		tmpl_env_release(&c->env);
		arena_release(&c->a);
		free(c);
		return NULL;
	}
	return c;
}

static void html_close(void *self)
{
	struct html *c = self;

	free_templates(c);
	tmpl_env_release(&c->env);
	arena_release(&c->a);
	free(c);
}

const struct output output_html = {
	.name = "html",
	.open = html_open,
	.inputs = html_inputs,
	.files = html_files,
	.metric = html_metric,
	.report = html_report,
	.site = html_site,
	.close = html_close,
};
