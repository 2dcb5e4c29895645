/* The comparison chart: every area's latest figure, as a labelled bar per
 * area, or for more than CHART_COMPARE_MAX_BARS areas as a ranked dot chart
 * of fixed size. */
#include "chart_impl.h"
#include "arena.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAR_ROW 18
#define BAR_TOP 116
/* For phones, each area's name above its bar, across the chart's width;
 * above NARROW_MAX_BARS areas (a chart taller than about five screens) a
 * ranked dot chart instead. */
#define NARROW_ROW 34
#define NARROW_MAX_BARS 30

#define RANKED_HEIGHT 500

/* A white ground, the title and the unit, wrapped to the width W;
 * returns the baseline of the unit's last line. */
static double compare_heading(cairo_t *cr, const struct chart_compare *c, double W)
{
	/* the wide bars' layout is fixed: a title of one line */
	double y = c->narrow || chart_compare_ranked(c) ? chart_title(cr, c->title, W) : chart_title_line(cr, c->title, W);

	chart_font(cr, 13, 0);
	chart_rgb(cr, chart_c_axis);
	/* wrapped on phones; else one line, the bars' layout being fixed */
	if (c->subtitle && c->narrow)
		y = chart_wrapped(cr, 16, y, W - 32, 20, c->subtitle) - 20;
	else if (c->subtitle)
		chart_text_fit(cr, 16, y, W - 32, c->subtitle);
	return y;
}

/* What the chart draws, as its key says: lead ("Bars: latest figure"),
 * then ci where any area has an interval, then the benchmark's line when
 * there is one. */
static void compare_key(const struct chart_compare *c, const char *lead, const char *ci, char *out, size_t size)
{
	size_t k;
	int any_ci = 0;

	for (k = 0; k < c->n; k++)
		any_ci |= c->bars[k].has_ci;
	snprintf(out, size, "%s%s%s", lead, any_ci ? ci : "", c->has_benchmark ? "; dashed line: benchmark" : "");
}

static const char bars_lead[] = "Bars: latest figure";
static const char bars_ci[] = "; lines across them: 95% confidence interval";

/* The narrow chart's heading and key, wrapped; returns the top of its
 * first bar. */
static double narrow_heading(cairo_t *cr, const struct chart_compare *c, double W)
{
	char key[160];
	double y = compare_heading(cr, c, W);

	compare_key(c, bars_lead, bars_ci, key, sizeof(key));
	chart_font(cr, 12, 0);
	chart_rgb(cr, chart_c_axis);
	return chart_wrapped(cr, 16, y + 20, W - 32, 16, key) + 38;
}

/* The top of the narrow chart's bars, measured on a scratch surface. */
static double narrow_top(const struct chart_compare *c)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
	cairo_t *cr = cairo_create(s);
	double top;

	chart_pin_fonts(cr);
	top = narrow_heading(cr, c, CHART_NARROW_WIDTH);

	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return ceil(top);
}

int chart_compare_height(size_t n)
{
	return n > CHART_COMPARE_MAX_BARS ? RANKED_HEIGHT : BAR_TOP + BAR_ROW * (int)n + 48;
}

int chart_compare_ranked(const struct chart_compare *c)
{
	return c->n > (c->narrow ? NARROW_MAX_BARS : CHART_COMPARE_MAX_BARS);
}

/* The height of c as drawn, narrow or not. */
static int compare_height(const struct chart_compare *c)
{
	if (c->narrow && chart_compare_ranked(c))
		return CHART_NARROW_HEIGHT;
	if (c->narrow)
		return (int)narrow_top(c) + NARROW_ROW * (int)c->n + 36;
	return chart_compare_height(c->n);
}

/* ---- a bar per area ---- */

/* The value scale across the bars. */
struct bars_frame {
	double first, step;	/* the lowest tick, the distance between ticks */
	int nt;			/* the number of ticks */
	double x0, pw;		/* the bars' left edge (value first) and width */
	double top, row;	/* the first bar's top, the distance between bars */
	int above;		/* names above the bars, not to their left */
};

static double bars_x(const struct bars_frame *f, double v)
{
	return f->x0 + (v - f->first) / (f->step * (f->nt - 1)) * f->pw;
}

/* An area's name as its bar is labelled: at most 30 bytes (whole
 * characters) and "...". */
static void bars_label(const char *label, char *out, size_t size)
{
	snprintf(out, size, "%.*s%s", (int)chart_utf8_cut(label, 30), label, strlen(label) > 30 ? "..." : "");
}

/* The value grid with its scale below the bars and above them. */
static void bars_grid(cairo_t *cr, const struct chart_compare *c, const struct bars_frame *f)
{
	char tmp[96];
	int i;

	for (i = 0; i < f->nt; i++) {
		double v = f->first + i * f->step, x = bars_x(f, v);
		chart_rgb(cr, chart_c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, floor(x) + 0.5, f->top - 6);
		cairo_line_to(cr, floor(x) + 0.5, f->top + f->row * (double)c->n);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_axis);
		chart_number(c->number, c->number_ctx, v, chart_step_decimals(f->step), tmp, sizeof(tmp));
		chart_text_at(cr, x, f->top + f->row * (double)c->n + 18, tmp, 0.5);
		/* the scale at the top too: a long chart is read from there */
		chart_text_at(cr, x, f->top - 8, tmp, 0.5);
	}
}

/* The k-th bar from zero, its interval as whiskers, and its name. */
static void bars_one(cairo_t *cr, const struct chart_compare *c, const struct bars_frame *f, size_t k)
{
	/* a lighter bar still 3:1 on white, the home area's darkest */
	static const double c_bar[3] = { 0x6F / 255.0, 0x8C / 255.0, 0xA8 / 255.0 };
	const struct chart_bar *b = &c->bars[k];
	double yb = f->top + f->row * (double)k;
	double xz = bars_x(f, 0);
	double xv = bars_x(f, b->v);
	char lab[64];

	if (b->id)
		chart_group_begin(cr, b->id, NULL);
	if (b->highlight)
		chart_rgb(cr, chart_c_home);
	else
		cairo_set_source_rgb(cr, c_bar[0], c_bar[1], c_bar[2]);
	if (f->above)
		yb += NARROW_ROW - BAR_ROW;	/* the bar under its name */
	cairo_rectangle(cr, fmin(xz, xv), yb + 3, fabs(xv - xz), BAR_ROW - 6);
	chart_fill(cr);
	if (b->has_ci) {
		double xl = bars_x(f, b->lo);
		double xh = bars_x(f, b->hi);
		chart_rgb(cr, chart_c_text);
		cairo_set_line_width(cr, 1.25);
		cairo_move_to(cr, xl, yb + BAR_ROW / 2.0);
		cairo_line_to(cr, xh, yb + BAR_ROW / 2.0);
		cairo_move_to(cr, xl, yb + 5);
		cairo_line_to(cr, xl, yb + BAR_ROW - 5);
		cairo_move_to(cr, xh, yb + 5);
		cairo_line_to(cr, xh, yb + BAR_ROW - 5);
		chart_stroke(cr);
	}
	chart_font(cr, 12, b->highlight);
	chart_rgb(cr, chart_c_text);
	bars_label(b->label, lab, sizeof(lab));
	if (f->above)
		chart_text_at(cr, 16, yb - 2, lab, 0);
	else
		chart_text_at(cr, f->x0 - 6, yb + BAR_ROW - 5, lab, 1);
	if (b->id)
		chart_group_end(cr);
}

/* Whether any area has an id (the SVG then has the rules for :target). */
static int any_id(const struct chart_compare *c)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (c->bars[k].id)
			return 1;
	return 0;
}

/* The bar whose group is the fragment: the home area's colour, an outline
 * (not colour alone) and its name bold.  The bar is its group's first
 * path. */
static const char bars_target_css[] =
	"g:target path:first-child{fill:#12436d;stroke:#0b0c0c;stroke-width:2}"
	"g:target text{font-weight:bold}";

/* The benchmark as a dashed line down the bars, named above them within
 * the chart's width W. */
static void bars_benchmark(cairo_t *cr, const struct chart_compare *c, const struct bars_frame *f, double W)
{
	static const double dash[] = { 6, 4 };
	double xb = bars_x(f, c->benchmark);
	char tmp[96];

	chart_rgb(cr, chart_c_plan);
	cairo_set_line_width(cr, 2);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, xb, f->top - 22);
	cairo_line_to(cr, xb, f->top + f->row * (double)c->n);
	chart_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	chart_font(cr, 12, 1);
	snprintf(tmp, sizeof(tmp), "%s", c->benchmark_name ? c->benchmark_name : "Benchmark");
	chart_text_at(cr, xb, f->top - 26, tmp,
		      xb + chart_text_width(cr, tmp) / 2 > W - 4 ? 1 : xb - chart_text_width(cr, tmp) / 2 < 4 ? 0 : 0.5);
}

static void draw_comparison(cairo_t *cr, const void *chart, double W, double H)
{
	const struct chart_compare *c = chart;
	double lo = 0, hi = -INFINITY, labw = 0;
	struct bars_frame f;
	size_t k;
	char key[160];

	if (c->narrow) {
		f.top = narrow_heading(cr, c, W);
		f.row = NARROW_ROW;
		f.above = 1;
	} else {
		compare_heading(cr, c, W);
		f.top = BAR_TOP;
		f.row = BAR_ROW;
		f.above = 0;
	}
	for (k = 0; k < c->n; k++) {
		hi = fmax(hi, c->bars[k].has_ci ? c->bars[k].hi : c->bars[k].v);
		lo = fmin(lo, c->bars[k].has_ci ? c->bars[k].lo : c->bars[k].v);
	}
	if (c->has_benchmark) {
		hi = fmax(hi, c->benchmark);
		lo = fmin(lo, c->benchmark);
	}
	if (!c->n || !isfinite(hi)) {
		chart_text_at(cr, W / 2, H / 2, "No figures to compare", 0.5);
		return;
	}
	f.nt = chart_nice_ticks(lo, hi, f.above ? 4 : 6, &f.first, &f.step);
	chart_font(cr, 12, 0);
	for (k = 0; k < c->n; k++) {
		char lab[64];
		bars_label(c->bars[k].label, lab, sizeof(lab));
		labw = fmax(labw, chart_text_width(cr, lab));
	}
	f.x0 = f.above ? 16 + 14 : 16 + labw + 10;
	f.pw = W - f.x0 - (f.above ? 30 : 44);
	if (any_id(c))
		chart_style(cr, bars_target_css);
	bars_grid(cr, c, &f);
	for (k = 0; k < c->n; k++)
		bars_one(cr, c, &f, k);
	if (c->has_benchmark)
		bars_benchmark(cr, c, &f, W);
	if (f.above)
		return;
	/* a key to what is drawn: the whiskers are 95% intervals */
	compare_key(c, bars_lead, bars_ci, key, sizeof(key));
	chart_font(cr, 12, 0);
	chart_rgb(cr, chart_c_axis);
	chart_text_at(cr, 16, BAR_TOP - 48, key, 0);
}

/* ---- a ranked dot chart ---- */

/* The value scale up the chart and the ranks across it. */
struct ranked_frame {
	double first, step, span;	/* the lowest tick, the distance between
					 * ticks, from the lowest to the highest */
	int nt;				/* the number of ticks */
	double top, bottom;		/* y of the highest and the lowest tick */
	double x0, pw;			/* the plot's left edge and width */
	double col_w;			/* the width of an area's rank */
};

/* A line of 12-pixel text starting at x with its baseline at y. */
struct label {
	double x, y, w;
};

static double ranked_y(const struct ranked_frame *f, double v)
{
	return f->bottom - (v - f->first) / f->span * (f->bottom - f->top);
}

/* 12,345 */
static void group_digits(size_t n, char *out, size_t size)
{
	char d[32];
	size_t len = (size_t)snprintf(d, sizeof(d), "%zu", n), i, o = 0;

	for (i = 0; i < len && o + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

static int labels_meet(const struct label *a, const struct label *b)
{
	return a->x < b->x + b->w + 6 && b->x < a->x + a->w + 6 && a->y - 13 < b->y + 4 && b->y - 13 < a->y + 4;
}

/* A white ground under a label, so that it reads over the dots. */
static void label_ground(cairo_t *cr, const struct label *l)
{
	cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
	cairo_rectangle(cr, l->x - 3, l->y - 12, l->w + 6, 16);
	chart_fill(cr);
}

/* The lowest and highest value drawn, intervals and benchmark included,
 * into lo and hi; returns the highlighted area's index, or (size_t)-1. */
static size_t ranked_range(const struct chart_compare *c, double *lo_out, double *hi_out)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t k, home = (size_t)-1;

	for (k = 0; k < c->n; k++) {
		const struct chart_bar *b = &c->bars[k];
		hi = fmax(hi, b->has_ci ? fmax(b->hi, b->v) : b->v);
		lo = fmin(lo, b->has_ci ? fmin(b->lo, b->v) : b->v);
		if (b->highlight)
			home = k;
	}
	if (c->has_benchmark) {
		hi = fmax(hi, c->benchmark);
		lo = fmin(lo, c->benchmark);
	}
	*lo_out = lo;
	*hi_out = hi;
	return home;
}

/* The plot between the heading's last line y and the rank axis, right of
 * the widest value label; f's ticks are set. */
static void ranked_layout(cairo_t *cr, const struct chart_compare *c, double W, double H, double y,
			  struct ranked_frame *f)
{
	double first = f->first, step = f->step, x0 = 0;
	int nt = f->nt, i;
	char tmp[256];

	f->span = step * (nt - 1);
	f->top = y + 52;
	f->bottom = H - 52;
	for (i = 0; i < nt; i++) {
		chart_number(c->number, c->number_ctx, first + i * step, chart_step_decimals(step), tmp, sizeof(tmp));
		x0 = fmax(x0, chart_text_width(cr, tmp));
	}
	x0 = 16 + x0 + 10;
	f->x0 = x0;
	f->pw = W - x0 - 24;
	f->col_w = f->pw / (double)c->n;
}

/* The value grid and its labels. */
static void ranked_grid(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f)
{
	double x0 = f->x0, pw = f->pw;
	char tmp[256];
	int i;

	for (i = 0; i < f->nt; i++) {
		double v = f->first + i * f->step, yy = floor(ranked_y(f, v)) + 0.5;
		chart_rgb(cr, chart_c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, x0, yy);
		cairo_line_to(cr, x0 + pw, yy);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_axis);
		chart_number(c->number, c->number_ctx, v, chart_step_decimals(f->step), tmp, sizeof(tmp));
		chart_text_at(cr, x0 - 6, yy + 4, tmp, 1);
	}
}

/* The areas, a pixel column at a time: the intervals as a band, then the
 * figures as dots, or as strokes when the areas are closer than a dot. */
static void ranked_areas(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f)
{
	static const double c_dot[3] = { 0x6F / 255.0, 0x8C / 255.0, 0xA8 / 255.0 };
	static const double c_band[3] = { 0xD2 / 255.0, 0xDC / 255.0, 0xE6 / 255.0 };
	double x0 = f->x0, col_w = f->col_w;
	size_t k, ncol = (size_t)ceil(f->pw);
	double *vmin, *vmax, *cmin, *cmax;

	vmin = xmalloc(4 * ncol * sizeof(double));
	vmax = vmin + ncol;
	cmin = vmax + ncol;
	cmax = cmin + ncol;
	for (k = 0; k < ncol; k++) {
		vmin[k] = cmin[k] = INFINITY;
		vmax[k] = cmax[k] = -INFINITY;
	}
	for (k = 0; k < c->n; k++) {
		const struct chart_bar *b = &c->bars[k];
		size_t col = (size_t)(((double)k + 0.5) * col_w);
		if (col >= ncol)
			col = ncol - 1;
		vmin[col] = fmin(vmin[col], b->v);
		vmax[col] = fmax(vmax[col], b->v);
		if (b->has_ci) {
			cmin[col] = fmin(cmin[col], b->lo);
			cmax[col] = fmax(cmax[col], b->hi);
		}
	}
	cairo_set_source_rgb(cr, c_band[0], c_band[1], c_band[2]);
	cairo_set_line_width(cr, fmax(1, fmin(col_w, 4)));
	for (k = 0; k < ncol; k++)
		if (cmin[k] <= cmax[k]) {
			cairo_move_to(cr, x0 + (double)k + 0.5, ranked_y(f, cmax[k]));
			cairo_line_to(cr, x0 + (double)k + 0.5, ranked_y(f, cmin[k]));
		}
	chart_stroke(cr);
	cairo_set_source_rgb(cr, c_dot[0], c_dot[1], c_dot[2]);
	if (col_w >= 2.5) {
		/* room for a dot each */
		for (k = 0; k < c->n; k++)
			chart_disc(cr, x0 + ((double)k + 0.5) * col_w, ranked_y(f, c->bars[k].v), fmin(col_w * 0.45, 3));
	} else {
		cairo_set_line_width(cr, 2);
		for (k = 0; k < ncol; k++)
			if (vmin[k] <= vmax[k]) {
				/* at least a dot's height */
				cairo_move_to(cr, x0 + (double)k + 0.5, ranked_y(f, vmax[k]) - 1);
				cairo_line_to(cr, x0 + (double)k + 0.5, ranked_y(f, vmin[k]) + 1);
			}
		chart_stroke(cr);
	}
	free(vmin);
}

/* The rank axis: first, last, and what it counts. */
static void ranked_axis(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f)
{
	double x0 = f->x0, pw = f->pw, bottom = f->bottom;
	char tmp[256];

	chart_rgb(cr, chart_c_axis);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(bottom) + 0.5);
	cairo_line_to(cr, x0 + pw, floor(bottom) + 0.5);
	chart_stroke(cr);
	chart_text_at(cr, x0, bottom + 16, "1", 0);
	group_digits(c->n, tmp, sizeof(tmp));
	chart_text_at(cr, x0 + pw, bottom + 16, tmp, 1);
	chart_text_at(cr, x0 + pw / 2, bottom + 34, "Areas, highest figure first", 0.5);
}

/* The benchmark as a dashed line across, named at its right end; where
 * the name went into bl. */
static void ranked_benchmark(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f,
			     struct label *bl)
{
	static const double dash[] = { 6, 4 };
	double x0 = f->x0, pw = f->pw, top = f->top;
	double yb = ranked_y(f, c->benchmark), tw;
	char tmp[256];

	chart_rgb(cr, chart_c_plan);
	cairo_set_line_width(cr, 2);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x0, yb);
	cairo_line_to(cr, x0 + pw, yb);
	chart_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	snprintf(tmp, sizeof(tmp), "%s", c->benchmark_name ? c->benchmark_name : "Benchmark");
	tw = chart_text_width(cr, tmp);
	/* above the line, or below it when the line is near the top */
	bl->y = yb - 6 < top + 14 ? yb + 16 : yb - 6;
	bl->x = x0 + pw - 4 - tw;
	bl->w = tw;
	label_ground(cr, bl);
	chart_rgb(cr, chart_c_plan);
	chart_text_at(cr, bl->x, bl->y, tmp, 0);
}

/* Where the highlighted area's label hl goes: above its interval (top of
 * it at above), below it (bottom at below), or a row further out, the
 * first inside the plot that does not meet the benchmark's label bl. */
static struct label ranked_label_place(const struct chart_compare *c, const struct ranked_frame *f,
				       struct label hl, double above, double below, const struct label *bl)
{
	double top = f->top, bottom = f->bottom;
	struct label cand[4];
	int tries, pick = -1;

	cand[0] = hl, cand[0].y = above - 10;
	cand[1] = hl, cand[1].y = below + 20;
	cand[2] = hl, cand[2].y = above - 26;
	cand[3] = hl, cand[3].y = below + 36;
	for (tries = 0; tries < 4 && pick < 0; tries++)
		if (cand[tries].y - 12 >= top - 20 && cand[tries].y <= bottom - 4 &&
		    !(c->has_benchmark && labels_meet(&cand[tries], bl)))
			pick = tries;
	return cand[pick < 0 ? 0 : pick];
}

/* The highlighted area's label, "name: figure, ranked 5 of 10", into out:
 * the name cut to 40 bytes, and further (whole characters, then "...")
 * until the label fits width, so that its figure and rank are never
 * lost off a narrow chart. */
static void ranked_home_label(cairo_t *cr, const char *name, const char *val, const char *rank,
			      const char *all, double width, char *out, size_t size)
{
	size_t n = chart_utf8_cut(name, 40), shown;

	for (;;) {
		/* no 'Kingston upon ...' */
		for (shown = n; n < strlen(name) && shown > 0 && strchr(" ,;:", name[shown - 1]); shown--)
			;
		snprintf(out, size, "%.*s%s: %s, ranked %s of %s", (int)shown, name, n < strlen(name) ? "..." : "",
			 val, rank, all);
		if (n == 0 || chart_text_width(cr, out) <= width)
			return;
		n = chart_utf8_cut(name, n - 1);
	}
}

/* The highlighted area (index home): its interval, its dot marked, and a
 * label with its figure and rank, led to the dot; W is the chart's width. */
static void ranked_home(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f, size_t home,
			const struct label *bl, double W, int target)
{
	const struct chart_bar *b = &c->bars[home];
	double x0 = f->x0, pw = f->pw;
	double xh = x0 + ((double)home + 0.5) * f->col_w, yh = ranked_y(f, b->v);
	double above = b->has_ci ? fmin(ranked_y(f, b->hi), yh - 6) : yh - 6;
	double below = b->has_ci ? fmax(ranked_y(f, b->lo), yh + 6) : yh + 6;
	struct label hl;
	char tmp[256], val[64], rank[32], all[32];

	if (b->has_ci) {
		chart_rgb(cr, chart_c_text);
		cairo_set_line_width(cr, 1.5);
		cairo_move_to(cr, xh, ranked_y(f, b->hi));
		cairo_line_to(cr, xh, ranked_y(f, b->lo));
		chart_stroke(cr);
	}
	if (target) {
		chart_use(cr, "h.m", xh, yh);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		chart_disc(cr, xh, yh, 6.5);
		chart_rgb(cr, chart_c_home);
		chart_disc(cr, xh, yh, 5);
	}
	chart_number(c->number, c->number_ctx, b->v, -1, val, sizeof(val));
	group_digits(home + 1, rank, sizeof(rank));
	group_digits(c->n, all, sizeof(all));
	ranked_home_label(cr, b->label, val, rank, all, W - 8, tmp, sizeof(tmp));
	hl.w = chart_text_width(cr, tmp);
	/* starting at the dot, or ending there when there is no room */
	hl.x = xh + hl.w + 4 <= x0 + pw ? xh - 2 : xh - hl.w + 2;
	if (hl.x < 4)
		hl.x = 4;	/* wider than the plot: from the chart's edge */
	hl.y = 0;
	hl = ranked_label_place(c, f, hl, above, below, bl);
	chart_rgb(cr, chart_c_home);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, xh, hl.y < yh ? above - 1 : below + 1);
	cairo_line_to(cr, xh, hl.y < yh ? hl.y + 3 : hl.y - 12);
	chart_stroke(cr);
	if (!target)
		label_ground(cr, &hl);	/* else the style's halo */
	chart_rgb(cr, chart_c_home);
	chart_text_at(cr, hl.x, hl.y, tmp, 0);
}

/* Each area with an id marked as the highlighted one is, in a group
 * hidden until the fragment names it: a dot chart has no mark of one area
 * to restyle (areas share pixel columns), so each has its own. */
static void ranked_targets(cairo_t *cr, const struct chart_compare *c, const struct ranked_frame *f,
			   const struct label *bl, double W)
{
	size_t k;

	if (!any_id(c) || !chart_is_svg(cr))
		return;
	/* the dot once, placed at each area's */
	chart_style(cr, chart_target_css);
	chart_defs(cr, 1);
	chart_group_begin(cr, "h.m", NULL);
	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_disc(cr, 0, 0, 6.5);
	chart_rgb(cr, chart_c_home);
	chart_disc(cr, 0, 0, 5);
	chart_group_end(cr);
	chart_defs(cr, 0);
	for (k = 0; k < c->n; k++)
		if (c->bars[k].id) {
			chart_group_begin(cr, c->bars[k].id, "t");
			chart_font(cr, 12, 1);
			ranked_home(cr, c, f, k, bl, W, 1);
			chart_group_end(cr);
		}
}

/* Many areas: each area's figure as a dot at its rank (the order given),
 * left to right, on a chart of fixed size.  Areas that share a pixel
 * column are drawn as one stroke from the lowest to the highest of them,
 * so the drawing (and the SVG) grows with the width, not with the number
 * of areas; their intervals likewise, as a pale band behind. */
static void draw_ranked(cairo_t *cr, const void *chart, double W, double H)
{
	const struct chart_compare *c = chart;
	double lo, hi, y;
	size_t home;
	struct ranked_frame f;
	struct label bl = { 0, 0, 0 };
	char key[160];

	y = compare_heading(cr, c, W);
	chart_font(cr, 12, 0);
	compare_key(c, "Dots: each area's latest figure, ranked", "; band: 95% confidence intervals", key,
		    sizeof(key));
	/* y from here: 20 above the key's last line */
	y = chart_wrapped(cr, 16, y + 20, W - 32, 16, key) - 36;
	home = ranked_range(c, &lo, &hi);
	if (!isfinite(hi) || !isfinite(lo)) {
		chart_text_at(cr, W / 2, H / 2, "No figures to compare", 0.5);
		return;
	}
	f.nt = chart_nice_ticks(lo, hi, 6, &f.first, &f.step);
	ranked_layout(cr, c, W, H, y, &f);
	ranked_grid(cr, c, &f);
	ranked_areas(cr, c, &f);
	ranked_axis(cr, c, &f);
	/* the labels: the benchmark's at the right end of its line, the
	 * highlighted area's above its dot (or below, or beside) where it
	 * hides neither; each on a white ground over the dots */
	chart_font(cr, 12, 1);
	if (c->has_benchmark)
		ranked_benchmark(cr, c, &f, &bl);
	if (home != (size_t)-1)
		ranked_home(cr, c, &f, home, &bl, W, 0);
	ranked_targets(cr, c, &f, &bl, W);
}

int chart_comparison(const struct chart_compare *c, enum chart_format f, struct buf *out)
{
	return chart_render(f, c->narrow ? CHART_NARROW_WIDTH : CHART_WIDTH, compare_height(c),
			    chart_compare_ranked(c) ? draw_ranked : draw_comparison, c, c->title,
			    "the comparison chart", c->file, out);
}
