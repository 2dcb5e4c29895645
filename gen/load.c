/* Loading, stage by stage, in the order its diagnostics come: settings,
 * catalogue and areas, data files, plans, annotations, validation. */
#include "load.h"
#include "annotations.h"
#include "arena.h"
#include "catalogue.h"
#include "datafile.h"
#include "diag.h"
#include "fsread.h"
#include "model.h"
#include "settings.h"
#include "validate.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

/* The names of the *.csv, *.xlsx and *.ods files in dir, sorted so that builds do not
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
		if ((len >= 5 && !strcasecmp(names[i] + len - 4, ".csv")) ||
		    (len >= 5 && !strcasecmp(names[i] + len - 4, ".ods")) ||
		    (len >= 6 && !strcasecmp(names[i] + len - 5, ".xlsx")))
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

/* The catalogue, the areas and each data file, into m; -1 when one cannot
 * be read (reported).  *data_dir: the data folder. */
static int load_files(struct model *m, struct arena *a, const char **data_dir)
{
	char **names;
	size_t n, i;

	if (catalogue_load(m) < 0)
		return -1;
	if (catalogue_load_areas(m) < 0)
		return -1;
	*data_dir = model_path(m, "data");
	names = list_csv(m, *data_dir, &n);
	if (!names)
		return -1;
	if (n == 0)
		diag_error(*data_dir, 0, 0, "no .csv, .xlsx or .ods files: expected at least one data file");
	for (i = 0; i < n; i++)
		datafile_load(m, arena_printf(a, "%s/%s", *data_dir, names[i]), names[i]);
	return 0;
}

int load_model(struct model *m, struct arena *a, const char *dir)
{
	size_t i;
	int before = diag_errors(), rc;
	const char *data_dir = NULL;

	model_init(m, a, dir);
	settings_load(&m->settings, a, model_path(m, "site.ini"));
	/* files of rows: one cause in many rows is said once */
	diag_group_begin();
	rc = load_files(m, a, &data_dir);
	diag_group_end();
	if (rc < 0)
		return -1;
	settings_warn_unused(&m->settings, model_path(m, "site.ini"), data_dir);
	diag_group_begin();
	datafile_load_plans(m);
	annotations_load(m);
	validate_observations(m);
	diag_group_end();

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
	validate_plans(m);
	return diag_errors() > before ? -1 : 0;
}
