#ifndef BCF_CHART_IMPL_H
#define BCF_CHART_IMPL_H
/* Internal to the chart library: what chart.c gives every chart kind
 * (chart_trend.c, chart_compare.c, chart_icon.c).  Callers outside the
 * library include chart.h only.
 *
 * Every drawing call here works for both formats: it builds a path with
 * Cairo and paints it onto the PNG's image surface or, when the cairo_t
 * carries an SVG under construction (chart_render), writes it as SVG
 * elements.  Draw with these, not with cairo_stroke(), cairo_fill(),
 * cairo_paint() or cairo_show_text(), which the SVG would not see.
 * Setting the colour, line width, dash and path with Cairo is fine. */
#include "chart.h"

#include <cairo.h>
#include <stddef.h>

#define CHART_TAU 6.283185307179586

/* The palette, each colour as red, green, blue from 0 to 1: the Analysis
 * Function's colours, then "Making Data Count"'s for variation. */
extern const double chart_c_home[3], chart_c_plan[3], chart_c_bench[3], chart_c_text[3],
	chart_c_axis[3], chart_c_grid[3];
extern const double chart_c_improve[3], chart_c_concern[3], chart_c_neither[3], chart_c_common[3];

/* enum spc_variation, repeated here to keep the charts free of stats */
enum { CHART_V_NONE, CHART_V_COMMON, CHART_V_IMPROVEMENT, CHART_V_CONCERN, CHART_V_NEITHER };

/* Drawing a chart of w x h pixels onto cr; chart is what the caller of
 * chart_render passed. */
typedef void chart_draw_fn(cairo_t *cr, const void *chart, double w, double h);

/* One chart into out, by draw: as PNG drawn on an image surface of w x h,
 * as SVG written by the drawing calls below.  title, when given, is the
 * SVG's accessible name; what ("the chart") and file name the chart in
 * messages.  Returns 0, or -1 with the failure reported through diag and
 * out as it was. */
int chart_render(enum chart_format f, int w, int h, chart_draw_fn *draw, const void *chart, const char *title,
		 const char *what, const char *file, struct buf *out);
/* The same with desc (NULL or "": none) as the SVG's description, what a
 * reader of the SVG alone needs beyond its title. */
int chart_render_desc(enum chart_format f, int w, int h, chart_draw_fn *draw, const void *chart, const char *title,
		      const char *desc, const char *what, const char *file, struct buf *out);

/* The same as a PNG of w x h times scale pixels, drawn as w x h. */
int chart_render_scaled(int w, int h, double scale, chart_draw_fn *draw, const void *chart, const char *what,
			const char *file, struct buf *out);

/* ---- the pen ---- */

/* Set the source colour to c. */
void chart_rgb(cairo_t *cr, const double c[3]);
/* In SVG only (a PNG draws on as if they were not there): a group
 * <g id="id" class="cls"> (cls may be NULL) around what is drawn until
 * chart_group_end, so a page can highlight one area's marks through a
 * fragment and :target; and a <style> sheet, css, for such rules. */
void chart_group_begin(cairo_t *cr, const char *id, const char *cls);
void chart_group_end(cairo_t *cr);
void chart_style(cairo_t *cr, const char *css);
/* Text in a group with a class is written bare, without size, colour or
 * weight: the style sheet's rule for '.cls text' gives them, once for
 * every area's hidden label. */
/* Whether cr draws SVG: marks that only a fragment shows are drawn in SVG
 * alone (a PNG would show them all). */
int chart_is_svg(cairo_t *cr);
/* In SVG only: <defs> (begin) or </defs> around what is drawn between,
 * to be placed again and again by chart_use; <use href="#ref"> moved by
 * (x, y).  An id of defs has a '.', which no area's code has. */
void chart_defs(cairo_t *cr, int begin);
/* The style sheet of charts with marks a fragment shows, each area's in a
 * group of class "t": hidden until targeted, their text the home area's
 * label's, bold, on a white halo. */
extern const char chart_target_css[];
void chart_use(cairo_t *cr, const char *ref, double x, double y);
/* Pin cr's font options (no hinting, no hinted metrics), as every chart
 * has them: text measured otherwise is measured otherwise. */
void chart_pin_fonts(cairo_t *cr);
/* Select the charts' font (DejaVu Sans) at size, bold or not. */
void chart_font(cairo_t *cr, double size, int bold);
/* How far s advances in the current font. */
double chart_text_width(cairo_t *cr, const char *s);
/* Stroke the current path, then clear it. */
void chart_stroke(cairo_t *cr);
/* Fill the current path; keep it for a stroke when preserve. */
void chart_fill_path(cairo_t *cr, int preserve);
/* Fill the current path, then clear it. */
void chart_fill(cairo_t *cr);
/* The whole surface in the current colour. */
void chart_paint(cairo_t *cr);
/* A filled circle. */
void chart_disc(cairo_t *cr, double x, double y, double r);
/* s with its baseline at y, its left (align 0), middle (0.5) or right (1)
 * end at x. */
void chart_text_at(cairo_t *cr, double x, double y, const char *s, double align);
/* The length of s cut to at most n bytes, never inside a UTF-8 character
 * (Cairo refuses a broken one). */
size_t chart_utf8_cut(const char *s, size_t n);
/* s wrapped to width, lines lh apart from the baseline y; returns the y
 * below the last line.  A word wider than width is broken between
 * characters. */
double chart_wrapped(cairo_t *cr, double x, double y, double width, double lh, const char *s);
/* s on one line, from x on the baseline y; when it is wider than width,
 * only its first sentences that fit, or else its first words that fit
 * and an ellipsis, or else its first characters that fit and an
 * ellipsis. */
void chart_text_fit(cairo_t *cr, double x, double y, double width, const char *s);
/* A white ground and the title (may be NULL) in bold, wrapped to the
 * chart's width W; returns the baseline below its last line. */
double chart_title(cairo_t *cr, const char *title, double W);
/* The same on one line, for a chart whose layout below is fixed: in a
 * smaller type (down to 13 px) where it does not fit at 17, cut short with
 * an ellipsis where it does not fit at all; returns the baseline below it. */
double chart_title_line(cairo_t *cr, const char *title, double W);

/* ---- markers and line styles ---- */

/* A line's marker at (x, y): a disc (home), a triangle (benchmark) or
 * none (plan), in the current colour. */
void chart_marker(cairo_t *cr, enum chart_style st, double x, double y, double r);
/* A plan for a period with no plan beside it, which no line joins: a
 * short solid bar across (x, y) in the plan's colour. */
void chart_plan_marker(cairo_t *cr, double x, double y);
/* Whether the k-th of n values of ln stands alone: no value beside it to
 * join it to. */
int chart_isolated(const struct chart_line *ln, size_t n, size_t k);
/* A point of variation v (CHART_V_*): colour and shape both tell it. */
void chart_variation_marker(cairo_t *cr, int v, double x, double y);
/* A hollow diamond: the period has a figure, but it was withheld. */
void chart_suppressed_marker(cairo_t *cr, double x, double y);
/* Colour, width and dash of the SPC mean (which 0) or limits (1). */
void chart_spc_line_style(cairo_t *cr, int which);
/* Colour, width, dash, join and cap of a line of style st. */
void chart_line_style(cairo_t *cr, enum chart_style st);

/* ---- scales and numbers ---- */

/* Where values land: x of the k-th period, y of a value. */
struct chart_map {
	double x0, dx;		/* x of the first period, distance between periods */
	double y0, lo, scale;	/* y of value lo, pixels per unit */
};

/* The pixel of x position k; of value v. */
double chart_map_x(const struct chart_map *m, size_t k);
double chart_map_y(const struct chart_map *m, double v);
/* Stroke a line through the n points of ln that have values, with a gap
 * where one is missing. */
void chart_trace(cairo_t *cr, const struct chart_line *ln, size_t n, const struct chart_map *m);

/* v written into out by fn (with ctx), or plainly when fn is NULL;
 * decimals as for chart_number_fn. */
void chart_number(chart_number_fn *fn, const void *ctx, double v, int decimals, char *out, size_t size);
/* The decimals a tick step needs (at most 4). */
int chart_step_decimals(double step);

#endif
