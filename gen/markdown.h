#ifndef BCF_MARKDOWN_H
#define BCF_MARKDOWN_H
/* Markdown to HTML with cmark-gfm (tables, strikethrough, autolinks), safe
 * by default: raw HTML is left out and javascript:, vbscript:, file: and
 * data: links are dropped. */
#include <stddef.h>

struct buf;

/* Render src[0..len) as HTML into out, with every heading moved down by
 * shift levels (at most h6) so narrative fits under the page's h1. */
void markdown_render(const char *src, size_t len, int shift, struct buf *out);
/* The text of the first level-1 heading, or NULL; caller frees. */
char *markdown_title(const char *src, size_t len);

#endif
