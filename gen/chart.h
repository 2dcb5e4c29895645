#ifndef BCF_CHART_H
#define BCF_CHART_H
/* Charts drawn with Cairo, as SVG or PNG bytes.  Fonts, sizes and hinting
 * are pinned (DejaVu Sans, no hinting) so a chart is the same on every
 * machine with the same fonts package.  The library knows no model: what
 * every kind shares is in chart.c (its internal header chart_impl.h), each
 * kind in its own file: chart_trend.c, chart_compare.c, chart_icon.c. */
#include <stddef.h>

struct buf;
/* How a chart writes a value for people (with its unit): with decimals
 * after the point, or the caller's own number of them when decimals is -1.
 * ctx is the chart's number_ctx.  A chart knows no model of its own. */
typedef void chart_number_fn(const void *ctx, double v, int decimals, char *out, size_t size);

enum chart_style { CHART_HOME, CHART_PLAN, CHART_BENCHMARK };
enum chart_format { CHART_SVG, CHART_PNG };

struct chart_line {
	const char *name;		/* legend text */
	const double *v;		/* one value per x position */
	const unsigned char *ok;	/* 0 where there is no value (a gap) */
	const unsigned char *suppressed; /* optional: 1 where the figure was withheld */
	enum chart_style style;
};

/* Statistical process control drawn over the first line. */
struct chart_spc {
	const unsigned char *has;	/* per x: limits exist */
	const double *mean, *lpl, *upl;
	const int *variation;		/* per x: an enum spc_variation */
	const char *note;		/* said on the chart, e.g. why there are no limits */
	const unsigned char *base_end;	/* per x, may be NULL: the limits' baseline
					   ends after it (a dashed upright line) */
	int varying;			/* P'/U': limits that vary point by point */
};

/* An event marked on the trend chart: a thin line at x position k with
 * its number (its place in chart.marks, from 1) in a circle above the
 * plot; text ("Nov 2017: new discharge pathway") goes into the SVG's
 * description. */
struct chart_mark {
	size_t k;
	const char *text;
};

struct chart {
	const char *title;		/* says what the chart shows */
	const char *subtitle;		/* the unit */
	const char *const *labels;	/* x positions: period labels */
	size_t n;
	struct chart_line lines[4];
	size_t n_lines;
	chart_number_fn *number;	/* value formatting */
	const void *number_ctx;
	const struct chart_spc *spc;	/* may be NULL */
	const char *file;		/* for messages: the chart's file, or NULL */
	int narrow;			/* drawn for phones: CHART_NARROW_WIDTH wide */
	const struct chart_mark *marks;	/* in order of k; may be NULL */
	size_t n_marks;
};

/* One bar of a comparison chart. */
struct chart_bar {
	const char *label;
	double v;
	int has_ci;
	double lo, hi;
	int highlight;			/* the home area */
	int tag;			/* the caller's own, unused here */
	/* In SVG, the id of a group holding its marks (a valid XML id, or
	 * NULL: none), which a page's fragment highlights (:target). */
	const char *id;
};

struct chart_compare {
	const char *title, *subtitle;
	const struct chart_bar *bars;	/* in the order drawn, top to bottom */
	size_t n;
	int has_benchmark;
	double benchmark;
	const char *benchmark_name;
	chart_number_fn *number;	/* value formatting */
	const void *number_ctx;
	const char *file;		/* for messages: the chart's file, or NULL */
	int narrow;			/* drawn for phones: CHART_NARROW_WIDTH wide */
};

/* One area on a funnel plot. */
struct chart_funnel_point {
	const char *label;
	double x, y;			/* its denominator, its value */
	int side;			/* outside the limits: +2 above the outer
					 * (99.8%), +1 above the inner (95%) only,
					 * 0 inside, -1, -2 below */
	int highlight;			/* the home area: named, its own shape */
	const char *id;			/* as chart_bar's */
};

/* A funnel plot: the areas' values against their denominators, the
 * target, and the control limits around it as curves sampled by the
 * caller (the chart computes no limits).  Curves may hold NAN where a
 * limit is not defined; they are drawn where they are inside the plot. */
struct chart_funnel {
	const char *title, *subtitle;
	const char *x_title;		/* what the x axis counts */
	const struct chart_funnel_point *points;
	size_t n;
	double target;
	const char *target_name;	/* "England" or "Pooled value" */
	const double *cx;		/* n_curve denominators, increasing */
	const double *lo95, *hi95, *lo998, *hi998;
	size_t n_curve;
	chart_number_fn *number;	/* value formatting */
	const void *number_ctx;
	const char *file;		/* for messages: the chart's file, or NULL */
	int narrow;			/* drawn for phones: CHART_NARROW_WIDTH wide */
};

/* Y-axis ticks: a 'nice' step (1, 2 or 5 times a power of ten) and the
 * first and last ticks covering [lo, hi] with about target ticks.
 * Returns the number of ticks. */
int chart_nice_ticks(double lo, double hi, int target, double *first, double *step);

/* Size of the trend chart in CSS pixels. */
#define CHART_WIDTH 800
#define CHART_HEIGHT 450
/* The variant for phones: shown 288 to 382 CSS pixels wide (320 to 414 px
 * screens), so its smallest text, CHART_MIN_FONT, is never under 11 px. */
#define CHART_NARROW_WIDTH 300
#define CHART_NARROW_HEIGHT 360
/* The narrow trend chart's height: taller by a legend row for the end of a
 * fixed baseline and by a row and the circles' room for events, so its
 * plot keeps its height on a phone.  (The wide one has room to spare.) */
int chart_trend_narrow_height(int has_base_end, int has_marks);
/* The smallest text any chart draws, in chart pixels. */
#define CHART_MIN_FONT 12
#define SPARK_WIDTH 120
#define SPARK_HEIGHT 32

/* Draw the trend chart (lines, markers, plan dashed, axes with nice ticks,
 * x labels that never overlap, a legend) into out.  Returns 0, or -1 if
 * Cairo failed (reported through diag). */
int chart_trend(const struct chart *c, enum chart_format f, struct buf *out);
/* Up to this many areas the comparison chart has a labelled bar per area
 * (every English council, about 320, is 6,000 pixels tall); above, it is a
 * ranked dot chart of fixed size, where only the highlighted area and the
 * benchmark are named (a page's table lists every area). */
#define CHART_COMPARE_MAX_BARS 400
/* The height of a comparison chart of n bars, in CSS pixels (the narrow
 * variant's is its SVG's own). */
int chart_compare_height(size_t n);
/* Every area's value as a bar with its interval, the benchmark as a line,
 * the highlighted bar darker and its label bold; in SVG, a bar with an id
 * is drawn so when its id is the fragment the SVG is shown with
 * (outlined, as well).  For more than
 * CHART_COMPARE_MAX_BARS, every area's value as a dot, ranked in the order
 * given, intervals as a shaded band, the highlighted area marked and named
 * with its rank; in SVG, an area with an id is marked and named so when it
 * is the fragment (each such area's mark is in the file, hidden). */
int chart_comparison(const struct chart_compare *c, enum chart_format f, struct buf *out);
/* Whether c is drawn as ranked dots (many areas; fewer when narrow). */
int chart_compare_ranked(const struct chart_compare *c);
/* The height of a funnel plot in CSS pixels, wide or narrow. */
#define CHART_FUNNEL_HEIGHT 520
#define CHART_FUNNEL_NARROW_HEIGHT 560
/* The denominators a funnel plot's curves are best sampled at: n of them
 * from a little above 0 to a little beyond the largest of the points' x,
 * closer together where the curves bend (small x), into x; returns the
 * largest x the plot's axis shows. */
double chart_funnel_samples(const struct chart_funnel_point *p, size_t np, double *x, size_t n);
/* Draw the funnel plot: the limits as curves (95% dashed, 99.8% solid),
 * the target as a line, each area as a marker whose shape says whether it
 * is inside or beyond which limit, the highlighted area as a square with
 * its name; a key.  In SVG, a point with an id is drawn as the
 * highlighted one when its id is the fragment.  0 or -1. */
int chart_funnel(const struct chart_funnel *c, enum chart_format f, struct buf *out);
/* An icon of variation or assurance: a white disc with a coloured ring and
 * a letter (with an arrow: +1 pointing up, -1 down), or the wavering line
 * of common cause. */
enum chart_icon_colour { CHART_ICON_COMMON, CHART_ICON_IMPROVEMENT, CHART_ICON_CONCERN, CHART_ICON_NEITHER };
struct chart_icon {
	enum chart_icon_colour colour;
	const char *letter;
	int arrow;
	int wave;
};
/* Draw it as SVG into out; name says which in messages.  0 or -1. */
int chart_icon(const struct chart_icon *ic, const char *name, struct buf *out);
#define CHART_ICON_SIZE 40

/* A social-media card (a page's og:image): a PNG of CHART_CARD_WIDTH x
 * CHART_CARD_HEIGHT, drawn as a chart of CHART_CARD_SCALE times fewer
 * pixels each way and scaled up, so that its smallest text (12 px) is 18
 * px: legible where a card is shown a third of its size. */
#define CHART_CARD_WIDTH 1200
#define CHART_CARD_HEIGHT 630
#define CHART_CARD_SCALE 1.5
/* The trend chart as a card: what chart_trend draws, shorter, as PNG. */
int chart_trend_card(const struct chart *c, struct buf *out);
/* A card of many small trends: the title and subtitle, then a tile for
 * each of charts[0..n) (its title, its first line's latest value and its
 * sparkline), in rows; past CHART_CARD_TILES, the last tile says how many
 * more there are.  what names the card in messages.  0 or -1. */
#define CHART_CARD_TILES 16
int chart_card_grid(const char *title, const char *subtitle, const struct chart *charts, size_t n,
		    const char *file, struct buf *out);

/* A sparkline of the first line as SVG, the latest point marked. */
int chart_sparkline(const struct chart *c, struct buf *out);

/* The font file the charts' regular (bold: bold) text is drawn from, as
 * fontconfig resolves it for Cairo now, as "path#face index"; NULL when
 * none is found.  The caller frees it. */
char *chart_font_file(int bold);

/* Free Cairo's and fontconfig's caches (so leak checkers see a clean exit);
 * call once, after the last chart. */
void chart_cleanup(void);

#endif
