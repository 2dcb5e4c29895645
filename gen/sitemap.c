#include "sitemap.h"
#include "arena.h"
#include "diag.h"
#include "model.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int plan_quarters(struct sitemap *s, struct arena *a, const struct model *m, const char *metrics_dir,
			 const struct period *last_quarter)
{
	int first = model_first_data_month(m), last = model_last_data_month(m);
	struct period q, stop;
	size_t cap = 0;

	if (last < 0) {
		diag_error(metrics_dir, 0, 0, "no observations in any data file: nothing to report");
		return -1;
	}
	q = period_quarter_of_month(first);
	if (m->settings.first_period.kind == PERIOD_QUARTER)
		q = m->settings.first_period;
	stop = period_quarter_of_month(last);
	if (last_quarter->kind == PERIOD_QUARTER)
		stop = *last_quarter;
	if (period_cmp(&q, &stop) > 0) {
		char x[PERIOD_TEXT_MAX], y[PERIOD_TEXT_MAX];
		period_label(&q, x);
		period_label(&stop, y);
		diag_error(arena_printf(a, "%s/site.ini", metrics_dir), m->settings.first_period_at.line,
			   m->settings.first_period_at.col, "the first report, %s, would come after the last, %s", x, y);
		return -1;
	}
	for (; period_cmp(&q, &stop) <= 0; q = period_next(&q)) {
		s->quarters = arena_grow(a, s->quarters, sizeof(*s->quarters), &cap, s->n_quarters + 1);
		s->quarters[s->n_quarters++] = q;
	}
	return 0;
}

static int set_generated(struct sitemap *s)
{
	static const char *const months[] = { "January", "February", "March", "April", "May", "June", "July",
					      "August", "September", "October", "November", "December" };
	const char *e = getenv("SOURCE_DATE_EPOCH");
	time_t t;
	struct tm tm;

	if (e && *e) {
		char *end;
		long long v;
		errno = 0;
		v = strtoll(e, &end, 10);
		if (*end || errno || v < 0) {
			diag_error(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is not a number of seconds since 1970", e);
			return -1;
		}
		/* 253402300799 is 9999-12-31 23:59:59: later dates have no
		 * four-digit year (and overflow gmtime's) */
		if (v > 253402300799LL) {
			diag_error(NULL, 0, 0, "SOURCE_DATE_EPOCH='%s' is after the year 9999: expected seconds since "
				   "1970, such as 1700000000", e);
			return -1;
		}
		t = (time_t)v;
	} else {
		t = time(NULL);
	}
	if (!gmtime_r(&t, &tm))
		return -1;
	s->generated_at = (long long)t;
	snprintf(s->generated, sizeof(s->generated), "%d %s %d", tm.tm_mday, months[tm.tm_mon],
		 tm.tm_year + 1900);
	return 0;
}

static const struct model *sort_model;

static int area_code_cmp(const void *x, const void *y)
{
	return strcmp(sort_model->areas[*(const int *)x].code, sort_model->areas[*(const int *)y].code);
}

/* The figure where an area's code was first given. */
static const struct obs *first_figure(const struct model *m, int ar)
{
	const struct obs *at = NULL;
	size_t i, n;

	for (i = 0; i < m->n_metrics && !at; i++)
		if ((at = model_series(&m->metrics[i], ar, INT_MAX, &n)) && !n)
			at = NULL;
	return at;
}

/* Slot 0 is the home area; with --all-areas every other area with a figure
 * in the data, but the benchmark, follows in order of code. */
int sitemap_slots(struct sitemap *s, struct arena *a, const struct model *m, int all_areas)
{
	size_t i;
	int rc = 0;

	s->slot_area = arena_alloc(a, (m->n_areas + 1) * sizeof(int));
	s->slot_dir = arena_alloc(a, (m->n_areas + 1) * sizeof(*s->slot_dir));
	s->has_slot = arena_alloc(a, m->n_areas + 1);
	s->slot_area[0] = m->home;
	s->slot_dir[0] = "";
	s->n_slots = 1;
	if (m->home >= 0)
		s->has_slot[m->home] = 1;
	if (!all_areas)
		return 0;
	for (i = 0; i < m->n_areas; i++) {
		int ar = s->area_order[i];
		const char *code = m->areas[ar].code;
		const struct obs *at;
		if (ar == m->home || ar == m->benchmark || !(at = first_figure(m, ar)))
			continue;
		if (!model_valid_code(code, strlen(code))) {
			diag_error(at->path, at->line, at->col,
				   "area code '%s' cannot name a folder for --all-areas: expected "
				   "1 to 64 letters, digits, '-' or '_'", code);
			rc = -1;
			continue;
		}
		s->slot_dir[s->n_slots] = arena_printf(a, "areas/%s/", code);
		s->slot_area[s->n_slots++] = ar;
		s->has_slot[ar] = 1;
	}
	return rc;
}

/* Which reports show the same figures of a metric as an earlier one, and
 * the groups of reports built together. */
static void plan_sharing(struct sitemap *s, struct arena *a, const struct model *m)
{
	size_t q, i, k, M = m->n_metrics, Q = s->n_quarters;
	unsigned char *news = arena_alloc(a, Q * M + 1);
	int *asof = arena_alloc(a, (Q + 1) * sizeof(int));

	s->group = arena_alloc(a, (Q + 1) * sizeof(*s->group));
	s->n_groups = 0;
	for (q = 0; q < Q; q++) {
		asof[q] = period_end_month(&s->quarters[q]);
		if (q == 0 || s->quarters[q].num == 4)
			s->n_groups++;
		s->group[q] = s->n_groups - 1;
	}
	for (i = 0; i < M; i++) {
		const struct metric *mt = &m->metrics[i];
		for (k = 0; k < mt->n_obs; k++) {
			/* the first report that shows this figure */
			int end = period_end_month(&mt->obs[k].period);
			size_t lo = 0, hi = Q;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (asof[mid] >= end)
					hi = mid;
				else
					lo = mid + 1;
			}
			if (lo < Q)
				news[lo * M + i] = 1;
		}
	}
	s->same_as = arena_alloc(a, (Q * M + 1) * sizeof(*s->same_as));
	for (i = 0; i < M; i++)
		for (q = 0; q < Q; q++)
			s->same_as[q * M + i] = q > 0 && !news[q * M + i] ? s->same_as[(q - 1) * M + i] : q;
}

int sitemap_plan(struct sitemap *s, struct arena *a, const struct model *m, const char *metrics_dir,
		 const struct period *last_quarter)
{
	size_t i;

	memset(s, 0, sizeof(*s));
	if (set_generated(s) < 0 || plan_quarters(s, a, m, metrics_dir, last_quarter) < 0)
		return -1;
	s->area_order = arena_alloc(a, (m->n_areas + 1) * sizeof(int));
	for (i = 0; i < m->n_areas; i++)
		s->area_order[i] = (int)i;
	sort_model = m;
	qsort(s->area_order, m->n_areas, sizeof(int), area_code_cmp);
	plan_sharing(s, a, m);
	return 0;
}

void sitemap_place(const struct sitemap *s, struct arena *a, size_t slot, size_t q, struct place *p)
{
	char slug[PERIOD_TEXT_MAX];

	if (slot >= s->n_slots || q >= s->n_quarters)
		BUG("report %zu of slot %zu: the plan has %zu quarters, %zu slots", q, slot, s->n_quarters,
		    s->n_slots);
	period_slug(&s->quarters[q], slug);
	p->q = q;
	p->slot = slot;
	p->area = s->slot_area[slot];
	p->dir = s->slot_dir[slot];
	p->root = slot ? "../../../" : "../";
	p->slug = arena_strdup(a, slug);
	p->folder = arena_printf(a, "%s%s", p->dir, slug);
}
