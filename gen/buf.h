#ifndef BCF_BUF_H
#define BCF_BUF_H
/* A growable byte buffer, always NUL-terminated, in the spirit of git's strbuf. */
#include <stddef.h>

struct buf {
	char *s;	/* never NULL after buf_init; NUL-terminated */
	size_t len, cap;
};

/* An empty buffer; its memory is the buffer's own (malloc), freed by
 * buf_release or handed over by buf_detach.  Running out of memory aborts
 * (xoom). */
void buf_init(struct buf *b);
/* Free the contents; the buffer can be used again after buf_init. */
void buf_release(struct buf *b);
/* Empty it, keeping its memory for what comes next. */
void buf_reset(struct buf *b);
/* Keep only the first len bytes (no-op if there are not more). */
void buf_truncate(struct buf *b, size_t len);
/* Append len bytes of s; a C string; one character; printf's text. */
void buf_add(struct buf *b, const char *s, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s with &, <, >, " and ' escaped for HTML text and attributes. */
void buf_add_html(struct buf *b, const char *s, size_t len);
/* Append s as one CSV text field (RFC 4180 quoting when needed); text
 * starting with =, +, -, @, a tab or a carriage return is quoted with a
 * "'" in front, so spreadsheets show it as text rather than run it. */
void buf_add_csv(struct buf *b, const char *s, size_t len);
/* Hand the string to the caller (free() it); the buffer is left empty. */
char *buf_detach(struct buf *b, size_t *len);

#endif
