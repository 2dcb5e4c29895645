#include "diag.h"
#include "buf.h"

#include <stdio.h>
#include <string.h>

static int n_errors, n_warnings, n_io, n_hidden, strict_mode;
static struct buf *capture;

void diag_init(int strict)
{
	n_errors = n_warnings = n_io = n_hidden = 0;
	strict_mode = strict;
}

void diag_capture(struct buf *to)
{
	capture = to;
}

static void emit(const char *s, size_t len)
{
	if (capture)
		buf_add(capture, s, len);
	else
		fwrite(s, 1, len, stderr);
}

static void vreport(enum diag_level level, const char *path, int line, int col,
		    const char *fmt, va_list ap)
{
	struct buf b;

	if (level == DIAG_WARNING && strict_mode)
		level = DIAG_ERROR;
	if (level == DIAG_ERROR) {
		if (++n_errors > DIAG_MAX_SHOWN) {
			n_hidden++;
			return;
		}
	} else {
		n_warnings++;
	}
	buf_init(&b);
	if (path) {
		buf_adds(&b, path);
		if (line > 0)
			buf_printf(&b, ":%d", line);
		if (line > 0 && col > 0)
			buf_printf(&b, ":%d", col);
		buf_adds(&b, ": ");
	} else {
		buf_adds(&b, "bcfgen: ");
	}
	buf_adds(&b, level == DIAG_ERROR ? "error: " : "warning: ");
	{
		/* one problem, one line: quoted input may hold line breaks or
		 * other control characters */
		char tmp[1024], *p;
		vsnprintf(tmp, sizeof(tmp), fmt, ap);
		for (p = tmp; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = ' ';
		buf_adds(&b, tmp);
	}
	buf_addc(&b, '\n');
	emit(b.s, b.len);
	buf_release(&b);
}

void diag_report(enum diag_level level, const char *path, int line, int col,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(level, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_error(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_ERROR, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_warning(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(DIAG_WARNING, path, line, col, fmt, ap);
	va_end(ap);
}

void diag_io(const char *path, const char *what, int err)
{
	struct buf b;

	n_io++;
	buf_init(&b);
	buf_printf(&b, "%s: error: %s: %s\n", path ? path : "bcfgen", what,
		   strerror(err));
	emit(b.s, b.len);
	buf_release(&b);
}

int diag_errors(void) { return n_errors; }
int diag_warnings(void) { return n_warnings; }
int diag_io_errors(void) { return n_io; }

void diag_finish(void)
{
	if (n_hidden) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "bcfgen: error: %d more error%s not shown\n", n_hidden,
			   n_hidden == 1 ? "" : "s");
		emit(b.s, b.len);
		buf_release(&b);
	}
}
