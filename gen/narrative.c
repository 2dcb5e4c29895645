#include "narrative.h"
#include "arena.h"
#include "csvread.h"
#include "diag.h"
#include "fsread.h"
#include "hash.h"
#include "input.h"
#include "markdown.h"
#include "model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_optional(const char *dir, const char *path, size_t *len)
{
	char *s = input_read(dir, path, MARKDOWN_MAX_SIZE, len);
	if (s && csvread_utf8_check(s, *len) < *len) {
		diag_error(path, 0, 0, "not valid UTF-8: re-save the file as UTF-8");
		free(s);
		return NULL;
	}
	return s;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a > b && !strcmp(s + a - b, suffix);
}

static int note_cmp(const void *x, const void *y)
{
	return strcmp(((const struct narrative_note *)x)->key, ((const struct narrative_note *)y)->key);
}

int narrative_pages(struct narrative *nv, struct arena *a, const char *metrics_dir)
{
	const char *dir = arena_printf(a, "%s/pages", metrics_dir);
	size_t n, i;
	char **names = fs_list(a, dir, 0, &n);
	int rc = 0;

	nv->pages = arena_alloc(a, (n + 1) * sizeof(*nv->pages));
	for (i = 0; i < n; i++) {
		struct narrative_page *p = &nv->pages[nv->n_pages];
		size_t stem;
		char *title;
		if (!ends_with(names[i], ".md"))
			continue;
		stem = strlen(names[i]) - 3;
		p->path = arena_printf(a, "%s/%s", dir, names[i]);
		if (!model_valid_id(names[i], stem) || (stem == 5 && !strncmp(names[i], "index", 5))) {
			diag_error(p->path, 0, 0, "'%s' is not a usable page name: expected a-z, 0-9, '_' and '-' "
				   "(it names the page's file), and not 'index'", names[i]);
			rc = -1;
			continue;
		}
		p->name = arena_strndup(a, names[i], stem);
		p->src = read_optional(dir, p->path, &p->len);
		if (!p->src || markdown_check(p->path, 1, p->src, p->len) < 0) {
			free(p->src);
			p->src = NULL;
			rc = -1;
			continue;
		}
		title = markdown_title(p->src, p->len);
		p->has_h1 = title != NULL;
		p->title = arena_strdup(a, title ? title : p->name);
		free(title);
		nv->n_pages++;
	}
	return rc;
}

static const struct narrative_note *find(const struct narrative *nv, const char *slug, const char *name);

/* The latest report without an introduction, when an earlier one had
 * one: often a new quarter's report, its commentary not yet written. */
static void warn_latest_intro(const struct narrative *nv, struct arena *a, const char *dir,
			      const struct period *quarters, size_t n_quarters)
{
	char slug[PERIOD_TEXT_MAX], label[PERIOD_TEXT_MAX], last[PERIOD_TEXT_MAX];
	size_t k;

	if (!n_quarters)
		return;
	period_slug(&quarters[n_quarters - 1], slug);
	if (find(nv, slug, "index"))
		return;
	for (k = n_quarters - 1; k-- > 0;) {
		period_slug(&quarters[k], last);
		if (find(nv, last, "index"))
			break;
	}
	if (k == (size_t)-1)
		return;
	period_label(&quarters[n_quarters - 1], label);
	period_label(&quarters[k], last);
	diag_warning(arena_printf(a, "%s/%s/index.md", dir, slug), 0, 0,
		     "the latest report, %s, has no commentary (the last report with some is %s): "
		     "write it in this file", label, last);
}

/* Warn about narrative that no report will show: a folder that is not a
 * quarter, a file that names no metric.  Refuse what build would: files
 * that are not plain files inside narrative/, too large, or Markdown that
 * would take too long to render. */
void narrative_notes(struct narrative *nv, struct arena *a, const struct model *m, const char *metrics_dir,
		     const struct period *quarters, size_t n_quarters)
{
	const char *dir = arena_printf(a, "%s/narrative", metrics_dir);
	size_t n, i, k, nf;
	char **names = fs_list(a, dir, 0, &n);

	for (i = 0; i < n; i++) {
		struct period p;
		const char *sub = arena_printf(a, "%s/%s", dir, names[i]);
		char **files;
		char slug[PERIOD_TEXT_MAX];
		int found = 0;

		if (period_parse(names[i], strlen(names[i]), PERIOD_QUARTER, &p) < 0 || p.kind != PERIOD_QUARTER ||
		    (period_slug(&p, slug), strcmp(slug, names[i]))) {
			diag_warning(sub, 0, 0, "not a quarter folder: expected a name such as '2018-19-q2'");
			continue;
		}
		for (k = 0; k < n_quarters; k++)
			if (!period_cmp(&quarters[k], &p))
				found = 1;
		if (!found)
			diag_warning(sub, 0, 0, "no report for %s: this narrative is not published", slug);
		if (input_check(dir, sub, 1) < 0) {
			if (errno == ENOENT)
				diag_io(sub, "cannot read", errno);
			continue;
		}
		files = fs_list(a, sub, 0, &nf);
		for (k = 0; k < nf; k++) {
			size_t stem = strlen(files[k]) - 3, len;
			const char *path = arena_printf(a, "%s/%s", sub, files[k]);
			char *md;
			if (ends_with(files[k], ".md") && (md = read_optional(dir, path, &len))) {
				/* kept for the reports that show it */
				markdown_check(path, 1, md, len);
				nv->notes = arena_grow(a, nv->notes, sizeof(*nv->notes), &nv->cap_notes, nv->n_notes + 1);
				nv->notes[nv->n_notes].key = arena_printf(a, "%s/%.*s", names[i], (int)stem, files[k]);
				nv->notes[nv->n_notes].src = md;
				nv->notes[nv->n_notes++].len = len;
			}
			if (!ends_with(files[k], ".md")) {
				diag_warning(arena_printf(a, "%s/%s", sub, files[k]), 0, 0,
					     "ignored: narrative files end in .md");
				continue;
			}
			if (!(stem == 5 && !strncmp(files[k], "index", 5)) && !model_metric(m, files[k], stem))
				diag_warning(arena_printf(a, "%s/%s", sub, files[k]), 0, 0,
					     "'%.*s' is not a metric in metrics.csv: this commentary is not published",
					     (int)stem, files[k]);
		}
	}
	if (nv->n_notes)
		qsort(nv->notes, nv->n_notes, sizeof(*nv->notes), note_cmp);
	warn_latest_intro(nv, a, dir, quarters, n_quarters);
}

static const struct narrative_note *find(const struct narrative *nv, const char *slug, const char *name)
{
	struct narrative_note key;
	char k[PERIOD_TEXT_MAX + 80];

	snprintf(k, sizeof(k), "%s/%s", slug, name);
	key.key = k;
	return nv->n_notes ? bsearch(&key, nv->notes, nv->n_notes, sizeof(key), note_cmp) : NULL;
}

const char *narrative_note(const struct narrative *nv, const char *slug, const char *name, size_t *len)
{
	const struct narrative_note *n = find(nv, slug, name);
	if (!n)
		return NULL;
	*len = n->len;
	return n->src;
}

void narrative_hash(const struct narrative *nv, uint64_t *h, const char *slug, const char *name)
{
	const struct narrative_note *n = find(nv, slug, name);
	if (n)
		hash_add(h, n->src, n->len);
	hash_add(h, "|", 1);
}

void narrative_release(struct narrative *nv)
{
	size_t i;
	for (i = 0; i < nv->n_pages; i++)
		free(nv->pages[i].src);
	for (i = 0; i < nv->n_notes; i++)
		free(nv->notes[i].src);
	nv->n_pages = nv->n_notes = 0;
}
