/* The driver: load and validate, plan the site, then for each report's
 * metrics and for its own files compute it and hand it to every output,
 * in units that workers share, and publish the site. */
#include "build.h"
#include "arena.h"
#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "hash.h"
#include "inputs.h"
#include "jobs.h"
#include "load.h"
#include "manifest.h"
#include "markdown.h"
#include "model.h"
#include "narrative.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "reuse.h"
#include "site.h"
#include "sitemap.h"
#include "validate.h"
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Every output, in the order they run for each metric. */
static const struct output *const outputs[] = { &output_charts, &output_download, &output_html, &output_social };
#define N_OUTPUTS (sizeof(outputs) / sizeof(*outputs))

struct build {
	const struct build_opts *o;
	struct arena *a;
	struct model m;
	struct narrative nv;		/* standing pages and commentary, read once */
	struct sitemap map;
	struct figures fig;		/* each figure's statistics, once */
	struct inputs in;		/* what each page is made from */
	struct manifest *mf;		/* the previous build's */
	const struct changes *chg;	/* what changed since it */
	struct site site;
	struct progress_line prog;
	struct publish pub;
	void *out[N_OUTPUTS];		/* each output's state, once open */
	int jobs;
	struct report_shared *shared;	/* funnels, from metric units to reports' */
	struct report cur;		/* the quarter this process works on */
	size_t cur_q;
	int has_cur;
};

/* ---- the units of work ---- */

/* Did the previous build make page m of this report folder from the same
 * inputs: what every page shows, and what is the page's own? */
static int unchanged(const struct build *b, const struct place *pl, size_t m)
{
	uint64_t h;

	return !b->o->force && b->chg->every_page_same &&
	       manifest_lookup(b->mf, pl->folder, m < b->m.n_metrics ? b->m.metrics[m].id : "@report", &h) &&
	       h == inputs_own(&b->in, pl->slot, pl->q, m);
}

/* The files every output writes for one metric. */
static size_t metric_files(const struct build *b, struct arena *a, const struct place *pl,
			   const struct report_metric *rm, int with_page, const char **files)
{
	size_t i, n = 0;

	for (i = 0; i < N_OUTPUTS; i++) {
		size_t before = n;
		if (outputs[i]->files)
			outputs[i]->files(b->out[i], a, pl, rm, with_page, files, &n);
		if (n - before > OUTPUT_MAX_FILES)
			BUG("output %s names %zu files for one metric, more than OUTPUT_MAX_FILES",
			    outputs[i]->name, n - before);
	}
	return n;
}

/* Take one metric's files whole from the last build when its inputs are
 * unchanged and every file is as that build left it: only which files it
 * has is worked out (the funnel's limits are not), *rm's figures are not
 * to be shown.  1 when taken. */
static int take_unchanged(struct build *b, struct arena *a, struct arena *scratch, const struct place *pl,
			  struct report *r, const struct metric *mt, struct report_metric *rm)
{
	const char *files[OUTPUT_MAX_FILES * N_OUTPUTS];
	size_t n;
	int rc;

	if (!unchanged(b, pl, (size_t)mt->index))
		return 0;
	r->no_limits = 1;
	report_metric(r, mt, pl->area, a, scratch, rm);
	r->no_limits = 0;
	n = metric_files(b, a, pl, rm, 1, files);
	rc = reuse_take(&b->site, b->mf, b->o->out_dir, pl->folder, files, n, &b->prog, a) == 0;
	arena_reset(scratch);
	return rc;
}

/* Failing that, its charts and download from an earlier report of this
 * worker's group that showed the same figures. */
static enum made take_shared(struct build *b, struct arena *a, const struct place *pl,
			     const struct report_metric *rm, const char **from)
{
	const char *files[OUTPUT_MAX_FILES * N_OUTPUTS];
	size_t n, shared = b->map.same_as[pl->q * b->m.n_metrics + (size_t)rm->mt->index];

	if (shared < pl->q && b->map.group[shared] == b->map.group[pl->q]) {
		n = metric_files(b, a, pl, rm, 0, files);
		*from = arena_printf(a, "%s%s", pl->dir, words_period_slug(a, &b->map.quarters[shared]));
		if (reuse_share(&b->site, *from, pl->folder, files, n, a) == 0)
			return MADE_SHARED;
	}
	*from = NULL;
	return MADE_NEW;
}

/* The report's own files from the last build, when nothing it shows has
 * changed. */
static int take_report(struct build *b, struct arena *a, const struct place *pl)
{
	/* with base_url, the social preview and the feed's summary too */
	const char *files[] = { "index.html", "print.html", "print.css", "data.csv", "card.png", "headlines.txt" };
	size_t n = *b->m.settings.base_url ? 6 : 4;

	return unchanged(b, pl, b->m.n_metrics) &&
	       reuse_take(&b->site, b->mf, b->o->out_dir, pl->folder, files, n, &b->prog, a) == 0;
}

/* Metric mt of report r in every slot's folder, through every output. */
static int metric_unit(struct build *b, struct report *r, size_t q, const struct metric *mt)
{
	struct arena a, scratch;
	size_t slot, k;
	int rc = 0;

	arena_init(&a);
	arena_init(&scratch);
	for (slot = 0; slot < b->map.n_slots && rc == 0; slot++) {
		struct place pl;
		struct report_metric rm;
		const char *from;
		enum made how;

		sitemap_place(&b->map, &a, slot, q, &pl);
		if (take_unchanged(b, &a, &scratch, &pl, r, mt, &rm)) {
			how = MADE_REUSED;
			from = arena_printf(&a, "%s/%s", b->o->out_dir, pl.folder);
		} else {
			report_metric(r, mt, pl.area, &a, &scratch, &rm);
			how = take_shared(b, &a, &pl, &rm, &from);
		}
		for (k = 0; k < N_OUTPUTS && rc == 0; k++)
			if (outputs[k]->metric && outputs[k]->metric(b->out[k], &pl, &rm, how, from, &a) < 0)
				rc = -1;
		arena_reset(&scratch);
		arena_reset(&a);
	}
	arena_release(&scratch);
	arena_release(&a);
	return rc;
}

/* The own files of report r's folder in every slot: every metric worked
 * out again here (the figures' statistics are the build's, made before
 * the workers; the funnels' limits come from the metric units through
 * r->shared).  It runs after every metric unit, so the metrics' files are
 * in the new site (data.csv is made of their downloads). */
static int report_unit(struct build *b, struct report *r, size_t q)
{
	struct arena a, scratch;
	size_t slot, i, k, n = b->m.n_metrics;
	int rc = 0;

	arena_init(&a);
	arena_init(&scratch);
	for (slot = 0; slot < b->map.n_slots && rc == 0; slot++) {
		struct place pl;
		struct report_metric *rms = NULL;
		int taken;

		sitemap_place(&b->map, &a, slot, q, &pl);
		taken = take_report(b, &a, &pl);
		if (!taken) {
			rms = arena_alloc(&a, n * sizeof(*rms));
			for (i = 0; i < n; i++) {
				report_metric(r, &b->m.metrics[i], pl.area, &a, &scratch, &rms[i]);
				arena_reset(&scratch);
			}
		}
		for (k = 0; k < N_OUTPUTS && rc == 0; k++)
			if (outputs[k]->report &&
			    outputs[k]->report(b->out[k], &pl, rms, taken ? 0 : n, taken, &a) < 0)
				rc = -1;
		arena_reset(&a);
	}
	arena_release(&scratch);
	arena_release(&a);
	return rc;
}

/* The report of quarter q, kept while this process runs units of q: a
 * worker runs its units in order, so those of one quarter come one after
 * another and share its held series and worked-out funnels. */
static struct report *quarter_report(struct build *b, size_t q)
{
	if (b->has_cur && b->cur_q == q)
		return &b->cur;
	if (b->has_cur)
		report_release(&b->cur);
	report_init(&b->cur, &b->m, &b->fig, b->map.area_order, b->map.has_slot, &b->map.quarters[q]);
	report_share(&b->cur, b->shared, q);
	b->cur_q = q;
	b->has_cur = 1;
	return &b->cur;
}

/* The metric units: unit u is metric u % n_metrics of quarter
 * u / n_metrics, from every slot's side. */
static int run_metric_unit(void *ctx, size_t u)
{
	struct build *b = ctx;
	size_t q = u / b->m.n_metrics;

	return metric_unit(b, quarter_report(b, q), q, &b->m.metrics[u % b->m.n_metrics]);
}

/* A metric's units of one group of reports go to one worker, in order
 * (each may share the one before's files).  A group's metrics are dealt
 * to the workers in turn, so that a quarter's, a new quarter's too, are
 * spread over them all; and each group starts one worker further on, so
 * that a dear metric does not fall to the same worker in every group
 * (as it would with jobs dividing the number of metrics). */
static int metric_worker(const void *ctx, size_t u, int jobs)
{
	const struct build *b = ctx;
	size_t q = u / b->m.n_metrics;

	return (int)((b->map.group[q] + u % b->m.n_metrics) % (size_t)jobs);
}

/* The report units, after every metric unit: unit q is quarter q's report
 * folders' own files. */
static int run_report_unit(void *ctx, size_t q)
{
	struct build *b = ctx;
	struct report *r = quarter_report(b, q);
	int rc;

	/* its pages draw no funnel: the limits at each area, taken from the
	 * metric's unit */
	r->no_curves = 1;
	rc = report_unit(b, r, q);
	r->no_curves = 0;
	return rc;
}

/* A group's reports to one worker, in order: the download rows one
 * makes, the next may show again. */
static int report_worker(const void *ctx, size_t q, int jobs)
{
	const struct build *b = ctx;

	return (int)(b->map.group[q] % (size_t)jobs);
}

/* Every metric unit, then every report unit, on the workers. */
static int run_units(struct build *b)
{
	int jobs = b->jobs, rc;

	b->shared = report_shared_open(b->map.n_quarters, b->m.n_metrics);
	rc = jobs_run(b->map.n_quarters * b->m.n_metrics, &b->jobs, run_metric_unit, metric_worker, b, &b->prog);
	if (rc == 0)
		rc = jobs_run(b->map.n_quarters, &jobs, run_report_unit, report_worker, b, &b->prog);
	/* the summary: the most that worked at once */
	b->jobs = b->jobs > jobs ? b->jobs : jobs;
	if (b->has_cur) {
		report_release(&b->cur);
		b->has_cur = 0;
	}
	report_shared_close(b->shared);
	b->shared = NULL;
	return rc;
}

/* ---- the whole build ---- */

/* A file of someone's where the new site puts one of its own (a folder
 * named like a new report) is theirs: refused before any work.  What the
 * last build's manifest lists as written is bcfgen's, with or without
 * the list of names the site keeps (site_foreign). */
static int in_the_way(struct build *b)
{
	struct arena a;
	size_t i, nq = b->map.n_quarters;
	int rc = 0;
	int social = *b->m.settings.base_url != '\0';	/* social.c's files too */
	const char *fixed[] = { "index.html", "data.csv", "assets", b->o->all_areas ? "areas" : NULL,
				social ? "feed.xml" : NULL, social ? "sitemap.xml" : NULL, social ? "robots.txt" : NULL };
	size_t nf = sizeof(fixed) / sizeof(*fixed);

	arena_init(&a);
	for (i = 0; i < nq + b->nv.n_pages + nf; i++) {
		const char *name = i < nf ? fixed[i]
			: i < nf + nq ? words_period_slug(&a, &b->map.quarters[i - nf])
			: arena_printf(&a, "%s.html", b->nv.pages[i - nf - nq].name);
		if (name && site_foreign(&b->site, name)) {
			diag_error(arena_printf(&a, "%s/%s", b->o->out_dir, name), 0, 0,
				   "this was not made by bcfgen, and the new site puts its own here: move or "
				   "rename it (nothing was changed)");
			rc = -1;
		}
	}
	arena_release(&a);
	return rc;
}

/* Load and check everything before anything is written; every problem is
 * reported, in the order of the inputs. */
static int load(struct build *b)
{
	const struct build_opts *o = b->o;
	size_t i;
	int rc = 0;

	if (load_model(&b->m, b->a, o->metrics_dir) < 0 ||
	    sitemap_plan(&b->map, b->a, &b->m, o->metrics_dir, &o->last_quarter) < 0)
		return -1;
	validate_out_of_date(&b->m, &b->map.quarters[b->map.n_quarters - 1]);
	narrative_notes(&b->nv, b->a, &b->m, o->metrics_dir, b->map.quarters, b->map.n_quarters);
	for (i = 0; i < b->m.n_metrics; i++)
		if (*b->m.metrics[i].definition &&
		    markdown_check(arena_printf(b->a, "%s/metrics.csv", o->metrics_dir), b->m.metrics[i].line,
				   b->m.metrics[i].definition, strlen(b->m.metrics[i].definition)) < 0)
			rc = -1;
	if (narrative_pages(&b->nv, b->a, o->metrics_dir) < 0)
		rc = -1;
	if (o->check_only)
		return rc;
	b->pub = (struct publish){ &b->m, &b->map, &b->nv, &b->site, &b->prog, o->templates_dir, o->all_areas,
				  &b->fig };
	for (i = 0; i < N_OUTPUTS; i++)
		if (outputs[i]->open && !(b->out[i] = outputs[i]->open(&b->pub)))
			rc = -1;
	/* the assets refused now, not after every page is built (and not
	 * hashed round a symbolic link loop) */
	if (site_copy_tree(NULL, o->assets_dir, "assets") < 0)
		rc = -1;
	return rc;
}

/* The hash of every page's inputs, and what changed since the last build
 * (*r); 1 when the site in out_dir was made from exactly these and is as
 * that build left it. */
static int plan(struct build *b, struct build_result *r)
{
	uint64_t common = HASH_INIT, h;
	size_t i;

	for (i = 0; i < N_OUTPUTS; i++)
		if (outputs[i]->inputs)
			outputs[i]->inputs(b->out[i], &common);
	inputs_hash(&b->in, b->a, &b->m, &b->map, &b->nv, b->o->metrics_dir, b->o->assets_dir, b->o->all_areas,
		    common);
	b->prog.pages_total = (long)(b->map.n_slots * b->map.n_quarters * (b->m.n_metrics + 2) + 1 +
				     b->nv.n_pages) + (b->o->all_areas ? (long)b->map.n_slots : 0);
	changes_find(&r->changes, &r->keep, b->mf, &b->in, &b->map, &b->m);
	b->chg = &r->changes;
	if (b->o->force)
		return 0;
	return manifest_lookup(b->mf, "@site", "@all", &h) && h == b->in.site &&
	       manifest_outputs_intact(b->mf, &b->site);
}

/* What the next build needs to know of this one. */
static int write_manifest(struct build *b)
{
	struct buf out;
	size_t q, m, slot;
	int rc;

	buf_init(&out);
	manifest_begin(&out, b->in.site);
	for (m = 0; m < INPUTS_N_PARTS; m++)
		manifest_page(&out, "@common", inputs_part_key[m], b->in.part[m]);
	for (slot = 0; slot < b->map.n_slots; slot++)
		for (q = 0; q < b->map.n_quarters; q++) {
			char slug[PERIOD_TEXT_MAX], dir[PERIOD_TEXT_MAX + 256];
			period_slug(&b->map.quarters[q], slug);
			snprintf(dir, sizeof(dir), "%s%s", b->map.slot_dir[slot], slug);
			for (m = 0; m <= b->m.n_metrics; m++)
				manifest_page(&out, dir, m < b->m.n_metrics ? b->m.metrics[m].id : "@report",
					      inputs_own(&b->in, slot, q, m));
			/* for the summary: only the home reports show it */
			if (slot == 0)
				manifest_page(&out, dir, "@intro", b->in.intro[q]);
		}
	manifest_files(&out, &b->site);
	rc = site_write(&b->site, MANIFEST_NAME, out.s, out.len);
	buf_release(&out);
	return rc;
}

/* Every report's units on the workers, then the site's own files, into
 * the temporary site; swapped in only when everything succeeded. */
static int publish(struct build *b)
{
	size_t i;
	int rc = site_begin(&b->site);

	/* before the workers fork: once per build, shared by all */
	report_figures(b->a, &b->m, &b->fig);
	if (rc == 0)
		rc = run_units(b);
	for (i = 0; i < N_OUTPUTS && rc == 0; i++)
		if (outputs[i]->site)
			rc = outputs[i]->site(b->out[i]);
	if (rc == 0)
		rc = site_copy_tree(&b->site, b->o->assets_dir, "assets");
	if (rc == 0)
		rc = write_manifest(b);
	if (rc == 0 && diag_errors() == 0) {
		rc = site_commit(&b->site);
		progress_clear(&b->prog);
		return rc;
	}
	progress_clear(&b->prog);
	site_abort(&b->site);
	return -1;
}

int build_run(const struct build_opts *o, struct build_result *r)
{
	struct arena a;
	struct build b;
	size_t i;
	int rc = -1;
	enum site_refusal refused = SITE_OK;

	memset(&b, 0, sizeof(b));
	memset(r, 0, sizeof(*r));
	arena_init(&r->keep);
	b.o = o;
	b.a = &a;
	progress_init(&b.prog, !o->quiet && isatty(2));
	b.jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (b.jobs < 1)
		b.jobs = 1;
	arena_init(&a);
	b.site.lock_fd = -1;
	if (!o->check_only) {
		/* the output path first: nothing is read or built for a
		 * folder that will not be replaced */
		const char *inputs[] = { o->metrics_dir, o->templates_dir, o->assets_dir, NULL };
		refused = site_open(&b.site, o->out_dir, inputs, !o->no_wait, o->quiet);
		site_on_stop(jobs_stop);
		if (refused != SITE_OK)
			goto out;
	}
	if (load(&b) < 0 || diag_errors())
		goto out;
	rc = 0;
	if (o->check_only)
		goto out;
	/* a note, once: not a warning, as a site need not be published */
	if (!o->quiet && !*b.m.settings.base_url)
		fprintf(stderr, "bcfgen: note: site.ini sets no base_url, so no feed.xml, sitemap.xml or robots.txt "
			"is written and the pages have no canonical or social-preview tags\n");
	rc = -1;
	/* read with --force too: the summary says what changed */
	b.mf = manifest_read(&a, o->out_dir);
	b.site.mf = b.mf;
	if (in_the_way(&b) < 0) {
		refused = SITE_REFUSED;
		goto out;
	}
	if (sitemap_slots(&b.map, &a, &b.m, o->all_areas) < 0)
		goto out;
	r->reports = b.map.n_quarters * b.map.n_slots;
	/* made from exactly these inputs: leave it be */
	r->unchanged = plan(&b, r);
	rc = r->unchanged ? 0 : publish(&b);
out:
	r->refused = refused == SITE_REFUSED ? 2 : refused == SITE_FAILED ? 3 : 0;
	r->failed = rc < 0;
	r->pages = b.prog.pages - b.prog.pages_taken;
	r->charts = b.prog.charts;
	r->reused = b.prog.reused;
	r->jobs = b.jobs;
	r->seconds = progress_seconds(&b.prog);
	if (getenv("BCFGEN_TEST_COUNT_SERIES"))
		fprintf(stderr, "bcfgen: %lu series worked out\n", report_series_count());
	if (!o->check_only)
		site_close(&b.site);
	for (i = 0; i < N_OUTPUTS; i++)
		if (b.out[i])
			outputs[i]->close(b.out[i]);
	narrative_release(&b.nv);
	arena_release(&a);
	return rc;
}

void build_result_release(struct build_result *r)
{
	arena_release(&r->keep);
}
