/* bcfgen: Better Care Fund metric CSVs in, a static quarterly site out.
 * The command line; the only file that calls exit. */
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "pdf.h"
#include "period.h"
#include "serve.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BCFGEN_DATADIR
#define BCFGEN_DATADIR "/usr/local/share/bcfgen"
#endif

#ifndef BCFGEN_VERSION
#define BCFGEN_VERSION "0.1.0"
#endif

static const char usage_text[] =
	"usage: bcfgen build [-m METRICS_DIR] [-t TEMPLATES_DIR] [-a ASSETS_DIR] [-o OUT_DIR]\n"
	"                    [--period PERIOD] [-j JOBS] [--all-areas] [--force] [--no-wait]\n"
	"                    [--strict] [-q]\n"
	"       bcfgen check [-m METRICS_DIR] [--strict]\n"
	"       bcfgen pdf [-m METRICS_DIR] [--period PERIOD] [-o FILE] [-q]   (bcfgen pdf --help)\n"
	"       bcfgen serve [-m METRICS_DIR] [-t TEMPLATES_DIR] [-a ASSETS_DIR] [--period PERIOD]\n"
	"                    [-j JOBS] [--all-areas] [--port N] [--bind ADDR] [-q]\n"
	"       bcfgen --help | --version\n";

static const char help_text[] =
	"\n"
	"Turn Better Care Fund metric CSVs into a static HTML site with one report\n"
	"per quarter: a scorecard, a page per metric with its chart, table and\n"
	"commentary, and CSV downloads.\n"
	"\n"
	"Commands:\n"
	"  build        check the inputs, then write the site (default: site/)\n"
	"  check        check the inputs and report every problem; write nothing\n"
	"  pdf          print a quarter's board pack to a tagged PDF with Chromium\n"
	"  serve        build into a private folder, serve it on this machine and\n"
	"               rebuild on every change, for previewing ('bcfgen serve --help')\n"
	"\n"
	"Options:\n"
	"  -m, --metrics DIR    the input folder (default: metrics)\n"
	"  -t, --templates DIR  Mustache templates (default: templates, or the\n"
	"                       installed ones when there is no such folder)\n"
	"  -a, --assets DIR     CSS and icons copied to OUT_DIR/assets (default: assets,\n"
	"                       or the installed ones)\n"
	"  -o, --output DIR     where the site goes (default: site); replaced only\n"
	"                       when the whole build succeeds, and only when it is\n"
	"                       new, empty or a site bcfgen made; files at its top\n"
	"                       that bcfgen did not make (.git, CNAME) are kept\n"
	"      --period QUARTER the last report to build, e.g. '2018-19 Q2'\n"
	"                       (default: the latest quarter with data)\n"
	"  -j, --jobs N         build reports in N worker processes (default: one per\n"
	"                       processor); the output is the same for any N\n"
	"      --all-areas      also every other area's reports, under\n"
	"                       OUT_DIR/areas/<area code>/, with an index of areas\n"
	"      --force          rebuild every page; otherwise pages whose inputs are\n"
	"                       unchanged since the last build are taken from it\n"
	"      --no-wait        when another build is writing OUT_DIR, stop rather\n"
	"                       than wait for it (OUT_DIR.lock is held by a build)\n"
	"      --strict         treat warnings as errors\n"
	"  -q, --quiet          print only warnings and errors (no progress, no summary)\n"
	"  -h, --help           this help\n"
	"  -V, --version        the version\n"
	"\n"
	"Problems are reported as 'file:line:column: error: message'.\n"
	"Exit status: 0 success, 1 bad input, 2 usage error (or an output folder it\n"
	"will not replace), 3 I/O or other failure.\n"
	"SOURCE_DATE_EPOCH, when set, gives the 'generated on' date.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fputs("bcfgen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(usage_text, stderr);
	return 2;
}

/* The templates or assets folder: given (-t, -a), else ./NAME when the
 * working folder has one, else the installed one.  0, or 2 with one
 * message saying where it looked and what to do. */
static int find_folder(const char **dir, int given, const char *name, const char *flag, const char *installed)
{
	struct stat st;

	if (given) {
		if (stat(*dir, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
		fprintf(stderr, "bcfgen: error: the %s folder '%s' (%s) does not exist: give the folder that holds "
			"bcfgen's %s\n", name, *dir, flag, name);
		return 2;
	}
	if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	*dir = installed;
	if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "bcfgen: error: no %s folder: looked for ./%s and %s; run bcfgen from the folder "
		"that holds %s/ (the project's own), give it with %s, or install bcfgen with 'make install'\n",
		name, name, installed, name, flag);
	return 2;
}

/* What changed, by the parts of inputs.h, in the summary. */
static const char *const part_words[] = {
	"the program", "the templates or the charts' font", "site.ini", "the date shown", "the areas",
	"the standing pages' titles", "the list of metrics or their titles", "the standing pages", "the assets",
};
_Static_assert(sizeof(part_words) / sizeof(*part_words) == INPUTS_N_PARTS, "a part of inputs.h has no words");

/* Quarters named in the summary, and metrics listed as changed; the rest
 * are counted. */
#define SUMMARY_QUARTERS 3
#define SUMMARY_METRICS 6

/* 'a', 'a and b', 'a, b and c', 'a, b, c and 2 more' */
static void summary_list(struct buf *b, const char *const *names, size_t n, size_t max)
{
	size_t i, shown = n < max ? n : max;

	for (i = 0; i < shown; i++)
		buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", names[i]);
	if (n > shown)
		buf_printf(b, " and %zu more", n - shown);
}

/* ' (first build)', ' (1 new: 2018-19 Q3)', or nothing */
static void summary_new(struct buf *b, const struct changes *c)
{
	if (c->first) {
		buf_adds(b, " (first build)");
		return;
	}
	if (!c->n_new)
		return;
	buf_printf(b, " (%zu new: ", c->n_new);
	summary_list(b, c->new_quarters, c->n_new_quarters, SUMMARY_QUARTERS);
	if (c->n_new_elsewhere)
		buf_printf(b, "%sother areas' reports", c->n_new_quarters ? "; " : "");
	buf_adds(b, ")");
}

/* '  changed: the date shown, on every page; Falls in 1 report', or
 * nothing */
static void summary_changed(struct buf *b, const struct changes *c)
{
	const char *words[INPUTS_N_PARTS];
	size_t i, every = 0, n = c->n_metrics < SUMMARY_METRICS ? c->n_metrics : SUMMARY_METRICS;
	const char *sep = "";

	if (c->first || (!c->n_parts && !c->n_intros && !c->n_metrics))
		return;
	for (i = 0; i < c->n_parts; i++)
		words[i] = part_words[c->parts[i]];
	while (every < c->n_parts && c->parts[every] < INPUTS_PAGES)
		every++;
	buf_adds(b, "  changed: ");
	if (every) {
		summary_list(b, words, every, INPUTS_N_PARTS);
		buf_adds(b, ", on every page");
		sep = "; ";
	}
	for (i = every; i < c->n_parts; i++, sep = "; ")
		buf_printf(b, "%s%s", sep, words[i]);
	if (c->n_intros) {
		buf_printf(b, "%sthe introduction%s to ", sep, c->n_intros == 1 ? "" : "s");
		summary_list(b, c->intros, c->n_intros, SUMMARY_QUARTERS);
		sep = "; ";
	}
	for (i = 0; i < n; i++, sep = "; ")
		buf_printf(b, "%s%s in %zu report%s", sep, c->metrics[i].name, c->metrics[i].reports,
			   c->metrics[i].reports == 1 ? "" : "s");
	if (c->n_metrics > n)
		buf_printf(b, "; and %zu more metrics", c->n_metrics - n);
	buf_adds(b, "\n");
}

/* Sum up a build (none with -q), and its exit status: 0 success, 1 bad
 * input, 2 an output folder it will not replace, 3 I/O or other failure. */
static int finish(const struct build_opts *o, struct build_result *r, int rc)
{
	int status;

	/* the warnings' counts first: the summary is the last line */
	diag_finish();
	if (rc == 0 && !o->quiet && !o->check_only && r->unchanged) {
		fprintf(stderr, "bcfgen: %zu reports, 0 pages, 0 charts drawn, nothing changed since the last build "
			"of %s/ (--force rebuilds it), in %.1f s\n", r->reports, o->out_dir, r->seconds);
	} else if (rc == 0 && !o->quiet && !o->check_only) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "bcfgen: %zu reports", r->reports);
		summary_new(&b, &r->changes);
		buf_printf(&b, ", %ld pages, %ld charts drawn, %ld files unchanged, in %s/ in %.1f s (%d job%s)\n",
			   r->pages, r->charts, r->reused, o->out_dir, r->seconds, r->jobs, r->jobs == 1 ? "" : "s");
		summary_changed(&b, &r->changes);
		fputs(b.s, stderr);
		buf_release(&b);
	}
	build_result_release(r);
	status = diag_io_errors() ? 3 : diag_errors() ? 1 : 0;
	if (r->refused)
		status = r->refused;
	else if (r->failed && status == 0)
		status = 3;
	return status;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "metrics", required_argument, NULL, 'm' },
		{ "templates", required_argument, NULL, 't' },
		{ "assets", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "period", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "strict", no_argument, NULL, 's' },
		{ "force", no_argument, NULL, 'f' },
		{ "all-areas", no_argument, NULL, 'A' },
		{ "no-wait", no_argument, NULL, 'W' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct build_opts o;
	struct build_result r;
	const char *cmd;
	int ch, check, t_given = 0, a_given = 0;

	memset(&o, 0, sizeof(o));
	o.metrics_dir = "metrics";
	o.templates_dir = "templates";
	o.assets_dir = "assets";
	o.out_dir = "site";
	o.jobs = 0;
	o.last_quarter.kind = PERIOD_NONE;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs(usage_text, stdout);
		fputs(help_text, stdout);
		return 0;
	}
	if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		puts("bcfgen " BCFGEN_VERSION);
		return 0;
	}
	if (argc < 2)
		return usage_error("%s", "no command given");
	cmd = argv[1];
	if (!strcmp(cmd, "build"))
		check = 0;
	else if (!strcmp(cmd, "check"))
		check = 1;
	else if (!strcmp(cmd, "pdf"))
		return pdf_main(argc, argv);
	else if (!strcmp(cmd, "serve"))
		return serve_main(argc, argv);
	else
		return usage_error("unknown command '%s'", cmd);

	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":m:t:a:o:j:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': o.metrics_dir = optarg; break;
		case 't': o.templates_dir = optarg; t_given = 1; break;
		case 'a': o.assets_dir = optarg; a_given = 1; break;
		case 'o': o.out_dir = optarg; break;
		case 'p':
			if (period_parse(optarg, strlen(optarg), PERIOD_QUARTER, &o.last_quarter) < 0 ||
			    o.last_quarter.kind != PERIOD_QUARTER)
				return usage_error("--period '%s' is not a quarter: expected e.g. '2018-19 Q2'", optarg);
			break;
		case 'j': {
			char *end;
			long j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 1024)
				return usage_error("-j '%s': expected a number of jobs from 1 to 1024", optarg);
			o.jobs = (int)j;
			break;
		}
		case 's': o.strict = 1; break;
		case 'f': o.force = 1; break;
		case 'A': o.all_areas = 1; break;
		case 'W': o.no_wait = 1; break;
		case 'q': o.quiet = 1; break;
		case 'h':
			fputs(usage_text, stdout);
			fputs(help_text, stdout);
			return 0;
		case 'V':
			puts("bcfgen " BCFGEN_VERSION);
			return 0;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (check && (strcmp(o.out_dir, "site") || t_given || a_given))
		return usage_error("%s", "check takes only -m and --strict");
	o.check_only = check;
	/* an installed bcfgen finds its own templates and assets when the
	 * working folder has none */
	if (!check && (find_folder(&o.templates_dir, t_given, "templates", "-t", BCFGEN_DATADIR "/templates") ||
		       find_folder(&o.assets_dir, a_given, "assets", "-a", BCFGEN_DATADIR "/assets")))
		return 2;
	diag_init(o.strict);
	return finish(&o, &r, build_run(&o, &r));
}
