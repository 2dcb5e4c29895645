#include "build.h"
#include "arena.h"
#include "buf.h"
#include "chart.h"
#include "csvread.h"
#include "diag.h"
#include "download.h"
#include "format.h"
#include "fsread.h"
#include "hash.h"
#include "input.h"
#include "jobs.h"
#include "manifest.h"
#include "markdown.h"
#include "narrative.h"
#include "model.h"
#include "progress.h"
#include "report.h"
#include "site.h"
#include "stats.h"
#include "tmpl.h"
#include "words.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Templates every build needs; each page extends "layout". */
static const char *const page_templates[] = { "layout", "index", "report", "metric", "page", "print", "areas", NULL };

struct loaded {
	char *name, *src;
	size_t len;
};

struct ctx {
	const struct build_opts *o;
	struct model m;
	struct arena *a;
	struct tmpl_env env;
	struct loaded *tpl;
	size_t n_tpl, cap_tpl;
	struct site site;
	struct narrative nv;		/* standing pages and commentary, read once */
	int *area_order;		/* area indexes sorted by code */
	struct period *quarters;
	size_t n_quarters;
	char generated[64];
	int failed;
	struct progress_line prog;		/* pages and charts done */
	int jobs;
	/* incremental builds: a hash of each (report, metric)'s inputs, [q][m],
	 * with m == n_metrics for the report's own pages; and the previous
	 * build's, from its manifest */
	uint64_t *hashes;
	struct manifest *mf;		/* the previous build's; NULL with --force */
	struct download_cache dl;	/* download rows' text, kept between reports */
	uint64_t site_hash;		/* of everything the site is made from */
	/* --all-areas: slot 0 is the home area's reports at the top of the
	 * site, slot s > 0 the reports of area slot_area[s] under
	 * areas/<code>/.  What is being built now: */
	int *slot_area;
	const char **slot_dir;		/* [slot]: "" or "areas/<code>/" */
	size_t n_slots;
	size_t slot;
	int area;			/* the area the reports are about, or -1 */
	/* a metric's charts and download in report q are those of report
	 * same_as[q * n_metrics + m] when no figure arrived in between; the
	 * reports of a group (from a Q4 to the next Q3) are built in order by
	 * one worker, so within a group they are linked, not drawn again */
	size_t *same_as;
	size_t *group;			/* [q] */
	size_t n_groups;
	const char *dir;		/* "" or "areas/<code>/" */
	const char *root;		/* from a report's folder to the site's */
};

/* ---- templates ---- */

static const char *load_template(void *closure, const char *name, size_t len, size_t *out_len)
{
	struct ctx *c = closure;
	size_t i;
	char *path;

	for (i = 0; i < c->n_tpl; i++)
		if (strlen(c->tpl[i].name) == len && !memcmp(c->tpl[i].name, name, len)) {
			*out_len = c->tpl[i].len;
			return c->tpl[i].src;
		}
	if (!model_valid_id(name, len)) {
		diag_error(c->o->templates_dir, 0, 0,
			   "template name '%.*s' is not a safe name: expected a-z, 0-9, '_' and '-'",
			   (int)(len > 64 ? 64 : len), name);
		return NULL;
	}
	path = arena_printf(c->a, "%s/%.*s.mustache", c->o->templates_dir, (int)len, name);
	c->tpl = arena_grow(c->a, c->tpl, sizeof(*c->tpl), &c->cap_tpl, c->n_tpl + 1);
	c->tpl[c->n_tpl].name = arena_strndup(c->a, name, len);
	c->tpl[c->n_tpl].src = input_read(c->o->templates_dir, path, 1u << 22, &c->tpl[c->n_tpl].len);
	if (!c->tpl[c->n_tpl].src) {
		if (errno == ENOENT)
			diag_io(path, "cannot read template", errno);
		return NULL;
	}
	*out_len = c->tpl[c->n_tpl].len;
	return c->tpl[c->n_tpl++].src;
}

static void free_templates(struct ctx *c)
{
	size_t i;
	for (i = 0; i < c->n_tpl; i++)
		free(c->tpl[i].src);
	c->n_tpl = 0;
}

static int check_templates(struct ctx *c)
{
	int i, rc = 0;
	for (i = 0; page_templates[i]; i++) {
		size_t len;
		const char *src = load_template(c, page_templates[i], strlen(page_templates[i]), &len);
		if (!src) {
			rc = -1;
			continue;
		}
		if (tmpl_check(&c->env, arena_printf(c->a, "%s/%s.mustache", c->o->templates_dir,
						     page_templates[i]), src, len) < 0)
			rc = -1;
	}
	return rc;
}

/* Render template name with data and write it to rel in the site. */
static int write_page(struct ctx *c, const char *name, const struct tv *data, const char *rel)
{
	size_t len;
	const char *src = load_template(c, name, strlen(name), &len);
	struct buf out;
	char path[512];
	int rc;

	if (!src)
		return -1;
	snprintf(path, sizeof(path), "%s/%s.mustache", c->o->templates_dir, name);
	buf_init(&out);
	rc = tmpl_render(&c->env, path, src, len, data, &out);
	if (rc == 0)
		rc = site_write(&c->site, rel, out.s, out.len);
	buf_release(&out);
	return rc;
}

/* ---- text ---- */

/* A Markdown file found in folder dir: NULL when absent (nothing said), or
 * when refused (reported): not a plain file inside dir, too large, not
 * UTF-8. */
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

/* ---- common page data ---- */

static struct tv *page_base(struct ctx *c, struct arena *a, const char *root, const char *title)
{
	struct tv *d = tv_map(a), *site = tv_map(a), *pages = tv_list(a);
	size_t i;

	tv_set_str(a, site, "title", c->m.settings.title);
	tv_set_str(a, site, "organisation", c->m.settings.organisation);
	tv_set_str(a, site, "notice", c->m.settings.notice);
	tv_set_str(a, site, "generated", c->generated);
	tv_set(a, d, "site", site);
	tv_set_str(a, d, "root", root);
	tv_set_str(a, d, "page_title", title);
	for (i = 0; i < c->nv.n_pages; i++) {
		struct tv *p = tv_push(a, pages, tv_map(a));
		tv_set_str(a, p, "href", arena_printf(a, "%s%s.html", root, c->nv.pages[i].name));
		tv_set_str(a, p, "title", c->nv.pages[i].title);
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

/* ---- one metric in one report ---- */

static const char *alt_text(struct ctx *c, struct arena *a, const struct metric *mt,
			    const struct series *home, const struct period *axis, size_t n)
{
	const char *who = c->area >= 0 ? c->m.areas[c->area].name : "";
	struct buf b;
	const char *r;

	if (!n || !home->latest)
		return arena_printf(a, "Chart of %s for %s: no data yet.", mt->title, who);
	buf_init(&b);
	buf_printf(&b, "Line chart of %s for %s, %s to %s.", mt->title, who, words_period_label(a, &axis[0]),
		   words_period_label(a, &axis[n - 1]));
	if (home->latest->flags & OBS_VALUE) {
		buf_printf(&b, " The latest figure, for %s, is %s", words_period_label(a, &home->latest->period),
			   words_value_unit(a, mt, home->latest->value));
		if (home->prev && (home->prev->flags & OBS_VALUE)) {
			double d = home->latest->value - home->prev->value;
			buf_printf(&b, ", %s %s in %s", d > 0 ? "up from" : d < 0 ? "down from" : "the same as",
				   words_value(a, mt, home->prev->value), words_period_label(a, &home->prev->period));
		}
		if (home->latest->flags & OBS_PLAN)
			buf_printf(&b, "; the plan was %s", words_value(a, mt, home->latest->plan));
		buf_adds(&b, ".");
	}
	r = arena_strndup(a, b.s, b.len);
	buf_release(&b);
	return r;
}

/* The sparkline's text: where the series starts and ends. */
static const char *spark_alt(struct arena *a, const struct metric *mt, const struct series *home)
{
	const struct obs *first = NULL;
	size_t k, n = 0;

	for (k = 0; k < home->n; k++)
		if (home->o[k].flags & OBS_VALUE) {
			if (!first)
				first = &home->o[k];
			n++;
		}
	if (!first || !home->latest || !(home->latest->flags & OBS_VALUE))
		return "Trend: not enough figures to draw";
	if (first == home->latest)
		return arena_printf(a, "Trend: one figure, %s in %s", words_value(a, mt, first->value),
				    words_period_label(a, &first->period));
	return arena_printf(a, "Trend of %zu figures, from %s in %s to %s in %s", n, words_value(a, mt, first->value),
			    words_period_label(a, &first->period), words_value(a, mt, home->latest->value),
			    words_period_label(a, &home->latest->period));
}

/* Charts, CSV and page of one metric for one report; adds its scorecard row
 * to groups.  Returns -1 on failure. */

/* ---- incremental builds ---- */


/* Everything every page depends on: program, templates, settings, areas,
 * standing pages, the date shown. */
static uint64_t hash_common(struct ctx *c)
{
	uint64_t h = HASH_INIT;
	size_t n, i;
	char **names = fs_list(c->a, c->o->templates_dir, 0, &n);

	/* the program itself: a new bcfgen may draw or word things otherwise */
	hash_add_file(&h, "/proc/self/exe");
	/* the font files the charts are drawn in, as fontconfig finds them
	 * now: another file under the same name draws other charts */
	for (i = 0; i < 2; i++) {
		char *font = chart_font_file((int)i);
		hash_add_str(&h, font);
		if (font) {
			*strrchr(font, '#') = '\0';
			hash_add_file(&h, font);
		}
		free(font);
	}
	for (i = 0; i < n; i++) {
		hash_add_str(&h, names[i]);
		hash_add_file(&h, arena_printf(c->a, "%s/%s", c->o->templates_dir, names[i]));
	}
	hash_add_file(&h, arena_printf(c->a, "%s/site.ini", c->o->metrics_dir));
	hash_add_str(&h, c->generated);
	for (i = 0; i < c->m.n_areas; i++) {
		hash_add_str(&h, c->m.areas[i].code);
		hash_add_str(&h, c->m.areas[i].name);
	}
	for (i = 0; i < c->nv.n_pages; i++) {
		hash_add_str(&h, c->nv.pages[i].name);
		hash_add_str(&h, c->nv.pages[i].title);
	}
	for (i = 0; i < c->m.n_metrics; i++) {
		/* every page's navigation and every report's scorecard name
		 * the metrics */
		hash_add_str(&h, c->m.metrics[i].id);
		hash_add_str(&h, c->m.metrics[i].title);
	}
	return h;
}

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
static void hash_inputs(struct ctx *c)
{
	uint64_t common = hash_common(c);
	size_t q, m, k, n;
	int ar;

	size_t cells = c->m.n_metrics * c->m.n_areas + 1;
	size_t *seen = arena_alloc(c->a, cells * sizeof(*seen));
	uint64_t *prefix = arena_alloc(c->a, cells * sizeof(*prefix));

	for (k = 0; k < cells; k++) {
		seen[k] = 0;
		prefix[k] = HASH_INIT;
	}
	c->hashes = arena_alloc(c->a, c->n_quarters * (c->m.n_metrics + 1) * sizeof(*c->hashes));
	for (q = 0; q < c->n_quarters; q++) {
		int asof = period_end_month(&c->quarters[q]);
		char slug[PERIOD_TEXT_MAX];
		uint64_t report = common;

		period_slug(&c->quarters[q], slug);
		hash_add_str(&report, slug);
		for (m = 0; m < c->m.n_metrics; m++) {
			const struct metric *mt = &c->m.metrics[m];
			uint64_t h = common;
			hash_add_str(&h, slug);
			hash_add_str(&h, mt->id);
			hash_add_str(&h, mt->title);
			hash_add_str(&h, mt->short_title);
			hash_add_str(&h, mt->definition);
			hash_add_str(&h, mt->source);
			hash_add_str(&h, mt->group);
			hash_add(&h, &mt->unit, sizeof(mt->unit));
			hash_add(&h, &mt->polarity, sizeof(mt->polarity));
			hash_add(&h, &mt->decimals, sizeof(mt->decimals));
			hash_add(&h, &mt->standardised, sizeof(mt->standardised));
			for (k = 0; k < mt->n_rebase; k++)
				hash_add(&h, &mt->rebase[k], sizeof(mt->rebase[k]));
			/* each area's figures up to the report, hashed as they
			 * come into view, report by report */
			for (ar = 0; ar < (int)c->m.n_areas; ar++) {
				size_t *at = &seen[m * c->m.n_areas + (size_t)ar];
				uint64_t *ph = &prefix[m * c->m.n_areas + (size_t)ar];
				const struct obs *o = model_series(mt, ar, asof, &n);
				for (; *at < n; (*at)++)
					h64_obs(ph, &o[*at]);
				hash_add(&h, &ar, sizeof(ar));
				hash_add(&h, &n, sizeof(n));
				hash_add(&h, ph, sizeof(*ph));
			}
			narrative_hash(&c->nv, &h, slug, mt->id);
			c->hashes[q * (c->m.n_metrics + 1) + m] = h;
			hash_add(&report, &h, sizeof(h));
		}
		narrative_hash(&c->nv, &report, slug, "index");
		/* the report links to its neighbours */
		if (q > 0)
			hash_add(&report, &c->quarters[q - 1], sizeof(c->quarters[q - 1]));
		if (q + 1 < c->n_quarters)
			hash_add(&report, &c->quarters[q + 1], sizeof(c->quarters[q + 1]));
		c->hashes[q * (c->m.n_metrics + 1) + c->m.n_metrics] = report;
	}
}

/* The hash of one page of the current slot: another area's report shows
 * the same inputs from that area's side. */
static uint64_t page_hash(const struct ctx *c, size_t slot, size_t q, size_t m)
{
	uint64_t h = c->hashes[q * (c->m.n_metrics + 1) + m];
	if (slot > 0)
		hash_add_str(&h, c->m.areas[c->slot_area[slot]].code);
	return h;
}

/* Which reports show the same figures of a metric as an earlier one, and
 * the groups of reports built together. */
static void plan_sharing(struct ctx *c)
{
	size_t q, m, k, M = c->m.n_metrics;
	unsigned char *news = arena_alloc(c->a, c->n_quarters * M + 1);
	int *asof = arena_alloc(c->a, (c->n_quarters + 1) * sizeof(int));

	c->group = arena_alloc(c->a, (c->n_quarters + 1) * sizeof(*c->group));
	c->n_groups = 0;
	for (q = 0; q < c->n_quarters; q++) {
		asof[q] = period_end_month(&c->quarters[q]);
		if (q == 0 || c->quarters[q].num == 4)
			c->n_groups++;
		c->group[q] = c->n_groups - 1;
	}
	memset(news, 0, c->n_quarters * M + 1);
	for (m = 0; m < M; m++) {
		const struct metric *mt = &c->m.metrics[m];
		for (k = 0; k < mt->n_obs; k++) {
			/* the first report that shows this figure */
			int end = period_end_month(&mt->obs[k].period);
			size_t lo = 0, hi = c->n_quarters;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (asof[mid] >= end)
					hi = mid;
				else
					lo = mid + 1;
			}
			if (lo < c->n_quarters)
				news[lo * M + m] = 1;
		}
	}
	c->same_as = arena_alloc(c->a, (c->n_quarters * M + 1) * sizeof(*c->same_as));
	for (m = 0; m < M; m++)
		for (q = 0; q < c->n_quarters; q++)
			c->same_as[q * M + m] = q > 0 && !news[q * M + m] ? c->same_as[(q - 1) * M + m] : q;
}

/* Did the previous build make this page of the current slot from the same
 * inputs?  dir: the report's folder below the site. */
static int unchanged(const struct ctx *c, size_t q, size_t m, const char *dir)
{
	uint64_t h;

	return !c->o->force &&
	       manifest_lookup(c->mf, dir, m < c->m.n_metrics ? c->m.metrics[m].id : "@report", &h) &&
	       h == page_hash(c, c->slot, q, m);
}

/* Take the previous build's files into the new site; 0 when every one was
 * there (a missing one just means: build them, and what was taken is
 * replaced). */
static int reuse(struct ctx *c, struct arena *a, const char *slug, const char *const *files, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		const char *rel = arena_printf(a, "%s/%s", slug, files[i]);
		const char *from = arena_printf(a, "%s/%s", c->o->out_dir, rel);
		/* a file changed since it was written is written again */
		if (!manifest_file_intact(c->mf, rel) || site_try_link(&c->site, from, rel) < 0)
			return -1;
	}
	progress_add(&c->prog, 0, 0, (int)n);
	return 0;
}

/* The plain-English summary that opens a metric page. */
static const char *summary_words(struct ctx *c, struct arena *a, const struct metric *mt,
				 const struct series *home, const struct series *bench)
{
	struct buf h;
	const struct obs *l = home->latest;
	const struct point_stats *ps;
	const char *r;
	size_t li;

	if (!l)
		return arena_printf(a, "There are no figures for %s yet.", mt->short_title);
	li = (size_t)(l - home->o);
	ps = &home->ps[li];
	buf_init(&h);
	if (l->flags & OBS_VALUE)
		buf_printf(&h, "%s: %s in %s", mt->short_title, words_value_unit(a, mt, l->value), words_period_label(a, &l->period));
	else
		buf_printf(&h, "The figure for %s was suppressed to protect confidentiality",
			   words_period_label(a, &l->period));
	if ((l->flags & OBS_PLAN) && (l->flags & OBS_VALUE))
		buf_printf(&h, ", %s (the plan was %s)", words_plan_diff(a, mt, l->value, l->plan),
			   words_value(a, mt, l->plan));
	buf_adds(&h, ".");
	if (l->flags & OBS_VALUE) {
		const struct spc_point *p = &ps->spc;
		const char *kind = p->variation == SPC_IMPROVEMENT ? "special cause improvement"
				 : p->variation == SPC_CONCERN ? "special cause concern"
				 : "special cause variation";
		if (!p->has_limits) {
			buf_printf(&h, " There are too few figures to judge variation (%d of the %d needed).",
				   home->valid, c->m.settings.min_points);
		} else if (p->variation == SPC_COMMON) {
			buf_adds(&h, " The latest figure is within the usual range of variation (common cause).");
		} else {
			/* how many points in a row share the latest one's rule and side */
			size_t k = li, run = 0;
			while (k < home->n && home->ps[k].spc.rule == p->rule && home->ps[k].spc.side == p->side) {
				run++;
				if (k == 0)
					break;
				k--;
				while (k > 0 && !(home->o[k].flags & OBS_VALUE))
					k--;
			}
			switch (p->rule) {
			case SPC_RULE_LIMITS:
				buf_printf(&h, " The latest figure is %s the process limits: %s.",
					   p->side > 0 ? "above" : "below", kind);
				break;
			case SPC_RULE_TREND:
				buf_printf(&h, " The last %zu %s each %s: %s.", run, words_periods(mt->frequency, 2),
					   p->side > 0 ? "rose" : "fell", kind);
				break;
			case SPC_RULE_TWO_OF_THREE:
				buf_printf(&h, " Two of the last three figures were near the %s process limit: %s.",
					   p->side > 0 ? "upper" : "lower", kind);
				break;
			default:
				buf_printf(&h, " The last %zu %s were %s the average: %s.", run,
					   words_periods(mt->frequency, 2), p->side > 0 ? "above" : "below", kind);
			}
		}
		if (ps->assurance == ASSURANCE_PASS)
			buf_adds(&h, " If nothing changes, the plan will be met consistently.");
		else if (ps->assurance == ASSURANCE_FAIL)
			buf_adds(&h, " If nothing changes, the plan will be missed consistently.");
		else if (ps->assurance == ASSURANCE_HIT_AND_MISS)
			buf_adds(&h, " If nothing changes, the plan will sometimes be met and sometimes missed.");
		if (words_comparison(ps->cmp)) {
			const struct obs *bo = report_find(bench, &l->period);
			buf_printf(&h, " It is %s %s (%s), allowing for chance.", words_comparison(ps->cmp),
				   c->m.areas[c->m.benchmark].name, words_value(a, mt, bo->value));
		}
	}
	r = arena_strndup(a, h.s, h.len);
	buf_release(&h);
	return r;
}

/* A chart's numbers, as the metric writes them (decimals -1: its own). */
static void metric_number(const void *ctx, double v, int decimals, char *out, size_t size)
{
	struct metric m = *(const struct metric *)ctx;
	if (decimals >= 0)
		m.decimals = decimals;
	model_format_value(&m, v, out, size);
}

static int bar_cmp(const void *x, const void *y)
{
	const struct chart_bar *a = x, *b = y;
	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return strcmp(a->label, b->label);
}

static int write_chart_pair(struct ctx *c, struct arena *a, const char *stem, int (*draw)(const void *, enum chart_format, struct buf *),
			    const void *chart)
{
	struct buf b;
	int rc = 0;
	buf_init(&b);
	rc |= draw(chart, CHART_SVG, &b);
	rc |= site_write(&c->site, arena_printf(a, "%s.svg", stem), b.s, b.len);
	buf_reset(&b);
	rc |= draw(chart, CHART_PNG, &b);
	rc |= site_write(&c->site, arena_printf(a, "%s.png", stem), b.s, b.len);
	buf_release(&b);
	return rc;
}

static int draw_trend_chart(const void *ch, enum chart_format f, struct buf *out)
{
	return chart_trend(ch, f, out);
}

static int draw_comparison_chart(const void *ch, enum chart_format f, struct buf *out)
{
	return chart_comparison(ch, f, out);
}

/* The files one metric has in a report folder of the site at base (NULL:
 * the previous site, as its manifest records it), appended to files[*n]:
 * at most METRIC_FILES of them; without its page when !page. */
#define METRIC_FILES 7
static void metric_files_in(const struct ctx *c, struct arena *a, const char *base, const char *slug, const char *id,
			    int page, const char **files, size_t *n)
{
	struct stat st;

	if (page)
		files[(*n)++] = arena_printf(a, "%s.html", id);
	files[(*n)++] = arena_printf(a, "%s.svg", id);
	files[(*n)++] = arena_printf(a, "%s.png", id);
	if (!c->slot)
		files[(*n)++] = arena_printf(a, "%s.csv", id);
	files[(*n)++] = arena_printf(a, "%s-trend.svg", id);
	/* a comparison chart only where there was more than one area */
	if (base ? stat(arena_printf(a, "%s/%s/%s-compare.svg", base, slug, id), &st) == 0
		 : manifest_file_known(c->mf, arena_printf(a, "%s/%s-compare.svg", slug, id))) {
		files[(*n)++] = arena_printf(a, "%s-compare.svg", id);
		files[(*n)++] = arena_printf(a, "%s-compare.png", id);
	}
}

/* ... of the previous site */
static void metric_files(const struct ctx *c, struct arena *a, const char *slug, const char *id,
			 const char **files, size_t *n)
{
	metric_files_in(c, a, NULL, slug, id, 1, files, n);
}

/* The charts and download of one metric the same as in an earlier report
 * of this build, folder from (below the site): link them; the download's
 * rows go to data_csv.  0, or -1 to draw them after all. */
static int share_metric(struct ctx *c, struct arena *a, const char *from, const char *to, const struct metric *mt,
			struct site_sink *data_csv)
{
	const char *files[METRIC_FILES];
	size_t n = 0, i;

	long long rows;

	metric_files_in(c, a, c->site.tmp, from, mt->id, 0, files, &n);
	for (i = 0; i < n; i++)
		if (site_link(&c->site, arena_printf(a, "%s/%s/%s", c->site.tmp, from, files[i]),
			      arena_printf(a, "%s/%s", to, files[i])) < 0)
			return -1;
	if (c->slot)
		return 0;
	rows = site_sink_mark(data_csv);
	if (download_append(arena_printf(a, "%s/%s/%s.csv", c->site.tmp, from, mt->id), data_csv) < 0) {
		site_sink_truncate(data_csv, rows);
		return -1;
	}
	return 0;
}

/* Reuse one metric's files from the previous build; its rows of data.csv
 * come from its own CSV. */
static int reuse_metric(struct ctx *c, struct arena *a, const char *slug, const struct metric *mt,
			struct site_sink *data_csv)
{
	const char *files[METRIC_FILES];
	size_t n = 0;
	long long rows;

	metric_files(c, a, slug, mt->id, files, &n);
	if (c->slot)
		return reuse(c, a, slug, files, n);
	rows = site_sink_mark(data_csv);
	if (download_append(arena_printf(a, "%s/%s/%s.csv", c->o->out_dir, slug, mt->id), data_csv) < 0 ||
	    reuse(c, a, slug, files, n) < 0) {
		site_sink_truncate(data_csv, rows);	/* built afresh after all */
		return -1;
	}
	return 0;
}

/* "2018-19 Q2 report", and whose when it is another area's. */
static const char *report_title(const struct ctx *c, struct arena *a, const struct period *q)
{
	if (c->slot)
		return arena_printf(a, "%s report: %s", words_period_label(a, q), c->m.areas[c->area].name);
	return arena_printf(a, "%s report", words_period_label(a, q));
}

/* The breadcrumbs above a report: the list of reports it belongs to. */
static void top_crumbs(const struct ctx *c, struct arena *a, struct tv *d)
{
	if (!c->slot) {
		crumb(a, d, "../index.html", "All reports");
		return;
	}
	crumb(a, d, "../../index.html", "Every area");
	crumb(a, d, "../index.html", c->m.areas[c->area].name);
}

/* Charts, CSV and page of one metric for one report; fills its scorecard
 * row.  Returns -1 on failure. */
static int build_metric(struct ctx *c, struct arena *a, size_t qi, const char *qslug,
			const struct metric *mt, struct tv *scorecard_row, struct site_sink *data_csv,
			struct tv *pages)
{
	const struct period *q = &c->quarters[qi];
	int skip;
	int asof = period_end_month(q);
	struct series home, bench, bench_all;
	struct arena scratch;		/* one other area's series at a time */
	enum comparison *cmps;		/* each area's comparison, by tag */
	struct site_sink download;
	struct period *axis;
	size_t n, i, n_bars = 0;
	double *hv, *pv, *bv, *mean, *lpl, *upl;
	unsigned char *hok, *pok, *bok, *hsup, *has;
	int *var;
	const char **labels;
	struct chart ch;
	struct chart_spc spc;
	struct chart_compare cc;
	struct chart_bar *bars;
	size_t shared;
	struct buf b;
	struct tv *d, *rows, *cmp, *t;
	const char *alt, *home_name, *icon;
	const struct point_stats *lp = NULL;
	enum progress prog;
	enum direction dir;
	int rc = 0;
	const char *md;
	size_t md_len;

	/* unchanged since the last build: take its files, and work out only
	 * what the report's own pages need from this metric */
	skip = unchanged(c, qi, (size_t)mt->index, qslug) &&
	       reuse_metric(c, a, qslug, mt, data_csv) == 0;
	/* no new figure since an earlier report this worker built: the same
	 * charts and download */
	shared = c->same_as[qi * c->m.n_metrics + (size_t)mt->index];
	if (!skip && shared < qi && c->group[shared] == c->group[qi] &&
	    share_metric(c, a, arena_printf(a, "%s%s", c->dir, words_period_slug(a, &c->quarters[shared])), qslug, mt,
			 data_csv) == 0)
		skip = 2;

	/* the benchmark's and the home area's series with their statistics;
	 * every other area's are worked out one at a time below */
	memset(&bench, 0, sizeof(bench));
	memset(&home, 0, sizeof(home));
	if (c->m.benchmark >= 0)
		report_series(a, &c->m, mt, c->m.benchmark, asof, NULL, &bench);
	if (c->area >= 0 && c->area == c->m.benchmark)
		home = bench;
	else if (c->area >= 0)
		report_series(a, &c->m, mt, c->area, asof, &bench, &home);
	bench_all = bench;	/* bench is cleared below when it is the home area */
	if (home.latest)
		lp = &home.ps[home.latest - home.o];
	if (c->m.benchmark == c->area)
		memset(&bench, 0, sizeof(bench));
	home_name = c->area >= 0 ? c->m.areas[c->area].name : "";
	n = report_axis(a, &home, &bench, asof, mt->frequency, &axis);

	/* the SPC chart of the home area */
	hv = arena_alloc(a, (n + 1) * sizeof(double));
	pv = arena_alloc(a, (n + 1) * sizeof(double));
	bv = arena_alloc(a, (n + 1) * sizeof(double));
	mean = arena_alloc(a, (n + 1) * sizeof(double));
	lpl = arena_alloc(a, (n + 1) * sizeof(double));
	upl = arena_alloc(a, (n + 1) * sizeof(double));
	var = arena_alloc(a, (n + 1) * sizeof(int));
	hok = arena_alloc(a, n + 1);
	pok = arena_alloc(a, n + 1);
	bok = arena_alloc(a, n + 1);
	has = arena_alloc(a, n + 1);
	hsup = arena_alloc(a, n + 1);
	labels = arena_alloc(a, (n + 1) * sizeof(*labels));
	for (i = 0; i < n; i++) {
		const struct obs *o = report_find(&home, &axis[i]);
		labels[i] = words_period_label(a, &axis[i]);
		if (o) {
			const struct spc_point *p = &home.ps[o - home.o].spc;
			has[i] = (unsigned char)p->has_limits;
			mean[i] = p->mean;
			lpl[i] = p->lpl;
			upl[i] = p->upl;
			var[i] = p->variation;
		}
	}
	report_line(axis, n, &home, 0, hv, hok, hsup);
	report_line(axis, n, &home, 1, pv, pok, NULL);
	report_line(axis, n, &bench, 0, bv, bok, NULL);
	memset(&spc, 0, sizeof(spc));
	spc.has = has;
	spc.mean = mean;
	spc.lpl = lpl;
	spc.upl = upl;
	spc.variation = var;
	if (home.valid && (!lp || !lp->spc.has_limits))
		spc.note = arena_printf(a, "No process limits: %d figure%s, %d needed", home.valid,
					home.valid == 1 ? "" : "s", c->m.settings.min_points);
	memset(&ch, 0, sizeof(ch));
	ch.title = arena_printf(a, "%s, %s", mt->short_title, home_name);
	ch.subtitle = arena_printf(a, "%c%s. %s.", toupper((unsigned char)model_unit_words(mt->unit)[0]),
				   model_unit_words(mt->unit) + 1, model_polarity_words(mt->polarity));
	ch.labels = labels;
	ch.n = n;
	ch.number = metric_number;
	ch.number_ctx = mt;
	ch.spc = &spc;
	ch.lines[ch.n_lines++] = (struct chart_line){ home_name, hv, hok, hsup, CHART_HOME };
	for (i = 0; i < n && !pok[i]; i++)
		;
	if (i < n)
		ch.lines[ch.n_lines++] = (struct chart_line){ "Plan", pv, pok, NULL, CHART_PLAN };
	for (i = 0; i < n && !bok[i]; i++)
		;
	if (i < n)
		ch.lines[ch.n_lines++] = (struct chart_line){ c->m.areas[c->m.benchmark].name, bv, bok,
							      NULL, CHART_BENCHMARK };
	buf_init(&b);
	if (!skip) {
		rc |= write_chart_pair(c, a, arena_printf(a, "%s/%s", qslug, mt->id), draw_trend_chart, &ch);
		ch.spc = NULL;
		rc |= chart_sparkline(&ch, &b);
		rc |= site_write(&c->site, arena_printf(a, "%s/%s-trend.svg", qslug, mt->id), b.s, b.len);
	}

	/* every area, one at a time, in order of code: its figure for the
	 * home area's latest period on the comparison chart, and its rows in
	 * the download (the same from any area's side, so only the home
	 * area's reports have one) */
	bars = arena_alloc(a, (c->m.n_areas + 1) * sizeof(*bars));
	cmps = arena_alloc(a, (c->m.n_areas + 1) * sizeof(*cmps));
	download.path = NULL;
	if (!skip && !c->slot) {
		if (site_sink_open(&c->site, &download, arena_printf(a, "%s/%s.csv", qslug, mt->id)) < 0)
			rc = -1;
		else
			site_sink_add(&download, DOWNLOAD_HEADER, strlen(DOWNLOAD_HEADER));
	}
	arena_init(&scratch);
	for (i = 0; i < c->m.n_areas && (home.latest || download.path); i++) {
		int ar = c->area_order[i];
		struct series one;
		const struct series *sr = &one;
		const struct obs *o;
		if (ar == c->m.benchmark)
			sr = &bench_all;
		else if (ar == c->area)
			sr = &home;
		else
			report_series(&scratch, &c->m, mt, ar, asof, &bench_all, &one);
		if (download.path) {
			buf_reset(&b);
			download_rows(&c->dl, &c->m, mt, sr, &b);
			site_sink_add(&download, b.s, b.len);
			site_sink_add(data_csv, b.s, b.len);
		}
		if (home.latest && ar != c->m.benchmark && sr->n &&
		    (o = report_find(sr, &home.latest->period)) && (o->flags & OBS_VALUE)) {
			bars[n_bars].label = c->m.areas[ar].name;
			bars[n_bars].v = o->value;
			bars[n_bars].has_ci = sr->ps[o - sr->o].has_ci;
			bars[n_bars].lo = sr->ps[o - sr->o].lo;
			bars[n_bars].hi = sr->ps[o - sr->o].hi;
			bars[n_bars].highlight = ar == c->area;
			bars[n_bars].tag = (int)i;
			cmps[i] = sr->ps[o - sr->o].cmp;
			n_bars++;
		}
		arena_reset(&scratch);
	}
	arena_release(&scratch);
	if (download.path && site_sink_close(&download) < 0)
		rc = -1;
	if (n_bars > 1)
		qsort(bars, n_bars, sizeof(*bars), bar_cmp);
	memset(&cc, 0, sizeof(cc));
	cc.bars = bars;
	cc.n = n_bars;
	cc.number = metric_number;
	cc.number_ctx = mt;
	if (home.latest) {
		const struct obs *bo = report_find(&bench, &home.latest->period);
		cc.title = arena_printf(a, "%s in %s: every area", mt->short_title, words_period_label(a, &home.latest->period));
		if (bo && (bo->flags & OBS_VALUE)) {
			cc.has_benchmark = 1;
			cc.benchmark = bo->value;
			cc.benchmark_name = arena_printf(a, "%s %s", c->m.areas[c->m.benchmark].name,
							 words_value(a, mt, bo->value));
		}
	} else {
		cc.title = arena_printf(a, "%s: every area", mt->short_title);
	}
	cc.subtitle = arena_printf(a, "%c%s. %s. Highest first; %s %s.",
				   toupper((unsigned char)model_unit_words(mt->unit)[0]), model_unit_words(mt->unit) + 1,
				   model_polarity_words(mt->polarity), home_name,
				   n_bars > CHART_COMPARE_MAX_BARS ? "marked" : "in bold");
	cc.file = arena_printf(a, "%s/%s-compare.png", qslug, mt->id);
	ch.file = arena_printf(a, "%s/%s.png", qslug, mt->id);
	if (n_bars > 1 && !skip)
		rc |= write_chart_pair(c, a, arena_printf(a, "%s/%s-compare", qslug, mt->id),
				       draw_comparison_chart, &cc);

	buf_release(&b);

	/* figures for the page and the scorecard */
	prog = report_progress(mt, &home);
	dir = report_direction(mt, &home);
	alt = alt_text(c, a, mt, &home, axis, n);

	t = scorecard_row;
	tv_set_str(a, t, "id", mt->id);
	tv_set_str(a, t, "href", arena_printf(a, "%s.html", mt->id));
	tv_set_str(a, t, "title", mt->title);
	tv_set_str(a, t, "short_title", mt->short_title);
	tv_set_str(a, t, "unit", model_unit_words(mt->unit));
	tv_set_str(a, t, "progress", words_progress(&c->m.settings, prog));
	tv_set_str(a, t, "progress_class", words_progress_class(prog));
	tv_set_str(a, t, "direction", words_direction(dir));
	tv_set_str(a, t, "direction_class", dir == DIRECTION_BETTER ? "better" : dir == DIRECTION_WORSE ? "worse" : "neutral");
	tv_set_str(a, t, "trend_src", arena_printf(a, "%s-trend.svg", mt->id));
	if (home.latest) {
		tv_set_str(a, t, "value", words_cell(a, mt, home.latest));
		tv_set_str(a, t, "period", words_period_label(a, &home.latest->period));
		if (home.latest->flags & OBS_PLAN) {
			tv_set_str(a, t, "plan", words_value(a, mt, home.latest->plan));
			if (home.latest->flags & OBS_VALUE)
				tv_set_str(a, t, "diff", words_plan_diff(a, mt, home.latest->value, home.latest->plan));
		}
	}
	if (home.prev && (home.prev->flags & OBS_VALUE))
		tv_set_str(a, t, "prev", arena_printf(a, "from %s in %s", words_value(a, mt, home.prev->value),
						      words_period_label(a, &home.prev->period)));
	else if (home.prev)
		tv_set_str(a, t, "prev", arena_printf(a, "the %s figure was suppressed",
						      words_period_label(a, &home.prev->period)));
	tv_set_str(a, t, "trend_alt", spark_alt(a, mt, &home));
	if (lp && (icon = words_variation_icon(&lp->spc))) {
		tv_set_str(a, t, "variation_icon", icon);
		tv_set_str(a, t, "variation", words_variation(&lp->spc));
	} else if (home.latest) {
		tv_set_str(a, t, "variation_none", "Too few figures to judge variation");
	}
	if (lp && (icon = words_assurance_icon(lp->assurance))) {
		tv_set_str(a, t, "assurance_icon", icon);
		tv_set_str(a, t, "assurance", words_assurance(lp->assurance));
	} else {
		tv_set_str(a, t, "assurance_none",
			   !home.latest || !(home.latest->flags & OBS_PLAN) ? "No plan to assure"
			   : mt->polarity == POLARITY_NEUTRAL ? "Not assessed: neither direction is better"
							       : "Too few figures to assure the plan");
	}
	if (lp && words_comparison(lp->cmp)) {
		tv_set_str(a, t, "comparison", arena_printf(a, "%c%s %s", toupper((unsigned char)words_comparison(lp->cmp)[0]),
							    words_comparison(lp->cmp) + 1, c->m.areas[c->m.benchmark].name));
		tv_set_str(a, t, "comparison_class", stats_comparison_name(lp->cmp));
	}

	/* the metric page */
	d = page_base(c, a, c->root, c->slot ? arena_printf(a, "%s, %s, %s", mt->title, home_name, words_period_label(a, q))
					      : arena_printf(a, "%s, %s", mt->title, words_period_label(a, q)));
	top_crumbs(c, a, d);
	crumb(a, d, "index.html", arena_printf(a, "%s report", words_period_label(a, q)));
	tv_set(a, d, "metric", t);
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
	tv_set_str(a, d, "chart_csv", c->slot ? arena_printf(a, "%s%s/%s.csv", c->root, words_period_slug(a, q), mt->id)
					      : arena_printf(a, "%s.csv", mt->id));
	tv_set_str(a, d, "chart_alt", alt);
	tv_set(a, d, "chart_width", tv_num(a, CHART_WIDTH));
	tv_set(a, d, "chart_height", tv_num(a, CHART_HEIGHT));
	tv_set_str(a, d, "headline", summary_words(c, a, mt, &home, &bench));
	if (n_bars > 1) {
		tv_set_str(a, d, "compare_svg", arena_printf(a, "%s-compare.svg", mt->id));
		tv_set_str(a, d, "compare_png", arena_printf(a, "%s-compare.png", mt->id));
		tv_set(a, d, "compare_height", tv_num(a, chart_compare_height(n_bars)));
		tv_set_str(a, d, "compare_alt", arena_printf(a, "%s of %s in %s for %zu areas, highest first%s%s.",
							     n_bars > CHART_COMPARE_MAX_BARS ? "Ranked dot chart" : "Bar chart",
							     mt->short_title, words_period_label(a, &home.latest->period), n_bars,
							     cc.has_benchmark ? ", with " : "",
							     cc.has_benchmark ? cc.benchmark_name : ""));
	}

	rows = tv_list(a);
	for (i = home.n; i-- > 0;) {
		const struct obs *o = &home.o[i];
		const struct point_stats *p = &home.ps[i];
		struct tv *r = tv_push(a, rows, tv_map(a));
		tv_set_str(a, r, "period", words_period_label(a, &o->period));
		tv_set_str(a, r, "value", words_cell(a, mt, o));
		if (o->flags & OBS_NUMERATOR)
			tv_set_str(a, r, "numerator", words_value(a, &(struct metric){ .unit = UNIT_COUNT, .decimals = 0 },
								o->numerator));
		if (o->flags & OBS_DENOMINATOR)
			tv_set_str(a, r, "denominator", words_value(a, &(struct metric){ .unit = UNIT_COUNT, .decimals = 0 },
								  o->denominator));
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
	tv_set_bool(a, d, "has_numerator", home.n && home.o[0].flags & OBS_NUMERATOR);
	{
		int any_ci = 0;
		for (i = 0; i < home.n; i++)
			any_ci |= home.ps[i].has_ci;
		tv_set_bool(a, d, "has_ci", any_ci);
	}
	if (lp && lp->spc.has_limits) {
		tv_set_str(a, d, "spc_mean", words_value(a, mt, lp->spc.mean));
		tv_set_str(a, d, "spc_lpl", words_value(a, mt, lp->spc.lpl));
		tv_set_str(a, d, "spc_upl", words_value(a, mt, lp->spc.upl));
	}

	/* comparison: every area's figure in the latest period, as the chart */
	cmp = tv_list(a);
	for (i = 0; i < n_bars; i++) {
		struct tv *r = tv_push(a, cmp, tv_map(a));
		tv_set_str(a, r, "area", bars[i].label);
		tv_set_str(a, r, "value", words_value(a, mt, bars[i].v));
		if (bars[i].has_ci)
			tv_set_str(a, r, "ci", arena_printf(a, "%s to %s", words_value(a, mt, bars[i].lo),
							    words_value(a, mt, bars[i].hi)));
		tv_set_bool(a, r, "home", bars[i].highlight);
	}
	for (i = 0; i < n_bars; i++)
		/* the comparison word of each area, from its own series */
		if (words_comparison(cmps[bars[i].tag]))
			tv_set_str(a, cmp->items[i], "comparison", words_comparison(cmps[bars[i].tag]));
	tv_set(a, d, "comparison", cmp);
	tv_set_bool(a, d, "has_comparison", n_bars > 1);
	if (cc.has_benchmark)
		tv_set_str(a, d, "benchmark", cc.benchmark_name);

	md = c->slot ? NULL : narrative_note(&c->nv, words_period_slug(a, q), mt->id, &md_len);
	if (md)
		tv_set(a, d, "commentary", markdown_tv(a, md, md_len, 3));
	if (skip != 1)
		rc |= write_page(c, "metric", d, arena_printf(a, "%s/%s.html", qslug, mt->id));
	tv_push(a, pages, d);
	/* the SPC chart, its sparkline, the comparison chart */
	progress_add(&c->prog, 1, skip ? 0 : 2 + (n_bars > 1), 0);
	return rc ? -1 : 0;
}

static int build_report(struct ctx *c, size_t qi)
{
	const struct period *q = &c->quarters[qi];
	struct arena a;
	const char *qslug, *slug;
	struct tv *d, *groups, *cur_group = NULL, *metrics = NULL, *pages;
	struct site_sink data_csv;
	size_t i;
	int rc = 0;
	const char *md;
	size_t md_len;
	const char *cur_name = NULL;

	arena_init(&a);
	slug = words_period_slug(&a, q);
	qslug = arena_printf(&a, "%s%s", c->dir, slug);
	if (unchanged(c, qi, c->m.n_metrics, qslug)) {
		/* nothing this report shows has changed: take all its files */
		const char **files = arena_alloc(&a, (METRIC_FILES * c->m.n_metrics + 3) * sizeof(*files));
		size_t n = 0;
		files[n++] = "index.html";
		files[n++] = "print.html";
		if (!c->slot)
			files[n++] = "data.csv";
		for (i = 0; i < c->m.n_metrics; i++)
			metric_files(c, &a, qslug, c->m.metrics[i].id, files, &n);
		if (reuse(c, &a, qslug, files, n) == 0) {
			progress_add(&c->prog, (int)c->m.n_metrics + 2, 0, 0);
			arena_release(&a);
			return 0;
		}
	}
	data_csv.path = NULL;
	if (!c->slot) {
		if (site_sink_open(&c->site, &data_csv, arena_printf(&a, "%s/data.csv", qslug)) < 0) {
			arena_release(&a);
			return -1;
		}
		site_sink_add(&data_csv, DOWNLOAD_HEADER, strlen(DOWNLOAD_HEADER));
	}
	d = page_base(c, &a, c->root, report_title(c, &a, q));
	top_crumbs(c, &a, d);
	/* another area's report links to the one download of every area */
	tv_set_str(&a, d, "data_csv", c->slot ? arena_printf(&a, "%s%s/data.csv", c->root, slug) : "data.csv");
	groups = tv_list(&a);
	pages = tv_list(&a);
	for (i = 0; i < c->m.n_metrics && rc == 0; i++) {
		const struct metric *mt = &c->m.metrics[i];
		struct tv *row = tv_map(&a);
		if (!cur_group || strcmp(cur_name, mt->group)) {
			cur_group = tv_push(&a, groups, tv_map(&a));
			cur_name = mt->group;
			tv_set_str(&a, cur_group, "name", *mt->group ? mt->group : "Metrics");
			metrics = tv_set(&a, cur_group, "metrics", tv_list(&a));
		}
		if (build_metric(c, &a, qi, qslug, mt, row, &data_csv, pages) < 0)
			rc = -1;
		tv_push(&a, metrics, row);
	}
	tv_set(&a, d, "groups", groups);
	tv_set_str(&a, d, "quarter", words_period_label(&a, q));
	tv_set_str(&a, d, "quarter_span", words_period_span(&a, q));
	tv_set_str(&a, d, "home_name", c->area >= 0 ? c->m.areas[c->area].name : "");
	if (qi > 0) {
		tv_set_str(&a, d, "prev_href", arena_printf(&a, "../%s/index.html", words_period_slug(&a, &c->quarters[qi - 1])));
		tv_set_str(&a, d, "prev_label", words_period_label(&a, &c->quarters[qi - 1]));
	}
	if (qi + 1 < c->n_quarters) {
		tv_set_str(&a, d, "next_href", arena_printf(&a, "../%s/index.html", words_period_slug(&a, &c->quarters[qi + 1])));
		tv_set_str(&a, d, "next_label", words_period_label(&a, &c->quarters[qi + 1]));
	}
	/* the narrative is the home area's; other areas' reports have none */
	md = c->slot ? NULL : narrative_note(&c->nv, slug, "index", &md_len);
	if (md)
		tv_set(&a, d, "narrative", markdown_tv(&a, md, md_len, 2));
	if (!c->slot && site_sink_close(&data_csv) < 0)
		rc = -1;
	if (rc == 0)
		rc = write_page(c, "report", d, arena_printf(&a, "%s/index.html", qslug));
	if (rc == 0) {
		/* the whole report on one page, to print */
		tv_set(&a, d, "metric_pages", pages);
		tv_set_str(&a, d, "page_title", arena_printf(&a, "%s, whole report for printing", report_title(c, &a, q)));
		crumb(&a, d, "index.html", arena_printf(&a, "%s report", words_period_label(&a, q)));
		rc = write_page(c, "print", d, arena_printf(&a, "%s/print.html", qslug));
	}
	progress_add(&c->prog, 2, 0, 0);
	arena_release(&a);
	return rc;
}

/* Make slot the one being built. */
static void set_slot(struct ctx *c, size_t slot)
{
	c->slot = slot;
	c->area = c->slot_area[slot];
	c->dir = c->slot_dir[slot];
	c->root = slot ? "../../../" : "../";
}

/* Report unit u: the slot's report of one quarter. */
static int build_unit(struct ctx *c, size_t u)
{
	set_slot(c, u / c->n_quarters);
	return build_report(c, u % c->n_quarters);
}

/* The worker of unit u: groups of reports go to workers in turn. */
static int unit_worker(const void *ctx, size_t u, int jobs)
{
	const struct ctx *c = ctx;
	size_t slot = u / c->n_quarters, q = u % c->n_quarters;
	return (int)((slot * c->n_groups + c->group[q]) % (size_t)jobs);
}

static int run_unit(void *ctx, size_t u)
{
	return build_unit(ctx, u);
}

/* Every report of every slot, on c->jobs worker processes, each building
 * its groups of reports in order.  Each report's files depend only on the
 * model, so the site is the same whatever the number of workers. */
static int build_reports(struct ctx *c)
{
	return jobs_run(c->n_quarters * c->n_slots, &c->jobs, run_unit, unit_worker, c, &c->prog);
}

static const struct model *sort_model;

/* Every report, latest first, linked from a list page beside them. */
static struct tv *report_list(const struct ctx *c, struct arena *a)
{
	struct tv *reports = tv_list(a);
	size_t i;

	for (i = c->n_quarters; i-- > 0;) {
		struct tv *r = tv_push(a, reports, tv_map(a));
		tv_set_str(a, r, "href", arena_printf(a, "%s/index.html", words_period_slug(a, &c->quarters[i])));
		tv_set_str(a, r, "label", words_period_label(a, &c->quarters[i]));
		tv_set_str(a, r, "span", words_period_span(a, &c->quarters[i]));
		tv_set_bool(a, r, "latest", i + 1 == c->n_quarters);
	}
	return reports;
}

static int area_name_cmp(const void *x, const void *y)
{
	const struct area *a = &sort_model->areas[*(const int *)x], *b = &sort_model->areas[*(const int *)y];
	int r = strcmp(a->name, b->name);
	return r ? r : strcmp(a->code, b->code);
}

/* With --all-areas: areas/index.html, every area with reports, and
 * areas/<code>/index.html, each area's reports. */
static int build_area_indexes(struct ctx *c)
{
	struct arena a;
	struct tv *d, *areas;
	size_t slot, i;
	int rc = 0, *byname;

	if (!c->o->all_areas)
		return 0;
	arena_init(&a);
	d = page_base(c, &a, "../", "Every area");
	crumb(&a, d, "../index.html", "All reports");
	areas = tv_list(&a);
	if (c->m.home >= 0) {
		struct tv *r = tv_push(&a, areas, tv_map(&a));
		tv_set_str(&a, r, "href", "../index.html");
		tv_set_str(&a, r, "name", c->m.areas[c->m.home].name);
		tv_set_str(&a, r, "code", c->m.areas[c->m.home].code);
		tv_set_bool(&a, r, "home", 1);
	}
	byname = arena_alloc(&a, c->n_slots * sizeof(*byname));
	for (slot = 1; slot < c->n_slots; slot++)
		byname[slot - 1] = c->slot_area[slot];
	sort_model = &c->m;
	qsort(byname, c->n_slots - 1, sizeof(*byname), area_name_cmp);
	for (i = 0; i + 1 < c->n_slots; i++) {
		struct tv *r = tv_push(&a, areas, tv_map(&a));
		const struct area *ar = &c->m.areas[byname[i]];
		tv_set_str(&a, r, "href", arena_printf(&a, "%s/index.html", ar->code));
		tv_set_str(&a, r, "name", ar->name);
		tv_set_str(&a, r, "code", ar->code);
	}
	tv_set(&a, d, "areas", areas);
	rc = write_page(c, "areas", d, "areas/index.html");
	arena_release(&a);
	for (slot = 1; slot < c->n_slots && rc == 0; slot++) {
		const struct area *ar = &c->m.areas[c->slot_area[slot]];
		arena_init(&a);
		d = page_base(c, &a, "../../", arena_printf(&a, "Reports for %s", ar->name));
		crumb(&a, d, "../../index.html", "All reports");
		crumb(&a, d, "../index.html", "Every area");
		tv_set(&a, d, "reports", report_list(c, &a));
		tv_set_str(&a, d, "home_name", ar->name);
		tv_set_str(&a, d, "area_code", ar->code);
		tv_set(&a, d, "metric_count", tv_num(&a, (double)c->m.n_metrics));
		if (c->m.home >= 0)
			tv_set_str(&a, d, "commentary_area", c->m.areas[c->m.home].name);
		rc = write_page(c, "index", d, arena_printf(&a, "areas/%s/index.html", ar->code));
		arena_release(&a);
	}
	progress_add(&c->prog, (int)c->n_slots, 0, 0);
	return rc;
}

static int build_index(struct ctx *c)
{
	struct arena a;
	struct tv *d;
	int rc;

	arena_init(&a);
	d = page_base(c, &a, "", "All reports");
	tv_set(&a, d, "reports", report_list(c, &a));
	tv_set_str(&a, d, "home_name", c->m.home >= 0 ? c->m.areas[c->m.home].name : "");
	if (c->o->all_areas)
		tv_set_str(&a, d, "areas_href", "areas/index.html");
	tv_set(&a, d, "metric_count", tv_num(&a, (double)c->m.n_metrics));
	rc = write_page(c, "index", d, "index.html");
	progress_add(&c->prog, 1, 0, 0);
	arena_release(&a);
	return rc;
}

/* ---- standing pages and narrative checks ---- */


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
static uint64_t hash_site(struct ctx *c)
{
	uint64_t h = HASH_INIT;
	size_t slot, q, m;

	for (slot = 0; slot < c->n_slots; slot++) {
		hash_add_str(&h, c->slot_dir[slot]);
		for (q = 0; q < c->n_quarters; q++)
			for (m = 0; m <= c->m.n_metrics; m++) {
				uint64_t p = page_hash(c, slot, q, m);
				hash_add(&h, &p, sizeof(p));
			}
	}
	for (q = 0; q < c->nv.n_pages; q++)
		hash_add(&h, c->nv.pages[q].src, c->nv.pages[q].len);
	hash_add(&h, &c->o->all_areas, sizeof(c->o->all_areas));
	h64_tree(&h, c->a, c->o->assets_dir);
	return h;
}

static int build_pages(struct ctx *c)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < c->nv.n_pages && rc == 0; i++) {
		struct arena a;
		struct tv *d;
		arena_init(&a);
		d = page_base(c, &a, "", c->nv.pages[i].title);
		tv_set(&a, d, "body", markdown_tv(&a, c->nv.pages[i].src, c->nv.pages[i].len, 0));
		tv_set_str(&a, d, "title", c->nv.pages[i].title);
		tv_set_bool(&a, d, "needs_h1", !c->nv.pages[i].has_h1);
		rc = write_page(c, "page", d, arena_printf(&a, "%s.html", c->nv.pages[i].name));
		progress_add(&c->prog, 1, 0, 0);
		arena_release(&a);
	}
	return rc;
}

/* ---- the whole build ---- */

static int plan_quarters(struct ctx *c)
{
	int first = model_first_data_month(&c->m), last = model_last_data_month(&c->m);
	struct period q, stop;
	size_t cap = 0;

	if (last < 0) {
		diag_error(c->o->metrics_dir, 0, 0, "no observations in any data file: nothing to report");
		return -1;
	}
	q = period_quarter_of_month(first);
	if (c->m.settings.first_period.kind == PERIOD_QUARTER)
		q = c->m.settings.first_period;
	stop = period_quarter_of_month(last);
	if (c->o->last_quarter.kind == PERIOD_QUARTER)
		stop = c->o->last_quarter;
	if (period_cmp(&q, &stop) > 0) {
		char a[PERIOD_TEXT_MAX], b[PERIOD_TEXT_MAX];
		period_label(&q, a);
		period_label(&stop, b);
		diag_error(arena_printf(c->a, "%s/site.ini", c->o->metrics_dir), c->m.settings.first_period_at.line,
			   c->m.settings.first_period_at.col, "the first report, %s, would come after the last, %s", a, b);
		return -1;
	}
	for (; period_cmp(&q, &stop) <= 0; q = period_next(&q)) {
		c->quarters = arena_grow(c->a, c->quarters, sizeof(*c->quarters), &cap, c->n_quarters + 1);
		c->quarters[c->n_quarters++] = q;
	}
	return 0;
}

static int area_code_cmp(const void *x, const void *y)
{
	return strcmp(sort_model->areas[*(const int *)x].code, sort_model->areas[*(const int *)y].code);
}

static int set_generated(struct ctx *c)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;

	if (e && *e) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(e, &end, 10);
		if (*end || errno || v < 0) {
			diag_error(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970", e);
			return -1;
		}
		/* 253402300799 is 9999-12-31 23:59:59: later dates have no
		 * four-digit year (and overflow gmtime's) */
		if (v > 253402300799LL) {
			diag_error(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is after the year 9999: expected seconds since "
				   "1970, such as 1700000000", e);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm))
		return -1;
	snprintf(c->generated, sizeof(c->generated), "%d %s %d", tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900);
	return 0;
}

/* Slot 0 is the home area; with --all-areas every other area with a figure
 * in the data, but the benchmark, follows in order of code. */
static int plan_slots(struct ctx *c)
{
	size_t i, m, n;
	int rc = 0;

	c->slot_area = arena_alloc(c->a, (c->m.n_areas + 1) * sizeof(int));
	c->slot_dir = arena_alloc(c->a, (c->m.n_areas + 1) * sizeof(*c->slot_dir));
	c->slot_area[0] = c->m.home;
	c->slot_dir[0] = "";
	c->n_slots = 1;
	if (!c->o->all_areas)
		return 0;
	for (i = 0; i < c->m.n_areas; i++) {
		int ar = c->area_order[i], any = 0;
		const char *code = c->m.areas[ar].code;
		if (ar == c->m.home || ar == c->m.benchmark)
			continue;
		for (m = 0; m < c->m.n_metrics && !any; m++)
			any = model_series(&c->m.metrics[m], ar, INT_MAX, &n) != NULL && n > 0;
		if (!any)
			continue;
		if (!model_valid_code(code, strlen(code))) {
			/* where the code was first given: its first figure */
			const struct obs *at = NULL;
			for (m = 0; m < c->m.n_metrics && !at; m++)
				if ((at = model_series(&c->m.metrics[m], ar, INT_MAX, &n)) && !n)
					at = NULL;
			diag_error(at ? at->path : NULL, at ? at->line : 0, at ? at->col : 0,
				   "area code '%s' cannot name a folder for --all-areas: expected "
				   "1 to 64 letters, digits, '-' or '_'", code);
			rc = -1;
			continue;
		}
		c->slot_dir[c->n_slots] = arena_printf(c->a, "areas/%s/", code);
		c->slot_area[c->n_slots++] = ar;
	}
	return rc;
}

/* A file of someone's where the new site puts one of its own (a folder
 * named like a new report) is theirs: refused before any work. */
static int in_the_way(struct ctx *c)
{
	struct arena a;
	size_t i;
	int rc = 0;
	const char *fixed[] = { "index.html", "assets", c->o->all_areas ? "areas" : NULL };

	arena_init(&a);
	for (i = 0; i < c->n_quarters + c->nv.n_pages + 3; i++) {
		const char *name = i < 3 ? fixed[i]
			: i < 3 + c->n_quarters ? words_period_slug(&a, &c->quarters[i - 3])
			: arena_printf(&a, "%s.html", c->nv.pages[i - 3 - c->n_quarters].name);
		if (name && site_foreign(&c->site, name)) {
			diag_error(arena_printf(&a, "%s/%s", c->o->out_dir, name), 0, 0,
				   "this was not made by bcfgen, and the new site puts its own here: move or "
				   "rename it (nothing was changed)");
			rc = -1;
		}
	}
	arena_release(&a);
	return rc;
}

/* What the next build needs to know of this one. */
static int write_manifest(struct ctx *c)
{
	struct buf b;
	size_t q, m, slot;
	int rc;

	buf_init(&b);
	manifest_begin(&b, c->site_hash);
	for (slot = 0; slot < c->n_slots; slot++)
		for (q = 0; q < c->n_quarters; q++) {
			char slug[PERIOD_TEXT_MAX], dir[PERIOD_TEXT_MAX + 256];
			period_slug(&c->quarters[q], slug);
			snprintf(dir, sizeof(dir), "%s%s", c->slot_dir[slot], slug);
			for (m = 0; m <= c->m.n_metrics; m++)
				manifest_page(&b, dir, m < c->m.n_metrics ? c->m.metrics[m].id : "@report",
					      page_hash(c, slot, q, m));
		}
	manifest_files(&b, c->site.tmp);
	rc = site_write(&c->site, MANIFEST_NAME, b.s, b.len);
	buf_release(&b);
	return rc;
}

static int exit_status(void)
{
	diag_finish();
	if (diag_io_errors())
		return 3;
	return diag_errors() ? 1 : 0;
}

int build_run(const struct build_opts *o)
{
	struct arena a;
	struct ctx c;
	size_t i;
	int rc = 0, status;
	enum site_refusal refused = SITE_OK;

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.a = &a;
	c.dl.a = &a;
	progress_init(&c.prog, !o->quiet && isatty(2));
	c.jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (c.jobs < 1)
		c.jobs = 1;
	arena_init(&a);
	tmpl_env_init(&c.env, load_template, &c);

	c.site.lock_fd = -1;
	if (!o->check_only) {
		/* the output path first: nothing is read or built for a
		 * folder that will not be replaced */
		const char *inputs[] = { o->metrics_dir, o->templates_dir, o->assets_dir, NULL };
		refused = site_open(&c.site, o->out_dir, inputs, !o->no_wait, o->quiet);
		site_on_stop(jobs_stop);
		if (refused != SITE_OK) {
			rc = -1;
			goto out;
		}
	}
	if (model_load(&c.m, &a, o->metrics_dir) < 0 || set_generated(&c) < 0 || plan_quarters(&c) < 0) {
		rc = -1;
		goto out;
	}
	narrative_notes(&c.nv, &a, &c.m, o->metrics_dir, c.quarters, c.n_quarters);
	for (i = 0; i < c.m.n_metrics; i++)
		if (*c.m.metrics[i].definition &&
		    markdown_check(arena_printf(&a, "%s/metrics.csv", o->metrics_dir), c.m.metrics[i].line,
				   c.m.metrics[i].definition, strlen(c.m.metrics[i].definition)) < 0)
			rc = -1;
	if (narrative_pages(&c.nv, &a, o->metrics_dir) < 0)
		rc = -1;
	if (!o->check_only && check_templates(&c) < 0)
		rc = -1;
	/* the assets refused now, not after every page is built (and not
	 * hashed round a symbolic link loop) */
	if (!o->check_only && site_copy_tree(NULL, o->assets_dir, "assets") < 0)
		rc = -1;
	if (rc < 0 || diag_errors())
		goto out;
	if (o->check_only)
		goto out;
	if (in_the_way(&c) < 0) {
		refused = SITE_REFUSED;
		rc = -1;
		goto out;
	}

	c.area_order = arena_alloc(&a, (c.m.n_areas + 1) * sizeof(int));
	for (i = 0; i < c.m.n_areas; i++)
		c.area_order[i] = (int)i;
	sort_model = &c.m;
	qsort(c.area_order, c.m.n_areas, sizeof(int), area_code_cmp);

	if (plan_slots(&c) < 0) {
		rc = -1;
		goto out;
	}
	set_slot(&c, 0);
	c.prog.pages_total = (long)(c.n_slots * c.n_quarters * (c.m.n_metrics + 2) + 1 + c.nv.n_pages) +
			(o->all_areas ? (long)c.n_slots : 0);
	hash_inputs(&c);
	plan_sharing(&c);
	c.site_hash = hash_site(&c);
	if (!o->force) {
		uint64_t h;
		c.mf = manifest_read(&a, o->out_dir);
		if (manifest_lookup(c.mf, "@site", "@all", &h) && h == c.site_hash &&
		    manifest_outputs_intact(c.mf, &c.site)) {
			/* made from exactly these inputs: leave it be */
			if (!o->quiet)
				fprintf(stderr, "bcfgen: %zu reports, 0 pages, 0 charts drawn, nothing changed "
					"since the last build of %s/ (--force rebuilds it), in %.1f s\n",
					c.n_quarters * c.n_slots, o->out_dir, progress_seconds(&c.prog));
			goto out;
		}
	}
	if (site_begin(&c.site) < 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; words_icons[i] && rc == 0; i++) {
		struct buf b;
		buf_init(&b);
		rc = chart_icon(words_icons[i], &b);
		if (rc == 0)
			rc = site_write(&c.site, arena_printf(&a, "assets/icons/%s.svg", words_icons[i]), b.s, b.len);
		buf_release(&b);
	}
	if (rc == 0)
		rc = build_reports(&c);
	if (rc == 0)
		rc = build_index(&c);
	if (rc == 0)
		rc = build_area_indexes(&c);
	if (rc == 0)
		rc = build_pages(&c);
	if (rc == 0)
		rc = site_copy_tree(&c.site, o->assets_dir, "assets");
	if (rc == 0)
		rc = write_manifest(&c);
	if (rc == 0 && diag_errors() == 0) {
		rc = site_commit(&c.site);
		progress_clear(&c.prog);
		if (rc == 0 && !o->quiet)
			fprintf(stderr, "bcfgen: %zu reports, %ld pages, %ld charts drawn, %ld files unchanged, "
				"in %s/ in %.1f s (%d job%s)\n",
				c.n_quarters * c.n_slots, c.prog.pages, c.prog.charts, c.prog.reused, o->out_dir,
				progress_seconds(&c.prog), c.jobs, c.jobs == 1 ? "" : "s");
	} else {
		progress_clear(&c.prog);
		site_abort(&c.site);
		rc = -1;
	}
out:
	status = exit_status();
	if (refused == SITE_REFUSED)
		status = 2;
	else if (refused == SITE_FAILED)
		status = 3;
	else if (rc < 0 && status == 0)
		status = 3;
	if (!o->check_only)
		site_close(&c.site);
	narrative_release(&c.nv);
	free_templates(&c);
	tmpl_env_release(&c.env);
	arena_release(&a);
	chart_cleanup();
	return status;
}
