#include "model.h"
#include "arena.h"
#include "catalogue.h"
#include "datafile.h"
#include "diag.h"
#include "fsread.h"
#include "hash.h"
#include "settings.h"
#include "validate.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

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

/* The names of the *.csv files in dir, sorted so that builds do not
 * depend on the file system's order.  NULL on I/O failure (reported). */
static char **list_csv(struct model *m, const char *dir, size_t *n)
{
	size_t all, i;
	char **names = fs_list(m->a, dir, 0, &all);

	*n = 0;
	if (!names) {
		if (errno == ENOENT) {
			diag_error(dir, 0, 0, "no data folder: put the data files in %s/", dir);
			return NULL;
		}
		diag_io(dir, "cannot open folder", errno);
		return NULL;
	}
	for (i = 0; i < all; i++) {
		size_t len = strlen(names[i]);
		if (len >= 5 && !strcasecmp(names[i] + len - 4, ".csv"))
			names[(*n)++] = names[i];
	}
	return names;
}

/* The area index that setting 'name = code' of site.ini names, or -1 when
 * it is not set, or names no area (reported at). */
static int setting_area(struct model *m, const char *name, const char *code, struct setting_at at)
{
	int i;

	if (!*code)
		return -1;
	i = model_area(m, code, strlen(code));
	if (i < 0)
		diag_error(model_path(m, "site.ini"), at.line, at.col,
			   "%s '%s' appears in no data file and not in areas.csv", name, code);
	return i;
}

int model_load(struct model *m, struct arena *a, const char *dir)
{
	char **names;
	size_t n, i;
	int before = diag_errors();
	const char *data_dir;

	model_init(m, a, dir);
	settings_load(&m->settings, a, model_path(m, "site.ini"));
	if (catalogue_load(m) < 0)
		return -1;
	if (catalogue_load_areas(m) < 0)
		return -1;
	data_dir = model_path(m, "data");
	names = list_csv(m, data_dir, &n);
	if (!names)
		return -1;
	if (n == 0)
		diag_error(data_dir, 0, 0, "no .csv files: expected at least one data file");
	for (i = 0; i < n; i++)
		datafile_load(m, arena_printf(a, "%s/%s", data_dir, names[i]), names[i]);
	settings_warn_unused(&m->settings, model_path(m, "site.ini"), data_dir);
	datafile_load_plans(m);
	validate_observations(m);

	/* an unreadable data file may be the one that names these areas: say
	 * so only when every file loaded */
	if (diag_errors() > before)
		return -1;
	m->home = setting_area(m, "home_area", m->settings.home_area, m->settings.home_area_at);
	m->benchmark = setting_area(m, "benchmark_area", m->settings.benchmark_area,
				    m->settings.benchmark_area_at);
	for (i = 0; i < m->n_areas; i++)
		if (!m->areas[i].name[0])
			m->areas[i].name = m->areas[i].code;
	return diag_errors() > before ? -1 : 0;
}

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
