/* The publishing output: what other sites read of this one, written only
 * when site.ini gives base_url, the site's address.  feed.xml, an Atom
 * 1.0 feed (RFC 4287) of the home area's reports, each summed up in its
 * metrics' headlines; sitemap.xml, every HTML page (sitemaps.org protocol
 * 0.9); robots.txt naming it.  Every address is absolute: base_url and
 * the file's path in the site, the same as the pages' canonical links.
 * The pages' own tags are html.c's, their cards charts.c's. */
#include "output.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "model.h"
#include "narrative.h"
#include "report.h"
#include "site.h"
#include "sitemap.h"
#include "words.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The protocol's most addresses in one sitemap file: past it, sitemap.xml
 * is an index of sitemap-1.xml, sitemap-2.xml... */
#ifndef SITEMAP_MAX_URLS
#define SITEMAP_MAX_URLS 50000
#endif

struct social {
	const struct publish *p;
	const char *base;		/* base_url, ending in '/' */
};

/* U+FFFE or U+FFFF (EF BF BE, EF BF BF) at s: valid UTF-8, which the
 * inputs may hold, but no character of XML 1.0's, so a feed with one is
 * not well-formed. */
static int xml_nonchar(const char *s)
{
	return (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBF &&
	       ((unsigned char)s[2] == 0xBE || (unsigned char)s[2] == 0xBF);
}

/* s as XML character data or an attribute's value: markup escaped, and
 * the characters XML 1.0 has no place for (controls, U+FFFE, U+FFFF)
 * left out. */
static void xml_text(struct buf *b, const char *s)
{
	size_t start = 0, i, skip;

	for (i = 0; s[i]; i += skip) {
		unsigned char ch = (unsigned char)s[i];
		skip = 1;
		if (xml_nonchar(s + i))
			skip = 3;
		else if (ch >= 0x20 ? ch != 0x7f : ch == '\t' || ch == '\n' || ch == '\r')
			continue;
		buf_add_html(b, s + start, i - start);
		start = i + skip;
	}
	buf_add_html(b, s + start, i - start);
}

/* An element of text: <name>s</name> and a line end, indented. */
static void xml_element(struct buf *b, const char *indent, const char *name, const char *s)
{
	buf_printf(b, "%s<%s>", indent, name);
	xml_text(b, s);
	buf_printf(b, "</%s>\n", name);
}

/* A URL of the site: base_url and a path made of validated names. */
static void xml_url(struct buf *b, const struct social *c, const char *rel)
{
	xml_text(b, c->base);
	xml_text(b, rel);
}

/* The moment the site says it was generated, as RFC 3339 (UTC). */
static void rfc3339(const struct sitemap *map, char *out, size_t size)
{
	time_t t = (time_t)map->generated_at;
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- headlines.txt, in each report folder ---- */

/* The report's headlines: each metric's, as its page opens, one a line.
 * The feed's summaries are read from them once every report is in the
 * new site (the driver has no report's figures worked out, and a report
 * taken whole from the last build has its file from there). */
static int social_report(void *self, const struct place *pl, const struct report_metric *rms, size_t n, int taken,
			 struct arena *a)
{
	const struct social *c = self;
	struct buf b;
	size_t i;
	int rc;

	if (taken || !*c->base)
		return 0;
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s\n", words_summary(a, c->p->m, &rms[i]));
	rc = site_write(c->p->site, arena_printf(a, "%s/headlines.txt", pl->folder), b.s, b.len);
	buf_release(&b);
	return rc;
}

/* ---- feed.xml ---- */

/* The headlines of the home area's report of quarter q, from the new
 * site, without the last line's end; 0 or -1 (reported). */
static int report_summary(const struct social *c, struct arena *a, struct buf *b, size_t q)
{
	const char *path = arena_printf(a, "%s/%s/headlines.txt", c->p->site->tmp,
					words_period_slug(a, &c->p->map->quarters[q]));
	FILE *f = fopen(path, "rb");
	char piece[8192];
	size_t got;
	int err;

	if (!f) {
		diag_io(path, "cannot read the report's headlines for the feed", errno);
		return -1;
	}
	while ((got = fread(piece, 1, sizeof(piece), f)) > 0)
		buf_add(b, piece, got);
	err = ferror(f);
	fclose(f);
	if (err) {
		diag_io(path, "cannot read the report's headlines for the feed", EIO);
		return -1;
	}
	while (b->len && b->s[b->len - 1] == '\n')
		buf_truncate(b, b->len - 1);
	return 0;
}

static int write_feed(const struct social *c)
{
	const struct publish *p = c->p;
	const struct settings *st = &p->m->settings;
	struct buf b, summary;
	struct arena a;
	char when[32];
	size_t q;
	int rc = 0;

	arena_init(&a);
	buf_init(&b);
	buf_init(&summary);
	rfc3339(p->map, when, sizeof(when));
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" "
		     "xml:lang=\"en-GB\">\n");
	xml_element(&b, "  ", "title", st->title);
	buf_adds(&b, "  <id>");
	xml_url(&b, c, "");
	buf_adds(&b, "</id>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"");
	xml_url(&b, c, "feed.xml");
	buf_adds(&b, "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"");
	xml_url(&b, c, "index.html");
	buf_adds(&b, "\"/>\n");
	xml_element(&b, "  ", "updated", when);
	buf_adds(&b, "  <author>\n");
	xml_element(&b, "    ", "name", *st->organisation ? st->organisation : st->title);
	buf_adds(&b, "  </author>\n  <generator>bcfgen</generator>\n");
	/* newest first */
	for (q = p->map->n_quarters; q-- > 0 && rc == 0;) {
		const char *rel = arena_printf(&a, "%s/index.html", words_period_slug(&a, &p->map->quarters[q]));
		buf_adds(&b, "  <entry>\n");
		xml_element(&b, "    ", "title", arena_printf(&a, "%s report", words_period_label(&a, &p->map->quarters[q])));
		buf_adds(&b, "    <link rel=\"alternate\" type=\"text/html\" href=\"");
		xml_url(&b, c, rel);
		buf_adds(&b, "\"/>\n    <id>");
		xml_url(&b, c, rel);
		buf_adds(&b, "</id>\n");
		xml_element(&b, "    ", "updated", when);
		buf_truncate(&summary, 0);
		rc = report_summary(c, &a, &summary, q);
		buf_adds(&b, "    <summary type=\"text\">");
		xml_text(&b, summary.len ? summary.s : "");
		buf_adds(&b, "</summary>\n  </entry>\n");
		arena_reset(&a);
	}
	buf_adds(&b, "</feed>\n");
	if (rc == 0)
		rc = site_write(p->site, "feed.xml", b.s, b.len);
	buf_release(&summary);
	buf_release(&b);
	arena_release(&a);
	return rc;
}

/* ---- sitemap.xml and robots.txt ---- */

static int str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Every HTML page of the site, as html.c writes them, sorted; in a. */
static const char **html_pages(const struct social *c, struct arena *a, size_t *n_out)
{
	const struct publish *p = c->p;
	const struct sitemap *map = p->map;
	size_t cap = 0, n = 0, slot, q, i;
	const char **pages = NULL;

#define ADD(s) (pages = arena_grow(a, pages, sizeof(*pages), &cap, n + 1), pages[n++] = (s))
	ADD("index.html");
	for (i = 0; i < p->nv->n_pages; i++)
		ADD(arena_printf(a, "%s.html", p->nv->pages[i].name));
	if (p->all_areas) {
		ADD("areas/index.html");
		for (slot = 1; slot < map->n_slots; slot++)
			ADD(arena_printf(a, "%sindex.html", map->slot_dir[slot]));
	}
	for (slot = 0; slot < map->n_slots; slot++)
		for (q = 0; q < map->n_quarters; q++) {
			const char *folder = arena_printf(a, "%s%s", map->slot_dir[slot],
							  words_period_slug(a, &map->quarters[q]));
			ADD(arena_printf(a, "%s/index.html", folder));
			ADD(arena_printf(a, "%s/print.html", folder));
			for (i = 0; i < p->m->n_metrics; i++)
				ADD(arena_printf(a, "%s/%s.html", folder, p->m->metrics[i].id));
		}
#undef ADD
	qsort(pages, n, sizeof(*pages), str_cmp);
	*n_out = n;
	return pages;
}

/* A <urlset> of pages[0..n) into the file name. */
static int write_urlset(const struct social *c, const char *name, const char *const *pages, size_t n)
{
	struct buf b;
	size_t i;
	int rc;

	buf_init(&b);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = 0; i < n; i++) {
		buf_adds(&b, "  <url><loc>");
		xml_url(&b, c, pages[i]);
		buf_adds(&b, "</loc></url>\n");
	}
	buf_adds(&b, "</urlset>\n");
	rc = site_write(c->p->site, name, b.s, b.len);
	buf_release(&b);
	return rc;
}

/* sitemap.xml: the pages, or past SITEMAP_MAX_URLS an index of files of
 * that many each. */
static int write_sitemap(const struct social *c)
{
	struct arena a;
	struct buf b;
	size_t n, i;
	const char **pages;
	int rc = 0;

	arena_init(&a);
	pages = html_pages(c, &a, &n);
	if (n <= SITEMAP_MAX_URLS) {
		rc = write_urlset(c, "sitemap.xml", pages, n);
		arena_release(&a);
		return rc;
	}
	buf_init(&b);
	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		     "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (i = 0; i * SITEMAP_MAX_URLS < n && rc == 0; i++) {
		const char *name = arena_printf(&a, "sitemap-%zu.xml", i + 1);
		size_t k = n - i * SITEMAP_MAX_URLS;
		rc = write_urlset(c, name, pages + i * SITEMAP_MAX_URLS, k < SITEMAP_MAX_URLS ? k : SITEMAP_MAX_URLS);
		buf_adds(&b, "  <sitemap><loc>");
		xml_url(&b, c, name);
		buf_adds(&b, "</loc></sitemap>\n");
	}
	buf_adds(&b, "</sitemapindex>\n");
	if (rc == 0)
		rc = site_write(c->p->site, "sitemap.xml", b.s, b.len);
	buf_release(&b);
	arena_release(&a);
	return rc;
}

static int write_robots(const struct social *c)
{
	struct buf b;
	int rc;

	buf_init(&b);
	buf_printf(&b, "User-agent: *\nAllow: /\nSitemap: %ssitemap.xml\n", c->base);
	rc = site_write(c->p->site, "robots.txt", b.s, b.len);
	buf_release(&b);
	return rc;
}

static int social_site(void *self)
{
	const struct social *c = self;

	if (!*c->base)
		return 0;
	if (write_feed(c) < 0 || write_sitemap(c) < 0 || write_robots(c) < 0)
		return -1;
	return 0;
}

static void *social_open(const struct publish *p)
{
	struct social *c = calloc(1, sizeof(*c));

	if (!c)
		xoom();
	c->p = p;
	c->base = p->m->settings.base_url;
	return c;
}

static void social_close(void *self)
{
	free(self);
}

const struct output output_social = {
	.name = "social",
	.open = social_open,
	.report = social_report,
	.site = social_site,
	.close = social_close,
};
