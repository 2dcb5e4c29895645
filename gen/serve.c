#define _GNU_SOURCE	/* signalfd, close_range */
/* bcfgen serve.  One process, one thread: poll() waits on the HTTP
 * daemon (libmicrohttpd, driven from here through its epoll descriptor),
 * on inotify and on a signalfd.  Each build runs in a child process, so
 * build_run's global diagnostics, its own workers and any crash stay
 * there, and its stderr goes to a file the pages and the terminal show;
 * being one-threaded is what makes that fork safe.  The build swaps the
 * finished site into place with an atomic exchange, so a request opens
 * either the old site or the new one, never half of each. */
#include "serve.h"
#include "arena.h"
#include "buf.h"
#include "build.h"
#include "diag.h"
#include "period.h"
#include "rmtree.h"
#include "watch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef BCFGEN_DATADIR
#define BCFGEN_DATADIR "/usr/local/share/bcfgen"
#endif

/* URLs of the server's own, never a site's: a site's names starting with
 * '.' are not served */
#define RESERVED "/.bcfgen-serve/"
/* quiet after the last change before building: an editor's save is
 * several events; and the longest a stream of changes delays a build */
#define DEBOUNCE_MS 100
#define DEBOUNCE_MAX_MS 1000
/* of a failed build's diagnostics, kept for the pages */
#define DIAG_KEEP (64 * 1024)

static const char serve_usage[] =
	"usage: bcfgen serve [-m METRICS_DIR] [-t TEMPLATES_DIR] [-a ASSETS_DIR] [--period PERIOD]\n"
	"                    [-j JOBS] [--all-areas] [--port N] [--bind ADDR] [-q]\n";

static const char serve_help[] =
	"\n"
	"Build the site into a private temporary folder and serve it at\n"
	"http://ADDR:PORT/ for previewing; rebuild whenever a file under the\n"
	"metrics, templates or assets folder changes, and reload the pages open in\n"
	"a browser.  When a build fails, the pages show its problems above the last\n"
	"good build.  Nothing is written to site/ or any -o folder: publish with\n"
	"'bcfgen build'.  Stop with Ctrl-C (SIGINT), SIGTERM or SIGHUP.\n"
	"\n"
	"Options:\n"
	"  -m, -t, -a, --period, -j, --all-areas   as for 'bcfgen build'\n"
	"      --port N     the port (default: a free one, printed)\n"
	"      --bind ADDR  the address to listen on (default: 127.0.0.1, this\n"
	"                   machine only); an IPv4 or IPv6 address\n"
	"  -q, --quiet      print only the address and the builds' problems\n";

static const char reload_js[] =
	"/* bcfgen serve: reload this page when the site has been rebuilt */\n"
	"(function () {\n"
	"\t\"use strict\";\n"
	"\tvar s = document.currentScript, seen = s ? s.getAttribute(\"data-generation\") : null;\n"
	"\tfunction poll() {\n"
	"\t\tfetch(\"" RESERVED "generation\", { cache: \"no-store\" }).then(function (r) {\n"
	"\t\t\treturn r.text();\n"
	"\t\t}).then(function (t) {\n"
	"\t\t\tif (seen !== null && t.trim() !== seen)\n"
	"\t\t\t\tlocation.reload();\n"
	"\t\t\telse\n"
	"\t\t\t\tsetTimeout(poll, 300);\n"
	"\t\t}, function () {\n"
	"\t\t\tsetTimeout(poll, 1000);\t/* the server is stopped or restarting */\n"
	"\t\t});\n"
	"\t}\n"
	"\tsetTimeout(poll, 300);\n"
	"})();\n";

/* the banner's own colours, not the site's, which a template may not
 * have: 4.5:1 and more for the text in both schemes */
static const char serve_css[] =
	"/* bcfgen serve: the banner of a failed build */\n"
	".bcfgen-serve-alert { margin: 0; padding: 0.75rem 1rem; background: #fbe9eb; color: #0b0c0c;\n"
	"  border-left: 8px solid #b10e1e; border-bottom: 1px solid #b10e1e; font-family: system-ui, sans-serif; }\n"
	".bcfgen-serve-alert p { margin: 0 0 0.5rem; }\n"
	".bcfgen-serve-alert pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem;\n"
	"  font-family: ui-monospace, \"DejaVu Sans Mono\", monospace; }\n"
	"@media (prefers-color-scheme: dark) {\n"
	"  .bcfgen-serve-alert { background: #2b1013; color: #f3f2f1; border-color: #ff9a9a; }\n"
	"}\n";

struct serve {
	struct build_opts o;
	int quiet;
	char *priv;		/* the private folder */
	char *site;		/* priv/site: the build's output folder */
	char *log;		/* priv/build.log: the build's stderr */
	struct MHD_Daemon *d;
	int sfd;		/* signalfd: SIGINT, SIGTERM, SIGHUP, SIGCHLD */
	struct watch w;
	pid_t child;		/* the build running, or 0 */
	long long child_started;
	int changed;		/* inputs changed since the running build began */
	long long first, last;	/* when the changes not yet built came */
	unsigned long generation;	/* bumped after a build that changed the
					 * site or its problems: pages reload */
	int good;		/* a build has succeeded: site holds it */
	int failed;		/* the latest build failed: diag says why */
	struct stat site_before;	/* site when the build began (st_ino 0: none) */
	struct buf diag;
	struct buf printed;	/* what the terminal was last shown */
};

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* ---- paths and pages: pure, and unit-tested */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum serve_path serve_path_parse(const char *url, struct buf *rel)
{
	const char *p, *seg;
	size_t start;

	buf_reset(rel);
	if (url[0] != '/')
		return SERVE_PATH_FORBIDDEN;
	for (p = url + 1; *p; p++) {
		int c = (unsigned char)*p;
		if (c == '%') {
			int hi = hexval(p[1]), lo = hi < 0 ? -1 : hexval(p[2]);
			if (lo < 0)
				return SERVE_PATH_FORBIDDEN;
			c = hi * 16 + lo;
			p += 2;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			return SERVE_PATH_FORBIDDEN;
		buf_addc(rel, (char)c);
	}
	/* each segment, decoded: a trailing '/' ends the last */
	for (start = 0; start < rel->len;) {
		const char *end = memchr(rel->s + start, '/', rel->len - start);
		size_t n = end ? (size_t)(end - (rel->s + start)) : rel->len - start;
		seg = rel->s + start;
		if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return SERVE_PATH_FORBIDDEN;
		if (seg[0] == '.')
			return SERVE_PATH_HIDDEN;
		start += n + (end != NULL);
	}
	return SERVE_PATH_OK;
}

/* ":digits" or nothing */
static int port_ok(const char *p)
{
	if (!*p)
		return 1;
	if (*p++ != ':' || !*p)
		return 0;
	return strspn(p, "0123456789") == strlen(p);
}

int serve_host_ok(const char *host)
{
	char name[INET6_ADDRSTRLEN + 1];
	unsigned char addr[sizeof(struct in6_addr)];
	const char *end;
	size_t n;

	if (!host)
		return 1;	/* HTTP/1.0 */
	if (host[0] == '[') {
		end = strchr(host, ']');
		n = end ? (size_t)(end - host - 1) : 0;
		if (!end || n >= sizeof(name))
			return 0;
		memcpy(name, host + 1, n);
		name[n] = '\0';
		return inet_pton(AF_INET6, name, addr) == 1 && port_ok(end + 1);
	}
	end = strchr(host, ':');
	n = end ? (size_t)(end - host) : strlen(host);
	if (n >= sizeof(name) || !port_ok(host + n))
		return 0;
	memcpy(name, host, n);
	name[n] = '\0';
	return !strcasecmp(name, "localhost") || inet_pton(AF_INET, name, addr) == 1;
}

static const char *find_ci(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (!strncasecmp(h + i, needle, k))
			return h + i;
	return NULL;
}

static const char *rfind_ci(const char *h, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = n >= k ? n - k + 1 : 0; i-- > 0;)
		if (!strncasecmp(h + i, needle, k))
			return h + i;
	return NULL;
}

/* The policy v[0..n) with 'self' allowed for the reload script, its
 * polling and the banner's stylesheet: added to each such directive that
 * lacks it, and the directive added where there is none, since a second
 * directive of a name would be ignored. */
static void csp_widen(struct buf *b, const char *v, size_t n)
{
	static const char *const need[] = { "script-src", "connect-src", "style-src" };
	int seen[3] = { 0, 0, 0 };
	size_t i = 0, k;
	const char *sep = "";

	while (i < n) {
		const char *d, *semi = memchr(v + i, ';', n - i);
		size_t end = semi ? (size_t)(semi - v) : n, len, name;
		while (i < end && (v[i] == ' ' || v[i] == '\t'))
			i++;
		d = v + i;
		len = end - i;
		while (len && (d[len - 1] == ' ' || d[len - 1] == '\t'))
			len--;
		i = end + 1;
		if (!len)
			continue;
		for (name = 0; name < len && d[name] != ' ' && d[name] != '\t'; name++)
			;
		buf_adds(b, sep);
		buf_add(b, d, len);
		sep = "; ";
		for (k = 0; k < 3; k++)
			if (name == strlen(need[k]) && !strncasecmp(d, need[k], name)) {
				seen[k] = 1;
				if (!find_ci(d, len, "'self'"))
					buf_adds(b, " 'self'");
			}
	}
	for (k = 0; k < 3; k++)
		if (!seen[k]) {
			buf_printf(b, "%s%s 'self'", sep, need[k]);
			sep = "; ";
		}
}

/* The value of the page's Content-Security-Policy meta: *at, *n; 0 when
 * the page has none (quoted with "). */
static int csp_find(const char *html, size_t len, size_t *at, size_t *n)
{
	const char *p = find_ci(html, len, "\"content-security-policy\""), *tag, *gt, *v, *q;

	if (!p)
		return 0;
	for (tag = p; tag > html && *tag != '<'; tag--)
		;
	gt = memchr(p, '>', (size_t)(html + len - p));
	if (*tag != '<' || !gt || !(v = find_ci(tag, (size_t)(gt - tag), "content=\"")))
		return 0;
	v += strlen("content=\"");
	if (!(q = memchr(v, '"', (size_t)(gt - v))))
		return 0;
	*at = (size_t)(v - html);
	*n = (size_t)(q - v);
	return 1;
}

/* An edit of a page: del bytes at pos replaced by text. */
struct edit {
	size_t pos, del;
	struct buf text;
};

static void banner(struct buf *b, const char *diag, size_t diag_len)
{
	buf_adds(b, "\n<div class=\"bcfgen-serve-alert\" role=\"alert\">\n<p><strong>The last build failed.</strong> "
		    "Fix these problems and save, and this page reloads by itself. Until a build succeeds, "
		    "bcfgen serve shows the last good one.</p>\n<pre>");
	buf_add_html(b, diag, diag_len);
	buf_adds(b, "</pre>\n</div>\n");
}

void serve_page(struct buf *out, const char *html, size_t len, unsigned long generation, const char *diag,
		size_t diag_len)
{
	struct edit e[4];
	const char *p;
	size_t n = 0, i, at = 0;

	if (csp_find(html, len, &e[n].pos, &e[n].del)) {
		buf_init(&e[n].text);
		csp_widen(&e[n].text, html + e[n].pos, e[n].del);
		n++;
	}
	if ((p = find_ci(html, len, "</head>"))) {
		e[n].pos = (size_t)(p - html);
		e[n].del = 0;
		buf_init(&e[n].text);
		buf_adds(&e[n].text, "<link rel=\"stylesheet\" href=\"" RESERVED "serve.css\">\n");
		n++;
	}
	if (diag && (p = find_ci(html, len, "<body")) && (p[5] == '>' || p[5] == ' ' || p[5] == '\n') &&
	    (p = memchr(p, '>', (size_t)(html + len - p)))) {
		e[n].pos = (size_t)(p + 1 - html);
		e[n].del = 0;
		buf_init(&e[n].text);
		banner(&e[n].text, diag, diag_len);
		n++;
	}
	p = rfind_ci(html, len, "</body>");
	e[n].pos = p ? (size_t)(p - html) : len;
	e[n].del = 0;
	buf_init(&e[n].text);
	buf_printf(&e[n].text, "<script src=\"" RESERVED "reload.js\" data-generation=\"%lu\"></script>\n",
		   generation);
	n++;
	/* in the page's order, whatever order its parts come in; an insertion
	 * that falls inside the policy replaced goes right after it */
	for (i = 1; i < n; i++) {
		struct edit t = e[i];
		size_t j = i;
		for (; j > 0 && e[j - 1].pos > t.pos; j--)
			e[j] = e[j - 1];
		e[j] = t;
	}
	for (i = 0; i < n; i++) {
		size_t pos = e[i].pos >= at ? e[i].pos : at;
		buf_add(out, html + at, pos - at);
		buf_add(out, e[i].text.s, e[i].text.len);
		at = e[i].pos >= at ? pos + e[i].del : at;
		buf_release(&e[i].text);
	}
	buf_add(out, html + at, len - at);
}

/* ---- HTTP */

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".csv", "text/csv; charset=utf-8" },
	{ ".xml", "application/xml" },
	{ ".txt", "text/plain; charset=utf-8" },
	{ ".md", "text/plain; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".pdf", "application/pdf" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
};

static const char *type_of(const char *path, size_t len)
{
	size_t i, k;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		k = strlen(types[i].ext);
		if (len >= k && !strcasecmp(path + len - k, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r, const char *type)
{
	enum MHD_Result ok;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	/* every build may change any file: nothing is to be kept */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, struct buf *b, const char *type)
{
	size_t len;
	char *s = buf_detach(b, &len);

	return reply(c, status, MHD_create_response_from_buffer(len, s, MHD_RESPMEM_MUST_FREE), type);
}

static enum MHD_Result send_static(struct MHD_Connection *c, const char *text, const char *type)
{
	return reply(c, MHD_HTTP_OK,
		    MHD_create_response_from_buffer(strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT),
		    type);
}

/* A page of the server's own: a refusal, or the problems of a build when
 * there is no good one to show them above. */
static enum MHD_Result send_page(struct serve *s, struct MHD_Connection *c, unsigned status, const char *title,
				 const char *text, const char *diag, size_t diag_len)
{
	struct buf page, b;

	buf_init(&b);
	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		     "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
	buf_add_html(&b, title, strlen(title));
	buf_adds(&b, " – bcfgen serve</title>\n</head>\n<body>\n<main>\n<h1>");
	buf_add_html(&b, title, strlen(title));
	buf_adds(&b, "</h1>\n<p>");
	buf_add_html(&b, text, strlen(text));
	buf_adds(&b, "</p>\n</main>\n</body>\n</html>\n");
	buf_init(&page);
	serve_page(&page, b.s, b.len, s->generation, diag, diag_len);
	buf_release(&b);
	return send_buf(c, status, &page, "text/html; charset=utf-8");
}

static enum MHD_Result send_reserved(struct serve *s, struct MHD_Connection *c, const char *name)
{
	struct buf b;

	if (!strcmp(name, "reload.js"))
		return send_static(c, reload_js, "text/javascript; charset=utf-8");
	if (!strcmp(name, "serve.css"))
		return send_static(c, serve_css, "text/css; charset=utf-8");
	if (!strcmp(name, "generation")) {
		buf_init(&b);
		buf_printf(&b, "%lu\n", s->generation);
		return send_buf(c, MHD_HTTP_OK, &b, "text/plain; charset=utf-8");
	}
	return send_page(s, c, MHD_HTTP_NOT_FOUND, "Not found", "bcfgen serve has no such file.", NULL, 0);
}

static int read_all(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf_add(b, chunk, (size_t)n);
	}
	return 0;
}

/* Open rel below the folder root, one segment at a time and never through
 * a symbolic link, so nothing outside the site can be reached whatever
 * the site holds.  A folder is its index.html.  The descriptor, or -1
 * (errno ENOENT for anything not there); *is_dir when rel names a folder
 * without its trailing '/' (to be redirected). */
static int open_below(int root, const char *rel, struct stat *st, int *is_dir)
{
	int fd = dup(root), next;
	const char *p = rel;
	char seg[NAME_MAX + 1];

	*is_dir = 0;
	while (fd >= 0 && *p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > NAME_MAX) {
			close(fd);
			errno = ENOENT;
			return -1;
		}
		memcpy(seg, p, n);
		seg[n] = '\0';
		next = openat(fd, seg, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		close(fd);
		fd = next;
		p += n + (slash != NULL);
	}
	if (fd < 0 || fstat(fd, st) < 0)
		goto fail;
	/* a file named as a folder ("nea.csv/") is not there: served, it
	 * would be taken for a page (is_html), a CSV's cells as HTML */
	if (!S_ISDIR(st->st_mode) && *rel && rel[strlen(rel) - 1] == '/')
		goto fail;
	if (S_ISDIR(st->st_mode)) {
		if (*rel && rel[strlen(rel) - 1] != '/') {
			*is_dir = 1;
			return fd;
		}
		next = openat(fd, "index.html", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		close(fd);
		fd = next;
		if (fd < 0 || fstat(fd, st) < 0)
			goto fail;
	}
	if (S_ISREG(st->st_mode))
		return fd;
fail:
	if (fd >= 0)
		close(fd);
	errno = ENOENT;
	return -1;
}

static int is_html(const char *rel, size_t len)
{
	return len == 0 || rel[len - 1] == '/' || (len >= 5 && !strcasecmp(rel + len - 5, ".html"));
}

/* No good build yet: a page says why, for every page asked for. */
static enum MHD_Result send_no_site(struct serve *s, struct MHD_Connection *c, const struct buf *rel)
{
	if (!is_html(rel->s, rel->len))
		return send_page(s, c, MHD_HTTP_NOT_FOUND, "Not found", "There is no site yet.", NULL, 0);
	if (!s->failed)
		return send_page(s, c, MHD_HTTP_SERVICE_UNAVAILABLE, "Building the site",
				 "The first build is running; this page reloads when it is done.", NULL, 0);
	return send_page(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "The build failed",
			 "There is no good build to show yet.", s->diag.s, s->diag.len);
}

static enum MHD_Result send_file(struct serve *s, struct MHD_Connection *c, const char *url, const struct buf *rel)
{
	struct stat st;
	int root, fd, is_dir;
	struct buf b, page;

	root = s->good ? open(s->site, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (root < 0)
		return send_no_site(s, c, rel);
	fd = open_below(root, rel->s, &st, &is_dir);
	close(root);
	if (fd < 0)
		return send_page(s, c, MHD_HTTP_NOT_FOUND, "Not found", "The site has no such page or file.",
				 s->failed ? s->diag.s : NULL, s->diag.len);
	if (is_dir) {
		/* relative links in the folder's index.html need the '/' */
		struct MHD_Response *r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
		close(fd);
		buf_init(&b);
		buf_printf(&b, "%s/", url);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, b.s);
		buf_release(&b);
		return reply(c, MHD_HTTP_MOVED_PERMANENTLY, r, "text/plain; charset=utf-8");
	}
	if (!is_html(rel->s, rel->len)) {
		/* the response owns fd, once there is one */
		struct MHD_Response *r = MHD_create_response_from_fd((size_t)st.st_size, fd);
		if (!r)
			close(fd);
		return reply(c, MHD_HTTP_OK, r, type_of(rel->s, rel->len));
	}
	buf_init(&b);
	if (read_all(fd, &b) < 0) {
		const char *why = strerror(errno);
		close(fd);
		buf_release(&b);
		return send_page(s, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "Cannot read the page", why, NULL, 0);
	}
	close(fd);
	buf_init(&page);
	serve_page(&page, b.s, b.len, s->generation, s->failed ? s->diag.s : NULL, s->diag.len);
	buf_release(&b);
	return send_buf(c, MHD_HTTP_OK, &page, "text/html; charset=utf-8");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload_data, size_t *upload_size, void **con_cls)
{
	struct serve *s = cls;
	struct buf rel;
	enum serve_path kind;
	enum MHD_Result ok;

	(void)version;
	(void)upload_data;
	/* refused at once: the connection is closed, its body unread */
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return send_page(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed",
				 "bcfgen serve answers GET and HEAD only.", NULL, 0);
	if (!serve_host_ok(MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)))
		return send_page(s, c, MHD_HTTP_FORBIDDEN, "Forbidden",
				 "bcfgen serve answers only requests for this machine by its address or as "
				 "localhost.", NULL, 0);
	/* the first call has only the headers, and a GET with a body (which
	 * means nothing) has calls with it: the answer comes on the last
	 * call, as libmicrohttpd's examples do, which keeps the connection
	 * open for the next request */
	if (!*con_cls) {
		*con_cls = s;
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (!strncmp(url, RESERVED, strlen(RESERVED)))
		return send_reserved(s, c, url + strlen(RESERVED));
	buf_init(&rel);
	kind = serve_path_parse(url, &rel);
	if (kind == SERVE_PATH_FORBIDDEN)
		ok = send_page(s, c, MHD_HTTP_FORBIDDEN, "Forbidden",
			       "bcfgen serve answers only for files inside the site.", NULL, 0);
	else if (kind == SERVE_PATH_HIDDEN)
		ok = send_page(s, c, MHD_HTTP_NOT_FOUND, "Not found", "The site has no such page or file.", NULL, 0);
	else
		ok = send_file(s, c, url, &rel);
	buf_release(&rel);
	return ok;
}

/* The URL is left as sent: serve_path_parse undoes the escapes itself,
 * so that an escaped NUL or '/' is seen for what it is. */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

/* ---- building */

/* In the child: the build, its stderr into the log, then out. */
static _Noreturn void build_child(const struct serve *s, pid_t parent)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE };
	struct build_result r;
	sigset_t none;
	size_t i;
	int fd, rc, status;

	/* a server killed outright stops its build, which cleans up after itself */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent)
		_exit(3);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	fd = open(s->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || dup2(fd, 2) < 0 || dup2(fd, 1) < 0)
		_exit(3);
	/* the server's sockets: a connection it closes must not stay open here */
	close_range(3, ~0U, 0);
	diag_init(0);
	rc = build_run(&s->o, &r);
	diag_finish();
	status = diag_io_errors() ? 3 : diag_errors() ? 1 : 0;
	if (r.refused)
		status = r.refused;
	else if ((r.failed || rc < 0) && status == 0)
		status = 3;
	build_result_release(&r);
	fflush(NULL);
	_exit(status);
}

static void start_build(struct serve *s)
{
	pid_t parent = getpid();

	s->changed = 0;
	if (stat(s->site, &s->site_before) < 0)
		memset(&s->site_before, 0, sizeof(s->site_before));
	fflush(NULL);
	s->child_started = now_ms();
	s->child = fork();
	if (s->child == 0)
		build_child(s, parent);
	if (s->child < 0) {
		fprintf(stderr, "bcfgen serve: error: cannot start a build: %s\n", strerror(errno));
		s->child = 0;
		s->failed = 1;
		buf_reset(&s->diag);
		buf_printf(&s->diag, "bcfgen serve: cannot start a build: %s\n", strerror(errno));
		s->generation++;
	}
}

static void read_log(struct serve *s, int status)
{
	int fd = open(s->log, O_RDONLY | O_CLOEXEC);

	buf_reset(&s->diag);
	if (fd >= 0) {
		read_all(fd, &s->diag);
		close(fd);
	}
	if (s->diag.len > DIAG_KEEP) {
		size_t keep = DIAG_KEEP;
		/* not inside a character */
		while (keep && ((unsigned char)s->diag.s[keep] & 0xC0) == 0x80)
			keep--;
		buf_truncate(&s->diag, keep);
		buf_adds(&s->diag, "\n[... cut short here]\n");
	}
	if (WIFSIGNALED(status))
		buf_printf(&s->diag, "bcfgen serve: the build stopped with signal %d (%s)\n", WTERMSIG(status),
			   strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) && !s->diag.len)
		buf_printf(&s->diag, "bcfgen serve: the build failed (exit status %d) and said nothing\n",
			   WEXITSTATUS(status));
}

/* The build swapped a new site into place: the folder at s->site is
 * another (a build that found nothing changed leaves it be). */
static int site_replaced(const struct serve *s)
{
	struct stat now;

	if (stat(s->site, &now) < 0)
		return 0;
	return now.st_ino != s->site_before.st_ino || now.st_dev != s->site_before.st_dev;
}

/* The build has ended: what it said to the terminal (once, while it says
 * the same), and its outcome to the pages, whose generation changes
 * unless they would look as they did (a save that changed nothing). */
static void build_done(struct serve *s, int status)
{
	int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0, replaced = site_replaced(s), same;
	double secs = (double)(now_ms() - s->child_started) / 1000.0;
	struct buf before = s->diag;

	s->child = 0;
	buf_init(&s->diag);
	read_log(s, status);
	same = !replaced && (ok ? !s->failed
			     : s->failed && before.len == s->diag.len && !memcmp(before.s, s->diag.s, before.len));
	buf_release(&before);
	if (!ok || s->diag.len != s->printed.len || memcmp(s->diag.s, s->printed.s, s->diag.len)) {
		fwrite(s->diag.s, 1, s->diag.len, stderr);
		buf_reset(&s->printed);
		buf_add(&s->printed, s->diag.s, s->diag.len);
	}
	if (ok) {
		s->good = 1;
		s->failed = 0;
		buf_reset(&s->diag);
		if (!s->quiet && replaced)
			fprintf(stderr, "bcfgen serve: built in %.1f s\n", secs);
		else if (!s->quiet)
			fprintf(stderr, "bcfgen serve: nothing changed (%.1f s)\n", secs);
	} else {
		s->failed = 1;
		fprintf(stderr, "bcfgen serve: the build failed: %s\n",
			s->good ? "the last good build is still served, with these problems above each page"
				: "the pages show these problems until a build succeeds");
	}
	if (!same)
		s->generation++;
}

/* ---- the loop */

static int setup_signals(struct serve *s)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	/* MHD sends with MSG_NOSIGNAL; this is for anything else */
	signal(SIGPIPE, SIG_IGN);
	s->sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return s->sfd < 0 ? -1 : 0;
}

/* What came on the signalfd: 1 to stop, else 0. */
static int read_signals(struct serve *s)
{
	struct signalfd_siginfo si;
	int stop = 0, status;

	while (read(s->sfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo != SIGCHLD)
			stop = 1;
	}
	if (s->child && waitpid(s->child, &status, WNOHANG) == s->child)
		build_done(s, status);
	return stop;
}

/* How long until the changes are to be built (0: now), or -1 for
 * nothing to build now. */
static long long build_wait(const struct serve *s)
{
	long long due, now = now_ms();

	if (!s->changed || s->child)
		return -1;
	due = s->last + DEBOUNCE_MS;
	if (due > s->first + DEBOUNCE_MAX_MS)
		due = s->first + DEBOUNCE_MAX_MS;
	return due > now ? due - now : 0;
}

static int poll_timeout(const struct serve *s)
{
	MHD_UNSIGNED_LONG_LONG mhd;
	long long t = 1000, b = build_wait(s);

	if (b >= 0 && b < t)
		t = b;
	if (MHD_get_timeout(s->d, &mhd) == MHD_YES && (long long)mhd < t)
		t = (long long)mhd;
	return (int)t;
}

/* Until a signal to stop (0), or poll fails (-1). */
static int serve_loop(struct serve *s)
{
	int epfd = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_EPOLL_FD)->epoll_fd;

	for (;;) {
		struct pollfd p[3] = {
			{ .fd = epfd, .events = POLLIN },
			{ .fd = s->w.fd, .events = POLLIN },
			{ .fd = s->sfd, .events = POLLIN },
		};
		int stop = 0;
		if (poll(p, 3, poll_timeout(s)) < 0 && errno != EINTR) {
			fprintf(stderr, "bcfgen serve: error: poll: %s\n", strerror(errno));
			return -1;
		}
		if (p[2].revents)
			stop = read_signals(s);
		if ((p[1].revents && watch_read(&s->w) > 0) || (s->w.lost && watch_retry(&s->w))) {
			s->last = now_ms();
			if (!s->changed)
				s->first = s->last;
			s->changed = 1;
		}
		MHD_run(s->d);
		if (stop)
			return 0;
		if (build_wait(s) == 0)
			start_build(s);
	}
}

/* ---- the command */

static int usage(const char *fmt, const char *arg)
{
	fputs("bcfgen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n", stderr);
	fputs(serve_usage, stderr);
	return 2;
}

/* As bcfgen build finds its templates and assets (main.c's find_folder,
 * repeated in short): given, else ./NAME, else the installed one. */
static int find_folder(const char **dir, int given, const char *name, const char *installed)
{
	struct stat st;

	if (!given && !(stat(name, &st) == 0 && S_ISDIR(st.st_mode)))
		*dir = installed;
	if (stat(*dir, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	fprintf(stderr, "bcfgen: error: no %s folder '%s': give the folder that holds bcfgen's %s\n", name, *dir,
		name);
	return 2;
}

struct listen {
	struct sockaddr_storage addr;
	int v6;
	const char *host;
	long port;
};

static int parse_args(int argc, char **argv, struct serve *s, struct listen *l)
{
	static const struct option longopts[] = {
		{ "metrics", required_argument, NULL, 'm' },
		{ "templates", required_argument, NULL, 't' },
		{ "assets", required_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "period", required_argument, NULL, 'p' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "all-areas", no_argument, NULL, 'A' },
		{ "port", required_argument, NULL, 'P' },
		{ "bind", required_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, t_given = 0, a_given = 0;
	char *end;
	long j;

	optind = 2;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":m:t:a:o:j:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'm': s->o.metrics_dir = optarg; break;
		case 't': s->o.templates_dir = optarg; t_given = 1; break;
		case 'a': s->o.assets_dir = optarg; a_given = 1; break;
		case 'o':
			return usage("%s", "serve never writes to an output folder (-o): it builds into a private "
				     "one; publish with 'bcfgen build -o DIR'");
		case 'p':
			if (period_parse(optarg, strlen(optarg), PERIOD_QUARTER, &s->o.last_quarter) < 0 ||
			    s->o.last_quarter.kind != PERIOD_QUARTER)
				return usage("--period '%s' is not a quarter: expected e.g. '2018-19 Q2'", optarg);
			break;
		case 'j':
			j = strtol(optarg, &end, 10);
			if (*end || j < 1 || j > 1024)
				return usage("-j '%s': expected a number of jobs from 1 to 1024", optarg);
			s->o.jobs = (int)j;
			break;
		case 'A': s->o.all_areas = 1; break;
		case 'P':
			l->port = strtol(optarg, &end, 10);
			if (!*optarg || *end || l->port < 0 || l->port > 65535)
				return usage("--port '%s': expected a port number from 0 (any free one) to 65535",
					     optarg);
			break;
		case 'B': l->host = optarg; break;
		case 'q': s->quiet = 1; break;
		case 'h':
			fputs(serve_usage, stdout);
			fputs(serve_help, stdout);
			return 1;
		case ':':
			return usage("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage("unexpected argument '%s'", argv[optind]);
	if (inet_pton(AF_INET, l->host, &((struct sockaddr_in *)(void *)&l->addr)->sin_addr) == 1) {
		((struct sockaddr_in *)(void *)&l->addr)->sin_family = AF_INET;
		((struct sockaddr_in *)(void *)&l->addr)->sin_port = htons((uint16_t)l->port);
	} else if (inet_pton(AF_INET6, l->host, &((struct sockaddr_in6 *)(void *)&l->addr)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)(void *)&l->addr)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)(void *)&l->addr)->sin6_port = htons((uint16_t)l->port);
		l->v6 = 1;
	} else {
		return usage("--bind '%s': expected an IP address, such as 127.0.0.1 or ::1", l->host);
	}
	if (find_folder(&s->o.templates_dir, t_given, "templates", BCFGEN_DATADIR "/templates") ||
	    find_folder(&s->o.assets_dir, a_given, "assets", BCFGEN_DATADIR "/assets"))
		return 2;
	return 0;
}

static char *join(const char *a, const char *b)
{
	struct buf p;

	buf_init(&p);
	buf_printf(&p, "%s/%s", a, b);
	return buf_detach(&p, NULL);
}

/* The private folder, under $TMPDIR or /tmp. */
static int make_private(struct serve *s)
{
	const char *tmp = getenv("TMPDIR");
	char *t;

	t = join(tmp && *tmp ? tmp : "/tmp", "bcfgen-serve.XXXXXX");
	if (!mkdtemp(t)) {
		fprintf(stderr, "bcfgen serve: error: %s: cannot make a private folder: %s\n", t, strerror(errno));
		free(t);
		return -1;
	}
	s->priv = t;
	s->site = join(t, "site");
	s->log = join(t, "build.log");
	s->o.out_dir = s->site;
	return 0;
}

/* The watched folder (metrics, templates or assets) that holds the
 * private folder, or NULL: each build would write there, its writes be
 * seen as a change, and builds follow one another without end. */
static const char *holds_private(const struct serve *s, const char *const *roots)
{
	char priv[PATH_MAX], root[PATH_MAX];
	size_t i, n;

	if (!realpath(s->priv, priv))
		return NULL;
	for (i = 0; roots[i]; i++) {
		if (!realpath(roots[i], root))
			continue;
		n = strlen(root);
		if (!strncmp(priv, root, n) && (n == 1 || priv[n] == '/'))
			return roots[i];
	}
	return NULL;
}

/* libmicrohttpd's own messages (a port in use, a connection it gave up
 * on), named as bcfgen's; they end in a newline of their own. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("bcfgen serve: libmicrohttpd: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static int start_daemon(struct serve *s, struct listen *l)
{
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG | (l->v6 ? MHD_USE_IPv6 : 0);

	/* the logger first, as libmicrohttpd asks */
	s->d = MHD_start_daemon(flags, (uint16_t)l->port, NULL, NULL, on_request, s,
				MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
				MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&l->addr,
				MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
				MHD_OPTION_END);
	if (!s->d) {
		fprintf(stderr, "bcfgen serve: error: cannot listen on %s port %ld (%s)\n", l->host, l->port,
			l->port ? "is it in use? give another --port" : "give another --bind");
		return -1;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	printf("Serving http://%s%s%s:%u/ (rebuilt when the inputs change; Ctrl-C stops)\n", l->v6 ? "[" : "",
	       l->host, l->v6 ? "]" : "", info ? (unsigned)info->port : (unsigned)l->port);
	fflush(stdout);
	return 0;
}

int serve_main(int argc, char **argv)
{
	struct serve s;
	struct listen l;
	const char *roots[4], *failed;
	int rc, status;

	memset(&s, 0, sizeof(s));
	memset(&l, 0, sizeof(l));
	s.o.metrics_dir = "metrics";
	s.o.templates_dir = "templates";
	s.o.assets_dir = "assets";
	s.o.last_quarter.kind = PERIOD_NONE;
	s.o.quiet = 1;		/* the build's problems only, into the log */
	s.sfd = -1;
	s.w.fd = -1;
	l.host = "127.0.0.1";
	rc = parse_args(argc, argv, &s, &l);
	if (rc)
		return rc == 1 ? 0 : rc;
	buf_init(&s.diag);
	buf_init(&s.printed);
	roots[0] = s.o.metrics_dir;
	roots[1] = s.o.templates_dir;
	roots[2] = s.o.assets_dir;
	roots[3] = NULL;
	rc = 3;
	if (setup_signals(&s) < 0) {
		fprintf(stderr, "bcfgen serve: error: cannot take signals: %s\n", strerror(errno));
		goto out;
	}
	if (watch_open(&s.w, roots, &failed) < 0) {
		if ((errno == ENOENT || errno == ENOTDIR) && failed == s.o.metrics_dir)
			fprintf(stderr, "bcfgen serve: error: %s: no such folder: give the metrics folder with -m\n",
				failed);
		else if (errno == ENOSPC)
			fprintf(stderr, "bcfgen serve: error: %s: cannot watch its folders for changes: the system's "
				"limit of inotify watches is reached (raise fs.inotify.max_user_watches)\n", failed);
		else
			fprintf(stderr, "bcfgen serve: error: %s: cannot watch %s for changes: %s\n",
				failed ? failed : s.o.metrics_dir, failed ? "this folder and those below it" : "folders",
				strerror(errno));
		goto out;
	}
	if (make_private(&s) < 0)
		goto out;
	if ((failed = holds_private(&s, roots))) {
		fprintf(stderr, "bcfgen serve: error: %s: the private folder is inside %s, which is watched, so each "
			"build would start another: set TMPDIR to a folder outside it\n", s.priv, failed);
		goto out;
	}
	if (start_daemon(&s, &l) < 0)
		goto out;
	start_build(&s);
	rc = serve_loop(&s) < 0 ? 3 : 0;
out:
	if (s.d)
		MHD_stop_daemon(s.d);
	if (s.child) {
		while (waitpid(s.child, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (s.priv && rmtree_at(AT_FDCWD, s.priv) < 0) {
		fprintf(stderr, "bcfgen serve: error: %s: cannot remove the private folder: %s\n", s.priv,
			strerror(errno));
		rc = 3;
	}
	watch_release(&s.w);
	if (s.sfd >= 0)
		close(s.sfd);
	free(s.priv);
	free(s.site);
	free(s.log);
	buf_release(&s.diag);
	buf_release(&s.printed);
	return rc;
}
