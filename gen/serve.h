#ifndef BCF_SERVE_H
#define BCF_SERVE_H
/* bcfgen serve: build the site into a private folder, serve it over HTTP
 * on this machine, rebuild it whenever an input, template or asset
 * changes, and reload the pages open in a browser.  The published output
 * folder is never written; the script that reloads pages is put only into
 * the copies served, never into the built files. */
#include <stddef.h>

struct buf;

/* The command: argv[1] is "serve".  Returns the exit status: 0 when
 * stopped by SIGINT or SIGTERM, 2 for a usage error, 3 when the server
 * could not start. */
int serve_main(int argc, char **argv);

/* What a request's path may be. */
enum serve_path {
	SERVE_PATH_OK,
	SERVE_PATH_FORBIDDEN,	/* '..' or '.', a backslash, NUL or a control
				 * character, a bad escape, an empty segment,
				 * not starting with '/' */
	SERVE_PATH_HIDDEN	/* a segment starting with '.': not the site's */
};

/* Decode url (as sent: %HH escapes undone here, after which '/' from %2F
 * separates too) into rel, a path relative to the site's root with no
 * leading '/'; a trailing '/' is kept ("" is the root). */
enum serve_path serve_path_parse(const char *url, struct buf *rel);

/* 1 when a request's Host header (NULL: none) names this machine by an
 * IP address or as localhost, with or without a port; 0 for any other
 * name, which only a page elsewhere rebinding that name to this machine's
 * address would send (DNS rebinding): the preview, unpublished figures
 * perhaps, is not theirs to read. */
int serve_host_ok(const char *host);

/* Append to out the served copy of the page html[0..len): its Content-
 * Security-Policy meta widened to let the reload script run ('self' for
 * script-src, connect-src and style-src), the server's stylesheet before
 * </head>, when diag is not NULL a banner with role=alert holding
 * diag[0..diag_len) escaped after <body>, and the reload script, told the
 * build's generation, before the last </body>. */
void serve_page(struct buf *out, const char *html, size_t len, unsigned long generation, const char *diag,
		size_t diag_len);

#endif
