/* The variation and assurance icons, as SVG. */
#include "chart_impl.h"

#include <string.h>

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
	cairo_arc(cr, r, r, r - 2, 0, CHART_TAU);
	cairo_set_source_rgb(cr, 1, 1, 1);
	chart_fill_path(cr, 1);
	chart_rgb(cr, ic->col);
	cairo_set_line_width(cr, 3);
	chart_stroke(cr);
	if (ic->common) {
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

int chart_icon(const char *name, struct buf *out)
{
	struct icon ic = { NULL, "", 0, 0 };

	if (!strcmp(name, "variation-common")) { ic.col = chart_c_common; ic.common = 1; }
	else if (!strcmp(name, "variation-improvement-high")) { ic.col = chart_c_improve; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-improvement-low")) { ic.col = chart_c_improve; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "variation-concern-high")) { ic.col = chart_c_concern; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-concern-low")) { ic.col = chart_c_concern; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "variation-neither-high")) { ic.col = chart_c_neither; ic.letter = "H"; ic.arrow = 1; }
	else if (!strcmp(name, "variation-neither-low")) { ic.col = chart_c_neither; ic.letter = "L"; ic.arrow = -1; }
	else if (!strcmp(name, "assurance-pass")) { ic.col = chart_c_improve; ic.letter = "P"; }
	else if (!strcmp(name, "assurance-fail")) { ic.col = chart_c_concern; ic.letter = "F"; }
	else if (!strcmp(name, "assurance-hit-and-miss")) { ic.col = chart_c_common; ic.letter = "?"; }
	else return -1;
	return chart_render(CHART_SVG, CHART_ICON_SIZE, CHART_ICON_SIZE, draw_icon, &ic, NULL, "the icon", name, out);
}
