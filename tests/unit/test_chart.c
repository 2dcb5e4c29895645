/* The chart library draws and names only what it is given: the comparison
 * chart's key names intervals and the benchmark only when drawn, the trend
 * chart's legend lists only lines with something drawn, and a plan for a
 * single period is drawn as a marker; a long subtitle is wrapped, or cut
 * where the layout has one line for it.  Events marked on the trend chart
 * are numbered on it and listed in its description. */
#include "buf.h"
#include "chart.h"
#include "harness.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void number(const void *ctx, double v, int decimals, char *out, size_t size)
{
	(void)ctx;
	snprintf(out, size, "%.*f", decimals < 0 ? 1 : decimals, v);
}

/* The SVG of a comparison chart of n bars, with or without intervals and
 * a benchmark; the caller frees it. */
static char *compare_svg(size_t n, int ci, int benchmark)
{
	struct chart_bar *bars = calloc(n, sizeof(*bars));
	struct chart_compare cc;
	struct buf b;
	size_t k;

	for (k = 0; k < n; k++) {
		bars[k].label = "Area";
		bars[k].v = 100.0 - (double)k * 50.0 / (double)n;
		/* one interval is enough to draw them */
		bars[k].has_ci = ci && k == n / 2;
		bars[k].lo = bars[k].v - 5;
		bars[k].hi = bars[k].v + 5;
		bars[k].highlight = k == 1;
	}
	memset(&cc, 0, sizeof(cc));
	cc.title = "Title";
	cc.subtitle = "Unit.";
	cc.bars = bars;
	cc.n = n;
	cc.has_benchmark = benchmark;
	cc.benchmark = 70;
	cc.benchmark_name = "England 70.0";
	cc.number = number;
	buf_init(&b);
	CHECK(chart_comparison(&cc, CHART_SVG, &b) == 0);
	free(bars);
	return b.s;
}

static void compare_keys(void)
{
	static const char *const bars_keys[4] = {
		">Bars: latest figure<",
		">Bars: latest figure; dashed line: benchmark<",
		">Bars: latest figure; lines across them: 95% confidence interval<",
		">Bars: latest figure; lines across them: 95% confidence interval; dashed line: benchmark<",
	};
	static const char *const ranked_keys[4] = {
		">Dots: each area&#39;s latest figure, ranked<",
		">Dots: each area&#39;s latest figure, ranked; dashed line: benchmark<",
		">Dots: each area&#39;s latest figure, ranked; band: 95% confidence intervals<",
		">Dots: each area&#39;s latest figure, ranked; band: 95% confidence intervals; dashed line: benchmark<",
	};
	int ci, bench;

	for (ci = 0; ci < 2; ci++)
		for (bench = 0; bench < 2; bench++) {
			char *s = compare_svg(5, ci, bench);
			if (!strstr(s, bars_keys[ci * 2 + bench]))
				fprintf(stderr, "bars, ci %d, benchmark %d: no key %s\n", ci, bench,
					bars_keys[ci * 2 + bench]);
			CHECK(strstr(s, bars_keys[ci * 2 + bench]) != NULL);
			free(s);
			s = compare_svg(CHART_COMPARE_MAX_BARS + 1, ci, bench);
			if (!strstr(s, ranked_keys[ci * 2 + bench]))
				fprintf(stderr, "ranked, ci %d, benchmark %d: no key %s\n", ci, bench,
					ranked_keys[ci * 2 + bench]);
			CHECK(strstr(s, ranked_keys[ci * 2 + bench]) != NULL);
			free(s);
		}
}

/* How many times needle occurs in s. */
static int count(const char *s, const char *needle)
{
	int n = 0;
	while ((s = strstr(s, needle))) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void trend_plan(void)
{
	static const char *const labels[4] = { "Q1", "Q2", "Q3", "Q4" };
	static const double v[4] = { 10, 11, 12, 13 }, plan[4] = { 9, 9, 9, 9 };
	/* home: nothing; plan: Q2 alone, Q4 alone; then Q3 and Q4 joined */
	static const unsigned char none[4] = { 0, 0, 0, 0 }, alone[4] = { 0, 1, 0, 1 }, joined[4] = { 0, 0, 1, 1 };
	const char *bar = "stroke=\"#801650\" stroke-width=\"3\"";
	struct chart ch;
	struct buf b;

	memset(&ch, 0, sizeof(ch));
	ch.title = "Title";
	ch.labels = labels;
	ch.n = 4;
	ch.number = number;
	ch.lines[ch.n_lines++] = (struct chart_line){ "Home", v, none, NULL, CHART_HOME };
	ch.lines[ch.n_lines++] = (struct chart_line){ "Plan", plan, alone, NULL, CHART_PLAN };
	buf_init(&b);
	CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
	/* a bar at each lone plan and one in the legend, which names no home */
	CHECK(count(b.s, bar) == 3);
	CHECK(strstr(b.s, ">Plan<") != NULL);
	CHECK(strstr(b.s, ">Home<") == NULL);
	CHECK(strstr(b.s, "stroke-dasharray=\"7,4\"/>\n<text") == NULL);

	/* joined plans: the dashed line and its dashed key, no bar */
	ch.lines[1].ok = joined;
	ch.lines[0].ok = joined;
	buf_reset(&b);
	CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
	CHECK(count(b.s, bar) == 0);
	CHECK(strstr(b.s, ">Home<") != NULL);
	CHECK(strstr(b.s, "stroke-dasharray=\"7,4\"/>\n<text") != NULL);
	buf_release(&b);
}

/* The text of the first subtitle-coloured 13-pixel line of svg, into out. */
static void subtitle_of(const char *svg, char *out, size_t size)
{
	const char *at = "font-size=\"13\" fill=\"#505a5f\">", *s = strstr(svg, at), *e;

	out[0] = '\0';
	if (s && (e = strstr(s += strlen(at), "</text>")))
		snprintf(out, size, "%.*s", (int)(e - s), s);
}

/* A comparison chart of two bars under subtitle, as SVG into b. */
static void compare_with(const char *subtitle, struct buf *b)
{
	static const struct chart_bar bars[2] = { { "A", 10, 0, 0, 0, 1, 0, NULL }, { "B", 11, 0, 0, 0, 0, 0, NULL } };
	struct chart_compare cc;

	memset(&cc, 0, sizeof(cc));
	cc.title = "Title";
	cc.subtitle = subtitle;
	cc.bars = bars;
	cc.n = 2;
	cc.number = number;
	buf_reset(b);
	CHECK(chart_comparison(&cc, CHART_SVG, b) == 0);
}

/* A long unit: the trend chart wraps its subtitle, every word kept; the
 * comparison chart, its bars laid out below one line, keeps the whole
 * sentences that fit, else the words that fit and an ellipsis. */
static void long_subtitles(void)
{
	static const char *const labels[2] = { "Q1", "Q2" };
	static const double v[2] = { 10, 11 };
	static const unsigned char ok[2] = { 1, 1 };
	const char *sub = "Age-standardised rate per 100,000 people aged 65 and over, living in the borough. "
			  "Neither higher nor lower is better. Highest first; Sample Borough in bold.";
	const char *words = "Admissions per 100,000 people aged 65 and over living in the borough counted in "
			    "the quarter when they were discharged from hospital";
	char got[512];
	size_t len;
	struct chart ch;
	struct buf b;

	memset(&ch, 0, sizeof(ch));
	ch.title = "Title";
	ch.subtitle = sub;
	ch.labels = labels;
	ch.n = 2;
	ch.number = number;
	ch.lines[ch.n_lines++] = (struct chart_line){ "Home", v, ok, NULL, CHART_HOME };
	buf_init(&b);
	CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
	subtitle_of(b.s, got, sizeof(got));
	len = strlen(got);
	CHECK(len > 20 && len < strlen(sub) && !strncmp(sub, got, len));
	CHECK(strstr(b.s, " in bold.</text>") != NULL);

	compare_with(sub, &b);
	subtitle_of(b.s, got, sizeof(got));
	len = strlen(got);
	CHECK(len > 20 && len < strlen(sub) && !strncmp(sub, got, len) && got[len - 1] == '.' && sub[len] == ' ');
	compare_with(words, &b);
	subtitle_of(b.s, got, sizeof(got));
	len = strlen(got);
	CHECK(len > 23 && !strcmp(got + len - 3, "\xe2\x80\xa6") && !strncmp(words, got, len - 3) &&
	      words[len - 3] == ' ');
	compare_with("Unit. Lower is better.", &b);
	subtitle_of(b.s, got, sizeof(got));
	CHECK_STR(got, "Unit. Lower is better.");
	buf_release(&b);
}

/* How wide s is in the charts' font (DejaVu Sans, hinting off, as
 * chart_pin_fonts sets it) at size. */
static double text_width(const char *s, double size, int bold)
{
	cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
	cairo_t *cr = cairo_create(surf);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_text_extents_t e;

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &e);
	cairo_destroy(cr);
	cairo_surface_destroy(surf);
	return e.x_advance;
}

/* Whether s[0..len) is whole UTF-8: no sequence cut short. */
static int whole_utf8(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0, k;
		if (!n || i + n > len)
			return 0;
		for (k = 1; k < n; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				return 0;
		i += n;
	}
	return 1;
}

/* n bars named name, the second the home area's, as SVG into b (narrow
 * or not); Cairo's verdict. */
static int named_bars(const char *name, size_t n, int narrow, struct buf *b)
{
	struct chart_bar *bars = calloc(n, sizeof(*bars));
	struct chart_compare cc;
	size_t k;
	int rc;

	for (k = 0; k < n; k++) {
		bars[k].label = name;
		bars[k].v = 100.0 - (double)k;
		bars[k].highlight = k == 1;
	}
	memset(&cc, 0, sizeof(cc));
	cc.title = "Title";
	cc.subtitle = "Unit.";
	cc.bars = bars;
	cc.n = n;
	cc.number = number;
	cc.narrow = narrow;
	buf_reset(b);
	rc = chart_comparison(&cc, CHART_SVG, b);
	free(bars);
	return rc;
}

/* Text cut or wrapped to fit stays whole UTF-8, which Cairo insists on
 * (a broken sequence failed the chart, and the build): an area's name cut
 * at a bar's 30 bytes or the ranked chart's 40 with an 'é' across the
 * cut; a unit of 80 four-byte characters and no space, wider than the
 * chart, is broken into lines between characters, each within the chart,
 * or, on the comparison chart's one line, cut with an ellipsis;
 * on a phone the ranked chart's label of the home area keeps its figure
 * and rank within the chart, the name shortened to fit. */
static void utf8_cuts(void)
{
	static const char *const labels[2] = { "Q1", "Q2" };
	static const double v[2] = { 10, 11 };
	static const unsigned char ok[2] = { 1, 1 };
	const char *at = "font-size=\"13\" fill=\"#505a5f\">", *home = "fill=\"#12436d\" font-weight=\"bold\">";
	char unit[400], got[512];
	const char *s, *e;
	struct chart ch;
	struct buf b;
	size_t k, lines = 0, len = 0;
	int narrow;

	buf_init(&b);
	for (narrow = 0; narrow < 2; narrow++) {
		CHECK(named_bars("Northfield and Southfield upo\xc3\xa9 Tree", 5, narrow, &b) == 0);
		CHECK(named_bars("Northfield and Southfield upon the Rive\xc3\xa9 Tree", CHART_COMPARE_MAX_BARS + 1,
				 narrow, &b) == 0);
	}

	/* x, then 80 of U+1F600: the cut at a word's 255 bytes fell inside one */
	snprintf(unit, sizeof(unit), "x");
	for (k = 0; k < 80; k++)
		strcat(unit, "\xf0\x9f\x98\x80");
	memset(&ch, 0, sizeof(ch));
	ch.title = "Title";
	ch.subtitle = unit;
	ch.labels = labels;
	ch.n = 2;
	ch.number = number;
	ch.lines[ch.n_lines++] = (struct chart_line){ "Home", v, ok, NULL, CHART_HOME };
	for (narrow = 0; narrow < 2; narrow++) {
		ch.narrow = narrow;
		buf_reset(&b);
		CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
		/* every subtitle line whole and within the chart's margins */
		for (s = b.s, lines = 0, len = 0; (s = strstr(s, at)) && (e = strstr(s += strlen(at), "</text>")); s = e) {
			snprintf(got, sizeof(got), "%.*s", (int)(e - s), s);
			CHECK(whole_utf8(got, strlen(got)));
			CHECK(text_width(got, 13, 0) <= (narrow ? CHART_NARROW_WIDTH : CHART_WIDTH) - 32);
			lines++;
			len += strlen(got);
		}
		CHECK(lines >= 2 && len >= strlen(unit));
	}

	/* the comparison chart's one line: the characters that fit */
	memset(unit, 'W', 80);
	snprintf(unit + 80, sizeof(unit) - 80, ". Lower is better.");
	compare_with(unit, &b);
	subtitle_of(b.s, got, sizeof(got));
	len = strlen(got);
	CHECK(len > 23 && !strcmp(got + len - 3, "\xe2\x80\xa6") && !strncmp(unit, got, len - 3));
	CHECK(text_width(got, 13, 0) <= CHART_WIDTH - 32);

	/* the phone's ranked chart: 31 areas */
	CHECK(named_bars("Kingston upon Hull and East Riding", 31, 1, &b) == 0);
	CHECK(chart_compare_ranked(&(struct chart_compare){ .n = 31, .narrow = 1 }));
	got[0] = '\0';
	if ((s = strstr(b.s, home)) && (e = strstr(s += strlen(home), "</text>")))
		snprintf(got, sizeof(got), "%.*s", (int)(e - s), s);
	CHECK(strstr(got, ": 99.0, ranked 2 of 31") != NULL);
	if (s) {
		const char *x = s;
		while (x > b.s && strncmp(x, " x=\"", 4))
			x--;
		CHECK(strtod(x + 4, NULL) + text_width(got, 12, 1) <= CHART_NARROW_WIDTH);
	}
	buf_release(&b);
}

/* How often needle occurs in s. */
static size_t count_of(const char *s, const char *needle)
{
	size_t n = 0;
	for (; (s = strstr(s, needle)); s += strlen(needle))
		n++;
	return n;
}

/* Three events, two in one period: each number drawn once in white on its
 * disc (and 1 again in the legend), the list in <desc> escaped, in both
 * widths; a chart without events has neither. */
static void trend_marks(void)
{
	static const char *const labels[6] = { "Q1", "Q2", "Q3", "Q4", "Q5", "Q6" };
	static const double v[6] = { 120, 131, 125, 140, 128, 133 };
	static const unsigned char ok[6] = { 1, 1, 1, 1, 1, 1 };
	static const struct chart_mark marks[3] = {
		{ 1, "Q2: new <pathway> & \"home first\"" },
		{ 4, "Q5: winter funding." },
		{ 4, "Q5: care navigators" },
	};
	static const char desc[] = "<desc>Events marked on the chart: 1. Q2: new &lt;pathway&gt; &amp; "
				   "&quot;home first&quot;. 2. Q5: winter funding. 3. Q5: care navigators.</desc>";
	const char *white = "fill=\"#ffffff\" font-weight=\"bold\" text-anchor=\"middle\">";
	char num[64];
	struct chart ch;
	struct buf b;
	int narrow, i;

	memset(&ch, 0, sizeof(ch));
	ch.title = "Title";
	ch.subtitle = "Unit.";
	ch.labels = labels;
	ch.n = 6;
	ch.number = number;
	ch.lines[ch.n_lines++] = (struct chart_line){ "Home", v, ok, NULL, CHART_HOME };
	ch.marks = marks;
	ch.n_marks = 3;
	buf_init(&b);
	for (narrow = 0; narrow < 2; narrow++) {
		ch.narrow = narrow;
		buf_reset(&b);
		CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
		if (!strstr(b.s, desc))
			fprintf(stderr, "narrow %d: no %s in\n%s\n", narrow, desc, b.s);
		CHECK(strstr(b.s, desc) != NULL);
		CHECK(strstr(b.s, ">Event (listed with the chart)</text>") != NULL);
		for (i = 1; i <= 3; i++) {
			snprintf(num, sizeof(num), "%s%d</text>", white, i);
			CHECK(count_of(b.s, num) == (size_t)(i == 1 ? 2 : 1));
		}
		snprintf(num, sizeof(num), "%s4</text>", white);
		CHECK(count_of(b.s, num) == 0);
	}
	ch.marks = NULL;
	ch.n_marks = 0;
	buf_reset(&b);
	CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
	CHECK(strstr(b.s, "<desc>") == NULL && strstr(b.s, "Event (") == NULL);
	buf_release(&b);
}

/* Marks on neighbouring periods of a long series, drawn narrow, and one on
 * the last: their circles (r 10, the legend's on a line of its own) do not
 * overlap and stay inside the chart. */
static void trend_marks_apart(void)
{
	static const struct chart_mark marks[4] = { { 20, "a" }, { 21, "b" }, { 21, "c" }, { 39, "d" } };
	const char *labels[40];
	double v[40], cx[8] = { 0 }, cy[8] = { 0 };
	unsigned char ok[40];
	struct chart ch;
	struct buf b;
	const char *s;
	size_t k, n = 0, i, j;

	for (k = 0; k < 40; k++) {
		labels[k] = "Mon";
		v[k] = 10 + (double)(k % 7);
		ok[k] = 1;
	}
	memset(&ch, 0, sizeof(ch));
	ch.title = "Title";
	ch.labels = labels;
	ch.n = 40;
	ch.number = number;
	ch.lines[ch.n_lines++] = (struct chart_line){ "Home", v, ok, NULL, CHART_HOME };
	ch.marks = marks;
	ch.n_marks = 4;
	ch.narrow = 1;
	buf_init(&b);
	CHECK(chart_trend(&ch, CHART_SVG, &b) == 0);
	for (s = b.s; (s = strstr(s, "<circle cx=\"")) && n < 8; s++) {
		double x = strtod(s + 12, NULL), y = strtod(strstr(s, "cy=\"") + 4, NULL);
		if (strncmp(strstr(s, "r=\""), "r=\"10\"", 6))
			continue;
		cx[n] = x;
		cy[n++] = y;
	}
	CHECK(n == 5);
	for (i = 1; i < n; i++) {
		CHECK(cy[i] == cy[1] && cy[0] < cy[1]);
		CHECK(cx[i] - 10 >= 0 && cx[i] + 10 <= CHART_NARROW_WIDTH);
		for (j = 1; j < i; j++)
			CHECK(fabs(cx[i] - cx[j]) >= 20);
	}
	buf_release(&b);
}

/* A funnel plot of the given sides (the fifth point the highlighted
 * area) around 50 with limits 50 +/- z*100/sqrt(x); its SVG into b. */
static int funnel_ids;	/* funnel_svg gives point k the id "Pk", none highlighted */

static void funnel_svg(const int side[5], int narrow, size_t n, struct buf *b)
{
	static const char *const ids[5] = { "P0", "P1", "P2", "P3", "P4" };
	static const char *const names[5] = { "Alpha", "Beta", "Gamma", "Delta", "Home Area" };
	struct chart_funnel_point p[5];
	double cx[60], lo95[60], hi95[60], lo998[60], hi998[60], xmax;
	struct chart_funnel cf;
	size_t k;

	for (k = 0; k < 5; k++)
		p[k] = (struct chart_funnel_point){ names[k], 1000.0 * (double)(k + 1), 50 + 3 * side[k], side[k],
						   !funnel_ids && k == 4, funnel_ids ? ids[k] : NULL };
	xmax = chart_funnel_samples(p, n, cx, 60);
	/* from just above 0 to the axis's end, increasing */
	CHECK(cx[0] > 0 && cx[59] == xmax && xmax >= 1.05 * p[n - 1].x);
	for (k = 0; k < 60; k++) {
		CHECK(k == 0 || cx[k] > cx[k - 1]);
		lo95[k] = 50 - 1.96 * 100 / sqrt(cx[k]);
		hi95[k] = 50 + 1.96 * 100 / sqrt(cx[k]);
		lo998[k] = 50 - 3.09 * 100 / sqrt(cx[k]);
		hi998[k] = 50 + 3.09 * 100 / sqrt(cx[k]);
	}
	memset(&cf, 0, sizeof(cf));
	cf.title = "Funnel";
	cf.subtitle = "Percent.";
	cf.x_title = "Denominator";
	cf.points = p;
	cf.n = n;
	cf.target = 50;
	cf.target_name = "England";
	cf.cx = cx;
	cf.lo95 = lo95, cf.hi95 = hi95, cf.lo998 = lo998, cf.hi998 = hi998;
	cf.n_curve = 60;
	cf.number = number;
	cf.narrow = narrow;
	CHECK(chart_funnel(&cf, CHART_SVG, b) == 0);
}

/* The funnel plot: the home area named in bold, in its own colour, as a
 * square; areas beyond the limits as triangles, filled beyond 99.8% and
 * hollow beyond 95% only, and the key naming only the kinds drawn; the
 * same bytes each time; the narrow variant at its own width. */
static void funnel_plot(void)
{
	static const int sides[5] = { 2, 1, -1, -2, 0 }, inside[5] = { 0, 0, 0, 0, 0 };
	struct buf b, again;

	buf_init(&b);
	buf_init(&again);
	funnel_svg(sides, 0, 5, &b);
	funnel_svg(sides, 0, 5, &again);
	CHECK(b.len == again.len && !memcmp(b.s, again.s, b.len));
	CHECK(strstr(b.s, "font-weight=\"bold\">Home Area</text>") != NULL);
	CHECK(strstr(b.s, "Target: England") && strstr(b.s, ">95% limits<") && strstr(b.s, ">99.8% limits<"));
	CHECK(strstr(b.s, ">Above 99.8%<") && strstr(b.s, ">Above 95%<") && strstr(b.s, ">Below 95%<") &&
	      strstr(b.s, ">Below 99.8%<"));
	/* triangles: 2 hollow (stroked) and 2 filled on the plot, as many in
	 * the key; the home square, its white ring, in the key too */
	CHECK(count(b.s, "Z\" fill=\"#ffffff\"") >= 4 + 4);
	CHECK(count(b.s, "fill=\"#12436d\"") == 2 + 1);	/* two squares and the label */
	CHECK(strstr(b.s, "stroke-dasharray=\"5,4\"") != NULL);	/* 95% limits dashed */
	buf_reset(&b);
	funnel_svg(inside, 0, 5, &b);
	CHECK(!strstr(b.s, "Above 95%") && !strstr(b.s, "Below 99.8%") && strstr(b.s, ">Within the limits<"));
	buf_reset(&b);
	funnel_svg(sides, 1, 5, &b);
	CHECK(strstr(b.s, "width=\"300\"") != NULL);
	/* beyond the limits, the home area's label says where */
	buf_reset(&b);
	{
		static const int home_out[5] = { 0, 0, 0, 0, 2 };
		funnel_svg(home_out, 0, 5, &b);
		CHECK(strstr(b.s, ">Home Area: above 99.8%</text>") != NULL);
	}
	/* with ids and no home area: each point's square and label in a
	 * group hidden until targeted, and the key names the square */
	buf_reset(&b);
	funnel_ids = 1;
	funnel_svg(sides, 0, 4, &b);
	funnel_ids = 0;
	CHECK(count(b.s, "\" class=\"t\">") == 4 && strstr(b.s, ".t{display:none}.t:target{display:inline}"));
	CHECK(strstr(b.s, "<g id=\"P1\" class=\"t\">") && strstr(b.s, ">Beta: above 95%</text>\n</g>"));
	CHECK(strstr(b.s, ">The page&#39;s area</text>") != NULL);
	/* no home area among the points: no square, no label */
	buf_reset(&b);
	funnel_svg(sides, 0, 4, &b);
	CHECK(!strstr(b.s, "Home Area") && !strstr(b.s, "fill=\"#12436d\""));
	buf_release(&b);
	buf_release(&again);
}

/* Areas with ids: n bars "Area k", highest first, the second the home
 * area's unless ids, each with id "Ak" when ids; as SVG (or PNG) into b.
 * hl_none: no home area either way. */
static int hl_none;

static void id_bars(size_t n, int narrow, int ids, enum chart_format f, struct buf *b)
{
	struct chart_bar *bars = calloc(n, sizeof(*bars));
	char (*names)[32] = calloc(n, sizeof(*names)), (*idv)[32] = calloc(n, sizeof(*idv));
	struct chart_compare cc;
	size_t k;

	for (k = 0; k < n; k++) {
		snprintf(names[k], sizeof(names[k]), "Area %zu", k);
		snprintf(idv[k], sizeof(idv[k]), "A%zu", k);
		bars[k].label = names[k];
		bars[k].v = 100.0 - (double)k;
		bars[k].highlight = !ids && !hl_none && k == 1;
		bars[k].id = ids ? idv[k] : NULL;
	}
	memset(&cc, 0, sizeof(cc));
	cc.title = "Title";
	cc.subtitle = "Unit.";
	cc.bars = bars;
	cc.n = n;
	cc.number = number;
	cc.narrow = narrow;
	buf_reset(b);
	CHECK(chart_comparison(&cc, f, b) == 0);
	free(bars);
	free(names);
	free(idv);
}

/* The text between <g id="id" and its </g>, into out ("" if none). */
static void group_of(const char *svg, const char *id, char *out, size_t size)
{
	char at[64];
	const char *s, *e;

	snprintf(at, sizeof(at), "<g id=\"%s\"", id);
	out[0] = '\0';
	if ((s = strstr(svg, at)) && (e = strstr(s, "</g>")))
		snprintf(out, size, "%.*s", (int)(e - s), s);
}

/* The charts every area's page shares: in SVG each area's marks in a
 * group with its code as id, and a :target rule that outlines the bar and
 * bolds its name; on a ranked dot chart (and a funnel plot) each area's
 * mark and label in a group hidden until targeted; nothing bold or
 * marked untargeted; without ids, no groups and no rules; the PNG the
 * same bytes whatever the ids. */
static void target_groups(void)
{
	struct buf b, png, png_ids;
	char g[2048];

	buf_init(&b);
	buf_init(&png);
	buf_init(&png_ids);
	/* bars: the bar (the group's first path), then its name */
	id_bars(5, 0, 1, CHART_SVG, &b);
	CHECK(count(b.s, "<g id=\"A") == 5 && count(b.s, "</g>") == 5);
	group_of(b.s, "A3", g, sizeof(g));
	CHECK(!strncmp(g, "<g id=\"A3\">\n<path d=", 20) && strstr(g, ">Area 3</text>\n") != NULL);
	CHECK(strstr(b.s, "<style>g:target path:first-child{fill:#12436d;stroke:#0b0c0c;stroke-width:2}"
			  "g:target text{font-weight:bold}</style>") != NULL);
	CHECK(!strstr(b.s, "font-weight=\"bold\">Area") && !strstr(b.s, "fill=\"#12436d\""));
	id_bars(5, 1, 1, CHART_SVG, &b);
	CHECK(count(b.s, "<g id=\"A") == 5 && strstr(b.s, "g:target text{font-weight:bold}") != NULL);
	id_bars(5, 0, 0, CHART_SVG, &b);
	CHECK(!strstr(b.s, "<g ") && !strstr(b.s, "<style>"));
	/* ranked dots: each area's dot, figure and rank, hidden */
	id_bars(40, 1, 1, CHART_SVG, &b);
	CHECK(count(b.s, "\" class=\"t\">") == 40);
	CHECK(strstr(b.s, "<style>.t{display:none}.t:target{display:inline}.t text{") != NULL);
	/* the dot drawn once, placed in each group */
	CHECK(strstr(b.s, "<defs>\n<g id=\"h.m\">\n<circle") != NULL && count(b.s, "<use href=\"#h.m\"") == 40);
	group_of(b.s, "A7", g, sizeof(g));
	CHECK(strstr(g, ">Area 7: 93.0, ranked 8 of 40</text>") != NULL && strstr(g, "<use href=\"#h.m\"") != NULL);
	CHECK(count(b.s, ", ranked ") == 40);	/* none outside the groups */
	/* the label's look is the style's: no size, colour or weight of its own */
	CHECK(strstr(g, "<text x=\"") && !strstr(g, "font-size") && !strstr(g, "font-weight"));
	/* a PNG draws no hidden mark: the same bytes as without ids */
	hl_none = 1;
	id_bars(40, 1, 1, CHART_PNG, &png_ids);
	id_bars(40, 1, 0, CHART_PNG, &png);
	hl_none = 0;
	CHECK(png.len > 0 && png.len == png_ids.len && !memcmp(png.s, png_ids.s, png.len));
	buf_reset(&png);
	buf_reset(&png_ids);
	/* the PNG does not see ids */
	id_bars(5, 0, 0, CHART_PNG, &png);
	{
		struct chart_bar *bars = calloc(5, sizeof(*bars));
		static const char *const ids[5] = { "A0", "A1", "A2", "A3", "A4" };
		struct chart_compare cc;
		char names[5][32];
		size_t k;
		for (k = 0; k < 5; k++) {
			snprintf(names[k], sizeof(names[k]), "Area %zu", k);
			bars[k].label = names[k];
			bars[k].v = 100.0 - (double)k;
			bars[k].highlight = k == 1;
			bars[k].id = ids[k];
		}
		memset(&cc, 0, sizeof(cc));
		cc.title = "Title";
		cc.subtitle = "Unit.";
		cc.bars = bars;
		cc.n = 5;
		cc.number = number;
		CHECK(chart_comparison(&cc, CHART_PNG, &png_ids) == 0);
		free(bars);
	}
	CHECK(png.len > 0 && png.len == png_ids.len && !memcmp(png.s, png_ids.s, png.len));
	buf_release(&b);
	buf_release(&png);
	buf_release(&png_ids);
}

int main(void)
{
	compare_keys();
	trend_plan();
	long_subtitles();
	utf8_cuts();
	trend_marks();
	trend_marks_apart();
	funnel_plot();
	target_groups();
	chart_cleanup();
	return test_done("chart");
}
