#include "catalogue.h"
#include "arena.h"
#include "cell.h"
#include "columns.h"
#include "csvread.h"
#include "diag.h"
#include "hash.h"
#include "model.h"

#include <string.h>
#include <strings.h>

/* A metric writes <id>.html, .svg, .png and .csv, <id>-trend.svg,
 * <id>-narrow.svg, <id>-compare.svg and .png, <id>-compare-narrow.svg
 * and, with base_url, its preview <id>-card.png into each report's
 * folder, beside the report's index.html, print.html, print.css, data.csv
 * and preview card.png: an id whose files would be another's is refused,
 * naming both rows.  1 if id clashes (reported). */
static int id_clashes(struct model *m, const char *path, const char *id, int line, int col)
{
	static const char *const reserved[][2] = { { "index", "index.html" }, { "print", "print.html" },
						   { "data", "data.csv" }, { "card", "card.png" } };
	/* a suffix and the extension of a file it names */
	static const char *const suffixes[][2] = { { "-trend", "svg" }, { "-compare", "svg" }, { "-narrow", "svg" },
						   { "-compare-narrow", "svg" }, { "-card", "png" } };
	size_t len = strlen(id), i;

	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(id, reserved[i][0])) {
			diag_error(path, line, col, "metric id '%s' would overwrite the report's own %s: "
				   "choose another id", id, reserved[i][1]);
			return 1;
		}
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t sl = strlen(suffixes[i][0]);
		const struct metric *other = NULL;
		const char *stem = id, *longer = id;
		if (len > sl && !strcmp(id + len - sl, suffixes[i][0])) {
			other = model_metric(m, id, len - sl);
			stem = other ? other->id : id;
		}
		if (!other) {
			longer = arena_printf(m->a, "%s%s", id, suffixes[i][0]);
			other = model_metric(m, longer, strlen(longer));
		}
		if (other) {
			diag_error(path, line, col, "metric id '%s' clashes with '%s' at %s:%d:%d: both would write "
				   "%s%s.%s; choose another id", id, other->id, path, other->line, other->col,
				   stem, suffixes[i][0], suffixes[i][1]);
			return 1;
		}
	}
	return 0;
}

/* The header row of metrics.csv into *h: -1 (reported) when the file is
 * empty or lacks a required column. */
static int catalogue_header(struct model *m, const char *path, const struct csv_table *t, struct columns *h)
{
	static const enum column wanted[] = { COL_ID, COL_TITLE, COL_SHORT_TITLE, COL_UNIT,
		COL_POLARITY, COL_FREQUENCY, COL_DECIMALS, COL_GROUP, COL_DEFINITION, COL_SOURCE,
		COL_VALUE_TYPE, COL_REBASE, COL_UNIT_LABEL, COL_LAG, COL_BASELINE, COL_CHART };
	static const enum column required[] = { COL_ID, COL_TITLE, COL_UNIT, COL_POLARITY, COL_FREQUENCY };
	int before = diag_errors();
	size_t k;

	if (t->n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row 'id,title,unit,polarity,frequency'");
		return -1;
	}
	if (columns_read(m->a, path, &t->rec[0], h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return -1;
	for (k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (h->col[required[k]] < 0)
			diag_error(path, 1, 1, "the required column '%s' is missing: the header must name id, title, unit, polarity and frequency",
				   columns_name(required[k]));
	if (diag_errors() > before)
		return -1;
	columns_warn_unused(path, h);
	return 0;
}

/* The id of a row, in the arena; NULL when it is no id, is listed twice or
 * would clash with another's files (reported). */
static const char *catalogue_id(struct model *m, const char *path, const struct csv_record *rec, int col)
{
	const char *id = columns_text(m->a, rec, col);
	int line = columns_line(rec, col), c = columns_col(rec, col);

	if (!model_valid_id(id, strlen(id))) {
		diag_error(path, line, c,
			   "'%s' is not a metric id: expected 1-64 of a-z, 0-9, '_' and '-' (it names output files)", id);
		return NULL;
	}
	if (model_metric(m, id, strlen(id))) {
		diag_error(path, line, c, "metric '%s' is listed twice", id);
		return NULL;
	}
	if (id_clashes(m, path, id, line, c))
		return NULL;
	return id;
}

/* Which of the n words the cell in column col is, in any case; -1 after
 * reporting it as no 'what', expected being the words for people. */
static int catalogue_word(struct model *m, const char *path, const struct csv_record *rec, int col,
			  const char *what, const char *const *words, int n, const char *expected)
{
	const char *v = columns_text(m->a, rec, col);
	int i;

	for (i = 0; i < n; i++)
		if (!strcasecmp(v, words[i]))
			return i;
	diag_error(path, columns_line(rec, col), columns_col(rec, col), "%s '%s' is not known: expected %s",
		   what, v, expected);
	return -1;
}

/* The periods where a new SPC baseline starts, separated by ';', into
 * mt->rebase; reading stops at the first that is not one of the metric's
 * periods (reported). */
static void catalogue_rebase(struct model *m, const char *path, const struct csv_record *rec, int col,
			     struct metric *mt)
{
	const char *v = columns_text(m->a, rec, col);

	while (*v) {
		const char *end = strchr(v, ';');
		size_t len = end ? (size_t)(end - v) : strlen(v);
		struct period p;
		if (period_parse(v, len, mt->frequency, &p) < 0 || p.kind != mt->frequency) {
			diag_error(path, columns_line(rec, col), columns_col(rec, col),
				   "rebase '%.*s' is not a %s: list the periods where a new baseline starts, "
				   "separated by ';'", (int)(len > 40 ? 40 : len), v, period_kind_name(mt->frequency));
			return;
		}
		mt->rebase = arena_grow(m->a, mt->rebase, sizeof(*mt->rebase), &mt->cap_rebase, mt->n_rebase + 1);
		mt->rebase[mt->n_rebase++] = p;
		v += len;
		if (*v == ';')
			v++;
	}
}

/* value_type and decimals, which have defaults. */
static void catalogue_options(struct model *m, const char *path, const struct columns *h,
			      const struct csv_record *rec, struct metric *mt)
{
	int col = h->col[COL_VALUE_TYPE];
	const char *v = columns_text(m->a, rec, col);

	if (!*v || !strcasecmp(v, "crude"))
		mt->standardised = 0;
	else if (!strcasecmp(v, "standardised") || !strcasecmp(v, "standardized"))
		mt->standardised = 1;
	else
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "value_type '%s' is not known: expected crude (the value is worked out from "
			   "numerator and denominator) or standardised", v);
	col = h->col[COL_DECIMALS];
	v = columns_text(m->a, rec, col);
	mt->decimals = model_default_decimals(mt->unit);
	if (*v) {
		if (strlen(v) == 1 && v[0] >= '0' && v[0] <= '4')
			mt->decimals = v[0] - '0';
		else
			diag_error(path, columns_line(rec, col), columns_col(rec, col),
				   "decimals '%s' is not a whole number from 0 to 4", v);
	}
}

/* The unit in full ('per 100,000 people aged 65+'), optional: it heads
 * tables and chart subtitles, so one line of at most
 * CATALOGUE_UNIT_LABEL_MAX characters, without control characters. */
static void catalogue_unit_label(struct model *m, const char *path, const struct csv_record *rec, int col,
				 struct metric *mt)
{
	const unsigned char *v = (const unsigned char *)columns_text(m->a, rec, col);
	size_t i, chars = 0, shown = 0;	/* bytes of the first 40 characters */

	mt->unit_label = (const char *)v;
	for (i = 0; v[i]; i++) {
		/* C0 controls, DEL, and C1 controls (U+0080 to U+009F, 0xC2 0x80-0x9F) */
		if (v[i] < 0x20 || v[i] == 0x7f || (v[i] == 0xc2 && v[i + 1] >= 0x80 && v[i + 1] <= 0x9f)) {
			diag_error(path, columns_line(rec, col), columns_col(rec, col),
				   "unit_label holds a line break, tab or other control character: write the unit "
				   "on one line, e.g. 'per 100,000 people aged 65+'");
			mt->unit_label = "";
			return;
		}
		chars += (v[i] & 0xc0) != 0x80;
		if (chars <= 40)
			shown = i + 1;
	}
	if (chars > CATALOGUE_UNIT_LABEL_MAX) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "unit_label '%.*s...' is %zu characters long: keep it to %d (it heads tables and "
			   "charts), e.g. 'per 100,000 people aged 65+'", (int)shown, (const char *)v, chars,
			   CATALOGUE_UNIT_LABEL_MAX);
		mt->unit_label = "";
	}
}

/* lag: whole months after a period ends before its figure is published,
 * or the frequency's default when blank. */
static void catalogue_lag(struct model *m, const char *path, const struct csv_record *rec, int col,
			  struct metric *mt)
{
	const char *v = columns_text(m->a, rec, col);
	size_t len = strlen(v), i;
	int lag = 0;

	mt->lag = model_default_lag(mt->frequency);
	if (!len)
		return;
	for (i = 0; i < len && v[i] >= '0' && v[i] <= '9' && lag <= MODEL_MAX_LAG; i++)
		lag = lag * 10 + (v[i] - '0');
	if (i < len || lag > MODEL_MAX_LAG) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "lag '%.40s' is not a whole number from 0 to %d: expected the months from a period's end "
			   "to its figure's publication (e.g. 3), or blank for the frequency's default", v, MODEL_MAX_LAG);
		return;
	}
	mt->lag = lag;
}

/* A baseline range of the frequency k, for messages. */
static const char *catalogue_range_example(enum period_kind k)
{
	return k == PERIOD_MONTH ? "2015-04..2016-03" : k == PERIOD_YEAR ? "2010-11..2014-15" : "2015-16 Q1..2017-18 Q4";
}

/* Periods of the metric's frequency from a to b, both included. */
static int catalogue_span(const struct period *a, const struct period *b)
{
	int months = a->kind == PERIOD_MONTH ? 1 : a->kind == PERIOD_QUARTER ? 3 : 12;
	return (period_end_month(b) - period_end_month(a)) / months + 1;
}

/* The stretch between rebase periods that p falls in: the number of
 * rebase periods on or before it. */
static size_t catalogue_stretch(const struct metric *mt, const struct period *p)
{
	size_t r, k = 0;
	for (r = 0; r < mt->n_rebase; r++)
		k += period_cmp(&mt->rebase[r], p) <= 0;
	return k;
}

/* One range 'A..B' of the baseline column, v[0..len) holding '..' at dots;
 * 0, or -1 after reporting it. */
static int catalogue_base_range(struct model *m, const char *path, int line, int col, struct metric *mt,
				const char *v, size_t len, const char *dots)
{
	const char *kind = period_kind_name(mt->frequency);
	struct period a, b;
	size_t r, i;

	if (period_parse(v, (size_t)(dots - v), mt->frequency, &a) < 0 || a.kind != mt->frequency ||
	    period_parse(dots + 2, len - (size_t)(dots + 2 - v), mt->frequency, &b) < 0 || b.kind != mt->frequency) {
		diag_error(path, line, col, "baseline range '%.*s' is not two %ss joined by '..': expected e.g. "
			   "'%s'", (int)(len > 60 ? 60 : len), v, kind, catalogue_range_example(mt->frequency));
		return -1;
	}
	if (period_cmp(&a, &b) > 0 || (mt->n_base && period_cmp(&a, &mt->base[mt->n_base - 1].to) <= 0)) {
		diag_error(path, line, col, "baseline range '%.*s' is not in order: each range runs from an "
			   "earlier %s to a later one, after the range before it", (int)(len > 60 ? 60 : len), v, kind);
		return -1;
	}
	for (r = 0; r < mt->n_rebase; r++)
		if (period_cmp(&a, &mt->rebase[r]) < 0 && period_cmp(&mt->rebase[r], &b) <= 0) {
			char when[PERIOD_TEXT_MAX];
			period_label(&mt->rebase[r], when);
			diag_error(path, line, col, "baseline range '%.*s' crosses the rebase at %s: give each "
				   "stretch between rebase periods its own range, separated by ';'",
				   (int)(len > 60 ? 60 : len), v, when);
			return -1;
		}
	for (i = 0; i < mt->n_base; i++)
		if (catalogue_stretch(mt, &mt->base[i].from) == catalogue_stretch(mt, &a)) {
			diag_error(path, line, col, "baseline range '%.*s' is the second in one stretch between "
				   "rebase periods: give each stretch at most one range", (int)(len > 60 ? 60 : len), v);
			return -1;
		}
	if (catalogue_span(&a, &b) < m->settings.min_points) {
		diag_error(path, line, col, "baseline range '%.*s' holds %d %ss: the limits need at least %d "
			   "(min_points in site.ini); Making Data Count advises 12 to 20", (int)(len > 60 ? 60 : len), v,
			   catalogue_span(&a, &b), kind, m->settings.min_points);
		return -1;
	}
	mt->base = arena_grow(m->a, mt->base, sizeof(*mt->base), &mt->cap_base, mt->n_base + 1);
	mt->base[mt->n_base].from = a;
	mt->base[mt->n_base++].to = b;
	return 0;
}

/* baseline: 'first N' for every stretch between rebase periods, or ranges
 * of periods 'A..B' separated by ';', one a stretch; blank: every figure. */
static void catalogue_baseline(struct model *m, const char *path, const struct csv_record *rec, int col,
			       struct metric *mt)
{
	const char *v = columns_text(m->a, rec, col);
	int line = columns_line(rec, col), c = columns_col(rec, col);

	if (!*v)
		return;
	if (!strncasecmp(v, "first", 5)) {
		const char *d = v + 5;
		long n = 0;
		while (*d == ' ')
			d++;
		if (*d < '0' || *d > '9')
			goto bad;
		while (*d >= '0' && *d <= '9' && n < 100000)
			n = n * 10 + (*d++ - '0');
		if (*d)
			goto bad;
		if (n < m->settings.min_points) {
			diag_error(path, line, c, "baseline 'first %ld' is too few figures: the limits need at least %d "
				   "(min_points in site.ini); Making Data Count advises 12 to 20", n,
				   m->settings.min_points);
			return;
		}
		mt->baseline_first = (int)(n > 100000 ? 100000 : n);
		return;
	}
	while (*v) {
		const char *end = strchr(v, ';');
		size_t len = end ? (size_t)(end - v) : strlen(v);
		const char *dots = NULL, *q;
		for (q = v; q + 1 < v + len; q++)
			if (q[0] == '.' && q[1] == '.') {
				dots = q;
				break;
			}
		if (!dots)
			goto bad;
		if (catalogue_base_range(m, path, line, c, mt, v, len, dots) < 0)
			return;
		v += len;
		if (*v == ';')
			v++;
	}
	return;
bad:
	diag_error(path, line, c, "baseline '%.60s' is not understood: expected 'first N' (the first N figures "
		   "after each rebase) or ranges of %ss such as '%s', one for each stretch between rebase periods, "
		   "separated by ';'", v, period_kind_name(mt->frequency), catalogue_range_example(mt->frequency));
}

/* chart: the kind of SPC chart; P' needs a percentage and U' a rate, each
 * worked out from numerator and denominator. */
static void catalogue_chart(struct model *m, const char *path, const struct csv_record *rec, int col,
			    struct metric *mt)
{
	static const char *const kinds[] = { "xmr", "pprime", "uprime" };
	const char *v = columns_text(m->a, rec, col);
	int k;

	mt->chart = METRIC_XMR;
	if (!*v)
		return;
	k = catalogue_word(m, path, rec, col, "chart", kinds, 3,
			   "xmr (the default), pprime (a percentage) or uprime (a rate per 100,000)");
	if (k < 0)
		return;
	if ((k == METRIC_PPRIME && mt->unit != UNIT_PERCENT) || (k == METRIC_UPRIME && mt->unit != UNIT_RATE) ||
	    (k != METRIC_XMR && mt->standardised)) {
		diag_error(path, columns_line(rec, col), columns_col(rec, col),
			   "chart '%s' does not suit a %s%s metric: pprime is for percent and uprime for "
			   "rate_per_100k, each worked out from numerator and denominator (value_type crude); "
			   "use xmr", v, mt->standardised ? "standardised " : "", model_unit_name(mt->unit));
		return;
	}
	mt->chart = (enum metric_chart)k;
}

/* The rest of a metric's row, its id taken: every problem is reported and
 * the metric kept, with defaults where a cell is bad. */
static void catalogue_metric(struct model *m, const char *path, const struct columns *h,
			     const struct csv_record *rec, struct metric *mt)
{
	static const char *const units[] = { "count", "percent", "rate_per_100k", "days", "number" };
	static const char *const pols[] = { "higher", "lower", "neutral" };
	static const char *const freqs[] = { "month", "quarter", "year" };
	int e;

	mt->title = columns_text(m->a, rec, h->col[COL_TITLE]);
	if (!*mt->title)
		diag_error(path, columns_line(rec, h->col[COL_TITLE]), columns_col(rec, h->col[COL_TITLE]),
			   "metric '%s' has no title", mt->id);
	mt->short_title = columns_text(m->a, rec, h->col[COL_SHORT_TITLE]);
	if (!*mt->short_title)
		mt->short_title = mt->title;
	mt->group = columns_text(m->a, rec, h->col[COL_GROUP]);
	mt->definition = columns_text(m->a, rec, h->col[COL_DEFINITION]);
	mt->source = columns_text(m->a, rec, h->col[COL_SOURCE]);

	e = catalogue_word(m, path, rec, h->col[COL_UNIT], "unit", units, 5,
			   "count, percent, rate_per_100k, days or number");
	mt->unit = e < 0 ? UNIT_NUMBER : (enum unit)e;
	e = catalogue_word(m, path, rec, h->col[COL_POLARITY], "polarity", pols, 3,
			   "higher, lower or neutral");
	mt->polarity = e < 0 ? POLARITY_NEUTRAL : (enum polarity)e;
	e = catalogue_word(m, path, rec, h->col[COL_FREQUENCY], "frequency", freqs, 3,
			   "month, quarter or year");
	mt->frequency = e < 0 ? PERIOD_QUARTER : (enum period_kind)(e + PERIOD_MONTH);
	catalogue_rebase(m, path, rec, h->col[COL_REBASE], mt);
	catalogue_options(m, path, h, rec, mt);
	catalogue_unit_label(m, path, rec, h->col[COL_UNIT_LABEL], mt);
	catalogue_lag(m, path, rec, h->col[COL_LAG], mt);
	catalogue_baseline(m, path, rec, h->col[COL_BASELINE], mt);
	catalogue_chart(m, path, rec, h->col[COL_CHART], mt);
}

static int catalogue_table(struct model *m, const char *path, const struct csv_table *t)
{
	struct columns h;
	size_t r;
	int before = diag_errors();

	if (catalogue_header(m, path, t, &h) < 0)
		return -1;
	m->metrics = arena_alloc(m->a, t->n * sizeof(*m->metrics));
	for (r = 1; r < t->n; r++) {
		const struct csv_record *rec = &t->rec[r];
		struct metric *mt = &m->metrics[m->n_metrics];
		const char *id;

		if (columns_blank_row(rec) || columns_check_width(path, &h, rec) < 0)
			continue;
		id = catalogue_id(m, path, rec, h.col[COL_ID]);
		if (!id)
			continue;
		mt->id = id;
		mt->index = (int)m->n_metrics;
		mt->line = columns_line(rec, h.col[COL_ID]);
		mt->col = columns_col(rec, h.col[COL_ID]);
		catalogue_metric(m, path, &h, rec, mt);
		mt->row_hash = columns_row_hash(&t->rec[0], rec);
		hash_put(m->a, m->metric_ids, mt->id, (int)m->n_metrics);
		m->n_metrics++;
	}
	if (m->n_metrics == 0 && diag_errors() == before)
		diag_error(path, 2, 1, "the catalogue lists no metrics: expected one row per metric");
	return diag_errors() > before ? -1 : 0;
}

int catalogue_parse(struct model *m, const char *path, const char *data, size_t len)
{
	struct csv_table t;
	if (csvread_mem(m->a, path, data, len, &t) < 0)
		return -1;
	return catalogue_table(m, path, &t);
}

int catalogue_load(struct model *m)
{
	const char *path = model_path(m, "metrics.csv");
	struct csv_table t;
	if (csvread_file(m->a, path, &t) < 0)
		return -1;
	return catalogue_table(m, path, &t);
}

/* The longest name of a peer group in areas.csv. */
#define GROUP_NAME_MAX 64

/* The groups of area ar, from text (names separated by ';') at line:col
 * of path: each name trimmed, 1 to GROUP_NAME_MAX characters, no control
 * characters (it is a page's words and a site.ini value). */
static void catalogue_groups(struct model *m, const char *path, int line, int col, struct area *ar,
			     const char *text)
{
	const char *p = text;
	size_t cap = 0;

	while (*p) {
		const char *end = strchr(p, ';'), *s = p;
		size_t len, k;
		if (!end)
			end = p + strlen(p);
		len = (size_t)(end - p);
		cell_trim(&s, &len);
		for (k = 0; k < len && (unsigned char)s[k] >= 0x20 && s[k] != 0x7f; k++)
			;
		if (!len || len > GROUP_NAME_MAX || k < len)
			diag_error(path, line, col + (int)(s - text), "group '%.*s' is not a name: expected 1 to %d "
				   "characters and no control characters, groups separated by ';'",
				   (int)(len > 40 ? 40 : len), s, GROUP_NAME_MAX);
		else {
			ar->groups = arena_grow(m->a, ar->groups, sizeof(*ar->groups), &cap, ar->n_groups + 1);
			ar->groups[ar->n_groups++] = arena_strndup(m->a, s, len);
		}
		p = *end ? end + 1 : end;
	}
}

/* One row of areas.csv: a new area, with its population when given. */
static void catalogue_area(struct model *m, const char *path, const struct columns *h,
			   const struct csv_record *rec)
{
	const char *code, *name, *pop;
	int i;

	code = columns_text(m->a, rec, h->col[COL_CODE]);
	name = columns_text(m->a, rec, h->col[COL_NAME]);
	if (!*code) {
		diag_error(path, columns_line(rec, h->col[COL_CODE]), columns_col(rec, h->col[COL_CODE]),
			   "area code is blank");
		return;
	}
	if (model_area(m, code, strlen(code)) >= 0) {
		diag_error(path, columns_line(rec, h->col[COL_CODE]), columns_col(rec, h->col[COL_CODE]),
			   "area '%s' is listed twice", code);
		return;
	}
	i = model_add_area(m, code, strlen(code), name);
	pop = columns_text(m->a, rec, h->col[COL_POPULATION]);
	if (*pop) {
		double v;
		if (cell_parse(pop, strlen(pop), &v) != CELL_NUMBER || v < 0 || !(v < MODEL_MAX_FIGURE))
			diag_error(path, columns_line(rec, h->col[COL_POPULATION]),
				   columns_col(rec, h->col[COL_POPULATION]),
				   "population '%s' is not a number from 0 to 1e15", pop);
		else {
			m->areas[i].population = v;
			m->areas[i].has_population = 1;
		}
	}
	if (h->col[COL_GROUP] >= 0)
		catalogue_groups(m, path, columns_line(rec, h->col[COL_GROUP]), columns_col(rec, h->col[COL_GROUP]),
				 &m->areas[i], columns_text(m->a, rec, h->col[COL_GROUP]));
}

int catalogue_load_areas(struct model *m)
{
	static const enum column wanted[] = { COL_CODE, COL_NAME, COL_POPULATION, COL_GROUP };
	const char *path = model_path(m, "areas.csv");
	struct csv_table t;
	struct columns h;
	size_t r;
	int before = diag_errors(), got = csvread_optional(m->a, path, &t);

	if (got <= 0)
		return got;
	if (t.n == 0) {
		diag_error(path, 1, 1, "file is empty: expected a header row 'code,name,population'");
		return -1;
	}
	if (columns_read(m->a, path, &t.rec[0], &h, wanted, sizeof(wanted) / sizeof(wanted[0])) < 0)
		return -1;
	if (h.col[COL_CODE] < 0 || h.col[COL_NAME] < 0) {
		diag_error(path, 1, 1, "the header must name the columns 'code' and 'name'");
		return -1;
	}
	columns_warn_unused(path, &h);
	m->has_area_list = 1;
	for (r = 1; r < t.n; r++)
		if (!columns_blank_row(&t.rec[r]) && columns_check_width(path, &h, &t.rec[r]) == 0)
			catalogue_area(m, path, &h, &t.rec[r]);
	return diag_errors() > before ? -1 : 0;
}
