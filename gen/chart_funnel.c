/* The funnel plot: each area's value against its denominator, the target
 * and the control limits around it (Spiegelhalter 2005).  The limits come
 * sampled from the caller: the chart draws, it computes no statistics. */
#include "chart_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plot's scales. */
struct funnel_frame {
	double x0, pw, xmax;		/* left edge, width, denominator at the right */
	double top, bottom;		/* y of yhi and ylo */
	double ylo, yhi;
	double xfirst, xstep, yfirst, ystep;
	int nxt, nyt;			/* ticks */
};

static double fx(const struct funnel_frame *f, double x)
{
	return f->x0 + x / f->xmax * f->pw;
}

static double fy(const struct funnel_frame *f, double y)
{
	return f->bottom - (y - f->ylo) / (f->yhi - f->ylo) * (f->bottom - f->top);
}

/* The x axis's ticks from 0 past the largest denominator. */
static int x_ticks(const struct chart_funnel_point *p, size_t np, int target, double *first, double *step)
{
	double hi = 0;
	size_t k;

	for (k = 0; k < np; k++)
		hi = fmax(hi, p[k].x);
	if (!(hi > 0))
		hi = 1;
	return chart_nice_ticks(0, hi * 1.05, target, first, step);
}

double chart_funnel_samples(const struct chart_funnel_point *p, size_t np, double *x, size_t n)
{
	double first, step, xmax;
	int nt = x_ticks(p, np, 6, &first, &step);
	size_t i;

	xmax = first + step * (nt - 1);
	/* evenly in the square root: the limits' width goes as 1/sqrt(n) */
	for (i = 0; i < n; i++) {
		double t = ((double)i + 0.25) / (double)(n > 1 ? n - 1 : 1);
		x[i] = xmax * fmin(1, t * t);
	}
	return xmax;
}

/* 12,345 or 0.5: a denominator as the x axis writes it. */
static void x_label(double v, int decimals, char *out, size_t size)
{
	char d[64];
	size_t len, i, o = 0, intlen;

	snprintf(d, sizeof(d), "%.*f", decimals, v);
	len = strlen(d);
	intlen = strcspn(d, ".");
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i && i < intlen && d[0] != '-' && (intlen - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

/* ---- markers ---- */

/* What a marker stands for in the key. */
enum funnel_mark { MARK_INSIDE, MARK_POSSIBLE, MARK_SIGNIFICANT, MARK_HOME };

/* An area's marker at (x, y): a disc inside the limits; a triangle
 * pointing the way it lies beyond them, hollow beyond the 95% limit only,
 * filled beyond the 99.8% limit; the highlighted area a square, bigger. */
static void funnel_marker(cairo_t *cr, enum funnel_mark m, int up, double x, double y, double r)
{
	static const double c_dot[3] = { 0x6F / 255.0, 0x8C / 255.0, 0xA8 / 255.0 };
	double s = up ? -1 : 1;

	switch (m) {
	case MARK_INSIDE:
		cairo_set_source_rgb(cr, c_dot[0], c_dot[1], c_dot[2]);
		chart_disc(cr, x, y, r);
		return;
	case MARK_HOME:
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, x - r - 2, y - r - 2, 2 * r + 4, 2 * r + 4);
		chart_fill(cr);
		chart_rgb(cr, chart_c_home);
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		chart_fill(cr);
		return;
	case MARK_POSSIBLE:
	case MARK_SIGNIFICANT:
		cairo_move_to(cr, x, y + s * r * 1.3);
		cairo_line_to(cr, x + r * 1.2, y - s * r * 0.8);
		cairo_line_to(cr, x - r * 1.2, y - s * r * 0.8);
		cairo_close_path(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		chart_fill_path(cr, 1);
		chart_rgb(cr, chart_c_text);
		if (m == MARK_SIGNIFICANT) {
			chart_fill(cr);
		} else {
			cairo_set_line_width(cr, 1.5);
			chart_stroke(cr);
		}
		return;
	}
}

static enum funnel_mark mark_of(const struct chart_funnel_point *p)
{
	return p->highlight ? MARK_HOME : p->side == 0 ? MARK_INSIDE
	     : abs(p->side) == 1 ? MARK_POSSIBLE : MARK_SIGNIFICANT;
}

/* ---- the key ---- */

/* The style of a line: the target (0), the 95% limits (1), the 99.8%
 * limits (2). */
static void funnel_line_style(cairo_t *cr, int which)
{
	static const double dash[] = { 5, 4 };

	cairo_set_line_width(cr, which ? 1.5 : 2);
	if (which)
		chart_rgb(cr, chart_c_axis);
	else
		chart_rgb(cr, chart_c_plan);
	cairo_set_dash(cr, which == 1 ? dash : NULL, which == 1 ? 2 : 0, 0);
}

/* One item of the key: a line (line >= 0) or a marker, then text; flowed
 * across the width W from x, onto a new line 18 below when full. */
static void key_item(cairo_t *cr, double W, double *x, double *y, int line, enum funnel_mark m, int up,
		     const char *text)
{
	double w = 26 + chart_text_width(cr, text);

	if (*x > 16 && *x + w > W - 16) {
		*x = 16;
		*y += 18;
	}
	if (line >= 0) {
		funnel_line_style(cr, line);
		cairo_move_to(cr, *x, *y - 4);
		cairo_line_to(cr, *x + 20, *y - 4);
		chart_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	} else {
		funnel_marker(cr, m, up, *x + 10, *y - 4, m == MARK_HOME ? 5 : 4);
	}
	chart_rgb(cr, chart_c_text);
	chart_text_at(cr, *x + 24, *y, text, 0);
	*x += w + 14;
}

/* The key below the heading's baseline y; returns the baseline of its
 * last line. */
static double funnel_key(cairo_t *cr, const struct chart_funnel *c, double W, double y)
{
	char tmp[160];
	double x = 16;
	const char *home = NULL;
	size_t k;
	int any[5] = { 0 }, ids = 0;

	for (k = 0; k < c->n; k++) {
		ids |= c->points[k].id != NULL;
		/* the home area's square is its own key, its side in words */
		if (c->points[k].highlight)
			home = c->points[k].label;
		else if (abs(c->points[k].side) <= 2)
			any[c->points[k].side + 2] = 1;
	}
	chart_font(cr, 12, 0);
	y += 22;
	snprintf(tmp, sizeof(tmp), "Target: %s", c->target_name ? c->target_name : "pooled value");
	key_item(cr, W, &x, &y, 0, MARK_INSIDE, 0, tmp);
	key_item(cr, W, &x, &y, 1, MARK_INSIDE, 0, "95% limits");
	key_item(cr, W, &x, &y, 2, MARK_INSIDE, 0, "99.8% limits");
	x = 16;
	y += 18;
	key_item(cr, W, &x, &y, -1, MARK_INSIDE, 0, "Within the limits");
	/* only what the chart shows, the direction in the words */
	if (any[3] || any[4])
		key_item(cr, W, &x, &y, -1, MARK_POSSIBLE, 1, "Above 95%");
	if (any[4])
		key_item(cr, W, &x, &y, -1, MARK_SIGNIFICANT, 1, "Above 99.8%");
	if (any[1] || any[0])
		key_item(cr, W, &x, &y, -1, MARK_POSSIBLE, 0, "Below 95%");
	if (any[0])
		key_item(cr, W, &x, &y, -1, MARK_SIGNIFICANT, 0, "Below 99.8%");
	if (home) {
		snprintf(tmp, sizeof(tmp), "%.*s%s", (int)chart_utf8_cut(home, 40), home, strlen(home) > 40 ? "..." : "");
		key_item(cr, W, &x, &y, -1, MARK_HOME, 0, tmp);
	} else if (ids) {
		/* the square shows the area a page's fragment names */
		key_item(cr, W, &x, &y, -1, MARK_HOME, 0, "The page's area");
	}
	return y;
}

/* ---- the plot ---- */

/* The lowest and highest value to show: every area, the target, and the
 * limits from the smallest area's denominator on. */
static void funnel_range(const struct chart_funnel *c, double *lo, double *hi)
{
	const double *curves[4] = { c->lo95, c->hi95, c->lo998, c->hi998 };
	double xmin = INFINITY;
	size_t k, j;

	*lo = *hi = c->target;
	for (k = 0; k < c->n; k++) {
		*lo = fmin(*lo, c->points[k].y);
		*hi = fmax(*hi, c->points[k].y);
		xmin = fmin(xmin, c->points[k].x);
	}
	for (j = 0; j < 4; j++)
		for (k = 0; k < c->n_curve; k++)
			if (curves[j] && c->cx[k] >= xmin && isfinite(curves[j][k])) {
				*lo = fmin(*lo, curves[j][k]);
				*hi = fmax(*hi, curves[j][k]);
			}
}

/* The grid, the scales and the axis titles. */
static void funnel_axes(cairo_t *cr, const struct chart_funnel *c, const struct funnel_frame *f, double W)
{
	char tmp[96];
	int i, every;

	chart_font(cr, 12, 0);
	cairo_set_line_width(cr, 1);
	for (i = 0; i < f->nyt; i++) {
		double v = f->yfirst + i * f->ystep, y = floor(fy(f, v)) + 0.5;
		chart_rgb(cr, chart_c_grid);
		cairo_move_to(cr, f->x0, y);
		cairo_line_to(cr, f->x0 + f->pw, y);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_axis);
		chart_number(c->number, c->number_ctx, v, chart_step_decimals(f->ystep), tmp, sizeof(tmp));
		chart_text_at(cr, f->x0 - 6, y + 4, tmp, 1);
	}
	/* a label at most every 70 pixels: on phones every other tick */
	every = (int)ceil(70 / (f->pw / (f->nxt - 1)));
	for (i = 0; i < f->nxt; i++) {
		double v = f->xfirst + i * f->xstep, x = floor(fx(f, v)) + 0.5;
		chart_rgb(cr, chart_c_grid);
		cairo_move_to(cr, x, f->top);
		cairo_line_to(cr, x, f->bottom);
		chart_stroke(cr);
		chart_rgb(cr, chart_c_axis);
		if (i % every)
			continue;
		x_label(v, chart_step_decimals(f->xstep), tmp, sizeof(tmp));
		chart_text_at(cr, x, f->bottom + 18, tmp, i == 0 ? 0 : i == f->nxt - 1 ? 1 : 0.5);
	}
	chart_rgb(cr, chart_c_axis);
	cairo_move_to(cr, f->x0, floor(f->bottom) + 0.5);
	cairo_line_to(cr, f->x0 + f->pw, floor(f->bottom) + 0.5);
	chart_stroke(cr);
	chart_text_fit(cr, 16, f->bottom + 40, W - 32, c->x_title ? c->x_title : "Denominator");
}

/* One curve, v[k] at c->cx[k], cut where it leaves the plot (or has no
 * value) and ended at the plot's edge where it crosses it. */
static void funnel_curve(cairo_t *cr, const struct chart_funnel *c, const struct funnel_frame *f, const double *v)
{
	size_t k;
	int pen = 0;

	for (k = 0; k + 1 < c->n_curve; k++) {
		double xa = c->cx[k], xb = c->cx[k + 1], ya = v[k], yb = v[k + 1], t0 = 0, t1 = 1;
		if (!isfinite(ya) || !isfinite(yb) || xb > f->xmax * 1.0001) {
			pen = 0;
			continue;
		}
		/* the part of the segment between ylo and yhi */
		if (ya != yb) {
			double ta = (f->ylo - ya) / (yb - ya), tb = (f->yhi - ya) / (yb - ya);
			t0 = fmax(0, fmin(ta, tb));
			t1 = fmin(1, fmax(ta, tb));
		} else if (ya < f->ylo || ya > f->yhi) {
			t0 = 1, t1 = 0;
		}
		if (t0 > t1) {
			pen = 0;
			continue;
		}
		if (!pen || t0 > 0)
			cairo_move_to(cr, fx(f, xa + t0 * (xb - xa)), fy(f, ya + t0 * (yb - ya)));
		cairo_line_to(cr, fx(f, xa + t1 * (xb - xa)), fy(f, ya + t1 * (yb - ya)));
		pen = t1 >= 1;
	}
	chart_stroke(cr);
}

/* The highlighted area's name beside its square, on a white ground, to
 * the right or, near the right edge, to the left. */
static void funnel_home_label(cairo_t *cr, const struct funnel_frame *f, const struct chart_funnel_point *p,
			      int ground)
{
	/* its square says which area, the words where it lies */
	static const char *const where[5] = { ": below 99.8%", ": below 95%", "", ": above 95%", ": above 99.8%" };
	char tmp[96];
	double x = fx(f, p->x), y = fy(f, p->y), w;
	int side = p->side < -2 ? -2 : p->side > 2 ? 2 : p->side;

	snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)chart_utf8_cut(p->label, 40), p->label,
		 strlen(p->label) > 40 ? "..." : "", where[side + 2]);
	chart_font(cr, 12, 1);
	w = chart_text_width(cr, tmp);
	if (x + 10 + w <= f->x0 + f->pw)
		x += 10;
	else if (x - 10 - w >= f->x0)
		x -= 10 + w;
	else {
		/* room on neither side (a phone): above the square, or below it
		 * near the top, kept inside the plot */
		x = fmax(f->x0, fmin(x - w / 2, f->x0 + f->pw - w));
		y += y - 18 >= f->top ? -18 : 18;
	}
	if (ground) {
		cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
		cairo_rectangle(cr, x - 3, y - 8, w + 6, 16);
		chart_fill(cr);
	}
	chart_rgb(cr, chart_c_home);
	chart_text_at(cr, x, y + 4, tmp, 0);
}

/* The rules of the marks a fragment shows: hidden until targeted; their
 * label's look (on a white halo rather than a ground of its own), once. */
const char chart_target_css[] = ".t{display:none}.t:target{display:inline}"
	".t text{font-size:12px;fill:#12436d;font-weight:bold;stroke:#fff;stroke-width:3px;"
	"stroke-linejoin:round;paint-order:stroke}";

/* Each point with an id drawn as the highlighted one is, in a group hidden
 * until the fragment names it. */
static void funnel_targets(cairo_t *cr, const struct chart_funnel *c, const struct funnel_frame *f)
{
	size_t k;
	int styled = 0;

	for (k = 0; k < c->n && chart_is_svg(cr); k++) {
		const struct chart_funnel_point *p = &c->points[k];
		if (!p->id)
			continue;
		if (!styled) {
			/* the square once, placed at each area's point */
			chart_style(cr, chart_target_css);
			chart_defs(cr, 1);
			chart_group_begin(cr, "h.m", NULL);
			funnel_marker(cr, MARK_HOME, 0, 0, 0, 5.5);
			chart_group_end(cr);
			chart_defs(cr, 0);
		}
		styled = 1;
		chart_group_begin(cr, p->id, "t");
		chart_use(cr, "h.m", fx(f, p->x), fy(f, p->y));
		funnel_home_label(cr, f, p, 0);
		chart_group_end(cr);
	}
}

static void draw_funnel(cairo_t *cr, const void *chart, double W, double H)
{
	const struct chart_funnel *c = chart;
	struct funnel_frame f;
	double y, lo, hi, labw = 0;
	char tmp[96];
	size_t k;
	int i;

	y = chart_title(cr, c->title, W);
	chart_font(cr, 13, 0);
	chart_rgb(cr, chart_c_axis);
	if (c->subtitle)
		y = chart_wrapped(cr, 16, y, W - 32, 20, c->subtitle) - 20;
	y = funnel_key(cr, c, W, y);
	if (!c->n || !isfinite(c->target)) {
		chart_text_at(cr, W / 2, H / 2, "No figures to compare", 0.5);
		return;
	}
	funnel_range(c, &lo, &hi);
	f.nyt = chart_nice_ticks(lo, hi, c->narrow ? 5 : 6, &f.yfirst, &f.ystep);
	f.ylo = f.yfirst;
	f.yhi = f.yfirst + f.ystep * (f.nyt - 1);
	/* the same axis as chart_funnel_samples's, narrow or not */
	f.nxt = x_ticks(c->points, c->n, 6, &f.xfirst, &f.xstep);
	f.xmax = f.xfirst + f.xstep * (f.nxt - 1);
	chart_font(cr, 12, 0);
	for (i = 0; i < f.nyt; i++) {
		chart_number(c->number, c->number_ctx, f.yfirst + i * f.ystep, chart_step_decimals(f.ystep), tmp,
			     sizeof(tmp));
		labw = fmax(labw, chart_text_width(cr, tmp));
	}
	f.x0 = 16 + labw + 8;
	f.pw = W - f.x0 - (c->narrow ? 20 : 28);
	f.top = y + 20;
	f.bottom = H - 56;
	funnel_axes(cr, c, &f, W);
	funnel_line_style(cr, 2);
	funnel_curve(cr, c, &f, c->lo998);
	funnel_curve(cr, c, &f, c->hi998);
	funnel_line_style(cr, 1);
	funnel_curve(cr, c, &f, c->lo95);
	funnel_curve(cr, c, &f, c->hi95);
	cairo_set_dash(cr, NULL, 0, 0);
	funnel_line_style(cr, 0);
	cairo_move_to(cr, f.x0, fy(&f, c->target));
	cairo_line_to(cr, f.x0 + f.pw, fy(&f, c->target));
	chart_stroke(cr);
	/* the home area last, on top of the others */
	for (k = 0; k < c->n; k++)
		if (!c->points[k].highlight)
			funnel_marker(cr, mark_of(&c->points[k]), c->points[k].side > 0, fx(&f, c->points[k].x),
				      fy(&f, c->points[k].y), c->narrow ? 3.5 : 4);
	for (k = 0; k < c->n; k++)
		if (c->points[k].highlight) {
			funnel_marker(cr, MARK_HOME, 0, fx(&f, c->points[k].x), fy(&f, c->points[k].y), 5.5);
			funnel_home_label(cr, &f, &c->points[k], 1);
		}
	funnel_targets(cr, c, &f);
}

int chart_funnel(const struct chart_funnel *c, enum chart_format f, struct buf *out)
{
	return chart_render(f, c->narrow ? CHART_NARROW_WIDTH : CHART_WIDTH,
			    c->narrow ? CHART_FUNNEL_NARROW_HEIGHT : CHART_FUNNEL_HEIGHT, draw_funnel, c, c->title,
			    "the funnel plot", c->file, out);
}
