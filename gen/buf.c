#include "buf.h"
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(struct buf *b)
{
	b->s = buf_empty;
	b->len = b->cap = 0;
}

void buf_release(struct buf *b)
{
	if (b->cap)
		free(b->s);
	buf_init(b);
}

void buf_reset(struct buf *b)
{
	buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	if (b->cap)
		b->s[len] = '\0';
}

static void buf_grow(struct buf *b, size_t extra)
{
	size_t need = b->len + extra + 1, ncap;

	if (need <= b->cap)
		return;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap *= 2;
	b->s = b->cap ? xrealloc(b->s, ncap) : xmalloc(ncap);
	if (!b->cap)
		b->s[0] = '\0';
	b->cap = ncap;
}

void buf_add(struct buf *b, const char *s, size_t len)
{
	if (!len)
		return;
	buf_grow(b, len);
	memcpy(b->s + b->len, s, len);
	b->len += len;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void buf_add_html(struct buf *b, const char *s, size_t len)
{
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, s + start, i - start);
		buf_adds(b, rep);
		start = i + 1;
	}
	buf_add(b, s + start, len - start);
}

void buf_add_csv(struct buf *b, const char *s, size_t len)
{
	size_t i;
	int quote = 0;

	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	/* a text starting = + - @, a tab or a carriage return is read as a
	 * formula by spreadsheets: a quote before it makes it text (OWASP) */
	if (len && memchr("=+-@\t\r", s[0], 6))
		quote = 2;
	if (!quote) {
		buf_add(b, s, len);
		return;
	}
	buf_addc(b, '"');
	if (quote == 2)
		buf_addc(b, '\'');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			buf_addc(b, '"');
		buf_addc(b, s[i]);
	}
	buf_addc(b, '"');
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s;

	if (!b->cap)
		buf_grow(b, 0);
	s = b->s;
	if (len)
		*len = b->len;
	buf_init(b);
	return s;
}
