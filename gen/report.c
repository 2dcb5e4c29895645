#define _DEFAULT_SOURCE	/* MAP_ANONYMOUS */
#include "report.h"
#include "arena.h"
#include "chart.h"
#include "diag.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

const struct obs *report_find(const struct series *s, const struct period *p)
{
	size_t k;
	for (k = 0; k < s->n; k++)
		if (!period_cmp(&s->o[k].period, p))
			return &s->o[k];
	return NULL;
}

static unsigned long n_series;

unsigned long report_series_count(void)
{
	return n_series;
}

/* One figure's interval: as published, or from its numerator and
 * denominator. */
static void figure_ci(const struct metric *mt, const struct obs *o, struct figure_stats *f)
{
	double lo = 0, hi = 0;
	int has = 0;

	if (o->flags & OBS_CI) {
		has = 1;
		lo = o->lower_ci;
		hi = o->upper_ci;
	} else if (!mt->standardised && (o->flags & OBS_NUMERATOR) && (o->flags & OBS_DENOMINATOR)) {
		if (mt->unit == UNIT_PERCENT)
			has = stats_wilson(o->numerator, o->denominator, STATS_Z95, &lo, &hi) == 0;
		else if (mt->unit == UNIT_RATE)
			has = stats_rate_ci(o->numerator, o->denominator, 100000, STATS_Z95, &lo, &hi) == 0;
	}
	f->has_ci = (unsigned char)has;
	f->lo = lo;
	f->hi = hi;
}

void report_figures(struct arena *a, const struct model *m, struct figures *f)
{
	size_t i, k, n, nb = 0;
	int ar;

	f->of = arena_alloc(a, (m->n_metrics + 1) * sizeof(*f->of));
	for (i = 0; i < m->n_metrics; i++) {
		const struct metric *mt = &m->metrics[i];
		const struct obs *bench = m->benchmark >= 0 ? model_series(mt, m->benchmark, INT_MAX, &nb) : NULL;
		struct figure_stats *fs = arena_alloc(a, (mt->n_obs + 1) * sizeof(*fs));

		f->of[i] = fs;
		for (ar = 0; ar < (int)m->n_areas; ar++) {
			const struct obs *o = model_series(mt, ar, INT_MAX, &n);
			size_t bj = 0;
			for (k = 0; k < n; k++) {
				struct figure_stats *p = &fs[o + k - mt->obs];
				const struct obs *b;
				int hb;
				if (!(o[k].flags & OBS_VALUE))
					continue;
				figure_ci(mt, &o[k], p);
				if (!bench || ar == m->benchmark)
					continue;
				/* both in period order: walk the benchmark along */
				while (bj < nb && period_cmp(&bench[bj].period, &o[k].period) < 0)
					bj++;
				b = bj < nb && !period_cmp(&bench[bj].period, &o[k].period) ? &bench[bj] : NULL;
				hb = b && (b->flags & OBS_VALUE);
				p->cmp = (unsigned char)stats_compare(mt->polarity, p->has_ci, p->lo, p->hi, hb,
								      hb ? b->value : 0);
			}
		}
	}
}

/* Which points give the limits (base[k]): in each stretch between rebase
 * periods (seg[k] starts one), its first baseline_first figures, or those
 * in the range that lies in it; every figure of a stretch without one. */
static void report_baseline(const struct metric *mt, const struct series *s, const unsigned char *ok,
			    const unsigned char *seg, unsigned char *base)
{
	size_t k = 0, j, r;

	while (k < s->n) {
		size_t end = k + 1;
		const struct period_range *range = NULL;
		int taken = 0;
		while (end < s->n && !seg[end])
			end++;
		for (r = 0; r < mt->n_base; r++)
			for (j = k; j < end; j++)
				if (ok[j] && period_cmp(&s->o[j].period, &mt->base[r].from) >= 0 &&
				    period_cmp(&s->o[j].period, &mt->base[r].to) <= 0)
					range = &mt->base[r];
		for (j = k; j < end; j++) {
			if (mt->baseline_first)
				base[j] = ok[j] && taken++ < mt->baseline_first;
			else if (range)
				base[j] = period_cmp(&s->o[j].period, &range->from) >= 0 &&
					  period_cmp(&s->o[j].period, &range->to) <= 0;
			else
				base[j] = 1;
		}
		k = end;
	}
}

/* Mark the last baseline point of each stretch that has points after its
 * baseline: where the chart shows that the limits are carried forward. */
static void report_base_end(struct series *s, const unsigned char *ok, const unsigned char *seg)
{
	size_t k, j;

	for (k = 0; k < s->n; k++) {
		if (!s->ps[k].in_baseline || !s->ps[k].spc.has_limits)
			continue;
		for (j = k + 1; j < s->n && !seg[j] && !ok[j]; j++)
			;
		if (j < s->n && !seg[j] && !s->ps[j].in_baseline)
			s->ps[k].base_end = 1;
	}
}

/* SPC of the series: XmR on the values, or Laney's P' (U') on the
 * numerators and denominators, where a point without both has no limits
 * and is not judged. */
static void report_spc(struct arena *a, const struct model *m, const struct metric *mt, struct series *s,
		       const double *x, const unsigned char *ok, const unsigned char *seg)
{
	const struct settings *set = &m->settings;
	struct spc_settings spc = { set->shift_run, set->trend_run, set->min_points,
				    set->screen_moving_ranges };
	struct spc_series in;
	struct spc_point *sp = arena_alloc(a, (s->n + 1) * sizeof(*sp));
	unsigned char *base = arena_alloc(a, s->n + 1), *okc = arena_alloc(a, s->n + 1);
	double *num = arena_alloc(a, (s->n + 1) * sizeof(double)), *den = arena_alloc(a, (s->n + 1) * sizeof(double));
	size_t k;

	memset(&in, 0, sizeof(in));
	in.x = x;
	in.ok = ok;
	in.segment = seg;
	in.base = base;
	in.n = s->n;
	if (mt->chart != METRIC_XMR) {
		in.kind = mt->chart == METRIC_PPRIME ? SPC_PPRIME : SPC_UPRIME;
		in.scale = mt->chart == METRIC_PPRIME ? 100 : 100000;
		in.num = num;
		in.den = den;
		in.ok = okc;
		for (k = 0; k < s->n; k++) {
			const struct obs *o = &s->o[k];
			okc[k] = ok[k] && (o->flags & OBS_NUMERATOR) && (o->flags & OBS_DENOMINATOR) &&
				 o->denominator > 0;
			num[k] = o->numerator;
			den[k] = o->denominator;
		}
	}
	report_baseline(mt, s, in.ok, seg, base);
	stats_spc_series(&in, mt->polarity, &spc, sp);
	for (k = 0; k < s->n; k++) {
		s->ps[k].spc = sp[k];
		s->ps[k].in_baseline = base[k] && in.ok[k];
		s->ps[k].segment = (k ? s->ps[k - 1].segment : 0) + (seg[k] != 0);
	}
	report_base_end(s, in.ok, seg);
}

/* Load the series of area as of asof and work out its statistics. */
static void report_series(struct arena *a, const struct model *m, const struct figures *fig,
			  const struct metric *mt, int area, int asof, struct series *s)
{
	const struct figure_stats *fs;
	double *x;
	unsigned char *ok, *seg;
	size_t k, r;

	memset(s, 0, sizeof(*s));
	s->area = area;
	if (area < 0)
		return;
	n_series++;
	s->o = model_series(mt, area, asof, &s->n);
	fs = s->n ? fig->of[mt->index] + (s->o - mt->obs) : NULL;
	s->latest = model_latest(s->o, s->n);
	if (s->latest)
		for (k = (size_t)(s->latest - s->o); k-- > 0;)
			if (s->o[k].flags & (OBS_VALUE | OBS_SUPPRESSED)) {
				s->prev = &s->o[k];
				break;
			}
	s->ps = arena_alloc(a, (s->n + 1) * sizeof(*s->ps));
	x = arena_alloc(a, (s->n + 1) * sizeof(*x));
	ok = arena_alloc(a, s->n + 1);
	seg = arena_alloc(a, s->n + 1);
	for (k = 0; k < s->n; k++) {
		const struct obs *o = &s->o[k];
		struct point_stats *p = &s->ps[k];
		x[k] = o->value;
		ok[k] = !!(o->flags & OBS_VALUE);
		s->valid += ok[k];
		/* a new baseline starts at the first point on or after each
		 * rebase period */
		for (r = 0; r < mt->n_rebase; r++)
			if (period_cmp(&o->period, &mt->rebase[r]) >= 0 &&
			    (k == 0 || period_cmp(&s->o[k - 1].period, &mt->rebase[r]) < 0) && k > 0)
				seg[k] = 1;
		p->has_ci = fs[k].has_ci;
		p->lo = fs[k].lo;
		p->hi = fs[k].hi;
		p->cmp = (enum comparison)fs[k].cmp;
	}
	report_spc(a, m, mt, s, x, ok, seg);
	if (s->latest && (s->latest->flags & OBS_VALUE) && (s->latest->flags & OBS_PLAN)) {
		struct point_stats *p = &s->ps[s->latest - s->o];
		p->assurance = stats_assurance(mt->polarity, &p->spc, s->latest->plan);
	}
}

void report_init(struct report *r, const struct model *m, const struct figures *fig, const int *area_order,
		 const unsigned char *keep, const struct period *quarter)
{
	size_t i;

	memset(r, 0, sizeof(*r));
	r->m = m;
	r->fig = fig;
	r->area_order = area_order;
	r->keep = keep;
	r->quarter = *quarter;
	r->asof = period_end_month(quarter);
	arena_init(&r->a);
	r->held = arena_alloc(&r->a, (m->n_metrics + 1) * sizeof(*r->held));
	for (i = 0; i < m->n_metrics; i++)
		r->held[i] = arena_alloc(&r->a, (m->n_areas + 1) * sizeof(**r->held));
	r->funnel_memo = arena_alloc(&r->a, (m->n_metrics + 1) * sizeof(*r->funnel_memo));
}

void report_release(struct report *r)
{
	arena_release(&r->a);
}

const struct series *report_area(struct report *r, const struct metric *mt, int area, struct arena *scratch)
{
	static const struct series none = { -1, NULL, 0, NULL, NULL, NULL, 0 };
	struct series *s;

	if (area < 0)
		return &none;
	if ((size_t)area >= r->m->n_areas)
		BUG("area %d of %zu", area, r->m->n_areas);
	s = &r->held[mt->index][area];
	if (s->ps)
		return s;
	if (r->keep[area] || area == r->m->benchmark) {
		report_series(&r->a, r->m, r->fig, mt, area, r->asof, s);
		return s;
	}
	s = arena_alloc(scratch, sizeof(*s));
	report_series(scratch, r->m, r->fig, mt, area, r->asof, s);
	return s;
}

/* The x axis: every period from the first to the last point of the home
 * series (and of the benchmark), as of the report. */
static size_t report_axis(struct arena *a, const struct series *home, const struct series *bench, int asof,
			  struct period **out)
{
	struct period first, p;
	size_t n = 0, cap = 0;
	int have = 0;

	*out = NULL;
	if (home->n) {
		first = home->o[0].period;
		have = 1;
	}
	if (bench->n && (!have || period_cmp(&bench->o[0].period, &first) < 0)) {
		first = bench->o[0].period;
		have = 1;
	}
	if (!have)
		return 0;
	for (p = first; period_end_month(&p) <= asof; p = period_next(&p)) {
		*out = arena_grow(a, *out, sizeof(**out), &cap, n + 1);
		(*out)[n++] = p;
		if (n > 100000)
			break;
	}
	/* drop trailing periods with neither data nor a plan */
	while (n) {
		size_t k;
		int any = 0;
		for (k = 0; k < home->n; k++)
			if (!period_cmp(&home->o[k].period, &(*out)[n - 1]))
				any = 1;
		for (k = 0; k < bench->n; k++)
			if (!period_cmp(&bench->o[k].period, &(*out)[n - 1]))
				any = 1;
		if (any)
			break;
		n--;
	}
	return n;
}

/* The values (or plans) of s on the axis. */
static void report_line(struct arena *a, const struct period *axis, size_t n, const struct series *s, int plan,
			struct report_line *l)
{
	size_t i, k = 0;

	l->v = arena_alloc(a, (n + 1) * sizeof(*l->v));
	l->ok = arena_alloc(a, n + 1);
	l->sup = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++) {
		while (k < s->n && period_cmp(&s->o[k].period, &axis[i]) < 0)
			k++;
		if (k < s->n && !period_cmp(&s->o[k].period, &axis[i])) {
			unsigned f = s->o[k].flags;
			if (plan && (f & OBS_PLAN)) {
				l->v[i] = s->o[k].plan;
				l->ok[i] = 1;
			} else if (!plan && (f & OBS_VALUE)) {
				l->v[i] = s->o[k].value;
				l->ok[i] = 1;
			} else if (!plan && (f & OBS_SUPPRESSED)) {
				l->sup[i] = 1;
			}
		}
		l->any |= l->ok[i];
	}
}

/* The home area's process limits on the axis. */
static void report_limits(struct arena *a, struct report_metric *rm)
{
	size_t i, n = rm->n;

	rm->has = arena_alloc(a, n + 1);
	rm->mean = arena_alloc(a, (n + 1) * sizeof(double));
	rm->lpl = arena_alloc(a, (n + 1) * sizeof(double));
	rm->upl = arena_alloc(a, (n + 1) * sizeof(double));
	rm->variation = arena_alloc(a, (n + 1) * sizeof(int));
	rm->base_end = arena_alloc(a, n + 1);
	for (i = 0; i < n; i++) {
		const struct obs *o = report_find(rm->home, &rm->axis[i]);
		if (o) {
			const struct spc_point *p = &rm->home->ps[o - rm->home->o].spc;
			rm->has[i] = (unsigned char)p->has_limits;
			rm->mean[i] = p->mean;
			rm->lpl[i] = p->lpl;
			rm->upl[i] = p->upl;
			rm->variation[i] = p->variation;
			rm->base_end[i] = (unsigned char)rm->home->ps[o - rm->home->o].base_end;
		}
	}
}

/* Highest first; then by name, then in order of code. */
static int bar_cmp(const void *x, const void *y)
{
	const struct report_bar *a = x, *b = y;
	int r;
	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	r = strcmp(a->name, b->name);
	return r ? r : (a->tag > b->tag) - (a->tag < b->tag);
}

/* Every area's figure (but the benchmark's) in the home area's latest
 * period, from each figure's own statistics; with a peer group
 * (m->peer), the group's and the report's own area's only. */
static void report_bars(struct arena *a, const struct report *r, struct report_metric *rm)
{
	const struct model *m = r->m;
	const struct metric *mt = rm->mt;
	const struct figure_stats *fs = r->fig->of[mt->index];
	size_t i, n;

	rm->bars = arena_alloc(a, (m->n_areas + 1) * sizeof(*rm->bars));
	for (i = 0; i < m->n_areas; i++) {
		int ar = r->area_order[i];
		const struct obs *o = model_series(mt, ar, r->asof, &n);
		size_t k;
		/* a peer group's areas, and the report's own */
		if (ar == m->benchmark || (m->peer && !m->peer[ar] && ar != rm->area))
			continue;
		for (k = 0; k < n && period_cmp(&o[k].period, &rm->home->latest->period); k++)
			;
		if (k == n || !(o[k].flags & OBS_VALUE))
			continue;
		rm->bars[rm->n_bars++] = (struct report_bar){
			.area = ar, .name = m->areas[ar].name, .v = o[k].value, .has_ci = fs[o + k - mt->obs].has_ci,
			.lo = fs[o + k - mt->obs].lo, .hi = fs[o + k - mt->obs].hi,
			.cmp = (enum comparison)fs[o + k - mt->obs].cmp, .highlight = ar == rm->area, .tag = i
		};
	}
	if (rm->n_bars > 1)
		qsort(rm->bars, rm->n_bars, sizeof(*rm->bars), bar_cmp);
}

/* The annotations of out's metric that fall on its axis, for its area. */
static void report_notes(struct arena *a, struct report_metric *out)
{
	const struct metric *mt = out->mt;
	size_t i, k = 0;

	out->notes = arena_alloc(a, (mt->n_notes + 1) * sizeof(*out->notes));
	/* both in order of period: one walk */
	for (i = 0; i < mt->n_notes; i++) {
		const struct annotation *an = &mt->notes[i];
		if (an->area >= 0 && an->area != out->area)
			continue;
		while (k < out->n && period_cmp(&out->axis[k], &an->period) < 0)
			k++;
		if (k == out->n)
			break;
		if (!period_cmp(&out->axis[k], &an->period))
			out->notes[out->n_notes++] = (struct report_note){ k, an };
	}
}

int report_funnel_kind(const struct metric *mt, enum funnel_kind *kind, double *scale)
{
	if (mt->standardised)
		return 0;
	if (mt->unit == UNIT_PERCENT) {
		*kind = FUNNEL_PROPORTION;
		*scale = 100;
		return 1;
	}
	if (mt->unit == UNIT_RATE) {
		*kind = FUNNEL_RATE;
		*scale = 100000;
		return 1;
	}
	return 0;
}

/* Area's figure in period p as of the report, or NULL. */
static const struct obs *report_find_area(const struct report *r, const struct metric *mt, int area,
					  const struct period *p)
{
	size_t n, k;
	const struct obs *o = model_series(mt, area, r->asof, &n);

	for (k = 0; k < n; k++)
		if (!period_cmp(&o[k].period, p))
			return &o[k];
	return NULL;
}

/* The limits around f's target at denominator n, in the value's unit. */
static void funnel_limits_at(const struct report_funnel *f, double n, double *lo95, double *hi95, double *lo998,
			     double *hi998)
{
	double t = f->target / f->scale;

	*lo95 = funnel_limit_od(f->kind, &f->od, t, n, 0.025) * f->scale;
	*hi95 = funnel_limit_od(f->kind, &f->od, t, n, 0.975) * f->scale;
	*lo998 = funnel_limit_od(f->kind, &f->od, t, n, 0.001) * f->scale;
	*hi998 = funnel_limit_od(f->kind, &f->od, t, n, 0.999) * f->scale;
}

/* Whether the funnel memo was worked out for the same limits as f: the
 * same target, adjustment and denominators (so the same curves). */
static int funnel_same(const struct report_funnel *memo, const struct report_funnel *f, int curves)
{
	size_t i;

	if ((curves && !memo->n_curve) || memo->kind != f->kind || memo->target != f->target || memo->n != f->n ||
	    memo->od.adjusted != f->od.adjusted || memo->od.phi != f->od.phi || memo->od.tau2 != f->od.tau2)
		return 0;
	for (i = 0; i < f->n; i++)
		if (memo->areas[i].den != f->areas[i].den)
			return 0;
	return 1;
}

/* f's limits as memo has them. */
static void funnel_reuse(const struct report_funnel *memo, struct report_funnel *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		f->areas[i].lo95 = memo->areas[i].lo95;
		f->areas[i].hi95 = memo->areas[i].hi95;
		f->areas[i].lo998 = memo->areas[i].lo998;
		f->areas[i].hi998 = memo->areas[i].hi998;
	}
	f->n_curve = memo->n_curve;
	f->x_max = memo->x_max;
	f->cx = memo->cx;
	f->lo95 = memo->lo95, f->hi95 = memo->hi95, f->lo998 = memo->lo998, f->hi998 = memo->hi998;
}

/* Work out f's limits at each area's denominator and, when curves, along
 * the curves, at the denominators the chart samples (the curves in ra);
 * returns a copy of f in ra to reuse for another area's side. */
static struct report_funnel *funnel_work_out(struct arena *ra, struct report_funnel *f, int curves)
{
	struct chart_funnel_point *pts = arena_alloc(ra, (f->n + 1) * sizeof(*pts));
	struct report_funnel *memo = arena_alloc(ra, sizeof(*memo));
	size_t i;

	for (i = 0; i < f->n; i++) {
		struct report_funnel_area *fa = &f->areas[i];
		funnel_limits_at(f, fa->den, &fa->lo95, &fa->hi95, &fa->lo998, &fa->hi998);
		pts[i].x = fa->den;
	}
	/* as many limits again as areas: not worked out for a page that
	 * draws no chart */
	f->n_curve = curves ? REPORT_FUNNEL_SAMPLES : 0;
	f->cx = arena_alloc(ra, 5 * f->n_curve * sizeof(double));
	f->lo95 = f->cx + f->n_curve;
	f->hi95 = f->lo95 + f->n_curve;
	f->lo998 = f->hi95 + f->n_curve;
	f->hi998 = f->lo998 + f->n_curve;
	f->x_max = chart_funnel_samples(pts, f->n, f->cx, f->n_curve);
	for (i = 0; i < f->n_curve; i++)
		funnel_limits_at(f, f->cx[i], &f->lo95[i], &f->hi95[i], &f->lo998[i], &f->hi998[i]);
	*memo = *f;
	memo->areas = arena_alloc(ra, (f->n + 1) * sizeof(*memo->areas));
	memcpy(memo->areas, f->areas, f->n * sizeof(*f->areas));
	return memo;
}

/* ---- funnels shared between workers ---- */

struct shared_funnel {
	int ready;
	enum funnel_kind kind;
	double target;
	struct funnel_od od;
	size_t n;
	double den[CHART_COMPARE_MAX_BARS];
	double lim[CHART_COMPARE_MAX_BARS][4];
};

struct report_shared {
	struct shared_funnel *slot;	/* [q * n_metrics + metric] */
	size_t n_metrics, bytes;
};

struct report_shared *report_shared_open(size_t n_quarters, size_t n_metrics)
{
	struct report_shared *s;
	size_t bytes = n_quarters * n_metrics * sizeof(struct shared_funnel);
	void *p;

	if (!bytes)
		return NULL;
	/* pages untouched stay unmade: only the funnels take memory */
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	s = xmalloc(sizeof(*s));
	s->slot = p;
	s->n_metrics = n_metrics;
	s->bytes = bytes;
	return s;
}

void report_shared_close(struct report_shared *s)
{
	if (!s)
		return;
	munmap(s->slot, s->bytes);
	free(s);
}

void report_share(struct report *r, struct report_shared *s, size_t q)
{
	r->shared = s;
	r->q = q;
}

static struct shared_funnel *shared_slot(const struct report *r, const struct metric *mt)
{
	return r->shared ? &r->shared->slot[r->q * r->shared->n_metrics + (size_t)mt->index] : NULL;
}

/* f (worked out) into its empty slot. */
static void shared_put(const struct report *r, const struct metric *mt, const struct report_funnel *f)
{
	struct shared_funnel *sf = shared_slot(r, mt);
	size_t i;

	if (!sf || sf->ready || f->n > CHART_COMPARE_MAX_BARS)
		return;
	sf->kind = f->kind;
	sf->target = f->target;
	sf->od = f->od;
	sf->n = f->n;
	for (i = 0; i < f->n; i++) {
		const struct report_funnel_area *fa = &f->areas[i];
		sf->den[i] = fa->den;
		sf->lim[i][0] = fa->lo95, sf->lim[i][1] = fa->hi95;
		sf->lim[i][2] = fa->lo998, sf->lim[i][3] = fa->hi998;
	}
	sf->ready = 1;
}

/* f's limits at each area from its slot, when that holds the same
 * funnel (as funnel_same); 1 when taken. */
static int shared_take(const struct report *r, const struct metric *mt, struct report_funnel *f)
{
	const struct shared_funnel *sf = shared_slot(r, mt);
	size_t i;

	if (!sf || !sf->ready || sf->kind != f->kind || sf->target != f->target || sf->n != f->n ||
	    sf->od.adjusted != f->od.adjusted || sf->od.phi != f->od.phi || sf->od.tau2 != f->od.tau2)
		return 0;
	for (i = 0; i < f->n; i++)
		if (sf->den[i] != f->areas[i].den)
			return 0;
	for (i = 0; i < f->n; i++) {
		struct report_funnel_area *fa = &f->areas[i];
		fa->lo95 = sf->lim[i][0], fa->hi95 = sf->lim[i][1];
		fa->lo998 = sf->lim[i][2], fa->hi998 = sf->lim[i][3];
	}
	f->n_curve = 0;
	f->cx = f->lo95 = f->hi95 = f->lo998 = f->hi998 = NULL;
	f->x_max = 0;
	return 1;
}

/* The compared areas (rm's bars) as a funnel plot, when the metric and
 * their counts allow: the target is the benchmark's figure in the
 * period (bench_v, when has_bench), else the pooled sum(num)/sum(den). */
static void report_funnel(struct arena *a, struct report *r, struct report_metric *rm, int has_bench,
			  double bench_v)
{
	const struct metric *mt = rm->mt;
	struct report_funnel *f, *memo;
	double sn = 0, sd = 0, *y, *n;
	size_t i, k = 0;
	enum funnel_kind kind;
	double scale;

	if (!report_funnel_kind(mt, &kind, &scale))
		return;
	f = arena_alloc(a, sizeof(*f));
	f->areas = arena_alloc(a, (rm->n_bars + 1) * sizeof(*f->areas));
	f->kind = kind;
	f->scale = scale;
	f->home = -1;
	for (i = 0; i < rm->n_bars; i++) {
		const struct obs *o = report_find_area(r, mt, rm->bars[i].area, &rm->home->latest->period);
		if (!o || !(o->flags & OBS_NUMERATOR) || !(o->flags & OBS_DENOMINATOR) || !(o->denominator > 0))
			continue;
		f->areas[k] = (struct report_funnel_area){ .bar = i, .num = o->numerator, .den = o->denominator };
		if (rm->bars[i].highlight)
			f->home = (int)k;
		sn += o->numerator;
		sd += o->denominator;
		k++;
	}
	/* past the bars' limit the ranked dot chart keeps its fixed size: a
	 * funnel of thousands of areas would list them all (and its file
	 * grow with them) */
	if (k < REPORT_FUNNEL_MIN || k > CHART_COMPARE_MAX_BARS)
		return;
	f->n = k;
	f->target_benchmark = has_bench;
	f->target = has_bench ? bench_v : sn / sd * scale;
	y = arena_alloc(a, (k + 1) * sizeof(*y));
	n = arena_alloc(a, (k + 1) * sizeof(*n));
	for (i = 0; i < k; i++) {
		y[i] = rm->bars[f->areas[i].bar].v / scale;
		n[i] = f->areas[i].den;
	}
	funnel_overdispersion(kind, (enum funnel_od_method)r->m->settings.overdispersion, y, n, k,
			      f->target / scale, &f->od);
	if (r->no_limits) {
		/* whether there is a funnel, not what it says (limits 0) */
		rm->funnel = f;
		return;
	}
	memo = r->funnel_memo[mt->index];
	if (memo && funnel_same(memo, f, !r->no_curves)) {
		funnel_reuse(memo, f);
	} else if (!r->no_curves || !shared_take(r, mt, f)) {
		r->funnel_memo[mt->index] = funnel_work_out(&r->a, f, !r->no_curves);
		if (!r->no_curves)
			shared_put(r, mt, f);
	}
	for (i = 0; i < k; i++) {
		struct report_funnel_area *fa = &f->areas[i];
		fa->side = funnel_verdict(rm->bars[fa->bar].v, fa->lo95, fa->hi95, fa->lo998, fa->hi998);
		f->n_outside += fa->side != 0;
	}
	rm->funnel = f;
}

const char *report_area_fragment(const struct model *m, int ar)
{
	const char *code, *s;

	if (ar < 0 || (size_t)ar >= m->n_areas)
		return NULL;
	code = m->areas[ar].code;
	if (!((*code >= 'A' && *code <= 'Z') || (*code >= 'a' && *code <= 'z') || *code == '_'))
		return NULL;
	for (s = code; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return NULL;
	return code;
}

int report_same_comparison(const struct report_metric *rm)
{
	const struct model *m = rm->r->m;
	const struct obs *o, *hl;
	size_t n;

	if (rm->area == m->home)
		return 1;
	if (m->home < 0 || rm->area < 0 || !rm->home->latest)
		return 0;
	/* a group compared with the page's own area besides: the same only
	 * when both are in it */
	if (m->peer && (!m->peer[rm->area] || !m->peer[m->home]))
		return 0;
	/* the home area's latest period, as its side works it out */
	o = model_series(rm->mt, m->home, rm->r->asof, &n);
	hl = model_latest(o, n);
	return hl && period_cmp(&hl->period, &rm->home->latest->period) == 0;
}

enum report_chart report_compare_chart(const struct report_metric *rm)
{
	const struct model *m = rm->r->m;

	/* the benchmark's own side compares without a benchmark line */
	if (m->home < 0 || m->home == m->benchmark || !report_area_fragment(m, m->home))
		return REPORT_CHART_OWN;
	/* past the bars' limit the ranked dot chart keeps its fixed size: a
	 * mark of every area would make it grow with them */
	if (rm->n_bars > CHART_COMPARE_MAX_BARS)
		return REPORT_CHART_OWN;
	if (rm->area == m->home)
		return REPORT_CHART_TARGETS;
	if (rm->area < 0 || rm->area == m->benchmark || !report_area_fragment(m, rm->area))
		return REPORT_CHART_OWN;
	return report_same_comparison(rm) ? REPORT_CHART_HOME : REPORT_CHART_OWN;
}

void report_metric(struct report *r, const struct metric *mt, int area, struct arena *a, struct arena *scratch,
		   struct report_metric *out)
{
	const struct model *m = r->m;
	const struct series *bench = report_area(r, mt, m->benchmark, scratch);
	const struct series *home = report_area(r, mt, area, scratch);
	const struct obs *l = home->latest, *p = home->prev;

	memset(out, 0, sizeof(*out));
	out->r = r;
	out->mt = mt;
	out->area = area;
	out->home = home;
	/* beside the home area, unless it is the benchmark */
	out->bench = m->benchmark == area ? report_area(r, mt, -1, scratch) : bench;
	if (l)
		out->lp = &home->ps[l - home->o];
	out->n = report_axis(a, home, out->bench, r->asof, &out->axis);
	report_limits(a, out);
	report_line(a, out->axis, out->n, home, 0, &out->value);
	report_line(a, out->axis, out->n, home, 1, &out->plan);
	report_line(a, out->axis, out->n, out->bench, 0, &out->benchmark);
	report_notes(a, out);
	if (l) {
		const struct obs *bo = report_find(out->bench, &l->period);
		/* the target of a funnel: the benchmark's figure, on its own
		 * page too */
		const struct obs *to = report_find(bench, &l->period);
		report_bars(a, r, out);
		if (bo && (bo->flags & OBS_VALUE)) {
			out->has_benchmark = 1;
			out->benchmark_value = bo->value;
		}
		report_funnel(a, r, out, to && (to->flags & OBS_VALUE), to ? to->value : 0);
	}
	if (l) {
		out->months_since = period_months_since(&l->period, r->asof);
		out->out_of_date = period_out_of_date(&l->period, mt->lag, r->asof);
	}
	out->progress = out->out_of_date ? PROGRESS_OUT_OF_DATE
		      : stats_progress(mt->polarity, l && (l->flags & OBS_VALUE), l ? l->value : 0,
				       l && (l->flags & OBS_PLAN), l ? l->plan : 0);
	out->direction = stats_direction(mt->polarity, p && (p->flags & OBS_VALUE), p ? p->value : 0,
					 l && (l->flags & OBS_VALUE), l ? l->value : 0);
}
