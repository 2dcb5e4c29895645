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
/* The text of the first level-1 heading, or NULL; caller frees. */
char *markdown_title(const char *src, size_t len);

#endif
