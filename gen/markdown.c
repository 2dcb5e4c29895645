#include "markdown.h"
#include "arena.h"
#include "buf.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdlib.h>
#include <string.h>

static const int options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

static cmark_node *parse(const char *src, size_t len, cmark_parser **out)
{
	static const char *const exts[] = { "table", "strikethrough", "autolink", NULL };
	cmark_parser *p;
	int i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(options);
	for (i = 0; exts[i]; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	cmark_parser_feed(p, src, len);
	*out = p;
	return cmark_parser_finish(p);
}

void markdown_render(const char *src, size_t len, int top, struct buf *out)
{
	cmark_parser *p;
	cmark_node *doc = parse(src, len, &p);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	char *html;
	int highest = 7, shift;

	/* the document's highest heading becomes level top, the rest follow,
	 * so headings nest under the page's own whatever the writer chose */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) < highest)
			highest = cmark_node_get_heading_level(n);
	}
	shift = highest <= 6 && top > 0 ? top - highest : 0;
	cmark_iter_reset(it, doc, CMARK_EVENT_ENTER);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			int level = cmark_node_get_heading_level(n) + shift;
			cmark_node_set_heading_level(n, level > 6 ? 6 : level < 1 ? 1 : level);
		}
	}
	cmark_iter_free(it);
	html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(p));
	buf_adds(out, html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(p);
}

char *markdown_title(const char *src, size_t len)
{
	cmark_parser *p;
	cmark_node *doc = parse(src, len, &p);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct buf b;
	int in = 0, done = 0;

	buf_init(&b);
	while (!done && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1) {
			if (ev == CMARK_EVENT_ENTER)
				in = 1;
			else
				done = 1;
		} else if (in && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)) {
			const char *lit = cmark_node_get_literal(n);
			if (lit)
				buf_adds(&b, lit);
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(p);
	if (!done || !b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}
