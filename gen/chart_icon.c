/* The variation and assurance icons, as SVG. */
#include "chart_impl.h"


static void draw_icon(cairo_t *cr, const void *icon, double w, double h)
{
	const struct chart_icon *ic = icon;
	static const double *const colours[] = { chart_c_common, chart_c_improve, chart_c_concern, chart_c_neither };
	double r = w / 2;

	(void)h;
	/* a white disc with a coloured ring: the letter carries the meaning */
	cairo_arc(cr, r, r, r - 2, 0, CHART_TAU);
	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_fill_path(cr, 1);
	chart_rgb(cr, colours[ic->colour]);
	cairo_set_line_width(cr, 3);
	chart_stroke(cr);
	if (ic->wave) {
		/* common cause: a level, wavering line */
		cairo_set_line_width(cr, 2.5);
		cairo_move_to(cr, 9, r + 2);
		cairo_curve_to(cr, 14, r - 6, 18, r - 6, 20, r);
		cairo_curve_to(cr, 22, r + 6, 26, r + 6, 31, r - 2);
		chart_stroke(cr);
	} else {
		chart_font(cr, 17, 1);
		chart_text_at(cr, r, r + 6, ic->letter, 0.5);
		if (ic->arrow) {
			/* a small arrow beside the letter: which side of the mean */
			double ax = r + 11, ay = ic->arrow > 0 ? r - 6 : r + 6;
			cairo_move_to(cr, ax, ay - 4 * ic->arrow);
			cairo_line_to(cr, ax + 3.5, ay + 2 * ic->arrow);
			cairo_line_to(cr, ax - 3.5, ay + 2 * ic->arrow);
			cairo_close_path(cr);
			chart_fill(cr);
		}
	}
}

int chart_icon(const struct chart_icon *ic, const char *name, struct buf *out)
{
	return chart_render(CHART_SVG, CHART_ICON_SIZE, CHART_ICON_SIZE, draw_icon, ic, NULL, "the icon", name, out);
}
