/* Loading, stage by stage, in the order its diagnostics come: settings,
 * catalogue and areas, data files, plans, annotations, validation. */
#include "load.h"
#include "annotations.h"
#include "arena.h"
#include "buf.h"
#include "cell.h"
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

/* Up to this many names in a message listing what exists. */
#define LOAD_LIST_MAX 8

/* b's text, copied into a; b released. */
static const char *keep_text(struct arena *a, struct buf *b)
{
	const char *s = arena_strdup(a, b->s);
	buf_release(b);
	return s;
}

/* The groups areas.csv names, each once, in order of first mention, as
 * "'A', 'B' and 3 more" in a. */
static const char *group_list(const struct model *m, struct arena *a)
{
	struct buf b;
	size_t i, k, n = 0, shown = 0;

	buf_init(&b);
	for (i = 0; i < m->n_areas; i++)
		for (k = 0; k < m->areas[i].n_groups; k++) {
			const char *g = m->areas[i].groups[k];
			size_t j, l;
			int seen = 0;
			for (j = 0; j <= i && !seen; j++)
				for (l = 0; l < (j == i ? k : m->areas[j].n_groups) && !seen; l++)
					seen = !strcmp(m->areas[j].groups[l], g);
			if (seen)
				continue;
			if (n++ < LOAD_LIST_MAX)
				buf_printf(&b, "%s'%s'", shown++ ? ", " : "", g);
		}
	if (!n) {
		buf_release(&b);
		return "none: areas.csv has no 'group' column, or it is blank";
	}
	if (n > LOAD_LIST_MAX)
		buf_printf(&b, " and %zu more", n - LOAD_LIST_MAX);
	return keep_text(a, &b);
}

/* The first few area codes, as "E1, E2 and 3 more", in a. */
static const char *code_list(const struct model *m, struct arena *a)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	for (i = 0; i < m->n_areas && i < LOAD_LIST_MAX; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", m->areas[i].code);
	if (m->n_areas > LOAD_LIST_MAX)
		buf_printf(&b, " and %zu more", m->n_areas - LOAD_LIST_MAX);
	return keep_text(a, &b);
}

/* [compare] group: every area of the group in areas.csv; 0 or -1. */
static int peers_of_group(struct model *m, const char *group, struct setting_at at)
{
	size_t i, k;
	int any = 0;

	for (i = 0; i < m->n_areas; i++)
		for (k = 0; k < m->areas[i].n_groups; k++)
			if (!strcmp(m->areas[i].groups[k], group))
				m->peer[i] = 1, any = 1;
	if (any)
		return 0;
	diag_error(model_path(m, "site.ini"), at.line, at.col, "group '%s' is not in areas.csv: expected "
		   "a group its 'group' column names: %s", group, group_list(m, m->a));
	return -1;
}

/* [compare] areas: codes separated by ';' (or ','); 0 or -1. */
static int peers_of_codes(struct model *m, const char *text, struct setting_at at)
{
	const char *p = text;
	int rc = 0;

	while (*p) {
		size_t len = strcspn(p, ";,");
		const char *s = p;
		int i;
		cell_trim(&s, &len);
		if (len) {
			i = model_area(m, s, len);
			if (i >= 0)
				m->peer[i] = 1;
			else {
				diag_error(model_path(m, "site.ini"), at.line, at.col + (int)(s - text),
					   "area '%.*s' in [compare] areas is in no data file and not in areas.csv: "
					   "expected one of %s", (int)(len > 64 ? 64 : len), s, code_list(m, m->a));
				rc = -1;
			}
		}
		p += strcspn(p, ";,");
		if (*p)
			p++;
	}
	return rc;
}

/* The areas every comparison uses, from [compare] in site.ini, into
 * m->peer: the home area always among them. */
static void load_peers(struct model *m)
{
	const struct settings *s = &m->settings;
	size_t i;
	int rc;

	if (!*s->compare_group && !*s->compare_areas)
		return;
	m->peer = arena_alloc(m->a, m->n_areas ? m->n_areas : 1);
	memset(m->peer, 0, m->n_areas);
	if (*s->compare_group) {
		rc = peers_of_group(m, s->compare_group, s->compare_group_at);
		m->peer_label = s->compare_group;
	} else
		rc = peers_of_codes(m, s->compare_areas, s->compare_areas_at);
	if (rc < 0) {
		m->peer = NULL;
		return;
	}
	if (m->home >= 0)
		m->peer[m->home] = 1;
	for (i = 0; i < m->n_areas; i++)
		m->n_peers += m->peer[i] && (int)i != m->benchmark;
}

/* With areas.csv, the areas no data file nor areas.csv names, said once
 * (not at each row: their rows are loaded): their codes stand for their
 * names on every page.  Without areas.csv codes are names, as before. */
static void warn_unnamed(struct model *m)
{
	struct buf b;
	size_t i, n = 0;

	if (!m->has_area_list)
		return;
	buf_init(&b);
	for (i = 0; i < m->n_areas; i++)
		if (!m->areas[i].name[0] && n++ < 3)
			buf_printf(&b, "%s%s", n > 1 ? ", " : "", m->areas[i].code);
	if (!n) {
		buf_release(&b);
		return;
	}
	if (n > 3)
		buf_printf(&b, " and %zu more", n - 3);
	diag_warning(model_path(m, "areas.csv"), 0, 0, "%zu area%s ha%s no name in "
		     "areas.csv or any data file (%s): the pages show %s code%s; add %s to areas.csv",
		     n, n == 1 ? "" : "s", n == 1 ? "s" : "ve", b.s, n == 1 ? "its" : "their",
		     n == 1 ? "" : "s", n == 1 ? "it" : "them");
	buf_release(&b);
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
	load_peers(m);
	warn_unnamed(m);
	for (i = 0; i < m->n_areas; i++)
		if (!m->areas[i].name[0])
			m->areas[i].name = m->areas[i].code;
	validate_plans(m);
	return diag_errors() > before ? -1 : 0;
}
