#include "model.h"
#include "arena.h"
#include "hash.h"
#include "settings.h"

#include <limits.h>
#include <string.h>

/* ---- names and units ---- */

/* 1-64 of [a-z0-9_-], and A-Z too when upper. */
static int valid_name(const char *s, size_t len, int upper)
{
	size_t i;
	if (len == 0 || len > 64)
		return 0;
	for (i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (upper && s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

int model_valid_id(const char *s, size_t len)
{
	return valid_name(s, len, 0);
}

int model_valid_code(const char *s, size_t len)
{
	return valid_name(s, len, 1);
}

const char *model_unit_name(enum unit u)
{
	static const char *const names[] = { "count", "percent", "rate_per_100k", "days", "number" };
	return names[u];
}

int model_default_decimals(enum unit u)
{
	return u == UNIT_COUNT ? 0 : 1;
}

/* Monthly returns (DToC's were) come out about six weeks after the month;
 * quarterly returns within two to three months; ASCOF's annual figures in
 * the autumn after the year, by the report for the quarter to December. */
int model_default_lag(enum period_kind frequency)
{
	return frequency == PERIOD_MONTH ? 2 : frequency == PERIOD_QUARTER ? 3 : 6;
}

/* ---- building ---- */

void model_init(struct model *m, struct arena *a, const char *dir)
{
	memset(m, 0, sizeof(*m));
	m->a = a;
	m->dir = arena_strdup(a, dir);
	m->home = m->benchmark = -1;
	m->metric_ids = hash_new(a);
	m->area_codes = hash_new(a);
	settings_defaults(&m->settings);
}

const char *model_path(const struct model *m, const char *name)
{
	return arena_printf(m->a, "%s/%s", m->dir, name);
}

int model_add_area(struct model *m, const char *code, size_t len, const char *name)
{
	int i = model_area(m, code, len);
	struct area *ar;

	if (i >= 0) {
		if (name && *name && !m->areas[i].name[0])
			m->areas[i].name = name;
		return i;
	}
	m->areas = arena_grow(m->a, m->areas, sizeof(*m->areas), &m->cap_areas, m->n_areas + 1);
	ar = &m->areas[m->n_areas];
	memset(ar, 0, sizeof(*ar));
	ar->code = arena_strndup(m->a, code, len);
	ar->name = name ? name : "";
	hash_put(m->a, m->area_codes, ar->code, (int)m->n_areas);
	return (int)m->n_areas++;
}

struct obs *model_add_obs(struct model *m, struct metric *mt)
{
	struct obs *o;
	mt->obs = arena_grow(m->a, mt->obs, sizeof(*mt->obs), &mt->cap_obs, mt->n_obs + 1);
	o = &mt->obs[mt->n_obs++];
	memset(o, 0, sizeof(*o));
	return o;
}

/* ---- loading ---- */


/* ---- queries ---- */

struct metric *model_metric(const struct model *m, const char *id, size_t len)
{
	int i = m->metric_ids ? hash_get(m->metric_ids, id, len) : -1;
	return i < 0 ? NULL : &m->metrics[i];
}

int model_area(const struct model *m, const char *code, size_t len)
{
	return m->area_codes ? hash_get(m->area_codes, code, len) : -1;
}

const struct obs *model_series(const struct metric *mt, int area, int asof_end, size_t *n)
{
	size_t lo = 0, hi = mt->n_obs, end;

	/* first obs of the area (sorted by area) */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (mt->obs[mid].area < area)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < mt->n_obs && mt->obs[end].area == area &&
	     period_end_month(&mt->obs[end].period) <= asof_end; end++)
		;
	*n = end - lo;
	return mt->obs ? mt->obs + lo : NULL;
}

const struct obs *model_latest(const struct obs *o, size_t n)
{
	while (n--)
		if (o[n].flags & (OBS_VALUE | OBS_SUPPRESSED))
			return &o[n];
	return NULL;
}

int model_last_data_month(const struct model *m)
{
	int last = -1;
	size_t i, k;
	for (i = 0; i < m->n_metrics; i++)
		for (k = 0; k < m->metrics[i].n_obs; k++) {
			const struct obs *o = &m->metrics[i].obs[k];
			int e = period_end_month(&o->period);
			if ((o->flags & (OBS_VALUE | OBS_SUPPRESSED)) && e > last)
				last = e;
		}
	return last;
}

int model_first_data_month(const struct model *m)
{
	int first = INT_MAX;
	size_t i, k;
	for (i = 0; i < m->n_metrics; i++)
		for (k = 0; k < m->metrics[i].n_obs; k++) {
			const struct obs *o = &m->metrics[i].obs[k];
			int e = period_end_month(&o->period);
			if ((o->flags & (OBS_VALUE | OBS_SUPPRESSED)) && e < first)
				first = e;
		}
	return first == INT_MAX ? -1 : first;
}
