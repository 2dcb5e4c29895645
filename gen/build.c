#include "build.h"
#include "arena.h"
#include "buf.h"
#include "chart.h"
#include "csvread.h"
#include "diag.h"
#include "markdown.h"
#include "model.h"
#include "site.h"
#include "stats.h"
#include "tmpl.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CSV_HEADER "metric,area_code,area_name,period,numerator,denominator,value,lower_ci," \
	"upper_ci,plan,mean,lower_process_limit,upper_process_limit,variation,assurance," \
	"comparison,flag\n"

/* Templates every build needs; each page extends "layout". */
static const char *const page_templates[] = { "layout", "index", "report", "metric", "page", NULL };

struct loaded {
	char *name, *src;
	size_t len;
};

struct page_info {
	const char *name;	/* file stem, a valid id */
	const char *title;
	char *src;		/* Markdown */
	size_t len;
	const char *path;
};

struct ctx {
	const struct build_opts *o;
	struct model m;
	struct arena *a;
	struct tmpl_env env;
	struct loaded *tpl;
	size_t n_tpl, cap_tpl;
	struct site site;
	struct page_info *pages;
	size_t n_pages;
	int *area_order;		/* area indexes sorted by code */
	struct period *quarters;
	size_t n_quarters;
	char generated[64];
	int failed;
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
	c->tpl[c->n_tpl].src = csvread_slurp(path, 1u << 22, &c->tpl[c->n_tpl].len);
	if (!c->tpl[c->n_tpl].src) {
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

static char *read_optional(const char *path, size_t *len)
{
	char *s = csvread_slurp(path, 1u << 22, len);
	if (!s && errno != ENOENT)
		diag_io(path, "cannot read", errno);
	if (s && csvread_utf8_check(s, *len) < *len) {
		diag_error(path, 0, 0, "not valid UTF-8: re-save the file as UTF-8");
		free(s);
		return NULL;
	}
	return s;
}

static struct tv *markdown_tv(struct arena *a, const char *src, size_t len, int shift)
{
	struct buf b;
	struct tv *v;
	buf_init(&b);
	markdown_render(src, len, shift, &b);
	v = tv_strn(a, b.s, b.len);
	buf_release(&b);
	return v;
}

static const char *fmt_value(struct arena *a, const struct metric *mt, double v)
{
	char tmp[64];
	model_format_value(mt, v, tmp, sizeof(tmp));
	return arena_strdup(a, tmp);
}

static const char *label_of(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_label(p, tmp);
	return arena_strdup(a, tmp);
}

static const char *slug_of(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_slug(p, tmp);
	return arena_strdup(a, tmp);
}

static const char *span_of(struct arena *a, const struct period *p)
{
	char tmp[PERIOD_TEXT_MAX];
	period_span(p, tmp);
	return arena_strdup(a, tmp);
}

/* "95.0 above plan", "1.2 percentage points below plan", "on plan" */
/* A figure with its unit for sentences: '2,155.3 per 100,000', '5.8 days'. */
static const char *fmt_unit(struct arena *a, const struct metric *mt, double v)
{
	const char *f = fmt_value(a, mt, v);
	if (mt->unit == UNIT_RATE)
		return arena_printf(a, "%s per 100,000", f);
	if (mt->unit == UNIT_DAYS)
		return arena_printf(a, "%s days", f);
	return f;
}

static const char *plan_diff(struct arena *a, const struct metric *mt, double v, double plan)
{
	struct metric plainm = *mt;
	char tmp[64];
	double d = v - plan;

	if (fabs(d) < 0.5 * pow(10, -mt->decimals))
		return "on plan";
	plainm.unit = UNIT_NUMBER;
	model_format_value(&plainm, fabs(d), tmp, sizeof(tmp));
	if (mt->unit == UNIT_PERCENT)
		return arena_printf(a, "%s percentage points %s plan", tmp, d > 0 ? "above" : "below");
	if (plan != 0)
		return arena_printf(a, "%s (%.1f%%) %s plan", tmp, fabs(d) / fabs(plan) * 100,
				    d > 0 ? "above" : "below");
	return arena_printf(a, "%s %s plan", tmp, d > 0 ? "above" : "below");
}

static const char *progress_words(const struct ctx *c, enum progress p)
{
	const struct settings *s = &c->m.settings;
	return p == PROGRESS_ON_TRACK ? s->on_track : p == PROGRESS_NOT_ON_TRACK ? s->not_on_track : s->no_data;
}

static const char *progress_class(enum progress p)
{
	return p == PROGRESS_ON_TRACK ? "on-track" : p == PROGRESS_NOT_ON_TRACK ? "not-on-track" : "no-data";
}

static const char *direction_words(enum direction d)
{
	switch (d) {
	case DIRECTION_BETTER: return "Improved";
	case DIRECTION_WORSE: return "Worsened";
	case DIRECTION_SAME: return "No change";
	case DIRECTION_CHANGED: return "Changed";
	default: return "Not available";
	}
}

static const char *frequency_words(enum period_kind k)
{
	return k == PERIOD_MONTH ? "Monthly" : k == PERIOD_QUARTER ? "Quarterly" : "Annual";
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
	for (i = 0; i < c->n_pages; i++) {
		struct tv *p = tv_push(a, pages, tv_map(a));
		tv_set_str(a, p, "href", arena_printf(a, "%s%s.html", root, c->pages[i].name));
		tv_set_str(a, p, "title", c->pages[i].title);
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

struct series {
	const struct obs *o;	/* home area, as of the report */
	size_t n;
	const struct obs *latest, *prev;
};

static void series_of(const struct metric *mt, int area, int asof, struct series *s)
{
	size_t k;

	memset(s, 0, sizeof(*s));
	if (area < 0)
		return;
	s->o = model_series(mt, area, asof, &s->n);
	s->latest = model_latest(s->o, s->n);
	if (s->latest)
		for (k = (size_t)(s->latest - s->o); k-- > 0;)
			if (s->o[k].flags & (OBS_VALUE | OBS_SUPPRESSED)) {
				s->prev = &s->o[k];
				break;
			}
}

/* The x axis: every period from the first to the last point of the home
 * series (and of the benchmark), as of the report. */
static size_t axis_periods(struct arena *a, const struct series *home, const struct series *bench,
			   int asof, enum period_kind kind, struct period **out)
{
	struct period first, p;
	size_t n = 0, cap = 0;
	int have = 0;

	*out = NULL;
	if (home->n) {
		first = home->o[0].period;
		have = 1;
	}
	if (bench->n && (!have || period_cmp(&bench->o[0].period, &first) < 0)) {
		first = bench->o[0].period;
		have = 1;
	}
	if (!have)
		return 0;
	for (p = first; period_end_month(&p) <= asof; p = period_next(&p)) {
		*out = arena_grow(a, *out, sizeof(**out), &cap, n + 1);
		(*out)[n++] = p;
		if (n > 100000)
			break;
	}
	/* drop trailing periods with neither data nor a plan */
	while (n) {
		size_t k;
		int any = 0;
		for (k = 0; k < home->n; k++)
			if (!period_cmp(&home->o[k].period, &(*out)[n - 1]))
				any = 1;
		for (k = 0; k < bench->n; k++)
			if (!period_cmp(&bench->o[k].period, &(*out)[n - 1]))
				any = 1;
		if (any)
			break;
		n--;
	}
	(void)kind;
	return n;
}

static void fill_line(const struct period *axis, size_t n, const struct series *s, int plan,
		      double *v, unsigned char *ok, unsigned char *sup)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		ok[i] = 0;
		if (sup)
			sup[i] = 0;
		while (k < s->n && period_cmp(&s->o[k].period, &axis[i]) < 0)
			k++;
		if (k < s->n && !period_cmp(&s->o[k].period, &axis[i])) {
			unsigned f = s->o[k].flags;
			if (plan && (f & OBS_PLAN)) {
				v[i] = s->o[k].plan;
				ok[i] = 1;
			} else if (!plan && (f & OBS_VALUE)) {
				v[i] = s->o[k].value;
				ok[i] = 1;
			} else if (!plan && (f & OBS_SUPPRESSED) && sup) {
				sup[i] = 1;
			}
		}
	}
}

static void csv_num(struct buf *b, unsigned flags, unsigned bit, double v)
{
	char tmp[64];
	if (flags & bit) {
		model_format_plain(v, tmp, sizeof(tmp));
		buf_adds(b, tmp);
	}
	buf_addc(b, ',');
}

/* Append the rows of one metric as of the report to b (the FORMATS.md
 * download), every area sorted by code. */
static void metric_csv(struct ctx *c, const struct metric *mt, int asof, struct buf *b)
{
	size_t i, k;
	for (i = 0; i < c->m.n_areas; i++) {
		const struct area *ar = &c->m.areas[c->area_order[i]];
		size_t n;
		const struct obs *o = model_series(mt, c->area_order[i], asof, &n);
		for (k = 0; k < n; k++) {
			char slug[PERIOD_TEXT_MAX];
			unsigned f = o[k].flags;
			period_slug(&o[k].period, slug);
			buf_add_csv(b, mt->id, strlen(mt->id));
			buf_addc(b, ',');
			buf_add_csv(b, ar->code, strlen(ar->code));
			buf_addc(b, ',');
			buf_add_csv(b, ar->name, strlen(ar->name));
			buf_addc(b, ',');
			buf_adds(b, slug);
			buf_addc(b, ',');
			csv_num(b, f, OBS_NUMERATOR, o[k].numerator);
			csv_num(b, f, OBS_DENOMINATOR, o[k].denominator);
			csv_num(b, f, OBS_VALUE, o[k].value);
			buf_adds(b, ",,");	/* lower_ci, upper_ci */
			csv_num(b, f, OBS_PLAN, o[k].plan);
			buf_adds(b, ",,,,,,");	/* mean, limits, variation, assurance, comparison */
			if (f & OBS_SUPPRESSED)
				buf_adds(b, "suppressed");
			else if (!(f & OBS_VALUE))
				buf_adds(b, "missing");
			buf_addc(b, '\n');
		}
	}
}

static const char *cell_text(struct arena *a, const struct metric *mt, const struct obs *o)
{
	if (o->flags & OBS_SUPPRESSED)
		return "suppressed";
	if (!(o->flags & OBS_VALUE))
		return "not available";
	return fmt_value(a, mt, o->value);
}

static const char *alt_text(struct ctx *c, struct arena *a, const struct metric *mt,
			    const struct series *home, const struct period *axis, size_t n)
{
	const char *who = c->m.home >= 0 ? c->m.areas[c->m.home].name : "";
	struct buf b;
	const char *r;

	if (!n || !home->latest)
		return arena_printf(a, "Chart of %s for %s: no data yet.", mt->title, who);
	buf_init(&b);
	buf_printf(&b, "Line chart of %s for %s, %s to %s.", mt->title, who, label_of(a, &axis[0]),
		   label_of(a, &axis[n - 1]));
	if (home->latest->flags & OBS_VALUE) {
		buf_printf(&b, " The latest figure, for %s, is %s", label_of(a, &home->latest->period),
			   fmt_unit(a, mt, home->latest->value));
		if (home->prev && (home->prev->flags & OBS_VALUE)) {
			double d = home->latest->value - home->prev->value;
			buf_printf(&b, ", %s %s in %s", d > 0 ? "up from" : d < 0 ? "down from" : "the same as",
				   fmt_value(a, mt, home->prev->value), label_of(a, &home->prev->period));
		}
		if (home->latest->flags & OBS_PLAN)
			buf_printf(&b, "; the plan was %s", fmt_value(a, mt, home->latest->plan));
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
		return arena_printf(a, "Trend: one figure, %s in %s", fmt_value(a, mt, first->value),
				    label_of(a, &first->period));
	return arena_printf(a, "Trend of %zu figures, from %s in %s to %s in %s", n, fmt_value(a, mt, first->value),
			    label_of(a, &first->period), fmt_value(a, mt, home->latest->value),
			    label_of(a, &home->latest->period));
}

/* Charts, CSV and page of one metric for one report; adds its scorecard row
 * to groups.  Returns -1 on failure. */
static int build_metric(struct ctx *c, struct arena *a, const struct period *q, const char *qslug,
			const struct metric *mt, struct tv *scorecard_row, struct buf *data_csv)
{
	int asof = period_end_month(q);
	struct series home, bench;
	struct period *axis;
	size_t n, i;
	double *hv, *pv, *bv;
	unsigned char *hok, *pok, *bok, *hsup;
	const char **labels;
	struct chart ch;
	struct buf b;
	struct tv *d, *rows, *cmp, *t;
	const char *alt, *home_name;
	enum progress prog;
	enum direction dir;
	int rc = 0;
	char *md;
	size_t md_len;

	series_of(mt, c->m.home, asof, &home);
	series_of(mt, c->m.benchmark, asof, &bench);
	if (c->m.benchmark == c->m.home)
		memset(&bench, 0, sizeof(bench));
	home_name = c->m.home >= 0 ? c->m.areas[c->m.home].name : "";
	n = axis_periods(a, &home, &bench, asof, mt->frequency, &axis);

	/* the chart */
	hv = arena_alloc(a, (n + 1) * sizeof(double));
	pv = arena_alloc(a, (n + 1) * sizeof(double));
	bv = arena_alloc(a, (n + 1) * sizeof(double));
	hok = arena_alloc(a, n + 1);
	pok = arena_alloc(a, n + 1);
	bok = arena_alloc(a, n + 1);
	labels = arena_alloc(a, (n + 1) * sizeof(*labels));
	for (i = 0; i < n; i++)
		labels[i] = label_of(a, &axis[i]);
	hsup = arena_alloc(a, n + 1);
	fill_line(axis, n, &home, 0, hv, hok, hsup);
	fill_line(axis, n, &home, 1, pv, pok, NULL);
	fill_line(axis, n, &bench, 0, bv, bok, NULL);
	memset(&ch, 0, sizeof(ch));
	ch.title = arena_printf(a, "%s, %s", mt->short_title, home_name);
	ch.subtitle = arena_printf(a, "%c%s. %s.", toupper((unsigned char)model_unit_words(mt->unit)[0]),
				   model_unit_words(mt->unit) + 1, model_polarity_words(mt->polarity));
	ch.labels = labels;
	ch.n = n;
	ch.metric = mt;
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
	rc |= chart_trend(&ch, CHART_SVG, &b);
	rc |= site_write(&c->site, arena_printf(a, "%s/%s.svg", qslug, mt->id), b.s, b.len);
	buf_reset(&b);
	rc |= chart_trend(&ch, CHART_PNG, &b);
	rc |= site_write(&c->site, arena_printf(a, "%s/%s.png", qslug, mt->id), b.s, b.len);
	buf_reset(&b);
	rc |= chart_sparkline(&ch, &b);
	rc |= site_write(&c->site, arena_printf(a, "%s/%s-trend.svg", qslug, mt->id), b.s, b.len);

	/* the download */
	buf_reset(&b);
	buf_adds(&b, CSV_HEADER);
	{
		size_t hdr = b.len;
		metric_csv(c, mt, asof, &b);
		buf_add(data_csv, b.s + hdr, b.len - hdr);
	}
	rc |= site_write(&c->site, arena_printf(a, "%s/%s.csv", qslug, mt->id), b.s, b.len);
	buf_release(&b);

	/* figures for the page and the scorecard */
	prog = stats_progress(mt->polarity, home.latest && (home.latest->flags & OBS_VALUE),
			      home.latest ? home.latest->value : 0,
			      home.latest && (home.latest->flags & OBS_PLAN), home.latest ? home.latest->plan : 0);
	dir = stats_direction(mt->polarity, home.prev && (home.prev->flags & OBS_VALUE),
			      home.prev ? home.prev->value : 0,
			      home.latest && (home.latest->flags & OBS_VALUE), home.latest ? home.latest->value : 0);
	alt = alt_text(c, a, mt, &home, axis, n);

	t = scorecard_row;
	tv_set_str(a, t, "id", mt->id);
	tv_set_str(a, t, "href", arena_printf(a, "%s.html", mt->id));
	tv_set_str(a, t, "title", mt->title);
	tv_set_str(a, t, "short_title", mt->short_title);
	tv_set_str(a, t, "unit", model_unit_words(mt->unit));
	tv_set_str(a, t, "progress", progress_words(c, prog));
	tv_set_str(a, t, "progress_class", progress_class(prog));
	tv_set_str(a, t, "direction", direction_words(dir));
	tv_set_str(a, t, "direction_class", dir == DIRECTION_BETTER ? "better" : dir == DIRECTION_WORSE ? "worse" : "neutral");
	tv_set_str(a, t, "trend_src", arena_printf(a, "%s-trend.svg", mt->id));
	if (home.latest) {
		tv_set_str(a, t, "value", cell_text(a, mt, home.latest));
		tv_set_str(a, t, "period", label_of(a, &home.latest->period));
		if (home.latest->flags & OBS_PLAN) {
			tv_set_str(a, t, "plan", fmt_value(a, mt, home.latest->plan));
			if (home.latest->flags & OBS_VALUE)
				tv_set_str(a, t, "diff", plan_diff(a, mt, home.latest->value, home.latest->plan));
		}
	}
	if (home.prev && (home.prev->flags & OBS_VALUE))
		tv_set_str(a, t, "prev", arena_printf(a, "from %s in %s", fmt_value(a, mt, home.prev->value),
						      label_of(a, &home.prev->period)));
	else if (home.prev)
		tv_set_str(a, t, "prev", arena_printf(a, "the %s figure was suppressed",
						      label_of(a, &home.prev->period)));
	tv_set_str(a, t, "trend_alt", spark_alt(a, mt, &home));

	/* the metric page */
	d = page_base(c, a, "../", arena_printf(a, "%s, %s", mt->title, label_of(a, q)));
	crumb(a, d, "../index.html", "All reports");
	crumb(a, d, "index.html", arena_printf(a, "%s report", label_of(a, q)));
	tv_set(a, d, "metric", t);
	tv_set_str(a, d, "quarter", label_of(a, q));
	tv_set_str(a, d, "quarter_span", span_of(a, q));
	tv_set_str(a, d, "home_name", home_name);
	tv_set_str(a, d, "frequency", frequency_words(mt->frequency));
	tv_set_str(a, d, "polarity", model_polarity_words(mt->polarity));
	tv_set_str(a, d, "source", mt->source);
	if (*mt->definition)
		tv_set(a, d, "definition", markdown_tv(a, mt->definition, strlen(mt->definition), 1));
	tv_set_str(a, d, "chart_svg", arena_printf(a, "%s.svg", mt->id));
	tv_set_str(a, d, "chart_png", arena_printf(a, "%s.png", mt->id));
	tv_set_str(a, d, "chart_csv", arena_printf(a, "%s.csv", mt->id));
	tv_set_str(a, d, "chart_alt", alt);
	tv_set(a, d, "chart_width", tv_num(a, CHART_WIDTH));
	tv_set(a, d, "chart_height", tv_num(a, CHART_HEIGHT));
	if (home.latest) {
		struct buf h;
		buf_init(&h);
		if (home.latest->flags & OBS_VALUE)
			buf_printf(&h, "%s: %s in %s", mt->short_title, fmt_unit(a, mt, home.latest->value),
				   label_of(a, &home.latest->period));
		else
			buf_printf(&h, "The figure for %s was suppressed to protect confidentiality",
				   label_of(a, &home.latest->period));
		if ((home.latest->flags & OBS_PLAN) && (home.latest->flags & OBS_VALUE))
			buf_printf(&h, ", %s (the plan was %s)", plan_diff(a, mt, home.latest->value, home.latest->plan),
				   fmt_value(a, mt, home.latest->plan));
		buf_adds(&h, ".");
		if (home.prev && (home.prev->flags & OBS_VALUE) && (home.latest->flags & OBS_VALUE))
			buf_printf(&h, " In %s it was %s.", label_of(a, &home.prev->period),
				   fmt_value(a, mt, home.prev->value));
		tv_set(a, d, "headline", tv_strn(a, h.s, h.len));
		buf_release(&h);
	}

	rows = tv_list(a);
	for (i = home.n; i-- > 0;) {
		const struct obs *o = &home.o[i];
		struct tv *r = tv_push(a, rows, tv_map(a));
		tv_set_str(a, r, "period", label_of(a, &o->period));
		tv_set_str(a, r, "value", cell_text(a, mt, o));
		if (o->flags & OBS_NUMERATOR)
			tv_set_str(a, r, "numerator", fmt_value(a, &(struct metric){ .unit = UNIT_COUNT, .decimals = 0 },
								o->numerator));
		if (o->flags & OBS_DENOMINATOR)
			tv_set_str(a, r, "denominator", fmt_value(a, &(struct metric){ .unit = UNIT_COUNT, .decimals = 0 },
								  o->denominator));
		if (o->flags & OBS_PLAN)
			tv_set_str(a, r, "plan", fmt_value(a, mt, o->plan));
		if (o->note && *o->note)
			tv_set_str(a, r, "note", o->note);
	}
	tv_set(a, d, "rows", rows);
	tv_set_bool(a, d, "has_numerator", home.n && home.o[0].flags & OBS_NUMERATOR);

	/* comparison: the home area and the benchmark, latest of each */
	cmp = tv_list(a);
	{
		const struct series *ss[2] = { &home, &bench };
		int ids[2] = { c->m.home, c->m.benchmark };
		for (i = 0; i < 2; i++) {
			struct tv *r;
			if (ids[i] < 0 || !ss[i]->latest)
				continue;
			r = tv_push(a, cmp, tv_map(a));
			tv_set_str(a, r, "area", c->m.areas[ids[i]].name);
			if (strcmp(c->m.areas[ids[i]].code, c->m.areas[ids[i]].name))
				tv_set_str(a, r, "code", c->m.areas[ids[i]].code);
			tv_set_str(a, r, "period", label_of(a, &ss[i]->latest->period));
			tv_set_str(a, r, "value", cell_text(a, mt, ss[i]->latest));
		}
	}
	tv_set(a, d, "comparison", cmp);
	tv_set_bool(a, d, "has_comparison", cmp->n > 1);

	md = read_optional(arena_printf(a, "%s/narrative/%s/%s.md", c->o->metrics_dir, qslug, mt->id), &md_len);
	if (md) {
		tv_set(a, d, "commentary", markdown_tv(a, md, md_len, 2));
		free(md);
	}
	rc |= write_page(c, "metric", d, arena_printf(a, "%s/%s.html", qslug, mt->id));
	return rc ? -1 : 0;
}

static int build_report(struct ctx *c, size_t qi)
{
	const struct period *q = &c->quarters[qi];
	struct arena a;
	const char *qslug;
	struct tv *d, *groups, *cur_group = NULL, *metrics = NULL;
	struct buf data_csv;
	size_t i;
	int rc = 0;
	char *md;
	size_t md_len;
	const char *cur_name = NULL;

	arena_init(&a);
	qslug = slug_of(&a, q);
	buf_init(&data_csv);
	buf_adds(&data_csv, CSV_HEADER);
	d = page_base(c, &a, "../", arena_printf(&a, "%s report", label_of(&a, q)));
	crumb(&a, d, "../index.html", "All reports");
	groups = tv_list(&a);
	for (i = 0; i < c->m.n_metrics && rc == 0; i++) {
		const struct metric *mt = &c->m.metrics[i];
		struct tv *row = tv_map(&a);
		if (!cur_group || strcmp(cur_name, mt->group)) {
			cur_group = tv_push(&a, groups, tv_map(&a));
			cur_name = mt->group;
			tv_set_str(&a, cur_group, "name", *mt->group ? mt->group : "Metrics");
			metrics = tv_set(&a, cur_group, "metrics", tv_list(&a));
		}
		if (build_metric(c, &a, q, qslug, mt, row, &data_csv) < 0)
			rc = -1;
		tv_push(&a, metrics, row);
	}
	tv_set(&a, d, "groups", groups);
	tv_set_str(&a, d, "quarter", label_of(&a, q));
	tv_set_str(&a, d, "quarter_span", span_of(&a, q));
	tv_set_str(&a, d, "home_name", c->m.home >= 0 ? c->m.areas[c->m.home].name : "");
	if (qi > 0) {
		tv_set_str(&a, d, "prev_href", arena_printf(&a, "../%s/index.html", slug_of(&a, &c->quarters[qi - 1])));
		tv_set_str(&a, d, "prev_label", label_of(&a, &c->quarters[qi - 1]));
	}
	if (qi + 1 < c->n_quarters) {
		tv_set_str(&a, d, "next_href", arena_printf(&a, "../%s/index.html", slug_of(&a, &c->quarters[qi + 1])));
		tv_set_str(&a, d, "next_label", label_of(&a, &c->quarters[qi + 1]));
	}
	md = read_optional(arena_printf(&a, "%s/narrative/%s/index.md", c->o->metrics_dir, qslug), &md_len);
	if (md) {
		tv_set(&a, d, "narrative", markdown_tv(&a, md, md_len, 1));
		free(md);
	}
	if (rc == 0)
		rc = site_write(&c->site, arena_printf(&a, "%s/data.csv", qslug), data_csv.s, data_csv.len);
	if (rc == 0)
		rc = write_page(c, "report", d, arena_printf(&a, "%s/index.html", qslug));
	buf_release(&data_csv);
	arena_release(&a);
	return rc;
}

static int build_index(struct ctx *c)
{
	struct arena a;
	struct tv *d, *reports;
	size_t i;
	int rc;

	arena_init(&a);
	d = page_base(c, &a, "", "All reports");
	reports = tv_list(&a);
	for (i = c->n_quarters; i-- > 0;) {
		struct tv *r = tv_push(&a, reports, tv_map(&a));
		tv_set_str(&a, r, "href", arena_printf(&a, "%s/index.html", slug_of(&a, &c->quarters[i])));
		tv_set_str(&a, r, "label", label_of(&a, &c->quarters[i]));
		tv_set_str(&a, r, "span", span_of(&a, &c->quarters[i]));
		tv_set_bool(&a, r, "latest", i + 1 == c->n_quarters);
	}
	tv_set(&a, d, "reports", reports);
	tv_set_str(&a, d, "home_name", c->m.home >= 0 ? c->m.areas[c->m.home].name : "");
	tv_set(&a, d, "metric_count", tv_num(&a, (double)c->m.n_metrics));
	rc = write_page(c, "index", d, "index.html");
	arena_release(&a);
	return rc;
}

/* ---- standing pages and narrative checks ---- */

static int name_cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static char **list_dir(struct arena *a, const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = arena_grow(a, names, sizeof(*names), &cap, *n + 1);
		names[(*n)++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(names, *n, sizeof(*names), name_cmp);
	return names;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a > b && !strcmp(s + a - b, suffix);
}

static int load_pages(struct ctx *c)
{
	const char *dir = arena_printf(c->a, "%s/pages", c->o->metrics_dir);
	size_t n, i;
	char **names = list_dir(c->a, dir, &n);
	int rc = 0;

	c->pages = arena_alloc(c->a, (n + 1) * sizeof(*c->pages));
	for (i = 0; i < n; i++) {
		struct page_info *p = &c->pages[c->n_pages];
		size_t stem;
		char *title;
		if (!ends_with(names[i], ".md"))
			continue;
		stem = strlen(names[i]) - 3;
		p->path = arena_printf(c->a, "%s/%s", dir, names[i]);
		if (!model_valid_id(names[i], stem) || (stem == 5 && !strncmp(names[i], "index", 5))) {
			diag_error(p->path, 0, 0, "'%s' is not a usable page name: expected a-z, 0-9, '_' and '-' "
				   "(it names the page's file), and not 'index'", names[i]);
			rc = -1;
			continue;
		}
		p->name = arena_strndup(c->a, names[i], stem);
		p->src = read_optional(p->path, &p->len);
		if (!p->src) {
			rc = -1;
			continue;
		}
		title = markdown_title(p->src, p->len);
		p->title = arena_strdup(c->a, title ? title : p->name);
		free(title);
		c->n_pages++;
	}
	return rc;
}

static void free_pages(struct ctx *c)
{
	size_t i;
	for (i = 0; i < c->n_pages; i++)
		free(c->pages[i].src);
}

static int build_pages(struct ctx *c)
{
	size_t i;
	int rc = 0;
	for (i = 0; i < c->n_pages && rc == 0; i++) {
		struct arena a;
		struct tv *d;
		arena_init(&a);
		d = page_base(c, &a, "", c->pages[i].title);
		tv_set(&a, d, "body", markdown_tv(&a, c->pages[i].src, c->pages[i].len, 0));
		tv_set_str(&a, d, "title", c->pages[i].title);
		rc = write_page(c, "page", d, arena_printf(&a, "%s.html", c->pages[i].name));
		arena_release(&a);
	}
	return rc;
}

/* Warn about narrative that no report will show: a folder that is not a
 * quarter, a file that names no metric. */
static void check_narrative(struct ctx *c)
{
	const char *dir = arena_printf(c->a, "%s/narrative", c->o->metrics_dir);
	size_t n, i, k, nf;
	char **names = list_dir(c->a, dir, &n);

	for (i = 0; i < n; i++) {
		struct period p;
		const char *sub = arena_printf(c->a, "%s/%s", dir, names[i]);
		char **files;
		char slug[PERIOD_TEXT_MAX];
		int found = 0;

		if (period_parse(names[i], strlen(names[i]), PERIOD_QUARTER, &p) < 0 || p.kind != PERIOD_QUARTER ||
		    (period_slug(&p, slug), strcmp(slug, names[i]))) {
			diag_warning(sub, 0, 0, "not a quarter folder: expected a name such as '2018-19-q2'");
			continue;
		}
		for (k = 0; k < c->n_quarters; k++)
			if (!period_cmp(&c->quarters[k], &p))
				found = 1;
		if (!found)
			diag_warning(sub, 0, 0, "no report for %s: this narrative is not published", slug);
		files = list_dir(c->a, sub, &nf);
		for (k = 0; k < nf; k++) {
			size_t stem = strlen(files[k]) - 3;
			if (!ends_with(files[k], ".md")) {
				diag_warning(arena_printf(c->a, "%s/%s", sub, files[k]), 0, 0,
					     "ignored: narrative files end in .md");
				continue;
			}
			if (!(stem == 5 && !strncmp(files[k], "index", 5)) && !model_metric(&c->m, files[k], stem))
				diag_warning(arena_printf(c->a, "%s/%s", sub, files[k]), 0, 0,
					     "'%.*s' is not a metric in metrics.csv: this commentary is not published",
					     (int)stem, files[k]);
		}
	}
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
		diag_error(arena_printf(c->a, "%s/site.ini", c->o->metrics_dir), 0, 0,
			   "the first report, %s, would come after the last, %s", a, b);
		return -1;
	}
	for (; period_cmp(&q, &stop) <= 0; q = period_next(&q)) {
		c->quarters = arena_grow(c->a, c->quarters, sizeof(*c->quarters), &cap, c->n_quarters + 1);
		c->quarters[c->n_quarters++] = q;
	}
	return 0;
}

static const struct model *sort_model;
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

	memset(&c, 0, sizeof(c));
	c.o = o;
	c.a = &a;
	arena_init(&a);
	tmpl_env_init(&c.env, load_template, &c);

	if (model_load(&c.m, &a, o->metrics_dir) < 0 || set_generated(&c) < 0 || plan_quarters(&c) < 0) {
		rc = -1;
		goto out;
	}
	check_narrative(&c);
	if (load_pages(&c) < 0)
		rc = -1;
	if (!o->check_only && check_templates(&c) < 0)
		rc = -1;
	if (rc < 0 || diag_errors())
		goto out;
	if (o->check_only)
		goto out;

	c.area_order = arena_alloc(&a, (c.m.n_areas + 1) * sizeof(int));
	for (i = 0; i < c.m.n_areas; i++)
		c.area_order[i] = (int)i;
	sort_model = &c.m;
	qsort(c.area_order, c.m.n_areas, sizeof(int), area_code_cmp);

	if (site_begin(&c.site, o->out_dir) < 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; i < c.n_quarters && rc == 0; i++)
		rc = build_report(&c, i);
	if (rc == 0)
		rc = build_index(&c);
	if (rc == 0)
		rc = build_pages(&c);
	if (rc == 0)
		rc = site_copy_tree(&c.site, o->assets_dir, "assets");
	if (rc == 0 && diag_errors() == 0) {
		size_t files = c.site.files;
		rc = site_commit(&c.site);
		if (rc == 0 && !o->quiet)
			fprintf(stderr, "bcfgen: wrote %zu reports, %zu files to %s/\n", c.n_quarters, files,
				o->out_dir);
	} else {
		site_abort(&c.site);
		rc = -1;
	}
out:
	status = exit_status();
	if (rc < 0 && status == 0)
		status = 3;
	free_pages(&c);
	free_templates(&c);
	tmpl_env_release(&c.env);
	arena_release(&a);
	chart_cleanup();
	return status;
}
