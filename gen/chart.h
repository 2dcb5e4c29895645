#ifndef BCF_CHART_H
#define BCF_CHART_H
/* Charts drawn with Cairo, as SVG or PNG bytes.  Fonts, sizes and hinting
 * are pinned (DejaVu Sans, no hinting) so a chart is the same on every
 * machine with the same fonts package. */
#include <stddef.h>

struct buf;
struct metric;

enum chart_style { CHART_HOME, CHART_PLAN, CHART_BENCHMARK };
enum chart_format { CHART_SVG, CHART_PNG };

struct chart_line {
	const char *name;		/* legend text */
	const double *v;		/* one value per x position */
	const unsigned char *ok;	/* 0 where there is no value (a gap) */
	const unsigned char *suppressed; /* optional: 1 where the figure was withheld */
	enum chart_style style;
};

struct chart {
	const char *title;		/* says what the chart shows */
	const char *subtitle;		/* the unit */
	const char *const *labels;	/* x positions: period labels */
	size_t n;
	struct chart_line lines[4];
	size_t n_lines;
	const struct metric *metric;	/* value formatting */
};

/* Size of the trend chart in CSS pixels. */
#define CHART_WIDTH 800
#define CHART_HEIGHT 450
#define SPARK_WIDTH 120
#define SPARK_HEIGHT 32

/* Draw the trend chart (lines, markers, plan dashed, axes with nice ticks,
 * x labels that never overlap, a legend) into out.  Returns 0, or -1 if
 * Cairo failed (reported through diag). */
int chart_trend(const struct chart *c, enum chart_format f, struct buf *out);
/* A sparkline of the first line as SVG, the latest point marked. */
int chart_sparkline(const struct chart *c, struct buf *out);

/* Free Cairo's and fontconfig's caches (so leak checkers see a clean exit);
 * call once, after the last chart. */
void chart_cleanup(void);

#endif
