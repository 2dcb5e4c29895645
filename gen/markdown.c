#include "markdown.h"
#include "arena.h"
#include "buf.h"
#include "diag.h"

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

/* ---- limits that keep rendering time linear ----
 * Measured on 1 MiB inputs (cmark's pathological tests and the advisories
 * fixed after 0.29.0.gfm.6): '![[]()' repeated, 'a@b.' repeated, '<?' and
 * '<![CDATA[' runs, interleaved '*' and '_' (cmark#389) run for minutes in
 * one paragraph; '>' or '- ' nested 100,000 deep with emphasis or blank
 * lines after it likewise; a 5,000-column table fills in cells to 2 GB; a
 * long reference definition used 250,000 times writes 266 MB.  Within
 * these limits each of them renders in well under a second. */
#define MD_MAX_DEPTH 10		/* containers open on a line: markers, or indent / 2 */
#define MD_MAX_MARKS 1000	/* [ ] ! < * _ ~ ` in one paragraph */
#define MD_MAX_LTS 100		/* '<' (raw HTML, autolinks) in one paragraph */
#define MD_MAX_ATS 100		/* '@' (e-mail autolinks) in one paragraph */
#define MD_MAX_ATS_FILE 10000	/* '@' in a file */
#define MD_MAX_COLUMNS 128
#define MD_MAX_CELLS 100000	/* table cells in a file, filled-in ones too */
#define MD_MAX_BRACKETS 10000	/* '[' in a file */
#define MD_MAX_EXPANSION (16u << 20)	/* '[' x the longest paragraph with a reference definition */

/* The cells of a table delimiter row ('|---|:-:|'), or 0 if s is not one. */
static size_t delimiter_cells(const char *s, size_t len)
{
	size_t i, cells = 0, pipes = 0;
	int dash = 0;

	for (i = 0; i < len; i++) {
		char ch = s[i];
		if (ch == '-') {
			if (!dash)
				cells++;
			dash = 1;
		} else if (ch == '|') {
			pipes++;
			dash = 0;
		} else if (ch != ':' && ch != ' ' && ch != '\t' && ch != '\v' && ch != '\f' && ch != '\r') {
			return 0;
		}
	}
	return cells;
}

/* How deep the line's containers are: its block quote and list markers,
 * or half its indentation (a nested list item is indented at least two
 * columns more than its parent), whichever is more; *content is set past
 * them.  Each line costs cmark time in proportion to this depth, a blank
 * one too. */
static int line_depth(const char *s, size_t len, size_t *content, int *item)
{
	size_t i = 0, k, cols = 0;
	int depth = 0;

	*item = 0;

	for (;;) {
		size_t j;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < len && s[i] == '>') {
			i++;
			depth++;
			continue;
		}
		j = i;
		if (j < len && (s[j] == '-' || s[j] == '+' || s[j] == '*')) {
			j++;
		} else {
			while (j < len && j - i < 9 && s[j] >= '0' && s[j] <= '9')
				j++;
			if (j == i || j >= len || (s[j] != '.' && s[j] != ')'))
				break;
			j++;
		}
		if (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\r')
			break;
		i = j;
		depth++;
		*item = 1;
	}
	*content = i;
	for (k = 0; k < i; k++)
		cols += s[k] == '\t' ? 4 : 1;
	return (int)(cols / 2) > depth ? (int)(cols / 2) : depth;
}

/* A link reference definition '[label]:' starts at s (after containers). */
static int is_ref_def(const char *s, size_t len)
{
	size_t i;
	if (!len || s[0] != '[')
		return 0;
	for (i = 1; i + 1 < len && s[i] != ']'; i++)
		if (s[i] == '\\')
			i++;
	return i + 1 < len && s[i] == ']' && s[i + 1] == ':';
}

int markdown_check(const char *path, int line0, const char *src, size_t len)
{
	size_t pos = 0, marks = 0, lts = 0, ats = 0, all_ats = 0, para_start = 0, brackets = 0, cells = 0, table_cols = 0;
	size_t max_ref_para = 0;
	int line = line0, para_line = line0, in_ref = 0, prev_blank = 1;
	int said_marks = 0, said_lts = 0, said_ats = 0, said_depth = 0, said_cols = 0, said_cells = 0;

	while (pos < len) {
		const char *s = src + pos;
		size_t n = 0, c, i, dc;
		int depth, blank = 1, item;

		/* a line ends at '\n', '\r' or both, as cmark reads it */
		while (pos + n < len && s[n] != '\n' && s[n] != '\r')
			n++;
		depth = line_depth(s, n, &c, &item);

		/* blank as cmark sees it: spaces and tabs only (a line of
		 * '\v' or '\f' goes on with the paragraph) */
		for (i = c; i < n; i++)
			if (s[i] != ' ' && s[i] != '\t')
				blank = 0;
		if (blank) {
			/* a paragraph ends */
			if (in_ref && pos - para_start > max_ref_para)
				max_ref_para = pos - para_start;
			marks = lts = ats = 0;
			in_ref = 0;
			table_cols = 0;
			prev_blank = 1;
		} else {
			if (prev_blank) {
				para_start = pos;
				para_line = line;
			}
			/* a list item, and a table's row, is parsed for its
			 * inlines on its own: count marks afresh */
			if (item || table_cols) {
				marks = lts = ats = 0;
				para_line = line;
			}
			prev_blank = 0;
			if (depth > MD_MAX_DEPTH && !said_depth++)
				diag_error(path, line, 0, "block quotes and lists nested %d deep (a level is a '>', a list "
					   "marker or two columns of indent): at most %d", depth, MD_MAX_DEPTH);
			if (is_ref_def(s + c, n - c))
				in_ref = 1;
			dc = pos == para_start ? 0 : delimiter_cells(s + c, n - c);
			if (dc) {
				table_cols = dc;
				cells += dc;	/* the header */
				if (dc > MD_MAX_COLUMNS && !said_cols++)
					diag_error(path, line, 0, "a table of %zu columns: at most %d", dc, MD_MAX_COLUMNS);
			}
			if (table_cols) {
				cells += table_cols;
				if (cells > MD_MAX_CELLS && !said_cells++)
					diag_error(path, line, 0, "more than %d table cells in one file (counting the "
						   "empty cells a short row is given): split the table into files", MD_MAX_CELLS);
			}
			for (i = c; i < n; i++) {
				switch (s[i]) {
				case '[':
					brackets++;
					/* fall through */
				case ']': case '!': case '*': case '_': case '~': case '`':
					marks++;
					break;
				case '<':
					marks++;
					lts++;
					break;
				case '@':
					ats++;
					all_ats++;
					break;
				}
			}
			if (marks > MD_MAX_MARKS && !said_marks++)
				diag_error(path, para_line, 0, "more than %d of [ ] ! < * _ ~ ` in one paragraph (by line %d): "
					   "split it with blank lines, as such runs take cmark too long to render",
					   MD_MAX_MARKS, line);
			if (lts > MD_MAX_LTS && !said_lts++)
				diag_error(path, para_line, 0, "more than %d '<' in one paragraph (by line %d): split it "
					   "with blank lines, as each may start HTML that cmark looks for the end of",
					   MD_MAX_LTS, line);
			if (ats > MD_MAX_ATS && !said_ats++)
				diag_error(path, para_line, 0, "more than %d '@' in one paragraph (by line %d): split it "
					   "with blank lines, as e-mail links take cmark too long to find", MD_MAX_ATS, line);
		}
		line++;
		pos += n + (pos + n + 1 < len && s[n] == '\r' && s[n + 1] == '\n' ? 2 : 1);
	}
	if (in_ref && len - para_start > max_ref_para)
		max_ref_para = len - para_start;
	if (all_ats > MD_MAX_ATS_FILE && !said_ats++)
		diag_error(path, 0, 0, "%zu '@' in one file: at most %d", all_ats, MD_MAX_ATS_FILE);
	if (brackets > MD_MAX_BRACKETS)
		diag_error(path, 0, 0, "%zu links or '[' in one file: at most %d", brackets, MD_MAX_BRACKETS);
	else if (max_ref_para && brackets * max_ref_para > MD_MAX_EXPANSION)
		diag_error(path, 0, 0, "%zu '[' with reference definitions of up to %zu bytes could fill %zu MiB: "
			   "write links in place, as [text](address)", brackets, max_ref_para,
			   brackets * max_ref_para >> 20);
	return said_marks || said_lts || said_ats || said_depth || said_cols || said_cells || brackets > MD_MAX_BRACKETS ||
	       (max_ref_para && brackets * max_ref_para > MD_MAX_EXPANSION) ? -1 : 0;
}
