/* What every chart kind shares: the palette, the pen (drawing onto a
 * Cairo image surface for PNG, or written as SVG), markers and line
 * styles, scales and ticks, numbers, and the surface a chart is drawn on.
 * The kinds are chart_trend.c, chart_compare.c and chart_icon.c. */
#include "chart_impl.h"
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

/* Analysis Function palette; each at least 3:1 against white. */
const double chart_c_home[3] = { 0x12 / 255.0, 0x43 / 255.0, 0x6D / 255.0 };
const double chart_c_plan[3] = { 0x80 / 255.0, 0x16 / 255.0, 0x50 / 255.0 };
const double chart_c_bench[3] = { 0x28 / 255.0, 0xA1 / 255.0, 0x97 / 255.0 };
const double chart_c_text[3] = { 0x0B / 255.0, 0x0C / 255.0, 0x0C / 255.0 };
const double chart_c_axis[3] = { 0x50 / 255.0, 0x5A / 255.0, 0x5F / 255.0 };
const double chart_c_grid[3] = { 0xDD / 255.0, 0xDD / 255.0, 0xDD / 255.0 };
/* "Making Data Count" colours, darkened where needed for 3:1 on white */
const double chart_c_improve[3] = { 0x00 / 255.0, 0x72 / 255.0, 0xCE / 255.0 };
const double chart_c_concern[3] = { 0xE4 / 255.0, 0x6C / 255.0, 0x0A / 255.0 };
const double chart_c_neither[3] = { 0x49 / 255.0, 0x00 / 255.0, 0x92 / 255.0 };
const double chart_c_common[3] = { 0x50 / 255.0, 0x5A / 255.0, 0x5F / 255.0 };

/* PNG through our own encoder (pngenc.c): Cairo's writer spends nearly all a
 * chart's time in zlib with adaptive filters at the default level, for
 * larger files. */
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

void chart_rgb(cairo_t *cr, const double c[3])
{
	cairo_set_source_rgb(cr, c[0], c[1], c[2]);
}

void chart_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

double chart_text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;
	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/* SVG is written here, not by Cairo's SVG surface: that one writes every
 * glyph as an outline (about three times the bytes, and text nobody can
 * select, search or have read out) and every path with a long style and six
 * decimals.  The drawing code is the same for both formats: it builds paths
 * with Cairo, and chart_stroke(), chart_fill() and chart_text_at() either
 * paint them onto the PNG's image surface or, when the cairo_t carries an
 * SVG under construction, write them as elements.  Layout measures text with Cairo's
 * DejaVu Sans, which the SVG asks for first, then metrically close fonts. */
struct svg {
	struct buf *out;
	int bare_text;		/* in a group with a class: text without size,
				 * colour or weight, which its rules give */
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

/* Whether the current path draws anything (more than moves). */
static int path_draws(cairo_t *cr)
{
	cairo_path_t *path = cairo_copy_path(cr);
	int i, any = 0;

	for (i = 0; path->status == CAIRO_STATUS_SUCCESS && i < path->num_data && !any;
	     i += path->data[i].header.length)
		any = path->data[i].header.type != CAIRO_PATH_MOVE_TO;
	cairo_path_destroy(path);
	return any;
}

void chart_stroke(cairo_t *cr)
{
	struct svg *sv = svg_of(cr);
	struct buf *b;
	int nd;

	if (!sv) {
		cairo_stroke(cr);
		return;
	}
	if (!path_draws(cr)) {
		cairo_new_path(cr);	/* no empty <path> */
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

void chart_fill_path(cairo_t *cr, int preserve)
{
	struct svg *sv = svg_of(cr);

	if (!sv) {
		if (preserve)
			cairo_fill_preserve(cr);
		else
			cairo_fill(cr);
		return;
	}
	if (!path_draws(cr)) {
		if (!preserve)
			cairo_new_path(cr);
		return;
	}
	svg_path(sv->out, cr);
	svg_paint_attr(sv->out, cr, "fill");
	buf_adds(sv->out, "/>\n");
	if (!preserve)
		cairo_new_path(cr);
}

void chart_fill(cairo_t *cr)
{
	chart_fill_path(cr, 0);
}

/* The whole surface in the current colour. */
void chart_paint(cairo_t *cr)
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
void chart_disc(cairo_t *cr, double x, double y, double r)
{
	struct svg *sv = svg_of(cr);

	if (!sv) {
		cairo_arc(cr, x, y, r, 0, CHART_TAU);
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
		x -= align * chart_text_width(cr, s);
	buf_adds(b, "<text x=\"");
	svg_num(b, x);
	buf_adds(b, "\" y=\"");
	svg_num(b, y);
	buf_adds(b, "\"");
	if (!svg_of(cr)->bare_text) {
		buf_adds(b, " font-size=\"");
		svg_num(b, fm.yy);
		buf_adds(b, "\"");
		svg_paint_attr(b, cr, "fill");
		if (cairo_font_face_get_type(face) == CAIRO_FONT_TYPE_TOY &&
		    cairo_toy_font_face_get_weight(face) == CAIRO_FONT_WEIGHT_BOLD)
			buf_adds(b, " font-weight=\"bold\"");
	}
	if (align == 0.5)
		buf_adds(b, " text-anchor=\"middle\"");
	else if (align == 1)
		buf_adds(b, " text-anchor=\"end\"");
	buf_adds(b, ">");
	buf_add_html(b, s, strlen(s));
	buf_adds(b, "</text>\n");
}

void chart_text_at(cairo_t *cr, double x, double y, const char *s, double align)
{
	struct svg *sv = svg_of(cr);
	if (sv) {
		svg_text(cr, sv->out, x, y, s, align);
		return;
	}
	cairo_move_to(cr, x - align * chart_text_width(cr, s), y);
	cairo_show_text(cr, s);
}

/* In SVG only: a group with id (and class cls, when not NULL) around
 * what is drawn until chart_group_end, so that a page can point at one
 * area's marks by fragment; the PNG has no such thing. */
void chart_group_begin(cairo_t *cr, const char *id, const char *cls)
{
	struct svg *sv = svg_of(cr);

	if (!sv)
		return;
	buf_adds(sv->out, "<g id=\"");
	buf_add_html(sv->out, id, strlen(id));
	if (cls) {
		buf_adds(sv->out, "\" class=\"");
		buf_add_html(sv->out, cls, strlen(cls));
		sv->bare_text = 1;
	}
	buf_adds(sv->out, "\">\n");
}

void chart_group_end(cairo_t *cr)
{
	struct svg *sv = svg_of(cr);

	if (!sv)
		return;
	buf_adds(sv->out, "</g>\n");
	sv->bare_text = 0;
}

int chart_is_svg(cairo_t *cr)
{
	return svg_of(cr) != NULL;
}

void chart_defs(cairo_t *cr, int begin)
{
	struct svg *sv = svg_of(cr);

	if (sv)
		buf_adds(sv->out, begin ? "<defs>\n" : "</defs>\n");
}

void chart_use(cairo_t *cr, const char *ref, double x, double y)
{
	struct svg *sv = svg_of(cr);

	if (!sv)
		return;
	buf_adds(sv->out, "<use href=\"#");
	buf_add_html(sv->out, ref, strlen(ref));
	buf_adds(sv->out, "\" x=\"");
	svg_num(sv->out, x);
	buf_adds(sv->out, "\" y=\"");
	svg_num(sv->out, y);
	buf_adds(sv->out, "\"/>\n");
}

void chart_style(cairo_t *cr, const char *css)
{
	struct svg *sv = svg_of(cr);

	if (!sv)
		return;
	buf_adds(sv->out, "<style>");
	buf_add_html(sv->out, css, strlen(css));
	buf_adds(sv->out, "</style>\n");
}

void chart_pin_fonts(cairo_t *cr)
{
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
}

size_t chart_utf8_cut(const char *s, size_t n)
{
	size_t len = strnlen(s, n + 1);

	if (len <= n)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* A word of more bytes than this is wider than any chart (the narrowest
 * glyph is over 3 pixels): no more of it is looked at, so that a title of
 * 64 KiB and no space is wrapped in time linear in its length. */
#define WRAP_WORD_MAX 256

/* The bytes of the word s[0..len) (len at most WRAP_WORD_MAX + 1), too
 * wide for width, that start a line: as many whole characters as fit, at
 * least one.  t is scratch. */
static size_t wrap_break(cairo_t *cr, struct buf *t, const char *s, size_t len, double width)
{
	size_t k = 0, next;

	len = chart_utf8_cut(s, len < WRAP_WORD_MAX ? len : WRAP_WORD_MAX);
	while (k < len) {
		for (next = k + 1; next < len && ((unsigned char)s[next] & 0xc0) == 0x80; next++)
			;
		buf_reset(t);
		buf_add(t, s, next);
		if (k && chart_text_width(cr, t->s) > width)
			break;
		k = next;
	}
	return k ? k : 1;
}

/* Draw s wrapped to width; returns the y below the last line.  Lines
 * break at spaces; a word wider than the width on its own is broken
 * between two characters, never inside one (Cairo refuses a broken UTF-8
 * sequence, and the whole chart with it). */
double chart_wrapped(cairo_t *cr, double x, double y, double width, double lh, const char *s)
{
	struct buf line, trial;

	buf_init(&line);
	buf_init(&trial);
	for (;;) {
		size_t wl;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		/* the word's length, or WRAP_WORD_MAX + 1 for a longer one */
		for (wl = 0; s[wl] && s[wl] != ' ' && wl <= WRAP_WORD_MAX; wl++)
			;
		if (wl <= WRAP_WORD_MAX) {
			buf_reset(&trial);
			buf_add(&trial, line.s, line.len);
			if (line.len)
				buf_addc(&trial, ' ');
			buf_add(&trial, s, wl);
			if (chart_text_width(cr, trial.s) <= width) {
				buf_reset(&line);
				buf_add(&line, trial.s, trial.len);
				s += wl;
				continue;
			}
		}
		/* the word starts the next line; alone, it is broken */
		if (!line.len) {
			size_t k = wrap_break(cr, &trial, s, wl, width);
			buf_add(&line, s, k);
			s += k;
		}
		chart_text_at(cr, x, y, line.s, 0);
		y += lh;
		buf_reset(&line);
	}
	if (line.len) {
		chart_text_at(cr, x, y, line.s, 0);
		y += lh;
	}
	buf_release(&line);
	buf_release(&trial);
	return y;
}

/* The longest start of s, of n bytes, that ends a sentence ('.') before
 * a space, or a word with an ellipsis after it, and fits width; into
 * out.  0 when not even one word and an ellipsis fit. */
static int fit_cut(cairo_t *cr, const char *s, size_t n, double width, char *out, size_t size)
{
	int pass;

	for (pass = 0; pass < 2; pass++) {
		size_t i = n;
		while (i-- > 1) {
			size_t k = i;
			if (s[i] != ' ' || (pass == 0 && s[i - 1] != '.'))
				continue;
			while (pass == 1 && k > 0 && strchr(" ,;:.", s[k - 1]))
				k--;	/* no 'first;...' */
			if (k == 0)
				continue;
			snprintf(out, size, "%.*s%s", (int)k, s, pass ? "\xe2\x80\xa6" : "");
			if (chart_text_width(cr, out) <= width)
				return 1;
		}
	}
	return 0;
}

void chart_text_fit(cairo_t *cr, double x, double y, double width, const char *s)
{
	char line[768];
	size_t n = strlen(s);

	if (n > sizeof(line) - 8)
		n = sizeof(line) - 8;	/* cut at a space, so UTF-8 stays whole */
	if (chart_text_width(cr, s) > width) {
		if (!fit_cut(cr, s, n, width, line, sizeof(line))) {
			/* not even its first word fits: the characters that do */
			n = chart_utf8_cut(s, n);
			do {
				snprintf(line, sizeof(line), "%.*s\xe2\x80\xa6", (int)n, s);
				n = n ? chart_utf8_cut(s, n - 1) : 0;
			} while (n > 0 && chart_text_width(cr, line) > width);
		}
		s = line;
	}
	chart_text_at(cr, x, y, s, 0);
}

double chart_title_line(cairo_t *cr, const char *title, double W)
{
	int px;

	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_paint(cr);
	chart_rgb(cr, chart_c_text);
	for (px = 17; px > 13; px--) {
		chart_font(cr, px, 1);
		if (chart_text_width(cr, title ? title : "") <= W - 32)
			break;
	}
	chart_text_fit(cr, 16, 28, W - 32, title ? title : "");
	return 50;
}

double chart_title(cairo_t *cr, const char *title, double W)
{
	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_paint(cr);
	chart_rgb(cr, chart_c_text);
	chart_font(cr, 17, 1);
	return chart_wrapped(cr, 16, 28, W - 32, 22, title ? title : "");
}

void chart_marker(cairo_t *cr, enum chart_style st, double x, double y, double r)
{
	switch (st) {
	case CHART_HOME:
		chart_disc(cr, x, y, r);
		break;
	case CHART_BENCHMARK:
		cairo_move_to(cr, x, y - r * 1.2);
		cairo_line_to(cr, x + r * 1.1, y + r * 0.8);
		cairo_line_to(cr, x - r * 1.1, y + r * 0.8);
		cairo_close_path(cr);
		chart_fill(cr);
		break;
	case CHART_PLAN:
		break;
	}
}

void chart_plan_marker(cairo_t *cr, double x, double y)
{
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, 3);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	chart_rgb(cr, chart_c_plan);
	cairo_move_to(cr, x - 9, y);
	cairo_line_to(cr, x + 9, y);
	chart_stroke(cr);
}

int chart_isolated(const struct chart_line *ln, size_t n, size_t k)
{
	return ln->ok[k] && (k == 0 || !ln->ok[k - 1]) && (k + 1 >= n || !ln->ok[k + 1]);
}

/* Special-cause points: colour and shape both tell the type. */
void chart_variation_marker(cairo_t *cr, int v, double x, double y)
{
	double r = 5;
	switch (v) {
	case CHART_V_IMPROVEMENT:	/* square */
		chart_rgb(cr, chart_c_improve);
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		break;
	case CHART_V_CONCERN:		/* diamond */
		chart_rgb(cr, chart_c_concern);
		cairo_move_to(cr, x, y - r * 1.35);
		cairo_line_to(cr, x + r * 1.35, y);
		cairo_line_to(cr, x, y + r * 1.35);
		cairo_line_to(cr, x - r * 1.35, y);
		cairo_close_path(cr);
		break;
	case CHART_V_NEITHER:		/* triangle */
		chart_rgb(cr, chart_c_neither);
		cairo_move_to(cr, x, y - r * 1.3);
		cairo_line_to(cr, x + r * 1.2, y + r * 0.9);
		cairo_line_to(cr, x - r * 1.2, y + r * 0.9);
		cairo_close_path(cr);
		break;
	default:		/* common cause: a small circle */
		chart_rgb(cr, chart_c_common);
		chart_disc(cr, x, y, 3.5);
		return;
	}
	chart_fill(cr);
}

/* A hollow diamond: the period has a figure, but it was withheld. */
void chart_suppressed_marker(cairo_t *cr, double x, double y)
{
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_set_line_width(cr, 1.5);
	chart_rgb(cr, chart_c_home);
	cairo_move_to(cr, x, y - 5);
	cairo_line_to(cr, x + 5, y);
	cairo_line_to(cr, x, y + 5);
	cairo_line_to(cr, x - 5, y);
	cairo_close_path(cr);
	chart_stroke(cr);
}

/* 0: the mean, 1: the process limits */
void chart_spc_line_style(cairo_t *cr, int which)
{
	static const double dash[] = { 5, 4 };
	chart_rgb(cr, chart_c_common);
	cairo_set_line_width(cr, which ? 1.25 : 1.5);
	cairo_set_dash(cr, which ? dash : NULL, which ? 2 : 0, 0);
}

void chart_line_style(cairo_t *cr, enum chart_style st)
{
	static const double dash[] = { 7, 4 };
	static const double dot[] = { 2, 3 };
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	switch (st) {
	case CHART_HOME:
		chart_rgb(cr, chart_c_home);
		cairo_set_line_width(cr, 2.5);
		cairo_set_dash(cr, NULL, 0, 0);
		break;
	case CHART_PLAN:
		chart_rgb(cr, chart_c_plan);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		break;
	case CHART_BENCHMARK:
		chart_rgb(cr, chart_c_bench);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dot, 2, 0);
		break;
	}
}

double chart_map_x(const struct chart_map *m, size_t k)
{
	return m->x0 + m->dx * (double)k;
}

double chart_map_y(const struct chart_map *m, double v)
{
	return m->y0 - (v - m->lo) * m->scale;
}

void chart_trace(cairo_t *cr, const struct chart_line *ln, size_t n, const struct chart_map *m)
{
	size_t k;
	int pen = 0;

	for (k = 0; k < n; k++) {
		if (!ln->ok[k]) {
			pen = 0;
			continue;
		}
		if (pen)
			cairo_line_to(cr, chart_map_x(m, k), chart_map_y(m, ln->v[k]));
		else
			cairo_move_to(cr, chart_map_x(m, k), chart_map_y(m, ln->v[k]));
		pen = 1;
	}
	chart_stroke(cr);
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
void chart_number(chart_number_fn *fn, const void *ctx, double v, int decimals, char *out, size_t size)
{
	if (fn)
		fn(ctx, v, decimals, out, size);
	else
		snprintf(out, size, "%.*f", decimals < 0 ? 1 : decimals, v);
}

/* The decimals a tick step needs (at most 4). */
int chart_step_decimals(double step)
{
	int dec = 0;
	while (dec < 4 && fabs(step - round(step)) > 1e-9) {
		step *= 10;
		dec++;
	}
	return dec;
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
int chart_render(enum chart_format f, int w, int h, chart_draw_fn *draw, const void *chart, const char *title,
		 const char *what, const char *file, struct buf *out)
{
	return chart_render_desc(f, w, h, draw, chart, title, NULL, what, file, out);
}

int chart_render_desc(enum chart_format f, int w, int h, chart_draw_fn *draw, const void *chart, const char *title,
		      const char *desc, const char *what, const char *file, struct buf *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, f == CHART_SVG ? 1 : w, f == CHART_SVG ? 1 : h);
	cairo_t *cr = cairo_create(s);
	struct svg sv;
	size_t start = out->len;
	int rc;

	if (f == CHART_SVG) {
		sv.out = out;
		sv.bare_text = 0;
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
		if (desc && *desc) {
			buf_adds(out, "<desc>");
			buf_add_html(out, desc, strlen(desc));
			buf_adds(out, "</desc>\n");
		}
	}
	chart_pin_fonts(cr);
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

int chart_render_scaled(int w, int h, double scale, chart_draw_fn *draw, const void *chart, const char *what,
			const char *file, struct buf *out)
{
	int pw = (int)(w * scale + 0.5), ph = (int)(h * scale + 0.5);
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, pw, ph);
	cairo_t *cr = cairo_create(s);
	size_t start = out->len;
	int rc;

	/* the fonts are unhinted, so text scales as the lines do */
	cairo_scale(cr, scale, scale);
	chart_pin_fonts(cr);
	draw(cr, chart, w, h);
	rc = finish(s, cr, what, file, pw, ph);
	if (rc == 0)
		rc = write_png(s, file, out);
	if (rc != 0)
		buf_truncate(out, start);
	cairo_surface_destroy(s);
	return rc;
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
	png_encode_cleanup();
	cairo_debug_reset_static_data();
	FcFini();
}
