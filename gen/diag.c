#include "diag.h"
#include "buf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int n_errors, n_warnings, n_io, n_hidden, strict_mode;
static struct buf *capture;

/* Warnings of one kind (one message format) past the first few are counted,
 * not shown: 100,000 stray narrative files make three lines and a count. */
struct warning_kind {
	const char *fmt;
	int n;
	pid_t pid;		/* the process that counted them */
	int cut;		/* first was shortened */
	char first[100];	/* the first one's message, to name the kind */
};
#define DIAG_KINDS 64
static struct warning_kind kinds[DIAG_KINDS];
static int n_kinds;

void diag_init(int strict)
{
	n_errors = n_warnings = n_io = n_hidden = 0;
	n_kinds = 0;
	strict_mode = strict;
}

/* The kind of a warning by its format; NULL when the table is full, and
 * then the warning is shown. */
static struct warning_kind *warning_kind(const char *fmt)
{
	pid_t self = getpid();
	int i;

	for (i = 0; i < n_kinds; i++)
		if (kinds[i].fmt == fmt || !strcmp(kinds[i].fmt, fmt))
			break;
	if (i == n_kinds) {
		if (n_kinds == DIAG_KINDS)
			return NULL;
		n_kinds++;
		kinds[i].pid = 0;
	}
	if (kinds[i].pid != self) {
		/* new, or counted by the parent of this worker process, whose
		 * own diag_finish reports what it counted */
		memset(&kinds[i], 0, sizeof(kinds[i]));
		kinds[i].fmt = fmt;
		kinds[i].pid = self;
	}
	return &kinds[i];
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

/* Paths whose places are sheet cells (diag_sheet), the latest first. */
#define DIAG_SHEETS 256	/* workbooks in one data folder, more than enough */
static struct { char *path, *sheet; } sheets[DIAG_SHEETS];

/* A sheet's name as a formula writes it: 'Q1 figures'!C14, with quotes
 * (a quote doubled) unless it is all letters, digits and '_'; one line. */
static char *quote_sheet(const char *sheet)
{
	size_t i, n = 0, len = strlen(sheet);
	int plain = len > 0;
	char *out = malloc(2 * len + 3);

	if (!out)
		abort();
	for (i = 0; i < len; i++)
		if (!(isalnum((unsigned char)sheet[i]) || sheet[i] == '_' || (unsigned char)sheet[i] >= 0x80))
			plain = 0;
	if (!plain)
		out[n++] = '\'';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)sheet[i];
		out[n++] = c < 0x20 || c == 0x7f ? ' ' : (char)c;
		if (c == '\'')
			out[n++] = '\'';
	}
	if (!plain)
		out[n++] = '\'';
	out[n] = '\0';
	return out;
}

void diag_sheet(const char *path, const char *sheet)
{
	int i;
	for (i = 0; i < DIAG_SHEETS - 1 && sheets[i].path && strcmp(sheets[i].path, path); i++)
		;
	free(sheets[i].path);
	free(sheets[i].sheet);
	memmove(&sheets[1], &sheets[0], (size_t)i * sizeof(sheets[0]));
	sheets[0].path = strdup(path);
	sheets[0].sheet = quote_sheet(sheet);
	if (!sheets[0].path)
		abort();
}

/* path:line:col, or path:Sheet!C14 for a workbook's cell. */
static void place(struct buf *b, const char *path, int line, int col)
{
	int i;

	buf_adds(b, path);
	for (i = 0; i < DIAG_SHEETS && sheets[i].path; i++)
		if (!strcmp(sheets[i].path, path))
			break;
	if (i < DIAG_SHEETS && sheets[i].path && line > 0) {
		char letters[8];
		int n = sizeof(letters) - 1;
		letters[n] = '\0';
		while (col > 0 && n > 0) {
			letters[--n] = (char)('A' + (col - 1) % 26);
			col = (col - 1) / 26;
		}
		buf_printf(b, ":%s!%s%d", sheets[i].sheet, letters + n, line);
		return;
	}
	if (line > 0)
		buf_printf(b, ":%d", line);
	if (line > 0 && col > 0)
		buf_printf(b, ":%d", col);
}

static void vreport(enum diag_level level, const char *path, int line, int col,
		    const char *fmt, va_list ap)
{
	struct buf b;
	struct warning_kind *kind = NULL;

	if (level == DIAG_WARNING && strict_mode)
		level = DIAG_ERROR;
	if (level == DIAG_ERROR) {
		if (++n_errors > DIAG_MAX_SHOWN) {
			n_hidden++;
			return;
		}
	} else {
		n_warnings++;
		kind = warning_kind(fmt);
		if (kind && ++kind->n > DIAG_KIND_SHOWN)
			return;
	}
	buf_init(&b);
	if (path) {
		place(&b, path, line, col);
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
		if (kind && kind->n == 1) {
			size_t len = strlen(tmp);
			if (len >= sizeof(kind->first)) {
				/* shortened at a character boundary */
				len = sizeof(kind->first) - 1;
				while (len && ((unsigned char)tmp[len] & 0xC0) == 0x80)
					len--;
				kind->cut = 1;
			}
			memcpy(kind->first, tmp, len);
			kind->first[len] = '\0';
		}
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
	int i;

	for (i = 0; i < n_kinds; i++) {
		struct warning_kind *k = &kinds[i];
		struct buf b;
		int more = k->n - DIAG_KIND_SHOWN;

		if (more <= 0 || k->pid != getpid())
			continue;
		buf_init(&b);
		buf_printf(&b, "bcfgen: warning: ... and %d more like \"%s%s\"\n", more, k->first,
			   k->cut ? "..." : "");
		emit(b.s, b.len);
		buf_release(&b);
		k->n = DIAG_KIND_SHOWN;	/* said once */
	}
	if (n_hidden) {
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "bcfgen: error: %d more error%s not shown\n", n_hidden,
			   n_hidden == 1 ? "" : "s");
		emit(b.s, b.len);
		buf_release(&b);
	}
}

void diag_bug(const char *file, int line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	/* one line, written at once */
	n = snprintf(msg, sizeof(msg), "bcfgen: BUG at %s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof(msg) - 2)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	strcat(msg, "\n");
	fflush(stdout);
	fputs(msg, stderr);
	abort();
}
