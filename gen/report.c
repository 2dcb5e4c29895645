#include "report.h"
#include "arena.h"

#include <math.h>
#include <string.h>

const struct obs *report_find(const struct series *s, const struct period *p)
{
	size_t k;
	for (k = 0; k < s->n; k++)
		if (!period_cmp(&s->o[k].period, p))
			return &s->o[k];
	return NULL;
}

/* Load the series and work out its statistics; bench (may be NULL) is the
 * benchmark's series, for comparisons. */
void report_series(struct arena *a, const struct model *m, const struct metric *mt, int area, int asof,
		   const struct series *bench, struct series *s)
{
	const struct settings *set = &m->settings;
	struct spc_settings spc = { set->shift_run, set->trend_run, set->min_points,
				    set->screen_moving_ranges };
	double *x;
	unsigned char *ok, *seg;
	size_t k, r, bj = 0;

	memset(s, 0, sizeof(*s));
	s->area = area;
	if (area < 0)
		return;
	s->o = model_series(mt, area, asof, &s->n);
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
		if (!(o->flags & OBS_VALUE))
			continue;
		if (o->flags & OBS_CI) {
			p->has_ci = 1;
			p->lo = o->lower_ci;
			p->hi = o->upper_ci;
		} else if (!mt->standardised && (o->flags & OBS_NUMERATOR) && (o->flags & OBS_DENOMINATOR)) {
			if (mt->unit == UNIT_PERCENT)
				p->has_ci = stats_wilson(o->numerator, o->denominator, STATS_Z95, &p->lo, &p->hi) == 0;
			else if (mt->unit == UNIT_RATE)
				p->has_ci = stats_rate_ci(o->numerator, o->denominator, 100000, STATS_Z95,
							  &p->lo, &p->hi) == 0;
		}
		if (bench && m->benchmark >= 0 && area != m->benchmark) {
			/* both in period order: walk the benchmark along */
			const struct obs *b;
			int hb;
			while (bj < bench->n && period_cmp(&bench->o[bj].period, &o->period) < 0)
				bj++;
			b = bj < bench->n && !period_cmp(&bench->o[bj].period, &o->period) ? &bench->o[bj] : NULL;
			hb = b && (b->flags & OBS_VALUE);
			p->cmp = stats_compare(mt->polarity, p->has_ci, p->lo, p->hi, hb, hb ? b->value : 0);
		}
	}
	{
		/* stats_spc fills an array of spc_point: gather, then spread */
		struct spc_point *sp = arena_alloc(a, (s->n + 1) * sizeof(*sp));
		stats_spc(x, ok, seg, s->n, mt->polarity, &spc, sp);
		for (k = 0; k < s->n; k++)
			s->ps[k].spc = sp[k];
	}
	if (s->latest && (s->latest->flags & OBS_VALUE) && (s->latest->flags & OBS_PLAN)) {
		struct point_stats *p = &s->ps[s->latest - s->o];
		p->assurance = stats_assurance(mt->polarity, &p->spc, s->latest->plan);
	}
}

/* The x axis: every period from the first to the last point of the home
 * series (and of the benchmark), as of the report. */
size_t report_axis(struct arena *a, const struct series *home, const struct series *bench,
			   int asof, enum period_kind kind, struct period **out)
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
	(void)kind;
	return n;
}

void report_line(const struct period *axis, size_t n, const struct series *s, int plan,
		      double *v, unsigned char *ok, unsigned char *sup)
{
	size_t i, k = 0;
	for (i = 0; i < n; i++) {
		ok[i] = 0;
		if (sup)
			sup[i] = 0;
		while (k < s->n && period_cmp(&s->o[k].period, &axis[i]) < 0)
			k++;
		if (k < s->n && !period_cmp(&s->o[k].period, &axis[i])) {
			unsigned f = s->o[k].flags;
			if (plan && (f & OBS_PLAN)) {
				v[i] = s->o[k].plan;
				ok[i] = 1;
			} else if (!plan && (f & OBS_VALUE)) {
				v[i] = s->o[k].value;
				ok[i] = 1;
			} else if (!plan && (f & OBS_SUPPRESSED) && sup) {
				sup[i] = 1;
			}
		}
	}
}


enum progress report_progress(const struct metric *mt, const struct series *home)
{
	const struct obs *l = home->latest;
	return stats_progress(mt->polarity, l && (l->flags & OBS_VALUE), l ? l->value : 0,
			      l && (l->flags & OBS_PLAN), l ? l->plan : 0);
}

enum direction report_direction(const struct metric *mt, const struct series *home)
{
	const struct obs *l = home->latest, *p = home->prev;
	return stats_direction(mt->polarity, p && (p->flags & OBS_VALUE), p ? p->value : 0,
			       l && (l->flags & OBS_VALUE), l ? l->value : 0);
}
