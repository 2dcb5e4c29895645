#ifndef BCF_MARKDOWN_H
#define BCF_MARKDOWN_H
/* Markdown to HTML with cmark-gfm (tables, strikethrough, autolinks), safe
 * by default: raw HTML is left out and javascript:, vbscript:, file: and
 * data: links are dropped. */
#include <stddef.h>

struct buf;

/* Render src[0..len) as HTML into out.  Headings are renumbered so the
 * highest one in the text becomes level top (2 under a page's h1) and the
 * others keep their depth below it (at most h6); top 0 leaves them as
 * written. */
void markdown_render(const char *src, size_t len, int top, struct buf *out);
/* Largest Markdown file read (narrative, standing pages). */
#define MARKDOWN_MAX_SIZE (1u << 20)
/* Refuse text that would take cmark-gfm (0.29.0.gfm.6, Debian's) too long
 * to render: its known quadratic cases need deep nesting, long runs of
 * brackets, emphasis, '<' or '@' in one paragraph, wide or huge tables, or
 * reference links used many times.  Each limit is reported at
 * path:line (line0 is the line src starts on); 0, or -1 when refused. */
int markdown_check(const char *path, int line0, const char *src, size_t len);
/* The text of the first level-1 heading, or NULL; caller frees. */
char *markdown_title(const char *src, size_t len);

#endif
