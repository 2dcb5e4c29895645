/* The trend chart (a metric's lines over time, with statistical process
 * control over the first) and its sparkline. */
#include "chart_impl.h"

#include "arena.h"
#include "buf.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plot area and its value scale, once the title and legend are placed. */
struct trend_frame {
	double first, step;	/* the lowest tick, the distance between ticks */
	int nt;			/* the number of ticks */
	double x0, pw;		/* the plot's left edge and width */
	double y0, ph;		/* its bottom (the x axis) and height */
	double slot;		/* the distance between periods */
	double label_w;		/* the widest period label */
};

/* The legend's pen: entries run left to right from x on the baseline top,
 * and wrap at the chart's right margin (width W). */
struct legend {
	double x, top, W;
};

/* Tick labels with the decimals the step needs. */
static void tick_label(const struct chart *c, double v, double step, char *out, size_t size)
{
	chart_number(c->number, c->number_ctx, v, chart_step_decimals(step), out, size);
}

/* A white ground, the title and the unit; returns the y below them. */
static double trend_heading(cairo_t *cr, const struct chart *c, double W)
{
	double top = chart_title(cr, c->title, W);

	if (c->subtitle && *c->subtitle) {
		chart_font(cr, 13, 0);
		chart_rgb(cr, chart_c_axis);
		top = chart_wrapped(cr, 16, top, W - 32, 20, c->subtitle);
	}
	return top;
}

/* Start a new row of the legend when an entry of key pixels and text w
 * would run past the margin. */
static void legend_wrap(struct legend *lg, double key, double w)
{
	if (lg->x + key + w > lg->W - 16 && lg->x > 16) {
		lg->x = 16;
		lg->top += 20;
	}
}

/* What of a line is drawn: *joined when two of its values are side by
 * side, *alone when one stands alone; returns whether it has any value. */
static int line_drawn(const struct chart_line *ln, size_t n, int *joined, int *alone)
{
	size_t k;
	int any = 0;

	*joined = *alone = 0;
	for (k = 0; k < n; k++) {
		any |= ln->ok[k];
		*joined |= ln->ok[k] && k + 1 < n && ln->ok[k + 1];
		*alone |= chart_isolated(ln, n, k);
	}
	return any;
}

/* An entry per line drawn: its swatch and marker show the style, not
 * colour alone; a plan is drawn as a dashed line where its values join,
 * as a bar where one stands alone, and its swatch shows which. */
static void legend_lines(cairo_t *cr, const struct chart *c, struct legend *lg)
{
	size_t l;

	for (l = 0; l < c->n_lines; l++) {
		const struct chart_line *ln = &c->lines[l];
		double w = chart_text_width(cr, ln->name);
		int joined, alone, plan = ln->style == CHART_PLAN;
		if (!line_drawn(ln, c->n, &joined, &alone))
			continue;
		legend_wrap(lg, 44, w);
		chart_line_style(cr, ln->style);
		if (c->spc && l == 0)
			chart_rgb(cr, chart_c_common);
		if (!plan || joined) {
			cairo_move_to(cr, lg->x, lg->top - 4);
			cairo_line_to(cr, lg->x + 30, lg->top - 4);
			chart_stroke(cr);
		}
		if (c->spc && l == 0)
			chart_variation_marker(cr, CHART_V_COMMON, lg->x + 15, lg->top - 4);
		else if (plan && alone)
			chart_plan_marker(cr, lg->x + 15, lg->top - 4);
		else
			chart_marker(cr, ln->style, lg->x + 15, lg->top - 4, 4);
		chart_rgb(cr, chart_c_text);
		chart_text_at(cr, lg->x + 36, lg->top, ln->name, 0);
		lg->x += 36 + w + 24;
	}
}

/* The upright line where a fixed baseline ends. */
static void baseline_line_style(cairo_t *cr)
{
	static const double dash[] = { 2, 3 };
	chart_rgb(cr, chart_c_axis);
	cairo_set_line_width(cr, 1.5);
	cairo_set_dash(cr, dash, 2, 0);
}

/* The mean and the process limits. */
static void legend_limits(cairo_t *cr, struct legend *lg)
{
	const char *items[2] = { "Mean", "Process limits" };
	int i2;

	for (i2 = 0; i2 < 2; i2++) {
		double w = chart_text_width(cr, items[i2]);
		legend_wrap(lg, 44, w);
		chart_spc_line_style(cr, i2);
		cairo_move_to(cr, lg->x, lg->top - 4);
		cairo_line_to(cr, lg->x + 30, lg->top - 4);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_text);
		chart_text_at(cr, lg->x + 36, lg->top, items[i2], 0);
		lg->x += 36 + w + 24;
	}
}

/* The limits if any period has them, the kinds of special cause seen, and
 * the note. */
static void legend_spc(cairo_t *cr, const struct chart_spc *spc, size_t n, struct legend *lg)
{
	static const char *const names[] = { NULL, "Common cause", "Improvement", "Concern",
					     "Special cause" };
	int seen[5] = { 0 }, v, any_limits = 0;
	size_t k;

	for (k = 0; k < n; k++) {
		if (spc->has[k])
			any_limits = 1;
		if (spc->variation[k] > CHART_V_NONE && spc->variation[k] <= CHART_V_NEITHER)
			seen[spc->variation[k]] = 1;
	}
	if (any_limits)
		legend_limits(cr, lg);
	for (v = CHART_V_IMPROVEMENT; v <= CHART_V_NEITHER; v++) {
		double w;
		if (!seen[v])
			continue;
		w = chart_text_width(cr, names[v]);
		legend_wrap(lg, 24, w);
		chart_variation_marker(cr, v, lg->x + 8, lg->top - 4);
		chart_rgb(cr, chart_c_text);
		chart_text_at(cr, lg->x + 20, lg->top, names[v], 0);
		lg->x += 20 + w + 24;
	}
	if (spc->note && *spc->note) {
		lg->top += 20;
		chart_font(cr, 12, 0);
		chart_rgb(cr, chart_c_axis);
		chart_text_at(cr, 16, lg->top, spc->note, 0);
		chart_font(cr, 13, 0);
	}
}

/* The suppressed marker, when any line has a withheld figure. */
static void legend_suppressed(cairo_t *cr, const struct chart *c, struct legend *lg)
{
	int any = 0;
	size_t k, l;

	for (l = 0; l < c->n_lines; l++)
		for (k = 0; k < c->n; k++)
			if (c->lines[l].suppressed && c->lines[l].suppressed[k])
				any = 1;
	if (any) {
		const char *s = "Suppressed (figure withheld)";
		double w = chart_text_width(cr, s);
		legend_wrap(lg, 44, w);
		chart_suppressed_marker(cr, lg->x + 15, lg->top - 4);
		chart_rgb(cr, chart_c_text);
		chart_text_at(cr, lg->x + 36, lg->top, s, 0);
	}
}

/* The end of a fixed baseline: its line, and in words how the limits
 * after it were made. */
static void legend_baseline(cairo_t *cr, const struct chart_spc *spc, size_t n, struct legend *lg)
{
	const char *text = lg->W < CHART_WIDTH ? "End of baseline" : "End of baseline: limits carried forward";
	size_t k;
	double w;

	for (k = 0; k < n && !(spc->base_end && spc->base_end[k]); k++)
		;
	if (k == n)
		return;
	w = chart_text_width(cr, text);
	legend_wrap(lg, 24, w);
	baseline_line_style(cr);
	cairo_move_to(cr, lg->x + 8, lg->top - 13);
	cairo_line_to(cr, lg->x + 8, lg->top + 3);
	chart_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	chart_rgb(cr, chart_c_text);
	chart_text_at(cr, lg->x + 20, lg->top, text, 0);
	lg->x += 20 + w + 24;
}

/* ---- events marked on the chart (chart.marks) ---- */

/* The room above the plot for the marks' circles. */
#define MARK_ROOM 26
#define MARK_R 10

/* Mark number i's circle at (x, y): a dark disc with the number in white,
 * so it reads by shape and text on any line, never by colour alone. */
static void mark_circle(cairo_t *cr, double x, double y, size_t i)
{
	char num[24];

	snprintf(num, sizeof(num), "%zu", i + 1);
	chart_rgb(cr, chart_c_text);
	chart_disc(cr, x, y, MARK_R);
	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_font(cr, 12, 1);
	chart_text_at(cr, x, y + 4.5, num, 0.5);
}

/* An entry in the legend for the marks, when there are any. */
static void legend_marks(cairo_t *cr, const struct chart *c, struct legend *lg)
{
	const char *s = "Event (listed with the chart)";
	double w;

	if (!c->n_marks)
		return;
	w = chart_text_width(cr, s);
	legend_wrap(lg, 28, w);
	mark_circle(cr, lg->x + MARK_R, lg->top - 4, 0);
	chart_font(cr, 13, 0);
	chart_rgb(cr, chart_c_text);
	chart_text_at(cr, lg->x + 2 * MARK_R + 6, lg->top, s, 0);
	lg->x += 2 * MARK_R + 6 + w + 24;
}

/* Where each mark's circle goes, into cx: above its period, but never on
 * another's (marks of one period, or of periods closer than a circle, are
 * set side by side) nor past the chart's right edge W. */
static void mark_places(const struct chart *c, const struct chart_map *map, double W, double *cx)
{
	const double gap = 2 * MARK_R + 2;
	size_t i;

	for (i = 0; i < c->n_marks; i++) {
		cx[i] = chart_map_x(map, c->marks[i].k);
		if (i > 0 && cx[i] < cx[i - 1] + gap)
			cx[i] = cx[i - 1] + gap;
	}
	for (i = c->n_marks; i-- > 0;) {
		double most = i + 1 < c->n_marks ? cx[i + 1] - gap : W - MARK_R - 2;
		if (cx[i] > most)
			cx[i] = most;
	}
}

/* Each mark: a thin dashed line down the plot (top to y0) at its period,
 * from its numbered circle above the plot (by a slanted leader where the
 * circle had to move aside). */
static void trend_marks(cairo_t *cr, const struct chart *c, const struct chart_map *map, double W, double top,
			double y0)
{
	static const double dash[2] = { 4, 3 };
	double *cx;
	size_t i;

	if (!c->n_marks)
		return;
	cx = xmalloc(c->n_marks * sizeof(*cx));
	mark_places(c, map, W, cx);
	for (i = 0; i < c->n_marks; i++) {
		double x = floor(chart_map_x(map, c->marks[i].k)) + 0.5;
		if (c->marks[i].k >= c->n)
			continue;
		chart_rgb(cr, chart_c_text);
		cairo_set_line_width(cr, 1);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, fabs(cx[i] - x) < 1 ? x : cx[i], top - MARK_ROOM + 2 * MARK_R);
		cairo_line_to(cr, x, top);
		cairo_line_to(cr, x, y0);
		chart_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		mark_circle(cr, cx[i], top - MARK_ROOM + MARK_R, i);
	}
	free(cx);
}

/* The marks as the SVG's description: "Events marked on the chart: 1. Nov
 * 2017: new discharge pathway. 2. ..."; a string to free, or NULL when
 * there are none. */
static char *trend_desc(const struct chart *c)
{
	struct buf b;
	size_t i;

	if (!c->n_marks)
		return NULL;
	buf_init(&b);
	buf_adds(&b, "Events marked on the chart:");
	for (i = 0; i < c->n_marks; i++) {
		const char *t = c->marks[i].text;
		size_t len = strlen(t);
		buf_printf(&b, " %zu. %s%s", i + 1, t, len && t[len - 1] == '.' ? "" : ".");
	}
	return buf_detach(&b, NULL);
}

/* The legend from the baseline top; returns the top of the plot. */
static double trend_legend(cairo_t *cr, const struct chart *c, double W, double top)
{
	struct legend lg;

	chart_font(cr, 13, 0);
	lg.x = 16;
	lg.top = top;
	lg.W = W;
	legend_lines(cr, c, &lg);
	if (c->spc)
		legend_spc(cr, c->spc, c->n, &lg);
	if (c->spc)
		legend_baseline(cr, c->spc, c->n, &lg);
	legend_suppressed(cr, c, &lg);
	legend_marks(cr, c, &lg);
	return lg.top + 16 + (c->n_marks ? MARK_ROOM : 0);
}

/* The lowest and highest value drawn, the limits included; lo is infinite
 * when there is none. */
static void trend_range(const struct chart *c, double *lo_out, double *hi_out)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t k, l;

	for (l = 0; l < c->n_lines; l++)
		for (k = 0; k < c->n; k++)
			if (c->lines[l].ok[k]) {
				lo = fmin(lo, c->lines[l].v[k]);
				hi = fmax(hi, c->lines[l].v[k]);
			}
	if (c->spc)
		for (k = 0; k < c->n; k++)
			if (c->spc->has[k]) {
				lo = fmin(lo, c->spc->lpl[k]);
				hi = fmax(hi, c->spc->upl[k]);
			}
	*lo_out = lo;
	*hi_out = hi;
}

/* The plot area below top, leaving room for the widest tick label on the
 * left and half the widest period label on the right; f's ticks are set. */
static void trend_layout(cairo_t *cr, const struct chart *c, double W, double H, double top, struct trend_frame *f)
{
	double ylab = 0, label_w = 0, x0, pw, y0;
	size_t k;
	int i;
	char tmp[64];

	chart_font(cr, 12, 0);
	for (i = 0; i < f->nt; i++) {
		tick_label(c, f->first + i * f->step, f->step, tmp, sizeof(tmp));
		ylab = fmax(ylab, chart_text_width(cr, tmp));
	}
	for (k = 0; k < c->n; k++)
		label_w = fmax(label_w, chart_text_width(cr, c->labels[k]));

	x0 = 16 + ylab + 10;
	pw = W - x0 - 28 - fmin(60, label_w / 2);
	y0 = H - 44;
	f->x0 = x0;
	f->pw = pw;
	f->y0 = y0;
	f->ph = y0 - top;
	f->slot = c->n > 1 ? pw / (double)(c->n - 1) : pw;
	f->label_w = label_w;
}

/* The grid, the value labels and the x axis. */
static void trend_y_axis(cairo_t *cr, const struct chart *c, const struct trend_frame *f)
{
	double first = f->first, step = f->step, x0 = f->x0, pw = f->pw, y0 = f->y0, ph = f->ph;
	int nt = f->nt, i;
	char tmp[64];

	/* grid and y labels */
	cairo_set_dash(cr, NULL, 0, 0);
	for (i = 0; i < nt; i++) {
		double v = first + i * step;
		double y = y0 - (v - first) / (step * (nt - 1)) * ph;
		chart_rgb(cr, chart_c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, x0, floor(y) + 0.5);
		cairo_line_to(cr, x0 + pw, floor(y) + 0.5);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_axis);
		tick_label(c, v, step, tmp, sizeof(tmp));
		chart_text_at(cr, x0 - 8, y + 4, tmp, 1);
	}
	/* x axis */
	chart_rgb(cr, chart_c_axis);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(y0) + 0.5);
	cairo_line_to(cr, x0 + pw, floor(y0) + 0.5);
	chart_stroke(cr);
}

/* The period labels: every n-th so none overlap, always the latest. */
static void trend_x_labels(cairo_t *cr, const struct chart *c, const struct trend_frame *f)
{
	double x0 = f->x0, pw = f->pw, y0 = f->y0, slot = f->slot, label_w = f->label_w;
	int every;
	size_t k;

	every = 1;
	if (c->n > 1)
		while (slot * every < label_w + 12)
			every++;
	for (k = 0; k < c->n; k++) {
		double x = c->n > 1 ? x0 + slot * (double)k : x0 + pw / 2;
		if ((c->n - 1 - k) % (size_t)every)
			continue;
		cairo_move_to(cr, floor(x) + 0.5, y0);
		cairo_line_to(cr, floor(x) + 0.5, y0 + 5);
		chart_stroke(cr);
		chart_text_at(cr, x, y0 + 20, c->labels[k], 0.5);
	}
}

/* The mean and limits as steps, so a new baseline shows as a jump. */
static void trend_spc_lines(cairo_t *cr, const struct chart *c, const struct chart_map *map)
{
	const double *arr[3] = { c->spc->mean, c->spc->lpl, c->spc->upl };
	int w;
	size_t k;

	for (w = 0; w < 3; w++) {
		int pen = 0;
		chart_spc_line_style(cr, w > 0);
		for (k = 0; k < c->n; k++) {
			double xl = chart_map_x(map, k) - (k ? map->dx / 2 : 0);
			double xr = chart_map_x(map, k) + (k + 1 < c->n ? map->dx / 2 : 0);
			double y = chart_map_y(map, arr[w][k]);
			if (!c->spc->has[k]) {
				pen = 0;
				continue;
			}
			if (pen)
				cairo_line_to(cr, xl, y);
			else
				cairo_move_to(cr, xl, y);
			cairo_line_to(cr, xr, y);
			pen = 1;
		}
		chart_stroke(cr);
	}
	cairo_set_dash(cr, NULL, 0, 0);
}

/* An upright dotted line halfway between the last baseline period and the
 * next, labelled 'Baseline' on its left, at the top of the plot. */
static void trend_baseline_marks(cairo_t *cr, const struct chart *c, const struct chart_map *map,
				 const struct trend_frame *f)
{
	size_t k;

	if (!c->spc->base_end)
		return;
	for (k = 0; k + 1 < c->n; k++) {
		double x = chart_map_x(map, k) + map->dx / 2;
		if (!c->spc->base_end[k])
			continue;
		baseline_line_style(cr);
		cairo_move_to(cr, x, f->y0);
		cairo_line_to(cr, x, f->y0 - f->ph);
		chart_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		chart_font(cr, 12, 0);
		chart_rgb(cr, chart_c_axis);
		chart_text_at(cr, x - 4, f->y0 - f->ph + 12, "Baseline", 1);
	}
}

/* Every line and its markers, the last (plan, benchmark) first so the home
 * area's is on top; a withheld figure's marker sits just above the axis y0. */
static void trend_series(cairo_t *cr, const struct chart *c, const struct chart_map *map, double y0)
{
	size_t k, l;

	for (l = c->n_lines; l-- > 0;) {
		const struct chart_line *ln = &c->lines[l];
		chart_line_style(cr, ln->style);
		if (c->spc && l == 0)
			chart_rgb(cr, chart_c_common);
		chart_trace(cr, ln, c->n, map);
		cairo_set_dash(cr, NULL, 0, 0);
		for (k = 0; k < c->n; k++) {
			if (ln->ok[k] && c->spc && l == 0)
				chart_variation_marker(cr, c->spc->variation[k], chart_map_x(map, k),
						       chart_map_y(map, ln->v[k]));
			else if (ln->style == CHART_PLAN && chart_isolated(ln, c->n, k))
				/* no neighbour to join: the dashes alone would not show it */
				chart_plan_marker(cr, chart_map_x(map, k), chart_map_y(map, ln->v[k]));
			else if (ln->ok[k])
				chart_marker(cr, ln->style, chart_map_x(map, k), chart_map_y(map, ln->v[k]), 4);
			else if (ln->suppressed && ln->suppressed[k])
				chart_suppressed_marker(cr, chart_map_x(map, k), y0 - 8);
			chart_line_style(cr, ln->style);
			cairo_set_dash(cr, NULL, 0, 0);
		}
	}
}

/* The latest home value, labelled above its point (ending there near the
 * right edge W). */
static void trend_latest(cairo_t *cr, const struct chart *c, const struct chart_map *map, double W)
{
	size_t k;
	char tmp[64];

	if (!c->n_lines || c->lines[0].style != CHART_HOME)
		return;
	for (k = c->n; k-- > 0;)
		if (c->lines[0].ok[k])
			break;
	if (k != (size_t)-1) {
		double x = chart_map_x(map, k), y = chart_map_y(map, c->lines[0].v[k]);
		double w, align;
		chart_font(cr, 13, 1);
		chart_rgb(cr, chart_c_home);
		chart_number(c->number, c->number_ctx, c->lines[0].v[k], -1, tmp, sizeof(tmp));
		w = chart_text_width(cr, tmp);
		align = x + w / 2 > W - 4 ? 1 : 0.5;
		/* a light halo keeps the label readable over other lines */
		cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
		cairo_rectangle(cr, x - align * w - 3, y - 25, w + 6, 18);
		chart_fill(cr);
		chart_rgb(cr, chart_c_home);
		chart_text_at(cr, x, y - 11, tmp, align);
	}
}

static void draw_trend(cairo_t *cr, const void *chart, double W, double H)
{
	const struct chart *c = chart;
	struct trend_frame f;
	struct chart_map map;
	double top, lo, hi;

	top = trend_heading(cr, c, W);
	top = trend_legend(cr, c, W, top);
	trend_range(c, &lo, &hi);
	if (!isfinite(lo)) {
		chart_font(cr, 15, 0);
		chart_rgb(cr, chart_c_axis);
		chart_text_at(cr, W / 2, H / 2, "No data to show for this period", 0.5);
		return;
	}
	/* start at zero when the data sit well above it, so changes are not
	 * exaggerated; otherwise fit the data */
	if (lo > 0 && lo < hi * 0.5)
		lo = 0;
	f.nt = chart_nice_ticks(lo, hi, 6, &f.first, &f.step);
	trend_layout(cr, c, W, H, top, &f);
	trend_y_axis(cr, c, &f);
	trend_x_labels(cr, c, &f);

	/* lines: plan and benchmark under the home area */
	map.x0 = c->n > 1 ? f.x0 : f.x0 + f.pw / 2;
	map.dx = f.slot;
	map.y0 = f.y0;
	map.lo = f.first;
	map.scale = f.ph / (f.step * (f.nt - 1));
	if (c->spc) {
		trend_spc_lines(cr, c, &map);
		trend_baseline_marks(cr, c, &map, &f);
	}
	trend_marks(cr, c, &map, W, top, f.y0);
	trend_series(cr, c, &map, f.y0);
	trend_latest(cr, c, &map, W);
}

int chart_trend_narrow_height(int has_base_end, int has_marks)
{
	return CHART_NARROW_HEIGHT + (has_base_end ? 22 : 0) + (has_marks ? 22 + MARK_ROOM : 0);
}

/* Whether c's limits have a baseline that ends on the chart. */
static int trend_has_base_end(const struct chart *c)
{
	size_t k;

	for (k = 0; c->spc && c->spc->base_end && k < c->n; k++)
		if (c->spc->base_end[k])
			return 1;
	return 0;
}

int chart_trend(const struct chart *c, enum chart_format f, struct buf *out)
{
	char *desc = trend_desc(c);
	int h = c->narrow ? chart_trend_narrow_height(trend_has_base_end(c), c->n_marks > 0) : CHART_HEIGHT;
	int rc = chart_render_desc(f, c->narrow ? CHART_NARROW_WIDTH : CHART_WIDTH, h, draw_trend, c, c->title,
				   desc, "the chart", c->file, out);
	free(desc);
	return rc;
}

static void draw_sparkline(cairo_t *cr, const void *chart, double w, double h)
{
	const struct chart *c = chart;
	const struct chart_line *ln = c->n_lines ? &c->lines[0] : NULL;
	double lo = INFINITY, hi = -INFINITY, pad = 4;
	size_t k, last = (size_t)-1;
	struct chart_map m;

	if (ln)
		for (k = 0; k < c->n; k++)
			if (ln->ok[k]) {
				lo = fmin(lo, ln->v[k]);
				hi = fmax(hi, ln->v[k]);
				last = k;
			}
	if (last == (size_t)-1)
		return;
	m.x0 = pad;
	m.dx = c->n > 1 ? (w - 2 * pad) / (double)(c->n - 1) : 0;
	m.y0 = h - pad;
	m.lo = lo;
	m.scale = (h - 2 * pad) / (hi > lo ? hi - lo : 1);
	chart_line_style(cr, CHART_HOME);
	cairo_set_line_width(cr, 1.5);
	chart_trace(cr, ln, c->n, &m);
	/* a value between gaps has no line to show it */
	for (k = 0; k < last; k++)
		if (chart_isolated(ln, c->n, k))
			chart_disc(cr, chart_map_x(&m, k), chart_map_y(&m, ln->v[k]), 1.5);
	chart_disc(cr, chart_map_x(&m, last), chart_map_y(&m, ln->v[last]), 2.5);
}

int chart_sparkline(const struct chart *c, struct buf *out)
{
	return chart_render(CHART_SVG, SPARK_WIDTH, SPARK_HEIGHT, draw_sparkline, c, NULL, "the sparkline", NULL, out);
}

/* ---- cards ---- */

int chart_trend_card(const struct chart *c, struct buf *out)
{
	return chart_render_scaled((int)(CHART_CARD_WIDTH / CHART_CARD_SCALE), (int)(CHART_CARD_HEIGHT / CHART_CARD_SCALE),
				   CHART_CARD_SCALE, draw_trend, c, "the card", c->file, out);
}

struct card_grid {
	const char *title, *subtitle;
	const struct chart *charts;
	size_t n;
};

/* One tile at (x, y), w x h: the metric's title, its latest value, its
 * sparkline below. */
static void card_tile(cairo_t *cr, const struct chart *c, double x, double y, double w, double h)
{
	const struct chart_line *ln = c->n_lines ? &c->lines[0] : NULL;
	char tmp[64] = "No figure yet";
	const char *when = "";
	size_t k;
	double vw;

	chart_rgb(cr, chart_c_grid);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, x + 0.5, y + 0.5, w - 1, h - 1);
	chart_stroke(cr);
	chart_rgb(cr, chart_c_text);
	chart_font(cr, 13, 1);
	chart_text_fit(cr, x + 8, y + 19, w - 16, c->title ? c->title : "");
	for (k = ln ? c->n : 0; k-- > 0;)
		if (ln->ok[k]) {
			chart_number(c->number, c->number_ctx, ln->v[k], -1, tmp, sizeof(tmp));
			when = c->labels ? c->labels[k] : "";
			break;
		}
	chart_rgb(cr, chart_c_home);
	chart_font(cr, 16, 1);
	chart_text_fit(cr, x + 8, y + 40, w - 16, tmp);
	/* when: a figure out of date ends its line early */
	vw = chart_text_width(cr, tmp) + 8;
	if (*when && vw < w - 40) {
		chart_rgb(cr, chart_c_axis);
		chart_font(cr, 12, 0);
		chart_text_fit(cr, x + 8 + vw, y + 40, w - 16 - vw, when);
	}
	if (h - 56 < 12)
		return;
	cairo_save(cr);
	cairo_translate(cr, x + 6, y + 48);
	draw_sparkline(cr, c, w - 12, h - 56);
	cairo_restore(cr);
}

static void draw_card_grid(cairo_t *cr, const void *chart, double W, double H)
{
	const struct card_grid *g = chart;
	size_t shown = g->n > CHART_CARD_TILES ? CHART_CARD_TILES : g->n, cols, rows, i;
	double top = chart_title(cr, g->title, W), tw, th;

	if (g->subtitle && *g->subtitle) {
		chart_font(cr, 13, 0);
		chart_rgb(cr, chart_c_axis);
		top = chart_wrapped(cr, 16, top, W - 32, 20, g->subtitle);
	}
	if (!shown)
		return;
	cols = shown <= 2 ? shown : shown <= 4 ? 2 : shown <= 9 ? 3 : 4;
	rows = (shown + cols - 1) / cols;
	tw = (W - 32 - 8 * (double)(cols - 1)) / (double)cols;
	th = (H - top - 12 - 8 * (double)(rows - 1)) / (double)rows;
	for (i = 0; i < shown; i++) {
		double x = 16 + (double)(i % cols) * (tw + 8), y = top + (double)(i / cols) * (th + 8);
		if (i + 1 == shown && g->n > shown) {
			char more[64];
			snprintf(more, sizeof(more), "and %zu more metrics", g->n - shown + 1);
			chart_rgb(cr, chart_c_axis);
			chart_font(cr, 13, 0);
			chart_text_fit(cr, x + 8, y + th / 2, tw - 16, more);
			break;
		}
		card_tile(cr, &g->charts[i], x, y, tw, th);
	}
}

int chart_card_grid(const char *title, const char *subtitle, const struct chart *charts, size_t n,
		    const char *file, struct buf *out)
{
	struct card_grid g = { title, subtitle, charts, n };

	return chart_render_scaled((int)(CHART_CARD_WIDTH / CHART_CARD_SCALE), (int)(CHART_CARD_HEIGHT / CHART_CARD_SCALE),
				   CHART_CARD_SCALE, draw_card_grid, &g, "the card", file, out);
}
