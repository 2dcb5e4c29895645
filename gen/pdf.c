/* bcfgen pdf: build the site into a private temporary folder, have
 * headless Chromium print the quarter's print.html (tagged, with an
 * outline from the headings), mend what Chromium cannot set (pdffix.h),
 * and put the PDF in place atomically. */
#define _XOPEN_SOURCE 700	/* realpath */
#include "pdf.h"
#include "arena.h"
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "fsread.h"
#include "pdffix.h"
#include "period.h"
#include "rmtree.h"
#include "settings.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#ifndef BCFGEN_DATADIR
#define BCFGEN_DATADIR "/usr/local/share/bcfgen"
#endif

#define PDF_TIMEOUT 120		/* seconds Chromium may take, by default */
#define PDF_LOG_SHOWN 4000	/* bytes of Chromium's output shown when it fails */

static const char pdf_usage[] =
	"usage: bcfgen pdf [-m METRICS_DIR] [-t TEMPLATES_DIR] [-a ASSETS_DIR] [--period PERIOD]\n"
	"                  [-o FILE] [--timeout SECONDS] [-q]\n";

static const char pdf_help[] =
	"\n"
	"Write a quarter's board pack (its print.html) as a tagged, accessible PDF,\n"
	"printed by headless Chromium ($BCFGEN_CHROMIUM, else chromium,\n"
	"chromium-browser or google-chrome on PATH).\n"
	"\n"
	"  -m, --metrics DIR     the input folder (default: metrics)\n"
	"  -t, --templates DIR   Mustache templates (default: templates, or the installed ones)\n"
	"  -a, --assets DIR      CSS and icons (default: assets, or the installed ones)\n"
	"      --period QUARTER  the report to print, e.g. '2018-19 Q2' (default: the latest)\n"
	"  -o, --output FILE     the PDF (default: board-pack-2018-19-q2.pdf, after the\n"
	"                        quarter, in the working folder); replaced only when the\n"
	"                        whole PDF is written\n"
	"      --timeout SECONDS how long Chromium may take (default: 120)\n"
	"  -q, --quiet           print only warnings and errors\n"
	"\n"
	"Exit status: 0 written, 1 bad input, 2 usage error, 3 I/O or other failure\n"
	"(Chromium missing, failing or too slow). SOURCE_DATE_EPOCH, when set, gives\n"
	"the PDF's dates, and the same inputs give the same bytes.\n";

struct pdf_opts {
	struct build_opts build;
	const char *file;		/* -o, or NULL for the default */
	long timeout;
	int t_given, a_given;
};

/* What the command holds while it runs, for the cleanup. */
struct pdf_run {
	char tmp[PATH_MAX];		/* the private folder, or "" */
	const char *chromium;
	struct period quarter;		/* the report printed */
	char slug[PERIOD_TEXT_MAX];
	const char *base_url;		/* site.ini's, ending in '/', or "" */
	struct arena a;
};

static volatile sig_atomic_t stop_sig;

static void on_stop(int sig)
{
	stop_sig = sig;
}

static int usage(const char *fmt, const char *arg)
{
	fputs("bcfgen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(pdf_usage, stderr);
	return 2;
}

/* The templates or assets folder as bcfgen build finds it (main.c's
 * find_folder, repeated: the two commands share no code but build_run). */
static int find_folder(const char **dir, int given, const char *name, const char *flag)
{
	static char installed[PATH_MAX];
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
	snprintf(installed, sizeof(installed), "%s/%s", BCFGEN_DATADIR, name);
	if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode)) {
		*dir = !strcmp(name, "templates") ? BCFGEN_DATADIR "/templates" : BCFGEN_DATADIR "/assets";
		return 0;
	}
	fprintf(stderr, "bcfgen: error: no %s folder: looked for ./%s and %s; run bcfgen from the folder "
		"that holds %s/ (the project's own), give it with %s, or install bcfgen with 'make install'\n",
		name, name, installed, name, flag);
	return 2;
}

static int parse_args(int argc, char **argv, struct pdf_opts *o)
{
	static const struct option longopts[] = {
		{ "metrics", required_argument, NULL, 'm' },
		{ "templates", required_argument, NULL, 't' },
		{ "assets", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "period", required_argument, NULL, 'p' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct build_opts *b = &o->build;
	char *end;
	int ch;

	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":m:t:a:o:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': b->metrics_dir = optarg; break;
		case 't': b->templates_dir = optarg; o->t_given = 1; break;
		case 'a': b->assets_dir = optarg; o->a_given = 1; break;
		case 'o': o->file = optarg; break;
		case 'q': b->quiet = 1; break;
		case 'p':
			if (period_parse(optarg, strlen(optarg), PERIOD_QUARTER, &b->last_quarter) < 0 ||
			    b->last_quarter.kind != PERIOD_QUARTER)
				return usage("--period '%s' is not a quarter: expected e.g. '2018-19 Q2'", optarg);
			break;
		case 'T':
			o->timeout = strtol(optarg, &end, 10);
			if (*end || end == optarg || o->timeout < 1 || o->timeout > 86400)
				return usage("--timeout '%s': expected a number of seconds from 1 to 86400", optarg);
			break;
		case 'h':
			fputs(pdf_usage, stdout);
			fputs(pdf_help, stdout);
			return -1;
		case ':':
			return usage("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage("unexpected argument '%s'", argv[optind]);
	if (o->file && !*o->file)
		return usage("%s", "-o needs a file name");
	return 0;
}

/* The PDF's place must be a file in a folder that exists: 0, or 2 with
 * a message, before any work. */
static int check_file(const char *file, const char *how)
{
	struct stat st;
	char *dir, *slash;
	int rc = 0;

	if (stat(file, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "bcfgen: error: '%s' (%s) is a folder: give the PDF's file name with -o\n", file, how);
		return 2;
	}
	if (!(dir = strdup(file)))
		xoom();
	slash = strrchr(dir, '/');
	if (slash) {
		slash[slash == dir] = '\0';
		if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "bcfgen: error: the folder of '%s' (%s) does not exist: make it first\n", file, how);
			rc = 2;
		}
	}
	free(dir);
	return rc;
}

static int runnable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Chromium: $BCFGEN_CHROMIUM, else the first of its names on PATH.  The
 * path, in the arena, or NULL with a message saying what to install. */
static const char *find_chromium(struct arena *a)
{
	static const char *const names[] = { "chromium", "chromium-browser", "google-chrome" };
	const char *env = getenv("BCFGEN_CHROMIUM"), *path = getenv("PATH"), *p, *colon;
	size_t i;

	if (env && *env) {
		if (runnable(env))
			return env;
		fprintf(stderr, "bcfgen: error: BCFGEN_CHROMIUM is '%s', which is not a program bcfgen can run: "
			"set it to Chromium's path, or unset it and install Chromium (on Debian: apt-get install "
			"chromium)\n", env);
		return NULL;
	}
	for (i = 0; i < sizeof(names) / sizeof(*names); i++) {
		for (p = path ? path : ""; *p; p = *colon ? colon + 1 : colon) {
			const char *cand;
			colon = strchr(p, ':');
			if (!colon)
				colon = p + strlen(p);
			if (colon == p)
				continue;
			cand = arena_printf(a, "%.*s/%s", (int)(colon - p), p, names[i]);
			if (runnable(cand))
				return cand;
		}
	}
	fprintf(stderr, "bcfgen: error: bcfgen pdf prints with Chromium, and there is none on PATH (chromium, "
		"chromium-browser or google-chrome): install it (on Debian: apt-get install chromium), or set "
		"BCFGEN_CHROMIUM to its path; bcfgen build does not need it\n");
	return NULL;
}

/* The private folder, its real path (Chromium is given a file: URL). */
static int make_tmp(struct pdf_run *r)
{
	const char *base = getenv("TMPDIR");
	char tmpl[PATH_MAX];

	if (!base || base[0] != '/')
		base = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/bcfgen-pdf-XXXXXX", base);
	if (!mkdtemp(tmpl)) {
		diag_io(tmpl, "could not make a temporary folder", errno);
		return 3;
	}
	if (!realpath(tmpl, r->tmp)) {
		diag_io(tmpl, "could not resolve the temporary folder", errno);
		rmtree_at(AT_FDCWD, tmpl);
		return 3;
	}
	return 0;
}

/* Stop as a signal asked: after the cleanup, the signal does what it
 * would have done. */
static void stop_now(struct pdf_run *r)
{
	int sig = stop_sig;

	if (r->tmp[0])
		rmtree_at(AT_FDCWD, r->tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Wait for pid; a stop asked meanwhile is passed on to it (and its
 * group when group).  The wait status, or -1 when stopped. */
static int wait_child(pid_t pid, int group, time_t deadline, int *timed_out)
{
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	int st, passed_on = 0;

	*timed_out = 0;
	for (;;) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR)
			return -1;
		if (stop_sig && !passed_on) {
			kill(group ? -pid : pid, group ? SIGKILL : SIGTERM);
			passed_on = 1;
		}
		if (deadline && time(NULL) >= deadline && !*timed_out) {
			kill(-pid, SIGKILL);
			*timed_out = 1;
		}
		nanosleep(&nap, NULL);
	}
	if (group)	/* what Chromium started and left behind */
		kill(-pid, SIGKILL);
	return stop_sig ? -1 : st;
}

/* The build, in a child process of its own, so that a signal that stops
 * it (its own handlers remove its temporary folder, then end it) leaves
 * this process to remove the private folder.  The build's exit status. */
static int build_site(struct pdf_run *r, struct pdf_opts *o)
{
	struct build_result res;
	pid_t pid;
	int st, status, timed_out;

	o->build.out_dir = arena_printf(&r->a, "%s/site", r->tmp);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		diag_io(NULL, "could not start the build", errno);
		return 3;
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
#ifdef __linux__
		/* a build whose pdf is gone has no one to print it */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
		diag_init(o->build.strict);
		status = build_run(&o->build, &res) == 0 ? 0 : 3;
		diag_finish();
		if (res.refused)
			status = res.refused;
		else if (diag_io_errors())
			status = 3;
		else if (diag_errors())
			status = 1;
		build_result_release(&res);
		fflush(NULL);
		/* not exit: the parent's atexit handlers and buffers are its own */
		_exit(status);
	}
	st = wait_child(pid, 0, 0, &timed_out);
	if (st < 0)
		stop_now(r);
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	fprintf(stderr, "bcfgen: error: the build ended by signal %d\n", WTERMSIG(st));
	return 3;
}

/* The report to print: --period's, else the latest quarter the build
 * made. */
static int find_report(struct pdf_run *r, const struct pdf_opts *o)
{
	struct period best = { PERIOD_NONE, 0, 0 }, p;
	char *site = arena_printf(&r->a, "%s/site", r->tmp);
	char **names;
	size_t n, i;

	if (o->build.last_quarter.kind == PERIOD_QUARTER) {
		r->quarter = o->build.last_quarter;
		period_slug(&r->quarter, r->slug);
		return 0;
	}
	if (!(names = fs_list(&r->a, site, 0, &n))) {
		diag_io(site, "could not read the site built", errno);
		return 3;
	}
	for (i = 0; i < n; i++)
		if (period_parse(names[i], strlen(names[i]), PERIOD_QUARTER, &p) == 0 && p.kind == PERIOD_QUARTER &&
		    (best.kind == PERIOD_NONE || period_cmp(&p, &best) > 0))
			best = p;
	if (best.kind == PERIOD_NONE) {
		fprintf(stderr, "bcfgen: error: the build made no report to print\n");
		return 3;
	}
	r->quarter = best;
	period_slug(&best, r->slug);
	return 0;
}

/* site.ini's base_url, for the PDF's links (the build has read the file
 * and found no fault: nothing to report here). */
static void find_base_url(struct pdf_run *r, const struct pdf_opts *o)
{
	struct settings s;
	struct buf quiet;
	size_t n;

	buf_init(&quiet);
	diag_capture(&quiet);
	r->base_url = "";
	if (settings_load(&s, &r->a, arena_printf(&r->a, "%s/site.ini", o->build.metrics_dir)) == 0 &&
	    (n = strlen(s.base_url)) > 0)
		r->base_url = s.base_url[n - 1] == '/' ? s.base_url : arena_printf(&r->a, "%s/", s.base_url);
	diag_capture(NULL);
	buf_release(&quiet);
}

/* 'file://' and the path, every byte but unreserved ones and '/'
 * escaped. */
static char *file_url(struct arena *a, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	const unsigned char *s;
	char *url;

	buf_init(&b);
	buf_adds(&b, "file://");
	for (s = (const unsigned char *)path; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("/-._~", *s)) {
			buf_addc(&b, (char)*s);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*s >> 4]);
			buf_addc(&b, hex[*s & 15]);
		}
	}
	url = arena_strdup(a, b.s);
	buf_release(&b);
	return url;
}

/* In the child: Chromium in a process group of its own (so that all it
 * starts can be ended at once), its output to log, nothing on its
 * input. */
static _Noreturn void exec_chromium(const char *const *argv, const char *log)
{
	int fd;

	setpgid(0, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0) {
		dup2(fd, 0);
		close(fd);
	}
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	execv(argv[0], (char *const *)argv);
	fprintf(stderr, "could not run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* The last of what Chromium said, for a failure. */
static void show_log(const char *log)
{
	char text[PDF_LOG_SHOWN + 1];
	FILE *f = fopen(log, "r");
	long size;
	size_t n;

	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > PDF_LOG_SHOWN) {
		fseek(f, size - PDF_LOG_SHOWN, SEEK_SET);
		fputs("  ...\n", stderr);
	} else {
		rewind(f);
	}
	n = fread(text, 1, PDF_LOG_SHOWN, f);
	text[n] = '\0';
	fclose(f);
	if (n)
		fprintf(stderr, "%s%s", text, text[n - 1] == '\n' ? "" : "\n");
}

/* Chromium prints print.html to the private folder's board-pack.pdf. */
static int print_pdf(struct pdf_run *r, const struct pdf_opts *o, const char *pdf)
{
	const char *page = arena_printf(&r->a, "%s/site/%s/print.html", r->tmp, r->slug);
	const char *log = arena_printf(&r->a, "%s/chromium.log", r->tmp);
	const char *argv[24];
	size_t n = 0;
	struct stat st;
	pid_t pid;
	int ws, timed_out;

	if (stat(page, &st) < 0) {
		fprintf(stderr, "bcfgen: error: the build made no %s/print.html to print\n", r->slug);
		return 3;
	}
	argv[n++] = r->chromium;
	argv[n++] = "--headless";
	argv[n++] = "--disable-gpu";
	argv[n++] = "--no-first-run";
	argv[n++] = "--no-default-browser-check";
	argv[n++] = "--disable-background-networking";
	argv[n++] = "--disable-component-update";
	argv[n++] = "--disable-sync";
	argv[n++] = "--disable-extensions";
	argv[n++] = "--disable-quic";
	/* the sandbox needs user namespaces, which root does not get */
	if (geteuid() == 0)
		argv[n++] = "--no-sandbox";
	argv[n++] = arena_printf(&r->a, "--user-data-dir=%s/profile", r->tmp);
	/* the page's own running heads (print.css), not the browser's */
	argv[n++] = "--no-pdf-header-footer";
	argv[n++] = "--print-to-pdf-no-header";
	argv[n++] = "--generate-pdf-document-outline";
	argv[n++] = arena_printf(&r->a, "--print-to-pdf=%s", pdf);
	argv[n++] = file_url(&r->a, page);
	argv[n] = NULL;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		diag_io(r->chromium, "could not start Chromium", errno);
		return 3;
	}
	if (pid == 0)
		exec_chromium(argv, log);
	setpgid(pid, pid);	/* as the child does: whichever runs first */
	ws = wait_child(pid, 1, time(NULL) + o->timeout, &timed_out);
	if (ws < 0)
		stop_now(r);
	if (timed_out) {
		fprintf(stderr, "bcfgen: error: Chromium (%s) took more than %ld s to print %s/print.html and was "
			"stopped (--timeout sets the limit); it said:\n", r->chromium, o->timeout, r->slug);
		show_log(log);
		return 3;
	}
	if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || stat(pdf, &st) < 0 || st.st_size == 0) {
		if (WIFEXITED(ws))
			fprintf(stderr, "bcfgen: error: Chromium (%s) did not print %s/print.html (exit status %d); "
				"it said:\n", r->chromium, r->slug, WEXITSTATUS(ws));
		else
			fprintf(stderr, "bcfgen: error: Chromium (%s) did not print %s/print.html (ended by signal "
				"%d); it said:\n", r->chromium, r->slug, WTERMSIG(ws));
		show_log(log);
		return 3;
	}
	return 0;
}

/* The whole of path into b (NUL-terminated). */
static int read_all(const char *path, struct buf *b)
{
	char chunk[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			close(fd);
			return -1;
		}
		buf_add(b, chunk, (size_t)got);
	}
	close(fd);
	return 0;
}

/* The seconds of SOURCE_DATE_EPOCH, or -1 (the build has checked it). */
static long long source_date(void)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!e || !*e)
		return -1;
	v = strtoll(e, &end, 10);
	return *end ? -1 : v;
}

/* Pages: the page objects ('/Type /Page', not '/Pages'). */
static size_t count_pages(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i + 11 < len; i++)
		if (s[i] == '/' && !memcmp(s + i, "/Type /Page", 11) && s[i + 11] != 's')
			n++;
	return n;
}

/* data into file through a temporary file beside it, renamed over it
 * only when whole: never a half-written PDF at file. */
static int write_atomic(const char *file, const char *data, size_t len)
{
	char *tmp = malloc(strlen(file) + 16);
	mode_t mask;
	size_t done = 0;
	int fd, rc = -1;

	if (!tmp)
		xoom();
	sprintf(tmp, "%s.tmp-XXXXXX", file);
	fd = mkstemp(tmp);
	if (fd < 0) {
		diag_io(tmp, "could not write the PDF", errno);
		free(tmp);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	while (done < len) {
		ssize_t w = write(fd, data + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			break;
		done += (size_t)w;
	}
	if (done == len && fchmod(fd, 0666 & ~mask) == 0 && fsync(fd) == 0 && close(fd) == 0) {
		fd = -1;
		if (rename(tmp, file) == 0)
			rc = 0;
	}
	if (rc < 0) {
		diag_io(file, "could not write the PDF", errno);
		if (fd >= 0)
			close(fd);
		unlink(tmp);
	}
	free(tmp);
	return rc;
}

static int finish_pdf(struct pdf_run *r, const struct pdf_opts *o, const char *pdf, const char *file,
		      double started)
{
	struct buf b;
	long long epoch = source_date();
	struct timespec now;
	size_t pages, linked_len;
	char *linked, label[PERIOD_TEXT_MAX];
	int rc = 3;

	buf_init(&b);
	if (read_all(pdf, &b) < 0) {
		diag_io(pdf, "could not read Chromium's PDF", errno);
		goto out;
	}
	if (b.len < 8 || memcmp(b.s, "%PDF-", 5)) {
		fprintf(stderr, "bcfgen: error: what Chromium wrote is not a PDF (%s)\n", r->chromium);
		goto out;
	}
	/* links into the published site, not the private folder */
	linked = pdffix_links(b.s, b.len, file_url(&r->a, arena_printf(&r->a, "%s/site/", r->tmp)), r->base_url,
			      &linked_len);
	if (linked) {
		buf_release(&b);
		b.s = linked;
		b.len = b.cap = linked_len;
	}
	linked = pdffix_role_map(b.s, b.len, &linked_len);
	if (linked) {
		buf_release(&b);
		b.s = linked;
		b.len = b.cap = linked_len;
	}
	pdffix_node_ids(b.s, b.len);
	pdffix_figures(b.s, b.len);
	if (epoch >= 0)
		pdffix_dates(b.s, b.len, epoch);
	pages = count_pages(b.s, b.len);
	if (write_atomic(file, b.s, b.len) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &now);
	period_label(&r->quarter, label);
	if (!o->build.quiet)
		fprintf(stderr, "bcfgen: the %s board pack, %zu pages, written to %s in %.1f s\n", label, pages,
			file, (double)now.tv_sec + now.tv_nsec / 1e9 - started);
	rc = 0;
out:
	buf_release(&b);
	return rc;
}

static void watch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(*sigs); i++)
		sigaction(sigs[i], &sa, NULL);
}

int pdf_main(int argc, char **argv)
{
	struct pdf_opts o;
	struct pdf_run r;
	struct timespec t0;
	const char *pdf, *file;
	int rc;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.build.metrics_dir = "metrics";
	o.build.templates_dir = "templates";
	o.build.assets_dir = "assets";
	o.build.last_quarter.kind = PERIOD_NONE;
	o.timeout = PDF_TIMEOUT;
	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (find_folder(&o.build.templates_dir, o.t_given, "templates", "-t") ||
	    find_folder(&o.build.assets_dir, o.a_given, "assets", "-a"))
		return 2;
	if (o.file && check_file(o.file, "-o"))
		return 2;
	arena_init(&r.a);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = 3;
	if (!(r.chromium = find_chromium(&r.a)))
		goto out;
	watch_signals();
	if ((rc = make_tmp(&r)) != 0 || (rc = build_site(&r, &o)) != 0 || (rc = find_report(&r, &o)) != 0)
		goto out;
	find_base_url(&r, &o);
	file = o.file ? o.file : arena_printf(&r.a, "board-pack-%s.pdf", r.slug);
	if (!o.file && (rc = check_file(file, "the default name")) != 0)
		goto out;
	pdf = arena_printf(&r.a, "%s/board-pack.pdf", r.tmp);
	if ((rc = print_pdf(&r, &o, pdf)) != 0)
		goto out;
	rc = finish_pdf(&r, &o, pdf, file, (double)t0.tv_sec + t0.tv_nsec / 1e9);
out:
	if (r.tmp[0] && rmtree_at(AT_FDCWD, r.tmp) < 0)
		diag_io(r.tmp, "could not remove the temporary folder", errno);
	if (stop_sig)
		stop_now(&r);
	arena_release(&r.a);
	return rc;
}
