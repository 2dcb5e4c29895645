#include "chart.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "pngenc.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FONT "DejaVu Sans"
#define TAU 6.283185307179586

/* Analysis Function palette; each at least 3:1 against white. */
static const double c_home[3] = { 0x12 / 255.0, 0x43 / 255.0, 0x6D / 255.0 };
static const double c_plan[3] = { 0x80 / 255.0, 0x16 / 255.0, 0x50 / 255.0 };
static const double c_bench[3] = { 0x28 / 255.0, 0xA1 / 255.0, 0x97 / 255.0 };
static const double c_text[3] = { 0x0B / 255.0, 0x0C / 255.0, 0x0C / 255.0 };
static const double c_axis[3] = { 0x50 / 255.0, 0x5A / 255.0, 0x5F / 255.0 };
static const double c_grid[3] = { 0xDD / 255.0, 0xDD / 255.0, 0xDD / 255.0 };
/* "Making Data Count" colours, darkened where needed for 3:1 on white */
static const double c_improve[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xCE / 255.0 };
static const double c_concern[3] = { 0xE4 / 255.0, 0x6C / 255.0, 0x0A / 255.0 };
static const double c_neither[3] = { 0x49 / 255.0, 0x00 / 255.0, 0x92 / 255.0 };
static const double c_common[3] = { 0x50 / 255.0, 0x5A / 255.0, 0x5F / 255.0 };

/* enum spc_variation, repeated here to keep chart free of stats */
enum { V_NONE, V_COMMON, V_IMPROVEMENT, V_CONCERN, V_NEITHER };

/* PNG through our own encoder (png.c): Cairo's writer spends nearly all a
 * chart's time in zlib with adaptive filters at the default level. */
static int write_png(cairo_surface_t *s, const char *file, struct buf *out)
{
	cairo_surface_flush(s);
	if (png_encode_rgb24(cairo_image_surface_get_data(s), cairo_image_surface_get_width(s),
			     cairo_image_surface_get_height(s), cairo_image_surface_get_stride(s), out) < 0) {
		diag_error(NULL, 0, 0, "the PNG chart '%s' of %d x %d pixels is too large", file ? file : "",
			   cairo_image_surface_get_width(s), cairo_image_surface_get_height(s));
		return -1;
	}
	return 0;
}

static void rgb(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

static void font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;
	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/* SVG is written here, not by Cairo's SVG surface: that one writes every
 * glyph as an outline (about three times the bytes, and text nobody can
 * select, search or have read out) and every path with a long style and six
 * decimals.  The drawing code is the same for both formats: it builds paths
 * with Cairo, and stroke(), fill() and text_at() either paint them onto the
 * PNG's image surface or, when the cairo_t carries an SVG under
 * construction, write them as elements.  Layout measures text with Cairo's
 * DejaVu Sans, which the SVG asks for first, then metrically close fonts. */
struct svg {
	struct buf *out;
};

static const cairo_user_data_key_t svg_key;

static struct svg *svg_of(cairo_t *cr)
{
	return cairo_get_user_data(cr, &svg_key);
}

/* A coordinate to a tenth of a pixel, without trailing zeros. */
static void svg_num(struct buf *b, double v)
{
	long t = lround(v * 10);
	if (t < 0) {
		buf_adds(b, "-");
		t = -t;
	}
	if (t % 10)
		buf_printf(b, "%ld.%ld", t / 10, t % 10);
	else
		buf_printf(b, "%ld", t / 10);
}

/* attr="#rrggbb" from the current source, and its opacity if not opaque. */
static void svg_paint_attr(struct buf *b, cairo_t *cr, const char *attr)
{
	double r = 0, g = 0, bl = 0, al = 1;
	cairo_pattern_get_rgba(cairo_get_source(cr), &r, &g, &bl, &al);
	buf_printf(b, " %s=\"#%02x%02x%02x\"", attr, (unsigned)lround(r * 255), (unsigned)lround(g * 255),
		   (unsigned)lround(bl * 255));
	if (al < 1) {
		buf_printf(b, " %s-opacity=\"", attr);
		svg_num(b, al);
		buf_adds(b, "\"");
	}
}

/* The current path as <path d="...", then no path. */
static void svg_path(struct buf *b, cairo_t *cr)
{
	cairo_path_t *path = cairo_copy_path(cr);
	int i;
	static const char op[] = { 'M', 'L', 'C', 'Z' };

	buf_adds(b, "<path d=\"");
	for (i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data; i += path->data[i].header.length) {
		const cairo_path_data_t *d = &path->data[i];
		int k, n;
		if (d->header.type == CAIRO_PATH_MOVE_TO && i + d->header.length >= path->num_data)
			break;	/* Cairo's move after a close, going nowhere */
		n = d->header.type == CAIRO_PATH_CURVE_TO ? 3 : d->header.type == CAIRO_PATH_CLOSE_PATH ? 0 : 1;
		buf_add(b, &op[d->header.type], 1);
		for (k = 1; k <= n; k++) {
			if (k > 1)
				buf_adds(b, " ");
			svg_num(b, d[k].point.x);
			buf_adds(b, " ");
			svg_num(b, d[k].point.y);
		}
	}
	buf_adds(b, "\"");
	cairo_path_destroy(path);
}

static void stroke(cairo_t *cr)
{
	struct svg *sv = svg_of(cr);
	struct buf *b;
	int nd;

	if (!sv) {
		cairo_stroke(cr);
		return;
	}
	b = sv->out;
	svg_path(b, cr);
	buf_adds(b, " fill=\"none\"");
	svg_paint_attr(b, cr, "stroke");
	if (cairo_get_line_width(cr) != 1) {
		buf_adds(b, " stroke-width=\"");
		svg_num(b, cairo_get_line_width(cr));
		buf_adds(b, "\"");
	}
	if (cairo_get_line_join(cr) == CAIRO_LINE_JOIN_ROUND)
		buf_adds(b, " stroke-linejoin=\"round\"");
	if (cairo_get_line_cap(cr) == CAIRO_LINE_CAP_ROUND)
		buf_adds(b, " stroke-linecap=\"round\"");
	nd = cairo_get_dash_count(cr);
	if (nd > 0 && nd <= 8) {
		double dash[8], off;
		int i;
		cairo_get_dash(cr, dash, &off);
		buf_adds(b, " stroke-dasharray=\"");
		for (i = 0; i < nd; i++) {
			if (i)
				buf_adds(b, ",");
			svg_num(b, dash[i]);
		}
		buf_adds(b, "\"");
	}
	buf_adds(b, "/>\n");
	cairo_new_path(cr);
}

static void fill_path(cairo_t *cr, int preserve)
{
	struct svg *sv = svg_of(cr);

	if (!sv) {
		if (preserve)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
		return;
	}
	svg_path(sv->out, cr);
	svg_paint_attr(sv->out, cr, "fill");
	buf_adds(sv->out, "/>\n");
	if (!preserve)
		cairo_new_path(cr);
}

static void fill(cairo_t *cr)
{
	fill_path(cr, 0);
}

/* The whole surface in the current colour. */
static void paint(cairo_t *cr)
{
	struct svg *sv = svg_of(cr);

	if (!sv) {
		cairo_paint(cr);
		return;
	}
	buf_adds(sv->out, "<rect width=\"100%\" height=\"100%\"");
	svg_paint_attr(sv->out, cr, "fill");
	buf_adds(sv->out, "/>\n");
}

/* A filled circle: in SVG one element rather than four curves. */
static void disc(cairo_t *cr, double x, double y, double r)
{
	struct svg *sv = svg_of(cr);

	if (!sv) {
		cairo_arc(cr, x, y, r, 0, TAU);
		cairo_fill(cr);
		return;
	}
	buf_adds(sv->out, "<circle cx=\"");
	svg_num(sv->out, x);
	buf_adds(sv->out, "\" cy=\"");
	svg_num(sv->out, y);
	buf_adds(sv->out, "\" r=\"");
	svg_num(sv->out, r);
	buf_adds(sv->out, "\"");
	svg_paint_attr(sv->out, cr, "fill");
	buf_adds(sv->out, "/>\n");
}

static void svg_text(cairo_t *cr, struct buf *b, double x, double y, const char *s, double align)
{
	cairo_matrix_t fm;
	cairo_font_face_t *face = cairo_get_font_face(cr);

	cairo_get_font_matrix(cr, &fm);
	if (align != 0 && align != 0.5 && align != 1)
		x -= align * text_width(cr, s);
	buf_adds(b, "<text x=\"");
	svg_num(b, x);
	buf_adds(b, "\" y=\"");
	svg_num(b, y);
	buf_adds(b, "\" font-size=\"");
	svg_num(b, fm.yy);
	buf_adds(b, "\"");
	svg_paint_attr(b, cr, "fill");
	if (cairo_font_face_get_type(face) == CAIRO_FONT_TYPE_TOY &&
	    cairo_toy_font_face_get_weight(face) == CAIRO_FONT_WEIGHT_BOLD)
		buf_adds(b, " font-weight=\"bold\"");
	if (align == 0.5)
		buf_adds(b, " text-anchor=\"middle\"");
	else if (align == 1)
		buf_adds(b, " text-anchor=\"end\"");
	buf_adds(b, ">");
	buf_add_html(b, s, strlen(s));
	buf_adds(b, "</text>\n");
}

static void text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
	struct svg *sv = svg_of(cr);
	if (sv) {
		svg_text(cr, sv->out, x, y, s, align);
		return;
	}
	cairo_move_to(cr, x - align * text_width(cr, s), y);
	cairo_show_text(cr, s);
}

static void pin_fonts(cairo_t *cr)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
}

/* Draw s wrapped to width; returns the y below the last line. */
static double wrapped(cairo_t *cr, double x, double y, double width, double lh, const char *s)
{
	char line[512], word[256];
	size_t ll = 0;

	line[0] = '\0';
	while (*s) {
		size_t wl = 0;
		char trial[768];
		while (*s == ' ')
			s++;
		while (*s && *s != ' ' && wl < sizeof(word) - 1)
			word[wl++] = *s++;
		word[wl] = '\0';
		if (!wl)
			break;
		snprintf(trial, sizeof(trial), "%s%s%s", line, ll ? " " : "", word);
		if (ll && text_width(cr, trial) > width) {
			text_at(cr, x, y, line, 0);
			y += lh;
			snprintf(line, sizeof(line), "%s", word);
		} else {
			memcpy(line, trial, strlen(trial) < sizeof(line) ? strlen(trial) + 1 : sizeof(line));
			line[sizeof(line) - 1] = '\0';
		}
		ll = strlen(line);
	}
	if (ll) {
		text_at(cr, x, y, line, 0);
		y += lh;
	}
	return y;
}

static void marker(cairo_t *cr, enum chart_style st, double x, double y, double r)
{
	switch (st) {
	case CHART_HOME:
		disc(cr, x, y, r);
		break;
	case CHART_BENCHMARK:
		cairo_move_to(cr, x, y - r * 1.2);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		fill(cr);
		break;
	case CHART_PLAN:
		break;
	}
}

/* Special-cause points: colour and shape both tell the type. */
static void variation_marker(cairo_t *cr, int v, double x, double y)
{
	double r = 5;
	switch (v) {
	case V_IMPROVEMENT:	/* square */
		rgb(cr, c_improve);
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		break;
	case V_CONCERN:		/* diamond */
		rgb(cr, c_concern);
		cairo_move_to(cr, x, y - r * 1.35);
		cairo_line_to(cr, x + r * 1.35, y);
		cairo_line_to(cr, x, y + r * 1.35);
		cairo_line_to(cr, x - r * 1.35, y);
		cairo_close_path(cr);
		break;
	case V_NEITHER:		/* triangle */
		rgb(cr, c_neither);
		cairo_move_to(cr, x, y - r * 1.3);
		cairo_line_to(cr, x + r * 1.2, y + r * 0.9);
		cairo_line_to(cr, x - r * 1.2, y + r * 0.9);
		cairo_close_path(cr);
		break;
	default:		/* common cause: a small circle */
		rgb(cr, c_common);
		disc(cr, x, y, 3.5);
		return;
	}
	fill(cr);
}

/* A hollow diamond: the period has a figure, but it was withheld. */
static void suppressed_marker(cairo_t *cr, double x, double y)
{
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, 1.5);
	rgb(cr, c_home);
	cairo_move_to(cr, x, y - 5);
	cairo_line_to(cr, x + 5, y);
	cairo_line_to(cr, x, y + 5);
	cairo_line_to(cr, x - 5, y);
	cairo_close_path(cr);
	stroke(cr);
}

/* 0: the mean, 1: the process limits */
static void spc_line_style(cairo_t *cr, int which)
{
	static const double dash[] = { 5, 4 };
	rgb(cr, c_common);
	cairo_set_line_width(cr, which ? 1.25 : 1.5);
	cairo_set_dash(cr, which ? dash : NULL, which ? 2 : 0, 0);
}

static void line_style(cairo_t *cr, enum chart_style st)
{
	static const double dash[] = { 7, 4 };
	static const double dot[] = { 2, 3 };
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	switch (st) {
	case CHART_HOME:
		rgb(cr, c_home);
		cairo_set_line_width(cr, 2.5);
		cairo_set_dash(cr, NULL, 0, 0);
		break;
	case CHART_PLAN:
		rgb(cr, c_plan);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		break;
	case CHART_BENCHMARK:
		rgb(cr, c_bench);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dot, 2, 0);
		break;
	}
}

/* Where values land: x of the k-th period, y of a value. */
struct plot_map {
	double x0, dx;		/* x of the first period, distance between periods */
	double y0, lo, scale;	/* y of value lo, pixels per unit */
};

static double map_x(const struct plot_map *m, size_t k)
{
	return m->x0 + m->dx * (double)k;
}

static double map_y(const struct plot_map *m, double v)
{
	return m->y0 - (v - m->lo) * m->scale;
}

/* Stroke a line through the points that have values, with a gap where one
 * is missing. */
static void trace(cairo_t *cr, const struct chart_line *ln, size_t n, const struct plot_map *m)
{
	size_t k;
	int pen = 0;

	for (k = 0; k < n; k++) {
		if (!ln->ok[k]) {
			pen = 0;
			continue;
		}
		if (pen)
			cairo_line_to(cr, map_x(m, k), map_y(m, ln->v[k]));
		else
			cairo_move_to(cr, map_x(m, k), map_y(m, ln->v[k]));
		pen = 1;
	}
	stroke(cr);
}

int chart_nice_ticks(double lo, double hi, int target, double *first, double *step)
{
	double range, raw, mag, f, s;
	int n;

	if (target < 2)
		target = 2;
	if (!(hi > lo)) {
		double pad = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
		lo -= pad;
		hi += pad;
	}
	range = hi - lo;
	raw = range / (target - 1);
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	s = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
	s *= mag;
	*first = floor(lo / s + 1e-9) * s;
	n = (int)ceil((hi - *first) / s - 1e-9) + 1;
	if (n < 2)
		n = 2;
	*step = s;
	return n;
}

/* A value in the caller's words, or plainly when there are none. */
static void number(chart_number_fn *fn, const void *ctx, double v, int decimals, char *out, size_t size)
{
	if (fn)
		fn(ctx, v, decimals, out, size);
	else
		snprintf(out, size, "%.*f", decimals < 0 ? 1 : decimals, v);
}

/* The decimals a tick step needs (at most 4). */
static int step_decimals(double step)
{
	int dec = 0;
	while (dec < 4 && fabs(step - round(step)) > 1e-9) {
		step *= 10;
		dec++;
	}
	return dec;
}

/* Tick labels with the decimals the step needs. */
static void tick_label(const struct chart *c, double v, double step, char *out, size_t size)
{
	number(c->number, c->number_ctx, v, step_decimals(step), out, size);
}

static void draw_trend(cairo_t *cr, const struct chart *c, double W, double H)
{
	double lo = INFINITY, hi = -INFINITY, first, step, y0, x0, pw, ph, top, ylab = 0;
	double legend_x, slot, label_w = 0;
	struct plot_map map;
	int nt, i, every;
	size_t k, l;
	char tmp[64];

	cairo_set_source_rgb(cr, 1, 1, 1);
	paint(cr);

	/* title and unit */
	rgb(cr, c_text);
	font(cr, 17, 1);
	top = wrapped(cr, 16, 28, W - 32, 22, c->title ? c->title : "");
	if (c->subtitle && *c->subtitle) {
		font(cr, 13, 0);
		rgb(cr, c_axis);
		text_at(cr, 16, top, c->subtitle, 0);
		top += 20;
	}

	/* legend: swatch and marker show the style, not colour alone */
	font(cr, 13, 0);
	legend_x = 16;
	for (l = 0; l < c->n_lines; l++) {
		const struct chart_line *ln = &c->lines[l];
		double w = text_width(cr, ln->name);
		if (legend_x + 44 + w > W - 16 && legend_x > 16) {
			legend_x = 16;
			top += 20;
		}
		line_style(cr, ln->style);
		if (c->spc && l == 0)
			rgb(cr, c_common);
		cairo_move_to(cr, legend_x, top - 4);
		cairo_line_to(cr, legend_x + 30, top - 4);
		stroke(cr);
		if (c->spc && l == 0)
			variation_marker(cr, V_COMMON, legend_x + 15, top - 4);
		else
			marker(cr, ln->style, legend_x + 15, top - 4, 4);
		rgb(cr, c_text);
		text_at(cr, legend_x + 36, top, ln->name, 0);
		legend_x += 36 + w + 24;
	}
	if (c->spc) {
		static const char *const names[] = { NULL, "Common cause", "Improvement", "Concern",
						     "Special cause" };
		int seen[5] = { 0 }, v, any_limits = 0;
		for (k = 0; k < c->n; k++) {
			if (c->spc->has[k])
				any_limits = 1;
			if (c->spc->variation[k] > V_NONE && c->spc->variation[k] <= V_NEITHER)
				seen[c->spc->variation[k]] = 1;
		}
		if (any_limits) {
			const char *items[2] = { "Mean", "Process limits" };
			int i2;
			for (i2 = 0; i2 < 2; i2++) {
				double w = text_width(cr, items[i2]);
				if (legend_x + 44 + w > W - 16 && legend_x > 16) {
					legend_x = 16;
					top += 20;
				}
				spc_line_style(cr, i2);
				cairo_move_to(cr, legend_x, top - 4);
				cairo_line_to(cr, legend_x + 30, top - 4);
				stroke(cr);
				rgb(cr, c_text);
				text_at(cr, legend_x + 36, top, items[i2], 0);
				legend_x += 36 + w + 24;
			}
		}
		for (v = V_IMPROVEMENT; v <= V_NEITHER; v++) {
			double w;
			if (!seen[v])
				continue;
			w = text_width(cr, names[v]);
			if (legend_x + 24 + w > W - 16 && legend_x > 16) {
				legend_x = 16;
				top += 20;
			}
			variation_marker(cr, v, legend_x + 8, top - 4);
			rgb(cr, c_text);
			text_at(cr, legend_x + 20, top, names[v], 0);
			legend_x += 20 + w + 24;
		}
		if (c->spc->note && *c->spc->note) {
			top += 20;
			font(cr, 12, 0);
			rgb(cr, c_axis);
			text_at(cr, 16, top, c->spc->note, 0);
			font(cr, 13, 0);
		}
	}
	{
		int any = 0;
		for (l = 0; l < c->n_lines; l++)
			for (k = 0; k < c->n; k++)
				if (c->lines[l].suppressed && c->lines[l].suppressed[k])
					any = 1;
		if (any) {
			const char *s = "Suppressed (figure withheld)";
			double w = text_width(cr, s);
			if (legend_x + 44 + w > W - 16 && legend_x > 16) {
				legend_x = 16;
				top += 20;
			}
			suppressed_marker(cr, legend_x + 15, top - 4);
			rgb(cr, c_text);
			text_at(cr, legend_x + 36, top, s, 0);
		}
	}
	top += 16;

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
	if (!isfinite(lo)) {
		font(cr, 15, 0);
		rgb(cr, c_axis);
		text_at(cr, W / 2, H / 2, "No data to show for this period", 0.5);
		return;
	}
	/* start at zero when the data sit well above it, so changes are not
	 * exaggerated; otherwise fit the data */
	if (lo > 0 && lo < hi * 0.5)
		lo = 0;
	nt = chart_nice_ticks(lo, hi, 6, &first, &step);

	font(cr, 12, 0);
	for (i = 0; i < nt; i++) {
		tick_label(c, first + i * step, step, tmp, sizeof(tmp));
		ylab = fmax(ylab, text_width(cr, tmp));
	}
	for (k = 0; k < c->n; k++)
		label_w = fmax(label_w, text_width(cr, c->labels[k]));

	x0 = 16 + ylab + 10;
	pw = W - x0 - 28 - fmin(60, label_w / 2);
	y0 = H - 44;
	ph = y0 - top;
	slot = c->n > 1 ? pw / (double)(c->n - 1) : pw;

	/* grid and y labels */
	cairo_set_dash(cr, NULL, 0, 0);
	for (i = 0; i < nt; i++) {
		double v = first + i * step;
		double y = y0 - (v - first) / (step * (nt - 1)) * ph;
		rgb(cr, c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, x0, floor(y) + 0.5);
		cairo_line_to(cr, x0 + pw, floor(y) + 0.5);
		stroke(cr);
		rgb(cr, c_axis);
		tick_label(c, v, step, tmp, sizeof(tmp));
		text_at(cr, x0 - 8, y + 4, tmp, 1);
	}
	/* x axis */
	rgb(cr, c_axis);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(y0) + 0.5);
	cairo_line_to(cr, x0 + pw, floor(y0) + 0.5);
	stroke(cr);

	/* x labels: every n-th so none overlap, always the latest */
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
		stroke(cr);
		text_at(cr, x, y0 + 20, c->labels[k], 0.5);
	}

	/* lines: plan and benchmark under the home area */
	map.x0 = c->n > 1 ? x0 : x0 + pw / 2;
	map.dx = slot;
	map.y0 = y0;
	map.lo = first;
	map.scale = ph / (step * (nt - 1));
	if (c->spc) {
		/* mean and limits as steps, so a new baseline shows as a jump */
		const double *arr[3] = { c->spc->mean, c->spc->lpl, c->spc->upl };
		int w;
		for (w = 0; w < 3; w++) {
			int pen = 0;
			spc_line_style(cr, w > 0);
			for (k = 0; k < c->n; k++) {
				double xl = map_x(&map, k) - (k ? map.dx / 2 : 0);
				double xr = map_x(&map, k) + (k + 1 < c->n ? map.dx / 2 : 0);
				double y = map_y(&map, arr[w][k]);
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
			stroke(cr);
		}
		cairo_set_dash(cr, NULL, 0, 0);
	}
	for (l = c->n_lines; l-- > 0;) {
		const struct chart_line *ln = &c->lines[l];
		line_style(cr, ln->style);
		if (c->spc && l == 0)
			rgb(cr, c_common);
		trace(cr, ln, c->n, &map);
		cairo_set_dash(cr, NULL, 0, 0);
		for (k = 0; k < c->n; k++) {
			if (ln->ok[k] && c->spc && l == 0)
				variation_marker(cr, c->spc->variation[k], map_x(&map, k), map_y(&map, ln->v[k]));
			else if (ln->ok[k])
				marker(cr, ln->style, map_x(&map, k), map_y(&map, ln->v[k]), 4);
			else if (ln->suppressed && ln->suppressed[k])
				suppressed_marker(cr, map_x(&map, k), y0 - 8);
			line_style(cr, ln->style);
			cairo_set_dash(cr, NULL, 0, 0);
		}
	}
	/* the latest home value, labelled */
	if (c->n_lines && c->lines[0].style == CHART_HOME) {
		for (k = c->n; k-- > 0;)
			if (c->lines[0].ok[k])
				break;
		if (k != (size_t)-1) {
			double x = map_x(&map, k), y = map_y(&map, c->lines[0].v[k]);
			font(cr, 13, 1);
			rgb(cr, c_home);
			double w, align;
			number(c->number, c->number_ctx, c->lines[0].v[k], -1, tmp, sizeof(tmp));
			w = text_width(cr, tmp);
			align = x + w / 2 > W - 4 ? 1 : 0.5;
			/* a light halo keeps the label readable over other lines */
			cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
			cairo_rectangle(cr, x - align * w - 3, y - 25, w + 6, 18);
			fill(cr);
			rgb(cr, c_home);
			text_at(cr, x, y - 11, tmp, align);
		}
	}
}

static int finish(cairo_surface_t *s, cairo_t *cr, const char *what, const char *file, int w, int h)
{
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		if (file)
			diag_error(NULL, 0, 0, "drawing %s '%s' of %d x %d pixels failed: %s", what, file, w, h,
				   cairo_status_to_string(st));
		else
			diag_error(NULL, 0, 0, "drawing %s of %d x %d pixels failed: %s", what, w, h,
				   cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

/* One chart into out: as PNG, drawn on an image surface of w x h; as SVG,
 * written by the drawing calls (above) while Cairo, on a surface of one
 * pixel, only builds paths and measures text.  An SVG with a title gets an
 * image role, so that opened by itself it is announced once, by what it
 * shows. */
static int render(enum chart_format f, int w, int h, void (*draw)(cairo_t *, const void *, double, double),
		  const void *chart, const char *title, const char *what, const char *file, struct buf *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, f == CHART_SVG ? 1 : w, f == CHART_SVG ? 1 : h);
	cairo_t *cr = cairo_create(s);
	struct svg sv;
	size_t start = out->len;
	int rc;

	if (f == CHART_SVG) {
		sv.out = out;
		cairo_set_user_data(cr, &svg_key, &sv, NULL);
		buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\"",
			   w, h, w, h);
		if (title && *title) {
			buf_adds(out, " role=\"img\" aria-label=\"");
			buf_add_html(out, title, strlen(title));
			buf_adds(out, "\"");
		}
		buf_adds(out, " font-family=\"DejaVu Sans, Verdana, Geneva, sans-serif\" stroke-miterlimit=\"10\">\n");
		if (title && *title) {
			buf_adds(out, "<title>");
			buf_add_html(out, title, strlen(title));
			buf_adds(out, "</title>\n");
		}
	}
	pin_fonts(cr);
	draw(cr, chart, w, h);
	rc = finish(s, cr, what, file, w, h);
	if (rc == 0 && f == CHART_PNG)
		rc = write_png(s, file, out);
	if (rc == 0 && f == CHART_SVG)
		buf_adds(out, "</svg>\n");
	if (rc != 0)
		buf_truncate(out, start);
	cairo_surface_destroy(s);
	return rc;
}

static void draw_trend_any(cairo_t *cr, const void *c, double w, double h)
{
	draw_trend(cr, c, w, h);
}

int chart_trend(const struct chart *c, enum chart_format f, struct buf *out)
{
	return render(f, CHART_WIDTH, CHART_HEIGHT, draw_trend_any, c, c->title, "the chart", c->file, out);
}

static void draw_sparkline(cairo_t *cr, const void *chart, double w, double h)
{
	const struct chart *c = chart;
	const struct chart_line *ln = c->n_lines ? &c->lines[0] : NULL;
	double lo = INFINITY, hi = -INFINITY, pad = 4;
	size_t k, last = (size_t)-1;
	struct plot_map m;

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
	line_style(cr, CHART_HOME);
	cairo_set_line_width(cr, 1.5);
	trace(cr, ln, c->n, &m);
	disc(cr, map_x(&m, last), map_y(&m, ln->v[last]), 2.5);
}

int chart_sparkline(const struct chart *c, struct buf *out)
{
	return render(CHART_SVG, SPARK_WIDTH, SPARK_HEIGHT, draw_sparkline, c, NULL, "the sparkline", NULL, out);
}

/* The pattern Cairo's toy font API builds for FONT (cairo-ft-font.c:
 * family, slant, weight; normal weight is fontconfig's medium), resolved
 * the same way. */
char *chart_font_file(int bold)
{
	FcPattern *p, *m = NULL;
	FcResult r;
	FcChar8 *file;
	int index = 0;
	char *out = NULL;

	if (!FcInit())
		return NULL;
	p = FcPatternCreate();
	if (!p)
		return NULL;
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)FONT);
	FcPatternAddInteger(p, FC_SLANT, FC_SLANT_ROMAN);
	FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_MEDIUM);
	if (FcConfigSubstitute(NULL, p, FcMatchPattern)) {
		FcDefaultSubstitute(p);
		m = FcFontMatch(NULL, p, &r);
	}
	if (m && FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch) {
		size_t len = strlen((const char *)file) + 24;
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		out = xmalloc(len);
		snprintf(out, len, "%s#%d", (const char *)file, index);
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(p);
	return out;
}

void chart_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

/* ---- comparison ---- */

#define BAR_ROW 18
#define BAR_TOP 116

#define RANKED_HEIGHT 500

int chart_compare_height(size_t n)
{
	return n > CHART_COMPARE_MAX_BARS ? RANKED_HEIGHT : BAR_TOP + BAR_ROW * (int)n + 48;
}

static void draw_comparison(cairo_t *cr, const struct chart_compare *c, double W, double H)
{
	double lo = 0, hi = -INFINITY, first, step, x0, pw, labw = 0, y;
	size_t k;
	int nt, i;
	char tmp[96];
	/* a lighter bar still 3:1 on white, the home area's darkest */
	static const double c_bar[3] = { 0x6F / 255.0, 0x8C / 255.0, 0xA8 / 255.0 };

	cairo_set_source_rgb(cr, 1, 1, 1);
	paint(cr);
	rgb(cr, c_text);
	font(cr, 17, 1);
	y = wrapped(cr, 16, 28, W - 32, 22, c->title ? c->title : "");
	font(cr, 13, 0);
	rgb(cr, c_axis);
	if (c->subtitle)
		text_at(cr, 16, y, c->subtitle, 0);
	for (k = 0; k < c->n; k++) {
		hi = fmax(hi, c->bars[k].has_ci ? c->bars[k].hi : c->bars[k].v);
		lo = fmin(lo, c->bars[k].has_ci ? c->bars[k].lo : c->bars[k].v);
	}
	if (c->has_benchmark) {
		hi = fmax(hi, c->benchmark);
		lo = fmin(lo, c->benchmark);
	}
	if (!c->n || !isfinite(hi)) {
		text_at(cr, W / 2, H / 2, "No figures to compare", 0.5);
		return;
	}
	nt = chart_nice_ticks(lo, hi, 6, &first, &step);
	font(cr, 12, 0);
	for (k = 0; k < c->n; k++) {
		char lab[64];
		snprintf(lab, sizeof(lab), "%.30s%s", c->bars[k].label, strlen(c->bars[k].label) > 30 ? "..." : "");
		labw = fmax(labw, text_width(cr, lab));
	}
	x0 = 16 + labw + 10;
	pw = W - x0 - 44;
	/* grid and axis labels */
	for (i = 0; i < nt; i++) {
		double v = first + i * step, x = x0 + (v - first) / (step * (nt - 1)) * pw;
		rgb(cr, c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, floor(x) + 0.5, BAR_TOP - 6);
		cairo_line_to(cr, floor(x) + 0.5, BAR_TOP + BAR_ROW * (double)c->n);
		stroke(cr);
		rgb(cr, c_axis);
		number(c->number, c->number_ctx, v, step_decimals(step), tmp, sizeof(tmp));
		text_at(cr, x, BAR_TOP + BAR_ROW * (double)c->n + 18, tmp, 0.5);
		/* the scale at the top too: a long chart is read from there */
		text_at(cr, x, BAR_TOP - 8, tmp, 0.5);
	}
	for (k = 0; k < c->n; k++) {
		const struct chart_bar *b = &c->bars[k];
		double yb = BAR_TOP + BAR_ROW * (double)k;
		double xz = x0 + (0 - first) / (step * (nt - 1)) * pw;
		double xv = x0 + (b->v - first) / (step * (nt - 1)) * pw;
		char lab[64];
		if (b->highlight)
			rgb(cr, c_home);
		else
			cairo_set_source_rgb(cr, c_bar[0], c_bar[1], c_bar[2]);
		cairo_rectangle(cr, fmin(xz, xv), yb + 3, fabs(xv - xz), BAR_ROW - 6);
		fill(cr);
		if (b->has_ci) {
			double xl = x0 + (b->lo - first) / (step * (nt - 1)) * pw;
			double xh = x0 + (b->hi - first) / (step * (nt - 1)) * pw;
			rgb(cr, c_text);
			cairo_set_line_width(cr, 1.25);
			cairo_move_to(cr, xl, yb + BAR_ROW / 2.0);
			cairo_line_to(cr, xh, yb + BAR_ROW / 2.0);
			cairo_move_to(cr, xl, yb + 5);
			cairo_line_to(cr, xl, yb + BAR_ROW - 5);
			cairo_move_to(cr, xh, yb + 5);
			cairo_line_to(cr, xh, yb + BAR_ROW - 5);
			stroke(cr);
		}
		font(cr, 12, b->highlight);
		rgb(cr, c_text);
		snprintf(lab, sizeof(lab), "%.30s%s", b->label, strlen(b->label) > 30 ? "..." : "");
		text_at(cr, x0 - 6, yb + BAR_ROW - 5, lab, 1);
	}
	if (c->has_benchmark) {
		static const double dash[] = { 6, 4 };
		double xb = x0 + (c->benchmark - first) / (step * (nt - 1)) * pw;
		rgb(cr, c_plan);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, xb, BAR_TOP - 22);
		cairo_line_to(cr, xb, BAR_TOP + BAR_ROW * (double)c->n);
		stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		font(cr, 12, 1);
		snprintf(tmp, sizeof(tmp), "%s", c->benchmark_name ? c->benchmark_name : "Benchmark");
		text_at(cr, xb, BAR_TOP - 26, tmp, xb + text_width(cr, tmp) / 2 > W - 4 ? 1 : xb - text_width(cr, tmp) / 2 < 4 ? 0 : 0.5);
	}
	/* a key: the whiskers are 95% intervals */
	font(cr, 12, 0);
	rgb(cr, c_axis);
	text_at(cr, 16, BAR_TOP - 48, "Bars: latest figure; lines across them: 95% confidence interval; dashed line: benchmark", 0);
}

static void draw_comparison_any(cairo_t *cr, const void *c, double w, double h)
{
	draw_comparison(cr, c, w, h);
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

/* A line of 12-pixel text starting at x with its baseline at y. */
struct label {
	double x, y, w;
};

static int labels_meet(const struct label *a, const struct label *b)
{
	return a->x < b->x + b->w + 6 && b->x < a->x + a->w + 6 && a->y - 13 < b->y + 4 && b->y - 13 < a->y + 4;
}

/* A white ground under a label, so that it reads over the dots. */
static void label_ground(cairo_t *cr, const struct label *l)
{
	cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
	cairo_rectangle(cr, l->x - 3, l->y - 12, l->w + 6, 16);
	fill(cr);
}

/* Many areas: each area's figure as a dot at its rank (the order given),
 * left to right, on a chart of fixed size.  Areas that share a pixel
 * column are drawn as one stroke from the lowest to the highest of them,
 * so the drawing (and the SVG) grows with the width, not with the number
 * of areas; their intervals likewise, as a pale band behind. */
static void draw_ranked(cairo_t *cr, const struct chart_compare *c, double W, double H)
{
	static const double c_dot[3] = { 0x6F / 255.0, 0x8C / 255.0, 0xA8 / 255.0 };
	static const double c_band[3] = { 0xD2 / 255.0, 0xDC / 255.0, 0xE6 / 255.0 };
	static const double dash[] = { 6, 4 };
	double lo = INFINITY, hi = -INFINITY, first, step, x0 = 0, pw, top, bottom, y, span, col_w;
	size_t k, ncol, home = (size_t)-1;
	double *vmin, *vmax, *cmin, *cmax;
	int nt, i;
	char tmp[256], val[64], rank[32], all[32];
	struct label bl = { 0, 0, 0 };

	cairo_set_source_rgb(cr, 1, 1, 1);
	paint(cr);
	rgb(cr, c_text);
	font(cr, 17, 1);
	y = wrapped(cr, 16, 28, W - 32, 22, c->title ? c->title : "");
	font(cr, 13, 0);
	rgb(cr, c_axis);
	if (c->subtitle)
		text_at(cr, 16, y, c->subtitle, 0);
	font(cr, 12, 0);
	text_at(cr, 16, y + 20, "Dots: each area's latest figure, ranked; band: 95% confidence intervals; "
		"dashed line: benchmark", 0);
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
	if (!isfinite(hi) || !isfinite(lo)) {
		text_at(cr, W / 2, H / 2, "No figures to compare", 0.5);
		return;
	}
	nt = chart_nice_ticks(lo, hi, 6, &first, &step);
	span = step * (nt - 1);
	top = y + 52;
	bottom = H - 52;
	for (i = 0; i < nt; i++) {
		number(c->number, c->number_ctx, first + i * step, step_decimals(step), tmp, sizeof(tmp));
		x0 = fmax(x0, text_width(cr, tmp));
	}
	x0 = 16 + x0 + 10;
	pw = W - x0 - 24;
#define RANK_Y(v) (bottom - ((v) - first) / span * (bottom - top))
	/* the value grid */
	for (i = 0; i < nt; i++) {
		double v = first + i * step, yy = floor(RANK_Y(v)) + 0.5;
		rgb(cr, c_grid);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, x0, yy);
		cairo_line_to(cr, x0 + pw, yy);
		stroke(cr);
		rgb(cr, c_axis);
		number(c->number, c->number_ctx, v, step_decimals(step), tmp, sizeof(tmp));
		text_at(cr, x0 - 6, yy + 4, tmp, 1);
	}
	/* the areas, a pixel column at a time */
	ncol = (size_t)ceil(pw);
	col_w = pw / (double)c->n;
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
			cairo_move_to(cr, x0 + (double)k + 0.5, RANK_Y(cmax[k]));
			cairo_line_to(cr, x0 + (double)k + 0.5, RANK_Y(cmin[k]));
		}
	stroke(cr);
	cairo_set_source_rgb(cr, c_dot[0], c_dot[1], c_dot[2]);
	if (col_w >= 2.5) {
		/* room for a dot each */
		for (k = 0; k < c->n; k++)
			disc(cr, x0 + ((double)k + 0.5) * col_w, RANK_Y(c->bars[k].v), fmin(col_w * 0.45, 3));
	} else {
		cairo_set_line_width(cr, 2);
		for (k = 0; k < ncol; k++)
			if (vmin[k] <= vmax[k]) {
				/* at least a dot's height */
				cairo_move_to(cr, x0 + (double)k + 0.5, RANK_Y(vmax[k]) - 1);
				cairo_line_to(cr, x0 + (double)k + 0.5, RANK_Y(vmin[k]) + 1);
			}
		stroke(cr);
	}
	free(vmin);
	/* the rank axis */
	rgb(cr, c_axis);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, x0, floor(bottom) + 0.5);
	cairo_line_to(cr, x0 + pw, floor(bottom) + 0.5);
	stroke(cr);
	text_at(cr, x0, bottom + 16, "1", 0);
	group_digits(c->n, tmp, sizeof(tmp));
	text_at(cr, x0 + pw, bottom + 16, tmp, 1);
	text_at(cr, x0 + pw / 2, bottom + 34, "Areas, highest figure first", 0.5);
	/* the labels: the benchmark's at the right end of its line, the
	 * highlighted area's above its dot (or below, or beside) where it
	 * hides neither; each on a white ground over the dots */
	font(cr, 12, 1);
	if (c->has_benchmark) {
		double yb = RANK_Y(c->benchmark), tw;
		rgb(cr, c_plan);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, x0, yb);
		cairo_line_to(cr, x0 + pw, yb);
		stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		snprintf(tmp, sizeof(tmp), "%s", c->benchmark_name ? c->benchmark_name : "Benchmark");
		tw = text_width(cr, tmp);
		/* above the line, or below it when the line is near the top */
		bl.y = yb - 6 < top + 14 ? yb + 16 : yb - 6;
		bl.x = x0 + pw - 4 - tw;
		bl.w = tw;
		label_ground(cr, &bl);
		rgb(cr, c_plan);
		text_at(cr, bl.x, bl.y, tmp, 0);
	}
	if (home != (size_t)-1) {
		const struct chart_bar *b = &c->bars[home];
		double xh = x0 + ((double)home + 0.5) * col_w, yh = RANK_Y(b->v);
		double above = b->has_ci ? fmin(RANK_Y(b->hi), yh - 6) : yh - 6;
		double below = b->has_ci ? fmax(RANK_Y(b->lo), yh + 6) : yh + 6;
		struct label hl, cand[4];
		int tries, pick = -1;
		if (b->has_ci) {
			rgb(cr, c_text);
			cairo_set_line_width(cr, 1.5);
			cairo_move_to(cr, xh, RANK_Y(b->hi));
			cairo_line_to(cr, xh, RANK_Y(b->lo));
			stroke(cr);
		}
		cairo_set_source_rgb(cr, 1, 1, 1);
		disc(cr, xh, yh, 6.5);
		rgb(cr, c_home);
		disc(cr, xh, yh, 5);
		number(c->number, c->number_ctx, b->v, -1, val, sizeof(val));
		group_digits(home + 1, rank, sizeof(rank));
		group_digits(c->n, all, sizeof(all));
		snprintf(tmp, sizeof(tmp), "%.40s%s: %s, ranked %s of %s", b->label, strlen(b->label) > 40 ? "..." : "",
			 val, rank, all);
		hl.w = text_width(cr, tmp);
		/* starting at the dot, or ending there when there is no room */
		hl.x = xh + hl.w + 4 <= x0 + pw ? xh - 2 : xh - hl.w + 2;
		cand[0] = hl, cand[0].y = above - 10;
		cand[1] = hl, cand[1].y = below + 20;
		cand[2] = hl, cand[2].y = above - 26;
		cand[3] = hl, cand[3].y = below + 36;
		for (tries = 0; tries < 4 && pick < 0; tries++)
			if (cand[tries].y - 12 >= top - 20 && cand[tries].y <= bottom - 4 &&
			    !(c->has_benchmark && labels_meet(&cand[tries], &bl)))
				pick = tries;
		hl = cand[pick < 0 ? 0 : pick];
		rgb(cr, c_home);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, xh, hl.y < yh ? above - 1 : below + 1);
		cairo_line_to(cr, xh, hl.y < yh ? hl.y + 3 : hl.y - 12);
		stroke(cr);
		label_ground(cr, &hl);
		rgb(cr, c_home);
		text_at(cr, hl.x, hl.y, tmp, 0);
	}
#undef RANK_Y
}

static void draw_ranked_any(cairo_t *cr, const void *c, double w, double h)
{
	draw_ranked(cr, c, w, h);
}

int chart_comparison(const struct chart_compare *c, enum chart_format f, struct buf *out)
{
	return render(f, CHART_WIDTH, chart_compare_height(c->n),
		      c->n > CHART_COMPARE_MAX_BARS ? draw_ranked_any : draw_comparison_any, c, c->title,
		      "the comparison chart", c->file, out);
}

/* ---- icons ---- */

struct icon {
	const double *col;
	const char *letter;
	int arrow, common;
};

static void draw_icon(cairo_t *cr, const void *icon, double w, double h)
{
	const struct icon *ic = icon;
	double r = w / 2;

	(void)h;
	/* a white disc with a coloured ring: the letter carries the meaning */
	cairo_arc(cr, r, r, r - 2, 0, TAU);
	cairo_set_source_rgb(cr, 1, 1, 1);
	fill_path(cr, 1);
	rgb(cr, ic->col);
	cairo_set_line_width(cr, 3);
	stroke(cr);
	if (ic->common) {
		/* common cause: a level, wavering line */
		cairo_set_line_width(cr, 2.5);
		cairo_move_to(cr, 9, r + 2);
		cairo_curve_to(cr, 14, r - 6, 18, r - 6, 20, r);
		cairo_curve_to(cr, 22, r + 6, 26, r + 6, 31, r - 2);
		stroke(cr);
	} else {
		font(cr, 17, 1);
		text_at(cr, r, r + 6, ic->letter, 0.5);
		if (ic->arrow) {
			/* a small arrow beside the letter: which side of the mean */
			double ax = r + 11, ay = ic->arrow > 0 ? r - 6 : r + 6;
			cairo_move_to(cr, ax, ay - 4 * ic->arrow);
			cairo_line_to(cr, ax + 3.5, ay + 2 * ic->arrow);
			cairo_line_to(cr, ax - 3.5, ay + 2 * ic->arrow);
			cairo_close_path(cr);
			fill(cr);
		}
	}
}

int chart_icon(const char *name, struct buf *out)
{
	struct icon ic = { NULL, "", 0, 0 };

	if (!strcmp(name, "variation-common")) { ic.col = c_common; ic.common = 1; }
	else if (!strcmp(name, "variation-improvement-high")) { ic.col = c_improve; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-improvement-low")) { ic.col = c_improve; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "variation-concern-high")) { ic.col = c_concern; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-concern-low")) { ic.col = c_concern; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "variation-neither-high")) { ic.col = c_neither; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-neither-low")) { ic.col = c_neither; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "assurance-pass")) { ic.col = c_improve; ic.letter = "P"; }
	else if (!strcmp(name, "assurance-fail")) { ic.col = c_concern; ic.letter = "F"; }
	else if (!strcmp(name, "assurance-hit-and-miss")) { ic.col = c_common; ic.letter = "?"; }
	else return -1;
	return render(CHART_SVG, CHART_ICON_SIZE, CHART_ICON_SIZE, draw_icon, &ic, NULL, "the icon", name, out);
}
